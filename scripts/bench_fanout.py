"""How long the hub takes to decide who gets each event, with many consoles connected.

Builds the server's real ``Hub`` with A agents (each skilled in one of a few loan types),
S supervisors and G gateways subscribed, over C open conversations (most assigned, some
waiting in a queue), and publishes E ``message.received`` events through it. Prints, per
event: the time to find the recipients by the hub's index (what the server does now), the
time to ask the same rule of every subscriber in turn (no index: what the cost grew with
before, though the old check was a cheaper function than ``audience`` per call), and the
whole ``publish`` (finding recipients, encoding the frame once, masking it once for agents,
queueing it). Run it on a quiet machine: the figures are wall-clock time.

    python scripts/bench_fanout.py                 # 200 agents, 5 supervisors
    python scripts/bench_fanout.py --agents 500 --events 20000
"""

from __future__ import annotations

import argparse
import random
import time

from loancs.core.events import Kind
from loancs.core.visibility import Viewer
from loancs.server.hub import Hub, Outbox, Subscriber
from loancs.store.writer import StoredEvent

QUEUES = ("mortgage", "car", "consumer", "business")


def build(agents: int, supervisors: int, conversations: int, waiting: float) -> Hub:
    hub = Hub()
    rng = random.Random(7)
    meta = {}
    for c in range(1, conversations + 1):
        queued = rng.random() < waiting
        meta[c] = {
            "customer": c,
            "channel": "wechat",
            "status": "open",
            "loan_type": rng.choice(QUEUES),
            "assigned": None if queued else rng.randint(1, agents),
        }
    hub.load_meta(meta)
    outbox: Outbox = Outbox()

    def never(_: Subscriber) -> None:
        raise AssertionError("the bench drains every outbox")

    for a in range(1, agents + 1):
        viewer = Viewer(role="agent", agent_id=a, queues=frozenset({QUEUES[a % len(QUEUES)]}))
        hub.add(_sub(viewer, outbox, never))
    for s in range(supervisors):
        hub.add(_sub(Viewer(role="supervisor", agent_id=10_000 + s), outbox, never))
    for kind in ("wechat", "phone", "chat"):
        hub.add(_sub(Viewer(role="channel", channel_kind=kind), outbox, never))
    return hub


def _sub(viewer: Viewer, outbox: Outbox, on_overflow) -> Subscriber:
    sub = Subscriber(viewer, outbox, 10**9, on_overflow)
    sub.finish_replay(0)
    return sub


def events(hub: Hub, count: int) -> list[StoredEvent]:
    rng = random.Random(11)
    ids = list(hub.meta)
    body = "我想问一下房贷提前还款要违约金吗？" * 2
    return [
        StoredEvent(
            seq,
            seq,
            Kind.MESSAGE_RECEIVED,
            (conv := rng.choice(ids)),
            "channel:wechat-gw",
            {"message": seq, "body": body, "channel": "wechat", "customer": conv},
        )
        for seq in range(1, count + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--supervisors", type=int, default=5)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--waiting", type=float, default=0.05, help="share waiting in a queue")
    parser.add_argument("--events", type=int, default=10000)
    args = parser.parse_args()
    hub = build(args.agents, args.supervisors, args.conversations, args.waiting)
    batch = events(hub, args.events)
    subs = list(hub.subscribers)

    started = time.perf_counter()
    indexed = sum(len(hub.recipients(e)) for e in batch)
    t_index = time.perf_counter() - started

    started = time.perf_counter()
    scanned = sum(1 for e in batch for s in subs if hub.visible(s.viewer, e))
    t_scan = time.perf_counter() - started
    assert indexed == scanned, (indexed, scanned)

    outbox = next(iter(subs)).outbox
    started = time.perf_counter()
    for i in range(0, len(batch), 50):  # commit batches of 50, as the writer delivers them
        hub.publish(batch[i : i + 50])
        while not outbox.empty():
            outbox.get_nowait()
        for s in subs:
            s.queued = s.queued_bytes = 0
    t_publish = time.perf_counter() - started

    n = len(batch)
    print(
        f"{len(subs)} subscribers ({args.agents} agents, {args.supervisors} supervisors,"
        f" 3 gateways), {args.conversations} conversations ({args.waiting:.0%} waiting),"
        f" {n} events, {indexed / n:.1f} recipients per event"
    )
    print(f"  recipients by index        {t_index / n * 1e6:8.1f} us/event")
    print(f"  every subscriber asked     {t_scan / n * 1e6:8.1f} us/event (no index)")
    print(f"  publish (index + encode + queue) {t_publish / n * 1e6:8.1f} us/event")


if __name__ == "__main__":
    main()
