"""The assistant (issue 11): intents, its replies, hand-offs to a person, pre-qualification."""

from __future__ import annotations

import json
from typing import Any

from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.apply.common import ASSISTANT, conv_meta
from loancs.store.apply.conversations import record_outgoing
from loancs.store.tx import OpError, Tx


def _assistant_state(tx: Tx, conversation: int, **fields: Any) -> None:
    tx.execute(
        "INSERT INTO assistant_state (conversation_id, updated_at) VALUES (?, ?)"
        " ON CONFLICT(conversation_id) DO NOTHING",
        (conversation, tx.now),
    )
    if fields:
        sets = ", ".join(f"{k} = ?" for k in fields)
        tx.execute(
            f"UPDATE assistant_state SET {sets}, updated_at = ? WHERE conversation_id = ?",
            (*fields.values(), tx.now, conversation),
        )


def record_intent(tx: Tx, cmd: c.RecordIntent) -> dict:
    meta = conv_meta(tx, cmd.conversation)
    tx.execute("UPDATE messages SET intent = ? WHERE id = ?", (cmd.intent, cmd.message))
    _assistant_state(
        tx,
        cmd.conversation,
        intent=cmd.intent,
        confidence=cmd.confidence,
        slots=json.dumps(cmd.slots, ensure_ascii=False),
    )
    seq = tx.append_event(
        Kind.MESSAGE_INTENT,
        cmd.conversation,
        ASSISTANT,
        {"message": cmd.message, "intent": cmd.intent, "confidence": round(cmd.confidence, 3)},
        meta,
    )
    return {"seq": seq, "meta": meta}


def assistant_reply(tx: Tx, cmd: c.AssistantReply) -> dict:
    """The assistant's answer: an ordinary ``message.sent`` (actor ``assistant``). Refused
    once a person has the conversation, so the bot never talks over an agent."""
    conversation = cmd.conversation
    meta = conv_meta(tx, conversation)
    if meta["assigned"] is not None:
        raise OpError("conflict", "an agent has this conversation now")
    if meta["status"] == "resolved":
        raise OpError("conflict", "the conversation is resolved")
    seq, message = record_outgoing(
        tx, conversation, meta, ASSISTANT, ASSISTANT, None, cmd.body, cmd.warnings
    )
    return {"seq": seq, "conversation": conversation, "message": message, "meta": meta}


def assistant_handoff(tx: Tx, cmd: c.AssistantHandoff) -> dict:
    """A person takes over: the summary card, the skill hint (urgency, loan type) and the
    conversation back to ``open`` so it waits in the queue."""
    conversation = cmd.conversation
    meta = conv_meta(tx, conversation)
    updates: dict[str, Any] = {"status": "open"}
    if cmd.urgency and meta["urgency"] in (None, "normal"):
        updates["urgency"] = cmd.urgency
    if cmd.loan_type and meta["loan_type"] is None:
        updates["loan_type"] = cmd.loan_type
    sets = ", ".join(f"{k} = ?" for k in updates)
    tx.execute(
        f"UPDATE conversations SET {sets} WHERE id = ? AND status != 'resolved'",
        (*updates.values(), conversation),
    )
    meta.update({k: v for k, v in updates.items() if k in ("status", "urgency", "loan_type")})
    _assistant_state(tx, conversation, reason=cmd.reason, summary=cmd.summary, handed_off=1)
    seq = tx.append_event(
        Kind.ASSISTANT_HANDOFF,
        conversation,
        ASSISTANT,
        {
            "reason": cmd.reason,
            "intent": cmd.intent,
            "summary": cmd.summary,
            **{k: v for k, v in updates.items() if k in ("urgency", "loan_type")},
        },
        meta,
    )
    return {"seq": seq, "meta": meta}


def record_prequal(tx: Tx, cmd: c.RecordPrequal) -> dict:
    meta = conv_meta(tx, cmd.conversation)
    result = cmd.result
    _assistant_state(tx, cmd.conversation, prequal=json.dumps(result, ensure_ascii=False))
    payload = {
        "outcome": result["outcome"],
        "product": result.get("product"),
        "missing_documents": result.get("missing_documents", []),
        "failed_rules": result.get("failed_rules", []),
    }
    seq = tx.append_event(Kind.PREQUAL_COMPLETED, cmd.conversation, ASSISTANT, payload, meta)
    return {"seq": seq, "meta": meta}
