"""Repayment schedules of a loan in both rounding conventions (see ``loancs.core.finance``).

Pure: Decimal arithmetic in a local context, no I/O, no clock reads.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any, NamedTuple

from loancs.core.finance.spec import (
    _CTX,
    _EPS,
    _SHOW,
    CENT,
    ZERO,
    ZERO_CENTS,
    LoanSpec,
    cents,
)
from loancs.core.normalize import Record

_set = object.__setattr__


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


class _Run(Record):
    """Rows of a (part of a) schedule plus their totals.

    In the display convention ``exact`` holds unrounded (payment, principal, interest,
    balance) tuples and the totals are rounded sums of the exact figures; in the ledger
    convention rows are already in cents and ``exact`` is the same figures.
    """

    __slots__ = ("exact", "start", "ledger")
    __match_args__ = __slots__
    exact: list[tuple[Decimal, Decimal, Decimal, Decimal]]
    start: int  # period number of the first row
    ledger: bool  # rows already in cents

    def __init__(
        self,
        exact: list[tuple[Decimal, Decimal, Decimal, Decimal]],
        start: int,
        ledger: bool,
    ) -> None:
        _set(self, "exact", exact)
        _set(self, "start", start)
        _set(self, "ledger", ledger)

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


class Schedule(Record):
    __slots__ = ("spec", "payment", "total_interest", "total_payment", "rows", "_run")
    __match_args__ = __slots__
    spec: LoanSpec
    payment: Decimal  # first regular payment
    total_interest: Decimal
    total_payment: Decimal
    rows: tuple[Instalment, ...]
    _run: _Run  # not compared, hashed or shown

    def __init__(
        self,
        spec: LoanSpec,
        payment: Decimal,
        total_interest: Decimal,
        total_payment: Decimal,
        rows: tuple[Instalment, ...],
        _run: _Run,
    ) -> None:
        _set(self, "spec", spec)
        _set(self, "payment", payment)
        _set(self, "total_interest", total_interest)
        _set(self, "total_payment", total_payment)
        _set(self, "rows", rows)
        _set(self, "_run", _run)

    def _shown(self) -> tuple[Any, ...]:
        return (self.spec, self.payment, self.total_interest, self.total_payment, self.rows)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._shown() == other._shown()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._shown())

    def __repr__(self) -> str:
        return (
            f"Schedule(spec={self.spec!r}, payment={self.payment!r}, "
            f"total_interest={self.total_interest!r}, total_payment={self.total_payment!r}, "
            f"rows={self.rows!r})"
        )

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
