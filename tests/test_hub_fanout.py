"""Fan-out by recipient: each event reaches exactly the consoles and gateways allowed to
see it, and a console that reads slowly is told to resync once it is behind by what sits
in its socket's buffers, not only by what waits in its queue. Real server, real sockets."""

from __future__ import annotations

import asyncio
import json
import socket

from conftest import make_config, seed_accounts
from harness import Raw
from test_security_limits import flood
from websockets.asyncio.client import connect

from loancs.server.app import LoancsServer


def _events(raw: Raw, kind: str | None = None) -> list[dict]:
    return [f for f in raw.frames if f["type"] == "event" and (kind is None or f["kind"] == kind)]


def _convs(raw: Raw, kind: str) -> set[int]:
    return {f["conversation"] for f in _events(raw, kind)}


async def _ingest(gw: Raw, frame_id: str, customer: str, body: str, loan_type: str) -> int:
    await gw.send(
        {
            "type": "ingest",
            "id": frame_id,
            "external_id": frame_id,
            "customer": {"kind": "wechat", "value": customer},
            "body": body,
            "hints": {"loan_type": loan_type},
        }
    )
    ack = await gw.wait(lambda f: f.get("id") == frame_id)
    assert ack["type"] == "ack", ack
    return ack["conversation"]


async def test_each_event_reaches_exactly_who_may_see_it(tmp_path) -> None:
    db = tmp_path / "fanout.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db))
    await server.start()
    try:
        sup = await Raw.open(server.url, tokens["supervisor"])
        wang = await Raw.open(server.url, tokens["agent"])  # mortgage, car
        li = await Raw.open(server.url, tokens["agent2"])  # consumer, mortgage
        wechat = await Raw.open(server.url, tokens["wechat"])
        phone = await Raw.open(server.url, tokens["phone"])
        visitor = await Raw.open(server.url, "visitor")
        consumer = await _ingest(wechat, "w1", "oCONSUMER", "消费贷怎么申请？", "consumer")
        car = await _ingest(wechat, "w2", "oCAR", "车贷利率多少？", "car")
        await sup.wait(lambda f: f.get("kind") == "message.received" and f["conversation"] == car)
        await li.send({"type": "accept", "id": "a1", "conversation": consumer})
        assert (await li.wait(lambda f: f.get("id") == "a1"))["type"] == "ack"
        await li.send({"type": "reply", "id": "r1", "conversation": consumer, "body": "您好"})
        assert (await li.wait(lambda f: f.get("id") == "r1"))["type"] == "ack"
        await _ingest(wechat, "w3", "oCONSUMER", "好的，谢谢", "consumer")
        last = server.hub.last_seq
        await sup.wait(lambda f: f.get("seq") == last)
        await asyncio.sleep(0.3)  # anything sent to the wrong place would have arrived

        # Supervisors see every event, in order.
        assert [f["seq"] for f in _events(sup)] == sorted(f["seq"] for f in _events(sup))
        assert {consumer, car} <= _convs(sup, "message.received")
        # A waiting conversation reaches the agents skilled in its queue, and only them.
        assert _convs(wang, "message.received") == {car}
        assert car not in _convs(li, "message.received")
        assert consumer in _convs(li, "message.received")
        # Once it is someone's, the others hear nothing more of it.
        assert consumer not in {f["conversation"] for f in _events(wang)}
        second = [
            f for f in _events(li, "message.received") if f["payload"].get("body") == "好的，谢谢"
        ]
        assert len(second) == 1
        # The WeChat gateway gets the reply to deliver; the phone gateway nothing of WeChat's;
        # a web-chat visitor nothing of anyone else's.
        assert [f["payload"]["body"] for f in _events(wechat, "message.sent")] == ["您好"]
        assert _events(phone) == []
        assert _events(visitor) == []
        # Each recipient got each event once.
        for raw in (sup, wang, li, wechat):
            seqs = [f["seq"] for f in _events(raw)]
            assert len(seqs) == len(set(seqs))
        for raw in (sup, wang, li, wechat, phone, visitor):
            await raw.ws.close()
    finally:
        await server.stop()


