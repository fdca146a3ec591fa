"""Who may see which event. Pure: the server's fan-out and its resume replay both ask here,
so a live subscriber and a reconnecting one see exactly the same stream."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from loancs.core.convmeta import ConvMeta
from loancs.core.events import Kind

# What a web-chat visitor (or a channel gateway delivering to customers) may see.
CUSTOMER_KINDS = frozenset(
    {
        Kind.MESSAGE_SENT,
        Kind.MESSAGE_RECEIVED,
        Kind.CONVERSATION_ASSIGNED,
        Kind.CONVERSATION_RESOLVED,
        Kind.TYPING,
        Kind.CSAT_REQUESTED,
        Kind.CSAT_ANSWERED,
    }
)
# Seen by supervisors, and by an agent only when the payload names them (a whisper goes to
# the agent who owned the conversation then; a monitor notice to nobody but supervisors).
AGENT_NAMED_ONLY = frozenset({Kind.CONVERSATION_WHISPER, Kind.CONVERSATION_MONITORED})
# Notices every member of staff gets (not tied to a conversation).
STAFF_KINDS = frozenset({Kind.COMPLIANCE_RULES_RELOADED})
CHANNEL_KINDS = frozenset(
    {Kind.MESSAGE_SENT, Kind.CONVERSATION_ASSIGNED, Kind.CONVERSATION_RESOLVED, Kind.TYPING}
)


@dataclass(frozen=True)
class Viewer:
    role: str  # agent | supervisor | admin | channel | customer
    agent_id: int | None = None
    queues: frozenset[str] = field(default_factory=frozenset)  # loan types the agent may take
    channel_kind: str | None = None
    conversation: int | None = None  # the one conversation a customer session belongs to
    # An agent's console that speaks protocol 1 follows every conversation waiting in its
    # queues live; from protocol 2 it gets a waiting-work summary instead (it may still read
    # them, and follows the ones it is offered or opens: server/hub.py).
    waiting_live: bool = True


MANAGERS = frozenset({"supervisor", "admin"})
_TYPING = str(Kind.TYPING)  # compared for every event: a plain string


class Audience(msgspec.Struct, gc=False):
    """Who may see one event, as keys a fan-out can look its subscribers up by. Supervisors
    and admins see everything; the others only what a key names. (A msgspec struct: one is
    made per event on the fan-out's hot path, in C, never tracked by the collector: it holds
    ints, strings and a tuple of ints. Treat it as read-only.)"""

    customer: int | None = None  # the web-chat session of this conversation
    channel: str | None = None  # gateways of this channel kind
    agents: tuple[int, ...] = ()  # agents named in the event or owning it
    queue: str | None = None  # agents skilled in this loan type (it waits for one)
    all_agents: bool = False
    # The conversation waits for an agent: `queue` (or, without a loan type, every
    # agent) reaches the agents who may take it, live only for `waiting_live` viewers.
    waiting: bool = False

    def admits(self, viewer: Viewer, reading: bool = False) -> bool:
        """May ``viewer`` see it (``reading``: open it on request, rather than be sent it)?"""
        role = viewer.role
        if role in MANAGERS:
            return True
        if role == "customer":
            return self.customer is not None and viewer.conversation == self.customer
        if role == "channel":
            return self.channel is not None and viewer.channel_kind == self.channel
        if viewer.agent_id in self.agents:
            return True
        if not self.waiting:
            return self.all_agents
        return (reading or viewer.waiting_live) and (
            self.all_agents or (self.queue is not None and self.queue in viewer.queues)
        )


def _agent_ids(first: Any, second: Any = None) -> tuple[int, ...]:
    """The agent ids among a payload's ``agent``/``from_agent`` values (ints, not bools)."""
    ids: tuple[int, ...] = ()
    if type(first) is int:
        ids = (first,)
    if type(second) is int and second != first:
        ids = (*ids, second)
    return ids


def audience(
    kind: str, conversation: int | None, meta: Mapping[str, Any] | None, payload: dict[str, Any]
) -> Audience:
    """The one rule of who sees what: the live fan-out, a resuming client's replay and every
    read check ask here. ``meta``: the conversation's facts, the store's dict or the hub's
    ConvMeta (read by its attributes: the fan-out asks for every event)."""
    customer = None
    if (
        conversation is not None
        and kind in CUSTOMER_KINDS
        and not (kind == _TYPING and payload.get("who") == "customer")
    ):
        customer = conversation
    if meta is None:
        channel = assigned = status = loan_type = None
    elif type(meta) is ConvMeta:  # the hub's: its slots read in C, no Python get
        channel, assigned, status, loan_type = (
            meta.channel,
            meta.assigned,
            meta.status,
            meta.loan_type,
        )
    else:
        get = meta.get
        channel, assigned = get("channel"), get("assigned")
        status, loan_type = get("status"), get("loan_type")
    if kind not in CHANNEL_KINDS:
        channel = None
    if kind in STAFF_KINDS:
        return Audience(customer, channel, all_agents=True)
    if kind in AGENT_NAMED_ONLY:
        return Audience(customer, channel, _agent_ids(payload.get("agent")))
    first, second = payload.get("agent"), payload.get("from_agent")
    # (most events name no agent: no call to find none)
    agents = () if first is None and second is None else _agent_ids(first, second)
    if conversation is None or meta is None:
        return Audience(customer, channel, agents)
    if assigned is not None:
        if type(assigned) is int and assigned not in agents:
            agents = (*agents, assigned)
        return Audience(customer, channel, agents)
    if status == "resolved":
        return Audience(customer, channel, agents)
    if loan_type is None:
        return Audience(customer, channel, agents, all_agents=True, waiting=True)
    return Audience(customer, channel, agents, queue=loan_type, waiting=True)


def can_see(
    viewer: Viewer,
    kind: str,
    conversation: int | None,
    meta: Mapping[str, Any] | None,
    payload: dict[str, Any],
) -> bool:
    return audience(kind, conversation, meta, payload).admits(viewer)


def may_read(viewer: Viewer, conversation: int, meta: Mapping[str, Any] | None) -> bool:
    """May this member of staff open the conversation (its transcript, notes, read marks)?
    An agent: when it is theirs, or waits in one of their queues."""
    # no kind: the conversation itself
    return audience("", conversation, meta, {}).admits(viewer, reading=True)


def may_act(viewer: Viewer, meta: Mapping[str, Any]) -> bool:
    """May this member of staff act on the conversation as its agent (reply, resolve,
    transfer, snooze, call back, type)? An agent only on their own."""
    return viewer.role != "agent" or meta.get("assigned") == viewer.agent_id
