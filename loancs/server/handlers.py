"""One handler per client frame type, with the roles allowed to send it."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from loancs import __version__
from loancs.core import protocol as p
from loancs.core.pii import mask_text
from loancs.core.privacy import masked_for_agents
from loancs.store import ops, queries
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.app import Connection, LoancsServer

STAFF = ("agent", "supervisor", "admin")
MANAGERS = ("supervisor", "admin")

Handler = Callable[["LoancsServer", "Connection", Any], Awaitable[None]]
HANDLERS: dict[str, tuple[tuple[str, ...], Handler]] = {}


def handles(kind: str, roles: tuple[str, ...]):
    def wrap(fn: Handler) -> Handler:
        HANDLERS[kind] = (roles, fn)
        return fn

    return wrap


def ack(conn: Connection, frame_id: str, result: dict[str, Any], warnings=None) -> None:
    conn.send(
        p.Ack(
            id=frame_id,
            seq=result.get("seq", 0),
            conversation=result.get("conversation"),
            message=result.get("message"),
            duplicate=bool(result.get("duplicate")),
            warnings=warnings or None,
        )
    )


def _hints(hints: p.Hints | None) -> dict[str, Any] | None:
    return p.to_builtins(hints) if hints is not None else None


def healthz(server: LoancsServer, connection, request):
    from loancs.server.app import json_response

    body = {
        "status": "stopping" if server.stopping else "ok",
        "version": __version__,
        "seq": server.hub.last_seq,
        "connections": len(server.connections),
        "subscribers": len(server.hub.subscribers),
        "uptime_s": round(time.time() - server.started_at, 1),
        "writer_pending": server.store.writer.pending if server.store.writer else 0,
    }
    storage = server.store.health()
    body["storage"] = storage
    if not storage.pop("ok") and not server.stopping:
        body["status"] = "storage_unavailable"  # it answers, but cannot store anything
    status = HTTPStatus.OK if body["status"] == "ok" else HTTPStatus.SERVICE_UNAVAILABLE
    return json_response(status, body)


# ---------------------------------------------------------------- session


@handles("hello", STAFF + ("channel", "customer"))
async def _second_hello(server: LoancsServer, conn: Connection, frame: p.Hello) -> None:
    conn.error("already_hello", "hello was already sent on this connection")


@handles("resume", STAFF + ("channel", "customer"))
async def _resume(server: LoancsServer, conn: Connection, frame: p.Resume) -> None:
    refused = server.since_error(frame.since)
    if refused is not None:
        raise refused
    server.subscribe(conn, frame.since)


@handles("ping", STAFF + ("channel", "customer"))
async def _ping(server: LoancsServer, conn: Connection, frame: p.Ping) -> None:
    conn.send(p.Pong(id=frame.id, seq=server.hub.last_seq))


# ---------------------------------------------------------------- channel frames


async def _write(server: LoancsServer, op) -> dict[str, Any]:
    result = await server.store.submit(op)
    return result


def ingest_op(server: LoancsServer, conn: Connection, frame: p.Ingest):
    """The hot path of every channel: built without a task, acked from the commit callback."""
    principal = conn.principal
    if principal.channel_kind == "system":
        raise OpError("forbidden", "a system channel pushes stages, not customer messages")
    return ops.ingest_message(
        principal.channel_name,
        principal.channel_kind,
        frame.external_id,
        p.to_builtins(frame.customer),
        frame.body,
        frame.kind,
        _hints(frame.hints),
        p.to_builtins(frame.attachment) if frame.attachment else None,
        frame.raw,
        frame.call_id,
    )


# frame type -> (roles, op builder): written straight to the store, acked on commit.
DIRECT = {"ingest": (("channel",), ingest_op)}


@handles("ingest", ("channel",))
async def _ingest(server: LoancsServer, conn: Connection, frame: p.Ingest) -> None:
    # Normally taken by the direct path; this entry gives other roles a clear `forbidden`.
    ack(conn, frame.id, await _write(server, ingest_op(server, conn, frame)))


@handles("call", ("channel",))
async def _call(server: LoancsServer, conn: Connection, frame: p.CallEvent) -> None:
    principal = conn.principal
    if principal.channel_kind != "phone":
        raise OpError("forbidden", "only a phone channel reports calls")
    result = await _write(
        server, ops.call_event(principal.channel_name, principal.channel_kind, p.to_builtins(frame))
    )
    ack(conn, frame.id, result)


@handles("delivery", ("channel",))
async def _delivery(server: LoancsServer, conn: Connection, frame: p.Delivery) -> None:
    result = await _write(
        server,
        ops.delivery(
            conn.principal.channel_name,
            frame.message,
            frame.status,
            frame.reason,
            frame.attempts,
            channel=conn.principal.channel_kind,
        ),
    )
    ack(conn, frame.id, result)


@handles("stage", ("channel", "admin"))
async def _stage(server: LoancsServer, conn: Connection, frame: p.Stage) -> None:
    if conn.principal.role == "channel" and conn.principal.channel_kind != "system":
        raise OpError("forbidden", "only the loan system (a system channel) pushes stages")
    result = await _write(
        server,
        ops.stage_change(
            conn.principal.channel_name or conn.principal.name,
            frame.application,
            p.to_builtins(frame.customer),
            frame.stage,
            frame.loan_type,
            frame.amount,
            frame.note,
            frame.at,
        ),
    )
    ack(conn, frame.id, result)


# ---------------------------------------------------------------- agent actions


def _meta(server: LoancsServer, conversation: int) -> dict[str, Any]:
    meta = server.hub.meta.get(conversation)
    if meta is None:
        raise OpError("not_found", f"no conversation {conversation}")
    return meta


def _require_own(conn: Connection, meta: dict[str, Any]) -> None:
    principal = conn.principal
    if principal.role == "agent" and meta.get("assigned") != principal.agent_id:
        raise OpError("forbidden", "this conversation is not assigned to you")


@handles("reply", STAFF)
async def _reply(server: LoancsServer, conn: Connection, frame: p.Reply) -> None:
    principal = conn.principal
    meta = _meta(server, frame.conversation)
    _require_own(conn, meta)
    if not frame.body.strip():
        raise OpError("bad_frame", "the reply is empty")
    warnings: list[dict[str, Any]] = []
    compliance = getattr(server, "compliance", None)
    if compliance is not None:
        warnings = await compliance.check_reply(conn, frame, meta)
    result = await _write(
        server,
        ops.agent_reply(
            frame.conversation,
            principal.agent_id or 0,
            principal.name,
            principal.role,
            frame.body,
            warnings,
            frame.key,
        ),
    )
    ack(conn, frame.id, result, warnings)


@handles("note", STAFF)
async def _note(server: LoancsServer, conn: Connection, frame: p.Note) -> None:
    principal = conn.principal
    _meta(server, frame.conversation)
    if principal.role == "agent" and not server.hub.visible(
        conn.viewer, _probe(frame.conversation)
    ):
        raise OpError("forbidden", "this conversation is neither yours nor in your queues")
    result = await _write(
        server,
        # Notes are stored masked like everything else (a full ID number typed into a
        # note must not sit in the database or reach every console in clear).
        ops.note(
            frame.conversation,
            principal.agent_id or 0,
            principal.name,
            principal.role,
            mask_text(frame.body),
        ),
    )
    ack(conn, frame.id, result)


def _routing(server: LoancsServer):
    return getattr(server, "routing", None)


@handles("accept", STAFF)
async def _accept(server: LoancsServer, conn: Connection, frame: p.Accept) -> None:
    principal = conn.principal
    meta = _meta(server, frame.conversation)
    if meta.get("status") == "resolved":
        raise OpError("conflict", "the conversation is resolved")
    routing = _routing(server)
    if routing is not None:
        result = await routing.accept(conn, frame.conversation)
    else:
        result = await _write(
            server,
            ops.assign(
                frame.conversation,
                principal.agent_id,
                principal.actor,
                "conversation.assigned",
                {
                    "agent_name": principal.name,
                    "reason": "accepted by the agent",
                    "reason_code": "accepted",
                },
                expect_unassigned_or=principal.agent_id,
            ),
        )
    ack(conn, frame.id, result)


@handles("decline", ("agent",))
async def _decline(server: LoancsServer, conn: Connection, frame: p.Decline) -> None:
    routing = _routing(server)
    _meta(server, frame.conversation)
    if routing is None:
        raise OpError("conflict", "routing is off: nothing is offered, nothing to decline")
    result = await routing.decline(conn, frame.conversation, frame.reason)
    ack(conn, frame.id, result)


async def _change_status(
    server: LoancsServer, conn: Connection, conversation: int, status: str, kind: str, **extra
) -> dict:
    """resolve / snooze / reopen: only the conversation's agent (or a supervisor)."""
    principal = conn.principal
    meta = _meta(server, conversation)
    _require_own(conn, meta)
    return await _write(
        server,
        ops.set_status(
            conversation,
            principal.agent_id if principal.role == "agent" else None,
            principal.actor,
            principal.role,
            status,
            kind=kind,
            extra={"agent": meta.get("assigned")},
            **extra,
        ),
    )


