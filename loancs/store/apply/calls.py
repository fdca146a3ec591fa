"""Phone calls: started, answered, ended, recording."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from loancs.core.pii import mask_identity
from loancs.store import commands as c
from loancs.store.apply.common import conv_meta, receipt, store_receipt
from loancs.store.apply.conversations import open_conversation
from loancs.store.apply.customers import customer_for
from loancs.store.tx import OpError, Tx


def record_call(tx: Tx, cmd: c.RecordCall) -> dict:
    """One event of a call. Deduplicated on (source, call_id, event)."""
    actor = f"channel:{cmd.source}"
    call_id, event = cmd.call_id, cmd.event
    key = f"call:{call_id}:{event}"
    seen = receipt(tx, cmd.source, key)
    if seen:
        return seen
    row = tx.one("SELECT conversation_id FROM calls WHERE call_id = ?", (call_id,))
    opened = False
    customer = None
    if row is None:
        identity = cmd.customer
        if identity is None:
            raise OpError(
                "bad_frame", f"call {call_id} is unknown: its first event needs `customer`"
            )
        customer = customer_for(tx, identity, actor)
        display = mask_identity(identity.kind, identity.value)
        conversation, meta, opened = open_conversation(
            tx, customer, cmd.channel, actor, display, cmd.hints
        )
        tx.execute(
            "INSERT INTO calls (call_id, conversation_id, direction, state, started_at)"
            " VALUES (?, ?, ?, 'ringing', ?)",
            (call_id, conversation, cmd.direction, cmd.at or tx.now),
        )
    else:
        conversation = row[0]
        meta = conv_meta(tx, conversation)
        customer = meta["customer"]
    at = cmd.at or tx.now
    payload: dict[str, Any] = {"call_id": call_id, "channel": cmd.channel, "customer": customer}
    if event == "started":
        payload["direction"] = cmd.direction
        # The screen-pop: who is calling, before anyone answers.
        ident = tx.one(
            "SELECT kind, value FROM customer_identities WHERE customer_id = ? LIMIT 1",
            (customer,),
        )
        payload["customer_display"] = mask_identity(*ident) if ident else None
    elif event == "answered":
        tx.execute(
            "UPDATE calls SET state = 'answered', answered_at = ?, agent = ? WHERE call_id = ?",
            (at, cmd.agent, call_id),
        )
        payload["agent"] = cmd.agent
    elif event == "ended":
        tx.execute(
            "UPDATE calls SET state = 'ended', ended_at = ?, cause = ?, duration_s = ?,"
            " billsec_s = ? WHERE call_id = ?",
            (at, cmd.cause, cmd.duration_s, cmd.billsec_s, call_id),
        )
        payload.update(cause=cmd.cause, duration_s=cmd.duration_s, billsec_s=cmd.billsec_s)
    elif event == "recording":
        recording = msgspec.to_builtins(cmd.recording) if cmd.recording is not None else {}
        tx.execute(
            "UPDATE calls SET recording = ? WHERE call_id = ?",
            (json.dumps(recording, ensure_ascii=False), call_id),
        )
        payload["recording"] = recording
    tx.fold(conversation)  # (its pending activity first: this writes the row's time)
    tx.execute("UPDATE conversations SET last_message_at = ? WHERE id = ?", (tx.now, conversation))
    seq = tx.append_event(f"call.{event}", conversation, actor, payload, meta)
    ack = {"seq": seq, "conversation": conversation, "duplicate": False}
    store_receipt(tx, cmd.source, key, ack)
    return {**ack, "opened": opened, "customer": customer, "meta": meta}
