"""The event vocabulary: every event kind and the shape of its payload. Pure.

Every change in loancs is one event ``(seq, ts, kind, conversation, actor, payload)``. This
module is the one place that names the kinds (:class:`Kind`, a ``StrEnum``: ``Kind.X == "x.y"``,
so a member works wherever the string did) and says what each payload holds (one msgspec
Struct per kind, ``Kind.X`` <-> ``X`` payload class). docs/protocol.md documents the same
table and ``tests/test_protocol_docs.py`` checks that the two agree.

Payloads travel and are stored as JSON objects. The conventions:

- a field without a default is always present (its value may be ``null``);
- a field with a default is written only when it differs from the default (``omit_defaults``);
- decoding ignores fields it does not know (an older reader of a newer log keeps working);
- personal fields (``body``, ``note``, ``attachment`` ... see core/privacy.py) read
  ``"[erased]"`` after ``loancs privacy erase``, so their types allow a string.

Helpers: :func:`to_dict` (payload -> the JSON-ready dict the store writes), :func:`decode`
(kind + dict -> payload Struct, raising :class:`EventError`), :func:`kind_of`,
:func:`payload_type`, and :func:`typed` (a wire or stored event -> :class:`Event`, whose
``payload`` is the Struct).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Protocol

import msgspec


class Kind(StrEnum):
    """Every event kind. Members are strings: ``Kind.MESSAGE_RECEIVED == "message.received"``."""

    # customers and identities
    CUSTOMER_CREATED = "customer.created"
    IDENTITY_LINKED = "identity.linked"
    IDENTITY_VERIFIED = "identity.verified"
    # conversations
    CONVERSATION_OPENED = "conversation.opened"
    CONVERSATION_RESOLVED = "conversation.resolved"
    CONVERSATION_SNOOZED = "conversation.snoozed"
    CONVERSATION_REOPENED = "conversation.reopened"
    CONVERSATION_READ = "conversation.read"
    CONVERSATION_PRIORITY = "conversation.priority"
    # messages
    MESSAGE_RECEIVED = "message.received"
    MESSAGE_SENT = "message.sent"
    MESSAGE_INTENT = "message.intent"
    NOTE_ADDED = "note.added"
    # routing
    CONVERSATION_OFFERED = "conversation.offered"
    CONVERSATION_OFFER_EXPIRED = "conversation.offer_expired"
    CONVERSATION_DECLINED = "conversation.declined"
    CONVERSATION_ASSIGNED = "conversation.assigned"
    CONVERSATION_TRANSFERRED = "conversation.transferred"
    CONVERSATION_REQUEUED = "conversation.requeued"
    # the supervisor's desk
    CONVERSATION_WHISPER = "conversation.whisper"
    CONVERSATION_MONITORED = "conversation.monitored"
    # agents and channels (admin)
    AGENT_STATE = "agent.state"
    AGENT_CREATED = "agent.created"
    AGENT_DISABLED = "agent.disabled"
    CHANNEL_CREATED = "channel.created"
    CHANNEL_DISABLED = "channel.disabled"
    CHANNEL_TOKEN_ROTATED = "channel.token_rotated"
    # phone calls
    CALL_STARTED = "call.started"
    CALL_ANSWERED = "call.answered"
    CALL_ENDED = "call.ended"
    CALL_RECORDING = "call.recording"
    # delivery by a gateway
    DELIVERY_SENT = "delivery.sent"
    DELIVERY_FAILED = "delivery.failed"
    # compliance
    COMPLIANCE_HIT = "compliance.hit"
    COMPLIANCE_BLOCKED = "compliance.blocked"
    COMPLIANCE_RULES_RELOADED = "compliance.rules_reloaded"
    # loans and applications
    APPLICATION_STAGE = "application.stage"
    LOAN_UPDATED = "loan.updated"
    CALLBACK_CREATED = "callback.created"
    # the self-service assistant
    ASSISTANT_HANDOFF = "assistant.handoff"
    PREQUAL_COMPLETED = "prequal.completed"
    # ratings
    CSAT_REQUESTED = "csat.requested"
    CSAT_ANSWERED = "csat.answered"
    # privacy and audit
    PII_REVEALED = "pii.revealed"
    DATA_EXPORTED = "data.exported"
    PRIVACY_ERASED = "privacy.erased"
    PRIVACY_HOLD = "privacy.hold"
    PRIVACY_HOLD_RELEASED = "privacy.hold_released"
    # not stored (seq 0): pushed to the conversation's viewers only
    TYPING = "typing"


# Kinds that are pushed live but never written to the log.
TRANSIENT: frozenset[Kind] = frozenset({Kind.TYPING})


class EventError(ValueError):
    """A payload that does not fit its kind, or a kind that does not exist."""


class Payload(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Base of every payload; ``KIND`` is the event kind it is written under."""

    KIND: ClassVar[Kind]


