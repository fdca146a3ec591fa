"""A message id (``external_id``) of only spaces or invisible characters is refused, as an
empty one is: before, the first was taken and every later message with the same blank id,
from any customer, was refused as another sender's (``conflict``) and not stored."""

from __future__ import annotations

import json

import pytest

from tests.test_frame_checks import hello, ingest, stored

BLANK = "the message id (external_id) is blank (only spaces or invisible characters)"


@pytest.mark.parametrize("blank", [" ", "   ", "\u200b", "\u3000\t", " \ufeff\u200d "])
async def test_a_blank_message_id_is_refused_and_nothing_is_lost_after_it(live_server, blank):
    ws, welcome = await hello(live_server.url, live_server.tokens["wechat"])
    assert welcome["type"] == "welcome"
    for n in (1, 2):  # two customers, the same blank id: both told, neither stored
        customer = {"kind": "wechat", "value": f"o-dup-{n}"}
        frame = json.loads(ingest(f"b{n}", f"from {n}")) | {
            "external_id": blank,
            "customer": customer,
        }
        await ws.send(json.dumps(frame))
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", f"b{n}")
        assert answer["message"] == BLANK
    # an id with spaces around something is taken as it is
    await ws.send(json.dumps(json.loads(ingest("p", "padded")) | {"external_id": " m-1 "}))
    assert json.loads(await ws.recv())["type"] == "ack"
    await ws.close()
    assert list(stored(live_server.db)) == ["padded"]
