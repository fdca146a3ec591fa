"""The server reads a text frame's UTF-8 bytes straight into msgspec (session.Inbox,
protocol.decode_client_frame), without decoding them to a str first. What a gateway sees
must not change: every text frame that is not UTF-8, wherever the bad byte sits, is closed
with 1007 as RFC 6455 requires (and nothing of it is stored); a binary frame that is not
UTF-8 gets ``bad_utf8`` and the connection lives on; Chinese, emoji and retired keys
arrive whole."""

from __future__ import annotations

import asyncio
import json

import msgspec.inspect as mi

from loancs.core import protocol as p
from tests.harness import Raw


def _client_frame(payload: bytes, first: int = 0x81) -> bytes:
    """One masked websocket frame as a client writes it, built by hand."""
    n = len(payload)
    if n < 126:
        head = bytes([first, 0x80 | n])
    elif n < 1 << 16:
        head = bytes([first, 0x80 | 126]) + n.to_bytes(2, "big")
    else:
        head = bytes([first, 0x80 | 127]) + n.to_bytes(8, "big")
    key = bytes([3, 141, 59, 26])
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def _ingest(external_id: str, body: str, **extra: object) -> dict[str, object]:
    return {
        "type": "ingest",
        "id": external_id,
        "external_id": external_id,
        "customer": {"kind": "wechat", "value": "oUTF8BYTES0001"},
        "body": body,
        **extra,
    }


def _without_type(frame: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in frame.items() if k != "type"}


# Where the byte that is not UTF-8 sits: msgspec reads some of these places (strings it
# decodes), and never reads others (it fails first on an unknown key, a wrong type ...).
NOT_UTF8 = {
    "in the body": b'"body": "\xe6\x88\x91\xff"',
    "in the id": b'"id": "x\xc0\xaf"',  # an overlong "/"
    "a surrogate in the body": b'"body": "\xed\xa0\x80"',
    "in a key": b'"b\xffody": "hello"',
    "in an unknown field": b'"colour": "\xff", "body": "hello"',
    "in a retired field": b'"sent_at": "\xfe", "body": "hello"',
    "cut short at the end": b'"body": "hello \xe6\x88"',
    "outside any string": b'"body": "hello"\xff',
}


def _bad_frame(external_id: str, where: bytes) -> bytes:
    return (
        b'{"type": "ingest", "id": "bad", "external_id": "'
        + external_id.encode()
        + b'", "customer": {"kind": "wechat", "value": "oUTF8BYTES0001"}, '
        + where
        + b"}"
    )


async def test_a_text_frame_that_is_not_utf8_anywhere_is_closed_with_1007(live_server) -> None:
    url, tokens = live_server.url, live_server.tokens
    for n, (where, fragment) in enumerate(NOT_UTF8.items()):
        raw = await Raw.open(url, tokens["wechat"], subscribe=False)
        good = json.dumps(_ingest(f"utf8-good-{n}", "我想问一下还款日")).encode()
        raw.ws.transport.write(
            _client_frame(good) + _client_frame(_bad_frame(f"utf8-bad-{n}", fragment))
        )
        code, reason = await raw.wait_closed()
        assert code == 1007, (where, code, reason)
        assert "at position" in reason, (where, reason)
        assert not [f for f in raw.frames if f["type"] == "error"], (where, raw.frames)
    # The good frame before it was stored (its ack may not have made it before the close);
    # nothing of the refused frames was.
    supervisor = await Raw.open(url, tokens["supervisor"], since=0)
    await supervisor.wait(
        lambda f: (
            f["type"] == "event"
            and f["payload"].get("external_id") == f"utf8-good-{len(NOT_UTF8) - 1}"
        )
    )
    stored = [f["payload"]["external_id"] for f in supervisor.events("message.received")]
    assert sorted(stored) == sorted(f"utf8-good-{n}" for n in range(len(NOT_UTF8)))


async def test_a_binary_frame_is_read_as_before(live_server) -> None:
    """Not UTF-8: ``bad_utf8`` and the connection lives on. UTF-8 JSON: a frame like any."""
    raw = await Raw.open(live_server.url, live_server.tokens["wechat"], subscribe=False)
    raw.ws.transport.write(_client_frame(b'{"type": "ping", "id": "\xff"}', 0x82))
    error = await raw.wait(lambda f: f["type"] == "error")
    assert error["code"] == "bad_utf8"
    frame = json.dumps(_ingest("utf8-binary", "二进制也行"), ensure_ascii=False).encode()
    raw.ws.transport.write(_client_frame(frame, 0x82))
    ack = await raw.wait(lambda f: f["type"] == "ack")
    assert ack["id"] == "utf8-binary" and ack["message"]
    assert raw.closed is None


