"""Serving from PostgreSQL (issue 16): the same store, writer and reads as SQLite, over
asyncpg.

The store's code (apply functions, reads, migrations) is written against a small subset of
``sqlite3.Connection``: ``execute(sql, params)`` returning a cursor (``fetchone``,
``fetchall``, ``rowcount``), ``executemany``, ``?`` placeholders, rows indexable by position
and by column name. ``PgConnection`` offers exactly that over one asyncpg connection, so the
writer thread (or process) and each read thread drive PostgreSQL with the same code:

- ``?`` becomes ``$1, $2 ...`` once per statement text (cached with the prepared statement);
- parameters are coerced to the types PostgreSQL inferred (SQLite's column affinity: a
  ``"7"`` for a BIGINT column is 7, an int for a TEXT column is its digits);
- ``numeric`` results (``SUM`` of BIGINT) come back as int or float, as SQLite's do;
- ``BEGIN IMMEDIATE`` (SQLite's write lock) takes the writers' advisory lock (below);
- each connection runs its own private event loop in the thread that uses it (a thread
  that already runs a loop, a test's or the CLI's, gets a helper thread instead).

Where the SQL itself differs (full-text search, ``json_extract``, the DDL of migrations),
the caller asks ``dialect(conn)`` for its PostgreSQL text: see search.py, migrations.py.

The writer's transaction (``WRITE``): ``BEGIN IMMEDIATE`` becomes ``BEGIN`` and
``pg_advisory_xact_lock(APPEND_LOCK)`` (one round trip) before the chain's tail is read, so
the batches of several servers on one database append one after another; the batch;
``SELECT pg_notify(NOTIFY_CHANNEL, '<last seq>'); COMMIT`` (one round trip) when it appended
events, else ``COMMIT`` (the notification is delivered only if the commit succeeds).
"""

from __future__ import annotations

import asyncio
import collections
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg
import msgspec

from loancs.core.eventlog import GENESIS_HASH, canonical_bytes, chain_hash
from loancs.core.events import Kind
from loancs.errors import DatabaseOpenError
from loancs.store.backends import safe_url
from loancs.store.db import ReadPool
from loancs.store.tx import TAIL, StoredEvent, Tx, encode_meta

__all__ = [
    "APPEND_LOCK",
    "NOTIFY_CHANNEL",
    "MIGRATE_LOCK",
    "ROLLUP_LOCK",
    "PgConnection",
    "PgReadPool",
    "PgTx",
    "StaleLookup",
    "connect",
    "translate",
]

T = TypeVar("T")

# pg_advisory_xact_lock key taken by every writer batch before it reads the chain's tail
# ("loancs" in ASCII), the one migrations take, and the one every report roll-up takes
# (store/reports.py: folds run one at a time, beside the writers' batches, not in them).
# Other servers on the database learn of each commit through NOTIFY on NOTIFY_CHANNEL.
APPEND_LOCK = 0x6C6F616E6373
MIGRATE_LOCK = APPEND_LOCK + 1
ROLLUP_LOCK = APPEND_LOCK + 2
NOTIFY_CHANNEL = "loancs_events"

# What a connection the database dropped raises (the connection is closed afterwards).
LOST = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    OSError,
)

STATEMENT_CACHE = 512  # prepared statements kept per connection
# A writer reads its batch's lookup before the append lock only while another writer is
# appending too: it saw the chain's tail moved by someone else within this many seconds.
# (Alone, reading first only adds a round trip: nobody waits for its lock.)
CONTENDED_S = 1.0
# Whether a server's writer does so at all. Off: in the two-server load test on a 2-core box
# (everything on the same cores, CPU-bound) it halved the time the lock is held per message
# but gained no throughput in 8 same-minutes pairs toggling only this, for ~+5-10 % of the
# CPU a message costs (the check, renumbering). Worth measuring where PostgreSQL and the
# servers have cores of their own; the tests run it either way.
READ_BEFORE_LOCK = False
_CONTROL = re.compile(
    r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|END|SET|CREATE|DROP|ALTER)\b", re.I
)

_BEGIN_IMMEDIATE = re.compile(r"\s*BEGIN\s+IMMEDIATE\s*;?\s*$", re.I)
_BEGIN = re.compile(r"\s*BEGIN\s*;?\s*$", re.I)
_END = re.compile(r"\s*(COMMIT|ROLLBACK|END)\s*;?\s*$", re.I)
_LOCKED_BEGIN = f"BEGIN; SELECT pg_advisory_xact_lock({APPEND_LOCK})"


