"""An async client of the loancs protocol, shared by the console, `loancs tail`, the
gateways, the simulator and the load test.

It keeps one websocket open, says hello, correlates requests with their ack/result/error
by ``id``, hands events to a callback in seq order, and when the connection drops it
reconnects with backoff and resumes from the last seq it saw: no gap, no duplicate.
Requests in flight when the connection drops fail with ``ClientError("disconnected")``;
resend them (channel frames are idempotent by external id).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidMessage,
    InvalidURI,
)

from loancs.core import protocol as p
from loancs.netutil import Backoff, why

log = logging.getLogger("loancs.client")

EventCallback = Callable[[p.Event], Awaitable[None] | None]
WaitingCallback = Callable[[p.WaitingWork], None]
StatusCallback = Callable[[str, str], Awaitable[None] | None]


def _hint(url: str, exc: BaseException) -> str:
    """What to try when the cause is a mismatch of ws:// and wss://, or a private CA."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "; a private CA: set SSL_CERT_FILE to its certificate (docs/config.md)"
    if url.startswith("wss:") and isinstance(exc, (ConnectionResetError, ssl.SSLError)):
        return "; is the server serving TLS? ws:// if not"
    if url.startswith("ws:") and isinstance(exc, InvalidMessage):
        return "; a TLS server? wss:// if so"
    return ""


