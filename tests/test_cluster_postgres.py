"""Several servers on one PostgreSQL database (a real PostgreSQL from tests/postgres.py):
the routing lease passes to the next server when its holder's session ends, and the
notification listener hands every committed seq to the feed and says so when it had to
reconnect."""

from __future__ import annotations

import asyncio
import itertools

import asyncpg
import pytest
from postgres import postgres  # noqa: F401 - the session fixture

from loancs.store.backends.pg_cluster import NOTIFY_CHANNEL, AdvisoryLease, Notifications

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
