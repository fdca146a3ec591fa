"""The console's model and text safety, without a screen: what the inbox will show after
live events, and how untrusted customer text reaches the terminal."""

from __future__ import annotations

from types import SimpleNamespace

from loancs.core import events
from loancs.core import protocol as p
from loancs.tui.safe import clean, one_line, safe_text
from loancs.tui.state import ConsoleModel, format_wait, sla_level
from loancs.tui.widgets.composer import spans_by_line

ME = 7


async def until(pilot, ok, what: str = "", timeout: float = 15.0) -> None:
    """Let the app run until ``ok()`` holds (a fixed pause failed on a loaded machine and
    wasted time on a quiet one); fails after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        await pilot.pause(0.02)


def _status_row(app) -> str:
    """The status bar's first row as shown ("" before the bar is there)."""
    from loancs.tui.widgets.status_bar import StatusBar

    bars = app.screen.query(StatusBar)
    return "".join(s.text for s in bars[0].render_line(0)).rstrip() if bars else ""


def ev(seq, payload: events.Payload, conversation=None, ts=1_000_000):
    """A wire event carrying a real payload (what the server sends)."""
    return p.Event(
        seq=seq,
        ts=ts,
        kind=events.kind_of(payload),
        conversation=conversation,
        actor="t",
        payload=events.to_dict(payload),
    )


def received(body: str, message: int = 1) -> events.MessageReceived:
    return events.MessageReceived(
        message=message,
        customer=1,
        customer_display="oAb…1234",
        channel="wechat",
        kind="text",
        body=body,
        external_id=f"x{message}",
    )


def assigned(agent: int | None, name: str | None = None, transfer: bool = False):
    kind = events.ConversationTransferred if transfer else events.ConversationAssigned
    return kind(agent=agent, from_agent=None, agent_name=name)


def offered(expires_ms: int, agent: int = ME, reason: str = "skill car"):
    return events.ConversationOffered(
        agent=agent,
        agent_name=None,
        expires_ms=expires_ms,
        reason=reason,
        reason_code="skill",
        tier=1,
        priority=0,
    )


def model_with_one() -> ConsoleModel:
    model = ConsoleModel(me=ME, name="王芳")
    opened = events.ConversationOpened(
        customer=1,
        customer_display="oAb…1234",
        channel="wechat",
        loan_type="car",
        amount=None,
        urgency="normal",
        credit_band=None,
        language=None,
    )
    model.apply(ev(1, opened, 5))
    return model


def test_messages_count_unread_until_opened_and_replies_clear_them():
    model = model_with_one()
    model.apply(ev(2, received("你好", 1), 5))
    model.apply(ev(3, received("在吗", 2), 5))
    row = model.conversations[5]
    assert row["unread"] == 2 and row["last_excerpt"] == "在吗" and row["status"] == "open"
    model.opened = 5
    model.mark_read(5)
    model.apply(ev(4, received("？", 3), 5))
    assert row["unread"] == 0
    sent = events.MessageSent(message=4, agent=ME, agent_name="王芳", channel="wechat", body="您好")
    model.apply(ev(5, sent, 5))
    assert row["status"] == "pending" and row["last_excerpt"] == "您好"


def test_queue_mine_and_others():
    model = model_with_one()
    assert [r["id"] for r in model.inbox("queue", "", 10)[0]] == [5]
    model.apply(ev(2, assigned(ME, "王芳"), 5))
    assert model.inbox("queue", "", 10)[1] == 0 and model.inbox("mine", "", 10)[1] == 1
    model.apply(ev(3, assigned(99, "李强", transfer=True), 5))
    assert model.inbox("all", "", 10)[1] == 0  # someone else's now: not in my inbox
    resolved = events.ConversationResolved(status="resolved", previous="open", agent=99)
    model.apply(ev(4, resolved, 5))
    assert model.inbox("all", "", 10)[1] == 0


def test_a_requeued_conversation_is_back_in_the_queue_not_still_mine():
    """The router takes a conversation back (the agent went offline): the inbox shows it
    waiting in the queue, as a fresh list would, not as still the agent's."""
    model = model_with_one()
    model.apply(ev(2, assigned(ME, "王芳"), 5))
    assert model.inbox("mine", "", 10)[1] == 1
    requeued = events.ConversationRequeued(agent=None, from_agent=ME, reason="offline")
    model.apply(ev(3, requeued, 5))
    assert model.inbox("mine", "", 10)[1] == 0 and model.inbox("queue", "", 10)[1] == 1
    assert model.conversations[5]["agent_name"] is None


