"""The writer's batch on PostgreSQL (issue 16): a batch's ingests are looked up in one query
and their writes deferred to a few set-based statements. The same batches of commands must
leave the same messages, conversations, customers and events as on SQLite, where every
statement runs at once: duplicates and retries within one batch, a snoozed conversation
reopened by two messages of one batch, new customers, names, hints, other commands between
the ingests, a refused command (the batch redone command by command)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from loancs.core.privacy import SEALED
from loancs.store import commands as c
from loancs.store.audit import verify_log
from loancs.store.db import connect_sync
from loancs.store.privacy import Sealer
from loancs.store.writer import commit_batch


def clock():
    return iter(range(1_700_000_000_000, 1_800_000_000_000, 1000))


def ingest(ext: str, who: str, body: str, name: str | None = None, **hints) -> c.IngestMessage:
    return c.IngestMessage(
        source="wx",
        channel="wechat",
        external_id=ext,
        identity=c.Identity(kind="wechat", value=f"o-{who}", name=name),
        body=body,
        hints=c.Hints(**hints) if hints else None,
    )


def status(conversation: int, to: str, kind: str, until: int | None = None) -> c.SetStatus:
    return c.SetStatus(
        conversation=conversation,
        agent_id=None,
        actor="system",
        role="admin",
        status=to,
        kind=kind,
        until=until,
    )


BATCHES: list[list[c.Command]] = [
    [ingest("a1", "A", "你好"), ingest("b1", "B", "我想贷款", loan_type="car")],
    [status(2, "snoozed", "conversation.snoozed", until=1_900_000_000_000)],
    [
        ingest("a2", "A", "第二条"),
        ingest("b2", "B", "醒醒"),  # reopens the snoozed conversation
        ingest("b3", "B", "还在吗"),  # same conversation, already open again
        ingest("a2", "A", "第二条"),  # the same message again: a duplicate
        ingest("d1", "D", "新客户", name="丁"),  # a new customer and conversation
        ingest("d2", "D", "再问一下"),
        c.RecordEvent(kind="routing.note", conversation=1, actor="system", payload={"x": 1}),
        status(1, "resolved", "conversation.resolved"),
        ingest("a3", "A", "又来了"),  # A's conversation is resolved: a new one
        ingest("b4", "B", "我叫王五", name="王五", urgency="high"),  # name, urgency now
        ingest("b5", "B", "最后一条", name="别的名字"),  # the name is set already
    ],
    [
        ingest("a4", "A", "先这条"),
        ingest("a1", "E", "别人的编号"),  # another customer's message id: refused alone
        ingest("e1", "E", "E 的第一条"),
    ],
    [ingest(f"m{i}", "ABDE"[i % 4] + ("" if i % 3 else "x"), f"第{i}条") for i in range(120)],
    # What the batched writes must carry through as it is: quotes, backslashes, SQL,
    # placeholders, dollar quotes.
    [
        ingest("q1", "A", "it's 'quoted' -- not a comment; COMMIT; ROLLBACK;", name="O'Brien"),
        ingest("q2", "Q", "back\\slash \\' $1 ? $$x$$ E'\\x41' 😀", name="Q'; DROP TABLE x; --"),
        ingest("q3", "Q", "{\"json\": [1, 2]} ARRAY['x'] '{}' NULL", urgency="high"),
    ],
]


def run(db) -> tuple[list, dict[str, list]]:
    conn = connect_sync(db)
    try:
        answers = []
        times = clock()
        for commands in BATCHES:
            now = next(times)
            results, _ = commit_batch(
                conn, lambda now=now: now, [(cmd, k) for k, cmd in enumerate(commands)]
            )
            answers.append(
                [
                    (ok, {k: v for k, v in value.items() if k in ("duplicate", "opened")})
                    if ok
                    else (ok, getattr(value, "code", type(value).__name__))
                    for _, ok, value in results
                ]
            )
        messages = [
            tuple(r)
            for r in conn.execute(
                "SELECT id, conversation_id, seq, ts, direction, author, body, kind, channel,"
                " external_id FROM messages ORDER BY id"
            ).fetchall()
        ]
        # Message ids are drawn from a sequence on PostgreSQL (gaps allowed): compare ranks,
        # and the order of a conversation's messages by id.
        rank = {row[0]: k for k, row in enumerate(messages)}
        tables = {
            "messages": [(rank[r[0]], *r[1:]) for r in messages],
            "conversations": [
                tuple(r)
                for r in conn.execute(
                    "SELECT id, customer_id, status, snoozed_until, unread, last_message_at,"
                    " last_excerpt, urgency, loan_type FROM conversations ORDER BY id"
                ).fetchall()
            ],
            "customers": [
                tuple(r) for r in conn.execute("SELECT id, name FROM customers ORDER BY id")
            ],
            "events": [
                (
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4].replace(f'"message":{m}', f'"message":#{rank.get(m)}'),
                )
                for r in conn.execute(
                    "SELECT seq, kind, conversation, actor, payload, meta FROM events ORDER BY seq"
                ).fetchall()
                for m in [_message_of(r[4])]
            ],
        }
        report = verify_log(conn)
        assert report.ok, report
        return answers, tables
    finally:
        conn.close()


def _message_of(payload: str) -> int | None:
    import json

    return json.loads(payload).get("message")


def test_batched_ingests_store_what_sqlite_stores(tmp_path, postgres):
    started = time.perf_counter()
    sqlite_answers, sqlite_tables = run(tmp_path / "loancs.db")
    pg_answers, pg_tables = run(postgres.fresh_database())
    assert pg_answers == sqlite_answers
    # What the batches were meant to exercise did happen.
    assert sqlite_answers[2][3] == (True, {"duplicate": True})
    assert sqlite_answers[3][1] == (False, "conflict")
    for table in ("customers", "conversations", "messages", "events"):
        assert pg_tables[table] == sqlite_tables[table], table
    conversations = {r[0]: r for r in sqlite_tables["conversations"]}
    assert conversations[2][2] == "open" and conversations[2][3] is None  # reopened once
    reopened = [e for e in sqlite_tables["events"] if '"reopened":true' in e[4]]
    assert len(reopened) == 1
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("size", [1, 300])
def test_a_batch_costs_a_few_round_trips(postgres, size):
    """However many ingests a batch holds, the writer talks to PostgreSQL four times
    (BEGIN and the append lock; the lookup with the chain's tail; the writes; NOTIFY and
    COMMIT), also with customers' keys not cached yet (a server just started: read with
    the lookup)."""
    conn = connect_sync(postgres.fresh_database())
    times = clock()
    master = os.urandom(32)
    try:
        for n in range(2):  # customers and keys made, then each statement prepared once
            warm = [(ingest(f"w{n}-{i}", str(i % 50), "hi"), None) for i in range(50)]
            commit_batch(conn, lambda: next(times), warm, Sealer(master))
        calls = 0
        run_ = conn._run

        def counted(coro):
            nonlocal calls
            calls += 1
            return run_(coro)

        conn._run = counted  # type: ignore[method-assign]
        batch = [(ingest(f"x{i}", str(i % 50), f"第{i}条"), None) for i in range(size)]
        sealer = Sealer(master)  # another server's: no key cached
        results, events = commit_batch(conn, lambda: next(times), batch, sealer)
        assert all(ok for _, ok, _ in results) and len(events) == size
        assert calls <= 4, calls
        stored = conn.execute("SELECT payload FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        assert "第" not in stored[0] and SEALED in stored[0]  # the body was sealed
    finally:
        conn.close()


def test_a_batch_of_new_customers_looks_ahead_a_bounded_number_of_times(postgres):
    """New customers are written at once (a customer, an identity, a conversation), which
    makes what the batch looked up stale: it looks again, but only a few times a batch."""
    conn = connect_sync(postgres.fresh_database())
    times = clock()
    try:
        seen: list[str] = []
        execute = conn.execute

        def counted(sql, params=()):
            seen.append(sql)
            return execute(sql, params)

        conn.execute = counted  # type: ignore[method-assign]
        batch = [(ingest(f"n{i}", f"new{i}", "你好"), None) for i in range(200)]
        results, _ = commit_batch(conn, lambda: next(times), batch)
        assert all(ok for _, ok, _ in results)
        assert sum("WITH ORDINALITY AS k(" in sql for sql in seen) <= 4
        opened = conn.execute("SELECT count(*) FROM conversations").fetchone()
        assert opened[0] == 200
    finally:
        conn.close()


def test_the_tail_read_with_the_lookup_follows_another_writers_commit(postgres):
    """The chain's tail is read with the batch's lookup, after the append lock: a batch that
    waited for the lock while another writer (another server, an admin command) appended
    goes on from that writer's last event, and the chain stays whole."""
    db = postgres.fresh_database()
    first, other = connect_sync(db), connect_sync(db)
    times = clock()
    try:
        commit_batch(first, lambda: next(times), [(ingest("t0", "A", "hi"), None)])
        other.execute("BEGIN IMMEDIATE")  # holds the append lock
        waiting: list = []
        batch = [(ingest(f"t{i}", "AB"[i % 2], f"第{i}条"), None) for i in range(1, 6)]
        thread = threading.Thread(
            target=lambda: waiting.append(commit_batch(first, lambda: next(times), batch))
        )
        thread.start()
        time.sleep(0.3)
        assert not waiting  # it waits for the lock
        # The other writer appends (its BEGIN within the open transaction is only a warning).
        results, events = commit_batch(other, lambda: next(times), [(ingest("o1", "C", "x"), 0)])
        assert results[0][1] and [e.seq for e in events] == [4, 5, 6]  # after t0's three
        thread.join(10)
        ((results, events),) = waiting
        assert all(ok for _, ok, _ in results)
        assert [e.seq for e in events] == list(range(7, 7 + len(events)))
        report = verify_log(first)
        assert report.ok and report.checked == 6 + len(events), report
    finally:
        first.close()
        other.close()


