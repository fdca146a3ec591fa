"""`loancs demo`: everything on one machine in one command, for a first look."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from loancs.i18n import detect_lang

NO_TERMINAL = (
    "错误：演示会打开工作台，需要终端（输入或屏幕被重定向了；工作台画在 stderr 上，2> 也算）",
    "error: the demo opens the console, which needs a terminal (its input or screen is "
    "redirected; the console draws on stderr, so 2> counts too)",
)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Keep the demo database here (default: a temp dir, removed on exit)."
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", help="Port for the in-process server (0: any free port).")
    ] = 0,
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh or en (default: from the locale).")
    ] = None,
    rate: Annotated[
        float, typer.Option("--rate", help="New simulated customer conversations a minute.")
    ] = 4.0,
    traffic: Annotated[
        bool, typer.Option("--traffic/--no-traffic", help="Run simulated channel traffic.")
    ] = True,
    seed: Annotated[int, typer.Option("--seed", help="Seed for the simulated traffic.")] = 7,
) -> None:
    """Seed a demo database, start the server in-process with simulated WeChat, phone and
    web-chat traffic, and open the console as the demo agent 王芳. Quit (q) stops everything.

    Example: [bold]loancs demo --lang en[/bold]
    """
    try:
        language = detect_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    if db is not None:
        from loancs.commands.options import db_target

        db = Path(db_target(db))  # a mistyped directory: one line, exit 2
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        # (Textual draws on stderr.) `loancs demo 2>/dev/null` or a script: the console would
        # draw where nobody sees it, and the demo would run until killed.
        zh, en = NO_TERMINAL
        typer.echo(zh if language == "zh" else en, err=True)
        raise typer.Exit(2)
    workdir: Path | None = None
    if db is None:
        workdir = Path(tempfile.mkdtemp(prefix="loancs-demo-"))
        db_path = workdir / "demo.db"
    else:
        db_path = db
        if db_path.exists():
            typer.echo(
                f"error: {db_path} exists; the demo seeds a fresh database (pick a new path)",
                err=True,
            )
            raise typer.Exit(2)
    log_path = (workdir or db_path.parent) / "demo.log"
    logging.basicConfig(
        filename=str(log_path),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        code = asyncio.run(
            _run(
                db_path,
                port,
                language,
                rate if traffic else 0.0,
                seed,
                log_path,
                kept=workdir is None,
            )
        )
    except OSError as exc:
        typer.echo(f"error: cannot start the demo server: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    if code:  # the console failed (its error is printed above): say so to the shell
        raise typer.Exit(code)


def _banner(url: str, supervisor: str, db_path: Path, log_path: Path) -> list[str]:
    return [
        f"loancs demo: server {url}  (database {db_path})",
        f"supervisor token: {supervisor}",
        "in a second terminal, watch it live:",
        f"  loancs tail --server {url} --token {supervisor}",
        f"log: {log_path}",
    ]


async def _run(
    db_path: Path,
    port: int,
    lang: str,
    rate: float,
    seed: int,
    log_path: Path,
    *,
    kept: bool = True,
) -> int:
    """Run the demo; the console's return code (non-zero when it failed). ``kept``: the
    database stays after the demo (``--db``) rather than going with its temp dir."""
    from loancs.demo.seed import seed as seed_db
    from loancs.demo.traffic import demo_traffic
    from loancs.server.app import LoancsServer, ServerConfig
    from loancs.tui.app import ConsoleApp
    from loancs.tui.service import LiveService

    accounts = await seed_db(db_path, int(time.time() * 1000))
    # Offers wait a minute and a newcomer is not sent on break for missing a few.
    routing = {"offer_timeout_ms": 60_000, "max_missed_offers": 10}
    from loancs.core.config import parse_server_file
    from loancs.demo.assistant_showcase import CONFIG, showcase

    server = LoancsServer(
        ServerConfig(
            db_path=db_path,
            port=port,
            synchronous="NORMAL",
            routing=routing,
            file=parse_server_file(CONFIG),  # the assistant answers web chat first
        )
    )
    await server.start()
    url = server.url
    lines = _banner(url, accounts.tokens["supervisor"], db_path, log_path)
    for line in lines:
        typer.echo(line)
    stop = asyncio.Event()
    traffic = None
    if rate > 0:
        traffic = asyncio.create_task(demo_traffic(url, accounts.tokens, stop, rate, seed))
    bot = asyncio.create_task(showcase(server, accounts.tokens, stop)) if rate > 0 else None
    await asyncio.sleep(1.5)  # long enough to read the token before the console opens
    app = ConsoleApp(
        LiveService(url, accounts.tokens["agent"], lang=lang),
        lang,
        demo_info=f"loancs tail --server {url} --token {accounts.tokens['supervisor']}",
    )
    try:
        await app.run_async()
    finally:
        stop.set()
        if traffic is not None:
            with contextlib.suppress(asyncio.TimeoutError, Exception):
                await asyncio.wait_for(traffic, 10)
        if bot is not None:
            with contextlib.suppress(asyncio.TimeoutError, Exception):
                await asyncio.wait_for(bot, 10)
        await server.stop("demo finished")
    # What is true now: the server is down (no "watch it live" line for a server that is
    # gone) and the database is either kept, and can be served again, or removed with its
    # temp dir.
    if kept:
        typer.echo(f"the demo database is kept: {db_path}")
        typer.echo(f"  serve it again: loancs serve --db {db_path}")
    else:
        typer.echo("the demo's temp database is removed (keep one with: loancs demo --db PATH)")
    typer.echo("demo stopped")
    return app.return_code or 0
