"""The fan-out remembers who gets a conversation's events (issue 18): with 200 agents, asking
``audience`` and building a set of recipients for every customer message was a third of
``Hub.publish``. An event whose audience is its conversation's held facts alone (it names no
agent or typist; the conversation is not waiting) goes to the recipients found for the
previous event of that kind and conversation, while those facts are held unchanged and
nobody subscribed or left. Everything else is looked up as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

import loancs.server.hub as hub_module
from loancs.core.convmeta import ConvMeta
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


def _sub(hub: Hub, viewer: Viewer) -> Outbox:
    outbox = Outbox()
    sub = Subscriber(viewer, outbox, 1000, lambda _sub: None)
    sub.finish_replay(0)
    hub.add(sub)
    return outbox


def _got(outbox: Outbox) -> list[tuple[int, Any]]:
    """(seq, conversation) of each event frame waiting in ``outbox``, taken out of it."""
    got = []
    while not outbox.empty():
        item = outbox.get_nowait()
        frame = json.loads(item[1])
        got.append((frame["seq"], frame["conversation"]))
    return got


def _received(seq: int, conversation: int, meta: dict[str, Any], **payload: Any) -> StoredEvent:
    body = {"body": "车贷利率多少？", **payload}
    return StoredEvent(seq, 1, "message.received", conversation, "channel:gw", body, meta, True)


@pytest.fixture
def audience_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = hub_module.audience

    def counting(kind: str, *args: Any) -> Any:
        calls.append(kind)
        return real(kind, *args)

    monkeypatch.setattr(hub_module, "audience", counting)
    return calls


def test_a_conversations_next_messages_reach_its_owner_without_asking_audience_again(
    audience_calls: list[str],
) -> None:
    """Three messages of one assigned conversation with its facts unchanged: ``audience``
    is asked for the first only; the owner and the supervisor get all three, another agent
    none."""
    hub = Hub()
    hub.load_meta({7: dict(_FACTS)})
    owner = _sub(hub, Viewer(role="agent", agent_id=3, queues=frozenset({"car"})))
    other = _sub(hub, Viewer(role="agent", agent_id=4, queues=frozenset({"car"})))
    sup = _sub(hub, Viewer(role="supervisor", agent_id=9))
    for seq in (1, 2, 3):
        hub.publish([_received(seq, 7, dict(_FACTS))])
    assert audience_calls == ["message.received"]
    assert _got(owner) == [(1, 7), (2, 7), (3, 7)]
    assert _got(sup) == [(1, 7), (2, 7), (3, 7)]
    assert _got(other) == []


def test_remembered_recipients_follow_every_change_of_who_may_see() -> None:
    """Each change that decides who may see the next message is followed at once: another
    owner (new facts), a console that connects or leaves, an event that names an agent, a
    conversation waiting again (offers, queues), a resolved one; and the agents' copy is
    still masked when the payload needs it."""
    hub = Hub()
    hub.load_meta({7: dict(_FACTS), 8: dict(_FACTS)})
    a3 = _sub(hub, Viewer(role="agent", agent_id=3, queues=frozenset({"car"})))
    a4 = _sub(hub, Viewer(role="agent", agent_id=4, queues=frozenset({"car"})))
    seq = iter(range(1, 100))

    def send(conversation: int, meta: dict[str, Any], **payload: Any) -> int:
        n = next(seq)
        hub.publish([_received(n, conversation, meta, **payload)])
        return n

    first = send(7, _FACTS)
    again = send(7, _FACTS)
    assert _got(a3) == [(first, 7), (again, 7)] and _got(a4) == []
    # reassigned to agent 4: a new ConvMeta is held, the remembered route is not used
    moved = {**_FACTS, "assigned": 4}
    n = send(7, moved)
    assert _got(a3) == [] and _got(a4) == [(n, 7)]
    n = send(7, moved)
    assert _got(a4) == [(n, 7)]
    # a supervisor connects: she gets the very next message
    sup = _sub(hub, Viewer(role="supervisor", agent_id=9))
    n = send(7, moved)
    assert _got(sup) == [(n, 7)] and _got(a4) == [(n, 7)]
    # agent 4 leaves: nothing more is put in its outbox
    gone = next(s for s in hub.subscribers if s.outbox is a4)
    hub.discard(gone)
    n = send(7, moved)
    assert _got(a4) == [] and _got(sup) == [(n, 7)]
    # an event naming another agent reaches that agent too (and is not remembered for the
    # next one, which names nobody)
    n = send(7, moved, agent=3)
    assert _got(a3) == [(n, 7)] and _got(sup) == [(n, 7)]
    n = send(7, moved)
    assert _got(a3) == [] and _got(sup) == [(n, 7)]
    # waiting again in the car queue: every live car agent, never remembered
    waiting = {**_FACTS, "assigned": None}
    n = send(8, waiting)
    m = send(8, waiting)
    assert _got(a3) == [(n, 8), (m, 8)] and _got(sup) == [(n, 8), (m, 8)]
    # resolved: the owner named by the facts no more
    resolved = {**_FACTS, "assigned": None, "status": "resolved"}
    n = send(8, resolved)
    m = send(8, resolved)
    assert _got(a3) == [] and _got(sup) == [(n, 8), (m, 8)]
    # masking: the owner's copy masked, the supervisor's whole, by the remembered route too
    mobile = "请打 13812345678 联系我"
    for _ in range(2):
        n = next(seq)
        event = StoredEvent(n, 1, "message.received", 7, "channel:gw", {"body": mobile}, _FACTS)
        hub.publish([event])
        owner_body = json.loads(a3.get_nowait()[1])["payload"]["body"]
        assert "13812345678" not in owner_body and owner_body != mobile
        assert json.loads(sup.get_nowait()[1])["payload"]["body"] == mobile


def test_the_remembered_recipients_are_forgotten_past_a_bound() -> None:
    """Conversations seen once each are not all kept: past the bound the kind's routes are
    forgotten and started again (the hub holds a year's open conversations)."""
    hub = Hub()
    count = hub_module._ROUTES_KEPT + 10
    hub.load_meta({c: dict(_FACTS) for c in range(1, count + 1)})
    owner = _sub(hub, Viewer(role="agent", agent_id=3, queues=frozenset({"car"})))
    got = []
    for c in range(1, count + 1):
        hub.publish([_received(c, c, dict(_FACTS))])
        got += _got(owner)
        next(iter(hub.subscribers)).queued = 0  # (as its sender would have taken it)
    assert got == [(c, c) for c in range(1, count + 1)]
    assert 0 < len(hub._routes["message.received"]) <= hub_module._ROUTES_KEPT
    assert isinstance(hub.meta.get(1), ConvMeta)


def test_a_console_dropped_in_the_middle_of_a_batch_gets_nothing_after_it() -> None:
    """An agent whose outbox overflows on the second event of a commit is dropped from the
    hub by its overflow (as the server does, to send it resync): the batch's later events,
    on a remembered route, go to the others and not to it."""
    hub = Hub()
    hub.load_meta({7: dict(_FACTS)})
    sup = _sub(hub, Viewer(role="supervisor", agent_id=9))
    slow_box = Outbox()
    slow = Subscriber(Viewer(role="agent", agent_id=3), slow_box, 1, hub.discard)
    slow.finish_replay(0)
    hub.add(slow)
    hub.publish([_received(1, 7, dict(_FACTS))])  # remembered
    assert _got(sup) == [(1, 7)] and len(slow_box.waiting()) == 1
    hub.publish([_received(n, 7, dict(_FACTS)) for n in (2, 3, 4)])
    assert slow.overflowed and slow not in hub.subscribers
    assert _got(sup) == [(2, 7), (3, 7), (4, 7)]
    assert _got(slow_box) == [(1, 7)]
