"""The real commands in their own processes: `loancs serve`, `loancs gateway wechat`,
`loancs gateway phone` and `loancs simulate` talking over sockets."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys

import pytest
from conftest import seed_accounts, spawn_server
from fakes.ami_peer import ScriptedAmiPeer
from test_phone_gateway import newchannel

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "loancs", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


async def wait_line(proc: subprocess.Popen, needle: str, timeout: float = 20) -> str:
    async def read():
        while True:
            line = await asyncio.to_thread(proc.stdout.readline)
            if not line:
                raise AssertionError(f"process ended before printing {needle!r}")
            if needle in line:
                return line

    return await asyncio.wait_for(read(), timeout)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


async def test_simulate_through_wechat_gateway_process(tmp_path):
    db = tmp_path / "loancs.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    port = free_port()
    gateway = start(
        "gateway",
        "wechat",
        "--server",
        server.url,
        "--token",
        tokens["wechat"],
        "--listen",
        f"127.0.0.1:{port}",
        "--wx-token",
        "cli-token",
        "--appid",
        "wxcli",
        "--aes-key",
        "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
        "--state",
        str(tmp_path / "gw.db"),
        "--api-base",
        "http://127.0.0.1:9",
    )
    try:
        await wait_line(gateway, "wechat gateway: webhook")
        sim = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "loancs",
                "simulate",
                "--server",
                server.url,
                "--rate",
                "10",
                "--duration",
                "1.5",
                "--pace",
                "0",
                "--seed",
                "3",
                "--json",
                "--mix",
                "phone:2,chat:5,wechat:3",
                "--channel-token",
                f"phone={tokens['phone']}",
                "--channel-token",
                f"system={tokens['system']}",
                "--wechat-webhook",
                f"http://127.0.0.1:{port}/wechat",
                "--wx-token",
                "cli-token",
                "--aes-key",
                "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
                "--appid",
                "wxcli",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sim.returncode == 0, sim.stdout + sim.stderr
        summary = json.loads(sim.stdout)
        assert summary["errors"] == {} and summary["messages"] > 10
        assert summary["conversations"].get("wechat", 0) > 0
        # A token of another kind once started a gateway whose every message the server
        # refused; now it stops at once, saying whose token it is.
        wrong = [
            start("gateway", "wechat", "--server", server.url, "--token", tokens[who],
                  "--listen", "127.0.0.1:0", "--wx-token", "t", "--state",
                  str(tmp_path / f"{who}.db"))
            for who in ("agent", "phone")
        ]  # fmt: skip
        try:
            for proc, says in zip(wrong, ("王芳's (agent)", "phone-gw's (phone)"), strict=True):
                out, _ = proc.communicate(timeout=60)
                assert proc.returncode == 2, out
                assert f"that token is {says}, not a wechat channel's" in out, out
        finally:
            for proc in wrong:
                stop(proc)
    finally:
        stop(gateway)
        stop(server.proc)
    conn = sqlite3.connect(db)
    wechat = conn.execute("SELECT count(*) FROM messages WHERE channel = 'wechat'").fetchone()[0]
    conn.close()
    assert wechat > 0


async def test_phone_gateway_process_against_scripted_ami(tmp_path):
    db = tmp_path / "loancs.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    peer = await ScriptedAmiPeer().start()
    gateway = start(
        "gateway",
        "phone",
        "--ami",
        f"127.0.0.1:{peer.port}",
        "--user",
        "loancs",
        "--secret",
        "amipass",
        "--server",
        server.url,
        "--token",
        tokens["phone"],
    )
    try:
        await wait_line(gateway, "phone gateway: AMI")
        await asyncio.wait_for(peer.logged_in.wait(), 10)
        await asyncio.sleep(0.3)  # the CoreShowChannels round trip
        await peer.send(newchannel("1764403500.1", "13800002468"))
        for _ in range(100):
            conn = sqlite3.connect(db)
            row = conn.execute("SELECT state FROM calls WHERE call_id = '1764403500.1'").fetchone()
            conn.close()
            if row:
                break
            await asyncio.sleep(0.05)
        assert row == ("ringing",)
    finally:
        stop(gateway)
        stop(server.proc)
        await peer.close()


def test_bad_options_fail_with_one_line():
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "simulate", "--mix", "fax:1", "--duration", "1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 2 and "fax" in out.stdout + out.stderr
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "loancs",
            "gateway",
            "phone",
            "--ami",
            "host:notaport",
            "--user",
            "u",
            "--secret",
            "s",
            "--token",
            "x",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 2 and "HOST:PORT" in out.stdout + out.stderr


def test_no_server_is_exit_1_with_the_address_once_as_the_other_clients_say_it():
    """simulate said "error: cannot use ws://…: cannot reach ws://…: connection refused",
    exit 2 (the code of a refused token); console, tail and queues say it once, exit 1."""
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "simulate", "--server", "ws://127.0.0.1:9"]
        + ["--token", "lcc_x", "--duration", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LOANCS_LANG": "en"},
    )
    assert out.returncode == 1, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].count("ws://127.0.0.1:9") == 1, lines
    assert lines[0].startswith("error: cannot reach the server at ws://127.0.0.1:9")
