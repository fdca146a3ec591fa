"""Anonymous web-chat visitors (the ``customer`` role).

A new visitor says ``hello`` with ``token = "visitor"``; the server issues an identity and
returns it in ``welcome`` (``visitor``: the public id, ``visitor_token``: the secret to say
hello with next time, ``"visitor:<visitor_token>"``). The id is the customer's identity on
the chat channel, so a returning visitor gets the same history; the token is the id plus a
signature made with the server's master key, so nobody can choose or derive another
visitor's token, and nothing secret is ever stored. A token that does not verify gets a
fresh identity, never someone else's. A visitor sees only its own conversation, and only
what the customer should see (no notes, no compliance events).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from loancs.core.events import Kind
from loancs.server.session import Connection, Principal, Session
from loancs.store import server_reads

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.store.tx import StoredEvent

SOURCE = "webchat"
log = logging.getLogger("loancs.server")
_OPENED = str(Kind.CONVERSATION_OPENED)  # compared for every event: plain strings
_RECEIVED = str(Kind.MESSAGE_RECEIVED)
FRESH_MAX = 10_000  # new chat conversations whose first message is still to come, at most


class TabFollower:
    """Every tab of a visitor follows the conversation its first message opened, on every
    server of a cluster: a tab signed in before the conversation existed, on another server
    than the tab that wrote, saw nothing of it until it reconnected. (On the server that took
    the message, handlers/customer.py moves the tabs at once.)

    A hub listener: a new chat conversation's first message names its visitor in its
    external id (``<visitor>:<frame id>``, which a gateway could imitate), so the tabs are
    moved only once the store confirms that visitor's conversation is this one, and get it
    from that message on."""

    def __init__(self, server: ServerContext):
        self.server = server
        self._fresh: dict[int, None] = {}  # chat conversations just opened, oldest first
        self._tasks: set[asyncio.Task[None]] = set()

    def on_events(self, events: list[StoredEvent]) -> None:
        for event in events:
            kind, conversation = event.kind, event.conversation
            if conversation is None:
                continue
            if kind == _OPENED:
                if event.payload.get("channel") == "chat":
                    self._fresh[conversation] = None
                    if len(self._fresh) > FRESH_MAX:
                        del self._fresh[next(iter(self._fresh))]
            elif kind == _RECEIVED and self._fresh and conversation in self._fresh:
                del self._fresh[conversation]
                external = event.payload.get("external_id")
                if isinstance(external, str) and ":" in external:
                    self._check(external.split(":", 1)[0], conversation, event.seq)

    def _tabs(self, visitor: str, conversation: int) -> list[Session]:
        return [
            session
            for session in self.server.sessions
            if session.principal.visitor == visitor and session.viewer.conversation != conversation
        ]

    def _check(self, visitor: str, conversation: int, seq: int) -> None:
        if not self._tabs(visitor, conversation):
            return  # none of that visitor's tabs is here (the usual case)
        task = asyncio.create_task(self._follow(visitor, conversation, seq))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _follow(self, visitor: str, conversation: int, seq: int) -> None:
        try:
            if await server_reads.visitor_conversation(self.server.store, visitor) != conversation:
                return  # not that visitor's: someone wrote the external id
        except Exception as exc:  # the tabs get it when they reconnect, as before
            log.warning(
                "could not move visitor %s… tabs to #%d: %s", visitor[:6], conversation, exc
            )
            return
        for session in self._tabs(visitor, conversation):
            session.viewer = replace(session.viewer, conversation=conversation)
            if session.subscriber is not None:
                self.server.subscribe(session, seq - 1)


def origin_allowed(server: ServerContext, conn: Connection) -> bool:
    request = conn.ws.request
    origin = request.headers.get("Origin") if request else None
    if request is None or origin is None:
        return True  # not a browser: nothing for an origin check to protect
    allowed = server.config.chat_origins
    if allowed:
        return "*" in allowed or origin in allowed
    host = request.headers.get("Host", "")
    return urlsplit(origin).netloc == host


async def authenticate_visitor(
    server: ServerContext, conn: Connection, token: str
) -> Principal | None:
    if not origin_allowed(server, conn):
        return None
    tokens = server.visitor_tokens
    assert tokens is not None  # loaded at start, before the port opens
    presented = token.removeprefix("visitor").removeprefix(":")
    visitor = tokens.verify(presented) if presented else None
    if visitor is None:
        visitor, presented = tokens.issue()
    return Principal(
        role="customer",
        name="visitor",
        actor=f"visitor:{visitor[:6]}",
        channel_name=SOURCE,
        channel_kind="chat",
        visitor=visitor,
        visitor_token=presented,
    )


async def visitor_conversation(server: ServerContext, principal: Principal) -> int | None:
    if principal.visitor is None:
        return None
    return await server_reads.visitor_conversation(server.store, principal.visitor)