@handles("resolve", STAFF)
async def _resolve(server: LoancsServer, conn: Connection, frame: p.Resolve) -> None:
    if not frame.outcome and server.config.file.wrapup.required:
        raise OpError(
            "outcome_required", "choose an outcome code: the lender requires one to resolve"
        )
    result = await _change_status(
        server, conn, frame.conversation, "resolved", "conversation.resolved", outcome=frame.outcome
    )
    ack(conn, frame.id, result)


@handles("callback", STAFF)
async def _callback(server: LoancsServer, conn: Connection, frame: p.Callback) -> None:
    if frame.due <= int(time.time() * 1000):
        raise OpError("bad_frame", "a call-back `due` time must be in the future")
    principal = conn.principal
    meta = _meta(server, frame.conversation)
    _require_own(conn, meta)
    result = await _write(
        server,
        ops.callback(
            frame.conversation,
            principal.agent_id,
            principal.actor,
            frame.due,
            mask_text(frame.note.strip())[:500],
        ),
    )
    ack(conn, frame.id, result)


@handles("snooze", STAFF)
async def _snooze(server: LoancsServer, conn: Connection, frame: p.Snooze) -> None:
    if frame.until <= int(time.time() * 1000):
        raise OpError("bad_frame", "snooze `until` must be in the future")
    result = await _change_status(
        server, conn, frame.conversation, "snoozed", "conversation.snoozed", until=frame.until
    )
    ack(conn, frame.id, result)


