"""How the server's receive loop (session.Inbox) takes a connection's text messages.

Once the Inbox reads a connection, KeepaliveSocket's shortcut queues each whole text frame's
data as its bytes (no websockets Frame made for it) and the Inbox waits for the next read
itself when nothing is queued (not inside websockets' recv): every text message reaches
the loop as bytes, the first of a read too, in order. Before it reads (``hello`` is read by
recv), frames are queued as the Frame recv expects. Fragmented and binary messages, control
frames and the connection's end are websockets' as before."""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosedError

from loancs.server.session import Inbox, KeepaliveSocket


def _frame(payload: bytes, first: int = 0x81) -> bytes:
    """One masked websocket frame as a client writes it."""
    n = len(payload)
    head = bytes([first, 0x80 | n]) if n < 126 else bytes([first, 0xFE]) + n.to_bytes(2, "big")
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


async def _pair(handler: Any) -> tuple[Any, asyncio.StreamWriter, asyncio.StreamReader]:
    """A server on KeepaliveSocket running ``handler`` and a raw client past the handshake."""
    server = await serve(
        handler, "127.0.0.1", 0, compression=None, ping_interval=None,
        create_connection=KeepaliveSocket,
    )  # fmt: skip
    port = next(iter(server.sockets)).getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        (
            "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    await reader.readuntil(b"\r\n\r\n")
    return server, writer, reader


async def test_every_text_message_after_hello_is_read_as_bytes_in_order_without_recv() -> None:
    got: list[Any] = []
    recv_calls: list[int] = []
    done = asyncio.Event()
    can_read = asyncio.Event()

    async def handler(ws: Any) -> None:
        await can_read.wait()  # hello and two more frames are queued before anyone reads
        queued = list(ws.recv_messages.frames.queue)
        got.append(await ws.recv())  # hello, as the server reads it
        real_recv = ws.recv

        async def counted_recv(*args: Any) -> Any:
            recv_calls.append(1)
            return await real_recv(*args)

        ws.recv = counted_recv
        async for raw in Inbox(ws):
            got.append(raw)
            if raw == b"end":
                break
        got.append(("queued before hello was read", [type(f).__name__ for f in queued]))
        done.set()

    server, writer, _ = await _pair(handler)
    try:
        writer.write(_frame(b"hello") + _frame(b"a1") + _frame(b"a2"))
        await writer.drain()
        await asyncio.sleep(0.05)
        can_read.set()
        for read in ([b"b1", b"b2", b"b3"], [b"c1"], [b"d1", b"x" * 300, b"end"]):
            await asyncio.sleep(0.05)  # the Inbox has read everything: it waits
            writer.write(b"".join(_frame(m) for m in read))
            await writer.drain()
        await asyncio.wait_for(done.wait(), 5)
        assert got[0] == "hello"
        assert got[1:-1] == [b"a1", b"a2", b"b1", b"b2", b"b3", b"c1", b"d1", b"x" * 300, b"end"]
        assert all(type(m) is bytes for m in got[1:-1])  # the first of each read too
        assert got[-1] == ("queued before hello was read", ["TextFrame"] * 3)
        assert recv_calls == []
    finally:
        writer.close()
        server.close()


async def test_fragmented_binary_and_control_frames_keep_their_place() -> None:
    got: list[Any] = []
    done = asyncio.Event()

    async def handler(ws: Any) -> None:
        inbox = Inbox(ws)
        async for raw in inbox:
            got.append((raw, raw is inbox.binary))
            if raw in (b"end", "end"):
                break
        done.set()

    server, writer, reader = await _pair(handler)
    try:
        stream = (
            _frame(b"t1")
            + _frame(b"fr", 0x01)  # a text message in three fragments
            + _frame(b"ag", 0x00)
            + _frame(b"89", 0x89)  # a ping between its fragments
            + _frame(b"ment", 0x80)
            + _frame(b"t2")
            + _frame(b"\x00\x01", 0x82)  # a binary message
            + _frame(b"t3")
        )
        for cut in (1, 7, len(stream)):  # the same frames, read whole and cut anywhere
            for pos in range(0, len(stream), cut):
                writer.write(stream[pos : pos + cut])
                await writer.drain()
                await asyncio.sleep(0)
            await asyncio.sleep(0.05)
        writer.write(_frame(b"end"))
        await writer.drain()
        await asyncio.wait_for(done.wait(), 5)
        one = [
            (b"t1", False),
            ("fragment", False),
            (b"t2", False),
            (b"\x00\x01", True),
            (b"t3", False),
        ]
        assert got == one * 3 + [(b"end", False)]
        pongs = await reader.read(1 << 16)
        assert pongs.count(b"\x8a\x0289") == 3  # each ping answered
    finally:
        writer.close()
        server.close()


async def test_the_inbox_ends_as_the_connection_does_while_it_waits() -> None:
    ends: list[Any] = []
    done = asyncio.Event()

    async def handler(ws: Any) -> None:
        got = []
        try:
            async for raw in Inbox(ws):
                got.append(raw)
            ends.append(("ended", got))
        except ConnectionClosedError as exc:
            ends.append((type(exc).__name__, exc.rcvd.code if exc.rcvd else None, got))
        finally:
            assert ws.recv_messages.frames.get_waiter is None
            done.set()

    for closing, end in (
        (_frame((1000).to_bytes(2, "big"), 0x88), ("ended", [b"m"])),  # a normal close
        (_frame(b"m", 0x8B), ("ConnectionClosedError", None, [b"m"])),  # an unknown opcode
    ):
        done.clear()
        ends.clear()
        server, writer, reader = await _pair(handler)
        try:
            writer.write(_frame(b"m"))
            await writer.drain()
            await asyncio.sleep(0.05)  # read, and the Inbox waits for more
            writer.write(closing)
            await writer.drain()
            assert (await reader.read(2))[0] == 0x88  # the server's close frame
            writer.close()  # and the TCP connection closed by the client in turn
            await asyncio.wait_for(done.wait(), 5)
            assert ends == [end]
        finally:
            writer.close()
            server.close()


async def test_a_cancelled_wait_leaves_the_queue_to_the_next_reader() -> None:
    got: list[Any] = []
    done = asyncio.Event()

    async def handler(ws: Any) -> None:
        reading = asyncio.ensure_future(Inbox(ws).__aiter__().__anext__())
        await asyncio.sleep(0.05)
        reading.cancel()  # cancelled while it waits for a read
        await asyncio.gather(reading, return_exceptions=True)
        assert ws.recv_messages.frames.get_waiter is None
        got.append(await ws.recv())  # websockets' recv can read again
        done.set()

    server, writer, _ = await _pair(handler)
    try:
        await asyncio.sleep(0.1)
        writer.write(_frame(b"after"))
        await writer.drain()
        await asyncio.wait_for(done.wait(), 5)
        assert got == ["after"]
    finally:
        writer.close()
        server.close()
