"""Gentle live traffic for the demo: the simulator (loancs.sim) at a pace a person can read,
customers writing on WeChat and web chat and calling in, so the console always has
something arriving."""

from __future__ import annotations

import asyncio

from loancs.sim.traffic import Simulator

# Web chat and WeChat equally, calls half as often.
MIX = {"wechat": 1.0, "chat": 1.0, "phone": 0.5}


async def demo_traffic(
    url: str, tokens: dict[str, str], stop: asyncio.Event, rate: float, seed: int
) -> None:
    """About ``rate`` new conversations a minute until ``stop`` is set. Each is a few turns a
    few seconds apart; a call rings 20 s (long enough to be offered and accepted) and the
    customer talks for about half a minute before hanging up."""
    sim = Simulator(
        url,
        tokens,
        MIX,
        rate / 60.0,
        seed,
        pace=3.0,
        drain_s=3.0,
        ring_s=20.0,
        call_pace=8.0,
        answer_extension=False,
    )
    await sim.run(None, stop)