def test_a_batchs_notifications_carry_every_event_in_order_each_under_the_limit() -> None:
    """What another server gets from a commit's NOTIFY: every event in seq order, as
    stored, split so that no payload reaches PostgreSQL's 8,000 bytes (counted in UTF-8);
    an event too large for any is announced by its seq alone, in its place."""
    import msgspec

    from loancs.store.backends.pg import NOTIFY_BYTES, feed_notifications

    sizes = [10, 3000, 2600, 2400, 7990, 1, 2000, 1900, 20]
    rows = [
        (
            seq,
            1_700_000_000_000 + seq,
            "message.received",
            7,
            "customer:7",
            msgspec.json.encode({"body": "贷" * n + "'\\$1"}).decode(),
            "prev",
            "hash",
            None if seq % 2 else '{"status":"open"}',
        )
        for seq, n in enumerate(sizes, start=100)
    ]
    payloads = feed_notifications(rows)
    assert all(len(p.encode()) <= NOTIFY_BYTES < 8000 for p in payloads)
    announced: list = []
    for payload in payloads:
        if payload.startswith("["):
            announced += [tuple(event) for event in msgspec.json.decode(payload)]
        else:
            announced.append(int(payload))
    expected = [
        row[0]  # 7,990 characters of 3 bytes: by its seq
        if len(row[5].encode()) > NOTIFY_BYTES
        else (*row[:5], msgspec.json.decode(row[5]), None if row[8] is None else {"status": "open"})
        for row in rows
    ]
    assert announced == expected
    assert 1 < len(payloads) < len(rows)  # several events to a notification, several of them


