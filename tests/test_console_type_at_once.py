"""A reply typed the moment a conversation opens keeps every letter."""

from __future__ import annotations

import pytest
from textual import events

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from tests.test_console_flows import wait_for


@pytest.mark.parametrize(
    "lang,typed", [("en", "Sure, one moment"), ("zh", "Okay 好的"), ("zh", "好的 马上帮您查")]
)
async def test_typing_right_after_opening_your_conversation(lang: str, typed: str) -> None:
    app = ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(
            c
            for c, r in app.model.conversations.items()
            if app.model.is_mine(r) and r.get("channel") != "phone"
        )
        app.open_conversation(cid)
        screen = await wait_for(
            pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
        )
        await pilot.press(*typed)
        await pilot.pause()
        assert screen.composer.text == typed


@pytest.mark.parametrize("first", ["r", "i", "enter"])
async def test_the_keys_into_the_box_still_type_nothing_extra(first: str) -> None:
    """r, i or enter first (the transcript's key hint) is still the way into the box."""
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(
            c
            for c, r in app.model.conversations.items()
            if app.model.is_mine(r) and r.get("channel") != "phone"
        )
        app.open_conversation(cid)
        screen = await wait_for(
            pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
        )
        await pilot.press(first, *"ready when you are")
        await pilot.pause()
        assert screen.composer.text == "ready when you are"


@pytest.mark.parametrize("lang,typed", [("en", "Sure, one moment"), ("zh", "好的 right away")])
async def test_a_burst_read_at_once_keeps_its_order(lang: str, typed: str) -> None:
    """A terminal delivers a burst of keys together: a key forwarded to the transcript waited
    in its queue while the r of "Sure" (a priority key) ran at once, so in tmux "Sure" came
    out as "e" even after the pilot's one-by-one presses passed. Posted as one burst here."""
    app = ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(
            c
            for c, r in app.model.conversations.items()
            if app.model.is_mine(r) and r.get("channel") != "phone"
        )
        app.open_conversation(cid)
        screen = await wait_for(
            pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
        )
        for ch in typed:
            app.post_message(events.Key("space" if ch == " " else ch, ch))
        await pilot.pause(0.3)
        assert screen.composer.text == typed
