"""The SQLite writer writes a batch's customer messages together (their rows in one
statement, each conversation's activity once per batch): what it stores and answers must be
exactly what applying the same commands one batch at a time stores and answers, duplicates,
reopened conversations, a reply in the middle of the batch and a refused command included."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import msgspec

from loancs.core.protocol import Attachment
from loancs.store import commands as c
from loancs.store.audit import verify_log
from loancs.store.db import Store
from loancs.store.privacy import Sealer
from loancs.store.search import fold_pending, index_pending
from loancs.store.writer import OpError, commit_batch, connect_writer

NOW = 1_790_000_000_000


def ingest(
    who: str, external_id: str, body: str, loan_type: str | None = None, **hints: str
) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=external_id,
        identity=c.Identity(kind="wechat", value=f"o{who}GATHER00000000001"),
        body=body,
        hints=c.Hints(loan_type=loan_type, **hints) if loan_type or hints else None,
    )


def reply(conversation: int, body: str) -> c.AgentReply:
    return c.AgentReply(
        conversation=conversation, agent_id=1, agent_name="sup", role="supervisor", body=body
    )


SETUP: list[c.Command] = [
    c.CreateAgent(name="sup", role="supervisor", token_hash="h-sup"),
    ingest("A", "a1", "你好，我想问房贷", "mortgage"),  # conversation 1
    ingest("B", "b1", "car loan please", "car"),  # conversation 2
    reply(1, "您好，请讲"),  # 1 is pending now
    c.SetStatus(
        conversation=2,
        agent_id=None,
        actor="supervisor:sup",
        role="supervisor",
        status="snoozed",
        kind="conversation.snoozed",
        until=NOW + 60_000,
    ),
]

BATCH: list[c.Command] = [
    ingest("A", "a2", "提前还款有违约金吗"),  # reopens 1
    ingest("B", "b2", "my card 6222 0200 0000 0000 7 and mobile 13812345678"),  # reopens 2
    ingest("A", "a3", "还有手续费"),
    ingest("A", "a3", "还有手续费"),  # the sender's retry, in the same batch: a duplicate
    ingest("B", "b3", "or 13812345678 after six", urgency="complaint"),  # changes 2's row
    ingest("D", "d1", "first words"),
    ingest("A", "a3b", "还有", credit_band="B"),
    ingest("D", "d2", "second words", "car"),  # the hint fills 4's loan type
    # among messages without one: a photo, and a gateway's raw body (both stored attachments)
    msgspec.structs.replace(ingest("D", "d2p", "a photo"), attachment=Attachment("image", "m-1")),
    msgspec.structs.replace(ingest("A", "a3r", "原文"), raw="<xml>原文</xml>"),
    ingest("D", "d3", "third words"),
    reply(1, "违约金是剩余本金的1%"),  # 1 is pending again, unread 0
    ingest("A", "a4", "好的 谢谢", "mortgage"),  # reopens 1 again
    ingest("C", "c1", "new customer here", "car"),  # a new customer and conversation
    ingest("C", "c2", "身份证 11010519491231002X"),
    ingest("C", "c2", "身份证 11010519491231002X"),
    ingest("B", "b4", "tomorrow then"),
    ingest("E", "e1", "another new customer"),  # written apart: the gathered ones wait
    ingest("B", "b4", "tomorrow then"),  # still the duplicate (looked up before e1)
]


def prepared(tmp_path: Path, name: str) -> tuple[sqlite3.Connection, Sealer]:
    async def create() -> bytes:
        store = Store(tmp_path / name, synchronous="NORMAL", writer="thread")
        await store.open()
        await store.close()
        assert store.master_key is not None
        return store.master_key

    key = asyncio.run(create())
    return connect_writer(str(tmp_path / name), "NORMAL"), Sealer(key)


def commit(conn, sealer, commands: list[c.Command]) -> tuple[list, list]:
    results, events = commit_batch(
        conn, lambda: NOW, [(cmd, i) for i, cmd in enumerate(commands)], sealer
    )
    answers = [
        (ok, value if ok else (type(value).__name__, getattr(value, "code", None)))
        for _, ok, value in results
    ]
    return answers, [
        (e.seq, e.ts, e.kind, e.conversation, e.actor, e.payload, e.meta) for e in events
    ]


def stored(conn: sqlite3.Connection) -> dict[str, list]:
    index_pending(conn)  # the search index caught up, as the writer does within a second
    fold_pending(conn)  # and the pending activity folded into the rows (the same)
    tables = {
        "messages": "SELECT * FROM messages ORDER BY id",
        "conversations": "SELECT * FROM conversations ORDER BY id",
        "customers": "SELECT id, name FROM customers ORDER BY id",
        "identities": "SELECT * FROM customer_identities ORDER BY kind, value",
        "events": "SELECT seq, ts, kind, conversation, actor, meta FROM events ORDER BY seq",
        "search": "SELECT rowid, excerpt FROM search_conversations ORDER BY rowid",
        "pending": "SELECT * FROM search_pending",
    }
    found = {name: conn.execute(sql).fetchall() for name, sql in tables.items()}
    found["finds"] = [
        conn.execute(
            "SELECT rowid FROM search_conversations WHERE search_conversations MATCH ?"
            " ORDER BY rowid",
            (query,),
        ).fetchall()
        for query in ('"手续费"', '"谢谢"', '"138****5678"', '"13812345678"', '"tomorrow"')
    ]
    return found


def reads_senders(statements: list[str]) -> bool:
    return any("customer_identities" in sql for sql in statements)


def beside_a_plain_writer(tmp_path: Path):
    """Two fresh stores: one written with a SenderCache, one without. Returns both
    (connection, sealer) pairs, the cache, and ``both(commands)``: commits one batch to each,
    checks that the answers and events are the same, returns the cached writer's statements."""
    from loancs.store.writer import senders_for

    plain, sealer1 = prepared(tmp_path, "plain.db")
    cached, sealer2 = prepared(tmp_path, "cached.db")
    senders = senders_for(cached)
    assert senders is not None

    def both(commands: list[c.Command]) -> list[str]:
        expected = commit(plain, sealer1, commands)
        statements: list[str] = []
        cached.set_trace_callback(statements.append)
        results, events = commit_batch(
            cached, lambda: NOW, [(cmd, i) for i, cmd in enumerate(commands)], sealer2, senders
        )
        cached.set_trace_callback(None)
        answers = [
            (ok, value if ok else (type(value).__name__, getattr(value, "code", None)))
            for _, ok, value in results
        ]
        assert (
            answers,
            [(e.seq, e.ts, e.kind, e.conversation, e.actor, e.payload, e.meta) for e in events],
        ) == expected
        return statements

    return (plain, sealer1), (cached, sealer2), senders, both


