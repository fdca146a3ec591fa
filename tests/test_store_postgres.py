"""A lender's SQLite data moves into a real PostgreSQL (`loancs db copy`), chain included,
and `loancs audit verify --db postgresql://...` passes there; a server then runs on the copy
(same accounts, same conversations and search, the chain continues); a tampered row is
found."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import asyncpg
from typer.testing import CliRunner

from loancs.cli import app
from loancs.client import LoancsClient
from loancs.core import protocol as p
from loancs.demo.seed import DemoAccounts, seed
from loancs.server.app import LoancsServer
from tests.conftest import make_config

runner = CliRunner()


def test_db_copy_moves_everything_and_the_chain_verifies_in_postgres(tmp_path, postgres):
    db = tmp_path / "lender.db"
    accounts = asyncio.run(seed(db, int(time.time() * 1000)))
    url = postgres.create_database("copy_round_trip")
    result = runner.invoke(app, ["db", "copy", "--from", f"sqlite://{db}", "--to", url])
    assert result.exit_code == 0, result.output
    assert "events verify in PostgreSQL" in result.output

    verified = runner.invoke(app, ["audit", "verify", "--db", url])
    assert verified.exit_code == 0, verified.output
    assert verified.output.startswith("all ") and "events verify" in verified.output

    lite = sqlite3.connect(db)
    copied_seq = lite.execute("SELECT max(seq) FROM events").fetchone()[0]
    asyncio.run(_serve_the_copy(url, db, accounts, lite, copied_seq))
    verified = runner.invoke(app, ["audit", "verify", "--db", url])
    assert verified.exit_code == 0, verified.output
    checked = int(verified.output.split()[1])
    assert checked > copied_seq  # the copied chain and what the server appended to it

    async def compare() -> tuple[int, int, list[str]]:
        pg = await asyncpg.connect(url)
        try:
            events = await pg.fetchval("SELECT count(*) FROM events")
            conversations = await pg.fetchval("SELECT count(*) FROM conversations")
            migrations = [r[0] for r in await pg.fetch("SELECT name FROM schema_migrations")]
            # A new row gets the next id, after the copied ones.
            await pg.execute("INSERT INTO customers (name, created_at) VALUES ('new', 0)")
            return events, conversations, migrations
        finally:
            await pg.close()

    events, conversations, migrations = asyncio.run(compare())
    assert events == checked > 50
    # the copied conversations and the one the new customer opened
    assert conversations == lite.execute("SELECT count(*) FROM conversations").fetchone()[0] + 1
    assert sorted(migrations) == sorted(
        r[0] for r in lite.execute("SELECT name FROM schema_migrations")
    )

    again = runner.invoke(app, ["db", "copy", "--from", f"sqlite://{db}", "--to", url])
    assert again.exit_code == 2 and "already holds data" in again.output

    async def analyzed() -> set[tuple[str, str]]:
        """What ANALYZE (autovacuum's, here by hand) keeps statistics of."""
        pg = await asyncpg.connect(url)
        try:
            await pg.execute("ANALYZE events, messages")
            rows = await pg.fetch(
                "SELECT tablename, attname FROM pg_stats WHERE schemaname = current_schema()"
                " AND tablename IN ('events', 'messages')"
            )
            return {(r["tablename"], r["attname"]) for r in rows}
        finally:
            await pg.close()

    # Migration 0021: none of the wide columns no query filters on (ANALYZE's CPU, halved).
    kept = asyncio.run(analyzed())
    assert {("events", "conversation"), ("events", "kind"), ("messages", "external_id")} <= kept
    wide = {("events", c) for c in ("payload", "prev_hash", "hash", "meta")}
    assert not kept & (wide | {("messages", "body")})

    async def tamper() -> None:
        pg = await asyncpg.connect(url)
        try:
            await pg.execute("UPDATE events SET actor = actor || '!' WHERE seq = 20")
        finally:
            await pg.close()

    asyncio.run(tamper())
    broken = runner.invoke(app, ["audit", "verify", "--db", url])
    assert broken.exit_code == 1 and "BROKEN at seq 20" in broken.output


async def _serve_the_copy(
    url: str, db, accounts: DemoAccounts, lite: sqlite3.Connection, copied_seq: int
) -> None:
    """A server on the copy (the SQLite database's master key: the sealed personal data
    reads back) answers as the SQLite one did, searches, and continues the chain."""
    server = LoancsServer(make_config(url, master_key_file=f"{db}.key"))
    await server.start()
    sup = LoancsClient(server.url, accounts.tokens["supervisor"], subscribe=False)
    wechat = LoancsClient(server.url, accounts.tokens["wechat"], subscribe=False)
    try:
        await sup.start()
        await wechat.start()
        listed = await sup.call(p.ListConversations, limit=1000)
        assert sorted(r["id"] for r in listed) == [
            r[0] for r in lite.execute("SELECT id FROM conversations ORDER BY id")
        ]
        conversation, name = lite.execute(
            "SELECT c.id, cu.name FROM conversations c JOIN customers cu ON cu.id = c.customer_id"
            " WHERE length(cu.name) >= 3 ORDER BY c.id LIMIT 1"
        ).fetchone()
        found = await sup.call(p.ListConversations, query=name)
        assert conversation in [r["id"] for r in found]
        transcript = await sup.call(p.GetConversation, conversation=conversation)
        assert [m["body"] for m in transcript["messages"]] == [
            r[0]
            for r in lite.execute(
                "SELECT body FROM messages WHERE conversation_id = ? ORDER BY id", (conversation,)
            )
        ]
        ack = await wechat.call(
            p.Ingest,
            external_id="after-the-copy",
            customer=p.Identity(kind="wechat", value="oAfterTheCopy00000001"),
            body="迁移之后的第一条消息",
        )
        assert ack.seq > copied_seq
    finally:
        await sup.close()
        await wechat.close()
        await server.stop()
