"""A load test run leaves nothing behind: its databases (hundreds of MB at the default sizes)
were left in a ``loancs-load-*`` directory under /tmp by every run, and the disk filled over a
day of measuring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "loadtest.py"


def test_a_load_test_run_removes_its_databases(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    args = ["--phases", "throughput", "--connections", "2", "--messages", "200"]
    run = subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--repeat", "1", "--subscribers", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "loancs / echo" in run.stdout  # it measured
    assert list(tmp_path.iterdir()) == []
