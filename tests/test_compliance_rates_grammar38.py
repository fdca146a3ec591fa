"""The session-38 constructions of the rate grammar (tests/rate_grammar.py ``cases38``): 分 / 厘 as
a month's rate in any position (按月息两分走, 给你一分二的利), money per hundred / thousand / ten
thousand per period (每百元每月利息一块八), spans the keywords do not name (每三十天, 每半年结一次息,
一季度, 两个礼拜结一次息; "every 30 days", "every sixty days", "every single month", "per calendar
month", "per mensem", "p.m.", "a quarterly fee of 4%", "9% for the whole 90 days") and money per sum
borrowed in any currency. Each generated quote is flagged, read with the finance engine's APR (within
5% or one point), and passes with that APR stated (the checks of test_compliance_rates_grammar.py).

The counts are a ratchet (8bdc4834 passed 314 of 441 lines; the counts below when written)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.compliance_asserts import RULES
from tests.rate_grammar import cases38
from tests.test_compliance_rates_grammar import (
    _flagged,
    _read_apr,
    assert_counts_do_not_fall,
)

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "per-borrowed"): 50,
    ("en", "span"): 67,
    ("hant", "folk"): 56,
    ("hant", "per-unit"): 72,
    ("hant", "span"): 22,
    ("zh", "folk"): 56,
    ("zh", "per-unit"): 72,
    ("zh", "span"): 22,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_grammar38_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases38(), FLOOR)


@pytest.mark.parametrize(
    "text, apr",
    [
        # a span of days, months or half a year: its cost a day / a month
        ("The interest works out at 3% every 30 days.", Decimal("36.5")),
        ("Every sixty days we add 3% to the balance of your loan.", Decimal("18.25")),
        ("There is a 3% charge every 90 days on your loan.", Decimal("12.17")),
        ("You pay 9% for the whole 90 days.", Decimal("36.5")),
        ("A quarterly fee of 3% applies to the amount you owe.", Decimal("12")),
        ("We charge 3% every single month.", Decimal("36")),
        ("Half a percent is added to your loan daily.", Decimal("182.5")),
        ("Interest is charged at 3% per calendar month.", Decimal("36")),
        ("Our rate is 3% per mensem on the principal.", Decimal("36")),
        ("Interest: 3% p.m., calculated on the reducing balance.", Decimal("36")),
        ("每借10000元，每三十天收300元利息。", Decimal("36.5")),
        ("借十万，每半年结一次息，每次五千。", Decimal("10")),
        ("三万借一季度，利息一千零八十，到期一并还清。", Decimal("14.4")),
        ("八千拿去用，两个礼拜结一次息，每次一百二十。", Decimal("39.11")),
        ("两万先给你周转，每个月利钱六百。", Decimal("36")),
    ],
)
def test_spans_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        # a change or a yield with no price word, a third party's quote in a warning
        "Prices rose 3% a month last spring.",
        "Your loan balance drops by 2% every month.",
        "Savings accounts earn 1% a month, loans cost more.",
        "Warning: some lenders add 3% to your balance every week.",
        "The interest works out at 3% every 30 days, an APR of 36.5%.",
        "借十万，每半年结一次息，每次五千，年化利率10%。",
    ],
)
def test_lawful_rate_lines_pass(rules, text):
    assert not _flagged(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        # the lender's own quote after a third party's stays a quote
        "Unlike other lenders who charge 5%, we charge just 2% a month.",
        "Your rate rises to 3% a month after the promo.",
    ],
)
def test_own_quotes_still_warn(rules, text):
    assert _flagged(rules, text)
