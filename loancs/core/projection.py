"""The conversation list as events change it. Pure: no I/O, no clock.

The store keeps each conversation's row (status, who has it, unread, the last line ...) and
every change to it is an event. A reader that holds rows, the agent's console, the
in-memory stand-in for the server, anything that follows the stream, folds the events it
receives into its rows with :func:`apply` (or an :class:`Inbox`), so it shows what a fresh
``list_conversations`` would return without asking again. ``tests/test_projection.py``
checks exactly that against a real server.

Rows are plain dicts with the keys of ``list_conversations`` (:data:`ROW_FIELDS`), plus two
a reader may see: ``call_state`` (``started`` / ``answered`` / ``ended`` of the latest call)
and ``partial`` (True: the row was started from an event that is not the conversation's
first, so what the event did not say is unknown until the reader fetches it).

What the events do not carry, the rows cannot learn: the customer's name and the display
of their first identity (the events carry the display on the channel at hand).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from loancs.core import events as ev
from loancs.core.pii import mask_text

Row = dict[str, Any]

# The keys of a list_conversations row.
ROW_FIELDS = (
    "id",
    "customer",
    "customer_display",
    "customer_name",
    "channel",
    "status",
    "priority",
    "loan_type",
    "amount",
    "urgency",
    "credit_band",
    "language",
    "assigned_agent",
    "agent_name",
    "created_at",
    "first_response_at",
    "resolved_at",
    "snoozed_until",
    "last_message_at",
    "last_excerpt",
    "unread",
    "outcome",
    "callback_due",
    "callback_note",
)
STATUSES = ("open", "pending", "snoozed", "resolved")
ACTIVE = ("open", "pending", "snoozed")
# How urgent each hint is in the inbox order (more first); anything else counts as normal.
URGENCY_RANK = {"complaint": 3, "overdue": 3, "deadline": 2, "vip": 2, "normal": 0}
EXCERPT = 80  # characters of the list line


def excerpt(body: str, width: int = EXCERPT, masked: bool = False) -> str:
    """The list line for a conversation: one line, cut, with personal numbers masked (the
    list goes to every agent of the queue; full values only through ``reveal``).
    ``masked``: ``body`` is already ``mask_text``'s result (the writer masks a customer's
    message once, for this and for the agents' frames)."""
    if not masked:
        body = mask_text(body)  # the text itself at once when it holds no such number
    flat = " ".join(body.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def inbox_key(row: Row) -> tuple[int, int, int, int, int]:
    """A row's place in the inbox order, smallest first: customers waiting for an answer
    (``open``) first, higher priority first, more urgent first, the longest wait first; then
    the rest, most recently active first; the id breaks ties. ``list_conversations`` with
    ``order: "inbox"`` answers in this order (the index ``conversations_inbox`` serves it) and
    takes the last row's key as ``after`` for the next page."""
    waiting = row.get("status") == "open"
    last = row.get("last_message_at")
    if last is None:
        last = row.get("created_at") or 0
    return (
        0 if waiting else 1,
        -int(row.get("priority") or 0),
        -URGENCY_RANK.get(row.get("urgency") or "normal", 0),
        last if waiting else -last,
        row["id"],
    )


def new_row(conversation: int, opened: ev.ConversationOpened, ts: int) -> Row:
    """The row ``conversation.opened`` creates."""
    return {
        "id": conversation,
        "customer": opened.customer,
        "customer_display": opened.customer_display,
        "customer_name": None,
        "channel": opened.channel,
        "status": "open",
        "priority": 0,
        "loan_type": opened.loan_type,
        "amount": opened.amount,
        "urgency": opened.urgency,
        "credit_band": opened.credit_band,
        "language": opened.language,
        "assigned_agent": None,
        "agent_name": None,
        "created_at": ts,
        "first_response_at": None,
        "resolved_at": None,
        "snoozed_until": None,
        "last_message_at": ts,
        "last_excerpt": None,
        "unread": 0,
        "outcome": None,
        "callback_due": None,
        "callback_note": None,
    }


# Kinds that may start a row for a conversation the reader had not listed (it just became
# visible to them): what the event says, the rest unknown (``partial``).
_STARTS_ROW = frozenset(
    {
        ev.Kind.MESSAGE_RECEIVED,
        ev.Kind.CONVERSATION_ASSIGNED,
        ev.Kind.CONVERSATION_TRANSFERRED,
        ev.Kind.CALL_STARTED,
    }
)


def _partial_row(conversation: int, event: ev.Event) -> Row:
    pl = event.payload
    waiting_since = event.ts if isinstance(pl, ev.MessageReceived) else None
    return {
        "id": conversation,
        "customer": getattr(pl, "customer", None),
        "customer_display": getattr(pl, "customer_display", None),
        "channel": getattr(pl, "channel", None),
        "status": "open",
        "priority": 0,
        "urgency": "normal",
        "unread": 0,
        "created_at": waiting_since,
        "last_message_at": waiting_since,
        "last_excerpt": None,
        "assigned_agent": None,
        # Only a customer message says when the customer started waiting.
        "partial": waiting_since is None,
    }


def apply(rows: dict[int, Row], event: ev.Event, *, opened: int | None = None) -> bool:
    """Fold one event into ``rows`` (conversation id -> row); True when a row changed.
    ``opened``: the conversation the reader has on screen (its messages are read)."""
    cid = event.conversation
    if cid is None:
        return False
    pl = event.payload
    if isinstance(pl, ev.ConversationOpened):
        row = new_row(cid, pl, event.ts)
        old = rows.get(cid)
        if old is not None:  # a partial row started from an earlier event
            row["priority"] = old.get("priority", 0)
            row["unread"] = old.get("unread", 0)
            row["last_excerpt"] = old.get("last_excerpt")
        rows[cid] = row
        return True
    known = rows.get(cid)
    if known is None:
        if event.kind not in _STARTS_ROW:
            return False
        known = rows[cid] = _partial_row(cid, event)
    return _fold(known, event, cid == opened)


def _fold(row: Row, event: ev.Event, on_screen: bool) -> bool:
    pl, ts = event.payload, event.ts
    if isinstance(pl, ev.MessageReceived):
        row["last_message_at"] = ts
        row["last_excerpt"] = excerpt(pl.body)
        if row.get("status") != "open":
            row["status"], row["snoozed_until"] = "open", None
        if pl.customer_display:
            row["customer_display"] = pl.customer_display
        _hinted(row, pl.loan_type, pl.urgency, amount=pl.amount, credit_band=pl.credit_band)
        if not on_screen:
            row["unread"] = int(row.get("unread") or 0) + 1
    elif isinstance(pl, ev.MessageSent):
        if pl.csat:  # the rating prompt after a resolution: not a reply
            return False
        row["last_message_at"] = ts
        row["last_excerpt"] = excerpt(pl.body)
        if pl.agent is not None:  # a person's reply answers and reads; the assistant's does not
            row["first_response_at"] = row.get("first_response_at") or ts
            row["unread"] = 0
        if row.get("status") == "open":
            row["status"] = "pending"
    elif isinstance(pl, ev.Assignment):
        row["assigned_agent"] = pl.agent
        row["agent_name"] = pl.agent_name if pl.agent is not None else None
        if pl.queue:
            row["loan_type"] = pl.queue
    elif isinstance(pl, ev.StatusChange):
        row["status"] = pl.status
        row["snoozed_until"] = pl.until
        if pl.status == "resolved":
            row["resolved_at"] = ts
        if pl.outcome:
            row["outcome"] = pl.outcome
    elif isinstance(pl, ev.ConversationRead):
        row["unread"] = 0
    elif isinstance(pl, ev.ConversationPriority):
        row["priority"] = pl.priority
    elif isinstance(pl, ev.CallbackCreated):
        row["callback_due"] = pl.due
        row["callback_note"] = pl.note
    elif isinstance(pl, ev.AssistantHandoff):
        if row.get("status") == "resolved":
            return False
        row["status"] = "open"
        _hinted(row, pl.loan_type, pl.urgency)
    elif isinstance(pl, ev.CallPayload):
        row["last_message_at"] = ts
        row["call_state"] = event.kind.split(".", 1)[1]
    else:
        return False
    return True


def _hinted(row: Row, loan_type: str | None, urgency: str | None, **more: str | None) -> None:
    """What an event says its hints changed on the conversation (absent: unchanged)."""
    for key, value in (("loan_type", loan_type), ("urgency", urgency), *more.items()):
        if value is not None:
            row[key] = value


@dataclass
class Inbox:
    """Rows kept up to date by events: ``load`` a list, then ``apply`` what follows it."""

    rows: dict[int, Row] = field(default_factory=dict)
    opened: int | None = None  # the conversation on screen: its new messages are read

    def load(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.rows[row["id"]] = dict(row)

    def apply(self, event: ev.Event) -> bool:
        return apply(self.rows, event, opened=self.opened)

    def apply_all(self, events: Iterable[ev.Event]) -> bool:
        changed = False
        for event in events:
            changed = self.apply(event) or changed
        return changed
