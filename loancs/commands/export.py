"""`loancs export conversations|customers|events`: data for auditors, BI or a regulator,
personal data masked unless revealed with a reason (which is logged as an event)."""

from __future__ import annotations

import csv
import getpass
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from loancs import settings
from loancs.core.events import Kind

export_app = typer.Typer(
    help="Export conversations, customers or events (JSON Lines or CSV), masked by default.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"use YYYY-MM-DD, got {text!r}", param_hint=option) from None


def run_export(
    what: str,
    from_: str | None,
    to: str | None,
    fmt: str,
    out: Path | None,
    reveal: bool,
    reason: str | None,
    db: Path | None,
    tz_name: str,
) -> None:
    from loancs.commands.options import existing_db, sqlite_only
    from loancs.store import commands, export
    from loancs.store.db import connect_readonly, connect_sync
    from loancs.store.writer import apply_now

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("use jsonl or csv", param_hint="--format")
    if reveal and not (reason and reason.strip()):
        raise typer.BadParameter(
            "say why personal data is revealed (it is logged): --reason TEXT", param_hint="--reason"
        )
    tz = ZoneInfo(tz_name)
    first, last = _day(from_, "--from"), _day(to, "--to")
    start = int(datetime.combine(first, datetime.min.time(), tz).timestamp() * 1000) if first else 0
    end = (
        int(datetime.combine(last + timedelta(days=1), datetime.min.time(), tz).timestamp() * 1000)
        if last
        else 2**62
    )
    sqlite_only(db, "export", "this version cannot export from PostgreSQL yet")
    path = Path(existing_db(db))  # no database there: exit 2, one line
    conn = connect_readonly(path)
    total = export.count(conn, what, start, end)
    # Logged before a single row is written: who, what, which days, how many, and why.
    record = {
        "what": what,
        "from": from_,
        "to": to,
        "format": fmt,
        "rows": total,
        "revealed": reveal,
        "reason": reason.strip() if reason else None,
        "out": str(out) if out else "stdout",
    }
    try:
        # Opened before the export is logged: a wrong --out is said in a line, and the log
        # never records an export that did not happen.
        stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    except OSError as exc:
        conn.close()
        raise typer.BadParameter(
            f"cannot write {out}: {exc.strerror or exc}", param_hint="--out"
        ) from None
    written = 0
    try:
        writer_conn = connect_sync(path)
        try:
            apply_now(
                writer_conn,
                commands.RecordEvent(
                    kind=Kind.DATA_EXPORTED,
                    conversation=None,
                    actor=f"cli:{getpass.getuser()}",
                    payload=record,
                ),
            )
        finally:
            writer_conn.close()
        unseal = _unsealer(conn, path) if what == "events" else None
        if fmt == "jsonl":
            for row in export.rows(conn, what, start, end, reveal, tz, unseal):
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
        else:
            table: csv.DictWriter | None = None
            for row in export.rows(conn, what, start, end, reveal, tz, unseal):
                for line in export.csv_rows(what, row):
                    if table is None:
                        table = csv.DictWriter(stream, fieldnames=list(line))
                        table.writeheader()
                    table.writerow(line)
                written += 1
    finally:
        if out:
            stream.close()
        conn.close()
    masked = "revealed (logged)" if reveal else "personal data masked"
    typer.echo(f"exported {written} {what} ({masked}) to {out or 'stdout'}", err=True)


def _unsealer(conn, db_path: Path):
    """Event payloads carry personal fields sealed per customer; open them with the master
    key (LOANCS_MASTER_KEY, LOANCS_MASTER_KEY_FILE or <db>.key). Without a key here (an
    export from a copied backup) they stay sealed; a new key is never created."""
    import os

    from loancs.store.keys import (
        ENV_KEY,
        ENV_KEY_FILE,
        default_key_file,
        key_source,
        load_master_key,
    )
    from loancs.store.privacy import Sealer, check_master_key

    key_file = os.environ.get(ENV_KEY_FILE) or default_key_file(db_path)
    if not os.environ.get(ENV_KEY) and not Path(key_file).exists():
        typer.echo(
            f"note: no master key ({key_file}): personal fields of events stay [sealed]",
            err=True,
        )
        return None
    master = load_master_key(db_path)
    check_master_key(conn, master, key_source(db_path))
    sealer = Sealer(master)
    return lambda payload: sealer.unseal_sync(conn, payload)


FromOption = Annotated[
    str | None, typer.Option("--from", help="First day, YYYY-MM-DD in the lender's zone.")
]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day (inclusive), YYYY-MM-DD.")]
FormatOption = Annotated[str, typer.Option("--format", help="jsonl (default) or csv.")]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout).")
]
RevealOption = Annotated[
    bool,
    typer.Option("--reveal", help="Unmasked names, numbers and identities (needs --reason)."),
]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", help="Why the data is revealed; logged as an event.")
]
DbOption = Annotated[Path | None, typer.Option("--db", help="SQLite database file.")]
TzOption = Annotated[str, typer.Option("--tz", help="The lender's time zone for days and times.")]


@export_app.command("conversations")
def conversations(
    from_: FromOption = None,
    to: ToOption = None,
    fmt: FormatOption = "jsonl",
    out: OutOption = None,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    db: DbOption = None,
    tz: TzOption = settings.LENDER_TZ,
) -> None:
    """Conversations opened in the range, with their messages (CSV: one row per message).

    Example: [bold]loancs export conversations --from 2026-11-01 --to 2026-11-30 --format csv
    -o november.csv[/bold]
    """
    run_export("conversations", from_, to, fmt, out, reveal, reason, db, tz)


@export_app.command("customers")
def customers(
    from_: FromOption = None,
    to: ToOption = None,
    fmt: FormatOption = "jsonl",
    out: OutOption = None,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    db: DbOption = None,
    tz: TzOption = settings.LENDER_TZ,
) -> None:
    """Customers first seen in the range, with their identities and conversation count.

    Example: [bold]loancs export customers --reveal --reason "regulator request 2026-118"[/bold]
    """
    run_export("customers", from_, to, fmt, out, reveal, reason, db, tz)


@export_app.command("events")
def events(
    from_: FromOption = None,
    to: ToOption = None,
    fmt: FormatOption = "jsonl",
    out: OutOption = None,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    db: DbOption = None,
    tz: TzOption = settings.LENDER_TZ,
) -> None:
    """The event log in the range (seq, time, kind, actor, payload, hashes).

    Example: [bold]loancs export events --from 2026-12-01 --to 2026-12-01 | jq .kind[/bold]
    """
    run_export("events", from_, to, fmt, out, reveal, reason, db, tz)
