"""The inbox table. Rows are keyed by conversation id and updated by diffing: unchanged
rows are left alone, changed cells are updated in place, and only a change of order
rebuilds the (limited) set of rows, so thousands of conversations stay fast."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rich.text import Text
from textual.events import Resize
from textual.widgets import DataTable

from loancs.tui.i18n import t, t_opt
from loancs.tui.safe import one_line
from loancs.tui.state import format_wait, sla_level, waiting_ms
from loancs.tui.widgets.transcript import clock

COLUMNS = ("channel", "id", "customer", "loan", "last", "waiting", "unread", "owner")
WIDTHS = {
    "channel": 7,
    "id": 5,
    "customer": 14,
    "loan": 8,
    "last": 44,
    "waiting": 7,
    "unread": 4,
    "owner": 10,
}
# At 80 columns every column but the message excerpt keeps a usable width.
NARROW = {
    "channel": 6,
    "id": 4,
    "customer": 11,
    "loan": 6,
    "waiting": 7,
    "unread": 3,
    "owner": 6,
}
# English labels are wider than Chinese ones ("☎ phone", "mortgage" against "☎ 电话", "房贷"):
# at 80 columns they once showed cut ("☎ phon", "mortga"); the excerpt gives up three cells.
NARROW_EN = {**NARROW, "channel": 7, "loan": 8}
SLA_STYLE = {"ok": "green", "near": "bold yellow", "breached": "bold white on red", "none": "dim"}
CHANNEL_STYLE = {"phone": "bold magenta", "chat": "bold blue", "wechat": "bold green"}


URGENCY_MARK = {
    "complaint": ("!", "bold red"),
    "overdue": ("¥", "bold magenta"),
    "deadline": ("»", "bold yellow"),
    "vip": ("★", "bold cyan"),
}


def waiting_cell(row: dict[str, Any], now: int, lang: str) -> Text:
    """How long the customer has waited; a call-back's due time; a snooze's end."""
    if row.get("callback_due") and row.get("status") != "resolved":
        return Text("☎" + clock(row["callback_due"])[:5], style="bold magenta", justify="right")
    if row.get("status") == "snoozed" and row.get("snoozed_until"):
        until = t("inbox.until", lang, time=clock(row["snoozed_until"])[:5])
        return Text(until, style="dim", justify="right")
    return Text(
        format_wait(waiting_ms(row, now)), style=SLA_STYLE[sla_level(row, now)], justify="right"
    )


def cells(
    row: dict[str, Any], now: int, lang: str, me: int | None, offered: bool = False
) -> tuple[Text, ...]:
    unread = int(row.get("unread") or 0)
    if offered and row.get("assigned_agent") is None:  # told apart from the queue's others
        owner = Text(t("inbox.offered", lang), style="bold reverse yellow")
    elif row.get("assigned_agent") is None:
        owner = Text(t("inbox.queue", lang), style="yellow")
    elif row.get("assigned_agent") == me:
        owner = Text(t("inbox.filter.mine", lang), style="bold")
    else:
        owner = Text(one_line(row.get("agent_name") or "?", 10))
    urgency = row.get("urgency") or "normal"
    customer = Text(one_line(row.get("customer_display") or "?", 14))
    if urgency in URGENCY_MARK:
        mark, style = URGENCY_MARK[urgency]
        customer.append(" " + mark, style=style)
    status = row.get("status")
    last = Text(
        one_line(row.get("last_excerpt") or "", 60), style="" if status == "open" else "dim"
    )
    channel_style = CHANNEL_STYLE.get(row.get("channel") or "", "")
    if row.get("call_state") in ("started", "answered"):
        channel_style = "bold reverse magenta"  # a caller is on the line right now
    return (
        Text(t_opt("channel", row.get("channel"), lang), style=channel_style),
        Text(str(row["id"]), style="dim"),
        customer,
        Text(t_opt("loan", row.get("loan_type"), lang)),
        last,
        waiting_cell(row, now, lang),
        Text(
            str(unread) if unread else "", style="bold reverse" if unread else "", justify="right"
        ),
        owner,
    )


class InboxTable(DataTable):
    DEFAULT_CSS = """
    InboxTable { height: 1fr; }
    """

    def __init__(self, lang: str, **kwargs: Any):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.lang = lang
        self.shown: list[int] = []
        self.cache: dict[int, tuple[str, ...]] = {}
        self.id_cells = 0  # the longest conversation number shown: its column never cuts one

    def on_mount(self) -> None:
        for col in COLUMNS:
            self.add_column(t(f"inbox.col.{col}", self.lang), key=col, width=WIDTHS[col])
        self.fit_columns()

    def on_resize(self, event: Resize) -> None:
        self.fit_columns()
        # DataTable's own handler throws every rendered cell away on any resize; a cell here
        # depends on its column's width only, which fit_columns sets (clearing the caches when
        # it changes). A height's change (the footer taking a second row, the info line
        # filled: two or three a start) keeps them.
        event.prevent_default()

    def fit_columns(self) -> None:
        """Wait, unread and owner always fit; the excerpt takes what is left (and grows on
        a wide terminal). Before the table is laid out it takes the terminal's width (it
        spans the inbox), so its first render is not thrown away for a second one."""
        width = self.size.width or self.app.size.width or 120
        widths = dict(WIDTHS if width >= 110 else NARROW_EN if self.lang == "en" else NARROW)
        # A year's conversations have six-digit numbers: cut to the column they read as
        # another conversation's (#212868 showed as 2128 at 80 columns); the excerpt gives way.
        widths["id"] = max(widths["id"], self.id_cells)
        fixed = sum(v for k, v in widths.items() if k != "last")
        padding = 2 * len(COLUMNS) + 2  # cell padding and the scrollbar
        widths["last"] = max(8, width - fixed - padding)
        changed = False
        for key, column in self.columns.items():
            want = widths[str(key.value)]
            if column.width != want:
                column.width = want
                changed = True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    def show(
        self,
        rows: list[dict[str, Any]],
        now: int,
        me: int | None,
        offers: Collection[int] = (),
    ) -> None:
        """Make the table show ``rows`` in this order, touching as little as possible;
        the conversations in ``offers`` (offered to me) are marked in the owner column."""
        new_ids = [r["id"] for r in rows]
        longest = max((len(str(cid)) for cid in new_ids), default=0)
        if longest > self.id_cells:
            self.id_cells = longest
            if self.columns:
                self.fit_columns()
        rendered = {r["id"]: cells(r, now, self.lang, me, r["id"] in offers) for r in rows}
        plain = {
            cid: tuple(c.plain + "\0" + str(c.style) for c in cs) for cid, cs in rendered.items()
        }
        selected = self.selected_id()
        kept = len(self.shown)
        if kept and new_ids[:kept] == self.shown:
            # The same rows, or the same rows and more after them (the next page): update
            # what changed and add the rest, so the view and the cursor stay where the agent
            # left them (a rebuild would throw a wheel-scrolled view back to the top).
            for cid in self.shown:
                old = self.cache.get(cid)
                if old == plain[cid]:
                    continue
                for col, value in enumerate(rendered[cid]):
                    if old is None or old[col] != plain[cid][col]:
                        self.update_cell(str(cid), COLUMNS[col], value)
            for cid in new_ids[kept:]:
                self.add_row(*rendered[cid], key=str(cid))
            self.shown = new_ids
        else:
            self.clear()
            for cid in new_ids:
                self.add_row(*rendered[cid], key=str(cid))
            self.shown = new_ids
            if selected in new_ids:
                self.move_cursor(row=new_ids.index(selected), animate=False)
        self.cache = plain

    def selected_id(self) -> int | None:
        if (
            not self.shown
            or self.cursor_row is None
            or not (0 <= self.cursor_row < len(self.shown))
        ):
            return None
        return self.shown[self.cursor_row]
