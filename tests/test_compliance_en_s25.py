"""Session 25 (helper english, probe26e*): English families closed on fresh wording.

Variants of each family, not the probe lines themselves."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


# probe26e1: refusal idioms ("knocked back"), yes as the only answer, no rejections at all.
@pytest.mark.parametrize(
    "text",
    [
        "Honestly I've never seen anyone get knocked back with us.",
        "Not a single customer who applied this year has been refused.",
        "You will not get knocked back, trust me.",
        "Yes is the only answer we give round here.",
        "There's only one answer for you and it's yes.",
        "We don't do refusals, full stop.",
        "Knock-backs? Never heard of them.",
        "you apply, you get paid. easy",
    ],
)
def test_session25_e1_approval_promised_by_refusal_idioms(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


# probe26e1: the credit record dismissed ("won't come into it", "means nothing to us").
@pytest.mark.parametrize(
    "text",
    [
        "Your score won't come into it at all.",
        "Low score? Doesn't matter one bit.",
        "Your credit history has no bearing on the decision.",
        "A poor credit score means nothing to us.",
        "We look right past your credit score.",
    ],
)
def test_session25_e1_credit_record_dismissed(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


# probe26e1: borrowing elsewhere with no repayment word, lending asked of someone else, onlookers.
@pytest.mark.parametrize(
    "text",
    [
        "Get a title loan if you must.",
        "Sell your phone if need be.",
        "Hock your watch and bring us the money.",
        "Ask your cousin to spot you.",
        "Just stick it on a credit card.",
        "Picture the neighbours watching us knock on your door.",
    ],
)
def test_session25_e1_collection_families(text: str) -> None:
    assert _flags(text, "collection"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "This soft search won't affect your credit score.",
        "We can't promise you won't be refused.",
        "We will not suggest borrowing from friends to repay us.",
        "Can I put it on my credit card?",
        "I just want my money back, you charged me twice.",
        "Does my credit score matter?",
    ],
)
def test_session25_e1_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# probe26e1: a dear short loan as two sums ("pay back £650" on £500), sums added with "plus",
# a payday loan's term said as "next payday".
@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("Borrow £400 and pay back £520 at the end of the month.", "360.00"),
        (
            "Borrow three grand, pay back three grand plus four hundred quid in four weeks.",
            "173.81",
        ),
        ("A $100 loan costs $20, paid back on your next payday.", "521.43"),
    ],
)
def test_session25_e1_sums_lent_and_repaid_are_a_rate(text: str, apr: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and f"APR is about {apr}%" in hits[0].suggestion, RULES.check(text).to_dict()


def test_session25_e1_chinese_sums_keep_their_fifth() -> None:
    # 借一万，下周还一万五: since session 35 (rates 438afd3b) a sum lent then a larger sum repaid
    # after a short term is the loan's price (借一千，一周后还一千三); 一万五 is read whole
    # (15,000: half again in a week, 2607.14% a year), never as 一万 and a stray 五
    hits = [h for h in RULES.check("借一万，下周还一万五").hits if h.category == "rate-disclosure"]
    assert hits and "2607.14%" in hits[0].suggestion, [h.suggestion for h in hits]


# probe26e2: double negatives, every application counted as approved, "not happening",
# a blacklist, lending regardless, borrowing from a pension.
@pytest.mark.parametrize(
    "text",
    [
        "We ain't never turned nobody down, fam.",
        "Of 300 applications this year, we approved every one of them.",
        "Rejected? Not gonna happen with us.",
        "On a blacklist? We lend regardless.",
    ],
)
def test_session25_e2_marketing_families(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Cash out your pension pot if you have to.",
        "Borrow 2k and give us back 2.4k in a month.",
    ],
)
def test_session25_e2_collection_and_rate_families(text: str) -> None:
    assert RULES.check(text).verdict != "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "No one should be refused without being told why.",
        "We've paused your account; no interest or fees will be added while you get advice.",
    ],
)
def test_session25_e2_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# probe26e3: approval rate said as a hundred percent, "find a way to say yes", Singapore English
# certainty; referees and team leaders, a congregation told, the sheriff, children seeing an arrest,
# someone else told to pay, other lenders pointed to.
@pytest.mark.parametrize(
    "text",
    [
        "Our approval rate? A hundred per cent, no joke.",
        "No matter your past, we will find a way to get you approved.",
        "Don't worry, confirm can approve one.",
    ],
)
def test_session25_e3_marketing_families(text: str) -> None:
    assert _flags(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Your referees will start getting calls from us on Monday.",
        "Your line manager gets a full report if you miss Friday.",
        "We'll let your whole church know about this debt.",
        "The sheriff's office is already involved in your case.",
        "Imagine your children watching you being led away in handcuffs.",
        "Your dad's retired with savings, right? Get him to cover it.",
        "Loads of lenders will give you cash today, sort it out.",
    ],
)
def test_session25_e3_collection_families(text: str) -> None:
    assert _flags(text, "collection"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Is it true you approve everybody, or is that marketing?",
        "Everyone who applies gets an answer, but not everyone is approved.",
        "It's never a good idea to borrow from a loan app to pay us.",
        "No one could explain why I was turned down.",
        "If you feel unsafe, get the police involved.",
    ],
)
def test_session25_e3_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
