"""The loancs websocket server: authenticates connections, decodes frames strictly,
turns them into store ops, and streams committed events back out.

Each connection has one receive loop and one sender task. Write frames are pipelined:
the loop submits the op and goes on reading; the ack is queued when the writer's
transaction has committed. Per-connection limits (frames in flight, a token bucket)
keep one noisy client from starving the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import msgspec
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from loancs import __version__
from loancs.core import protocol as p
from loancs.core.config import ServerFile
from loancs.core.ratelimit import TokenBucket
from loancs.core.visibility import Viewer
from loancs.lifecycle import stop_on_signals
from loancs.server import handlers
from loancs.server.hub import Hub, Subscriber
from loancs.store.db import Store
from loancs.store.keys import VisitorTokens, load_master_key
from loancs.store.writer import OpError, StorageError

log = logging.getLogger("loancs.server")

KEEPALIVE_TIMEOUT_S = 20.0
REPLAY_PAGE = 256  # events read from the log at a time for one replaying client
STALLED_GRACE_S = 300.0  # keepalive timeout of a subscriber told to resync

HttpRoute = Callable[["LoancsServer", ServerConnection, Request], Awaitable[Response] | Response]


@dataclass
class ServerConfig:
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8765
    max_frame: int = p.DEFAULT_MAX_FRAME
    # Frames above the limit still get a readable error; above this hard cap the
    # websocket layer closes the connection (1009) without buffering them.
    hard_max_frame: int = 1024 * 1024
    subscriber_queue: int = 2000
    max_in_flight: int = 1000
    hello_timeout: float = 10.0
    synchronous: str = "FULL"
    rate: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "channel": (20000.0, 40000.0),
            "agent": (50.0, 200.0),
            "supervisor": (100.0, 400.0),
            "admin": (100.0, 400.0),
            "customer": (2.0, 10.0),
        }
    )
    tls_cert: Path | None = None
    tls_key: Path | None = None
    rules_path: Path | None = None
    chat_origins: tuple[str, ...] = ()
    wechat_window_hours: float = 48.0
    wechat_reply_quota: int = 20  # replies per customer message window (the webhook's limit)
    lender_tz: str = "Asia/Shanghai"
    routing: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] = field(default_factory=dict)
    webchat: bool = True  # serve /chat and accept anonymous visitors
    # [csat]: enabled, window_days (nobody asked twice within), answer_hours, channels
    csat: dict[str, Any] = field(default_factory=dict)
    # "process": SQL and hashing in a child process, beside the websocket loop instead of
    # sharing its interpreter lock; "thread": everything in one process.
    writer: str = "process"
    # The master key (visitor tokens, personal-data keys): LOANCS_MASTER_KEY, this file,
    # or <db>.key beside the database (created on first start).
    master_key_file: Path | None = None
    # The whole --config file; tables without a field above are read from here
    # (server.config.file.<table>.<key>; see loancs/core/config.py).
    file: ServerFile = field(default_factory=ServerFile)


@dataclass
class Principal:
    role: str
    name: str
    actor: str
    agent_id: int | None = None
    channel_name: str | None = None
    channel_kind: str | None = None
    skills: dict[str, int] = field(default_factory=dict)
    capacity: dict[str, int] = field(default_factory=dict)
    visitor: str | None = None
    visitor_token: str | None = None  # said back in welcome, never stored


class Connection:
    def __init__(self, ws: ServerConnection, server: LoancsServer):
        self.ws = ws
        self.server = server
        self.principal: Principal | None = None
        self.viewer: Viewer | None = None
        self.outbox: asyncio.Queue = asyncio.Queue()
        self.subscriber: Subscriber | None = None
        self.bucket: TokenBucket | None = None
        self.in_flight = asyncio.Semaphore(server.config.max_in_flight)
        self.tasks: set[asyncio.Task] = set()
        self.closing = False
        self.lang: str | None = None
        self.taken_seq = 0  # the newest event the sender has taken out of the outbox

    def send(self, frame: msgspec.Struct) -> None:
        if not self.closing:
            self.outbox.put_nowait(("frame", p.encode(frame)))

    def error(self, code: str, message: str, frame_id: str | None = None, detail: Any = None):
        self.send(p.Error(code=code, message=message, id=frame_id, detail=detail))

    def close(self, code: int, reason: str) -> None:
        """Send what is queued, then close; nothing more is read or sent after this."""
        if not self.closing:
            self.closing = True
            self.outbox.put_nowait(("close", code, reason))

    async def sender(self) -> None:
        """Write queued frames in order. Whatever is waiting goes out in one write: events
        arrive in commit batches, so a subscriber costs one wake-up per batch, not per event."""
        outbox, ws = self.outbox, self.ws
        try:
            while True:
                items = [await outbox.get()]
                size = len(items[0][1]) if items[0][0] != "close" else 0
                # A write of at most ~64 KiB: flow control (drain) then holds the rest in the
                # outbox, where an overflow can still drop it in favour of `resync`.
                while not outbox.empty() and len(items) < 512 and size < 65536:
                    item = outbox.get_nowait()
                    items.append(item)
                    if item[0] != "close":
                        size += len(item[1])
                for item in items:
                    if item[0] == "event" and item[2] > self.taken_seq:
                        self.taken_seq = item[2]
                frames: list[str] = []
                for item in items:
                    if item[0] == "close":
                        await self._write(frames)
                        await ws.close(item[1], item[2])
                        return
                    if item[0] == "event" and self.subscriber is not None:
                        self.subscriber.queued -= 1
                    frames.append(item[1])
                await self._write(frames)
        except ConnectionClosed:
            return

    async def _write(self, frames: list[str]) -> None:
        if len(frames) == 1:
            await self.ws.send(frames[0])
        elif frames:
            ws = self.ws
            async with ws.send_context():
                for frame in frames:
                    ws.protocol.send_text(frame.encode())
                # One socket write for the lot (send_data would write frame by frame).
                ws.transport.write(b"".join(ws.protocol.data_to_send()))


class LoancsServer:
    def __init__(self, config: ServerConfig):
        self.config = config
        self.store = Store(config.db_path, config.synchronous, writer=config.writer)
        self.hub = Hub()
        self.connections: set[Connection] = set()
        self.http_routes: dict[str, HttpRoute] = {}
        self.stopping = False
        self.started_at = time.time()
        self._ws_server = None
        self.port: int | None = None
        self.extensions: list[Any] = []  # routing, compliance ... (attach/close hooks)
        self.visitor_tokens: VisitorTokens | None = None
        self._background: set[asyncio.Task] = set()
        self.by_address: Counter[str] = Counter()
        self.unauthenticated = 0
        self._trim_handle: asyncio.TimerHandle | None = None
        # One token bucket per identity, shared by its connections: [bucket, connections].
        self.buckets: dict[str, list] = {}
        self.handlers = handlers.HANDLERS
        self.direct_handlers = handlers.DIRECT
        self.http_routes["/healthz"] = handlers.healthz
        from loancs.server import metrics

        self.metrics = metrics.install(self)  # GET /metrics
        if config.webchat:
            from loancs.server import webchat

            webchat.install(self)

    # -------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Open the store, attach the services, listen. When a step fails (the port is taken,
        the database cannot be opened ...) what was opened is closed again, so the command
        can report the error and exit instead of hanging on the store's threads."""
        try:
            await self._start()
        except BaseException:
            for ext in reversed(self.extensions):
                with contextlib.suppress(Exception):
                    await ext.close()
            with contextlib.suppress(Exception):
                await self.store.close()
            raise

    async def _start(self) -> None:
        key_file = self.config.master_key_file or self.config.file.privacy.master_key_file
        master = load_master_key(self.config.db_path, key_file)
        self.visitor_tokens = VisitorTokens(master)
        self.store.master_key = master
        await self.store.open()
        self.hub.load_meta(await self.store.conversation_meta_all())
        self.hub.last_seq = await self.store.last_seq()
        self.store.on_commit(self.hub.publish)
        self.store.on_commit(self.metrics.on_commit)
        if self.store.writer is not None:
            self.store.writer.on_batch = self.metrics.on_batch
        from loancs.server.extensions import attach_all

        await attach_all(self)
        ssl_context = None
        if self.config.tls_cert:
            ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ssl_context.load_cert_chain(self.config.tls_cert, self.config.tls_key)
        self._ws_server = await serve(
            self._handle,
            self.config.host,
            self.config.port,
            process_request=self._process_request,
            max_size=self.config.hard_max_frame,
            max_queue=64,
            ssl=ssl_context,
            compression=None,
            ping_interval=20,
            ping_timeout=KEEPALIVE_TIMEOUT_S,
            server_header=f"loancs/{__version__}",
        )
        sock = next(iter(self._ws_server.sockets))
        self.port = sock.getsockname()[1]
        self._background.add(asyncio.create_task(self._watch_disabled()))
        self._background.add(asyncio.create_task(self._watch_erasures()))

    @property
    def url(self) -> str:
        scheme = "wss" if self.config.tls_cert else "ws"
        return f"{scheme}://{self.config.host}:{self.port}"

    async def stop(self, reason: str = "server stopping") -> None:
        """Stop accepting, let in-flight writes commit and ack, tell clients, close."""
        if self.stopping:
            return
        self.stopping = True
        for task in self._background:
            task.cancel()
        if self._ws_server is not None:
            self._ws_server.close(close_connections=False)
        for ext in reversed(self.extensions):
            with contextlib.suppress(Exception):
                await ext.close()
        pending = [t for c in self.connections for t in c.tasks]
        if pending:
            await asyncio.wait(pending, timeout=10)
        # Direct writes have no task: wait until the writer has answered every one.
        deadline = time.monotonic() + 10
        while self.store.writer and self.store.writer.pending and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        for conn in list(self.connections):
            conn.send(p.Bye(reason=reason))
            conn.closing = True
            conn.outbox.put_nowait(("close", 1001, reason[:100]))
        if self._ws_server is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._ws_server.wait_closed(), 5)
        await self.store.close()

    async def serve_until_signal(
        self,
        ready: Callable[[], None] | None = None,
        before_stop: Callable[[], Awaitable[None] | None] | None = None,
    ) -> None:
        await self.start()
        done = stop_on_signals()
        if ready:
            ready()
        await done.wait()
        if before_stop is not None:
            result = before_stop()
            if asyncio.iscoroutine(result):
                with contextlib.suppress(Exception):
                    await result
        await self.stop()

    async def _watch_erasures(self, interval: float = 1.0) -> None:
        """``loancs privacy erase`` destroys a key in the database directly: forget it here
        and in the writer at once, instead of when the key caches expire."""
        since = int(time.time() * 1000)
        while True:
            await asyncio.sleep(interval)
            try:
                rows = await self.store.fetchall(
                    "SELECT customer_id, erased_at FROM customer_keys WHERE erased_at >= ?",
                    (since,),
                )
            except Exception:
                log.debug("erasure check failed", exc_info=True)
                continue
            if not rows:
                continue
            since = max(r["erased_at"] for r in rows) + 1
            customers = [r["customer_id"] for r in rows]
            self.store.forget_keys(customers)

    async def _watch_disabled(self, interval: float = 0.5) -> None:
        """``loancs agent disable`` / ``channel disable`` write the database directly: look
        for newly disabled tokens and close their open connections at once."""
        while True:
            await asyncio.sleep(interval)
            if not any(c.principal and c.principal.role != "customer" for c in self.connections):
                continue
            try:
                agents = {
                    r["id"]
                    for r in await self.store.fetchall("SELECT id FROM agents WHERE disabled")
                }
                channels = {
                    r["name"]
                    for r in await self.store.fetchall("SELECT name FROM channels WHERE disabled")
                }
            except Exception:  # a busy or closing store: try again next round
                log.debug("disabled-token check failed", exc_info=True)
                continue
            for conn in list(self.connections):
                principal = conn.principal
                if principal is None or conn.closing:
                    continue
                if (principal.role == "channel" and principal.channel_name in channels) or (
                    principal.agent_id is not None and principal.agent_id in agents
                ):
                    conn.error("unauthorized", "this token was disabled; the connection closes")
                    conn.close(1008, "token disabled")

    # -------------------------------------------------------------- http

    async def _process_request(self, connection: ServerConnection, request: Request):
        path = request.path.split("?", 1)[0]
        route = self.http_routes.get(path)
        if route is not None:
            result = route(self, connection, request)
            if asyncio.iscoroutine(result):
                result = await result
            return result
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return json_response(HTTPStatus.NOT_FOUND, {"error": "not found", "path": path})
        refused = self._over_limit(_address(connection))
        if refused is not None:
            status = (
                HTTPStatus.TOO_MANY_REQUESTS
                if "address" in refused
                else HTTPStatus.SERVICE_UNAVAILABLE
            )
            return json_response(status, {"error": "overloaded", "message": refused})
        return None

    def _trim_soon(self) -> None:
        """A second after connections went away, hand freed memory back to the system (the
        C allocator keeps freed blocks of big frames otherwise, and RSS only grows)."""
        if self._trim_handle is None and _malloc_trim is not None:
            loop = asyncio.get_running_loop()
            self._trim_handle = loop.call_later(1.0, self._trim)

    def _trim(self) -> None:
        self._trim_handle = None
        with contextlib.suppress(Exception):
            _malloc_trim(0)

    def _over_limit(self, address: str, counted: bool = False) -> str | None:
        """Why one more connection from ``address`` is refused (None: it is welcome).
        ``counted``: the connection asking is already in the counts."""
        limits = self.config.file.limits
        extra = 0 if counted else 1
        if self.by_address[address] + extra > limits.max_per_address:
            return f"too many connections from your address (limit {limits.max_per_address})"
        if len(self.connections) + extra > limits.max_connections:
            return f"too many connections in total (limit {limits.max_connections})"
        if self.unauthenticated + extra > limits.max_unauthenticated:
            return "too many connections waiting to sign in; retry shortly"
        return None

    def _bucket(self, principal: Principal) -> TokenBucket:
        """The identity's token bucket: a second socket does not buy a second allowance."""
        key = _identity(principal)
        entry = self.buckets.get(key)
        if entry is None:
            rate, burst = self.config.rate.get(principal.role, (50.0, 200.0))
            custom = self.config.file.limits.rates.get(principal.role)
            if custom:
                rate, burst = custom
            entry = self.buckets[key] = [TokenBucket(rate, burst), 0]
        entry[1] += 1
        return entry[0]

    def _release_bucket(self, principal: Principal) -> None:
        key = _identity(principal)
        entry = self.buckets.get(key)
        if entry is not None:
            entry[1] -= 1
            if entry[1] <= 0:
                del self.buckets[key]

    # -------------------------------------------------------------- connections

    async def _handle(self, ws: ServerConnection) -> None:
        conn = Connection(ws, self)
        address = _address(ws)
        self.connections.add(conn)
        self.by_address[address] += 1
        self.unauthenticated += 1
        sender = asyncio.create_task(conn.sender())
        try:
            refused = self._over_limit(address, counted=True)
            if refused is not None:
                conn.error("overloaded", refused)
                conn.close(1013, "overloaded")
            elif await self._hello(conn):
                await self._receive(conn)
        except ConnectionClosed:
            pass
        except Exception:  # a bug: say so instead of dropping the connection silently
            log.exception("connection handler failed")
            conn.error("internal", "unexpected server error; nothing was acknowledged")
            conn.close(1011, "internal error")
        finally:
            # Every per-connection task (replay, dispatch) ends with its connection.
            conn.closing = True
            self.connections.discard(conn)
            self.by_address[address] -= 1
            if self.by_address[address] <= 0:
                del self.by_address[address]
            self._trim_soon()
            if conn.principal is None:
                self.unauthenticated -= 1
            elif conn.bucket is not None:
                self._release_bucket(conn.principal)
            if conn.subscriber is not None:
                self.hub.subscribers.discard(conn.subscriber)
            if conn.principal is not None:
                for ext in self.extensions:
                    hook = getattr(ext, "on_disconnect", None)
                    if hook:
                        hook(conn)
            if conn.tasks:
                await asyncio.wait(list(conn.tasks), timeout=10)
            conn.outbox.put_nowait(("close", 1000, "bye"))
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(sender, 2)
            sender.cancel()

    async def _hello(self, conn: Connection) -> bool:
        try:
            raw = await asyncio.wait_for(conn.ws.recv(), self.config.hello_timeout)
        except TimeoutError:
            conn.error("hello_required", "no hello within the time limit")
            conn.outbox.put_nowait(("close", 1008, "hello required"))
            return False
        try:
            frame = p.decode_client_frame(raw, self.config.max_frame)
        except p.ProtocolError as exc:
            conn.send(exc.to_frame())
            conn.outbox.put_nowait(("close", 1008, "bad hello"))
            return False
        if not isinstance(frame, p.Hello):
            conn.error(
                "hello_required", "the first frame must be hello", getattr(frame, "id", None)
            )
            conn.outbox.put_nowait(("close", 1008, "hello required"))
            return False
        if self.stopping:
            conn.error("shutting_down", "the server is stopping; reconnect shortly")
            conn.outbox.put_nowait(("close", 1001, "stopping"))
            return False
        refused = self.since_error(frame.since) if frame.subscribe else None
        if refused is not None:
            conn.send(refused.to_frame())
            conn.close(1008, "since beyond the log")
            return False
        principal = await self._authenticate(conn, frame.token)
        if principal is None:
            conn.error("unauthorized", "the token is wrong or disabled")
            conn.outbox.put_nowait(("close", 1008, "unauthorized"))
            return False
        conn.principal = principal
        self.unauthenticated -= 1
        conn.lang = frame.lang if frame.lang in ("zh", "en") else None
        conn.bucket = self._bucket(principal)
        conn.viewer = await self.viewer_for(principal)
        for ext in self.extensions:
            hook = getattr(ext, "on_connect", None)
            if hook:
                await hook(conn)
        conn.send(
            p.Welcome(
                role=principal.role,  # type: ignore[arg-type]
                name=principal.name,
                actor=principal.actor,
                seq=self.hub.last_seq,
                agent_id=principal.agent_id,
                channel_kind=principal.channel_kind,
                visitor=principal.visitor,
                visitor_token=principal.visitor_token,
            )
        )
        if frame.subscribe:
            self.subscribe(conn, frame.since)
        return True

    def since_error(self, since: int | None) -> p.ProtocolError | None:
        """``since`` past the newest event would wait forever for a seq that already
        belongs to the past; refuse it and say where the log ends."""
        if since is not None and since > self.hub.last_seq:
            return p.ProtocolError(
                "bad_frame",
                f"`since` {since} is beyond the newest event {self.hub.last_seq};"
                " resume from that or earlier",
                detail={"head": self.hub.last_seq},
            )
        return None

    async def _authenticate(self, conn: Connection, token: str) -> Principal | None:
        if (token == "visitor" or token.startswith("visitor:")) and self.config.webchat:
            from loancs.server.customer import authenticate_visitor

            return await authenticate_visitor(self, conn, token)
        found = await self.store.principal_for_token(token)
        if found is None or found["disabled"]:
            return None
        if found["kind"] == "channel":
            return Principal(
                role="channel",
                name=found["name"],
                actor=f"channel:{found['name']}",
                channel_name=found["name"],
                channel_kind=found["channel_kind"],
            )
        return Principal(
            role=found["role"],
            name=found["name"],
            actor=f"agent:{found['name']}",
            agent_id=found["id"],
            skills=found["skills"],
            capacity=found["capacity"],
        )

    async def viewer_for(self, principal: Principal) -> Viewer:
        if principal.role == "customer":
            from loancs.server.customer import visitor_conversation

            return Viewer(role="customer", conversation=await visitor_conversation(self, principal))
        if principal.role == "channel":
            return Viewer(role="channel", channel_kind=principal.channel_kind)
        if principal.role == "agent":
            queues = frozenset(k for k in principal.skills if ":" not in k)
            return Viewer(role="agent", agent_id=principal.agent_id, queues=queues)
        return Viewer(role=principal.role, agent_id=principal.agent_id)

    # -------------------------------------------------------------- subscriptions

    def subscribe(self, conn: Connection, since: int | None) -> None:
        assert conn.viewer is not None
        if conn.ws.ping_timeout == STALLED_GRACE_S:  # back after a resync
            conn.ws.ping_timeout = KEEPALIVE_TIMEOUT_S
        if conn.subscriber is not None:
            self.hub.subscribers.discard(conn.subscriber)
        sub = Subscriber(conn.viewer, conn.outbox, self.config.subscriber_queue, self._overflow)
        conn.subscriber = sub
        self.hub.subscribers.add(sub)
        start = self.hub.last_seq if since is None else max(0, since)
        sub.last_seq = start
        conn.taken_seq = start
        if since is None or since >= self.hub.last_seq:
            sub.finish_replay(start)
            return
        task = asyncio.create_task(self._replay(conn, sub, start))
        conn.tasks.add(task)
        task.add_done_callback(conn.tasks.discard)

    async def _replay(self, conn: Connection, sub: Subscriber, since: int) -> None:
        """Send what the client missed from the log, then switch it to the live stream."""
        cursor = since
        target = self.hub.last_seq
        # Small pages, and at most about one page waiting in the outbox: 50 clients replaying
        # a year of log hold 50 pages in memory, not 50 logs.
        page = min(REPLAY_PAGE, max(1, sub.limit // 2))
        while cursor < target and not sub.overflowed and not conn.closing:
            batch = await self.store.events_after(cursor, page)
            if not batch:
                break
            for event in batch:
                if event.seq > target:
                    break
                cursor = event.seq
                if self.hub.visible(sub.viewer, event):
                    frame = self.hub.frame_for_viewer(sub.viewer, event)
                    conn.outbox.put_nowait(("event", frame, event.seq))
                    sub.queued += 1
            # Let the sender drain before reading the next page.
            while sub.queued > page and not conn.closing and not sub.overflowed:
                await asyncio.sleep(0.01)
        if not conn.closing:
            sub.finish_replay(target)

    def _overflow(self, sub: Subscriber) -> None:
        for conn in self.connections:
            if conn.subscriber is sub:
                self.hub.subscribers.discard(sub)
                conn.subscriber = None
                # A client that stopped reading cannot answer keepalive pings either: give it
                # time to come back and read `resync` instead of closing it (1011/1006). Its
                # cost is bounded: one write buffer, the outbox holds no events.
                with contextlib.suppress(AttributeError):
                    conn.ws.ping_timeout = STALLED_GRACE_S
                # The events still waiting are useless to a client that will resume: drop
                # them so `resync` is the next thing it reads (and memory is given back).
                keep = []
                while not conn.outbox.empty():
                    item = conn.outbox.get_nowait()
                    if item[0] != "event":
                        keep.append(item)
                for item in keep:
                    conn.outbox.put_nowait(item)
                # Everything up to what the sender took is (being) written; resume after it.
                last_seq = conn.taken_seq
                conn.outbox.put_nowait(
                    (
                        "frame",
                        p.encode(
                            p.Resync(
                                last_seq=last_seq,
                                reason="you fell behind the event stream; send resume with since",
                            )
                        ),
                    )
                )
                return

    # -------------------------------------------------------------- frames

    async def _receive(self, conn: Connection) -> None:
        limit = self.config.max_frame
        async for raw in conn.ws:
            if conn.closing:
                break
            assert conn.bucket is not None
            if not conn.bucket.allow(time.monotonic()):
                conn.error(
                    "rate_limited",
                    "too many frames; this one was dropped, resend it later",
                    _peek_id(raw),
                )
                continue
            try:
                frame = p.decode_client_frame(raw, limit)
            except p.ProtocolError as exc:
                if exc.frame_id is None and exc.code != "too_large":
                    exc.frame_id = None
                conn.send(exc.to_frame())
                continue
            if self.stopping:
                conn.error(
                    "shutting_down",
                    "the server is stopping; resend after reconnecting",
                    getattr(frame, "id", None),
                )
                continue
            await conn.in_flight.acquire()
            if self._direct(conn, frame):
                continue
            task = asyncio.create_task(self._dispatch(conn, frame))
            conn.tasks.add(task)
            task.add_done_callback(lambda t, c=conn: (c.tasks.discard(t), c.in_flight.release()))

    def _direct(self, conn: Connection, frame: msgspec.Struct) -> bool:
        """Submit a hot-path write without a task; its ack comes from the commit callback."""
        entry = self.direct_handlers.get(type(frame).__struct_config__.tag)
        if entry is None or conn.principal.role not in entry[0]:
            return False
        try:
            op = entry[1](self, conn, frame)
        except OpError as exc:
            conn.in_flight.release()
            conn.error(exc.code, exc.message, frame.id, exc.detail)
            return True
        started = time.perf_counter()
        self.store.submit_with(
            op, lambda ok, value, c=conn, i=frame.id: self._direct_done(c, i, ok, value, started)
        )
        return True

    def _direct_done(
        self, conn: Connection, frame_id: str, ok: bool, value: Any, started: float = 0.0
    ) -> None:
        conn.in_flight.release()
        if started:
            self.metrics.ack.observe(time.perf_counter() - started)
        if ok:
            handlers.ack(conn, frame_id, value)
        elif isinstance(value, OpError):
            conn.error(value.code, value.message, frame_id, value.detail)
        elif isinstance(value, StorageError):
            conn.error("storage_unavailable", str(value), frame_id)
        else:
            log.error("write failed: %r", value)
            conn.error("internal", "unexpected server error; nothing was acknowledged", frame_id)

    async def _dispatch(self, conn: Connection, frame: msgspec.Struct) -> None:
        kind = type(frame).__struct_config__.tag
        frame_id = getattr(frame, "id", None)
        entry = self.handlers.get(kind)
        assert conn.principal is not None
        if entry is None:
            conn.error("unknown_type", f"frame type {kind!r} is not handled here", frame_id)
            return
        roles, handler = entry
        if conn.principal.role not in roles:
            conn.error(
                "forbidden",
                f"the {conn.principal.role} role may not send {kind} frames",
                frame_id,
            )
            return
        try:
            await handler(self, conn, frame)
        except OpError as exc:
            conn.error(exc.code, exc.message, frame_id, exc.detail)
        except p.ProtocolError as exc:
            exc.frame_id = exc.frame_id or frame_id
            conn.send(exc.to_frame())
        except StorageError as exc:
            conn.error("storage_unavailable", str(exc), frame_id)
        except Exception:
            log.exception("handler %s failed", kind)
            conn.error("internal", "unexpected server error; nothing was acknowledged", frame_id)


def json_response(status: HTTPStatus, body: Any) -> Response:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = Headers(
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(status.value, status.phrase, headers, data)


def _find_malloc_trim():
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_malloc_trim = _find_malloc_trim()


def _address(connection: ServerConnection) -> str:
    peer = connection.remote_address
    return str(peer[0]) if peer else "?"


def _identity(principal: Principal) -> str:
    if principal.role == "customer":
        return f"customer:{principal.visitor}"
    if principal.role == "channel":
        return f"channel:{principal.channel_name}"
    return f"staff:{principal.agent_id}"


def _peek_id(raw: str | bytes) -> str | None:
    return p.frame_id(raw)
