"""Several servers on one PostgreSQL database (a real PostgreSQL from tests/postgres.py):
the routing lease passes to the next server when its holder's session ends, the
notification listener hands every committed seq to the feed and says so when it had to
reconnect, and presence (which server has which console and identity) vanishes with a dead
server's session."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import json
import os
import urllib.request

import asyncpg
import pytest
from typer.testing import CliRunner

from loancs.cli import app
from loancs.core.ratelimit import TokenBucket
from loancs.server.cluster import LogFollower, SharedRates, log_fetch, log_reader
from loancs.store import commands as c
from loancs.store.accounts import create_agent, create_channel
from loancs.store.backends.pg import feed_notifications
from loancs.store.backends.pg_cluster import (
    NOTIFY_CHANNEL,
    AdvisoryLease,
    Notifications,
    Presence,
)
from loancs.store.db import Store, connect_sync
from loancs.store.migrations import CONVERSATION_ORDER_COLUMNS
from loancs.store.tx import OpError
from tests.conftest import ServerProcess, seed_accounts, spawn_server
from tests.harness import Raw

_names = itertools.count(1)
runner = CliRunner()


@pytest.fixture
def database(postgres):
    # (the run's test processes share one server: a name of this process's own)
    return postgres.create_database(f"cluster_{os.getpid()}_{next(_names)}")


async def _until(predicate, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def _backend_of(dsn: str, key: int) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND ((classid::bigint << 32) | objid::bigint) = $1"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            key,
        )
    finally:
        await conn.close()


async def _terminate(dsn: str, pid: int) -> None:
    """End the session ``pid`` and wait until it is gone with its locks: pg_terminate_backend
    only signals the backend, which may hold its advisory locks a moment longer (a decision
    checked in that moment was still accepted: a failure at load 11, session 36)."""
    conn = await asyncpg.connect(dsn)
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
        deadline = asyncio.get_running_loop().time() + 30
        while await conn.fetchval(
            "SELECT (SELECT count(*) FROM pg_locks WHERE pid = $1)"
            " + (SELECT count(*) FROM pg_stat_activity WHERE pid = $1)",
            pid,
        ):
            assert asyncio.get_running_loop().time() < deadline, f"backend {pid} still there"
            await asyncio.sleep(0.02)
    finally:
        await conn.close()


async def test_the_lease_passes_on_when_its_holders_session_ends(database) -> None:
    changes: list[str] = []

    def lease_task(name: str, lease: AdvisoryLease) -> asyncio.Task[None]:
        async def gained() -> None:
            changes.append(f"{name} leads")

        return asyncio.create_task(lease.run(gained, lambda: changes.append(f"{name} lost")))

    first = AdvisoryLease(database, retry_s=0.2, check_s=0.2)
    second = AdvisoryLease(database, retry_s=0.2, check_s=0.2)
    tasks = [lease_task("first", first)]
    try:
        await _until(lambda: first.held)
        tasks.append(lease_task("second", second))
        await asyncio.sleep(0.6)
        assert not second.held, "two servers held the lease at once"
        # The holder's session ends as if its process were killed: the next one takes over.
        started = asyncio.get_running_loop().time()
        await _terminate(database, await _backend_of(database, first.key))
        await _until(lambda: second.held)
        assert asyncio.get_running_loop().time() - started < 3.0
        await _until(lambda: "first lost" in changes)
        assert not first.held
        assert changes[:2] == ["first leads", "first lost"] or changes[:3] == [
            "first leads",
            "second leads",
            "first lost",
        ]
        # A clean stop gives it up at once.
        for task in tasks[1:]:
            task.cancel()
        await asyncio.gather(*tasks[1:], return_exceptions=True)
        await second.close()
        await _until(lambda: first.held)
        assert changes[-1] == "first leads"
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await first.close()
        await second.close()


async def _stop(follower: LogFollower, listener, tasks: list, *stores: Store) -> None:
    await follower.close()
    listener.stopped = True
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for store in stores:
        await store.close()


async def test_notifications_reach_the_feed_and_a_reconnect_says_look(database) -> None:
    seen: list[int] = []
    sessions: list[int | None] = []

    def on_seq(seq: int, pid: int | None) -> None:
        seen.append(seq)
        sessions.append(pid)

    listener = Notifications(database, on_seq, retry_s=0.2)
    task = asyncio.create_task(listener.run())
    writer = await asyncpg.connect(database)
    try:
        await _until(lambda: listener.connected)
        async with writer.transaction():
            await writer.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '41')")
            await writer.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '42')")
        await _until(lambda: seen == [41, 42])
        assert sessions == [writer.get_server_pid()] * 2  # who committed them
        # Nothing is delivered for a transaction that rolled back.
        tx = writer.transaction()
        await tx.start()
        await writer.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '43')")
        await tx.rollback()
        # The listening session is cut: it comes back and asks for a look at the log.
        pid = await writer.fetchval(  # the only other session on this database
            "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            " AND datname = current_database() AND backend_type = 'client backend'"
        )
        await _terminate(database, pid)
        await _until(lambda: 0 in seen)
        await _until(lambda: listener.connected)
        await writer.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '44')")
        await _until(lambda: seen[-1] == 44)
        assert 43 not in seen
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await writer.close()


async def test_the_feed_reads_only_other_servers_commits_from_the_log(database) -> None:
    """A server's own commits reach its feed from its writer (the NOTIFY of them, which
    usually comes first, is not a reason to read the log); another server's commit is read
    from the log once, whatever its size; every event is published once, in order."""
    store = Store(database, synchronous="NORMAL")
    other = Store(database, synchronous="NORMAL")
    await store.open()
    await other.open()
    published: list[int] = []
    follower = LogFollower(
        store,
        lambda events: published.extend(e.seq for e in events),
        0,
        poll_s=3600.0,  # no polling in this test (however slow): only notifications wake it
        own_pid=lambda: getattr(store.writer, "backend_pid", None),
    )
    store.on_commit(follower.committed)
    listener = Notifications(database, follower.notified, retry_s=0.2)
    tasks = [asyncio.create_task(listener.run())]
    follower.start()
    try:
        await _until(lambda: listener.connected)

        def ingest(k: int, who: str) -> c.IngestMessage:
            return c.IngestMessage(
                source="wx",
                channel="wechat",
                external_id=f"{who}{k}",
                identity=c.Identity(kind="wechat", value=f"o-{who}{k % 5}"),
                body="你好",
            )

        for wave in range(3):
            await asyncio.gather(*(store.submit(ingest(wave * 20 + k, "own")) for k in range(20)))
        await asyncio.sleep(0.3)  # the notifications of those commits have arrived
        assert follower.reads == 0 and follower.shortcuts >= 3
        own = list(published)
        # Such a notification may come before the writer's answer: it is no reason to read.
        assert store.writer is not None and other.writer is not None
        follower.notified(follower.published + 1, store.writer.backend_pid)
        await asyncio.sleep(0.2)
        assert follower.reads == 0
        await asyncio.gather(*(other.submit(ingest(k, "other")) for k in range(30)))
        head = await store.last_seq()
        await _until(lambda: follower.published == head)
        assert published == list(range(1, head + 1))  # each once, in order
        assert follower.reads >= 1 and len(published) > len(own)
    finally:
        await _stop(follower, listener, tasks, store, other)


async def test_the_feed_reads_the_log_on_the_listening_connection_or_else_the_pool(
    database,
) -> None:
    """Another server's events are read on the LISTEN connection (on the server's loop),
    the keys to unseal them too, unsealed as the read pool gives them; while that
    connection is down the pool reads."""
    store = Store(database, synchronous="NORMAL")
    other = Store(database, synchronous="NORMAL")
    await store.open()
    await other.open()
    published: list = []
    listener: Notifications | None = None
    follower = LogFollower(
        store,
        published.extend,
        0,
        poll_s=0.2,
        read=log_reader(store, log_fetch(store, lambda: listener)),
    )
    listener = Notifications(database, follower.notified, retry_s=0.2)
    fetched: list[int] = []
    statements: list[str] = []
    fetch = listener.fetch

    async def counted(sql, params=()):
        fetched.append(params[0])
        statements.append(sql)
        return await fetch(sql, params)

    listener.fetch = counted  # type: ignore[method-assign]
    tasks = [asyncio.create_task(listener.run())]
    follower.start()
    try:
        await _until(lambda: listener.connected)

        def ingest(k: int) -> c.IngestMessage:
            return c.IngestMessage(
                source="wx",
                channel="wechat",
                external_id=f"x{k}",
                identity=c.Identity(kind="wechat", value=f"o-{k % 3}", name="王五"),
                body=f"第{k}条",
            )

        await asyncio.gather(*(other.submit(ingest(k)) for k in range(10)))
        head = await store.last_seq()
        await _until(lambda: follower.published == head)
        assert fetched and follower.reads >= 1
        # The customers' keys to unseal them too (this server had none cached).
        assert any("FROM customer_keys" in sql for sql in statements)
        assert published == await store.events_after(0, 1000, meta=True)  # the pool's read
        assert any(e.payload.get("body") == "第9条" for e in published)  # unsealed
        # The listening connection goes away: the pool reads until it is back.
        listener.stopped = True
        tasks[0].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        assert not listener.connected
        calls = len(fetched)
        await asyncio.gather(*(other.submit(ingest(k)) for k in range(10, 15)))
        head = await store.last_seq()
        await _until(lambda: follower.published == head)  # the poll, over the pool
        assert len(fetched) == calls
        assert [e.seq for e in published] == list(range(1, head + 1))
    finally:
        await _stop(follower, listener, tasks, store, other)


async def test_another_servers_events_come_with_their_notifications(database) -> None:
    """Another server's commit announces its events in its notifications: the feed
    publishes them from there without reading the log, unsealed as the log gives them, in
    order, once each; a batch too large for one notification comes in several, and an event
    too large for any (a seq alone) is read from the log, in its place."""
    store = Store(database, synchronous="NORMAL")
    other = Store(database, synchronous="NORMAL")
    await store.open()
    await other.open()
    published: list = []
    waits: list[float] = []
    follower = LogFollower(
        store,
        published.extend,
        0,
        poll_s=3600.0,  # no polling in this test (however slow): only notifications wake it
        own_pid=lambda: getattr(store.writer, "backend_pid", None),
        on_heard=waits.append,
    )
    store.on_commit(follower.committed)
    listener = Notifications(database, follower.notified, retry_s=0.2, on_events=follower.events)
    tasks = [asyncio.create_task(listener.run())]
    follower.start()

    def ingest(k: int, body: str) -> c.IngestMessage:
        return c.IngestMessage(
            source="wx",
            channel="wechat",
            external_id=f"n{k}",
            identity=c.Identity(kind="wechat", value=f"o-{k % 4}", name="赵六"),
            body=body,
        )

    try:
        await _until(lambda: listener.connected, timeout=30)
        await asyncio.gather(*(other.submit(ingest(k, f"第{k}条 'quote' \\ $1")) for k in range(8)))
        head = await store.last_seq()
        await _until(lambda: follower.published == head, timeout=30)
        assert follower.reads == 0 and follower.heard >= 1
        # Many at once (several notifications), then one event larger than any can carry.
        await asyncio.gather(*(other.submit(ingest(k, "长" * 300 + str(k))) for k in range(8, 60)))
        await other.submit(ingest(60, "大" * 3000))
        await other.submit(ingest(61, "小"))
        head = await store.last_seq()
        await _until(lambda: follower.published == head, timeout=30)
        assert follower.reads >= 1  # the large one, read from the log
        assert published == await store.events_after(0, 1000, meta=True)
        assert [e.seq for e in published] == list(range(1, head + 1))
        bodies = [e.payload.get("body") for e in published if e.kind == "message.received"]
        assert "第7条 'quote' \\ $1" in bodies and "大" * 3000 in bodies
        # The server's own commits still come from its writer, not the notifications.
        reads, heard = follower.reads, follower.heard
        await store.submit(ingest(62, "own"))
        head = await store.last_seq()
        await _until(lambda: follower.published == head, timeout=30)
        assert (follower.reads, follower.heard) == (reads, heard)
        # How long each notification waited here before its events were published.
        assert len(waits) == follower.heard and all(0 <= w < 30 for w in waits)
        # Several notifications waiting at once: what was published goes out (the hub
        # writes it in the loop's next turn) before the next are decoded, here (a slice of
        # 0 s) after each notification.
        order: list[str] = []
        loop = asyncio.get_running_loop()

        def publish(events: list) -> None:
            order.append(f"published {events[-1].seq}")
            loop.call_soon(order.append, f"written {events[-1].seq}")

        fresh = LogFollower(store, publish, 0, poll_s=3600.0, slice_s=0.0)
        rows = await store.fetchall(
            "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash, meta"
            " FROM events WHERE seq <= 4 ORDER BY seq"
        )
        for part in (rows[:2], rows[2:]):
            (payload,) = feed_notifications([tuple(r) for r in part])
            fresh.events(payload)
        fresh.start()
        await _until(lambda: fresh.published == 4, timeout=30)
        await _until(lambda: len(order) == 4, timeout=30)
        assert order == ["published 2", "written 2", "published 4", "written 4"]
        await fresh.close()
    finally:
        await _stop(follower, listener, tasks, store, other)


async def test_presence_counts_servers_and_a_dead_servers_sessions_stop_counting(
    database,
) -> None:
    """Two servers' presence connections: an agent's console on one, a gateway on both;
    each gateway bucket gets half the allowance; one server's session ends and what it held
    no longer counts (its agent is gone everywhere, the gateway has the whole allowance)."""
    one, two = Presence(database, retry_s=0.2), Presence(database, retry_s=0.2)
    rates_one, rates_two = SharedRates(one), SharedRates(two)
    tasks = [asyncio.create_task(p.run()) for p in (one, two)]
    try:
        await _until(lambda: one.connected and two.connected)
        one.hold("agent", 7)
        gateway_one, gateway_two = TokenBucket(100.0, 400.0), TokenBucket(100.0, 400.0)
        rates_one.add("channel:wx", gateway_one)
        rates_two.add("channel:wx", gateway_two)
        rates_one.add("customer:v1", TokenBucket(2.0, 10.0))  # visitors: per server

        async def agents() -> dict[int, int]:
            return await two.holders("agent") or {}

        deadline = asyncio.get_running_loop().time() + 5
        while (await agents()).get(7) != 1:
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.05)
        await _until_async(lambda: _shared(rates_one, rates_two), 5)
        assert (gateway_one.rate, gateway_one.burst) == (50.0, 200.0)
        assert (gateway_two.rate, gateway_two.burst) == (50.0, 200.0)
        assert "customer:v1" not in rates_one.buckets

        # Server one's session ends (its process killed): nothing of it counts any more.
        pid = await two._conn.fetchval(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"
            " AND objid = 7 AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        tasks[0].cancel()
        await asyncio.gather(tasks[0], return_exceptions=True)
        conn = await asyncpg.connect(database)
        try:
            await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
        finally:
            await conn.close()
        deadline = asyncio.get_running_loop().time() + 5
        while 7 in await agents():
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.05)
        await rates_two.share()
        assert (gateway_two.rate, gateway_two.burst) == (100.0, 400.0)
        # Letting go of the last session of an identity gives its lock back.
        two.hold("agent", 8)
        two.release("agent", 8)
        await asyncio.sleep(0.2)
        assert 8 not in await agents()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _shared(*rates: SharedRates) -> bool:
    for r in rates:
        await r.share()
    return all(r.servers.get("channel:wx") == 2 for r in rates)


async def _until_async(predicate, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


# ---------------------------------------------------------------- two `loancs serve` processes


def _config(tmp_path, url: str, **routing: int) -> str:
    """One config for every server of the group: the database and the shared master key."""
    path = tmp_path / "server.toml"
    lines = [f'[server]\ndb = "{url}"\n', f'[privacy]\nmaster_key_file = "{tmp_path / "m.key"}"\n']
    if routing:
        lines.append("[routing]\n" + "".join(f"{k} = {v}\n" for k, v in routing.items()))
        lines.append("tier_waits_ms = [0, 0, 0]\n")
    path.write_text("\n".join(lines))
    return str(path)


def _spawn_two(config: str) -> tuple[ServerProcess, ServerProcess]:
    """Two `loancs serve` processes on one database, started side by side."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = [pool.submit(spawn_server, None, "--config", config) for _ in range(2)]
        concurrent.futures.wait(started)
    failed = [f.exception() for f in started if f.exception() is not None]
    if failed:  # the twin that did start is stopped, not left running past the test
        for f in started:
            if f.exception() is None:
                f.result().kill9()
        raise failed[0]
    a, b = (f.result() for f in started)
    return a, b


