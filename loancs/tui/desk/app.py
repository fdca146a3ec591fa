"""The supervisor's desk (Textual). The wallboard refreshes from ``get_floor`` every few
seconds and learns from the event stream in between (alerts appear as they happen);
interventions are one key on the selected row. Everything goes through the protocol.

The app connects and applies every event to the floor state in one place; the screens are
given the ``DeskSession`` when they are created, run their own workers (the floor, the
reports, each intervention) and hear changes through its signals. They never call the
app: a dialog or the monitor is put up by posting ``Ask``."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.signal import Signal
from textual.widgets import DataTable, Footer, Label, Static, TabbedContent, TabPane

from loancs.client import ClientError
from loancs.core import event_labels as labels
from loancs.core import protocol as p
from loancs.core.events import Kind
from loancs.core.report_format import ASIDE, cell, column_label, two_lines
from loancs.tui.desk.floor import FloorState, explain_priority, mmss, percent
from loancs.tui.desk.i18n import t
from loancs.tui.dialogs.choice import ChoiceDialog, ConfirmDialog, TextDialog
from loancs.tui.esc import EscKeysApp
from loancs.tui.messages import Ask, LinkStatus, ServerEvent
from loancs.tui.safe import one_line
from loancs.tui.screens.base import DialogHost
from loancs.tui.service import ConsoleService
from loancs.tui.stopping import exit_on_stop_signals

REPORTS = ("topics", "service", "agents", "compliance", "csat", "assistant")
LOAN_TYPES = ("mortgage", "car", "consumer", "business", "collection")
LENDER_TZ = "Asia/Shanghai"

CSS = """
Screen { background: $surface; layout: vertical; overflow: hidden hidden; }
#head { dock: top; height: 1; width: 100%; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis; }
#status { height: 1; width: 100%; padding: 0 1; color: $text-muted;
          text-wrap: nowrap; text-overflow: ellipsis; }
