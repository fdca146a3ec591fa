"""The server parts the console relies on: only the gateway that carries a conversation
learns its recipient, refused replies are logged masked for supervisors, notes are stored
masked, call-back tasks, the wrap-up code a lender may require, and search keeping `_`."""

from __future__ import annotations

import sqlite3
import time

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.core.config import parse_server_file
from loancs.server.app import LoancsServer
from loancs.store.accounts import create_channel
from loancs.store.db import connect_sync
from tests.conftest import make_config, seed_accounts

ID_NUMBER = "11010519491231002X"


async def _conversation(live, value: str = "oWx_first_gateway_01", body: str = "在吗") -> int:
    wechat = await live.client("wechat")
    ack = await wechat.call(
        p.Ingest,
        external_id=f"m-{value}",
        customer=p.Identity(kind="wechat", value=value, name="张三"),
        body=body,
        hints=p.Hints(loan_type="mortgage"),
    )
    return ack.conversation


async def test_only_the_carrying_gateway_learns_the_recipient(live_server):
    cid = await _conversation(live_server)
    conn = connect_sync(live_server.db)
    _, second_token = create_channel(conn, "wechat-gw-2", "wechat")
    conn.close()
    first = await live_server.client("wechat")
    assert (await first.call(p.Recipient, conversation=cid))["value"] == "oWx_first_gateway_01"
    second = LoancsClient(live_server.url, second_token, subscribe=False)
    await second.start()
    live_server.clients.append(second)
    with pytest.raises(ClientError) as refused:
        await second.call(p.Recipient, conversation=cid)
    assert refused.value.code == "forbidden"


async def test_refused_reply_is_logged_masked(live_server):
    cid = await _conversation(live_server)
    seen: list[p.Event] = []
    await live_server.client("supervisor", on_event=seen.append)
    agent = await live_server.client("agent")
    await agent.call(p.Accept, conversation=cid)
    with pytest.raises(ClientError) as refused:
        await agent.call(p.Reply, conversation=cid, body=f"保证通过，身份证{ID_NUMBER}")
    assert refused.value.code == "compliance_blocked"
    with sqlite3.connect(live_server.db) as db:
        rows = db.execute(
            "SELECT kind, payload FROM events WHERE kind LIKE 'compliance.%' ORDER BY seq"
        ).fetchall()
    kinds = [k for k, _ in rows]
    assert "compliance.blocked" in kinds
    assert all(ID_NUMBER not in payload for _, payload in rows)
    blocked = next(payload for k, payload in rows if k == "compliance.blocked")
    assert "保证通过" in blocked and "110" in blocked and '"rules"' in blocked


async def test_a_note_with_an_id_number_is_stored_masked(live_server):
    cid = await _conversation(live_server)
    agent = await live_server.client("agent")
    await agent.call(p.Accept, conversation=cid)
    await agent.call(p.Note, conversation=cid, body=f"客户身份证 {ID_NUMBER} 已核对")
    with sqlite3.connect(live_server.db) as db:
        bodies = [r[0] for r in db.execute("SELECT body FROM messages WHERE direction = 'note'")]
        events = [r[0] for r in db.execute("SELECT payload FROM events")]
    assert len(bodies) == 1 and ID_NUMBER not in bodies[0] and "已核对" in bodies[0]
    assert all(ID_NUMBER not in e for e in events)


async def test_callback_task_is_in_the_agents_list(live_server):
    cid = await _conversation(live_server)
    agent = await live_server.client("agent")
    await agent.call(p.Accept, conversation=cid)
    due = int(time.time() * 1000) + 3_600_000
    await agent.call(p.Callback, conversation=cid, due=due, note="下午方便")
    rows = await agent.call(p.ListConversations, status=["open", "pending", "snoozed"])
    row = next(r for r in rows if r["id"] == cid)
    assert row["callback_due"] == due and row["callback_note"] == "下午方便"
    with pytest.raises(ClientError):
        await agent.call(p.Callback, conversation=cid, due=1000, note="past")


async def test_search_keeps_underscores(live_server):
    cid = await _conversation(live_server, value="oAb_Cd_12345")
    await _conversation(live_server, value="oAbXCdY12345")
    agent = await live_server.client("supervisor", subscribe=False)
    found = await agent.call(p.ListConversations, query="oAb_Cd")
    assert [r["id"] for r in found] == [cid]


async def test_wrapup_code_required_when_the_lender_says_so(tmp_path):
    db = tmp_path / "loancs.db"
    tokens = seed_accounts(db)
    config = make_config(db, file=parse_server_file("[wrapup]\nrequired = true\n"))
    server = LoancsServer(config)
    await server.start()
    try:
        wechat = LoancsClient(server.url, tokens["wechat"], subscribe=False)
        agent = LoancsClient(server.url, tokens["agent"], subscribe=False)
        await wechat.start()
        await agent.start()
        ack = await wechat.call(
            p.Ingest,
            external_id="w1",
            customer=p.Identity(kind="wechat", value="oWrap0001", name="张三"),
            body="你好",
            hints=p.Hints(loan_type="mortgage"),
        )
        await agent.call(p.Accept, conversation=ack.conversation)
        with pytest.raises(ClientError) as refused:
            await agent.call(p.Resolve, conversation=ack.conversation)
        assert refused.value.code == "outcome_required"
        await agent.call(p.Resolve, conversation=ack.conversation, outcome="answered")
        await wechat.close()
        await agent.close()
    finally:
        await server.stop()
