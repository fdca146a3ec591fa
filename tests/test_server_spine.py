"""The spine end to end: a real server on a free port, a real SQLite file, real
websocket clients."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import urllib.request

import pytest
from websockets.asyncio.client import connect

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.store.db import connect_sync

# The protocol suite runs on SQLite and on PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_stores

WX = p.Identity(kind="wechat", value="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")


class Recorder:
    def __init__(self) -> None:
        self.events: list[p.Event] = []
        self.changed = asyncio.Event()

    def __call__(self, event: p.Event) -> None:
        self.events.append(event)
        self.changed.set()

    async def wait_for(self, predicate, timeout: float = 15.0) -> p.Event:
        async def scan() -> p.Event:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(scan(), timeout)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]


async def ingest(client: LoancsClient, external_id: str, body: str, who=WX, **kw) -> p.Ack:
    return await client.call(p.Ingest, external_id=external_id, customer=who, body=body, **kw)


async def raw_session(url: str, token: str):
    ws = await connect(url)
    await ws.send(json.dumps({"type": "hello", "token": token, "subscribe": False}))
    welcome = json.loads(await ws.recv())
    assert welcome["type"] == "welcome", welcome
    return ws


async def test_message_reaches_agent_and_is_on_disk_when_acked(live_server) -> None:
    seen = Recorder()
    await live_server.client("agent", on_event=seen)
    wechat = await live_server.client("wechat")
    ack = await ingest(wechat, "m-1", "你好，我想问房贷", hints=p.Hints(loan_type="mortgage"))
    # Acknowledged means committed: a separate connection sees the row right away.
    assert live_server.rows("SELECT body FROM messages WHERE id = ?", (ack.message,)) == [
        ("你好，我想问房贷",)
    ]
    event = await seen.wait_for(lambda e: e.kind == "message.received")
    assert event.payload["body"] == "你好，我想问房贷"
    assert event.payload["customer_display"] == "oUpF…eS6o"  # masked, never the OpenID
    assert "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" not in json.dumps(event.payload)


async def test_retry_with_same_external_id_is_stored_once(live_server) -> None:
    wechat = await live_server.client("wechat")
    first = await ingest(wechat, "msg-42", "第一次")
    again = await ingest(wechat, "msg-42", "第一次")
    assert again.duplicate and not first.duplicate
    assert (again.seq, again.message, again.conversation) == (
        first.seq,
        first.message,
        first.conversation,
    )
    assert live_server.rows("SELECT COUNT(*) FROM messages") == [(1,)]


async def test_one_customer_across_channel_and_loan_system(live_server) -> None:
    phone = await live_server.client("phone")
    system = await live_server.client("system")
    caller = p.Identity(kind="phone", value="13800001234")
    await phone.call(p.CallEvent, call_id="c1", event="started", customer=caller)
    await system.call(
        p.Stage,
        application="MA-1",
        customer=caller,
        stage="submitted",
        loan_type="mortgage",
        amount="800000",
    )
    await system.call(p.Stage, application="MA-1", customer=caller, stage="risk_review")
    sup = await live_server.client("supervisor")
    conversations = await sup.call(p.ListConversations)
    customer = await sup.call(p.GetCustomer, customer=conversations[0]["customer"])
    assert [i["display"] for i in customer["identities"]] == ["138****1234"]
    assert customer["applications"][0]["stage"] == "risk_review"
    assert [s["stage"] for s in customer["applications"][0]["timeline"]] == [
        "submitted",
        "risk_review",
    ]


async def test_agent_flow_accept_reply_resolve(live_server) -> None:
    agent_events = Recorder()
    agent = await live_server.client("agent", on_event=agent_events)
    chat_events = Recorder()
    wechat = await live_server.client("wechat", on_event=chat_events)
    ack = await ingest(wechat, "m-1", "车贷利率多少？", hints=p.Hints(loan_type="car"))
    offer = await agent_events.wait_for(lambda e: e.kind == "conversation.offered")
    assert offer.payload["agent_name"] == "王芳" and "car" in offer.payload["reason"]
    await agent.call(p.Accept, conversation=ack.conversation)
    reply = await agent.call(
        p.Reply, conversation=ack.conversation, body="车贷年化利率为5.8%起（单利）。"
    )
    assert reply.message and not reply.warnings
    sent = await chat_events.wait_for(lambda e: e.kind == "message.sent")
    assert (
        sent.payload["body"] == "车贷年化利率为5.8%起（单利）。"
    )  # the gateway gets it to deliver
    await agent.call(p.Resolve, conversation=ack.conversation, outcome="answered")
    data = await agent.call(p.GetConversation, conversation=ack.conversation)
    assert data["conversation"]["status"] == "resolved"
    # (a rating request may follow the reply once the conversation is resolved)
    assert [m["direction"] for m in data["messages"]][:2] == ["in", "out"]


async def test_compliance_block_reaches_nobody_and_warn_is_recorded(live_server) -> None:
    agent = await live_server.client("agent")
    sup_events = Recorder()
    await live_server.client("supervisor", on_event=sup_events)
    chat_events = Recorder()
    wechat = await live_server.client("wechat", on_event=chat_events)
    ack = await ingest(wechat, "m-1", "能批吗", hints=p.Hints(loan_type="mortgage"))
    await agent.call(p.Accept, conversation=ack.conversation)
    with pytest.raises(ClientError) as info:
        await agent.call(p.Reply, conversation=ack.conversation, body="放心，保证通过！")
    assert info.value.code == "compliance_blocked"
    assert info.value.detail["hits"][0]["match"] == "保证通过"
    blocked = await sup_events.wait_for(lambda e: e.kind == "compliance.hit")
    assert blocked.payload["action"] == "blocked"
    warned = await agent.call(p.Reply, conversation=ack.conversation, body="我们的月息只要0.5%")
    assert warned.warnings and warned.warnings[0]["category"] == "rate-disclosure"
    await sup_events.wait_for(
        lambda e: e.kind == "compliance.hit" and e.payload["action"] == "warned"
    )
    await chat_events.wait_for(lambda e: e.kind == "message.sent")
    bodies = [e.payload["body"] for e in chat_events.events if e.kind == "message.sent"]
    assert bodies == ["我们的月息只要0.5%"]


async def test_agent_cannot_touch_another_agents_conversation(live_server) -> None:
    agent = await live_server.client("agent")
    other = await live_server.client("agent2")
    wechat = await live_server.client("wechat")
    ack = await ingest(wechat, "m-1", "房贷", hints=p.Hints(loan_type="mortgage"))
    await agent.call(p.Accept, conversation=ack.conversation)
    for frame, fields in [(p.Reply, {"body": "hi"}), (p.Resolve, {})]:
        with pytest.raises(ClientError) as info:
            await other.call(frame, conversation=ack.conversation, **fields)
        assert info.value.code == "forbidden"
    with pytest.raises(ClientError) as info:
        await agent.call(p.Ingest, external_id="x", customer=WX, body="spoof")
    assert info.value.code == "forbidden"


async def test_bad_input_gets_error_frames_and_the_connection_survives(live_server) -> None:
    ws = await raw_session(live_server.url, live_server.tokens["agent"])
    cases = [
        ("{not json", "bad_json"),
        ('{"type": "teleport", "id": "t"}', "unknown_type"),
        ('{"type": "reply", "id": "r", "conversation": 1}', "bad_frame"),
        ('{"type": "reply", "id": "r", "conversation": "one", "body": "x"}', "bad_frame"),
        ('{"type": "hello", "token": "again"}', "already_hello"),
        ('{"type": "ping", "id": "big", "pad": "' + "x" * (70 * 1024) + '"}', "too_large"),
        (b"\xff\xfe\xfd", "bad_utf8"),
    ]
    for raw, code in cases:
        await ws.send(raw)
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["code"]) == ("error", code), raw[:40]
        assert answer["message"]
    await ws.send('{"type": "ping", "id": "alive"}')
    assert json.loads(await ws.recv()) == {
        "type": "pong",
        "id": "alive",
        "seq": live_server.server.hub.last_seq,
    }
    await ws.close()


async def test_wrong_and_disabled_tokens_are_refused(live_server) -> None:
    with pytest.raises(ClientError) as info:
        await LoancsClient(live_server.url, "lca_not-a-token", reconnect=False).start()
    assert info.value.code == "unauthorized"
    conn = connect_sync(live_server.db)
    conn.execute("UPDATE agents SET disabled = 1 WHERE name = '李强'")
    conn.close()
    with pytest.raises(ClientError) as info:
        await LoancsClient(live_server.url, live_server.tokens["agent2"], reconnect=False).start()
    assert info.value.code == "unauthorized"


async def test_tokens_are_stored_hashed(live_server) -> None:
    if isinstance(live_server.db, str):  # PostgreSQL: every row of every table as text
        tables = live_server.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        dump = "\n".join(
            str(row) for (table,) in tables for row in live_server.rows(f'SELECT * FROM "{table}"')
        )
        assert "王芳" in dump  # the dump has the rows
    else:
        dump = "\n".join(sqlite3.connect(live_server.db).iterdump())
    for token in live_server.tokens.values():
        assert token not in dump


async def test_flood_is_rate_limited_and_others_are_still_served(live_server) -> None:
    ws = await raw_session(live_server.url, live_server.tokens["agent"])
    for i in range(400):
        await ws.send(json.dumps({"type": "ping", "id": f"f{i}"}))
    codes = []
    for _ in range(400):
        codes.append(json.loads(await ws.recv()).get("code"))
    assert "rate_limited" in codes
    wechat = await live_server.client("wechat")
    ack = await ingest(wechat, "after-flood", "还在吗")
    assert ack.seq > 0
    await ws.close()


async def test_resume_gets_exactly_the_missed_events_in_order(live_server) -> None:
    sup_events = Recorder()
    sup = await live_server.client("supervisor", on_event=sup_events)
    wechat = await live_server.client("wechat")
    await ingest(wechat, "r-0", "before")
    await sup_events.wait_for(lambda e: e.payload.get("body") == "before")
    last = sup.last_seq
    await sup.close()
    for i in range(30):
        await ingest(wechat, f"r-{i + 1}", f"missed {i}")
    expected = list(range(last + 1, live_server.server.hub.last_seq + 1))
    again = Recorder()
    await live_server.client("supervisor", since=last, on_event=again)
    await again.wait_for(lambda e: e.seq == expected[-1])
    await ingest(wechat, "r-live", "live")
    live = await again.wait_for(lambda e: e.payload.get("body") == "live")
    assert [e.seq for e in again.events] == expected + [live.seq]


async def test_slow_subscriber_is_told_to_resync_and_loses_nothing(live_server) -> None:
    live_server.server.config.subscriber_queue = 20
    ws = await connect(live_server.url, max_queue=1, max_size=None)
    await ws.send(json.dumps({"type": "hello", "token": live_server.tokens["supervisor"]}))
    welcome = json.loads(await ws.recv())
    wechat = await live_server.client("wechat")
    # This socket reads nothing while ~16 MB of events are produced: the kernel buffers
    # fill up, the server's per-client queue overflows, everyone else carries on.
    filler = "贷" * 20000
    for i in range(250):
        await ingest(wechat, f"s-{i}", f"msg {i} {filler}")
    assert live_server.server.hub.subscribers  # the fast ones are still subscribed
    frames = []
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
        frames.append(frame)
        if frame["type"] == "resync":
            break
    resync = frames[-1]
    delivered = [f["seq"] for f in frames if f["type"] == "event"]
    assert delivered == list(range(welcome["seq"] + 1, resync["last_seq"] + 1))
    await ws.send(json.dumps({"type": "resume", "since": resync["last_seq"]}))
    target = live_server.server.hub.last_seq
    while delivered[-1] < target:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if frame["type"] == "event":
            delivered.append(frame["seq"])
    assert delivered == list(range(welcome["seq"] + 1, target + 1))
    await ws.close()


async def test_healthz(live_server) -> None:
    def get() -> tuple[int, dict]:
        with urllib.request.urlopen(live_server.http + "/healthz", timeout=5) as resp:
            return resp.status, json.loads(resp.read())

    status, body = await asyncio.to_thread(get)
    assert status == 200 and body["status"] == "ok" and body["seq"] >= 1


async def test_graceful_stop_acks_in_flight_and_says_bye(live_server) -> None:
    statuses: list[str] = []
    wechat = LoancsClient(
        live_server.url,
        live_server.tokens["wechat"],
        reconnect=False,
        on_status=lambda s, d: statuses.append(s),
    )
    await wechat.start()
    pending = [asyncio.create_task(ingest(wechat, f"g-{i}", f"m{i}")) for i in range(50)]
    await asyncio.sleep(0)
    await live_server.server.stop()
    results = await asyncio.gather(*pending, return_exceptions=True)
    acked = {r.message for r in results if isinstance(r, p.Ack)}
    stored = {row[0] for row in live_server.rows("SELECT id FROM messages")}
    assert acked <= stored  # nothing acknowledged is lost
    assert "server_stopping" in statuses
    await wechat.close()


async def test_snooze_resolve_and_reopen_by_customer(live_server) -> None:
    agent = await live_server.client("agent")
    wechat = await live_server.client("wechat")
    ack = await ingest(wechat, "z-1", "车贷", hints=p.Hints(loan_type="car"))
    await agent.call(p.Accept, conversation=ack.conversation)
    await agent.call(p.Snooze, conversation=ack.conversation, until=4102444800000)
    again = await ingest(wechat, "z-2", "还在吗？")
    assert again.conversation == ack.conversation
    data = await agent.call(p.GetConversation, conversation=ack.conversation)
    assert data["conversation"]["status"] == "open"


async def test_tail_started_mid_conversation_still_labels_lines(live_server) -> None:
    import io

    from loancs.commands.tail import run_tail

    wechat = await live_server.client("wechat")
    await ingest(wechat, "tl-1", "第一句", hints=p.Hints(loan_type="car"))
    since = live_server.server.hub.last_seq
    await ingest(wechat, "tl-2", "我的卡号是6222020200112233445，手机13812345678")
    out, stop = io.StringIO(), asyncio.Event()
    task = asyncio.create_task(
        run_tail(
            live_server.url,
            live_server.tokens["supervisor"],
            False,
            "wechat",
            None,
            since,
            out=out,
            stop=stop,
            lang="zh",
            width=120,  # one line per event (a narrower terminal wraps the excerpt)
        )
    )
    for _ in range(100):
        if "客户消息" in out.getvalue():
            break
        await asyncio.sleep(0.05)
    stop.set()
    assert await task == 0
    line = out.getvalue().splitlines()[0]
    assert "微信" in line and "oUpF…eS6o" in line and "#1" in line
    assert "13812345678" not in line and "138****5678" in line  # PII masked in the excerpt


async def test_search_mark_read_recipient_and_stage_for_agents(live_server) -> None:
    agent_events = Recorder()
    agent = await live_server.client("agent", on_event=agent_events)
    wechat = await live_server.client("wechat")
    system = await live_server.client("system")
    ack = await ingest(wechat, "q-1", "提前还款怎么算", hints=p.Hints(loan_type="mortgage"))
    await ingest(
        wechat,
        "q-2",
        "另一个人",
        who=p.Identity(kind="wechat", value="oOTHER00000000000001"),
        hints=p.Hints(loan_type="mortgage"),
    )
    found = await agent.call(p.ListConversations, query="提前还款")
    assert [c["id"] for c in found] == [ack.conversation]
    assert [
        c["id"] for c in await agent.call(p.ListConversations, query=f"#{ack.conversation}")
    ] == [ack.conversation]
    assert (await agent.call(p.ListConversations, query="oUpF8u"))[0]["id"] == ack.conversation
    await agent.call(p.MarkRead, conversation=ack.conversation)
    conv = await agent.call(p.GetConversation, conversation=ack.conversation)
    assert conv["conversation"]["unread"] == 0
    # The WeChat gateway learns whom to deliver to; an agent may not ask.
    assert await wechat.call(p.Recipient, conversation=ack.conversation) == {
        "kind": "wechat",
        "value": WX.value,
    }
    with pytest.raises(ClientError):
        await agent.call(p.Recipient, conversation=ack.conversation)
    # A stage change for this customer reaches the agent who can see the conversation.
    await system.call(p.Stage, application="MA-9", customer=WX, stage="approved")
    stage = await agent_events.wait_for(lambda e: e.kind == "application.stage")
    assert stage.payload["stage"] == "approved"


async def test_compliance_explanations_follow_the_console_language(live_server) -> None:
    wechat = await live_server.client("wechat")
    ack = await ingest(wechat, "l-1", "能批吗", hints=p.Hints(loan_type="mortgage"))
    messages = {}
    for lang in ("zh", "en"):
        client = LoancsClient(live_server.url, live_server.tokens["supervisor"], lang=lang)
        await client.start()
        live_server.clients.append(client)
        with pytest.raises(ClientError) as info:
            await client.call(p.Reply, conversation=ack.conversation, body="保证通过")
        messages[lang] = info.value.detail["hits"][0]["message"]
    assert messages["zh"] != messages["en"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in messages["zh"])
    assert messages["en"].isascii()
