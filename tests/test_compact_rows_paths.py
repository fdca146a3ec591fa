"""The paths around SQLite's compact event rows (migration 0038_compact_event_rows) that the
writer's own tests do not walk, checked as a user meets them: a database holding rows written
before 0038 and rows written after is backed up, checked, restored, audited (``--json``),
exported as CSV and copied into PostgreSQL with its chain intact; a changed compact row in a
backup is named. And ``loancs audit verify`` refuses a database written by a newer loancs
instead of walking rows it may misread: loancs faea151 (before 0038) read the first compact
row of a migrated database as "BROKEN at seq N: prev_hash does not match the previous event",
a false alarm of tampering (issue 18, helper verify, session 27)."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loancs.cli import app
from loancs.core.eventlog import GENESIS_HASH
from loancs.store import commands as c
from loancs.store.backup import BackupError, backup_database, restore_database, verify_database
from loancs.store.db import connect_sync
from loancs.store.migrations import MIGRATIONS
from loancs.store.writer import apply_now
from tests.test_writer_compact_rows import _old_rows

OLD = 6  # events written as loancs wrote them before 0038
runner = CliRunner()


def _mixed(path: Path) -> int:
    """A database with OLD pre-0038 rows, then compact rows written by loancs (customers,
    conversations, messages); returns its number of events."""
    conn = connect_sync(path)
    _old_rows(conn, OLD)
    conn.commit()
    for i in range(8):
        apply_now(
            conn,
            c.IngestMessage(
                source="gw",
                channel="wechat",
                external_id=f"mixed-{i}",
                identity=c.Identity(kind="wechat", value=f"oMIXED{i % 3:012d}"),
                body=f"提前还款要违约金吗 {i}",
                hints=c.Hints(loan_type="mortgage"),
            ),
        )
    (total,) = conn.execute("SELECT count(*) FROM events").fetchone()
    compact = conn.execute("SELECT count(*) FROM events WHERE typeof(hash) = 'blob'").fetchone()
    conn.close()
    assert compact[0] == total - OLD > 0
    return total


def test_audit_verify_refuses_a_database_written_by_a_newer_loancs(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    _mixed(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES ('0999_rows_from_the_future', 0)")
    conn.commit()
    conn.close()
    for args in (
        ["audit", "verify", "--db", str(path)],
        ["audit", "verify", "--json", "--db", str(path)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "newer loancs" in result.output and "0999_rows_from_the_future" in result.output
        assert "BROKEN" not in result.output and "events verify" not in result.output


def test_a_mixed_database_is_audited_backed_up_checked_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "mixed.db"
    total = _mixed(path)
    result = runner.invoke(app, ["audit", "verify", "--json", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "ok": True,
        "checked": total,
        "broken_seq": None,
        "reason": "",
    }

    check = backup_database(path, tmp_path / "backup.db")
    assert (check.events, check.last_seq, check.schema) == (
        total,
        total,
        MIGRATIONS[-1][0],
    )
    restored, _ = restore_database(tmp_path / "backup.db", tmp_path / "restored.db")
    assert restored.events == total
    assert verify_database(tmp_path / "restored.db").events == total

    # a changed compact row in a backup is named by its seq; an old row the same
    for seq, change in (
        (OLD + 3, "UPDATE events SET payload = payload || ' ' WHERE seq = ?"),
        (OLD + 1, "UPDATE events SET hash = zeroblob(32) WHERE seq = ?"),
        (OLD, "UPDATE events SET ts = ts + 1 WHERE seq = ?"),
    ):
        bad = tmp_path / f"bad-{seq}.db"
        shutil.copy(tmp_path / "backup.db", bad)
        conn = sqlite3.connect(bad)
        conn.execute(change, (seq,))
        conn.commit()
        conn.close()
        with pytest.raises(BackupError, match=f"broken at seq {seq}:"):
            verify_database(bad)


def test_a_mixed_databases_events_export_as_csv_with_hex_links(tmp_path: Path) -> None:
    path = tmp_path / "mixed.db"
    total = _mixed(path)
    out = tmp_path / "events.csv"
    result = runner.invoke(
        app, ["export", "events", "--format", "csv", "--db", str(path), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["seq"]) for r in rows][:total] == list(range(1, total + 1))
    assert rows[0]["prev_hash"] == GENESIS_HASH
    for before, row in zip(rows, rows[1:], strict=False):
        assert row["prev_hash"] == before["hash"]
        assert len(row["hash"]) == 64 and int(row["hash"], 16) >= 0


def test_a_mixed_database_copies_into_postgresql_with_its_chain(tmp_path: Path, postgres) -> None:
    from loancs.store.audit import chain_columns
    from loancs.store.backends.pg import PgConnection

    path = tmp_path / "mixed.db"
    total = _mixed(path)
    url = postgres.create_database("compact_mixed")
    result = runner.invoke(app, ["db", "copy", "--from", str(path), "--to", url])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["audit", "verify", "--json", "--db", url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["checked"] == total
    lite = sqlite3.connect(path)
    want = lite.execute(
        f"SELECT seq, {chain_columns('events')} FROM events ORDER BY seq"
    ).fetchall()
    lite.close()
    pg = PgConnection(url)
    try:
        got = pg.execute("SELECT seq, prev_hash, hash, meta FROM events ORDER BY seq").fetchall()
    finally:
        pg.close()
    assert [tuple(r[:3]) for r in got] == [tuple(r) for r in want]
    assert got[OLD][1] == want[OLD - 1][2]  # the first compact row's link: the last old hash
    metas = [r[3] for r in got if r[3] is not None]
    assert metas and all(
        (m if isinstance(m, dict) else json.loads(m)).keys() >= {"channel", "status"} for m in metas
    )
