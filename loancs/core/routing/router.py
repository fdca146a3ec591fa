"""The router: agents, waiting conversations, offers and timers, and what happens to them.

Pure and deterministic: no clock reads (every call takes ``now_ms``), no randomness, ties
broken by agent id. Who gets what is decided in ``matching``; this module applies what
happened and runs the timers.

An offer reserves capacity until accepted, declined or timed out; a timed-out offer goes
to the next agent, and ``max_missed_offers`` in a row put the agent on break. Work held by
a disconnected agent is re-queued after ``disconnect_grace_ms``; a phone call is followed
by ``wrapup_ms`` of wrap-up.

How the server drives it (one Router per server, touched only by the server's loop):

- at start: ``add_agent`` for every agent, ``restore_assignment`` for every open
  assigned conversation (with ``now_ms`` so that absent agents' grace starts), ``enqueue``
  (or ``enqueue_many``, at once) for every open unassigned one;
- for each committed event call the matching method (``enqueue``, ``set_state``,
  ``accept``, ...), then ``tick(now)``; record each returned action as an event; then
  sleep until ``next_wakeup_ms()`` or the next event, whichever is first, and ``tick``
  again. Before writing on a user's behalf, ask the pure questions (``can_accept``,
  ``can_decline``, ``can_assign``, ``eligible``): they change nothing.
- Methods that apply an event return None or a refusal; their side effects on others (a
  withdrawn offer, re-queued work) come out of the next ``tick``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from loancs.core.routing.matching import Matching
from loancs.core.routing.model import (
    AGENT_STATES,
    NO_COOLDOWN,
    Action,
    AgentBreak,
    AgentInfo,
    AgentOffline,
    AgentSlot,
    AgentView,
    ConvSlot,
    Entry,
    Offer,
    OfferExpired,
    OfferSlot,
    QueuedView,
    QueueKey,
    Requeued,
    Restored,
    Waiting,
    WrapupEnded,
    seconds,
)
from loancs.core.routing.policy import CHANNELS, MINUTE_MS, RoutingPolicy
from loancs.core.routing.queues import Queues, Timers
from loancs.core.routing.snapshot import snapshot, waiting_summary

# A timer reached this much after it was due means the process was starved of CPU: an
# offer that times out then is not held against the agent (they may never have seen it).
STARVED_MS = 2_000
# An assignment restored at a start is ranked (its base priority and queue entry) only when
# it is queued again: a year's open work holds ~15,000 (~110 bytes and a few µs each).
_UNRANKED: Entry = (0.0, 0, 0)
_BASES_HELD = 4096  # distinct base-priority facts remembered at most (amounts are mostly round)


class Router:
    """Holds agents, waiting conversations, offers and timers; decides who gets what."""

    def __init__(self, policy: RoutingPolicy | None = None, track_delivery: bool = False) -> None:
        """``track_delivery``: offers count as shown to the agent only once
        ``offer_delivered`` says so; one that times out before is not the agent's miss."""
        self.policy = policy or RoutingPolicy()
        self.track_delivery = track_delivery
        self._agents: dict[int, AgentSlot] = {}
        self._convs: dict[int, ConvSlot] = {}
        self._queues = Queues()
        self._free: dict[str, set[int]] = {ch: set() for ch in CHANNELS}
        self._skill_agents: dict[str, set[int]] = {}
        self._offers: dict[int, OfferSlot] = {}
        self._timers = Timers()
        self._queue_keys: dict[QueueKey, QueueKey] = {}  # each queue's key held once
        self._bases: dict[tuple[Any, ...], float] = {}  # base priority by its facts (_base)
        self._pending: list[Action] = []
        self._dirty = False
        self._now = 0
        self._matching = Matching(
            self.policy, self._agents, self._convs, self._free, self._skill_agents, self._queues
        )

    # ------------------------------------------------------------ agents

    def add_agent(self, info: AgentInfo) -> None:
        """Register an agent (offline until ``set_state(..., "available")``)."""
        if info.id in self._agents:
            self.update_agent(info)
            return
        agent = AgentSlot(info=info, caps=self._caps(info))
        self._agents[info.id] = agent
        for skill in info.skills:
            self._skill_agents.setdefault(skill, set()).add(info.id)
        self._matching.skills_changed()

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
        self._matching.skills_changed()

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
        self._matching.skills_changed()

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
        self._matching.duty_changed()
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
        self._timers.push(agent.away_deadline, "away", agent_id)
        self._refresh_free(agent)
        self._matching.duty_changed()
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
            self._queues.remove(conv)
            queued_ms, cooldown = conv.queued_ms, conv.cooldown
        else:
            queued_ms, cooldown = now_ms, NO_COOLDOWN
        conv = self._new_conv(waiting, queued_ms)
        conv.cooldown = cooldown
        self._convs[waiting.id] = conv
        self._queues.insert(conv)
        self._push_wakeups(conv)
        self._dirty = True

    def enqueue_many(
        self, waiting: Iterable[Waiting | Restored], now_ms: int, *, interned: bool = False
    ) -> None:
        """``enqueue`` each (a server's start restores thousands): the same queues, built
        at once. A conversation the router holds already, or named twice, is enqueued
        again as ``enqueue`` does (its details updated). An unknown channel refuses all.
        ``interned``: the few-valued strings are held once already (``sys.intern``), as in
        a server's start (Store.open_work): not looked at again. A ``Restored`` (``restored``)
        is queued as the ``Waiting`` of the same facts would be."""
        items = list(waiting)
        for one in items:
            if one.channel not in CHANNELS:
                raise ValueError(f"unknown channel {one.channel!r}; use one of {CHANNELS}")
        fresh: list[ConvSlot] = []
        again: list[Waiting] = []
        convs = self._convs
        for one in items:
            if one.id in convs:
                # after the others are queued: it may be one of them
                again.append(one.waiting if isinstance(one, ConvSlot) else one)
                continue
            if isinstance(one, ConvSlot):
                conv = one
                conv.queued_ms = now_ms
                conv.base = base = self._base(conv)
                conv.entry = self._entry(conv, base)
            else:
                conv = self._new_conv(one, now_ms, interned)
            convs[conv.id] = conv
            fresh.append(conv)
        if fresh:  # all queued at now_ms: the same wake-ups (a sticky one's as well)
            self._push_wakeups(fresh[0])
            sticky = next((conv for conv in fresh if conv.sticky_agent is not None), None)
            if sticky is not None:
                self._push_wakeups(sticky)
        self._queues.insert_many(fresh)
        for one in again:
            self.enqueue(one, now_ms)
        self._dirty = True

    def set_priority(self, conv_id: int, priority: int | None) -> bool:
        """A supervisor overrides a conversation's base priority (None: back to computed)."""
        conv = self._convs.get(conv_id)
        if conv is None:
            return False
        if conv.status == "waiting":
            self._queues.remove(conv)
        conv.priority_override = priority
        conv.base = self._base(conv)
        conv.entry = self._entry(conv, conv.base)
        if conv.status == "waiting":
            self._queues.insert(conv)
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

    # ------------------------------------------------------------ questions (change nothing)

    def can_accept(self, conv_id: int, agent_id: int, channel: str | None = None) -> str | None:
        """Whether the agent may take the conversation now: None, or why not.

        ``channel`` lets a conversation the router does not hold (answered by the assistant,
        or held by a supervisor) be judged by the agent's capacity on that channel.
        """
        agent = self._agents.get(agent_id)
        if agent is None:
            return "unknown agent"
        conv = self._convs.get(conv_id)
        if conv is None:
            if channel not in CHANNELS:
                return "unknown conversation"
            return self._refusal(agent, channel)
        offer = self._offers.get(conv_id)
        if offer is not None and offer.agent_id == agent_id:
            return None
        if conv.status == "assigned":
            if conv.agent_id == agent_id:
                return None
            return f"already with {self._name(conv.agent_id)}"
        if offer is not None:
            return f"offered to {self._name(offer.agent_id)}"
        return self._refusal(agent, conv.channel)

    def can_decline(self, conv_id: int, agent_id: int) -> str | None:
        """None when the conversation is offered to this agent, else why it cannot be declined."""
        offer = self._offers.get(conv_id)
        if offer is None or offer.agent_id != agent_id:
            return "no open offer to this agent"
        return None

    def can_assign(self, conv_id: int, agent_id: int, channel: str) -> str | None:
        """Whether a transfer may hand the conversation to this agent (capacity is never
        exceeded by a transfer): None, or why not."""
        agent = self._agents.get(agent_id)
        if agent is None:
            return "unknown agent"
        conv = self._convs.get(conv_id)
        if conv is not None:
            offer = self._offers.get(conv_id)
            if conv.status == "assigned" and conv.agent_id == agent_id:
                return None
            if offer is not None and offer.agent_id == agent_id:
                return None
            channel = conv.channel
        if channel not in CHANNELS:
            return f"unknown channel {channel}"
        return self._refusal(agent, channel)

    # ------------------------------------------------------------ committed facts

    def assigned(
        self,
        conv_id: int,
        agent_id: int | None,
        now_ms: int,
        waiting: Waiting | None = None,
        why: str = "taken by someone else",
    ) -> None:
        """The store says the conversation is now with ``agent_id``: accepted, taken by a
        supervisor, transferred or barged. Applied as it is, whatever the capacity.

        An agent routing does not know (a supervisor) takes it out of routing: its offer is
        withdrawn, or the agent who held it is released (a call goes to wrap-up). ``waiting``
        describes a conversation the router does not hold yet.
        """
        conv = self._convs.get(conv_id)
        agent = self._agents.get(agent_id) if agent_id is not None else None
        self._dirty = True
        if agent is None:
            if conv is None:
                return
            if conv.status == "assigned" and conv.agent_id is not None:
                self.release(conv_id, conv.agent_id, now_ms)
                return
            self._detach(conv, now_ms, why, "transferred")
            del self._convs[conv_id]
            return
        if conv is not None:
            offer = self._offers.get(conv_id)
            if offer is not None and offer.agent_id == agent.info.id:
                self.accept(conv_id, agent.info.id, now_ms)
                return
            if conv.status == "assigned" and conv.agent_id == agent.info.id:
                return
            self._detach(conv, now_ms, why, "transferred")
        elif waiting is not None and waiting.channel in CHANNELS:
            conv = self._new_conv(waiting, now_ms)
        else:
            return
        self._convs[conv_id] = conv
        self._assign(conv, agent)

    def offer_announced(self, conv_id: int, agent_id: int, expires_ms: int) -> None:
        """The offer is recorded and on its way to the agent: its time-out counts from the
        commit (``expires_ms``), not from the decision, so time spent waiting for the disk
        or for the CPU is not the agent's."""
        offer = self._offers.get(conv_id)
        if offer is None or offer.agent_id != agent_id or offer.expires_ms == expires_ms:
            return
        offer.expires_ms = expires_ms
        self._timers.push(expires_ms, "offer", conv_id)

    def offer_delivered(self, conv_id: int, agent_id: int, now_ms: int) -> None:
        """The offer reached the agent's console (written to its connection) at ``now_ms``:
        the agent has the whole time-out from now, and only now can they miss it."""
        offer = self._offers.get(conv_id)
        if offer is None or offer.agent_id != agent_id or offer.delivered:
            return
        offer.delivered = True
        expires = now_ms + self.policy.offer_timeout_ms
        if expires > offer.expires_ms:
            offer.expires_ms = expires
            self._timers.push(expires, "offer", conv_id)

    def offer_committed(self, conv_id: int, agent_id: int, expires_ms: int, now_ms: int) -> None:
        """An offer another router made (the routing leader's, read from the log when
        several servers share one database): hold it as if made here, so that this router,
        when it leads, neither offers the conversation again while it stands nor forgets
        to time it out."""
        offer = self._offers.get(conv_id)
        if offer is not None:
            if offer.agent_id == agent_id:
                self.offer_announced(conv_id, agent_id, expires_ms)
                return
            self._withdraw(offer, now_ms, cooldown=False)
        conv = self._convs.get(conv_id)
        agent = self._agents.get(agent_id)
        if conv is None or agent is None or conv.status != "waiting":
            return
        self._queues.remove(conv)
        self._offers[conv_id] = OfferSlot(conv_id, agent_id, expires_ms)
        conv.status = "offered"
        conv.agent_id = agent_id
        agent.offers.add(conv_id)
        self._take_capacity(agent, conv.channel, 1)
        self._timers.push(expires_ms, "offer", conv_id)
        self._dirty = True

    def offer_ended(self, conv_id: int, agent_id: int, now_ms: int) -> None:
        """Another router withdrew or timed out its offer (read from the log): the
        conversation waits again, not for this agent until the cool-down is over."""
        offer = self._offers.get(conv_id)
        if offer is not None and offer.agent_id == agent_id:
            self._withdraw(offer, now_ms, cooldown=True)
            self._dirty = True

    def drop_decisions(self) -> None:
        """A router that follows another's decisions (it does not lead) drops its own:
        the leader writes them, and this router learns them from the log."""
        self._pending = []

    def offer_failed(self, conv_id: int, agent_id: int) -> None:
        """The offer could not be recorded: take it back as if it never happened (no
        cool-down, no missed offer); the conversation waits again."""
        offer = self._offers.get(conv_id)
        if offer is not None and offer.agent_id == agent_id:
            self._withdraw(offer, self._now, cooldown=False)
            self._dirty = True

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
        self._queues.remove(conv)
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
            self._queues.remove(conv)
        waiting = conv.waiting
        if loan_type is not None:
            waiting = replace(waiting, loan_type=loan_type)
        waiting = replace(waiting, previous_agent_id=None)
        fresh = self._new_conv(waiting, now_ms)
        if from_agent is not None:
            _cool_down(fresh, from_agent, now_ms + self.policy.reoffer_cooldown_ms)
            self._timers.push(now_ms + self.policy.reoffer_cooldown_ms, "wake", conv_id)
        self._convs[conv_id] = fresh
        self._queues.insert(fresh)
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
        *,
        interned: bool = False,
    ) -> None:
        """Rebuild an open assignment at server start (from the database).

        Pass ``waiting`` so the conversation can be routed properly if it is re-queued, and
        ``now_ms`` to start the disconnect grace period for an agent not connected yet.
        ``interned``: as for ``enqueue_many``.
        """
        agent = self._agent(agent_id)
        waiting = waiting or Waiting(id=conv_id, channel=channel)
        conv = self._new_conv(waiting, waiting.enqueued_ms, interned, ranked=False)
        old = self._convs.get(conv_id)
        if old is not None:
            self._detach(old, self._now, "restored", "transferred")
        self._convs[conv_id] = conv
        self._assign(conv, agent)
        if now_ms is not None and agent.connected is not True and agent.away_kind is None:
            agent.away_kind = "disconnect"
            agent.away_since = now_ms
            agent.away_deadline = now_ms + self.policy.disconnect_grace_ms
            self._timers.push(agent.away_deadline, "away", agent_id)

    def restore_assignments(
        self, held: Iterable[tuple[int, Waiting | Restored]], now_ms: int, *, interned: bool = False
    ) -> None:
        """``restore_assignment`` for each (agent id, conversation) (a server's start: ~15,000
        at a year's open work): the same state, with each agent's free channels and
        disconnect grace looked at once, not once for each of their conversations. A
        ``Restored`` (``restored``) is held as it is: ranked if it is ever queued again."""
        convs, new_conv = self._convs, self._new_conv
        touched: dict[int, AgentSlot] = {}
        for agent_id, waiting in held:
            agent = touched.get(agent_id)
            if agent is None:
                agent = touched[agent_id] = self._agent(agent_id)
            if isinstance(waiting, ConvSlot):
                conv = waiting
            else:
                conv = new_conv(waiting, waiting.enqueued_ms, interned, ranked=False)
            conv_id = waiting.id
            old = convs.get(conv_id)
            if old is not None:
                self._detach(old, self._now, "restored", "transferred")
            convs[conv_id] = conv
            conv.status = "assigned"  # _assign's, its capacity taken below
            conv.agent_id = agent_id
            agent.assigned.add(conv_id)
            agent.load[waiting.channel] += 1
            agent.total += 1
        for agent_id, agent in touched.items():
            self._refresh_free(agent)
            if agent.connected is not True and agent.away_kind is None:
                agent.away_kind = "disconnect"
                agent.away_since = now_ms
                agent.away_deadline = now_ms + self.policy.disconnect_grace_ms
                self._timers.push(agent.away_deadline, "away", agent_id)

    # ------------------------------------------------------------ the clock

    def tick(self, now_ms: int) -> list[Action]:
        """Run timers due by ``now_ms``, then match waiting conversations to free agents."""
        self._now = now_ms
        out, self._pending = self._pending, []
        self._run_timers(now_ms, out)
        self._matching.match(
            now_ms,
            lambda conv, agent, reason, code, tier: self._offer(
                conv, agent, now_ms, reason, code, tier, out
            ),
        )
        self._dirty = False
        return out

    def next_wakeup_ms(self) -> int | None:
        """When ``tick`` must run next if no event comes first (None: nothing pending).

        A time at or before the last tick means "now".
        """
        if self._pending or self._dirty:
            return self._now
        return self._timers.next_due(self._timer_live)

    # ------------------------------------------------------------ views

    def priority(self, conv_id: int, now_ms: int) -> float:
        """The conversation's current priority (base plus aging)."""
        conv = self._ranked(self._convs[conv_id])
        return self.policy.aged_priority(conv.base, now_ms - conv.enqueued_ms)

    def agent_state(self, agent_id: int) -> str:
        return self._agent(agent_id).state

    def load(self, agent_id: int) -> dict[str, int]:
        """Conversations held or offered per channel."""
        return dict(self._agent(agent_id).load)

    def offers(self) -> dict[int, int]:
        """Open offers: conversation id -> agent id."""
        return {cid: o.agent_id for cid, o in self._offers.items()}

    def offered_to(self, conv_id: int) -> int | None:
        """The agent the conversation is offered to now, if any."""
        offer = self._offers.get(conv_id)
        return offer.agent_id if offer is not None else None

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
        return self._queues.count()

    def waiting_ids(self) -> list[int]:
        """Waiting conversations, highest priority first."""
        return self._queues.ids()

    def eligible(self, conv_id: int, now_ms: int) -> list[int]:
        """Agents a waiting conversation may be offered to now (none: it waits). After
        ``tick`` every waiting conversation has none."""
        conv = self._convs.get(conv_id)
        if conv is None:
            return []
        return [aid for _, aid in self._matching.eligible(conv, now_ms)]

    def agents(self) -> list[AgentView]:
        """Every agent as held now, by id."""
        return [
            AgentView(a.info, a.state, a.connected, dict(a.load), dict(a.caps))
            for a in sorted(self._agents.values(), key=lambda a: a.info.id)
        ]

    def queued(self) -> list[QueuedView]:
        """Conversations waiting or offered, by id."""
        return [
            QueuedView(
                c.id,
                c.channel,
                c.status,
                c.queued_ms,
                self._matching.required(c.queue),
                c.sticky_agent,
                c.sticky_served_ms,
                dict(c.cooldown),
            )
            for cid, c in sorted(self._convs.items())
            if c.status in ("waiting", "offered")
        ]

    def snapshot(
        self, now_ms: int | None = None, limit: int | None = None, offset: int = 0
    ) -> dict[str, Any]:
        """Plain-data view of queues and agents for the supervisor screen (``limit``: only
        that page of the waiting list; see routing/snapshot.py)."""
        now = self._now if now_ms is None else now_ms
        return snapshot(
            self.policy, self._agents, self._convs, self._offers, self._queues, now, limit, offset
        )

    def waiting_summary(self, now_ms: int, top: int) -> dict[str, dict[str, Any]]:
        """Waiting work by loan type, for agents' consoles (see routing/snapshot.py)."""
        return waiting_summary(self.policy, self._convs, self._offers, self._queues, now_ms, top)

    # ------------------------------------------------------------ internals: bookkeeping

    def _name(self, agent_id: int | None) -> str:
        agent = self._agents.get(agent_id) if agent_id is not None else None
        return agent.info.name if agent is not None else f"agent {agent_id}"

    def _agent(self, agent_id: int) -> AgentSlot:
        try:
            return self._agents[agent_id]
        except KeyError:
            raise KeyError(f"unknown agent {agent_id}") from None

    @staticmethod
    def _caps(info: AgentInfo) -> dict[str, int]:
        caps = {ch: max(int(info.capacity.get(ch, 0)), 0) for ch in CHANNELS}
        caps["phone"] = min(caps["phone"], 1)  # calls are one at a time
        return caps

    def _base(self, waiting: Waiting | ConvSlot) -> float:
        if waiting.priority_override is not None:
            return float(waiting.priority_override)
        # a few distinct facts among thousands of conversations: each base computed (and its
        # float held) once, up to _BASES_HELD of them
        facts = (waiting.channel, waiting.urgency, waiting.amount, waiting.credit_band)
        base = self._bases.get(facts)
        if base is None:
            base = float(self.policy.base_priority(*facts))
            if len(self._bases) < _BASES_HELD:
                self._bases[facts] = base
        return base

    def _entry(self, waiting: Waiting | ConvSlot, base: float) -> Entry:
        # base + rate*(now - enq)/MIN ranks the same as base*MIN - rate*enq at every `now`.
        key = self.policy.aging_per_minute * waiting.enqueued_ms - base * MINUTE_MS
        return (key, waiting.enqueued_ms, waiting.id)

    def _new_conv(
        self, waiting: Waiting, queued_ms: int, interned: bool = False, ranked: bool = True
    ) -> ConvSlot:
        """``ranked=False``: an assignment (restored): ranked if it is ever queued again."""
        if not interned:
            waiting = _shared_strings(waiting)
        loan = waiting.loan_type if waiting.loan_type not in (None, "", "general") else None
        lang = waiting.language
        lang_skill = f"lang:{lang}" if lang not in (None, "", "zh") else None
        base = self._base(waiting) if ranked else 0.0
        previous = waiting.previous_agent_id
        sticky = (
            (previous, waiting.previous_served_ms)
            if self.policy.sticky and previous is not None
            else None
        )
        return ConvSlot(  # by position (a start makes thousands): ConvSlot's field order
            waiting.id,
            waiting.loan_type,
            waiting.amount,
            waiting.urgency,
            waiting.credit_band,
            waiting.language,
            waiting.enqueued_ms,
            waiting.priority_override,
            base,
            self._queue_keys.setdefault(key := (waiting.channel, loan, lang_skill), key),
            self._entry(waiting, base) if ranked else _UNRANKED,
            queued_ms,
            sticky,
            "waiting",
            None,
            NO_COOLDOWN,  # (the default, without calling its factory)
        )

    def restored(
        self,
        id_: int,
        channel: str,
        loan_type: str | None,
        amount: Decimal | None,
        urgency: str | None,
        credit_band: str | None,
        language: str | None,
        enqueued_ms: int,
        priority_override: int | None,
    ) -> Restored:
        """A conversation as a server's start holds it again (nobody served it before: no
        previous agent; its few-valued strings held once already, ``sys.intern``), for
        ``restore_assignments`` or ``enqueue_many``: the router's one record of it, made
        directly (no ``Waiting`` first: for each of a year's ~30,000 open conversations),
        ranked only if it is queued."""
        loan = loan_type if loan_type not in (None, "", "general") else None
        lang_skill = f"lang:{language}" if language not in (None, "", "zh") else None
        return ConvSlot(  # by position: ConvSlot's field order
            id_,
            loan_type,
            amount,
            urgency,
            credit_band,
            language,
            enqueued_ms,
            priority_override,
            0.0,
            self._queue_keys.setdefault(key := (channel, loan, lang_skill), key),
            _UNRANKED,
            enqueued_ms,
            None,
            "waiting",
            None,
            NO_COOLDOWN,
        )

    def _ranked(self, conv: ConvSlot) -> ConvSlot:
        """The conversation with its base priority and queue entry (``_new_conv``)."""
        if conv.entry is _UNRANKED:
            conv.base = self._base(conv)
            conv.entry = self._entry(conv, conv.base)
        return conv

    def _push_wakeups(self, conv: ConvSlot) -> None:
        """Times at which this waiting conversation may become routable to more agents.

        A wake-up only makes the router tick (matching then looks at every waiting
        conversation), so conversations queued at the same moment share one."""
        if self.policy.use_tiers:
            for wait in self.policy.tier_waits_ms[1:]:
                self._timers.push_tick(conv.queued_ms + wait)
        if conv.sticky_agent is not None and self.policy.sticky_wait_ms > 0:
            self._timers.push_tick(conv.queued_ms + self.policy.sticky_wait_ms)

    def _timer_live(self, due: int, kind: str, key: int) -> bool:
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

    def _refresh_free(self, agent: AgentSlot) -> None:
        aid = agent.info.id
        ready = agent.connected is not False and agent.state == "available"
        for channel in CHANNELS:
            if ready and agent.load[channel] < agent.caps[channel]:
                self._free[channel].add(aid)
            else:
                self._free[channel].discard(aid)

    def _refusal(self, agent: AgentSlot, channel: str) -> str | None:
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

    def _take_capacity(self, agent: AgentSlot, channel: str, delta: int) -> None:
        agent.load[channel] += delta
        agent.total += delta
        self._refresh_free(agent)

    def _assign(self, conv: ConvSlot, agent: AgentSlot) -> None:
        conv.status = "assigned"
        conv.agent_id = agent.info.id
        agent.assigned.add(conv.id)
        self._take_capacity(agent, conv.channel, 1)

    def _detach(self, conv: ConvSlot, now: int, why: str, code: str) -> None:
        """Take a conversation out of the queue, its offer or its agent (no wrap-up)."""
        cid = conv.id
        if conv.status == "waiting":
            self._queues.remove(conv)
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

    def _withdraw(self, offer: OfferSlot, now: int, cooldown: bool) -> None:
        """End an offer: capacity back, the conversation waits again."""
        cid = offer.conversation_id
        del self._offers[cid]
        conv = self._convs[cid]
        agent = self._agents[offer.agent_id]
        agent.offers.discard(cid)
        self._take_capacity(agent, conv.channel, -1)
        if cooldown and self.policy.reoffer_cooldown_ms > 0:
            until = now + self.policy.reoffer_cooldown_ms
            _cool_down(conv, offer.agent_id, until)
            self._timers.push(until, "wake", cid)
        self._queues.insert(self._ranked(conv))

    def _withdraw_offers(self, agent: AgentSlot, now: int, why: str, code: str) -> None:
        for cid in sorted(agent.offers):
            self._withdraw(self._offers[cid], now, cooldown=False)
            self._pending.append(OfferExpired(cid, agent.info.id, why, code))

    def _requeue(self, conv: ConvSlot, now: int, why: str, code: str) -> None:
        """Take work back from its agent and queue it again (sticky info kept)."""
        from_agent = conv.agent_id
        self._detach(conv, now, why, code)
        conv.queued_ms = now
        self._queues.insert(self._ranked(conv))
        self._push_wakeups(conv)
        self._pending.append(Requeued(conv.id, from_agent, why, code))

    def _clear_away(self, agent: AgentSlot) -> None:
        agent.away_kind = agent.away_since = agent.away_deadline = None

    def _start_break_timer(self, agent: AgentSlot, now: int) -> None:
        limit = self.policy.break_requeue_ms
        if limit is None or agent.away_kind == "disconnect":
            return
        agent.away_kind = "break"
        agent.away_since = now
        agent.away_deadline = now + limit
        self._timers.push(agent.away_deadline, "away", agent.info.id)

    def _apply_state(
        self, agent: AgentSlot, state: str, now: int, reason: str | None, out: list[Action]
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
            if old == "offline" and state != "offline" and agent.away_kind == "disconnect":
                # Signed in (on another server: the leader learns of the console a poll
                # later) while a grace that began offline still runs: it counts from now,
                # or the sign-in would be taken back as "disconnected" at once.
                agent.away_since = now
                agent.away_deadline = now + self.policy.disconnect_grace_ms
                self._timers.push(agent.away_deadline, "away", agent.info.id)
            if state == "wrapup" and self.policy.wrapup_ms > 0:
                agent.wrapup_until = now + self.policy.wrapup_ms
                self._timers.push(agent.wrapup_until, "wrapup", agent.info.id)
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
        self._matching.duty_changed()

    # ------------------------------------------------------------ internals: timers

    def _run_timers(self, now: int, out: list[Action]) -> None:
        for due, kind, key in self._timers.due(now):
            if kind == "offer":
                offer = self._offers.get(key)
                if offer is not None and offer.expires_ms == due:
                    late = now - due > STARVED_MS or not offer.delivered
                    self._expire_offer(offer, now, late, out)
            elif kind == "away":
                agent = self._agents.get(key)
                if agent is not None and agent.away_deadline == due:
                    self._away_expired(agent, now, out)
            elif kind == "wrapup":
                agent = self._agents.get(key)
                if agent is not None and agent.state == "wrapup" and agent.wrapup_until == due:
                    self._apply_state(agent, "available", now, None, out)
                    out.append(
                        WrapupEnded(key, f"wrap-up over after {seconds(self.policy.wrapup_ms)}")
                    )

    def _expire_offer(self, offer: OfferSlot, now: int, late: bool, out: list[Action]) -> None:
        """The offer timed out. Never delivered, or reached late (the process was starved:
        the agent may never have been shown it in time), it is not counted as their miss."""
        agent = self._agents[offer.agent_id]
        self._withdraw(offer, now, cooldown=True)
        reason = (
            f"offer to {agent.info.name} timed out after {seconds(self.policy.offer_timeout_ms)}"
        )
        if not offer.delivered:
            reason += " (never reached their console: not counted as missed)"
        elif late:
            reason += f" (noticed {seconds(now - offer.expires_ms)} late: not counted as missed)"
        out.append(OfferExpired(offer.conversation_id, offer.agent_id, reason, "offer_timeout"))
        if late:
            return
        agent.missed += 1
        if agent.missed >= self.policy.max_missed_offers and agent.state == "available":
            out.append(AgentBreak(agent.info.id, f"{agent.missed} missed offers: on break"))
            self._apply_state(agent, "break", now, "missed offers", out)

    def _away_expired(self, agent: AgentSlot, now: int, out: list[Action]) -> None:
        name = agent.info.name
        kind, since = agent.away_kind, agent.away_since or now
        self._clear_away(agent)
        pending, self._pending = self._pending, out
        try:
            if kind == "disconnect":
                gone = seconds(now - since)
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
                        f"{name} on break{why} for {seconds(now - since)}: re-queued",
                        "break_grace",
                    )
        finally:
            self._pending = pending
        self._refresh_free(agent)
        self._matching.duty_changed()

    def _offer(
        self,
        conv: ConvSlot,
        agent: AgentSlot,
        now: int,
        reason: str,
        code: str,
        tier: int | None,
        out: list[Action],
    ) -> None:
        cid = conv.id
        expires = now + self.policy.offer_timeout_ms
        offer = OfferSlot(cid, agent.info.id, expires, delivered=not self.track_delivery)
        self._offers[cid] = offer
        conv.status = "offered"
        conv.agent_id = agent.info.id
        agent.offers.add(cid)
        self._take_capacity(agent, conv.channel, 1)
        self._timers.push(expires, "offer", cid)
        prio = round(self.policy.aged_priority(conv.base, now - conv.enqueued_ms))
        out.append(Offer(cid, agent.info.id, expires, reason, code, tier, prio))


def _cool_down(conv: ConvSlot, agent_id: int, until: int) -> None:
    """Not offered to this agent again before ``until``."""
    cooldown = conv.cooldown
    if not isinstance(cooldown, dict):  # the shared empty one
        cooldown = conv.cooldown = {}
    cooldown[agent_id] = until


_FEW_VALUED = ("channel", "loan_type", "urgency", "credit_band", "language")


def _shared_strings(waiting: Waiting) -> Waiting:
    """The same facts with their few-valued strings held once (interned): thousands of
    conversations may wait at a time, each with its own copy of "wechat" otherwise."""
    changed: dict[str, str] = {}
    for name in _FEW_VALUED:
        value = getattr(waiting, name)
        if value.__class__ is str:
            shared = sys.intern(value)
            if shared is not value:
                changed[name] = shared
    return replace(waiting, **changed) if changed else waiting  # type: ignore[arg-type]