def test_a_gathered_batch_stores_and_answers_what_one_command_at_a_time_does(tmp_path) -> None:
    one_by_one, sealer1 = prepared(tmp_path, "single.db")
    together, sealer2 = prepared(tmp_path, "batch.db")
    for command in SETUP:
        commit(one_by_one, sealer1, [command])
        commit(together, sealer2, [command])

    singles = [commit(one_by_one, sealer1, [command]) for command in BATCH]
    statements: list[str] = []
    together.set_trace_callback(statements.append)
    answers, events = commit(together, sealer2, BATCH)
    together.set_trace_callback(None)
    # All in one attempt (a batch redone command by command in savepoints would store the
    # same), each of the two runs of ingests looked up in one statement for the senders and
    # one for the messages stored already, each key a plain string (no json_extract: SQLite
    # parses a JSON value again at each one).
    assert not [sql for sql in statements if sql.startswith("SAVEPOINT")]
    assert len([sql for sql in statements if "CROSS JOIN customer_identities" in sql]) == 2
    assert len([sql for sql in statements if "CROSS JOIN messages" in sql]) == 2
    assert not [sql for sql in statements if "json_extract" in sql]

    assert answers == [answer for single, _ in singles for answer in single]
    assert events == [event for _, single in singles for event in single]
    assert all(ok for ok, _ in answers)
    duplicates = [
        cmd.external_id for cmd, (_, v) in zip(BATCH, answers, strict=True) if v.get("duplicate")
    ]
    assert duplicates == ["a3", "c2", "b4"]
    assert stored(together) == stored(one_by_one)

    conversations = {
        row[0]: row
        for row in together.execute("SELECT id, status, unread, last_excerpt FROM conversations")
    }
    assert conversations[1][1:] == ("open", 1, "好的 谢谢")
    assert conversations[2][1:3] == ("open", 4)  # b1 to b4: no reply to it
    assert "13812345678" not in conversations[2][3] and "tomorrow" in conversations[2][3]
    assert together.execute("SELECT count(*) FROM messages").fetchone() == (19,)
    attached = together.execute(
        "SELECT external_id, attachment FROM messages WHERE attachment IS NOT NULL ORDER BY id"
    ).fetchall()
    assert [(e, json.loads(a)) for e, a in attached] == [
        ("d2p", {"kind": "image", "ref": "m-1"}),
        ("a3r", {"raw": "<xml>原文</xml>"}),
    ]
    for conn in (together, one_by_one):
        report = verify_log(conn)
        assert report.ok and report.checked == len(
            conn.execute("SELECT seq FROM events").fetchall()
        )


