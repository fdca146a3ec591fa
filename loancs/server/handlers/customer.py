"""Frames from web-chat visitors (the ``customer`` role): say something, type, rate the
conversation, and prove who they are (an SMS code or the lender's login token) so the
assistant may answer about their account."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import replace
from typing import TYPE_CHECKING

from loancs.core import protocol as p
from loancs.server.dispatch import Routes
from loancs.server.services import assistant as a
from loancs.server.services import visitors
from loancs.server.session import Role, Session
from loancs.store import commands, server_reads
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()
CUSTOMER: tuple[Role, ...] = ("customer",)


def _visitor_id(session: Session) -> str:
    visitor = session.principal.visitor
    assert visitor is not None  # every customer session has one (services/visitors.py)
    return visitor


def _visitor(session: Session) -> p.Identity:
    return p.Identity(kind="visitor", value=_visitor_id(session))


@routes.handles(p.VerifyRequest, CUSTOMER)
async def verify_request(server: ServerContext, session: Session, frame: p.VerifyRequest) -> None:
    service = server.services.assistant
    if service.cfg.sms == "off":
        raise OpError("forbidden", "verification by SMS code is not offered here")
    digits = re.sub(r"[\s-]", "", frame.phone)
    m = a._PHONE.match(digits)
    if not m:
        raise OpError("bad_frame", "a mainland mobile number is 11 digits starting with 1")
    phone = m.group(1)
    now = service.clock()
    visitor = _visitor_id(session)
    pending = service.codes.get(visitor)
    if pending and now - pending.sent_at < a.CODE_INTERVAL_MS:
        raise OpError("rate_limited", "a code was sent less than a minute ago")
    code = f"{secrets.randbelow(10**6):06d}"
    service.codes[visitor] = a.PendingCode(phone, a._digest(code), now + a.CODE_TTL_MS, now)
    on_file = await server_reads.customer_with_identity(server.store, "phone", phone)
    if on_file is not None:  # the same answer either way: no hint whether the number is ours
        await service.sms.send(phone, f"您的验证码是 {code}，5分钟内有效。请勿告诉任何人。")
    session.send(p.Result(id=frame.id, data={"sent": True, "expires_s": a.CODE_TTL_MS // 1000}))


@routes.handles(p.VerifyCode, CUSTOMER)
async def verify_code(server: ServerContext, session: Session, frame: p.VerifyCode) -> None:
    service = server.services.assistant
    visitor = _visitor_id(session)
    pending = service.codes.get(visitor)
    now = service.clock()
    if pending is None or pending.expires < now or pending.tries <= 0:
        service.codes.pop(visitor, None)
        raise OpError("verification_failed", "no valid code: ask for a new one")
    if not hmac.compare_digest(pending.digest, a._digest(frame.code.strip())):
        pending.tries -= 1
        if pending.tries <= 0:
            service.codes.pop(visitor, None)
        raise OpError("verification_failed", f"the code is wrong ({pending.tries} tries left)")
    service.codes.pop(visitor, None)
    on_file = await server_reads.customer_with_identity(server.store, "phone", pending.phone)
    if on_file is None:
        raise OpError("verification_failed", "no code is valid for that number")
    await server.store.submit(
        commands.VerifyIdentity(
            visitor=_visitor(session),
            account=p.Identity(kind="phone", value=pending.phone),
            method="sms_code",
        )
    )
    session.send(p.Result(id=frame.id, data={"verified": True, "method": "sms_code"}))


@routes.handles(p.VerifyToken, CUSTOMER)
async def verify_token(server: ServerContext, session: Session, frame: p.VerifyToken) -> None:
    service = server.services.assistant
    secret = service.cfg.login_secret
    if not secret:
        raise OpError("forbidden", "login tokens are not configured ([assistant] login_secret)")
    number = a.check_login_token(secret, frame.token, service.clock() / 1000)
    if number is None:
        raise OpError("verification_failed", "the login token is invalid or expired")
    await server.store.submit(
        commands.VerifyIdentity(
            visitor=_visitor(session),
            account=p.Identity(kind="customer_no", value=number),
            method="login_token",
        )
    )
    session.send(p.Result(id=frame.id, data={"verified": True, "method": "login_token"}))


@routes.handles(p.Say, CUSTOMER)
async def say(server: ServerContext, session: Session, frame: p.Say) -> None:
    if p.blank(frame.body):
        raise OpError("bad_frame", "the message is empty")
    result = await server.store.submit(
        commands.IngestMessage(
            source=visitors.SOURCE,
            channel="chat",
            external_id=f"{_visitor_id(session)}:{frame.id}",
            identity=_visitor(session),
            body=frame.body,
            kind="text",
            hints=frame.hints,
        )
    )
    conversation = result["conversation"]
    if session.viewer.conversation != conversation:
        session.viewer = replace(session.viewer, conversation=conversation)
        if session.subscriber is not None:
            server.hub.move(session.subscriber, session.viewer)
        # The visitor's other tabs (signed in before the conversation existed) follow too,
        # from this message on: they would see nothing of it until they reconnected.
        visitor = _visitor_id(session)
        for other in server.sessions:
            if other.principal.visitor == visitor and other.viewer.conversation != conversation:
                other.viewer = replace(other.viewer, conversation=conversation)
                if other.subscriber is not None:
                    server.subscribe(other, result["seq"] - 1)
    session.ack(frame.id, result)


@routes.handles(p.Rate, CUSTOMER)
async def rate(server: ServerContext, session: Session, frame: p.Rate) -> None:
    conversation = session.viewer.conversation
    if conversation is None:
        raise OpError("conflict", "there is no conversation to rate")
    result = await server.store.submit(
        commands.AnswerCsat(
            conversation=conversation,
            score=frame.score,
            comment=frame.comment,
            actor=session.principal.actor,
        )
    )
    session.ack(frame.id, result)
