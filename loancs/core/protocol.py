"""The wire protocol: every frame the server accepts or sends, decoded strictly.

One JSON object per websocket text frame, with a ``type`` field. Decoding is done by
msgspec against a tagged union, so an unknown type, a missing field, a wrong type or
an unexpected field is rejected with a stable error code before any handler runs.
This module is pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

import msgspec

PROTOCOL_VERSION = 2
# From protocol 2 on, an agent's console gets a coalesced ``waiting`` frame for its queues
# instead of every waiting conversation's live events (docs/protocol.md, "Protocol versions").
WAITING_SUMMARY_PROTOCOL = 2
DEFAULT_MAX_FRAME = 64 * 1024
# The languages the server routes and explains in: ``hints.language`` and ``hello.lang``.
# "zh" is the default queue; "en" conversations wait in ``.../lang:en`` queues.
LANGUAGES = ("zh", "en")

Role = Literal["channel", "agent", "supervisor", "admin", "customer"]
ChannelKind = Literal["wechat", "phone", "chat", "system"]
IdentityKind = Literal["phone", "wechat", "visitor", "customer_no"]
Urgency = Literal["normal", "complaint", "overdue", "vip", "deadline"]
ConversationStatus = Literal["open", "pending", "snoozed", "resolved"]
ListOrder = Literal["activity", "inbox"]
AgentState = Literal["offline", "available", "break", "wrapup"]
ApplicationStage = Literal[
    "submitted",
    "document_review",
    "risk_review",
    "approved",
    "rejected",
    "contract_signed",
    "disbursed",
    "repaying",
    "settled",
]
APPLICATION_STAGES: tuple[str, ...] = ApplicationStage.__args__  # type: ignore[attr-defined]
MessageKind = Literal["text", "voice", "image", "event", "transcript", "unsupported"]
CallEventName = Literal["started", "answered", "ended", "recording"]


class _Frame(msgspec.Struct, tag_field="type", forbid_unknown_fields=True, omit_defaults=True):
    pass


# ---------------------------------------------------------------- shared parts


# The longest customer id, customer name or message id a frame may carry (characters).
ID_MAX = 256


class Identity(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Who the customer is on a channel: phone number, WeChat OpenID, web visitor id."""

    kind: IdentityKind
    # Not empty: every customer with an empty id would be one customer, histories merged.
    # Not endless either (an OpenID is 28 characters, a phone number 11): a bad gateway's
    # 20,000-character id or name would be stored, shown and searched.
    value: Annotated[str, msgspec.Meta(min_length=1, max_length=ID_MAX)]
    name: Annotated[str, msgspec.Meta(max_length=ID_MAX)] | None = None


