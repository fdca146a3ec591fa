"""Write operations: each returns an ``op(tx)`` for the writer. An op appends its events
and updates the projection tables in the same transaction, and raises OpError when the
action does not fit the current state (nothing it did is kept)."""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from typing import Any

from loancs.core.pii import mask_identity, mask_text
from loancs.store.writer import OpError, Tx

EXCERPT = 80
_FACTORIES: dict[str, Any] = {}


class OpCall:
    """An op described by its factory's name and arguments, so it can be sent to a writer
    in another process (a closure cannot be pickled); calling it runs the op."""

    __slots__ = ("name", "args", "kwargs")

    def __init__(self, name: str, args: tuple, kwargs: dict[str, Any]):
        self.name, self.args, self.kwargs = name, args, kwargs

    def __call__(self, tx: Tx) -> Any:
        return _FACTORIES[self.name](*self.args, **self.kwargs)(tx)

    def __reduce__(self):
        return (OpCall, (self.name, self.args, self.kwargs))

    def __repr__(self) -> str:
        return f"OpCall({self.name})"


def op_factory(fn):
    """Register ``fn`` (which returns ``op(tx)``) and make it return an OpCall instead."""
    _FACTORIES[fn.__name__] = fn

    @functools.wraps(fn)
    def describe(*args: Any, **kwargs: Any) -> OpCall:
        return OpCall(fn.__name__, args, kwargs)

    return describe


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


# ---------------------------------------------------------------- lookups


_META_COLUMNS = "channel, assigned_agent, loan_type, status, customer_id, urgency, priority"


def _meta(row: tuple) -> dict[str, Any]:
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
    row = tx.one(f"SELECT {_META_COLUMNS} FROM conversations WHERE id = ?", (conversation,))
    if row is None:
        raise OpError("not_found", f"no conversation {conversation}")
    return _meta(row)


def _receipt(tx: Tx, source: str, external_id: str) -> dict | None:
    row = tx.one(
        "SELECT ack FROM receipts WHERE source = ? AND external_id = ?", (source, external_id)
    )
    if row is None:
        return None
    ack = json.loads(row[0])
    ack["duplicate"] = True
    return ack


def _store_receipt(tx: Tx, source: str, external_id: str, ack: dict) -> None:
    tx.execute(
        "INSERT INTO receipts (source, external_id, ack) VALUES (?, ?, ?)",
        (source, external_id, json.dumps(ack)),
    )


def find_or_create_customer(tx: Tx, kind: str, value: str, name: str | None, actor: str) -> int:
    row = tx.one(
        "SELECT customer_id FROM customer_identities WHERE kind = ? AND value = ?", (kind, value)
    )
    if row:
        if name:
            tx.execute(
                "UPDATE customers SET name = ? WHERE id = ? AND name IS NULL", (name, row[0])
            )
        return row[0]
    cur = tx.execute("INSERT INTO customers (name, created_at) VALUES (?, ?)", (name, tx.now))
    customer = cur.lastrowid
    tx.execute(
        "INSERT INTO customer_identities (kind, value, customer_id, created_at) VALUES (?,?,?,?)",
        (kind, value, customer, tx.now),
    )
    tx.append_event(
        "customer.created",
        None,
        actor,
        {"customer": customer, "identity": kind, "display": mask_identity(kind, value)},
    )
    return customer


def link_identity(tx: Tx, customer: int, kind: str, value: str, actor: str) -> None:
    """Say that an identity belongs to a known customer (e.g. a caller who gave an ID)."""
    row = tx.one(
        "SELECT customer_id FROM customer_identities WHERE kind = ? AND value = ?", (kind, value)
    )
    if row and row[0] != customer:
        raise OpError("conflict", f"that {kind} identity belongs to customer {row[0]}")
    if row:
        return
    tx.execute(
        "INSERT INTO customer_identities (kind, value, customer_id, created_at) VALUES (?,?,?,?)",
        (kind, value, customer, tx.now),
    )
    tx.append_event(
        "identity.linked",
        None,
        actor,
        {"customer": customer, "identity": kind, "display": mask_identity(kind, value)},
    )


# The columns open_conversation needs of an existing conversation.
_CONV_LOOKUP = (
    "c.id, c.channel, c.assigned_agent, c.loan_type, c.status, c.customer_id, c.urgency,"
    " c.priority, c.amount_fen, c.credit_band"
)
_OPEN_CONVERSATION = (
    "SELECT MAX(id) FROM conversations WHERE customer_id = {customer} AND channel = ?"
    " AND status != 'resolved'"
)
_INGEST_LOOKUP = (
    f"SELECT d.id, d.seq, d.conversation_id, i.customer_id, {_CONV_LOOKUP}, dc.customer_id"
    " FROM (SELECT 1)"
    " LEFT JOIN messages d ON d.channel = ? AND d.external_id = ?"
    " LEFT JOIN conversations dc ON dc.id = d.conversation_id"
    " LEFT JOIN customer_identities i ON i.kind = ? AND i.value = ?"
    " LEFT JOIN conversations c ON c.id = ("
    + _OPEN_CONVERSATION.format(customer="i.customer_id")
    + ")"
)
_UNSET: Any = object()


