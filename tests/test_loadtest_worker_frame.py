"""The load test's agent workers decode only what they read of an event's payload (its body
and agent), skipping the rest instead of building a dict: the same answers as the whole
payload's, for every payload shape the server sends (an agent as an int, a name, a list, a
payload without either, a frame without a payload, a body that is not a string)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import loadtest  # noqa: E402


def test_the_workers_read_the_same_body_and_agent_as_the_whole_payload() -> None:
    decode = msgspec.json.Decoder(loadtest.WorkerFrame).decode
    payloads: list[dict | None] = [
        {
            "message": 9,
            "customer": 4,
            "customer_display": "oAGE…0001",
            "channel": "wechat",
            "kind": "text",
            "body": "a=13912s342312 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
            "external_id": "lt-AGENT-1",
            "hints": {"loan_type": "car", "nested": [1, {"agent": 5}]},
        },
        {"agent": 7, "expires_at": 1764772800123},
        {"agent": "someone", "state": "break"},
        {"agent": [1, 2], "from_agent": 3},
        {"agent": None, "body": None},
        {"body": 12, "attachment": {"body": "inner"}},
        {},
        None,
    ]
    for payload in payloads:
        event = {"type": "event", "seq": 5, "kind": "conversation.offered", "conversation": 3}
        if payload is not None:
            event["payload"] = payload
        f = decode(json.dumps(event, ensure_ascii=False).encode())
        whole = payload or {}
        assert (f.type, f.seq, f.kind, f.conversation) == ("event", 5, event["kind"], 3)
        assert f.payload.body == whole.get("body", "")
        assert f.payload.agent == whole.get("agent")
    for frame in ({"type": "waiting", "queues": {"car": 3}}, {"type": "resync", "last_seq": 8}):
        f = decode(json.dumps(frame).encode())
        assert f.type == frame["type"] and f.payload.body == "" and f.payload.agent is None
