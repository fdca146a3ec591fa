"""Repayment, prepayment and annualised-rate (APR) engine. Pure: Decimal, no I/O, no clock.

Methods (``LoanSpec.method``), with P principal, n months, i = annual/12 (never rounded):

- ``annuity`` (等额本息): A = P·i·(1+i)^n / ((1+i)^n − 1), i = 0 → P/n.
- ``equal-principal`` (等额本金): P/n principal a month plus interest on the balance.
- ``interest-only`` (先息后本): P·i a month, the last payment P + P·i.
- ``bullet`` (一次性还本付息): simple interest P·annual·n/12 paid with P at the end
  (one row, period n).

Rounding conventions (``LoanSpec.rounding``):

- ``display`` (default; what public calculators and borrowers see): everything is computed
  exactly (50 significant digits) and only shown figures are rounded, half up, to the
  cent; totals are rounded sums of exact figures (annuity: round(A·n − P)), so shown rows
  need not add up to the shown totals by a cent or two.
  1,000,000 at 4.9% over 360 months → payment 5,307.27, total interest 910,616.19.
- ``ledger`` (what a core-banking system books): the payment is rounded to the cent, each
  month's interest is round(B·i, 2), principal = payment − interest, and the last
  instalment pays the whole remaining balance plus its interest; equal principal books
  round(P/n, 2) a month and the last one takes the rest. Rows sum exactly to the totals.
  The books drift from the exact figures by up to a cent a month, compounded at the loan
  rate; should a rounded-up payment repay the balance before month n (only at high rates
  over long terms), that row pays it off and the schedule ends there.

Prepayment of X after instalment k (``prepay``), B' = B_k − X over m = n − k months:

- ``reduce-payment`` (减少月供): same maturity, annuity re-computed on B' over m months;
  equal principal B'/m a month; interest-only pays interest on B'.
- ``shorten-term`` (缩短期限): **keeps the regular payment** (annuity A, equal principal
  P/n) and ends as soon as the balance is repaid: the term is the fewest whole months,
  ceil(−ln(1 − B'·i/A) / ln(1+i)), and **the last payment is smaller** (remaining balance
  plus its interest). We do not re-level the payment over the shortened term (the other
  convention some banks use). Not offered for interest-only or bullet loans.
- ``settle`` (一次性结清): B_k + interest accrued for the days since the last due date
  (B_k·annual·days/360; bullet: simple interest for the k months plus the days) + the
  penalty (违约金, ``PenaltyRule``: a percent of the amount prepaid, optionally only within
  the first N months).
- Interest saved = interest left on the old schedule − interest on the new one (settle:
  − accrued interest). The penalty is reported separately, never netted in.

Annualised rate (``apr_from_spec``, ``apr_from_flows``, ``quote_to_apr``): the monthly IRR
r of the borrower's cash flows (−(P − upfront fee), then each payment plus any flat monthly
fee) found by safeguarded Newton/bisection on Decimal inside a verified sign-change
bracket; simple APR = 12·r (单利, what PBoC 〔2021〕 No. 3 calls 年化利率), effective =
(1+r)^12 − 1. 100,000 with 1,000 fee and 12 × 8,833.30 → 12.80% / 13.58%.

Bad input raises ``LoanInputError(flag, message)`` naming the CLI flag at fault.
"""

from __future__ import annotations

from loancs.core.finance.apr import (
    QUOTE_KINDS,
    AprResult,
    apr_from_flows,
    apr_from_spec,
    loan_flows,
    monthly_irr,
    parse_flows,
    quote_to_apr,
)
from loancs.core.finance.prepay import PenaltyRule, PrepayResult, prepay, shorten_term_months
from loancs.core.finance.schedule import Instalment, Schedule, annuity_payment, schedule
from loancs.core.finance.spec import (
    METHODS,
    PREPAY_MODES,
    ROUNDINGS,
    LoanInputError,
    LoanSpec,
    cents,
    money_str,
    parse_months,
    pct_str,
    to_decimal,
    whole,
)
from loancs.core.finance.text import format_money, method_name, summary_text

__all__ = [
    "METHODS",
    "PREPAY_MODES",
    "QUOTE_KINDS",
    "ROUNDINGS",
    "AprResult",
    "Instalment",
    "LoanInputError",
    "LoanSpec",
    "PenaltyRule",
    "PrepayResult",
    "Schedule",
    "annuity_payment",
    "apr_from_flows",
    "apr_from_spec",
    "cents",
    "format_money",
    "loan_flows",
    "method_name",
    "money_str",
    "monthly_irr",
    "parse_flows",
    "parse_months",
    "pct_str",
    "prepay",
    "quote_to_apr",
    "schedule",
    "shorten_term_months",
    "summary_text",
    "to_decimal",
    "whole",
]
