"""`GET /metrics` in the Prometheus text format (prometheus-client), on the server's own port.

Off the hot path: a frame or a commit only bumps plain integers here (no locks, no label
lookups in prometheus-client); everything else (connections by role, queues, agents) is read
from the server's state when Prometheus scrapes. Metric families:

    loancs_events_total{kind}                      committed events by kind
    loancs_messages_received_total{channel}        ingest; rate() of it is the ingest rate
    loancs_ack_latency_seconds                     ingest frame received -> ack (histogram)
    loancs_connections{role}                       open connections
    loancs_queue_waiting{queue,status}             conversations waiting or offered
    loancs_queue_oldest_wait_seconds{queue}
    loancs_agents{state,connected}                 agents by state
    loancs_writer_batch_ops                        ops per group commit (histogram)
    loancs_writer_commit_seconds                   one group commit (histogram)
    loancs_feed_seconds                            several servers on one database: another
                                                   server's events, from their notification's
                                                   arrival to their publish here (histogram)
    loancs_compliance_total{outcome}               hits (warnings) and blocked sends
    loancs_assistant_replies_total, loancs_assistant_handoffs_total,
    loancs_assistant_contained_total               resolved conversations the assistant
                                                   answered without a hand-off
    loancs_wechat_api_errors_total{code}           failed WeChat deliveries by API code
    loancs_routing_leader                          several servers on one database: 1 on
                                                   the routing leader (queue and agent
                                                   gauges are the same on every server)
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

from loancs.core.convmeta import ConvMeta
from loancs.core.events import Kind

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.store.writer import StoredEvent

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
ACK_BOUNDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
BATCH_BOUNDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
COMMIT_BOUNDS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
_WX_CODE = re.compile(r"\((-?\d{1,6})\)|error (-?\d{1,6})|HTTP (\d{3})")


class Histogram:
    """Bucket counts as plain integers (one bisect and two adds per observation).

    ``noted`` takes observations to count later, by ``fold``, a whole list at once (sorted,
    then one bisect per bucket): an append where ``observe`` is a call (the ack of every
    customer message: ~0.4k instructions against ~2k). Whoever notes folds often (ServerMetrics
    on every commit), and every reading folds first."""

    def __init__(self, bounds: tuple[float, ...]):
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.sum = 0.0
        self.noted: list[float] = []

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.bounds, value)] += 1
        self.sum += value

    def fold(self) -> None:
        """Count what was noted, as ``observe`` would have, one value at a time."""
        noted = self.noted
        if not noted:
            return
        values = sorted(noted)
        noted.clear()
        counts, below = self.counts, 0
        for i, bound in enumerate(self.bounds):
            # observe's bucket i holds bounds[i - 1] < value <= bounds[i]
            upto = bisect_right(values, bound, below)
            counts[i] += upto - below
            below = upto
        counts[-1] += len(values) - below
        self.sum += sum(values)

    def family(self, name: str, doc: str) -> HistogramMetricFamily:
        self.fold()
        buckets, running = [], 0
        for bound, count in zip((*self.bounds, float("inf")), self.counts, strict=True):
            running += count
            buckets.append(("+Inf" if bound == float("inf") else repr(bound), running))
        return HistogramMetricFamily(name, doc, buckets=buckets, sum_value=self.sum)


# The kinds on_commit notes more of than their count.
_RECEIVED = str(Kind.MESSAGE_RECEIVED)
_NOTED = frozenset(
    str(kind)
    for kind in (
        Kind.MESSAGE_RECEIVED,
        Kind.MESSAGE_SENT,
        Kind.ASSISTANT_HANDOFF,
        Kind.CONVERSATION_RESOLVED,
        Kind.COMPLIANCE_HIT,
        Kind.COMPLIANCE_BLOCKED,
        Kind.DELIVERY_FAILED,
    )
)
_OTHER_NOTED = _NOTED - {_RECEIVED}


def _count(counter: Counter[str], values: list[str]) -> None:
    """``counter.update(values)`` for a batch's values (its kinds, its channels), most often
    all one: the first counted by one ``list.count`` (~0.2k instructions a value, where
    Counter.update hashes, looks up and stores each again: ~0.65k), then the rest the same
    way; a batch of many different values the usual way."""
    for _ in range(4):
        if not values:
            return
        first = values[0]
        n = values.count(first)
        counter[first] += n
        if n == len(values):
            return
        values = [value for value in values if value != first]
    counter.update(values)


class ServerMetrics:
    def __init__(self, server: ServerContext):
        self.server = server
        self.events: Counter[str] = Counter()
        self.received: Counter[str] = Counter()
        self.compliance: Counter[str] = Counter()
        self.wechat_errors: Counter[str] = Counter()
        self.ack = Histogram(ACK_BOUNDS)
        self.batch = Histogram(BATCH_BOUNDS)
        self.commit = Histogram(COMMIT_BOUNDS)
        self.feed = Histogram(COMMIT_BOUNDS)  # server/cluster.py LogFollower.on_heard
        self.assistant_replies = 0
        self.assistant_handoffs = 0
        self.assistant_contained = 0
        # Open conversations the assistant answered / handed off (forgotten when resolved).
        self._assisted: set[int] = set()
        self._handed_off: set[int] = set()
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(self)

    # ---------------------------------------------------------- fed by the server

    def on_commit(self, events: list[StoredEvent]) -> None:
        if self.ack.noted:  # the acks of the batches before this one
            self.ack.fold()
        # Counted per batch; only the kinds with more to note are looked at one by one.
        kinds = [event.kind for event in events]
        _count(self.events, kinds)
        if _NOTED.isdisjoint(kinds):
            return
        if _RECEIVED in kinds:  # customers' messages, the bulk of a batch: one pass
            # (the conversation's channel is the message's: read from the facts when they
            # are a ConvMeta, so a payload still in its frame is not decoded for it)
            _count(
                self.received,
                [
                    e.meta.channel
                    if e.meta.__class__ is ConvMeta and e.meta.channel is not None
                    else str(e.payload.get("channel", "unknown"))
                    for e in events
                    if e.kind == _RECEIVED
                ],
            )
            if _OTHER_NOTED.isdisjoint(kinds):
                return
        for event in events:
            kind = event.kind
            if kind not in _OTHER_NOTED:
                continue
            if kind == Kind.MESSAGE_SENT and event.actor == "assistant":
                self.assistant_replies += 1
                if event.conversation is not None:
                    self._assisted.add(event.conversation)
            elif kind == Kind.ASSISTANT_HANDOFF:
                self.assistant_handoffs += 1
                if event.conversation is not None:
                    self._handed_off.add(event.conversation)
            elif kind == Kind.CONVERSATION_RESOLVED and event.conversation is not None:
                conv = event.conversation
                if conv in self._assisted and conv not in self._handed_off:
                    self.assistant_contained += 1
                self._assisted.discard(conv)
                self._handed_off.discard(conv)
            elif kind == Kind.COMPLIANCE_HIT:
                self.compliance["warned"] += 1
            elif kind == Kind.COMPLIANCE_BLOCKED:
                self.compliance["blocked"] += 1
            elif kind == Kind.DELIVERY_FAILED and self._channel(event) == "wechat":
                match = _WX_CODE.search(str(event.payload.get("reason") or ""))
                code = next((g for g in match.groups() if g), "other") if match else "other"
                self.wechat_errors[code] += 1

    def on_batch(self, ops: int, seconds: float) -> None:
        if self.ack.noted:  # (a batch without events, duplicates alone: not in on_commit)
            self.ack.fold()
        self.batch.observe(ops)
        self.commit.observe(seconds)

    def _channel(self, event: StoredEvent) -> str | None:
        meta = event.meta or self.server.hub.meta.get(event.conversation or 0) or {}
        return meta.get("channel")

    # ---------------------------------------------------------- read at scrape time

    def collect(self) -> Iterator[Metric]:
        server = self.server
        yield _counter("loancs_events", "Committed events by kind.", "kind", self.events)
        yield _counter(
            "loancs_messages_received",
            "Customer messages ingested, by channel (rate() is the ingest rate).",
            "channel",
            self.received,
        )
        yield self.ack.family(
            "loancs_ack_latency_seconds",
            "From an ingest frame's arrival to its ack (after commit).",
        )
        sessions = server.sessions
        roles: Counter[str] = Counter(s.principal.role for s in sessions)
        unauth = len(server.connections) - len(sessions)
        if unauth:
            roles["unauthenticated"] = unauth
        gauge = GaugeMetricFamily(
            "loancs_connections", "Open connections by role.", labels=["role"]
        )
        for role in ("agent", "supervisor", "admin", "channel", "customer"):
            roles.setdefault(role, 0)
        for role, count in sorted(roles.items()):
            gauge.add_metric([role], count)
        yield gauge
        yield from self._routing()
        yield self.batch.family("loancs_writer_batch_ops", "Ops per group commit.")
        yield self.commit.family(
            "loancs_writer_commit_seconds", "Time to apply and commit one group commit."
        )
        yield self.feed.family(
            "loancs_feed_seconds",
            "Another server's events: from their notification's arrival to their publish here.",
        )
        pending = GaugeMetricFamily("loancs_writer_pending", "Ops submitted and not yet committed.")
        writer = server.store.writer
        pending.add_metric([], writer.pending if writer else 0)
        yield pending
        compliance = Counter({"warned": 0, "blocked": 0}) + self.compliance
        compliance.setdefault("warned", 0)
        compliance.setdefault("blocked", 0)
        yield _counter(
            "loancs_compliance",
            "Compliance findings on outgoing messages: warned (sent with a warning) or blocked.",
            "outcome",
            compliance,
        )
        for name, doc, value in (
            ("loancs_assistant_replies", "Replies sent by the assistant.", self.assistant_replies),
            (
                "loancs_assistant_handoffs",
                "Assistant hand-offs to a person.",
                self.assistant_handoffs,
            ),
            (
                "loancs_assistant_contained",
                "Resolved conversations the assistant answered without a hand-off.",
                self.assistant_contained,
            ),
        ):
            family = CounterMetricFamily(name, doc)
            family.add_metric([], value)
            yield family
        yield _counter(
            "loancs_wechat_api_errors",
            "Failed WeChat deliveries by WeChat API error code (other: no code).",
            "code",
            self.wechat_errors,
        )
        up = GaugeMetricFamily("loancs_last_seq", "Sequence number of the last committed event.")
        up.add_metric([], server.hub.last_seq)
        yield up
        if server.cluster is not None:
            leader = GaugeMetricFamily(
                "loancs_routing_leader", "1 on the server of the group that decides routing."
            )
            leader.add_metric([], 1 if server.leads else 0)
            yield leader

    def _routing(self) -> Iterator[Metric]:
        waiting = GaugeMetricFamily(
            "loancs_queue_waiting",
            "Conversations waiting for an agent, by queue and status (waiting, offered).",
            labels=["queue", "status"],
        )
        oldest = GaugeMetricFamily(
            "loancs_queue_oldest_wait_seconds",
            "Longest wait in each queue.",
            labels=["queue"],
        )
        agents = GaugeMetricFamily(
            "loancs_agents",
            "Agents by state and whether a console is connected.",
            labels=["state", "connected"],
        )
        services = getattr(self.server, "services", None)  # None until started
        router = services.routing.router if services is not None else None
        if router is not None:
            snap: dict[str, Any] = router.snapshot(int(time.time() * 1000), limit=0)
            for queue, row in snap["queues"].items():
                waiting.add_metric([queue, "waiting"], row.get("waiting", 0))
                waiting.add_metric([queue, "offered"], row.get("offered", 0))
                oldest.add_metric([queue], row.get("oldest_wait_ms", 0) / 1000)
            states: Counter[tuple[str, str]] = Counter(
                (a["state"], "true" if a["connected"] else "false") for a in snap["agents"]
            )
            for (state, connected), count in sorted(states.items()):
                agents.add_metric([state, connected], count)
        yield waiting
        yield oldest
        yield agents

    # ---------------------------------------------------------- HTTP

    def render(self) -> bytes:
        # The process collector and friends live in the default registry.
        return generate_latest(REGISTRY) + generate_latest(self.registry)


def _counter(name: str, doc: str, label: str, values: Counter) -> CounterMetricFamily:
    family = CounterMetricFamily(name, doc, labels=[label])
    for key, count in sorted(values.items()):
        family.add_metric([key], count)
    return family
