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


def writer_conn(db, lazy: bool = True):
    """A connection as a server's writer has it (``lazy_lock``: a batch of customer
    messages reads its lookup before it takes the append lock)."""
    conn = connect_sync(db)
    conn.lazy_lock = lazy
    return conn


def run(db, lazy: bool = False) -> tuple[list, dict[str, list]]:
    conn = writer_conn(db, lazy) if lazy else connect_sync(db)
    if lazy:
        conn.contended_at = float("inf")  # as if another writer appended all along
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
    # And as a server's writer runs them (lookups before the append lock).
    lazy_answers, lazy_tables = run(postgres.fresh_database(), lazy=True)
    assert lazy_answers == sqlite_answers and lazy_tables == pg_tables
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


# ------------------------------------------------ two writers: the lookup before the lock


def _interleaved(postgres, first: list, between: list, *, warm: list | None = None):
    """Writer A applies ``first`` (its lookup read before the append lock); right before A
    takes the lock, writer B commits ``between``. Returns A's and B's answers and events,
    A's round trips, and the connection (open) to look at the database with."""
    db = postgres.fresh_database()
    a, b = writer_conn(db), writer_conn(db)
    times = clock()
    master = os.urandom(32)
    if warm:
        commit_batch(b, lambda: next(times), [(cmd, None) for cmd in warm], Sealer(master))
    got: dict[str, tuple] = {}
    take_lock = a.open_pending

    def b_commits_first() -> None:
        a.open_pending = take_lock  # type: ignore[method-assign]
        got["b"] = commit_batch(
            b, lambda: next(times), [(cmd, k) for k, cmd in enumerate(between)], Sealer(master)
        )
        take_lock()

    a.open_pending = b_commits_first  # type: ignore[method-assign]
    calls = 0
    run_ = a._run

    def counted(coro):
        nonlocal calls
        calls += "prepare" not in coro.__qualname__  # statements are prepared once
        return run_(coro)

    a._run = counted  # type: ignore[method-assign]
    a.seen = []  # type: ignore[attr-defined]
    execute = a.execute
    a.execute = lambda sql, params=(): (a.seen.append(sql), execute(sql, params))[1]  # type: ignore[method-assign,attr-defined]
    a.contended_at = time.monotonic()  # as if B had appended since A's last batch
    got["a"] = commit_batch(
        a, lambda: next(times), [(cmd, k) for k, cmd in enumerate(first)], Sealer(master)
    )
    a._run = run_  # type: ignore[method-assign]
    b.close()
    return got["a"], got["b"], calls, a


def _stored_messages(conn) -> list[tuple]:
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT m.id, m.seq, m.external_id, m.conversation_id, e.payload::json->>'message'"
            " FROM messages m JOIN events e ON e.seq = m.seq ORDER BY m.id"
        ).fetchall()
    ]


def test_a_batch_applied_before_the_lock_follows_what_another_writer_appended_meanwhile(
    postgres,
):
    """Two servers' writers ingest into the same conversations at once. A's batch is looked
    up and applied (sealed, hashed) before it holds the append lock; B commits meanwhile.
    A's events then follow B's in the chain, its messages' ids follow B's (a conversation's
    messages listed by id are in the order the consoles saw them, by seq), and every answer
    A gives names the seq and message that were stored. Nothing is done twice."""
    warm = [ingest(f"w{i}", "XYZ"[i], "hi") for i in range(3)]
    first = [ingest(f"a{i}", "XYZ"[i % 3], f"A 的第{i}条") for i in range(7)]
    between = [ingest(f"b{i}", "XYZ"[i % 3], f"B 的第{i}条") for i in range(5)]
    (results, events), (b_results, b_events), calls, conn = _interleaved(
        postgres, first, between, warm=warm
    )
    try:
        assert conn.stale_batches == 0  # nothing A read had changed: not done again
        assert calls <= 5, calls  # lookup; BEGIN + lock; lookup again + tail; write; COMMIT
        assert all(ok for _, ok, _ in results) and all(ok for _, ok, _ in b_results)
        b_last = b_events[-1].seq
        assert [e.seq for e in events] == list(range(b_last + 1, b_last + 1 + len(first)))
        stored = _stored_messages(conn)
        assert len(stored) == len(warm) + len(first) + len(between)  # each stored once
        # Listed by id, the messages are in seq order, A's after B's.
        assert [r[1] for r in stored] == sorted(r[1] for r in stored)
        assert [r[2] for r in stored[-len(first) :]] == [cmd.external_id for cmd in first]
        # Each event names its own message; each answer the stored seq, message, event.
        assert all(int(r[4]) == r[0] for r in stored)
        by_external = {r[2]: r for r in stored}
        for cmd, (_, _, answer), event in zip(first, results, events, strict=True):
            message_id, seq, _, conversation, _ = by_external[cmd.external_id]
            assert (answer["seq"], answer["message"]) == (seq, message_id)
            assert (event.seq, event.payload["message"], event.conversation) == (
                seq,
                message_id,
                conversation,
            )
            assert answer["conversation"] == conversation and not answer["duplicate"]
        report = verify_log(conn)
        assert report.ok and report.checked == b_last + len(first), report
        unread = conn.execute("SELECT sum(unread) FROM conversations").fetchone()[0]
        assert unread == len(warm) + len(first) + len(between)
    finally:
        conn.close()