@handles("reopen", STAFF)
async def _reopen(server: LoancsServer, conn: Connection, frame: p.Reopen) -> None:
    result = await _change_status(server, conn, frame.conversation, "open", "conversation.reopened")
    ack(conn, frame.id, result)


@handles("transfer", STAFF)
async def _transfer(server: LoancsServer, conn: Connection, frame: p.Transfer) -> None:
    meta = _meta(server, frame.conversation)
    _require_own(conn, meta)
    if (frame.to_agent is None) == (frame.to_queue is None):
        raise OpError("bad_frame", "transfer needs exactly one of `to_agent` or `to_queue`")
    routing = _routing(server)
    if routing is not None:
        result = await routing.transfer(conn, frame)
    else:
        result = await _plain_transfer(server, conn, frame)
    ack(conn, frame.id, result)


async def _plain_transfer(server: LoancsServer, conn: Connection, frame: p.Transfer) -> dict:
    principal = conn.principal
    target = None
    if frame.to_agent is not None:
        target = next((a for a in await server.store.agents() if a["name"] == frame.to_agent), None)
        if target is None or target["disabled"]:
            raise OpError("not_found", f"no active agent named {frame.to_agent}")
    payload = {
        "agent_name": target["name"] if target else None,
        "queue": frame.to_queue,
        "note": frame.note,
        "reason": f"transferred by {principal.name}",
        "reason_code": "transfer",
    }
    return await _write(
        server,
        ops.assign(
            frame.conversation,
            target["id"] if target else None,
            principal.actor,
            "conversation.transferred",
            payload,
        ),
    )


@handles("set_priority", MANAGERS)
async def _set_priority(server: LoancsServer, conn: Connection, frame: p.SetPriority) -> None:
    _meta(server, frame.conversation)
    result = await _write(
        server, ops.set_priority(frame.conversation, frame.priority, conn.principal.actor)
    )
    routing = _routing(server)
    if routing is not None:
        routing.priority_changed(frame.conversation, frame.priority)
    ack(conn, frame.id, result)


@handles("set_state", STAFF)
async def _set_state(server: LoancsServer, conn: Connection, frame: p.SetState) -> None:
    principal = conn.principal
    if frame.state == "break" and not frame.reason:
        raise OpError("bad_frame", "a break needs a `reason` (lunch, training, ...)")
    routing = _routing(server)
    reason = frame.reason or frame.outcome
    result = await _write(
        server,
        ops.set_agent_state(
            principal.agent_id, principal.name, frame.state, reason, principal.actor
        ),
    )
    if routing is not None:
        routing.state_changed(principal.agent_id, frame.state, reason)
    ack(conn, frame.id, result)


