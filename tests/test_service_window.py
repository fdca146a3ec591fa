"""The service level of the last 24 hours (get_queues, the desk) kept up to date a little at
a time (issue 18): at every moment the same figures as a read of the whole day, while the
day is read whole only once; on a real SQLite file through the store's own commands."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from loancs.core import events as ev
from loancs.store import commands as c
from loancs.store import queries
from loancs.store.db import Store
from tests.conftest import seed_accounts

MIN = 60_000
DAY = 86_400_000
SOURCES = {
    "wechat": ("wechat-gw", "wechat"),
    "phone": ("phone-gw", "phone"),
    "chat": ("chat-gw", "visitor"),
}


async def test_the_days_service_level_is_kept_up_and_matches_a_whole_read(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(queries, "SERVICE_REREAD_S", 3600.0)  # no safety-net re-read here
    db = tmp_path / "sl.db"
    seed_accounts(db)
    rng = random.Random(18)
    clock = {"now": 1_790_000_000_000}
    store = Store(db, "NORMAL", clock=lambda: clock["now"])
    await store.open()
    unanswered: list[int] = []
    compared = 0
    try:
        for step in range(160):
            # Minutes to hours apart: over 160 steps the day's window slides past the first.
            clock["now"] += rng.choice([1, 2, 5, 30, 90]) * MIN + rng.randrange(MIN)
            if unanswered and rng.random() < 0.45:
                conv = unanswered.pop(rng.randrange(len(unanswered)))
                await store.apply(
                    c.Assign(
                        conversation=conv,
                        agent_id=1,
                        actor="agent:王芳",
                        kind=ev.Kind.CONVERSATION_ASSIGNED,
                        payload={"agent_name": "王芳", "reason": "accepted"},
                    )
                )
                await store.apply(
                    c.AgentReply(
                        conversation=conv, agent_id=1, agent_name="王芳", role="agent", body="您好"
                    )
                )
            else:
                channel = rng.choice(list(SOURCES))
                source, kind = SOURCES[channel]
                value = f"1390000{step:04d}" if kind == "phone" else f"oWin{step:018d}"
                result = await store.apply(
                    c.IngestMessage(
                        source=source,
                        channel=channel,
                        external_id=f"w-{step}",
                        identity=c.Identity(kind=kind, value=value),
                        body="我的贷款审批到哪一步了？",
                        hints=c.Hints(loan_type="car", amount=Decimal(100000)),
                    )
                )
                unanswered.append(result["conversation"])
            if step % 3 == 0:
                now = clock["now"] + rng.randrange(MIN)
                sla = rng.choice([30_000, 10 * MIN, 60 * MIN])
                kept = await queries.service_level(store, sla, now_ms=now)
                whole = await queries.service_level(store, sla, since_ms=now - DAY)
                assert kept == whole, step
                compared += 1
        window = queries._service_windows[store]
        assert compared > 50 and window.reads == 1  # read whole once, then kept up
        assert 0 < kept["total"] < step + 1  # the window slid: the first ones left it
        assert kept["answered"] > 0 and kept["channels"]
    finally:
        await store.close()