def test_a_refused_command_in_a_gathered_batch_fails_alone(tmp_path) -> None:
    conn, sealer = prepared(tmp_path, "refused.db")
    for command in SETUP:
        commit(conn, sealer, [command])
    answers, _ = commit(
        conn,
        sealer,
        [
            ingest("A", "x1", "first"),
            ingest("B", "x1", "someone else's id"),  # taken by A's message in this batch
            ingest("B", "x2", "second"),
        ],
    )
    assert [ok for ok, _ in answers] == [True, False, True]
    assert answers[1][1] == (OpError.__name__, "conflict")
    assert conn.execute(
        "SELECT external_id FROM messages WHERE external_id LIKE 'x%'"
    ).fetchall() == [
        ("x1",),
        ("x2",),
    ]
    assert verify_log(conn).ok


def test_the_writer_remembers_its_senders_and_forgets_what_changed_behind_it(tmp_path) -> None:
    """The writer keeps who sends from each identity and their open conversation from one
    batch of ingests to the next (SenderCache), so a batch of known senders reads only
    whether its messages are stored already. Batch after batch it stores and answers what
    a writer that looks everything up does: conversations resolved by an admin command on
    another connection or by a command in the writer, replies that make them pending,
    hints that change them, resends and another sender's message id included."""
    (plain, sealer1), (cached, sealer2), senders, both = beside_a_plain_writer(tmp_path)
    for command in SETUP:
        both([command])
    # A and B reopen their conversations, C is new: nothing known yet after this batch ...
    both([ingest("A", "k1", "还在吗"), ingest("B", "k2", "hello"), ingest("C", "k3", "new here")])
    assert reads_senders(both([ingest("A", "k4", "房贷"), ingest("B", "k5", "again")]))
    # ... A and B are known after the second: a batch of known senders reads only whether
    # its messages are stored already.
    assert reads_senders(both([ingest("A", "k5b", "房贷"), ingest("C", "k6", "hi")]))
    statements = both(
        [ingest("A", "k6b", "房贷"), ingest("B", "k6c", "x"), ingest("C", "k6d", "y")]
    )
    assert not reads_senders(statements)

    # Resolved by an admin command on a connection of its own: A's next message opens a new
    # conversation, not the resolved one.
    resolve = c.SetStatus(
        conversation=1,
        agent_id=None,
        actor="admin",
        role="admin",
        status="resolved",
        kind="conversation.resolved",
    )
    for conn, sealer in ((plain, sealer1), (cached, sealer2)):
        other = connect_writer(conn.execute("PRAGMA database_list").fetchone()[2], "NORMAL")
        [(_, ok, _)], _ = commit_batch(other, lambda: NOW, [(resolve, None)], sealer)
        assert ok
        other.close()
    statements = both([ingest("A", "k7", "我又来了"), ingest("B", "k8", "still here")])
    assert reads_senders(statements)
    assert (
        cached.execute("SELECT max(id) FROM conversations WHERE customer_id = 1").fetchone()[0] > 1
    )

    # A reply makes B's conversation pending (a batch with a command other than ingests):
    # B's next message reopens it. Hints change C's conversation: the next batch sees them.
    both([reply(2, "got it"), ingest("C", "k9", "car please", "car", urgency="complaint")])
    both([ingest("B", "k10", "thanks"), ingest("C", "k11", "and?")])
    both([ingest("B", "k11b", "so"), ingest("C", "k11c", "so")])
    statements = both([ingest("B", "k12", "one more"), ingest("C", "k13", "ok", credit_band="A")])
    assert not reads_senders(statements)
    statements = both([ingest("C", "k14", "well")])
    assert reads_senders(statements)  # what k13 changed is read again

    # Resends of messages stored batches ago, from known senders: answered as duplicates.
    # The first is refused by the messages' unique index (not asked about first): that
    # batch is redone command by command; the batches after it ask (one probe), so the
    # next resends cost no redo and the senders are known again after one batch.
    assert senders.probing == 0
    statements = both(
        [ingest("B", "k5", "again"), ingest("C", "k6", "hi"), ingest("B", "k15", "x")]
    )
    assert "ROLLBACK" in statements and reads_senders(statements)
    assert senders.probing == senders.PROBE_BATCHES
    both([ingest("B", "k15b", "y"), ingest("C", "k15c", "z")])
    statements = both([ingest("B", "k15", "x"), ingest("C", "k15d", "hi")])
    assert "ROLLBACK" not in statements and not reads_senders(statements)
    # Another sender's message id: refused alone (the batch is redone command by command,
    # C's new urgency with it).
    both([ingest("B", "k11", "not mine"), ingest("C", "k16", "fine", urgency="vip")])
    both([ingest("B", "k17", "after"), ingest("C", "k18", "after")])

    # Two identities of one customer on one channel: what one changes is not remembered
    # as it was through the other, in whatever order the batch has them.
    both(
        [
            c.LinkIdentity(
                customer=3,
                identity=c.Identity(kind="wechat", value="oCCGATHER00000000001"),
                actor="admin",
            )
        ]
    )
    both([ingest("C", "k19", "a"), ingest("CC", "k20", "b")])
    both([ingest("C", "k21", "c"), ingest("CC", "k22", "d")])
    both(
        [
            ingest("C", "k23", "e", urgency="complaint"),
            ingest("CC", "k24", "f"),
            ingest("C", "k25", "g", urgency="normal"),
        ]
    )
    both([ingest("CC", "k26", "h"), ingest("C", "k27", "i")])

    assert stored(cached) == stored(plain)
    assert verify_log(cached).ok