def test_offers_carry_a_deadline_and_leave_when_taken_or_expired():
    model = model_with_one()
    model.apply(ev(2, offered(21_000), 5, ts=1_000))
    assert model.offers[5].expires_at == 22_000  # a duration from the event time
    model.apply(ev(3, offered(1_767_225_600_000, reason="x"), 5, ts=1_000))
    assert model.offers[5].expires_at == 1_767_225_600_000  # an absolute deadline
    model.apply(ev(4, offered(5, agent=ME + 1, reason="not me"), 5))
    assert set(model.offers) == {5}
    model.apply(ev(5, assigned(ME), 5))
    assert model.offers == {}
    model.apply(ev(6, offered(100, reason="again"), 5, ts=0))
    assert model.expire_offers(now=200) and model.offers == {}


def test_an_event_that_does_not_decode_changes_nothing():
    model = model_with_one()
    bad = p.Event(seq=9, ts=1, kind="message.received", conversation=5, actor="t", payload={})
    assert model.apply(bad) is False
    assert model.conversations[5]["unread"] == 0


def test_search_reaches_every_row_and_sorting_puts_longest_waiting_first():
    model = ConsoleModel(me=ME)
    model.load(
        [
            {
                "id": i,
                "status": "open",
                "channel": "chat",
                "last_message_at": 1000 - i,
                "assigned_agent": None,
                "last_excerpt": f"message {i}",
                "customer_display": f"c{i}",
            }
            for i in range(1, 1001)
        ]
    )
    rows, total = model.inbox("all", "", 50)
    assert total == 1000 and len(rows) == 50 and rows[0]["id"] == 1000  # waited longest
    rows, total = model.inbox("all", "message 777", 50)
    assert [r["id"] for r in rows] == [777]


def test_waiting_is_coloured_against_the_channel_sla():
    row = {"status": "open", "channel": "chat", "last_message_at": 0}
    assert sla_level(row, 10_000) == "ok"
    assert sla_level(row, 70_000) == "near"
    assert sla_level(row, 130_000) == "breached"
    assert sla_level({**row, "status": "pending"}, 999_999) == "none"
    assert format_wait(3_725_000) == "1h02m" and format_wait(65_000) == "1m05s"


def test_untrusted_text_is_shown_literally_and_harmlessly():
    nasty = "[bold]hi[/bold] [link=http://x]y[/link] \x1b[31mred\x1b[0m \x07 \u202eevil"
    shown = safe_text(nasty)
    assert shown.plain.startswith("[bold]hi[/bold] [link=http://x]y[/link] ␛[31mred␛[0m ␇")
    assert "\x1b" not in shown.plain and "\u202e" not in shown.plain and shown.spans == []
    long = clean("字" * 5000)
    assert len(long) < 4200 and all(len(line) <= 400 for line in long.split("\n"))
    assert one_line("a\nb\tc", 10) == "a b c"


def test_hit_spans_map_to_lines_exactly():
    text = "第一行\n我们保证通过\n谢谢"
    start = text.index("保证通过")
    hit = SimpleNamespace(start=start, end=start + 4, severity="block")
    assert spans_by_line(text, [hit]) == {1: [(2, 6, "block")]}
    across = SimpleNamespace(start=2, end=6, severity="warn")  # "行\n我们"
    assert spans_by_line(text, [across]) == {0: [(2, 3, "warn")], 1: [(0, 2, "warn")]}


async def test_command_palette_offers_the_screen_actions():
    from loancs.tui.app import ConsoleApp
    from loancs.tui.memory import T0, MemoryService
    from loancs.tui.screens.calculator import CalculatorScreen

    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(title.startswith("Calc") for title in titles)
        assert any(title.startswith("Search") for title in titles)
        labels = [c.help for c in app.get_system_commands(app.screen)]
        assert len(labels) == len(set(labels))  # each command once
        await pilot.press("ctrl+p")
        from textual.command import CommandInput, CommandList, CommandPalette

        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        assert app.screen.query_one(CommandInput).placeholder == "Search for commands…"
        await pilot.press(*"Calc")
        found = app.screen.query_one(CommandList)
        await until(
            pilot, lambda: found.option_count > 0 and found.highlighted is not None, "a match"
        )
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CalculatorScreen), "the calculator")


