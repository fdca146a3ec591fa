"""Who may take which waiting conversation, and who gets it.

Order of preference for a waiting conversation, as call-center ACDs do it:

1. sticky: the agent who served this customer within ``sticky_window_ms``, if free; if
   that agent is on duty but busy, the conversation waits up to ``sticky_wait_ms``;
2. agents holding the needed skills (loan type, language) at tier 1, then tier 2 after
   ``tier_waits_ms[1]`` and so on (at once when no better-tier agent is on duty);
3. among those, by strategy: least loaded then longest idle (default), longest idle, or
   round robin.

``Matching`` reads the router's agents, conversations, free sets and queues; it never
changes them itself: each decision goes to the ``offer`` callback, which records it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, timezone

from loancs.core.routing.model import ON_DUTY, AgentSlot, ConvSlot, Entry, QueueKey, seconds
from loancs.core.routing.policy import CHANNELS, RoutingPolicy
from loancs.core.routing.queues import Queues

# (conversation, agent, reason, reason code, tier): the router records the offer
OfferFn = Callable[[ConvSlot, AgentSlot, str, str, "int | None"], None]


def tier_of(agent: AgentSlot, channel: str, required: tuple[str, ...]) -> int | None:
    """The agent's tier for a queue needing ``required`` skills on ``channel`` (None: no)."""
    skills = agent.info.skills
    tier = skills.get(f"channel:{channel}", 1)
    for skill in required:
        skill_tier = skills.get(skill)
        if skill_tier is None:
            return None
        if skill_tier > tier:
            tier = skill_tier
    return tier


