"""Typed write commands: the only way to change the store.

One msgspec Struct per change. A command is plain data: the writer (a thread, or a child
process reached over a pipe as msgpack) looks up its apply function by type
(``loancs.store.apply.APPLY``) and runs it inside a group-committed transaction; the
future resolves only after the commit. Usage::

    from loancs.store import commands as c

    result = await store.apply(c.SetPriority(conversation=7, priority=2, actor="agent:王芳"))
    store.submit_with(c.IngestMessage(...), done)       # hot path: done(ok, value) on commit

Fields are keyword-only. Nested values a channel sent (identity, hints, attachment) keep
their protocol types, so what is stored is what the protocol decoded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import msgspec

from loancs.core.protocol import Attachment, Hints, Identity

__all__ = [
    "AddNote",
    "AgentReply",
    "AnswerCsat",
    "AnyCommand",
    "Assign",
    "AssistantHandoff",
    "AssistantReply",
    "BindWechat",
    "Command",
    "ForgetKeys",
    "Attachment",
    "Hints",
    "Identity",
    "IngestMessage",
    "LinkIdentity",
    "MarkRead",
    "Pragma",
    "ProbeStorage",
    "PushLoan",
    "RecordBlockedReply",
    "RecordCall",
    "RecordDelivery",
    "RecordEvent",
    "RecordIntent",
    "RecordOffer",
    "RecordPrequal",
    "RequestCsat",
    "Reveal",
    "RollupReports",
    "ScheduleCallback",
    "SetAgentState",
    "SetPriority",
    "SetStatus",
    "ChangeStage",
    "CreateAgent",
    "CreateChannel",
    "DisableAgent",
    "DisableChannel",
    "EraseCustomer",
    "IssueChannelToken",
    "SetLegalHold",
    "VerifyIdentity",
]


class Command(msgspec.Struct, kw_only=True, tag=True, array_like=True):
    """Base of every command; the tag (the class name) selects it on the pipe. On the pipe a
    command is an array (tag, then its fields in order), not a map: no field names written
    and matched (IngestMessage: encode 3.7k -> 2.5k, decode 9.7k -> 8.5k instructions). The
    pipe joins two processes of the same code, so the order is always the reader's."""


# ---------------------------------------------------------------- channels


class IngestMessage(Command):
    """A customer's message from a channel (idempotent on ``(channel, external_id)``)."""

    source: str  # the channel account's name
    channel: str  # its kind: wechat, phone, chat
    external_id: str
    identity: Identity
    body: str
    kind: str = "text"
    hints: Hints | None = None
    attachment: Attachment | None = None
    raw: str | None = None
    call_id: str | None = None
    # True: ``body`` holds nothing to mask (core/pii.py's ``mask_text(body) is body``), as the
    # server's side of the writer's pipe found before sending it (ProcessWriter._queue sets
    # it for every customer message it sends, whatever it held); the writer then takes the
    # body as the text agents see instead of scanning it again. False: not known, scanned.
    plain: bool = False
    # The identity as consoles and events show it (core/pii.py's ``mask_identity``), worked
    # out by the server's side of the pipe as ``plain`` is (ProcessWriter._queue sets it for
    # every customer message, whatever it held). None: the writer masks it itself.
    display: str | None = None


class RecordCall(Command):
    """A phone call's life: started / answered / ended / recording (idempotent per event)."""

    source: str
    channel: str
    call_id: str
    event: Literal["started", "answered", "ended", "recording"]
    customer: Identity | None = None
    direction: str = "inbound"
    agent: str | None = None
    cause: str | None = None
    duration_s: float | None = None
    billsec_s: float | None = None
    recording: Attachment | None = None
    hints: Hints | None = None
    at: int | None = None


class RecordDelivery(Command):
    """A gateway reports what became of an outgoing message."""

    source: str
    message: int
    status: str
    reason: str | None = None
    attempts: int = 0
    channel: str | None = None  # the reporting channel's kind; None: any (admin)