def status(conversation: int, to: str, kind: str) -> c.SetStatus:
    return c.SetStatus(
        conversation=conversation,
        agent_id=None,
        actor="sup",
        role="supervisor",
        status=to,
        kind=kind,
    )


def test_replies_and_assignments_beside_ingests_make_the_writer_forget_only_their_conversations(
    tmp_path,
) -> None:
    """At a peak, agents' replies, read marks, assignments and status changes share batches
    with customers' messages. The writer forgets only what such a command may have changed
    (its conversation's customer and channel), from the moment it ran: batch after batch it
    stores and answers what a writer that looks everything up does, and the other senders'
    messages still read no identities."""
    (plain, _), (cached, _), senders, both = beside_a_plain_writer(tmp_path)
    for command in SETUP:
        both([command])
    # A (1), B (2), D and E known after two batches of messages.
    for k in range(3):
        both([ingest(w, f"w{k}{w}", "hi") for w in "ABDE"])
    forgotten = senders.forgotten

    # A reply in the middle of a batch: A's next message in the same batch reopens what it
    # made pending, and so does the next batch's; B, D and E read no identities.
    statements = both(
        [ingest("A", "m1", "x"), ingest("B", "m2", "x"), reply(1, "ok"), ingest("A", "m3", "y")]
    )
    statements += both([ingest("D", "m4", "x"), reply(2, "ok"), ingest("E", "m5", "x")])
    assert not any(
        "customer_identities" in sql and ("oDGATHER" in sql or "oEGATHER" in sql)
        for sql in statements
    )
    both([ingest("B", "m6", "back"), ingest("A", "m7", "again")])  # reopened: read again
    both([ingest(w, f"m8{w}", "hi") for w in "AB"])
    assert senders.forgotten == forgotten  # nothing was forgotten wholesale
    statements = both([ingest(w, f"m8b{w}", "hi") for w in "ABDE"])
    assert not reads_senders(statements)

    # An assignment, a priority and a read mark: the next messages' events carry them.
    both([c.Assign(conversation=1, agent_id=1, actor="sup", kind="conversation.assigned")])
    # (A's message is read afresh and learned, then its conversation changes: not learned.)
    both([ingest("A", "m9", "x"), c.SetPriority(conversation=1, priority=5, actor="sup")])
    both([ingest("A", "m9b", "x"), c.SetPriority(conversation=2, priority=3, actor="sup")])
    both([ingest("B", "m10", "x"), c.MarkRead(conversation=1, agent_id=1, actor="sup")])
    both([ingest("A", "m11", "x"), ingest("B", "m12", "x")])

    # Resolved in the middle of a batch: B's next message opens a new conversation.
    both([ingest("B", "m13", "x"), status(2, "resolved", "conversation.resolved")])
    both([ingest("B", "m14", "new"), ingest("B", "m15", "new")])
    new_b = cached.execute("SELECT MAX(id) FROM conversations WHERE customer_id = 2").fetchone()[0]
    assert new_b > 2
    # An older conversation reopened while a newer one is resolved, then the newer one
    # reopened: the customer's open conversation is the newest, not the one remembered.
    both([status(new_b, "resolved", "conversation.resolved"), ingest("A", "m16", "x")])
    both([status(2, "open", "conversation.reopened"), ingest("D", "m17", "x")])
    both([ingest("B", "m18", "to 2"), ingest("B", "m19", "to 2")])
    both([ingest("B", "m20", "to 2"), status(new_b, "open", "conversation.reopened")])
    both([ingest("B", "m21", "to the newest"), ingest("A", "m22", "x")])
    assert cached.execute(
        "SELECT conversation_id FROM messages WHERE external_id = 'm21'"
    ).fetchone() == (new_b,)
    # A refused command (a reply to a resolved conversation) in a mixed batch: redone command
    # by command, everything forgotten; then a hand-off that changes the urgency.
    both([ingest("A", "m23", "x"), reply(2, "no"), status(2, "resolved", "conversation.resolved")])
    both([reply(2, "refused, 2 is resolved"), ingest("A", "m24", "y"), ingest("B", "m25", "z")])
    assert senders.forgotten > forgotten
    both([ingest("D", "m26", "x"), ingest("D", "m27", "y")])
    both(
        [
            c.AssistantHandoff(
                conversation=cached.execute(
                    "SELECT MAX(id) FROM conversations WHERE customer_id = ("
                    " SELECT customer_id FROM customer_identities WHERE value = 'oDGATHER00000000001')"
                ).fetchone()[0],
                reason="asked for a person",
                intent="human",
                summary="wants a person",
                urgency="complaint",
            ),
            ingest("D", "m28", "person please"),
        ]
    )
    both([ingest("D", "m29", "still"), ingest("A", "m30", "x")])

    assert stored(cached) == stored(plain)
    assert verify_log(cached).ok


