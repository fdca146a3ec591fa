"""Switching conversations as fast as an agent types: enter (open), esc (back), j (next row),
enter (open), sent in one read of the terminal (tmux `send-keys`, a quick hand, a loaded
machine). The inbox's enter posted a message that opened the conversation a few turns of the
loop later, and the conversation's esc one that closed it: the keys typed meanwhile went to
the screen still on top, so two conversations were opened on top of each other (esc then
showed the first, not the inbox) and an esc was lost (seen in tmux on the 1M copy, 200x60).
Now enter, j / k and esc act in key order: each key goes to the screen the key before it
left on top."""

from __future__ import annotations

import pytest
from textual import events

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.widgets.composer import Composer
from loancs.tui.widgets.inbox_table import InboxTable
from tests.test_console_flows import wait_for

KEYS = {"enter": "\r", "escape": "\x1b", "j": "j", "k": "k", "r": "r"}


def typed(app: ConsoleApp, *keys: str) -> None:
    """The keys as one read of the terminal gives them: all queued before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, KEYS.get(key, key)))


async def settle(pilot) -> None:
    for _ in range(6):
        await pilot.pause(0.05)


def conversations(app: ConsoleApp) -> list[int]:
    return [s.cid for s in app.screen_stack if isinstance(s, ConversationScreen)]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_enter_esc_j_enter_typed_at_once_opens_the_next_row_alone(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="the inbox")
        await app.workers.wait_for_complete()
        await settle(pilot)
        table = app.screen.query_one(InboxTable)
        first, second, third = table.shown[:3]
        typed(app, "enter", "escape", "j", "enter")
        await settle(pilot)
        assert conversations(app) == [second]
        typed(app, "escape", "j", "enter", "escape", "k", "enter")
        await settle(pilot)
        assert conversations(app) == [second]  # (third opened and left on the way)
        typed(app, "escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert conversations(app) == []
        assert table.selected_id() == second
        # r right after the open goes into the new conversation's reply box
        typed(app, "j", "enter", "r", "o", "k")
        await settle(pilot)
        assert conversations(app) == [third]
        assert isinstance(app.focused, Composer)
        assert app.screen.composer.text == "ok"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_search_box_still_takes_j_k_enter_and_esc(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="the inbox")
        await app.workers.wait_for_complete()
        await settle(pilot)
        inbox = app.screen
        await pilot.press("slash")
        await pilot.press("j", "k")
        assert inbox.query_text == "jk"
        await pilot.press("backspace", "backspace")
        await pilot.press("escape")
        await settle(pilot)
        assert inbox.query_text == ""
        assert conversations(app) == []
        # enter in the box opens the first match (it raised SkipAction and closed the
        # console: the focus was still in the box)
        table = inbox.query_one(InboxTable)
        first = service.rows[table.shown[0]]["last_excerpt"][:4]
        await pilot.press("slash", *first)
        await settle(pilot)
        assert inbox.query_text == first
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert len(conversations(app)) == 1
        assert first in service.rows[conversations(app)[0]]["last_excerpt"]


async def _inbox_rows(app, pilot):
    """The inbox built, its loads done: the first five rows shown."""
    await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="the inbox")
    await app.workers.wait_for_complete()
    await settle(pilot)
    return app.screen.query_one(InboxTable).shown[:5]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_esc_and_a_key_typed_quickly_twice_in_a_row_keep_their_order(lang):
    """A terminal reads esc then j typed within its escape delay as alt+j (loancs/tui/esc.py
    holds the j until the esc has acted). Two such pairs 50 ms apart: the first pair's held
    keys were posted behind the second pair, so the wrong conversation opened and the last
    enter went into its reply box (tmux, 200x60, load 15)."""
    import asyncio

    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(200, 60)) as pilot:
        rows = await _inbox_rows(app, pilot)
        typed(app, "j", "j", "enter")
        await asyncio.sleep(0.05)
        app.post_message(events.Key("alt+j", None))
        typed(app, "enter")
        await asyncio.sleep(0.05)
        app.post_message(events.Key("alt+j", None))
        typed(app, "enter")
        for _ in range(3):
            await settle(pilot)
        assert conversations(app) == [rows[4]]
        assert app.focused is app.screen.transcript


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_esc_and_a_key_typed_twice_in_one_read_close_the_conversation_being_built(lang):
    """The same keys in one read of the terminal (a console the machine starves reads them
    all at once): the enter that opens a conversation pushes its screen, which builds itself
    after the keys behind it are read. The next esc (out of alt+j) found no reply box there:
    action_back raised NoMatches, the esc was lost and the wrong conversation stayed open
    (the race that made the test above fail 1-2 of 2 quiet runs)."""
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(200, 60)) as pilot:
        rows = await _inbox_rows(app, pilot)
        typed(app, "j", "j", "enter")
        app.post_message(events.Key("alt+j", None))
        typed(app, "enter")
        app.post_message(events.Key("alt+j", None))
        typed(app, "enter")
        for _ in range(3):
            await settle(pilot)
        assert conversations(app) == [rows[4]]
        assert app.focused is app.screen.transcript
