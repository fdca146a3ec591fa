"""Loan specification, repayment schedules and prepayment (see ``loancs.core.finance``).

Pure: Decimal arithmetic in a local context, no I/O, no clock reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Any, NamedTuple

METHODS = ("annuity", "equal-principal", "interest-only", "bullet")
ROUNDINGS = ("display", "ledger")
PREPAY_MODES = ("reduce-payment", "shorten-term", "settle")

CENT = Decimal("0.01")
ZERO = Decimal(0)
ZERO_CENTS = Decimal("0.00")
MAX_PRINCIPAL = Decimal("1000000000000")  # 1e12 yuan: anything bigger is a typo
MAX_MONTHS = 1200

# Exact work happens at 50 significant digits; only shown figures are rounded.
_CTX = Context(prec=50, rounding=ROUND_HALF_UP)
# Anything below this after exact arithmetic is representation noise, not money.
_EPS = Decimal("1e-30")
_NOISE = Decimal("1e-20")
_SHOW = Context(prec=28, rounding=ROUND_HALF_UP)


class LoanInputError(ValueError):
    """Bad loan input. ``flag`` is the CLI flag at fault, e.g. ``"--principal"``."""

    def __init__(self, flag: str, message: str, message_zh: str | None = None) -> None:
        super().__init__(f"{flag}: {message}")
        self.flag = flag
        self.message = message
        self.message_zh = message_zh or message

    def text(self, lang: str = "en") -> str:
        """One line naming the flag, in the requested language."""
        return f"{self.flag}: {self.message_zh if lang == 'zh' else self.message}"


def to_decimal(value: Any, flag: str) -> Decimal:
    """Coerce user input (str, int, Decimal; floats via their repr) to a finite Decimal."""
    if isinstance(value, bool):
        raise LoanInputError(flag, f"expected a number, got {value!r}", f"需要数字，收到 {value!r}")
    if isinstance(value, float):
        value = repr(value)
    try:
        number = (
            value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
        )
    except (InvalidOperation, ValueError):
        raise LoanInputError(
            flag, f"expected a number, got {value!r}", f"需要数字，收到 {value!r}"
        ) from None
    if not number.is_finite():
        raise LoanInputError(
            flag, f"expected a finite number, got {value!r}", f"需要有限数值，收到 {value!r}"
        )
    return number


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent, never returning a negative zero.

    Exact figures first lose the last digits of 50-digit noise (P/n is not a finite
    decimal), so 269.87499...9 that is really 269.875 still rounds up."""
    rounded = _CTX.quantize(value, _NOISE).quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO_CENTS if rounded.is_zero() else rounded


@dataclass(frozen=True, slots=True)
class LoanSpec:
    """What the borrower signed: principal (yuan), nominal annual rate (percent), term."""

    principal: Decimal
    annual_rate_pct: Decimal
    months: int
    method: str = "annuity"
    rounding: str = "display"

    def __post_init__(self) -> None:
        principal = to_decimal(self.principal, "--principal")
        if principal <= 0:
            raise LoanInputError(
                "--principal",
                f"must be greater than 0, got {principal}",
                f"必须大于0，收到 {principal}",
            )
        if principal > MAX_PRINCIPAL:
            raise LoanInputError(
                "--principal", f"must be at most {MAX_PRINCIPAL:,}", f"不能超过 {MAX_PRINCIPAL:,}"
            )
        if principal != principal.quantize(CENT, rounding=ROUND_HALF_UP):
            raise LoanInputError(
                "--principal",
                f"has more than 2 decimals: {principal}",
                f"最多两位小数：{principal}",
            )
        rate = to_decimal(self.annual_rate_pct, "--rate")
        if rate < 0 or rate > 100:
            raise LoanInputError(
                "--rate",
                f"annual rate must be between 0 and 100 percent, got {rate}",
                f"年利率必须在0到100%之间，收到 {rate}",
            )
        months = self.months
        if isinstance(months, bool) or not isinstance(months, int):
            try:
                months = int(str(months).strip())
            except ValueError:
                raise LoanInputError(
                    "--months",
                    f"expected a whole number of months, got {self.months!r}",
                    f"期数必须是整数，收到 {self.months!r}",
                ) from None
        if months < 1 or months > MAX_MONTHS:
            raise LoanInputError(
                "--months",
                f"must be between 1 and {MAX_MONTHS}, got {months}",
                f"期数必须在1到{MAX_MONTHS}之间，收到 {months}",
            )
        method = str(self.method).strip().lower().replace("_", "-")
        if method not in METHODS:
            raise LoanInputError(
                "--method",
                f"must be one of {', '.join(METHODS)}, got {self.method!r}",
                f"还款方式必须是 {', '.join(METHODS)} 之一",
            )
        rounding = str(self.rounding).strip().lower()
        if rounding not in ROUNDINGS:
            raise LoanInputError(
                "--rounding",
                f"must be display or ledger, got {self.rounding!r}",
                "取整方式必须是 display 或 ledger",
            )
        object.__setattr__(self, "principal", principal.quantize(CENT))
        object.__setattr__(self, "annual_rate_pct", rate)
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "rounding", rounding)

    @property
    def monthly_rate(self) -> Decimal:
        """i = annual / 12, never rounded."""
        with localcontext(_CTX):
            return self.annual_rate_pct / 1200

    def inputs_json(self) -> dict[str, Any]:
        return {
            "principal": money_str(self.principal),
            "rate": pct_str(self.annual_rate_pct),
            "months": self.months,
            "method": self.method,
            "rounding": self.rounding,
        }