def test_every_change_of_an_excerpt_is_noted_for_search_by_the_writer(tmp_path) -> None:
    """No trigger notes a conversation for re-indexing when its last excerpt changes
    (migration 0023: it cost ~1 µs of each customer message's UPDATE); the writer notes it
    itself. After each kind of change (customer messages written together or one by one,
    a reply, an erasure) search finds the new text and no longer the old one."""
    conn, sealer = prepared(tmp_path, "noted.db")
    assert not conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'search_conversation_noted'"
    ).fetchall()
    for command in SETUP:
        commit(conn, sealer, [command])

    def finds(word: str) -> list[int]:
        return [
            row[0]
            for row in conn.execute(
                "SELECT rowid FROM search_conversations WHERE search_conversations MATCH ?"
                " ORDER BY rowid",
                (f'"{word}"',),
            )
        ]

    def noted_then_indexed() -> list[int]:
        noted = [row[0] for row in conn.execute("SELECT conversation FROM search_pending")]
        index_pending(conn)
        return sorted(noted)

    noted_then_indexed()
    commit(conn, sealer, [ingest("A", "n1", "alpha words"), ingest("B", "n2", "bravo words")])
    assert noted_then_indexed() == [1, 2]
    assert (finds("alpha"), finds("bravo")) == ([1], [2])
    # Redone one by one in savepoints (the second is refused): the first is noted all the same.
    answers, _ = commit(conn, sealer, [ingest("A", "n3", "delta words"), ingest("B", "n3", "x")])
    assert [ok for ok, _ in answers] == [True, False]
    assert noted_then_indexed() == [1]
    assert (finds("alpha"), finds("delta")) == ([], [1])
    commit(conn, sealer, [reply(2, "charlie reply")])
    assert noted_then_indexed() == [2]
    assert (finds("bravo"), finds("charlie")) == ([], [2])
    commit(conn, sealer, [c.EraseCustomer(customer=1, reason="asked")])
    assert noted_then_indexed() == [1]
    assert finds("delta") == []


def test_every_sealed_message_gets_its_own_nonce_from_few_system_calls(
    tmp_path, monkeypatch
) -> None:
    """Each customer message's personal fields are sealed with AES-GCM under a nonce that
    must never repeat for the customer's key. The writer draws the nonces' random bytes for
    many seals at once (not a system call per message): every nonce in the log is still
    distinct, across batches and across a batch redone command by command, and every sealed
    body opens to what the customer wrote."""
    import base64
    import os

    conn, sealer = prepared(tmp_path, "nonces.db")
    for command in SETUP:
        commit(conn, sealer, [command])
    draws = []
    real = os.urandom

    def urandom(n: int) -> bytes:
        draws.append(n)
        return real(n)

    monkeypatch.setattr(os, "urandom", urandom)
    bodies = {}
    for k in range(3):
        batch: list[c.Command] = []
        for i in range(150):
            who = "ABCDE"[i % 5]
            bodies[f"n{k}-{i}"] = f"第{k}批第{i}条 {who}"
            batch.append(ingest(who, f"n{k}-{i}", bodies[f"n{k}-{i}"]))
        if k == 2:
            batch.insert(75, ingest("A", "b1", "not mine"))  # B's id: the batch is redone
        commit(conn, sealer, batch)
    monkeypatch.setattr(os, "urandom", real)
    assert 0 < sum(1 for n in draws if n % 12 == 0) < 3 * 150 // 10  # not one call a message

    nonces = []
    opened = {}
    for (payload,) in conn.execute("SELECT payload FROM events WHERE kind = 'message.received'"):
        event = json.loads(payload)
        nonces.append(base64.b64decode(event["sealed"][1])[:12])  # ([customer, data, ...])
        clear = sealer.unseal_sync(conn, event)
        opened[clear["external_id"]] = clear["body"]
    assert len(nonces) == len(set(nonces)) >= 450
    assert {k: opened[k] for k in bodies} == bodies


