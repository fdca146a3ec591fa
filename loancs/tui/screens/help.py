"""Help (? or F1): every key, generated from the key registry."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from loancs.tui.i18n import t
from loancs.tui.keys import KEYS, display_keys

SCOPES = ("global", "inbox", "conversation", "composer", "calculator", "dialog")


def help_table(lang: str, demo_info: str | None = None, first: str | None = None) -> Table:
    """Every key, scope by scope; ``first``: the screen's own scope (and the reply box's,
    in a conversation), then the keys that work everywhere."""
    table = Table(show_header=False, box=None, padding=(0, 2), expand=True)
    table.add_column(width=22)
    table.add_column(ratio=1)
    order = list(SCOPES)
    if first in order:
        lead = [first, "composer"] if first == "conversation" else [first]
        order = lead + [s for s in order if s not in lead]
    for scope in order:
        table.add_row(Text(t(f"help.scope.{scope}", lang), style="bold underline"), "")
        seen: set[tuple[str, str]] = set()
        for key in KEYS:
            if key.scope != scope or (key.keys, key.label) in seen:
                continue
            seen.add((key.keys, key.label))
            table.add_row(Text(display_keys(key), style="bold cyan"), Text(t(key.label, lang)))
        table.add_row("", "")
    table.add_row("", Text(t("help.mouse", lang), style="dim"))
    if demo_info:
        table.add_row("", Text(t("help.demo", lang) + ":", style="dim"))
        table.add_row("", Text(demo_info, style="bold"))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [("escape,q,question_mark,f1", "close", "")]

    def __init__(self, lang: str, demo_info: str | None = None, first: str | None = None):
        super().__init__()
        self.lang = lang
        self.demo_info = demo_info
        self.first = first  # the scope whose keys come first (the screen it was opened on)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = t("help.title", self.lang)
            yield Static(help_table(self.lang, self.demo_info, self.first))

    def action_close(self) -> None:
        self.dismiss(None)
