"""What the console knows between screens: the conversation rows behind the inbox, the
agent's state and offers, and the drafts. Pure Python (no Textual, no network) so the
rules for applying live events are tested directly. The rows are the core projection's
(``loancs.core.projection``): the console folds events into them exactly as every other
reader does, and shows what a fresh list would."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from loancs.core import events as ev
from loancs.core import protocol as p
from loancs.core.projection import ACTIVE, Inbox, inbox_key

log = logging.getLogger(__name__)

FILTERS = ("all", "mine", "queue")
# Seconds a customer may wait for an answer, per channel: green below half, amber up to it,
# red past it (a phone caller is waiting on the line).
SLA_S = {"phone": 30, "chat": 120, "wechat": 300}


@dataclass
class Offer:
    conversation: int
    reason: str
    expires_at: int  # epoch ms
    payload: dict[str, Any]


@dataclass
class Missed:
    conversation: int
    at: int  # epoch ms
    why: str  # reason code


@dataclass
class ConsoleModel:
    me: int | None = None
    name: str = ""
    role: str = "agent"
    state: str = "offline"
    state_reason: str | None = None
    projection: Inbox = field(default_factory=Inbox)  # the conversation rows, kept by events
    drafts: dict[int, str] = field(default_factory=dict)
    offers: dict[int, Offer] = field(default_factory=dict)
    missed: list[Missed] = field(default_factory=list)  # offers that ended unanswered
    capacity: dict[str, int] = field(default_factory=dict)  # mine, per channel
    loaded: bool = False
    # The server's last word on my queues' waiting work (protocol 2): queue -> summary. None
    # until the first one (a server before protocol 2 sends every waiting conversation).
    waiting: dict[str, p.WaitingQueue] | None = None
    # The inbox comes a page at a time (the agent's own conversations all at once): the key
    # (projection.inbox_key) of the last row of the last page loaded; None once the last page
    # came short. Active rows past it that are not mine are not shown: their pages are not
    # loaded yet, so what is shown is the start of what a fresh list would show.
    frontier: tuple[int, ...] | None = None

    @property
    def truncated(self) -> bool:
        """More of the inbox is on the server than here: search asks the server too."""
        return self.frontier is not None

    def loaded_page(
        self, rows: list[dict[str, Any]], page_size: int, stale: Collection[int] = ()
    ) -> None:
        """A page of the inbox order arrived (the next after ``frontier``); its rows of the
        conversations in ``stale`` are not loaded (the ones here are newer)."""
        self.projection.load(row for row in rows if row["id"] not in stale)
        self.frontier = inbox_key(rows[-1]) if len(rows) >= page_size else None
        self.loaded = True

    def within_loaded(self, row: dict[str, Any]) -> bool:
        """Is the row where the loaded pages reach (or mine, or not active work)?"""
        if self.frontier is None or row.get("status") not in ACTIVE or self.is_mine(row):
            return True
        return inbox_key(row) <= self.frontier

    @property
    def conversations(self) -> dict[int, dict[str, Any]]:
        return self.projection.rows

    @property
    def opened(self) -> int | None:
        """The conversation on screen (its new messages count as read)."""
        return self.projection.opened

    @opened.setter
    def opened(self, cid: int | None) -> None:
        self.projection.opened = cid

    # ------------------------------------------------------------------ loading
    def load(self, rows: Iterable[dict[str, Any]]) -> None:
        self.projection.load(rows)
        self.loaded = True

    def is_mine(self, row: dict[str, Any]) -> bool:
        return self.me is not None and row.get("assigned_agent") == self.me

    def visible_to_me(self, row: dict[str, Any]) -> bool:
        if self.role != "agent":
            return True
        return self.is_mine(row) or row.get("assigned_agent") is None

    # ------------------------------------------------------------------ live events
    def apply(self, frame: p.Event) -> bool:
        """Fold one event into the model; True if the inbox should redraw. The rows change
        only through the core projection; offers and my state are the console's own."""
        try:
            event = ev.typed(frame)
        except ev.EventError as exc:  # a newer server's event: shown, never folded
            log.warning("event %s not applied: %s", frame.seq, exc)
            return False
        pl, cid = event.payload, event.conversation
        if isinstance(pl, ev.AgentState):
            if pl.agent == self.me:
                self.state = pl.state or self.state
                self.state_reason = pl.reason_code or pl.reason  # (a code is translated)
            return False
        if isinstance(pl, ev.ConversationOffered):
            if pl.agent == self.me and cid is not None:
                # Routing sends the deadline (epoch ms); a small number is a duration.
                expires = pl.expires_ms or 20_000
                expires_at = expires if expires > 10**12 else event.ts + expires
                self.offers[cid] = Offer(cid, pl.reason, expires_at, dict(frame.payload))
            return False
        if isinstance(pl, ev.ConversationOfferExpired):
            if (
                pl.agent == self.me
                and cid is not None
                and (self.offers.pop(cid, None) is not None or not self._missed(cid))
            ):
                self.note_missed(cid, event.ts, pl.reason_code)
            return False
        if cid is not None and isinstance(
            pl,
            ev.ConversationAssigned
            | ev.ConversationTransferred
            | ev.ConversationRequeued
            | ev.ConversationResolved,
        ):
            self.offers.pop(cid, None)  # taken, or gone: no longer mine to accept
        return self.projection.apply(event)

    def apply_waiting(self, frame: p.WaitingWork) -> tuple[bool, list[int]]:
        """Take the server's summary of my queues (protocol 2): whether rows changed, and
        the conversations to fetch (listed, not held, and where the loaded pages reach: one
        a supervisor raised from a page not loaded yet shows as the server has it).

        Conversations that wait are no longer sent to me event by event: the summary says
        which stopped waiting (their rows go, unless they are mine, offered to me or on
        screen) and which come first (their rows are added or brought up to date). Opening
        one fetches it; rows further down stay as their page brought them."""
        self.waiting = dict(frame.queues)
        listed: dict[int, tuple[str, p.WaitingItem]] = {}
        rows, changed = self.conversations, False
        fetch: list[int] = []
        for name, queue in frame.queues.items():
            for item in queue.top:
                listed[item.id] = (name, item)
            for cid in queue.left:
                row = rows.get(cid)
                if (
                    row is not None
                    and not self.is_mine(row)
                    and cid not in self.offers
                    and cid != self.opened
                ):
                    del rows[cid]
                    changed = True
        for cid, (name, item) in listed.items():
            row = rows.get(cid)
            if row is None:
                if not self.loaded:
                    continue  # the first page brings it
                row = waiting_row(name, item)
                if self.frontier is None:  # every active row is loaded: it is new
                    rows[cid] = row
                    changed = True
                elif self.within_loaded(row):
                    fetch.append(cid)
            elif row.get("assigned_agent") is None:
                fresh = {"priority": item.priority, "urgency": item.urgency}
                if item.excerpt is not None:
                    fresh["last_excerpt"] = item.excerpt
                if any(row.get(k) != v for k, v in fresh.items()):
                    row.update(fresh)
                    changed = True
        return changed, fetch

    def waiting_summary(self, now: int) -> list[tuple[str, int, int | None]]:
        """(queue, how many wait, the longest wait in ms) per queue, busiest first."""
        if not self.waiting:
            return []
        out = [
            (name, q.waiting, None if q.oldest is None else max(0, now - q.oldest))
            for name, q in self.waiting.items()
        ]
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def mark_read(self, conversation: int) -> None:
        row = self.conversations.get(conversation)
        if row is not None:
            row["unread"] = 0

    def _missed(self, cid: int) -> bool:
        return any(m.conversation == cid for m in self.missed)

    def note_missed(self, cid: int, at: int, why: str) -> None:
        self.missed = [m for m in self.missed if m.conversation != cid][-4:]
        self.missed.append(Missed(cid, at, why or "offer_timeout"))

    def recent_missed(self, now: int, window_ms: int = 300_000) -> list[Missed]:
        """Offers missed in the last few minutes (shown until then), newest first."""
        return [m for m in reversed(self.missed) if now - m.at < window_ms]

    def load_by_channel(self) -> dict[str, int]:
        """My open work per channel (what routing counts against my capacity)."""
        out: dict[str, int] = {}
        for row in self.conversations.values():
            if self.is_mine(row) and row.get("status") in ("open", "pending"):
                channel = row.get("channel") or "?"
                out[channel] = out.get(channel, 0) + 1
        return out

    def expire_offers(self, now: int) -> bool:
        gone = [cid for cid, offer in self.offers.items() if offer.expires_at <= now]
        for cid in gone:
            del self.offers[cid]
            self.note_missed(cid, now, "offer_timeout")
        return bool(gone)

    # ------------------------------------------------------------------ the inbox view
    def matches(
        self, row: dict[str, Any], view: str, query: str, filters: dict[str, str] | None = None
    ) -> bool:
        status = row.get("status")
        filters = filters or {}
        wanted = filters.get("status") or "active"
        if wanted == "active" and status not in ACTIVE:
            return False
        if wanted != "active" and status != wanted:
            return False
        if not self.visible_to_me(row) and status != "resolved":
            return False
        if not query and not self.within_loaded(row):
            return False
        if filters.get("channel") and row.get("channel") != filters["channel"]:
            return False
        if filters.get("loan") and (row.get("loan_type") or "none") != filters["loan"]:
            return False
        urgency = row.get("urgency") or "normal"
        if filters.get("urgency") == "urgent" and urgency == "normal":
            return False
        if filters.get("urgency") not in (None, "", "urgent") and urgency != filters["urgency"]:
            return False
        if view == "mine" and not self.is_mine(row):
            return False
        if view == "queue" and row.get("assigned_agent") is not None:
            return False
        if query:
            words = query.lower().split()
            ids = [w for w in words if w.startswith("#") and w[1:].isdigit()]
            if any(int(w[1:]) != row.get("id") for w in ids):
                return False  # "#12" is conversation 12, not 120
            words = [w for w in words if w not in ids]
            haystack = " ".join(
                str(row.get(k) or "")
                for k in (
                    "id",
                    "customer_display",
                    "customer_name",
                    "loan_type",
                    "channel",
                    "last_excerpt",
                    "agent_name",
                )
            ).lower()
            return all(word in haystack for word in words)
        return True

    def inbox(
        self, view: str, query: str, limit: int, filters: dict[str, str] | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """The rows to show, most urgent first, and how many matched in all."""
        rows = [r for r in self.conversations.values() if self.matches(r, view, query, filters)]
        rows.sort(key=inbox_key)
        return rows[:limit], len(rows)


def waiting_row(queue: str, item: p.WaitingItem) -> dict[str, Any]:
    """The inbox row of a waiting conversation the summary lists (the rest of it is fetched
    when it is opened)."""
    return {
        "id": item.id,
        "customer": None,
        "customer_display": item.customer_display,
        "customer_name": None,
        "channel": item.channel,
        "status": "open",
        "priority": item.priority,
        "loan_type": None if queue == "none" else queue,
        "amount": None,
        "urgency": item.urgency,
        "assigned_agent": None,
        "agent_name": None,
        "created_at": item.since,
        "last_message_at": item.since,
        "last_excerpt": item.excerpt,
        "unread": 0,
    }


def waiting_ms(row: dict[str, Any], now: int) -> int | None:
    if row.get("status") != "open":
        return None
    since = row.get("last_message_at")
    if since is None:
        since = row.get("created_at")
    return None if since is None else max(0, now - since)


def sla_level(row: dict[str, Any], now: int) -> str:
    """ok / near / breached against the channel's answer target."""
    waited = waiting_ms(row, now)
    if waited is None:
        return "none"
    target = SLA_S.get(row.get("channel") or "", 120) * 1000
    if waited >= target:
        return "breached"
    return "near" if waited >= target / 2 else "ok"


def format_wait(ms: int | None) -> str:
    if ms is None:
        return "—"
    s = ms // 1000
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    if s < 86400:
        return f"{s // 3600}h{(s % 3600) // 60:02d}m"
    return f"{s // 86400}d{(s % 86400) // 3600:02d}h"
