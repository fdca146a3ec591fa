"""What staff do to a conversation as its agent: reply, note, accept or decline an offer,
resolve, call back, snooze, reopen, transfer, mark read, type; and their own state."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from loancs.core import protocol as p
from loancs.core.events import Kind
from loancs.core.pii import mask_text
from loancs.server.dispatch import Routes
from loancs.server.handlers.common import conversation_meta, require_own, require_read
from loancs.server.session import MANAGERS, STAFF, Session
from loancs.store import commands
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()


def _now_ms() -> int:
    return int(time.time() * 1000)


@routes.handles(p.Reply, STAFF)
async def reply(server: ServerContext, session: Session, frame: p.Reply) -> None:
    principal = session.principal
    meta = await require_own(server, session, frame.conversation)
    if not frame.body.strip():
        raise OpError("bad_frame", "the reply is empty")
    warnings = await server.services.compliance.check_reply(session, frame, meta)
    result = await server.store.submit(
        commands.AgentReply(
            conversation=frame.conversation,
            agent_id=principal.agent_id or 0,
            agent_name=principal.name,
            role=principal.role,
            body=frame.body,
            warnings=warnings,
            key=frame.key,
        ),
    )
    session.ack(frame.id, result, warnings)


@routes.handles(p.Note, STAFF)
async def note(server: ServerContext, session: Session, frame: p.Note) -> None:
    principal = session.principal
    await require_read(server, session, frame.conversation)
    result = await server.store.submit(
        # Notes are stored masked like everything else (a full ID number typed into a
        # note must not sit in the database or reach every console in clear).
        commands.AddNote(
            conversation=frame.conversation,
            agent_id=principal.agent_id or 0,
            agent_name=principal.name,
            role=principal.role,
            body=mask_text(frame.body),
        ),
    )
    session.ack(frame.id, result)


@routes.handles(p.Accept, STAFF)
async def accept(server: ServerContext, session: Session, frame: p.Accept) -> None:
    meta = await conversation_meta(server, frame.conversation)
    if meta.get("status") == "resolved":
        raise OpError("conflict", "the conversation is resolved")
    result = await server.services.routing.accept(session, frame.conversation)
    session.ack(frame.id, result)


@routes.handles(p.Decline, ("agent",))
async def decline(server: ServerContext, session: Session, frame: p.Decline) -> None:
    await conversation_meta(server, frame.conversation)
    result = await server.services.routing.decline(session, frame.conversation, frame.reason)
    session.ack(frame.id, result)


async def _change_status(
    server: ServerContext,
    session: Session,
    conversation: int,
    status: str,
    kind: str,
    **extra: Any,
) -> dict[str, Any]:
    """resolve / snooze / reopen: only the conversation's agent (or a supervisor)."""
    principal = session.principal
    meta = await require_own(server, session, conversation)
    result: dict[str, Any] = await server.store.submit(
        commands.SetStatus(
            conversation=conversation,
            agent_id=principal.agent_id if principal.role == "agent" else None,
            actor=principal.actor,
            role=principal.role,
            status=status,
            kind=kind,
            extra={"agent": meta.get("assigned")},
            **extra,
        ),
    )
    return result


@routes.handles(p.Resolve, STAFF)
async def resolve(server: ServerContext, session: Session, frame: p.Resolve) -> None:
    if not frame.outcome and server.config.file.wrapup.required:
        raise OpError(
            "outcome_required", "choose an outcome code: the lender requires one to resolve"
        )
    result = await _change_status(
        server,
        session,
        frame.conversation,
        "resolved",
        Kind.CONVERSATION_RESOLVED,
        outcome=frame.outcome,
    )
    session.ack(frame.id, result)


@routes.handles(p.Callback, STAFF)
async def callback(server: ServerContext, session: Session, frame: p.Callback) -> None:
    if frame.due <= _now_ms():
        raise OpError("bad_frame", "a call-back `due` time must be in the future")
    principal = session.principal
    await require_own(server, session, frame.conversation)
    result = await server.store.submit(
        commands.ScheduleCallback(
            conversation=frame.conversation,
            agent_id=principal.agent_id,
            actor=principal.actor,
            due=frame.due,
            note=mask_text(frame.note.strip())[:500],
        ),
    )
    session.ack(frame.id, result)


@routes.handles(p.Snooze, STAFF)
async def snooze(server: ServerContext, session: Session, frame: p.Snooze) -> None:
    if frame.until <= _now_ms():
        raise OpError("bad_frame", "snooze `until` must be in the future")
    result = await _change_status(
        server, session, frame.conversation, "snoozed", Kind.CONVERSATION_SNOOZED, until=frame.until
    )
    session.ack(frame.id, result)


@routes.handles(p.Reopen, STAFF)
async def reopen(server: ServerContext, session: Session, frame: p.Reopen) -> None:
    result = await _change_status(
        server, session, frame.conversation, "open", Kind.CONVERSATION_REOPENED
    )
    session.ack(frame.id, result)


@routes.handles(p.Transfer, STAFF)
async def transfer(server: ServerContext, session: Session, frame: p.Transfer) -> None:
    await require_own(server, session, frame.conversation)
    if (frame.to_agent is None) == (frame.to_queue is None):
        raise OpError("bad_frame", "transfer needs exactly one of `to_agent` or `to_queue`")
    result = await server.services.routing.transfer(session, frame)
    session.ack(frame.id, result)


@routes.handles(p.SetPriority, MANAGERS)
async def set_priority(server: ServerContext, session: Session, frame: p.SetPriority) -> None:
    await conversation_meta(server, frame.conversation)
    result = await server.store.submit(
        commands.SetPriority(
            conversation=frame.conversation, priority=frame.priority, actor=session.principal.actor
        )
    )
    session.ack(frame.id, result)  # routing re-ranks it from the committed event


@routes.handles(p.SetState, STAFF)
async def set_state(server: ServerContext, session: Session, frame: p.SetState) -> None:
    principal = session.principal
    if frame.state == "break" and not frame.reason:
        raise OpError("bad_frame", "a break needs a `reason` (lunch, training, ...)")
    reason = frame.reason or frame.outcome
    result = await server.store.submit(
        commands.SetAgentState(
            agent_id=principal.staff_id,
            agent_name=principal.name,
            state=frame.state,
            reason=reason,
            actor=principal.actor,
        ),
    )
    session.ack(frame.id, result)  # routing follows the committed agent.state


@routes.handles(p.MarkRead, STAFF)
async def mark_read(server: ServerContext, session: Session, frame: p.MarkRead) -> None:
    await require_read(server, session, frame.conversation)
    result = await server.store.submit(
        commands.MarkRead(
            conversation=frame.conversation,
            agent_id=session.principal.agent_id,
            actor=session.principal.actor,
        )
    )
    session.ack(frame.id, result)


@routes.handles(p.Typing, (*STAFF, "customer"))
async def typing(server: ServerContext, session: Session, frame: p.Typing) -> None:
    principal = session.principal
    if principal.role == "customer":
        conversation = session.viewer.conversation
        if conversation is None:
            return
        who, name = "customer", None
    else:
        if frame.conversation is None:
            raise OpError("bad_frame", "typing needs `conversation`")
        try:
            await require_own(server, session, frame.conversation)
        except OpError:
            return  # typing is best effort: nothing to say about someone else's conversation
        conversation, who, name = frame.conversation, "agent", principal.name
    server.hub.publish_transient(
        conversation,
        Kind.TYPING,
        principal.actor,
        {"who": who, "name": name, "active": frame.active},
    )