def test_known_senders_on_two_channels_resend_and_are_found_by_one_cheap_probe_each(
    tmp_path,
) -> None:
    """A batch of known senders asks the database only whether their messages are stored
    already: one probe per channel with the message ids as plain strings (no JSON parsed
    again per key, which was most of the probe's cost). Resends on either channel are still
    answered as duplicates, as a writer that looks everything up answers them."""
    import msgspec

    (plain, _), (cached, _), _senders, both = beside_a_plain_writer(tmp_path)
    for command in SETUP:
        both([command])

    def chat(who: str, external_id: str, body: str) -> c.IngestMessage:
        return msgspec.structs.replace(ingest(who, external_id, body), channel="chat", source="web")

    for k in range(3):
        both([ingest("A", f"w{k}", "x"), chat("A", f"c{k}", "y"), chat("D", f"d{k}", "z")])
    resends = [
        ingest("A", "w1", "x"),  # a resend on wechat
        chat("A", "w1", "same id, another channel"),  # new: ids are per channel
        chat("D", "d0", "z"),  # a resend on chat
        chat("A", "c9", "new"),
        ingest("A", "w9", "new"),
    ]
    # The first resend is refused by the unique index (redone command by command), the
    # batches after it ask first: the senders are known again after one batch.
    assert "ROLLBACK" in both(resends)
    both([ingest("A", "w10", "x"), chat("A", "c10", "y"), chat("D", "d10", "z")])
    statements = both(resends)
    assert "ROLLBACK" not in statements and not reads_senders(statements)
    probes = [sql for sql in statements if "json_each" in sql and "FROM messages" not in sql]
    assert probes and not any("json_extract" in sql for sql in probes)
    assert stored(cached) == stored(plain)


def test_a_large_gathered_batch_writes_its_rows_several_at_a_time_as_one_by_one_would(
    tmp_path,
) -> None:
    """A batch of 150 customer messages (returning senders and two new ones, a resend, a
    photo, a reply in the middle) writes its messages, events and activity in statements of many rows
    each, and stores and answers exactly what one command at a time does."""
    one_by_one, sealer1 = prepared(tmp_path, "single.db")
    together, sealer2 = prepared(tmp_path, "batch.db")
    for command in [*SETUP, *(ingest(f"S{i}", f"first{i}", "你好") for i in range(68))]:
        commit(one_by_one, sealer1, [command])
        commit(together, sealer2, [command])
    batch: list[c.Command] = [  # two senders are new: their customers are written between
        ingest(f"S{i % 70}", f"s{i}", f"第{i}条 about my loan") for i in range(150)
    ]
    batch[40] = msgspec.structs.replace(batch[40], attachment=Attachment("image", "m-40"))
    batch[77] = ingest("S7", "s7", "第7条 about my loan")  # a resend of s7
    batch.insert(100, reply(1, "请稍等"))
    singles = [commit(one_by_one, sealer1, [command]) for command in batch]
    statements: list[str] = []
    together.set_trace_callback(statements.append)
    answers, events = commit(together, sealer2, batch)
    together.set_trace_callback(None)

    assert answers == [answer for single, _ in singles for answer in single]
    assert events == [event for _, single in singles for event in single]
    assert [v["duplicate"] for ok, v in answers if ok and "duplicate" in v].count(True) == 1
    assert stored(together) == stored(one_by_one)
    assert together.execute("SELECT count(*) FROM messages").fetchone() == (2 + 1 + 68 + 150,)

    def started(prefix: str) -> int:
        return len([sql for sql in statements if sql.startswith(prefix)])

    # One by one, each row was a statement of its own (~150 of each); the new senders' rows
    # and the reply cut the runs, whose last few rows still go one by one.
    assert started("INSERT INTO messages") <= 40
    assert started("INSERT INTO events") <= 40
    assert started("INSERT INTO activity_pending") <= 40
    for conn in (together, one_by_one):
        assert verify_log(conn).ok


