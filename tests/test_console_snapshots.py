"""Snapshots of every console screen, in Chinese and English, at 120×40, and of the inbox
and the conversation (with the compliance panel) also at 80×24 and 200×60, against the
in-memory service with a frozen clock (so nothing on screen depends on when it ran)."""

from __future__ import annotations

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen

SIZE = (120, 40)
LANGS = ["zh", "en"]
SIZES = [(80, 24), (200, 60)]


def make_app(lang: str) -> ConsoleApp:
    return ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False)


async def _settle(pilot) -> None:
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)


async def _loaded(pilot) -> None:
    await _settle(pilot)
    pilot.app.screen.redraw()
    await pilot.pause()


async def _conversation(pilot) -> None:
    await _loaded(pilot)
    await pilot.press("enter")
    await _settle(pilot)
    assert isinstance(pilot.app.screen, ConversationScreen)
    await pilot.press("r", *"保证通过 利率最低")
    await pilot.pause(0.1)


async def _calculator(pilot) -> None:
    await _loaded(pilot)
    await pilot.press("c")
    await _settle(pilot)


async def _help(pilot) -> None:
    await _loaded(pilot)
    await pilot.press("f1")
    await _settle(pilot)


@pytest.mark.parametrize("lang", LANGS)
def test_inbox(snap_compare, lang):
    assert snap_compare(make_app(lang), terminal_size=SIZE, run_before=_loaded)


@pytest.mark.parametrize("lang", LANGS)
def test_conversation_with_customer_pane(snap_compare, lang):
    assert snap_compare(make_app(lang), terminal_size=SIZE, run_before=_conversation)


@pytest.mark.parametrize("lang", LANGS)
def test_calculator(snap_compare, lang):
    assert snap_compare(make_app(lang), terminal_size=SIZE, run_before=_calculator)


@pytest.mark.parametrize("lang", LANGS)
def test_help(snap_compare, lang):
    assert snap_compare(make_app(lang), terminal_size=SIZE, run_before=_help)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inbox_sizes(snap_compare, lang, size):
    assert snap_compare(make_app(lang), terminal_size=size, run_before=_loaded)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_conversation_sizes(snap_compare, lang, size):
    assert snap_compare(make_app(lang), terminal_size=size, run_before=_conversation)
