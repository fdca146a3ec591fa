"""Store backends other than the default SQLite one: PostgreSQL (pg.py serves from it,
postgres.py copies into it and verifies its chain). Only this module is imported by code
that does not know yet which database it has: asyncpg is loaded only for PostgreSQL."""

from __future__ import annotations

from pathlib import Path

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str | Path | None) -> bool:
    """Is ``target`` (a ``--db`` value) a PostgreSQL URL rather than a SQLite file?"""
    return isinstance(target, str) and target.startswith(SCHEMES)
