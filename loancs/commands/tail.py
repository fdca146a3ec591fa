"""`loancs tail`: every event, live, one line each, for a supervisor on SSH."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.cells import cell_len

from loancs import settings
from loancs.client import ClientError, LoancsClient
from loancs.commands._run import run_until_signal
from loancs.core import protocol as p
from loancs.core.pii import mask_text

CHANNEL_LABEL = {"phone": "☎ phone", "chat": "chat", "wechat": "微信", "system": "system"}
STATUS_KINDS = {
    "conversation.opened": "open",
    "message.received": "open",
    "message.sent": "pending",
    "conversation.resolved": "resolved",
    "conversation.snoozed": "snoozed",
    "conversation.reopened": "open",
}
# C0/C1 controls (ESC starts ANSI sequences) would let a customer repaint the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def register(app: typer.Typer) -> None:
    app.command("tail")(tail)


def clean(text: str, limit: int = 60) -> str:
    flat = " ".join(_CONTROL.sub("", text).split())
    flat = mask_text(flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def pad(text: str, width: int) -> str:
    """Left-align by terminal cells, so 微信 (4 cells) lines up with ASCII labels."""
    return text + " " * max(1, width - cell_len(text))


class TailView:
    """Remembers each conversation's channel, customer and status to filter and label lines."""

    def __init__(self, channel: str | None, status: str | None, tz: ZoneInfo):
        self.channel = channel
        self.status = status
        self.tz = tz
        self.conversations: dict[int, dict[str, Any]] = {}

    def learn(self, event: p.Event) -> dict[str, Any]:
        payload = event.payload
        if not event.conversation:
            return {"customer_display": payload.get("display")}
        info = self.conversations.setdefault(event.conversation, {})
        for key in ("channel", "customer_display"):
            if payload.get(key):
                info[key] = payload[key]
        if event.kind in STATUS_KINDS:
            info["status"] = STATUS_KINDS[event.kind]
        elif payload.get("status") and event.kind.startswith("conversation."):
            info["status"] = payload["status"]
        return info

    def wanted(self, info: dict[str, Any]) -> bool:
        if self.channel and info.get("channel") != self.channel:
            return False
        return not (self.status and info.get("status") != self.status)

    def line(self, event: p.Event, info: dict[str, Any]) -> str:
        when = datetime.fromtimestamp(event.ts / 1000, self.tz).strftime("%m-%d %H:%M:%S")
        channel = CHANNEL_LABEL.get(info.get("channel", ""), info.get("channel") or "-")
        customer = info.get("customer_display") or "-"
        conversation = f"#{event.conversation}" if event.conversation else "-"
        return (
            f"{when}  {pad(channel, 8)}{pad(clean(customer, 16), 17)}{conversation:<7}"
            f"{event.kind:<24} {self.excerpt(event)}"
        )

    @staticmethod
    def excerpt(event: p.Event) -> str:
        payload = event.payload
        if "body" in payload:
            who = payload.get("agent_name") or ""
            return clean(f"{who}: {payload['body']}" if who else payload["body"])
        if event.kind == "compliance.hit":
            return clean(f"{payload.get('action')} {payload.get('rule')}: {payload.get('match')}")
        if event.kind == "agent.state":
            return clean(
                f"{payload.get('agent_name')} -> {payload.get('state')} {payload.get('reason') or ''}"
            )
        if event.kind == "application.stage":
            return clean(
                f"{payload.get('application')} {payload.get('previous') or ''} -> {payload.get('stage')}"
            )
        parts = [
            str(payload[k])
            for k in ("agent_name", "reason", "queue", "stage", "cause")
            if payload.get(k)
        ]
        return clean(" ".join(parts))

    def as_json(self, event: p.Event, info: dict[str, Any]) -> str:
        payload = dict(event.payload)
        if isinstance(payload.get("body"), str):
            payload["body"] = mask_text(payload["body"])
        return json.dumps(
            {
                "seq": event.seq,
                "ts": event.ts,
                "kind": event.kind,
                "conversation": event.conversation,
                "channel": info.get("channel"),
                "status": info.get("status"),
                "actor": event.actor,
                "payload": payload,
            },
            ensure_ascii=False,
        )


