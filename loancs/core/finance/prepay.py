"""Prepayment: reduce the payment, shorten the term, or settle (see ``loancs.core.finance``).

Pure: Decimal arithmetic in a local context, no I/O, no clock reads.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from loancs.core.finance.schedule import (
    Instalment,
    _bullet_interest,
    _fixed_payment_rows,
    _fixed_principal_rows,
    _interest_only_rows,
    _Run,
    annuity_payment,
    schedule,
)
from loancs.core.finance.spec import (
    _CTX,
    _EPS,
    CENT,
    PREPAY_MODES,
    ZERO,
    ZERO_CENTS,
    LoanInputError,
    LoanSpec,
    cents,
    to_decimal,
    whole,
)
from loancs.core.normalize import Record

_set = object.__setattr__


class PenaltyRule(Record):
    """违约金: ``pct`` percent of the amount prepaid when prepaying within the first
    ``within_months`` instalments (``None``: at any time). Zero pct means no penalty."""

    __slots__ = ("pct", "within_months")
    __match_args__ = __slots__
    pct: Decimal
    within_months: int | None

    def __init__(
        self,
        pct: Decimal = ZERO,
        within_months: int | None = None,
    ) -> None:
        _set(self, "pct", pct)
        _set(self, "within_months", within_months)
        self.__post_init__()

    __reduce__ = Record._reduce_unchecked

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


class PrepayResult(Record):
    __slots__ = (
        "spec",
        "after",
        "mode",
        "amount",
        "balance_before",
        "new_payment",
        "remaining_months",
        "final_payment",
        "interest_saved",
        "penalty",
        "accrued_interest",
        "settlement_amount",
        "before_total_interest",
        "before_total_payment",
        "after_total_interest",
        "after_total_payment",
        "rows",
    )
    __match_args__ = __slots__
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

    def __init__(
        self,
        spec: LoanSpec,
        after: int,
        mode: str,
        amount: Decimal,
        balance_before: Decimal,
        new_payment: Decimal,
        remaining_months: int,
        final_payment: Decimal,
        interest_saved: Decimal,
        penalty: Decimal,
        accrued_interest: Decimal,
        settlement_amount: Decimal,
        before_total_interest: Decimal,
        before_total_payment: Decimal,
        after_total_interest: Decimal,
        after_total_payment: Decimal,
        rows: tuple[Instalment, ...],
    ) -> None:
        _set(self, "spec", spec)
        _set(self, "after", after)
        _set(self, "mode", mode)
        _set(self, "amount", amount)
        _set(self, "balance_before", balance_before)
        _set(self, "new_payment", new_payment)
        _set(self, "remaining_months", remaining_months)
        _set(self, "final_payment", final_payment)
        _set(self, "interest_saved", interest_saved)
        _set(self, "penalty", penalty)
        _set(self, "accrued_interest", accrued_interest)
        _set(self, "settlement_amount", settlement_amount)
        _set(self, "before_total_interest", before_total_interest)
        _set(self, "before_total_payment", before_total_payment)
        _set(self, "after_total_interest", after_total_interest)
        _set(self, "after_total_payment", after_total_payment)
        _set(self, "rows", rows)

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
    after: int | str,
    amount: Decimal | str | None,
    mode: str,
    penalty: PenaltyRule | None = None,
    days_since_due: int | str = 0,
) -> PrepayResult:
    """Prepay ``amount`` of principal right after instalment ``after`` (0 = before the first).

    ``settle`` pays off everything: balance, interest accrued for ``days_since_due`` days
    (days/360) and the penalty; ``amount`` is then ignored. Numbers may come as the text a
    person typed: bad ones raise LoanInputError naming the flag.
    """
    mode = str(mode).strip().lower().replace("_", "-")
    if mode not in PREPAY_MODES:
        raise LoanInputError(
            "--mode",
            f"must be one of {', '.join(PREPAY_MODES)}, got {mode!r}",
            f"提前还款方式必须是 {', '.join(PREPAY_MODES)} 之一",
        )
    after = whole(after, "--after")
    n = spec.months
    if after < 0 or after >= n:
        raise LoanInputError(
            "--after",
            f"must be between 0 and {n - 1} (the loan has {n} instalments), got {after}",
            f"必须在0到{n - 1}之间（共{n}期），收到 {after}",
        )
    days = whole(days_since_due, "--days")
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


def shorten_term_months(balance: Decimal, annual_rate_pct: Decimal, payment: Decimal) -> int:
    """Closed form ceil(−ln(1 − B·i/A) / ln(1+i)) (exact arithmetic; a cross-check)."""
    with localcontext(_CTX):
        i = Decimal(annual_rate_pct) / 1200
        if i == 0:
            return math.ceil(balance / payment - _EPS)
        x = -(1 - balance * i / payment).ln() / (1 + i).ln()
        return int((x - Decimal("1e-20")).to_integral_value(rounding=ROUND_CEILING))
