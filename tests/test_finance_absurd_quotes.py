"""An absurd rate quote is a figure, not a crash: a daily rate of 1000% and up compounds to a
32-digit effective rate, more digits than the stored 10 places leave room for in 40. Before,
``loancs check "日利率1025%"`` (an agent's typo, a fraud SMS pasted in) and ``loancs calc apr
--daily-rate 1025`` died with ``decimal.InvalidOperation``; the checker runs on every reply an
agent types, so one such line took the warning away."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from loancs.cli import app
from loancs.core.finance.apr import quote_to_apr
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    "text",
    [
        "日利率1025%",
        "日利率0.x1025%，年化29.125%",
        "daily rate 900%, pay it back whenever",
        "Interest is 5000% a day lol",
    ],
)
def test_check_warns_on_an_absurd_daily_rate_instead_of_raising(text: str) -> None:
    report = RULES.check(text)
    hits = [h for h in report.hits if h.category == "rate-disclosure"]
    assert report.verdict != "ok" and hits, report
    assert "%" in (hits[0].suggestion or "")


def test_quote_to_apr_keeps_every_digit_of_a_huge_effective_rate() -> None:
    result = quote_to_apr("daily", Decimal("1025"))
    shown = result.to_json_dict()
    assert shown["apr"] == "374125.00"
    assert shown["monthly_irr"] == "31177.0833"
    assert len(shown["effective_annual_rate"].split(".")[0]) == 32
    # an ordinary quote keeps its 10 stored places
    assert quote_to_apr("daily", Decimal("0.05")).apr == Decimal("18.2500000000")


def test_calc_apr_prints_a_huge_daily_quote() -> None:
    out = CliRunner().invoke(
        app, ["calc", "apr", "--daily-rate", "1025", "--json"], env={"LOANCS_LANG": "en"}
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["apr"] == "374125.00"


@pytest.mark.parametrize("flag,value", [("--daily-rate", "1e30"), ("--monthly-rate", "1e60")])
def test_calc_apr_refuses_a_quote_beyond_a_million_percent_with_a_clear_line(flag, value) -> None:
    # 1e30% a day has an effective rate of ~4,000 digits: it raised decimal.InvalidOperation
    out = CliRunner().invoke(app, ["calc", "apr", flag, value], env={"LOANCS_LANG": "en"})
    assert out.exit_code == 2, out.output
    assert f"{flag}: must be at most 1,000,000 percent, got {value}" in out.output
    assert "Traceback" not in out.output and "InvalidOperation" not in out.output
