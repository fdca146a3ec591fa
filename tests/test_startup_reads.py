"""What a server reads when it starts (issue 18): with a year of history behind it, start-up
must cost what the open work costs, not what history costs. The plans SQLite picks for
those reads: index searches only, never a walk over every conversation or event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loancs.store import queries, server_reads
from loancs.store.db import Store, connect_sync


async def test_start_up_reads_search_indexes_and_walk_no_history(tmp_path: Path) -> None:
    db = tmp_path / "start.db"
    store = Store(db)
    await store.open()
    asked: list[tuple[str, Any]] = []

    async def recorded(sql: str, params: Any = (), **_: Any) -> list[Any]:
        asked.append((sql, params))
        return []

    store.fetchall = recorded  # type: ignore[method-assign]
    try:
        await store.conversation_meta_open()
        await queries.routing_open_conversations(store)
        await server_reads.agent_state_changes(store)
    finally:
        del store.fetchall
        await store.close()
    conn = connect_sync(db)
    plans = [
        " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        for sql, params in asked
    ]
    conn.close()
    live, routing, states = plans
    # Open work from its own index alone (no table row read per conversation); nothing
    # resolved (loaded when something names it), and no other walk.
    for plan in (live, routing):
        assert plan == "SCAN conversations USING COVERING INDEX conversations_open_work", plan
    # The desk's "time in state": the few agent.state events, not the last 200,000 events.
    assert "events_agent_state" in states, states
