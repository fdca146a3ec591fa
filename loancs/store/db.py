"""The store facade: opens and migrates the database, owns the writer thread, and
answers read queries on a small pool of read connections, each in its own thread (WAL lets
reads run beside the writer and beside each other; no read runs on the event loop's thread).
The server and the admin commands only ever talk to this class."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from loancs.core.eventlog import decode_payload
from loancs.errors import DatabaseOpenError, SchemaTooNew
from loancs.lifecycle import building_to_keep
from loancs.store import commands
from loancs.store.backends import is_postgres
from loancs.store.keys import load_master_key
from loancs.store.migrations import apply_migrations
from loancs.store.privacy import Sealer
from loancs.store.tx import decode_meta
from loancs.store.writer import Done, StoredEvent, StoreWriter, Writer

T = TypeVar("T")
MIN_FREE_MB = 16  # below this /healthz says the store cannot take writes
# What the hub keeps of a conversation (``conversation_meta``).
_META_COLUMNS = "id, channel, assigned_agent, loan_type, status, customer_id, urgency, priority"


def _meta(
    channel: Any,
    assigned: Any,
    loan_type: Any,
    status: Any,
    customer: Any,
    urgency: Any,
    priority: Any,
) -> dict[str, Any]:
    """One conversation's routing and visibility facts as the hub holds them."""
    return {
        "channel": channel,
        "assigned": assigned,
        "loan_type": loan_type,
        "status": status,
        "customer": customer,
        "urgency": urgency,
        "priority": priority,
    }


# Unresolved conversations, in the words of the partial index conversations_open_work
# (migration 0020): SQLite uses a partial index only for a query that says its WHERE.
OPEN_WORK = "status != 'resolved'"


def shared(value: Any) -> Any:
    """A string from a row, held once (``sys.intern``); anything else as it is."""
    return sys.intern(value) if value.__class__ is str else value


# What a server holds of each unresolved conversation from its start: the hub's facts and
# routing's, read once (``Store.open_work``), by position in this order.
OPEN_WORK_COLUMNS = (
    "id, customer_id, channel, loan_type, amount_fen, urgency, credit_band, language, priority,"
    " assigned_agent, created_at, status"
)
OPEN_WORK_SQL = f"SELECT {OPEN_WORK_COLUMNS} FROM conversations WHERE {OPEN_WORK}"
# Pages of the page cache the start's one scan of the open work may use (a scan reads each
# page once: a few suffice; the connection's own cache size is set back after).
OPEN_WORK_CACHE_PAGES = 16
TOKEN_PREFIXES = {"agent": "lca_", "supervisor": "lcs_", "admin": "lcx_", "channel": "lcc_"}


def hash_token(token: str) -> str:
    # Tokens are 256-bit random strings, so a plain sha256 is a safe one-way store.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(role: str) -> str:
    return TOKEN_PREFIXES.get(role, "lc_") + secrets.token_urlsafe(32)


def now_ms() -> int:
    return int(time.time() * 1000)