def test_a_batchs_notifications_are_bound_values_sent_with_its_writes(postgres):
    """Another server learns of a batch's events from the commit's notifications. They go
    to PostgreSQL as one bound array in the batch's write statement, so no statement text
    carries them (PostgreSQL parses nothing per batch: as literals in the COMMIT's script,
    every batch's events were lexed again). A listener gets every event in seq order, and
    only once the batch committed; a batch that fails notifies nothing."""
    import asyncio

    import asyncpg
    import msgspec

    from loancs.store.backends.pg import NOTIFY_CHANNEL

    db = postgres.fresh_database()
    conn = connect_sync(db)
    heard: list[str] = []
    loop = asyncio.new_event_loop()
    listener = loop.run_until_complete(asyncpg.connect(db))
    loop.run_until_complete(
        listener.add_listener(NOTIFY_CHANNEL, lambda *args: heard.append(args[-1]))
    )
    texts: list[str] = []
    execute, script = conn.execute, conn.executescript

    def seen(sql, params=()):
        texts.append(sql)
        return execute(sql, params)

    def seen_script(sql):
        texts.append(sql)
        return script(sql)

    conn.execute = seen  # type: ignore[method-assign]
    conn.executescript = seen_script  # type: ignore[method-assign]
    times = clock()
    try:
        # Long bodies: the batch's events take several notifications.
        batch = [(ingest(f"n{i}", "AB"[i % 2], f"第{i}条 " + "贷" * 900), None) for i in range(40)]
        results, events = commit_batch(conn, lambda: next(times), batch)
        assert all(ok for _, ok, _ in results)
        assert not any("第" in text or "贷" in text for text in texts)
        for _ in range(50):  # until every notification arrived
            loop.run_until_complete(asyncio.sleep(0.05))
            if heard and msgspec.json.decode(heard[-1])[-1][0] == events[-1].seq:
                break
        announced = [row[0] for payload in heard for row in msgspec.json.decode(payload)]
        assert announced == [e.seq for e in events] and len(heard) > 1
        bodies = [row[5].get("body", "") for p in heard for row in msgspec.json.decode(p)]
        assert [b[:4] for b in bodies if b][:2] == ["第0条 ", "第1条 "]
        # A batch whose write fails (the connection's statement is refused) notifies nothing.
        heard.clear()
        conn.execute = execute  # type: ignore[method-assign]
        conn.executescript = script  # type: ignore[method-assign]
        conn.execute("ALTER TABLE events ADD CONSTRAINT no_more CHECK (seq < 0) NOT VALID")
        failed, _ = commit_batch(conn, lambda: next(times), [(ingest("z1", "A", "x"), None)])
        assert not failed[0][1]
        loop.run_until_complete(asyncio.sleep(0.3))
        assert heard == []
    finally:
        loop.run_until_complete(listener.close())
        loop.close()
        conn.close()


