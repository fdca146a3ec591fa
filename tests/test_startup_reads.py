"""What a server reads when it starts (issue 18): with a year of history behind it, start-up
must cost what the open work costs, not what history costs. The plans SQLite picks for
those reads: index searches only, never a walk over every conversation or event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loancs.store import server_reads
from loancs.store.db import OPEN_WORK_SQL, Store, connect_sync


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
        await server_reads.agent_state_changes(store)
        await server_reads.erased_keys_since(store, 0)  # every second while serving
    finally:
        del store.fetchall
        await store.close()
    conn = connect_sync(db)
    # what the hub holds and routing queues: one read (Store.open_work's)
    asked.insert(0, (OPEN_WORK_SQL, ()))
    plans = [
        " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        for sql, params in asked
    ]
    conn.close()
    live, states, erased = plans
    # Open work from its own index alone (no table row read per conversation); nothing
    # resolved (loaded when something names it), and no other walk.
    assert live == "SCAN conversations USING COVERING INDEX conversations_open_work", live
    # The desk's "time in state": the few agent.state events, not the last 200,000 events.
    assert "events_agent_state" in states, states
    # Keys erased behind the server's back: the erased ones only, not every customer's key.
    assert "customer_keys_erased" in erased and "SCAN" not in erased, erased


async def test_a_start_reads_the_open_work_without_keeping_its_pages(tmp_path: Path) -> None:
    """A start reads every open conversation once, from its index (~2 MB of pages at a
    year's 30,000): they pass through a small cache, not into a read connection's, where
    they stayed for as long as the server ran (its idle memory at 3M messages' open work:
    ~2 MB of 1.3x's margin). The connection's own cache size is as it was after."""
    import asyncio
    import ctypes

    import pytest

    try:
        lib = ctypes.CDLL("libsqlite3.so.0")  # the SQLite the sqlite3 module uses, if shared
        used = lib.sqlite3_memory_used
        used.restype = ctypes.c_int64
    except (OSError, AttributeError):
        pytest.skip("SQLite's memory counter is not reachable here")
    db = tmp_path / "open.db"
    connect_sync(db).close()  # the schema
    _open_conversations(db, 30_000)
    store = Store(db)
    await store.open_reads()
    try:
        sizes = await asyncio.gather(  # every read connection open, its schema read
            *[store.read(lambda c: c.execute("PRAGMA cache_size").fetchone()[0]) for _ in range(9)]
        )
        before = used()
        rows = await store.open_work()
        kept = used() - before
        assert len(rows) == 30_000
        plain = await store.read(lambda c: len(c.execute(OPEN_WORK_SQL).fetchall()))
        cached = used() - before - kept
        after = await asyncio.gather(
            *[store.read(lambda c: c.execute("PRAGMA cache_size").fetchone()[0]) for _ in range(9)]
        )
    finally:
        await store.close()
    assert plain == 30_000 and cached > 1_000_000, cached  # what a plain scan keeps
    assert kept < 300_000, kept
    assert set(after) == set(sizes) == {-2000}


def test_the_hub_takes_the_open_work_at_once_as_one_by_one() -> None:
    """``MetaCache.load`` (a server's start) holds what setting each would: the resolved
    ones beyond the bound dropped oldest first, customers with several conversations
    indexed, few-valued strings held once; into a cache holding some, it sets each."""
    from loancs.server.meta import MetaCache

    def metas() -> dict[int, dict[str, Any]]:
        return {
            cid: {
                "channel": "".join(["we", "chat"]),  # a string of its own each time
                "assigned": None,
                "loan_type": "car",
                "status": "resolved" if cid % 3 == 0 else "open",
                "customer": cid % 4,
                "urgency": "normal",
                "priority": 0,
            }
            for cid in range(1, 30)
        }

    one_by_one, at_once = MetaCache(keep_resolved=4), MetaCache(keep_resolved=4)
    for cid, meta in metas().items():
        one_by_one[cid] = meta
    at_once.load(metas())
    assert list(at_once.items()) == list(one_by_one.items())
    for customer in range(4):
        assert at_once.conversations_of(customer) == one_by_one.conversations_of(customer)
    assert at_once[1]["channel"] is at_once[2]["channel"]
    again = MetaCache(keep_resolved=4)
    again[1] = {**metas()[1], "customer": 99}
    again.load(metas())  # replaces what it held
    assert list(again.items()) == list(one_by_one.items())
    assert again.conversations_of(99) == set()


async def test_a_restart_holds_equal_amounts_once_and_queues_the_same(tmp_path: Path) -> None:
    """A year's open work (30,000 conversations) is held by routing from the start: equal
    amounts share one Decimal and the few-valued strings are held once, and what is
    queued is what was waiting (each with its amount in yuan)."""
    import sys
    from decimal import Decimal

    from loancs.server.app import LoancsServer
    from loancs.store import commands as c
    from tests.conftest import make_config, seed_accounts

    db = tmp_path / "restart.db"
    seed_accounts(db)
    store = Store(db, "NORMAL")
    await store.open()
    amounts = [Decimal(300000), Decimal(300000), Decimal("1234.56"), None]
    ids = []
    try:
        for i, amount in enumerate(amounts):
            result = await store.apply(
                c.IngestMessage(
                    source="wechat-gw",
                    channel="wechat",
                    external_id=f"r-{i}",
                    identity=c.Identity(kind="wechat", value=f"oRestart{i:014d}"),
                    body="放款大概需要几天？",
                    hints=c.Hints(loan_type="car", amount=amount),
                )
            )
            ids.append(result["conversation"])
    finally:
        await store.close()
    server = LoancsServer(make_config(db))
    await server.start()
    try:
        router = server.services.routing.router
        assert sorted(router.waiting_ids()) == sorted(ids)
        held = [router._convs[cid].waiting for cid in ids]
        assert [w.amount for w in held] == amounts
        assert held[0].amount is held[1].amount  # one object for equal amounts
        assert held[0].channel is sys.intern("wechat") and held[2].loan_type is held[3].loan_type
    finally:
        await server.stop()


async def test_routing_frees_the_open_work_rows_as_it_takes_them(tmp_path: Path) -> None:
    """A start's peak memory: the open work's rows (30,000 tuples at a year's backlog) are
    freed one by one as routing takes them, not kept beside everything routing builds
    until the start ends (~5 MB of a server's RSS at 31,789 open conversations)."""
    import gc
    import tracemalloc

    from loancs.server.app import LoancsServer
    from tests.conftest import make_config, seed_accounts

    db = tmp_path / "rows.db"
    seed_accounts(db)
    server = LoancsServer(make_config(db))
    await server.start()
    try:
        routing = server.services.routing
        now = 1_790_000_000_000
        tracemalloc.start()
        try:
            rows = [  # db.OPEN_WORK_COLUMNS' order; every tenth assigned to agent 1
                (
                    10_000 + i,
                    50_000 + i,
                    "wechat",
                    "car",
                    100_000 * (i % 7),
                    "normal",
                    None,
                    None,
                    0,
                    1 if i % 10 == 0 else None,
                    now - 1_000 * i,
                    "open",
                )
                for i in range(5_000)
            ]
            gc.collect()
            routing._restore(rows, now)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0]
            del rows
            gc.collect()
            freed = held - tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert 10_000 + 4_999 in routing.router.waiting_ids()
        assert freed < 100_000, freed  # the rows were ~1 MB; freed meanwhile, not now
    finally:
        await server.stop()


def test_the_hub_holds_an_open_conversation_in_a_third_of_a_dict() -> None:
    """A server's memory at a year's open work (31,789 open conversations at 3M messages):
    the hub holds each one's facts compactly (a dict of the seven was ~280 bytes: 8.6 MB),
    and they read as the store's dicts do, an event's dict with the same facts leaving
    them as held and one with new facts replacing them."""
    import gc
    import tracemalloc

    from loancs.server.hub import Hub
    from loancs.server.meta import ConvMeta

    now = 1_790_000_000_000
    rows = [  # Store.open_work's rows (db.OPEN_WORK_COLUMNS' order), its strings interned
        (
            100_000 + i,
            500_000 + i,
            "wechat",
            "car",
            100_000,
            "normal",
            None,
            None,
            0,
            7 if i % 2 else None,
            now - 1_000 * i,
            "open",
        )
        for i in range(5_000)
    ]
    hub = Hub()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        hub.load_meta(Store.meta_of_open_work(rows))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # the facts (and the two tables conversation -> facts, customer -> conversation)
    assert held / len(rows) < 220, held / len(rows)  # dicts: ~330 a conversation
    meta = hub.meta.get(100_001)
    assert isinstance(meta, ConvMeta)
    same = {
        "channel": "wechat",
        "assigned": 7,
        "loan_type": "car",
        "status": "open",
        "customer": 500_001,
        "urgency": "normal",
        "priority": 0,
    }
    assert meta == same and same == meta and dict(meta) == same
    assert meta.get("assigned") == meta["assigned"] == 7 and meta.get("amount", 1) == 1
    assert hub.meta.conversations_of(500_001) == {100_001}
    hub.meta[100_001] = dict(same)  # an event with the facts held: kept as held
    assert hub.meta.get(100_001) is meta
    hub.meta[100_001] = {**same, "assigned": 8, "customer": 500_002}
    assert hub.meta[100_001]["assigned"] == 8
    assert hub.meta.conversations_of(500_001) == set()
    assert hub.meta.conversations_of(500_002) == {100_001, 100_002}
    hub.meta[100_001] = {**same, "status": "resolved"}
    assert hub.meta[100_001]["status"] == "resolved" and 100_001 in hub.meta


def test_a_restored_assignment_is_small_and_queues_again_ranked_as_it_would_have() -> None:
    """A year's open work holds ~15,000 assigned conversations at a start: routing holds
    each as one record of its facts (no ``Waiting`` beside it) without ranking it (its
    priority and queue place cost ~110 bytes), yet one taken back from its agent (who never
    came back) waits in the queue where, and with the priority, it would have had it been
    ranked at the start."""
    import gc
    import tracemalloc
    from decimal import Decimal

    from loancs.core.routing import AgentInfo, Router, RoutingPolicy, Waiting

    now = 1_790_000_000_000
    skills = {"car": 1, "mortgage": 1}
    capacity = {"phone": 1, "chat": 10_000, "wechat": 10_000}

    def facts(i: int) -> tuple[Any, ...]:  # amounts, urgency and age all count in the priority
        urgency = ("normal", "high", "complaint")[i % 3]
        amount = Decimal(1_000 * (i % 50))
        loan = ("car", "mortgage")[i % 2]
        return (10_000 + i, "wechat", 50_000 + i, loan, amount, urgency, None, None,
                now - 60_000 * (i % 90))  # fmt: skip

    restored = Router(RoutingPolicy())
    restored.add_agent(AgentInfo(1, "gone", skills, capacity))
    held = [facts(i) for i in range(5_000)]
    gc.collect()
    waitings = sum(isinstance(o, Waiting) for o in gc.get_objects())
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        restored.restore_assignments(
            [(1, restored.restored(one[0], one[1], *one[3:], None)) for one in held],
            now,
            interned=True,
        )
        gc.collect()
        per = (tracemalloc.get_traced_memory()[0] - before) / len(held)
    finally:
        tracemalloc.stop()
    # everything it holds of each, its facts included (~294; a Waiting and a record beside
    # it: ~374; ranked at the start as well: ~486)
    assert per < 305, per
    assert sum(isinstance(o, Waiting) for o in gc.get_objects()) == waitings
    # the agent never connects: after the grace, every one is queued again
    later = now + RoutingPolicy().disconnect_grace_ms + 1
    actions = restored.tick(later)
    assert sum(type(a).__name__ == "Requeued" for a in actions) == len(held)
    queued = Router(RoutingPolicy())  # the same conversations, queued as they were
    queued.enqueue_many([Waiting(*facts(i)) for i in range(5_000)], later)
    at = later + 90_000
    for one in held[::7]:
        assert restored.priority(one[0], at) == queued.priority(one[0], at)
    mine = restored.snapshot(at)["waiting"]
    theirs = queued.snapshot(at)["waiting"]
    assert mine == theirs
    assert len({w["priority"] for w in mine}) > 20
    summary = restored.waiting_summary(at, 5)
    assert summary == queued.waiting_summary(at, 5) and summary["car"]["waiting"] == 2_500


def test_a_queued_conversation_is_one_record_and_routes_as_a_waiting_one() -> None:
    """A year's open work has ~16,000 conversations waiting at a start. Each is one record
    in routing (the facts routing uses and its bookkeeping: no ``Waiting`` beside it, no
    (queued, id) tuple for its queue's age order): ~411 bytes, ~567 before. Queued from those records they
    route as the same conversations queued as ``Waiting``: the same supervisor view and
    agents' summary, with some gone again, and the same offers once agents are free."""
    import gc
    import tracemalloc
    from decimal import Decimal

    from loancs.core.routing import AgentInfo, Router, RoutingPolicy, Waiting

    now = 1_790_000_000_000

    def facts(i: int) -> tuple[Any, ...]:
        return (10_000 + i, ("wechat", "chat")[i % 2], 50_000 + i,
                ("car", "mortgage", None)[i % 3], Decimal(1_000 * (i % 50)),
                ("normal", "high", "complaint")[i % 3], None, ("zh", "en")[i % 7 == 0],
                now - 60_000 * (i % 90))  # fmt: skip

    held = [facts(i) for i in range(5_000)]
    restored = Router(RoutingPolicy())
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        restored.enqueue_many(
            [restored.restored(one[0], one[1], *one[3:], None) for one in held], now
        )
        gc.collect()
        per = (tracemalloc.get_traced_memory()[0] - before) / len(held)
    finally:
        tracemalloc.stop()
    assert per < 425, per
    queued = Router(RoutingPolicy())
    queued.enqueue_many([Waiting(*one) for one in held], now)
    for router in (restored, queued):  # some leave (from the middle of their queues' ages)
        for one in held[1::3]:
            assert router.dequeue(one[0], now + 1_000)
    at = now + 120_000
    assert restored.snapshot(at) == queued.snapshot(at)
    assert restored.waiting_summary(at, 10) == queued.waiting_summary(at, 10)
    assert restored.queued() == queued.queued()
    for router in (restored, queued):
        for agent in (1, 2, 3):
            skills = {"car": agent, "mortgage": 1, "lang:en": 1}
            router.add_agent(AgentInfo(agent, f"agent {agent}", skills))
            router.set_state(agent, "available", at)
    offers = restored.tick(at)
    assert offers == queued.tick(at) and len(offers) == 18
    assert restored.snapshot(at + 1) == queued.snapshot(at + 1)


def test_a_start_restores_routing_in_bulk_to_the_state_one_by_one_gives() -> None:
    """Start-up at a year's open work (31,789 open, 15,782 of them assigned): routing's
    restore was ~140 ms of a start's ~290 ms of main-thread CPU. In bulk it holds what
    restoring each assignment in turn held (queues, agents' loads and free channels, the
    disconnect grace and what it does), looking at each agent's free channels once, not
    once for each of their conversations."""
    from decimal import Decimal

    from loancs.core.routing import AgentInfo, Router, RoutingPolicy, restored_waiting

    now = 1_790_000_000_000
    capacity = {"phone": 1, "chat": 2_000, "wechat": 2_000}

    def router() -> Router:
        made = Router(RoutingPolicy())
        for agent in (1, 2, 3):
            made.add_agent(AgentInfo(agent, f"agent {agent}", {"car": 1}, capacity))
        made.agent_connected(2, now)
        return made

    def held() -> list[tuple[int, Any]]:
        return [
            (
                1 + i % 3,
                restored_waiting(
                    10_000 + i,
                    ("wechat", "chat")[i % 2],
                    50_000 + i,
                    "car",
                    Decimal(100 * (i % 9)),
                    "normal",
                    None,
                    None,
                    now - 1_000 * i,
                    None,
                ),
            )
            for i in range(3_000)
        ]

    one_by_one, bulk = router(), router()
    for agent, one in held():
        one_by_one.restore_assignment(one.id, agent, one.channel, one, now, interned=True)
    looked: list[int] = []
    refresh = bulk._refresh_free

    def counted(agent: Any) -> None:
        looked.append(agent.info.id)
        refresh(agent)

    bulk._refresh_free = counted  # type: ignore[method-assign]
    bulk.restore_assignments(held(), now, interned=True)
    del bulk._refresh_free
    assert sorted(looked) == [1, 2, 3]  # one by one: once for each of the 3,000
    assert bulk.agents() == one_by_one.agents()
    assert bulk.snapshot(now) == one_by_one.snapshot(now)
    for conversation in (10_000, 10_001, 12_999):
        for agent in (1, 2, 3):
            assert bulk.can_accept(conversation, agent) == one_by_one.can_accept(
                conversation, agent
            )
    later = now + RoutingPolicy().disconnect_grace_ms + 1
    assert bulk.tick(later) == one_by_one.tick(later)  # agents 1 and 3 never came
    assert bulk.snapshot(later) == one_by_one.snapshot(later)
    assert len(bulk.waiting_ids()) == 2_000


def test_a_restored_conversation_is_the_one_waiting_makes() -> None:
    """A start makes a year's ~30,000 open conversations without the frozen dataclass's
    ``__init__`` (~2 µs each, a setattr through ``object`` per field): the same, as
    unchangeable, objects."""
    import dataclasses
    from decimal import Decimal

    import pytest

    from loancs.core.routing import Waiting, restored_waiting

    made = restored_waiting(7, "phone", 9, "car", Decimal(5), "vip", "A", "en", 123, 4)
    assert made == Waiting(7, "phone", 9, "car", Decimal(5), "vip", "A", "en", 123, None, None, 4)
    assert dataclasses.astuple(made) == (
        7,
        "phone",
        9,
        "car",
        Decimal(5),
        "vip",
        "A",
        "en",
        123,
        None,
        None,
        4,
    )
    assert hash(made) == hash(dataclasses.replace(made))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.channel = "chat"  # type: ignore[misc]
    import timeit

    args = (7, "phone", 9, "car", None, "normal", None, None, 123)
    fast, slow = [], []
    for _ in range(9):  # in turn, the quickest of each (a busy machine slows both)
        fast.append(timeit.timeit(lambda: restored_waiting(*args, None), number=2_000))
        slow.append(timeit.timeit(lambda: Waiting(*args, None, None, None), number=2_000))
    assert min(fast) < 0.8 * min(slow), (fast, slow)  # ~0.45 of the time


def test_a_start_asks_for_each_wake_up_time_once() -> None:
    """A start queues a year's ~16,000 waiting conversations at one moment: their wake-ups
    (when each tier of agents may take them, a sticky agent's wait) fall at the same few
    times, asked for once each, not once per conversation (a test in test_routing_engine
    checks the router wakes and offers as when they are queued one by one)."""
    from loancs.core.routing import Router, RoutingPolicy, Waiting

    now = 1_790_000_000_000
    router = Router(RoutingPolicy())
    asked: list[int] = []
    push_tick = router._timers.push_tick

    def counted(due: int) -> None:
        asked.append(due)
        push_tick(due)

    router._timers.push_tick = counted  # type: ignore[method-assign]
    router.enqueue_many(
        [
            Waiting(
                10_000 + i,
                "wechat",
                50_000 + i,
                "car",
                None,
                "normal",
                None,
                None,
                now - 1_000 * i,
                7 if i % 5 == 0 else None,
                now - 60_000,
            )
            for i in range(5_000)
        ],
        now,
    )
    policy = RoutingPolicy()
    assert set(asked) == {now + wait for wait in policy.tier_waits_ms[1:]} | {
        now + policy.sticky_wait_ms
    }
    assert len(asked) <= 2 * len(set(asked))  # one by one: 3 for each of the 5,000


def _open_conversations(db: Path, n: int, assigned: bool = True) -> None:
    """``n`` unresolved conversations written directly (a year's backlog in a second)."""
    import sqlite3

    conn = sqlite3.connect(db)  # (no foreign keys: conversations of customers not made here)
    with conn:
        conn.executemany(
            "INSERT INTO conversations (id, customer_id, channel, status, loan_type, amount_fen,"
            " credit_band, language, assigned_agent, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (i, 100_000 + i, ("wechat", "chat", "phone")[i % 3], ("open", "pending")[i % 2],
                 ("car", "mortgage", None)[i % 3], 1_000_00 * (i % 70), "B", "zh",
                 1 + i % 20 if assigned and i % 2 == 0 else None, 1_790_000_000_000 + i)
                for i in range(1, n + 1)
            ],
        )  # fmt: skip
    conn.close()


async def test_a_start_takes_the_open_work_without_a_garbage_collection(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """At a year's backlog the open work's records set off cyclic garbage collections as a
    start built them, a full one among them walking all the start had built (~60 ms of CPU
    at 31,789 open conversations, collecting nothing), and the first one after walked them
    all again. While the start builds what it keeps (building_to_keep, the open work read
    inside it), up to the collector coming back on: none; what was built is left in the
    oldest generation, and the next young collection has nothing of it to walk. (What runs after, the wait for the writer, may
    allocate enough for a young collection of its own: CI saw one, walking only what the
    writer's start had just made; and once the collector is back, a worker thread's
    allocations may set one off before building_to_keep has returned: also outside.)"""
    import contextlib
    import gc

    from conftest import make_config, seed_accounts

    import loancs.lifecycle as lifecycle
    import loancs.server.app as app
    from loancs.server.app import LoancsServer

    db = tmp_path / "loancs.db"
    seed_accounts(db)
    _open_conversations(db, 20_000, assigned=False)
    server = LoancsServer(make_config(db))
    read: list[bool] = []
    inside: list[bool] = []  # True while the start is in building_to_keep
    young: list[int] = []  # objects in the youngest generation once the open work is held
    real_read, real_building = Store.open_work, app.building_to_keep
    real_keep = lifecycle._keep_built

    async def open_work(self: Store) -> list[Any]:
        assert inside == [True], "the open work is read inside building_to_keep"
        read.append(True)
        return await real_read(self)

    @contextlib.contextmanager
    def building() -> Any:
        with real_building():
            inside.append(True)
            yield

    def keep_built() -> None:  # the pause's last step, before the collector is back on
        real_keep()
        inside.clear()
        young.append(gc.get_count()[0])

    monkeypatch.setattr(Store, "open_work", open_work)
    monkeypatch.setattr(app, "building_to_keep", building)
    monkeypatch.setattr(lifecycle, "_keep_built", keep_built)
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and (inside or (read and not young)):
            collections.append(info["generation"])

    # A server started earlier in this test process froze its objects for good
    # (tune_gc_for_serving), and _keep_built then leaves a start's objects young: measured
    # here as a first start in its own process, as a real one is.
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    gc.callbacks.append(seen)
    try:
        await server.start()
    finally:
        gc.callbacks.remove(seen)
        if frozen:
            gc.freeze()
    try:
        assert read and collections == [], collections
        assert young and young[0] < 2_000, young  # not the start's hundred thousand objects
        assert len(server.hub.meta) == 20_000
        assert server.services.routing.router.waiting_count() == 20_000
        assert gc.isenabled()
    finally:
        await server.stop()
