"""A console that cannot start says why and ends with a non-zero status: a wrong token,
or no server at that address (issue 17). It never sits on "Loading conversations…"."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("who", ["agent", "supervisor"], ids=["console", "desk"])
async def test_sigterm_gives_the_terminal_back(live_server, who) -> None:
    """`kill <console>` (or a closed SSH session) ended the process with the terminal still
    in the app's modes: the alternate screen and mouse reporting stayed on, so the mouse
    typed escape codes into the shell. Now it leaves as `q` does, exit 0."""
    import os
    import pty
    import signal
    import subprocess
    import sys
    import time

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "console", "--server", live_server.url, "--lang", "en"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "LOANCS_TOKEN": live_server.tokens[who], "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(follower)
    seen = bytearray()

    def read_until(done, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not done():
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            seen.extend(chunk)

    try:
        name = {"agent": "王芳", "supervisor": "赵主管"}[who].encode()  # signed in: on screen
        await asyncio.to_thread(read_until, lambda: name in seen, 60)
        assert name in seen, bytes(seen[-400:])
        mark = len(seen)
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(read_until, lambda: proc.poll() is not None, 20)
        await asyncio.to_thread(read_until, lambda: False, 1)  # what it wrote last
        code = await asyncio.to_thread(proc.wait, 20)
    finally:
        proc.kill()
        os.close(leader)
    after = bytes(seen[mark:])
    assert code == 0, after[-400:]
    assert b"\x1b[?1049l" in after  # the alternate screen left
    assert b"\x1b[?1000l" in after  # mouse reporting off
