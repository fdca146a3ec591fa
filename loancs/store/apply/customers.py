"""Customers and their identities: find or create, link, verify, reveal, forget keys."""

from __future__ import annotations

from loancs.core.events import Kind
from loancs.core.pii import mask_identity
from loancs.core.protocol import blank
from loancs.store import commands as c
from loancs.store.apply.common import ASSISTANT
from loancs.store.tx import OpError, Tx


def find_or_create_customer(
    tx: Tx, kind: str, value: str, name: str | None, actor: str, absent: bool = False
) -> int:
    """``absent``: the caller read, in this transaction and with nothing written since that
    could add it, that no customer has this identity (an ingest's own lookup): not read
    again."""
    # (apart from a batch's gathered messages: Tx.execute_apart)
    row = (
        None
        if absent
        else tx.one_apart(
            "SELECT customer_id FROM customer_identities WHERE kind = ? AND value = ?",
            (kind, value),
        )
    )
    if row:
        if name:
            tx.execute(
                "UPDATE customers SET name = ? WHERE id = ? AND name IS NULL", (name, row[0])
            )
        return row[0]
    refuse_blank(kind, value)
    row_id = tx.insert_apart(
        "INSERT INTO customers (name, created_at) VALUES (?, ?)", (name, tx.now)
    )
    customer = row_id
    tx.execute_apart(
        "INSERT INTO customer_identities (kind, value, customer_id, created_at) VALUES (?,?,?,?)",
        (kind, value, customer, tx.now),
    )
    tx.customers_noted = True  # their search row is written before COMMIT (Tx.commit)
    tx.append_event(
        Kind.CUSTOMER_CREATED,
        None,
        actor,
        {"customer": customer, "identity": kind, "display": mask_identity(kind, value)},
    )
    return customer


def refuse_blank(kind: str, value: str) -> None:
    """Every customer whose id is only spaces would be one customer, histories merged; an
    empty id is refused at the door, a blank one here (new identities only: no cost for the
    customers already known)."""
    if blank(value):
        raise OpError(
            "bad_frame", f"the customer's {kind} id is blank (only spaces or invisible characters)"
        )


def customer_for(tx: Tx, identity: c.Identity, actor: str) -> int:
    return find_or_create_customer(tx, identity.kind, identity.value, identity.name, actor)


def link_identity(tx: Tx, cmd: c.LinkIdentity) -> dict:
    kind, value = cmd.identity.kind, cmd.identity.value
    row = tx.one(
        "SELECT customer_id FROM customer_identities WHERE kind = ? AND value = ?", (kind, value)
    )
    if row and row[0] != cmd.customer:
        raise OpError("conflict", f"that {kind} identity belongs to customer {row[0]}")
    if row:
        return {"seq": 0, "customer": cmd.customer}
    refuse_blank(kind, value)
    tx.execute(
        "INSERT INTO customer_identities (kind, value, customer_id, created_at) VALUES (?,?,?,?)",
        (kind, value, cmd.customer, tx.now),
    )
    tx.customers_noted = True  # their search row is written before COMMIT (Tx.commit)
    seq = tx.append_event(
        Kind.IDENTITY_LINKED,
        None,
        cmd.actor,
        {"customer": cmd.customer, "identity": kind, "display": mask_identity(kind, value)},
    )
    return {"seq": seq, "customer": cmd.customer}


def _verify(tx: Tx, chatting: int, account: int, method: str, actor: str) -> int:
    tx.execute(
        "INSERT INTO verifications (customer_id, account_id, method, verified_at) VALUES (?,?,?,?)"
        " ON CONFLICT(customer_id) DO UPDATE SET account_id = excluded.account_id,"
        " method = excluded.method, verified_at = excluded.verified_at",
        (chatting, account, method, tx.now),
    )
    return tx.append_event(
        Kind.IDENTITY_VERIFIED, None, actor, {"customer": chatting, "method": method}
    )


def bind_wechat(tx: Tx, cmd: c.BindWechat) -> dict:
    actor = f"channel:{cmd.source}"
    account = customer_for(tx, cmd.identity, actor)
    chatting = find_or_create_customer(tx, "wechat", cmd.openid, None, actor)
    seq = _verify(tx, chatting, account, "wechat_binding", actor)
    return {"seq": seq, "customer": chatting, "account": account}


def verify_identity(tx: Tx, cmd: c.VerifyIdentity) -> dict:
    chatting = find_or_create_customer(tx, cmd.visitor.kind, cmd.visitor.value, None, ASSISTANT)
    account = find_or_create_customer(tx, cmd.account.kind, cmd.account.value, None, ASSISTANT)
    seq = _verify(tx, chatting, account, cmd.method, ASSISTANT)
    return {"seq": seq, "customer": chatting, "account": account}


def reveal(tx: Tx, cmd: c.Reveal) -> dict:
    """Return one identity in full and log who looked and why."""
    customer, field = cmd.customer, cmd.field
    if field.startswith("message:") and field[8:].isdigit():
        # A message's full text (agents get numbers in it masked).
        row = tx.one(
            "SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " WHERE m.id = ? AND c.customer_id = ?",
            (int(field[8:]), customer),
        )
        if row is None:
            raise OpError("not_found", f"customer {customer} has no {field}")
    else:
        row = tx.one(
            "SELECT value FROM customer_identities WHERE customer_id = ? AND kind = ?",
            (customer, field),
        )
    if row is None:
        raise OpError("not_found", f"customer {customer} has no {field} identity")
    seq = tx.append_event(
        Kind.PII_REVEALED,
        None,
        cmd.actor,
        {"customer": customer, "field": field, "reason": cmd.reason},
    )
    return {"seq": seq, "value": row[0]}


def forget_keys(tx: Tx, cmd: c.ForgetKeys) -> dict:
    if tx.sealer is not None:
        tx.sealer.forget(cmd.customers)
    for customer in cmd.customers:  # (and the batch's own: read again from here on)
        tx.keys.pop(customer, None)
    return {}
