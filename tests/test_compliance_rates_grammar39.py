"""The session-39 constructions of the rate grammar (tests/rate_grammar.py ``cases39``): 成 / 个点 as a
period's rate (按一成的利走, 一个月也就三个点, 收半成的息), spans said by 每隔 / 每满 / 为一期 / N天后,
毛 / 角 per hundred or thousand a day, English fractions ("a twentieth of the amount you borrow",
"seven hundredths of one percent a day"), pay cycles ("2.5% per pay cycle", "each fortnightly payday",
每次发工资那天), pence / paise / sen / kobo per hundred, spans of N days ("per 28 days", "Fourteen days,
5%") and totals returned after a span. Each generated quote is flagged, read with the finance
engine's APR (within 5% or one point), and passes with that APR stated (the checks of
test_compliance_rates_grammar.py).

The counts are a ratchet (492a1db0 passed 62 of 173 lines; the counts below when written)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.compliance_asserts import RULES
from tests.rate_grammar import cases39
from tests.test_compliance_rates_grammar import (
    _flagged,
    _read_apr,
    assert_counts_do_not_fall,
)

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "coin"): 6,
    ("en", "fraction"): 9,
    ("en", "payday"): 30,
    ("en", "span"): 28,
    ("hant", "coin"): 8,
    ("hant", "share"): 11,
    ("hant", "span"): 31,
    ("zh", "coin"): 8,
    ("zh", "share"): 11,
    ("zh", "span"): 31,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_grammar39_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases39(), FLOOR)


@pytest.mark.parametrize(
    "text, apr",
    [
        ("这单给你按一成的利走，一个月一结。", Decimal("120")),
        ("借款按月收三个点的息，随借随还。", Decimal("36")),
        ("每满三十天，按借款的百分之三收取利息。", Decimal("36.5")),
        ("每隔十天收一次息，一万块收一百五。", Decimal("54.75")),
        ("这单按一分六厘走，每月结清利息。", Decimal("19.2")),
        ("借两万用一个月，月底还的时候多还两成就行。", Decimal("240")),
        ("每次发工资那天还利息，一次是借款的百分之五。", Decimal("60")),
        ("The loan costs 2.5% per pay cycle until it's cleared.", Decimal("30")),
        ("Each fortnightly payday we add 3% to what you owe.", Decimal("78.21")),
        ("Interest is a twentieth of the amount you borrow, every month.", Decimal("60")),
        ("The loan costs six hundredths of a percent per day.", Decimal("21.9")),
        ("It's 5p in every pound, every single week.", Decimal("260.71")),
        ("Borrow ₹20,000 and pay 30 paise per hundred rupees every day.", Decimal("109.5")),
        ("Fourteen days, 5%, that's our rate.", Decimal("130.36")),
        ("Two weeks after we send you ₦40,000, you send back ₦44,800.", Decimal("312.86")),
    ],
)
def test_new_forms_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        # near-misses of the new forms, advice after a quote, a stated APR over a fee with no term
        "一成的首付就能提车，贷款部分年化利率6.5%。",
        "这只基金近三个月涨了两成。",
        "Your mortgage payment drops by a tenth after the rate cut.",
        "Staff are paid every payday, which is the last Friday of the month.",
        "Fuel prices climbed half a percent a week through June.",
        "Half a percent a month sounds small, but check the APR before you sign anything.",
        "月息一分五看着不多，但一定要算清年化再借。",
        "The fee is ₦5 per ₦100 each month, an APR of 60% (79.6% effective).",
        "每隔十天收一次息，每次是本金的1%，年化利率36.5%。",
    ],
)
def test_lawful_lines_pass(rules, text):
    assert not _flagged(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        # the same shapes still warn where the lender prices without an APR
        "2% a month, so check it out today!",
        "A fee of 5% a month over 12 months, an APR of 60%.",
        "The price is 4% per pay period, taken automatically.",
    ],
)
def test_quotes_still_warn(rules, text):
    assert _flagged(rules, text)
