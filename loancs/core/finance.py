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

from decimal import Decimal

from loancs.core.finance_apr import (
    QUOTE_KINDS,
    AprResult,
    apr_from_flows,
    apr_from_spec,
    loan_flows,
    monthly_irr,
    parse_flows,
    quote_to_apr,
)
from loancs.core.finance_schedule import (
    METHODS,
    PREPAY_MODES,
    ROUNDINGS,
    Instalment,
    LoanInputError,
    LoanSpec,
    PenaltyRule,
    PrepayResult,
    Schedule,
    annuity_payment,
    cents,
    money_str,
    pct_str,
    prepay,
    schedule,
    shorten_term_months,
)

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
    "pct_str",
    "prepay",
    "quote_to_apr",
    "schedule",
    "shorten_term_months",
    "summary_text",
]

_METHOD_NAMES = {
    "annuity": ("等额本息", "equal instalments (annuity)"),
    "equal-principal": ("等额本金", "equal principal"),
    "interest-only": ("先息后本", "interest only"),
    "bullet": ("一次性还本付息", "bullet (principal and interest at maturity)"),
}


def method_name(method: str, lang: str) -> str:
    zh, en = _METHOD_NAMES[method]
    return zh if lang == "zh" else en


def format_money(value: Decimal) -> str:
    """1234567.8 → '1,234,567.80'."""
    return f"{cents(value):,.2f}"


def _zh_amount(value: Decimal) -> str:
    """Whole 万 amounts as 'N万元' (20万元), anything else in full ('123,456.78元')."""
    if value >= 10000 and value % 10000 == 0:
        return f"{value / 10000:f}".rstrip("0").rstrip(".") + "万元"
    return f"{format_money(value)}元"


def summary_text(spec: LoanSpec, lang: str = "zh") -> str:
    """One sentence an agent can paste into a reply. Always carries the annualised rate."""
    sched = schedule(spec)
    apr = apr_from_spec(spec).to_json_dict()["apr"]
    rate = pct_str(spec.annual_rate_pct)
    n = spec.months
    rows = sched.rows
    if lang == "zh":
        head = f"贷款{_zh_amount(spec.principal)}，年利率{rate}%（年化利率{apr}%），{n}期{method_name(spec.method, 'zh')}，"
        if spec.method == "annuity":
            pay = f"每月还款{format_money(sched.payment)}元"
        elif spec.method == "equal-principal":
            step = rows[0].payment - rows[1].payment if len(rows) > 1 else Decimal(0)
            pay = f"首月还款{format_money(sched.payment)}元，每月递减约{format_money(step)}元"
        elif spec.method == "interest-only":
            pay = f"每月付息{format_money(sched.payment)}元，到期还本{format_money(rows[-1].payment)}元"
        else:
            pay = f"到期一次还本付息{format_money(sched.payment)}元"
        return f"{head}{pay}，总利息{format_money(sched.total_interest)}元。"
    head = (
        f"A loan of {format_money(spec.principal)} at {rate}% a year (APR {apr}%) over {n} months, "
        f"{method_name(spec.method, 'en')}: "
    )
    if spec.method == "annuity":
        pay = f"{format_money(sched.payment)} a month"
    elif spec.method == "equal-principal":
        step = rows[0].payment - rows[1].payment if len(rows) > 1 else Decimal(0)
        pay = f"{format_money(sched.payment)} the first month, falling by about {format_money(step)} a month"
    elif spec.method == "interest-only":
        pay = f"{format_money(sched.payment)} interest a month, {format_money(rows[-1].payment)} at the end"
    else:
        pay = f"{format_money(sched.payment)} at maturity"
    return f"{head}{pay}, total interest {format_money(sched.total_interest)}."