def open_conversation(
    tx: Tx,
    customer: int,
    channel: str,
    actor: str,
    display: str,
    hints: dict[str, Any] | None,
    row: tuple | None = _UNSET,
    changed: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any], bool]:
    """The customer's unresolved conversation on this channel, or a new one. ``row`` is that
    conversation's ``_CONV_LOOKUP`` columns (None: there is none) when the caller has them;
    ``changed`` receives what the hints changed on an existing one (payload names)."""
    if row is _UNSET:
        row = tx.one(
            f"SELECT {_CONV_LOOKUP} FROM conversations c WHERE c.id = ("
            + _OPEN_CONVERSATION.format(customer="?")
            + ")",
            (customer, channel),
        )
    hints = hints or {}
    if row:
        conversation = row[0]
        meta = _meta(row[1:8])
        current = {"loan_type": meta["loan_type"], "amount_fen": row[8], "credit_band": row[9]}
        # Hints fill what is still unknown; a new urgency (a complaint now) replaces the old.
        updates = {}
        for key, value in (
            ("loan_type", hints.get("loan_type")),
            (
                "amount_fen",
                fen(Decimal(hints["amount"])) if hints.get("amount") is not None else None,
            ),
            ("credit_band", hints.get("credit_band")),
        ):
            if value is not None and current[key] is None:
                updates[key] = value
        if hints.get("urgency") and hints["urgency"] != meta["urgency"]:
            updates["urgency"] = hints["urgency"]
        if updates:
            sets = ", ".join(f"{k} = ?" for k in updates)
            tx.execute(
                f"UPDATE conversations SET {sets} WHERE id = ?", (*updates.values(), conversation)
            )
            meta.update({k: v for k, v in updates.items() if k in ("loan_type", "urgency")})
            if changed is not None:
                changed.update(updates)
                if "amount_fen" in changed:
                    changed["amount"] = yuan(changed.pop("amount_fen"))
        return conversation, meta, False
    amount = Decimal(hints["amount"]) if hints.get("amount") is not None else None
    urgency = hints.get("urgency") or "normal"
    cur = tx.execute(
        "INSERT INTO conversations (customer_id, channel, status, loan_type, amount_fen, urgency,"
        " credit_band, language, created_at) VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?)",
        (
            customer,
            channel,
            hints.get("loan_type"),
            fen(amount),
            urgency,
            hints.get("credit_band"),
            hints.get("language"),
            tx.now,
        ),
    )
    conversation = cur.lastrowid
    meta = {
        "channel": channel,
        "assigned": None,
        "loan_type": hints.get("loan_type"),
        "status": "open",
        "customer": customer,
        "urgency": urgency,
        "priority": 0,
    }
    payload = {
        "customer": customer,
        "customer_display": display,
        "channel": channel,
        "loan_type": hints.get("loan_type"),
        "amount": yuan(fen(amount)),
        "urgency": urgency,
        "credit_band": hints.get("credit_band"),
        "language": hints.get("language"),
    }
    tx.append_event("conversation.opened", conversation, actor, payload, meta)
    return conversation, meta, True


# ---------------------------------------------------------------- channel ops


