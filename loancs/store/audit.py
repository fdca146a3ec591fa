"""Reading the event log as a whole: verifying the hash chain, the last seq."""

from __future__ import annotations

import sqlite3

from loancs.core.eventlog import DERIVED_PREV, GENESIS_HASH, ChainReport, verify_chain
from loancs.store.tx import META_SINCE, hashed_meta

# An event row's prev_hash and hash as 64 hex characters each, in SQL (``loancs db copy``,
# export): a compact row (tx.py, migration 0038_compact_event_rows) holds its hash's bytes
# and leaves its prev_hash to the row before it. ``{e}``: the events table's alias.
HASH_TEXT = "CASE WHEN typeof({e}.hash) = 'blob' THEN lower(hex({e}.hash)) ELSE {e}.hash END"
PREV_HASH_TEXT = (
    f"CASE WHEN {{e}}.prev_hash != '{DERIVED_PREV}' THEN {{e}}.prev_hash"
    f" WHEN {{e}}.seq = 1 THEN '{GENESIS_HASH}'"
    f" ELSE (SELECT {HASH_TEXT.format(e='p')} FROM events p WHERE p.seq = {{e}}.seq - 1) END"
)


def chain_columns(alias: str) -> str:
    """``prev_hash, hash`` of the events table aliased ``alias``, both as hex text."""
    return f"{PREV_HASH_TEXT.format(e=alias)}, {HASH_TEXT.format(e=alias)}"


def refuse_newer(conn: sqlite3.Connection) -> None:
    """SchemaTooNew, in the migrations' own words, when a newer loancs migrated this
    database: its rows may be in a form this loancs would misread as a broken chain (loancs
    before 0038_compact_event_rows called a migrated database's first compact row broken)."""
    from loancs.store.migrations import _refuse_unknown, schema_status

    _refuse_unknown({row["name"] for row in schema_status(conn)["applied"]})


def meta_since(conn: sqlite3.Connection) -> int | None:
    """The first seq whose meta the chain covers (migration 0039_meta_under_hash's mark),
    or None: a database before it (or whose mark is gone: its covered rows then fail)."""
    try:
        row = conn.execute(META_SINCE).fetchone()
    except sqlite3.OperationalError as exc:
        if "chain_forms" not in str(exc):
            raise
        return None
    return None if row is None else int(row[0])


# Every column the chain covers, in verify_chain's order; the meta only where the chain
# covers it (from ``?``, the mark's seq: no string made for an older row's meta).
CHAIN_ROWS = (
    "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash,"
    " CASE WHEN seq >= ? THEN meta END FROM events ORDER BY seq"
)
_NEVER = 1 << 62  # (no mark: no row's meta is covered)


def verify_log(conn: sqlite3.Connection) -> ChainReport:
    """Recompute every event's hash in seq order; the first broken link, or all verify.
    (A PostgreSQL connection too: its rows store the meta's object, hashed as SQLite's
    array: ``hashed_meta``.)"""
    since = meta_since(conn)
    rows = conn.execute(CHAIN_ROWS, (_NEVER if since is None else since,))
    if isinstance(conn, sqlite3.Connection):
        return verify_chain(rows, since)
    return verify_chain(rows, since, hashed_meta)


def last_seq(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
