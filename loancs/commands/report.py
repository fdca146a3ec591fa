"""`loancs report`: what the floor did, from the report aggregates (never by scanning
messages): topics, service, agents, compliance, CSAT and the assistant, as a table, CSV,
JSON or a terminal chart."""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from loancs import settings
from loancs.commands.options import DB_HELP, db_target
from loancs.core.report_format import ASIDE, RATIOS, cell, column_label, two_lines
from loancs.i18n import detect_lang

# The figure each report charts by default.
CHART = {
    "topics": "messages",
    "service": "service_level",
    "agents": "conversations",
    "compliance": "warnings",
    "csat": "score_avg",
    "assistant": "containment",
}
TITLES = {
    "topics": ("咨询主题", "Topics"),
    "service": ("服务", "Service"),
    "agents": ("坐席", "Agents"),
    "compliance": ("合规", "Compliance"),
    "csat": ("客户满意度", "CSAT"),
    "assistant": ("智能助手", "Assistant"),
}


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def as_table(data: dict[str, Any], lang: str, narrow: bool = False) -> Table:
    """The report as a table; ``narrow`` (it is wider than the screen): short labels, and
    the text figures (outcomes) left out for :func:`aside_lines` to list under it."""
    zh, en = TITLES[data["report"]]
    tz = ZoneInfo(settings.LENDER_TZ)
    first = datetime.fromtimestamp(data["from"] / 1000, tz).date()
    last = datetime.fromtimestamp(data["to"] / 1000 - 1, tz).date()
    title = f"{zh if lang == 'zh' else en}  {first} – {last}"
    if data.get("sla_s"):
        title += f"  (SLA {data['sla_s']} s)"
    # At least as wide as its title, so that the title stays on one line ("Service
    # 2026-11-27 –" above "2026-12-03 (SLA 30 s)" read badly over a two-column table).
    table = Table(title=title, title_justify="left", min_width=cell_len(title))
    columns = data["columns"]
    shown = [i for i, name in enumerate(columns) if not (narrow and name in ASIDE)]
    if len(columns) > 7 and 0 < len(data["rows"]) <= 4:
        # Many figures for few groups: one figure a line reads better in 80 columns.
        table.add_column("")
        for row in data["rows"]:
            table.add_column(cell("group", row[0], data["by"], lang), justify="right")
        for i in shown[1:]:
            table.add_row(
                column_label(columns[i], lang, narrow),
                *(Text(cell(columns[i], row[i], data["by"], lang)) for row in data["rows"]),
            )
        return table
    for i in shown:
        name = columns[i]
        label = column_label(name, lang, narrow)
        table.add_column(
            two_lines(label) if narrow else label, justify="left" if name == "group" else "right"
        )
    for row in data["rows"]:
        table.add_row(*(Text(cell(columns[i], row[i], data["by"], lang)) for i in shown))
    if not data["rows"] and not narrow:  # (narrow: under the table, where it is not cut)
        table.add_row(*([_empty(lang)] + [""] * (len(shown) - 1)))
    return table


def _empty(lang: str) -> str:
    return "(no data)" if lang == "en" else "（无数据）"


def aside_lines(data: dict[str, Any], lang: str) -> list[str]:
    """What a narrow table leaves out: the text figures, one group a line (or that there
    is no data)."""
    columns, by = data["columns"], data["by"]
    if not data["rows"]:
        return [_empty(lang)]
    return [
        f"{cell('group', row[0], by, lang)} · {column_label(name, lang)}: {cell(name, v, by, lang)}"
        for row in data["rows"]
        for name, v in zip(columns, row, strict=True)
        if name in ASIDE
    ]


def as_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(data["columns"])
    writer.writerows(data["rows"])
    return buf.getvalue()


def as_chart(data: dict[str, Any], lang: str, width: int = 100, height: int = 20) -> str:
    import plotext as plt

    figure = CHART[data["report"]]
    columns = data["columns"]
    index = columns.index(figure)
    series: dict[str, float] = {}
    for row in data["rows"]:
        label = cell("group", row[0], data["by"], lang)
        if data["report"] in ("topics", "compliance"):
            key = cell(columns[1], row[1], data["by"], lang)
            label = key if data["by"] is None else f"{label} {key}"
        value = row[index] or 0
        series[label] = series.get(label, 0) + (value * 100 if figure in RATIOS else value)
    plt.clf()
    plt.plotsize(width, height)
    plt.theme("clear")
    title = column_label(figure, lang) + (" %" if figure in RATIOS else "")
    plt.title(title)
    if series:
        plt.bar(list(series), list(series.values()), orientation="horizontal", width=0.3)
    text = plt.build()
    return text if sys.stdout.isatty() else plt.uncolorize(text)


