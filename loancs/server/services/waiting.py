"""The waiting-work summary: what an agent's console (protocol 2) is told of its queues.

Such a console is not sent the events of conversations waiting in its queues (the hub
leaves them out): a burst of 500 new conversations would otherwise be ~1,500 frames to
every skilled agent, and the one offer that matters would wait behind them. Instead, at
most every ``SUMMARY_S`` and only when it changed, each gets one ``waiting`` frame: per
queue (loan type) how many wait, how many are offered, since when the oldest waits, and
the first few in routing's order with a short preview. The console fetches a conversation
when the agent opens it (and then follows it live, ``Hub.watch``).

The figures are the router's (every server holds one, leader or not); the previews come
from the committed events (the customer's masked display and last message), and for work
that waited before the server started, from its list row (read once, sent with the next
summary).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING, Any

import msgspec

from loancs.core import protocol as p
from loancs.core.events import Kind
from loancs.core.projection import excerpt
from loancs.core.routing.model import NO_LOAN_TYPE
from loancs.store import queries
from loancs.store.writer import StoredEvent

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

SUMMARY_S = 0.5  # at most this often
TOP = 5  # conversations listed per queue
PREVIEW = 40  # characters of the last message
_RECEIVED = str(Kind.MESSAGE_RECEIVED)  # compared for every event: plain strings
_OPENED = str(Kind.CONVERSATION_OPENED)
_NO_PREVIEW: tuple[str | None, str | None, bool] = (None, None, True)


class WaitingSummaries:
    def __init__(self, server: ServerContext):
        self.server = server
        # conversation -> (customer display, the last customer message, whether that is
        # already its excerpt), for conversations nobody has (pruned as they leave the
        # router's waiting list). A message is cut and masked only when a summary lists it
        # (_content): most are followed by another before the next summary, or never listed.
        self.previews: dict[int, tuple[str | None, str | None, bool]] = {}
        self._seen_seq = -1
        self._summary: dict[str, dict[str, Any]] = {}
        self._ts = 0
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.sent = 0  # frames sent (for tests and scripts)
        # Listed conversations with no preview (they waited before this server started):
        # read from the store once (asked, or being read now), then sent with the next push.
        self._asked: set[int] = set()
        self._reading: asyncio.Task[None] | None = None
        self._loaded = False  # previews came from the store since the last push

    async def start(self) -> None:
        self.server.hub.listeners.append(self._on_events)
        self._task = asyncio.create_task(self._loop())

    async def close(self) -> None:
        self._closing = True
        for task in (self._task, self._reading):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _loop(self) -> None:
        while not self._closing:
            await asyncio.sleep(SUMMARY_S)
            self.push()
            self._read_missing()

    def _read_missing(self) -> None:
        """Start reading the previews of listed conversations that have none."""
        if self._reading is not None and not self._reading.done():
            return
        missing = [
            cid
            for q in self._summary.values()
            for cid, *_ in q["top"]
            if cid not in self.previews and cid not in self._asked
        ]
        if missing:
            self._asked.update(missing)
            self._reading = asyncio.create_task(self._read_previews(missing))

    async def _read_previews(self, conversations: list[int]) -> None:
        try:
            rows = await queries.waiting_previews(self.server.store, conversations)
        except Exception:  # a busy or closing store: the rows stay without a preview
            return
        for cid, display, text in rows:
            if cid not in self.previews:  # an event since is newer
                self.previews[cid] = (display, text or None, False)
                self._loaded = True

    def _on_events(self, events: list[StoredEvent]) -> None:
        previews, meta_of = self.previews, self.server.hub.meta.get
        for event in events:
            conversation, kind = event.conversation, event.kind
            if conversation is None:
                continue
            if kind in (_RECEIVED, _OPENED):
                meta = meta_of(conversation)  # a ConvMeta: its slot read, no get() call
                if meta is not None and meta.assigned is not None:
                    continue
                payload = event.payload
                display, text, cut = previews.get(conversation, _NO_PREVIEW)
                body = payload.get("body")
                if kind == _RECEIVED and isinstance(body, str) and body:
                    text, cut = body, False
                previews[conversation] = (payload.get("customer_display") or display, text, cut)

    def push(self) -> None:
        """Send each summarized agent its queues' summary if it changed since the last."""
        hub = self.server.hub
        subs = hub.summarized
        if not subs:
            return
        left: dict[str, list[int]] = {}
        if hub.last_seq != self._seen_seq:
            self._seen_seq = hub.last_seq
            self._ts = int(time.time() * 1000)
            router = self.server.services.routing.router
            before = self._summary
            self._summary = router.waiting_summary(self._ts, TOP)
            for name, q in before.items():
                now = self._summary.get(name)
                gone = q["ids"] - now["ids"] if now is not None else q["ids"]
                if gone:
                    left[name] = sorted(gone)
            self._prune()
        elif not self._loaded and all(sub.summary is not None for sub in subs):
            return  # nothing happened, and everyone has been told
        self._loaded = False
        built: dict[frozenset[str], tuple[dict[str, p.WaitingQueue], bool, list[bytes]]] = {}
        for sub in list(subs):
            if sub.overflowed:
                continue
            queues = sub.viewer.queues
            got = built.get(queues)
            if got is None:
                content = self._content(queues)
                departed = False
                for name in content:
                    if name in left:
                        departed = True
                        content[name] = msgspec.structs.replace(content[name], left=left[name])
                got = built[queues] = (content, departed, [])
            content, departed, frame = got
            # (what left is news once: compared without it)
            if not departed and sub.summary == content:
                continue
            if not frame:
                frame.append(p.encode_bytes(p.WaitingWork(ts=self._ts, queues=content)))
            sub.summary = (
                {k: msgspec.structs.replace(v, left=[]) for k, v in content.items()}
                if departed
                else content
            )
            sub.outbox.put_nowait(("frame", frame[0]))
            self.sent += 1

    def _content(self, queues: frozenset[str]) -> dict[str, p.WaitingQueue]:
        summary, previews = self._summary, self.previews
        out: dict[str, p.WaitingQueue] = {}
        names = sorted(queues)
        if NO_LOAN_TYPE in summary and NO_LOAN_TYPE not in queues:
            names.append(NO_LOAN_TYPE)  # waiting for any agent
        for name in names:
            q = summary.get(name)
            if q is None:
                out[name] = p.WaitingQueue(waiting=0)
                continue
            top = []
            for cid, channel, since, priority, urgency, offered in q["top"]:
                display, text, cut = previews.get(cid, _NO_PREVIEW)
                if text is not None and not cut:
                    text = excerpt(text, PREVIEW)
                    previews[cid] = (display, text, True)
                top.append(
                    p.WaitingItem(
                        id=cid,
                        channel=channel,
                        since=since,
                        priority=priority,
                        urgency=urgency,
                        offered=offered,
                        customer_display=display,
                        excerpt=text,
                    )
                )
            out[name] = p.WaitingQueue(
                waiting=q["waiting"], offered=q["offered"], oldest=q["oldest"], top=top
            )
        return out

    def _prune(self) -> None:
        """Forget the previews of conversations that no longer wait."""
        previews = self.previews
        if len(previews) <= 2 * sum(q["waiting"] for q in self._summary.values()) + 64:
            return
        waiting = self.server.services.routing.router
        for cid in [c for c in previews if waiting.conversation_state(c) in (None, "assigned")]:
            del previews[cid]
        self._asked.intersection_update(previews)
