"""Fen in the store, yuan strings on the wire (loancs/core/money.py)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from loancs.core.money import fen, yuan, yuan_amount


@given(st.decimals(min_value=0, max_value=10**12, places=2))
def test_an_amount_survives_the_store(amount: Decimal) -> None:
    stored = fen(amount)
    assert isinstance(stored, int)
    assert yuan(stored) == f"{amount:.2f}"
    assert yuan_amount(stored) == amount


def test_none_stays_none_and_strings_have_two_places() -> None:
    assert fen(None) is None and yuan(None) is None and yuan_amount(None) is None
    assert yuan(80_000_000) == "800000.00" and yuan(5) == "0.05"
