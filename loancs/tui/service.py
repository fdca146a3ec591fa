"""The console's one door to the server. It owns the LoancsClient; the app drives it from
workers and hears back through two callbacks (events in seq order, connection status).
Widgets never await the network: they ask the app, the app runs a worker."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Protocol

import msgspec

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p

EventSink = Callable[[p.Event], None]
StatusSink = Callable[[str, str], None]
WaitingSink = Callable[[p.WaitingWork], None]

__all__ = ["ClientError", "ConsoleService", "LiveService"]


class ConsoleService(Protocol):
    """What the console needs from a server (live, or in memory for snapshots)."""

    on_event: EventSink | None
    on_status: StatusSink | None
    on_waiting: WaitingSink | None  # an agent's queues' waiting work (protocol 2)

    async def start(self) -> p.Welcome: ...

    async def call(self, kind: type[msgspec.Struct], **fields: Any) -> Any: ...

    async def typing(self, conversation: int, active: bool) -> None: ...

    async def close(self) -> None: ...


class LiveService:
    """A real server over websockets; reconnects and resumes by seq by itself."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        lang: str | None = None,
        max_backoff: float = 2.0,
        protocol: int = p.PROTOCOL_VERSION,
        open_timeout: float = 5.0,
    ):
        self.url = url
        self.on_event: EventSink | None = None
        self.on_status: StatusSink | None = None
        self.on_waiting: WaitingSink | None = None
        self.client = LoancsClient(
            url,
            token,
            client_name="loancs-console",
            on_event=self._event,
            on_status=self._status,
            max_backoff=max_backoff,
            reconnect=True,
            retry_first=False,  # a wrong URL is said at once, not retried silently
            open_timeout=open_timeout,  # (a handshake that times out is tried again, shown)
            lang=lang,  # the server words compliance refusals in the console's language
            # An agent is told what waits in its queues (a `waiting` summary) instead of
            # being sent every event of every waiting conversation.
            protocol=protocol,
            on_waiting=self._waiting,
        )

    def _event(self, event: p.Event) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def _waiting(self, frame: p.WaitingWork) -> None:
        if self.on_waiting is not None:
            self.on_waiting(frame)

    def _status(self, state: str, detail: str) -> None:
        if self.on_status is not None:
            self.on_status(state, detail)

    async def start(self) -> p.Welcome:
        return await self.client.start()

    async def call(self, kind: type[msgspec.Struct], **fields: Any) -> Any:
        return await self.client.call(kind, timeout=15.0, **fields)

    async def typing(self, conversation: int, active: bool) -> None:
        with contextlib.suppress(ClientError):
            await self.client.send(p.Typing(conversation=conversation, active=active))

    async def close(self) -> None:
        await self.client.close()