def parse_day(value: str | None, default: date, option: str = "--from") -> date:
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2026-12-01", param_hint=option
        ) from None


def compute(
    db: Path | str,
    name: str,
    first: date,
    last: date,
    by: str | None,
    sla_s: int = 30,
) -> tuple[dict[str, Any], dict[str, float]]:
    """Catch the aggregates up with the log, then read the report. Returns the report and
    timings in seconds (catch-up, read)."""
    from loancs.store import reports
    from loancs.store.db import connect_sync

    conn = connect_sync(db)
    try:
        t0 = time.perf_counter()
        reports.catch_up(conn)
        t1 = time.perf_counter()
        window = reports.Window.days(first, last, settings.LENDER_TZ)
        data = reports.report(conn, name, window, by, sla_s)
        t2 = time.perf_counter()
    finally:
        conn.close()
    return data, {"catch_up_s": t1 - t0, "report_s": t2 - t1}


def report(
    name: Annotated[
        str, typer.Argument(help="topics, service, agents, compliance, csat or assistant.")
    ],
    from_: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD, default: 6 days ago).")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    by: Annotated[
        str | None, typer.Option(help="Group by day, week, channel, queue, agent or product.")
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    chart: Annotated[bool, typer.Option("--chart", help="Also draw a terminal chart.")] = False,
    sla: Annotated[int, typer.Option(help="First-response SLA in seconds (steps of 5).")] = 30,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    lang: Annotated[str | None, typer.Option(help="zh or en (default: from the locale).")] = None,
    timing: Annotated[bool, typer.Option("--timing", help="Print how long it took.")] = False,
) -> None:
    """Reports a lender runs on, from aggregates kept up to date from the event log.

    Example: [bold]loancs report topics --from 2026-11-01 --to 2026-11-30 --by week --chart[/bold]
    """
    from loancs.store.reports import BY, REPORTS

    if name not in REPORTS:
        raise typer.BadParameter(f"use one of {', '.join(REPORTS)}", param_hint="NAME")
    if by is not None and by not in BY:
        raise typer.BadParameter(f"use one of {', '.join(BY)}", param_hint="--by")
    if format_ not in ("table", "csv", "json"):
        raise typer.BadParameter("use table, csv or json", param_hint="--format")
    try:
        language = detect_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    today = datetime.now(ZoneInfo(settings.LENDER_TZ)).date()
    last = parse_day(to, today, "--to")
    first = parse_day(from_, last - timedelta(days=6), "--from")
    if first > last:
        raise typer.BadParameter("--from is after --to", param_hint="--from")
    path = db_target(db)
    if isinstance(path, Path) and not path.exists():
        typer.echo(f"error: no database at {path} (pass --db)", err=True)
        raise typer.Exit(2)
    data, took = compute(path, name, first, last, by, sla)
    if format_ == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif format_ == "csv":
        sys.stdout.write(as_csv(data))
    else:
        console = Console()
        table = as_table(data, language)
        natural = console.measure(table, options=console.options.update_width(10_000))
        narrow = natural.maximum > console.width
        if narrow:  # wider than the screen: short labels, the outcomes under the table
            table = as_table(data, language, narrow=True)
        console.print(table)
        for line in aside_lines(data, language) if narrow else []:
            console.print(Text(line))
        for group, n in (data.get("blocked_sends") or {}).items():
            label = "拒发的回复" if language == "zh" else "refused replies"
            console.print(Text(f"  {label} ({cell('group', group, data['by'], language)}): {n}"))
        for c in data.get("comments") or ():
            console.print(
                Text(
                    f"  #{c['conversation']} {c['agent'] or '-'} {'★' * c['score']}  {c['comment']}"
                )
            )
    if chart:
        sys.stdout.write(as_chart(data, language) + "\n")
    if timing:
        typer.echo(
            f"catch-up {took['catch_up_s'] * 1000:.0f} ms, report {took['report_s'] * 1000:.0f} ms",
            err=True,
        )
