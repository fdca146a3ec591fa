"""The writer child runs SQLite without its memory statistics (issue 18: SQLite counted every
allocation under a global mutex, which nothing in the child reads). Checked in a fresh
interpreter, as the child is: sqlite3 imported first (which initializes SQLite), then the
child's switch, then a database written and read as usual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_CHILD = """
import ctypes, sqlite3, sys, _sqlite3
from loancs.store import writer_process as wp
lib = ctypes.CDLL(_sqlite3.__file__)
lib.sqlite3_memory_used.restype = ctypes.c_int64
off = wp.sqlite_without_memory_stats()
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
conn.execute("BEGIN IMMEDIATE")
conn.executemany("INSERT INTO t (body) VALUES (?)", [("x" * 300,)] * 500)
conn.execute("COMMIT")
print(off, conn.execute("SELECT count(*), sum(length(body)) FROM t").fetchone(),
      lib.sqlite3_memory_used())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the switch is Linux only")
def test_child_sqlite_counts_no_memory_and_still_writes(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    # switched off; every row written and read back; SQLite counted nothing (with the
    # statistics on it reports the bytes it holds: tens of kB for this connection)
    assert out == ["True", "(500,", "150000)", "0"]
