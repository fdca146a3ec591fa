"""Conversations: customers' messages in, replies and notes out, status, assignment,
priority, read marks, deliveries, and plain events about a conversation."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from loancs.core.convmeta import IngestAck
from loancs.core.events import Kind
from loancs.core.pii import mask_identity, mask_text
from loancs.store import commands as c
from loancs.store.apply.common import (
    conv_meta,
    excerpt,
    fen,
    meta_of,
    receipt,
    require_handler,
    store_receipt,
    yuan,
)
from loancs.store.apply.csat import csat_reply, ingest_rating
from loancs.store.apply.customers import find_or_create_customer
from loancs.store.tx import OpError, Tx

# The columns open_conversation needs of an existing conversation.
_CONV_LOOKUP = (
    "c.id, c.channel, c.assigned_agent, c.loan_type, c.status, c.customer_id, c.urgency,"
    " c.priority, c.amount_fen, c.credit_band"
)
_OPEN_CONVERSATION = (
    "SELECT MAX(id) FROM conversations WHERE customer_id = {customer} AND channel = ?"
    " AND status != 'resolved'"
)
_INGEST_LOOKUP = (
    f"SELECT d.id, d.seq, d.conversation_id, i.customer_id, {_CONV_LOOKUP}, dc.customer_id"
    " FROM (SELECT 1) AS one"
    " LEFT JOIN messages d ON d.channel = ? AND d.external_id = ?"
    " LEFT JOIN conversations dc ON dc.id = d.conversation_id"
    " LEFT JOIN customer_identities i ON i.kind = ? AND i.value = ?"
    " LEFT JOIN conversations c ON c.id = ("
    + _OPEN_CONVERSATION.format(customer="i.customer_id")
    + ")"
)
_UNSET: Any = object()

# PostgreSQL (a Tx that ``defers``): the lookup of every ingest of the batch in one query,
# each with a message id drawn from the sequence, and the ingest's writes as set-based
# statements run once for the batch (see ``PgTx.defer``).
# Every join is a LATERAL probe of a unique index (LIMIT 1 keeps it one): with the batch's
# keys as an array of unknown size, and statistics that lag a fast-growing table, the
# planner otherwise hashed the batch against a sequential scan of all messages (a lookup
# growing with history: 19-25 ms of a ~35 ms batch in the cluster load test).
_INGEST_LOOKUP_MANY = (
    f"SELECT d.id, d.seq, d.conversation_id, i.customer_id, {_CONV_LOOKUP}, dc.customer_id,"
    " ck.wrapped, ck.erased_at, nextval('messages_id_seq'), k.n"
    " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY"
    " AS k(channel, external_id, kind, value, n)"
    " LEFT JOIN LATERAL (SELECT * FROM messages m WHERE m.channel = k.channel"
    " AND m.external_id = k.external_id LIMIT 1) d ON true"
    " LEFT JOIN LATERAL (SELECT * FROM conversations x WHERE x.id = d.conversation_id"
    " LIMIT 1) dc ON true"
    " LEFT JOIN LATERAL (SELECT * FROM customer_identities ci WHERE ci.kind = k.kind"
    " AND ci.value = k.value LIMIT 1) i ON true"
    " LEFT JOIN LATERAL (SELECT * FROM customer_keys y WHERE y.customer_id = i.customer_id"
    " LIMIT 1) ck ON true"
    # The open conversation in one index scan (not its id's MAX, then the row by its id: the
    # customer's index and the primary key both hold an entry for each of the row's
    # versions, one per message, until vacuum).
    " LEFT JOIN LATERAL (SELECT * FROM conversations o WHERE o.customer_id = i.customer_id"
    " AND o.channel = k.channel AND o.status != 'resolved' ORDER BY o.id DESC LIMIT 1) c ON true"
)
_MESSAGES_IN_MANY = (
    "INSERT INTO messages (id, conversation_id, seq, ts, direction, author, body, kind, channel,"
    " external_id, attachment) SELECT id, conversation_id, seq, ts, 'in', author, body, kind,"
    " channel, external_id, attachment FROM unnest(?::bigint[], ?::bigint[], ?::bigint[],"
    " ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
    " AS m(id, conversation_id, seq, ts, author, body, kind, channel, external_id, attachment)"
)
# Several messages of the batch into one conversation: the last one's time and excerpt.
_CONVERSATIONS_IN_MANY = (
    "UPDATE conversations c SET last_message_at = u.ts, last_excerpt = u.excerpt,"
    " unread = c.unread + u.n,"
    " status = CASE WHEN u.reopen THEN 'open' ELSE c.status END,"
    " snoozed_until = CASE WHEN u.reopen THEN NULL ELSE c.snoozed_until END"
    " FROM (SELECT DISTINCT ON (id) id, ts, excerpt, count(*) OVER w AS n,"
    " bool_or(reopen) OVER w AS reopen"
    " FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::boolean[]) WITH ORDINALITY"
    " AS m(id, ts, excerpt, reopen, k) WINDOW w AS (PARTITION BY id) ORDER BY id, k DESC) u"
    " WHERE c.id = u.id"
)
_CUSTOMER_NAMES_MANY = (
    "UPDATE customers c SET name = u.name"
    " FROM (SELECT DISTINCT ON (id) id, name FROM unnest(?::bigint[], ?::text[])"
    " WITH ORDINALITY AS m(id, name, k) ORDER BY id, k) u"
    " WHERE c.id = u.id AND c.name IS NULL"
)
_PREFETCHES = 4  # lookups of the rest of the batch after other writes, at most

# SQLite (a Tx that gathers): the lookup of a run of ingests in two queries per channel, each
# with the keys as a JSON array of plain strings (SQLite 3.40 parses a JSON value again at
# each json_extract: with [channel, id, kind, value] arrays, four or five per key were most of
# the lookup). Whether each message is stored already (one channel's message ids; a row only
# for those that are) ...
_STORED_AHEAD = (
    "SELECT k.key, d.id, d.seq, d.conversation_id, dc.customer_id FROM json_each(?) AS k"
    " CROSS JOIN messages d ON d.channel = ? AND d.external_id = k.value"
    " LEFT JOIN conversations dc ON dc.id = d.conversation_id"
)
# ... and, for the senders the writer does not know already (``SenderCache``), the customer of
# each identity of one kind and their open conversation on the channel (a row only for the
# identities stored).
_SENDERS_AHEAD = (
    f"SELECT k.key, i.customer_id, {_CONV_LOOKUP} FROM json_each(?) AS k"
    " CROSS JOIN customer_identities i ON i.kind = ? AND i.value = k.value"
    " LEFT JOIN conversations c ON c.id = ("
    + _OPEN_CONVERSATION.format(customer="i.customer_id")
    + ")"
)
_NOBODY = (None,) * 11  # an identity not stored yet: no customer, no conversation
_encode_json = msgspec.json.Encoder().encode

# The commands a batch using SenderCache may hold besides ingests: of what the cache holds
# (the customer of an identity; a customer's unresolved conversation on a channel, which one
# it is and its ``_CONV_LOOKUP`` columns) each changes at most what depends on its own
# conversation (``cmd.conversation``; none without one): that conversation's row (status,
# agent, priority, loan type, urgency; other columns the cache does not hold), and with its
# status which of its customer's conversations on its channel is the unresolved one. None
# of them opens a conversation, moves one to another customer or channel, or adds, moves or
# removes an identity (read function by function in apply/; no trigger writes conversations
# or identities). So forgetting the entry of that conversation's customer and channel keeps
# the cache exact (``SenderCache.touched``). Any other command (identities, erasure, calls,
# stages, loans, accounts, pragmas) makes its batch forget everything.
ONE_CONVERSATION: frozenset[type] = frozenset(
    {
        c.AgentReply,  # the row's status (open -> pending), its activity
        c.RecordBlockedReply,  # events only
        c.AddNote,  # a message row (no external id)
        c.ScheduleCallback,  # callback columns
        c.SetStatus,  # resolve, snooze, reopen: which conversation is the open one
        c.Assign,  # the agent, the loan type
        c.SetPriority,
        c.MarkRead,  # the unread count
        c.RecordEvent,  # events only
        c.RecordOffer,  # events only
        c.RecordDelivery,  # a message's delivery (no ``conversation``: nothing to forget)
        c.SetAgentState,  # agents (no ``conversation``)
        c.RequestCsat,  # csat, an outgoing message
        c.AnswerCsat,  # csat
        c.RecordIntent,  # a message's intent, assistant_state
        c.AssistantReply,  # as a reply
        c.AssistantHandoff,  # status, urgency, loan type
        c.RecordPrequal,  # assistant_state
        c.ProbeStorage,  # receipts (no ``conversation``)
        c.RollupReports,  # the report tables (no ``conversation``)
    }
)
_KEEPS_SENDERS = ONE_CONVERSATION | {c.IngestMessage}


class SenderCache:
    """SQLite, the writer's own (one per writer connection, kept across its batches): the
    customer of each identity, and each customer's unresolved conversation on a channel
    (its ``_CONV_LOOKUP`` columns), as the writer's last commits left them. A batch of
    ingests whose senders are all known reads nothing of them: not the identity, the open
    conversation and its row (nor whether the messages are stored already: below).

    Exact, because the writer is the only one that writes through this connection and
    nothing it does goes unseen:
    - a command of ``ONE_CONVERSATION`` (a reply, an assignment, a status change ... in the
      same batch as ingests) forgets the entry of its conversation's customer and channel,
      from the moment it ran (``touched``); a batch holding any other command (other than
      an ingest), or one that is not applied all in one attempt (a command refused, redone
      in savepoints), or that fails, forgets it all;
    - a commit by any other connection (an admin command, a report fold, another process)
      changes ``PRAGMA data_version``, read at the start of each batch: it forgets it all;
    - an ingest learns only what it read, and only once its batch committed; one that
      changes its conversation (reopens it, the hints fill or change a column) or opens one
      leaves it to be read again.
    At most ``MAX`` entries (then it starts afresh).

    A batch using it does not ask whether its messages are stored already (a resend): the
    messages' unique index (channel, external_id) refuses a stored one when the batch's rows
    are written, and the batch is redone command by command (writer.commit_batch), which
    finds it and answers it as a duplicate, as before. A resend comes seldom and in runs
    (a gateway's retries after a timeout, or after a restart), so after a batch is redone
    the next ``PROBE_BATCHES`` batches ask first (``probing``): one cheap probe each,
    instead of another redo. A redo costs about three batches more (a batch of 200 known
    senders with one resend: ~95-108 µs an ingest against ~25-30, /tmp/writer/s24/redo.py
    at load 14), so resends spaced to end each window cost at most ~3 / (PROBE_BATCHES + 1)
    of the writer (0.3%), against ~3% saved a batch when none comes."""

    MAX = 20_000
    PROBE_BATCHES = 1024

    def __init__(self) -> None:
        self.customers: dict[tuple[str, str], int] = {}  # (identity kind, value): customer
        # (customer, channel): the ``_INGEST_LOOKUP`` row of a message of theirs (``row``)
        self.open: dict[tuple[int, str], tuple] = {}
        self._version: int | None = None
        self.forgotten = 0  # how many times it started afresh (tests, measurements)
        # Customers whose name is set (a batch's name UPDATE for them committed): their
        # senders' names are not set again (``ingest_message``). Only a command that forgets
        # everything (not of ONE_CONVERSATION, e.g. an erasure) or another connection's
        # commit can clear a name.
        self.named: set[int] = set()
        self.probing = 0  # batches left that ask whether their messages are stored already

    def redone(self) -> None:
        """A batch using it was redone command by command (a command refused, or a message
        stored already): forget it all, and the next batches ask first."""
        self.forget()
        self.probing = self.PROBE_BATCHES

    def usable(self, conn: Any, commands: list[Any]) -> bool:
        """At the start of a batch (in its transaction): may this batch use and add to what
        is known? Forgets it all when not."""
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.forget()
            self._version = version
        if any(type(command) not in _KEEPS_SENDERS for command in commands):
            self.forget()
            return False
        return True

    def touched(self, tx: Tx, command: Any, events: int = 0) -> None:
        """After a command of ``ONE_CONVERSATION`` other than an ingest ran in a batch that
        uses this cache: forget what it may have changed, the entry of its conversation's
        customer and channel (which conversation is open there and its row), now for the
        rest of the batch, and at commit what the batch's earlier ingests learned of it.
        ``events``: how many of ``tx.events`` were there before the command; an event it
        appended about its conversation carries that conversation's customer and channel
        in its facts (conv_meta: the row's own, which no such command changes), so the row
        is read only when none did."""
        conversation = getattr(command, "conversation", None)
        if conversation is None:
            return
        for event in tx.events[events:]:
            meta = event.meta
            if event.conversation == conversation and isinstance(meta, dict):
                customer, channel = meta.get("customer"), meta.get("channel")
                if customer is not None and channel is not None:
                    key = (customer, channel)
                    break
        else:
            row = tx.conn.execute(
                "SELECT customer_id, channel FROM conversations WHERE id = ?", (conversation,)
            ).fetchone()
            if row is None:
                return  # no such conversation: the command changed none
            key = (row[0], row[1])
        self.open.pop(key, None)
        learned = tx.learned  # a marker, in the order it happened (see ``committed``)
        learned.pop(key, None)
        learned[key] = None

    def forget(self) -> None:
        if self.customers or self.open:
            self.forgotten += 1
        self.customers.clear()
        self.open.clear()
        self.named.clear()
        self._version = None

    def committed(self, learned: dict[tuple, tuple | None]) -> None:
        """After the batch's commit: what its ingests read (a row) or changed (None)."""
        if self.probing:
            self.probing -= 1
        if len(self.open) + len(learned) > self.MAX:
            version = self._version
            self.forget()
            self._version = version  # what follows is as exact as before
        if len(self.named) > self.MAX:
            self.named.clear()
        customers, known = self.customers, self.open
        for key, row in learned.items():
            if len(key) == 2:  # (customer, channel): a command touched it (``touched``)
                known.pop(key, None)
                continue
            if len(key) == 1:  # (customer,): their name is set now (``ingest_message``)
                self.named.add(key[0])
                continue
            kind, value, channel = key
            if row is None:
                if (customer := customers.get((kind, value))) is not None:
                    known.pop((customer, channel), None)
                continue
            customers[(kind, value)] = row[0]
            # Kept as ``row`` answers it (made once here, not for every message of theirs)
            known[(row[0], channel)] = (None, None, None, *row, None)

    def row(self, key: tuple) -> tuple | None:
        """The ``_INGEST_LOOKUP`` row for ``_ingest_key`` ``key``, if known: its message
        columns (0-2, 14) None (not asked: see ``probing``), its customer and open
        conversation (3-13) known."""
        customer = self.customers.get((key[2], key[3]))
        if customer is None:
            return None
        return self.open.get((customer, key[0]))


# The kind of a customer's message's event as an exact str (Tx.append_event binds, hashes
# and sends it on as it is; a ``Kind`` member it would convert first).
_RECEIVED = str(Kind.MESSAGE_RECEIVED)


def _ingest_key(cmd: c.IngestMessage) -> tuple:
    return (cmd.channel, cmd.external_id, cmd.identity.kind, cmd.identity.value)


def _ingest_lookup(tx: Tx, cmd: c.IngestMessage) -> tuple[tuple, int | None, tuple]:
    """The ``_INGEST_LOOKUP`` row for this ingest, (PostgreSQL, from the batch's lookup) a
    new message id whose writes may be deferred (None: write them now), and its
    ``_ingest_key`` (made once an ingest)."""
    memo = tx.memo
    if tx.gathers:
        # SQLite, messages gathered (Tx.gather_message): the lookup reads no column a
        # gathered write changes, so it runs without writing them first; a message of this
        # batch still gathered is the duplicate the messages table would have shown. The row
        # was looked up ahead, and the key made there (``cmd`` is the batch's command at
        # ``tx.position``: writer._apply).
        ahead = memo.get("ahead")
        if ahead is None or tx.position >= memo["ahead_end"]:
            ahead = _look_ahead(tx)
        key = memo["keys"][tx.position - memo["ahead_start"]]
    else:
        key = _ingest_key(cmd)
        if tx.defers and tx.commands[tx.position : tx.position + 1] == [cmd]:
            found = memo.get("ingest")
            if found is None and tx.lookups < _PREFETCHES:
                found = _prefetch_ingests(tx)
            hit = found.pop(key, None) if found is not None else None
            if hit is not None and (cmd.channel, cmd.external_id) not in memo.get("taken", ()):
                row, new_id = hit
                if row[4] is not None and row[4] in memo.get("reopened", ()):
                    row = (*row[:8], "open", *row[9:])  # an earlier message reopened it
                return row, new_id, key
        row = tx.one(_INGEST_LOOKUP, (*key, cmd.channel))
        assert row is not None
        return row, None, key
    row = ahead.get(key)
    # A first-time sender (no customer) or a customer without an open conversation on the
    # channel: this message makes them (or its batch is redone in savepoints, without this
    # look-ahead). Only an earlier message of the run from the same identity (a customer),
    # or from the same customer on the same channel (a conversation), can have made them
    # already: then, or for a conversation an earlier message changed, looked up now.
    if row is None:
        again = True
    elif row[3] is None or row[4] is None:
        made = memo["made"]
        maker = (key[2], key[3]) if row[3] is None else (row[3], key[0])
        again = maker in made
        made.add(maker)
    else:
        again = row[4] in memo["changed"]
    if again:
        row = tx.conn.execute(_INGEST_LOOKUP, (*key, cmd.channel)).fetchone()
        memo["known"].discard(key)
    assert row is not None
    if row[0] is None and tx.gathered:
        earlier = tx.gathered.get((cmd.channel, cmd.external_id))
        if earlier is not None:
            message, seq, conversation, customer = earlier
            row = (message, seq, conversation, *row[3:14], customer)
    return row, None, key


def _look_ahead(tx: Tx) -> dict[tuple, tuple]:
    """SQLite: the ``_INGEST_LOOKUP`` rows of this ingest and the ones right after it in the
    batch (up to the next command of another kind, which may change what they read), from
    ``_STORED_AHEAD`` and ``_SENDERS_AHEAD`` (or SenderCache): tx.memo["ahead"], by
    ``_ingest_key``. Within such a run only the ingests write, and what they change is looked
    up again (see ``_ingest_lookup``)."""
    run = []
    for cmd in tx.commands[tx.position :]:
        if type(cmd) is not c.IngestMessage:
            break
        run.append(_ingest_key(cmd))
    senders = tx.senders
    ahead: dict[tuple, tuple] = {}
    unknown: dict[tuple, list[tuple]] = {}  # (channel, kind): the keys of senders not known
    for key in run:
        cached = senders.row(key) if senders is not None else None
        if cached is not None:
            ahead[key] = cached
            continue
        group = unknown.get((key[0], key[2]))
        if group is None:
            unknown[(key[0], key[2])] = [key]
        else:
            group.append(key)
    known = set(ahead)  # the keys answered from SenderCache
    execute = tx.conn.execute
    for (channel, kind), keys in unknown.items():
        found = {}
        values = _encode_json([key[3] for key in keys]).decode()
        for row in execute(_SENDERS_AHEAD, (values, kind, channel)):
            found[keys[row[0]]] = row[1:]
        for key in keys:
            ahead[key] = (None, None, None, *found.get(key, _NOBODY), None)
    # With a SenderCache that is not probing, nobody asks whether each message is stored
    # already: the INSERT's unique index answers (a message stored before fails it, and the
    # batch is redone command by command, which finds it: SenderCache.probing).
    if senders is None or senders.probing:
        channels: dict[str, list[tuple]] = {}
        for key in ahead:
            group = channels.get(key[0])
            if group is None:
                channels[key[0]] = [key]
            else:
                group.append(key)
        for channel, keys in channels.items():  # those stored already (a resend): few rows
            ids = _encode_json([key[1] for key in keys]).decode()
            for n, message, seq, conversation, owner in execute(_STORED_AHEAD, (ids, channel)):
                key = keys[n]
                ahead[key] = (message, seq, conversation, *ahead[key][3:14], owner)
    tx.memo.update(
        ahead=ahead,
        ahead_start=tx.position,
        ahead_end=tx.position + len(run),
        keys=run,
        changed=set(),
        known=known,
        made=set(),
    )
    return ahead


def _prefetch_ingests(tx: Tx) -> dict:
    """One query for the ingests from here to the end of the batch (tx.memo["ingest"]);
    their customers' keys are cached for the sealer on the way."""
    ahead = [cmd for cmd in tx.commands[tx.position :] if type(cmd) is c.IngestMessage]
    columns = list(zip(*(_ingest_key(cmd) for cmd in ahead), strict=True))
    rows = sorted(tx.fetch_with_tail(_INGEST_LOOKUP_MANY, columns), key=lambda r: r[-1])
    # Message ids in the order of the commands (a conversation's messages are listed by id).
    ids = sorted(r[-2] for r in rows)
    found: dict[tuple, tuple[tuple, int]] = {}
    for cmd, row, new_id in zip(ahead, rows, ids, strict=True):
        if tx.sealer is not None and row[3] is not None:  # the customer's key, read with it
            tx.sealer.warm(row[3], row[15:17])
        found.setdefault(_ingest_key(cmd), (tuple(row[:15]), new_id))
    tx.lookups += 1
    tx.memo.update(ingest=found, taken=set(), reopened=set())
    return found


def open_conversation(
    tx: Tx,
    customer: int,
    channel: str,
    actor: str,
    display: str,
    hints: c.Hints | None,
    row: tuple | None = _UNSET,
    changed: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any], bool]:
    """The customer's unresolved conversation on this channel, or a new one. ``row`` is that
    conversation's ``_CONV_LOOKUP`` columns (None: there is none) when the caller has them;
    ``changed`` receives what the hints changed on an existing one (payload names)."""
    if row is _UNSET:
        row = tx.one(
            f"SELECT {_CONV_LOOKUP} FROM conversations c WHERE c.id = ("
            + _OPEN_CONVERSATION.format(customer="?")
            + ")",
            (customer, channel),
        )
    hints = hints or c.Hints()
    if row:
        conversation = row[0]
        meta = meta_of(row[1:8])
        # Hints fill what is still unknown; a new urgency (a complaint now) replaces the old.
        # (Each hint tested apart: a returning customer's message, whose hints change
        # nothing, builds no dict of the row's values and converts no amount.)
        updates: dict[str, Any] = {}
        if hints.loan_type is not None and meta["loan_type"] is None:
            updates["loan_type"] = hints.loan_type
        if hints.amount is not None and row[8] is None:
            updates["amount_fen"] = fen(hints.amount)
        if hints.credit_band is not None and row[9] is None:
            updates["credit_band"] = hints.credit_band
        if hints.urgency and hints.urgency != meta["urgency"]:
            updates["urgency"] = hints.urgency
        if updates:
            sets = ", ".join(f"{k} = ?" for k in updates)
            tx.execute(
                f"UPDATE conversations SET {sets} WHERE id = ?", (*updates.values(), conversation)
            )
            meta.update({k: v for k, v in updates.items() if k in ("loan_type", "urgency")})
            if changed is not None:
                changed.update(updates)
                if "amount_fen" in changed:
                    changed["amount"] = yuan(changed.pop("amount_fen"))
        return conversation, meta, False
    urgency = hints.urgency or "normal"
    row_id = tx.insert_apart(  # (apart from a batch's gathered messages: Tx.execute_apart)
        "INSERT INTO conversations (customer_id, channel, status, loan_type, amount_fen, urgency,"
        " credit_band, language, created_at) VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?)",
        (
            customer,
            channel,
            hints.loan_type,
            fen(hints.amount),
            urgency,
            hints.credit_band,
            hints.language,
            tx.now,
        ),
    )
    conversation = row_id
    meta = {
        "channel": channel,
        "assigned": None,
        "loan_type": hints.loan_type,
        "status": "open",
        "customer": customer,
        "urgency": urgency,
        "priority": 0,
    }
    payload = {
        "customer": customer,
        "customer_display": display,
        "channel": channel,
        "loan_type": hints.loan_type,
        "amount": yuan(fen(hints.amount)),
        "urgency": urgency,
        "credit_band": hints.credit_band,
        "language": hints.language,
    }
    tx.append_event(Kind.CONVERSATION_OPENED, conversation, actor, payload, meta)
    return conversation, meta, True


def ingest_message(tx: Tx, cmd: c.IngestMessage) -> IngestAck | dict[str, Any]:
    actor = f"channel:{cmd.source}"
    channel, identity, body = cmd.channel, cmd.identity, cmd.body
    # One statement for the hot path: was this message stored already (the unique
    # (channel, external_id) index is the idempotency key), who is the customer, and
    # which conversation of theirs is open on this channel.
    found, new_id, key = _ingest_lookup(tx, cmd)
    if found[0] is not None:
        if found[14] != found[3]:
            # The id is taken by another customer's message: a retry is only ever the
            # same customer's, so never answer with (and never join) someone else's.
            raise OpError("conflict", "that message id is already used by another sender")
        return {"seq": found[1], "conversation": found[2], "message": found[0], "duplicate": True}
    display = cmd.display
    if display is None:  # (set by the server's side of the pipe: ProcessWriter._queue)
        display = mask_identity(identity.kind, identity.value)
    if found[3] is None:
        # Read now (or, SQLite, ahead for the run, which only an earlier message of the same
        # identity could have made stale: then read again, _ingest_lookup): no customer has
        # it. PostgreSQL's lookup ahead for the batch (new_id) is not: read again there.
        customer = find_or_create_customer(
            tx, identity.kind, identity.value, identity.name, actor, absent=new_id is None
        )
        current = None
    else:
        customer = found[3]
        if identity.name and new_id is not None:
            tx.defer(_CUSTOMER_NAMES_MANY, (customer, identity.name))
        elif identity.name and tx.gathers:
            # SQLite: with the batch's gathered messages, in one statement (Tx.gather_name).
            # Through ``execute`` it wrote them first, so a returning sender whose identity
            # carries a name (every message of such a channel) had its message written alone;
            # then one UPDATE each (~25k instructions: it may write the search index). Not
            # at all for a customer the writer knows has a name (SenderCache.named): the
            # UPDATE would find it set and change nothing.
            senders = tx.senders
            if senders is None:
                tx.gather_name(customer, identity.name)
            elif customer not in senders.named:
                tx.gather_name(customer, identity.name)
                tx.learned[(customer,)] = None  # (named once the batch commits)
        elif identity.name:
            tx.execute(
                "UPDATE customers SET name = ? WHERE id = ? AND name IS NULL",
                (identity.name, customer),
            )
        current = found[4:14] if found[4] is not None else None
        if current is None:
            # "5" after a rating request answers it; it does not open a new request.
            rated = csat_reply(tx, customer, channel, body)
            if rated is not None:
                return ingest_rating(
                    tx, rated, display, body, cmd.kind, channel, cmd.external_id, actor
                )
    hinted: dict[str, Any] = {}
    conversation, meta, opened = open_conversation(
        tx, customer, channel, actor, display, cmd.hints, current, hinted
    )
    attachment = msgspec.to_builtins(cmd.attachment) if cmd.attachment is not None else None
    attachment_text = None  # (most messages: no attachment, no raw body, no dict to make)
    if attachment or cmd.raw is not None:
        stored_attachment = dict(attachment or {})
        if cmd.raw is not None:
            stored_attachment["raw"] = cmd.raw
        if stored_attachment:
            attachment_text = json.dumps(stored_attachment, ensure_ascii=False)
    reopened = meta["status"] in ("pending", "snoozed")
    # Touch the status (and its index) only when it changes.
    status_sql = ", status = 'open', snoozed_until = NULL" if meta["status"] != "open" else ""
    # The text as agents see it (personal numbers masked), worked out once: the
    # conversation's excerpt is cut from it, and the event says when it is the text itself
    # (``plain``: the hub then sends the payload to agents as it is, no second scan).
    shown = body if cmd.plain else mask_text(body)  # (plain: the server found nothing)
    if new_id is not None:  # PostgreSQL: written with the batch's other messages
        message = new_id
        tx.defer(
            _MESSAGES_IN_MANY,
            (message, *_message_values(tx, conversation, display, body, cmd, attachment_text)),
        )
        tx.defer(
            _CONVERSATIONS_IN_MANY,
            (conversation, tx.now, excerpt(shown, masked=True), bool(status_sql)),
        )
        tx.memo.setdefault("taken", set()).add((channel, cmd.external_id))
        if status_sql:
            tx.memo.setdefault("reopened", set()).add(conversation)
    elif tx.gathers:  # SQLite: written with the batch's other messages (Tx.gather_message)
        if status_sql or hinted:
            tx.memo["changed"].add(conversation)  # what was looked up ahead for it is old
        if tx.senders is not None:  # what the writer knows from this batch on (SenderCache)
            learned, sender = tx.learned, (identity.kind, identity.value, channel)
            if opened or status_sql or hinted or current is None:
                learned.pop(sender, None)  # (last: learned in the order it happened)
                learned[sender] = None
            elif key not in tx.memo["known"]:  # (else known already, as it is)
                learned.pop(sender, None)
                learned[sender] = (customer, *current)
        if status_sql:
            tx.execute(
                "UPDATE conversations SET status = 'open', snoozed_until = NULL WHERE id = ?",
                (conversation,),
            )
        if attachment_text is None and cmd.kind == "text":  # (nearly every one)
            message = tx.gather_text(
                conversation, display, body, channel, cmd.external_id, customer, shown
            )
        else:
            message = tx.gather_message(
                _message_values(tx, conversation, display, body, cmd, attachment_text),
                customer,
                shown,
            )
    else:
        message = _message_in(
            tx, conversation, display, body, shown, cmd, attachment_text, status_sql
        )
    meta["status"] = "open"
    payload: dict[str, Any] = {
        "message": message,
        "customer": customer,
        "customer_display": display,
        "channel": channel,
        "kind": cmd.kind,
        "body": body,
        "external_id": cmd.external_id,
    }
    if attachment:
        payload["attachment"] = attachment
    if cmd.call_id:
        payload["call_id"] = cmd.call_id
    if reopened:
        payload["reopened"] = True
    payload.update(hinted)  # what the hints changed, so readers' rows follow
    seq = tx.append_event(_RECEIVED, conversation, actor, payload, meta)
    event = tx.events[-1]
    if shown is body:  # body is the payload's only text agents get masked (privacy.py)
        event.plain = True
    # The answer's own fields, on the event too: the writer child sends them there (one
    # array a message: writer_process._answers_of), not in an answer of their own.
    event.message, event.customer, event.opened = message, customer, opened
    # Not the conversation's facts: its event carries them (the answer of every customer
    # message crosses the writer's pipe; decoding them twice was ~20% of that decode). Typed
    # (read as a dict is): six values in a row on the pipe, no keys (core/convmeta.py).
    return IngestAck(seq, conversation, message, False, opened, customer)


def _message_in(
    tx: Tx,
    conversation: int,
    display: str,
    body: str,
    shown: str,
    cmd: c.IngestMessage,
    attachment_text: str | None,
    status_sql: str,
) -> int:
    """A customer's message and its conversation's new activity (``shown``: the body
    masked, for the excerpt), written now."""
    tx.fold(conversation)  # (its pending activity first: this writes the row's)
    message = tx.insert(
        "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel,"
        " external_id, attachment) VALUES (?, ?, ?, 'in', ?, ?, ?, ?, ?, ?)",
        _message_values(tx, conversation, display, body, cmd, attachment_text),
        then=(
            "UPDATE conversations SET last_message_at = ?, last_excerpt = ?, unread = unread + 1"
            f"{status_sql} WHERE id = ?",
            (tx.now, excerpt(shown, masked=True), conversation),
        ),
    )
    tx.note_excerpts([conversation])
    return message


def record_delivery(tx: Tx, cmd: c.RecordDelivery) -> dict:
    row = tx.one(
        "SELECT m.conversation_id, m.direction, c.channel FROM messages m"
        " JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?",
        (cmd.message,),
    )
    # Another channel's message is reported as missing: its existence is not ours to know.
    if row is None or row[1] != "out" or (cmd.channel is not None and row[2] != cmd.channel):
        raise OpError("not_found", f"no outbound message {cmd.message} on your channel")
    tx.execute("UPDATE messages SET delivery = ? WHERE id = ?", (cmd.status, cmd.message))
    meta = conv_meta(tx, row[0])
    seq = tx.append_event(
        f"delivery.{cmd.status}",
        row[0],
        f"channel:{cmd.source}",
        {"message": cmd.message, "reason": cmd.reason, "attempts": cmd.attempts},
        meta,
    )
    return {"seq": seq, "conversation": row[0], "message": cmd.message}


def record_outgoing(
    tx: Tx,
    conversation: int,
    meta: dict,
    author: str,
    actor: str,
    agent_id: int | None,
    body: str,
    warnings: list[dict] | None,
) -> tuple[int, int]:
    """One reply to the customer, a person's or the assistant's: the message row, the
    conversation's last activity (open becomes pending), ``message.sent`` and the warnings it
    went out with. Returns (seq, message id)."""
    # A person's reply is the first response and reads the conversation; the assistant's is not.
    person = agent_id is not None
    tx.fold(conversation)  # (its pending activity first: this writes the row's)
    message = tx.insert(
        "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel,"
        " delivery) VALUES (?, ?, ?, 'out', ?, ?, 'text', ?, 'queued')",
        (conversation, tx.last_seq + 1, tx.now, author, body, meta["channel"]),
        then=(
            "UPDATE conversations SET"
            + (" first_response_at = COALESCE(first_response_at, ?), unread = 0," if person else "")
            + " last_message_at = ?, last_excerpt = ?,"
            " status = CASE WHEN status = 'open' THEN 'pending' ELSE status END WHERE id = ?",
            ((tx.now,) if person else ()) + (tx.now, excerpt(body), conversation),
        ),
    )
    tx.note_excerpts([conversation])
    if meta["status"] == "open":
        meta["status"] = "pending"
    seq = tx.append_event(
        Kind.MESSAGE_SENT,
        conversation,
        actor,
        {
            "message": message,
            "agent": agent_id,
            "agent_name": author,
            "channel": meta["channel"],
            "body": body,
        },
        meta,
    )
    for hit in warnings or ():
        tx.append_event(
            Kind.COMPLIANCE_HIT,
            conversation,
            actor,
            {"message": message, "action": "warned", **hit},
            meta,
        )
    return seq, message


def agent_reply(tx: Tx, cmd: c.AgentReply) -> dict:
    conversation = cmd.conversation
    source = f"reply:{cmd.agent_id}"  # idempotency keys are the sender's, per agent
    if cmd.key:
        seen = receipt(tx, source, cmd.key)
        if seen is not None:
            return seen
    meta = conv_meta(tx, conversation)
    require_handler(meta, cmd.agent_id, cmd.role)
    if meta["status"] == "resolved":
        raise OpError("conflict", "the conversation is resolved; reopen it first")
    seq, message = record_outgoing(
        tx,
        conversation,
        meta,
        cmd.agent_name,
        f"agent:{cmd.agent_name}",
        cmd.agent_id,
        cmd.body,
        cmd.warnings,
    )
    if cmd.key:
        store_receipt(
            tx, source, cmd.key, {"seq": seq, "conversation": conversation, "message": message}
        )
    return {"seq": seq, "conversation": conversation, "message": message, "meta": meta}


def record_blocked_reply(tx: Tx, cmd: c.RecordBlockedReply) -> dict:
    """A refused reply: one ``compliance.blocked`` event with the attempted text masked
    (ID, card and mobile numbers never reach the log) for supervisors, and the blocking
    hits as ``compliance.hit`` (action blocked) with their matches masked the same way."""
    actor = f"agent:{cmd.agent_name}"
    meta = conv_meta(tx, cmd.conversation)
    hits = cmd.hits
    seq = tx.append_event(
        Kind.COMPLIANCE_BLOCKED,
        cmd.conversation,
        actor,
        {
            "agent": cmd.agent_id,
            "masked": cmd.masked if cmd.masked is not None else "",
            "rules": sorted({h.get("rule") for h in hits if h.get("rule")}),
            "categories": sorted({h.get("category") for h in hits if h.get("category")}),
        },
        meta,
    )
    for hit in hits:
        seq = tx.append_event(
            Kind.COMPLIANCE_HIT,
            cmd.conversation,
            actor,
            {"action": "blocked", **hit, "match": mask_text(str(hit.get("match") or ""))},
            meta,
        )
    return {"seq": seq}


def schedule_callback(tx: Tx, cmd: c.ScheduleCallback) -> dict:
    """A call-back task: shown in the owner's inbox until it is done (resolved)."""
    meta = conv_meta(tx, cmd.conversation)
    if meta["status"] == "resolved":
        raise OpError("conflict", "the conversation is resolved; reopen it first")
    tx.execute(
        "UPDATE conversations SET callback_due = ?, callback_note = ? WHERE id = ?",
        (cmd.due, cmd.note, cmd.conversation),
    )
    seq = tx.append_event(
        Kind.CALLBACK_CREATED,
        cmd.conversation,
        cmd.actor,
        {"due": cmd.due, "note": cmd.note, "agent": cmd.agent_id or meta.get("assigned")},
        meta,
    )
    return {"seq": seq, "conversation": cmd.conversation}


def add_note(tx: Tx, cmd: c.AddNote) -> dict:
    meta = conv_meta(tx, cmd.conversation)
    row_id = tx.insert(
        "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, kind, channel)"
        " VALUES (?, ?, ?, 'note', ?, ?, 'text', ?)",
        (cmd.conversation, tx.last_seq + 1, tx.now, cmd.agent_name, cmd.body, meta["channel"]),
    )
    seq = tx.append_event(
        Kind.NOTE_ADDED,
        cmd.conversation,
        f"agent:{cmd.agent_name}",
        {
            "message": row_id,
            "agent": cmd.agent_id,
            "agent_name": cmd.agent_name,
            "body": cmd.body,
        },
        meta,
    )
    return {"seq": seq, "conversation": cmd.conversation, "message": row_id}


def set_status(tx: Tx, cmd: c.SetStatus) -> dict:
    """resolve / snooze / reopen."""
    conversation, status = cmd.conversation, cmd.status
    meta = conv_meta(tx, conversation)
    if cmd.agent_id is not None:
        require_handler(meta, cmd.agent_id, cmd.role)
    if status == "resolved" and meta["status"] == "resolved":
        raise OpError("conflict", "the conversation is already resolved")
    if status == "open" and meta["status"] != "resolved" and meta["status"] != "snoozed":
        raise OpError("conflict", f"the conversation is {meta['status']}, not resolved")
    tx.execute(
        "UPDATE conversations SET status = ?, snoozed_until = ?,"
        " resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END,"
        " outcome = COALESCE(?, outcome) WHERE id = ?",
        (status, cmd.until, status, tx.now, cmd.outcome, conversation),
    )
    previous = meta["status"]
    meta["status"] = status
    payload = {"status": status, "previous": previous, **cmd.extra}
    if cmd.until is not None:
        payload["until"] = cmd.until
    if cmd.outcome:
        payload["outcome"] = cmd.outcome
    seq = tx.append_event(cmd.kind, conversation, cmd.actor, payload, meta)
    return {"seq": seq, "conversation": conversation, "meta": meta}


def assign(tx: Tx, cmd: c.Assign) -> dict:
    """Set (or clear) the conversation's agent and record why; ``loan_type`` moves it to
    another queue at the same time."""
    check_lease(tx, cmd.lease_pid)
    conversation = cmd.conversation
    meta = conv_meta(tx, conversation)
    if cmd.loan_type is not None:
        tx.execute(
            "UPDATE conversations SET loan_type = ? WHERE id = ?", (cmd.loan_type, conversation)
        )
        meta["loan_type"] = cmd.loan_type
    if cmd.check_open and meta["status"] == "resolved":
        raise OpError("conflict", "the conversation is resolved")
    if cmd.expect_unassigned_or is not None and meta["assigned"] not in (
        None,
        cmd.expect_unassigned_or,
    ):
        raise OpError("conflict", "the conversation is already assigned to another agent")
    previous = meta["assigned"]
    tx.execute(
        "UPDATE conversations SET assigned_agent = ? WHERE id = ?", (cmd.agent_id, conversation)
    )
    meta["assigned"] = cmd.agent_id
    seq = tx.append_event(
        cmd.kind,
        conversation,
        cmd.actor,
        {"agent": cmd.agent_id, "from_agent": previous, **cmd.payload},
        meta,
    )
    return {"seq": seq, "conversation": conversation, "meta": meta, "previous": previous}


def set_priority(tx: Tx, cmd: c.SetPriority) -> dict:
    meta = conv_meta(tx, cmd.conversation)
    tx.execute(
        "UPDATE conversations SET priority = ? WHERE id = ?", (cmd.priority, cmd.conversation)
    )
    meta["priority"] = cmd.priority
    seq = tx.append_event(
        Kind.CONVERSATION_PRIORITY, cmd.conversation, cmd.actor, {"priority": cmd.priority}, meta
    )
    return {"seq": seq, "conversation": cmd.conversation, "meta": meta}


def mark_read(tx: Tx, cmd: c.MarkRead) -> dict:
    meta = conv_meta(tx, cmd.conversation)
    # (a read mark after the agent's reply, which zeroed it, writes no row)
    tx.fold(cmd.conversation)  # (the unread messages still pending count too)
    tx.execute(
        "UPDATE conversations SET unread = 0 WHERE id = ? AND unread != 0", (cmd.conversation,)
    )
    seq = tx.append_event(
        Kind.CONVERSATION_READ, cmd.conversation, cmd.actor, {"by": cmd.agent_id}, meta
    )
    return {"seq": seq, "conversation": cmd.conversation}


def record_event(tx: Tx, cmd: c.RecordEvent) -> dict:
    """An event with no projection change (offers, routing decisions, whispers ...)."""
    check_lease(tx, cmd.lease_pid)
    meta = conv_meta(tx, cmd.conversation) if cmd.conversation is not None else None
    seq = tx.append_event(cmd.kind, cmd.conversation, cmd.actor, cmd.payload, meta)
    return {"seq": seq, "meta": meta}


def record_offer(tx: Tx, cmd: c.RecordOffer) -> dict:
    """Routing's offer, its deadline counted from this commit."""
    meta = conv_meta(tx, cmd.conversation)
    if meta["status"] == "resolved":
        raise OpError("conflict", "the conversation is resolved")
    if meta["assigned"] is not None:
        raise OpError("conflict", "the conversation is already with an agent")
    check_lease(tx, cmd.lease_pid)
    payload = {**cmd.payload, "expires_ms": tx.now + cmd.timeout_ms}
    seq = tx.append_event(Kind.CONVERSATION_OFFERED, cmd.conversation, cmd.actor, payload, meta)
    return {"seq": seq, "expires_ms": payload["expires_ms"]}


# The routing lease's advisory lock key (store/backends/pg_cluster.py takes it); pg_locks
# shows a bigint key as its high and low 32 bits, objsubid 1.
LEASE_KEY = 0x6C6F616E6373 + 16


def check_lease(tx: Tx, pid: int | None) -> None:
    """Routing's decisions on PostgreSQL carry the session holding the leader's lease: one
    from a server that no longer holds it (cut off; a successor may be deciding already) is
    refused. None: a single server, nothing to check."""
    if pid is not None and not holds_lease(tx, pid):
        raise OpError("conflict", "this server no longer leads routing")


def holds_lease(tx: Tx, pid: int) -> bool:
    """PostgreSQL only: does backend ``pid`` hold the routing lease right now?"""
    return (
        tx.one(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?"
            " AND classid = ? AND objid = ? AND objsubid = 1",
            (pid, LEASE_KEY >> 32, LEASE_KEY & 0xFFFFFFFF),
        )
        is not None
    )


def _message_values(
    tx: Tx,
    conversation: int,
    display: str,
    body: str,
    cmd: c.IngestMessage,
    attachment_text: str | None,
) -> tuple[Any, ...]:
    """A customer's message row after its id, as both stores write it."""
    return (
        conversation,
        tx.last_seq + 1,
        tx.now,
        display,
        body,
        cmd.kind,
        cmd.channel,
        cmd.external_id,
        attachment_text,
    )
