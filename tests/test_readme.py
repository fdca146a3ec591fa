"""Every command in README.md runs as written, in order, the way a new user types them:
servers and `tail` in the background, the console in a real terminal (tmux), the rest to
completion with exit status 0 (or the `# exit N` the README states).

Not run here, with the reason: installing (`pipx install .`, `pip install`: tests/test_install.py
builds the wheel and installs it in a fresh venv), `bash scripts/test` (it is this suite) and
`python scripts/...` benchmarks (they take minutes and print figures)."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.terminal import Terminal, have_tmux

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NOT_RUN = ("pipx install", "pip install", "bash scripts/test", "python scripts/")
BACKGROUND = {"tail", "queues"}  # run until the end of the session, then Ctrl-C
TERMINAL = {"console", "demo"}  # full-screen: a real terminal
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def readme_commands(text: str) -> list[str]:
    """Lines of fenced ```sh blocks and of indented code blocks, in order."""
    commands: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                commands.append(stripped)
    return commands


def split_comment(line: str) -> tuple[str, str]:
    command, _, comment = line.partition("  #")
    return command.strip(), comment.strip()


def test_the_readme_lists_only_commands_it_can_run() -> None:
    for line in readme_commands(README.read_text(encoding="utf-8")):
        command, _ = split_comment(line)
        assert command.startswith(("loancs ", *NOT_RUN)), f"README line the test cannot run: {line}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not have_tmux(), reason="needs tmux (scripts/test installs it)")
def test_every_readme_command_runs_as_written(tmp_path) -> None:
    work = tmp_path / "work"
    home = tmp_path / "home"
    shim = tmp_path / "bin"
    for d in (work, home, shim):
        d.mkdir()
    # `loancs` on PATH is this checkout (as after `pip install -e .`).
    (shim / "loancs").write_text(
        f"#!{sys.executable}\nfrom loancs.cli import main\nmain()\n", encoding="utf-8"
    )
    (shim / "loancs").chmod(0o755)
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{shim}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "LOANCS_DATA": str(work),
        "LOANCS_CONFIG": str(home / ".config" / "loancs" / "config.toml"),
        # The README's default port, moved to a free one so a busy machine cannot collide.
        "LOANCS_PORT": str(port),
        "LOANCS_SERVER": f"ws://127.0.0.1:{port}",
        "SHELL": "/bin/bash",
        "COLUMNS": "120",
        "PYTHONUNBUFFERED": "1",
    }
    for key in ("LOANCS_TOKEN",):
        env.pop(key, None)
    tokens: dict[str, str] = {}
    background: list[tuple[str, subprocess.Popen]] = []
    said: dict[str, str] = {}  # what a background command printed before it was left to run
    terminals: list[tuple[str, Terminal]] = []
    ran: list[str] = []
    try:
        for line in readme_commands(README.read_text(encoding="utf-8")):
            command, comment = split_comment(line)
            if command.startswith(NOT_RUN):
                continue
            for name, token in tokens.items():
                command = command.replace(f"<{name}'s token>", token)
            assert "<" not in command, f"no token for {command}"
            word = shlex.split(command)[1] if len(shlex.split(command)) > 1 else ""
            if command.endswith("&") or word in BACKGROUND:
                proc = subprocess.Popen(
                    ["bash", "-c", "exec " + command.rstrip("&").strip()],
                    cwd=work,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    start_new_session=True,
                )
                background.append((command, proc))
                if word == "serve":
                    assert proc.stdout is not None
                    deadline = time.monotonic() + 60
                    while time.monotonic() < deadline:
                        out = proc.stdout.readline()
                        if "serving on" in out or not out:
                            break
                    assert "serving on" in out, f"{command}: {out}"
                elif word == "tail":
                    # Subscribed when it says so ("-- tailing ..."), however long its start
                    # takes; what it printed first is kept for the check at the end.
                    assert proc.stdout is not None
                    deadline = time.monotonic() + 60
                    while time.monotonic() < deadline:
                        out = proc.stdout.readline()
                        said[command] = said.get(command, "") + out
                        if out.startswith("-- ") or not out:
                            break
                    assert out.startswith("-- ") and proc.poll() is None, (command, said)
                else:
                    time.sleep(2)
                    assert proc.poll() is None, f"{command} exited: {proc.stdout.read()}"
            elif word in TERMINAL:
                term = Terminal(command, env=env, cwd=work)
                term.__enter__()
                terminals.append((command, term))
                assert term.wait_for("Connected", 60) or term.wait_for("已连接", 1), (
                    command,
                    term.screen(),
                )
            else:
                expected = int(m.group(1)) if (m := re.search(r"exit (\d+)", comment)) else 0
                result = subprocess.run(
                    ["bash", "-c", command],
                    cwd=work,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                assert result.returncode == expected, (command, result.stdout, result.stderr)
                for match in re.finditer(
                    r"added (?:agent|supervisor|admin|\w+ channel) (\S+) .*\ntoken[^:]*: (\S+)",
                    result.stdout,
                ):
                    tokens[match.group(1)] = match.group(2)
            ran.append(command)
        assert any(" simulate " in f" {c} " for c in ran) and any("serve" in c for c in ran)
        # What the user should have seen: the supervisor's tail shows the simulated borrowers.
        for command, proc in background:
            if " tail " in f" {command} ":
                os.killpg(proc.pid, signal.SIGINT)
                out, _ = proc.communicate(timeout=30)
                out = said.get(command, "") + out
                assert "customer message" in out or "客户消息" in out, out[-2000:]
                assert proc.returncode in (0, 130), out[-2000:]
    finally:
        for _, term in terminals:
            term.quit_console()
            term.__exit__(None, None, None)
        for command, proc in background:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    out, _ = proc.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    raise
                if " serve " in f" {command} ":
                    assert proc.returncode == 0, out[-2000:]
                    assert "Traceback" not in out


def test_simulate_with_only_a_wechat_channel_token(tmp_path) -> None:
    """Issue 17: `--channel-token wechat=...` without --mix used to demand a phone token."""
    from tests.conftest import seed_accounts, spawn_server

    db = tmp_path / "s.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "loancs",
                "simulate",
                "--server",
                server.url,
                "--channel-token",
                f"wechat={tokens['wechat']}",
                "--rate",
                "3",
                "--duration",
                "2",
                "--json",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        assert summary["messages"] > 0 and not summary["errors"], summary
        wrong = subprocess.run(
            [
                sys.executable,
                "-m",
                "loancs",
                "simulate",
                "--server",
                server.url,
                "--token",
                tokens["agent"],
                "--duration",
                "1",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert wrong.returncode == 2 and "not a channel token" in wrong.stderr
    finally:
        assert server.terminate() == 0