def test_agents_commands_beside_ingests_forget_their_sender_without_reading_the_row_again(
    tmp_path,
) -> None:
    """A reply, a read mark or a status change in a batch of messages makes the writer forget
    its conversation's customer and channel: it takes them from the facts its own event
    carries (the conversation's row, read once by the command), not by reading the row a
    second time. The writer stays exact: it stores and answers what a writer without a
    sender cache does, and a read mark after the reply that zeroed the count writes none."""
    (plain, _), (cached, _), senders, both = beside_a_plain_writer(tmp_path)
    for command in SETUP:
        both([command])
    for k in range(2):
        both([ingest(w, f"w{k}{w}", "hi") for w in "ABDE"])
    statements = both(
        [
            ingest("A", "m1", "x"),
            reply(1, "ok"),
            c.MarkRead(conversation=1, agent_id=1, actor="sup"),
            ingest("A", "m2", "again"),  # reopens what the reply made pending
            ingest("B", "m3", "z"),
            c.SetPriority(conversation=2, priority=4, actor="sup"),
            ingest("B", "m4", "zz"),
        ]
    )
    assert not any("SELECT customer_id, channel FROM conversations" in s for s in statements)
    both([ingest(w, f"m5{w}", "hi") for w in "ABDE"])
    statements = both([ingest(w, f"m6{w}", "hi") for w in "ABDE"])
    assert not reads_senders(statements)  # all known again, as they are
    # The reply zeroed the count: the read mark right after it changes no row.
    both([ingest("D", "m7", "x"), reply(3, "ok")])
    changes = cached.total_changes
    both([c.MarkRead(conversation=3, agent_id=1, actor="sup")])
    assert cached.total_changes - changes == 1  # the event's row only
    assert cached.execute("SELECT unread FROM conversations WHERE id = 3").fetchone() == (0,)
    both([ingest("D", "m8", "x"), c.MarkRead(conversation=3, agent_id=1, actor="sup")])
    assert cached.execute("SELECT unread FROM conversations WHERE id = 3").fetchone() == (0,)
    assert stored(cached) == stored(plain)
    assert verify_log(cached).ok


def test_first_time_senders_in_a_batch_are_looked_up_once_and_stored_as_one_at_a_time(
    tmp_path,
) -> None:
    """A batch's look-ahead found no customer for a first-time sender (or no open
    conversation for a customer on the channel): that message makes them, so it is not
    looked up a second time, unless an earlier message of the same run made them already
    (the same identity again, the same customer on the same channel again, a resend in the
    batch). Answers, events and every table equal one command at a time."""
    one_by_one, sealer1 = prepared(tmp_path, "single.db")
    together, sealer2 = prepared(tmp_path, "batch.db")
    for command in SETUP:
        commit(one_by_one, sealer1, [command])
        commit(together, sealer2, [command])
    resolve = status(2, "resolved", "conversation.resolved")
    commit(one_by_one, sealer1, [resolve])
    commit(together, sealer2, [resolve])

    batch = [
        ingest("F", "f1", "第一次"),  # first-time: looked up ahead only
        ingest("G", "g1", "first time too", "car"),
        ingest("F", "f2", "again"),  # F made by f1: looked up again
        ingest("B", "b9", "back after resolved"),  # B has no open conversation: opens one
        ingest("B", "b10", "and again"),  # the one b9 opened: looked up again
        ingest("H", "h1", "我是新客户"),
        ingest("H", "h1", "我是新客户"),  # h1 resent in the batch: the duplicate
        ingest("A", "a9", "known"),
        ingest("J", "j1", "身份证 11010519491231002X"),
    ]
    singles = [commit(one_by_one, sealer1, [command]) for command in batch]
    statements: list[str] = []
    together.set_trace_callback(statements.append)
    answers, events = commit(together, sealer2, batch)
    together.set_trace_callback(None)
    assert answers == [answer for single, _ in singles for answer in single]
    assert events == [event for _, single in singles for event in single]
    assert [v.get("duplicate") for _, v in answers].count(True) == 1
    assert stored(together) == stored(one_by_one)
    assert not [sql for sql in statements if sql.startswith("SAVEPOINT")]  # all in one go
    # One look-up each for f2, b10 and the resent h1; none for f1, g1, b9, the first h1, j1.
    assert len([sql for sql in statements if "FROM (SELECT 1) AS one" in sql]) == 3
    # ... and a first-time sender's identity, found absent there, is not read a third time.
    assert not [s for s in statements if "SELECT customer_id FROM customer_identities" in s]
    for conn in (together, one_by_one):
        assert verify_log(conn).ok


