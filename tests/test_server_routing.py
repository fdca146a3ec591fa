"""Routing wired into the real server: offers, declines, time-outs, sticky customers,
capacity, breaks, transfers and disconnects, seen by real clients."""

from __future__ import annotations

import asyncio

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.store.accounts import create_agent, create_channel
from loancs.store.db import connect_sync
from tests.conftest import make_config
from tests.test_server_spine import Recorder

FAST = {
    "offer_timeout_ms": 400,
    "reoffer_cooldown_ms": 700,
    "disconnect_grace_ms": 400,
    "tier_waits_ms": [0, 0, 0],
    "sticky_wait_ms": 300,
}


# Routing runs on SQLite and on PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_stores


@pytest.fixture
async def routed(new_db):
    db = new_db
    conn = connect_sync(db)
    tokens = {}
    _, tokens["wang"] = create_agent(
        conn, "王芳", "agent", {"mortgage": 1}, {"phone": 1, "chat": 1, "wechat": 1}
    )
    _, tokens["li"] = create_agent(
        conn, "李强", "agent", {"mortgage": 2, "car": 1}, {"phone": 1, "chat": 3, "wechat": 3}
    )
    _, tokens["sup"] = create_agent(conn, "赵主管", "supervisor")
    _, tokens["wechat"] = create_channel(conn, "wx", "wechat")
    conn.close()
    server = LoancsServer(make_config(db, routing=FAST))
    await server.start()
    clients: list[LoancsClient] = []

    async def client(who: str) -> tuple[LoancsClient, Recorder]:
        seen = Recorder()
        c = LoancsClient(server.url, tokens[who], on_event=seen)
        await c.start()
        clients.append(c)
        return c, seen

    yield server, client
    for c in clients:
        await c.close()
    await server.stop()


def customer(n: int) -> p.Identity:
    return p.Identity(kind="wechat", value=f"oROUTE{n:016d}")


async def test_decline_and_timeout_move_the_offer_on(routed) -> None:
    server, client = routed
    wang, wang_seen = await client("wang")
    li, li_seen = await client("li")
    wechat, _ = await client("wechat")
    ack = await wechat.call(
        p.Ingest,
        external_id="d1",
        customer=customer(1),
        body="房贷",
        hints=p.Hints(loan_type="mortgage"),
    )
    offer = await wang_seen.wait_for(lambda e: e.kind == "conversation.offered")
    assert "tier 1" in offer.payload["reason"]
    await wang.call(p.Decline, conversation=ack.conversation, reason="busy")
    second = await li_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.payload["agent"] != offer.payload["agent"]
    )
    assert second.payload["agent_name"] == "李强"
    # 李强 lets it ring out: the offer expires and goes back to 王芳.
    await li_seen.wait_for(lambda e: e.kind == "conversation.offer_expired", timeout=5)
    again = await wang_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.seq > second.seq, timeout=5
    )
    assert again.payload["agent_name"] == "王芳"
    await wang.call(p.Accept, conversation=ack.conversation)
    with pytest.raises(ClientError) as info:
        await li.call(p.Accept, conversation=ack.conversation)
    assert info.value.code == "conflict"


async def test_capacity_is_never_exceeded_and_breaks_get_nothing(routed) -> None:
    server, client = routed
    wang, wang_seen = await client("wang")  # wechat capacity 1
    wechat, _ = await client("wechat")
    first = await wechat.call(
        p.Ingest,
        external_id="c1",
        customer=customer(1),
        body="一",
        hints=p.Hints(loan_type="mortgage"),
    )
    await wang_seen.wait_for(lambda e: e.kind == "conversation.offered")
    await wang.call(p.Accept, conversation=first.conversation)
    second = await wechat.call(
        p.Ingest,
        external_id="c2",
        customer=customer(2),
        body="二",
        hints=p.Hints(loan_type="mortgage"),
    )
    await asyncio.sleep(0.6)

    def offers_to_wang() -> list[int]:
        return [
            e.conversation
            for e in wang_seen.events
            if e.kind == "conversation.offered" and e.payload["agent_name"] == "王芳"
        ]

    assert offers_to_wang() == [first.conversation]
    with pytest.raises(ClientError) as info:  # taking it by hand is refused too
        await wang.call(p.Accept, conversation=second.conversation)
    assert info.value.code == "conflict"
    await wang.call(p.SetState, state="break", reason="lunch")
    await wang.call(p.Resolve, conversation=first.conversation)
    await asyncio.sleep(0.6)
    assert offers_to_wang() == [first.conversation]
    await wang.call(p.SetState, state="available")
    late = await wang_seen.wait_for(
        lambda e: (
            e.kind == "conversation.offered"
            and e.conversation == second.conversation
            and e.payload["agent_name"] == "王芳"
        )
    )
    assert late.payload["agent_name"] == "王芳"


async def test_returning_customer_goes_back_to_the_same_agent(routed) -> None:
    server, client = routed
    wang, wang_seen = await client("wang")
    li, li_seen = await client("li")
    wechat, _ = await client("wechat")
    first = await wechat.call(
        p.Ingest,
        external_id="s1",
        customer=customer(7),
        body="车贷",
        hints=p.Hints(loan_type="car"),
    )
    await li_seen.wait_for(lambda e: e.kind == "conversation.offered")
    await li.call(p.Accept, conversation=first.conversation)
    await li.call(p.Resolve, conversation=first.conversation)
    # Back a day later with a mortgage question: 李强 is only tier 2 there, but sticky wins.
    again = await wechat.call(
        p.Ingest,
        external_id="s2",
        customer=customer(7),
        body="房贷呢",
        hints=p.Hints(loan_type="mortgage"),
    )
    assert again.conversation != first.conversation
    offer = await li_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.conversation == again.conversation
    )
    assert offer.payload["reason_code"] == "sticky" and "sticky" in offer.payload["reason"]


