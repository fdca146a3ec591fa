"""The routing engine: which agent gets which waiting conversation, and why.

Pure and deterministic: no clock reads (every call takes ``now_ms``), no randomness, ties
broken by agent id. The server feeds it events (a conversation arrives, an agent changes
state, accepts, declines, resolves, disconnects) and calls ``tick(now_ms)`` after each
one and whenever ``next_wakeup_ms()`` comes due; ``tick`` returns the actions to record
and announce, each with a human-readable ``reason`` and a stable ``reason_code``.

Order of preference for a waiting conversation, as call-center ACDs do it:

1. sticky: the agent who served this customer within ``sticky_window_ms``, if free; if
   that agent is on duty but busy, the conversation waits up to ``sticky_wait_ms``;
2. agents holding the needed skills (loan type, language) at tier 1, then tier 2 after
   ``tier_waits_ms[1]`` and so on (at once when no better-tier agent is on duty);
3. among those, by strategy: least loaded then longest idle (default), longest idle, or
   round robin.

An offer reserves capacity until accepted, declined or timed out; a timed-out offer goes
to the next agent, and ``max_missed_offers`` in a row put the agent on break. Work held by
a disconnected agent is re-queued after ``disconnect_grace_ms``; a phone call is followed
by ``wrapup_ms`` of wrap-up.

How the server drives it (one Router per server, touched only by the server's loop):

- at start: ``add_agent`` for every agent, ``restore_assignment`` for every open
  assigned conversation (with ``now_ms`` so that absent agents' grace starts), ``enqueue``
  for every open unassigned one;
- on each event call the matching method (``enqueue``, ``set_state``, ``accept``, ...),
  then ``tick(now)``; turn each returned action into an event; then sleep until
  ``next_wakeup_ms()`` or the next event, whichever is first, and ``tick`` again.
- Methods the server calls on a user's behalf (``accept``, ``decline``, ``assign_direct``)
  return None or a refusal to send back; their side effects on others (a withdrawn offer,
  re-queued work) come out of the next ``tick``.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from loancs.core.routing_policy import CHANNELS, MINUTE_MS, RoutingPolicy

__all__ = [
    "AGENT_STATES",
    "CHANNELS",
    "Action",
    "AgentBreak",
    "AgentInfo",
    "AgentOffline",
    "Offer",
    "OfferExpired",
    "Requeued",
    "Router",
    "RoutingPolicy",
    "Waiting",
    "WrapupEnded",
]

AGENT_STATES: tuple[str, ...] = ("offline", "available", "break", "wrapup")
_ON_DUTY = frozenset({"available", "wrapup"})
_NO_TIER = 1_000_000

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


@dataclass(frozen=True)
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

# ---------------------------------------------------------------- internal state

QueueKey = tuple[str, str | None, str | None]  # channel, loan-type skill, language skill
Entry = tuple[float, int, int]  # time-independent order key, enqueued_ms, conversation id


@dataclass(eq=False)
class _Agent:
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


@dataclass(eq=False)
class _Conv:
    waiting: Waiting
    base: float
    queue: QueueKey
    entry: Entry
    queued_ms: int
    sticky_agent: int | None
    sticky_served_ms: int | None
    status: str = "waiting"  # waiting | offered | assigned
    agent_id: int | None = None
    cooldown: dict[int, int] = field(default_factory=dict)  # agent id -> not before (ms)

    @property
    def channel(self) -> str:
        return self.waiting.channel


@dataclass(eq=False)
class _OfferState:
    conversation_id: int
    agent_id: int
    expires_ms: int


def _seconds(ms: int) -> str:
    return f"{ms // 1000} s" if ms < 10 * MINUTE_MS else f"{ms // MINUTE_MS} min"


def _queue_name(key: QueueKey) -> str:
    channel, loan, lang = key
    return "/".join(part for part in (channel, loan or "general", lang) if part)


class Router:
    """Holds agents, waiting conversations, offers and timers; decides who gets what."""

    def __init__(self, policy: RoutingPolicy | None = None) -> None:
        self.policy = policy or RoutingPolicy()
        self._agents: dict[int, _Agent] = {}
        self._convs: dict[int, _Conv] = {}
        self._queues: dict[QueueKey, list[Entry]] = {}
        # the same conversations by (queued_ms, id): the oldest tells whether any may spill over
        self._ages: dict[QueueKey, list[tuple[int, int]]] = {}
        self._channel_queues: dict[str, dict[QueueKey, None]] = {ch: {} for ch in CHANNELS}
        self._free: dict[str, set[int]] = {ch: set() for ch in CHANNELS}
        self._skill_agents: dict[str, set[int]] = {}
        # channel -> agent id -> waiting conversations on that channel sticky to that agent
        self._sticky: dict[str, dict[int, set[int]]] = {ch: {} for ch in CHANNELS}
        self._offers: dict[int, _OfferState] = {}
        self._timers: list[tuple[int, int, str, int]] = []  # due, seq, kind, key
        self._timer_seq = 0
        self._pending: list[Action] = []
        self._dirty = False
        self._now = 0
        self._rr_last = -1
        self._duty_version = 0
        self._duty_cache: dict[tuple[str, tuple[str, ...]], tuple[int, int | None]] = {}
        self._skills_version = 0
        self._required_cache: dict[QueueKey, tuple[int, tuple[str, ...]]] = {}
        tz_minutes = self.policy.display_utc_offset_min
        self._tz = timezone(timedelta(minutes=tz_minutes))

    # ------------------------------------------------------------ agents

    def add_agent(self, info: AgentInfo) -> None:
        """Register an agent (offline until ``set_state(..., "available")``)."""
        if info.id in self._agents:
            self.update_agent(info)
            return
        agent = _Agent(info=info, caps=self._caps(info))
        self._agents[info.id] = agent
        for skill in info.skills:
            self._skill_agents.setdefault(skill, set()).add(info.id)
        self._skills_version += 1
        self._duty_changed()

    def update_agent(self, info: AgentInfo) -> None:
        """Change an agent's name, skills or capacity, keeping their state and work."""
        agent = self._agents[info.id]
        for skill in agent.info.skills:
            self._skill_agents.get(skill, set()).discard(info.id)
        agent.info = info
        agent.caps = self._caps(info)
        for skill in info.skills:
            self._skill_agents.setdefault(skill, set()).add(info.id)
        self._refresh_free(agent)
        self._skills_version += 1
        self._duty_changed()

    def remove_agent(self, agent_id: int, now_ms: int | None = None) -> None:
        """Forget an agent; their offers are withdrawn and their work re-queued."""
        agent = self._agents.get(agent_id)
        if agent is None:
            return
        now = self._now if now_ms is None else now_ms
        name = agent.info.name
        self._withdraw_offers(agent, now, f"{name} was removed", "agent_offline")
        for conv_id in sorted(agent.assigned):
            self._requeue(
                self._convs[conv_id], now, f"{name} was removed: re-queued", "agent_removed"
            )
        for skill in agent.info.skills:
            self._skill_agents.get(skill, set()).discard(agent_id)
        for channel in CHANNELS:
            self._free[channel].discard(agent_id)
        del self._agents[agent_id]
        self._skills_version += 1
        self._duty_changed()

    def set_state(self, agent_id: int, state: str, now_ms: int, reason: str | None = None) -> None:
        """An agent (or supervisor) changes state: offline, available, break, wrapup.

        ``reason`` is the break reason ("lunch") or the wrap-up outcome code. Going offline
        re-queues their work at once. The state does not say whether the console is
        connected: an agent set available while disconnected gets nothing until
        ``agent_connected``.
        """
        if state not in AGENT_STATES:
            raise ValueError(f"unknown agent state {state!r}; use one of {AGENT_STATES}")
        agent = self._agent(agent_id)
        self._apply_state(agent, state, now_ms, reason, self._pending)
        self._dirty = True

    def agent_connected(self, agent_id: int, now_ms: int) -> None:
        """The agent's console is connected (again): their held work stays with them."""
        agent = self._agent(agent_id)
        agent.connected = True
        if agent.away_kind == "disconnect":
            self._clear_away(agent)
            if agent.state == "break":
                self._start_break_timer(agent, now_ms)
        self._refresh_free(agent)
        self._duty_changed()
        self._dirty = True

    def agent_disconnected(self, agent_id: int, now_ms: int) -> None:
        """The console dropped: no new work; work is re-queued after the grace period."""
        agent = self._agent(agent_id)
        agent.connected = False
        self._withdraw_offers(
            agent, now_ms, f"{agent.info.name} disconnected", "agent_disconnected"
        )
        agent.away_kind = "disconnect"
        agent.away_since = now_ms
        agent.away_deadline = now_ms + self.policy.disconnect_grace_ms
        self._push_timer(agent.away_deadline, "away", agent_id)
        self._refresh_free(agent)
        self._duty_changed()
        self._dirty = True

    # ------------------------------------------------------------ conversations

    def enqueue(self, waiting: Waiting, now_ms: int) -> None:
        """A conversation needs an agent. Enqueueing a waiting one again updates its details."""
        if waiting.channel not in CHANNELS:
            raise ValueError(f"unknown channel {waiting.channel!r}; use one of {CHANNELS}")
        conv = self._convs.get(waiting.id)
        if conv is not None:
            if conv.status != "waiting":
                return
            self._remove_from_queue(conv)
            queued_ms, cooldown = conv.queued_ms, conv.cooldown
        else:
            queued_ms, cooldown = now_ms, {}
        conv = self._new_conv(waiting, queued_ms)
        conv.cooldown = cooldown
        self._convs[waiting.id] = conv
        self._insert_queue(conv)
        self._push_wakeups(conv)
        self._dirty = True

    def set_priority(self, conv_id: int, priority: int | None) -> bool:
        """A supervisor overrides a conversation's base priority (None: back to computed)."""
        conv = self._convs.get(conv_id)
        if conv is None:
            return False
        waiting = conv.waiting
        conv.waiting = replace(waiting, priority_override=priority)
        if conv.status == "waiting":
            self._remove_from_queue(conv)
        conv.base = self._base(conv.waiting)
        conv.entry = self._entry(conv.waiting, conv.base)
        if conv.status == "waiting":
            self._insert_queue(conv)
        self._dirty = True
        return True

    def dequeue(self, conv_id: int, now_ms: int | None = None) -> bool:
        """Forget a conversation (the customer left, or it was resolved while waiting)."""
        conv = self._convs.get(conv_id)
        if conv is None:
            return False
        self._detach(conv, self._now if now_ms is None else now_ms, "customer left", "dequeued")
        del self._convs[conv_id]
        self._dirty = True
        return True

    def accept(self, conv_id: int, agent_id: int, now_ms: int) -> str | None:
        """The agent takes the conversation. Returns None, or why it cannot."""
        conv = self._convs.get(conv_id)
        agent = self._agents.get(agent_id)
        if conv is None:
            return "unknown conversation"
        if agent is None:
            return "unknown agent"
        offer = self._offers.get(conv_id)
        if offer is not None and offer.agent_id == agent_id:
            del self._offers[conv_id]
            agent.offers.discard(conv_id)
            agent.assigned.add(conv_id)
            agent.missed = 0
            conv.status = "assigned"
            self._dirty = True
            return None
        if conv.status == "assigned":
            if conv.agent_id == agent_id:
                return None
            return f"already with {self._agents[conv.agent_id].info.name}"  # type: ignore[index]
        if offer is not None:
            return f"offered to {self._agents[offer.agent_id].info.name}"
        refusal = self._refusal(agent, conv.channel)
        if refusal is not None:
            return refusal
        self._remove_from_queue(conv)
        self._assign(conv, agent)
        self._dirty = True
        return None

    def decline(self, conv_id: int, agent_id: int, now_ms: int) -> str | None:
        """The agent turns the offer down; the next agent gets it."""
        offer = self._offers.get(conv_id)
        if offer is None or offer.agent_id != agent_id:
            return "no open offer to this agent"
        self._withdraw(offer, now_ms, cooldown=True)
        self._dirty = True
        return None

    def release(self, conv_id: int, agent_id: int, now_ms: int, channel: str | None = None) -> None:
        """The conversation left the agent (resolved, snoozed, transferred away).

        Frees capacity; after a phone call an available agent goes into wrap-up.
        """
        conv = self._convs.get(conv_id)
        agent = self._agents.get(agent_id)
        if conv is None:
            return
        if conv.status == "assigned" and conv.agent_id != agent_id:
            return  # already moved to someone else
        phone = (channel or conv.channel) == "phone"
        held_by_agent = conv.status == "assigned" and conv.agent_id == agent_id
        self._detach(conv, now_ms, "resolved", "dequeued")
        del self._convs[conv_id]
        if agent is not None and held_by_agent:
            agent.last_end_ms = now_ms
            if phone and agent.state == "available" and self.policy.wrapup_ms > 0:
                self._apply_state(agent, "wrapup", now_ms, None, self._pending)
        self._dirty = True

    def assign_direct(
        self, conv_id: int, agent_id: int, now_ms: int, waiting: Waiting | None = None
    ) -> str | None:
        """A transfer to a named agent. Returns None, or why not (capacity is never exceeded).

        ``waiting`` describes the conversation when the router does not know it yet.
        """
        agent = self._agents.get(agent_id)
        if agent is None:
            return "unknown agent"
        conv = self._convs.get(conv_id)
        if conv is None:
            if waiting is None:
                return "unknown conversation"
            if waiting.channel not in CHANNELS:
                return f"unknown channel {waiting.channel}"
            conv = self._new_conv(waiting, now_ms)
        if conv.status == "assigned" and conv.agent_id == agent_id:
            return None
        offer = self._offers.get(conv_id)
        if offer is not None and offer.agent_id == agent_id:
            return self.accept(conv_id, agent_id, now_ms)
        refusal = self._refusal(agent, conv.channel)
        if refusal is not None:
            return refusal
        if conv_id in self._convs:
            self._detach(conv, now_ms, f"transferred to {agent.info.name}", "transferred")
        self._convs[conv_id] = conv
        self._assign(conv, agent)
        self._dirty = True
        return None

    def requeue(
        self, conv_id: int, now_ms: int, reason: str, loan_type: str | None = None
    ) -> Requeued | None:
        """Put a conversation back in the queue (transfer to a queue, agent hand-back).

        ``loan_type`` moves it to another queue. The agent it leaves is not offered it again
        first, and it is no longer sticky to them. Returns the action (for the event log).
        """
        conv = self._convs.get(conv_id)
        if conv is None:
            return None
        from_agent = conv.agent_id
        if conv.status != "waiting":
            self._detach(conv, now_ms, reason, "requeue")
        else:
            self._remove_from_queue(conv)
        waiting = conv.waiting
        if loan_type is not None:
            waiting = replace(waiting, loan_type=loan_type)
        waiting = replace(waiting, previous_agent_id=None)
        fresh = self._new_conv(waiting, now_ms)
        if from_agent is not None:
            fresh.cooldown[from_agent] = now_ms + self.policy.reoffer_cooldown_ms
            self._push_timer(now_ms + self.policy.reoffer_cooldown_ms, "wake", conv_id)
        self._convs[conv_id] = fresh
        self._insert_queue(fresh)
        self._push_wakeups(fresh)
        self._dirty = True
        return Requeued(conv_id, from_agent, reason, "requeue")

    def restore_assignment(
        self,
        conv_id: int,
        agent_id: int,
        channel: str,
        waiting: Waiting | None = None,
        now_ms: int | None = None,
    ) -> None:
        """Rebuild an open assignment at server start (from the database).

        Pass ``waiting`` so the conversation can be routed properly if it is re-queued, and
        ``now_ms`` to start the disconnect grace period for an agent not connected yet.
        """
        agent = self._agent(agent_id)
        waiting = waiting or Waiting(id=conv_id, channel=channel)
        conv = self._new_conv(waiting, waiting.enqueued_ms)
        old = self._convs.get(conv_id)
        if old is not None:
            self._detach(old, self._now, "restored", "transferred")
        self._convs[conv_id] = conv
        self._assign(conv, agent)
        if now_ms is not None and agent.connected is not True and agent.away_kind is None:
            agent.away_kind = "disconnect"
            agent.away_since = now_ms
            agent.away_deadline = now_ms + self.policy.disconnect_grace_ms
            self._push_timer(agent.away_deadline, "away", agent_id)

    # ------------------------------------------------------------ the clock

    def tick(self, now_ms: int) -> list[Action]:
        """Run timers due by ``now_ms``, then match waiting conversations to free agents."""
        self._now = now_ms
        out, self._pending = self._pending, []
        self._run_timers(now_ms, out)
        self._match(now_ms, out)
        self._dirty = False
        return out

    def next_wakeup_ms(self) -> int | None:
        """When ``tick`` must run next if no event comes first (None: nothing pending).

        A time at or before the last tick means "now".
        """
        if self._pending or self._dirty:
            return self._now
        timers = self._timers
        while timers and not self._timer_live(timers[0]):
            heapq.heappop(timers)
        return timers[0][0] if timers else None

    # ------------------------------------------------------------ views

    def priority(self, conv_id: int, now_ms: int) -> float:
        """The conversation's current priority (base plus aging)."""
        conv = self._convs[conv_id]
        return self.policy.aged_priority(conv.base, now_ms - conv.waiting.enqueued_ms)

    def agent_state(self, agent_id: int) -> str:
        return self._agent(agent_id).state

    def load(self, agent_id: int) -> dict[str, int]:
        """Conversations held or offered per channel."""
        return dict(self._agent(agent_id).load)

    def offers(self) -> dict[int, int]:
        """Open offers: conversation id -> agent id."""
        return {cid: o.agent_id for cid, o in self._offers.items()}

    def assignments(self) -> dict[int, int]:
        """Accepted work: conversation id -> agent id."""
        return {
            cid: c.agent_id
            for cid, c in self._convs.items()
            if c.status == "assigned" and c.agent_id is not None
        }

    def has_agent(self, agent_id: int) -> bool:
        return agent_id in self._agents

    def has_conversation(self, conv_id: int) -> bool:
        """Whether the router holds this conversation (waiting, offered or assigned)."""
        return conv_id in self._convs

    def conversation_state(self, conv_id: int) -> str | None:
        """ "waiting", "offered", "assigned", or None when the router does not know it."""
        conv = self._convs.get(conv_id)
        return conv.status if conv is not None else None

    def waiting_count(self) -> int:
        """How many conversations wait for an offer (not counting open offers)."""
        return sum(len(queue) for queue in self._queues.values())

    def waiting_ids(self) -> list[int]:
        """Waiting conversations, highest priority first."""
        entries = sorted(e for q in self._queues.values() for e in q)
        return [e[2] for e in entries]

    def snapshot(self, now_ms: int | None = None) -> dict[str, Any]:
        """Plain-data view of queues and agents for the supervisor screen."""
        now = self._now if now_ms is None else now_ms
        waiting = []
        queues: dict[str, dict[str, Any]] = {}
        for conv in self._convs.values():
            if conv.status == "assigned":
                continue
            w = conv.waiting
            prio = self.policy.aged_priority(conv.base, now - w.enqueued_ms)
            name = _queue_name(conv.queue)
            offer = self._offers.get(w.id)
            waiting.append(
                {
                    "id": w.id,
                    "queue": name,
                    "channel": w.channel,
                    "loan_type": w.loan_type,
                    "urgency": w.urgency or "normal",
                    "priority": round(prio),
                    "wait_ms": now - conv.queued_ms,
                    "status": conv.status,
                    "offered_to": offer.agent_id if offer else None,
                    "sticky_agent": conv.sticky_agent,
                }
            )
            q = queues.setdefault(
                name, {"waiting": 0, "offered": 0, "oldest_wait_ms": 0, "top_priority": None}
            )
            q[conv.status] += 1
            q["oldest_wait_ms"] = max(q["oldest_wait_ms"], now - conv.queued_ms)
            if q["top_priority"] is None or round(prio) > q["top_priority"]:
                q["top_priority"] = round(prio)
        waiting.sort(key=lambda row: (-row["priority"], -row["wait_ms"], row["id"]))
        agents = []
        for agent in sorted(self._agents.values(), key=lambda a: a.info.id):
            agents.append(
                {
                    "id": agent.info.id,
                    "name": agent.info.name,
                    "state": agent.state,
                    "state_reason": agent.state_reason,
                    "connected": agent.connected,
                    "load": dict(agent.load),
                    "capacity": dict(agent.caps),
                    "offers": sorted(agent.offers),
                    "assigned": sorted(agent.assigned),
                    "missed_offers": agent.missed,
                    "last_end_ms": agent.last_end_ms if agent.last_end_ms >= 0 else None,
                    "wrapup_until_ms": agent.wrapup_until,
                    "away": (
                        {"kind": agent.away_kind, "deadline_ms": agent.away_deadline}
                        if agent.away_kind
                        else None
                    ),
                }
            )
        return {
            "now_ms": now,
            "waiting": waiting,
            "queues": dict(sorted(queues.items())),
            "agents": agents,
            "offers": len(self._offers),
            "assigned": sum(1 for c in self._convs.values() if c.status == "assigned"),
        }

    # ------------------------------------------------------------ internals: bookkeeping

    def _agent(self, agent_id: int) -> _Agent:
        try:
            return self._agents[agent_id]
        except KeyError:
            raise KeyError(f"unknown agent {agent_id}") from None

    @staticmethod
    def _caps(info: AgentInfo) -> dict[str, int]:
        caps = {ch: max(int(info.capacity.get(ch, 0)), 0) for ch in CHANNELS}
        caps["phone"] = min(caps["phone"], 1)  # calls are one at a time
        return caps

    def _base(self, waiting: Waiting) -> float:
        if waiting.priority_override is not None:
            return float(waiting.priority_override)
        return float(
            self.policy.base_priority(
                waiting.channel, waiting.urgency, waiting.amount, waiting.credit_band
            )
        )

    def _entry(self, waiting: Waiting, base: float) -> Entry:
        # base + rate*(now - enq)/MIN ranks the same as base*MIN - rate*enq at every `now`.
        key = self.policy.aging_per_minute * waiting.enqueued_ms - base * MINUTE_MS
        return (key, waiting.enqueued_ms, waiting.id)

    def _new_conv(self, waiting: Waiting, queued_ms: int) -> _Conv:
        loan = waiting.loan_type if waiting.loan_type not in (None, "", "general") else None
        lang = waiting.language
        lang_skill = f"lang:{lang}" if lang not in (None, "", "zh") else None
        base = self._base(waiting)
        sticky = waiting.previous_agent_id if self.policy.sticky else None
        return _Conv(
            waiting=waiting,
            base=base,
            queue=(waiting.channel, loan, lang_skill),
            entry=self._entry(waiting, base),
            queued_ms=queued_ms,
            sticky_agent=sticky,
            sticky_served_ms=waiting.previous_served_ms,
        )

    def _insert_queue(self, conv: _Conv) -> None:
        conv.status = "waiting"
        conv.agent_id = None
        queue = self._queues.get(conv.queue)
        if queue is None:
            queue = self._queues[conv.queue] = []
            self._ages[conv.queue] = []
            self._channel_queues[conv.channel][conv.queue] = None
        insort(queue, conv.entry)
        insort(self._ages[conv.queue], (conv.queued_ms, conv.waiting.id))
        if conv.sticky_agent is not None:
            held = self._sticky[conv.channel].setdefault(conv.sticky_agent, set())
            held.add(conv.waiting.id)

    def _remove_from_queue(self, conv: _Conv) -> None:
        queue = self._queues.get(conv.queue)
        if queue:
            index = bisect_left(queue, conv.entry)
            if index < len(queue) and queue[index] == conv.entry:
                del queue[index]
            ages = self._ages[conv.queue]
            age = (conv.queued_ms, conv.waiting.id)
            index = bisect_left(ages, age)
            if index < len(ages) and ages[index] == age:
                del ages[index]
            if not queue:  # forget empty queues: loan types come from outside
                del self._queues[conv.queue], self._ages[conv.queue]
                del self._channel_queues[conv.channel][conv.queue]
        if conv.sticky_agent is not None:
            by_agent = self._sticky[conv.channel]
            held = by_agent.get(conv.sticky_agent)
            if held is not None:
                held.discard(conv.waiting.id)
                if not held:
                    del by_agent[conv.sticky_agent]

    def _push_timer(self, due: int, kind: str, key: int) -> None:
        self._timer_seq += 1
        heapq.heappush(self._timers, (due, self._timer_seq, kind, key))

    def _push_wakeups(self, conv: _Conv) -> None:
        """Times at which this waiting conversation may become routable to more agents."""
        cid = conv.waiting.id
        if self.policy.use_tiers:
            for wait in self.policy.tier_waits_ms[1:]:
                self._push_timer(conv.queued_ms + wait, "wake", cid)
        if conv.sticky_agent is not None and self.policy.sticky_wait_ms > 0:
            self._push_timer(conv.queued_ms + self.policy.sticky_wait_ms, "wake", cid)

    def _timer_live(self, timer: tuple[int, int, str, int]) -> bool:
        due, _, kind, key = timer
        if kind == "offer":
            offer = self._offers.get(key)
            return offer is not None and offer.expires_ms == due
        if kind == "wake":
            # an offered conversation may be waiting again (declined) before this comes due
            conv = self._convs.get(key)
            return conv is not None and conv.status in ("waiting", "offered")
        agent = self._agents.get(key)
        if agent is None:
            return False
        if kind == "away":
            return agent.away_deadline == due
        return agent.state == "wrapup" and agent.wrapup_until == due

    def _duty_changed(self) -> None:
        self._duty_version += 1

    def _refresh_free(self, agent: _Agent) -> None:
        aid = agent.info.id
        ready = agent.connected is not False and agent.state == "available"
        for channel in CHANNELS:
            if ready and agent.load[channel] < agent.caps[channel]:
                self._free[channel].add(aid)
            else:
                self._free[channel].discard(aid)

    def _refusal(self, agent: _Agent, channel: str) -> str | None:
        name = agent.info.name
        if agent.connected is False:
            return f"{name} is not connected"
        if agent.state != "available":
            why = f" ({agent.state_reason})" if agent.state_reason else ""
            return f"{name} is {agent.state}{why}"
        if agent.load[channel] >= agent.caps[channel]:
            return (
                f"{name} is at capacity for {channel} ({agent.load[channel]}/{agent.caps[channel]})"
            )
        return None

    def _take_capacity(self, agent: _Agent, channel: str, delta: int) -> None:
        agent.load[channel] += delta
        agent.total += delta
        self._refresh_free(agent)

    def _assign(self, conv: _Conv, agent: _Agent) -> None:
        conv.status = "assigned"
        conv.agent_id = agent.info.id
        agent.assigned.add(conv.waiting.id)
        self._take_capacity(agent, conv.channel, 1)

    def _detach(self, conv: _Conv, now: int, why: str, code: str) -> None:
        """Take a conversation out of the queue, its offer or its agent (no wrap-up)."""
        cid = conv.waiting.id
        if conv.status == "waiting":
            self._remove_from_queue(conv)
        elif conv.status == "offered":
            offer = self._offers.pop(cid)
            agent = self._agents[offer.agent_id]
            agent.offers.discard(cid)
            self._take_capacity(agent, conv.channel, -1)
            self._pending.append(OfferExpired(cid, offer.agent_id, why, code))
        elif conv.agent_id is not None and conv.agent_id in self._agents:
            agent = self._agents[conv.agent_id]
            agent.assigned.discard(cid)
            self._take_capacity(agent, conv.channel, -1)
        conv.status = "detached"
        conv.agent_id = None

    def _withdraw(self, offer: _OfferState, now: int, cooldown: bool) -> None:
        """End an offer: capacity back, the conversation waits again."""
        cid = offer.conversation_id
        del self._offers[cid]
        conv = self._convs[cid]
        agent = self._agents[offer.agent_id]
        agent.offers.discard(cid)
        self._take_capacity(agent, conv.channel, -1)
        if cooldown and self.policy.reoffer_cooldown_ms > 0:
            until = now + self.policy.reoffer_cooldown_ms
            conv.cooldown[offer.agent_id] = until
            self._push_timer(until, "wake", cid)
        self._insert_queue(conv)

    def _withdraw_offers(self, agent: _Agent, now: int, why: str, code: str) -> None:
        for cid in sorted(agent.offers):
            self._withdraw(self._offers[cid], now, cooldown=False)
            self._pending.append(OfferExpired(cid, agent.info.id, why, code))

    def _requeue(self, conv: _Conv, now: int, why: str, code: str) -> None:
        """Take work back from its agent and queue it again (sticky info kept)."""
        from_agent = conv.agent_id
        self._detach(conv, now, why, code)
        conv.queued_ms = now
        self._insert_queue(conv)
        self._push_wakeups(conv)
        self._pending.append(Requeued(conv.waiting.id, from_agent, why, code))

    def _clear_away(self, agent: _Agent) -> None:
        agent.away_kind = agent.away_since = agent.away_deadline = None

    def _start_break_timer(self, agent: _Agent, now: int) -> None:
        limit = self.policy.break_requeue_ms
        if limit is None or agent.away_kind == "disconnect":
            return
        agent.away_kind = "break"
        agent.away_since = now
        agent.away_deadline = now + limit
        self._push_timer(agent.away_deadline, "away", agent.info.id)

    def _apply_state(
        self, agent: _Agent, state: str, now: int, reason: str | None, out: list[Action]
    ) -> None:
        old = agent.state
        name = agent.info.name
        pending, self._pending = self._pending, out
        try:
            if state in ("break", "offline") and agent.offers:
                code = "agent_break" if state == "break" else "agent_offline"
                went = "went on break" if state == "break" else "went offline"
                self._withdraw_offers(agent, now, f"{name} {went}", code)
            keep_wrapup = state == "wrapup" and old == "wrapup" and agent.wrapup_until
            agent.state = state
            agent.state_reason = reason
            if keep_wrapup:
                return  # recording the outcome does not restart the wrap-up timer
            agent.wrapup_until = None
            if state == "available" and old in ("break", "offline"):
                agent.missed = 0
            if agent.away_kind == "break" and state != "break":
                self._clear_away(agent)
            if state == "wrapup" and self.policy.wrapup_ms > 0:
                agent.wrapup_until = now + self.policy.wrapup_ms
                self._push_timer(agent.wrapup_until, "wrapup", agent.info.id)
            elif state == "break" and old != "break":
                self._start_break_timer(agent, now)
            elif state == "offline":
                self._clear_away(agent)
                for cid in sorted(agent.assigned):
                    self._requeue(
                        self._convs[cid], now, f"{name} went offline: re-queued", "agent_offline"
                    )
        finally:
            self._pending = pending
        self._refresh_free(agent)
        self._duty_changed()

    # ------------------------------------------------------------ internals: timers

    def _run_timers(self, now: int, out: list[Action]) -> None:
        timers = self._timers
        while timers and timers[0][0] <= now:
            due, _, kind, key = heapq.heappop(timers)
            if kind == "offer":
                offer = self._offers.get(key)
                if offer is not None and offer.expires_ms == due:
                    self._expire_offer(offer, now, out)
            elif kind == "away":
                agent = self._agents.get(key)
                if agent is not None and agent.away_deadline == due:
                    self._away_expired(agent, now, out)
            elif kind == "wrapup":
                agent = self._agents.get(key)
                if agent is not None and agent.state == "wrapup" and agent.wrapup_until == due:
                    self._apply_state(agent, "available", now, None, out)
                    out.append(
                        WrapupEnded(key, f"wrap-up over after {_seconds(self.policy.wrapup_ms)}")
                    )

    def _expire_offer(self, offer: _OfferState, now: int, out: list[Action]) -> None:
        agent = self._agents[offer.agent_id]
        self._withdraw(offer, now, cooldown=True)
        out.append(
            OfferExpired(
                offer.conversation_id,
                offer.agent_id,
                f"offer to {agent.info.name} timed out after "
                f"{_seconds(self.policy.offer_timeout_ms)}",
                "offer_timeout",
            )
        )
        agent.missed += 1
        if agent.missed >= self.policy.max_missed_offers and agent.state == "available":
            out.append(AgentBreak(agent.info.id, f"{agent.missed} missed offers: on break"))
            self._apply_state(agent, "break", now, "missed offers", out)

    def _away_expired(self, agent: _Agent, now: int, out: list[Action]) -> None:
        name = agent.info.name
        kind, since = agent.away_kind, agent.away_since or now
        self._clear_away(agent)
        pending, self._pending = self._pending, out
        try:
            if kind == "disconnect":
                gone = _seconds(now - since)
                for cid in sorted(agent.assigned):
                    self._requeue(
                        self._convs[cid],
                        now,
                        f"{name} disconnected for {gone}: re-queued",
                        "disconnect_grace",
                    )
                if agent.state != "offline":
                    agent.state = "offline"
                    agent.state_reason = "disconnected"
                    agent.wrapup_until = None
                    out.append(
                        AgentOffline(agent.info.id, f"{name} disconnected for {gone}: offline")
                    )
            else:
                why = f" ({agent.state_reason})" if agent.state_reason else ""
                for cid in sorted(agent.assigned):
                    self._requeue(
                        self._convs[cid],
                        now,
                        f"{name} on break{why} for {_seconds(now - since)}: re-queued",
                        "break_grace",
                    )
        finally:
            self._pending = pending
        self._refresh_free(agent)
        self._duty_changed()

    # ------------------------------------------------------------ internals: matching

    def _required(self, queue: QueueKey) -> tuple[str, ...]:
        """Skills a queue needs right now.

        A skill no agent has is not required (better any agent than none); when no agent
        has the loan type and the language together, the loan type wins.
        """
        cached = self._required_cache.get(queue)
        if cached is not None and cached[0] == self._skills_version:
            return cached[1]
        _, loan, lang = queue
        required = tuple(s for s in (loan, lang) if s is not None and self._skill_agents.get(s))
        if len(required) == 2 and self._skill_agents[loan].isdisjoint(self._skill_agents[lang]):
            required = (loan,)  # type: ignore[assignment]
        self._required_cache[queue] = (self._skills_version, required)
        return required

    @staticmethod
    def _tier(agent: _Agent, channel: str, required: tuple[str, ...]) -> int | None:
        skills = agent.info.skills
        tier = skills.get(f"channel:{channel}", 1)
        for skill in required:
            skill_tier = skills.get(skill)
            if skill_tier is None:
                return None
            if skill_tier > tier:
                tier = skill_tier
        return tier

    def _best_duty_tier(self, channel: str, required: tuple[str, ...]) -> int | None:
        """The best tier among on-duty agents who could take this queue."""
        key = (channel, required)
        cached = self._duty_cache.get(key)
        if cached is not None and cached[0] == self._duty_version:
            return cached[1]
        if required:
            pools = [self._skill_agents.get(s, set()) for s in required]
            ids: Iterable[int] = min(pools, key=len)
        else:
            ids = self._agents.keys()
        best: int | None = None
        for aid in ids:
            agent = self._agents[aid]
            if agent.connected is False or agent.state not in _ON_DUTY or not agent.caps[channel]:
                continue
            tier = self._tier(agent, channel, required)
            if tier is not None and (best is None or tier < best):
                best = tier
        self._duty_cache[key] = (self._duty_version, best)
        return best

    def _allowed_tier(
        self, channel: str, required: tuple[str, ...], waited: int, wanted: int
    ) -> int:
        """The worst tier allowed after ``waited``; ``wanted`` is the best tier free now."""
        allowed = self.policy.tier_for_wait(waited)
        if allowed < wanted and self.policy.skip_empty_tiers:
            best = self._best_duty_tier(channel, required)
            if best is not None and best > allowed:
                allowed = best
        return allowed

    def _sticky_agent(self, conv: _Conv, now: int) -> _Agent | None:
        """The agent this conversation should stick to, if any."""
        if conv.sticky_agent is None:
            return None
        agent = self._agents.get(conv.sticky_agent)
        served = conv.sticky_served_ms
        if agent is None or served is None or now - served > self.policy.sticky_window_ms:
            return None
        required = self._required(conv.queue)
        if not self.policy.sticky_needs_skill:
            required = tuple(skill for skill in required if skill.startswith("lang:"))
        if self._tier(agent, conv.channel, required) is None:
            return None
        return agent

    def _match(self, now: int, out: list[Action]) -> None:
        if not any(self._free.values()):
            return
        for channel in CHANNELS:
            if self.policy.sticky and self._sticky[channel] and self._free[channel]:
                self._match_sticky(channel, now, out)
            if self._free[channel]:
                self._match_channel(channel, now, out)

    def _match_sticky(self, channel: str, now: int, out: list[Action]) -> None:
        """Offer returning customers to their previous agent when that agent is free."""
        by_agent = self._sticky[channel]
        free = self._free[channel]
        for aid in sorted(by_agent.keys() & free):
            agent = self._agents[aid]
            held = sorted(by_agent.get(aid, ()), key=lambda c: self._convs[c].entry)
            for cid in held:
                conv = self._convs[cid]
                if aid not in free or conv.cooldown.get(aid, -1) > now:
                    continue
                if self._sticky_agent(conv, now) is not agent:
                    continue
                served = datetime.fromtimestamp(conv.sticky_served_ms / 1000, tz=UTC)  # type: ignore[operator]
                day = served.astimezone(self._tz).strftime("%m-%d")
                tier = self._tier(agent, conv.channel, self._required(conv.queue))
                self._remove_from_queue(conv)
                self._offer(
                    conv, agent, now, f"sticky: served this customer on {day}", "sticky", tier, out
                )

    def _match_channel(self, channel: str, now: int, out: list[Action]) -> None:
        free = self._free[channel]
        plans: list[tuple[list[Entry], tuple[str, ...], list[tuple[int, int]]]] = []
        heads: list[tuple[Entry, int, int]] = []
        for key in self._channel_queues[channel]:
            entries = self._queues[key]
            if not entries:
                continue
            required = self._required(key)
            candidates = []
            for aid in free:
                tier = self._tier(self._agents[aid], channel, required)
                if tier is not None:
                    candidates.append((tier, aid))
            if not candidates:
                continue
            candidates.sort()
            if self.policy.use_tiers and candidates[0][0] > 1:
                oldest = self._ages[key][0][0]
                if (
                    self._allowed_tier(channel, required, now - oldest, candidates[0][0])
                    < (candidates[0][0])
                ):
                    continue  # nobody here has waited long enough for these agents' tier
            plans.append((entries, required, candidates))
            heads.append((entries[0], len(plans) - 1, 0))
        if not heads:
            return
        heapq.heapify(heads)
        taken: list[_Conv] = []
        while heads and free:
            entry, plan_index, position = heapq.heappop(heads)
            entries, required, candidates = plans[plan_index]
            conv = self._convs[entry[2]]
            if self._route_one(conv, required, candidates, now, out):
                taken.append(conv)
            if position + 1 < len(entries) and any(aid in free for _, aid in candidates):
                heapq.heappush(heads, (entries[position + 1], plan_index, position + 1))
        for conv in taken:
            self._remove_from_queue(conv)

    def _route_one(
        self,
        conv: _Conv,
        required: tuple[str, ...],
        candidates: list[tuple[int, int]],
        now: int,
        out: list[Action],
    ) -> bool:
        """Offer one waiting conversation to the best free candidate, if it may go to one."""
        policy = self.policy
        channel = conv.channel
        free = self._free[channel]
        sticky = self._sticky_agent(conv, now) if policy.sticky else None
        if (
            sticky is not None
            and sticky.connected is not False
            and sticky.state in _ON_DUTY
            and sticky.caps[channel] > 0
            and sticky.info.id not in free
            and now < conv.queued_ms + policy.sticky_wait_ms
        ):
            return False  # keep it for the returning customer's agent a few seconds more
        waited = now - conv.queued_ms
        eligible = [
            (tier, aid)
            for tier, aid in candidates
            if aid in free and conv.cooldown.get(aid, -1) <= now
        ]
        if not eligible:
            return False
        if policy.use_tiers:
            allowed = self._allowed_tier(channel, required, waited, eligible[0][0])
            eligible = [(tier, aid) for tier, aid in eligible if tier <= allowed]
            if not eligible:
                return False
        tier, agent, how = self._choose(eligible)
        reason, code = self._skill_reason(conv, required, tier, waited)
        if sticky is not None and sticky is not agent:
            reason += f"; previous agent {sticky.info.name} not free"
        self._offer(conv, agent, now, f"{reason}; {how}", code, tier, out)
        return True

    def _choose(self, eligible: list[tuple[int, int]]) -> tuple[int, _Agent, str]:
        """Pick among eligible (tier, agent id) pairs by the policy's strategy."""
        strategy = self.policy.strategy
        agents = self._agents
        if self.policy.use_tiers:
            best_tier = min(tier for tier, _ in eligible)
            eligible = [(tier, aid) for tier, aid in eligible if tier == best_tier]
        if strategy == "round_robin":
            after = [pair for pair in eligible if pair[1] > self._rr_last]
            tier, aid = min(after or eligible, key=lambda pair: pair[1])
            self._rr_last = aid
            return tier, agents[aid], "round-robin"
        if strategy == "longest_idle":
            tier, aid = min(
                eligible,
                key=lambda p: (agents[p[1]].last_end_ms, agents[p[1]].total, p[1]),
            )
            return tier, agents[aid], "longest idle"
        tier, aid = min(
            eligible, key=lambda p: (agents[p[1]].total, agents[p[1]].last_end_ms, p[1])
        )
        return tier, agents[aid], f"least loaded ({agents[aid].total} open)"

    def _skill_reason(
        self, conv: _Conv, required: tuple[str, ...], tier: int, waited: int
    ) -> tuple[str, str]:
        _, loan, lang = conv.queue
        if required:
            what = f"skill {' + '.join(required)} tier {tier}"
            code = "skill"
        else:
            what = "general: any agent"
            code = "general"
        missing = [s for s in (loan, lang) if s is not None and s not in required]
        if len(missing) == 1 and lang in missing and loan in required:
            what += f" (no agent has {loan} with {lang})"
        elif missing:
            what += f" (no agent has {', '.join(missing)})"
        if self.policy.use_tiers and tier > 1:
            needed = self.policy.wait_for_tier(tier)
            if waited >= needed and needed > 0:
                return f"spill-over to tier {tier} after {_seconds(needed)}: {what}", "spill_over"
            return f"spill-over to tier {tier}, no better tier on duty: {what}", "spill_over"
        return what, code

    def _offer(
        self,
        conv: _Conv,
        agent: _Agent,
        now: int,
        reason: str,
        code: str,
        tier: int | None,
        out: list[Action],
    ) -> None:
        cid = conv.waiting.id
        expires = now + self.policy.offer_timeout_ms
        offer = _OfferState(cid, agent.info.id, expires)
        self._offers[cid] = offer
        conv.status = "offered"
        conv.agent_id = agent.info.id
        agent.offers.add(cid)
        self._take_capacity(agent, conv.channel, 1)
        self._push_timer(expires, "offer", cid)
        prio = round(self.policy.aged_priority(conv.base, now - conv.waiting.enqueued_ms))
        out.append(Offer(cid, agent.info.id, expires, reason, code, tier, prio))