# ---------------------------------------------------------------- ? -> $n


_translated: dict[str, str] = {}


def translate(sql: str) -> str:
    """``?`` placeholders -> ``$1 .. $n`` (not inside quotes or comments); cached."""
    found = _translated.get(sql)
    if found is not None:
        return found
    out: list[str] = []
    n = 0
    i, size = 0, len(sql)
    while i < size:
        ch = sql[i]
        if ch in "'\"":
            end = i + 1
            while end < size:
                if sql[end] == ch:
                    if end + 1 < size and sql[end + 1] == ch:  # doubled quote
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1])
            i = end + 1
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = size if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif ch == "?":
            n += 1
            out.append(f"${n}")
            i += 1
        else:
            out.append(ch)
            i += 1
    result = "".join(out)
    if len(_translated) < 10_000:  # dynamic IN (?, ?, ...) lists must not grow it forever
        _translated[sql] = result
    return result


# ---------------------------------------------------------------- types


def _to_int(value: Any) -> Any:
    if value is None or type(value) is int:
        return value
    if isinstance(value, (bool, str)):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_float(value: Any) -> Any:
    if value is None or type(value) is float:
        return value
    if isinstance(value, (int, str)):
        return float(value)
    return value


def _to_text(value: Any) -> Any:
    if value is None or type(value) is str:
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _to_bytes(value: Any) -> Any:
    return value.encode() if isinstance(value, str) else value


COERCE: dict[str, Callable[[Any], Any]] = {
    "int2": _to_int,
    "int4": _to_int,
    "int8": _to_int,
    "float4": _to_float,
    "float8": _to_float,
    "text": _to_text,
    "varchar": _to_text,
    "bpchar": _to_text,
    "name": _to_text,
    "bytea": _to_bytes,
}


