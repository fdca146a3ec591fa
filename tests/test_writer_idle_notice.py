"""The writer child says when it waits for work while its answers wait for their fdatasync
(issue 18: with one batch syncing and the next committed, the pipe's depth held the server's
next batch back and the child sat out the sync). The server then sends what it holds past the
depth; a notice that an earlier message has overtaken changes nothing; the answers (the acks)
still leave only after the sync that covers their commit."""

from __future__ import annotations

import asyncio
import threading
from multiprocessing import Pipe
from pathlib import Path
from typing import Any

import msgspec

from loancs.store import writer_process
from loancs.store.commands import AnyCommand
from loancs.store.db import Store
from loancs.store.writer import connect_writer
from loancs.store.writer_process import (
    IDLE_BATCH,
    Answers,
    Batch,
    PipedAnswers,
    ProcessWriter,
    WalSyncer,
    _serve,
)
from tests.test_writer_gather import ingest, prepared


class HeldSync(WalSyncer):
    """A syncer whose fdatasync waits until the test lets it return."""

    def __init__(self, *args: Any) -> None:
        self.release = threading.Event()
        self.entered = threading.Event()
        super().__init__(*args)

    def _sync(self) -> None:
        self.entered.set()
        assert self.release.wait(10)


def test_the_child_says_it_waits_while_its_answers_wait_for_the_sync(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(writer_process, "IDLE_NOTICE", True)  # (the default; as in the child)
    conn, sealer = prepared(tmp_path, "idle.db")
    conn.close()
    path = str(tmp_path / "idle.db")
    conn = connect_writer(path, "NORMAL")
    to_child, from_server = Pipe(duplex=False)[::-1]  # (server writes, child reads)
    from_child, to_server = Pipe(duplex=False)
    encoder = msgspec.msgpack.Encoder()
    syncer = HeldSync(to_server, encoder, path + "-wal")
    serving = threading.Thread(
        target=_serve,
        args=(
            from_server,
            conn,
            sealer,
            msgspec.msgpack.Decoder(Batch | None),
            msgspec.msgpack.Decoder(AnyCommand),
            syncer,
        ),
        daemon=True,
    )
    serving.start()
    answers = msgspec.msgpack.Decoder(PipedAnswers)
    try:
        to_child.send_bytes(encoder.encode([(1, ingest("I", "i1", "你好"))]))
        assert syncer.entered.wait(10)  # committed; its sync is held
        assert from_child.poll(10), "the child said nothing while its answers wait for the sync"
        notice = answers.decode(from_child.recv_bytes())
        assert (notice.answers, notice.events, notice.frames) == ([], [], -1)
        assert not from_child.poll(0.2)  # one notice, and no answer before the sync
        syncer.release.set()
        assert from_child.poll(10)
        done = answers.decode(from_child.recv_bytes())
        assert done.frames == 1 and [e.token for e in done.events if e.token] == [1]
    finally:
        syncer.release.set()
        to_child.send_bytes(encoder.encode(None))
        serving.join(10)
        syncer.close()
        conn.close()
    assert not serving.is_alive()


def _writer(sent: list[bytes]) -> ProcessWriter:
    """A ProcessWriter as _flush and _deliver see it with a child attached (its pipe: ``sent``)."""
    writer = ProcessWriter("unused.db")
    writer._loop = asyncio.new_event_loop()
    writer.state = "ok"
    writer._write = sent.append  # type: ignore[method-assign]
    return writer


def test_an_idle_notice_lets_what_the_server_holds_go_past_the_depth() -> None:
    sent: list[bytes] = []
    writer = _writer(sent)
    try:
        for n in range(2):  # two batches: the depth
            writer._outgoing.append((n, ingest("I", f"d{n}", "你好")))
            writer._flush()
        held = [(n, ingest("I", f"d{n}", "你好")) for n in range(2, 2 + IDLE_BATCH)]
        writer._outgoing += held[:-1]
        writer._flush()
        assert len(sent) == 2  # held: the pipe is full
        writer._deliver(Answers([], [], 0.0, -2))  # the child read both and waits
        assert len(sent) == 2  # fewer than IDLE_BATCH: they wait for the answers
        writer._outgoing.append(held[-1])
        writer._flush()
        assert len(sent) == 3 and not writer._outgoing  # a batch's worth: past the depth
        writer._outgoing += [(n, ingest("I", f"e{n}", "你好")) for n in range(IDLE_BATCH)]
        writer._flush()
        assert len(sent) == 3  # the child has work again: the depth holds
    finally:
        writer._loop.close()  # type: ignore[union-attr]


def test_a_notice_overtaken_by_a_message_changes_nothing() -> None:
    sent: list[bytes] = []
    writer = _writer(sent)
    try:
        for n in range(2):
            writer._outgoing.append((n, ingest("I", f"s{n}", "你好")))
            writer._flush()
        writer._outgoing += [(n, ingest("I", f"s{n}", "你好")) for n in range(2, 2 + IDLE_BATCH)]
        writer._deliver(Answers([], [], 0.0, -1))  # said before it read the second
        assert len(sent) == 2 and writer._outgoing
        assert writer._in_pipe == 2  # (a notice answers nothing)
    finally:
        writer._loop.close()  # type: ignore[union-attr]


async def test_every_message_is_acked_and_stored_with_the_sync_in_a_thread(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "full.db", "FULL", writer="process")
    await store.open()
    try:
        acks = []
        for wave in range(6):  # waves: the child waits between them while answers sync
            acks += await asyncio.gather(
                *(store.apply(ingest(f"W{n % 7}", f"w{wave}-{n}", "你好")) for n in range(50))
            )
        assert len({a.message for a in acks}) == 300
    finally:
        await store.close()
    import sqlite3

    db = sqlite3.connect(tmp_path / "full.db")
    try:
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 300
    finally:
        db.close()


async def test_notices_are_on_and_publish_nothing(tmp_path: Path) -> None:
    """On by default (session 41): a real child sends them while its answers sync, and they
    reach no listener (no event, no seq: nothing a console's summary could move on) and no
    batch count; every event published is a committed one, once, in order."""
    store = Store(tmp_path / "on.db", "FULL", writer="process")
    await store.open()
    published: list[list[int]] = []
    store.on_commit(lambda events: published.append([e.seq for e in events]))
    try:
        writer = store.writer
        assert isinstance(writer, ProcessWriter)
        acks = []
        for n in range(40):  # one at a time: the child waits out each sync
            acks.append(await store.apply(ingest(f"N{n % 5}", f"n{n}", "你好")))
        for wave in range(3):
            acks += await asyncio.gather(
                *(store.apply(ingest(f"M{n % 7}", f"m{wave}-{n}", "在吗")) for n in range(60))
            )
        assert writer.notices > 0
        assert all(published) and len(published) == writer.batches
        seqs = [s for events in published for s in events]
        assert seqs == sorted(set(seqs))
        assert {a.seq for a in acks} <= set(seqs)
    finally:
        await store.close()
