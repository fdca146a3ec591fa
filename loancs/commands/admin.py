"""`loancs agent ...` and `loancs channel ...`: people and gateways, and their tokens.
Tokens are shown once and stored only as a hash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from loancs import settings
from loancs.store.db import connect_sync, hash_token, new_token, now_ms

agent_app = typer.Typer(help="Agents, supervisors and admins.", no_args_is_help=True)
channel_app = typer.Typer(
    help="Channel gateways (WeChat, phone, web chat, loan system).", no_args_is_help=True
)

DbOption = Annotated[Path | None, typer.Option("--db", help="SQLite database file.")]
KINDS = ("wechat", "phone", "chat", "system")
ROLES = ("agent", "supervisor", "admin")
CHANNELS = ("phone", "chat", "wechat")


def register(app: typer.Typer) -> None:
    app.add_typer(agent_app, name="agent")
    app.add_typer(channel_app, name="channel")


def _db(db: Path | None):
    return connect_sync(db or settings.default_db_path())


def _append_event(conn, kind: str, actor: str, payload: dict) -> None:
    """Admin changes go into the same hash-chained log as everything else."""
    from loancs.core.eventlog import GENESIS_HASH, canonical_payload, event_hash

    row = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
    ts = now_ms()
    body = canonical_payload(payload)
    conn.execute(
        "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, NULL, ?, ?, ?, ?)",
        (seq, ts, kind, actor, body, prev, event_hash(prev, seq, ts, kind, None, actor, body)),
    )


class AdminError(Exception):
    pass


def create_agent(
    conn, name: str, role: str = "agent", skills: dict | None = None, capacity: dict | None = None
) -> tuple[int, str]:
    """Insert an agent (and its event) in one transaction; return (id, token shown once)."""
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    skills = skills or {}
    capacity = capacity if capacity is not None else {"phone": 1, "chat": 3, "wechat": 3}
    token = new_token(role)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM agents WHERE name = ?", (name,)).fetchone():
            raise AdminError(f"an agent named {name} already exists")
        cur = conn.execute(
            "INSERT INTO agents (name, role, token_hash, skills, capacity, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                name,
                role,
                hash_token(token),
                json.dumps(skills, ensure_ascii=False),
                json.dumps(capacity),
                now_ms(),
            ),
        )
        payload = {
            "agent": cur.lastrowid,
            "agent_name": name,
            "role": role,
            "skills": skills,
            "capacity": capacity,
        }
        _append_event(conn, "agent.created", "admin:cli", payload)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return cur.lastrowid, token


def create_channel(conn, name: str, kind: str) -> tuple[int, str]:
    """Insert a channel gateway; return (id, token shown once)."""
    if kind not in KINDS:
        raise AdminError(f"kind must be one of {', '.join(KINDS)}")
    token = new_token("channel")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM channels WHERE name = ?", (name,)).fetchone():
            raise AdminError(f"a channel named {name} already exists")
        cur = conn.execute(
            "INSERT INTO channels (name, kind, token_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, kind, hash_token(token), now_ms()),
        )
        payload = {"channel": cur.lastrowid, "name": name, "kind": kind}
        _append_event(conn, "channel.created", "admin:cli", payload)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return cur.lastrowid, token


def _print_added(record: dict, json_out: bool, what: str) -> None:
    if json_out:
        typer.echo(json.dumps(record, ensure_ascii=False))
    else:
        typer.echo(f"added {what} {record['name']} (id {record['id']})")
        typer.echo(f"token (shown once, store it now): {record['token']}")


def parse_skills(text: str) -> dict[str, int]:
    """'mortgage,car:2,lang:en' -> {'mortgage': 1, 'car': 2, 'lang:en': 1}."""
    skills: dict[str, int] = {}
    for part in filter(None, (s.strip() for s in text.split(","))):
        name, _, tier = (
            part.rpartition(":") if part.rsplit(":", 1)[-1].isdigit() else (part, "", "1")
        )
        if not name or not tier.isdigit() or int(tier) < 1:
            raise typer.BadParameter(
                f"bad skill {part!r}: use name or name:tier", param_hint="--skills"
            )
        skills[name] = int(tier)
    return skills


def parse_capacity(text: str) -> dict[str, int]:
    """'3' -> chat 3, wechat 3, phone 1; 'phone:1,chat:4,wechat:2' explicit."""
    if text.isdigit():
        n = int(text)
        return {"phone": 1 if n else 0, "chat": n, "wechat": n}
    capacity = {}
    for part in text.split(","):
        name, _, value = part.partition(":")
        if name not in CHANNELS or not value.isdigit():
            raise typer.BadParameter(
                f"bad capacity {part!r}: use N or phone:1,chat:3,wechat:3", param_hint="--capacity"
            )
        capacity[name] = int(value)
    return capacity


@agent_app.command("add")
def agent_add(
    name: Annotated[str, typer.Argument(help="Display name, e.g. 王芳.")],
    skills: Annotated[
        str,
        typer.Option(help="Loan types and languages with optional tiers: mortgage,car:2,lang:en."),
    ] = "",
    capacity: Annotated[
        str, typer.Option(help="Concurrent conversations: N, or phone:1,chat:3,wechat:3.")
    ] = "3",
    role: Annotated[str, typer.Option(help="agent, supervisor or admin.")] = "agent",
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Add an agent and print their token once.

    Example: [bold]loancs agent add 王芳 --skills mortgage,car --capacity 3[/bold]
    """
    if role not in ROLES:
        raise typer.BadParameter(f"use one of {', '.join(ROLES)}", param_hint="--role")
    parsed_skills, parsed_capacity = parse_skills(skills), parse_capacity(capacity)
    try:
        agent_id, token = create_agent(_db(db), name, role, parsed_skills, parsed_capacity)
    except AdminError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    _print_added({"id": agent_id, "name": name, "role": role, "token": token}, json_out, role)


