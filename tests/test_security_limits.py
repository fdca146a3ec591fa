"""Resource leaks and limits (issue 14): what a crowd of misbehaving clients can take from
the server. Real servers, real SQLite files, plain websocket clients."""

from __future__ import annotations

import asyncio
import json
import os
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from loancs.core.config import parse_server_file
from loancs.server.app import LoancsServer
from tests.conftest import make_config, seed_accounts, spawn_server
from tests.harness import Raw


async def flood(url: str, token: str, count: int, body_chars: int = 1000) -> None:
    """``count`` WeChat messages over one pipelined channel connection that reads its acks
    while it sends (as a gateway does, so it answers keepalive pings in time)."""
    async with connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "token": token, "subscribe": False}))
        json.loads(await ws.recv())
        last = f"f{count - 1}"

        async def acks() -> None:
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 60))
                assert frame["type"] == "ack", frame
                if frame["id"] == last:
                    return

        reader = asyncio.create_task(acks())
        filler = "款" * body_chars
        for i in range(count):
            frame = {
                "type": "ingest",
                "id": f"f{i}",
                "external_id": f"flood-{i}",
                "customer": {"kind": "wechat", "value": f"oFLOOD{i % 200:014d}"},
                "body": f"{i} {filler}",
            }
            await ws.send(json.dumps(frame))
            await asyncio.sleep(0)  # let the reader answer pings between sends
        await reader


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def replay_and_drop(url: str, token: str, clients: int) -> None:
    """Supervisors ask for the whole log and hang up without reading it."""

    async def one() -> None:
        ws = await connect(url, max_size=None)
        await ws.send(json.dumps({"type": "hello", "token": token, "since": 0}))
        await ws.recv()  # welcome: the replay has started
        await ws.close()

    await asyncio.gather(*(one() for _ in range(clients)))


@pytest.mark.slow
def test_memory_and_cpu_return_to_baseline_after_replaying_clients_drop(tmp_path) -> None:
    db = tmp_path / "replay.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        asyncio.run(flood(server.url, tokens["wechat"], 20000))
        pid = server.proc.pid
        time.sleep(1.0)
        # Warm up once (pages, caches, allocator arenas), then take the baseline.
        asyncio.run(replay_and_drop(server.url, tokens["supervisor"], 2))
        time.sleep(2.0)
        baseline = rss_mb(pid)
        asyncio.run(replay_and_drop(server.url, tokens["supervisor"], 50))
        time.sleep(3.0)
        cpu_before = cpu_s(pid)
        time.sleep(2.0)
        idle_cpu = (cpu_s(pid) - cpu_before) / 2.0
        after = rss_mb(pid)
        print(
            f"rss baseline {baseline:.1f} MB, after 50 dropped replays {after:.1f} MB,"
            f" idle cpu {idle_cpu:.1%}"
        )
        assert idle_cpu < 0.03, f"the server keeps working for nobody: {idle_cpu:.1%} CPU"
        assert after - baseline < 20, f"{baseline:.0f} MB -> {after:.0f} MB"
    finally:
        server.terminate()


async def test_a_subscriber_that_stops_reading_gets_resync_not_a_dead_socket(tmp_path) -> None:
    """It reads nothing for longer than the keepalive allows; when it reads again it finds
    `resync` (and can resume), instead of a connection closed under it. The server runs in
    its own process, so its keepalive clock is not slowed by the test's clients."""
    db = tmp_path / "stall.db"
    tokens = seed_accounts(db)
    config = tmp_path / "keepalive.toml"
    config.write_text("[limits]\nkeepalive_s = 1.0\n")
    server = spawn_server(db, "--config", str(config))
    try:
        # A raw client without its own keepalive that does not read.
        ws = await connect(server.url, max_size=None, ping_interval=None, max_queue=4)
        await ws.send(json.dumps({"type": "hello", "token": tokens["supervisor"]}))
        welcome = json.loads(await ws.recv())
        # Enough that its socket holds our events ahead of the pings (it reads none of them).
        await flood(server.url, tokens["wechat"], 400, body_chars=500)
        await asyncio.sleep(4.0)  # four keepalive periods without a pong
        frames = []
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            frames.append(frame)
            if frame["type"] == "resync":
                break
        resync = frames[-1]
        seqs = [f["seq"] for f in frames if f["type"] == "event"]
        assert seqs == list(range(welcome["seq"] + 1, resync["last_seq"] + 1))
        # The head of the log, as a newcomer is told it.
        async with connect(server.url) as probe:
            await probe.send(json.dumps({"type": "hello", "token": tokens["supervisor"]}))
            target = json.loads(await probe.recv())["seq"]
        await ws.send(json.dumps({"type": "resume", "since": resync["last_seq"]}))
        while not seqs or seqs[-1] < target:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if frame["type"] == "event":
                seqs.append(frame["seq"])
        assert seqs == list(range(welcome["seq"] + 1, target + 1))
        await ws.close()
    finally:
        server.terminate()


