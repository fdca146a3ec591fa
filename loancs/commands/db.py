"""`loancs db status|migrate`: the schema version and pending migrations (docs/operations.md)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from loancs.commands.options import DB_HELP, db_target

db_app = typer.Typer(
    help="The database: schema version, pending migrations, upgrading.", no_args_is_help=True
)

DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("status")
def status(
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the schema version, applied and pending migrations. Reads only.

    Exit status 0 when up to date, 3 when migrations are pending (`loancs serve` or
    `loancs db migrate` applies them), 1 when the database is newer than this loancs,
    2 when there is no database at the path or it cannot be read.

    Example: [bold]loancs db status --db /var/lib/loancs/loancs.db[/bold]
    """
    from loancs import __version__
    from loancs.errors import DatabaseOpenError
    from loancs.store.audit import last_seq
    from loancs.store.db import connect_readonly
    from loancs.store.migrations import schema_status

    path = db_target(db)
    try:
        conn = connect_readonly(path)
    except DatabaseOpenError as exc:  # a wrong path: an operator's error, 2 as elsewhere
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        info = schema_status(conn)
        events = last_seq(conn) if info["applied"] else 0
    finally:
        conn.close()
    info = {"db": str(path), "loancs": __version__, "last_seq": events, **info}
    code = 1 if info["unknown"] else 3 if info["pending"] else 0
    if json_out:
        typer.echo(json.dumps(info, ensure_ascii=False))
        raise typer.Exit(code)
    typer.echo(f"database: {path}")
    typer.echo(f"schema version: {info['version'] or 'none (empty database)'}")
    typer.echo(f"applied: {len(info['applied'])} migrations; last event seq {events}")
    if info["pending"]:
        typer.echo(f"pending: {', '.join(info['pending'])} (applied by `loancs serve` at start")
        typer.echo("  or `loancs db migrate`; take a backup first: `loancs backup`)")
    else:
        typer.echo(f"pending: none (up to date with loancs {__version__})")
    if info["unknown"]:
        typer.echo(
            f"newer than this loancs {__version__}: {', '.join(info['unknown'])}; this version"
            " refuses to open it (run the newer one, or restore a backup from before the upgrade)"
        )
    raise typer.Exit(code)


@db_app.command("copy")
def copy(
    source: Annotated[
        str, typer.Option("--from", help="The SQLite database: sqlite:///PATH (or a path).")
    ],
    target: Annotated[
        str, typer.Option("--to", help="An empty PostgreSQL database: postgresql://USER@HOST/DB.")
    ],
) -> None:
    """Copy a lender's SQLite database into an empty PostgreSQL one, chain included.

    Every table, every row, the event log byte for byte (the chain is verified in
    PostgreSQL afterwards) and the applied migration names. Stop the server first.

    Example: [bold]loancs db copy --from sqlite:///var/lib/loancs/loancs.db --to postgresql://loancs@db1/loancs[/bold]
    """
    from loancs.errors import DatabaseOpenError
    from loancs.store.backends import postgres

    if not postgres.is_postgres(target):
        raise typer.BadParameter("use postgresql://USER@HOST/DB", param_hint="--to")
    try:
        report = postgres.copy(postgres.sqlite_path(source), target)
    except (DatabaseOpenError, postgres.CopyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except (OSError, postgres.DatabaseError) as exc:
        typer.echo(f"error: {postgres.safe_url(target)}: {exc}", err=True)
        raise typer.Exit(2) from None
    rows = sum(report.tables.values())
    typer.echo(f"copied {len(report.tables)} tables, {rows} rows to {postgres.safe_url(target)}")
    if report.chain.ok:
        typer.echo(f"all {report.chain.checked} events verify in PostgreSQL")
    else:
        typer.echo(f"BROKEN at seq {report.chain.broken_seq}: {report.chain.reason}")
        raise typer.Exit(1)


@db_app.command("migrate")
def migrate(db: DbOption = None) -> None:
    """Apply pending migrations now (each in one transaction) instead of at the next start.

    Example: [bold]loancs backup /var/backups/loancs/ && loancs db migrate[/bold]
    """
    from loancs.store.db import connect_readonly, connect_sync
    from loancs.store.migrations import schema_status

    path = db_target(db)
    before: list[str] = []
    if isinstance(path, str) or path.exists():
        conn = connect_readonly(path)
        try:
            before = schema_status(conn)["pending"]
        finally:
            conn.close()
    conn = connect_sync(path)  # applies what is pending (and refuses a newer schema)
    try:
        info = schema_status(conn)
    finally:
        conn.close()
    applied = [name for name in before if name not in info["pending"]] if before else []
    if applied:
        typer.echo(f"{path}: applied {', '.join(applied)}")
    typer.echo(f"{path}: schema version {info['version']}, nothing pending")
