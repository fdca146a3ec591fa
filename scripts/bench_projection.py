"""How fast a reader folds the event stream into its conversation list (core/projection.py):
wire payload dict -> typed payload (events.typed) -> row update, per event.

    python scripts/bench_projection.py [--events 200000] [--conversations 2000]

The mix is a busy floor's: mostly customer messages and replies, some assignments, reads,
status changes and routing chatter (offers fold to nothing but are still decoded).
"""

from __future__ import annotations

import argparse
import random
import time

from loancs.core import events as ev
from loancs.core import protocol as p
from loancs.core.projection import Inbox


def stream(n: int, conversations: int, seed: int = 1) -> list[p.Event]:
    rng = random.Random(seed)
    out: list[p.Event] = []
    for cid in range(1, conversations + 1):
        opened = ev.ConversationOpened(
            customer=cid, customer_display=f"138****{cid:04d}", channel="wechat",
            loan_type="mortgage", amount="300000.00", urgency="normal", credit_band=None,
            language=None,
        )  # fmt: skip
        out.append(p.Event(seq=cid, ts=cid, kind=opened.KIND, conversation=cid, actor="c",
                           payload=ev.to_dict(opened)))  # fmt: skip
    kinds: list[tuple[ev.Payload, int]] = [
        (
            ev.MessageReceived(
                message=1,
                customer=1,
                customer_display="138****0001",
                channel="wechat",
                kind="text",
                body="我想问一下提前还款要违约金吗？",
                external_id="x",
            ),
            40,
        ),  # fmt: skip
        (
            ev.MessageSent(
                message=2, agent=3, agent_name="王芳", channel="wechat", body="您好，满三年免收。"
            ),
            30,
        ),  # fmt: skip
        (
            ev.ConversationOffered(
                agent=3,
                agent_name="王芳",
                expires_ms=20_000,
                reason="skill",
                reason_code="skill",
                tier=1,
                priority=0,
            ),
            10,
        ),  # fmt: skip
        (
            ev.ConversationAssigned(
                agent=3,
                from_agent=None,
                agent_name="王芳",
                reason="accepted",
                reason_code="accepted",
            ),
            8,
        ),  # fmt: skip
        (ev.ConversationRead(by=3), 8),
        (
            ev.ConversationResolved(
                status="resolved", previous="pending", agent=3, outcome="answered"
            ),
            2,
        ),  # fmt: skip
        (ev.ConversationReopened(status="open", previous="resolved", agent=3), 2),
    ]
    population = [payload for payload, weight in kinds for _ in range(weight)]
    for seq in range(conversations + 1, n + 1):
        payload = rng.choice(population)
        out.append(p.Event(seq=seq, ts=seq, kind=payload.KIND,
                           conversation=rng.randint(1, conversations), actor="a",
                           payload=ev.to_dict(payload)))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--conversations", type=int, default=2000)
    args = parser.parse_args()
    events = stream(args.events, args.conversations)
    started = time.perf_counter()
    typed = [ev.typed(e) for e in events]
    decoded = time.perf_counter()
    inbox = Inbox()
    inbox.apply_all(typed)
    folded = time.perf_counter()
    n = len(events)
    print(f"{n} events, {len(inbox.rows)} conversations")
    print(f"decode  {(decoded - started) / n * 1e6:6.2f} µs/event")
    print(f"fold    {(folded - decoded) / n * 1e6:6.2f} µs/event")
    print(f"total   {n / (folded - started):,.0f} events/s")


if __name__ == "__main__":
    main()