def _health(server: ServerProcess) -> dict:
    http = server.url.replace("ws://", "http://", 1)
    with urllib.request.urlopen(f"{http}/healthz", timeout=5) as answer:
        return json.loads(answer.read())


def _metrics(server: ServerProcess) -> str:
    http = server.url.replace("ws://", "http://", 1)
    with urllib.request.urlopen(f"{http}/metrics", timeout=5) as answer:
        return answer.read().decode()


async def _wait_health(server: ServerProcess, key: str, value: str, timeout: float) -> float:
    started = asyncio.get_running_loop().time()
    while True:
        health = await asyncio.to_thread(_health, server)
        if health.get(key) == value:
            return asyncio.get_running_loop().time() - started
        assert asyncio.get_running_loop().time() - started < timeout, health
        await asyncio.sleep(0.1)


def _frame(tag: str, i: int, loan_type: str = "mortgage") -> dict:
    return {
        "id": f"{tag}{i}",
        "external_id": f"{tag}{i}",
        "customer": {"kind": "wechat", "value": f"o{tag}{i:012d}"},
        "body": f"{tag} 第{i}条：想问一下房贷提前还款",
        "hints": {"loan_type": loan_type},
    }


class _Clients:
    """The test's websockets, closed at its end (an open one keeps a stopping server
    waiting for it)."""

    def __init__(self) -> None:
        self.opened: list[Raw] = []

    async def open(self, url: str, token: str, **hello) -> Raw:
        raw = await Raw.open(url, token, **hello)
        self.opened.append(raw)
        return raw

    async def close(self) -> None:
        for raw in self.opened:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(raw.ws.close(), 2)


