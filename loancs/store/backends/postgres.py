"""PostgreSQL (issue 16): moving a lender's SQLite data into PostgreSQL (``loancs db
copy``) and verifying the hash chain there (``loancs audit verify --db postgresql://...``),
through asyncpg.

The target gets loancs's own PostgreSQL schema (the named migrations in their PostgreSQL
dialect, store/migrations.py: the same tables, indexes, constraints and search indexes a
server creates), then every row of every table, in one transaction, tables in an order that
respects their foreign keys, values coerced to the column types (SQLite stores what it is
given). Event payloads are copied as the exact text that was hashed, so the chain verifies
byte for byte; id sequences continue after the copied ids. The SQLite full-text index (FTS5)
is not copied: PostgreSQL searches the columns themselves.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asyncpg import PostgresError as DatabaseError

from loancs.core.eventlog import ChainReport, verify_chain
from loancs.store import search
from loancs.store.audit import CHAIN_ROWS, HASH_TEXT, PREV_HASH_TEXT
from loancs.store.backends import is_postgres, safe_url
from loancs.store.tx import META_SINCE, decode_meta, encode_meta, hashed_meta

__all__ = ["CopyError", "DatabaseError", "copy", "is_postgres", "safe_url", "verify_log"]

BATCH = 5_000
# A target that holds any of these rows is not empty: the copy refuses it.
_DATA_TABLES = ("events", "customers", "agents", "channels")


def sqlite_path(source: str) -> Path:
    """``sqlite:///abs/path`` (``sqlite:////abs/path`` too), ``sqlite://rel/path`` or a
    plain path -> the file."""
    if source.startswith("sqlite://"):
        rest = source[len("sqlite://") :]
        return Path("/" + rest.lstrip("/")) if rest.startswith("/") else Path(rest)
    return Path(source)


class CopyError(Exception):
    """The copy cannot go ahead (a target that already holds data ...), said in a sentence."""


@dataclass(frozen=True)
class CopyReport:
    tables: dict[str, int]  # rows copied per table
    chain: ChainReport  # the chain as verified in PostgreSQL afterwards


# A conversation's pending activity (migration 0037, store/search.py) is copied folded into
# its row: PostgreSQL's writer writes the rows itself and never folds.
_FOLDED = {
    "last_message_at": search.LAST_MESSAGE_AT,
    "last_excerpt": search.LAST_EXCERPT,
    "unread": search.UNREAD,
}


# SQLite's compact event rows (tx.py, migration 0038_compact_event_rows) are copied as
# PostgreSQL's writer writes them: prev_hash and hash as hex text, meta as its object.
_COMPACT = {
    "prev_hash": PREV_HASH_TEXT.format(e="e"),
    "hash": HASH_TEXT.format(e="e"),
}


def _full_meta(value: Any) -> Any:
    return value if value is None else encode_meta(decode_meta(value))


def _copyable_tables(conn: sqlite3.Connection) -> list[str]:
    """The SQLite tables to copy, each after the tables it references: real tables, not
    FTS5 indexes or their shadow tables, not schema_migrations (the target has its own)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = [
        name
        for name, _ in rows
        if name not in virtual
        and not any(name.startswith(v + "_") for v in virtual)
        and name != "schema_migrations"
        and name != "activity_pending"  # copied folded into conversations (_FOLDED)
    ]
    needs = {
        t: {r[2] for r in conn.execute(f'PRAGMA foreign_key_list("{t}")')} - {t} for t in tables
    }
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and needs[t] <= set(ordered)]
        if not ready:  # a cycle (none in loancs's schema): the rest in name order
            ready = [t for t in tables if t not in ordered]
        ordered += ready
    return ordered


def _check_source(conn: sqlite3.Connection) -> None:
    """The SQLite database must be at this loancs's schema (neither behind nor newer)."""
    from loancs.store.migrations import schema_status

    status = schema_status(conn)
    if status["unknown"]:
        raise CopyError(
            f"the SQLite database was upgraded by a newer loancs (migration"
            f" {', '.join(status['unknown'])}); copy it with that version"
        )
    if status["pending"]:
        raise CopyError(
            f"the SQLite database is behind this loancs (pending: {', '.join(status['pending'])});"
            " run `loancs db migrate --db PATH` first"
        )


async def _connect(url: str) -> Any:
    import asyncpg

    return await asyncpg.connect(url, timeout=10)


