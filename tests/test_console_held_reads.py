"""What the console shows when a read it asked for is answered after live events it already
applied (issue 18, a busy server): the read may predate them and must not undo them. Each test
holds the server's read until the event has reached the console, then lets the old answer go.
The inbox's rows: tests/test_inbox_pages.py (``..._does_not_undo_it``)."""

from __future__ import annotations

import asyncio

from loancs.core import protocol as p
from loancs.store import queries
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.widgets.customer_pane import CustomerPane
from tests.test_console_flows import SIZE, console, customer_writes, transcript_of, wait_for


def _bodies(screen: ConversationScreen) -> list[str]:
    return [item.get("body") for kind, item in screen.transcript.entries if kind == "msg"]


async def test_a_message_that_arrives_while_the_transcript_loads_stays(
    live_server, monkeypatch
) -> None:
    """The agent opens a conversation; the server reads its transcript, then the customer
    writes again and that message reaches the screen before the transcript does. The
    transcript read before it must not wipe it: the agent sees the customer's last words."""
    cid = await customer_writes(live_server, "在吗", "held-1")
    agent = await live_server.client("agent", subscribe=False)
    await agent.call(p.Accept, conversation=cid)
    gate, held = asyncio.Event(), []
    read = queries.get_conversation

    async def held_read(store, conversation, before, limit):
        data = await read(store, conversation, before, limit)
        if conversation == cid and limit > 1 and not gate.is_set():
            held.append([m["body"] for m in data["messages"]])
            await gate.wait()  # read before the customer's second message, answered after it
        return data

    monkeypatch.setattr(queries, "get_conversation", held_read)
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: cid in app.model.conversations, what="the inbox")
        app.open_conversation(cid)
        screen = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ConversationScreen) and app.screen,
            what="the conversation screen",
        )
        await wait_for(pilot, lambda: held, what="the server's read of the transcript")
        assert held == [["在吗"]]
        await customer_writes(live_server, "还在吗？我的贷款批了没有", "held-2")
        await wait_for(
            pilot,
            lambda: "还在吗？我的贷款批了没有" in _bodies(screen),
            what="the second message, live",
        )
        gate.set()  # the old transcript arrives now
        await wait_for(pilot, lambda: "在吗" in _bodies(screen), what="the transcript loaded")
        await pilot.pause()
        assert _bodies(screen) == ["在吗", "还在吗？我的贷款批了没有"]
        # and the screen still takes a message it already showed only once
        await customer_writes(live_server, "第三句", "held-3")
        await wait_for(pilot, lambda: "第三句" in _bodies(screen), what="the third message")
        assert _bodies(screen) == ["在吗", "还在吗？我的贷款批了没有", "第三句"]


async def test_a_delivery_failure_heard_while_the_transcript_loads_is_shown(
    live_server, monkeypatch
) -> None:
    """The agent opens a conversation she replied in; the server reads its transcript, then
    the gateway reports that the reply did not reach the customer, and that report reaches
    the screen before the transcript does. The transcript read before it must not hide it:
    the agent sees that her reply failed, and why."""
    cid = await customer_writes(live_server, "在吗", "held-dl-1")
    agent = await live_server.client("agent", subscribe=False)
    await agent.call(p.Accept, conversation=cid)
    await agent.call(p.Reply, conversation=cid, body="您好，请问有什么可以帮您？")
    (sent,) = [m for m in await transcript_of(live_server, cid) if m["direction"] == "out"]
    gate, held = asyncio.Event(), []
    read = queries.get_conversation

    async def held_read(store, conversation, before, limit):
        data = await read(store, conversation, before, limit)
        if conversation == cid and limit > 1 and not gate.is_set():
            held.append([m["delivery"] for m in data["messages"] if m["id"] == sent["id"]])
            await gate.wait()  # read before the failure was reported, answered after it
        return data

    monkeypatch.setattr(queries, "get_conversation", held_read)
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: cid in app.model.conversations, what="the inbox")
        app.open_conversation(cid)
        screen = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ConversationScreen) and app.screen,
            what="the conversation screen",
        )
        await wait_for(pilot, lambda: held, what="the server's read of the transcript")
        assert held == [["queued"]]  # (the gateway has not reported yet)
        wechat = await live_server.client("wechat")
        await wechat.call(
            p.Delivery, message=sent["id"], status="failed", reason="48-hour window closed"
        )
        # Events reach the console in order: once the customer's next message is on the
        # screen, so was the failure (which, the transcript not loaded yet, marked nothing).
        await customer_writes(live_server, "喂？", "held-dl-2")
        await wait_for(pilot, lambda: "喂？" in _bodies(screen), what="the next message, live")
        gate.set()  # the old transcript arrives now
        await wait_for(pilot, lambda: "在吗" in _bodies(screen), what="the transcript loaded")
        await pilot.pause()
        (reply,) = [
            m for kind, m in screen.transcript.entries if kind == "msg" and m["id"] == sent["id"]
        ]
        assert (reply["delivery"], reply.get("delivery_reason")) == (
            "failed",
            "48-hour window closed",
        )
        assert "48-hour window closed" in "".join(
            str(line.text) for line in screen.transcript.lines
        )


async def test_a_customer_read_older_than_the_stage_shown_does_not_replace_it(
    live_server, monkeypatch
) -> None:
    """The customer pane is read when the conversation opens; the loan system moves the
    customer's application on while that read is on its way, and the pane reads again on the
    stage event. The first read, answered last, must not put the old stage back."""
    cid = await customer_writes(live_server, "我的房贷到哪一步了", "held-stage")
    system = await live_server.client("system", subscribe=False)
    who = p.Identity(kind="wechat", value="oCustomer0001")
    await system.call(
        p.Stage, application="MA-9", customer=who, stage="submitted", loan_type="mortgage"
    )
    agent = await live_server.client("agent", subscribe=False)
    await agent.call(p.Accept, conversation=cid)
    gate, held = asyncio.Event(), []
    read = queries.get_customer

    async def held_read(store, customer):
        data = await read(store, customer)
        if not held:
            held.append(data["applications"][0]["stage"])
            await gate.wait()  # read before the stage moved, answered after the next read
        return data

    monkeypatch.setattr(queries, "get_customer", held_read)
    app = console(live_server)
    async with app.run_test(size=(160, 45)) as pilot:  # wide: the pane shows
        await wait_for(pilot, lambda: cid in app.model.conversations, what="the inbox")
        app.open_conversation(cid)
        await wait_for(pilot, lambda: held, what="the server's read of the customer")
        assert held == ["submitted"]
        await system.call(p.Stage, application="MA-9", customer=who, stage="risk_review")
        pane = app.screen.query_one(CustomerPane)

        def stage() -> str | None:
            apps = (pane.data or {}).get("applications") or [{}]
            return apps[0].get("stage")

        await wait_for(pilot, lambda: stage() == "risk_review", what="the pane read again")
        gate.set()  # the first read arrives now
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert stage() == "risk_review"
