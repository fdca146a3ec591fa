"""Several servers on one PostgreSQL database: what each server learns from the database
itself besides the log (server/cluster.py uses both).

- ``Notifications``: a connection that LISTENs on the channel every writer NOTIFYs inside
  its commit (backends/pg.py: the batch's events themselves, as many notifications as they
  need, or the seq of one too large to carry), and hands each to the log follower. The log
  stays the source: a notification lost while this connection was down, or an event
  announced by its seq alone, is read from it (on the next notification or the follower's
  poll).
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
import zlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import msgspec

from loancs.store.apply.conversations import LEASE_KEY as OFFER_LEASE_KEY
from loancs.store.backends.pg import translate

log = logging.getLogger("loancs.cluster")

# The channel the writer notifies on (backends/pg.py NOTIFY_CHANNEL says the same).
NOTIFY_CHANNEL = "loancs_events"
# The lock every writer batch holds while it appends (backends/pg.py APPEND_LOCK).
APPEND_LOCK = 0x6C6F616E6373
# The routing lease's advisory lock key ("loancs" in ASCII, plus 16: apart from the writer's
# append and migration locks); an offer is refused unless its leader's session holds it.
LEASE_KEY = OFFER_LEASE_KEY
CONNECT_TIMEOUT_S = 5.0


async def _connect(dsn: str, role: str) -> Any:
    """A connection of its own for ``role`` (its application_name, as pg_stat_activity
    shows it: ``loancs listen``, ``loancs lease``, ``loancs presence``)."""
    return await asyncpg.connect(
        dsn, timeout=CONNECT_TIMEOUT_S, server_settings={"application_name": f"loancs {role}"}
    )


async def _close(conn: Any) -> None:
    if conn is None:
        return
    try:
        async with asyncio.timeout(2):
            await conn.close()
    except Exception:
        conn.terminate()


class Notifications:
    """LISTEN for new events; ``on_seq(seq, pid)`` per notification, ``pid`` the database
    session that committed them (``on_seq(0, None)`` after a reconnect: something may have
    been missed, look at the log). A notification that carries the events themselves
    (backends/pg.py ``feed_notifications``: a JSON array) goes to ``on_events(payload,
    pid)`` as it came, or, without ``on_events``, to ``on_seq`` as its last seq."""

    def __init__(
        self,
        dsn: str,
        on_seq: Callable[[int, int | None], None],
        retry_s: float = 1.0,
        on_events: Callable[[str, int | None], None] | None = None,
    ):
        self.dsn = dsn
        self.on_seq = on_seq
        self.on_events = on_events
        self.retry_s = retry_s
        self.connected = False
        self._conn: Any = None
        self._busy = asyncio.Lock()  # one statement at a time on the connection
        self.received = 0
        self.stopped = False  # ends the loop even if a cancel is lost (3.11 timeouts)

    def _notified(self, _conn: Any, pid: int, _channel: str, payload: str) -> None:
        self.received += 1
        if payload.startswith("["):
            if self.on_events is not None:
                self.on_events(payload, pid)
                return
            try:
                seq = int(msgspec.json.decode(payload)[-1][0])
            except (msgspec.DecodeError, IndexError, TypeError, ValueError):
                seq = 0
        else:
            try:
                seq = int(payload)
            except ValueError:
                seq = 0
        self.on_seq(seq, pid)

    async def run(self) -> None:
        first = True
        while not self.stopped:
            conn = None
            try:
                conn = await _connect(self.dsn, "listen")
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(NOTIFY_CHANNEL, self._notified)
                self._conn = conn
                self.connected = True
                if not first:
                    self.on_seq(0, None)  # notifications may have been missed while away
                first = False
                while not lost.is_set() and not self.stopped:  # a dead peer: the query fails
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(5.0):  # (wait_for may swallow a cancel)
                            await lost.wait()
                    if not lost.is_set():
                        async with self._busy:
                            await conn.fetchval("SELECT 1", timeout=5.0)
            except asyncio.CancelledError:
                self.connected, self._conn = False, None
                await _close(conn)
                raise
            except Exception as exc:
                log.warning("listening for new events failed (%s); retrying", exc)
            self.connected, self._conn = False, None
            await _close(conn)
            await asyncio.sleep(self.retry_s)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of a read on this connection, which lives on the server's own loop: the
        feed's read of new events (server/cluster.py) then needs no thread. ConnectionError
        while not connected."""
        conn = self._conn
        if conn is None or not self.connected:
            raise ConnectionError("not listening")
        async with self._busy:
            return list(await conn.fetch(translate(sql), *params, timeout=5.0))