def money_str(value: Decimal) -> str:
    return f"{cents(value):.2f}"


def pct_str(value: Decimal, places: int = 2) -> str:
    """Percent as a string with at least ``places`` decimals and no trailing noise."""
    value = Decimal(value)
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if shown == value:
        return f"{shown:.{places}f}"
    text = f"{value.normalize():f}"
    return text


class Instalment(NamedTuple):
    """One row of a schedule; ``balance`` is what is owed after this payment."""

    period: int
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "payment": f"{self.payment:.2f}",
            "principal": f"{self.principal:.2f}",
            "interest": f"{self.interest:.2f}",
            "balance": f"{self.balance:.2f}",
        }


@dataclass(frozen=True, slots=True)
class _Run:
    """Rows of a (part of a) schedule plus their totals.

    In the display convention ``exact`` holds unrounded (payment, principal, interest,
    balance) tuples and the totals are rounded sums of the exact figures; in the ledger
    convention rows are already in cents and ``exact`` is the same figures.
    """

    exact: list[tuple[Decimal, Decimal, Decimal, Decimal]]
    start: int  # period number of the first row
    ledger: bool  # rows already in cents

    def interest_sum(self) -> Decimal:
        with localcontext(_CTX):
            return sum((row[2] for row in self.exact), ZERO)

    def payment_sum(self) -> Decimal:
        with localcontext(_CTX):
            return sum((row[0] for row in self.exact), ZERO)

    def shown_rows(self) -> tuple[Instalment, ...]:
        start = self.start
        if self.ledger:
            return tuple(Instalment(start + k, *row) for k, row in enumerate(self.exact))
        # Unary plus at 28 digits drops the 50-digit noise (as ``cents`` does) in one
        # cheap step; exact rows are never negative, so no negative zero can appear.
        with localcontext(_SHOW):
            return tuple(
                Instalment(
                    start + k,
                    (+p).quantize(CENT),
                    (+q).quantize(CENT),
                    (+r).quantize(CENT),
                    (+b).quantize(CENT),
                )
                for k, (p, q, r, b) in enumerate(self.exact)
            )


@dataclass(frozen=True, slots=True)
class Schedule:
    spec: LoanSpec
    payment: Decimal  # first regular payment
    total_interest: Decimal
    total_payment: Decimal
    rows: tuple[Instalment, ...]
    _run: _Run = field(repr=False, compare=False)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            **self.spec.inputs_json(),
            "payment": f"{self.payment:.2f}",
            "total_interest": f"{self.total_interest:.2f}",
            "total_payment": f"{self.total_payment:.2f}",
            "schedule": [row.to_json_dict() for row in self.rows],
        }


# --------------------------------------------------------------------------- engines
# Each engine returns the rows repaying ``balance`` from period ``start``. ``ledger``
# selects cent rounding per row (last row absorbs the residue); otherwise exact figures.


def annuity_payment(balance: Decimal, i: Decimal, months: int) -> Decimal:
    """A = B·i·(1+i)^m / ((1+i)^m − 1); i = 0 → B/m. Exact (50 digits)."""
    with localcontext(_CTX):
        if i == 0:
            return balance / months
        growth = (1 + i) ** months
        return balance * i * growth / (growth - 1)


def _fixed_payment_rows(
    balance: Decimal, i: Decimal, payment: Decimal, months: int, ledger: bool, *, stop_early: bool
) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    """Level payment; the last row pays the balance plus its interest.

    ``stop_early`` (shorten-term) ends as soon as the balance plus interest fits in one
    payment, so the final payment is the smaller remainder.
    """
    rows = []
    b = balance
    with localcontext(_CTX):
        for k in range(1, months + 1):
            interest = (b * i).quantize(CENT) if ledger else b * i
            last = k == months or (stop_early and b + interest <= payment + _EPS)
            if last:
                rows.append((b + interest, b, interest, ZERO_CENTS))
                break
            principal = payment - interest
            b -= principal
            rows.append((payment, principal, interest, b))
    return rows


