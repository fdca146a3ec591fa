"""The router's plain-data view of queues and agents (for the supervisor screen, metrics)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from typing import Any

from loancs.core.routing.model import (
    NO_LOAN_TYPE,
    AgentSlot,
    ConvSlot,
    Entry,
    OfferSlot,
    QueueKey,
    queue_name,
    summary_key,
)
from loancs.core.routing.policy import MINUTE_MS, RoutingPolicy
from loancs.core.routing.queues import Queues

_SLACK = 1e-6  # far above float rounding of an aged priority, far below a priority step


def snapshot(
    policy: RoutingPolicy,
    agents: Mapping[int, AgentSlot],
    convs: Mapping[int, ConvSlot],
    offers: Mapping[int, OfferSlot],
    queues: Queues,
    now: int,
    limit: int | None = None,
    offset: int = 0,
) -> dict[str, Any]:
    """``waiting``: first by priority, then longest wait, then id; with ``limit``, only the
    rows ``offset`` to ``offset + limit`` of that order; ``waiting_total`` counts them all;
    ``complaints`` names every waiting complaint (id, queue) by id, page or not.

    Nothing here walks the waiting conversations: the queues keep their entries in aged
    priority order (every conversation ages at the same rate), so the per-queue figures
    are read from each queue's first entries, the counts from its length, and a page is a
    merge of the queues' heads, read up to the page's last priority. What does not follow
    that order is looked at one by one: offered conversations (at most the agents'
    capacity) and those enqueued after ``now`` (another clock's: they age from zero)."""
    aging = policy.aging_per_minute

    def aged(conv: ConvSlot) -> int:
        return round(conv.base + aging * max(now - conv.enqueued_ms, 0) / MINUTE_MS)

    def at_most(entry: Entry) -> int:
        # What ``aged`` gives this entry (enqueued by now) or any after it in queue order
        # can give, float rounding included.
        conv = convs[entry[2]]
        return round(conv.base + aging * (now - entry[1]) / MINUTE_MS + _SLACK)

    names: dict[QueueKey, str] = {}

    def name_of(key: QueueKey) -> str:
        name = names.get(key)
        if name is None:
            name = names[key] = queue_name(key)
        return name

    rows: dict[str, dict[str, Any]] = {}

    def seen(name: str, wait: int, prio: int | None) -> dict[str, Any]:
        q = rows.get(name)
        if q is None:
            q = rows[name] = {"waiting": 0, "offered": 0, "oldest_wait_ms": 0, "top_priority": None}
        if wait > q["oldest_wait_ms"]:
            q["oldest_wait_ms"] = wait
        if prio is not None and (q["top_priority"] is None or prio > q["top_priority"]):
            q["top_priority"] = prio
        return q

    heads: list[list[Entry]] = []
    for key, entries in queues.all():
        heads.append(entries)
        # the best aged priority of those enqueued by now: the first of them in queue order
        # (the next ones only where float rounding could tie them with it)
        top: int | None = None
        for entry in entries:
            if entry[1] > now:
                continue
            if top is not None and at_most(entry) <= top:
                break
            prio = aged(convs[entry[2]])
            top = prio if top is None or prio > top else top
        q = seen(name_of(key), now - queues.oldest_ms(key), top)
        q["waiting"] += len(entries)
    # looked at one by one: the offered, and the waiting enqueued after now (base priority)
    apart = [convs[cid] for cid in offers]
    apart.extend(convs[entry[2]] for entry in queues.enqueued_after(now))
    for conv in apart:
        q = seen(name_of(conv.queue), now - conv.queued_ms, aged(conv))
        if conv.status == "offered":
            q["offered"] += 1
    complaints = sorted(
        [*queues.complaints(), *(c for c in offers if convs[c].urgency == "complaint")]
    )
    total = queues.count() + len(offers)
    wanted = total if limit is None else offset + max(0, limit)
    listed: list[ConvSlot] = []
    if limit is None:
        listed = [convs[e[2]] for entries in heads for e in entries if e[1] <= now]
    elif wanted > 0:
        listed = _best_first(heads, convs, now, wanted, aged, at_most)
    listed.extend(apart)
    ranked = [(-aged(conv), conv.queued_ms - now, conv.id, conv) for conv in listed]
    if limit is None:
        ranked.sort()  # ids are unique: the slot is never compared
        page = ranked[max(0, offset) :]
    else:
        page = heapq.nsmallest(wanted, ranked)[max(0, offset) :]
    waiting = []
    for neg_prio, neg_wait, cid, conv in page:
        offer = offers.get(cid)
        waiting.append(
            {
                "id": cid,
                "queue": name_of(conv.queue),
                "channel": conv.channel,
                "loan_type": conv.loan_type,
                "urgency": conv.urgency or "normal",
                "priority": -neg_prio,
                "wait_ms": -neg_wait,
                "status": conv.status,
                "offered_to": offer.agent_id if offer else None,
                "sticky_agent": conv.sticky_agent,
            }
        )
    return {
        "now_ms": now,
        "waiting": waiting,
        "waiting_total": total,
        "complaints": [{"id": cid, "queue": name_of(convs[cid].queue)} for cid in complaints],
        "queues": dict(sorted(rows.items())),
        "agents": [_agent(agent) for agent in sorted(agents.values(), key=lambda a: a.info.id)],
        "offers": len(offers),
        "assigned": len(convs) - total,
    }


def _agent(agent: AgentSlot) -> dict[str, Any]:
    return {
        "id": agent.info.id,
        "name": agent.info.name,
        "state": agent.state,
        "state_reason": agent.state_reason,
        "connected": agent.connected,
        "load": dict(agent.load),
        "capacity": dict(agent.caps),
        "offers": sorted(agent.offers),
        "assigned": sorted(agent.assigned),
        "missed_offers": agent.missed,
        "last_end_ms": agent.last_end_ms if agent.last_end_ms >= 0 else None,
        "wrapup_until_ms": agent.wrapup_until,
        "away": (
            {"kind": agent.away_kind, "deadline_ms": agent.away_deadline}
            if agent.away_kind
            else None
        ),
    }


def waiting_summary(
    policy: RoutingPolicy,
    convs: Mapping[int, ConvSlot],
    offers: Mapping[int, OfferSlot],
    queues: Queues,
    now: int,
    top: int,
) -> dict[str, dict[str, Any]]:
    """Waiting work by loan type (``none``: without one), what an agent's console shows of
    its queues: ``waiting`` (offered ones included), ``offered``, ``oldest`` (epoch ms the
    longest wait started) and ``top``, the first ``top`` in the order of ``snapshot``'s
    waiting list, as ``(id, channel, queued_ms, priority, urgency, offered)`` (``priority``:
    the one a supervisor set, 0 for none; the order is routing's), and ``ids``
    (every one waiting there). Everything
    is a time or a count that moves only with events, so equal summaries mean no news
    (aged priorities aside: they move a step at a time).

    As ``snapshot``, nothing walks the waiting conversations (a summary is made up to twice
    a second): the queues keep each loan type's waiting ones (``ids`` is a copy, made in
    C), its oldest is at the head of its queues' ages, its first ``top`` a merge of its
    queues' heads; the offered and those enqueued after ``now`` are looked at one by one."""
    aging = policy.aging_per_minute

    def aged(conv: ConvSlot) -> int:
        return round(conv.base + aging * max(now - conv.enqueued_ms, 0) / MINUTE_MS)

    def at_most(entry: Entry) -> int:  # as in ``snapshot``
        conv = convs[entry[2]]
        return round(conv.base + aging * (now - entry[1]) / MINUTE_MS + _SLACK)

    apart: dict[str, list[ConvSlot]] = {}  # looked at one by one
    offered: dict[str, list[ConvSlot]] = {}
    for cid in offers:
        conv = convs[cid]
        key = summary_key(conv)
        apart.setdefault(key, []).append(conv)
        offered.setdefault(key, []).append(conv)
    for entry in queues.enqueued_after(now):
        conv = convs[entry[2]]
        apart.setdefault(summary_key(conv), []).append(conv)
    by_loan = queues.by_loan_type()
    out: dict[str, dict[str, Any]] = {}
    for name in {*by_loan, *offered}:
        members = by_loan.get(name, set())
        ids = set(members)
        oldest: int | None = None
        for conv in offered.get(name, ()):
            ids.add(conv.id)
            if oldest is None or conv.queued_ms < oldest:
                oldest = conv.queued_ms
        # its queues: by loan-type skill ("general", none or "" share the one without)
        shared = name in (NO_LOAN_TYPE, "general")
        heads: list[list[Entry]] = []
        for queue, entries in queues.all():
            if queue[1] == name or (shared and queue[1] is None):
                heads.append(entries)
                for conv in queues.ages(queue):
                    if conv.id in members:
                        if oldest is None or conv.queued_ms < oldest:
                            oldest = conv.queued_ms
                        break
        listed = _best_first(heads, convs, now, top, aged, at_most, members) if top > 0 else []
        listed.extend(apart.get(name, ()))
        ranked = [(-aged(conv), conv.queued_ms, conv.id, conv) for conv in listed]
        out[name] = {
            "waiting": len(ids),
            "offered": sum(1 for conv in offered.get(name, ()) if conv.status == "offered"),
            "oldest": oldest,
            "top": [
                (
                    cid,
                    conv.channel,
                    queued,
                    conv.priority_override or 0,
                    conv.urgency or "normal",
                    conv.status == "offered",
                )
                for neg_prio, queued, cid, conv in heapq.nsmallest(top, ranked)
            ],  # fmt: skip
            "ids": ids,
        }
    return out


def _best_first(
    heads: list[list[Entry]],
    convs: Mapping[int, ConvSlot],
    now: int,
    wanted: int,
    aged: Callable[[ConvSlot], int],
    at_most: Callable[[Entry], int],
    members: set[int] | None = None,
) -> list[ConvSlot]:
    """The queues' waiting entries enqueued by ``now`` (of ``members`` only, if given), best
    first: their aged priorities never rise, so reading stops past ``wanted`` once no later
    entry may still tie with the lowest priority among the first ``wanted``."""
    listed: list[ConvSlot] = []
    lowest: int | None = None
    for entry in heapq.merge(*heads):
        if entry[1] > now or (members is not None and entry[2] not in members):
            continue
        if len(listed) < wanted:
            prio = aged(convs[entry[2]])
            lowest = prio if lowest is None or prio < lowest else lowest
        elif lowest is not None and at_most(entry) < lowest:
            break
        listed.append(convs[entry[2]])
    return listed
