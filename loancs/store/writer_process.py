"""The group-commit writer in its own process.

Same contract as ``Writer`` (submit, submit_with, close, an ack only after commit), but the
SQL and the event hashing run in a child process, so they no longer compete with the
websocket loop for the interpreter lock: on two cores the server then does both at once.

Commands (store/commands.py) cross the pipe as msgpack; the results and the committed
events come back as msgpack too, in one message per batch. A new customer message is
answered on its event (one array: the sender's token and the ack's fields on it, no answer
of its own), and an event's conversation facts cross only when they differ from the ones
last sent for that conversation (``AS_SENT``: both ends remember them, ``_typed`` and
``ProcessWriter._unfold``). Each command is encoded when it
is submitted, so one that cannot be encoded fails alone at once; one the child cannot
decode fails alone there; any error sending a batch fails every command still waiting
(nothing waits forever). If the server process dies, the child sees the pipe close,
finishes the batch in hand and exits.

The child is a plain ``python -m loancs.store.writer_process`` (not multiprocessing, whose
spawn and forkserver modes re-run the parent's ``__main__``); it speaks length-prefixed
msgpack messages over its stdin and stdout (``multiprocessing.connection.Connection``'s
framing, bytes only, never pickle), and logs to stderr.

On SQLite with ``synchronous=FULL`` the child does not let COMMIT wait for the disk: the
connection commits with ``synchronous=NORMAL`` (SQLite writes the WAL, no fsync) and a
thread of the child (``WalSyncer``) makes the WAL durable with ``fdatasync`` and only then
sends the batch's answers, while the child already applies the next batch. An answer (an
ack) still means "on disk": nothing is answered before the fdatasync that covers its COMMIT
returned, and answers leave in commit order, so an ack also covers every earlier batch (the
hash chain's prefix). A process killed meanwhile (kill -9) loses nothing committed (the WAL
is in the OS's cache); unanswered senders resend (ingest is idempotent). A failed fdatasync
ends the child (as PostgreSQL panics): the parent fails what it waits for and starts a new
child, which recovers the WAL as SQLite does after any crash.

The pipe holds ``PIPE_DEPTH`` unanswered messages at most, and a batch waiting for its
fdatasync still holds its place: with one batch syncing and the next committed, the child
would wait out the fdatasync (~4 ms here, a commit cycle is ~7 ms) while the server holds
what came meanwhile. So a child that finds nothing to read while answers still wait for
their sync says so (an ``Answers`` with no answers and ``frames`` = minus the messages it
has read), and the server, if it has sent no more than that, sends what it holds past the
depth (``IDLE_BATCH`` commands or more). Only the commit moves earlier: its answers still wait for the sync.
And when an answer comes while the server holds a batch behind the depth, the batch leaves as
soon as the answer's place in the pipe is read (its head, the answers and events skipped), before
the answer itself is decoded and delivered (``_readable``).
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import logging
import os
import queue
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from loancs.core.convmeta import ConvMeta, IngestAck, facts_of_dict, facts_of_meta
from loancs.core.pii import mask_identity, mask_text
from loancs.core.protocol import Event, encode_bytes
from loancs.store.backends import is_postgres, shown
from loancs.store.commands import AnyCommand, Command, IngestMessage, RollupReports
from loancs.store.writer import (
    MAX_BATCH,
    CommandError,
    OpError,
    StorageError,
    StoredEvent,
    after_writing,
    backend_pid,
    catch_up_search,
    commit_batch,
    connect_writer,
    deliver,
    senders_for,
    tidy_after,
)

if TYPE_CHECKING:  # the child never runs a loop: the parent's methods import asyncio
    import asyncio

log = logging.getLogger("loancs.store")

# identity value -> (its kind, mask_identity's answer): ProcessWriter._queue's, for the customers
# writing now (past the bound: forgotten, started again)
_DISPLAYS: dict[str, tuple[str, str]] = {}
_DISPLAYS_KEPT = 4096

CHILD_KEY_ENV = "LOANCS_WRITER_MASTER_KEY"
CHILD_DB_ENV = "LOANCS_WRITER_DB"  # a PostgreSQL URL (argv says "-")
RESTART_BACKOFF = (0.2, 10.0)  # seconds: first wait, longest wait between restarts


_STOP = msgspec.msgpack.encode(None)  # to the child: commit what you hold, then exit
# Messages in the pipe at most: one the child is committing, one waiting for it. What is
# submitted meanwhile waits here and goes as one message when an answer frees a place (the
# child would have read it all into one commit anyway): a pipe write and a read per commit,
# not per turn of the event loop.
PIPE_DEPTH = 2
# PostgreSQL: one. A batch there is mostly waiting (four round trips and the WAL flush, ~6 ms
# whatever its size), so a batch queued behind the one committing only makes what arrives
# meanwhile wait a whole batch longer (~2.5 batch times to an ack instead of ~1.5); what it
# saves, the pipe hop between batches, is a fraction of a millisecond.
PIPE_DEPTH_POSTGRES = 1
# Past the depth, while the child says it waits (module docstring): no fewer commands than
# this at once. A smaller batch commits no faster a message, and the server's hub writes a
# commit of fewer than its PACE_BATCH (32) events to each console at once, unpaced.
IDLE_BATCH = 32
# The child's notices (module docstring). Session 40 switched them off for a failure of
# tests/test_waiting_summary.py that was the test's own race (a summary goes out every 0.5 s,
# and on a loaded machine one fell between its ingests: it failed without notices too).
IDLE_NOTICE = True
# A batch held behind the depth leaves when an answer's head is read, before its decode
# (module docstring; a switch for an A/B: off, the held batch leaves after the decode).
EARLY_FLUSH = True
# Each pipe's kernel buffer (Linux; 64 KiB by default): a commit's answers and events for a
# few hundred ops are ~100 KiB, which a 64 KiB pipe passes in pieces, a read, a write and a
# wake-up of the other side for each; with room for a whole message it is one write and one read.
PIPE_BYTES = 1 << 20


def _clock() -> int:
    return int(time.time() * 1000)


def _widen(fd: int) -> None:
    """Give the pipe room for a whole message (where the system allows; else as it is)."""
    request = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if request is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, request, PIPE_BYTES)


# ---------------------------------------------------------------- the wire


class Ready(msgspec.Struct, array_like=True):
    """The child's first message: it opened the database (or why not)."""

    ok: bool
    detail: str | None = None
    backend: int | None = None  # PostgreSQL: the writer's database session


class Failure(msgspec.Struct, array_like=True):
    """Why one command failed, as the parent raises it again."""

    kind: Literal["op", "storage", "command", "internal"]
    message: str
    code: str = ""
    detail: Any = None


class Answer(msgspec.Struct, array_like=True):
    token: int
    ok: bool
    value: Any = None
    failure: Failure | None = None
    ingest: IngestAck | None = None  # a customer message's answer: value is None then


class Answers(msgspec.Struct, array_like=True):
    """One committed batch: each command's answer, the events, the time it took, and how
    many of the parent's messages it took from the pipe."""

    answers: list[Answer]
    events: list[StoredEvent]
    seconds: float
    frames: int = 1
    backend: int | None = None  # PostgreSQL: the session that committed (its NOTIFY's pid)


