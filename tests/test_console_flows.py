"""The agent's day in the console, against a real server on a temp database: open a
conversation, reply, get blocked by compliance, use the calculator, resolve, survive a
server restart without losing a half-typed reply."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.tui.app import ConsoleApp, HeldReply
from loancs.tui.screens.calculator import CalculatorScreen
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.service import LiveService
from loancs.tui.widgets.composer import HitPanel
from loancs.tui.widgets.customer_pane import CustomerPane
from tests.conftest import make_config

SIZE = (120, 40)


async def wait_for(pilot, condition, timeout: float = 30.0, what: str = "condition"):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        result = condition()
        if result:
            return result
        await pilot.pause(0.05)
    # A loaded machine can hold the loop past the deadline while the condition came true:
    # look once more before failing.
    result = condition()
    if result:
        return result
    raise AssertionError(f"timed out waiting for {what}")


async def customer_writes(live, body: str, external_id: str, value: str = "oCustomer0001") -> int:
    wechat = await live.client("wechat")
    ack = await wechat.call(
        p.Ingest,
        external_id=external_id,
        customer=p.Identity(kind="wechat", value=value, name="张三"),
        body=body,
        hints=p.Hints(loan_type="mortgage", amount="300000"),
    )
    return ack.conversation


async def transcript_of(live, conversation: int) -> list[dict]:
    supervisor = await live.client("supervisor", subscribe=False)
    data = await supervisor.call(p.GetConversation, conversation=conversation)
    return data["messages"]


def console(live, lang: str = "en", recall_seconds: float = 0) -> ConsoleApp:
    """The console against the live server; replies go out at once unless a test asks for
    the recall window."""
    service = LiveService(live.url, live.tokens["agent"])
    return ConsoleApp(service, lang=lang, recall_seconds=recall_seconds)


async def open_first(pilot, app: ConsoleApp, cid: int) -> ConversationScreen:
    await wait_for(
        pilot, lambda: cid in app.model.conversations, what="the conversation in the inbox"
    )
    inbox = app.screen
    assert isinstance(inbox, InboxScreen)
    inbox.redraw()
    await pilot.pause()
    inbox.table.move_cursor(row=inbox.table.shown.index(cid))
    await pilot.press("a")  # accept it: the conversation opens by itself
    await wait_for(
        pilot,
        lambda: app.model.conversations[cid].get("assigned_agent") == app.model.me,
        what="accepted",
    )
    screen = await wait_for(
        pilot,
        lambda: isinstance(app.screen, ConversationScreen) and app.screen.cid == cid and app.screen,
        what="conversation screen",
    )
    await wait_for(pilot, lambda: screen.data is not None, what="transcript loaded")
    assert app.focused is screen.transcript  # j/k scroll, never type
    await pilot.press("r")  # into the reply box
    assert app.focused is screen.composer
    return screen


async def test_open_reply_and_see_customer_live(live_server):
    cid = await customer_writes(live_server, "我的房贷审批到哪一步了？[bold]急[/bold]", "m1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        # The customer's text is shown literally, markup and all.
        assert any("[bold]急[/bold]" in (m.get("body") or "") for _, m in screen.transcript.entries)
        await wait_for(
            pilot, lambda: screen.query_one(CustomerPane).data is not None, what="customer pane"
        )
        assert "oCus…0001" in str(
            screen.query_one(CustomerPane).query_one("#customer-body").render()
        )
        await pilot.press(*"您好 正在为您查询")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.composer.text == "", what="composer cleared after ack")
        out = [m for m in await transcript_of(live_server, cid) if m["direction"] == "out"]
        assert [m["body"] for m in out] == ["您好 正在为您查询"]
        # A new customer message appears live, once.
        await customer_writes(live_server, "好的，谢谢", "m2")
        await wait_for(
            pilot,
            lambda: any(
                m.get("body") == "好的，谢谢" for k, m in screen.transcript.entries if k == "msg"
            ),
            what="live message",
        )
        bodies = [m.get("body") for k, m in screen.transcript.entries if k == "msg"]
        assert bodies.count("好的，谢谢") == 1 and bodies.count("您好 正在为您查询") == 1


async def test_compliance_block_stops_sending(live_server):
    cid = await customer_writes(live_server, "能批吗", "b1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        await pilot.press(*"放心 保证通过")
        composer = screen.composer
        assert [h.severity for h in composer.hits] == ["block"]
        hit = composer.hits[0]
        assert composer.text[hit.start : hit.end] == "保证通过"
        # The highlight is on exactly those characters in the rendered line.
        line = composer.get_line(0)
        styled = [span for span in line.spans if span.style and "underline" in str(span.style)]
        assert [(s.start, s.end) for s in styled] == [(hit.start, hit.end)]
        await pilot.press("enter")
        status = str(screen.query_one("#send-status").render())
        assert "Cannot send" in status and "保证通过" in status
        assert composer.text == "放心 保证通过"  # nothing lost
        assert [m for m in await transcript_of(live_server, cid) if m["direction"] == "out"] == []
        # The server refuses too, and the console shows its reasons.
        app.outbox.send_reply(HeldReply(cid, "保证通过！", "key-1"))
        await wait_for(
            pilot,
            lambda: "refused" in str(screen.query_one("#send-status").render()),
            what="server refusal",
        )
        assert screen.query_one(HitPanel).hits[0].rule == hit.rule
        assert composer.text == "保证通过！\n放心 保证通过"  # the refused text is back in the box


async def test_calculator_inserts_compliant_summary_then_resolve(live_server):
    cid = await customer_writes(live_server, "30万贷36期月供多少？", "c1")
    app = console(live_server, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        await pilot.press("f4")
        calc = await wait_for(
            pilot,
            lambda: isinstance(app.screen, CalculatorScreen) and app.screen,
            what="calculator",
        )
        assert calc.query_one("#principal").value == "300000"
        calc.query_one("#months").value = ""
        await pilot.click("#months")
        await pilot.press("2", "4")
        await pilot.pause()
        assert "每月还款" in str(calc.query_one("#calc-summary").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, what="back in the conversation")
        text = screen.composer.text
        assert "年化利率" in text and "24期" in text
        assert screen.composer.hits == [] or all(
            h.severity != "block" for h in screen.composer.hits
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.composer.text == "", what="summary sent")
        await pilot.press("f8")
        await pilot.pause(0.2)
        await pilot.press("enter")  # first outcome
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="back to the inbox")
        supervisor = await live_server.client("supervisor", subscribe=False)
        data = await supervisor.call(p.GetConversation, conversation=cid)
        assert data["conversation"]["status"] == "resolved"
        assert any("年化利率" in m["body"] for m in data["messages"] if m["direction"] == "out")


async def test_reconnect_keeps_draft_and_resumes_without_gaps(live_server):
    cid = await customer_writes(live_server, "在吗", "r1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        await pilot.press(*"half typed")
        port = live_server.server.port
        await live_server.server.stop()
        await wait_for(
            pilot, lambda: app.link_state in ("reconnecting", "server_stopping"), what="banner"
        )
        assert "reconnect" in str(screen.query_one("StatusBar").render()).lower()
        server = LoancsServer(_config(live_server.db, port))
        await server.start()
        try:
            wechat_url = server.url
            assert wechat_url.endswith(str(port))
            await wait_for(
                pilot, lambda: app.link_state == "connected", timeout=15, what="reconnected"
            )
            from loancs.client import LoancsClient

            async with LoancsClient(server.url, live_server.tokens["wechat"]) as wechat:
                await wechat.call(
                    p.Ingest,
                    external_id="r2",
                    customer=p.Identity(kind="wechat", value="oCustomer0001"),
                    body="还在吗？",
                )
            await wait_for(
                pilot,
                lambda: any(
                    m.get("body") == "还在吗？" for k, m in screen.transcript.entries if k == "msg"
                ),
                what="message after reconnect",
            )
            bodies = [m.get("body") for k, m in screen.transcript.entries if k == "msg"]
            assert bodies == ["在吗", "还在吗？"]
            assert screen.composer.text == "half typed"
            assert app.screen is screen
        finally:
            await app.service.close()
            await server.stop()


def _config(db, port):
    config = make_config(db)
    config.port = port
    return config


def test_console_never_imports_the_store():
    code = "import sys, loancs.tui.app, loancs.commands.console; print([m for m in sys.modules if m.startswith('loancs.store') or m.startswith('loancs.server')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_catalogue_complete(lang):
    from loancs.tui.i18n import CATALOGUE

    for key, (zh, en) in CATALOGUE.items():
        assert zh and en, key


async def test_wait_for_looks_once_more_when_the_loop_was_held_past_its_deadline():
    """On a loaded machine the loop can be held past the deadline while the condition came
    true: the helper looks once more before it fails."""
    import time

    class HeldPilot:
        async def pause(self, seconds: float) -> None:
            time.sleep(0.3)  # the loop held (another test's work, a slow compile)

    start = time.monotonic()
    assert await wait_for(HeldPilot(), lambda: time.monotonic() - start > 0.25, timeout=0.1)
