"""The WeChat gateway end to end: a real server, the aiohttp webhook, a fake WeChat API."""

from __future__ import annotations

import asyncio
import sqlite3

import aiohttp
import pytest
from conftest import make_config
from fakes.wechat_api import FakeWeChatApi

from loancs.channels.wechat_gateway import WeChatConfig, start_wechat_gateway
from loancs.core import protocol as p
from loancs.core import wechat as wx
from loancs.server.app import LoancsServer

TOKEN = "wxtoken123"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"


@pytest.fixture
async def api():
    fake = await FakeWeChatApi().start()
    yield fake
    await fake.close()


async def _gateway(live_server, api, tmp_path, **overrides):
    config = WeChatConfig(
        token=TOKEN,
        appid=api.appid,
        secret=api.secret,
        aes_key=AES_KEY,
        api_base=api.base,
        backoff=0.01,
        ack_timeout=2.0,
        state_path=tmp_path / "wechat-state.db",
        **overrides,
    )
    return await start_wechat_gateway(
        live_server.url, live_server.tokens["wechat"], "127.0.0.1", 0, config
    )


@pytest.fixture
async def gateway(live_server, api, tmp_path):
    gw = await _gateway(live_server, api, tmp_path)
    yield gw
    await gw.close()


def text_xml(
    openid="oBorrower001", content="你好，我想问一下房贷利率", msg_id=1001, create=1764400000
):
    return wx.build_xml(
        {
            "ToUserName": "gh_lender",
            "FromUserName": openid,
            "CreateTime": create,
            "MsgType": "text",
            "Content": content,
            "MsgId": msg_id,
        }
    )


async def post(url, inner, *, ts="1764400000", nonce="n1", crypto=None, query=None, body=None):
    q, b = wx.signed_push(TOKEN, inner, ts, nonce, crypto)
    if query:
        q.update(query)
    async with (
        aiohttp.ClientSession() as s,
        s.post(url, params=q, data=body if body is not None else b) as r,
    ):
        return r.status, await r.text()


def stored(db, external_id):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT body, kind, attachment FROM messages WHERE external_id = ?", (external_id,)
        ).fetchall()
    finally:
        conn.close()