async def _fill(client: LoancsClient, view: TailView, conversation: int) -> None:
    try:
        data = await client.call(p.GetConversation, conversation=conversation, limit=1)
    except ClientError:
        return
    conv = data["conversation"]
    info = view.conversations.setdefault(conversation, {})
    info.setdefault("channel", conv["channel"])
    info.setdefault("customer_display", conv["customer_display"])
    info.setdefault("status", conv["status"])


async def run_tail(
    server: str,
    token: str,
    json_out: bool,
    channel: str | None,
    status: str | None,
    since: int | None,
    out=None,
    stop: asyncio.Event | None = None,
) -> int:
    out = out or sys.stdout
    view = TailView(channel, status, ZoneInfo(settings.LENDER_TZ))
    stop = stop or asyncio.Event()
    client: LoancsClient

    async def on_event(event: p.Event) -> None:
        if not event.seq:
            return  # typing indicators
        info = view.learn(event)
        if event.conversation and not {"channel", "status", "customer_display"} <= info.keys():
            await _fill(client, view, event.conversation)
            info = view.conversations[event.conversation]
        if not view.wanted(info):
            return
        try:
            out.write((view.as_json(event, info) if json_out else view.line(event, info)) + "\n")
            out.flush()
        except BrokenPipeError:  # `loancs tail | head`: the reader left
            stop.set()

    def on_status(state: str, detail: str) -> None:
        if state in ("reconnecting", "server_stopping", "resync", "failed"):
            print(f"-- {state} {detail}".rstrip(), file=sys.stderr, flush=True)
        if state == "failed":
            stop.set()

    client = LoancsClient(
        server,
        token,
        since=since,
        on_event=on_event,
        on_status=on_status,
        client_name="loancs-tail",
    )
    try:
        welcome = await client.start()
    except ClientError as exc:
        print(f"error: {exc.message} ({exc.code})", file=sys.stderr)
        return 2
    if welcome.role not in ("supervisor", "admin"):
        print(
            f"note: signed in as {welcome.role}; you see only what that role may see",
            file=sys.stderr,
        )
    print(
        f"-- tailing {server} as {welcome.name} from seq {client.last_seq}",
        file=sys.stderr,
        flush=True,
    )
    await stop.wait()
    await client.close()
    return 0


def tail(
    server: Annotated[
        str | None, typer.Option(help="Server URL (default ws://127.0.0.1:8765 or LOANCS_SERVER).")
    ] = None,
    token: Annotated[
        str | None, typer.Option(help="Supervisor token (or LOANCS_TOKEN / config file).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    channel: Annotated[str | None, typer.Option(help="Only phone, chat or wechat.")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only conversations now open, pending, snoozed or resolved.")
    ] = None,
    since: Annotated[int | None, typer.Option(help="Replay from after this seq first.")] = None,
) -> None:
    """Watch every event live, one line each; reconnects and resumes by itself.

    Example: [bold]loancs tail --server ws://127.0.0.1:8765 --token lcs_... --channel wechat[/bold]
    """
    if channel and channel not in ("phone", "chat", "wechat", "system"):
        raise typer.BadParameter("use phone, chat, wechat or system", param_hint="--channel")
    if status and status not in ("open", "pending", "snoozed", "resolved"):
        raise typer.BadParameter("use open, pending, snoozed or resolved", param_hint="--status")
    resolved_token = settings.resolve_token(token)
    if not resolved_token:
        typer.echo("error: no token: pass --token, set LOANCS_TOKEN or the config file", err=True)
        raise typer.Exit(2)

    code = run_until_signal(
        lambda stop: run_tail(
            settings.resolve_server(server),
            resolved_token,
            json_out,
            channel,
            status,
            since,
            stop=stop,
        )
    )
    raise typer.Exit(code)
