"""Read models the console asks for: the inbox, a transcript, a customer's whole history.
Personal identities leave the store masked; revealing one is a separate, logged op."""

from __future__ import annotations

import heapq
import json
import sqlite3
import threading
import time
import weakref
from bisect import bisect_left, bisect_right, insort
from typing import Any

from loancs.core.events import Kind
from loancs.core.pii import mask_identity
from loancs.core.projection import ACTIVE
from loancs.store import search
from loancs.store.apply.common import yuan
from loancs.store.db import OPEN_WORK_COLUMNS, Store

# The identity comes back as kind, U+001F, value (a literal: SQLite's char() and
# PostgreSQL's chr() differ). _conversation reads these by position: keep the two in step.
# The last message's time and excerpt and the unread count are read with the conversation's
# pending activity (``ap``: search.PENDING_JOIN, which every read of these columns joins).
_CONV_COLUMNS = f"""
    c.id, c.customer_id, c.channel, c.status, c.priority, c.loan_type, c.amount_fen, c.urgency,
    c.credit_band, c.language, c.assigned_agent, a.name AS agent_name, c.created_at,
    c.first_response_at, c.resolved_at, c.snoozed_until, {search.LAST_MESSAGE_AT},
    {search.LAST_EXCERPT}, {search.UNREAD}, c.outcome, c.callback_due, c.callback_note,
    cu.name AS customer_name,
    (SELECT kind || '\x1f' || value FROM customer_identities i
       WHERE i.customer_id = c.customer_id ORDER BY i.created_at LIMIT 1) AS identity
"""


# The inbox order (core/projection.inbox_key), as the expressions of the index
# conversations_inbox (migration 0016_inbox_order): the same text, or SQLite sorts instead.
# PostgreSQL: conversation_order_inbox (migration 0025), the same expressions.
INBOX_ORDER = (
    "(CASE WHEN c.status = 'open' THEN 0 ELSE 1 END)",
    "(-c.priority)",
    "(CASE c.urgency WHEN 'complaint' THEN -3 WHEN 'overdue' THEN -3"
    " WHEN 'deadline' THEN -2 WHEN 'vip' THEN -2 ELSE 0 END)",
    f"(CASE WHEN c.status = 'open' THEN {search.ACTIVITY} ELSE -{search.ACTIVITY} END)",
    "c.id",
)
_BY_ACTIVITY = f"{search.ACTIVITY} DESC, c.id DESC"
_BY_INBOX = ", ".join(INBOX_ORDER)
# Each order's terms (expression, direction): a page merges two walks by these (page_sql).
_TERMS = {
    _BY_ACTIVITY: [(search.ACTIVITY, " DESC"), ("c.id", " DESC")],
    _BY_INBOX: [(term, "") for term in INBOX_ORDER],
}


def _display(identity: str | None) -> str:
    if not identity:
        return "?"
    kind, value = identity.split("\x1f", 1)
    return mask_identity(kind, value)


def _conversation(row: Any) -> dict[str, Any]:
    """A listed conversation from a row of ``_CONV_COLUMNS``, read by position (by name, a
    row's 24 lookups cost more than the rest of the row: a 5,000-row list spent ~50 ms)."""
    (
        id_,
        customer,
        channel,
        status,
        priority,
        loan_type,
        amount_fen,
        urgency,
        credit_band,
        language,
        assigned_agent,
        agent_name,
        created_at,
        first_response_at,
        resolved_at,
        snoozed_until,
        last_message_at,
        last_excerpt,
        unread,
        outcome,
        callback_due,
        callback_note,
        customer_name,
        identity,
    ) = row
    return {
        "id": id_,
        "customer": customer,
        "customer_display": _display(identity),
        "customer_name": customer_name,
        "channel": channel,
        "status": status,
        "priority": priority,
        "loan_type": loan_type,
        "amount": yuan(amount_fen),
        "urgency": urgency,
        "credit_band": credit_band,
        "language": language,
        "assigned_agent": assigned_agent,
        "agent_name": agent_name,
        "created_at": created_at,
        "first_response_at": first_response_at,
        "resolved_at": resolved_at,
        "snoozed_until": snoozed_until,
        "last_message_at": last_message_at,
        "last_excerpt": last_excerpt,
        "unread": unread,
        "outcome": outcome,
        "callback_due": callback_due,
        "callback_note": callback_note,
    }


