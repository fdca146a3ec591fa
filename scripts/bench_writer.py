#!/usr/bin/env python3
"""Ingest N messages through the store's writer (a child process by default, as the server
runs it) in waves of 1,000 submitted at once; print the commands committed per second.

    python scripts/bench_writer.py            # 10,000 ingests, process writer
    python scripts/bench_writer.py 20000 thread
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loancs.store import commands as c  # noqa: E402
from loancs.store.db import Store  # noqa: E402


def ingest(i: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"b{i}",
        identity=c.Identity(kind="wechat", value=f"oB{i % 500:018d}"),
        body=f"消息 {i}",
        hints=c.Hints(loan_type="car"),
    )


async def main(n: int, mode: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", synchronous="NORMAL", writer=mode)
        await store.open()
        try:
            await asyncio.gather(*[store.submit(ingest(j)) for j in range(1000)])  # warm up
            started = time.perf_counter()
            for wave in range(1000, 1000 + n, 1000):
                top = min(wave + 1000, 1000 + n)
                await asyncio.gather(*[store.submit(ingest(j)) for j in range(wave, top)])
            seconds = time.perf_counter() - started
        finally:
            await store.close()
    print(f"{mode} writer: {n} ingests in {seconds:.2f} s, {n / seconds:.0f} per second")


if __name__ == "__main__":
    asyncio.run(
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
            sys.argv[2] if len(sys.argv) > 2 else "process",
        )
    )
