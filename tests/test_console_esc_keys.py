"""Esc then a key, typed quickly, reach the console as esc and that key. A terminal sends esc
as the byte ESC and alt+q as ESC q, so "esc esc q" typed within Textual's escape delay (a
quick hand, `tmux send-keys Escape Escape q`, a console the machine starves) is read as esc
and alt+q: the agent left the reply box, and then nothing happened, neither back to the
inbox nor the quit prompt (verify, session 32: "q after Esc Esc did not end the demo")."""

from __future__ import annotations

import pytest
from textual._xterm_parser import XTermParser

from loancs.tui.app import ConsoleApp
from loancs.tui.dialogs.choice import ConfirmDialog
from loancs.tui.i18n import t
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.state import Offer
from loancs.tui.widgets.composer import Composer
from tests.test_console_flows import wait_for


def test_the_terminal_reads_esc_and_a_quick_key_as_alt():
    """Why: the bytes of esc esc q, read at once, are esc and alt+q."""
    parser = XTermParser()
    keys = [e.key for e in parser.feed("\x1b\x1bq")] + [e.key for e in parser.feed("")]
    assert keys == ["escape", "alt+q"]


async def _in_the_box(pilot, app: ConsoleApp, service: MemoryService) -> ConversationScreen:
    """Accept an offer with a; r into the box and type a reply (not sent)."""
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    offer = [c for c, r in service.rows.items() if r["assigned_agent"] is None][1]
    app.model.offers[offer] = Offer(offer, "skill", T0 + 60_000, {})
    inbox = app.screen
    assert isinstance(inbox, InboxScreen)
    inbox.redraw()
    await pilot.pause()
    await pilot.press("a")
    screen = await wait_for(
        pilot,
        lambda: isinstance(app.screen, ConversationScreen) and app.screen,
        what="the accepted conversation",
    )
    await wait_for(pilot, lambda: screen.data is not None, what="transcript loaded")
    await pilot.press("r", "o", "k")
    assert isinstance(app.focused, Composer)
    assert screen.composer.text == "ok"
    return screen


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_esc_esc_q_typed_quickly_asks_to_quit(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _in_the_box(pilot, app, service)
        await pilot.press("escape")  # out of the box
        await pilot.pause()
        assert app.focused is screen.transcript
        await pilot.press("alt+q")  # esc q, as the terminal gives them when typed quickly
        dialog = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ConfirmDialog) and app.screen,
            what="the quit prompt",
        )
        # The esc closed the conversation first: the prompt is over the inbox.
        assert isinstance(app.screen_stack[-2], InboxScreen)
        assert dialog.title_text == t("dlg.quit_title", lang)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None, what="the console ended")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_keys_typed_after_a_quick_esc_keep_their_order(lang):
    """esc, q and n typed at once: back to the inbox, the prompt, and "no" answers it (the n
    does not overtake the q the esc held back). The draft stays."""
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _in_the_box(pilot, app, service)
        await pilot.press("escape", "alt+q", "n")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InboxScreen) and app.held_keys is None,
            what="the inbox, the prompt answered",
        )
        await pilot.pause(0.2)
        assert isinstance(app.screen, InboxScreen)
        assert app.return_code is None  # still running
        assert app.model.drafts.get(screen.cid) == "ok"


async def test_the_desk_reads_esc_then_q_typed_quickly_as_both(live_server) -> None:
    """The supervisor's desk: esc (back from the monitor to the wallboard) and q (quit) typed
    at once arrive as alt+q; the desk goes back and quits, as typed."""
    from loancs.tui.desk.app import MonitorScreen
    from tests.test_supervisor_desk import desk, select, settle, traffic

    convs = await traffic(live_server, 1)
    app = desk(live_server, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.5)
        await select(pilot, "work", str(convs[0]))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MonitorScreen)
        await pilot.press("alt+q")
        await wait_for(pilot, lambda: app.return_code is not None, what="the desk ended")
