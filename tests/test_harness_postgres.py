"""The tests' PostgreSQL (tests/postgres.py) lives no longer than the test processes that use it:
a pytest stopped the way CI and a developer stop one (SIGKILL, SIGTERM to its process group)
takes its server with it, and the run's xdist workers share one server until the last of them
ends. Until session 45 the postmaster (in a session of its own) kept serving after its pytest
died, with its /tmp/loancs-pg-* directory."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.postgres import _bin

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    _bin("initdb") is None or _bin("pg_ctl") is None, reason="PostgreSQL is not installed"
)

# An inner test that takes the session's PostgreSQL, says where it is, and waits to be killed.
HOLD = """
import json, os, time
from tests.postgres import postgres  # noqa: F401

def test_hold(postgres):
    out = os.path.join(os.environ["HOLD_DIR"], f"{os.getpid()}.json")
    with open(out + ".tmp", "w") as f:
        json.dump({"pid": os.getpid(), "port": postgres.port}, f)
    os.replace(out + ".tmp", out)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _postmaster(port: int) -> tuple[int, str]:
    """The pid of the postmaster serving ``port`` and its directory (the data directory's parent)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = [a.decode() for a in f.read().split(b"\0")]
        except OSError:
            continue
        if "-D" in argv and "-p" in argv and argv[argv.index("-p") + 1] == str(port):
            return int(entry), os.path.dirname(argv[argv.index("-D") + 1])
    raise AssertionError(f"no postmaster on port {port}")


def _starter(root: str) -> int:
    """The process that started the server in ``root`` (its watchdog's parent)."""
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if f"{root}/holders".encode() not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat") as f:
                return int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    raise AssertionError(f"no watchdog for {root}")


def _holders(directory: Path, count: int, inner: subprocess.Popen[bytes]) -> list[dict]:
    deadline = time.monotonic() + 180
    while len(found := sorted(directory.glob("*.json"))) < count:
        assert inner.poll() is None, inner.communicate()[0].decode()[-3000:]
        assert time.monotonic() < deadline, "the inner tests did not start"
        time.sleep(0.1)
    return [json.loads(p.read_text()) for p in found]


def _gone(pid: int, root: str, seconds: float) -> float:
    """Waits until the postmaster ``pid`` has ended and ``root`` is removed; returns how long."""
    started = time.monotonic()
    while _alive(pid) or os.path.exists(root):
        if time.monotonic() - started > seconds:
            break
        time.sleep(0.1)
    return time.monotonic() - started


def _answers(port: int) -> bool:
    from loancs.store.backends.pg import PgConnection

    conn = PgConnection(f"postgresql://loancs@127.0.0.1:{port}/postgres")
    try:
        return conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        conn.close()


def _inner(tmp_path: Path, files: int, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
    hold = tmp_path / "hold"
    hold.mkdir()
    for n in range(files):
        (tmp_path / f"test_hold_{n}.py").write_text(HOLD)
    env = dict(os.environ, HOLD_DIR=str(hold), PYTHONPATH=str(ROOT))
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    inner = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
        + [f"--basetemp={tmp_path / 'inner'}", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a CI job's
    )
    return inner, hold


def _clean_up(inner: subprocess.Popen[bytes], servers: list[tuple[int, str]]) -> None:
    """Whatever a failed test left: the inner run, and (the base tree's leak) its servers."""
    if inner.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(inner.pid, signal.SIGKILL)
    inner.wait()
    for pid, root in servers:
        if _alive(pid):
            os.kill(pid, signal.SIGINT)  # a fast shutdown
            _gone(pid, "/", 30)
        shutil.rmtree(root, ignore_errors=True)


def test_a_killed_pytest_takes_its_postgresql_and_its_directory_with_it(tmp_path: Path) -> None:
    inner, hold = _inner(tmp_path, 1, "-p", "no:xdist")
    servers: list[tuple[int, str]] = []
    try:
        (held,) = _holders(hold, 1, inner)
        pid, root = _postmaster(held["port"])
        servers.append((pid, root))
        assert _alive(pid) and os.path.isdir(root)
        os.kill(held["pid"], signal.SIGKILL)  # the pytest process itself, nothing else
        took = _gone(pid, root, 60)
        assert not _alive(pid), f"the postmaster still runs {took:.0f} s after its pytest died"
        assert not os.path.exists(root), f"{root} still there {took:.0f} s after"
    finally:
        _clean_up(inner, servers)


def test_the_workers_share_one_postgresql_that_ends_with_the_last_of_them(tmp_path: Path) -> None:
    inner, hold = _inner(tmp_path, 2, "-n", "2", "--dist", "loadfile")
    servers: list[tuple[int, str]] = []
    try:
        first, second = _holders(hold, 2, inner)
        servers.extend(_postmaster(port) for port in {first["port"], second["port"]})
        assert first["pid"] != second["pid"]
        assert first["port"] == second["port"]  # one server for both workers
        ((pid, root),) = servers
        # The worker that started the server dies (SIGKILL): the other still uses it.
        starter = _starter(root)
        assert starter in (first["pid"], second["pid"])
        os.kill(starter, signal.SIGKILL)
        assert _gone(starter, "/nonexistent", 30) < 30
        time.sleep(2)  # (time enough for a watchdog that wrongly followed it to act)
        assert _alive(pid) and _answers(first["port"])
        # The run is stopped as CI stops a job: SIGTERM to its process group. The server and
        # its directory go with the last worker; nothing is left in the run's directory either.
        os.killpg(inner.pid, signal.SIGTERM)
        took = _gone(pid, root, 60)
        assert not _alive(pid), f"the postmaster still runs {took:.0f} s after the run ended"
        assert not os.path.exists(root), f"{root} still there {took:.0f} s after"
        assert not (tmp_path / "inner" / "postgres.json").exists()
    finally:
        _clean_up(inner, servers)
