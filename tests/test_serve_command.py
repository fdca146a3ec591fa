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


def test_tls_files_that_cannot_serve_are_named_before_listening(tmp_path) -> None:
    """A missing or wrong certificate said "cannot listen on 127.0.0.1:0: no such file or
    directory" / "...: unknown error 524297", as if the port were the problem."""
    import subprocess

    cert, key, other = tmp_path / "c.pem", tmp_path / "k.pem", tmp_path / "k2.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key)]
        + ["-out", str(cert), "-days", "1", "-subj", "/CN=loancs"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["openssl", "genrsa", "-out", str(other), "2048"], check=True, capture_output=True
    )
    notes = tmp_path / "notes.txt"
    notes.write_text("not a certificate\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    for tls, said in (
        (
            [str(tmp_path / "nope.pem"), str(key)],
            f"--tls-cert {tmp_path / 'nope.pem'}: no such file",
        ),
        ([str(notes), str(notes)], "not a PEM certificate and its key"),
        ([str(cert), str(other)], "not a PEM certificate and its key (key values mismatch)"),
    ):
        result = runner.invoke(
            app, ["serve", "--db", db, "--port", "0", "--tls-cert", tls[0], "--tls-key", tls[1]]
        )
        lines = result.output.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1, result.output
        assert said in lines[0] and "cannot listen" not in lines[0], lines[0]


def test_a_rules_file_that_cannot_be_used_is_one_line_not_a_traceback(tmp_path) -> None:
    import os
    import subprocess
    import sys

    def serve_with(rules) -> tuple[int, list[str]]:
        result = subprocess.run(
            [sys.executable, "-m", "loancs", "serve", "--db", str(tmp_path / "x.db")]
            + ["--port", "0", "--rules", str(rules)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "COLUMNS": "80"},
        )
        out = result.stdout + result.stderr
        return result.returncode, [line for line in out.splitlines() if "INFO" not in line]

    bad = tmp_path / "rules.toml"
    bad.write_text("[[rule]\n", encoding="utf-8")
    code, said = serve_with(bad)
    assert code == 2, said
    assert said == [f"error: {bad}: not valid TOML: {said[0].rsplit(': ', 1)[-1]}"], said
    missing = tmp_path / "nope.toml"
    code, said = serve_with(missing)
    assert code == 2
    assert said == [f"error: {missing}: cannot read: no such file or directory"], said


def test_serving_a_new_database_says_it_has_no_accounts_yet(tmp_path) -> None:
    """`loancs serve --db ./loancs.bd` (a typo) served a new, empty database in silence;
    every console was then told its token was wrong."""
    new, seeded = tmp_path / "loancs.bd", tmp_path / "loancs.db"
    seed_accounts(seeded)
    for db, told in ((new, True), (seeded, False)):
        server = spawn_server(db)
        try:
            time.sleep(0.3)  # the banner's next lines
        finally:
            assert server.terminate() == 0
        for _ in range(50):  # the reader thread's last lines
            if "loancs stopped" in server.output():
                break
            time.sleep(0.1)
        said = server.output()
        assert ("new database: no agents or channels yet" in said) is told, said
        assert f"loancs agent add NAME --db {db}" in said or not told
