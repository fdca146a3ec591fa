"""The writer's fold of the pending activity paces itself (issue 18, store/search.py): a fold
that finds about one message a pending row (many conversations, one message each) doubles
the interval up to 8 s; one that finds four or more a row sets it back to 1 s; past 5,000
conversations given pending activity since the last fold it folds at once. Reads see the same merged activity
whatever the interval."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from loancs.store import search
from loancs.store.writer import commit_batch
from tests.test_writer_gather import SETUP, ingest, prepared

NOW = 1_790_000_000_000
MERGED = (
    f"SELECT c.id, c.status, {search.UNREAD}, {search.LAST_MESSAGE_AT}, {search.LAST_EXCERPT}"
    f" FROM conversations c {search.PENDING_JOIN} ORDER BY c.id"
)
ROWS = "SELECT id, status, unread, last_message_at, last_excerpt FROM conversations ORDER BY id"


@pytest.fixture
def pace(monkeypatch):
    """The fold's state as a fresh writer process has it, put back after the test."""
    monkeypatch.setattr(search, "_next_fold_at", float("inf"))
    monkeypatch.setattr(search, "_fold_every", search.FOLD_EVERY_S)
    monkeypatch.setattr(search, "_pending_messages", 0)
    monkeypatch.setattr(search, "_pending_rows", set())
    return monkeypatch


def _commit(conn: sqlite3.Connection, sealer, clock: list[int], commands) -> None:
    clock[0] += 1000
    results, _ = commit_batch(
        conn, lambda: clock[0], [(cmd, i) for i, cmd in enumerate(commands)], sealer
    )
    assert all(ok for _, ok, _ in results)


def _messages(customers: range, each: int, tag: str) -> list:
    return [
        ingest(f"C{who:05d}", f"{tag}-{who}-{k}", f"第{k}条 from {who}")
        for who in customers
        for k in range(each)
    ]


def _fold_now(pace, conn, sealer, clock) -> int:
    """A batch of one message with the fold due in it; the pending rows waiting before it
    (the fold takes those and the message's)."""
    waiting = conn.execute("SELECT count(*) FROM activity_pending").fetchone()[0]
    pace.setattr(search, "_next_fold_at", 0.0)
    _commit(conn, sealer, clock, [ingest("Z", f"z{clock[0]}", "tick")])
    assert conn.execute("SELECT count(*) FROM activity_pending").fetchone() == (0,)
    return waiting


def test_the_interval_doubles_to_8_s_at_one_message_a_row_and_returns_at_four(
    tmp_path: Path, pace
) -> None:
    conn, sealer = prepared(tmp_path, "pace.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    search.fold_paced(conn)
    assert search._fold_every == search.FOLD_EVERY_S
    seen = []
    for n in range(5):  # 40 conversations, one message each between folds
        _commit(conn, sealer, clock, _messages(range(40), 1, f"one{n}"))
        assert _fold_now(pace, conn, sealer, clock) == 40
        seen.append(search._fold_every)
        # the next fold is the interval away (not due before it)
        assert search._next_fold_at > search.time.monotonic() + search._fold_every - 1
    assert seen == [2.0, 4.0, 8.0, 8.0, 8.0]
    # Between two and four messages a row: the interval stays.
    _commit(conn, sealer, clock, _messages(range(40), 3, "three"))
    _fold_now(pace, conn, sealer, clock)
    assert search._fold_every == 8.0
    # Four or more a row (here five, the tick's own row counted): back to once a second.
    _commit(conn, sealer, clock, _messages(range(40), 5, "five"))
    _fold_now(pace, conn, sealer, clock)
    assert search._fold_every == search.FOLD_EVERY_S


def test_past_5000_pending_rows_it_folds_at_once_whatever_the_interval(
    tmp_path: Path, pace
) -> None:
    pace.setattr(search, "FOLD_PAST_ROWS", 50)  # (the rule's 5,000, smaller for the test)
    conn, sealer = prepared(tmp_path, "past.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    search.fold_paced(conn)
    pace.setattr(search, "_fold_every", search.FOLD_EVERY_MAX_S)
    pace.setattr(search, "_next_fold_at", search.time.monotonic() + 3600)  # not due by time
    # The same 20 conversations again and again: 20 rows however many batches (no fold) ...
    for n in range(6):
        _commit(conn, sealer, clock, _messages(range(20), 1, f"same{n}"))
    assert conn.execute("SELECT count(*) FROM activity_pending").fetchone() == (20,)
    # ... new ones, 20 a batch: past 50 rows in the second, folded in that batch's commit
    # (the fold comes after the batch's activity is written): never more than 50 wait.
    counts = []
    for n in range(1, 6):
        _commit(conn, sealer, clock, _messages(range(n * 20, n * 20 + 20), 1, f"b{n}"))
        counts.append(conn.execute("SELECT count(*) FROM activity_pending").fetchone()[0])
    assert counts == [40, 0, 20, 40, 0]


def test_reads_see_the_same_activity_at_any_interval(tmp_path: Path, pace) -> None:
    """Two databases given the same batches, one folded in every batch, one at the longest
    interval (never due here): every read's merged view is the same after each batch, and the
    rows are the same once folded."""
    often, sealer1 = prepared(tmp_path, "often.db")
    rarely, sealer2 = prepared(tmp_path, "rarely.db")
    clocks = [[NOW], [NOW]]
    batches = [SETUP] + [_messages(range(n % 3, 30, 3), 1 + n % 2, f"r{n}") for n in range(8)]
    for batch in batches:
        pace.setattr(search, "_next_fold_at", 0.0)
        _commit(often, sealer1, clocks[0], batch)
        pace.setattr(search, "_next_fold_at", float("inf"))
        _commit(rarely, sealer2, clocks[1], batch)
        assert often.execute(MERGED).fetchall() == rarely.execute(MERGED).fetchall()
    assert rarely.execute("SELECT count(*) FROM activity_pending").fetchone()[0] >= 30
    search.fold_pending(often)
    search.fold_pending(rarely)
    assert often.execute(ROWS).fetchall() == rarely.execute(ROWS).fetchall()


def test_the_start_fold_of_rows_left_by_a_writer_before_keeps_the_interval(
    tmp_path: Path, pace
) -> None:
    conn, sealer = prepared(tmp_path, "start.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    search.fold_pending(conn)
    _commit(conn, sealer, clock, _messages(range(30), 1, "before"))
    assert conn.execute("SELECT count(*) FROM activity_pending").fetchone() == (30,)
    pace.setattr(search, "_pending_messages", 0)  # a new writer process: nothing noted
    pace.setattr(search, "_pending_rows", set())
    assert search.fold_paced(conn) == 30
    assert search._fold_every == search.FOLD_EVERY_S