class PipedEvent(StoredEvent):
    """An event as the server reads it from the pipe: its payload crossed it only inside
    ``frame`` (the child made the frame: ``_typed``) and is decoded from there the first
    time something reads it. Most events are only sent on (a customer's message to its
    owner's console, its frame as it is): their payload is never decoded in the server (a
    msgpack map decoded and a JSON object encoded again each, before)."""

    payload: dict[str, Any] | None  # type: ignore[assignment]  # None: still in the frame
    # AS_SENT (an int) on the pipe: the facts last sent for the conversation, put back by
    # ProcessWriter._unfold as the answers are read (nothing after it sees an int)
    meta: ConvMeta | dict[str, Any] | int | None = None  # type: ignore[assignment]


_PAYLOAD = StoredEvent.__dict__["payload"]  # the field's slot, shared by PipedEvent
_EVENT_FRAME = msgspec.json.Decoder(Event)


def _payload(event: PipedEvent) -> dict[str, Any]:
    payload = _PAYLOAD.__get__(event)
    if payload is None:
        payload = _EVENT_FRAME.decode(event.frame).payload  # type: ignore[arg-type]
        _PAYLOAD.__set__(event, payload)
    return payload


def _set_payload(event: PipedEvent, payload: dict[str, Any]) -> None:
    _PAYLOAD.__set__(event, payload)
    event.frame = None  # (a payload changed in the server is no longer the frame's)


# (Set on the class once made: in its body it would be read as the field's default.)
PipedEvent.payload = property(_payload, _set_payload)  # type: ignore[assignment]


class PipedAnswers(Answers):
    """``Answers`` as the server decodes them: its events are ``PipedEvent``s."""

    events: list[PipedEvent]  # type: ignore[assignment]


Batch = list[tuple[int, msgspec.Raw]]  # (token, one encoded command)

# The pipe's framing (multiprocessing.connection.Connection's, which the child uses).
_HEAD = struct.Struct("!i").pack
_HEAD_LONG = struct.Struct("!iQ").pack
_LENGTH = struct.Struct("!i").unpack_from
_LENGTH_LONG = struct.Struct("!Q").unpack_from
_READ_SIZE = 1 << 18
_answers = msgspec.msgpack.Decoder(PipedAnswers)


class _AnswersHead(msgspec.Struct, array_like=True):
    """``Answers`` with its answers and events skipped, not decoded (~6 µs against ~110 for
    a batch of 50 ingests): how many messages it answers, known before the decode."""

    answers: msgspec.Raw
    events: msgspec.Raw
    seconds: float
    frames: int = 1
    backend: int | None = None


_answers_head = msgspec.msgpack.Decoder(_AnswersHead)


def _value_of(answer: Answer) -> Any:
    """What the command's sender gets: its result, or the exception it raised."""
    if answer.ingest is not None:
        return answer.ingest
    if answer.ok or answer.failure is None:
        return answer.value
    return exception_of(answer.failure)


def _ack_of(event: StoredEvent) -> IngestAck:
    """A new customer message's answer, from its event (``_answers_of``)."""
    return IngestAck(
        event.seq, event.conversation, event.message, False, event.opened, event.customer
    )


_first = itemgetter(0)


def failure_of(exc: BaseException) -> Failure:
    if isinstance(exc, OpError):
        return Failure("op", exc.message, exc.code, exc.detail)
    if isinstance(exc, StorageError):
        return Failure("storage", str(exc))
    if isinstance(exc, CommandError):
        return Failure("command", str(exc))
    return Failure("internal", repr(exc))


def exception_of(failure: Failure) -> Exception:
    if failure.kind == "op":
        return OpError(failure.code, failure.message, failure.detail)
    if failure.kind == "storage":
        return StorageError(failure.message)
    if failure.kind == "command":
        return CommandError(failure.message)
    return RuntimeError(failure.message)


# ---------------------------------------------------------------- the child


def _child_main(
    path: str, synchronous: str, inbox: Connection, outbox: Connection, sealer: Any = None
) -> None:
    encoder = msgspec.msgpack.Encoder()
    batches = msgspec.msgpack.Decoder(Batch | None)
    commands: msgspec.msgpack.Decoder[Any] = msgspec.msgpack.Decoder(AnyCommand)
    try:
        conn = connect_writer(path, synchronous)
    except Exception as exc:  # reported to the parent's start()
        outbox.send_bytes(encoder.encode(Ready(False, repr(exc))))
        return
    outbox.send_bytes(encoder.encode(Ready(True, backend=backend_pid(conn))))
    syncer = WalSyncer(outbox, encoder, wal_to_sync(conn, synchronous))
    folder = Folder.beside(conn, path, syncer)
    checkpointer = Checkpointer.beside(conn)
    try:
        _serve(inbox, conn, sealer, batches, commands, syncer, folder)
    finally:
        if folder is not None:
            folder.close()  # the folds asked for are answered too
        syncer.close()  # what committed before anything went wrong is still answered
        if checkpointer is not None:
            checkpointer.close()  # before the writer's: the last one out checkpoints
    conn.close()


def _serve(
    inbox: Connection,
    conn: Any,
    sealer: Any,
    batches: msgspec.msgpack.Decoder[Any],
    commands: msgspec.msgpack.Decoder[Any],
    syncer: WalSyncer,
    folder: Folder | None = None,
) -> None:
    """Commit batch after batch until the server says stop or is gone (report roll-ups go
    to ``folder`` when there is one)."""
    stopping = False
    read = _frame_reader(batches)
    sent: dict[int, tuple] = {}  # what the server holds of each conversation's facts (_typed)
    senders = senders_for(conn)
    writing = folder.writing if folder is not None else contextlib.nullcontext()
    wait: float | None = 0.0  # look for a search backlog at once
    taken = told = 0  # messages read from the server; how many the last idle notice said
    while not stopping and syncer.alive:
        try:
            if IDLE_NOTICE and told != taken and syncer.pending and not inbox.poll():
                # Answers still wait for their fdatasync and nothing is here to commit
                # meanwhile: the server may send what it holds (module docstring).
                syncer.send(Answers([], [], 0.0, -taken))
                told = taken
            if wait is not None and not inbox.poll(wait):
                with writing:  # nothing to write: the search index catches up a step
                    wait = catch_up_search(conn, _clock, inbox.poll)
                continue
            frame = read(inbox.recv_bytes())
            taken += 1
        except (EOFError, OSError):
            break  # the server is gone
        if frame is None:
            break
        frames = 1
        while len(frame) < MAX_BATCH and inbox.poll():
            more = read(inbox.recv_bytes())
            taken += 1
            if more is None:
                stopping = True
                break
            frames += 1
            frame.extend(more)
        batch: list[tuple[Command, int]] = []
        refused: list[Answer] = []
        for token, command in frame:
            if command.__class__ is msgspec.Raw:  # (a frame read command by command)
                try:
                    command = commands.decode(command)
                except msgspec.DecodeError as exc:
                    error = CommandError(f"the writer could not read a command: {exc}")
                    refused.append(Answer(token, False, failure=failure_of(error)))
                    continue
            if folder is not None and type(command) is RollupReports:
                folder.put(token, command)
            else:
                batch.append((command, token))
        started = time.perf_counter()
        results: list[tuple[Any, bool, Any]] = []
        events: list[StoredEvent] = []
        if batch:
            with writing:  # SQLite: not while a fold writes (SqliteFolder)
                results, events = commit_batch(conn, _clock, batch, sealer, senders, False)
        answers = refused + _answers_of(results)
        committed = any(ok for _, ok, _ in results)  # else nothing reached the WAL
        _typed(events, sent)
        syncer.put(Answers(answers, events, 0.0, frames, backend_pid(conn)), started, committed)
        if committed:  # (a batch that stored nothing: its failure is answered; no tidying)
            with writing:  # the fold and the search step, when due: after the answers
                tidy_after(conn, _clock, inbox.poll)
        wait = after_writing(wait)


