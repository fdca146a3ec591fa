"""More of the agent's flows against a real server: a phone call with live transcript and
wrap-up, revealing a masked field (logged), transferring, a failed delivery, search."""

from __future__ import annotations

from loancs.core import protocol as p
from loancs.tui.dialogs.choice import ChoiceDialog, TextDialog
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.widgets.customer_pane import CustomerPane
from tests.test_console_flows import (
    SIZE,
    console,
    customer_writes,
    open_first,
    transcript_of,
    wait_for,
)


async def test_phone_call_live_transcript_and_wrap_up(live_server):
    phone = await live_server.client("phone")
    caller = p.Identity(kind="phone", value="13812345678", name="张三")
    ack = await phone.call(
        p.CallEvent,
        call_id="c1",
        event="started",
        customer=caller,
        hints=p.Hints(loan_type="mortgage"),
    )
    cid = ack.conversation
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        await phone.call(p.CallEvent, call_id="c1", event="answered", agent="王芳")
        await phone.request(
            p.Ingest(
                id=phone.new_id(),
                external_id="c1-1",
                customer=caller,
                body="我想问房贷进度",
                kind="transcript",
                call_id="c1",
            )
        )
        await wait_for(
            pilot,
            lambda: any(
                m.get("kind") == "transcript" for k, m in screen.transcript.entries if k == "msg"
            ),
            what="transcript segment",
        )
        assert "in call" in str(screen.query_one("#conv-head").render())
        await phone.call(
            p.CallEvent, call_id="c1", event="ended", cause="normal_clearing", duration_s=30.0
        )
        dialog = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ChoiceDialog) and app.screen,
            what="wrap-up dialog",
        )
        assert "outcome" in dialog.title_text.lower()
        assert app.model.state == "wrapup"
        await pilot.press("j", "enter")  # second outcome: helped with application
        await wait_for(pilot, lambda: app.model.state == "available", what="available again")
        supervisor = await live_server.client("supervisor", subscribe=False)
        agents = {a["name"]: a for a in await supervisor.call(p.ListAgents)}
        assert agents["王芳"]["state"] == "available"


async def test_reveal_is_explicit_and_logged(live_server):
    cid = await customer_writes(live_server, "你好", "rv1", value="oRevealMe12345678")
    seen = []
    await live_server.client("supervisor", on_event=seen.append)
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        pane = screen.query_one(CustomerPane)
        await wait_for(pilot, lambda: pane.data is not None, what="customer pane")
        body = pane.query_one("#customer-body")
        assert "oRevealMe12345678" not in str(body.render())
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog), what="field choice")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog), what="reason")
        await pilot.press(*"verify identity", "enter")
        await wait_for(
            pilot, lambda: "oRevealMe12345678" in str(body.render()), what="revealed value"
        )
        await wait_for(
            pilot, lambda: any(e.kind == "pii.revealed" for e in seen), what="audit event"
        )
        event = next(e for e in seen if e.kind == "pii.revealed")
        assert event.payload["reason"] == "verify identity" and event.actor == "agent:王芳"


async def test_transfer_to_a_colleague_and_failed_delivery(live_server):
    cid = await customer_writes(live_server, "你好", "tf1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        colleague = await live_server.client(
            "agent2"
        )  # 李强 signs in: transfers need someone there
        await colleague.call(p.SetState, state="available")
        await pilot.press(*"hello", "enter")
        await wait_for(pilot, lambda: screen.composer.text == "", what="sent")
        sent = next(
            m for k, m in screen.transcript.entries if k == "msg" and m.get("direction") == "out"
        )
        wechat = await live_server.client("wechat")
        await wechat.call(
            p.Delivery, message=sent["id"], status="failed", reason="48-hour window closed"
        )
        await wait_for(
            pilot,
            lambda: (
                "48-hour window closed"
                in "".join(str(line.text) for line in screen.transcript.lines)
            ),
            what="failure shown",
        )
        await pilot.press("f6")
        dialog = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ChoiceDialog) and app.screen,
            what="transfer choices",
        )
        assert "李强" in dialog.options[0][1]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog), what="note")
        await pilot.press(*"VIP", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="back to inbox")
        supervisor = await live_server.client("supervisor", subscribe=False)
        data = await supervisor.call(p.GetConversation, conversation=cid)
        assert data["conversation"]["assigned_agent"] != app.model.me


async def test_search_filters_the_inbox(live_server):
    await customer_writes(live_server, "房贷利率多少", "s1", value="oSearchA00000001")
    await customer_writes(live_server, "车贷能提前还吗", "s2", value="oSearchB00000002")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        inbox = app.screen
        await wait_for(pilot, lambda: len(app.model.conversations) == 2, what="two conversations")
        inbox.redraw()
        await pilot.press("slash", *"提前还")
        await pilot.pause(0.1)
        assert len(inbox.table.shown) == 1
        row = app.model.conversations[inbox.table.shown[0]]
        assert "提前还" in row["last_excerpt"]
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert len(inbox.table.shown) == 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), what="opened")


