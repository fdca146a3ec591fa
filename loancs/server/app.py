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
import logging
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from functools import partial
from http import HTTPStatus
from typing import Any

import msgspec
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from loancs import __version__
from loancs.core import protocol as p
from loancs.core.convmeta import IngestAck
from loancs.core.ratelimit import TokenBucket
from loancs.core.visibility import Viewer
from loancs.lifecycle import building_to_keep, stop_on_signals, tune_gc_for_serving
from loancs.server import http
from loancs.server.cluster import Cluster
from loancs.server.config import ServerConfig
from loancs.server.context import ServerContext
from loancs.server.dispatch import Route
from loancs.server.handlers import ROUTES
from loancs.server.services import Services
from loancs.server.services.visitors import (
    TabFollower,
    authenticate_visitor,
    visitor_conversation,
)
from loancs.server.session import (
    Connection,
    Inbox,
    KeepaliveSocket,
    Principal,
    Session,
    frame_head,
)
from loancs.store import server_reads
from loancs.store.keys import VisitorTokens, load_master_key
from loancs.store.writer import OpError, StorageError
from loancs.store.writer_process import PipedEvent, ProcessWriter

__all__ = ["LoancsServer", "Principal", "ServerConfig"]

log = logging.getLogger("loancs.server")


class LoancsServer(ServerContext):
    """Listens, signs connections in, reads their frames and hands each to its route."""

    def __init__(self, config: ServerConfig):
        super().__init__(config)
        self.routes: dict[type[msgspec.Struct], Route] = ROUTES
        self.http_routes: dict[str, http.HttpRoute] = http.routes(config.webchat)
        self._ws_server: Server | None = None
        self.port: int | None = None
        self._background: set[asyncio.Task[None]] = set()
        self.by_address: Counter[str] = Counter()
        self.unauthenticated = 0
        self._trim_handle: asyncio.TimerHandle | None = None
        # One token bucket per identity, shared by its sessions: [bucket, sessions].
        self.buckets: dict[str, tuple[TokenBucket, list[int]]] = {}
        self._services: Services | None = None

    # -------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Open the store, attach the services, listen. When a step fails (the port is taken,
        the database cannot be opened ...) what was opened is closed again, so the command
        can report the error and exit instead of hanging on the store's threads."""
        try:
            await self._start()
        except BaseException:
            if self.cluster is not None:
                await self.cluster.close()
            if self._services is not None:
                await self._services.close()
            with contextlib.suppress(Exception):
                await self.store.close()
            raise

    async def _start(self) -> None:
        key_file = self.config.master_key_file or self.config.file.privacy.master_key_file
        master = load_master_key(self.config.db_path, key_file)
        self.visitor_tokens = VisitorTokens(master)
        self.store.master_key = master
        self.store.master_key_file = key_file  # (named if it opens no customer key)
        await self.store.open_reads()
        # The writer starts (a child process: seconds of imports on a busy machine) while
        # what the hub holds is read: the open work, the rest on demand. Meanwhile too the
        # services are made and, one server alone (nobody else writes: the rows are still
        # the open work), routing takes the open work; a cluster's reads its own later.
        # The services first (the rules: hundreds of thousands of objects, whose collections
        # would otherwise walk the open work's records too), then the open work, with no
        # cyclic garbage collection (building_to_keep): all of it is kept.
        writer = asyncio.ensure_future(self.store.open_writer())
        try:
            await asyncio.sleep(0)  # the writer's child on its way before the services are made
            self.services = Services.build(self)
            self.hub.listeners.append(TabFollower(self).on_events)
            with building_to_keep():
                open_work = await self.store.open_work()
                self.hub.load_meta(self.store.meta_of_open_work(open_work))
                if not Cluster.needed(self):
                    await self.services.routing.restore(open_work)
                del open_work
        finally:
            await writer
        self.hub.last_seq = await self.store.last_seq()
        self.cluster = Cluster.build(self)
        if self.cluster is None:
            self.store.on_commit(self.hub.publish)
        else:  # other servers write too: the log feeds the hub, own commits wake it
            self.store.on_commit(self.cluster.follower.committed)
        self.store.on_commit(self.metrics.on_commit)
        if self.store.writer is not None:
            self.store.writer.on_batch = self.metrics.on_batch
            if isinstance(self.store.writer, ProcessWriter):
                # A batch of new customer messages: their acks in one call (_direct_acks)
                self.store.writer.direct = (LoancsServer._direct_done, self._direct_acks)
        await self.services.start()  # closes what it started if one fails
        self._services = self.services
        if self.cluster is not None:
            await self.cluster.start()
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
            ping_interval=self.config.file.limits.keepalive_s,
            ping_timeout=self.config.file.limits.keepalive_s,
            server_header=f"loancs/{__version__}",
            create_connection=KeepaliveSocket,
        )
        sock = next(iter(self._ws_server.sockets))
        self.port = sock.getsockname()[1]
        log.info("writer: %s (%s)", self.store.writer_mode, self.writer_why)
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
        if self.cluster is not None:
            await self.cluster.close()
        if self._services is not None:
            await self._services.close()
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
        done = stop_on_signals()  # a stop asked for while starting is kept for after
        await self.start()
        if ready:
            ready()
        tune_gc_for_serving()  # once serving: a full collection here delays nobody's start
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
                rows = await server_reads.erased_keys_since(self.store, since)
            except Exception:
                log.debug("erasure check failed", exc_info=True)
                continue
            if not rows:
                continue
            since = max(erased_at for _, erased_at in rows) + 1
            customers = [customer for customer, _ in rows]
            self.store.forget_keys(customers)

    async def _watch_disabled(self, interval: float = 0.5) -> None:
        """``loancs agent disable`` / ``channel disable`` write the database directly: look
        for newly disabled tokens and close their open connections at once."""
        while True:
            await asyncio.sleep(interval)
            if not any(s.principal.role != "customer" for s in self.sessions):
                continue
            try:
                agents, channels = await server_reads.disabled_tokens(self.store)
            except Exception:  # a busy or closing store: try again next round
                log.debug("disabled-token check failed", exc_info=True)
                continue
            for session in self.sessions:
                principal = session.principal
                if session.closing:
                    continue
                if (principal.role == "channel" and principal.channel_name in channels) or (
                    principal.agent_id is not None and principal.agent_id in agents
                ):
                    session.error("unauthorized", "this token was disabled; the connection closes")
                    session.close(1008, "token disabled")

    # -------------------------------------------------------------- http

    async def _process_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None:
        path = request.path.split("?", 1)[0]
        route = self.http_routes.get(path)
        if route is not None:
            result = route(self, connection, request)
            if isinstance(result, Response):
                return result
            return await result
        if request.headers.get("Upgrade", "").lower() != "websocket":
            if path == "/":
                return http.index(self)  # someone opened the server in a browser
            return http.json_response(HTTPStatus.NOT_FOUND, {"error": "not found", "path": path})
        refused = self._over_limit(_address(connection))
        if refused is not None:
            status = (
                HTTPStatus.TOO_MANY_REQUESTS
                if "address" in refused
                else HTTPStatus.SERVICE_UNAVAILABLE
            )
            return http.json_response(status, {"error": "overloaded", "message": refused})
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
        key = principal.identity
        entry = self.buckets.get(key)
        if entry is None:
            rate, burst = self.config.rate.get(principal.role, (50.0, 200.0))
            custom = self.config.file.limits.rates.get(principal.role)
            if custom:
                rate, burst = custom
            entry = self.buckets[key] = (TokenBucket(rate, burst), [0])
            if self.cluster is not None and self.cluster.rates is not None:
                self.cluster.rates.add(key, entry[0])  # split with the other servers
        entry[1][0] += 1
        return entry[0]

    def _release_bucket(self, principal: Principal) -> None:
        key = principal.identity
        entry = self.buckets.get(key)
        if entry is not None:
            entry[1][0] -= 1
            if entry[1][0] <= 0:
                del self.buckets[key]
                if self.cluster is not None and self.cluster.rates is not None:
                    self.cluster.rates.remove(key)

    # -------------------------------------------------------------- connections

    async def _handle(self, ws: ServerConnection) -> None:
        conn = Connection(ws, self.config.max_in_flight)
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
            else:
                session = await self._hello(conn)
                if session is not None:
                    await self._receive(session)
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
            if conn.subscriber is not None:
                self.hub.discard(conn.subscriber)
            if conn.session is None:
                self.unauthenticated -= 1
            else:
                self._release_bucket(conn.session.principal)
                if conn.session.present:
                    self.services.on_disconnect(conn.session)
            if conn.tasks:
                await asyncio.wait(list(conn.tasks), timeout=10)
            conn.outbox.put_nowait(("close", 1000, "bye"))
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(sender, 2)
            sender.cancel()

    async def _hello(self, conn: Connection) -> Session | None:
        try:
            raw = await asyncio.wait_for(conn.ws.recv(), self.config.hello_timeout)
        except TimeoutError:
            conn.error("hello_required", "no hello within the time limit")
            conn.outbox.put_nowait(("close", 1008, "hello required"))
            return None
        try:
            frame = p.decode_client_frame(raw, self.config.max_frame)
        except p.ProtocolError as exc:
            conn.send(exc.to_frame())
            conn.outbox.put_nowait(("close", 1008, "bad hello"))
            return None
        if not isinstance(frame, p.Hello):
            conn.error(
                "hello_required", "the first frame must be hello", getattr(frame, "id", None)
            )
            conn.outbox.put_nowait(("close", 1008, "hello required"))
            return None
        if self.stopping:
            conn.error("shutting_down", "the server is stopping; reconnect shortly")
            conn.outbox.put_nowait(("close", 1001, "stopping"))
            return None
        if frame.protocol is not None and not 1 <= frame.protocol <= p.PROTOCOL_VERSION:
            conn.error(
                "bad_frame",
                f"protocol {frame.protocol} is not supported: this server speaks protocol "
                f"{p.PROTOCOL_VERSION} (or 1: leave `protocol` out)",
                detail={"supported": list(range(1, p.PROTOCOL_VERSION + 1))},
            )
            conn.outbox.put_nowait(("close", 1008, "unsupported protocol"))
            return None
        refused = self.since_error(frame.since) if frame.subscribe else None
        if refused is not None and self.cluster is not None:
            # Seen on another server a moment ago, not published here yet: read the log.
            with contextlib.suppress(Exception):
                await self.cluster.follower.catch_up()
            refused = self.since_error(frame.since)
        if refused is not None:
            conn.send(refused.to_frame())
            conn.close(1008, "since beyond the log")
            return None
        principal = await self._authenticate(conn, frame.token)
        if principal is None:
            conn.error("unauthorized", "the token is wrong or disabled")
            conn.outbox.put_nowait(("close", 1008, "unauthorized"))
            return None
        lang, notice = _hello_lang(frame.lang)
        viewer = await self.viewer_for(principal, frame.protocol or 1)
        session = Session(conn, principal, viewer, self._bucket(principal), lang)
        self.unauthenticated -= 1
        session.watch = frame.watch
        if frame.subscribe and not frame.watch:
            # An agent's console: she is signed in. A connection that only says hello (the
            # console's sign-in check, a command refused for her role) changes nothing; one
            # that works without subscribing signs her in at its first request (_receive).
            session.present = True
            await self.services.on_connect(session)
        session.send(
            p.Welcome(
                role=principal.role,
                name=principal.name,
                actor=principal.actor,
                seq=self.hub.last_seq,
                protocol=p.PROTOCOL_VERSION,
                agent_id=principal.agent_id,
                channel_kind=principal.channel_kind,
                visitor=principal.visitor,
                visitor_token=principal.visitor_token,
                notice=notice,
            )
        )
        if frame.subscribe:
            self.subscribe(session, frame.since)
        return session

    async def _authenticate(self, conn: Connection, token: str) -> Principal | None:
        if (token == "visitor" or token.startswith("visitor:")) and self.config.webchat:
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

    async def viewer_for(self, principal: Principal, protocol: int = 1) -> Viewer:
        if principal.role == "customer":
            return Viewer(role="customer", conversation=await visitor_conversation(self, principal))
        if principal.role == "channel":
            return Viewer(role="channel", channel_kind=principal.channel_kind)
        if principal.role == "agent":
            queues = frozenset(k for k in principal.skills if ":" not in k)
            return Viewer(
                role="agent",
                agent_id=principal.agent_id,
                queues=queues,
                waiting_live=protocol < p.WAITING_SUMMARY_PROTOCOL,
            )
        return Viewer(role=principal.role, agent_id=principal.agent_id)

    # -------------------------------------------------------------- frames

    async def _receive(self, session: Session) -> None:
        conn, limit = session.conn, self.config.max_frame
        inbox = Inbox(conn.ws)
        routes = self.routes
        allowed: set[type] = set()  # frame types this session's principal may send
        # The session's part of every direct write's ack callback, made once: a partial of
        # it is flattened into one partial (~0.4k instructions less a frame than binding
        # the method again), and a local holds it, not the session (no reference cycle).
        # (the function itself, not a method bound to this server: the writer child's answers
        # know a direct write's partial by it, ProcessWriter.direct)
        done = partial(LoancsServer._direct_done, self, session)
        # A text message waiting as bytes is taken here, without a call (Inbox.take: ~1.5k
        # instructions a message less than through an async iterator); anything else,
        # and the wait for the next read, is Inbox.next's.
        waiting, assembler = inbox.waiting, inbox.assembler
        while True:
            if waiting and waiting[0].__class__ is bytes:
                raw = waiting.popleft()
                if assembler.paused:  # (maybe_resume's own first question, without a call)
                    assembler.maybe_resume()
            else:
                raw = await inbox.next()
                if raw is None:
                    break
            if conn.closing:
                break
            if not session.bucket.allow(time.monotonic()):
                conn.error(
                    "rate_limited",
                    "too many frames; this one was dropped, resend it later",
                    p.frame_id(raw),
                )
                continue
            try:
                frame = p.decode_client_frame(raw, limit)
            except p.ProtocolError as exc:
                if exc.code == "bad_utf8" and type(raw) is bytes and raw is not inbox.binary:
                    await inbox.refuse_text(raw)  # a text frame: closed with 1007
                conn.send(exc.to_frame())
                continue
            if self.stopping:
                conn.error(
                    "shutting_down",
                    "the server is stopping; resend after reconnecting",
                    getattr(frame, "id", None),
                )
                continue
            kind = type(frame)
            route = routes.get(kind)
            if route is None:
                tag = kind.__struct_config__.tag
                conn.error(
                    "unknown_type",
                    f"frame type {tag!r} is not handled here",
                    getattr(frame, "id", None),
                )
                continue
            if kind not in allowed:  # (the principal does not change: asked once a type)
                refused = route.refuse(session)
                if refused is not None:
                    conn.error(refused.code, refused.message, getattr(frame, "id", None))
                    continue
                allowed.add(kind)
            if not session.present and not session.watch:
                session.present = True
                await self.services.on_connect(session)
            in_flight = conn.in_flight
            if in_flight.free <= 0:
                await in_flight.wait()
            in_flight.free -= 1
            if route.direct is not None:
                self._direct(session, route, frame, done)
                continue
            task = asyncio.create_task(self._dispatch(session, route, frame))
            conn.tasks.add(task)
            task.add_done_callback(conn.task_done)

    def _direct(
        self, session: Session, route: Route, frame: Any, done: Callable[..., None]
    ) -> None:
        """Submit a hot-path write without a task; its ack comes from the commit callback
        (``done``: ``_direct_done`` given the session)."""
        assert route.direct is not None
        try:
            op = route.direct(self, session, frame)
        except OpError as exc:
            session.conn.in_flight.release()
            session.error(exc.code, exc.message, frame.id, exc.detail)
            return
        started = time.perf_counter()
        self.store.submit_with(op, partial(done, frame.id, started))

    def _direct_done(
        self, session: Session, frame_id: str, started: float, ok: bool, value: Any
    ) -> None:
        conn = session.conn
        in_flight = conn.in_flight  # (its release, without the call)
        in_flight.free += 1
        if in_flight._waiter is not None:
            in_flight.wake()
        if started:  # (counted with the rest of its batch: Histogram.fold)
            self.metrics.ack.noted.append(time.perf_counter() - started)
        if ok:
            # Session.ack without its layers (one for every customer message)
            if not conn.closing:
                cls = value.__class__
                if cls is PipedEvent:  # (a new message: its event, from the writer child)
                    ack = p.Ack(frame_id, value.seq, value.conversation, value.message)
                elif cls is IngestAck:  # (a resent one, or from the writer's thread)
                    ack = p.Ack(frame_id, value.seq, value.conversation, value.message)
                    if value.duplicate:
                        ack.duplicate = True
                else:
                    get = value.get
                    ack = p.Ack(frame_id, get("seq", 0), get("conversation"), get("message"))
                    if get("duplicate"):
                        ack.duplicate = True
                # A client's acks of one commit (one turn of the loop) go out as one
                # buffer: the second one waiting last in its outbox turns that frame into a
                # "framed" item (websocket header and JSON), and each further one is encoded
                # into its end, after its header. One write and one item for all of them,
                # not a bytes object, a tuple and a header join each. The first stays a
                # frame (a client with one message in flight pays nothing for this).
                outbox = conn.outbox
                items = outbox._items
                if items:
                    last = items[-1]
                    kind = last[0]
                    if kind == "framed":
                        buf = last[1]
                        last[2] += 1
                    elif kind == "frame":
                        buf = bytearray(frame_head(len(last[1])))
                        buf += last[1]
                        items[-1] = ["framed", buf, 2]
                    else:
                        buf = None
                    if buf is not None:
                        # Encoded into a small buffer kept for it, then header and JSON
                        # appended: ~0.6k instructions an ack less than encoding into the
                        # growing buffer at an offset and patching the length in.
                        scratch = _SCRATCH
                        _encode_into(ack, scratch, 0)
                        n = len(scratch)
                        buf += _HEADS[n] if n < 126 else frame_head(n)
                        buf += scratch
                        return  # (the outbox is due to be written already)
                # (Outbox.put_nowait, inline: hub.Subscriber.offer does the same)
                items.append(("frame", _encode(ack)))
                if outbox._waiter is not None:
                    flush = outbox._flush
                    if flush is None:
                        outbox._wake()
                    elif not outbox._due:
                        outbox._due = True
                        flush.add(outbox)
        elif isinstance(value, OpError):
            session.error(value.code, value.message, frame_id, value.detail)
        elif isinstance(value, StorageError):
            session.error("storage_unavailable", str(value), frame_id)
        else:
            log.error("write failed: %r", value)
            session.error("internal", "unexpected server error; nothing was acknowledged", frame_id)

    def _direct_acks(self, done: list[tuple[tuple[Any, ...], Any]]) -> None:
        """The acks of a batch of new customer messages (ProcessWriter._deliver), each
        ``(args, event)``: its direct write's partial's arguments (this server, the session,
        the frame's id, when it was sent) and its message's event. What ``_direct_done`` does
        for each, in one call, with what it reads held once: ~N calls and their lookups less
        a batch. A failure is logged for its own message only."""
        now = time.perf_counter()
        noted = self.metrics.ack.noted
        ack_of, encode_into, scratch, heads = p.Ack, _encode_into, _SCRATCH, _HEADS
        for args, event in done:
            try:
                conn = args[1].conn
                in_flight = conn.in_flight
                in_flight.free += 1
                if in_flight._waiter is not None:
                    in_flight.wake()
                started = args[3]
                if started:
                    noted.append(now - started)
                if conn.closing:
                    continue
                ack = ack_of(args[2], event.seq, event.conversation, event.message)
                # (as _direct_done: a client's acks of one commit in one framed buffer)
                outbox = conn.outbox
                items = outbox._items
                if items:
                    last = items[-1]
                    kind = last[0]
                    if kind == "framed":
                        buf = last[1]
                        last[2] += 1
                    elif kind == "frame":
                        buf = bytearray(frame_head(len(last[1])))
                        buf += last[1]
                        items[-1] = ["framed", buf, 2]
                    else:
                        buf = None
                    if buf is not None:
                        encode_into(ack, scratch, 0)
                        n = len(scratch)
                        buf += heads[n] if n < 126 else frame_head(n)
                        buf += scratch
                        continue
                items.append(("frame", _encode(ack)))
                if outbox._waiter is not None:
                    flush = outbox._flush
                    if flush is None:
                        outbox._wake()
                    elif not outbox._due:
                        outbox._due = True
                        flush.add(outbox)
            except Exception:
                log.exception("commit callback failed")

    async def _dispatch(self, session: Session, route: Route, frame: Any) -> None:
        frame_id = getattr(frame, "id", None)
        assert route.handler is not None
        try:
            await route.handler(self, session, frame)
        except OpError as exc:
            session.error(exc.code, exc.message, frame_id, exc.detail)
        except p.ProtocolError as exc:
            exc.frame_id = exc.frame_id or frame_id
            session.send(exc.to_frame())
        except StorageError as exc:
            session.error("storage_unavailable", str(exc), frame_id)
        except Exception:
            log.exception("handler %s failed", route.tag)
            session.error("internal", "unexpected server error; nothing was acknowledged", frame_id)


_encode = p.encode_bytes
_encode_into = p.encode_into
# _direct_done's ack, encoded here before it is appended to its client's buffer (the loop's
# thread only: the commit callback runs there) and a short frame's header by its length.
_SCRATCH = bytearray(256)
_HEADS = [frame_head(n) for n in range(126)]


def _hello_lang(asked: str | None) -> tuple[str | None, str | None]:
    """``hello.lang`` -> (the language the session uses, a notice when it is not the one asked).
    A language tag counts by its first part ("en-US" is en); an unknown one falls back to the
    default (each compliance rule explains in its own pack's language) and says so."""
    if not asked:
        return None, None
    primary = asked.split("-", 1)[0].split("_", 1)[0].lower()
    if primary in p.LANGUAGES:
        return primary, None
    return None, (
        f"lang {asked[:40]!r} is not supported ({' or '.join(p.LANGUAGES)}); "
        "compliance explanations come in each rule's own language"
    )


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
