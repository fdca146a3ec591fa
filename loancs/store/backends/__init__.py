"""Store backends other than the default SQLite one: PostgreSQL (pg.py serves from it,
postgres.py copies into it and verifies its chain). Only this module is imported by code
that does not know yet which database it has: asyncpg is loaded only for PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str | Path | None) -> bool:
    """Is ``target`` (a ``--db`` value) a PostgreSQL URL rather than a SQLite file?"""
    return isinstance(target, str) and target.startswith(SCHEMES)


def json_int(where: object, column: str, key: str) -> str:
    """SQL for an integer field of a JSON text column (an event's payload): SQLite's
    ``json_extract``, PostgreSQL's ``->>``. ``where``: a connection, or True for
    PostgreSQL (``Store.postgres``)."""
    if where is True or getattr(where, "dialect", None) == "postgresql":
        return f"CAST({column}::json ->> '{key}' AS BIGINT)"
    return f"json_extract({column}, '$.{key}')"


def safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def shown(target: str | Path) -> str:
    """A --db value for a message: a SQLite path, or a URL without its password."""
    return safe_url(str(target)) if is_postgres(target) else str(target)
