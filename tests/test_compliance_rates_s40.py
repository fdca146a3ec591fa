"""The shared rate reader's session-40 readings (issue 12): what a period word or a figure IS in its
clause, not the words beside it.

- "the monthly" / "my weekly" / "the monthly payment" after a figure is the PAYMENT asked or told, a
  noun, not the period of the rate before it ("six and a half percent... whats the monthly": read as
  6.5% a month since 6e12fa2f; the assistant said 78% a year); "equal monthly payments" is the
  payment's period; "the monthly rate / fee" keeps its period.
- a thousands group after a bare figure is a sum: 每期約5,870元 is an instalment, not a 5% flat fee
  (the lead's Taiwanese service reply "年利率6.5%，總費用年百分率7.1%，分60期，每期約5,870元" was
  warned as a flat fee without an APR).
- "number 13" is an ordinal, not a sum.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance.rates import read_rates
from tests.compliance_asserts import RULES
from tests.test_compliance_rates_grammar import _flagged


@pytest.mark.parametrize(
    "text",
    [
        # the lead's s39 finding (figures-session39-lead-sets.txt)
        "您問的信貸，年利率6.5%，總費用年百分率7.1%，分60期，每期約5,870元（以核貸金額30萬計）。",
        "分36期，每期约3,420元，年化利率9.8%。",
        "Monthly 1,250 on the 24-month plan at 10.9% APR.",
        "5.9%... and the weekly on that?",
        "At 4.2 percent on 15 grand over four years, the monthly would be what?",
        "Seven and a quarter percent, so my monthly is how much?",
    ],
)
def test_the_payment_and_its_sum_are_no_rate(text):
    assert not _flagged(RULES, text)


@pytest.mark.parametrize(
    "text",
    [
        "[phone] right so, thirty five thousand, three years, equal monthly payments, six and a half "
        "percent... whats the monthly, and how much of the first one is just interest",
        "40k over 4 years at 9%, equal monthly payments. im about to pay number 13, how much of that "
        "one is actually interest",
        "6.5%, whats the monthly, and how much is just interest",
        "4.9% on the car loan, what's the weekly then",
        "分60期，每期约5,870元",
    ],
)
def test_the_reader_reads_no_periodic_rate(text):
    assert read_rates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Our rate is 1.5%, the monthly rate, on whatever you borrow.",
        "Interest is charged at 3% monthly on the loan.",
        "We add 2% to your balance every week.",
        "每期约0.8，分12期。",
    ],
)
def test_a_rate_with_its_period_still_warns(text):
    assert _flagged(RULES, text)