def _run(scenario) -> None:
    async def main() -> None:
        clients = _Clients()
        try:
            await scenario(clients)
        finally:
            await clients.close()

    asyncio.run(main())


def _seqs(raw: Raw) -> list[int]:
    return [f["seq"] for f in raw.frames if f["type"] == "event"]


def test_a_message_through_one_server_reaches_a_console_on_the_other_and_resume_works_on_both(
    tmp_path,
    postgres,
) -> None:
    url = postgres.fresh_database()
    tokens = seed_accounts(url)
    a, b = _spawn_two(_config(tmp_path, url))

    async def scenario(clients: _Clients) -> None:
        wang = await clients.open(b.url, tokens["agent"])  # skilled for mortgages, on server B
        sup = await clients.open(a.url, tokens["supervisor"])
        gw_a = await clients.open(a.url, tokens["wechat"], subscribe=False)
        gw_b = await clients.open(b.url, tokens["wechat"], subscribe=False)
        first = await gw_a.call("ingest", **_frame("X", 0))
        assert first["type"] == "ack", first
        got = await wang.wait(
            lambda f: (
                f.get("kind") == "message.received" and f["conversation"] == first["conversation"]
            ),
            timeout=3,
        )
        assert got["payload"]["body"].startswith("X 第0条")
        # Both servers take messages at once; every event is seen once, in order, gap-free.
        acks = await asyncio.gather(
            *(
                gw.call("ingest", **_frame(tag, i))
                for i in range(1, 16)
                for gw, tag in ((gw_a, "A"), (gw_b, "B"))
            )
        )
        assert all(ack["type"] == "ack" for ack in acks)
        head = max(ack["seq"] for ack in acks)
        await sup.wait(lambda f: f["type"] == "event" and f["seq"] == head)
        seen = [seq for seq in _seqs(sup) if seq <= head]  # routing's offers may follow
        assert seen == list(range(seen[0], head + 1))
        # Resume by seq against either server gives exactly what came after.
        middle = first["seq"] + 5
        for server in (a, b):
            again = await clients.open(server.url, tokens["supervisor"], since=middle)
            await again.wait(lambda f: f["type"] == "event" and f["seq"] == head)
            assert [seq for seq in _seqs(again) if seq <= head] == list(range(middle + 1, head + 1))
        # The two servers race: one message (one external id) sent to both at once is stored
        # once, both acks naming it; a new customer's first messages sent to both at once
        # open one conversation.
        for i in range(6):
            same = await asyncio.gather(
                gw_a.call("ingest", **_frame("D", i)), gw_b.call("ingest", **_frame("D", i))
            )
            assert [ack["type"] for ack in same] == ["ack", "ack"], same
            assert same[0]["message"] == same[1]["message"], same
            assert sorted(bool(ack.get("duplicate")) for ack in same) == [False, True], same
            firsts = await asyncio.gather(
                *(
                    gw.call(
                        "ingest",
                        **{**_frame("N", i), "id": f"N{i}{tag}", "external_id": f"N{i}{tag}"},
                    )
                    for gw, tag in ((gw_a, "a"), (gw_b, "b"))
                )
            )
            assert [ack["type"] for ack in firsts] == ["ack", "ack"], firsts
            assert firsts[0]["conversation"] == firsts[1]["conversation"], firsts
            assert firsts[0]["message"] != firsts[1]["message"], firsts

    try:
        _run(scenario)
    finally:
        b.terminate()
        a.terminate()