@pytest.mark.parametrize(
    "change, known",
    [("resolved", False), ("stored", False), ("customer", False), ("resolved", True)]
    + [("stored", True), ("priority", True)],
)
def test_a_batch_whose_lookup_changed_before_the_lock_is_done_again(postgres, change, known):
    """What A looked up before the lock changed before A held it: B resolved A's
    conversation, or stored A's message first, or made A's new customer, or raised the
    priority of A's conversation. A's batch is done again under the lock: the message
    after the resolve opens a new conversation (not the resolved one), the message B
    stored is answered as a duplicate with B's seq, the customer exists once, the event
    carries the new priority. (``known``: A's messages all go to known customers' open
    conversations, which A checks by key instead of looking up again.)"""
    warm = [ingest("w0", "X", "hi"), ingest("w1", "Y", "hi")]
    first = [ingest("a0", "X", "还在吗"), ingest("a1", "Y", "同一条"), ingest("a2", "NEW", "新")]
    if known:  # every message to a known customer's open conversation: checked by key
        first = first[:2]
    between = {
        "resolved": status(1, "resolved", "conversation.resolved"),
        "stored": ingest("a1", "Y", "同一条"),
        "customer": ingest("b2", "NEW", "我也是新的"),
        "priority": c.SetPriority(conversation=1, priority=5, actor="system"),
    }[change]
    (results, events), (b_results, b_events), _, conn = _interleaved(
        postgres, first, [between], warm=warm
    )
    try:
        if change == "priority":  # a column the message's event carries (its meta) changed
            assert conn.stale_batches == 1 and all(ok for _, ok, _ in results)
            assert not any(sql.startswith("SAVEPOINT") for sql in conn.seen)
            assert events[0].meta["priority"] == 5 and verify_log(conn).ok
            return
        # A message stored meanwhile by another server: the unique index refuses A's
        # write when A only checked its conversations (the batch is done again all the same).
        assert conn.stale_batches == (0 if change == "stored" and known else 1)
        # Refused by its check, the batch is done again all in one (the lock first), not
        # command by command in savepoints.
        isolated = any(sql.startswith("SAVEPOINT") for sql in conn.seen)
        assert isolated == (change == "stored" and known)
        assert all(ok for _, ok, _ in results) and all(ok for _, ok, _ in b_results)
        answers = [value for _, _, value in results]
        if change == "resolved":  # a new conversation, not the resolved one
            assert answers[0]["opened"] and answers[0]["conversation"] != 1
        else:
            assert answers[0]["conversation"] == 1 and not answers[0]["opened"]
        if change == "stored":
            assert answers[1]["duplicate"] and answers[1]["seq"] == b_results[0][2]["seq"]
        else:
            assert not answers[1]["duplicate"]
        if change == "customer":
            assert answers[2]["customer"] == b_results[0][2]["customer"]
        customers = 2 if known else 3
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == customers
        stored = _stored_messages(conn)
        externals = sorted(r[2] for r in stored)
        assert len(externals) == len(set(externals)) == customers + 2 + (change == "customer")
        assert [r[1] for r in stored] == sorted(r[1] for r in stored)
        assert events[0].seq > b_events[-1].seq
        assert verify_log(conn).ok
    finally:
        conn.close()


def test_a_writer_reads_before_the_lock_only_while_another_writer_appends(postgres):
    """Alone on the database, a writer takes the lock first (four round trips a batch:
    reading first would only add one, nobody waits for its lock). Once another writer
    appended between two of its batches, its next batches read their lookup before the
    lock (five, three of them under it), and go back once the other has been quiet."""
    db = postgres.fresh_database()
    a, b = writer_conn(db), writer_conn(db)
    times = clock()
    calls = 0
    run_ = a._run

    def counted(coro):
        nonlocal calls
        calls += "prepare" not in coro.__qualname__
        return run_(coro)

    a._run = counted  # type: ignore[method-assign]

    def a_batch(tag: str) -> int:
        nonlocal calls
        calls = 0
        batch = [(ingest(f"{tag}{i}", "XYZ"[i % 3], "你好"), None) for i in range(6)]
        results, _ = commit_batch(a, lambda: next(times), batch)
        assert all(ok for _, ok, _ in results)
        return calls

    try:
        a_batch("p")  # customers made
        assert [a_batch("q"), a_batch("r")] == [4, 4]  # alone
        commit_batch(b, lambda: next(times), [(ingest("b0", "X", "B 的"), None)])
        assert a_batch("s") == 4  # locked first, and saw that B appended
        assert a_batch("t") == 5  # read before the lock
        a.contended_at -= 2.0  # B has been quiet for two seconds
        assert a_batch("u") == 4
        assert a.stale_batches == 0 and verify_log(a).ok
    finally:
        a.close()
        b.close()
