"""Where the server's writer runs: ``writer = "auto"`` (the default) picks a thread of the
server's own process where only one CPU is usable (a child process there only adds
hand-overs of the one core) and a child process where two or more are; an explicit
``process`` or ``thread`` wins. The server says which at start-up."""

from __future__ import annotations

import logging

import pytest
from typer.testing import CliRunner

from loancs.core import protocol as p
from loancs.core.config import ServerFile
from loancs.server import config as server_config
from loancs.server.app import LoancsServer
from loancs.server.config import ServerConfig, usable_cpus, writer_mode
from tests.conftest import LiveServer, make_config, seed_accounts

WX = p.Identity(kind="wechat", value="oWRITERMODE000000000000001")


def test_auto_is_a_thread_on_one_cpu_and_a_process_on_more() -> None:
    assert writer_mode("auto", cpus=1)[0] == "thread"
    assert writer_mode("auto", cpus=2)[0] == "process"
    assert writer_mode("auto", cpus=64)[0] == "process"
    for asked in ("process", "thread"):  # asked: whatever the CPUs
        assert writer_mode(asked, cpus=1)[0] == asked
        assert writer_mode(asked, cpus=8)[0] == asked
    assert "1 CPU usable" in writer_mode("auto", cpus=1)[1]
    with pytest.raises(ValueError, match="auto, process or thread"):
        writer_mode("fork", cpus=2)
    assert ServerConfig(db_path="x.db").writer == "auto"
    assert ServerFile().server.writer == "auto"


def test_the_cpus_usable_are_the_affinitys(monkeypatch) -> None:
    monkeypatch.setattr(server_config.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert usable_cpus() == 1 and writer_mode("auto")[0] == "thread"
    monkeypatch.setattr(server_config.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert usable_cpus() == 2 and writer_mode("auto")[0] == "process"


async def test_a_server_on_one_cpu_writes_in_a_thread_and_acks(
    tmp_path, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(server_config.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    db = tmp_path / "one-cpu.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db))
    assert server.store.writer_mode == "thread"
    with caplog.at_level(logging.INFO, logger="loancs.server"):
        await server.start()
    live = LiveServer(server, db, tokens)
    try:
        assert type(server.store.writer).__name__ == "Writer"  # not ProcessWriter
        assert "writer: thread (auto: 1 CPU usable" in caplog.text
        wechat = await live.client("wechat")
        ack = await wechat.call(p.Ingest, external_id="wm-1", customer=WX, body="你好，房贷")
        again = await wechat.call(p.Ingest, external_id="wm-1", customer=WX, body="你好，房贷")
        assert ack.seq > 0 and ack.conversation and ack.message
        assert again.duplicate and again.seq == ack.seq
    finally:
        for client in live.clients:
            await client.close()
        await server.stop()


def test_serve_takes_writer_from_the_option_and_refuses_another(tmp_path) -> None:
    from loancs.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--writer", "fork"])
    assert result.exit_code == 2
    assert "auto, process or thread" in result.output
