"""Checks shared by the long-running commands (serve, gateway): an option's value that cannot
be used becomes a usage error naming the option (exit 2), not a traceback."""

from __future__ import annotations

from pathlib import Path

import typer


def host_port_option(value: str, option: str) -> tuple[str, int]:
    """``HOST:PORT`` or ``[IPv6]:PORT`` from an option (loancs/netutil.py's rules)."""
    from loancs.netutil import parse_host_port

    try:
        return parse_host_port(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def logging_options(
    level: str, fmt: str, file: Path | None, max_bytes: int = 10 * 1024 * 1024, backups: int = 5
) -> None:
    """Set up logging from --log-level/--log-format/--log-file (loancs/logs.py)."""
    from loancs.logs import setup_logging

    try:
        setup_logging(level.lower(), fmt.lower(), file, max_bytes, backups)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--log-level/--log-format") from None
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot open the log file: {exc.strerror or exc}", param_hint="--log-file"
        ) from None


DB_HELP = "SQLite database file, or postgresql://USER@HOST/DB (default: the user data dir's)."


def db_target(value: str | Path | None, config: Path | None = None) -> Path | str:
    """A --db value: a postgresql:// URL as given, else a SQLite file (default: the user
    data directory's loancs.db, whose directory is made on first use). A file given whose
    directory does not exist is refused (DatabaseOpenError, exit 2): a mistyped path would
    otherwise start a fresh, empty store. ``config``: the server file the value came from."""
    from loancs import settings
    from loancs.store.backends import is_postgres

    if value is None:
        return settings.default_db_path()
    if is_postgres(value):
        return str(value)
    path = Path(value).expanduser()
    if not path.parent.is_dir():
        from loancs.errors import DatabaseOpenError

        what = "is not a directory" if path.parent.exists() else "does not exist"
        given = f"{config}: [server] db = {path}" if config else f"--db {path}"
        raise DatabaseOpenError(
            f"{given}: the directory {path.parent} {what}"
            " (mistyped? if the path is right, make the directory first)"
        )
    return path


def existing_db(value: str | Path | None) -> Path | str:
    """A --db value for a command that reads or changes what is already there (list, disable,
    privacy): a SQLite file that does not exist is an error naming it (exit 2), not a new
    empty database whose empty answer would hide a mistyped path."""
    from loancs.errors import DatabaseOpenError

    target = db_target(value)
    if isinstance(target, Path) and not target.is_file():
        raise DatabaseOpenError(f"no database at {target}")
    return target


def sqlite_only(value: Path | None, command: str, instead: str) -> None:
    """Commands that work on a SQLite file only: a PostgreSQL URL gets one clear line."""
    # Typer made a Path of it, which folds the URL's "//".
    if value is not None and str(value).startswith(("postgresql:", "postgres:")):
        typer.echo(
            f"error: `loancs {command}` works on a SQLite file; on PostgreSQL, {instead}", err=True
        )
        raise typer.Exit(2)
