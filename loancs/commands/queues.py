"""`loancs queues`: the supervisor's view of queues, agents and service level.

``--once`` prints one snapshot (tables, in your language), ``--json`` one JSON object for
scripts; without either it opens the supervisor desk's wallboard, which scrolls at 80x24
and refreshes live. With the server down it says so and exits 1.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from loancs import settings
from loancs.client import ClientError, LoancsClient
from loancs.commands.tail import no_token, start_or_stop, wrong_role
from loancs.core import event_labels as labels
from loancs.core import protocol as p
from loancs.i18n import detect_lang, tr
from loancs.lifecycle import run_until_signal

STATE_STYLE = {"available": "green", "wrapup": "yellow", "break": "magenta", "offline": "dim"}

WORDS: dict[str, tuple[str, str]] = {
    "sl_head": ("服务水平（24 小时）：", "service level (24 h): "),
    "sl_tail": (
        "，共 {total} 个会话在 {sla} 秒内应答；首次响应中位数 {p50} 秒",
        " of {total} conversations answered within {sla} s; median first response {p50} s",
    ),
    "queues": ("队列", "queues"),
    "queue": ("队列", "queue"),
    "waiting": ("等待", "waiting"),
    "offered": ("派单中", "offered"),
    "oldest": ("最久等待", "oldest wait"),
    "top": ("最高优先级", "top priority"),
    "nothing": ("（无人等待）", "(nothing waiting)"),
    "agents": ("坐席", "agents"),
    "agent": ("坐席", "agent"),
    "state": ("状态", "state"),
    "connected": ("在线", "connected"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "longest": ("等待最久的会话", "longest-waiting work"),
    "urgency": ("紧急度", "urgency"),
    "priority": ("优先级", "priority"),
    "offered_to": ("派给", "offered to"),
    "more": (
        "…另有 {n} 个（用 loancs console 打开主管工作台可滚动查看）",
        "… {n} more (open the desk: loancs console)",
    ),
}


def w(key: str, lang: str, **fmt: object) -> str:
    return tr(WORDS, key, lang, **fmt)


def register(app: typer.Typer) -> None:
    app.command("queues")(queues)


def _wait_text(ms: int, sla_s: int) -> Text:
    seconds = ms // 1000
    label = f"{seconds // 60}:{seconds % 60:02d}"
    style = "green" if seconds < sla_s * 0.5 else "yellow" if seconds < sla_s else "bold red"
    return Text(label, style=style)


def render(data: dict[str, Any], sla_s: int, lang: str = "en", limit: int = 15) -> Group:
    level = data.get("service_level", {})
    share = level.get("share")
    head = Text.assemble(
        (w("sl_head", lang), "bold"),
        (f"{share:.0%}" if share is not None else "-", "green" if (share or 0) >= 0.8 else "red"),
        w(
            "sl_tail",
            lang,
            total=level.get("total", 0),
            sla=sla_s,
            p50=level.get("first_response_p50_s") or "-",
        ),
    )
    queues = Table(
        w("queue", lang),
        w("waiting", lang),
        w("offered", lang),
        w("oldest", lang),
        w("top", lang),
        title=w("queues", lang),
        title_justify="left",
    )
    for name, q in data.get("queues", {}).items():
        queues.add_row(
            Text(labels.queue_label(name, lang)),
            str(q["waiting"]),
            str(q["offered"]),
            _wait_text(q["oldest_wait_ms"], sla_s),
            str(q["top_priority"]),
        )
    if not data.get("queues"):
        queues.add_row(w("nothing", lang), "", "", "", "")
    agents = Table(
        w("agent", lang),
        w("state", lang),
        labels.channel_label("phone", lang),
        labels.channel_label("chat", lang),
        labels.channel_label("wechat", lang),
        w("connected", lang),
        title=w("agents", lang),
        title_justify="left",
    )
    for a in data.get("agents", []):
        state = Text(labels.state_label(a["state"], lang), style=STATE_STYLE.get(a["state"], ""))
        if a.get("state_reason"):
            state.append(f" ({a['state_reason']})", style="dim")
        load, cap = a.get("load", {}), a.get("capacity", {})
        agents.add_row(
            Text(a["name"]),
            state,
            *(f"{load.get(ch, 0)}/{cap.get(ch, 0)}" for ch in ("phone", "chat", "wechat")),
            w("yes", lang) if a.get("connected") else Text(w("no", lang), style="dim"),
        )
    waiting = Table(
        "#",
        w("queue", lang),
        w("urgency", lang),
        w("priority", lang),
        w("waiting", lang),
        w("offered_to", lang),
        title=w("longest", lang),
        title_justify="left",
    )
    names = {a["id"]: a["name"] for a in data.get("agents", [])}
    rows = data.get("waiting", [])
    for row in rows[:limit]:
        waiting.add_row(
            str(row["id"]),
            Text(labels.queue_label(row["queue"], lang)),
            labels.urgency_label(row["urgency"], lang),
            str(row["priority"]),
            _wait_text(row["wait_ms"], sla_s),
            names.get(row.get("offered_to"), ""),
        )
    parts: list[Any] = [head, queues, agents, waiting]
    if len(rows) > limit:
        parts.append(Text(w("more", lang, n=len(rows) - limit), style="dim"))
    return Group(*parts)


async def run_queues(
    server: str,
    token: str,
    json_out: bool,
    sla_s: int,
    stop: asyncio.Event,
    lang: str = "en",
    limit: int = 15,
) -> int:
    console = Console()
    client = LoancsClient(server, token, subscribe=False, client_name="loancs-queues", lang=lang)
    welcome = await start_or_stop(client, stop, lang, server)
    if isinstance(welcome, int):
        return welcome
    if welcome.role not in ("supervisor", "admin"):
        print(wrong_role(welcome, "queues_roles", lang), file=sys.stderr)
        await client.close()
        return 2
    try:
        data = await client.call(p.GetQueues, sla_s=sla_s, timeout=15)
    except ClientError as exc:
        console.print(f"error: {exc.message} ({exc.code})", style="red", markup=False)
        await client.close()
        return 2
    if json_out:
        print(json.dumps(data, ensure_ascii=False))
    else:
        console.print(render(data, sla_s, lang, limit))
    await client.close()
    return 0


def queues(
    server: Annotated[str | None, typer.Option(help="Server URL.")] = None,
    token: Annotated[str | None, typer.Option(help="Supervisor token (or LOANCS_TOKEN).")] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch/--once",
            help="--watch opens the live wallboard (scrolls, refreshes); --once prints one snapshot.",
        ),
    ] = True,
    sla: Annotated[int, typer.Option(help="First-response SLA in seconds.")] = 30,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON snapshot.")] = False,
    limit: Annotated[int, typer.Option(help="--once: how many waiting rows to print.")] = 15,
    lang: Annotated[str | None, typer.Option(help="zh or en (default: from the locale).")] = None,
) -> None:
    """Queues, agents and service level: the live wallboard, or one snapshot for scripts.

    Example: [bold]loancs queues --once --lang zh[/bold]  or  [bold]loancs queues --json[/bold]
    """
    try:
        language = detect_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    resolved = settings.resolve_token(token)
    if not resolved:
        typer.echo(no_token(language), err=True)
        raise typer.Exit(2)
    url = settings.resolve_server(server)
    if watch and not json_out and sys.stdout.isatty():
        try:
            from loancs.commands.console import open_desk, sign_in
        except ImportError:  # the desk is not installed: print one snapshot
            pass
        else:
            sign_in(url, resolved, language, ("supervisor", "admin"), "queues_roles")
            raise typer.Exit(open_desk(url, resolved, language, sla_s=sla))
    raise typer.Exit(
        run_until_signal(
            lambda stop: run_queues(url, resolved, json_out, sla, stop, language, limit)
        )
    )
