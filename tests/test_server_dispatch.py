"""Every client frame has exactly one route, and the roles a route declares are what the
server enforces: a frame from any other role (or another kind of gateway) gets the
documented `forbidden`, over a real websocket, before any handler runs."""

from __future__ import annotations

import ast
import itertools
import json
import re
from pathlib import Path

import pytest
from conftest import make_config, seed_accounts
from harness import Raw

from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.server.handlers import ROUTES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "protocol.md"
EXAMPLES = {
    json.loads(body)["type"]: json.loads(body)
    for side, body in re.findall(
        r"```json (client|server)\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S
    )
    if side == "client"
}
# Who can sign in, and as what: (token key, role, channel kind).
SIGN_INS = [
    ("agent", "agent", None),
    ("supervisor", "supervisor", None),
    ("admin", "admin", None),
    ("wechat", "channel", "wechat"),
    ("phone", "channel", "phone"),
    ("system", "channel", "system"),
    ("visitor", "customer", None),
]
FAST = {role: (10_000.0, 10_000.0) for role in ("agent", "supervisor", "admin", "channel")}
FAST["customer"] = (10_000.0, 10_000.0)


def test_every_client_frame_class_has_one_route() -> None:
    frames = set(p.ClientFrame.__args__)  # type: ignore[attr-defined]
    assert set(ROUTES) == frames
    for frame, route in ROUTES.items():
        assert route.frame is frame
        assert (route.handler is None) != (route.direct is None), route.tag
        assert route.roles, route.tag


def _may_send(tag: str, role: str, kind: str | None) -> bool:
    route = next(r for r in ROUTES.values() if r.tag == tag)
    if role not in route.roles:
        return False
    return not (role == "channel" and route.channels is not None and kind not in route.channels)


async def test_a_frame_from_a_role_its_route_does_not_declare_is_forbidden(tmp_path) -> None:
    db = tmp_path / "roles.db"
    tokens = seed_accounts(db)
    tokens["visitor"] = "visitor"
    server = LoancsServer(make_config(db, rate=FAST))
    await server.start()
    ids = itertools.count(1)
    try:
        for key, role, kind in SIGN_INS:
            raw = await Raw.open(server.url, tokens[key], subscribe=False)
            assert raw.welcome["role"] == role
            for tag, example in sorted(EXAMPLES.items()):
                if tag == "hello":
                    continue
                replies = await _answers(raw, example, f"f{next(ids)}")
                refused = [r for r in replies if r["type"] == "error" and r["code"] == "forbidden"]
                if _may_send(tag, role, kind):
                    # Allowed: whatever the handler says, it is not the role check refusing.
                    assert not [r for r in refused if "may not send" in r["message"]], (key, tag)
                    refusals = {r.refusal for r in ROUTES.values()}
                    assert not [r for r in refused if r["message"] in refusals], (key, tag)
                else:
                    assert refused, (key, tag, replies)
            await raw.ws.close()
    finally:
        await server.stop()


async def _answers(raw: Raw, example: dict, frame_id: str) -> list[dict]:
    """What the server says to one frame: its reply, or (a frame without an id, `typing`)
    whatever came before the pong of a ping sent right after it."""
    if "id" in example:
        await raw.send({**example, "id": frame_id})
        return [await raw.wait(lambda f: f.get("id") == frame_id, timeout=15)]
    start = len(raw.frames)
    await raw.send(example)
    await raw.send({"type": "ping", "id": frame_id})
    await raw.wait(lambda f: f["type"] == "pong" and f.get("id") == frame_id, timeout=15)
    return [f for f in raw.frames[start:] if f["type"] == "error"]


# ---------------------------------------------------------------- layering


def _runtime_imports(path: Path, module: str) -> set[str]:
    """The loancs.server modules ``path`` imports when it is loaded (imports under
    ``if TYPE_CHECKING:`` are for the type checker only and never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = module.split(".")[: -node.level]
                    base = ".".join([*parts, base] if base else parts)
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    visit([child])

    visit(tree.body)
    return found


def _server_modules() -> dict[str, Path]:
    modules = {}
    for path in sorted((ROOT / "loancs" / "server").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def test_loancs_server_has_no_import_cycle() -> None:
    modules = _server_modules()
    graph = {
        name: sorted(m for m in _runtime_imports(path, name) if m in modules and m != name)
        for name, path in modules.items()
    }
    done: set[str] = set()

    def walk(name: str, trail: list[str]) -> None:
        if name in trail:
            cycle = [*trail[trail.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for nxt in graph[name]:
            walk(nxt, [*trail, name])
        done.add(name)

    for name in graph:
        walk(name, [])
    # The arrows point down: nothing below the server's entry point imports it.
    assert not [n for n, deps in graph.items() if "loancs.server.app" in deps]
