"""The grammar of a rate quote (tests/rate_grammar.py) read by the checker and the assistant's
reader: each generated quote is flagged, read with the finance engine's APR (within 5% or one
point), and the same sentence with that APR (or IRR) stated passes (issue 12, session 35).

The counts are a ratchet: a change to rates.py may raise them, never lower them. The cases
still failing are listed in the rates helper's session-35 report ("Left")."""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterable
from decimal import Decimal

import opencc
import pytest

from loancs.core.compliance.rates import annualise, read_rates
from tests.compliance_asserts import RULES
from tests.rate_grammar import Case, cases

# (lang, construction) -> cases passing all three checks when this test was written (of the
# seeded sample of 600; a6903fd6 passed 487 of the 861 lines, 438afd3b 685; session 36's hanzi and
# 大写 money, and sums handed over with no 借 (一千拿去用), and English rates per quarter, fortnight
# or weekday with no keyword: 805; session 37's schedules as their IRR and "we charge 2.5% a
# month" as a rate: 833)
FLOOR = {
    ("en", "interest"): 84,
    ("en", "payment"): 17,
    ("en", "rate"): 173,
    ("en", "repaid"): 37,
    ("hant", "fee"): 7,
    ("hant", "interest"): 63,
    ("hant", "payment"): 9,
    ("hant", "rate"): 117,
    ("hant", "repaid"): 65,
    ("zh", "fee"): 7,
    ("zh", "interest"): 63,
    ("zh", "payment"): 9,
    ("zh", "rate"): 117,
    ("zh", "repaid"): 65,
}


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def _flagged(rules, text: str) -> bool:
    return any(
        h.category == "rate-disclosure" and h.severity != "info" for h in rules.check(text).hits
    )


def _read_apr(text: str, apr: Decimal) -> bool:
    for q in read_rates(text):
        got = annualise(q.kind, q.rate_pct, q.months)[0]
        if abs(got - apr) <= max(Decimal(1), apr * Decimal("0.05")):
            return True
    return False


@functools.cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")  # (once a process: building it for every case took minutes)


def _variants(case: Case) -> list[tuple[str, str, str]]:
    out = [(case.lang, case.text, case.disclosed())]
    if case.lang == "zh":
        s2t = _s2t()
        out.append(("hant", s2t.convert(case.text), s2t.convert(case.disclosed())))
    return out


def assert_counts_do_not_fall(rules, grammar: Iterable[Case], floor: dict[tuple[str, str], int]):
    """Each case of the grammar (and its zh-Hant twin) is flagged, read with its APR, and passes
    with that APR stated; per (lang, construction) at least as many do so as the floor says."""
    passed: collections.Counter[tuple[str, str]] = collections.Counter()
    failed: list[str] = []
    for case in grammar:
        for lang, text, clean in _variants(case):
            ok = _flagged(rules, text) and _read_apr(text, case.apr) and not _flagged(rules, clean)
            passed[(lang, case.construction)] += ok
            if not ok:
                failed.append(f"{lang} {case.construction} {case.form}: {text}")
    low = {k: (passed[k], n) for k, n in floor.items() if passed[k] < n}
    assert not low, f"fewer grammar cases read right than before: {low}; failing e.g. {failed[:10]}"


def test_grammar_counts_do_not_fall(rules):
    assert_counts_do_not_fall(rules, cases(), FLOOR)


@pytest.mark.parametrize(
    "text, apr",
    [
        # a sum repaid after a short term on a sum lent, above a fifth more (rules s34's Left)
        ("借一千，一周后还一千三。", Decimal("1564.29")),
        ("借五百，七天后还七百。", Decimal("2085.71")),
        ("借你一萬，下禮拜還一萬兩千五。", Decimal("1303.57")),
        ("借俩千，过七天还两千四。", Decimal("1042.86")),
        ("3000元拿去用，三十天后连本带息还3900元。", Decimal("365")),
        # how often interest is settled, then the figure alone (folk units without a keyword)
        ("利息十天一结，每回一分二。", Decimal("43.8")),
        ("月月付，一个半点。", Decimal("18")),
        ("利息按月收，两个点。", Decimal("24")),
        ("按月算息，一个点五。", Decimal("18")),
        ("按季收息，每季四个点。", Decimal("16")),
        ("季度利率3%。", Decimal("12")),
        ("利息半个月一结，每回三个点。", Decimal("72")),
        ("天天计息，万分之六。", Decimal("21.9")),
    ],
)
def test_new_forms_are_quotes_with_their_apr(rules, text, apr):
    assert _flagged(rules, text)
    assert _read_apr(text, apr)


@pytest.mark.parametrize(
    "text",
    [
        # the period word decides the folk unit: a year's 一分五 is 15% a year, the disclosure
        "借十万，一年一分五的利息，每月付息。",
        # a cap, not a price
        "We cannot charge more than 4% a month.",
        "The law caps our interest at 0.8% a day.",
        "By law no lender may charge over 0.8% per day.",
        "监管规定月利率不得超过2%。",
        # a borrower's question after a semicolon
        "My cousin pays £50 a month on a £1,000 loan; is that a lot?",
        # the APR of a representative example, its payment a month over the counted term
        "Representative APR 22.9%: £3,000 over 36 months costs £115.97 monthly.",
        "Representative APR 19.9%: borrow £5,000 over 48 months, £151.89 a month.",
        # 等额本息 with its IRR: the instalment, not a flat fee of 8.9% a period
        "1万元分12期等额本息，每期888.49元，对应年化利率（IRR）12%。",
    ],
)
def test_lawful_lines_pass(rules, text):
    assert not _flagged(rules, text)


def test_year_folk_is_no_monthly_quote():
    assert read_rates("一年一分五的利息") == []