TabbedContent { height: 1fr; }
TabPane { height: 1fr; padding: 0; }
#floor-scroll { height: 1fr; scrollbar-size-vertical: 1; }
.section { text-style: bold; padding: 1 1 0 1; }
.legend { color: $text-muted; padding: 0 1; width: 100%; }
DataTable { height: auto; }
#floor-grid { height: auto; }
#floor-grid.wide { layout: grid; grid-size: 2; grid-columns: 1fr 1fr; grid-rows: auto; }
#floor-grid > Vertical { height: auto; }
#monitor-log { height: 1fr; }
"""


def _now_ms() -> int:
    return int(time.time() * 1000)


class DeskSession:
    """What the desk's screens are given: the connection, the floor as last read, what the
    event stream taught (alerts), and signals for what changed."""

    def __init__(
        self,
        app: App[Any],
        service: ConsoleService,
        lang: str,
        *,
        sla_s: int,
        now: Callable[[], int],
        ticking: bool,
        refresh_s: float,
        state: FloorState,
    ) -> None:
        self.service = service
        self.lang = lang
        self.sla_s = sla_s
        self.now = now
        self.ticking = ticking
        self.refresh_s = refresh_s
        self.state = state
        self.floor: dict[str, Any] = {"queues": {}, "agents": [], "waiting": []}
        self.listed: list[dict[str, Any]] = []
        self.signed_in: str | None = None
        self.role: str | None = None
        self.events: Signal[p.Event] = Signal(app, "events")  # after the state learnt them
        self.floor_read: Signal[None] = Signal(app, "floor")
        self.alerts_raised: Signal[None] = Signal(app, "alerts")
        self.status: Signal[tuple[str, str]] = Signal(app, "status")  # (text, style)
        # The link to the server, shown at the head of the floor as the console shows it.
        self.link = "connecting"
        self.link_changed: Signal[None] = Signal(app, "link")
        self.last_status: tuple[str, str] | None = None  # for a screen that subscribes later
        # Floor reads asked, and the newest one shown: the timer's read and an intervention's
        # (read after it) can overlap; an older read answered later is not shown over a newer.
        self.floor_reads = self.floor_shown = 0

    def say(self, text: str, style: str = "") -> None:
        self.last_status = (text, style)
        self.status.publish((text, style))

    async def load_floor(self) -> None:
        """Read the floor and the conversations in hand; the wallboard redraws (unless a read
        asked after this one was shown first: it is newer)."""
        self.floor_reads += 1
        mine = self.floor_reads
        try:
            floor = await self.service.call(p.GetFloor, sla_s=self.sla_s)
            listed = await self.service.call(
                p.ListConversations, status=["open", "pending"], limit=500
            )
        except ClientError as exc:
            if self.link == "connected":  # else the red "reconnecting" stays what is said
                self.say(t("err", self.lang, message=exc.message), "yellow")
            return
        if mine < self.floor_shown:
            return
        self.floor_shown = mine
        self.floor, self.listed = floor, listed
        self.state.check(self.floor, self.now())
        self.floor_read.publish(None)


class DeskScreen(DialogHost):
    """A desk screen: its session, and the interventions on a conversation or an agent,
    each in the screen's own worker."""

    def __init__(self, session: DeskSession) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang
        self.help_keys: list[tuple[str, str]] = []  # (keys, action) this screen binds

    def bind_keys(self, keys: str, action: str, show: bool = True) -> None:
        self._bindings.bind(keys, action, description=t(_LABELS[action], self.lang), show=show)
        self.help_keys.append((keys, action))

    def action_help(self) -> None:
        """F1 or ?, as in the agent's console: every key of this screen (a footer at 80
        columns shows only the keys of the tab in front)."""
        if not isinstance(self.app.screen, DeskHelpScreen):
            self.app.push_screen(DeskHelpScreen(self.lang, self.help_keys))

    def _need_conversation(self, conv: int | None) -> bool:
        if conv is None:
            self.notify(t("pick.conversation", self.lang), severity="warning")
            return False
        return True

    def _owner(self, conv: int) -> str | None:
        session = self.session
        for c in session.listed:
            if c["id"] == conv and c.get("assigned_agent") is not None:
                return c.get("agent_name") or "?"
        for a in session.floor.get("agents", []):
            if conv in a.get("assigned", []):
                return str(a["name"])
        return None

    async def _do(self, frame: type[msgspec.Struct], done: str, **fields: Any) -> bool:
        try:
            await self.session.service.call(frame, **fields)
        except ClientError as exc:
            self.notify(t("err", self.lang, message=exc.message), severity="error")
            return False
        self.notify(done)
        await self.session.load_floor()
        return True

    @work(exclusive=True, group="monitor", exit_on_error=False)
    async def open_monitor(self, conv: int) -> None:
        try:
            data = await self.session.service.call(p.Monitor, conversation=conv)
        except ClientError as exc:
            self.notify(t("err", self.lang, message=exc.message), severity="error")
            return
        self.show(MonitorScreen(self.session, conv, data))

    @work(exclusive=True, group="act", exit_on_error=False)
    async def whisper(self, conv: int | None) -> None:
        if conv is None or not self._need_conversation(conv):
            return
        owner = self._owner(conv)
        if owner is None:
            self.notify(t("pick.owned", self.lang), severity="warning")
            return
        body = await self.ask(TextDialog(t("dlg.whisper", self.lang, agent=owner), self.lang))
        if body:
            await self._do(
                p.Whisper, t("done.whisper", self.lang, conv=conv), conversation=conv, body=body
            )

    @work(exclusive=True, group="act", exit_on_error=False)
    async def barge(self, conv: int | None) -> None:
        if conv is None or not self._need_conversation(conv):
            return
        owner = self._owner(conv) or "-"
        yes = await self.ask(
            ConfirmDialog(
                t("dlg.barge", self.lang),
                t("dlg.barge_body", self.lang, conv=conv, agent=owner),
                self.lang,
            )
        )
        if yes:
            await self._do(p.Barge, t("done.barge", self.lang, conv=conv), conversation=conv)


def _cell(value: Any, sla_s: int) -> Text:
    """Table cells: waits coloured against the SLA, service level against 80%."""
    if isinstance(value, tuple):
        kind = value[0]
        if kind in ("wait", "age"):
            ms = value[1] or 0
            if kind == "age":
                return Text(mmss(ms))
            style = "green" if ms < sla_s * 500 else "yellow" if ms < sla_s * 1000 else "bold red"
            return Text(mmss(ms), style=style)
        if kind == "sl":
            sl = value[1]
            style = (
                ""
                if sl is None
                else "green"
                if sl >= 0.8
                else "yellow"
                if sl >= 0.6
                else "bold red"
            )
            return Text(percent(sl), style=style)
        if kind == "state":
            return Text(value[2], style=STATE_STYLE.get(value[1], ""))
    return Text(str(value))


STATE_STYLE = {"available": "green", "wrapup": "yellow", "break": "magenta", "offline": "dim"}


def fit(table: DataTable[Any], rendered: list[list[Text]], room: int, flex: int) -> None:
    """Cut the ``flex`` column's cells (with …) so that the table is no wider than ``room``
    cells: a row wider than the terminal scrolls its last columns out of sight."""
    padding = 2 * table.cell_padding
    widths = [cell_len(str(c.label)) for c in table.columns.values()]
    for cells in rendered:
        widths = [max(w, cell.cell_len) for w, cell in zip(widths, cells, strict=False)]
    over = sum(w + padding for w in widths) - room
    if over <= 0:
        return
    limit = max(8, widths[flex] - over)
    for cells in rendered:
        if cells[flex].cell_len > limit:
            cells[flex].truncate(limit, overflow="ellipsis")


