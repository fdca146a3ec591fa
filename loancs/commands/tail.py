"""`loancs tail`: every event, live, one line each, for a supervisor on SSH.

Events are named in the reader's language and coloured by kind; routing chatter (offers
that expire and are made again, read receipts) is hidden unless ``--verbose``; long bodies
wrap under the line with an indent. With the server down it says so and exits 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import shutil
import stat
import sys
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from loancs import settings
from loancs.client import ClientError, LoancsClient
from loancs.core import event_labels as labels
from loancs.core import protocol as p
from loancs.core.events import Kind
from loancs.core.pii import mask_text
from loancs.core.report_format import intent_label
from loancs.core.untrusted import CONTROLS, escape_controls
from loancs.i18n import detect_lang
from loancs.lifecycle import run_until_signal

_NAMED_KINDS = (
    Kind.CHANNEL_CREATED,
    Kind.CHANNEL_TOKEN_ROTATED,
    Kind.CHANNEL_DISABLED,
    Kind.AGENT_DISABLED,
)
STATUS_KINDS: dict[str, str] = {
    Kind.CONVERSATION_OPENED: "open",
    Kind.MESSAGE_RECEIVED: "open",
    Kind.MESSAGE_SENT: "pending",
    Kind.CONVERSATION_RESOLVED: "resolved",
    Kind.CONVERSATION_SNOOZED: "snoozed",
    Kind.CONVERSATION_REOPENED: "open",
}
# C0/C1 controls (ESC starts ANSI sequences) would let a customer repaint the terminal.
_CONTROL = CONTROLS  # C0/C1 and bidi controls (loancs/core/untrusted.py)

WORDS = {
    # Signing in (tail, queues, console): one line on stderr, in the user's language.
    "error": ("错误：{text}", "error: {text}"),
    "note": ("提示：{text}", "note: {text}"),
    "unreachable": (
        "无法连接服务器 {url}（{detail}）。服务器是否已启动？请检查 --server 或 LOANCS_SERVER",
        "cannot reach the server at {url} ({detail}). Is it running? "
        "Check --server or LOANCS_SERVER",
    ),
    "slow": (
        "{url} 响应慢（{detail}），正在重试连接…（Ctrl-C 退出）",
        "{url} is slow to answer ({detail}); still trying… (Ctrl-C to stop)",
    ),
    "no_terminal": (
        "工作台需要终端（输入或屏幕被重定向了）；脚本请用 loancs tail --json 或 loancs queues --json",
        "the console needs a terminal (its input or screen is redirected); "
        "in a script use loancs tail --json or loancs queues --json",
    ),
    "refused": ("服务器拒绝登录：{detail}", "the server refused the sign-in: {detail}"),
    "bad_token": (
        "令牌错误或已停用，请检查 --token 或 LOANCS_TOKEN",
        "the token is wrong or disabled; check --token or LOANCS_TOKEN",
    ),
    "no_token": (
        '没有令牌：请用 --token、设置 LOANCS_TOKEN，或在 {path} 中写 token = "..."',
        'no token: pass --token, set LOANCS_TOKEN, or put token = "..." in {path}',
    ),
    "lost": (
        "与服务器的连接已断开，正在重连…（Ctrl-C 退出）",
        "connection lost; reconnecting… (Ctrl-C to stop)",
    ),
    "tailing": (
        "正在跟踪 {url}，身份 {name}，自 seq {seq} 起",
        "tailing {url} as {name} from seq {seq}",
    ),
    "role": (
        "以{role}身份查看：只能看到该角色可见的内容（tail 不会让坐席签入）",
        "watching as {role}: you see only what that role may see (tail does not sign an agent in)",
    ),
    "stopping": ("服务器正在停止", "the server is stopping"),
    # A token of the wrong kind (a channel's in the console): one line, exit 2.
    "not_for": ("这是 {name} 的令牌（{role}）：{what}", "that token is {name}'s ({role}): {what}"),
    "console_roles": (
        "工作台需要坐席、主管或管理员的令牌（由 loancs agent add 姓名 打印）",
        "the console needs an agent's, supervisor's or admin's token "
        "(loancs agent add NAME prints one)",
    ),
    "queues_roles": (
        "队列看板需要主管或管理员的令牌（由 loancs agent add 姓名 --role supervisor 打印）",
        "queues needs a supervisor's or admin's token "
        "(loancs agent add NAME --role supervisor prints one)",
    ),
}
ROLE_NAMES = {
    "agent": ("坐席", "agent"),
    "supervisor": ("主管", "supervisor"),
    "admin": ("管理员", "admin"),
    "channel": ("渠道", "channel"),
    "customer": ("访客", "web-chat visitor"),
}


# A body longer than this (a gateway's 60,000-character message) is cut in the human view:
# in full it took 500 lines and scrolled everything else away. --json keeps it whole.
BODY_MAX = 1000


def say(key: str, lang: str, **fmt: object) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**fmt)


def sign_in_error(exc: ClientError, url: str, lang: str) -> str:
    """The line for a sign-in that failed: the server unreachable (the cause once, not the
    URL twice), the token refused, or another refusal with the server's own words."""
    if exc.code in ("unreachable", "bad_url"):
        detail = exc.detail if isinstance(exc.detail, str) else exc.message
        return say("error", lang, text=say("unreachable", lang, url=url, detail=detail))
    refused = f"{exc.message} ({exc.code})"
    detail = say("bad_token", lang) if exc.code == "unauthorized" else refused
    return say("error", lang, text=say("refused", lang, detail=detail))


