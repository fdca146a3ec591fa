"""The compliance panel under the reply box: every hit with its whole reason, rule ids only
on request, a key that applies the suggested rewrite or mask, and a refusal that goes away
once the text is fixed."""

from __future__ import annotations

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.widgets.composer import HitPanel
from tests.test_console_flows import wait_for

ID_NUMBER = "11010519491231002X"


async def _open(pilot, app: ConsoleApp, reply: bool = True) -> ConversationScreen:
    """Open the agent's own (non-phone) conversation; with ``reply``, r into the box."""
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
    if reply:
        await pilot.press("r")
    return screen


def _panel(screen) -> str:
    return str(screen.query_one("#hits-body").render())


async def test_block_reason_fix_key_and_stale_refusal_cleared():
    app = ConsoleApp(MemoryService(), lang="zh", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*"放心，保证通过", "enter")
        status = str(screen.query_one("#send-status").render())
        assert "不能发送" in status and "保证通过" in status
        assert "zh.marketing" not in status  # no rule ids in the agent's face
        panel = _panel(screen)
        hit = screen.composer.hits[0]
        assert hit.message in panel  # the whole reason, not cut
        assert hit.rule not in panel
        await pilot.press("ctrl+o")
        assert hit.rule in _panel(screen)
        await pilot.press("ctrl+f")  # apply the suggested rewrite
        assert "保证通过" not in screen.composer.text
        assert "审核结果为准" in screen.composer.text
        assert "不能发送" not in str(screen.query_one("#send-status").render())


async def test_fix_key_masks_an_id_number_and_every_hit_is_listed():
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(*f"lowest rate, guarantee approval, ID {ID_NUMBER}")
        hits = screen.composer.hits
        assert len(hits) == 3
        panel = _panel(screen)
        assert all(h.match in panel for h in hits)
        assert screen.query_one(HitPanel).can_focus
        await pilot.press("ctrl+f", "ctrl+f")  # both blocks: the rewrite, then the mask
        assert ID_NUMBER not in screen.composer.text
        assert "110***********002X" in screen.composer.text
        assert not any(h.severity == "block" for h in screen.composer.hits)
