"""Routing follows the store: whatever path commits a change (an agent, a supervisor, an
admin tool), the router learns it from the committed event, and a write the store refuses
changes nothing. Real server, real SQLite file, real websocket clients."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.store import commands as c
from loancs.store.accounts import create_agent, create_channel
from loancs.store.db import connect_sync
from tests.conftest import make_config
from tests.test_server_spine import Recorder

FAST = {
    "offer_timeout_ms": 400,
    "reoffer_cooldown_ms": 300,
    "disconnect_grace_ms": 60_000,
    "tier_waits_ms": [0, 0, 0],
    "sticky": False,
}

Connect = Callable[[str], Awaitable[tuple[LoancsClient, Recorder]]]


class Floor:
    """A server on a real database, clients by name, and a restart on the same file."""

    def __init__(self, db: Path, tokens: dict[str, str], ids: dict[str, int]):
        self.db, self.tokens, self.ids = db, tokens, ids
        self.server: LoancsServer | None = None
        self.clients: list[LoancsClient] = []

    async def start(self) -> LoancsServer:
        self.server = LoancsServer(make_config(self.db, routing=FAST))
        await self.server.start()
        return self.server

    async def stop(self) -> None:
        for client in self.clients:
            await client.close()
        self.clients = []
        if self.server is not None:
            await self.server.stop()
            self.server = None

    async def client(self, who: str) -> tuple[LoancsClient, Recorder]:
        assert self.server is not None
        seen = Recorder()
        client = LoancsClient(self.server.url, self.tokens[who], on_event=seen)
        await client.start()
        self.clients.append(client)
        return client, seen


@pytest.fixture
async def floor(tmp_path: Path) -> AsyncIterator[Floor]:
    db = tmp_path / "drift.db"
    conn = connect_sync(db)
    tokens, ids = {}, {}
    one_each = {"phone": 1, "chat": 1, "wechat": 1}
    ids["wang"], tokens["wang"] = create_agent(conn, "王芳", "agent", {"mortgage": 1}, one_each)
    ids["sup"], tokens["sup"] = create_agent(conn, "赵主管", "supervisor")
    _, tokens["wechat"] = create_channel(conn, "wx", "wechat")
    conn.close()
    live = Floor(db, tokens, ids)
    await live.start()
    yield live
    await live.stop()


async def arrive(wechat: LoancsClient, n: int) -> int:
    ack = await wechat.call(
        p.Ingest,
        external_id=f"drift-{n}",
        customer=p.Identity(kind="wechat", value=f"oDRIFT{n:016d}"),
        body="房贷怎么还",
        hints=p.Hints(loan_type="mortgage"),
    )
    return ack.conversation


async def queues(sup: LoancsClient) -> dict[str, Any]:
    data: dict[str, Any] = await sup.call(p.GetQueues)
    return data


def waiting_ids(snapshot: dict[str, Any]) -> set[int]:
    return {row["id"] for row in snapshot["waiting"]}


def agent_row(snapshot: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in snapshot["agents"] if a["name"] == name)


def offers_of(seen: Recorder, conversation: int) -> list[p.Event]:
    return [
        e
        for e in seen.events
        if e.kind == "conversation.offered" and e.conversation == conversation
    ]


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "routing never caught up"
        await asyncio.sleep(0.05)


async def test_a_supervisor_who_takes_a_waiting_conversation_takes_it_out_of_routing(floor):
    wang, wang_seen = await floor.client("wang")
    sup, _ = await floor.client("sup")
    wechat, _ = await floor.client("wechat")
    await wang.call(p.SetState, state="break", reason="meeting")
    conv = await arrive(wechat, 1)
    assert conv in waiting_ids(await queues(sup))

    await sup.call(p.Accept, conversation=conv)

    # The queue no longer lists it, and when 王芳 is back it is not offered to her.
    assert conv not in waiting_ids(await queues(sup))
    await wang.call(p.SetState, state="available")
    await asyncio.sleep(1.0)  # more than two offer time-outs
    assert offers_of(wang_seen, conv) == []
    snapshot = await queues(sup)
    assert conv not in waiting_ids(snapshot)
    assert agent_row(snapshot, "王芳")["load"]["wechat"] == 0


async def test_a_supervisor_who_takes_an_offered_conversation_withdraws_the_offer(floor):
    wang, wang_seen = await floor.client("wang")
    sup, _ = await floor.client("sup")
    wechat, _ = await floor.client("wechat")
    conv = await arrive(wechat, 2)
    offer = await wang_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.conversation == conv
    )

    await sup.call(p.Accept, conversation=conv)

    withdrawn = await wang_seen.wait_for(
        lambda e: e.kind == "conversation.offer_expired" and e.conversation == conv
    )
    assert "赵主管" in withdrawn.payload["reason"]
    with pytest.raises(ClientError) as refused:  # 王芳's console still shows the offer
        await wang.call(p.Accept, conversation=conv)
    assert refused.value.code == "conflict"
    await asyncio.sleep(1.0)
    assert [e.seq for e in offers_of(wang_seen, conv)] == [offer.seq]
    snapshot = await queues(sup)
    assert conv not in waiting_ids(snapshot)
    wang_row = agent_row(snapshot, "王芳")
    assert wang_row["offers"] == [] and wang_row["assigned"] == []
    assert wang_row["load"]["wechat"] == 0
    # Her one WeChat slot is free: the next customer is offered to her.
    second = await arrive(wechat, 3)
    await wang_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.conversation == second
    )


async def test_an_accept_the_store_refuses_leaves_routing_as_it_was(floor):
    wang, wang_seen = await floor.client("wang")
    sup, _ = await floor.client("sup")
    wechat, _ = await floor.client("wechat")
    await wang.call(p.SetState, state="break", reason="meeting")
    taken = await arrive(wechat, 4)
    await sup.call(p.Accept, conversation=taken)
    await wang.call(p.SetState, state="available")
    before = agent_row(await queues(sup), "王芳")

    # 王芳 tries to take it from the list: the store says it is the supervisor's.
    with pytest.raises(ClientError) as refused:
        await wang.call(p.Accept, conversation=taken)
    assert refused.value.code == "conflict"

    after = agent_row(await queues(sup), "王芳")
    for key in ("state", "load", "offers", "assigned"):
        assert after[key] == before[key], key
    assert after["load"]["wechat"] == 0
    # Nothing is held for her by mistake: her one WeChat slot still takes the next customer.
    second = await arrive(wechat, 5)
    await wang_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.conversation == second
    )


async def test_state_and_priority_reach_routing_only_through_committed_events(floor):
    server = floor.server
    wang, wang_seen = await floor.client("wang")
    sup, _ = await floor.client("sup")
    wechat, _ = await floor.client("wechat")
    wang_id = floor.ids["wang"]

    # A break written by another path than a console frame (an admin tool, say).
    await server.store.apply(
        c.SetAgentState(
            agent_id=wang_id, agent_name="王芳", state="break", reason="training", actor="admin"
        )
    )

    async def on_break() -> bool:
        return agent_row(await queues(sup), "王芳")["state"] == "break"

    await until(on_break)
    conv = await arrive(wechat, 6)
    await asyncio.sleep(0.6)
    assert offers_of(wang_seen, conv) == []
    assert conv in waiting_ids(await queues(sup))

    # A priority written the same way ranks the waiting conversation.
    await server.store.apply(c.SetPriority(conversation=conv, priority=90, actor="admin"))

    async def reprioritised() -> bool:
        row = next(r for r in (await queues(sup))["waiting"] if r["id"] == conv)
        return bool(row["priority"] >= 90)

    await until(reprioritised)

    # And the agent's own frame goes the same way: the event, not the handler, frees her.
    await wang.call(p.SetState, state="available")
    await wang_seen.wait_for(lambda e: e.kind == "conversation.offered" and e.conversation == conv)


async def test_a_restart_rebuilds_the_same_routing_state(floor):
    wang, wang_seen = await floor.client("wang")
    sup, _ = await floor.client("sup")
    wechat, _ = await floor.client("wechat")
    held = await arrive(wechat, 7)
    await wang_seen.wait_for(lambda e: e.kind == "conversation.offered" and e.conversation == held)
    await wang.call(p.Accept, conversation=held)
    waiting = await arrive(wechat, 8)  # 王芳's one WeChat slot is taken: it waits
    taken = await arrive(wechat, 9)
    await sup.call(p.Accept, conversation=taken)
    before = await queues(sup)
    assert waiting_ids(before) == {waiting}
    assert agent_row(before, "王芳")["assigned"] == [held]

    await floor.stop()
    await floor.start()
    wang, _ = await floor.client("wang")
    sup, _ = await floor.client("sup")

    after = await queues(sup)
    assert waiting_ids(after) == waiting_ids(before)
    for key in ("state", "assigned", "load"):
        assert agent_row(after, "王芳")[key] == agent_row(before, "王芳")[key], key
