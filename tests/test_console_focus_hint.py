"""The key hint under the reply box says what the keys do where the focus is. A conversation
accepted with a opens with the transcript focused and "enter or r: write a reply"; once the
box has the focus (enter, r, or a tmux `send-keys a Enter`), that line was left as it was, so
an agent who then typed r to "write a reply" put an r into the box."""

from __future__ import annotations

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.i18n import t
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.state import Offer
from loancs.tui.widgets.composer import Composer
from tests.test_console_flows import wait_for


def hint_of(screen: ConversationScreen) -> str:
    return str(screen.query_one("#send-status").render())


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_hint_follows_the_focus_after_an_accept(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        offer = [c for c, r in service.rows.items() if r["assigned_agent"] is None][1]
        app.model.offers[offer] = Offer(offer, "skill", T0 + 60_000, {})
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        inbox.redraw()
        await pilot.pause()
        await pilot.press("a")  # accept the first offer: the conversation opens by itself
        screen = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ConversationScreen) and app.screen,
            what="the accepted conversation",
        )
        await wait_for(pilot, lambda: screen.data is not None, what="transcript loaded")
        assert screen.cid == offer
        # Opened: the transcript has the focus, and the line says how to get into the box.
        assert app.focused is screen.transcript
        assert hint_of(screen) == t("conv.focus_hint", lang)
        await pilot.press("enter")  # (tmux: send-keys a Enter) into the box
        assert isinstance(app.focused, Composer)
        await pilot.pause()
        # In the box the line no longer offers "enter or r: write a reply".
        assert hint_of(screen) != t("conv.focus_hint", lang)
        assert hint_of(screen) == t("conv.box_hint", lang)
        await pilot.press("r")  # a letter here, as the line now says
        assert screen.composer.text == "r"
        await pilot.press("escape")  # out of the box: the transcript, and its hint, again
        await pilot.pause()
        assert app.focused is screen.transcript
        assert hint_of(screen) == t("conv.focus_hint", lang)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.focused, Composer)
        assert hint_of(screen) == t("conv.box_hint", lang)
