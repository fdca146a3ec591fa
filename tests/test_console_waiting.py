"""The console of protocol 2 shows an agent's queues from the server's `waiting` summary (it
is no longer sent every waiting conversation's events): counts and the longest wait in the
inbox line, the first few as rows, and a conversation opened from there is fetched and then
followed live. Real server, real console (Textual's pilot)."""

from __future__ import annotations

from loancs.core import protocol as p
from loancs.tui.app import ConsoleApp
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.service import LiveService
from tests.test_console_flows import SIZE, wait_for


async def _writes(live, body: str, external_id: str, value: str, loan_type: str) -> int:
    wechat = await live.client("wechat", subscribe=False)
    ack = await wechat.call(
        p.Ingest,
        external_id=external_id,
        customer=p.Identity(kind="wechat", value=value),
        body=body,
        hints=p.Hints(loan_type=loan_type),
    )
    return ack.conversation


def _info(app: ConsoleApp) -> str:
    return str(app.screen.query_one("#inbox-info").render())


async def test_the_queue_pane_shows_the_summary_and_opens_a_waiting_conversation(live_server):
    live = live_server
    first = await _writes(live, "房贷提前还款要违约金吗？", "q1", "oQueue0001", "mortgage")
    # On break: nothing is offered, everything waits in the agent's queues.
    supervisor = await live.client("supervisor", subscribe=False)
    await supervisor.call(p.ForceState, agent="王芳", state="break", reason="meeting")
    app = ConsoleApp(LiveService(live.url, live.tokens["agent"]), lang="en", set_available=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.model.waiting is not None, what="a summary")
        second = await _writes(live, "车贷利率多少？", "q2", "oQueue0002", "car")
        await wait_for(pilot, lambda: "car 1 (" in _info(app), what="the car queue counted")
        assert "Waiting (longest): " in _info(app) and "mortgage 1 (" in _info(app)
        # The summary's rows are the queue view's, with the customer's last words.
        assert app.model.conversations[second]["last_excerpt"] == "车贷利率多少？"
        assert app.model.conversations[second]["loan_type"] == "car"
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        inbox.redraw()
        assert {first, second} <= set(inbox.table.shown)
        # Open it: the transcript is fetched, and what the customer says next arrives live.
        inbox.table.move_cursor(row=inbox.table.shown.index(second))
        await pilot.press("enter")
        screen = await wait_for(
            pilot,
            lambda: isinstance(app.screen, ConversationScreen) and app.screen.data and app.screen,
            what="the transcript",
        )
        assert screen.cid == second
        seen: list[p.Event] = []
        arrived = app.service.on_event
        assert arrived is not None
        app.service.on_event = lambda event: (seen.append(event), arrived(event))[1]
        await _writes(live, "还在吗？", "q4", "oQueue0001", "mortgage")  # the other one
        await _writes(live, "在吗？", "q3", "oQueue0002", "car")
        await wait_for(
            pilot,
            lambda: any(
                m.get("body") == "在吗？" for k, m in screen.transcript.entries if k == "msg"
            ),
            what="the next message live",
        )
        # The other waiting conversation is not sent to this console event by event: the
        # summary tells it that the queue moved.
        assert [e.conversation for e in seen if e.kind == "message.received"] == [second]
        await wait_for(
            pilot,
            lambda: app.model.conversations[first]["last_excerpt"] == "还在吗？",
            what="the summary's new excerpt",
        )
        # Someone else takes it: its row goes (the summary says it left the queue).
        await supervisor.call(p.Accept, conversation=first)
        await wait_for(pilot, lambda: first not in app.model.conversations, what="the row gone")
        inbox.redraw()
        assert "mortgage 0" in str(inbox.query_one("#inbox-info").render())


def test_the_waiting_line_keeps_whole_queues_in_80_columns():
    """At 80 columns the line ended in a dangling "·" with the other queues cut off: it now
    shows the busiest queues that fit whole and "+N" for the rest."""
    from rich.cells import cell_len

    from loancs.tui.screens.inbox import fit_waiting

    head = "   排队（最久）："
    parts = ["房贷 3 个（2m05s）", "车贷 2 个（41s）", "经营贷 1 个（12s）", "消费贷 0", "家装贷 0"]
    line = fit_waiting(head, parts, 40)
    assert cell_len(line) <= 40, line
    assert line == head + "房贷 3 个（2m05s） · +4", line
    assert fit_waiting(head, parts, 200) == head + " · ".join(parts)
    mid = fit_waiting(head, parts, 60)
    assert cell_len(mid) <= 60 and mid == head + " · ".join(parts[:2]) + " · +3", mid
    assert fit_waiting(head, parts, 10) == ""