def test_kill_9_of_one_server_under_load_loses_nothing_acknowledged_and_stores_nothing_twice(
    tmp_path,
    postgres,
) -> None:
    url = postgres.fresh_database()
    tokens = seed_accounts(url)
    a, b = _spawn_two(_config(tmp_path, url))
    per_server = 200
    acked: dict[str, int] = {}  # external id -> seq

    async def send(
        clients: _Clients, server_url: str, tag: str, count: int, window: int = 20
    ) -> list[str]:
        """Send ``count`` frames; return the ids never acknowledged (the server died)."""
        gw = await clients.open(server_url, tokens["wechat"], subscribe=False)
        gate = asyncio.Semaphore(window)

        async def one(i: int) -> None:
            async with gate:
                with contextlib.suppress(Exception):
                    await gw.send({"type": "ingest", **_frame(tag, i)})
                    answer = await gw.wait(lambda f: f.get("id") == f"{tag}{i}", timeout=10)
                    if answer["type"] == "ack":
                        acked[f"{tag}{i}"] = answer["seq"]

        await asyncio.gather(*(one(i) for i in range(count)))
        return [f"{tag}{i}" for i in range(count) if f"{tag}{i}" not in acked]

    async def scenario(clients: _Clients) -> None:
        sup = await clients.open(b.url, tokens["supervisor"])
        load_a = asyncio.create_task(send(clients, a.url, "A", per_server))
        load_b = asyncio.create_task(send(clients, b.url, "B", per_server))
        while sum(k.startswith("A") for k in acked) < 60:
            await asyncio.sleep(0.01)
        await asyncio.to_thread(a.kill9)  # mid-stream, with frames in flight
        unacked = await load_a
        assert await load_b == []
        assert 0 < len(unacked) < per_server, "the kill came mid-stream"
        # The gateway sends again what was not acknowledged, through the other server.
        gw = await clients.open(b.url, tokens["wechat"], subscribe=False)
        for external in unacked:
            i = int(external[1:])
            answer = await gw.call("ingest", **_frame("A", i))
            assert answer["type"] == "ack", answer
        head = max(answer["seq"] for answer in [await gw.call("ingest", **_frame("A", 0))])
        await sup.wait(lambda f: f["type"] == "event" and f["seq"] == head)
        seqs = _seqs(sup)
        assert seqs == list(range(seqs[0], seqs[-1] + 1)), "B's console saw a gap or a repeat"

    try:
        _run(scenario)
        rows = asyncio.run(
            _fetch(
                url,
                "SELECT external_id, count(*) FROM messages WHERE external_id IS NOT NULL"
                " GROUP BY external_id",
            )
        )
        counts = dict(rows)
        # Everything acknowledged is stored, and every message once.
        assert set(acked) <= set(counts)
        assert len(counts) == 2 * per_server and set(counts.values()) == {1}
        received = asyncio.run(
            _fetch(url, "SELECT count(*) FROM events WHERE kind = 'message.received'")
        )
        assert received == [(2 * per_server,)]
        # Two servers appended to one chain: it verifies end to end.
        verify = runner.invoke(app, ["audit", "verify", "--db", url])
        assert verify.exit_code == 0, verify.output
        # The lists' copy (migration 0025) says what the rows say: the batch the kill cut
        # short left neither half behind.
        columns = CONVERSATION_ORDER_COLUMNS
        rows = asyncio.run(_fetch(url, f"SELECT {columns} FROM conversations ORDER BY id"))
        copy = asyncio.run(_fetch(url, f"SELECT {columns} FROM conversation_order ORDER BY id"))
        assert rows and [tuple(r) for r in copy] == [tuple(r) for r in rows]
    finally:
        b.terminate()
        with contextlib.suppress(Exception):
            a.kill9()


