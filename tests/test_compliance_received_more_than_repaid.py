"""More received than repaid is no rate, not a crash. The Chinese reader of "借X，到手Y，N天后还Z"
works out the price of the money from what the borrower gets and what he pays back; when the sum
received is larger than the sum repaid (a typo that drops a comma: "到手4500130天后还5000", or a
garbled paste) the figure came out below zero and the shared calculator refused it with
``LoanInputError``. The checker runs on every keystroke of an agent's reply, so before the fix
typing such a line closed the agent's console and ``loancs check`` died with a traceback (found by
mutating labelled lines: 1 crash in ~365,000 texts)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process
from tests.test_console_compliance_panel import _open

GARBLED = [
    "借款5000元，到手9000，30天后还5000",
    "借款5000元，实际，到手4500130天后还5000就行日息，非常简单",
    "借一万，到手一万二，一个月后还一万",
    "借款5000元, 到手9000, 30天后还5000",
]
TYPED = GARBLED[-1]  # what an agent types on a keyboard with ASCII punctuation


@pytest.mark.parametrize("text", GARBLED)
def test_more_received_than_repaid_is_checked_without_a_rate(text: str) -> None:
    report = RULES.check(text)
    assert not [h for h in report.hits if h.category == "rate-disclosure"], report


def test_the_ordinary_form_still_warns() -> None:
    report = RULES.check("借款5000元，到手4500，30天后还5000")
    assert report.verdict == "warn"
    assert [h.category for h in report.hits] == ["rate-disclosure"]


def test_loancs_check_answers() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "check", "--json", GARBLED[0]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["verdict"] == "ok"


async def test_typing_it_in_the_console_keeps_the_console() -> None:
    app = ConsoleApp(MemoryService(), lang="zh", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*TYPED)
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert screen.composer.text == TYPED
