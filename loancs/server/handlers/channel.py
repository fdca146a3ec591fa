"""Frames from channel gateways (and the lender's system): customer messages, calls,
delivery reports, application stages, loans and WeChat bindings, and the address a
gateway delivers a reply to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loancs.core import protocol as p
from loancs.server.dispatch import Routes
from loancs.server.handlers.common import conversation_meta
from loancs.server.session import Session
from loancs.store import ops, server_reads
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()

CUSTOMER_CHANNELS = ("wechat", "phone", "chat")
SYSTEM = ("system",)


def _hints(hints: p.Hints | None) -> dict[str, Any] | None:
    return p.to_builtins(hints) if hints is not None else None


@routes.direct(
    p.Ingest,
    ("channel",),
    channels=CUSTOMER_CHANNELS,
    refusal="a system channel pushes stages, not customer messages",
)
def ingest_op(server: ServerContext, session: Session, frame: p.Ingest) -> Any:
    """The hot path of every channel: built without a task, acked from the commit callback."""
    name, kind = session.principal.gateway
    return ops.ingest_message(
        name,
        kind,
        frame.external_id,
        p.to_builtins(frame.customer),
        frame.body,
        frame.kind,
        _hints(frame.hints),
        p.to_builtins(frame.attachment) if frame.attachment else None,
        frame.raw,
        frame.call_id,
    )


@routes.handles(
    p.CallEvent, ("channel",), channels=("phone",), refusal="only a phone channel reports calls"
)
async def call(server: ServerContext, session: Session, frame: p.CallEvent) -> None:
    name, kind = session.principal.gateway
    result = await server.store.submit(ops.call_event(name, kind, p.to_builtins(frame)))
    session.ack(frame.id, result)


@routes.handles(p.Delivery, ("channel",))
async def delivery(server: ServerContext, session: Session, frame: p.Delivery) -> None:
    name, kind = session.principal.gateway
    result = await server.store.submit(
        ops.delivery(name, frame.message, frame.status, frame.reason, frame.attempts, channel=kind)
    )
    session.ack(frame.id, result)


@routes.handles(
    p.Stage,
    ("channel", "admin"),
    channels=SYSTEM,
    refusal="only the loan system (a system channel) pushes stages",
)
async def stage(server: ServerContext, session: Session, frame: p.Stage) -> None:
    result = await server.store.submit(
        ops.stage_change(
            session.principal.source,
            frame.application,
            p.to_builtins(frame.customer),
            frame.stage,
            frame.loan_type,
            frame.amount,
            frame.note,
            frame.at,
        ),
    )
    session.ack(frame.id, result)


@routes.handles(
    p.Loan,
    ("channel", "admin"),
    channels=SYSTEM,
    refusal="loans come from a system channel (the lender's loan system)",
)
async def loan(server: ServerContext, session: Session, frame: p.Loan) -> None:
    if frame.months < 1 or frame.paid < 0 or frame.paid > frame.months or frame.principal <= 0:
        raise OpError("bad_frame", "months must be >= 1, 0 <= paid <= months, principal > 0")
    result = await server.store.submit(
        ops.loan_push(session.principal.source, p.to_builtins(frame))
    )
    session.ack(frame.id, result)


@routes.handles(
    p.Bind,
    ("channel", "admin"),
    channels=SYSTEM,
    refusal="bindings come from a system channel (the lender's system)",
)
async def bind(server: ServerContext, session: Session, frame: p.Bind) -> None:
    if not frame.wechat.strip():
        raise OpError("bad_frame", "wechat (the OpenID) is empty")
    result = await server.store.submit(
        ops.bind_wechat(session.principal.source, p.to_builtins(frame.customer), frame.wechat)
    )
    session.ack(frame.id, result)


@routes.handles(p.Recipient, ("channel",))
async def recipient(server: ServerContext, session: Session, frame: p.Recipient) -> None:
    principal = session.principal
    meta = await conversation_meta(server, frame.conversation)
    if meta.get("channel") != principal.channel_kind:
        raise OpError("forbidden", "that conversation is not on your channel")
    # Only the gateway that carries the conversation (the one its latest customer message
    # came through) may learn the address: a second gateway of the same kind must not, or
    # both deliver the same reply.
    if await server_reads.carrier(server.store, frame.conversation) != principal.actor:
        raise OpError("forbidden", "that conversation is carried by another gateway")
    kind = {"wechat": "wechat", "phone": "phone", "chat": "visitor"}.get(meta["channel"])
    found = (
        None
        if kind is None
        else await server_reads.first_identity(server.store, meta["customer"], kind)
    )
    if found is None:
        raise OpError("not_found", f"the customer has no {kind} identity")
    session.send(p.Result(id=frame.id, data={"kind": found[0], "value": found[1]}))
