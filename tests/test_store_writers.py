"""Both writers (a thread, or a child process beside the websocket loop) keep the same
contract: acks after commit, one refused op does not spoil its batch, a hash chain that
verifies, and the child process goes away with its server."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from multiprocessing import Pipe

import msgspec
import pytest

from loancs.store import commands, reports
from loancs.store.audit import verify_log
from loancs.store.db import Store
from loancs.store.search import fold_pending
from loancs.store.writer import OpError, connect_writer
from loancs.store.writer_process import (
    Answer,
    Answers,
    Checkpointer,
    SqliteFolder,
    WalSyncer,
    wal_to_sync,
)


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
    assert verify_log(conn).ok and [e.seq for e in committed] == [r[0] for r in rows]
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


def _ingest(i: int) -> commands.IngestMessage:
    return commands.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"k-{i}",
        identity=commands.Identity(kind="wechat", value=f"oKILL{i % 7:015d}"),
        body=f"message {i}",
        kind="text",
    )


def _events(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT seq FROM events ORDER BY seq").fetchall()
    finally:
        conn.close()


def _verify(path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return verify_log(conn).ok
    finally:
        conn.close()


async def test_process_writer_with_full_sync_keeps_every_ack_through_kill_9(tmp_path) -> None:
    """synchronous=FULL in the child: COMMIT does not wait for the disk, a thread syncs the
    WAL before the answers leave, and the next batches are applied meanwhile. Whatever was
    acknowledged is in the file after the child is killed, and the chain verifies."""
    path = tmp_path / "full.db"
    store = Store(path, synchronous="FULL", writer="process")
    await store.open()
    try:
        # Several waves in flight at once: batches are committed while earlier ones sync.
        waves = [
            [store.submit(_ingest(i)) for i in range(w * 150, w * 150 + 150)] for w in range(4)
        ]
        acked = await asyncio.wait_for(asyncio.gather(*(f for wave in waves for f in wave)), 30)
        assert len({a["message"] for a in acked}) == 600
        store.writer._proc.kill()  # type: ignore[union-attr]  # kill -9 of the writer child
        store.writer._proc.wait(10)  # type: ignore[union-attr]
        conn = sqlite3.connect(path)
        try:
            kept = {row[0] for row in conn.execute("SELECT id FROM messages")}
        finally:
            conn.close()
        assert {a["message"] for a in acked} <= kept
        assert _verify(path)
    finally:
        await store.close()
    assert _verify(path)


def test_wal_syncer_answers_in_order_only_after_the_wal_is_synced(tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "s.db").symlink_to(tmp_path / "data" / "s.db")  # the WAL is beside the file
    path = str(tmp_path / "s.db")
    conn = connect_writer(path, "FULL")
    wal = wal_to_sync(conn, "FULL")
    assert wal == str(tmp_path / "data" / "s.db-wal")
    assert conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL: no fsync in COMMIT
    conn.execute("CREATE TABLE t (x)")
    receive, send = Pipe(duplex=False)
    syncer = WalSyncer(send, msgspec.msgpack.Encoder(), wal)
    started = time.perf_counter()
    for token in (1, 2, 3):
        conn.execute("INSERT INTO t VALUES (?)", (token,))
        syncer.put(Answers([Answer(token, True)], [], 0.0), started, True)
    tokens = []
    for _ in range(3):
        assert receive.poll(10)
        answers = msgspec.msgpack.decode(receive.recv_bytes(), type=Answers)
        assert syncer.syncs >= 1  # nothing is answered before an fdatasync covered it
        assert answers.seconds >= 0
        tokens += [a.token for a in answers.answers]
    assert tokens == [1, 2, 3]
    syncer.close()
    conn.close()
    # NORMAL (or a journal that is no WAL) commits as configured, no thread, no syncs.
    other = connect_writer(str(tmp_path / "n.db"), "NORMAL")
    assert wal_to_sync(other, "NORMAL") is None
    other.close()


def test_the_wal_is_checkpointed_beside_the_writer_not_in_its_commits(tmp_path) -> None:
    """SQLite: a COMMIT past 1,000 WAL pages no longer copies the WAL into the database file
    (that commit took ~40 ms, and every message behind it waited); the writer child's
    checkpoint thread does it, and the database file catches up."""
    path = str(tmp_path / "c.db")
    conn = connect_writer(path, "FULL")
    conn.execute("CREATE TABLE t (x BLOB)")
    checkpointer = Checkpointer.beside(conn, every=3600)  # its first round: an hour away
    assert checkpointer is not None
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (Checkpointer.BACKSTOP_PAGES,)

    def in_file() -> int:
        """Rows the database file itself holds (a copy of it without its WAL; 0 when not
        even the table is there yet, or the copy caught a checkpoint half-way)."""
        copy = tmp_path / "copy.db"
        for leftover in (copy, tmp_path / "copy.db-wal", tmp_path / "copy.db-shm"):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(path, copy)
        reader = sqlite3.connect(copy)
        try:
            return reader.execute("SELECT count(*) FROM t").fetchone()[0]
        except sqlite3.DatabaseError:
            return 0
        finally:
            reader.close()

    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO t VALUES (randomblob(4000))", [()] * 1500)  # ~1,500 pages
    conn.execute("COMMIT")
    assert in_file() == 0  # the commit did not checkpoint
    checkpointer.close()
    checkpointer = Checkpointer(path, every=0.05)
    deadline = time.monotonic() + 30
    while in_file() < 1500 and time.monotonic() < deadline:
        time.sleep(0.1)
    checkpointer.close()
    assert in_file() == 1500  # (copied with no checkpoint running)
    conn.close()
    # PostgreSQL checkpoints on its own; a database in memory has no WAL: no thread.
    memory = sqlite3.connect(":memory:")
    assert Checkpointer.beside(memory) is None
    memory.close()


def test_a_checkpoint_failing_every_round_is_logged_once_then_its_recovery(
    tmp_path, caplog
) -> None:
    """A full disk failed the checkpoint twice a second and logged each failure: an
    operator's log filled with the same line. Now: once, then once when it works again."""
    missing = tmp_path / "not-yet"  # every round fails: the directory is not there
    database = str(missing / "x.db")
    caplog.set_level("WARNING", logger="loancs.store")
    checkpointer = Checkpointer(database, every=0.02)
    try:
        time.sleep(0.5)  # ~25 failed rounds
        failed = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
        assert len(failed) == 1 and "unable to open database file" in failed[0], failed
        missing.mkdir()  # the operator frees the path: the next round works
        deadline = time.monotonic() + 10
        while not any("works again" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline, [r.getMessage() for r in caplog.records]
            time.sleep(0.02)
        time.sleep(0.2)
    finally:
        checkpointer.close()
    assert [r.getMessage() for r in caplog.records if r.name == "loancs.store"] == [
        f"checkpoint of {database} failed: unable to open database file",
        f"checkpoint of {database} works again",
    ]


def test_a_failed_wal_sync_ends_the_writer_child_without_an_answer(tmp_path) -> None:
    script = f"""
import msgspec, os, time
from multiprocessing import Pipe
from loancs.store.writer_process import Answer, Answers, WalSyncer
receive, send = Pipe(duplex=False)
syncer = WalSyncer(send, msgspec.msgpack.Encoder(), {str(tmp_path / "gone.db-wal")!r})
syncer.put(Answers([Answer(1, True)], [], 0.0), time.perf_counter(), True)
time.sleep(10)
print("answered" if receive.poll(0) else "not answered")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 70, done
    assert "answered" not in done.stdout and "fdatasync" in done.stderr


REPORT_TABLES = ("report_hourly", "report_daily", "report_conversations", "report_state")


def _reports(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in REPORT_TABLES}


def _folded_from_scratch(path) -> dict[str, list[tuple]]:
    """The report tables as one fold of the whole log gives them (on a copy)."""
    copy = path.with_name("scratch.db")
    shutil.copyfile(path, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        for table in REPORT_TABLES:
            conn.execute(f"DELETE FROM {table}")
        reports.catch_up(conn)
        return _reports(conn)
    finally:
        conn.close()


async def test_sqlite_folds_reports_beside_the_writer_with_the_same_result(tmp_path) -> None:
    """The writer child folds the reports in a thread of its own (a read snapshot, then the
    writes between two batches), not in the writer's batches: the aggregates are those of
    one fold of the whole log, and messages keep committing around the folds."""
    path = tmp_path / "f.db"
    store = Store(path, synchronous="FULL", writer="process")
    await store.open()
    try:
        folded = 0
        for start in (0, 40):
            folds = [store.submit(commands.RollupReports()) for _ in range(2)]
            acks = await asyncio.gather(
                *(store.submit(_ingest(i)) for i in range(start, start + 40))
            )
            assert all(a["message"] for a in acks)
            folded += sum(r["folded"] for r in await asyncio.gather(*folds))
        folded += (await store.submit(commands.RollupReports()))["folded"]
        assert folded == len(_events(path))  # every event folded once
    finally:
        await store.close()
    conn = sqlite3.connect(path)
    try:
        assert _reports(conn) == _folded_from_scratch(path)
        assert conn.execute("SELECT n FROM report_hourly WHERE metric = 'msg_in'").fetchall()
    finally:
        conn.close()


async def _ingested(path, n: int):
    """A SQLite store at ``path`` that took ``n`` customers' messages (_ingest), closed."""
    store = Store(path, synchronous="NORMAL", writer="thread")
    await store.open()
    try:
        await asyncio.gather(*(store.submit(_ingest(i)) for i in range(n)))
    finally:
        await store.close()
    return path


async def test_a_fold_folded_meanwhile_by_another_process_is_not_counted_twice(
    tmp_path, monkeypatch
) -> None:
    """The fold is computed on a snapshot and written later: if ``loancs report`` (another
    process) folded the same events in between, the watermark says so and nothing is
    added twice."""
    path = await _ingested(tmp_path / "r.db", 30)
    computed = reports.fold_plan

    def raced(conn, limit):
        plan = computed(conn, limit)
        if plan is not None and not raced.done:  # another process folds right now
            raced.done = True
            other = sqlite3.connect(path, isolation_level=None)
            assert reports.catch_up(other) == plan.folded
            other.close()
        return plan

    raced.done = False
    monkeypatch.setattr(reports, "fold_plan", raced)
    receive, send = Pipe(duplex=False)
    folder = SqliteFolder(str(path), WalSyncer(send, msgspec.msgpack.Encoder(), None))
    folder.put(7, commands.RollupReports())
    assert receive.poll(30)
    answer = msgspec.msgpack.decode(receive.recv_bytes(), type=Answers).answers[0]
    folder.close()
    assert raced.done and answer.token == 7 and answer.ok and answer.value["folded"] == 0
    conn = sqlite3.connect(path)
    try:
        assert _reports(conn) == _folded_from_scratch(path)
    finally:
        conn.close()


async def test_a_fold_counts_customers_messages_without_reading_their_text(
    tmp_path, monkeypatch
) -> None:
    """Customers' messages are most of the log and the fold counts them by kind, time and
    conversation: their payloads (the sealed text) are not read or decoded, only those of the
    events whose payload the reports use; the counts are the same."""
    path = await _ingested(tmp_path / "m.db", 40)
    decoded: list[str] = []
    decode = reports.decode_payload
    monkeypatch.setattr(
        reports, "decode_payload", lambda text: decoded.append(text) or decode(text)
    )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert reports.catch_up(conn) == len(_events(path))
        messages = conn.execute(
            "SELECT payload FROM events WHERE kind = 'message.received'"
        ).fetchall()
        others = conn.execute(
            "SELECT payload FROM events WHERE kind != 'message.received' ORDER BY seq"
        ).fetchall()
        assert len(messages) == 40 and not {p for (p,) in messages} & set(decoded)
        assert decoded == [p for (p,) in others]  # 7 customers and their conversations
        assert conn.execute(
            "SELECT SUM(n) FROM report_hourly WHERE metric = 'msg_in'"
        ).fetchone() == (40,)
        assert conn.execute(
            "SELECT SUM(n) FROM report_hourly WHERE metric = 'opened'"
        ).fetchone() == (7,)
    finally:
        conn.close()


def test_a_customers_message_is_masked_for_agents_once(tmp_path, monkeypatch) -> None:
    """The writer masks a customer's message once: the conversation's excerpt is cut from the
    masked text and the event says when there was nothing to mask (``plain``), so the hub
    sends it to agents without scanning it again; a mobile number is still masked in both."""
    from loancs.core.visibility import Viewer
    from loancs.server import hub as hub_module
    from loancs.store.migrations import apply_migrations
    from loancs.store.privacy import Sealer
    from loancs.store.writer import commit_batch

    path = tmp_path / "p.db"
    conn = connect_writer(str(path), "NORMAL")
    apply_migrations(conn)
    said = {
        "k-plain": "t=1796211647.081757 我想咨询一下提前还款的违约金",
        "k-mobile": "我的手机是13800138000，请回电",
    }
    batch = [
        (
            commands.IngestMessage(
                source="gw",
                channel="wechat",
                external_id=key,
                identity=commands.Identity(kind="wechat", value=f"o{key}"),
                body=body,
            ),
            key,
        )
        for key, body in said.items()
    ]
    results, events = commit_batch(conn, lambda: 1_000, batch, Sealer(os.urandom(32)))
    assert all(ok for _, ok, _ in results)
    received = {e.payload["external_id"]: e for e in events if e.kind == "message.received"}
    assert received["k-plain"].plain and not received["k-mobile"].plain
    fold_pending(conn)  # the batch's activity into the rows, as the writer does within a second
    excerpts = dict(
        conn.execute(
            "SELECT m.external_id, c.last_excerpt FROM conversations c"
            " JOIN messages m ON m.conversation_id = c.id"
        ).fetchall()
    )
    conn.close()
    assert excerpts == {"k-plain": said["k-plain"], "k-mobile": "我的手机是138****8000，请回电"}

    scanned: list[dict] = []
    masked_for_agents = hub_module.masked_for_agents

    def counted(payload):
        scanned.append(payload)
        return masked_for_agents(payload)

    monkeypatch.setattr(hub_module, "masked_for_agents", counted)
    hub, agent = hub_module.Hub(), Viewer(role="agent", agent_id=1)
    frames = {
        key: msgspec.json.decode(hub.frame_for_viewer(agent, e)) for key, e in received.items()
    }
    assert frames["k-plain"]["payload"]["body"] == said["k-plain"]
    assert frames["k-mobile"]["payload"]["body"] == "我的手机是138****8000，请回电"
    assert scanned == [received["k-mobile"].payload]  # the plain one was not scanned again


async def test_the_writer_childs_fold_takes_more_events_than_asked_at_once(tmp_path) -> None:
    """The server asks for folds of a few hundred events; beside the writer a fold takes up
    to ``SqliteFolder.STEP`` at once (one set of reads, one write transaction for all of
    them), with the same figures as one fold of the whole log."""
    path = await _ingested(tmp_path / "s.db", 40)
    receive, send = Pipe(duplex=False)
    folder = SqliteFolder(str(path), WalSyncer(send, msgspec.msgpack.Encoder(), None))
    folder.put(3, commands.RollupReports(limit=10))
    assert receive.poll(30)
    answer = msgspec.msgpack.decode(receive.recv_bytes(), type=Answers).answers[0]
    folder.close()
    assert answer.ok and answer.value["folded"] == len(_events(path)) > 40
    conn = sqlite3.connect(path)
    try:
        assert _reports(conn) == _folded_from_scratch(path)
    finally:
        conn.close()


async def test_a_customers_message_answers_without_the_conversations_facts(tmp_path) -> None:
    """The answer of every customer message crosses the writer's pipe and is decoded by the
    server: it says what the ack needs, and the conversation's facts come once, with the
    event (what the hub keeps and routes by)."""
    store = Store(tmp_path / "answer.db", synchronous="NORMAL", writer="process")
    committed: list = []
    store.on_commit(committed.extend)
    await store.open()
    try:
        result = await store.submit(
            commands.IngestMessage(
                source="gw",
                channel="wechat",
                external_id="a-1",
                identity=commands.Identity(kind="wechat", value="oANSWER000000000001"),
                body="你好",
                kind="text",
                hints=commands.Hints(loan_type="car"),
            )
        )
    finally:
        await store.close()
    assert set(result) == {"seq", "conversation", "message", "duplicate", "opened", "customer"}
    received = next(e for e in committed if e.kind == "message.received")
    assert received.seq == result["seq"]
    assert received.meta is not None
    assert received.meta["loan_type"] == "car" and received.meta["status"] == "open"


async def test_a_fold_beside_the_writer_leaves_it_the_senders_it_knows(tmp_path) -> None:
    """The fold's result is written through the writer's own connection (between its
    batches): a commit of another connection would make the writer forget the senders it
    knows and look each one up again after every fold. Reports are the same as one fold
    of the whole log."""
    from loancs.store.keys import load_master_key
    from loancs.store.privacy import Sealer
    from loancs.store.writer import commit_batch, senders_for

    path = await _ingested(tmp_path / "w.db", 40)
    conn = connect_writer(str(path), "NORMAL")
    senders = senders_for(conn)
    sealer = Sealer(load_master_key(path))

    def batch(first: int) -> list[str]:
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        results, _ = commit_batch(
            conn,
            lambda: int(time.time() * 1000),
            [(_ingest(i), i) for i in range(first, first + 7)],
            sealer,
            senders,
        )
        conn.set_trace_callback(None)
        assert all(ok for _, ok, _ in results)
        return [sql for sql in statements if "customer_identities" in sql]

    assert batch(100)  # the senders looked up ...
    assert not batch(200)  # ... and known
    receive, send = Pipe(duplex=False)
    folder = SqliteFolder(str(path), WalSyncer(send, msgspec.msgpack.Encoder(), None), conn)
    folder.put(5, commands.RollupReports())
    assert receive.poll(30)
    answer = msgspec.msgpack.decode(receive.recv_bytes(), type=Answers).answers[0]
    folder.close()
    assert answer.ok and answer.value["folded"] == len(_events(path))
    assert not batch(300)  # still known after the fold
    conn.close()
    check = sqlite3.connect(path)
    try:
        assert reports.watermark(check) < len(_events(path))  # batch 300 is not folded yet
        assert reports.catch_up(check) == 7
        assert _reports(check) == _folded_from_scratch(path)
    finally:
        check.close()
