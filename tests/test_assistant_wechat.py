"""A real WeChat push at 23:00 (signed XML through the gateway's webhook) gets the
assistant's answer back through the customer-service message API (a local fake)."""

from __future__ import annotations

import asyncio

import pytest
from conftest import make_config, seed_accounts
from fakes.wechat_api import FakeWeChatApi
from test_wechat_gateway import AES_KEY, TOKEN, post, text_xml

from loancs.channels.wechat_gateway import WeChatConfig, start_wechat_gateway
from loancs.core.config import parse_server_file
from loancs.server.app import LoancsServer

NIGHT = 1764601200000  # 2025-12-01 23:00 Asia/Shanghai


@pytest.fixture
async def api():
    fake = await FakeWeChatApi().start()
    yield fake
    await fake.close()


async def test_wechat_push_at_night_is_answered_by_the_assistant(tmp_path, api) -> None:
    db = tmp_path / "w.db"
    tokens = seed_accounts(db)
    config = parse_server_file('[assistant]\nwechat = "off_hours"\n')
    server = LoancsServer(make_config(db, file=config))
    await server.start()
    server.assistant.clock = lambda: NIGHT
    gateway = await start_wechat_gateway(
        server.url,
        tokens["wechat"],
        "127.0.0.1",
        0,
        WeChatConfig(
            token=TOKEN,
            appid=api.appid,
            secret=api.secret,
            aes_key=AES_KEY,
            api_base=api.base,
            backoff=0.01,
            ack_timeout=2.0,
            state_path=tmp_path / "wechat-state.db",
        ),
    )
    try:
        for _ in range(200):
            if server.assistant.assistant is not None:
                break
            await asyncio.sleep(0.05)
        push = text_xml(
            openid="oNight0000000000001", content="请问你们的贷款利率是多少", msg_id=7001
        )
        assert await post(gateway.url, push) == (200, "success")
        for _ in range(200):
            if api.sent:
                break
            await asyncio.sleep(0.05)
        (sent,) = api.sent
        assert sent["touser"] == "oNight0000000000001"
        assert "年化利率（单利）" in sent["text"]["content"]
    finally:
        await gateway.close()
        await server.stop()
