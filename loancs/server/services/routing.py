"""Routing in the server.

The pure ``Router`` has one input: committed events (plus consoles connecting and
dropping, which are not stored facts). Handlers never change it: they ask it questions
(``can_accept``, ``can_decline``, ``can_assign``) and write; the committed event then
updates the router, so a write that fails leaves it as it was and a change written by any
path (a supervisor's accept, an admin tool) reaches it the same way.

The router's own decisions (offers, time-outs, breaks, re-queues) come out of ``tick``;
each tick's decisions are written together (one commit for a burst, not one per offer),
and an offer's time-out counts from its commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Coroutine, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from loancs.core import events as ev
from loancs.core.convmeta import ConvMeta
from loancs.core.events import Kind
from loancs.core.protocol import Transfer
from loancs.core.routing import (
    CHANNELS,
    Action,
    AgentBreak,
    AgentInfo,
    AgentOffline,
    Offer,
    OfferExpired,
    Requeued,
    Restored,
    Router,
    RoutingPolicy,
    Waiting,
    WrapupEnded,
)
from loancs.lifecycle import building_to_keep
from loancs.store import commands as c
from loancs.store import queries
from loancs.store.db import shared
from loancs.store.writer import OpError, StoredEvent

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.server.session import Principal, Session
    from loancs.store.backends.pg_cluster import Presence

PRESENCE_POLL_S = 0.5  # how often the leader asks which consoles are connected anywhere

log = logging.getLogger("loancs.routing")
ROUTER = "router"
ROUTED_CHANNELS = CHANNELS
# How often (seconds) the loop looks whether offers have been written to their agents.
DELIVERY_POLL_S = 0.2
# The most waiting conversations one get_queues/get_floor answer lists (a page of a long
# queue costs ~7 µs a row; deeper pages also pass over the rows before them).
WAITING_PAGE = 1_000
# Customers whose last agent is remembered without asking the store (sticky routing).
LAST_AGENT_CACHE = 20_000
# Kinds compared for every event, as plain strings (an enum member lookup costs ~0.2 µs).
_CUSTOMER_CREATED = str(Kind.CUSTOMER_CREATED)
_AGENT_STATE = str(Kind.AGENT_STATE)
_OPENED = str(Kind.CONVERSATION_OPENED)
_RECEIVED = str(Kind.MESSAGE_RECEIVED)


_AMOUNTS: dict[int, Decimal] = {}  # amount (fen) -> as routing takes it: equal ones share one
_AMOUNTS_HELD = 4096  # distinct amounts remembered at most (loan amounts are mostly round)


def _amount(fen: int) -> Decimal:
    """An amount in fen as routing takes it (yuan, a Decimal); the first few thousand
    distinct ones are remembered, so equal amounts share one object (~100 bytes each, a
    year's 30,000 open conversations) and are not divided again."""
    found = _AMOUNTS.get(fen)
    if found is None:
        found = Decimal(fen) / 100
        if len(_AMOUNTS) < _AMOUNTS_HELD:
            _AMOUNTS[fen] = found
    return found


def now_ms() -> int:
    return int(time.time() * 1000)


def _principal(conn: Session) -> Principal:
    principal = conn.principal
    assert principal is not None, "a routed frame comes from a signed-in connection"
    return principal


class RoutingService:
    def __init__(self, server: ServerContext):
        self.server = server
        self.router = Router(RoutingPolicy.from_dict(server.config.routing), track_delivery=True)
        self.names: dict[int, str] = {}
        self.sessions: dict[int, int] = {}  # agent id -> open connections
        self._consoles: dict[int, list[Session]] = {}  # agent id -> their connections
        # conversation -> (agent, seq of the offer event) until that event was written to
        # one of the agent's connections (the offer's time-out counts from then)
        self._undelivered: dict[int, tuple[int, int]] = {}
        self._kick = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._bg: set[asyncio.Task[None]] = set()
        self._closing = False
        # customer -> (agent who last served them, when) or None (nobody yet): a bounded
        # cache in front of store.queries.last_agent_of_customer
        self._last_agent: OrderedDict[int, tuple[int, int] | None] = OrderedDict()
        self.commits = 0  # decision batches written (for scripts/bench_routing_burst.py)
        # Several servers on one database: only the lease holder decides (offers, timers);
        # the others fold the same committed events, the leader's decisions included.
        self.leading = True
        self._restored = False  # the agents and the open work are held (``restore``)

    # -------------------------------------------------------------- lifecycle

    async def restore(self, open_work: list[Any] | None = None) -> None:
        """Hold what the store says as the server starts: the agents, and the open work
        (``Store.open_work``'s rows, read here unless given; taken off the list as they
        are used, so it is empty after): assignments held again, the rest queued. Before ``start``; ``start`` does it when nobody has."""
        store = self.server.store
        now = now_ms()
        for agent in await store.agents():
            if agent["disabled"] or agent["role"] != "agent":
                continue
            self._add_agent(agent["id"], agent["name"], agent["skills"], agent["capacity"])
        if open_work is None:
            open_work = await store.open_work()
        with building_to_keep():
            self._restore(open_work, now)
        self._restored = True

    async def start(self) -> None:
        store = self.server.store
        if not self._restored:
            await self.restore()
        now = now_ms()
        if self.server.cluster is not None:
            # Another server may lead, with offers standing (the log is their only record):
            # hold them as it does, so none is made again if this server takes over.
            since = now - 2 * self.router.policy.offer_timeout_ms - 10_000
            standing = await queries.routing_standing_offers(store, since)
            for conversation, (agent_id, expires_ms) in standing.items():
                self.router.offer_committed(conversation, agent_id, expires_ms, now)
            self.router.drop_decisions()
        self.server.hub.listeners.append(self._on_events)
        self.leading = self.server.cluster is None
        self._task = asyncio.create_task(self._loop())
        if self._presence() is not None:
            self._spawn(self._watch_presence())
        self.kick()

    def _restore(self, rows: list[Any], now: int) -> None:
        """The open work as the server starts: assignments held again, the rest queued.
        The rows' few-valued strings are interned already (Store.open_work): neither this
        nor the router looks at them again (three times over 30,000 rows was a fifth of
        the restore), and equal amounts share one Decimal."""
        queued: list[Restored] = []
        assigned: list[tuple[int, Restored]] = []
        names = self.names
        restored = self.router.restored  # the router's one record each (no Waiting first)
        # By position (db.OPEN_WORK_COLUMNS' order): thousands of rows at a year's backlog.
        # Taken off the list one by one (from its end: the list is reversed first), so each
        # row is freed once used and its memory holds the next ones' routing state.
        rows.reverse()
        while rows:
            row = rows.pop()
            id_, _, channel, loan, amount, urgency, band, lang, prio, agent, created, st = row
            if channel not in ROUTED_CHANNELS or st == "snoozed":
                continue
            if agent is not None and agent not in names:
                continue
            conv = restored(
                id_,
                channel,
                loan,
                None if amount is None else _amount(amount),
                urgency,
                band,
                lang,
                created,
                prio or None,
            )
            if agent is None:
                queued.append(conv)
            else:
                assigned.append((agent, conv))
        self.router.restore_assignments(assigned, now, interned=True)
        self.router.enqueue_many(queued, now, interned=True)

    def _lease_pid(self) -> int | None:
        """On PostgreSQL, the session holding this server's routing lease: the store
        refuses an offer, an expiry, a re-queue or an agent state routing decided if it no
        longer does (a successor may be deciding already)."""
        cluster = self.server.cluster
        pid: int | None = getattr(cluster.lease, "pid", None) if cluster is not None else None
        return pid

    def _presence(self) -> Presence | None:
        cluster = self.server.cluster
        return cluster.presence if cluster is not None else None

    async def _watch_presence(self) -> None:
        """Of several servers, the leader learns which consoles are connected anywhere
        (each server holds a presence lock per agent it has a console of; a dead server's
        vanish with its session): gone everywhere starts the disconnect grace, as for a
        console of its own; back anywhere ends it."""
        presence = self._presence()
        assert presence is not None
        while not self._closing:
            await asyncio.sleep(PRESENCE_POLL_S)
            if not self.leading:
                continue
            anywhere = await presence.holders("agent")
            if anywhere is None or not self.leading:
                continue  # the database is away: nothing is known, nothing changes
            now, changed = now_ms(), False
            for agent in self.router.agents():
                here = self.sessions.get(agent.info.id, 0) > 0
                if (here or agent.info.id in anywhere) and agent.connected is not True:
                    self.router.agent_connected(agent.info.id, now)
                    changed = True
                elif not here and agent.info.id not in anywhere and agent.connected is not False:
                    self.router.agent_disconnected(agent.info.id, now)
                    changed = True
            if changed:
                self.kick()

    async def lead(self) -> None:
        """This server holds the routing lease now: publish everything committed so far
        (the previous leader's last offers included, so none is made twice), then decide."""
        cluster = self.server.cluster
        if cluster is not None:
            await cluster.follower.catch_up()
        self.router.drop_decisions()  # anything decided while following is not ours to write
        self.leading = True
        log.info("routing: this server leads")
        self.kick()

    def follow(self) -> None:
        """The lease is gone (the database connection that held it was lost)."""
        if self.leading:
            log.warning("routing: this server no longer leads")
        self.leading = False

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

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._bg.add(task)
        task.add_done_callback(self._bg.discard)

    # -------------------------------------------------------------- what routing knows

    def _add_agent(
        self, agent_id: int, name: str, skills: dict[str, int], capacity: dict[str, int]
    ) -> None:
        self.names[agent_id] = name
        info = AgentInfo(id=agent_id, name=name, skills=skills, capacity=capacity or {})
        if self.router.has_agent(agent_id):
            self.router.update_agent(info)
        else:
            self.router.add_agent(info)

    @staticmethod
    def _waiting_from_row(row: Any, previous: tuple[int, int] | None = None) -> Waiting:
        return RoutingService._waiting(
            row["id"],
            row["customer_id"],
            row["channel"],
            row["loan_type"],
            row["amount_fen"],
            row["urgency"],
            row["credit_band"],
            row["language"],
            row["priority"],
            row["created_at"],
            previous,
        )

    @staticmethod
    def _waiting(
        id_: int,
        customer: int,
        channel: str,
        loan_type: str | None,
        amount_fen: int | None,
        urgency: str | None,
        credit_band: str | None,
        language: str | None,
        priority: int | None,
        created_at: int,
        previous: tuple[int, int] | None,
    ) -> Waiting:
        """A conversation's stored facts as routing takes them. Few-valued strings interned
        here, so the router keeps this Waiting as it is (making a copy with shared strings
        was a third of restoring 10,000 open conversations); positional (Waiting's field
        order): keywords cost a third more, thousands of times at start."""
        return Waiting(
            id_,
            shared(channel),
            customer,
            shared(loan_type),
            _amount(amount_fen) if amount_fen is not None else None,
            shared(urgency),
            shared(credit_band),
            shared(language),
            created_at,
            previous[0] if previous else None,
            previous[1] if previous else None,
            priority or None,
        )

    @staticmethod
    def _waiting_from_meta(conversation: int, meta: Mapping[str, Any], ts: int) -> Waiting:
        """What an event's conversation facts say, for a conversation routing never held."""
        return Waiting(
            id=conversation,
            channel=meta.get("channel") or "",
            customer_id=meta.get("customer"),
            loan_type=meta.get("loan_type"),
            urgency=meta.get("urgency"),
            enqueued_ms=ts,
            priority_override=meta.get("priority") or None,
        )

    def _remember(self, customer: int, served: tuple[int, int] | None) -> None:
        cache = self._last_agent
        cache[customer] = served
        cache.move_to_end(customer)
        while len(cache) > LAST_AGENT_CACHE:
            cache.popitem(last=False)

    async def _previous_agent(self, customer: int, conversation: int) -> tuple[int, int] | None:
        """Who last served this customer, from the cache or else from the store."""
        if customer in self._last_agent:
            self._last_agent.move_to_end(customer)
            return self._last_agent[customer]
        found = await queries.last_agent_of_customer(self.server.store, customer, conversation)
        if customer not in self._last_agent:  # an event may have said newer meanwhile
            self._remember(customer, found)
        return self._last_agent.get(customer)

    def _still_unassigned(self, conversation: int) -> bool:
        """Whether the latest committed facts leave the conversation open and with nobody."""
        meta = self.server.hub.meta.get(conversation)
        if meta is None:
            return True
        return meta.get("assigned") is None and meta.get("status") != "resolved"

    async def enqueue(self, conversation: int) -> None:
        """Queue a conversation routing does not hold (read from the store): the assistant
        hands one over this way."""
        row = await queries.routing_conversation(self.server.store, conversation)
        if row is None or row["assigned_agent"] is not None or row["status"] == "resolved":
            return
        if row["channel"] not in ROUTED_CHANNELS:
            return
        previous = await self._previous_agent(row["customer_id"], conversation)
        if self.router.has_conversation(conversation) or not self._still_unassigned(conversation):
            return  # a committed event got there first
        self.router.enqueue(self._waiting_from_row(row, previous), now_ms())
        self.kick()

    def _opened_waiting(self, event: StoredEvent, previous: tuple[int, int] | None) -> Waiting:
        payload = event.payload
        assert event.conversation is not None
        return Waiting(
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

    async def _enqueue_opened_later(self, event: StoredEvent) -> None:
        assert event.conversation is not None
        previous = await self._previous_agent(event.payload["customer"], event.conversation)
        if self.router.has_conversation(event.conversation):
            return
        if not self._still_unassigned(event.conversation):
            return
        self.router.enqueue(self._opened_waiting(event, previous), now_ms())
        self.kick()

    # -------------------------------------------------------------- the only input: events

    def _on_events(self, events: list[StoredEvent]) -> None:
        now = now_ms()
        assistant = getattr(self.server, "assistant", None)
        if assistant is not None and not assistant.may_hold:
            assistant = None  # off, or it failed to load: it holds nothing
        new_customers = {e.payload["customer"] for e in events if e.kind == _CUSTOMER_CREATED}
        changed = False
        for event in events:
            if assistant is not None and assistant.holds(event):
                continue  # the assistant answers first; it queues the conversation if needed
            if event.kind == _RECEIVED:
                # What most events are: a customer message in a conversation someone carries
                # changes nothing here (``_apply``'s first case, decided without its call).
                meta = event.meta
                if meta.__class__ is ConvMeta and meta.assigned is not None:
                    continue
            changed |= self._apply(event, now, new_customers)
        if not self.leading:
            self.router.drop_decisions()
        elif changed:
            self.kick()

    def _apply(self, event: StoredEvent, now: int, new_customers: set[int]) -> bool:
        """Bring the router up to date with one committed event; False: nothing to do."""
        router = self.router
        kind, conv, meta = event.kind, event.conversation, event.meta
        if meta is None:  # (not ``or {}``: a ConvMeta's truth is a Python __len__ call)
            meta = {}
        if kind == _RECEIVED and conv is not None:
            # (every customer message: a ConvMeta's slot read directly, and no payload, which
            # may still be inside the event's frame: writer_process.PipedEvent)
            assigned = meta.assigned if meta.__class__ is ConvMeta else meta.get("assigned")
            if assigned is None and not router.has_conversation(conv):
                self._spawn(self.enqueue(conv))
            return False
        payload = event.payload
        if conv is None:
            if kind == _AGENT_STATE and router.has_agent(payload["agent"]):
                router.set_state(payload["agent"], payload["state"], now, payload.get("reason"))
                return True
            return False
        if kind == _OPENED:
            if payload.get("channel") not in ROUTED_CHANNELS:
                self._spawn(self.enqueue(conv))
            elif payload["customer"] in new_customers:
                self._remember(payload["customer"], None)  # nobody has served them yet
                router.enqueue(self._opened_waiting(event, None), now)
            elif payload["customer"] in self._last_agent:
                previous = self._last_agent[payload["customer"]]
                router.enqueue(self._opened_waiting(event, previous), now)
            else:
                self._spawn(self._enqueue_opened_later(event))
                return False
            return True
        if kind in (Kind.CONVERSATION_ASSIGNED, Kind.CONVERSATION_TRANSFERRED):
            agent = payload.get("agent")
            if agent is None:  # sent to a queue
                if router.has_conversation(conv):
                    reason = payload.get("reason") or "sent back to the queue"
                    router.requeue(conv, now, reason, loan_type=payload.get("queue"))
                else:
                    self._spawn(self.enqueue(conv))
                return True
            if meta.get("customer") is not None:
                self._remember(meta["customer"], (agent, event.ts))
            name = payload.get("agent_name") or f"agent {agent}"
            why = f"transferred to {name}" if kind == Kind.CONVERSATION_TRANSFERRED else None
            router.assigned(
                conv,
                agent,
                now,
                self._waiting_from_meta(conv, meta, event.ts),
                why or f"taken by {name}",
            )
            return True
        if kind == Kind.CONVERSATION_DECLINED:
            return router.decline(conv, payload["agent"], now) is None
        if kind == Kind.CONVERSATION_OFFERED:
            if not self.leading:  # the leader's offer: held here too, never made twice
                router.offer_committed(conv, payload["agent"], payload["expires_ms"], now)
                return True
            router.offer_announced(conv, payload["agent"], payload["expires_ms"])
            self._undelivered[conv] = (payload["agent"], event.seq)
            return True
        if not self.leading and kind == Kind.CONVERSATION_OFFER_EXPIRED:
            router.offer_ended(conv, payload["agent"], now)
            return True
        if not self.leading and kind == Kind.CONVERSATION_REQUEUED:
            if router.conversation_state(conv) in ("assigned", "offered"):
                router.requeue(conv, now, payload.get("reason") or "re-queued")
            return True
        if kind == Kind.CONVERSATION_PRIORITY:
            return router.set_priority(conv, payload["priority"])
        if kind in (Kind.CONVERSATION_RESOLVED, Kind.CONVERSATION_SNOOZED):
            agent = payload.get("agent")
            if agent is not None:
                router.release(conv, agent, now, meta.get("channel"))
                if meta.get("customer") is not None:
                    self._remember(meta["customer"], (agent, event.ts))
            else:
                router.dequeue(conv, now)
            return True
        if kind == Kind.CONVERSATION_REOPENED:
            if meta.get("assigned") is None:
                self._spawn(self.enqueue(conv))
            return False
        if kind == Kind.CALL_ENDED:
            agent = meta.get("assigned")
            if agent is None:
                return False
            # The line is free again; wrap-up starts now, the notes can follow.
            router.release(conv, agent, now, "phone")
            return True
        return False  # offer_expired, requeued: the router's own decisions, already applied

    # -------------------------------------------------------------- sessions

    async def on_connect(self, conn: Session) -> None:
        principal = _principal(conn)
        if principal.role != "agent" or principal.agent_id is None:
            return
        agent_id = principal.agent_id
        self._add_agent(agent_id, principal.name, principal.skills, principal.capacity)
        self.sessions[agent_id] = self.sessions.get(agent_id, 0) + 1
        self._consoles.setdefault(agent_id, []).append(conn)
        presence = self._presence()
        if presence is not None:
            presence.hold("agent", agent_id)
        self.router.agent_connected(agent_id, now_ms())
        stored = await queries.agent_state(self.server.store, agent_id)
        state, reason = stored if stored is not None else ("offline", None)
        if state == "offline":
            # Opening the console means ready for work; the committed event says so.
            await self.server.store.apply(
                c.SetAgentState(
                    agent_id=agent_id,
                    agent_name=principal.name,
                    state="available",
                    reason="signed in",
                    reason_code="signed_in",
                    actor=ROUTER,
                )
            )
        else:
            self.router.set_state(agent_id, state, now_ms(), reason)  # as stored
        self.kick()

    def on_disconnect(self, conn: Session) -> None:
        principal = _principal(conn)
        if principal.role != "agent" or principal.agent_id is None:
            return
        agent_id = principal.agent_id
        left = self.sessions.get(agent_id, 1) - 1
        self.sessions[agent_id] = left
        consoles = self._consoles.get(agent_id, [])
        if conn in consoles:
            consoles.remove(conn)
        presence = self._presence()
        if presence is not None:
            presence.release("agent", agent_id)
        if left <= 0 and self.leading:
            # (a follower leaves it to the leader, who sees the console gone everywhere
            # through presence; withdrawing offers here would forget ones that stand)
            self.router.agent_disconnected(agent_id, now_ms())
            self.kick()

    # -------------------------------------------------------------- agent actions

    async def _channel_of(self, conversation: int) -> str | None:
        meta = self.server.hub.meta.get(conversation)
        if meta is not None:
            channel: str | None = meta.get("channel")
            return channel
        row = await queries.routing_conversation(self.server.store, conversation)
        return row["channel"] if row is not None else None

    async def accept(self, conn: Session, conversation: int) -> dict[str, Any]:
        principal = _principal(conn)
        if principal.role != "agent" or principal.agent_id is None:
            return await self._take(conn, conversation)
        agent_id = principal.agent_id
        channel = await self._channel_of(conversation)
        refusal = self.router.can_accept(conversation, agent_id, channel)
        if refusal is not None:
            raise OpError("conflict", f"cannot take this conversation: {refusal}")
        offered = self.router.offered_to(conversation) == agent_id
        reason = "accepted the offer" if offered else "taken from the queue"
        result: dict[str, Any] = await self.server.store.apply(
            c.Assign(
                conversation=conversation,
                agent_id=agent_id,
                actor=principal.actor,
                kind=Kind.CONVERSATION_ASSIGNED,
                payload={"agent_name": principal.name, "reason": reason, "reason_code": "accepted"},
                expect_unassigned_or=agent_id,
            )
        )
        return result

    async def _take(self, conn: Session, conversation: int) -> dict[str, Any]:
        """A supervisor takes the conversation: once committed, it leaves routing."""
        principal = _principal(conn)
        result: dict[str, Any] = await self.server.store.apply(
            c.Assign(
                conversation=conversation,
                agent_id=principal.agent_id,
                actor=principal.actor,
                kind=Kind.CONVERSATION_ASSIGNED,
                payload={
                    "agent_name": principal.name,
                    "reason": "taken by a supervisor",
                    "reason_code": "supervisor",
                },
            )
        )
        return result

    async def decline(self, conn: Session, conversation: int, reason: str | None) -> dict[str, Any]:
        principal = _principal(conn)
        assert principal.agent_id is not None
        refusal = self.router.can_decline(conversation, principal.agent_id)
        if refusal is not None:
            raise OpError("conflict", refusal)
        declined = ev.ConversationDeclined(
            agent=principal.agent_id, agent_name=principal.name, reason=reason
        )
        result: dict[str, Any] = await self.server.store.apply(
            c.RecordEvent(
                kind=Kind.CONVERSATION_DECLINED,
                conversation=conversation,
                actor=principal.actor,
                payload=ev.to_dict(declined),
            )
        )
        return result

    async def transfer(self, conn: Session, frame: Transfer) -> dict[str, Any]:
        principal = _principal(conn)
        agent_id: int | None = None
        if frame.to_agent is not None:
            target = next(
                (a for a in await self.server.store.agents() if a["name"] == frame.to_agent), None
            )
            if target is None or target["disabled"] or target["role"] != "agent":
                raise OpError("not_found", f"no active agent named {frame.to_agent}")
            channel = await self._channel_of(frame.conversation)
            refusal = self.router.can_assign(frame.conversation, target["id"], channel or "")
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
            payload = {
                "queue": frame.to_queue,
                "note": frame.note,
                "reason": f"sent to the {frame.to_queue} queue by {principal.name}",
                "reason_code": "transfer_queue",
            }
        result: dict[str, Any] = await self.server.store.apply(
            c.Assign(
                conversation=frame.conversation,
                agent_id=agent_id,
                actor=principal.actor,
                kind=Kind.CONVERSATION_TRANSFERRED,
                payload=payload,
                loan_type=frame.to_queue,
            )
        )
        return result

    def decorate_agents(self, agents: list[dict[str, Any]]) -> None:
        snapshot = {a["id"]: a for a in self.router.snapshot(now_ms(), limit=0)["agents"]}
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

    def snapshot(self, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
        """The router's view; a page of the waiting list holds at most ``WAITING_PAGE``
        rows whatever ``limit`` asks (``get_queues``, ``get_floor``: clients page on)."""
        if limit is not None:
            limit = min(limit, WAITING_PAGE)
        return self.router.snapshot(now_ms(), limit, offset)

    # -------------------------------------------------------------- the loop

    async def _loop(self) -> None:
        # `_closing` ends the loop even if a cancel is swallowed by a kick arriving at the
        # same moment (asyncio.wait_for in 3.11 can do that).
        while not self._closing:
            wake = self.router.next_wakeup_ms() if self.leading else None
            timeout = None if wake is None else max(0.0, (wake - now_ms()) / 1000)
            if self._undelivered and (timeout is None or timeout > DELIVERY_POLL_S):
                timeout = DELIVERY_POLL_S  # look again whether the offers went out
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
            if not self.leading:
                continue  # a follower: the leader's decisions come in as events
            self._check_delivery(now_ms())
            actions = self.router.tick(now_ms())
            if actions:
                await self._record(actions)

    def _check_delivery(self, now: int) -> None:
        """Tell the router which offers have been written to their agent's console: an
        offer stuck behind a busy loop or a full socket is not the agent's to miss."""
        elsewhere = self.server.cluster is not None
        for conv, (agent, seq) in list(self._undelivered.items()):
            if self.router.offered_to(conv) != agent:
                del self._undelivered[conv]  # accepted, declined, withdrawn or expired
            elif any(s.conn.taken_seq >= seq for s in self._consoles.get(agent, ())) or (
                # a console on another server: this one cannot see its socket; the offer
                # went out with the commit (their server publishes it within milliseconds)
                elsewhere and not self._consoles.get(agent)
            ):
                self.router.offer_delivered(conv, agent, now)
                del self._undelivered[conv]

    async def _record(self, actions: Iterable[Action]) -> None:
        """Write a tick's decisions together: submitted at once, the writer commits them in
        one transaction (each still refused alone). An offer that could not be written is
        taken back so the router never holds what the store does not."""
        store = self.server.store
        submitted = [(action, store.submit(self._command(action))) for action in actions]
        self.commits += 1
        results = await asyncio.gather(*(f for _, f in submitted), return_exceptions=True)
        for (action, _), result in zip(submitted, results, strict=True):
            if not isinstance(result, BaseException):
                continue
            if isinstance(action, Offer):
                self.router.offer_failed(action.conversation_id, action.agent_id)
                self.kick()
            if isinstance(result, OpError):
                log.info("routing action %s not recorded: %s", action, result.message)
            else:
                log.error("routing action %s failed: %r", action, result)

    def _command(self, action: Action) -> c.Command:
        if isinstance(action, Offer):
            return c.RecordOffer(
                conversation=action.conversation_id,
                actor=ROUTER,
                payload={
                    "agent": action.agent_id,
                    "agent_name": self.names.get(action.agent_id),
                    "reason": action.reason,
                    "reason_code": action.reason_code,
                    "tier": action.tier,
                    "priority": action.priority,
                },
                timeout_ms=self.router.policy.offer_timeout_ms,
                lease_pid=self._lease_pid(),
            )
        if isinstance(action, OfferExpired):
            expired = ev.ConversationOfferExpired(
                agent=action.agent_id, reason=action.reason, reason_code=action.reason_code
            )
            return c.RecordEvent(
                kind=Kind.CONVERSATION_OFFER_EXPIRED,
                conversation=action.conversation_id,
                actor=ROUTER,
                payload=ev.to_dict(expired),
                lease_pid=self._lease_pid(),
            )
        if isinstance(action, Requeued):
            return c.Assign(
                conversation=action.conversation_id,
                agent_id=None,
                actor=ROUTER,
                kind=Kind.CONVERSATION_REQUEUED,
                payload={
                    "reason": action.reason,
                    "reason_code": action.reason_code,
                    "from_agent": action.from_agent_id,
                },
                lease_pid=self._lease_pid(),
            )
        if isinstance(action, AgentBreak):
            state, reason = "break", action.state_reason
        elif isinstance(action, AgentOffline):
            state, reason = "offline", action.reason
        else:
            assert isinstance(action, WrapupEnded)
            state, reason = "available", action.reason
        return c.SetAgentState(
            agent_id=action.agent_id,
            agent_name=self.names.get(action.agent_id, "?"),
            state=state,
            reason=reason,
            reason_code=action.reason_code,
            actor=ROUTER,
            lease_pid=self._lease_pid(),
        )
