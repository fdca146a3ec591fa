"""`loancs serve`: the websocket server."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated

import typer

from loancs import settings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default).")
    ] = settings.DEFAULT_HOST,
    port: Annotated[
        int, typer.Option(help="Port for websocket clients and /healthz.")
    ] = settings.DEFAULT_PORT,
    db: Annotated[
        Path | None, typer.Option(help="SQLite database file (created and migrated).")
    ] = None,
    max_frame: Annotated[int, typer.Option(help="Largest accepted frame in bytes.")] = 64 * 1024,
    tls_cert: Annotated[
        Path | None, typer.Option(help="PEM certificate: serve wss:// instead of ws://.")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="PEM private key for --tls-cert.")] = None,
    rules: Annotated[
        Path | None, typer.Option(help="Lender's compliance rule file (reloaded on change).")
    ] = None,
    chat_origin: Annotated[
        list[str] | None, typer.Option(help="Origin allowed to embed the web chat (repeat).")
    ] = None,
    sync: Annotated[
        str, typer.Option(help="SQLite synchronous mode: full (survives power loss) or normal.")
    ] = "full",
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Run the server: merges channel traffic into one store and streams every change live.

    Example: [bold]loancs serve --db /srv/loancs/loancs.db --port 8765[/bold]
    """
    from loancs.server.app import LoancsServer, ServerConfig

    if bool(tls_cert) != bool(tls_key):
        raise typer.BadParameter("--tls-cert and --tls-key go together", param_hint="--tls-cert")
    if sync.lower() not in ("full", "normal"):
        raise typer.BadParameter("use full or normal", param_hint="--sync")
    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    db_path = db or settings.default_db_path()
    config = ServerConfig(
        db_path=db_path,
        host=host,
        port=port,
        max_frame=max_frame,
        tls_cert=tls_cert,
        tls_key=tls_key,
        rules_path=rules,
        chat_origins=tuple(chat_origin or ()),
        synchronous=sync.upper(),
    )
    server = LoancsServer(config)

    def ready() -> None:
        typer.echo(
            f"loancs serving on {server.url}  (health: {server.url.replace('ws', 'http', 1)}/healthz)"
        )
        typer.echo(f"data: {db_path}")
        typer.echo("stop with Ctrl-C (SIGINT) or SIGTERM", err=True)

    try:
        asyncio.run(server.serve_until_signal(ready))
    except OSError as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo("loancs stopped; every acknowledged event is on disk")
