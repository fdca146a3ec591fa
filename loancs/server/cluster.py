"""Several servers on one database (issue 16): the event feed from the log and the
routing lease.

**The feed.** Each server publishes committed events to its hub (consoles, gateways,
routing, the assistant ...) strictly in seq order, once each, whichever server committed
them. The log is the source: ``LogFollower`` keeps the seq it has published up to and
reads ``store.events_after(published)`` when woken: by a notification from the database
(PostgreSQL's LISTEN/NOTIFY, store/backends/pg_cluster.py), by this server's own commit, or
by a short poll while the feed is quiet (while it publishes, the next event from any
server shows the gap a missed notification left), so a missed notification costs at most
two poll intervals. Appends are
serialized by the database (one writer at a time per batch), so the log never has a gap
that fills in later: what ``events_after`` returns is final.

Events another server's notifications brought go out soon after they are published:
when several notifications wait (a burst, or this server was busy), the feed lets the loop
write what it published to the consoles (``Hub.publish`` hands the writes to the next turn
of the loop) every ``FEED_SLICE_S`` of decoding, so the first events of a burst do not wait
for the last ones' (one write per console per slice, not per notification). How long this
server took from a notification's arrival to its events' publish is ``on_heard``'s
(``/metrics``: ``loancs_feed_seconds``).

This server's own commits take a shortcut: when a batch starts right after what was
published (nobody else committed in between, the usual case), it is published at once, as a
single server does, before its acks; when another server's events came between, only those
are read from the log, and this batch follows them from memory (its acks then go out before
its events; the events still arrive in seq order).

A single server on SQLite does not use any of this: the writer's commits are published
directly, as before.

**The lease.** Decisions nobody asked for (routing's offers and timers, the assistant's
answers, CSAT requests) are taken by one server at a time, the one holding the lease (a
session advisory lock on PostgreSQL). The others fold the same committed events, so their
handlers can ask routing questions, and take over when the holder's connection is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

from loancs.core.ratelimit import TokenBucket
from loancs.store.writer import StoredEvent

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.store.backends.pg_cluster import Notifications, Presence

log = logging.getLogger("loancs.cluster")

FEED_PAGE = 500  # events read from the log at a time
POLL_S = 0.5  # a missed notification is caught up within this
FEED_SLICE_S = 0.001  # decoding at most this long before what was published is written


Fetch = Callable[[str, tuple], Awaitable[list[Any]]]  # rows of a read: (sql, params)


class EventSource(Protocol):
    async def events_after(
        self, since: int, limit: int = ..., meta: bool = ...
    ) -> list[StoredEvent]: ...

    async def events_of(self, rows: list[Any], fetch: Fetch | None = ...) -> list[StoredEvent]: ...


# A notification that carried events (rows as in store/db.py's events_of).
_decode_rows = msgspec.json.Decoder(list[tuple[int, int, str, int | None, str, Any, Any]]).decode
HEARD_MAX = 1000  # notifications with events kept at most while the log is read instead


class LogFollower:
    """Publishes the log to ``publish`` in seq order, each event once."""

    def __init__(
        self,
        store: EventSource,
        publish: Callable[[list[StoredEvent]], None],
        published: int,
        poll_s: float = POLL_S,
        page: int = FEED_PAGE,
        own_pid: Callable[[], int | None] = lambda: None,
        read: Callable[[int, int], Awaitable[list[StoredEvent]]] | None = None,
        fetch: Fetch | None = None,
        on_heard: Callable[[float], None] | None = None,
        slice_s: float = FEED_SLICE_S,
    ):
        self.store = store
        # How a page of the log is read (default: the store's read pool), and the keys to
        # unseal what notifications brought (default: the read pool too).
        self.read = read or (lambda since, limit: store.events_after(since, limit, meta=True))
        self.fetch = fetch
        self.own_pid = own_pid  # the database session of this server's writer, if known
        self.publish = publish
        self.published = published  # every event up to this seq has been published
        self.poll_s = poll_s
        self.page = page
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # own batches committed after another server's events not published yet: seq of
        # their first event -> the batch (published as soon as the gap is read)
        self._stash: dict[int, list[StoredEvent]] = {}
        self.stopped = False  # ends the loop even if a cancel is lost (3.11 timeouts)
        self.reads = 0  # pages read from the log (for tests)
        self.shortcuts = 0  # own batches published without a read
        # Other servers' events that came with their notifications, not published yet
        # (each a run of consecutive seqs, with when it arrived), the highest seq any
        # notification announced, and whether something may have been missed (a
        # reconnect): then the log is read.
        self._heard: list[tuple[float, list[tuple]]] = []
        self.on_heard = on_heard  # seconds from a notification's arrival to its publish
        self.slice_s = slice_s
        self._announced = published
        self._look = False
        self.heard = 0  # notifications whose events were published without a read

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def close(self) -> None:
        self.stopped = True
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=5)
            self._task = None

    # -------------------------------------------------------------- inputs

    def notified(self, seq: int, pid: int | None = None) -> None:
        """The database says events up to ``seq`` are committed (from any server); 0: it
        may have said something we missed (the listener reconnected), look now. ``pid``:
        the database session that committed them; this server's own writer's commits are
        published by ``committed`` (the notification usually comes first: reading them
        back from the log would cost a read and their decoding; should that answer never
        come, the poll reads them)."""
        if pid is not None and pid == self.own_pid():
            return
        if seq == 0:
            self._look = True
            self._wake.set()
        elif seq > self.published:
            self._announced = max(self._announced, seq)
            self._wake.set()

    def events(self, payload: str, pid: int | None = None) -> None:
        """A notification that carried another server's committed events (JSON rows, as
        backends/pg.py's ``feed_notifications`` writes them): published from it when they
        follow what was published, without reading the log (which fills any gap)."""
        if pid is not None and pid == self.own_pid():
            return
        try:
            rows = _decode_rows(payload)
        except msgspec.DecodeError:
            log.warning("a notification with events could not be read; reading the log")
            self.notified(0)
            return
        if not rows or rows[-1][0] <= self.published:
            return
        if len(self._heard) >= HEARD_MAX:  # not taken for long: the log has them all
            self._heard.clear()
        self._heard.append((time.perf_counter(), rows))
        self._announced = max(self._announced, rows[-1][0])
        self._wake.set()

    def committed(self, events: list[StoredEvent]) -> None:
        """This server's writer committed ``events`` (on the loop, before their acks)."""
        if not events:
            return
        last = events[-1].seq
        if last <= self.published:
            return  # already read from the log
        if events[0].seq == self.published + 1:
            self.published = last
            self.shortcuts += 1
            self._publish(events)
            self._drain()
            return
        # Someone else's events come first: read those from the log, then publish these.
        self._stash[events[0].seq] = events
        self.notified(last)

    def _drain(self) -> None:
        """Publish the stashed own batches that now follow what was published."""
        while self._stash:
            first = min(self._stash)
            if first > self.published + 1:
                return
            fresh = [e for e in self._stash.pop(first) if e.seq > self.published]
            if fresh:
                self.published = fresh[-1].seq
                self.shortcuts += 1
                self._publish(fresh)

    # -------------------------------------------------------------- catching up

    async def catch_up(self, target: int | None = None) -> None:
        """Publish everything committed up to ``target`` (default: the log's head now)."""
        while True:
            self._drain()
            # Read only up to this server's next own batch (it is in memory already).
            limit = self.page
            if self._stash:
                limit = max(1, min(limit, min(self._stash) - self.published - 1))
            page = await self.read(self.published, limit)
            self.reads += 1
            fresh = [e for e in page if e.seq > self.published]  # published meanwhile
            if fresh:
                self.published = fresh[-1].seq
                self._publish(fresh)
            self._drain()
            if target is not None and self.published >= target:
                return
            if len(page) < limit and (not self._stash or not page):
                return

    def _publish(self, events: list[StoredEvent]) -> None:
        try:
            self.publish(events)
        except Exception:  # one bad listener must not stop the feed
            log.exception("publishing events %d-%d failed", events[0].seq, events[-1].seq)

    async def _take_heard(self) -> None:
        """Publish the events notifications brought that follow what was published; when
        more wait after ``slice_s`` of this, the loop writes what was published (one turn)
        before the next are decoded."""
        started = time.perf_counter()
        while self._heard:
            self._drain()
            arrived, rows = self._heard[0]
            if rows[-1][0] <= self.published:
                self._heard.pop(0)
                continue
            if rows[0][0] > self.published + 1:
                return  # a gap (a notification with a seq alone, or missed): read the log
            self._heard.pop(0)
            events = await self.store.events_of(rows, self.fetch)
            fresh = [e for e in events if e.seq > self.published]  # published meanwhile
            if fresh:
                self.published = fresh[-1].seq
                self.heard += 1
                self._publish(fresh)
                now = time.perf_counter()
                if self.on_heard is not None:
                    self.on_heard(now - arrived)
                if self._heard and now - started >= self.slice_s:
                    await asyncio.sleep(0)
                    started = time.perf_counter()
        self._drain()

    async def _run(self) -> None:
        polled_at = self.published  # what was published at the last poll
        while not self.stopped:
            polled = True
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_s):
                    await self._wake.wait()
                    polled = False
            self._wake.clear()
            if polled:
                # The poll is for a quiet feed: while events are published, the next one
                # from any server shows a gap a missed notification left (and the log is
                # read then). Read now, the feed busy, it would mostly read back this
                # server's own batch on its way from the writer (~9 % of the events).
                polled, polled_at = self.published == polled_at, self.published
            try:
                await self._take_heard()
                if not (polled or self._look or self._announced > self.published):
                    continue  # every announced event came with its notification
                self._look = False
                await self.catch_up()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database is away: try again on the next wake or poll
                log.warning("reading the log after seq %d failed", self.published, exc_info=True)


