"""What routing works with: agents and waiting conversations in, actions out, and the
router's own bookkeeping records for them (internal to the package)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

import msgspec

from loancs.core.routing.policy import CHANNELS, MINUTE_MS

AGENT_STATES: tuple[str, ...] = ("offline", "available", "break", "wrapup")
ON_DUTY = frozenset({"available", "wrapup"})

# ---------------------------------------------------------------- inputs


def _default_capacity() -> dict[str, int]:
    return {"phone": 1, "chat": 3, "wechat": 3}


@dataclass(frozen=True)
class AgentInfo:
    """An agent as routing sees them: skills (skill -> tier, 1 best) and capacity per channel.

    Skills are loan types ("mortgage", "car", ...), languages ("lang:en") and optionally
    channels ("channel:phone": its tier counts towards the agent's tier on that channel).
    Capacity 0 for a channel means the agent never gets that channel; phone is capped at 1.
    """

    id: int
    name: str
    skills: Mapping[str, int] = field(default_factory=dict)
    capacity: Mapping[str, int] = field(default_factory=_default_capacity)


@dataclass(frozen=True, slots=True)
class Waiting:
    """A conversation that needs an agent."""

    id: int
    channel: str
    customer_id: int | None = None
    loan_type: str | None = None
    amount: Decimal | None = None
    urgency: str | None = "normal"
    credit_band: str | None = None
    language: str | None = None
    enqueued_ms: int = 0
    previous_agent_id: int | None = None
    previous_served_ms: int | None = None
    priority_override: int | None = None


# Waiting's slot setters, in its fields' order: ``restored_waiting`` sets them directly.
_SETTERS = tuple(Waiting.__dict__[name].__set__ for name in Waiting.__slots__)
assert len(_SETTERS) == 12, "restored_waiting sets each of Waiting's fields"
(
    _set_id,
    _set_channel,
    _set_customer,
    _set_loan,
    _set_amount,
    _set_urgency,
    _set_band,
    _set_language,
    _set_enqueued,
    _set_previous,
    _set_served,
    _set_priority,
) = _SETTERS
_new = object.__new__


def restored_waiting(
    id_: int,
    channel: str,
    customer_id: int | None,
    loan_type: str | None,
    amount: Decimal | None,
    urgency: str | None,
    credit_band: str | None,
    language: str | None,
    enqueued_ms: int,
    priority_override: int | None,
) -> Waiting:
    """``Waiting(...)`` for a conversation a server's start holds (nobody served it before:
    no previous agent), made without the frozen dataclass's ``__init__`` (an
    ``object.__setattr__`` for each field, ~2 µs): the same object in under half the time,
    for each of a year's ~30,000 open conversations."""
    waiting = _new(Waiting)
    _set_id(waiting, id_)
    _set_channel(waiting, channel)
    _set_customer(waiting, customer_id)
    _set_loan(waiting, loan_type)
    _set_amount(waiting, amount)
    _set_urgency(waiting, urgency)
    _set_band(waiting, credit_band)
    _set_language(waiting, language)
    _set_enqueued(waiting, enqueued_ms)
    _set_previous(waiting, None)
    _set_served(waiting, None)
    _set_priority(waiting, priority_override)
    return waiting


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class Offer:
    """Offer a conversation to an agent; capacity is reserved until accept/decline/expiry."""

    conversation_id: int
    agent_id: int
    expires_ms: int
    reason: str
    reason_code: str  # sticky | skill | spill_over | general
    tier: int | None = 1  # None: a sticky offer to an agent without the loan-type skill
    priority: int = 0


@dataclass(frozen=True)
class OfferExpired:
    """An offer ended without an answer; the conversation is waiting again."""

    conversation_id: int
    agent_id: int
    reason: str
    # offer_timeout | agent_break | agent_offline | agent_disconnected | transferred | dequeued
    reason_code: str


@dataclass(frozen=True)
class AgentBreak:
    """The engine put an agent on break (``state_reason`` is the break reason to store)."""

    agent_id: int
    reason: str
    reason_code: str = "missed_offers"
    state_reason: str = "missed offers"


@dataclass(frozen=True)
class AgentOffline:
    """A disconnected agent did not come back within the grace period: now offline."""

    agent_id: int
    reason: str
    reason_code: str = "disconnect_grace"


@dataclass(frozen=True)
class WrapupEnded:
    """An agent's wrap-up timer ran out: available again."""

    agent_id: int
    reason: str = "wrap-up over"
    reason_code: str = "wrapup_over"


@dataclass(frozen=True)
class Requeued:
    """A conversation was taken back from an agent and is waiting again."""

    conversation_id: int
    from_agent_id: int | None
    reason: str
    reason_code: str  # disconnect_grace | break_grace | agent_offline | agent_removed | requeue


