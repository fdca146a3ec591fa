"""A new customer message's answer is an IngestAck (core/convmeta.py): six values in a row
on the writer's pipe, not a six-key map, read by the server's ack as attributes and by
everyone else as the dict it replaced. What a gateway sees (seq, conversation, message,
duplicate) is unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import msgspec
import pytest

from loancs.core import protocol as p
from loancs.core.convmeta import IngestAck
from loancs.store import commands as c
from loancs.store.db import Store
from loancs.store.writer_process import Answer, Answers, _answers

KEYS = {"seq", "conversation", "message", "duplicate", "opened", "customer"}


def _ingest(external_id: str, who: str = "oINGESTANSWER0000001") -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=external_id,
        identity=p.Identity(kind="wechat", value=who),
        body="你好，我想问车贷",
        kind="text",
    )


@pytest.mark.parametrize("mode", ["process", "thread"])
async def test_a_new_message_answers_typed_and_reads_as_its_dict(tmp_path, mode) -> None:
    store = Store(tmp_path / "answer.db", synchronous="NORMAL", writer=mode)
    await store.open()
    try:
        loop = asyncio.get_running_loop()
        called: list[asyncio.Future] = [loop.create_future() for _ in range(3)]

        def done(k: int):
            return lambda ok, value: called[k].set_result((ok, value))

        store.submit_with(_ingest("ia-1"), done(0))  # the server's hot path
        awaited = await store.submit(_ingest("ia-2"))
        store.submit_with(_ingest("ia-3", "oINGESTANSWER0000002"), done(1))
        store.submit_with(_ingest("ia-1"), done(2))  # a resend of the first
        (ok1, first), (ok3, third), (ok_again, again) = await asyncio.wait_for(
            asyncio.gather(*called), 10
        )
    finally:
        await store.close()
    assert ok1 and ok3 and ok_again
    for typed in (first, third, awaited):
        assert typed.__class__ is IngestAck
        assert isinstance(typed, Mapping) and set(typed) == KEYS and len(typed) == 6
        assert typed == dict(typed.items()) and dict(typed.items()) == typed
        assert typed["seq"] == typed.seq and typed.get("nope", 7) == 7
        assert typed.duplicate is False and typed["duplicate"] is False
        with pytest.raises(KeyError):
            typed["nope"]
        with pytest.raises(TypeError):
            hash(typed)
    assert first.opened and third.opened and first.customer != third.customer
    assert awaited["conversation"] == first.conversation and not awaited["opened"]
    assert first.seq < awaited["seq"] < third.seq
    # a resend answers with the original (the apply function's duplicate dict, as it is)
    assert type(again) is dict and again["duplicate"] is True
    assert (again["seq"], again["conversation"], again["message"]) == (
        first.seq,
        first.conversation,
        first.message,
    )


def test_the_pipe_carries_a_new_messages_answer_as_six_values() -> None:
    ack = IngestAck(9, 2, 5, False, True, 4)
    as_dict = {"seq": 9, "conversation": 2, "message": 5, "duplicate": False}
    as_dict |= {"opened": True, "customer": 4}
    assert ack == as_dict and as_dict == ack and ack != {**as_dict, "seq": 10}
    typed = Answer(1, True, None, None, ack)
    wire = msgspec.msgpack.encode(typed)
    assert len(wire) < len(msgspec.msgpack.encode(Answer(1, True, as_dict))) // 3
    other = {"seq": 1, "conversation": 2, "message": 3, "duplicate": True}
    batch = msgspec.msgpack.encode(Answers([typed, Answer(2, True, other)], [], 0.0))
    decoded = _answers.decode(batch)
    assert decoded.answers[0].ingest.__class__ is IngestAck
    assert decoded.answers[0].ingest == as_dict and decoded.answers[0].value is None
    assert decoded.answers[1].value == other and decoded.answers[1].ingest is None
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(ack), type=IngestAck) == ack