def _fixed_principal_rows(
    balance: Decimal, i: Decimal, portion: Decimal, months: int, ledger: bool
) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    """Equal principal: ``portion`` of principal each month plus interest on the balance."""
    rows = []
    b = balance
    with localcontext(_CTX):
        for k in range(1, months + 1):
            interest = (b * i).quantize(CENT) if ledger else b * i
            principal = b if k == months else min(portion, b)
            b -= principal
            if b < _EPS:
                b = ZERO_CENTS
            rows.append((principal + interest, principal, interest, b))
    return rows


def _interest_only_rows(
    balance: Decimal, i: Decimal, months: int, ledger: bool
) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    with localcontext(_CTX):
        interest = (balance * i).quantize(CENT) if ledger else balance * i
        rows = [(interest, ZERO_CENTS, interest, balance)] * (months - 1)
        rows.append((balance + interest, balance, interest, ZERO_CENTS))
    return rows


def _bullet_interest(
    principal: Decimal, annual_pct: Decimal, months: int, days: int = 0
) -> Decimal:
    """Simple interest: P·annual·months/12 plus P·annual·days/360."""
    with localcontext(_CTX):
        return principal * annual_pct / 100 * (Decimal(months) / 12 + Decimal(days) / 360)


def _run_for(spec: LoanSpec) -> _Run:
    ledger = spec.rounding == "ledger"
    p, n, i = spec.principal, spec.months, spec.monthly_rate
    if spec.method == "annuity":
        a = annuity_payment(p, i, n)
        rows = _fixed_payment_rows(p, i, cents(a) if ledger else a, n, ledger, stop_early=ledger)
    elif spec.method == "equal-principal":
        with localcontext(_CTX):
            portion = p / n
        rows = _fixed_principal_rows(p, i, cents(portion) if ledger else portion, n, ledger)
    elif spec.method == "interest-only":
        rows = _interest_only_rows(p, i, n, ledger)
    else:
        interest = _bullet_interest(p, spec.annual_rate_pct, n)
        if ledger:
            interest = cents(interest)
        rows = [(p + interest, p, interest, ZERO_CENTS)]
        return _Run(rows, n, ledger)
    return _Run(rows, 1, ledger)


def _finish(spec: LoanSpec, run: _Run) -> Schedule:
    return Schedule(
        spec=spec,
        payment=cents(run.exact[0][0]),
        total_interest=cents(run.interest_sum()),
        total_payment=cents(run.payment_sum()),
        rows=run.shown_rows(),
        _run=run,
    )


def schedule(spec: LoanSpec) -> Schedule:
    """The full repayment schedule of ``spec`` in its rounding convention."""
    return _finish(spec, _run_for(spec))


# --------------------------------------------------------------------------- prepayment


@dataclass(frozen=True, slots=True)
class PenaltyRule:
    """违约金: ``pct`` percent of the amount prepaid when prepaying within the first
    ``within_months`` instalments (``None``: at any time). Zero pct means no penalty."""

    pct: Decimal = ZERO
    within_months: int | None = None

    def __post_init__(self) -> None:
        pct = to_decimal(self.pct, "--penalty-pct")
        if pct < 0 or pct > 100:
            raise LoanInputError(
                "--penalty-pct",
                f"must be between 0 and 100, got {pct}",
                f"必须在0到100之间，收到 {pct}",
            )
        object.__setattr__(self, "pct", pct)
        if self.within_months is not None and (
            isinstance(self.within_months, bool)
            or not isinstance(self.within_months, int)
            or self.within_months < 0
        ):
            raise LoanInputError(
                "--penalty-months",
                f"must be a whole number of months >= 0, got {self.within_months!r}",
                f"必须是不小于0的整数，收到 {self.within_months!r}",
            )

    def charge(self, amount_prepaid: Decimal, after: int) -> Decimal:
        if self.pct == 0 or (self.within_months is not None and after >= self.within_months):
            return ZERO_CENTS
        with localcontext(_CTX):
            return cents(amount_prepaid * self.pct / 100)


