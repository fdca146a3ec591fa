"""The writer child's answers on the pipe (issue 18): a new customer message crosses as its
event alone (the event carries the sender's token and the ack's fields: no Answer and no
IngestAck beside it), and a conversation's facts cross only when they differ from the ones
last sent for it (``AS_SENT`` otherwise, put back on the server's side before anyone reads
the event). What the senders and the listeners get is what they got before."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import msgspec

from loancs.core.convmeta import ConvMeta
from loancs.store import writer_process as wp
from loancs.store.db import Store
from tests.test_writer_gather import ingest


class _Spy:
    """The server's decoder of the child's answers, noting what crossed (before _unfold)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.seen: list[tuple[int, list[tuple[str, Any, Any]]]] = []

    def decode(self, data: Any) -> Any:
        batch = self.real.decode(data)
        self.seen.append(
            (
                len(batch.answers),
                [
                    (e.kind, e.token, "facts" if e.meta.__class__ is ConvMeta else e.meta)
                    for e in batch.events
                ],
            )
        )
        return batch


async def test_a_customer_message_is_answered_on_its_event_and_same_facts_do_not_cross(
    tmp_path: Path, monkeypatch
) -> None:
    spy = _Spy(wp._answers)
    monkeypatch.setattr(wp, "_answers", spy)
    committed: list[Any] = []
    store = Store(tmp_path / "pipe.db", "NORMAL", writer="process")
    store.on_commit(committed.extend)
    await store.open()
    try:
        first = await store.apply(ingest("A", "p1", "你好"))
        crossed = len(spy.seen)
        second = await store.apply(ingest("A", "p2", "还在吗"))
        again = await store.apply(ingest("A", "p2", "还在吗"))
    finally:
        await store.close()
    # The senders' answers, as before.
    assert first["conversation"] == second["conversation"] == again["conversation"]
    assert first["opened"] and not second["opened"]
    assert second["customer"] == first["customer"]
    assert second["seq"] > first["seq"] and second["message"] > first["message"]
    assert not second["duplicate"] and again["duplicate"]
    assert again["message"] == second["message"]
    # On the pipe: the second message is its event alone, its facts "as sent".
    answers, events = spy.seen[crossed]
    assert answers == 0
    assert [(kind, meta) for kind, _, meta in events] == [("message.received", wp.AS_SENT)]
    assert events[0][1] is not None  # the sender's token
    # The resend's answer (a duplicate: no event) crosses as an answer of its own.
    assert spy.seen[-1][0] == 1
    # The listeners get the facts back, equal to the first message's.
    received = [e for e in committed if e.kind == "message.received"]
    assert len(received) == 2
    assert received[1].meta.__class__ is ConvMeta
    assert received[1].meta == received[0].meta
    assert dict(received[1].meta)["status"] == "open"


async def test_answers_of_one_batch_keep_the_order_the_commands_were_sent(
    tmp_path: Path,
) -> None:
    """New messages (answered on their events) and a resend (answered apart, after the
    batch is redone command by command) in one batch: the senders hear in sending order."""
    store = Store(tmp_path / "order.db", "NORMAL", writer="process")
    await store.open()
    order: list[int] = []
    try:
        await store.apply(ingest("B", "q0", "first"))
        futures = [
            store.submit(ingest("B", "q1", "one")),
            store.submit(ingest("B", "q0", "first")),  # a resend
            store.submit(ingest("C", "q2", "two")),
            store.submit(ingest("B", "q1", "one")),  # a resend of one in this batch
        ]
        for i, future in enumerate(futures):
            future.add_done_callback(lambda _, i=i: order.append(i))
        results = [await future for future in futures]
    finally:
        await store.close()
    assert order == [0, 1, 2, 3]
    assert [bool(r["duplicate"]) for r in results] == [False, True, False, True]
    assert results[3]["message"] == results[0]["message"]
    assert results[2]["conversation"] != results[0]["conversation"]


