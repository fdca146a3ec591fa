"""Transitional: the old op builders, each now returning its typed command.

New code builds commands from ``loancs.store.commands`` directly (``await
store.apply(c.Assign(...))``); these keep the old positional call forms working while the
call sites move, and go away once none is left.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from loancs.store import commands as c
from loancs.store.apply.common import excerpt, fen, yuan

__all__ = ["excerpt", "fen", "yuan"]


def _identity(value: Any) -> c.Identity:
    return value if isinstance(value, c.Identity) else msgspec.convert(value, c.Identity)


def _hints(value: Any) -> c.Hints | None:
    if value is None or isinstance(value, c.Hints):
        return value
    return msgspec.convert({k: v for k, v in value.items() if v is not None}, c.Hints)


def ingest_message(
    source: str,
    channel: str,
    external_id: str,
    identity: Any,
    body: str,
    kind: str,
    hints: Any,
    attachment: Any,
    raw: str | None,
    call_id: str | None = None,
) -> c.IngestMessage:
    return c.IngestMessage(
        source=source,
        channel=channel,
        external_id=external_id,
        identity=_identity(identity),
        body=body,
        kind=kind,
        hints=_hints(hints),
        attachment=msgspec.convert(attachment, c.Attachment) if attachment else None,
        raw=raw,
        call_id=call_id,
    )


def call_event(source: str, channel: str, frame: dict[str, Any]) -> c.RecordCall:
    fields = {k: v for k, v in frame.items() if k not in ("id", "type", "to") and v is not None}
    return msgspec.convert({**fields, "source": source, "channel": channel}, c.RecordCall)


def delivery(
    source: str,
    message: int,
    status: str,
    reason: str | None,
    attempts: int,
    channel: str | None = None,
) -> c.RecordDelivery:
    return c.RecordDelivery(
        source=source,
        message=message,
        status=status,
        reason=reason,
        attempts=attempts,
        channel=channel,
    )


def stage_change(
    source: str,
    application: str,
    identity: Any,
    stage: str,
    loan_type: str | None,
    amount: Decimal | None,
    note: str | None,
    at: int | None,
) -> c.ChangeStage:
    return c.ChangeStage(
        source=source,
        application=application,
        identity=_identity(identity),
        stage=stage,
        loan_type=loan_type,
        amount=amount,
        note=note,
        at=at,
    )


def agent_reply(
    conversation: int,
    agent_id: int,
    agent_name: str,
    role: str,
    body: str,
    warnings: list[dict] | None,
    key: str | None = None,
) -> c.AgentReply:
    return c.AgentReply(
        conversation=conversation,
        agent_id=agent_id,
        agent_name=agent_name,
        role=role,
        body=body,
        warnings=list(warnings or []),
        key=key,
    )


def compliance_blocked(
    conversation: int,
    agent_name: str,
    hits: list[dict],
    agent_id: int | None = None,
    masked: str | None = None,
) -> c.RecordBlockedReply:
    return c.RecordBlockedReply(
        conversation=conversation,
        agent_name=agent_name,
        hits=hits,
        agent_id=agent_id,
        masked=masked,
    )


def callback(
    conversation: int, agent_id: int | None, actor: str, due: int, note: str
) -> c.ScheduleCallback:
    return c.ScheduleCallback(
        conversation=conversation, agent_id=agent_id, actor=actor, due=due, note=note
    )


def note(conversation: int, agent_id: int, agent_name: str, role: str, body: str) -> c.AddNote:
    return c.AddNote(
        conversation=conversation, agent_id=agent_id, agent_name=agent_name, role=role, body=body
    )


def set_status(
    conversation: int,
    agent_id: int | None,
    actor: str,
    role: str,
    status: str,
    *,
    until: int | None = None,
    outcome: str | None = None,
    kind: str,
    extra: dict | None = None,
) -> c.SetStatus:
    return c.SetStatus(
        conversation=conversation,
        agent_id=agent_id,
        actor=actor,
        role=role,
        status=status,
        kind=kind,
        until=until,
        outcome=outcome,
        extra=dict(extra or {}),
    )


def assign(
    conversation: int,
    agent_id: int | None,
    actor: str,
    kind: str,
    payload: dict[str, Any],
    *,
    expect_unassigned_or: int | None = None,
    check_open: bool = True,
    loan_type: str | None = None,
) -> c.Assign:
    return c.Assign(
        conversation=conversation,
        agent_id=agent_id,
        actor=actor,
        kind=kind,
        payload=payload,
        expect_unassigned_or=expect_unassigned_or,
        check_open=check_open,
        loan_type=loan_type,
    )


def record(
    kind: str, conversation: int | None, actor: str, payload: dict[str, Any]
) -> c.RecordEvent:
    return c.RecordEvent(kind=kind, conversation=conversation, actor=actor, payload=payload)


def set_priority(conversation: int, priority: int, actor: str) -> c.SetPriority:
    return c.SetPriority(conversation=conversation, priority=priority, actor=actor)


def set_agent_state(
    agent_id: int, agent_name: str, state: str, reason: str | None, actor: str
) -> c.SetAgentState:
    return c.SetAgentState(
        agent_id=agent_id, agent_name=agent_name, state=state, reason=reason, actor=actor
    )


def reveal(customer: int, field: str, reason: str, actor: str) -> c.Reveal:
    return c.Reveal(customer=customer, field=field, reason=reason, actor=actor)


def mark_read(conversation: int, agent_id: int | None, actor: str) -> c.MarkRead:
    return c.MarkRead(conversation=conversation, agent_id=agent_id, actor=actor)


def pragma(statement: str) -> c.Pragma:
    return c.Pragma(statement=statement)


def report_rollup(limit: int = 20_000) -> c.RollupReports:
    return c.RollupReports(limit=limit)


def csat_request(
    conversation: int,
    prompt: str | None,
    window_ms: int,
    answer_ms: int,
    actor: str = "system:csat",
) -> c.RequestCsat:
    return c.RequestCsat(
        conversation=conversation,
        prompt=prompt,
        window_ms=window_ms,
        answer_ms=answer_ms,
        actor=actor,
    )


def csat_answer(conversation: int, score: int, comment: str | None, actor: str) -> c.AnswerCsat:
    return c.AnswerCsat(conversation=conversation, score=score, comment=comment, actor=actor)


def loan_push(source: str, frame: dict[str, Any]) -> c.PushLoan:
    fields = {k: v for k, v in frame.items() if k not in ("id", "type") and v is not None}
    return msgspec.convert(
        {**fields, "customer": _identity(frame["customer"]), "source": source},
        c.PushLoan,
        strict=False,
    )


def bind_wechat(source: str, identity: Any, openid: str) -> c.BindWechat:
    return c.BindWechat(source=source, identity=_identity(identity), openid=openid)


def verify_identity(visitor: Any, account_identity: Any, method: str) -> c.VerifyIdentity:
    return c.VerifyIdentity(
        visitor=_identity(visitor), account=_identity(account_identity), method=method
    )


def message_intent(
    conversation: int, message: int, intent: str, confidence: float, slots: dict[str, Any]
) -> c.RecordIntent:
    return c.RecordIntent(
        conversation=conversation,
        message=message,
        intent=intent,
        confidence=confidence,
        slots=slots,
    )


def assistant_reply(
    conversation: int, body: str, warnings: list[dict] | None = None
) -> c.AssistantReply:
    return c.AssistantReply(conversation=conversation, body=body, warnings=list(warnings or []))


def assistant_handoff(
    conversation: int,
    reason: str,
    intent: str,
    summary: str,
    urgency: str | None = None,
    loan_type: str | None = None,
) -> c.AssistantHandoff:
    return c.AssistantHandoff(
        conversation=conversation,
        reason=reason,
        intent=intent,
        summary=summary,
        urgency=urgency,
        loan_type=loan_type,
    )


def prequal_completed(conversation: int, result: dict[str, Any]) -> c.RecordPrequal:
    return c.RecordPrequal(conversation=conversation, result=result)
