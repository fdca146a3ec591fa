"""A batch of new customer messages is acknowledged in one call (issue 18): the server's
direct writes (app._direct) hand the writer partials of one function; ProcessWriter._deliver
gives that batch's partials' arguments, with their events, to the server's batch form
(``ProcessWriter.direct``) in one call instead of calling each partial, while any other
callback is still called on its own. The listeners hear first; every sender in sending order."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import Any

from loancs.store.db import Store
from tests.test_writer_gather import ingest


def _direct(server: Any, session: Any, frame_id: str, started: float, ok: bool, value: Any) -> None:
    raise AssertionError("a direct write's partial is answered with its batch, not alone")


async def test_a_batch_of_direct_writes_is_answered_in_one_call(tmp_path: Path) -> None:
    store = Store(tmp_path / "direct.db", "NORMAL", writer="process")
    seen: list[Any] = []
    store.on_commit(lambda events: seen.append(("events", len(events))))
    await store.open()
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    batches: list[list[tuple[tuple[Any, ...], Any]]] = []

    def at_once(grouped: list[tuple[tuple[Any, ...], Any]]) -> None:
        batches.append(grouped)
        seen.append(("direct", [args[2] for args, _event in grouped]))
        if sum(len(b) for b in batches) >= 3 and not done.done():
            done.set_result(None)

    def other(name: str, ok: bool, value: Any) -> None:
        seen.append((name, ok, value.message))

    try:
        await store.apply(ingest("K", "k0", "你好"))
        store.writer.direct = (_direct, at_once)  # type: ignore[union-attr]
        seen.clear()
        server, session = object(), object()
        store.submit_with(ingest("K", "k-1", "一"), partial(_direct, server, session, "f1", 1.0))
        store.submit_with(ingest("K", "k-2", "二"), partial(other, "two"))
        store.submit_with(ingest("K", "k-3", "三"), partial(_direct, server, session, "f3", 2.0))
        store.submit_with(ingest("K", "k-4", "四"), partial(_direct, server, session, "f4", 3.0))
        await asyncio.wait_for(done, 30)
    finally:
        await store.close()
    assert seen[0][0] == "events"  # published before any sender hears
    grouped = [item for batch in batches for item in batch]
    assert [args for args, _ in grouped] == [
        (server, session, "f1", 1.0),
        (server, session, "f3", 2.0),
        (server, session, "f4", 3.0),
    ]
    messages = [event.message for _, event in grouped]
    assert messages == sorted(messages) and len(set(messages)) == 3
    assert all(event.token is not None and event.seq for _, event in grouped)
    assert ("two", True) in [s[:2] for s in seen]  # another callback: answered on its own
