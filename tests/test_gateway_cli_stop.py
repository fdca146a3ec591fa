"""`loancs gateway wechat|phone` started before its server: it waits for the server, and a
stop signal (systemctl stop, ctrl+c) then stops it cleanly, exit 0, one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("kind", ["wechat", "phone"])
def test_a_gateway_waiting_for_its_server_stops_cleanly_on_a_signal(tmp_path, kind, sig) -> None:
    server = f"ws://127.0.0.1:{_free_port()}/chat"  # nothing listens there
    args = {
        "wechat": [
            "--wx-token", "t", "--listen", f"127.0.0.1:{_free_port()}",
            "--state", str(tmp_path / "wx.state"),
        ],
        "phone": ["--ami", f"127.0.0.1:{_free_port()}", "--user", "u", "--secret", "s"],
    }[kind]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "gateway", kind, *args]
        + ["--token", "lcc_x", "--server", server],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        # it says it is waiting for the server (the log goes to stderr) before the signal
        deadline = time.monotonic() + 60
        seen = ""
        assert proc.stderr is not None
        while "cannot reach" not in seen and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen += line
        assert "cannot reach" in seen, seen
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, (proc.returncode, err)
    assert "Traceback" not in err, err
    assert "stopped before" in err, err
