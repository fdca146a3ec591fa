"""A sum each month that repays the principal over counted instalments ("borrow £5,000 over
36 months, £181.47 a month") is the instalment, not a month's interest: its APR is the IRR of
the instalments, and a representative APR that equals it covers it."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    "text",
    [
        "Representative APR 19.9%: borrow £5,000 over 36 months, £181.47 a month.",
        "APR 18.0%. Borrow $1,000 over 12 months, about $91.68 a month.",
        "Borrow £1,000 over 12 months, £91.68 a month, representative APR 19.6%.",
    ],
)
def test_a_representative_example_with_its_instalment_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok"


def test_an_instalment_without_an_apr_warns_with_the_apr_of_the_instalments() -> None:
    # $280 a month for 12 months on $3,000: about 1.79% a month, an APR near 21.5%, not the
    # 112% of reading $280 as a month's interest on $3,000
    result = RULES.check("Borrow $3,000 over 12 months and pay $280 a month.")
    (hit,) = [h for h in result.hits if h.category == "rate-disclosure"]
    assert result.verdict == "warn"
    assert "21.46%" in hit.suggestion


def test_a_stated_apr_that_the_instalments_do_not_give_still_warns() -> None:
    text = "Representative APR 9.9%: borrow £5,000 over 36 months, £181.47 a month."
    assert RULES.check(text).verdict == "warn"


def test_interest_a_month_stays_interest() -> None:
    result = RULES.check("Borrow £2,000 over 12 months, just £40 a month in interest.")
    assert [h.rule for h in result.hits] == ["en.rate.monthly-without-apr"]
    assert "24.00%" in result.hits[0].suggestion