def connect_sync(path: str | Path) -> sqlite3.Connection:
    """A plain connection for admin commands and migrations (WAL, busy timeout). A
    ``postgresql://`` URL gives the same interface on PostgreSQL (backends/pg.py)."""
    if is_postgres(path):
        from loancs.store.backends import pg

        assert isinstance(path, str)
        return pg.connect(path)  # type: ignore[return-value]
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise _open_error(path, exc) from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA foreign_keys=ON")
        apply_migrations(conn)
    except SchemaTooNew as exc:
        conn.close()
        raise SchemaTooNew(f"{path}: {exc}") from None
    except sqlite3.Error as exc:
        conn.close()
        raise _open_error(path, exc) from None
    return conn


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection that never migrates (audit, export, db status, a backup on
    read-only media). Missing file or unreadable: DatabaseOpenError naming it. A
    ``postgresql://`` URL gives a read-only PostgreSQL connection (backends/pg.py)."""
    if is_postgres(path):
        from loancs.store.backends import pg

        assert isinstance(path, str)
        return pg.PgConnection(path, read_only=True)  # type: ignore[return-value]
    path = Path(path)
    if not path.is_file():
        raise DatabaseOpenError(f"no database at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL database on a read-only filesystem cannot create its -shm file; nobody can
        # write there either, so reading it as immutable is safe.
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise _open_error(path, exc) from None
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from None
    conn.row_factory = sqlite3.Row
    return conn


def _open_error(path: Path, exc: BaseException) -> DatabaseOpenError:
    """One line naming the file, with the likely fix."""
    reason = getattr(exc, "strerror", None) or str(exc)
    hint = ""
    if isinstance(exc, PermissionError) or "readonly" in reason or "unable to open" in reason:
        hint = f" (can this user write to {path.parent}? --db or LOANCS_DATA picks another place)"
    return DatabaseOpenError(f"cannot open the database {path}: {reason}{hint}")


class ReadPool:
    """``size`` read-only connections, one per worker thread. A query (or a whole read
    function) runs in one hop to a worker, so a slow search holds one connection, not all.
    (backends/pg.py's PgReadPool opens PostgreSQL connections instead.)"""

    def __init__(self, path: str, size: int):
        self.path = path
        self.size = size
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(size, thread_name_prefix="loancs-read")

    def _open(self) -> Any:
        conn = sqlite3.connect(self.path, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA query_only=ON")
        conn.row_factory = sqlite3.Row
        return conn

    def _usable(self, conn: Any) -> bool:
        return True

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or not self._usable(conn):
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._connection()))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()


