"""Questions several handlers ask before they act: does the conversation exist, may this
session read it or act on it as its agent. The rules themselves are core.visibility's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loancs.core.visibility import may_act, may_read
from loancs.server.session import Session
from loancs.store import queries
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

NOT_YOURS = "this conversation is neither yours, nor offered to you, nor in your queues"


def offered_to_me(server: ServerContext, session: Session, conversation: int) -> bool:
    """Is the conversation offered to this agent now? (The hub keeps ``offered`` from the
    committed offer events on every server.) An agent may open what they are offered before
    taking it, even a spill-over from a queue outside their skills, as the live stream
    already follows it for them."""
    agent_id = session.viewer.agent_id
    return agent_id is not None and server.hub.offered.get(conversation) == agent_id


async def conversation_meta(server: ServerContext, conversation: int) -> dict[str, Any]:
    """The conversation's routing and visibility facts: from the hub, which holds every
    unresolved conversation and the recently touched ones (server/meta.py), else from the
    store (and then held, as recently touched)."""
    meta: dict[str, Any] | None = server.hub.meta.get(conversation)
    if meta is None:
        meta = await server.store.conversation_meta(conversation)
        if meta is None:
            raise OpError("not_found", f"no conversation {conversation}")
        if conversation not in server.hub.meta:  # an event may have brought newer facts
            server.hub.meta[conversation] = meta
        meta = server.hub.meta.get(conversation, meta)
    return meta


async def require_read(
    server: ServerContext, session: Session, conversation: int
) -> dict[str, Any]:
    """The conversation's meta, if this session may open it (else `not_found`/`forbidden`)."""
    meta = await conversation_meta(server, conversation)
    if not may_read(session.viewer, conversation, meta) and not offered_to_me(
        server, session, conversation
    ):
        raise OpError("forbidden", NOT_YOURS)
    return meta


async def require_own(server: ServerContext, session: Session, conversation: int) -> dict[str, Any]:
    """The conversation's meta, if this session may act on it as its agent."""
    meta = await conversation_meta(server, conversation)
    if not may_act(session.viewer, meta):
        raise OpError("forbidden", "this conversation is not assigned to you")
    return meta


async def require_customer(
    server: ServerContext, session: Session, customer: int, offered: bool = False
) -> None:
    """Staff may look a customer up when they may open one of the customer's conversations
    (for an agent: one of theirs, or one waiting in their queues; asked of the store's
    per-customer index, not of every conversation in memory). ``offered``: a conversation of
    the customer's offered to this agent now counts too (their history, before taking it)."""
    viewer = session.viewer
    if viewer.role != "agent" or viewer.agent_id is None:
        return
    if offered and any(
        offered_to_me(server, session, c) for c in server.hub.meta.conversations_of(customer)
    ):
        return
    queues = sorted(viewer.queues)
    if await queries.customer_visible_to(server.store, customer, viewer.agent_id, queues):
        return
    raise OpError("forbidden", "this customer has no conversation of yours or in your queues")
