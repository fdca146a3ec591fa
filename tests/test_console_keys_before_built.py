"""A key typed the instant a conversation opens can reach the screen's bindings before its
panes are mounted: "thanks" typed at once, its h (the key that moves the focus to the
compliance hits) ran action_focus_hits on a screen with no HitPanel yet, and query_one's
NoMatches closed the whole console (1 run in ~37 of test_console_reply_first_letter). The
pane keys now skip (the letter goes on as a key) until the screen is built, and act as
before once it is."""

from __future__ import annotations

import pytest
from textual.actions import SkipAction

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.widgets.composer import HitPanel
from loancs.tui.widgets.customer_pane import CustomerPane
from loancs.tui.widgets.transcript import Transcript
from tests.test_console_compliance_panel import _open

PANE_ACTIONS = [
    "action_focus_hits",
    "action_hit_details",
    "action_focus_transcript",
    "action_focus_customer",
    "action_scroll_down",
    "action_scroll_up",
]


@pytest.mark.parametrize("action", PANE_ACTIONS)
async def test_a_pane_key_on_a_screen_not_yet_built_is_skipped_not_a_crash(action):
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(c for c, r in app.model.conversations.items() if app.model.is_mine(r))
        screen = ConversationScreen(app.session, cid, "en")  # built, not yet composed
        with pytest.raises(SkipAction):
            getattr(screen, action)()
        assert app.is_running


@pytest.mark.parametrize("key,pane", [("h", HitPanel), ("t", Transcript), ("p", CustomerPane)])
async def test_the_pane_keys_still_move_the_focus_once_the_screen_is_built(key, pane):
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, reply=False)
        await pilot.pause(0.2)
        await pilot.press(key)
        await pilot.pause(0.2)
        assert isinstance(app.focused, pane)
        assert app.screen is screen
