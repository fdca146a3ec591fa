"""A first-time sender's search row (search_customers, FTS5) is written by the writer once
per transaction for all the customers noted in it (migration 0036), not by two triggers per
customer: FTS5 writes a segment of its index at the end of every statement that changed it.
The rows must be exactly what the triggers wrote, found by search from the same commit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from loancs.store import commands as c
from loancs.store.db import connect_sync
from loancs.store.privacy import Sealer
from loancs.store.search import fold_pending
from loancs.store.writer import commit_batch, connect_writer, senders_for

NOW = 1_790_000_000_000


def ingest(i: int, name: str | None = None, external: str | None = None) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=external or f"m-{i}",
        identity=c.Identity(kind="wechat", value=f"oSEARCH{i:012d}", name=name),
        body=f"第一次来问房贷 {i}",
    )


def segments(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(DISTINCT segid) FROM search_customers_idx").fetchone()[0]


def as_triggers_wrote(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT c.id, c.name, (SELECT group_concat(i.value, ' ') FROM customer_identities i"
        " WHERE i.customer_id = c.id) FROM customers c ORDER BY c.id"
    ).fetchall()


def test_first_time_senders_are_searchable_from_their_commit_through_one_index_write(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "search.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    # FTS5 merges small segments as it goes: off, so the segments written can be counted.
    conn.execute("INSERT INTO search_customers (search_customers, rank) VALUES ('automerge', 0)")
    conn.execute(
        "INSERT INTO search_customers (search_customers, rank) VALUES ('crisismerge', 2000)"
    )
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn)
    clock = iter(range(NOW, NOW + 10_000)).__next__

    def run(commands: list[c.Command]) -> list[tuple]:
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(commands)], sealer, senders
        )
        return results

    # 60 first-time senders in one batch, some named, one sending twice.
    batch: list[c.Command] = [ingest(i, name=f"客户{i}" if i % 3 == 0 else None) for i in range(60)]
    batch.append(ingest(7, external="m-7-again"))
    before = segments(conn)
    results = run(batch)
    assert all(ok for _, ok, _ in results)
    # (one write of a few segments; before 0036 a segment or two per new customer: 60 here)
    assert segments(conn) - before <= 10
    rows = conn.execute(
        "SELECT rowid, name, identities FROM search_customers ORDER BY rowid"
    ).fetchall()
    assert rows == as_triggers_wrote(conn)
    assert len(rows) == 60
    assert conn.execute("SELECT count(*) FROM search_customers_pending").fetchone() == (0,)
    for i in (0, 7, 59):
        found = conn.execute(
            "SELECT rowid FROM search_customers WHERE search_customers MATCH ?",
            (f'"SEARCH{i:012d}"',),
        ).fetchall()
        assert len(found) == 1
    assert conn.execute(
        "SELECT count(*) FROM search_customers WHERE search_customers MATCH '\"客户33\"'"
    ).fetchone() == (1,)

    # A second identity linked to a known customer, beside new senders and a refused command
    # (the batch is redone command by command in savepoints): the same rows as the triggers.
    known = rows[5][0]
    batch = [
        ingest(100),
        c.LinkIdentity(
            customer=known, identity=c.Identity(kind="phone", value="13800138000"), actor="t"
        ),
        c.LinkIdentity(  # refused: that identity is another customer's
            customer=known,
            identity=c.Identity(kind="wechat", value=f"oSEARCH{1:012d}"),
            actor="t",
        ),
        ingest(101, name="新名字"),
    ]
    results = run(batch)
    assert [ok for _, ok, _ in results] == [True, True, False, True]
    rows = conn.execute(
        "SELECT rowid, name, identities FROM search_customers ORDER BY rowid"
    ).fetchall()
    assert rows == as_triggers_wrote(conn)
    assert len(rows) == 62
    assert conn.execute(
        "SELECT rowid FROM search_customers WHERE search_customers MATCH '\"13800138000\"'"
    ).fetchall() == [(known,)]
    assert conn.execute("SELECT count(*) FROM search_customers_pending").fetchone() == (0,)

    # A customer erased in the same batch as a new identity of theirs: no personal data kept.
    erase = c.EraseCustomer(customer=known, actor="admin:t", reason="asked")
    results = run(
        [
            c.LinkIdentity(
                customer=known, identity=c.Identity(kind="phone", value="13900139000"), actor="t"
            ),
            erase,
        ]
    )
    assert all(ok for _, ok, _ in results), results
    assert conn.execute(
        "SELECT count(*) FROM search_customers WHERE search_customers MATCH '\"13900139000\"'"
    ).fetchone() == (0,)
    rows = conn.execute(
        "SELECT rowid, name, identities FROM search_customers ORDER BY rowid"
    ).fetchall()
    assert rows == as_triggers_wrote(conn)
    conn.close()


def test_first_time_senders_messages_are_written_together(tmp_path: Path) -> None:
    """A first-time sender's customer, identity, key and conversation are written apart from
    the batch's gathered messages (Tx.execute_apart): 60 first-time senders' messages go in a
    few statements, not one each, and are stored as one command at a time stores them."""
    rows = {}
    for together in (True, False):
        path = str(tmp_path / f"{together}.db")
        connect_sync(path).close()
        conn = connect_writer(path, "NORMAL")
        sealer = Sealer(bytes(range(32)))
        batch = [ingest(i, name="客户" if i % 2 else None) for i in range(60)]
        batch[30:30] = [ingest(3, external="m-3-again")]  # a sender of this batch, again
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        if together:
            results, _ = commit_batch(conn, lambda: NOW, [(cmd, 0) for cmd in batch], sealer)
        else:
            results = [
                r for cmd in batch for r in commit_batch(conn, lambda: NOW, [(cmd, 0)], sealer)[0]
            ]
        conn.set_trace_callback(None)
        assert all(ok for _, ok, _ in results)
        if together:  # written once, at the end (3 x 16 rows, then 13 one by one)
            assert len([s for s in statements if "INTO search_pending" in s]) == 1
            assert len([s for s in statements if s.startswith("INSERT INTO messages")]) == 16
        fold_pending(conn)  # the activity into the rows (the writer folds within a second)
        rows[together] = [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("messages", "conversations", "customers", "customer_identities")
        ] + [conn.execute("SELECT customer_id FROM customer_keys ORDER BY 1").fetchall()]
        conn.close()
    assert rows[True] == rows[False]


def test_noted_conversations_are_re_indexed_in_one_write(tmp_path: Path) -> None:
    """The writer re-indexes the conversations whose excerpt changed (search_pending) with one
    statement for all of them, not one per conversation (FTS5 wrote two segments for each):
    the index then holds each one's current excerpt, not its old one."""
    from loancs.store.search import index_pending

    path = str(tmp_path / "reindex.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    conn.execute(
        "INSERT INTO search_conversations (search_conversations, rank) VALUES ('automerge', 0)"
    )
    conn.execute(
        "INSERT INTO search_conversations (search_conversations, rank) VALUES ('crisismerge', 2000)"
    )
    sealer = Sealer(bytes(range(32)))
    for words in ("旧的问题", "新的问题"):
        batch = [
            c.IngestMessage(
                source="gw",
                channel="wechat",
                external_id=f"{words}-{i}",
                identity=c.Identity(kind="wechat", value=f"oREINDEX{i:012d}"),
                body=f"{words}{i:03d}号",
            )
            for i in range(40)
        ]
        results, _ = commit_batch(conn, lambda: NOW, [(cmd, 0) for cmd in batch], sealer)
        assert all(ok for _, ok, _ in results)
        before = conn.execute(
            "SELECT count(DISTINCT segid) FROM search_conversations_idx"
        ).fetchone()[0]
        conn.execute("BEGIN IMMEDIATE")
        assert index_pending(conn) == 40
        conn.execute("COMMIT")
        after = conn.execute(
            "SELECT count(DISTINCT segid) FROM search_conversations_idx"
        ).fetchone()[0]
        assert after - before <= 4  # before: a segment or two per conversation (40-80)
    found = conn.execute(
        "SELECT count(*) FROM search_conversations WHERE search_conversations MATCH '\"新的问题\"'"
    ).fetchone()
    assert found == (40,)
    assert conn.execute(
        "SELECT count(*) FROM search_conversations WHERE search_conversations MATCH '\"旧的问题\"'"
    ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM search_pending").fetchone() == (0,)
    conn.close()
