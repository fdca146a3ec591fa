"""What every console screen is given when it is created: the server connection, the model
behind the inbox, the clock, the compliance rules, and the outbox for replies. Screens read
and change it and run their own workers against ``service``; they hear about changes
through the signals below (subscribed on mount, dropped by Textual when they unmount) and
talk to the app only by posting messages (``loancs.tui.messages``).

The app creates one ``Session`` and owns everything here that outlives a screen: the
connection, the model, and the outbox (a reply held for the recall window still goes out
when its conversation screen was closed meanwhile)."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from textual.signal import Signal
from textual.timer import Timer

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.core.compliance import RuleSet
from loancs.core.events import Kind
from loancs.tui.i18n import t
from loancs.tui.safe import one_line
from loancs.tui.service import ConsoleService
from loancs.tui.state import ConsoleModel

if TYPE_CHECKING:
    from textual.app import App

# What changed, as published on ``Session.changed``: the conversation rows (the inbox and
# a conversation's head redraw), the agent's status line (state, offers, link, load) or
# the waiting-work counts.
ROWS = "rows"
STATUS = "status"
WAITING = "waiting"  # only the counts of my queues' waiting work (protocol 2)
INBOX_PAGE = 100  # inbox rows asked for at a time
# The agent's own open conversations: the newest this many with the first page, the rest
# (up to MINE_LIMIT, the server's cap on one list) in one read right after it. An agent
# holding hundreds (the 1M history's bench agent: 773) saw the first page only once every
# one of them was read, masked and sent (~15 ms of the server's CPU at 1M, s32).
MINE_FIRST = 100
MINE_LIMIT = 5000
ACTIVE_STATUSES: list[Any] = ["open", "pending", "snoozed"]
# A row is read again when an event about it was applied while its read was on its way (the
# read may predate the event and would undo it); this many reads at most, then the last stands.
ROW_READS = 5

# Events that never change a conversation's row (core/projection.py folds none of them): a read
# on its way when one arrives need not be read again.
ROWLESS = frozenset(
    {
        Kind.TYPING,
        Kind.CONVERSATION_OFFERED,
        Kind.CONVERSATION_OFFER_EXPIRED,
        Kind.CONVERSATION_WHISPER,
        Kind.DELIVERY_SENT,
        Kind.DELIVERY_FAILED,
        Kind.COMPLIANCE_HIT,
        Kind.MESSAGE_INTENT,
    }
)

T = TypeVar("T")


def now_ms() -> int:
    return int(time.time() * 1000)


class Session:
    """The console's shared state and its two-way door to the server, for every screen."""

    def __init__(
        self,
        app: App[Any],
        service: ConsoleService,
        *,
        lang: str,
        rules: RuleSet,
        now: Callable[[], int] | None = None,
        ticking: bool = True,
        recall_seconds: float = 4.0,
        demo_info: str | None = None,
    ) -> None:
        self.service = service
        self.lang = lang  # the app's language (screens are rebuilt when it switches)
        self.model = ConsoleModel()
        self.rules = rules  # replaced when the lender's rules are reloaded
        self.now = now or now_ms
        self.ticking = ticking  # False in snapshot tests: no blinking, no clocks moving
        self.recall_seconds = recall_seconds  # 0: replies go out at once (no recall window)
        self.demo_info = demo_info
        self.link_state = "connecting"
        self.link_detail = ""
        self.typing_sent: dict[int, float] = {}  # when we last told the server we type
        # Every server event, after the model has applied it (conversation screens follow
        # their own conversation with it).
        self.events: Signal[p.Event] = Signal(app, "events")
        self.changed: Signal[str] = Signal(app, "changed")  # ROWS or STATUS
        self.outbox = Outbox(app, self)
        # Reads on their way (a row, an inbox page): the conversations an event was applied
        # to meanwhile. Their rows in the answer may be older than what the console shows.
        self.reads: dict[int, set[int]] = {}
        self._read_ids = itertools.count()

    def heard(self, event: p.Event) -> None:
        """An event was applied: every read in flight may predate it (unless it is of a kind
        that never changes a conversation's row)."""
        if event.conversation is not None and event.kind not in ROWLESS:
            for touched in self.reads.values():
                touched.add(event.conversation)

    async def read(self, ask: Awaitable[T]) -> tuple[T, set[int]]:
        """A read's answer and the conversations whose events were applied while it was on
        its way (its rows of those may predate them)."""
        key, touched = next(self._read_ids), set[int]()
        self.reads[key] = touched
        try:
            return await ask, touched
        finally:
            del self.reads[key]

    async def read_row(self, cid: int) -> dict[str, Any] | None:
        """The conversation's row as the server has it, read after every event about it the
        console applied meanwhile (at most ROW_READS reads). Errors reach the caller."""
        data: dict[str, Any] | None = None
        for _ in range(ROW_READS):
            data, touched = await self.read(
                self.service.call(p.GetConversation, conversation=cid, limit=1)
            )
            if cid not in touched:
                break
        conv: dict[str, Any] | None = (data or {}).get("conversation")
        return conv

    async def fetch_row(self, cid: int) -> None:
        """Fetch one row (read again while events about it arrive) and show it, unless it
        lies past the loaded pages (it comes with its page). A failed read leaves it."""
        try:
            conv = await self.read_row(cid)
        except ClientError:
            return
        model = self.model
        if not conv or (cid not in model.conversations and not model.within_loaded(conv)):
            return
        model.conversations.setdefault(cid, {}).update(conv)
        model.conversations[cid].pop("partial", None)
        self.rows_changed()

    async def load_rows(self, ask: Awaitable[list[dict[str, Any]] | None]) -> None:
        """A list read (a search, the resolved ones) loaded over the rows the console has,
        except the rows an event touched while it was on its way: those are read again."""
        rows, touched = await self.read(ask)
        if rows:
            self.land(rows, touched)
            self.rows_changed()
            await self.fetch_again(rows, touched)

    def land(self, rows: Iterable[dict[str, Any]], touched: set[int]) -> None:
        newer = self.newer(touched)
        self.model.projection.load(row for row in rows if row["id"] not in newer)

    def newer(self, touched: set[int]) -> set[int]:
        """The rows here an event changed while a read was on its way: newer than the read's
        (the read's rows of them are not loaded over them; ``fetch_again`` reads them)."""
        return {cid for cid in touched if cid in self.model.conversations}

    async def fetch_again(self, rows: Iterable[dict[str, Any]], touched: set[int]) -> None:
        """Read again every row of a list read an event touched while it was on its way (a
        row the console did not have was loaded from the read meanwhile, so the page shows
        whole; the read that follows the event puts it right)."""
        stale = [row["id"] for row in rows if row["id"] in touched]
        if stale:
            await asyncio.gather(*(self.fetch_row(cid) for cid in stale))

    async def load_inbox(self, first: bool = False) -> None:
        """The inbox's first page (with, for an agent, their newest MINE_FIRST conversations,
        then the rest of their own: ``load_mine``), or the next page after what is loaded.
        Errors reach the caller."""
        model = self.model
        if not first and model.frontier is None:
            return
        after = None if first else list(model.frontier or ())
        asks = [
            self.service.call(
                p.ListConversations,
                status=ACTIVE_STATUSES,
                order="inbox",
                after=after,
                limit=INBOX_PAGE,
            )
        ]
        if first and model.role == "agent":  # both at once: the server reads them side by side
            asks.append(
                self.service.call(
                    p.ListConversations, status=ACTIVE_STATUSES, mine=True, limit=MINE_FIRST
                )
            )
        (page, *more), touched = await self.read(asyncio.gather(*asks))
        mine: list[dict[str, Any]] = more[0] if more else []
        if not first and list(model.frontier or ()) != after:
            return  # another load moved on meanwhile
        # A row an event changed while the page was on its way (an agent took it elsewhere)
        # may be older than what the console shows: the console's stands, and it is read
        # again.
        newer = self.newer(touched)
        model.projection.load(row for row in mine if row["id"] not in newer)
        model.loaded_page(page, INBOX_PAGE, newer)
        self.rows_changed()
        await self.fetch_again([*mine, *page], touched)
        if len(mine) >= MINE_FIRST:
            await self.load_mine(mine[-1])

    async def load_mine(self, last: dict[str, Any]) -> None:
        """The agent's own conversations after ``last`` in the server's activity order (last
        activity, then id, newest first), all in one read: the first page is shown by then."""
        await self.load_rows(
            self.service.call(
                p.ListConversations,
                status=ACTIVE_STATUSES,
                mine=True,
                limit=MINE_LIMIT,
                before=activity_of(last),
                before_id=last["id"],
            )
        )

    def rows_changed(self) -> None:
        self.changed.publish(ROWS)

    def status_changed(self) -> None:
        self.changed.publish(STATUS)

    @property
    def connected(self) -> bool:
        return self.link_state == "connected"

    async def wait_connected(self, timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.connected:
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return True


def activity_of(row: dict[str, Any]) -> int:
    """A listed row's place in the activity order (the server's ``before``): its last
    message's time, else its creation's."""
    last = row.get("last_message_at")
    return int(last if last is not None else row["created_at"])


@dataclass(eq=False)
class HeldReply:
    """A reply taken from the box and held for the recall window before it goes out."""

    cid: int
    text: str
    key: str  # idempotency key: a resend after a reconnect is stored once
    timer: Timer | None = None


@dataclass
class SendOutcome:
    """How a reply or a note went, told to the screen showing its conversation."""

    cid: int
    text: str
    state: str  # sending | sent | noted | failed
    ack: Any = None
    error: ClientError | None = None


Sink = Callable[[SendOutcome], None]


class Outbox:
    """Replies on their way out. Enter hands the exact text over (``hold``); it waits for
    the recall window (``recall`` pulls it back), then goes out with an idempotency key,
    resent with the same key once the connection is back. Nothing typed is lost: a refused
    text goes back into the box of the screen that listens for its conversation, or into
    the conversation's draft when none does."""

    def __init__(self, app: App[Any], session: Session) -> None:
        self.app = app
        self.session = session
        self.held: list[HeldReply] = []
        self.sinks: dict[int, Sink] = {}
        # One reply at a time per conversation, in the order they were taken: the customer
        # reads them in the order typed (an asyncio lock serves its waiters first come).
        self.order: dict[int, asyncio.Lock] = {}

    # ------------------------------------------------------------------ listeners
    def listen(self, cid: int, sink: Sink) -> None:
        self.sinks[cid] = sink

    def stop_listening(self, cid: int, sink: Sink) -> None:
        if self.sinks.get(cid) == sink:
            del self.sinks[cid]

    def _tell(self, outcome: SendOutcome) -> bool:
        sink = self.sinks.get(outcome.cid)
        if sink is None:
            return False
        sink(outcome)
        return True

    # ------------------------------------------------------------------ the recall window
    def hold(self, cid: int, text: str) -> HeldReply:
        """Take a reply exactly as typed; it goes out when the recall window closes."""
        held = HeldReply(cid, text, uuid.uuid4().hex)
        if self.session.recall_seconds <= 0:
            self.send_reply(held)
            return held
        self.held.append(held)
        held.timer = self.app.set_timer(self.session.recall_seconds, lambda: self.release(held))
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

    async def flush(self) -> None:
        """Quitting: everything still held goes out now (nothing typed is lost)."""
        while self.held:
            held = self.held.pop(0)
            if held.timer is not None:
                held.timer.stop()
            await self._send_reply(held)

    # ------------------------------------------------------------------ sending
    def send_reply(self, held: HeldReply) -> None:
        self.app.run_worker(self._send_reply(held), group="send", exit_on_error=False)

    async def _send_reply(self, held: HeldReply) -> None:
        async with self.order.setdefault(held.cid, asyncio.Lock()):
            await self._send_one(held)

    async def _send_one(self, held: HeldReply) -> None:
        self._tell(SendOutcome(held.cid, held.text, "sending"))
        service = self.session.service
        for attempt in range(4):
            try:
                ack = await service.call(
                    p.Reply, conversation=held.cid, body=held.text, key=held.key
                )
                break
            except ClientError as exc:
                # Lost with the connection: resend the same key once we are back; the
                # server stores it once even if the first one had arrived.
                if (
                    exc.code == "disconnected"
                    and attempt < 3
                    and await self.session.wait_connected(30)
                ):
                    continue
                self._failed(held.cid, held.text, exc)
                return
            except Exception as exc:  # a bug must not swallow the agent's text
                self._failed(held.cid, held.text, ClientError("internal", repr(exc)))
                return
        self._tell(SendOutcome(held.cid, held.text, "sent", ack=ack))

    def send_note(self, cid: int, text: str) -> None:
        self.app.run_worker(self._send_note(cid, text), group="send", exit_on_error=False)

    async def _send_note(self, cid: int, text: str) -> None:
        try:
            ack = await self.session.service.call(p.Note, conversation=cid, body=text)
        except ClientError as exc:
            self._failed(cid, text, exc)
            return
        self._tell(SendOutcome(cid, text, "noted", ack=ack))

    def _failed(self, cid: int, text: str, exc: ClientError) -> None:
        """Nothing typed is lost: the text goes back into the box (or the draft)."""
        if self._tell(SendOutcome(cid, text, "failed", error=exc)):
            return
        drafts = self.session.model.drafts
        draft = drafts.get(cid, "")
        drafts[cid] = text + ("\n" + draft if draft else "")
        self.app.notify(
            t(
                "conv.restored",
                self.session.lang,
                why=f"#{cid} {exc.code}: {one_line(exc.message, 60)}",
            ),
            severity="error",
            timeout=8,
        )
        self.app.bell()
