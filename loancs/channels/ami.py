"""Asterisk Manager Interface: a pure parser and call tracker, and an async client.

AMI is TCP text: a banner line (``Asterisk Call Manager/5.0.1``), then messages of
``Key: Value`` lines ended by a blank line. The tracker turns channel events into the
platform's call events, keyed by ``Linkedid`` (the call id):

- ``Newchannel`` of the caller's leg (Uniqueid == Linkedid)  -> started (the screen-pop)
- ``DialEnd`` with ``DialStatus: ANSWER`` or ``Newstate Up`` of a dialled leg -> answered
- ``Hangup`` of the caller's leg -> ended (cause, duration, billsec)

The client logs in, asks ``CoreShowChannels`` after every (re)connect so calls that
started or ended while it was away are neither lost nor duplicated, and reconnects with
backoff when the line drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from loancs.netutil import Backoff

log = logging.getLogger("loancs.ami")

MAX_MESSAGE = 64 * 1024


class AmiParser:
    """Incremental: ``feed(bytes)`` returns the complete messages seen so far."""

    def __init__(self) -> None:
        self.buffer = b""
        self.banner: str | None = None

    def feed(self, data: bytes) -> list[dict[str, str]]:
        self.buffer += data.replace(b"\r\n", b"\n")
        messages: list[dict[str, str]] = []
        if self.banner is None:
            if b"\n" not in self.buffer:
                return messages
            line, self.buffer = self.buffer.split(b"\n", 1)
            self.banner = line.decode("utf-8", "replace").strip()
        while b"\n\n" in self.buffer:
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            message = parse_message(block.decode("utf-8", "replace"))
            if message:
                messages.append(message)
        if len(self.buffer) > MAX_MESSAGE:
            log.warning("dropping %d bytes of unterminated AMI input", len(self.buffer))
            self.buffer = b""
        return messages


def parse_message(text: str) -> dict[str, str]:
    message: dict[str, str] = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if not sep:
            continue
        message[key.strip()] = value.strip()
    return message


def format_action(action: str, **fields: str) -> bytes:
    lines = [f"Action: {action}"] + [f"{k}: {v}" for k, v in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


# ---------------------------------------------------------------- call tracking


def _known(value: str | None) -> str | None:
    return value if value and value not in ("<unknown>", "unknown") else None


@dataclass
class CallState:
    call_id: str
    caller: str
    caller_name: str | None
    to: str | None
    started_at: float
    answered_at: float | None = None
    agent: str | None = None
    dial_status: str | None = None
    sent: set[str] = field(default_factory=set)


class CallTracker:
    """AMI events in, call-event dicts (fields of the CallEvent frame) out. Pure."""

    def __init__(self, done_memory: int = 10000):
        self.calls: dict[str, CallState] = {}
        self.done: OrderedDict[str, None] = OrderedDict()
        self.done_memory = done_memory

    def _finish(self, call_id: str) -> None:
        self.calls.pop(call_id, None)
        self.done[call_id] = None
        while len(self.done) > self.done_memory:
            self.done.popitem(last=False)

    @staticmethod
    def _ts(event: dict[str, str], now: float) -> float:
        try:
            return float(event["Timestamp"])
        except (KeyError, ValueError):
            return now

    def _frame(self, call: CallState, name: str, at: float, **extra: Any) -> list[dict[str, Any]]:
        if name in call.sent:
            return []
        call.sent.add(name)
        frame: dict[str, Any] = {"call_id": call.call_id, "event": name, "at": int(at * 1000)}
        if name == "started":
            frame["customer"] = {"kind": "phone", "value": call.caller}
            if call.caller_name:
                frame["customer"]["name"] = call.caller_name
            frame["direction"] = "inbound"
            if call.to:
                frame["to"] = call.to
        frame.update({k: v for k, v in extra.items() if v is not None})
        return [frame]

    def process(self, event: dict[str, str], now: float) -> list[dict[str, Any]]:
        kind = event.get("Event")
        call_id = event.get("Linkedid")
        if not kind or not call_id or call_id in self.done:
            return []
        at = self._ts(event, now)
        own_leg = event.get("Uniqueid") == call_id
        call = self.calls.get(call_id)
        if kind == "Newchannel":
            if not own_leg or call is not None:
                return []
            caller = _known(event.get("CallerIDNum"))
            name = _known(event.get("CallerIDName"))
            if caller is None:
                # Number withheld: still a call to answer, but nothing to match it to, and
                # two anonymous callers must not become one customer.
                caller, name = f"anonymous:{call_id}", name or "未显示号码"
            call = CallState(call_id, caller, name, event.get("Exten"), at)
            self.calls[call_id] = call
            return self._frame(call, "started", at)
        if call is None:
            return []
        if kind == "DialBegin":
            call.agent = _known(event.get("DestCallerIDName")) or _known(
                event.get("DestCallerIDNum")
            )
            return []
        if kind == "DialEnd":
            call.dial_status = event.get("DialStatus")
            if call.dial_status == "ANSWER":
                call.answered_at = call.answered_at or at
                agent = _known(event.get("DestCallerIDName")) or _known(
                    event.get("DestCallerIDNum")
                )
                call.agent = agent or call.agent
                return self._frame(call, "answered", at, agent=call.agent)
            return []
        if kind == "Newstate" and event.get("ChannelStateDesc") == "Up" and not own_leg:
            call.answered_at = call.answered_at or at
            call.agent = call.agent or _known(event.get("CallerIDName")) or event.get("Channel")
            return self._frame(call, "answered", at, agent=call.agent)
        if kind == "Hangup" and own_leg:
            cause_code = event.get("Cause", "")
            cause = f"{cause_code} {event.get('Cause-txt', '')}".strip()
            if call.answered_at is None and call.dial_status and call.dial_status != "ANSWER":
                cause = f"{cause} ({call.dial_status})"
            frames = self._frame(
                call,
                "ended",
                at,
                cause=cause or None,
                duration_s=round(max(0.0, at - call.started_at), 3),
                billsec_s=round(max(0.0, at - call.answered_at), 3) if call.answered_at else 0.0,
            )
            self._finish(call_id)
            return frames
        return []

    def reconcile(
        self, live: list[dict[str, str]], now: float, open_before: set[str] | None = None
    ) -> list[dict[str, Any]]:
        """After a reconnect: ``CoreShowChannel`` entries say which calls are still up.
        Only calls open before the reconnect (``open_before``) can have ended unseen."""
        frames: list[dict[str, Any]] = []
        live_ids = {e.get("Linkedid") for e in live}
        candidates = set(self.calls) if open_before is None else open_before
        for call_id in [c for c in self.calls if c not in live_ids and c in candidates]:
            call = self.calls[call_id]
            frames += self._frame(
                call,
                "ended",
                now,
                cause="ended while the gateway was disconnected",
                duration_s=round(max(0.0, now - call.started_at), 3),
                billsec_s=round(max(0.0, now - call.answered_at), 3) if call.answered_at else 0.0,
            )
            self._finish(call_id)
        for entry in live:
            call_id = entry.get("Linkedid") or ""
            if not call_id or call_id in self.done:
                continue
            if entry.get("Uniqueid") == call_id and call_id not in self.calls:
                frames += self.process({**entry, "Event": "Newchannel"}, now)
            elif entry.get("Uniqueid") != call_id and entry.get("ChannelStateDesc") == "Up":
                frames += self.process({**entry, "Event": "Newstate"}, now)
        return frames


# ---------------------------------------------------------------- the client


class AmiAuthError(Exception):
    pass


FrameSink = Callable[[list[dict[str, Any]]], Awaitable[None] | None]


def _why(exc: BaseException) -> str:
    """ "connection refused" rather than "[Errno 111] Connect call failed ('10.0.0.5', 5038)"."""
    errno = getattr(exc, "errno", None)
    if errno:
        return os.strerror(errno).lower()
    return str(exc) or "timed out"


class AmiClient:
    def __init__(
        self,
        host: str,
        port: int,
        username: str,
        secret: str,
        on_frames: FrameSink,
        *,
        clock: Callable[[], float] | None = None,
        max_backoff: float = 10.0,
        first_backoff: float = 0.2,
    ):
        import time

        self.host = host
        self.port = port
        self.username = username
        self.secret = secret
        self.on_frames = on_frames
        self.clock = clock or time.time
        self.max_backoff = max_backoff
        self.first_backoff = first_backoff
        self.tracker = CallTracker()
        self.connected = asyncio.Event()
        self.connections = 0
        self.banner: str | None = None
        self._ids = itertools.count(1)
        self._task: asyncio.Task | None = None
        self._closed = False
        self._writer: asyncio.StreamWriter | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.run())

    async def close(self) -> None:
        self._closed = True
        if self._writer is not None:
            self._writer.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _emit(self, frames: list[dict[str, Any]]) -> None:
        if frames:
            result = self.on_frames(frames)
            if asyncio.iscoroutine(result):
                await result

    async def run(self) -> None:
        backoff = Backoff(self.first_backoff, self.max_backoff)
        while not self._closed:
            reached = False
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), 10
                )
                reached = True
                self._writer = writer
                try:
                    await self._session(reader, writer)
                finally:
                    self.connected.clear()
                    writer.close()
                    with contextlib.suppress(Exception):
                        await writer.wait_closed()
                backoff.reset()
            except AmiAuthError as exc:
                log.error("AMI login refused: %s", exc)
                backoff.longest_next()
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                if reached:
                    log.warning("AMI connection to %s:%s lost: %s", self.host, self.port, exc)
                else:  # (it said "lost" of a connection never made)
                    log.warning(
                        "cannot reach AMI at %s:%s (%s); retrying",
                        self.host,
                        self.port,
                        _why(exc),
                    )
            if self._closed:
                return
            await backoff.sleep()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        parser = AmiParser()
        login_id, show_id = f"login-{next(self._ids)}", f"show-{next(self._ids)}"
        writer.write(
            format_action(
                "Login", Username=self.username, Secret=self.secret, Events="on", ActionID=login_id
            )
        )
        await writer.drain()
        logged_in = False
        live: list[dict[str, str]] | None = None
        open_before: set[str] = set()
        while True:
            data = await reader.read(65536)
            if not data:
                raise OSError("AMI peer closed the connection")
            for message in parser.feed(data):
                self.banner = parser.banner
                action_id = message.get("ActionID")
                if not logged_in:
                    if action_id == login_id and "Response" in message:
                        if message["Response"] != "Success":
                            raise AmiAuthError(message.get("Message", "authentication failed"))
                        logged_in = True
                        self.connections += 1
                        live = []
                        open_before = set(self.tracker.calls)
                        writer.write(format_action("CoreShowChannels", ActionID=show_id))
                        await writer.drain()
                    continue
                if action_id == show_id:
                    event = message.get("Event")
                    if message.get("Response") == "Error":
                        live = None  # an old Asterisk: carry on without reconciling
                        self.connected.set()
                    if event == "CoreShowChannel" and live is not None:
                        live.append(message)
                    elif event == "CoreShowChannelsComplete" and live is not None:
                        await self._emit(self.tracker.reconcile(live, self.clock(), open_before))
                        live = None
                        self.connected.set()
                    continue
                if "Event" in message:
                    await self._emit(self.tracker.process(message, self.clock()))
