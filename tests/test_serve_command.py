"""`loancs serve` as a user runs it: a config file, the in-process WeChat webhook and
the web-chat page on the same port."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import time
import urllib.request

from typer.testing import CliRunner

from loancs.cli import app
from loancs.client import LoancsClient
from loancs.core import protocol as p
from tests.conftest import seed_accounts, spawn_server

runner = CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_config_is_refused_before_listening(tmp_path) -> None:
    cfg = tmp_path / "loancs.toml"
    cfg.write_text('[routing]\noffer_timeout = "soon"\n', encoding="utf-8")
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--config", str(cfg)])
    assert result.exit_code == 2 and "offer_timeout" in result.output
    cfg.write_text("[routing\n", encoding="utf-8")
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--config", str(cfg)])
    assert result.exit_code == 2


def test_wechat_webhook_and_chat_page_in_one_process(tmp_path) -> None:
    db = tmp_path / "s.db"
    tokens = seed_accounts(db)
    cfg = tmp_path / "loancs.toml"
    cfg.write_text(
        "[routing]\noffer_timeout_ms = 30000\n[contact]\ndaily_cap = 4\n", encoding="utf-8"
    )
    wx_port = free_port()
    server = spawn_server(
        db,
        "--config",
        str(cfg),
        "--wechat-listen",
        f"127.0.0.1:{wx_port}",
        "--wechat-token",
        "test",
        "--wechat-appid",
        "wx123",
    )
    try:
        http = server.url.replace("ws", "http", 1)
        with urllib.request.urlopen(http + "/chat", timeout=5) as resp:
            assert resp.status == 200 and b"<html" in resp.read().lower()
        timestamp, nonce = str(int(time.time())), "n0nce"
        signature = hashlib.sha1("".join(sorted(["test", timestamp, nonce])).encode()).hexdigest()
        body = (
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName>"
            "<FromUserName><![CDATA[oWEBHOOK000000000001]]></FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            "<Content><![CDATA[我想申请车贷]]></Content><MsgId>900000000001</MsgId></xml>"
        ).encode()
        url = f"http://127.0.0.1:{wx_port}/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}"
        for _ in range(50):  # the webhook starts right after the server
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(url, data=body), timeout=5
                ) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("webhook never answered")

        async def check() -> list[dict]:
            client = LoancsClient(server.url, tokens["supervisor"], reconnect=False)
            await client.start()
            data = await client.call(p.ListConversations)
            await client.close()
            return data

        conversations = asyncio.run(check())
        assert conversations[0]["channel"] == "wechat"
        assert conversations[0]["last_excerpt"] == "我想申请车贷"
    finally:
        assert server.terminate() == 0
