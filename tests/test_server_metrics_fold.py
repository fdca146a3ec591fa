"""The ack of every customer message is noted in the ack-latency histogram as a list append
and counted later, a batch at once (Histogram.fold): the buckets, count and sum read the same
as when each was observed one at a time, values on a bucket's bound included."""

from __future__ import annotations

import random
from collections import Counter

from loancs.core.convmeta import ConvMeta
from loancs.server.metrics import ACK_BOUNDS, Histogram, ServerMetrics
from loancs.store.writer import StoredEvent


def test_folded_notes_count_as_observations_do() -> None:
    rng = random.Random(18)
    values = [*ACK_BOUNDS, 0.0, 1e-9, 99.0, *(rng.expovariate(20.0) for _ in range(5000))]
    values += [b * (1 + 1e-12) for b in ACK_BOUNDS] + [b * (1 - 1e-12) for b in ACK_BOUNDS]
    rng.shuffle(values)
    one, noted = Histogram(ACK_BOUNDS), Histogram(ACK_BOUNDS)
    for start in range(0, len(values), 700):  # folded in batches, as commits come
        for v in values[start : start + 700]:
            one.observe(v)
            noted.noted.append(v)
        noted.fold()
    assert noted.counts == one.counts
    assert abs(noted.sum - one.sum) < 1e-9
    assert noted.noted == []


def test_a_reading_counts_what_is_noted_and_not_folded_yet() -> None:
    h = Histogram(ACK_BOUNDS)
    h.noted.extend([0.002, 0.002, 7.0])
    family = h.family("loancs_ack_latency_seconds", "doc")
    buckets = {s.labels["le"]: s.value for s in family.samples if s.name.endswith("_bucket")}
    assert buckets["0.0025"] == 2 and buckets["5.0"] == 2 and buckets["+Inf"] == 3
    assert h.noted == []


def test_every_commit_and_every_batch_folds_the_acks_noted_before_it() -> None:
    metrics = ServerMetrics.__new__(ServerMetrics)  # (only the histograms and counters used)
    metrics.ack = Histogram(ACK_BOUNDS)
    metrics.batch = Histogram((1, 10))
    metrics.commit = Histogram((0.1,))
    metrics.events = Counter()
    metrics.ack.noted.append(0.003)
    metrics.on_commit([])
    assert metrics.ack.noted == [] and sum(metrics.ack.counts) == 1
    metrics.ack.noted.append(0.003)
    metrics.on_batch(1, 0.01)
    assert metrics.ack.noted == [] and sum(metrics.ack.counts) == 2


class _NoUpdate(Counter):
    def update(self, *args: object, **kwargs: object) -> None:
        if args and args[0] is not None:  # (Counter() itself calls update(None))
            raise AssertionError("a batch of one kind is counted without Counter.update")


def _event(seq: int, kind: str, channel: str) -> StoredEvent:
    meta = ConvMeta(channel, 3, "car", "open", 5, None, 0)
    return StoredEvent(seq, 1, kind, 7, "channel:gw", {"body": "x"}, meta, True)


def _metrics(events: Counter[str], received: Counter[str]) -> ServerMetrics:
    metrics = ServerMetrics.__new__(ServerMetrics)  # (only the histograms and counters used)
    metrics.ack = Histogram(ACK_BOUNDS)
    metrics.events, metrics.received = events, received
    metrics.compliance, metrics.wechat_errors = Counter(), Counter()
    return metrics


def test_a_batch_of_customer_messages_is_counted_without_counter_update() -> None:
    """Each kind and channel of a commit counted in one pass (``list.count``), not each
    value looked up and stored again (~1k instructions a customer message less)."""
    metrics = _metrics(_NoUpdate(), _NoUpdate())
    # (each kind a string of its own, as the writer child's answers decode them)
    metrics.on_commit([_event(n, "message." + "received", "wechat") for n in range(200)])
    metrics.on_commit([_event(n, "message." + "received", "wechat") for n in range(3)])
    assert metrics.events == {"message.received": 203}
    assert metrics.received == {"wechat": 203}


def test_mixed_batches_count_as_counter_update_does() -> None:
    rng = random.Random(27)
    kinds = ["message.received", "message.sent", "conversation.assigned", "agent.state"]
    kinds += [f"other.{k}" for k in range(6)]
    channels = ["wechat", "phone", "chat"]
    ours = _metrics(Counter(), Counter())
    want_events: Counter[str] = Counter()
    want_received: Counter[str] = Counter()
    for size in (1, 2, 5, 50, 300):
        for spread in (1, 2, 4, 6, 10):
            batch = [
                _event(n, rng.choice(kinds[:spread]), rng.choice(channels)) for n in range(size)
            ]
            ours.on_commit(batch)
            want_events.update(e.kind for e in batch)
            want_received.update(
                e.meta.channel for e in batch if e.kind == "message.received" and e.meta
            )
    assert ours.events == want_events and list(ours.events) == list(want_events)
    assert ours.received == want_received