def _numeric(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


async def _setup(conn: Any) -> None:
    # SUM/AVG of BIGINT are numeric: give them back as SQLite does (int, or float).
    await conn.set_type_codec(
        "numeric", encoder=str, decoder=_numeric, schema="pg_catalog", format="text"
    )


# ---------------------------------------------------------------- the connection


class PgCursor:
    """What ``execute`` returns: the rows (already fetched) and the affected row count."""

    __slots__ = ("rows", "rowcount", "_next")

    lastrowid = None

    def __init__(self, rows: list[Any], rowcount: int = -1):
        self.rows = rows
        self.rowcount = rowcount
        self._next = 0

    def fetchone(self) -> Any:
        if self._next >= len(self.rows):
            return None
        self._next += 1
        return self.rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rest = self.rows[self._next :]
        self._next = len(self.rows)
        return rest

    def fetchmany(self, size: int = 1) -> list[Any]:
        rest = self.rows[self._next : self._next + size]
        self._next += len(rest)
        return rest

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


def _rowcount(status: str | None) -> int:
    # "UPDATE 3", "INSERT 0 1", "DELETE 0"; a SELECT's count is not SQLite's rowcount.
    if not status or status.startswith("SELECT"):
        return -1
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class PgConnection:
    """One asyncpg connection behind the subset of ``sqlite3.Connection`` the store uses.
    Use it from one thread at a time (each writer and read thread has its own)."""

    dialect = "postgresql"

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        timeout: float = 10.0,
        settings: dict[str, str] | None = None,
    ):
        self.url = url
        self.timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:  # this thread runs a loop already (a test, an async CLI): drive ours beside it
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="loancs-pg", daemon=True
            )
            self._thread.start()
        self.settings = {"application_name": "loancs", **(settings or {})}
        if read_only:
            self.settings["default_transaction_read_only"] = "on"
        self._statements: collections.OrderedDict[str, tuple[Any, list]] = collections.OrderedDict()
        # The writer's connection (``lazy_lock``): BEGIN IMMEDIATE sends nothing; the
        # transaction and the append lock are opened right before its first statement, and
        # ``on_lock`` (the batch's PgTx) runs once the lock is held. Until then the batch
        # may read once outside them (``read_early``: its ingests' lookup, checked again
        # under the lock). ``stale_batches``: how often that check found a change.
        self.lazy_lock = False
        self.pending = False
        self.on_lock: Callable[[], None] | None = None
        self.stale_batches = 0
        self.was_stale = False  # the last attempt was refused by its check
        self.lock_first = False  # so the next one takes the lock first
        self.last_tail = -1  # the seq this connection's last batch ended the chain at
        self.contended_at = float("-inf")  # when the tail had moved since (monotonic)
        try:
            self._conn: Any = self._connect()
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            self._stop_loop()
            # One line for the operator (no server, wrong database, refused role ...).
            raise DatabaseOpenError(f"cannot open the database {safe_url(url)}: {exc}") from None
        except BaseException:
            self._stop_loop()
            raise

    def _connect(self) -> Any:
        conn = self._run(
            asyncpg.connect(self.url, timeout=self.timeout, server_settings=self.settings)
        )
        self._run(_setup(conn))
        self._statements.clear()  # prepared on the old connection
        return conn

    def _begin(self, sql: str) -> None:
        """Open a transaction. A connection the database dropped (a restart, a failover, an
        idle timeout) is replaced here, where nothing of the transaction has run yet: the
        writer's next batch goes through (the batch that met the failure was not stored)."""
        try:
            self._run(self._conn.execute(sql))
        except LOST:
            if not self._conn.is_closed():
                raise
            self._conn = self._connect()
            self._run(self._conn.execute(sql))

    def open_pending(self) -> None:
        """The transaction BEGIN IMMEDIATE asked for (``lazy_lock``): BEGIN and the append
        lock in one round trip, then the batch's ``on_lock``."""
        self.pending = False
        then, self.on_lock = self.on_lock, None
        self._begin(_LOCKED_BEGIN)
        if then is not None:
            then()

    def take_stale(self) -> bool:
        """Whether the batch's last attempt failed its check under the lock (the writer
        then tries it once more all in one, this time with the lock first)."""
        stale, self.was_stale = self.was_stale, False
        self.lock_first = stale
        return stale

    def saw_tail(self, seq: int) -> None:
        """The chain's tail as read under the append lock: another writer appended since
        this connection's last batch if it is not where that batch left it."""
        if self.last_tail >= 0 and seq != self.last_tail:
            self.contended_at = time.monotonic()

    @property
    def contended(self) -> bool:
        return time.monotonic() - self.contended_at < CONTENDED_S

    def read_early(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """A read before the pending transaction (``lazy_lock``), in a snapshot of its own
        and without the append lock: what the caller reads here may change before it holds
        the lock, so it must read it again then. A connection the database dropped is
        replaced, as at BEGIN (nothing of the batch has run yet)."""
        assert self.pending, "read_early outside a pending BEGIN IMMEDIATE"
        try:
            stmt, coerce = self._prepared(sql)
            return list(self._run(stmt.fetch(*self._args(coerce, params))))
        except LOST:
            if not self._conn.is_closed():
                raise
            self._conn = self._connect()
            stmt, coerce = self._prepared(sql)
            return list(self._run(stmt.fetch(*self._args(coerce, params))))

    # -------------------------------------------------------------- running

    def _run(self, coro: Any) -> Any:
        if self._thread is None:
            return self._loop.run_until_complete(coro)
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def _stop_loop(self) -> None:
        if self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        self._loop.close()

    def _prepared(self, sql: str) -> tuple[Any, list]:
        found = self._statements.get(sql)
        if found is not None:
            self._statements.move_to_end(sql)
            return found
        try:
            stmt = self._run(self._conn.prepare(translate(sql)))
        except asyncpg.PostgresError as exc:  # a statement PostgreSQL cannot take: say which
            exc.add_note(f"in: {translate(sql)}")
            raise
        coerce = [COERCE.get(t.name) for t in stmt.get_parameters()]
        found = (stmt, coerce)
        self._statements[sql] = found
        if len(self._statements) > STATEMENT_CACHE:
            self._statements.popitem(last=False)
        return found

    @staticmethod
    def _args(coerce: list, params: Sequence[Any]) -> list[Any]:
        return [f(v) if f is not None else v for f, v in zip(coerce, params, strict=True)]

    # -------------------------------------------------------------- sqlite3-like

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        if _BEGIN_IMMEDIATE.match(sql):
            # SQLite's "I am about to write": here, the lock every writer batch takes, so an
            # admin command's transaction (a report catch-up ...) and the servers' batches
            # run one after another.
            if self.lazy_lock:
                self.pending, self.on_lock = True, None
            else:
                self._begin(_LOCKED_BEGIN)
            return PgCursor([], -1)
        if self.pending:
            if _END.match(sql):  # nothing was sent: nothing to end
                self.pending, self.on_lock = False, None
                return PgCursor([], -1)
            self.open_pending()
        if _BEGIN.match(sql):
            self._begin(sql)
            return PgCursor([], -1)
        if not params and _CONTROL.match(sql):
            status = self._run(self._conn.execute(sql))
            return PgCursor([], _rowcount(status))
        stmt, coerce = self._prepared(sql)
        rows = self._run(stmt.fetch(*self._args(coerce, params)))
        return PgCursor(rows, _rowcount(stmt.get_statusmsg()))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if self.pending:
            self.open_pending()
        stmt, coerce = self._prepared(sql)
        self._run(stmt.executemany([self._args(coerce, row) for row in rows]))

    def executescript(self, sql: str) -> None:
        """Several statements in one round trip (no parameters): migrations."""
        if self.pending:
            self.open_pending()
        self._run(self._conn.execute(sql))

    def close(self) -> None:
        try:
            if not self._conn.is_closed():
                self._run(self._conn.close(timeout=5))
        except Exception:  # closing a broken connection: nothing left to do
            self._conn.terminate()
        finally:
            self._statements.clear()
            self._stop_loop()

    def is_closed(self) -> bool:
        return bool(self._conn.is_closed())

    @property
    def backend_pid(self) -> int:
        """The PostgreSQL server process of this session (a NOTIFY it sends carries it)."""
        return int(self._conn.get_server_pid())

    # -------------------------------------------------------------- the writer's side

    @property
    def write_dialect(self) -> Any:
        return WRITE


_READ = re.compile(r"\s*SELECT\b", re.I)

# The batch's events in one statement (SQLite: an executemany of the same row INSERT).
EVENTS_INSERT = (
    "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash, meta)"
    " SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[],"
    " ?::text[], ?::text[], ?::text[], ?::text[])"
)


class StaleLookup(Exception):
    """What a batch read before the append lock had changed when it got the lock: the
    batch is rolled back and done again by the writer, all in one, the lock taken first
    (``PgConnection.take_stale``)."""


@dataclass
class PgTx(Tx):
    """The writer's transaction on PostgreSQL, where every statement is a round trip.

    - ``insert`` returns the new id with ``RETURNING id`` (no ``lastrowid``), its ``then``
      statement joined in a writable CTE (the two touch different tables).
    - ``defer(sql, row)``: a write nobody reads back in this batch is kept and run later with
      its like as one set-based statement (``sql`` takes one array per column, ``unnest``);
      every deferred statement runs together, as one statement of writable CTEs, right
      before the next statement of any other kind or at the commit with the batch's events
      (so they must touch different tables: the ingest's messages, conversations and
      customers, and the events). A read therefore always sees every earlier write.
    - Any other write empties ``memo`` (what an apply function looked up for the rest of
      the batch may have changed).
    - The chain's tail is read when first needed (the writer opens it with ``_seq`` -1),
      with the batch's ingest lookup when there is one (``fetch_with_tail``).
    - **Before the append lock** (a connection with ``lazy_lock``: a server's writer when
      ``READ_BEFORE_LOCK``, off by default; the tests set it): a
      batch of customer messages only reads their lookup (and the tail) before it takes
      the lock, and applies them, sealing and hashing included, with the seqs that follow
      that tail: the Python of the batch no longer holds up the other servers' writers.
      The lock is taken at the batch's first other statement (usually the commit); then
      the lookup is read again with the tail (``_locked``). Changed (another server
      opened, resolved, assigned ... one of these conversations, made the customer, stored
      the message): ``StaleLookup``, the batch is done again. Unchanged but the tail moved
      (another server appended meanwhile): the events are numbered and hashed again after
      the new tail, and the messages get ids drawn again, so that message ids keep the
      order of their seqs (a conversation's messages are listed by id); ``finish`` gives
      the commands' answers the final seqs and ids.
      An ingest batch is then five round trips: the lookup and the tail; BEGIN and the
      lock; the lookup again and the tail; the writes; NOTIFY and COMMIT (three under the
      lock, as before).
    Only the writer's first, all-in-one attempt at a batch defers: when it redoes the batch
    command by command in savepoints, each statement runs at once (``defers`` False)."""

    deferred: dict[str, list[tuple]] = field(default_factory=dict)
    # Read before the lock: (lookup sql, params, its rows, the tail's seq and hash).
    _early: tuple | None = None
    # Events appended before the lock: what each stored (sealed) payload and each command
    # position was, for renumbering.
    _stored: list[dict[str, Any]] = field(default_factory=list)
    _positions: list[int] = field(default_factory=list)
    _ids: dict[int, int] = field(default_factory=dict)  # message id drawn early -> final
    _moved: tuple[int, frozenset[int]] | None = None  # (seq shift, commands renumbered)

    defers = True

    @property
    def _pg(self) -> PgConnection:
        return self.conn  # type: ignore[return-value]

    # -------------------------------------------------------------- the chain's tail

    def _read_tail(self) -> None:
        row = self.one(TAIL)
        self._seq, self._hash = (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)
        self._saw_tail()

    def _saw_tail(self) -> None:
        if hasattr(self.conn, "saw_tail"):
            self._pg.saw_tail(self._seq)

    @property
    def last_seq(self) -> int:
        if self._seq < 0:
            self._read_tail()
        return self._seq

    def append_event(
        self,
        kind: str,
        conversation: int | None,
        actor: str,
        payload: dict[str, Any],
        meta: dict[str, Any] | None = None,
    ) -> int:
        if self._seq < 0:
            self._read_tail()
        if self._ids and kind == Kind.MESSAGE_RECEIVED and payload.get("message") in self._ids:
            payload["message"] = self._ids[payload["message"]]  # looked up before the lock
        if self._early is None:
            return super().append_event(kind, conversation, actor, payload, meta)
        # Before the lock: as Tx.append_event, keeping what renumbering needs.
        stored = (
            payload if self.sealer is None else self.sealer.seal(self, conversation, payload, meta)
        )
        message = stored.get("message") if kind == Kind.MESSAGE_RECEIVED else None
        if self._ids and message in self._ids:  # sealing read, so took the lock: renumbered
            stored["message"] = payload["message"] = self._ids[message]
        seq = self._append_sealed(kind, conversation, actor, payload, stored, meta)
        if self._early is not None:  # still before the lock
            self._stored.append(stored)
            self._positions.append(self.position)
        return seq

    def _append_sealed(
        self,
        kind: str,
        conversation: int | None,
        actor: str,
        payload: dict[str, Any],
        stored: dict[str, Any],
        meta: dict[str, Any] | None,
    ) -> int:
        seq = self._seq + 1
        encoded = canonical_bytes(stored)
        digest = chain_hash(self._hash, seq, self.now, kind, conversation, actor, encoded)
        self.rows.append(
            (seq, self.now, kind, conversation, actor, encoded.decode(), self._hash, digest, meta)
        )
        self._seq, self._hash = seq, digest
        self.events.append(StoredEvent(seq, self.now, kind, conversation, actor, payload, meta))
        return seq

    def fetch_with_tail(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        if self._seq >= 0:
            return self.execute(sql, params).fetchall()
        joined = f"SELECT q.*, t.seq, t.hash FROM ({sql}) q LEFT JOIN ({TAIL}) t ON true"
        early = self._may_read_early(sql)
        if early:
            rows = self._pg.read_early(joined, params)
        else:
            rows = self.execute(joined, params).fetchall()
        if not rows:
            return rows
        seq, digest = rows[0][-2:]
        self._seq, self._hash = (int(seq), str(digest)) if seq is not None else (0, GENESIS_HASH)
        found = [row[:-2] for row in rows]
        if early:
            self._early = (sql, params, found, self._seq, self._hash)
            self._pg.on_lock = self._locked
        else:
            self._saw_tail()
        return found

    def _may_read_early(self, sql: str) -> bool:
        """Only the first lookup of a batch of customer messages (all deferred: nothing
        written yet), on a connection whose transaction is still to be opened."""
        from loancs.store.commands import IngestMessage

        return (
            self.defers
            and getattr(self.conn, "pending", False)
            and self.position == 0
            and not self.rows
            and not self.deferred
            and _DRAWS_IDS in sql
            and self._pg.contended
            and not self._lock_first()
            and all(type(command) is IngestMessage for command in self.commands)
        )

    def _lock_first(self) -> bool:
        """Once, after an attempt refused by its check (``take_stale``)."""
        first, self._pg.lock_first = self._pg.lock_first, False
        return first

    def _lock(self) -> None:
        """Before a statement of this batch: the transaction and the lock, if still due."""
        if getattr(self.conn, "pending", False):
            self._pg.open_pending()

    def _locked(self) -> None:
        """The lock is held: check what the early lookup read, with the tail and new
        message ids (one round trip). Changed: ``StaleLookup``. The tail moved:
        renumber, rehash, new message ids."""
        assert self._early is not None
        sql, params, before, seq0, hash0 = self._early
        self._early = None
        if all(r[3] is not None and r[4] is not None for r in before):
            same, ids, tail = self._recheck(before)
        else:  # a new customer or conversation: the whole lookup again
            rows = self.conn.execute(
                f"SELECT q.*, t.seq, t.hash FROM ({sql}) q LEFT JOIN ({TAIL}) t ON true", params
            ).fetchall()
            now = [row[:-2] for row in rows]
            # Each row: what was read, then the id drawn and the key's position (k.n).
            same = [r[:-2] for r in sorted(now, key=lambda r: r[-1])] == [
                r[:-2] for r in sorted(before, key=lambda r: r[-1])
            ]
            ids, tail = [r[-2] for r in now], tuple(rows[0][-2:])
        if not same:
            self._pg.stale_batches += 1
            self._pg.was_stale = True
            raise StaleLookup("the batch's lookup changed before it held the append lock")
        seq1, hash1 = (int(tail[0]), str(tail[1])) if tail[0] is not None else (0, GENESIS_HASH)
        self._pg.saw_tail(seq1)
        if (seq1, hash1) == (seq0, hash0):
            self._stored, self._positions = [], []
            return  # nobody appended since: the batch is as it would have been
        self._ids = dict(zip(sorted(r[-2] for r in before), sorted(ids), strict=True))
        self._renumber(seq1 - seq0, hash1)

    def _recheck(self, before: list[tuple]) -> tuple[bool, list[int], tuple]:
        """Every message of the batch goes to a known customer's open conversation: what
        the batch used of them (the conversation's columns, the customer's key) is read
        again by primary key, not the whole lookup. (That the message is not stored yet
        is the unique (channel, external_id) index's to say: another server storing it
        meanwhile makes the batch's write fail, and the batch is done again.)"""
        conversations = {r[4]: tuple(r[4:14]) for r in before}
        keys = {r[3]: tuple(r[15:17]) for r in before}
        rows = self.conn.execute(
            _RECHECK, (list(conversations), list(keys), len(before))
        ).fetchall()
        now_conversations: dict[int, tuple] = {}
        now_keys: dict[int, tuple] = {}
        ids: list[int] = []
        tail: tuple = (None, None)
        for row in rows:
            part = row[-1]
            if part == 0:
                now_conversations[row[0]] = tuple(row[:10])
            elif part == 1:
                now_keys[row[0]] = (row[10], row[11])
            elif part == 2:
                ids.append(row[0])
            else:
                tail = (row[0], row[1])
        same = now_conversations == conversations and all(
            now_keys.get(customer, (None, None)) == key for customer, key in keys.items()
        )
        return same, ids, tail

    def _renumber(self, shift: int, tail: str) -> None:
        ids = self._ids
        rows: list[tuple] = []
        prev = tail
        for row, stored, stored_event in zip(self.rows, self._stored, self.events, strict=True):
            seq, ts, kind, conversation, actor, body, _, _, meta = row
            if kind == Kind.MESSAGE_RECEIVED and stored.get("message") in ids:
                stored["message"] = ids[stored["message"]]
                stored_event.payload["message"] = stored["message"]
                body = canonical_bytes(stored).decode("utf-8")
            seq += shift
            digest = chain_hash(prev, seq, ts, kind, conversation, actor, body.encode())
            rows.append((seq, ts, kind, conversation, actor, body, prev, digest, meta))
            stored_event.seq = seq
            prev = digest
        self.rows = rows
        self._seq, self._hash = self._seq + shift, prev
        for sql, deferred in self.deferred.items():
            if sql.startswith(_MESSAGES_INSERT):  # (id, conversation_id, seq, ...)
                self.deferred[sql] = [
                    (ids.get(r[0], r[0]), r[1], r[2] + shift, *r[3:]) for r in deferred
                ]
        found = self.memo.get("ingest")
        if found:  # what the rest of the batch takes its ids from
            for key, (row, new_id) in list(found.items()):
                found[key] = (row, ids.get(new_id, new_id))
        self._moved = (shift, frozenset(self._positions))
        self._stored, self._positions = [], []

    def finish(self, results: list[tuple[Any, bool, Any]]) -> None:
        """After the commit: answers given before the lock get their final seq and id."""
        if not self._ids:
            return
        shift, moved = self._moved or (0, frozenset())
        for position, (_, ok, value) in enumerate(results):
            if not ok or type(value) is not dict:
                continue
            if position in moved and "seq" in value:
                value["seq"] += shift
            if value.get("message") in self._ids:
                value["message"] = self._ids[value["message"]]

    def defer(self, sql: str, row: tuple) -> None:
        if self._ids and row[0] in self._ids and sql.startswith(_MESSAGES_INSERT):
            row = (self._ids[row[0]], *row[1:])  # an id looked up before the lock
        rows = self.deferred.get(sql)
        if rows is None:
            self.deferred[sql] = [row]
        else:
            rows.append(row)

    def _statement(self) -> tuple[str, list[list[Any]]]:
        """Every deferred write as one statement (writable CTEs) and its parameters."""
        parts: list[str] = []
        params: list[list[Any]] = []
        for sql, rows in self.deferred.items():
            parts.append(sql)
            params.extend(list(column) for column in zip(*rows, strict=True))
        self.deferred = {}
        *ctes, last = parts
        if ctes:
            last = (
                "WITH " + ", ".join(f"d{i} AS ({sql})" for i, sql in enumerate(ctes)) + " " + last
            )
        return last, params

    def _flush(self) -> None:
        self.conn.execute(*self._statement())

    def _before(self, sql: str) -> None:
        self._lock()
        if self.deferred:
            self._flush()
        if self.memo and not _READ.match(sql):
            self.memo.clear()

    def settle(self) -> None:
        self._lock()
        if self.deferred:
            self._flush()
        self.memo.clear()

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        self._before(sql)
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        self._before(sql)
        return self.conn.execute(sql, params).fetchone()

    def insert(
        self, sql: str, params: tuple | list = (), then: tuple[str, tuple | list] | None = None
    ) -> int:
        self._before(sql)
        if then is None:
            row = self.conn.execute(sql + " RETURNING id", params).fetchone()
        else:  # one round trip: the INSERT and the statement after it as one (a writable CTE)
            after, more = then
            row = self.conn.execute(
                f"WITH ins AS ({sql} RETURNING id), upd AS ({after}) SELECT id FROM ins",
                (*params, *more),
            ).fetchone()
        assert row is not None
        return int(row[0])

    def commit(self, notify: str | None = None) -> None:
        """The events and every deferred write in one statement (prepared, its values
        bound), then the NOTIFY and COMMIT. (Sending the write's values as literals in the
        COMMIT's script would save a round trip, but PostgreSQL then parses and plans the
        statement every batch: measured, 1-2 ms more of its CPU for a batch of ten.)
        ``notify`` (the writer's: the batch appended events) becomes the notifications of
        ``feed_notifications``: the events themselves where they fit."""
        self._lock()  # the events' final seqs first
        rows = [(*row[:8], None if row[8] is None else encode_meta(row[8])) for row in self.rows]
        for row in rows:
            self.defer(EVENTS_INSERT, row)
        self.rows = []
        if self.deferred:
            self._flush()
        if notify is not None and rows:
            notify = "".join(
                f"SELECT pg_notify('{NOTIFY_CHANNEL}', {_literal(payload)}); "
                for payload in feed_notifications(rows)
            )
        self.conn.executescript((notify or "") + "COMMIT")
        if self._seq >= 0 and hasattr(self.conn, "last_tail"):
            self._pg.last_tail = self._seq


# The early lookup checked under the lock when every message of the batch goes to a known
# customer's open conversation (PgTx._recheck): the conversations' columns the lookup read,
# the customers' keys, as many new message ids as messages, the chain's tail; the last
# column says which.
_RECHECK = (
    "SELECT c.id, c.channel, c.assigned_agent, c.loan_type, c.status, c.customer_id,"
    " c.urgency, c.priority, c.amount_fen, c.credit_band, NULL::bytea, NULL::bigint, 0"
    " FROM conversations c WHERE c.id = ANY(?::bigint[])"
    " UNION ALL SELECT k.customer_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " k.wrapped, k.erased_at, 1 FROM customer_keys k WHERE k.customer_id = ANY(?::bigint[])"
    " UNION ALL SELECT nextval('messages_id_seq'), NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, 2 FROM generate_series(1, ?::int)"
    f" UNION ALL SELECT t.seq, t.hash, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    f" NULL, 3 FROM ({TAIL}) t"
)

# What marks the ingests' lookup (it draws the new messages' ids) and their rows' insert
# (store/apply/conversations.py: _INGEST_LOOKUP_MANY, _MESSAGES_IN_MANY).
_DRAWS_IDS = "nextval('messages_id_seq')"
_MESSAGES_INSERT = "INSERT INTO messages (id, conversation_id, seq,"

# A notification's payload must be shorter than 8,000 bytes (PostgreSQL's limit).
NOTIFY_BYTES = 7999
_encode_json = msgspec.json.Encoder().encode


def _literal(text: str) -> str:
    """A string constant for a script (E'' syntax: whatever standard_conforming_strings is)."""
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def feed_notifications(rows: Sequence[Sequence[Any]]) -> list[str]:
    """The payloads that announce a batch's events to the other servers, in seq order:
    ``[[seq, ts, kind, conversation, actor, payload, meta], ...]`` (JSON, the payload and
    meta as stored: sealed) for as many events as fit in one notification, as many
    notifications as needed; an event too large for one is announced by its seq alone (the
    servers read it from the log). ``rows``: the events' rows as inserted (meta encoded)."""
    payloads: list[str] = []
    chunk: list[bytes] = []
    size = 1
    for seq, ts, kind, conversation, actor, payload, _prev, _hash, meta in rows:
        event = _encode_json(
            [
                seq,
                ts,
                kind,
                conversation,
                actor,
                msgspec.Raw(payload.encode()),
                None if meta is None else msgspec.Raw(meta.encode()),
            ]
        )
        if size + len(event) + 1 > NOTIFY_BYTES and chunk:
            payloads.append((b"[%b]" % b",".join(chunk)).decode())
            chunk, size = [], 1
        if len(event) + 2 > NOTIFY_BYTES:
            payloads.append(str(seq))
            continue
        chunk.append(event)
        size += len(event) + 1
    if chunk:
        payloads.append((b"[%b]" % b",".join(chunk)).decode())
    return payloads


def _write_dialect() -> Any:
    from loancs.store.writer import WriteDialect

    exc = asyncpg.exceptions
    return WriteDialect(
        notify=f"SELECT pg_notify('{NOTIFY_CHANNEL}', '{{seq}}'); ",
        tx=PgTx,
        lazy_tail=True,
        stale=PgConnection.take_stale,
        errors=(asyncpg.PostgresError, asyncpg.InterfaceError, OSError),
        # Not one command's fault: the whole batch fails (and the writer reconnects).
        fatal=(
            exc.PostgresConnectionError,
            exc.InsufficientResourcesError,
            exc.OperatorInterventionError,
            exc.PostgresSystemError,
            exc.InterfaceError,
            exc.InternalClientError,
            exc.InFailedSQLTransactionError,
            OSError,
        ),
    )


WRITE = _write_dialect()


# ---------------------------------------------------------------- opening


def connect(
    url: str, synchronous: str = "FULL", *, migrate: bool = True, role: str | None = None
) -> PgConnection:
    """A connection for the writer or an admin command, the schema migrated first.
    ``role``: what pg_stat_activity shows after ``loancs`` (the server's writer says
    ``writer``; its read threads ``read``, the cluster's connections ``listen``, ``lease``,
    ``presence``), so an operator (and the load test's CPU figures) can tell them apart.
    ``synchronous``: FULL waits for the WAL flush at each commit (PostgreSQL's default);
    NORMAL sets ``synchronous_commit = off`` (a crash of the database server, not of loancs,
    may lose the last fraction of a second of acknowledged commits)."""
    from loancs.store.migrations import apply_migrations

    settings = {"synchronous_commit": "off"} if synchronous.upper() == "NORMAL" else {}
    if role is not None:
        settings["application_name"] = f"loancs {role}"
    conn = PgConnection(url, settings=settings)
    conn.lazy_lock = READ_BEFORE_LOCK and role == "writer"
    try:
        if migrate:
            apply_migrations(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class PgReadPool(ReadPool):
    """The SQLite ReadPool's threads with read-only PostgreSQL connections: the same
    ``run(fn)``, so every read function runs unchanged. A connection the database closed
    (a restart) is replaced by the next read on that thread."""

    def _open(self) -> PgConnection:
        return PgConnection(self.path, read_only=True, settings={"application_name": "loancs read"})

    def _usable(self, conn: Any) -> bool:
        return not conn.is_closed()

    async def run(self, fn: Callable[[Any], T]) -> T:
        # A read is only a read: one that met a connection the database dropped runs again
        # (on a new connection: _usable replaced the closed one), once per pooled connection.
        for _ in range(self.size):
            try:
                return await super().run(fn)
            except LOST:
                continue
        return await super().run(fn)
