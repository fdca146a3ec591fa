"""One writer thread with group commit, and the contract every writer keeps.

Every change is a typed command (store/commands.py) given to ``submit(command)``. The
thread takes whatever is waiting, applies each command (store/apply/) in its own SAVEPOINT
(one refused command does not spoil its neighbours), commits once, and only then resolves
the futures and hands the new events to ``on_commit``. So an ack (the resolved future)
always means "on disk". ``ProcessWriter`` (writer_process.py) keeps the same contract with
the SQL in a child process; both are a ``StoreWriter``.

aiosqlite costs a thread hop per statement; here a whole batch costs one hop, which is why
the writer owns a plain sqlite3 connection instead.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from loancs.core.convmeta import IngestAck
from loancs.core.eventlog import GENESIS_HASH
from loancs.store import search
from loancs.store.apply import APPLY, apply
from loancs.store.apply.conversations import SenderCache
from loancs.store.commands import Command, IngestMessage
from loancs.store.search import fold_due, fold_paced, index_due, index_pending
from loancs.store.tx import (
    META_SINCE,
    TAIL,
    TAIL_AND_FORM,
    CommandError,
    CommitUnconfirmed,
    OpError,
    StorageError,
    StoredEvent,
    Tx,
)

if TYPE_CHECKING:  # the writer child imports this module and never runs a loop: asyncio is
    import asyncio  # imported where the parent side uses it (~65 ms less per child start)

__all__ = [
    "MAX_BATCH",
    "CommandError",
    "Done",
    "OpError",
    "StorageError",
    "StoredEvent",
    "StoreWriter",
    "Tx",
    "WriteDialect",
    "Writer",
    "apply_now",
    "backend_pid",
    "catch_up_search",
    "commit_batch",
    "connect_writer",
    "tidy_after",
    "deliver",
    "senders_for",
]

log = logging.getLogger("loancs.store")

MAX_BATCH = 2000
# Conversations re-indexed for search in one writer transaction at most (~60-90 µs each,
# store/search.py): after a quiet spell every noted conversation is due at once (the load
# test's 500: ~40 ms of CPU in the first batch of the next run, every message behind it
# waiting); the rest go on in the next transactions. Searches read a noted conversation's
# current excerpt meanwhile: results are the same at every moment.
INDEX_STEP = 64

Done = Callable[[bool, Any], None]
"""A hot-path answer: ``done(ok, result_or_exception)`` on the event loop after the commit.
A ``functools.partial`` given to the writer child (writer_process) gets a new customer
message's answer as its event (a ``PipedEvent``: seq, conversation, message, customer,
opened; never a duplicate), not an ``IngestAck`` built from it (app._direct_done reads both)."""


class StoreWriter(Protocol):
    """What the store needs of a writer (a thread, or a child process over a pipe)."""

    state: str  # "ok", "starting", "restarting", "stopped" (for /healthz)
    storage_error: str | None  # the last failed commit's reason, until one succeeds
    restarts: int
    batches: int
    ops: int
    on_batch: Callable[[int, float], None] | None
    # PostgreSQL: the database session of the last commit (the pid its NOTIFY comes from,
    # so this server's feed need not read back from the log what it committed itself).
    backend_pid: int | None

    @property
    def pending(self) -> int: ...

    def start(self, loop: asyncio.AbstractEventLoop) -> None: ...

    async def close(self) -> None: ...

    def submit(self, command: Command) -> asyncio.Future[Any]: ...

    def submit_with(self, command: Command, done: Done) -> None: ...


_STOP = object()


@dataclass(frozen=True)
class WriteDialect:
    """How a batch's transaction is opened and closed on one kind of database."""

    # Run with COMMIT in one round trip when the batch appended events ({seq}: its last
    # seq): PostgreSQL's NOTIFY to the other servers. BEGIN IMMEDIATE opens every batch
    # (on PostgreSQL: BEGIN and the writers' advisory lock, backends/pg.py).
    notify: str | None
    tx: type[Tx]
    errors: tuple[type[BaseException], ...]  # the store failed: the batch stores nothing
    fatal: tuple[type[BaseException], ...]  # raised inside a command, still not its fault
    # The Tx reads the chain's tail itself when first needed (with the batch's first read)
    # instead of a statement of its own at the start of the batch.
    lazy_tail: bool = False