@op_factory
def ingest_message(
    source: str,
    channel: str,
    external_id: str,
    identity: dict[str, Any],
    body: str,
    kind: str,
    hints: dict[str, Any] | None,
    attachment: dict[str, Any] | None,
    raw: str | None,
    call_id: str | None = None,
):
    actor = f"channel:{source}"

    def op(tx: Tx) -> dict:
        # One statement for the hot path: was this message stored already (the unique
        # (channel, external_id) index is the idempotency key), who is the customer, and
        # which conversation of theirs is open on this channel.
        found = tx.one(
            _INGEST_LOOKUP, (channel, external_id, identity["kind"], identity["value"], channel)
        )
        if found[0] is not None:
            if found[14] != found[3]:
                # The id is taken by another customer's message: a retry is only ever the
                # same customer's, so never answer with (and never join) someone else's.
                raise OpError("conflict", "that message id is already used by another sender")
            return {
                "seq": found[1],
                "conversation": found[2],
                "message": found[0],
                "duplicate": True,
            }
        display = mask_identity(identity["kind"], identity["value"])
        if found[3] is None:
            customer = find_or_create_customer(
                tx, identity["kind"], identity["value"], identity.get("name"), actor
            )
            current = None
        else:
            customer = found[3]
            if identity.get("name"):
                tx.execute(
                    "UPDATE customers SET name = ? WHERE id = ? AND name IS NULL",
                    (identity["name"], customer),
                )
            current = found[4:14] if found[4] is not None else None
            if current is None:
                # "5" after a rating request answers it; it does not open a new request.
                rated = csat_reply(tx, customer, channel, body)
                if rated is not None:
                    return _ingest_rating(
                        tx, rated, display, body, kind, channel, external_id, actor
                    )
        hinted: dict[str, Any] = {}
        conversation, meta, opened = open_conversation(
            tx, customer, channel, actor, display, hints, current, hinted
        )
        stored_attachment = dict(attachment or {})
        if raw is not None:
            stored_attachment["raw"] = raw
        cur = tx.execute(
            "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel,"
            " external_id, attachment) VALUES (?, ?, ?, 'in', ?, ?, ?, ?, ?, ?)",
            (
                conversation,
                tx.last_seq + 1,
                tx.now,
                display,
                body,
                kind,
                channel,
                external_id,
                json.dumps(stored_attachment, ensure_ascii=False) if stored_attachment else None,
            ),
        )
        message = cur.lastrowid
        reopened = meta["status"] in ("pending", "snoozed")
        # Touch the status (and its index) only when it changes.
        status_sql = ", status = 'open', snoozed_until = NULL" if meta["status"] != "open" else ""
        tx.execute(
            "UPDATE conversations SET last_message_at = ?, last_excerpt = ?, unread = unread + 1"
            f"{status_sql} WHERE id = ?",
            (tx.now, excerpt(body), conversation),
        )
        meta["status"] = "open"
        payload: dict[str, Any] = {
            "message": message,
            "customer": customer,
            "customer_display": display,
            "channel": channel,
            "kind": kind,
            "body": body,
            "external_id": external_id,
        }
        if attachment:
            payload["attachment"] = attachment
        if call_id:
            payload["call_id"] = call_id
        if reopened:
            payload["reopened"] = True
        payload.update(hinted)  # what the hints changed, so readers' rows follow
        seq = tx.append_event("message.received", conversation, actor, payload, meta)
        return {
            "seq": seq,
            "conversation": conversation,
            "message": message,
            "duplicate": False,
            "opened": opened,
            "customer": customer,
            "meta": meta,
        }

    return op


@op_factory
def call_event(source: str, channel: str, frame: dict[str, Any]):
    """call started / answered / ended / recording. Dedup on (source, call_id, event)."""
    actor = f"channel:{source}"
    call_id = frame["call_id"]
    event = frame["event"]

    def op(tx: Tx) -> dict:
        key = f"call:{call_id}:{event}"
        seen = _receipt(tx, source, key)
        if seen:
            return seen
        row = tx.one("SELECT conversation_id FROM calls WHERE call_id = ?", (call_id,))
        opened = False
        customer = None
        if row is None:
            identity = frame.get("customer")
            if identity is None:
                raise OpError(
                    "bad_frame", f"call {call_id} is unknown: its first event needs `customer`"
                )
            customer = find_or_create_customer(
                tx, identity["kind"], identity["value"], identity.get("name"), actor
            )
            display = mask_identity(identity["kind"], identity["value"])
            conversation, meta, opened = open_conversation(
                tx, customer, channel, actor, display, frame.get("hints")
            )
            tx.execute(
                "INSERT INTO calls (call_id, conversation_id, direction, state, started_at)"
                " VALUES (?, ?, ?, 'ringing', ?)",
                (
                    call_id,
                    conversation,
                    frame.get("direction", "inbound"),
                    frame.get("at") or tx.now,
                ),
            )
        else:
            conversation = row[0]
            meta = conv_meta(tx, conversation)
            customer = meta["customer"]
        at = frame.get("at") or tx.now
        payload: dict[str, Any] = {"call_id": call_id, "channel": channel, "customer": customer}
        if event == "started":
            payload["direction"] = frame.get("direction", "inbound")
            # The screen-pop: who is calling, before anyone answers.
            ident = tx.one(
                "SELECT kind, value FROM customer_identities WHERE customer_id = ? LIMIT 1",
                (customer,),
            )
            payload["customer_display"] = mask_identity(*ident) if ident else None
        elif event == "answered":
            tx.execute(
                "UPDATE calls SET state = 'answered', answered_at = ?, agent = ? WHERE call_id = ?",
                (at, frame.get("agent"), call_id),
            )
            payload["agent"] = frame.get("agent")
        elif event == "ended":
            tx.execute(
                "UPDATE calls SET state = 'ended', ended_at = ?, cause = ?, duration_s = ?,"
                " billsec_s = ? WHERE call_id = ?",
                (at, frame.get("cause"), frame.get("duration_s"), frame.get("billsec_s"), call_id),
            )
            payload.update(
                cause=frame.get("cause"),
                duration_s=frame.get("duration_s"),
                billsec_s=frame.get("billsec_s"),
            )
        elif event == "recording":
            recording = frame.get("recording") or {}
            tx.execute(
                "UPDATE calls SET recording = ? WHERE call_id = ?",
                (json.dumps(recording, ensure_ascii=False), call_id),
            )
            payload["recording"] = recording
        tx.execute(
            "UPDATE conversations SET last_message_at = ? WHERE id = ?", (tx.now, conversation)
        )
        seq = tx.append_event(f"call.{event}", conversation, actor, payload, meta)
        ack = {"seq": seq, "conversation": conversation, "duplicate": False}
        _store_receipt(tx, source, key, ack)
        return {**ack, "opened": opened, "customer": customer, "meta": meta}

    return op


