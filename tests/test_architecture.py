"""The layers stay honest: core is pure, the console never opens the database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "loancs"
IO_MODULES = {"textual", "websockets", "aiosqlite", "sqlite3", "aiohttp", "socket", "asyncio"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", files("core"), ids=lambda p: p.name)
def test_core_does_no_io(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in IO_MODULES}
    bad |= {
        m
        for m in imported_modules(path)
        if m.startswith(("loancs.store", "loancs.server", "loancs.tui"))
    }
    assert not bad, f"{path.name} imports {sorted(bad)}: core must stay pure"


@pytest.mark.parametrize("path", files("tui"), ids=lambda p: p.name)
def test_console_talks_only_through_the_protocol(path: Path) -> None:
    bad = {
        m
        for m in imported_modules(path)
        if m.startswith(("loancs.store", "loancs.server"))
        or m.split(".")[0] in {"sqlite3", "aiosqlite"}
    }
    assert not bad, f"{path.name} imports {sorted(bad)}: the console must use the protocol"


@pytest.mark.parametrize("path", files("store"), ids=lambda p: p.name)
def test_store_knows_nothing_of_sockets_or_widgets(path: Path) -> None:
    bad = {
        m for m in imported_modules(path) if m.split(".")[0] in {"textual", "websockets", "aiohttp"}
    }
    bad |= {m for m in imported_modules(path) if m.startswith(("loancs.server", "loancs.tui"))}
    assert not bad, f"{path.name} imports {sorted(bad)}"