def _migrate(url: str) -> None:
    from loancs.store.backends import pg

    pg.connect(url).close()


async def copy_sqlite_to_postgres(source: Path, url: str) -> CopyReport:
    """Copy every table of the SQLite database ``source`` into the PostgreSQL database at
    ``url`` (new, or migrated and empty) in one transaction, then verify the chain there."""
    from loancs.store.backends.pg import COERCE
    from loancs.store.db import connect_readonly

    lite = connect_readonly(source)
    lite.row_factory = None
    pg = await _connect(url)
    try:
        _check_source(lite)
        present = {
            r[0]
            for r in await pg.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
        if present and "schema_migrations" not in present:
            raise CopyError(f"{safe_url(url)} already has tables; copy into an empty database")
        for table in _DATA_TABLES:
            if table in present and await pg.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{table}")'):
                raise CopyError(f"{safe_url(url)} already holds data; copy into an empty database")
        await asyncio.to_thread(_migrate, url)  # loancs's schema, as a server would create it
        copied: dict[str, int] = {}
        async with pg.transaction():
            for table in _copyable_tables(lite):
                types = {
                    r[0]: r[1]
                    for r in await pg.fetch(
                        "SELECT column_name, udt_name FROM information_schema.columns"
                        " WHERE table_schema = 'public' AND table_name = $1",
                        table,
                    )
                }
                if not types:
                    raise CopyError(f"the SQLite table {table} is not part of loancs's schema")
                columns = lite.execute(f'PRAGMA table_info("{table}")').fetchall()
                names = [c[1] for c in columns]
                keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
                coerce = [COERCE.get(types.get(n, "")) for n in names]
                listed = ", ".join(f'"{n}"' for n in names)
                order = " ORDER BY " + ", ".join(f'"{k}"' for k in keys) if keys else ""
                read_from = f'"{table}"'
                if table == "conversations":  # with its pending activity (_FOLDED)
                    listed = ", ".join(_FOLDED.get(n, f'c."{n}"') for n in names)
                    read_from = f'"conversations" c {search.PENDING_JOIN}'
                    order = " ORDER BY c.id"
                if table == "chain_forms":  # the source's marks, not the new target's
                    await pg.execute('DELETE FROM "chain_forms"')
                if table == "events":  # compact rows written out as PostgreSQL's (_COMPACT)
                    listed = ", ".join(_COMPACT.get(n, f'e."{n}"') for n in names)
                    read_from = '"events" e'
                    order = " ORDER BY e.seq"
                    coerce = [
                        _full_meta if n == "meta" else f for n, f in zip(names, coerce, strict=True)
                    ]
                cursor = lite.execute(f"SELECT {listed} FROM {read_from}{order}")
                copied[table] = 0
                while batch := cursor.fetchmany(BATCH):
                    records = [
                        tuple(f(v) if f else v for f, v in zip(coerce, row, strict=True))
                        for row in batch
                    ]
                    await pg.copy_records_to_table(table, records=records, columns=names)
                    copied[table] += len(batch)
                # Ids handed out next continue after the copied ones.
                sequence = (
                    await pg.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
                    if "id" in types
                    else None
                )
                if sequence:
                    await pg.execute(
                        f'SELECT setval($1, GREATEST((SELECT MAX(id) FROM "{table}"), 1))',
                        sequence,
                    )
        chain = await _verify(pg)
    finally:
        lite.close()
        await pg.close()
    return CopyReport(copied, chain)


async def _verify(pg: Any) -> ChainReport:
    async with pg.transaction(readonly=True, isolation="repeatable_read"):
        rows: list[tuple] = []
        since = await pg.fetchval(META_SINCE)
        cursor = pg.cursor(CHAIN_ROWS.replace("?", "$1"), 1 << 62 if since is None else since)
        async for record in cursor:
            rows.append(tuple(record))
    # (the stored meta is its object: the chain hashes the bytes SQLite stores, tx.py)
    return verify_chain(rows, None if since is None else int(since), hashed_meta)


async def verify_log_async(url: str) -> ChainReport:
    pg = await _connect(url)
    try:
        return await _verify(pg)
    finally:
        await pg.close()


def verify_log(url: str) -> ChainReport:
    """``loancs audit verify --db postgresql://...``: the chain as stored in PostgreSQL."""
    return asyncio.run(verify_log_async(url))


def copy(source: Path, url: str) -> CopyReport:
    return asyncio.run(copy_sqlite_to_postgres(source, url))
