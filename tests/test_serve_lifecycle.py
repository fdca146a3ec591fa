"""`loancs serve` as systemd, `timeout` and Ctrl-C run it: a bind error exits 1 at once, one
SIGTERM or SIGINT to the process group stops it cleanly (writer child included, no traceback,
no "Broken pipe"), and a database it cannot write is one line naming the file."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import seed_accounts

pytestmark = pytest.mark.slow
NOISE = ("Traceback", "KeyboardInterrupt", "Broken pipe", "BrokenPipe", "Exception")


def start(db: Path, *extra: str, port: int = 0) -> tuple[subprocess.Popen, str]:
    """The server in its own process group (as a shell job or a systemd unit)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    seen = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        seen.append(line)
        if "serving on" in line:
            return proc, "".join(seen)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("server did not start: " + "".join(seen))


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie waiting for its parent counts as gone
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_one_signal_to_the_process_group_stops_cleanly(tmp_path, sig) -> None:
    db = tmp_path / "s.db"
    seed_accounts(db)
    proc, head = start(db)
    writer = children(proc.pid)
    assert writer, "the writer runs in a child process"
    os.killpg(proc.pid, sig)  # what Ctrl-C in a terminal, systemd and `timeout` do
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, head + out
    assert "loancs stopped" in out
    assert not any(word in out for word in NOISE), out
    assert not any(alive(pid) for pid in writer), "the writer child outlived its server"


def test_timeout_stops_it_with_one_signal(tmp_path) -> None:
    if shutil.which("timeout") is None:
        pytest.skip("needs coreutils timeout")
    db = tmp_path / "t.db"
    started = time.monotonic()
    result = subprocess.run(
        ["timeout", "4", sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 124  # timeout's status: it had to send its one SIGTERM
    assert time.monotonic() - started < 30  # no second signal needed (it would hang here)
    assert "loancs stopped" in result.stdout
    assert not any(word in result.stderr + result.stdout for word in NOISE), result.stderr


def test_busy_port_exits_1_at_once(tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "loancs", "serve", "--db", str(tmp_path / "b.db")]
            + ["--port", str(port)],
            capture_output=True,
            text=True,
            timeout=90,
        )
    # it gives up at once instead of retrying (the bound allows a start on a busy machine)
    assert time.monotonic() - started < 60
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: cannot listen on 127.0.0.1:{port}: address already in use"], lines


def test_address_not_ours_exits_1(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loancs", "serve", "--db", str(tmp_path / "b.db")]
        + ["--host", "192.0.2.1", "--port", "8765"],  # TEST-NET-1: never a local address
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert re.fullmatch(r"error: cannot listen on 192\.0\.2\.1:8765: [^\n]+\n", result.stderr)


def test_a_host_name_that_does_not_resolve_is_said_in_words(tmp_path) -> None:
    """It said "cannot listen on nonsense.invalid:0: unknown error -2"."""
    result = subprocess.run(
        [sys.executable, "-m", "loancs", "serve", "--db", str(tmp_path / "b.db")]
        + ["--host", "nonsense.invalid", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot listen on nonsense.invalid:0: "), result.stderr
    assert "unknown error" not in result.stderr and result.stderr.count("\n") == 1


@pytest.fixture
def read_only_dir(tmp_path):
    """A directory nobody may write to, root included (a read-only tmpfs), with a database
    made before it turned read-only."""
    target = tmp_path / "ro"
    target.mkdir()
    if os.geteuid() != 0:
        seed_accounts(target / "ro.db")
        target.chmod(0o555)
        yield target
        target.chmod(0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(target)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        seed_accounts(target / "ro.db")
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)])


@pytest.mark.parametrize(
    ("command", "status"),
    [
        # serve makes the master key file beside the database first: a key file it cannot
        # create is exit 1; a database it cannot open is exit 2 (docs/operations.md)
        (["serve", "--port", "0", "--db", "{dir}/new.db"], 1),
        (["serve", "--port", "0", "--db", "{dir}/ro.db"], 1),
        (["agent", "list", "--db", "{dir}/ro.db"], 2),
        (["agent", "add", "李四", "--db", "{dir}/new.db"], 2),
    ],
    ids=["serve-new", "serve-existing", "agent-list", "agent-add"],
)
def test_a_database_it_cannot_write_is_one_line(read_only_dir, command, status) -> None:
    args = [part.replace("{dir}", str(read_only_dir)) for part in command]
    result = subprocess.run(
        [sys.executable, "-m", "loancs", *args], capture_output=True, text=True, timeout=60
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == status, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert str(read_only_dir) in lines[0]


def test_audit_verify_reads_a_database_on_read_only_media(read_only_dir) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loancs", "audit", "verify", "--db", f"{read_only_dir}/ro.db"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "verify" in result.stdout, result.stderr


def test_busy_wechat_webhook_port_stops_the_server_with_1(tmp_path) -> None:
    """Running on without the webhook would lose every WeChat message silently."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "loancs",
                "serve",
                "--db",
                str(tmp_path / "w.db"),
                "--port",
                "0",
                "--wechat-listen",
                f"127.0.0.1:{port}",
                "--wechat-token",
                "t",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result.stderr
    assert (
        f"error: cannot listen on 127.0.0.1:{port} (WeChat webhook): address already in use"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
