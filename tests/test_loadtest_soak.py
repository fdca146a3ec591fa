"""The soak (scripts/bench_soak.py, issue 18: main's memory with 200 agents over 10 minutes)
runs end to end: conversations come, are accepted, answered and resolved, and it prints the
main process's memory and its growth a conversation."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_soak.py"


def test_a_short_soak_resolves_what_comes_and_reports_memory(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "6", "--rate", "3", "--agents", "3"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    last = re.findall(r"created +(\d+) +resolved +(\d+) +errors (\d+)", run.stdout)[-1]
    created, resolved, errors = map(int, last)
    assert created >= 15 and resolved == created and errors == 0, run.stdout
    assert re.search(r"second half [+-]\d+\.\d\d KB a conversation", run.stdout), run.stdout
    assert list(tmp_path.iterdir()) == []  # its database removed