def wrong_role(welcome: p.Welcome, what: str, lang: str) -> str:
    """The line for a token that signed in, but as a role this command is not for."""
    pair = ROLE_NAMES.get(welcome.role)
    role = (pair[0] if lang == "zh" else pair[1]) if pair else welcome.role
    name = clean(welcome.name, 40)
    return say("error", lang, text=say("not_for", lang, name=name, role=role, what=say(what, lang)))


def no_token(lang: str) -> str:
    return say("error", lang, text=say("no_token", lang, path=settings.config_path()))


def register(app: typer.Typer) -> None:
    app.command("tail")(tail)


def clean(text: str, limit: int | None = 60) -> str:
    flat = " ".join(_CONTROL.sub("", text).split())
    flat = mask_text(flat)
    if limit is None or len(flat) <= limit:
        return flat
    return flat[: limit - 1] + "…"


def pad(text: str, width: int) -> str:
    """Left-align by terminal cells, so 微信 (4 cells) lines up with ASCII labels."""
    return text + " " * max(1, width - cell_len(text))


def wrap_cells(text: str, width: int) -> list[str]:
    """Wrap by terminal cells (a CJK character is two), breaking at spaces when possible."""
    width = max(10, width)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:
            if cell_len(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
    lines.append(line)
    return lines


def parse_kinds(values: list[str] | None) -> set[str] | None:
    """--kind accepts event kinds (message.sent) or groups (compliance), comma-separated."""
    if not values:
        return None
    wanted: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part in labels.GROUPS:
                wanted.update(k for k, v in labels.EVENT_KINDS.items() if v[2] == part)
                wanted.add(f"group:{part}")
            elif part in labels.EVENT_KINDS or "." in part:
                wanted.add(part)
            else:
                raise typer.BadParameter(
                    f"{part!r} is neither an event kind nor one of {', '.join(labels.GROUPS)}",
                    param_hint="--kind",
                )
    return wanted


class TailView:
    """Remembers each conversation's channel, customer, status, queue and agent to filter
    and label lines."""

    def __init__(
        self,
        channel: str | None,
        status: str | None,
        tz: ZoneInfo,
        *,
        lang: str = "en",
        quiet: bool = True,
        agent: str | None = None,
        queue: str | None = None,
        kinds: set[str] | None = None,
        width: int | None = None,
    ):
        self.channel = channel
        self.status = status
        self.tz = tz
        self.lang = lang
        self.quiet = quiet
        self.agent = agent
        self.queue = queue
        self.kinds = kinds
        self.width = width or shutil.get_terminal_size((120, 24)).columns
        self.conversations: dict[int, dict[str, Any]] = {}
        self.agent_names: dict[int, str] = {}

    def learn(self, event: p.Event) -> dict[str, Any]:
        payload = event.payload
        if payload.get("agent") is not None and payload.get("agent_name"):
            self.agent_names[payload["agent"]] = payload["agent_name"]
        if not event.conversation:
            return {"customer_display": payload.get("display")}
        info = self.conversations.setdefault(event.conversation, {})
        for key in ("channel", "customer_display", "loan_type", "language"):
            if payload.get(key):
                info[key] = payload[key]
        if event.kind == Kind.CONVERSATION_TRANSFERRED and payload.get("queue"):
            info["loan_type"] = payload["queue"]
        if event.kind in (
            Kind.CONVERSATION_ASSIGNED,
            Kind.CONVERSATION_TRANSFERRED,
            Kind.CONVERSATION_REQUEUED,
        ):
            info["agent"] = payload.get("agent")
        if event.kind in STATUS_KINDS:
            info["status"] = STATUS_KINDS[event.kind]
        elif payload.get("status") and event.kind.startswith("conversation."):
            info["status"] = payload["status"]
        return info

    def queue_of(self, info: dict[str, Any]) -> str:
        return labels.queue_name(info.get("channel"), info.get("loan_type"), info.get("language"))

    def wanted(self, event: p.Event, info: dict[str, Any]) -> bool:
        if self.kinds is not None:
            group = labels.event_group(event.kind)
            if event.kind not in self.kinds and f"group:{group}" not in self.kinds:
                return False
        elif self.quiet and (
            event.kind in labels.CHATTER
            or (event.kind == Kind.COMPLIANCE_HIT and event.payload.get("action") == "blocked")
        ):
            # A blocked reply is one "compliance block" line naming every rule; its
            # per-rule hits read as "compliance warning blocked …" under it.
            return False
        if self.channel and info.get("channel") != self.channel:
            return False
        if self.status and info.get("status") != self.status:
            return False
        if self.queue:
            queue = self.queue_of(info)
            if self.queue not in (queue, info.get("loan_type")) and not queue.startswith(
                self.queue
            ):
                return False
        return not (self.agent and self.agent not in self.agents_of(event, info))

    def agents_of(self, event: p.Event, info: dict[str, Any]) -> set[str]:
        names = {event.actor.removeprefix("agent:")}
        for key in ("agent_name", "supervisor"):
            if event.payload.get(key):
                names.add(str(event.payload[key]))
        for ident in (event.payload.get("agent"), info.get("agent")):
            if ident is not None and ident in self.agent_names:
                names.add(self.agent_names[ident])
        return names

    def head(self, event: p.Event, info: dict[str, Any]) -> Text:
        when = datetime.fromtimestamp(event.ts / 1000, self.tz).strftime("%m-%d %H:%M:%S")
        channel = labels.channel_label(info.get("channel"), self.lang)
        customer = clean(info.get("customer_display") or "-", 16)
        conversation = f"#{event.conversation}" if event.conversation else "-"
        group = labels.event_group(event.kind)
        label = labels.event_label(event.kind, self.lang)
        line = Text(f"{when}  ", style="dim")
        line.append(pad(channel, 8))
        line.append(pad(customer, 17))
        line.append(f"{conversation:<7}")
        line.append(pad(label, 14), style=labels.GROUP_STYLE.get(group, ""))
        return line

    def body(self, event: p.Event) -> str:
        payload = event.payload
        kind = event.kind
        who = payload.get("agent_name") or payload.get("supervisor") or ""
        if "body" in payload and isinstance(payload["body"], str):
            text = clean(f"{who}: {payload['body']}" if who else payload["body"], None)
            if len(text) <= BODY_MAX:
                return text
            more = f"{len(text) - BODY_MAX:,}"
            note = (
                f"（另有 {more} 字；--json 显示全文）"
                if self.lang == "zh"
                else (f" (+{more} characters; --json shows all)")
            )
            return text[:BODY_MAX] + "…" + note
        if kind == Kind.COMPLIANCE_HIT:
            return clean(
                f"{payload.get('action')} {payload.get('rule')}: {payload.get('match')}", None
            )
        if kind == Kind.COMPLIANCE_BLOCKED:
            rules = ", ".join(map(str, payload.get("rules") or ()))
            return clean(f"{rules}: {payload.get('masked') or ''}", None)
        if kind == Kind.AGENT_STATE:
            state = labels.state_label(payload.get("state"), self.lang)
            why = labels.state_reason(payload.get("reason"), payload.get("reason_code"), self.lang)
            if why:
                state += f"（{why}）" if self.lang == "zh" else f" ({why})"
            return clean(f"{payload.get('agent_name')} → {state}")
        if kind == Kind.APPLICATION_STAGE:
            return clean(
                f"{payload.get('application')} {payload.get('previous') or ''} → "
                f"{payload.get('stage')}"
            )
        if kind == Kind.MESSAGE_INTENT:
            label = intent_label(payload.get("intent"), self.lang)
            return clean(f"{label} ({payload.get('confidence')})")
        if kind == Kind.CSAT_ANSWERED:
            stars = "★" * int(payload.get("score") or 0)
            return clean(f"{stars} {payload.get('comment') or ''}", None)
        if kind == Kind.CONVERSATION_PRIORITY:
            return str(payload.get("priority"))
        if kind in _NAMED_KINDS:  # which channel or agent (the line was empty)
            what = labels.channel_label(payload.get("kind"), self.lang)
            return clean(
                f"{payload.get('name') or '-'} ({what})"
                if payload.get("kind")
                else str(payload.get("name") or "")
            )
        parts = [
            str(payload[k])
            for k in ("agent_name", "reason", "queue", "stage", "cause", "outcome")
            if payload.get(k)
        ]
        if kind == Kind.CONVERSATION_OPENED:
            parts.insert(
                0,
                labels.queue_label(
                    self.queue_of(self.conversations.get(event.conversation or 0, {})), self.lang
                ),
            )
        return clean(" ".join(parts), None)

    def render(self, event: p.Event, info: dict[str, Any]) -> Text:
        """One head line; the body follows on it when it fits, else wrapped and indented
        on the lines below."""
        line = self.head(event, info)
        text = self.body(event)
        if cell_len(text) <= self.width - line.cell_len:
            line.append(text)
            return line
        indent = 6
        for part in wrap_cells(text, self.width - indent):
            line.append("\n" + " " * indent + part)
        return line

    def line(self, event: p.Event, info: dict[str, Any]) -> str:
        return self.render(event, info).plain

    def as_json(self, event: p.Event, info: dict[str, Any]) -> str:
        payload = _masked(event.payload)
        return escape_controls(
            json.dumps(
                {
                    "seq": event.seq,
                    "ts": event.ts,
                    "kind": event.kind,
                    "label": labels.event_label(event.kind, self.lang),
                    "conversation": event.conversation,
                    "channel": info.get("channel"),
                    "status": info.get("status"),
                    "actor": event.actor,
                    "payload": payload,
                },
                ensure_ascii=False,
            )
        )


def _masked(value: Any) -> Any:
    """Every string in a payload with ID, card and mobile numbers masked (stage notes,
    compliance matches, bodies ...): ``tail --json`` never shows one in full."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would raise SystemExit(1) inside the event callback (a traceback, exit 1):
        the reader left, which run_tail ends quietly."""
        raise BrokenPipeError


def _reader_left(out: Any) -> None:
    """The pipe's reader is gone: later writes (and the flush at exit) go nowhere."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())


async def _watch_reader(out: Any, stop: asyncio.Event, every: float = 0.5) -> None:
    """Stop when the pipe's reader leaves (`loancs tail | head -1`): with nothing more to
    write, no write fails to tell us, and tail waited for the next event (for ever on a
    quiet server). A pipe's write end polls as an error once its reader is gone."""
    try:
        fd = out.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return
    except (AttributeError, OSError, ValueError):
        return
    poller = select.poll()
    poller.register(fd, 0)  # an error or hang-up is reported whatever is asked for
    while not stop.is_set():
        if any(mask & (select.POLLERR | select.POLLHUP) for _, mask in poller.poll(0)):
            _reader_left(out)
            stop.set()
            return
        await asyncio.sleep(every)


async def _fill(client: LoancsClient, view: TailView, conversation: int) -> None:
    try:
        data = await client.call(p.GetConversation, conversation=conversation, limit=1)
    except ClientError:
        return
    conv = data["conversation"]
    info = view.conversations.setdefault(conversation, {})
    for key in ("channel", "customer_display", "status", "loan_type", "language"):
        info.setdefault(key, conv.get(key))
    info.setdefault("agent", conv.get("assigned_agent"))
    if conv.get("assigned_agent") is not None and conv.get("agent_name"):
        view.agent_names[conv["assigned_agent"]] = conv["agent_name"]
    info["filled"] = True


async def start_or_stop(
    client: LoancsClient, stop: asyncio.Event, lang: str, server: str
) -> p.Welcome | int:
    """Connect; a refusal, an unreachable server or Ctrl-C while trying ends the command
    with a clear line and a non-zero status (instead of retrying forever)."""
    unreachable = asyncio.Event()
    detail: list[str] = []
    previous = client.on_status
    # A first connection that fails says why at once (refused, reset by a TLS mismatch ...);
    # one that times out (a server starved of CPU) is tried again, said once.
    client.retry_first = False

    def watch(state: str, text: str) -> None:
        if state == "connecting" and not detail:
            detail.append(text)
            print(say("slow", lang, url=server, detail=text), file=sys.stderr, flush=True)
        if state == "reconnecting" and client.welcome is None:
            detail.append(text)
            unreachable.set()

    client.on_status = watch
    starting = asyncio.ensure_future(client.start())
    stopping = asyncio.ensure_future(stop.wait())
    failing = asyncio.ensure_future(unreachable.wait())
    await asyncio.wait({starting, stopping, failing}, return_when=asyncio.FIRST_COMPLETED)
    stopped = stopping.done()
    for task in (stopping, failing):
        task.cancel()
    client.on_status = previous
    if starting.done():
        try:
            return starting.result()
        except ClientError as exc:
            print(sign_in_error(exc, server, lang), file=sys.stderr)
            return 1 if exc.code in ("unreachable", "bad_url") else 2
    starting.cancel()
    await client.close()
    if not stopped:
        refused = ClientError("unreachable", "connection refused", "connection refused")
        print(sign_in_error(refused, server, lang), file=sys.stderr)
        return 1
    return 130


async def run_tail(
    server: str,
    token: str,
    json_out: bool,
    channel: str | None,
    status: str | None,
    since: int | None,
    out=None,
    stop: asyncio.Event | None = None,
    *,
    lang: str = "en",
    quiet: bool = True,
    agent: str | None = None,
    queue: str | None = None,
    kinds: set[str] | None = None,
    color: bool | None = None,
    width: int | None = None,
) -> int:
    out = out or sys.stdout
    view = TailView(
        channel,
        status,
        ZoneInfo(settings.LENDER_TZ),
        lang=lang,
        quiet=quiet,
        agent=agent,
        queue=queue,
        kinds=kinds,
        width=width,
    )
    console = _Console(
        file=out,
        highlight=False,
        soft_wrap=True,
        force_terminal=color,
        no_color=color is False,
        width=view.width,
    )
    stop = stop or asyncio.Event()
    client: LoancsClient

    async def on_event(event: p.Event) -> None:
        if not event.seq:
            return  # typing indicators
        info = view.learn(event)
        if event.conversation and not info.get("filled"):
            await _fill(client, view, event.conversation)
            info = view.conversations[event.conversation]
        if not view.wanted(event, info):
            return
        try:
            if json_out:
                out.write(view.as_json(event, info) + "\n")
                out.flush()
            else:
                console.print(view.render(event, info))
                out.flush()
        except BrokenPipeError:  # `loancs tail | head`: the reader left
            _reader_left(out)
            stop.set()

    def on_status(state: str, detail: str) -> None:
        if state == "reconnecting":
            print("-- " + say("lost", lang), file=sys.stderr, flush=True)
        elif state == "server_stopping":
            print(f"-- {say('stopping', lang)}: {detail}", file=sys.stderr, flush=True)
        elif state in ("resync", "failed"):
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
        lang=lang,
        watch=True,  # an agent's token: she watches, and is not signed in by it
    )
    welcome = await start_or_stop(client, stop, lang, server)
    if isinstance(welcome, int):
        return welcome
    if welcome.role not in ("supervisor", "admin"):
        pair = ROLE_NAMES.get(welcome.role)
        role = (pair[0] if lang == "zh" else pair[1]) if pair else welcome.role
        print(say("note", lang, text=say("role", lang, role=role)), file=sys.stderr)
    try:
        for a in await client.call(p.ListAgents, timeout=10):
            view.agent_names[a["id"]] = a["name"]
    except ClientError:
        pass
    print(
        "-- " + say("tailing", lang, url=server, name=welcome.name, seq=client.last_seq),
        file=sys.stderr,
        flush=True,
    )
    watcher = asyncio.create_task(_watch_reader(out, stop))
    await stop.wait()
    watcher.cancel()
    await client.close()
    return 0


