"""Resolving and wrap-up: a live call is confirmed first, digits pick an outcome code,
"callback needed" makes a call-back task with a due time that shows in the inbox."""

from __future__ import annotations

from loancs.tui.app import ConsoleApp
from loancs.tui.dialogs.choice import ChoiceDialog, ConfirmDialog, TextDialog
from loancs.tui.i18n import OUTCOMES
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.widgets.inbox_table import waiting_cell
from tests.test_console_flows import wait_for


async def _open(pilot, app, phone: bool) -> ConversationScreen:
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    cid = next(
        c
        for c, r in app.model.conversations.items()
        if app.model.is_mine(r) and (r.get("channel") == "phone") == phone
    )
    app.open_conversation(cid)
    screen = await wait_for(
        pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
    )
    await wait_for(pilot, lambda: screen.data is not None, what="loaded")
    return screen


async def test_resolving_a_live_call_asks_first():
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, phone=True)
        assert screen.note_mode  # on a call the box is a call note
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="back, not resolved")
        assert app.model.conversations[screen.cid]["status"] != "resolved"


async def test_callback_outcome_makes_a_task_in_the_list():
    service = MemoryService()
    app = ConsoleApp(service, lang="zh", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, phone=False)
        cid = screen.cid
        await pilot.press("f8")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen)
        assert [v for v, _ in dialog.options][: len(OUTCOMES)] == list(OUTCOMES)
        await pilot.press(str(OUTCOMES.index("callback") + 1))  # a digit picks the code
        await wait_for(
            pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen is not dialog
        )
        await pilot.press("2")  # in 1 hour
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog), what="note")
        await pilot.press(*"下午", "enter")
        await wait_for(pilot, lambda: service.rows[cid].get("callback_due"), what="call-back")
        row = app.model.conversations[cid]
        assert row.get("callback_due") and service.rows[cid]["status"] == "snoozed"
        assert waiting_cell(row, T0, "zh").plain.startswith("☎")
