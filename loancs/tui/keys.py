"""One registry of every key the console answers to. Screens take their bindings from it,
the footer and the command palette show them, and the help screen lists them all, so a
key cannot exist without being documented."""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode

from loancs.tui.i18n import t


@dataclass(frozen=True)
class Key:
    scope: str  # global, inbox, conversation, composer, calculator, dialog
    keys: str  # Textual key names, comma separated
    action: str  # action name on the node that owns the scope
    label: str  # catalogue key
    show: bool = True  # in the footer
    display: str | None = None  # how the footer writes the key
    priority: bool = False
    palette: bool = True  # offered in the command palette


KEYS: tuple[Key, ...] = (
    Key("global", "f1,question_mark", "help", "key.help", display="f1", show=False),
    Key("global", "q", "quit", "key.quit"),
    Key("global", "ctrl+q", "quit", "key.quit", show=False, priority=True, palette=False),
    # ctrl+c quits too (copy wins inside the reply box); with open work it asks first.
    Key("global", "ctrl+c", "quit", "key.quit", show=False, palette=False),
    Key("global", "f9", "agent_state", "key.state"),
    Key("global", "f10", "offers", "key.offers", priority=True),
    Key("global", "f12", "switch_language", "key.language", priority=True),
    Key("global", "ctrl+p", "command_palette", "key.palette", show=False, palette=False),
    # F1 first in every footer, so it stays visible at 80 columns.
    Key("inbox", "f1", "app.help", "key.help", palette=False),
    # Priority (with enter, j, k and esc below): in key order, so keys typed at once act on
    # the screen the key before left on top (in the search box they step aside: SkipAction).
    Key("inbox", "enter", "open", "key.open", show=False, priority=True),
    Key("inbox", "j", "cursor_down", "key.down", show=False, palette=False, priority=True),
    Key("inbox", "k", "cursor_up", "key.up", show=False, palette=False, priority=True),
    Key("inbox", "slash", "search", "key.search", display="/"),
    Key("inbox", "f", "cycle_filter", "key.filter"),
    Key("inbox", "a,f5", "accept", "key.accept"),
    Key("inbox", "d", "decline", "key.decline"),
    Key("inbox", "c,f4", "calculator", "key.calculator"),
    Key("inbox", "escape", "clear_search", "key.back", show=False, palette=False, priority=True),
    Key("conversation", "f1", "app.help", "key.help", palette=False),
    Key("conversation", "escape", "back", "key.back", display="esc", priority=True),
    Key("conversation", "tab", "next_pane", "key.panes", show=False),
    Key("conversation", "f2", "canned", "key.canned", priority=True),
    Key("conversation", "f3", "toggle_note", "key.note", priority=True),
    Key("conversation", "f4", "calculator", "key.calculator", priority=True),
    Key("conversation", "f5", "accept", "key.accept", priority=True),
    Key("conversation", "f6", "transfer", "key.transfer", priority=True),
    Key("conversation", "f7", "snooze", "key.snooze", priority=True),
    Key("conversation", "f8", "resolve", "key.resolve", priority=True),
    Key("conversation", "ctrl+r", "reveal", "key.reveal"),
    Key("conversation", "ctrl+b", "toggle_customer", "key.customer_pane", priority=True),
    Key("conversation", "ctrl+g", "recall", "key.recall", priority=True),
    Key("conversation", "ctrl+f", "apply_fix", "key.fix", priority=True),
    Key("conversation", "ctrl+o", "hit_details", "key.details", show=False, priority=True),
    # Priority: taken in key order before later keys are dispatched (a key typed right
    # after r goes into the box); inside the box the action steps aside (SkipAction).
    Key("conversation", "r,i,enter", "reply", "key.reply", display="r", priority=True),
    Key("conversation", "t", "focus_transcript", "key.transcript", show=False),
    Key("conversation", "p", "focus_customer", "key.customer", show=False),
    Key("conversation", "h", "focus_hits", "key.hits", show=False),
    Key("conversation", "ctrl+l", "older", "key.older", show=False),
    Key("conversation", "j", "scroll_down", "key.down", show=False, palette=False),
    Key("conversation", "k", "scroll_up", "key.up", show=False, palette=False),
    Key("composer", "enter", "send", "key.send", show=False, palette=False),
    Key("composer", "ctrl+j", "newline", "key.newline", show=False, palette=False),
    Key("calculator", "f1", "app.help", "key.help", palette=False),
    Key("calculator", "escape", "back", "key.back", display="esc"),
    Key("calculator", "ctrl+s", "insert", "key.insert"),
    Key("calculator", "ctrl+o", "next_method", "key.method"),
    Key("calculator", "ctrl+t", "next_tab", "key.panes"),
    Key("dialog", "enter", "choose", "key.open", show=False, palette=False),
    Key("dialog", "j", "cursor_down", "key.down", show=False, palette=False),
    Key("dialog", "k", "cursor_up", "key.up", show=False, palette=False),
    Key("dialog", "escape", "cancel", "key.back", show=False, palette=False),
)


# A footer too narrow for every key even in two rows (a conversation at 80 columns) leaves
# these to F1 first, in this order: said elsewhere on screen or seldom needed mid-reply.
NARROW_DROP: tuple[str, ...] = (
    "switch_language",
    "quit",
    "reveal",
    "agent_state",
)


def keys_for(scope: str) -> list[Key]:
    return [k for k in KEYS if k.scope == scope]


def bind_scope(node: DOMNode, scope: str, lang: str) -> None:
    """Add the scope's keys to ``node`` with labels in ``lang`` (call from ``__init__``)."""
    for key in keys_for(scope):
        if key.scope == "composer":
            continue  # the composer reads enter / ctrl+j itself
        node._bindings.bind(
            key.keys,
            key.action,
            description=t(key.label, lang),
            show=key.show,
            key_display=key.display,
            priority=key.priority,
        )


def display_keys(key: Key) -> str:
    names = []
    for name in key.keys.split(","):
        name = {"question_mark": "?", "slash": "/", "escape": "esc"}.get(name, name)
        names.append(name)
    return " / ".join(names)
