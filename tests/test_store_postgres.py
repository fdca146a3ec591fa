"""A lender's SQLite data moves into a real PostgreSQL (`loancs db copy`), chain included,
and `loancs audit verify --db postgresql://...` passes there; a tampered row is found."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import asyncpg
from typer.testing import CliRunner

from loancs.cli import app
from loancs.demo.seed import seed
from tests.postgres import postgres  # noqa: F401  (the fixture)

runner = CliRunner()


def test_db_copy_moves_everything_and_the_chain_verifies_in_postgres(tmp_path, postgres):  # noqa: F811
    db = tmp_path / "lender.db"
    asyncio.run(seed(db, int(time.time() * 1000)))
    url = postgres.create_database("copy_round_trip")
    result = runner.invoke(app, ["db", "copy", "--from", f"sqlite://{db}", "--to", url])
    assert result.exit_code == 0, result.output
    assert "events verify in PostgreSQL" in result.output

    verified = runner.invoke(app, ["audit", "verify", "--db", url])
    assert verified.exit_code == 0, verified.output
    assert verified.output.startswith("all ") and "events verify" in verified.output

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

    lite = sqlite3.connect(db)
    events, conversations, migrations = asyncio.run(compare())
    assert events == lite.execute("SELECT count(*) FROM events").fetchone()[0] > 50
    assert conversations == lite.execute("SELECT count(*) FROM conversations").fetchone()[0]
    assert sorted(migrations) == sorted(
        r[0] for r in lite.execute("SELECT name FROM schema_migrations")
    )

    again = runner.invoke(app, ["db", "copy", "--from", f"sqlite://{db}", "--to", url])
    assert again.exit_code == 2 and "already has tables" in again.output

    async def tamper() -> None:
        pg = await asyncpg.connect(url)
        try:
            await pg.execute("UPDATE events SET actor = actor || '!' WHERE seq = 20")
        finally:
            await pg.close()

    asyncio.run(tamper())
    broken = runner.invoke(app, ["audit", "verify", "--db", url])
    assert broken.exit_code == 1 and "BROKEN at seq 20" in broken.output
