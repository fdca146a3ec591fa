"""`loancs serve`: the websocket server (plus, when asked, the WeChat webhook)."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Annotated

import msgspec
import typer

from loancs import settings
from loancs.core.config import ConfigError, ServerFile, parse_server_file, table_names
from loancs.lifecycle import catch_stop_signals_early

WECHAT_CHANNEL = "wechat-webhook"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def load_server_config(path: Path | None) -> ServerFile:
    """The --config file as one strict Struct (see loancs/core/config.py and docs/config.md).
    A file that cannot be used raises ConfigError: one line naming the file and the key."""
    if path is None:
        return ServerFile()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_server_file(data, str(path))


# Rich markup would swallow "[server]"; escape the brackets.
CONFIG_HELP = (
    "TOML file with the tables "
    + ", ".join(f"\\[{name}]" for name in table_names(ServerFile))
    + " (docs/config.md)."
)


async def _issue_wechat_token(store) -> str:
    """The in-process webhook speaks the channel protocol like any gateway; give it a fresh
    token at each start (only its hash is stored, and the rotation is an event). A disabled
    webhook channel stays disabled: OpError, and the server does not start the webhook."""
    from loancs.store import commands
    from loancs.store.db import hash_token, new_token

    token = new_token("channel")
    await store.apply(
        commands.IssueChannelToken(
            name=WECHAT_CHANNEL, kind="wechat", token_hash=hash_token(token), actor="system:serve"
        )
    )
    return token


def serve(
    host: Annotated[
        str | None,
        typer.Option(
            envvar="LOANCS_HOST", help="Address to listen on (default 127.0.0.1, loopback)."
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            envvar="LOANCS_PORT",
            help="Port for websocket clients, /healthz, /metrics and /chat (default 8765).",
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="SQLite database file, or postgresql://USER@HOST/DB (created and migrated)."
        ),
    ] = None,
    config: Annotated[Path | None, typer.Option(help=CONFIG_HELP)] = None,
    max_frame: Annotated[
        int | None, typer.Option(help="Largest accepted frame in bytes (default 65536).")
    ] = None,
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
    webchat: Annotated[
        bool | None,
        typer.Option(
            "--webchat/--no-webchat", help="Serve /chat and accept web-chat visitors (default on)."
        ),
    ] = None,
    wechat_listen: Annotated[
        str | None, typer.Option(help="Also run the WeChat webhook on HOST:PORT.")
    ] = None,
    wechat_token: Annotated[
        str | None, typer.Option(help="WeChat server token (or WECHAT_TOKEN).")
    ] = None,
    wechat_aes_key: Annotated[
        str | None, typer.Option(help="EncodingAESKey for safe mode (or WECHAT_AES_KEY).")
    ] = None,
    wechat_appid: Annotated[
        str | None, typer.Option(help="Official Account AppID (or WECHAT_APPID).")
    ] = None,
    wechat_secret: Annotated[
        str | None, typer.Option(help="AppSecret for the reply API (or WECHAT_SECRET).")
    ] = None,
    wechat_api_base: Annotated[
        str | None, typer.Option(help="Reply API base URL (or WECHAT_API_BASE).")
    ] = None,
    sync: Annotated[
        str | None,
        typer.Option(
            help="SQLite synchronous mode: full (default, survives power loss) or normal."
        ),
    ] = None,
    writer: Annotated[
        str | None,
        typer.Option(
            help="Where SQL and hashing run: auto (default: a thread on one CPU, else a "
            "child process), process or thread."
        ),
    ] = None,
    log_level: Annotated[
        str | None, typer.Option(help="debug, info (default), warning or error.")
    ] = None,
    log_format: Annotated[
        str | None, typer.Option(help="text (default) or json (one object a line).")
    ] = None,
    log_file: Annotated[
        Path | None,
        typer.Option(help="Log to this file, rotated by size (default: standard error)."),
    ] = None,
) -> None:
    """Run the server: merges channel traffic into one store and streams every change live.

    Example: [bold]loancs serve --db /srv/loancs/loancs.db --port 8765[/bold]

    With the WeChat webhook in the same process:
    [bold]loancs serve --wechat-listen 127.0.0.1:8780 --wechat-token T --wechat-appid wx.. --wechat-secret S[/bold]

    An option given here wins over the --config file, which wins over the default.
    """
    catch_stop_signals_early()  # a SIGTERM while starting stops it cleanly, once started
    from loancs.commands.options import db_target, host_port_option, logging_options
    from loancs.core.compliance.rules import RuleFileError
    from loancs.server.app import LoancsServer, ServerConfig
    from loancs.store.backends import shown
    from loancs.store.writer import StorageError

    try:
        file = load_server_config(config)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    table = file.server
    tls_cert = tls_cert or _path(table.tls_cert)
    tls_key = tls_key or _path(table.tls_key)
    if bool(tls_cert) != bool(tls_key):
        raise typer.BadParameter("--tls-cert and --tls-key go together", param_hint="--tls-cert")
    if tls_cert and tls_key and (problem := _tls_problem(tls_cert, tls_key)):
        typer.echo(f"error: {problem}", err=True)  # (it said "cannot listen on ...: unknown error")
        raise typer.Exit(2)
    sync = (sync or table.sync).lower()
    if sync not in ("full", "normal"):
        raise typer.BadParameter("use full or normal", param_hint="--sync")
    writer = (writer or table.writer).lower()
    if writer not in ("auto", "process", "thread"):
        raise typer.BadParameter("use auto, process or thread", param_hint="--writer")
    logging_options(
        log_level or file.log.level,
        log_format or file.log.format,
        log_file or _path(file.log.file),
        file.log.max_bytes,
        file.log.backups,
    )
    listen_port = table.port if port is None else port
    if not 0 <= listen_port <= 65535:
        raise typer.BadParameter(
            f"{listen_port} is not a port (0-65535; 0: any free port)", param_hint="--port"
        )
    db_path = db_target(db or table.db, None if db or not table.db else config)
    # A new database has no agents or channels: say so (a mistyped --db served an empty one,
    # and every console was told its token was wrong).
    new_db = isinstance(db_path, Path) and not db_path.exists()
    webchat = table.webchat if webchat is None else webchat
    server_config = ServerConfig(
        db_path=db_path,
        host=host or table.host,
        port=listen_port,
        max_frame=max_frame or table.max_frame,
        tls_cert=tls_cert,
        tls_key=tls_key,
        rules_path=rules or _path(table.rules),
        chat_origins=tuple(chat_origin or table.chat_origins),
        synchronous=sync.upper(),
        writer=writer,
        routing=file.routing,
        contact=msgspec.structs.asdict(file.contact) if file.contact is not None else {},
        webchat=webchat,
        wechat_window_hours=file.wechat.window_hours,
        wechat_reply_quota=file.wechat.reply_quota,
        file=file,
    )
    wechat = None
    wechat_listen = wechat_listen or file.wechat.listen
    if wechat_listen:
        from loancs.channels.wechat_gateway import config_from_env

        wx_host, wx_port = host_port_option(wechat_listen, "--wechat-listen")
        wx = file.wechat
        wechat = config_from_env(
            token=wechat_token or wx.token,
            aes_key=wechat_aes_key or wx.aes_key,
            appid=wechat_appid or wx.appid,
            secret=wechat_secret or wx.secret,
            api_base=wechat_api_base or wx.api_base,
            window_hours=server_config.wechat_window_hours,
            quota=server_config.wechat_reply_quota,
            state_path=_beside(db_path, "wechat-gateway.db"),
        )
        if not wechat.token:
            raise typer.BadParameter(
                "the WeChat server token is required", param_hint="--wechat-token"
            )
    server = LoancsServer(server_config)

    failures: list[str] = []

    async def run() -> None:
        gateway = None
        done = asyncio.Event()

        def ready() -> None:
            typer.echo(
                f"loancs serving on {server.url}  (health: {server.url.replace('ws', 'http', 1)}/healthz)"
            )
            typer.echo(f"data: {shown(db_path)}")
            if new_db:
                typer.echo(
                    f"new database: no agents or channels yet (loancs agent add NAME --db "
                    f"{shown(db_path)}; loancs channel add NAME --kind wechat --db ...)"
                )
            if webchat:
                typer.echo(f"web chat: {server.url.replace('ws', 'http', 1)}/chat")
            typer.echo("stop with Ctrl-C (SIGINT) or SIGTERM", err=True)
            done.set()

        async def start_gateway() -> None:
            nonlocal gateway
            await done.wait()
            if wechat is not None:
                from loancs.channels.wechat_gateway import start_wechat_gateway
                from loancs.store.writer import OpError

                try:
                    token = await _issue_wechat_token(server.store)
                except OpError as exc:
                    failures.append(f"the WeChat webhook cannot start: {exc.message}")
                    signal.raise_signal(signal.SIGTERM)
                    return
                try:
                    gateway = await start_wechat_gateway(
                        server.url, token, wx_host, wx_port, wechat
                    )
                except OSError as exc:
                    # The webhook cannot listen: stop the whole server the clean way (the
                    # same path as SIGTERM) and say why, rather than run without WeChat.
                    failures.append(
                        f"cannot listen on {wx_host}:{wx_port} (WeChat webhook): {_why(exc)}"
                    )
                    signal.raise_signal(signal.SIGTERM)
                    return
                typer.echo(f"wechat webhook: {gateway.url}")

        starter = asyncio.create_task(start_gateway())
        try:
            await server.serve_until_signal(
                ready, before_stop=lambda: gateway.close() if gateway else None
            )
        finally:
            starter.cancel()

    try:
        asyncio.run(run())
    except OSError as exc:
        if server.port is None:  # never listened: the address is taken or not ours to use
            where = f"{server_config.host}:{server_config.port}"
            typer.echo(f"error: cannot listen on {where}: {_why(exc)}", err=True)
        else:
            typer.echo(f"error: {_why(exc)}", err=True)
        raise typer.Exit(1) from None
    except StorageError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except RuleFileError as exc:  # --rules or [server] rules: it was a traceback
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if failures:
        typer.echo(f"error: {failures[0]}", err=True)
        raise typer.Exit(1)
    typer.echo("loancs stopped; every acknowledged event is on disk")


def _tls_problem(cert: Path, key: Path) -> str | None:
    """What is wrong with a certificate and key the server could not listen with."""
    import ssl

    for path, option in ((cert, "--tls-cert"), (key, "--tls-key")):
        if not path.is_file():
            return f"{option} {path}: no such file"
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        why = f" ({exc.reason.lower().replace('_', ' ')})" if exc.reason else ""
        return f"--tls-cert {cert} / --tls-key {key}: not a PEM certificate and its key{why}"
    except OSError as exc:
        return f"--tls-cert {cert} / --tls-key {key}: {_why(exc)}"
    return None


def _why(exc: OSError) -> str:
    """ "address already in use" rather than websockets' whole sentence with the address."""
    if exc.errno and exc.errno > 0:
        text = os.strerror(exc.errno)
        return text[0].lower() + text[1:]
    if exc.strerror:  # a host name that does not resolve (errno -2): "name or service ..."
        return exc.strerror[0].lower() + exc.strerror[1:]
    text = str(exc)
    return text.rsplit(": ", 1)[-1] if ": " in text else text


def _path(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None


def _beside(db: Path | str, name: str) -> Path:
    """A file that lives beside the SQLite database (the data directory for PostgreSQL)."""
    return Path(db).parent / name if isinstance(db, Path) else settings.data_dir() / name
