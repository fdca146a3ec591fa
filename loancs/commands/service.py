"""`loancs service install|uninstall|show`: run the server under systemd (docs/operations.md).

The unit runs `loancs serve` in the foreground; systemd restarts it on failure, stops it with
one SIGTERM to its control group (the writer child ignores it and exits with its server), and
journald keeps its log (``journalctl --user -u loancs``); JSON lines by default so a log
shipper can read them. ``--log-file`` logs to a rotating file instead."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from loancs import settings

service_app = typer.Typer(
    help="Run the server as a systemd service (user or system unit).", no_args_is_help=True
)
UNIT_NAME = "loancs.service"
SYSTEM_DIR = Path("/etc/systemd/system")


def register(app: typer.Typer) -> None:
    app.add_typer(service_app, name="service")


def user_unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def serve_command(
    db: Path,
    config: Path | None,
    host: str | None,
    port: int | None,
    log_format: str,
    log_file: Path | None,
) -> list[str]:
    """The ExecStart line: this interpreter (a pipx or venv install keeps working)."""
    argv = [sys.executable, "-m", "loancs", "serve", "--db", str(db)]
    if config is not None:
        argv += ["--config", str(config)]
    if host:
        argv += ["--host", host]
    if port is not None:
        argv += ["--port", str(port)]
    argv += ["--log-format", log_format]
    if log_file is not None:
        argv += ["--log-file", str(log_file)]
    return argv


def unit_text(
    argv: list[str],
    system: bool,
    user: str | None,
    writable: list[Path],
    private_tmp: bool = True,
) -> str:
    exec_start = " ".join(shlex.quote(a) for a in argv)
    lines = [
        "# Written by `loancs service install`; see docs/operations.md.",
        "[Unit]",
        "Description=loancs customer-service server (phone, web chat, WeChat)",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={exec_start}",
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=on-failure",
        "RestartSec=2",
        # One SIGTERM to the whole control group; the server drains, then exits 0.
        "KillSignal=SIGTERM",
        "TimeoutStopSec=30",
        "LimitNOFILE=65536",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes"
        if private_tmp
        else "# PrivateTmp off: the database, config or log is under /tmp (a private /tmp hid it)",
    ]
    if system:
        if user:
            lines += [f"User={user}", f"Group={user}"]
        lines += [
            "StateDirectory=loancs",
            "StateDirectoryMode=0700",
            "ProtectSystem=strict",
            "ProtectHome=read-only",
            "ReadWritePaths=" + " ".join(shlex.quote(str(p)) for p in writable),
        ]
    lines += [
        "",
        "[Install]",
        f"WantedBy={'multi-user.target' if system else 'default.target'}",
        "",
    ]
    return "\n".join(lines)


def _plan(
    user_mode: bool,
    system_mode: bool,
    db: Path | None,
    config: Path | None,
    host: str | None,
    port: int | None,
    log_format: str,
    log_file: Path | None,
    run_as: str | None,
) -> tuple[Path, str]:
    if user_mode == system_mode:
        raise typer.BadParameter("say --user or --system", param_hint="--user/--system")
    if log_format not in ("json", "text"):
        raise typer.BadParameter("use json or text", param_hint="--log-format")
    state_dir = Path("/var/lib/loancs")  # StateDirectory=loancs: systemd makes it
    if db is not None and not (system_mode and db.expanduser().absolute().parent == state_dir):
        from loancs.commands.options import db_target

        db_target(db)  # a mistyped directory: refused now, not at the service's first start
    if system_mode:
        db = db or state_dir / "loancs.db"
        if config is None and Path("/etc/loancs/loancs.toml").exists():
            config = Path("/etc/loancs/loancs.toml")
    else:
        db = db or settings.default_db_path()
    db = db.expanduser().absolute()
    config = config.expanduser().absolute() if config else None
    log_file = log_file.expanduser().absolute() if log_file else None
    if config is not None and not config.is_file():
        raise typer.BadParameter(f"no config file at {config}", param_hint="--config")
    if config is not None:  # refuse a unit that would fail at its first start
        from loancs.commands.serve import load_server_config

        load_server_config(config)
    writable = [db.parent] + ([log_file.parent] if log_file else [])
    argv = serve_command(db, config, host, port, log_format, log_file)
    # The service's private /tmp would be another directory: a database there (a trial) was
    # a new, empty one for the service.
    in_tmp = any(
        path.is_relative_to(tmp)
        for path in (db, config, log_file)
        if path is not None
        for tmp in (Path("/tmp"), Path("/var/tmp"))
    )
    text = unit_text(argv, system_mode, run_as, writable, private_tmp=not in_tmp)
    target = (SYSTEM_DIR if system_mode else user_unit_dir()) / UNIT_NAME
    return target, text


@service_app.command("install")
def install(
    user: Annotated[bool, typer.Option("--user", help="A user unit (systemctl --user).")] = False,
    system: Annotated[
        bool, typer.Option("--system", help="A system unit in /etc/systemd/system (root).")
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            help="Database (default: user data dir; /var/lib/loancs/loancs.db for --system)."
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            help="The --config file (default for --system: /etc/loancs/loancs.toml if present)."
        ),
    ] = None,
    host: Annotated[str | None, typer.Option(help="Listen address (else the config's).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (else the config's, 8765).")] = None,
    log_format: Annotated[
        str, typer.Option(help="json (default, for log shippers) or text.")
    ] = "json",
    log_file: Annotated[
        Path | None, typer.Option(help="Log to a rotating file instead of the journal.")
    ] = None,
    run_as: Annotated[
        str | None, typer.Option(help="--system: the user the server runs as (create it first).")
    ] = None,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the unit instead of writing it.")
    ] = False,
) -> None:
    """Write a systemd unit that runs `loancs serve`; print how to start it.

    Example: [bold]loancs service install --user --config ~/.config/loancs/server.toml[/bold]

    System-wide: [bold]sudo loancs service install --system --run-as loancs[/bold]
    """
    target, text = _plan(user, system, db, config, host, port, log_format, log_file, run_as)
    if print_only:
        typer.echo(text, nl=False)
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        hint = " (run it as root, e.g. with sudo)" if system else ""
        typer.echo(f"error: cannot write {target}: {exc.strerror or exc}{hint}", err=True)
        raise typer.Exit(1) from None
    ctl = "systemctl --user" if user else "systemctl"
    journal = "journalctl --user -u loancs" if user else "journalctl -u loancs"
    typer.echo(f"wrote {target}")
    typer.echo("start it now and at every boot:")
    typer.echo(f"  {ctl} daemon-reload && {ctl} enable --now loancs")
    if user:
        typer.echo("  loginctl enable-linger $USER   # keep it running after you log out")
    typer.echo(f"status: {ctl} status loancs    log: {journal} -f")


@service_app.command("show")
def show(
    user: Annotated[bool, typer.Option("--user", help="The user unit.")] = False,
    system: Annotated[bool, typer.Option("--system", help="The system unit.")] = False,
) -> None:
    """Print the installed unit file.

    Example: [bold]loancs service show --user[/bold]
    """
    if user == system:
        raise typer.BadParameter("say --user or --system", param_hint="--user/--system")
    target = (SYSTEM_DIR if system else user_unit_dir()) / UNIT_NAME
    if not target.exists():
        typer.echo(f"error: no unit at {target} (loancs service install)", err=True)
        raise typer.Exit(1)
    typer.echo(target.read_text(encoding="utf-8"), nl=False)


@service_app.command("uninstall")
def uninstall(
    user: Annotated[bool, typer.Option("--user", help="The user unit.")] = False,
    system: Annotated[bool, typer.Option("--system", help="The system unit.")] = False,
) -> None:
    """Remove the unit file (stop and disable the service first: systemctl disable --now loancs).

    Example: [bold]systemctl --user disable --now loancs && loancs service uninstall --user[/bold]
    """
    if user == system:
        raise typer.BadParameter("say --user or --system", param_hint="--user/--system")
    target = (SYSTEM_DIR if system else user_unit_dir()) / UNIT_NAME
    if not target.exists():
        typer.echo(f"no unit at {target}")
        return
    ctl = ["systemctl"] + (["--user"] if user else [])
    running = shutil.which("systemctl") is not None and (
        subprocess.run([*ctl, "is-active", "--quiet", "loancs"], capture_output=True).returncode
        == 0
    )
    if running:
        typer.echo(
            f"error: the service is running; first: {' '.join(ctl)} disable --now loancs", err=True
        )
        raise typer.Exit(1)
    target.unlink()
    typer.echo(f"removed {target}; {' '.join(ctl)} daemon-reload")
