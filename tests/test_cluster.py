"""Several servers on one database, on SQLite (two servers in one process on one file,
the log followed by polling): every server publishes every committed event, whichever
server committed it, in seq order and once; routing decisions come from one server and the
other's consoles act on them. The PostgreSQL version with real processes, notifications
and the advisory-lock lease is tests/test_cluster_postgres.py."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from conftest import make_config, seed_accounts
from harness import Raw

from loancs.server.app import LoancsServer

FAST = {
    "offer_timeout_ms": 3000,
    "reoffer_cooldown_ms": 700,
    "disconnect_grace_ms": 400,
    "tier_waits_ms": [0, 0, 0],
}


@contextlib.asynccontextmanager
async def _pair(
    db: Path, poll_s: float = 0.05, **overrides
) -> AsyncIterator[tuple[LoancsServer, LoancsServer]]:
    """Server A holds the routing lease, B follows; both follow the log."""
    a = LoancsServer(make_config(db, cluster=True, leader=True, feed_poll_s=poll_s, **overrides))
    b = LoancsServer(make_config(db, cluster=True, leader=False, feed_poll_s=poll_s, **overrides))
    await a.start()
    try:
        await b.start()
        try:
            yield a, b
        finally:
            await b.stop()
    finally:
        await a.stop()


def _seqs(raw: Raw) -> list[int]:
    return [f["seq"] for f in raw.frames if f["type"] == "event"]


async def _ingest(gw: Raw, frame_id: str, customer: str, body: str) -> dict:
    return await gw.call(
        "ingest",
        id=frame_id,
        external_id=frame_id,
        customer={"kind": "wechat", "value": customer},
        body=body,
        hints={"loan_type": "mortgage"},
    )


async def test_every_server_publishes_every_event_in_order_once(tmp_path) -> None:
    db = tmp_path / "two.db"
    tokens = seed_accounts(db)
    async with _pair(db) as (a, b):
        sup_a = await Raw.open(a.url, tokens["supervisor"])
        sup_b = await Raw.open(b.url, tokens["supervisor"])
        gw_a = await Raw.open(a.url, tokens["wechat"], subscribe=False)
        gw_b = await Raw.open(b.url, tokens["wechat"], subscribe=False)

        async def burst(gw: Raw, tag: str) -> list[dict]:
            return [
                await _ingest(gw, f"{tag}{i}", f"o{tag}{i % 7:05d}", f"{tag} {i}")
                for i in range(40)
            ]

        acks_a, acks_b = await asyncio.gather(burst(gw_a, "A"), burst(gw_b, "B"))
        assert all(ack["type"] == "ack" for ack in acks_a + acks_b)
        head = max(ack["seq"] for ack in acks_a + acks_b)
        await sup_a.wait(lambda f: f["type"] == "event" and f["seq"] == head)
        await sup_b.wait(lambda f: f["type"] == "event" and f["seq"] == head)
        await asyncio.sleep(0.2)  # a duplicate would have arrived by now

        # Both servers' supervisors saw the same events: every seq once, in order, no gap.
        start = _seqs(sup_a)[0]
        assert _seqs(sup_a) == list(range(start, head + 1))
        assert _seqs(sup_b) == _seqs(sup_a)
        # A message taken in through one server reached the other's console.
        bodies_b = {f["payload"].get("body") for f in sup_b.events("message.received")}
        assert {"A 0", "A 39", "B 0", "B 39"} <= bodies_b
        assert a.hub.last_seq == b.hub.last_seq == head
        # Most of a server's own batches were published without reading them back.
        assert a.cluster is not None and a.cluster.follower.shortcuts > 0


async def test_resume_by_seq_works_against_either_server(tmp_path) -> None:
    db = tmp_path / "resume.db"
    tokens = seed_accounts(db)
    async with _pair(db) as (a, b):
        gw = await Raw.open(a.url, tokens["wechat"], subscribe=False)
        acks = [await _ingest(gw, f"r{i}", f"oR{i:05d}", f"第{i}条") for i in range(10)]
        middle, head = acks[4]["seq"], acks[-1]["seq"]
        await asyncio.sleep(0.2)
        resumed = []
        for server in (a, b):
            sup = await Raw.open(server.url, tokens["supervisor"], since=middle)
            assert sup.welcome["seq"] >= head
            await sup.wait(lambda f: f["type"] == "event" and f["seq"] == head)
            resumed.append(_seqs(sup))
        assert resumed[0] == resumed[1] == list(range(middle + 1, head + 1))


async def test_the_leader_offers_and_a_console_on_the_other_server_answers(tmp_path) -> None:
    db = tmp_path / "route.db"
    tokens = seed_accounts(db)
    async with _pair(db, routing=FAST) as (a, b):
        wang = await Raw.open(b.url, tokens["agent"])  # mortgage and car; connected to B
        gw = await Raw.open(a.url, tokens["wechat"], subscribe=False)
        first = (await _ingest(gw, "x1", "oX00001", "房贷想咨询一下"))["conversation"]
        offer = await wang.wait(
            lambda f: f.get("kind") == "conversation.offered" and f["conversation"] == first
        )
        assert offer["actor"] == "router"
        # B's routing holds A's offer, so the agent on B may decline it ...
        assert (await wang.call("decline", conversation=first, reason="忙"))["type"] == "ack"
        # ... and the leader offers the next one, which the agent takes through B.
        second = (await _ingest(gw, "x2", "oX00002", "再问一个房贷问题"))["conversation"]
        await wang.wait(
            lambda f: f.get("kind") == "conversation.offered" and f["conversation"] == second
        )
        assert (await wang.call("accept", conversation=second))["type"] == "ack"
        await asyncio.sleep(0.3)
        # Only the leader decided: every offer in the log was made once, by A.
        offers = [f for f in wang.events("conversation.offered")]
        assert [f["conversation"] for f in offers].count(second) == 1
        assert b.services.routing.router.assignments().get(
            second
        ) == a.services.routing.router.assignments().get(second)
        assert b.services.routing.commits == 0


async def test_resume_from_a_seq_the_other_server_has_not_published_yet(tmp_path) -> None:
    """A console saw seq N on A, which dies; it reconnects to B before B's feed has read N
    (here: B polls only every 5 s): B reads the log instead of refusing `since` N."""
    db = tmp_path / "lag.db"
    tokens = seed_accounts(db)
    async with _pair(db, poll_s=5.0) as (a, b):
        gw = await Raw.open(a.url, tokens["wechat"], subscribe=False)
        await asyncio.sleep(0.2)  # both followers have had their first look
        head = (await _ingest(gw, "lag1", "oLAG00001", "刚才那条消息"))["seq"]
        assert b.hub.last_seq < head
        sup = await Raw.open(b.url, tokens["supervisor"], since=head)
        assert sup.welcome["seq"] >= head
        gw_b = await Raw.open(b.url, tokens["wechat"], subscribe=False)
        after = (await _ingest(gw_b, "lag2", "oLAG00002", "下一条"))["seq"]
        await sup.wait(lambda f: f["type"] == "event" and f["seq"] == after, timeout=8)
        assert _seqs(sup)[0] == head + 1


class _Log:
    """A log for LogFollower alone: ``events_after`` counts its reads."""

    def __init__(self) -> None:
        self.events: list = []
        self.reads = 0

    def append(self, n: int) -> list:
        from loancs.store.writer import StoredEvent

        start = len(self.events) + 1
        fresh = [StoredEvent(s, 0, "note", None, "test", {}, None) for s in range(start, start + n)]
        self.events.extend(fresh)
        return fresh

    async def events_after(self, since: int, limit: int = 500, meta: bool = False) -> list:
        self.reads += 1
        return self.events[since : since + limit]

    async def events_of(self, rows: list, fetch=None) -> list:
        raise AssertionError("no notifications here")


async def test_the_poll_reads_the_log_only_when_the_feed_is_quiet() -> None:
    """While this server's own commits flow (a single PostgreSQL server under load), the
    poll does not read the log: it mostly read back a batch on its way from the writer
    (~9 % of the events, decoded and unsealed twice). A quiet feed is still polled: an
    event nobody announced is published within two poll intervals."""
    from loancs.server.cluster import LogFollower

    log = _Log()
    published: list[int] = []
    follower = LogFollower(log, lambda events: published.extend(e.seq for e in events), 0, 0.05)
    follower.start()
    try:
        for _ in range(40):  # 0.4 s of own commits: 8 polls
            follower.committed(log.append(5))
            await asyncio.sleep(0.01)
        assert log.reads == 0
        log.append(3)  # committed elsewhere, never announced
        await asyncio.sleep(0.25)
        assert log.reads >= 1
        assert published == list(range(1, len(log.events) + 1))
    finally:
        await follower.close()
