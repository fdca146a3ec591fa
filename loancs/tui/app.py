"""The agent console. The app owns the service (the server connection), the model (what
the screens show) and every network action; screens call the app, the app runs a worker,
and results come back as method calls on the screen that asked."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.core.compliance import RuleSet, load_rules
from loancs.tui.dialogs.choice import ChoiceDialog, ConfirmDialog, TextDialog
from loancs.tui.i18n import BREAK_REASONS, LOAN_TYPES, OUTCOMES, t, t_opt
from loancs.tui.keys import bind_scope, keys_for
from loancs.tui.prefill import from_messages
from loancs.tui.safe import one_line
from loancs.tui.screens.calculator import CalculatorScreen
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.screens.help import HelpScreen
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.service import ConsoleService
from loancs.tui.state import ConsoleModel
from loancs.tui.widgets.customer_pane import CustomerPane
from loancs.tui.widgets.status_bar import StatusBar
from loancs.tui.widgets.transcript import clock

CSS = Path(__file__).with_name("console.tcss")
LIST_LIMIT = 5000  # the server's cap on one list


class ServerEvent(Message, bubble=False):
    def __init__(self, event: p.Event) -> None:
        super().__init__()
        self.event = event


class LinkStatus(Message, bubble=False):
    def __init__(self, state: str, detail: str) -> None:
        super().__init__()
        self.state = state
        self.detail = detail


@lru_cache(maxsize=1)
def _catalog() -> Any:
    try:
        from loancs.assistant_files import read_catalog

        return read_catalog()
    except Exception:  # no catalog: the calculator says its rate is an example
        return None


def product_for(loan_type: str | None) -> Any:
    """The lender's product for a loan type (its lowest APR starts the calculator)."""
    catalog = _catalog()
    if catalog is None or not loan_type:
        return None
    return next((prod for prod in catalog.products if prod.type == loan_type), None)


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(eq=False)
class HeldReply:
    """A reply taken from the box and held for the recall window before it goes out."""

    cid: int
    text: str
    key: str  # idempotency key: a resend after a reconnect is stored once
    timer: Timer | None = None


