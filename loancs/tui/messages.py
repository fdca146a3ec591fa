"""Messages. What screens tell the app: screens never call the app, they post one of these
messages, which bubbles up to it; the app answers by changing the screen stack or by
setting attributes on screens, never by calling a screen's methods. And what the server
connection tells an app (``ServerEvent``, ``LinkStatus``), posted from its callbacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen

from loancs.core import protocol as p


class ServerEvent(Message, bubble=False):
    """An event from the server, in seq order."""

    def __init__(self, event: p.Event) -> None:
        super().__init__()
        self.event = event


class WaitingSummary(Message, bubble=False):
    """What waits in my queues, from the server (protocol 2), at most about twice a second."""

    def __init__(self, frame: p.WaitingWork) -> None:
        super().__init__()
        self.frame = frame


class LinkStatus(Message, bubble=False):
    """The connection changed (connected, reconnecting, failed ...)."""

    def __init__(self, state: str, detail: str) -> None:
        super().__init__()
        self.state = state
        self.detail = detail


class OpenConversation(Message):
    """Show this conversation (it counts as read while it is on screen)."""

    def __init__(self, cid: int) -> None:
        super().__init__()
        self.cid = cid


class CloseConversation(Message):
    """Leave this conversation, back to what was under it (if it is the one on top)."""

    def __init__(self, cid: int) -> None:
        super().__init__()
        self.cid = cid


class Accepted(Message):
    """I accepted this conversation: open it, wherever I am."""

    def __init__(self, cid: int) -> None:
        super().__init__()
        self.cid = cid


class Ask(Message):
    """Show this dialog (or screen) over everything; ``done`` gets what it is dismissed
    with (None when cancelled)."""

    def __init__(self, dialog: Screen[Any], done: Callable[[Any], None]) -> None:
        super().__init__()
        self.dialog = dialog
        self.done = done


class Bell(Message):
    """Something needs the agent's attention: ring the terminal bell."""
