"""``loancs calc`` as scripts and agents use it: JSON contract, tables, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from loancs.cli import app

runner = CliRunner()
LOAN = ["--principal", "1000000", "--rate", "4.9", "--months", "360"]


def calc(*args: str, lang: str = "en"):
    return runner.invoke(app, ["calc", *args], env={"LOANCS_LANG": lang, "COLUMNS": "120"})


def calc_json(*args: str) -> dict:
    result = calc(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_schedule_json_contract() -> None:
    data = calc_json("schedule", *LOAN, "--method", "annuity")
    assert data["payment"] == "5307.27"
    assert data["total_interest"] == "910616.19"
    assert data["total_payment"] == "1910616.19"
    assert data["principal"] == "1000000.00" and data["rate"] == "4.90"
    assert data["months"] == 360 and data["method"] == "annuity" and data["rounding"] == "display"
    assert len(data["schedule"]) == 360
    first = data["schedule"][0]
    assert first == {
        "period": 1,
        "payment": "5307.27",
        "principal": "1223.93",
        "interest": "4083.33",
        "balance": "998776.07",
    }
    assert data["schedule"][-1]["balance"] == "0.00"


def test_schedule_ledger_rows_add_up() -> None:
    data = calc_json("schedule", *LOAN, "--rounding", "ledger")
    rows = data["schedule"]
    total = sum(int(r["payment"].replace(".", "")) for r in rows)
    assert f"{total / 100:.2f}" == data["total_payment"]


def test_prepay_json_contract() -> None:
    data = calc_json(
        "prepay", *LOAN, "--after", "24", "--amount", "200000", "--mode", "shorten-term"
    )
    assert data["new_payment"] == "5307.27"
    assert data["remaining_months"] == 220
    assert data["final_payment"] == "4694.59"
    assert data["interest_saved"] == "416255.67"
    assert data["before"] == {"total_interest": "910616.19", "total_payment": "1910616.19"}
    assert data["after_prepayment"]["total_interest"] == "494360.52"
    assert data["schedule"][0]["period"] == 25


def test_prepay_settle_with_penalty() -> None:
    data = calc_json(
        "prepay",
        *["--principal", "120000", "--rate", "6", "--months", "12"],
        *["--method", "equal-principal", "--after", "2", "--mode", "settle"],
        *["--penalty-pct", "2", "--penalty-months", "6", "--days", "15"],
    )
    assert data["settlement_amount"] == "102250.00"
    assert data["penalty"] == "2000.00"
    assert data["accrued_interest"] == "250.00"
    assert data["remaining_months"] == 0 and data["new_payment"] == "0.00"


@pytest.mark.parametrize(
    ("args", "apr", "effective"),
    [
        (["--flows", "-99000,8833.3*12"], "12.80", "13.58"),
        (["--principal", "100000", "--months", "12", "--flat-monthly-fee", "0.5"], "10.90", None),
        (["--daily-rate", "0.05"], "18.25", None),
        ([*LOAN], "4.90", "5.01"),
    ],
)
def test_apr_json(args, apr, effective) -> None:
    data = calc_json("apr", *args)
    assert data["apr"] == apr
    if effective:
        assert data["effective_annual_rate"] == effective
    assert set(data) >= {"apr", "effective_annual_rate", "monthly_irr"}


def test_upfront_fee_raises_apr() -> None:
    plain = calc_json("apr", "--principal", "100000", "--rate", "10", "--months", "12")
    fee = calc_json(
        "apr", "--principal", "100000", "--rate", "10", "--months", "12", "--upfront-fee", "1000"
    )
    assert plain["apr"] == "10.00"
    assert float(fee["apr"]) > 11.8


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["schedule", "--principal", "-5", "--rate", "4", "--months", "12"], "--principal"),
        (["schedule", "--principal", "0", "--rate", "4", "--months", "12"], "--principal"),
        (["schedule", "--principal", "abc", "--rate", "4", "--months", "12"], "--principal"),
        (["schedule", "--rate", "4", "--months", "12"], "--principal"),
        (["schedule", "--principal", "100", "--rate", "101", "--months", "12"], "--rate"),
        (["schedule", "--principal", "100", "--rate", "-1", "--months", "12"], "--rate"),
        (["schedule", "--principal", "100", "--rate", "4", "--months", "0"], "--months"),
        (["schedule", "--principal", "100", "--rate", "4", "--months", "x"], "--months"),
        (["schedule", *LOAN, "--method", "balloon"], "--method"),
        (["schedule", *LOAN, "--rounding", "up"], "--rounding"),
        (["prepay", *LOAN, "--after", "360", "--amount", "1", "--mode", "settle"], "--after"),
        (
            ["prepay", *LOAN, "--after", "12", "--amount", "5000000", "--mode", "reduce-payment"],
            "--amount",
        ),
        (["prepay", *LOAN, "--after", "12", "--mode", "reduce-payment"], "--amount"),
        (["prepay", *LOAN, "--after", "12", "--amount", "1", "--mode", "later"], "--mode"),
        (
            ["prepay", *LOAN, "--after", "1", "--mode", "settle", "--penalty-pct", "x"],
            "--penalty-pct",
        ),
        (["apr", "--flows", "-99000,abc*12"], "--flows"),
        (["apr", "--flows", "100,200*3"], "--flows"),
        (["apr", "--flows", "-100,110", *LOAN], "--flows"),
        (["apr", *LOAN, "--upfront-fee", "2000000"], "--upfront-fee"),
        (["schedule", *LOAN, "--lang", "fr"], "--lang"),
    ],
)
def test_bad_input_is_one_line_naming_the_flag(args, flag) -> None:
    result = calc(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert flag in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_amount_above_balance_says_it_settles() -> None:
    result = calc("prepay", *LOAN, "--after", "12", "--amount", "5000000", "--mode", "shorten-term")
    assert "settle" in result.stderr


def test_errors_in_chinese() -> None:
    result = calc("schedule", "--principal", "0", "--rate", "4", "--months", "12", lang="zh")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误: --principal")
    assert "必须大于0" in result.stderr


def test_human_schedule_shows_head_and_tail_of_long_schedules() -> None:
    result = calc("schedule", *LOAN)
    assert result.exit_code == 0
    out = result.stdout
    assert "5,307.27" in out and "910,616.19" in out
    assert "APR" in out
    assert "│  12 │" in out and "│ 349 │" in out and "│ 360 │" in out
    assert "│  13 │" not in out and "│ 348 │" not in out
    assert "…" in out and "--all" in out
    full = calc("schedule", *LOAN, "--all").stdout
    assert "│  13 │" in full and "│ 200 │" in full


def test_human_output_in_chinese() -> None:
    result = calc("schedule", "--principal", "200000", "--rate", "4.9", "--months", "36", lang="zh")
    assert result.exit_code == 0
    assert "还款计划" in result.stdout and "等额本息" in result.stdout
    assert "年化利率" in result.stdout
    prepay = calc(
        "prepay",
        *["--principal", "200000", "--rate", "4.9", "--months", "36"],
        *["--after", "12", "--amount", "50000", "--mode", "reduce-payment", "--lang", "zh"],
    )
    assert "节省利息" in prepay.stdout and "新月供" in prepay.stdout
    apr = calc("apr", "--flows", "-99000,8833.3*12", lang="zh")
    assert "12.80%" in apr.stdout and "实际年化利率" in apr.stdout


@pytest.mark.parametrize("command", ["schedule", "prepay", "apr"])
def test_every_command_help_carries_an_example(command) -> None:
    result = calc(command, "--help")
    assert result.exit_code == 0
    assert "Example: loancs calc " + command in result.stdout


def test_real_subprocess() -> None:
    env = {**os.environ, "LOANCS_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "loancs", "calc", "schedule", *LOAN, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total_interest"] == "910616.19"
    bad = subprocess.run(
        [sys.executable, "-m", "loancs", "calc", "apr", "--flows", "1,2,3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "--flows" in bad.stderr
