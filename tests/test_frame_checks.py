"""Values a gateway or client may get wrong at the door: a routing language the server does not
know, a message of nothing but spaces or zero-width characters, a protocol version or console
language the server does not speak. Each gets a clear answer; nothing else on the connection is
lost. Real server on a free port, real SQLite file, raw websocket clients."""

from __future__ import annotations

import json
import typing

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.store.db import connect_sync


async def hello(url: str, token: str, **fields) -> tuple[object, dict]:
    ws = await connect(url)
    await ws.send(json.dumps({"type": "hello", "token": token, "subscribe": False, **fields}))
    return ws, json.loads(await ws.recv())


def ingest(frame_id: str, body: str, **extra) -> str:
    return json.dumps(
        {
            "type": "ingest",
            "id": frame_id,
            "external_id": f"ext-{frame_id}",
            "customer": {"kind": "wechat", "value": f"oCustomer{frame_id}"},
            "body": body,
            **extra,
        }
    )


def stored(db) -> dict[str, str | None]:
    conn = connect_sync(db)
    try:
        rows = conn.execute(
            "SELECT m.body, c.language FROM messages m JOIN conversations c"
            " ON c.id = m.conversation_id"
        ).fetchall()
    finally:
        conn.close()
    return {row[0]: row[1] for row in rows}


async def test_an_unknown_routing_language_is_refused_and_names_the_known_ones(live_server):
    ws, welcome = await hello(live_server.url, live_server.tokens["wechat"])
    assert welcome["type"] == "welcome"
    for bad in ("<script>", "fr", "EN", "en/../x"):
        await ws.send(ingest("bad", f"message in {bad}", hints={"language": bad}))
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", "bad")
        assert "hints.language" in answer["message"] and "zh or en" in answer["message"]
    # The connection goes on: known languages (and none) are routed as before.
    await ws.send(ingest("en", "Can I prepay my car loan?", hints={"language": "en"}))
    await ws.send(ingest("zh", "提前还款要违约金吗？", hints={"language": "zh"}))
    await ws.send(ingest("none", "还款日是几号？"))
    for want in ("en", "zh", "none"):
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["id"]) == ("ack", want), answer
    await ws.close()
    assert stored(live_server.db) == {
        "Can I prepay my car loan?": "en",
        "提前还款要违约金吗？": "zh",
        "还款日是几号？": None,
    }


def call_started(frame_id: str, language: str) -> str:
    return json.dumps(
        {
            "type": "call",
            "id": frame_id,
            "call_id": f"call-{frame_id}",
            "event": "started",
            "customer": {"kind": "phone", "value": f"1380000{frame_id}"},
            "hints": {"language": language, "loan_type": "mortgage"},
        }
    )


def call_languages(db) -> dict[str, str | None]:
    conn = connect_sync(db)
    try:
        rows = conn.execute(
            "SELECT k.call_id, c.language FROM calls k"
            " JOIN conversations c ON c.id = k.conversation_id"
        ).fetchall()
    finally:
        conn.close()
    return {row[0]: row[1] for row in rows}


async def test_a_call_is_never_lost_for_its_language_hint(live_server):
    """A PBX's language tag on a call: en-US counts as en, and a language this server does
    not route (yue, fr) is left out with a warning in the ack; the call is stored either way.
    A call event refused here was lost: the phone gateway cannot resend it any better."""
    ws, welcome = await hello(live_server.url, live_server.tokens["phone"])
    assert welcome["type"] == "welcome"
    for frame_id, language in (("1", "en-US"), ("2", "zh_CN"), ("3", "yue"), ("4", "fr")):
        await ws.send(call_started(frame_id, language))
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["id"]) == ("ack", frame_id), answer
        if frame_id in ("3", "4"):
            (warning,) = answer["warnings"]
            assert warning["code"] == "hint_ignored" and warning["value"] == language
            assert "the call is stored and routed without it" in warning["message"]
        else:
            assert "warnings" not in answer
    await ws.close()
    assert call_languages(live_server.db) == {
        "call-1": "en",
        "call-2": "zh",
        "call-3": None,
        "call-4": None,
    }


