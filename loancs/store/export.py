"""Rows for `loancs export`: conversations (with their messages), customers (with their
identities) and events, in a time range, with personal data masked unless revealed.

Masked: customer names (first character kept), identities (phone 138****5678, OpenID
first 4 + last 4), and ID, bank card and mobile numbers inside message bodies and event
payloads. Revealed exports are recorded in the event log (``data.exported``) with the
reason, like every other change."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from loancs.core import privacy as pv
from loancs.core.pii import mask_identity, mask_text
from loancs.store.audit import chain_columns

WHAT = ("conversations", "customers", "events")


def iso(ms: int | None, tz: ZoneInfo) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz).isoformat(timespec="seconds")


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_payload(value: Any, key: str = "") -> Any:
    """Event payloads: strings through mask_text, identity-looking fields masked whole."""
    if isinstance(value, dict):
        return {k: mask_payload(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_payload(v, key) for v in value]
    if isinstance(value, str):
        if key in ("openid", "phone", "caller", "callee", "from_number", "to_number"):
            return mask_identity("phone" if key != "openid" else "wechat", value)
        if key in ("name", "customer_name"):
            return mask_name(value)
        return mask_text(value)
    return value


def count(conn: sqlite3.Connection, what: str, start: int, end: int) -> int:
    table, column = {
        "conversations": ("conversations", "created_at"),
        "customers": ("customers", "created_at"),
        "events": ("events", "ts"),
    }[what]
    return conn.execute(
        f"SELECT COUNT(*) FROM {table} WHERE {column} >= ? AND {column} < ?", (start, end)
    ).fetchone()[0]


def rows(
    conn: sqlite3.Connection,
    what: str,
    start: int,
    end: int,
    reveal: bool,
    tz: ZoneInfo,
    unseal: Callable[[dict], dict] | None = None,
) -> Iterator[dict[str, Any]]:
    """``unseal`` opens the personal fields sealed in event payloads (store/privacy.py);
    None: they stay sealed (no master key here) and read ``[sealed]``."""
    if what == "conversations":
        yield from _conversations(conn, start, end, reveal, tz)
    elif what == "customers":
        yield from _customers(conn, start, end, reveal, tz)
    else:
        yield from _events(conn, start, end, reveal, tz, unseal or _still_sealed)


def _still_sealed(payload: dict) -> dict:
    parts = pv.sealed_parts(payload.get(pv.SEALED))
    if parts is None:
        return payload
    out = {k: v for k, v in payload.items() if k != pv.SEALED}
    for name in parts[2]:
        out[name] = "[sealed]"
    return out


def _identities(conn: sqlite3.Connection, customer: int, reveal: bool) -> list[dict[str, str]]:
    return [
        {"kind": kind, "value": value if reveal else mask_identity(kind, value)}
        for kind, value in conn.execute(
            "SELECT kind, value FROM customer_identities WHERE customer_id = ? ORDER BY kind",
            (customer,),
        )
    ]


def _conversations(conn, start, end, reveal, tz) -> Iterator[dict[str, Any]]:
    agents = {row[0]: row[1] for row in conn.execute("SELECT id, name FROM agents")}
    for row in conn.execute(
        "SELECT c.id, c.customer_id, cu.name, c.channel, c.status, c.loan_type, c.amount_fen,"
        " c.urgency, c.language, c.assigned_agent, c.created_at, c.first_response_at,"
        " c.resolved_at, c.outcome FROM conversations c JOIN customers cu"
        " ON cu.id = c.customer_id WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.id",
        (start, end),
    ):
        messages = [
            {
                "id": m[0],
                "at": iso(m[1], tz),
                "direction": m[2],
                "author": m[3],
                "kind": m[4],
                "body": m[5] if reveal else mask_text(m[5]),
            }
            for m in conn.execute(
                "SELECT id, ts, direction, author, kind, body FROM messages"
                " WHERE conversation_id = ? ORDER BY id",
                (row[0],),
            )
        ]
        yield {
            "id": row[0],
            "customer": row[1],
            "customer_name": row[2] if reveal else mask_name(row[2]),
            "identities": _identities(conn, row[1], reveal),
            "channel": row[3],
            "status": row[4],
            "loan_type": row[5],
            "amount_yuan": None if row[6] is None else f"{row[6] / 100:.2f}",
            "urgency": row[7],
            "language": row[8],
            "agent": agents.get(row[9]),
            "created_at": iso(row[10], tz),
            "first_response_at": iso(row[11], tz),
            "resolved_at": iso(row[12], tz),
            "outcome": row[13],
            "messages": messages,
        }


def _customers(conn, start, end, reveal, tz) -> Iterator[dict[str, Any]]:
    for row in conn.execute(
        "SELECT id, name, created_at, (SELECT COUNT(*) FROM conversations c"
        " WHERE c.customer_id = customers.id) FROM customers"
        " WHERE created_at >= ? AND created_at < ? ORDER BY id",
        (start, end),
    ):
        yield {
            "id": row[0],
            "name": row[1] if reveal else mask_name(row[1]),
            "identities": _identities(conn, row[0], reveal),
            "created_at": iso(row[2], tz),
            "conversations": row[3],
        }


def _events(conn, start, end, reveal, tz, unseal) -> Iterator[dict[str, Any]]:
    for row in conn.execute(
        f"SELECT seq, ts, kind, conversation, actor, payload, {chain_columns('events')}"
        " FROM events WHERE ts >= ? AND ts < ? ORDER BY seq",
        (start, end),
    ):
        payload = unseal(json.loads(row[5]))
        yield {
            "seq": row[0],
            "at": iso(row[1], tz),
            "ts": row[1],
            "kind": row[2],
            "conversation": row[3],
            "actor": row[4],
            "payload": payload if reveal else mask_payload(payload),
            # The hash covers the stored (sealed) payload, not this one: verify with audit.
            "prev_hash": row[6],
            "hash": row[7],
        }


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: nested values as compact JSON."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
        for k, v in row.items()
    }


def csv_rows(what: str, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """CSV: conversations become one row per message (a transcript table)."""
    if what != "conversations":
        yield flat(row)
        return
    head = {k: v for k, v in row.items() if k != "messages"}
    head["identities"] = json.dumps(head["identities"], ensure_ascii=False)
    if not row["messages"]:
        yield {**head, **{f"message_{k}": None for k in MESSAGE_FIELDS}}
    for message in row["messages"]:
        yield {**head, **{f"message_{k}": message[k] for k in MESSAGE_FIELDS}}


MESSAGE_FIELDS = ("id", "at", "direction", "author", "kind", "body")
