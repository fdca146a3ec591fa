"""The supervisor's interventions and CSAT against a live server with a real SQLite file:
every intervention is an event with the supervisor as actor; a whisper reaches only the
owning agent and supervisors; ratings are asked once, tied to conversation and agent, and a
WeChat "5" answers the request instead of opening a new conversation."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

import pytest
from websockets.asyncio.client import connect

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.server.services import routing as routing_service
from loancs.store.writer import OpError
from tests.test_server_spine import Recorder, ingest

WX = p.Identity(kind="wechat", value="oSUPERVISOR000000001")


async def taken(live_server, agent_events, agent, external_id="s-1", who=WX, loan="car"):
    wechat = await live_server.client("wechat")
    ack = await ingest(
        wechat, external_id, "车贷怎么还款？", who=who, hints=p.Hints(loan_type=loan)
    )
    await agent_events.wait_for(
        lambda e: e.kind == "conversation.offered" and e.conversation == ack.conversation
    )
    await agent.call(p.Accept, conversation=ack.conversation)
    return wechat, ack.conversation


async def test_whisper_reaches_the_owner_and_supervisors_only(live_server) -> None:
    mine, other, sup_events, channel_events = Recorder(), Recorder(), Recorder(), Recorder()
    agent = await live_server.client("agent", on_event=mine)
    await live_server.client("agent2", on_event=other)
    supervisor = await live_server.client("supervisor", on_event=sup_events)
    wechat, conv = await taken(live_server, mine, agent)
    await live_server.client("wechat", on_event=channel_events)
    await supervisor.call(p.Whisper, conversation=conv, body="先确认还款日再说方案")
    seen = await mine.wait_for(lambda e: e.kind == "conversation.whisper")
    assert seen.payload["body"] == "先确认还款日再说方案" and seen.actor == "agent:赵主管"
    assert seen.payload["supervisor"] == "赵主管"
    await sup_events.wait_for(lambda e: e.kind == "conversation.whisper")
    await asyncio.sleep(0.3)
    assert "conversation.whisper" not in other.kinds()
    assert "conversation.whisper" not in channel_events.kinds()
    with pytest.raises(ClientError) as refused:
        await agent.call(p.Whisper, conversation=conv, body="x")
    assert refused.value.code == "forbidden"


async def test_barge_takes_over_and_the_agent_loses_it(live_server) -> None:
    mine = Recorder()
    agent = await live_server.client("agent", on_event=mine)
    supervisor = await live_server.client("supervisor")
    wechat, conv = await taken(live_server, mine, agent)
    await supervisor.call(p.Barge, conversation=conv)
    moved = await mine.wait_for(
        lambda e: e.kind == "conversation.assigned" and e.payload.get("reason_code") == "barge"
    )
    assert moved.actor == "agent:赵主管" and moved.payload["from_agent"] is not None
    with pytest.raises(ClientError):
        await agent.call(p.Reply, conversation=conv, body="还在吗")
    await supervisor.call(p.Reply, conversation=conv, body="您好，我是主管，我来帮您处理。")
    floor = await supervisor.call(p.GetFloor)
    wang = next(a for a in floor["agents"] if a["name"] == "王芳")
    assert conv not in wang["assigned"]


async def test_reassign_priority_force_state_and_monitor_are_events_by_the_supervisor(
    live_server,
) -> None:
    mine = Recorder()
    agent = await live_server.client("agent", on_event=mine)
    await live_server.client("agent2")
    sup_events = Recorder()
    supervisor = await live_server.client("supervisor", on_event=sup_events)
    wechat, conv = await taken(live_server, mine, agent, loan="mortgage")
    await supervisor.call(p.Transfer, conversation=conv, to_agent="李强", note="他更熟房贷")
    await supervisor.call(p.SetPriority, conversation=conv, priority=90)
    await supervisor.call(p.ForceState, agent="王芳", state="break", reason="team meeting")
    data = await supervisor.call(p.Monitor, conversation=conv)
    assert data["conversation"]["id"] == conv and data["messages"][0]["direction"] == "in"
    for kind in (
        "conversation.transferred",
        "conversation.priority",
        "agent.state",
        "conversation.monitored",
    ):
        event = await sup_events.wait_for(
            lambda e, k=kind: e.kind == k and e.actor == "agent:赵主管"
        )
        assert event.actor == "agent:赵主管"
    forced = await mine.wait_for(
        lambda e: e.kind == "agent.state" and e.payload["state"] == "break"
    )
    assert forced.payload["reason"] == "team meeting"
    await asyncio.sleep(0.2)
    assert "conversation.monitored" not in mine.kinds()  # monitoring is silent
    floor = await supervisor.call(p.GetFloor)
    wang = next(a for a in floor["agents"] if a["name"] == "王芳")
    assert wang["state"] == "break" and wang["state_since_ms"] is not None
    with pytest.raises(ClientError) as refused:
        await supervisor.call(p.ForceState, agent="王芳", state="break", reason="")
    assert refused.value.code == "bad_frame"


async def test_floor_and_report_over_the_protocol(live_server) -> None:
    mine = Recorder()
    agent = await live_server.client("agent", on_event=mine)
    supervisor = await live_server.client("supervisor")
    wechat, conv = await taken(live_server, mine, agent)
    await agent.call(p.Reply, conversation=conv, body="您好")
    floor = await supervisor.call(p.GetFloor, sla_s=30)
    queue = floor["queues"]["wechat/car"]
    assert queue["answered_today"] == 1 and queue["service_level"] == 1.0
    now = int(time.time() * 1000)
    report = await supervisor.call(
        p.GetReport, report="service", from_ms=now - 3_600_000, to_ms=now + 1
    )
    assert report["rows"][0][1] == 1  # opened
    with pytest.raises(ClientError):
        await agent.call(p.GetReport, report="service", from_ms=0, to_ms=now)


async def test_the_floor_pages_its_waiting_work_and_names_every_complaint(
    live_server, monkeypatch
) -> None:
    wechat = await live_server.client("wechat", subscribe=False)
    supervisor = await live_server.client("supervisor", subscribe=False)
    ids = []
    for i in range(5):  # nobody is available: all five wait
        hints = p.Hints(loan_type="car", urgency="complaint" if i == 0 else None)
        ack = await wechat.call(
            p.Ingest,
            external_id=f"floor-{i}",
            customer=p.Identity(kind="wechat", value=f"oFloor{i:016d}"),
            body="在吗",
            hints=hints,
        )
        ids.append(ack.conversation)
    everything = await supervisor.call(p.GetFloor, limit=10)
    assert everything["waiting_total"] == 5 and len(everything["waiting"]) == 5
    assert everything["waiting"][0]["id"] == ids[0]  # the complaint ranks first
    first = await supervisor.call(p.GetFloor, limit=2)
    rest = await supervisor.call(p.GetFloor, limit=2, offset=2)
    assert [w["id"] for w in first["waiting"] + rest["waiting"]] == [
        w["id"] for w in everything["waiting"][:4]
    ]
    assert first["waiting_total"] == rest["waiting_total"] == 5
    assert all("explain" in w for w in rest["waiting"])  # the page is explained
    # The complaint is not on the second page; the desk still hears of it.
    assert ids[0] not in [w["id"] for w in rest["waiting"]]
    assert rest["complaints"] == [{"id": ids[0], "queue": "wechat/car"}]
    assert sum(q["waiting"] for q in rest["queues"].values()) == 5  # counts stay whole
    # A page holds at most WAITING_PAGE rows whatever limit asks; the client pages on.
    monkeypatch.setattr(routing_service, "WAITING_PAGE", 3)
    for frame in (p.GetFloor, p.GetQueues):
        capped = await supervisor.call(frame, limit=10_000)
        more = await supervisor.call(frame, limit=10_000, offset=3)
        assert [w["id"] for w in capped["waiting"] + more["waiting"]] == [
            w["id"] for w in everything["waiting"]
        ]
        assert capped["waiting_total"] == 5 and len(capped["waiting"]) == 3


async def test_wechat_rating_is_asked_once_and_a_reply_5_is_not_a_new_request(live_server) -> None:
    mine, channel_events = Recorder(), Recorder()
    agent = await live_server.client("agent", on_event=mine)
    supervisor = await live_server.client("supervisor")
    wechat, conv = await taken(live_server, mine, agent, external_id="c-1")
    await live_server.client("wechat", on_event=channel_events)
    await agent.call(p.Reply, conversation=conv, body="已为您处理")
    await agent.call(p.Resolve, conversation=conv, outcome="answered")
    prompt = await channel_events.wait_for(
        lambda e: e.kind == "message.sent" and e.payload.get("csat")
    )
    assert "1-5" in prompt.payload["body"]  # in the customer's language (zh by default)
    answer = await ingest(wechat, "c-2", "5", who=WX)
    assert answer.conversation == conv  # not a new conversation
    data = await supervisor.call(p.GetConversation, conversation=conv)
    assert data["conversation"]["status"] == "resolved"
    again = await ingest(wechat, "c-3", "4", who=WX)  # a second answer: a new message then
    assert again.conversation != conv
    rows = await live_server.server.store.fetchall("SELECT score, agent_name FROM csat")
    assert [tuple(r) for r in rows] == [(5, "王芳")]
    # A second resolution within the window: nobody is asked twice.
    await agent_accept_and_resolve(live_server, mine, agent, again.conversation)
    await asyncio.sleep(0.5)
    count = await live_server.server.store.fetchone("SELECT COUNT(*) AS n FROM csat")
    assert count["n"] == 1
    now = int(time.time() * 1000)
    report = await supervisor.call(
        p.GetReport, report="csat", from_ms=now - 3_600_000, to_ms=now + 1
    )
    assert report["rows"][0][1:5] == [1, 1, 1.0, 5.0]


async def agent_accept_and_resolve(live_server, events, agent, conv) -> None:
    await events.wait_for(lambda e: e.kind == "conversation.offered" and e.conversation == conv)
    await agent.call(p.Accept, conversation=conv)
    await agent.call(p.Resolve, conversation=conv, outcome="answered")


async def test_web_chat_rating_buttons_answer_once(live_server) -> None:
    mine = Recorder()
    agent = await live_server.client("agent", on_event=mine)
    ws = await connect(live_server.url)
    await ws.send(json.dumps({"type": "hello", "token": "visitor:abcdefghijklmnop5678"}))
    assert json.loads(await ws.recv())["type"] == "welcome"
    await ws.send(json.dumps({"type": "say", "id": "v1", "body": "你好"}))
    conv = None
    while conv is None:
        frame = json.loads(await ws.recv())
        if frame["type"] == "ack":
            conv = frame["conversation"]
    await agent_accept_and_resolve(live_server, mine, agent, conv)
    while True:
        frame = json.loads(await ws.recv())
        if frame["type"] == "event" and frame["kind"] == "csat.requested":
            break
    await ws.send(json.dumps({"type": "rate", "id": "r1", "score": 4, "comment": "挺快"}))
    await ws.send(json.dumps({"type": "rate", "id": "r2", "score": 1}))
    acks = {}
    while len(acks) < 2:
        frame = json.loads(await ws.recv())
        if frame["type"] in ("ack", "error") and frame.get("id") in ("r1", "r2"):
            acks[frame["id"]] = frame
    assert acks["r1"]["type"] == "ack" and not acks["r1"].get("duplicate")
    assert acks["r2"]["type"] == "ack" and acks["r2"]["duplicate"]
    row = await live_server.server.store.fetchone("SELECT score, comment FROM csat")
    assert (row["score"], row["comment"]) == (4, "挺快")
    await ws.close()


async def test_a_late_rating_is_refused(live_server) -> None:
    from loancs.store import commands

    mine = Recorder()
    agent = await live_server.client("agent", on_event=mine)
    wechat, conv = await taken(live_server, mine, agent, external_id="l-1")
    await agent.call(p.Resolve, conversation=conv)
    for _ in range(50):
        if await live_server.server.store.fetchone("SELECT id FROM csat"):
            break
        await asyncio.sleep(0.05)
    conn = sqlite3.connect(live_server.db)  # three days later: the request has expired
    conn.execute("UPDATE csat SET expires_at = 0")
    conn.commit()
    conn.close()
    late = await ingest(wechat, "l-2", "5", who=WX)
    assert late.conversation != conv  # taken as a new message, not a rating
    with pytest.raises(OpError) as refused:
        await live_server.server.store.submit(
            commands.AnswerCsat(conversation=conv, score=5, comment=None, actor="visitor:x")
        )
    assert refused.value.code == "conflict"


async def test_csat_config_table_reaches_the_server(tmp_path) -> None:
    from loancs.core.config import parse_server_file
    from loancs.server.app import LoancsServer
    from tests.conftest import LiveServer, make_config, seed_accounts

    db = tmp_path / "c.db"
    tokens = seed_accounts(db)
    file = parse_server_file("[csat]\nchannels = ['chat']\nwindow_days = 7\n")
    server = LoancsServer(make_config(db, file=file))
    await server.start()
    live = LiveServer(server, db, tokens)
    try:
        assert server.csat.settings.window_days == 7.0
        mine = Recorder()
        agent = await live.client("agent", on_event=mine)
        wechat, conv = await taken(live, mine, agent, external_id="cfg-1")
        await agent.call(p.Resolve, conversation=conv)
        await asyncio.sleep(0.5)
        row = await server.store.fetchone("SELECT COUNT(*) AS n FROM csat")
        assert row["n"] == 0  # WeChat is not asked with channels = ['chat']
    finally:
        for client in live.clients:
            await client.close()
        await server.stop()


async def test_a_reloaded_transcript_keeps_the_whisper_for_its_agent_only(live_server) -> None:
    mine = Recorder()
    agent = await live_server.client("agent", on_event=mine)
    supervisor = await live_server.client("supervisor")
    wechat, conv = await taken(live_server, mine, agent)
    await supervisor.call(p.Whisper, conversation=conv, body="先确认还款日再说方案")
    await mine.wait_for(lambda e: e.kind == "conversation.whisper")
    await ingest(wechat, "s-after", "好的，谢谢", who=WX)

    def lines(data):
        return [(m["direction"], m["body"]) for m in data["messages"]]

    # The agent reopens the conversation: the whisper is back, in time order, marked as such.
    seen = lines(await agent.call(p.GetConversation, conversation=conv))
    assert seen.index(("whisper", "先确认还款日再说方案")) == seen.index(("in", "好的，谢谢")) - 1
    assert ("whisper", "先确认还款日再说方案") in lines(
        await supervisor.call(p.GetConversation, conversation=conv)
    )
    # Another agent who may see the conversation never gets it.
    other = await live_server.client("agent2")
    try:
        theirs = await other.call(p.GetConversation, conversation=conv)
    except ClientError as refused:
        assert refused.code == "forbidden"
    else:
        assert all(m["direction"] != "whisper" for m in theirs["messages"])
