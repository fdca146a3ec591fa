"""Routing in the server: feeds committed events and agent sessions into the pure
``Router``, runs its ``tick`` whenever something changed or a timer is due, and writes
every decision it returns into the event log (with the router's reason)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from loancs.core.protocol import Transfer
from loancs.core.routing import (
    AgentBreak,
    AgentInfo,
    AgentOffline,
    Offer,
    OfferExpired,
    Requeued,
    Router,
    RoutingPolicy,
    Waiting,
    WrapupEnded,
)
from loancs.store import ops
from loancs.store.writer import OpError, StoredEvent

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.server.session import Session as Connection

log = logging.getLogger("loancs.routing")
ROUTER = "router"
ROUTED_CHANNELS = ("phone", "chat", "wechat")


def now_ms() -> int:
    return int(time.time() * 1000)


class RoutingService:
    def __init__(self, server: ServerContext):
        self.server = server
        self.router = Router(RoutingPolicy.from_dict(server.config.routing))
        self.names: dict[int, str] = {}
        self.sessions: dict[int, int] = {}  # agent id -> open connections
        self._kick = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._bg: set[asyncio.Task] = set()
        self._closing = False
        # customer -> (agent who last served them, when): for sticky routing without a query
        self.last_agent: dict[int, tuple[int, int]] = {}

    # -------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        store = self.server.store
        now = now_ms()
        for agent in await store.agents():
            if agent["disabled"] or agent["role"] != "agent":
                continue
            self._add_agent(agent["id"], agent["name"], agent["skills"], agent["capacity"])
        rows = await store.fetchall(
            "SELECT id, customer_id, channel, loan_type, amount_fen, urgency, credit_band,"
            " language, priority, assigned_agent, created_at FROM conversations"
            " WHERE status IN ('open', 'pending')"
        )
        for row in rows:
            if row["channel"] not in ROUTED_CHANNELS:
                continue
            waiting = self._waiting_from_row(row)
            agent = row["assigned_agent"]
            if agent is not None and agent in self.names:
                self.router.restore_assignment(row["id"], agent, row["channel"], waiting, now)
            elif agent is None:
                self.router.enqueue(waiting, now)
        for row in await store.fetchall(
            "SELECT customer_id, assigned_agent,"
            " MAX(COALESCE(resolved_at, last_message_at, created_at)) AS ts FROM conversations"
            " WHERE assigned_agent IS NOT NULL GROUP BY customer_id"
        ):
            self.last_agent[row["customer_id"]] = (row["assigned_agent"], row["ts"])
        self.server.hub.listeners.append(self._on_events)
        self._task = asyncio.create_task(self._loop())
        self.kick()

    async def close(self) -> None:
        self._closing = True
        self._kick.set()
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, 5)
        for task in list(self._bg):
            task.cancel()

    def kick(self) -> None:
        self._kick.set()

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    # -------------------------------------------------------------- inputs

    def _add_agent(self, agent_id: int, name: str, skills: dict, capacity: dict) -> None:
        self.names[agent_id] = name
        info = AgentInfo(id=agent_id, name=name, skills=skills, capacity=capacity or {})
        if self.router.has_agent(agent_id):
            self.router.update_agent(info)
        else:
            self.router.add_agent(info)

    @staticmethod
    def _waiting_from_row(row: Any, previous: tuple[int, int] | None = None) -> Waiting:
        amount = Decimal(row["amount_fen"]) / 100 if row["amount_fen"] is not None else None
        return Waiting(
            id=row["id"],
            channel=row["channel"],
            customer_id=row["customer_id"],
            loan_type=row["loan_type"],
            amount=amount,
            urgency=row["urgency"],
            credit_band=row["credit_band"],
            language=row["language"],
            enqueued_ms=row["created_at"],
            previous_agent_id=previous[0] if previous else None,
            previous_served_ms=previous[1] if previous else None,
            priority_override=row["priority"] or None,
        )

    async def _enqueue(self, conversation: int) -> None:
        row = await self.server.store.fetchone(
            "SELECT id, customer_id, channel, loan_type, amount_fen, urgency, credit_band,"
            " language, priority, assigned_agent, created_at, status FROM conversations"
            " WHERE id = ?",
            (conversation,),
        )
        if row is None or row["assigned_agent"] is not None or row["status"] == "resolved":
            return
        if row["channel"] not in ROUTED_CHANNELS:
            return
        previous = await self.server.store.fetchone(
            "SELECT assigned_agent, COALESCE(resolved_at, last_message_at, created_at) AS ts"
            " FROM conversations WHERE customer_id = ? AND id != ? AND assigned_agent IS NOT NULL"
            " ORDER BY id DESC LIMIT 1",
            (row["customer_id"], conversation),
        )
        prev = (previous["assigned_agent"], previous["ts"]) if previous else None
        self.router.enqueue(self._waiting_from_row(row, prev), now_ms())
        self.kick()

    def _enqueue_opened(self, event: StoredEvent) -> None:
        """A new conversation: everything routing needs is in the event (no query)."""
        payload = event.payload
        previous = self.last_agent.get(payload["customer"])
        waiting = Waiting(
            id=event.conversation,
            channel=payload["channel"],
            customer_id=payload["customer"],
            loan_type=payload.get("loan_type"),
            amount=Decimal(payload["amount"]) if payload.get("amount") else None,
            urgency=payload.get("urgency"),
            credit_band=payload.get("credit_band"),
            language=payload.get("language"),
            enqueued_ms=event.ts,
            previous_agent_id=previous[0] if previous else None,
            previous_served_ms=previous[1] if previous else None,
        )
        self.router.enqueue(waiting, now_ms())
        self.kick()

    def _on_events(self, events: list[StoredEvent]) -> None:
        now = now_ms()
        assistant = getattr(self.server, "assistant", None)
        for event in events:
            if assistant is not None and assistant.holds(event):
                continue  # the assistant answers first; it queues the conversation if needed
            kind, conv, meta = event.kind, event.conversation, event.meta or {}
            if kind == "conversation.opened" and event.payload.get("channel") in ROUTED_CHANNELS:
                self._enqueue_opened(event)
            elif kind in ("conversation.assigned", "conversation.transferred"):
                if event.payload.get("agent") is not None and meta.get("customer") is not None:
                    self.last_agent[meta["customer"]] = (event.payload["agent"], event.ts)
            elif kind == "conversation.opened" or (
                kind == "message.received"
                and meta.get("assigned") is None
                and not self.router.has_conversation(conv)
            ):
                self._spawn(self._enqueue(conv))
            elif kind in ("conversation.resolved", "conversation.snoozed"):
                agent = event.payload.get("agent")
                if agent is not None:
                    self.router.release(conv, agent, now, meta.get("channel"))
                    if meta.get("customer") is not None:
                        self.last_agent[meta["customer"]] = (agent, event.ts)
                else:
                    self.router.dequeue(conv, now)
                self.kick()
            elif kind == "conversation.reopened":
                if meta.get("assigned") is None:
                    self._spawn(self._enqueue(conv))
            elif kind == "call.ended":
                agent = meta.get("assigned")
                if agent is not None:
                    # The line is free again; wrap-up starts now, the notes can follow.
                    self.router.release(conv, agent, now, "phone")
                    self.kick()

    # -------------------------------------------------------------- sessions

    async def on_connect(self, conn: Connection) -> None:
        principal = conn.principal
        if principal.role != "agent":
            return
        agent_id = principal.agent_id
        self._add_agent(agent_id, principal.name, principal.skills, principal.capacity)
        self.sessions[agent_id] = self.sessions.get(agent_id, 0) + 1
        now = now_ms()
        self.router.agent_connected(agent_id, now)
        row = await self.server.store.fetchone(
            "SELECT state, state_reason FROM agents WHERE id = ?", (agent_id,)
        )
        state, reason = (row["state"], row["state_reason"]) if row else ("offline", None)
        if state == "offline":
            # Opening the console means ready for work; the event says so.
            await self.server.store.submit(
                ops.set_agent_state(agent_id, principal.name, "available", "signed in", ROUTER)
            )
            state, reason = "available", None
        self.router.set_state(agent_id, state, now, reason)
        self.kick()

    def on_disconnect(self, conn: Connection) -> None:
        principal = conn.principal
        if principal.role != "agent":
            return
        agent_id = principal.agent_id
        left = self.sessions.get(agent_id, 1) - 1
        self.sessions[agent_id] = left
        if left <= 0:
            self.router.agent_disconnected(agent_id, now_ms())
            self.kick()

    # -------------------------------------------------------------- agent actions

    async def accept(self, conn: Connection, conversation: int) -> dict:
        principal = conn.principal
        if principal.role != "agent":
            return await self._force_assign(conn, conversation, principal.agent_id)
        if not self.router.has_conversation(conversation):
            await self._enqueue(conversation)  # it may still be on its way in
        offered = self.router.offers().get(conversation) == principal.agent_id
        refusal = self.router.accept(conversation, principal.agent_id, now_ms())
        if refusal is not None:
            raise OpError("conflict", f"cannot take this conversation: {refusal}")
        reason = "accepted the offer" if offered else "taken from the queue"
        result = await self.server.store.submit(
            ops.assign(
                conversation,
                principal.agent_id,
                principal.actor,
                "conversation.assigned",
                {"agent_name": principal.name, "reason": reason, "reason_code": "accepted"},
                expect_unassigned_or=principal.agent_id,
            )
        )
        self.kick()
        return result

    async def _force_assign(self, conn: Connection, conversation: int, agent_id: int | None):
        principal = conn.principal
        return await self.server.store.submit(
            ops.assign(
                conversation,
                agent_id,
                principal.actor,
                "conversation.assigned",
                {
                    "agent_name": principal.name,
                    "reason": "taken by a supervisor",
                    "reason_code": "supervisor",
                },
            )
        )

    async def decline(self, conn: Connection, conversation: int, reason: str | None) -> dict:
        principal = conn.principal
        refusal = self.router.decline(conversation, principal.agent_id, now_ms())
        if refusal is not None:
            raise OpError("conflict", refusal)
        result = await self.server.store.submit(
            ops.record(
                "conversation.declined",
                conversation,
                principal.actor,
                {"agent": principal.agent_id, "agent_name": principal.name, "reason": reason},
            )
        )
        self.kick()
        return result

    async def transfer(self, conn: Connection, frame: Transfer) -> dict:
        principal = conn.principal
        now = now_ms()
        if frame.to_agent is not None:
            target = next(
                (a for a in await self.server.store.agents() if a["name"] == frame.to_agent), None
            )
            if target is None or target["disabled"] or target["role"] != "agent":
                raise OpError("not_found", f"no active agent named {frame.to_agent}")
            row = await self.server.store.fetchone(
                "SELECT id, customer_id, channel, loan_type, amount_fen, urgency, credit_band,"
                " language, priority, assigned_agent, created_at FROM conversations WHERE id = ?",
                (frame.conversation,),
            )
            refusal = self.router.assign_direct(
                frame.conversation, target["id"], now, self._waiting_from_row(row)
            )
            if refusal is not None:
                raise OpError("conflict", f"{frame.to_agent} cannot take it: {refusal}")
            payload = {
                "agent_name": target["name"],
                "note": frame.note,
                "reason": f"transferred by {principal.name}",
                "reason_code": "transfer",
            }
            agent_id = target["id"]
        else:
            self.router.requeue(
                frame.conversation,
                now,
                f"sent to the {frame.to_queue} queue by {principal.name}",
                loan_type=frame.to_queue,
            )
            payload = {
                "queue": frame.to_queue,
                "note": frame.note,
                "reason": f"sent to the {frame.to_queue} queue by {principal.name}",
                "reason_code": "transfer_queue",
            }
            agent_id = None
        result = await self.server.store.submit(
            ops.assign(
                frame.conversation,
                agent_id,
                principal.actor,
                "conversation.transferred",
                payload,
                loan_type=frame.to_queue,
            )
        )
        self.kick()
        return result

    def state_changed(self, agent_id: int, state: str, reason: str | None) -> None:
        if agent_id in self.names:
            self.router.set_state(agent_id, state, now_ms(), reason)
            self.kick()

    def priority_changed(self, conversation: int, priority: int) -> None:
        self.router.set_priority(conversation, priority)
        self.kick()

    def decorate_agents(self, agents: list[dict]) -> None:
        snapshot = {a["id"]: a for a in self.router.snapshot(now_ms())["agents"]}
        for agent in agents:
            live = snapshot.get(agent["id"])
            if live:
                agent.update(
                    state=live["state"],
                    load=live["load"],
                    connected=live["connected"],
                    assigned=live["assigned"],
                    offers=live["offers"],
                )

    def snapshot(self) -> dict[str, Any]:
        return self.router.snapshot(now_ms())

    # -------------------------------------------------------------- the loop

    async def _loop(self) -> None:
        # `_closing` ends the loop even if a cancel is swallowed by a kick arriving at the
        # same moment (asyncio.wait_for in 3.11 can do that).
        while not self._closing:
            wake = self.router.next_wakeup_ms()
            timeout = None if wake is None else max(0.0, (wake - now_ms()) / 1000)
            if timeout is None or timeout > 0:
                try:
                    async with asyncio.timeout(timeout):
                        await self._kick.wait()
                except TimeoutError:
                    pass
            else:
                await asyncio.sleep(0)  # always yield, even when work is due at once
            self._kick.clear()
            if self._closing:
                return
            for action in self.router.tick(now_ms()):
                try:
                    await self._record(action)
                except OpError as exc:
                    log.info("routing action %s not recorded: %s", action, exc.message)
                except Exception:
                    log.exception("routing action %s failed", action)

    async def _agent_state(self, agent_id: int, state: str, reason: str | None) -> None:
        name = self.names.get(agent_id, "?")
        await self.server.store.submit(ops.set_agent_state(agent_id, name, state, reason, ROUTER))

    async def _record(self, action: Any) -> None:
        store = self.server.store
        if isinstance(action, Offer):
            await store.submit(
                ops.record(
                    "conversation.offered",
                    action.conversation_id,
                    ROUTER,
                    {
                        "agent": action.agent_id,
                        "agent_name": self.names.get(action.agent_id),
                        "expires_ms": action.expires_ms,
                        "reason": action.reason,
                        "reason_code": action.reason_code,
                        "tier": action.tier,
                        "priority": action.priority,
                    },
                )
            )
        elif isinstance(action, OfferExpired):
            await store.submit(
                ops.record(
                    "conversation.offer_expired",
                    action.conversation_id,
                    ROUTER,
                    {
                        "agent": action.agent_id,
                        "reason": action.reason,
                        "reason_code": action.reason_code,
                    },
                )
            )
        elif isinstance(action, AgentBreak):
            await self._agent_state(action.agent_id, "break", action.state_reason)
        elif isinstance(action, AgentOffline):
            await self._agent_state(action.agent_id, "offline", action.reason)
        elif isinstance(action, WrapupEnded):
            await self._agent_state(action.agent_id, "available", action.reason)
        elif isinstance(action, Requeued):
            await store.submit(
                ops.assign(
                    action.conversation_id,
                    None,
                    ROUTER,
                    "conversation.requeued",
                    {
                        "reason": action.reason,
                        "reason_code": action.reason_code,
                        "from_agent": action.from_agent_id,
                    },
                )
            )
