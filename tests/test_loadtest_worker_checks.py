"""What the load test's agent worker checks and reports (loadtest.agent_worker, its
websocket faked): every event counted, each customer message's conversation checked against
the ones its agent accepted (``foreign``), and each delivery's latency, its send stamp read
when the worker reports (after the metered runs), not as the frame arrives; its socket reads
are of 64 KiB at most (loadtest.READ_SIZE)."""

from __future__ import annotations

import asyncio
import io
import json
import queue
import sys
import time
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import loadtest  # noqa: E402

from loancs.core import protocol as p  # noqa: E402
from loancs.core.events import Kind  # noqa: E402


def _event(seq: int, conversation: int, kind: str, payload: dict) -> bytes:
    ev = p.Event(
        seq=seq,
        ts=1764860000000,
        kind=kind,
        conversation=conversation,
        actor="customer:12",
        payload=payload,
    )
    return p.encode(ev).encode()


def _message(seq: int, conversation: int, body: str) -> bytes:
    payload = {"message": seq, "body": body, "kind": "text", "customer": 12, "attachments": []}
    return _event(seq, conversation, str(Kind.MESSAGE_RECEIVED), payload)


class _Lines:
    def __init__(self) -> None:
        self.q: queue.Queue[str] = queue.Queue()

    def readline(self) -> str:
        return self.q.get(timeout=10)


def test_the_worker_counts_checks_owners_and_times_deliveries(monkeypatch) -> None:
    handles: list = []
    sent: list[str] = []

    class Transport:
        max_size = 256 * 1024  # asyncio's plain socket transport's

    transport = Transport()

    class FakeWs:
        def __init__(self) -> None:
            self.transport = transport

        async def send(self, data: str) -> None:
            sent.append(data)

        async def recv(self, decode: bool = True) -> str:
            return '{"type":"welcome","agent_id":7,"seq":3}'

        def follow(self, handle):
            handles.append(handle)
            return asyncio.get_running_loop().create_future()

    class FakeConnect:
        def __init__(self, *_a, **_k) -> None:
            pass

        async def __aenter__(self) -> FakeWs:
            return FakeWs()

        async def __aexit__(self, *_a) -> bool:
            return False

    stdin, stdout = _Lines(), io.StringIO()
    monkeypatch.setattr(loadtest, "connect", FakeConnect)
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(loadtest, "FAST_AGENT_READ", True)
    # (the worker freezes its heap once connected: not this test process's)
    monkeypatch.setattr(loadtest, "tune_gc_for_serving", lambda: None, raising=False)

    async def run() -> dict:
        worker = asyncio.create_task(loadtest.agent_worker("ws://x", ["t"], 0.0))
        while not handles:
            await asyncio.sleep(0)
        handle = handles[0]
        offered = str(Kind.CONVERSATION_OFFERED)
        handle(_event(4, 500, offered, {"agent": 7}))
        await asyncio.sleep(0.01)  # the accept goes out
        assert json.loads(sent[-1])["conversation"] == 500
        handle(b'{"type":"ack","id":"acc-500","seq":5}')  # now the agent's
        stamp = loadtest.stamp_text(time.perf_counter() - 0.25)
        handle(_message(6, 500, f"a={stamp} 我想咨询一下房贷提前还款"))
        handle(_message(7, 501, f"a={stamp} not this agent's"))  # foreign: counted
        handle(_message(8, 500, "no stamp"))  # counted, not timed
        stdin.q.put("report")
        while "stats " not in stdout.getvalue():
            await asyncio.sleep(0.01)
        stdin.q.put("stop")
        await asyncio.wait_for(worker, 10)
        line = next(x for x in stdout.getvalue().splitlines() if x.startswith("stats "))
        return json.loads(line[6:])

    stats = asyncio.run(run())
    # its socket reads ask for 64 KiB, not 256 (glibc would mmap and unmap each one)
    assert transport.max_size == loadtest.READ_SIZE == 64 * 1024
    assert stats["events"] == 4
    assert stats["offers"] == 1
    assert stats["foreign"] == 1
    assert len(stats["deliveries"]) == 2
    assert all(0.25 <= d < 60 for d in stats["deliveries"]), stats["deliveries"]


def test_worker_frames_are_not_tracked_by_the_collector() -> None:
    import gc

    frame = msgspec.json.Decoder(loadtest.WorkerFrame).decode(_message(6, 500, "a=1s5 x"))
    assert not gc.is_tracked(frame)
    assert not gc.is_tracked(frame.payload)
