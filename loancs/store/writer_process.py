"""The group-commit writer in its own process.

Same contract as ``Writer`` (submit, submit_with, close, an ack only after commit), but the
SQL and the event hashing run in a child process, so they no longer compete with the
websocket loop for the interpreter lock: on two cores the server then does both at once.

Ops cross the pipe as ``OpCall`` descriptions (factory name + arguments); results and the
committed events come back in one message per batch. If the server process dies, the
child sees the pipe close, finishes the batch in hand and exits.

The child is a plain ``python -m loancs.store.writer_process`` (not multiprocessing, whose
spawn and forkserver modes re-run the parent's ``__main__``); it speaks pickled messages
over its stdin and stdout, and logs to stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from loancs.store.writer import (
    MAX_BATCH,
    OpError,
    StorageError,
    StoredEvent,
    commit_batch,
    connect_writer,
    deliver,
)

log = logging.getLogger("loancs.store")


def _clock() -> int:
    return int(time.time() * 1000)


def _child_main(path: str, synchronous: str, inbox: Connection, outbox: Connection) -> None:
    try:
        conn = connect_writer(path, synchronous)
    except Exception as exc:  # reported to the parent's start()
        outbox.send(("error", repr(exc)))
        return
    outbox.send(("ready", None))
    stopping = False
    while not stopping:
        try:
            batch = inbox.recv()
        except (EOFError, OSError):
            break  # the server is gone
        if batch is None:
            break
        while len(batch) < MAX_BATCH and inbox.poll():
            more = inbox.recv()
            if more is None:
                stopping = True
                break
            batch.extend(more)
        started = time.perf_counter()
        results, events = commit_batch(conn, _clock, batch)
        seconds = time.perf_counter() - started
        safe = [(token, ok, value if ok else _portable(value)) for token, ok, value in results]
        try:
            outbox.send(("batch", (safe, events, seconds)))
        except (BrokenPipeError, OSError):
            break
    conn.close()


def _portable(exc: BaseException) -> BaseException:
    """Exceptions the parent can unpickle and map to an error frame."""
    if isinstance(exc, OpError | StorageError):
        return exc
    return RuntimeError(repr(exc))


class ProcessWriter:
    def __init__(
        self,
        path: str,
        on_commit: Callable[[list[StoredEvent]], None] | None = None,
        synchronous: str = "FULL",
    ):
        self.path = path
        self.on_commit = on_commit
        self.synchronous = synchronous
        self._loop: asyncio.AbstractEventLoop | None = None
        self._targets: dict[int, Any] = {}
        self._ids = itertools.count(1)
        self._outgoing: list[tuple[Any, int]] = []
        self._flush_scheduled = False
        self._reader: threading.Thread | None = None
        self._proc: subprocess.Popen | None = None
        self.batches = 0
        self.ops = 0
        # Metrics: (ops in the batch, seconds to apply and commit it), on the event loop.
        self.on_batch: Callable[[int, float], None] | None = None

    @property
    def pending(self) -> int:
        return len(self._targets)

    # -------------------------------------------------------------- lifecycle

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "loancs.store.writer_process", self.path, self.synchronous],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        # multiprocessing's Connection gives length-prefixed pickled messages over the pipes.
        self._send = Connection(os.dup(self._proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self._proc.stdout.fileno()), writable=False)
        self._proc.stdin.close()
        self._proc.stdout.close()
        try:
            kind, detail = self._recv.recv()
        except EOFError:
            kind, detail = "error", f"exit status {self._proc.wait()}"
        if kind != "ready":
            raise StorageError(f"the writer process could not open {self.path}: {detail}")
        self._reader = threading.Thread(target=self._read, name="loancs-writer-reader", daemon=True)
        self._reader.start()

    async def close(self) -> None:
        """Everything submitted is committed and answered, then the child exits."""
        self._flush()
        with contextlib.suppress(OSError):  # a child that died already: nothing to tell it
            self._send.send(None)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._proc.wait, 30)
        await loop.run_in_executor(None, self._reader.join, 5)
        self._send.close()

    # -------------------------------------------------------------- submitting

    def submit(self, op: Any) -> asyncio.Future:
        assert self._loop is not None, "writer not started"
        future = self._loop.create_future()
        self._queue(op, future)
        return future

    def submit_with(self, op: Any, done: Callable[[bool, Any], None]) -> None:
        self._queue(op, done)

    def _queue(self, op: Any, target: Any) -> None:
        token = next(self._ids)
        self._targets[token] = target
        self._outgoing.append((op, token))
        if not self._flush_scheduled:
            # Everything submitted during this turn of the loop goes in one pipe write.
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if not self._outgoing:
            return
        batch, self._outgoing = self._outgoing, []
        try:
            self._send.send(batch)
        except (BrokenPipeError, OSError) as exc:
            self._fail_all(StorageError(f"the writer process is gone, nothing stored: {exc}"))

    # -------------------------------------------------------------- answers

    def _read(self) -> None:
        while True:
            try:
                kind, payload = self._recv.recv()
            except (EOFError, OSError):
                break
            if kind == "batch":
                try:
                    self._loop.call_soon_threadsafe(self._deliver, *payload)
                except RuntimeError:
                    break
        try:
            self._loop.call_soon_threadsafe(
                self._fail_all, StorageError("the writer process stopped; nothing more stored")
            )
        except RuntimeError:
            pass

    def _deliver(self, results: list, events: list[StoredEvent], seconds: float = 0.0) -> None:
        self.batches += 1
        self.ops += len(results)
        if self.on_batch is not None:
            self.on_batch(len(results), seconds)
        targets = self._targets
        answered = [(targets.pop(t), ok, v) for t, ok, v in results if t in targets]
        deliver(self.on_commit, answered, events)

    def _fail_all(self, exc: Exception) -> None:
        targets, self._targets = self._targets, {}
        for target in targets.values():
            if not isinstance(target, asyncio.Future):
                target(False, exc)
            elif not target.done():
                target.set_exception(exc)


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(asctime)s writer: %(message)s"
    )
    # A signal to the server's process group (Ctrl-C, systemd, `timeout`) reaches this child
    # too; the server stops it in order (it commits what it holds, then exits on the pipe
    # closing), so the signal itself is ignored here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    path, synchronous = sys.argv[1], sys.argv[2]
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    # Nothing else may write to the pipe the server reads.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    _child_main(path, synchronous, inbox, outbox)


if __name__ == "__main__":
    main()
