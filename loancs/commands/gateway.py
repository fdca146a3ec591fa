"""`loancs gateway wechat|phone`: channel gateways as their own processes.

Each is a channel-role protocol client of a loancs server (a channel token from
`loancs channel add NAME --kind wechat|phone`)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from loancs import settings
from loancs.commands.options import host_port_option, logging_options
from loancs.lifecycle import stop_on_signals

gateway_app = typer.Typer(
    help="Channel gateways: WeChat Official Account webhook, Asterisk AMI phone events.",
    no_args_is_help=True,
)

ServerOption = Annotated[
    str | None, typer.Option("--server", help="loancs server URL (ws:// or wss://).")
]
TokenOption = Annotated[
    str | None, typer.Option("--token", help="Channel token (or LOANCS_TOKEN).", show_default=False)
]
LogOption = Annotated[str, typer.Option("--log-level", help="debug, info, warning or error.")]
LogFormatOption = Annotated[
    str, typer.Option("--log-format", help="text or json (one object a line, for log shippers).")
]
LogFileOption = Annotated[
    Path | None, typer.Option("--log-file", help="Log to this file, rotated by size.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(gateway_app, name="gateway")


def _token(token: str | None) -> str:
    resolved = settings.resolve_token(token)
    if not resolved:
        raise typer.BadParameter(
            "give the channel token with --token or LOANCS_TOKEN", param_hint="--token"
        )
    return resolved


def _run_gateway(
    url: str, kind: str, start: Callable[[], Awaitable[Any]], banner: Callable[[Any], str]
) -> None:
    """Start a gateway, say where it listens, run until SIGINT/SIGTERM, then close it.
    A token of another kind (an agent's, another channel's) is refused at once: the server
    would refuse every message the gateway passes on."""
    from loancs.client import ClientError

    async def run() -> None:
        # Signals are heard from the start: a gateway started before its server retries
        # until it answers, and SIGTERM (systemctl stop) or ctrl+c then stops it cleanly,
        # exit 0, instead of killing it mid-retry (exit 143, or 130 and a traceback).
        stop = stop_on_signals()
        starting = asyncio.ensure_future(start())
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            typer.echo(f"stopped before {url} answered", err=True)
            return
        stopping.cancel()
        try:
            gateway = starting.result()
        except ClientError as exc:
            _fail(f"cannot connect to {url}: {exc.message}")
        welcome = gateway.client.welcome
        if welcome is not None and (welcome.role != "channel" or welcome.channel_kind != kind):
            await gateway.close()
            what = welcome.channel_kind if welcome.role == "channel" else welcome.role
            _fail(
                f"that token is {welcome.name}'s ({what}), not a {kind} channel's: "
                f"loancs channel add NAME --kind {kind} prints one"
            )
        typer.echo(banner(gateway))
        try:
            await stop.wait()
        finally:
            await gateway.close()

    asyncio.run(run())


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@gateway_app.command("wechat")
def wechat(
    wx_token: Annotated[
        str, typer.Option("--wx-token", help="The Token set in the Official Account console.")
    ],
    server: ServerOption = None,
    token: TokenOption = None,
    listen: Annotated[str, typer.Option(help="Where the webhook listens.")] = "127.0.0.1:8780",
    path: Annotated[str, typer.Option(help="Webhook path.")] = "/wechat",
    aes_key: Annotated[
        str | None, typer.Option("--aes-key", help="EncodingAESKey (43 chars): safe mode.")
    ] = None,
    appid: Annotated[str, typer.Option(help="AppID (safe mode check, access token).")] = "",
    secret: Annotated[
        str, typer.Option(help="AppSecret for the access token (or WECHAT_SECRET).")
    ] = "",
    api_base: Annotated[
        str, typer.Option("--api-base", help="WeChat API base URL (a local fake in tests).")
    ] = "https://api.weixin.qq.com",
    window_hours: Annotated[float, typer.Option(help="Reply window after a message.")] = 48.0,
    quota: Annotated[int, typer.Option(help="Replies allowed per customer message.")] = 20,
    state: Annotated[
        Path | None, typer.Option(help="Gateway state file (OpenIDs, last seq).")
    ] = None,
    log_level: LogOption = "info",
    log_format: LogFormatOption = "text",
    log_file: LogFileOption = None,
) -> None:
    """Receive WeChat Official Account pushes and send agents' replies back.

    Example: [bold]loancs gateway wechat --token lcc_... --wx-token mytoken --appid wx123
    --secret S --listen 0.0.0.0:8780[/bold]  (URL to configure: http://HOST:8780/wechat)
    """
    import os

    from loancs.channels.wechat_gateway import WeChatConfig, start_wechat_gateway

    logging_options(log_level, log_format, log_file)
    host, port = host_port_option(listen, "--listen")
    if aes_key is not None and len(aes_key) != 43:
        raise typer.BadParameter("EncodingAESKey is 43 characters", param_hint="--aes-key")
    state_path = state or settings.data_dir() / "wechat-gateway.db"
    config = WeChatConfig(
        token=wx_token,
        appid=appid,
        secret=secret or os.environ.get("WECHAT_SECRET", ""),
        aes_key=aes_key,
        api_base=api_base,
        path=path,
        window_hours=window_hours,
        quota=quota,
        state_path=state_path,
    )
    state_path.parent.mkdir(parents=True, exist_ok=True)
    url, channel_token = settings.resolve_server(server), _token(token)

    async def start() -> Any:
        try:
            return await start_wechat_gateway(url, channel_token, host, port, config)
        except OSError as exc:
            _fail(f"cannot listen on {listen}: {exc.strerror or exc}")

    _run_gateway(url, "wechat", start, lambda gw: f"wechat gateway: webhook {gw.url} -> {url}")


@gateway_app.command("phone")
def phone(
    ami: Annotated[str, typer.Option("--ami", help="Asterisk manager HOST:PORT.")],
    user: Annotated[str, typer.Option("--user", help="AMI username (manager.conf).")],
    secret: Annotated[
        str | None, typer.Option("--secret", help="AMI secret (or AMI_SECRET).")
    ] = None,
    server: ServerOption = None,
    token: TokenOption = None,
    log_level: LogOption = "info",
    log_format: LogFormatOption = "text",
    log_file: LogFileOption = None,
) -> None:
    """Turn Asterisk AMI events into call started / answered / ended with a screen-pop.

    Example: [bold]loancs gateway phone --ami 10.0.0.5:5038 --user loancs --secret S
    --token lcc_...[/bold]
    """
    import os

    from loancs.channels.phone_gateway import PhoneGateway

    logging_options(log_level, log_format, log_file)
    host, port = host_port_option(ami, "--ami")
    ami_secret = secret or os.environ.get("AMI_SECRET")
    if not ami_secret:
        raise typer.BadParameter("give --secret or AMI_SECRET", param_hint="--secret")
    url, channel_token = settings.resolve_server(server), _token(token)

    async def start() -> Any:
        gw = PhoneGateway(url, channel_token, host, port, user, ami_secret)
        try:
            await gw.start()
        except BaseException:  # stopped while waiting for the server, or refused
            await gw.close()
            raise
        return gw

    _run_gateway(url, "phone", start, lambda gw: f"phone gateway: AMI {host}:{port} -> {url}")
