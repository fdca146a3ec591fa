"""The WeChat Official Account gateway: a webhook (aiohttp) that turns pushes into Ingest
frames, and a sender that delivers agents' replies through the customer-service API.

Inbound: the URL signature is checked on every request; in safe mode the msg_signature
too, then the envelope is decrypted. WeChat gets ``success`` only after the server has
acknowledged (committed) the message; when the server does not answer within
``ack_timeout`` the webhook answers 503 so WeChat retries (and the server dedups).

Outbound: the gateway is subscribed to ``message.sent`` events of WeChat conversations.
It knows each conversation's OpenID from the acks of its own ingests (kept in a small
SQLite state file so a restart keeps them, with the last event seq it handled).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
from aiohttp import web

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.core import wechat as wx
from loancs.core.events import Kind
from loancs.netutil import Backoff

log = logging.getLogger("loancs.wechat")

TOKEN_ERRORS = {40001, 40014, 42001}  # invalid / malformed / expired access_token


@dataclass
class WeChatConfig:
    token: str
    appid: str = ""
    secret: str = ""
    aes_key: str | None = None  # EncodingAESKey (43 chars): safe mode accepted when set
    api_base: str = "https://api.weixin.qq.com"
    path: str = "/wechat"
    max_body: int = 64 * 1024
    ack_timeout: float = 4.0
    window_hours: float = 48.0
    quota: int = 20  # replies allowed per customer message window (45047 past it)
    retries: int = 3
    backoff: float = 0.5  # first retry delay; doubles each time
    token_margin_s: float = 300.0
    state_path: Path | None = None
    senders: int = 4


# ---------------------------------------------------------------- state


class GatewayState:
    """OpenID per conversation, the last inbound time per OpenID, replies counted in the
    window, delivered message ids and the last seq: enough to carry on after a restart."""

    def __init__(self, path: Path | None):
        self.db = sqlite3.connect(str(path) if path else ":memory:", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS recipients (conversation INTEGER PRIMARY KEY,"
            " openid TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS windows (openid TEXT PRIMARY KEY, last_in REAL,"
            " replies INTEGER NOT NULL DEFAULT 0);"
            "CREATE TABLE IF NOT EXISTS delivered (message INTEGER PRIMARY KEY, status TEXT);"
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
        )

    def inbound(self, conversation: int | None, openid: str, now: float) -> None:
        if conversation is not None:
            self.db.execute(
                "INSERT OR REPLACE INTO recipients VALUES (?, ?)", (conversation, openid)
            )
        self.db.execute(
            "INSERT INTO windows VALUES (?, ?, 0) ON CONFLICT(openid) DO UPDATE"
            " SET last_in = excluded.last_in, replies = 0",
            (openid, now),
        )

    def remember_recipient(self, conversation: int, openid: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO recipients VALUES (?, ?)", (conversation, openid))

    def recipient(self, conversation: int) -> str | None:
        row = self.db.execute(
            "SELECT openid FROM recipients WHERE conversation = ?", (conversation,)
        ).fetchone()
        return row[0] if row else None

    def window(self, openid: str) -> tuple[float | None, int]:
        row = self.db.execute(
            "SELECT last_in, replies FROM windows WHERE openid = ?", (openid,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def count_reply(self, openid: str) -> None:
        self.db.execute("UPDATE windows SET replies = replies + 1 WHERE openid = ?", (openid,))

    def was_delivered(self, message: int) -> bool:
        return (
            self.db.execute("SELECT 1 FROM delivered WHERE message = ?", (message,)).fetchone()
            is not None
        )

    def mark_delivered(self, message: int, status: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO delivered VALUES (?, ?)", (message, status))

    def last_seq(self) -> int | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'last_seq'").fetchone()
        return int(row[0]) if row else None

    def save_seq(self, seq: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('last_seq', ?)", (str(seq),))

    def close(self) -> None:
        self.db.close()


# ---------------------------------------------------------------- outbound API


class SendFailed(Exception):
    def __init__(self, reason: str, retry: bool):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


class CustomerServiceApi:
    """access_token cache + the customer-service send call."""

    def __init__(self, config: WeChatConfig, session: aiohttp.ClientSession):
        self.config = config
        self.session = session
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()
        self.token_fetches = 0

    async def access_token(self, force: bool = False) -> str:
        async with self._lock:
            if not force and self._token and time.monotonic() < self._expires:
                return self._token
            url = f"{self.config.api_base.rstrip('/')}/cgi-bin/token"
            params = {
                "grant_type": "client_credential",
                "appid": self.config.appid,
                "secret": self.config.secret,
            }
            try:
                async with self.session.get(url, params=params) as resp:
                    data = await resp.json(content_type=None)
            except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
                raise SendFailed(f"access_token request failed: {exc}", retry=True) from None
            self.token_fetches += 1
            if not data.get("access_token"):
                raise SendFailed(
                    f"access_token refused: {data.get('errcode')} {data.get('errmsg')}",
                    retry=False,
                )
            lifetime = float(data.get("expires_in", 7200))
            self._token = data["access_token"]
            self._expires = time.monotonic() + max(1.0, lifetime - self.config.token_margin_s)
            return self._token

    async def send_text(self, openid: str, content: str) -> None:
        """Send once (refreshing the token once on 40001/42001); raise SendFailed."""
        for attempt in range(2):
            token = await self.access_token(force=attempt > 0)
            url = f"{self.config.api_base.rstrip('/')}/cgi-bin/message/custom/send"
            body = {"touser": openid, "msgtype": "text", "text": {"content": content}}
            try:
                async with self.session.post(
                    url,
                    params={"access_token": token},
                    data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json; charset=utf-8"},
                ) as resp:
                    if resp.status >= 500:
                        raise SendFailed(f"WeChat API HTTP {resp.status}", retry=True)
                    data = await resp.json(content_type=None)
            except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
                raise SendFailed(f"WeChat API unreachable: {exc}", retry=True) from None
            code = int(data.get("errcode", 0) or 0)
            if code == 0:
                return
            if code in TOKEN_ERRORS and attempt == 0:
                continue
            if code == 45015:
                raise SendFailed(
                    "超出48小时回复窗口 (45015): 客户需先发来新消息 / reply window passed",
                    retry=False,
                )
            if code == 45047:
                raise SendFailed(
                    "客服消息条数已达上限 (45047): 等客户回复后再发 / reply quota exceeded",
                    retry=False,
                )
            if code == -1:  # system busy
                raise SendFailed(f"WeChat busy (-1): {data.get('errmsg')}", retry=True)
            raise SendFailed(f"WeChat API error {code}: {data.get('errmsg')}", retry=False)
        raise SendFailed("access_token rejected twice (40001/42001)", retry=True)


# ---------------------------------------------------------------- the gateway


class WeChatGateway:
    def __init__(self, server_url: str, token: str, config: WeChatConfig):
        self.config = config
        self.state = GatewayState(config.state_path)
        self.crypto = (
            wx.WeChatCrypto(config.token, config.aes_key, config.appid) if config.aes_key else None
        )
        self.client = LoancsClient(
            server_url,
            token,
            since=self.state.last_seq(),
            client_name="wechat-gateway",
            on_event=self._on_event,
        )
        self.outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.session: aiohttp.ClientSession | None = None
        self.api: CustomerServiceApi | None = None
        self.runner: web.AppRunner | None = None
        self.site: web.TCPSite | None = None
        self.workers: list[asyncio.Task] = []
        self.port: int | None = None
        self.host = "127.0.0.1"
        self._seen_seq = 0
        self._inflight: set[int] = set()
        self.stats = {"accepted": 0, "duplicates": 0, "refused": 0, "sent": 0, "failed": 0}

    # -------------------------------------------------------------- lifecycle

    def app(self) -> web.Application:
        app = web.Application(client_max_size=self.config.max_body)
        app.router.add_get(self.config.path, self.verify_url)
        app.router.add_post(self.config.path, self.push)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 8780) -> None:
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self.api = CustomerServiceApi(self.config, self.session)
        await self.client.start()
        if self.state.last_seq() is None and self.client.last_seq is not None:
            # From here on replies are ours to deliver, also across a gateway restart.
            self.state.save_seq(self.client.last_seq)
        self.runner = web.AppRunner(self.app(), access_log=None)
        await self.runner.setup()
        self.site = web.TCPSite(self.runner, host, port)
        await self.site.start()
        server = self.site._server  # noqa: SLF001 - aiohttp exposes no public accessor
        self.host = host
        sockets = getattr(server, "sockets", None)  # an asyncio Server once it listens
        self.port = sockets[0].getsockname()[1] if sockets else port
        self.workers = [asyncio.create_task(self._sender()) for _ in range(self.config.senders)]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.config.path}"

    async def close(self) -> None:
        for task in self.workers:
            task.cancel()
        for task in self.workers:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.runner is not None:
            await self.runner.cleanup()
        await self.client.close()
        if self.session is not None:
            await self.session.close()
        self.state.close()

    # -------------------------------------------------------------- inbound

    def _query_signed(self, request: web.Request) -> tuple[str, str]:
        q = request.query
        timestamp, nonce = q.get("timestamp", ""), q.get("nonce", "")
        if not wx.check_signature(self.config.token, timestamp, nonce, q.get("signature", "")):
            raise wx.WeChatError(403, "signature does not match")
        return timestamp, nonce

    async def verify_url(self, request: web.Request) -> web.Response:
        try:
            self._query_signed(request)
        except wx.WeChatError as exc:
            return web.Response(status=exc.status, text=exc.reason)
        return web.Response(text=request.query.get("echostr", ""))

    async def push(self, request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > self.config.max_body:
            self.stats["refused"] += 1
            return web.Response(status=413, text="body too large")
        try:
            timestamp, nonce = self._query_signed(request)
            body = await request.read()
            if request.query.get("encrypt_type", "raw") == "aes":
                if self.crypto is None:
                    raise wx.WeChatError(400, "safe mode push but no EncodingAESKey configured")
                body = self.crypto.open_envelope(
                    body, timestamp, nonce, request.query.get("msg_signature", "")
                )
            push = wx.to_push(wx.parse_xml(body), body)
        except web.HTTPRequestEntityTooLarge:
            self.stats["refused"] += 1
            return web.Response(status=413, text="body too large")
        except wx.WeChatError as exc:
            self.stats["refused"] += 1
            log.warning("push refused (%s): %s", exc.status, exc.reason)
            return web.Response(status=exc.status, text=exc.reason)
        return await self._ingest(push)

    async def _ingest(self, push: wx.PushMessage) -> web.Response:
        fields: dict[str, Any] = {
            "external_id": push.external_id,
            "customer": p.Identity(kind="wechat", value=push.openid),
            "body": push.body,
            "kind": push.kind,
        }
        if push.hints:
            fields["hints"] = msgspec.convert(push.hints, p.Hints)
        if push.attachment:
            fields["attachment"] = p.Attachment(**push.attachment)
        if push.raw is not None:
            fields["raw"] = push.raw[: self.config.max_body]
        try:
            ack = await asyncio.wait_for(
                # request(), not call(): Ingest has a field named ``kind`` like call()'s
                # first parameter.
                self.client.request(
                    p.Ingest(id=self.client.new_id(), **fields), self.config.ack_timeout
                ),
                self.config.ack_timeout,
            )
        except (TimeoutError, ClientError) as exc:
            # Not stored (or not known to be): let WeChat retry; the server dedups.
            log.warning("push %s not acknowledged: %s", push.external_id, exc)
            return web.Response(status=503, text="not stored yet; retry")
        if ack.duplicate:
            self.stats["duplicates"] += 1
        else:
            self.stats["accepted"] += 1
        # Any interaction (message, menu click, subscribe) opens the reply window.
        self.state.inbound(ack.conversation, push.openid, time.time())
        return web.Response(text="success")

    # -------------------------------------------------------------- outbound

    def _save_progress(self) -> None:
        # Persist the highest seq below every reply still in flight, so a crash between
        # receiving a reply and delivering it replays that reply after a restart.
        safe = min(self._inflight) - 1 if self._inflight else self._seen_seq
        if safe > 0:
            self.state.save_seq(safe)

    async def _on_event(self, event: p.Event) -> None:
        if not event.seq:
            return  # typing indicators
        self._seen_seq = max(self._seen_seq, event.seq)
        if event.kind == Kind.MESSAGE_SENT and event.payload.get("channel") == "wechat":
            self._inflight.add(event.seq)
            self.outbox.put_nowait(
                {
                    "seq": event.seq,
                    "conversation": event.conversation,
                    "message": event.payload.get("message"),
                    "body": event.payload.get("body", ""),
                }
            )
        self._save_progress()

    async def _sender(self) -> None:
        while True:
            job = await self.outbox.get()
            try:
                await self._deliver(job)
                self._inflight.discard(job["seq"])
                self._save_progress()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery of message %s failed", job.get("message"))

    async def _deliver(self, job: dict[str, Any]) -> None:
        message = job["message"]
        if message is None or self.state.was_delivered(message):
            return
        openid = await self._recipient(job["conversation"])
        status, reason, attempts = "failed", None, 0
        if openid is None:
            reason = "这个会话没有已知的微信 OpenID / no OpenID known for this conversation"
        else:
            last_in, replies = self.state.window(openid)
            now = time.time()
            # Unknown here (another gateway saw the message): the server checked its window.
            if last_in is not None and now - last_in > self.config.window_hours * 3600:
                reason = (
                    f"超出{self.config.window_hours:g}小时回复窗口: 客户需先发来新消息"
                    " / reply window closed"
                )
            elif replies >= self.config.quota:
                reason = (
                    f"本窗口内已发 {replies} 条，达到上限 {self.config.quota}: 等客户回复"
                    " / reply quota reached"
                )
            else:
                status, reason, attempts = await self._send_with_retries(openid, job["body"])
                if status == "sent":
                    self.state.count_reply(openid)
        await self._report(message, status, reason, max(attempts, 1))

    async def _recipient(self, conversation: int | None) -> str | None:
        """The OpenID from our state file, else from the server (``recipient`` frame)."""
        if not conversation:
            return None
        openid = self.state.recipient(conversation)
        if openid is not None:
            return openid
        try:
            data = await self.client.call(p.Recipient, conversation=conversation, timeout=10)
        except ClientError as exc:
            log.warning("no recipient for conversation %s: %s", conversation, exc)
            return None
        if isinstance(data, dict) and data.get("kind") == "wechat" and data.get("value"):
            self.state.remember_recipient(conversation, data["value"])
            return data["value"]
        return None

    async def _send_with_retries(self, openid: str, body: str) -> tuple[str, str | None, int]:
        assert self.api is not None
        backoff = Backoff(self.config.backoff)
        reason = None
        for attempt in range(1, self.config.retries + 2):
            try:
                await self.api.send_text(openid, body)
                return "sent", None, attempt
            except SendFailed as exc:
                reason = exc.reason
                if not exc.retry or attempt > self.config.retries:
                    return "failed", reason, attempt
            await backoff.sleep()
        return "failed", reason, self.config.retries + 1

    async def _report(self, message: int, status: str, reason: str | None, attempts: int) -> None:
        """Tell the server; keep trying while it is unreachable (the frame is idempotent)."""
        backoff = Backoff(0.2, 5.0, jitter=0.0)
        while True:
            try:
                await self.client.call(
                    p.Delivery,
                    timeout=10,
                    message=message,
                    status=status,
                    reason=reason,
                    attempts=attempts,
                )
                break
            except ClientError as exc:
                if exc.code == "not_found":
                    break
                await backoff.sleep()
        self.state.mark_delivered(message, status)
        self.stats["sent" if status == "sent" else "failed"] += 1


async def start_wechat_gateway(
    server_url: str, token: str, listen_host: str, listen_port: int, config: WeChatConfig
) -> WeChatGateway:
    """Start the webhook and the sender; ``await handle.close()`` stops them."""
    gateway = WeChatGateway(server_url, token, config)
    try:
        await gateway.start(listen_host, listen_port)
    except BaseException:
        await gateway.close()
        raise
    return gateway


def config_from_env(**overrides: Any) -> WeChatConfig:
    """WECHAT_TOKEN / WECHAT_AES_KEY / WECHAT_APPID / WECHAT_SECRET / WECHAT_API_BASE."""
    env: dict[str, Any] = {
        "token": os.environ.get("WECHAT_TOKEN", ""),
        "aes_key": os.environ.get("WECHAT_AES_KEY") or None,
        "appid": os.environ.get("WECHAT_APPID", ""),
        "secret": os.environ.get("WECHAT_SECRET", ""),
    }
    if os.environ.get("WECHAT_API_BASE"):
        env["api_base"] = os.environ["WECHAT_API_BASE"]
    env.update({k: v for k, v in overrides.items() if v is not None})
    return WeChatConfig(**env)