def log_fetch(store: Any, listener: Callable[[], Notifications | None]) -> Fetch:
    """How the feed reads (a page of the log, the keys of customers whose keys are not
    cached, every ``KEY_CACHE_S`` each): on PostgreSQL over the LISTEN connection, which
    lives on the server's loop (no hop to a read thread and back, whose hand-overs of the
    interpreter lock cost milliseconds on a busy server, while the feed waits); over the
    read pool while that connection is down."""

    async def fetch(sql: str, params: tuple) -> list[Any]:
        notifications = listener()
        if notifications is not None and notifications.connected:
            try:
                return await notifications.fetch(sql, params)
            except Exception as exc:  # the connection went: the pool reads it
                log.info("reading on the listening connection failed: %s", exc)
        rows: list[Any] = await store.fetchall(sql, params)
        return rows

    return fetch


def log_reader(store: Any, fetch: Fetch) -> Callable[[int, int], Awaitable[list[StoredEvent]]]:
    """How the feed reads a page of the log (with ``log_fetch``)."""

    async def read(since: int, limit: int) -> list[StoredEvent]:
        events: list[StoredEvent] = await store.events_after(since, limit, meta=True, fetch=fetch)
        return events

    return read


class Lease(Protocol):
    """Who takes the decisions nobody asked for. ``held`` is True only while it is ours;
    ``run(on_gained, on_lost)`` keeps trying to take it and reports changes."""

    held: bool
    tried: asyncio.Event  # set once the first attempt to take it is over
    stopped: bool  # set by the owner before cancelling run

    async def run(
        self, on_gained: Callable[[], Awaitable[None]], on_lost: Callable[[], None]
    ) -> None: ...

    async def close(self) -> None: ...