def sync_table(
    table: DataTable[Any],
    rows: list[tuple[str, list[Any]]],
    sla_s: int,
    room: int | None = None,
    flex: int = 0,
) -> None:
    """Update rows in place by key (no clear-and-refill: the cursor stays where it was);
    with ``room``, the ``flex`` column gives way so that the rows fit that width."""
    wanted = {key for key, _ in rows}
    for key in [k.value for k in list(table.rows)]:
        if key is not None and key not in wanted:
            table.remove_row(key)
    columns = list(table.columns)
    every = [[_cell(c, sla_s) for c in cells] for _, cells in rows]
    if room is not None:
        fit(table, every, room, flex)
    for (key, _), rendered in zip(rows, every, strict=True):
        if key in {k.value for k in table.rows}:
            for column, value in zip(columns, rendered, strict=False):
                table.update_cell(key, column, value)
        else:
            table.add_row(*rendered, key=key)
    # A column follows its widest cell both ways: updated cells never narrow nor widen it,
    # so a screen made narrower (or a long name gone) left the table wider than the room,
    # and one made wider kept the names cut. Measured again only when the width changes.
    for c, column in enumerate(columns):
        if not every:
            break
        widest = max(range(len(every)), key=lambda r: every[r][c].cell_len)
        kept = table.columns[column]
        if kept.content_width != max(cell_len(str(kept.label)), every[widest][c].cell_len):
            table.update_cell(rows[widest][0], column, every[widest][c], update_width=True)