async def test_the_hot_paths_callback_gets_the_event_and_a_future_an_ack(
    tmp_path: Path,
) -> None:
    """A new customer message's answer to a ``functools.partial`` (the server's hot path,
    app._direct_done) is its event itself, with the ack's fields: no IngestAck is built for
    it; a future (``apply``) and any other callback still get an IngestAck."""
    import asyncio
    from functools import partial

    from loancs.core.convmeta import IngestAck

    store = Store(tmp_path / "hot.db", "NORMAL", writer="process")
    await store.open()
    got: dict[str, Any] = {}
    loop = asyncio.get_running_loop()
    answered = loop.create_future()

    def done(name: str, ok: bool, value: Any) -> None:
        got[name] = (ok, value)
        if len(got) == 2 and not answered.done():
            answered.set_result(None)

    try:
        first = await store.apply(ingest("H", "h1", "你好"))
        store.submit_with(ingest("H", "h2", "在吗"), partial(done, "partial"))
        store.submit_with(ingest("H", "h3", "还在吗"), lambda ok, value: done("lambda", ok, value))
        await asyncio.wait_for(answered, 30)
    finally:
        await store.close()
    assert first.__class__ is IngestAck
    ok, event = got["partial"]
    assert ok and event.__class__ is wp.PipedEvent
    assert event.kind == "message.received" and event.conversation == first["conversation"]
    assert event.seq > first["seq"] and event.message > first["message"]
    assert event.customer == first["customer"] and not event.opened
    ok, ack = got["lambda"]
    assert ok and ack.__class__ is IngestAck and not ack["duplicate"]
    assert ack["message"] > event.message and ack["conversation"] == first["conversation"]


def test_facts_that_came_back_as_sent_are_not_compared_again(monkeypatch) -> None:
    """The hub holds the very ConvMeta that ProcessWriter._unfold puts back for facts "as
    sent": it keeps them without comparing them field by field (a compare a customer
    message); facts that are new objects are still compared and replaced when changed."""
    from loancs.server import hub as hub_module
    from loancs.store.tx import StoredEvent

    compared: list[Any] = []
    real = hub_module.facts_of_meta

    def counting(meta: Any) -> Any:
        compared.append(meta)
        return real(meta)

    monkeypatch.setattr(hub_module, "facts_of_meta", counting)
    hub = hub_module.Hub()
    server_side = SimpleNamespace(_facts={})  # what ProcessWriter._unfold reads

    def piped(seq: int, meta: Any) -> Any:
        """An event as the server decodes it from the pipe (its strings fresh objects)."""
        sent = StoredEvent(seq, 0, "message.received", 5, "customer", {}, meta)
        event = msgspec.msgpack.decode(msgspec.msgpack.encode(sent), type=wp.PipedEvent)
        wp.ProcessWriter._unfold(server_side, [event])  # type: ignore[arg-type]
        return event

    facts = ConvMeta("wechat", None, "car", "open", 7, "normal", 0)
    first = piped(1, facts)
    hub.publish([first])
    held = hub.meta.get(5)
    assert held == facts
    hub.publish([piped(2, wp.AS_SENT), piped(3, wp.AS_SENT)])  # as sent: the object held
    assert compared == [] and hub.meta.get(5) is held
    hub.publish([piped(4, ConvMeta("wechat", 3, "car", "open", 7, "normal", 0))])
    assert compared  # changed facts (a new object): compared, replaced
    assert hub.meta.get(5)["assigned"] == 3
    compared.clear()
    hub.publish([piped(5, wp.AS_SENT)])
    assert compared == [] and hub.meta.get(5)["assigned"] == 3


async def test_a_batch_of_new_messages_is_published_before_any_sender_hears(
    tmp_path: Path,
) -> None:
    """The answers of a batch of new customer messages (answered without a list of tuples):
    the listeners get the events first, then every sender in sending order; a callback that
    raises does not keep the others from their answers."""
    import asyncio
    from functools import partial

    store = Store(tmp_path / "order2.db", "NORMAL", writer="process")
    seen: list[Any] = []
    store.on_commit(lambda events: seen.append(("events", len(events))))
    await store.open()
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def answer(name: str, ok: bool, value: Any) -> None:
        seen.append((name, ok, value.message))
        if name == "two":
            raise RuntimeError("a sender's callback failed")
        if name == "three":
            done.set_result(None)

    try:
        await store.apply(ingest("K", "k0", "你好"))
        seen.clear()
        for name in ("one", "two", "three"):
            store.submit_with(ingest("K", f"k-{name}", name), partial(answer, name))
        await asyncio.wait_for(done, 30)
    finally:
        await store.close()
    assert seen[0][0] == "events"
    names = [s[0] for s in seen if s[0] != "events"]
    assert names == ["one", "two", "three"]
    assert all(s[1] for s in seen if s[0] != "events")
    messages = [s[2] for s in seen if s[0] != "events"]
    assert messages == sorted(messages) and len(set(messages)) == 3
