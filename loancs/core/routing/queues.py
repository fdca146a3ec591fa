"""Waiting conversations in priority order per queue, and the router's timers.

A queue is keyed by (channel, loan-type skill, language skill). Each keeps its entries
sorted by a time-independent key (every conversation ages at the same rate, so the order
never changes with time) and by age (the oldest tells whether anything may spill over to a
worse tier). Conversations sticky to an agent are also indexed by that agent.
"""

from __future__ import annotations

import heapq
import sys
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from operator import attrgetter, itemgetter

from loancs.core.routing.model import ConvSlot, Entry, QueueKey, summary_key
from loancs.core.routing.policy import CHANNELS

Timer = tuple[int, int, str, int]  # due, seq, kind, key
_BY_ENQUEUED = itemgetter(1, 2)  # an entry's (enqueued_ms, id)
_AGE = attrgetter("queued_ms", "id")  # a waiting conversation's (queued_ms, id)


class Queues:
    def __init__(self) -> None:
        self._queues: dict[QueueKey, list[Entry]] = {}
        # the same conversations (themselves: no tuple each) by (queued_ms, id): the oldest
        # tells whether any may spill over
        self._ages: dict[QueueKey, list[ConvSlot]] = {}
        self._by_channel: dict[str, dict[QueueKey, None]] = {ch: {} for ch in CHANNELS}
        # channel -> agent id -> waiting conversations on that channel sticky to that agent
        self._sticky: dict[str, dict[int, set[int]]] = {ch: {} for ch in CHANNELS}
        # every entry by (enqueued_ms, id): those enqueued after a given time are its tail
        self._enqueued: list[Entry] = []
        self._complaints: set[int] = set()  # waiting conversations of urgency "complaint"
        # the waiting summary's loan type (model.summary_key) -> its waiting conversations
        self._by_loan: dict[str, set[int]] = {}

    def insert(self, conv: ConvSlot) -> None:
        """Queue a conversation (it is waiting from now on)."""
        conv.status = "waiting"
        conv.agent_id = None
        queue = self._queues.get(conv.queue)
        if queue is None:
            queue = self._queues[conv.queue] = []
            self._ages[conv.queue] = []
            self._by_channel[conv.channel][conv.queue] = None
        insort(queue, conv.entry)
        insort(self._ages[conv.queue], conv, key=_AGE)
        insort(self._enqueued, conv.entry, key=_BY_ENQUEUED)
        if conv.urgency == "complaint":
            self._complaints.add(conv.id)
        if conv.sticky_agent is not None:
            held = self._sticky[conv.channel].setdefault(conv.sticky_agent, set())
            held.add(conv.id)
        self._loan_ids(conv).add(conv.id)

    def _loan_ids(self, conv: ConvSlot) -> set[int]:
        key = summary_key(conv)
        ids = self._by_loan.get(key)
        if ids is None:
            ids = self._by_loan[key] = set()
        return ids

    def insert_many(self, convs: list[ConvSlot]) -> None:
        """Queue many conversations not queued yet (a server's start): the same lists as
        ``insert`` one by one, each queue's sorted once (in C) instead of an insertion each."""
        grouped: dict[QueueKey, list[ConvSlot]] = {}
        complaints, sticky = self._complaints, self._sticky
        for conv in convs:
            conv.status = "waiting"
            conv.agent_id = None
            group = grouped.get(conv.queue)
            if group is None:
                group = grouped[conv.queue] = []
            group.append(conv)
            if conv.urgency == "complaint":
                complaints.add(conv.id)
            if conv.sticky_agent is not None:
                sticky[conv.channel].setdefault(conv.sticky_agent, set()).add(conv.id)
            self._loan_ids(conv).add(conv.id)
        for key, group in grouped.items():
            queue = self._queues.get(key)
            if queue is None:
                queue = self._queues[key] = []
                self._ages[key] = []
                self._by_channel[key[0]][key] = None
            queue.extend([conv.entry for conv in group])
            queue.sort()
            ages = self._ages[key]
            ages.extend(group)
            ages.sort(key=_AGE)
        self._enqueued.extend([conv.entry for conv in convs])
        self._enqueued.sort(key=_BY_ENQUEUED)

    def remove(self, conv: ConvSlot) -> None:
        queue = self._queues.get(conv.queue)
        if queue:
            index = bisect_left(queue, conv.entry)
            if index < len(queue) and queue[index] == conv.entry:
                del queue[index]
            ages = self._ages[conv.queue]
            index = bisect_left(ages, (conv.queued_ms, conv.id), key=_AGE)
            if index < len(ages) and ages[index] is conv:
                del ages[index]
            enqueued = self._enqueued
            index = bisect_left(enqueued, _BY_ENQUEUED(conv.entry), key=_BY_ENQUEUED)
            if index < len(enqueued) and enqueued[index] == conv.entry:
                del enqueued[index]
            if not queue:  # forget empty queues: loan types come from outside
                del self._queues[conv.queue], self._ages[conv.queue]
                del self._by_channel[conv.channel][conv.queue]
        self._complaints.discard(conv.id)
        key = summary_key(conv)
        ids = self._by_loan.get(key)
        if ids is not None:
            ids.discard(conv.id)
            if not ids:
                del self._by_loan[key]
        if conv.sticky_agent is not None:
            by_agent = self._sticky[conv.channel]
            held = by_agent.get(conv.sticky_agent)
            if held is not None:
                held.discard(conv.id)
                if not held:
                    del by_agent[conv.sticky_agent]

    def on_channel(self, channel: str) -> Iterator[tuple[QueueKey, list[Entry]]]:
        """The non-empty queues of a channel with their entries (best first)."""
        for key in self._by_channel[channel]:
            entries = self._queues[key]
            if entries:
                yield key, entries

    def all(self) -> Iterator[tuple[QueueKey, list[Entry]]]:
        """Every non-empty queue with its entries (best first)."""
        return iter(self._queues.items())

    def enqueued_after(self, ms: int) -> list[Entry]:
        """The entries of conversations enqueued after ``ms`` (by another server's clock,
        or a clock set back): routing ages them from zero."""
        enqueued = self._enqueued
        return enqueued[bisect_right(enqueued, (ms, sys.maxsize), key=_BY_ENQUEUED) :]

    def complaints(self) -> set[int]:
        """Waiting conversations of urgency "complaint"."""
        return self._complaints

    def by_loan_type(self) -> dict[str, set[int]]:
        """The waiting summary's loan type (model.summary_key) -> its waiting conversations."""
        return self._by_loan

    def ages(self, key: QueueKey) -> list[ConvSlot]:
        """A queue's conversations by (queued_ms, id), the longest-waiting first."""
        return self._ages[key]

    def oldest_ms(self, key: QueueKey) -> int:
        """When the longest-waiting conversation of a non-empty queue was queued."""
        return self._ages[key][0].queued_ms

    def sticky(self, channel: str) -> dict[int, set[int]]:
        """Agent id -> waiting conversations on ``channel`` sticky to that agent."""
        return self._sticky[channel]

    def count(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def ids(self) -> list[int]:
        """Waiting conversations, highest priority first."""
        return [e[2] for e in sorted(e for q in self._queues.values() for e in q)]


TICK = -1  # the key of a "wake" that is only a reason to tick, about no one conversation


class Timers:
    """Due times in a heap; a timer that no longer matters is skipped when it comes up."""

    def __init__(self) -> None:
        self._heap: list[Timer] = []
        self._seq = 0
        self._ticks: set[int] = set()  # due times of the TICK wakes in the heap

    def push(self, due: int, kind: str, key: int) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (due, self._seq, kind, key))

    def push_tick(self, due: int) -> None:
        """A reason to tick at ``due``: one timer per distinct time however many
        conversations ask for it (the thousands a server restores at start share their
        tier times; a timer each was ~3.6 MB per 10,000 waiting conversations)."""
        if due not in self._ticks:
            self._ticks.add(due)
            self.push(due, "wake", TICK)

    def due(self, now: int) -> Iterator[tuple[int, str, int]]:
        """Pop every timer due by ``now``: (due, kind, key), earliest first."""
        heap = self._heap
        while heap and heap[0][0] <= now:
            due, _, kind, key = heapq.heappop(heap)
            if key == TICK:
                self._ticks.discard(due)
            yield due, kind, key

    def next_due(self, live: Callable[[int, str, int], bool]) -> int | None:
        """The earliest timer still ``live(due, kind, key)`` (dead ones are dropped; a
        TICK is always live)."""
        heap = self._heap
        while heap and heap[0][3] != TICK and not live(heap[0][0], heap[0][2], heap[0][3]):
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def __len__(self) -> int:
        return len(self._heap)