async def list_conversations(
    store: Store,
    *,
    statuses: list[str] | None,
    agent_id: int | None,
    queues: list[str] | None,
    limit: int,
    query: str | None = None,
    before: int | None = None,
    before_id: int | None = None,
    order: str = "activity",
    after: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Conversations visible to a viewer, most recently active first. ``agent_id`` None means
    everything (supervisor); otherwise the agent's own plus unassigned ones in ``queues`` (None
    loan type = general). ``before`` (last activity, epoch ms) and ``before_id`` (the last row's
    id, for ties) page back; ``query`` searches (store/search.py). ``order="inbox"``: the
    unresolved ones in the inbox order instead, ``after`` the last row's ``inbox_key``."""
    limit = max(1, min(limit, search.MAX_LIMIT))
    if order == "inbox":
        where, params = inbox_where(statuses, agent_id, queues, after)
        return await _list_page(store, where, params, None, None, limit, False, _BY_INBOX)
    where, params = _viewer_where(statuses, agent_id, queues)
    q = query.strip() if query else ""
    searching = False
    windowed: str | None = None  # a dense search whose walk reads its window first
    if q.startswith("#") and q[1:].isdigit():
        where.append("c.id = ?")  # "#12": that conversation
        params.append(int(q[1:]))
    elif q:
        sql_for = search.dialect(store.postgres)
        sql, count_params = sql_for.count_sql(q)
        row = await store.fetchone(sql, count_params)
        dense = bool(row and row[0] > search.DENSE)
        if dense and not store.postgres and len(q) >= 3:
            windowed = q
        else:
            clause, found = sql_for.matches(q, dense=dense)
            where.append(clause)
            params += found
        searching = True
    if not (searching and agent_id is not None):
        return await _list_page(
            store, where, params, before, before_id, limit, searching, windowed=windowed
        )
    # An agent's search: only matches in what they can see count (store/search.py), so read
    # pages of candidates until the page is full or none are left. Each candidate more is a
    # longer walk of the activity order (an agent sees a tenth of the conversations) and each
    # page more builds the matches again, so the first page asks for a little more than the
    # page (almost every candidate is seen: a number shown masked is the exception) and any
    # further page for twice the page.
    out: list[dict[str, Any]] = []
    wanted = limit + limit // 4
    while len(out) < limit:
        rows = await _list_page(
            store, where, params, before, before_id, wanted, True, windowed=windowed, agent=True
        )
        if not rows:
            break
        identities = await _identities(store, {r["customer"] for r in rows})
        out += [r for r in rows if search.agent_sees(q, r, identities.get(r["customer"], []))]
        if len(rows) < wanted:
            break
        before, before_id = activity(rows[-1]), rows[-1]["id"]
        wanted = limit * 2
    return out[:limit]


def inbox_where(
    statuses: list[str] | None,
    agent_id: int | None,
    queues: list[str] | None,
    after: list[int] | None,
) -> tuple[list[str], list[Any]]:
    """What a page of unresolved conversations in the inbox order asks for: a walk of the
    partial index conversations_inbox from ``after`` on, as long as open work, not history."""
    where, params = _viewer_where(statuses, agent_id, queues, inbox=True)
    if after is not None:
        where.append(f"({_BY_INBOX}) > ({','.join('?' * len(INBOX_ORDER))})")
        params += after
    return where, params


