"""Conversation actions that more than one place runs: accepting (the inbox, a conversation,
F10 on any screen), the outcome codes and the call-back task (resolving a conversation,
and the wrap-up after a call). Each runs in the worker of whoever started it (a screen or
the app) through the small ``Host`` interface: its session, language, dialogs and
requests."""

from __future__ import annotations

from typing import Any, Protocol

import msgspec
from textual.screen import Screen

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.tui.dialogs.choice import ChoiceDialog, TextDialog
from loancs.tui.i18n import OUTCOMES, t
from loancs.tui.safe import one_line
from loancs.tui.session import Session, now_ms
from loancs.tui.widgets.transcript import clock


class Host(Protocol):
    """A screen or the app, running a flow in one of its workers."""

    @property
    def session(self) -> Session: ...

    @property
    def lang(self) -> str: ...

    async def ask(self, dialog: Screen[Any]) -> Any: ...

    async def request(self, kind: type[msgspec.Struct], **fields: Any) -> Any: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


async def request(host: Host, kind: type[msgspec.Struct], **fields: Any) -> Any:
    """One request; errors become a notification (never an exception in the UI)."""
    try:
        return await host.session.service.call(kind, **fields)
    except ClientError as exc:
        key = "err.forbidden" if exc.code == "forbidden" else "err.generic"
        host.notify(
            t(key, host.lang, code=exc.code, message=one_line(exc.message, 120)),
            severity="error",
            timeout=6,
        )
        return None


async def accept(host: Host, cid: int) -> bool:
    """Accept an offered (or queued) conversation; True when it is mine now."""
    session = host.session
    if await host.request(p.Accept, conversation=cid) is None:
        return False
    model = session.model
    model.offers.pop(cid, None)
    row = model.conversations.get(cid)
    if row is not None:
        row["assigned_agent"] = model.me
        row["agent_name"] = model.name
    host.notify(t("conv.accepted", host.lang, id=cid))
    session.rows_changed()
    session.status_changed()
    return True


def outcome_options(
    session: Session, lang: str, cid: int, allow_none: bool
) -> list[tuple[Any, str]]:
    """The outcome codes, always in the same order with the same default (the first);
    "no code" comes last, and only where one is not required."""
    options: list[tuple[Any, str]] = [(code, t(f"outcome.{code}", lang)) for code in OUTCOMES]
    row = session.model.conversations.get(cid) or {}
    if allow_none and row.get("channel") != "phone":
        options.append(("", t("outcome.none", lang)))
    return options


async def callback(host: Host, cid: int) -> bool:
    """Needs a call-back: a due time (and a note) make a task in my list; the
    conversation sleeps until then and comes back on its own."""
    lang, session = host.lang, host.session
    choices = [(m, t(f"dlg.callback_{m}", lang)) for m in (30, 60, 120, 1440)]
    minutes = await host.ask(ChoiceDialog(t("dlg.callback", lang), choices, lang))
    if not minutes:
        return False
    note = await host.ask(TextDialog(t("dlg.callback_note", lang), lang))
    due = now_ms() + int(minutes) * 60_000
    if await host.request(p.Callback, conversation=cid, due=due, note=note or "") is None:
        return False
    row = session.model.conversations.get(cid)
    if row is not None:
        row["callback_due"], row["callback_note"] = due, note or ""
    await host.request(p.Snooze, conversation=cid, until=due)
    host.notify(t("conv.callback_set", lang, id=cid, time=clock(due, with_date=True)))
    session.rows_changed()
    return True


async def resolve(host: Host, cid: int, ask_outcome: bool = True) -> bool:
    """Resolve with an outcome code (phone conversations must have one, and so must every
    conversation where the lender's config says so). True when resolved (or a call-back
    was set instead)."""
    lang, session = host.lang, host.session
    allow_none = True
    while True:
        outcome: str | None = ""
        if ask_outcome or not allow_none:
            outcome = await host.ask(
                ChoiceDialog(
                    t("dlg.outcome", lang), outcome_options(session, lang, cid, allow_none), lang
                )
            )
            if outcome is None:  # cancelled with esc
                return False
        if outcome == "callback":
            await callback(host, cid)
            return False
        try:
            await session.service.call(p.Resolve, conversation=cid, outcome=outcome or None)
        except ClientError as exc:
            if exc.code == "outcome_required" and allow_none:
                host.notify(t("err.outcome_required", lang), severity="warning")
                allow_none = False
                continue
            host.notify(
                t("err.generic", lang, code=exc.code, message=one_line(exc.message, 120)),
                severity="error",
                timeout=6,
            )
            return False
        host.notify(t("conv.resolved", lang, id=cid))
        return True
