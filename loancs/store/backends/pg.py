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
COMMIT without waiting for the WAL flush (the lock is free at once), then one statement that
waits for that flush and sends the batch's notifications (``PgTx._commit_then_flush``): the
writer answers after it, and the notifications are delivered only once the batch is on disk.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg
import msgspec

from loancs.core.eventlog import GENESIS_HASH
from loancs.errors import DatabaseOpenError
from loancs.store.backends import safe_url
from loancs.store.db import ReadPool
from loancs.store.tx import TAIL, CommitUnconfirmed, Tx

__all__ = [
    "APPEND_LOCK",
    "NOTIFY_CHANNEL",
    "MIGRATE_LOCK",
    "ROLLUP_LOCK",
    "PgConnection",
    "PgReadPool",
    "PgTx",
    "connect",
    "translate",
]

T = TypeVar("T")
log = logging.getLogger("loancs.store")

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


def _quick_array_checks() -> bool:
    """asyncpg asks of every element of an array parameter whether it is itself an array:
    ``isinstance(x, collections.abc.Iterable)`` and ``Sized``, each a call of the Python
    method ABCMeta.__instancecheck__ (~1,700 instructions). The writer's batch statements
    pass their columns as arrays (``unnest``): that was 86k instructions a customer message,
    24 % of the writer's Python (callgrind, scripts/bench_pg_write.py's messages). Here an
    array is a list (``PgConnection`` makes a list of any other collection given for an
    array parameter, ``_as_array``), so asyncpg's module is given ``list`` to test against:
    a plain type check (each more type costs one more ``__class__`` lookup an element; a
    tuple of eight cost more than the ABC). Anything else handed to asyncpg directly as an
    array is refused with its own error, as a str is. Returns whether asyncpg's module had the names to replace (False: left
    as it was)."""
    from asyncpg.protocol import protocol

    if not all(hasattr(protocol, name) for name in ("IterableABC", "SizedABC")):
        return False
    protocol.IterableABC = list
    protocol.SizedABC = list
    return True


def _as_array(value: Any) -> Any:
    """An array parameter as asyncpg takes it after ``_quick_array_checks``: a list (a
    tuple, a set, a dict's keys, a range ... become one; a str is left to be refused)."""
    if value is None or type(value) is list or isinstance(value, (str, bytes)):
        return value
    return list(value)


QUICK_ARRAY_CHECKS = _quick_array_checks()
_CONTROL = re.compile(
    r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|END|SET|CREATE|DROP|ALTER)\b", re.I
)

