"""Reads for consoles: conversation lists and transcripts, customers (and revealing one
masked value), agents, the lender's rules, the queues."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loancs.core import protocol as p
from loancs.core.privacy import masked_for_agents
from loancs.server.dispatch import Routes
from loancs.server.handlers.common import require_customer, require_read
from loancs.server.session import MANAGERS, STAFF, Session
from loancs.store import commands, queries
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()


@routes.handles(p.ListConversations, STAFF)
async def list_conversations(
    server: ServerContext, session: Session, frame: p.ListConversations
) -> None:
    principal, viewer = session.principal, session.viewer
    agent_id: int | None = None
    queues: list[str] | None = None
    if principal.role == "agent":
        agent_id, queues = principal.agent_id, sorted(viewer.queues)
    if frame.mine and principal.agent_id is not None:
        agent_id, queues = principal.agent_id, None
    if frame.order == "inbox":
        _check_inbox_page(frame)
    data = await queries.list_conversations(
        server.store,
        statuses=None if frame.status is None else [str(s) for s in frame.status],
        agent_id=agent_id,
        queues=queues,
        limit=frame.limit,
        query=frame.query,
        before=frame.before,
        before_id=frame.before_id,
        order=frame.order,
        after=frame.after,
    )
    if principal.role == "agent":
        data = [masked_for_agents(row) for row in data]
    session.send(p.Result(id=frame.id, data=data))


def _check_inbox_page(frame: p.ListConversations) -> None:
    """The inbox order lists unresolved conversations and pages with ``after`` only."""
    if frame.status and "resolved" in frame.status:
        raise OpError("bad_frame", 'order "inbox" lists unresolved conversations only')
    if frame.query or frame.before is not None or frame.before_id is not None:
        raise OpError("bad_frame", 'order "inbox" pages with `after`, not `query` or `before`')
    after = frame.after
    if after is not None and (
        len(after) != len(queries.INBOX_ORDER)
        or not all(p.INT64[0] <= v <= p.INT64[1] for v in after)
    ):
        raise OpError("bad_frame", "`after` is the last row's inbox key (five numbers)")


@routes.handles(p.GetConversation, STAFF)
async def get_conversation(
    server: ServerContext, session: Session, frame: p.GetConversation
) -> None:
    await require_read(server, session, frame.conversation)
    if frame.before is None:  # opened: follow it live while it waits (protocol 2 agents)
        server.hub.watch(session.subscriber, frame.conversation)
    data = await queries.get_conversation(
        server.store, frame.conversation, frame.before, frame.limit
    )
    if data is None:
        raise OpError("not_found", f"no conversation {frame.conversation}")
    data["messages"] = await _with_whispers(server, session, frame, data["messages"])
    if session.principal.role == "agent":
        # Numbers in texts masked; `reveal` with field "message:<id>" shows one in full.
        data["messages"] = [masked_for_agents(m) for m in data["messages"]]
        data = masked_for_agents(data)
    session.send(p.Result(id=frame.id, data=data))


async def _with_whispers(
    server: ServerContext,
    session: Session,
    frame: p.GetConversation,
    messages: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The page's messages with the whispers that fall inside it, for the agent they were
    meant for and for supervisors only (a reloaded transcript shows what was whispered live)."""
    whispers = await queries.conversation_whispers(server.store, frame.conversation)
    if session.principal.role == "agent":
        whispers = [w for w in whispers if w["agent"] == session.principal.agent_id]
    if not whispers:
        return messages
    # Ordered by the log's seq, not by clock: a message's time is when it was received, which
    # can be earlier than a whisper committed before it.
    full_page = len(messages) >= max(1, min(frame.limit, 5000))
    low = messages[0]["seq"] if messages and full_page else -1
    high = messages[-1]["seq"] if messages and frame.before is not None else float("inf")
    if not messages and frame.before is not None:
        return messages
    inside = [w for w in whispers if low <= w["seq"] <= high]
    return sorted(messages + inside, key=lambda m: m["seq"] or 0)


@routes.handles(p.GetCustomer, STAFF)
async def get_customer(server: ServerContext, session: Session, frame: p.GetCustomer) -> None:
    await require_customer(server, session, frame.customer, offered=True)
    data = await queries.get_customer(server.store, frame.customer)
    if data is None:
        raise OpError("not_found", f"no customer {frame.customer}")
    session.send(p.Result(id=frame.id, data=data))


@routes.handles(p.Reveal, STAFF)
async def reveal(server: ServerContext, session: Session, frame: p.Reveal) -> None:
    await require_customer(server, session, frame.customer)
    if len(frame.reason.strip()) < 2:
        raise OpError("bad_frame", "say why you need the full value (`reason`)")
    result = await server.store.submit(
        commands.Reveal(
            customer=frame.customer,
            field=frame.field,
            reason=frame.reason,
            actor=session.principal.actor,
        )
    )
    session.send(
        p.Result(
            id=frame.id, data={"field": frame.field, "value": result["value"], "seq": result["seq"]}
        )
    )


@routes.handles(p.ListAgents, STAFF)
async def list_agents(server: ServerContext, session: Session, frame: p.ListAgents) -> None:
    agents = [
        {k: a[k] for k in ("id", "name", "role", "skills", "capacity", "state", "state_reason")}
        for a in await server.store.agents()
        if not a["disabled"]
    ]
    server.services.routing.decorate_agents(agents)
    session.send(p.Result(id=frame.id, data=agents))


@routes.handles(p.GetRules, STAFF)
async def get_rules(server: ServerContext, session: Session, frame: p.GetRules) -> None:
    compliance = server.services.compliance
    session.send(
        p.Result(id=frame.id, data={"version": compliance.version, "text": compliance.lender_text})
    )


@routes.handles(p.GetQueues, MANAGERS)
async def get_queues(server: ServerContext, session: Session, frame: p.GetQueues) -> None:
    data = server.services.routing.snapshot(frame.limit, frame.offset)
    data["service_level"] = await queries.service_level(server.store, frame.sla_s * 1000)
    session.send(p.Result(id=frame.id, data=data))
