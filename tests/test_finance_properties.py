"""Property tests: the Decimal engine against numpy-financial floats, and the invariants
a ledger must keep whatever the loan."""

from __future__ import annotations

from decimal import Decimal as D

import numpy_financial as npf
from hypothesis import given, settings
from hypothesis import strategies as st

from loancs.core.finance import (
    METHODS,
    LoanSpec,
    apr_from_flows,
    apr_from_spec,
    loan_flows,
    prepay,
    schedule,
    shorten_term_months,
)

principals = st.integers(min_value=100_000, max_value=500_000_000).map(lambda c: D(c) / 100)
rates = st.integers(min_value=1, max_value=3600).map(lambda bp: D(bp) / 100)  # 0.01%..36%
rates_or_zero = st.one_of(st.just(D(0)), rates)
months = st.integers(min_value=1, max_value=360)
methods = st.sampled_from(METHODS)
CENT = D("0.01")
HALF_CENT = 0.005


def _close(ours: D, theirs: float, slack: float = 1e-6) -> bool:
    """Ours is rounded to the cent; the float is not: half a cent plus float noise."""
    return abs(float(ours) - theirs) <= HALF_CENT + slack * max(1.0, abs(theirs)) * 1e-3


@settings(max_examples=60, deadline=None)
@given(principals, rates, months)
def test_annuity_matches_numpy_financial(principal, rate, n) -> None:
    result = schedule(LoanSpec(principal, rate, n))
    i = float(rate) / 1200
    p = float(principal)
    assert _close(result.payment, -npf.pmt(i, n, p))
    assert _close(result.total_interest, -npf.pmt(i, n, p) * n - p)
    for row in (result.rows[0], result.rows[n // 2], result.rows[-1]):
        assert _close(row.interest, -float(npf.ipmt(i, row.period, n, p)))
        assert _close(row.principal, -float(npf.ppmt(i, row.period, n, p)))


@settings(max_examples=60, deadline=None)
@given(principals, rates, months)
def test_equal_principal_total_interest_formula(principal, rate, n) -> None:
    result = schedule(LoanSpec(principal, rate, n, "equal-principal"))
    # One division, last: a true half-cent tie (1000 at 0.13% over 5 months = 0.325) stays
    # exact instead of becoming 0.32499… and rounding down.
    expected = principal * rate * (n + 1) / 2400
    assert result.total_interest == expected.quantize(CENT, rounding="ROUND_HALF_UP")
    payments = [r.payment for r in result.rows]
    assert payments == sorted(payments, reverse=True)


@settings(max_examples=80, deadline=None)
@given(principals, rates_or_zero, months, methods)
def test_ledger_rows_sum_exactly_to_totals(principal, rate, n, method) -> None:
    result = schedule(LoanSpec(principal, rate, n, method, "ledger"))
    rows = result.rows
    assert sum(r.payment for r in rows) == result.total_payment
    assert sum(r.interest for r in rows) == result.total_interest
    assert sum(r.principal for r in rows) == principal
    assert result.total_payment == principal + result.total_interest
    assert rows[-1].balance == D("0.00")
    for row in rows:
        assert row.payment >= 0 and row.principal >= 0 and row.interest >= 0 and row.balance >= 0
        assert row.payment == row.principal + row.interest
        assert row.payment.as_tuple().exponent == -2
    balances = [r.balance for r in rows]
    assert balances == sorted(balances, reverse=True)


@settings(max_examples=80, deadline=None)
@given(principals, rates_or_zero, months, methods)
def test_display_and_ledger_agree_to_a_cent_a_month(principal, rate, n, method) -> None:
    display = schedule(LoanSpec(principal, rate, n, method))
    ledger = schedule(LoanSpec(principal, rate, n, method, "ledger"))
    assert display.rows[-1].balance == D("0.00")
    assert all(r.payment >= 0 and r.principal >= 0 and r.interest >= 0 for r in display.rows)
    # Ledger rounding (payment and each interest, half a cent each) compounds at the loan
    # rate: the books drift from the exact figures by at most a cent a month, compounded.
    i = rate / 1200
    compounded = D(n) if i == 0 else ((1 + i) ** n - 1) / i
    assert abs(display.total_interest - ledger.total_interest) <= CENT * (compounded + n)
    assert abs(display.payment - ledger.payment) <= CENT


@settings(max_examples=60, deadline=None)
@given(principals, rates, months, st.sampled_from(["annuity", "equal-principal", "interest-only"]))
def test_apr_without_fees_is_the_contract_rate(principal, rate, n, method) -> None:
    # Interest on the declining balance at i a month: the IRR is exactly i.
    result = apr_from_spec(LoanSpec(principal, rate, n, method))
    assert abs(result.apr - rate) < D("1e-8")


@settings(max_examples=40, deadline=None)
@given(
    principals,
    st.integers(min_value=1, max_value=100).map(lambda c: D(c) / 100),
    st.integers(min_value=2, max_value=60),  # npf.irr (polynomial roots) is slow beyond
)
def test_irr_of_a_near_zero_rate(principal, fee, n) -> None:
    # A tiny fee on an interest-free loan: the root sits right next to v = 1, where the
    # closed-form run sums cancel and the engine must sum term by term.
    flows = loan_flows(LoanSpec(principal, D(0), n, rounding="ledger"), upfront_fee=fee)
    ours = apr_from_flows(flows)
    theirs = npf.irr([float(c) for c in flows])
    assert ours.monthly_irr > 0
    assert abs(float(ours.monthly_irr) - theirs * 100) < 1e-9


@settings(max_examples=40, deadline=None)
@given(
    principals,
    rates_or_zero,
    st.integers(min_value=2, max_value=120),
    st.integers(min_value=1, max_value=500).map(lambda bp: D(bp) / 100),
)
def test_irr_matches_numpy_financial(principal, rate, n, fee_pct) -> None:
    spec = LoanSpec(principal, rate, n)
    fee = (principal * fee_pct / 100).quantize(CENT)
    flows = loan_flows(spec, upfront_fee=fee)
    ours = apr_from_flows(flows)
    theirs = npf.irr([float(c) for c in flows])
    assert abs(float(ours.monthly_irr) - theirs * 100) < 1e-7
    assert ours.apr > rate  # a fee always costs something


@settings(max_examples=50, deadline=None)
@given(
    principals,
    rates,
    st.integers(min_value=2, max_value=360),
    st.data(),
    st.sampled_from(["display", "ledger"]),
)
def test_prepayment_invariants(principal, rate, n, data, rounding) -> None:
    spec = LoanSpec(principal, rate, n, "annuity", rounding)
    after = data.draw(st.integers(min_value=0, max_value=n - 1))
    base = schedule(spec)
    balance = spec.principal if after == 0 else base.rows[after - 1].balance
    if balance <= CENT:
        return
    amount = data.draw(
        st.integers(min_value=1, max_value=int(balance * 100) - 1).map(lambda c: D(c) / 100)
    )
    reduced = prepay(spec, after, amount, "reduce-payment")
    shorter = prepay(spec, after, amount, "shorten-term")
    settled = prepay(spec, after, None, "settle")
    # Ledger balances carry the books' rounding drift (a cent a month, compounded), so
    # a prepayment of a few cents can "save" slightly less than nothing there.
    i_exact = rate / 1200
    drift = D(0) if rounding == "display" else CENT * (((1 + i_exact) ** n - 1) / i_exact + n)
    for result in (reduced, shorter, settled):
        assert result.interest_saved >= -drift
        assert result.after_total_interest == result.before_total_interest - result.interest_saved
        assert all(r.payment >= 0 and r.principal >= 0 and r.interest >= 0 for r in result.rows)
    assert shorter.remaining_months <= n - after
    assert shorter.interest_saved + CENT + drift >= reduced.interest_saved
    assert settled.interest_saved + CENT + drift >= shorter.interest_saved
    if shorter.remaining_months > 1:
        assert shorter.new_payment == base.payment
    exact_balance = base._run.exact[after - 1][3] if after else spec.principal
    i = float(rate) / 1200
    if rounding == "display":
        assert reduced.remaining_months == n - after
        assert reduced.new_payment <= base.payment
        assert shorter.final_payment <= shorter.new_payment
        assert _close(reduced.new_payment, -npf.pmt(i, n - after, float(exact_balance - amount)))
        expected = shorten_term_months(exact_balance - amount, rate, base._run.exact[0][0])
        assert shorter.remaining_months == expected
    else:
        assert reduced.new_payment <= base.payment + drift
        assert shorter.final_payment <= shorter.new_payment + drift
        new_balance = float(reduced.balance_before - amount)
        theirs = -npf.pmt(i, n - after, new_balance)
        assert abs(float(reduced.new_payment) - theirs) <= HALF_CENT + 1e-9 * new_balance