def tail(
    server: Annotated[
        str | None, typer.Option(help="Server URL (default ws://127.0.0.1:8765 or LOANCS_SERVER).")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            help="A supervisor's or admin's token; an agent's watches her queues without"
            " signing her in (or LOANCS_TOKEN / config file)."
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    channel: Annotated[str | None, typer.Option(help="Only phone, chat or wechat.")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only conversations now open, pending, snoozed or resolved.")
    ] = None,
    agent: Annotated[
        str | None, typer.Option(help="Only events by or about this agent (by name).")
    ] = None,
    queue: Annotated[
        str | None,
        typer.Option(help="Only this queue: a loan type (car) or a queue (chat/consumer/lang:en)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these kinds: an event kind (message.sent) or a group "
            "(message, conversation, routing, agent, call, compliance, supervisor, assistant, "
            "csat); repeat or separate with commas. Shows routing chatter too."
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet/--verbose",
            help="Hide routing chatter (offers, expired offers, re-queues, read receipts) "
            "and the per-rule hits of a blocked reply.",
        ),
    ] = True,
    lang: Annotated[str | None, typer.Option(help="zh or en (default: from the locale).")] = None,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour by kind (default: on a tty).")
    ] = None,
    since: Annotated[int | None, typer.Option(help="Replay from after this seq first.")] = None,
) -> None:
    """Watch every event live, one line each, named in your language; reconnects by itself.

    Example: [bold]loancs tail --token lcs_... --kind compliance,supervisor --lang zh[/bold]
    """
    if channel and channel not in ("phone", "chat", "wechat", "system"):
        raise typer.BadParameter("use phone, chat, wechat or system", param_hint="--channel")
    if status and status not in ("open", "pending", "snoozed", "resolved"):
        raise typer.BadParameter("use open, pending, snoozed or resolved", param_hint="--status")
    try:
        language = detect_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    kinds = parse_kinds(kind)
    resolved_token = settings.resolve_token(token)
    if not resolved_token:
        typer.echo(no_token(language), err=True)
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
            lang=language,
            quiet=quiet,
            agent=agent,
            queue=queue,
            kinds=kinds,
            color=color,
        )
    )
    raise typer.Exit(code)