class Store:
    def __init__(
        self,
        path: str | Path,
        synchronous: str = "FULL",
        clock: Callable[[], int] | None = None,
        writer: str = "thread",
        master_key: bytes | None = None,
        master_key_file: str | Path | None = None,
        read_connections: int = 3,
    ):
        # Personal fields in the log are sealed with per-customer keys wrapped by this key
        # (store/privacy.py); None: LOANCS_MASTER_KEY, the file, or <db>.key (keys.py).
        self.master_key = master_key
        self.master_key_file = master_key_file
        self.sealer: Sealer | None = None
        self.path = str(path)
        self.synchronous = synchronous
        self.clock = clock  # the demo seeder replays history with its own clock
        if writer not in ("thread", "process"):
            raise ValueError(f"writer must be thread or process, not {writer!r}")
        self.writer_mode = "thread" if clock is not None else writer
        self.writer: StoreWriter | None = None
        self.read_connections = max(2, read_connections)
        self.postgres = is_postgres(self.path)
        self._read: Any = None  # ReadPool, or backends/pg.py's PgReadPool
        # Slow reads (search) may hold all but one connection: a transcript load always
        # finds one free.
        self._slow: asyncio.Semaphore | None = None
        self._listeners: list[Callable[[list[StoredEvent]], None]] = []
        self._probed_at = 0.0

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgres"``."""
        return "postgres" if self.postgres else "sqlite"

    @property
    def dsn(self) -> str | None:
        """The PostgreSQL URL (for another asyncpg connection: LISTEN ...); None on SQLite."""
        return self.path if self.postgres else None

    async def open(self) -> None:
        await self.open_reads()
        await self.open_writer()

    def _migrate_and_check_key(self, master: bytes) -> None:
        """The schema migrated (connect_sync), then the master key checked against a stored
        customer key (a key that opens nothing: refused, privacy.check_master_key)."""
        from loancs.store.keys import key_source
        from loancs.store.privacy import check_master_key

        conn = connect_sync(self.path)
        try:
            check_master_key(conn, master, key_source(self.path, self.master_key_file))
        finally:
            conn.close()

    async def open_reads(self) -> None:
        """The first half of ``open``: the schema migrated, the keys loaded, the read
        connections ready; nothing can be written until ``open_writer``."""
        if self.master_key is None:
            self.master_key = load_master_key(self.path, self.master_key_file)
        await asyncio.to_thread(self._migrate_and_check_key, self.master_key)
        self.sealer = Sealer(self.master_key)
        if self.postgres:
            from loancs.store.backends.pg import PgReadPool

            self._read = PgReadPool(self.path, self.read_connections)
        else:
            self._read = ReadPool(self.path, self.read_connections)
        self._slow = asyncio.Semaphore(self.read_connections - 1)

    async def open_writer(self) -> None:
        """The second half: start the writer and wait until it has the database open. The
        wait (a child process starting: a Python, its imports) is on a worker thread, so the
        loop may read meanwhile (the server loads what it holds in memory)."""
        assert self.master_key is not None, "open_reads first"
        if self.writer_mode == "process":
            from loancs.store.writer_process import ProcessWriter

            self.writer = ProcessWriter(
                self.path, self._on_commit, self.synchronous, master_key=self.master_key
            )
        else:
            self.writer = Writer(
                self.path, self._on_commit, self.synchronous, self.clock, Sealer(self.master_key)
            )
        await asyncio.to_thread(self.writer.start, asyncio.get_running_loop())

    async def close(self) -> None:
        if self.writer:
            await self.writer.close()
            self.writer = None
        if self._read:
            await asyncio.to_thread(self._read.close)
            self._read = None

    def health(self) -> dict[str, Any]:
        """Can the store write right now? For /healthz: the writer's state, the last failed
        commit (until one succeeds), and the free space beside the database. A failing
        store is probed with a small write now and then, so it reports recovery by itself."""
        writer = self.writer
        state = writer.state if writer is not None else "stopped"
        error = writer.storage_error if writer is not None else None
        free_mb = None
        if not self.postgres:  # PostgreSQL's disk is the database server's to watch
            with contextlib.suppress(OSError):
                st = os.statvfs(Path(self.path).parent)
                free_mb = round(st.f_bavail * st.f_frsize / 2**20, 1)
        if free_mb is not None and free_mb < MIN_FREE_MB and error is None:
            error = f"only {free_mb} MB free beside the database"
        if (
            writer is not None
            and state == "ok"
            and writer.storage_error is not None
            and not writer.pending  # a failing probe would take real ops down with it
        ):
            now = time.monotonic()
            if now - self._probed_at > 2.0:
                self._probed_at = now
                writer.submit_with(commands.ProbeStorage(), lambda ok, value: None)
        return {
            "ok": state == "ok" and error is None,
            "writer": state,
            "error": error,
            "free_mb": free_mb,
            "restarts": getattr(writer, "restarts", 0),
        }

    def forget_keys(self, customers: list[int]) -> None:
        """Erased customers: drop their keys from this process's and the writer's caches."""
        if self.sealer is not None:
            self.sealer.forget(customers)
        if self.writer is not None:
            self.writer.submit_with(
                commands.ForgetKeys(customers=list(customers)), lambda ok, value: None
            )

    def on_commit(self, listener: Callable[[list[StoredEvent]], None]) -> None:
        self._listeners.append(listener)

    def _on_commit(self, events: list[StoredEvent]) -> None:
        for listener in self._listeners:
            listener(events)

    # -------------------------------------------------------------- writes

    async def apply(self, command: commands.Command) -> Any:
        """Apply one command through the writer; returns its result once it is committed
        (raises OpError when refused, StorageError when nothing could be stored)."""
        return await self.submit(command)

    def submit(self, command: commands.Command) -> asyncio.Future[Any]:
        """Like ``apply`` without waiting: the future resolves after the commit."""
        assert self.writer is not None, "the store is not open"
        return self.writer.submit(command)

    def submit_with(self, command: commands.Command, done: Done) -> None:
        """The hot path: ``done(ok, result_or_exception)`` on the loop after the commit."""
        assert self.writer is not None, "the store is not open"
        self.writer.submit_with(command, done)

    # -------------------------------------------------------------- reads

    async def read(self, fn: Callable[[sqlite3.Connection], T], *, slow: bool = False) -> T:
        """Run ``fn(conn)`` on a read connection in a worker thread (several statements in
        one hop). ``slow``: a search or a scan, which never takes the last free connection."""
        assert self._read is not None and self._slow is not None
        if not slow:
            return await self._read.run(fn)
        async with self._slow:
            return await self._read.run(fn)

    async def fetchall(
        self, sql: str, params: tuple | list = (), *, slow: bool = False
    ) -> list[sqlite3.Row]:
        return await self.read(lambda conn: conn.execute(sql, params).fetchall(), slow=slow)

    async def fetchone(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        return await self.read(lambda conn: conn.execute(sql, params).fetchone())

    async def last_seq(self) -> int:
        row = await self.fetchone("SELECT MAX(seq) AS seq FROM events")
        return (row["seq"] if row else None) or 0

    async def events_after(
        self,
        since: int,
        limit: int = 1000,
        meta: bool = False,
        fetch: Callable[[str, tuple], Awaitable[list[Any]]] | None = None,
    ) -> list[StoredEvent]:
        """Events after ``since`` in seq order; ``meta``: with the conversation facts stored
        beside each (a server publishing other servers' events needs them; a replay does
        not, it asks the hub's current facts). ``fetch(sql, params)``: read the rows (and
        the customers' keys to unseal them) with it instead of the read pool (PostgreSQL's
        feed: a connection on the server's loop)."""
        rows = await (fetch or self.fetchall)(
            "SELECT seq, ts, kind, conversation, actor, payload,"
            + (" meta" if meta else " NULL AS meta")
            + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            (since, limit),
        )
        return await self.events_of(
            [
                (
                    r["seq"],
                    r["ts"],
                    r["kind"],
                    r["conversation"],
                    r["actor"],
                    decode_payload(r["payload"]),
                    None if r["meta"] is None else decode_meta(r["meta"]),
                )
                for r in rows
            ],
            fetch,
        )

    async def events_of(
        self, rows: list[Any], fetch: Callable[[str, tuple], Awaitable[list[Any]]] | None = None
    ) -> list[StoredEvent]:
        """Events from their log rows, payload and meta decoded but as stored: ``(seq, ts,
        kind, conversation, actor, payload, meta)``; unsealed as ``events_after`` gives
        them (a server publishing the events another server's commit announced with them,
        server/cluster.py); ``fetch``: as ``events_after``'s, for the keys."""
        payloads = [r[5] for r in rows]
        if self.sealer is not None:
            payloads = await self.unseal(payloads, fetch)
        return [
            StoredEvent(r[0], r[1], r[2], r[3], r[4], payload, r[6])
            for r, payload in zip(rows, payloads, strict=True)
        ]

    async def unseal(
        self,
        payloads: list[dict],
        fetch: Callable[[str, tuple], Awaitable[list[Any]]] | None = None,
    ) -> list[dict]:
        """Payloads read from the log with their personal fields decrypted (``[erased]``
        for a customer whose key was destroyed); keys not cached are read with ``fetch``
        (default: the read pool)."""
        sealer = self.sealer
        assert sealer is not None
        wanted = sealer.customers_to_load(payloads)
        if wanted:
            marks = ",".join("?" * len(wanted))
            rows = await (fetch or self.fetchall)(
                f"SELECT customer_id, wrapped, erased_at FROM customer_keys"
                f" WHERE customer_id IN ({marks})",
                tuple(wanted),
            )
            found = {r["customer_id"]: (r["wrapped"], r["erased_at"]) for r in rows}
            for customer in wanted:
                sealer.load(customer, found.get(customer))
        return [sealer.unseal_cached(p) for p in payloads]

    async def principal_for_token(self, token: str) -> dict[str, Any] | None:
        digest = hash_token(token)
        row = await self.fetchone(
            "SELECT id, name, role, skills, capacity, disabled, state FROM agents"
            " WHERE token_hash = ?",
            (digest,),
        )
        if row:
            return {
                "kind": "agent",
                "id": row["id"],
                "name": row["name"],
                "role": row["role"],
                "skills": json.loads(row["skills"]),
                "capacity": json.loads(row["capacity"]),
                "disabled": bool(row["disabled"]),
                "state": row["state"],
            }
        row = await self.fetchone(
            "SELECT id, name, kind, disabled FROM channels WHERE token_hash = ?", (digest,)
        )
        if row:
            return {
                "kind": "channel",
                "id": row["id"],
                "name": row["name"],
                "role": "channel",
                "channel_kind": row["kind"],
                "disabled": bool(row["disabled"]),
            }
        return None

    async def agents(self) -> list[dict[str, Any]]:
        rows = await self.fetchall(
            "SELECT id, name, role, skills, capacity, state, state_reason, disabled FROM agents"
            " ORDER BY id"
        )
        return [
            {
                "id": r["id"],
                "name": r["name"],
                "role": r["role"],
                "skills": json.loads(r["skills"]),
                "capacity": json.loads(r["capacity"]),
                "state": r["state"],
                "state_reason": r["state_reason"],
                "disabled": bool(r["disabled"]),
            }
            for r in rows
        ]

    async def open_work(self) -> list[Any]:
        """Every unresolved conversation (open, pending, snoozed) as a server starts from it:
        rows of OPEN_WORK_COLUMNS, by position, from the open-work index alone. One read
        for both the hub (``meta_of_open_work``) and routing (10,000 rows at a year's
        backlog: reading them twice was a tenth of a start). Plain tuples, taken a row at a
        time, with the few-valued strings held once (interned): no list of rows and their
        own copies of "wechat" and "open" beside what is kept (a start's peak memory).
        The index's pages pass through a small page cache: read once at a start, they would
        otherwise stay in the read connection's cache, unused (~2 MB of the server's memory
        at 30,000 open conversations, for as long as nothing else needs the room)."""
        sql = OPEN_WORK_SQL
        postgres = self.postgres

        def read(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
            # No cyclic garbage collection meanwhile (lifecycle.building_to_keep): the rows
            # are tuples of numbers and strings (no cycles), and at a year's backlog their
            # number set off collections, a full one among them walking all that the start
            # had built (~60 ms of CPU at 31,789 open conversations, to collect nothing).
            with building_to_keep():
                if postgres:
                    return scan(conn)
                (cache,) = conn.execute("PRAGMA cache_size").fetchone()
                conn.execute(f"PRAGMA cache_size = {OPEN_WORK_CACHE_PAGES}")
                try:
                    return scan(conn)
                finally:
                    conn.execute(f"PRAGMA cache_size = {int(cache)}")

        def scan(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
            out = []
            intern = sys.intern  # inline, not through shared(): five a row, 30,000 rows
            for (
                id_,
                cust,
                channel,
                loan,
                amount,
                urgency,
                band,
                lang,
                prio,
                agent,
                at,
                st,
            ) in conn.execute(sql):
                out.append(
                    (
                        id_,
                        cust,
                        intern(channel),  # NOT NULL, as status
                        loan if loan is None else intern(loan),
                        amount,
                        urgency if urgency is None else intern(urgency),
                        band if band is None else intern(band),
                        lang if lang is None else intern(lang),
                        prio,
                        agent,
                        at,
                        intern(st),
                    )
                )
            return out

        return await self.read(read)

    @staticmethod
    def meta_of_open_work(rows: list[Any]) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """What the hub holds of each row of ``open_work``: (conversation, its facts in
        ``conversation_meta``'s order) pairs, made as they are taken (server/meta.py holds
        them compactly: no dict of them all, nor a dict each, at a year's 30,000)."""
        for id_, customer, channel, loan_type, _, urgency, _, _, priority, assigned, _, st in rows:
            yield id_, (channel, assigned, loan_type, st, customer, urgency, priority)

    async def conversation_meta(self, conversation: int) -> dict[str, Any] | None:
        """One conversation's routing and visibility facts, loaded on demand."""
        found = await self._conversation_meta(" WHERE id = ?", (conversation,))
        return found.get(conversation)

    async def _conversation_meta(self, where: str, params: tuple) -> dict[int, dict[str, Any]]:
        rows = await self.fetchall(f"SELECT {_META_COLUMNS} FROM conversations" + where, params)
        return {
            id_: _meta(channel, assigned, loan_type, status, customer, urgency, priority)
            for id_, channel, assigned, loan_type, status, customer, urgency, priority in rows
        }