@op_factory
def delivery(
    source: str,
    message: int,
    status: str,
    reason: str | None,
    attempts: int,
    channel: str | None = None,
):
    actor = f"channel:{source}"

    def op(tx: Tx) -> dict:
        row = tx.one(
            "SELECT m.conversation_id, m.direction, c.channel FROM messages m"
            " JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?",
            (message,),
        )
        # Another channel's message is reported as missing: its existence is not ours to know.
        if row is None or row[1] != "out" or (channel is not None and row[2] != channel):
            raise OpError("not_found", f"no outbound message {message} on your channel")
        tx.execute("UPDATE messages SET delivery = ? WHERE id = ?", (status, message))
        meta = conv_meta(tx, row[0])
        seq = tx.append_event(
            f"delivery.{status}",
            row[0],
            actor,
            {"message": message, "reason": reason, "attempts": attempts},
            meta,
        )
        return {"seq": seq, "conversation": row[0], "message": message}

    return op


@op_factory
def stage_change(
    source: str,
    application: str,
    identity: dict[str, Any],
    stage: str,
    loan_type: str | None,
    amount: Decimal | None,
    note: str | None,
    at: int | None,
):
    actor = f"channel:{source}"

    def op(tx: Tx) -> dict:
        key = f"stage:{application}:{stage}:{at or ''}"
        seen = _receipt(tx, source, key)
        if seen:
            return seen
        customer = find_or_create_customer(
            tx, identity["kind"], identity["value"], identity.get("name"), actor
        )
        when = at or tx.now
        row = tx.one("SELECT id, stage FROM applications WHERE external_id = ?", (application,))
        if row is None:
            cur = tx.execute(
                "INSERT INTO applications (external_id, customer_id, loan_type, amount_fen, stage,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (application, customer, loan_type, fen(amount), stage, when, when),
            )
            app_id, previous = cur.lastrowid, None
        else:
            app_id, previous = row
            tx.execute(
                "UPDATE applications SET stage = ?, updated_at = ?,"
                " loan_type = COALESCE(?, loan_type), amount_fen = COALESCE(?, amount_fen)"
                " WHERE id = ?",
                (stage, when, loan_type, fen(amount), app_id),
            )
        seq = tx.append_event(
            "application.stage",
            None,
            actor,
            {
                "application": application,
                "customer": customer,
                "stage": stage,
                "previous": previous,
                "loan_type": loan_type,
                "amount": yuan(fen(amount)),
                "note": note,
                "at": when,
            },
        )
        tx.execute(
            "INSERT INTO application_stages (application_id, stage, ts, note, seq)"
            " VALUES (?, ?, ?, ?, ?)",
            (app_id, stage, when, note, seq),
        )
        ack = {"seq": seq, "duplicate": False}
        _store_receipt(tx, source, key, ack)
        return {**ack, "customer": customer}

    return op


# ---------------------------------------------------------------- agent ops


def _require_handler(meta: dict, agent_id: int, role: str) -> None:
    if role in ("supervisor", "admin"):
        return
    if meta["assigned"] != agent_id:
        raise OpError("forbidden", "this conversation is not assigned to you")


def _record_outgoing(
    tx: Tx,
    conversation: int,
    meta: dict,
    author: str,
    actor: str,
    agent_id: int | None,
    body: str,
    warnings: list[dict] | None,
) -> tuple[int, int]:
    """One reply to the customer, a person's or the assistant's: the message row, the
    conversation's last activity (open becomes pending), ``message.sent`` and the warnings it
    went out with. Returns (seq, message id)."""
    cur = tx.execute(
        "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel,"
        " delivery) VALUES (?, ?, ?, 'out', ?, ?, 'text', ?, 'queued')",
        (conversation, tx.last_seq + 1, tx.now, author, body, meta["channel"]),
    )
    message = cur.lastrowid
    # A person's reply is the first response and reads the conversation; the assistant's is not.
    person = agent_id is not None
    tx.execute(
        "UPDATE conversations SET"
        + (" first_response_at = COALESCE(first_response_at, ?), unread = 0," if person else "")
        + " last_message_at = ?, last_excerpt = ?,"
        " status = CASE WHEN status = 'open' THEN 'pending' ELSE status END WHERE id = ?",
        ((tx.now,) if person else ()) + (tx.now, excerpt(body), conversation),
    )
    if meta["status"] == "open":
        meta["status"] = "pending"
    seq = tx.append_event(
        "message.sent",
        conversation,
        actor,
        {
            "message": message,
            "agent": agent_id,
            "agent_name": author,
            "channel": meta["channel"],
            "body": body,
        },
        meta,
    )
    for hit in warnings or ():
        tx.append_event(
            "compliance.hit",
            conversation,
            actor,
            {"message": message, "action": "warned", **hit},
            meta,
        )
    return seq, message


