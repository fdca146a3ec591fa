"""The router's plain-data view of queues and agents (for the supervisor screen, metrics)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from loancs.core.routing.model import AgentSlot, ConvSlot, OfferSlot, queue_name
from loancs.core.routing.policy import RoutingPolicy


def snapshot(
    policy: RoutingPolicy,
    agents: Mapping[int, AgentSlot],
    convs: Mapping[int, ConvSlot],
    offers: Mapping[int, OfferSlot],
    now: int,
) -> dict[str, Any]:
    waiting: list[dict[str, Any]] = []
    queues: dict[str, dict[str, Any]] = {}
    for conv in convs.values():
        if conv.status == "assigned":
            continue
        w = conv.waiting
        prio = policy.aged_priority(conv.base, now - w.enqueued_ms)
        name = queue_name(conv.queue)
        offer = offers.get(w.id)
        waiting.append(
            {
                "id": w.id,
                "queue": name,
                "channel": w.channel,
                "loan_type": w.loan_type,
                "urgency": w.urgency or "normal",
                "priority": round(prio),
                "wait_ms": now - conv.queued_ms,
                "status": conv.status,
                "offered_to": offer.agent_id if offer else None,
                "sticky_agent": conv.sticky_agent,
            }
        )
        q = queues.setdefault(
            name, {"waiting": 0, "offered": 0, "oldest_wait_ms": 0, "top_priority": None}
        )
        q[conv.status] += 1
        q["oldest_wait_ms"] = max(q["oldest_wait_ms"], now - conv.queued_ms)
        if q["top_priority"] is None or round(prio) > q["top_priority"]:
            q["top_priority"] = round(prio)
    waiting.sort(key=lambda row: (-int(row["priority"]), -int(row["wait_ms"]), int(row["id"])))
    return {
        "now_ms": now,
        "waiting": waiting,
        "queues": dict(sorted(queues.items())),
        "agents": [_agent(agent) for agent in sorted(agents.values(), key=lambda a: a.info.id)],
        "offers": len(offers),
        "assigned": sum(1 for c in convs.values() if c.status == "assigned"),
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
