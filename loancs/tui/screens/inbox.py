"""The inbox: my conversations and the queues I may take, most urgent first."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Input, Static

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.tui import flows
from loancs.tui.dialogs.choice import ChoiceDialog, TextDialog
from loancs.tui.i18n import t, t_opt
from loancs.tui.keys import bind_scope
from loancs.tui.messages import Accepted, OpenConversation
from loancs.tui.screens.base import ConsoleScreen
from loancs.tui.screens.calculator import CalculatorScreen
from loancs.tui.session import ROWS, WAITING, Session
from loancs.tui.state import FILTERS, format_wait
from loancs.tui.widgets.inbox_table import InboxTable
from loancs.tui.widgets.key_footer import KeyFooter
from loancs.tui.widgets.status_bar import StatusBar

# A page asked for by scrolling to the bottom that failed is asked again this many times, after
# 2, 4, 6 seconds (the error is shown each time).
MORE_RETRIES = 3
MORE_RETRY_SECONDS = 2.0
# Pages in a row whose rows the view hides (a filter) asked for on their own before the agent
# has to scroll again: a filter that matches nothing does not walk the whole inbox.
MORE_HIDDEN_PAGES = 10

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


# Rows in the table at once. The inbox grows a page at a time as the agent goes past its end
# (session.INBOX_PAGE), so this caps only what a search or the resolved filter brings.
ROW_LIMIT = 2000


class InboxScreen(ConsoleScreen[None]):
    """The conversation list. It reads the session's model, redraws when the rows change,
    and runs its own searches on the server; opening and accepting are messages to the
    app. The app points it at a conversation by setting ``selected``."""

    DEFAULT_CSS = """
    InboxScreen #search { display: none; height: 3; }
    InboxScreen #search.-active { display: block; }
    InboxScreen #inbox-info { height: 1; padding: 0 1; color: $text-muted; }
    """

    selected: reactive[int | None] = reactive(None, init=False, always_update=True)

    def __init__(self, session: Session, lang: str):
        super().__init__(session, lang)
        self.view = "all"
        self.filters: dict[str, str] = {}  # channel, loan, status, urgency
        self.query_text = ""
        self.dirty = True
        self.loading_more = False
        # The list reached its bottom by scrolling while a page was loading: asked again when
        # that load ends, if the view is still at the bottom.
        self.scrolled_while_loading = False
        self.failed_loads = 0  # in a row: a page that failed is asked again, a few times
        self.hidden_pages = 0  # pages in a row that brought no row the view shows
        bind_scope(self, "inbox", lang)

    def compose(self) -> ComposeResult:
        yield StatusBar(self.session, self.lang)
        yield Input(placeholder=t("inbox.search", self.lang), id="search")
        yield Static(id="inbox-info")
        yield InboxTable(self.lang, id="inbox")
        yield KeyFooter("inbox")

    def on_mount(self) -> None:
        self.set_focus(self.table)  # at once: its first render is in the focused style
        self.redraw()
        self.set_interval(0.25, self._maybe_redraw)
        if self.session.ticking:
            self.set_interval(5.0, self.mark_dirty)  # waiting times move on
        self.session.changed.subscribe(self, self._changed, immediate=True)
        self.watch(self.table, "scroll_y", self._scrolled, init=False)

    def _changed(self, what: str) -> None:
        if what in (ROWS, WAITING):
            self.mark_dirty()

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
        model = self.session.model
        rows, total = model.inbox(self.view, self.query_text, ROW_LIMIT, self.filters)
        self.table.show(rows, self.session.now(), model.me, model.offers)
        label = self.filter_label()
        if not model.loaded:
            info = Text(t("inbox.loading", self.lang))
        else:
            info = Text(t("inbox.count", self.lang, filter=label, shown=len(rows), total=total))
            if total > len(rows):
                info.append(t("inbox.more", self.lang, limit=ROW_LIMIT), style="dim")
            elif model.truncated and not self.query_text:
                info.append(t("inbox.paged", self.lang), style="dim")
            if self.query_text:
                info.append(f"  / {self.query_text}", style="bold")
            legend = (
                "   " + t("inbox.legend", self.lang)
                if any((r.get("urgency") or "normal") != "normal" for r in rows)
                else ""
            )
            width = max(0, self.size.width - 2)  # the line's padding: one cell each side
            # The queues come before the legend: in 80 columns the legend gives way.
            info.append(self.waiting_text(width - info.cell_len if width else None))
            if legend and (not width or info.cell_len + cell_len(legend) <= width):
                info.append(legend, style="dim")
        self.query_one("#inbox-info", Static).update(info)

    def waiting_text(self, room: int | None = None) -> Text:
        """ "排队（最久）：房贷 3 个（2m05s） · 车贷 0": my queues' waiting work (protocol 2).
        In ``room`` cells (an 80-column terminal): the busiest queues that fit whole, then
        "+N" for the queues left out, never a queue cut in half."""
        lang = self.lang
        queues = self.session.model.waiting_summary(self.session.now())
        if not queues:
            return Text()
        parts = []
        for name, n, wait in queues:
            label = t_opt("loan", name, lang)
            key = "inbox.waiting.queue" if n else "inbox.waiting.none"
            parts.append(t(key, lang, queue=label, n=n, wait=format_wait(wait)))
        return Text(fit_waiting(t("inbox.waiting", lang), parts, room), style="bold")

    def watch_selected(self, cid: int | None) -> None:
        """Put the cursor on this conversation (the app sets it after an accept)."""
        if cid is None:
            return
        self.redraw()
        if cid in self.table.shown:
            self.table.move_cursor(row=self.table.shown.index(cid), animate=False)

    # ------------------------------------------------------------------ actions
    def on_screen_resume(self) -> None:
        self.redraw()
        self.table.focus()

    def on_data_table_row_selected(self, event: InboxTable.RowSelected) -> None:
        event.stop()
        self.open_selected()

    def _typing(self) -> None:
        """A priority key (enter, j, k) typed in the search box is the box's."""
        if isinstance(self.focused, Input):
            raise SkipAction()

    def action_open(self) -> None:
        """Enter: open the selected conversation now, in key order (a priority key): a key
        typed right after it goes to the conversation, not to the inbox still on top."""
        self._typing()
        self.open_selected()

    def open_selected(self) -> None:
        cid = self.table.selected_id()
        if cid is None:
            return
        open_now = getattr(self.app, "open_conversation", None)
        if open_now is not None:
            open_now(cid)
        else:
            self.post_message(OpenConversation(cid))

    def action_cursor_down(self) -> None:
        self._typing()
        self.table.action_cursor_down()
        self._near_the_end()

    def on_data_table_row_highlighted(self, event: InboxTable.RowHighlighted) -> None:
        self._near_the_end()

    def _scrolled(self, y: float) -> None:
        """Scrolled to the bottom (the mouse wheel, the scroll bar): the next page too."""
        if self.table.shown and y >= self.table.max_scroll_y:
            self._near_the_end(scrolled=True)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """The wheel turned down where the table could not scroll (it lets the turn bubble up
        here): at the bottom, with no change of scroll_y to tell it. The agent wants the next
        page: after one that failed or held only rows a filter hides, the turn asks again."""
        table = self.table
        if event.widget is table and table.shown and table.scroll_y >= table.max_scroll_y:
            self._near_the_end(scrolled=True)

    def _near_the_end(self, scrolled: bool = False) -> None:
        """On the last row shown (arrow, j, page down, end): the inbox's next page."""
        table = self.table
        if scrolled and self.loading_more:
            # The bottom is seen only as a change of scroll_y: one that falls while a page is
            # loading is remembered, not lost.
            self.scrolled_while_loading = True
            return
        if (
            self.session.model.truncated
            and not self.query_text
            and table.shown
            and (scrolled or table.cursor_row >= len(table.shown) - 1)
            and not self.loading_more
        ):
            self.loading_more = True
            self.load_more(scrolled)

    @work(group="more", exit_on_error=False)
    async def load_more(self, scrolled: bool = False) -> None:
        failed = False
        before = len(self.table.shown)
        try:
            await self.session.load_inbox()
        except ClientError as exc:
            failed = True
            self.notify(t("err.generic", self.lang, code=exc.code, message=exc.message))
        finally:
            self.loading_more = False
        self.redraw()
        again = scrolled or self.scrolled_while_loading
        self.scrolled_while_loading = False
        if not again:
            return
        # A load that ends with the view still at the bottom asks again: the page failed (a
        # timeout on a busy server, a dropped link), or every row it brought is one the view
        # hides (a filter). The agent who scrolled to the end is not left to wiggle the wheel.
        self.failed_loads = self.failed_loads + 1 if failed else 0
        self.hidden_pages = 0 if failed or len(self.table.shown) > before else self.hidden_pages + 1
        if not failed and self.hidden_pages <= MORE_HIDDEN_PAGES:
            self.call_after_refresh(self._still_at_the_bottom)
        elif failed and self.failed_loads <= MORE_RETRIES:
            self.set_timer(MORE_RETRY_SECONDS * self.failed_loads, self._still_at_the_bottom)

    def _still_at_the_bottom(self) -> None:
        """After a failed or hidden page: ask again if the view is still at the bottom, or a
        line above it (the table lost a line of height since: the info line above wrapping
        as the queues' counts came), not if the agent scrolled away."""
        table = self.table
        if table.shown and table.scroll_y >= table.max_scroll_y - 1:
            self._near_the_end(scrolled=True)

    def action_cursor_up(self) -> None:
        self._typing()
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
            if self.query_text and self.session.model.truncated:
                self.search_server(self.query_text)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search_server(self, query: str) -> None:
        """The first list was capped: ask the server for matches among all conversations."""
        await asyncio.sleep(0.3)  # typing pauses before we ask
        ask = self.session.service.call(
            p.ListConversations, status=["open", "pending", "snoozed"], limit=500, query=query
        )
        try:
            await self.session.load_rows(ask)  # (a row an event changed meanwhile: read again)
        except ClientError:
            return

    @work(exclusive=True, group="resolved", exit_on_error=False)
    async def load_resolved(self) -> None:
        """The first list holds active work only: fetch recent resolved ones on demand."""
        await self.session.load_rows(
            self.request(p.ListConversations, status=["resolved"], limit=500)
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()
            if not event.value.strip():
                event.input.remove_class("-active")
                return
            self.redraw()
            if self.table.shown:  # one Enter opens the (first) result
                self.table.move_cursor(row=0, animate=False)
                self.open_selected()  # (the focus moves to the table on the next turn)

    def filter_label(self) -> str:
        lang = self.lang
        parts = [t(f"inbox.filter.{self.view}", lang)]
        for dim, value in self.filters.items():
            parts.append(filter_value_label(dim, value, lang))
        return " · ".join(parts)

    def action_cycle_filter(self) -> None:
        """f: one dialog for every filter (owner, channel, loan type, status, urgency)."""
        lang = self.lang
        options: list[tuple[Any, str]] = [(("clear", ""), t("filter.clear", lang))]
        for view in FILTERS:
            options.append(
                (("view", view), t("filter.owner", lang) + t(f"inbox.filter.{view}", lang))
            )
        for dim, values in FILTER_VALUES.items():
            for value in values:
                options.append(((dim, value), filter_value_label(dim, value, lang)))
        self.show(ChoiceDialog(t("dlg.filter", lang), options, lang), self.filter_chosen)

    def filter_chosen(self, choice: tuple[str, str] | None) -> None:
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
            self.load_resolved()
        self.redraw()

    def action_accept(self) -> None:
        cid = self._target()
        if cid is not None:
            self.accept(cid)

    @work(group="action", exit_on_error=False)
    async def accept(self, cid: int) -> None:
        if await flows.accept(self, cid):
            self.post_message(Accepted(cid))

    def action_decline(self) -> None:
        offers = self.session.model.offers
        selected = self.table.selected_id()
        cid = selected if selected in offers else next(iter(offers), None) or selected
        if cid is not None:
            self.decline(cid)

    @work(group="action", exit_on_error=False)
    async def decline(self, cid: int) -> None:
        reason = await self.ask(TextDialog(t("dlg.decline_reason", self.lang), self.lang))
        if reason is None:
            return
        if await self.request(p.Decline, conversation=cid, reason=reason or None) is not None:
            self.session.model.offers.pop(cid, None)
            self.notify(t("conv.declined", self.lang, id=cid))
            self.session.status_changed()

    def action_calculator(self) -> None:
        self.show(CalculatorScreen(self.session, self.lang, for_reply=False))

    def _target(self) -> int | None:
        """The selected row when it is offered to me; else, as the offers banner says, the
        first offer; with none, the selected row when it waits in a queue (a pick). Once a
        row merely waiting under the cursor (the first row, by default) was taken instead,
        and her offers expired as missed."""
        model = self.session.model
        selected = self.table.selected_id()
        if selected in model.offers or not model.offers:
            return selected
        return next(iter(model.offers))


def fit_waiting(head: str, parts: list[str], room: int | None) -> str:
    """The waiting line in ``room`` cells: the first (busiest) queues that fit whole, then
    "+N" for the queues left out; never a queue cut in half or a dangling separator."""
    full = head + " · ".join(parts)
    if room is None or cell_len(full) <= room:
        return full
    shown: list[str] = []
    for i, part in enumerate(parts):
        rest = len(parts) - i - 1
        more = f" · +{rest}" if rest else ""
        if cell_len(head + " · ".join([*shown, part]) + more) > room:
            break
        shown.append(part)
    left = len(parts) - len(shown)
    if not shown:
        alone = f"{head}+{left}"
        return alone if cell_len(alone) <= room else ""
    return head + " · ".join(shown) + (f" · +{left}" if left else "")