@agent_app.command("list")
def agent_list(
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List agents with role, skills, capacity and state.

    Example: [bold]loancs agent list --json[/bold]
    """
    conn = _db(db)
    rows = conn.execute(
        "SELECT id, name, role, skills, capacity, state, disabled FROM agents ORDER BY id"
    ).fetchall()
    data = [
        {
            "id": r[0],
            "name": r[1],
            "role": r[2],
            "skills": json.loads(r[3]),
            "capacity": json.loads(r[4]),
            "state": r[5],
            "disabled": bool(r[6]),
        }
        for r in rows
    ]
    if json_out:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    table = Table("id", "name", "role", "skills", "capacity", "state")
    for a in data:
        table.add_row(
            str(a["id"]),
            a["name"],
            a["role"],
            ", ".join(f"{k}:{v}" for k, v in a["skills"].items()),
            ", ".join(f"{k}:{v}" for k, v in a["capacity"].items()),
            "disabled" if a["disabled"] else a["state"],
        )
    Console().print(table)


def _disable(table: str, name: str, db: Path | None, kind: str) -> None:
    conn = _db(db)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute(f"UPDATE {table} SET disabled = 1 WHERE name = ?", (name,))
        if cur.rowcount == 0:
            conn.execute("ROLLBACK")
            typer.echo(f"error: no {kind} named {name}", err=True)
            raise typer.Exit(2)
        _append_event(conn, f"{kind}.disabled", "admin:cli", {"name": name})
        conn.execute("COMMIT")
    typer.echo(f"disabled {kind} {name}: their token no longer works")


@agent_app.command("disable")
def agent_disable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Disable an agent: their token stops working at the next connection.

    Example: [bold]loancs agent disable 王芳[/bold]
    """
    _disable("agents", name, db, "agent")


@channel_app.command("add")
def channel_add(
    name: Annotated[str, typer.Argument(help="Gateway name, e.g. wechat-main.")],
    kind: Annotated[
        str, typer.Option(help="wechat, phone, chat or system (loan system stage pushes).")
    ],
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Register a channel gateway and print its token once.

    Example: [bold]loancs channel add wechat-main --kind wechat[/bold]
    """
    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="--kind")
    try:
        channel_id, token = create_channel(_db(db), name, kind)
    except AdminError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    record = {"id": channel_id, "name": name, "kind": kind, "token": token}
    _print_added(record, json_out, f"{kind} channel")


@channel_app.command("list")
def channel_list(
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List channel gateways.

    Example: [bold]loancs channel list[/bold]
    """
    conn = _db(db)
    rows = conn.execute("SELECT id, name, kind, disabled FROM channels ORDER BY id").fetchall()
    data = [{"id": r[0], "name": r[1], "kind": r[2], "disabled": bool(r[3])} for r in rows]
    if json_out:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    table = Table("id", "name", "kind", "state")
    for c in data:
        table.add_row(str(c["id"]), c["name"], c["kind"], "disabled" if c["disabled"] else "active")
    Console().print(table)


@channel_app.command("disable")
def channel_disable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Disable a gateway's token.

    Example: [bold]loancs channel disable wechat-main[/bold]
    """
    _disable("channels", name, db, "channel")