class Matching:
    def __init__(
        self,
        policy: RoutingPolicy,
        agents: dict[int, AgentSlot],
        convs: dict[int, ConvSlot],
        free: dict[str, set[int]],
        skill_agents: dict[str, set[int]],
        queues: Queues,
    ) -> None:
        self.policy = policy
        self._agents = agents
        self._convs = convs
        self._free = free
        self._skill_agents = skill_agents
        self._queues = queues
        self._rr_last = -1
        self._duty_version = 0
        self._duty_cache: dict[tuple[str, tuple[str, ...]], tuple[int, int | None]] = {}
        self._skills_version = 0
        self._required_cache: dict[QueueKey, tuple[int, tuple[str, ...]]] = {}
        self._tz = timezone(timedelta(minutes=policy.display_utc_offset_min))

    def duty_changed(self) -> None:
        """Someone came on or went off duty (or their capacity changed)."""
        self._duty_version += 1

    def skills_changed(self) -> None:
        self._skills_version += 1
        self._duty_version += 1

    # ------------------------------------------------------------ questions

    def required(self, queue: QueueKey) -> tuple[str, ...]:
        """Skills a queue needs right now.

        A skill no agent has is not required (better any agent than none); when no agent
        has the loan type and the language together, the loan type wins.
        """
        cached = self._required_cache.get(queue)
        if cached is not None and cached[0] == self._skills_version:
            return cached[1]
        _, loan, lang = queue
        required = tuple(s for s in (loan, lang) if s is not None and self._skill_agents.get(s))
        if (
            loan is not None
            and lang is not None
            and len(required) == 2
            and self._skill_agents[loan].isdisjoint(self._skill_agents[lang])
        ):
            required = (loan,)
        self._required_cache[queue] = (self._skills_version, required)
        return required

    def best_duty_tier(self, channel: str, required: tuple[str, ...]) -> int | None:
        """The best tier among on-duty agents who could take this queue."""
        key = (channel, required)
        cached = self._duty_cache.get(key)
        if cached is not None and cached[0] == self._duty_version:
            return cached[1]
        if required:
            pools: list[set[int]] = [self._skill_agents.get(s, set()) for s in required]
            smallest: set[int] = min(pools, key=len)
            ids: Iterable[int] = smallest
        else:
            ids = self._agents.keys()
        best: int | None = None
        for aid in ids:
            agent = self._agents[aid]
            if agent.connected is False or agent.state not in ON_DUTY or not agent.caps[channel]:
                continue
            tier = tier_of(agent, channel, required)
            if tier is not None and (best is None or tier < best):
                best = tier
        self._duty_cache[key] = (self._duty_version, best)
        return best

    def allowed_tier(
        self, channel: str, required: tuple[str, ...], waited: int, wanted: int
    ) -> int:
        """The worst tier allowed after ``waited``; ``wanted`` is the best tier free now."""
        allowed = self.policy.tier_for_wait(waited)
        if allowed < wanted and self.policy.skip_empty_tiers:
            best = self.best_duty_tier(channel, required)
            if best is not None and best > allowed:
                allowed = best
        return allowed

    def sticky_agent(self, conv: ConvSlot, now: int) -> AgentSlot | None:
        """The agent this conversation should stick to, if any."""
        if conv.sticky_agent is None:
            return None
        agent = self._agents.get(conv.sticky_agent)
        served = conv.sticky_served_ms
        if agent is None or served is None or now - served > self.policy.sticky_window_ms:
            return None
        required = self.required(conv.queue)
        if not self.policy.sticky_needs_skill:
            required = tuple(skill for skill in required if skill.startswith("lang:"))
        if tier_of(agent, conv.channel, required) is None:
            return None
        return agent

    def eligible(self, conv: ConvSlot, now: int) -> list[tuple[int | None, int]]:
        """(tier, agent id) of every free agent this waiting conversation may be offered to
        now, by the same rules as ``match``: a free sticky agent first, then by tier (empty:
        it waits). ``match`` leaves no waiting conversation with an eligible agent."""
        if conv.status != "waiting":
            return []
        channel = conv.channel
        free = self._free[channel]
        sticky = self.sticky_agent(conv, now) if self.policy.sticky else None
        required = self.required(conv.queue)
        out: list[tuple[int | None, int]] = []
        if (
            sticky is not None
            and sticky.info.id in free
            and conv.cooldown.get(sticky.info.id, -1) <= now
        ):
            out.append((tier_of(sticky, channel, required), sticky.info.id))
        candidates = sorted(
            (tier, aid)
            for aid in free
            if (tier := tier_of(self._agents[aid], channel, required)) is not None
        )
        for tier, aid in self._eligible(conv, required, candidates, now, sticky):
            if sticky is None or aid != sticky.info.id or not out:
                out.append((tier, aid))
        return out

    # ------------------------------------------------------------ deciding

    def match(self, now: int, offer: OfferFn) -> None:
        """Offer waiting conversations to free agents until no more may go."""
        if not any(self._free.values()):
            return
        for channel in CHANNELS:
            if self.policy.sticky and self._queues.sticky(channel) and self._free[channel]:
                self._match_sticky(channel, now, offer)
            if self._free[channel]:
                self._match_channel(channel, now, offer)

    def _match_sticky(self, channel: str, now: int, offer: OfferFn) -> None:
        """Offer returning customers to their previous agent when that agent is free."""
        by_agent = self._queues.sticky(channel)
        free = self._free[channel]
        for aid in sorted(by_agent.keys() & free):
            agent = self._agents[aid]
            held = sorted(by_agent.get(aid, ()), key=lambda c: self._convs[c].entry)
            for cid in held:
                conv = self._convs[cid]
                if aid not in free or conv.cooldown.get(aid, -1) > now:
                    continue
                if self.sticky_agent(conv, now) is not agent or conv.sticky_served_ms is None:
                    continue
                served = datetime.fromtimestamp(conv.sticky_served_ms / 1000, tz=UTC)
                day = served.astimezone(self._tz).strftime("%m-%d")
                tier = tier_of(agent, conv.channel, self.required(conv.queue))
                self._queues.remove(conv)
                offer(conv, agent, f"sticky: served this customer on {day}", "sticky", tier)

    def _match_channel(self, channel: str, now: int, offer: OfferFn) -> None:
        free = self._free[channel]
        plans: list[tuple[list[Entry], tuple[str, ...], list[tuple[int, int]]]] = []
        heads: list[tuple[Entry, int, int]] = []
        for key, entries in self._queues.on_channel(channel):
            required = self.required(key)
            candidates = []
            for aid in free:
                tier = tier_of(self._agents[aid], channel, required)
                if tier is not None:
                    candidates.append((tier, aid))
            if not candidates:
                continue
            candidates.sort()
            if self.policy.use_tiers and candidates[0][0] > 1:
                oldest = self._queues.oldest_ms(key)
                best = candidates[0][0]
                if self.allowed_tier(channel, required, now - oldest, best) < best:
                    continue  # nobody here has waited long enough for these agents' tier
            plans.append((entries, required, candidates))
            heads.append((entries[0], len(plans) - 1, 0))
        if not heads:
            return
        heapq.heapify(heads)
        taken: list[ConvSlot] = []
        while heads and free:
            entry, plan_index, position = heapq.heappop(heads)
            entries, required, candidates = plans[plan_index]
            conv = self._convs[entry[2]]
            if self._route_one(conv, required, candidates, now, offer):
                taken.append(conv)
            if position + 1 < len(entries) and any(aid in free for _, aid in candidates):
                heapq.heappush(heads, (entries[position + 1], plan_index, position + 1))
        for conv in taken:
            self._queues.remove(conv)

    def _eligible(
        self,
        conv: ConvSlot,
        required: tuple[str, ...],
        candidates: list[tuple[int, int]],
        now: int,
        sticky: AgentSlot | None,
    ) -> list[tuple[int, int]]:
        """Free candidates this conversation may go to now (empty: it waits)."""
        policy = self.policy
        channel = conv.channel
        free = self._free[channel]
        if (
            sticky is not None
            and sticky.connected is not False
            and sticky.state in ON_DUTY
            and sticky.caps[channel] > 0
            and sticky.info.id not in free
            and now < conv.queued_ms + policy.sticky_wait_ms
        ):
            return []  # keep it for the returning customer's agent a few seconds more
        eligible = [
            (tier, aid)
            for tier, aid in candidates
            if aid in free and conv.cooldown.get(aid, -1) <= now
        ]
        if eligible and policy.use_tiers:
            waited = now - conv.queued_ms
            allowed = self.allowed_tier(channel, required, waited, eligible[0][0])
            eligible = [(tier, aid) for tier, aid in eligible if tier <= allowed]
        return eligible

    def _route_one(
        self,
        conv: ConvSlot,
        required: tuple[str, ...],
        candidates: list[tuple[int, int]],
        now: int,
        offer: OfferFn,
    ) -> bool:
        """Offer one waiting conversation to the best free candidate, if it may go to one."""
        sticky = self.sticky_agent(conv, now) if self.policy.sticky else None
        eligible = self._eligible(conv, required, candidates, now, sticky)
        if not eligible:
            return False
        tier, agent, how = self._choose(eligible)
        reason, code = self._skill_reason(conv, required, tier, now - conv.queued_ms)
        if sticky is not None and sticky is not agent:
            reason += f"; previous agent {sticky.info.name} not free"
        offer(conv, agent, f"{reason}; {how}", code, tier)
        return True

    def _choose(self, eligible: list[tuple[int, int]]) -> tuple[int, AgentSlot, str]:
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
        self, conv: ConvSlot, required: tuple[str, ...], tier: int, waited: int
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
                return f"spill-over to tier {tier} after {seconds(needed)}: {what}", "spill_over"
            return f"spill-over to tier {tier}, no better tier on duty: {what}", "spill_over"
        return what, code