def _viewer_where(
    statuses: list[str] | None, agent_id: int | None, queues: list[str] | None, inbox: bool = False
) -> tuple[list[str], list[Any]]:
    """The statuses asked for and what the viewer may see (``_visible_to``)."""
    where: list[str] = []
    params: list[Any] = []
    if inbox:
        # The partial index's own condition, written as it is there: SQLite uses a partial
        # index only for a query that says so. A status list naming all three says nothing
        # more (and an IN would lead SQLite to the status index and a sort).
        where.append("c.status != 'resolved'")
    if statuses and not (inbox and set(statuses) == set(ACTIVE)):
        where.append(f"c.status IN ({','.join('?' * len(statuses))})")
        params += statuses
    if agent_id is not None:
        clause, scope = _visible_to(agent_id, queues)
        where.append(clause)
        params += scope
    return where, params


def page_ids_sql(where: list[str], order: str, limit: int, postgres: bool = False) -> str:
    """The ids of a page (the rows' columns are read for these only). PostgreSQL: from
    ``conversation_order``, the narrow copy of the columns lists filter and sort on, with
    the same names (migration 0025: the inbox and activity indexes are there, so that a
    message's update of its conversation's row touches no index)."""
    page = f"SELECT c.id FROM {'conversation_order' if postgres else 'conversations'} c"
    if where:
        page += " WHERE " + " AND ".join(where)
    return page + f" ORDER BY {order} LIMIT {int(limit)}"


def page_keys_sql(where: list[str], order: str, limit: int) -> str:
    """SQLite: the ids of a page with their keys in ``order`` (``k0``, ``k1``, ...), its
    ``where`` parameters given twice. The page is made of two walks: the order's index over
    the conversations with no pending activity (search.NOT_PENDING, the index as before),
    and the pending ones (search.PENDING_ROWS: at most those active since the writer's last
    fold), sorted; a keyset cursor in ``where`` applies to both, the pending ones with their
    pending activity."""
    terms = _TERMS[order]
    keys = ", ".join(f"{expr} AS k{i}" for i, (expr, _) in enumerate(terms))
    by = ", ".join(f"k{i}{direction}" for i, (_, direction) in enumerate(terms))
    walked = " WHERE " + " AND ".join([*where, search.NOT_PENDING])
    pending = " WHERE " + " AND ".join(where) if where else ""
    # One compound SELECT: SQLite merges its two parts in ``by`` (MERGE (UNION ALL)), the
    # first walked in its index's order as before, the second sorted, and stops at the limit.
    return (
        f"SELECT c.id, {keys} FROM conversations c{walked} UNION ALL"
        f" SELECT c.id, {keys} FROM {search.PENDING_ROWS} c{pending}"
        f" ORDER BY {by} LIMIT {int(limit)}"
    )


def activity(row: dict[str, Any]) -> int:
    """A listed conversation's place in the inbox order (``before`` for the next page)."""
    return row["last_message_at"] if row["last_message_at"] is not None else row["created_at"]


def _visible_to(agent_id: int, queues: list[str] | None) -> tuple[str, list[Any]]:
    """An agent sees their own conversations and (``queues`` given) the unassigned, unresolved
    ones of their queues or the general queue: the same rule as core/visibility.can_see."""
    visible = ["c.assigned_agent = ?"]
    params: list[Any] = [agent_id]
    if queues is not None:
        q = "c.assigned_agent IS NULL AND c.status != 'resolved' AND (c.loan_type IS NULL"
        if queues:
            q += f" OR c.loan_type IN ({','.join('?' * len(queues))})"
            params += queues
        visible.append(q + ")")
    return "(" + " OR ".join(visible) + ")", params


