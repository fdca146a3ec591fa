"""Several servers on one PostgreSQL database: what each server learns from the database
itself besides the log (server/cluster.py uses both).

- ``Notifications``: a connection that LISTENs on the channel every writer NOTIFYs inside
  its commit (backends/pg.py: the payload is the batch's last seq), and hands each seq to
  the log follower. Only a wake-up: the follower reads the events from the log, so a
  notification lost while this connection was down is caught up by the next one or by the
  follower's poll.
- ``AdvisoryLease``: the routing lease, a *session* advisory lock held on a connection of
  its own. PostgreSQL releases it when that session ends: a server killed (its sockets
  closed by the kernel) or cut off (TCP keepalive, then the server's own check fails) loses
  it, and the next server trying takes it within ``retry_s``.

One connection each per server (plus the writer's and the read pool's).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

log = logging.getLogger("loancs.cluster")

# The channel the writer notifies on (backends/pg.py NOTIFY_CHANNEL says the same).
NOTIFY_CHANNEL = "loancs_events"
# The routing lease's advisory lock key ("loancs" in ASCII, plus 16: apart from the writer's
# append and migration locks).
LEASE_KEY = 0x6C6F616E6373 + 16
CONNECT_TIMEOUT_S = 5.0


async def _connect(dsn: str) -> Any:
    return await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_S)


async def _close(conn: Any) -> None:
    if conn is None:
        return
    try:
        await asyncio.wait_for(conn.close(), 2)
    except Exception:
        conn.terminate()


class Notifications:
    """LISTEN for new events; ``on_seq(seq)`` per notification (``on_seq(0)`` after a
    reconnect: something may have been missed, look at the log)."""

    def __init__(self, dsn: str, on_seq: Callable[[int], None], retry_s: float = 1.0):
        self.dsn = dsn
        self.on_seq = on_seq
        self.retry_s = retry_s
        self.connected = False
        self.received = 0

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        self.received += 1
        try:
            seq = int(payload)
        except ValueError:
            seq = 0
        self.on_seq(seq)

    async def run(self) -> None:
        first = True
        while True:
            conn = None
            try:
                conn = await _connect(self.dsn)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(NOTIFY_CHANNEL, self._notified)
                self.connected = True
                if not first:
                    self.on_seq(0)  # notifications may have been missed while away
                first = False
                while not lost.is_set():  # a dead peer is noticed by the query failing
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), 5.0)
                    if not lost.is_set():
                        await conn.fetchval("SELECT 1", timeout=5.0)
            except asyncio.CancelledError:
                await _close(conn)
                raise
            except Exception as exc:
                log.warning("listening for new events failed (%s); retrying", exc)
            self.connected = False
            await _close(conn)
            await asyncio.sleep(self.retry_s)


class AdvisoryLease:
    """Held while this server's session holds ``pg_advisory_lock(key)``."""

    def __init__(self, dsn: str, key: int = LEASE_KEY, retry_s: float = 1.0, check_s: float = 1.0):
        self.dsn = dsn
        self.key = key
        self.retry_s = retry_s
        self.check_s = check_s
        self.held = False
        self._conn: Any = None

    async def run(
        self, on_gained: Callable[[], Awaitable[None]], on_lost: Callable[[], None]
    ) -> None:
        while True:
            try:
                self._conn = await _connect(self.dsn)
                while not await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", self.key):
                    await asyncio.sleep(self.retry_s)
                self.held = True
                log.info("routing lease taken")
                await on_gained()
                while True:  # the lock lives as long as this session: watch it
                    await asyncio.sleep(self.check_s)
                    await self._conn.fetchval("SELECT 1", timeout=max(1.0, 2 * self.check_s))
            except asyncio.CancelledError:
                self._lost(on_lost)
                conn, self._conn = self._conn, None
                await _close(conn)
                raise
            except Exception as exc:
                log.warning("routing lease connection failed (%s)", exc)
            self._lost(on_lost)
            await _close(self._conn)
            self._conn = None
            await asyncio.sleep(self.retry_s)

    def _lost(self, on_lost: Callable[[], None]) -> None:
        if self.held:
            self.held = False
            on_lost()

    async def close(self) -> None:
        """Give the lease up at once (a clean stop): the next server need not wait."""
        conn, self._conn = self._conn, None
        self.held = False
        await _close(conn)