def test_kill_9_of_the_routing_leader_hands_over_and_every_conversation_is_offered_once(
    tmp_path,
    postgres,
) -> None:
    url = postgres.fresh_database()
    tokens = seed_accounts(url)
    conn = connect_sync(url)
    _, big = create_agent(
        conn, "周敏", "agent", {"mortgage": 1}, {"phone": 1, "chat": 5, "wechat": 60}
    )
    conn.close()
    # Offers stand for a minute: every offer event in the log is a decision, not a re-offer.
    config = _config(tmp_path, url, offer_timeout_ms=60000)
    a = spawn_server(None, "--config", config)
    total = 40
    taken_over = []

    async def scenario(clients: _Clients) -> None:
        await _wait_health(a, "routing", "leader", 5)
        b = spawn_server(None, "--config", config)
        servers.append(b)
        await _wait_health(b, "routing", "follower", 5)
        assert "loancs_routing_leader 0.0" in await asyncio.to_thread(_metrics, b)
        zhou = await clients.open(b.url, big)  # the agent works on the server that survives
        gw = await clients.open(b.url, tokens["wechat"], subscribe=False)
        conversations = []
        for i in range(total):
            answer = await gw.call("ingest", **_frame("L", i))
            assert answer["type"] == "ack"
            conversations.append(answer["conversation"])
            if i == total // 2:
                await zhou.wait(lambda f: f.get("kind") == "conversation.offered")
                await asyncio.to_thread(a.kill9)  # the leader dies with offers made
        taken_over.append(await _wait_health(b, "routing", "leader", 10))
        assert "loancs_routing_leader 1.0" in await asyncio.to_thread(_metrics, b)
        await zhou.wait(
            lambda f: (
                f.get("kind") == "conversation.offered" and f["conversation"] == conversations[-1]
            ),
            timeout=10,
        )
        await asyncio.sleep(0.5)  # a second offer of anything would have come by now
        offered = [f["conversation"] for f in zhou.events("conversation.offered")]
        assert sorted(offered) == sorted(conversations)

    servers: list[ServerProcess] = []
    try:
        _run(scenario)
        rows = asyncio.run(_offers_per_conversation(url))
        assert len(rows) == total and {count for _, count in rows} == {1}
        assert taken_over[0] < 5.0
    finally:
        for server in servers:
            server.terminate()
        with contextlib.suppress(Exception):
            a.kill9()


