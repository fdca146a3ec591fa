"""The test run leaves nothing in the temporary directory (/tmp): what the harness makes for a
test process (PostgreSQL master keys) goes under the run's pytest directory, which pytest
keeps for the last three runs and then removes, even when a worker never gets to clean up.
Until session 44 each test process made a loancs-test-keys-* directory in /tmp, removed only
when the process ended normally: 66 were found there, left by workers that were killed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A worker that makes a PostgreSQL server's config (its master key file) and then ends as a
# killed one does: no exit handlers, no finalizers.
ENDS_ABRUPTLY = """
import os

from tests.conftest import make_config


def test_a_worker_that_ends_without_cleaning_up():
    config = make_config("postgresql://loancs@127.0.0.1:1/none")
    config.master_key_file.write_text("key")
    os._exit(3)
"""


def test_a_run_whose_worker_is_killed_leaves_nothing_in_the_temp_dir(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    base = tmp_path / "basetemp"
    (tmp_path / "test_ends_abruptly.py").write_text(ENDS_ABRUPTLY)
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(REPO)}
    env.pop(_keys_var(), None)  # the outer run's: the inner one names its own
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "1", "-p", "tests.conftest"]
        + ["-p", "no:cacheprovider", f"--basetemp={base}", "test_ends_abruptly.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = run.stdout + run.stderr
    assert "crashed" in said, said  # the worker did end without cleaning up
    assert sorted(p.name for p in temp.iterdir()) == [], said
    assert [p.read_text() for p in base.rglob("master.key")] == ["key"], said


def _keys_var() -> str:
    from tests.conftest import _KEYS_VAR

    return _KEYS_VAR
