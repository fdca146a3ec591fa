"""One writer thread with group commit.

Every change goes through ``Writer.submit(op)``: ``op`` is a function ``op(tx) -> result``
that runs inside a transaction on the writer's own sqlite3 connection. The thread takes
whatever is waiting, runs each op in its own SAVEPOINT (one failing op does not spoil its
neighbours), commits once, and only then resolves the futures and hands the new events to
``on_commit``. So an ack (the resolved future) always means "on disk".

aiosqlite costs a thread hop per statement; here a whole batch costs one hop, which is why
the writer owns a plain sqlite3 connection instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from loancs.core.eventlog import GENESIS_HASH, canonical_payload, event_hash

log = logging.getLogger("loancs.store")

MAX_BATCH = 2000


class OpError(Exception):
    """An op refused by the store (state conflict, not found ...): rolled back alone."""

    def __init__(self, code: str, message: str, detail: Any = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail

    def __reduce__(self):  # crosses the pipe from a writer process
        return (OpError, (self.code, self.message, self.detail))


class StorageError(Exception):
    """The batch could not be committed (disk full, I/O error): nothing was acknowledged."""


@dataclass(slots=True)
class StoredEvent:
    seq: int
    ts: int
    kind: str
    conversation: int | None
    actor: str
    payload: dict[str, Any]
    meta: dict[str, Any] | None = None  # conversation facts for subscriber filtering


@dataclass
class Tx:
    """What an op sees: the connection, the batch's clock, and the event appender."""

    conn: sqlite3.Connection
    now: int
    _seq: int
    _hash: str
    events: list[StoredEvent] = field(default_factory=list)
    # Event rows are written in one executemany at commit (ops never read events back).
    rows: list[tuple] = field(default_factory=list)
    # Personal fields are sealed with the customer's key before hashing (store/privacy.py);
    # keys created in this transaction are cached only once it commits.
    sealer: Any = None
    new_keys: dict[int, bytes] = field(default_factory=dict)

    def execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        return self.conn.execute(sql, params).fetchone()

    def append_event(
        self,
        kind: str,
        conversation: int | None,
        actor: str,
        payload: dict[str, Any],
        meta: dict[str, Any] | None = None,
    ) -> int:
        seq = self._seq + 1
        stored = (
            payload if self.sealer is None else self.sealer.seal(self, conversation, payload, meta)
        )
        body = canonical_payload(stored)
        digest = event_hash(self._hash, seq, self.now, kind, conversation, actor, body)
        self.rows.append((seq, self.now, kind, conversation, actor, body, self._hash, digest))
        self._seq, self._hash = seq, digest
        self.events.append(StoredEvent(seq, self.now, kind, conversation, actor, payload, meta))
        return seq

    @property
    def last_seq(self) -> int:
        return self._seq

    def flush_events(self) -> None:
        if self.rows:
            self.conn.executemany(
                "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                self.rows,
            )
            self.rows = []


Op = Callable[[Tx], Any]
_STOP = object()


class Writer:
    def __init__(
        self,
        path: str,
        on_commit: Callable[[list[StoredEvent]], None] | None = None,
        synchronous: str = "FULL",
        clock: Callable[[], int] | None = None,
        sealer: Any = None,
    ):
        self.path = path
        self.on_commit = on_commit
        self.synchronous = synchronous
        self.sealer = sealer
        self.clock = clock or (lambda: int(time.time() * 1000))
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="loancs-writer", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._open_error: BaseException | None = None
        self.batches = 0
        self.ops = 0
        self.pending = 0
        # Metrics: (ops in the batch, seconds to apply and commit it), on the event loop.
        self.on_batch: Callable[[int, float], None] | None = None
        self.state = "ok"  # for /healthz, as ProcessWriter
        self.storage_error: str | None = None  # the last failed commit, until one succeeds
        self.restarts = 0

    # -------------------------------------------------------------- lifecycle

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread.start()
        self._ready.wait()
        if self._open_error:
            raise self._open_error

    async def close(self) -> None:
        """Finish everything already submitted, then stop the thread."""
        self._queue.put(_STOP)
        await asyncio.get_running_loop().run_in_executor(None, self._thread.join)

    # -------------------------------------------------------------- submitting

    def submit(self, op: Op) -> asyncio.Future:
        assert self._loop is not None, "writer not started"
        future = self._loop.create_future()
        self.pending += 1
        self._queue.put((op, future))
        return future

    def submit_with(self, op: Op, done: Callable[[bool, Any], None]) -> None:
        """Like submit, for hot paths: ``done(ok, result_or_exception)`` is called on the
        event loop right after the commit, without a future per op."""
        assert self._loop is not None, "writer not started"
        self.pending += 1
        self._queue.put((op, done))

    async def run(self, op: Op) -> Any:
        return await self.submit(op)

    # -------------------------------------------------------------- the thread

    def _connect(self) -> sqlite3.Connection:
        return connect_writer(self.path, self.synchronous)

    def _run(self) -> None:
        try:
            conn = self._connect()
        except BaseException as exc:  # surfaced by start()
            self._open_error = exc
            self._ready.set()
            return
        self._ready.set()
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is _STOP:
                break
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            self._commit_batch(conn, batch)
        conn.close()

    def _commit_batch(self, conn: sqlite3.Connection, batch: list) -> None:
        started = time.perf_counter()
        results, events = commit_batch(conn, self.clock, batch, self.sealer)
        seconds = time.perf_counter() - started
        self.batches += 1
        self.ops += len(batch)
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(self._deliver, results, events, seconds)
        except RuntimeError:  # loop closed during shutdown
            pass

    def _deliver(self, results: list, events: list[StoredEvent], seconds: float = 0.0) -> None:
        self.pending -= len(results)
        if self.on_batch is not None:
            self.on_batch(len(results), seconds)
        failed = next((v for _, ok, v in results if not ok and isinstance(v, StorageError)), None)
        if failed is not None:
            self.storage_error = str(failed)
        elif any(ok for _, ok, _ in results):
            self.storage_error = None
        deliver(self.on_commit, results, events)


