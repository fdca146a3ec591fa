"""The published figures from docs/reference loan-math and the behaviour agents rely on."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from loancs.core.finance import (
    LoanInputError,
    LoanSpec,
    PenaltyRule,
    apr_from_flows,
    apr_from_spec,
    parse_flows,
    prepay,
    quote_to_apr,
    schedule,
    shorten_term_months,
    summary_text,
)

MORTGAGE = LoanSpec(D(1_000_000), D("4.9"), 360)


# ------------------------------------------------------------------ published examples


def test_mortgage_display_matches_public_calculators() -> None:
    result = schedule(MORTGAGE)
    assert result.payment == D("5307.27")
    assert result.total_interest == D("910616.19")
    assert result.total_payment == D("1910616.19")
    assert len(result.rows) == 360
    assert result.rows[0].interest == D("4083.33")
    assert result.rows[-1].balance == D("0.00")


def test_mortgage_ledger_rows_sum_exactly_and_last_absorbs_residue() -> None:
    result = schedule(LoanSpec(D(1_000_000), D("4.9"), 360, rounding="ledger"))
    assert result.payment == D("5307.27")
    assert sum(r.payment for r in result.rows) == result.total_payment
    assert sum(r.interest for r in result.rows) == result.total_interest
    assert sum(r.principal for r in result.rows) == D(1_000_000)
    assert result.rows[-1].balance == D("0.00")
    assert all(r.payment == D("5307.27") for r in result.rows[:-1])
    assert result.rows[-1].payment != D("5307.27")  # the residue lands in the last row
    # Booked interest differs from the exact figure by at most a cent a month.
    assert abs(result.total_interest - D("910616.19")) <= D("3.60")


def test_upfront_fee_example_apr() -> None:
    result = apr_from_flows(parse_flows("-99000,8833.3*12"))
    assert result.to_json_dict()["apr"] == "12.80"
    assert result.to_json_dict()["effective_annual_rate"] == "13.58"


def test_flat_monthly_fee_quote_is_near_eleven_percent() -> None:
    quoted = quote_to_apr("flat_monthly", D("0.5"))
    assert quoted.to_json_dict()["apr"] == "10.90"
    from_loan = apr_from_spec(LoanSpec(D(100_000), D(0), 12), flat_monthly_fee_pct=D("0.5"))
    assert from_loan.to_json_dict() == quoted.to_json_dict()
    # Twice the flat quote's face value (0.5% × 12 = 6%) would be the naive answer.
    assert quoted.apr > D(10)


def test_daily_quote() -> None:
    assert quote_to_apr("daily", D("0.05")).apr == D("18.25")


def test_monthly_and_annual_quotes() -> None:
    assert quote_to_apr("monthly", D("1")).apr == D(12)
    annual = quote_to_apr("annual", D("4.9"))
    assert annual.apr == D("4.9")
    assert annual.to_json_dict()["effective_annual_rate"] == "5.01"
    with pytest.raises(LoanInputError) as err:
        quote_to_apr("weekly", D(1))
    assert err.value.flag == "--quote"


def test_upfront_fee_raises_the_apr_of_a_loan() -> None:
    spec = LoanSpec(D(100_000), D("10"), 12)
    plain = apr_from_spec(spec)
    with_fee = apr_from_spec(spec, upfront_fee=D(1000))
    assert plain.to_json_dict()["apr"] == "10.00"
    assert with_fee.apr > D("11.8")


# ------------------------------------------------------------------ the other methods


def test_equal_principal() -> None:
    result = schedule(LoanSpec(D(200_000), D("4.9"), 36, "equal-principal"))
    assert result.payment == D("6372.22")
    assert result.rows[1].payment == D("6349.54")
    # total interest = P·i·(n+1)/2
    assert result.total_interest == D("15108.33")
    assert all(r.principal == D("5555.56") for r in result.rows[:-1])


def test_equal_principal_ledger_last_takes_the_rest() -> None:
    result = schedule(LoanSpec(D(200_000), D("4.9"), 36, "equal-principal", "ledger"))
    assert result.rows[-1].principal == D(200_000) - 35 * D("5555.56")
    assert sum(r.principal for r in result.rows) == D(200_000)
    assert sum(r.payment for r in result.rows) == result.total_payment


def test_interest_only_and_bullet() -> None:
    io = schedule(LoanSpec(D(100_000), D(6), 12, "interest-only"))
    assert [r.payment for r in io.rows[:-1]] == [D("500.00")] * 11
    assert io.rows[-1].payment == D("100500.00")
    assert io.total_interest == D("6000.00")
    bullet = schedule(LoanSpec(D(100_000), D(6), 6, "bullet"))
    assert len(bullet.rows) == 1 and bullet.rows[0].period == 6
    assert bullet.payment == D("103000.00")
    assert bullet.total_interest == D("3000.00")


def test_zero_rate_annuity_splits_evenly() -> None:
    result = schedule(LoanSpec(D(100_000), D(0), 3, rounding="ledger"))
    assert [r.payment for r in result.rows] == [D("33333.33"), D("33333.33"), D("33333.34")]
    assert result.total_interest == D("0.00")
    assert apr_from_spec(LoanSpec(D(100_000), D(0), 3)).apr == 0


def test_json_shape() -> None:
    data = schedule(LoanSpec(D(12_000), D(12), 12)).to_json_dict()
    assert data["payment"] == "1066.19"
    assert data["principal"] == "12000.00" and data["rate"] == "12.00" and data["months"] == 12
    assert set(data["schedule"][0]) == {"period", "payment", "principal", "interest", "balance"}
    assert data["schedule"][0]["interest"] == "120.00"
    assert data["schedule"][-1]["balance"] == "0.00"


# ------------------------------------------------------------------ prepayment


def test_reduce_payment_keeps_maturity() -> None:
    result = prepay(MORTGAGE, 24, D(200_000), "reduce-payment")
    assert result.balance_before == D("969204.01")
    assert result.remaining_months == 336
    assert result.new_payment == D("4212.09")
    assert result.final_payment == result.new_payment
    assert result.after_total_interest == result.before_total_interest - result.interest_saved
    assert result.rows[0].period == 25 and result.rows[-1].period == 360


def test_shorten_term_keeps_payment_and_last_is_smaller() -> None:
    result = prepay(MORTGAGE, 24, D(200_000), "shorten-term")
    assert result.new_payment == D("5307.27")
    assert result.final_payment < result.new_payment
    exact_balance = D("969204.01") - D(200_000)
    assert result.remaining_months == shorten_term_months(exact_balance, D("4.9"), D("5307.27"))
    assert result.remaining_months == 220
    assert result.interest_saved > prepay(MORTGAGE, 24, D(200_000), "reduce-payment").interest_saved


def test_shorten_term_equal_principal_keeps_principal_portion() -> None:
    spec = LoanSpec(D(120_000), D(6), 12, "equal-principal", "ledger")
    result = prepay(spec, 2, D(30_000), "shorten-term")
    # 100,000 owed, 30,000 prepaid: 70,000 at 10,000 a month
    assert result.remaining_months == 7
    assert all(r.principal == D("10000.00") for r in result.rows)
    reduced = prepay(spec, 2, D(30_000), "reduce-payment")
    assert reduced.remaining_months == 10 and reduced.rows[0].principal == D("7000.00")


def test_settle_accrues_days_over_360_and_penalty_rule() -> None:
    spec = LoanSpec(D(120_000), D(6), 12, "equal-principal")
    rule = PenaltyRule(D(2), within_months=6)
    early = prepay(spec, 2, None, "settle", rule, days_since_due=15)
    # 100,000 × 6% × 15/360 = 250; 2% of 100,000 = 2,000
    assert early.accrued_interest == D("250.00")
    assert early.penalty == D("2000.00")
    assert early.settlement_amount == D("102250.00")
    assert early.remaining_months == 0 and early.rows == ()
    late = prepay(spec, 6, None, "settle", rule)
    assert late.penalty == D("0.00")
    assert late.settlement_amount == late.balance_before


def test_bullet_settle_accrues_simple_interest() -> None:
    spec = LoanSpec(D(100_000), D(6), 12, "bullet")
    result = prepay(spec, 3, None, "settle", days_since_due=10)
    # 3 months + 10 days of simple interest: 1,500 + 166.67
    assert result.accrued_interest == D("1666.67")
    assert result.interest_saved == D("4333.33")


@pytest.mark.parametrize(
    ("spec", "after", "amount", "mode", "flag", "needle"),
    [
        (MORTGAGE, 360, D(1), "reduce-payment", "--after", "between 0 and 359"),
        (MORTGAGE, -1, D(1), "reduce-payment", "--after", "between"),
        (MORTGAGE, 24, D(2_000_000), "reduce-payment", "--amount", "settle"),
        (MORTGAGE, 24, D(0), "shorten-term", "--amount", "greater than 0"),
        (MORTGAGE, 24, D(1), "sideways", "--mode", "must be one of"),
        (LoanSpec(D(1000), D(5), 6, "bullet"), 2, D(100), "reduce-payment", "--mode", "settle"),
        (LoanSpec(D(1000), D(5), 6, "interest-only"), 2, D(100), "shorten-term", "--mode", ""),
    ],
)
def test_prepay_rejects_bad_input(spec, after, amount, mode, flag, needle) -> None:
    with pytest.raises(LoanInputError) as err:
        prepay(spec, after, amount, mode)
    assert err.value.flag == flag
    assert needle in err.value.message


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("kwargs", "flag"),
    [
        ({"principal": D(0)}, "--principal"),
        ({"principal": D(-5)}, "--principal"),
        ({"principal": "lots"}, "--principal"),
        ({"principal": D("100.001")}, "--principal"),
        ({"annual_rate_pct": D("100.01")}, "--rate"),
        ({"annual_rate_pct": D(-1)}, "--rate"),
        ({"annual_rate_pct": "NaN"}, "--rate"),
        ({"months": 0}, "--months"),
        ({"months": "twelve"}, "--months"),
        ({"method": "balloon"}, "--method"),
        ({"rounding": "bankers"}, "--rounding"),
    ],
)
def test_spec_validation_names_the_flag(kwargs, flag) -> None:
    args = {"principal": D(1000), "annual_rate_pct": D(5), "months": 12} | kwargs
    with pytest.raises(LoanInputError) as err:
        LoanSpec(**args)
    assert err.value.flag == flag
    assert err.value.text("en").startswith(flag)
    assert err.value.text("zh").startswith(flag)


def test_spec_accepts_strings_and_normalises() -> None:
    spec = LoanSpec("1,000", "4.9", "12", "Equal_Principal")
    assert spec.principal == D("1000.00") and spec.months == 12
    assert spec.method == "equal-principal"


@pytest.mark.parametrize(
    "text", ["", "abc", "-1000,100*0", "-1000,100*x", "-1000,,100", "-1000,1e999999*2"]
)
def test_malformed_flows(text) -> None:
    with pytest.raises(LoanInputError) as err:
        parse_flows(text)
    assert err.value.flag == "--flows"


def test_flows_without_sign_change_have_no_irr() -> None:
    with pytest.raises(LoanInputError) as err:
        apr_from_flows(parse_flows("100,200*3"))
    assert err.value.flag == "--flows"
    with pytest.raises(LoanInputError):
        apr_from_flows([D(0), D(0)])


def test_irr_with_several_sign_changes_takes_the_root_nearest_zero() -> None:
    # −100 + 230/(1+r) − 132/(1+r)² has roots at 10% and 20% a month.
    result = apr_from_flows([D(-100), D(230), D(-132)])
    assert abs(result.monthly_irr - D(10)) < D("1e-8")


def test_lender_and_borrower_views_give_the_same_rate() -> None:
    borrower = apr_from_flows(parse_flows("-99000,8833.3*12"))
    lender = apr_from_flows(parse_flows("99000,-8833.3*12"))
    assert borrower == lender


def test_apr_fee_validation() -> None:
    spec = LoanSpec(D(1000), D(5), 12)
    with pytest.raises(LoanInputError) as err:
        apr_from_spec(spec, upfront_fee=D(1000))
    assert err.value.flag == "--upfront-fee"
    with pytest.raises(LoanInputError) as err:
        apr_from_spec(spec, flat_monthly_fee_pct=D(-1))
    assert err.value.flag == "--flat-monthly-fee"


# ------------------------------------------------------------------ summary for replies


def test_summary_text_always_carries_the_annualised_rate() -> None:
    spec = LoanSpec(D(200_000), D("4.9"), 36)
    zh = summary_text(spec, "zh")
    assert zh == (
        "贷款20万元，年利率4.90%（年化利率4.90%），36期等额本息，"
        "每月还款5,985.20元，总利息15,467.34元。"
    )
    en = summary_text(spec, "en")
    assert "APR 4.90%" in en and "5,985.20 a month" in en
    for method in ("equal-principal", "interest-only", "bullet"):
        other = LoanSpec(D("123456.78"), D(6), 12, method)
        assert "年化利率" in summary_text(other, "zh")
        assert "APR" in summary_text(other, "en")
    assert "123,456.78元" in summary_text(LoanSpec(D("123456.78"), D(6), 12), "zh")