class ConsoleApp(App):
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
        self.service = service
        self.lang = lang
        self.now = now or _now_ms
        self.rules = rules or load_rules()
        self.ticking = ticking  # False in snapshot tests: no blinking, no clocks moving
        self.demo_info = demo_info
        self.set_available = set_available
        self.model = ConsoleModel()
        self.link_state = "connecting"
        self.link_detail = ""
        self.agents: list[dict[str, Any]] = []
        self.wrapup_for: set[int] = set()
        self._typing_sent: dict[int, float] = {}
        self.recall_seconds = recall_seconds  # 0: replies go out at once (no recall window)
        self.held: list[HeldReply] = []
        self.exit_reason = ""  # why the console could not start (also printed on exit)
        bind_scope(self, "global", lang)

    # ------------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        self.title = t("app.title", self.lang)
        self.push_screen(InboxScreen(self.lang))
        self.service.on_event = lambda ev: self.post_message(ServerEvent(ev))
        self.service.on_status = lambda state, detail: self.post_message(LinkStatus(state, detail))
        self.connect()
        if self.ticking:
            self.set_interval(1.0, self._tick)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
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
            self.exit(return_code=1, message=message)
            return
        model = self.model
        model.me = welcome.agent_id
        model.name = welcome.name
        model.role = welcome.role
        self.refresh_status()
        try:
            rows = await self.service.call(
                p.ListConversations, status=["open", "pending", "snoozed"], limit=5000
            )
        except ClientError as exc:
            self.notify(
                t("err.generic", self.lang, code=exc.code, message=exc.message), severity="error"
            )
            rows = []
        model.load(rows)
        model.truncated = len(rows) >= LIST_LIMIT
        self.inbox_changed()
        await self.fetch_capacity()
        await self.fetch_rules()
        if model.role == "agent" and self.set_available:
            await self._request(p.SetState, state="available")

    async def fetch_capacity(self) -> None:
        """My capacity per channel, for the load shown in the status bar."""
        try:
            agents = await self.service.call(p.ListAgents)
        except Exception:
            return
        me = next((a for a in agents or [] if a.get("id") == self.model.me), None)
        if me is not None:
            self.model.capacity = {k: int(v) for k, v in (me.get("capacity") or {}).items()}
            self.refresh_status()

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
            self.rules = load_rules(text=text)
        except Exception as exc:
            self.notify(one_line(f"lender rules: {exc}", 100), severity="warning")

    @work(exclusive=True, group="rules", exit_on_error=False)
    async def refetch_rules(self) -> None:
        await self.fetch_rules()

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
        await self.flush_held()
        if self.model.role == "agent" and self.link_state == "connected" and self.set_available:
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
            self.refresh_status()

    # ------------------------------------------------------------------ server messages
    def on_server_event(self, message: ServerEvent) -> None:
        ev = message.event
        model = self.model
        changed = model.apply(ev)
        kind, payload = ev.kind, ev.payload
        if kind == "agent.state" and payload.get("agent") == model.me:
            self.refresh_status()
        elif (
            kind in ("conversation.offered", "conversation.offer_expired")
            and payload.get("agent") == model.me
        ):
            self.refresh_status()
            self.bell()
        elif kind == "callback.created" or kind in (
            "conversation.assigned",
            "conversation.transferred",
            "conversation.resolved",
        ):
            self.refresh_status()
        if kind == "compliance.rules_reloaded":
            self.refetch_rules()
        if kind == "call.ended" and ev.conversation is not None:
            row = model.conversations.get(ev.conversation) or {}
            if row.get("assigned_agent") == model.me and model.role == "agent":
                self.ask_wrapup(ev.conversation)
        for screen in list(self.screen_stack):
            handler = getattr(screen, "on_live_event", None)
            if handler is not None:
                try:
                    handler(ev)
                except NoMatches:
                    pass  # the screen is being taken down (the app is quitting)
        if changed:
            self.inbox_changed()
        row = model.conversations.get(ev.conversation) if ev.conversation is not None else None
        if row is not None and row.get("partial") and not row.get("fetching"):
            row["fetching"] = True
            self.fetch_row(ev.conversation)

    def on_link_status(self, message: LinkStatus) -> None:
        self._set_link(message.state, message.detail)

    def _set_link(self, state: str, detail: str) -> None:
        if state == "error":
            self.notify(
                t("conn.error", self.lang, detail=one_line(detail, 100)), severity="warning"
            )
            return
        self.link_state = state
        self.link_detail = detail
        self.refresh_status()

    def refresh_status(self) -> None:
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.refresh(layout=True)

    def inbox_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, InboxScreen):
                screen.mark_dirty()

    # ------------------------------------------------------------------ requests
    async def _request(self, kind: type, **fields: Any) -> Any:
        """One request; errors become a notification (never an exception in the UI)."""
        try:
            return await self.service.call(kind, **fields)
        except ClientError as exc:
            key = "err.forbidden" if exc.code == "forbidden" else "err.generic"
            self.notify(
                t(key, self.lang, code=exc.code, message=one_line(exc.message, 120)),
                severity="error",
                timeout=6,
            )
            return None

    # ------------------------------------------------------------------ navigation
    def open_conversation(self, cid: int) -> None:
        self.model.opened = cid
        self.mark_read(cid)
        self.push_screen(ConversationScreen(cid, self.lang))

    def mark_read(self, cid: int) -> None:
        """Zero the unread count here at once and on the server (so it stays zero)."""
        row = self.model.conversations.get(cid) or {}
        self.model.mark_read(cid)
        self.inbox_changed()
        if row.get("unread") is not None and self.link_state == "connected":
            self.run_worker(self._mark_read(cid), group="read", exit_on_error=False)

    async def _mark_read(self, cid: int) -> None:
        try:
            await self.service.call(p.MarkRead, conversation=cid)
        except ClientError:
            pass  # only a counter: the next open tries again

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search_server(self, query: str) -> None:
        """The first list was capped: ask the server for matches among all conversations."""
        await asyncio.sleep(0.3)  # typing pauses before we ask
        try:
            rows = await self.service.call(
                p.ListConversations, status=["open", "pending", "snoozed"], limit=500, query=query
            )
        except ClientError:
            return
        self.model.load(rows)
        self.inbox_changed()

    @work(exclusive=True, group="resolved", exit_on_error=False)
    async def load_resolved(self) -> None:
        """The first list holds active work only: fetch recent resolved ones on demand."""
        rows = await self._request(p.ListConversations, status=["resolved"], limit=500)
        if rows:
            self.model.load(rows)
            self.inbox_changed()

    @work(group="row", exit_on_error=False)
    async def fetch_row(self, cid: int) -> None:
        """A row started from an event (a transfer to me): fetch the real one, so its
        waiting time is the customer's, not the time of the transfer."""
        try:
            data = await self.service.call(p.GetConversation, conversation=cid, limit=1)
        except ClientError:
            return
        conv = (data or {}).get("conversation")
        if conv:
            self.model.conversations.setdefault(cid, {}).update(conv)
            self.model.conversations[cid].pop("partial", None)
            self.inbox_changed()

    def close_conversation(self, screen: ConversationScreen) -> None:
        self.model.opened = None
        self.pop_screen()

    @work(group="load", exit_on_error=False)
    async def load_conversation(self, screen: ConversationScreen) -> None:
        data = await self._request(p.GetConversation, conversation=screen.cid, limit=1000)
        if data is None or not screen.is_attached:
            return
        screen.loaded(data)
        conv = data.get("conversation") or {}
        if conv.get("id") is not None and conv["id"] not in self.model.conversations:
            self.model.load([conv])
        self.load_customer(screen)

    @work(group="load", exit_on_error=False)
    async def load_customer(self, screen: ConversationScreen) -> None:
        if screen.customer_id is None:
            return
        data = await self._request(p.GetCustomer, customer=screen.customer_id)
        if data is not None and screen.is_attached:
            screen.customer_loaded(data)

    def open_calculator(self, screen: ConversationScreen | None) -> None:
        """The calculator, pre-filled from this conversation: amount and term from what the
        customer wrote (else the application's amount), the rate from the lender's product
        for this loan type; the summary is in the customer's language."""
        lang = self.lang
        principal, months, prefilled = "200000", "36", ""
        rate, source, reply_lang = "4.9", "", lang
        if screen is not None:
            row = screen.row
            amount = row.get("amount")
            if amount:
                principal = (
                    str(amount).split(".")[0] if str(amount).endswith(".00") else str(amount)
                )
            said = from_messages(
                [
                    str(m.get("body") or "")
                    for kind, m in screen.transcript.entries
                    if kind == "msg" and m.get("direction") == "in"
                ]
            )
            if said.principal or said.months:
                principal = said.principal or principal
                months = said.months or months
                prefilled = t("calc.prefilled", lang)
            product = product_for(row.get("loan_type"))
            if product is not None:
                rate = f"{product.apr_min:g}"
                months = months if said.months else str(product.default_term)
                source = t(
                    "calc.rate_from.product",
                    lang,
                    name=product.display_name(lang),
                    low=f"{product.apr_min:g}",
                    high=f"{product.apr_max:g}",
                )
            if row.get("language") in ("zh", "en"):
                reply_lang = row["language"]

        def insert(summary: str | None) -> None:
            if summary and screen is not None:
                screen.insert_text(summary)
                screen.set_status("✓ " + t("calc.inserted", self.lang), "green")

        self.push_screen(
            CalculatorScreen(
                lang,
                screen is not None,
                principal,
                months,
                rate=rate,
                rate_source=source,
                reply_lang=reply_lang,
                prefilled_from=prefilled,
            ),
            insert,
        )

    def action_switch_language(self) -> None:
        """F12: 中文 <-> English, live. The screens are rebuilt in the other language; the
        open conversation (and every draft) stays."""
        if isinstance(self.screen, ModalScreen):
            return
        self.lang = "en" if self.lang == "zh" else "zh"
        self.title = t("app.title", self.lang)
        for key in keys_for("global"):
            for name in key.keys.split(","):
                self._bindings.key_to_bindings.pop(name, None)
        bind_scope(self, "global", self.lang)
        client = getattr(self.service, "client", None)
        if client is not None:
            client.lang = self.lang  # server wording follows from the next connection
        opened = next(
            (s.cid for s in reversed(self.screen_stack) if isinstance(s, ConversationScreen)),
            None,
        )
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.model.opened = None
        self.push_screen(InboxScreen(self.lang))
        if opened is not None:
            self.open_conversation(opened)
        self.notify(t("lang.switched", self.lang))

    def action_command_palette(self) -> None:
        """The palette, with its prompt in the UI language."""
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t("palette.prompt", self.lang))
            )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.lang, self.demo_info))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
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

    # ------------------------------------------------------------------ replies
    def conversation_screen(self, cid: int) -> ConversationScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ConversationScreen) and screen.cid == cid and screen.is_attached:
                return screen
        return None

    def hold_reply(self, cid: int, text: str) -> HeldReply:
        """Take a reply exactly as typed; it goes out when the recall window closes."""
        held = HeldReply(cid, text, uuid.uuid4().hex)
        if self.recall_seconds <= 0:
            self.send_reply(held)
            return held
        self.held.append(held)
        held.timer = self.set_timer(self.recall_seconds, lambda: self.release(held))
        return held

    def release(self, held: HeldReply) -> None:
        if held in self.held:
            self.held.remove(held)
            self.send_reply(held)

    def recall(self, cid: int) -> HeldReply | None:
        """Pull back the latest held reply of a conversation (None: nothing left to recall)."""
        for held in reversed(self.held):
            if held.cid == cid:
                self.held.remove(held)
                if held.timer is not None:
                    held.timer.stop()
                return held
        return None

    async def flush_held(self) -> None:
        """Quitting: everything still held goes out now (nothing typed is lost)."""
        while self.held:
            held = self.held.pop(0)
            if held.timer is not None:
                held.timer.stop()
            await self._send_reply(held)

    async def _wait_connected(self, timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.link_state != "connected":
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return True

    @work(group="send", exit_on_error=False)
    async def send_reply(self, held: HeldReply) -> None:
        await self._send_reply(held)

    async def _send_reply(self, held: HeldReply) -> None:
        screen = self.conversation_screen(held.cid)
        if screen is not None:
            screen.set_status(t("conv.sending", self.lang), "dim")
        for attempt in range(4):
            try:
                ack = await self.service.call(
                    p.Reply, conversation=held.cid, body=held.text, key=held.key
                )
                break
            except ClientError as exc:
                # Lost with the connection: resend the same key once we are back; the
                # server stores it once even if the first one had arrived.
                if exc.code == "disconnected" and attempt < 3 and await self._wait_connected(30):
                    continue
                self.send_failed(held.cid, held.text, exc)
                return
            except Exception as exc:  # a bug must not swallow the agent's text
                self.send_failed(held.cid, held.text, ClientError("internal", repr(exc)))
                return
        screen = self.conversation_screen(held.cid)
        if screen is not None:
            screen.reply_done(held.text, ack)

    def send_failed(self, cid: int, text: str, exc: ClientError) -> None:
        """Nothing typed is lost: the text goes back into the box (or the draft)."""
        screen = self.conversation_screen(cid)
        if screen is not None:
            screen.send_failed(exc.code, exc.message, exc.detail, text)
            return
        draft = self.model.drafts.get(cid, "")
        self.model.drafts[cid] = text + ("\n" + draft if draft else "")
        self.notify(
            t("conv.restored", self.lang, why=f"#{cid} {exc.code}: {one_line(exc.message, 60)}"),
            severity="error",
            timeout=8,
        )
        self.bell()

    @work(group="send", exit_on_error=False)
    async def send_note(self, cid: int, text: str) -> None:
        try:
            ack = await self.service.call(p.Note, conversation=cid, body=text)
        except ClientError as exc:
            self.send_failed(cid, text, exc)
            return
        screen = self.conversation_screen(cid)
        if screen is not None:
            screen.note_done(text, ack)

    def typing(self, cid: int) -> None:
        now = time.monotonic()
        last = self._typing_sent.get(cid, 0.0)
        row = self.model.conversations.get(cid) or {}
        if now - last < 3.0 or self.link_state != "connected" or not self.model.is_mine(row):
            return
        self._typing_sent[cid] = now
        self.run_worker(self.service.typing(cid, True), group="typing", exit_on_error=False)

    # ------------------------------------------------------------------ conversation actions
    def action_offers(self) -> None:
        """F10, from any screen: every conversation offered to me; pick one to accept."""
        lang = self.lang
        offers = list(self.model.offers.values())
        if not offers:
            self.notify(t("dlg.no_offers", lang))
            return
        from loancs.tui.widgets.status_bar import offer_reason

        now = self.now()
        options = []
        for offer in offers:
            row = self.model.conversations.get(offer.conversation, {})
            label = (
                f"#{offer.conversation}  {t_opt('channel', row.get('channel'), lang)}  "
                f"{t_opt('loan', row.get('loan_type'), lang)}  "
                f"{one_line(row.get('customer_display') or '', 14)}  · "
                f"{offer_reason(offer, row, lang)}  ({max(0, (offer.expires_at - now) // 1000)} s)"
            )
            options.append((offer.conversation, label))

        def done(cid: int | None) -> None:
            if cid is not None:
                self.accept(cid)

        self.push_screen(ChoiceDialog(t("dlg.offers", lang), options, lang), done)

    @work(group="action", exit_on_error=False)
    async def accept(self, cid: int) -> None:
        """Accept, then open the conversation (whatever screen the agent was on)."""
        ack = await self._request(p.Accept, conversation=cid)
        if ack is not None:
            self.model.offers.pop(cid, None)
            row = self.model.conversations.get(cid)
            if row is not None:
                row["assigned_agent"] = self.model.me
                row["agent_name"] = self.model.name
            self.notify(t("conv.accepted", self.lang, id=cid))
            self._refresh_conversation(cid)
            self.inbox_changed()
            self.refresh_status()
            if self.conversation_screen(cid) is None:
                while isinstance(self.screen, (ConversationScreen, CalculatorScreen)):
                    if isinstance(self.screen, ConversationScreen):
                        self.model.opened = None
                    self.pop_screen()
                if isinstance(self.screen, InboxScreen):
                    self.screen.select_conversation(cid)
                    self.open_conversation(cid)

    def decline(self, cid: int) -> None:
        def done(reason: str | None) -> None:
            if reason is not None:
                self._decline(cid, reason or None)

        self.push_screen(TextDialog(t("dlg.decline_reason", self.lang), self.lang), done)

    @work(group="action", exit_on_error=False)
    async def _decline(self, cid: int, reason: str | None) -> None:
        if await self._request(p.Decline, conversation=cid, reason=reason) is not None:
            self.model.offers.pop(cid, None)
            self.notify(t("conv.declined", self.lang, id=cid))
            self.refresh_status()

    def _refresh_conversation(self, cid: int) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ConversationScreen) and screen.cid == cid:
                screen.refresh_head()

    def outcome_options(self, cid: int, allow_none: bool) -> list[tuple[Any, str]]:
        """The outcome codes, always in the same order with the same default (the first);
        "no code" comes last, and only where one is not required."""
        lang = self.lang
        options: list[tuple[Any, str]] = [(code, t(f"outcome.{code}", lang)) for code in OUTCOMES]
        row = self.model.conversations.get(cid) or {}
        if allow_none and row.get("channel") != "phone":
            options.append(("", t("outcome.none", lang)))
        return options

    def live_call(self, cid: int) -> bool:
        screen = self.conversation_screen(cid)
        if screen is not None and any(s != "ended" for s in screen.calls.values()):
            return True
        row = self.model.conversations.get(cid) or {}
        return row.get("call_state") in ("started", "answered")

    def resolve(self, cid: int, ask_outcome: bool = True) -> None:
        """Resolve with an outcome code (phone conversations must have one)."""
        self._resolve_flow(cid, ask_outcome)

    @work(group="action", exit_on_error=False)
    async def _resolve_flow(self, cid: int, ask_outcome: bool = True) -> None:
        lang = self.lang
        if self.live_call(cid):
            sure = await self.push_screen_wait(
                ConfirmDialog(t("dlg.live_call_title", lang), t("dlg.live_call_body", lang), lang)
            )
            if not sure:
                return
        allow_none = True
        while True:
            outcome: str | None = ""
            if ask_outcome or not allow_none:
                outcome = await self.push_screen_wait(
                    ChoiceDialog(
                        t("dlg.outcome", lang), self.outcome_options(cid, allow_none), lang
                    )
                )
                if outcome is None:  # cancelled with esc
                    return
            if outcome == "callback":
                await self._callback_flow(cid)
                return
            try:
                await self.service.call(p.Resolve, conversation=cid, outcome=outcome or None)
            except ClientError as exc:
                if exc.code == "outcome_required" and allow_none:
                    self.notify(t("err.outcome_required", lang), severity="warning")
                    allow_none = False
                    continue
                self.notify(
                    t("err.generic", lang, code=exc.code, message=one_line(exc.message, 120)),
                    severity="error",
                    timeout=6,
                )
                return
            break
        self.notify(t("conv.resolved", lang, id=cid))
        screen = self.conversation_screen(cid)
        if screen is not None and screen is self.screen:
            self.close_conversation(screen)

    async def _callback_flow(self, cid: int) -> bool:
        """Needs a call-back: a due time (and a note) make a task in my list; the
        conversation sleeps until then and comes back on its own."""
        lang = self.lang
        choices = [(m, t(f"dlg.callback_{m}", lang)) for m in (30, 60, 120, 1440)]
        minutes = await self.push_screen_wait(ChoiceDialog(t("dlg.callback", lang), choices, lang))
        if not minutes:
            return False
        note = await self.push_screen_wait(TextDialog(t("dlg.callback_note", lang), lang))
        due = _now_ms() + int(minutes) * 60_000
        if await self._request(p.Callback, conversation=cid, due=due, note=note or "") is None:
            return False
        row = self.model.conversations.get(cid)
        if row is not None:
            row["callback_due"], row["callback_note"] = due, note or ""
        await self._request(p.Snooze, conversation=cid, until=due)
        self.notify(t("conv.callback_set", lang, id=cid, time=clock(due, with_date=True)))
        self.inbox_changed()
        return True

    def snooze(self, cid: int) -> None:
        lang = self.lang
        options = [(m, t(f"dlg.snooze_{m}", lang)) for m in (15, 60, 240, 1440)]

        def done(minutes: int | None) -> None:
            if minutes:
                self._snooze(cid, self.now() + minutes * 60_000)

        self.push_screen(ChoiceDialog(t("dlg.snooze", lang), options, lang), done)

    @work(group="action", exit_on_error=False)
    async def _snooze(self, cid: int, until: int) -> None:
        if await self._request(p.Snooze, conversation=cid, until=until) is not None:
            self.notify(t("conv.snoozed", self.lang, id=cid))

    @work(group="action", exit_on_error=False)
    async def transfer(self, cid: int) -> None:
        lang = self.lang
        agents = await self._request(p.ListAgents) or []
        options: list[tuple[Any, str]] = [
            (
                ("agent", a["name"]),
                t(
                    "dlg.transfer_agent",
                    lang,
                    name=a["name"],
                    state=t_opt("state", a.get("state"), lang),
                ),
            )
            for a in agents
            if a.get("role") == "agent" and a.get("id") != self.model.me
        ]
        options += [
            (("queue", q), t("dlg.transfer_queue", lang, loan=t_opt("loan", q, lang)))
            for q in LOAN_TYPES
        ]
        choice = await self.push_screen_wait(ChoiceDialog(t("dlg.transfer", lang), options, lang))
        if not choice:
            return
        note = await self.push_screen_wait(TextDialog(t("dlg.note", lang), lang))
        if note is None:
            return
        target = {"to_agent": choice[1]} if choice[0] == "agent" else {"to_queue": choice[1]}
        if (
            await self._request(p.Transfer, conversation=cid, note=note or None, **target)
            is not None
        ):
            self.notify(t("conv.transferred", lang, id=cid))
            if isinstance(self.screen, ConversationScreen) and self.screen.cid == cid:
                self.close_conversation(self.screen)

    @work(group="action", exit_on_error=False)
    async def reveal(self, screen: ConversationScreen, customer: dict[str, Any]) -> None:
        lang = self.lang
        options = [
            (i["kind"], f"{t_opt('id', i['kind'], lang)}  {one_line(i.get('display'), 30)}")
            for i in customer.get("identities") or []
        ]
        if not options:
            return
        field = await self.push_screen_wait(ChoiceDialog(t("dlg.reveal", lang), options, lang))
        if not field:
            return
        reason = await self.push_screen_wait(TextDialog(t("dlg.reveal_reason", lang), lang))
        if not reason:
            return
        data = await self._request(p.Reveal, customer=customer["id"], field=field, reason=reason)
        if data is not None and screen.is_attached:
            screen.query_one(CustomerPane).reveal(field, str(data.get("value")))

    # ------------------------------------------------------------------ agent state
    @work(group="state", exit_on_error=False)
    async def action_agent_state(self) -> None:
        lang = self.lang
        options = [(s, t(f"state.{s}", lang)) for s in ("available", "break", "offline")]
        state = await self.push_screen_wait(ChoiceDialog(t("dlg.state", lang), options, lang))
        if not state:
            return
        reason = None
        if state == "break":
            reasons = [(r, t(f"dlg.reason.{r}", lang)) for r in BREAK_REASONS]
            reason = await self.push_screen_wait(
                ChoiceDialog(t("dlg.break_reason", lang), reasons, lang)
            )
            if not reason:
                return
        if await self._request(p.SetState, state=state, reason=reason) is not None:
            self.model.state, self.model.state_reason = state, reason
            self.refresh_status()

    @work(group="wrapup", exit_on_error=False)
    async def ask_wrapup(self, cid: int) -> None:
        """After a call: wrap-up state, an outcome code (digits pick one), a call-back task
        if one is needed, then available again."""
        if cid in self.wrapup_for:
            return
        self.wrapup_for.add(cid)
        lang = self.lang
        await self._request(p.SetState, state="wrapup")
        self.model.state = "wrapup"
        self.refresh_status()
        options = self.outcome_options(cid, allow_none=False)
        outcome = None
        while outcome is None:
            outcome = await self.push_screen_wait(
                ChoiceDialog(t("wrapup.prompt", lang) + f" (#{cid})", options, lang)
            )
            if outcome == "callback" and not await self._callback_flow(cid):
                outcome = None  # no due time given: ask again
        await self._request(p.SetState, state="wrapup", outcome=outcome)
        if await self._request(p.SetState, state="available") is not None:
            self.model.state, self.model.state_reason = "available", None
        self.refresh_status()
