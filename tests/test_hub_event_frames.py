"""An event crosses the writer's pipe inside its frame as clients get it (the child encodes
it: writer_process._typed); the server sends that frame on as it is and decodes the payload
only when something reads it (writer_process.PipedEvent). What every client receives is
unchanged: the same JSON, masked for agents where the payload needs it."""

from __future__ import annotations

import json

import msgspec

from loancs.core import protocol as p
from loancs.core.visibility import Viewer
from loancs.server.hub import Hub, Outbox, Subscriber
from loancs.store import commands as c
from loancs.store.db import Store

PHONE = "13912345678"


def _ingest(external_id: str, body: str) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=external_id,
        identity=p.Identity(kind="wechat", value="oEVENTFRAMES00000001"),
        body=body,
        kind="text",
    )


def _subscriber(viewer: Viewer) -> tuple[Subscriber, Outbox]:
    outbox = Outbox()
    sub = Subscriber(viewer, outbox, 1000, lambda s: None)
    sub.replaying = False
    return sub, outbox


def _payload_slot(event: object) -> object:
    return msgspec.structs.astuple(event)[5]  # the field itself, not the property


async def test_events_cross_the_pipe_as_their_frames_and_go_out_as_they_are(tmp_path) -> None:
    store = Store(tmp_path / "frames.db", synchronous="NORMAL", writer="process")
    await store.open()
    committed: list = []
    store.on_commit(committed.extend)
    try:
        await store.submit(_ingest("ef-1", "你好，我想问车贷"))
        await store.submit(_ingest("ef-2", f"我的电话是{PHONE}，请回电"))
    finally:
        await store.close()
    plain, personal = [e for e in committed if e.kind == "message.received"]
    assert plain.plain and not personal.plain
    for event in committed:
        assert event.frame is not None
        assert _payload_slot(event) is None  # only inside the frame on the pipe

    hub = Hub()
    manager, managers = _subscriber(Viewer("supervisor", agent_id=90))
    agent, agents = _subscriber(Viewer("agent", agent_id=7))
    hub.add(manager)
    hub.add(agent)
    hub.publish(committed)

    sent = {item[2]: item[1] for item in managers.waiting()}
    to_agent = {item[2]: item[1] for item in agents.waiting()}
    assert set(sent) == {e.seq for e in committed}
    for event in committed:
        assert sent[event.seq] is event.frame  # the child's bytes, not encoded again
    # A customer's message needing no mask went out to everyone undecoded.
    assert to_agent[plain.seq] is plain.frame
    assert _payload_slot(plain) is None
    # One holding a phone number: agents get it masked (decoded, masked, encoded here);
    # the supervisor the frame as it came.
    masked = json.loads(to_agent[personal.seq])
    assert masked["payload"]["body"] == "我的电话是139****5678，请回电"
    assert PHONE in json.loads(sent[personal.seq])["payload"]["body"]

    # Read, the payload is the frame's, as it was before it crossed; the frame stays.
    for event in committed:
        frame = json.loads(event.frame)
        assert event.payload == frame["payload"]
        assert _payload_slot(event) == frame["payload"] and event.frame is not None
        assert (frame["seq"], frame["kind"], frame["conversation"], frame["actor"]) == (
            event.seq,
            event.kind,
            event.conversation,
            event.actor,
        )
        assert hub.frame_for(event) == p.encode_bytes(
            p.Event(event.seq, event.ts, event.kind, event.conversation, event.actor, event.payload)
        )
    # A payload changed in the server is no longer the frame's: the frame is made again.
    plain.payload = {**plain.payload, "body": "改了"}
    assert plain.frame is None
    assert json.loads(hub.frame_for(plain))["payload"]["body"] == "改了"


async def test_the_thread_writers_events_are_framed_by_the_hub_as_before(tmp_path) -> None:
    store = Store(tmp_path / "frames.db", synchronous="NORMAL", writer="thread")
    await store.open()
    committed: list = []
    store.on_commit(committed.extend)
    try:
        await store.submit(_ingest("ef-1", "你好"))
    finally:
        await store.close()
    (event,) = [e for e in committed if e.kind == "message.received"]
    assert event.frame is None and type(event.payload) is dict
    assert json.loads(Hub().frame_for(event))["payload"]["body"] == "你好"


def test_a_payload_naming_an_agent_crosses_beside_its_frame() -> None:
    """The hub reads "agent", "from_agent" (and a typing event's "who") of every event it
    sends (core/visibility.audience): such a payload still crosses as the map, the rest only
    inside the frame, and the hub's audience does not decode those."""
    from loancs.core.visibility import audience
    from loancs.server.hub import _for_audience
    from loancs.store.tx import StoredEvent
    from loancs.store.writer_process import Answers, _answers, _typed

    events = [
        StoredEvent(1, 5, "conversation.assigned", 3, "agent:7", {"agent": 7, "agent_name": "王"}),
        StoredEvent(2, 5, "conversation.transferred", 3, "agent:7", {"from_agent": 7}),
        StoredEvent(3, 5, "message.received", 3, "customer:1", {"body": "hi", "who": 1}),
        StoredEvent(4, 5, "message.received", 3, "customer:1", {"body": "no agent named"}),
    ]
    _typed(events)
    piped = _answers.decode(msgspec.msgpack.encode(Answers([], events, 0.0))).events
    held = [_payload_slot(e) for e in piped]
    assert held[:3] == [{"agent": 7, "agent_name": "王"}, {"from_agent": 7}, events[2].payload]
    assert held[3] is None and all(e.frame is not None for e in piped)
    assert _for_audience(piped[0]) == {"agent": 7, "agent_name": "王"}
    assert _for_audience(piped[3]) == {} and _payload_slot(piped[3]) is None
    assert audience("conversation.assigned", 3, None, _for_audience(piped[0])).agents == (7,)
    assert piped[3].payload == {"body": "no agent named"}
