"""`loancs audit verify`: walk the event log's hash chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from loancs import settings

audit_app = typer.Typer(help="Check the tamper-evident event log.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLite database file, or postgresql://USER@HOST/DB."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recompute every event's hash; report the first broken link or that all verify.

    Exit status 0 when the chain is intact, 1 when it is broken, 2 when there is no
    database at the path, it cannot be read, or a newer loancs migrated it.
    Example: [bold]loancs audit verify --db /srv/loancs/loancs.db[/bold]
    Example: [bold]loancs audit verify --db postgresql://loancs@db1/loancs[/bold]
    """
    from loancs.errors import DatabaseOpenError
    from loancs.store.audit import refuse_newer, verify_log
    from loancs.store.backends import postgres
    from loancs.store.db import connect_readonly

    if postgres.is_postgres(db):
        assert db is not None
        try:
            report = postgres.verify_log(db)
        except (OSError, postgres.DatabaseError) as exc:
            typer.echo(f"error: cannot read the log at {postgres.safe_url(db)}: {exc}", err=True)
            raise typer.Exit(2) from None
    else:
        path = Path(db) if db else settings.default_db_path()
        try:
            conn = connect_readonly(path)
            refuse_newer(conn)  # a newer loancs's rows: exit 2 (1 says the chain is broken)
        except DatabaseOpenError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        report = verify_log(conn)
    if json_out:
        typer.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "checked": report.checked,
                    "broken_seq": report.broken_seq,
                    "reason": report.reason,
                }
            )
        )
    elif report.ok:
        typer.echo(f"all {report.checked} events verify{_meta_note(report.meta_since)}")
    else:
        typer.echo(
            f"BROKEN at seq {report.broken_seq}: {report.reason} "
            f"({report.checked} events before it verify)"
        )
    raise typer.Exit(0 if report.ok else 1)


def _meta_note(since: int | None) -> str:
    """Which events' meta the chain covers (migration 0039_meta_under_hash)."""
    if since is None:
        return " (their meta is not covered by the hash: run `loancs db migrate`)"
    if since <= 1:
        return " (meta included)"
    return f" (meta included from seq {since} on; events before it were hashed without it)"