# Sealed personal fields read "[erased]" once the customer is erased.
Erasable = dict[str, Any] | str

# ---------------------------------------------------------------- customers


class CustomerCreated(Payload):
    KIND = Kind.CUSTOMER_CREATED
    customer: int
    identity: str
    display: str


class IdentityLinked(Payload):
    KIND = Kind.IDENTITY_LINKED
    customer: int
    identity: str
    display: str


class IdentityVerified(Payload):
    KIND = Kind.IDENTITY_VERIFIED
    customer: int
    method: str


# ---------------------------------------------------------------- conversations


class ConversationOpened(Payload):
    KIND = Kind.CONVERSATION_OPENED
    customer: int
    customer_display: str
    channel: str
    loan_type: str | None
    amount: str | None  # decimal yuan
    urgency: str
    credit_band: str | None
    language: str | None


class StatusChange(Payload):
    status: str
    previous: str
    agent: int | None  # the conversation's agent when it changed
    until: int | None = None  # snoozed: epoch ms
    outcome: str | None = None  # resolved: the wrap-up code


class ConversationResolved(StatusChange):
    KIND = Kind.CONVERSATION_RESOLVED


class ConversationSnoozed(StatusChange):
    KIND = Kind.CONVERSATION_SNOOZED


class ConversationReopened(StatusChange):
    KIND = Kind.CONVERSATION_REOPENED


class ConversationRead(Payload):
    KIND = Kind.CONVERSATION_READ
    by: int | None  # the agent's id (None: a supervisor without an agent row)


class ConversationPriority(Payload):
    KIND = Kind.CONVERSATION_PRIORITY
    priority: int


# ---------------------------------------------------------------- messages


class MessageReceived(Payload):
    KIND = Kind.MESSAGE_RECEIVED
    message: int
    customer: int
    customer_display: str
    channel: str
    kind: str  # text, voice, image, event, transcript, unsupported
    body: str
    external_id: str
    attachment: Erasable | None = None
    call_id: str | None = None
    reopened: bool = False  # the message brought a pending/snoozed conversation back
    # What the message's hints changed on a conversation that was already open (a hint
    # fills what is unknown; a new urgency replaces the old): written only when changed.
    loan_type: str | None = None
    amount: str | None = None  # decimal yuan
    urgency: str | None = None
    credit_band: str | None = None


class MessageSent(Payload):
    KIND = Kind.MESSAGE_SENT
    message: int
    agent: int | None  # None: the assistant or the rating prompt
    agent_name: str | None
    channel: str
    body: str
    csat: bool = False  # a rating request asking for a reply 1-5


class MessageIntent(Payload):
    KIND = Kind.MESSAGE_INTENT
    message: int
    intent: str
    confidence: float


class NoteAdded(Payload):
    KIND = Kind.NOTE_ADDED
    message: int
    agent: int
    agent_name: str
    body: str


# ---------------------------------------------------------------- routing


class ConversationOffered(Payload):
    KIND = Kind.CONVERSATION_OFFERED
    agent: int
    agent_name: str | None
    expires_ms: int
    reason: str
    reason_code: str
    tier: int | None  # None: a sticky offer to an agent without the loan-type skill
    priority: int


class ConversationOfferExpired(Payload):
    KIND = Kind.CONVERSATION_OFFER_EXPIRED
    agent: int
    reason: str
    reason_code: str


class ConversationDeclined(Payload):
    KIND = Kind.CONVERSATION_DECLINED
    agent: int
    agent_name: str
    reason: str | None


class Assignment(Payload):
    agent: int | None  # who has it now (None: back in a queue)
    from_agent: int | None  # who had it
    agent_name: str | None = None
    queue: str | None = None  # transferred to a queue
    note: str | None = None
    reason: str | None = None
    reason_code: str | None = None  # accepted, supervisor, barge, transfer, transfer_queue ...
    supervisor: str | None = None  # barge: who took it over


