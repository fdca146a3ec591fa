"""An agent's apology is not a menace (session 37, the lead): the English reader's open-menace frame
read "sorry" / "regret" as the adverse state of "you'll be sorry", so everyday service replies
("I'm sorry to hear that, let's look at your loan together") were blocked as collection threats."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES

APOLOGIES = [
    "I'm sorry to hear that, let's look at your loan together.",
    "We're really sorry about the mix-up with your repayment date.",
    "I’m sorry the collector mentioned your children; that's against our rules and he's been removed from your account.",
    "I'm so sorry, your loan payment didn't go through today.",
    "We are truly sorry: the loan repayment was taken twice, and the refund is on its way.",
]

MENACES = [
    "Pay by Friday or you'll be sorry.",
    "Keep dodging us about the loan and you'll be very sorry.",
    "You'll be sorry if you don't pay the loan by Friday.",
    "Clear the loan by Monday or you will regret it.",
]


def test_an_agents_apology_about_a_loan_passes() -> None:
    blocked = [t for t in APOLOGIES if RULES.check(t, lang="en").verdict != "ok"]
    assert blocked == []


@pytest.mark.parametrize("text", MENACES)
def test_you_will_be_sorry_is_still_a_threat(text: str) -> None:
    hits = RULES.check(text, lang="en").hits
    assert any(h.category == "collection" and h.severity == "block" for h in hits), hits
