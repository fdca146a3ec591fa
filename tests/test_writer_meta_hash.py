"""An event's meta (the conversation's facts stored beside it, which the servers following the
log read: server/cluster.py) is under the hash from migration 0039_meta_under_hash on: a
changed, added or dropped meta breaks the chain at its seq, on SQLite and on PostgreSQL,
after `loancs db copy` too. Rows written before the mark keep verifying as they were (their
meta is not covered), and pre-0038 rows, 0038's compact rows and the new rows are one chain.
The mark (from which seq meta is covered) cannot be moved without breaking the chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from loancs.cli import app
from loancs.store import commands as c
from loancs.store.audit import meta_since, verify_log
from loancs.store.db import connect_sync
from loancs.store.migrations import MIGRATIONS, apply_migrations
from loancs.store.privacy import Sealer
from loancs.store.writer import commit_batch, connect_writer, senders_for
from tests.test_writer_compact_rows import _old_rows

NOW = 1_790_000_000_000
runner = CliRunner()


def ingest(i: int, customer: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"meta-{i}",
        identity=c.Identity(kind="wechat", value=f"oMETA{customer:012d}"),
        body=f"我想问一下车贷 {i} 号",
        hints=c.Hints(loan_type="car"),
    )


def resolve(conversation: int) -> c.SetStatus:
    return c.SetStatus(
        conversation=conversation,
        agent_id=None,
        actor="system",
        role="admin",
        status="resolved",
        kind="conversation.resolved",
    )


def _write(conn, batches: list[list[c.Command]], start: int = NOW) -> None:
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn) if isinstance(conn, sqlite3.Connection) else None
    clock = iter(range(start, start + 100_000)).__next__
    for commands in batches:
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(commands)], sealer, senders
        )
        assert all(ok for _, ok, _ in results), results


def _broken(conn: sqlite3.Connection, change: str) -> tuple[bool, int | None]:
    copy = sqlite3.connect(":memory:")
    conn.backup(copy)
    copy.execute(change)
    report = verify_log(copy)
    copy.close()
    return report.ok, report.broken_seq


def _covered_rows(conn: sqlite3.Connection, since: int) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT seq FROM events WHERE seq >= ? AND meta IS NOT NULL ORDER BY seq", (since,)
        )
    ]


def test_a_changed_meta_breaks_the_chain_at_its_seq(tmp_path: Path) -> None:
    path = str(tmp_path / "meta.db")
    connect_sync(path).close()
    assert "0039_meta_under_hash" in [name for name, _ in MIGRATIONS]
    conn = connect_writer(path, "NORMAL")
    # first-time senders, returning ones (every statement size), a status change
    _write(
        conn,
        [
            [ingest(i, i % 5) for i in range(5)],
            [ingest(i, i % 5) for i in range(5, 90)],
            [resolve(2), ingest(90, 0)],
        ],
    )
    assert meta_since(conn) == 1
    report = verify_log(conn)
    assert report.ok and report.meta_since == 1
    covered = _covered_rows(conn, 1)
    assert len(covered) > 90
    some = covered[len(covered) // 2]
    last = covered[-1]
    assert _broken(
        conn, f"UPDATE events SET meta = replace(meta, 'open', 'resolved') WHERE seq = {some}"
    ) == (False, some)
    assert _broken(
        conn,
        f"UPDATE events SET meta = replace(meta, '\"car\"', '\"mortgage\"') WHERE seq = {last}",
    ) == (False, last)
    assert _broken(conn, f"UPDATE events SET meta = NULL WHERE seq = {some}") == (False, some)
    assert _broken(conn, "UPDATE events SET meta = '[]' WHERE seq = 1") == (False, 1)
    # a meta added to an event written without one
    bare = conn.execute("SELECT MIN(seq) FROM events WHERE meta IS NULL").fetchone()[0]
    if bare is not None:
        assert _broken(conn, f"UPDATE events SET meta = '{{}}' WHERE seq = {bare}") == (False, bare)
    conn.close()

    ok = runner.invoke(app, ["audit", "verify", "--db", path])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith(f"all {report.checked} events verify") and "meta" in ok.output
    plain = sqlite3.connect(path)
    plain.execute(f"UPDATE events SET meta = replace(meta, 'open', 'snoozed') WHERE seq = {some}")
    plain.commit()
    plain.close()
    broken = runner.invoke(app, ["audit", "verify", "--db", path])
    assert broken.exit_code == 1
    assert broken.output.startswith(f"BROKEN at seq {some}: hash does not match")


def _before_and_after_0039(path: str) -> tuple[int, int, int]:
    """A database with pre-0038 rows, then 0038's compact rows (meta not under the hash),
    then migrated to 0039 and written on; returns (old rows, rows before the mark, total)."""
    conn = connect_sync(path)
    _old_rows(conn, 5)  # (the pre-0038 rows)
    # As loancs wrote between 0038 and 0039: no mark, and no migration 0039 recorded.
    conn.execute("DROP TABLE chain_forms")
    conn.execute("DELETE FROM schema_migrations WHERE name = '0039_meta_under_hash'")
    conn.commit()
    conn.close()
    conn = connect_writer(path, "NORMAL")
    _write(conn, [[ingest(i, i % 4) for i in range(12)], [resolve(1)]])
    (before,) = conn.execute("SELECT MAX(seq) FROM events").fetchone()
    compact = conn.execute("SELECT count(*) FROM events WHERE typeof(hash) = 'blob'").fetchone()
    assert compact[0] == before - 5 > 0
    assert apply_migrations(conn) == ["0039_meta_under_hash"]
    assert meta_since(conn) == before + 1
    _write(conn, [[ingest(i, i % 6) for i in range(12, 40)]], start=NOW + 10_000)
    (total,) = conn.execute("SELECT MAX(seq) FROM events").fetchone()
    conn.close()
    return 5, before, total


def test_old_0038_and_new_rows_verify_in_one_chain_and_the_mark_cannot_move(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "mixed.db")
    old, before, total = _before_and_after_0039(path)
    conn = sqlite3.connect(path)
    report = verify_log(conn)
    assert report.ok and report.checked == total and report.meta_since == before + 1
    ok = runner.invoke(app, ["audit", "verify", "--db", path])
    assert ok.exit_code == 0 and f"from seq {before + 1}" in ok.output, ok.output
    # Before the mark a meta is not covered (as it never was); from the mark on it is.
    assert _broken(
        conn, "UPDATE events SET meta = replace(meta, 'open', 'closed') WHERE seq = 2"
    ) == (True, None)
    early = _covered_rows(conn, old + 1)[0]
    assert early <= before
    assert _broken(
        conn, f"UPDATE events SET meta = replace(meta, 'open', 'closed') WHERE seq = {early}"
    ) == (True, None)
    first_new = _covered_rows(conn, before + 1)[0]
    assert _broken(
        conn, f"UPDATE events SET meta = replace(meta, 'open', 'closed') WHERE seq = {first_new}"
    ) == (False, first_new)
    # The mark moved either way, or gone: the chain breaks at the first row it moves over.
    last_before = _covered_rows(conn, old + 1)
    last_before = [s for s in last_before if s <= before][-1]
    assert _broken(conn, f"UPDATE chain_forms SET since = {before + 2}")[0] is False
    assert _broken(conn, f"UPDATE chain_forms SET since = {last_before}") == (False, last_before)
    assert _broken(conn, "DELETE FROM chain_forms") == (False, first_new)
    assert _broken(conn, "UPDATE chain_forms SET since = 1") == (False, 1)
    # the rest as before: a payload, a hash, a dropped row
    assert _broken(conn, f"UPDATE events SET payload = payload || ' ' WHERE seq = {total}") == (
        False,
        total,
    )
    assert _broken(conn, f"DELETE FROM events WHERE seq = {before}") == (False, before + 1)
    conn.close()


def test_postgresql_covers_meta_and_db_copy_keeps_the_mark(tmp_path: Path, postgres) -> None:
    from loancs.store.backends.pg import PgConnection

    # PostgreSQL's own writer: meta under the hash from its first event
    url = postgres.fresh_database()
    conn = connect_sync(url)
    try:
        _write(conn, [[ingest(i, i % 3) for i in range(6)], [resolve(1), ingest(6, 0)]])
        report = verify_log(conn)
        assert report.ok and report.meta_since == 1 and report.checked > 6
        seq = conn.execute("SELECT MAX(seq) FROM events WHERE meta IS NOT NULL").fetchone()[0]
        conn.execute(f"UPDATE events SET meta = replace(meta, 'open', 'pending') WHERE seq = {seq}")
        assert runner.invoke(app, ["audit", "verify", "--db", url]).output.startswith(
            f"BROKEN at seq {seq}:"
        )
    finally:
        conn.close()

    # A SQLite database of every form, copied: the mark comes with it
    path = str(tmp_path / "mixed.db")
    _, before, total = _before_and_after_0039(path)
    target = postgres.create_database("meta_mark")
    copied = runner.invoke(app, ["db", "copy", "--from", path, "--to", target])
    assert copied.exit_code == 0, copied.output
    verified = runner.invoke(app, ["audit", "verify", "--db", target])
    assert verified.exit_code == 0, verified.output
    assert (
        verified.output.startswith(f"all {total} events verify")
        and f"from seq {before + 1}" in verified.output
    )
    pg = PgConnection(target)
    try:
        first_new = pg.execute(
            "SELECT MIN(seq) FROM events WHERE seq > ? AND meta IS NOT NULL", (before,)
        ).fetchone()[0]
        pg.execute(
            f"UPDATE events SET meta = replace(meta, 'open', 'closed') WHERE seq = {first_new}"
        )
    finally:
        pg.close()
    broken = runner.invoke(app, ["audit", "verify", "--db", target])
    assert broken.exit_code == 1 and broken.output.startswith(f"BROKEN at seq {first_new}:")
