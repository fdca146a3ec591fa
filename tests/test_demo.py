"""`loancs demo`: the seeded history, the traffic, and the command from start to quit."""

from __future__ import annotations

import asyncio
import time

from loancs.client import LoancsClient
from loancs.core import protocol as p
from loancs.demo.seed import seed
from loancs.demo.traffic import demo_traffic
from loancs.server.app import LoancsServer, ServerConfig
from loancs.tui.app import ConsoleApp
from loancs.tui.service import LiveService

DAY = 86_400_000


async def test_seeded_history_spans_channels_stages_and_time(tmp_path):
    now = int(time.time() * 1000)
    accounts = await seed(tmp_path / "demo.db", now)
    server = LoancsServer(ServerConfig(db_path=tmp_path / "demo.db", port=0, synchronous="NORMAL"))
    await server.start()
    try:
        async with LoancsClient(server.url, accounts.tokens["supervisor"], subscribe=False) as sup:
            rows = await sup.call(p.ListConversations, limit=500)
            assert {r["channel"] for r in rows} == {"phone", "chat", "wechat"}
            waiting = [r for r in rows if r["status"] == "open"]
            assert len(waiting) >= 5 and all(
                now - r["last_message_at"] < 3_600_000 for r in waiting
            )
            resolved = [r for r in rows if r["status"] == "resolved"]
            assert resolved and all(r["resolved_at"] <= now - DAY for r in resolved)
            zhang = next(r for r in waiting if r["customer_name"] == "张伟")
            customer = await sup.call(p.GetCustomer, customer=zhang["customer"])
        assert {i["kind"] for i in customer["identities"]} == {"phone", "wechat"}
        assert all(
            "5678" not in i["display"] or "****" in i["display"] for i in customer["identities"]
        )
        (application,) = customer["applications"]
        assert [s["stage"] for s in application["timeline"]] == [
            "submitted",
            "document_review",
            "risk_review",
        ]
        assert {c["channel"] for c in customer["conversations"]} == {"phone", "wechat"}
        # The demo agent can sign in with the printed token and sees the waiting work.
        async with LoancsClient(server.url, accounts.tokens["agent"], subscribe=False) as agent:
            mine = await agent.call(p.ListConversations, status=["open", "pending"], limit=500)
        assert len(mine) >= 6
    finally:
        await server.stop()


async def test_demo_traffic_brings_customers_on_every_channel(live_server):
    stop = asyncio.Event()
    task = asyncio.create_task(
        demo_traffic(live_server.url, live_server.tokens, stop, rate=900, seed=3)
    )
    sup = await live_server.client("supervisor", subscribe=False)
    deadline = time.monotonic() + 20
    channels: set[str] = set()
    while time.monotonic() < deadline and len(channels) < 3:
        await asyncio.sleep(0.3)
        channels = {r["channel"] for r in await sup.call(p.ListConversations, limit=100)}
    stop.set()
    await asyncio.wait_for(task, 15)
    assert channels == {"phone", "chat", "wechat"}


async def test_demo_command_prints_tail_line_and_stops_everything(tmp_path, monkeypatch, capsys):
    from loancs.commands import demo as demo_cmd

    seen: dict[str, object] = {}

    async def quick_run(self: ConsoleApp) -> None:
        async with self.run_test(size=(120, 40)) as pilot:
            for _ in range(200):
                if self.model.loaded and self.link_state == "connected":
                    break
                await pilot.pause(0.05)
            seen["rows"] = len(self.model.conversations)
            seen["name"] = self.model.name
            seen["url"] = self.service.url if isinstance(self.service, LiveService) else None
            await pilot.press("q")

    monkeypatch.setattr(ConsoleApp, "run_async", quick_run)
    db = tmp_path / "kept.db"
    log = tmp_path / "demo.log"
    await demo_cmd._run(db, 0, "en", 30.0, 1, log)
    out = capsys.readouterr().out
    assert seen["name"] == "王芳" and int(seen["rows"]) >= 6
    assert f"loancs tail --server {seen['url']} --token lcs_" in out
    assert out.strip().endswith("demo stopped")
    # The server is gone once the console quits.
    try:
        async with LoancsClient(str(seen["url"]), "x", reconnect=False, open_timeout=1):
            raise AssertionError("the server should be stopped")
    except Exception as exc:  # noqa: BLE001
        assert (
            "unreachable" in str(exc)
            or "refused" in str(exc).lower()
            or "connect" in str(exc).lower()
        )


def test_the_stories_are_data_and_a_mistake_is_named(tmp_path):
    """The demo's people and histories live in loancs/demo/stories/*.toml (package data); an
    edited copy with a misspelt key, an unknown step or a bad time fails with the file named."""
    from pathlib import Path

    import pytest

    import loancs.demo
    from loancs.demo.seed import Says, ago_ms, load_stories, load_team

    team, stories = load_team(), load_stories()
    assert team.me.name == "王芳" and len(team.colleague) == 3
    assert {c.name for c in stories.customer} >= {"张伟", "李娜", "Emily Zhou"}
    first = next(s for s in stories.customer[0].step if isinstance(s, Says))
    assert first.on == "wechat" and first.hints == {"loan_type": "mortgage", "amount": "1200000"}
    assert ago_ms("1d 1h -5m") == DAY + 3_600_000 - 300_000
    with pytest.raises(ValueError, match="6 days"):
        ago_ms("6 days")
    text = (Path(loancs.demo.__file__).parent / "stories" / "customers.toml").read_text("utf-8")
    edited = tmp_path / "customers.toml"
    for wrong, named in [
        ('do = "assign"', "do"),  # becomes an unknown step
        ('phone = "13812345678"', "phnoe"),
    ]:
        bad = text.replace(wrong, wrong.replace("assign", "asign").replace("phone", "phnoe"), 1)
        edited.write_text(bad, "utf-8")
        with pytest.raises(ValueError, match=rf"customers\.toml.*{named}"):
            load_stories(edited)


def test_the_demo_without_a_terminal_says_so_and_seeds_nothing(tmp_path):
    """`loancs demo 2>/dev/null` (to hide warnings) or a script drew the console where nobody
    saw it, and the demo ran until killed. Now it says why and ends before seeding."""
    import os
    import subprocess
    import sys

    db = tmp_path / "demo.db"
    proc = subprocess.run(
        [sys.executable, "-m", "loancs", "demo", "--lang", "en", "--db", str(db)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: the demo opens the console, which needs a terminal")
    assert proc.stdout == "" and not db.exists()


async def test_after_the_demo_it_says_what_is_left_not_how_to_watch_a_stopped_server(
    tmp_path, monkeypatch, capsys
):
    from loancs.commands import demo as demo_cmd

    async def quick_run(self: ConsoleApp) -> None:
        async with self.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("q")

    monkeypatch.setattr(ConsoleApp, "run_async", quick_run)
    db = tmp_path / "kept.db"
    await demo_cmd._run(db, 0, "en", 0.0, 1, tmp_path / "demo.log")
    out = capsys.readouterr().out
    # the tail line is printed once, while the server runs, and never after it stopped
    assert out.count("loancs tail --server") == 1, out
    after = out.split("  loancs tail --server", 1)[1].split("\n", 2)[2]
    assert "watch it live" not in after and "supervisor token" not in after, after
    assert f"kept: {db}" in after and f"loancs serve --db {db}" in after, after
    await demo_cmd._run(tmp_path / "gone.db", 0, "en", 0.0, 1, tmp_path / "d2.log", kept=False)
    out = capsys.readouterr().out
    assert "temp database is removed" in out and out.strip().endswith("demo stopped"), out
