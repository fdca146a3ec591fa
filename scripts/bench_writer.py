#!/usr/bin/env python3
"""Ingest N messages through the store's writer (a child process by default, as the server
runs it) in waves of 1,000 submitted at once; print the commands committed per second and
the CPU each process spent per ingest (the writer child's from /proc, so the figure holds on
a loaded machine where the wall-clock rate does not).

    python scripts/bench_writer.py            # 10,000 ingests, process writer
    python scripts/bench_writer.py 20000 thread
    python scripts/bench_writer.py 20000 process FULL   # synchronous=FULL (the server's default)
    python scripts/bench_writer.py 20000 process FULL 800   # a steady flow, 800 in flight

With a fourth argument the ingests flow steadily instead of in waves: a new one is submitted
as soon as one of the ``window`` in flight is acknowledged, as the load test's clients do
(8 connections x 100 frames), so the child's batches follow the pace of its commits.

A fifth argument mixes agents' work in, as at a real peak: that many replies per 100
ingests (each to the conversation of the customer who wrote last, followed by a read mark),
sharing the writer's batches with the ingests. The figures stay per ingest (the replies'
CPU included); the replies are counted beside them.

    python scripts/bench_writer.py 20000 process FULL 800 10   # 10 replies per 100 ingests

A sixth argument sets how many customers write (500 by default); ``new`` makes every
measured ingest a first-time sender's (a new customer, identity, key and conversation each),
as on a day of many first contacts:

    python scripts/bench_writer.py 5000 process FULL 800 0 new

The messages are the load test's (scripts/loadtest.py): 500 returning WeChat customers, a
mortgage hint, a Chinese sentence after a send time written as the load test writes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loancs.store import commands as c  # noqa: E402
from loancs.store.db import Store  # noqa: E402

CUSTOMERS = 500


def stamp_text(stamp: float) -> str:
    """The send time as the load test's bodies carry it (scripts/loadtest.py's stamp_text):
    "s" for the point. With a point (as this script wrote it until session 16) the stamp is a
    16-digit run that the masker examines as a possible card number: 301k instead of 260k
    instructions an ingest in the writer (valgrind), work the load test's messages never
    cost, so this script's figures were about a sixth above what its messages cost there."""
    return f"{stamp:.6f}".replace(".", "s")


def ingest(i: int, customers: int = CUSTOMERS) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"lt-LOAD-{i}",
        identity=c.Identity(kind="wechat", value=f"oLOAD{i % customers:020d}"),
        body=f"t={stamp_text(time.perf_counter())} 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
        hints=c.Hints(loan_type="mortgage"),
    )


def reply(conversation: int, i: int) -> c.AgentReply:
    return c.AgentReply(
        conversation=conversation,
        agent_id=1,
        agent_name="bench",
        role="supervisor",
        body=f"您好，提前还款的违约金按合同约定计算 ({i})",
    )


def read_mark(conversation: int) -> c.MarkRead:
    return c.MarkRead(conversation=conversation, agent_id=1, actor="agent:bench")


def child_cpu(store: Store) -> float:
    """CPU seconds (user + system) of the writer child so far; 0 for the thread writer."""
    proc = getattr(store.writer, "_proc", None)
    if proc is None:
        return 0.0
    with open(f"/proc/{proc.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def switches(pid: int | str = "self") -> int:
    """Context switches (voluntary and not) of every thread of process ``pid`` so far: a
    wake-up of either side of the pipe is one at least."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/status") as status:
            total += sum(int(line.split()[1]) for line in status if "ctxt_switches:" in line)
    return total


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def flow(
    store: Store,
    first: int,
    n: int,
    window: int,
    replies: int = 0,
    convs: dict | None = None,
    customers: int = CUSTOMERS,
) -> int:
    """Ingests ``first`` .. ``first + n - 1``, at most ``window`` unacknowledged at once;
    ``replies`` per 100 of them a reply and a read mark to a conversation in ``convs``
    (customer: conversation). Returns how many replies were sent."""
    room = asyncio.Semaphore(window)
    done = asyncio.get_running_loop().create_future()
    left = n
    every = 100 / replies if replies else 0.0
    sent = 0

    def acked(future: asyncio.Future) -> None:
        nonlocal left
        future.result()
        room.release()
        left -= 1
        if not left:
            done.set_result(None)

    def quiet(future: asyncio.Future) -> None:
        future.result()

    for j in range(first, first + n):
        await room.acquire()
        store.submit(ingest(j, customers)).add_done_callback(acked)
        if every and convs and (j - first + 1) >= (sent + 1) * every:
            conversation = convs[(j - 1) % CUSTOMERS]  # the one who wrote just before
            sent += 1
            store.submit(reply(conversation, j)).add_done_callback(quiet)
            store.submit(read_mark(conversation)).add_done_callback(quiet)
    await done
    return sent


async def main(
    n: int, mode: str, synchronous: str, window: int = 0, replies: int = 0, who: str = ""
) -> None:
    customers = (1 << 62) if who == "new" else int(who) if who else CUSTOMERS
    if replies and not window:
        raise SystemExit("replies mix into a steady flow: give a window (4th argument) too")
    sent = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", synchronous=synchronous, writer=mode)
        await store.open()
        try:
            if replies:
                await store.submit(c.CreateAgent(name="bench", role="agent", token_hash="h"))
            warm = await asyncio.gather(*[store.submit(ingest(j)) for j in range(1000)])
            convs = {j % CUSTOMERS: answer["conversation"] for j, answer in enumerate(warm)}
            child0, own0 = child_cpu(store), own_cpu()
            proc = getattr(store.writer, "_proc", None)
            cs0 = switches(), switches(proc.pid) if proc is not None else 0
            started = time.perf_counter()
            if window:
                sent = await flow(store, 1000, n, window, replies, convs, customers)
            for wave in range(1000, 1000 + n, 1000) if not window else ():
                top = min(wave + 1000, 1000 + n)
                await asyncio.gather(
                    *[store.submit(ingest(j, customers)) for j in range(wave, top)]
                )
            seconds = time.perf_counter() - started
            child, own = child_cpu(store) - child0, own_cpu() - own0
            cs = switches() - cs0[0], (switches(proc.pid) - cs0[1]) if proc is not None else 0
            batches = store.writer.batches
        finally:
            await store.close()
    print(
        f"{mode} writer (synchronous={synchronous}): {n} ingests in {seconds:.2f} s,"
        f" {n / seconds:.0f} per second, {batches} batches"
        + (f" ({window} in flight)" if window else "")
        + (f", {sent} replies and read marks among them" if replies else "")
        + (", each from a first-time sender" if who == "new" else "")
    )
    if mode == "process":
        print(f"  writer child CPU per ingest : {child / n * 1e6:6.1f} µs")
    print(f"  this process CPU per ingest: {own / n * 1e6:6.1f} µs")
    print(f"  both, CPU per ingest        : {(own + child) / n * 1e6:6.1f} µs")
    print(
        f"  context switches a batch    : {cs[0] / batches:.1f} here, {cs[1] / batches:.1f} child"
    )
    print(f"  load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
            sys.argv[2] if len(sys.argv) > 2 else "process",
            sys.argv[3] if len(sys.argv) > 3 else "NORMAL",
            int(sys.argv[4]) if len(sys.argv) > 4 else 0,
            int(sys.argv[5]) if len(sys.argv) > 5 else 0,
            sys.argv[6] if len(sys.argv) > 6 else "",
        )
    )