class WallboardScreen(DeskScreen):
    KEYS = (
        ("f1,question_mark", "help", False),  # the footer at 80 columns has no room for it
        ("q", "app.quit", True),
        ("f2", "switch_tab", True),
        ("m,enter", "monitor", True),
        ("w", "whisper", True),
        ("b", "barge", True),
        ("t", "reassign", True),
        ("p", "priority", True),
        ("s", "force_state", True),
        ("r", "refresh", False),
        ("n", "next_report", True),
        ("d", "period", True),
    )

    def __init__(self, session: DeskSession) -> None:
        super().__init__(session)
        self.ready = False
        self.report = "topics"
        self.period = "today"
        self.report_data: dict[str, Any] | None = None
        for keys, action, show in self.KEYS:
            self.bind_keys(keys, action, show)

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Label("", id="head")
        with TabbedContent(initial="floor"):
            with TabPane(t("tab.floor", lang), id="floor"), VerticalScroll(id="floor-scroll"):  # noqa: SIM117
                with Vertical(id="floor-grid"):
                    with Vertical():
                        yield Label(t("sec.queues", lang), classes="section")
                        yield DataTable(id="queues", cursor_type="row", zebra_stripes=True)
                        yield Label(t("sec.agents", lang), classes="section")
                        yield DataTable(id="agents", cursor_type="row", zebra_stripes=True)
                        yield Label(t("sec.alerts", lang), classes="section")
                        yield DataTable(id="alerts", cursor_type="row")
                    with Vertical():
                        yield Label(t("sec.work", lang), classes="section")
                        yield Label(t("prio.legend", lang), classes="legend")
                        yield DataTable(id="work", cursor_type="row", zebra_stripes=True)
            with TabPane(t("tab.reports", lang), id="reports"), VerticalScroll():
                yield Label("", id="report-head", classes="section")
                yield DataTable(id="report-table", zebra_stripes=True)
                yield Static("", id="report-extra", classes="legend")
        yield Label("", id="status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        lang = self.lang
        q = self.query_one("#queues", DataTable)
        for key in (
            "col.queue",
            "col.waiting",
            "col.offered",
            "col.oldest",
            "col.sl",
            "col.answered",
            "col.abandoned",
        ):
            q.add_column(t(key, lang), key=key)
        a = self.query_one("#agents", DataTable)
        for key in ("col.agent", "col.state", "col.since"):
            a.add_column(t(key, lang), key=key)
        for ch in ("phone", "chat", "wechat"):
            a.add_column(labels.channel_label(ch, lang), key=ch)
        a.add_column(t("col.online", lang), key="online")
        w = self.query_one("#work", DataTable)
        for key in (
            "col.id",
            "col.customer",
            "col.queue",
            "col.status",
            "col.age",
            "col.priority",
            "col.urgency",
        ):
            w.add_column(t(key, lang), key=key)
        al = self.query_one("#alerts", DataTable)
        al.add_column(t("col.time", lang), key="time")
        al.add_column(t("col.alert", lang), key="text")
        self.query_one("#work", DataTable).focus()
        self._layout(self.size.width)
        self.ready = True
        session = self.session
        session.floor_read.subscribe(self, self.show_floor, immediate=True)
        session.link_changed.subscribe(self, self.show_head, immediate=True)
        session.alerts_raised.subscribe(self, self.show_alerts, immediate=True)
        session.status.subscribe(self, self._say, immediate=True)
        if session.last_status is not None:  # said before this screen was listening
            self._say(session.last_status)
        self.show_floor()  # the floor may have arrived before the tables had columns

    def _say(self, line: tuple[str, str]) -> None:
        self.set_status(*line)

    def refresh_floor(self) -> None:
        self._refresh_worker()

    @work(exclusive=True, group="floor", exit_on_error=False)
    async def _refresh_worker(self) -> None:
        await self.session.load_floor()

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)
        # The tables were fitted to the old width: fit them again, from what is loaded.
        self.show_floor()
        if self.report_data:
            self.show_report()

    def _layout(self, width: int) -> None:
        grid = self.query_one("#floor-grid")
        grid.set_class(width >= 160, "wide")

    # ------------------------------------------------------------ drawing

    def show_head(self, _: None = None) -> None:
        """Who is signed in, the link (as the console's header shows it: green when
        connected, red while the server is gone, when the figures after it are the last
        read), and the floor's figures."""
        if not self.ready:
            return
        app, lang = self.session, self.lang
        floor = app.floor
        level = floor.get("service_level", {})
        agents = floor.get("agents", [])
        clock = datetime.fromtimestamp(app.now() / 1000, ZoneInfo(LENDER_TZ)).strftime("%H:%M:%S")
        head = Text(no_wrap=True, overflow="ellipsis")
        link = app.link if app.link in ("connected", "connecting") else "reconnecting"
        head.append(
            t(f"conn.{link}", lang),
            style={"connected": "green", "connecting": "yellow"}.get(
                link, "bold white on dark_red"
            ),
        )
        head.append(" · ")
        head.append(
            t(
                "head",
                lang,
                name=app.signed_in or "",
                share=percent(level.get("share")),
                sla=app.sla_s,
                waiting=sum(q.get("waiting", 0) for q in floor.get("queues", {}).values()),
                online=sum(1 for a in agents if a.get("connected")),
                agents=len(agents),
                clock=clock if app.ticking and link == "connected" else "",
            ).rstrip(" ·")
        )
        self.query_one("#head", Label).update(head)

    def show_floor(self, _: None = None) -> None:
        if not self.ready:
            return
        app = self.session
        floor, state, now = app.floor, app.state, app.now()
        self.show_head()
        # A table's room: the screen (a column of the grid when wide) less the scrollbar.
        width = self.app.size.width
        room = (width - 1) // 2 if width >= 160 else width - 1
        sync_table(
            self.query_one("#queues", DataTable), state.queue_rows(floor), app.sla_s, room, 0
        )
        sync_table(
            self.query_one("#agents", DataTable), state.agent_rows(floor, now), app.sla_s, room, 0
        )
        sync_table(
            self.query_one("#work", DataTable),
            state.work_rows(floor, app.listed, now),
            app.sla_s,
            room,
            3,  # the status (offered → name, in hand · name) gives way first
        )
        self.show_alerts()

    def show_alerts(self, _: None = None) -> None:
        if not self.ready:
            return
        state, lang = self.session.state, self.lang
        alerts = self.query_one("#alerts", DataTable)
        rows: list[tuple[str, list[Text]]] = []
        for alert in state.alerts[:50]:
            when = datetime.fromtimestamp(alert.at / 1000, ZoneInfo(LENDER_TZ)).strftime("%H:%M:%S")
            style = "bold red" if alert.level == "error" else "yellow"
            rows.append((alert.key, [Text(when), Text(alert.text, style=style)]))
        if not rows:
            rows = [("-", [Text(""), Text(t("none", lang))])]
        alerts.clear()
        for key, cells in rows:
            alerts.add_row(*cells, key=key)

    @work(exclusive=True, group="report", exit_on_error=False)
    async def load_report(self) -> None:
        session = self.session
        tz = ZoneInfo(LENDER_TZ)
        now = datetime.fromtimestamp(session.now() / 1000, tz)
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.period == "week":
            start -= timedelta(days=start.weekday())
        try:
            self.report_data = await session.service.call(
                p.GetReport,
                report=self.report,
                from_ms=int(start.timestamp() * 1000),
                to_ms=int(now.timestamp() * 1000) + 1,
                by="agent" if self.report == "agents" else None,
                sla_s=session.sla_s,
            )
        except ClientError as exc:
            self.set_status(t("err", self.lang, message=exc.message), "yellow")
            return
        self.show_report()

    def show_report(self) -> None:
        lang, data = self.lang, self.report_data
        period = t(f"period.{self.period}", lang)
        self.query_one("#report-head", Label).update(
            t("reports.head", lang, report=t(f"report.{self.report}", lang), period=period)
        )
        table = self.query_one("#report-table", DataTable)
        table.clear(columns=True)
        if not data:
            return
        columns, rows = data["columns"], data["rows"]
        room = self.app.size.width - 1  # less the scrollbar
        aside: list[int] = []  # figures that did not fit in the table: below it instead
        table.header_height = 1
        if len(columns) > 7 and 0 < len(rows) <= 4:
            # Many figures for few groups: one figure a line fits 80 columns.
            names = [cell("group", row[0], data["by"], lang) for row in rows]
            figures = list(range(1, len(columns)))
            texts = {
                j: [cell(columns[j], row[j], data["by"], lang) for row in rows] for j in figures
            }
            labels = {j: column_label(columns[j], lang) for j in figures}

            def width(shown: list[int], cap: int) -> int:
                head = max(cell_len(labels[j]) for j in shown)
                cols = [
                    max([min(cell_len(name), cap)] + [cell_len(texts[j][i]) for j in shown])
                    for i, name in enumerate(names)
                ]
                return sum(w + 2 * table.cell_padding for w in [head, *cols])

            cap = 40
            if width(figures, cap) > room:
                aside = [j for j in figures if columns[j] in ASIDE]
                figures = [j for j in figures if j not in aside]
            while cap > 8 and width(figures, cap) > room:
                cap -= 1  # the groups' names give way (with …)
            table.add_column("", key="figure")
            for i, name in enumerate(names):
                label = Text(name)
                label.truncate(cap, overflow="ellipsis")
                table.add_column(label, key=f"g{i}")
            for j in figures:
                table.add_row(labels[j], *(Text(x) for x in texts[j]))
            lines = [
                f"{n} · {labels[j]}: {texts[j][i]}" for i, n in enumerate(names) for j in aside
            ]
        else:
            shown = list(range(len(columns)))
            texts = {
                i: [cell(name, row[i], data["by"], lang) for row in rows]
                for i, name in enumerate(columns)
            }
            if not rows:  # the first column says there is nothing yet
                texts[0] = [t("reports.empty", lang)]
            labels = {i: column_label(name, lang) for i, name in enumerate(columns)}

            def natural(i: int) -> int:
                return max([cell_len(labels[i])] + [cell_len(x) for x in texts[i]])

            if sum(min(natural(i), 40) + 2 * table.cell_padding for i in shown) > room:
                # Too wide: labels on two lines, short ones, and the text figures below.
                table.header_height = 2
                labels = {i: two_lines(column_label(columns[i], lang, short=True)) for i in shown}
                aside = [i for i in shown if columns[i] in ASIDE]
                shown = [i for i in shown if i not in aside]
            widths = {
                i: min(max(cell_len(x) for x in [*labels[i].split("\n"), *texts[i]]), 40)
                for i in shown
            }
            over = sum(w + 2 * table.cell_padding for w in widths.values()) - room
            if over > 0 and rows:  # the groups' names give way (with …)
                widths[0] = max(8, widths[0] - over)
            for i in shown:
                table.add_column(labels[i], key=columns[i], width=widths[i])
            for r in range(len(rows)):
                cells = []
                for i in shown:
                    text = Text(texts[i][r])
                    text.truncate(widths[i], overflow="ellipsis")
                    cells.append(text)
                table.add_row(*cells)
            if not rows:
                table.add_row(*([t("reports.empty", lang)] + [""] * (len(shown) - 1)))
            lines = [
                f"{texts[0][r]} · {column_label(columns[j], lang)}: {texts[j][r]}"
                for r in range(len(rows))
                for j in aside
            ]
        comments = data.get("comments") or []
        self.query_one("#report-extra", Static).update(
            Text(
                "\n".join(
                    lines
                    + [
                        f"#{c['conversation']} {c['agent'] or '-'} {'★' * c['score']} {one_line(c['comment'], 100)}"
                        for c in comments[:10]
                    ]
                )
            )
        )

    _status_explains = False  # the status line holds a floor row's priority explanation

    def set_status(self, text: str, style: str = "") -> None:
        self._status_explains = False
        self.query_one("#status", Label).update(Text(text, style=style))

    # ------------------------------------------------------------ selection

    def selected(self, table_id: str) -> str | None:
        table = self.query_one(f"#{table_id}", DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def selected_conversation(self) -> int | None:
        key = self.selected("work")
        return int(key) if key and key.isdigit() else None

    def selected_agent(self) -> int | None:
        key = self.selected("agents")
        return int(key) if key and key.isdigit() else None

    # ------------------------------------------------------------ actions

    FLOOR_ONLY = frozenset({"monitor", "whisper", "barge", "reassign", "priority", "force_state"})
    REPORTS_ONLY = frozenset({"next_report", "period"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each tab's own keys only, so that the footer fits 80 columns (and a key meant for
        the other tab does nothing unseen)."""
        if not self.ready or action not in self.FLOOR_ONLY | self.REPORTS_ONLY:
            return True
        on_floor = self.query_one(TabbedContent).active == "floor"
        return action in (self.FLOOR_ONLY if on_floor else self.REPORTS_ONLY)

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "reports" if tabs.active == "floor" else "floor"
        if tabs.active == "reports":
            self.load_report()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "work" or event.row_key is None:
            return
        self._explain(event.row_key.value)

    def _explain(self, key: str | None) -> None:
        """A waiting row's priority, term by term, on the status line."""
        waiting = next(
            (w for w in self.session.floor.get("waiting", []) if str(w["id"]) == key), None
        )
        text = explain_priority(waiting, self.lang) if waiting else None
        if text:
            self.set_status(text)
            self._status_explains = True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # the footer shows this tab's keys
        if event.pane.id == "reports":
            # The floor row's priority explanation means nothing over a report.
            if self._status_explains:
                self.set_status("")
            self.load_report()
        else:  # back on the floor: the highlighted row's explanation again
            self._explain(self.selected("work"))

    def action_refresh(self) -> None:
        self.refresh_floor()

    def action_next_report(self) -> None:
        self.report = REPORTS[(REPORTS.index(self.report) + 1) % len(REPORTS)]
        self.load_report()

    def action_period(self) -> None:
        self.period = "week" if self.period == "today" else "today"
        self.load_report()

    def action_monitor(self) -> None:
        conv = self.selected_conversation()
        if conv is None:
            self.set_status(t("pick.conversation", self.lang), "yellow")
            return
        self.open_monitor(conv)

    def action_whisper(self) -> None:
        self.whisper(self.selected_conversation())

    def action_barge(self) -> None:
        self.barge(self.selected_conversation())

    def action_reassign(self) -> None:
        self.reassign(self.selected_conversation())

    def action_priority(self) -> None:
        self.change_priority(self.selected_conversation())

    def action_force_state(self) -> None:
        self.force_state(self.selected_agent())

    @work(exclusive=True, group="act", exit_on_error=False)
    async def reassign(self, conv: int | None) -> None:
        if conv is None or not self._need_conversation(conv):
            return
        lang = self.lang
        options: list[tuple[Any, str]] = [
            (
                ("agent", a["name"]),
                t(
                    "dlg.to_agent",
                    lang,
                    agent=a["name"],
                    state=labels.state_label(a.get("state"), lang),
                ),
            )
            for a in self.session.floor.get("agents", [])
        ]
        options += [
            (("queue", q), t("dlg.to_queue", lang, queue=labels.loan_label(q, lang)))
            for q in LOAN_TYPES
        ]
        choice = await self.ask(ChoiceDialog(t("dlg.reassign", lang, conv=conv), options, lang))
        if not choice:
            return
        kind, target = choice
        fields = {"to_agent": target} if kind == "agent" else {"to_queue": target}
        await self._do(p.Transfer, t("done.reassign", lang, conv=conv), conversation=conv, **fields)

    @work(exclusive=True, group="act", exit_on_error=False)
    async def change_priority(self, conv: int | None) -> None:
        if conv is None or not self._need_conversation(conv):
            return
        lang, session = self.lang, self.session
        current = next(
            (w.get("priority") for w in session.floor.get("waiting", []) if w["id"] == conv),
            None,
        )
        if current is None:
            current = next((c.get("priority") for c in session.listed if c["id"] == conv), 0)
        options = [
            (100, t("dlg.prio.top", lang)),
            (60, t("dlg.prio.high", lang)),
            (20, t("dlg.prio.normal", lang)),
            (0, t("dlg.prio.low", lang)),
        ]
        value = await self.ask(
            ChoiceDialog(t("dlg.priority", lang, conv=conv, now=current), options, lang)
        )
        if value is not None:
            await self._do(
                p.SetPriority,
                t("done.priority", lang, conv=conv, p=value),
                conversation=conv,
                priority=value,
            )

    @work(exclusive=True, group="act", exit_on_error=False)
    async def force_state(self, agent_id: int | None) -> None:
        lang = self.lang
        agent = next((a for a in self.session.floor.get("agents", []) if a["id"] == agent_id), None)
        if agent is None:
            self.notify(t("pick.agent", lang), severity="warning")
            return
        options = [
            (s, labels.state_label(s, lang)) for s in ("available", "break", "wrapup", "offline")
        ]
        state = await self.ask(
            ChoiceDialog(t("dlg.force", lang, agent=agent["name"]), options, lang)
        )
        if state is None:
            return
        reason = await self.ask(TextDialog(t("dlg.reason", lang), lang))
        if not reason:
            return
        await self._do(
            p.ForceState,
            t("done.force", lang, agent=agent["name"], state=labels.state_label(state, lang)),
            agent=agent["name"],
            state=state,
            reason=reason,
        )


_LABELS = {
    "app.quit": "key.quit",
    "switch_tab": "key.tab",
    "monitor": "key.monitor",
    "whisper": "key.whisper",
    "barge": "key.barge",
    "reassign": "key.reassign",
    "priority": "key.priority",
    "force_state": "key.force",
    "refresh": "key.refresh",
    "next_report": "key.report",
    "period": "key.period",
    "back": "key.back",
    "help": "key.help",
}

_KEY_NAMES = {"question_mark": "?", "enter": "enter", "escape": "esc"}


class DeskHelpScreen(ModalScreen[None]):
    """Every key of the desk screen it was opened on (F1 or ?), esc closes it."""

    DEFAULT_CSS = """
    DeskHelpScreen { align: center middle; }
    DeskHelpScreen > VerticalScroll { width: 60; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [("escape,q,question_mark,f1", "close", "")]

    def __init__(self, lang: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.lang = lang
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2), expand=True)
        table.add_column(width=18)
        table.add_column(ratio=1)
        for keys, action in self.keys:
            shown = " / ".join(_KEY_NAMES.get(k, k) for k in keys.split(","))
            table.add_row(Text(shown, style="bold cyan"), Text(t(_LABELS[action], self.lang)))
        self.table = table
        with VerticalScroll() as scroll:
            scroll.border_title = t("help.title", self.lang)
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)


class MonitorScreen(DeskScreen):
    """One conversation, read-only, following it live; whisper and take over from here."""

    def __init__(self, session: DeskSession, conversation: int, data: dict[str, Any]) -> None:
        super().__init__(session)
        self.conversation = conversation
        self.data = data
        for key, action in (("escape", "back"), ("w", "whisper"), ("b", "barge")):
            self.bind_keys(key, action)
        self.bind_keys("f1,question_mark", "help", show=False)

    def compose(self) -> ComposeResult:
        lang, conv = self.lang, self.data["conversation"]
        yield Label(Text(t("monitor.title", lang, conv=self.conversation)), classes="section")
        queue = labels.queue_name(conv.get("channel"), conv.get("loan_type"), conv.get("language"))
        yield Label(
            Text(
                t(
                    "monitor.meta",
                    lang,
                    queue=labels.queue_label(queue, lang),
                    status=t(f"conv.{conv.get('status')}", lang)
                    if conv.get("status") in ("open", "pending", "snoozed", "resolved")
                    else conv.get("status"),
                    agent=conv.get("agent_name") or "-",
                )
            ),
            classes="legend",
        )
        yield DataTable(id="monitor-log", cursor_type="row", show_header=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#monitor-log", DataTable)
        table.add_column("time", key="time")
        table.add_column("who", key="who")
        table.add_column("text", key="text")
        for m in self.data.get("messages", []):
            who = {
                "in": t("who.customer", self.lang),
                "note": t("who.note", self.lang),
            }.get(m["direction"], m.get("author") or "")
            self.add_line(m["ts"], who, m["body"], "cyan" if m["direction"] == "in" else "")
        table.focus()
        self.session.events.subscribe(self, self.follow, immediate=True)

    def add_line(self, ts: int, who: str, body: str, style: str = "") -> None:
        table = self.query_one("#monitor-log", DataTable)
        when = datetime.fromtimestamp(ts / 1000, ZoneInfo(LENDER_TZ)).strftime("%H:%M:%S")
        table.add_row(
            when, Text(one_line(who, 16), style=style), Text(one_line(body, 300), style=style)
        )
        table.move_cursor(row=table.row_count - 1)

    def follow(self, ev: p.Event) -> None:
        if ev.conversation != self.conversation:
            return
        pl = ev.payload
        if ev.kind == Kind.MESSAGE_RECEIVED:
            self.add_line(ev.ts, t("who.customer", self.lang), pl.get("body", ""), "cyan")
        elif ev.kind == Kind.MESSAGE_SENT:
            self.add_line(
                ev.ts, pl.get("agent_name") or ev.actor.split(":")[-1], pl.get("body", "")
            )
        elif ev.kind == Kind.CONVERSATION_WHISPER:
            self.add_line(
                ev.ts,
                f"{t('who.whisper', self.lang)} {pl.get('supervisor', '')}",
                pl.get("body", ""),
                "magenta",
            )
        elif ev.kind == Kind.NOTE_ADDED:
            self.add_line(ev.ts, t("who.note", self.lang), pl.get("body", ""), "yellow")
        elif ev.kind not in labels.CHATTER:
            self.add_line(ev.ts, "·", labels.event_label(ev.kind, self.lang), "dim")

    def action_back(self) -> None:
        self.dismiss()

    def action_whisper(self) -> None:
        self.whisper(self.conversation)

    def action_barge(self) -> None:
        self.barge(self.conversation)


class DeskApp(EscKeysApp):
    CSS = CSS
    TITLE = "loancs"

    def __init__(
        self,
        service: ConsoleService,
        lang: str = "zh",
        *,
        sla_s: int = 30,
        now: Callable[[], int] | None = None,
        ticking: bool = True,
        refresh_s: float = 2.0,
        break_minutes: float = 15.0,
        bot_minutes: float = 5.0,
    ) -> None:
        super().__init__()
        self.lang = lang
        self.session = DeskSession(
            self,
            service,
            lang,
            sla_s=sla_s,
            now=now or _now_ms,
            ticking=ticking,
            refresh_s=refresh_s,
            state=FloorState(
                lang,
                sla_s,
                break_limit_ms=int(break_minutes * 60_000),
                bot_limit_ms=int(bot_minutes * 60_000),
            ),
        )
        self.wallboard = WallboardScreen(self.session)
        self.exit_code = 0

    @property
    def service(self) -> ConsoleService:
        return self.session.service

    @property
    def state(self) -> FloorState:
        return self.session.state

    def on_mount(self) -> None:
        exit_on_stop_signals(self)
        self.title = t("title", self.lang)
        self.push_screen(self.wallboard)
        self.service.on_event = self._event_arrived
        self.service.on_status = self._status_arrived
        self.connect()

    def _event_arrived(self, event: p.Event) -> None:
        self.post_message(ServerEvent(event))

    def _status_arrived(self, state: str, detail: str) -> None:
        self.post_message(LinkStatus(state, detail))

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        session, lang = self.session, self.lang
        session.say(t("conn.connecting", lang))
        try:
            welcome = await self.service.start()
        except ClientError as exc:
            session.say(t("conn.failed", lang, detail=exc.message), "bold red")
            self.exit_code = 1
            return
        session.signed_in, session.role = welcome.name, welcome.role
        if welcome.role not in ("supervisor", "admin"):
            session.say(t("conn.not_supervisor", lang, role=welcome.role), "bold red")
            return
        session.say(t("conn.connected", lang))
        session.link = "connected"
        session.link_changed.publish(None)
        await session.load_floor()
        if session.ticking:
            self.set_interval(session.refresh_s, self.refresh_floor)

    def refresh_floor(self) -> None:
        self._refresh_worker()

    @work(exclusive=True, group="floor", exit_on_error=False)
    async def _refresh_worker(self) -> None:
        await self.session.load_floor()

    def on_server_event(self, message: ServerEvent) -> None:
        """Every event is learnt here, once; screens follow it through the session."""
        state = self.session.state
        before = state.raised
        state.learn(message.event)
        self.session.events.publish(message.event)
        if state.raised != before:  # only a new alert redraws, and only its table
            self.session.alerts_raised.publish(None)

    def on_link_status(self, message: LinkStatus) -> None:
        if message.state in ("connected", "reconnecting", "connecting", "failed", "closed"):
            self.session.link = message.state
            self.session.link_changed.publish(None)
        key = {"reconnecting": "conn.reconnecting", "connected": "conn.connected"}.get(
            message.state
        )
        if key:
            style = "bold red" if message.state == "reconnecting" else ""
            self.session.say(t(key, self.lang), style)
        elif message.state == "connecting" and message.detail:  # timed out: trying again
            self.session.say(t("conn.slow", self.lang, detail=message.detail), "bold yellow")
        elif message.state == "failed":
            self.session.say(t("conn.failed", self.lang, detail=message.detail), "bold red")

    @on(Ask)
    def show_dialog(self, message: Ask) -> None:
        self.push_screen(message.dialog, message.done)

    async def on_unmount(self) -> None:
        await self.service.close()


def new_id() -> str:
    return uuid.uuid4().hex[:12]
