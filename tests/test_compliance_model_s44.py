"""Session 44's English model: lawful descriptions of a credit check that must pass (written by
the model helper for its easy-credit retrain, 83671483; that class was restored to 95e07eae's by
the lead because it warned on pinned clean lines of test_compliance_advance_fee_agent and
test_compliance_en_s41), and the approval-guarantee / student-lure classes retrained on session
44's data (a28faedf)."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES, passes


@pytest.mark.parametrize(
    "text",
    [
        "Your score is one part of the picture; our underwriters also look at your income and outgoings.",
        "Having missed a payment two years ago won't automatically rule you out, but we will see it on your report.",
        "People with low scores do sometimes get approved, after a full affordability assessment.",
        "A bankruptcy on your file usually means we can't offer this product, sorry.",
        "Your credit report showed two late payments, so the offer is for a smaller amount than you asked.",
    ],
)
def test_credit_checks_described_lawfully_pass(text: str) -> None:
    assert passes(text), RULES.check(text).to_dict()


# The approval-guarantee / student-lure classes retrained on session 44's data (the clean
# approval-STATUS replies of probe45c1 / probe45p1 in it, paraphrased too): a promise made
# through a plan, in the model helper's words (nearest development row 0.19 / 0.14)
@pytest.mark.parametrize(
    "text",
    [
        "You can tell the dealer to get the car ready, I've seen how these files go.",
        "Pick out the crib and the pram, the bank side is all handled.",
    ],
)
def test_the_english_model_reads_a_promise_made_through_a_plan(text: str) -> None:
    result = RULES.check(text)
    assert any(h.rule == "model.approval-guarantee" for h in result.hits), result.to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Your application cleared review this afternoon; the signed contract is the last step before payout.",
        "Quick update: underwriting approved your request for a higher limit, it's live in your account now.",
        "The committee approved your business line of credit at £12,000; your relationship manager will call to walk through the terms.",
        "Your loan went through and we've scheduled the payout for Friday morning.",
        "Decision's in: approved. Log in to accept the offer and pick your repayment date.",
        "I can confirm your instalment plan was approved and the first payment is due on the 5th.",
        "Hello Tomasz, the lender accepted your bridging loan request; the valuation report is attached for your records.",
    ],
)
def test_approval_status_replies_pass(text: str) -> None:
    assert passes(text), RULES.check(text).to_dict()
