"""The assistant in the server: the first responder on web chat and WeChat.

Driven by committed events like the router. For a channel whose ``[assistant]`` mode is on
now (``always``, or ``off_hours`` outside business hours) the router leaves a new customer
message to the assistant (``holds``); the assistant classifies it (``message.intent``),
answers through the same compliance check and event path as an agent (``message.sent``,
actor ``assistant``), or records ``assistant.handoff`` with a summary card and queues the
conversation with the intent as a skill hint. Off hours a loan seeker is pre-screened
(``prequal.completed``); the card waits in the queue for the first agent in the morning.

It never blocks ingest: answering runs in tasks after commit, and a failure or an answer
slower than ``timeout_s`` queues the conversation exactly as without the assistant.

Identity: account data only for a verified borrower — a WeChat OpenID the lender bound
(``bind``), or a web-chat visitor who entered a one-time SMS code (``verify_request`` /
``verify_code``) or passed a token signed by the lender's login (``verify_token``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from loancs.core.assistant.hours import BusinessHours
from loancs.core.events import Kind
from loancs.core.pii import mask_identity
from loancs.store import commands, server_reads
from loancs.store.assistant_reads import account_for
from loancs.store.writer import OpError, StoredEvent

# Kinds compared for every committed event, as plain strings: comparing a str with a
# StrEnum member (or reading one through its class) costs ~80 ns each on 3.11, ~10 plain.
_RECEIVED = str(Kind.MESSAGE_RECEIVED)
_RESOLVED = str(Kind.CONVERSATION_RESOLVED)
_FIRST_KINDS = frozenset({str(Kind.CONVERSATION_OPENED), _RECEIVED})
_HANDED_KINDS = frozenset({str(Kind.CONVERSATION_ASSIGNED), str(Kind.CONVERSATION_TRANSFERRED)})

if TYPE_CHECKING:
    from loancs.core.assistant.answer import Assistant
    from loancs.server.context import ServerContext

log = logging.getLogger("loancs.assistant")

CHANNELS = ("chat", "wechat")
URGENCY = {
    "complaint": "complaint",
    "dispute": "complaint",
    "fraud": "complaint",
    "fraud_report": "complaint",
    "hardship": "overdue",
    "distress": "overdue",
    "overdue_hardship": "overdue",
}
CODE_TTL_MS = 5 * 60 * 1000
CODE_TRIES = 5
CODE_INTERVAL_MS = 60 * 1000
_PHONE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")


# ---------------------------------------------------------------- SMS providers


class SmsProvider(Protocol):
    async def send(self, phone: str, text: str) -> None: ...


class LoggingSms:
    """The demo's provider: the message goes to the server log (and nowhere else)."""

    async def send(self, phone: str, text: str) -> None:
        log.warning("SMS to %s: %s", mask_identity("phone", phone), text)


