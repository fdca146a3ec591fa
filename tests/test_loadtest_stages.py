"""The agents phase's delivery at a fixed rate says where its time went: each delivery split
at the writer batch that stored it and at its ack (the agent workers read the event's
``ts`` only once asked, so the metered ingest runs decode what they did before), and the
slowest 1 %: when they were sent (one stall puts them together) and which part held them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import loadtest  # noqa: E402


def _run(stall_at: float | None) -> tuple[list[tuple[float, float, float]], dict[str, float]]:
    """4,000 deliveries at 400 msg/s: 1 ms to the batch, 2 ms to the ack, 0.5 ms to the
    console; a 130 ms stall of the writer's batch at ``stall_at`` s into the run."""
    stages, acked = [], {}
    for n in range(4000):
        sent = 1000.0 + n / 400
        start = sent + 0.001
        ack = start + 0.002
        if stall_at is not None and stall_at <= sent - 1000.0 < stall_at + 0.13:
            ack += stall_at + 0.13 - (sent - 1000.0)  # waits for the stalled batch
        stages.append((sent, start, ack + 0.0005))
        acked[f"{sent:.6f}"] = ack
    return stages, acked


def test_one_stall_is_found_in_its_time_and_its_part() -> None:
    stages, acked = _run(stall_at=3.2)
    line = loadtest.slowest_split(stages, acked)
    assert line.startswith("slowest 1 % (40, ")
    assert " sent 3.20-3.30 s into the run" in line, line
    assert "median send -> batch start 1.0 ms," in line, line
    assert "ack -> console 0.5 ms" in line, line
    # their batch start -> ack median is the stall's, not the usual 2 ms
    held = float(line.split("batch start -> ack ")[1].split(" ms")[0])
    assert held > 60, line


def test_without_a_stall_the_slowest_are_spread_and_unmatched_ones_are_left_out() -> None:
    stages, acked = _run(stall_at=None)
    del acked[f"{stages[0][0]:.6f}"]
    line = loadtest.slowest_split(stages, acked)
    assert "median send -> batch start 1.0 ms, batch start -> ack 2.0 ms" in line, line
    assert loadtest.slowest_split(stages, {}).startswith("(no slowest split")


def test_a_worker_reads_the_batch_start_only_when_asked() -> None:
    event = {
        "type": "event",
        "seq": 5,
        "ts": 1764772800123,
        "kind": "message.received",
        "conversation": 3,
        "payload": {"body": "a=13912s342312 你好", "message": 9},
    }
    raw = json.dumps(event, ensure_ascii=False).encode()
    plain = msgspec.json.Decoder(loadtest.WorkerFrame).decode(raw)
    timed = msgspec.json.Decoder(loadtest.TimedWorkerFrame).decode(raw)
    assert not hasattr(plain, "ts")
    assert timed.ts == 1764772800123
    assert (timed.seq, timed.kind, timed.payload.body) == (
        5,
        "message.received",
        plain.payload.body,
    )
