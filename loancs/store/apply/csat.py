"""Customer satisfaction: asking for a rating and recording the answer."""

from __future__ import annotations

from typing import Any

from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.apply.common import conv_meta
from loancs.store.tx import OpError, Tx

CSAT_DIGITS = frozenset("12345")


def ingest_rating(
    tx: Tx,
    conversation: int,
    display: str,
    body: str,
    kind: str,
    channel: str,
    external_id: str,
    actor: str,
) -> dict:
    """A customer's bare 1-5 answering a rating request: stored as their message and
    recorded as the rating."""
    row_id = tx.insert(
        "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel,"
        " external_id) VALUES (?, ?, ?, 'in', ?, ?, ?, ?, ?)",
        (conversation, tx.last_seq + 1, tx.now, display, body, kind, channel, external_id),
    )
    result = answer_in_tx(tx, conversation, int(body.strip()), None, actor)
    return {**result, "message": row_id, "duplicate": False}


def request_csat(tx: Tx, cmd: c.RequestCsat) -> dict:
    """Ask the customer of a resolved conversation for a rating, unless they were asked
    within ``window_ms``. ``prompt`` (WeChat) is also sent as a message the gateway
    delivers; web chat shows buttons on ``csat.requested``."""
    conversation, actor = cmd.conversation, cmd.actor
    meta = conv_meta(tx, conversation)
    if meta["status"] != "resolved":
        raise OpError("conflict", "only a resolved conversation is rated")
    asked = tx.one("SELECT MAX(requested_at) FROM csat WHERE customer = ?", (meta["customer"],))
    if asked and asked[0] is not None and tx.now - asked[0] < cmd.window_ms:
        return {"seq": 0, "skipped": "asked recently"}
    agent = meta["assigned"]
    name = tx.one("SELECT name FROM agents WHERE id = ?", (agent,)) if agent else None
    tx.execute(
        "INSERT INTO csat (conversation, customer, channel, agent, agent_name, requested_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            conversation,
            meta["customer"],
            meta["channel"],
            agent,
            name[0] if name else None,
            tx.now,
            tx.now + cmd.answer_ms,
        ),
    )
    payload: dict[str, Any] = {"agent": agent, "channel": meta["channel"]}
    if cmd.prompt:
        row_id = tx.insert(
            "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind,"
            " channel, delivery) VALUES (?, ?, ?, 'out', 'csat', ?, 'text', ?, 'queued')",
            (conversation, tx.last_seq + 1, tx.now, cmd.prompt, meta["channel"]),
        )
        tx.append_event(
            Kind.MESSAGE_SENT,
            conversation,
            actor,
            {
                "message": row_id,
                "agent": None,
                "agent_name": None,
                "channel": meta["channel"],
                "body": cmd.prompt,
                "csat": True,
            },
            meta,
        )
    seq = tx.append_event(Kind.CSAT_REQUESTED, conversation, actor, payload, meta)
    return {"seq": seq, "conversation": conversation}


def answer_in_tx(tx: Tx, conversation: int, score: int, comment: str | None, actor: str) -> dict:
    """Record a rating for the conversation's latest request. A repeated answer is
    acknowledged without a new event; an answer after the request expired is refused."""
    if not 1 <= score <= 5:
        raise OpError("bad_frame", "a rating is 1 to 5")
    row = tx.one(
        "SELECT id, expires_at, answered_at, agent, agent_name FROM csat"
        " WHERE conversation = ? ORDER BY id DESC LIMIT 1",
        (conversation,),
    )
    if row is None:
        raise OpError("conflict", "no rating was asked for this conversation")
    if row[2] is not None:
        return {"seq": 0, "conversation": conversation, "duplicate": True}
    if tx.now > row[1]:
        raise OpError("conflict", "the rating request has expired")
    comment = (comment or "").strip()[:500] or None
    tx.execute(
        "UPDATE csat SET answered_at = ?, score = ?, comment = ? WHERE id = ?",
        (tx.now, score, comment, row[0]),
    )
    meta = conv_meta(tx, conversation)
    seq = tx.append_event(
        Kind.CSAT_ANSWERED,
        conversation,
        actor,
        {"score": score, "comment": comment, "agent": row[3], "agent_name": row[4]},
        meta,
    )
    return {"seq": seq, "conversation": conversation}


def answer_csat(tx: Tx, cmd: c.AnswerCsat) -> dict:
    return answer_in_tx(tx, cmd.conversation, cmd.score, cmd.comment, cmd.actor)


def csat_reply(tx: Tx, customer: int, channel: str, body: str) -> int | None:
    """A bare 1-5 from a customer with no open conversation on this channel: the
    conversation whose rating request is still open, or None (then it is a new request)."""
    text = body.strip()
    if len(text) != 1 or text not in CSAT_DIGITS:
        return None
    row = tx.one(
        "SELECT conversation FROM csat WHERE customer = ? AND channel = ?"
        " AND answered_at IS NULL AND expires_at >= ? ORDER BY id DESC LIMIT 1",
        (customer, channel, tx.now),
    )
    return row[0] if row else None