async def test_chinese_emoji_and_retired_keys_arrive_whole(live_server) -> None:
    url, tokens = live_server.url, live_server.tokens
    supervisor = await Raw.open(url, tokens["supervisor"])
    wechat = await Raw.open(url, tokens["wechat"], subscribe=False)
    bodies = {
        "utf8-zh": "我想咨询一下房贷提前还款的违约金和手续费，谢谢",
        "utf8-emoji": "还款成功了吗？😀👍🏽 — “引号” ½ é",
        "utf8-long": "长" * 21_000,  # a 63 kB frame (the 16-bit length form)
        "utf8-retired": "旧网关还发 sent_at",
    }
    frames = [
        _client_frame(
            json.dumps(
                _ingest(eid, body, **({"sent_at": 1700000000} if eid == "utf8-retired" else {})),
                ensure_ascii=False,
            ).encode()
        )
        for eid, body in bodies.items()
    ]
    wechat.ws.transport.write(b"".join(frames))
    for eid in bodies:
        ack = await wechat.wait(lambda f, eid=eid: f.get("id") == eid)
        assert ack["type"] == "ack", ack
    for eid, body in bodies.items():
        event = await supervisor.wait(
            lambda f, eid=eid: f["type"] == "event" and f["payload"].get("external_id") == eid
        )
        assert event["payload"]["body"] == body


def test_every_client_frame_struct_forbids_unknown_fields() -> None:
    """What reading bytes without a UTF-8 check first rests on: msgspec skips an unknown
    field unread (its strings unchecked), so every struct a client frame may hold refuses
    unknown fields, and holds no msgspec.Raw (also kept unread)."""
    lenient: list[str] = []
    raws: list[str] = []
    seen: set[type] = set()

    def walk(t: mi.Type) -> None:
        if isinstance(t, mi.StructType):
            if t.cls in seen:
                return
            seen.add(t.cls)
            if not t.forbid_unknown_fields:
                lenient.append(t.cls.__name__)
            for f in t.fields:
                walk(f.type)
        elif isinstance(t, mi.RawType):
            raws.append(repr(t))
        elif isinstance(t, mi.UnionType):
            for member in t.types:
                walk(member)
        else:
            for attr in ("item_type", "key_type", "value_type"):
                if hasattr(t, attr):
                    walk(getattr(t, attr))
            for item in getattr(t, "item_types", ()):
                walk(item)

    walk(mi.type_info(p._decoder.type))
    assert p.Ingest in seen and p.Hints in seen and len(seen) > 20
    assert lenient == [] and raws == []


async def test_frames_beyond_max_in_flight_wait_unread_and_none_is_lost(tmp_path) -> None:
    """``max_in_flight`` (session.InFlight): a gateway that pipelines 150 ingests and pings
    in one write has at most that many of them submitted to the writer at once; the rest
    wait (past websockets' queue of 64 frames, in the socket), then all are answered, each
    once, in the order sent."""
    from loancs.server.app import LoancsServer
    from loancs.server.session import InFlight
    from tests.conftest import make_config, seed_accounts

    db = tmp_path / "loancs.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db, max_in_flight=3))
    await server.start()
    try:
        store = server.store
        submit_with = store.submit_with
        outstanding = [0]
        most = [0]

        def counted(command, done):
            outstanding[0] += 1
            most[0] = max(most[0], outstanding[0])

            def answered(ok, value):
                outstanding[0] -= 1
                done(ok, value)

            submit_with(command, answered)

        store.submit_with = counted  # type: ignore[method-assign]
        raw = await Raw.open(server.url, tokens["wechat"], subscribe=False)
        frames = []
        ids = []
        for i in range(150):
            if i % 5 == 4:
                frames.append(json.dumps({"type": "ping", "id": f"ping-{i}"}).encode())
            else:
                frames.append(
                    json.dumps(_ingest(f"inflight-{i}", f"第{i}条"), ensure_ascii=False).encode()
                )
            ids.append(f"ping-{i}" if i % 5 == 4 else f"inflight-{i}")
        raw.ws.transport.write(b"".join(_client_frame(f) for f in frames))
        await raw.wait(lambda f: f.get("id") == ids[-1], timeout=30)
        await raw.wait(lambda f: len([g for g in raw.frames if g.get("id")]) >= 150, timeout=30)
        answered = [f for f in raw.frames if f.get("id")]
        assert [f["id"] for f in answered if f["type"] == "ack"] == [
            i for i in ids if i.startswith("inflight")
        ]
        assert [f["id"] for f in answered if f["type"] == "pong"] == [
            i for i in ids if i.startswith("ping")
        ]
        assert most[0] == 3
        assert outstanding[0] == 0
        conn = next(iter(server.connections))
        assert isinstance(conn.in_flight, InFlight) and conn.in_flight.free == 3
        await raw.ws.close()
    finally:
        await server.stop()