SQLITE = WriteDialect(
    notify=None,
    tx=Tx,
    errors=(sqlite3.Error,),
    fatal=(sqlite3.OperationalError,),
)


def write_dialect(conn: Any) -> WriteDialect:
    """SQLite, or what the connection says it is (backends/pg.py's PgConnection)."""
    return getattr(conn, "write_dialect", SQLITE)


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
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="loancs-writer", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._open_error: BaseException | None = None
        self._senders: SenderCache | None = None
        self.batches = 0
        self.ops = 0
        self.pending = 0
        # Metrics: (ops in the batch, seconds to apply and commit it), on the event loop.
        self.on_batch: Callable[[int, float], None] | None = None
        self.state = "ok"  # for /healthz, as ProcessWriter
        self.storage_error: str | None = None  # the last failed commit, until one succeeds
        self.restarts = 0
        self.backend_pid: int | None = None

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
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self._thread.join)

    # -------------------------------------------------------------- submitting

    def submit(self, command: Command) -> asyncio.Future[Any]:
        assert self._loop is not None, "writer not started"
        future = self._loop.create_future()
        self.pending += 1
        self._queue.put((command, future))
        return future

    def submit_with(self, command: Command, done: Done) -> None:
        """Like submit, for hot paths: ``done(ok, result_or_exception)`` is called on the
        event loop right after the commit, without a future per command."""
        assert self._loop is not None, "writer not started"
        self.pending += 1
        self._queue.put((command, done))

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
        self.backend_pid = backend_pid(conn)
        self._senders = senders_for(conn)
        self._ready.set()
        stopping = False
        wait: float | None = 0.0  # look for a search backlog at once
        while not stopping:
            try:
                first = self._queue.get(timeout=wait)
            except queue.Empty:  # nothing to write: the search index catches up a step
                wait = catch_up_search(conn, self.clock, self._waiting)
                continue
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
            wait = after_writing(wait)
        conn.close()

    def _waiting(self) -> bool:
        return not self._queue.empty()

    def _commit_batch(self, conn: sqlite3.Connection, batch: list) -> None:
        started = time.perf_counter()
        results, events = commit_batch(conn, self.clock, batch, self.sealer, self._senders)
        seconds = time.perf_counter() - started
        self.batches += 1
        self.ops += len(batch)
        self.backend_pid = backend_pid(conn)
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
    from asyncio import Future  # loaded by then (we run on the loop); lazy for the child

    if events and on_commit:
        try:
            on_commit(events)
        except Exception:
            log.exception("on_commit failed")
    for target, ok, value in results:
        if not isinstance(target, Future):
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


def apply_now(conn: sqlite3.Connection, command: Command, sealer: Any = None) -> Any:
    """Apply one command on a connection of its own, outside any server (the admin
    commands): the same apply function, transaction and hash-chain append as the writer;
    the chain's tail is read inside the transaction, so a running server's writer and this
    one interleave correctly. Returns the result or raises what the command raised."""
    [(_, ok, value)], _events = commit_batch(conn, _wall_clock, [(command, None)], sealer)
    if not ok:
        raise value
    return value


def _wall_clock() -> int:
    return int(time.time() * 1000)


def backend_pid(conn: Any) -> int | None:
    """PostgreSQL: the server process of the writer's session (None on SQLite)."""
    return getattr(conn, "backend_pid", None)


def senders_for(conn: Any) -> SenderCache | None:
    """The writer's own cache of senders and their open conversations: SQLite only (on
    PostgreSQL other servers' writers commit too; its batch reads them in one round trip)."""
    return SenderCache() if isinstance(conn, sqlite3.Connection) else None


def catch_up_search(
    conn: Any, clock: Callable[[], int], busy: Callable[[], bool] | None = None
) -> float | None:
    """For a writer with nothing to write: one step of the search index's backlog
    (search.index_when_idle, cut short once ``busy()``: work came); returns how long to wait
    for work before the next (None: until work comes). A failure (the database busy with
    another writer, the disk) is logged and tried again later: it must not stop the writer."""
    try:
        return search.index_when_idle(conn, clock(), busy)
    except Exception as exc:
        log.warning("catching up the search index failed (tried again later): %s", exc)
        return search.QUIET_S


