"""scripts/bench_history.py builds its year of data by applying commands the writer's way, each
at its own time in the year: the event log it writes must verify as the server's does (its
figures include `audit verify`, which read False for both trees in session 23's quiet run)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import bench_history  # noqa: E402

from loancs.store.audit import verify_log  # noqa: E402


def test_a_built_year_of_history_verifies(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    stats = bench_history.build(db, 1_500)
    assert stats["messages"] >= 1_500
    conn = sqlite3.connect(db)
    try:
        report = verify_log(conn)
        times = [ts for (ts,) in conn.execute("SELECT ts FROM events ORDER BY seq")]
    finally:
        conn.close()
    assert report.ok, report
    assert report.checked == stats["events"]
    assert len(set(times)) > 100  # the year's times kept, one per command, not one per batch