@pytest.mark.parametrize(
    "body",
    ["", "   ", "\u200b", " \u200b\u200c\u200d\ufeff\u2060 ", "\u3000\n\t", "\u200e\u3164"],
)
async def test_an_ingested_message_of_nothing_visible_is_refused(live_server, body):
    ws, _ = await hello(live_server.url, live_server.tokens["wechat"])
    await ws.send(ingest("blank", body))
    answer = json.loads(await ws.recv())
    assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", "blank")
    assert "empty" in answer["message"]
    # Nothing else is lost: a real message, an image with no caption and a menu click with
    # no text still go through on the same connection.
    await ws.send(ingest("real", "\u200b我想提前还款"))
    await ws.send(ingest("image", "", kind="image", attachment={"kind": "image", "ref": "media-1"}))
    await ws.send(ingest("event", "", kind="event"))
    for want in ("real", "image", "event"):
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["id"]) == ("ack", want), answer
    await ws.close()
    assert set(stored(live_server.db)) == {"\u200b我想提前还款", ""}


def test_blank_sees_through_invisible_characters_only():
    assert p.blank("") and p.blank(" \u200b\u00a0\ufeff\u3000")
    assert not p.blank("\u200ba") and not p.blank("。") and not p.blank("\u200d👍")


@pytest.mark.parametrize("version", [0, 3, 99, -1])
async def test_an_unknown_protocol_version_is_refused_naming_the_supported_one(
    live_server, version
):
    ws, answer = await hello(live_server.url, live_server.tokens["agent"], protocol=version)
    assert (answer["type"], answer["code"]) == ("error", "bad_frame")
    assert f"protocol {version} is not supported" in answer["message"]
    assert "protocol 2" in answer["message"]
    assert answer["detail"] == {"supported": [1, 2]}
    with pytest.raises(ConnectionClosed) as info:
        await ws.recv()
    assert info.value.rcvd is not None and info.value.rcvd.code == 1008


@pytest.mark.parametrize("version", [None, 1, 2])
async def test_the_supported_protocol_versions_still_say_hello(live_server, version):
    fields = {} if version is None else {"protocol": version}
    ws, welcome = await hello(live_server.url, live_server.tokens["agent"], **fields)
    assert welcome["type"] == "welcome" and welcome["protocol"] == 2
    assert "notice" not in welcome
    await ws.close()


async def test_an_unknown_console_language_falls_back_with_a_notice(live_server, caplog):
    ws, welcome = await hello(live_server.url, live_server.tokens["agent"], lang="fr")
    assert welcome["type"] == "welcome"
    assert "'fr' is not supported (zh or en)" in welcome["notice"]
    await ws.close()
    for lang in ("zh", "en", "en-US", "zh-CN"):
        ws, welcome = await hello(live_server.url, live_server.tokens["agent"], lang=lang)
        assert welcome["type"] == "welcome" and "notice" not in welcome, lang
        await ws.close()
    # The project's own client connects and says what the server noticed.
    client = LoancsClient(live_server.url, live_server.tokens["agent"], lang="fr")
    live_server.clients.append(client)
    welcome_frame = await client.start()
    assert welcome_frame.notice and "'fr'" in welcome_frame.notice
    assert any("'fr' is not supported" in r.getMessage() for r in caplog.records)


async def test_a_region_tagged_language_gets_explanations_in_that_language(live_server):
    wechat = await live_server.client("wechat")
    ack = await wechat.call(
        p.Ingest, external_id="l-1", customer=p.Identity(kind="wechat", value="oX"), body="能批吗"
    )
    client = LoancsClient(live_server.url, live_server.tokens["supervisor"], lang="en-US")
    await client.start()
    live_server.clients.append(client)
    with pytest.raises(ClientError) as info:
        await client.call(p.Reply, conversation=ack.conversation, body="保证通过")
    assert info.value.detail["hits"][0]["message"].isascii()