async def _offers_per_conversation(url: str) -> list[tuple]:
    return await _fetch(
        url,
        "SELECT conversation, count(*) FROM events WHERE kind = 'conversation.offered'"
        " GROUP BY conversation",
    )


async def _fetch(url: str, sql: str) -> list[tuple]:
    conn = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await conn.fetch(sql)]
    finally:
        await conn.close()


def test_consoles_on_a_killed_server_are_gone_for_the_leader_and_their_work_is_requeued(
    tmp_path,
    postgres,
) -> None:
    """The leader (A) sees an agent's console connected on B through presence; B is killed:
    after the disconnect grace the agent's conversation goes back to the queue, as when a
    console of the leader's own drops."""
    url = postgres.fresh_database()
    tokens = seed_accounts(url)
    config = _config(tmp_path, url, offer_timeout_ms=60000, disconnect_grace_ms=1000)
    a = spawn_server(None, "--config", config)
    servers = [a]

    async def scenario(clients: _Clients) -> None:
        await _wait_health(a, "routing", "leader", 5)
        b = spawn_server(None, "--config", config)
        servers.append(b)
        sup = await clients.open(a.url, tokens["supervisor"])
        wang = await clients.open(b.url, tokens["agent"])
        gw = await clients.open(a.url, tokens["wechat"], subscribe=False)
        conversation = (await gw.call("ingest", **_frame("P", 1)))["conversation"]
        await wang.wait(
            lambda f: f.get("kind") == "conversation.offered" and f["conversation"] == conversation
        )
        assert (await wang.call("accept", conversation=conversation))["type"] == "ack"
        await asyncio.sleep(1.5)  # connected on B all along: nothing is taken back
        assert not sup.events("conversation.requeued")
        await asyncio.to_thread(b.kill9)
        requeued = await sup.wait(
            lambda f: (
                f.get("kind") == "conversation.requeued" and f["conversation"] == conversation
            ),
            timeout=8,
        )
        assert "disconnected" in requeued["payload"]["reason"]

    try:
        _run(scenario)
    finally:
        for server in servers:
            with contextlib.suppress(Exception):
                server.kill9()