async def test_transfer_priority_and_disconnect_requeue(routed) -> None:
    server, client = routed
    wang, wang_seen = await client("wang")
    li, li_seen = await client("li")
    sup, sup_seen = await client("sup")
    wechat, _ = await client("wechat")
    ack = await wechat.call(
        p.Ingest,
        external_id="t1",
        customer=customer(3),
        body="房贷",
        hints=p.Hints(loan_type="mortgage"),
    )
    await wang_seen.wait_for(lambda e: e.kind == "conversation.offered")
    await wang.call(p.Accept, conversation=ack.conversation)
    await wang.call(p.Transfer, conversation=ack.conversation, to_agent="李强", note="他更懂")
    moved = await li_seen.wait_for(lambda e: e.kind == "conversation.transferred")
    assert moved.payload["agent_name"] == "李强" and moved.payload["note"] == "他更懂"
    await li.call(p.Reply, conversation=ack.conversation, body="您好，我是李强。")
    with pytest.raises(ClientError) as info:  # agents may not reprioritise
        await li.call(p.SetPriority, conversation=ack.conversation, priority=99)
    assert info.value.code == "forbidden"
    await sup.call(p.SetPriority, conversation=ack.conversation, priority=99)
    await li.close()  # 李强's console drops; after the grace period the work is re-queued
    requeued = await sup_seen.wait_for(lambda e: e.kind == "conversation.requeued", timeout=5)
    assert requeued.conversation == ack.conversation
    assert "disconnected" in requeued.payload["reason"]
    offer = await wang_seen.wait_for(
        lambda e: e.kind == "conversation.offered" and e.seq > requeued.seq, timeout=5
    )
    assert offer.payload["agent_name"] == "王芳"
    snapshot = await sup.call(p.GetQueues)
    li_row = next(a for a in snapshot["agents"] if a["name"] == "李强")
    assert li_row["connected"] is False and sum(li_row["load"].values()) == 0


async def test_an_agent_may_open_what_they_are_offered_outside_their_queues(new_db) -> None:
    """No one on duty has the consumer skill, so the router offers the consumer loan to any
    agent ("general"). The agent it is offered to may open it and the customer before taking
    it (the console shows who and what it is); the other agent, offered nothing, may not, and
    once it is taken neither may anyone but its agent. Before, the offered agent's
    get_conversation was refused as "neither yours nor in your queues"."""
    conn = connect_sync(new_db)
    tokens = {}
    for who, name, skills in (("wang", "王芳", {"mortgage": 1}), ("li", "李强", {"car": 1})):
        _, tokens[who] = create_agent(conn, name, "agent", skills, {"wechat": 1})
    _, tokens["wechat"] = create_channel(conn, "wx", "wechat")
    conn.close()
    # A long offer time-out: the offer must still stand when the agent opens it.
    server = LoancsServer(
        make_config(new_db, routing={"offer_timeout_ms": 60_000, "tier_waits_ms": [0, 0, 0]})
    )
    await server.start()
    clients: dict[str, LoancsClient] = {}
    seen: dict[str, Recorder] = {}
    try:
        for who in tokens:
            seen[who] = Recorder()
            clients[who] = LoancsClient(server.url, tokens[who], on_event=seen[who])
            await clients[who].start()
        ack = await clients["wechat"].call(
            p.Ingest,
            external_id="general-1",
            customer=customer(77),
            body="想借三万消费贷",
            hints=p.Hints(loan_type="consumer"),
        )
        offered = await asyncio.wait_for(
            _first_offer(seen["wang"], seen["li"], ack.conversation), 30
        )
        other = "li" if offered == "wang" else "wang"
        data = await clients[offered].call(p.GetConversation, conversation=ack.conversation)
        assert [m["body"] for m in data["messages"]] == ["想借三万消费贷"]
        assert data["conversation"]["loan_type"] == "consumer"
        customer_id = data["conversation"]["customer"]
        found = await clients[offered].call(p.GetCustomer, customer=customer_id)
        assert [c["id"] for c in found["conversations"]] == [ack.conversation]
        for call in (
            clients[other].call(p.GetConversation, conversation=ack.conversation),
            clients[other].call(p.GetCustomer, customer=customer_id),
        ):
            with pytest.raises(ClientError) as info:
                await call
            assert info.value.code == "forbidden"
        await clients[offered].call(p.Accept, conversation=ack.conversation)
        with pytest.raises(ClientError) as info:
            await clients[other].call(p.GetConversation, conversation=ack.conversation)
        assert info.value.code == "forbidden"
    finally:
        for c in clients.values():
            await c.close()
        await server.stop()


async def _first_offer(wang: Recorder, li: Recorder, conversation: int) -> str:
    """Which of the two agents the conversation is offered to first."""
    while True:
        for who, rec in (("wang", wang), ("li", li)):
            if any(
                e.kind == "conversation.offered" and e.conversation == conversation
                for e in rec.events
            ):
                return who
        await asyncio.sleep(0.05)