class Hints(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """What a channel already knows about the conversation (menu choice, IVR digits ...)."""

    loan_type: str | None = None
    amount: Decimal | None = None
    urgency: Urgency | None = None
    credit_band: str | None = None
    language: str | None = None


class Attachment(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    kind: str
    ref: str
    url: str | None = None
    mime: str | None = None
    bytes: int | None = None
    sha256: str | None = None
    duration_s: float | None = None


# ---------------------------------------------------------------- client -> server


class Hello(_Frame, tag="hello"):
    """First frame of every connection. ``since`` resumes the event stream after a seq."""

    token: str
    since: int | None = None
    subscribe: bool = True
    client: str | None = None
    lang: str | None = None
    # The protocol the client speaks (omitted: 1). An agent saying 2 or more gets ``waiting``
    # summaries instead of the live events of conversations waiting in its queues.
    protocol: int | None = None
    # Only watching (``loancs tail``): an agent's watcher never signs her in, subscribed or not.
    watch: bool = False


class Resume(_Frame, tag="resume"):
    """Restart the event stream after a ``resync`` without reconnecting."""

    since: int


class Ingest(_Frame, tag="ingest"):
    """A customer's message arriving on a channel (channel role)."""

    id: str
    # The channel's own message id: a resend with it is stored once, so it is never empty
    # (an empty one would make every later message with it a resend of the first).
    external_id: Annotated[str, msgspec.Meta(min_length=1, max_length=ID_MAX)]
    customer: Identity
    body: str
    kind: MessageKind = "text"
    hints: Hints | None = None
    attachment: Attachment | None = None
    raw: str | None = None
    call_id: str | None = None


class CallEvent(_Frame, tag="call"):
    """A phone call's life: started, answered, ended, recording (channel role)."""

    id: str
    call_id: str
    event: CallEventName
    customer: Identity | None = None
    direction: Literal["inbound", "outbound"] = "inbound"
    to: str | None = None
    agent: str | None = None
    cause: str | None = None
    duration_s: float | None = None
    billsec_s: float | None = None
    recording: Attachment | None = None
    hints: Hints | None = None
    at: int | None = None


class Delivery(_Frame, tag="delivery"):
    """A gateway reporting whether an outbound message reached the customer."""

    id: str
    message: int
    status: Literal["sent", "failed"]
    reason: str | None = None
    attempts: int = 1


class Stage(_Frame, tag="stage"):
    """A loan system pushing an application's stage change (channel role, kind system)."""

    id: str
    application: str
    customer: Identity
    stage: ApplicationStage
    loan_type: str | None = None
    amount: Decimal | None = None
    note: str | None = None
    at: int | None = None


class Reply(_Frame, tag="reply"):
    """An agent's answer to the customer; checked for compliance before delivery."""

    id: str
    conversation: int
    body: str
    # Idempotency key chosen by the sender once per reply: a resend with the same key (after
    # a reconnect) gets the first ack back (duplicate: true) and stores nothing new.
    key: str | None = None


class Note(_Frame, tag="note"):
    """A private note on a conversation, never sent to the customer."""

    id: str
    conversation: int
    body: str


class Accept(_Frame, tag="accept"):
    id: str
    conversation: int


class Decline(_Frame, tag="decline"):
    id: str
    conversation: int
    reason: str | None = None


class Resolve(_Frame, tag="resolve"):
    id: str
    conversation: int
    outcome: str | None = None


class Callback(_Frame, tag="callback"):
    """The agent promised to call the customer back: a task with a due time (epoch ms)."""

    id: str
    conversation: int
    due: int
    note: str = ""


class Snooze(_Frame, tag="snooze"):
    id: str
    conversation: int
    until: int


class Reopen(_Frame, tag="reopen"):
    id: str
    conversation: int


class Transfer(_Frame, tag="transfer"):
    """Hand a conversation to another agent (by name) or back to a queue (a loan type)."""

    id: str
    conversation: int
    to_agent: str | None = None
    to_queue: str | None = None
    note: str | None = None


class SetPriority(_Frame, tag="set_priority"):
    id: str
    conversation: int
    priority: int


class SetState(_Frame, tag="set_state"):
    """An agent's availability: available, break (with reason), wrapup (outcome), offline."""

    id: str
    state: AgentState
    reason: str | None = None
    outcome: str | None = None


class Say(_Frame, tag="say"):
    """A web-chat visitor's message (customer role); ``id`` doubles as its external id."""

    id: str
    body: str
    hints: Hints | None = None


class Typing(_Frame, tag="typing"):
    """Typing indicator; not stored. Customers may omit the conversation."""

    conversation: int | None = None
    active: bool = True


class ListConversations(_Frame, tag="list_conversations"):
    """``query`` searches conversation number, customer name, identity and last message;
    ``before`` pages back by last activity (epoch ms), ``before_id`` (the last row's id)
    keeps rows with the same activity from being skipped. ``order: "inbox"`` lists the
    unresolved ones in the inbox order instead (core/projection.inbox_key), a page at a
    time: ``after`` is the last row's key."""

    id: str
    status: list[ConversationStatus] | None = None
    mine: bool = False
    limit: int = 200
    query: str | None = None
    before: int | None = None
    before_id: int | None = None
    order: ListOrder = "activity"
    after: list[int] | None = None


class MarkRead(_Frame, tag="mark_read"):
    """The agent has read the conversation: its unread count goes to zero."""

    id: str
    conversation: int


class Recipient(_Frame, tag="recipient"):
    """A gateway asks whom to deliver a conversation's replies to (its channel only)."""

    id: str
    conversation: int


class GetConversation(_Frame, tag="get_conversation"):
    id: str
    conversation: int
    before: int | None = None
    limit: int = 200


class GetCustomer(_Frame, tag="get_customer"):
    id: str
    customer: int


class Reveal(_Frame, tag="reveal"):
    """Show one masked field of a customer in full; recorded in the event log."""

    id: str
    customer: int
    field: str
    reason: str


class ListAgents(_Frame, tag="list_agents"):
    id: str


class GetRules(_Frame, tag="get_rules"):
    """The lender's own compliance rules (TOML text), so consoles highlight what the
    server enforces; ``version`` changes whenever the server reloads them."""

    id: str


class GetQueues(_Frame, tag="get_queues"):
    """Supervisor view: waiting work per queue, agents with state and load, service level.
    ``waiting`` lists at most ``limit`` conversations (first by priority, then longest
    wait) from ``offset``; ``waiting_total`` counts them all."""

    id: str
    sla_s: int = 30
    limit: int = 500
    offset: int = 0


class Ping(_Frame, tag="ping"):
    id: str | None = None


# ---------------------------------------------------------------- the supervisor's desk


class Whisper(_Frame, tag="whisper"):
    """A supervisor's note to the agent who owns the conversation; never reaches the
    customer or a channel (event ``conversation.whisper``)."""

    id: str
    conversation: int
    body: str


class Barge(_Frame, tag="barge"):
    """A supervisor takes the conversation over from its agent (or from the queue)."""

    id: str
    conversation: int
    note: str | None = None


class ForceState(_Frame, tag="force_state"):
    """A supervisor sets an agent's state (by name); the reason is recorded."""

    id: str
    agent: str
    state: AgentState
    reason: str


class Monitor(_Frame, tag="monitor"):
    """A supervisor opens a conversation read-only (recorded); the result is the
    conversation, and its events keep arriving on the event stream."""

    id: str
    conversation: int
    limit: int = 200


class GetFloor(_Frame, tag="get_floor"):
    """The wallboard: queues with service level today, agents with time in state, and
    waiting work paged as in ``get_queues`` (``limit`` from ``offset``, ``waiting_total``)."""

    id: str
    sla_s: int = 30
    limit: int = 500
    offset: int = 0


class GetReport(_Frame, tag="get_report"):
    """One report (topics, service, agents, compliance, csat, assistant) over
    [from_ms, to_ms), grouped ``by`` day, week, channel, queue, agent or product."""

    id: str
    report: str
    from_ms: int
    to_ms: int
    by: str | None = None
    sla_s: int = 30


class Rate(_Frame, tag="rate"):
    """A web-chat visitor's answer to the rating request (1-5, optional comment)."""

    id: str
    score: int
    comment: str | None = None


# ---------------------------------------------------------------- assistant (issue 11)
# The lender's systems push loans and bind WeChat OpenIDs; a web-chat visitor verifies
# with a one-time SMS code or a token signed by the lender's own login. Account data is
# answered only for a verified identity.

LoanMethod = Literal["annuity", "equal-principal", "interest-only", "bullet"]


class Loan(_Frame, tag="loan"):
    """A loan as the lender's loan system has it (system channel or admin): terms and
    instalments paid so far. Pushed again whenever ``paid`` changes."""

    id: str
    loan: str
    customer: Identity
    principal: Decimal
    annual_rate: Decimal
    months: int
    start_date: str  # ISO date of the payout; instalment k is due k months later
    method: LoanMethod = "annuity"
    paid: int = 0
    status: Literal["active", "settled"] = "active"


class Bind(_Frame, tag="bind"):
    """The lender's system vouches that a WeChat OpenID belongs to a customer (system
    channel or admin); the assistant then answers that OpenID's account questions."""

    id: str
    customer: Identity
    wechat: str


class VerifyRequest(_Frame, tag="verify_request"):
    """A web-chat visitor asks for a one-time code by SMS to the phone on their loan."""

    id: str
    phone: str


class VerifyCode(_Frame, tag="verify_code"):
    """The code the visitor received; five wrong tries end the attempt."""

    id: str
    code: str


class VerifyToken(_Frame, tag="verify_token"):
    """A token the lender's own login issued (``payload.signature``, HMAC-SHA256 with the
    shared ``[assistant] login_secret``); the widget passes it on."""

    id: str
    token: str


ClientFrame = (
    Hello
    | Resume
    | Ingest
    | CallEvent
    | Delivery
    | Stage
    | Reply
    | Note
    | Accept
    | Decline
    | Resolve
    | Callback
    | Snooze
    | Reopen
    | Transfer
    | SetPriority
    | SetState
    | Say
    | Typing
    | ListConversations
    | MarkRead
    | Recipient
    | GetConversation
    | GetCustomer
    | Reveal
    | ListAgents
    | GetQueues
    | GetRules
    | Ping
    | Whisper
    | Barge
    | ForceState
    | Monitor
    | GetFloor
    | GetReport
    | Rate
    | Loan
    | Bind
    | VerifyRequest
    | VerifyCode
    | VerifyToken
)

CLIENT_FRAME_TYPES: frozenset[str] = frozenset(
    t.__struct_config__.tag for t in ClientFrame.__args__
)

# ---------------------------------------------------------------- server -> client


class Welcome(_Frame, tag="welcome"):
    role: Role
    name: str
    actor: str
    seq: int
    protocol: int | None = None  # the server's PROTOCOL_VERSION (absent before protocol 2)
    agent_id: int | None = None
    channel_kind: str | None = None
    # web-chat visitors only: the public id and the secret to say hello with next time
    visitor: str | None = None
    visitor_token: str | None = None
    # Something about the hello the server did not take as asked (an unknown ``lang``);
    # absent when there is nothing to say.
    notice: str | None = None


# Not tracked by the garbage collector (an ack holds no reference back to anything that holds
# it): one is made and encoded for every customer message, ~0.34k instructions less each.
class Ack(_Frame, tag="ack", gc=False):
    id: str
    seq: int
    conversation: int | None = None
    message: int | None = None
    duplicate: bool = False
    warnings: list[dict[str, Any]] | None = None


class Result(_Frame, tag="result"):
    id: str
    data: Any


class Event(_Frame, tag="event"):
    seq: int
    ts: int
    kind: str
    conversation: int | None
    actor: str
    payload: dict[str, Any]


class Resync(_Frame, tag="resync"):
    """The server could not keep up with this client: resume with ``since`` = ``last_seq``."""

    last_seq: int
    reason: str


class Error(_Frame, tag="error"):
    code: str
    message: str
    id: str | None = None
    detail: Any = None


class Bye(_Frame, tag="bye"):
    reason: str


class Pong(_Frame, tag="pong"):
    id: str | None = None
    seq: int = 0


class WaitingItem(msgspec.Struct, forbid_unknown_fields=True):
    """One of the first conversations of a queue, in the order routing offers them."""

    id: int
    channel: str
    since: int  # epoch ms: waiting since (what its wait is counted from)
    priority: int = 0  # as a supervisor set it (0: none); the list is in routing's order
    urgency: str = "normal"
    offered: bool = False  # offered to an agent right now
    customer_display: str | None = None  # masked
    excerpt: str | None = None  # the customer's last message, short, numbers masked


class WaitingQueue(msgspec.Struct, forbid_unknown_fields=True):
    """Waiting work of one queue (a loan type; ``none``: conversations without one)."""

    waiting: int  # conversations with nobody yet, offered ones included
    offered: int = 0
    oldest: int | None = None  # epoch ms: since when the longest-waiting one waits
    top: list[WaitingItem] = []
    # conversations that stopped waiting here since the last summary (taken, resolved,
    # moved to another queue): a console drops its rows of them
    left: list[int] = []


class WaitingWork(_Frame, tag="waiting"):
    """Protocol 2, agents: the waiting work of their queues, sent when it changed (at most
    about twice a second). ``ts`` is the server's clock when it was made."""

    ts: int
    queues: dict[str, WaitingQueue]


ServerFrame = Welcome | Ack | Result | Event | Resync | Error | Bye | Pong | WaitingWork

# ---------------------------------------------------------------- error codes

ERROR_CODES: dict[str, str] = {
    "bad_json": "the frame is not a JSON object",
    "bad_utf8": "the frame is not valid UTF-8",
    "unknown_type": "the frame's type is not part of the protocol",
    "bad_frame": "a field is missing, has the wrong type, or is not part of the frame",
    "too_large": "the frame is larger than the server's limit",
    "hello_required": "the first frame must be hello",
    "already_hello": "hello was already sent on this connection",
    "unauthorized": "the token is wrong or disabled",
    "forbidden": "this role may not send that frame or touch that conversation",
    "not_found": "no such conversation, customer, agent or message",
    "conflict": "the action does not fit the conversation's current state",
    "rate_limited": "too many frames; slow down and resend what was not acknowledged",
    "overloaded": "too many connections (from this address or in total); retry later",
    "compliance_blocked": "the reply breaks a compliance rule and was not sent",
    "contact_refused": "a collection message outside allowed hours or over the daily cap",
    "window_closed": "the channel no longer allows a reply to this customer",
    "outcome_required": "the lender requires an outcome (wrap-up) code to resolve",
    "storage_unavailable": "the event could not be stored; nothing was acknowledged",
    "shutting_down": "the server is stopping; reconnect and resend what was not acknowledged",
    "internal": "unexpected server error; nothing was acknowledged",
    "verification_failed": "the code or token is wrong, expired or used up; ask for a new one",
}


class ProtocolError(Exception):
    """A frame that cannot be accepted; carries a stable code for the error frame."""

    def __init__(self, code: str, message: str, frame_id: str | None = None, detail: Any = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.frame_id = frame_id
        self.detail = detail

    def to_frame(self) -> Error:
        return Error(code=self.code, message=self.message, id=self.frame_id, detail=self.detail)


_decoder = msgspec.json.Decoder(ClientFrame)
_server_decoder = msgspec.json.Decoder(ServerFrame)
_encoder = msgspec.json.Encoder(decimal_format="string")
_id_probe = msgspec.json.Decoder(dict)


def frame_id(data: bytes | str) -> str | None:
    """The ``id`` of a frame that could not be decoded (or was dropped), when it has one."""
    try:
        obj = _id_probe.decode(data)
    except RecursionError:
        return _shallow_id(data)  # nested deeper than the decoder goes: read the top level
    except msgspec.DecodeError:
        return None
    value = obj.get("id")
    return value if isinstance(value, str) and len(value) <= 200 else None


_SHALLOW_SCAN = 16 * 1024  # characters: ~3 ms of scan at most


def _shallow_id(data: bytes | str) -> str | None:
    """The top-level ``"id"`` string of a frame nested too deeply for msgspec (which goes
    down recursively even to skip a value), read by one pass over its characters: a client
    whose 5,000-deep frame is refused still learns which message it was. Only the first
    :data:`_SHALLOW_SCAN` characters are read: the scan is Python, one step a character, and
    a 1 MiB frame of brackets (refused as too large, with its id looked for) would hold the
    event loop ~0.2 s for each one a client sends."""
    text = data[:_SHALLOW_SCAN]
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    depth, key_next, i, n = 0, False, 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            string = _STRING.match(text, i)
            if string is None:  # cut inside a string
                return None
            if depth == 1 and key_next:
                key_next = False
                value = _STRING_AFTER_COLON.match(text, string.end())
                if value is not None and _json_string(string.group()) == "id":
                    found = _json_string(value.group(1))
                    return found if found is not None and len(found) <= 200 else None
            i = string.end()
            continue
        if char in "{[":
            depth += 1
            key_next = depth == 1 and char == "{"
        elif char in "}]":
            depth -= 1
        elif char == "," and depth == 1:
            key_next = True
        i += 1
    return None


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)  # a JSON string token, escapes skipped
_STRING_AFTER_COLON = re.compile(r'[ \t\r\n]*:[ \t\r\n]*("(?:[^"\\]|\\.)*")', re.S)


def _json_string(token: str) -> str | None:
    try:
        value = msgspec.json.decode(token)
    except msgspec.DecodeError:
        return None
    return value if isinstance(value, str) else None


_frame_id = frame_id

INT64 = (-(2**63), 2**63 - 1)  # what SQLite stores
MAX_AMOUNT = Decimal(10) ** 12  # yuan; fen of it still fit in 64 bits
MAX_LIMIT = 10000  # rows a list may ask for (the console asks for 5,000)


def _check_values(obj: msgspec.Struct, path: str = "") -> None:
    """Values msgspec's types let through but the store cannot take: integers beyond 64 bits,
    money that is not a finite amount >= 0, floats that are not finite, list limits.
    (Every client frame passes here: only the fields whose type can hold such a value are
    looked at, and a field's path is spelled out only when it is wrong.)"""
    names = _CHECKED.get(type(obj))
    if names is None:
        names = _checked_fields(type(obj))
    for name in names:
        value = getattr(obj, name)
        cls = type(value)
        if cls is str or value is None or cls is bool:
            continue
        if cls in _CHECKED:  # a Struct (its fields worked out): isinstance(, Struct) is slow
            for inner in _CHECKED[cls]:  # looked into only when one of them is set
                if getattr(value, inner) is not None:  # (ingest's hints: a loan type only)
                    _check_values(value, f"{path}{name}.")
                    break
            continue
        if isinstance(value, int):
            if not INT64[0] <= value <= INT64[1]:
                raise ProtocolError("bad_frame", f"`{path}{name}` is out of range (64-bit integer)")
            if name == "limit" and not 1 <= value <= MAX_LIMIT:
                raise ProtocolError(
                    "bad_frame", f"`{path}{name}` must be between 1 and {MAX_LIMIT}"
                )
        elif isinstance(value, Decimal):
            if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
                raise ProtocolError(
                    "bad_frame", f"`{path}{name}` must be an amount from 0 to {MAX_AMOUNT} yuan"
                )
        elif isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")) or abs(value) > 1e15:
                raise ProtocolError("bad_frame", f"`{path}{name}` must be a finite number")
        elif isinstance(value, msgspec.Struct):
            _check_values(value, f"{path}{name}.")
        elif isinstance(value, str):
            continue  # a str subclass (an enum's value)


_CHECKED: dict[type, tuple[str, ...]] = {}
_UNCHECKED_TYPES = (
    msgspec.inspect.StrType,
    msgspec.inspect.BoolType,
    msgspec.inspect.NoneType,
)


def _may_hold_number(t: msgspec.inspect.Type) -> bool:
    """Can a value of this (inspected) type be an int, a float, a Decimal or a Struct?"""
    if isinstance(t, _UNCHECKED_TYPES):
        return False
    if isinstance(t, msgspec.inspect.LiteralType):
        return not all(isinstance(v, str) for v in t.values)
    if isinstance(t, msgspec.inspect.UnionType):
        return any(_may_hold_number(member) for member in t.types)
    if isinstance(t, msgspec.inspect.StructType):  # only if a field of it may (an Identity: no)
        return bool(_checked_fields(t.cls))
    return True  # numbers, Any and the rest: looked at


def _checked_fields(cls: type) -> tuple[str, ...]:
    known = _CHECKED.get(cls)
    if known is not None:
        return known
    every = tuple(cls.__struct_fields__)  # type: ignore[attr-defined]
    _CHECKED[cls] = every  # while it is worked out (a struct that may hold itself)
    info = msgspec.inspect.type_info(cls)
    fields = getattr(info, "fields", None)
    if fields is not None:
        _CHECKED[cls] = tuple(f.name for f in fields if _may_hold_number(f.type))
    return _CHECKED[cls]


# Keys a client of an earlier release may still send, by frame type: accepted and dropped
# before strict decoding, so an old gateway or console keeps working (docs/protocol.md).
RETIRED_FIELDS: dict[str, frozenset[str]] = {
    "reply": frozenset({"override_warnings"}),  # retired in wave 2: warnings never blocked
    "ingest": frozenset({"sent_at"}),  # retired in wave 2: the server stamps arrival
}


def _without_retired(data: bytes | str) -> bytes | None:
    """The frame re-encoded without its retired keys; None when it carries none."""
    try:
        obj = _id_probe.decode(data)
    except (msgspec.DecodeError, RecursionError):
        return None
    kind = obj.get("type")
    retired = RETIRED_FIELDS.get(kind) if isinstance(kind, str) else None
    if not retired or retired.isdisjoint(obj):
        return None
    return msgspec.json.encode({k: v for k, v in obj.items() if k not in retired})


def decode_client_frame(data: bytes | str, max_size: int = DEFAULT_MAX_FRAME) -> ClientFrame:
    """Decode one client frame or raise ProtocolError with a stable code."""
    if len(data) > max_size >> 2:  # (a long frame: the usual short one is not measured)
        # A text frame arrives decoded: its length counts characters, and a Chinese one
        # is three bytes each (the limit is in bytes, as --max-frame says).
        size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        if size > max_size:
            # With its id when it has one: a gateway can tell which message was refused.
            raise ProtocolError(
                "too_large",
                f"frame of {size} bytes is over the {max_size}-byte limit",
                _frame_id(data),
            )
    try:
        # Bytes are not checked for UTF-8 first: msgspec checks every string it decodes, and
        # every client frame's struct forbids unknown fields (skipped unread otherwise), so
        # a frame that decodes is UTF-8. One that does not is checked below, first.
        frame = _decoder.decode(data)
    except (RecursionError, msgspec.DecodeError) as exc:
        return _undecodable(data, exc, max_size)
    if frame.__class__ is Ingest:
        # What most frames are: a customer message with at most a loan type for a hint. Of
        # an Ingest's fields only these three can hold what _check_values or the language
        # check below refuse; with them unset neither has anything to look at (~5k
        # instructions a message less in the server's main process).
        hints = frame.hints
        if frame.attachment is None and (
            hints is None or (hints.amount is None and hints.language is None)
        ):
            return frame
    try:
        _check_values(frame)
    except ProtocolError as exc:
        exc.frame_id = getattr(frame, "id", None)
        raise
    hints = getattr(frame, "hints", None)
    if (
        hints is not None
        and hints.language
        and hints.language not in LANGUAGES
        and not isinstance(frame, CallEvent)  # a call is never lost for it: call_hints()
    ):
        # It becomes part of a queue name (wechat/general/lang:en): only known ones.
        raise ProtocolError(
            "bad_frame",
            f"`hints.language` {hints.language[:40]!r} is not a language this server routes: "
            f"{' or '.join(LANGUAGES)} (or leave it out)",
            getattr(frame, "id", None),
        )
    return frame


def _undecodable(data: bytes | str, error: Exception, max_size: int) -> ClientFrame:
    """Why ``data`` did not decode, as a ProtocolError (raised; a frame carrying retired
    keys is decoded without them and returned instead)."""
    if isinstance(data, bytes):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                "bad_utf8", f"frame is not valid UTF-8 (byte {exc.start})"
            ) from None
    try:
        raise error
    except RecursionError:
        raise ProtocolError(
            "bad_json",
            "frame is nested too deeply (arrays and objects more than about 1,000 levels down)",
            _frame_id(data),
        ) from None
    except msgspec.ValidationError as exc:
        text = str(exc)
        if text.startswith("Object contains unknown field"):
            current = _without_retired(data)
            if current is not None:
                return decode_client_frame(current, max_size)
        # msgspec can refuse a field before it reaches what makes the frame invalid JSON (a raw
        # control character in a later string): the dict probe then fails, the top-level scan
        # still reads the id.
        frame_id = _frame_id(data) or _shallow_id(data)
        if text.startswith("Expected `object`, got") and " - at " not in text:
            raise ProtocolError("bad_json", f"frame is not a JSON object: {text}") from None
        if text.endswith("at `$.type`") and "Invalid value" in text:
            try:
                kind = _id_probe.decode(data).get("type")
            except msgspec.DecodeError as exc:  # the rest of the frame is not JSON either
                raise ProtocolError("bad_json", f"frame is not a JSON object: {exc}") from None
            raise ProtocolError("unknown_type", f"unknown frame type {kind!r}", frame_id) from None
        if "Object missing required field `type`" in text:
            raise ProtocolError("bad_frame", "frame has no `type` field", frame_id) from None
        if text.startswith("Invalid enum value"):
            refused = _not_allowed(data, text, frame_id)
            if refused is not None:
                raise refused from None
        raise ProtocolError("bad_frame", text, frame_id) from None
    except msgspec.DecodeError as exc:
        raise ProtocolError("bad_json", _not_json(data, exc)) from None


# A \uD800-\uDBFF escape not followed by a \uDC00-\uDFFF one, or a low half alone.
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<![0-9a-fA-F]{2}\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _not_json(data: bytes | str, exc: Exception) -> str:
    """msgspec says "Input data was truncated" for a string holding half of a UTF-16
    surrogate pair (``"\\ud83d"``, an emoji cut in two by a client slicing UTF-16): name
    that instead, so a gateway's author does not look for a cut frame."""
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    said = str(exc)
    # ... also where the half is followed by more of the string ("hi \ud800 there": msgspec
    # says "unexpected end of escaped utf-16 surrogate pair" or "invalid utf-16 surrogate
    # pair", with a byte offset and no word of which escape)
    if ("truncated" in said or "surrogate" in said) and (half := _LONE_SURROGATE.search(text)):
        return (
            f"frame is not valid JSON: `{half.group(0)[-6:]}` at character {half.end() - 6} "
            "is half of a UTF-16 surrogate pair (an emoji cut in two?)"
        )
    if text.startswith("\ufeff"):
        # "invalid character (byte 0)" for a frame a Windows tool wrote with a BOM
        return "frame is not valid JSON: it starts with a byte-order mark (U+FEFF); send it without one"
    if (bad := _NOT_A_NUMBER.search(text)) is not None:
        # "invalid character (byte 20)" for {"amount": NaN}: Python's json.dumps writes these
        return (
            f"frame is not valid JSON: `{bad.group(1)}` at character {bad.start(1)} is not a JSON "
            "number (json.dumps(..., allow_nan=False) refuses it at the sender)"
        )
    return f"frame is not a JSON object: {exc}"


# NaN, Infinity or -Infinity where a value goes (after ``:``, ``[`` or ``,``), outside strings
# as far as a frame this short can say.
_NOT_A_NUMBER = re.compile(r"[:\[,]\s*(-?Infinity|NaN)\s*[,}\]]")


_ENUM_ERROR = re.compile(r"Invalid enum value (.*) - at `\$((?:\.\w+|\[\d+\])+)`$")
_PATH_PART = re.compile(r"\.(\w+)|\[(\d+)\]")


def _members(t: msgspec.inspect.Type) -> tuple[msgspec.inspect.Type, ...]:
    """A type's members: a union's (``X | None``), else the type itself."""
    return t.types if isinstance(t, msgspec.inspect.UnionType) else (t,)


_SEQUENCES = (
    msgspec.inspect.ListType,
    msgspec.inspect.VarTupleType,
    msgspec.inspect.SetType,
    msgspec.inspect.FrozenSetType,
)


def _not_allowed(data: bytes | str, text: str, frame_id: str | None) -> ProtocolError | None:
    """msgspec's "Invalid enum value 'fax' - at `$.customer.kind`" as a bad_frame that says
    which values the field takes (message and ``detail.allowed``); None when the field's
    type cannot be found (msgspec's own text is kept then). msgspec.inspect walks the
    frame's type by the path's (wire) names."""
    match = _ENUM_ERROR.match(text)
    if match is None:
        return None
    try:
        kind = _id_probe.decode(data).get("type")
    except msgspec.DecodeError:
        return None
    t: msgspec.inspect.Type | None = next(
        (s for s in _client_frame_types() if s.tag == kind),
        None,
    )
    names: list[str] = []
    field: tuple[type, str] | None = None  # the last struct and field the path went through
    for name, index in _PATH_PART.findall(match.group(2)):
        options = _members(t) if t is not None else ()
        if name:
            found = next(
                (
                    (o, f)
                    for o in options
                    if isinstance(o, msgspec.inspect.StructType)
                    for f in o.fields
                    if f.encode_name == name
                ),
                None,
            )
            t = found[1].type if found else None
            field = (found[0].cls, found[1].name) if found else None
            names.append(name)
        else:
            t = next((o.item_type for o in options if isinstance(o, _SEQUENCES)), None)
            names[-1:] = [f"{names[-1] if names else ''}[{index}]"]
        if t is None:
            return None
    if t is None:
        return None
    literal = next((o for o in _members(t) if isinstance(o, msgspec.inspect.LiteralType)), None)
    if literal is None or field is None:
        return None
    allowed = [str(v) for v in _declared(literal.values, get_type_hints(field[0])[field[1]])]
    value = match.group(1)
    path = ".".join(names)
    return ProtocolError(
        "bad_frame",
        f"`{path}` {value[:60]} is not one of: {', '.join(allowed)}",
        frame_id,
        detail={"field": path, "allowed": allowed},
    )


def _declared(values: tuple[Any, ...], hint: Any) -> tuple[Any, ...]:
    """The values in the order the field's annotation declares them (msgspec.inspect sorts
    a Literal's values; the message lists them as the protocol does)."""
    if get_origin(hint) is Literal and set(get_args(hint)) == set(values):
        return get_args(hint)
    for arg in get_args(hint):
        found = _declared(values, arg)
        if found is not values:
            return found
    return values


_FRAME_TYPES: list[msgspec.inspect.StructType] = []


def _client_frame_types() -> list[msgspec.inspect.StructType]:
    """Every client frame's struct as msgspec.inspect sees it (built on the first refusal:
    an error path only)."""
    if not _FRAME_TYPES:
        union = msgspec.inspect.type_info(ClientFrame)
        _FRAME_TYPES.extend(s for s in _members(union) if isinstance(s, msgspec.inspect.StructType))
    return _FRAME_TYPES


def language_of(tag: str) -> str | None:
    """The language this server routes that a tag names (``en-US``, ``zh_CN`` and ``EN``
    count by their first part), else None."""
    primary = tag.split("-", 1)[0].split("_", 1)[0].lower()
    return primary if primary in LANGUAGES else None


def call_hints(hints: Hints | None) -> tuple[Hints | None, list[dict[str, Any]]]:
    """A call's hints as routing takes them, and what was left out: a PBX's language tag
    counts by its first part, and any other language is left out (the call is routed as
    without it) instead of refusing the call event, which a gateway cannot resend better."""
    if hints is None or not hints.language or hints.language in LANGUAGES:
        return hints, []
    language = language_of(hints.language)
    warnings: list[dict[str, Any]] = []
    if language is None:
        warnings.append(
            {
                "code": "hint_ignored",
                "field": "hints.language",
                "value": hints.language[:40],
                "message": f"`hints.language` {hints.language[:40]!r} is not a language this "
                f"server routes ({' or '.join(LANGUAGES)}): the call is stored and routed "
                "without it",
            }
        )
    return msgspec.structs.replace(hints, language=language), warnings


# Characters that show nothing: Unicode whitespace and the invisible format characters
# (zero-width space/joiners, BOM, word joiner, bidi marks, soft hyphen, Hangul fillers).
_INVISIBLE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067"
    "\u2068\u2069\u3164\ufeff\uffa0"
)


def blank(text: str) -> bool:
    """True for a message a reader would see as empty: nothing, or only spaces and
    zero-width characters."""
    # (most texts start with a character a reader sees: one lookup, not a strip of it all)
    return not text or (text[0] in _INVISIBLE and not text.strip(_INVISIBLE))


def encode(frame: msgspec.Struct) -> str:
    return _encoder.encode(frame).decode("utf-8")


# The encoder's own method, not a function calling it: one Python call less for every frame
# the server writes (an ack or an event for each message).
encode_bytes: Callable[[Any], bytes] = _encoder.encode
# ... and its encode into the end of a buffer from ``offset`` (the server's acks: several
# frames of one client in one buffer, each after its websocket header).
encode_into: Callable[[Any, bytearray, int], None] = _encoder.encode_into


def decode_server_frame(data: bytes | str) -> ServerFrame:
    """Used by clients (console, tail, gateways) to read what the server sent."""
    return _server_decoder.decode(data)


def to_builtins(obj: Any) -> Any:
    return msgspec.to_builtins(obj)
