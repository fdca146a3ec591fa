"""The fan-out's reads of a conversation's facts (issue 18): the hub holds them compactly
(a ConvMeta, server/meta.py), and every event asks for them: the cache's lookup is the
dict's own (in C), audience() reads the record's slots, not a Python ``get`` per fact, and
an event with the facts held leaves them as held. Real server, real sockets."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from typing import Any

from conftest import make_config, seed_accounts
from harness import Raw
from test_hub_fanout import _ingest

from loancs.core.events import Kind
from loancs.core.visibility import Viewer, audience
from loancs.server.app import LoancsServer
from loancs.server.meta import ConvMeta, MetaCache

_FAN_OUT = {"Hub.publish", "Hub.recipients", "Hub._add_agents", "audience"}


def _start_counting() -> Counter[str]:
    """Count the Python calls the fan-out (Hub.publish, recipients, audience) makes into
    the hub's records (meta.py, convmeta.py) from now until sys.setprofile(None)."""
    import loancs.server.meta

    files = {loancs.server.meta.__file__, sys.modules[ConvMeta.__module__].__file__}
    calls: Counter[str] = Counter()

    def profile(frame: Any, event: str, _: Any) -> None:
        if event != "call":
            return
        if frame.f_code.co_qualname == "Hub.publish":
            calls["publish"] += 1
        if frame.f_code.co_filename not in files:
            return
        caller = frame.f_back
        if caller is not None and caller.f_code.co_qualname in _FAN_OUT:
            calls[f"{caller.f_code.co_qualname} -> {frame.f_code.co_qualname}"] += 1

    sys.setprofile(profile)
    return calls


async def test_an_event_fanned_out_reads_its_held_facts_without_a_python_call_each(
    tmp_path,
) -> None:
    """A customer message on an assigned conversation reaches its agent and the supervisor;
    the hub's publish of it makes no Python call into the records: the event's facts are
    compared with the held ones in C (not in MetaCache.__setitem__), and audience() reads
    their slots (not MetaCache.get nor ConvMeta.get for each fact)."""
    db = tmp_path / "meta.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db))
    await server.start()
    try:
        sup = await Raw.open(server.url, tokens["supervisor"])
        li = await Raw.open(server.url, tokens["agent2"])  # consumer, mortgage
        wechat = await Raw.open(server.url, tokens["wechat"])
        conv = await _ingest(wechat, "w1", "oMETA", "消费贷怎么申请？", "consumer")
        await li.send({"type": "accept", "id": "a1", "conversation": conv})
        assert (await li.wait(lambda f: f.get("id") == "a1"))["type"] == "ack"
        held = server.hub.meta.get(conv)
        assert isinstance(held, ConvMeta) and held.assigned is not None

        hub = server.hub
        calls = _start_counting()
        try:
            for i in range(3):
                await _ingest(wechat, f"w{2 + i}", "oMETA", f"还款日能改吗？{i}", "consumer")
            for raw in (li, sup):
                await raw.wait(
                    lambda f: (
                        f.get("kind") == "message.received"
                        and f.get("conversation") == conv
                        and f["payload"].get("body", "").endswith("2")
                    )
                )
        finally:
            sys.setprofile(None)
        published = calls.pop("publish", 0)
        assert published >= 3, calls
        assert hub.meta.get(conv) is held  # the same facts: kept as held, not rebuilt
        assert not calls, calls  # none for the comparison, none per fact read
    finally:
        await server.stop()


def test_audience_reads_a_held_record_as_it_reads_the_stores_dict() -> None:
    """Who sees an event is the same whether its facts come from the hub's record or from
    the store's dict: every kind, assigned or waiting, resolved, with or without a queue."""
    kinds = [str(k) for k in Kind] + [""]
    facts = [
        {
            "channel": channel,
            "assigned": assigned,
            "loan_type": loan_type,
            "status": status,
            "customer": 9,
            "urgency": "normal",
            "priority": 0,
        }
        for channel, assigned, loan_type, status in itertools.product(
            ("wechat", None), (None, 4, True), ("car", None), ("open", "resolved", "snoozed")
        )
    ]
    payloads = [{}, {"agent": 5}, {"agent": 4, "from_agent": 6}, {"who": "customer"}]
    viewers = [
        Viewer("agent", 4, frozenset({"car"})),
        Viewer("agent", 5, frozenset({"mortgage"}), waiting_live=False),
        Viewer("channel", channel_kind="wechat"),
        Viewer("customer", conversation=7),
        Viewer("supervisor", 1),
    ]
    for kind, fact, payload in itertools.product(kinds, facts, payloads):
        want = audience(kind, 7, fact, payload)
        got = audience(kind, 7, ConvMeta.of(fact), payload)
        assert [got.admits(v) for v in viewers] == [want.admits(v) for v in viewers]
        assert (got.customer, got.channel, got.agents, got.queue) == (
            want.customer,
            want.channel,
            want.agents,
            want.queue,
        ), (kind, fact, payload)
        assert (got.all_agents, got.waiting) == (want.all_agents, want.waiting)


