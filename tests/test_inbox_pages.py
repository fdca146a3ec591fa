"""The inbox a page at a time (issue 18): ``list_conversations`` with ``order: "inbox"`` walks
an index in the console's order, and the console asks for its first page, loads the next
when the agent goes past the end, and keeps live updates right in a partly loaded list.
Real server, real SQLite file, real websocket clients, Textual's pilot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.core.projection import inbox_key
from loancs.store import queries
from loancs.store.db import connect_sync
from loancs.tui.app import ConsoleApp
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.service import LiveService
from loancs.tui.session import Session
from tests.test_console_flows import wait_for

PAGE = 4
ACTIVE = ["open", "pending", "snoozed"]


async def _waiting(live, n: int, loan: str = "mortgage") -> list[int]:
    """``n`` customers write on WeChat, one after another: the first has waited longest."""
    wechat = await live.client("wechat", subscribe=False)
    ids = []
    for i in range(n):
        ack = await wechat.call(
            p.Ingest,
            external_id=f"page-{loan}-{i}",
            customer=p.Identity(kind="wechat", value=f"oPage{loan}{i:012d}", name=f"客户{i}"),
            body=f"第{i}位客户的问题",
            hints=p.Hints(loan_type=loan),
        )
        ids.append(ack.conversation)
    return ids


async def _hers(live) -> int:
    """A web chat conversation the first agent takes (she is made available for it)."""
    agent = await live.client("agent", subscribe=False)
    await agent.call(p.SetState, state="available")
    chat = await live.client("chat", subscribe=False)
    ack = await chat.call(
        p.Ingest,
        external_id="page-chat",
        customer=p.Identity(kind="visitor", value="v-page-0001", name="网页客户"),
        body="网页上问一下",
        hints=p.Hints(loan_type="car"),
    )
    await agent.call(p.Accept, conversation=ack.conversation)
    return ack.conversation


async def _pages(client, limit: int) -> list[list[dict]]:
    pages, after = [], None
    while True:
        rows = await client.call(
            p.ListConversations, status=ACTIVE, order="inbox", after=after, limit=limit
        )
        pages.append(rows)
        if len(rows) < limit:
            return pages
        after = list(inbox_key(rows[-1]))


def test_the_inbox_order_is_a_walk_of_its_index(tmp_path: Path) -> None:
    """Every page the console asks for (supervisor, agent with queues, an agent's own) walks
    the partial index conversations_inbox in order: no scan of the table, no sort."""
    conn = connect_sync(tmp_path / "plans.db")
    cases = [
        (ACTIVE, None, None, None),
        (ACTIVE, 3, ["mortgage", "car"], None),
        (ACTIVE, 3, ["mortgage", "car"], [0, -90, 0, 1_700_000_000_000, 12]),
        (ACTIVE, 3, None, [1, 0, -3, -1_700_000_000_000, 40]),
    ]
    for case in cases:
        where, params = queries.inbox_where(*case)
        sql = queries.page_ids_sql(where, ", ".join(queries.INBOX_ORDER), 200)
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "USING INDEX conversations_inbox" in plan, (case, plan)
        assert "TEMP B-TREE" not in plan, (case, plan)
    conn.close()


@pytest.mark.both_stores
async def test_pages_in_the_inbox_order_skip_nothing(live_server) -> None:
    ids = await _waiting(live_server, 7)
    consumer = await _waiting(live_server, 2, loan="consumer")  # not the first agent's queue
    sup = await live_server.client("supervisor", subscribe=False)
    await sup.call(p.SetPriority, conversation=ids[5], priority=90)
    hers = await _hers(live_server)
    agent = await live_server.client("agent", subscribe=False)
    await agent.call(p.Reply, conversation=hers, body="您好，我来看一下")  # answered: pending
    pages = await _pages(sup, 3)
    rows = [r for page in pages for r in page]
    # Waiting first (the raised one, then the longest wait), then the answered one.
    assert [r["id"] for r in rows] == [ids[5], *ids[:5], ids[6], *consumer, hers]
    assert [inbox_key(r) for r in rows] == sorted(inbox_key(r) for r in rows)
    seen = [r["id"] for page in await _pages(agent, 2) for r in page]
    assert seen == [ids[5], *ids[:5], ids[6], hers]  # her queues and her own, no consumer loans
    with pytest.raises(ClientError) as refused:
        await sup.call(p.ListConversations, order="inbox", status=["resolved"])
    assert refused.value.code == "bad_frame"
    with pytest.raises(ClientError) as refused:
        await sup.call(p.ListConversations, order="inbox", after=[0, 0])
    assert refused.value.code == "bad_frame"


def _console(live, lang: str, protocol: int = p.PROTOCOL_VERSION) -> ConsoleApp:
    service = LiveService(live.url, live.tokens["agent"], protocol=protocol)
    return ConsoleApp(service, lang=lang, recall_seconds=0, set_available=False)


@pytest.mark.parametrize(("size", "lang"), [((80, 24), "zh"), ((200, 60), "en")])
async def test_the_console_loads_the_inbox_a_page_at_a_time(
    live_server, monkeypatch, size, lang
) -> None:
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", PAGE)
    ids = await _waiting(live_server, 2 * PAGE + 1)
    app = _console(live_server, lang)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        inbox.redraw()
        await pilot.pause()
        assert inbox.table.shown == ids[:PAGE]  # the longest waiting first
        info = str(inbox.query_one("#inbox-info").render())
        assert ("载入更多" if lang == "zh" else "load them") in info
        # Arrow keys down to the last row shown: the next page comes.
        for _ in range(PAGE - 1):
            await pilot.press("down")
        await wait_for(pilot, lambda: len(inbox.table.shown) == 2 * PAGE, what="page two")
        assert inbox.table.selected_id() == ids[PAGE - 1]  # the cursor stays where it was
        # j (the inbox's own key) on to the end: the last, short page.
        for _ in range(PAGE):
            await pilot.press("j")
        await wait_for(pilot, lambda: len(inbox.table.shown) == len(ids), what="the last page")
        assert inbox.table.shown == ids
        assert not app.model.truncated
        await pilot.press("j")
        assert inbox.table.selected_id() == ids[-1]
        assert len(inbox.table.shown) == len(ids)  # the end: nothing more to ask for
        inbox.redraw()
        assert ("载入更多" if lang == "zh" else "load them") not in str(
            inbox.query_one("#inbox-info").render()
        )


async def _first_page_taller_than_the_screen(pilot, app, first: list[int]):
    """The inbox's table once the first page is shown and laid out taller than the screen."""
    await wait_for(pilot, lambda: app.model.loaded, what="the first page")
    inbox = app.screen
    assert isinstance(inbox, InboxScreen)
    table = inbox.table
    await wait_for(pilot, lambda: table.shown == first, what="first page shown")
    # The table's height is laid out on a later refresh than the rows arrive: wait for it
    # (on a busy machine that is a frame or two after `shown`).
    await wait_for(pilot, lambda: table.max_scroll_y > 0, what="a list taller than the screen")
    return table


def _wheel(table, down: bool = True) -> None:
    """One turn of the mouse wheel over the table, as the terminal reports it."""
    kind = events.MouseScrollDown if down else events.MouseScrollUp
    table.post_message(kind(table, 2, 2, 0, 1 if down else -1, 0, False, False, False))


async def _to_the_bottom(pilot, table, asked=None, wheel: bool = False) -> None:
    """The agent takes the view to the bottom until the console asks for more (``asked``;
    None: until the view is at the bottom): the scroll bar dragged to its end, again if that
    did not do it, or the wheel turned. On a loaded machine Textual's ``scroll_end`` (done
    after the next refresh) is now and then lost to a layout pass (the view stays at the top)
    or lands a line short of a bottom that a relayout moved (the info line above the table
    wrapping): a drag that did not take, which the agent makes again."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        if asked is not None and asked():
            return
        if asked is None and table.max_scroll_y > 0 and table.scroll_y >= table.max_scroll_y:
            return
        assert loop.time() < deadline, "the view never reached the bottom"
        if wheel:
            _wheel(table)
            await pilot.pause(0.05)
        else:
            table.scroll_end(animate=False)
            await pilot.pause(0.3)


async def test_scrolling_to_the_bottom_loads_the_next_page(live_server, monkeypatch) -> None:
    """The mouse wheel or the scroll bar reaching the bottom asks for more, as the keys do."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", 30)  # more than a screen
    ids = await _waiting(live_server, 45)
    app = _console(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _first_page_taller_than_the_screen(pilot, app, ids[:30])
        assert table.cursor_row == 0
        await _to_the_bottom(pilot, table, lambda: app.screen.loading_more or len(table.shown) > 30)
        await wait_for(pilot, lambda: table.shown == ids, what="the next page")
        assert table.selected_id() == ids[0]  # the cursor stayed where it was


async def test_a_page_loaded_by_the_wheel_keeps_the_view_where_it_was(
    live_server, monkeypatch
) -> None:
    """An agent who wheeled to the bottom of the first page sees the next page's rows come in
    below the ones they were reading: the view is not thrown back to the top of the inbox."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", 30)  # more than a screen
    ids = await _waiting(live_server, 45)
    app = _console(live_server, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _first_page_taller_than_the_screen(pilot, app, ids[:30])
        await _to_the_bottom(pilot, table, lambda: app.screen.loading_more or len(table.shown) > 30)
        bottom = table.scroll_y
        await wait_for(pilot, lambda: table.shown == ids, what="the next page")
        await pilot.pause()
        await pilot.pause()
        # the last row of the first page is still in view, and the view did not jump up
        assert table.scroll_y >= bottom
        top, height = table.scroll_y, table.scrollable_content_region.height
        assert top <= 29 + 1 < top + height  # row 29 sits one line below the header
        assert table.selected_id() == ids[0]  # the cursor stayed where it was


@pytest.mark.parametrize("protocol", [1, p.PROTOCOL_VERSION])
async def test_live_updates_reach_conversations_on_pages_not_loaded(
    live_server, monkeypatch, protocol
) -> None:
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", PAGE)
    ids = await _waiting(live_server, 3 * PAGE)
    sup = await live_server.client("supervisor", subscribe=False)
    # A console of protocol 1 is sent every waiting conversation's events; one of protocol 2
    # is told the queues' first few by the `waiting` summary (tests/test_console_waiting.py).
    app = _console(live_server, "en", protocol=protocol)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await wait_for(pilot, lambda: inbox.table.shown == ids[:PAGE], what="first page shown")
        # A message on a conversation whose page is not loaded: it stays where it belongs
        # (further down, not shown), and the list is still the start of a fresh one.
        wechat = await live_server.client("wechat", subscribe=False)
        await wechat.call(
            p.Ingest,
            external_id="page-late",
            customer=p.Identity(kind="wechat", value=f"oPagemortgage{PAGE + 1:012d}"),
            body="还在吗",
            hints=p.Hints(loan_type="mortgage"),
        )
        # A supervisor raises one on the last page: it moves to the top, as the server has it.
        last = ids[-1]
        await sup.call(p.SetPriority, conversation=last, priority=90)
        await wait_for(pilot, lambda: inbox.table.shown[:1] == [last], what="raised to the top")
        row = app.model.conversations[last]
        # fetched as the server has it (protocol 2: the summary listed it where the loaded
        # pages reach, and the console fetched the row; the summary does not name customers)
        assert row["priority"] == 90 and row["customer_name"] == f"客户{3 * PAGE - 1}"
        assert inbox.table.shown == [last, *ids[:PAGE]]
        # The newest (on the last page) is taken by this agent elsewhere: it shows, as hers.
        handed = await _hers(live_server)
        await wait_for(pilot, lambda: handed in inbox.table.shown, what="taken")
        assert app.model.conversations[handed]["assigned_agent"] == app.model.me
        assert app.model.conversations[handed]["customer_name"] == "网页客户"
        # What the console shows is what the server lists, in its order.
        agent = await live_server.client("agent", subscribe=False)
        fresh = [r["id"] for page in await _pages(agent, 100) for r in page]
        inbox.redraw()
        shown = inbox.table.shown
        assert shown == [cid for cid in fresh if cid in set(shown)]
        assert shown[: PAGE + 1] == fresh[: PAGE + 1]


async def test_a_page_that_failed_at_the_bottom_is_asked_again(live_server, monkeypatch) -> None:
    """Scrolled to the bottom, the next page's request fails (a timeout on a busy server, a
    dropped link): the console asks again on its own; the agent does not wiggle the wheel
    (the bottom is seen only as a change of scroll_y, and the view stays at the bottom)."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", 30)
    monkeypatch.setattr("loancs.tui.screens.inbox.MORE_RETRY_SECONDS", 0.2)
    ids = await _waiting(live_server, 45)
    load_inbox, failures = Session.load_inbox, []

    async def fails_once(self, first: bool = False) -> None:
        if not first and not failures:
            failures.append(1)
            raise ClientError("timeout", "no reply in 15 s")
        await load_inbox(self, first)

    monkeypatch.setattr(Session, "load_inbox", fails_once)
    app = _console(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await wait_for(pilot, lambda: inbox.table.shown == ids[:30], what="first page shown")
        await wait_for(
            pilot, lambda: inbox.table.max_scroll_y > 0, what="a list taller than the screen"
        )
        await _to_the_bottom(pilot, inbox.table, lambda: failures)
        # promptly: not on some later change of the layout that happens to move scroll_y
        await wait_for(
            pilot, lambda: inbox.table.shown == ids, timeout=8.0, what="the next page, asked again"
        )


async def test_a_page_the_filter_hides_is_followed_by_the_next(live_server, monkeypatch) -> None:
    """Filtered to car loans, the agent scrolls to the bottom; the next page holds only
    mortgages, so nothing new shows and the view stays at the bottom: the console asks for
    the page after it, which has car loans."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", 30)
    cars = await _waiting(live_server, 25, loan="car")
    await _waiting(live_server, 35, loan="mortgage")
    wechat = await live_server.client("wechat", subscribe=False)
    later = []
    for i in range(5):
        ack = await wechat.call(
            p.Ingest,
            external_id=f"page-car-later-{i}",
            customer=p.Identity(kind="wechat", value=f"oPageLater{i:012d}", name=f"后来{i}"),
            body="车贷问一下",
            hints=p.Hints(loan_type="car"),
        )
        later.append(ack.conversation)
    app = _console(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        inbox.filters = {"loan": "car"}
        inbox.redraw()
        await wait_for(pilot, lambda: inbox.table.shown == cars, what="the car loans shown")
        await wait_for(
            pilot, lambda: inbox.table.max_scroll_y > 0, what="a list taller than the screen"
        )
        table = inbox.table
        await _to_the_bottom(
            pilot, table, lambda: inbox.loading_more or inbox.hidden_pages or len(table.shown) > 25
        )
        await wait_for(
            pilot, lambda: inbox.table.shown == cars + later, timeout=8.0, what="the page after"
        )


@pytest.mark.parametrize("why", ["failed", "hidden"])
async def test_wheeling_down_at_the_bottom_asks_for_the_next_page(
    live_server, monkeypatch, why
) -> None:
    """The next page did not come (its request failed and the console gave up asking, or it
    held only rows the filter hides and the console stopped walking): the agent turns the
    wheel down again at the bottom of the list. The view cannot move, so no change of
    scroll_y says so; the turn itself asks for the page."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", 30)
    monkeypatch.setattr("loancs.tui.screens.inbox.MORE_RETRIES", 0)  # no retry of its own
    monkeypatch.setattr("loancs.tui.screens.inbox.MORE_HIDDEN_PAGES", 0)  # no walk of its own
    cars = await _waiting(live_server, 25, loan="car")
    mortgages = await _waiting(live_server, 35 if why == "hidden" else 10, loan="mortgage")
    wechat = await live_server.client("wechat", subscribe=False)
    later = []
    for i in range(5):
        ack = await wechat.call(
            p.Ingest,
            external_id=f"page-car-wheel-{i}",
            customer=p.Identity(kind="wechat", value=f"oPageWheel{i:012d}", name=f"后来{i}"),
            body="车贷问一下",
            hints=p.Hints(loan_type="car"),
        )
        later.append(ack.conversation)
    load_inbox, asked = Session.load_inbox, []

    async def counted(self, first: bool = False) -> None:
        asked.append(first)
        if why == "failed" and asked == [True, False]:
            raise ClientError("timeout", "no reply in 15 s")
        await load_inbox(self, first)

    monkeypatch.setattr(Session, "load_inbox", counted)
    app = _console(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        if why == "hidden":
            inbox.filters = {"loan": "car"}
            inbox.redraw()
            first = cars
        else:
            first = cars + mortgages[:5]
        table = inbox.table
        await wait_for(pilot, lambda: table.shown == first, what="the first page shown")
        await _to_the_bottom(pilot, table, lambda: len(asked) >= 2, wheel=True)
        await wait_for(pilot, lambda: len(asked) == 2, what="the next page asked for")
        await wait_for(pilot, lambda: not inbox.loading_more, what="that page done")
        await pilot.pause(0.3)
        assert table.shown == first and len(asked) == 2  # nothing new shown, not asked again
        _wheel(table)  # again, at the bottom
        await wait_for(pilot, lambda: len(asked) == 3, timeout=8.0, what="the page asked again")
        want = (cars + later) if why == "hidden" else (cars + mortgages + later)
        await wait_for(pilot, lambda: table.shown == want, what="the rows after")


@pytest.mark.parametrize("protocol", [1, p.PROTOCOL_VERSION])
async def test_a_row_read_before_she_took_it_does_not_undo_it(
    live_server, monkeypatch, protocol
) -> None:
    """A web chat is offered to the agent; her console fetches its row (its page is not
    loaded), and the agent accepts it elsewhere while that read is on its way: the row read
    before the acceptance arrives after the assignment event. It must not undo it: the chat
    shows, as hers (the flaky `taken` step above, on a loaded machine, made certain)."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", PAGE)
    ids = await _waiting(live_server, 2 * PAGE)  # the chat comes past the first page
    gate, held = asyncio.Event(), []
    read = queries.get_conversation

    async def held_read(store, conversation, before, limit):
        data = await read(store, conversation, before, limit)
        if data and data["conversation"]["channel"] == "chat" and not gate.is_set():
            held.append(data["conversation"]["assigned_agent"])
            await gate.wait()  # read before the acceptance, answered after it
        return data

    monkeypatch.setattr(queries, "get_conversation", held_read)
    app = _console(live_server, "en", protocol=protocol)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await wait_for(pilot, lambda: inbox.table.shown == ids[:PAGE], what="first page shown")
        agent = await live_server.client("agent", subscribe=False)
        await agent.call(p.SetState, state="available")
        chat = await live_server.client("chat", subscribe=False)
        ack = await chat.call(
            p.Ingest,
            external_id="page-chat-held",
            customer=p.Identity(kind="visitor", value="v-page-0002", name="网页客户"),
            body="网页上问一下",
            hints=p.Hints(loan_type="car"),
        )
        cid = ack.conversation
        await wait_for(pilot, lambda: cid in app.model.offers, what="the offer")
        await wait_for(pilot, lambda: held, what="the console's read of the offered row")
        assert held == [None]  # read while nobody had it
        await agent.call(p.Accept, conversation=cid)
        mine = app.model.me
        await wait_for(
            pilot,
            lambda: app.model.conversations.get(cid, {}).get("assigned_agent") == mine,
            what="the assignment event applied",
        )
        gate.set()  # the old read arrives now
        row = app.model.conversations[cid]
        await wait_for(pilot, lambda: row.get("customer_name"), what="the row fetched")
        assert row["assigned_agent"] == mine and row["customer_name"] == "网页客户"
        inbox.redraw()
        assert cid in inbox.table.shown


@pytest.mark.parametrize("protocol", [1, p.PROTOCOL_VERSION])
@pytest.mark.parametrize("which", ["first", "next"])
async def test_a_page_read_before_she_took_one_of_its_rows_does_not_undo_it(
    live_server, monkeypatch, which, protocol
) -> None:
    """The console asks for an inbox page (the first on connect, or the next one as the agent
    scrolls); the server reads it, then the agent takes one of its conversations elsewhere (the
    phone, another window) and the assignment event reaches the console before the page does.
    The page's old row (waiting, nobody's) must not undo it: the chat shows as hers. The
    page's other rows still land."""
    monkeypatch.setattr("loancs.tui.session.INBOX_PAGE", PAGE)
    if which == "first":  # the first waiting: offered to her
        ids = await _waiting(live_server, 2 * PAGE + 1)
        taken, name = ids[0], "客户0"
    else:  # a web chat, first on the second page (offered to her)
        ids = await _waiting(live_server, PAGE)
        chat = await live_server.client("chat", subscribe=False)
        ack = await chat.call(
            p.Ingest,
            external_id="page-chat-page-two",
            customer=p.Identity(kind="visitor", value="v-page-0003", name="网页客户"),
            body="网页上问一下",
            hints=p.Hints(loan_type="car"),
        )
        ids += [ack.conversation, *await _waiting(live_server, PAGE, loan="car")]
        taken, name = ack.conversation, "网页客户"
    gate, held = asyncio.Event(), []
    listed = queries.list_conversations

    async def held_list(store, **kw):
        rows = await listed(store, **kw)
        page = kw.get("order") == "inbox" and (kw.get("after") is None) == (which == "first")
        if page and not gate.is_set():
            held.append([r["assigned_agent"] for r in rows if r["id"] == taken])
            await gate.wait()  # read before she took it, answered after its event
        return rows

    monkeypatch.setattr(queries, "list_conversations", held_list)
    app = _console(live_server, "en", protocol=protocol)
    async with app.run_test(size=(120, 40)) as pilot:
        if which == "next":
            gate.set()
            await wait_for(pilot, lambda: app.model.loaded, what="the first page")
            inbox = app.screen
            assert isinstance(inbox, InboxScreen)
            await wait_for(pilot, lambda: inbox.table.shown == ids[:PAGE], what="first page")
            gate.clear()
            for _ in range(PAGE - 1):
                await pilot.press("down")  # on to the last row shown: the next page
        await wait_for(pilot, lambda: held, what="the server's read of the page")
        assert held == [[None]]  # read while nobody had it
        agent = await live_server.client("agent", subscribe=False)
        await agent.call(p.Accept, conversation=taken)
        mine = app.model.me
        await wait_for(
            pilot,
            lambda: (
                app.model.conversations.get(taken, {}).get("customer_name")
                and app.model.conversations[taken].get("assigned_agent") == mine
            ),
            what="the assignment event applied (and its row fetched)",
        )
        gate.set()  # the old page arrives now
        pages = ids[:PAGE] if which == "first" else ids[: 2 * PAGE]
        others = [cid for cid in pages if cid != taken]
        await wait_for(
            pilot,
            lambda: all(cid in app.model.conversations for cid in others),
            what="the page's other rows",
        )
        await pilot.pause()
        row = app.model.conversations[taken]
        assert row["assigned_agent"] == mine and row["customer_name"] == name
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        inbox.redraw()
        assert taken in inbox.table.shown
        assert all(app.model.conversations[cid]["assigned_agent"] is None for cid in others)