class AdvisoryLease:
    """Held while this server's session holds ``pg_advisory_lock(key)``."""

    def __init__(self, dsn: str, key: int = LEASE_KEY, retry_s: float = 1.0, check_s: float = 1.0):
        self.dsn = dsn
        self.key = key
        self.retry_s = retry_s
        self.check_s = check_s
        self.held = False
        self.pid: int | None = None  # the backend holding it, while held (offers carry it)
        self.stopped = False
        self._conn: Any = None
        self.tried = asyncio.Event()  # the first attempt is over (taken or not)

    async def run(
        self, on_gained: Callable[[], Awaitable[None]], on_lost: Callable[[], None]
    ) -> None:
        while not self.stopped:
            try:
                self._conn = await _connect(self.dsn, "lease")
                while not await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", self.key):
                    self.tried.set()
                    if self.stopped:
                        return
                    await asyncio.sleep(self.retry_s)
                # A barrier: a batch the previous holder's writer had in flight (its process
                # may be dead, its COMMIT already sent) holds the append lock until it has
                # committed or rolled back; after this, the log shows every decision it made.
                async with self._conn.transaction():
                    await self._conn.execute("SELECT pg_advisory_xact_lock($1)", APPEND_LOCK)
                self.pid = self._conn.get_server_pid()
                self.held = True
                log.info("routing lease taken")
                await on_gained()
                self.tried.set()
                while not self.stopped:  # the lock lives as long as this session
                    await asyncio.sleep(self.check_s)
                    await self._conn.fetchval("SELECT 1", timeout=max(1.0, 2 * self.check_s))
            except asyncio.CancelledError:
                self._lost(on_lost)
                conn, self._conn = self._conn, None
                await _close(conn)
                raise
            except Exception as exc:
                log.warning("routing lease connection failed (%s)", exc)
                self.tried.set()
            self._lost(on_lost)
            await _close(self._conn)
            self._conn = None
            await asyncio.sleep(self.retry_s)

    def _lost(self, on_lost: Callable[[], None]) -> None:
        self.pid = None
        if self.held:
            self.held = False
            on_lost()

    async def close(self) -> None:
        """Give the lease up at once (a clean stop): the next server need not wait."""
        self.stopped = True
        conn, self._conn = self._conn, None
        self.held = False
        self.pid = None
        await _close(conn)


# Presence: "this server has a session of X", as a shared advisory lock (two-int form:
# class, key) held by the server's presence connection. PostgreSQL drops a session's locks
# with it, so a dead server's consoles stop counting without anyone cleaning up.
SPACES = {
    "agent": 0x6C630001,  # key: the agent's id (routing: is their console connected anywhere?)
    "identity": 0x6C630002,  # key: identity_key(identity) (rate limits: on how many servers?)
}


def identity_key(identity: str) -> int:
    return zlib.crc32(identity.encode("utf-8")) & 0x7FFFFFFF


class Presence:
    """Holds one shared lock per (space, key) this server has sessions for, and asks how
    many servers hold each. Changes are applied by ``run`` on its own connection (at most a
    wake-up's delay late); after a reconnect every lock is taken again."""

    def __init__(self, dsn: str, retry_s: float = 1.0):
        self.dsn = dsn
        self.retry_s = retry_s
        self.wanted: dict[tuple[int, int], int] = {}  # (space, key) -> local sessions
        self._held: set[tuple[int, int]] = set()
        self._conn: Any = None
        self._use = asyncio.Lock()
        self._wake = asyncio.Event()
        self.connected = False
        self.stopped = False
        # Set once the first connection holds every lock wanted so far: a server listens
        # only after that, or the leader could find a console that connected in the first
        # moments held by nobody and, after the disconnect grace, take its work back.
        self.ready = asyncio.Event()

    def hold(self, space: str, key: int) -> None:
        """One more local session of ``key`` in ``space`` ("agent", "identity")."""
        lock = (SPACES[space], key)
        self.wanted[lock] = self.wanted.get(lock, 0) + 1
        self._wake.set()

    def release(self, space: str, key: int) -> None:
        lock = (SPACES[space], key)
        left = self.wanted.get(lock, 0) - 1
        if left > 0:
            self.wanted[lock] = left
        else:
            self.wanted.pop(lock, None)
        self._wake.set()

    async def holders(self, space: str) -> dict[int, int] | None:
        """key -> how many servers have a session of it (None: not connected now). Advisory
        locks belong to a database but pg_locks lists the whole cluster's: only this
        database's count (another loancs deployment on the same cluster is not ours)."""
        if self._conn is None:
            return None
        try:
            async with self._use:
                rows = await self._conn.fetch(
                    "SELECT objid::bigint AS key, count(*) AS servers FROM pg_locks"
                    " WHERE locktype = 'advisory' AND objsubid = 2 AND granted"
                    " AND classid = $1::bigint::oid"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database()) GROUP BY objid",
                    SPACES[space],
                )
        except Exception as exc:
            log.warning("presence query failed (%s)", exc)
            return None
        return {row["key"]: row["servers"] for row in rows}

    async def _sync(self) -> None:
        want = set(self.wanted)
        async with self._use:
            for space, key in sorted(want - self._held):
                await self._conn.execute("SELECT pg_advisory_lock_shared($1, $2)", space, key)
                self._held.add((space, key))
            for space, key in sorted(self._held - want):
                await self._conn.execute("SELECT pg_advisory_unlock_shared($1, $2)", space, key)
                self._held.discard((space, key))

    async def run(self) -> None:
        while not self.stopped:
            try:
                self._conn = await _connect(self.dsn, "presence")
                self._held = set()
                self.connected = True
                while not self.stopped:
                    self._wake.clear()
                    await self._sync()
                    self.ready.set()
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(5.0):  # (wait_for may swallow a cancel)
                            await self._wake.wait()
                    if not self._wake.is_set():
                        async with self._use:
                            await self._conn.fetchval("SELECT 1", timeout=5.0)
            except asyncio.CancelledError:
                conn, self._conn = self._conn, None
                await _close(conn)
                raise
            except Exception as exc:
                log.warning("presence connection failed (%s); retrying", exc)
            self.connected = False
            conn, self._conn = self._conn, None
            await _close(conn)
            await asyncio.sleep(self.retry_s)
