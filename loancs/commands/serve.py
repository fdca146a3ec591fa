"""`loancs serve`: the websocket server (plus, when asked, the WeChat webhook)."""

from __future__ import annotations

import asyncio
import logging
import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer

from loancs import settings

WECHAT_CHANNEL = "wechat-webhook"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def load_server_config(path: Path | None) -> dict[str, Any]:
    """A TOML file with optional [server], [routing], [contact] and [wechat] tables."""
    if path is None:
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot read {path}: {exc.strerror}", param_hint="--config"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise typer.BadParameter(f"{path}: {exc}", param_hint="--config") from None
    unknown = set(data) - {"server", "routing", "contact", "wechat"}
    if unknown:
        raise typer.BadParameter(f"{path}: unknown tables {sorted(unknown)}", param_hint="--config")
    return data


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter("use HOST:PORT, e.g. 127.0.0.1:8780", param_hint="--wechat-listen")
    return host, int(port)


def _issue_wechat_token(db_path: Path) -> str:
    """The in-process webhook speaks the channel protocol like any gateway; give it a fresh
    token at each start (only its hash is stored)."""
    from loancs.store.db import connect_sync, hash_token, new_token, now_ms

    token = new_token("channel")
    conn = connect_sync(db_path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        updated = conn.execute(
            "UPDATE channels SET token_hash = ?, disabled = 0 WHERE name = ?",
            (hash_token(token), WECHAT_CHANNEL),
        ).rowcount
        if not updated:
            conn.execute(
                "INSERT INTO channels (name, kind, token_hash, created_at) VALUES (?, 'wechat', ?, ?)",
                (WECHAT_CHANNEL, hash_token(token), now_ms()),
            )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return token


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default).")
    ] = settings.DEFAULT_HOST,
    port: Annotated[
        int, typer.Option(help="Port for websocket clients, /healthz and /chat.")
    ] = settings.DEFAULT_PORT,
    db: Annotated[
        Path | None, typer.Option(help="SQLite database file (created and migrated).")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="TOML file: [server], [routing], [contact], [wechat].")
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
    webchat: Annotated[
        bool,
        typer.Option("--webchat/--no-webchat", help="Serve /chat and accept web-chat visitors."),
    ] = True,
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
        str, typer.Option(help="SQLite synchronous mode: full (survives power loss) or normal.")
    ] = "full",
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Run the server: merges channel traffic into one store and streams every change live.

    Example: [bold]loancs serve --db /srv/loancs/loancs.db --port 8765[/bold]

    With the WeChat webhook in the same process:
    [bold]loancs serve --wechat-listen 127.0.0.1:8780 --wechat-token T --wechat-appid wx.. --wechat-secret S[/bold]
    """
    from loancs.server.app import LoancsServer, ServerConfig

    if bool(tls_cert) != bool(tls_key):
        raise typer.BadParameter("--tls-cert and --tls-key go together", param_hint="--tls-cert")
    if sync.lower() not in ("full", "normal"):
        raise typer.BadParameter("use full or normal", param_hint="--sync")
    file_config = load_server_config(config)
    server_table = file_config.get("server", {})
    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    db_path = db or Path(server_table.get("db", settings.default_db_path()))
    server_config = ServerConfig(
        db_path=db_path,
        host=host,
        port=port,
        max_frame=max_frame,
        tls_cert=tls_cert,
        tls_key=tls_key,
        rules_path=rules or (Path(server_table["rules"]) if "rules" in server_table else None),
        chat_origins=tuple(chat_origin or server_table.get("chat_origins", ())),
        synchronous=sync.upper(),
        routing=file_config.get("routing", {}),
        contact=file_config.get("contact", {}),
        webchat=webchat,
    )
    wechat = None
    if wechat_listen:
        from loancs.channels.wechat_gateway import config_from_env

        wx_host, wx_port = _host_port(wechat_listen)
        table = file_config.get("wechat", {})
        wechat = config_from_env(
            token=wechat_token or table.get("token"),
            aes_key=wechat_aes_key or table.get("aes_key"),
            appid=wechat_appid or table.get("appid"),
            secret=wechat_secret or table.get("secret"),
            api_base=wechat_api_base or table.get("api_base"),
            state_path=db_path.parent / "wechat-gateway.db",
        )
        if not wechat.token:
            raise typer.BadParameter(
                "the WeChat server token is required", param_hint="--wechat-token"
            )
    from loancs.core.compliance import ContactPolicy
    from loancs.core.routing import RoutingPolicy

    try:  # refuse a bad [routing] or [contact] table before anything listens
        RoutingPolicy.from_dict(server_config.routing)
        ContactPolicy(**server_config.contact)
    except (TypeError, ValueError) as exc:
        raise typer.BadParameter(f"{config}: {exc}", param_hint="--config") from None
    server = LoancsServer(server_config)

    async def run() -> None:
        gateway = None
        done = asyncio.Event()

        def ready() -> None:
            typer.echo(
                f"loancs serving on {server.url}  (health: {server.url.replace('ws', 'http', 1)}/healthz)"
            )
            typer.echo(f"data: {db_path}")
            if webchat:
                typer.echo(f"web chat: {server.url.replace('ws', 'http', 1)}/chat")
            typer.echo("stop with Ctrl-C (SIGINT) or SIGTERM", err=True)
            done.set()

        async def start_gateway() -> None:
            nonlocal gateway
            await done.wait()
            if wechat is not None:
                from loancs.channels.wechat_gateway import start_wechat_gateway

                token = await asyncio.to_thread(_issue_wechat_token, db_path)
                gateway = await start_wechat_gateway(server.url, token, wx_host, wx_port, wechat)
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
        typer.echo(f"error: cannot listen: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo("loancs stopped; every acknowledged event is on disk")
