"""A websocket before and after ``hello``.

A :class:`Connection` is the socket and its outbox from accept to close: anything may be
said on it (errors, ``bye``), but it belongs to nobody yet. ``hello`` with a good token turns
it into a :class:`Session`, whose principal and viewer are always there: a handler never
asks whether someone has signed in.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import socket
import struct
import termios
from asyncio.selector_events import _SelectorTransport  # type: ignore[attr-defined]
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, cast

import msgspec
from websockets.asyncio.messages import Assembler
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed, ConnectionClosedOK
from websockets.frames import CloseCode, Frame, Opcode
from websockets.protocol import Protocol as WsProtocol
from websockets.protocol import State
from websockets.server import ServerProtocol
from websockets.streams import StreamReader

try:  # websockets' own unmasking (its C speedup when built, as Frame.parse uses)
    from websockets.speedups import apply_mask
except ImportError:  # pragma: no cover
    from websockets.utils import apply_mask

from loancs.core import protocol as p
from loancs.core.ratelimit import TokenBucket
from loancs.core.visibility import Viewer
from loancs.server.hub import Outbox, Subscriber

Role = Literal["agent", "supervisor", "admin", "channel", "customer"]
STAFF: tuple[Role, ...] = ("agent", "supervisor", "admin")
MANAGERS: tuple[Role, ...] = ("supervisor", "admin")
ANYONE: tuple[Role, ...] = (*STAFF, "channel", "customer")

# ("frame", json) | ("event", json, seq) | ("close", code, reason) | ["framed", buffer,
# count]; json: UTF-8 bytes. "framed": ``count`` whole websocket frames (header and JSON) in
# one bytearray, a list because the buffer grows while it waits last in the outbox (a
# client's acks: app.py ``_direct_done``).
OutItem = Any

# Looked at for every frame read or written: an enum member read through its class costs
# ~950 instructions on 3.11 (valgrind), a module global ~50. So is the connection's state:
# read as websockets' Protocol keeps it (``_state``), not through its ``state`` property,
# a Python call (~0.6k instructions a read; tests/test_server_ws_state.py pins the two as one).
_OPEN = State.OPEN
_TEXT = Opcode.TEXT
# asyncio's socket transport answers ``is_closing()`` with its ``_closing`` (a Python call,
# ~0.27k instructions more than the attribute, once a write): read as the attribute where the
# transport is that one (Connection.plain); a TLS transport, or another loop's, is asked.
_SELECTOR_IS_CLOSING = _SelectorTransport.is_closing


class TextFrame(Frame):
    """A whole text frame as KeepaliveSocket's shortcut reads it: websockets' ``Frame``
    (``opcode`` TEXT, ``fin`` True, no reserved bit, read as the class's), made with only
    its data set (~0.65k instructions less than the dataclass's six assignments), and known
    by its class where the Inbox takes it (no attribute read for ``fin`` and ``opcode``)."""

    opcode = _TEXT

    def __init__(self, data: bytes) -> None:
        self.data = data


@dataclass(frozen=True)
class Principal:
    """Who a session speaks for, from its token (or the visitor's signed id)."""

    role: Role
    name: str
    actor: str
    agent_id: int | None = None
    channel_name: str | None = None
    channel_kind: str | None = None
    skills: dict[str, int] = field(default_factory=dict)
    capacity: dict[str, int] = field(default_factory=dict)
    visitor: str | None = None
    visitor_token: str | None = None  # said back in welcome, never stored

    @property
    def source(self) -> str:
        """The name recorded as the source of what this principal pushes (a channel's name,
        else the staff member's)."""
        return self.channel_name or self.name

    @property
    def gateway(self) -> tuple[str, str]:
        """A channel's name and kind (every channel principal has both)."""
        if self.channel_name is None or self.channel_kind is None:
            raise TypeError(f"a {self.role} is not a channel gateway")
        return self.channel_name, self.channel_kind

    @property
    def staff_id(self) -> int:
        """A member of staff's agent id (every agent, supervisor and admin has one)."""
        if self.agent_id is None:
            raise TypeError(f"a {self.role} is not a member of staff")
        return self.agent_id

    @property
    def identity(self) -> str:
        """One token bucket per identity: a second socket does not buy a second allowance."""
        if self.role == "customer":
            return f"customer:{self.visitor}"
        if self.role == "channel":
            return f"channel:{self.channel_name}"
        return f"staff:{self.agent_id}"


class StallWatch(Protocol):
    """What the keepalive asks the connection when a ping goes unanswered."""

    def written(self) -> int:
        """How many frames have been written so far (a counter)."""

    def fall_behind(self) -> bool:
        """Treat the client as a subscriber that stopped reading; False if it is not one."""


class KeepaliveSocket(ServerConnection):
    """websockets' keepalive, except for a client that stopped reading.

    Such a client cannot answer pings: the ping waits, unread, behind the events we sent it.
    When a ping goes unanswered and frames were written since the last ping that was
    answered, the client is a subscriber that fell behind, not a dead peer: it is told to
    ``resync`` and given longer to come back (ServerContext._overflow) instead of being
    closed with 1011. A peer whose frames we have not read yet (a gateway pipelining faster
    than we process) is alive: its pong waits behind them. A silent peer is closed as before.
    """

    watch: StallWatch | None = None
    # The Inbox reads this connection (set when it starts): from then on nothing but the
    # Inbox reads the frames' queue, and the shortcut queues a text frame's data as itself.
    # Before (``hello`` is read by websockets' recv), it queues the TextFrame recv expects.
    inbox = False

    # The start of a frame the shortcut waits to have whole, and how long it must grow
    # before it is looked at again (a big frame in small reads costs linear time, as in
    # websockets' own buffer).
    _held: bytearray | None = None
    _need = 0

    def data_received(self, data: bytes) -> None:
        """websockets' receive, with a shortcut for what most frames are: whole masked text
        frames (FIN, no reserved bits, within ``max_size``) while its parser waits at a frame
        boundary. Those are unmasked here and handed to the message assembler as its parser
        would hand them (the same Frame, the same queue and flow control; UTF-8 is checked
        where websockets checks it, when the message is read). Any other whole frame (ping,
        pong, close, a fragment, binary) goes to websockets' parser by itself, so the parser
        is again at a frame boundary after it; a frame it refuses at its header (unmasked,
        too big, an unknown opcode) goes to it at once, with everything after it. The start
        of a frame cut by the end of ``data`` is held until the rest comes. (The parser's
        generators cost ~3-5 µs a frame more than this loop.)"""
        held = self._held
        if held is not None:
            held += data
            if len(held) < self._need and self.protocol._state is _OPEN:
                return  # still cut short
            self._held = None
            data = bytes(held)
        if not self._at_boundary():
            super().data_received(data)
            return
        assembler = self.recv_messages
        if assembler.closed:  # (its put raises EOFError: websockets' parser meets it)
            super().data_received(data)
            return
        protocol = self.protocol
        limit, fragment = protocol.max_message_size, protocol.max_fragment_size
        if fragment is not None:
            limit = fragment if limit is None else min(limit, fragment)
        if limit is None:
            limit = _NO_LIMIT
        # Whole text frames go straight onto the assembler's queue; what its put does after
        # each (wake the reader, pause reading past the high-water mark) is done once, when
        # this data is read (websockets' parser puts its own frames after ours, in order).
        queue = cast("deque[Frame | bytes]", assembler.frames.queue)
        append, queued = queue.append, len(queue)
        # Each text frame's data goes on the queue as itself (bytes: the Inbox takes it, no
        # Frame made) once the Inbox reads, unless websockets' recv is reading the queue:
        # then as the TextFrame recv expects.
        framed = not self.inbox or assembler.get_in_progress
        pos, size = 0, len(data)
        try:
            while pos < size:
                first = data[pos]
                # (a text frame, FIN and no reserved bit, is one of the opcodes: not looked up)
                if first != 0x81 and first & 0x0F not in _OPCODES:
                    break  # refused at its header
                if size - pos < 2:
                    self._hold(data, pos, 2)
                    return
                length = data[pos + 1]
                if length < 0x80:
                    break  # unmasked: refused at its header
                length -= 0x80
                mask = pos + 2
                if length >= 126:
                    if length == 126:
                        if size - mask < 2:
                            self._hold(data, pos, 4)
                            return
                        length = data[mask] << 8 | data[mask + 1]
                        mask += 2
                    else:
                        if size - mask < 8:
                            self._hold(data, pos, 10)
                            return
                        length = int.from_bytes(data[mask : mask + 8], "big")
                        mask += 8
                if length > limit:
                    break  # too big: refused at its header
                start = mask + 4
                end = start + length
                if end > size:
                    self._hold(data, pos, end - pos)
                    return
                if first == 0x81:  # FIN, no reserved bit, text
                    text = apply_mask(data[start:end], data[mask:start])
                    append(TextFrame(text) if framed else text)
                else:
                    super().data_received(data[pos:end])
                    if not self._at_boundary():
                        pos = end
                        break
                pos = end
        finally:
            if len(queue) != queued:
                _queued(assembler)
        if pos < size:
            super().data_received(data[pos:])

    def _hold(self, data: bytes, pos: int, need: int) -> None:
        self._held = bytearray(memoryview(data)[pos:])
        self._need = need

    def _at_boundary(self) -> bool:
        """Is websockets' parser waiting for the next frame of an open connection, with
        nothing buffered, and nothing about this connection that the shortcut skips?"""
        protocol = self.protocol
        return (
            protocol._state is _OPEN
            and not self.debug
            and not protocol.extensions
            and protocol.current_size is None
            and not protocol.reader.buffer
            and _parser_at_boundary(protocol.parser)
        )

    def _give_back(self) -> None:
        """The connection ends: what was held goes to websockets' parser (a frame cut short:
        it says so as it would have)."""
        held, self._held = self._held, None
        if held is not None:
            with contextlib.suppress(EOFError):
                self.protocol.receive_data(held)

    def eof_received(self) -> None:
        self._give_back()
        return super().eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._give_back()
        super().connection_lost(exc)

    async def keepalive(self) -> None:
        assert self.ping_interval is not None
        latency = 0.0
        read_up_to = 0  # frames written before the last answered ping
        try:
            while True:
                await asyncio.sleep(max(0.0, self.ping_interval - latency))
                mark = self.watch.written() if self.watch is not None else 0
                pong = await self.ping()
                waited = 0.0
                while True:
                    timeout = self.ping_timeout
                    if timeout is None:
                        latency = await pong
                        break
                    try:
                        async with asyncio.timeout(max(0.0, timeout - waited)):
                            latency = await pong
                        read_up_to = mark
                        break
                    except TimeoutError:
                        if len(self.recv_messages.frames):
                            # Its frames wait for us to read them (the pong behind them): the
                            # peer is alive and we are the ones behind.
                            waited = 0.0
                            continue
                        waited = timeout
                        if (self.ping_timeout or 0.0) > waited:
                            continue  # it fell behind meanwhile and was given longer
                        watch = self.watch
                        if (
                            watch is not None
                            and watch.written() > read_up_to
                            and watch.fall_behind()
                            and (self.ping_timeout or 0.0) > waited
                        ):
                            continue  # the grace given to a subscriber told to resync
                        async with self.send_context():
                            self.protocol.fail(CloseCode.INTERNAL_ERROR, "keepalive ping timeout")
                        raise AssertionError("send_context() waits for connection_lost()") from None
        except Exception:
            self.logger.error("keepalive ping failed", exc_info=True)


# Where websockets' parser is when it waits for the next frame: ServerProtocol.parse (past
# the handshake) delegating to Protocol.parse, delegating to StreamReader.at_eof
# (KeepaliveSocket.data_received looks, and parses only there).
_SERVER_PARSE = ServerProtocol.parse.__code__
_PARSE = WsProtocol.parse.__code__
_AT_EOF = StreamReader.at_eof.__code__


_OPCODES = frozenset(int(op) for op in Opcode)
_NO_LIMIT = 1 << 63  # (a frame's length is at most 2**63 - 1)


def _queued(assembler: Assembler) -> None:
    """What websockets' Assembler.put does after queueing a frame, for several at once."""
    waiter = assembler.frames.get_waiter
    if waiter is not None and not waiter.done():
        waiter.set_result(None)
    assembler.maybe_pause()


def _parser_at_boundary(parser: Any) -> bool:
    if getattr(parser, "gi_code", None) is _SERVER_PARSE:
        parser = getattr(parser, "gi_yieldfrom", None)
    if getattr(parser, "gi_code", None) is not _PARSE:
        return False
    return getattr(getattr(parser, "gi_yieldfrom", None), "gi_code", None) is _AT_EOF


class Inbox:
    """A connection's messages, for its receive loop: a whole text message already waiting
    in websockets' queue is taken from it as its UTF-8 bytes (not decoded to a str: msgspec
    reads the bytes, and checks their UTF-8 as it decodes them), not through recv's four
    nested coroutines: the bytes KeepaliveSocket's shortcut queued (``waiting``: the loop
    takes them itself, ``take``), or a whole text frame. With nothing waiting on an open
    connection, ``next`` waits for the queue's next put itself (the waiter recv's queue
    would make), not inside recv. Anything else (a fragmented message, a binary one, a
    closed connection) is recv's, as before: a text message as a str, a binary one as bytes
    (``binary``: the binary message ``next`` returned last). ``async for`` reads the same."""

    def __init__(self, ws: ServerConnection):
        self.ws = ws
        self.binary: bytes | None = None
        if isinstance(ws, KeepaliveSocket):
            ws.inbox = True
        self.assembler = ws.recv_messages
        # The queue itself: its head is the next message when it is bytes (``take``).
        self.waiting: deque[Any] = self.assembler.frames.queue

    def take(self) -> bytes | None:
        """The text message waiting first in the queue as bytes, taken; None when the next
        message is not one (``next`` has it)."""
        waiting = self.waiting
        if waiting and waiting[0].__class__ is bytes:  # (recv never reads while one waits)
            assembler = self.assembler
            if assembler.paused:  # (maybe_resume's own first question, without a call)
                data: bytes = waiting.popleft()
                assembler.maybe_resume()
                return data
            return waiting.popleft()
        return None

    async def next(self) -> str | bytes | None:
        """The next message, waiting for it; None when the connection was closed normally
        (an abnormal close raises ConnectionClosedError, as recv does)."""
        self.binary = None
        ws, assembler = self.ws, self.assembler
        frames = assembler.frames
        waiting = self.waiting
        while True:
            if waiting:
                frame = waiting[0]
                if frame.__class__ is bytes:
                    return self.take()
                if not assembler.get_in_progress and (
                    frame.__class__ is TextFrame or (frame.fin and frame.opcode is _TEXT)
                ):
                    waiting.popleft()
                    if assembler.paused:
                        assembler.maybe_resume()
                    data = frame.data
                    return data if type(data) is bytes else bytes(data)
            elif not assembler.closed and frames.get_waiter is None:
                # SimpleQueue.get's wait, without recv and get around it: put (and the
                # shortcut's _queued) wake it; abort (the connection ends) raises EOFError
                # in it, and recv below says how the connection ended.
                waiter = frames.get_waiter = frames.loop.create_future()
                try:
                    await waiter
                except EOFError:
                    pass
                finally:
                    frames.get_waiter = None
                continue
            try:
                message = await ws.recv()
            except ConnectionClosedOK:
                return None
            if type(message) is bytes:
                self.binary = message
            return message

    async def __aiter__(self) -> AsyncIterator[str | bytes]:
        take = self.take
        while True:
            raw: str | bytes | None = take()
            if raw is None:
                raw = await self.next()
                if raw is None:
                    return
            yield raw

    async def refuse_text(self, data: bytes) -> None:
        """A text message of ours was not UTF-8: close with 1007, as websockets' recv does
        (RFC 6455), and raise what recv raises."""
        ws = self.ws
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            ws.set_connection_exc(exc)
            async with ws.send_context():
                ws.protocol.fail(CloseCode.INVALID_DATA, f"{exc.reason} at position {exc.start}")
        else:  # pragma: no cover (called only for bytes that are not UTF-8)
            raise ValueError("the message is valid UTF-8")
        await asyncio.shield(ws.connection_lost_waiter)
        raise ws.close_exc


class InFlight:
    """How many more of a connection's frames may be handled at once (``free``): taken by
    its receive loop (``free -= 1``, after ``wait`` when none is free), given back when a
    frame's write is answered. What an asyncio.Semaphore did for it, without a coroutine per
    frame (its ``acquire``) or a generator (its ``locked``): ~5.4k -> ~1.2k instructions a
    frame. One waiter at most: the receive loop."""

    __slots__ = ("free", "_waiter")

    def __init__(self, limit: int):
        self.free = limit
        self._waiter: asyncio.Future[None] | None = None

    async def wait(self) -> None:
        """Until a frame is free to be taken (its reader stops reading meanwhile)."""
        while self.free <= 0:
            waiter = self._waiter = asyncio.get_running_loop().create_future()
            try:
                await waiter
            finally:
                if self._waiter is waiter:
                    self._waiter = None

    def release(self) -> None:
        self.free += 1
        if self._waiter is not None:
            self.wake()

    def wake(self) -> None:
        """Wake the receive loop waiting for a free frame (release's second half: the
        ack of every customer message does the first itself, without a call)."""
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)


class Connection:
    """One websocket: an ordered outbox and the task that writes it."""

    def __init__(self, ws: ServerConnection, max_in_flight: int):
        self.ws = ws
        self.outbox = Outbox(self.write_now)
        self.must_drain = False  # write_now left the transport paused: drain before writing
        self.subscriber: Subscriber | None = None
        self.in_flight = InFlight(max_in_flight)
        self.tasks: set[asyncio.Task[None]] = set()
        self.closing = False
        self.taken_seq = 0  # the newest event the sender has taken out of the outbox
        self.session: Session | None = None  # set by a good hello
        self.frames_written = 0
        self.watching: list[int] = []  # waiting conversations followed live (Hub.watch)
        # The transport is asyncio's socket transport: ``_closing`` is its is_closing().
        self.plain = (
            getattr(type(getattr(ws, "transport", None)), "is_closing", None)
            is _SELECTOR_IS_CLOSING
        )
        if isinstance(ws, KeepaliveSocket):
            ws.watch = self

    def written(self) -> int:
        return self.frames_written

    def fall_behind(self) -> bool:
        """A ping went unanswered behind frames we wrote: if this is a subscriber, it fell
        behind now (``resync`` is queued; the overflow gives it longer to answer)."""
        sub = self.subscriber
        if sub is None or self.closing:
            return False
        sub._overflow()
        return True

    def task_done(self, task: asyncio.Task[None]) -> None:
        """A frame's handler finished: one more frame may be in flight."""
        self.tasks.discard(task)
        self.in_flight.release()

    def send(self, frame: msgspec.Struct) -> None:
        if not self.closing:
            self.outbox.put_nowait(("frame", p.encode_bytes(frame)))

    def error(
        self, code: str, message: str, frame_id: str | None = None, detail: Any = None
    ) -> None:
        self.send(p.Error(code=code, message=message, id=frame_id, detail=detail))

    def close(self, code: int, reason: str) -> None:
        """Send what is queued, then close; nothing more is read or sent after this."""
        if not self.closing:
            self.closing = True
            self.outbox.put_nowait(("close", code, reason))

    def backlog_bytes(self) -> int:
        """What this connection has written that the client has not taken yet: asyncio's
        write buffer plus the kernel's send queue (Linux; 0 where it cannot be asked)."""
        transport = self.ws.transport
        size = transport.get_write_buffer_size()
        sock = transport.get_extra_info("socket")
        if sock is not None and _SIOCOUTQ is not None:
            with contextlib.suppress(OSError, ValueError):
                raw = fcntl.ioctl(sock.fileno(), _SIOCOUTQ, b"\0\0\0\0")
                size += struct.unpack("i", raw)[0]
        return size

    async def sender(self) -> None:
        """Write queued frames in order. Whatever is waiting goes out in one write: events
        arrive in commit batches, so a subscriber costs one write per batch, not per event.
        While it sleeps on an empty outbox, ``write_now`` writes for it (Outbox)."""
        outbox = self.outbox
        try:
            while True:
                item = await outbox.get()
                if self.must_drain:  # write_now left the transport paused (flow control)
                    self.must_drain = False
                    if self.ws.paused:
                        await self.ws.drain()
                parts: list[bytes] = []
                count, size, close = self._take_framed(item, parts)
                await self._write(parts, count)
                if close is not None:
                    await self.ws.close(close[1], close[2])
                    return
                self._written(size, count)
        except ConnectionClosed:
            return

    def write_now(self) -> bool:
        """Write what waits in the outbox now, without the sender task (Outbox calls this
        once per turn of the loop while the sender sleeps). False: what is left is the
        sender's (a close, a paused transport, a connection that is not open)."""
        ws = self.ws
        queued = self.outbox._items  # (waiting(), without the call)
        transport = ws.transport
        protocol = ws.protocol
        while queued:
            if (
                ws.paused
                or protocol._state is not _OPEN
                or (transport._closing if self.plain else transport.is_closing())  # type: ignore[attr-defined]
            ):
                return False
            item = queued[0]
            kind = item[0]
            if kind == "close":
                return False
            if len(queued) == 1:
                # What most writes are (an agent given its one event of a commit, a client
                # its acks of a commit): one item, written without _take_framed's list.
                queued.popleft()
                pending = protocol.writes  # (data_to_send() without its new list)
                if pending:
                    protocol.writes = []
                data = item[1]
                size = len(data)
                sub = self.subscriber
                if kind == "event":
                    if item[2] > self.taken_seq:
                        self.taken_seq = item[2]
                    if sub is not None:
                        sub.queued -= 1
                        sub.queued_bytes -= size
                elif kind == "framed":  # (headers and all)
                    self.frames_written += item[2]
                    self._send(transport, b"".join((*pending, data)) if pending else data)
                    if sub is not None:
                        self._written(size, item[2])
                    if ws.paused:
                        self.must_drain = True
                    continue
                self.frames_written += 1
                head = (
                    _SHORT_HEADS[size]
                    if size < 126
                    else _MEDIUM_HEADS[size]
                    if size < 65536
                    else _HEAD_LONG(0x81, 127, size)
                )
                out = b"".join((*pending, head, data)) if pending else head + data
                self._send(transport, out)  # (one delivery per recipient of every event)
                if sub is not None and sub.backlog_limit and not sub.overflowed:
                    # _written(size, 1), inline: is the subscriber behind?
                    bound = sub.socket_bytes + size + 4
                    if (
                        sub.queued
                        or bound + sub.queued_bytes > sub.backlog_limit >> 1
                        or (
                            transport._buffer  # type: ignore[attr-defined]
                            if self.plain
                            else transport.get_write_buffer_size()
                        )
                    ):
                        sub.check_backlog(self.backlog_bytes())
                    else:
                        sub.socket_bytes = bound
                if ws.paused:
                    self.must_drain = True
                continue
            parts = protocol.data_to_send()
            count, size, close = self._take_framed(queued.popleft(), parts)
            if close is not None:
                queued.appendleft(close)
            self.frames_written += count
            self._send(transport, b"".join(parts))
            self._written(size, count)
            if ws.paused:
                self.must_drain = True  # the sender waits for the drain before its next write
        return True

    def _send(self, transport: Any, out: bytes) -> None:
        """``transport.write(out)`` for write_now (the loop checked the transport is open):
        with nothing held back, asyncio's send without its checks (~0.4k instructions a
        write less: an agent given several events of a commit, a client its acks); a short
        or refused send hands the rest to asyncio's write, which holds it or fails as before."""
        if self.plain and not transport._buffer and not transport._eof:
            try:
                sent = transport._sock.send(out)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException:
                sent = 0  # (asyncio's write sends again and fails the transport)
            if sent != len(out):
                transport.write(out[sent:] if sent else out)
        else:
            transport.write(out)

    def _take_framed(self, item: OutItem, parts: list[bytes]) -> tuple[int, int, OutItem | None]:
        """``item`` and what waits after it, for one write, each frame added to ``parts``
        with its header ("framed" items as they are): at most ~64 KiB (flow control, drain,
        then the rest, still in the outbox, where an overflow can drop it in favour of
        `resync`), or up to a close (returned apart: frames before it go first). Returns
        how many frames, their size and the close."""
        queued = self.outbox.waiting()
        append = parts.append
        heads = _SHORT_HEADS
        count = size = events = event_bytes = 0
        taken = self.taken_seq
        close = None
        while True:
            kind = item[0]
            if kind == "close":
                close = item
                break
            data = item[1]
            n = len(data)
            if kind == "framed":
                append(data)
                count += item[2]
                size += n
                if not queued or count >= 512 or size >= 65536:
                    break
                item = queued.popleft()
                continue
            append(
                heads[n] if n < 126 else _MEDIUM_HEADS[n] if n < 65536 else _HEAD_LONG(0x81, 127, n)
            )
            append(data)
            count += 1
            size += n
            if kind == "event":
                events += 1
                event_bytes += n
                if item[2] > taken:
                    taken = item[2]
            if not queued or count >= 512 or size >= 65536:
                break
            item = queued.popleft()
        self._took(taken, events, event_bytes)
        return count, size, close

    def _took(self, taken: int, events: int, event_bytes: int) -> None:
        """After ``_take_framed``: the newest event sequence taken, and the
        subscriber told how many events (and their bytes) left its queue."""
        self.taken_seq = taken
        sub = self.subscriber
        if sub is not None:
            sub.taken(events, event_bytes)

    def _written(self, size: int, count: int) -> None:
        """After a write of ``count`` frames, ``size`` bytes: is a subscriber behind?"""
        sub = self.subscriber
        if sub is not None and sub.backlog_limit and not sub.overflowed:
            # The socket's own buffers count too: a console that reads slowly is behind by
            # what sits there, not only by what waits in the outbox. The socket holds at most
            # what it held when last asked plus what was written since: the kernel is asked
            # (a syscall) when that bound passes half the limit, when asyncio holds bytes back
            # or when the outbox is not empty. A console that keeps up costs an ioctl per
            # backlog_limit / 2 bytes written, not one per write.
            bound = sub.socket_bytes + size + 4 * count  # with the headers
            if (
                sub.queued
                or bound + sub.queued_bytes > sub.backlog_limit >> 1
                or self.ws.transport.get_write_buffer_size()
            ):
                sub.check_backlog(self.backlog_bytes())
            else:
                sub.socket_bytes = bound

    async def _write(self, parts: list[bytes], count: int) -> None:
        """Write ``count`` whole text frames (UTF-8 JSON, each after its header in
        ``parts``) in one socket write. The frames are built here, not by ``websockets``
        (no extension is negotiated: compression is off): a header per frame instead of a
        Frame object and a serialization per frame. Anything the protocol queued itself (a
        pong) goes first, as send_text would."""
        if not parts:
            return
        self.frames_written += count
        ws = self.ws
        transport = ws.transport
        if ws.protocol._state is _OPEN and not (
            transport._closing if self.plain else transport.is_closing()  # type: ignore[attr-defined]
        ):
            # What send_context does for an open connection, without its context manager
            # (a few µs per write, one write per recipient of every event): write, then wait
            # only if the transport asked us to pause (flow control).
            transport.write(b"".join(ws.protocol.data_to_send() + parts))
            if ws.paused:
                await ws.drain()
            return
        async with ws.send_context():  # closing: it raises ConnectionClosed as it should
            ws.transport.write(b"".join(ws.protocol.data_to_send() + parts))


def frame_head(n: int) -> bytes:
    """The header of a final, unmasked (a server's) websocket text frame of ``n`` bytes."""
    return (
        _SHORT_HEADS[n] if n < 126 else _MEDIUM_HEADS[n] if n < 65536 else _HEAD_LONG(0x81, 127, n)
    )


# Headers of a final, unmasked (a server's) websocket text frame, by payload length.
_SHORT_HEADS = [bytes((0x81, n)) for n in range(126)]
_HEAD_MEDIUM = struct.Struct("!BBH").pack
_HEAD_LONG = struct.Struct("!BBQ").pack
_MEDIUM_KEPT = 2048  # lengths whose header is kept once made (an event's frame is ~0.4 KB)


class _MediumHeads(dict[int, bytes]):
    """The header of a frame of 126 to 65,535 bytes by its length (``heads[n]``): made once
    for lengths under _MEDIUM_KEPT (~1.9k headers at most, ~0.1 MB) and looked up after
    (~0.1k instructions, against ~0.5k for struct's pack: every event's frame is one)."""

    def __missing__(self, n: int) -> bytes:
        head = _HEAD_MEDIUM(0x81, 126, n)
        if n < _MEDIUM_KEPT:
            self[n] = head
        return head


_MEDIUM_HEADS = _MediumHeads()


class Session:
    """A connection after a good ``hello``: whose it is and what it may see."""

    def __init__(
        self,
        conn: Connection,
        principal: Principal,
        viewer: Viewer,
        bucket: TokenBucket,
        lang: str | None,
    ):
        self.conn = conn
        self.principal = principal
        self.viewer = viewer
        self.bucket = bucket
        self.lang = lang
        # Counted by the services (an agent signed in): once it subscribes or sends a request.
        self.present = False
        # A watcher (hello ``watch``, ``loancs tail``) never signs an agent in.
        self.watch = False
        conn.session = self

    # What handlers use of the connection underneath.
    @property
    def ws(self) -> ServerConnection:
        return self.conn.ws

    @property
    def subscriber(self) -> Subscriber | None:
        return self.conn.subscriber

    @property
    def closing(self) -> bool:
        return self.conn.closing

    def send(self, frame: msgspec.Struct) -> None:
        self.conn.send(frame)

    def error(
        self, code: str, message: str, frame_id: str | None = None, detail: Any = None
    ) -> None:
        self.conn.error(code, message, frame_id, detail)

    def close(self, code: int, reason: str) -> None:
        self.conn.close(code, reason)

    def ack(
        self,
        frame_id: str,
        result: dict[str, Any],
        warnings: list[dict[str, Any]] | None = None,
    ) -> None:
        """The write of ``frame_id`` committed: say so with what the store answered."""
        self.send(
            p.Ack(
                id=frame_id,
                seq=result.get("seq", 0),
                conversation=result.get("conversation"),
                message=result.get("message"),
                duplicate=bool(result.get("duplicate")),
                warnings=warnings or None,
            )
        )


def _outq_request() -> int | None:
    if not hasattr(socket, "AF_INET"):
        return None
    return getattr(termios, "TIOCOUTQ", None)  # == SIOCOUTQ on Linux


_SIOCOUTQ = _outq_request()
