"""One conversation: the transcript, the reply box with live compliance, the customer
beside it, and the actions (accept, transfer, snooze, resolve, notes, canned replies)."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace
from typing import Any, TypeVar

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.core.events import Kind
from loancs.tui import flows
from loancs.tui.dialogs.choice import ChoiceDialog, ConfirmDialog, TextDialog
from loancs.tui.i18n import CANNED, LOAN_TYPES, t, t_opt
from loancs.tui.keys import bind_scope
from loancs.tui.messages import CloseConversation
from loancs.tui.safe import amount, one_line
from loancs.tui.screens.base import ConsoleScreen
from loancs.tui.screens.calculator import CalculatorScreen
from loancs.tui.session import ROWS, SendOutcome, Session
from loancs.tui.widgets.composer import SEVERITY_STYLE, Composer, HitPanel, suggested_fix
from loancs.tui.widgets.customer_pane import CustomerPane
from loancs.tui.widgets.key_footer import KeyFooter
from loancs.tui.widgets.status_bar import StatusBar
from loancs.tui.widgets.transcript import Transcript

W = TypeVar("W", bound=Widget)

# Statuses of the line under the reply box that a focus change leaves in place: each still
# holds something shown nowhere else (a reply in its recall window and its ctrl+g; why a
# send was refused and its text put back). Any other status gives way to the key hint.
LASTING = frozenset({"held", "failed"})

# A reply typed outside the box may start with a letter the conversation answers to (j, k
# scroll, t, p, h move the focus, q quits): "just a sec" lost its j. Such a letter followed
# within this many seconds by a letter the screen does not answer to was the reply's first
# letter (a scroll read first waits longer than that before the agent types). q is held that
# long before it asks to quit ("quick question" asked to quit, and "you" answered yes).
TYPED_BURST_S = 0.3
WORD_KEYS = frozenset("jktphq")


def assignment_reason(payload: dict[str, Any], lang: str) -> str:
    """Why a conversation moved, in the agent's language (never the router's own text)."""
    from loancs.tui.widgets.status_bar import OFFER_REASONS

    code = str(payload.get("reason_code") or "")
    name = one_line(payload.get("agent_name") or "—", 12)
    if code in OFFER_REASONS:
        return t(f"offer.reason.{code}", lang, loan=t_opt("loan", payload.get("queue"), lang))
    if code in ("accepted", "supervisor", "transfer", "transfer_queue"):
        return t(f"why.{code}", lang, name=name)
    return t("why.other", lang)


class ConversationScreen(ConsoleScreen[None]):
    """One conversation. It loads its transcript and customer in its own workers, follows
    the session's events for its conversation, hands replies to the session's outbox and
    hears back how they went; leaving is a message to the app."""

    # The transcript has the focus first: j/k scroll it and can never type into the reply
    # box; enter (or r, or tab) moves into the box, esc leaves it. Given as soon as the
    # screen is composed, so a quick r is never undone by a later focus call.
    AUTO_FOCUS = "#transcript"

    DEFAULT_CSS = """
    ConversationScreen #conv-head { height: 1; padding: 0 1; background: $boost; }
    ConversationScreen #typing { height: 1; padding: 0 1; color: $text-muted; }
    ConversationScreen #send-status { height: auto; max-height: 4; padding: 0 1; }
    ConversationScreen #main { width: 1fr; }
    """

    def __init__(self, session: Session, conversation: int, lang: str):
        super().__init__(session, lang)
        self.cid = conversation
        self.note_mode = False
        self.data: dict[str, Any] | None = None
        self.calls: dict[str, str] = {}
        self.customer_id: int | None = None
        # The customer is read on opening and again on a stage event: reads asked, and the
        # newest one shown (an older read answered later does not replace a newer one).
        self.customer_reads = self.customer_read_shown = 0
        # Transcript reads on their way: the delivery marks (message, status, reason) heard
        # meanwhile, each read's own list. The read may predate them: they are applied over
        # it when it arrives (a mark for a message not shown yet found nothing to mark).
        self.marks_heard: list[list[tuple[int, str, str | None]]] = []
        self.status_kind = ""
        self.customer_shown: bool | None = None  # None: by the terminal's width
        # Letters typed outside the box that the screen answered to, in a burst that may be
        # the start of a reply (take_typed); a q among them has not asked to quit yet.
        self.typed_burst: list[events.Key] = []
        bind_scope(self, "conversation", lang)

    def compose(self) -> ComposeResult:
        yield StatusBar(self.session, self.lang)
        with Horizontal():
            with Vertical(id="main"):
                yield Static(id="conv-head")
                yield Transcript(self.lang, id="transcript")
                yield Static("", id="typing")
                yield Composer(take=self.take_reply, id="composer")
                yield Static("", id="send-status")
                yield HitPanel(self.lang, id="hits")
            yield CustomerPane(self.lang, id="customer")
        yield KeyFooter("conversation")

    # ------------------------------------------------------------------ parts
    @property
    def composer(self) -> Composer:
        return self.query_one(Composer)

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def row(self) -> dict[str, Any]:
        return (
            self.session.model.conversations.get(self.cid)
            or (self.data or {}).get("conversation")
            or {"id": self.cid}
        )

    def on_mount(self) -> None:
        session = self.session
        composer = self.composer
        composer.cursor_blink = session.ticking
        # On a call the box starts as a note on the call record (the caller reads nothing).
        self.note_mode = self.row.get("channel") == "phone"
        composer.set_class(self.note_mode, "-note")
        composer.border_title = self.composer_title()
        draft = session.model.drafts.get(self.cid, "")
        if draft:
            composer.load_text(draft)
            composer.move_cursor(composer.document.end)
        self.transcript.write(Text(t("conv.loading", self.lang), style="dim"))
        self.refresh_head()
        self.check_draft()
        self.set_status(t("conv.focus_hint", self.lang), "dim", kind="hint")
        session.events.subscribe(self, self.on_live_event, immediate=True)
        session.changed.subscribe(self, self._changed, immediate=True)
        session.outbox.listen(self.cid, self._sent)
        self.mark_read()
        self.load()

    def on_unmount(self) -> None:
        self.session.outbox.stop_listening(self.cid, self._sent)

    def _changed(self, what: str) -> None:
        if what == ROWS:
            self.refresh_head()

    # ------------------------------------------------------------------ the server
    @work(group="load", exit_on_error=False)
    async def load(self) -> None:
        session = self.session
        ask = self.request(p.GetConversation, conversation=self.cid, limit=1000)
        marks: list[tuple[int, str, str | None]] = []
        self.marks_heard.append(marks)
        try:
            data, touched = await session.read(ask)
        finally:  # (by identity: another read's list may be equal to this one)
            self.marks_heard = [other for other in self.marks_heard if other is not marks]
        if data is None:
            return
        self.loaded(data, marks)
        conv = data.get("conversation") or {}
        if conv.get("id") is not None and conv["id"] not in session.model.conversations:
            session.land([conv], touched)  # (read again if an event changed it meanwhile)
            await session.fetch_again([conv], touched)
        await self._load_customer()

    @work(group="load", exit_on_error=False)
    async def load_customer(self) -> None:
        await self._load_customer()

    async def _load_customer(self) -> None:
        if self.customer_id is None:
            return
        self.customer_reads += 1
        mine = self.customer_reads
        data = await self.request(p.GetCustomer, customer=self.customer_id)
        if data is not None and mine > self.customer_read_shown:
            self.customer_read_shown = mine
            self.customer_loaded(data)

    def mark_read(self) -> None:
        """Zero the unread count here at once and on the server (so it stays zero)."""
        session = self.session
        row = session.model.conversations.get(self.cid) or {}
        session.model.mark_read(self.cid)
        session.rows_changed()
        if row.get("unread") is not None and session.connected:
            self.run_worker(self._mark_read(), group="read", exit_on_error=False)

    async def _mark_read(self) -> None:
        try:
            await self.session.service.call(p.MarkRead, conversation=self.cid)
        except ClientError:
            pass  # only a counter: the next open tries again

    def typing(self) -> None:
        """Tell the customer's side that the agent types (at most every 3 s)."""
        session = self.session
        now = time.monotonic()
        last = session.typing_sent.get(self.cid, 0.0)
        if now - last < 3.0 or not session.connected or not session.model.is_mine(self.row):
            return
        session.typing_sent[self.cid] = now
        self.run_worker(session.service.typing(self.cid, True), group="typing", exit_on_error=False)

    def on_resize(self) -> None:
        self.layout_customer()
        # A short terminal (24 rows) keeps room for the transcript: smaller reply box and
        # compliance panel (it scrolls).
        short = self.size.height < 32
        self.composer.styles.height = 4 if short else 6
        self.query_one(HitPanel).styles.max_height = 4 if short else 8
        self.query_one("#send-status").styles.max_height = 2 if short else 4

    def layout_customer(self) -> None:
        """Narrow terminals (80 columns) hide the customer pane (ctrl+b shows it); wide
        ones give it more room."""
        width = self.size.width
        pane = self.query_one(CustomerPane)
        shown = self.customer_shown if self.customer_shown is not None else width >= 110
        pane.display = shown
        pane.styles.width = max(40, min(64, int(width * 0.3))) if width >= 110 else 40

    def action_toggle_customer(self) -> None:
        pane = self.query_one(CustomerPane)
        self.customer_shown = not pane.display
        self.layout_customer()

    def loaded(
        self, data: dict[str, Any], marks: list[tuple[int, str, str | None]] | None = None
    ) -> None:
        """The transcript arrived (``marks``: the delivery marks heard while it was on its
        way, in the order heard, applied over it)."""
        self.data = data
        for call in data.get("calls") or []:
            self.calls[call["call_id"]] = call.get("state") or "ringing"
        transcript = self.transcript
        transcript.load(list(data.get("messages") or []))
        for message, status, reason in marks or ():
            transcript.mark_delivery(message, status, reason)
        conv = data.get("conversation") or {}
        self.customer_id = conv.get("customer")
        if conv.get("channel") == "phone" and not self.note_mode and not self.composer.text:
            self.action_toggle_note(force=True)  # learnt only now that it is a call
        else:
            self.composer.border_title = self.composer_title()
        self.refresh_head()

    def customer_loaded(self, data: dict[str, Any]) -> None:
        pane = self.query_one(CustomerPane)
        pane.show(data)
        pane.follow(self.cid, self.row)

    def refresh_head(self) -> None:
        if not self.is_mounted:
            return
        row = self.row
        lang = self.lang
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(t("conv.title", lang, id=self.cid) + "  ", style="bold")
        head.append(t_opt("channel", row.get("channel"), lang) + "  ", style="bold")
        head.append(one_line(row.get("customer_display") or "?", 20) + "  ")
        head.append(t_opt("loan", row.get("loan_type"), lang))
        if row.get("amount"):
            head.append(f" {amount(row['amount'])}", style="dim")
        head.append("  " + t_opt("status", row.get("status"), lang), style="italic")
        owner = row.get("assigned_agent")
        if owner is None:
            head.append("  " + t("inbox.queue", lang), style="bold yellow")
        elif owner != self.session.model.me:
            head.append(
                "  " + t("conv.other_agent", lang, name=one_line(row.get("agent_name"), 10)),
                style="yellow",
            )
        active = [s for s in self.calls.values() if s != "ended"]
        if self.calls:
            state = active[-1] if active else "ended"
            head.append(
                "  ☎ " + t("conv.call", lang, state=t_opt("call", state, lang)),
                style="bold magenta",
            )
        self.query_one("#conv-head", Static).update(head)
        self.query_one(CustomerPane).follow(self.cid, row)

    # ------------------------------------------------------------------ typing and compliance
    def on_text_area_changed(self, event: Composer.Changed) -> None:
        if event.text_area is not self.composer:
            return
        text = self.composer.text
        drafts = self.session.model.drafts
        if text:
            drafts[self.cid] = text
        else:
            drafts.pop(self.cid, None)
        self.check_draft()
        if self.status_kind == "blocked" and not any(
            h.severity == "block" for h in self.composer.hits
        ):
            self.show_hint()  # the text was fixed: the old refusal no longer applies
        self.typing()

    def check_draft(self) -> None:
        composer = self.composer
        text = composer.text
        if self.note_mode or not text.strip():
            composer.set_hits([])
            self.query_one(HitPanel).show_hits([])
            return
        result = self.session.rules.check(text, self.lang)
        composer.set_hits(result.hits)
        self.query_one(HitPanel).show_hits(result.hits)

    def watch_focused(self, focused: Any) -> None:
        """The key hint under the reply box follows the focus: in the box r, j and k are
        letters and esc leaves it; anywhere else enter or r goes into the box. A status the
        line shows gives way to it when the focus moves, unless it still holds something
        shown nowhere else (LASTING: a reply in its recall window, a refused send's reason):
        "suggestion applied, check it" or "✓ sent" said their piece, and a block's reason
        stays in the hit panel while the text still holds it."""
        if self.status_kind not in LASTING and self.is_mounted:
            self.show_hint(focused)

    def show_hint(self, focused: Any = None) -> None:
        """The key hint for where the focus is (``focused``: the focus being set now)."""
        if isinstance(focused or self.focused, Composer):
            self.set_status(t("conv.box_hint", self.lang), "dim", kind="box_hint")
        else:
            self.set_status(t("conv.focus_hint", self.lang), "dim", kind="hint")

    def set_status(self, text: str, style: str = "", kind: str = "") -> None:
        """The line under the reply box (it wraps: a block reason is read in full).
        ``kind``: "hint" / "box_hint" (the key hint), "blocked", "held", "failed" (LASTING)
        or "" (a notice)."""
        self.status_kind = kind
        self.query_one("#send-status", Static).update(Text(text, style=style))

    # ------------------------------------------------------------------ sending
    def take_reply(self, text: str) -> bool:
        """Enter in the reply box, with the exact text it shows. True: the text was taken
        (the box empties in the same step); False: it stays in the box, with the reason."""
        lang = self.lang
        if not text.strip():
            self.set_status(t("conv.empty", lang), "yellow")
            return False
        if self.note_mode:
            self.set_status(t("conv.sending", lang), "dim")
            self.session.outbox.send_note(self.cid, text)
            return True
        result = self.session.rules.check(text, lang)
        if result.blocked:
            hit = next(h for h in result.hits if h.severity == "block")
            self.composer.set_hits(result.hits)
            self.query_one(HitPanel).show_hits(result.hits)
            self.set_status(
                t(
                    "conv.blocked",
                    lang,
                    match=one_line(hit.match, 30),
                    message=str(hit.message),
                ),
                "bold white on red",
                kind="blocked",
            )
            self.ring()
            return False
        model = self.session.model
        if self.row.get("assigned_agent") != model.me and model.role == "agent":
            self.set_status(t("conv.unassigned", lang), "bold yellow")
            return False
        warnings = [h for h in result.hits if h.severity == "warn"]
        if warnings:
            self.confirm_warnings(text, warnings)
            return False
        self.hold(text)
        return True

    def hold(self, text: str) -> None:
        session = self.session
        session.model.drafts.pop(self.cid, None)
        session.outbox.hold(self.cid, text)
        if session.recall_seconds > 0:
            self.set_status(
                t(
                    "conv.held",
                    self.lang,
                    s=f"{session.recall_seconds:g}",
                    text=one_line(text, 30),
                ),
                "bold cyan",
                kind="held",
            )

    def confirm_warnings(self, text: str, warnings: list[Any]) -> None:
        body = Text()
        for hit in warnings[:5]:
            body.append(f" {t('hit.warn', self.lang)} ", style=SEVERITY_STYLE["warn"])
            body.append(" 「" + one_line(hit.match, 30) + "」 ")
            body.append(one_line(hit.message, 80) + "\n")
        body.append(t("dlg.warn_body", self.lang), style="bold")

        def done(yes: bool | None) -> None:
            composer = self.composer
            if not yes:
                composer.focus()
                return
            # The dialog was modal: the box still holds the text (plus anything typed
            # before the dialog took the keys, which stays in the box).
            if composer.text.startswith(text):
                composer.load_text(composer.text[len(text) :])
                composer.move_cursor(composer.document.end)
            self.hold(text)
            composer.focus()

        self.show(ConfirmDialog(t("dlg.warn_title", self.lang), body, self.lang), done)

    def action_send(self) -> None:
        self.composer.submit()

    def action_recall(self) -> None:
        held = self.session.outbox.recall(self.cid)
        if held is None:
            self.set_status(t("conv.nothing_to_recall", self.lang), "yellow")
            return
        self.restore_text(held.text)
        self.set_status(t("conv.recalled", self.lang), "bold cyan")

    def restore_text(self, text: str) -> None:
        """Put text back into the box, ahead of whatever is there now."""
        composer = self.composer
        rest = composer.text
        composer.load_text(text + ("\n" + rest if rest else ""))
        composer.move_cursor(composer.document.end)
        self.session.model.drafts[self.cid] = composer.text
        # At once (focus() would move it on the next turn, after the status the caller
        # sets now, which the key hint would then replace).
        self.set_focus(composer)

    def _sent(self, outcome: SendOutcome) -> None:
        """How a reply or note of this conversation went (from the outbox)."""
        if outcome.state == "sending":
            self.set_status(t("conv.sending", self.lang), "dim")
        elif outcome.state == "sent":
            self.reply_done(outcome.text, outcome.ack)
        elif outcome.state == "noted":
            self.note_done(outcome.text, outcome.ack)
        elif outcome.error is not None:
            error = outcome.error
            self.send_failed(error.code, error.message, error.detail, outcome.text)

    def reply_done(self, text: str, ack: Any) -> None:
        """The server acknowledged ``text`` (the box was emptied when Enter took it)."""
        warnings = getattr(ack, "warnings", None) or []
        if warnings:
            self.set_status(t("conv.sent_warn", self.lang, n=len(warnings)), "bold yellow")
        else:
            self.set_status("✓ " + t("conv.sent", self.lang), "green")
        message = getattr(ack, "message", None)
        if message is not None:
            self.transcript.add_message(
                {
                    "id": message,
                    "ts": self.session.now(),
                    "direction": "out",
                    "author": self.session.model.name,
                    "body": text,
                    "kind": "text",
                    "channel": self.row.get("channel"),
                }
            )

    def note_done(self, text: str, ack: Any) -> None:
        self.set_status("✓ " + t("conv.note_saved", self.lang), "green")
        self.action_toggle_note(force=self.row.get("channel") == "phone")

    def send_failed(self, code: str, message: str, detail: Any, text: str = "") -> None:
        lang = self.lang
        if text:
            self.restore_text(text)
        if code == "compliance_blocked":
            hits = [
                SimpleNamespace(**h) for h in (detail or {}).get("hits", []) if isinstance(h, dict)
            ]
            self.query_one(HitPanel).show_hits(hits)
            self.set_status(
                t("conv.server_blocked", lang, message=message), "bold white on red", "blocked"
            )
        else:
            why = (
                t("err.disconnected", lang)
                if code == "disconnected"
                else f"{code}: {one_line(message, 80)}"
            )
            self.set_status(t("conv.restored", lang, why=why), "bold red", "failed")
        self.ring()

    # ------------------------------------------------------------------ live events
    def on_live_event(self, ev: Any) -> None:
        if ev.conversation != self.cid:
            if ev.kind == Kind.APPLICATION_STAGE and ev.payload.get("customer") == self.customer_id:
                self.load_customer()
            return
        kind, payload, lang = ev.kind, ev.payload, self.lang
        transcript = self.transcript
        if kind == Kind.MESSAGE_RECEIVED:
            transcript.add_message(
                {
                    "id": payload.get("message"),
                    "ts": ev.ts,
                    "direction": "in",
                    "author": payload.get("customer_display"),
                    "body": payload.get("body"),
                    "kind": payload.get("kind"),
                    "channel": payload.get("channel"),
                }
            )
            self.mark_read()
            self.query_one("#typing", Static).update("")
        elif kind == Kind.MESSAGE_SENT:
            transcript.add_message(
                {
                    "id": payload.get("message"),
                    "ts": ev.ts,
                    "direction": "out",
                    "author": payload.get("agent_name"),
                    "body": payload.get("body"),
                    "kind": "text",
                    "channel": payload.get("channel"),
                }
            )
        elif kind == Kind.NOTE_ADDED:
            transcript.add_message(
                {
                    "id": payload.get("message"),
                    "ts": ev.ts,
                    "direction": "note",
                    "author": payload.get("agent_name"),
                    "body": payload.get("body"),
                    "kind": "text",
                    "channel": self.row.get("channel"),
                }
            )
        elif kind == Kind.CONVERSATION_WHISPER:
            transcript.add_message(
                {
                    "id": None,
                    "ts": ev.ts,
                    "direction": "whisper",
                    "author": payload.get("supervisor"),
                    "body": payload.get("body"),
                    "kind": "text",
                    "channel": self.row.get("channel"),
                }
            )
            self.ring()
        elif kind in (Kind.DELIVERY_SENT, Kind.DELIVERY_FAILED):
            mark = (payload.get("message"), kind.split(".")[1], payload.get("reason"))
            for marks in self.marks_heard:
                marks.append(mark)
            transcript.mark_delivery(*mark)
        elif kind == Kind.TYPING:
            if payload.get("who") == "customer":
                active = payload.get("active", True)
                typing = self.query_one("#typing", Static)
                typing.update(t("conv.typing", lang) if active else "")
                if active:  # a customer who stops typing sends nothing: fade by itself
                    self.set_timer(6.0, lambda: typing.update(""))
            return
        elif kind in (Kind.CONVERSATION_ASSIGNED, Kind.CONVERSATION_TRANSFERRED):
            name = one_line(payload.get("agent_name") or payload.get("queue") or "—", 12)
            text = t(
                "evt.assigned" if kind.endswith("assigned") else "evt.transferred",
                lang,
                name=name,
                reason=assignment_reason(payload, lang),
            )
            transcript.add_system(ev.ts, text)
        elif kind == Kind.CONVERSATION_RESOLVED:
            transcript.add_system(
                ev.ts,
                t(
                    "evt.resolved",
                    lang,
                    outcome=t_opt("outcome", payload.get("outcome"), lang)
                    if payload.get("outcome")
                    else "",
                ),
            )
        elif kind == Kind.CONVERSATION_SNOOZED:
            transcript.add_system(ev.ts, t("evt.snoozed", lang))
        elif kind == Kind.CONVERSATION_REOPENED:
            transcript.add_system(ev.ts, t("evt.reopened", lang))
        elif kind == Kind.COMPLIANCE_HIT:
            blocked = payload.get("action") == "blocked"
            transcript.add_system(
                ev.ts,
                t(
                    "evt.compliance_blocked" if blocked else "evt.compliance_warned",
                    lang,
                    match=one_line(payload.get("match"), 30),
                ),
                "italic red" if blocked else "italic yellow",
            )
        elif kind.startswith("call."):
            state = kind.split(".", 1)[1]
            call_id = payload.get("call_id") or "?"
            if state != "recording":
                self.calls[call_id] = "ringing" if state == "started" else state
            transcript.add_system(
                ev.ts, t("evt.call", lang, state=t_opt("call", state, lang)), "italic magenta"
            )
        self.refresh_head()

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        """Esc: out of the reply box first (to the transcript), then back to the inbox."""
        if self.focused is self.composer:
            self.transcript.focus()
            return
        # Closed now, in key order (esc is a priority key): the keys typed right after it go
        # to the inbox, not to this conversation (a message closed it a few turns later).
        close_now = getattr(self.app, "close_conversation", None)
        if close_now is not None:
            close_now(self.cid)
        else:
            self.post_message(CloseConversation(self.cid))

    def take_typed(self, event: events.Key) -> bool:
        """A letter typed outside the reply box of her own conversation starts the reply with
        it, unless it is a key the console answers to there (r/i/enter into the box, j/k
        scroll, t/p/h move the focus, q quits). Called by the app as the key arrives
        (EscKeysApp.on_event), in key order: a key forwarded to the transcript waits in its
        queue while a later priority key (the r of "Sure") runs at once, so "Sure" typed right
        after opening came out as "e" (S and u reached the screen after r had moved the focus)
        and "Okay 好的" not at all. A reply in hanzi is never a key: it arrives whole.

        A key it answers to that is followed within TYPED_BURST_S by a letter starting the
        reply was that reply's first letter ("just a sec" came out as "ust a sec"): j, k, t,
        p, h act at once and are put back in front; q waits that long before it asks to quit.
        r, i and enter stay the way into the box ("r" then "ok" is "ok"); after such a letter
        they are letters ("hi"). q then y is the quit and its yes typed together (no reply
        starts with "qy")."""
        character = event.character
        burst = self.typed_burst
        if burst and event.time - burst[-1].time > TYPED_BURST_S:
            burst.clear()
        if (
            character is None
            or not character.isprintable()
            or not self.is_mounted  # (a key read while the screen is still being built)
            or isinstance(self.focused, (Composer, Input))
            or not self.session.model.is_mine(self.row)
        ):
            burst.clear()
            return False
        if event.key in self.app.active_bindings:
            if character in WORD_KEYS:
                if any(k is event for k in burst):
                    return False  # (seen as it arrived, now again on its way up: on_key)
                burst.append(event)
                if character == "q":  # held: it quits only if no letter follows
                    self.set_timer(TYPED_BURST_S, lambda: self._quit_if_held(event))
                    return True
                return False
            if not burst:
                return False
        if character == "y" and len(burst) == 1 and burst[0].character == "q":
            # q then y at once is the quit and its answer typed together, not a reply (none
            # starts with "qy"): asked, and answered yes.
            burst.clear()
            self.run_worker(self._quit_answered(), group="quit", exit_on_error=False)
            return True
        composer = next(iter(self.query(Composer)), None)
        if composer is None:
            return False
        self.set_focus(composer)  # at once: the next key goes to the box too
        composer.insert("".join(k.character or "" for k in burst) + character)
        burst.clear()
        return True

    async def _quit_if_held(self, key: events.Key) -> None:
        """The q of take_typed, if no letter took it: it asks to quit now."""
        if key in self.typed_burst:
            self.typed_burst.clear()
            await self.app.run_action("quit")

    async def _quit_answered(self) -> None:
        """q then y within TYPED_BURST_S (take_typed): quit, and yes to the question it asks
        (the question is asked only with her conversations open: else it quits at once)."""
        app = self.app
        await app.run_action("quit")
        dialog = app.screen
        if isinstance(dialog, ConfirmDialog):
            for _ in range(200):  # (built in a turn or two of the loop)
                if dialog.is_mounted:
                    break
                await asyncio.sleep(0.01)
            dialog.action_answer(True)

    def on_key(self, event: events.Key) -> None:
        """The same for a key that reached the screen from a pane that did not take it (one
        read before the screen was built, then forwarded)."""
        if self.take_typed(event):
            event.stop()
            event.prevent_default()

    def action_reply(self) -> None:
        """r, i or enter: into the reply box. A priority key, so it runs in key order and
        the keys typed right after it reach the box; typed in the box (or any text field),
        it is just a letter or Enter there."""
        if isinstance(self.focused, (Composer, Input)):
            raise SkipAction()
        self.set_focus(self.composer)  # at once, not on the next turn as focus() would

    def _built(self, part: type[W]) -> W:
        """A pane the keys act on, or SkipAction while the screen is still being built: a
        letter typed the instant a conversation opens ("thanks" typed at once, its h the
        key that moves the focus to the hits) ran the pane's action on a screen whose panes
        were not mounted yet, and query_one's NoMatches closed the console (1 run in ~37 of
        test_console_reply_first_letter, base and since)."""
        found = next(iter(self.query(part)), None)
        if found is None:
            raise SkipAction()
        return found

    def action_focus_transcript(self) -> None:
        self._built(Transcript).focus()

    def action_focus_customer(self) -> None:
        self._built(CustomerPane).focus()

    def action_focus_hits(self) -> None:
        self._built(HitPanel).focus()

    def action_hit_details(self) -> None:
        self._built(HitPanel).toggle_details()

    def action_apply_fix(self) -> None:
        """Apply the first hit's suggested rewrite (or mask) to the reply box."""
        composer = self.composer
        text = composer.text
        order = {"block": 0, "warn": 1, "info": 2}
        for hit in sorted(composer.hits, key=lambda h: (order.get(h.severity, 3), h.start)):
            fix = suggested_fix(hit, self.lang)
            if fix is None or text[hit.start : hit.end] != hit.match:
                continue
            how, words = fix
            if how == "replace":
                new, cursor = text[: hit.start] + words + text[hit.end :], hit.start + len(words)
            else:
                new, cursor = text[: hit.end] + words + text[hit.end :], hit.end + len(words)
            composer.load_text(new)
            row = new.count("\n", 0, cursor)
            composer.move_cursor((row, cursor - (new.rfind("\n", 0, cursor) + 1)))
            self.set_focus(composer)  # (at once: see restore_text)
            self.set_status(t("hit.applied", self.lang), "cyan")
            return
        self.set_status(t("hit.no_fix", self.lang), "yellow")

    def action_next_pane(self) -> None:
        self.focus_next()

    def action_older(self) -> None:
        self.transcript.show_all()

    def _scroll_target(self) -> Any:
        """j/k scroll the pane that has the focus (the transcript by default)."""
        focused = self.focused
        if isinstance(focused, (HitPanel, CustomerPane)):
            return focused
        return self._built(Transcript)

    def action_scroll_down(self) -> None:
        self._scroll_target().scroll_down()

    def action_scroll_up(self) -> None:
        self._scroll_target().scroll_up()

    def composer_title(self) -> str:
        """Says where the text goes: to the customer, a private note, or (on a phone
        conversation) a note on the call record or a follow-up message."""
        phone = self.row.get("channel") == "phone"
        if self.note_mode:
            return t("conv.composer_call_note" if phone else "conv.composer_note", self.lang)
        return t("conv.composer_phone" if phone else "conv.composer", self.lang)

    def action_toggle_note(self, force: bool | None = None) -> None:
        self.note_mode = (not self.note_mode) if force is None else force
        composer = self.composer
        composer.set_class(self.note_mode, "-note")
        composer.border_title = self.composer_title()
        self.check_draft()

    def action_canned(self) -> None:
        index = 0 if self.lang == "zh" else 1
        options = [(text[index], text[index]) for text in CANNED]
        self.show(ChoiceDialog(t("dlg.canned", self.lang), options, self.lang), self.insert_text)

    def insert_text(self, text: str | None) -> None:
        if text:
            self.composer.insert(text)
            self.composer.focus()

    def action_calculator(self) -> None:
        """The calculator, pre-filled from what the customer wrote here; ctrl+s there puts
        its summary into the reply box."""
        said = [
            str(m.get("body") or "")
            for kind, m in self.transcript.entries
            if kind == "msg" and m.get("direction") == "in"
        ]
        calculator = CalculatorScreen.for_conversation(self.session, self.lang, self.row, said)
        self.show(calculator, self.summary_inserted)

    def summary_inserted(self, summary: str | None) -> None:
        if summary:
            self.insert_text(summary)
            self.set_status("✓ " + t("calc.inserted", self.lang), "green")

    @work(group="action", exit_on_error=False)
    async def action_accept(self) -> None:
        await flows.accept(self, self.cid)

    @work(group="action", exit_on_error=False)
    async def action_transfer(self) -> None:
        lang, cid = self.lang, self.cid
        agents = await self.request(p.ListAgents) or []
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
            if a.get("role") == "agent" and a.get("id") != self.session.model.me
        ]
        options += [
            (("queue", q), t("dlg.transfer_queue", lang, loan=t_opt("loan", q, lang)))
            for q in LOAN_TYPES
        ]
        choice = await self.ask(ChoiceDialog(t("dlg.transfer", lang), options, lang))
        if not choice:
            return
        note = await self.ask(TextDialog(t("dlg.note", lang), lang))
        if note is None:
            return
        target = {"to_agent": choice[1]} if choice[0] == "agent" else {"to_queue": choice[1]}
        if await self.request(p.Transfer, conversation=cid, note=note or None, **target) is None:
            return
        self.notify(t("conv.transferred", lang, id=cid))
        self.post_message(CloseConversation(cid))

    @work(group="action", exit_on_error=False)
    async def action_snooze(self) -> None:
        lang = self.lang
        options = [(m, t(f"dlg.snooze_{m}", lang)) for m in (15, 60, 240, 1440)]
        minutes = await self.ask(ChoiceDialog(t("dlg.snooze", lang), options, lang))
        if not minutes:
            return
        until = self.session.now() + minutes * 60_000
        if await self.request(p.Snooze, conversation=self.cid, until=until) is not None:
            self.notify(t("conv.snoozed", lang, id=self.cid))

    def live_call(self) -> bool:
        if any(s != "ended" for s in self.calls.values()):
            return True
        return self.row.get("call_state") in ("started", "answered")

    @work(group="action", exit_on_error=False)
    async def action_resolve(self) -> None:
        """Resolve with an outcome code; with a call still live the agent confirms first."""
        lang = self.lang
        if self.live_call():
            sure = await self.ask(
                ConfirmDialog(t("dlg.live_call_title", lang), t("dlg.live_call_body", lang), lang)
            )
            if not sure:
                return
        if await flows.resolve(self, self.cid, ask_outcome=True):
            self.post_message(CloseConversation(self.cid))

    @work(group="action", exit_on_error=False)
    async def action_reveal(self) -> None:
        """Show a masked identity in full: the field and a reason are asked, and logged."""
        pane = self.query_one(CustomerPane)
        customer = pane.data
        if not customer or self.customer_id is None:
            return
        lang = self.lang
        options = [
            (i["kind"], f"{t_opt('id', i['kind'], lang)}  {one_line(i.get('display'), 30)}")
            for i in customer.get("identities") or []
        ]
        if not options:
            return
        field = await self.ask(ChoiceDialog(t("dlg.reveal", lang), options, lang))
        if not field:
            return
        reason = await self.ask(TextDialog(t("dlg.reveal_reason", lang), lang))
        if not reason:
            return
        data = await self.request(p.Reveal, customer=customer["id"], field=field, reason=reason)
        if data is not None:
            pane.reveal(field, str(data.get("value")))
