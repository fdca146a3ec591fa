"""The writer's side of the pending-activity overlay (issue 18, migration 0037): a batch's
customer messages leave their conversations' new time, excerpt and unread count in
``activity_pending`` (the conversations' rows and their two order indexes untouched); every
command that sets those columns itself folds its conversation first; the writer folds
everything about once a second and at start; an erasure erases the pending excerpt; a
writer killed with -9 loses nothing it acknowledged (the pending rows commit with their
batch)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from loancs.store import commands as c
from loancs.store import search
from loancs.store.db import Store, connect_sync
from loancs.store.writer import commit_batch
from tests.test_security_storage import writer_child
from tests.test_writer_gather import BATCH, SETUP, ingest, prepared, reply

NOW = 1_790_000_000_000
ROW = "c.id, c.status, c.unread, c.last_message_at, c.last_excerpt"
ACTIVITY = "SELECT c.id, c.unread, c.last_message_at, c.last_excerpt FROM conversations c"
# The same columns as every read sees them: the pending activity merged (store/search.py).
MERGED = (
    f"SELECT c.id, c.status, {search.UNREAD}, {search.LAST_MESSAGE_AT}, {search.LAST_EXCERPT}"
    f" FROM conversations c {search.PENDING_JOIN} ORDER BY c.id"
)


def _batches() -> list[list[c.Command]]:
    """Batches of customers' messages with agents' commands among them: replies (which set
    the time, the excerpt and the unread count in the row), read marks (the count), status
    changes, priorities, and messages into conversations whose activity is still pending."""
    return [
        SETUP,
        BATCH,
        [ingest("A", "x1", "还在吗"), ingest("D", "x2", "hello again")],
        [c.MarkRead(conversation=1, agent_id=1, actor="sup"), ingest("A", "x3", "在等")],
        [ingest("B", "x4", "one"), ingest("B", "x5", "two"), reply(2, "收到")],
        [ingest("B", "x6", "three"), ingest("C", "x7", "更多问题")],
        [c.SetPriority(conversation=3, priority=40, actor="sup"), ingest("C", "x8", "最后")],
        [reply(4, "好的"), c.MarkRead(conversation=4, agent_id=1, actor="sup")],
        [ingest("D", "x9", "after the reply"), ingest("E", "x10", "me too")],
    ]


def _commit(conn: sqlite3.Connection, sealer, clock: list[int], commands) -> None:
    clock[0] += 1000
    results, _ = commit_batch(
        conn, lambda: clock[0], [(cmd, i) for i, cmd in enumerate(commands)], sealer
    )
    assert all(ok or getattr(value, "code", None) for _, ok, value in results)


def test_every_batch_reads_as_if_its_activity_were_in_the_rows(tmp_path: Path, monkeypatch) -> None:
    """One database written with the overlay, one without (the table dropped: the writer
    then writes the rows, as before 0037), batch by batch with no fold between: after each,
    every conversation's status, unread count, last time and excerpt as reads see them are
    the same; the overlay's rows did not move; folded, the rows are the same too."""
    monkeypatch.setattr(search, "_next_fold_at", float("inf"))  # no fold in the batches
    pending, sealer1 = prepared(tmp_path, "pending.db")
    rows, sealer2 = prepared(tmp_path, "rows.db")
    rows.execute("DROP TABLE activity_pending")
    clocks = [[NOW], [NOW]]
    waited = 0
    for batch in _batches():
        _commit(pending, sealer1, clocks[0], batch)
        _commit(rows, sealer2, clocks[1], batch)
        assert (
            pending.execute(MERGED).fetchall()
            == rows.execute(f"SELECT {ROW} FROM conversations c ORDER BY c.id").fetchall()
        )
        waited = max(waited, pending.execute("SELECT count(*) FROM activity_pending").fetchone()[0])
    assert waited >= 3  # (the overlay was used: activity waited in it)
    assert search.fold_pending(pending) > 0
    assert pending.execute("SELECT count(*) FROM activity_pending").fetchone() == (0,)
    same = f"SELECT {ROW} FROM conversations c ORDER BY c.id"
    assert pending.execute(same).fetchall() == rows.execute(same).fetchall()