class ConversationAssigned(Assignment):
    KIND = Kind.CONVERSATION_ASSIGNED


class ConversationTransferred(Assignment):
    KIND = Kind.CONVERSATION_TRANSFERRED


class ConversationRequeued(Assignment):
    KIND = Kind.CONVERSATION_REQUEUED


# ---------------------------------------------------------------- supervisor's desk


class ConversationWhisper(Payload):
    KIND = Kind.CONVERSATION_WHISPER
    body: str
    supervisor: str
    agent: int | None  # the owning agent, the only agent who sees it


class ConversationMonitored(Payload):
    KIND = Kind.CONVERSATION_MONITORED
    supervisor: str


# ---------------------------------------------------------------- agents and channels


class AgentState(Payload):
    KIND = Kind.AGENT_STATE
    agent: int
    agent_name: str
    state: str  # available, break, wrapup, offline
    previous: str | None
    reason: str | None
    # set when the server made the reason (clients translate it; ``reason`` is its English):
    # signed_in, missed_offers, disconnect_grace, wrapup_over
    reason_code: str | None = None


class AgentCreated(Payload):
    KIND = Kind.AGENT_CREATED
    agent: int
    agent_name: str
    role: str
    skills: dict[str, Any]
    capacity: dict[str, int]


class AgentDisabled(Payload):
    KIND = Kind.AGENT_DISABLED
    name: str


class ChannelCreated(Payload):
    KIND = Kind.CHANNEL_CREATED
    channel: int
    name: str
    kind: str  # wechat, phone, chat, system


class ChannelTokenRotated(Payload):
    KIND = Kind.CHANNEL_TOKEN_ROTATED
    channel: int
    name: str
    kind: str


class ChannelDisabled(Payload):
    KIND = Kind.CHANNEL_DISABLED
    name: str


# ---------------------------------------------------------------- calls


class CallPayload(Payload):
    call_id: str
    channel: str
    customer: int | None


class CallStarted(CallPayload):
    KIND = Kind.CALL_STARTED
    direction: str  # inbound, outbound
    customer_display: str | None  # the screen-pop, before anyone answers


class CallAnswered(CallPayload):
    KIND = Kind.CALL_ANSWERED
    agent: str | None  # the extension or agent the switch reported


class CallEnded(CallPayload):
    KIND = Kind.CALL_ENDED
    cause: str | None
    duration_s: float | None
    billsec_s: float | None


class CallRecording(CallPayload):
    KIND = Kind.CALL_RECORDING
    recording: Erasable


# ---------------------------------------------------------------- delivery


class DeliveryPayload(Payload):
    message: int
    reason: str | None
    attempts: int


class DeliverySent(DeliveryPayload):
    KIND = Kind.DELIVERY_SENT


class DeliveryFailed(DeliveryPayload):
    KIND = Kind.DELIVERY_FAILED


# ---------------------------------------------------------------- compliance


class ComplianceHit(Payload):
    """One rule that fired on a reply: ``action`` warned (sent) or blocked (refused);
    ``message`` is the rule's explanation, ``match`` the text it matched (numbers masked)."""

    KIND = Kind.COMPLIANCE_HIT
    action: str  # warned, blocked
    rule: str
    category: str
    severity: str
    start: int
    end: int
    match: str
    message: str
    suggestion: str


class ComplianceBlocked(Payload):
    KIND = Kind.COMPLIANCE_BLOCKED
    agent: int | None
    masked: str  # the attempted text, ID/card/mobile numbers masked
    rules: list[str]
    categories: list[str]


class ComplianceRulesReloaded(Payload):
    KIND = Kind.COMPLIANCE_RULES_RELOADED
    version: int
    source: str
    rules: int


# ---------------------------------------------------------------- loans and applications


class ApplicationStage(Payload):
    KIND = Kind.APPLICATION_STAGE
    application: str
    customer: int
    stage: str
    previous: str | None
    loan_type: str | None
    amount: str | None  # decimal yuan
    note: str | None
    at: int


class LoanUpdated(Payload):
    KIND = Kind.LOAN_UPDATED
    loan: str
    customer: int
    paid: int
    status: str


class CallbackCreated(Payload):
    KIND = Kind.CALLBACK_CREATED
    due: int  # epoch ms
    note: str
    agent: int | None


# ---------------------------------------------------------------- the assistant