def test_known_senders_messages_are_not_looked_up_before_their_rows_are_written(tmp_path) -> None:
    """A batch of known senders does not ask whether each message is stored already (the
    rows' unique index answers when they are written): no statement reads messages before
    the batch's rows. A resend then fails the batch's rows, the batch is redone command by
    command (a duplicate answered as before), and the next ``PROBE_BATCHES`` batches ask
    first; after them, again not."""
    (plain, _), (cached, _), senders, both = beside_a_plain_writer(tmp_path)
    senders.PROBE_BATCHES = 2
    for command in SETUP:
        both([command])
    both([ingest("A", "n1", "你好"), ingest("B", "n2", "hi")])
    both([ingest("A", "n3", "房贷"), ingest("B", "n4", "car")])

    def looked_up(statements: list[str]) -> bool:
        return any("JOIN messages" in sql or "FROM messages d" in sql for sql in statements)

    statements = both([ingest("A", "n5", "还在"), ingest("B", "n6", "there")])
    assert not reads_senders(statements) and not looked_up(statements)
    assert "ROLLBACK" not in statements

    statements = both([ingest("A", "n7", "a"), ingest("B", "n4", "car"), ingest("A", "n8", "b")])
    assert "ROLLBACK" in statements  # the resend n4: redone command by command
    assert senders.probing == 2
    statements = both([ingest("A", "n9", "c"), ingest("B", "n4", "car")])
    assert looked_up(statements) and "ROLLBACK" not in statements
    statements = both([ingest("A", "n3", "房贷"), ingest("B", "n10", "d")])
    assert looked_up(statements) and "ROLLBACK" not in statements and senders.probing == 0
    statements = both([ingest("A", "n11", "e"), ingest("B", "n12", "f")])
    assert not reads_senders(statements) and not looked_up(statements)

    assert stored(cached) == stored(plain)
    assert verify_log(cached).ok


def test_a_text_message_is_gathered_from_its_values_as_one_with_a_tuple_would_be(
    tmp_path,
) -> None:
    """Tx.gather_text (a text message without an attachment: nearly every customer's) takes
    the row's values as they are written; it gathers the same row, id, seq, ``gathered``
    entry and activity as gather_message given the same message as _message_values'
    tuple."""
    from loancs.store.tx import Tx

    conn, _ = prepared(tmp_path, "t.db")
    made = []
    for way in ("tuple", "values"):
        tx = Tx(conn, NOW, 41, "0" * 64)
        ids = []
        for n, (conversation, body) in enumerate([(3, "你好"), (5, "a"), (3, "还有 138****5678")]):
            shown = body.upper()
            if way == "tuple":
                values = (conversation, 42, NOW, "o***1", body, "text", "wechat", f"x{n}", None)
                ids.append(tx.gather_message(values, 7, shown))
            else:
                ids.append(tx.gather_text(conversation, "o***1", body, "wechat", f"x{n}", 7, shown))
        made.append((ids, tx._text_messages, tx._plain_messages, tx.gathered, tx._activity))
    assert made[0] == made[1]
    assert made[1][0] == [1, 2, 3]
    assert made[1][4] == {3: ["还有 138****5678".upper(), 2], 5: ["A", 1]}


def test_a_known_senders_row_is_kept_whole_and_their_messages_skip_the_dispatch(
    tmp_path, monkeypatch
) -> None:
    """A known sender's look-ahead row (SenderCache.row) is the tuple the cache keeps, made
    once when the sender was learned, not a new 15-tuple for each of their messages; and a
    batch's customer messages go to ingest_message without ``apply``'s lookup. Both trees
    store and answer the same (the tests above)."""
    from loancs.store import writer as w
    from loancs.store.apply.conversations import _ingest_key

    (plain, _), (cached, _), senders, both = beside_a_plain_writer(tmp_path)
    for command in SETUP:
        both([command])
    both([ingest("A", "r1", "还在吗"), ingest("B", "r2", "hello")])
    both([ingest("A", "r3", "房贷"), ingest("B", "r4", "again")])
    key = _ingest_key(ingest("A", "r5", "x"))
    row = senders.row(key)
    assert row is not None and row[3] == 1 and row[4] == 1
    assert row[:3] == (None, None, None) and row[14] is None
    assert senders.row(key) is row  # kept, not built again

    dispatched: list[str] = []
    real = w.apply

    def counted(tx, command):
        dispatched.append(type(command).__name__)
        return real(tx, command)

    monkeypatch.setattr(w, "apply", counted)
    both([ingest("A", "r6", "好的"), reply(1, "ok"), ingest("B", "r7", "thanks")])
    assert dispatched == ["AgentReply", "AgentReply"]  # (the plain writer and the cached one)
