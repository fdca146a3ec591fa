"""Several servers on one PostgreSQL database (a real PostgreSQL from tests/postgres.py):
the routing lease passes to the next server when its holder's session ends, the
notification listener hands every committed seq to the feed and says so when it had to
reconnect, and presence (which server has which console and identity) vanishes with a dead
server's session."""

from __future__ import annotations

import asyncio
import itertools

import asyncpg
import pytest
from postgres import postgres  # noqa: F401 - the session fixture

from loancs.core.ratelimit import TokenBucket
from loancs.server.cluster import SharedRates
from loancs.store.backends.pg_cluster import (
    NOTIFY_CHANNEL,
    AdvisoryLease,
    Notifications,
    Presence,
)

_names = itertools.count(1)


@pytest.fixture
def database(postgres):  # noqa: F811
    return postgres.create_database(f"cluster_{next(_names)}")


async def _until(predicate, timeout: float = 8.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def _backend_of(dsn: str, key: int) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND ((classid::bigint << 32) | objid::bigint) = $1",
            key,
        )
    finally:
        await conn.close()


async def _terminate(dsn: str, pid: int) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
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


async def test_notifications_reach_the_feed_and_a_reconnect_says_look(database) -> None:
    seen: list[int] = []
    listener = Notifications(database, seen.append, retry_s=0.2)
    task = asyncio.create_task(listener.run())
    writer = await asyncpg.connect(database)
    try:
        await _until(lambda: listener.connected)
        async with writer.transaction():
            await writer.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '41')")
            await writer.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '42')")
        await _until(lambda: seen == [41, 42])
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
