"""A lone frame (an agent's one event of a commit, a client's lone ack) goes to asyncio's
socket transport with one socket send when asyncio holds nothing back, not through the
transport's write; a short or refused send leaves the rest to asyncio's write, so the bytes
reach the client whole and in order, and a console that falls behind is still measured and
told to resync."""

from __future__ import annotations

import asyncio
import socket
import struct

from websockets.protocol import State

from loancs.core.visibility import Viewer
from loancs.server.hub import Subscriber
from loancs.server.session import Connection, frame_head


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


def _event(n: int, size: int = 60) -> bytes:
    return (b'{"type":"event","seq":%d,"p":"' % n).ljust(size - 2, b"x") + b'"}'


def _frames(data: bytes) -> list[bytes]:
    """The text frames' payloads in ``data`` (server frames: unmasked)."""
    out, pos = [], 0
    while pos < len(data):
        assert data[pos] == 0x81
        n, head = data[pos + 1], pos + 2
        if n == 126:
            n, head = int.from_bytes(data[head : head + 2], "big"), head + 2
        out.append(data[head : head + n])
        pos = head + n
    assert pos == len(data)
    return out


async def _pair(sndbuf: int = 0) -> tuple[asyncio.Transport, socket.socket, socket.socket]:
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    if sndbuf:
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
        theirs.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, sndbuf)
    ours.setblocking(False)
    theirs.setblocking(False)
    transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
    return transport, ours, theirs  # type: ignore[return-value]


async def _read_all(transport: asyncio.Transport, theirs: socket.socket, size: int) -> bytes:
    """What the peer reads until asyncio holds nothing back and ``size`` bytes came."""
    got = b""
    for _ in range(2000):
        try:
            got += theirs.recv(1 << 16)
        except BlockingIOError:
            if not transport.get_write_buffer_size() and len(got) >= size:
                break
            await asyncio.sleep(0.001)
    return got


def test_a_lone_frame_is_one_socket_send_not_asyncios_write() -> None:
    async def run() -> None:
        transport, _ours, theirs = await _pair()
        try:
            writes: list[bytes] = []
            asyncio_write = transport.write

            def write(data: bytes) -> None:
                writes.append(bytes(data))
                asyncio_write(data)

            transport.write = write  # type: ignore[method-assign]
            conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
            assert conn.plain
            for n in (1, 2):
                conn.outbox.put_nowait(("event", _event(n), n))
                assert conn.write_now()
            conn.outbox.put_nowait(("frame", b'{"type":"pong"}'))
            assert conn.write_now()
            await asyncio.sleep(0)
            assert _frames(theirs.recv(1 << 16)) == [_event(1), _event(2), b'{"type":"pong"}']
            assert writes == []  # asyncio held nothing back: its write was not needed
            assert conn.taken_seq == 2 and conn.frames_written == 3
        finally:
            transport.close()
            theirs.close()

    asyncio.run(run())


def test_a_short_send_leaves_the_rest_to_asyncio_in_order() -> None:
    """A client that does not read: the kernel takes part of a frame, asyncio holds the
    rest and everything after it; once the client reads, every frame arrives whole and in
    order, and the subscriber was measured (its socket holds what it did not take)."""

    async def run() -> None:
        transport, _ours, theirs = await _pair(sndbuf=4096)
        try:
            conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
            sub = Subscriber(
                Viewer(role="agent", agent_id=1),
                conn.outbox,
                100_000,
                lambda s: None,
                64 * 1024 * 1024,
                conn.backlog_bytes,
            )
            sub.replaying = False
            conn.subscriber = sub
            events = [_event(n, 1000) for n in range(1, 201)]
            for n, data in enumerate(events, 1):
                sub.offer(n, data)
                assert conn.write_now()
            held = transport.get_write_buffer_size()
            assert held > 0  # asyncio holds what the kernel did not take
            assert sub.socket_bytes >= held  # measured once asyncio held bytes back
            got = await _read_all(transport, theirs, 200 * 1004)
            assert _frames(got) == events
        finally:
            transport.close()
            theirs.close()

    asyncio.run(run())


def test_a_console_behind_by_its_socket_is_told_to_resync_after_a_lone_write() -> None:
    async def run() -> None:
        transport, _ours, theirs = await _pair(sndbuf=4096)
        try:
            conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
            behind: list[Subscriber] = []
            sub = Subscriber(
                Viewer(role="agent", agent_id=1),
                conn.outbox,
                100_000,
                behind.append,
                32 * 1024,
                conn.backlog_bytes,
            )
            sub.replaying = False
            conn.subscriber = sub
            n = 0
            while not behind and n < 1000:
                n += 1
                sub.offer(n, _event(n, 1000))
                assert conn.write_now()
            assert behind == [sub] and sub.overflowed
            assert n < 100  # told once its socket held the limit, not after the queue's
        finally:
            transport.close()
            theirs.close()

    asyncio.run(run())


def test_several_frames_of_a_commit_are_one_socket_send_not_asyncios_write() -> None:
    """An agent given three events of a commit, a client its acks ("framed"): one socket
    send each, not asyncio's write, when asyncio holds nothing back."""

    async def run() -> None:
        transport, _ours, theirs = await _pair()
        try:
            writes: list[bytes] = []
            asyncio_write = transport.write

            def write(data: bytes) -> None:
                writes.append(bytes(data))
                asyncio_write(data)

            transport.write = write  # type: ignore[method-assign]
            conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
            events = [_event(n, 400) for n in (1, 2, 3)]
            for n, data in enumerate(events, 1):
                conn.outbox.put_nowait(("event", data, n))
            assert conn.write_now()
            acks = bytearray(frame_head(20) + b"x" * 20 + frame_head(300) + b"y" * 300)
            conn.outbox.put_nowait(["framed", acks, 2])
            assert conn.write_now()
            await asyncio.sleep(0)
            assert _frames(theirs.recv(1 << 16)) == [*events, b"x" * 20, b"y" * 300]
            assert writes == []
            assert conn.taken_seq == 3 and conn.frames_written == 5
        finally:
            transport.close()
            theirs.close()

    asyncio.run(run())


def test_a_short_send_of_several_frames_leaves_the_rest_to_asyncio_in_order() -> None:
    async def run() -> None:
        transport, _ours, theirs = await _pair(sndbuf=4096)
        try:
            conn = Connection(_Ws(transport), 10)  # type: ignore[arg-type]
            events = [_event(n, 1000) for n in range(1, 301)]
            for k in range(0, 300, 3):
                for n in range(k, k + 3):
                    conn.outbox.put_nowait(("event", events[n], n + 1))
                assert conn.write_now()
            assert transport.get_write_buffer_size() > 0  # asyncio holds the rest
            got = await _read_all(transport, theirs, 300 * 1004)
            assert _frames(got) == events
        finally:
            transport.close()
            theirs.close()

    asyncio.run(run())


def test_a_medium_frames_header_is_made_once_for_its_length() -> None:
    """Every event's frame (~0.4 KB) needs a 4-byte header: made once a length, not packed
    again for every frame (struct's pack: ~0.5k instructions); a long frame's is made anew."""
    for n in (126, 362, 2047):
        assert frame_head(n) == struct.pack("!BBH", 0x81, 126, n)
        assert frame_head(n) is frame_head(n)
    assert frame_head(5000) == struct.pack("!BBH", 0x81, 126, 5000)
    assert frame_head(70000) == struct.pack("!BBQ", 0x81, 127, 70000)
    assert frame_head(125) == bytes((0x81, 125))
