"""SQLite's event rows are compact (migration 0038_compact_event_rows): the meta's seven
conversation facts as a JSON array, prev_hash '' (the row before's hash, which the row's own
hash covers) and the hash as its 32 bytes. Every reader gives what it gave before: the chain
verifies across rows written before and after (and breaks where a row is changed, dropped or
its hash altered), export lists each event's prev_hash and hash as hex, a server reading the
log gets each event's meta as the dict it was written from."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from loancs.core.convmeta import FIELDS
from loancs.core.eventlog import GENESIS_HASH, canonical_payload, event_hash
from loancs.store import commands as c
from loancs.store import export
from loancs.store.audit import verify_log
from loancs.store.db import Store, connect_sync
from loancs.store.migrations import MIGRATIONS
from loancs.store.privacy import Sealer
from loancs.store.tx import decode_meta, stored_meta
from loancs.store.writer import commit_batch, connect_writer, senders_for

NOW = 1_790_000_000_000


def ingest(i: int, customer: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"m-{i}",
        identity=c.Identity(kind="wechat", value=f"oCOMPACT{customer:012d}"),
        body=f"我想问一下房贷 {i} 号",
        hints=c.Hints(loan_type="mortgage"),
    )


def _old_rows(conn: sqlite3.Connection, count: int) -> str:
    """``count`` events written as loancs wrote them before 0038 (prev_hash and hash as hex,
    meta as an object); returns the last hash."""
    prev = GENESIS_HASH
    meta = '{"channel":"wechat","assigned":null,"status":"open"}'
    for seq in range(1, count + 1):
        payload = canonical_payload({"note": f"before {seq}"})
        digest = event_hash(prev, seq, NOW, "note.added", None, "agent:old", payload)
        conn.execute(
            "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash,"
            " meta) VALUES (?, ?, 'note.added', NULL, 'agent:old', ?, ?, ?, ?)",
            (seq, NOW, payload, prev, digest, meta),
        )
        prev = digest
    # (a database migrated to 0039_meta_under_hash after these rows: meta covered after them)
    conn.execute("UPDATE chain_forms SET since = ? WHERE name = 'meta'", (count + 1,))
    return prev


def _write(path: str, batches: list[list[c.Command]]) -> list:
    conn = connect_writer(path, "NORMAL")
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn)
    clock = iter(range(NOW, NOW + 100_000)).__next__
    events = []
    for commands in batches:
        results, committed = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(commands)], sealer, senders
        )
        assert all(ok for _, ok, _ in results)
        events += committed
    conn.close()
    return events


def test_the_writers_event_rows_are_compact_and_read_back_as_written(tmp_path: Path) -> None:
    path = str(tmp_path / "compact.db")
    connect_sync(path).close()
    assert "0038_compact_event_rows" in [name for name, _ in MIGRATIONS]
    # first-time senders, then 64 + 16 + 5 returning ones (every statement size)
    events = _write(
        path, [[ingest(i, i) for i in range(30)], [ingest(i, i % 30) for i in range(30, 115)]]
    )
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT seq, prev_hash, typeof(hash), length(hash), meta FROM events ORDER BY seq"
    ).fetchall()
    assert len(rows) == len(events) == 175  # 30 customers and conversations, 115 messages
    assert {(r[1], r[2], r[3]) for r in rows} == {("", "blob", 32)}
    by_seq = {e.seq: e for e in events}
    metas = [(seq, meta) for seq, _, _, _, meta in rows if meta is not None]
    assert len(metas) == 145
    for seq, meta in metas:
        written = dict(by_seq[seq].meta)
        assert set(written) == set(FIELDS)
        assert meta == stored_meta(written) and meta.startswith('["wechat",')
        assert decode_meta(meta) == written
    assert verify_log(conn).ok and verify_log(conn).checked == 175
    conn.close()

    async def read_back() -> list:
        store = Store(path, master_key=bytes(range(32)), writer="thread")
        await store.open()
        try:
            return await store.events_after(0, 1000, meta=True)
        finally:
            await store.close()

    read = asyncio.run(read_back())
    assert [(e.seq, e.meta) for e in read] == [
        (e.seq, None if e.meta is None else dict(e.meta)) for e in events
    ]
    assert {type(e.meta) for e in read} == {dict, type(None)}


def test_the_chain_verifies_across_old_and_compact_rows_and_breaks_where_changed(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "mixed.db")
    conn = connect_sync(path)
    last_old = _old_rows(conn, 5)
    conn.commit()
    conn.close()
    _write(path, [[ingest(i, i % 4) for i in range(20)], [ingest(i, i % 4) for i in range(20, 40)]])
    conn = sqlite3.connect(path)
    assert verify_log(conn).ok and verify_log(conn).checked == 5 + 4 * 2 + 40
    first_compact = conn.execute("SELECT prev_hash, hash FROM events WHERE seq = 6").fetchone()
    assert first_compact[0] == "" and len(first_compact[1]) == 32

    # export lists every event's links as hex, the first compact row's the last old hash
    listed = list(export.rows(conn, "events", 0, NOW * 2, False, ZoneInfo("UTC")))
    assert [e["seq"] for e in listed] == list(range(1, 54))
    assert listed[5]["prev_hash"] == last_old
    for before, event in zip(listed, listed[1:], strict=False):
        assert event["prev_hash"] == before["hash"] and len(event["hash"]) == 64
    assert listed[0]["prev_hash"] == GENESIS_HASH
    # a range that starts at a compact row still gives its prev_hash
    later = list(export.rows(conn, "events", NOW + 1, NOW * 2, False, ZoneInfo("UTC")))
    assert later and later[0]["prev_hash"] == listed[later[0]["seq"] - 2]["hash"]

    def broken(change: str) -> tuple[bool, int | None]:
        copy = sqlite3.connect(":memory:")
        conn.backup(copy)
        copy.execute(change)
        report = verify_log(copy)
        return report.ok, report.broken_seq

    assert broken("UPDATE events SET actor = actor || '!' WHERE seq = 30") == (False, 30)
    assert broken("UPDATE events SET payload = payload || ' ' WHERE seq = 7") == (False, 7)
    assert broken("UPDATE events SET hash = zeroblob(32) WHERE seq = 12") == (False, 12)
    assert broken("UPDATE events SET prev_hash = hash WHERE seq = 9") == (False, 9)
    assert broken("DELETE FROM events WHERE seq = 20") == (False, 21)
    assert broken("UPDATE events SET ts = ts + 1 WHERE seq = 53") == (False, 53)
    conn.close()
