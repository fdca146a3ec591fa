"""`loancs simulate`: realistic borrower traffic across phone, web chat and WeChat."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Annotated, NoReturn

import typer

from loancs import settings
from loancs.lifecycle import run_until_signal


def _cannot_sign_in(exc: Exception, url: str) -> NoReturn:
    """As console, tail and queues say it: no server there is exit 1 (the URL once), a token
    the server refuses exit 2 (it said "cannot use URL: cannot reach URL", exit 2 for both)."""
    from loancs.client import ClientError
    from loancs.commands.tail import sign_in_error
    from loancs.i18n import detect_lang

    assert isinstance(exc, ClientError)
    try:
        lang = detect_lang(None)
    except ValueError:
        lang = "en"
    typer.echo(sign_in_error(exc, url, lang), err=True)
    raise typer.Exit(1 if exc.code in ("unreachable", "bad_url") else 2) from None


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)


def _tokens(pairs: list[str] | None) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for kind in ("wechat", "phone", "chat", "system"):
        value = os.environ.get(f"LOANCS_{kind.upper()}_TOKEN")
        if value:
            tokens[kind] = value
    for pair in pairs or ():
        kind, sep, token = pair.partition("=")
        if not sep or kind not in ("wechat", "phone", "chat", "system"):
            raise typer.BadParameter(
                f"expected KIND=TOKEN with KIND wechat, phone, chat or system, got {pair!r}",
                param_hint="--channel-token",
            )
        tokens[kind] = token
    return tokens


DEFAULT_WEIGHTS = {"phone": 2, "chat": 5, "wechat": 3}


async def _channel_kind(url: str, token: str) -> str | None:
    """Which channel a token belongs to (None: not a channel token)."""
    from loancs.client import LoancsClient

    client = LoancsClient(url, token, subscribe=False, reconnect=False)
    welcome = await client.start()
    await client.close()
    return welcome.channel_kind if welcome.role == "channel" else None


def simulate(
    rate: Annotated[float, typer.Option(help="New conversations per second.")] = 1.0,
    duration: Annotated[
        float | None, typer.Option(help="Seconds to run (default: until Ctrl-C).")
    ] = None,
    mix: Annotated[
        str | None,
        typer.Option(
            help="Channel weights, e.g. phone:2,chat:5,wechat:3 (default: the channels you"
            " gave a token for, web chat when none)."
        ),
    ] = None,
    server: Annotated[str | None, typer.Option(help="loancs server URL.")] = None,
    token: Annotated[
        list[str] | None,
        typer.Option(
            "--token",
            help="A channel token (repeat); its kind (wechat, phone, chat, system) is asked"
            " from the server.",
        ),
    ] = None,
    channel_token: Annotated[
        list[str] | None,
        typer.Option(
            "--channel-token",
            help="KIND=TOKEN for wechat, phone, chat, system (repeat); or LOANCS_<KIND>_TOKEN.",
        ),
    ] = None,
    wechat_webhook: Annotated[
        str | None,
        typer.Option(help="Send WeChat traffic as signed XML to this webhook URL."),
    ] = None,
    wx_token: Annotated[str | None, typer.Option(help="The webhook's WeChat Token.")] = None,
    aes_key: Annotated[str | None, typer.Option(help="EncodingAESKey: send in safe mode.")] = None,
    appid: Annotated[str, typer.Option(help="AppID (safe mode).")] = "",
    pace: Annotated[float, typer.Option(help="Mean seconds between a customer's turns.")] = 1.0,
    seed: Annotated[int | None, typer.Option(help="Random seed (repeatable runs).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Send simulated borrowers' conversations to a server and print what it measured.

    Example: [bold]loancs simulate --token lcc_... --rate 2 --duration 60[/bold]
    (WeChat traffic with the token of a wechat channel)

    Every channel: [bold]loancs simulate --rate 2 --duration 60 --mix phone:2,chat:5,wechat:3
    --channel-token wechat=lcc_... --channel-token phone=lcc_... --channel-token
    system=lcc_...[/bold]  (web chat needs no token)
    """
    from loancs.client import ClientError
    from loancs.sim.traffic import Simulator, parse_mix

    if rate <= 0:
        raise typer.BadParameter("must be above 0", param_hint="--rate")
    url = settings.resolve_server(server)
    tokens = _tokens(channel_token)
    for value in token or ():
        try:
            kind = asyncio.run(_channel_kind(url, value))
        except ClientError as exc:
            _cannot_sign_in(exc, url)
        if kind is None:
            raise typer.BadParameter(
                "that is not a channel token (loancs channel add NAME --kind wechat)",
                param_hint="--token",
            )
        tokens[kind] = value
    if mix is None:
        mix = (
            ",".join(
                f"{kind}:{weight}"
                for kind, weight in DEFAULT_WEIGHTS.items()
                if kind in tokens or (kind == "wechat" and wechat_webhook)
            )
            or "chat:1"
        )
    try:
        weights = parse_mix(mix)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--mix") from None
    missing = [k for k, w in weights.items() if w and k not in tokens]
    if wechat_webhook and "wechat" in missing:
        missing.remove("wechat")
    if "chat" in missing:
        missing.remove("chat")  # visitors need no token
    if missing:
        raise typer.BadParameter(
            f"no token for {', '.join(missing)}: --channel-token KIND=TOKEN",
            param_hint="--channel-token",
        )
    if wechat_webhook and not wx_token:
        raise typer.BadParameter("the webhook needs --wx-token", param_hint="--wx-token")
    wechat_config = (
        {"token": wx_token, "aes_key": aes_key, "appid": appid} if wechat_webhook else None
    )
    if not json_out:
        typer.echo(f"simulating {mix} at {rate:g}/s on {url}", err=True)
    sim = Simulator(url, tokens, weights, rate, seed, wechat_webhook, wechat_config, pace=pace)

    try:
        stats = run_until_signal(lambda stop: sim.run(duration, stop))
    except ClientError as exc:
        _cannot_sign_in(exc, url)
    summary = stats.summary()
    if json_out:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="loancs simulate", show_header=False)
    for key in ("elapsed_s", "messages", "messages_per_s", "calls", "transcript_segments"):
        table.add_row(key, str(summary[key]))
    table.add_row("stage_changes", str(summary["stage_changes"]))
    table.add_row("conversations", json.dumps(summary["conversations"], ensure_ascii=False))
    table.add_row("returning_customers", str(summary["returning_customers"]))
    table.add_row("duplicates (resent, stored once)", str(summary["duplicates"]))
    table.add_row("ack ms p50/p95/p99", "{p50} / {p95} / {p99}".format(**summary["ack_ms"]))
    table.add_row("errors", json.dumps(summary["errors"]) if summary["errors"] else "none")
    if summary["webhook_status"]:
        table.add_row("webhook HTTP", json.dumps(summary["webhook_status"]))
    Console().print(table)
    if summary["errors"]:
        raise typer.Exit(1)
