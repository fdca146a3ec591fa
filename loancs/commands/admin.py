"""`loancs agent ...` and `loancs channel ...`: people and gateways, and their tokens.
Tokens are shown once and stored only as a hash."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from loancs.commands.options import DB_HELP, db_target, existing_db
from loancs.store import commands
from loancs.store.accounts import create_agent, create_channel, list_agents, list_channels
from loancs.store.db import connect_sync
from loancs.store.writer import OpError, apply_now

__all__ = ["create_agent", "create_channel", "parse_skills"]

agent_app = typer.Typer(help="Agents, supervisors and admins.", no_args_is_help=True)
channel_app = typer.Typer(
    help="Channel gateways (WeChat, phone, web chat, loan system).", no_args_is_help=True
)

DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
KINDS = ("wechat", "phone", "chat", "system")
ROLES = ("agent", "supervisor", "admin")
CHANNELS = ("phone", "chat", "wechat")


def register(app: typer.Typer) -> None:
    app.add_typer(agent_app, name="agent")
    app.add_typer(channel_app, name="channel")


def _db(db: str | None, *, create: bool = False):
    """``create``: adding the first agent or channel may create the database."""
    return connect_sync(db_target(db) if create else existing_db(db))


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
        agent_id, token = create_agent(
            _db(db, create=True), name, role, parsed_skills, parsed_capacity
        )
    except OpError as exc:
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
    data = list_agents(_db(db))
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


def _disable(command: commands.DisableAgent | commands.DisableChannel, db: str | None) -> None:
    kind = "agent" if isinstance(command, commands.DisableAgent) else "channel"
    conn = _db(db)
    try:
        apply_now(conn, command)
    except OpError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    finally:
        conn.close()
    typer.echo(f"disabled {kind} {command.name}: their token no longer works")


@agent_app.command("disable")
def agent_disable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Disable an agent: their token stops working at the next connection.

    Example: [bold]loancs agent disable 王芳[/bold]
    """
    _disable(commands.DisableAgent(name=name), db)


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
        channel_id, token = create_channel(_db(db, create=True), name, kind)
    except OpError as exc:
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
    data = list_channels(_db(db))
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
    _disable(commands.DisableChannel(name=name), db)
