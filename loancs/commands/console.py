"""`loancs console`: the agent console (Textual)."""

from __future__ import annotations

from typing import Annotated

import typer

from loancs import settings
from loancs.i18n import detect_lang


def register(app: typer.Typer) -> None:
    app.command("console")(console)


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
) -> None:
    """Open the agent console: inbox, conversations, customer, calculator, all from the keyboard.

    Example: [bold]loancs console --server ws://10.0.0.5:8765 --token lca_...[/bold]
    """
    from loancs.tui.app import ConsoleApp
    from loancs.tui.service import LiveService

    url = settings.resolve_server(server)
    resolved = settings.resolve_token(token)
    if not resolved:
        typer.echo(
            'error: no token: pass --token, set LOANCS_TOKEN, or put token = "..." in '
            f"{settings.config_path()}",
            err=True,
        )
        raise typer.Exit(2)
    try:
        language = detect_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    app = ConsoleApp(LiveService(url, resolved, lang=language), language)
    app.run()
    if app.return_code:  # could not connect or sign in: the reason was printed
        raise typer.Exit(app.return_code)
