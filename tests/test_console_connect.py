"""A console that cannot start says why and ends with a non-zero status: a wrong token,
or no server at that address (issue 17). It never sits on "Loading conversations…"."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from loancs.tui.app import ConsoleApp
from loancs.tui.service import LiveService


async def _run(app: ConsoleApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while app.return_code is None and loop.time() < deadline:
            await pilot.pause(0.05)


async def test_wrong_token_exits_non_zero_with_the_reason(live_server):
    app = ConsoleApp(LiveService(live_server.url, "lca_wrong"), lang="en")
    await _run(app)
    assert app.return_code == 1
    assert "token is wrong" in app.exit_reason


async def test_no_server_exits_non_zero_with_the_reason():
    app = ConsoleApp(LiveService("ws://127.0.0.1:9", "lca_x"), lang="zh")
    await _run(app)
    assert app.return_code == 1
    assert "连接不到服务器 ws://127.0.0.1:9" in app.exit_reason


def test_the_command_exits_1_and_prints_why():
    env = {**os.environ, "LOANCS_CONFIG": os.devnull}
    proc = subprocess.run(
        [sys.executable, "-m", "loancs", "console", "--server", "ws://127.0.0.1:9"]
        + ["--token", "lca_x", "--lang", "en"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 1
    assert "ws://127.0.0.1:9" in proc.stdout + proc.stderr
