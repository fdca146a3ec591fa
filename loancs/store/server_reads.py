"""The reads the websocket server needs besides the console's (queries.py): who carries a
conversation, a customer's address on a channel, contact counts for compliance, tokens
disabled or keys erased behind the server's back, and the like. The server writes no SQL;
it asks here."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import TYPE_CHECKING, Any

from loancs.store import reports
from loancs.store.backends import is_postgres, json_int

if TYPE_CHECKING:
    from loancs.store.db import Store


async def erased_keys_since(store: Store, since_ms: int) -> list[tuple[int, int]]:
    """(customer, erased_at) of the personal-data keys destroyed at or after ``since_ms``."""
    rows = await store.fetchall(
        "SELECT customer_id, erased_at FROM customer_keys WHERE erased_at >= ?", (since_ms,)
    )
    return [(r["customer_id"], r["erased_at"]) for r in rows]


async def disabled_tokens(store: Store) -> tuple[set[int], set[str]]:
    """The ids of disabled agents and the names of disabled channels."""
    # One query, one hop to a read thread (the server asks twice a second).
    rows = await store.fetchall(
        "SELECT id AS agent, NULL AS channel FROM agents WHERE disabled != 0 UNION ALL"
        " SELECT NULL, name FROM channels WHERE disabled != 0"
    )
    agents = {r["agent"] for r in rows if r["agent"] is not None}
    channels = {r["channel"] for r in rows if r["channel"] is not None}
    return agents, channels


async def carrier(store: Store, conversation: int) -> str | None:
    """The actor (``channel:<name>``) of the gateway the latest customer message of the
    conversation came through."""
    row = await store.fetchone(
        "SELECT e.actor FROM messages m JOIN events e ON e.seq = m.seq"
        " WHERE m.conversation_id = ? AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1",
        (conversation,),
    )
    return None if row is None else str(row["actor"])


async def first_identity(store: Store, customer: int, kind: str) -> tuple[str, str] | None:
    """The customer's first identity of ``kind`` as (kind, value)."""
    row = await store.fetchone(
        "SELECT kind, value FROM customer_identities WHERE customer_id = ? AND kind = ?"
        " ORDER BY created_at LIMIT 1",
        (customer, kind),
    )
    return None if row is None else (row["kind"], row["value"])


async def customer_with_identity(store: Store, kind: str, value: str) -> int | None:
    row = await store.fetchone(
        "SELECT customer_id FROM customer_identities WHERE kind = ? AND value = ?", (kind, value)
    )
    return None if row is None else int(row["customer_id"])


async def outbound_times(store: Store, customer: int, since_ms: int) -> list[int]:
    """When messages went out to this customer (any conversation) after ``since_ms``."""
    rows = await store.fetchall(
        "SELECT m.ts FROM messages m JOIN conversations c ON c.id = m.conversation_id"
        " WHERE c.customer_id = ? AND m.direction = 'out' AND m.ts > ?",
        (customer, since_ms),
    )
    return [r["ts"] for r in rows]


async def last_inbound(store: Store, conversation: int) -> int | None:
    """When the customer last wrote in this conversation."""
    row = await store.fetchone(
        "SELECT MAX(ts) AS ts FROM messages WHERE conversation_id = ? AND direction = 'in'",
        (conversation,),
    )
    return None if row is None else row["ts"]


async def conversation_language(store: Store, conversation: int) -> str | None:
    row = await store.fetchone("SELECT language FROM conversations WHERE id = ?", (conversation,))
    return None if row is None else row["language"]


async def visitor_conversation(store: Store, visitor: str) -> int | None:
    """A web-chat visitor's conversation: the open one, else the latest."""
    row = await store.fetchone(
        "SELECT c.id FROM conversations c JOIN customer_identities i"
        " ON i.customer_id = c.customer_id WHERE i.kind = 'visitor' AND i.value = ?"
        " AND c.channel = 'chat' ORDER BY (c.status != 'resolved') DESC, c.id DESC LIMIT 1",
        (visitor,),
    )
    return None if row is None else int(row["id"])


async def handed_off_open(store: Store) -> list[int]:
    """Open conversations the assistant has handed to a person."""
    rows = await store.fetchall(
        "SELECT s.conversation_id FROM assistant_state s JOIN conversations c"
        " ON c.id = s.conversation_id WHERE s.handed_off = 1 AND c.status != 'resolved'"
    )
    return [r["conversation_id"] for r in rows]


async def agent_state_changes(store: Store, window: int = 200_000) -> list[tuple[int, int]]:
    """(agent, ts) of the ``agent.state`` events among the last ``window`` events, in order."""
    rows = await store.fetchall(
        f"SELECT ts, {json_int(store.postgres, 'payload', 'agent')} AS agent FROM events"
        " WHERE seq > (SELECT COALESCE(MAX(seq), 0) - ? FROM events)"
        " AND kind = 'agent.state' ORDER BY seq",
        (window,),
    )
    return [(r["agent"], r["ts"]) for r in rows if r["agent"] is not None]


async def priority_facts(store: Store, conversations: list[int]) -> dict[int, dict[str, Any]]:
    """What a waiting conversation's priority is made of, by conversation."""
    if not conversations:
        return {}
    marks = ",".join("?" * len(conversations))
    rows = await store.fetchall(
        "SELECT id, channel, urgency, amount_fen, credit_band, priority FROM conversations"
        f" WHERE id IN ({marks})",
        conversations,
    )
    return {r["id"]: dict(r) for r in rows}


def _report(path: str, name: str, window: reports.Window, by: str | None, sla_s: int) -> Any:
    conn: Any
    if is_postgres(path):
        from loancs.store.backends.pg import PgConnection

        conn = PgConnection(path, read_only=True)
    else:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("PRAGMA busy_timeout=5000")
    try:
        return reports.report(conn, name, window, by, sla_s)
    finally:
        conn.close()


async def report(
    store: Store, name: str, window: reports.Window, by: str | None, sla_s: int
) -> Any:
    """One of the supervisor's reports, read on a connection of its own in a thread (a
    long report holds nobody else's read)."""
    return await asyncio.to_thread(_report, str(store.path), name, window, by, sla_s)
