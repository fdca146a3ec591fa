"""The admin commands on a real PostgreSQL (issue 16): `--db postgresql://...` for agents and
channels, the schema status, reports, a customer's export and erasure (the chain still
verifies); commands that only work on a SQLite file say so in one line."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from loancs.cli import app
from loancs.store import commands as c
from loancs.store.db import connect_sync
from loancs.store.keys import load_master_key
from loancs.store.privacy import Sealer
from loancs.store.writer import apply_now

runner = CliRunner()


def test_admin_commands_run_on_postgres(tmp_path, postgres, monkeypatch):
    url = postgres.fresh_database()
    monkeypatch.setenv("LOANCS_MASTER_KEY_FILE", str(tmp_path / "master.key"))
    added = runner.invoke(app, ["agent", "add", "王芳", "--skills", "car", "--db", url])
    assert added.exit_code == 0, added.output
    assert "token (shown once" in added.output
    gateway = runner.invoke(app, ["channel", "add", "wx", "--kind", "wechat", "--db", url])
    assert gateway.exit_code == 0, gateway.output
    agents = json.loads(runner.invoke(app, ["agent", "list", "--json", "--db", url]).output)
    assert [a["name"] for a in agents] == ["王芳"]
    status = runner.invoke(app, ["db", "status", "--db", url])
    assert status.exit_code == 0 and "pending: none" in status.output, status.output

    # A customer writes in (the store's own writer code, sealed with the lender's key).
    conn = connect_sync(url)
    ack = apply_now(
        conn,
        c.IngestMessage(
            source="wx",
            channel="wechat",
            external_id="cli-1",
            identity=c.Identity(kind="phone", value="13912345678", name="张伟"),
            body="我想提前还款",
        ),
        Sealer(load_master_key(url)),
    )
    customer = conn.execute(
        "SELECT customer_id FROM conversations WHERE id = ?", (ack["conversation"],)
    ).fetchone()[0]
    conn.close()

    report = runner.invoke(app, ["report", "service", "--format", "json", "--db", url])
    assert report.exit_code == 0, report.output
    [row] = json.loads(report.output)["rows"]
    assert row[json.loads(report.output)["columns"].index("opened")] == 1

    exported = runner.invoke(app, ["privacy", "export", "--customer", str(customer), "--db", url])
    assert exported.exit_code == 0, exported.output
    assert "13912345678" in exported.output and "我想提前还款" in exported.output
    erased = runner.invoke(app, ["privacy", "erase", "--customer", str(customer), "--db", url])
    assert erased.exit_code == 0 and "erased customer" in erased.output, erased.output
    after = runner.invoke(app, ["privacy", "export", "--customer", str(customer), "--db", url])
    assert "13912345678" not in after.output and "我想提前还款" not in after.output
    verified = runner.invoke(app, ["audit", "verify", "--db", url])
    assert verified.exit_code == 0, verified.output

    backup = runner.invoke(app, ["backup", str(tmp_path), "--db", url])
    assert backup.exit_code == 2 and "pg_dump" in backup.output


def test_a_database_that_cannot_be_opened_is_one_line(postgres):
    missing = postgres.url("no_such_database").replace("loancs@", "loancs:secret@")
    for argv in (["agent", "list", "--db", missing], ["serve", "--db", missing, "--port", "0"]):
        done = subprocess.run(
            [sys.executable, "-m", "loancs", *argv], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 2, done.stderr  # an operator's error, as on SQLite
        assert done.stderr.strip().splitlines() == [
            "error: cannot open the database postgresql://loancs:***@127.0.0.1:"
            f'{postgres.port}/no_such_database: database "no_such_database" does not exist'
        ]