async def _list_page(
    store: Store,
    where: list[str],
    params: list[Any],
    before: int | None,
    before_id: int | None,
    limit: int,
    slow: bool,
    order: str = _BY_ACTIVITY,
    windowed: str | None = None,
    agent: bool = False,
) -> list[dict[str, Any]]:
    """A page in ``order``; ``windowed``: a dense search for this query, whose clause is
    made from the window its walk starts with (search.window), in the same hop."""
    cursor: list[str] = []
    cursor_params: list[Any] = []
    if before is not None and before_id is not None:
        cursor.append(f"{search.ACTIVITY} <= ? AND ({search.ACTIVITY} < ? OR c.id < ?)")
        cursor_params += [before, before, before_id]
    elif before is not None:
        cursor.append(f"{search.ACTIVITY} < ?")
        cursor_params.append(before)
    where, params = [*where, *cursor], [*params, *cursor_params]
    postgres = store.postgres

    def page_sql(where: list[str]) -> str:
        # Choose the page's ids first, then fetch the columns (the names, the identity
        # shown) for those rows only, not for every match.
        if postgres:  # nothing pending there
            ids, by = page_ids_sql(where, order, limit, postgres), order
        else:
            ids = page_keys_sql(where, order, limit)
            by = ", ".join(f"page.k{i}{d}" for i, (_, d) in enumerate(_TERMS[order]))
        return (
            f"SELECT {_CONV_COLUMNS} FROM ({ids}) page"
            f" CROSS JOIN conversations c {search.PENDING_JOIN}"
            " LEFT JOIN agents a ON a.id = c.assigned_agent"
            " LEFT JOIN customers cu ON cu.id = c.customer_id"
            f" WHERE c.id = page.id ORDER BY {by}"
        )

    def twice(params: list[Any]) -> list[Any]:
        return params if postgres else [*params, *params]  # SQLite: both walks' parameters

    if windowed is None:
        rows = await store.fetchall(page_sql(where), twice(params), slow=slow)
        return [_conversation(r) for r in rows]
    query = windowed

    def read(conn: Any) -> list[Any]:
        size = search.AGENT_WINDOW if agent else search.WINDOW
        window = search.window(conn, cursor, cursor_params, size)
        clause, found = search.matches(query, dense=True, window=window)
        return conn.execute(page_sql([*where, clause]), twice([*params, *found])).fetchall()

    return [_conversation(r) for r in await store.read(read, slow=slow)]


async def _identities(store: Store, customers: set[int]) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    if not customers:
        return out
    rows = await store.fetchall(
        "SELECT customer_id, kind, value FROM customer_identities"
        f" WHERE customer_id IN ({','.join('?' * len(customers))})",
        list(customers),
    )
    for r in rows:
        out.setdefault(r["customer_id"], []).append((r["kind"], r["value"]))
    return out


async def waiting_previews(
    store: Store, conversations: list[int]
) -> list[tuple[int, str, str | None]]:
    """(id, the customer's masked display, the last customer message's excerpt) of these
    conversations, as their list rows show them (the waiting summary's previews of work that
    waited before the server started)."""
    if not conversations:
        return []
    rows = await store.fetchall(
        f"SELECT c.id, {search.LAST_EXCERPT} AS last_excerpt, (SELECT kind || '\x1f' || value"
        " FROM customer_identities i WHERE i.customer_id = c.customer_id"
        f" ORDER BY i.created_at LIMIT 1) AS identity FROM conversations c {search.PENDING_JOIN}"
        f" WHERE c.id IN ({','.join('?' * len(conversations))})",
        conversations,
    )
    return [(r["id"], _display(r["identity"]), r["last_excerpt"]) for r in rows]


async def customer_visible_to(
    store: Store, customer: int, agent_id: int, queues: list[str] | None
) -> bool:
    """Has the customer a conversation this agent may see? One indexed lookup (the
    per-customer index on conversations), never a walk over every conversation."""
    clause, params = _visible_to(agent_id, queues)
    row = await store.fetchone(
        f"SELECT 1 FROM conversations c WHERE c.customer_id = ? AND {clause} LIMIT 1",
        [customer, *params],
    )
    return row is not None


async def conversation_whispers(store: Store, conversation: int) -> list[dict[str, Any]]:
    """A conversation's whispers, shaped like transcript lines (direction ``whisper``), with the
    agent each was meant for. They live in the event log only, never in ``messages``, so no
    customer-facing read can pick them up."""
    rows = await store.fetchall(
        "SELECT seq, ts, payload FROM events WHERE conversation = ?"
        " AND kind = 'conversation.whisper' ORDER BY seq",
        (conversation,),
    )
    payloads = [json.loads(r["payload"]) for r in rows]
    if payloads and store.sealer is not None:
        payloads = await store.unseal(payloads)
    return [
        {
            "id": None,
            "seq": r["seq"],
            "ts": r["ts"],
            "direction": "whisper",
            "author": payload.get("supervisor"),
            "body": payload.get("body"),
            "kind": "text",
            "channel": None,
            "agent": payload.get("agent"),
        }
        for r, payload in zip(rows, payloads, strict=True)
    ]