def _frame_reader(
    batches: msgspec.msgpack.Decoder[Any],
) -> Callable[[bytes], list[tuple[int, Any]] | None]:
    """A frame from the server (``Batch`` or None: stop) read with its commands in one
    decode: ~1.9k instructions a command fewer than a ``msgspec.Raw`` each decoded apart
    (an ingest, cachegrind). A frame holding a command the writer cannot read is read again
    by ``batches``: its commands stay ``Raw`` and are decoded one by one, so only that one is
    refused."""
    whole = msgspec.msgpack.Decoder(list[tuple[int, AnyCommand]] | None)

    def read(data: bytes) -> list[tuple[int, Any]] | None:
        try:
            return whole.decode(data)
        except msgspec.DecodeError:
            return batches.decode(data)

    return read


def _answers_of(results: list[tuple[Any, bool, Any]]) -> list[Answer]:
    """The batch's answers, but not a new customer message's (an ``IngestAck``): that one
    goes on its event (writer._apply set its ``token``, ingest_message its ``message``,
    ``customer`` and ``opened``; the ack's seq and conversation are the event's), one array a
    message on the pipe where an Answer, its IngestAck and the event were three for the server
    to decode (~4k of its ~10k instructions a message, cachegrind)."""
    return [
        Answer(token, True, value) if ok else Answer(token, False, failure=failure_of(value))
        for token, ok, value in results
        if value.__class__ is not IngestAck
    ]


# Conversations whose facts both ends of the pipe remember (_typed, ProcessWriter._unfold):
# past it, both forget them all at the same event (each counts the same facts in the same
# order) and start again.
FACTS_KEPT = 4096
AS_SENT = 0  # an event's facts on the pipe: the same as the last ones sent for its conversation


def _typed(events: list[StoredEvent], sent: dict[int, tuple] | None = None) -> None:
    """The events as they cross the pipe (after the commit: the apply functions build and
    change the dicts until then):
    - the facts: a ConvMeta each, seven values in a row that the server decodes straight
      into what its hub holds (core/convmeta.py), not a seven-key map decoded into a dict
      and converted there; or ``AS_SENT`` when they are the ones last sent for the event's
      conversation (``sent``: what was sent, by conversation; most customer messages leave
      their conversation's facts as they were): the server's side holds those and puts them
      back (``ProcessWriter._unfold``), so nothing of them crosses or is decoded again;
    - the payload: inside the event's frame as clients get it (``frame``, encoded here as
      the server's hub would have), not as a map beside it (unless it names an agent,
      below): the server sends the frame on as it is and decodes the payload only if
      something reads it (PipedEvent)."""
    facts, typed = facts_of_dict, ConvMeta
    frame_of, event_frame = encode_bytes, Event
    if sent is None:
        sent = {}  # (forgotten: nothing is sent as AS_SENT unless the caller keeps it)
    last = sent.get
    for event in events:
        meta = event.meta
        if meta:
            held: ConvMeta | None = None
            try:
                values = facts(meta)
            except KeyError:  # (a partial one: ConvMeta.of reads what it has)
                held = typed.of(meta)
                values = facts_of_meta(held)
            conversation = event.conversation
            if conversation is None:
                event.meta = held if held is not None else typed(*values)
            elif last(conversation) == values:
                event.meta = AS_SENT  # type: ignore[assignment]
            else:
                if len(sent) >= FACTS_KEPT and conversation not in sent:
                    sent.clear()
                sent[conversation] = values
                event.meta = held if held is not None else typed(*values)
        try:
            event.frame = frame_of(
                event_frame(
                    event.seq, event.ts, event.kind, event.conversation, event.actor, event.payload
                )
            )
        except (TypeError, ValueError, OverflowError):  # (not JSON: the map crosses as before)
            continue
        payload = event.payload
        # One naming an agent (or who types) crosses as the map too: the hub reads those for
        # every event it sends (core/visibility.audience); they are a few of the events.
        if "agent" in payload or "from_agent" in payload or "who" in payload:
            continue
        event.payload = None  # type: ignore[assignment]  # (it crosses inside the frame)


def wal_to_sync(conn: Any, synchronous: str) -> str | None:
    """SQLite in WAL mode asked for ``synchronous=FULL``: from now on the connection commits
    without fsync, and the returned WAL file is the one ``WalSyncer`` makes durable before
    any answer. Anything else (NORMAL, OFF, PostgreSQL, a journal that is not a WAL, a
    database in memory) commits as configured: None."""
    if synchronous.upper() not in ("FULL", "EXTRA"):
        return None
    main = _wal_database(conn)
    if main is None:
        return None
    conn.execute("PRAGMA synchronous=NORMAL")
    return main + "-wal"


def _wal_database(conn: Any) -> str | None:
    """The file of a SQLite connection in WAL mode, as SQLite itself opened it (a symlinked
    path resolved; its WAL is beside it); None for PostgreSQL, another journal, a database
    in memory."""
    if not isinstance(conn, sqlite3.Connection):
        return None
    row = conn.execute("PRAGMA journal_mode").fetchone()
    if not row or str(row[0]).lower() != "wal":
        return None
    main = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    return main or None


class Checkpointer:
    """SQLite: the WAL is copied back into the database file (a checkpoint) by a thread of
    the child on a connection of its own, not by the writer's COMMIT.

    By default the connection that commits past 1,000 WAL pages checkpoints inside that
    COMMIT: it writes those pages into the database file and syncs both files. At 1,000
    msg/s that was every ~1.2 s, and each such commit took ~40 ms instead of ~1 ms (strace:
    every fdatasync of the database file fell in one of them); every message arriving
    meanwhile waited for it, which was most of a delivery's p99 on SQLite. Here a PASSIVE
    checkpoint (it never waits for the writer or a reader, and copies only frames whose
    commits SQLite first synced in the WAL) runs every ``every`` seconds beside the batches.
    The writer's own automatic checkpoint stays as a backstop at ``BACKSTOP_PAGES``, should
    this thread fall behind."""

    EVERY_S = 0.5
    BACKSTOP_PAGES = 10_000

    def __init__(self, database: str, every: float = EVERY_S):
        self.database = database
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="loancs-checkpoint", daemon=True)
        self._thread.start()

    @classmethod
    def beside(cls, conn: Any, every: float = EVERY_S) -> Checkpointer | None:
        """Take the checkpoints off ``conn`` (the writer's) into a new thread; None when
        ``conn`` is not SQLite in WAL mode on a file."""
        database = _wal_database(conn)
        if database is None:
            return None
        conn.execute(f"PRAGMA wal_autocheckpoint={cls.BACKSTOP_PAGES}")
        return cls(database, every)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        failing: str | None = None  # the error logged, while rounds keep failing with it
        try:
            while not self._stop.wait(self.every):
                try:
                    if conn is None:
                        conn = sqlite3.connect(
                            self.database, isolation_level=None, check_same_thread=False
                        )
                        # Both files are synced during a checkpoint (never OFF here).
                        conn.execute("PRAGMA synchronous=NORMAL")
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as exc:  # the next round tries again; the backstop holds
                    # A full disk fails every round (twice a second): say it once, and
                    # again only when the error changes or the checkpoints work again.
                    if str(exc) != failing:
                        failing = str(exc)
                        log.warning("checkpoint of %s failed: %s", self.database, exc)
                else:
                    if failing is not None:
                        failing = None
                        log.warning("checkpoint of %s works again", self.database)
        finally:
            if conn is not None:
                conn.close()


