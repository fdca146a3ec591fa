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

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from loancs.server.session import Connection, Principal
from loancs.store import server_reads

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

SOURCE = "webchat"


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
