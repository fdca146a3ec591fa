"""`loancs console`: the agent console, or the supervisor's desk for supervisors and admins
(Textual). Signs in once first, so a wrong token or an unreachable server is one clear
line and a non-zero exit instead of a screen that waits forever."""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer

from loancs import settings
from loancs.i18n import detect_lang


def register(app: typer.Typer) -> None:
    app.command("console")(console)


STAFF = ("agent", "supervisor", "admin")


def sign_in(
    url: str,
    token: str,
    lang: str,
    allowed: tuple[str, ...] = STAFF,
    what: str = "console_roles",
    open_timeout: float = 5.0,
) -> str:
    """The role this token signs in as; exits with one line when it cannot (1: no server,
    2: the token refused), 2 when it is not one ``allowed`` here (a channel's token opened an empty console as the channel).
    A server too slow to finish the opening handshake (starved of CPU) is tried again, with
    one line saying so; a refused port or a wrong token fail at once."""
    from loancs.client import ClientError, LoancsClient
    from loancs.commands.tail import say
    from loancs.core import protocol as p

    told: list[str] = []

    def status(state: str, detail: str) -> None:
        if state == "connecting" and not told:
            told.append(detail)
            typer.echo(say("slow", lang, url=url, detail=detail), err=True)

    async def probe() -> p.Welcome:
        client = LoancsClient(
            url,
            token,
            subscribe=False,
            reconnect=False,
            client_name="loancs-console",
            lang=lang,
            on_status=status,
            open_timeout=open_timeout,
        )
        try:
            return await client.start()
        finally:
            await client.close()

    try:
        welcome = asyncio.run(probe())
    except ClientError as exc:
        from loancs.commands.tail import sign_in_error

        typer.echo(sign_in_error(exc, url, lang), err=True)
        # As tail and queues: no server 1, a refused token (the caller's mistake) 2.
        raise typer.Exit(1 if exc.code in ("unreachable", "bad_url") else 2) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if welcome.role not in allowed:
        from loancs.commands.tail import wrong_role

        typer.echo(wrong_role(welcome, what, lang), err=True)
        raise typer.Exit(2)
    return welcome.role


def open_desk(
    url: str,
    token: str,
    lang: str,
    sla_s: int = 30,
    break_minutes: float = 15.0,
    bot_minutes: float = 5.0,
) -> int:
    """Run the supervisor's desk until the user quits; returns the exit status."""
    from loancs.tui.desk.app import DeskApp
    from loancs.tui.service import LiveService

    sign_in(url, token, lang)
    app = DeskApp(
        LiveService(url, token, lang=lang),
        lang,
        sla_s=sla_s,
        break_minutes=break_minutes,
        bot_minutes=bot_minutes,
    )
    app.run()
    return app.exit_code


def console(
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            help="Server URL (else LOANCS_SERVER, the config file, ws://127.0.0.1:8765).",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", help="Agent token (else LOANCS_TOKEN or `token` in the config file)."
        ),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh or en (default: from the locale).")
    ] = None,
    view: Annotated[
        str | None,
        typer.Option(
            "--view",
            help="desk or agent (default: the desk for supervisors and admins, else the agent"
            " console).",
        ),
    ] = None,
    sla: Annotated[int, typer.Option(help="Desk: first-response SLA in seconds.")] = 30,
    break_minutes: Annotated[
        float, typer.Option(help="Desk: alert when an agent is on break longer than this.")
    ] = 15.0,
    bot_minutes: Annotated[
        float,
        typer.Option(help="Desk: alert when a customer is left with the assistant this long."),
    ] = 5.0,
) -> None:
    """Open the agent console (inbox, conversations, customer, calculator) or, signed in as
    a supervisor, the supervisor's desk (wallboard, interventions, reports).

    Example: [bold]loancs console --server ws://10.0.0.5:8765 --token lca_...[/bold]
    """
    url = settings.resolve_server(server)
    try:
        language = detect_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    resolved = settings.resolve_token(token)
    if not resolved:
        from loancs.commands.tail import no_token

        typer.echo(no_token(language), err=True)
        raise typer.Exit(2)
    if view not in (None, "desk", "agent"):
        raise typer.BadParameter("use desk or agent", param_hint="--view")
    role = sign_in(url, resolved, language)
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        # (Textual draws on stderr.) Without a terminal nobody can answer: an agent's
        # console would still sign in as available and be offered work it never sees.
        from loancs.commands.tail import say

        typer.echo(say("error", language, text=say("no_terminal", language)), err=True)
        raise typer.Exit(2)
    if view == "desk" or (view is None and role in ("supervisor", "admin")):
        raise typer.Exit(open_desk(url, resolved, language, sla, break_minutes, bot_minutes))
    from loancs.tui.app import ConsoleApp
    from loancs.tui.service import LiveService

    app = ConsoleApp(LiveService(url, resolved, lang=language), language)
    app.run()
    if app.return_code:  # could not connect or sign in: the reason was printed
        raise typer.Exit(app.return_code)