class FixedLease:
    """A lease decided by configuration (a single server holds it; tests on SQLite give it
    to one of two servers)."""

    def __init__(self, held: bool):
        self.held = held
        self.tried = asyncio.Event()
        self.stopped = False

    async def run(
        self, on_gained: Callable[[], Awaitable[None]], on_lost: Callable[[], None]
    ) -> None:
        if self.held:
            await on_gained()
        self.tried.set()

    async def close(self) -> None:
        return None


class Cluster:
    """This server's part in a group of servers on one database: the feed and the lease."""

    def __init__(self, server: ServerContext, lease: Lease, dsn: str | None = None):
        self.server = server
        self.lease = lease
        fetch = log_fetch(server.store, lambda: self.notifications)
        self.follower = LogFollower(
            server.store,
            server.hub.publish,
            server.hub.last_seq,
            server.config.feed_poll_s,
            own_pid=lambda: getattr(server.store.writer, "backend_pid", None),
            read=log_reader(server.store, fetch),
            fetch=fetch,
            on_heard=server.metrics.feed.observe,
        )
        self.notifications: Notifications | None = None
        # Which consoles and identities each server has (PostgreSQL only: on SQLite the
        # leader counts consoles it has not heard of as connected).
        self.presence: Presence | None = None
        if dsn is not None:
            from loancs.store.backends.pg_cluster import Notifications, Presence

            self.notifications = Notifications(
                dsn, self.follower.notified, on_events=self.follower.events
            )
            self.presence = Presence(dsn)
            self.rates: SharedRates | None = SharedRates(self.presence)
        else:
            self.rates = None
        self._tasks: list[asyncio.Task[None]] = []

    @classmethod
    def build(cls, server: ServerContext) -> Cluster | None:
        """None for a single server on SQLite (its commits are published directly). On
        PostgreSQL another server may join at any time: always a member, the lease an
        advisory lock, new events announced by NOTIFY."""
        dsn: str | None = getattr(server.store, "dsn", None)
        if dsn is not None:
            from loancs.store.backends.pg_cluster import AdvisoryLease

            return cls(server, AdvisoryLease(dsn), dsn)
        if not cls.needed(server):
            return None
        return cls(server, FixedLease(server.config.leader))

    @staticmethod
    def needed(server: ServerContext) -> bool:
        """Whether ``build`` makes one: other servers may write to this database."""
        return getattr(server.store, "dsn", None) is not None or bool(server.config.cluster)

    async def start(self) -> None:
        """After the services: from now on the log feeds the hub, and the lease is sought."""
        if self.notifications is not None:
            self._tasks.append(asyncio.create_task(self.notifications.run()))
        if self.presence is not None:
            self._tasks.append(asyncio.create_task(self.presence.run()))
        if self.rates is not None:
            self._tasks.append(asyncio.create_task(self.rates.run()))
        self.follower.start()
        routing = self.server.services.routing
        self._tasks.append(asyncio.create_task(self.lease.run(routing.lead, routing.follow)))
        # Listen only once it is known whether this server leads: a message arriving
        # before would find nobody to answer it (the assistant acts on the leader).
        # Likewise only once the presence locks are held, so the leader sees this server's
        # first consoles as connected.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await self.lease.tried.wait()
                if self.presence is not None:
                    await self.presence.ready.wait()

    async def close(self) -> None:
        """Stop following and give the lease up; never waits more than a few seconds (a
        task that does not end is left behind rather than holding the server's stop)."""
        self.follower.stopped = self.lease.stopped = True
        for part in (self.notifications, self.presence, self.rates):
            if part is not None:
                part.stopped = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)
        self._tasks = []
        await self.lease.close()
        await self.follower.close()