# After a batch (the writer child, commit_batch(tidy=False)): the pending activity's fold
# and the search index's step in parts, each its own transaction (``tidy_after``).
TIDY_FOLD_PART = 256
TIDY_INDEX_PART = 32


def tidy_after(conn: Any, clock: Callable[[], int], busy: Callable[[], bool]) -> None:
    """SQLite: what commit_batch does inside a batch's transaction when it is due (the fold
    of the pending activity, every 1 to 8 s; the search index's step of INDEX_STEP, every
    second), done after the batch instead (the writer child: once its answers are handed to
    the thread that syncs and sends them), in parts of its own transaction each: at least
    one part after every batch while one is due, more while ``busy()`` says no work waits.
    So neither the batch's messages nor (beyond one part, ~2-5 ms) the next batch's wait for
    a whole fold (a few hundred conversations' rows and their two order indexes: 16-80 ms on
    a loaded machine, issue 18) or index step. Reads merge the pending activity and read a
    noted conversation's current excerpt: results are the same at every moment. A failure
    is logged; the next batch meets it as its own."""
    if getattr(conn, "dialect", None) == "postgresql":
        return
    folding = fold_due()
    indexing = False if folding else index_due()
    budget = INDEX_STEP
    while folding or indexing:
        try:
            conn.execute("BEGIN IMMEDIATE")
            if folding:
                folding = fold_paced(conn, TIDY_FOLD_PART) == TIDY_FOLD_PART
            else:
                done = index_pending(conn, TIDY_INDEX_PART, now_ms=clock())
                budget -= done
                # (a full part: index_pending has made the next batch's step due at once)
                indexing = done == TIDY_INDEX_PART and budget > 0
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("the fold or search step after a batch failed (tried again): %s", exc)
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            return
        if busy():
            return
        if not folding and not indexing and budget == INDEX_STEP:
            indexing = index_due()  # (the fold is done: the index's step if it is due)


def after_writing(wait: float | None) -> float | None:
    """How long to wait for work after a batch: a write notes conversations for search, so
    look once a second of quiet has passed, or at once go on with a backlog."""
    every = search.INDEX_EVERY_S
    return every if wait is None or wait > every else wait


def connect_writer(path: str, synchronous: str) -> Any:
    """The writer's own connection: a SQLite file, or a PostgreSQL URL (backends/pg.py)."""
    from loancs.store.backends import is_postgres

    if is_postgres(path):
        from loancs.store.backends import pg

        return pg.connect(path, synchronous, migrate=False, role="writer")
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA foreign_keys=ON")
    # A batch's rows go in statements of 64 (tx.py's _ROWS_AT_ONCE); each such statement keeps
    # the pages it changes in a statement journal (to undo that statement alone), which past
    # 64 KiB SQLite writes to a temporary file: opened, written page by page and closed in
    # every batch. In memory instead (strace of 100 batches of 235 ingests: 0.31 pwrite a
    # message fewer, ~0.8 µs a message less system CPU). (Any sort or temporary table of the
    # writer's statements is kept in memory too: they work on a batch's rows.)
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


