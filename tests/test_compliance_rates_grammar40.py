"""The session-40 constructions of the rate grammar (tests/rate_grammar.py ``cases40``): a share for
the loan's whole term ("It's 9% for the full 90 days, that's all", 整整六十天只收8%), a share taken
each time the borrower is paid ("Every time your wages land we take 6%", 每逢发薪), a repayment sent
back after a span against an advance ("Send us R3,450 three weeks after we pay you R3,000", 先垫三千，
二十天后你打回三千三), an instalment CAP with the sum lent and the term (借1万，月供不超过1000元，分12期:
the schedule's price said as a ceiling, an IRR of at most 35.1%, what the borrower reads as the
cost; an affordability ceiling from the borrower's income still passes), and 0% with a fee on each
instalment. Each generated quote is flagged, read with the finance engine's APR (within 5% or one
point), and passes with that APR stated.

The counts are a ratchet (c68ddd1e passed 45 of 294 lines; 248 when written; session 41's role reader,
caps and 0%-with-a-fee money form: 284)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.compliance_asserts import RULES
from tests.rate_grammar import cases40
from tests.test_compliance_rates_grammar import (
    _flagged,
    _read_apr,
    assert_counts_do_not_fall,
)

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "advance"): 21,
    ("en", "cap"): 27,
    ("en", "term"): 48,
    ("en", "wages"): 20,
    ("en", "zerofee"): 12,
    ("hant", "advance"): 24,
    ("hant", "cap"): 18,
    ("hant", "term"): 18,
    ("hant", "wages"): 6,
    ("hant", "zerofee"): 12,
    ("zh", "advance"): 24,
    ("zh", "cap"): 18,
    ("zh", "term"): 18,
    ("zh", "wages"): 6,
    ("zh", "zerofee"): 12,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_grammar40_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases40(), FLOOR)


@pytest.mark.parametrize(
    "text, apr",
    [
        # the lead's listed forms (session39-lead.md "Left")
        ("It's 9% for the full 90 days, that's all.", Decimal("36.5")),
        ("Every time your wages land we take 6%.", Decimal("72")),
        ("Send us R3,450 three weeks after we pay you R3,000.", Decimal("260.71")),
        ("借1万，月供不超过1000元，分12期。", Decimal("35.07")),
        # the same families in other words
        (
            "On a £4,000 loan, repayments are capped at £380 a month for 12 months.",
            Decimal("24.91"),
        ),
        ("整整九十天只收一成，不另收费。", Decimal("40.56")),
        ("每逢发薪，收取本金百分之五的利息。", Decimal("60")),
        ("我们先垫两千，二十天后你打回两千二。", Decimal("182.5")),
    ],
)
def test_session40_forms_are_quotes_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        # an affordability ceiling from the borrower's income (the lead's s38 family) still passes
        "依您的月收入，每月還款不宜超過兩萬元，最高可申請約60萬元（60期）。",
        "按您的收入，建议月供最多三千，可借十万，分36期。",
        # a change or a yield over a whole term is no price
        "Sales grew 9% over the full 90 days.",
        "整整六十天，销量涨了8%。",
        "Your deposit earns 2% for the full 90 days.",
        # the law's cap on a rate is still a cap
        "The law caps our interest at 0.8% a day.",
    ],
)
def test_session40_lawful_lines_pass(rules, text):
    assert not _flagged(rules, text)