class SharedRates:
    """Per-identity rate limits across servers. A gateway's or a staff member's frames are
    limited per identity (all its connections share one token bucket); with several servers
    its connections may land on several. Each server holds a presence lock per identity it
    has a session of, and every ``interval`` gives its bucket 1/k of the allowance (rate and
    burst), k the number of servers the identity is on now: together they allow what one
    server would. Web-chat visitors are left out (thousands of identities, 2 frames/s each:
    per server is enough; the per-address limits hold per server too)."""

    def __init__(self, presence: Presence, interval: float = 1.0):
        self.presence = presence
        self.interval = interval
        self.base: dict[str, tuple[float, float]] = {}
        self.buckets: dict[str, TokenBucket] = {}
        self.servers: dict[str, int] = {}  # identity -> servers it was on at the last look
        self.stopped = False

    def add(self, identity: str, bucket: TokenBucket) -> None:
        if identity.startswith("customer:") or identity in self.buckets:
            return
        from loancs.store.backends.pg_cluster import identity_key

        self.base[identity] = (bucket.rate, bucket.burst)
        self.buckets[identity] = bucket
        self.presence.hold("identity", identity_key(identity))

    def remove(self, identity: str) -> None:
        if self.buckets.pop(identity, None) is None:
            return
        from loancs.store.backends.pg_cluster import identity_key

        del self.base[identity]
        self.servers.pop(identity, None)
        self.presence.release("identity", identity_key(identity))

    async def share(self) -> None:
        from loancs.store.backends.pg_cluster import identity_key

        counts = await self.presence.holders("identity")
        if counts is None:
            return  # the database is away: keep the last split
        for identity, bucket in self.buckets.items():
            servers = max(1, counts.get(identity_key(identity), 1))
            rate, burst = self.base[identity]
            bucket.rate, bucket.burst = rate / servers, burst / servers
            bucket.tokens = min(bucket.tokens, bucket.burst)
            self.servers[identity] = servers

    async def run(self) -> None:
        while not self.stopped:
            await asyncio.sleep(self.interval)
            try:
                await self.share()
            except Exception:
                log.warning("sharing rate limits failed", exc_info=True)