def commit_batch(
    conn: sqlite3.Connection,
    clock: Callable[[], int],
    batch: list[tuple[Command, Any]],
    sealer: Any = None,
    senders: SenderCache | None = None,
    tidy: bool = True,
) -> tuple[list[tuple[Any, bool, Any]], list[StoredEvent]]:
    """Apply ``(command, target)`` pairs in one transaction; return ``(target, ok, value)``
    per command and the committed events. A storage failure fails every command and stores
    nothing. (A target is whatever the caller matches answers with: a future, a callback,
    a token.) ``senders``: a SQLite writer's own SenderCache, kept from batch to batch.
    ``tidy`` False: the fold and the search index's step, when due, are left to the caller
    (``tidy_after``, after the answers), not done in the batch's transaction."""
    dialect = write_dialect(conn)
    try:
        # Fast path: the whole batch in one transaction without per-op savepoints.
        # If any op refuses, roll everything back and redo the batch with savepoints
        # so only that command is undone (commands are data: applying one again is safe).
        results, events = _apply(conn, clock, batch, False, sealer, dialect, senders, tidy)
        if results is None:
            if senders is not None:
                senders.redone()  # the batch's writes in savepoints are not learned
            results, events = _apply(conn, clock, batch, True, sealer, dialect, None, tidy)
    except CommitUnconfirmed as exc:
        # Stored (unless the database server crashed), not known to be on disk: not
        # acknowledged, and not "nothing stored" either. Its events reach the hubs from
        # the log (PostgreSQL's feed), not from here.
        COMMIT_FAILURES.failed(len(batch), exc)
        failure = StorageError(
            f"storage did not confirm the write: it is most likely stored, not known to be on"
            f" disk ({exc}); check before sending it again"
        )
        return [(target, False, failure) for _, target in batch], []
    except dialect.errors as exc:
        if senders is not None:
            senders.forget()
        COMMIT_FAILURES.failed(len(batch), exc)
        with contextlib.suppress(*dialect.errors):
            conn.execute("ROLLBACK")
        failure = StorageError(f"storage failed, nothing stored: {exc}")
        return [(target, False, failure) for _, target in batch], []
    if COMMIT_FAILURES.refused:
        COMMIT_FAILURES.passed()
    return results, events


def _tail_and_form(conn: sqlite3.Connection) -> tuple[tuple | None, bool]:
    """The chain's tail (seq, hash) and whether the database covers meta under the hash
    (its ``chain_forms`` mark, migration 0039_meta_under_hash), in one statement."""
    try:
        row = conn.execute(TAIL_AND_FORM).fetchone()
    except sqlite3.OperationalError as exc:  # a database not migrated to 0039 (tests make some)
        if "chain_forms" not in str(exc):
            raise
        return conn.execute(TAIL).fetchone(), False
    if row is None:  # no event yet: the mark alone
        return None, conn.execute(META_SINCE).fetchone() is not None
    return row, row[2] is not None


