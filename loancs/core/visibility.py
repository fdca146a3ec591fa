"""Who may see which event. Pure: the server's fan-out and its resume replay both ask here,
so a live subscriber and a reconnecting one see exactly the same stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


def can_see(
    viewer: Viewer,
    kind: str,
    conversation: int | None,
    meta: dict[str, Any] | None,
    payload: dict[str, Any],
) -> bool:
    role = viewer.role
    if role in ("supervisor", "admin"):
        return True
    if role == "customer":
        return (
            conversation is not None
            and conversation == viewer.conversation
            and kind in CUSTOMER_KINDS
            and not (kind == Kind.TYPING and payload.get("who") == "customer")
        )
    if role == "channel":
        return (
            meta is not None
            and meta.get("channel") == viewer.channel_kind
            and kind in CHANNEL_KINDS
        )
    # agent
    if kind in STAFF_KINDS:
        return True
    me = viewer.agent_id
    if kind in AGENT_NAMED_ONLY:
        return me is not None and payload.get("agent") == me
    if payload.get("agent") == me or payload.get("from_agent") == me:
        return True
    if conversation is None or meta is None:
        return False
    if meta.get("assigned") == me:
        return True
    if meta.get("assigned") is None and meta.get("status") != "resolved":
        loan_type = meta.get("loan_type")
        return loan_type is None or loan_type in viewer.queues
    return False
