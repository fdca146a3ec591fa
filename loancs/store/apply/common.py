"""What the apply modules share: money in fen, the list excerpt, a conversation's routing
facts, and idempotency receipts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from loancs.core.pii import mask_text
from loancs.store.tx import OpError, Tx

EXCERPT = 80
ASSISTANT = "assistant"


def fen(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def yuan(amount_fen: int | None) -> str | None:
    return None if amount_fen is None else f"{Decimal(amount_fen) / 100:.2f}"


# A run that could hold an ID, card or mobile number (full-width digits included).
_LONG_NUMBER = re.compile(r"[0-9０-９][0-9０-９ \-]{9,}")


def excerpt(body: str) -> str:
    """The list line for a conversation: one line, cut, with personal numbers masked (the
    list goes to every agent of the queue; full values only through `reveal`)."""
    if _LONG_NUMBER.search(body):
        body = mask_text(body)
    flat = " ".join(body.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


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
