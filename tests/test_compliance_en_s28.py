"""Session 28 (helper english): readers of structure rather than terms. An English instalment
schedule (a sum lent, a count of payments, the sum of each) is a price: its IRR is the rate and
it needs an APR; a schedule that states its APR, a representative example that also gives its
total repayable, and an existing balance split into instalments at no cost pass. Variants written
in other words than probe29e1 and author's probe29a1."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES
from tests.compliance_asserts import flags as _flags
from tests.compliance_asserts import passes as _passes


@pytest.mark.parametrize(
    "text",
    [
        "Get 750 bucks in your account today, then it's just ten payments of $95 every other week.",
        "Instant cash 1,500 dollars, repay 3 x $600 monthly.",
        "Borrow £1,000 today and clear it in twelve monthly repayments of £120.",
        "$400 advance, paid back at $120 per fortnight over four fortnights",
        "u can have £300 and pay us back £45 weekly for 8 weeks",
    ],
)
def test_a_schedule_of_sums_is_a_rate_quote(text: str) -> None:
    assert _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


def test_the_schedule_suggestion_gives_its_apr() -> None:
    hits = RULES.check("Need 2500? Repay in 6 monthly instalments of £520. Apply now!").hits
    assert any("APR is about 80" in (h.suggestion or "") for h in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "Borrow £1,000 over 12 months, 12 monthly repayments of £92.54, representative APR 21.7%.",
        "Representative 19.9% APR. Borrow £5,000 over 36 months at £181.48 a month, "
        "total repayable £6,533.28.",
        "You have 4 payments of £75 left on your agreement; the next is due Friday.",
        "We've split your arrears of $300 into 3 payments of $100, no extra charge.",
        "Your direct debit of £58 a week will continue until the loan is repaid.",
    ],
)
def test_a_schedule_with_its_apr_or_at_no_cost_passes(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("rate-disclosure", "Take $800 today, we debit $95 every Friday for 10 weeks."),
        ("rate-disclosure", "We only charge 5p a week for each pound borrowed."),
        ("rate-disclosure", "it's 2 cents a day on every dollar, super cheap"),
        ("rate-disclosure", "Interest? Just 3 points monthly on whatever you take."),
        ("rate-disclosure", "Home improvement loan, 4.99% flat per annum, up to 5 years."),
        ("rate-disclosure", "Our flat rate of 9% a year is the best in town."),
        ("collection", "My colleague will phone you at 10.45 tonight, be ready."),
        ("collection", "We'll try your number again at quarter past six in the morning."),
        ("collection", "expect us to ring at half twelve tonight"),
        ("collection", "The robot dialler will keep calling you overnight."),
        ("collection", "Each and every person stored in your cell will know you're a deadbeat."),
    ],
)
def test_points_pence_flat_rates_and_clock_times_are_read(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Members earn 5 points a month for every on-time payment.",
        "Base rate was cut by 0.25 points this morning.",
        "The app shows 5p per pound of cashback on groceries.",
        "We'll call you at 10.45 tomorrow morning.",
        "Our office closes at half five, call before then.",
        "Representative APR 12.9%, equivalent to a flat rate of 6.7% per annum.",
        "Repayments are collected every Friday by direct debit.",
        "We'll call about your £23.50 balance tomorrow.",
        "Overnight transfers reach most banks by the next morning.",
        "Would it be ok if I take a loan from my credit union to settle this?",
        "My neighbour keeps saying I'll be arrested for this debt, is that even true?",
        "Watchdog bans lender that threatened customers with prison.",
    ],
)
def test_their_clean_neighbours_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Get a $2,000 cash advance, repaid in 8 instalments of $310.",
        "Take £500 now, £600 back by the end of the month.",
        "$300 today and $360 back in two weeks, simple.",
    ],
)
def test_sums_lent_and_owed_back_are_a_price(text: str) -> None:
    assert _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "My friend got a text from your agent saying they'd visit at midnight, "
        "who do I report this to?",
        "We've never refused anyone a payment holiday when they needed one.",
        "Refund of $50 back in 5 working days to your card.",
        "Borrowed $500, they want $575 back next payday. Is that even legal??",
    ],
)
def test_a_borrower_s_story_and_forbearance_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("marketing", "The only thing standing between you and that cash is pressing send."),
        ("marketing", "Defaults and CCJs? We've approved worse this morning."),
        ("marketing", "CTOS also never mind lah, we are not bank one"),
        (
            "rate-disclosure",
            "Zero interest! Only a $12 monthly subscription while the balance is open.",
        ),
        ("collection", "Next step is a letter to every house on your street about this debt."),
    ],
)
def test_the_last_step_bad_credit_outdone_and_a_street_notice(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Missed payments? No problem, call us and we'll set up a plan.",
        "We're not a bank, we're a licensed moneylender; every application gets a credit check.",
        "0% interest for 12 months, no monthly fees, APR 0%.",
        "Zero interest, 1.5% monthly service fee, APR 31.7% (IRR).",
    ],
)
def test_forbearance_and_disclosed_offers_pass(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()