async def test_the_first_page_waits_for_the_newest_own_rows_only(monkeypatch) -> None:
    """An agent holding many open conversations (the 1M history's bench agent: 773) gets the
    first page with her newest MINE_FIRST own rows; the rest of hers come in one read right
    after, from where that one ended in the server's activity order: none missed, none twice."""
    from loancs.tui.memory import T0, MemoryService

    monkeypatch.setattr("loancs.tui.session.MINE_FIRST", 3, raising=False)
    service = MemoryService()
    base = max(service.rows)
    template = next(r for r in service.rows.values() if r["assigned_agent"] == service.me)
    for i in range(1, 9):  # eight more of hers, two with the same last activity
        row = dict(template, id=base + i, status="open")
        row["last_message_at"] = T0 - 60_000 * (i // 2)
        service.rows[base + i] = row
    hers = {
        c
        for c, r in service.rows.items()
        if r["assigned_agent"] == service.me and r["status"] in ACTIVE
    }
    asked: list[dict] = []
    call = service.call

    async def counted(kind, **fields):
        if kind is p.ListConversations and fields.get("mine"):
            asked.append(fields)
        return await call(kind, **fields)

    service.call = counted  # type: ignore[method-assign]
    app = ConsoleApp(service, lang="zh", now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model.loaded, what="the first page")
        await wait_for(
            pilot, lambda: hers <= set(app.model.conversations), what="all of her own rows"
        )
        assert len(hers) > 3
        assert asked[0]["limit"] == 3  # with the first page: her newest three
        assert len(asked) == 2 and asked[1]["limit"] >= len(hers)  # the rest, in one read
        assert asked[1]["before"] is not None and asked[1]["before_id"] is not None
        first = await call(p.ListConversations, status=ACTIVE, mine=True, limit=3)
        rest = await call(p.ListConversations, **{k: v for k, v in asked[1].items()})
        assert {r["id"] for r in first} | {r["id"] for r in rest} == hers
        assert not {r["id"] for r in first} & {r["id"] for r in rest}