def test_a_batch_of_messages_leaves_the_rows_and_their_indexes_alone(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(search, "_next_fold_at", float("inf"))
    conn, sealer = prepared(tmp_path, "alone.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    search.fold_pending(conn)
    before = conn.execute(ACTIVITY).fetchall()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    _commit(conn, sealer, clock, [ingest("A", f"y{i}", f"第{i}条") for i in range(20)])
    conn.set_trace_callback(None)
    assert not [s for s in statements if s.startswith("UPDATE conversations SET last_message_at")]
    assert conn.execute(ACTIVITY).fetchall() == before
    assert conn.execute(
        "SELECT conversation, unread, excerpt FROM activity_pending"
    ).fetchall() == [(1, 20, "第19条")]
    # Due (about once a second), the writer folds in its next batch.
    monkeypatch.setattr(search, "_next_fold_at", 0.0)
    _commit(conn, sealer, clock, [ingest("B", "y-b", "hi")])
    assert conn.execute("SELECT 1 FROM activity_pending WHERE conversation = 1").fetchall() == []
    assert conn.execute(
        "SELECT unread, last_excerpt FROM conversations WHERE id = 1"
    ).fetchone() == (
        20,
        "第19条",
    )


async def test_a_writer_killed_loses_nothing_acknowledged_and_folds_at_start(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kill.db"
    store = Store(db, "NORMAL", writer="process")
    await store.open()
    said: dict[str, tuple[int, str]] = {}
    try:
        for i in range(60):
            who = "ABCDE"[i % 5]
            body = f"第{i}条消息"
            answer = await store.apply(ingest(who, f"k{i}", body))
            said[who] = (answer["conversation"], body)
        child = writer_child(os.getpid())
        os.kill(child, signal.SIGKILL)
    finally:
        await store.close()
    conn = connect_sync(db)
    waiting = conn.execute("SELECT count(*) FROM activity_pending").fetchone()[0]
    merged = {row[0]: row for row in conn.execute(MERGED)}
    conn.close()
    assert waiting > 0  # killed with activity still pending (committed with its batch)
    for conversation, body in said.values():
        _, _, unread, _, excerpt = merged[conversation]
        assert (unread, excerpt) == (12, body)
    # A new writer folds what it finds at start.
    store = Store(db, "NORMAL", writer="process")
    await store.open()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            conn = connect_sync(db)
            left = conn.execute("SELECT count(*) FROM activity_pending").fetchone()[0]
            rows = {r[0]: r for r in conn.execute(f"SELECT {ROW} FROM conversations c")}
            conn.close()
            if not left:
                break
            await asyncio.sleep(0.05)
        assert left == 0
        for conversation, body in said.values():
            assert rows[conversation][2:5:2] == (12, body)
    finally:
        await store.close()


@pytest.mark.parametrize("pending_first", [True, False])
def test_erasure_erases_the_pending_excerpt(tmp_path: Path, monkeypatch, pending_first) -> None:
    from loancs.store.privacy import erase_customer

    monkeypatch.setattr(search, "_next_fold_at", float("inf"))
    conn, sealer = prepared(tmp_path, "erase.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    _commit(conn, sealer, clock, [ingest("A", "z1", "我的名字是欧阳娜娜")])
    if not pending_first:
        search.fold_pending(conn)
    customer = conn.execute("SELECT customer_id FROM conversations WHERE id = 1").fetchone()[0]
    erase_customer(conn, customer, "admin:test", "asked")
    excerpts = [r[4] for r in conn.execute(MERGED) if r[0] == 1]
    assert excerpts == ["[erased]"]
    assert conn.execute("SELECT 1 FROM activity_pending WHERE conversation = 1").fetchall() == []
