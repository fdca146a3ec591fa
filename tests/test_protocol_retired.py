"""Fields retired from the protocol are still accepted (and ignored) from clients of an
earlier release: a gateway that sends ``sent_at`` or a console that sends
``override_warnings`` keeps working against a real server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loancs.core import protocol as p
from tests.test_server_spine import raw_session

pytestmark = pytest.mark.both_stores  # the old clients' test on SQLite and PostgreSQL


async def _answer(ws, frame: dict) -> dict:
    await ws.send(json.dumps(frame, ensure_ascii=False))
    while True:
        answer = json.loads(await ws.recv())
        if answer.get("id") == frame["id"]:
            return answer


async def test_an_old_gateway_and_an_old_console_are_still_answered(live_server) -> None:
    gateway = await raw_session(live_server.url, live_server.tokens["wechat"])
    ingest = {
        "type": "ingest",
        "id": "old-1",
        "external_id": "old-msg-1",
        "customer": {"kind": "wechat", "value": "oOLDGATEWAY000000000001"},
        "body": "你好",
        "sent_at": 1_764_547_200_000,  # what a gateway of the previous release still sends
    }
    ack = await _answer(gateway, ingest)
    assert ack["type"] == "ack" and not ack.get("duplicate"), ack
    console = await raw_session(live_server.url, live_server.tokens["supervisor"])
    reply = {
        "type": "reply",
        "id": "old-2",
        "conversation": ack["conversation"],
        "body": "您好，请讲",
        "override_warnings": True,  # what a console of the previous release still sends
    }
    answer = await _answer(console, reply)
    assert answer["type"] == "ack", answer
    bodies = live_server.rows(
        "SELECT direction, body FROM messages WHERE conversation_id = ? ORDER BY id",
        (ack["conversation"],),
    )
    assert bodies == [("in", "你好"), ("out", "您好，请讲")]
    # A retired key is only retired where it used to be: elsewhere it is still unknown.
    refused = await _answer(
        console,
        {"type": "note", "id": "old-3", "conversation": ack["conversation"], "body": "x",
         "override_warnings": True},
    )  # fmt: skip
    assert refused["type"] == "error" and refused["code"] == "bad_frame"
    await gateway.close()
    await console.close()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (
            {
                "type": "reply",
                "id": "1",
                "conversation": 3,
                "body": "x",
                "override_warnings": 1,
                "evil": 1,
            },
            "bad_frame",
        ),  # fmt: skip
        ({"type": "ingest", "id": "1", "sent_at": 5}, "bad_frame"),
    ],
)
def test_retired_keys_do_not_let_anything_else_through(frame: dict, code: str) -> None:
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(json.dumps(frame).encode())
    assert info.value.code == code and info.value.frame_id == "1"


def test_a_retired_key_is_dropped_not_kept() -> None:
    old = {"type": "reply", "id": "1", "conversation": 3, "body": "x", "override_warnings": False}
    new = {k: v for k, v in old.items() if k != "override_warnings"}
    assert p.decode_client_frame(json.dumps(old)) == p.decode_client_frame(json.dumps(new))


def test_every_retired_field_is_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text("utf-8")
    line = next(part for part in doc.split("\n- ") if part.startswith("Retired fields"))
    for frame, keys in p.RETIRED_FIELDS.items():
        for key in keys:
            assert f"`{key}` on `{frame}`" in line
