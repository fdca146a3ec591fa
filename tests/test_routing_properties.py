"""Routing properties under random event sequences: capacity, eligibility, liveness, determinism."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loancs.core.routing import (
    CHANNELS,
    AgentBreak,
    AgentInfo,
    AgentOffline,
    Offer,
    Router,
    RoutingPolicy,
    Waiting,
)
from loancs.core.routing.model import queue_name

T0 = 1_780_000_000_000
LOANS = [None, "car", "mortgage", "education"]
LANGS = [None, "zh", "en"]
STATES = ["available", "available", "break", "offline", "wrapup"]

agent_st = st.builds(
    lambda skills, caps: (skills, caps),
    st.dictionaries(st.sampled_from(["car", "mortgage", "lang:en"]), st.integers(1, 3)),
    st.fixed_dictionaries({ch: st.integers(1, 3) for ch in CHANNELS}),
)
op_st = st.tuples(
    st.sampled_from(
        [
            "enqueue",
            "enqueue",
            "tick",
            "tick",
            "accept",
            "accept",
            "decline",
            "release",
            "state",
            "disconnect",
            "connect",
            "priority",
            "direct",
            "requeue",
            "dequeue",
        ]
    ),
    st.integers(0, 1000),
    st.integers(0, 1000),
)
policy_st = st.builds(
    RoutingPolicy,
    strategy=st.sampled_from(["least_loaded", "longest_idle", "round_robin"]),
    sticky=st.booleans(),
    use_tiers=st.booleans(),
)


def run(
    agents,
    ops,
    policy,
    check=None,
    loans=LOANS,
    channels=CHANNELS,
    before_tick=None,
    enqueued_at=lambda now, x, y: now,
):
    """Apply a random event sequence; return every action the router produced.

    ``before_tick(router, now)`` looks at the router between an event and its tick;
    ``enqueued_at(now, x, y)``: the enqueue time a new conversation says it has."""
    router = Router(policy)
    for i, (skills, caps) in enumerate(agents):
        router.add_agent(AgentInfo(i + 1, f"a{i + 1}", skills, caps))
        router.set_state(i + 1, "available", T0)
    now = T0
    next_conv = 1
    log: list = []
    agent_ids = [i + 1 for i in range(len(agents))]
    for kind, x, y in ops:
        offers = sorted(router.offers().items())
        assigned = sorted(router.assignments().items())
        aid = agent_ids[x % len(agent_ids)]
        if kind == "enqueue":
            prev = agent_ids[y % len(agent_ids)] if y % 3 == 0 else None
            router.enqueue(
                Waiting(
                    id=next_conv,
                    channel=channels[x % len(channels)],
                    customer_id=y % 7,
                    loan_type=loans[y % len(loans)],
                    urgency=["normal", "vip", "complaint"][x % 3],
                    language=LANGS[x % 3],
                    enqueued_ms=enqueued_at(now, x, y),
                    previous_agent_id=prev,
                    previous_served_ms=now - (y % 40) * 86_400_000 if prev else None,
                ),
                now,
            )
            next_conv += 1
        elif kind == "tick":
            now += (x % 50) * 1000 + (y % 4) * 60_000
        elif kind == "accept" and offers:
            cid, owner = offers[x % len(offers)]
            router.accept(cid, owner, now)
        elif kind == "decline" and offers:
            cid, owner = offers[x % len(offers)]
            router.decline(cid, owner, now)
        elif kind == "release" and assigned:
            cid, owner = assigned[x % len(assigned)]
            router.release(cid, owner, now)
        elif kind == "state":
            router.set_state(aid, STATES[y % len(STATES)], now, "test")
        elif kind == "disconnect":
            router.agent_disconnected(aid, now)
        elif kind == "connect":
            router.agent_connected(aid, now)
        elif kind == "priority" and next_conv > 1:
            router.set_priority(y % next_conv, x % 200)
        elif kind == "direct" and next_conv > 1:
            router.assign_direct(y % next_conv, aid, now)
        elif kind == "requeue" and assigned:
            cid, _ = assigned[x % len(assigned)]
            router.requeue(cid, now, "test", loan_type=LOANS[y % 4])
        elif kind == "dequeue" and next_conv > 1:
            router.dequeue(y % next_conv, now)
        # the server ticks after every event
        now += (x + y) % 3 * 1000
        if before_tick:
            before_tick(router, now)
        actions = router.tick(now)
        log.append((now, actions))
        if check:
            check_capacity(router)
            check(router, actions)
    return router, log, now


def check_capacity(router: Router) -> None:
    snap = router.snapshot()
    held = {a["id"]: dict.fromkeys(CHANNELS, 0) for a in snap["agents"]}
    channel_of = {w["id"]: w["channel"] for w in snap["waiting"]}
    for a in snap["agents"]:
        for ch in CHANNELS:
            assert a["load"][ch] <= a["capacity"][ch], a
        assert len(a["offers"]) + len(a["assigned"]) == sum(a["load"].values()), a
    for cid, aid in router.offers().items():
        held[aid][channel_of[cid]] += 1
    for a in snap["agents"]:
        assert held[a["id"]]["phone"] <= 1


def check_offers_go_to_ready_agents(router: Router, actions) -> None:
    snap = {a["id"]: a for a in router.snapshot()["agents"]}
    for action in actions:
        if isinstance(action, Offer):
            agent = snap[action.agent_id]
            assert agent["state"] == "available", (action, agent)
            assert agent["connected"] is not False, (action, agent)
            assert action.reason and action.reason_code
        else:
            assert action.reason and action.reason_code


def tier_of(skills, channel, required):
    tiers = [skills.get(f"channel:{channel}", 1)]
    for skill in required:
        if skill not in skills:
            return None
        tiers.append(skills[skill])
    return max(tiers)


def reference_eligible(router: Router, conv, now: int) -> set[int]:
    """Agents a waiting conversation may go to now, worked out here from the router's
    public views by the rules in the docs (a reference for ``Router.eligible``)."""
    policy = router.policy
    agents = {a.info.id: a for a in router.agents()}
    channel = conv.channel
    required = conv.required
    sticky = agents.get(conv.sticky_agent) if policy.sticky else None
    if sticky is not None and now - conv.sticky_served_ms > policy.sticky_window_ms:
        sticky = None
    langs = tuple(r for r in required if r.startswith("lang:"))
    if sticky is not None and tier_of(sticky.info.skills, channel, langs) is None:
        sticky = None
    sticky_free = sticky is not None and (
        sticky.connected is not False
        and sticky.state == "available"
        and sticky.load[channel] < sticky.caps[channel]
    )
    found: set[int] = set()
    if sticky_free and conv.cooldown.get(sticky.info.id, -1) <= now:
        found.add(sticky.info.id)
    if (
        sticky is not None
        and not sticky_free
        and sticky.connected is not False
        and sticky.state in ("available", "wrapup")
        and sticky.caps[channel] > 0
        and now < conv.queued_ms + policy.sticky_wait_ms
    ):
        return found  # held for the returning customer's agent
    for agent in agents.values():
        free = (
            agent.connected is not False
            and agent.state == "available"
            and agent.load[channel] < agent.caps[channel]
        )
        if not free or conv.cooldown.get(agent.info.id, -1) > now:
            continue
        tier = tier_of(agent.info.skills, channel, required)
        if tier is None:
            continue
        if policy.use_tiers:
            allowed = policy.tier_for_wait(now - conv.queued_ms)
            if tier > allowed and policy.skip_empty_tiers:
                on_duty = [
                    tier_of(a.info.skills, channel, required)
                    for a in agents.values()
                    if a.connected is not False
                    and a.state in ("available", "wrapup")
                    and a.caps[channel]
                ]
                on_duty = [t for t in on_duty if t is not None]
                if on_duty and min(on_duty) > allowed:
                    allowed = min(on_duty)
            if tier > allowed:
                continue
        found.add(agent.info.id)
    return found


def check_eligible_matches_the_reference(router: Router, now: int) -> None:
    for conv in router.queued():
        if conv.status != "waiting":
            continue
        expected = reference_eligible(router, conv, now)
        assert set(router.eligible(conv.id, now)) == expected, (conv, expected)


def check_no_free_agent_left_idle(router: Router, now: int) -> None:
    """After a tick, no free agent may take a conversation still waiting."""
    for conv in router.queued():
        if conv.status != "waiting":
            continue
        assert router.eligible(conv.id, now) == [], conv
        assert reference_eligible(router, conv, now) == set(), conv


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=4), st.lists(op_st, min_size=10, max_size=80), policy_st
)
def test_capacity_never_exceeded_and_offers_only_to_ready_agents(agents, ops, policy):
    run(agents, ops, policy, check=check_offers_go_to_ready_agents)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=5),
    st.lists(op_st, min_size=10, max_size=80),
    policy_st,
)
def test_no_free_agent_is_left_idle_next_to_work_it_may_take(agents, ops, policy):
    def check(router, actions):
        check_no_free_agent_left_idle(router, router.snapshot()["now_ms"])

    run(agents, ops, policy, check=check)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=5),
    st.lists(op_st, min_size=10, max_size=80),
    policy_st,
)
def test_eligible_answers_who_may_take_a_waiting_conversation(agents, ops, policy):
    """``Router.eligible`` (the question handlers ask) agrees with the documented rules
    at every moment, not only after a tick."""
    run(agents, ops, policy, before_tick=check_eligible_matches_the_reference)


tiered_agent_st = st.tuples(
    st.fixed_dictionaries({"car": st.integers(1, 3)}),
    st.just({"phone": 1, "chat": 1, "wechat": 1}),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(tiered_agent_st, min_size=2, max_size=6),
    st.lists(op_st, min_size=10, max_size=80),
    st.builds(RoutingPolicy, skip_empty_tiers=st.booleans(), sticky=st.booleans()),
)
def test_spill_over_never_leaves_a_lower_tier_idle_too_long(agents, ops, policy):
    def check(router, actions):
        check_no_free_agent_left_idle(router, router.snapshot()["now_ms"])

    run(agents, ops, policy, check=check, loans=["car"], channels=["chat"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=4), st.lists(op_st, min_size=10, max_size=80), policy_st
)
def test_same_inputs_same_actions(agents, ops, policy):
    _, first, _ = run(agents, ops, policy)
    _, second, _ = run(agents, ops, policy)
    assert first == second


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=4), st.lists(op_st, min_size=10, max_size=80), policy_st
)
def test_every_waiting_conversation_is_eventually_offered(agents, ops, policy):
    router, _, now = run(agents, ops, policy)
    for cid, aid in sorted(router.assignments().items()):
        router.release(cid, aid, now)
    for aid in range(1, len(agents) + 1):
        router.agent_connected(aid, now)
        router.set_state(aid, "available", now)
    waiting = set(router.waiting_ids()) | set(router.offers())
    offered: set[int] = set()
    for _ in range(40):
        now += 10 * 60_000
        for action in router.tick(now):
            if isinstance(action, Offer):
                offered.add(action.conversation_id)
                assert router.accept(action.conversation_id, action.agent_id, now) is None
                router.release(action.conversation_id, action.agent_id, now)
                router.set_state(action.agent_id, "available", now)
            elif isinstance(action, AgentBreak | AgentOffline):
                router.agent_connected(action.agent_id, now)
                router.set_state(action.agent_id, "available", now)  # back from the break
        if not router.waiting_ids() and not router.offers():
            break
    assert router.waiting_ids() == []
    assert waiting - set(router.offers()) <= offered


def drive(router: Router, agents, ops, every_second: bool) -> list:
    """Apply ops at whole-second times, ticking after each and on the clock in between."""
    for i, (skills, caps) in enumerate(agents):
        router.add_agent(AgentInfo(i + 1, f"a{i + 1}", skills, caps))
        router.set_state(i + 1, "available", T0)
    log: list = []
    now = T0

    def tick(at: int) -> None:
        actions = router.tick(at)
        if actions:
            log.append((at, actions))

    tick(now)
    for index, (kind, x, y) in enumerate(ops):
        target = now + (x % 90) * 1000
        if every_second:
            for at in range(now + 1000, target + 1, 1000):
                tick(at)
        else:
            for _ in range(1000):
                wake = router.next_wakeup_ms()
                if wake is None or wake > target:
                    break
                tick(max(wake, now))
                now = max(wake, now)
        now = target
        offers = sorted(router.offers().items())
        assigned = sorted(router.assignments().items())
        aid = 1 + x % len(agents)
        if kind in ("enqueue", "tick"):
            prev = 1 + y % len(agents) if y % 2 else None
            router.enqueue(
                Waiting(
                    id=index + 1,
                    channel=CHANNELS[y % 3],
                    loan_type=LOANS[x % 4],
                    urgency=["normal", "vip"][y % 2],
                    enqueued_ms=now,
                    previous_agent_id=prev,
                    previous_served_ms=now - 86_400_000 if prev else None,
                ),
                now,
            )
        elif kind == "accept" and offers:
            router.accept(*offers[y % len(offers)], now)
        elif kind == "decline" and offers:
            router.decline(*offers[y % len(offers)], now)
        elif kind == "release" and assigned:
            router.release(*assigned[y % len(assigned)], now)
        elif kind == "state":
            router.set_state(aid, STATES[y % len(STATES)], now, "test")
        elif kind == "disconnect":
            router.agent_disconnected(aid, now)
        elif kind == "connect":
            router.agent_connected(aid, now)
        elif kind == "priority":
            router.set_priority(1 + y % (index + 1), x % 200)
        elif kind == "direct":
            router.assign_direct(1 + y % (index + 1), aid, now)
        elif kind == "requeue" and assigned:
            router.requeue(assigned[y % len(assigned)][0], now, "test", loan_type=LOANS[x % 4])
        elif kind == "dequeue":
            router.dequeue(1 + y % (index + 1), now)
        tick(now)
    return log


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=4), st.lists(op_st, min_size=5, max_size=40), policy_st
)
def test_ticking_only_at_next_wakeup_misses_nothing(agents, ops, policy):
    """A server that sleeps until next_wakeup_ms() sees what a clock ticking every second sees."""
    assert drive(Router(policy), agents, ops, every_second=False) == drive(
        Router(policy), agents, ops, every_second=True
    )


def reference_snapshot(router: Router, now: int, limit: int | None, offset: int) -> dict:
    """The supervisor view worked out by looking at every conversation the router holds
    (what routing/snapshot.py did before it read the queues' heads): a reference."""
    policy = router.policy
    held = router._convs  # the router's own records: the view is of them
    offers = router._offers
    ranked, complaints, queues = [], [], {}
    for conv in held.values():
        if conv.status == "assigned":
            continue
        w = conv.waiting
        prio = round(conv.base + policy.aging_per_minute * max(now - w.enqueued_ms, 0) / 60_000)
        wait = now - conv.queued_ms
        name = queue_name(conv.queue)
        ranked.append((-prio, -wait, w.id, conv, name))
        if w.urgency == "complaint":
            complaints.append({"id": w.id, "queue": name})
        q = queues.setdefault(
            name, {"waiting": 0, "offered": 0, "oldest_wait_ms": 0, "top_priority": None}
        )
        q[conv.status] += 1
        q["oldest_wait_ms"] = max(q["oldest_wait_ms"], wait)
        if q["top_priority"] is None or prio > q["top_priority"]:
            q["top_priority"] = prio
    ranked.sort()
    page = ranked[offset:] if limit is None else ranked[offset : offset + limit]
    waiting = [
        {
            "id": cid,
            "queue": name,
            "channel": conv.waiting.channel,
            "loan_type": conv.waiting.loan_type,
            "urgency": conv.waiting.urgency or "normal",
            "priority": -neg_prio,
            "wait_ms": -neg_wait,
            "status": conv.status,
            "offered_to": offers[cid].agent_id if cid in offers else None,
            "sticky_agent": conv.sticky_agent,
        }
        for neg_prio, neg_wait, cid, conv, name in page
    ]
    return {
        "waiting": waiting,
        "waiting_total": len(ranked),
        "complaints": sorted(complaints, key=lambda c: c["id"]),
        "queues": dict(sorted(queues.items())),
        "offers": len(offers),
        "assigned": len(held) - len(ranked),
    }


def check_snapshot_matches_the_reference(router: Router, now: int) -> None:
    for limit, offset in ((None, 0), (0, 0), (1, 0), (3, 2), (500, 0), (4, 100)):
        snap = router.snapshot(now, limit, offset)
        expected = reference_snapshot(router, now, limit, offset)
        assert {k: snap[k] for k in expected} == expected, (limit, offset)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=4),
    st.lists(op_st, min_size=10, max_size=80),
    st.builds(RoutingPolicy, sticky=st.booleans(), aging_per_minute=st.sampled_from([0, 0.5, 1])),
)
def test_the_supervisor_view_reads_the_queues_heads_and_misses_nothing(agents, ops, policy):
    """``get_queues`` pages, counts, oldest waits, top priorities and complaints, read from
    the queues' heads, equal a walk over every conversation held, at every moment: with
    priorities set by supervisors, rounding ties, and some conversations saying they were
    enqueued up to a minute after the router's clock (another server's) or long before."""
    run(
        agents,
        ops,
        policy,
        before_tick=check_snapshot_matches_the_reference,
        enqueued_at=lambda now, x, y: now + (y % 5 - 2) * 30_000 * (x % 3),
    )