@handles("typing", STAFF + ("customer",))
async def _typing(server: LoancsServer, conn: Connection, frame: p.Typing) -> None:
    principal = conn.principal
    if principal.role == "customer":
        conversation = conn.viewer.conversation
        if conversation is None:
            return
        who, name = "customer", None
    else:
        if frame.conversation is None:
            raise OpError("bad_frame", "typing needs `conversation`")
        meta = server.hub.meta.get(frame.conversation)
        if meta is None or (
            principal.role == "agent" and meta.get("assigned") != principal.agent_id
        ):
            return  # typing is best effort: nothing to say about someone else's conversation
        conversation, who, name = frame.conversation, "agent", principal.name
    server.hub.publish_transient(
        conversation, "typing", principal.actor, {"who": who, "name": name, "active": frame.active}
    )


# ---------------------------------------------------------------- reads


def _agent_scope(conn: Connection) -> tuple[int | None, list[str] | None]:
    principal = conn.principal
    if principal.role == "agent":
        return principal.agent_id, sorted(conn.viewer.queues)
    return None, None


@handles("list_conversations", STAFF)
async def _list(server: LoancsServer, conn: Connection, frame: p.ListConversations) -> None:
    agent_id, queues = _agent_scope(conn)
    if frame.mine and conn.principal.agent_id is not None:
        agent_id, queues = conn.principal.agent_id, None
    data = await queries.list_conversations(
        server.store,
        statuses=frame.status,
        agent_id=agent_id,
        queues=queues,
        limit=frame.limit,
        query=frame.query,
        before=frame.before,
        before_id=frame.before_id,
    )
    if conn.principal.role == "agent":
        data = [masked_for_agents(row) for row in data]
    conn.send(p.Result(id=frame.id, data=data))


@handles("mark_read", STAFF)
async def _mark_read(server: LoancsServer, conn: Connection, frame: p.MarkRead) -> None:
    _meta(server, frame.conversation)
    if conn.principal.role == "agent" and not server.hub.visible(
        conn.viewer, _probe(frame.conversation)
    ):
        raise OpError("forbidden", "this conversation is neither yours nor in your queues")
    result = await _write(
        server, ops.mark_read(frame.conversation, conn.principal.agent_id, conn.principal.actor)
    )
    ack(conn, frame.id, result)


@handles("recipient", ("channel",))
async def _recipient(server: LoancsServer, conn: Connection, frame: p.Recipient) -> None:
    meta = _meta(server, frame.conversation)
    if meta.get("channel") != conn.principal.channel_kind:
        raise OpError("forbidden", "that conversation is not on your channel")
    # Only the gateway that carries the conversation (the one its latest customer message
    # came through) may learn the address: a second gateway of the same kind must not, or
    # both deliver the same reply.
    carrier = await server.store.fetchone(
        "SELECT e.actor FROM messages m JOIN events e ON e.seq = m.seq"
        " WHERE m.conversation_id = ? AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1",
        (frame.conversation,),
    )
    if carrier is None or carrier["actor"] != f"channel:{conn.principal.channel_name}":
        raise OpError("forbidden", "that conversation is carried by another gateway")
    kind = {"wechat": "wechat", "phone": "phone", "chat": "visitor"}.get(meta["channel"])
    row = await server.store.fetchone(
        "SELECT kind, value FROM customer_identities WHERE customer_id = ? AND kind = ?"
        " ORDER BY created_at LIMIT 1",
        (meta["customer"], kind),
    )
    if row is None:
        raise OpError("not_found", f"the customer has no {kind} identity")
    conn.send(p.Result(id=frame.id, data={"kind": row["kind"], "value": row["value"]}))


