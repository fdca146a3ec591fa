"""The inbox model: filters by channel, loan type, status and urgency; distinct marks for
complaint and overdue; snooze end and call-back due shown in the waiting column; a row that
arrives by transfer does not pretend the customer just started waiting; missed offers and
load against capacity."""

from __future__ import annotations

from loancs.core import events
from loancs.tui.state import ConsoleModel
from loancs.tui.widgets.inbox_table import cells, waiting_cell
from loancs.tui.widgets.status_bar import offer_line
from tests.test_console_state import ME, assigned, ev, offered


def rows() -> ConsoleModel:
    model = ConsoleModel(me=ME, name="王芳")
    model.load(
        [
            {"id": 1, "channel": "wechat", "loan_type": "mortgage", "status": "open",
             "urgency": "complaint", "assigned_agent": ME, "last_message_at": 0},
            {"id": 2, "channel": "phone", "loan_type": "car", "status": "snoozed",
             "urgency": "overdue", "assigned_agent": ME, "snoozed_until": 3_600_000},
            {"id": 3, "channel": "chat", "loan_type": None, "status": "pending",
             "urgency": "normal", "assigned_agent": None},
            {"id": 4, "channel": "chat", "loan_type": "car", "status": "resolved",
             "urgency": "normal", "assigned_agent": ME},
        ]
    )  # fmt: skip
    return model


def ids(model, **filters) -> list[int]:
    return sorted(r["id"] for r in model.inbox("all", "", 50, filters)[0])


def test_filters_by_channel_loan_status_and_urgency():
    model = rows()
    assert ids(model) == [1, 2, 3]
    assert ids(model, channel="chat") == [3]
    assert ids(model, loan="car") == [2]
    assert ids(model, loan="none") == [3]
    assert ids(model, status="snoozed") == [2]
    assert ids(model, status="resolved") == [4]
    assert ids(model, urgency="urgent") == [1, 2]
    assert ids(model, urgency="overdue") == [2]


def test_marks_and_waiting_column():
    model = rows()
    complaint = cells(model.conversations[1], 0, "en", ME)[2].plain
    overdue = cells(model.conversations[2], 0, "en", ME)[2].plain
    assert complaint.endswith("!") and overdue.endswith("¥")
    assert "→" in waiting_cell(model.conversations[2], 0, "en").plain
    model.conversations[3]["callback_due"] = 7_200_000
    assert waiting_cell(model.conversations[3], 0, "zh").plain.startswith("☎")


def test_transferred_row_is_partial_until_fetched():
    model = ConsoleModel(me=ME, name="王芳")
    model.apply(ev(9, assigned(ME, "王芳", transfer=True), 8, ts=5_000_000))
    row = model.conversations[8]
    assert row["partial"] and row["last_message_at"] is None  # not "waited 0 s"


def test_missed_offers_and_load():
    model = rows()
    model.capacity = {"wechat": 3, "phone": 1}
    assert model.load_by_channel() == {"wechat": 1}
    model.apply(ev(1, offered(20_000), 3, ts=1000))
    expired = events.ConversationOfferExpired(agent=ME, reason="", reason_code="offer_timeout")
    model.apply(ev(2, expired, 3, ts=21_000))
    assert 3 not in model.offers
    assert [m.conversation for m in model.recent_missed(30_000)] == [3]
    assert model.recent_missed(10_000_000) == []


def test_an_offer_the_console_could_not_load_shows_no_none():
    """A spill-over offer from a queue outside the agent's skills, whose row is still a
    placeholder (the console has not loaded it yet, or the load failed). The banner said "(None, general)"."""
    model = rows()
    spill = events.ConversationOffered(
        agent=ME,
        agent_name=None,
        expires_ms=20_000,
        reason="general: any agent",
        reason_code="general",
        tier=1,
        priority=0,
    )
    model.apply(ev(1, spill, 14, ts=1000))
    placeholder = {"id": 14, "fetching": True}  # what app.on_server_event puts there
    for lang, said in (
        ("en", "1. Offered #14: general queue, and you are free · 19 s left"),
        ("zh", "1. 新会话 #14：通用队列，你现在有空 · 剩 19 秒"),
    ):
        assert offer_line(1, model.offers[14], placeholder, 19, lang) == said
    known = model.conversations[3]
    model.apply(ev(2, spill, 3, ts=1000))
    assert offer_line(2, model.offers[3], known, 5, "en").startswith(
        "2. Offered #3 (chat, general)"
    )


async def test_a_accepts_the_first_offer_not_the_row_merely_waiting_under_the_cursor():
    """The banner says "inbox: a accepts the first", but a row waiting in a queue under the
    cursor (the first row, by default: offered rows look the same) was taken instead, and
    her offers ran out as missed. With offers pending, a takes the highlighted row only if
    it is one of them; with none, a still picks a waiting row."""
    from loancs.tui.app import ConsoleApp
    from loancs.tui.memory import T0, MemoryService
    from loancs.tui.screens.conversation import ConversationScreen
    from loancs.tui.screens.inbox import InboxScreen
    from loancs.tui.state import Offer
    from tests.test_console_flows import wait_for

    service = MemoryService()
    app = ConsoleApp(service, lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        waiting = [c for c, r in service.rows.items() if r["assigned_agent"] is None]
        queued, offer, picked = waiting[:3]
        app.model.offers[offer] = Offer(offer, "skill", T0 + 60_000, {})
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        inbox.redraw()
        await pilot.pause()
        owners = {c: str(inbox.table.get_cell(str(c), "owner")) for c in (queued, offer)}
        assert owners == {queued: "queue", offer: "➜ you"}  # the offer is told apart
        inbox.table.move_cursor(row=inbox.table.shown.index(queued))
        await pilot.press("a")
        await wait_for(pilot, lambda: service.rows[offer]["assigned_agent"] == service.me)
        assert service.rows[queued]["assigned_agent"] is None  # still waiting in its queue
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("escape")
        inbox = await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen) and app.screen)
        assert not app.model.offers
        inbox.redraw()
        await pilot.pause()
        inbox.table.move_cursor(row=inbox.table.shown.index(picked))
        await pilot.press("a")  # no offers: the highlighted waiting row is picked
        await wait_for(pilot, lambda: service.rows[picked]["assigned_agent"] == service.me)
