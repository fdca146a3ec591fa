"""The session-41 constructions of the rate grammar (tests/rate_grammar.py ``cases41``): an advance
and the sum sent back read by their ROLES whatever the verbs ("We'll wire you €800; five weeks later
you pay back €920", 借出四千，五周后收回四千四, "You get $2,000 from us today and hand over $2,300 six
weeks on"), a share for the loan's whole term said in months or as a bare opening ("Keep it the full
two months and we take 8% once", "Ninety days, 10% on top, that's the whole deal", 借满两个月，一次性收
百分之八), an instalment cap the money path read as a monthly rate (每月最多还一千，借一万，分12期 was
10% a month; "At most $1,000 per month, 12 monthly payments, on $10,000": its IRR, 35.07%), and 0%
interest with a money fee on each payment ("Zero percent, just a $9 admin charge with each of the 12
payments on $600": its IRR with the finance engine, 31.72%). Each generated quote is flagged, read
with the finance engine's APR (within 5% or one point), and passes with that APR stated.

And, clean (``asked41``): a loan at a yearly rate with its payment asked after a full stop ("say
12k, 36 months, nine percent. ballpark monthly figure?" was read as 9% a MONTH: a period word after
the figure reached across the sentence end; "figure / bill / sum / number / total" are the payment).

The counts are a ratchet (e1430b82 passed 24 of 231 lines and 120 of the 180 clean questions)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loancs.core.compliance.rates import read_rates
from tests.compliance_asserts import RULES
from tests.rate_grammar import asked41, cases41
from tests.test_compliance_rates_grammar import (
    _flagged,
    _read_apr,
    assert_counts_do_not_fall,
)

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "advance"): 27,
    ("en", "cap"): 18,
    ("en", "term"): 36,
    ("en", "zerofee"): 18,
    ("hant", "advance"): 36,
    ("hant", "cap"): 10,
    ("hant", "term"): 12,
    ("zh", "advance"): 36,
    ("zh", "cap"): 10,
    ("zh", "term"): 12,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_grammar41_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases41(), FLOOR)


def test_payment_asked_after_a_full_stop_is_no_periodic_rate(rules):
    wrong = [t for t in asked41() if _flagged(rules, t) or read_rates(t)]
    assert not wrong, f"{len(wrong)} of {len(asked41())} read a periodic rate, e.g. {wrong[:5]}"


@pytest.mark.parametrize(
    "text",
    [
        # review's s40 finding (the assistant guarded it on its side, c221843d)
        "say 12k, 36 months, nine percent. ballpark monthly figure?",
        # the same family in other words (written before the fix)
        "Thinking 25 grand over five years, seven percent. Rough monthly bill?",
        "Say I take 8,000 at twelve percent. Ballpark weekly figure?",
        "ok so 20k at eight percent. what's the monthly bill on that?",
    ],
)
def test_period_word_of_the_next_sentence_is_not_the_rates(rules, text):
    assert not _flagged(rules, text)
    assert read_rates(text) == []


@pytest.mark.parametrize(
    "text, apr",
    [
        # the s40 report's "Left", in its words
        ("We'll wire you €800; five weeks later you pay back €920.", Decimal("156.43")),
        ("Keep it the full two months and we take 8% once.", Decimal("48")),
        ("Ninety days, 10% on top, that's the whole deal.", Decimal("40.56")),
        ("每月最多还一千，借一万，分12期。", Decimal("35.07")),
        ("At most $1,000 per month, 12 monthly payments, on $10,000.", Decimal("35.07")),
        (
            "Zero percent, just a $9 admin charge with each of the 12 payments on $600.",
            Decimal("31.72"),
        ),
        # the same families in other words (written before the build, /tmp/rates/var41.tsv)
        ("我们今天借出五千，二十天后收回五千五。", Decimal("182.5")),
        ("先放给你一万二，一个月后回款一万三千二。", Decimal("121.67")),
        ("You receive ¥50,000 this week; in 30 days you repay ¥54,000.", Decimal("97.33")),
        ("Sixty days, 6% on top, and that's your lot.", Decimal("36.5")),
        ("借满两个月，一次性收百分之七。", Decimal("42")),
        ("每个月最多还八百，借八千，分十二期。", Decimal("35.07")),
        ("You'd pay at most €500 per month, 24 monthly payments, on €10,000.", Decimal("18.16")),
        (
            "0% APR? It's nil interest, but each of the 10 payments on RM2,000 carries an RM30 fee.",
            Decimal("31.5"),
        ),
    ],
)
def test_session41_forms_are_quotes_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        # the APR stated beside the advance, the term, the cap
        "We'll send you £600 today; six weeks later you pay back £660, APR 86.9%.",
        "Ninety days, 10% on top, an APR of 40.56%.",
        # a borrower's own affordability, no lender's cap
        "我每个月最多能还两千，想借三万，能分几期？",
        # a change over a term in months, no price
        "整整三个月，销量涨了8%。",
        "Sales grew 9% over the full three months.",
    ],
)
def test_session41_lawful_lines_pass(rules, text):
    assert not _flagged(rules, text)
