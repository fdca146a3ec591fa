"""Session 26 (helper english, probe27e*): English families closed on fresh wording.

Variants of each family, not the probe lines themselves."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


def _passes(text: str) -> bool:
    return RULES.check(text).verdict == "ok"


# probe27e1: approval promised by a refusal idiom, a life test, or "everyone gets the money".
@pytest.mark.parametrize(
    "text",
    [
        "Rejected? Not on my shift, pal.",
        "Denials? Not on my watch.",
        "Declines? We don't do those.",
        "If you can fog a mirror, you're approved.",
        "Still breathing? Then you're in.",
        "u cant get rejected here, trust",
        "Nobody ever walks away without the cash.",
        "Everybody gets the cash, every time.",
    ],
)
def test_session26_e1_approval_promised(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


# probe27e1: a phone number as the only threshold.
@pytest.mark.parametrize(
    "text",
    [
        "Just your phone number gets you 2k today.",
        "All we need is your mobile number and you're in.",
    ],
)
def test_session26_e1_phone_number_threshold(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


# probe27e1: collection: emergency contacts used, borrowing from another lender or app.
@pytest.mark.parametrize(
    "text",
    [
        "We have all your emergency contacts and we'll ring every one of them.",
        "Flip a loan from some other app and clear us today.",
        "Roll it with another provider, just get us our money.",
        "Top up elsewhere if you must.",
    ],
)
def test_session26_e1_collection(text: str) -> None:
    assert _flags(text, "collection"), RULES.check(text).to_dict()


# probe27e1: clean near-misses: an outcome said to be open, more than a phone number needed.
@pytest.mark.parametrize(
    "text",
    [
        "You'll get a decision within the hour, but not everyone is approved.",
        "Nobody walks away without a decision: approved or not, we call you the same day.",
        "Everyone gets the money within a day of approval.",
        "We will need more than just your phone number to process a loan.",
        "Not everyone gets the money.",
        "Log in with just your phone number.",
        "Nobody leaves without an answer.",
    ],
)
def test_session26_e1_clean_near_misses_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


# probe27e2 / probe27a1: approval said unthinkable to refuse, a life of its own, Indian English "sanction".
@pytest.mark.parametrize(
    "text",
    [
        "Turn you down? We wouldn't dream of it.",
        "No matter how bad it looks, you'll leave approved.",
        "Your loan sanction is guaranteed, just send documents.",
        "If you've got a smartphone and a bank card, you're in.",
    ],
)
def test_session26_e2_approval_and_threshold(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


def test_session26_e2_credit_not_looked_at() -> None:
    text = "Bad credit? We won't even look."
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


def test_session26_e2_card_room_used_to_pay() -> None:
    text = "There's room on your credit card, use it to clear us."
    assert _flags(text, "collection"), RULES.check(text).to_dict()


# probe27e2 and older tuned lines: news, reports, denials of saying, advice and the asker's own
# refusals pass.
@pytest.mark.parametrize(
    "text",
    [
        "The court heard that agents told borrowers approval was guaranteed.",
        "A lender offering guaranteed approval is in breach of the rules.",
        "We never tell students to keep a loan from their parents.",
        "We never claim that approval is a sure thing.",
        "You don't need to take out another loan to pay us; call us about a plan.",
        "Can you guarantee I'll be approved? I've been declined twice already.",
        "Is 3% a month the interest or a fee?",
        "Watchdog: firm fined after staff posted debtors' names online.",
    ],
)
def test_session26_e2_clean_shapes_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


# probe27a2: slang for arrest and police, a gym's front desk, a doorstep visit at night, a rate
# in Indian English ("3 pc pm"), a file that never bounced.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Keep dodging and you'll get banged up for it.", "collection"),
        ("The feds will be round your place by Monday, I've already called them.", "collection"),
        ("We have your gym's number, the front desk can pass on a message.", "collection"),
        ("Field visit at 4am tomorrow, be home.", "collection"),
        ("Doorstep visit this evening at 11.", "collection"),
        ("Rate of interest only 2.5 pc pm.", "rate-disclosure"),
        ("Honestly, I've never had one application bounce.", "marketing"),
    ],
)
def test_session26_a2_families(text: str, category: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "they rang me at midnight saying the police r on the way, is that even legal??",
        "Our adviser can do a home visit tonight at 7pm if that suits.",
        "We'll call you tonight at 8 to talk it through.",
        "Rate 2%, pm me for details on the APR.",
    ],
)
def test_session26_a2_clean_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


# probe27e3: a zero refusal rate, refusals left to others, a phone as the only threshold, credit
# dismissed, a student card as a ticket, another app "whatever it takes", slang, a visit at 1am.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Rejection rate? Basically zero.", "marketing"),
        ("Declines are for the banks, not us.", "marketing"),
        ("Every last customer got the money, no exceptions.", "marketing"),
        ("Got a smartphone? Then you've got the cash.", "marketing"),
        ("Mobile number, that's all it takes.", "marketing"),
        ("Credit score? We couldn't care less.", "marketing"),
        ("Old defaults are invisible to us.", "marketing"),
        ("Flash your student ID and walk out with 300 quid.", "marketing"),
        ("Get a loan from another app and send it straight to us, I don't care how.", "collection"),
        ("Keep this up and you'll get nicked.", "collection"),
        ("The boys will be round tonight at 2.", "collection"),
    ],
)
def test_session26_e3_families(text: str, category: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "The agent told me nobody gets declined, then turned me down.",
        "Never threaten a borrower with jail or arrest.",
        "Lenders that tell students to hide loans from parents are under investigation.",
        "I'll pop round tonight at 7 with the paperwork you asked for.",
    ],
)
def test_session26_e3_clean_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


# probe27a3: Singlish IC as the only paper, a forfeit as proof, picked up at work, "we're square".
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("No need payslip, just show your NRIC can already.", "marketing"),
        ("Approved or we'll give you £100, that's how confident we are.", "marketing"),
        ("Keep ignoring us and you'll be picked up by the police.", "collection"),
        ("Put it on a cash advance and we're even.", "collection"),
    ],
)
def test_session26_a3_families(text: str, category: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "That zero interest deal you saw online usually has fees; always compare the APR.",
        "You'll be picked up from the airport by our driver.",
        "Please bring your IC to the branch to collect your card.",
    ],
)
def test_session26_a3_clean_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()