@handles("get_conversation", STAFF)
async def _get_conversation(server: LoancsServer, conn: Connection, frame: p.GetConversation):
    meta = _meta(server, frame.conversation)
    if conn.principal.role == "agent" and not server.hub.visible(
        conn.viewer, _probe(frame.conversation)
    ):
        raise OpError("forbidden", "this conversation is neither yours nor in your queues")
    del meta
    data = await queries.get_conversation(
        server.store, frame.conversation, frame.before, frame.limit
    )
    if data is None:
        raise OpError("not_found", f"no conversation {frame.conversation}")
    data["messages"] = await _with_whispers(server, conn, frame, data["messages"])
    if conn.principal.role == "agent":
        # Numbers in texts masked; `reveal` with field "message:<id>" shows one in full.
        data["messages"] = [masked_for_agents(m) for m in data["messages"]]
        data = masked_for_agents(data)
    conn.send(p.Result(id=frame.id, data=data))


async def _with_whispers(
    server: LoancsServer, conn: Connection, frame: p.GetConversation, messages: list[dict]
) -> list[dict]:
    """The page's messages with the whispers that fall inside it, for the agent they were
    meant for and for supervisors only (a reloaded transcript shows what was whispered live)."""
    whispers = await queries.conversation_whispers(server.store, frame.conversation)
    if conn.principal.role == "agent":
        whispers = [w for w in whispers if w["agent"] == conn.principal.agent_id]
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


def _probe(conversation: int):
    from loancs.store.writer import StoredEvent

    return StoredEvent(0, 0, "probe", conversation, "", {})


async def _customer_visible(server: LoancsServer, conn: Connection, customer: int) -> None:
    if conn.principal.role != "agent":
        return
    agent_id, queues = _agent_scope(conn)
    assert agent_id is not None
    if await queries.customer_visible_to(server.store, customer, agent_id, queues):
        return
    raise OpError("forbidden", "this customer has no conversation of yours or in your queues")


@handles("get_customer", STAFF)
async def _get_customer(server: LoancsServer, conn: Connection, frame: p.GetCustomer) -> None:
    await _customer_visible(server, conn, frame.customer)
    data = await queries.get_customer(server.store, frame.customer)
    if data is None:
        raise OpError("not_found", f"no customer {frame.customer}")
    conn.send(p.Result(id=frame.id, data=data))


@handles("reveal", STAFF)
async def _reveal(server: LoancsServer, conn: Connection, frame: p.Reveal) -> None:
    await _customer_visible(server, conn, frame.customer)
    if len(frame.reason.strip()) < 2:
        raise OpError("bad_frame", "say why you need the full value (`reason`)")
    result = await _write(
        server, ops.reveal(frame.customer, frame.field, frame.reason, conn.principal.actor)
    )
    conn.send(
        p.Result(
            id=frame.id, data={"field": frame.field, "value": result["value"], "seq": result["seq"]}
        )
    )


@handles("list_agents", STAFF)
async def _list_agents(server: LoancsServer, conn: Connection, frame: p.ListAgents) -> None:
    agents = [
        {k: a[k] for k in ("id", "name", "role", "skills", "capacity", "state", "state_reason")}
        for a in await server.store.agents()
        if not a["disabled"]
    ]
    routing = _routing(server)
    if routing is not None:
        routing.decorate_agents(agents)
    conn.send(p.Result(id=frame.id, data=agents))


@handles("get_rules", STAFF)
async def _get_rules(server: LoancsServer, conn: Connection, frame: p.GetRules) -> None:
    compliance = server.compliance
    conn.send(
        p.Result(
            id=frame.id,
            data={"version": compliance.version, "text": compliance.lender_text},
        )
    )


@handles("get_queues", MANAGERS)
async def _get_queues(server: LoancsServer, conn: Connection, frame: p.GetQueues) -> None:
    routing = _routing(server)
    data = (
        routing.snapshot() if routing is not None else {"queues": {}, "waiting": [], "agents": []}
    )
    waiting = data.get("waiting", [])
    data["waiting_total"] = len(waiting)
    offset = max(0, frame.offset)
    data["waiting"] = waiting[offset : offset + frame.limit]
    data["service_level"] = await queries.service_level(server.store, frame.sla_s * 1000)
    conn.send(p.Result(id=frame.id, data=data))


# ---------------------------------------------------------------- customers (web chat)


@handles("say", ("customer",))
async def _say(server: LoancsServer, conn: Connection, frame: p.Say) -> None:
    from loancs.server.customer import say

    await say(server, conn, frame)


# The supervisor's desk and CSAT register their frames here (interventions, floor, reports).
from loancs.server import csat as _csat  # noqa: E402, F401
from loancs.server import supervisor as _supervisor  # noqa: E402, F401