async def test_a_visitor_saying_only_zero_width_characters_is_refused(live_server):
    ws, welcome = await hello(live_server.url, "visitor")
    assert welcome["role"] == "customer"
    await ws.send(json.dumps({"type": "say", "id": "s-1", "body": "\u200b\u200b "}))
    answer = json.loads(await ws.recv())
    assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", "s-1")
    assert answer["message"] == "the message is empty"
    await ws.send(json.dumps({"type": "say", "id": "s-2", "body": "你好"}))
    while (answer := json.loads(await ws.recv()))["type"] != "ack":
        pass
    assert answer["id"] == "s-2"
    await ws.close()
    assert set(stored(live_server.db)) == {"你好"}


async def test_an_empty_customer_id_or_message_id_is_refused(live_server):
    """A gateway that sends an empty OpenID is told so: before, every such customer became
    one customer, their messages in one conversation. An empty `external_id` was taken
    once and every later one refused as another sender's."""
    ws, welcome = await hello(live_server.url, live_server.tokens["wechat"])
    assert welcome["type"] == "welcome"
    sent = [
        ("a", "from the first person", {"customer": {"kind": "wechat", "value": ""}}),
        ("b", "from the second person", {"customer": {"kind": "wechat", "value": ""}}),
        ("c", "no message id", {"external_id": ""}),
    ]
    said = []
    for frame_id, body, fields in sent:
        frame = json.loads(ingest(frame_id, body)) | fields
        await ws.send(json.dumps(frame))
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", frame_id)
        said.append(answer["message"])
    assert said == [
        "Expected `str` of length >= 1 - at `$.customer.value`",
        "Expected `str` of length >= 1 - at `$.customer.value`",
        "Expected `str` of length >= 1 - at `$.external_id`",
    ]
    await ws.send(ingest("d", "有名有姓的客户"))
    assert json.loads(await ws.recv())["type"] == "ack"
    await ws.close()
    assert list(stored(live_server.db)) == ["有名有姓的客户"]


async def test_a_customer_id_of_only_spaces_is_refused(live_server):
    """Empty ids were refused, but "   " was taken: every customer whose gateway sent spaces
    (or zero-width characters) became one customer, their messages in one conversation. Now
    a new identity that is blank is refused; a call with one too. Ids with spaces around
    something (" 13800001234") are still taken as they are."""
    ws, welcome = await hello(live_server.url, live_server.tokens["wechat"])
    assert welcome["type"] == "welcome"
    said = []
    for frame_id, value in (("a", "   "), ("b", "   "), ("c", "\u200b\u3000")):
        customer = {"customer": {"kind": "wechat", "value": value}}
        await ws.send(json.dumps(json.loads(ingest(frame_id, f"from {frame_id}")) | customer))
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", frame_id)
        said.append(answer["message"])
    blank = "the customer's wechat id is blank (only spaces or invisible characters)"
    assert said == [blank] * 3
    await ws.send(
        json.dumps(
            json.loads(ingest("d", "padded")) | {"customer": {"kind": "wechat", "value": " oD "}}
        )
    )
    assert json.loads(await ws.recv())["type"] == "ack"
    await ws.close()
    phone, _ = await hello(live_server.url, live_server.tokens["phone"])
    call = json.loads(call_started("p1", "zh")) | {"customer": {"kind": "phone", "value": "  "}}
    await phone.send(json.dumps(call))
    answer = json.loads(await phone.recv())
    assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", "p1")
    assert (
        answer["message"]
        == "the customer's phone id is blank (only spaces or invisible characters)"
    )
    await phone.close()
    assert list(stored(live_server.db)) == ["padded"]
    conn = connect_sync(live_server.db)
    try:
        values = [row[0] for row in conn.execute("SELECT value FROM customer_identities")]
    finally:
        conn.close()
    assert values == [" oD "]