class RecordingSms:
    """Keeps what would have been sent (tests, and a lender wiring up a real provider)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))


@dataclass
class PendingCode:
    phone: str
    digest: str
    expires: int
    sent_at: int
    tries: int = CODE_TRIES


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def sign_login_token(secret: str, customer_no: str, exp_s: int) -> str:
    """What the lender's login does (documented so the widget's host page can do it)."""
    payload = (
        base64.urlsafe_b64encode(
            json.dumps({"customer_no": customer_no, "exp": exp_s}, separators=(",", ":")).encode()
        )
        .decode()
        .rstrip("=")
    )
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{mac}"


def check_login_token(secret: str, token: str, now_s: float) -> str | None:
    """The customer number a valid, unexpired token names; None otherwise."""
    payload, _, mac = token.partition(".")
    want = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    if not mac or not hmac.compare_digest(want, mac):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return None
    if not isinstance(data, dict) or float(data.get("exp", 0)) < now_s:
        return None
    number = data.get("customer_no")
    return number if isinstance(number, str) and number else None


# ---------------------------------------------------------------- the service


class AssistantService:
    def __init__(self, server: ServerContext):
        self.server = server
        cfg = server.config.file.assistant
        self.cfg = cfg
        self.modes = {"chat": cfg.chat, "wechat": cfg.wechat}
        self.hours = BusinessHours.from_config(
            cfg.hours, [d - 1 for d in cfg.weekdays], cfg.timezone, cfg.holidays
        )
        self.clock = lambda: int(time.time() * 1000)  # tests move it to 23:00 and 09:00
        self.sms: SmsProvider = LoggingSms()
        self.assistant: Assistant | None = (
            None  # loaded in a thread at start; until then nothing is held
        )
        self.kb_dir = Path(cfg.kb) if cfg.kb else None
        self.catalog_path = Path(cfg.catalog) if cfg.catalog else None
        self.handed: set[int] = set()  # a person has (or is about to have) it
        self.screens: dict[int, Any] = {}  # conversation -> Prescreen in progress
        self.screen_intent: dict[int, str] = {}
        self.codes: dict[str, PendingCode] = {}  # visitor -> code in flight
        self._decisions: dict[int, bool] = {}  # event seq -> held (asked by two listeners)
        self._locks: dict[int, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()
        self._watcher: asyncio.Task | None = None
        self._kb_sig: tuple = ()
        # Loading (~6 s after start): a first message the assistant would answer waits here and
        # is answered once it is ready (queued as usual if loading fails), not left in the
        # queue unanswered.
        self._loading = False
        self._early: list[StoredEvent] = []

    @property
    def enabled(self) -> bool:
        return any(mode != "off" for mode in self.modes.values())

    @property
    def may_hold(self) -> bool:
        """Whether the assistant may answer first: loaded, or still loading (what it holds
        meanwhile it answers once loaded). False when off or when loading failed."""
        return self.assistant is not None or self._loading

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        if not self.enabled:
            return
        self.handed.update(await server_reads.handed_off_open(self.server.store))
        self._loading = True
        self.server.hub.listeners.append(self._on_events)
        self._watcher = asyncio.create_task(self._load_and_watch())

    async def close(self) -> None:
        if self._watcher:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        for task in list(self._tasks):
            task.cancel()

    async def _load_and_watch(self) -> None:
        from loancs.assistant_files import DEFAULT_KB, build_assistant, kb_signature

        kb_dir = self.kb_dir or DEFAULT_KB
        try:
            self._kb_sig = await asyncio.to_thread(kb_signature, kb_dir)
            self.assistant = await asyncio.to_thread(
                build_assistant, self.kb_dir, self.catalog_path, self._check
            )
            log.info("assistant ready (%s)", ", ".join(f"{k}={v}" for k, v in self.modes.items()))
        except OSError as exc:  # a missing knowledge base or catalog: one line, not a traceback
            log.error("assistant not started (%s): conversations go to the queue as usual", exc)
            self._loaded(False)
            return
        except Exception:
            log.exception("assistant not started: conversations go to the queue as usual")
            self._loaded(False)
            return
        self._loaded(True)
        while True:  # the knowledge base reloads within a second of an edit
            await asyncio.sleep(1.0)
            try:
                sig = await asyncio.to_thread(kb_signature, kb_dir)
                if sig != self._kb_sig and self.assistant is not None:
                    from loancs.assistant_files import read_kb

                    self._kb_sig = sig
                    self.assistant.kb = await asyncio.to_thread(read_kb, self.kb_dir)
                    log.info("knowledge base reloaded from %s", kb_dir)
            except Exception:
                log.exception("knowledge base not reloaded; keeping the previous one")

    def _loaded(self, ready: bool) -> None:
        """Loading is over: answer what arrived meanwhile, in order (or queue it if the
        assistant did not load)."""
        self._loading = False
        early, self._early = self._early, []
        if early:
            log.info(
                "assistant %s %d message(s) sent while it loaded",
                "answering" if ready else "queueing",
                len(early),
            )
        for event in early:
            assert event.conversation is not None
            self._spawn(self._handle(event) if ready else self._queue(event.conversation))

    def _check(self, text: str, lang: str):
        return self.server.services.compliance.rules.check(text, lang)

    # ------------------------------------------------------------ who answers first

    def active_now(self, channel: str | None) -> bool:
        mode = self.modes.get(channel or "", "off")
        if mode == "always":
            return True
        return mode == "off_hours" and not self.hours.is_open(self.clock())

    def holds(self, event: StoredEvent) -> bool:
        """Asked by the router before it queues: is this message the assistant's first?"""
        if event.kind not in _FIRST_KINDS or not self.may_hold:
            return False
        decided = self._decisions.get(event.seq)
        if decided is not None:
            return decided
        meta = event.meta or {}
        channel = event.payload.get("channel") or meta.get("channel")
        held = (
            event.conversation not in self.handed
            and meta.get("assigned") is None
            and self.active_now(channel)
        )
        if len(self._decisions) > 10000:
            self._decisions.clear()
        self._decisions[event.seq] = held
        return held

    def _on_events(self, events: list[StoredEvent]) -> None:
        for event in events:  # (every event: the kinds compared as plain strings)
            kind, conv = event.kind, event.conversation
            if conv is None:
                continue
            if kind == _RECEIVED:
                if not self.server.leads:
                    self.holds(event)  # of several servers, the routing leader answers
                elif self.holds(event):
                    if self.assistant is None:
                        self._early.append(event)  # answered once loaded (``_loaded``)
                    else:
                        self._spawn(self._handle(event))
                elif self.assistant is not None:
                    # Not ours to answer (a person has it, business hours, phone): the intent
                    # is still stored, so topic reports cover every customer message.
                    self._spawn(self._classify(event))
            elif kind in _HANDED_KINDS:
                if event.payload.get("agent") is not None:
                    self.handed.add(conv)
                    self.screens.pop(conv, None)
            elif kind == _RESOLVED:
                self.handed.discard(conv)
                self.screens.pop(conv, None)
                self._locks.pop(conv, None)

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------ answering

    async def _handle(self, event: StoredEvent) -> None:
        conv = event.conversation
        assert conv is not None  # only customer messages are handled
        lock = self._locks.setdefault(conv, asyncio.Lock())
        async with lock:
            if conv in self.handed:
                await self._queue(conv)  # taken over while this message waited
                return
            try:
                async with asyncio.timeout(self.cfg.timeout_s):
                    await self._answer(event)
            except OpError as exc:
                log.info("assistant stood back on %s: %s", conv, exc.message)
                await self._queue(conv)
            except Exception:
                log.exception("assistant failed on conversation %s; queued as usual", conv)
                await self._queue(conv)

    async def _classify(self, event: StoredEvent) -> None:
        body = (event.payload.get("body") or "").strip()
        if not body or self.assistant is None or event.conversation is None:
            return
        try:
            reply = self.assistant.understand(body)
            await self.server.store.submit(
                commands.RecordIntent(
                    conversation=event.conversation,
                    message=event.payload["message"],
                    intent=reply[4],
                    confidence=reply[5],
                    slots=reply[2],
                )
            )
        except Exception:
            log.exception("intent of message %s not stored", event.payload.get("message"))

    async def _queue(self, conv: int) -> None:
        self.handed.add(conv)
        self.screens.pop(conv, None)
        await self.server.services.routing.enqueue(conv)

    async def _answer(self, event: StoredEvent) -> None:
        from loancs.core.assistant.answer import LOAN_WISH_INTENTS, Context
        from loancs.core.assistant.prequal import Prescreen, facts_json
        from loancs.core.assistant.text import fold

        assistant = self.assistant
        conv, payload = event.conversation, event.payload
        assert assistant is not None and conv is not None  # held only once it is loaded
        channel = payload.get("channel") or "chat"
        body = (payload.get("body") or "").strip()
        store = self.server.store
        account = await account_for(store, payload["customer"])
        now = self.clock()
        screen = self.screens.get(conv)
        lang = fold(body).lang if body else "zh"
        ctx = Context(now_ms=now, channel=channel, account=account, hours=self.hours)
        if payload.get("kind") == "event":
            if body.startswith("点击菜单："):  # a WeChat menu click reads as its label
                body = body.removeprefix("点击菜单：")
            elif body.startswith("关注了公众号"):
                welcome = assistant.respond("你好", ctx)  # a new follower: say hello
                await self._send(conv, welcome.answer, "zh")
                return
            else:  # unsubscribed and the like: nothing to answer
                await self._queue(conv)
                return
        elif payload.get("kind") not in (None, "text", "voice") or not body:
            reply = assistant.respond("", ctx)  # an image or sticker: a person looks
            await self._record_intent(conv, payload["message"], reply)
            await self._handoff(conv, reply, ctx, None, "not_understood")
            return
        if screen is not None:
            screen_lang = screen.facts.get("_lang", lang)
            text, finished = assistant.prescreen_turn(screen, body, screen_lang, ctx)
            intent = self.screen_intent.get(conv, "product_recommendation")
            await store.submit(
                commands.RecordIntent(
                    conversation=conv,
                    message=payload["message"],
                    intent=intent,
                    confidence=1.0,
                    slots=facts_json(screen.facts),
                )
            )
            if screen.facts.get("flags"):
                reply = assistant.respond(body, ctx)
                await self._send(conv, reply.answer, reply.lang)
                await self._finish_screen(conv, screen, screen_lang, ctx, intent, send=False)
                return
            if finished:
                await self._finish_screen(conv, screen, screen_lang, ctx, intent, reply_text=text)
            else:
                await self._send(conv, text, screen_lang)
            return
        reply = assistant.respond(body, ctx)
        await self._record_intent(conv, payload["message"], reply)
        if reply.handoff:
            await self._handoff(conv, reply, ctx, None, reply.reason or "handoff")
            return
        wants_loan = reply.intent in LOAN_WISH_INTENTS and (
            reply.intent in ("apply_how", "product_recommendation")
            or reply.slots.get("purpose")
            or reply.slots.get("amount")
        )
        if (
            wants_loan
            and self.cfg.prescreen
            and not self.hours.is_open(now)
            and (account is None or not account.verified or not account.applications)
        ):
            screen = Prescreen(assistant.catalog)
            screen.absorb(body)
            screen.facts["_lang"] = reply.lang
            self.screens[conv] = screen
            self.screen_intent[conv] = reply.intent
            question, finished = assistant.prescreen_reply(screen, reply.lang, ctx)
            if finished:
                await self._send(conv, reply.answer, reply.lang)
                await self._finish_screen(
                    conv, screen, reply.lang, ctx, reply.intent, reply_text=question
                )
                return
            intro = (
                "现在是非工作时间，我可以先帮您做个初步评估（几个简单问题，结果仅供参考）："
                if reply.lang == "zh"
                else "Our team is away now; I can do a quick initial check for you (a few short questions, for reference only): "
            )
            await self._send(
                conv,
                reply.answer + ("\n" if reply.lang == "zh" else "\n") + intro + question,
                reply.lang,
            )
            return
        await self._send(conv, reply.answer, reply.lang)

    async def _record_intent(self, conv: int, message: int, reply) -> None:
        await self.server.store.submit(
            commands.RecordIntent(
                conversation=conv,
                message=message,
                intent=reply.intent,
                confidence=reply.confidence,
                slots=reply.slots,
            )
        )

    async def _send(self, conv: int, text: str, lang: str) -> None:
        result = self._check(text, lang)
        hits = result.to_dict()["hits"]
        if result.verdict == "block":
            rules = ", ".join(h["rule"] for h in hits if h["severity"] == "block")
            raise OpError(
                "compliance_blocked", f"the assistant's answer failed compliance ({rules})"
            )
        warnings = [h for h in hits if h["severity"] != "block"]
        await self.server.store.submit(
            commands.AssistantReply(conversation=conv, body=text, warnings=warnings)
        )

    async def _handoff(self, conv: int, reply, ctx, screen, reason: str) -> None:
        assistant = self.assistant
        assert assistant is not None
        if reply.answer:
            with contextlib.suppress(OpError):
                await self._send(conv, reply.answer, reply.lang)
        summary = assistant.summary(reply, screen, ctx.account)
        loan_type = self._loan_type(reply.slots.get("purpose"))
        await self.server.store.submit(
            commands.AssistantHandoff(
                conversation=conv,
                reason=reason,
                intent=reply.intent,
                summary=summary,
                urgency=URGENCY.get(reason) or URGENCY.get(reply.intent),
                loan_type=loan_type,
            )
        )
        await self._queue(conv)

    async def _finish_screen(
        self, conv, screen, lang, ctx, intent, reply_text: str | None = None, send: bool = True
    ) -> None:
        from loancs.core.assistant.prequal import facts_json

        decision = screen.decide()
        if send and reply_text:
            await self._send(conv, reply_text, lang)
        result = {
            "outcome": decision.outcome,
            "product": decision.product.id if decision.product else None,
            "missing_documents": decision.missing_documents,
            "failed_rules": decision.failed_rules,
            "facts": facts_json(screen.facts),
        }
        await self.server.store.submit(commands.RecordPrequal(conversation=conv, result=result))
        assert self.assistant is not None
        summary = self.assistant.summary(None, screen, ctx.account)
        loan_type = (
            decision.product.type
            if decision.product
            else self._loan_type(screen.facts.get("purpose"))
        )
        flags = screen.facts.get("flags") or []
        reason = flags[0] if flags else "prescreen"
        await self.server.store.submit(
            commands.AssistantHandoff(
                conversation=conv,
                reason=reason,
                intent=intent,
                summary=summary,
                urgency=URGENCY.get(reason),
                loan_type=loan_type,
            )
        )
        self.screens.pop(conv, None)
        await self._queue(conv)

    def _loan_type(self, purpose: str | None) -> str | None:
        if not purpose or self.assistant is None:
            return None
        products = self.assistant.catalog.for_purpose(purpose)
        return products[0].type if products else None
