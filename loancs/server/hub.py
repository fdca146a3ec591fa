"""Fan-out of committed events to subscribers, in seq order, through bounded
per-client queues: one slow client overflows its own queue (and is told to resync)
instead of stalling the writer or anyone else.

Subscribers are indexed by what they may see (supervisors; agents by id and by queue;
gateways by channel kind; a web-chat visitor by conversation), so an event costs a few
lookups plus one step per recipient, however many consoles are connected. Who may see
what is decided in one place, ``core.visibility.audience``; the index only looks it up.

An agent's console of protocol 2 is not sent the events of conversations waiting in its
queues (a burst of new work would be thousands of frames to every skilled agent): it gets
a ``waiting`` summary (services/waiting.py) and follows live only what is its own, what it
is offered now (``offered``, kept from the offer events) and the few waiting conversations
it opened (``watch``).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from loancs.core.convmeta import ConvMeta, facts_of_meta
from loancs.core.events import Kind
from loancs.core.privacy import masked_for_agents
from loancs.core.protocol import Event, encode_bytes
from loancs.core.visibility import MANAGERS, Audience, Viewer, audience
from loancs.server.meta import MetaCache
from loancs.store.writer import StoredEvent

# Kinds looked at for every event, as plain strings (an enum member lookup costs ~0.2 µs on 3.11).
_STAGE = str(Kind.APPLICATION_STAGE)
_OFFERED = str(Kind.CONVERSATION_OFFERED)
_OFFER_GONE = frozenset({str(Kind.CONVERSATION_OFFER_EXPIRED), str(Kind.CONVERSATION_DECLINED)})

log = logging.getLogger("loancs.hub")

# Consoles' writes paced while commits are large (_Flush): a commit of PACE_BATCH events or
# more turns pacing on (the writer is busy: a console is given events commit after commit),
# a smaller one off (a quiet minute's events go out at once, as they come).
PACE_BATCH = 32
PACE_S = 0.025


class Outbox:
    """A connection's frames waiting for its sender, in order: ("frame", json), ("event",
    json, seq), ("close", code, reason) or ["framed", buffer, count] (a client's acks of a
    turn of the loop, already framed: session.py ``OutItem``). A deque with one waiter (the sender): a put costs
    an append, and a wake-up only when the sender sleeps on an empty outbox (asyncio.Queue's
    bookkeeping was ~8% of the server's CPU per message with 200 agents).

    With ``write_now`` (the connection's), an outbox whose sender sleeps is not woken for
    what is put in it: one callback per turn of the loop writes every such outbox at once
    (a commit's events reach 200 consoles with one callback, not 200 task wake-ups); the
    sender is woken only when ``write_now`` leaves something to it (a close, flow control)."""

    __slots__ = ("_items", "_waiter", "_loop", "_flush", "_due", "_held", "write_now")

    def __init__(self, write_now: Callable[[], bool] | None = None) -> None:
        self._items: deque[Any] = deque()  # (session.py OutItem)
        self._waiter: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the sender's, once it waited
        self._flush: _Flush | None = None
        self._due = False  # in the flush of this turn of the loop
        self._held = False  # in the flush's held ones (written when its window ends)
        self.write_now = write_now

    def put_nowait(self, item: tuple[Any, ...]) -> None:
        self._items.append(item)
        waiter = self._waiter
        if waiter is not None:
            flush = self._flush
            if flush is not None:
                if not self._due:
                    self._due = True
                    flush.add(self)
                return
            self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)

    def get_nowait(self) -> tuple[Any, ...]:
        return self._items.popleft()  # IndexError when empty

    async def get(self) -> tuple[Any, ...]:
        while not self._items:
            loop = self._loop
            if loop is None:  # asked once: get_running_loop is a getpid() call on 3.11
                loop = self._loop = asyncio.get_running_loop()
                if self.write_now is not None:
                    self._flush = _Flush.of(loop)
            waiter = loop.create_future()
            self._waiter = waiter
            try:
                await waiter
            finally:
                if self._waiter is waiter:
                    self._waiter = None
        return self._items.popleft()

    def empty(self) -> bool:
        return not self._items

    def waiting(self) -> deque[tuple[Any, ...]]:
        """The items still queued, oldest first (the sender pops what it takes)."""
        return self._items

    def qsize(self) -> int:
        return len(self._items)


class _Flush:
    """One loop's outboxes whose sleeping sender was given something this turn of the loop:
    written together from one callback (Outbox.write_now)."""

    __slots__ = ("_loop", "_due", "_recent", "_held", "_timer", "__weakref__")
    _of: ClassVar[weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Flush]] = (
        weakref.WeakKeyDictionary()
    )
    # Set by Hub.publish for every commit (a process serves one loop; a class attribute is
    # read where an instance's would be, without handing the hub the loop's flush).
    pacing: ClassVar[bool] = False

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._due: list[Outbox] = []
        # Pacing (Hub.publish turns it on for a large commit, off for a small one): a
        # subscriber's outbox written in the current window of PACE_S is not written again
        # for its next events until the window ends; they wait in ``_held`` and go out then,
        # in one write with whatever else came for it meanwhile (a console given an event in
        # every commit of a busy minute: one socket write, and one wake-up of its reader, per
        # window instead of per commit). Anything else put in a held outbox (an ack, a
        # close) makes it due at once, events and all.
        self._recent: set[Outbox] = set()  # outboxes written in this window (while pacing)
        self._held: list[Outbox] = []
        self._timer: asyncio.TimerHandle | None = None

    def hold(self, outbox: Outbox) -> None:
        """Write ``outbox`` when the current window ends (Subscriber.offer, while pacing)."""
        outbox._held = True
        self._held.append(outbox)

    def _window_ends(self) -> None:
        self._timer = None
        self._recent.clear()
        held, self._held = self._held, []
        due = self._due
        for outbox in held:
            outbox._held = False
            if outbox._items and not outbox._due:
                outbox._due = True
                due.append(outbox)
        if due:
            self._run()

    @classmethod
    def of(cls, loop: asyncio.AbstractEventLoop) -> _Flush:
        found = cls._of.get(loop)
        if found is None:
            found = cls._of[loop] = cls(loop)
        return found

    def add(self, outbox: Outbox) -> None:
        if not self._due:
            self._loop.call_soon(self._run)
        self._due.append(outbox)

    def _run(self) -> None:
        due, self._due = self._due, []
        recent = self._recent if self.pacing or self._timer is not None else None
        for outbox in due:
            outbox._due = False
            waiter = outbox._waiter
            if waiter is None or waiter.done() or not outbox._items:
                continue  # its sender is awake and takes what waits itself
            write_now = outbox.write_now
            assert write_now is not None
            try:
                done = write_now()
            except Exception:
                log.exception("writing to a connection failed; its sender takes over")
                done = False
            if not done and outbox._items:
                outbox._wake()
            elif recent is not None:
                recent.add(outbox)
        if recent and self._timer is None:
            self._timer = self._loop.call_later(PACE_S, self._window_ends)


class Subscriber:
    """One connection's event stream. ``offer`` puts a frame on the connection's outbox.

    Its backlog is what it has been given and not yet read: events in the outbox (count
    and bytes) plus, as measured by the connection's sender after each write, the bytes in
    the socket's buffers. Past ``limit`` events or ``backlog_limit`` bytes it overflows and
    the client is told to resync."""

    __slots__ = (
        "viewer",
        "outbox",
        "limit",
        "backlog_limit",
        "on_overflow",
        "last_seq",
        "replaying",
        "buffer",
        "overflowed",
        "queued",
        "queued_bytes",
        "socket_bytes",
        "measure",
        "watching",
        "summary",
    )

    def __init__(
        self,
        viewer: Viewer,
        outbox: Outbox,
        limit: int,
        on_overflow: Callable[[Subscriber], None],
        backlog_limit: int = 0,
        measure: Callable[[], int] | None = None,
        watching: list[int] | None = None,
    ):
        self.viewer = viewer
        self.outbox = outbox
        self.limit = limit
        self.backlog_limit = backlog_limit  # bytes; 0: count events only
        self.on_overflow = on_overflow
        self.last_seq = 0
        self.replaying = True
        self.buffer: list[tuple[int, bytes]] = []
        self.overflowed = False
        self.queued = 0  # events sitting in the outbox
        self.queued_bytes = 0  # their size
        # Written but not yet taken by the client: as last measured, plus what the sender
        # wrote since (an upper bound; Connection.sender asks the socket when it matters).
        # A new subscriber on a connection that was told to resync starts from a measure.
        self.socket_bytes = 0 if measure is None else measure()
        self.measure = measure  # asks the socket how much it holds now
        # Waiting conversations this (protocol 2) agent opened, oldest first: followed live
        # while they wait. The connection's own list, so it outlives a resync.
        self.watching: list[int] = [] if watching is None else watching
        self.summary: Any = None  # the waiting summary last sent (services/waiting.py)

    def offer(self, seq: int, frame: bytes) -> None:
        if self.overflowed:
            return
        if self.replaying:
            self.buffer.append((seq, frame))
            if len(self.buffer) > self.limit:
                self._overflow()
            return
        if seq <= self.last_seq:
            return
        if self.queued >= self.limit or (
            self.backlog_limit
            and self.queued_bytes + self.socket_bytes > self.backlog_limit
            and self._behind()
        ):
            self._overflow()
            return
        self.last_seq = seq
        self.queued += 1  # as put(), inline: once per event and recipient
        self.queued_bytes += len(frame)
        # the outbox's put_nowait, inline (~1k instructions less a delivery)
        outbox = self.outbox
        outbox._items.append(("event", frame, seq))
        if outbox._waiter is not None:
            flush = outbox._flush
            if flush is None:
                outbox._wake()
            elif not outbox._due:
                if flush.pacing and outbox in flush._recent:
                    if not outbox._held:
                        flush.hold(outbox)  # (written when the window ends)
                    return
                outbox._due = True
                due = flush._due  # (flush.add, inline)
                if not due:
                    flush._loop.call_soon(flush._run)
                due.append(outbox)

    def put(self, frame: bytes, seq: int) -> None:
        self.queued += 1
        self.queued_bytes += len(frame)
        self.outbox.put_nowait(("event", frame, seq))

    def _behind(self) -> bool:
        """Still behind when asked now? (The last measure may be from before the client read.)"""
        if self.measure is not None:
            self.socket_bytes = self.measure()
        return self.queued_bytes + self.socket_bytes > self.backlog_limit

    def taken(self, events: int, size: int) -> None:
        """The sender took these events out of the outbox to write them."""
        self.queued -= events
        self.queued_bytes -= size

    def check_backlog(self, socket_bytes: int) -> None:
        """After a write: the socket still holds ``socket_bytes`` the client has not taken."""
        self.socket_bytes = socket_bytes
        if self.replaying:
            return  # a replay paces itself by the same measure (ServerContext._replay)
        if self.backlog_limit and socket_bytes + self.queued_bytes > self.backlog_limit:
            self._overflow()

    def _overflow(self) -> None:
        self.overflowed = True
        self.buffer.clear()
        self.on_overflow(self)

    def finish_replay(self, replayed_to: int) -> None:
        self.last_seq = max(self.last_seq, replayed_to)
        self.replaying = False
        pending, self.buffer = self.buffer, []
        for seq, frame in pending:
            self.offer(seq, frame)


WATCH_MAX = 8  # waiting conversations an agent's console follows at once (the last opened)


class Hub:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        # Every unresolved conversation and the recently touched resolved ones (meta.py);
        # handlers load any other from the store (handlers/common.conversation_meta).
        self.meta = MetaCache()
        self.last_seq = 0
        self.listeners: list[Callable[[list[StoredEvent]], None]] = []
        # The index: who is subscribed, by what they may see.
        self._managers: set[Subscriber] = set()
        self._agents: set[Subscriber] = set()  # every agent (staff notices)
        self._live_agents: set[Subscriber] = set()  # agents that follow waiting work live
        self.summarized: set[Subscriber] = set()  # agents sent a waiting summary instead
        self._by_agent: dict[int, set[Subscriber]] = {}
        self._by_queue: dict[str, set[Subscriber]] = {}  # live-following agents only
        self._by_channel: dict[str, set[Subscriber]] = {}
        self._by_conversation: dict[int, set[Subscriber]] = {}
        self._watchers: dict[int, set[Subscriber]] = {}  # conversation -> who opened it
        # conversation -> the agent it is offered to now (from the committed offer events)
        self.offered: dict[int, int] = {}
        # kind -> conversation -> (its facts as held, its recipients: agents, the others),
        # for events whose audience is its facts' alone (not waiting, naming nobody): a
        # conversation's second message is fanned out without asking ``audience`` and
        # building a set again. Forgotten whenever a subscriber comes or goes (add, discard).
        self._routes: dict[str, dict[int, _Route]] = {}

    # -------------------------------------------------------------- subscribers

    def add(self, sub: Subscriber) -> None:
        self._routes.clear()
        self.subscribers.add(sub)
        for bucket in self._buckets(sub.viewer, create=True):
            bucket.add(sub)
        for conversation in sub.watching:
            self._watchers.setdefault(conversation, set()).add(sub)

    def discard(self, sub: Subscriber) -> None:
        if sub not in self.subscribers:
            return
        self._routes.clear()
        self.subscribers.discard(sub)
        for bucket in self._buckets(sub.viewer, create=False):
            bucket.discard(sub)
        self._prune(sub.viewer)
        for conversation in sub.watching:
            self._watchers.get(conversation, set()).discard(sub)
            _drop_empty(self._watchers, conversation)

    def watch(self, sub: Subscriber | None, conversation: int) -> None:
        """An agent's console (protocol 2) opened a conversation waiting in its queues: send
        it that conversation's events while it waits (the last ``WATCH_MAX`` opened)."""
        if sub is None or sub.viewer.role != "agent" or sub.viewer.waiting_live:
            return
        watching = sub.watching
        if conversation in watching:
            watching.remove(conversation)
            watching.append(conversation)
            return
        watching.append(conversation)
        subscribed = sub in self.subscribers
        if subscribed:
            self._watchers.setdefault(conversation, set()).add(sub)
        while len(watching) > WATCH_MAX:
            gone = watching.pop(0)
            if subscribed:
                self._watchers.get(gone, set()).discard(sub)
                _drop_empty(self._watchers, gone)

    def move(self, sub: Subscriber, viewer: Viewer) -> None:
        """The subscriber's viewer changed (a visitor's first message opened a conversation)."""
        subscribed = sub in self.subscribers
        if subscribed:
            self.discard(sub)
        sub.viewer = viewer
        if subscribed:
            self.add(sub)

    def _buckets(self, viewer: Viewer, create: bool) -> list[set[Subscriber]]:
        def get(index: dict[Any, set[Subscriber]], key: Any) -> set[Subscriber]:
            if create:
                return index.setdefault(key, set())
            return index.get(key, set())

        role = viewer.role
        if role in MANAGERS:
            return [self._managers]
        if role == "customer":
            return (
                []
                if viewer.conversation is None
                else [get(self._by_conversation, viewer.conversation)]
            )
        if role == "channel":
            return (
                [] if viewer.channel_kind is None else [get(self._by_channel, viewer.channel_kind)]
            )
        buckets = [self._agents]
        if viewer.agent_id is not None:
            buckets.append(get(self._by_agent, viewer.agent_id))
        if not viewer.waiting_live:
            buckets.append(self.summarized)
            return buckets
        buckets.append(self._live_agents)
        buckets.extend(get(self._by_queue, q) for q in viewer.queues)
        return buckets

    def _prune(self, viewer: Viewer) -> None:
        """Forget the keys nobody is subscribed under any more."""
        if viewer.conversation is not None:
            _drop_empty(self._by_conversation, viewer.conversation)
        if viewer.channel_kind is not None:
            _drop_empty(self._by_channel, viewer.channel_kind)
        if viewer.agent_id is not None:
            _drop_empty(self._by_agent, viewer.agent_id)
        if viewer.waiting_live:
            for q in viewer.queues:
                _drop_empty(self._by_queue, q)

    def recipients(self, event: StoredEvent) -> Iterable[Subscriber]:
        """Everyone subscribed who may see ``event``: looked up, not searched for."""
        if event.conversation is None and event.kind == _STAGE:
            return self._stage_recipients(event)
        conversation = event.conversation
        meta = None if conversation is None else self.meta.get(conversation)
        return self._found(
            audience(event.kind, conversation, meta, _for_audience(event)), conversation
        )

    def _found(self, who: Audience, conversation: int | None) -> set[Subscriber]:
        found = set(self._managers)
        if who.customer is not None:
            found.update(self._by_conversation.get(who.customer, ()))
        if who.channel is not None:
            found.update(self._by_channel.get(who.channel, ()))
        if who.waiting or who.all_agents:
            self._add_agents(found, who, conversation)
        else:  # (most events: the agents it names, its owner among them; as _add_agents)
            by_agent = self._by_agent
            for agent in who.agents:
                found.update(by_agent.get(agent, ()))
        return found

    def _route(self, event: StoredEvent) -> _Route:
        """``event``'s recipients as (facts, agents, the others), remembered for its kind and
        conversation when only the conversation's held facts decide them (the event names no
        agent or typist; the conversation is not waiting: offers, queues and watchers play no
        part). A remembered route is used while the held facts are the same object (a
        ConvMeta is never changed: a change is a new one) and nobody subscribed or left."""
        conversation = event.conversation
        if conversation is None or event.kind == _STAGE:
            return _route_of(None, self.recipients(event))
        held = self.meta.get(conversation)
        named = _for_audience(event)
        who = audience(event.kind, conversation, held, named)
        route = _route_of(held, self._found(who, conversation))
        if (
            held is not None
            and not (who.waiting or who.all_agents)
            and (
                named is _NONE_NAMED
                or (
                    named.get("agent") is None
                    and named.get("from_agent") is None
                    and named.get("who") is None
                )
            )
        ):
            routes = self._routes.get(event.kind)
            if routes is None:
                routes = self._routes[event.kind] = {}
            elif len(routes) >= _ROUTES_KEPT:
                routes.clear()
            routes[conversation] = route
        return route

    def _add_agents(self, found: set[Subscriber], who: Audience, conversation: int | None) -> None:
        if who.all_agents and not who.waiting:
            found.update(self._agents)
            return
        by_agent = self._by_agent
        for agent in who.agents:
            found.update(by_agent.get(agent, ()))
        if not who.waiting:
            return
        if who.all_agents:
            found.update(self._live_agents)
        elif who.queue is not None:
            found.update(self._by_queue.get(who.queue, ()))
        if conversation is None:
            return
        offered = self.offered.get(conversation)
        if offered is not None:
            found.update(by_agent.get(offered, ()))
        watchers = self._watchers.get(conversation)
        if watchers:
            for sub in watchers:
                if who.all_agents or who.queue in sub.viewer.queues:
                    found.add(sub)

    def _stage_recipients(self, event: StoredEvent) -> set[Subscriber]:
        # A stage change reaches the agents who can see one of the customer's conversations
        # (so their customer pane updates live) and whoever sees everything.
        found = set(self._managers)
        for conversation in self._customer_conversations(event.payload):
            self._add_agents(
                found,
                audience(event.kind, conversation, self.meta.get(conversation), {}),
                conversation,
            )
        return found

    def _customer_conversations(self, payload: dict[str, Any]) -> set[int]:
        customer = payload.get("customer")
        return self.meta.conversations_of(customer) if isinstance(customer, int) else set()

    # -------------------------------------------------------------- questions

    def visible(self, viewer: Viewer, event: StoredEvent) -> bool:
        """What a replay sends (by today's facts, as the live stream would now)."""
        if event.conversation is None:
            if viewer.role == "agent" and event.kind == Kind.APPLICATION_STAGE:
                return any(
                    self._admits(viewer, audience(event.kind, c, self.meta.get(c), {}), c)
                    for c in self._customer_conversations(event.payload)
                )
            return audience(event.kind, None, None, event.payload).admits(viewer)
        meta = self.meta.get(event.conversation)
        who = audience(event.kind, event.conversation, meta, event.payload)
        return self._admits(viewer, who, event.conversation)

    def _admits(self, viewer: Viewer, who: Audience, conversation: int) -> bool:
        if who.admits(viewer):
            return True
        # offered to this agent now: followed live whatever the console speaks
        return (
            who.waiting
            and viewer.agent_id is not None
            and (self.offered.get(conversation) == viewer.agent_id)
        )

    # -------------------------------------------------------------- frames

    def frame_for(self, event: StoredEvent, payload: dict[str, Any] | None = None) -> bytes:
        """The event's frame as UTF-8 JSON, encoded once and shared by its recipients (the
        writer child's, as it is, when it made it: StoredEvent.frame)."""
        if payload is None and event.frame is not None:
            return event.frame
        return encode_bytes(
            Event(  # by position (Event's field order): once per event
                event.seq,
                event.ts,
                event.kind,
                event.conversation,
                event.actor,
                event.payload if payload is None else payload,
            )
        )

    def frame_for_viewer(self, viewer: Viewer, event: StoredEvent) -> bytes:
        """Agents get personal numbers in texts masked (full values only through reveal);
        an event the writer found ``plain`` has none (it masked the text already)."""
        if viewer.role == "agent":
            masked = self._agents_payload(event)
            if masked is not None:
                return self.frame_for(event, masked)
        return self.frame_for(event)

    @staticmethod
    def _agents_payload(event: StoredEvent) -> dict[str, Any] | None:
        """The payload agents get when it is not the event's own (something masked)."""
        if event.plain:
            return None
        masked = masked_for_agents(event.payload)
        return None if masked is event.payload else masked

    def load_meta(self, meta: Mapping[int, Mapping[str, Any]] | Iterable[tuple[int, Any]]) -> None:
        """Start from these conversations (oldest activity first: the newest stay held): a
        dict of them or (conversation, facts) pairs (MetaCache.load)."""
        self.meta = MetaCache(self.meta.keep_resolved)
        self.meta.load(meta)

    # -------------------------------------------------------------- fan-out

    def publish(self, events: list[StoredEvent]) -> None:
        offered, cache = self.offered, self.meta
        held_meta, facts = cache.get, facts_of_meta
        for event in events:
            conversation = event.conversation
            meta = event.meta
            if meta is not None and conversation is not None:
                # Most events leave an open conversation's facts as held: compared here, in
                # C, not in a call of the cache's __setitem__ (which does the rest the same).
                # Facts that crossed the writer's pipe as "as sent" are the very object
                # held (ProcessWriter._unfold): the same without comparing.
                held = held_meta(conversation)
                if (
                    held is None
                    or meta.__class__ is not ConvMeta
                    or held.status == "resolved"
                    or (meta is not held and facts(held) != facts(meta))
                ):
                    cache[conversation] = meta
            if event.seq > self.last_seq:
                self.last_seq = event.seq
            if conversation is not None and (offered or event.kind == _OFFERED):
                self._follow_offer(event, conversation)
        for listener in self.listeners:
            try:
                listener(events)
            except Exception:
                log.exception("event listener failed")
        if not self.subscribers:
            return
        _Flush.pacing = len(events) >= PACE_BATCH
        routes, held_payload = self._routes, _held_payload
        for event in events:
            # Who: remembered for this conversation and kind when its facts are as held and
            # the event names nobody (a frame's payload still inside it names nobody).
            route = None
            conversation = event.conversation
            if conversation is not None:
                known = routes.get(event.kind)
                if known is not None:
                    route = known.get(conversation)
                    if route is not None and (
                        route[0] is not held_meta(conversation)
                        or not (
                            (event.frame is not None and held_payload(event) is None)
                            or _names_nobody(event.payload)
                        )
                    ):
                        route = None
            if route is None:
                route = self._route(event)
            # Encoded once for everyone (agents' own frame only when masking changed it);
            # the writer child's frame is sent as it is (frame_for's first answer).
            frame = event.frame
            agents, others = route[1], route[2]
            seq = event.seq
            if agents:
                masked = None if event.plain else self._agents_payload(event)
                if masked is not None:
                    agent_frame = self.frame_for(event, masked)
                else:
                    if frame is None:
                        frame = self.frame_for(event)
                    agent_frame = frame
                for sub in agents:
                    sub.offer(seq, agent_frame)
            if others:
                if frame is None:
                    frame = self.frame_for(event)
                for sub in others:
                    sub.offer(seq, frame)

    def _follow_offer(self, event: StoredEvent, conversation: int) -> None:
        """Keep ``offered`` (conversation -> agent) by the committed events."""
        kind, offered = event.kind, self.offered
        if kind == _OFFERED:
            agent = event.payload.get("agent")
            if type(agent) is int:
                offered[conversation] = agent
            return
        if conversation not in offered:
            return
        if kind in _OFFER_GONE:
            if event.payload.get("agent") == offered[conversation]:
                del offered[conversation]
            return
        meta = event.meta
        if meta is not None and (
            meta.get("assigned") is not None or meta.get("status") == "resolved"
        ):
            del offered[conversation]

    def publish_transient(
        self, conversation: int, kind: str, actor: str, payload: dict[str, Any]
    ) -> None:
        """Typing indicators: not stored, not replayed, seq 0."""
        event = StoredEvent(0, 0, kind, conversation, actor, payload)
        frame = None
        for sub in self.recipients(event):
            if sub.replaying or sub.overflowed or sub.queued >= sub.limit:
                continue
            if frame is None:
                frame = self.frame_for(event)
            sub.put(frame, 0)


# An event's payload field itself (a PipedEvent's ``payload`` decodes it from the frame).
_held_payload = StoredEvent.__dict__["payload"].__get__
_NONE_NAMED: dict[str, Any] = {}  # (only read)


def _for_audience(event: StoredEvent) -> dict[str, Any]:
    """The payload as ``audience`` reads it ("agent", "from_agent", "who"): one still inside
    its frame names none of them (the writer child sends such a payload beside its frame:
    writer_process._typed), so it is not decoded for that."""
    if event.frame is not None and _held_payload(event) is None:
        return _NONE_NAMED
    return event.payload


# (held facts, the agents among the recipients, the others)
_Route = tuple[Any, tuple[Subscriber, ...], tuple[Subscriber, ...]]
_ROUTES_KEPT = 4096  # conversations remembered for one kind (past it: forgotten, started again)


def _route_of(held: Any, found: Iterable[Subscriber]) -> _Route:
    agents: list[Subscriber] = []
    others: list[Subscriber] = []
    for sub in found:
        (agents if sub.viewer.role == "agent" else others).append(sub)
    return held, tuple(agents), tuple(others)


def _names_nobody(payload: dict[str, Any]) -> bool:
    """Does ``audience`` read nothing in this payload (no agent, from_agent or who)?"""
    return (
        payload.get("agent") is None
        and payload.get("from_agent") is None
        and payload.get("who") is None
    )


def _drop_empty(index: dict[Any, set[Subscriber]], key: Any) -> None:
    if key in index and not index[key]:
        del index[key]
