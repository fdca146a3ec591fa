"""What the hub holds per conversation (core/convmeta.py's ConvMeta) is a msgspec struct a
collection never visits: 72 bytes, untracked by the garbage collector, made in C, and
decodable as it is from the seven values in FIELDS' order (so the writer's answers can carry
one instead of a seven-key map). Every reader still sees a read-only mapping equal to the
store's dict, and the cache holds a decoded one with its few-valued strings shared."""

from __future__ import annotations

import gc
import sys
from collections.abc import Mapping

import msgspec
import pytest

from loancs.core.convmeta import FIELDS, ConvMeta
from loancs.core.visibility import Viewer, audience, may_read
from loancs.server.meta import MetaCache

FACTS = {
    "channel": "wechat",
    "assigned": None,
    "loan_type": "car",
    "status": "open",
    "customer": 41,
    "urgency": "normal",
    "priority": 2,
}


def test_held_facts_are_small_untracked_and_read_as_the_dict() -> None:
    meta = ConvMeta.of(FACTS)
    assert sys.getsizeof(meta) <= 72
    assert not gc.is_tracked(meta)
    assert isinstance(meta, Mapping)
    assert meta == FACTS
    assert FACTS.__eq__(meta) is NotImplemented and dict.__eq__(FACTS, dict(meta))
    assert (meta != FACTS) is False
    assert dict(meta) == FACTS and {**meta} == FACTS
    assert list(meta) == list(FIELDS) and len(meta) == 7
    assert list(meta.keys()) == list(FIELDS)
    assert list(meta.values()) == list(FACTS.values())
    assert dict(meta.items()) == FACTS
    assert meta["loan_type"] == "car" and meta.get("assigned") is None
    assert meta.get("nope", 5) == 5 and "status" in meta and "nope" not in meta
    with pytest.raises(KeyError):
        meta["nope"]
    with pytest.raises(TypeError):
        hash(meta)
    assert meta != {**FACTS, "status": "resolved"}
    assert ConvMeta.of({"channel": "web"}) == {**dict.fromkeys(FIELDS), "channel": "web"}


def test_decoded_from_its_values_and_held_with_shared_strings() -> None:
    wire = msgspec.msgpack.encode(list(FACTS.values()))
    decoded = msgspec.msgpack.decode(wire, type=ConvMeta)
    assert decoded == FACTS
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(decoded), type=ConvMeta) == decoded
    cache = MetaCache()
    cache[7] = decoded
    held = cache[7]
    assert held == FACTS
    assert held.channel is sys.intern("wechat") and held.status is sys.intern("open")
    assert cache.conversations_of(41) == {7}
    # the same facts again (decoded anew): kept as held
    cache[7] = msgspec.msgpack.decode(wire, type=ConvMeta)
    assert cache[7] is held
    # a change: held anew, its customer re-indexed
    moved = msgspec.msgpack.decode(
        msgspec.msgpack.encode([*list(FACTS.values())[:4], 42, "normal", 2]), type=ConvMeta
    )
    cache[7] = moved
    assert cache[7] == moved and cache.conversations_of(41) == set()
    assert cache.conversations_of(42) == {7}


def test_visibility_reads_a_struct_as_it_reads_the_dict() -> None:
    agent = Viewer("agent", agent_id=3, queues=frozenset({"car"}))
    for facts in (FACTS, {**FACTS, "assigned": 3}, {**FACTS, "status": "resolved"}):
        meta = ConvMeta.of(facts)
        for kind in ("message.received", "conversation.assigned", ""):
            a, b = audience(kind, 7, meta, {}), audience(kind, 7, facts, {})
            assert (a.agents, a.queue, a.waiting, a.all_agents, a.channel) == (
                b.agents,
                b.queue,
                b.waiting,
                b.all_agents,
                b.channel,
            )
        assert may_read(agent, 7, meta) == may_read(agent, 7, facts)


def test_routing_reads_an_events_facts_as_a_struct_or_a_dict() -> None:
    """A customer message's facts come from the writer's answers as a ConvMeta (or a dict
    from the in-process writer and the PostgreSQL feed): routing queues it when nobody has it."""
    from loancs.core.routing.router import Router
    from loancs.server.services.routing import RoutingService
    from loancs.store.writer import StoredEvent

    for facts in (
        FACTS,
        ConvMeta.of(FACTS),
        {**FACTS, "assigned": 3},
        ConvMeta.of({**FACTS, "assigned": 3}),
    ):
        service = object.__new__(RoutingService)
        service.router = Router()
        queued: list[int] = []
        service.enqueue = queued.append  # type: ignore[method-assign]
        service._spawn = lambda _: None  # type: ignore[method-assign]
        event = StoredEvent(9, 0, "message.received", 7, "customer:41", {"body": "x"}, facts)
        assert service._apply(event, 0, set()) is False
        assert queued == ([] if facts["assigned"] else [7])


def test_an_events_audience_is_made_in_c_and_not_tracked() -> None:
    """``audience`` answers once per event the hub fans out: a msgspec struct, never visited
    by the collector, that reads and admits as before."""
    import gc

    from loancs.core.visibility import Audience, Viewer, audience

    held = ConvMeta("wechat", 7, "car", "open", 3, "normal", 0)
    owned = audience("message.received", 5, held, {"body": "x"})
    assert owned.__class__ is Audience and not gc.is_tracked(owned)
    assert (owned.customer, owned.agents, owned.waiting, owned.queue) == (5, (7,), False, None)
    waiting = audience("message.received", 6, ConvMeta("wechat", None, "car", "open"), {})
    assert waiting.waiting and waiting.queue == "car" and not gc.is_tracked(waiting)
    skilled = Viewer(role="agent", agent_id=9, queues=frozenset({"car"}))
    assert waiting.admits(skilled) and not owned.admits(skilled)
    assert owned.admits(Viewer(role="agent", agent_id=7)) and owned.admits(Viewer("supervisor"))
