"""Load test of the loancs server, with a bare websockets echo server as the peer.

Runs a real `loancs serve` subprocess on a temp database and, in the same run, a bare
websockets echo server subprocess, and drives both with the same client code:

1. throughput: C channel connections send M ingest frames as fast as acks come back
   (a window of in-flight frames per connection); prints acked msg/s and ack latency
   p50/p99, and the echo server's msg/s for the same frames;
2. delivery: at a fixed rate (default 1,000 msg/s) with A supervisor subscribers
   connected, prints customer-message -> subscriber-event latency p50/p99 and ack
   latency at that rate.

    python scripts/loadtest.py                       # defaults: C=8, M=20000, A=50, 1000 msg/s
    python scripts/loadtest.py --messages 50000 --sync normal

Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import msgspec
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loancs.store.accounts import create_agent, create_channel  # noqa: E402
from loancs.store.db import connect_sync  # noqa: E402

ECHO_SERVER = textwrap.dedent(
    """
    import asyncio, sys
    from websockets.asyncio.server import serve

    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    async def main():
        async with serve(echo, "127.0.0.1", 0, compression=None, max_size=2**20) as server:
            print("port", next(iter(server.sockets)).getsockname()[1], flush=True)
            await asyncio.Future()

    asyncio.run(main())
    """
)


class Ack(msgspec.Struct):
    type: str
    id: str | None = None
    seq: int = 0


class Ev(msgspec.Struct):
    type: str
    kind: str = ""
    payload: dict = {}


ack_decoder = msgspec.json.Decoder(Ack)
event_decoder = msgspec.json.Decoder(Ev)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def frame(i: int, stamp: float, customers: int) -> str:
    return json.dumps(
        {
            "type": "ingest",
            "id": str(i),
            "external_id": f"lt-{i}",
            "customer": {"kind": "wechat", "value": f"oLOAD{i % customers:020d}"},
            "body": f"t={stamp:.6f} 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
            "hints": {"loan_type": "mortgage"},
        },
        ensure_ascii=False,
    )


async def hello(ws, token: str, subscribe: bool) -> None:
    await ws.send(json.dumps({"type": "hello", "token": token, "subscribe": subscribe}))
    answer = json.loads(await ws.recv())
    if answer.get("type") != "welcome":
        raise SystemExit(f"hello refused: {answer}")


async def blast(
    url: str, token: str | None, conns: int, total: int, window: int, customers: int, offset: int
) -> tuple[float, list[float]]:
    """Send `total` frames over `conns` connections, `window` in flight each; time the acks."""
    latencies: list[float] = []
    per_conn = total // conns

    async def one(c: int) -> None:
        async with connect(url, compression=None, max_size=2**22) as ws:
            if token:
                await hello(ws, token, subscribe=False)
            sent_at: dict[str, float] = {}
            sem = asyncio.Semaphore(window)

            async def reader() -> None:
                got = 0
                while got < per_conn:
                    raw = await ws.recv()
                    msg = ack_decoder.decode(raw) if token else None
                    key = msg.id if msg else raw.split('"id": "', 1)[1].split('"', 1)[0]
                    if msg and msg.type != "ack":
                        raise SystemExit(f"server answered {raw[:200]}")
                    latencies.append(time.perf_counter() - sent_at.pop(key))
                    got += 1
                    sem.release()

            task = asyncio.create_task(reader())
            base = offset + c * per_conn
            for i in range(base, base + per_conn):
                await sem.acquire()
                now = time.perf_counter()
                text = frame(i, now, customers)
                sent_at[str(i)] = now
                await ws.send(text)
            await task

    start = time.perf_counter()
    await asyncio.gather(*(one(c) for c in range(conns)))
    elapsed = time.perf_counter() - start
    return per_conn * conns / elapsed, latencies


async def paced(
    url: str,
    token: str,
    sub_tokens: list[str],
    rate: float,
    seconds: float,
    customers: int,
    offset: int,
) -> dict:
    """Send at a fixed rate on one connection while subscribers measure delivery latency."""
    delivery: list[float] = []
    acks: list[float] = []
    total = int(rate * seconds)
    ready = asyncio.Event()
    counts = [0] * len(sub_tokens)

    async def subscriber(k: int, tok: str) -> None:
        async with connect(url, compression=None, max_size=2**22) as ws:
            await hello(ws, tok, subscribe=True)
            counts[k] = -1
            if all(c == -1 for c in counts):
                ready.set()
            seen = 0
            while seen < total:
                raw = await ws.recv()
                ev = event_decoder.decode(raw)
                if ev.type == "event" and ev.kind == "message.received":
                    body = ev.payload.get("body", "")
                    if body.startswith("t="):
                        delivery.append(time.perf_counter() - float(body[2:].split(" ", 1)[0]))
                        seen += 1

    subs = [asyncio.create_task(subscriber(k, t)) for k, t in enumerate(sub_tokens)]
    await asyncio.wait_for(ready.wait(), 30)
    async with connect(url, compression=None, max_size=2**22) as ws:
        await hello(ws, token, subscribe=False)
        sent_at: dict[str, float] = {}

        async def reader() -> None:
            for _ in range(total):
                msg = ack_decoder.decode(await ws.recv())
                acks.append(time.perf_counter() - sent_at.pop(msg.id))

        task = asyncio.create_task(reader())
        start = time.perf_counter()
        for n in range(total):
            due = start + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.perf_counter()
            i = offset + n
            sent_at[str(i)] = now
            await ws.send(frame(i, now, customers))
        await task
    await asyncio.wait_for(asyncio.gather(*subs), 60)
    return {"delivery": delivery, "acks": acks}


def start_loancs(db: Path, sync: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "loancs",
            "serve",
            "--db",
            str(db),
            "--port",
            "0",
            "--log-level",
            "warning",
            "--sync",
            sync,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    for line in proc.stdout:
        match = re.search(r"serving on (ws://\S+)", line)
        if match:
            return proc, match.group(1)
    raise SystemExit("loancs did not start")


def start_echo() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", ECHO_SERVER], stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().split()[1]
    return proc, f"ws://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", "-c", type=int, default=8)
    parser.add_argument("--messages", "-m", type=int, default=20000)
    parser.add_argument("--window", type=int, default=100, help="frames in flight per connection")
    parser.add_argument("--subscribers", "-a", type=int, default=50)
    parser.add_argument("--rate", type=float, default=1000.0, help="msg/s for the delivery test")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the delivery test")
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs of each server")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="loancs-load-"))
    db = tmp / "load.db"
    conn = connect_sync(db)
    _, channel_token = create_channel(conn, "load-wechat", "wechat")
    sub_tokens = [create_agent(conn, f"sup{i}", "supervisor")[1] for i in range(args.subscribers)]
    conn.close()

    echo, echo_url = start_echo()
    server, url = start_loancs(db, args.sync)
    try:
        print(f"loancs {url} (sync={args.sync}), echo {echo_url}; {os.cpu_count()} cores")
        warm = 500
        asyncio.run(blast(url, channel_token, 2, warm, 50, args.customers, 10_000_000))
        asyncio.run(blast(echo_url, None, 2, warm, 50, args.customers, 0))

        # Alternate the two servers and keep each one's median run: the machine's other
        # load moves both figures by tens of percent from run to run.
        ours, echoes = [], []
        for r in range(args.repeat):
            offset = r * args.messages
            ours.append(
                asyncio.run(
                    blast(
                        url,
                        channel_token,
                        args.connections,
                        args.messages,
                        args.window,
                        args.customers,
                        offset,
                    )
                )
            )
            echoes.append(
                asyncio.run(
                    blast(
                        echo_url,
                        None,
                        args.connections,
                        args.messages,
                        args.window,
                        args.customers,
                        offset,
                    )
                )
            )
            print(
                f"  run {r + 1}: loancs {ours[-1][0]:8.0f} msg/s, echo {echoes[-1][0]:8.0f} msg/s"
            )
        rate, lat = sorted(ours, key=lambda x: x[0])[len(ours) // 2]
        echo_rate, echo_lat = sorted(echoes, key=lambda x: x[0])[len(echoes) // 2]
        print(
            f"\nthroughput, median of {args.repeat} ({args.connections} connections x"
            f" {args.messages // args.connections} frames, window {args.window}):"
        )
        print(
            f"  loancs ingest : {rate:9.0f} acked msg/s   ack p50 {pct(lat, 0.5) * 1e3:6.1f} ms"
            f"  p99 {pct(lat, 0.99) * 1e3:6.1f} ms"
        )
        print(
            f"  bare echo     : {echo_rate:9.0f} msg/s         p50 {pct(echo_lat, 0.5) * 1e3:6.1f} ms"
            f"  p99 {pct(echo_lat, 0.99) * 1e3:6.1f} ms"
        )
        print(f"  loancs / echo : {rate / echo_rate:9.1%}   (target >= 40%)")

        res = asyncio.run(
            paced(
                url, channel_token, sub_tokens, args.rate, args.seconds, args.customers, 20_000_000
            )
        )
        d, a = res["delivery"], res["acks"]
        print(
            f"\ndelivery at {args.rate:.0f} msg/s for {args.seconds:.0f} s with"
            f" {args.subscribers} subscribers ({len(d)} deliveries):"
        )
        print(
            f"  customer msg -> subscriber event: p50 {pct(d, 0.5) * 1e3:6.1f} ms"
            f"  p99 {pct(d, 0.99) * 1e3:6.1f} ms  max {max(d) * 1e3:6.1f} ms   (target p99 < 50 ms)"
        )
        print(
            f"  ack latency                     : p50 {pct(a, 0.5) * 1e3:6.1f} ms"
            f"  p99 {pct(a, 0.99) * 1e3:6.1f} ms"
        )
        health = subprocess.run(
            ["curl", "-s", url.replace("ws", "http", 1) + "/healthz"],
            capture_output=True,
            text=True,
        ).stdout
        print(f"\nserver health after the run: {health}")
    finally:
        server.terminate()
        echo.terminate()
        server.wait(20)
        echo.wait(5)


if __name__ == "__main__":
    main()
