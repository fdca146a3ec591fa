"""Words for loans: method names, money as people write it, and the one-sentence summary
an agent pastes into a reply (see ``loancs.core.finance``)."""

from __future__ import annotations

from decimal import Decimal

from loancs.core.finance.apr import apr_from_spec
from loancs.core.finance.schedule import schedule
from loancs.core.finance.spec import LoanSpec, cents, pct_str

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
