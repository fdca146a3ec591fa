"""The supervisor's desk on the server: interventions (whisper, take over, force an
agent's state, monitor), the wallboard's floor data, and reports from the aggregates,
which this module keeps folded from the event log as events commit.

Every intervention is an event with the supervisor as actor. Reassigning and changing
priority use the existing ``transfer`` and ``set_priority`` frames, which record the
supervisor as actor too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from loancs.core.events import Kind
from loancs.settings import LENDER_TZ
from loancs.store import commands, queries, reports, server_reads
from loancs.store.tx import StorageError
from loancs.store.writer import StoredEvent

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

log = logging.getLogger("loancs.supervisor")
# The report roll-up runs in the writer, between the batches of messages: every op holds
# the writer (and, on PostgreSQL, the append lock every server's writer waits for) while
# it reads and folds its events, ~5 ms + ~8 µs an event. Often and small, so no message
# waits long behind one: at 1,000 msg/s a fold every 2 s of up to 5,000 events held the
# writer ~20 ms at a time (a delivery p99 spike); every 0.5 s, at most 500 events, ~9 ms.
ROLLUP_EVERY_S = 0.5
_AGENT_STATE = str(Kind.AGENT_STATE)  # compared for every event: a plain string
ROLLUP_BATCH = 500


def now_ms() -> int:
    return int(time.time() * 1000)


class SupervisorDesk:
    """Folds events into the report aggregates and remembers when each agent's state
    last changed (for "time in state" on the wallboard)."""

    def __init__(self, server: ServerContext):
        self.server = server
        self.state_since: dict[int, int] = {}
        self.folded_to = 0
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()
        self._closing = False

    async def start(self) -> None:
        for agent, ts in await server_reads.agent_state_changes(self.server.store):
            self.state_since[agent] = ts
        self.server.hub.listeners.append(self._on_events)
        self._task = asyncio.create_task(self._loop())

    async def close(self) -> None:
        self._closing = True
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def _on_events(self, events: list[StoredEvent]) -> None:
        for event in events:
            if event.kind == _AGENT_STATE and event.payload.get("agent") is not None:
                self.state_since[event.payload["agent"]] = event.ts

    async def _loop(self) -> None:
        while not self._closing:
            await asyncio.sleep(ROLLUP_EVERY_S)
            writer = self.server.store.writer
            if getattr(writer, "storage_error", None) is not None:
                continue  # the disk is full or failing: /healthz probes it, reports wait
            if not self.server.leads:
                continue  # several servers on one database: the leader folds for all
            if self.server.hub.last_seq > self.folded_to:
                try:
                    await self.catch_up()
                except StorageError as exc:  # a full disk: one line, /healthz says the rest
                    log.warning("report rollup failed: %s (the next round retries)", exc)
                except Exception:  # the next round retries; reports catch up on demand
                    log.exception("report rollup failed")

    async def catch_up(self) -> None:
        """Fold everything committed so far (in batches, so the writer is never held long)."""
        async with self._lock:
            target = self.server.hub.last_seq
            # Small batches: each is one op in the writer's queue, so channel writes
            # interleave with a long catch-up instead of waiting behind it.
            while True:
                result = await self.server.store.submit(commands.RollupReports(limit=ROLLUP_BATCH))
                if result["folded"] < ROLLUP_BATCH:
                    break
            self.folded_to = target

    # -------------------------------------------------------------- reads

    async def report(self, name: str, start_ms: int, end_ms: int, by: str | None, sla_s: int):
        await self.catch_up()
        window = reports.Window(start_ms, end_ms, LENDER_TZ)
        return await server_reads.report(self.server.store, name, window, by, sla_s)

    async def floor(self, sla_s: int, limit: int = 500, offset: int = 0) -> dict[str, Any]:
        """The wallboard: the waiting work a page at a time (first by priority, then the
        longest wait), ``waiting_total`` and every waiting complaint (``complaints``)."""
        routing = self.server.services.routing
        data = routing.snapshot(limit, offset)
        now = data.get("now_ms") or now_ms()
        for agent in data["agents"]:
            agent["state_since_ms"] = self.state_since.get(agent["id"])
        tz = ZoneInfo(LENDER_TZ)
        midnight = datetime.fromtimestamp(now / 1000, tz).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        start = int(midnight.timestamp() * 1000)
        await self.catch_up()
        window = reports.Window(start, now + 1, LENDER_TZ)
        today = await server_reads.report(self.server.store, "service", window, "queue", sla_s)
        columns = today["columns"]
        per_queue = {row[0]: dict(zip(columns, row, strict=True)) for row in today["rows"]}
        for name in per_queue:
            data["queues"].setdefault(
                name, {"waiting": 0, "offered": 0, "oldest_wait_ms": 0, "top_priority": None}
            )
        for name, queue in data["queues"].items():
            figures = per_queue.get(name, {})
            queue["service_level"] = figures.get("service_level")
            queue["answered_today"] = figures.get("first_responses", 0)
            queue["abandoned_today"] = figures.get("abandoned", 0)
            queue["opened_today"] = figures.get("opened", 0)
        data["queues"] = dict(sorted(data["queues"].items()))
        if data["waiting"]:
            await self._explain(routing.router.policy, data["waiting"])
        data["service_level"] = await queries.service_level(self.server.store, sla_s * 1000)
        data["sla_s"] = sla_s
        data["now_ms"] = now
        return data

    async def _explain(self, policy: Any, waiting: list[dict[str, Any]]) -> None:
        """Why each waiting conversation of the page has its priority: the points it got for
        urgency, channel, amount and credit band, what waiting added, or the override."""
        ids = [w["id"] for w in waiting]
        facts = await server_reads.priority_facts(self.server.store, ids)
        for w in waiting:
            row = facts.get(w["id"])
            if row is None:
                continue
            if row["priority"]:
                w["explain"] = {
                    "override": row["priority"],
                    "waited": w["priority"] - row["priority"],
                }
                continue
            amount_points = 0
            if row["amount_fen"] is not None:
                amount = Decimal(row["amount_fen"]) / 100
                for threshold, points in policy.amount_points:
                    if amount < threshold:
                        break
                    amount_points = points
            parts = {
                "urgency": policy.urgency_points.get(row["urgency"] or "normal", 0),
                "channel": policy.channel_points.get(row["channel"], 0),
                "amount": amount_points,
                "credit": policy.credit_points.get(row["credit_band"], 0)
                if row["credit_band"]
                else 0,
            }
            parts["waited"] = w["priority"] - sum(parts.values())
            w["explain"] = parts
