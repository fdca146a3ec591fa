"""A client's acks of one commit (one turn of the loop) wait in its outbox as one buffer of
whole websocket frames (``["framed", buffer, count]``) and go out in one write: the same
frames, in the same order with everything else the client is sent, as one ack each."""

from __future__ import annotations

import asyncio
import socket
import struct
from typing import Any

from websockets.protocol import State

from loancs.core import protocol as p
from loancs.core.convmeta import IngestAck
from loancs.server.app import LoancsServer
from loancs.server.session import Connection


class _Protocol:
    _state = State.OPEN

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def data_to_send(self) -> list[bytes]:
        writes, self.writes = self.writes, []
        return writes


class _Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def is_closing(self) -> bool:
        return False

    def write(self, data: bytes) -> None:
        self.written.append(bytes(data))


class _Ws:
    paused = False

    def __init__(self, transport: Any) -> None:
        self.transport = transport
        self.protocol = _Protocol()


class _Server:  # what _direct_done reads of the server
    class metrics:  # noqa: N801
        class ack:  # noqa: N801
            noted: list[float] = []


class _Session:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn


def _ack(conn: Connection, frame_id: str, seq: int, duplicate: bool = False) -> None:
    value = IngestAck(seq, 40 + seq, 500 + seq, duplicate, False, 7)
    LoancsServer._direct_done(_Server(), _Session(conn), frame_id, 0, True, value)  # type: ignore[arg-type]


def _frames(data: bytes) -> list[bytes]:
    """The payloads of a server's (unmasked, final, text) websocket frames, in order."""
    out = []
    while data:
        assert data[0] == 0x81
        n, at = data[1], 2
        if n == 126:
            (n,) = struct.unpack("!H", data[2:4])
            at = 4
        out.append(data[at : at + n])
        data = data[at + n :]
    return out


def _expected(frame_id: str, seq: int, duplicate: bool = False) -> bytes:
    ack = p.Ack(frame_id, seq, 40 + seq, 500 + seq)
    ack.duplicate = duplicate
    return p.encode_bytes(ack)


LONG_ID = "c-" + "é" * 70  # an ack past 125 bytes: a 4-byte header


def test_a_clients_acks_of_a_turn_wait_as_one_item_and_go_out_in_one_write() -> None:
    transport = _Transport()
    conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
    _ack(conn, "m-1", 1)
    assert conn.outbox.waiting()[0] == ("frame", _expected("m-1", 1))  # one: as before
    _ack(conn, "m-2", 2, duplicate=True)
    _ack(conn, LONG_ID, 3)
    _ack(conn, "m-4", 4)
    assert len(conn.outbox.waiting()) == 1
    assert conn.write_now()
    assert len(transport.written) == 1
    assert _frames(transport.written[0]) == [
        _expected("m-1", 1),
        _expected("m-2", 2, True),
        _expected(LONG_ID, 3),
        _expected("m-4", 4),
    ]
    assert len(_expected(LONG_ID, 3)) > 125
    assert conn.written() == 4


def test_acks_keep_their_place_among_events_and_after_a_pong() -> None:
    transport = _Transport()
    ws = _Ws(transport)
    conn = Connection(ws, 10)  # type: ignore[arg-type]
    _ack(conn, "m-1", 1)
    _ack(conn, "m-2", 2)
    conn.outbox.put_nowait(("event", b'{"type":"event","seq":9}', 9))
    _ack(conn, LONG_ID, 3)  # after the event: a frame of its own again
    _ack(conn, "m-4", 4)
    assert [item[0] for item in conn.outbox.waiting()] == ["framed", "event", "framed"]
    ws.protocol.writes.append(b"\x8a\x00")  # a pong websockets queued: it goes first
    assert conn.write_now()
    data = b"".join(transport.written)
    assert data.startswith(b"\x8a\x00")
    assert _frames(data[2:]) == [
        _expected("m-1", 1),
        _expected("m-2", 2),
        b'{"type":"event","seq":9}',
        _expected(LONG_ID, 3),
        _expected("m-4", 4),
    ]
    assert conn.written() == 5 and conn.taken_seq == 9


def test_the_sender_writes_waiting_acks_as_their_frames() -> None:
    """What write_now leaves to the sender task (a paused transport, a close after them)
    reaches the socket the same: every ack, then the close frame."""

    async def run() -> bytes:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        ours.setblocking(False)
        theirs.setblocking(False)
        transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
        conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
        closed: list[tuple[int, str]] = []

        async def close(code: int, reason: str) -> None:
            closed.append((code, reason))

        conn.ws.close = close  # type: ignore[attr-defined]
        for seq in (1, 2, 3):
            _ack(conn, f"m-{seq}", seq)
        conn.close(1000, "bye")
        await asyncio.wait_for(conn.sender(), 5)
        await asyncio.sleep(0.01)
        got = theirs.recv(4096)
        transport.close()
        theirs.close()
        assert closed == [(1000, "bye")] and conn.written() == 3
        return got

    assert _frames(asyncio.run(run())) == [_expected(f"m-{seq}", seq) for seq in (1, 2, 3)]
