"""Report aggregates, kept up to date from the event log.

``rollup(conn)`` reads the events after its watermark (``report_state``), folds them into
``report_hourly`` (one row per metric, UTC hour, queue, agent and key, with a count and a
sum of durations) and a small per-conversation table it needs to know "first" things
(first response, first intent, first hand-off), and moves the watermark, all in one
transaction. The server runs it twice a second through its writer (on PostgreSQL beside
the writer's batches: store/writer_process.py ``Folder``); ``loancs report``
catches up the same way before it reads. Reports then sum a few thousand aggregate rows
instead of scanning messages, so a year of data answers in well under a second.

Definitions (the same in every report, the tests compute them by hand):
- first response: the first ``message.sent`` by a person (actor ``agent:``) after the
  conversation opened; counted in the hour it happened; the assistant's replies do not count.
- service level: first responses within the SLA / (first responses + abandoned).
- abandoned: resolved with no reply at all (neither a person nor the assistant).
- handling time: resolved time minus the first assignment (or the opening, if never assigned).
- resolution rate: resolved / opened; reopen rate: reopened / resolved.
- containment: conversations the assistant answered and never handed off / conversations
  the assistant answered.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from loancs.core.event_labels import queue_name
from loancs.core.eventlog import decode_payload
from loancs.core.events import Kind

HOUR_MS = 3_600_000
DAY_MS = 86_400_000
# report_daily's days start at midnight UTC+8 (Asia/Shanghai, no daylight saving): reports
# over whole days in that zone read it; any other window reads report_hourly.
DAY_OFFSET_MS = 8 * HOUR_MS
FRT_BUCKET_S = 5  # first-response times are kept in 5-second buckets (SLA in steps of 5 s)
FRT_MAX_S = 3600
ROLLUP_BATCH = 10_000

MIGRATION = (
    "0004_report_rollup",
    """
    CREATE TABLE report_hourly (
        metric TEXT NOT NULL,
        hour INTEGER NOT NULL,
        queue TEXT NOT NULL,
        agent TEXT NOT NULL,
        key TEXT NOT NULL,
        channel TEXT NOT NULL,
        product TEXT NOT NULL,
        n INTEGER NOT NULL,
        total INTEGER NOT NULL,
        PRIMARY KEY (metric, hour, queue, agent, key)
    ) WITHOUT ROWID;
    CREATE TABLE report_conversations (
        id INTEGER PRIMARY KEY,
        opened INTEGER NOT NULL,
        queue TEXT NOT NULL,
        agent TEXT NOT NULL DEFAULT '',
        assigned_at INTEGER,
        flags INTEGER NOT NULL DEFAULT 0,
        intent TEXT
    );
    CREATE TABLE report_state (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE TABLE csat (
        id INTEGER PRIMARY KEY,
        conversation INTEGER NOT NULL,
        customer INTEGER NOT NULL,
        channel TEXT NOT NULL,
        agent INTEGER,
        agent_name TEXT,
        requested_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        answered_at INTEGER,
        score INTEGER,
        comment TEXT
    );
    CREATE INDEX csat_customer ON csat(customer, requested_at);
    CREATE INDEX csat_conversation ON csat(conversation);
    CREATE INDEX csat_answered ON csat(answered_at) WHERE answered_at IS NOT NULL;
    """,
)

DAILY_MIGRATION = (
    "0011_report_daily",
    f"""
    CREATE TABLE report_daily (
        metric TEXT NOT NULL,
        day INTEGER NOT NULL,
        queue TEXT NOT NULL,
        agent TEXT NOT NULL,
        key TEXT NOT NULL,
        channel TEXT NOT NULL,
        product TEXT NOT NULL,
        n INTEGER NOT NULL,
        total INTEGER NOT NULL,
        PRIMARY KEY (metric, day, queue, agent, key)
    ) WITHOUT ROWID;
    INSERT INTO report_daily
        SELECT metric, (hour * {HOUR_MS} + {DAY_OFFSET_MS}) / {DAY_MS} AS d, queue, agent, key,
               MIN(channel), MIN(product), SUM(n), SUM(total)
        FROM report_hourly GROUP BY metric, d, queue, agent, key;
    """,
)

RESPONDED, ASSISTANT, HANDOFF = 1, 2, 4


@dataclass
class _Conv:
    id: int
    opened: int
    queue: str
    agent: str = ""
    assigned_at: int | None = None
    flags: int = 0
    intent: str | None = None
    dirty: bool = False


def _split(queue: str) -> tuple[str, str]:
    parts = queue.split("/")
    return parts[0], parts[1] if len(parts) > 1 else "general"


class _Fold:
    """One fold's state: ``convs`` holds the row of every conversation its events name (read
    in one query before the events, None for one not folded before), ``delta`` the counts."""

    def __init__(self, convs: dict[int, _Conv | None], agent_names: dict[int, str]):
        self.names = agent_names
        self.convs = convs
        self.delta: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        self._queues: dict[str, tuple[str, str]] = {}  # a queue's (channel, loan type)

    def conv(self, cid: int | None) -> _Conv | None:
        return None if cid is None else self.convs.get(cid)

    def add(
        self,
        metric: str,
        ts: int,
        queue: str,
        agent: str = "",
        key: str = "",
        total: int = 0,
        product: str | None = None,
    ) -> None:
        parts = self._queues.get(queue)
        if parts is None:
            parts = self._queues[queue] = _split(queue)
        channel, loan = parts
        cell = self.delta[(metric, ts // HOUR_MS, queue, agent, key, channel, product or loan)]
        cell[0] += 1
        cell[1] += total

    def add_hour(self, metric: str, hour: int, queue: str, agent: str, n: int) -> None:
        """``add`` of ``n`` events of ``hour`` (``ts // HOUR_MS``) without a total or key."""
        parts = self._queues.get(queue)
        if parts is None:
            parts = self._queues[queue] = _split(queue)
        channel, loan = parts
        self.delta[(metric, hour, queue, agent, "", channel, loan)][0] += n

    def name(self, agent_id: Any, fallback: str | None = None, owner: str = "") -> str:
        """An agent's name: from the event, the agents table, or the conversation's owner."""
        if fallback:
            if isinstance(agent_id, int):
                self.names[agent_id] = fallback
            return fallback
        if agent_id is None:
            return owner
        return self.names.get(agent_id) or owner or str(agent_id)

    def event(self, ts: int, kind: str, cid: int | None, actor: str, p: dict[str, Any]) -> None:
        if kind == Kind.CONVERSATION_OPENED and cid is not None:
            queue = queue_name(p.get("channel"), p.get("loan_type"), p.get("language"))
            self.convs[cid] = _Conv(cid, ts, queue, dirty=True)
            self.add("opened", ts, queue)
            return
        if kind == Kind.AGENT_CREATED:
            return
        conv = self.conv(cid)
        if conv is None:
            self._global(ts, kind, actor, p)
            return
        q, agent = conv.queue, conv.agent
        if kind == Kind.MESSAGE_RECEIVED:
            self.add("msg_in", ts, q, agent)
        elif kind == Kind.MESSAGE_SENT:
            if actor.startswith("system:") or p.get("csat"):
                return  # the rating request is not a reply
            if actor == "assistant":
                self.add("msg_assistant", ts, q)
                if not conv.flags & ASSISTANT:
                    conv.flags |= ASSISTANT
                    conv.dirty = True
                    self.add("bot_conv", ts, q)
            else:
                who = self.name(p.get("agent"), p.get("agent_name")) or actor.split(":", 1)[-1]
                self.add("msg_agent", ts, q, who)
                if not conv.flags & RESPONDED:
                    conv.flags |= RESPONDED
                    conv.dirty = True
                    frt = max(0, ts - conv.opened)
                    bucket = min(frt // 1000, FRT_MAX_S) // FRT_BUCKET_S * FRT_BUCKET_S
                    self.add("frt", ts, q, who, str(bucket), frt)
        elif kind == Kind.MESSAGE_INTENT:
            intent = str(p.get("intent") or "unknown")
            self.add("intent_msg", ts, q, "", intent)
            if conv.intent is None:
                conv.intent = intent
                conv.dirty = True
                self.add("intent_conv", ts, q, "", intent)
        elif kind in (
            Kind.CONVERSATION_ASSIGNED,
            Kind.CONVERSATION_TRANSFERRED,
            Kind.CONVERSATION_REQUEUED,
        ):
            if kind == Kind.CONVERSATION_TRANSFERRED and p.get("queue"):
                channel = q.split("/")[0]
                lang = q.split("/")[2] if q.count("/") >= 2 else None
                conv.queue = "/".join(x for x in (channel, p["queue"], lang) if x)
            if p.get("agent") is not None:
                conv.agent = self.name(p.get("agent"), p.get("agent_name"))
                if conv.assigned_at is None:
                    conv.assigned_at = ts
                self.add("assigned", ts, conv.queue, conv.agent, p.get("reason_code") or "")
            else:
                conv.agent = ""
            if kind == Kind.CONVERSATION_TRANSFERRED:
                self.add("transferred", ts, q, agent)
            conv.dirty = True
        elif kind == Kind.CONVERSATION_RESOLVED:
            handled = ts - (conv.assigned_at if conv.assigned_at is not None else conv.opened)
            self.add("resolved", ts, q, agent, str(p.get("outcome") or ""), max(0, handled))
            if not conv.flags & (RESPONDED | ASSISTANT):
                self.add("abandoned", ts, q, agent)
        elif kind == Kind.CONVERSATION_REOPENED:
            self.add("reopened", ts, q, agent)
        elif kind == Kind.COMPLIANCE_HIT:
            who = actor.split(":", 1)[-1]
            key = "\x1f".join(
                str(p.get(k) or "") for k in ("rule", "category", "action", "severity")
            )
            self.add("comp_hit", ts, q, who, key)
        elif kind == Kind.COMPLIANCE_BLOCKED:
            self._blocked(ts, q, actor, p)
        elif kind == Kind.ASSISTANT_HANDOFF:
            if not conv.flags & HANDOFF:
                conv.flags |= HANDOFF
                conv.dirty = True
                self.add("handoff", ts, q, "", str(p.get("reason") or ""))
        elif kind == Kind.PREQUAL_COMPLETED:
            self.add(
                "prequal", ts, q, "", str(p.get("outcome") or ""), product=p.get("product") or None
            )
        elif kind == Kind.CSAT_REQUESTED:
            self.add("csat_req", ts, q, self.name(p.get("agent"), p.get("agent_name"), agent))
        elif kind == Kind.CSAT_ANSWERED:
            score = int(p.get("score") or 0)
            who = self.name(p.get("agent"), p.get("agent_name"), agent)
            self.add("csat", ts, q, who, str(score), score)
        elif kind in (
            Kind.CONVERSATION_WHISPER,
            Kind.CONVERSATION_MONITORED,
            Kind.CONVERSATION_PRIORITY,
        ):
            self.add("intervention", ts, q, actor.split(":", 1)[-1], kind)

    def _blocked(self, ts: int, q: str, actor: str, p: dict[str, Any]) -> None:
        """One refused send. Its rules are counted from the ``compliance.hit`` events
        (action blocked) written with it, so only the send is counted here."""
        who = self.name(p.get("agent")) if p.get("agent") is not None else actor.split(":")[-1]
        cats = sorted(map(str, p.get("categories") or []))
        self.add("comp_block", ts, q, who, ",".join(cats))

    def _global(self, ts: int, kind: str, actor: str, p: dict[str, Any]) -> None:
        if kind == Kind.AGENT_STATE and actor != "router" and actor.startswith("agent:"):
            who = actor.split(":", 1)[1]
            if who != p.get("agent_name"):  # a supervisor forced it
                self.add("intervention", ts, "-/general", who, Kind.AGENT_STATE)

    def plan(self, start: int, end: int, folded: int) -> FoldWrite:
        """What folding the events up to ``end`` writes (nothing written yet)."""
        daily: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        for (metric, hour, *rest), (n, total) in self.delta.items():
            cell = daily[(metric, (hour * HOUR_MS + DAY_OFFSET_MS) // DAY_MS, *rest)]
            cell[0] += n
            cell[1] += total
        return FoldWrite(
            start,
            end,
            folded,
            [(*k, v[0], v[1]) for k, v in self.delta.items()],
            [(*k, v[0], v[1]) for k, v in daily.items()],
            [
                (c.id, c.opened, c.queue, c.agent, c.assigned_at, c.flags, c.intent)
                for c in self.convs.values()
                if c is not None and c.dirty
            ],
        )


@dataclass
class FoldWrite:
    """A fold's writes, computed from the watermark ``start`` on: the aggregates' deltas
    (hourly, daily), the conversations' rows as they end up, the new watermark ``end``.
    Valid while the watermark is still ``start`` (``write`` is then the whole fold)."""

    start: int
    end: int
    folded: int
    hourly: list[tuple]
    daily: list[tuple]
    conversations: list[tuple]

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO report_hourly (metric, hour, queue, agent, key, channel, product, n,"
            " total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (metric, hour, queue, agent,"
            " key) DO UPDATE SET n = report_hourly.n + excluded.n,"
            " total = report_hourly.total + excluded.total",
            self.hourly,
        )
        conn.executemany(
            "INSERT INTO report_daily (metric, day, queue, agent, key, channel, product, n,"
            " total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (metric, day, queue, agent,"
            " key) DO UPDATE SET n = report_daily.n + excluded.n,"
            " total = report_daily.total + excluded.total",
            self.daily,
        )
        conn.executemany(
            "INSERT INTO report_conversations (id, opened, queue, agent, assigned_at, flags,"
            " intent) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " opened = excluded.opened, queue = excluded.queue, agent = excluded.agent,"
            " assigned_at = excluded.assigned_at, flags = excluded.flags,"
            " intent = excluded.intent",
            self.conversations,
        )
        conn.execute(
            "INSERT INTO report_state (name, seq) VALUES ('rollup', ?)"
            " ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
            (self.end,),
        )


def watermark(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT seq FROM report_state WHERE name = 'rollup'").fetchone()
    return row[0] if row else 0


def rollup_step(conn: sqlite3.Connection, limit: int = ROLLUP_BATCH) -> int:
    """Fold up to ``limit`` events after the watermark; the caller holds the transaction.
    Returns how many events were folded (0: up to date). On PostgreSQL the fold takes the
    roll-up lock first: a server folds beside its writer (store/writer_process.py), not
    under the append lock, and two folds must not both add the same events."""
    if getattr(conn, "dialect", None) == "postgresql":
        from loancs.store.backends.pg import ROLLUP_LOCK

        conn.execute(f"SELECT pg_advisory_xact_lock({ROLLUP_LOCK})")
    plan = fold_plan(conn, limit)
    if plan is None:
        return 0
    plan.write(conn)
    return plan.folded


# The events a fold reads. A customer's message (most of the log, ~97% of a load test's) is
# counted by its kind, hour and conversation alone: its payload (the sealed text, most of the
# row) is never read. Fetched one row each into Python, each cost ~5-9k instructions (the
# sqlite3 module's per-row work, whatever the columns: cachegrind), ~15% of the writer child's
# CPU at 200 agents (issue 18). So a fold reads them counted by SQL, by conversation and hour,
# and only the other events one by one, in order; a conversation that one of those other
# events names (its queue or agent may change within the fold, or it opens there) has its
# messages read one by one too, merged in order, as before.
_FOLD_WINDOW = "SELECT count(*), max(seq) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?) AS w"
_FOLDED_OTHERS = (
    "SELECT seq, ts, kind, conversation, actor, payload FROM events"
    f" WHERE seq > ? AND seq <= ? AND (kind != '{Kind.MESSAGE_RECEIVED}' OR conversation IS NULL)"
    " ORDER BY seq"
)
_FOLDED_MESSAGES = (
    f"SELECT conversation, ts / {HOUR_MS}, count(*) FROM events"
    f" WHERE seq > ? AND seq <= ? AND kind = '{Kind.MESSAGE_RECEIVED}'"
    " AND conversation IS NOT NULL GROUP BY conversation, ts / {HOUR_MS}"
).replace("{HOUR_MS}", str(HOUR_MS))
_FOLDED_MESSAGES_OF = (
    "SELECT seq, ts, kind, conversation, actor, NULL FROM events"
    f" WHERE seq > ? AND seq <= ? AND kind = '{Kind.MESSAGE_RECEIVED}' AND conversation"
)
_OF_SQLITE = " IN (SELECT value FROM json_each(?)) ORDER BY seq"
_OF_POSTGRES = " = ANY(?::bigint[]) ORDER BY seq"
_NO_PAYLOAD: dict[str, Any] = {}  # (never written to: _Fold.event only reads payloads)
_RECEIVED = str(Kind.MESSAGE_RECEIVED)  # a plain string: compared for every event


def fold_plan(conn: sqlite3.Connection, limit: int = ROLLUP_BATCH) -> FoldWrite | None:
    """Read up to ``limit`` events after the watermark and what folding them needs, and
    compute the fold's writes without writing anything (None: up to date). Its reads must
    see one state of the database (one transaction): a SQLite server computes this on a
    read snapshot beside its writer and writes it later under the write lock, if the
    watermark has not moved meanwhile (store/writer_process.py ``SqliteFolder``)."""
    start = watermark(conn)
    folded, end = conn.execute(_FOLD_WINDOW, (start, limit)).fetchone()
    if not folded:
        return None
    postgres = getattr(conn, "dialect", None) == "postgresql"
    rows = conn.execute(_FOLDED_OTHERS, (start, end)).fetchall()
    counts = conn.execute(_FOLDED_MESSAGES, (start, end)).fetchall()
    # The conversations another event names: their messages are folded in order with it.
    named = sorted({r[3] for r in rows if r[3] is not None})
    if named:
        mine = set(named)
        counts = [c for c in counts if c[0] not in mine]
        ordered = conn.execute(
            _FOLDED_MESSAGES_OF + (_OF_POSTGRES if postgres else _OF_SQLITE),
            (start, end, named if postgres else json.dumps(named)),
        ).fetchall()
        if ordered:
            rows = sorted(rows + ordered, key=itemgetter(0))
    # (The agents' names are read by the other events only: a fold of messages alone, most
    # folds under load, does not read the agents' table.)
    names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM agents")} if rows else {}
    # The conversations' rows in one query (PostgreSQL: one round trip, not one a
    # conversation; SQLite: one statement instead of hundreds).
    cids = sorted({*named, *(c[0] for c in counts)})
    convs: dict[int, _Conv | None] = dict.fromkeys(cids)
    for row in conn.execute(
        "SELECT id, opened, queue, agent, assigned_at, flags, intent FROM report_conversations"
        + (
            " WHERE id = ANY(?::bigint[])"
            if postgres
            else " WHERE id IN (SELECT value FROM json_each(?))"
        ),
        (cids if postgres else json.dumps(cids),),
    ):
        convs[row[0]] = _Conv(*row)
    fold = _Fold(convs, names)
    received, counted = _RECEIVED, fold.add
    # Messages of a conversation no other event of the fold names: its queue and agent stay
    # as read (one whose row is missing counts nothing, as _Fold.event's _global).
    for cid, hour, n in counts:
        conv = convs.get(cid)
        if conv is not None:
            fold.add_hour("msg_in", hour, conv.queue, conv.agent, n)
    for _seq, ts, kind, cid, actor, payload in rows:
        if kind == received and cid is not None:
            conv = convs.get(cid)
            if conv is not None:
                counted("msg_in", ts, conv.queue, conv.agent)
                continue
        fold.event(
            ts, kind, cid, actor, _NO_PAYLOAD if payload is None else decode_payload(payload)
        )
    return fold.plan(start, end, folded)


def catch_up(conn: sqlite3.Connection, limit: int = ROLLUP_BATCH) -> int:
    """Bring the aggregates up to the end of the log, one transaction per batch (for the
    report command; the server does the same through its writer)."""
    done = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            n = rollup_step(conn, limit)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done += n
        if n < limit:
            return done


# ---------------------------------------------------------------- reading


REPORTS = ("topics", "service", "agents", "compliance", "csat", "assistant")
BY = ("day", "week", "channel", "queue", "agent", "product")


@dataclass(frozen=True)
class Window:
    start_ms: int
    end_ms: int
    tz: str = "Asia/Shanghai"

    @classmethod
    def days(cls, first: date, last: date, tz: str = "Asia/Shanghai") -> Window:
        zone = ZoneInfo(tz)
        start = datetime(first.year, first.month, first.day, tzinfo=zone)
        end = datetime(last.year, last.month, last.day, tzinfo=zone) + timedelta(days=1)
        return cls(int(start.timestamp() * 1000), int(end.timestamp() * 1000), tz)


def _group_sql(by: str | None, tz: str, start_ms: int) -> str:
    if by in ("day", "week"):
        offset = ZoneInfo(tz).utcoffset(datetime.fromtimestamp(start_ms / 1000)) or timedelta()
        return f"(hour * {HOUR_MS} + {int(offset.total_seconds() * 1000)}) / 86400000"
    return {
        None: "''",
        "channel": "channel",
        "queue": "queue",
        "agent": "agent",
        "product": "product",
    }[by]


def _group_label(by: str | None, value: Any) -> str:
    if by == "day":
        return (date(1970, 1, 1) + timedelta(days=int(value))).isoformat()
    if by == "week":
        day = date(1970, 1, 1) + timedelta(days=int(value))
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return str(value) if value not in (None, "") else ("all" if by is None else "-")


def _whole_days(window: Window) -> bool:
    """Does the window start and end at report_daily's midnights (in a +8 zone)?"""
    offset = ZoneInfo(window.tz).utcoffset(datetime.fromtimestamp(window.start_ms / 1000))
    return (
        offset == timedelta(milliseconds=DAY_OFFSET_MS)
        and (window.start_ms + DAY_OFFSET_MS) % DAY_MS == 0
        and (window.end_ms + DAY_OFFSET_MS) % DAY_MS == 0
    )


def fetch(
    conn: sqlite3.Connection, metrics: tuple[str, ...], window: Window, by: str | None
) -> dict[str, dict[tuple[str, str], list[int]]]:
    """{group label: {(metric, key): [n, total]}} over the window: from report_daily when
    the window is whole days, else from report_hourly."""
    marks = ",".join("?" * len(metrics))
    if _whole_days(window):
        group = "day" if by in ("day", "week") else _group_sql(by, window.tz, window.start_ms)
        table, unit = "report_daily", "day"
        bounds = (
            (window.start_ms + DAY_OFFSET_MS) // DAY_MS,
            (window.end_ms + DAY_OFFSET_MS) // DAY_MS,
        )
    else:
        group = _group_sql(by, window.tz, window.start_ms)
        table, unit = "report_hourly", "hour"
        bounds = (window.start_ms // HOUR_MS, -(-window.end_ms // HOUR_MS))
    sql = (
        f"SELECT {group} AS g, metric, key, SUM(n), SUM(total) FROM {table}"
        f" WHERE metric IN ({marks}) AND {unit} >= ? AND {unit} < ? GROUP BY g, metric, key"
    )
    out: dict[str, dict[tuple[str, str], list[int]]] = {}
    params = (*metrics, *bounds)
    for g, metric, key, n, total in conn.execute(sql, params):
        cells = out.setdefault(_group_label(by, g), {})
        cell = cells.setdefault((metric, key), [0, 0])
        cell[0] += n
        cell[1] += total
    return dict(sorted(out.items()))


def _sum(cells: dict[tuple[str, str], list[int]], metric: str, index: int = 0) -> int:
    return sum(v[index] for (m, _k), v in cells.items() if m == metric)


def _keys(cells: dict[tuple[str, str], list[int]], metric: str) -> dict[str, list[int]]:
    return {k: v for (m, k), v in cells.items() if m == metric}


def _ratio(a: float, b: float, digits: int = 4) -> float | None:
    return round(a / b, digits) if b else None


def _avg_s(total_ms: int, n: int) -> float | None:
    return round(total_ms / n / 1000, 1) if n else None


def report(
    conn: sqlite3.Connection,
    name: str,
    window: Window,
    by: str | None = None,
    sla_s: int = 30,
) -> dict[str, Any]:
    """One report as plain data: ``columns`` and ``rows`` (lists, in column order), plus
    ``extra`` (CSAT comments). Every figure is defined in the module docstring."""
    if name not in REPORTS:
        raise ValueError(f"unknown report {name!r}: use {', '.join(REPORTS)}")
    if by is not None and by not in BY:
        raise ValueError(f"unknown --by {by!r}: use {', '.join(BY)}")
    if name == "agents" and by is None:
        by = "agent"
    builder = globals()[f"_{name}"]
    columns, rows = builder(conn, window, by, sla_s)
    out = {
        "report": name,
        "from": window.start_ms,
        "to": window.end_ms,
        "by": by,
        "columns": columns,
        "rows": rows,
    }
    if name == "csat":
        out["comments"] = csat_comments(conn, window)
    if name == "compliance":
        out["blocked_sends"] = blocked_sends(conn, window, by)
    if name == "service":
        out["sla_s"] = sla_s
    return out


def _topics(conn, window, by, sla_s):
    data = fetch(conn, ("intent_msg", "intent_conv"), window, by)
    rows = []
    for group, cells in data.items():
        msgs, convs = _keys(cells, "intent_msg"), _keys(cells, "intent_conv")
        m_total, c_total = _sum(cells, "intent_msg"), _sum(cells, "intent_conv")
        for intent in sorted(set(msgs) | set(convs), key=lambda k: (-msgs.get(k, [0])[0], k)):
            m = msgs.get(intent, [0, 0])[0]
            c = convs.get(intent, [0, 0])[0]
            rows.append([group, intent, m, _ratio(m, m_total), c, _ratio(c, c_total)])
    return [
        "group",
        "intent",
        "messages",
        "message_share",
        "conversations",
        "conversation_share",
    ], rows


def _service(conn, window, by, sla_s):
    metrics = ("opened", "frt", "resolved", "reopened", "abandoned", "msg_in")
    rows = []
    for group, cells in fetch(conn, metrics, window, by).items():
        opened = _sum(cells, "opened")
        frt = _keys(cells, "frt")
        answered = sum(v[0] for v in frt.values())
        within = sum(v[0] for k, v in frt.items() if int(k) + FRT_BUCKET_S <= sla_s)
        frt_total = sum(v[1] for v in frt.values())
        resolved = _sum(cells, "resolved")
        abandoned = _sum(cells, "abandoned")
        rows.append(
            [
                group,
                opened,
                _sum(cells, "msg_in"),
                answered,
                _avg_s(frt_total, answered),
                _ratio(within, answered + abandoned),
                resolved,
                _avg_s(_sum(cells, "resolved", 1), resolved),
                _ratio(resolved, opened),
                _ratio(_sum(cells, "reopened"), resolved),
                abandoned,
                _ratio(abandoned, opened),
            ]
        )
    return [
        "group",
        "opened",
        "customer_messages",
        "first_responses",
        "first_response_avg_s",
        "service_level",
        "resolved",
        "handling_avg_s",
        "resolution_rate",
        "reopen_rate",
        "abandoned",
        "abandonment_rate",
    ], rows


def _agents(conn, window, by, sla_s):
    metrics = ("assigned", "msg_agent", "resolved", "csat", "frt")
    rows = []
    data = fetch(conn, metrics, window, by)
    for group, cells in data.items():
        if group in ("-", "") and by == "agent":
            continue
        resolved = _sum(cells, "resolved")
        outcomes = _keys(cells, "resolved")
        csat_n = _sum(cells, "csat")
        rows.append(
            [
                group,
                _sum(cells, "assigned"),
                _sum(cells, "msg_agent"),
                _avg_s(_sum(cells, "frt", 1), _sum(cells, "frt")),
                resolved,
                _avg_s(_sum(cells, "resolved", 1), resolved),
                ", ".join(f"{k or '-'} {v[0]}" for k, v in sorted(outcomes.items())),
                _ratio(_sum(cells, "csat", 1), csat_n, 2),
                csat_n,
            ]
        )
    return [
        "group",
        "conversations",
        "replies",
        "first_response_avg_s",
        "resolved",
        "handling_avg_s",
        "outcomes",
        "csat_avg",
        "csat_answers",
    ], rows


def _compliance(conn, window, by, sla_s):
    rows = []
    for group, cells in fetch(conn, ("comp_hit", "comp_block"), window, by).items():
        per_rule: dict[tuple[str, str], list[int]] = {}
        for key, (n, _t) in _keys(cells, "comp_hit").items():
            rule, category, action, _severity = (key.split("\x1f") + ["", "", "", ""])[:4]
            cell = per_rule.setdefault((rule, category), [0, 0])
            cell[1 if action == "blocked" else 0] += n
        for (rule, category), (warned, blocked) in sorted(
            per_rule.items(), key=lambda kv: (-sum(kv[1]), kv[0])
        ):
            rows.append([group, rule, category, warned, blocked])
    return ["group", "rule", "category", "warnings", "blocked"], rows


def blocked_sends(conn: sqlite3.Connection, window: Window, by: str | None) -> dict[str, int]:
    """Refused replies (one per attempt, however many rules it broke), per group."""
    return {
        group: _sum(cells, "comp_block")
        for group, cells in fetch(conn, ("comp_block",), window, by).items()
    }


def _csat(conn, window, by, sla_s):
    rows = []
    for group, cells in fetch(conn, ("csat_req", "csat"), window, by).items():
        requested = _sum(cells, "csat_req")
        answers = _keys(cells, "csat")
        n = sum(v[0] for v in answers.values())
        total = sum(v[1] for v in answers.values())
        dist = [answers.get(str(s), [0, 0])[0] for s in range(1, 6)]
        rows.append([group, requested, n, _ratio(n, requested), _ratio(total, n, 2), *dist])
    return [
        "group",
        "requested",
        "answered",
        "response_rate",
        "score_avg",
        "1",
        "2",
        "3",
        "4",
        "5",
    ], rows


def _assistant(conn, window, by, sla_s):
    rows = []
    for group, cells in fetch(
        conn, ("bot_conv", "handoff", "prequal", "msg_assistant"), window, by
    ).items():
        bot = _sum(cells, "bot_conv")
        handoffs = _sum(cells, "handoff")
        reasons = _keys(cells, "handoff")
        prequal = _keys(cells, "prequal")
        rows.append(
            [
                group,
                bot,
                _sum(cells, "msg_assistant"),
                handoffs,
                _ratio(max(bot - handoffs, 0), bot),
                ", ".join(
                    f"{k or '-'} {v[0]}"
                    for k, v in sorted(reasons.items(), key=lambda kv: -kv[1][0])
                ),
                ", ".join(
                    f"{k or '-'} {v[0]}"
                    for k, v in sorted(prequal.items(), key=lambda kv: -kv[1][0])
                ),
            ]
        )
    return [
        "group",
        "conversations",
        "replies",
        "handoffs",
        "containment",
        "handoff_reasons",
        "prequal_outcomes",
    ], rows


def csat_comments(conn: sqlite3.Connection, window: Window, limit: int = 20) -> list[dict]:
    rows = conn.execute(
        "SELECT conversation, agent_name, score, comment, answered_at FROM csat"
        " WHERE answered_at >= ? AND answered_at < ? AND comment IS NOT NULL AND comment != ''"
        " ORDER BY answered_at DESC LIMIT ?",
        (window.start_ms, window.end_ms, limit),
    ).fetchall()
    return [
        {"conversation": r[0], "agent": r[1], "score": r[2], "comment": r[3], "at": r[4]}
        for r in rows
    ]
