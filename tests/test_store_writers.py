"""Both writers (a thread, or a child process beside the websocket loop) keep the same
contract: acks after commit, one refused op does not spoil its batch, a hash chain that
verifies, and the child process goes away with its server."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from loancs.core.eventlog import verify_chain
from loancs.store import commands
from loancs.store.db import Store
from loancs.store.writer import OpError


@pytest.mark.parametrize("mode", ["thread", "process"])
async def test_writers_agree(tmp_path, mode) -> None:
    store = Store(tmp_path / f"{mode}.db", synchronous="NORMAL", writer=mode)
    committed = []
    store.on_commit(committed.extend)
    await store.open()
    try:
        ident = commands.Identity(kind="wechat", value="oWRITER0000000000001")
        futures = [
            store.submit(
                commands.IngestMessage(
                    source="gw",
                    channel="wechat",
                    external_id=f"w-{i}",
                    identity=ident,
                    body=f"m{i}",
                    kind="text",
                    hints=commands.Hints(loan_type="car"),
                )
            )
            for i in range(50)
        ]
        bad = store.submit(
            commands.AddNote(
                conversation=999,
                agent_id=1,
                agent_name="x",
                role="agent",
                body="no such conversation",
            )
        )
        futures.append(
            store.submit(
                commands.IngestMessage(
                    source="gw",
                    channel="wechat",
                    external_id="w-0",
                    identity=ident,
                    body="again",
                    kind="text",
                )
            )
        )
        results = await asyncio.gather(*futures)
        with pytest.raises(OpError) as info:
            await bad
        assert info.value.code == "not_found"
        assert results[-1]["duplicate"] and results[-1]["message"] == results[0]["message"]
        assert len({r["conversation"] for r in results}) == 1
        done: asyncio.Future = asyncio.get_running_loop().create_future()
        store.submit_with(
            commands.RecordEvent(
                kind="test.ping", conversation=None, actor="test", payload={"n": 1}
            ),
            lambda ok, value: done.set_result((ok, value)),
        )
        ok, value = await done
        assert ok and value["seq"] == max(e.seq for e in committed)
    finally:
        await store.close()
    conn = sqlite3.connect(tmp_path / f"{mode}.db")
    rows = conn.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events ORDER BY seq"
    ).fetchall()
    assert verify_chain(rows).ok and [e.seq for e in committed] == [r[0] for r in rows]
    assert conn.execute("SELECT COUNT(*) FROM messages").fetchone() == (50,)


def test_writer_process_ends_with_its_server(tmp_path) -> None:
    db = tmp_path / "k.db"
    server = subprocess.Popen(
        [sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        server.stdout.readline()
        children = subprocess.run(
            ["pgrep", "-P", str(server.pid), "-f", "writer_process"], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 1
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        child = int(children[0])
        for _ in range(100):
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the writer process outlived its server")
    finally:
        server.kill()