async def test_a_silent_peer_is_still_closed_by_the_keepalive(tmp_path) -> None:
    """The grace is for subscribers our events wait for; a signed-in console that stops
    answering while nothing was sent to it (a dead laptop) is closed (1011) as before."""
    db = tmp_path / "silent.db"
    tokens = seed_accounts(db)
    config = tmp_path / "keepalive.toml"
    config.write_text("[limits]\nkeepalive_s = 0.3\n")
    server = spawn_server(db, "--config", str(config))
    try:
        ws = await connect(server.url, ping_interval=None)
        await ws.send(json.dumps({"type": "hello", "token": tokens["supervisor"]}))
        json.loads(await ws.recv())
        await asyncio.sleep(1.0)  # pings answered: nothing new is written to it after this
        ws.transport.pause_reading()  # from now on it answers nothing
        started = time.monotonic()
        await asyncio.sleep(2.0)
        ws.transport.resume_reading()
        with pytest.raises(ConnectionClosedError) as closed:
            while True:
                await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1011
        assert "keepalive" in closed.value.rcvd.reason
        assert time.monotonic() - started < 7
    finally:
        server.terminate()


def _limited(db, toml: str) -> LoancsServer:
    return LoancsServer(make_config(db, file=parse_server_file(toml)))


async def _refused_status(url: str, **kwargs) -> int | None:
    try:
        ws = await connect(url, **kwargs)
    except InvalidStatus as exc:
        return exc.response.status_code
    await ws.close()
    return None


async def test_connection_limits_per_address_and_unauthenticated(tmp_path) -> None:
    db = tmp_path / "limits.db"
    tokens = seed_accounts(db)
    server = _limited(db, "[limits]\nmax_per_address = 6\nmax_unauthenticated = 3\n")
    await server.start()
    idle, signed = [], []
    try:
        # Sockets that never say hello: the fourth is refused.
        for _ in range(3):
            idle.append(await connect(server.url))
        assert await _refused_status(server.url) == 503
        await idle.pop().close()
        await asyncio.sleep(0.1)
        # Signed-in sockets count against the address, not against the waiting room.
        for _ in range(4):
            signed.append(await Raw.open(server.url, tokens["supervisor"], subscribe=False))
        assert len(server.connections) == 6
        assert await _refused_status(server.url) == 429
        assert server.unauthenticated == 2
    finally:
        for ws in idle:
            await ws.close()
        for raw in signed:
            await raw.close()
        await server.stop()


async def test_total_connection_limit_across_addresses(tmp_path) -> None:
    db = tmp_path / "total.db"
    tokens = seed_accounts(db)
    server = _limited(db, "[limits]\nmax_per_address = 4\nmax_connections = 6\n")
    await server.start()
    held = []
    try:
        for host in ("127.0.0.1", "127.0.0.2"):
            for _ in range(3):
                ws = await connect(server.url, local_addr=(host, 0))
                await ws.send(json.dumps({"type": "hello", "token": tokens["supervisor"]}))
                assert json.loads(await ws.recv())["type"] == "welcome"
                held.append(ws)
        assert await _refused_status(server.url, local_addr=("127.0.0.3", 0)) == 503
        await held.pop().close()
        await asyncio.sleep(0.1)
        assert await _refused_status(server.url, local_addr=("127.0.0.3", 0)) is None
    finally:
        for ws in held:
            await ws.close()
        await server.stop()


async def test_a_thousand_idle_sockets_do_not_get_in(tmp_path) -> None:
    """The harness opened 1,000 web-chat sockets that never said hello: all accepted. Now the
    waiting room holds the default 256 and refuses the rest. The hello time-out is long here
    so that on a busy machine, where 300 connects can take longer than the default 10 s, the
    first sockets are still waiting when the 257th arrives."""
    db = tmp_path / "idle.db"
    seed_accounts(db)
    server = LoancsServer(make_config(db, hello_timeout=600.0))
    await server.start()
    held, refused = [], 0
    try:
        for _ in range(300):
            try:
                held.append(await connect(server.url, open_timeout=30))
            except InvalidStatus as exc:
                assert exc.response.status_code in (429, 503)
                refused += 1
        assert refused >= 300 - 256
    finally:
        for ws in held:
            await ws.close()
        await server.stop()


async def test_rate_limit_is_per_identity_not_per_connection(live_server) -> None:
    """A visitor (2 frames/s, burst 10) opening more sockets does not get more frames."""
    first = await Raw.open(live_server.url, "visitor")
    token = "visitor:" + first.welcome["visitor_token"]
    sockets = [first] + [await Raw.open(live_server.url, token) for _ in range(3)]
    for i in range(40):
        await sockets[i % 4].send({"type": "ping", "id": f"p{i}"})
    await asyncio.sleep(1.0)
    pongs = sum(1 for s in sockets for f in s.frames if f["type"] == "pong")
    limited = sum(
        1 for s in sockets for f in s.frames if f["type"] == "error" and f["code"] == "rate_limited"
    )
    assert pongs + limited == 40
    assert pongs <= 14, f"{pongs} frames answered: the burst of 10 was multiplied by sockets"
    for s in sockets:
        await s.close()
