"""A soak: does the server's main process keep memory it should free (issue 18)?

Runs a real `loancs serve` on a fresh SQLite file with A agents (default 200, protocol 2)
connected; new WeChat customers arrive at R a second (default 20) and write twice (the
second a second later); the agent offered each conversation accepts it, replies 2 s later
and resolves it 1 s after that. Every 20 s it prints the main process's resident memory
(VmRSS: the writer child is not counted) beside the conversations created and resolved.

At the end: the RSS at the start, at half time and at the end, and the growth per
conversation over the second half. What the server keeps by design fills first (the
facts of the last 5,000 resolved conversations, routing's last agent of the last 20,000
customers: every soak customer is new), then the figure should be flat.

    python scripts/bench_soak.py                      # 10 minutes, 20 new a second
    python scripts/bench_soak.py --seconds 600 --rate 50

Loopback only; its database is removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from loancs.client import LoancsClient
from loancs.core import protocol as p
from loancs.store.accounts import create_agent, create_channel
from loancs.store.db import connect_sync

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtest import start_loancs, stop_server  # noqa: E402  (scripts/loadtest.py)

PRINT_EVERY = 20.0  # seconds


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    return 0


async def soak(url: str, pid: int, tokens: list[str], channel: str, args) -> list[tuple]:
    counts = {"created": 0, "accepted": 0, "resolved": 0, "errors": 0}
    tasks: set[asyncio.Task] = set()

    def spawn(coro) -> None:
        task = asyncio.create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    def failed(what: str, exc: Exception) -> None:
        counts["errors"] += 1
        if counts["errors"] <= 3:
            print(f"  {what} failed: {exc}", flush=True)

    async def work(agent: LoancsClient, conversation: int) -> None:
        try:
            await agent.call(p.Accept, conversation=conversation)
            counts["accepted"] += 1
            await asyncio.sleep(2.0)
            await agent.call(p.Reply, conversation=conversation, body="您好，请问还有什么问题？")
            await asyncio.sleep(1.0)
            await agent.call(p.Resolve, conversation=conversation, outcome="answered")
            counts["resolved"] += 1
        except Exception as exc:  # noqa: BLE001  (counted and shown, the soak goes on)
            failed("agent", exc)

    def on_event_of(agent: LoancsClient):
        def on_event(event: p.Event) -> None:
            me = agent.welcome.agent_id if agent.welcome else None
            if event.kind == "conversation.offered" and event.payload.get("agent") == me:
                spawn(work(agent, event.conversation or 0))

        return on_event

    agents = []
    for token in tokens:
        agent = LoancsClient(url, token, protocol=2, reconnect=False)
        agent.on_event = on_event_of(agent)
        await agent.start()
        await agent.call(p.SetState, state="available")
        agents.append(agent)
    gateway = LoancsClient(url, channel, subscribe=False, reconnect=False)
    await gateway.start()

    async def customer(n: int) -> None:
        who = p.Identity(kind="wechat", value=f"oSoak{n:012d}", name=f"客户{n}")
        hints = p.Hints(loan_type="car")
        try:
            await gateway.call(
                p.Ingest, external_id=f"s{n}a", customer=who, body="想问一下提前还款", hints=hints
            )
            counts["created"] += 1
            await asyncio.sleep(1.0)
            await gateway.call(p.Ingest, external_id=f"s{n}b", customer=who, body="利息怎么算？")
        except Exception as exc:  # noqa: BLE001
            failed("customer", exc)

    samples: list[tuple] = []

    def sample(t: float) -> None:
        row = (t, rss_kb(pid), counts["created"], counts["resolved"])
        samples.append(row)
        print(
            f"  t={t:5.0f} s  main RSS {row[1] / 1024:7.1f} MB  created {row[2]:6d}"
            f"  resolved {row[3]:6d}  errors {counts['errors']}  load {os.getloadavg()[0]:.1f}",
            flush=True,
        )

    start = time.monotonic()
    made, next_print = 0, 0.0
    sample(0.0)
    while (now := time.monotonic() - start) < args.seconds:
        while made < int(now * args.rate):
            spawn(customer(made))
            made += 1
        if now >= next_print + PRINT_EVERY:
            next_print += PRINT_EVERY
            sample(now)
        await asyncio.sleep(0.02)
    await asyncio.sleep(5.0)  # the last ones resolved
    sample(time.monotonic() - start)
    for task in list(tasks):
        task.cancel()
    for client in [*agents, gateway]:
        await client.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--rate", type=float, default=20.0, help="new conversations a second")
    parser.add_argument("--agents", "-a", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="loancs-soak-"))
    server = None
    try:
        db = tmp / "soak.db"
        conn = connect_sync(db)
        _, channel = create_channel(conn, "soak-wechat", "wechat")
        capacity = {"phone": 1, "chat": 5, "wechat": 8}
        tokens = [
            create_agent(conn, f"agent{i}", "agent", {"car": 1}, capacity)[1]
            for i in range(args.agents)
        ]
        conn.close()
        server, url = start_loancs(db, "normal")
        print(
            f"soak: {args.agents} agents, {args.rate:g} new conversations a second for"
            f" {args.seconds:g} s (server pid {server.pid})"
        )
        samples = asyncio.run(soak(url, server.pid, tokens, channel, args))
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)
    first, last = samples[0], samples[-1]
    half = min(samples, key=lambda s: abs(s[0] - last[0] / 2))
    grown = (last[1] - half[1]) / max(1, last[2] - half[2])
    print(
        f"main RSS: start {first[1] / 1024:.1f} MB; {half[2]} conversations {half[1] / 1024:.1f} MB;"
        f" {last[2]} conversations {last[1] / 1024:.1f} MB; second half"
        f" {grown:+.2f} KB a conversation"
    )


if __name__ == "__main__":
    main()