class WalSyncer:
    """The child's second thread: a batch's answers leave only once its COMMIT is on disk.

    ``put`` hands over a batch's answers, the ``perf_counter`` at which it started and
    whether it committed anything; the thread takes every batch waiting, runs one
    ``fdatasync`` of the WAL for all of them, and sends their answers in order (``seconds``:
    from the batch's start until it was on disk). Without a WAL to sync (``wal`` None) the
    answers leave at once, as before."""

    def __init__(self, outbox: Connection, encoder: msgspec.msgpack.Encoder, wal: str | None):
        self._outbox = outbox
        self._encoder = encoder
        self._wal = wal
        self._synced_dir = False
        self._queue: queue.SimpleQueue[tuple[Answers, float, bool] | None] = queue.SimpleQueue()
        self.alive = True  # False once the server is gone (the pipe closed)
        self.syncs = 0
        # Batches handed over (``put``, the child's loop) and answered (the thread): each
        # counter has one writer; ``pending`` is their difference.
        self._handed = self._answered = 0
        self._sending = threading.Lock()  # the batches' answers and Folder's, whole messages
        self._thread: threading.Thread | None = None
        if wal is not None:
            self._thread = threading.Thread(target=self._run, name="loancs-wal-sync", daemon=True)
            self._thread.start()

    def put(self, answers: Answers, started: float, committed: bool) -> None:
        if self._thread is None:
            answers.seconds = time.perf_counter() - started
            self._send(answers)
        else:
            self._handed += 1
            self._queue.put((answers, started, committed))

    @property
    def pending(self) -> int:
        """Batches whose answers still wait for their sync (0 without the thread)."""
        return self._handed - self._answered

    def close(self) -> None:
        """Every answer handed over is sent (or the server is gone)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()

    def send(self, answers: Answers) -> None:
        """Send one message of answers now (from any thread of the child)."""
        self._send(answers)

    def _send(self, answers: Answers) -> None:
        try:
            with self._sending:
                self._outbox.send_bytes(
                    _encode_answers(
                        self._encoder,
                        answers.answers,
                        answers.events,
                        answers.seconds,
                        answers.frames,
                        answers.backend,
                    )
                )
        except (BrokenPipeError, OSError):
            self.alive = False

    def _run(self) -> None:
        try:
            self._answer_all()
        except BaseException:
            # Nothing may wait for answers that will never come: the parent sees the pipe
            # close, fails what it waits for and starts a new child.
            log.critical("the writer's answering thread failed", exc_info=True)
            os._exit(70)

    def _answer_all(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            group: list[tuple[Answers, float, bool]] = []
            while item is not None:
                group.append(item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            else:
                stopping = True
            if any(committed for _, _, committed in group):
                self._sync()
            done = time.perf_counter()
            for answers, started, _ in group:
                answers.seconds = done - started
                if self.alive:
                    self._send(answers)
                self._answered += 1

    def _sync(self) -> None:
        assert self._wal is not None
        try:
            fd = os.open(self._wal, os.O_RDONLY)
            try:
                os.fdatasync(fd)
            finally:
                os.close(fd)
            if not self._synced_dir:  # the WAL's own entry in its directory, once
                fd = os.open(os.path.dirname(os.path.abspath(self._wal)), os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                self._synced_dir = True
        except OSError as exc:
            # Whether the committed batches reached the disk is unknown, and a later fsync
            # may report success for pages the kernel already dropped: stop here. The parent
            # fails what it waits for (its senders resend) and starts a new child.
            log.critical("fdatasync of %s failed, the writer stops: %s", self._wal, exc)
            os._exit(70)
        self.syncs += 1


INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE (its message text may be translated)
# Every GIN index of the schema (pg_trgm's, for search), its pending list moved in.
CLEAN_PENDING = (
    "SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_am a ON a.oid = c.relam"
    " WHERE a.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace"
)


class Folder:
    """PostgreSQL: the report roll-up (``RollupReports``) beside the writer's batches, not
    in them. A fold reads committed events and writes only the report tables, so it needs
    neither the append lock every server's writer waits for nor a place in this writer's
    next batch (at 1,000 msg/s a fold of 500 events held both ~9 ms, and the messages
    arriving meanwhile waited that much longer for their ack). It runs in a thread of the
    child, which mostly waits on PostgreSQL as the writer does, on a connection of its own
    (``loancs rollup``), one transaction per fold under the roll-up lock (store/reports.py:
    folds never overlap, whichever process runs them). A fold commits without waiting for
    the WAL flush (``synchronous_commit = off``): its own flush would only delay the
    writer's next one, and a fold a database crash loses is folded again from the log
    (aggregates and watermark commit together; the WAL is replayed in order). Its answer
    goes back through the same pipe, as a message of its own (``frames`` 0: it frees no
    place in the pipe)."""

    # The writer's thread waits at most this long for the interpreter while a fold runs
    # Python (the default, 5 ms, would add up to that to each of a batch's round trips).
    SWITCH_S = 0.001

    # What the writer's batches hold while they run: nothing to share on PostgreSQL.
    writing: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()

    @staticmethod
    def beside(conn: Any, path: str, syncer: WalSyncer) -> Folder | None:
        """The folder for the writer's connection ``conn``: ``Folder`` on PostgreSQL,
        ``SqliteFolder`` on a SQLite file in WAL mode, else None (folds stay in the
        writer's batches, as the thread writer's do)."""
        if backend_pid(conn) is not None:
            return Folder(path, syncer)
        database = _wal_database(conn)
        return None if database is None else SqliteFolder(database, syncer, conn)

    def __init__(self, path: str, syncer: WalSyncer):
        self._path = path
        self._syncer = syncer
        self._conn: Any = None
        self._queue: queue.SimpleQueue[tuple[int, RollupReports] | None] = queue.SimpleQueue()
        self.folds = 0
        self._clean = True  # GIN pending lists cleaned after each fold (_clean_pending)
        sys.setswitchinterval(self.SWITCH_S)
        self._thread = threading.Thread(target=self._run, name="loancs-rollup", daemon=True)
        self._thread.start()

    def put(self, token: int, command: RollupReports) -> None:
        self._queue.put((token, command))

    def close(self) -> None:
        """Every fold asked for is done and answered (or the server is gone)."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            while (item := self._queue.get()) is not None:
                token, command = item
                started = time.perf_counter()
                try:
                    folded = self._fold(command.limit)
                    if folded["folded"]:
                        self._clean_pending()
                    answer = Answer(token, True, folded)
                except Exception as exc:  # the next fold tries again (a new connection)
                    log.error("report roll-up failed: %s", exc)
                    error = StorageError(f"report roll-up failed, nothing folded: {exc}")
                    answer = Answer(token, False, failure=failure_of(error))
                self.folds += 1
                if self._syncer.alive:
                    self._syncer.send(Answers([answer], [], time.perf_counter() - started, 0))
        finally:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()

    def _fold(self, limit: int) -> dict[str, int]:
        from loancs.store.backends import pg
        from loancs.store.reports import rollup_step

        if self._conn is None or self._conn.is_closed():
            self._conn = pg.connect(self._path, "NORMAL", migrate=False, role="rollup")
        conn = self._conn
        conn.execute("BEGIN")  # a connection the database dropped is replaced here
        try:
            folded = rollup_step(conn, limit)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
            raise
        return {"seq": 0, "folded": folded}

    def _clean_pending(self) -> None:
        """Move the GIN indexes' pending entries into the indexes (the search trigrams;
        every customer message changes its conversation's excerpt), here after a fold.
        Otherwise the writer whose insert finds the pending list full (4 MB, ~10,000
        messages) moves all of it inside its batch: ~60-80 ms of CPU (+ the writes) that
        every message behind that batch waited for, on any server of the database. An
        insert meanwhile does not wait for this (it leaves the list to whoever cleans it),
        and the list stays small. Searches read the pending entries too: the same results
        either way. Where the database user does not own the indexes, the writers keep
        doing it as before (said once)."""
        if not self._clean:
            return
        try:
            self._conn.execute(CLEAN_PENDING)
        except Exception as exc:  # the fold is committed all the same; the next one retries
            if getattr(exc, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:  # not the owner
                self._clean = False
                log.warning("the writers clean the search indexes' pending entries: %s", exc)
            else:
                log.warning("cleaning the search indexes' pending entries failed: %s", exc)


class SqliteFolder(Folder):
    """SQLite: the report roll-up beside the writer's batches too, as far as SQLite allows.
    In a batch, a fold of the ~500 events of half a second at 1,000 msg/s cost ~5 ms plus
    ~8 µs an event of the writer's time (its reads, JSON and Python), and every message
    arriving meanwhile waited for it. Here a thread of the child computes the fold on its
    own connection from a read snapshot (WAL: readers never wait for the writer, nor it
    for them), then writes the result, a few upserts, between two of the writer's batches
    (``writing``, held by the writer around each batch) in a transaction that first checks
    the watermark is still where the fold started (another process, ``loancs report``,
    may have folded meanwhile: the fold is then computed again). The fold's COMMIT does
    not sync: the WAL's next fdatasync (WalSyncer's) covers it, and a fold lost in a crash
    is folded again from the log (aggregates and watermark commit together). The Python
    still shares the child's interpreter with the writer's thread: the writer waits at
    most the switch interval (1 ms) for it at a time, never for a whole fold.

    That write goes through the writer's own connection (``writer``; idle then, as the
    lock says): a commit of another connection would make the writer forget the senders it
    knows (apply/conversations.py's SenderCache, which reads ``PRAGMA data_version``) at
    every fold, and the fold writes only report tables."""

    RETRIES = 3
    # Events a fold takes at least (the server asks for 500 at a time, a size meant for folds
    # inside the writer's batches): a fold's fixed costs (its reads of the agents and of the
    # conversations' report rows, a write transaction and the WAL pages it dirties) are
    # shared by more events. Folding more than asked is the same fold, done sooner.
    STEP = 5_000

    def __init__(self, path: str, syncer: WalSyncer, writer: sqlite3.Connection | None = None):
        self.writing = threading.Lock()
        self._writer = writer  # the writer's connection, used under ``writing`` only
        super().__init__(path, syncer)

    def _fold(self, limit: int) -> dict[str, int]:
        from loancs.store.reports import fold_plan, watermark

        if self._conn is None:
            self._conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=5000")
        conn = self._conn
        for _ in range(self.RETRIES):
            conn.execute("BEGIN")  # one snapshot for every read of the fold
            try:
                plan = fold_plan(conn, max(limit, self.STEP))
            finally:
                conn.execute("COMMIT")
            if plan is None:
                return {"seq": 0, "folded": 0}
            with self.writing:
                out = self._writer if self._writer is not None else conn
                out.execute("BEGIN IMMEDIATE")
                try:
                    if watermark(out) != plan.start:  # folded meanwhile elsewhere: again
                        out.execute("ROLLBACK")
                        continue
                    plan.write(out)
                    out.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        out.execute("ROLLBACK")
                    raise
            return {"seq": 0, "folded": plan.folded}
        return {"seq": 0, "folded": 0}

    def _clean_pending(self) -> None:
        pass  # no GIN indexes here


def _encode_answers(
    encoder: msgspec.msgpack.Encoder,
    answers: list[Answer],
    events: list,
    seconds: float,
    frames: int = 1,
    backend: int | None = None,
) -> bytes:
    try:
        return encoder.encode(Answers(answers, events, seconds, frames, backend))
    except (TypeError, ValueError, OverflowError):
        pass
    # A result that msgpack cannot carry (a programming error): that command's answer says
    # so; the others, and the events, still reach the server.
    safe = []
    for answer in answers:
        try:
            encoder.encode(answer)
            safe.append(answer)
        except (TypeError, ValueError, OverflowError) as exc:
            log.error("the result of a command cannot be sent back: %s", exc)
            error = CommandError(f"committed, but its result could not be sent back: {exc}")
            safe.append(Answer(answer.token, False, failure=failure_of(error)))
    return encoder.encode(Answers(safe, events, seconds, frames, backend))


class ProcessWriter:
    def __init__(
        self,
        path: str,
        on_commit: Callable[[list[StoredEvent]], None] | None = None,
        synchronous: str = "FULL",
        master_key: bytes | None = None,
    ):
        self.master_key = master_key
        self.path = path
        self.on_commit = on_commit
        self.synchronous = synchronous
        self._loop: asyncio.AbstractEventLoop | None = None
        self._targets: dict[int, Any] = {}
        self._ids = itertools.count(1)
        self._outgoing: list[tuple[int, Command]] = []
        self._encoder = msgspec.msgpack.Encoder()
        self._flush_scheduled = False
        self._in_pipe = 0  # messages sent to the child that no answer has covered yet
        self._sent = 0  # messages sent to this child (its idle notice counts those it read)
        self._idle = False  # the child said it has read them all and waits: send past the depth
        self.notices = 0  # such notices received (they answer nothing and publish nothing)
        # The facts the child sent last, by conversation (_unfold): a new child's are new.
        self._facts: dict[int, ConvMeta] = {}
        self._depth = PIPE_DEPTH_POSTGRES if is_postgres(path) else PIPE_DEPTH
        # The pipe to and from the child, read and written by the event loop itself (no
        # reader thread: no thread hop, no wake-up through the loop's self-pipe, no fight for
        # the interpreter lock per answer). What the pipe would not take yet waits in
        # ``_unsent``; what came back short of a whole message waits in ``_unread``.
        self._unsent = bytearray()
        self._unread = bytearray()
        self._eof: asyncio.Future[None] | None = None  # the child's answers ended
        self._proc: subprocess.Popen | None = None
        self.batches = 0
        self.ops = 0
        # Metrics: (ops in the batch, seconds to apply and commit it), on the event loop.
        self.on_batch: Callable[[int, float], None] | None = None
        # The server's direct writes (app._direct): (the function their callbacks are
        # partials of, what answers a batch of them at once). A batch of new customer
        # messages hands those partials' arguments with their events to the second, in one
        # call (_deliver), instead of calling each partial.
        self.direct: tuple[Callable[..., Any], Callable[[list], None]] | None = None
        # Storage state for /healthz: "ok", "restarting" (the child died; a new one is on
        # its way) or "stopped"; ``storage_error`` is the last failed commit's reason until
        # a commit succeeds again (a full disk, an I/O error).
        self.state = "starting"
        self.storage_error: str | None = None
        self.restarts = 0
        self.backend_pid: int | None = None  # see StoreWriter
        self._generation = 0
        self._closing = False
        self._restart_task: asyncio.Task | None = None
        self._started_at = 0.0
        self._backoff = RESTART_BACKOFF[0]

    @property
    def pending(self) -> int:
        return len(self._targets)

    # -------------------------------------------------------------- lifecycle

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._attach(*self._spawn())

    def _spawn(self) -> tuple[subprocess.Popen, Connection, Connection]:
        """Start a child and wait until it has opened the database (blocking)."""
        env = dict(os.environ)
        if self.master_key is not None:
            # To seal personal fields; the environment of a process is readable only by
            # its own user (who can read the key file anyway).
            env[CHILD_KEY_ENV] = self.master_key.hex()
        where = self.path
        if is_postgres(where):  # a URL may carry a password: not on a command line (ps)
            env[CHILD_DB_ENV], where = where, "-"
        # Its own process group: a signal to the server's group (`timeout`, Ctrl-C, kill of
        # the group) is the server's to handle, and would otherwise kill the child while it
        # is still importing, before it ignores such signals (main): the server then failed
        # to start on a busy machine ("exit status -15"). It exits when the pipe closes.
        proc = subprocess.Popen(
            [sys.executable, "-m", "loancs.store.writer_process", where, self.synchronous],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
            env=env,
            process_group=0,
        )
        # multiprocessing's Connection frames the bytes (length-prefixed) over the pipes.
        assert proc.stdin is not None and proc.stdout is not None
        for pipe in (proc.stdin, proc.stdout):
            _widen(pipe.fileno())
        send = Connection(os.dup(proc.stdin.fileno()), readable=False)
        recv = Connection(os.dup(proc.stdout.fileno()), writable=False)
        proc.stdin.close()
        proc.stdout.close()
        try:
            ready = msgspec.msgpack.decode(recv.recv_bytes(), type=Ready)
        except (EOFError, msgspec.DecodeError):
            ready = Ready(False, f"exit status {proc.wait()}")
        detail = ready.detail
        if not ready.ok:
            send.close()
            recv.close()
            raise StorageError(f"the writer process could not open {shown(self.path)}: {detail}")
        self.backend_pid = ready.backend
        return proc, send, recv

    def _attach(self, proc: subprocess.Popen, send: Connection, recv: Connection) -> None:
        """Use this child from now on (called on a worker thread by ``start``, on the loop
        after a restart: the pipe's reader is registered on the loop either way)."""
        assert self._loop is not None
        os.set_blocking(send.fileno(), False)
        os.set_blocking(recv.fileno(), False)
        self._proc, self._send, self._recv = proc, send, recv
        self._in_pipe = self._sent = 0
        self._idle = False
        self._unsent = bytearray()
        self._unread = bytearray()
        self._facts = {}
        self._generation += 1
        self._started_at = time.monotonic()
        self._eof = None
        self.state = "ok"
        self._loop.call_soon_threadsafe(self._watch, recv, self._generation)

    async def close(self) -> None:
        """Everything submitted is committed and answered, then the child exits."""
        import asyncio

        self._closing = True
        if self._restart_task is not None:
            self._restart_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._restart_task
        if self.state == "ok":
            self._flush(force=True)
            with contextlib.suppress(OSError):  # a child that died already: nothing to tell it
                self._write(_STOP)
        loop = asyncio.get_running_loop()
        proc = self._proc
        assert proc is not None, "writer not started"
        try:
            await loop.run_in_executor(None, proc.wait, 30)
        except subprocess.TimeoutExpired:
            proc.kill()
        if self._eof is None:
            self._eof = loop.create_future()
        with contextlib.suppress(TimeoutError):  # the last answers, up to the pipe's end
            await asyncio.wait_for(asyncio.shield(self._eof), 5)
        self._unwatch(self._recv)
        with contextlib.suppress(OSError):
            self._send.close()
        self.state = "stopped"
        self._fail_all(StorageError("the writer stopped; nothing more stored"))

    # -------------------------------------------------------------- a child that died

    def _child_died(self, generation: int) -> None:
        """On the loop: the child's pipe closed. What it held unanswered fails (the sender
        was not acknowledged and may resend; ingest is idempotent), then a new child."""
        if generation != self._generation or self._closing:
            self._fail_all(StorageError("the writer process stopped; nothing more stored"))
            return
        code = self._proc.poll() if self._proc else None
        log.error("the writer process died (exit %s); restarting it", code)
        self.state = "restarting"
        self._outgoing = []  # never sent: they fail with the rest, and must not run later
        self._fail_all(StorageError("the writer process died; nothing stored, resend"))
        # A child that dies right after starting is not restarted in a tight loop.
        if time.monotonic() - self._started_at < 10:
            self._backoff = min(self._backoff * 2, RESTART_BACKOFF[1])
        else:
            self._backoff = RESTART_BACKOFF[0]
        assert self._loop is not None
        self._restart_task = self._loop.create_task(self._restart())

    async def _restart(self) -> None:
        import asyncio

        while not self._closing:
            await asyncio.sleep(self._backoff)
            if self._proc is not None:
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(self._proc.wait, 5)
            try:
                spawned = await asyncio.to_thread(self._spawn)
            except Exception as exc:
                log.error("the writer process could not restart: %s", exc)
                self.storage_error = str(exc)
                self._backoff = min(self._backoff * 2, RESTART_BACKOFF[1])
                continue
            if self._closing:
                proc, send, _recv = spawned
                send.send_bytes(_STOP)
                await asyncio.to_thread(proc.wait, 10)
                return
            with contextlib.suppress(OSError):
                self._send.close()
            self._attach(*spawned)
            self.restarts += 1
            log.warning("the writer process is back (restart %d)", self.restarts)
            return

    # -------------------------------------------------------------- submitting

    def submit(self, command: Command) -> asyncio.Future[Any]:
        assert self._loop is not None, "writer not started"
        future = self._loop.create_future()
        self._queue(command, future)
        return future

    def _queue(self, command: Command, target: Any) -> None:
        assert self._loop is not None, "writer not started"
        if self.state != "ok":
            # No child to take it: refuse now (the sender resends) instead of holding it.
            self._loop.call_soon(
                self._fail_one, target, StorageError("the writer is restarting; nothing stored")
            )
            return
        if command.__class__ is IngestMessage:
            # Whether the body holds anything to mask is found here, in the server's
            # process, not in the writer's (its largest, with a core each: ~1 µs of a
            # message there). Set whatever the command held: only this says it is plain.
            command.plain = mask_text(command.body) is command.body
            # Its masked form (the same reasoning): a customer writes many messages, so the
            # identities masked lately are kept (mask_identity is pure: the same output; a
            # phone number's is ~18k instructions, a lookup ~0.3k).
            identity = command.identity
            value = identity.value
            known = _DISPLAYS.get(value)
            if known is not None and known[0] == identity.kind:
                command.display = known[1]
            else:
                if len(_DISPLAYS) >= _DISPLAYS_KEPT:
                    _DISPLAYS.clear()
                kind = identity.kind
                command.display = display = mask_identity(kind, value)
                _DISPLAYS[value] = (kind, display)
        # Encoded with the rest of its batch by _flush (one encode, no Raw of its own); one
        # that cannot be encoded fails alone there, in the next turn of the loop.
        token = next(self._ids)
        self._targets[token] = target
        self._outgoing.append((token, command))
        if not self._flush_scheduled:
            # Everything submitted during this turn of the loop goes in one pipe write.
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    # submit_with is _queue itself (a customer message's hot path: one Python call less)
    submit_with = _queue

    def _flush(self, force: bool = False) -> None:
        self._flush_scheduled = False
        if not self._outgoing or self.state != "ok":
            return
        if (
            self._in_pipe >= self._depth
            and not force
            and (not self._idle or len(self._outgoing) < IDLE_BATCH)
        ):
            return  # the child is busy and has the next batch waiting: _deliver sends this
        batch, self._outgoing = self._outgoing, []
        try:
            # (the child reads each command as msgspec.Raw: the same bytes either way)
            message = self._encoder.encode(batch)
        except Exception:
            kept = self._encode_each(batch)
            if kept is None:
                return
            message = kept
        self._in_pipe += 1
        self._sent += 1
        self._idle = False
        try:
            self._write(message)
        except Exception as exc:
            # Whatever went wrong (a closed pipe, a half-written message), nothing waits for
            # an answer that may never come: every command still waiting fails now.
            log.error("sending %d commands to the writer process failed: %s", len(batch), exc)
            self._fail_all(
                StorageError(f"the writer process did not get it, nothing stored: {exc}")
            )

    def _encode_each(self, batch: list[tuple[int, Command]]) -> bytes | None:
        """The batch without the commands that cannot be encoded (each fails alone, as a
        CommandError), encoded; None when none is left."""
        assert self._loop is not None
        kept: list[tuple[int, msgspec.Raw]] = []
        for token, command in batch:
            try:
                kept.append((token, msgspec.Raw(self._encoder.encode(command))))
            except Exception as exc:
                error = CommandError(
                    f"{type(command).__name__} cannot be sent to the writer process: {exc}"
                )
                target = self._targets.pop(token, None)
                if target is not None:
                    self._loop.call_soon(self._fail_one, target, error)
        return self._encoder.encode(kept) if kept else None

    # -------------------------------------------------------------- answers

    def _write(self, message: bytes) -> None:
        """Send one message (multiprocessing's framing: a 4-byte big-endian length, or -1
        and 8 bytes for 2 GiB and more), as much as the pipe takes now; the rest is written
        when the pipe has room (the loop never blocks on a child busy writing its answers to
        us, which would be a deadlock now that the loop reads them). Raises OSError when
        the pipe is broken."""
        n = len(message)
        head = _HEAD(n) if n <= 0x7FFFFFFF else _HEAD_LONG(-1, n)
        if self._unsent:
            self._unsent += head
            self._unsent += message
            return
        fd = self._send.fileno()
        try:
            written = os.writev(fd, (head, message))
        except BlockingIOError:
            written = 0
        if written < len(head) + n:
            self._unsent = bytearray(head + message)[written:]
            assert self._loop is not None
            self._loop.add_writer(fd, self._writable, self._send, self._generation)

    def _writable(self, send: Connection, generation: int) -> None:
        """On the loop: the pipe to the child has room for more of ``_unsent``."""
        if generation != self._generation or send.closed:
            with contextlib.suppress(Exception):
                assert self._loop is not None
                self._loop.remove_writer(send.fileno())
            return
        fd = send.fileno()
        try:
            written = os.write(fd, self._unsent)
        except BlockingIOError:
            return
        except OSError as exc:
            assert self._loop is not None
            self._loop.remove_writer(fd)
            self._unsent = bytearray()
            log.error("sending to the writer process failed: %s", exc)
            self._fail_all(
                StorageError(f"the writer process did not get it, nothing stored: {exc}")
            )
            return
        del self._unsent[:written]
        if not self._unsent:
            assert self._loop is not None
            self._loop.remove_writer(fd)

    def _watch(self, recv: Connection, generation: int) -> None:
        """On the loop: read the child's answers as they come (``_readable``)."""
        if generation != self._generation or recv.closed:
            return
        assert self._loop is not None
        if self._eof is None:
            self._eof = self._loop.create_future()
        self._loop.add_reader(recv.fileno(), self._readable, recv, generation)

    def _unwatch(self, recv: Connection) -> None:
        with contextlib.suppress(Exception):
            if not recv.closed:
                assert self._loop is not None
                self._loop.remove_reader(recv.fileno())
                self._loop.remove_writer(self._send.fileno())
        with contextlib.suppress(OSError):
            recv.close()
        if self._eof is not None and not self._eof.done():
            self._eof.set_result(None)

    def _readable(self, recv: Connection, generation: int) -> None:
        """On the loop: read what the child wrote, deliver every whole answer in it."""
        try:
            data = os.read(recv.fileno(), _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the child closed its end: it exited (or died)
            self._unwatch(recv)
            self._child_died(generation)
            return
        unread = self._unread
        if unread:
            unread += data
            buffer: bytes | bytearray = unread
        else:
            buffer = data
        answers: list[Answers] = []
        freed: list[bool] = []  # whose place in the pipe was given back before its decode
        pos, size = 0, len(buffer)
        try:
            with memoryview(buffer) as view:
                while size - pos >= 4:
                    (n,) = _LENGTH(buffer, pos)
                    head = 4
                    if n == -1:
                        if size - pos < 12:
                            break
                        (n,) = _LENGTH_LONG(buffer, pos + 4)
                        head = 12
                    if size - pos - head < n:
                        break
                    start, end = pos + head, pos + head + n  # (no slice kept: _unread shrinks)
                    early = False
                    if (
                        EARLY_FLUSH
                        and self._outgoing
                        and not self._flush_scheduled
                        and generation == self._generation
                    ):
                        # The server holds a batch behind the depth: the child has it as soon
                        # as this answer's place is known, not after the answers' decode.
                        frames = _answers_head.decode(view[start:end]).frames
                        if frames > 0:
                            early = True
                            self._in_pipe = max(0, self._in_pipe - frames)
                            self._flush()
                    decoded = _answers.decode(view[start:end])
                    if generation == self._generation:
                        self._unfold(decoded.events)
                    answers.append(decoded)
                    freed.append(early)
                    pos += head + n
        except (msgspec.DecodeError, KeyError) as exc:
            # The pipe no longer carries what the child should say (or facts "as sent" for a
            # conversation whose facts never came: the two ends disagree): start afresh.
            log.error("unreadable answer from the writer process: %s", exc)
            if self._proc is not None:
                with contextlib.suppress(OSError):
                    self._proc.kill()
            self._unwatch(recv)
            self._child_died(generation)
            return
        if unread:
            del unread[:pos]
        elif pos < size:
            self._unread = bytearray(data[pos:])
        for batch, early in zip(answers, freed, strict=True):
            if generation != self._generation:
                return
            try:
                self._deliver(batch, early)
            except Exception:
                log.exception("delivering the writer's answers failed")

    def _unfold(self, events: list[PipedEvent]) -> None:
        """Each event's facts as the child made them: ``AS_SENT`` is replaced by the facts
        last received for its conversation, and facts received are remembered (the child's
        ``_typed`` counts the same ones, in the same order; KeyError: the ends disagree)."""
        facts, held_form = self._facts, ConvMeta.of
        for event in events:
            meta = event.meta
            if meta is not None:
                if meta.__class__ is int:
                    event.meta = facts[event.conversation]  # type: ignore[index]
                elif event.conversation is not None and meta.__class__ is ConvMeta:
                    conversation = event.conversation
                    if len(facts) >= FACTS_KEPT and conversation not in facts:
                        facts.clear()
                    # As the hub holds facts (interned): it holds this very object, and
                    # keeps it for the events that come back "as sent" without comparing.
                    facts[conversation] = event.meta = held_form(meta)

    def _deliver(self, batch: Answers, freed: bool = False) -> None:
        """``freed``: its place in the pipe was given back already (``_readable``)."""
        if batch.frames < 0:  # the child read -frames messages and waits (module docstring)
            self.notices += 1
            if -batch.frames >= self._sent:  # (else one sent since is on its way to it)
                self._idle = True
                if len(self._outgoing) >= IDLE_BATCH and not self._flush_scheduled:
                    self._flush()
            return
        if not freed:
            self._in_pipe = max(0, self._in_pipe - batch.frames)
        if self._outgoing and not self._flush_scheduled:
            self._flush()  # what piled up meanwhile goes as one message
        answers = batch.answers
        acked = [e for e in batch.events if e.token is not None]  # (new customer messages)
        ops = len(answers) + len(acked)
        self.ops += ops
        if batch.frames:  # (0: a report fold's answer, beside the batches: see Folder)
            self.backend_pid = batch.backend
            self.batches += 1
            if self.on_batch is not None:
                self.on_batch(ops, batch.seconds)
        targets = self._targets
        if acked and not answers:  # (a batch of new customer messages: most of them)
            # As ``deliver`` does (the events published first, then each sender answered),
            # without a list of (target, ok, value) tuples to build and read back. The hot
            # path's callback (a partial: app._direct_done) reads the ack's fields from the
            # event itself (``Done``); a future or another callback gets an IngestAck.
            self.storage_error = None
            on_commit = self.on_commit
            if on_commit is not None:
                try:
                    on_commit(batch.events)
                except Exception:
                    log.exception("on_commit failed")
            pop = targets.pop
            direct = self.direct
            func, at_once = direct if direct is not None else (None, None)
            grouped: list[tuple[tuple[Any, ...], StoredEvent]] = []
            for e in acked:
                target = pop(e.token, None)  # type: ignore[arg-type]  # (acked: not None)
                try:
                    if target.__class__ is partial:
                        if target.func is func:
                            grouped.append((target.args, e))
                            continue
                        target(True, e)
                    elif target is not None:
                        ack = IngestAck(
                            e.seq, e.conversation, e.message, False, e.opened, e.customer
                        )
                        if callable(target):  # (not a future: a future is not callable)
                            target(True, ack)
                        elif not target.done():
                            target.set_result(ack)
                except Exception:
                    log.exception("commit callback failed")
            if grouped:
                try:
                    at_once(grouped)  # type: ignore[misc]  # (grouped: direct is set)
                except Exception:
                    log.exception("commit callback failed")
            return
        items: list[tuple[Any, Any]] = [(a.token, a) for a in answers]
        if acked:  # both: in the order the commands were sent (by token), as before
            items += [(e.token, e) for e in acked]
            items.sort(key=_first)
        answered: list[tuple[Any, bool, Any]] = []
        for token, item in items:
            target = targets.pop(token, None)
            if target is None:
                continue
            if item.__class__ is Answer:
                answered.append((target, item.ok, _value_of(item)))
            else:
                answered.append((target, True, _ack_of(item)))
        failed = next(
            (a.failure for a in answers if a.failure and a.failure.kind == "storage"), None
        )
        if failed is not None:
            self.storage_error = failed.message
        elif acked or any(a.ok for a in answers):
            self.storage_error = None
        deliver(self.on_commit, answered, batch.events)

    @staticmethod
    def _fail_one(target: Any, exc: Exception) -> None:
        from asyncio import Future

        if not isinstance(target, Future):
            target(False, exc)
        elif not target.done():
            target.set_exception(exc)

    def _fail_all(self, exc: Exception) -> None:
        targets, self._targets = self._targets, {}
        for target in targets.values():
            self._fail_one(target, exc)


# sqlite3_config's option: whether SQLite counts every allocation it makes (sqlite3.h)
_SQLITE_CONFIG_MEMSTATUS = 9


def sqlite_without_memory_stats() -> bool:
    """The child's SQLite (the library Python's sqlite3 module calls, process-wide) stops
    keeping its memory statistics: it counted every allocation and free under a global mutex,
    and nothing in the child reads them (no ``sqlite3_memory_used``, no soft heap limit).
    ``sqlite3_config`` is allowed only while SQLite is not initialized, and importing sqlite3
    initializes it: so shut down (the child has opened no connection yet), configure,
    initialize again. Linux only (the option is a variadic C argument, which ctypes passes as
    an int there); anything unexpected leaves SQLite as it was. Returns whether the
    statistics are off. (Cachegrind of the child on a captured load test's agents phase:
    ~1.6% fewer instructions a customer message.)"""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import _sqlite3
        import ctypes

        lib = ctypes.CDLL(_sqlite3.__file__)  # (its own libsqlite3, through its handle)
        shutdown, config, initialize = (
            lib.sqlite3_shutdown,
            lib.sqlite3_config,
            lib.sqlite3_initialize,
        )
    except (ImportError, OSError, AttributeError):
        return False
    if shutdown() != sqlite3.SQLITE_OK:
        return False
    done = config(_SQLITE_CONFIG_MEMSTATUS, 0) == sqlite3.SQLITE_OK
    if initialize() != sqlite3.SQLITE_OK:  # (opening a connection would try again)
        log.warning("SQLite did not initialize again after its configuration")
    return done


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(asctime)s writer: %(message)s"
    )
    # The child runs in a process group of its own (ProcessWriter._spawn), so a signal to the
    # server's group (Ctrl-C, `timeout`) does not reach it; one sent to it directly is ignored
    # too: the server stops it in order (it commits what it holds, then exits on the pipe
    # closing).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    path, synchronous = sys.argv[1], sys.argv[2]
    if path == "-":
        path = os.environ.pop(CHILD_DB_ENV)
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    # Nothing else may write to the pipe the server reads.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sealer = None
    key = os.environ.pop(CHILD_KEY_ENV, None)
    if key:
        from loancs.store.privacy import Sealer

        sealer = Sealer(bytes.fromhex(key))
    from loancs.lifecycle import tune_gc_for_serving

    tune_gc_for_serving()
    sqlite_without_memory_stats()  # (before the child opens its first connection)
    _child_main(path, synchronous, inbox, outbox, sealer)


if __name__ == "__main__":
    main()
