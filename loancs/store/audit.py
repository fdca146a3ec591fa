"""Reading the event log as a whole: verifying the hash chain, the last seq."""

from __future__ import annotations

import sqlite3

from loancs.core.eventlog import ChainReport, verify_chain


def verify_log(conn: sqlite3.Connection) -> ChainReport:
    """Recompute every event's hash in seq order; the first broken link, or all verify."""
    rows = conn.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events ORDER BY seq"
    )
    return verify_chain(rows)


def last_seq(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