async def get_conversation(
    store: Store, conversation: int, before: int | None, limit: int
) -> dict[str, Any] | None:
    row = await store.fetchone(
        f"SELECT {_CONV_COLUMNS} FROM conversations c {search.PENDING_JOIN}"
        " LEFT JOIN agents a ON a.id = c.assigned_agent"
        " LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?",
        (conversation,),
    )
    if row is None:
        return None
    params: list[Any] = [conversation]
    sql = (
        "SELECT id, seq, ts, direction, author, body, kind, channel, external_id, attachment,"
        " delivery, intent FROM messages WHERE conversation_id = ?"
    )
    if before is not None:
        sql += " AND id < ?"
        params.append(before)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(max(1, min(limit, 5000)))
    messages = [
        {
            "id": m["id"],
            "seq": m["seq"],
            "ts": m["ts"],
            "direction": m["direction"],
            "author": m["author"],
            "body": m["body"],
            "kind": m["kind"],
            "channel": m["channel"],
            "external_id": m["external_id"],
            "attachment": _attachment(m["attachment"]),
            "delivery": m["delivery"],
            "intent": m["intent"],
        }
        for m in reversed(await store.fetchall(sql, params))
    ]
    calls = [
        dict(c)
        for c in await store.fetchall(
            "SELECT call_id, direction, state, started_at, answered_at, ended_at, agent, cause,"
            " duration_s, billsec_s FROM calls WHERE conversation_id = ? ORDER BY started_at",
            (conversation,),
        )
    ]
    from loancs.store.assistant_reads import conversation_state

    return {
        "conversation": _conversation(row),
        "messages": messages,
        "calls": calls,
        "assistant": await conversation_state(store, conversation),
    }


def _attachment(text: str | None) -> dict | None:
    if not text:
        return None
    data = json.loads(text)
    data.pop("raw", None)  # the raw channel body stays in the store
    return data or None


async def get_customer(store: Store, customer: int) -> dict[str, Any] | None:
    from loancs.store.assistant_reads import customer_extras

    row = await store.fetchone(
        "SELECT id, name, created_at, preferences FROM customers WHERE id = ?", (customer,)
    )
    if row is None:
        return None
    identities = [
        {
            "kind": r["kind"],
            "display": mask_identity(r["kind"], r["value"]),
            "since": r["created_at"],
        }
        for r in await store.fetchall(
            "SELECT kind, value, created_at FROM customer_identities WHERE customer_id = ?"
            " ORDER BY created_at",
            (customer,),
        )
    ]
    applications = []
    for app in await store.fetchall(
        "SELECT id, external_id, loan_type, amount_fen, stage, created_at, updated_at"
        " FROM applications WHERE customer_id = ? ORDER BY created_at",
        (customer,),
    ):
        timeline = [
            {"stage": s["stage"], "ts": s["ts"], "note": s["note"]}
            for s in await store.fetchall(
                "SELECT stage, ts, note FROM application_stages WHERE application_id = ?"
                " ORDER BY ts, seq",
                (app["id"],),
            )
        ]
        applications.append(
            {
                "application": app["external_id"],
                "loan_type": app["loan_type"],
                "amount": yuan(app["amount_fen"]),
                "stage": app["stage"],
                "created_at": app["created_at"],
                "updated_at": app["updated_at"],
                "timeline": timeline,
            }
        )
    conversations = [
        {
            "id": c["id"],
            "channel": c["channel"],
            "status": c["status"],
            "loan_type": c["loan_type"],
            "created_at": c["created_at"],
            "resolved_at": c["resolved_at"],
            "last_excerpt": c["last_excerpt"],
            "agent_name": c["agent_name"],
            "outcome": c["outcome"],
        }
        for c in await store.fetchall(
            "SELECT c.id, c.channel, c.status, c.loan_type, c.created_at, c.resolved_at,"
            f" {search.LAST_EXCERPT} AS last_excerpt, c.outcome, a.name AS agent_name"
            f" FROM conversations c {search.PENDING_JOIN}"
            " LEFT JOIN agents a ON a.id = c.assigned_agent WHERE c.customer_id = ?"
            " ORDER BY c.created_at DESC",
            (customer,),
        )
    ]
    return {
        "id": row["id"],
        "name": row["name"],
        "created_at": row["created_at"],
        "preferences": json.loads(row["preferences"] or "{}"),
        "identities": identities,
        "applications": applications,
        "conversations": conversations,
        **await customer_extras(store, customer),
    }