def reference_summary(router: Router, now: int, top: int) -> dict:
    """The agents' waiting summary worked out by looking at every conversation the router
    holds (what routing/snapshot.py did before it read the queues): a reference."""
    policy = router.policy
    ranked: dict[str, list] = {}
    out: dict[str, dict] = {}
    for conv in router._convs.values():
        if conv.status == "assigned":
            continue
        w = conv.waiting
        key = w.loan_type or "none"
        q = out.setdefault(
            key, {"waiting": 0, "offered": 0, "oldest": conv.queued_ms, "top": [], "ids": set()}
        )
        q["waiting"] += 1
        q["ids"].add(w.id)
        q["offered"] += conv.status == "offered"
        q["oldest"] = min(q["oldest"], conv.queued_ms)
        prio = round(conv.base + policy.aging_per_minute * max(now - w.enqueued_ms, 0) / 60_000)
        ranked.setdefault(key, []).append((-prio, conv.queued_ms, w.id, conv))
    for key, rows in ranked.items():
        out[key]["top"] = [
            (cid, conv.waiting.channel, queued, conv.waiting.priority_override or 0,
             conv.waiting.urgency or "normal", conv.status == "offered")
            for _, queued, cid, conv in sorted(rows)[:top]
        ]  # fmt: skip
    return out


def check_summary_matches_the_reference(router: Router, now: int) -> None:
    for top in (0, 1, 5):
        assert router.waiting_summary(now, top) == reference_summary(router, now, top), top


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(agent_st, min_size=1, max_size=4),
    st.lists(op_st, min_size=10, max_size=80),
    st.builds(RoutingPolicy, sticky=st.booleans(), aging_per_minute=st.sampled_from([0, 0.5, 1])),
)
def test_the_agents_summary_reads_the_queues_and_misses_nothing(agents, ops, policy):
    """The ``waiting`` frames' figures (per loan type: counts, offered, oldest, the first
    few in routing's order, every id), read from the queues, equal a walk over every
    conversation held, at every moment: loan types none, empty and "general" (which share
    one queue), priorities set by supervisors, rounding ties, clocks ahead and behind."""
    run(
        agents,
        ops,
        policy,
        loans=[None, "car", "mortgage", "", "general"],
        before_tick=check_summary_matches_the_reference,
        enqueued_at=lambda now, x, y: now + (y % 5 - 2) * 30_000 * (x % 3),
    )
