"""The load test's agent workers read text frames with their own shortcut
(loadtest.AgentConnection) instead of websockets' recv: it must hand over every frame, in
order and whole, whatever the reads cut them into (frames of 7-bit, 16-bit and 64-bit
lengths, many per read or one cut over several), leave pings, binary messages and the close
to websockets, and pick up again after them."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import loadtest  # noqa: E402


def _messages() -> list[str | bytes]:
    sent: list[str | bytes] = []
    for i in range(300):
        size = (5, 125, 126, 400, 65535, 65536, 200_000)[i % 7] if i % 5 == 0 else 30 + i
        sent.append(f"{i}:" + "贷" * (size // 3) + "x" * (size % 3))
        if i in (40, 41, 170):
            sent.append(f"binary {i}".encode())  # not the shortcut's: websockets' recv
    return sent


async def _read_all(sent: list[str | bytes]) -> tuple[list[str | bytes], int, int]:
    pongs = shortcut = 0

    async def server(ws) -> None:
        nonlocal pongs
        await ws.recv()  # "ready": the client follows from here
        for k, message in enumerate(sent):
            await ws.send(message)
            if k % 50 == 7:
                await asyncio.wait_for(await ws.ping(), 10)  # answered in the middle
                pongs += 1
        await ws.close()

    got: list[str | bytes] = []
    async with serve(server, "127.0.0.1", 0, compression=None, max_size=2**22) as srv:
        port = next(iter(srv.sockets)).getsockname()[1]
        async with connect(
            f"ws://127.0.0.1:{port}",
            compression=None,
            max_size=2**22,
            create_connection=loadtest.AgentConnection,
        ) as ws:
            await ws.send("ready")

            def handle(raw: bytes) -> None:
                nonlocal shortcut
                assert type(raw) is bytes
                shortcut += 1
                got.append(raw.decode())

            while True:
                left = ws.follow(handle)
                if left is not None:
                    await left
                    continue
                try:
                    message = await ws.recv()
                except ConnectionClosed:
                    break
                got.append(message)
    return got, pongs, shortcut


def test_every_frame_arrives_whole_and_in_order() -> None:
    sent = _messages()
    got, pongs, shortcut = asyncio.run(_read_all(sent))
    assert pongs == 6
    assert len(got) == len(sent)
    assert got == sent
    assert shortcut > 250  # the shortcut took over again after each binary message


def test_a_frame_cut_anywhere_is_handed_over_whole() -> None:
    """Reads cut at every byte: the frames come out the same (data_received directly)."""
    frames = [b"a" * 3, "贷".encode() * 50, b"b" * 126, b"c" * 70_000, b"{}"]
    wire = b""
    for data in frames:
        n = len(data)
        if n < 126:
            wire += bytes((0x81, n))
        elif n < 65536:
            wire += bytes((0x81, 126)) + n.to_bytes(2, "big")
        else:
            wire += bytes((0x81, 127)) + n.to_bytes(8, "big")
        wire += data
    for step in (1, 2, 3, 7, 125, 4096, len(wire)):
        conn = object.__new__(loadtest.AgentConnection)  # data_received's shortcut only
        got: list[bytes] = []
        conn.handle = got.append
        for pos in range(0, len(wire), step):
            conn.data_received(wire[pos : pos + step])
        assert got == frames, step
        assert conn._rest == b""
