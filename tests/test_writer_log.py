"""The writer's log on a full disk: a client retrying at full speed against a full disk made
one ``commit of 1 ops failed`` line per refused frame (2,950 lines in 8 s). Now the first at
once, then one line per 10 s saying how many were refused meanwhile, and one line when
commits pass again; every refused command is still answered with a StorageError."""

from __future__ import annotations

import logging
from itertools import count
from pathlib import Path

import pytest

from loancs.store import writer
from loancs.store.tx import StorageError
from tests.test_writer_gather import NOW, ingest, prepared


def test_a_full_disk_logs_a_line_per_ten_seconds_counting_the_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    seconds = [0.0]
    monkeypatch.setattr(
        writer, "COMMIT_FAILURES", writer.CommitFailureLog(clock=lambda: seconds[0])
    )
    conn, sealer = prepared(tmp_path, "full.db")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    n = count()

    def send() -> tuple[bool, object]:
        i = next(n)
        cmd = ingest("F", f"full-{i}", "满" * 3000)
        (_, ok, value), *_ = writer.commit_batch(conn, lambda: NOW, [(cmd, i)], sealer)[0]
        return ok, value

    caplog.set_level(logging.INFO, logger="loancs.store")
    fitted = 0
    while send()[0]:  # a few fit, then the disk is full
        fitted += 1
        assert fitted < 100, "the disk never filled up"
    for _ in range(2950):  # the client retries for 8 s
        seconds[0] += 8 / 2950
        ok, value = send()
        assert not ok and isinstance(value, StorageError) and "full" in str(value)
    lines = [r.getMessage() for r in caplog.records if r.name == "loancs.store"]
    assert len(lines) == 1 and lines[0].startswith(
        "commit of 1 ops failed: database or disk is full"
    )

    seconds[0] += 3  # 11 s after the first line
    assert not send()[0]
    lines = [r.getMessage() for r in caplog.records if r.name == "loancs.store"]
    assert len(lines) == 2
    assert "(2950 more commits of 2950 ops refused in the last 11 s)" in lines[1], lines[1]

    conn.execute("PRAGMA max_page_count = 1073741823")  # space again
    assert send()[0] and send()[0]
    lines = [r.getMessage() for r in caplog.records if r.name == "loancs.store"]
    assert len(lines) == 3
    assert lines[2] == "commits pass again after 2952 refused (2952 ops, nothing of them stored)"
