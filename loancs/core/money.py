"""Money as the store keeps it (integer fen) and as the protocol shows it (decimal yuan
strings). Pure."""

from __future__ import annotations

from decimal import Decimal
from typing import overload


@overload
def fen(amount: Decimal) -> int: ...
@overload
def fen(amount: None) -> None: ...
def fen(amount: Decimal | None) -> int | None:
    """Yuan -> whole fen, half-even as Decimal rounds (amounts carry at most 2 decimals)."""
    return None if amount is None else int((amount * 100).to_integral_value())


@overload
def yuan(amount_fen: int) -> str: ...
@overload
def yuan(amount_fen: None) -> None: ...
def yuan(amount_fen: int | None) -> str | None:
    """Fen -> the protocol's decimal string with two places: 80000000 -> "800000.00"."""
    return None if amount_fen is None else f"{yuan_amount(amount_fen):.2f}"


@overload
def yuan_amount(amount_fen: int) -> Decimal: ...
@overload
def yuan_amount(amount_fen: None) -> None: ...
def yuan_amount(amount_fen: int | None) -> Decimal | None:
    """Fen -> yuan as a Decimal (what routing and reports compute with)."""
    return None if amount_fen is None else Decimal(amount_fen) / 100
