"""Routing engine scenarios: who gets the conversation, when, and the reason given."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from loancs.core.routing import (
    AgentBreak,
    AgentInfo,
    AgentOffline,
    Offer,
    OfferExpired,
    Requeued,
    Router,
    RoutingPolicy,
    Waiting,
    WrapupEnded,
)

T0 = int(datetime(2026, 11, 29, 2, 0, tzinfo=UTC).timestamp() * 1000)  # 10:00 Shanghai
S = 1000
DAY = 86_400_000


def make_router(*agents: AgentInfo, policy: RoutingPolicy | None = None, now: int = T0) -> Router:
    router = Router(policy)
    for info in agents:
        router.add_agent(info)
        router.set_state(info.id, "available", now)
    router.tick(now)
    return router


def agent(aid: int, name: str | None = None, **skills: int) -> AgentInfo:
    return AgentInfo(aid, name or f"agent{aid}", skills)


def chat(cid: int, now: int = T0, **kw) -> Waiting:
    return Waiting(id=cid, channel=kw.pop("channel", "chat"), enqueued_ms=now, **kw)


def offers(actions) -> list[Offer]:
    return [a for a in actions if isinstance(a, Offer)]


def only_offer(actions) -> Offer:
    found = offers(actions)
    assert len(found) == 1, actions
    return found[0]


# ---------------------------------------------------------------- skills and tiers


def test_conversation_goes_to_an_agent_with_the_loan_type_skill():
    router = make_router(agent(1, mortgage=1), agent(2, car=1))
    router.enqueue(chat(10, loan_type="car"), T0)
    offer = only_offer(router.tick(T0))
    assert offer.agent_id == 2
    assert offer.reason.startswith("skill car tier 1")
    assert offer.reason_code == "skill"
    assert offer.expires_ms == T0 + 20 * S


def test_unknown_loan_type_goes_to_any_agent():
    router = make_router(agent(1, mortgage=1))
    router.enqueue(chat(10), T0)
    router.enqueue(chat(11, loan_type="agriculture"), T0)
    found = offers(router.tick(T0))
    assert {o.conversation_id for o in found} == {10, 11}
    by_conv = {o.conversation_id: o for o in found}
    assert by_conv[10].reason_code == "general"
    assert "no agent has agriculture" in by_conv[11].reason


def test_language_other_than_chinese_needs_the_language_skill():
    router = make_router(agent(1, car=1), agent(2, car=1, **{"lang:en": 1}))
    router.enqueue(chat(10, loan_type="car", language="en"), T0)
    router.enqueue(chat(11, loan_type="car", language="zh"), T0)
    by_conv = {o.conversation_id: o for o in offers(router.tick(T0))}
    assert by_conv[10].agent_id == 2
    assert "lang:en" in by_conv[10].reason
    assert by_conv[11].agent_id == 1  # least loaded: agent 2 already holds an offer


def test_tier_two_only_after_the_spill_over_wait():
    router = make_router(AgentInfo(1, "a1", {"car": 1}, {"chat": 1}), agent(2, car=2))
    router.enqueue(chat(9, loan_type="car"), T0)
    router.tick(T0)
    router.accept(9, 1, T0)  # the tier-1 agent is on duty but full
    router.enqueue(chat(10, loan_type="car"), T0)
    assert offers(router.tick(T0)) == []
    assert router.next_wakeup_ms() == T0 + 60 * S
    assert offers(router.tick(T0 + 59 * S)) == []
    offer = only_offer(router.tick(T0 + 60 * S))
    assert offer.agent_id == 2
    assert offer.reason.startswith("spill-over to tier 2 after 60 s: skill car tier 2")
    assert offer.reason_code == "spill_over"
    assert offer.tier == 2


def test_thousands_restored_at_once_share_their_wakeups_and_still_spill_over():
    """A server restoring 10,000 waiting conversations held a timer per conversation per
    tier (~3.6 MB); they are queued at the same moment, so they share one wake-up per tier."""
    router = make_router(AgentInfo(1, "a1", {"car": 1}, {"chat": 1}), agent(2, car=2))
    router.enqueue(chat(9, loan_type="car"), T0)
    router.tick(T0)
    router.accept(9, 1, T0)  # the tier-1 agent is full; agent 2 is tier 2
    for cid in range(100, 10_100):
        router.enqueue(chat(cid, loan_type="car"), T0)
    assert len(router._timers) <= 4
    assert offers(router.tick(T0)) == []
    assert router.next_wakeup_ms() == T0 + 60 * S
    made = offers(router.tick(T0 + 60 * S))
    assert made and {(o.agent_id, o.tier) for o in made} == {(2, 2)}
    assert made[0].conversation_id == 100  # the oldest first, as before


def test_restoring_at_once_queues_as_one_by_one():
    """A server's start queues its open conversations with ``enqueue_many``: the same
    queue order, the same offers in the same order, the same wake-ups as ``enqueue`` each,
    with a conversation named twice and one the router already held updated as ``enqueue``
    updates them."""
    team = (agent(1, car=1, mortgage=2), agent(2, mortgage=1), AgentInfo(3, "a3", {"car": 2}))
    waiting = [
        chat(
            cid,
            T0 - (cid * 7919) % 600_000,
            channel=("chat", "wechat", "phone")[cid % 3],
            loan_type=("car", "mortgage", None)[cid % 4 % 3],
            urgency=("normal", "complaint", "vip")[cid % 5 % 3],
            amount=Decimal(cid * 1_000),
            previous_agent_id=(None, 1, 2)[cid % 7 % 3],
            previous_served_ms=T0 - DAY,
        )
        for cid in range(1, 400)
    ]
    waiting.append(replace(waiting[10], urgency="vip"))  # named twice: the later facts win
    one_by_one, at_once = make_router(*team), make_router(*team)
    for router in (one_by_one, at_once):
        router.enqueue(chat(5, loan_type="car"), T0 - 5 * S)  # held before the restore
    for w in waiting:
        one_by_one.enqueue(w, T0)
    at_once.enqueue_many(waiting, T0)
    assert at_once.waiting_ids() == one_by_one.waiting_ids()
    assert at_once.queued() == one_by_one.queued()
    for now in (T0, T0 + 61 * S, T0 + 181 * S):
        assert at_once.next_wakeup_ms() == one_by_one.next_wakeup_ms()
        assert at_once.tick(now) == one_by_one.tick(now)
    with pytest.raises(ValueError, match="unknown channel"):
        at_once.enqueue_many([chat(9_999, channel="fax")], T0)


def test_tier_three_after_its_own_wait():
    router = make_router(AgentInfo(1, "a1", {"car": 1}, {"chat": 1}), agent(3, car=3))
    router.enqueue(chat(9, loan_type="car"), T0)
    router.tick(T0)
    router.accept(9, 1, T0)
    router.enqueue(chat(10, loan_type="car"), T0)
    assert offers(router.tick(T0 + 179 * S)) == []
    offer = only_offer(router.tick(T0 + 180 * S))
    assert offer.reason.startswith("spill-over to tier 3 after 180 s")


def test_spill_over_at_once_when_no_better_tier_is_on_duty():
    router = make_router(agent(1, car=1), agent(2, car=2))
    router.set_state(1, "break", T0, "lunch")
    router.enqueue(chat(10, loan_type="car"), T0)
    offer = only_offer(router.tick(T0))
    assert offer.agent_id == 2
    assert "no better tier on duty" in offer.reason


def test_tier_one_preferred_over_a_less_loaded_tier_two():
    router = make_router(agent(1, car=1), agent(2, car=2))
    router.enqueue(chat(10, loan_type="car"), T0)
    assert only_offer(router.tick(T0)).agent_id == 1
    router.accept(10, 1, T0)
    router.enqueue(chat(11, loan_type="car", now=T0 + S), T0 + S)
    assert only_offer(router.tick(T0 + S)).agent_id == 1


# ---------------------------------------------------------------- strategy


def test_least_loaded_then_longest_idle_then_lowest_id():
    router = make_router(agent(1), agent(2), agent(3))
    # agent 1 holds one chat; agents 2 and 3 are empty, agent 3 idle longer
    router.enqueue(chat(5), T0)
    assert only_offer(router.tick(T0)).agent_id == 1
    router.accept(5, 1, T0)
    router.enqueue(chat(6), T0)
    assert only_offer(router.tick(T0)).agent_id == 2
    router.accept(6, 2, T0)
    router.release(6, 2, T0 + 10 * S)  # agent 2 finished more recently than agent 3
    router.enqueue(chat(7, now=T0 + 20 * S), T0 + 20 * S)
    offer = only_offer(router.tick(T0 + 20 * S))
    assert offer.agent_id == 3
    assert "least loaded (0 open)" in offer.reason
    router.accept(7, 3, T0 + 20 * S)
    router.enqueue(chat(8, now=T0 + 21 * S), T0 + 21 * S)
    assert only_offer(router.tick(T0 + 21 * S)).agent_id == 2


def test_longest_idle_strategy():
    policy = RoutingPolicy(strategy="longest_idle")
    router = make_router(agent(1), agent(2), policy=policy)
    router.enqueue(chat(5), T0)
    router.accept(5, 1, T0)
    router.enqueue(chat(6), T0)
    router.accept(6, 2, T0)
    router.release(6, 2, T0 + 5 * S)
    router.release(5, 1, T0 + 9 * S)
    router.enqueue(chat(7, now=T0 + 10 * S), T0 + 10 * S)
    offer = only_offer(router.tick(T0 + 10 * S))
    assert offer.agent_id == 2
    assert "longest idle" in offer.reason


def test_round_robin_cycles_through_agents():
    policy = RoutingPolicy(strategy="round_robin", sticky=False, use_tiers=False)
    router = make_router(agent(1), agent(2), agent(3), policy=policy)
    got = []
    for cid in range(10, 16):
        router.enqueue(chat(cid), T0)
        offer = only_offer(router.tick(T0))
        router.accept(cid, offer.agent_id, T0)
        router.release(cid, offer.agent_id, T0)
        got.append(offer.agent_id)
    assert got == [1, 2, 3, 1, 2, 3]


# ---------------------------------------------------------------- sticky


def returning(cid: int, prev: int, served: int, now: int = T0, **kw) -> Waiting:
    return chat(cid, now=now, previous_agent_id=prev, previous_served_ms=served, **kw)


def test_sticky_offers_to_the_previous_agent_with_the_date():
    router = make_router(agent(1), agent(2))
    served = int(datetime(2026, 11, 20, 8, 0, tzinfo=UTC).timestamp() * 1000)
    router.enqueue(returning(10, 2, served), T0)
    offer = only_offer(router.tick(T0))
    assert offer.agent_id == 2
    assert offer.reason == "sticky: served this customer on 11-20"
    assert offer.reason_code == "sticky"


def test_sticky_window_expired_routes_normally():
    router = make_router(agent(1), agent(2))
    router.enqueue(returning(10, 2, T0 - 31 * DAY), T0)
    offer = only_offer(router.tick(T0))
    assert offer.agent_id == 1
    assert offer.reason_code == "general"


def test_sticky_waits_for_a_busy_previous_agent_then_gives_up():
    router = make_router(AgentInfo(1, "a1", {}, {"chat": 1}), AgentInfo(2, "王芳", {}, {"chat": 1}))
    router.enqueue(chat(9), T0)
    router.tick(T0)
    router.accept(9, 1, T0)  # agent 1 busy (capacity 1)
    router.enqueue(returning(10, 1, T0 - DAY), T0)
    assert offers(router.tick(T0)) == []  # waiting for agent 1
    assert router.next_wakeup_ms() == T0 + 5 * S
    router.release(9, 1, T0 + 3 * S)
    offer = only_offer(router.tick(T0 + 3 * S))
    assert (offer.agent_id, offer.reason_code) == (1, "sticky")

    router.enqueue(chat(11), T0 + 4 * S)
    router.tick(T0 + 4 * S)  # agent 2 gets conversation 11
    router.enqueue(returning(12, 1, T0 - DAY, now=T0 + 4 * S), T0 + 4 * S)
    router.release(11, 2, T0 + 5 * S)  # agent 2 free, agent 1 still busy
    assert offers(router.tick(T0 + 5 * S)) == []
    offer = only_offer(router.tick(T0 + 9 * S))
    assert offer.agent_id == 2
    assert "previous agent a1 not free" in offer.reason


def test_sticky_does_not_wait_for_an_agent_on_break():
    router = make_router(agent(1), agent(2))
    router.set_state(2, "break", T0, "lunch")
    router.enqueue(returning(10, 2, T0 - DAY), T0)
    assert only_offer(router.tick(T0)).agent_id == 1


def test_sticky_off_in_policy():
    router = make_router(agent(1), agent(2), policy=RoutingPolicy(sticky=False))
    router.enqueue(returning(10, 2, T0 - DAY), T0)
    assert only_offer(router.tick(T0)).agent_id == 1


# ---------------------------------------------------------------- offers


def test_offer_timeout_goes_to_the_next_agent():
    router = make_router(agent(1, "王芳"), agent(2, "李强"))
    router.enqueue(chat(10), T0)
    assert only_offer(router.tick(T0)).agent_id == 1
    assert router.next_wakeup_ms() == T0 + 20 * S
    actions = router.tick(T0 + 20 * S)
    expired = [a for a in actions if isinstance(a, OfferExpired)]
    assert expired == [OfferExpired(10, 1, "offer to 王芳 timed out after 20 s", "offer_timeout")]
    assert only_offer(actions).agent_id == 2


def test_decline_goes_to_the_next_agent_and_frees_capacity():
    router = make_router(AgentInfo(1, "a", {}, {"chat": 1}), AgentInfo(2, "b", {}, {"chat": 1}))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    assert router.load(1)["chat"] == 1  # reserved by the offer
    assert router.decline(10, 1, T0 + S) is None
    assert router.load(1)["chat"] == 0
    assert only_offer(router.tick(T0 + S)).agent_id == 2
    assert router.decline(10, 1, T0 + S) == "no open offer to this agent"


def test_three_missed_offers_put_the_agent_on_break():
    router = make_router(agent(1, "王芳"))
    for k in range(3):
        router.enqueue(chat(10 + k), T0)
    now = T0
    actions = router.tick(now)
    assert len(offers(actions)) == 3
    actions = router.tick(now + 20 * S)
    breaks = [a for a in actions if isinstance(a, AgentBreak)]
    assert breaks == [AgentBreak(1, "3 missed offers: on break")]
    assert breaks[0].state_reason == "missed offers"
    assert router.agent_state(1) == "break"
    assert offers(router.tick(now + 200 * S)) == []
    router.set_state(1, "available", now + 300 * S)
    assert len(offers(router.tick(now + 300 * S))) == 3  # missed count reset


def test_accepting_resets_missed_offers():
    router = make_router(agent(1))
    router.enqueue(chat(10), T0)
    router.enqueue(chat(11), T0)
    router.tick(T0)
    router.tick(T0 + 20 * S)  # two misses
    router.enqueue(chat(12, now=T0 + 21 * S), T0 + 21 * S)
    router.tick(T0 + 21 * S)
    assert router.accept(12, 1, T0 + 22 * S) is None
    assert router.snapshot()["agents"][0]["missed_offers"] == 0


def test_accept_after_expiry_claims_if_capacity_allows():
    router = make_router(agent(1))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.tick(T0 + 20 * S)
    assert router.accept(10, 1, T0 + 21 * S) is None
    assert router.assignments() == {10: 1}


def test_accept_of_someone_elses_offer_is_refused():
    router = make_router(agent(1, "王芳"), agent(2))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    assert router.accept(10, 2, T0) == "offered to 王芳"


# ---------------------------------------------------------------- states, grace, wrap-up


def test_disconnect_keeps_work_within_grace_then_requeues():
    router = make_router(agent(1, "王芳"), agent(2))
    router.set_state(2, "break", T0, "training")
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.agent_disconnected(1, T0 + S)
    assert router.tick(T0 + 100 * S) == []
    assert router.next_wakeup_ms() == T0 + 121 * S
    actions = router.tick(T0 + 121 * S)
    assert Requeued(10, 1, "王芳 disconnected for 120 s: re-queued", "disconnect_grace") in actions
    assert any(isinstance(a, AgentOffline) for a in actions)
    assert router.agent_state(1) == "offline"
    router.set_state(2, "available", T0 + 122 * S)
    assert only_offer(router.tick(T0 + 122 * S)).agent_id == 2


def test_reconnect_within_grace_keeps_work():
    router = make_router(agent(1))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.agent_disconnected(1, T0 + S)
    router.agent_connected(1, T0 + 60 * S)
    assert router.tick(T0 + 500 * S) == []
    assert router.assignments() == {10: 1}
    assert router.agent_state(1) == "available"


def test_disconnect_withdraws_open_offers_and_blocks_new_ones():
    router = make_router(agent(1, "王芳"), agent(2))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.agent_disconnected(1, T0 + S)
    actions = router.tick(T0 + S)
    assert OfferExpired(10, 1, "王芳 disconnected", "agent_disconnected") in actions
    assert only_offer(actions).agent_id == 2


def test_going_offline_requeues_at_once():
    router = make_router(agent(1, "王芳"))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.set_state(1, "offline", T0 + S)
    actions = router.tick(T0 + S)
    assert Requeued(10, 1, "王芳 went offline: re-queued", "agent_offline") in actions
    assert offers(actions) == []


def test_work_left_with_an_agent_on_break_is_requeued_after_the_limit():
    router = make_router(agent(1, "王芳"), agent(2))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.set_state(2, "break", T0, "meeting")
    router.set_state(1, "break", T0 + S, "lunch")
    assert router.tick(T0 + 600 * S) == []
    actions = router.tick(T0 + 601 * S)
    assert [a.reason for a in actions if isinstance(a, Requeued)] == [
        "王芳 on break (lunch) for 10 min: re-queued"
    ]


def test_phone_is_one_at_a_time_then_wrapup():
    router = make_router(AgentInfo(1, "王芳", {}, {"phone": 3, "chat": 0, "wechat": 0}))
    router.enqueue(chat(10, channel="phone"), T0)
    router.enqueue(chat(11, channel="phone"), T0)
    assert [o.conversation_id for o in offers(router.tick(T0))] == [10]
    router.accept(10, 1, T0)
    assert offers(router.tick(T0 + 60 * S)) == []
    router.release(10, 1, T0 + 100 * S, "phone")
    assert router.agent_state(1) == "wrapup"
    assert offers(router.tick(T0 + 100 * S)) == []
    assert router.next_wakeup_ms() == T0 + 130 * S
    actions = router.tick(T0 + 130 * S)
    assert actions[0] == WrapupEnded(1, "wrap-up over after 30 s")
    assert only_offer(actions).conversation_id == 11


def test_agent_may_end_wrapup_early():
    router = make_router(agent(1))
    router.enqueue(chat(10, channel="phone"), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.release(10, 1, T0 + 10 * S)
    router.set_state(1, "available", T0 + 12 * S)
    router.enqueue(chat(11, channel="phone", now=T0 + 12 * S), T0 + 12 * S)
    assert only_offer(router.tick(T0 + 12 * S)).agent_id == 1
    assert not any(isinstance(a, WrapupEnded) for a in router.tick(T0 + 40 * S))


# ---------------------------------------------------------------- priority


def test_priority_from_urgency_channel_amount_and_credit():
    policy = RoutingPolicy()
    assert policy.base_priority("phone", "normal", None, None) == 30
    assert policy.base_priority("chat", "normal", None, None) == 15
    assert policy.base_priority("wechat", "normal", None, None) == 5
    assert policy.base_priority("chat", "complaint", Decimal("600000"), "A") == 15 + 40 + 10 + 6
    assert policy.base_priority("chat", "normal", Decimal("99999.99"), "C") == 15


def test_higher_priority_served_first_and_aging_lets_old_ones_catch_up():
    router = make_router(agent(1))
    router.set_state(1, "break", T0, "meeting")
    router.enqueue(chat(10, now=T0), T0)  # normal chat: 15
    router.enqueue(chat(11, now=T0 + 10 * 60 * S, urgency="complaint"), T0 + 10 * 60 * S)  # 55
    later = T0 + 10 * 60 * S
    assert router.priority(10, later) == 15 + 20  # two points per minute
    assert router.waiting_ids() == [11, 10]
    router.enqueue(chat(12, now=T0 + 30 * 60 * S, urgency="complaint"), T0 + 30 * 60 * S)
    # at 30 min: 10 has 75, 11 has 95, 12 has 55
    assert router.waiting_ids() == [11, 10, 12]
    router.set_state(1, "available", T0 + 30 * 60 * S)
    found = offers(router.tick(T0 + 30 * 60 * S))
    assert [o.conversation_id for o in found] == [11, 10, 12]
    assert found[0].priority == 95


def test_supervisor_set_priority_moves_a_conversation_up():
    router = make_router(AgentInfo(1, "a", {}, {"chat": 1}))
    router.set_state(1, "break", T0, "x")
    router.enqueue(chat(10, urgency="vip"), T0)
    router.enqueue(chat(11), T0)
    assert router.waiting_ids() == [10, 11]
    assert router.set_priority(11, 500)
    assert router.waiting_ids() == [11, 10]
    router.set_state(1, "available", T0 + S)
    assert only_offer(router.tick(T0 + S)).conversation_id == 11
    assert router.set_priority(999, 1) is False


# ---------------------------------------------------------------- supervisor and restore


def test_assign_direct_respects_capacity_and_state():
    router = make_router(
        AgentInfo(1, "王芳", {}, {"chat": 1}), AgentInfo(2, "李强", {}, {"chat": 1})
    )
    router.enqueue(chat(10), T0)
    router.enqueue(chat(11), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.accept(11, 2, T0)
    assert router.assign_direct(10, 2, T0) == "李强 is at capacity for chat (1/1)"
    router.release(11, 2, T0 + S)
    assert router.assign_direct(10, 2, T0 + S) is None
    assert router.assignments() == {10: 2}
    assert router.load(1)["chat"] == 0
    router.set_state(1, "break", T0 + S, "lunch")
    assert router.assign_direct(10, 1, T0 + S) == "王芳 is break (lunch)"


def test_assign_direct_takes_an_offered_conversation_away():
    router = make_router(agent(1, "王芳"), agent(2, "李强"))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    assert router.assign_direct(10, 2, T0 + S) is None
    actions = router.tick(T0 + S)
    assert OfferExpired(10, 1, "transferred to 李强", "transferred") in actions
    assert router.assignments() == {10: 2}


def test_requeue_to_another_queue_avoids_the_agent_it_left():
    router = make_router(agent(1, car=1, mortgage=1), agent(2, mortgage=1))
    router.enqueue(chat(10, loan_type="car"), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    action = router.requeue(10, T0 + S, "needs mortgage desk", loan_type="mortgage")
    assert action == Requeued(10, 1, "needs mortgage desk", "requeue")
    assert only_offer(router.tick(T0 + S)).agent_id == 2


def test_restore_assignment_counts_against_capacity_and_starts_grace():
    router = Router()
    router.add_agent(AgentInfo(1, "王芳", {}, {"chat": 1}))
    router.restore_assignment(10, 1, "chat", chat(10), now_ms=T0)
    assert router.load(1)["chat"] == 1
    actions = router.tick(T0 + 120 * S)
    assert any(isinstance(a, Requeued) and a.conversation_id == 10 for a in actions)


def test_snapshot_shows_queues_and_agents():
    router = make_router(agent(1, "王芳", car=1))
    router.set_state(1, "break", T0, "lunch")
    router.enqueue(chat(10, loan_type="car", urgency="vip"), T0)
    router.enqueue(chat(11, loan_type="car", language="en"), T0)
    snap = router.snapshot(T0 + 60 * S)
    assert [w["id"] for w in snap["waiting"]] == [10, 11]
    assert snap["waiting"][0]["priority"] == 15 + 50 + 2
    assert snap["waiting"][0]["wait_ms"] == 60 * S
    assert snap["queues"]["chat/car"]["waiting"] == 1
    assert snap["queues"]["chat/car/lang:en"]["waiting"] == 1
    assert snap["agents"][0]["state"] == "break"
    assert snap["agents"][0]["state_reason"] == "lunch"
    assert snap["agents"][0]["capacity"] == {"phone": 1, "chat": 3, "wechat": 3}


def test_dequeue_removes_a_waiting_conversation():
    router = make_router(agent(1))
    router.set_state(1, "break", T0, "x")
    router.enqueue(chat(10), T0)
    assert router.dequeue(10)
    router.set_state(1, "available", T0 + S)
    assert router.tick(T0 + S) == []


def test_policy_from_dict():
    policy = RoutingPolicy.from_dict(
        {
            "strategy": "longest_idle",
            "tier_waits_ms": [0, 30000],
            "urgency_points": {"vip": 99},
            "amount_points": {"0": 0, "1000000": 7},
        }
    )
    assert policy.strategy == "longest_idle"
    assert policy.tier_waits_ms == (0, 30000)
    assert policy.urgency_points["vip"] == 99
    assert policy.urgency_points["complaint"] == 40  # untouched defaults stay
    assert policy.base_priority("chat", "normal", Decimal("1500000"), None) == 15 + 7
    assert RoutingPolicy.from_dict(policy.to_dict()) == policy
    with pytest.raises(ValueError, match="unknown routing settings"):
        RoutingPolicy.from_dict({"stikcy": True})
    with pytest.raises(ValueError, match="strategy"):
        RoutingPolicy.from_dict({"strategy": "random"})


def test_loan_type_wins_when_no_agent_has_it_with_the_language():
    router = make_router(agent(1, car=1), agent(2, mortgage=1, **{"lang:en": 1}))
    router.enqueue(chat(10, loan_type="car", language="en"), T0)
    offer = only_offer(router.tick(T0))
    assert offer.agent_id == 1
    assert "no agent has car with lang:en" in offer.reason


def test_new_agent_with_the_skill_changes_the_queue_requirement():
    router = make_router(agent(1))
    router.set_state(1, "break", T0, "x")
    router.enqueue(chat(10, loan_type="car"), T0)
    router.add_agent(agent(2, car=1))
    router.set_state(2, "available", T0)
    router.set_state(1, "available", T0)
    assert only_offer(router.tick(T0)).agent_id == 2


def test_sticky_ignores_the_loan_specialism_but_not_the_language():
    router = make_router(agent(1, mortgage=1), agent(2, car=1), agent(3, car=1, **{"lang:en": 1}))
    router.enqueue(returning(10, 1, T0 - DAY, loan_type="car"), T0)
    router.enqueue(returning(11, 2, T0 - DAY, loan_type="car", language="en"), T0)
    by_conv = {o.conversation_id: o for o in offers(router.tick(T0))}
    assert (by_conv[10].agent_id, by_conv[10].reason_code) == (1, "sticky")
    assert by_conv[11].agent_id == 3  # agent 2 does not speak English


def test_sticky_can_require_the_skill():
    policy = RoutingPolicy(sticky_needs_skill=True)
    router = make_router(agent(1, mortgage=1), agent(2, car=1), policy=policy)
    router.enqueue(returning(10, 1, T0 - DAY, loan_type="car"), T0)
    assert only_offer(router.tick(T0)).agent_id == 2


def test_recording_the_wrapup_outcome_does_not_extend_it():
    router = make_router(agent(1))
    router.enqueue(chat(10, channel="phone"), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.release(10, 1, T0 + 10 * S, "phone")
    router.set_state(1, "wrapup", T0 + 25 * S, "promise to pay")
    assert router.snapshot()["agents"][0]["state_reason"] == "promise to pay"
    assert router.tick(T0 + 40 * S) == [WrapupEnded(1, "wrap-up over after 30 s")]


def test_releasing_a_waiting_conversation_does_not_start_wrapup():
    router = make_router(agent(1), agent(2))
    router.set_state(2, "break", T0, "x")
    router.enqueue(chat(10, channel="phone"), T0)
    router.tick(T0)  # offered to agent 1
    router.release(10, 2, T0 + S, "phone")  # resolved by someone else while ringing
    assert router.agent_state(2) == "break"
    assert router.agent_state(1) == "available"
    assert router.load(1)["phone"] == 0


def test_sticky_offer_to_an_agent_without_the_skill_has_no_tier():
    router = make_router(agent(1, mortgage=1), agent(2, car=1))
    router.enqueue(returning(10, 1, T0 - DAY, loan_type="car"), T0)
    offer = only_offer(router.tick(T0))
    assert (offer.agent_id, offer.tier) == (1, None)


def test_membership_views():
    router = make_router(agent(1))
    assert router.has_agent(1) and not router.has_agent(2)
    router.enqueue(chat(10), T0)
    assert router.conversation_state(10) == "waiting"
    router.tick(T0)
    assert router.conversation_state(10) == "offered"
    router.accept(10, 1, T0)
    assert router.conversation_state(10) == "assigned"
    assert router.has_conversation(10)
    router.release(10, 1, T0 + S)
    assert not router.has_conversation(10)
    assert router.conversation_state(10) is None
    assert router.waiting_count() == 0


def test_policy_from_a_toml_table():
    table = tomllib.loads(
        """
        [routing]
        strategy = "least_loaded"
        sticky_window_ms = 1_209_600_000
        tier_waits_ms = [0, 45_000, 120_000]
        offer_timeout_ms = 15_000
        aging_per_minute = 3
        channel_points = { phone = 40, chat = 20, wechat = 10 }
        credit_points = { A = 10 }
        amount_points = [["0", 0], ["1000000", 15]]
        """
    )["routing"]
    policy = RoutingPolicy.from_dict(table)
    assert policy.tier_waits_ms == (0, 45_000, 120_000)
    assert policy.base_priority("phone", "vip", Decimal("1200000"), "A") == 40 + 50 + 15 + 10
    router = make_router(agent(1), policy=policy)
    router.enqueue(chat(10), T0)
    assert only_offer(router.tick(T0)).expires_ms == T0 + 15 * S


def test_setting_a_disconnected_agent_available_offers_nothing_until_they_connect():
    router = make_router(agent(1))
    router.agent_disconnected(1, T0)
    router.set_state(1, "available", T0 + S)  # e.g. a supervisor
    router.enqueue(chat(10, now=T0 + S), T0 + S)
    assert offers(router.tick(T0 + S)) == []
    router.agent_connected(1, T0 + 2 * S)
    assert only_offer(router.tick(T0 + 2 * S)).agent_id == 1


def test_signing_in_elsewhere_late_in_a_grace_begun_offline_is_not_taken_back():
    """Of several servers, the leader marks an offline agent with no console anywhere as
    disconnected; she signs in on another server just before that grace ends (the leader
    learns of her console a presence poll later): the grace counts from her sign-in."""
    router = Router(RoutingPolicy(disconnect_grace_ms=1000))
    router.add_agent(agent(1, "王芳"))
    router.agent_disconnected(1, T0)  # offline, seen nowhere
    router.set_state(1, "available", T0 + 900, "signed in")
    assert not any(isinstance(a, AgentOffline) for a in router.tick(T0 + 1000))
    assert router.agent_state(1) == "available"
    router.agent_connected(1, T0 + 1400)  # the next poll sees her console
    router.enqueue(chat(10, now=T0 + 1400), T0 + 1400)
    assert only_offer(router.tick(T0 + 3000)).agent_id == 1
    assert router.agent_state(1) == "available"


def test_signing_in_without_a_console_anywhere_goes_offline_after_a_full_grace():
    router = Router(RoutingPolicy(disconnect_grace_ms=1000))
    router.add_agent(agent(1, "王芳"))
    router.agent_disconnected(1, T0)
    router.set_state(1, "available", T0 + 900, "signed in")
    assert router.tick(T0 + 1800) == []
    actions = router.tick(T0 + 1900)
    assert AgentOffline(1, "王芳 disconnected for 1 s: offline") in actions


def test_removing_an_agent_requeues_their_work_and_withdraws_offers():
    router = make_router(agent(1, "王芳"), agent(2))
    router.set_state(2, "break", T0, "x")
    router.enqueue(chat(10), T0)
    router.enqueue(chat(11), T0)
    router.tick(T0)
    router.accept(10, 1, T0)
    router.remove_agent(1, T0 + S)
    actions = router.tick(T0 + S)
    assert Requeued(10, 1, "王芳 was removed: re-queued", "agent_removed") in actions
    assert OfferExpired(11, 1, "王芳 was removed", "agent_offline") in actions
    assert not router.has_agent(1)
    router.set_state(2, "available", T0 + 2 * S)
    assert {o.conversation_id for o in offers(router.tick(T0 + 2 * S))} == {10, 11}


def test_going_on_break_withdraws_open_offers():
    router = make_router(agent(1, "王芳"), agent(2))
    router.enqueue(chat(10), T0)
    router.tick(T0)
    router.set_state(1, "break", T0 + S, "lunch")
    actions = router.tick(T0 + S)
    assert OfferExpired(10, 1, "王芳 went on break", "agent_break") in actions
    assert only_offer(actions).agent_id == 2


# ---------------------------------------------------------------- offers the agent never saw


def test_an_offers_time_out_counts_from_its_announcement():
    router = make_router(agent(1, "王芳"))
    router.enqueue(chat(10), T0)
    offer = only_offer(router.tick(T0))
    # The offer reached the disk (and the agent) 15 s after the decision.
    router.offer_announced(10, 1, T0 + 15 * S + 20 * S)
    assert router.next_wakeup_ms() == T0 + 35 * S
    assert router.tick(offer.expires_ms) == []  # the decision's deadline no longer counts
    expired = [a for a in router.tick(T0 + 35 * S) if isinstance(a, OfferExpired)]
    assert [(e.conversation_id, e.reason_code) for e in expired] == [(10, "offer_timeout")]


def test_offers_that_time_out_while_the_server_was_starved_are_not_missed():
    router = make_router(agent(1, "王芳"))
    for k in range(3):
        router.enqueue(chat(10 + k), T0)
    assert len(offers(router.tick(T0))) == 3
    # The router gets the CPU back 30 s after the offers were due: they expire and go
    # round again, but 王芳 is not put on break for offers she may never have been shown.
    actions = router.tick(T0 + 50 * S)
    expired = [a for a in actions if isinstance(a, OfferExpired)]
    assert len(expired) == 3 and all("not counted as missed" in e.reason for e in expired)
    assert not [a for a in actions if isinstance(a, AgentBreak)]
    assert router.agent_state(1) == "available"
    assert router.snapshot()["agents"][0]["missed_offers"] == 0


def test_an_offer_that_could_not_be_recorded_is_taken_back_without_a_miss():
    router = make_router(agent(1), agent(2))
    router.enqueue(chat(10), T0)
    offer = only_offer(router.tick(T0))
    router.offer_failed(10, offer.agent_id)
    assert router.offers() == {} and router.load(offer.agent_id)["chat"] == 0
    assert router.snapshot()["agents"][offer.agent_id - 1]["missed_offers"] == 0
    assert only_offer(router.tick(T0 + S)).conversation_id == 10  # no cool-down either


# ---------------------------------------------------------------- questions and committed facts


def test_questions_change_nothing():
    router = make_router(agent(1, "王芳"), agent(2, "李强"))
    router.enqueue(chat(10), T0)
    offer = only_offer(router.tick(T0))
    other = 3 - offer.agent_id
    before = router.snapshot(T0)
    assert router.can_accept(10, offer.agent_id) is None
    assert router.can_accept(10, other) is not None and "offered to" in router.can_accept(10, other)
    assert router.can_decline(10, offer.agent_id) is None
    assert router.can_decline(10, other) == "no open offer to this agent"
    assert router.can_assign(10, other, "chat") is None
    assert router.can_accept(99, other, "chat") is None  # not routed: judged by capacity
    assert router.can_accept(99, other) == "unknown conversation"
    assert router.eligible(10, T0) == []  # offered, not waiting
    assert router.snapshot(T0) == before


def test_a_conversation_taken_by_someone_routing_does_not_know_leaves_routing():
    router = make_router(agent(1, "王芳"))
    router.enqueue(chat(10), T0)
    only_offer(router.tick(T0))
    router.assigned(10, 99, T0 + S, why="taken by 赵主管")  # a supervisor
    actions = router.tick(T0 + S)
    assert [(a.conversation_id, a.reason) for a in actions if isinstance(a, OfferExpired)] == [
        (10, "taken by 赵主管")
    ]
    assert not router.has_conversation(10) and router.load(1)["chat"] == 0
    assert offers(router.tick(T0 + 60 * S)) == []


def test_a_committed_assignment_is_applied_whatever_the_capacity():
    router = make_router(AgentInfo(1, "王芳", {}, {"chat": 1}))
    router.enqueue(chat(10), T0)
    only_offer(router.tick(T0))
    assert router.accept(10, 1, T0) is None
    # A transfer the store committed (the store is the truth): held even over capacity.
    router.assigned(11, 1, T0 + S, chat(11))
    assert router.assignments() == {10: 1, 11: 1}
    assert router.load(1)["chat"] == 2
    router.assigned(11, 1, T0 + 2 * S, chat(11))  # the same fact again changes nothing
    assert router.load(1)["chat"] == 2


def test_with_delivery_tracked_an_offer_never_delivered_is_not_missed():
    router = Router(track_delivery=True)
    router.add_agent(agent(1, "王芳"))
    router.set_state(1, "available", T0)
    for k in range(3):
        router.enqueue(chat(10 + k), T0)
    assert len(offers(router.tick(T0))) == 3
    router.offer_delivered(11, 1, T0 + 5 * S)  # one reached her console 5 s late
    actions = router.tick(T0 + 20 * S)
    expired = {a.conversation_id: a.reason for a in actions if isinstance(a, OfferExpired)}
    assert set(expired) == {10, 12}  # 11 has until T0 + 25 s
    assert all("never reached their console" in reason for reason in expired.values())
    assert router.snapshot()["agents"][0]["missed_offers"] == 0
    actions = router.tick(T0 + 25 * S)
    assert [a.conversation_id for a in actions if isinstance(a, OfferExpired)] == [11]
    assert router.snapshot()["agents"][0]["missed_offers"] == 1  # that one she was shown