_BEGIN_IMMEDIATE = re.compile(r"\s*BEGIN\s+IMMEDIATE\s*;?\s*$", re.I)
_BEGIN = re.compile(r"\s*BEGIN\s*;?\s*$", re.I)


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
    # The writer's batches commit, then wait for their WAL flush outside the append lock
    # (PgTx._commit_then_flush): set by ``connect`` once it saw the flush statement work.
    flushes_apart = False

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
        coerce = [
            COERCE.get(t.name) or (_as_array if t.kind == "array" else None)
            for t in stmt.get_parameters()
        ]
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
            self._begin(f"BEGIN; SELECT pg_advisory_xact_lock({APPEND_LOCK})")
            return PgCursor([], -1)
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
        stmt, coerce = self._prepared(sql)
        self._run(stmt.executemany([self._args(coerce, row) for row in rows]))

    def executescript(self, sql: str) -> None:
        """Several statements in one round trip (no parameters): migrations."""
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
      with the batch's ingest lookup when there is one (``fetch_with_tail``). An ingest
      batch is then four round trips: BEGIN and the append lock; the lookup and the tail;
      the writes; NOTIFY and COMMIT.
    Only the writer's first, all-in-one attempt at a batch defers: when it redoes the batch
    command by command in savepoints, each statement runs at once (``defers`` False)."""

    deferred: dict[str, list[tuple]] = field(default_factory=dict)

    defers = True

    # -------------------------------------------------------------- the chain's tail

    def _read_tail(self) -> None:
        row = self.one(TAIL)
        self._seq, self._hash = (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)

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
        return super().append_event(kind, conversation, actor, payload, meta)

    def fetch_with_tail(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        if self._seq >= 0:
            return self.execute(sql, params).fetchall()
        rows = self.execute(
            f"SELECT q.*, t.seq, t.hash FROM ({sql}) q LEFT JOIN ({TAIL}) t ON true", params
        ).fetchall()
        if not rows:
            return rows
        seq, digest = rows[0][-2:]
        self._seq, self._hash = (int(seq), str(digest)) if seq is not None else (0, GENESIS_HASH)
        return [row[:-2] for row in rows]

    def defer(self, sql: str, row: tuple) -> None:
        rows = self.deferred.get(sql)
        if rows is None:
            self.deferred[sql] = [row]
        else:
            rows.append(row)

    def _statement(self, then: str | None = None) -> tuple[str, list[list[Any]]]:
        """Every deferred write as one statement (writable CTEs) and its parameters;
        ``then``: a statement to end it with instead (its parameters follow), the writes
        all CTEs."""
        parts: list[str] = []
        params: list[list[Any]] = []
        for sql, rows in self.deferred.items():
            parts.append(sql)
            params.extend(list(column) for column in zip(*rows, strict=True))
        self.deferred = {}
        if then is not None:
            parts.append(then)
        *ctes, last = parts
        if ctes:
            last = (
                "WITH " + ", ".join(f"d{i} AS ({sql})" for i, sql in enumerate(ctes)) + " " + last
            )
        return last, params

    def _flush(self) -> None:
        self.conn.execute(*self._statement())

    def _before(self, sql: str) -> None:
        if self.deferred:
            self._flush()
        if self.memo and not _READ.match(sql):
            self.memo.clear()

    def settle(self) -> None:
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
        bound), then COMMIT. ``notify`` (the writer's: the batch appended events) becomes
        the notifications of ``feed_notifications`` (the events themselves where they fit),
        sent by that same statement with the payloads bound as one array: PostgreSQL parses
        no per-batch text (as literals in the COMMIT's script, every batch's events were
        lexed again, and escaped in Python first). A notification is delivered only if the
        commit succeeds. (Sending the write's values as literals in the COMMIT's script
        would save a round trip, but PostgreSQL then parses and plans the statement every
        batch: measured, 1-2 ms more of its CPU for a batch of ten.) With
        ``synchronous_commit`` on (the default), the notifications go with the WAL flush
        after the commit instead: ``_commit_then_flush``."""
        rows = self.chained_rows()  # (hashed now, each meta under its hash: tx.py)
        for row in rows:
            self.defer(EVENTS_INSERT, row)
        if getattr(self.conn, "flushes_apart", False):  # (connect checked FLUSH_NOTIFY)
            self._commit_then_flush(rows if notify is not None else [])
            return
        if self.deferred:
            if notify is not None and rows:
                sql, params = self._statement(NOTIFY_ALL)
                self.conn.execute(sql, [*params, feed_notifications(rows)])
                notify = None
            else:
                self._flush()
        self.conn.executescript((notify or "") + "COMMIT")

    def _commit_then_flush(self, rows: list[tuple]) -> None:
        """A durable commit whose WAL flush is not waited for under the append lock.

        The transaction commits with ``synchronous_commit = off``: PostgreSQL writes its
        commit record and releases its locks, the append lock among them, without waiting
        for the disk, so the next batch (another server's) starts at once. Then, outside
        the transaction, ``FLUSH_NOTIFY`` commits a transaction of its own that writes a
        WAL record (``pg_logical_emit_message``): its commit waits for the WAL flush up to
        that record, which is after this batch's commit record, so when it returns this
        batch is on disk; only then does the writer answer (ack after commit, as before).
        The same statement sends the batch's notifications, delivered once that commit is
        done: another server hears of events only once they are durable.

        The flush of one server's batch therefore overlaps the next batch of the other
        (before: the append lock was held through it, ~2 ms and up to ~20 ms a batch at
        load), and one WAL flush may cover several servers' batches. A crash of the
        database server between the two commits loses the batch (never acknowledged), as
        any crash before a commit; the chain loses a suffix only (WAL is written in
        order). Other servers' reads may see the batch in that short window (as SQLite's
        readers see a commit before its fsync).

        Once COMMIT has returned the batch is stored: a failure after it must not make the
        writer redo the batch, nor say that nothing was stored. It is raised as
        ``CommitUnconfirmed``: every command is answered as stored but not confirmed on disk
        (an ingest resent is answered as the duplicate it is); the other servers, and this
        one's feed, read the batch's events from the log (no notification announced them)."""
        if self.deferred:
            self._flush()
        try:
            self.conn.executescript("SET LOCAL synchronous_commit = off; COMMIT")
        except LOST:
            raise
        except Exception as exc:  # no deferred constraints: COMMIT fails only as a whole
            raise asyncpg.InterfaceError(f"the batch's commit failed: {exc}") from exc
        try:
            # (the notifications are encoded once the lock is free)
            self.conn.execute(FLUSH_NOTIFY, [feed_notifications(rows)])
        except Exception as exc:
            raise CommitUnconfirmed(str(exc) or type(exc).__name__) from exc


# The notifications of a batch, bound as one array, sent in their order (with its writes).
NOTIFY_ALL = f"SELECT count(pg_notify('{NOTIFY_CHANNEL}', p)) FROM unnest(?::text[]) AS p"
# After a batch committed without waiting for the disk (PgTx._commit_then_flush): a
# transaction that writes one WAL record (a logical decoding message, which nothing reads;
# allowed to any role) so that its commit waits for the WAL flush, and that sends the
# batch's notifications (none: an empty array).
FLUSH_NOTIFY = (
    "SELECT pg_logical_emit_message(true, 'loancs', ''),"
    f" (SELECT count(pg_notify('{NOTIFY_CHANNEL}', p)) FROM unnest(?::text[]) AS p)"
)

# A notification's payload must be shorter than 8,000 bytes (PostgreSQL's limit).
NOTIFY_BYTES = 7999
_encode_json = msgspec.json.Encoder().encode


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
    try:
        if migrate:
            apply_migrations(conn)
        if "synchronous_commit" not in settings:
            conn.flushes_apart = _flush_works(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _flush_works(conn: PgConnection) -> bool:
    """Whether ``FLUSH_NOTIFY`` runs for this role (``pg_logical_emit_message`` is open to
    every role unless an administrator revoked it). If not, the batches commit as before,
    waiting for their flush under the append lock: a batch must never fail after its
    COMMIT for a reason that would fail every batch (each would be stored, then refused)."""
    try:
        conn.execute(FLUSH_NOTIFY, [[]])
    except LOST:
        raise
    except asyncpg.PostgresError as exc:
        log.warning("the writer waits for each WAL flush under the append lock: %s", exc)
        return False
    return True


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
