"""Two loancs deployments on one PostgreSQL cluster (say staging and production, each its own
database) do not count each other's servers: presence (who is online, how a gateway's shared
rate is divided) is per database, though pg_locks lists the whole cluster's advisory locks."""

from __future__ import annotations

import asyncio
import os

from loancs.core.ratelimit import TokenBucket
from loancs.server.cluster import SharedRates
from loancs.store.backends.pg_cluster import Presence


async def _until(predicate, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_a_second_deployment_on_the_same_cluster_is_not_counted(postgres) -> None:
    staging = postgres.create_database(f"presence_staging_{os.getpid()}")
    production = postgres.create_database(f"presence_production_{os.getpid()}")
    mine = Presence(production, retry_s=0.2)
    theirs = Presence(staging, retry_s=0.2)
    tasks = [asyncio.create_task(p.run()) for p in (mine, theirs)]
    try:
        # The same agent id and the same gateway online in both deployments.
        mine.hold("agent", 7)
        theirs.hold("agent", 7)
        gateway = TokenBucket(100.0, 400.0)
        rates = SharedRates(mine)
        rates.add("channel:wx", gateway)
        SharedRates(theirs).add("channel:wx", TokenBucket(100.0, 400.0))

        async def both_hold() -> bool:
            spaces = [await p.holders(s) for p in (mine, theirs) for s in ("agent", "identity")]
            return all(spaces)

        await _until(both_hold)
        # Each deployment has ONE server with agent 7 online, not two.
        assert await mine.holders("agent") == {7: 1}
        assert await theirs.holders("agent") == {7: 1}
        # Production's only server keeps its gateway's whole allowance.
        await rates.share()
        assert (gateway.rate, gateway.burst) == (100.0, 400.0)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
