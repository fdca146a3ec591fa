"""Search, paging and the agent's access check at scale (issue 18), on a real SQLite file and a
real server: trigram full-text search (Chinese substrings, short queries), the masking rule
(an agent never finds a customer through digits they only see masked), a paging cursor that
skips nothing, the indexed get_customer check, the migration of an existing database, and
erasure reaching the search index."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from pathlib import Path

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.store import commands as c
from loancs.store import migrations
from loancs.store.db import Store, connect_sync
from loancs.store.privacy import erase_customer
from tests.conftest import make_config, seed_accounts

MOBILE = "13912345678"
ID_NUMBER = "11010519491231002X"


async def _say(
    wechat: LoancsClient, ext: str, kind: str, value: str, body: str, name=None, loan="mortgage"
):
    ack = await wechat.call(
        p.Ingest,
        external_id=ext,
        customer=p.Identity(kind=kind, value=value, name=name),
        body=body,
        hints=p.Hints(loan_type=loan),
    )
    return ack.conversation


def _ingest(external_id: str, who: dict, body: str) -> c.IngestMessage:
    """A WeChat message written straight through the store (no server running)."""
    return c.IngestMessage(
        source="wechat-gw",
        channel="wechat",
        external_id=external_id,
        identity=c.Identity(**who),
        body=body,
        hints=c.Hints(loan_type="mortgage"),
    )


def _ids(rows: list[dict]) -> list[int]:
    return [r["id"] for r in rows]


async def test_search_finds_chinese_substrings_names_and_identities(live_server) -> None:
    wechat = await live_server.client("wechat", subscribe=False)
    sup = await live_server.client("supervisor", subscribe=False)
    zhang = await _say(
        wechat, "s-1", "wechat", "oZhangWei0000000000001", "想了解提前还款的违约金", "张伟"
    )
    wang = await _say(wechat, "s-2", "wechat", "oWangFang000000000002", "车贷利率是多少", "王芳芳")
    other = await _say(wechat, "s-3", "wechat", "oOther0000000000000003", "你好", None)

    async def search(q: str) -> list[int]:
        return _ids(await sup.call(p.ListConversations, query=q))

    assert await search("提前还款") == [zhang]  # a substring in the middle of the message
    assert await search("违约金") == [zhang]
    assert await search("张伟") == [zhang]  # two characters: a name
    assert await search("王") == [wang]  # one character
    assert await search("利率") == [wang]  # two characters inside a recent message
    assert await search("zhangwei") == [zhang]  # identities, any case
    assert await search(f"#{other}") == [other]
    assert await search("没有这个词") == []
    # A new message replaces the last excerpt in the index; the name stays findable.
    await _say(wechat, "s-4", "wechat", "oZhangWei0000000000001", "材料已经上传了")
    assert await search("提前还款") == []
    assert await search("材料已经") == [zhang]
    assert await search("张伟") == [zhang]


async def test_agents_do_not_find_customers_by_digits_they_see_masked(live_server) -> None:
    wechat = await live_server.client("wechat", subscribe=False)
    sup = await live_server.client("supervisor", subscribe=False)
    agent = await live_server.client("agent", subscribe=False)  # 王芳: mortgage and car
    by_phone = await _say(wechat, "m-1", "phone", MOBILE, "请回电", "刘洋")
    in_text = await _say(
        wechat, "m-2", "wechat", "oMask00000000000000001", f"我的身份证{ID_NUMBER}", "陈静"
    )

    async def found(client: LoancsClient, q: str) -> list[int]:
        return _ids(await client.call(p.ListConversations, query=q))

    # Supervisors see identities whole, so they find by any part of them; numbers in the
    # last message are masked in the list line itself, for everyone.
    assert await found(sup, "1234567") == [by_phone]
    assert await found(sup, "19491231") == []
    # The agent sees 139****5678 and 110***********002X: hidden digits find nothing ...
    assert await found(agent, "1234567") == []
    assert await found(agent, "912345") == []
    assert await found(agent, "19491231") == []
    # ... what they see does, and so does a whole number the caller reads out.
    assert await found(agent, "5678") == [by_phone]
    assert await found(agent, MOBILE) == [by_phone]
    assert await found(agent, "身份证") == [in_text]
    assert await found(agent, "oMask000") == [in_text]  # WeChat ids are searchable, as before
    assert await found(agent, "刘洋") == [by_phone]


async def test_an_agents_page_is_full_when_the_newest_candidates_match_hidden_digits(
    live_server,
) -> None:
    """The agent's search reads candidates page by page: the newest matches, through digits
    the agent sees masked, are skipped and the page still fills with what it may find."""
    wechat = await live_server.client("wechat", subscribe=False)
    sup = await live_server.client("supervisor", subscribe=False)
    agent = await live_server.client("agent", subscribe=False)
    seen = [
        await _say(wechat, f"v-{i}", "wechat", f"oAB91234000000000000{i}", "你好") for i in range(3)
    ]
    hidden = [
        await _say(wechat, f"h-{i}", "phone", f"139123456{i:02d}", "请回电") for i in range(3)
    ]
    everything = await sup.call(p.ListConversations, query="91234", limit=10)
    assert _ids(everything) == hidden[::-1] + seen[::-1]
    page = await agent.call(p.ListConversations, query="91234", limit=2)
    assert _ids(page) == [seen[2], seen[1]]
    rest = await agent.call(p.ListConversations, query="91234", limit=10)
    assert _ids(rest) == seen[::-1]


async def test_paging_with_a_cursor_skips_nothing_even_on_equal_times(tmp_path: Path) -> None:
    db = tmp_path / "paging.db"
    tokens = seed_accounts(db)
    # Six conversations whose last activity is the same millisecond, then two later ones.
    clock = [1_790_000_000_000]
    store = Store(db, "NORMAL", clock=lambda: clock[0])
    await store.open()
    try:
        for i in range(8):
            if i >= 6:
                clock[0] += 1000
            await store.apply(
                _ingest(f"t-{i}", {"kind": "wechat", "value": f"oTie{i:016d}"}, f"第{i}条")
            )
    finally:
        await store.close()
    server = LoancsServer(make_config(db))
    await server.start()
    sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False)
    await sup.start()
    try:
        everything = _ids(await sup.call(p.ListConversations, limit=100))
        assert len(everything) == 8
        seen: list[int] = []
        rows = await sup.call(p.ListConversations, limit=3)
        while rows:
            seen += _ids(rows)
            last = rows[-1]
            rows = await sup.call(
                p.ListConversations,
                limit=3,
                before=last["last_message_at"] or last["created_at"],
                before_id=last["id"],
            )
        assert seen == everything  # same order, each once
        # Paging a search works the same way.
        first = await sup.call(p.ListConversations, query="条", limit=4)
        rest = await sup.call(
            p.ListConversations,
            query="条",
            limit=10,
            before=first[-1]["last_message_at"],
            before_id=first[-1]["id"],
        )
        assert _ids(first) + _ids(rest) == everything
    finally:
        await sup.close()
        await server.stop()


async def test_get_customer_access_is_one_indexed_check(live_server) -> None:
    wechat = await live_server.client("wechat", subscribe=False)
    agent = await live_server.client("agent", subscribe=False)  # 王芳: mortgage, car
    agent2 = await live_server.client("agent2", subscribe=False)  # 李强: consumer, mortgage
    consumer = await _say(
        wechat, "a-1", "wechat", "oAccess000000000000001", "消费贷", loan="consumer"
    )
    customer = (
        sqlite3.connect(live_server.db)
        .execute("SELECT customer_id FROM conversations WHERE id = ?", (consumer,))
        .fetchone()[0]
    )
    # Waiting in the consumer queue: 李强 may look, 王芳 (no consumer skill) may not.
    assert (await agent2.call(p.GetCustomer, customer=customer))["id"] == customer
    with pytest.raises(ClientError) as refused:
        await agent.call(p.GetCustomer, customer=customer)
    assert refused.value.code == "forbidden"
    # Once 李强 has it, it is his alone; resolved, it stays his.
    await agent2.call(p.Accept, conversation=consumer)
    await agent2.call(p.Resolve, conversation=consumer, outcome="answered")
    assert (await agent2.call(p.GetCustomer, customer=customer))["id"] == customer
    with pytest.raises(ClientError):
        await agent.call(p.GetCustomer, customer=customer)
    # A new message from the customer in a queue 王芳 serves opens it to her too.
    await _say(wechat, "a-2", "wechat", "oAccess000000000000001", "房贷", loan="mortgage")
    assert (await agent.call(p.GetCustomer, customer=customer))["id"] == customer


async def test_an_existing_database_gets_its_search_index_on_upgrade(tmp_path, monkeypatch) -> None:
    db = tmp_path / "old.db"
    latest = migrations.MIGRATIONS
    # A database without the search index (nor 0019, which rebuilds an index 0012 makes, nor
    # 0036, which notes customers for it).
    old = ("0012_search", "0019_covering_activity", "0036_search_customers_noted")
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in latest if not m[0].startswith(old)])
    tokens = seed_accounts(db)
    store = Store(db, "NORMAL")
    await store.open()
    try:
        who = {"kind": "wechat", "value": "oOldCustomer000000001", "name": "周杰"}
        await store.apply(_ingest("old-1", who, "去年问过的等额本金问题"))
    finally:
        await store.close()
    conn = sqlite3.connect(db)
    assert not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'search_conversations'"
    ).fetchone()
    conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", latest)
    server = LoancsServer(make_config(db))
    await server.start()  # migrates and backfills
    sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False)
    await sup.start()
    try:
        assert len(await sup.call(p.ListConversations, query="等额本金")) == 1
        assert len(await sup.call(p.ListConversations, query="周杰")) == 1
        assert len(await sup.call(p.ListConversations, query="OldCustomer")) == 1
    finally:
        await sup.close()
        await server.stop()
    names = [r[0] for r in sqlite3.connect(db).execute("SELECT name FROM schema_migrations")]
    assert any(n.startswith("0012_search") for n in names)


async def test_erasure_scrubs_the_search_index(live_server) -> None:
    wechat = await live_server.client("wechat", subscribe=False)
    sup = await live_server.client("supervisor", subscribe=False)
    cid = await _say(
        wechat, "e-1", "wechat", "oErase0000000000000001", "我叫欧阳娜娜，想还款", "欧阳娜娜"
    )
    assert _ids(await sup.call(p.ListConversations, query="欧阳娜")) == [cid]

    def erase() -> None:  # what `loancs privacy erase` does, beside the running server
        conn = connect_sync(live_server.db)
        row = conn.execute("SELECT customer_id FROM conversations WHERE id = ?", (cid,)).fetchone()
        erase_customer(conn, row[0], "admin:test", "asked")
        conn.close()

    await asyncio.to_thread(erase)
    assert await sup.call(p.ListConversations, query="欧阳娜") == []
    assert await sup.call(p.ListConversations, query="oErase") == []
    # Nothing of the name is left among the index's terms, not even in older segments.
    conn = connect_sync(live_server.db)
    conn.execute("CREATE VIRTUAL TABLE temp.terms_c USING fts5vocab(main, search_customers, row)")
    conn.execute(
        "CREATE VIRTUAL TABLE temp.terms_v USING fts5vocab(main, search_conversations, row)"
    )
    terms = {r[0] for r in conn.execute("SELECT term FROM terms_c UNION SELECT term FROM terms_v")}
    assert not {"欧阳娜", "阳娜娜", "想还款", "oer"} & terms
    assert "[er" in terms  # the excerpt now says [erased]
    conn.close()


def test_the_indexes_serve_every_list_order(tmp_path: Path) -> None:
    """The plans SQLite picks: no full scan for the inbox order, the report window, the
    customer check or a search."""
    from loancs.store import search

    conn = connect_sync(tmp_path / "plans.db")

    def plan(sql: str, params=()) -> str:
        return " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    inbox = plan(
        f"SELECT c.id FROM conversations c ORDER BY {search.ACTIVITY} DESC, c.id DESC LIMIT 50"
    )
    assert "conversations_activity" in inbox and "TEMP B-TREE" not in inbox
    window = plan(
        "SELECT channel, first_response_at - created_at FROM conversations WHERE created_at >= ?",
        (0,),
    )
    assert "COVERING INDEX conversations_created_window" in window  # the service level
    first_identity = plan(
        "SELECT kind || value FROM customer_identities i WHERE i.customer_id = ?"
        " ORDER BY i.created_at LIMIT 1",
        (1,),
    )  # every listed row shows one
    assert "COVERING INDEX customer_identities_first" in first_identity
    assert "TEMP B-TREE" not in first_identity
    whispers = plan(
        "SELECT seq FROM events WHERE conversation = ? AND kind = 'conversation.whisper'"
        " ORDER BY seq",
        (1,),
    )
    assert "events_whispers" in whispers  # every transcript load asks for its whispers
    calls = plan("SELECT call_id FROM calls WHERE conversation_id = ? ORDER BY started_at", (1,))
    assert "calls_conversation" in calls and "TEMP B-TREE" not in calls
    where, params = search.matches("提前还款")
    found = plan(f"SELECT c.id FROM conversations c WHERE {where}", params)
    assert "search_conversations" in found and "SCAN c" not in found
    # The conversations noted for re-indexing are few: walked, never every conversation.
    assert "SCAN x" not in found and "SCAN p" in found
    conn.close()


async def test_get_queues_pages_the_waiting_list(live_server) -> None:
    wechat = await live_server.client("wechat", subscribe=False)
    sup = await live_server.client("supervisor", subscribe=False)
    for i in range(3):  # nobody is available: all three wait
        await _say(wechat, f"q-{i}", "wechat", f"oQueue{i:016d}", "在吗")
    everything = await sup.call(p.GetQueues)
    assert everything["waiting_total"] == 3 and len(everything["waiting"]) == 3
    first = await sup.call(p.GetQueues, limit=2)
    rest = await sup.call(p.GetQueues, limit=2, offset=2)
    assert first["waiting_total"] == rest["waiting_total"] == 3
    assert [w["id"] for w in first["waiting"] + rest["waiting"]] == [
        w["id"] for w in everything["waiting"]
    ]


async def test_the_server_holds_open_and_recent_work_and_loads_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "memory.db"
    tokens = seed_accounts(db)
    agent_id = (
        sqlite3.connect(db).execute("SELECT id FROM agents WHERE name = '王芳'").fetchone()[0]
    )
    month_ago = int(time.time() * 1000) - 30 * 86_400_000
    store = Store(db, "NORMAL", clock=lambda: month_ago)
    await store.open()
    try:  # a month ago: one handled by 王芳 and resolved, one resolved unhandled, one open
        ids = []
        for i in range(3):
            who = {"kind": "wechat", "value": f"oOld{i:017d}"}
            ids.append(
                (await store.apply(_ingest(f"old-{i}", who, "上个月的问题")))["conversation"]
            )
        handled, unhandled, still_open = ids
        await store.apply(
            c.Assign(
                conversation=handled,
                agent_id=agent_id,
                actor="agent:王芳",
                kind="conversation.assigned",
            )
        )
        for cid in (handled, unhandled):
            await store.apply(
                c.SetStatus(
                    conversation=cid,
                    agent_id=None,
                    actor="system",
                    role="supervisor",
                    status="resolved",
                    kind="conversation.resolved",
                )
            )
    finally:
        await store.close()
    server = LoancsServer(make_config(db))
    await server.start()
    agent = LoancsClient(server.url, tokens["agent"], subscribe=False)
    sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False)
    await agent.start()
    await sup.start()
    try:
        held = server.hub.meta
        assert still_open in held and handled not in held and unhandled not in held
        held.keep_resolved = 1  # resolved ones are held up to a bound, most recently touched
        # Asked for, an old conversation is loaded from the store with the same rules.
        opened = await agent.call(p.GetConversation, conversation=handled)
        assert opened["conversation"]["id"] == handled and handled in held
        with pytest.raises(ClientError) as refused:
            await agent.call(p.GetConversation, conversation=unhandled)
        assert refused.value.code == "forbidden"
        assert unhandled in held and handled not in held and still_open in held
        with pytest.raises(ClientError) as missing:
            await agent.call(p.GetConversation, conversation=9999)
        assert missing.value.code == "not_found"
        await sup.call(p.Reopen, conversation=handled)  # found again, and now open
        assert held[handled]["status"] == "open"
        assert (await agent.call(p.GetConversation, conversation=handled))["messages"]
    finally:
        await agent.close()
        await sup.close()
        await server.stop()


async def test_a_new_excerpt_is_searchable_before_and_after_the_index_catches_up(
    tmp_path: Path, monkeypatch
) -> None:
    """A message notes its conversation for re-indexing (the writer indexes the noted ones
    together, at most every second, once a conversation has been quiet for QUIET_S or when
    more than PENDING_MAX are noted): meanwhile a search matches the current excerpt, never
    the replaced one, and once the index has caught up it answers the same."""
    from loancs.store import queries, search

    monkeypatch.setattr(search, "INDEX_EVERY_S", 3600.0)  # the writer does not catch up itself
    db = tmp_path / "pending.db"
    seed_accounts(db)
    store = Store(db, "NORMAL")
    await store.open()
    try:
        who = {"kind": "wechat", "value": "oPending00000000000001", "name": "孙丽"}
        first = await store.apply(_ingest("p-1", who, "想问一下提前还款的手续费"))
        conv = first["conversation"]
        await store.apply(_ingest("p-2", who, "材料已经寄出去了"))

        async def found(q: str) -> list[int]:
            rows = await queries.list_conversations(
                store, statuses=None, agent_id=None, queues=None, limit=50, query=q
            )
            return _ids(rows)

        def indexed() -> tuple[list[int], list[str]]:
            conn = sqlite3.connect(db)
            try:
                noted = [r[0] for r in conn.execute("SELECT conversation FROM search_pending")]
                text = [
                    r[0]
                    for r in conn.execute(
                        "SELECT excerpt FROM search_conversations WHERE rowid = ?", (conv,)
                    )
                ]
                return noted, text
            finally:
                conn.close()

        assert conv in indexed()[0]  # noted, not yet re-indexed
        assert await found("材料已经") == [conv]
        assert await found("提前还款") == []
        assert await found("孙丽") == [conv]
        monkeypatch.setattr(search, "INDEX_EVERY_S", 0.0)
        other = {"kind": "wechat", "value": "oOther0000000000000009"}
        # Its last message is not QUIET_S old: still noted, still found by its current text.
        search._next_index_at = 0.0
        await store.apply(_ingest("p-3", other, "你好"))
        assert conv in indexed()[0]
        assert await found("材料已经") == [conv]
        # Too many noted: the least recently active are re-indexed though not quiet yet.
        monkeypatch.setattr(search, "PENDING_MAX", 1)  # p-3's conversation is the other one
        search._next_index_at = 0.0
        await store.apply(_ingest("p-4", other, "再问一下"))
        noted, text = indexed()
        assert conv not in noted and text == ["材料已经寄出去了"]
        assert await found("材料已经") == [conv]
        assert await found("提前还款") == []
        assert await found("再问一下") != []  # the busy one, noted, found by its text
        # Quiet for QUIET_S (here: every conversation counts as quiet): re-indexed.
        monkeypatch.setattr(search, "QUIET_S", -60.0)
        search._next_index_at = 0.0
        await store.apply(_ingest("p-5", who, "收到了吗"))
        noted, text = indexed()
        assert noted == [] and text == ["收到了吗"]
        assert await found("收到了吗") == [conv]
        assert await found("材料已经") == []
    finally:
        await store.close()


async def test_a_dense_search_reads_its_window_and_finds_the_same_rows(
    tmp_path: Path, monkeypatch
) -> None:
    """A search matching many rows walks the activity order and reads the index's matches for
    the conversations it is about to walk (search.window), not for all history: the same rows
    in the same order as looking every match up, on every page, for a supervisor and an
    agent, with older conversations active lately (left out of the range, tested one by one),
    walks past the window, and conversations noted for re-indexing."""
    from loancs.store import queries, search

    monkeypatch.setattr(search, "INDEX_EVERY_S", 3600.0)  # the index catches up when told
    db = tmp_path / "window.db"
    seed_accounts(db)
    clock = [1_790_000_000_000]
    store = Store(db, "NORMAL", clock=lambda: clock[0])
    await store.open()
    try:
        who = [{"kind": "wechat", "value": f"oWin{i:018d}"} for i in range(30)]
        for i in range(30):  # every third says something else: the walk skips those
            clock[0] += 1000
            body = "今天天气不错" if i % 3 == 0 else f"第{i}次问提前还款的事"
            await store.apply(_ingest(f"w-{i}", who[i], body))
        conn = connect_sync(db)
        with conn:
            search.index_pending(conn)
        conn.close()
        for i in (1, 2, 4):  # old conversations active again: old ids, newest activity
            clock[0] += 1000
            await store.apply(_ingest(f"w-again-{i}", who[i], f"又来问提前还款{i}"))
        conn = connect_sync(db)
        with conn:
            search.index_pending(conn)
        conn.close()
        clock[0] += 1000  # and one noted, not re-indexed yet
        await store.apply(_ingest("w-noted", who[3], "提前还款能减免吗"))

        async def pages(q: str, agent: bool, limit: int) -> list[int]:
            scope = {"agent_id": 1, "queues": ["mortgage"]} if agent else {}
            seen: list[int] = []
            before = before_id = None
            while True:
                rows = await queries.list_conversations(
                    store,
                    statuses=None,
                    agent_id=scope.get("agent_id"),
                    queues=scope.get("queues"),
                    limit=limit,
                    query=q,
                    before=before,
                    before_id=before_id,
                )
                seen += _ids(rows)
                if len(rows) < limit:
                    return seen
                before, before_id = queries.activity(rows[-1]), rows[-1]["id"]

        cases = [
            (q, agent, limit)
            for q in ("提前还款", "问提前")
            for agent in (False, True)
            for limit in (2, 5, 50)
        ]
        monkeypatch.setattr(search, "DENSE", 10**9)  # every match looked up and sorted
        expected = [await pages(*case) for case in cases]
        assert len(expected[2]) == 21  # twenty that say it, the noted one among them
        monkeypatch.setattr(search, "DENSE", 2)  # the walk, with a window of 4
        for window, outliers in ((4, 1), (4, 8), (1000, 32)):
            monkeypatch.setattr(search, "WINDOW", window)
            monkeypatch.setattr(search, "AGENT_WINDOW", window)
            monkeypatch.setattr(search, "OUTLIERS", outliers)
            monkeypatch.setattr(search, "SPAN", 1)
            assert [await pages(*case) for case in cases] == expected, (window, outliers)
    finally:
        await store.close()


async def test_an_idle_server_indexes_a_search_backlog_on_its_own(tmp_path: Path) -> None:
    """A database whose search index lags behind (upgraded with a year in it, rows written
    around the writer): the server's writer catches up while it has nothing to write, a step
    at a time, and a live message meanwhile is written and found as ever. Before, the
    writer re-indexed only beside its own writes (64 a second), so an idle server never
    caught up and every search read every noted row."""
    from loancs.store import search

    db = tmp_path / "backlog.db"
    tokens = seed_accounts(db)
    store = Store(db, "NORMAL")
    await store.open()
    try:
        n = search.IDLE_STEP * 2 + 40  # more than one step
        for i in range(n):
            who = {"kind": "wechat", "value": f"oBacklog{i:014d}"}
            await store.apply(_ingest(f"b-{i}", who, f"积压的第{i:04d}号问题"))
    finally:
        await store.close()
    conn = sqlite3.connect(db)
    with conn:  # the index knows none of them, and their last message is an hour old
        conn.execute("UPDATE conversations SET last_message_at = last_message_at - 3600000")
        conn.execute("DELETE FROM search_conversations")
        conn.execute("INSERT OR IGNORE INTO search_pending SELECT id FROM conversations")
    # A step reads the noted rows in order up to its limit, not all of them sorted.
    plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + search._QUIET, (0, 1)))
    assert "TEMP B-TREE" not in plan, plan
    conn.close()

    def backlog() -> tuple[int, int]:
        with contextlib.closing(sqlite3.connect(db)) as c:
            noted = c.execute("SELECT count(*) FROM search_pending").fetchone()[0]
            indexed = c.execute("SELECT count(*) FROM search_conversations").fetchone()[0]
            return noted, indexed

    assert backlog() == (n, 0)
    server = LoancsServer(make_config(db))
    await server.start()
    sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False)
    wechat = LoancsClient(server.url, tokens["wechat"], subscribe=False)
    await sup.start()
    await wechat.start()
    try:
        # Found meanwhile too (a noted conversation is matched on its current excerpt).
        assert len(await sup.call(p.ListConversations, query="积压的第0007号")) == 1
        live = await _say(wechat, "live-1", "wechat", "oLive000000000000000001", "刚刚的新问题")
        deadline = time.monotonic() + 20
        while backlog()[0] > 1 and time.monotonic() < deadline:  # the live one is busy
            await asyncio.sleep(0.2)
        noted, indexed = backlog()
        assert noted <= 1 and indexed >= n, (noted, indexed)
        assert len(await sup.call(p.ListConversations, query="积压的第0300号")) == 1
        assert _ids(await sup.call(p.ListConversations, query="刚刚的新问题")) == [live]
    finally:
        await wechat.close()
        await sup.close()
        await server.stop()
