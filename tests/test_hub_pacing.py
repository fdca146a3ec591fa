"""Consoles' writes are paced while commits are large (issue 18): with 200 agents at full
speed every commit gave most consoles one event, and each was one socket write in the server
and one wake-up and read in the console (the main process's largest system cost: ``sendto``
~18% of its CPU, perf). While the writer's commits are large, a console written to in the
current window (hub.PACE_S) gets its next events when that window ends, in one write; a small
commit (a quiet minute) is written at once, and anything else put in a held outbox (an ack)
takes the held events with it at once. Nothing is lost or reordered."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

import loancs.server.hub as hub_module
from loancs.core.visibility import Viewer
from loancs.server.hub import Hub, Outbox, Subscriber
from loancs.store.writer import StoredEvent

_FACTS = {
    "channel": "wechat",
    "assigned": 3,
    "loan_type": "car",
    "status": "open",
    "customer": 5,
    "urgency": "normal",
    "priority": 0,
}


class _Console:
    """An outbox whose sender sleeps, written by the loop's flush (as Connection.write_now):
    each write takes everything waiting."""

    def __init__(self) -> None:
        self.writes: list[list[Any]] = []
        self.outbox = Outbox(self.write_now)

    def write_now(self) -> bool:
        items = self.outbox._items
        self.writes.append(list(items))
        items.clear()
        return True

    def seqs(self) -> list[int]:
        return [json.loads(item[1])["seq"] for write in self.writes for item in write]


# (read so: the file fails on a tree without pacing by its assertions, not at import)
_BIG: int = getattr(hub_module, "PACE_BATCH", 32)
_PACE_S: float = getattr(hub_module, "PACE_S", 0.025)


def _received(seq: int) -> StoredEvent:
    return StoredEvent(
        seq, 1, "message.received", 7, "channel:gw", {"body": "车贷利率多少？"}, dict(_FACTS), True
    )


def _commit(first: int, n: int) -> list[StoredEvent]:
    return [_received(seq) for seq in range(first, first + n)]


async def _console(hub: Hub) -> tuple[_Console, asyncio.Task]:
    console = _Console()
    sub = Subscriber(
        Viewer(role="agent", agent_id=3, queues=frozenset({"car"})),
        console.outbox,
        10_000,
        lambda _s: None,
    )
    sub.finish_replay(0)
    hub.add(sub)
    sender = asyncio.create_task(console.outbox.get())  # sleeps on the empty outbox
    await asyncio.sleep(0)
    return console, sender


async def _turns(n: int = 3) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def test_a_console_written_in_this_window_gets_a_large_commits_events_when_it_ends() -> None:
    hub = Hub()
    console, sender = await _console(hub)
    big = _BIG
    try:
        hub.publish(_commit(1, big))
        await _turns()
        assert len(console.writes) == 1  # the first: at once
        hub.publish(_commit(1 + big, big))
        hub.publish(_commit(1 + 2 * big, big))
        await _turns()
        assert len(console.writes) == 1  # held: written in this window already
        await asyncio.sleep(_PACE_S * 3)
        assert len(console.writes) == 2  # both commits' events in one write
        assert console.seqs() == list(range(1, 1 + 3 * big))
        assert not sender.done()  # the sender was never woken for them
    finally:
        sender.cancel()


async def test_a_small_commit_is_written_at_once_even_in_the_window() -> None:
    hub = Hub()
    console, sender = await _console(hub)
    big = _BIG
    try:
        hub.publish(_commit(1, big))
        await _turns()
        hub.publish(_commit(1 + big, 1))  # a quiet minute's message
        await _turns()
        assert len(console.writes) == 2
        assert console.seqs() == list(range(1, 2 + big))
    finally:
        sender.cancel()


async def test_an_ack_put_in_a_held_outbox_takes_the_held_events_with_it_at_once() -> None:
    hub = Hub()
    console, sender = await _console(hub)
    big = _BIG
    try:
        hub.publish(_commit(1, big))
        await _turns()
        hub.publish(_commit(1 + big, big))
        await _turns()
        assert len(console.writes) == 1
        console.outbox.put_nowait(("frame", b'{"type":"ack","id":"r1"}'))
        await _turns()
        assert len(console.writes) == 2
        assert console.writes[1][-1][0] == "frame"
        assert [json.loads(i[1])["seq"] for i in console.writes[1][:-1]] == list(
            range(1 + big, 1 + 2 * big)
        )
        await asyncio.sleep(_PACE_S * 3)
        assert len(console.writes) == 2  # nothing left for the window's end
    finally:
        sender.cancel()


@pytest.mark.parametrize("commits", [3])
async def test_held_events_count_against_the_consoles_limit(commits: int) -> None:
    """A console that cannot keep up is still told to resync: held events wait in its outbox
    and count as queued there."""
    hub = Hub()
    console = _Console()
    overflowed: list[Subscriber] = []
    big = _BIG
    sub = Subscriber(
        Viewer(role="agent", agent_id=3, queues=frozenset({"car"})),
        console.outbox,
        big + big // 2,
        overflowed.append,
    )
    sub.finish_replay(0)
    hub.add(sub)
    sender = asyncio.create_task(console.outbox.get())
    await asyncio.sleep(0)
    try:
        hub.publish(_commit(1, big))
        await _turns()
        for k in range(1, commits):
            hub.publish(_commit(1 + k * big, big))
        assert overflowed == [sub]
    finally:
        sender.cancel()
