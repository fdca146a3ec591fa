"""The writer process' parent encodes a turn's commands in one go (ProcessWriter._flush):
what a caller sees is unchanged. Commands submitted together reach the child in one
message, are stored in the order submitted, and one that cannot be encoded fails alone with
a CommandError naming it, wherever it sits in the batch; the rest are stored."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from loancs.core import protocol as p
from loancs.store import commands as c
from loancs.store.db import Store
from loancs.store.writer import CommandError

WX = p.Identity(kind="wechat", value="oBATCHENCODE01")


def _ingest(n: int, body: str = "") -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"batch-{n}",
        identity=WX,
        body=body or f"第{n}条",
    )


def _unencodable() -> c.RecordEvent:
    return c.RecordEvent(kind="test.bad", conversation=None, actor="t", payload={"x": object()})


async def test_a_batch_goes_in_one_message_and_an_unencodable_command_fails_alone(tmp_path) -> None:
    store = Store(tmp_path / "batch.db", synchronous="NORMAL", writer="process")
    await store.open()
    try:
        writer = store.writer
        messages: list[bytes] = []
        write = writer._write  # type: ignore[union-attr]

        def counted(message: bytes) -> None:
            messages.append(message)
            write(message)

        writer._write = counted  # type: ignore[union-attr]
        for bad_at in (0, 3, 6):  # first, in the middle, last
            messages.clear()
            futures = []
            for i in range(7):
                command = _unencodable() if i == bad_at else _ingest(bad_at * 10 + i)
                futures.append(store.submit(command))
            results = await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), 10)
            bad = results.pop(bad_at)
            assert isinstance(bad, CommandError) and "RecordEvent" in str(bad), bad
            assert all(isinstance(r, Mapping) for r in results), results
            seqs = [r["seq"] for r in results]
            assert seqs == sorted(seqs) and len(set(seqs)) == 6
            assert len(messages) == 1  # the six good ones went together
        # Only unencodable ones: nothing is sent, each fails, the writer keeps working.
        messages.clear()
        lonely = await asyncio.gather(
            store.submit(_unencodable()), store.submit(_unencodable()), return_exceptions=True
        )
        assert all(isinstance(r, CommandError) for r in lonely) and messages == []
        after = await asyncio.wait_for(store.apply(_ingest(99, "还在")), 10)
        assert after["message"] and writer.pending == 0  # type: ignore[union-attr]
    finally:
        await store.close()


async def test_events_facts_cross_the_pipe_as_the_hubs_convmeta(tmp_path) -> None:
    """The writer child sends an event's conversation facts as a ConvMeta (seven values, not
    a seven-key map): the server gets what its hub holds, equal to the store's facts; an
    event without a conversation still has none."""
    from loancs.core.convmeta import ConvMeta

    store = Store(tmp_path / "meta.db", synchronous="NORMAL", writer="process")
    await store.open()
    seen: list = []
    store.on_commit(seen.extend)
    try:
        answer = await store.submit(_ingest(1, "你好"))
        await store.submit(
            c.RecordEvent(kind="test.note", conversation=None, actor="t", payload={})
        )
        facts = await store.conversation_meta(answer["conversation"])
    finally:
        await store.close()
    about = [e for e in seen if e.conversation is not None]
    assert about and all(e.meta.__class__ is ConvMeta for e in about)
    assert all(e.meta == facts for e in about)
    assert about[-1].meta["status"] == "open" and about[-1].meta["channel"] == "wechat"
    assert {e.kind: e.meta for e in seen if e.conversation is None}["test.note"] is None