async def test_opening_marks_read_on_the_server(live_server):
    cid = await customer_writes(live_server, "一", "u1")
    await customer_writes(live_server, "二", "u2")
    supervisor = await live_server.client("supervisor", subscribe=False)

    async def unread() -> int:
        rows = await supervisor.call(p.ListConversations, limit=10)
        return next(r["unread"] for r in rows if r["id"] == cid)

    assert await unread() == 2
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, app, cid)
        for _ in range(50):
            if await unread() == 0:
                break
            await pilot.pause(0.05)
        assert await unread() == 0


async def test_search_asks_the_server_when_the_list_was_capped(live_server, monkeypatch):
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", 1)
    await customer_writes(live_server, "房贷利率多少", "c1", value="oCapped000000001")
    await customer_writes(live_server, "最新的一条", "c2", value="oCapped000000002")
    app = console(live_server)
    asked: list[str] = []
    real_call = app.service.call

    async def recording_call(kind, **fields):
        if fields.get("query"):
            asked.append(fields["query"])
        return await real_call(kind, **fields)

    app.service.call = recording_call
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="loaded")
        assert app.model.truncated
        await pilot.press("slash", *"房贷利率")
        inbox = app.screen
        await wait_for(pilot, lambda: "房贷利率" in asked, what="server search")
        await pilot.pause(0.2)
        inbox.redraw()
        assert [app.model.conversations[c]["last_excerpt"] for c in inbox.table.shown] == [
            "房贷利率多少"
        ]


async def test_break_with_a_reason_shows_in_the_header_and_snooze(live_server):
    cid = await customer_writes(live_server, "明天再说", "z1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, app, cid)
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog), what="snooze choices")
        await pilot.press("enter")  # in 15 minutes
        supervisor = await live_server.client("supervisor", subscribe=False)
        for _ in range(50):
            data = await supervisor.call(p.GetConversation, conversation=cid)
            if data["conversation"]["status"] == "snoozed":
                break
            await pilot.pause(0.05)
        assert data["conversation"]["status"] == "snoozed"
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog), what="state choices")
        await pilot.press("j", "enter")  # break
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ChoiceDialog) and "Reason" in app.screen.title_text,
            what="reason",
        )
        await pilot.press("enter")  # lunch
        await wait_for(pilot, lambda: app.model.state == "break", what="on break")
        assert "On break (lunch)" in str(app.screen.query_one("StatusBar").render())
        agents = {a["name"]: a for a in await supervisor.call(p.ListAgents)}
        assert agents["王芳"]["state"] == "break" and agents["王芳"]["state_reason"] == "lunch"


async def test_a_supervisor_whisper_shows_as_a_private_note(live_server):
    from loancs.tui.widgets.transcript import render_message

    cid = await customer_writes(live_server, "在吗", "wh1", value="oWhisper0001")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        supervisor = await live_server.client("supervisor", subscribe=False)
        await supervisor.call(p.Whisper, conversation=cid, body="先核实身份再谈额度")
        entry = await wait_for(
            pilot,
            lambda: next(
                (m for k, m in screen.transcript.entries if m.get("direction") == "whisper"),
                None,
            ),
            what="the whisper in the transcript",
        )
        assert entry["body"] == "先核实身份再谈额度" and entry["author"] == "赵主管"
        shown = render_message(entry, "en").plain
        assert "Supervisor, private" in shown and "先核实身份再谈额度" in shown
        out = [m for m in await transcript_of(live_server, cid) if m["direction"] == "out"]
        assert out == []  # nothing went to the customer


async def test_the_customer_pane_follows_the_open_conversations_status(live_server):
    # The pane is read when the conversation opens ("open"); a reply sent since makes the
    # header say "pending", and the pane's line for this conversation said "open" still.
    cid = await customer_writes(live_server, "你好 在吗", "cp1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        pane = screen.query_one(CustomerPane)
        await wait_for(pilot, lambda: pane.data is not None, what="customer pane")

        def status() -> str | None:
            convs = (pane.data or {}).get("conversations") or []
            return next((c.get("status") for c in convs if c.get("id") == cid), None)

        assert status() == "open"
        await pilot.press(*"您好 请讲")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.composer.text == "", what="reply sent")
        await wait_for(pilot, lambda: screen.row.get("status") == "pending", what="row pending")
        await wait_for(pilot, lambda: status() == "pending", what="pane follows the row")
