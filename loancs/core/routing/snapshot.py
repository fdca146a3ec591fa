"""The router's plain-data view of queues and agents (for the supervisor screen, metrics)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from typing import Any

from loancs.core.routing.model import AgentSlot, ConvSlot, OfferSlot, queue_name
from loancs.core.routing.policy import MINUTE_MS, RoutingPolicy


def snapshot(
    policy: RoutingPolicy,
    agents: Mapping[int, AgentSlot],
    convs: Mapping[int, ConvSlot],
    offers: Mapping[int, OfferSlot],
    now: int,
    limit: int | None = None,
    offset: int = 0,
) -> dict[str, Any]:
    """``waiting``: first by priority, then longest wait, then id; with ``limit``, only the
    rows ``offset`` to ``offset + limit`` of that order (a row is built only for those, so
    a page of a long queue costs a pass over it, not a sort of it); ``waiting_total``
    counts them all; ``complaints`` names every waiting complaint (id, queue), page or not."""
    ranked: list[tuple[int, int, int, ConvSlot, str]] = []
    complaints: list[dict[str, Any]] = []  # every waiting complaint, whatever the page
    queues: dict[str, dict[str, Any]] = {}
    aging = policy.aging_per_minute
    names: dict[Any, str] = {}
    for conv in convs.values():
        status = conv.status
        if status == "assigned":
            continue
        w = conv.waiting
        # policy.aged_priority, inline: this runs once per waiting conversation.
        prio = round(conv.base + aging * max(now - w.enqueued_ms, 0) / MINUTE_MS)
        wait = now - conv.queued_ms
        name = names.get(conv.queue)
        if name is None:
            name = names[conv.queue] = queue_name(conv.queue)
        ranked.append((-prio, -wait, w.id, conv, name))
        if w.urgency == "complaint":
            complaints.append({"id": w.id, "queue": name})
        q = queues.get(name)
        if q is None:
            q = queues[name] = {
                "waiting": 0,
                "offered": 0,
                "oldest_wait_ms": 0,
                "top_priority": None,
            }
        q[status] += 1
        if wait > q["oldest_wait_ms"]:
            q["oldest_wait_ms"] = wait
        if q["top_priority"] is None or prio > q["top_priority"]:
            q["top_priority"] = prio
    offset = max(0, offset)
    if limit is None:
        ranked.sort()  # ids are unique: the slot is never compared
        page = ranked[offset:]
    else:
        page = heapq.nsmallest(offset + max(0, limit), ranked)[offset:]
    waiting = []
    for neg_prio, neg_wait, cid, conv, name in page:
        w = conv.waiting
        offer = offers.get(cid)
        waiting.append(
            {
                "id": cid,
                "queue": name,
                "channel": w.channel,
                "loan_type": w.loan_type,
                "urgency": w.urgency or "normal",
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
        "waiting_total": len(ranked),
        "complaints": complaints,
        "queues": dict(sorted(queues.items())),
        "agents": [_agent(agent) for agent in sorted(agents.values(), key=lambda a: a.info.id)],
        "offers": len(offers),
        "assigned": len(convs) - len(ranked),
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


NO_LOAN_TYPE = "none"  # the summary's key for conversations without a loan type


def waiting_summary(
    policy: RoutingPolicy, convs: Mapping[int, ConvSlot], now: int, top: int
) -> dict[str, dict[str, Any]]:
    """Waiting work by loan type (``none``: without one), what an agent's console shows of
    its queues: ``waiting`` (offered ones included), ``offered``, ``oldest`` (epoch ms the
    longest wait started) and ``top``, the first ``top`` in the order of ``snapshot``'s
    waiting list, as ``(id, channel, queued_ms, priority, urgency, offered)`` (``priority``:
    the one a supervisor set, 0 for none; the order is routing's), and ``ids``
    (every one waiting there). Everything
    is a time or a count that moves only with events, so equal summaries mean no news
    (aged priorities aside: they move a step at a time)."""
    ranked: dict[str, list[tuple[int, int, int, ConvSlot]]] = {}
    out: dict[str, dict[str, Any]] = {}
    aging = policy.aging_per_minute
    for conv in convs.values():
        status = conv.status
        if status == "assigned":
            continue
        w = conv.waiting
        key = w.loan_type or NO_LOAN_TYPE
        q = out.get(key)
        if q is None:
            q = out[key] = {
                "waiting": 0,
                "offered": 0,
                "oldest": conv.queued_ms,
                "top": [],
                "ids": set(),
            }
            ranked[key] = []
        q["waiting"] += 1
        q["ids"].add(w.id)
        if status == "offered":
            q["offered"] += 1
        if conv.queued_ms < q["oldest"]:
            q["oldest"] = conv.queued_ms
        prio = round(conv.base + aging * max(now - w.enqueued_ms, 0) / MINUTE_MS)
        ranked[key].append((-prio, conv.queued_ms, w.id, conv))
    for key, rows in ranked.items():
        out[key]["top"] = [
            (cid, conv.waiting.channel, queued, conv.waiting.priority_override or 0,
             conv.waiting.urgency or "normal", conv.status == "offered")
            for neg_prio, queued, cid, conv in heapq.nsmallest(top, rows)
        ]  # fmt: skip
    return out
