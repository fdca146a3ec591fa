"""The session-36 constructions of the rate grammar (tests/rate_grammar.py ``cases36``): a year's
interest as money, a quarter's interest as money and English rates per quarter / fortnight /
Friday, 大写 and unit-less hanzi money, English schedules counted in words. Each generated quote
is flagged, read with the finance engine's APR (within 5% or one point), and passes with that APR
stated (the checks of test_compliance_rates_grammar.py).

The counts are a ratchet (fail on 694863dc: 170 of 607 lines passed there; 577 when written; 607 after
session 37's schedules, 1.6万 and 'We add 2% to your balance every week')."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loancs.core.compliance.rates import read_rates
from tests.compliance_asserts import RULES
from tests.rate_grammar import cases36
from tests.test_compliance_rates_grammar import (
    _flagged,
    _read_apr,
    assert_counts_do_not_fall,
)

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "quarter"): 220,
    ("en", "schedule"): 32,
    ("en", "year"): 27,
    ("hant", "capital"): 48,
    ("hant", "quarter"): 36,
    ("hant", "year"): 80,
    ("zh", "capital"): 48,
    ("zh", "quarter"): 36,
    ("zh", "year"): 80,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_grammar36_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases36(), FLOOR)


@pytest.mark.parametrize(
    "text, apr",
    [
        # 大写 money (the s35 Left)
        ("借壹万元，每月付息贰佰伍拾元。", Decimal("30")),
        ("借壹仟元，七日后归还壹仟贰佰元。", Decimal("1042.86")),
        ("本金捌万元，月付利息贰仟肆佰元。", Decimal("36")),
        # a hanzi figure with no unit, read whole (一千五百, not 一千)
        ("借五万，每月利息一千五百。", Decimal("36")),
        ("借一万元，十天后归还一万一千元。", Decimal("365")),
        # a sum handed over with no 借
        ("拿两万走，每月利息就五百。", Decimal("30")),
        ("一千拿去用，一周后连本带息还一千三百。", Decimal("1564.29")),
        ("五万用一个月，利息一千五。", Decimal("36")),
        # a year's and a quarter's interest as money
        ("借三万，一整年下来利息才三千六。", Decimal("12")),
        ("贷款二十万，每个季度付息六千。", Decimal("12")),
        ("本金五万，按季付息，每季两千。", Decimal("16")),
        # English rates with a quarter, a fortnight or a weekday and no rate keyword
        ("It's just 2.5% every fortnight on whatever you borrow.", Decimal("65.18")),
        ("Our quarterly rate is 5%, paid in advance.", Decimal("20")),
        ("Borrow what you need; it's 2% every Monday on the balance.", Decimal("104.29")),
        ("Over a full year the interest on a £5,000 loan is only £900.", Decimal("18")),
        ("The loan costs you £75 every quarter on £3,000.", Decimal("10")),
    ],
)
def test_money_forms_are_quotes_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        "借三万，一整年下来利息才三千六，年化利率12%。",
        "借壹万元，年化利率百分之十二。",
        "贷款二十万，每个季度付息六千，年化利率12%。",
        "他把箱子收拾好，拿走了两万块的货。",
        "Interest is 3% per quarter, which is 12% APR.",
        "The balance drops by 5% every quarter as you repay.",
        "You can borrow up to £5,000 a year, with a £20 fee per year.",
        "Borrow £5,000 for a year and the interest comes to £900; representative APR 18%.",
    ],
)
def test_money_lines_with_their_apr_pass(rules, text):
    assert not _flagged(rules, text)


def test_capital_alone_is_no_figure():
    assert read_rates("队伍里的人收拾好东西，陆续离开。") == []