class ChangeStage(Command):
    """The loan system moves an application to a stage (idempotent per stage and time)."""

    source: str
    application: str
    identity: Identity
    stage: str
    loan_type: str | None = None
    amount: Decimal | None = None
    note: str | None = None
    at: int | None = None


class PushLoan(Command):
    """The loan system says what a loan looks like now (idempotent per content)."""

    source: str
    loan: str
    customer: Identity
    principal: Decimal
    annual_rate: Decimal
    months: int
    start_date: str
    method: str = "annuity"
    paid: int = 0
    status: str = "active"


# ---------------------------------------------------------------- customers


class LinkIdentity(Command):
    """An identity belongs to a known customer (e.g. a caller who gave an ID)."""

    customer: int
    identity: Identity
    actor: str


class BindWechat(Command):
    """The lender vouches that a WeChat OpenID belongs to one of its borrowers."""

    source: str
    identity: Identity
    openid: str


class VerifyIdentity(Command):
    """A web-chat visitor proved to be the borrower with this identity (code or token)."""

    visitor: Identity
    account: Identity
    method: str


class Reveal(Command):
    """One identity (or a message's full text, ``field="message:ID"``), logged with why."""

    customer: int
    field: str
    reason: str
    actor: str


class ForgetKeys(Command):
    """Drop erased customers' keys from the writer's cache (it may be in another process)."""

    customers: list[int]


# ---------------------------------------------------------------- conversations


class AgentReply(Command):
    """A person's reply to the customer (``key``: the sender's idempotency key)."""

    conversation: int
    agent_id: int
    agent_name: str
    role: str
    body: str
    warnings: list[dict[str, Any]] = []
    key: str | None = None


class RecordBlockedReply(Command):
    """A reply refused by compliance: the masked attempt and the blocking hits."""

    conversation: int
    agent_name: str
    hits: list[dict[str, Any]]
    agent_id: int | None = None
    masked: str | None = None


class AddNote(Command):
    conversation: int
    agent_id: int
    agent_name: str
    role: str
    body: str


class ScheduleCallback(Command):
    """A call-back task, shown in the owner's inbox until the conversation is resolved."""

    conversation: int
    agent_id: int | None
    actor: str
    due: int
    note: str


class SetStatus(Command):
    """resolve / snooze / reopen; ``kind`` is the event recorded."""

    conversation: int
    agent_id: int | None  # checked to be the handler (None: a supervisor or the system)
    actor: str
    role: str
    status: str
    kind: str
    until: int | None = None
    outcome: str | None = None
    extra: dict[str, Any] = {}


class Assign(Command):
    """Set (or clear, ``agent_id`` None) the conversation's agent and record why (``kind``
    and ``payload``); ``loan_type`` moves it to another queue at the same time."""

    conversation: int
    agent_id: int | None
    actor: str
    kind: str
    payload: dict[str, Any] = {}
    expect_unassigned_or: int | None = None
    check_open: bool = True
    loan_type: str | None = None
    lease_pid: int | None = None  # routing's re-queue: refused unless it still leads


class SetPriority(Command):
    conversation: int
    priority: int
    actor: str


class MarkRead(Command):
    conversation: int
    agent_id: int | None
    actor: str


class RecordEvent(Command):
    """An event with no projection change (offers, routing decisions, whispers ...)."""

    kind: str
    conversation: int | None
    actor: str
    payload: dict[str, Any] = {}
    lease_pid: int | None = None  # routing's decision: refused unless it still leads


class RecordOffer(Command):
    """Routing offers a waiting conversation to an agent. The deadline counts from the
    commit (``expires_ms`` = commit time + ``timeout_ms``, added to ``payload``), not from
    the decision; an offer of a conversation resolved or already with an agent is refused."""

    conversation: int
    actor: str
    timeout_ms: int
    payload: dict[str, Any] = {}
    # Several servers on PostgreSQL: the backend pid of the session holding the routing
    # lease for the server that decided (store/backends/pg_cluster.py); the offer is
    # refused unless that session still holds it, so a leader that lost the lease without
    # noticing yet cannot make an offer its successor also makes.
    lease_pid: int | None = None


