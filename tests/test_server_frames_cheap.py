"""Two per-message shortcuts of the server's main process, pinned to what they stand for:

- the whole text frames KeepaliveSocket's shortcut reads are ``TextFrame``s: websockets'
  ``Frame`` with its data alone set (TEXT, fin, no reserved bit from the class), which
  websockets reads as the frame it stands for and the Inbox knows by its class;
- a write asks asyncio's socket transport ``_closing`` (what its ``is_closing()`` answers)
  without the call; any other transport (TLS, another loop's) is asked as before."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from asyncio.selector_events import _SelectorTransport  # type: ignore[attr-defined]

from websockets.asyncio.messages import Assembler
from websockets.frames import Frame, Opcode
from websockets.protocol import State

from loancs.server import session
from loancs.server.session import Connection, Inbox, TextFrame


def test_a_text_frame_is_the_frame_websockets_would_make() -> None:
    data = "我想问一下还款日".encode()
    frame = TextFrame(data)
    assert isinstance(frame, Frame)
    assert dataclasses.astuple(frame) == dataclasses.astuple(Frame(Opcode.TEXT, data))
    assert (frame.opcode, frame.data, frame.fin, frame.rsv1, frame.rsv2, frame.rsv3) == (
        Opcode.TEXT,
        data,
        True,
        False,
        False,
        False,
    )
    assert vars(frame) == {"data": data}  # one assignment, the rest the class's


def test_websockets_and_the_inbox_read_text_frames_as_their_message() -> None:
    """websockets' recv (the Inbox's way for anything else) reads a TextFrame as a text
    message; the Inbox takes one waiting as its bytes; either way in order."""

    async def run() -> list[str | bytes]:
        class Ws:
            def __init__(self) -> None:
                self.recv_messages = Assembler()

            async def recv(self) -> str | bytes:
                return await self.recv_messages.get()

        ws = Ws()
        frames = ws.recv_messages.frames
        for text in ("一", "two"):
            frames.put(TextFrame(text.encode()))
        got: list[str | bytes] = [await ws.recv()]  # websockets' own read: decoded
        frames.put(TextFrame("三".encode()))
        inbox = Inbox(ws)  # type: ignore[arg-type]
        reader = inbox.__aiter__()
        got.append(await reader.__anext__())  # waiting: its bytes
        got.append(await reader.__anext__())
        return got

    assert asyncio.run(run()) == ["一", b"two", "三".encode()]


def test_the_socket_transport_answers_is_closing_with_the_attribute() -> None:
    assert _SelectorTransport.is_closing.__code__.co_names == ("_closing",)
    assert session._SELECTOR_IS_CLOSING is _SelectorTransport.is_closing


class _Protocol:
    _state = State.OPEN

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def data_to_send(self) -> list[bytes]:
        writes, self.writes = self.writes, []
        return writes


class _Ws:
    paused = False

    def __init__(self, transport: object) -> None:
        self.transport = transport
        self.protocol = _Protocol()


def test_a_write_on_a_closing_socket_transport_writes_nothing() -> None:
    """asyncio's socket transport: read as its attribute (``plain``); once it is closing,
    write_now leaves the frame to the sender."""

    async def run() -> None:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        ours.setblocking(False)
        theirs.setblocking(False)
        try:
            transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
            conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
            assert conn.plain
            conn.outbox.put_nowait(("frame", b'{"type":"pong"}'))
            assert conn.write_now()
            await asyncio.sleep(0)
            assert theirs.recv(100) == b"\x81\x0f" + b'{"type":"pong"}'
            transport.close()
            assert transport.is_closing()
            conn.outbox.put_nowait(("frame", b'{"type":"pong"}'))
            assert not conn.write_now()  # left to the sender
            assert len(conn.outbox.waiting()) == 1
        finally:
            theirs.close()

    asyncio.run(run())


def test_any_other_transport_is_asked() -> None:
    class Transport:  # a TLS transport answers from its own field
        def __init__(self) -> None:
            self.closed = False
            self.written: list[bytes] = []

        def is_closing(self) -> bool:
            return self.closed

        def write(self, data: bytes) -> None:
            self.written.append(bytes(data))

    transport = Transport()
    conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
    assert not conn.plain
    conn.outbox.put_nowait(("frame", b"{}"))
    assert conn.write_now() and transport.written == [b"\x81\x02{}"]
    transport.closed = True
    conn.outbox.put_nowait(("frame", b"{}"))
    assert not conn.write_now() and transport.written == [b"\x81\x02{}"]


def test_an_ack_is_not_tracked_by_the_collector_and_says_the_same() -> None:
    """One ack is made for every customer message: not tracked by the garbage collector
    (it holds nothing that could hold it), its frame as before."""
    import gc

    from loancs.core import protocol as p

    ack = p.Ack("m-1", 7, 3, 9)
    assert not gc.is_tracked(ack)
    assert p.encode_bytes(ack) == b'{"type":"ack","id":"m-1","seq":7,"conversation":3,"message":9}'
    ack.duplicate = True
    ack.warnings = [{"code": "late"}]
    assert p.encode_bytes(ack) == (
        b'{"type":"ack","id":"m-1","seq":7,"conversation":3,"message":9,'
        b'"duplicate":true,"warnings":[{"code":"late"}]}'
    )


def test_routing_reads_a_customer_message_without_asking_its_facts_truth(monkeypatch) -> None:
    """The router's look at every customer message reads the held facts' ``assigned``
    without ``event.meta or {}`` (a ConvMeta's truth is a Python __len__ call)."""
    from loancs.core.convmeta import ConvMeta
    from loancs.server.services.routing import RoutingService
    from loancs.store.tx import StoredEvent

    asked: list[int] = []

    def counted_len(self: ConvMeta) -> int:
        asked.append(1)
        return 7

    monkeypatch.setattr(ConvMeta, "__len__", counted_len)
    queued: list[int] = []

    class Router:
        def has_conversation(self, conv: int) -> bool:
            queued.append(conv)
            return True

    service = RoutingService.__new__(RoutingService)
    service.router = Router()  # type: ignore[assignment]
    meta = ConvMeta("wechat", None, "car", "open", 1, 0, 0)
    event = StoredEvent(5, 6, "message.received", 77, "customer:1", {}, meta)
    assert service._apply(event, 0, set()) is False
    assert queued == [77]  # unassigned: the router was asked about it
    assert asked == []
