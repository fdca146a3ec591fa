"""The transcript: every message with its channel, time and author, notes and system lines
in between. Customer text goes in as ``Text`` (never markup) through ``safe_text``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import events
from textual.widgets import RichLog

from loancs.settings import LENDER_TZ
from loancs.tui.i18n import t, t_opt
from loancs.tui.safe import clean, one_line, safe_text
from loancs.tui.wrap import wrap

_TZ = ZoneInfo(LENDER_TZ)


def clock(ts: int | None, with_date: bool = False) -> str:
    if not ts:
        return "--:--"
    moment = datetime.fromtimestamp(ts / 1000, UTC).astimezone(_TZ)
    return moment.strftime("%m-%d %H:%M" if with_date else "%H:%M:%S")


AGENT_SPEECH = ("坐席：", "坐席:", "Agent:", "agent:")


def is_agent_speech(body: str | None) -> bool:
    """A phone transcript segment spoken by the agent (gateways prefix the speaker)."""
    return bool(body) and str(body).lstrip().startswith(AGENT_SPEECH)


def render_message(msg: dict[str, Any], lang: str, width: int = 0) -> Text:
    direction = msg.get("direction")
    kind = msg.get("kind") or "text"
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(clock(msg.get("ts"), with_date=True), style="dim")
    head.append(" ")
    head.append(t_opt("channel", msg.get("channel"), lang), style="dim")
    head.append(" ")
    if kind == "transcript" and direction == "in" and is_agent_speech(msg.get("body")):
        direction = "out"  # the agent's own words on the call are outgoing, not the customer's
    if direction == "whisper":
        head.append(f"🔒 {t('msg.whisper', lang)} · ", style="bold magenta")
        head.append(one_line(msg.get("author"), 20), style="magenta")
        body_style = "italic magenta"
    elif direction == "note":
        head.append(f"✎ {t('msg.note', lang)} · ", style="bold yellow")
        head.append(one_line(msg.get("author"), 20), style="yellow")
        body_style = "yellow"
    elif direction == "out":
        head.append("→ ", style="bold cyan")
        author = msg.get("author")
        if kind == "transcript" and msg.get("direction") == "in":
            author = t("msg.agent_on_call", lang)
        head.append(one_line(author, 20), style="bold cyan")
        body_style = ""
    else:
        head.append("← ", style="bold green")
        head.append(one_line(msg.get("author"), 24), style="bold green")
        body_style = ""
    if kind == "transcript":
        head.append(f" · {t('msg.transcript', lang)}", style="magenta")
    elif kind not in ("text", "event"):
        head.append(f" · {kind}", style="magenta")
    delivery = msg.get("delivery")
    if direction == "out" and delivery == "failed":
        head.append(
            "  ✗ "
            + t(
                "msg.delivery_failed", lang, reason=one_line(msg.get("delivery_reason") or "?", 60)
            ),
            style="bold red",
        )
    if width > 8:
        # Our own line breaking (no 。，at a line start, numbers whole, indent kept).
        body = Text("\n".join(wrap(clean(msg.get("body") or ""), width, "  ")), style=body_style)
    else:
        body = safe_text(msg.get("body") or "", body_style)
        body.pad_left(2)
    out = Text()
    out.append_text(head)
    out.append("\n")
    out.append_text(body)
    return out


def render_system(ts: int, text: str, style: str = "dim italic") -> Text:
    line = Text(no_wrap=False, overflow="fold")
    line.append(clock(ts, with_date=True), style="dim")
    line.append("  · " + text, style=style)
    return line


class Transcript(RichLog):
    RECENT = 200
    DEFAULT_CSS = """
    Transcript { height: 1fr; border: round $primary-darken-2; padding: 0 1; }
    Transcript:focus { border: round $accent; }
    """

    def __init__(self, lang: str, **kwargs: Any):
        super().__init__(
            wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20, **kwargs
        )
        self.lang = lang
        self.entries: list[tuple[str, Any]] = []  # ("msg", message dict) or ("sys", Text)
        self.hidden = 0  # older entries not drawn yet
        self.by_id: dict[int, dict[str, Any]] = {}
        self._drawn_width = 0

    def on_mount(self) -> None:
        # Anchored (Textual's anchor): at its end, the transcript stays at its end when its
        # height changes (the lines under the reply box laid out after it scrolled hid the
        # newest message: 2 rows at 80x24) or a message comes; scrolled up by the agent (j/k,
        # the mouse, ctrl+l's older messages), it keeps her place until she is back at the end.
        self.anchor()

    @property
    def text_width(self) -> int:
        """Cells a line may use (0 before the first layout)."""
        return max(0, self.scrollable_content_region.width - 1)

    def on_resize(self, event: events.Resize) -> None:
        # Messages reflow when the terminal is resized (RichLog keeps rendered lines).
        if self.text_width and self.text_width != self._drawn_width and self.entries:
            self.redraw()

    def load(self, messages: list[dict[str, Any]]) -> None:
        """The transcript as read. What came live while the read was on its way (a message,
        a system line) stays after it unless the read has it: the read may predate it."""
        live = self.entries
        self.entries = []
        self.by_id = {}
        for msg in messages:
            if msg.get("id") is not None:
                self.by_id[msg["id"]] = msg
            self.entries.append(("msg", msg))
        read = {
            (m.get("direction"), m.get("ts"), m.get("body"))
            for m in messages
            if m.get("id") is None
        }
        for kind, item in live:
            if kind == "msg":
                mid = item.get("id")
                if mid in self.by_id or (
                    mid is None
                    and (item.get("direction"), item.get("ts"), item.get("body")) in read
                ):
                    continue  # the read has it (a whisper has no id: its time and text tell)
                if mid is not None:
                    self.by_id[mid] = item
            self.entries.append((kind, item))
        # Long histories open on the latest messages; ctrl+l draws the rest on demand.
        self.hidden = max(0, len(self.entries) - self.RECENT)
        self.redraw()

    def show_all(self) -> None:
        """ctrl+l: the older messages drawn too, and the view at the oldest (it stayed at the
        end: redraw's scroll to the end, run after the refresh, came after this one)."""
        if self.hidden:
            self.hidden = 0
            self.redraw(to_end=False)
            self.scroll_home(animate=False)  # (releases the anchor: the agent reads back)

    def redraw(self, to_end: bool = True) -> None:
        self._drawn_width = self.text_width
        self.clear()
        if self.hidden:
            self.write(Text(t("msg.earlier", self.lang, n=self.hidden), style="dim italic"))
        for kind, item in self.entries[self.hidden :]:
            self.write(
                render_message(item, self.lang, self.text_width) if kind == "msg" else item,
                scroll_end=False,
            )
        if to_end:
            self.scroll_end(animate=False)

    def add_message(self, msg: dict[str, Any]) -> bool:
        mid = msg.get("id")
        if mid is not None and mid in self.by_id:
            return False  # already shown: a replayed or duplicated event
        if mid is not None:
            self.by_id[mid] = msg
        self.entries.append(("msg", msg))
        self.write(render_message(msg, self.lang, self.text_width))
        return True

    def add_system(self, ts: int, text: str, style: str = "dim italic") -> None:
        line = render_system(ts, text, style)
        self.entries.append(("sys", line))
        self.write(line)

    def mark_delivery(self, message: int, status: str, reason: str | None) -> None:
        msg = self.by_id.get(message)
        if msg is None:
            return
        before = msg.get("delivery")
        msg["delivery"] = status
        msg["delivery_reason"] = reason
        if status == "failed" or before == "failed":
            self.redraw()
