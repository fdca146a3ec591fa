"""The line under the reply box when the focus moves. It shows the key hint for where the
focus is; a status set there since ("fix applied: read it before you send", "✓ sent", a
block's reason) used to stay when the agent left the box, so the hint for the transcript
(enter or r: write a reply) was hidden until something else was said (verify, session 32).
Now a status gives way to the hint when the focus moves, unless it still holds something
shown nowhere else: a reply in its recall window (ctrl+g) and why a send was refused. After a
block, a fixed text shows the hint again, not an empty line."""

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

EMAIL = {
    "zh": "跟您核对一下，您的邮箱是 zhangwei1988@163.com，对吗？",
    "en": "Just to confirm, your email is zhang.wei88@gmail.com, right?",
}


def line(screen: ConversationScreen) -> str:
    return str(screen.query_one("#send-status").render())


async def _opened(pilot, app: ConsoleApp, service: MemoryService) -> ConversationScreen:
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
    return screen


async def _type(pilot, screen: ConversationScreen, text: str) -> None:
    await pilot.press("r")
    assert isinstance(screen.app.focused, Composer)
    screen.composer.insert(text)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_blocked_reply_fixed_then_left_shows_the_hint(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened(pilot, app, service)
        await _type(pilot, screen, EMAIL[lang])
        await pilot.press("enter")  # refused: the reason on the line
        await pilot.pause()
        assert screen.status_kind == "blocked"
        await pilot.press("ctrl+f")  # the suggested mask
        await pilot.pause()
        assert line(screen) == t("hit.applied", lang)  # said while the box has the focus
        await pilot.press("escape")  # out of the box: the transcript's hint
        await pilot.pause()
        assert app.focused is screen.transcript
        assert line(screen) == t("conv.focus_hint", lang)
        await pilot.press("r")
        await pilot.pause()
        assert line(screen) == t("conv.box_hint", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_block_reason_gives_way_to_the_hint_and_stays_in_the_panel(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened(pilot, app, service)
        await _type(pilot, screen, EMAIL[lang])
        await pilot.press("enter")
        await pilot.pause()
        blocked = line(screen)
        assert screen.status_kind == "blocked" and "@" in blocked
        await pilot.press("escape")
        await pilot.pause()
        assert line(screen) == t("conv.focus_hint", lang)
        # The reason is still where the hits are, while the text holds it.
        assert any(h.severity == "block" for h in screen.composer.hits)
        assert screen.composer.text == EMAIL[lang]
        # Back in the box and the address removed: the hint, not an empty line.
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # refused again
        await pilot.pause()
        assert screen.status_kind == "blocked"
        screen.composer.load_text("")
        screen.composer.insert("ok")
        await pilot.pause()
        assert line(screen) == t("conv.box_hint", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_sent_gives_way_but_a_reply_being_held_stays(lang):
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=30)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened(pilot, app, service)
        await _type(pilot, screen, "ok")
        await pilot.press("enter")  # held for 30 s: ctrl+g recalls it
        await pilot.pause()
        held = line(screen)
        assert "ok" in held and held != t("conv.box_hint", lang)
        await pilot.press("escape")  # the recall window still runs: its line stays
        await pilot.pause()
        assert app.focused is screen.transcript
        assert line(screen) == held
        app.session.recall_seconds = 0
        await pilot.press("r")
        await pilot.pause()
        assert line(screen) == held
        await pilot.press("ctrl+g")  # recalled into the box
        await pilot.pause()
        assert screen.composer.text == "ok"
        assert line(screen) == t("conv.recalled", lang)
        await pilot.press("enter")  # sent at once now
        await wait_for(pilot, lambda: "✓" in line(screen), what="sent")
        await pilot.press("escape")  # "✓ sent" said its piece: the hint
        await pilot.pause()
        assert line(screen) == t("conv.focus_hint", lang)
