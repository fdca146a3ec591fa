"""What the apply modules share: money in fen, the list excerpt, a conversation's routing
facts, and idempotency receipts."""

from __future__ import annotations

import json
from typing import Any

# One copy of each, in core; re-exported for the apply modules.
from loancs.core.money import fen as fen
from loancs.core.money import yuan as yuan
from loancs.core.projection import EXCERPT as EXCERPT
from loancs.core.projection import excerpt as excerpt
from loancs.store.tx import OpError, Tx

ASSISTANT = "assistant"


META_COLUMNS = "channel, assigned_agent, loan_type, status, customer_id, urgency, priority"


def meta_of(row: tuple) -> dict[str, Any]:
    """A conversation's facts for subscriber filtering, from its META_COLUMNS."""
    return {
        "channel": row[0],
        "assigned": row[1],
        "loan_type": row[2],
        "status": row[3],
        "customer": row[4],
        "urgency": row[5],
        "priority": row[6],
    }


def conv_meta(tx: Tx, conversation: int) -> dict[str, Any]:
    row = tx.one(f"SELECT {META_COLUMNS} FROM conversations WHERE id = ?", (conversation,))
    if row is None:
        raise OpError("not_found", f"no conversation {conversation}")
    return meta_of(row)


def receipt(tx: Tx, source: str, external_id: str) -> dict | None:
    """The ack stored for an idempotency key already seen (marked duplicate), or None."""
    row = tx.one(
        "SELECT ack FROM receipts WHERE source = ? AND external_id = ?", (source, external_id)
    )
    if row is None:
        return None
    ack = json.loads(row[0])
    ack["duplicate"] = True
    return ack


def store_receipt(tx: Tx, source: str, external_id: str, ack: dict) -> None:
    tx.execute(
        "INSERT INTO receipts (source, external_id, ack) VALUES (?, ?, ?)",
        (source, external_id, json.dumps(ack)),
    )


def require_handler(meta: dict, agent_id: int, role: str) -> None:
    if role in ("supervisor", "admin"):
        return
    if meta["assigned"] != agent_id:
        raise OpError("forbidden", "this conversation is not assigned to you")
