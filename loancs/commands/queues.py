"""`loancs queues`: the supervisor's live view of queues, agents and service level."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from loancs import settings
from loancs.client import ClientError, LoancsClient
from loancs.commands._run import run_until_signal
from loancs.core import protocol as p

STATE_STYLE = {"available": "green", "wrapup": "yellow", "break": "magenta", "offline": "dim"}


def register(app: typer.Typer) -> None:
    app.command("queues")(queues)


def _wait_text(ms: int, sla_s: int) -> Text:
    seconds = ms // 1000
    label = f"{seconds // 60}:{seconds % 60:02d}"
    style = "green" if seconds < sla_s * 0.5 else "yellow" if seconds < sla_s else "bold red"
    return Text(label, style=style)


def render(data: dict[str, Any], sla_s: int) -> Group:
    level = data.get("service_level", {})
    share = level.get("share")
    head = Text.assemble(
        ("service level (24 h): ", "bold"),
        (f"{share:.0%}" if share is not None else "-", "green" if (share or 0) >= 0.8 else "red"),
        f" of {level.get('total', 0)} conversations answered within {sla_s} s; "
        f"median first response {level.get('first_response_p50_s') or '-'} s",
    )
    queues = Table(
        "queue",
        "waiting",
        "offered",
        "oldest wait",
        "top priority",
        title="queues",
        title_justify="left",
    )
    for name, q in data.get("queues", {}).items():
        queues.add_row(
            name,
            str(q["waiting"]),
            str(q["offered"]),
            _wait_text(q["oldest_wait_ms"], sla_s),
            str(q["top_priority"]),
        )
    if not data.get("queues"):
        queues.add_row("(nothing waiting)", "", "", "", "")
    agents = Table(
        "agent",
        "state",
        "phone",
        "chat",
        "wechat",
        "connected",
        title="agents",
        title_justify="left",
    )
    for a in data.get("agents", []):
        state = Text(a["state"], style=STATE_STYLE.get(a["state"], ""))
        if a.get("state_reason"):
            state.append(f" ({a['state_reason']})", style="dim")
        load, cap = a.get("load", {}), a.get("capacity", {})
        agents.add_row(
            Text(a["name"]),
            state,
            *(f"{load.get(ch, 0)}/{cap.get(ch, 0)}" for ch in ("phone", "chat", "wechat")),
            "yes" if a.get("connected") else Text("no", style="dim"),
        )
    waiting = Table(
        "#",
        "queue",
        "urgency",
        "priority",
        "waiting",
        "offered to",
        title="longest-waiting work",
        title_justify="left",
    )
    names = {a["id"]: a["name"] for a in data.get("agents", [])}
    for w in data.get("waiting", [])[:15]:
        waiting.add_row(
            str(w["id"]),
            w["queue"],
            w["urgency"],
            str(w["priority"]),
            _wait_text(w["wait_ms"], sla_s),
            names.get(w.get("offered_to"), ""),
        )
    return Group(head, queues, agents, waiting)


async def run_queues(
    server: str,
    token: str,
    watch: bool,
    interval: float,
    json_out: bool,
    sla_s: int,
    stop: asyncio.Event,
) -> int:
    console = Console()
    client = LoancsClient(server, token, subscribe=False, client_name="loancs-queues")
    try:
        await client.start()
        data = await client.call(p.GetQueues, sla_s=sla_s)
    except ClientError as exc:
        console.print(f"error: {exc.message} ({exc.code})", style="red", markup=False)
        await client.close()
        return 2
    if json_out or not watch:
        if json_out:
            print(json.dumps(data, ensure_ascii=False))
        else:
            console.print(render(data, sla_s))
        await client.close()
        return 0
    with Live(render(data, sla_s), console=console, refresh_per_second=4, screen=False) as live:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
            if stop.is_set():
                break
            try:
                live.update(render(await client.call(p.GetQueues, sla_s=sla_s), sla_s))
            except ClientError as exc:
                live.update(Text(f"reconnecting: {exc.message}", style="yellow"))
    await client.close()
    return 0


def queues(
    server: Annotated[str | None, typer.Option(help="Server URL.")] = None,
    token: Annotated[str | None, typer.Option(help="Supervisor token (or LOANCS_TOKEN).")] = None,
    watch: Annotated[bool, typer.Option("--watch/--once", help="Refresh until Ctrl-C.")] = True,
    interval: Annotated[float, typer.Option(help="Seconds between refreshes.")] = 2.0,
    sla: Annotated[int, typer.Option(help="First-response SLA in seconds.")] = 30,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON snapshot.")] = False,
) -> None:
    """Queues, agents and service level, refreshed live (for supervisors, fine over SSH).

    Example: [bold]loancs queues --token lcs_... --sla 30[/bold]
    """
    resolved = settings.resolve_token(token)
    if not resolved:
        typer.echo("error: no token: pass --token, set LOANCS_TOKEN or the config file", err=True)
        raise typer.Exit(2)

    raise typer.Exit(
        run_until_signal(
            lambda stop: run_queues(
                settings.resolve_server(server), resolved, watch, interval, json_out, sla, stop
            )
        )
    )
