"""The reply box. Compliance hits are underlined in the text itself as the agent types
(exactly ``text[start:end]`` of each hit), and the panel under it says which rule, why,
and what to write instead. Enter sends, ctrl+j starts a new line.

Every key that changes the text is handled here, in the order the keys arrived. Textual
runs a TextArea's own bindings (backspace, ctrl+u, arrows ...) only after the key has
bubbled up to the app, one message queue per ancestor, while printable keys are inserted
at once; typed at speed, ``alpha`` + 5 backspaces + ``beta`` + Enter then sent
``alphabeta`` and left ``alph`` in the box. Enter hands the text over synchronously (the
``take`` callback) and the box is emptied in the same step, so what is sent is exactly
what the box showed and nothing typed after Enter can leak into it."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static, TextArea

from loancs.core.pii import mask_text
from loancs.tui.i18n import t
from loancs.tui.safe import one_line

HIT_STYLE = {
    "block": Style(color="white", bgcolor="red", underline=True, bold=True),
    "warn": Style(color="black", bgcolor="yellow", underline=True),
    "info": Style(underline=True, color="cyan"),
}
SEVERITY_STYLE = {"block": "bold white on red", "warn": "bold black on yellow", "info": "bold cyan"}


def spans_by_line(text: str, hits: list[Any]) -> dict[int, list[tuple[int, int, str]]]:
    """Turn hits' offsets into the original text into (row, start col, end col) spans."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    out: dict[int, list[tuple[int, int, str]]] = {}
    for hit in hits:
        start, end = max(0, hit.start), min(len(text), hit.end)
        pos = start
        while pos < end:
            row = bisect_right(starts, pos) - 1
            line_end = starts[row + 1] - 1 if row + 1 < len(starts) else len(text)
            stop = min(end, line_end)
            if stop > pos:
                out.setdefault(row, []).append(
                    (pos - starts[row], stop - starts[row], hit.severity)
                )
            pos = line_end + 1
    return out


class Composer(TextArea):
    """A TextArea that underlines compliance hits in place."""

    DEFAULT_CSS = """
    Composer { height: 6; border: round $primary; }
    Composer.-note { border: round $warning; }
    Composer:focus { border: round $accent; }
    Composer.-note:focus { border: round $warning-lighten-1; }
    """

    class Submitted(Message):
        """Enter was pressed and the text was taken (the box is already empty)."""

        def __init__(self, composer: Composer, text: str) -> None:
            super().__init__()
            self.composer = composer
            self.text = text

    def __init__(self, take: Callable[[str], bool] | None = None, **kwargs: Any):
        super().__init__(soft_wrap=True, tab_behavior="focus", show_line_numbers=False, **kwargs)
        self.take = take  # called on Enter with the exact text; True: it was taken
        self.hits: list[Any] = []
        self._spans: dict[int, list[tuple[int, int, str]]] = {}
        self.highlighted_at = 0.0  # perf_counter of the last highlight (for the benchmark)

    def set_hits(self, hits: list[Any]) -> None:
        self.hits = list(hits)
        self._spans = spans_by_line(self.text, self.hits) if hits else {}
        self._line_cache.clear()
        self.refresh()
        self.highlighted_at = time.perf_counter()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        for start, end, severity in self._spans.get(line_index, ()):
            line.stylize(HIT_STYLE.get(severity, HIT_STYLE["info"]), start, end)
        return line

    def submit(self) -> bool:
        """Hand the text over exactly as shown; empty the box if it was taken."""
        text = self.text
        taken = self.take(text) if self.take is not None else True
        if taken:
            self.load_text("")
            self.post_message(self.Submitted(self, text))
        return taken

    async def _on_key(self, event: events.Key) -> None:
        key = event.key
        if key == "enter":
            event.stop()
            event.prevent_default()
            self.submit()
            return
        if key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        bindings = self._bindings.key_to_bindings.get(key)
        if bindings and not self.read_only:
            # Run the editing binding now, in key order (see the module docstring).
            event.stop()
            event.prevent_default()
            self._restart_blink()
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)


REWRITE_PREFIXES = ("改为：", "改用掩码：", "Say instead:", "Use the masked form:")
APPEND_PREFIXES = ("同时展示年化利率：", "Also state the APR:")


def suggested_fix(hit: Any, lang: str) -> tuple[str, str] | None:
    """What the fix key does with a hit: ("replace", text) or ("append", text), or None
    when the suggestion is advice rather than words to use."""
    if getattr(hit, "category", "") == "pii":
        # the checker's own masked form of what it blocked (its concept: kind, masked):
        # a number read by the words around it (an account beside its bank's name or 账户)
        # is a bare number in the hit's span, and mask_text would give it back unmasked
        masked = next((value for _kind, value in getattr(hit, "concepts", ())), "")
        return "replace", masked or mask_text(hit.match)
    suggestion = (getattr(hit, "suggestion", None) or "").strip()
    for prefix in REWRITE_PREFIXES:
        if suggestion.startswith(prefix):
            rest = suggestion[len(prefix) :].strip()
            if rest and "例如" not in rest and "e.g." not in rest:
                return "replace", rest
    for prefix in APPEND_PREFIXES:
        if suggestion.startswith(prefix):
            rest = suggestion[len(prefix) :].strip().rstrip("。.")
            return "append", f"（{rest}）" if lang == "zh" else f" ({rest})"
    return None


class HitPanel(VerticalScroll):
    """Every hit in the reply being typed: what, why (wrapped, never cut) and the fix.
    Scrolls when there are many (focus it with h, or tab); rule ids only with details on."""

    DEFAULT_CSS = """
    HitPanel { height: auto; max-height: 8; padding: 0 1; }
    HitPanel:focus { background: $boost; }
    HitPanel > Static { width: 1fr; }
    """
    can_focus = True

    def __init__(self, lang: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.lang = lang
        self.hits: list[Any] = []
        self.extra: Text | None = None
        self.details = False

    def compose(self):
        yield Static(self.render_hits(), id="hits-body")

    def show_hits(self, hits: list[Any], extra: Text | None = None) -> None:
        self.hits = list(hits)
        self.extra = extra
        if self.is_mounted:
            self.query_one("#hits-body", Static).update(self.render_hits())

    def toggle_details(self) -> None:
        self.details = not self.details
        self.show_hits(self.hits, self.extra)

    def render_hits(self) -> Text:
        lang = self.lang
        out = Text()
        if self.extra is not None:
            out.append_text(self.extra)
            out.append("\n")
        if not self.hits:
            out.append("✓ " + t("hit.none", lang), style="dim green")
            return out
        order = {"block": 0, "warn": 1, "info": 2}
        hits = sorted(self.hits, key=lambda h: order.get(h.severity, 3))
        for i, hit in enumerate(hits):
            sev = hit.severity if hit.severity in SEVERITY_STYLE else "info"
            if i:
                out.append("\n")
            out.append(f" {t(f'hit.{sev}', lang)} ", style=SEVERITY_STYLE[sev])
            out.append(" ")
            out.append("「" + one_line(hit.match, 40) + "」", style="bold red underline")
            out.append(" " + str(hit.message or ""))
            if self.details:
                out.append(f"  [{hit.rule}]", style="dim")
            if getattr(hit, "suggestion", None):
                out.append(f"\n   {t('hit.fix', lang)}: ", style="dim")
                out.append(str(hit.suggestion), style="italic")
        keys = t("hit.keys", lang)
        out.append("\n" + keys, style="dim")
        return out