Action = Offer | OfferExpired | AgentBreak | AgentOffline | WrapupEnded | Requeued

# ---------------------------------------------------------------- read-only views


@dataclass(frozen=True)
class AgentView:
    """An agent as the router holds them now."""

    info: AgentInfo
    state: str
    connected: bool | None
    load: Mapping[str, int]
    caps: Mapping[str, int]


@dataclass(frozen=True)
class QueuedView:
    """A conversation waiting or offered, as the router holds it now."""

    id: int
    channel: str
    status: str  # waiting | offered
    queued_ms: int
    required: tuple[str, ...]  # the skills its queue needs now
    sticky_agent: int | None
    sticky_served_ms: int | None
    cooldown: Mapping[int, int]  # agent id -> not offered to them again before (ms)


# ---------------------------------------------------------------- the router's records (package-internal)

NO_COOLDOWN: Mapping[int, int] = MappingProxyType({})
QueueKey = tuple[str, str | None, str | None]  # channel, loan-type skill, language skill
Entry = tuple[float, int, int]  # time-independent order key, enqueued_ms, conversation id


@dataclass(eq=False)
class AgentSlot:
    info: AgentInfo
    caps: dict[str, int]
    state: str = "offline"
    state_reason: str | None = None
    connected: bool | None = None  # None: the server has not said (counts as connected)
    load: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0))
    total: int = 0
    offers: set[int] = field(default_factory=set)
    assigned: set[int] = field(default_factory=set)
    last_end_ms: int = -1
    missed: int = 0
    wrapup_until: int | None = None
    away_kind: str | None = None  # "disconnect" or "break": work is re-queued at the deadline
    away_since: int | None = None
    away_deadline: int | None = None


class ConvSlot(msgspec.Struct, eq=False, gc=False):
    """A conversation the router holds: the facts routing uses (``Waiting``'s, held here and
    not in a ``Waiting`` of their own: one object per conversation; not its customer, nor
    its previous agent unless routing is sticky; its channel is its queue's: ~80 bytes less
    for each of a year's ~30,000 open ones) and the router's bookkeeping.

    A msgspec struct the garbage collector does not track (made in C; no collection walks
    a year's open work; 16 bytes less each): nothing it holds refers back to it (numbers,
    strings, the shared queue key, its entry and sticky tuples, a cooldown of ints).
    Compared by identity, as the dataclass was (``eq=False``)."""

    id: int
    loan_type: str | None
    amount: Decimal | None
    urgency: str | None
    credit_band: str | None
    language: str | None
    enqueued_ms: int
    priority_override: int | None
    base: float
    queue: QueueKey
    entry: Entry
    queued_ms: int
    # (the previous agent, when they served it) when routing is sticky and there is one
    sticky: tuple[int, int | None] | None
    status: str = "waiting"  # waiting | offered | assigned
    agent_id: int | None = None
    # agent id -> not before (ms); most have none: one shared empty mapping until then
    cooldown: Mapping[int, int] = NO_COOLDOWN

    @property
    def channel(self) -> str:
        return self.queue[0]

    @property
    def sticky_agent(self) -> int | None:
        sticky = self.sticky
        return None if sticky is None else sticky[0]

    @property
    def sticky_served_ms(self) -> int | None:
        sticky = self.sticky
        return None if sticky is None else sticky[1]

    @property
    def waiting(self) -> Waiting:
        """What routing holds of the conversation as a ``Waiting`` (made when asked; no
        customer)."""
        return Waiting(
            self.id,
            self.channel,
            None,
            self.loan_type,
            self.amount,
            self.urgency,
            self.credit_band,
            self.language,
            self.enqueued_ms,
            self.sticky_agent,
            self.sticky_served_ms,
            self.priority_override,
        )


# What ``Router.restored`` makes (a conversation a server's start holds again): the router's
# own record, handed back to ``restore_assignments`` or ``enqueue_many`` as it is.
Restored = ConvSlot


@dataclass(eq=False, slots=True)
class OfferSlot:
    conversation_id: int
    agent_id: int
    expires_ms: int
    delivered: bool = True  # False until ``offer_delivered`` when delivery is tracked


NO_LOAN_TYPE = "none"  # the waiting summary's key for conversations without a loan type


def summary_key(waiting: Waiting | ConvSlot) -> str:
    """Which of the waiting summary's entries (by loan type) a conversation counts in."""
    return waiting.loan_type or NO_LOAN_TYPE


def seconds(ms: int) -> str:
    return f"{ms // 1000} s" if ms < 10 * MINUTE_MS else f"{ms // MINUTE_MS} min"


def queue_name(key: QueueKey) -> str:
    channel, loan, lang = key
    return "/".join(part for part in (channel, loan or "general", lang) if part)
