"""The agent console. The app owns the session (the server connection, the model the
screens show, the outbox) and the screen stack. Screens are given the session when they
are created, run their own workers, and talk to the app only by posting messages
(``loancs.tui.messages``); the app applies server events to the model in one place and
tells screens through the session's signals, never by calling their methods."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

import msgspec
from textual import on, work
from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.core.compliance import RuleSet, load_rules
from loancs.core.events import Kind
from loancs.rules_cache import FileRuleCache
from loancs.tui import flows
from loancs.tui.dialogs.choice import ChoiceDialog, ConfirmDialog
from loancs.tui.esc import EscKeysApp
from loancs.tui.i18n import BREAK_REASONS, t, t_opt
from loancs.tui.keys import bind_scope, keys_for
from loancs.tui.messages import (
    Accepted,
    Ask,
    Bell,
    CloseConversation,
    LinkStatus,
    OpenConversation,
    ServerEvent,
    WaitingSummary,
)
from loancs.tui.safe import one_line
from loancs.tui.screens.calculator import CalculatorScreen
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.help import HelpScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.service import ConsoleService
from loancs.tui.session import WAITING, HeldReply, Outbox, Session
from loancs.tui.state import ConsoleModel
from loancs.tui.stopping import exit_on_stop_signals
from loancs.tui.widgets.status_bar import offer_reason

__all__ = ["ConsoleApp", "HeldReply"]

CSS = Path(__file__).with_name("console.tcss")


class ConsoleApp(EscKeysApp):
    CSS_PATH = str(CSS)
    TITLE = "loancs"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        service: ConsoleService,
        lang: str = "zh",
        *,
        now: Callable[[], int] | None = None,
        rules: RuleSet | None = None,
        ticking: bool = True,
        demo_info: str | None = None,
        set_available: bool = True,
        recall_seconds: float = 4.0,
    ):
        super().__init__()
        self.session = Session(
            self,
            service,
            lang=lang,
            rules=rules or load_rules(cache=FileRuleCache.default()),
            now=now,
            ticking=ticking,
            recall_seconds=recall_seconds,
            demo_info=demo_info,
        )
        self.set_available = set_available
        self.wrapup_for: set[int] = set()
        self.summary_fetches: set[int] = set()  # rows the waiting summary asked for, in flight
        self.exit_reason = ""  # why the console could not start (also printed on exit)
        bind_scope(self, "global", lang)

    # What tests, the demo and the benchmark read (the session holds it).
    @property
    def service(self) -> ConsoleService:
        return self.session.service

    @property
    def model(self) -> ConsoleModel:
        return self.session.model

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def rules(self) -> RuleSet:
        return self.session.rules

    @property
    def now(self) -> Callable[[], int]:
        return self.session.now

    @property
    def link_state(self) -> str:
        return self.session.link_state

    @property
    def outbox(self) -> Outbox:
        return self.session.outbox

    # ------------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        exit_on_stop_signals(self)
        self.title = t("app.title", self.lang)
        self.push_screen(InboxScreen(self.session, self.lang))
        self.service.on_event = self._event_arrived
        self.service.on_status = self._status_arrived
        self.service.on_waiting = self._waiting_arrived
        self.connect()
        if self.session.ticking:
            self.set_interval(1.0, self._tick)

    def _event_arrived(self, event: p.Event) -> None:
        self.post_message(ServerEvent(event))

    def _waiting_arrived(self, frame: p.WaitingWork) -> None:
        self.post_message(WaitingSummary(frame))

    def _status_arrived(self, state: str, detail: str) -> None:
        self.post_message(LinkStatus(state, detail))

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        session = self.session
        try:
            welcome = await self.service.start()
        except ClientError as exc:
            # Never connected: say what is wrong and end with a non-zero status (a wrong
            # token or an unreachable server is not something waiting fixes).
            key = "conn.bad_token" if exc.code == "unauthorized" else "conn.unreachable"
            url = getattr(self.service, "url", "")
            message = t(key, self.lang, url=url, detail=one_line(exc.message, 160))
            self._set_link("failed", exc.message)
            self.exit_reason = message
            # As tail and queues: a refused token is the caller's mistake (2), no server 1.
            code = 1 if exc.code in ("unreachable", "bad_url") else 2
            self.exit(return_code=code, message=message)
            return
        model = self.model
        model.me = welcome.agent_id
        model.name = welcome.name
        model.role = welcome.role
        session.status_changed()
        try:
            await session.load_inbox(first=True)
        except ClientError as exc:
            self.notify(
                t("err.generic", self.lang, code=exc.code, message=exc.message), severity="error"
            )
            model.load([])
            session.rows_changed()
        await self.fetch_capacity()
        # The lender's rules compile in a thread while the agent works: start-up does not
        # wait for them (the shipped packs highlight until they come).
        self.refetch_rules()
        if model.role == "agent" and self.set_available:
            await self.request(p.SetState, state="available")

    async def fetch_capacity(self) -> None:
        """My capacity per channel, for the load shown in the status bar."""
        try:
            agents = await self.service.call(p.ListAgents)
        except Exception:
            return
        me = next((a for a in agents or [] if a.get("id") == self.model.me), None)
        if me is not None:
            self.model.capacity = {k: int(v) for k, v in (me.get("capacity") or {}).items()}
            self.session.status_changed()

    async def fetch_rules(self) -> None:
        """Highlight with what the server enforces: the shipped packs plus the lender's file."""
        try:
            data = await self.service.call(p.GetRules)
        except Exception:  # an older server, or a fake in tests: keep the shipped packs
            return
        text = data.get("text") if isinstance(data, dict) else None
        if not text:
            return
        try:
            # Compiling a lender's file on a cache miss takes seconds: never on the UI loop.
            self.session.rules = await asyncio.to_thread(
                load_rules, text=text, cache=FileRuleCache.default()
            )
        except Exception as exc:
            self.notify(one_line(f"lender rules: {exc}", 100), severity="warning")

    @work(exclusive=True, group="rules", exit_on_error=False)
    async def refetch_rules(self) -> None:
        await self.fetch_rules()

    def action_help_quit(self) -> None:
        # ctrl+c (Textual's own binding, found before ours): quit, as F1 says, not Textual's
        # "Press ctrl+q to quit the app". Selected text is still copied (the screen's
        # copy_text comes first), and the reply box keeps its copy.
        self.run_worker(self.action_quit(), group="quit", exit_on_error=False)

    async def action_quit(self) -> None:
        """Quit; with conversations still open the agent confirms first."""
        mine = [
            r
            for r in self.model.conversations.values()
            if self.model.is_mine(r) and r.get("status") in ("open", "pending")
        ]
        if mine and self.model.role == "agent" and not isinstance(self.screen, ConfirmDialog):

            def done(yes: bool | None) -> None:
                if yes:
                    self.run_worker(self.shutdown(), group="quit", exit_on_error=False)

            self.push_screen(
                ConfirmDialog(
                    t("dlg.quit_title", self.lang),
                    t("dlg.quit_body", self.lang, n=len(mine)),
                    self.lang,
                ),
                done,
            )
            return
        await self.shutdown()

    async def shutdown(self) -> None:
        await self.outbox.flush()
        if self.model.role == "agent" and self.session.connected and self.set_available:
            try:
                await self.service.call(p.SetState, state="offline")
            except Exception:
                pass
        await self.service.close()
        self.exit()

    async def on_unmount(self) -> None:
        await self.service.close()  # however the app ends, the connection goes with it

    def _tick(self) -> None:
        if self.model.offers or self.model.missed:
            self.model.expire_offers(self.now())
            self.session.status_changed()

    # ------------------------------------------------------------------ server messages
    def on_server_event(self, message: ServerEvent) -> None:
        """Every event is applied to the model here, once; screens follow it through the
        session's signals."""
        ev = message.event
        session, model = self.session, self.model
        listed = ev.conversation is None or ev.conversation in model.conversations
        changed = model.apply(ev)
        session.heard(ev)  # a read on its way may predate it (Session.read)
        if not listed:
            changed = self.place_unlisted(ev) or changed
        kind, payload = ev.kind, ev.payload
        if (
            kind in (Kind.CONVERSATION_OFFERED, Kind.CONVERSATION_OFFER_EXPIRED)
            and payload.get("agent") == model.me
        ):
            self.bell()
        if kind in STATUS_KINDS and (kind not in MINE_KINDS or payload.get("agent") == model.me):
            session.status_changed()
        if kind == Kind.COMPLIANCE_RULES_RELOADED:
            self.refetch_rules()
        if kind == Kind.CALL_ENDED and ev.conversation is not None:
            row = model.conversations.get(ev.conversation) or {}
            if row.get("assigned_agent") == model.me and model.role == "agent":
                self.ask_wrapup(ev.conversation)
        session.events.publish(ev)
        if changed:
            session.rows_changed()
        shown = model.conversations.get(ev.conversation) if ev.conversation is not None else None
        if shown is not None and shown.get("partial") and not shown.get("fetching"):
            shown["fetching"] = True
            self.fetch_row(shown["id"])
        elif shown is None and ev.conversation in model.offers and model.loaded:
            # Offered from a queue this console follows by its summary: fetch the row.
            model.conversations[ev.conversation] = {"id": ev.conversation, "fetching": True}
            self.fetch_row(ev.conversation)

    def on_waiting_summary(self, message: WaitingSummary) -> None:
        """My queues' waiting work (protocol 2): the queue's rows and the inbox's counts."""
        changed, fetch = self.model.apply_waiting(message.frame)
        if changed:
            self.session.rows_changed()
        else:
            self.session.changed.publish(WAITING)
        for cid in fetch:
            if cid not in self.summary_fetches:
                self.summary_fetches.add(cid)
                self.fetch_summary_row(cid)

    @work(group="row", exit_on_error=False)
    async def fetch_summary_row(self, cid: int) -> None:
        try:
            await self.fetch_row(cid).wait()
        finally:
            self.summary_fetches.discard(cid)

    def place_unlisted(self, event: p.Event) -> bool:
        """An event about a conversation the console had not listed: its inbox page is not
        loaded yet (or it just became visible). Where the loaded pages reach (or mine) it
        shows as the server has it, fetched; past them it comes with its page."""
        model, cid = self.model, event.conversation
        assert cid is not None
        row = model.conversations.get(cid)
        if row is None:
            if event.kind in (Kind.CONVERSATION_PRIORITY, Kind.CONVERSATION_REOPENED):
                self.fetch_row(cid)  # it may move up into what is loaded
            return False
        if not model.within_loaded(row):
            del model.conversations[cid]
            return False
        if event.kind != Kind.CONVERSATION_OPENED and not row.get("fetching"):
            row["fetching"] = True  # what the event did not say: the customer, priority ...
            self.fetch_row(cid)
        return True

    @work(group="row", exit_on_error=False)
    async def fetch_row(self, cid: int) -> None:
        """A row started from an event (a transfer to me): fetch the real one, so its
        waiting time is the customer's, not the time of the transfer (read again when an
        event about it was applied meanwhile: ``Session.read_row``)."""
        await self.session.fetch_row(cid)

    def on_link_status(self, message: LinkStatus) -> None:
        self._set_link(message.state, message.detail)

    def _set_link(self, state: str, detail: str) -> None:
        if state == "error":
            self.notify(
                t("conn.error", self.lang, detail=one_line(detail, 100)), severity="warning"
            )
            return
        self.session.link_state = state
        self.session.link_detail = detail
        self.session.status_changed()

    # ------------------------------------------------------------------ what screens ask
    async def request(self, kind: type[msgspec.Struct], **fields: Any) -> Any:
        """One request; errors become a notification (never an exception in the UI)."""
        return await flows.request(self, kind, **fields)

    async def ask(self, dialog: Screen[Any]) -> Any:
        """A dialog from one of the app's own workers."""
        return await self.push_screen_wait(dialog)

    @on(Ask)
    def show_dialog(self, message: Ask) -> None:
        self.push_screen(message.dialog, message.done)

    @on(Bell)
    def ring(self, message: Bell) -> None:
        self.bell()

    @on(OpenConversation)
    def open_requested(self, message: OpenConversation) -> None:
        self.open_conversation(message.cid)

    def open_conversation(self, cid: int) -> None:
        self.model.opened = cid
        self.push_screen(ConversationScreen(self.session, cid, self.lang))

    @on(CloseConversation)
    def close_requested(self, message: CloseConversation) -> None:
        self.close_conversation(message.cid)

    def close_conversation(self, cid: int) -> None:
        """Leave the conversation if it is the screen on top (a dialog or the calculator
        over it stays)."""
        screen = self.screen
        if isinstance(screen, ConversationScreen) and screen.cid == cid:
            self.model.opened = None
            self.pop_screen()

    @on(Accepted)
    def accepted(self, message: Accepted) -> None:
        self.show_accepted(message.cid)

    def show_accepted(self, cid: int) -> None:
        """After an accept: open the conversation, from whatever screen the agent was on
        (unless it is open already)."""
        if any(
            isinstance(s, ConversationScreen) and s.cid == cid and s.is_attached
            for s in self.screen_stack
        ):
            return
        while isinstance(self.screen, (ConversationScreen, CalculatorScreen)):
            if isinstance(self.screen, ConversationScreen):
                self.model.opened = None
            self.pop_screen()
        if isinstance(self.screen, InboxScreen):
            self.screen.selected = cid
            self.open_conversation(cid)

    # ------------------------------------------------------------------ global keys
    @work(group="action", exit_on_error=False)
    async def action_offers(self) -> None:
        """F10, from any screen: every conversation offered to me; pick one to accept."""
        lang = self.lang
        offers = list(self.model.offers.values())
        if not offers:
            self.notify(t("dlg.no_offers", lang))
            return
        now = self.now()
        options: list[tuple[Any, str]] = []
        for offer in offers:
            row = self.model.conversations.get(offer.conversation, {})
            about = ""  # a row the console could not load has nothing to show (status_bar)
            if row.get("channel") is not None:
                about = (
                    f"{t_opt('channel', row.get('channel'), lang)}  "
                    f"{t_opt('loan', row.get('loan_type'), lang)}  "
                    f"{one_line(row.get('customer_display') or '', 14)}  "
                )
            label = (
                f"#{offer.conversation}  {about}· {offer_reason(offer, row, lang)}  "
                f"({max(0, (offer.expires_at - now) // 1000)} s)"
            )
            options.append((offer.conversation, label))
        cid = await self.ask(ChoiceDialog(t("dlg.offers", lang), options, lang))
        if cid is not None and await flows.accept(self, cid):
            self.show_accepted(cid)

    @work(group="state", exit_on_error=False)
    async def action_agent_state(self) -> None:
        lang = self.lang
        options = [(s, t(f"state.{s}", lang)) for s in ("available", "break", "offline")]
        state = await self.ask(ChoiceDialog(t("dlg.state", lang), options, lang))
        if not state:
            return
        reason = None
        if state == "break":
            reasons = [(r, t(f"dlg.reason.{r}", lang)) for r in BREAK_REASONS]
            reason = await self.ask(ChoiceDialog(t("dlg.break_reason", lang), reasons, lang))
            if not reason:
                return
        if await self.request(p.SetState, state=state, reason=reason) is not None:
            self.model.state, self.model.state_reason = state, reason
            self.session.status_changed()

    @work(group="wrapup", exit_on_error=False)
    async def ask_wrapup(self, cid: int) -> None:
        """After a call: wrap-up state, an outcome code (digits pick one), a call-back task
        if one is needed, then available again."""
        if cid in self.wrapup_for:
            return
        self.wrapup_for.add(cid)
        lang = self.lang
        await self.request(p.SetState, state="wrapup")
        self.model.state = "wrapup"
        self.session.status_changed()
        options = flows.outcome_options(self.session, lang, cid, allow_none=False)
        outcome = None
        while outcome is None:
            outcome = await self.ask(
                ChoiceDialog(t("wrapup.prompt", lang) + f" (#{cid})", options, lang)
            )
            if outcome == "callback" and not await flows.callback(self, cid):
                outcome = None  # no due time given: ask again
        await self.request(p.SetState, state="wrapup", outcome=outcome)
        if await self.request(p.SetState, state="available") is not None:
            self.model.state, self.model.state_reason = "available", None
        self.session.status_changed()

    def action_switch_language(self) -> None:
        """F12: 中文 <-> English, live. The screens are rebuilt in the other language; the
        open conversation (and every draft) stays."""
        if isinstance(self.screen, ModalScreen):
            return
        self.session.lang = lang = "en" if self.lang == "zh" else "zh"
        self.title = t("app.title", lang)
        for key in keys_for("global"):
            for name in key.keys.split(","):
                self._bindings.key_to_bindings.pop(name, None)
        bind_scope(self, "global", lang)
        client = getattr(self.service, "client", None)
        if client is not None:
            client.lang = lang  # server wording follows from the next connection
        opened = next(
            (s.cid for s in reversed(self.screen_stack) if isinstance(s, ConversationScreen)),
            None,
        )
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.model.opened = None
        self.push_screen(InboxScreen(self.session, lang))
        if opened is not None:
            self.open_conversation(opened)
        self.notify(t("lang.switched", lang))

    def action_command_palette(self) -> None:
        """The palette, with its prompt in the UI language."""
        from textual.command import CommandPalette

        if not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t("palette.prompt", self.lang))
            )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            # This screen's keys first (a narrow footer's F1 stands for some of them).
            first = next(
                (
                    scope
                    for kind, scope in (
                        (InboxScreen, "inbox"),
                        (ConversationScreen, "conversation"),
                        (CalculatorScreen, "calculator"),
                    )
                    if isinstance(self.screen, kind)
                ),
                None,
            )
            self.push_screen(HelpScreen(self.lang, self.session.demo_info, first))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        scopes = ["global"]
        if isinstance(screen, InboxScreen):
            scopes.append("inbox")
        elif isinstance(screen, ConversationScreen):
            scopes.append("conversation")
        elif isinstance(screen, CalculatorScreen):
            scopes.append("calculator")
        for scope in scopes:
            target = self if scope == "global" else screen
            for key in keys_for(scope):
                if not key.palette:
                    continue
                method = getattr(target, f"action_{key.action}", None)
                if method is None:
                    continue
                label = t(key.label, self.lang)
                yield SystemCommand(f"{label}  ({key.keys.split(',')[0]})", label, method)


# Events that change what the status line shows (state, offers, load); for the first
# three only when they are about me.
MINE_KINDS = (Kind.AGENT_STATE, Kind.CONVERSATION_OFFERED, Kind.CONVERSATION_OFFER_EXPIRED)
STATUS_KINDS = MINE_KINDS + (
    Kind.CALLBACK_CREATED,
    Kind.CONVERSATION_ASSIGNED,
    Kind.CONVERSATION_TRANSFERRED,
    Kind.CONVERSATION_RESOLVED,
)
