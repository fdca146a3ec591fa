"""PostgreSQL (issue 16), first part: moving a lender's SQLite data into PostgreSQL
(``loancs db copy``) and verifying the hash chain there (``loancs audit verify --db
postgresql://...``), through asyncpg.

The schema in PostgreSQL is the SQLite one, table by table and column by column (types
mapped: INTEGER -> BIGINT, REAL -> DOUBLE PRECISION, BLOB -> BYTEA, TEXT stays), with the
same primary keys, NOT NULL and defaults, and ``schema_migrations`` copied too (the same
migration names). Event payloads are copied as the exact text that was hashed, so the
chain verifies byte for byte. The full-text index (SQLite FTS5) is not copied: it is
rebuilt from the projections by whichever store serves from the database.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asyncpg import PostgresError as DatabaseError

from loancs.core.eventlog import ChainReport, verify_chain
from loancs.store.backends import is_postgres

__all__ = ["CopyError", "DatabaseError", "copy", "is_postgres", "safe_url", "verify_log"]

BATCH = 5_000
_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "BLOB": "BYTEA", "TEXT": "TEXT"}


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


def _copyable_tables(conn: sqlite3.Connection) -> list[str]:
    """The SQLite tables to copy: real tables, not FTS5 indexes or their shadow tables."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _ in rows
        if name not in virtual and not any(name.startswith(v + "_") for v in virtual)
    ]


def _column_type(declared: str) -> str:
    base = re.split(r"[\s(]", declared.strip().upper() or "TEXT")[0]
    return _TYPES.get(base, "TEXT")


def _create_table(conn: sqlite3.Connection, table: str) -> tuple[str, list[str], list[str]]:
    """PostgreSQL DDL for one SQLite table, its column names and its primary key."""
    columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
    parts = []
    for _cid, name, declared, notnull, default, _pk in columns:
        column = f'"{name}" {_column_type(declared)}'
        if notnull:
            column += " NOT NULL"
        if default is not None:
            column += f" DEFAULT {default}"
        parts.append(column)
    if keys:
        parts.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in keys) + ")")
    return f'CREATE TABLE "{table}" ({", ".join(parts)})', [c[1] for c in columns], keys


async def _connect(url: str) -> Any:
    import asyncpg

    return await asyncpg.connect(url, timeout=10)


async def copy_sqlite_to_postgres(source: Path, url: str) -> CopyReport:
    """Copy every table of the SQLite database ``source`` into the empty PostgreSQL
    database at ``url`` in one transaction, then verify the chain there."""
    from loancs.store.db import connect_readonly

    lite = connect_readonly(source)
    lite.row_factory = None
    pg = await _connect(url)
    try:
        present = await pg.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        if present:
            raise CopyError(f"{safe_url(url)} already has tables; copy into an empty database")
        copied: dict[str, int] = {}
        async with pg.transaction():
            for table in _copyable_tables(lite):
                ddl, names, keys = _create_table(lite, table)
                await pg.execute(ddl)
                order = " ORDER BY " + ", ".join(f'"{k}"' for k in keys) if keys else ""
                listed = ", ".join(f'"{n}"' for n in names)
                cursor = lite.execute(f'SELECT {listed} FROM "{table}"{order}')
                copied[table] = 0
                while batch := cursor.fetchmany(BATCH):
                    await pg.copy_records_to_table(table, records=batch, columns=names)
                    copied[table] += len(batch)
            # Ids handed out next continue after the copied ones.
            for table in copied:
                await _continue_ids(pg, lite, table)
        chain = await _verify(pg)
    finally:
        lite.close()
        await pg.close()
    return CopyReport(copied, chain)


async def _continue_ids(pg: Any, lite: sqlite3.Connection, table: str) -> None:
    columns = lite.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [c for c in columns if c[5]]
    if len(keys) != 1 or keys[0][2].upper() != "INTEGER" or keys[0][1] == "seq":
        return
    key = keys[0][1]
    sequence = f"{table}_{key}_seq"
    await pg.execute(f'CREATE SEQUENCE IF NOT EXISTS "{sequence}" OWNED BY "{table}"."{key}"')
    await pg.execute(
        f'SELECT setval(\'"{sequence}"\', GREATEST((SELECT MAX("{key}") FROM "{table}"), 1))'
    )
    await pg.execute(
        f'ALTER TABLE "{table}" ALTER COLUMN "{key}" SET DEFAULT nextval(\'"{sequence}"\')'
    )


async def _verify(pg: Any) -> ChainReport:
    async with pg.transaction(readonly=True, isolation="repeatable_read"):
        rows: list[tuple] = []
        cursor = pg.cursor(
            "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash"
            " FROM events ORDER BY seq"
        )
        async for record in cursor:
            rows.append(tuple(record))
    return verify_chain(rows)


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


def safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