class CommitFailureLog:
    """The log of refused commits: the first at once, then one line per ``interval`` seconds
    counting those refused meanwhile, and one line when a commit passes again. (A client
    retrying against a full disk made one line per refused frame: 2,950 in 8 s.)"""

    def __init__(self, interval: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self.refused = 0  # commits refused since the last that passed
        self._ops = 0
        self._quiet = 0  # refused since the last line, not yet told
        self._quiet_ops = 0
        self._last_line: float | None = None
        self._lock = threading.Lock()

    def failed(self, ops: int, exc: BaseException) -> None:
        with self._lock:
            now = self.clock()
            self.refused += 1
            self._ops += ops
            if self._last_line is not None and now - self._last_line < self.interval:
                self._quiet += 1
                self._quiet_ops += ops
                return
            if self._quiet:
                log.error(
                    "commit of %d ops failed: %s (%d more commits of %d ops refused in the"
                    " last %.0f s)",
                    ops,
                    exc,
                    self._quiet,
                    self._quiet_ops,
                    now - self._last_line if self._last_line is not None else 0,
                )
            else:
                log.error("commit of %d ops failed: %s", ops, exc)
            self._last_line = now
            self._quiet = self._quiet_ops = 0

    def passed(self) -> None:
        with self._lock:
            if not self.refused:
                return
            log.warning(
                "commits pass again after %d refused (%d ops, nothing of them stored)",
                self.refused,
                self._ops,
            )
            self.refused = self._ops = self._quiet = self._quiet_ops = 0
            self._last_line = None


COMMIT_FAILURES = CommitFailureLog()


def _apply(
    conn: Any,
    clock: Callable[[], int],
    batch: list,
    isolate: bool,
    sealer: Any,
    dialect: WriteDialect = SQLITE,
    senders: SenderCache | None = None,
    tidy: bool = True,
):
    conn.execute("BEGIN IMMEDIATE")
    # Re-read the tail each batch: an admin command (or another server) may have appended.
    if dialect.lazy_tail:  # PostgreSQL: read with the batch's first statement (backends/pg.py)
        tx = dialect.tx(conn, clock(), -1, GENESIS_HASH, sealer=sealer)
    else:
        row, covers = _tail_and_form(conn)
        tx = dialect.tx(
            conn, clock(), row[0] if row else 0, row[1] if row else GENESIS_HASH, sealer=sealer
        )
        tx.covers_meta = covers
    if tx.defers:
        if isolate:  # a deferred write would land in a later command's savepoint
            tx.defers = False
        else:
            tx.commands = [command for command, _ in batch]
    elif not isolate:
        tx.gathers = True  # SQLite: customers' messages written together (Tx.gather_message)
        tx.commands = [command for command, _ in batch]
        if senders is not None and senders.usable(conn, tx.commands):
            tx.senders = senders
    results: list[tuple[Any, bool, Any]] = []  # (future or callback, ok, value)
    if not isolate:  # all in one attempt: a command that fails makes the batch redone
        cache = tx.senders
        ingest = APPLY[IngestMessage]  # (a customer's message, most of a batch: no lookup)
        try:
            for position, (command, target) in enumerate(batch):
                tx.position = position
                if type(command) is IngestMessage:
                    value = ingest(tx, command)
                    if value.__class__ is IngestAck and target.__class__ is int:
                        # The writer child's (int tokens): the answer goes on the message's
                        # event, the last ingest_message appended (writer_process._answers_of)
                        tx.events[-1].token = target
                    results.append((target, True, value))
                elif cache is None:
                    results.append((target, True, apply(tx, command)))
                else:
                    mark_events = len(tx.events)
                    results.append((target, True, apply(tx, command)))
                    cache.touched(tx, command, mark_events)  # what it changed is read again
        except dialect.fatal:
            raise  # disk full, I/O error, connection lost: the whole batch fails
        except Exception:
            conn.execute("ROLLBACK")
            return None, None
    else:  # command by command, each in a savepoint (tx.senders is None here)
        for position, (command, target) in enumerate(batch):
            tx.position = position
            mark_seq, mark_hash, mark_events = tx._seq, tx._hash, len(tx.events)
            mark_keys = dict(tx.new_keys) if sealer is not None else None
            conn.execute("SAVEPOINT op")
            try:
                result = apply(tx, command)
            except dialect.fatal:
                raise  # disk full, I/O error, connection lost: the whole batch fails
            except Exception as exc:
                conn.execute("ROLLBACK TO op")
                conn.execute("RELEASE op")
                tx._seq, tx._hash = mark_seq, mark_hash
                if mark_keys is not None:
                    tx.new_keys = mark_keys  # the op's new key rows were rolled back too
                    tx.keys.clear()  # (and a key it made may have been sealed with)
                del tx.events[mark_events:]
                del tx.rows[mark_events:]
                if not isinstance(exc, OpError):
                    log.exception("%s failed", type(command).__name__)
                results.append((target, False, exc))
                continue
            conn.execute("RELEASE op")
            if result.__class__ is IngestAck and target.__class__ is int:
                tx.events[-1].token = target  # (as above: the child answers it there)
            results.append((target, True, result))
    if tx.gathers:
        try:
            tx.settle()  # the gathered messages: a fault in them is a command's, found alone
        except dialect.fatal:
            raise
        except Exception:
            conn.execute("ROLLBACK")
            return None, None
    if tidy:  # (else the caller's tidy_after, after the answers)
        if tx.gathers and fold_due():
            fold_paced(conn)  # the pending activity into the rows, every 1 to 8 seconds
        if index_due():
            index_pending(conn, INDEX_STEP, now_ms=tx.now)  # the index catches up (search.py)
    notify = None
    if dialect.notify is not None and tx.events:
        notify = dialect.notify.format(seq=int(tx.last_seq))
    try:
        if tx.defers:
            try:
                tx.commit(notify)  # with the deferred writes: one failing is a command's
            except CommitUnconfirmed:
                raise
            except dialect.fatal:
                raise
            except Exception:  # fault, found command by command in savepoints
                conn.execute("ROLLBACK")
                return None, None
        else:
            tx.commit(notify)
    except CommitUnconfirmed:
        if sealer is not None and tx.new_keys:
            sealer.committed(tx.new_keys, tx.keys)  # the key rows are in the database
        raise
    if tx.senders is not None:
        tx.senders.committed(tx.learned)
    if sealer is not None and tx.new_keys:
        sealer.committed(tx.new_keys, tx.keys)
    return results, tx.events
