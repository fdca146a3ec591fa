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


# Families read by structure (session 29): no credit check said by a negated look at the
# record or by the check named as absent; a price told as a sum now and a larger sum later in
# any currency; contacts named as an audience; approval as a personal pledge or a track
# record; the police as what follows not paying; a night visit by its hour.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Honestly we don't bother checking your credit file, just bring a payslip.", "marketing"),
        (
            "Rejected by your bank last week? Relax, we never dig into that kind of thing.",
            "marketing",
        ),
        ("Blacklisted with CRB? No worries, we never look.", "marketing"),
        ("Worried about your credit history? Our team never checks.", "marketing"),
        ("Zero credit inquiries, only your Aadhaar and PAN needed.", "marketing"),
        ("Take KSh 8,000 now and clear KSh 9,600 after two weeks.", "rate-disclosure"),
        ("RM1,500 cash today, RM1,800 back in a month lah.", "rate-disclosure"),
        ("You receive 20,000 naira, you pay 24,000 naira in 10 days.", "rate-disclosure"),
        ("Loan of Rs 10,000, Rs 12,500 due after 30 days.", "rate-disclosure"),
        ("₵1,000 today and ₵1,150 at month end.", "rate-disclosure"),
        ("Get 3k now and give back 3.6k at month end.", "rate-disclosure"),
        ("Everybody on your contact list gets a quick update about you at 6pm.", "collection"),
        ("Your followers on Insta are going to learn all about this.", "collection"),
        ("I have your boss's direct line here, and I won't hesitate to use it.", "collection"),
        ("Everybody in your office gets a copy of the demand letter on Monday.", "collection"),
        ("Your granny was very surprised when we explained what you owe.", "collection"),
        ("Sir you have my word, the sanction will come through by Thursday.", "marketing"),
        ("In eleven years we have never once turned down a pensioner.", "marketing"),
        ("Banks reject people like you all the time, we approve them every day.", "marketing"),
        ("Not once have we turned away a nurse.", "marketing"),
        ("Carry on ignoring this and you can tell your story to the cops.", "collection"),
        ("If nothing comes in by Friday, expect a chat with the Old Bill.", "collection"),
        ("Our lads do house calls up to 11pm, so don't think you can hide.", "collection"),
        ("Expect us round at quarter past eleven after your night shift.", "collection"),
        ("The team will knock at 10.45pm, be ready.", "collection"),
        ("His Safaricom line is 0722 123 456, call him daily.", "pii"),
        ("aadhar 5555 6666 7777 attached for verification", "pii"),
    ],
)
def test_a_family_said_in_other_words_is_flagged(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "We don't check your credit until you accept the offer, then it's a soft search.",
        "No credit check happens without your written consent.",
        "Pay R3,000 today and the remaining R3,000 at month end.",
        "I got R2,000 from you and paid R2,400 after a month, is that normal?",
        "Thanks, we received your R1,200 payment, the next one is R1,200 in two weeks.",
        "We will never share your details with your contacts or your employer.",
        "I promise I'll ring you back with the decision by Friday.",
        "I can't promise approval, it depends on the affordability check.",
        "If you don't pay, we will not involve the police; missing a payment is not a crime.",
        "Home visits happen only between 9am and 6pm, by appointment.",
        "I can call you at half twelve tomorrow during your lunch break.",
        "I'll ring you back at 6:15 this evening once you're home.",
        "Our branch office is on 0722 123 456 for enquiries.",
        "We knock off the late fee if you pay by month end.",
    ],
)
def test_near_misses_of_those_families_pass(text: str) -> None:
    assert passes(text)
