"""The config files as an operator writes them: `loancs serve --config` refuses unknown keys
by name, [wechat] limits reach the running server, --help lists the tables, every key is
documented, and a malformed client config is one line naming the file."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.core.config import ServerFile, parse_server_file, table_keys
from tests.conftest import seed_accounts, spawn_server

ROOT = Path(__file__).resolve().parent.parent


def loancs(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loancs", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("port = 9999\n", "'port' at the top level"),
        ('[server]\nhostt = "0.0.0.0"\n', "'hostt' in [server]"),
        ("[wechat]\nwindow_hourz = 4\n", "'window_hourz' in [wechat]"),
        ("[routing]\noffer_timeout = 5\n", "offer_timeout"),
        ('[contact]\ndaily_cap = "six"\n', "daily_cap"),
        ('[server]\nport = "8765"\n', "port"),
        ("[server]\nport = 70000\n", "port"),
        ("[server\n", "not valid TOML"),
        ("[assistent]\n", "'assistent' at the top level"),
    ],
)
def test_serve_refuses_a_bad_config_by_key_before_listening(tmp_path, text, named) -> None:
    cfg = tmp_path / "loancs.toml"
    cfg.write_text(text, encoding="utf-8")
    result = loancs("serve", "--db", str(tmp_path / "x.db"), "--port", "0", "--config", str(cfg))
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and str(cfg) in lines[0], result.stderr
    assert not (tmp_path / "x.db").exists()  # refused before anything was created


@pytest.mark.parametrize(("args", "env"), [(["--port", "99999"], {}), ([], {"LOANCS_PORT": "-1"})])
def test_serve_refuses_a_port_out_of_range_before_listening(tmp_path, args, env) -> None:
    result = loancs("serve", "--db", str(tmp_path / "x.db"), *args, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a port (0-65535" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_serve_help_lists_the_config_tables() -> None:
    result = loancs("serve", "--help")
    assert result.returncode == 0
    text = re.sub(r"[│\s]+", " ", result.stdout)
    assert ", , ," not in text
    for name in ServerFile.__struct_fields__:
        assert f"[{name}]" in text


def test_every_config_key_is_documented() -> None:
    doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    for table, keys in table_keys(ServerFile).items():
        assert f"[{table}]" in doc, table
        for key in keys:
            assert f"`{key}`" in doc, f"[{table}] {key} is not in docs/config.md"
    for key in ("server", "token"):
        assert f"`{key}`" in doc


def test_the_documented_example_config_decodes() -> None:
    doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", doc, re.S)
    assert example is not None
    parsed = parse_server_file(example.group(1), "docs/config.md")
    assert parsed.wechat.window_hours == 48.0


def test_wechat_window_from_the_config_reaches_the_server(tmp_path) -> None:
    """[wechat] window_hours is what the server enforces on replies (issue 10)."""
    db = tmp_path / "s.db"
    tokens = seed_accounts(db)
    cfg = tmp_path / "loancs.toml"
    cfg.write_text("[wechat]\nwindow_hours = 0.0003\nreply_quota = 5\n", encoding="utf-8")
    server = spawn_server(db, "--config", str(cfg))
    try:

        async def session() -> str:
            wechat = LoancsClient(server.url, tokens["wechat"], subscribe=False, reconnect=False)
            await wechat.start()
            ack = await wechat.call(
                p.Ingest,
                external_id="wx-window-1",
                body="你好，我想问问房贷",
                customer=p.Identity(kind="wechat", value="oWINDOW0000000000001"),
            )
            await wechat.close()
            sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False, reconnect=False)
            await sup.start()
            await asyncio.sleep(1.5)  # 0.0003 h = 1.08 s
            try:
                await sup.call(p.Reply, conversation=ack.conversation, body="您好，请问贷款金额？")
            except ClientError as exc:
                return f"{exc.code}: {exc.message}"
            finally:
                await sup.close()
            return "sent"

        outcome = asyncio.run(session())
        assert outcome.startswith("window_closed") and "0.0003 h" in outcome, outcome
    finally:
        assert server.terminate() == 0


def test_malformed_client_config_is_one_line_naming_the_file(tmp_path) -> None:
    cfg = tmp_path / "config.toml"
    for text, expect in [
        ('token = "abc\n', "not valid TOML"),
        ('tokne = "abc"\n', "'tokne'"),
    ]:
        cfg.write_text(text, encoding="utf-8")
        started = time.monotonic()
        result = loancs(
            "tail", env={"LOANCS_CONFIG": str(cfg), "LOANCS_TOKEN": "", "LOANCS_SERVER": ""}
        )
        assert time.monotonic() - started < 30
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(cfg) in lines[0] and expect in lines[0], result.stderr
