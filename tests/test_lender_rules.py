"""A lender's own rule file: enforced by the server, reloaded without a restart, and
handed to consoles so they highlight what the server will refuse."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.tui.app import ConsoleApp
from loancs.tui.service import LiveService
from tests.conftest import make_config, seed_accounts
from tests.test_server_spine import Recorder

RULE = """
[[rule]]
id = "lender.cash-out"
category = "marketing"
severity = "block"
patterns = ["{phrase}"]
message = "不得协助信用卡套现"
suggestion = "说明贷款资金须用于约定用途"
"""


@pytest.fixture(scope="module")
def rule_file(tmp_path_factory) -> Path:
    """The lender's rule file at one path for the whole module: the server's compiled rules
    are cached under a key that holds the file's path and text (loancs/rules_cache.py), so a
    path of its own per test made every server start compile the shipped packs and the
    lender's file again; at one path, the first start compiles and the others read the
    run's cache, as a real server restarted on the same file does."""
    return tmp_path_factory.mktemp("lender-rules") / "lender.toml"


@pytest.fixture
async def lender(tmp_path, rule_file):
    db = tmp_path / "l.db"
    tokens = seed_accounts(db)
    rules = rule_file
    # written afresh for every test: the reload test rewrites it
    rules.write_text(RULE.format(phrase="套现"), encoding="utf-8")
    server = LoancsServer(make_config(db, rules_path=rules))
    await server.start()
    yield server, tokens, rules
    await server.stop()


async def test_lender_rule_is_enforced_reloaded_and_shared(lender, caplog) -> None:
    server, tokens, rules = lender
    caplog.set_level(logging.ERROR, logger="loancs.compliance")
    seen = Recorder()
    sup = LoancsClient(server.url, tokens["supervisor"], on_event=seen)
    await sup.start()
    wechat = LoancsClient(server.url, tokens["wechat"])
    await wechat.start()
    ack = await wechat.call(
        p.Ingest,
        external_id="lr-1",
        body="能帮我套现吗",
        customer=p.Identity(kind="wechat", value="oLENDER0000000000001"),
    )
    with pytest.raises(ClientError) as info:
        await sup.call(p.Reply, conversation=ack.conversation, body="可以帮您套现")
    assert info.value.detail["hits"][0]["rule"] == "lender.cash-out"
    first = await sup.call(p.GetRules)
    assert first["version"] == 1 and "套现" in first["text"]

    rules.write_text(RULE.format(phrase="刷卡返现"), encoding="utf-8")
    os.utime(rules, (rules.stat().st_atime, rules.stat().st_mtime + 5))
    # a hang guard, not a speed check: the reload compiles the packs again (30 s was too
    # short at load 25 on 2 cores, session 36)
    await seen.wait_for(lambda e: e.kind == "compliance.rules_reloaded", timeout=120)
    assert (await sup.call(p.GetRules))["version"] == 2
    sent = await sup.call(p.Reply, conversation=ack.conversation, body="可以帮您套现")  # no longer
    assert sent.message
    with pytest.raises(ClientError):
        await sup.call(p.Reply, conversation=ack.conversation, body="支持刷卡返现")

    rules.write_text("[[rule]\nbroken", encoding="utf-8")  # a typo keeps the last good rules
    os.utime(rules, (rules.stat().st_atime, rules.stat().st_mtime + 10))
    # once the server has read the broken file (its watcher looks once a second): a fixed
    # 1.5 s here could pass before the watcher read anything on a loaded machine
    for _ in range(1200):
        if any("not reloaded" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.05)
    assert any("not reloaded" in r.getMessage() for r in caplog.records)
    assert (await sup.call(p.GetRules))["version"] == 2
    with pytest.raises(ClientError):
        await sup.call(p.Reply, conversation=ack.conversation, body="支持刷卡返现")
    await sup.close()
    await wechat.close()


async def test_console_highlights_the_lenders_rules(lender) -> None:
    server, tokens, _ = lender
    app = ConsoleApp(LiveService(server.url, tokens["agent"]), lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        # the console loads the lender's rules in the background (a compile: up to 120 s, a
        # hang guard; 30 s was too short at load 25 on 2 cores, session 36)
        for _ in range(2400):
            if app.rules.check("可以帮您套现").verdict == "block":
                break
            await pilot.pause(0.05)
        result = app.rules.check("可以帮您套现")
        assert result.verdict == "block" and result.hits[0].rule == "lender.cash-out"
        await app.shutdown()


async def test_console_start_up_does_not_wait_for_the_lenders_rules_to_compile(
    lender, monkeypatch
) -> None:
    """Compiling a lender's file on a cache miss took seconds on the UI loop: the console
    froze after the inbox came. It compiles in a thread now; the loop keeps running."""
    import threading

    import loancs.tui.app as console

    server, tokens, _ = lender
    real = console.load_rules
    started, gate, done = threading.Event(), threading.Event(), threading.Event()

    def slow(*args, **kwargs):
        if kwargs.get("text"):
            started.set()
            gate.wait(5)  # a compile that takes a while (released by the test, or after 5 s)
            done.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(console, "load_rules", slow)
    app = ConsoleApp(LiveService(server.url, tokens["agent"]), lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):
            if started.is_set():
                break
            await pilot.pause(0.05)
        assert started.is_set()
        await pilot.pause(0.2)  # the loop runs while the compile is under way
        assert not done.is_set(), "the UI loop waited for the compile"
        gate.set()
        for _ in range(600):
            if app.rules.check("可以帮您套现").verdict == "block":
                break
            await pilot.pause(0.05)
        assert app.rules.check("可以帮您套现").verdict == "block"
        await app.shutdown()