@dataclass(frozen=True, slots=True)
class PrepayResult:
    spec: LoanSpec
    after: int
    mode: str
    amount: Decimal  # principal prepaid (the whole balance for settle)
    balance_before: Decimal  # owed right after instalment ``after``
    new_payment: Decimal  # first regular payment from now on (0 once settled)
    remaining_months: int
    final_payment: Decimal  # last instalment of the new schedule, or the settlement sum
    interest_saved: Decimal
    penalty: Decimal
    accrued_interest: Decimal  # settle: interest since the last due date (days/360)
    settlement_amount: Decimal  # settle: balance + accrued + penalty; else amount + penalty
    before_total_interest: Decimal
    before_total_payment: Decimal
    after_total_interest: Decimal
    after_total_payment: Decimal
    rows: tuple[Instalment, ...]  # the new remaining schedule (periods after+1 ...)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            **self.spec.inputs_json(),
            "after": self.after,
            "mode": self.mode,
            "amount": f"{self.amount:.2f}",
            "balance_before": f"{self.balance_before:.2f}",
            "new_payment": f"{self.new_payment:.2f}",
            "remaining_months": self.remaining_months,
            "final_payment": f"{self.final_payment:.2f}",
            "interest_saved": f"{self.interest_saved:.2f}",
            "penalty": f"{self.penalty:.2f}",
            "accrued_interest": f"{self.accrued_interest:.2f}",
            "settlement_amount": f"{self.settlement_amount:.2f}",
            "before": {
                "total_interest": f"{self.before_total_interest:.2f}",
                "total_payment": f"{self.before_total_payment:.2f}",
            },
            "after_prepayment": {
                "total_interest": f"{self.after_total_interest:.2f}",
                "total_payment": f"{self.after_total_payment:.2f}",
            },
            "schedule": [row.to_json_dict() for row in self.rows],
        }


def _new_rows(
    spec: LoanSpec, balance: Decimal, remaining: int, mode: str, old_payment: Decimal
) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    ledger = spec.rounding == "ledger"
    i = spec.monthly_rate
    if spec.method == "annuity":
        if mode == "reduce-payment":
            a = annuity_payment(balance, i, remaining)
            return _fixed_payment_rows(
                balance, i, cents(a) if ledger else a, remaining, ledger, stop_early=ledger
            )
        return _fixed_payment_rows(balance, i, old_payment, remaining, ledger, stop_early=True)
    if spec.method == "equal-principal":
        with localcontext(_CTX):
            original = spec.principal / spec.months
            if ledger:
                original = cents(original)
            if mode == "reduce-payment":
                portion = balance / remaining
                return _fixed_principal_rows(
                    balance, i, cents(portion) if ledger else portion, remaining, ledger
                )
            term = int((balance / original - _EPS).to_integral_value(rounding=ROUND_CEILING))
        return _fixed_principal_rows(balance, i, original, max(1, min(term, remaining)), ledger)
    # interest-only, reduce-payment: interest on the smaller balance, same maturity.
    return _interest_only_rows(balance, i, remaining, ledger)