class ClientError(Exception):
    def __init__(self, code: str, message: str, detail: Any = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail


class LoancsClient:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        since: int | None = None,
        subscribe: bool = True,
        reconnect: bool = True,
        client_name: str = "loancs",
        lang: str | None = None,
        on_event: EventCallback | None = None,
        on_status: StatusCallback | None = None,
        ssl_context: ssl.SSLContext | None = None,
        max_backoff: float = 5.0,
        open_timeout: float = 5.0,
        retry_first: bool = True,
        first_patience: float = 120.0,
        protocol: int = 1,
        on_waiting: WaitingCallback | None = None,
        watch: bool = False,
    ):
        self.url = url
        self.token = token
        self.last_seq = since
        self.subscribe = subscribe
        self.reconnect = reconnect
        self.client_name = client_name
        self.lang = lang
        self.on_event = on_event
        self.on_status = on_status
        self.ssl_context = ssl_context
        self.max_backoff = max_backoff
        self.open_timeout = open_timeout
        # False: if the very first connection fails, start() raises ("unreachable") instead
        # of retrying for ever; once connected, drops are still retried when reconnect is on.
        self.retry_first = retry_first
        # Even then, a first connection that *times out* (the opening handshake or the
        # welcome, on a server starved of CPU) is tried again for this many seconds, with a
        # "connecting" status each time: a refused port or a wrong token still fail at once.
        self.first_patience = first_patience
        # The protocol said in hello (1: as every earlier release). An agent's console of
        # protocol 2 is told its queues' waiting work (``on_waiting``) instead of being sent
        # each waiting conversation's events (docs/protocol.md).
        self.protocol = protocol
        self.on_waiting = on_waiting
        # Only watching (loancs tail): an agent's token does not sign her in. Said in hello
        # only when set; a server older than the field refuses it, and is asked again without.
        self.watch = watch
        self.welcome: p.Welcome | None = None
        self.ws: ClientConnection | None = None
        self.connected = asyncio.Event()
        self._pending: dict[str, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._prefix = f"{random.getrandbits(32):08x}"
        self._runner: asyncio.Task | None = None
        # Events go through a queue to their own task, so a callback may itself await
        # requests (whose answers the receive loop must keep reading meanwhile).
        self._events: asyncio.Queue[p.Event] = asyncio.Queue()
        self._dispatcher: asyncio.Task | None = None
        self._closed = False
        self._first: asyncio.Future | None = None

    # -------------------------------------------------------------- ids

    def new_id(self) -> str:
        return f"{self._prefix}-{next(self._ids)}"

    # -------------------------------------------------------------- lifecycle

    async def start(self) -> p.Welcome:
        """Connect and say hello; raise ClientError if the server refuses us."""
        self._first = asyncio.get_running_loop().create_future()
        self._runner = asyncio.create_task(self._run())
        self._dispatcher = asyncio.create_task(self._dispatch_events())
        try:
            return await self._first
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        self._closed = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        for task in (self._runner, self._dispatcher):
            if task is not None and task is not asyncio.current_task():
                # Until it is done: Python 3.11's wait_for swallows a cancel that arrives as
                # its future completes (a request the closing connection just failed), and
                # the dispatcher then waited for its next event for ever (`loancs tail | head`).
                while not task.done():
                    task.cancel()
                    await asyncio.wait({task}, timeout=1.0)
                if not task.cancelled():
                    task.exception()  # retrieved: no "exception was never retrieved"
        self._fail_pending("disconnected", "client closed")

    async def __aenter__(self) -> LoancsClient:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def wait_closed(self) -> None:
        if self._runner is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner

    # -------------------------------------------------------------- requests

    async def request(self, frame: msgspec.Struct, timeout: float = 30.0) -> Any:
        """Send a frame with an ``id`` and wait for its ack or result; raise on error."""
        frame_id = getattr(frame, "id", None)
        if frame_id is None:
            raise ValueError("request() needs a frame with an id")
        future = asyncio.get_running_loop().create_future()
        self._pending[frame_id] = future
        try:
            await self.send(frame)
            return await asyncio.wait_for(future, timeout)
        finally:
            self._pending.pop(frame_id, None)
            if future.done() and not future.cancelled():
                # (cancelled as the closing connection failed it: nobody else will look,
                # and asyncio printed "Future exception was never retrieved" at exit)
                future.exception()

    async def call(
        self, frame_type: type[msgspec.Struct], /, *, timeout: float = 30.0, **fields: Any
    ) -> Any:
        """``await client.call(p.Reply, conversation=3, body="...")`` with a fresh id."""
        frame = frame_type(id=self.new_id(), **fields)
        response = await self.request(frame, timeout)
        return response.data if isinstance(response, p.Result) else response

    async def send(self, frame: msgspec.Struct) -> None:
        await self.send_raw(p.encode(frame))

    async def send_raw(self, text: str | bytes) -> None:
        if self.ws is None or not self.connected.is_set():
            raise ClientError("disconnected", "not connected to the server")
        try:
            await self.ws.send(text)
        except ConnectionClosed as exc:
            raise ClientError("disconnected", f"connection closed: {exc}") from None

    # -------------------------------------------------------------- the loop

    async def _status(self, state: str, detail: str = "") -> None:
        if self.on_status is None:
            return
        result = self.on_status(state, detail)
        if asyncio.iscoroutine(result):
            await result

    def _first_pending(self) -> asyncio.Future | None:
        """The first connection's future while start() still waits on it."""
        first = self._first
        return first if first is not None and not first.done() else None

    async def _run(self) -> None:
        backoff = Backoff(0.2, self.max_backoff)
        patient_until = asyncio.get_running_loop().time() + self.first_patience
        while not self._closed:
            try:
                tls: dict[str, Any] = {"ssl": self.ssl_context} if self.ssl_context else {}
                async with connect(
                    self.url,
                    **tls,
                    max_size=None,
                    open_timeout=self.open_timeout,
                    compression=None,
                    ping_interval=20,
                    ping_timeout=20,
                ) as ws:
                    self.ws = ws
                    await self._hello(ws)
                    backoff.reset()
                    await self._receive(ws)
            except ClientError as exc:
                if isinstance(exc.detail, dict) and "head" in exc.detail:
                    # We saw more than the server's log holds (restored from a backup?):
                    # start again from its head instead of asking for the impossible.
                    self.last_seq = None
                    continue
                if self.watch and exc.code == "bad_frame" and "`watch`" in exc.message:
                    log.info("%s does not know hello's `watch`; watching without it", self.url)
                    self.watch = False
                    continue
                if (first := self._first_pending()) is not None:
                    first.set_exception(exc)
                    return
                if exc.code == "unauthorized":
                    await self._status("failed", exc.message)
                    return
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as exc:
                first = self._first_pending()
                if first is not None and (not self.reconnect or not self.retry_first):
                    if (
                        isinstance(exc, TimeoutError)
                        and asyncio.get_running_loop().time() < patient_until
                    ):
                        # The server is there but slow to answer: say so and try again.
                        detail = str(exc) or "timed out"
                        log.info("%s is slow to answer (%s); retrying", self.url, detail)
                        await self._status("connecting", detail)
                        await backoff.sleep()
                        continue
                    cause = why(exc) + _hint(self.url, exc)
                    first.set_exception(
                        ClientError("unreachable", f"cannot reach {self.url}: {cause}", cause)
                    )
                    return
                if first is not None:  # a gateway started before its server: say so
                    log.info("cannot reach %s yet (%s); retrying", self.url, exc)
                else:
                    log.debug("connection lost: %s", exc)
            except InvalidURI as exc:
                if (first := self._first_pending()) is not None:
                    first.set_exception(ClientError("bad_url", str(exc)))
                return
            except Exception as exc:  # never let the runner die silently
                log.warning("connection failed: %r", exc)
                first = self._first_pending()
                if first is not None and (not self.reconnect or not self.retry_first):
                    first.set_exception(
                        ClientError("unreachable", f"cannot reach {self.url}: {exc!r}")
                    )
                    return
            finally:
                self.connected.clear()
                self.ws = None
                self._fail_pending("disconnected", "connection lost; resend")
            if self._closed or not self.reconnect:
                await self._status("closed", "")
                return
            await self._status("reconnecting", f"retrying in {backoff.current:.1f} s")
            await backoff.sleep()

    async def _hello(self, ws: ClientConnection) -> None:
        hello = p.Hello(
            token=self.token,
            since=self.last_seq,
            subscribe=self.subscribe,
            client=self.client_name,
            lang=self.lang,
            protocol=self.protocol if self.protocol != 1 else None,
            watch=self.watch,
        )
        await ws.send(p.encode(hello))
        raw = await asyncio.wait_for(ws.recv(), self.open_timeout + 5)
        frame = p.decode_server_frame(raw)
        if isinstance(frame, p.Error):
            raise ClientError(frame.code, frame.message, frame.detail)
        if not isinstance(frame, p.Welcome):
            raise ClientError("bad_frame", f"expected welcome, got {type(frame).__name__}")
        self.welcome = frame
        if frame.notice:
            log.warning("server: %s", frame.notice)
        if self.last_seq is None:
            self.last_seq = frame.seq
        self.connected.set()
        if (first := self._first_pending()) is not None:
            first.set_result(frame)
        await self._status("connected", self.url)

    async def _receive(self, ws: ClientConnection) -> None:
        async for raw in ws:
            try:
                frame = p.decode_server_frame(raw)
            except msgspec.DecodeError as exc:
                log.warning("undecodable frame from server: %s", exc)
                continue
            if isinstance(frame, p.Event):
                if frame.seq:  # seq 0: transient (typing) events
                    if self.last_seq is not None and frame.seq <= self.last_seq:
                        continue
                    self.last_seq = frame.seq
                self._events.put_nowait(frame)
            elif isinstance(frame, (p.Ack, p.Result)):
                self._resolve(frame.id, frame)
            elif isinstance(frame, p.Error):
                if frame.id and frame.id in self._pending:
                    fut = self._pending[frame.id]
                    if not fut.done():
                        fut.set_exception(ClientError(frame.code, frame.message, frame.detail))
                else:
                    log.warning("server error: %s %s", frame.code, frame.message)
                    await self._status("error", f"{frame.code}: {frame.message}")
            elif isinstance(frame, p.Pong):
                self._resolve(frame.id, frame)
            elif isinstance(frame, p.Resync):
                await self._status("resync", frame.reason)
                await ws.send(p.encode(p.Resume(since=self.last_seq or frame.last_seq)))
            elif isinstance(frame, p.Bye):
                await self._status("server_stopping", frame.reason)
            elif isinstance(frame, p.WaitingWork) and self.on_waiting is not None:
                try:
                    self.on_waiting(frame)
                except Exception:
                    log.exception("waiting callback failed")

    def _resolve(self, frame_id: str | None, frame: Any) -> None:
        if frame_id is None:
            return
        fut = self._pending.get(frame_id)
        if fut is not None and not fut.done():
            fut.set_result(frame)

    async def _dispatch_events(self) -> None:
        while True:
            await self._deliver(await self._events.get())

    async def _deliver(self, event: p.Event) -> None:
        if self.on_event is None:
            return
        try:
            result = self.on_event(event)
            if asyncio.iscoroutine(result):
                await result
        except Exception:
            log.exception("event callback failed")

    def _fail_pending(self, code: str, message: str) -> None:
        for fut in self._pending.values():
            if not fut.done():
                fut.set_exception(ClientError(code, message))
