#!/usr/bin/env python3
"""A closed loop on the store's writer alone: ``inflight`` senders, each submitting an ingest,
waiting for its ack, then "thinking" 0..``think_ms`` (uniform) before the next, for
``seconds`` after a warm-up. Prints acks a second, ack latency (p50 / p90 / p99), batches and
ops a batch, the writer child's idle notices (issue 18), and the CPU of the child and of this
process per ack (from /proc and getrusage: on a loaded machine the CPU a message moves less
than the wall-clock rate). An A/B of the writer without the server, the load test's clients
and the echo: run each tree's copy alternately, with ``uptime`` beside them.

    python scripts/bench_writer_loop.py                    # 800 in flight, 5 s, 0-20 ms think
    python scripts/bench_writer_loop.py 200 5 20           # 200 in flight
    python scripts/bench_writer_loop.py 800 5 20 NORMAL    # synchronous=NORMAL (no sync thread)

The think time is what makes it the load test's agents phase in small: acks come back in
bursts (one a commit), and the senders' next messages trickle in while the child commits
and syncs. With no think time (``bench_writer.py``'s steady flow) the child never waits.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_writer import child_cpu, ingest, own_cpu  # noqa: E402

from loancs.store.db import Store  # noqa: E402

WARM_S = 1.0


async def run(inflight: int, seconds: float, think_ms: float, synchronous: str) -> None:
    rng = random.Random(7)
    latencies: list[float] = []
    counter = iter(range(1 << 62))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "loop.db", synchronous=synchronous, writer="process")
        await store.open()
        try:
            await asyncio.gather(*[store.submit(ingest(next(counter))) for _ in range(500)])
            loop = asyncio.get_running_loop()
            measuring = False
            stop_at = loop.time() + WARM_S + seconds

            async def sender() -> None:
                while loop.time() < stop_at:
                    started = time.perf_counter()
                    await store.submit(ingest(next(counter)))
                    if measuring:
                        latencies.append(time.perf_counter() - started)
                    if think_ms:
                        await asyncio.sleep(rng.random() * think_ms / 1000)

            tasks = [asyncio.create_task(sender()) for _ in range(inflight)]
            await asyncio.sleep(WARM_S)
            writer = store.writer
            measuring = True
            batches0, ops0 = writer.batches, writer.ops  # type: ignore[union-attr]
            notices0 = getattr(writer, "notices", 0)
            child0, own0, t0 = child_cpu(store), own_cpu(), time.perf_counter()
            await asyncio.sleep(seconds)
            measuring = False
            wall = time.perf_counter() - t0
            child, own = child_cpu(store) - child0, own_cpu() - own0
            batches = writer.batches - batches0  # type: ignore[union-attr]
            ops = writer.ops - ops0  # type: ignore[union-attr]
            notices = getattr(writer, "notices", 0) - notices0
            await asyncio.gather(*tasks)
        finally:
            await store.close()
    n = len(latencies)
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(n - 1, int(q * n))] * 1000 if n else 0.0

    print(
        f"{inflight} in flight, think 0-{think_ms:g} ms, synchronous={synchronous}:"
        f" {n / wall:.0f} acks/s; ack p50 {pct(0.5):.1f} ms, p90 {pct(0.9):.1f}, p99 {pct(0.99):.1f};"
        f" {batches} batches, {ops / max(batches, 1):.1f} ops a batch, {notices} idle notices;"
        f" CPU a message: child {child / max(n, 1) * 1e6:.1f} µs, this process"
        f" {own / max(n, 1) * 1e6:.1f} µs; load {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    args = sys.argv[1:]
    inflight = int(args[0]) if args else 800
    seconds = float(args[1]) if len(args) > 1 else 5.0
    think_ms = float(args[2]) if len(args) > 2 else 20.0
    synchronous = args[3] if len(args) > 3 else "FULL"
    asyncio.run(run(inflight, seconds, think_ms, synchronous))


if __name__ == "__main__":
    main()