@op_factory
def agent_reply(
    conversation: int,
    agent_id: int,
    agent_name: str,
    role: str,
    body: str,
    warnings: list[dict] | None,
    key: str | None = None,
):
    actor = f"agent:{agent_name}"
    source = f"reply:{agent_id}"  # idempotency keys are the sender's, per agent

    def op(tx: Tx) -> dict:
        if key:
            seen = _receipt(tx, source, key)
            if seen is not None:
                return seen
        meta = conv_meta(tx, conversation)
        _require_handler(meta, agent_id, role)
        if meta["status"] == "resolved":
            raise OpError("conflict", "the conversation is resolved; reopen it first")
        seq, message = _record_outgoing(
            tx, conversation, meta, agent_name, actor, agent_id, body, warnings
        )
        if key:
            _store_receipt(
                tx, source, key, {"seq": seq, "conversation": conversation, "message": message}
            )
        return {"seq": seq, "conversation": conversation, "message": message, "meta": meta}

    return op


@op_factory
def compliance_blocked(
    conversation: int,
    agent_name: str,
    hits: list[dict],
    agent_id: int | None = None,
    masked: str | None = None,
):
    """A refused reply: one ``compliance.blocked`` event with the attempted text masked
    (ID, card and mobile numbers never reach the log) for supervisors, and the blocking
    hits as ``compliance.hit`` (action blocked) with their matches masked the same way."""
    actor = f"agent:{agent_name}"

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        seq = tx.append_event(
            "compliance.blocked",
            conversation,
            actor,
            {
                "agent": agent_id,
                "masked": masked if masked is not None else "",
                "rules": sorted({h.get("rule") for h in hits if h.get("rule")}),
                "categories": sorted({h.get("category") for h in hits if h.get("category")}),
            },
            meta,
        )
        for hit in hits:
            seq = tx.append_event(
                "compliance.hit",
                conversation,
                actor,
                {"action": "blocked", **hit, "match": mask_text(str(hit.get("match") or ""))},
                meta,
            )
        return {"seq": seq}

    return op


@op_factory
def callback(conversation: int, agent_id: int | None, actor: str, due: int, note: str):
    """A call-back task: shown in the owner's inbox until it is done (resolved)."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        if meta["status"] == "resolved":
            raise OpError("conflict", "the conversation is resolved; reopen it first")
        tx.execute(
            "UPDATE conversations SET callback_due = ?, callback_note = ? WHERE id = ?",
            (due, note, conversation),
        )
        seq = tx.append_event(
            "callback.created",
            conversation,
            actor,
            {"due": due, "note": note, "agent": agent_id or meta.get("assigned")},
            meta,
        )
        return {"seq": seq, "conversation": conversation}

    return op


@op_factory
def note(conversation: int, agent_id: int, agent_name: str, role: str, body: str):
    actor = f"agent:{agent_name}"

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        cur = tx.execute(
            "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel)"
            " VALUES (?, ?, ?, 'note', ?, ?, 'text', ?)",
            (conversation, tx.last_seq + 1, tx.now, agent_name, body, meta["channel"]),
        )
        seq = tx.append_event(
            "note.added",
            conversation,
            actor,
            {"message": cur.lastrowid, "agent": agent_id, "agent_name": agent_name, "body": body},
            meta,
        )
        return {"seq": seq, "conversation": conversation, "message": cur.lastrowid}

    return op


@op_factory
def set_status(
    conversation: int,
    agent_id: int | None,
    actor: str,
    role: str,
    status: str,
    *,
    until: int | None = None,
    outcome: str | None = None,
    kind: str,
    extra: dict | None = None,
):
    """resolve / snooze / reopen."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        if agent_id is not None:
            _require_handler(meta, agent_id, role)
        if status == "resolved" and meta["status"] == "resolved":
            raise OpError("conflict", "the conversation is already resolved")
        if status == "open" and meta["status"] != "resolved" and meta["status"] != "snoozed":
            raise OpError("conflict", f"the conversation is {meta['status']}, not resolved")
        tx.execute(
            "UPDATE conversations SET status = ?, snoozed_until = ?,"
            " resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END,"
            " outcome = COALESCE(?, outcome) WHERE id = ?",
            (status, until, status, tx.now, outcome, conversation),
        )
        previous = meta["status"]
        meta["status"] = status
        payload = {"status": status, "previous": previous, **(extra or {})}
        if until is not None:
            payload["until"] = until
        if outcome:
            payload["outcome"] = outcome
        seq = tx.append_event(kind, conversation, actor, payload, meta)
        return {"seq": seq, "conversation": conversation, "meta": meta}

    return op


