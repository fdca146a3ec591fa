"""The layers stay honest: imports only point down (docs: /work/shared/design/ARCHITECTURE.md).

    cli.py, commands/          the entry points: may use everything below
    tui/  server/              the two front doors (the console, the server)
    channels/  sim/  demo/     gateways, the traffic simulator, the demo
    client.py                  the protocol client every remote part shares
    store/                     SQL; knows nothing of sockets or widgets
    core/                      pure: no I/O, no clock reads

- core is pure: no I/O module, nothing from loancs outside core (but the exception types of
  loancs/errors.py).
- The console, the gateways, the simulator and the demo's traffic talk to the server only
  through the protocol (loancs/client.py or raw websocket frames): they never import the
  store or the server, so each works the same from another machine.
- client.py is the protocol and a socket: nothing from the console, server or store.
- The store knows nothing of sockets, widgets, the server or the clients.
- The server never imports the console, the CLI, the simulator or the demo.
- The small shared modules (netutil, lifecycle, datafiles, errors, logs, settings, i18n) sit
  on core only.
- The demo seeds history through the store's interface (Store and its write commands), not
  through the writer process, migrations or key handling; it never imports the CLI, the
  server or the console (the `loancs demo` command wires them together).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "loancs"
IO_MODULES = {"textual", "websockets", "aiosqlite", "sqlite3", "aiohttp", "socket", "asyncio"}
UI_OR_DB = {"textual", "aiosqlite"}


def imported_modules(path: Path) -> set[str]:
    """Every absolute import in the file, at module level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "loancs":  # from loancs import settings -> loancs.settings
                names.update(f"loancs.{alias.name}" for alias in node.names)
    return names


def files(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = ROOT / part
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def ident(path: Path) -> str:
    return str(path.relative_to(ROOT))


def under(module: str, prefixes: set[str] | tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def loancs_imports(path: Path) -> set[str]:
    return {m for m in imported_modules(path) if m.startswith("loancs.")}


def third_party(path: Path, names: set[str]) -> set[str]:
    return {m for m in imported_modules(path) if m.split(".")[0] in names}


# area -> (the files, the loancs modules they may import, third-party modules they may not)
ALLOWED: dict[str, tuple[list[Path], tuple[str, ...], set[str], str]] = {
    "core": (
        files("core"),
        ("loancs.core", "loancs.errors"),
        IO_MODULES,
        "core must stay pure",
    ),
    "client": (
        files("client.py"),
        ("loancs.core", "loancs.netutil"),
        UI_OR_DB | {"sqlite3"},
        "the protocol client is the protocol and a socket, nothing more",
    ),
    "channels": (
        files("channels"),
        ("loancs.core", "loancs.client", "loancs.netutil", "loancs.lifecycle", "loancs.channels"),
        UI_OR_DB,
        "a gateway talks to the server only through the protocol",
    ),
    "sim": (
        files("sim"),
        ("loancs.core", "loancs.client", "loancs.netutil", "loancs.datafiles", "loancs.sim"),
        UI_OR_DB | {"sqlite3"},
        "the simulator is a client of the protocol like any gateway",
    ),
    "shared": (
        files(
            "netutil.py",
            "lifecycle.py",
            "datafiles.py",
            "errors.py",
            "logs.py",
            "settings.py",
            "i18n.py",
        ),
        ("loancs.core", "loancs.errors"),
        UI_OR_DB | {"sqlite3", "websockets", "aiohttp"},
        "the shared helpers sit on core only",
    ),
}


@pytest.mark.parametrize(
    ("area", "path"),
    [(area, path) for area, (paths, *_rest) in ALLOWED.items() for path in paths],
    ids=lambda x: ident(x) if isinstance(x, Path) else x,
)
def test_each_area_imports_only_what_lies_below_it(area: str, path: Path) -> None:
    _, allowed, banned, why = ALLOWED[area]
    bad = {m for m in loancs_imports(path) if not under(m, allowed)}
    bad |= third_party(path, banned)
    assert not bad, f"{ident(path)} imports {sorted(bad)}: {why}"


# area -> (the files, loancs modules they must not import, third-party ones, why)
FORBIDDEN: dict[str, tuple[list[Path], tuple[str, ...], set[str], str]] = {
    "tui": (
        files("tui"),
        ("loancs.store", "loancs.server", "loancs.commands", "loancs.channels", "loancs.demo"),
        {"sqlite3", "aiosqlite"},
        "the console must use the protocol",
    ),
    "store": (
        files("store"),
        (
            "loancs.server",
            "loancs.tui",
            "loancs.commands",
            "loancs.client",
            "loancs.channels",
            "loancs.sim",
            "loancs.demo",
        ),
        {"textual", "websockets", "aiohttp"},
        "the store knows SQL, not sockets, widgets or the parts above it",
    ),
    "server": (
        files("server"),
        ("loancs.tui", "loancs.commands", "loancs.sim", "loancs.demo", "loancs.client"),
        {"textual"},
        "the server never reaches up into the console, the CLI, the simulator or the demo",
    ),
    "demo": (
        files("demo"),
        (
            "loancs.commands",
            "loancs.server",
            "loancs.tui",
            "loancs.store.writer",
            "loancs.store.writer_process",
            "loancs.store.migrations",
            "loancs.store.keys",
        ),
        {"textual", "sqlite3", "aiosqlite"},
        "the demo seeds through the store's interface and drives the server through the protocol",
    ),
}


@pytest.mark.parametrize(
    ("area", "path"),
    [(area, path) for area, (paths, *_rest) in FORBIDDEN.items() for path in paths],
    ids=lambda x: ident(x) if isinstance(x, Path) else x,
)
def test_no_area_reaches_up_or_sideways(area: str, path: Path) -> None:
    _, forbidden, banned, why = FORBIDDEN[area]
    bad = {m for m in loancs_imports(path) if under(m, forbidden)}
    bad |= third_party(path, banned)
    assert not bad, f"{ident(path)} imports {sorted(bad)}: {why}"


def test_the_rules_cover_every_package() -> None:
    """A new package under loancs/ gets a rule here (or is an entry point on purpose)."""
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    covered = set(ALLOWED) | set(FORBIDDEN) | {"commands"}
    assert packages <= covered, f"no import rule for {sorted(packages - covered)}"


def test_the_rules_see_imports_inside_functions() -> None:
    """A lazy import is still an import: the checks read every ``import`` in the file."""
    names = imported_modules(ROOT / "cli.py")
    assert "loancs.cli_app" in names  # imported inside main()
