"""A burst of new conversations with a full floor: how fast does routing offer them all?

Runs a real `loancs serve` subprocess on a temp database with A agents (default 200, each
taking up to 3 WeChat conversations) connected over websockets, then one channel
connection sends N new customers' first messages at once (default 500). Every agent
accepts each offer as soon as it arrives (``--no-accept``: they let offers ring).

Prints: time from the first message to the last conversation offered, burst start ->
offer p50/p99/max, offers accepted / expired, agents put on break, the writer's group
commits and ops during the burst (from /metrics), and the CPU seconds of the server and of
this client (so a slow client shows). Targets (issue 18): all offered within 1 s, none
expired, nobody on break.

    python scripts/bench_routing_burst.py
    python scripts/bench_routing_burst.py --agents 200 --conversations 500 --sync normal

Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect

from loancs.core.events import Kind

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtest import pct, start_loancs  # noqa: E402  (scripts/loadtest.py)

from loancs.store.accounts import create_agent, create_channel  # noqa: E402
from loancs.store.db import connect_sync  # noqa: E402

WATCHED = re.compile(
    r'"kind":\s*"(conversation\.offered|conversation\.assigned|conversation\.offer_expired'
    r'|agent\.state)"'
)


def build(db: Path, agents: int) -> tuple[list[str], str]:
    conn = connect_sync(db)
    tokens = []
    for k in range(agents):
        _, token = create_agent(
            conn, f"agent{k:03d}", "agent", {"mortgage": 1}, {"phone": 1, "chat": 3, "wechat": 3}
        )
        tokens.append(token)
    _, channel = create_channel(conn, "wx", "wechat")
    conn.close()
    return tokens, channel


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the writer) so far (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def writer_totals(url: str) -> tuple[float, float]:
    """(group commits, ops) the writer has done, from /metrics."""
    http = url.replace("ws://", "http://").rstrip("/") + "/metrics"
    text = urllib.request.urlopen(http, timeout=10).read().decode()
    count = re.search(r"^loancs_writer_batch_ops_count (\S+)", text, re.M)
    total = re.search(r"^loancs_writer_batch_ops_sum (\S+)", text, re.M)
    return (
        float(count.group(1)) if count else float("nan"),
        float(total.group(1)) if total else float("nan"),
    )


class Floor:
    def __init__(self, conversations: int, accept: bool, protocol: int = 2):
        self.accept = accept
        self.protocol = protocol  # what the consoles say in hello (1: every waiting event)
        self.expected = conversations
        self.offered_at: dict[int, float] = {}  # conversation -> first offer seen
        self.accepted: set[int] = set()
        self.expired = 0
        self.not_counted = 0  # expired late, not held against the agent
        self.breaks: set[int] = set()
        self.all_offered = asyncio.Event()

    async def agent(self, url: str, token: str, ready: asyncio.Event, count: list[int]) -> None:
        async with connect(url, max_size=None) as ws:
            hello = {"type": "hello", "token": token, "subscribe": True}
            await ws.send(json.dumps({**hello, "protocol": self.protocol}))
            welcome = json.loads(await ws.recv())
            me = welcome["agent_id"]
            count[0] += 1
            if count[0] == count[1]:
                ready.set()
            n = 0
            async for raw in ws:
                # Most frames are other people's traffic: look only at the kinds counted here,
                # so this client stays cheaper than the server it measures.
                if isinstance(raw, bytes) or not WATCHED.search(raw):
                    continue
                frame = json.loads(raw)
                if frame.get("type") != "event":
                    continue
                kind, payload, conv = frame["kind"], frame["payload"], frame["conversation"]
                if kind == Kind.CONVERSATION_OFFERED and payload.get("agent") == me:
                    if conv not in self.offered_at:
                        self.offered_at[conv] = time.perf_counter()
                        if len(self.offered_at) >= self.expected:
                            self.all_offered.set()
                    if self.accept:
                        n += 1
                        await ws.send(
                            json.dumps({"type": "accept", "id": f"a{n}", "conversation": conv})
                        )
                elif kind == Kind.CONVERSATION_ASSIGNED and payload.get("agent") == me:
                    self.accepted.add(conv)
                elif kind == Kind.CONVERSATION_OFFER_EXPIRED and payload.get("agent") == me:
                    if payload.get("reason_code") == "offer_timeout":
                        self.expired += 1
                        self.not_counted += "not counted" in payload.get("reason", "")
                elif (
                    kind == Kind.AGENT_STATE
                    and payload.get("agent") == me
                    and payload.get("state") == "break"
                ):
                    self.breaks.add(me)

    async def burst(self, ws: ClientConnection, n: int) -> float:
        """Send n first messages from n new customers at once; returns when the first left."""
        started = time.perf_counter()
        for i in range(n):
            await ws.send(
                json.dumps(
                    {
                        "type": "ingest",
                        "id": str(i),
                        "external_id": f"burst-{i}",
                        "customer": {"kind": "wechat", "value": f"oBURST{i:020d}"},
                        "body": "我想咨询一下房贷提前还款",
                        "hints": {"loan_type": "mortgage"},
                    },
                    ensure_ascii=False,
                )
            )
        acked = 0
        while acked < n:
            frame = json.loads(await ws.recv())
            if frame.get("type") == "ack":
                acked += 1
            elif frame.get("type") == "error":
                raise SystemExit(f"ingest refused: {frame}")
        return started


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "burst.db"
        tokens, channel = build(db, args.agents)
        proc, url = start_loancs(db, args.sync)
        try:
            floor = Floor(args.conversations, not args.no_accept, args.protocol)
            ready = asyncio.Event()
            count = [0, len(tokens)]
            agents = [
                asyncio.create_task(floor.agent(url, token, ready, count)) for token in tokens
            ]
            await asyncio.wait_for(ready.wait(), 60)
            await asyncio.sleep(args.settle)  # every agent signed in and available
            commits0, ops0 = writer_totals(url)
            server_cpu0, client_cpu0 = cpu_seconds(proc.pid), time.process_time()
            async with connect(url, max_size=None) as ws:
                await ws.send(json.dumps({"type": "hello", "token": channel, "subscribe": False}))
                json.loads(await ws.recv())
                started = await floor.burst(ws, args.conversations)
                acked = time.perf_counter()
                try:
                    await asyncio.wait_for(floor.all_offered.wait(), args.timeout)
                except TimeoutError:
                    pass
                last_offer = max(floor.offered_at.values(), default=float("nan"))
                server_cpu1, client_cpu1 = cpu_seconds(proc.pid), time.process_time()
                commits1, ops1 = writer_totals(url)
                await asyncio.sleep(args.linger)  # would anything expire or go on break?
            for task in agents:
                task.cancel()
            await asyncio.gather(*agents, return_exceptions=True)
        finally:
            proc.terminate()
            proc.wait(10)

    latencies = [(at - started) * 1000 for at in floor.offered_at.values()]
    offered = len(floor.offered_at)
    span = last_offer - started
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load (1/5/15 min) {load} on {os.cpu_count()} CPUs")
    print(f"agents connected          {args.agents}")
    print(f"new conversations         {args.conversations}")
    print(f"offered                   {offered} ({offered / args.conversations:.0%})")
    print(f"first message -> all acked  {acked - started:.2f} s")
    print(f"first message -> last offer  {span:.2f} s")
    print(
        f"burst start -> offer      p50 {pct(latencies, 0.5):.0f} ms, p99 {pct(latencies, 0.99):.0f}"
        f" ms, max {max(latencies, default=float('nan')):.0f} ms"
    )
    if not args.no_accept:
        print(f"accepted                  {len(floor.accepted)}")
    print(f"offers expired            {floor.expired} ({floor.not_counted} not counted as missed)")
    print(f"agents put on break       {len(floor.breaks)}")
    print(f"writer group commits      {commits1 - commits0:.0f} ({ops1 - ops0:.0f} ops)")
    print(f"server CPU during burst   {server_cpu1 - server_cpu0:.2f} s (with its writer)")
    print(f"client CPU during burst   {client_cpu1 - client_cpu0:.2f} s")
    target = offered == args.conversations and span <= 1.0 and floor.expired == 0
    print(f"target (all offered within 1 s, none expired): {'met' if target else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", "-a", type=int, default=200)
    parser.add_argument("--conversations", "-n", type=int, default=500)
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    parser.add_argument("--no-accept", action="store_true", help="agents let offers ring")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds before the burst")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for offers")
    parser.add_argument(
        "--linger", type=float, default=2.0, help="seconds watched after the last offer"
    )
    parser.add_argument(
        "--protocol", type=int, default=2, help="the consoles' protocol (1: the old stream)"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