@op_factory
def assign(
    conversation: int,
    agent_id: int | None,
    actor: str,
    kind: str,
    payload: dict[str, Any],
    *,
    expect_unassigned_or: int | None = None,
    check_open: bool = True,
    loan_type: str | None = None,
):
    """Set (or clear, agent_id None) the conversation's agent and record why;
    ``loan_type`` moves it to another queue at the same time."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        if loan_type is not None:
            tx.execute(
                "UPDATE conversations SET loan_type = ? WHERE id = ?", (loan_type, conversation)
            )
            meta["loan_type"] = loan_type
        if check_open and meta["status"] == "resolved":
            raise OpError("conflict", "the conversation is resolved")
        if expect_unassigned_or is not None and meta["assigned"] not in (
            None,
            expect_unassigned_or,
        ):
            raise OpError("conflict", "the conversation is already assigned to another agent")
        previous = meta["assigned"]
        tx.execute(
            "UPDATE conversations SET assigned_agent = ? WHERE id = ?", (agent_id, conversation)
        )
        meta["assigned"] = agent_id
        seq = tx.append_event(
            kind, conversation, actor, {"agent": agent_id, "from_agent": previous, **payload}, meta
        )
        return {"seq": seq, "conversation": conversation, "meta": meta, "previous": previous}

    return op


@op_factory
def record(kind: str, conversation: int | None, actor: str, payload: dict[str, Any]):
    """An event with no projection change (offers, routing decisions, typing-free notices)."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation) if conversation is not None else None
        seq = tx.append_event(kind, conversation, actor, payload, meta)
        return {"seq": seq, "meta": meta}

    return op


@op_factory
def set_priority(conversation: int, priority: int, actor: str):
    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        tx.execute("UPDATE conversations SET priority = ? WHERE id = ?", (priority, conversation))
        meta["priority"] = priority
        seq = tx.append_event(
            "conversation.priority", conversation, actor, {"priority": priority}, meta
        )
        return {"seq": seq, "conversation": conversation, "meta": meta}

    return op


@op_factory
def set_agent_state(agent_id: int, agent_name: str, state: str, reason: str | None, actor: str):
    def op(tx: Tx) -> dict:
        row = tx.one("SELECT state FROM agents WHERE id = ?", (agent_id,))
        if row is None:
            raise OpError("not_found", f"no agent {agent_id}")
        tx.execute(
            "UPDATE agents SET state = ?, state_reason = ? WHERE id = ?", (state, reason, agent_id)
        )
        seq = tx.append_event(
            "agent.state",
            None,
            actor,
            {
                "agent": agent_id,
                "agent_name": agent_name,
                "state": state,
                "previous": row[0],
                "reason": reason,
            },
        )
        return {"seq": seq}

    return op


@op_factory
def reveal(customer: int, field: str, reason: str, actor: str):
    """Return one identity in full and log who looked and why."""

    def op(tx: Tx) -> dict:
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
            "pii.revealed", None, actor, {"customer": customer, "field": field, "reason": reason}
        )
        return {"seq": seq, "value": row[0]}

    return op


@op_factory
def mark_read(conversation: int, agent_id: int | None, actor: str):
    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        tx.execute("UPDATE conversations SET unread = 0 WHERE id = ?", (conversation,))
        seq = tx.append_event("conversation.read", conversation, actor, {"by": agent_id}, meta)
        return {"seq": seq, "conversation": conversation}

    return op


@op_factory
def forget_keys(customers: list[int]):
    """Drop erased customers' keys from the writer's cache (it may be in another process)."""

    def op(tx: Tx) -> dict:
        if tx.sealer is not None:
            tx.sealer.forget(customers)
        return {}

    return op


@op_factory
def storage_probe():
    """A small real write, rolled back by a delete: does the store take writes again?"""

    def op(tx: Tx) -> dict:
        tx.execute(
            "INSERT INTO receipts (source, external_id, ack) VALUES ('healthz', ?, ?)",
            (str(tx.now), "x" * 2000),
        )
        tx.execute("DELETE FROM receipts WHERE source = 'healthz'")
        return {}

    return op


@op_factory
def pragma(statement: str):
    """Run a PRAGMA on the writer's own connection (``max_page_count = N`` ...)."""
    if not re.fullmatch(r"[a-z_]+( = [0-9]+)?", statement):
        raise ValueError(f"not a simple pragma: {statement!r}")

    def op(tx: Tx) -> dict:
        row = tx.one(f"PRAGMA {statement}")
        return {"value": row[0] if row else None}

    return op


@op_factory
def report_rollup(limit: int = 20_000):
    """Fold the next events into the report aggregates (see store/reports.py)."""

    def op(tx: Tx) -> dict:
        from loancs.store.reports import rollup_step

        # Events of this batch are not in the table yet: they are folded next time.
        return {"seq": 0, "folded": rollup_step(tx.conn, limit)}

    return op