async def test_a_console_behind_by_its_socket_buffers_gets_resync(tmp_path) -> None:
    """The queue alone would take 100,000 events to overflow; 256 KiB unread in the
    socket is enough for `resync`, and resuming then brings every event exactly once."""
    db = tmp_path / "slow.db"
    tokens = seed_accounts(db)
    server = LoancsServer(
        make_config(db, subscriber_queue=100_000, subscriber_backlog_bytes=256 * 1024)
    )
    await server.start()
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
        sock.connect(("127.0.0.1", server.port))
        # A console that stops reading: the library takes 4 frames, then the socket fills.
        ws = await connect(server.url, sock=sock, max_size=None, ping_interval=None, max_queue=4)
        await ws.send(json.dumps({"type": "hello", "token": tokens["supervisor"]}))
        welcome = json.loads(await ws.recv())
        await flood(server.url, tokens["wechat"], 600, body_chars=2000)
        head = server.hub.last_seq
        await asyncio.sleep(1.0)
        frames = []
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            frames.append(frame)
            if frame["type"] == "resync":
                break
        resync = frames[-1]
        seqs = [f["seq"] for f in frames if f["type"] == "event"]
        assert seqs == list(range(welcome["seq"] + 1, resync["last_seq"] + 1))
        assert resync["last_seq"] < head  # dropped long before the queue's 100,000
        await ws.send(json.dumps({"type": "resume", "since": resync["last_seq"]}))
        while seqs[-1] < head:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert frame["type"] == "event", frame  # a replay paces itself: no second resync
            seqs.append(frame["seq"])
        assert seqs == list(range(welcome["seq"] + 1, head + 1))
        await ws.close()
    finally:
        await server.stop()


async def test_events_of_every_frame_size_reach_a_console_whole_and_in_order(tmp_path) -> None:
    """What the server writes itself (one frame alone, or several in one write): a 7-bit,
    16-bit and 64-bit length each read back whole by a websocket client, in seq order."""
    db = tmp_path / "sizes.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db, max_frame=256 * 1024))
    await server.start()
    try:
        sup = await Raw.open(server.url, tokens["supervisor"])
        wechat = await Raw.open(server.url, tokens["wechat"])
        bodies = ["短", "x" * 60, "长" * 700, "y" * 70_000, "z" * 66_000]
        # One at a time: the console is given one event per write.
        for n, body in enumerate(bodies):
            await _ingest(wechat, f"one{n}", f"oSIZE{n}", body, "mortgage")
            head = server.hub.last_seq
            await sup.wait(lambda f, head=head: f.get("seq") == head)
        # All at once: several events (and a gateway's several acks) in one write.
        for n, body in enumerate(bodies * 3):
            await wechat.send(
                {
                    "type": "ingest",
                    "id": f"many{n}",
                    "external_id": f"many{n}",
                    "customer": {"kind": "wechat", "value": f"oMANY{n % 4}"},
                    "body": body,
                }
            )
        for n in range(len(bodies) * 3):
            ack = await wechat.wait(lambda f, n=n: f.get("id") == f"many{n}")
            assert ack["type"] == "ack", ack
        head = server.hub.last_seq
        await sup.wait(lambda f: f.get("seq") == head)
        events = _events(sup)
        assert [f["seq"] for f in events] == list(range(events[0]["seq"], head + 1))
        received = [f["payload"]["body"] for f in events if f["kind"] == "message.received"]
        assert received == bodies + bodies * 3
        assert sup.closed is None and wechat.closed is None
        await sup.ws.close()
        await wechat.ws.close()
    finally:
        await server.stop()


def test_an_event_is_encoded_once_for_every_recipient_unless_masking_changes_it() -> None:
    """A supervisor and an agent seeing one event get the same bytes from one encoding;
    when the agent's copy has a number masked, the agent gets that one and the supervisor
    the full text."""
    from loancs.core.visibility import Viewer
    from loancs.server.hub import Hub, Outbox, Subscriber
    from loancs.store.writer import StoredEvent

    hub = Hub()
    hub.load_meta(
        {
            7: {"channel": "wechat", "assigned": 3, "loan_type": "car", "status": "open"},
            8: {"channel": "wechat", "assigned": 3, "loan_type": "car", "status": "open"},
        }
    )
    boxes = {"agent": Outbox(), "supervisor": Outbox()}
    for role, outbox in boxes.items():
        viewer = Viewer(role=role, agent_id=3 if role == "agent" else 9)  # type: ignore[arg-type]
        sub = Subscriber(viewer, outbox, 100, lambda _sub: None)
        sub.finish_replay(0)
        hub.add(sub)
    encoded: list[int] = []
    frame_for = hub.frame_for

    def counting(event, payload=None):  # noqa: ANN001, ANN202
        encoded.append(event.seq)
        return frame_for(event, payload)

    hub.frame_for = counting  # type: ignore[method-assign]
    mobile = "请打 13812345678 联系我"
    hub.publish(
        [
            StoredEvent(1, 1, "message.received", 7, "channel:gw", {"body": "车贷利率多少？"}),
            StoredEvent(2, 1, "message.received", 8, "channel:gw", {"body": mobile}),
        ]
    )
    assert encoded == [1, 2, 2]  # the masked copy is the only second encoding
    got = {role: [box.get_nowait() for _ in range(2)] for role, box in boxes.items()}
    assert got["agent"][0][1] is got["supervisor"][0][1]
    assert json.loads(got["supervisor"][1][1])["payload"]["body"] == mobile
    agent_body = json.loads(got["agent"][1][1])["payload"]["body"]
    assert "13812345678" not in agent_body and agent_body != mobile
