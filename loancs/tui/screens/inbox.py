"""The inbox: my conversations and the queues I may take, most urgent first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from loancs.tui.dialogs.choice import ChoiceDialog
from loancs.tui.i18n import t, t_opt
from loancs.tui.keys import bind_scope
from loancs.tui.state import FILTERS
from loancs.tui.widgets.inbox_table import InboxTable
from loancs.tui.widgets.status_bar import StatusBar

FILTER_VALUES = {
    "channel": ("phone", "chat", "wechat"),
    "loan": ("mortgage", "car", "consumer", "business", "collection", "none"),
    "status": ("active", "open", "pending", "snoozed", "resolved"),
    "urgency": ("any", "urgent", "complaint", "overdue", "deadline", "vip"),
}


def filter_value_label(dim: str, value: str, lang: str) -> str:
    """ "渠道：微信", "Status: snoozed" ..."""
    if dim == "channel":
        shown = t_opt("channel", value, lang)
    elif dim == "loan":
        shown = t_opt("loan", value, lang)
    elif dim == "status":
        shown = t("filter.active", lang) if value == "active" else t_opt("status", value, lang)
    else:
        shown = t(f"filter.urgency.{value}", lang)
    return t(f"filter.{dim}", lang) + shown


ROW_LIMIT = 300  # rows in the table at once; search reaches every conversation


class InboxScreen(Screen):
    DEFAULT_CSS = """
    InboxScreen #search { display: none; height: 3; }
    InboxScreen #search.-active { display: block; }
    InboxScreen #inbox-info { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.view = "all"
        self.filters: dict[str, str] = {}  # channel, loan, status, urgency
        self.query_text = ""
        self.dirty = True
        bind_scope(self, "inbox", lang)

    def compose(self) -> ComposeResult:
        yield StatusBar()
        yield Input(placeholder=t("inbox.search", self.lang), id="search")
        yield Static(id="inbox-info")
        yield InboxTable(self.lang, id="inbox")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.table.focus()
        self.redraw()
        self.set_interval(0.25, self._maybe_redraw)
        if self.app.ticking:
            self.set_interval(5.0, self.mark_dirty)  # waiting times move on

    @property
    def table(self) -> InboxTable:
        return self.query_one(InboxTable)

    def mark_dirty(self) -> None:
        self.dirty = True

    def _maybe_redraw(self) -> None:
        if self.dirty and self.is_current:
            self.redraw()

    def redraw(self) -> None:
        self.dirty = False
        model = self.app.model
        rows, total = model.inbox(self.view, self.query_text, ROW_LIMIT, self.filters)
        self.table.show(rows, self.app.now(), model.me)
        label = self.filter_label()
        if not model.loaded:
            info = Text(t("inbox.loading", self.lang))
        else:
            info = Text(t("inbox.count", self.lang, filter=label, shown=len(rows), total=total))
            if total > len(rows):
                info.append(t("inbox.more", self.lang, limit=ROW_LIMIT), style="dim")
            if self.query_text:
                info.append(f"  / {self.query_text}", style="bold")
            if any((r.get("urgency") or "normal") != "normal" for r in rows):
                info.append("   " + t("inbox.legend", self.lang), style="dim")
        self.query_one("#inbox-info", Static).update(info)

    # ------------------------------------------------------------------ actions
    def on_screen_resume(self) -> None:
        self.redraw()
        self.table.focus()

    def on_data_table_row_selected(self, event: InboxTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        cid = self.table.selected_id()
        if cid is not None:
            self.app.open_conversation(cid)

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-active")
        search.focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.remove_class("-active")
        self.query_text = ""
        self.table.focus()
        self.redraw()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.query_text = event.value.strip()
            self.redraw()
            if self.query_text and self.app.model.truncated:
                self.app.search_server(self.query_text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()
            if not event.value.strip():
                event.input.remove_class("-active")
                return
            self.redraw()
            if self.table.shown:  # one Enter opens the (first) result
                self.table.move_cursor(row=0, animate=False)
                self.action_open()

    def filter_label(self) -> str:
        lang = self.lang
        parts = [t(f"inbox.filter.{self.view}", lang)]
        for dim, value in self.filters.items():
            parts.append(filter_value_label(dim, value, lang))
        return " · ".join(parts)

    def action_cycle_filter(self) -> None:
        """f: one dialog for every filter (owner, channel, loan type, status, urgency)."""
        lang = self.lang
        options: list[tuple[tuple[str, str], str]] = [(("clear", ""), t("filter.clear", lang))]
        for view in FILTERS:
            options.append(
                (("view", view), t("filter.owner", lang) + t(f"inbox.filter.{view}", lang))
            )
        for dim, values in FILTER_VALUES.items():
            for value in values:
                options.append(((dim, value), filter_value_label(dim, value, lang)))

        def done(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            dim, value = choice
            if dim == "clear":
                self.view, self.filters = "all", {}
            elif dim == "view":
                self.view = value
            elif value in ("", "any", "active"):
                self.filters.pop(dim, None)
            else:
                self.filters[dim] = value
            if self.filters.get("status") == "resolved":
                self.app.load_resolved()
            self.redraw()

        self.app.push_screen(ChoiceDialog(t("dlg.filter", lang), options, lang), done)

    def action_accept(self) -> None:
        cid = self._target()
        if cid is not None:
            self.app.accept(cid)

    def action_decline(self) -> None:
        offers = self.app.model.offers
        selected = self.table.selected_id()
        cid = selected if selected in offers else next(iter(offers), None) or selected
        if cid is not None:
            self.app.decline(cid)

    def action_calculator(self) -> None:
        self.app.open_calculator(None)

    def select_conversation(self, cid: int) -> None:
        self.redraw()
        if cid in self.table.shown:
            self.table.move_cursor(row=self.table.shown.index(cid), animate=False)

    def _target(self) -> int | None:
        """The selected row when it can be taken (offered to me, or waiting in a queue),
        else the first offer."""
        model = self.app.model
        selected = self.table.selected_id()
        row = model.conversations.get(selected) if selected is not None else None
        if selected in model.offers or (row is not None and row.get("assigned_agent") is None):
            return selected
        return next(iter(model.offers), selected)
