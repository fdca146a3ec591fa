"""The writer's rows as SQLite stores them: an event's payload goes in as the UTF-8 bytes
that were hashed (stored as TEXT, not decoded to a str and encoded back by sqlite3), and a
batch's gathered rows are bound as slices of one flat list. What is stored must be exactly
what was written before: text payloads whose bytes are the hashed ones, a chain that
verifies, and the same rows whatever statement sizes (64, 16, one by one) a batch used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from loancs.core.eventlog import GENESIS_HASH, canonical_bytes, chain_digest
from loancs.store import commands as c
from loancs.store.audit import verify_log
from loancs.store.db import connect_sync
from loancs.store.privacy import Sealer
from loancs.store.search import fold_pending
from loancs.store.tx import Tx
from loancs.store.writer import commit_batch, connect_writer, senders_for

NOW = 1_790_000_000_000


def ingest(i: int, customer: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"m-{i}",
        identity=c.Identity(kind="wechat", value=f"oROWS{customer:012d}", name=f"客户{customer}"),
        body=f"我想问一下房贷 {i} 号 — ünïcödé ✓",
    )


def test_an_events_payload_is_kept_as_the_bytes_it_was_hashed_from(tmp_path: Path) -> None:
    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    tx = Tx(conn, NOW, 0, GENESIS_HASH)
    payload = {"note": "客户说 “明天” 再来", "n": 1}
    tx.append_event("note.added", None, "agent:测试", payload)
    assert tx.rows[-1][5] == canonical_bytes(payload)  # bytes, not decoded to a str
    tx.commit()
    row = conn.execute("SELECT typeof(payload), payload FROM events").fetchone()
    assert row == ("text", canonical_bytes(payload).decode())
    conn.close()


def test_a_batchs_rows_are_stored_as_written_whatever_statement_sizes_it_used(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn)
    clock = iter(range(NOW, NOW + 100_000)).__next__

    def run(commands: list[c.Command]) -> list[tuple]:
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(commands)], sealer, senders
        )
        return results

    # 40 first-time senders, then 64 + 16 + 5 returning ones in one batch (every statement
    # size), then a batch with a refused reply (redone command by command in savepoints).
    run([ingest(i, i) for i in range(40)])
    results = run([ingest(i, i % 40) for i in range(40, 125)])
    assert all(ok for _, ok, _ in results)
    results = run(
        [ingest(i, i % 40) for i in range(125, 130)]
        + [c.AgentReply(conversation=99_999, agent_id=1, agent_name="x", role="admin", body="b")]
        + [ingest(i, i % 40) for i in range(130, 150)]
    )
    assert [ok for _, ok, _ in results].count(False) == 1

    assert verify_log(conn).ok
    assert conn.execute("SELECT DISTINCT typeof(payload) FROM events").fetchall() == [("text",)]
    assert conn.execute("SELECT count(*) FROM events WHERE meta IS NOT NULL").fetchone()[0] > 150
    metas = conn.execute("SELECT DISTINCT typeof(meta) FROM events WHERE meta IS NOT NULL")
    assert metas.fetchall() == [("text",)]
    messages = conn.execute(
        "SELECT m.id, m.conversation_id, m.seq, m.author, m.body, m.external_id, c.customer_id"
        " FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY m.id"
    ).fetchall()
    assert [m[5] for m in messages] == [f"m-{i}" for i in range(150)]
    for i, (_, _, seq, author, body, _, customer) in enumerate(messages):
        assert body == ingest(i, 0).body
        assert author.startswith("oROW")
        assert customer == i % 40 + 1
        event = conn.execute("SELECT kind FROM events WHERE seq = ?", (seq,)).fetchone()
        assert event == ("message.received",)
    # Each conversation's activity is its last message's (once folded into the rows).
    fold_pending(conn)
    last = conn.execute(
        "SELECT c.id, c.unread, c.last_excerpt, (SELECT count(*) FROM messages m"
        " WHERE m.conversation_id = c.id), (SELECT m.body FROM messages m"
        " WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1) FROM conversations c"
    ).fetchall()
    assert len(last) == 40
    for _, unread, excerpt, count, body in last:
        assert unread == count
        assert excerpt == body
    conn.close()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()


def test_an_events_payload_is_bound_without_sqlite3s_adapters(
    tmp_path: Path, monkeypatch: object
) -> None:
    # sqlite3 binds exact str, int, float and bytearray at once; anything else (bytes, None)
    # is looked up in its adapters first, two attribute lookups that raise (~3.4k
    # instructions a value): an event's payload goes in as a bytearray, stored as the same
    # TEXT bytes. An adapter for bytes would see every payload bound as bytes.
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn)
    clock = iter(range(NOW, NOW + 1000)).__next__
    # (first-time senders' wrapped keys are bytes, bound through the adapters: not the path
    # of a returning sender's message)
    results, _ = commit_batch(conn, clock, [(ingest(i, i), i) for i in range(3)], sealer, senders)
    adapted: list[bytes] = []
    monkeypatch.setitem(
        sqlite3.adapters,
        (bytes, sqlite3.PrepareProtocol),
        lambda value: adapted.append(value) or value,
    )
    batch = [(ingest(i, i % 3), i) for i in range(3, 23)]
    results, _ = commit_batch(conn, clock, batch, sealer, senders)
    assert all(ok for _, ok, _ in results)
    assert adapted == []
    rows = conn.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events"
        " ORDER BY seq"
    ).fetchall()
    assert verify_log(conn).ok and len(rows) == 29  # 3 customers and conversations, 23 messages
    assert conn.execute("SELECT DISTINCT typeof(payload) FROM events").fetchall() == [("text",)]
    conn.close()


def test_hints_fill_what_a_returning_customers_conversation_does_not_know_yet(
    tmp_path: Path,
) -> None:
    # A later message's hints fill the conversation's unknown loan type, amount and credit
    # band (never one already known) and a new urgency replaces the old; the event says what
    # changed. Hints that change nothing write nothing.
    from decimal import Decimal

    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn)
    clock = iter(range(NOW, NOW + 1000)).__next__
    identity = c.Identity(kind="wechat", value="oHINTS000001")

    def send(i: int, **hints: object) -> dict:
        cmd = c.IngestMessage(
            source="gw",
            channel="wechat",
            external_id=f"h-{i}",
            identity=identity,
            body="房贷",
            hints=c.Hints(**hints) if hints else None,  # type: ignore[arg-type]
        )
        results, events = commit_batch(conn, clock, [(cmd, i)], sealer, senders)
        assert results[0][1], results
        return {k: v for k, v in events[-1].payload.items() if k in _HINTED}

    columns = "SELECT loan_type, amount_fen, credit_band, urgency FROM conversations"
    assert send(1) == {}
    assert conn.execute(columns).fetchall() == [(None, None, None, "normal")]
    changed = send(2, loan_type="car", amount=Decimal("50000.5"), credit_band="B")
    assert changed == {"loan_type": "car", "amount": "50000.50", "credit_band": "B"}
    assert conn.execute(columns).fetchall() == [("car", 5000050, "B", "normal")]
    changed = send(3, loan_type="mortgage", amount=Decimal("1"), urgency="complaint")
    assert changed == {"urgency": "complaint"}
    assert conn.execute(columns).fetchall() == [("car", 5000050, "B", "complaint")]
    assert send(4, loan_type="mortgage", credit_band="A", urgency="complaint") == {}
    assert conn.execute(columns).fetchall() == [("car", 5000050, "B", "complaint")]
    conn.close()


_HINTED = ("loan_type", "amount", "credit_band", "urgency")


def test_a_batchs_event_rows_bind_their_time_and_chain_link_once(tmp_path: Path) -> None:
    # Every event of a Tx has its time, and each row is compact (migration 0038): its
    # prev_hash is '' (the row before's hash, which its own hash covers), its hash the 32
    # bytes. A statement of n rows binds the time once and seven values a row. Each size
    # writes the rows a one-row statement writes.
    import re

    from loancs.store import tx as t

    for size in t._ROWS_AT_ONCE:
        sql = t._EVENTS_AT_ONCE[size]
        assert len(set(re.findall(r"\?\d+", sql))) == 1 + 7 * size
        assert "?," not in sql and "?)" not in sql  # (every parameter numbered)
    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    for events in (1, 15, 16, 17, 64, 65, 80, 81, 97, 200):
        conn.execute("BEGIN IMMEDIATE")
        tail = conn.execute(t.TAIL).fetchone()
        tx = Tx(conn, NOW + events, tail[0] if tail else 0, tail[1] if tail else GENESIS_HASH)
        for i in range(events):
            tx.append_event("note.added", i % 3 or None, f"agent:{i % 2}", {"i": i}, {"n": i})
        expected, prev = [], tx._hash
        for seq, ts, kind, conversation, actor, encoded, meta in tx.rows:
            text = t.stored_meta(meta)
            digest = chain_digest(prev, seq, ts, kind, conversation, actor, encoded, text.encode())
            expected.append((seq, ts, kind, conversation, actor, encoded, "", digest, text))
            prev = digest.hex()
        tx.commit()
        stored = conn.execute(
            "SELECT seq, ts, kind, conversation, actor, CAST(payload AS BLOB), prev_hash, hash,"
            " meta FROM events WHERE seq > ? ORDER BY seq",
            (expected[0][0] - 1,),
        ).fetchall()
        assert stored == [(*row[:5], bytes(row[5]), *row[6:]) for row in expected]
    rows = conn.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events"
        " ORDER BY seq"
    ).fetchall()
    assert len(rows) == 636
    assert verify_log(conn).ok
    conn.close()


def test_a_text_messages_kind_is_written_by_its_statement_the_rows_the_same(
    tmp_path: Path, monkeypatch
) -> None:
    # Nearly every customer message is of kind 'text' without an attachment: its row's
    # statement writes the kind itself (one text value fewer bound and copied a row). Other
    # kinds, and messages with an attachment, in the same batch are stored as before; ids
    # follow the batch's order whichever statement wrote a row.
    from loancs.store import tx as t

    for size in t._ROWS_AT_ONCE:
        assert t._TEXT_MESSAGES_AT_ONCE[size].count("'text'") == size
        assert t._TEXT_MESSAGES_AT_ONCE[size].count("?") == t._TEXT_MESSAGE_VALUES * size
    written: list[tuple[str, int]] = []
    flat = t._write_flat

    def write_flat(conn, one, at_once, values, width):  # noqa: ANN001, ANN202
        written.append((one, len(values) // width))
        flat(conn, one, at_once, values, width)

    monkeypatch.setattr(t, "_write_flat", write_flat)
    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    senders, sealer = senders_for(conn), Sealer(bytes(32))
    clock = iter(range(NOW, NOW + 100_000)).__next__

    def message(i: int) -> c.IngestMessage:
        cmd = ingest(i, i % 30)
        cmd.identity = c.Identity(kind="wechat", value=f"oTEXT{i % 30:012d}")  # (no name)
        if i >= 110 and i % 3 == 0:
            cmd.kind = "image"
        elif i >= 110 and i % 3 == 1:
            cmd.kind = "file"
            cmd.attachment = c.Attachment(kind="file", ref=f"ref-{i}", mime="application/pdf")
        return cmd

    # First-time senders, then 80 returning ones' text messages, then other kinds among them.
    for first, end in (0, 30), (30, 110), (110, 131):
        batch = [message(i) for i in range(first, end)]
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(batch)], sealer, senders
        )
        assert all(ok for _, ok, _ in results)
    rows = conn.execute(
        "SELECT id, direction, kind, typeof(kind), body, channel, external_id,"
        " attachment IS NOT NULL FROM messages ORDER BY id"
    ).fetchall()
    assert [row[0] for row in rows] == list(range(1, 132))
    for i, (_, direction, kind, kind_type, body, channel, external_id, attached) in enumerate(rows):
        cmd = message(i)
        assert (direction, kind, kind_type) == ("in", cmd.kind, "text")
        assert (body, channel, external_id) == (cmd.body, "wechat", f"m-{i}")
        assert attached == (cmd.attachment is not None)
    # The returning senders' 80 text messages went in through the statements that write it.
    assert (t._GATHERED_TEXT_MESSAGES, 80) in written
    assert all(n == 0 or one != t._GATHERED_PLAIN_MESSAGES or n < 80 for one, n in written)
    rows = conn.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events"
        " ORDER BY seq"
    ).fetchall()
    assert verify_log(conn).ok
    conn.close()


def test_returning_senders_with_a_name_have_their_messages_written_together(
    tmp_path: Path, monkeypatch
) -> None:
    # A returning sender's identity carrying a name sets the customer's name if it had none.
    # That UPDATE goes apart from the batch's gathered messages: before, it wrote them first,
    # so each such message was written alone (a statement of one row each).
    from loancs.store import tx as t

    written: list[int] = []
    flat = t._write_flat

    def write_flat(conn, one, at_once, values, width):  # noqa: ANN001, ANN202
        if one.startswith("INSERT INTO messages"):
            written.append(len(values) // width)
        flat(conn, one, at_once, values, width)

    monkeypatch.setattr(t, "_write_flat", write_flat)
    path = str(tmp_path / "rows.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    senders, sealer = senders_for(conn), Sealer(bytes(32))
    clock = iter(range(NOW, NOW + 100_000)).__next__

    def message(i: int, named: bool) -> c.IngestMessage:
        cmd = ingest(i, i % 30)
        name = f"客户{i % 30}-{i}" if named and i % 30 < 20 else None  # 10 never named
        cmd.identity = c.Identity(kind="wechat", value=f"oNAME{i % 30:012d}", name=name)
        return cmd

    updates: list[str] = []
    conn.set_trace_callback(updates.append)
    # (the third batch's senders are known to have their names: no UPDATE at all)
    for first, end, named, updated in (
        (0, 30, False, False),
        (30, 110, True, True),
        (
            110,
            190,
            True,
            False,
        ),
    ):
        written.clear()
        updates.clear()
        batch = [message(i, named) for i in range(first, end)]
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(batch)], sealer, senders
        )
        assert all(ok for _, ok, _ in results)
        assert written == [end - first]  # (all of them in one go: 64 + 16 rows, or 30)
        # (the batch's names in one statement, not an UPDATE a message)
        assert not [u for u in updates if u.startswith("UPDATE customers SET name = '")]
        assert any(u.startswith("UPDATE customers SET name = n.value") for u in updates) == updated
    conn.set_trace_callback(None)
    names = conn.execute(
        "SELECT c.name FROM customers c JOIN customer_identities i ON i.customer_id = c.id"
        " ORDER BY i.value"
    ).fetchall()
    # Each customer's first name in a batch is the one set (as one UPDATE a message did).
    assert names == [(f"客户{k}-{30 + k}",) for k in range(20)] + [(None,)] * 10
    rows = conn.execute(
        "SELECT id, conversation_id, external_id FROM messages ORDER BY id"
    ).fetchall()
    assert [row[2] for row in rows] == [f"m-{i}" for i in range(190)]
    assert len({row[1] for row in rows}) == 30
    conn.close()


def test_a_known_senders_name_is_not_set_again_until_something_else_may_have_cleared_it(
    tmp_path: Path,
) -> None:
    """The writer remembers which of its known senders' customers have a name (their name
    UPDATE committed): their next messages run no name UPDATE. Another connection's commit
    (here one that clears a name) makes it forget, and the name is set again, as the
    UPDATE a message always did."""
    path = str(tmp_path / "names.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    senders, sealer = senders_for(conn), Sealer(bytes(32))
    clock = iter(range(NOW, NOW + 100_000)).__next__
    statements: list[str] = []
    conn.set_trace_callback(statements.append)

    def batch(first: int, end: int) -> list[str]:
        statements.clear()
        commands = []
        for i in range(first, end):
            cmd = ingest(i, i % 10)
            cmd.identity = c.Identity(kind="wechat", value=f"oNAME{i % 10:012d}", name=f"名{i}")
            commands.append(cmd)
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(commands)], sealer, senders
        )
        assert all(ok for _, ok, _ in results)
        return [sql for sql in statements if sql.startswith("UPDATE customers")]

    batch(0, 10)  # first-time senders: created with their names
    assert batch(10, 30)  # returning: the UPDATE (it finds the names set)
    assert not batch(30, 50)  # known to be named: none
    other = sqlite3.connect(path)
    other.execute("UPDATE customers SET name = NULL WHERE id = 3")
    other.commit()
    other.close()
    assert batch(50, 70)  # another connection committed: asked again, and set
    assert not batch(70, 80)
    conn.set_trace_callback(None)
    names = conn.execute("SELECT id, name FROM customers ORDER BY id").fetchall()
    assert names == [(k + 1, "名3" if k == 2 else f"名{k}") for k in range(10)][:2] + [
        (3, "名52")
    ] + [(k + 1, f"名{k}") for k in range(3, 10)]
    conn.close()