async def test_a_wrong_token_says_so(live_server):
    from loancs.tui.app import ConsoleApp
    from loancs.tui.service import LiveService
    from loancs.tui.widgets.status_bar import StatusBar

    app = ConsoleApp(LiveService(live_server.url, "lca_wrong"), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if app.link_state == "failed":
                break
            await pilot.pause(0.05)
        assert app.link_state == "failed"
        assert "Cannot sign in" in str(app.screen.query_one(StatusBar).render())


async def test_long_transcripts_open_on_the_latest_and_show_all_on_demand():
    from loancs.tui.app import ConsoleApp
    from loancs.tui.memory import T0, MemoryService
    from loancs.tui.screens.conversation import ConversationScreen

    app = ConsoleApp(
        MemoryService(conversations=3, transcript=450), lang="en", now=lambda: T0, ticking=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_conversation(1)
        await until(
            pilot,
            lambda: isinstance(app.screen, ConversationScreen) and app.screen.data is not None,
            "the transcript",
        )
        transcript = app.screen.transcript
        assert transcript.hidden == 250 and "250 earlier messages" in str(transcript.lines[0].text)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: transcript.hidden == 0, "every message shown")


async def test_f12_switches_the_language_live_and_keeps_the_draft():
    from loancs.tui.app import ConsoleApp
    from loancs.tui.memory import T0, MemoryService
    from loancs.tui.screens.conversation import ConversationScreen

    app = ConsoleApp(MemoryService(), lang="zh", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        cid = screen.cid
        await pilot.press("r", *"draft")
        await pilot.press("f12")

        def switched(lang: str) -> bool:
            now = app.screen
            return (
                app.lang == lang
                and isinstance(now, ConversationScreen)
                and now.lang == lang
                and now.is_mounted
                and bool(now.query("#conv-head"))
            )

        await until(pilot, lambda: switched("en"), "English")
        assert isinstance(app.screen, ConversationScreen) and app.screen.cid == cid
        assert app.screen.lang == "en" and app.screen.composer.text.endswith("draft")
        await until(
            pilot,
            lambda: "Conversation" in str(app.screen.query_one("#conv-head").render()),
            "the English head",
        )
        await pilot.press("f12")
        await until(pilot, lambda: switched("zh"), "Chinese")
        await until(
            pilot, lambda: "会话" in str(app.screen.query_one("#conv-head").render()), "会话"
        )


def test_a_break_the_router_decided_is_shown_in_the_agents_language():
    """Three missed offers put the agent on break: the status bar said 小休（missed offers）."""
    from loancs.tui.widgets.status_bar import StatusBar

    model = ConsoleModel(me=ME, name="王芳")
    state = events.AgentState(
        agent=ME,
        agent_name="王芳",
        state="break",
        previous="available",
        reason="missed offers",
        reason_code="missed_offers",
    )
    model.apply(ev(1, state))
    session = SimpleNamespace(
        model=model, link_state="connected", link_detail="", now=lambda: 1_000_000
    )
    for lang, shown in (("zh", "● 小休（连续未接派单）"), ("en", "(missed offers)")):
        text = str(StatusBar(session, lang).render())  # type: ignore[arg-type]
        assert shown in text, text
        assert lang == "en" or "missed" not in text


async def test_the_status_bars_load_counters_are_whole_at_80_and_200_columns():
    """At 80 columns the status bar ended "微信 …" (zh) and "chat…" (en): the load counters were
    cut. The title gives way first, then the label, then whole counters ("+1")."""
    import re

    from loancs.tui.app import ConsoleApp
    from loancs.tui.memory import T0, MemoryService

    for lang, title, label in (("zh", "坐席工作台", "接待量"), ("en", "agent console", "Load")):
        for size in ((80, 24), (200, 60)):
            app = ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False)
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                await app.workers.wait_for_complete()

                await until(
                    pilot,
                    lambda app=app: len(re.findall(r"\d+/[–\d]+", _status_row(app))) == 3,
                    "the counters",
                )
                row = _status_row(app)
                assert "…" not in row, (size, row)
                assert len(re.findall(r"\d+/[–\d]+", row)) == 3, (size, row)
                assert (title in row) == (size[0] == 200), (size, row)
                assert label in row, (size, row)
    # narrower still: counters go whole, from the last, and say how many are left out
    from rich.text import Text

    from loancs.tui.widgets.status_bar import fit_status

    parts = [Text("电话 4/–"), Text("网聊 3/–"), Text("微信 3/–")]
    line = fit_status([Text("x" * 10), Text(" title ·"), Text(" name")], "接待量", parts, 30)
    assert line.plain == "xxxxxxxxxx name · 电话 4/– +2", line.plain
