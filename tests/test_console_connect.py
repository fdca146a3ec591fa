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
    assert app.return_code == 2  # as tail and queues say a refused token (no server: 1)
    assert "token is wrong" in app.exit_reason


async def test_no_server_exits_non_zero_with_the_reason():
    app = ConsoleApp(LiveService("ws://127.0.0.1:9", "lca_x"), lang="zh")
    await _run(app)
    assert app.return_code == 1
    assert "连接不到服务器 ws://127.0.0.1:9" in app.exit_reason


async def test_the_command_exits_2_for_a_wrong_token_as_tail_and_queues_do(live_server):
    """console, tail and queues: a refused token is exit 2 in all three (console said 1)."""
    env = {**os.environ, "LOANCS_CONFIG": os.devnull}
    for command in (["console"], ["tail"], ["queues", "--once"]):
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "loancs",
            *command,
            *("--server", live_server.url, "--token", "lca_wrong", "--lang", "en"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        _, err = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 2, (command, proc.returncode, err)
        assert b"token is wrong" in err


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


class StallingProxy:
    """A TCP door to a real server that lets the first ``stall`` connections in and then
    says nothing (as a server starved of CPU does: the opening handshake times out); the
    ones after are passed through."""

    def __init__(self, target: str, stall: int) -> None:
        host_port = target.removeprefix("ws://").rstrip("/")
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        self.stall = stall
        self.seen = 0
        self.held: list[asyncio.StreamWriter] = []
        self.tasks: set[asyncio.Task] = set()

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self._door, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}"

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()
        for writer in self.held:
            writer.close()
        for task in self.tasks:
            task.cancel()

    async def _door(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.seen += 1
        if self.seen <= self.stall:
            self.held.append(writer)
            return
        up_reader, up_writer = await asyncio.open_connection(self.host, self.port)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        for task in (pipe(reader, up_writer), pipe(up_reader, writer)):
            t = asyncio.create_task(task)
            self.tasks.add(t)


async def test_a_server_slow_to_answer_is_waited_for_and_said(live_server):
    """The first connection's opening handshake times out twice (a starved server): the
    console says it is still connecting, then signs in and lists the inbox; it used to
    give up at once with "Cannot reach the server" and exit 1."""
    async with StallingProxy(live_server.url, stall=2) as url:
        service = LiveService(url, live_server.tokens["agent"], open_timeout=0.5)
        app = ConsoleApp(service, lang="en")
        said: list[str] = []
        async with app.run_test(size=(100, 30)) as pilot:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            while not app.model.loaded and app.return_code is None and loop.time() < deadline:
                bar = app.screen.query_one("StatusBar")
                said.append(str(bar.render()))
                await pilot.pause(0.05)
            assert app.return_code is None, app.exit_reason
            assert app.model.loaded and app.model.name
            assert app.link_state == "connected"
            bar_now = str(app.screen.query_one("StatusBar").render())
            await pilot.press("q")
    assert any("slow to answer; still connecting" in s for s in said), said[-1:]
    assert "slow to answer" not in bar_now


async def test_a_refused_port_still_fails_at_once():
    app = ConsoleApp(LiveService("ws://127.0.0.1:9", "lca_x", open_timeout=0.5), lang="en")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await _run(app)
    assert app.return_code == 1 and "Cannot reach the server" in app.exit_reason
    assert loop.time() - started < 10


async def test_the_command_waits_for_a_slow_server_and_says_so(live_server, capsys):
    """`loancs console` signs in once before drawing anything: that sign-in, too, is tried
    again when the handshake times out, with one line on stderr."""
    from loancs.commands.console import sign_in

    async with StallingProxy(live_server.url, stall=1) as url:
        role = await asyncio.to_thread(
            sign_in, url, live_server.tokens["agent"], "en", open_timeout=0.5
        )
    assert role == "agent"
    err = capsys.readouterr().err
    assert f"{url} is slow to answer (timed out during opening handshake); still trying" in err


async def test_without_a_terminal_the_console_says_so_and_ends(live_server):
    """`nohup loancs console &` or a script: nobody can answer, yet the console used to
    stay signed in (available, offered work it never showed) until killed."""
    import os
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "console", "--server", live_server.url, "--lang", "en"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOANCS_TOKEN": live_server.tokens["agent"]},
    )
    try:
        out, err = await asyncio.to_thread(proc.communicate, timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 2, err
    assert err == (
        "error: the console needs a terminal (its input or screen is redirected); "
        "in a script use loancs tail --json or loancs queues --json\n"
    )
    assert out == ""  # no screen drawn
    # Nor is she signed in by it: the supervisor desk and the reports do not see her
    # "available" for the disconnect grace, then "offline (disconnected)".
    state = live_server.rows("SELECT state FROM agents WHERE name = ?", ["王芳"])
    assert state == [("offline",)]
    assert live_server.rows("SELECT seq FROM events WHERE kind = 'agent.state'") == []


async def test_an_agent_client_that_works_without_subscribing_is_signed_in(live_server):
    """Only a connection that says hello and nothing more leaves her state alone: one that
    sends requests without subscribing (a script, a gateway-like tool) signs her in at the
    first, as before."""
    from loancs.core import protocol as p

    agent = await live_server.client("agent", subscribe=False)
    assert live_server.rows("SELECT state FROM agents WHERE name = ?", ["王芳"]) == [("offline",)]
    await agent.call(p.ListConversations)
    assert live_server.rows("SELECT state, state_reason FROM agents WHERE name = ?", ["王芳"]) == [
        ("available", "signed in")
    ]


async def test_the_desk_too_says_the_server_is_slow_and_then_connects(live_server):
    from loancs.tui.desk.app import DeskApp

    async with StallingProxy(live_server.url, stall=2) as url:
        service = LiveService(url, live_server.tokens["supervisor"], open_timeout=0.5)
        app = DeskApp(service, "en", ticking=False)
        said: list[str] = []
        async with app.run_test(size=(100, 30)) as pilot:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            while loop.time() < deadline:
                status = app.session.last_status
                if status and (not said or said[-1] != status[0]):
                    said.append(status[0])
                if status and status[0] == "connected":
                    break
                await pilot.pause(0.05)
            await pilot.press("q")
    assert any(s.startswith("the server is slow to answer; still connecting…") for s in said), said
    assert said[-1] == "connected" and app.exit_code != 1
