"""Session 43's English model (retrained on the s43 development data with paraphrases): what it
catches that the rules and the model before it let through, in wording written for this test by
the model helper (not from any labelled tsv, not from another test), and plain service replies
of the same families that must still pass."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES, passes


@pytest.mark.parametrize(
    "text",
    [
        # approval promised as a certainty, then a plan made on it (s42's model: both passed)
        "No need to sweat the outcome, these always go through, just pick your travel dates.",
        "Trust me on this one, you'll have it by Tuesday, so plan the trip.",
    ],
)
def test_the_english_model_reads_a_promise_made_through_a_plan(text: str) -> None:
    result = RULES.check(text)
    assert any(h.rule == "model.approval-guarantee" for h in result.hits), result.to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Your application is with the underwriter; we'll let you know the outcome by Friday.",
        "Please don't book anything until you have the signed agreement and the money has arrived.",
        "The decision hasn't been made yet, so please don't make plans around the money.",
        "We run a full credit check on every application, including yours.",
        "Your son's school savings plan is separate from the loan; happy to explain both.",
    ],
)
def test_the_same_families_said_lawfully_pass(text: str) -> None:
    assert passes(text), RULES.check(text).to_dict()
