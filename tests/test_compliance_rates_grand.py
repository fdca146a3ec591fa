"""A figure in digits before "grand" / "thousand" / "hundred" is what the word multiplies.

Seen by two outside readers in session 27: "borrow 10 grand for only 2 bucks a day" was read as
2 a day on 1,000 (0.2% a day, "an APR of 73%") because "grand" alone was read as 1,000; it is 2 a
day on 10,000: 0.02% a day, 7.3% a year. The check's suggestion and the assistant's answer both
come from this reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from loancs.core.compliance.rates import read_rates
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "daily_pct"),
    [
        ("borrow 10 grand for only 2 bucks a day", Decimal("0.02")),
        ("Borrow 10 thousand and pay 2 dollars a day", Decimal("0.02")),
        ("borrow 2.5 grand and pay 1 dollar a day", Decimal("0.04")),
        ("borrow 5 hundred and pay 1 dollar a day", Decimal("0.2")),
        # unchanged forms: words, "k", a figure alone, "a grand"
        ("borrow ten grand for two bucks a day", Decimal("0.02")),
        ("borrow 10k for 2 bucks a day", Decimal("0.02")),
        ("A grand costs you three bucks a day in interest", Decimal("0.3")),
    ],
)
def test_a_daily_cost_on_a_sum_said_with_grand_or_thousand(text: str, daily_pct: Decimal) -> None:
    quotes = read_rates(text)
    assert [(q.kind, q.rate_pct) for q in quotes] == [("daily", daily_pct)]


def test_the_check_suggests_the_apr_of_the_whole_sum() -> None:
    result = RULES.check("Borrow 10 grand and pay just 2 bucks a day in interest.")
    (hit,) = [h for h in result.hits if h.category == "rate-disclosure"]
    assert "7.30%" in hit.suggestion


def test_the_assistant_answers_7_3_not_73(tmp_path: Path) -> None:
    question = "ad said borrow 10 grand for only 2 bucks a day. whats the real apr on that"
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "ask", "--batch", "--json"],
        input=json.dumps({"text": question}) + "\n",
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    answer = json.loads(out.splitlines()[0])["answer"]
    assert "7.3%" in answer and "73%" not in answer
