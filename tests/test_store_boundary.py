"""The store is one interface: no module outside loancs/store imports a database driver,
runs a statement or holds SQL. Reads go through store/queries.py (and the other store read
modules), every change is a command (store/commands.py) through the one writer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import loancs

ROOT = Path(loancs.__file__).parent
DRIVERS = {"sqlite3", "aiosqlite", "asyncpg", "psycopg", "psycopg2"}
SQL = re.compile(
    r"^\s*(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIRTUAL)"
    r"|PRAGMA|BEGIN|COMMIT|ROLLBACK|WITH\s+\w+\s+AS)\b"  # upper case, as the store writes it
)
CALLS = {"execute", "executemany", "executescript", "fetchall", "fetchone", "fetchval", "fetch"}
# The WeChat gateway is a separate program beside the server: it keeps its own small state
# file (delivery windows, its outbox), never the loancs store, and talks to the server only
# through the protocol.
OWN_DATABASE = {"channels/wechat_gateway.py"}


def _outside_store() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if path.relative_to(ROOT).parts[0] != "store"
        and path.relative_to(ROOT).as_posix() not in OWN_DATABASE
    ]


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in DRIVERS]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            found.append(f"from {node.module}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
        ):
            found.append(f"{node.func.attr}(...) line {node.lineno}")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value)
        ):
            found.append(f"SQL text line {node.lineno}: {node.value.strip()[:40]!r}")
    return found


def test_no_sql_outside_the_store() -> None:
    offences = {
        path.relative_to(ROOT).as_posix(): found
        for path in _outside_store()
        if (found := _offences(path))
    }
    assert offences == {}, "SQL belongs in loancs/store (queries or commands)"


def test_the_check_sees_sql(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlite3\n"
        "async def f(store):\n"
        "    return await store.fetchall('SELECT id FROM agents')\n",
        encoding="utf-8",
    )
    assert len(_offences(sample)) == 3
