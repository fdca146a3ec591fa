"""Backups, restores, exports and schema upgrades, run as an operator runs them: the real
`loancs` commands in subprocesses, beside a real server taking traffic."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loancs.client import LoancsClient
from loancs.core import protocol as p
from loancs.store.migrations import MIGRATIONS
from tests.conftest import seed_accounts, spawn_server

pytestmark = pytest.mark.slow


def loancs(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loancs", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )


def max_seq(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT MAX(seq) FROM events").fetchone()[0]
    finally:
        conn.close()


async def ingest(url: str, token: str, start: int, count: int) -> None:
    client = LoancsClient(url, token, subscribe=False, reconnect=False)
    await client.start()
    for i in range(start, start + count):
        await client.call(
            p.Ingest,
            external_id=f"wx-ops-{i}",
            body=f"您好，我的手机13812345678，身份证110101199003074573，想问车贷 {i}",
            customer=p.Identity(kind="wechat", value=f"oOPSCUSTOMER0000{i:04d}", name="张三丰"),
        )
    await client.close()


def test_online_backup_while_the_server_takes_traffic_then_restore(tmp_path) -> None:
    db = tmp_path / "live.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    backups = tmp_path / "backups"
    try:

        async def busy() -> subprocess.CompletedProcess:
            writer = asyncio.create_task(ingest(server.url, tokens["wechat"], 0, 300))
            await asyncio.sleep(0.3)  # mid-traffic
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "loancs",
                "backup",
                "--db",
                str(db),
                str(backups),
                "--json",
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await proc.communicate()
            await writer
            return subprocess.CompletedProcess([], proc.returncode, out.decode(), err.decode())

        result = asyncio.run(busy())
        assert result.returncode == 0, result.stderr
        info = json.loads(result.stdout)
        backup = Path(info["path"])
        assert backup.parent == backups and info["events"] == info["last_seq"] > 0
        assert not list(backups.glob("*.partial"))
        verify = loancs("audit", "verify", "--db", str(backup))
        assert verify.returncode == 0 and "verify" in verify.stdout, verify.stdout
        # The server holds the database: a restore over it is refused, nothing touched.
        refused = loancs("restore", str(backup), "--db", str(db), "--force")
        assert refused.returncode == 1 and "in use" in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    finally:
        assert server.terminate() == 0
    live_seq = max_seq(db)
    assert live_seq >= info["last_seq"]
    no_force = loancs("restore", str(backup), "--db", str(db))
    assert no_force.returncode == 1 and "--force" in no_force.stderr
    restored = loancs("restore", str(backup), "--db", str(db), "--force")
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    safety = next(tmp_path.glob("live.db.before-restore-*"))
    assert sqlite3.connect(safety).execute("SELECT MAX(seq) FROM events").fetchone()[0] == live_seq
    assert (
        sqlite3.connect(db).execute("SELECT MAX(seq) FROM events").fetchone()[0] == info["last_seq"]
    )
    assert loancs("audit", "verify", "--db", str(db)).returncode == 0
    # and the server runs on the restored database
    server = spawn_server(db)
    assert server.terminate() == 0


def test_a_damaged_backup_is_not_restored(tmp_path) -> None:
    db = tmp_path / "a.db"
    seed_accounts(db)
    assert loancs("backup", "--db", str(db), str(tmp_path / "copy.db")).returncode == 0
    conn = sqlite3.connect(tmp_path / "copy.db")
    conn.execute("UPDATE events SET payload = '{\"tampered\": 1}' WHERE seq = 2")
    conn.commit()
    conn.close()
    result = loancs("restore", str(tmp_path / "copy.db"), "--db", str(tmp_path / "new.db"))
    assert result.returncode == 1 and "broken at seq 2" in result.stderr, result.stderr
    assert not (tmp_path / "new.db").exists()


def test_export_masks_unless_revealed_with_a_logged_reason(tmp_path) -> None:
    db = tmp_path / "e.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        asyncio.run(ingest(server.url, tokens["wechat"], 0, 3))
    finally:
        assert server.terminate() == 0
    secrets = ("13812345678", "110101199003074573", "oOPSCUSTOMER00000001", "张三丰")
    for what in ("conversations", "customers", "events"):
        for fmt in ("jsonl", "csv"):
            out = loancs("export", what, "--db", str(db), "--format", fmt)
            assert out.returncode == 0, out.stderr
            assert out.stdout.strip(), (what, fmt)
            leaked = [s for s in secrets if s in out.stdout]
            assert not leaked, (what, fmt, leaked)
    conversations = [
        json.loads(line)
        for line in loancs("export", "conversations", "--db", str(db)).stdout.splitlines()
    ]
    assert len(conversations) == 3
    assert "138****5678" in conversations[0]["messages"][0]["body"]
    # --from/--to: nothing opened tomorrow
    tomorrow = loancs("export", "conversations", "--db", str(db), "--from", "2999-01-01")
    assert tomorrow.returncode == 0 and tomorrow.stdout == ""

    refused = loancs("export", "customers", "--db", str(db), "--reveal")
    assert refused.returncode == 2 and "--reason" in refused.stderr
    out_file = tmp_path / "customers.csv"
    revealed = loancs(
        "export",
        "customers",
        "--db",
        str(db),
        "--format",
        "csv",
        "--reveal",
        "--reason",
        "regulator request 2026-118",
        "-o",
        str(out_file),
    )
    assert revealed.returncode == 0, revealed.stderr
    text = out_file.read_text(encoding="utf-8")
    assert "oOPSCUSTOMER00000001" in text and "张三丰" in text
    logged = (
        sqlite3.connect(db)
        .execute("SELECT actor, payload FROM events WHERE kind = 'data.exported' ORDER BY seq")
        .fetchall()
    )
    reasons = [json.loads(payload).get("reason") for _, payload in logged]
    assert "regulator request 2026-118" in reasons
    assert all(actor.startswith("cli:") for actor, _ in logged)
    # Event payloads are sealed per customer in the log; the export opens them with the
    # master key beside the database, then masks (or, revealed, shows them whole).
    masked_events = loancs("export", "events", "--db", str(db)).stdout
    assert "138****5678" in masked_events and '"sealed"' not in masked_events
    revealed_events = loancs(
        "export", "events", "--db", str(db), "--reveal", "--reason", "audit 7"
    ).stdout
    assert "13812345678" in revealed_events
    assert loancs("audit", "verify", "--db", str(db)).returncode == 0  # the chain stays whole


def test_an_export_to_a_path_that_cannot_be_written_says_so_and_logs_nothing(tmp_path) -> None:
    """`export -o missing-dir/x.jsonl` (a typo, a folder not made yet) printed a traceback,
    after logging a data.exported event for an export that never happened."""
    db = tmp_path / "e.db"
    seed_accounts(db)
    logged = "SELECT count(*) FROM events WHERE kind = 'data.exported'"
    for out in (tmp_path / "no-such-dir" / "x.jsonl", tmp_path):
        failed = loancs("export", "conversations", "--db", str(db), "-o", str(out))
        assert failed.returncode == 2, failed.stderr
        assert "Traceback" not in failed.stderr
        assert f"Invalid value for --out: cannot write {out}: " in failed.stderr
        conn = sqlite3.connect(db)
        try:
            assert conn.execute(logged).fetchone()[0] == 0
        finally:
            conn.close()
    done = loancs("export", "conversations", "--db", str(db), "-o", str(tmp_path / "x.jsonl"))
    assert done.returncode == 0, done.stderr
    assert sqlite3.connect(db).execute(logged).fetchone()[0] == 1


def test_db_status_migrate_and_a_newer_schema(tmp_path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    status = loancs("db", "status", "--db", str(empty), "--json")
    assert status.returncode == 3
    info = json.loads(status.stdout)
    assert info["pending"] == [name for name, _ in MIGRATIONS] and info["version"] is None
    migrated = loancs("db", "migrate", "--db", str(empty))
    assert migrated.returncode == 0 and MIGRATIONS[0][0] in migrated.stdout
    status = loancs("db", "status", "--db", str(empty))
    assert status.returncode == 0 and f"schema version: {MIGRATIONS[-1][0]}" in status.stdout

    # A newer loancs migrated this database; this one must refuse it, by name, everywhere.
    conn = sqlite3.connect(empty)
    conn.execute("INSERT INTO schema_migrations VALUES ('9999_from_the_future', 0)")
    conn.commit()
    conn.close()
    status = loancs("db", "status", "--db", str(empty))
    assert status.returncode == 1 and "9999_from_the_future" in status.stdout
    for args in (["serve", "--port", "0"], ["agent", "list"], ["db", "migrate"]):
        result = loancs(*args, "--db", str(empty), timeout=60)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, (args, result.stderr)
        assert len(lines) == 1 and "newer loancs" in lines[0] and str(empty) in lines[0], lines


def test_a_missing_database_is_an_operators_error_everywhere(tmp_path) -> None:
    # db status, audit verify and report agree: no database at the path is exit 2 (an
    # operator's error, as a bad option is), one line naming the path, no traceback.
    missing = tmp_path / "no-such.db"
    for args in (["db", "status"], ["audit", "verify"], ["report", "service"]):
        result = loancs(*args, "--db", str(missing))
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2, (args, result.returncode, result.stderr)
        assert len(lines) == 1 and f"no database at {missing}" in lines[0], (args, lines)
    assert not missing.exists()
    # ... and so is a backup file that is not there (restore said it with exit 1, the code
    # of a backup that does not check out).
    result = loancs("restore", str(tmp_path / "no-such-backup.db"), "--db", str(missing))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"error: no backup at {tmp_path / 'no-such-backup.db'}"
    assert not missing.exists()