def test_the_batch_lookup_finds_each_open_conversation_in_one_index_scan(postgres):
    """Every message writes a new version of its conversation's row (its time, excerpt and
    unread count sit in indexes), and until vacuum each version has an entry in the
    customer's index and in the primary key. The batch's lookup therefore finds the
    customer's open conversation and its columns in one scan of the customer's index, not
    its id's MAX there and then the row by that id (a second probe, through every version
    again): no sub-plan, one scan of conversations per message."""
    import json

    from loancs.store.apply.conversations import _INGEST_LOOKUP_MANY

    conn = connect_sync(postgres.fresh_database())
    times = clock()
    try:
        for n in range(5):  # four customers, each conversation rewritten 5 times
            batch = [(ingest(f"v{n}-{i}", str(i), "hi"), None) for i in range(4)]
            commit_batch(conn, lambda: next(times), batch)
        conn.execute("BEGIN")
        keys = [("wechat", f"new{i}", "wechat", f"o-{i % 4}") for i in range(8)]
        columns = [list(column) for column in zip(*keys, strict=True)]
        (plan,) = conn.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + _INGEST_LOOKUP_MANY, columns
        ).fetchone()
        conn.execute("ROLLBACK")

        def nodes(node):
            yield node
            for child in node.get("Plans", ()):
                yield from nodes(child)

        found = list(nodes((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]))
        scans = [n for n in found if n.get("Relation Name") == "conversations"]
        assert not [n for n in found if "Subplan Name" in n], found
        # The open one (a scan per message) and the duplicate's (none: once, memoized).
        assert sorted(n["Actual Loops"] for n in scans) == [1, 8], scans
        rows = conn.execute(_INGEST_LOOKUP_MANY, columns).fetchall()
        assert [r[4] for r in rows] == [1, 2, 3, 4, 1, 2, 3, 4]  # each customer's conversation
    finally:
        conn.close()


def test_a_conversations_new_versions_find_room_on_its_page(postgres):
    """Each customer message writes a new version of its conversation's row on PostgreSQL
    (never in place: its time and excerpt are indexed). Pages keep room for them
    (fillfactor 70, migration 0024), so ten messages to each of 300 conversations leave
    the table at most ~20 pages, not the ~27 of full pages (whose rows moved away at
    each update)."""
    conn = connect_sync(postgres.fresh_database())
    times = clock()
    try:
        (options,) = conn.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'conversations'"
        ).fetchone()
        assert "fillfactor=70" in options
        first = [(ingest(f"a{i}", str(i), "你好"), None) for i in range(300)]
        commit_batch(conn, lambda: next(times), first)
        for n in range(10):
            batch = [(ingest(f"b{n}-{i}", str(i), "还在吗 " * 5), None) for i in range(300)]
            results, _ = commit_batch(conn, lambda: next(times), batch)
            assert all(ok for _, ok, _ in results)
        pages = conn.execute("SELECT pg_relation_size('conversations') / 8192").fetchone()[0]
        assert pages <= 23, pages
        unread = conn.execute("SELECT min(unread), max(unread) FROM conversations").fetchone()
        assert tuple(unread) == (11, 11)
    finally:
        conn.close()
