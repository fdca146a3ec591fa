"""`loancs backup` and `loancs restore`: consistent copies of the database, taken while the
server runs (SQLite's backup API), checked before they count."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from loancs.commands.options import db_target, existing_db, sqlite_only


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    dest: Annotated[
        Path,
        typer.Argument(help="Backup file (*.db), or a directory for a dated loancs-*.db file."),
    ],
    db: Annotated[
        Path | None, typer.Option("--db", help="The database (default: the user data dir's).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Take a consistent online backup (the server may keep running), then check it.

    Example: [bold]loancs backup --db /var/lib/loancs/loancs.db /var/backups/loancs/[/bold]

    The copy is one self-contained file; it passes `loancs audit verify`. Exit status 0 when
    the backup is written and checks out, 2 when there is no database at --db, 1 otherwise. Scheduling: docs/operations.md.
    """
    from loancs.store.backup import backup_database

    sqlite_only(db, "backup", "back up with pg_dump or pg_basebackup (docs/deploy.md)")
    source = Path(existing_db(db))  # no database there: exit 2, as everywhere
    check = backup_database(source, dest)
    from loancs.store.keys import default_key_file

    key = default_key_file(source)
    if key.exists():
        typer.echo(
            f"note: the master key {key} is not in the backup (it is a secret): keep one copy of"
            " it apart; without it the personal fields in the backup cannot be read",
            err=True,
        )
    if json_out:
        typer.echo(json.dumps(_as_dict(check)))
    else:
        typer.echo(
            f"backup {check.path}: {check.events} events up to seq {check.last_seq}, hash chain"
            f" verified, schema {check.schema}, {check.bytes:,} bytes"
        )


def restore(
    backup_file: Annotated[Path, typer.Argument(help="A file written by `loancs backup`.")],
    db: Annotated[
        Path | None, typer.Option("--db", help="The database to replace (default: user data dir).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing database (kept as a safety copy).")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Put a backup in place of the database. Stop the server first; it is refused while a
    server holds the database open. Exit status 0 when it is in place and checks out, 2 when
    there is no backup file there or --db's directory does not exist, 1 otherwise.

    Example: [bold]loancs restore /var/backups/loancs/loancs-20261201-030000.db --db
    /var/lib/loancs/loancs.db --force[/bold]
    """
    from loancs.store.backup import restore_database

    sqlite_only(db, "restore", "restore with pg_restore or from pg_basebackup (docs/deploy.md)")
    if not backup_file.is_file():  # a mistyped path: exit 2, as a missing --db is
        from loancs.errors import DatabaseOpenError

        raise DatabaseOpenError(f"no backup at {backup_file}")
    target = Path(db_target(db))  # a mistyped directory is refused, not made
    check, safety = restore_database(backup_file, target, force)
    if json_out:
        typer.echo(
            json.dumps(
                {
                    **_as_dict(check),
                    "db": str(target),
                    "safety_copy": str(safety) if safety else None,
                }
            )
        )
        return
    typer.echo(
        f"restored {target} from {backup_file}: {check.events} events up to seq"
        f" {check.last_seq}, hash chain verified"
    )
    if safety:
        typer.echo(f"the database it replaced is kept as {safety}")


def _as_dict(check) -> dict:
    return {
        "path": str(check.path),
        "events": check.events,
        "last_seq": check.last_seq,
        "schema": check.schema,
        "bytes": check.bytes,
    }
