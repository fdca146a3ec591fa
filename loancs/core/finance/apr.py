"""Annualised rate (年化利率 / APR) by the IRR method (see ``loancs.core.finance``).

Pure: Decimal arithmetic in a local context, no I/O.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

from loancs.core.finance.schedule import annuity_payment, schedule
from loancs.core.finance.spec import (
    MAX_MONTHS,
    MAX_PRINCIPAL,
    ZERO,
    LoanInputError,
    LoanSpec,
    cents,
    to_decimal,
)
from loancs.core.normalize import Record

_set = object.__setattr__

_CTX = Context(prec=40, rounding=ROUND_HALF_UP)
_TOL = Decimal("1e-28")  # on v = 1/(1+r): far below anything shown
_PLACES = Decimal("1e-10")  # stored percent precision
QUOTE_KINDS = ("annual", "monthly", "daily", "flat_monthly")


class AprResult(Record):
    """All three in percent: ``apr`` = 12·r (simple, 单利), ``effective_annual_rate`` =
    (1+r)^12 − 1 (复利), ``monthly_irr`` = r."""

    __slots__ = ("apr", "effective_annual_rate", "monthly_irr")
    __match_args__ = __slots__
    apr: Decimal
    effective_annual_rate: Decimal
    monthly_irr: Decimal

    def __init__(
        self,
        apr: Decimal,
        effective_annual_rate: Decimal,
        monthly_irr: Decimal,
    ) -> None:
        _set(self, "apr", apr)
        _set(self, "effective_annual_rate", effective_annual_rate)
        _set(self, "monthly_irr", monthly_irr)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "apr": _pct(self.apr, 2),
            "effective_annual_rate": _pct(self.effective_annual_rate, 2),
            "monthly_irr": _pct(self.monthly_irr, 4),
        }


def _pct(value: Decimal, places: int) -> str:
    # a context wide enough for every digit: an absurd quote (日利率1025% is ~10^31 % a year
    # compounded) is shown whole instead of overflowing the default 28 digits
    with localcontext(Context(prec=max(28, value.adjusted() + places + 2))):
        shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return f"{(shown + 0):.{places}f}"  # + 0 turns -0.00 into 0.00


def _stored(value: Decimal) -> Decimal:
    """``value`` to the stored 10 places, or to the context's 40 digits when it has too many
    integer digits for that (a compounded daily rate of 1000% and up): a figure, not an error."""
    if value.adjusted() + 11 > _CTX.prec:
        return +value
    return value.quantize(_PLACES)


def _from_monthly(r: Decimal) -> AprResult:
    with localcontext(_CTX):
        effective = ((1 + r) ** 12 - 1) * 100
        return AprResult(
            apr=_stored(r * 1200),
            effective_annual_rate=_stored(effective),
            monthly_irr=_stored(r * 100),
        )


def parse_flows(text: str) -> list[Decimal]:
    """``"-99000,8833.3*12"`` → [-99000, 8833.3 × 12]: comma-separated amounts, one per
    month from month 0, ``amount*count`` repeating an amount."""
    flows: list[Decimal] = []
    if not str(text).strip():
        raise LoanInputError(
            "--flows", "is empty; example: -99000,8833.3*12", "为空；例如 -99000,8833.3*12"
        )
    for item in str(text).split(","):
        item = item.strip()
        amount_text, star, count_text = item.partition("*")
        try:
            amount = to_decimal(amount_text, "--flows") if amount_text.strip() else None
        except LoanInputError:
            amount = None
        count = 1
        if star:
            count_text = count_text.strip()
            count = int(count_text) if count_text.isdigit() else 0
        if amount is not None and abs(amount) > MAX_PRINCIPAL:
            amount = None
        if amount is None or count < 1:
            raise LoanInputError(
                "--flows",
                f"cannot read {item!r}; write amounts like -99000,8833.3*12",
                f"无法识别 {item!r}；格式如 -99000,8833.3*12",
            )
        flows.extend([amount] * count)
        if len(flows) > MAX_MONTHS + 1:
            raise LoanInputError(
                "--flows", f"at most {MAX_MONTHS + 1} cash flows", f"最多 {MAX_MONTHS + 1} 笔现金流"
            )
    return flows


def _runs(flows: list[Decimal]) -> list[tuple[Decimal, int]]:
    """Consecutive equal flows as (amount, count): a loan is two or three runs."""
    runs: list[tuple[Decimal, int]] = []
    for c in flows:
        if runs and runs[-1][0] == c:
            runs[-1] = (c, runs[-1][1] + 1)
        else:
            runs.append((c, 1))
    return runs


_NEAR_ONE = Decimal("1e-8")


def _npv_v(runs: list[tuple[Decimal, int]], v: Decimal) -> tuple[Decimal, Decimal]:
    """g(v) = Σ c_t v^t and g'(v) (v = 1/(1+r)), by Horner over runs of equal flows.

    A run of m equal flows c adds c·S with S = 1 + v + … + v^(m−1) = (1 − v^m)/(1 − v)
    and S' = (1 − m·v^(m−1) + (m−1)·v^m)/(1 − v)²; near v = 1, where those cancel,
    the sums are taken term by term instead."""
    g = ZERO
    dg = ZERO
    one = Decimal(1)
    for c, m in reversed(runs):
        if m == 1:
            dg = dg * v + g
            g = g * v + c
            continue
        vm1 = v ** (m - 1)
        vm = vm1 * v
        gap = one - v
        if gap == 0:
            s, ds = Decimal(m), Decimal(m * (m - 1) / 2)
        elif abs(gap) < _NEAR_ONE:
            s, ds, power = ZERO, ZERO, one
            for j in range(m):
                s += power
                if j < m - 1:
                    ds += (j + 1) * power
                power *= v
        else:
            s = (one - vm) / gap
            ds = (one - m * vm1 + (m - 1) * vm) / (gap * gap)
        dg = dg * vm + g * m * vm1 + c * ds
        g = g * vm + c * s
    return g, dg


def _sign_changes(flows: list[Decimal]) -> int:
    signs = [c > 0 for c in flows if c != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if a != b)


def _bracket(flows: list[Decimal], runs: list[tuple[Decimal, int]]) -> tuple[Decimal, Decimal]:
    """A v-interval holding a root. One sign change (any loan) has exactly one positive
    root (Descartes): bracket it between v = 0 and the first doubling past it. Several
    sign changes: scan monthly rates outward from 0 and take the nearest root."""
    if _sign_changes(flows) == 1:
        g0 = flows[0]
        hi = Decimal(1)
        for _ in range(200):
            if (_npv_v(runs, hi)[0] > 0) != (g0 > 0):
                return ZERO, hi
            hi *= 2
    else:
        rates = ["0", "0.001", "0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "3", "10"]
        rates += ["-0.001", "-0.01", "-0.05", "-0.1", "-0.3", "-0.6", "-0.9"]
        vs = [1 / (1 + Decimal(r)) for r in rates]
        ups = vs[:12]
        downs = [vs[0], *vs[12:]]
        for chain in (ups, downs):
            values = [_npv_v(runs, v)[0] for v in chain]
            for (va, ga), (vb, gb) in zip(
                zip(chain, values, strict=True),
                zip(chain[1:], values[1:], strict=True),
                strict=False,
            ):
                if ga == 0:
                    return va, va
                if (ga > 0) != (gb > 0):
                    return min(va, vb), max(va, vb)
    raise LoanInputError(
        "--flows",
        "no internal rate of return exists for these cash flows",
        "这些现金流不存在内部收益率",
    )


def monthly_irr(flows: list[Decimal]) -> Decimal:
    """The monthly IRR r of ``flows`` (month 0 first), as a fraction.

    Safeguarded Newton on v = 1/(1+r): Newton steps while they stay inside the sign-change
    bracket, bisection otherwise, so the result always sits in a verified bracket.
    """
    flows = [to_decimal(c, "--flows") for c in flows]
    while flows and flows[0] == 0:  # leading zeros shift every term: same IRR
        flows.pop(0)
    if len(flows) < 2 or _sign_changes(flows) == 0:
        raise LoanInputError(
            "--flows",
            "need money both paid and received (a sign change): no IRR exists",
            "现金流必须有正有负，否则不存在内部收益率",
        )
    with localcontext(_CTX):
        runs = _runs(flows)
        lo, hi = _bracket(flows, runs)
        if lo == hi:
            return 1 / lo - 1
        g_lo_positive = _npv_v(runs, lo)[0] > 0
        v = hi
        for _ in range(400):
            g, dg = _npv_v(runs, v)
            if g == 0:
                break
            if (g > 0) == g_lo_positive:
                lo = v
            else:
                hi = v
            step = g / dg if dg != 0 else None
            candidate = v - step if step is not None else None
            if candidate is None or not (lo < candidate < hi):
                candidate = (lo + hi) / 2
            if abs(candidate - v) < _TOL or hi - lo < _TOL:
                v = candidate
                break
            v = candidate
        return 1 / v - 1


def apr_from_flows(flows: list[Decimal]) -> AprResult:
    """APR of explicit monthly cash flows (borrower's view or lender's: same rate)."""
    return _from_monthly(monthly_irr(flows))


def loan_flows(
    spec: LoanSpec, upfront_fee: Decimal = ZERO, flat_monthly_fee_pct: Decimal = ZERO
) -> list[Decimal]:
    """Borrower's cash flows: −(P − upfront fee), then each payment plus the flat monthly
    fee (f·P, 等本等息). Display convention uses exact payments; ledger the cent rows."""
    fee = to_decimal(upfront_fee, "--upfront-fee")
    if fee < 0 or fee >= spec.principal:
        raise LoanInputError(
            "--upfront-fee",
            f"must be at least 0 and less than the principal, got {fee}",
            f"必须不小于0且小于本金，收到 {fee}",
        )
    flat = to_decimal(flat_monthly_fee_pct, "--flat-monthly-fee")
    if flat < 0 or flat > 100:
        raise LoanInputError(
            "--flat-monthly-fee",
            f"must be between 0 and 100 percent of the principal, got {flat}",
            f"必须在本金的0到100%之间，收到 {flat}",
        )
    with localcontext(_CTX):
        monthly_fee = spec.principal * flat / 100
        if spec.rounding == "ledger":
            monthly_fee = cents(monthly_fee)
        if spec.method == "annuity" and spec.rounding == "display":
            # Exact level payments: no need to build the rows.
            payments = [annuity_payment(spec.principal, spec.monthly_rate, spec.months)]
            payments *= spec.months
        else:
            payments = [row[0] for row in schedule(spec)._run.exact]
        if spec.method == "bullet":
            payments = [ZERO] * (spec.months - 1) + payments
        return [fee - spec.principal] + [p + monthly_fee for p in payments]


def apr_from_spec(
    spec: LoanSpec, upfront_fee: Decimal = ZERO, flat_monthly_fee_pct: Decimal = ZERO
) -> AprResult:
    """年化利率 of a loan, covering interest and fees against the principal actually held."""
    flows = loan_flows(spec, upfront_fee, flat_monthly_fee_pct)
    if all(c == 0 for c in flows[1:]) or sum(flows) == 0:
        return _from_monthly(ZERO)
    return apr_from_flows(flows)


def quote_to_apr(kind: str, rate_pct: Decimal, months: int | None = None) -> AprResult:
    """Turn a rate as quoted into an annualised rate.

    - ``annual``: nominal annual rate on a declining balance.
    - ``monthly``: monthly interest on a declining balance: APR = 12·rate.
    - ``daily``: daily rate: simple APR = rate·365 (monthly IRR = that / 12).
    - ``flat_monthly``: 等本等息, a flat fee of ``rate`` percent of the original principal
      each month over ``months`` (default 12): IRR of −P, then P/n + rate·P monthly.
    """
    kind = str(kind).strip().lower().replace("-", "_")
    rate = to_decimal(rate_pct, "--rate")
    if rate < 0:
        raise LoanInputError(
            "--rate", f"must not be negative, got {rate}", f"不能为负，收到 {rate}"
        )
    with localcontext(_CTX):
        if kind == "annual":
            return _from_monthly(rate / 1200)
        if kind == "monthly":
            return _from_monthly(rate / 100)
        if kind == "daily":
            return _from_monthly(rate * 365 / 1200)
        if kind == "flat_monthly":
            n = 12 if months is None else months
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_MONTHS:
                raise LoanInputError(
                    "--months",
                    f"must be between 1 and {MAX_MONTHS}, got {n!r}",
                    f"期数必须在1到{MAX_MONTHS}之间",
                )
            if rate == 0:
                return _from_monthly(ZERO)
            hundred = Decimal(100)
            return apr_from_flows([-hundred] + [hundred / n + rate] * n)
    raise LoanInputError(
        "--quote",
        f"must be one of {', '.join(QUOTE_KINDS)}, got {kind!r}",
        f"报价类型必须是 {', '.join(QUOTE_KINDS)} 之一",
    )
