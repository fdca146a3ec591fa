"""The session-37 constructions of the rate grammar (tests/rate_grammar.py ``cases37``): English
payment schedules in any order ("Borrow £1,000, pay £96 a month for 12 months", "it's £96 every
month for the next twelve"), English rates a period said with a verb or counted months, Chinese
sums handed over with no 借 and 万 interest. Each generated quote is flagged, read with the
finance engine's APR (within 5% or one point), and passes with that APR stated (the checks of
test_compliance_rates_grammar.py).

The counts are a ratchet (fail on f8eb72d4: 189 of 392 lines passed there; 392 when written)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.compliance_asserts import RULES
from tests.rate_grammar import cases37
from tests.test_compliance_rates_grammar import (
    _flagged,
    _read_apr,
    assert_counts_do_not_fall,
)

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "period"): 108,
    ("en", "schedule"): 162,
    ("hant", "handed"): 61,
    ("zh", "handed"): 61,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_grammar37_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases37(), FLOOR)


@pytest.mark.parametrize(
    "text, apr",
    [
        # an instalment counted over a term is the schedule's IRR, not interest a period
        ("Borrow £1,000, pay £96 a month for 12 months.", Decimal("26.96")),
        ("Grab $1,000 now; it's $96 every month for the next twelve.", Decimal("26.96")),
        ("Borrow £50, pay £5 a week for 12 weeks.", Decimal("152.42")),
        ("Loan amount ₹25,000 — EMI ₹2,400 for 12 months.", Decimal("26.96")),
        ("RM550 a month for 12 months on a RM5,000 loan.", Decimal("54.64")),
        ("Cash in hand today: £300. After that, £40 every week for ten weeks.", Decimal("288.23")),
        ("We lend you $2,500 and take $175 a month for eighteen months.", Decimal("30.66")),
    ],
)
def test_schedules_are_read_with_their_irr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        "Borrow £1,000, pay £96 a month for 12 months; representative APR 26.96%.",
        "A £1,000 loan repaid at £96 a month for 12 months has an APR of 26.9%.",
    ],
)
def test_schedules_with_their_apr_pass(rules, text):
    assert not _flagged(rules, text)


@pytest.mark.parametrize(
    "text, apr",
    [
        # a rate a period said with the lender's verb, or beyond a keyword's reach of its period
        ("We charge 2.5% a month on the loan.", Decimal("30")),
        ("We add 2% to your balance every week.", Decimal("104.29")),
        ("We add 3% to what you owe each month.", Decimal("36")),
        ("It's 3% every three months on whatever you borrow.", Decimal("12")),
        ("Borrowing costs 3% every two months.", Decimal("18")),
        ("Interest is a quarter of a percent daily.", Decimal("91.25")),
        ("Interest is 0.05% daily.", Decimal("18.25")),
        # sums put in the borrower's hands, 万 interest, interest settled then its sum
        ("五万放你那儿用，每月交一千五百的利钱。", Decimal("36")),
        ("给你拿八万，整整一年利息只收七千二。", Decimal("9")),
        ("借20万，一整年下来利息才1.6万。", Decimal("8")),
        ("十五万放你手里，每季度结一次息，四千五。", Decimal("12")),
        ("五万打到你卡上，每个月给一千五百利息就行。", Decimal("36")),
        # the total interest over the term, not interest a period
        ("借1万元分12期，每期还款约891元，总利息约696元。", Decimal("12.61")),
    ],
)
def test_period_and_handed_forms_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        # the lead's s36 reply: 12.6% a year, equal instalments of 891.30, interest 695.57
        "年化利率（单利）是12.6%，借1万元分12期，每期还款约891元，总利息约696元",
        # author's s36 first-sight English false alarm (an Australian comparison-rate example)
        "Borrow AU$2,000 over 12 months at 21% p.a., comparison rate 21%: $186.23 a month, "
        "$2,234.73 in total.",
        "Watch out for lenders who quote only a weekly rate like 2% and never mention the APR.",
        "We charge 2.5% a month on the loan; representative APR 30%.",
        "Your loan balance is £2,000; we never add fees to your balance.",
    ],
)
def test_lawful_rate_lines_pass(rules, text):
    assert not _flagged(rules, text)


def test_charge_with_flat_stays_a_fee():
    from loancs.core.compliance.rates import read_rates

    assert [q.kind for q in read_rates("we charge one and a half points monthly, flat")] == [
        "flat_monthly"
    ]
