"""The real console in a real terminal (tmux): replies typed at full speed with backspaces,
a mid-line edit and an immediate Enter are stored exactly as typed (compared in the SQLite
file), and the reply box is empty afterwards. Drives scripts/tmux_typing.sh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


@pytest.mark.parametrize(("lang", "size"), [("en", "120x40"), ("zh", "80x24")])
def test_typing_at_full_speed_is_stored_exactly(lang, size):
    env = {
        **os.environ,
        "LOANCS": f"{sys.executable} -m loancs",
        "LANG_UI": lang,
        "SIZE": size,
        "ROUNDS": "15",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "tmux_typing.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all identical" in proc.stdout and "reply box is empty" in proc.stdout
