"""Admin changes go through the store's one writer: `loancs agent add` beside a running
server keeps one hash chain; the WeChat webhook's token rotation is an event; a disabled
webhook channel stays disabled across restarts."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

from typer.testing import CliRunner

from loancs.cli import app
from loancs.client import LoancsClient
from loancs.core import protocol as p
from loancs.store.audit import verify_log
from tests.conftest import spawn_server
from tests.test_serve_command import free_port

runner = CliRunner()
WX = p.Identity(kind="wechat", value="oADMIN00000000000001")


def _chain_ok(db) -> bool:
    conn = sqlite3.connect(db)
    try:
        return verify_log(conn).ok
    finally:
        conn.close()


async def test_agent_add_beside_a_running_server_keeps_one_chain(live_server) -> None:
    wechat = await live_server.client("wechat")
    await wechat.call(p.Ingest, external_id="adm-1", customer=WX, body="before")
    added = runner.invoke(app, ["agent", "add", "新人", "--db", str(live_server.db), "--json"])
    assert added.exit_code == 0, added.output
    token = added.output.strip().splitlines()[-1].split('"token": "')[1].split('"')[0]
    after = await wechat.call(p.Ingest, external_id="adm-2", customer=WX, body="after")
    newcomer = LoancsClient(live_server.url, token, reconnect=False)
    welcome = await newcomer.start()
    await newcomer.close()
    assert welcome.name == "新人" and welcome.seq >= after.seq
    again = runner.invoke(app, ["agent", "add", "新人", "--db", str(live_server.db)])
    assert again.exit_code == 2 and "already exists" in again.output
    disabled = runner.invoke(app, ["agent", "disable", "新人", "--db", str(live_server.db)])
    assert disabled.exit_code == 0, disabled.output
    kinds = [
        r[0]
        for r in sqlite3.connect(live_server.db).execute(
            "SELECT kind FROM events WHERE seq <= ? OR actor = 'admin:cli' ORDER BY seq",
            (after.seq,),
        )
    ]
    assert kinds.count("agent.created") >= 1 and kinds[-1] == "agent.disabled"
    assert _chain_ok(live_server.db)


def _webhook_events(db) -> list[tuple[str, str]]:
    return (
        sqlite3.connect(db)
        .execute("SELECT kind, actor FROM events WHERE kind LIKE 'channel.%' ORDER BY seq")
        .fetchall()
    )


def _serve_with_webhook(db):
    return spawn_server(db, "--wechat-listen", f"127.0.0.1:{free_port()}", "--wechat-token", "t")


def _wait_for(check, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_webhook_token_rotates_as_an_event_and_a_disabled_channel_stays_off(tmp_path):
    db = tmp_path / "wx.db"
    server = _serve_with_webhook(db)
    try:
        _wait_for(lambda: len(_webhook_events(db)) == 1)
    finally:
        assert server.terminate() == 0
    assert _webhook_events(db) == [("channel.created", "system:serve")]
    server = _serve_with_webhook(db)
    try:
        _wait_for(lambda: len(_webhook_events(db)) == 2)
    finally:
        assert server.terminate() == 0
    assert _webhook_events(db)[1] == ("channel.token_rotated", "system:serve")
    off = runner.invoke(app, ["channel", "disable", "wechat-webhook", "--db", str(db)])
    assert off.exit_code == 0, off.output
    result = subprocess.run(
        [sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", "0"]
        + ["--wechat-listen", f"127.0.0.1:{free_port()}", "--wechat-token", "t"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "the channel wechat-webhook is disabled" in result.stderr
    disabled = sqlite3.connect(db).execute(
        "SELECT disabled FROM channels WHERE name = 'wechat-webhook'"
    )
    assert disabled.fetchone() == (1,)
    assert [k for k, _ in _webhook_events(db)] == [
        "channel.created",
        "channel.token_rotated",
        "channel.disabled",
    ]
    assert _chain_ok(db)