# ---------------------------------------------------------------- CSAT (supervisor's desk)

CSAT_DIGITS = frozenset("12345")


def _ingest_rating(
    tx: Tx,
    conversation: int,
    display: str,
    body: str,
    kind: str,
    channel: str,
    external_id: str,
    actor: str,
) -> dict:
    cur = tx.execute(
        "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel,"
        " external_id) VALUES (?, ?, ?, 'in', ?, ?, ?, ?, ?)",
        (conversation, tx.last_seq + 1, tx.now, display, body, kind, channel, external_id),
    )
    result = csat_answer_in_tx(tx, conversation, int(body.strip()), None, actor)
    return {**result, "message": cur.lastrowid, "duplicate": False}


@op_factory
def csat_request(
    conversation: int,
    prompt: str | None,
    window_ms: int,
    answer_ms: int,
    actor: str = "system:csat",
):
    """Ask the customer of a resolved conversation for a rating, unless they were asked
    within ``window_ms``. ``prompt`` (WeChat) is also sent as a message the gateway
    delivers; web chat shows buttons on ``csat.requested``."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        if meta["status"] != "resolved":
            raise OpError("conflict", "only a resolved conversation is rated")
        asked = tx.one("SELECT MAX(requested_at) FROM csat WHERE customer = ?", (meta["customer"],))
        if asked and asked[0] is not None and tx.now - asked[0] < window_ms:
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
                tx.now + answer_ms,
            ),
        )
        payload: dict[str, Any] = {"agent": agent, "channel": meta["channel"]}
        if prompt:
            cur = tx.execute(
                "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind,"
                " channel, delivery) VALUES (?, ?, ?, 'out', 'csat', ?, 'text', ?, 'queued')",
                (conversation, tx.last_seq + 1, tx.now, prompt, meta["channel"]),
            )
            tx.append_event(
                "message.sent",
                conversation,
                actor,
                {
                    "message": cur.lastrowid,
                    "agent": None,
                    "agent_name": None,
                    "channel": meta["channel"],
                    "body": prompt,
                    "csat": True,
                },
                meta,
            )
        seq = tx.append_event("csat.requested", conversation, actor, payload, meta)
        return {"seq": seq, "conversation": conversation}

    return op


def csat_answer_in_tx(
    tx: Tx, conversation: int, score: int, comment: str | None, actor: str
) -> dict:
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
        "csat.answered",
        conversation,
        actor,
        {"score": score, "comment": comment, "agent": row[3], "agent_name": row[4]},
        meta,
    )
    return {"seq": seq, "conversation": conversation}


@op_factory
def csat_answer(conversation: int, score: int, comment: str | None, actor: str):
    def op(tx: Tx) -> dict:
        return csat_answer_in_tx(tx, conversation, score, comment, actor)

    return op


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


# ---------------------------------------------------------------- the assistant (issue 11)

ASSISTANT = "assistant"


@op_factory
def loan_push(source: str, frame: dict[str, Any]):
    """The lender's loan system says what a loan looks like now (idempotent per content)."""
    actor = f"channel:{source}"

    def op(tx: Tx) -> dict:
        key = f"loan:{frame['loan']}:{frame.get('paid', 0)}:{frame.get('status', 'active')}"
        seen = _receipt(tx, source, key)
        if seen:
            return seen
        identity = frame["customer"]
        customer = find_or_create_customer(
            tx, identity["kind"], identity["value"], identity.get("name"), actor
        )
        values = (
            customer,
            fen(Decimal(str(frame["principal"]))),
            str(frame["annual_rate"]),
            int(frame["months"]),
            str(frame["start_date"]),
            frame.get("method", "annuity"),
            int(frame.get("paid", 0)),
            frame.get("status", "active"),
            tx.now,
        )
        row = tx.one("SELECT id FROM loans WHERE external_id = ?", (frame["loan"],))
        if row is None:
            tx.execute(
                "INSERT INTO loans (customer_id, principal_fen, annual_rate, months, start_date,"
                " method, paid, status, updated_at, external_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (*values, frame["loan"]),
            )
        else:
            tx.execute(
                "UPDATE loans SET customer_id = ?, principal_fen = ?, annual_rate = ?, months = ?,"
                " start_date = ?, method = ?, paid = ?, status = ?, updated_at = ? WHERE id = ?",
                (*values, row[0]),
            )
        seq = tx.append_event(
            "loan.updated",
            None,
            actor,
            {
                "loan": frame["loan"],
                "customer": customer,
                "paid": int(frame.get("paid", 0)),
                "status": frame.get("status", "active"),
            },
        )
        ack = {"seq": seq, "duplicate": False}
        _store_receipt(tx, source, key, ack)
        return {**ack, "customer": customer}

    return op