async def service_level(
    store: Store, sla_ms: int, since_ms: int | None = None, now_ms: int | None = None
) -> dict[str, Any]:
    """Share of conversations first answered within the SLA, since ``since_ms`` (default:
    the last 24 hours), per channel and overall, with the median first response.

    The last 24 hours (get_queues and the desk ask on every refresh) come from a window kept
    per store (``ServiceWindow``): a day's conversations are read once, then only the new
    ones and the first answers of those still unanswered, not the whole day each time."""
    import time

    now = now_ms if now_ms is not None else int(time.time() * 1000)
    if since_ms is not None:
        rows = await store.fetchall(_SERVICE_WINDOW_SQL, (since_ms,))
        groups: dict[str, list[int]] = {}
        totals: dict[str, int] = {}
        for _, _, channel, frt in rows:  # by position
            totals[channel] = totals.get(channel, 0) + 1
            if frt is not None:
                groups.setdefault(channel, []).append(frt)
        if rows:
            totals["all"] = len(rows)
            groups["all"] = [frt for values in groups.values() for frt in values]
        for values in groups.values():
            values.sort()
        return _service_figures(sla_ms, since_ms, totals, groups)
    window = _service_windows.get(store)
    if window is None:
        window = _service_windows[store] = ServiceWindow()
    return await store.read(lambda conn: window.figures(conn, sla_ms, now))