async def test_in_flight_waits_for_a_release_and_survives_a_cancelled_wait() -> None:
    from loancs.server.session import InFlight

    gate = InFlight(1)
    gate.free -= 1
    waiting = asyncio.create_task(gate.wait())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    gate.release()
    await asyncio.wait_for(waiting, 1)
    gate.free -= 1
    cancelled = asyncio.create_task(gate.wait())
    await asyncio.sleep(0.01)
    cancelled.cancel()
    await asyncio.gather(cancelled, return_exceptions=True)
    gate.release()  # nobody waits: nothing to wake, one more free
    assert gate.free == 1 and gate._waiter is None


async def test_a_refused_frame_type_stays_refused_and_an_allowed_one_allowed(live_server) -> None:
    """The receive loop asks a route once per frame type whether the session may send it
    (a principal does not change): asked again, the answer is the same, either way."""
    wechat = await Raw.open(live_server.url, live_server.tokens["wechat"], subscribe=False)
    agent = await Raw.open(live_server.url, live_server.tokens["agent"], subscribe=False)
    stage = {"application": "A-1", "customer": {"kind": "phone", "value": "13800000000"}}
    for n in range(3):
        refused = await wechat.call("stage", stage="submitted", **stage)
        assert (refused["type"], refused["code"]) == ("error", "forbidden"), refused
        ack = await wechat.call("ingest", **_without_type(_ingest(f"refuse-{n}", "你好")))
        assert ack["type"] == "ack", ack
        spoof = await agent.call("ingest", **_without_type(_ingest(f"spoof-{n}", "spoof")))
        assert (spoof["type"], spoof["code"]) == ("error", "forbidden"), spoof
    assert wechat.closed is None and agent.closed is None


def test_what_websockets_queued_goes_out_first_and_once() -> None:
    """Connection.write_now takes what websockets' protocol queued itself (a pong) from its
    ``writes`` and writes it before the frame, once; an empty ``writes`` is left alone."""
    from websockets.protocol import State

    from loancs.server.session import Connection

    class Transport:
        def __init__(self) -> None:
            self.written: list[bytes] = []

        def write(self, data: bytes) -> None:
            self.written.append(bytes(data))

        def is_closing(self) -> bool:
            return False

    class Protocol:
        state = _state = State.OPEN  # (write_now reads _state: test_server_ws_state.py)

        def __init__(self) -> None:
            self.writes: list[bytes] = []

    class Ws:
        paused = False

        def __init__(self) -> None:
            self.transport = Transport()
            self.protocol = Protocol()

    ws = Ws()
    conn = Connection(ws, 10)  # type: ignore[arg-type]
    writes = ws.protocol.writes
    conn.outbox.put_nowait(("frame", b'{"type":"pong","id":"a"}'))
    assert conn.write_now()
    assert ws.protocol.writes is writes and writes == []  # nothing of websockets': untouched
    ws.protocol.writes.append(b"\x8a\x00")  # a pong websockets queued
    conn.outbox.put_nowait(("event", b'{"type":"event","seq":7}', 7))
    assert conn.write_now()
    assert ws.protocol.writes == []
    assert ws.transport.written == [
        b"\x81\x18" + b'{"type":"pong","id":"a"}',
        b"\x8a\x00\x81\x18" + b'{"type":"event","seq":7}',
    ]
    assert conn.frames_written == 2 and conn.taken_seq == 7
