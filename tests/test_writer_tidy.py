"""The writer child's fold of the pending activity and its search index step leave the
batch's transaction (issue 18: a fold of a few hundred conversations held a batch's acks,
and every message behind it, for 16-80 ms on a loaded machine). The child commits a batch
with ``tidy=False`` and, once its answers are handed over, runs ``tidy_after``: the fold and
the index step in parts of their own transaction each, at least one part a batch, more while
no work waits. The idle catch-up goes in parts too. Reads see the same merged activity and
find the same conversations at every moment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from loancs.store import search
from loancs.store.writer import TIDY_FOLD_PART, TIDY_INDEX_PART, commit_batch, tidy_after
from tests.test_writer_fold_pace import MERGED, NOW, ROWS
from tests.test_writer_gather import SETUP, ingest, prepared

PENDING = "SELECT count(*) FROM activity_pending"
NOTED = "SELECT count(*) FROM search_pending"


@pytest.fixture
def pace(monkeypatch):
    """The fold's and the index's state as a fresh writer process has it (nothing due)."""
    monkeypatch.setattr(search, "_next_fold_at", float("inf"))
    monkeypatch.setattr(search, "_fold_every", search.FOLD_EVERY_S)
    monkeypatch.setattr(search, "_pending_messages", 0)
    monkeypatch.setattr(search, "_pending_rows", set())
    monkeypatch.setattr(search, "_folding", None, raising=False)
    monkeypatch.setattr(search, "_next_index_at", float("inf"))
    monkeypatch.setattr(search, "FOLD_PAST_ROWS", 10**9)
    return monkeypatch


def _messages(customers: range, tag: str) -> list:
    return [ingest(f"C{who:05d}", f"{tag}-{who}", f"第{who}条 {tag}") for who in customers]


def _commit(conn: sqlite3.Connection, sealer, clock: list[int], commands, **kw) -> None:
    clock[0] += 1000
    results, _ = commit_batch(
        conn, lambda: clock[0], [(cmd, i) for i, cmd in enumerate(commands)], sealer, **kw
    )
    assert all(ok for _, ok, _ in results)


def _count(conn: sqlite3.Connection, sql: str) -> int:
    return conn.execute(sql).fetchone()[0]


def test_a_due_fold_leaves_the_batch_and_goes_on_in_parts_after_it(tmp_path: Path, pace) -> None:
    n = TIDY_FOLD_PART * 2 + 37  # three parts
    conn, sealer = prepared(tmp_path, "tidy.db")
    twin, sealer2 = prepared(tmp_path, "twin.db")  # the same batches, folded in them
    clock, clock2 = [NOW], [NOW]
    for db, s, k in ((conn, sealer, clock), (twin, sealer2, clock2)):
        _commit(db, s, k, SETUP)
        search.fold_pending(db)
        _commit(db, s, k, _messages(range(n), "one"))
    assert _count(conn, PENDING) == n  # (SETUP's were folded)
    merged = twin.execute(MERGED).fetchall()
    pace.setattr(search, "_pending_messages", n)  # (the twin's are not this writer's)
    # The fold is due: a batch of the child (tidy=False) does not run it ...
    pace.setattr(search, "_next_fold_at", 0.0)
    _commit(conn, sealer, clock, [ingest("Z", "z1", "tick")], tidy=False)
    assert _count(conn, PENDING) == n + 1
    # ... tidy_after does, a part at a time while work waits (one part after each batch).
    tidy_after(conn, lambda: clock[0], lambda: True)
    assert not conn.in_transaction
    assert _count(conn, PENDING) == n + 1 - TIDY_FOLD_PART
    assert search.fold_due()  # the fold goes on after the next batch, whatever the interval
    _commit(twin, sealer2, clock2, [ingest("Z", "z1", "tick")], tidy=False)  # (never folded)
    assert conn.execute(MERGED).fetchall() == twin.execute(MERGED).fetchall() != merged
    tidy_after(conn, lambda: clock[0], lambda: True)
    assert _count(conn, PENDING) == n + 1 - 2 * TIDY_FOLD_PART
    assert conn.execute(MERGED).fetchall() == twin.execute(MERGED).fetchall()
    # No work waiting: the rest at once; the interval is set from the whole fold (one
    # message a row: doubled), as a fold in one go sets it.
    tidy_after(conn, lambda: clock[0], lambda: False)
    assert _count(conn, PENDING) == 0
    assert search._folding is None and search._fold_every == 2 * search.FOLD_EVERY_S
    assert not search.fold_due()
    search.fold_pending(twin)
    assert conn.execute(ROWS).fetchall() == twin.execute(ROWS).fetchall()


def test_a_due_index_step_leaves_the_batch_and_goes_on_in_parts(tmp_path: Path, pace) -> None:
    conn, sealer = prepared(tmp_path, "index.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    _commit(conn, sealer, clock, _messages(range(100), "idx"))
    search.fold_pending(conn)
    clock[0] += int(search.QUIET_S * 1000) + 1000  # all quiet: every noted one is due
    noted = _count(conn, NOTED)
    assert noted >= 100
    pace.setattr(search, "_next_index_at", 0.0)
    _commit(conn, sealer, clock, [ingest("Z", "z1", "tick")], tidy=False)
    assert _count(conn, NOTED) == noted + 1  # not in the batch
    tidy_after(conn, lambda: clock[0], lambda: True)
    assert _count(conn, NOTED) == noted + 1 - TIDY_INDEX_PART  # one part
    assert search._next_index_at == 0.0  # a full part: the next batch's goes on at once
    tidy_after(conn, lambda: clock[0], lambda: False)
    # No work waiting: the rest of the step (INDEX_STEP in all), not more.
    from loancs.store.writer import INDEX_STEP

    assert _count(conn, NOTED) == noted + 1 - TIDY_INDEX_PART - INDEX_STEP
    indexed = _count(conn, "SELECT count(*) FROM search_conversations")
    assert indexed == TIDY_INDEX_PART + INDEX_STEP


def test_the_idle_step_stops_after_a_part_when_work_comes(tmp_path: Path, pace) -> None:
    conn, sealer = prepared(tmp_path, "idle.db")
    clock = [NOW]
    _commit(conn, sealer, clock, SETUP)
    n = search.IDLE_FOLD_PART + 50
    _commit(conn, sealer, clock, _messages(range(n), "idle"))
    before = _count(conn, PENDING)
    assert before >= n
    later = clock[0] + int(search.QUIET_S * 1000) + 1000
    # Work waiting: one part of the fold, then the writer goes to it.
    assert search.index_when_idle(conn, later, lambda: True) == search.IDLE_AFTER_S
    assert _count(conn, PENDING) == before - search.IDLE_FOLD_PART
    assert not conn.in_transaction
    # Nothing waiting: the fold's rest, then the index in parts up to IDLE_STEP.
    noted = _count(conn, NOTED)
    search.index_when_idle(conn, later, lambda: False)
    assert _count(conn, PENDING) == 0
    assert _count(conn, NOTED) == max(0, noted - search.IDLE_STEP)


def test_the_fold_walks_the_pending_rows_not_every_conversation(tmp_path: Path) -> None:
    """A fold (whole, or a step up to a conversation id) reads the pending rows and finds
    each conversation by its id: before, SQLite walked every conversation and looked each up
    in the pending rows (~50 ms a fold of 500 rows beside 200k conversations; the 1M
    history's folds every 1-8 s read all of its conversations)."""
    conn, _ = prepared(tmp_path, "plan.db")
    for sql, args in ((search._FOLD_ALL, ()), (search._FOLD_UPTO, (1,))):
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, args)]
        assert plan[0].startswith("SCAN ap"), plan
        assert not any(step.startswith("SCAN conversations") for step in plan), plan
        assert "SEARCH conversations USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
