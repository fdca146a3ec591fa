"""English rule families of session 29 (helper english): who asks. A tag after a claim or an
opening question the speaker answers asks nothing; a question followed by the asker's own
record, or a check of what someone else said ("X said ..., is that true?"), is asked."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import flags, passes


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Low credit score? Not a problem at all, we fund almost everyone.", "marketing"),
        ("Money in your account within the hour, no checks, alright?", "marketing"),
        ("Turned down everywhere else? It doesn't matter here, not even a little.", "marketing"),
    ],
)
def test_a_claim_with_a_question_around_it_is_still_made(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "My colleague said you approve everyone without checks, is that legit?",
        "Can I still get a loan with defaults? I missed a few payments last year.",
        "Your ad says guaranteed approval, does that apply to self-employed people too?",
        "Eh bro, the agent say confirm approve one, is it real or not ah?",
        "Saw a reel saying you lot never look at credit, true or nah?",
    ],
)
def test_the_borrower_checking_what_they_heard_or_telling_their_own_story_passes(
    text: str,
) -> None:
    assert passes(text)