# ---------------------------------------------------------------- agents


class SetAgentState(Command):
    agent_id: int
    agent_name: str
    state: str
    reason: str | None
    actor: str
    lease_pid: int | None = None  # routing's decision: refused unless it still leads
    reason_code: str | None = None  # a reason the server made: signed_in, missed_offers, ...


class CreateAgent(Command):
    """A new agent, supervisor or admin (the token is made by the caller; only its hash
    is stored)."""

    name: str
    role: str
    token_hash: str
    skills: dict[str, int] = {}
    capacity: dict[str, int] | None = None  # None: phone 1, chat 3, wechat 3
    actor: str = "admin:cli"


class DisableAgent(Command):
    name: str
    actor: str = "admin:cli"


# ---------------------------------------------------------------- channels (accounts)


class CreateChannel(Command):
    name: str
    kind: str
    token_hash: str
    actor: str = "admin:cli"


class IssueChannelToken(Command):
    """Give a channel a new token (its old one stops working), creating the channel when
    it does not exist yet. Refused for a disabled channel: only an admin re-enables it."""

    name: str
    kind: str
    token_hash: str
    actor: str


class DisableChannel(Command):
    name: str
    actor: str = "admin:cli"


# ---------------------------------------------------------------- privacy


class EraseCustomer(Command):
    """Destroy the customer's key and scrub the projections (the chain still verifies).
    Refused while a legal hold applies."""

    customer: int
    reason: str
    actor: str = "admin:cli"


class SetLegalHold(Command):
    """Put a customer on legal hold, or release the hold (``release``)."""

    customer: int
    reason: str | None
    release: bool = False
    actor: str = "admin:cli"


# ---------------------------------------------------------------- CSAT


class RequestCsat(Command):
    """Ask the customer of a resolved conversation for a rating (unless asked recently)."""

    conversation: int
    prompt: str | None
    window_ms: int
    answer_ms: int
    actor: str = "system:csat"


class AnswerCsat(Command):
    conversation: int
    score: int
    comment: str | None
    actor: str


# ---------------------------------------------------------------- the assistant


class RecordIntent(Command):
    conversation: int
    message: int
    intent: str
    confidence: float
    slots: dict[str, Any] = {}


class AssistantReply(Command):
    """The assistant's answer (refused once a person has the conversation)."""

    conversation: int
    body: str
    warnings: list[dict[str, Any]] = []


class AssistantHandoff(Command):
    conversation: int
    reason: str
    intent: str
    summary: str
    urgency: str | None = None
    loan_type: str | None = None


class RecordPrequal(Command):
    conversation: int
    result: dict[str, Any]


# ---------------------------------------------------------------- maintenance


class ProbeStorage(Command):
    """A small real write, undone in the same transaction: does the store take writes?"""


class Pragma(Command):
    """A PRAGMA on the writer's own connection (``max_page_count = N`` ...; tests, ops)."""

    statement: str


class RollupReports(Command):
    """Fold the next events into the report aggregates (see store/reports.py)."""

    limit: int = 20_000


AnyCommand = (
    IngestMessage
    | RecordCall
    | RecordDelivery
    | ChangeStage
    | PushLoan
    | LinkIdentity
    | BindWechat
    | VerifyIdentity
    | Reveal
    | ForgetKeys
    | AgentReply
    | RecordBlockedReply
    | AddNote
    | ScheduleCallback
    | SetStatus
    | Assign
    | SetPriority
    | MarkRead
    | RecordEvent
    | RecordOffer
    | SetAgentState
    | CreateAgent
    | DisableAgent
    | CreateChannel
    | IssueChannelToken
    | DisableChannel
    | EraseCustomer
    | SetLegalHold
    | RequestCsat
    | AnswerCsat
    | RecordIntent
    | AssistantReply
    | AssistantHandoff
    | RecordPrequal
    | ProbeStorage
    | Pragma
    | RollupReports
)