def prepay(
    spec: LoanSpec,
    after: int,
    amount: Decimal | None,
    mode: str,
    penalty: PenaltyRule | None = None,
    days_since_due: int = 0,
) -> PrepayResult:
    """Prepay ``amount`` of principal right after instalment ``after`` (0 = before the first).

    ``settle`` pays off everything: balance, interest accrued for ``days_since_due`` days
    (days/360) and the penalty; ``amount`` is then ignored.
    """
    mode = str(mode).strip().lower().replace("_", "-")
    if mode not in PREPAY_MODES:
        raise LoanInputError(
            "--mode",
            f"must be one of {', '.join(PREPAY_MODES)}, got {mode!r}",
            f"提前还款方式必须是 {', '.join(PREPAY_MODES)} 之一",
        )
    after = _whole(after, "--after")
    n = spec.months
    if after < 0 or after >= n:
        raise LoanInputError(
            "--after",
            f"must be between 0 and {n - 1} (the loan has {n} instalments), got {after}",
            f"必须在0到{n - 1}之间（共{n}期），收到 {after}",
        )
    days = _whole(days_since_due, "--days")
    if days < 0 or days > 31:
        raise LoanInputError(
            "--days", f"must be between 0 and 31, got {days}", f"必须在0到31之间，收到 {days}"
        )
    penalty = penalty or PenaltyRule()
    ledger = spec.rounding == "ledger"
    base = schedule(spec)
    run = base._run
    bullet = spec.method == "bullet"
    # Rows already paid and the balance owed now (bullet: nothing is paid before maturity).
    balance = spec.principal if bullet or after == 0 else run.exact[after - 1][3]
    old_remaining = run.exact if bullet else run.exact[after:]
    with localcontext(_CTX):
        old_interest = sum((r[2] for r in old_remaining), ZERO)
    shown_balance = cents(balance)

    if mode == "settle":
        if bullet:
            accrued = _bullet_interest(balance, spec.annual_rate_pct, after, days)
        else:
            with localcontext(_CTX):
                accrued = balance * spec.annual_rate_pct / 100 * days / 360
        if ledger:
            accrued = cents(accrued)
        charge = penalty.charge(shown_balance, after)
        with localcontext(_CTX):
            payoff = balance + accrued + charge
            saved = old_interest - accrued
        return PrepayResult(
            spec=spec,
            after=after,
            mode=mode,
            amount=shown_balance,
            balance_before=shown_balance,
            new_payment=ZERO_CENTS,
            remaining_months=0,
            final_payment=cents(payoff),
            interest_saved=cents(saved),
            penalty=charge,
            accrued_interest=cents(accrued),
            settlement_amount=cents(payoff),
            before_total_interest=base.total_interest,
            before_total_payment=base.total_payment,
            after_total_interest=base.total_interest - cents(saved),
            after_total_payment=base.total_payment - cents(saved) + charge,
            rows=(),
        )

    if bullet:
        raise LoanInputError(
            "--mode",
            "a bullet loan has no instalments to reduce or shorten; use --mode settle",
            "一次性还本付息的贷款没有月供可减少或缩短，请使用 --mode settle",
        )
    if spec.method == "interest-only" and mode == "shorten-term":
        raise LoanInputError(
            "--mode",
            "an interest-only loan repays principal only at maturity, so the term cannot be shortened; use reduce-payment or settle",
            "先息后本的贷款到期才还本，无法缩短期限，请使用 reduce-payment 或 settle",
        )
    if amount is None:
        raise LoanInputError(
            "--amount",
            "is required for reduce-payment and shorten-term",
            "部分提前还款需要指定金额",
        )
    amount = to_decimal(amount, "--amount")
    if amount <= 0:
        raise LoanInputError(
            "--amount", f"must be greater than 0, got {amount}", f"必须大于0，收到 {amount}"
        )
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise LoanInputError(
            "--amount", f"has more than 2 decimals: {amount}", f"最多两位小数：{amount}"
        )
    if amount >= shown_balance:
        raise LoanInputError(
            "--amount",
            f"{amount:,.2f} is not less than the balance {shown_balance:,.2f} after instalment {after}: "
            "that settles the loan; use --mode settle",
            f"{amount:,.2f} 不小于第{after}期后的剩余本金 {shown_balance:,.2f}，这将结清贷款，请使用 --mode settle",
        )
    amount = amount.quantize(CENT)
    with localcontext(_CTX):
        new_balance = balance - amount
    old_payment = run.exact[0][0]
    rows = _new_rows(spec, new_balance, n - after, mode, old_payment)
    new_run = _Run(rows, after + 1, ledger)
    charge = penalty.charge(amount, after)
    with localcontext(_CTX):
        # Shown totals after prepayment are the shown totals before, less the interest
        # saved (plus any penalty), so the figures an agent reads out always add up.
        saved = old_interest - new_run.interest_sum()
    return PrepayResult(
        spec=spec,
        after=after,
        mode=mode,
        amount=amount,
        balance_before=shown_balance,
        new_payment=cents(rows[0][0]),
        remaining_months=len(rows),
        final_payment=cents(rows[-1][0]),
        interest_saved=cents(saved),
        penalty=charge,
        accrued_interest=ZERO_CENTS,
        settlement_amount=cents(amount + charge),
        before_total_interest=base.total_interest,
        before_total_payment=base.total_payment,
        after_total_interest=base.total_interest - cents(saved),
        after_total_payment=base.total_payment - cents(saved) + charge,
        rows=new_run.shown_rows(),
    )


def _whole(value: Any, flag: str) -> int:
    if isinstance(value, bool):
        raise LoanInputError(
            flag, f"expected a whole number, got {value!r}", f"需要整数，收到 {value!r}"
        )
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise LoanInputError(
            flag, f"expected a whole number, got {value!r}", f"需要整数，收到 {value!r}"
        ) from None


def shorten_term_months(balance: Decimal, annual_rate_pct: Decimal, payment: Decimal) -> int:
    """Closed form ceil(−ln(1 − B·i/A) / ln(1+i)) (exact arithmetic; a cross-check)."""
    with localcontext(_CTX):
        i = Decimal(annual_rate_pct) / 1200
        if i == 0:
            return math.ceil(balance / payment - _EPS)
        x = -(1 - balance * i / payment).ln() / (1 + i).ln()
        return int((x - Decimal("1e-20")).to_integral_value(rounding=ROUND_CEILING))
