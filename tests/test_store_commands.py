"""The store's one write interface: typed commands, applied by type, carried to the writer
process as msgpack. A command that cannot travel fails alone and at once; a broken pipe
fails everything still waiting; nothing is ever left pending."""

from __future__ import annotations

import asyncio
import typing

import pytest

from loancs.core import protocol as p
from loancs.store import commands as c
from loancs.store.apply import APPLY
from loancs.store.db import Store
from loancs.store.writer import CommandError, OpError, StorageError

WX = p.Identity(kind="wechat", value="oCOMMANDS00000000001")


def ingest(n: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw", channel="wechat", external_id=f"cmd-{n}", identity=WX, body=f"m{n}"
    )


def test_every_command_has_one_apply_function() -> None:
    union = set(typing.get_args(c.AnyCommand))
    declared = {
        cls
        for cls in vars(c).values()
        if isinstance(cls, type) and issubclass(cls, c.Command) and cls is not c.Command
    }
    assert union == declared, "every command is in AnyCommand (the writer process decodes it)"
    assert set(APPLY) == declared, "every command has exactly one apply function"


@pytest.mark.parametrize("mode", ["thread", "process"])
async def test_a_command_that_cannot_travel_fails_alone(tmp_path, mode) -> None:
    store = Store(tmp_path / f"{mode}.db", synchronous="NORMAL", writer=mode)
    await store.open()
    try:
        # Submitted in the same turn of the loop: one flush to the writer process.
        good = [store.submit(ingest(i)) for i in range(5)]
        unencodable = store.submit(
            c.RecordEvent(kind="test.bad", conversation=None, actor="t", payload={"x": object()})
        )
        # Encodes, but is not a valid AddNote (the child cannot decode it).
        undecodable = store.submit(
            c.AddNote(conversation="x", agent_id=1, agent_name="a", role="agent", body="b")  # type: ignore[arg-type]
        )
        refused = store.submit(
            c.AddNote(conversation=999, agent_id=1, agent_name="a", role="agent", body="b")
        )
        results = await asyncio.wait_for(
            asyncio.gather(*good, unencodable, undecodable, refused, return_exceptions=True), 10
        )
        assert [r["message"] for r in results[:5]] == sorted(r["message"] for r in results[:5])
        bad, wrong, missing = results[5:]
        if mode == "process":
            assert isinstance(bad, CommandError) and "RecordEvent" in str(bad)
            assert isinstance(wrong, CommandError) and "could not read" in str(wrong)
        else:
            # In the thread nothing is encoded: the payload fails when the event is hashed,
            # and that command alone is rolled back.
            assert isinstance(bad, TypeError)
        assert isinstance(missing, OpError) and missing.code == "not_found"
        # The writer keeps working.
        after = await asyncio.wait_for(store.apply(ingest(99)), 10)
        assert after["seq"] > max(r["seq"] for r in results[:5])
    finally:
        await store.close()


async def test_a_broken_pipe_fails_every_waiting_command_and_the_writer_comes_back(
    tmp_path,
) -> None:
    store = Store(tmp_path / "pipe.db", synchronous="NORMAL", writer="process")
    await store.open()
    try:
        writer = store.writer
        await store.apply(ingest(0))
        writer._send.close()  # type: ignore[union-attr]  # the pipe to the child breaks
        waiting = [store.submit(ingest(i)) for i in range(1, 4)]
        answers = await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 10)
        assert all(isinstance(a, StorageError) for a in answers), answers
        for _ in range(200):
            if writer.state == "ok" and writer.restarts:  # type: ignore[union-attr]
                break
            await asyncio.sleep(0.05)
        result = await asyncio.wait_for(store.apply(ingest(1)), 10)
        assert result["duplicate"] is False  # nothing of the failed ones was stored
    finally:
        await store.close()


async def test_the_server_keeps_serving_after_a_bad_command(live_server) -> None:
    wechat = await live_server.client("wechat")
    store = live_server.server.store
    bad = store.submit(
        c.RecordEvent(kind="test.bad", conversation=None, actor="t", payload={"x": object()})
    )
    ack = asyncio.ensure_future(
        wechat.call(p.Ingest, external_id="after-bad", customer=WX, body="hi")
    )
    with pytest.raises(CommandError):
        await asyncio.wait_for(bad, 10)
    assert (await asyncio.wait_for(ack, 10)).seq > 0