def deliver(
    on_commit: Callable[[list[StoredEvent]], None] | None,
    results: list[tuple[Any, bool, Any]],
    events: list[StoredEvent],
) -> None:
    """After a commit, on the event loop: publish the events, then answer each op's
    future or callback (so an ack never overtakes the events it acknowledges)."""
    if events and on_commit:
        try:
            on_commit(events)
        except Exception:
            log.exception("on_commit failed")
    for target, ok, value in results:
        if not isinstance(target, asyncio.Future):
            try:
                target(ok, value)
            except Exception:
                log.exception("commit callback failed")
        elif target.done():
            continue
        elif ok:
            target.set_result(value)
        else:
            target.set_exception(value)


def connect_writer(path: str, synchronous: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def commit_batch(
    conn: sqlite3.Connection,
    clock: Callable[[], int],
    batch: list[tuple[Op, Any]],
    sealer: Any = None,
) -> tuple[list[tuple[Any, bool, Any]], list[StoredEvent]]:
    """Apply ``(op, target)`` pairs in one transaction; return ``(target, ok, value)`` per op
    and the committed events. A storage failure fails every op and stores nothing."""
    try:
        # Fast path: the whole batch in one transaction without per-op savepoints.
        # If any op refuses, roll everything back and redo the batch with savepoints
        # so only that op is undone (ops are re-runnable: they hold only their inputs).
        results, events = _apply(conn, clock, batch, False, sealer)
        if results is None:
            results, events = _apply(conn, clock, batch, True, sealer)
        return results, events
    except sqlite3.Error as exc:
        log.error("commit of %d ops failed: %s", len(batch), exc)
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        failure = StorageError(f"storage failed, nothing stored: {exc}")
        return [(target, False, failure) for _, target in batch], []


def _apply(
    conn: sqlite3.Connection, clock: Callable[[], int], batch: list, isolate: bool, sealer: Any
):
    conn.execute("BEGIN IMMEDIATE")
    # Re-read the tail each batch: an admin command may have appended meanwhile.
    row = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    tx = Tx(conn, clock(), row[0] if row else 0, row[1] if row else GENESIS_HASH, sealer=sealer)
    results: list[tuple[Any, bool, Any]] = []  # (future or callback, ok, value)
    for op, target in batch:
        mark_seq, mark_hash, mark_events = tx._seq, tx._hash, len(tx.events)
        mark_keys = dict(tx.new_keys) if isolate and sealer is not None else None
        if isolate:
            conn.execute("SAVEPOINT op")
        try:
            result = op(tx)
        except sqlite3.OperationalError:
            raise  # disk full, I/O error: the whole batch fails
        except Exception as exc:
            if not isolate:
                conn.execute("ROLLBACK")
                return None, None
            conn.execute("ROLLBACK TO op")
            conn.execute("RELEASE op")
            tx._seq, tx._hash = mark_seq, mark_hash
            if mark_keys is not None:
                tx.new_keys = mark_keys  # the op's new key rows were rolled back too
            del tx.events[mark_events:]
            del tx.rows[mark_events:]
            if not isinstance(exc, OpError):
                log.exception("op failed")
            results.append((target, False, exc))
            continue
        if isolate:
            conn.execute("RELEASE op")
        results.append((target, True, result))
    tx.flush_events()
    conn.execute("COMMIT")
    if sealer is not None and tx.new_keys:
        sealer.committed(tx.new_keys)
    return results, tx.events
