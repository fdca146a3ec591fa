"""TokenBucket.allow is asked for every frame a server reads; it is written with plain
comparisons. It must answer exactly as the rule it implements: refill at ``rate`` up to
``burst`` for the time passed (none when the clock goes back), then take ``cost``."""

from __future__ import annotations

import random

from loancs.core.ratelimit import TokenBucket


def _reference(state: dict[str, float], now: float, cost: float) -> bool:
    if state["tokens"] < 0:
        state["tokens"], state["stamp"] = state["burst"], now
    elapsed = max(0.0, now - state["stamp"])
    state["tokens"] = min(state["burst"], state["tokens"] + elapsed * state["rate"])
    state["stamp"] = now
    if state["tokens"] >= cost:
        state["tokens"] -= cost
        return True
    return False


def test_allow_answers_as_the_rule_on_random_clocks_costs_and_lowered_bursts() -> None:
    rng = random.Random(18)
    for _ in range(200):
        rate, burst = rng.choice((0.5, 5.0, 50.0, 1e6)), rng.choice((1.0, 3.0, 20.0, 1e6))
        bucket = TokenBucket(rate, burst)
        state = {"rate": rate, "burst": burst, "tokens": -1.0, "stamp": 0.0}
        now = rng.uniform(0, 1e5)
        for _ in range(300):
            step = rng.choice((0.0, 1e-4, 0.01, 0.3, 2.0, -0.5))  # the clock may go back
            now += step
            if rng.random() < 0.02:  # the cluster lowers a bucket's rate and burst
                bucket.rate = state["rate"] = rate / 2
                bucket.burst = state["burst"] = burst / 2
            cost = rng.choice((1.0, 1.0, 0.5, 4.0))
            assert bucket.allow(now, cost) == _reference(state, now, cost)
            assert bucket.tokens == state["tokens"] and bucket.stamp == state["stamp"]


def test_a_gateway_over_its_rate_is_refused_then_allowed_again() -> None:
    bucket = TokenBucket(rate=8.0, burst=5.0)
    assert [bucket.allow(100.0) for _ in range(7)] == [True] * 5 + [False] * 2
    assert bucket.allow(100.0625) is False  # half a token back
    assert bucket.allow(100.125) is True  # one
    assert bucket.allow(99.0) is False  # the clock went back: nothing refilled
    assert [bucket.allow(200.0) for _ in range(6)] == [True] * 5 + [False]  # full, not more