def _service_figures(
    sla_ms: int, since: int, totals: dict[str, int], answered: dict[str, list[int]]
) -> dict[str, Any]:
    """The figures from each channel's count and sorted first-response times ("all" too)."""
    out: dict[str, Any] = {"sla_s": sla_ms // 1000, "since": since, "channels": {}}
    for channel, total in sorted(totals.items()):
        times = answered.get(channel, [])
        entry = {
            "total": total,
            "answered": len(times),
            "within_sla": bisect_right(times, sla_ms),
            "share": round(bisect_right(times, sla_ms) / total, 4) if total else None,
            "first_response_p50_s": round(times[len(times) // 2] / 1000, 1) if times else None,
        }
        if channel == "all":
            out.update(entry)
        else:
            out["channels"][channel] = entry
    return out


# A window's conversations (the covering index conversations_created_window holds these).
_SERVICE_WINDOW_SQL = (
    "SELECT id, created_at, channel, first_response_at - created_at FROM conversations"
    " WHERE created_at >= ?"
)
SERVICE_DAY_MS = 86_400_000
SERVICE_REREAD_S = 60.0  # the whole window is read again at most this often (a safety net)
_ANSWERED_CHUNK = 500


class ServiceWindow:
    """The last 24 hours' conversations as ``service_level`` counts them, kept up to date a
    little at a time. A conversation's time, channel and id never change and its first
    response is set once (store/apply), and ids grow in commit order (one writer at a
    time), so after the first read only these are read: the conversations with a higher id
    than any seen, and the first responses of those still unanswered. The window's oldest
    leave as it slides. Every SERVICE_REREAD_S the window is read whole again anyway."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # reads run on any of the store's read threads
        # id -> its row (id, created, channel, frt): the rows as read, not copies
        self._rows: dict[int, Any] = {}
        self._by_time: list[tuple[int, int]] = []  # heap of (created_at, id): who leaves next
        self._totals: dict[str, int] = {}
        self._answered: dict[str, list[int]] = {}  # channel and "all" -> sorted times
        self._unanswered: set[int] = set()
        self._high = 0  # the highest id read
        self._since = 0
        self._read_at: float | None = None  # never read yet
        self.reads = 0  # whole reads, for the tests

    def figures(self, conn: Any, sla_ms: int, now: int) -> dict[str, Any]:
        since = now - SERVICE_DAY_MS
        with self._lock:
            read_at = self._read_at
            stale = read_at is None or time.monotonic() - read_at > SERVICE_REREAD_S
            if stale or since < self._since:
                self._read_whole(conn, since)
            else:
                self._slide(since)
                self._catch_up(conn, since)
            self._since = since
            return _service_figures(sla_ms, since, self._totals, self._answered)

    def _read_whole(self, conn: Any, since: int) -> None:
        self._high = max(self._high, self._max_id(conn))  # first: a row between is read twice
        rows = _tuples(conn, _SERVICE_WINDOW_SQL, (since,))
        self._rows = {row[0]: row for row in rows}
        self._by_time = [(created, id_) for id_, created, _, _ in rows]
        heapq.heapify(self._by_time)
        totals: dict[str, int] = {}
        answered: dict[str, list[int]] = {}
        unanswered: set[int] = set()
        for id_, _, channel, frt in rows:
            totals[channel] = totals.get(channel, 0) + 1
            if frt is None:
                unanswered.add(id_)
            else:
                times = answered.get(channel)
                if times is None:
                    times = answered[channel] = []
                times.append(frt)
        if rows:
            totals["all"] = len(rows)
            answered["all"] = [frt for times in answered.values() for frt in times]
        for times in answered.values():
            times.sort()
        self._totals, self._answered, self._unanswered = totals, answered, unanswered
        self._read_at = time.monotonic()
        self.reads += 1

    @staticmethod
    def _max_id(conn: Any) -> int:
        row = conn.execute("SELECT max(id) FROM conversations").fetchone()
        return (row[0] if row else None) or 0

    def _add(self, id_: int, created: int, channel: str, frt: int | None) -> None:
        self._rows[id_] = (id_, created, channel, frt)
        heapq.heappush(self._by_time, (created, id_))
        self._totals[channel] = self._totals.get(channel, 0) + 1
        self._totals["all"] = self._totals.get("all", 0) + 1
        if frt is None:
            self._unanswered.add(id_)
        else:
            self._answer(channel, frt)

    def _answer(self, channel: str, frt: int) -> None:
        for key in (channel, "all"):
            times = self._answered.get(key)
            if times is None:
                times = self._answered[key] = []
            insort(times, frt)

    def _slide(self, since: int) -> None:
        """The conversations older than the window leave it."""
        by_time = self._by_time
        while by_time and by_time[0][0] < since:
            _, id_ = heapq.heappop(by_time)
            _, created, channel, frt = self._rows.pop(id_)
            for key in (channel, "all"):
                left = self._totals[key] - 1
                if left:
                    self._totals[key] = left
                else:
                    del self._totals[key]
                if frt is not None:
                    times = self._answered[key]
                    del times[bisect_left(times, frt)]
                    if not times:
                        del self._answered[key]
            self._unanswered.discard(id_)

    def _catch_up(self, conn: Any, since: int) -> None:
        """The conversations new since the last read, and the first answers meanwhile."""
        new = conn.execute(
            "SELECT id, created_at, channel, first_response_at - created_at FROM conversations"
            " WHERE id > ? ORDER BY id",
            (self._high,),
        ).fetchall()
        for id_, created, channel, frt in new:
            self._high = max(self._high, id_)
            if created >= since and id_ not in self._rows:
                self._add(id_, created, channel, frt)
        waiting = sorted(self._unanswered)
        for start in range(0, len(waiting), _ANSWERED_CHUNK):
            chunk = waiting[start : start + _ANSWERED_CHUNK]
            for id_, frt in conn.execute(
                "SELECT id, first_response_at - created_at FROM conversations"
                f" WHERE id IN ({','.join('?' * len(chunk))}) AND first_response_at IS NOT NULL",
                chunk,
            ).fetchall():
                _, created, channel, _ = self._rows[id_]
                self._rows[id_] = (id_, created, channel, frt)
                self._unanswered.discard(id_)
                self._answer(channel, frt)


def _tuples(conn: Any, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """Rows as plain tuples on SQLite (the store's read connections make sqlite3.Row
    objects: larger, and slower to make and to unpack, for thousands of rows kept)."""
    if isinstance(conn, sqlite3.Connection):
        cursor = conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()
    return list(conn.execute(sql, params).fetchall())


_service_windows: weakref.WeakKeyDictionary[Any, ServiceWindow] = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------- routing

_ROUTING_COLUMNS = OPEN_WORK_COLUMNS


async def routing_standing_offers(store: Store, since_ms: int) -> dict[int, tuple[int, int]]:
    """Offers made since ``since_ms`` that still stand (not withdrawn, timed out or
    declined since): conversation -> (agent, expires_ms). The log is the only record of an
    offer; routing reads it when it starts beside a leader that may have made some."""
    low, high = 1, await store.last_seq() + 1  # the first seq at or after since_ms
    while low < high:
        middle = (low + high) // 2
        row = await store.fetchone(
            "SELECT ts FROM events WHERE seq >= ? ORDER BY seq LIMIT 1", (middle,)
        )
        if row is None or row["ts"] >= since_ms:
            high = middle
        else:
            low = middle + 1
    rows = await store.fetchall(
        "SELECT kind, conversation, payload FROM events WHERE seq >= ? AND kind IN (?, ?, ?)"
        " ORDER BY seq",
        (
            low,
            Kind.CONVERSATION_OFFERED,
            Kind.CONVERSATION_OFFER_EXPIRED,
            Kind.CONVERSATION_DECLINED,
        ),
    )
    standing: dict[int, tuple[int, int]] = {}
    for row in rows:
        payload = json.loads(row["payload"])
        conversation = row["conversation"]
        if row["kind"] == Kind.CONVERSATION_OFFERED:
            standing[conversation] = (payload["agent"], payload["expires_ms"])
        elif standing.get(conversation, (None,))[0] == payload.get("agent"):
            del standing[conversation]
    return standing


async def routing_conversation(store: Store, conversation: int) -> dict[str, Any] | None:
    """One conversation as routing needs it (None: no such conversation)."""
    row = await store.fetchone(
        f"SELECT {_ROUTING_COLUMNS} FROM conversations WHERE id = ?", (conversation,)
    )
    return dict(row) if row is not None else None


async def last_agent_of_customer(
    store: Store, customer: int, other_than: int | None = None
) -> tuple[int, int] | None:
    """The agent who last had one of the customer's conversations (other than
    ``other_than``) and when it last moved: (agent id, epoch ms), or None."""
    row = await store.fetchone(
        "SELECT c.assigned_agent, COALESCE(c.resolved_at, ap.at, c.last_message_at, c.created_at)"
        f" AS ts FROM conversations c {search.PENDING_JOIN} WHERE c.customer_id = ? AND c.id != ?"
        " AND c.assigned_agent IS NOT NULL ORDER BY c.id DESC LIMIT 1",
        (customer, other_than if other_than is not None else -1),
    )
    return (row["assigned_agent"], row["ts"]) if row is not None else None


async def agent_state(store: Store, agent: int) -> tuple[str, str | None] | None:
    """An agent's stored state and its reason (None: no such agent)."""
    row = await store.fetchone("SELECT state, state_reason FROM agents WHERE id = ?", (agent,))
    return (row["state"], row["state_reason"]) if row is not None else None


async def conversation_count(store: Store) -> int:
    row = await store.fetchone("SELECT COUNT(*) AS n FROM conversations")
    return row["n"] if row else 0
