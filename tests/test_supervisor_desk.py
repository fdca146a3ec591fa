"""The supervisor's desk: pilot tests against a live server (real SQLite file) with
simulated traffic for the wallboard and each intervention, and snapshots of the wallboard
and the reports tab at 80x24 and 200x60 in Chinese and English."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import WorkerCancelled, WorkerFailed

from loancs.core import protocol as p
from loancs.store import commands
from loancs.tui.desk.app import DeskApp, MonitorScreen, WallboardScreen
from loancs.tui.dialogs.choice import ChoiceDialog
from loancs.tui.service import LiveService
from tests.test_server_spine import Recorder, ingest

T0 = 1_764_554_400_000  # 2026-12-01 10:00 Asia/Shanghai


def who(i: int) -> p.Identity:
    return p.Identity(kind="wechat", value=f"oDESK{i:015d}")


async def traffic(live_server, n: int = 4) -> list[int]:
    """Borrowers writing in on WeChat: car and mortgage, one complaint."""
    wechat = await live_server.client("wechat")
    convs = []
    for i in range(n):
        hints = p.Hints(
            loan_type=("car", "mortgage")[i % 2], urgency="complaint" if i == 3 else None
        )
        ack = await ingest(wechat, f"d-{i}", f"第{i}位客户的问题", who=who(i), hints=hints)
        convs.append(ack.conversation)
    return convs


async def settle(pilot, seconds: float | None = None) -> None:
    """Let reads finish (an intervention's worker waits on its dialog: not that one): the
    desk's connect/floor/report workers (started by the key or call before, and any a
    finished one started in turn) are awaited until none is left, then what they posted is
    handled. This waits on the reads themselves, live server or in-memory FloorService alike,
    where a fixed pause of 0.3-0.5 s (live) guessed how long they take; what a server pushes
    by itself (an alert, a monitored line) each test polls for. (``seconds``, the old pause,
    is still accepted from the callers in other files, and not slept.)"""
    for _ in range(50):
        await pilot.pause(0)
        pending = [
            w
            for w in pilot.app.workers
            if w.group in ("connect", "floor", "report") and not w.is_finished
        ]
        if not pending:
            break
        for worker in pending:
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await asyncio.wait_for(worker.wait(), 10)
    await pilot.pause(0)
    await pilot.pause()  # the tables redrawn from what the workers loaded


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def desk(live_server, lang: str = "en", sla_s: int = 30) -> DeskApp:
    service = LiveService(live_server.url, live_server.tokens["supervisor"], lang=lang)
    return DeskApp(service, lang, sla_s=sla_s, ticking=False)


async def select(pilot, table_id: str, key: str) -> None:
    table = pilot.app.screen.query_one(f"#{table_id}", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause(0.05)


async def refresh(pilot) -> None:
    pilot.app.refresh_floor()
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_wallboard_shows_the_floor_in_the_readers_language(live_server, lang) -> None:
    agent_events = Recorder()
    await live_server.client("agent", on_event=agent_events)
    convs = await traffic(live_server)
    app = desk(live_server, lang, sla_s=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await asyncio.sleep(1.2)  # past the 1 s SLA
        await refresh(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, WallboardScreen)
        queues = cells(screen.query_one("#queues", DataTable))
        names = [row[0] for row in queues]
        assert ("微信 · 车贷" if lang == "zh" else "WeChat · Car") in names
        assert all("/" not in name for name in names)
        agents = {row[0]: row for row in cells(screen.query_one("#agents", DataTable))}
        assert set(agents) >= {"王芳", "李强"}
        assert agents["王芳"][1] in ("空闲", "available")  # signed in: available
        work = cells(screen.query_one("#work", DataTable))
        assert {int(r[0]) for r in work} >= set(convs)
        alerts = " ".join(r[1] for r in cells(screen.query_one("#alerts", DataTable)))
        assert ("超出SLA" if lang == "zh" else "SLA breach") in alerts
        assert ("投诉" if lang == "zh" else "complaint") in alerts
        head = str(screen.query_one("#head").render())
        assert "赵主管" in head


async def test_compliance_block_appears_as_an_alert_with_masked_text(live_server) -> None:
    convs = await traffic(live_server, 1)
    app = desk(live_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await live_server.server.store.submit(
            commands.RecordEvent(
                kind="compliance.blocked",
                conversation=convs[0],
                actor="agent:王芳",
                payload={
                    "agent": 1,
                    "masked": "保证通过，电话13812345678",
                    "rules": ["guarantee"],
                    "categories": ["promise"],
                },
            )
        )
        for _ in range(40):
            await pilot.pause(0.05)
            alerts = " ".join(r[1] for r in cells(pilot.app.screen.query_one("#alerts", DataTable)))
            if "guarantee" in alerts:
                break
        assert "compliance block" in alerts and "guarantee" in alerts
        assert "13812345678" not in alerts and "138****5678" in alerts


async def accepted(live_server, events: Recorder, agent, conv: int) -> None:
    await events.wait_for(lambda e: e.kind == "conversation.offered" and e.conversation == conv)
    await agent.call(p.Accept, conversation=conv)


async def test_monitor_follows_a_conversation_live_and_is_recorded(live_server) -> None:
    convs = await traffic(live_server, 1)
    sup_events = Recorder()
    await live_server.client("supervisor", on_event=sup_events)
    app = desk(live_server, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, "work", str(convs[0]))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MonitorScreen)
        wechat = await live_server.client("wechat")
        await ingest(wechat, "d-live", "还在吗？急！", who=who(0))
        for _ in range(40):
            await pilot.pause(0.05)
            lines = cells(pilot.app.screen.query_one("#monitor-log", DataTable))
            if any("还在吗" in r[2] for r in lines):
                break
        assert any("第0位客户的问题" in r[2] for r in lines)
        assert any("还在吗" in r[2] for r in lines)
        monitored = await sup_events.wait_for(lambda e: e.kind == "conversation.monitored")
        assert monitored.actor == "agent:赵主管"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, WallboardScreen)


async def test_whisper_from_the_wallboard_reaches_the_agent(live_server) -> None:
    events = Recorder()
    agent = await live_server.client("agent", on_event=events)
    convs = await traffic(live_server, 1)
    await accepted(live_server, events, agent, convs[0])
    app = desk(live_server, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, "work", str(convs[0]))
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"先核实身份")
        await pilot.press("enter")
        await settle(pilot)
        whisper = await events.wait_for(lambda e: e.kind == "conversation.whisper")
        assert whisper.payload["body"] == "先核实身份" and whisper.actor == "agent:赵主管"


async def test_take_over_from_the_wallboard(live_server) -> None:
    events = Recorder()
    agent = await live_server.client("agent", on_event=events)
    convs = await traffic(live_server, 1)
    await accepted(live_server, events, agent, convs[0])
    app = desk(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, "work", str(convs[0]))
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        moved = await events.wait_for(
            lambda e: e.kind == "conversation.assigned" and e.payload.get("reason_code") == "barge"
        )
        assert moved.payload["agent_name"] == "赵主管" and moved.actor == "agent:赵主管"


async def choose(pilot, text: str) -> None:
    options = pilot.app.screen.query_one(OptionList)
    for i in range(options.option_count):
        if text in str(options.get_option_at_index(i).prompt):
            options.highlighted = i
            break
    else:
        raise AssertionError(f"no option {text!r}")
    await pilot.press("enter")
    await settle(pilot)


async def test_reassign_to_an_agent_and_to_a_queue(live_server) -> None:
    events, other = Recorder(), Recorder()
    agent = await live_server.client("agent", on_event=events)
    await live_server.client("agent2", on_event=other)
    convs = await traffic(live_server, 2)
    mortgage = convs[1]
    await accepted(live_server, events, agent, mortgage)
    app = desk(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, "work", str(mortgage))
        await pilot.press("t")
        await settle(pilot)
        await choose(pilot, "李强")
        moved = await other.wait_for(
            lambda e: e.kind == "conversation.transferred" and e.conversation == mortgage
        )
        assert moved.actor == "agent:赵主管"
        await refresh(pilot)
        await select(pilot, "work", str(mortgage))
        await pilot.press("t")
        await settle(pilot)
        await choose(pilot, "queue: Car loan")
        requeued = await other.wait_for(
            lambda e: e.kind == "conversation.transferred" and e.payload.get("queue") == "car"
        )
        assert requeued.actor == "agent:赵主管"


async def test_change_priority_and_force_an_agents_state(live_server) -> None:
    events = Recorder()
    await live_server.client("agent", on_event=events)
    sup = Recorder()
    await live_server.client("supervisor", on_event=sup)
    convs = await traffic(live_server, 1)
    app = desk(live_server, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, "work", str(convs[0]))
        await pilot.press("p")
        await settle(pilot)
        await choose(pilot, "最高 100")
        prio = await sup.wait_for(lambda e: e.kind == "conversation.priority")
        assert prio.payload["priority"] == 100 and prio.actor == "agent:赵主管"
        await select(pilot, "agents", "1")
        await pilot.press("s")
        await settle(pilot)
        await choose(pilot, "小休")
        await pilot.press(*"培训")
        await pilot.press("enter")
        await settle(pilot)
        forced = await events.wait_for(
            lambda e: e.kind == "agent.state" and e.payload["state"] == "break"
        )
        assert forced.actor == "agent:赵主管" and forced.payload["reason"] == "培训"
        await refresh(pilot)
        agents = {r[0]: r for r in cells(pilot.app.screen.query_one("#agents", DataTable))}
        assert agents["王芳"][1].startswith("小休")


async def test_reports_tab_shows_today(live_server) -> None:
    events = Recorder()
    agent = await live_server.client("agent", on_event=events)
    convs = await traffic(live_server, 1)
    await accepted(live_server, events, agent, convs[0])
    await agent.call(p.Reply, conversation=convs[0], body="您好")
    app = desk(live_server, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("n")  # topics -> service
        await settle(pilot)
        table = pilot.app.screen.query_one("#report-table", DataTable)
        rows = cells(table)
        figures = {r[0]: r[1] for r in rows}  # few groups: one figure a line
        assert figures["opened"] == "1"  # one conversation opened
        assert "Service" in str(pilot.app.screen.query_one("#report-head").render())


# ---------------------------------------------------------------- snapshots


class FloorService:
    """A fixed floor for stable screenshots (the behaviour is tested live above)."""

    def __init__(self) -> None:
        self.on_event = None
        self.on_status = None

    async def start(self) -> p.Welcome:
        return p.Welcome(
            role="supervisor", name="赵主管", actor="agent:赵主管", seq=100, agent_id=3
        )

    async def call(self, kind: type, **fields: Any) -> Any:
        if kind is p.GetFloor:
            return FLOOR
        if kind is p.ListConversations:
            return LISTED
        if kind is p.GetReport:
            return REPORT
        if kind is p.Monitor:
            return MONITORED
        raise AssertionError(kind)

    async def typing(self, conversation: int, active: bool) -> None:
        pass

    async def close(self) -> None:
        pass


FLOOR = {
    "now_ms": T0,
    "sla_s": 30,
    "service_level": {"share": 0.82, "total": 120},
    "queues": {
        "wechat/car": {
            "waiting": 3,
            "offered": 1,
            "oldest_wait_ms": 95_000,
            "top_priority": 42,
            "service_level": 0.74,
            "answered_today": 31,
            "abandoned_today": 2,
        },
        "chat/consumer/lang:en": {
            "waiting": 1,
            "offered": 0,
            "oldest_wait_ms": 12_000,
            "top_priority": 10,
            "service_level": 0.91,
            "answered_today": 12,
            "abandoned_today": 0,
        },
        "phone/mortgage": {
            "waiting": 0,
            "offered": 0,
            "oldest_wait_ms": 0,
            "top_priority": None,
            "service_level": None,
            "answered_today": 0,
            "abandoned_today": 0,
        },
    },
    "waiting_total": 3,
    "complaints": [{"id": 41, "queue": "wechat/car"}],
    "waiting": [
        {
            "id": 41,
            "queue": "wechat/car",
            "urgency": "complaint",
            "priority": 42,
            "wait_ms": 95_000,
            "status": "waiting",
            "offered_to": None,
        },
        {
            "id": 44,
            "queue": "wechat/car",
            "urgency": "normal",
            "priority": 12,
            "wait_ms": 40_000,
            "status": "offered",
            "offered_to": 2,
        },
        {
            "id": 45,
            "queue": "chat/consumer/lang:en",
            "urgency": "normal",
            "priority": 10,
            "wait_ms": 12_000,
            "status": "waiting",
            "offered_to": None,
        },
    ],
    "agents": [
        {
            "id": 1,
            "name": "王芳",
            "state": "available",
            "state_reason": None,
            "connected": True,
            "load": {"phone": 0, "chat": 2, "wechat": 3},
            "capacity": {"phone": 1, "chat": 3, "wechat": 3},
            "assigned": [30, 31],
            "state_since_ms": T0 - 3_600_000,
        },
        {
            "id": 2,
            "name": "李强",
            "state": "break",
            "state_reason": "lunch",
            "connected": True,
            "load": {"phone": 0, "chat": 0, "wechat": 0},
            "capacity": {"phone": 1, "chat": 3, "wechat": 3},
            "assigned": [],
            "state_since_ms": T0 - 1_500_000,
        },
        {
            "id": 4,
            "name": "陈静",
            "state": "offline",
            "state_reason": None,
            "connected": False,
            "load": {},
            "capacity": {"phone": 1, "chat": 2, "wechat": 2},
            "assigned": [],
            "state_since_ms": None,
        },
    ],
}
LISTED = [
    {
        "id": 30,
        "customer_display": "oUpF…eS6o",
        "channel": "wechat",
        "loan_type": "car",
        "language": None,
        "status": "pending",
        "assigned_agent": 1,
        "agent_name": "王芳",
        "created_at": T0 - 600_000,
        "priority": 0,
        "urgency": "normal",
    },
    {
        "id": 31,
        "customer_display": "138****5678",
        "channel": "phone",
        "loan_type": "mortgage",
        "language": None,
        "status": "open",
        "assigned_agent": 1,
        "agent_name": "王芳",
        "created_at": T0 - 120_000,
        "priority": 0,
        "urgency": "overdue",
    },
]
MONITORED = {
    "conversation": {
        "id": 30,
        "channel": "wechat",
        "loan_type": "car",
        "language": None,
        "status": "pending",
        "agent_name": "王芳",
    },
    "messages": [
        {
            "id": 1,
            "ts": T0 - 600_000,
            "direction": "in",
            "author": "oUpF…eS6o",
            "body": "车贷提前还款有违约金吗？",
        },
        {
            "id": 2,
            "ts": T0 - 540_000,
            "direction": "out",
            "author": "王芳",
            "body": "您好，提前还款需提前30天申请，违约金为剩余本金的1%。",
        },
        {
            "id": 3,
            "ts": T0 - 500_000,
            "direction": "in",
            "author": "oUpF…eS6o",
            "body": "[bold]好的[/bold] 那我下个月申请 \x1b[31m",
        },
        {
            "id": 4,
            "ts": T0 - 480_000,
            "direction": "note",
            "author": "王芳",
            "body": "客户下月申请，记得回访",
        },
    ],
    "calls": [],
}
REPORT = {
    "report": "topics",
    "from": T0 - 36_000_000,
    "to": T0,
    "by": None,
    "columns": [
        "group",
        "intent",
        "messages",
        "message_share",
        "conversations",
        "conversation_share",
    ],
    "rows": [
        ["all", "contract_terms", 60, 0.6, 20, 0.5],
        ["all", "repayment", 25, 0.25, 12, 0.3],
        ["all", "rates", 15, 0.15, 8, 0.2],
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_empty_report_says_so_in_full_at_80_columns(lang) -> None:
    """A desk opened before any traffic showed "(no d" (the group column's width)."""
    service = FloorService()
    empty = {**REPORT, "rows": []}
    answer = service.call

    async def call(kind: type, **fields: Any) -> Any:
        return empty if kind is p.GetReport else await answer(kind, **fields)

    service.call = call  # type: ignore[method-assign]
    app = DeskApp(service, lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reports(pilot)
        table = pilot.app.screen.query_one("#report-table", DataTable)
        said = {"zh": "（暂无数据）", "en": "(no data yet)"}[lang]
        assert cells(table)[0][0] == said
        first = next(iter(table.columns.values()))
        assert first.width >= cell_len(said)


def agents_report(n: int) -> dict[str, Any]:
    names = ["王芳", "李明", "Alexandra Montgomery-Wu", "张伟", "陈静", "刘洋"]
    return {
        "report": "agents",
        "from": T0 - 36_000_000,
        "to": T0,
        "by": "agent",
        "sla_s": 30,
        "columns": [
            "group",
            "conversations",
            "replies",
            "first_response_avg_s",
            "resolved",
            "handling_avg_s",
            "outcomes",
            "csat_avg",
            "csat_answers",
        ],
        "rows": [
            [names[i % 6], 12, 140, 18.5, 10, 412.0, f"answered {i}, loan_applied 3", 0.93, 7]
            for i in range(n)
        ],
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("agents", [0, 3, 6])
async def test_the_agents_report_fits_80_columns(lang, agents) -> None:
    """The agents report has 9 figures: with no rows or more than 4 agents it was 109-137
    columns wide at 80 (its last figures out of sight), and 103 with 3 agents and their
    outcomes. Now the labels take two lines, a long name gives way with …, and the outcomes
    are listed under the table, one agent a line."""
    service = FloorService()
    answer = service.call

    async def call(kind: type, **fields: Any) -> Any:
        return agents_report(agents) if kind is p.GetReport else await answer(kind, **fields)

    service.call = call  # type: ignore[method-assign]
    app = DeskApp(service, lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reports(pilot)
        for _ in range(2):  # topics, service, agents
            await pilot.press("n")
            await settle(pilot)
        assert app.screen.report == "agents"
        assert too_wide(app) == []
        table = app.screen.query_one("#report-table", DataTable)
        shown = cells(table)
        extra = str(app.screen.query_one("#report-extra", Static).render())
        outcomes = {"zh": "结果", "en": "outcomes"}[lang]
        if agents == 0:
            assert shown[0][0] == {"zh": "（暂无数据）", "en": "(no data yet)"}[lang]
            return
        for i in range(agents):  # every agent's outcomes, in full, under the table
            assert f" · {outcomes}: answered {i}, loan_applied 3" in extra
        if agents == 6:
            assert len(shown) == 6 and len(shown[0]) == 8  # every figure but the outcomes
            assert shown[2][0].startswith("Alexandra") and shown[2][0].endswith("…")
            assert shown[0][1:] == ["12", "140", "18.5", "10", "412.0", "0.93", "7"]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_report_fits_again_when_the_terminal_is_resized(lang, monkeypatch) -> None:
    """The report table was laid out when loaded: a terminal made narrower left it 109-137
    columns wide (its last figures out of sight) until the next load, and one made wider
    kept the cramped two-line layout. It now fits again on resize, from what is loaded;
    so do the floor's tables (an agent's long name gives way)."""
    floor = copy.deepcopy(FLOOR)
    floor["agents"][1]["name"] = "Alexandra Montgomery-Wu"  # offered conversation 44
    monkeypatch.setitem(globals(), "FLOOR", floor)
    service = FloorService()
    answer = service.call
    loads = []

    async def call(kind: type, **fields: Any) -> Any:
        if kind is p.GetReport:
            loads.append(fields["report"])
            return agents_report(6)
        return await answer(kind, **fields)

    service.call = call  # type: ignore[method-assign]
    app = DeskApp(service, lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await _reports(pilot)
        for _ in range(2):  # topics, service, agents
            await pilot.press("n")
            await settle(pilot)
        table = app.screen.query_one("#report-table", DataTable)
        assert len(table.columns) == 9 and table.header_height == 1  # all in, one line
        loaded = len(loads)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert too_wide(app) == []
        assert len(table.columns) == 8 and table.header_height == 2  # outcomes below
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        assert len(table.columns) == 9 and table.header_height == 1
        assert len(loads) == loaded  # from what was loaded: no new read
        await pilot.press("f2")  # back to the floor
        await settle(pilot)
        assert app.screen.query_one("#work", DataTable).region.width > 80
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert too_wide(app) == []  # the floor's tables too: the long name gives way
        work = app.screen.query_one("#work", DataTable)
        status = work.columns[ColumnKey("col.status")]
        assert str(work.get_cell("44", "col.status")).endswith("…")
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        shown = str(work.get_cell("44", "col.status"))
        assert "Alexandra Montgomery-Wu" in shown  # in full again, and its column as wide
        assert status.content_width == cell_len(shown)


def snap_app(lang: str) -> DeskApp:
    app = DeskApp(FloorService(), lang, now=lambda: T0, ticking=False)
    return app


async def _floor(pilot) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#work", DataTable).focus()
    await pilot.pause(0.1)


async def _reports(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_wallboard_snapshot(snap_compare, lang, size):
    assert snap_compare(snap_app(lang), terminal_size=size, run_before=_floor)


async def _monitor(pilot) -> None:
    await settle(pilot)
    await select(pilot, "work", "30")
    await pilot.press("m")
    await _on_top(pilot, MonitorScreen)


async def _reassign(pilot) -> None:
    await settle(pilot)
    await select(pilot, "work", "30")
    await pilot.press("t")
    await _on_top(pilot, ChoiceDialog)


async def _on_top(pilot, kind: type) -> None:
    """Until the screen the key opens is on top (its worker has run: 10 s at most), then
    until it is laid out and drawn: what a fixed 0.5 s pause guessed."""
    for _ in range(1000):
        if isinstance(pilot.app.screen, kind):
            break
        await pilot.pause(0.01)
    assert isinstance(pilot.app.screen, kind), pilot.app.screen
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_monitor_snapshot(snap_compare, lang, size):
    assert snap_compare(snap_app(lang), terminal_size=size, run_before=_monitor)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reassign_dialog_snapshot(snap_compare, lang):
    assert snap_compare(snap_app(lang), terminal_size=(80, 24), run_before=_reassign)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reports_tab_snapshot(snap_compare, lang):
    assert snap_compare(snap_app(lang), terminal_size=(80, 24), run_before=_reports)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_reports_tab_does_not_keep_the_floor_rows_explanation(lang) -> None:
    from textual.widgets import Label

    from loancs.tui.desk.floor import explain_priority

    floor = copy.deepcopy(FLOOR)
    waiting = floor["waiting"][0]
    waiting["explain"] = {"urgency": 30, "channel": 5, "waited": 7}

    class Explained(FloorService):
        async def call(self, kind: type, **fields: Any) -> Any:
            return floor if kind is p.GetFloor else await super().call(kind, **fields)

    app = DeskApp(Explained(), lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        explained = explain_priority(waiting, lang)
        assert explained
        await select(pilot, "work", str(waiting["id"]))

        def status() -> str:
            return str(pilot.app.screen.query_one("#status", Label).render())

        assert status() == explained
        await pilot.press("f2")  # the Reports tab
        await settle(pilot)
        assert explained not in status(), status()
        await pilot.press("f2")  # back on the floor: the row is still highlighted
        await settle(pilot)
        assert status() == explained


def test_floor_alerts_for_capacity_break_and_sla() -> None:
    from loancs.tui.desk.floor import FloorState

    state = FloorState("en", sla_s=30, break_limit_ms=20 * 60_000)
    floor = {
        **FLOOR,
        "agents": [
            dict(FLOOR["agents"][0], load={"wechat": 4}, capacity={"wechat": 3}),
            FLOOR["agents"][1],
        ],
    }
    state.check(floor, T0)
    texts = [a.text for a in state.alerts]
    assert any("SLA breach: WeChat · Car loan oldest wait 1:35" in t for t in texts)
    assert any("over capacity: 王芳 WeChat 4/3" in t for t in texts)
    assert any("on break too long: 李强 for 25:00 (lunch)" in t for t in texts)
    state.check(floor, T0 + 1000)
    assert any("complaint: #41" in t for t in texts)
    assert len(state.alerts) == 4  # raised once while the condition lasts


def test_priority_is_explained() -> None:
    from loancs.tui.desk.floor import explain_priority

    w = {
        **FLOOR["waiting"][0],
        "explain": {"urgency": 30, "channel": 5, "amount": 0, "credit": 0, "waited": 7},
    }
    assert explain_priority(w, "en") == "#41 priority 42 = urgency 30 + channel 5 + waited 7"
    assert explain_priority(w, "zh") == "#41 优先级 42 = 紧急度 30 + 渠道 5 + 等待 7"
    assert explain_priority(
        {"id": 2, "priority": 103, "explain": {"override": 100, "waited": 3}}, "en"
    ) == ("#2 priority 103 = set by a supervisor 100 + waited 3")


async def test_floor_explains_each_waiting_priority(live_server) -> None:
    await traffic(live_server, 4)
    supervisor = await live_server.client("supervisor")
    floor = await supervisor.call(p.GetFloor)
    complaint = next(w for w in floor["waiting"] if w["urgency"] == "complaint")
    parts = complaint["explain"]
    assert parts["urgency"] > 0 and sum(parts.values()) == complaint["priority"]


def test_a_refused_reply_is_one_alert() -> None:
    from loancs.tui.desk.floor import FloorState

    state = FloorState("en")
    blocked = p.Event(
        seq=5,
        ts=T0,
        kind="compliance.blocked",
        conversation=7,
        actor="agent:王芳",
        payload={
            "agent": 1,
            "masked": "保证通过",
            "rules": ["guarantee"],
            "categories": ["promise"],
        },
    )
    hit = p.Event(
        seq=6,
        ts=T0,
        kind="compliance.hit",
        conversation=7,
        actor="agent:王芳",
        payload={"action": "blocked", "rule": "guarantee", "match": "保证"},
    )
    warned = p.Event(
        seq=9,
        ts=T0 + 5,
        kind="compliance.hit",
        conversation=7,
        actor="agent:王芳",
        payload={"action": "warned", "rule": "rate_words", "match": "最低"},
    )
    for event in (blocked, hit, warned):
        state.learn(event)
    assert [a.text for a in state.alerts] == [
        "compliance warning: 王芳 #7 rate_words: 最低",
        "compliance block: 王芳 #7 guarantee: 保证通过",
    ]


def test_a_customer_left_with_the_assistant_raises_an_alert_until_handed_off() -> None:
    from loancs.tui.desk.floor import FloorState

    state = FloorState("zh", bot_limit_ms=5 * 60_000)
    bot = p.Event(
        seq=1,
        ts=T0,
        kind="message.sent",
        conversation=9,
        actor="assistant",
        payload={"body": "您好"},
    )
    state.learn(bot)
    state.check({"queues": {}, "agents": [], "waiting": []}, T0 + 4 * 60_000)
    assert state.alerts == []
    state.check({"queues": {}, "agents": [], "waiting": []}, T0 + 6 * 60_000)
    assert [a.text for a in state.alerts] == ["客户在机器人处等待过久：#9 已 6:00"]
    handoff = p.Event(
        seq=2,
        ts=T0 + 7 * 60_000,
        kind="assistant.handoff",
        conversation=9,
        actor="assistant",
        payload={"reason": "asked for a person"},
    )
    state.learn(handoff)
    state.check({"queues": {}, "agents": [], "waiting": []}, T0 + 8 * 60_000)
    assert len(state.alerts) == 1  # no new alert once a person has it


def too_wide(app: DeskApp) -> list[str]:
    """Tables and the footer wider than the room they are shown in (their last columns or
    keys are scrolled out of sight at 80 columns)."""
    return [
        f"{w.id or type(w).__name__}: {w.virtual_size.width} > {w.region.width}"
        for w in app.screen.query("DataTable, Footer")
        if w.display and w.region.width and w.virtual_size.width > w.region.width
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_part_of_the_desk_fits_80_columns(lang, monkeypatch) -> None:
    """At 80x24 every table and the footer fit, in English too: queue names are short
    there (Chat · Consumer · EN), each tab's footer shows its own keys, and an agent's long
    name gives way in the status column. The English desk's tables were 90-93 columns
    wide and its footer 141."""
    floor = copy.deepcopy(FLOOR)
    floor["agents"][1]["name"] = "Alexandra Montgomery-Wu"  # offered conversation 44
    monkeypatch.setitem(globals(), "FLOOR", floor)
    app = snap_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert too_wide(app) == []
        work = app.screen.query_one("#work", DataTable)
        rows = {row[0]: row for row in cells(work)}
        if lang == "en":
            assert rows["45"][2] == "Chat · Consumer · EN"
            assert rows["44"][3].startswith("offered → A") and rows["44"][3].endswith("…")
        await pilot.press("n")  # a reports key does nothing on the floor
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.report == "topics"
        assert too_wide(app) == []
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.report == "service"
        await pilot.press("f2")
        await settle(pilot)
        await select(pilot, "work", "30")
        await pilot.press("m")
        await _on_top(pilot, MonitorScreen)
        assert too_wide(app) == []


def _shown(table) -> str:
    from rich.console import Console

    console = Console(width=60, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(table)
    return console.export_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_f1_on_the_desk_lists_every_key_of_the_screen(lang) -> None:
    """F1 (or ?) opened nothing on the desk, as the agent's console teaches it to; at 80
    columns the floor's footer does not show the reports' keys. Now a box lists every key of
    the screen in front, esc closes it, and the footer still fits."""
    from loancs.tui.desk.app import DeskHelpScreen

    app = snap_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _floor(pilot)
        assert too_wide(app) == []
        await pilot.press("f1")
        await _on_top(pilot, DeskHelpScreen)
        text = _shown(app.screen.table)
        for label in ("Next report", "Today/Week", "Whisper", "Take over", "Quit"):
            if lang == "en":
                assert label in text, text
        if lang == "zh":
            assert "下一报表" in text and "接管" in text, text
        assert "m / enter" in text and "f1 / ?" in text
        await pilot.press("escape")
        await _on_top(pilot, WallboardScreen)
        await pilot.press("question_mark")
        await _on_top(pilot, DeskHelpScreen)
        await pilot.press("escape")
        await _on_top(pilot, WallboardScreen)
        await select(pilot, "work", "30")
        await pilot.press("m")
        await _on_top(pilot, MonitorScreen)
        await pilot.press("f1")
        await _on_top(pilot, DeskHelpScreen)
        text = _shown(app.screen.table)
        assert ("Whisper" if lang == "en" else "耳语") in text
        assert ("Next report" if lang == "en" else "下一报表") not in text  # the monitor's own


class GoneService(FloorService):
    """The floor's server, until it goes: then every call fails as a dropped link does."""

    gone = False

    async def call(self, kind: type, **fields: Any) -> Any:
        if self.gone:
            from loancs.client import ClientError

            raise ClientError("not_connected", "not connected to the server")
        return await super().call(kind, **fields)


def _label(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.mark.parametrize(
    ("lang", "connected", "lost"),
    [
        ("zh", "已连接", "连接断开，正在重连…"),
        ("en", "connected", "connection lost; reconnecting…"),
    ],
)
async def test_the_desk_head_shows_the_link_as_the_console_does(lang, connected, lost) -> None:
    """With the server gone the desk's head kept its last figures with no mark (the agent's
    console says Connected or Reconnecting), and a failed refresh replaced the red
    "reconnecting" under the floor with "not connected". Now the head says the link, and
    the status line keeps saying it is reconnecting."""
    service = GoneService()
    app = DeskApp(service, lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _floor(pilot)
        head = _label(app, "#head")
        assert head.startswith(connected) and "赵主管" in head, head
        service.gone = True
        service.on_status("reconnecting", "retrying in 1.0 s")
        await _until(pilot, lambda: app.session.link == "reconnecting")
        app.screen.refresh_floor()  # the wallboard's timer keeps asking
        await settle(pilot)
        assert _label(app, "#head").startswith(lost), _label(app, "#head")
        assert _label(app, "#status") == lost
        service.gone = False
        service.on_status("connected", "ws://127.0.0.1")
        await _until(pilot, lambda: _label(app, "#head").startswith(connected))
        assert _label(app, "#head").startswith(connected)


async def _link_lost(pilot) -> None:
    await _floor(pilot)
    pilot.app.service.on_status("reconnecting", "retrying in 1.0 s")
    await _until(pilot, lambda: pilot.app.session.link == "reconnecting")


async def _until(pilot, condition) -> None:
    """Until the posted link status has been handled (10 s at most), then until what it
    changed is drawn: what a fixed 0.2-0.3 s pause guessed."""
    for _ in range(1000):
        if condition():
            break
        await pilot.pause(0.01)
    assert condition()
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_wallboard_with_the_server_gone_snapshot(snap_compare, lang):
    assert snap_compare(snap_app(lang), terminal_size=(80, 24), run_before=_link_lost)
