"""Load test of the loancs server, with a bare websockets echo server as the peer.

Runs a real `loancs serve` subprocess on a temp database and, in the same run, a bare
websockets echo server subprocess, and drives both with the same client code:

1. throughput: C channel connections send M ingest frames as fast as acks come back
   (a window of in-flight frames per connection); prints acked msg/s and ack latency
   p50/p99, and the echo server's msg/s for the same frames;
2. supervisors: at a fixed rate (default 1,000 msg/s) with S supervisor subscribers
   connected, prints customer-message -> subscriber-event latency p50/p99 and ack
   latency at that rate;
3. burst: A agents (default 200) connected from worker processes, B new conversations
   (default 500) arrive at once; prints the time until every one has been offered to an
   agent (as the agent's console receives it), how many offers expired, and how many were
   accepted (agents accept each offer after --accept-after seconds);
4. agents: the same A agents, each owning the conversations it accepted in the burst; the
   channel sends M frames to those conversations (each goes to its one owner) as fast as
   acks come back, alternating with the echo server; prints ingest vs bare echo in the
   same run, the server's main-process CPU per message (and the writer child's), delivery
   latency at the owners, then delivery latency at a fixed rate. The client must not be
   the bottleneck: the agents run in W separate processes and every process's CPU is
   printed (from /proc, like the server's);
5. cluster (with --db postgresql://...): ingest on the SQLite server, on one PostgreSQL
   server and on --servers PostgreSQL servers sharing one database, alternated with the bare
   echo (CPU per message of each process and of PostgreSQL's backends), then delivery at
   --rate on SQLite and on PostgreSQL, from a gateway on server A to consoles on server A
   and on server B. A same-host PostgreSQL is best reached over its Unix socket:
   --db 'postgresql://USER@/postgres?host=/run/postgresql&port=5432'.

    python scripts/loadtest.py                       # every phase with the defaults
    python scripts/loadtest.py --phases burst,agents --agents 200 --burst 500
    python scripts/loadtest.py --messages 50000 --sync normal
    python scripts/loadtest.py --phases cluster --db postgresql://USER@HOST:PORT/postgres
    python scripts/loadtest.py --phases cluster --db local     # its own PostgreSQL

Loopback only; bounded in count and time. Linux (reads /proc for CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.client import ClientProtocol
from websockets.exceptions import ConnectionClosed
from websockets.protocol import Protocol as WsProtocol
from websockets.protocol import State
from websockets.streams import StreamReader

from loancs.core.events import Kind
from loancs.lifecycle import tune_gc_for_serving

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    from loancs.store.accounts import create_agent, create_channel
except ImportError:  # a checkout from before the store had them (for before/after figures)
    from loancs.commands.admin import create_agent, create_channel  # type: ignore[no-redef]
from loancs.store.db import connect_sync  # noqa: E402

try:
    from loancs.server.config import usable_cpus
except ImportError:  # a checkout from before the writer mode (for before/after figures)

    def usable_cpus() -> int:
        return len(os.sched_getaffinity(0))


ECHO_SERVER = textwrap.dedent(
    """
    import asyncio, sys
    from websockets.asyncio.server import serve

    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    async def main():
        async with serve(echo, "127.0.0.1", 0, compression=None, max_size=2**20) as server:
            print("port", next(iter(server.sockets)).getsockname()[1], flush=True)
            await asyncio.Future()

    asyncio.run(main())
    """
)


class Ack(msgspec.Struct):
    type: str
    id: str | None = None
    seq: int = 0


class Ev(msgspec.Struct):
    type: str
    kind: str = ""
    payload: dict = {}
    ts: int = 0  # the writer's clock (ms) when the batch that stored it began


ack_decoder = msgspec.json.Decoder(Ack)
event_decoder = msgspec.json.Decoder(Ev)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def frame(i: int, stamp: float, customers: int, prefix: str = "LOAD", tag: str = "t") -> str:
    """An ingest frame from customer ``i % customers``; the body starts with ``tag=stamp`` so
    a subscriber can time the delivery. The mortgage queue has no skilled agent in this test
    (the agents are skilled for car loans): those conversations wait, seen by supervisors."""
    return json.dumps(
        {
            "type": "ingest",
            "id": str(i),
            "external_id": f"lt-{prefix}-{i}",
            "customer": {"kind": "wechat", "value": f"o{prefix}{i % customers:020d}"},
            "body": f"{tag}={stamp_text(stamp)} 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
            "hints": {"loan_type": "car" if prefix == AGENT_PREFIX else "mortgage"},
        },
        ensure_ascii=False,
    )


def stamp_text(stamp: float) -> str:
    """A send time (time.perf_counter(): seconds since boot) as the body carries it, "s" in
    place of the point: 13912.342312 with a point reads as an 11-digit mobile number (the
    point is one of the masker's separators), which agents get masked ("139****2312")."""
    return f"{stamp:.6f}".replace(".", "s")


def stamp_of(body: str) -> float:
    """The send time a body starting with ``tag=`` carries (frame, stamp_text)."""
    return float(body[2:].split(" ", 1)[0].replace("s", "."))


AGENT_PREFIX = "AGENT"  # customers of the burst and agents phases (car loans)


async def hello(ws, token: str, subscribe: bool) -> None:
    await ws.send(json.dumps({"type": "hello", "token": token, "subscribe": subscribe}))
    answer = json.loads(await ws.recv())
    if answer.get("type") != "welcome":
        raise SystemExit(f"hello refused: {answer}")


async def blast(
    url: str,
    token: str | None,
    conns: int,
    total: int,
    window: int,
    customers: int,
    offset: int,
    prefix: str = "LOAD",
    tag: str = "t",
) -> tuple[float, list[float]]:
    """Send `total` frames over `conns` connections, `window` in flight each; time the acks."""
    latencies: list[float] = []
    per_conn = total // conns

    async def one(c: int) -> None:
        async with connect(url, compression=None, max_size=2**22) as ws:
            if token:
                await hello(ws, token, subscribe=False)
            sent_at: dict[str, float] = {}
            sem = asyncio.Semaphore(window)

            async def reader() -> None:
                got = 0
                while got < per_conn:
                    raw = await ws.recv()
                    msg = ack_decoder.decode(raw) if token else None
                    key = msg.id if msg else raw.split('"id": "', 1)[1].split('"', 1)[0]
                    if msg and msg.type != "ack":
                        raise SystemExit(f"server answered {raw[:200]}")
                    latencies.append(time.perf_counter() - sent_at.pop(key))
                    got += 1
                    sem.release()

            task = asyncio.create_task(reader())
            base = offset + c * per_conn
            for i in range(base, base + per_conn):
                await sem.acquire()
                now = time.perf_counter()
                text = frame(i, now, customers, prefix, tag)
                sent_at[str(i)] = now
                await ws.send(text)
            await task

    start = time.perf_counter()
    await asyncio.gather(*(one(c) for c in range(conns)))
    elapsed = time.perf_counter() - start
    return per_conn * conns / elapsed, latencies


async def paced(
    url: str,
    token: str,
    sub_tokens: list[str],
    rate: float,
    seconds: float,
    customers: int,
    offset: int,
    sub_url: str | None = None,
) -> dict:
    """Send at a fixed rate on one connection while subscribers measure delivery latency
    (``sub_url``: the subscribers are on another server of the same database). Also
    ``stages``: each delivery split at the start of the writer batch that stored it (the
    event's ts, a millisecond clock) and at its ack, see ``stage_split``."""
    delivery: list[float] = []
    acks: list[float] = []
    stages: list[tuple[float, float, float]] = []  # (sent, batch start, received), perf clock
    wall = time.time() - time.perf_counter()  # the event's ts on this process's perf clock
    acked: dict[str, float] = {}
    total = int(rate * seconds)
    ready = asyncio.Event()
    counts = [0] * len(sub_tokens)

    async def subscriber(k: int, tok: str) -> None:
        async with connect(sub_url or url, compression=None, max_size=2**22) as ws:
            await hello(ws, tok, subscribe=True)
            counts[k] = -1
            if all(c == -1 for c in counts):
                ready.set()
            seen = 0
            while seen < total:
                raw = await ws.recv()
                now = time.perf_counter()
                ev = event_decoder.decode(raw)
                if ev.type == "event" and ev.kind == Kind.MESSAGE_RECEIVED:
                    body = ev.payload.get("body", "")
                    if body.startswith("t="):
                        sent = stamp_of(body)
                        delivery.append(now - sent)
                        if k == 0:
                            stages.append((sent, ev.ts / 1000 - wall, now))
                        seen += 1

    subs = [asyncio.create_task(subscriber(k, t)) for k, t in enumerate(sub_tokens)]
    await asyncio.wait_for(ready.wait(), 30)
    with ClientPauses() as pauses:
        acks += await paced_to(url, token, rate, seconds, customers, offset, acked=acked)
        await asyncio.wait_for(asyncio.gather(*subs), 60)
    split = [
        (start - sent, acked[f"{sent:.6f}"] - start, now - acked[f"{sent:.6f}"])
        for sent, start, now in stages
        if f"{sent:.6f}" in acked
    ]
    return {
        "delivery": delivery,
        "acks": acks,
        "stages": split,
        "flights": [(sent, now) for sent, _start, now in stages],
        "pauses": pauses.line(),
    }


class ClientPauses:
    """This process's own garbage-collection pauses while a paced run is timed: the sender
    and the subscribers stop meanwhile, so each pause is in the delivery figures without
    being the server's. Entering it also moves what the earlier phases left in this process
    out of the collector's way, as the server does (``tune_gc_for_serving``): a full
    collection walking it took up to ~30 ms here (~440 ms at load 14). ``tune=False``: the
    pauses are only timed, the collector left as it is (the agents phase's delivery: timed
    as in the sessions before it)."""

    def __init__(self, tune: bool = True) -> None:
        self.pauses: list[float] = []
        self._started = 0.0
        self.tune = tune

    def __enter__(self) -> ClientPauses:
        from loancs.lifecycle import tune_gc_for_serving

        if self.tune:
            tune_gc_for_serving()
        gc.callbacks.append(self._time)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self._time)

    def _time(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def line(self) -> str:
        longest = max(self.pauses, default=0.0)
        return (
            f"load test client: {len(self.pauses)} collections, longest {longest * 1e3:.1f} ms,"
            f" {sum(p >= 0.005 for p in self.pauses)} of 5 ms or more"
        )


def slowest_split(stages: list[tuple[float, float, float]], acked: dict[str, float]) -> str:
    """The slowest 1 % of deliveries: when they were sent (seconds into the run: one stall
    puts them together, the machine's load spreads them), and the median of each part of
    their time (stage_split's parts): which process held them."""
    timed = [
        (now - sent, sent, start, acked[key], now)
        for sent, start, now in stages
        if (key := f"{sent:.6f}") in acked
    ]
    if not timed:
        return "(no slowest split: no delivery matched its ack)"
    first = min(t[1] for t in timed)
    timed.sort(reverse=True)
    worst = timed[: max(1, len(timed) // 100)]
    sent_at = sorted(t[1] - first for t in worst)
    split = [(s - d, a - s, n - a) for _, d, s, a, n in worst]
    parts = [sorted(part) for part in zip(*split, strict=True)]
    return (
        f"slowest 1 % ({len(worst)}, {worst[-1][0] * 1e3:.1f}-{worst[0][0] * 1e3:.1f} ms):"
        f" sent {sent_at[0]:.2f}-{sent_at[-1]:.2f} s into the run (half within"
        f" {sent_at[len(sent_at) // 4]:.2f}-{sent_at[3 * len(sent_at) // 4]:.2f} s); median"
        f" send -> batch start {parts[0][len(worst) // 2] * 1e3:.1f} ms, batch start -> ack"
        f" {parts[1][len(worst) // 2] * 1e3:.1f} ms, ack -> console"
        f" {parts[2][len(worst) // 2] * 1e3:.1f} ms"
    )


def stage_split(split: list[tuple[float, float, float]]) -> str:
    """Where a delivery's time went (p50 / p99 of each part on its own): from the send to
    the start of the writer batch that stored the message (the gateway's frame read, the
    wait for the batch before it), from there to the ack at the gateway (apply, COMMIT, the
    answer, the ack frame), and from the ack to the console (negative: the console had it
    first; across servers: NOTIFY, the other server's feed, its publish)."""
    if not split:
        return "(no split: no delivery matched its ack)"
    parts = zip(*split, strict=True)
    names = ("send -> batch start", "batch start -> ack", "ack -> console")
    return "split p50 / p99: " + ", ".join(
        f"{name} {pct(list(v), 0.5) * 1e3:.1f} / {pct(list(v), 0.99) * 1e3:.1f} ms"
        for name, v in zip(names, parts, strict=True)
    )


# ---------------------------------------------------------------- CPU, from /proc

R = TypeVar("R")

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used, to the ns: the run time the scheduler keeps for each
    of its live threads (/proc/PID/task/*/schedstat). /proc/PID/stat counts in clock ticks
    (10 ms): a window's four agent workers (~40 ms each) read ±25% there, ±1-2 µs a message,
    more than what trees differ by. A thread that ended inside a window takes its time with
    it (the processes measured keep theirs: the loop's, the writer's, the executors').
    Without schedstat: /proc/PID/stat."""
    try:
        total = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        return total / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)


def children(pid: int) -> list[int]:
    """The direct children of a process (the server's writer child)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return found


def writer_of(server: subprocess.Popen) -> str:
    """Where a started server's writer runs, by its children (it logs it at info, not at the
    warning level the load test starts it with)."""
    return "a child process" if children(server.pid) else "a thread"


def commit_batches(http_url: str | None) -> tuple[float, float]:
    """(group commits, ops committed) so far by the server at ``http_url`` (its /metrics)."""
    if http_url is None:
        return 0.0, 0.0
    try:
        with urllib.request.urlopen(http_url + "/metrics", timeout=5) as response:
            text = response.read().decode()
    except OSError:
        return 0.0, 0.0
    found = dict.fromkeys(("count", "sum"), 0.0)
    for line in text.splitlines():
        for key in found:
            if line.startswith(f"loancs_writer_batch_ops_{key} "):
                found[key] = float(line.split()[1])
    return found["count"], found["sum"]


def batch_times(ws_url: str, metric: str = "loancs_writer_commit_seconds") -> dict[float, float]:
    """The server's writer batches so far by how long each took to apply and commit (its
    /metrics histogram ``loancs_writer_commit_seconds``, or another histogram ``metric``):
    upper bound (s) -> how many took at most that (cumulative); empty when it cannot be
    read."""
    try:
        url = ws_url.replace("ws", "http", 1) + "/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
    except OSError:
        return {}
    found: dict[float, float] = {}
    for line in text.splitlines():
        match = re.match(metric + r'_bucket\{le="([^"]+)"\} (\S+)', line)
        if match:
            found[float(match.group(1))] = float(match.group(2))
    return found


def _over(
    before: dict[float, float], after: dict[float, float], bounds: tuple[float, ...]
) -> tuple[float, list[float]]:
    """Between two readings of a histogram's cumulative buckets: how many were observed, and
    how many of them took longer than each of ``bounds`` (seconds)."""
    total = after[float("inf")] - before[float("inf")]
    return total, [total - (after.get(b, 0.0) - before.get(b, 0.0)) for b in bounds]


def long_batches(before: dict[float, float], after: dict[float, float]) -> str:
    """How many batches a run's server committed and how many took longer than 10, 25 and
    50 ms (a slow batch delays every message that waits for it and the next)."""
    if not before or not after:
        return "(no batch figures: /metrics not read)"
    total, longer = _over(before, after, (0.01, 0.025, 0.05))
    return (
        f"writer batches on the gateway's server: {total:.0f}, longer than 10 / 25 / 50 ms:"
        f" {longer[0]:.0f} / {longer[1]:.0f} / {longer[2]:.0f}"
    )


def feed_waits(before: dict[float, float], after: dict[float, float]) -> str:
    """On the consoles' server (A -> B): how many notifications of the other server's
    events it published and how many waited there longer than 1, 5 and 10 ms between their
    arrival and their publish (its /metrics ``loancs_feed_seconds``): the follower's own
    share of ``ack -> console``; the rest is the notification's way from the commit to
    this server and the console's from the publish."""
    if not before or not after:
        return "(no feed figures: /metrics not read)"
    total, longer = _over(before, after, (0.001, 0.005, 0.01))
    return (
        f"consoles' server: notifications published {total:.0f}, arrival -> publish longer"
        f" than 1 / 5 / 10 ms: {longer[0]:.0f} / {longer[1]:.0f} / {longer[2]:.0f}"
    )


class CpuMeter:
    """CPU seconds used by each named process between start() and stop(); with ``http_url``
    (a loancs server's), also how many ops its group commits held on average, and the load
    average at the start (what moves the CPU figures per message, besides our code)."""

    def __init__(self, pids: dict[str, list[int]], http_url: str | None = None):
        self.pids = pids
        self.before: dict[str, float] = {}
        self.used: dict[str, float] = {}
        # CPU seconds of each single process, keyed (name, pid): the largest one is the wall
        # on a machine with a core for every process (``largest``).
        self.each_before: dict[tuple[str, int], float] = {}
        self.each: dict[tuple[str, int], float] = {}
        self.http_url = http_url
        self.batches = (0.0, 0.0)
        self.load = 0.0

    def _now(self) -> dict[str, float]:
        now = {name: sum(cpu_seconds(p) for p in pids) for name, pids in self.pids.items()}
        now["load test client (this process)"] = time.process_time()
        return now

    def _each(self) -> dict[tuple[str, int], float]:
        each = {(name, p): cpu_seconds(p) for name, pids in self.pids.items() for p in pids}
        each[("load test client (this process)", os.getpid())] = time.process_time()
        return each

    def start(self) -> None:
        self.load = os.getloadavg()[0]
        self.batches = commit_batches(self.http_url)
        self.each_before = self._each()
        self.before = self._now()
        self.wall = time.perf_counter()

    def stop(self) -> dict[str, float]:
        after = self._now()
        self.wall = time.perf_counter() - self.wall
        each = self._each()
        self.used = {name: after[name] - self.before[name] for name in after}
        self.each = {
            key: used - self.each_before[key]
            for key, used in each.items()
            if key in self.each_before
        }
        count, ops = commit_batches(self.http_url)
        self.batches = (count - self.batches[0], ops - self.batches[1])
        return self.used

    def per_commit(self) -> float:
        """Ops per group commit during the window (0: not known)."""
        count, ops = self.batches
        return ops / count if count else 0.0

    def largest(self) -> tuple[str, float]:
        """The single process that used the most CPU in the window: (its name, CPU seconds).
        One of several processes under a name (the agent workers) is named as one of them."""
        if not self.each:
            return "?", 0.0
        (name, _pid), used = max(self.each.items(), key=lambda item: item[1])
        if len(self.pids.get(name, ())) > 1:
            name = f"one of the {name}"
        return name, used

    def lines(self, messages: int) -> list[str]:
        out = []
        for name, used in self.used.items():
            per = f"{used / messages * 1e6:7.0f} µs/msg" if messages else ""
            out.append(
                f"    {name:34s}: {used:6.2f} s CPU ({used / self.wall:5.0%} of a core)  {per}"
            )
        return out


# ---------------------------------------------------------------- agent worker processes

AGENT_WORKER = "--agent-worker"
PROTOCOL = int(os.environ.get("PROTOCOL", "2"))  # what the agents' consoles say in hello


# Kinds the agent worker compares every frame with, as plain strings: reading a member
# through its class costs ~950 instructions on 3.11, and comparing a str with a StrEnum
# member takes the slow path (the worker's cost counts against loancs in the ratio).
_RECEIVED = str(Kind.MESSAGE_RECEIVED)
_OFFERED = str(Kind.CONVERSATION_OFFERED)
_OFFER_EXPIRED = str(Kind.CONVERSATION_OFFER_EXPIRED)


# LOADTEST_AGENT_READ=websockets: the agent workers read through websockets' recv, as before
# AgentConnection (for comparing the two).
FAST_AGENT_READ = os.environ.get("LOADTEST_AGENT_READ", "fast") != "websockets"


class WorkerPayload(msgspec.Struct, frozen=True, gc=False):
    """What the agent workers read of an event's payload: the rest of it is skipped, not
    built into a dict (the workers' CPU counts against loancs in the ratio: ~40% less time
    decoding a customer message's frame). Any: read as it comes, whatever its type.
    ``gc=False`` (and WorkerFrame's): decoded JSON holds no cycles, so a frame is never
    tracked by the cyclic collector, nor counted towards its next collection."""

    body: Any = ""
    agent: Any = None


_NO_PAYLOAD = WorkerPayload()


class WorkerFrame(msgspec.Struct, gc=False):
    type: str
    id: str | None = None
    seq: int = 0
    kind: str = ""
    conversation: int | None = None
    payload: WorkerPayload = _NO_PAYLOAD
    agent_id: int | None = None
    last_seq: int = 0


class TimedWorkerFrame(WorkerFrame):
    """A worker's frame with the event's ``ts`` (the writer's clock, ms, when the batch
    that stored it began): read only while the delivery's stages are asked for
    (``stages``), so that the metered ingest runs decode what they did before."""

    ts: int = 0


# Where websockets' client parser waits for the next frame (AgentConnection.follow looks).
_CLIENT_PARSE = ClientProtocol.parse.__code__
# The agent connections' socket reads in this worker (data_received calls): the frames a read
# brings show how the server's writes group an agent's events (a list, not a class attribute:
# writing one of those would undo the class's attribute caches).
_READS = [0, 0]  # reads, bytes
_WS_PARSE = WsProtocol.parse.__code__
_AT_EOF = StreamReader.at_eof.__code__
_WS_OPEN = State.OPEN


class AgentConnection(ClientConnection):
    """An agent console's connection in the agent workers, cheaper to read than websockets'
    own (the workers' CPU shares the machine with the server: it counts against loancs in
    the ratio, never against the echo). After ``follow(handle)`` at a frame boundary, each
    whole unfragmented text frame the server sends is handed to ``handle`` as its bytes, in
    order, from data_received: websockets parses a frame with three generators and queues
    it for recv's coroutines (~60k instructions an event with the decoding; this ~20k).
    Every other whole frame (ping, pong, close) goes to websockets' parser by itself, which
    is at a frame boundary again after it; a data frame of another kind (binary, a fragment)
    or a masked one ends the shortcut: it and all after it are websockets' again (``recv``),
    as is the stream whenever ``follow`` is not in force. Nothing is skipped: every frame is
    read and decoded by the worker as before."""

    handle: Callable[[bytes], None] | None = None
    _rest = b""  # the start of a frame cut by the end of a read
    _left: asyncio.Future[None] | None = None

    def follow(self, handle: Callable[[bytes], None]) -> asyncio.Future[None] | None:
        """Hand text frames to ``handle`` from now on, if websockets holds nothing of the
        stream (nothing queued for recv, nothing buffered, its parser waiting for a frame).
        Returns a future done when the shortcut ends (the connection closed, a frame it does
        not take, ``handle`` raised: its exception), or None (not now: read with recv)."""
        protocol = self.protocol
        parser = protocol.parser
        if getattr(parser, "gi_code", None) is _CLIENT_PARSE:
            parser = getattr(parser, "gi_yieldfrom", None)
        at_boundary = (
            getattr(parser, "gi_code", None) is _WS_PARSE
            and getattr(getattr(parser, "gi_yieldfrom", None), "gi_code", None) is _AT_EOF
        )
        messages = self.recv_messages
        if not (
            at_boundary
            and protocol.state is _WS_OPEN
            and not protocol.extensions
            and not protocol.reader.buffer
            and not len(messages.frames)
            and not messages.get_in_progress
        ):
            return None
        self.handle = handle
        self._left = asyncio.get_running_loop().create_future()
        return self._left

    def _leave(self, exc: BaseException | None = None) -> None:
        self.handle = None
        left, self._left = self._left, None
        if left is not None and not left.done():
            if exc is None:
                left.set_result(None)
            else:
                left.set_exception(exc)

    def data_received(self, data: bytes) -> None:
        _READS[0] += 1
        _READS[1] += len(data)
        handle = self.handle
        if handle is None:
            super().data_received(data)
            return
        if self._rest:
            data = self._rest + data
            self._rest = b""
        pos, size = 0, len(data)
        while size - pos >= 2:
            first, second = data[pos], data[pos + 1]
            if second & 0x80:  # masked: not from a server; websockets' parser says so
                break
            length = second
            head = pos + 2
            if length == 126:
                if size - head < 2:
                    self._rest = data[pos:]
                    return
                length = data[head] << 8 | data[head + 1]
                head += 2
            elif length == 127:
                if size - head < 8:
                    self._rest = data[pos:]
                    return
                length = int.from_bytes(data[head : head + 8], "big")
                head += 8
            end = head + length
            if end > size:
                self._rest = data[pos:]
                return
            if first == 0x81:  # FIN, text, no reserved bit
                try:
                    handle(data[head:end])
                except Exception as exc:
                    self._rest = b""
                    self._leave(exc)
                    self.transport.abort()
                    return
            elif first & 0x08 and first & 0x80:  # a whole control frame: websockets' own
                super().data_received(data[pos:end])
            else:
                break
            pos = end
        else:
            if pos < size:  # one byte of the next frame's head
                self._rest = data[pos:]
            return
        # a frame the shortcut does not take: it and the rest are websockets'
        self._leave()
        super().data_received(data[pos:])

    def connection_lost(self, exc: Exception | None) -> None:
        rest, self._rest = self._rest, b""
        if rest:
            self.protocol.receive_data(rest)  # a frame cut short: websockets says so
        self._leave()
        super().connection_lost(exc)


# What asyncio's socket transport asks a socket read for (its default: 256 KiB). glibc's
# malloc serves a buffer over 128 KiB (its mmap threshold) with its own mmap: each read was
# an mmap, a page fault, an mremap shrinking it to the bytes read and a munmap (~2x the
# agent workers' CPU a message, unless something in the process had happened to free a
# block big enough to raise the threshold). 64 KiB comes from the heap; an agent's read
# is ~0.8 KB.
READ_SIZE = 64 * 1024


def small_reads(transport: asyncio.BaseTransport) -> None:
    """Reads of at most READ_SIZE on ``transport`` (a plain socket transport's
    ``max_size``; any other transport is left as it is)."""
    if isinstance(getattr(transport, "max_size", None), int):
        transport.max_size = READ_SIZE  # type: ignore[attr-defined]


async def agent_worker(url: str, tokens: list[str], accept_after: float) -> None:
    """One process holding many agent consoles' connections (the raw protocol, no UI).

    stdout, one line each: ``ready``; ``offer CONV T`` the first time an offer to one of
    these agents arrives (T = time.perf_counter(), which is system-wide on Linux);
    ``expired CONV``; ``accepted CONV``; ``stats JSON`` answering ``report`` on stdin.
    stdin: ``report`` (delivery latencies since the last report), ``stages`` (from now on,
    each delivery's send time, writer batch start and arrival, on this process's perf clock,
    reported with the latencies), ``stop``.
    """
    decode = msgspec.json.Decoder(WorkerFrame).decode
    deliveries: list[float] = []
    # A delivery's arrival time and its body, kept as they come: the send stamp in the body
    # is read at ``report``, after the metered runs (timing the deliveries is the load
    # test's own work, not a console's: a console reads, decodes and routes every frame,
    # as the workers still do in the window). With ``stages``: read at once, as before.
    arrived: list[float] = []
    bodies: list[str] = []
    stages: list[tuple[float, float, float]] | None = None
    wall = 0.0  # the event's ts (wall clock) on the perf clock: ts / 1000 - wall
    counts = {
        "events": 0,
        "resyncs": 0,
        "accept_errors": 0,
        "offers": 0,
        "summaries": 0,
        "foreign": 0,  # customer messages of a conversation the agent had not accepted
    }
    offered: set[int] = set()
    connected = 0
    all_connected = asyncio.Event()
    out = sys.stdout

    async def accept(ws, conv: int) -> None:
        if accept_after > 0:
            await asyncio.sleep(accept_after)
        await ws.send(json.dumps({"type": "accept", "id": f"acc-{conv}", "conversation": conv}))

    async def one(token: str) -> None:
        nonlocal connected
        async with connect(
            url,
            compression=None,
            max_size=2**24,
            open_timeout=60,
            create_connection=AgentConnection,
        ) as ws:
            small_reads(ws.transport)
            # Protocol 2, as the console says it: a waiting-work summary, not every event
            # of every waiting conversation (PROTOCOL=1 in the environment: the old stream).
            hello = {"type": "hello", "token": token, "subscribe": True, "protocol": PROTOCOL}
            await ws.send(json.dumps(hello))
            welcome = decode(await ws.recv())
            if welcome.type != "welcome":
                raise SystemExit(f"hello refused: {welcome}")
            me = welcome.agent_id
            connected += 1
            if connected == len(tokens):
                all_connected.set()
            last = welcome.seq
            owned: set[int] = set()  # the conversations this agent accepted
            pending: set[asyncio.Task] = set()

            def later(coro) -> None:
                task = asyncio.create_task(coro)
                pending.add(task)
                task.add_done_callback(pending.discard)

            def handle(raw: bytes | str) -> None:
                nonlocal last
                f = decode(raw)
                if f.type == "event":
                    counts["events"] += 1
                    if f.seq > last:
                        last = f.seq
                    if f.kind == _RECEIVED:
                        if f.conversation not in owned:
                            counts["foreign"] += 1
                        body = f.payload.body
                        if type(body) is str and body[:2] == "a=":
                            now = time.perf_counter()
                            if stages is None:
                                arrived.append(now)
                                bodies.append(body)
                            else:
                                sent = stamp_of(body)
                                deliveries.append(now - sent)
                                stages.append((sent, f.ts / 1000 - wall, now))
                    elif f.kind == _OFFERED and f.payload.agent == me:
                        counts["offers"] += 1
                        conv = f.conversation or 0
                        if conv not in offered:
                            offered.add(conv)
                            print(f"offer {conv} {time.perf_counter():.6f}", file=out, flush=True)
                        later(accept(ws, conv))
                    elif f.kind == _OFFER_EXPIRED and f.payload.agent == me:
                        print(f"expired {f.conversation}", file=out, flush=True)
                elif f.type == "waiting":
                    counts["summaries"] += 1
                elif f.type == "resync":
                    counts["resyncs"] += 1
                    resume = {"type": "resume", "since": f.last_seq or last}
                    later(ws.send(json.dumps(resume)))
                elif f.type in ("ack", "result") and (f.id or "").startswith("acc-"):
                    conv = f.id[4:]  # type: ignore[index]  # (not None: it starts with acc-)
                    owned.add(int(conv))  # this agent's from now on
                    print(f"accepted {conv}", file=out, flush=True)
                elif f.type == "error" and (f.id or "").startswith("acc-"):
                    counts["accept_errors"] += 1

            while True:
                left = ws.follow(handle) if FAST_AGENT_READ else None
                if left is not None:
                    await left  # the shortcut ended: the connection closed, or recv's turn
                    continue
                try:
                    raw = await ws.recv(decode=False)
                except ConnectionClosed:
                    break
                handle(raw)

    tasks = [asyncio.create_task(one(t)) for t in tokens]
    waiter = asyncio.create_task(all_connected.wait())
    done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        for task in done:
            task.result()  # a connection failed: say why
    print("ready", flush=True)
    # As the server does once started: what connecting built is moved out of the cyclic
    # collector's way (never walked again) and young objects are collected less often.
    tune_gc_for_serving()
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if line == "report":
            for now, body in zip(arrived, bodies, strict=True):
                deliveries.append(now - stamp_of(body))
            arrived.clear()
            bodies.clear()
            stats = {**counts, "reads": _READS[0], "bytes": _READS[1], "deliveries": deliveries[:]}
            if stages is not None:
                stats["stages"] = stages[:]
                stages.clear()
            _READS[0] = _READS[1] = 0
            deliveries.clear()
            print("stats " + json.dumps(stats), flush=True)
        elif line == "stages":
            decode = msgspec.json.Decoder(TimedWorkerFrame).decode
            wall = time.time() - time.perf_counter()
            stages = []
        elif line in ("stop", ""):
            break
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class Workers:
    """W agent worker processes; their stdout lines arrive on one queue."""

    def __init__(self, url: str, tokens: list[str], processes: int, accept_after: float):
        self.lines: queue.Queue[tuple[int, str]] = queue.Queue()
        self.procs: list[subprocess.Popen] = []
        size = -(-len(tokens) // processes)
        for k in range(processes):
            chunk = tokens[k * size : (k + 1) * size]
            if not chunk:
                continue
            proc = subprocess.Popen(
                [sys.executable, __file__, AGENT_WORKER, url, str(accept_after)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(chunk) + "\n")
            proc.stdin.flush()
            threading.Thread(target=self._read, args=(k, proc), daemon=True).start()
            self.procs.append(proc)
        self.stash: list[tuple[int, str]] = []

    def _read(self, k: int, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.put((k, line.rstrip("\n")))
        self.lines.put((k, "exit"))

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def next(self, timeout: float) -> tuple[int, str] | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def wait_ready(self, timeout: float = 120) -> None:
        ready: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(ready) < len(self.procs):
            got = self.next(max(0.01, deadline - time.monotonic()))
            if got is None:
                raise SystemExit("agent workers did not connect in time")
            k, line = got
            if line == "ready":
                ready.add(k)
            elif line == "exit":
                raise SystemExit(f"agent worker {k} exited before connecting")

    def send(self, command: str) -> None:
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.write(command + "\n")
            proc.stdin.flush()

    def report(self, timeout: float = 60) -> dict:
        """Sum of every worker's counters and delivery latencies since the last report."""
        self.send("report")
        total: dict = {"deliveries": []}
        got: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(got) < len(self.procs) and time.monotonic() < deadline:
            item = self.next(max(0.01, deadline - time.monotonic()))
            if item is None:
                break
            k, line = item
            if line.startswith("stats "):
                got.add(k)
                for key, value in json.loads(line[6:]).items():
                    empty = [] if key in ("deliveries", "stages") else 0
                    total[key] = total.get(key, empty) + value
            else:
                self.stash.append(item)
        return total

    def close(self) -> None:
        for proc in self.procs:
            try:
                assert proc.stdin is not None
                proc.stdin.write("stop\n")
                proc.stdin.flush()
            except OSError:
                pass
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def burst_phase(
    url: str, token: str, workers: Workers, count: int, window: int, settle: float
) -> dict:
    """``count`` new conversations at once; wait until each was offered and accepted."""
    start = time.perf_counter()
    offered: dict[int, float] = {}
    accepted: set[int] = set()
    expired = 0

    def drain(until: float, done) -> None:
        nonlocal expired
        while time.perf_counter() < until and not done():
            item = workers.stash.pop(0) if workers.stash else workers.next(0.05)
            if item is None:
                continue
            _, line = item
            word, _, rest = line.partition(" ")
            if word == "offer":
                conv, stamp = rest.split()
                offered.setdefault(int(conv), float(stamp))
            elif word == "accepted":
                accepted.add(int(rest))
            elif word == "expired":
                expired += 1

    sender = threading.Thread(
        target=lambda: result.append(
            asyncio.run(blast(url, token, 10, count, window, count, 0, AGENT_PREFIX, "b"))
        )
    )
    result: list[tuple[float, list[float]]] = []
    sender.start()
    drain(start + 120, lambda: len(offered) >= count and not sender.is_alive())
    sender.join()
    all_offered = max(offered.values()) - start if len(offered) >= count else float("nan")
    drain(time.perf_counter() + 60, lambda: len(accepted) >= count)
    all_accepted = time.perf_counter() - start
    # Offers still open when the agents stopped answering would expire later: wait a little.
    drain(time.perf_counter() + settle, lambda: False)
    return {
        "offered": len(offered),
        "all_offered_s": all_offered,
        "offer_p50_s": pct([t - start for t in offered.values()], 0.5),
        "accepted": len(accepted),
        "all_accepted_s": all_accepted,
        "expired": expired,
        "acks_s": max(result[0][1]) if result and result[0][1] else float("nan"),
    }


async def paced_to(
    url: str,
    token: str,
    rate: float,
    seconds: float,
    customers: int,
    offset: int,
    labels: tuple[str, ...] = (),
    acked: dict[str, float] | None = None,
) -> list[float]:
    """Send at a fixed rate on one connection (the delivery is timed by whoever receives
    it); ``labels`` go to ``frame``. Returns the ack latencies; ``acked`` gets the time of
    each ack by the send time as the frame's body carries it."""
    total = int(rate * seconds)
    acks: list[float] = []
    async with connect(url, compression=None, max_size=2**22) as ws:
        await hello(ws, token, subscribe=False)
        sent_at: dict[str, float] = {}

        async def reader() -> None:
            for _ in range(total):
                msg = ack_decoder.decode(await ws.recv())
                now = time.perf_counter()
                sent = sent_at.pop(msg.id)
                acks.append(now - sent)
                if acked is not None:
                    acked[f"{sent:.6f}"] = now

        task = asyncio.create_task(reader())
        start = time.perf_counter()
        for n in range(total):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.perf_counter()
            i = offset + n
            sent_at[str(i)] = now
            await ws.send(frame(i, now, customers, *labels))
        await task
    return acks


def start_loancs(db: Path, sync: str, writer: str = "auto") -> tuple[subprocess.Popen, str]:
    """A ``loancs serve`` on ``db``; ``writer``: its ``--writer`` (auto, process, thread)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "loancs",
            "serve",
            "--db",
            str(db),
            "--port",
            "0",
            "--log-level",
            "warning",
            "--sync",
            sync,
            # (auto is the server's default: not said, so a tree from before the option runs)
            *(["--writer", writer] if writer != "auto" else []),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    for line in proc.stdout:
        match = re.search(r"serving on (ws://\S+)", line)
        if match:
            # Keep reading what it logs: a full pipe would stop the server mid-run.
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, match.group(1)
    raise SystemExit("loancs did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def start_echo() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", ECHO_SERVER], stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().split()[1]
    return proc, f"ws://127.0.0.1:{port}"


PHASES = ("throughput", "supervisors", "burst", "agents", "cluster")


# ---------------------------------------------------------------- several servers on PostgreSQL


MAINTENANCE_WATCHER = "--maintenance-watcher"
WATCH_EVERY_S = 0.05


async def maintenance_watcher(url: str) -> None:
    """A process of its own beside a paced PostgreSQL run (not a thread of this one: its
    queries must not take the interpreter from the measured sender and subscribers): every
    WATCH_EVERY_S, one line ``<time.time()> <what>`` per autovacuum worker at work (its
    ``pg_stat_activity.query``: ``autovacuum: ANALYZE public.events`` ...), until its stdin
    closes."""
    import asyncpg

    conn = await asyncpg.connect(url)
    done = asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    while not done.done():
        rows = await conn.fetch(
            "SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            " AND query LIKE 'autovacuum:%'"
        )
        now = time.time()
        for row in rows:
            print(f"{now:.4f} {row[0].removeprefix('autovacuum: ')}", flush=True)
        await asyncio.sleep(WATCH_EVERY_S)
    await conn.close()


class MaintenanceWatch:
    """What autovacuum did during a paced run, and whether the slowest deliveries were the
    ones in flight while it worked (``line``). On two cores shared by the servers, the
    client and PostgreSQL, an ANALYZE is a burst of CPU at once."""

    def __init__(self, url: str):
        self._proc = subprocess.Popen(
            [sys.executable, __file__, MAINTENANCE_WATCHER, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.samples: list[tuple[float, str]] = []  # (perf clock, what)

    def stop(self) -> None:
        out, _ = self._proc.communicate(timeout=30)  # its stdin closed: it stops
        wall = time.time() - time.perf_counter()
        for line in out.splitlines():
            at, _, what = line.partition(" ")
            self.samples.append((float(at) - wall, what))

    def line(self, flights: list[tuple[float, float]]) -> str:
        """``flights``: (sent, delivered) of each message, perf clock."""
        if not self.samples:
            return "autovacuum at work during the run: never seen"
        ran: dict[str, int] = {}
        for _, what in self.samples:
            ran[what] = ran.get(what, 0) + 1
        times = sorted(at for at, _ in self.samples)
        if not flights:
            return "(no deliveries to compare)"

        def met(sent: float, delivered: float) -> bool:
            """Autovacuum was seen at work while the message was in flight."""
            k = bisect.bisect_left(times, sent - WATCH_EVERY_S)
            return k < len(times) and times[k] <= delivered

        worst = sorted(flights, key=lambda f: f[1] - f[0])[-max(1, len(flights) // 100) :]
        return (
            f"autovacuum at work: {', '.join(f'{w} {n * WATCH_EVERY_S:.2f} s' for w, n in ran.items())};"
            f" slowest 1 % of deliveries in flight meanwhile: {sum(met(*f) for f in worst)}"
            f" of {len(worst)} (all deliveries: {sum(met(*f) for f in flights) / len(flights):.0%})"
        )


def scratch_database(admin_url: str) -> tuple[str, str]:
    """A new database beside ``admin_url``'s; returns (its URL, its name)."""
    import asyncpg

    name = f"loancs_load_{os.getpid()}"

    async def create() -> None:
        conn = await asyncpg.connect(admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    return with_database(admin_url, name), name


def with_database(url: str, name: str) -> str:
    """``url`` naming database ``name`` (a query string, e.g. a Unix socket's ``?host=``,
    is kept)."""
    address, mark, query = url.partition("?")
    base, _, _ = address.rpartition("/")
    return f"{base}/{name}{mark}{query}"


def drop_database(admin_url: str, name: str) -> None:
    import asyncpg

    async def drop() -> None:
        conn = await asyncpg.connect(admin_url)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    asyncio.run(drop())


def postgres_backends(admin_url: str, name: str) -> dict[str, list[int]]:
    """The PostgreSQL server processes serving the scratch database (for their CPU), by
    role: the loancs connections by their application_name (``writer``, ``listen``,
    ``read``, ``lease``, ``presence``; ``loancs`` alone: an admin command's), and the
    server's own background processes (WAL writer, checkpointer, autovacuum ...) as
    ``background``."""
    import asyncpg

    async def pids() -> dict[str, list[int]]:
        conn = await asyncpg.connect(admin_url)
        try:
            rows = await conn.fetch(
                "SELECT pid, application_name, backend_type FROM pg_stat_activity"
                " WHERE (datname = $1 OR datname IS NULL) AND pid <> pg_backend_pid()",
                name,
            )
        finally:
            await conn.close()
        found: dict[str, list[int]] = {}
        for r in rows:
            app = r["application_name"] or ""
            if r["backend_type"] != "client backend":
                role = "background"
            elif app.startswith("loancs "):
                role = app[len("loancs ") :]
            else:
                role = "other"
            found.setdefault(role, []).append(r["pid"])
        return found

    return asyncio.run(pids())


async def blast_split(
    urls: list[str], token: str, conns: int, total: int, window: int, customers: int, offset: int
) -> tuple[float, list[float]]:
    """``blast`` spread over several servers at once (connections and frames split evenly)."""
    n = len(urls)
    start = time.perf_counter()
    parts = await asyncio.gather(
        *(
            blast(u, token, max(1, conns // n), total // n, window, customers, offset + k * total)
            for k, u in enumerate(urls)
        )
    )
    elapsed = time.perf_counter() - start
    return total // n * n / elapsed, [x for _, lat in parts for x in lat]


def cluster_phase(
    args,
    sqlite_url: str,
    sqlite_token: str,
    sqlite_subs: list[str],
    echo_url: str,
    sqlite_pid: int,
    own_server: bool = False,
) -> None:
    """Ingest on one SQLite server, one PostgreSQL server and N PostgreSQL servers on one
    database, alternated with the bare echo in the same run; then cross-server delivery:
    customer messages sent to server 1 at ``--rate``, supervisors subscribed on the last.
    ``own_server``: PostgreSQL is ours (``--db local``), its settings may be changed."""
    pg_url, name = scratch_database(args.db)
    servers: list[tuple[subprocess.Popen, str]] = []
    try:
        conn = connect_sync(pg_url)
        _, token = create_channel(conn, "load-wechat", "wechat")
        subs = [create_agent(conn, f"sup{i}", "supervisor")[1] for i in range(args.subscribers)]
        conn.close()
        servers.append(start_loancs(pg_url, args.sync))  # type: ignore[arg-type]
        print(
            f"\ncluster: PostgreSQL {pg_url.rsplit('@', 1)[-1]}, up to {args.servers} servers"
            f" (load average {os.getloadavg()[0]:.1f} at the start)"
        )
        pg_urls = [servers[0][1]]
        common = (args.connections, args.messages, args.window, args.customers)
        asyncio.run(blast_split(pg_urls, token, 2, 500, 50, args.customers, 60_000_000))
        figures: dict[str, list[tuple[float, list[float]]]] = {}
        cpu: dict[str, float] = {}

        def measure(label: str, run) -> None:
            loancs = [p for p, _ in servers]
            backends = postgres_backends(args.db, name) if "PostgreSQL" in label else {}
            pids = {
                "loancs": [q for p in loancs for q in [p.pid, *children(p.pid)]],
                "postgres": [q for group in backends.values() for q in group],
            }
            # PostgreSQL's processes by role too (the writers' sessions, the LISTEN ones ...).
            pids.update({f"postgres {role}": group for role, group in sorted(backends.items())})
            if "SQLite" in label:
                pids["loancs"] = [sqlite_pid, *children(sqlite_pid)]
            elif "echo" in label:
                pids["loancs"] = []
            # Each process apart too: a server's main process and its writer child.
            mains = [sqlite_pid] if "SQLite" in label else [] if "echo" in label else loancs
            for k, main in enumerate(mains):
                pid = main if isinstance(main, int) else main.pid
                where = "" if len(mains) == 1 else f" {k + 1}"
                pids[f"server{where} main"] = [pid]
                pids[f"server{where} writer"] = children(pid)
            meter = CpuMeter(pids)
            meter.start()
            figures.setdefault(label, []).append(run())
            meter.stop()
            for key, used in meter.used.items():
                cpu[f"{label} {key}"] = cpu.get(f"{label} {key}", 0.0) + used

        for step in ("one", "two") if args.servers >= 2 else ("one",):
            if step == "two":
                servers.append(start_loancs(pg_url, args.sync))  # type: ignore[arg-type]
                pg_urls = [u for _, u in servers]
                time.sleep(1.0)
            label = f"PostgreSQL, {len(pg_urls)} server{'s' if len(pg_urls) > 1 else ''}"
            for r in range(args.repeat):
                base = 70_000_000 + (r + (10 if step == "two" else 0)) * 4 * args.messages
                if step == "one":
                    measure(
                        "SQLite, 1 server",
                        lambda b=base: asyncio.run(
                            blast(sqlite_url, sqlite_token, *common[:3], args.customers, b)
                        ),
                    )
                measure(
                    label,
                    lambda b=base, urls=pg_urls: asyncio.run(
                        blast_split(urls, token, *common, b + args.messages)
                    ),
                )
                if step == "one":
                    measure(
                        "bare echo",
                        lambda b=base: asyncio.run(
                            blast(echo_url, None, *common[:3], args.customers, b)
                        ),
                    )
        print(
            f"\ningest, median of {args.repeat} ({args.connections} connections,"
            f" {args.messages} frames, window {args.window}; load average"
            f" {os.getloadavg()[0]:.1f}):"
        )
        for label, runs in figures.items():
            rate, lat = median_run(runs)
            line = (
                f"  {label:24s}: {rate:8.0f} acked msg/s   ack p50 {pct(lat, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(lat, 0.99) * 1e3:6.1f} ms"
            )
            total = args.messages * len(runs)
            used = [
                f"{cpu[f'{label} {k}'] / total * 1e6:.0f} µs/msg {k}"
                for k in ("loancs", "postgres")
            ]
            if "echo" not in label:
                line += "   CPU " + ", ".join(used if "PostgreSQL" in label else used[:1])
            print(line)
            if "echo" not in label:  # CPU per message of each process
                parts = [
                    f"{key[len(label) + 1 :]} {cpu[key] / total * 1e6:.0f}"
                    for key in cpu
                    if key.startswith(f"{label} server")
                    or key == f"{label} load test client (this process)"
                ]
                print(f"  {'':24s}  µs/msg: " + ", ".join(parts).replace(" (this process)", ""))
                roles = [
                    f"{key[len(label) + 10 :]} {cpu[key] / total * 1e6:.0f}"
                    for key in cpu
                    if key.startswith(f"{label} postgres ")
                ]
                if roles:
                    print(f"  {'':24s}  postgres µs/msg: " + ", ".join(roles))
        # Delivery at --rate: on SQLite (one server), then on PostgreSQL to supervisors on
        # the server that took the message and on the other one (with one server: only
        # the first): the difference is the feed from the log.
        runs = [("SQLite, 1 server", sqlite_url, sqlite_token, sqlite_subs, sqlite_url)]
        runs += [
            ("PostgreSQL, same server", servers[0][1], token, subs, servers[0][1]),
            ("PostgreSQL, A -> B", servers[0][1], token, subs, servers[-1][1]),
        ][: len(servers)]
        summary = []
        stages = StatementStages(pg_url, timing=own_server) if len(runs) > 1 else None
        for k, (where, url, tok, sub_tokens, sub_url) in enumerate(runs):
            if stages is not None and "PostgreSQL" in where:
                stages.reset()
            batches = batch_times(url)
            feed = batch_times(sub_url, "loancs_feed_seconds") if sub_url != url else None
            watch = MaintenanceWatch(pg_url) if "PostgreSQL" in where else None
            res = asyncio.run(
                paced(
                    url,
                    tok,
                    sub_tokens,
                    args.rate,
                    args.seconds,
                    args.customers,
                    90_000_000 + k * 1_000_000,
                    sub_url=sub_url,
                )
            )
            if watch is not None:
                watch.stop()
            d, a = res["delivery"], res["acks"]
            summary.append(
                f"  {where:24s}: p50 {pct(d, 0.5) * 1e3:6.1f} ms  p99 {pct(d, 0.99) * 1e3:6.1f} ms"
                f"  max {max(d, default=0) * 1e3:6.1f} ms   (ack p50 {pct(a, 0.5) * 1e3:5.1f}"
                f" / p99 {pct(a, 0.99) * 1e3:5.1f} ms; {len(d)} deliveries,"
                f" load average {os.getloadavg()[0]:.1f})"
            )
            summary.append(f"  {'':24s}  {stage_split(res['stages'])}")
            summary.append(f"  {'':24s}  {long_batches(batches, batch_times(url))}")
            if feed is not None:
                after = batch_times(sub_url, "loancs_feed_seconds")
                summary.append(f"  {'':24s}  {feed_waits(feed, after)}")
            summary.append(f"  {'':24s}  {res['pauses']}")
            if stages is not None and "PostgreSQL" in where:
                summary.append(f"  {'':24s}  {stages.per_batch()}")
                summary.append(f"  {'':24s}  {stages.maintenance()}")
            if watch is not None:
                summary.append(f"  {'':24s}  {watch.line(res['flights'])}")
        print(
            f"\ndelivery at {args.rate:.0f} msg/s for {args.seconds:.0f} s, customer message"
            f" -> console event ({args.subscribers} supervisors; A -> B: the gateway on"
            " server A, the consoles on server B; target A -> B p99 < 50 ms):"
        )
        print("\n".join(summary))
    finally:
        for proc, _ in servers:
            stop_server(proc)
        drop_database(args.db, name)


class StatementStages:
    """The writers' statements as PostgreSQL timed them (pg_stat_statements, when the
    server loads it: ``--db local`` does), per writer batch: how long a batch waited for
    the append lock and executed its ingest lookup and its write; and, on a server of our
    own (``timing``: the load test turns PostgreSQL's WAL I/O timing on there), the WAL
    flushes (pg_stat_wal: every process's, the commits' among them). The round trips and
    the writer's own Python are the rest of a batch's time."""

    STAGES = (
        ("append lock", "pg_advisory_xact_lock"),
        ("lookup", "WITH ORDINALITY AS k(channel"),
        ("write", "INSERT INTO events"),
    )

    def __init__(self, url: str, timing: bool = False):
        self.url = url
        self.since = None  # PostgreSQL's clock at the last reset
        self.ok = self._run("CREATE EXTENSION IF NOT EXISTS pg_stat_statements") is not None
        self.timing = timing and all(
            self._run(sql) is not None
            for sql in ("ALTER SYSTEM SET track_wal_io_timing = on", "SELECT pg_reload_conf()")
        )

    def _run(self, sql: str) -> list | None:
        import asyncpg

        async def fetch() -> list:
            conn = await asyncpg.connect(self.url)
            try:
                return list(await conn.fetch(sql))
            finally:
                await conn.close()

        try:
            return asyncio.run(fetch())
        except Exception:  # not loaded (another server, or not installed): no figures
            return None

    def reset(self) -> None:
        if self.ok:
            self._run("SELECT pg_stat_statements_reset()")
        if self.timing:
            self._run("SELECT pg_stat_reset_shared('wal')")
        now = self._run("SELECT now()")
        self.since = now[0][0] if now else None

    def maintenance(self) -> str:
        """The tables autovacuum vacuumed or analyzed since ``reset``: its CPU and I/O on
        this machine's cores are the run's too (its first round comes ~1 min after the
        database is made, the ingest phases' rows to go through)."""
        rows = self._run(
            "SELECT relname, last_autovacuum, last_autoanalyze FROM pg_stat_user_tables"
            " ORDER BY relname"
        )
        if rows is None or self.since is None:
            return "(no autovacuum figures)"
        done = [
            f"{what} {r['relname']}"
            for r in rows
            for what, at in (("vacuum", r["last_autovacuum"]), ("analyze", r["last_autoanalyze"]))
            if at is not None and at >= self.since
        ]
        return "autovacuum during the run: " + (", ".join(done) if done else "none")

    def per_batch(self) -> str:
        rows = self._run(
            "SELECT query, calls, total_exec_time FROM pg_stat_statements"
            " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        if not self.ok or not rows:
            return "(no statement figures: pg_stat_statements is not loaded)"
        totals = {label: [0, 0.0] for label, _ in self.STAGES}
        for row in rows:
            for label, mark in self.STAGES:
                if mark in row["query"]:
                    totals[label][0] += row["calls"]
                    totals[label][1] += row["total_exec_time"]
                    break
        batches = totals["append lock"][0]
        if not batches:
            return "(no writer batches seen)"
        line = f"in PostgreSQL per batch ({batches} batches): " + ", ".join(
            f"{label} {ms / batches:.2f} ms" for label, (_, ms) in totals.items()
        )
        wal = self._run("SELECT wal_sync, wal_sync_time FROM pg_stat_wal") if self.timing else None
        if wal and wal[0]["wal_sync"]:
            syncs, ms = wal[0]["wal_sync"], wal[0]["wal_sync_time"]
            line += f", WAL flush {ms / batches:.2f} ms ({syncs} flushes, {ms / syncs:.2f} ms each)"
        return line


def one_core_each(ours: CpuMeter, echo: CpuMeter, messages: int) -> tuple[float, str]:
    """On a machine with a core for every process, a run's rate is bounded by its largest
    single process (1 / its CPU per message), not by the sum on shared cores: that bound's
    ratio, loancs over the bare echo, for one run of each of ``messages`` messages, and a
    line that names both walls."""
    name, used = ours.largest()
    echo_name, echo_used = echo.largest()
    if not messages or used <= 0 or echo_used <= 0:
        return 0.0, "(no CPU figures)"
    rate, echo_rate = messages / used, messages / echo_used
    return rate / echo_rate, (
        f"loancs {rate:6.0f} msg/s ({name}, {used / messages * 1e6:.0f} µs/msg),"
        f" echo {echo_rate:6.0f} msg/s ({echo_name}, {echo_used / messages * 1e6:.0f} µs/msg)"
    )


def median_run(runs: list[tuple[float, R]]) -> tuple[float, R]:
    """The run in the middle by its first figure (the upper one of an even count)."""
    return sorted(runs, key=lambda x: x[0])[len(runs) // 2]


def print_median_meter(meters: list, process: str, whose: str, messages: int) -> None:
    """Print the CPU lines of the run whose `process` used the median CPU (one window moves by
    10-20 µs under the machine's other load, so the median window is the one to quote)."""
    meter = median_run([(m.used[process], m) for m in meters])[1]
    print(
        f"  CPU in the median run of {len(meters)} {whose} ({messages} messages, {meter.wall:.1f} s):"
    )
    for line in meter.lines(messages):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated, in order")
    parser.add_argument("--connections", "-c", type=int, default=8)
    parser.add_argument("--messages", "-m", type=int, default=20000)
    parser.add_argument("--window", type=int, default=100, help="frames in flight per connection")
    parser.add_argument("--subscribers", "-s", type=int, default=50, help="supervisors phase")
    parser.add_argument("--rate", type=float, default=1000.0, help="msg/s, supervisors phase")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the paced runs")
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs of each server")
    parser.add_argument(
        "--writer",
        choices=["auto", "process", "thread"],
        default="auto",
        help="the servers' --writer (auto: a thread on one usable CPU, else a child process)",
    )
    parser.add_argument("--agents", "-a", type=int, default=200, help="burst and agents phases")
    parser.add_argument("--workers", type=int, default=4, help="processes holding the agents")
    parser.add_argument("--burst", type=int, default=500, help="new conversations at once")
    parser.add_argument("--accept-after", type=float, default=0.2, help="agent reaction, s")
    parser.add_argument("--agent-rate", type=float, default=400.0, help="msg/s, agents phase")
    parser.add_argument(
        "--db",
        help="cluster phase: a postgresql:// URL where this script may CREATE DATABASE"
        " (a scratch database is made there and dropped afterwards), or 'local': start a"
        " PostgreSQL of its own (initdb + pg_ctl in a temp dir, fsync on, Unix socket)",
    )
    parser.add_argument("--servers", type=int, default=2, help="cluster phase: 1 or 2 servers")
    args = parser.parse_args()
    phases = [x.strip() for x in args.phases.split(",") if x.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s) {sorted(unknown)}; choose from {', '.join(PHASES)}")
    if "agents" in phases and "burst" not in phases:
        parser.error("the agents phase needs the burst phase (its conversations)")

    tmp = Path(tempfile.mkdtemp(prefix="loancs-load-"))
    db = tmp / "load.db"
    conn = connect_sync(db)
    _, channel_token = create_channel(conn, "load-wechat", "wechat")
    sub_tokens = [create_agent(conn, f"sup{i}", "supervisor")[1] for i in range(args.subscribers)]
    conn.close()
    # The burst and agents phases run on a second server with a fresh database, so that the
    # router has nothing but the burst to offer.
    agents_db = tmp / "agents.db"
    conn = connect_sync(agents_db)
    _, agents_channel = create_channel(conn, "load-wechat", "wechat")
    capacity = {"phone": 1, "chat": 5, "wechat": max(5, -(-args.burst // args.agents) + 2)}
    agent_tokens = [
        create_agent(conn, f"agent{i}", "agent", {"car": 1}, capacity)[1]
        for i in range(args.agents if "burst" in phases else 0)
    ]
    conn.close()

    echo, echo_url = start_echo()
    server, url = start_loancs(db, args.sync, args.writer)
    workers: Workers | None = None
    try:
        print(
            f"loancs {url} (sync={args.sync}, writer={args.writer}: {writer_of(server)}),"
            f" echo {echo_url}; {usable_cpus()} of {os.cpu_count()} cores usable"
        )
        warm = 500
        asyncio.run(blast(url, channel_token, 2, warm, 50, args.customers, 10_000_000))
        asyncio.run(blast(echo_url, None, 2, warm, 50, args.customers, 0))

        def compare(
            prefix: str,
            tag: str,
            base: int,
            label: str,
            meters: list[CpuMeter] | None,
            echo_meters: list[CpuMeter] | None = None,
        ):
            """Alternate the two servers and keep each one's median run: the machine's
            other load moves both figures by tens of percent from run to run. ``meters``:
            one CPU meter per run of ours (each run is a window of the CPU figures);
            ``echo_meters``: the same for each run of the echo."""
            ours, echoes = [], []
            for r in range(args.repeat):
                offset = base + r * args.messages
                meter = meters[r] if meters is not None else None
                echo_meter = echo_meters[r] if echo_meters is not None else None
                if meter is not None:
                    meter.start()
                ours.append(
                    asyncio.run(
                        blast(
                            url,
                            channel_token,
                            args.connections,
                            args.messages,
                            args.window,
                            args.customers if prefix == "LOAD" else args.burst,
                            offset,
                            prefix,
                            tag,
                        )
                    )
                )
                if meter is not None:
                    meter.stop()
                if echo_meter is not None:
                    echo_meter.start()
                echoes.append(
                    asyncio.run(
                        blast(
                            echo_url,
                            None,
                            args.connections,
                            args.messages,
                            args.window,
                            args.customers,
                            offset,
                        )
                    )
                )
                if echo_meter is not None:
                    echo_meter.stop()
                print(
                    f"  run {r + 1}: loancs {ours[-1][0]:8.0f} msg/s,"
                    f" echo {echoes[-1][0]:8.0f} msg/s"
                )
            rate, lat = median_run(ours)
            echo_rate, echo_lat = median_run(echoes)
            print(
                f"\n{label}, median of {args.repeat} ({args.connections} connections x"
                f" {args.messages // args.connections} frames, window {args.window}):"
            )
            print(
                f"  loancs ingest : {rate:9.0f} acked msg/s   ack p50 {pct(lat, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(lat, 0.99) * 1e3:6.1f} ms"
            )
            print(
                f"  bare echo     : {echo_rate:9.0f} msg/s"
                f"         p50 {pct(echo_lat, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(echo_lat, 0.99) * 1e3:6.1f} ms"
            )
            return rate, echo_rate

        if "throughput" in phases:
            rate, echo_rate = compare("LOAD", "t", 0, "throughput, no subscribers", None)
            print(f"  loancs / echo : {rate / echo_rate:9.1%}   (target >= 40%)")

        if "supervisors" in phases:
            res = asyncio.run(
                paced(
                    url,
                    channel_token,
                    sub_tokens,
                    args.rate,
                    args.seconds,
                    args.customers,
                    20_000_000,
                )
            )
            d, a = res["delivery"], res["acks"]
            print(
                f"\ndelivery at {args.rate:.0f} msg/s for {args.seconds:.0f} s with"
                f" {args.subscribers} supervisors subscribed ({len(d)} deliveries):"
            )
            print(
                f"  customer msg -> subscriber event: p50 {pct(d, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(d, 0.99) * 1e3:6.1f} ms  max {max(d) * 1e3:6.1f} ms"
                "   (target p99 < 50 ms)"
            )
            print(
                f"  ack latency                     : p50 {pct(a, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(a, 0.99) * 1e3:6.1f} ms"
            )

        if "burst" in phases:
            stop_server(server)
            server, url = start_loancs(agents_db, args.sync, args.writer)
            channel_token = agents_channel
            print(f"\nsecond server for the agents: {url}")
        pids = {"server main process": [server.pid]}
        writer_child = children(server.pid)
        if writer_child:  # (--writer thread: a thread of the main process, counted there)
            pids["server writer child"] = writer_child
        if "burst" in phases:
            started = time.perf_counter()
            workers = Workers(url, agent_tokens, args.workers, args.accept_after)
            workers.wait_ready()
            pids[f"{len(workers.procs)} agent worker processes"] = workers.pids
            print(
                f"\n{args.agents} agents connected from {len(workers.procs)} processes"
                f" in {time.perf_counter() - started:.1f} s"
            )
            meter = CpuMeter(pids)
            before = workers.report()
            meter.start()
            b = burst_phase(url, channel_token, workers, args.burst, 50, 3.0)
            meter.stop()
            after = workers.report()
            print(
                f"\nburst: {args.burst} new conversations at once, {args.agents} agents"
                f" (accepting {args.accept_after:g} s after each offer):"
            )
            print(
                f"  offered {b['offered']}/{args.burst}; all offered after"
                f" {b['all_offered_s']:6.2f} s (median {b['offer_p50_s']:.2f} s)"
                "   (target: all within 1 s)"
            )
            print(
                f"  offers expired: {b['expired']}   (target 0); accepted {b['accepted']}"
                f" after {b['all_accepted_s']:.2f} s; last ingest ack {b['acks_s']:.2f} s"
            )
            print(
                f"  frames to the agents: {after['events'] - before['events']} events,"
                f" {after['summaries'] - before['summaries']} waiting summaries"
                f" (agents speak protocol {PROTOCOL})"
            )
            print("  CPU during the burst (from its start until every offer was accepted):")
            for line in meter.lines(0):
                print(line)

        if "agents" in phases:
            assert workers is not None
            start = workers.report()  # start the delivery count afresh
            http_url = url.replace("ws", "http", 1)
            meters = [CpuMeter(pids, http_url) for _ in range(args.repeat)]
            echo_meters = [CpuMeter({"bare echo server": [echo.pid]}) for _ in meters]
            print(
                f"\nagents: {args.agents} agents connected, each message goes to the one agent"
                " who owns its conversation"
            )
            rate, echo_rate = compare(
                AGENT_PREFIX,
                "a",
                30_000_000,
                f"ingest with {args.agents} agents",
                meters,
                echo_meters,
            )
            print(f"  loancs / echo : {rate / echo_rate:9.1%}   (target >= 60%)")
            print(
                "  (the agent workers read and decode every frame, count each event, check"
                " each customer message's conversation\n   against the ones its agent"
                " accepted and note its arrival time; its send stamp is read after the runs;"
                f"\n   socket reads of {READ_SIZE // 1024} KiB at most, in {len(workers.procs)}"
                " processes whose CPU is below)"
            )
            got = workers.report()
            d = got["deliveries"]
            print(
                f"  delivered to owners: {len(d)} of {args.messages * args.repeat};"
                f" resyncs {got.get('resyncs', 0)}; customer messages of a conversation the"
                f" agent had not accepted {got.get('foreign', 0) - start.get('foreign', 0)};"
                f" latency at full speed p50 {pct(d, 0.5) * 1e3:.1f} ms"
                f" p99 {pct(d, 0.99) * 1e3:.1f} ms"
            )
            # The agent workers' CPU a message falls as more of an agent's events come in one
            # socket read (bigger commits, or the server slower to write): say how many.
            events = got["events"] - start["events"]
            reads = got.get("reads", 0)
            print(
                f"  frames to the agents: {events} events in {reads} socket reads"
                f" ({events / max(reads, 1):.2f} a read), {got.get('bytes', 0) / max(events, 1):.0f}"
                f" bytes an event, over the {args.repeat} runs"
            )
            # Each run is one window of CPU figures; the median window is the one to quote
            # (one window moves by 10-20 µs under the machine's other load).
            print_median_meter(meters, "server main process", "by the main process", args.messages)
            # Every window, in the order run: the CPU per message falls as commits grow (a
            # socket write per recipient and a pipe round trip per commit), and commits
            # shrink when the machine's other load slows the writer; say both.
            worker_name = f"{len(workers.procs)} agent worker processes"
            for k, m in enumerate(meters):
                print(
                    f"    run {k + 1}: main process"
                    f" {m.used['server main process'] / args.messages * 1e6:4.0f} µs/msg,"
                    f" agent workers {m.used[worker_name] / args.messages * 1e6:4.1f} µs/msg,"
                    f" {m.per_commit():5.1f} ops per commit, load average {m.load:.1f}"
                )
            windows = sorted(m.used["server main process"] / args.messages * 1e6 for m in meters)
            server_us = windows[len(windows) // 2]
            print(
                f"  server main process per message: {server_us:.0f} µs, median of"
                f" {len(windows)} runs ({', '.join(f'{w:.0f}' for w in windows)})"
                "   (target <= 100 µs)"
            )
            # Here the processes share the machine's cores, so the sum of their CPU is the
            # wall; with a core for each, the largest single process is.
            print_median_meter(echo_meters, "bare echo server", "of the bare echo", args.messages)
            bounds = sorted(
                (
                    one_core_each(m, e, args.messages)
                    for m, e in zip(meters, echo_meters, strict=True)
                ),
                key=lambda bound: bound[0],
            )
            ratio, walls = bounds[len(bounds) // 2]
            print(
                f"  with a core for each process, loancs / echo : {ratio:5.1%}, median of"
                f" {len(bounds)} runs ({', '.join(f'{b[0]:.1%}' for b in bounds)});"
                " the largest single process is the wall:"
            )
            print(f"    {walls}")

            meter = CpuMeter(pids)
            workers.send("stages")  # each delivery's stages (the event's ts read from now on)
            acked: dict[str, float] = {}
            meter.start()
            with ClientPauses(tune=False) as pauses:
                acks = asyncio.run(
                    paced_to(
                        url,
                        channel_token,
                        args.agent_rate,
                        args.seconds,
                        args.burst,
                        40_000_000,
                        (AGENT_PREFIX, "a"),
                        acked=acked,
                    )
                )
            time.sleep(0.5)
            meter.stop()
            got = workers.report()
            d = got["deliveries"]
            sent = int(args.agent_rate * args.seconds)
            print(
                f"\ndelivery at {args.agent_rate:.0f} msg/s for {args.seconds:.0f} s to"
                f" {args.agents} agents ({len(d)} of {sent} delivered):"
            )
            print(
                f"  customer msg -> owner's console: p50 {pct(d, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(d, 0.99) * 1e3:6.1f} ms  max {max(d, default=0) * 1e3:6.1f} ms"
            )
            print(
                f"  ack latency                    : p50 {pct(acks, 0.5) * 1e3:6.1f} ms"
                f"  p99 {pct(acks, 0.99) * 1e3:6.1f} ms"
            )
            # Where the time went: before the writer's batch (the gateway's frame read by
            # the main process, the batch before it), in the batch (the writer, its COMMIT,
            # the answer, the ack), after the ack (publish, the agent's socket, its worker).
            stages = got.get("stages", [])
            split = [
                (start - sent, acked[key] - start, now - acked[key])
                for sent, start, now in stages
                if (key := f"{sent:.6f}") in acked
            ]
            print(f"  {stage_split(split)}")
            print(f"  {slowest_split(stages, acked)}")
            print(f"  {pauses.line()}")
            for line in meter.lines(sent):
                print(line)

        if "cluster" in phases:
            if args.db == "local":
                # A PostgreSQL of our own: durable (fsync and synchronous_commit on), reached
                # over its Unix socket like a same-host deployment.
                from tests.postgres import start as start_postgres

                local, socket_dir, stop_postgres = start_postgres(durable=True, statements=True)
                args.db = f"postgresql://loancs@/postgres?host={socket_dir}&port={local.port}"
                try:
                    cluster_phase(args, url, channel_token, sub_tokens, echo_url, server.pid, True)
                finally:
                    stop_postgres()
            elif args.db:
                cluster_phase(args, url, channel_token, sub_tokens, echo_url, server.pid)
            else:
                print("\ncluster: skipped (give --db postgresql://... to compare PostgreSQL)")

        health = subprocess.run(
            ["curl", "-s", url.replace("ws", "http", 1) + "/healthz"],
            capture_output=True,
            text=True,
        ).stdout
        print(f"\nserver health after the run: {health}")
    finally:
        if workers is not None:
            workers.close()
        stop_server(server)
        echo.terminate()
        echo.wait(5)
        shutil.rmtree(tmp, ignore_errors=True)  # the run's databases (hundreds of MB)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == MAINTENANCE_WATCHER:
        asyncio.run(maintenance_watcher(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == AGENT_WORKER:
        asyncio.run(agent_worker(sys.argv[2], json.loads(sys.stdin.readline()), float(sys.argv[3])))
    else:
        main()