def _verify(tx: Tx, chatting: int, account: int, method: str, actor: str) -> int:
    tx.execute(
        "INSERT INTO verifications (customer_id, account_id, method, verified_at) VALUES (?,?,?,?)"
        " ON CONFLICT(customer_id) DO UPDATE SET account_id = excluded.account_id,"
        " method = excluded.method, verified_at = excluded.verified_at",
        (chatting, account, method, tx.now),
    )
    return tx.append_event(
        "identity.verified", None, actor, {"customer": chatting, "method": method}
    )


@op_factory
def bind_wechat(source: str, identity: dict[str, Any], openid: str):
    """The lender vouches that a WeChat OpenID belongs to one of its borrowers."""
    actor = f"channel:{source}"

    def op(tx: Tx) -> dict:
        account = find_or_create_customer(
            tx, identity["kind"], identity["value"], identity.get("name"), actor
        )
        chatting = find_or_create_customer(tx, "wechat", openid, None, actor)
        seq = _verify(tx, chatting, account, "wechat_binding", actor)
        return {"seq": seq, "customer": chatting, "account": account}

    return op


@op_factory
def verify_identity(visitor: dict[str, Any], account_identity: dict[str, Any], method: str):
    """A web-chat visitor proved to be the borrower with this identity (code or token)."""

    def op(tx: Tx) -> dict:
        chatting = find_or_create_customer(tx, visitor["kind"], visitor["value"], None, ASSISTANT)
        account = find_or_create_customer(
            tx, account_identity["kind"], account_identity["value"], None, ASSISTANT
        )
        seq = _verify(tx, chatting, account, method, ASSISTANT)
        return {"seq": seq, "customer": chatting, "account": account}

    return op


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


@op_factory
def message_intent(
    conversation: int, message: int, intent: str, confidence: float, slots: dict[str, Any]
):
    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        tx.execute("UPDATE messages SET intent = ? WHERE id = ?", (intent, message))
        _assistant_state(
            tx,
            conversation,
            intent=intent,
            confidence=confidence,
            slots=json.dumps(slots, ensure_ascii=False),
        )
        seq = tx.append_event(
            "message.intent",
            conversation,
            ASSISTANT,
            {"message": message, "intent": intent, "confidence": round(confidence, 3)},
            meta,
        )
        return {"seq": seq, "meta": meta}

    return op


@op_factory
def assistant_reply(conversation: int, body: str, warnings: list[dict] | None = None):
    """The assistant's answer: an ordinary ``message.sent`` (actor ``assistant``). Refused
    once a person has the conversation, so the bot never talks over an agent."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        if meta["assigned"] is not None:
            raise OpError("conflict", "an agent has this conversation now")
        if meta["status"] == "resolved":
            raise OpError("conflict", "the conversation is resolved")
        seq, message = _record_outgoing(
            tx, conversation, meta, ASSISTANT, ASSISTANT, None, body, warnings
        )
        return {"seq": seq, "conversation": conversation, "message": message, "meta": meta}

    return op


@op_factory
def assistant_handoff(
    conversation: int,
    reason: str,
    intent: str,
    summary: str,
    urgency: str | None = None,
    loan_type: str | None = None,
):
    """A person takes over: the summary card, the skill hint (urgency, loan type) and the
    conversation back to ``open`` so it waits in the queue."""

    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        updates: dict[str, Any] = {"status": "open"}
        if urgency and meta["urgency"] in (None, "normal"):
            updates["urgency"] = urgency
        if loan_type and meta["loan_type"] is None:
            updates["loan_type"] = loan_type
        sets = ", ".join(f"{k} = ?" for k in updates)
        tx.execute(
            f"UPDATE conversations SET {sets} WHERE id = ? AND status != 'resolved'",
            (*updates.values(), conversation),
        )
        meta.update({k: v for k, v in updates.items() if k in ("status", "urgency", "loan_type")})
        _assistant_state(tx, conversation, reason=reason, summary=summary, handed_off=1)
        seq = tx.append_event(
            "assistant.handoff",
            conversation,
            ASSISTANT,
            {
                "reason": reason,
                "intent": intent,
                "summary": summary,
                **{k: v for k, v in updates.items() if k in ("urgency", "loan_type")},
            },
            meta,
        )
        return {"seq": seq, "meta": meta}

    return op


@op_factory
def prequal_completed(conversation: int, result: dict[str, Any]):
    def op(tx: Tx) -> dict:
        meta = conv_meta(tx, conversation)
        _assistant_state(tx, conversation, prequal=json.dumps(result, ensure_ascii=False))
        payload = {
            "outcome": result["outcome"],
            "product": result.get("product"),
            "missing_documents": result.get("missing_documents", []),
            "failed_rules": result.get("failed_rules", []),
        }
        seq = tx.append_event("prequal.completed", conversation, ASSISTANT, payload, meta)
        return {"seq": seq, "meta": meta}

    return op
