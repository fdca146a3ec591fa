"""What every agent console screen has: the session it was given, its language, and ways
to reach outside itself without calling the app: ``show`` puts a dialog up and hands its
answer to a callback, ``ask`` does the same from a worker and waits for it, ``request``
asks the server (a refusal becomes a notification), ``ring`` rings the bell. They post
messages or use the service; the app never calls back in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
from textual.screen import Screen

from loancs.tui import flows
from loancs.tui.messages import Ask, Bell
from loancs.tui.session import Session

T = TypeVar("T")


class DialogHost(Screen[T]):
    """A screen that puts dialogs up through the app without calling it."""

    def show(self, dialog: Screen[Any], done: Callable[[Any], None] | None = None) -> None:
        """Show ``dialog`` over everything; ``done`` gets what it is dismissed with."""
        self.post_message(Ask(dialog, done or (lambda _: None)))

    async def ask(self, dialog: Screen[Any]) -> Any:
        """Show ``dialog`` and wait for what it is dismissed with (None when cancelled).
        Call from one of this screen's workers."""
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def done(result: Any) -> None:
            if not answer.done():
                answer.set_result(result)

        self.show(dialog, done)
        return await answer


class ConsoleScreen(DialogHost[T]):
    """An agent console screen, given the session when it is created."""

    def __init__(self, session: Session, lang: str) -> None:
        super().__init__()
        self.session = session
        self.lang = lang

    async def request(self, kind: type[msgspec.Struct], **fields: Any) -> Any:
        """One request; errors become a notification (never an exception in the UI)."""
        return await flows.request(self, kind, **fields)

    def ring(self) -> None:
        self.post_message(Bell())
