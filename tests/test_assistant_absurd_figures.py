"""A borrower's absurd figure gets an answer, not a crash. The one-off-fee reader (589d1783) worked
out "0% interest plus a one-time 6% fee on 9999999999999999999999999999999999999999 over 3 months"
and its 40-digit principal overflowed the decimal context (decimal.InvalidOperation): `loancs ask`
died and the server's assistant had no answer for that visitor. Found by the lead's grid of 4,410
borrower texts with absurd figures (session 33); a sum above the finance engine's 1e12 is a typo,
not a loan, and is not worked out."""

from __future__ import annotations

import pytest

from loancs.assistant_files import build_assistant
from loancs.core.assistant.answer import Context

BIG = "9" * 40


@pytest.fixture(scope="module")
def assistant():
    return build_assistant()


@pytest.mark.parametrize(
    "text",
    [
        f"0% interest plus a one-time 6% fee on {BIG} over 3 months, real APR?",
        f"0% interest plus a one-time 1e30% fee on {BIG} over -3 months, real APR?",
        f"零利息，一次性收6%手续费，借{BIG}元分12期，年化多少",
    ],
)
def test_an_absurd_sum_with_a_fee_is_answered(assistant, text: str) -> None:
    reply = assistant.respond(text, Context(now_ms=1764756000000, channel="chat", lang=None))
    shown = reply.to_json()
    assert shown["answer"]
    assert BIG not in shown["answer"]  # no figure worked out from the typo


def test_an_ordinary_fee_is_still_worked_out(assistant) -> None:
    text = "0% interest but there's a 5% setup fee on 2,400 over 12 months, what's the real APR?"
    shown = assistant.respond(
        text, Context(now_ms=1764756000000, channel="chat", lang=None)
    ).to_json()
    assert "9.1%" in shown["answer"]
