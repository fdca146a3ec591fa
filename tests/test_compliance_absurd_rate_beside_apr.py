"""A huge rate beside a stated APR is a figure to warn about, not a crash. The English reader that
asks whether a stated APR covers a quote compounds the quote over the year in floats: a daily
rate of 650% and up (a typo, a fraud SMS pasted in, a loan shark's terms read back) compounds past
1e308 and raised ``OverflowError``. The checker runs on every keystroke of an agent's reply in the
console and on every reply the server receives, so before the fix typing "daily rate 700%, APR
18.25%" closed the agent's console, the server answered the reply with "internal", and
``loancs check`` died with a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process
from tests.test_console_compliance_panel import _open, _panel

HUGE = [
    "daily rate 700%, APR 18.25%",
    "Our daily rate is 650%, equivalent to an APR of 18.25%.",
    "5000% a day (representative APR 0%)",
    "weekly rate 9000%, that is an APR of 20%",
    "daily rate 1000000% over 3 years, APR 18.25%, monthly payment £18.25",
]


@pytest.mark.parametrize("text", HUGE)
def test_a_huge_quote_beside_a_stated_apr_warns(text: str) -> None:
    report = RULES.check(text)
    rates = [h for h in report.hits if h.category == "rate-disclosure"]
    assert report.verdict == "warn" and rates, report
    # the stated APR is not what the quote comes to: the warning says so with a figure
    assert "%" in (rates[0].suggestion or "")


def test_an_ordinary_quote_covered_by_its_apr_still_passes() -> None:
    rules = RULES
    assert rules.check("Interest is 0.05% per day, which is 18.25% APR.").verdict == "ok"
    assert rules.check("£7 per £100 per week, a representative APR of 3,273%").verdict == "ok"


def test_loancs_check_prints_the_warning() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "check", "--json", "daily rate 700%, APR 18.25%"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    report = json.loads(out.stdout)
    assert report["verdict"] == "warn"
    assert [h["rule"] for h in report["hits"]] == ["en.rate.daily-without-apr"]


async def test_typing_it_in_the_console_keeps_the_console_and_shows_the_warning() -> None:
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*"daily rate 700%, APR 18.25%")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert screen.composer.text == "daily rate 700%, APR 18.25%"
        assert any(h.category == "rate-disclosure" for h in screen.composer.hits)
        assert "APR" in _panel(screen)
