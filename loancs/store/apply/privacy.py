"""Privacy: erasing a customer (key destroyed, projections scrubbed) and legal holds."""

from __future__ import annotations

from loancs.core import privacy as pv
from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.tx import OpError, Tx


def erase_customer(tx: Tx, cmd: c.EraseCustomer) -> dict:
    """Destroy the customer's key and scrub the projections, in one transaction, and record
    it in the log (without anything personal). The chain still verifies."""
    customer = cmd.customer
    if tx.one("SELECT 1 FROM customers WHERE id = ?", (customer,)) is None:
        raise OpError("not_found", f"no customer {customer}")
    held = tx.one("SELECT reason FROM privacy_holds WHERE customer_id = ?", (customer,))
    if held is not None:
        raise OpError("conflict", f"customer {customer} is on legal hold ({held[0]})")
    conversations = [
        r[0] for r in tx.execute("SELECT id FROM conversations WHERE customer_id = ?", (customer,))
    ]
    # Nothing is sealed with the destroyed key from now on, not even later in this batch:
    # the key is read again (erased: the op is refused), here and in the process's cache.
    tx.keys.pop(customer, None)
    if tx.sealer is not None:
        tx.sealer.forget([customer])
    tx.execute(
        "INSERT INTO customer_keys (customer_id, wrapped, created_at, erased_at)"
        " VALUES (?, NULL, ?, ?) ON CONFLICT(customer_id) DO UPDATE SET wrapped = NULL,"
        " erased_at = excluded.erased_at",
        (customer, tx.now, tx.now),
    )
    tx.execute("UPDATE customers SET name = NULL WHERE id = ?", (customer,))
    identities = tx.execute(
        "DELETE FROM customer_identities WHERE customer_id = ?", (customer,)
    ).rowcount
    messages = 0
    if conversations:
        marks = ",".join("?" * len(conversations))
        messages = tx.execute(
            f"UPDATE messages SET body = ?, attachment = NULL, author = ?"
            f" WHERE conversation_id IN ({marks})",
            (pv.ERASED, pv.ERASED, *conversations),
        ).rowcount
        # A pending excerpt (migration 0037) is the conversation's current one: folded
        # into the row first, then erased with it.
        for conversation in conversations:
            tx.fold(conversation)
        tx.execute(
            f"UPDATE conversations SET last_excerpt = ?, callback_note = NULL WHERE id IN ({marks})",
            (pv.ERASED, *conversations),
        )
        tx.note_excerpts(list(conversations))
        tx.execute(f"UPDATE csat SET comment = NULL WHERE conversation IN ({marks})", conversations)
        tx.execute(
            f"UPDATE calls SET recording = NULL WHERE conversation_id IN ({marks})", conversations
        )
        tx.execute(
            "UPDATE assistant_state SET slots = '{}', summary = NULL, reason = NULL"
            f" WHERE conversation_id IN ({marks})",
            conversations,
        )
    tx.execute(
        "UPDATE application_stages SET note = NULL WHERE application_id IN"
        " (SELECT id FROM applications WHERE customer_id = ?)",
        (customer,),
    )
    seq = tx.append_event(
        Kind.PRIVACY_ERASED,
        None,
        cmd.actor,
        {"customer": customer, "reason": cmd.reason, "conversations": len(conversations)},
    )
    return {
        "seq": seq,
        "customer": customer,
        "conversations": len(conversations),
        "messages": messages,
        "identities": identities,
    }


def set_legal_hold(tx: Tx, cmd: c.SetLegalHold) -> dict:
    """A legal hold (retention and erasure skip the customer), or its release."""
    customer = cmd.customer
    if tx.one("SELECT 1 FROM customers WHERE id = ?", (customer,)) is None:
        raise OpError("not_found", f"no customer {customer}")
    if cmd.release:
        tx.execute("DELETE FROM privacy_holds WHERE customer_id = ?", (customer,))
        kind = Kind.PRIVACY_HOLD_RELEASED
    else:
        tx.execute(
            "INSERT INTO privacy_holds (customer_id, reason, since) VALUES (?, ?, ?)"
            " ON CONFLICT(customer_id) DO UPDATE SET reason = excluded.reason",
            (customer, cmd.reason or "", tx.now),
        )
        kind = Kind.PRIVACY_HOLD
    payload = {"customer": customer, "reason": cmd.reason}
    return {"seq": tx.append_event(kind, None, cmd.actor, payload)}