def test_a_server_started_after_the_leaders_offers_holds_them_and_makes_none_again(
    tmp_path,
    postgres,
) -> None:
    """B starts while A's offers stand (they are only in the log); A is killed; B leads and
    offers only what A had not: each conversation is offered once."""
    url = postgres.fresh_database()
    seed_accounts(url)
    conn = connect_sync(url)
    _, token = create_agent(conn, "周敏", "agent", {"mortgage": 1}, {"chat": 5, "wechat": 60})
    _, gateway = create_channel(conn, "wx2", "wechat")
    conn.close()
    config = _config(tmp_path, url, offer_timeout_ms=60000)
    a = spawn_server(None, "--config", config)
    servers = [a]

    async def scenario(clients: _Clients) -> None:
        await _wait_health(a, "routing", "leader", 5)
        on_a = await clients.open(a.url, token)
        gw = await clients.open(a.url, gateway, subscribe=False)
        first = [(await gw.call("ingest", **_frame("F", i)))["conversation"] for i in range(8)]
        await on_a.wait(
            lambda f: f.get("kind") == "conversation.offered" and f["conversation"] == first[-1]
        )
        b = spawn_server(None, "--config", config)  # its router starts from the store
        servers.append(b)
        on_b = await clients.open(b.url, token)  # the agent keeps a console on B
        await asyncio.to_thread(a.kill9)
        await _wait_health(b, "routing", "leader", 10)
        gw = await clients.open(b.url, gateway, subscribe=False)
        later = [(await gw.call("ingest", **_frame("G", i)))["conversation"] for i in range(4)]
        await on_b.wait(
            lambda f: f.get("kind") == "conversation.offered" and f["conversation"] == later[-1],
            timeout=10,
        )
        await asyncio.sleep(0.5)

    try:
        _run(scenario)
        rows = asyncio.run(_offers_per_conversation(url))
        assert len(rows) == 12 and {count for _, count in rows} == {1}, rows
    finally:
        for server in servers:
            with contextlib.suppress(Exception):
                server.kill9()


