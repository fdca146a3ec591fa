"""Small modal dialogs: pick one option, or type a short text. Each dismisses with the
result (None when cancelled with esc)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from loancs.tui.i18n import t
from loancs.tui.keys import bind_scope

DIALOG_CSS = """
ChoiceDialog, TextDialog { align: center middle; }
ChoiceDialog > Vertical, TextDialog > Vertical {
    width: 70; height: auto; max-height: 80%; border: thick $accent; background: $surface;
    padding: 0 1;
}
ChoiceDialog OptionList { height: auto; max-height: 20; border: none; }
.dialog-title { text-style: bold; padding: 0 0 1 0; }
.dialog-hint { color: $text-muted; }
"""


class ChoiceDialog(ModalScreen[Any]):
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, options: list[tuple[Any, str]], lang: str):
        super().__init__()
        self.title_text = title
        self.options = options
        self.lang = lang
        bind_scope(self, "dialog", lang)
        for i in range(min(9, len(options))):  # digits pick an option directly
            self._bindings.bind(str(i + 1), f"pick({i})", show=False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(
                *[
                    Option(Text(f"{i + 1}  " if i < 9 else "   ").append(Text(label)), id=str(i))
                    for i, (_, label) in enumerate(self.options)
                ]
            )
            yield Label(t("dlg.cancel", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[int(event.option.id or 0)][0])

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(self.options[options.highlighted][0])

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.options):
            self.dismiss(self.options[index][0])

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, lang: str, placeholder: str = "", value: str = ""):
        super().__init__()
        self.title_text = title
        self.lang = lang
        self.placeholder = placeholder
        self.value = value
        self._bindings.bind("escape", "cancel", show=False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder)
            yield Label(t("dlg.cancel", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or enter says yes, n or esc says no."""

    DEFAULT_CSS = DIALOG_CSS.replace("ChoiceDialog, TextDialog", "ConfirmDialog").replace(
        "ChoiceDialog > Vertical, TextDialog > Vertical", "ConfirmDialog > Vertical"
    )
    BINDINGS = [
        ("y,enter", "answer(True)", ""),
        ("n,escape", "answer(False)", ""),
    ]

    def __init__(self, title: str, body: Text | str, lang: str):
        super().__init__()
        self.title_text = title
        self.body = body if isinstance(body, Text) else Text(body)
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Label(self.body)
            yield Label(t("dlg.confirm_hint", self.lang), classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
