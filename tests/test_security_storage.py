"""Storage failures from the outside (issue 14): the writer child killed alone, a full disk,
and what /healthz says meanwhile. A real `loancs serve` process and plain websockets."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

from websockets.asyncio.client import connect

from loancs.store import commands
from loancs.store.writer import StorageError
from tests.conftest import seed_accounts, spawn_server


def healthz(http: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(http + "/healthz", timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def writer_child(pid: int) -> int:
    children = []
    for task in os.listdir(f"/proc/{pid}/task"):  # a child started from any thread
        with open(f"/proc/{pid}/task/{task}/children") as f:
            children += [int(c) for c in f.read().split()]
    for child in children:
        with open(f"/proc/{child}/cmdline", "rb") as f:
            if b"writer_process" in f.read():
                return child
    raise AssertionError(f"no writer child among {children}")


async def send_until_acked(url: str, token: str, count: int, kill_at: int, kill) -> dict:
    """Ingest ``count`` messages, resending each until acked (as a gateway would); the
    writer is killed after ``kill_at`` acks. Returns {external_id: ack}."""
    acked: dict[str, dict] = {}
    refused = 0
    async with connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "token": token, "subscribe": False}))
        json.loads(await ws.recv())
        for i in range(count):
            if i == kill_at:
                kill()
            for attempt in range(200):
                frame = {
                    "type": "ingest",
                    "id": f"k{i}-{attempt}",
                    "external_id": f"kill-{i}",
                    "customer": {"kind": "wechat", "value": f"oKILL{i % 7:010d}"},
                    "body": f"message {i}",
                }
                await ws.send(json.dumps(frame))
                answer = json.loads(await asyncio.wait_for(ws.recv(), 20))
                if answer["type"] == "ack":
                    acked[f"kill-{i}"] = answer
                    break
                assert answer["code"] == "storage_unavailable", answer
                refused += 1
                await asyncio.sleep(0.05)
            else:
                raise AssertionError(f"message {i} was never stored")
    acked["_refused"] = {"count": refused}
    return acked


def test_writer_child_killed_alone_is_restarted_and_nothing_acknowledged_is_lost(
    tmp_path,
) -> None:
    db = tmp_path / "kill.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    http = server.url.replace("ws", "http", 1)
    seen_down = []
    try:
        child = writer_child(server.proc.pid)

        def kill() -> None:
            os.kill(child, signal.SIGKILL)
            for _ in range(100):  # /healthz says so while it is down
                status, body = healthz(http)
                if status == 503:
                    seen_down.append(body)
                    return
                time.sleep(0.005)

        acked = asyncio.run(send_until_acked(server.url, tokens["wechat"], 300, 100, kill))
        refused = acked.pop("_refused")["count"]
        assert writer_child(server.proc.pid) != child  # a new child took over
        status, body = healthz(http)
        assert status == 200 and body["storage"]["writer"] == "ok"
        assert body["storage"]["restarts"] == 1
        assert seen_down and seen_down[0]["storage"]["writer"] in ("restarting", "ok")
        print(f"writer killed: {refused} refusals while it restarted, all 300 stored")
    finally:
        start = time.monotonic()
        code = server.terminate()
        stopped_in = time.monotonic() - start
    assert code == 0 and stopped_in < 10
    conn = sqlite3.connect(db)
    stored = dict(conn.execute("SELECT external_id, count(*) FROM messages GROUP BY 1"))
    assert set(stored) == set(acked) and set(stored.values()) == {1}
    verify = subprocess.run(
        [sys.executable, "-m", "loancs", "audit", "verify", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_sigterm_stops_cleanly_after_the_writer_died_for_good(tmp_path) -> None:
    """The harness: writer killed, then SIGTERM hung. Kill it repeatedly, then stop."""
    db = tmp_path / "term.db"
    seed_accounts(db)
    server = spawn_server(db)
    try:
        os.kill(writer_child(server.proc.pid), signal.SIGKILL)
        time.sleep(0.05)
    finally:
        start = time.monotonic()
        code = server.terminate()
    assert code == 0 and time.monotonic() - start < 10


async def test_healthz_says_503_while_the_disk_is_full(live_server) -> None:
    http = live_server.http
    status, body = await asyncio.to_thread(healthz, http)
    assert status == 200 and body["storage"]["writer"] == "ok"
    pages = sqlite3.connect(live_server.db).execute("PRAGMA page_count").fetchone()[0]
    await live_server.server.store.apply(commands.Pragma(statement=f"max_page_count = {pages}"))
    async with connect(live_server.url) as ws:
        await ws.send(json.dumps({"type": "hello", "token": live_server.tokens["wechat"]}))
        await ws.recv()
        for i in range(20):
            await ws.send(
                json.dumps(
                    {
                        "type": "ingest",
                        "id": f"d{i}",
                        "external_id": f"full-{i}",
                        "customer": {"kind": "wechat", "value": "oFULL0000001"},
                        "body": "满" * 3000,
                    }
                )
            )
            answer = json.loads(await ws.recv())
            if answer["type"] == "error":
                assert answer["code"] == "storage_unavailable"
                break
        else:
            raise AssertionError("the disk never filled up")
    status, body = await asyncio.to_thread(healthz, http)
    assert status == 503 and body["status"] == "storage_unavailable"
    assert "full" in body["storage"]["error"]
    # Space again: /healthz finds out by itself (it probes with a small write).
    for _ in range(20):  # may share a batch with /healthz's probe, which fails: retry
        try:
            await live_server.server.store.apply(
                commands.Pragma(statement="max_page_count = 1073741823")
            )
            break
        except StorageError:
            await asyncio.sleep(0.05)
    for _ in range(50):
        status, body = await asyncio.to_thread(healthz, http)
        if status == 200:
            break
        await asyncio.sleep(0.1)
    assert status == 200 and body["storage"]["error"] is None


def test_a_bad_master_key_is_one_line_at_start(tmp_path) -> None:
    db = tmp_path / "key.db"
    seed_accounts(db)
    result = subprocess.run(
        [sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LOANCS_MASTER_KEY": "not-a-key"},
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode != 0
    assert len(lines) == 1 and "master key" in lines[0] and "Traceback" not in lines[0]


def test_servers_starting_side_by_side_create_one_master_key(tmp_path, monkeypatch) -> None:
    """Several servers on one database start at once with no key file yet: one creates it,
    the others read it, whole (one read a still-empty file and refused to start)."""
    import threading

    from loancs.store.keys import ENV_KEY, ENV_KEY_FILE, load_master_key

    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    for round_ in range(20):
        path = tmp_path / f"m{round_}.key"
        gate = threading.Barrier(8)
        keys: list[bytes | BaseException] = []

        def start(path=path, gate=gate, keys=keys) -> None:
            gate.wait()
            try:
                keys.append(load_master_key("unused.db", path))
            except BaseException as exc:  # said below, with the others' keys
                keys.append(exc)

        threads = [threading.Thread(target=start) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(set(keys)) == 1 and isinstance(keys[0], bytes), keys
        assert load_master_key("unused.db", path) == keys[0]
        assert os.stat(path).st_mode & 0o777 == 0o600
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