async def test_an_offer_is_refused_once_its_servers_lease_session_is_gone(database) -> None:
    """A leader whose lease session ended (its successor may be offering already) cannot
    record an offer, nor routing's other decisions (an offer's expiry, a re-queue, an
    agent's state), even on a writer connection that still works."""
    conn = connect_sync(database)
    agent_id, _ = create_agent(conn, "fence-agent", "agent", {"mortgage": 1})
    conn.close()
    store = Store(database, writer="thread", master_key=b"k" * 32)
    await store.open()
    lease = AdvisoryLease(database, retry_s=0.2, check_s=5.0)

    async def gained() -> None:
        return None

    task = asyncio.create_task(lease.run(gained, lambda: None))
    try:
        await _until(lambda: lease.held)
        ingest = c.IngestMessage(
            source="gw",
            channel="wechat",
            external_id="fence-1",
            identity=c.Identity(kind="wechat", value="oFENCE000000000001"),
            body="房贷怎么办理",
            hints=c.Hints(loan_type="mortgage"),
        )
        conversation = (await store.apply(ingest))["conversation"]

        def offer(pid: int | None) -> c.RecordOffer:
            return c.RecordOffer(
                conversation=conversation,
                actor="router",
                timeout_ms=20000,
                payload={"agent": 1},
                lease_pid=pid,
            )

        def decisions(pid: int | None) -> list[c.Command]:
            return [
                c.RecordEvent(
                    kind="conversation.offer_expired",
                    conversation=conversation,
                    actor="router",
                    payload={"agent": agent_id, "reason": "no answer"},
                    lease_pid=pid,
                ),
                c.Assign(
                    conversation=conversation,
                    agent_id=None,
                    actor="router",
                    kind="conversation.requeued",
                    payload={"reason": "agent gone"},
                    lease_pid=pid,
                ),
                c.SetAgentState(
                    agent_id=agent_id,
                    agent_name="fence-agent",
                    state="break",
                    reason="missed offers",
                    actor="router",
                    lease_pid=pid,
                ),
            ]

        held_by = lease.pid
        assert (await store.apply(offer(held_by)))["expires_ms"] > 0
        for decision in decisions(held_by):
            assert (await store.apply(decision))["seq"] > 0
        await _terminate(database, held_by)  # the lease's session ends; the store's does not
        for decision in [offer(held_by), *decisions(held_by)]:
            with pytest.raises(OpError, match="no longer leads"):
                await store.apply(decision)
        await store.apply(offer(None))  # a single server (no lease) is not asked
        for decision in decisions(None):
            await store.apply(decision)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await lease.close()
        await store.close()
