"""The session-37 constructions of the rate grammar (tests/rate_grammar.py ``cases37``): English
payment schedules in any order ("Borrow £1,000, pay £96 a month for 12 months", "it's £96 every
month for the next twelve"), English rates a period said with a verb or counted months, Chinese
sums handed over with no 借 and 万 interest. Each generated quote is flagged, read with the
finance engine's APR (within 5% or one point), and passes with that APR stated (the checks of
test_compliance_rates_grammar.py).

The counts are a ratchet (fail on f8eb72d4: 189 of 392 lines passed there)."""

from __future__ import annotations

import collections
from decimal import Decimal

import pytest

from loancs.core.compliance import load_rules
from tests.rate_grammar import cases37
from tests.test_compliance_rates_grammar import _flagged, _read_apr, _variants

# (lang, construction) -> lines passing all three checks when this test was written
FLOOR = {
    ("en", "period"): 38,
    ("en", "schedule"): 162,
    ("hant", "handed"): 41,
    ("zh", "handed"): 41,
}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_grammar37_counts_do_not_fall(rules):
    passed: collections.Counter[tuple[str, str]] = collections.Counter()
    failed: list[str] = []
    for case in cases37():
        for lang, text, clean in _variants(case):
            ok = _flagged(rules, text) and _read_apr(text, case.apr) and not _flagged(rules, clean)
            passed[(lang, case.construction)] += ok
            if not ok:
                failed.append(f"{lang} {case.construction} {case.form}: {text}")
    low = {k: (passed[k], floor) for k, floor in FLOOR.items() if passed[k] < floor}
    assert not low, f"fewer grammar cases read right than before: {low}; failing e.g. {failed[:10]}"


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
