"""A simulated contact-center day through the routing engine, default strategy vs round robin.

    python scripts/routing_sim.py                 # 10,000 conversations, 50 agents, seed 7
    python scripts/routing_sim.py --seed 3 --conversations 20000 --agents 80 --json

One day (08:00-22:00 Asia/Shanghai) of phone, web-chat and WeChat conversations with
morning and afternoon peaks, a mix of loan types and urgencies, returning customers (some
served today, some weeks ago), and agents on two shifts with skill tiers, per-channel
capacity, lunch and short breaks, console disconnects (some longer than the grace period),
missed and declined offers. The same world runs through the default policy (sticky, skill
tiers, least loaded then longest idle) and through plain round robin (no sticky, no tier
preference), and through the default with tiers as a preference only (no spill-over
wait); the figures are printed side by side. Then the routing decision time is
measured with 1,000 conversations waiting and 200 agents.

Stdlib only, apart from the engine. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loancs.core.routing import (  # noqa: E402
    AgentBreak,
    AgentInfo,
    AgentOffline,
    Offer,
    OfferExpired,
    Requeued,
    Router,
    RoutingPolicy,
    Waiting,
)

S = 1000
MIN = 60 * S
HOUR = 60 * MIN
DAY = 24 * HOUR
DAY_START = int(datetime(2026, 11, 30, 0, 0, tzinfo=UTC).timestamp() * 1000)  # 08:00 Shanghai
DAY_HOURS = 14
# Relative arrivals per hour from 08:00: a morning and an afternoon peak, a lunch dip.
HOURLY = [0.5, 1.1, 1.5, 1.4, 0.9, 1.0, 1.4, 1.5, 1.3, 1.0, 0.8, 0.9, 0.8, 0.5]
CHANNEL_MIX = [("phone", 0.35), ("chat", 0.40), ("wechat", 0.25)]
LOAN_MIX = [
    ("consumer", 0.28),
    ("car", 0.20),
    ("mortgage", 0.18),
    ("business", 0.10),
    ("education", 0.08),
    ("collection", 0.10),
    (None, 0.06),
]
URGENCY_MIX = [("normal", 0.82), ("complaint", 0.06), ("vip", 0.04), ("deadline", 0.08)]
AMOUNT_RANGE = {
    "consumer": (5_000, 200_000),
    "car": (50_000, 400_000),
    "mortgage": (300_000, 3_000_000),
    "business": (100_000, 5_000_000),
    "education": (10_000, 100_000),
    "collection": (2_000, 300_000),
}
HANDLE_MEAN_MIN = {"phone": 4.5, "chat": 10.0, "wechat": 14.0}
PATIENCE_MEAN_MIN = {"phone": 4.0, "chat": 12.0, "wechat": 120.0}
LOAN_SKILLS = ["consumer", "car", "mortgage", "business", "education"]


def pick(rng: random.Random, mix):
    roll = rng.random()
    for value, weight in mix:
        roll -= weight
        if roll < 0:
            return value
    return mix[-1][0]


# ---------------------------------------------------------------- the world


@dataclass
class Arrival:
    conv_id: int
    at: int
    channel: str
    customer_id: int
    loan_type: str | None
    amount: Decimal | None
    urgency: str
    credit_band: str
    language: str
    handle_ms: int
    patience_ms: int
    history_agent: int | None  # served this customer on an earlier day
    history_ms: int | None


@dataclass
class Shift:
    start: int
    end: int
    breaks: list[tuple[int, int, str]]  # start, end, reason
    disconnects: list[tuple[int, int]]  # at, duration


@dataclass
class World:
    arrivals: list[Arrival]
    agents: list[AgentInfo]
    shifts: dict[int, Shift]
    behaviour_seed: int


def make_agents(rng: random.Random, count: int) -> list[AgentInfo]:
    agents = []
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
    given = "芳强伟敏静磊洋艳军杰娜涛明超秀兰霞平刚桂"
    for aid in range(1, count + 1):
        skills: dict[str, int] = {}
        loans = LOAN_SKILLS[:]
        rng.shuffle(loans)
        for skill in loans[: rng.randint(2, 3)]:
            skills[skill] = 1
        for skill in loans[3 : 3 + rng.randint(1, 2)]:
            skills[skill] = 2
        for skill in loans:
            skills.setdefault(skill, 3)
        if aid % 6 == 0:
            skills["collection"] = 1
        elif aid % 6 == 3:
            skills["collection"] = 2
        if aid % 7 == 0:
            skills["lang:en"] = 1
        elif aid % 7 == 4:
            skills["lang:en"] = 2
        kind = rng.random()
        if kind < 0.7:
            capacity = {"phone": 1, "chat": 3, "wechat": 3}
        elif kind < 0.9:
            capacity = {"phone": 0, "chat": 4, "wechat": 4}
        else:
            capacity = {"phone": 1, "chat": 0, "wechat": 0}
        name = surnames[aid % len(surnames)] + given[(aid * 7) % len(given)] + str(aid)
        agents.append(AgentInfo(aid, name, skills, capacity))
    return agents


def make_shift(rng: random.Random, early: bool) -> Shift:
    start = DAY_START + (0 if early else 5 * HOUR) + rng.randint(-15, 30) * MIN
    start = max(start, DAY_START)
    end = start + 9 * HOUR
    meal_at = start + rng.randint(210, 300) * MIN
    breaks = [
        (start + rng.randint(80, 140) * MIN, 0, "short break"),
        (meal_at, 0, "lunch" if early else "dinner"),
        (start + rng.randint(390, 450) * MIN, 0, "short break"),
    ]
    breaks = [
        (at, at + (rng.randint(40, 55) if r != "short break" else rng.randint(8, 15)) * MIN, r)
        for at, _, r in breaks
    ]
    disconnects = []
    for _ in range(rng.choices([0, 1, 2], [0.65, 0.28, 0.07])[0]):
        at = rng.randint(start + 10 * MIN, end - 30 * MIN)
        down = rng.randint(5, 60) * S if rng.random() < 0.7 else rng.randint(150, 600) * S
        disconnects.append((at, down))
    return Shift(start, end, breaks, sorted(disconnects))


def make_world(seed: int, conversations: int, agent_count: int) -> World:
    rng = random.Random(seed)
    agents = make_agents(rng, agent_count)
    shifts = {a.id: make_shift(rng, early=rng.random() < 0.55) for a in agents}
    total = sum(HOURLY)
    arrivals = []
    customers = max(conversations // 3, 1)
    for _ in range(conversations):
        hour = pick(rng, [(h, w / total) for h, w in enumerate(HOURLY)])
        at = DAY_START + hour * HOUR + rng.randrange(HOUR)
        # a third of the customers come back today; a fifth have earlier history
        customer = rng.randrange(customers)
        profile = random.Random(seed * 7_919 + customer)  # what this customer is like
        usual_channel = pick(profile, CHANNEL_MIX)
        usual_loan = pick(profile, LOAN_MIX)
        language = "en" if profile.random() < 0.06 else "zh"
        credit = pick(profile, [("A", 0.25), ("B", 0.4), ("C", 0.25), ("D", 0.1)])
        channel = usual_channel if rng.random() < 0.6 else pick(rng, CHANNEL_MIX)
        loan = usual_loan if rng.random() < 0.8 else pick(rng, LOAN_MIX)
        urgency = "overdue" if loan == "collection" else pick(rng, URGENCY_MIX)
        low, high = AMOUNT_RANGE.get(loan or "", (0, 0))
        amount = Decimal(rng.randrange(low, high + 1) // 100 * 100) if high else None
        history_agent = history_ms = None
        if customer % 5 == 0:
            history_agent = 1 + (customer * 7919) % agent_count
            history_ms = DAY_START - (1 + (customer * 31) % 45) * DAY
        handle = rng.lognormvariate(0, 0.6) * HANDLE_MEAN_MIN[channel] / 1.2 * MIN
        arrivals.append(
            Arrival(
                conv_id=0,
                at=at,
                channel=channel,
                customer_id=customer,
                loan_type=loan,
                amount=amount,
                urgency=urgency,
                credit_band=credit,
                language=language,
                handle_ms=int(min(max(handle, 30 * S), 60 * MIN)),
                patience_ms=int(rng.expovariate(1 / PATIENCE_MEAN_MIN[channel]) * MIN) + 10 * S,
                history_agent=history_agent,
                history_ms=history_ms,
            )
        )
    arrivals.sort(key=lambda a: (a.at, a.customer_id))
    for index, arrival in enumerate(arrivals, start=1):
        arrival.conv_id = index
    return World(arrivals, agents, shifts, seed * 1_000_003 + 17)


# ---------------------------------------------------------------- one run


@dataclass
class ConvTrack:
    arrival: Arrival
    answered_at: int | None = None
    answered_by: int | None = None
    abandoned: bool = False
    done: bool = False
    generation: int = 0
    remaining_ms: int = 0
    sticky_target: int | None = None
    target_on_duty: bool = False


@dataclass
class RunStats:
    waits: dict[str, list[int]] = field(default_factory=dict)
    waits_by_channel: dict[str, list[int]] = field(default_factory=dict)
    arrivals: int = 0
    answered: int = 0
    within_30s: int = 0
    abandoned: int = 0
    offers: int = 0
    offers_timed_out: int = 0
    declines: int = 0
    missed_breaks: int = 0
    requeued: int = 0
    sticky_eligible: int = 0
    sticky_hits: int = 0
    sticky_reachable: int = 0
    sticky_reachable_hits: int = 0
    skilled_answers: int = 0
    tier1_answers: int = 0
    imbalance_samples: list[float] = field(default_factory=list)
    utilisation_imbalance: list[float] = field(default_factory=list)
    tick_ns: list[int] = field(default_factory=list)
    events: int = 0


class DaySimulation:
    def __init__(self, world: World, policy: RoutingPolicy) -> None:
        self.world = world
        self.policy = policy
        self.router = Router(policy)
        self.rng = random.Random(world.behaviour_seed)
        self.events: list[tuple[int, int, str, tuple]] = []
        self.seq = 0
        self.convs: dict[int, ConvTrack] = {}
        self.customer_last: dict[int, tuple[int, int]] = {}
        self.stats = RunStats()
        self.wakeups: set[int] = set()
        self.on_shift: set[int] = set()
        self.pausing: set[int] = set()
        self.disconnected: set[int] = set()
        self.engine_break: set[int] = set()
        self.skills = {a.id: a.skills for a in world.agents}
        # most agents miss an offer now and then; two are distracted today
        self.miss_rate = {a.id: 0.25 if a.id in (5, 17) else 0.03 for a in world.agents}

    def push(self, at: int, kind: str, *data) -> None:
        self.seq += 1
        heapq.heappush(self.events, (at, self.seq, kind, data))

    def run(self) -> RunStats:
        for agent in self.world.agents:
            self.router.add_agent(agent)
            shift = self.world.shifts[agent.id]
            self.push(shift.start, "shift_start", agent.id)
            self.push(shift.end, "shift_end", agent.id)
            for start, end, reason in shift.breaks:
                self.push(start, "break", agent.id, reason)
                self.push(end, "break_end", agent.id)
            for at, down in shift.disconnects:
                self.push(at, "disconnect", agent.id)
                self.push(at + down, "reconnect", agent.id)
        for arrival in self.world.arrivals:
            self.push(arrival.at, "arrive", arrival)
        day_end = DAY_START + DAY_HOURS * HOUR
        for at in range(DAY_START, day_end + 2 * HOUR, MIN):
            self.push(at, "sample")
        while self.events:
            now, _, kind, data = heapq.heappop(self.events)
            self.stats.events += 1
            getattr(self, f"on_{kind}")(now, *data)
            started = time.perf_counter_ns()
            actions = self.router.tick(now)
            self.stats.tick_ns.append(time.perf_counter_ns() - started)
            self.handle(now, actions)
            wake = self.router.next_wakeup_ms()
            if wake is not None and wake > now and wake not in self.wakeups:
                self.wakeups.add(wake)
                self.push(wake, "wake")
        return self.stats

    # -------------------------------------------------------- events

    def on_wake(self, now: int) -> None:
        self.wakeups.discard(now)

    def on_sample(self, now: int) -> None:
        loads, utils = [], []
        for agent in self.world.agents:
            aid = agent.id
            if aid not in self.on_shift or aid in self.pausing or aid in self.disconnected:
                continue
            load = self.router.load(aid)
            cap = sum(min(c, 1) if ch == "phone" else c for ch, c in agent.capacity.items())
            loads.append(sum(load.values()))
            utils.append(sum(load.values()) / cap if cap else 0.0)
        if loads and statistics.fmean(loads) > 0:
            self.stats.imbalance_samples.append(max(loads) / statistics.fmean(loads))
            self.stats.utilisation_imbalance.append(max(utils) / statistics.fmean(utils))

    def on_arrive(self, now: int, arrival: Arrival) -> None:
        track = ConvTrack(arrival, remaining_ms=arrival.handle_ms)
        self.convs[arrival.conv_id] = track
        self.stats.arrivals += 1
        prev_agent, prev_ms = arrival.history_agent, arrival.history_ms
        if arrival.customer_id in self.customer_last:
            prev_agent, prev_ms = self.customer_last[arrival.customer_id]
        if prev_agent is not None and prev_ms is not None and now - prev_ms <= DAY * 30:
            track.sticky_target = prev_agent
            track.target_on_duty = (
                prev_agent in self.on_shift
                and prev_agent not in self.pausing
                and prev_agent not in self.disconnected
            )
        self.router.enqueue(
            Waiting(
                id=arrival.conv_id,
                channel=arrival.channel,
                customer_id=arrival.customer_id,
                loan_type=arrival.loan_type,
                amount=arrival.amount,
                urgency=arrival.urgency,
                credit_band=arrival.credit_band,
                language=arrival.language,
                enqueued_ms=now,
                previous_agent_id=prev_agent,
                previous_served_ms=prev_ms,
            ),
            now,
        )
        self.push(now + arrival.patience_ms, "patience", arrival.conv_id)

    def on_patience(self, now: int, conv_id: int) -> None:
        track = self.convs[conv_id]
        if track.answered_at is None and not track.done:
            track.abandoned = track.done = True
            self.stats.abandoned += 1
            self.router.dequeue(conv_id, now)

    def on_respond(self, now: int, conv_id: int, agent_id: int, answer: str) -> None:
        if answer == "decline":
            if self.router.decline(conv_id, agent_id, now) is None:
                self.stats.declines += 1
            return
        if self.router.accept(conv_id, agent_id, now) is not None:
            return  # the offer was withdrawn meanwhile
        track = self.convs[conv_id]
        if track.answered_at is None:
            track.answered_at = now
            track.answered_by = agent_id
            wait = now - track.arrival.at
            band = track.arrival.urgency
            self.stats.waits.setdefault(band, []).append(wait)
            self.stats.waits_by_channel.setdefault(track.arrival.channel, []).append(wait)
            self.stats.answered += 1
            self.stats.within_30s += wait <= 30 * S
            if track.sticky_target is not None:
                self.stats.sticky_eligible += 1
                self.stats.sticky_hits += agent_id == track.sticky_target
                if track.target_on_duty:
                    self.stats.sticky_reachable += 1
                    self.stats.sticky_reachable_hits += agent_id == track.sticky_target
            loan = track.arrival.loan_type
            if loan is not None:
                self.stats.skilled_answers += 1
                self.stats.tier1_answers += self.skills[agent_id].get(loan) == 1
        track.generation += 1
        self.push(now + track.remaining_ms, "finish", conv_id, agent_id, track.generation, now)

    def on_finish(self, now: int, conv_id: int, agent_id: int, generation: int, began: int) -> None:
        track = self.convs[conv_id]
        if track.generation != generation or track.done:
            return
        if self.router.assignments().get(conv_id) != agent_id:
            return
        track.done = True
        self.router.release(conv_id, agent_id, now, track.arrival.channel)
        self.customer_last[track.arrival.customer_id] = (agent_id, now)

    def available_again(self, now: int, aid: int) -> None:
        if aid in self.on_shift and aid not in self.pausing and aid not in self.disconnected:
            self.engine_break.discard(aid)
            self.router.set_state(aid, "available", now)

    def on_shift_start(self, now: int, aid: int) -> None:
        self.on_shift.add(aid)
        self.available_again(now, aid)

    def on_shift_end(self, now: int, aid: int) -> None:
        self.on_shift.discard(aid)
        # finish what is open first, then log out
        self.router.set_state(aid, "break", now, "end of shift")
        self.push(now + 20 * MIN, "logout", aid)

    def on_logout(self, now: int, aid: int) -> None:
        if aid not in self.on_shift:
            self.router.set_state(aid, "offline", now)

    def on_break(self, now: int, aid: int, reason: str) -> None:
        if aid in self.on_shift:
            self.pausing.add(aid)
            self.router.set_state(aid, "break", now, reason)

    def on_break_end(self, now: int, aid: int) -> None:
        self.pausing.discard(aid)
        self.available_again(now, aid)

    def on_disconnect(self, now: int, aid: int) -> None:
        if aid in self.on_shift:
            self.disconnected.add(aid)
            self.router.agent_disconnected(aid, now)

    def on_reconnect(self, now: int, aid: int) -> None:
        if aid not in self.disconnected:
            return
        self.disconnected.discard(aid)
        self.router.agent_connected(aid, now)
        if self.router.agent_state(aid) == "offline":
            self.available_again(now, aid)

    def on_back_from_pause(self, now: int, aid: int) -> None:
        if aid in self.engine_break and self.router.agent_state(aid) == "break":
            self.available_again(now, aid)

    # -------------------------------------------------------- engine actions

    def handle(self, now: int, actions) -> None:
        rng = self.rng
        for action in actions:
            if isinstance(action, Offer):
                self.stats.offers += 1
                roll = rng.random()
                channel = self.convs[action.conversation_id].arrival.channel
                miss = self.miss_rate[action.agent_id]
                if roll < miss:
                    continue  # the agent does not answer: the offer times out
                if roll < miss + 0.02:
                    self.push(
                        now + rng.randint(3, 8) * S,
                        "respond",
                        action.conversation_id,
                        action.agent_id,
                        "decline",
                    )
                    continue
                delay = rng.randint(3, 10) if channel == "phone" else rng.randint(2, 15)
                self.push(
                    now + delay * S, "respond", action.conversation_id, action.agent_id, "accept"
                )
            elif isinstance(action, OfferExpired):
                if action.reason_code == "offer_timeout":
                    self.stats.offers_timed_out += 1
            elif isinstance(action, AgentBreak):
                self.stats.missed_breaks += 1
                self.engine_break.add(action.agent_id)
                self.push(now + rng.randint(2, 5) * MIN, "back_from_pause", action.agent_id)
            elif isinstance(action, Requeued):
                self.stats.requeued += 1
                track = self.convs[action.conversation_id]
                track.generation += 1  # the old agent's finish no longer counts
            elif isinstance(action, AgentOffline):
                pass


# ---------------------------------------------------------------- decision time


def decision_benchmark(seed: int, waiting: int, agent_count: int, rounds: int = 2000) -> dict:
    """Median time of one tick that makes one offer after one event, at steady load."""
    rng = random.Random(seed)
    agents = make_agents(rng, agent_count)
    router = Router(RoutingPolicy())
    now = DAY_START
    for agent in agents:
        router.add_agent(agent)
        router.set_state(agent.id, "available", now)
    conv_id = 0

    def new_waiting(at: int) -> Waiting:
        nonlocal conv_id
        conv_id += 1
        loan = pick(rng, LOAN_MIX)
        return Waiting(
            id=conv_id,
            channel=pick(rng, [("chat", 0.6), ("wechat", 0.4)]),
            customer_id=rng.randrange(10**6),
            loan_type=loan,
            urgency=pick(rng, URGENCY_MIX),
            language="en" if rng.random() < 0.06 else "zh",
            enqueued_ms=at,
            previous_agent_id=rng.randint(1, agent_count) if rng.random() < 0.3 else None,
            previous_served_ms=at - 3 * DAY,
        )

    # fill every agent, then leave `waiting` conversations in the queue
    while router.waiting_count() < waiting:
        for _ in range(200):
            router.enqueue(new_waiting(now), now)
        for action in router.tick(now):
            if isinstance(action, Offer):
                router.accept(action.conversation_id, action.agent_id, now)
        now += S
    assigned = [cid for cid, _ in sorted(router.assignments().items())]
    timings_offer, timings_any = [], []
    for _ in range(rounds):
        now += S
        # one event: an agent resolves a chat
        conv = assigned.pop(rng.randrange(len(assigned)))
        owner = router.assignments()[conv]
        router.release(conv, owner, now)
        started = time.perf_counter_ns()
        actions = router.tick(now)
        elapsed = time.perf_counter_ns() - started
        timings_any.append(elapsed)
        made = [a for a in actions if isinstance(a, Offer)]
        if len(made) == 1:
            timings_offer.append(elapsed)
        for offer in made:
            router.accept(offer.conversation_id, offer.agent_id, now)
            assigned.append(offer.conversation_id)
        # keep the queue at its size: a new conversation arrives (its own tick not timed)
        while router.waiting_count() < waiting:
            router.enqueue(new_waiting(now), now)
        for action in router.tick(now):
            if isinstance(action, Offer):
                router.accept(action.conversation_id, action.agent_id, now)
                assigned.append(action.conversation_id)
    return {
        "waiting": router.waiting_count(),
        "agents": agent_count,
        "rounds": rounds,
        "ticks_with_one_offer": len(timings_offer),
        "median_ms": statistics.median(timings_offer) / 1e6 if timings_offer else None,
        "p95_ms": _pct(timings_offer, 95) / 1e6 if timings_offer else None,
        "median_any_tick_ms": statistics.median(timings_any) / 1e6,
    }


# ---------------------------------------------------------------- report


def _pct(values: list[int], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summarise(stats: RunStats) -> dict:
    bands = {}
    for band in ("vip", "complaint", "deadline", "overdue", "normal"):
        waits = stats.waits.get(band, [])
        bands[band] = {
            "answered": len(waits),
            "p50_s": _pct(waits, 50) / S if waits else None,
            "p95_s": _pct(waits, 95) / S if waits else None,
        }
    channels = {}
    for channel, waits in sorted(stats.waits_by_channel.items()):
        channels[channel] = {"p50_s": _pct(waits, 50) / S, "p95_s": _pct(waits, 95) / S}
    return {
        "arrivals": stats.arrivals,
        "answered": stats.answered,
        "abandoned": stats.abandoned,
        "answered_within_30s_share": stats.within_30s / stats.arrivals if stats.arrivals else 0,
        "wait_by_priority": bands,
        "wait_by_channel": channels,
        "load_imbalance_max_over_mean": statistics.fmean(stats.imbalance_samples)
        if stats.imbalance_samples
        else None,
        "utilisation_imbalance_max_over_mean": statistics.fmean(stats.utilisation_imbalance)
        if stats.utilisation_imbalance
        else None,
        "sticky_hit_rate": stats.sticky_hits / stats.sticky_eligible
        if stats.sticky_eligible
        else None,
        "sticky_eligible": stats.sticky_eligible,
        "sticky_hit_rate_agent_on_duty": stats.sticky_reachable_hits / stats.sticky_reachable
        if stats.sticky_reachable
        else None,
        "answered_by_tier1_share": stats.tier1_answers / stats.skilled_answers
        if stats.skilled_answers
        else None,
        "offers": stats.offers,
        "offers_timed_out": stats.offers_timed_out,
        "declines": stats.declines,
        "missed_offer_breaks": stats.missed_breaks,
        "requeued": stats.requeued,
        "events": stats.events,
        "median_tick_us": statistics.median(stats.tick_ns) / 1e3 if stats.tick_ns else None,
    }


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}{unit}" if abs(value) < 100 else f"{value:.0f}{unit}"
    return f"{value}{unit}"


def print_table(results: dict[str, dict], bench: dict, seconds: float) -> None:
    names = list(results)
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, getter, unit: str = "") -> None:
        rows.append((label, [_fmt(getter(results[n]), unit) for n in names]))

    row("conversations", lambda r: r["arrivals"])
    row("answered", lambda r: r["answered"])
    row("abandoned", lambda r: r["abandoned"])
    row("answered within 30 s", lambda r: r["answered_within_30s_share"] * 100, " %")
    for band in ("vip", "complaint", "deadline", "overdue", "normal"):
        row(f"wait p50 / p95 {band}", lambda r, b=band: None)
        rows[-1] = (
            rows[-1][0],
            [
                f"{_fmt(results[n]['wait_by_priority'][band]['p50_s'], ' s')} / "
                f"{_fmt(results[n]['wait_by_priority'][band]['p95_s'], ' s')}"
                for n in names
            ],
        )
    for channel in ("phone", "chat", "wechat"):
        rows.append(
            (
                f"wait p50 / p95 {channel}",
                [
                    f"{_fmt(results[n]['wait_by_channel'].get(channel, {}).get('p50_s'), ' s')} / "
                    f"{_fmt(results[n]['wait_by_channel'].get(channel, {}).get('p95_s'), ' s')}"
                    for n in names
                ],
            )
        )
    row("load imbalance max/mean", lambda r: r["load_imbalance_max_over_mean"])
    row("utilisation imbalance max/mean", lambda r: r["utilisation_imbalance_max_over_mean"])
    row("sticky hit rate", lambda r: (r["sticky_hit_rate"] or 0) * 100, " %")
    row(
        "  ... when that agent was on duty",
        lambda r: (r["sticky_hit_rate_agent_on_duty"] or 0) * 100,
        " %",
    )
    row("answered by a tier-1 agent", lambda r: (r["answered_by_tier1_share"] or 0) * 100, " %")
    row("offers made", lambda r: r["offers"])
    row("offers timed out", lambda r: r["offers_timed_out"])
    row("declined", lambda r: r["declines"])
    row("missed-offer breaks", lambda r: r["missed_offer_breaks"])
    row("re-queued (grace, break, logout)", lambda r: r["requeued"])
    row("median tick in the day", lambda r: r["median_tick_us"], " µs")
    width = max(len(label) for label, _ in rows) + 2
    col = max(22, *(len(n) + 2 for n in names))
    print(f"{'':<{width}}" + "".join(f"{n:>{col}}" for n in names))
    for label, values in rows:
        print(f"{label:<{width}}" + "".join(f"{v:>{col}}" for v in values))
    print()
    print(
        f"decision time with {bench['waiting']} waiting and {bench['agents']} agents: "
        f"median {bench['median_ms']:.3f} ms, p95 {bench['p95_ms']:.3f} ms "
        f"(one tick making one offer after one resolve, {bench['ticks_with_one_offer']} of "
        f"{bench['rounds']} rounds; any tick median {bench['median_any_tick_ms']:.3f} ms)"
    )
    print(f"simulated in {seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--bench-waiting", type=int, default=1000)
    parser.add_argument("--bench-agents", type=int, default=200)
    parser.add_argument("--bench-rounds", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    world = make_world(args.seed, args.conversations, args.agents)
    policies = {
        "default (least loaded)": RoutingPolicy(),
        "round robin": RoutingPolicy(strategy="round_robin", sticky=False, use_tiers=False),
        # the default with tiers as a preference only: no wait before tier 2 and 3
        "default, no tier wait": RoutingPolicy(tier_waits_ms=(0, 0, 0)),
    }
    results = {
        name: summarise(DaySimulation(world, policy).run()) for name, policy in policies.items()
    }
    bench = decision_benchmark(
        args.seed, args.bench_waiting, args.bench_agents, rounds=args.bench_rounds
    )
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({"strategies": results, "decision": bench, "seconds": seconds}, indent=2))
    else:
        print(
            f"routing simulation: seed {args.seed}, {args.conversations} conversations, "
            f"{args.agents} agents, 08:00-22:00"
        )
        print_table(results, bench, seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
