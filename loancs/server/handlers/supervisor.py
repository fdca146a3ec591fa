"""The supervisor's interventions (whisper, take over, force an agent's state, monitor)
and the wallboard's reads (floor, reports). Every intervention is an event with the
supervisor as actor; reassigning and changing priority use ``transfer`` and
``set_priority``, which record the supervisor as actor too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loancs.core import protocol as p
from loancs.core.events import Kind
from loancs.server.dispatch import Routes
from loancs.server.handlers.common import conversation_meta
from loancs.server.session import MANAGERS, Session
from loancs.store import commands, queries, reports
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()


# ---------------------------------------------------------------- interventions


@routes.handles(p.Whisper, MANAGERS)
async def whisper(server: ServerContext, session: Session, frame: p.Whisper) -> None:
    meta = await conversation_meta(server, frame.conversation)
    if not frame.body.strip():
        raise OpError("bad_frame", "the whisper is empty")
    if meta.get("assigned") is None:
        raise OpError("conflict", "no agent has this conversation: nobody to whisper to")
    principal = session.principal
    result = await server.store.submit(
        commands.RecordEvent(
            kind=Kind.CONVERSATION_WHISPER,
            conversation=frame.conversation,
            actor=principal.actor,
            payload={"body": frame.body, "supervisor": principal.name, "agent": meta["assigned"]},
        )
    )
    session.ack(frame.id, {**result, "conversation": frame.conversation})


@routes.handles(p.Barge, MANAGERS)
async def barge(server: ServerContext, session: Session, frame: p.Barge) -> None:
    meta = await conversation_meta(server, frame.conversation)
    if meta.get("status") == "resolved":
        raise OpError("conflict", "the conversation is resolved")
    principal = session.principal
    result = await server.store.submit(
        commands.Assign(
            conversation=frame.conversation,
            agent_id=principal.agent_id,
            actor=principal.actor,
            kind=Kind.CONVERSATION_ASSIGNED,
            payload={
                "agent_name": principal.name,
                "reason": f"taken over by {principal.name}",
                "reason_code": "barge",
                "supervisor": principal.name,
                "note": frame.note,
            },
        )
    )
    # Routing learns from the committed conversation.assigned: the previous agent is released.
    session.ack(frame.id, result)


@routes.handles(p.ForceState, MANAGERS)
async def force_state(server: ServerContext, session: Session, frame: p.ForceState) -> None:
    if len(frame.reason.strip()) < 2:
        raise OpError("bad_frame", "say why (`reason`)")
    target = next((a for a in await server.store.agents() if a["name"] == frame.agent), None)
    if target is None or target["disabled"]:
        raise OpError("not_found", f"no active agent named {frame.agent}")
    principal = session.principal
    result = await server.store.submit(
        commands.SetAgentState(
            agent_id=target["id"],
            agent_name=target["name"],
            state=frame.state,
            reason=frame.reason,
            actor=principal.actor,
        )
    )
    session.ack(frame.id, result)  # routing follows the committed agent.state


@routes.handles(p.Monitor, MANAGERS)
async def monitor(server: ServerContext, session: Session, frame: p.Monitor) -> None:
    await conversation_meta(server, frame.conversation)
    principal = session.principal
    await server.store.submit(
        commands.RecordEvent(
            kind=Kind.CONVERSATION_MONITORED,
            conversation=frame.conversation,
            actor=principal.actor,
            payload={"supervisor": principal.name},
        )
    )
    data = await queries.get_conversation(server.store, frame.conversation, None, frame.limit)
    if data is None:
        raise OpError("not_found", f"no conversation {frame.conversation}")
    session.send(p.Result(id=frame.id, data=data))


# ---------------------------------------------------------------- reads


@routes.handles(p.GetFloor, MANAGERS)
async def get_floor(server: ServerContext, session: Session, frame: p.GetFloor) -> None:
    floor = await server.services.desk.floor(frame.sla_s, frame.limit, frame.offset)
    session.send(p.Result(id=frame.id, data=floor))


@routes.handles(p.GetReport, MANAGERS)
async def get_report(server: ServerContext, session: Session, frame: p.GetReport) -> None:
    if frame.report not in reports.REPORTS:
        raise OpError("bad_frame", f"report is one of {', '.join(reports.REPORTS)}")
    if frame.by is not None and frame.by not in reports.BY:
        raise OpError("bad_frame", f"by is one of {', '.join(reports.BY)}")
    if frame.to_ms <= frame.from_ms:
        raise OpError("bad_frame", "to_ms must be after from_ms")
    data = await server.services.desk.report(
        frame.report, frame.from_ms, frame.to_ms, frame.by, frame.sla_s
    )
    session.send(p.Result(id=frame.id, data=data))
