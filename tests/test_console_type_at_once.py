"""A reply typed the moment a conversation opens keeps every letter. (In a terminal a burst of
keys arrives together, and a key forwarded to the transcript used to wait in its queue while a
later priority key, the r of "Sure", ran at once: in tmux "Sure" came out as "e". The pilot
below presses keys one by one or posts them as one burst; the tmux run in session34-lead.md is
the check of the terminal's order.)"""

from __future__ import annotations

import pytest
from textual import events

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from tests.test_console_compliance_panel import _open


def _app(lang: str) -> ConsoleApp:
    return ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)


@pytest.mark.parametrize(
    "lang,typed", [("en", "Sure, one moment"), ("zh", "Okay 好的"), ("zh", "好的 马上帮您查")]
)
async def test_typing_right_after_opening_your_conversation(lang: str, typed: str) -> None:
    app = _app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, reply=False)
        await pilot.press(*typed)
        await pilot.pause()
        assert screen.composer.text == typed


@pytest.mark.parametrize("first", ["r", "i", "enter"])
async def test_the_keys_into_the_box_still_type_nothing_extra(first: str) -> None:
    """r, i or enter first (the transcript's key hint) is still the way into the box."""
    app = _app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, reply=False)
        await pilot.press(first, *"ready when you are")
        await pilot.pause()
        assert screen.composer.text == "ready when you are"


@pytest.mark.parametrize("lang,typed", [("en", "Sure, one moment"), ("zh", "好的 right away")])
async def test_a_burst_posted_at_once_arrives_whole(lang: str, typed: str) -> None:
    app = _app(lang)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await _open(pilot, app, reply=False)
        for ch in typed:
            app.post_message(events.Key("space" if ch == " " else ch, ch))
        await pilot.pause(0.3)
        assert screen.composer.text == typed
