"""Fan-out of committed events to subscribers, in seq order, through bounded
per-client queues: one slow client overflows its own queue (and is told to resync)
instead of stalling the writer or anyone else."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from loancs.core.privacy import masked_for_agents
from loancs.core.protocol import Event, encode
from loancs.core.visibility import Viewer, can_see
from loancs.store.writer import StoredEvent

log = logging.getLogger("loancs.hub")


class Subscriber:
    """One connection's event stream. ``send`` puts a frame on the connection's outbox."""

    def __init__(
        self,
        viewer: Viewer,
        outbox: asyncio.Queue,
        limit: int,
        on_overflow: Callable[[Subscriber], None],
    ):
        self.viewer = viewer
        self.outbox = outbox
        self.limit = limit
        self.on_overflow = on_overflow
        self.last_seq = 0
        self.replaying = True
        self.buffer: list[tuple[int, str]] = []
        self.overflowed = False
        self.queued = 0  # events sitting in the outbox

    def offer(self, seq: int, frame: str) -> None:
        if self.overflowed:
            return
        if self.replaying:
            self.buffer.append((seq, frame))
            if len(self.buffer) > self.limit:
                self._overflow()
            return
        if seq <= self.last_seq:
            return
        if self.queued >= self.limit:
            self._overflow()
            return
        self.queued += 1
        self.last_seq = seq
        self.outbox.put_nowait(("event", frame, seq))

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


class Hub:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.meta: dict[int, dict[str, Any]] = {}
        self.customer_conversations: dict[int, set[int]] = {}
        self.last_seq = 0
        self.listeners: list[Callable[[list[StoredEvent]], None]] = []

    def frame_for(self, event: StoredEvent, payload: dict | None = None) -> str:
        return encode(
            Event(
                seq=event.seq,
                ts=event.ts,
                kind=event.kind,
                conversation=event.conversation,
                actor=event.actor,
                payload=event.payload if payload is None else payload,
            )
        )

    def frame_for_viewer(self, viewer: Viewer, event: StoredEvent) -> str:
        """Agents get personal numbers in texts masked (full values only through reveal)."""
        if viewer.role == "agent":
            masked = masked_for_agents(event.payload)
            if masked is not event.payload:
                return self.frame_for(event, masked)
        return self.frame_for(event)

    def load_meta(self, meta: dict[int, dict[str, Any]]) -> None:
        self.meta = meta
        self.customer_conversations = {}
        for conversation, m in meta.items():
            self.customer_conversations.setdefault(m["customer"], set()).add(conversation)

    def visible(self, viewer: Viewer, event: StoredEvent) -> bool:
        if event.conversation is None:
            if viewer.role == "agent" and event.kind == "application.stage":
                # A stage change reaches the agents who can see one of the customer's
                # conversations, so their customer pane updates live.
                return any(
                    can_see(viewer, event.kind, c, self.meta.get(c), {})
                    for c in self.customer_conversations.get(event.payload.get("customer"), ())
                )
            return can_see(viewer, event.kind, None, None, event.payload)
        meta = self.meta.get(event.conversation)
        return can_see(viewer, event.kind, event.conversation, meta, event.payload)

    def publish(self, events: list[StoredEvent]) -> None:
        for event in events:
            if event.meta is not None and event.conversation is not None:
                self.meta[event.conversation] = event.meta
                self.customer_conversations.setdefault(event.meta["customer"], set()).add(
                    event.conversation
                )
            if event.seq > self.last_seq:
                self.last_seq = event.seq
        for listener in self.listeners:
            try:
                listener(events)
            except Exception:
                log.exception("event listener failed")
        if not self.subscribers:
            return
        for event in events:
            frame: str | None = None
            agent_frame: str | None = None
            for sub in tuple(self.subscribers):
                if not self.visible(sub.viewer, event):
                    continue
                if sub.viewer.role == "agent":
                    if agent_frame is None:
                        agent_frame = self.frame_for_viewer(sub.viewer, event)
                    sub.offer(event.seq, agent_frame)
                    continue
                if frame is None:
                    frame = self.frame_for(event)
                sub.offer(event.seq, frame)

    def publish_transient(self, conversation: int, kind: str, actor: str, payload: dict) -> None:
        """Typing indicators: not stored, not replayed, seq 0."""
        event = StoredEvent(0, 0, kind, conversation, actor, payload)
        frame = None
        for sub in tuple(self.subscribers):
            if sub.replaying or sub.overflowed or not self.visible(sub.viewer, event):
                continue
            if sub.queued >= sub.limit:
                continue
            if frame is None:
                frame = self.frame_for(event)
            sub.queued += 1
            sub.outbox.put_nowait(("event", frame, 0))
