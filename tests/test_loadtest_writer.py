"""The load test starts its servers with the writer asked (``--writer auto|process|thread``,
default auto as ``loancs serve``), so the one-CPU figures of docs/deploy.md can be measured
with either writer on the same cores, and says where the writer runs and on how many usable
CPUs (under ``taskset -c 1`` the machine still has its cores, the run one)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import loadtest  # noqa: E402


class _Started(Exception):
    pass


@pytest.mark.parametrize(("asked", "expected"), [(None, "auto"), ("thread", "thread")])
def test_the_server_is_started_with_the_writer_asked(monkeypatch, asked, expected) -> None:
    seen: list[list[str]] = []

    def popen(argv, **kwargs):
        seen.append(argv)
        raise _Started

    monkeypatch.setattr(loadtest.subprocess, "Popen", popen)
    with pytest.raises(_Started):
        if asked is None:
            loadtest.start_loancs(Path("x.db"), "full")
        else:
            loadtest.start_loancs(Path("x.db"), "full", asked)
    argv = seen[0]
    if expected == "auto":  # the server's default, left unsaid (older trees have no option)
        assert "--writer" not in argv
    else:
        assert argv[argv.index("--writer") + 1] == expected


def test_where_the_writer_runs_is_read_from_the_servers_children() -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as child:
        try:
            me = type("P", (), {"pid": loadtest.os.getpid()})()  # the sleeper's parent
            assert loadtest.writer_of(me) == "a child process"  # type: ignore[arg-type]
            alone = type("P", (), {"pid": child.pid})()
            assert loadtest.writer_of(alone) == "a thread"  # type: ignore[arg-type]
        finally:
            child.kill()
    assert loadtest.usable_cpus() >= 1
