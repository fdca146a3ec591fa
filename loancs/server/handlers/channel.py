"""Frames from channel gateways (and the lender's system): customer messages, calls,
delivery reports, application stages, loans and WeChat bindings, and the address a
gateway delivers a reply to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loancs.core import protocol as p
from loancs.server.dispatch import Routes
from loancs.server.handlers.common import conversation_meta
from loancs.server.session import Session
from loancs.store import commands, server_reads
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()

CUSTOMER_CHANNELS = ("wechat", "phone", "chat")
_INVISIBLE = p._INVISIBLE  # what p.blank strips
SYSTEM = ("system",)


@routes.direct(
    p.Ingest,
    ("channel",),
    channels=CUSTOMER_CHANNELS,
    refusal="a system channel pushes stages, not customer messages",
)
def ingest_op(server: ServerContext, session: Session, frame: p.Ingest) -> Any:
    """The hot path of every channel: built without a task, acked from the commit callback."""
    body = frame.body
    # (p.blank asked only of a body that starts with a character no reader sees: most start
    # with one a reader sees, and are not blank without a call)
    if (
        (not body or body[0] in _INVISIBLE)
        and frame.kind == "text"
        and frame.attachment is None
        and p.blank(body)
    ):
        raise OpError("bad_frame", "the message is empty (only spaces or invisible characters)")
    # A blank message id would be taken once and make every later one a resend of it, from
    # whoever sent it (`conflict`): refused as an empty one is (the same one-look test).
    external_id = frame.external_id
    if external_id[0] in _INVISIBLE and p.blank(external_id):
        raise OpError(
            "bad_frame",
            "the message id (external_id) is blank (only spaces or invisible characters)",
        )
    # (the route takes channels only, and every channel has both: read without the property)
    principal = session.principal
    name, kind = principal.channel_name, principal.channel_kind
    if name is None or kind is None:
        name, kind = principal.gateway  # raises
    return commands.IngestMessage(
        source=name,
        channel=kind,
        external_id=external_id,
        identity=frame.customer,
        body=body,
        kind=frame.kind,
        hints=frame.hints,
        attachment=frame.attachment,
        raw=frame.raw,
        call_id=frame.call_id,
    )


@routes.handles(
    p.CallEvent, ("channel",), channels=("phone",), refusal="only a phone channel reports calls"
)
async def call(server: ServerContext, session: Session, frame: p.CallEvent) -> None:
    name, kind = session.principal.gateway
    hints, warnings = p.call_hints(frame.hints)
    result = await server.store.submit(
        commands.RecordCall(
            source=name,
            channel=kind,
            call_id=frame.call_id,
            event=frame.event,
            customer=frame.customer,
            direction=frame.direction,
            agent=frame.agent,
            cause=frame.cause,
            duration_s=frame.duration_s,
            billsec_s=frame.billsec_s,
            recording=frame.recording,
            hints=hints,
            at=frame.at,
        )
    )
    session.ack(frame.id, result, warnings)


@routes.handles(p.Delivery, ("channel",))
async def delivery(server: ServerContext, session: Session, frame: p.Delivery) -> None:
    name, kind = session.principal.gateway
    result = await server.store.submit(
        commands.RecordDelivery(
            source=name,
            message=frame.message,
            status=frame.status,
            reason=frame.reason,
            attempts=frame.attempts,
            channel=kind,
        )
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
        commands.ChangeStage(
            source=session.principal.source,
            application=frame.application,
            identity=frame.customer,
            stage=frame.stage,
            loan_type=frame.loan_type,
            amount=frame.amount,
            note=frame.note,
            at=frame.at,
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
        commands.PushLoan(
            source=session.principal.source,
            loan=frame.loan,
            customer=frame.customer,
            principal=frame.principal,
            annual_rate=frame.annual_rate,
            months=frame.months,
            start_date=frame.start_date,
            method=frame.method,
            paid=frame.paid,
            status=frame.status,
        )
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
        commands.BindWechat(
            source=session.principal.source, identity=frame.customer, openid=frame.wechat
        )
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
