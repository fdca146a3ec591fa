"""What every handler and service sees of the server: its settings, the store, the hub,
the services and the open connections, plus the event stream a session subscribes to.

``LoancsServer`` (app.py) is this plus listening; handlers and services are typed on this
class, so they never import the module that imports them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING

from loancs.core import protocol as p
from loancs.server.config import ServerConfig, writer_mode
from loancs.server.hub import Hub, Subscriber
from loancs.server.metrics import ServerMetrics
from loancs.server.session import Connection, Session
from loancs.store.db import Store
from loancs.store.keys import VisitorTokens

if TYPE_CHECKING:
    from loancs.server.cluster import Cluster
    from loancs.server.services import Services

REPLAY_PAGE = 256  # events read from the log at a time for one replaying client
REPLAY_SLOTS = 4  # replay pages read and decoded at once, over all clients
STALLED_GRACE_S = 300.0  # keepalive timeout of a subscriber told to resync


class ServerContext:
    services: Services  # attached by start(); handlers run only after it

    def __init__(self, config: ServerConfig):
        self.config = config
        # (auto: by the CPUs usable; the server logs which and why at start-up)
        self.writer_mode, self.writer_why = writer_mode(config.writer)
        self.store = Store(config.db_path, config.synchronous, writer=self.writer_mode)
        self.hub = Hub()
        self.connections: set[Connection] = set()
        self.stopping = False
        self.started_at = time.time()
        self.visitor_tokens: VisitorTokens | None = None
        self.metrics = ServerMetrics(self)
        # Several servers on one database (server/cluster.py); None: a single server.
        self.cluster: Cluster | None = None
        self.replay_slots = asyncio.Semaphore(REPLAY_SLOTS)

    @property
    def leads(self) -> bool:
        """Whether this server takes the decisions nobody asked for (routing's offers and
        timers, the assistant's answers, CSAT requests): a single server always does; of
        several on one database, the one holding the lease."""
        return self.cluster is None or self.cluster.lease.held

    @property
    def sessions(self) -> list[Session]:
        return [c.session for c in self.connections if c.session is not None]

    # Shortcuts kept for tests and scripts that reach into a running server.
    @property
    def routing(self):  # noqa: ANN201 - typed on Services
        return self.services.routing

    @property
    def compliance(self):  # noqa: ANN201
        return self.services.compliance

    @property
    def assistant(self):  # noqa: ANN201
        return self.services.assistant

    @property
    def csat(self):  # noqa: ANN201
        return self.services.csat

    @property
    def supervisor_desk(self):  # noqa: ANN201
        return self.services.desk

    # -------------------------------------------------------------- the event stream

    def since_error(self, since: int | None) -> p.ProtocolError | None:
        """``since`` past the newest event would wait forever for a seq that already
        belongs to the past; refuse it and say where the log ends."""
        if since is not None and since > self.hub.last_seq:
            return p.ProtocolError(
                "bad_frame",
                f"`since` {since} is beyond the newest event {self.hub.last_seq};"
                " resume from that or earlier",
                detail={"head": self.hub.last_seq},
            )
        return None

    def subscribe(self, session: Session, since: int | None) -> None:
        conn = session.conn
        if conn.ws.ping_timeout == STALLED_GRACE_S:  # back after a resync
            conn.ws.ping_timeout = self.config.file.limits.keepalive_s
        if conn.subscriber is not None:
            self.hub.discard(conn.subscriber)

        def overflow(sub: Subscriber) -> None:
            self._overflow(conn, sub)

        sub = Subscriber(
            session.viewer,
            conn.outbox,
            self.config.subscriber_queue,
            overflow,
            self.config.subscriber_backlog_bytes,
            conn.backlog_bytes,
            conn.watching,
        )
        conn.subscriber = sub
        self.hub.add(sub)
        start = self.hub.last_seq if since is None else max(0, since)
        sub.last_seq = start
        conn.taken_seq = start
        if since is None or since >= self.hub.last_seq:
            sub.finish_replay(start)
            return
        task = asyncio.create_task(self._replay(conn, sub, start))
        conn.tasks.add(task)
        task.add_done_callback(conn.tasks.discard)

    async def _replay(self, conn: Connection, sub: Subscriber, since: int) -> None:
        """Send what the client missed from the log, then switch it to the live stream."""
        cursor = since
        target = self.hub.last_seq
        # Small pages, and at most about one page waiting in the outbox: 50 clients replaying
        # a year of log hold 50 pages in memory, not 50 logs.
        page = min(REPLAY_PAGE, max(1, sub.limit // 2))
        # In bytes too: at most half of what would count as falling behind waits in the outbox
        # and the socket, so the client is not behind when the live stream takes over.
        budget = sub.backlog_limit // 2
        while cursor < target and not sub.overflowed and not conn.closing:
            # A few pages are read and decoded at a time, whoever asks: fifty consoles that
            # ask for the log at once (and hang up) would otherwise hold fifty decoded pages,
            # and the allocator keeps that peak. What waits for the client is frames only.
            async with self.replay_slots:
                if conn.closing:
                    break
                batch = await self.store.events_after(cursor, page)
                if not batch:
                    break
                frames: list[tuple[int, bytes]] = []
                for event in batch:
                    if event.seq > target:
                        break
                    cursor = event.seq
                    if self.hub.visible(sub.viewer, event):
                        frames.append((event.seq, self.hub.frame_for_viewer(sub.viewer, event)))
                del batch
            for seq, frame in frames:
                sub.put(frame, seq)
                if budget and sub.queued_bytes > budget:
                    await self._replay_drain(conn, sub, page, budget)
            await self._replay_drain(conn, sub, page, budget)
        if not conn.closing:
            sub.finish_replay(target)

    @staticmethod
    async def _replay_drain(conn: Connection, sub: Subscriber, page: int, budget: int) -> None:
        """Wait until the sender has written and the client read enough to go on."""
        while (
            not conn.closing
            and not sub.overflowed
            and (sub.queued > page or (budget and sub.queued_bytes + conn.backlog_bytes() > budget))
        ):
            await asyncio.sleep(0.01)

    def _overflow(self, conn: Connection, sub: Subscriber) -> None:
        if conn.subscriber is not sub:
            return
        self.hub.discard(sub)
        conn.subscriber = None
        # A client that stopped reading cannot answer keepalive pings either: give it time to
        # come back and read `resync` instead of closing it (1011/1006). Its cost is bounded:
        # one write buffer, the outbox holds no events.
        with contextlib.suppress(AttributeError):
            conn.ws.ping_timeout = STALLED_GRACE_S
        # The events still waiting are useless to a client that will resume: drop them so
        # `resync` is the next thing it reads (and memory is given back).
        keep = []
        while not conn.outbox.empty():
            item = conn.outbox.get_nowait()
            if item[0] != "event":
                keep.append(item)
        for item in keep:
            conn.outbox.put_nowait(item)
        # Everything up to what the sender took is (being) written; resume after it.
        conn.send(
            p.Resync(
                last_seq=conn.taken_seq,
                reason="you fell behind the event stream; send resume with since",
            )
        )
