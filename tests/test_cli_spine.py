"""The CLI around the spine: help for every command, admin commands, audit verify,
and `loancs tail` as a separate process that survives a server restart."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time

import click
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from loancs.cli import app
from loancs.client import LoancsClient
from loancs.core import protocol as p
from tests.conftest import query_rows, seed_accounts, spawn_server

runner = CliRunner()


def all_commands(group, prefix: tuple[str, ...] = ()):
    # Through list_commands/get_command: the root group loads its modules lazily, so its
    # `commands` dict is empty until a command is asked for.
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from all_commands(command, path)
        else:
            yield path, command


@pytest.mark.parametrize(
    "path", [p for p, _ in all_commands(get_command(app))], ids=lambda p: " ".join(p)
)
def test_every_command_has_help_with_an_example(path) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output or "example" in result.output, result.output
    # A flag takes no value, and a repeatable option takes one at a time.
    assert "<bool>" not in result.output and "<list[" not in result.output, result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("loancs ")


def test_agent_add_prints_token_once_and_list_hides_it(tmp_path) -> None:
    db = tmp_path / "x.db"
    added = runner.invoke(
        app,
        [
            "agent",
            "add",
            "王芳",
            "--skills",
            "mortgage,car:2",
            "--capacity",
            "phone:1,chat:4,wechat:2",
            "--db",
            str(db),
            "--json",
        ],
    )
    assert added.exit_code == 0, added.output
    token = json.loads(added.output)["token"]
    listed = runner.invoke(app, ["agent", "list", "--db", str(db), "--json"])
    agents = json.loads(listed.output)
    assert agents[0]["skills"] == {"mortgage": 1, "car": 2}
    assert agents[0]["capacity"] == {"phone": 1, "chat": 4, "wechat": 2}
    assert token not in listed.output
    dup = runner.invoke(app, ["agent", "add", "王芳", "--db", str(db)])
    assert dup.exit_code == 2 and "already exists" in dup.output
    bad = runner.invoke(app, ["agent", "add", "x", "--role", "boss", "--db", str(db)])
    assert bad.exit_code == 2
    off = runner.invoke(app, ["agent", "disable", "王芳", "--db", str(db)])
    assert off.exit_code == 0
    assert json.loads(runner.invoke(app, ["agent", "list", "--db", str(db), "--json"]).output)[0][
        "disabled"
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["agent", "list"],
        ["channel", "disable", "wechat-main"],
        ["privacy", "retain", "--dry-run"],
    ],
    ids=" ".join,
)
def test_a_mistyped_db_path_is_an_error_not_a_new_empty_database(tmp_path, command) -> None:
    """`loancs agent list --db ./loancs.bd` once printed an empty table (and made the file and
    its directory); commands that read or change what is there now name the missing file."""
    typo = tmp_path / "typo" / "loancs.bd"
    result = subprocess.run(
        [sys.executable, "-m", "loancs", *command, "--db", str(typo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Exit 2, an operator's error (it was 1, the code of "newer than this loancs").
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == (
        f"error: --db {typo}: the directory {typo.parent} does not exist"
        " (mistyped? if the path is right, make the directory first)"
    )
    assert not typo.parent.exists()
    typo.parent.mkdir()  # the directory is right, the file name is not
    result = subprocess.run(
        [sys.executable, "-m", "loancs", *command, "--db", str(typo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == f"error: no database at {typo}"
    assert not typo.exists()


def test_audit_verify_finds_the_first_broken_link(tmp_path) -> None:
    db = tmp_path / "x.db"
    seed_accounts(db)
    ok = runner.invoke(app, ["audit", "verify", "--db", str(db)])
    assert ok.exit_code == 0 and "all 8 events verify" in ok.output
    conn = sqlite3.connect(db)
    conn.execute("UPDATE events SET payload = replace(payload, '王芳', '王二') WHERE seq = 1")
    conn.commit()
    broken = runner.invoke(app, ["audit", "verify", "--db", str(db), "--json"])
    assert broken.exit_code == 1
    assert json.loads(broken.output) == {
        "ok": False,
        "checked": 0,
        "broken_seq": 1,
        "reason": "hash does not match the event's contents",
    }


@pytest.mark.slow
@pytest.mark.both_stores
def test_kill_9_loses_nothing_acknowledged(new_db, tmp_path, monkeypatch) -> None:
    """A client streams messages; the server is SIGKILLed mid-stream and restarted.
    Every acked message is stored exactly once; resending the unacked ones with the
    same external ids stores each once. On SQLite and on PostgreSQL."""
    db = new_db
    monkeypatch.setenv("LOANCS_MASTER_KEY_FILE", str(tmp_path / "master.key"))
    tokens = seed_accounts(db)
    server = spawn_server(db)
    acked: dict[str, int] = {}
    sent: list[str] = []

    async def stream(url: str, count: int, killer=None) -> None:
        client = LoancsClient(url, tokens["wechat"], subscribe=False, reconnect=False)
        await client.start()

        async def one(i: int) -> None:
            ext = f"k-{i}"
            sent.append(ext)
            try:
                ack = await client.call(
                    p.Ingest,
                    external_id=ext,
                    body=f"m{i}",
                    customer=p.Identity(kind="wechat", value=f"o{i % 7:020d}"),
                )
                acked[ext] = ack.message
            except Exception:
                pass

        tasks = []
        for i in range(count):
            tasks.append(asyncio.create_task(one(i)))
            if i == count // 2 and killer:
                await asyncio.sleep(0.05)
                killer()
            await asyncio.sleep(0.0005)
        await asyncio.gather(*tasks)
        await client.close()

    asyncio.run(stream(server.url, 2000, server.kill9))
    assert 0 < len(acked) < 2000, len(acked)
    stored = dict(query_rows(db, "SELECT external_id, id FROM messages"))
    for ext, message in acked.items():
        assert stored.get(ext) == message, ext

    server = spawn_server(db)
    try:
        resend_acked: dict[str, int] = {}

        async def resend() -> None:
            client = LoancsClient(server.url, tokens["wechat"], subscribe=False, reconnect=False)
            await client.start()

            async def again(ext: str) -> None:
                ack = await client.call(
                    p.Ingest,
                    external_id=ext,
                    body=f"m{int(ext[2:])}",
                    customer=p.Identity(kind="wechat", value=f"o{int(ext[2:]) % 7:020d}"),
                )
                resend_acked[ext] = ack.message
                if ext in acked:
                    assert ack.duplicate and ack.message == acked[ext]

            # As a gateway resends after a restart: a hundred in flight at a time (sent one
            # by one, each waiting for its own commit, they were most of this test's time).
            for at in range(0, len(sent), 100):
                await asyncio.gather(*(again(ext) for ext in sent[at : at + 100]))
            await client.close()

        asyncio.run(resend())
    finally:
        assert server.terminate() == 0
    rows = query_rows(db, "SELECT external_id, COUNT(*) FROM messages GROUP BY external_id")
    assert len(rows) == 2000 and all(n == 1 for _, n in rows)
    verify = runner.invoke(app, ["audit", "verify", "--db", str(db)])
    assert verify.exit_code == 0, verify.output


@pytest.mark.slow
def test_tail_process_resumes_after_server_restart(tmp_path) -> None:
    db = tmp_path / "t.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    port = server.url.rsplit(":", 1)[1]
    tail = subprocess.Popen(
        [sys.executable, "-m", "loancs", "tail", "--server", server.url, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOANCS_TOKEN": tokens["supervisor"]},
    )

    async def send(url: str, ext: str, body: str) -> None:
        client = LoancsClient(url, tokens["wechat"], subscribe=False, reconnect=False)
        await client.start()
        await client.call(
            p.Ingest,
            external_id=ext,
            body=body,
            customer=p.Identity(kind="wechat", value="oTAIL000000000000001"),
        )
        await client.close()

    try:
        # Wait until the tail is really subscribed (a loaded machine can take seconds to
        # start a Python process); stopping the server before that is a different story.
        assert tail.stderr is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "--" in (started := tail.stderr.readline()) and str(port) in started:
                break
            assert started, "loancs tail exited before it was subscribed"
        asyncio.run(send(server.url, "t1", "重启前 13812345678"))
        assert server.terminate() == 0
        asyncio.run(asyncio.sleep(0.5))
        server = spawn_server(db, port=int(port))
        asyncio.run(send(server.url, "t2", "重启后"))
        bodies = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and "重启后" not in bodies:
            line = tail.stdout.readline()
            event = json.loads(line)
            if event["kind"] == "message.received":
                bodies.append(event["payload"]["body"])
        assert bodies == ["重启前 138****5678", "重启后"]  # masked, in order, no duplicate
        tail.send_signal(2)  # Ctrl-C
        assert tail.wait(10) == 0
    finally:
        tail.kill()
        server.terminate()