async def test_an_endless_customer_id_name_or_message_id_is_refused(live_server):
    """A gateway's 20,000-character OpenID, customer name or message id was stored (and
    shown, searched, exported). Now each is at most 256 characters; 256 is taken."""
    ws, welcome = await hello(live_server.url, live_server.tokens["wechat"])
    assert welcome["type"] == "welcome"
    long = "o" * 20_000
    sent = [
        ("a", "long id", {"customer": {"kind": "wechat", "value": long}}),
        ("b", "long name", {"customer": {"kind": "wechat", "value": "oB", "name": long}}),
        ("c", "long message id", {"external_id": long}),
    ]
    said = []
    for frame_id, body, fields in sent:
        await ws.send(json.dumps(json.loads(ingest(frame_id, body)) | fields))
        answer = json.loads(await ws.recv())
        assert (answer["type"], answer["code"], answer["id"]) == ("error", "bad_frame", frame_id)
        said.append(answer["message"])
    assert said == [
        "Expected `str` of length <= 256 - at `$.customer.value`",
        "Expected `str` of length <= 256 - at `$.customer.name`",
        "Expected `str` of length <= 256 - at `$.external_id`",
    ]
    customer = {"kind": "wechat", "value": "o" * 256, "name": "王" * 256}
    await ws.send(json.dumps(json.loads(ingest("d", "at the limit")) | {"customer": customer}))
    assert json.loads(await ws.recv())["type"] == "ack"
    await ws.close()
    assert list(stored(live_server.db)) == ["at the limit"]


async def test_the_frame_limit_counts_bytes_of_chinese_text(live_server):
    """--max-frame is in bytes (64 KiB by default). A text frame of 30,000 Chinese
    characters is 90 kB: refused as too large, nothing stored. It used to be measured in
    characters, so a Chinese frame of up to three times the limit was taken."""
    ws, _ = await hello(live_server.url, live_server.tokens["wechat"])

    def as_sent(frame: str) -> str:  # the characters as they are, not \u escapes
        return json.dumps(json.loads(frame), ensure_ascii=False)

    await ws.send(as_sent(ingest("big", "贷" * 30_000)))
    answer = json.loads(await ws.recv())
    assert answer["code"] == "too_large", answer
    assert answer.get("id") == "big"  # which message was refused (it had no id)
    assert "frame of 90" in answer["message"] and "over the 65536-byte limit" in answer["message"]
    await ws.send(as_sent(ingest("fits", "贷" * 20_000)))  # 60 kB: under the limit
    assert json.loads(await ws.recv())["id"] == "fits"
    await ws.close()
    assert [len(body) for body in stored(live_server.db)] == [20_000]


async def test_an_unknown_enum_value_is_refused_naming_the_allowed_ones(live_server):
    """A gateway sending a customer kind or message kind this server does not know gets one
    error that lists the values it takes (and `detail.allowed` for a program); the frame after
    it on the same connection is stored."""
    ws, welcome = await hello(live_server.url, live_server.tokens["wechat"])
    assert welcome["type"] == "welcome"
    bad_customer = json.loads(ingest("e1", "hello"))
    bad_customer["customer"]["kind"] = "fax"
    await ws.send(json.dumps(bad_customer))
    await ws.send(ingest("e2", "a voice note", kind="gif"))
    await ws.send(ingest("e3", "还款日是几号？"))
    first, second, third = [json.loads(await ws.recv()) for _ in range(3)]
    assert first == {
        "type": "error",
        "code": "bad_frame",
        "id": "e1",
        "message": "`customer.kind` 'fax' is not one of: phone, wechat, visitor, customer_no",
        "detail": {
            "field": "customer.kind",
            "allowed": ["phone", "wechat", "visitor", "customer_no"],
        },
    }
    assert second["code"] == "bad_frame" and second["id"] == "e2"
    assert second["detail"]["allowed"] == list(typing.get_args(p.MessageKind))
    assert (third["type"], third["id"]) == ("ack", "e3")
    await ws.close()
    assert list(stored(live_server.db)) == ["还款日是几号？"]