def count_messages(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        conn.close()


async def wait_for(events, pred, timeout=15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for e in events:
            if pred(e):
                return e
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching event in {[e.kind for e in events]}")


async def take(agent, events, conv):
    """Accept a conversation once routing knows it (offered to us or waiting)."""
    for _ in range(100):
        if any(
            e.kind == "conversation.assigned"
            and e.conversation == conv
            and e.payload.get("agent") == agent.welcome.agent_id
            for e in events
        ):
            return
        try:
            await agent.call(p.Accept, conversation=conv)
            return
        except Exception:
            await asyncio.sleep(0.05)
    raise AssertionError("could not take the conversation")


async def test_url_verification(gateway):
    q = {
        "signature": wx.signature(TOKEN, "1", "2"),
        "timestamp": "1",
        "nonce": "2",
        "echostr": "e123",
    }
    async with aiohttp.ClientSession() as s:
        async with s.get(gateway.url, params=q) as r:
            assert (r.status, await r.text()) == (200, "e123")
        async with s.get(gateway.url, params={**q, "signature": "0" * 40}) as r:
            assert r.status == 403


async def test_text_push_reaches_agent_once_even_when_replayed(live_server, gateway):
    events = []
    await live_server.client("agent", on_event=events.append)
    status, text = await post(gateway.url, text_xml())
    assert (status, text) == (200, "success")
    ev = await wait_for(events, lambda e: e.kind == "message.received")
    assert ev.payload["body"] == "你好，我想问一下房贷利率"
    assert ev.payload["channel"] == "wechat"
    # WeChat retries (same MsgId) are answered success and stored once.
    for _ in range(3):
        assert await post(gateway.url, text_xml(), nonce="n2") == (200, "success")
    assert len(stored(live_server.db, "msg:1001")) == 1
    assert gateway.stats["duplicates"] == 3


async def test_bad_input_is_refused_and_nothing_stored(live_server, gateway):
    before = count_messages(live_server.db)
    # forged signature
    q, b = wx.signed_push("not-the-token", text_xml(msg_id=2001), "1", "2")
    async with aiohttp.ClientSession() as s, s.post(gateway.url, params=q, data=b) as r:
        assert r.status == 403
    # XML bomb and external entity
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><FromUserName>&b;</FromUserName></xml>'
    assert (await post(gateway.url, bomb))[0] == 400
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>'
    assert (await post(gateway.url, xxe))[0] == 400
    # oversized body
    big = text_xml(content="贷" * 40000, msg_id=2002)
    assert (await post(gateway.url, big))[0] == 413
    # safe mode with a wrong msg_signature
    crypto = wx.WeChatCrypto(TOKEN, AES_KEY, gateway.config.appid)
    status, _ = await post(
        gateway.url, text_xml(msg_id=2003), crypto=crypto, query={"msg_signature": "0" * 40}
    )
    assert status == 403
    assert count_messages(live_server.db) == before


async def test_safe_mode_voice_image_events_and_unknown_types(live_server, gateway):
    crypto = wx.WeChatCrypto(TOKEN, AES_KEY, gateway.config.appid)
    base = {"ToUserName": "gh_lender", "FromUserName": "oBorrower002", "CreateTime": 1764400100}
    voice = wx.build_xml(
        {
            **base,
            "MsgType": "voice",
            "MediaId": "media-v1",
            "Format": "amr",
            "Recognition": "我这个月还款有困难",
            "MsgId": 3001,
        }
    )
    assert await post(gateway.url, voice, crypto=crypto) == (200, "success")
    image = wx.build_xml(
        {
            **base,
            "MsgType": "image",
            "PicUrl": "http://mmbiz/1.jpg",
            "MediaId": "media-i1",
            "MsgId": 3002,
        }
    )
    assert await post(gateway.url, image) == (200, "success")
    click = wx.build_xml(
        {
            **base,
            "CreateTime": 1764400101,
            "MsgType": "event",
            "Event": "CLICK",
            "EventKey": "MENU_OVERDUE",
        }
    )
    assert await post(gateway.url, click) == (200, "success")
    assert await post(gateway.url, click, nonce="again") == (200, "success")
    odd = wx.build_xml(
        {**base, "MsgType": "location", "Location_X": "31.2", "Location_Y": "121.4", "MsgId": 3003}
    )
    assert await post(gateway.url, odd) == (200, "success")

    assert stored(live_server.db, "msg:3001")[0][:2] == ("我这个月还款有困难", "voice")
    assert "media-v1" in stored(live_server.db, "msg:3001")[0][2]
    assert "media-i1" in stored(live_server.db, "msg:3002")[0][2]
    assert len(stored(live_server.db, "evt:oBorrower002:1764400101")) == 1
    body, kind, attachment = stored(live_server.db, "msg:3003")[0]
    assert kind == "unsupported" and "Location_X" in attachment


async def test_no_ack_from_server_means_no_success(live_server, gateway):
    await live_server.server.stop()
    status, _ = await post(gateway.url, text_xml(msg_id=4001))
    assert status == 503


async def test_agent_reply_goes_out_through_customer_service_api(live_server, gateway, api):
    events = []
    agent = await live_server.client("agent", on_event=events.append)
    assert await post(gateway.url, text_xml(openid="oReply01", msg_id=5001)) == (200, "success")
    received = await wait_for(events, lambda e: e.kind == "message.received")
    conv = received.conversation
    await take(agent, events, conv)
    await agent.call(p.Reply, conversation=conv, body="您好，目前首套房贷利率请以合同为准。")
    sent = await wait_for(events, lambda e: e.kind == "delivery.sent")
    assert api.sent[-1] == {
        "touser": "oReply01",
        "msgtype": "text",
        "text": {"content": "您好，目前首套房贷利率请以合同为准。"},
    }
    assert sent.conversation == conv

    # An expired access token is refreshed and the reply still goes out.
    api.expire_tokens()
    fetched = api.token_requests
    await agent.call(p.Reply, conversation=conv, body="还有其他问题吗？")
    await wait_for(events, lambda e: e.kind == "delivery.sent" and e.seq > sent.seq)
    assert (
        api.token_requests == fetched + 1 and api.sent[-1]["text"]["content"] == "还有其他问题吗？"
    )

    # Quota exceeded at WeChat: the agent sees why.
    api.fail_next = [45047]
    await agent.call(p.Reply, conversation=conv, body="第三条")
    failed = await wait_for(events, lambda e: e.kind == "delivery.failed")
    assert "45047" in failed.payload["reason"]

    # Transient 5xx: retried with backoff, then delivered.
    api.fail_next = [-502, -503]
    await agent.call(p.Reply, conversation=conv, body="第四条")
    last = await wait_for(
        events, lambda e: e.kind == "delivery.sent" and e.payload.get("attempts") == 3
    )
    assert last.payload["attempts"] == 3


async def test_local_quota_blocks_before_calling_wechat(live_server, api, tmp_path):
    gw = await _gateway(live_server, api, tmp_path, quota=1)
    try:
        events = []
        agent = await live_server.client("agent", on_event=events.append)
        await post(gw.url, text_xml(openid="oQuota", msg_id=6001))
        conv = (await wait_for(events, lambda e: e.kind == "message.received")).conversation
        await take(agent, events, conv)
        await agent.call(p.Reply, conversation=conv, body="一")
        await wait_for(events, lambda e: e.kind == "delivery.sent")
        await agent.call(p.Reply, conversation=conv, body="二")
        failed = await wait_for(events, lambda e: e.kind == "delivery.failed")
        assert "上限" in failed.payload["reason"] and len(api.sent) == 1
        # The customer writes again: the window and the quota start over.
        await post(gw.url, text_xml(openid="oQuota", msg_id=6002, content="好的"))
        await agent.call(p.Reply, conversation=conv, body="三")
        await wait_for(events, lambda e: e.kind == "delivery.sent" and e.seq > failed.seq)
        assert [m["text"]["content"] for m in api.sent] == ["一", "三"]
    finally:
        await gw.close()


async def test_duplicates_stored_once_across_restart(tmp_path, api):
    from conftest import seed_accounts

    db = tmp_path / "loancs.db"
    tokens = seed_accounts(db)
    for round_ in range(2):
        server = LoancsServer(make_config(db))
        await server.start()
        config = WeChatConfig(
            token=TOKEN,
            appid=api.appid,
            secret=api.secret,
            api_base=api.base,
            state_path=tmp_path / "gw.db",
        )
        gw = await start_wechat_gateway(server.url, tokens["wechat"], "127.0.0.1", 0, config)
        try:
            assert await post(gw.url, text_xml(msg_id=7001)) == (200, "success")
            event = wx.build_xml(
                {
                    "ToUserName": "g",
                    "FromUserName": "oSub",
                    "CreateTime": 1764400200,
                    "MsgType": "event",
                    "Event": "subscribe",
                }
            )
            assert await post(gw.url, event) == (200, "success")
            assert gw.stats["duplicates"] == (2 if round_ else 0)
        finally:
            await gw.close()
            await server.stop()
    assert len(stored(db, "msg:7001")) == 1
    assert len(stored(db, "evt:oSub:1764400200")) == 1


async def test_reply_made_while_gateway_was_down_goes_out_after_restart(live_server, api, tmp_path):
    events = []
    agent = await live_server.client("agent", on_event=events.append)
    gw = await _gateway(live_server, api, tmp_path)
    try:
        await post(gw.url, text_xml(openid="oRestart", msg_id=8001))
    finally:
        await gw.close()
    conv = (await wait_for(events, lambda e: e.kind == "message.received")).conversation
    await take(agent, events, conv)
    await agent.call(p.Reply, conversation=conv, body="您好，您的还款计划已经调整。")
    await asyncio.sleep(0.1)
    assert api.sent == []
    gw = await _gateway(live_server, api, tmp_path)  # same state file: resumes from its seq
    try:
        await wait_for(events, lambda e: e.kind == "delivery.sent")
        assert [m["touser"] for m in api.sent] == ["oRestart"]
    finally:
        await gw.close()
    # a third start replays nothing twice
    gw = await _gateway(live_server, api, tmp_path)
    try:
        await asyncio.sleep(0.3)
        assert len(api.sent) == 1
    finally:
        await gw.close()


async def test_chunked_oversized_body_is_413(gateway):
    async def chunks():
        for _ in range(40):
            yield b"<xml>" + b"x" * 4000

    q, _ = wx.signed_push(TOKEN, b"", "1", "2")
    async with aiohttp.ClientSession() as s, s.post(gateway.url, params=q, data=chunks()) as r:
        assert r.status == 413


async def test_server_that_never_acks_gets_no_success_within_the_window(api, tmp_path):
    """A server that accepts the connection but does not commit: WeChat must not hear
    success (it will retry, and the server dedups), and must hear back before 5 s."""
    import json as _json

    from websockets.asyncio.server import serve

    async def silent(ws):
        await ws.recv()
        await ws.send(
            _json.dumps(
                {
                    "type": "welcome",
                    "role": "channel",
                    "name": "wechat-gw",
                    "actor": "channel:wechat-gw",
                    "seq": 0,
                }
            )
        )
        async for _ in ws:
            pass  # never ack

    async with serve(silent, "127.0.0.1", 0) as srv:
        port = srv.sockets[0].getsockname()[1]
        config = WeChatConfig(
            token=TOKEN, api_base=api.base, ack_timeout=0.5, state_path=tmp_path / "s.db"
        )
        gw = await start_wechat_gateway(f"ws://127.0.0.1:{port}", "tok", "127.0.0.1", 0, config)
        try:
            loop = asyncio.get_running_loop()
            began = loop.time()
            status, text = await post(gw.url, text_xml(msg_id=9001))
            assert status == 503 and text != "success"
            assert loop.time() - began < 2
        finally:
            await gw.close()


async def test_gateway_without_the_mapping_asks_the_server_for_the_recipient(
    live_server, api, tmp_path
):
    events = []
    agent = await live_server.client("agent", on_event=events.append)
    first = await _gateway(live_server, api, tmp_path)
    try:
        await post(first.url, text_xml(openid="oElsewhere", msg_id=8101))
    finally:
        await first.close()
    conv = (await wait_for(events, lambda e: e.kind == "message.received")).conversation
    await take(agent, events, conv)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    gw = await _gateway(live_server, api, fresh)  # a new state file: no OpenID known
    try:
        await agent.call(p.Reply, conversation=conv, body="您好，已为您登记。")
        await wait_for(events, lambda e: e.kind == "delivery.sent")
        assert [m["touser"] for m in api.sent] == ["oElsewhere"]
    finally:
        await gw.close()
