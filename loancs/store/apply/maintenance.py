"""The store's own upkeep: a storage probe for /healthz, pragmas, report roll-ups."""

from __future__ import annotations

import re

from loancs.store import commands as c
from loancs.store.tx import OpError, Tx


def probe_storage(tx: Tx, cmd: c.ProbeStorage) -> dict:
    """A small real write, undone by a delete: does the store take writes again?"""
    tx.execute(
        "INSERT INTO receipts (source, external_id, ack) VALUES ('healthz', ?, ?)",
        (str(tx.now), "x" * 2000),
    )
    tx.execute("DELETE FROM receipts WHERE source = 'healthz'")
    return {}


def pragma(tx: Tx, cmd: c.Pragma) -> dict:
    """Run a PRAGMA on the writer's own connection (``max_page_count = N`` ...)."""
    if not re.fullmatch(r"[a-z_]+( = [0-9]+)?", cmd.statement):
        raise OpError("bad_frame", f"not a simple pragma: {cmd.statement!r}")
    if getattr(tx.conn, "dialect", None) == "postgresql":
        raise OpError("bad_frame", "PRAGMA is SQLite's; this store is PostgreSQL")
    row = tx.one(f"PRAGMA {cmd.statement}")
    return {"value": row[0] if row else None}


def rollup_reports(tx: Tx, cmd: c.RollupReports) -> dict:
    """Fold the next events into the report aggregates (see store/reports.py)."""
    from loancs.store.reports import rollup_step

    # Events of this batch are not in the table yet: they are folded next time.
    tx.settle()
    return {"seq": 0, "folded": rollup_step(tx.conn, cmd.limit)}
