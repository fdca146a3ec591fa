"""Migration 0030 (SQLite): the CHECKs of messages and conversations written as equalities,
so that writing a row no longer builds a temporary b-tree of the allowed values."""

from __future__ import annotations

import sqlite3

import pytest

from loancs.store import commands, migrations
from loancs.store.audit import verify_log
from loancs.store.db import connect_sync
from loancs.store.tx import _GATHERED_MESSAGES
from loancs.store.writer import commit_batch, connect_writer

EDIT = "0030_checks_without_lists"


def _ingest(i: int) -> commands.IngestMessage:
    return commands.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"m-{i}",
        identity=commands.Identity(kind="wechat", value=f"o{i % 3:08d}"),
        body=f"t={i} 我想咨询一下房贷提前还款的违约金",
    )


def _write(conn: sqlite3.Connection, batch: list) -> list:
    results, _ = commit_batch(conn, lambda: 1_000, [(cmd, i) for i, cmd in enumerate(batch)])
    assert all(ok for _, ok, _ in results), results
    return [value for _, _, value in results]


def _builds_a_tree(conn: sqlite3.Connection, sql: str, params: int) -> bool:
    return any("Ephemeral" in row[1] for row in conn.execute("EXPLAIN " + sql, [None] * params))


def _refuses(conn: sqlite3.Connection, sql: str) -> bool:
    try:
        conn.execute(sql)
    except sqlite3.IntegrityError as exc:
        return "CHECK constraint failed" in str(exc)
    conn.execute("ROLLBACK") if conn.in_transaction else None
    return False


def test_a_database_from_before_keeps_its_rows_and_rules_and_writes_messages_without_a_tree(
    tmp_path, monkeypatch
) -> None:
    path = str(tmp_path / "old.db")
    before = [m for m in migrations.MIGRATIONS if m[0] != EDIT]
    with monkeypatch.context() as patch:  # a database made by the previous loancs
        patch.setattr(migrations, "MIGRATIONS", before)
        old = connect_writer(path, "NORMAL")
        migrations.apply_migrations(old)
        _write(old, [commands.CreateAgent(name="a", role="supervisor", token_hash="h")])
        answers = _write(old, [_ingest(i) for i in range(6)])
        _write(
            old,
            [
                commands.AgentReply(
                    conversation=answers[0]["conversation"],
                    agent_id=1,
                    agent_name="a",
                    role="supervisor",
                    body="您好",
                ),
                commands.SetStatus(
                    conversation=answers[1]["conversation"],
                    agent_id=None,
                    actor="agent:a",
                    role="supervisor",
                    status="pending",
                    kind="conversation.pending",
                ),
            ],
        )
    assert _builds_a_tree(old, _GATHERED_MESSAGES, 10)  # what every message paid before

    upgraded = connect_sync(path)  # a server starting on it migrates
    status = migrations.schema_status(upgraded)
    assert status["pending"] == [] and EDIT in {a["name"] for a in status["applied"]}
    assert upgraded.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert upgraded.execute("SELECT direction, COUNT(*) FROM messages GROUP BY 1").fetchall() == [
        ("in", 6),
        ("out", 1),
    ]

    writer = connect_writer(path, "NORMAL")
    for conn in (writer, upgraded, old):  # old: open before the migration, reads it again
        conn.execute("SELECT COUNT(*) FROM messages").fetchone()  # (EXPLAIN alone would not)
        assert not _builds_a_tree(conn, _GATHERED_MESSAGES, 10)
        assert not _builds_a_tree(conn, "UPDATE conversations SET status = ? WHERE id = 1", 1)
        # The rules are the same: a direction or a status not in the list is refused ...
        assert _refuses(
            conn,
            "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, channel)"
            " VALUES (1, 99, 1, 'sideways', 'x', 'x', 'wechat')",
        )
        assert _refuses(conn, "UPDATE conversations SET status = 'lost' WHERE id = 1")
        # ... NULL is refused by NOT NULL, as before; every listed value still passes.
        with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
            conn.execute("UPDATE conversations SET status = NULL WHERE id = 1")
    for status_value in ("snoozed", "resolved", "open", "pending"):
        writer.execute("UPDATE conversations SET status = ? WHERE id = 2", (status_value,))

    more = _write(writer, [_ingest(i) for i in range(6, 12)])
    assert [a["duplicate"] for a in _write(writer, [_ingest(3)])] == [True]
    assert len({a["message"] for a in more}) == 6
    assert verify_log(writer).ok
    for conn in (writer, upgraded, old):
        conn.close()


def test_a_new_database_gets_the_same_rules_written_as_equalities(tmp_path) -> None:
    conn = connect_sync(tmp_path / "new.db")
    tables = dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('messages', 'conversations')"
        ).fetchall()
    )
    assert (
        "CHECK (direction = 'in' OR direction = 'out' OR direction = 'note')"
        in (tables["messages"])
    )
    assert (
        "CHECK (status = 'open' OR status = 'pending' OR status = 'snoozed' OR status = 'resolved')"
    ) in tables["conversations"]
    assert conn.execute("PRAGMA writable_schema").fetchone() == (0,)
    assert migrations.apply_migrations(conn) == []  # applied once
    conn.close()