def test_the_cache_keeps_held_facts_and_the_recently_touched_resolved() -> None:
    """An event whose dict carries the held facts (and keys that are not facts) leaves them
    as held; a resolved conversation an event touches is kept over older resolved ones."""
    cache = MetaCache(keep_resolved=2)
    base = {
        "channel": "wechat",
        "assigned": 3,
        "loan_type": "car",
        "status": "open",
        "customer": 100,
        "urgency": "normal",
        "priority": 0,
    }
    cache[10] = dict(base)
    held = cache.get(10)
    cache[10] = {**base, "amount": 5}  # a key that is no fact: the same facts
    assert cache.get(10) is held and cache[10] == base and cache.get(99, "x") == "x"
    cache[10] = {**base, "assigned": 4}
    assert cache[10]["assigned"] == 4 and len(cache) == 1 and list(cache) == [10]
    for c in (1, 2):
        cache[c] = {**base, "customer": c, "status": "resolved"}
    cache[1] = {**base, "customer": 1, "status": "resolved"}  # touched: newest now
    cache[3] = {**base, "customer": 3, "status": "resolved"}
    assert 1 in cache and 3 in cache and 2 not in cache and 10 in cache
    assert cache.conversations_of(2) == set() and cache.conversations_of(1) == {1}
    cache[1] = {**base, "customer": 1}  # reopened: pinned, not counted among the resolved
    cache[4] = {**base, "customer": 4, "status": "resolved"}
    assert {1, 3, 4, 10} <= set(cache) and len(cache) == 4
    assert dict(cache.items())[1].status == "open"


def test_a_customers_held_conversations_are_found_by_a_compact_index() -> None:
    """A loan stage change reaches the agents of the customer's held conversations, and an
    agent's customer lookup is checked against them: the hub finds them by customer through
    whatever is held (opened, reassigned to another customer, resolved and pushed out,
    loaded at a start), odd ids included, and the index takes a fraction of a dict's room
    at a year's open work (30,000 conversations)."""
    import gc
    import random
    import tracemalloc

    rng = random.Random(18)
    base = {
        "channel": "wechat",
        "assigned": None,
        "loan_type": "car",
        "status": "open",
        "urgency": "normal",
        "priority": 0,
    }
    odd = [None, -5, 2**31, 2**40, 0, 1023, 1024, 2**31 - 1]
    customers = [*odd, *range(1, 3000, 7), *range(5000, 5040)]
    conversations = [*range(1, 400), 2**32 - 1, 2**32, 2**45, -3]
    for keep in (3, 50):
        cache, truth = MetaCache(keep_resolved=keep), {}
        loaded = conversations[:150] + conversations[-4:]  # the odd ones among them
        start = {c: {**base, "customer": rng.choice(customers)} for c in loaded}
        cache.load(start)
        truth.update({c: m["customer"] for c, m in start.items()})
        resolved: list[int] = []
        for _ in range(3000):
            c = rng.choice(conversations)
            status = "resolved" if rng.random() < 0.3 else "open"
            who = truth.get(c) if c in truth and rng.random() < 0.6 else rng.choice(customers)
            cache[c] = {**base, "customer": who, "status": status}
            truth[c] = who
            if c in resolved:
                resolved.remove(c)
            if status == "resolved":
                resolved.append(c)
            while len(resolved) > keep:  # the least recently touched resolved: not held
                del truth[resolved.pop(0)]
            if rng.random() < 0.05:
                for customer in customers:
                    want = {c for c, who in truth.items() if who == customer}
                    assert cache.conversations_of(customer) == want, (customer, keep)
        assert set(cache) == set(truth)

    # a start at a year's open work: 30,000 conversations of 15,000 customers
    facts = ("wechat", None, "car", "open", 0, "normal", 0)
    metas = [(100_000 + 7 * i, (*facts[:4], 500_000 + i // 2, *facts[5:])) for i in range(30_000)]
    cache = MetaCache()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        cache.load(iter(metas))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # the facts (88 bytes), the table conversation -> facts and the index; a dict
    # customer -> conversation beside the table was ~90 bytes more
    assert held / len(metas) < 170, held / len(metas)
    assert cache.conversations_of(500_000) == {100_000, 100_007}
    assert cache.conversations_of(515_000) == set()
    cache[100_007] = {**base, "customer": 515_000}
    assert cache.conversations_of(500_000) == {100_000}
    assert cache.conversations_of(515_000) == {100_007}
