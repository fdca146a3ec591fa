"""The console's footer, fitted to the terminal's width.

Textual's footer is one row that cuts whatever does not fit: at 80 columns the inbox lost
`f10 Offers` and `f12`, and a conversation lost everything after `f6` (resolve, reply,
the customer pane). This one draws Textual's row as it was when every key fits; narrower,
it packs the keys compactly into at most two rows, and the keys that still do not fit
(the least needed first: loancs/tui/keys.py's NARROW_DROP) are left to F1, whose label
then says how many more it lists."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from loancs.tui.i18n import t
from loancs.tui.keys import KEYS, NARROW_DROP, keys_for

MAX_ROWS = 2


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter {
        layout: vertical;
        height: auto;
        max-height: 2;
    }
    KeyFooter > HorizontalGroup.key-row {
        height: 1;
    }
    """

    def __init__(self, scope: str) -> None:
        super().__init__(show_command_palette=False)
        self.scope = scope  # the screen's keys (loancs/tui/keys.py) come in their order
        self._laid_out_for = 0
        self._shown: tuple[object, ...] = ()  # _signature() of the last layout
        self.hidden_keys: list[str] = []  # the actions F1 stands for at this width

    def _signature(self) -> tuple[object, ...]:
        """What the footer shows: the same keys, labels and width need no new layout."""
        return (
            self._width(),
            tuple(
                (binding.action, binding.key, binding.description, enabled)
                for _, binding, enabled, _ in self.screen.active_bindings.values()
                if binding.show
            ),
        )

    def bindings_changed(self, screen: Screen) -> None:
        # Textual recomposes on every change of focus; most change nothing shown here (a
        # conversation opening moved the focus three times: three recomposes).
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._signature() != self._shown:
            self.call_after_refresh(self.recompose)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def on_resize(self, event: Resize) -> None:
        # Only a footer already laid out for another width: the first layout comes with the
        # screen's bindings (Footer.bindings_changed), and a second one cost a recompose.
        if self._laid_out_for and event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        # In the registry's order (F1 first), whichever widget has focus.
        items = sorted(shown.values(), key=lambda entry: _order(entry[0], self.scope))
        width = self._width()
        self._shown = self._signature()
        self._laid_out_for = width
        lang = getattr(self.app, "lang", "en")

        def display(binding: Binding) -> str:
            return self.app.get_key_display(binding)

        def cells(binding: Binding, description: str, compact: bool) -> int:
            # "f1 Help" with Textual's paddings: " f1 Help " wide, or "f1 Help" + a margin.
            return cell_len(display(binding)) + cell_len(description) + (2 if compact else 3)

        labels = {binding.action: binding.description for binding, _, _ in items}
        if sum(cells(b, labels[b.action], False) for b, _, _ in items) <= width:
            self.compact = False
            self.hidden_keys = []
            with HorizontalGroup(classes="key-row"):
                yield from self._keys(items, labels)
            return
        self.compact = True
        kept = list(items)
        hidden: list[Binding] = []
        help_action = next((b.action for b, _, _ in items if b.action.endswith("help")), None)
        while True:
            if help_action is not None and hidden:
                labels[help_action] = t("key.help_more", lang, count=len(hidden))
            rows = _pack([cells(b, labels[b.action], True) for b, _, _ in kept], width)
            if rows is not None:
                break
            droppable = [entry for entry in kept if entry[0].action != help_action]
            if not droppable:
                rows = [list(range(len(kept)))]
                break
            victim = max(droppable, key=lambda entry: _drop_rank(entry[0], kept))
            kept.remove(victim)
            hidden.append(victim[0])
        self.hidden_keys = [b.action for b in hidden]
        for row in rows:
            with HorizontalGroup(classes="key-row"):
                yield from self._keys([kept[i] for i in row], labels)

    def _keys(
        self, items: Iterable[tuple[Binding, bool, str]], labels: dict[str, str]
    ) -> ComposeResult:
        # Each key is made in the style it will show (Textual's FooterKey starts compact and
        # its watcher restyles it, with its class, when the footer's value reaches it: a
        # style update for every key of every layout, twice on a wide footer).
        compact = self.compact
        for binding, enabled, tooltip in items:
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                labels[binding.action],
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
                classes="-compact" if compact else "",
            )
            key.set_reactive(FooterKey.compact, compact)
            yield key.data_bind(compact=Footer.compact)


def _order(binding: Binding, scope: str) -> tuple[bool, int, int]:
    """F1, then the screen's keys in the registry's order, then the global ones."""
    action = binding.action.removeprefix("app.")

    def place(scope: str) -> int | None:
        for index, key in enumerate(keys_for(scope)):
            if key.action.removeprefix("app.") == action and binding.key in key.keys.split(","):
                return index
        return None

    own = place(scope)
    if own is not None:
        return (action != "help", 0, own)
    shared = place("global")
    return (action != "help", 1, len(KEYS) if shared is None else shared)


def _drop_rank(binding: Binding, kept: list[tuple[Binding, bool, str]]) -> tuple[int, int]:
    """Higher goes first: the keys NARROW_DROP names (in its order), then the last ones."""
    action = binding.action.removeprefix("app.")
    listed = NARROW_DROP.index(action) if action in NARROW_DROP else -1
    position = [b.action for b, _, _ in kept].index(binding.action)
    return (len(NARROW_DROP) - listed if listed >= 0 else 0, position)


def _pack(widths: list[int], width: int) -> list[list[int]] | None:
    """Indexes in order, row by row, at most MAX_ROWS rows of ``width`` cells; None if not."""
    rows: list[list[int]] = [[]]
    used = 0
    for index, cells in enumerate(widths):
        if rows[-1] and used + cells > width:
            if len(rows) == MAX_ROWS:
                return None
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += cells
    return rows if used <= width else None