class AssistantHandoff(Payload):
    KIND = Kind.ASSISTANT_HANDOFF
    reason: str
    intent: str
    summary: str
    # The skill hint the hand-off set on the conversation (written only when it changed it).
    urgency: str | None = None
    loan_type: str | None = None


class PrequalCompleted(Payload):
    KIND = Kind.PREQUAL_COMPLETED
    outcome: str
    product: str | None
    missing_documents: list[str]
    failed_rules: list[str]


# ---------------------------------------------------------------- ratings


class CsatRequested(Payload):
    KIND = Kind.CSAT_REQUESTED
    agent: int | None
    channel: str


class CsatAnswered(Payload):
    KIND = Kind.CSAT_ANSWERED
    score: int
    comment: str | None
    agent: int | None
    agent_name: str | None


# ---------------------------------------------------------------- privacy and audit


class PiiRevealed(Payload):
    KIND = Kind.PII_REVEALED
    customer: int
    field: str  # an identity kind, or message:<id>
    reason: str


class DataExported(Payload):
    KIND = Kind.DATA_EXPORTED
    what: str
    from_: str | None = msgspec.field(name="from")
    to: str | None
    format: str
    rows: int
    revealed: bool
    reason: str | None
    out: str


class PrivacyErased(Payload):
    KIND = Kind.PRIVACY_ERASED
    customer: int
    reason: str | None
    conversations: int


class PrivacyHold(Payload):
    KIND = Kind.PRIVACY_HOLD
    customer: int
    reason: str | None


class PrivacyHoldReleased(Payload):
    KIND = Kind.PRIVACY_HOLD_RELEASED
    customer: int
    reason: str | None


class Typing(Payload):
    KIND = Kind.TYPING
    who: str  # agent, customer
    name: str | None
    active: bool


# ---------------------------------------------------------------- registry and helpers


def _collect() -> dict[Kind, type[Payload]]:
    found: dict[Kind, type[Payload]] = {}
    pending: list[type[Payload]] = list(Payload.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        kind = cls.__dict__.get("KIND")
        if kind is not None:
            if kind in found:
                raise RuntimeError(f"two payloads for {kind}: {found[kind]} and {cls}")
            found[kind] = cls
    missing = set(Kind) - set(found)
    if missing:
        raise RuntimeError(f"event kinds without a payload: {sorted(missing)}")
    return {kind: found[kind] for kind in Kind}


PAYLOADS: dict[Kind, type[Payload]] = _collect()


def payload_type(kind: str) -> type[Payload]:
    """The payload Struct of a kind; EventError for a kind that does not exist."""
    try:
        return PAYLOADS[Kind(kind)]
    except ValueError:
        raise EventError(f"unknown event kind {kind!r}") from None


def kind_of(payload: Payload) -> Kind:
    return type(payload).KIND


def to_dict(payload: Payload) -> dict[str, Any]:
    """The JSON-ready dict stored and sent for this payload (defaults left out)."""
    out: dict[str, Any] = msgspec.to_builtins(payload)
    return out


def decode(kind: str, payload: dict[str, Any]) -> Payload:
    """A stored or received payload as its Struct; EventError when it does not fit."""
    cls = payload_type(kind)
    try:
        return msgspec.convert(payload, cls)
    except msgspec.ValidationError as exc:
        raise EventError(f"{kind}: {exc}") from None


def fields(kind: str) -> dict[str, bool]:
    """Payload field name (as written on the wire) -> whether it is always present."""
    return {f.encode_name: f.required for f in msgspec.structs.fields(payload_type(kind))}


class Envelope(Protocol):
    """What a wire event (protocol.Event) and a stored one (store StoredEvent) both have."""

    @property
    def seq(self) -> int: ...
    @property
    def ts(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def conversation(self) -> int | None: ...
    @property
    def actor(self) -> str: ...
    @property
    def payload(self) -> dict[str, Any]: ...


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """One event with its payload typed: ``event.payload`` is the kind's Struct."""

    seq: int
    ts: int  # epoch ms
    conversation: int | None
    actor: str
    payload: Payload

    @property
    def kind(self) -> Kind:
        return self.payload.KIND


def typed(event: Envelope) -> Event:
    """A wire or stored event with its payload decoded; EventError when it does not fit."""
    return Event(
        seq=event.seq,
        ts=event.ts,
        conversation=event.conversation,
        actor=event.actor,
        payload=decode(event.kind, event.payload),
    )
