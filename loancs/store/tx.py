"""What a command's apply function sees: the transaction (``Tx``) with its clock and event
appender, the committed event (``StoredEvent``) and the two ways a write fails."""

from __future__ import annotations

import os
import sqlite3
from binascii import hexlify as _hexlify
from dataclasses import dataclass, field
from hashlib import sha256 as _sha256
from typing import Any

import msgspec

from loancs.core.convmeta import FIELDS, ConvMeta, facts_of_dict
from loancs.core.eventlog import canonical_bytes, chain_hash, decode_payload
from loancs.core.projection import excerpt
from loancs.store.search import fold_one, note_pending

# The chain's header, encoded as core/eventlog.chain_digest encodes it (canonical JSON).
_encode_head = msgspec.json.Encoder(order="sorted").encode

# The chain's tail, read at the start of each writer batch (under the write lock).
TAIL = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
# The first seq whose meta the chain covers (migration 0039_meta_under_hash), and the tail
# with it in one statement (SQLite's writer, each batch).
META_SINCE = "SELECT since FROM chain_forms WHERE name = 'meta'"
TAIL_AND_FORM = f"SELECT seq, hash, ({META_SINCE}) FROM events ORDER BY seq DESC LIMIT 1"

# The conversation facts stored beside an event (events.meta): read back by servers that
# learn of the event from the log (server/cluster.py).
_encode_meta = msgspec.json.Encoder().encode


def encode_meta(meta: dict[str, Any]) -> str:
    return _encode_meta(meta).decode()


# Issue 18 (session 27, migration 0038_compact_event_rows): SQLite's event rows are written
# compactly. The WAL's bytes a message are what the writer child's kernel time goes on (its
# pwrites, the fdatasync's writeback, the checkpoint's copy: ~30% of its CPU under load),
# and an event row was ~55% of them (~660 bytes; walpages, 200 a batch: 35 of 64 WAL frames).
# - meta: a conversation's seven facts (every meta the apply functions make) as a JSON array
#   in core/convmeta.FIELDS' order, not a seven-key object (47 bytes, was 122); any other
#   meta as before. ``decode_meta`` reads either.
# - prev_hash: '' (``DERIVED_PREV``). It only repeated the previous row's hash; the chain is
#   as strong without it (each hash covers the previous hash: a changed, dropped or inserted
#   row breaks the next row's hash), and every reader takes the previous row's
#   (core/eventlog.verify_chain, store/audit.py's SQL for export and ``loancs db copy``).
#   64 bytes a row.
# - hash: its 32 bytes (a BLOB), not 64 hex characters; ``stored_hash`` gives the hex, which
#   is what the chain hashes. Rows written before keep their text; readers take either.
# PostgreSQL's rows stay as they were (backends/pg.py writes them).
_META_SIZE = len(FIELDS)


def meta_bytes(meta: dict[str, Any] | ConvMeta) -> bytes:
    """``meta`` as a compact event row stores it, and as the chain hashes it from migration
    0039_meta_under_hash on (core/eventlog.chain_digest): a conversation's seven facts as
    the array (a ConvMeta encodes as the array itself), any other meta as its object."""
    if meta.__class__ is dict and len(meta) == _META_SIZE:
        try:  # (seven keys, each of FIELDS: the facts and nothing else)
            return _encode_meta(facts_of_dict(meta))
        except KeyError:
            pass
    return _encode_meta(meta)


def stored_meta(meta: dict[str, Any] | ConvMeta) -> str:
    """``meta`` as a compact event row stores it (:func:`meta_bytes` as text)."""
    return meta_bytes(meta).decode()


def decode_meta(text: str | bytes) -> dict[str, Any]:
    """An event row's meta as the dict it was written from (either form)."""
    value = decode_payload(text)
    if value.__class__ is list:
        return dict(zip(FIELDS, value, strict=True))
    return value


def hashed_meta(text: str | bytes) -> bytes:
    """The bytes the chain covers of a stored meta in either form (PostgreSQL stores the
    object, SQLite the array: both give the array's bytes)."""
    return meta_bytes(decode_meta(text))


def stored_hash(value: str | bytes) -> str:
    """An event row's hash as the chain uses it (64 hex characters; a compact row's BLOB)."""
    return value if isinstance(value, str) else value.hex()


# What ``Tx.gather_message`` writes (the columns of apply/conversations.py's _message_values).
_GATHERED_MESSAGES = (
    "INSERT INTO messages (id, conversation_id, seq, ts, direction, author, body, kind, channel,"
    " external_id, attachment) VALUES (?, ?, ?, ?, 'in', ?, ?, ?, ?, ?, ?)"
)
# The same without an attachment (most messages): Python's sqlite3 binds exact ints, floats
# and strs at once but looks every other value (None, an enum member) up in its adapters
# first, ~3.4k instructions each (valgrind); a NULL written in the statement costs nothing.
_GATHERED_PLAIN_MESSAGES = (
    "INSERT INTO messages (id, conversation_id, seq, ts, direction, author, body, kind, channel,"
    " external_id, attachment) VALUES (?, ?, ?, ?, 'in', ?, ?, ?, ?, ?, NULL)"
)
_PLAIN_MESSAGE_VALUES = 9  # the ?s of a row of _GATHERED_PLAIN_MESSAGES
# The same for a text message (kind 'text': nearly every one), its kind written in the
# statement too: a text value bound is copied into the statement (sqlite3_bind_text with
# SQLITE_TRANSIENT), ~0.9k instructions a row (callgrind, the statement alone: 19.0k -> ~18k
# an ingest); the stored row is the same.
_GATHERED_TEXT_MESSAGES = (
    "INSERT INTO messages (id, conversation_id, seq, ts, direction, author, body, kind, channel,"
    " external_id, attachment) VALUES (?, ?, ?, ?, 'in', ?, ?, 'text', ?, ?, NULL)"
)
_TEXT_MESSAGE_VALUES = 8  # the ?s of a row of _GATHERED_TEXT_MESSAGES
_GATHERED_ACTIVITY = (
    "UPDATE conversations SET last_message_at = ?, last_excerpt = ?, unread = unread + ?"
    " WHERE id = ?"
)
# SQLite: the payload is bound as the UTF-8 bytes it was hashed from and stored as TEXT
# (``CAST(? AS TEXT)`` reads a BLOB's bytes as text in the database's encoding, UTF-8: the
# same bytes, typeof 'text'). Bound as a str it was decoded from those bytes and encoded
# back by sqlite3 (a payload is not ASCII: the masked display's "…"): ~4.4k instructions an
# ingest (valgrind). PostgreSQL's Tx binds the str (Tx.binds_bytes).
# A compact row (``DERIVED_PREV``): its prev_hash written in the statement, its hash the
# 32 bytes bound as a bytearray (bound at once, as the payload).
_EVENTS_INSERT = (
    "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash, meta)"
    " VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), '', ?, ?)"
)
# SQLite: a batch's rows go in statements of several rows each, as many as fit, then one by
# one (``_write_flat``). Per row, executemany resets, binds and halts the statement and
# opens its cursors again: measured (valgrind, a table of 500 conversations, 200 rows a
# batch) messages 30.5k -> 22.8k instructions a row, events 18.5k -> 15.2k, the activity
# UPDATE 41.9k -> 36.4k. Two fixed sizes, so the statements stay prepared; runs shorter than
# 16 rows (ingests between replies) go one by one: a statement of 4 rows was no cheaper.
_ROWS_AT_ONCE = (64, 16)


def _rows_statement(head: str, row: str, tail: str = "") -> dict[int, str]:
    """The statement ``head`` + ``row`` x n (comma-separated) + ``tail`` for each size."""
    return {n: head + ", ".join([row] * n) + tail for n in _ROWS_AT_ONCE}


_PLAIN_MESSAGES_AT_ONCE = _rows_statement(
    "INSERT INTO messages (id, conversation_id, seq, ts, direction, author, body, kind, channel,"
    " external_id, attachment) VALUES ",
    "(?, ?, ?, ?, 'in', ?, ?, ?, ?, ?, NULL)",
)
_TEXT_MESSAGES_AT_ONCE = _rows_statement(
    "INSERT INTO messages (id, conversation_id, seq, ts, direction, author, body, kind, channel,"
    " external_id, attachment) VALUES ",
    "(?, ?, ?, ?, 'in', ?, ?, 'text', ?, ?, NULL)",
)


def _events_statement(n: int) -> str:
    """The event rows of ``n`` events in one statement: ``?1`` the batch's time (every event
    of a Tx has it), then seven values a row (seq, kind, conversation, actor, payload, hash,
    meta); each row's prev_hash is ``DERIVED_PREV``, written in the statement."""
    rows = []
    for k in range(n):
        at = 1 + _EVENT_VALUES * k
        rows.append(
            f"(?{at + 1}, ?1, ?{at + 2}, ?{at + 3}, ?{at + 4}, CAST(?{at + 5} AS TEXT), '',"
            f" ?{at + 6}, ?{at + 7})"
        )
    return _EVENTS_INSERT.partition(" VALUES ")[0] + " VALUES " + ", ".join(rows)


_EVENT_VALUES = 7  # a row's own values in _EVENTS_AT_ONCE
_EVENTS_AT_ONCE = {n: _events_statement(n) for n in _ROWS_AT_ONCE}


def _activity_statement(n: int) -> str:
    """The activity UPDATE of ``n`` conversations in one pass: ``?1`` the batch's time, then
    (excerpt, count, id) a conversation. ``UPDATE ... FROM (VALUES ...)`` (before) copied
    the rows into two temporary tables first (the VALUES, then the changes): 36.2k -> 34.6k
    instructions an ingest's activity (harness, a table of 500 conversations, 200 ingests a
    batch). A conversation is in a batch's activity once, so each CASE finds one row."""
    rows = range(n)
    excerpts = " ".join(f"WHEN ?{3 * k + 4} THEN ?{3 * k + 2}" for k in rows)
    counts = " ".join(f"WHEN ?{3 * k + 4} THEN ?{3 * k + 3}" for k in rows)
    ids = ", ".join(f"?{3 * k + 4}" for k in rows)
    return (
        f"UPDATE conversations SET last_message_at = ?1, last_excerpt = CASE id {excerpts} END,"
        f" unread = unread + CASE id {counts} END WHERE id IN ({ids})"
    )


_ACTIVITY_AT_ONCE = {n: _activity_statement(n) for n in _ROWS_AT_ONCE}


def _pending_statement(n: int) -> str:
    """The activity of ``n`` conversations as pending rows (migration 0037_activity_pending,
    store/search.py): ``?1`` the batch's time, then (excerpt, count, id) a conversation, as
    ``_activity_statement``. The conversations' rows, and their two order indexes, are not
    touched: the writer folds the pending rows into them about once a second
    (search.fold_pending). Measured before building (s19 harness, 500 conversations, 200
    ingests a batch): -29.3k instructions an ingest without the fold."""
    rows = ", ".join(f"(?{3 * k + 4}, ?1, ?{3 * k + 2}, ?{3 * k + 3})" for k in range(n))
    return (
        f"INSERT INTO activity_pending (conversation, at, excerpt, unread) VALUES {rows}"
        " ON CONFLICT (conversation) DO UPDATE SET at = excluded.at,"
        " excerpt = excluded.excerpt, unread = unread + excluded.unread"
    )


_PENDING_AT_ONCE = {n: _pending_statement(n) for n in (*_ROWS_AT_ONCE, 1)}


def _write_activity(conn: sqlite3.Connection, now: int, rows: list) -> None:
    """The batch's activity (``rows``: excerpt, count, id a conversation, one flat list) at
    ``now``, as pending rows (``_PENDING_AT_ONCE``: statements of 64, 16 and 1 rows). A
    database not migrated to 0037 yet (as some tests make) gets the rows' UPDATE instead."""
    try:
        _write_flat_at(conn, now, rows, _PENDING_AT_ONCE, _PENDING_AT_ONCE[1])
    except sqlite3.OperationalError as exc:
        if "activity_pending" not in str(exc):
            raise
        _write_rows_activity(conn, now, rows)
    else:
        note_pending(sum(rows[1::3]), rows[2::3])  # (the fold's pace: search.fold_paced)


def _write_flat_at(
    conn: sqlite3.Connection, now: int, rows: list, at_once: dict[int, str], one: str
) -> None:
    """``rows`` (excerpt, count, id a conversation) at ``now`` through ``at_once``'s
    statements of _ROWS_AT_ONCE rows, largest first, the rest one by one through ``one``
    (its parameters: now, excerpt, count, id)."""
    at, left = 0, len(rows) // 3
    for size in _ROWS_AT_ONCE:
        span = size * 3
        while left >= size:
            conn.execute(at_once[size], [now, *rows[at : at + span]])
            at += span
            left -= size
    if left:
        conn.executemany(one, [(now, *rows[i : i + 3]) for i in range(at, len(rows), 3)])


def _write_rows_activity(conn: sqlite3.Connection, now: int, rows: list) -> None:
    """The batch's activity written into the conversations' rows (a database before 0037)."""
    _write_flat_at(conn, now, rows, _ACTIVITY_AT_ONCE, _GATHERED_ACTIVITY)


def _write_flat(
    conn: sqlite3.Connection, one: str, at_once: dict[int, str], values: list, width: int
) -> None:
    """Rows given as one flat list, ``width`` values a row (each statement binds a slice:
    no row tuples built and flattened again), through ``at_once``'s statements, largest
    first, the rest through ``one`` (a statement for one row) with executemany. A failing
    row fails its statement as it failed executemany: the batch is redone command by
    command (writer.commit_batch)."""
    at, left = 0, len(values) // width
    for size in _ROWS_AT_ONCE:
        span = size * width
        while left >= size:
            conn.execute(at_once[size], values[at : at + span])
            at += span
            left -= size
    if left:
        conn.executemany(one, [values[i : i + width] for i in range(at, len(values), width)])


def _write_events(conn: sqlite3.Connection, now: int, values: list) -> None:
    """A Tx's event rows (``values``: seven a row, as ``_EVENTS_AT_ONCE`` binds them, every
    row at ``now``) through statements of _ROWS_AT_ONCE rows, largest first, the rest one by
    one (``_EVENTS_INSERT``)."""
    width = _EVENT_VALUES
    at, left = 0, len(values) // width
    for size in _ROWS_AT_ONCE:
        span = size * width
        while left >= size:
            conn.execute(_EVENTS_AT_ONCE[size], [now, *values[at : at + span]])
            at += span
            left -= size
    if left:
        rows = []
        for i in range(at, len(values), width):
            seq, kind, conversation, actor, payload, digest, meta = values[i : i + width]
            rows.append((seq, now, kind, conversation, actor, payload, digest, meta))
        conn.executemany(_EVENTS_INSERT, rows)


# SQLite: the names a batch's returning senders' identities carried, set where the customer
# had none (``Tx.gather_name``): ?1 the customers' ids, ?2 their names (JSON arrays, in the
# same order). One statement for the batch, not an UPDATE a message.
_GATHERED_NAMES = (
    "UPDATE customers SET name = n.value FROM json_each(?1) AS i"
    " JOIN json_each(?2) AS n ON n.key = i.key WHERE customers.id = i.value AND customers.name"
    " IS NULL"
)
# SQLite: conversations whose excerpt changed, for search to re-index (store/search.py).
_NOTE_EXCERPTS = (
    "INSERT OR IGNORE INTO search_pending (conversation) SELECT value FROM json_each(?)"
)
_encode_ids = msgspec.json.Encoder().encode
# SQLite: customers whose search row is due, noted by triggers (migration 0036), written in
# one statement per transaction before its COMMIT (``index_noted_customers``): FTS5 writes a
# segment at the end of every statement that changed it, two per first-time sender before.
_NOTING_CUSTOMERS = (
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_customers_pending'"
)
_INDEX_NOTED_CUSTOMERS = (
    "INSERT OR REPLACE INTO search_customers (rowid, name, identities)"
    " SELECT c.id, c.name, (SELECT group_concat(i.value, ' ') FROM customer_identities i"
    " WHERE i.customer_id = c.id) FROM search_customers_pending p"
    " JOIN customers c ON c.id = p.customer"
)
_FORGET_NOTED_CUSTOMERS = "DELETE FROM search_customers_pending"


def index_noted_customers(conn: sqlite3.Connection) -> None:
    """Inside a SQLite write transaction that inserted customers or identities: the search
    rows of the customers noted in it, as the triggers wrote them one by one before 0036 (a
    database migrated only up to before 0036, as tests make, has none to write)."""
    if conn.execute(_NOTING_CUSTOMERS).fetchone() is not None:
        conn.execute(_INDEX_NOTED_CUSTOMERS)
        conn.execute(_FORGET_NOTED_CUSTOMERS)


_NONCES = 64  # AES-GCM nonces drawn from the OS at a time (Tx.nonce)


class OpError(Exception):
    """An op refused by the store (state conflict, not found ...): rolled back alone."""

    def __init__(self, code: str, message: str, detail: Any = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail


class StorageError(Exception):
    """The batch could not be committed (disk full, I/O error): nothing was acknowledged."""


class CommitUnconfirmed(Exception):
    """The database took the batch's COMMIT, but what confirms it is on disk failed (the
    connection dropped after the COMMIT, the database restarting): the batch is stored
    unless the database server itself crashed before its WAL reached the disk. Nothing of
    it was acknowledged; the writer answers every command as not confirmed, never as
    "nothing stored" (a resent command without an idempotency key would be stored twice)."""


class CommandError(Exception):
    """A command the writer could not take (it cannot be encoded for the writer process,
    or decoded there): a programming error, failed alone; nothing of it is stored."""


class StoredEvent(msgspec.Struct, array_like=True):
    """One committed event (crosses the writer's pipe as msgpack)."""

    seq: int
    ts: int
    kind: str
    conversation: int | None
    actor: str
    payload: dict[str, Any]
    # Conversation facts for subscriber filtering: the apply functions' dict; the writer
    # child sends a ConvMeta (its seven values, not a seven-key map: writer_process.py), which
    # the server decodes as the hub holds it. Both are read as a Mapping.
    meta: ConvMeta | dict[str, Any] | None = None
    # True: agents get the payload as it is, it holds no personal number to mask
    # (core/privacy.py's ``masked_for_agents(payload) is payload``), as the writer found when
    # it masked a customer's message for the conversation's excerpt; False: not known (the
    # hub masks the payload for agents itself).
    plain: bool = False
    # The event's frame as clients get it (core/protocol.py's Event, UTF-8 JSON), when the
    # writer child made it: the server sends it on as it is, and the payload crosses the
    # pipe only inside it (None there; writer_process.PipedEvent decodes it when asked).
    frame: bytes | None = None
    # A new customer message's answer, on its event (the writer child's pipe: one array a
    # message where an answer, its ack and the event were three): the sender's token, the
    # message, its customer, whether it opened the conversation. Set by the child after the
    # commit (not under the hash); None / False on every other event.
    token: int | None = None
    message: int | None = None
    customer: int | None = None
    opened: bool = False


@dataclass
class Tx:
    """What an apply function sees: the connection, the batch's clock, and the event appender."""

    conn: sqlite3.Connection
    now: int
    _seq: int
    _hash: str
    events: list[StoredEvent] = field(default_factory=list)
    # Event rows are written in one executemany at commit (ops never read events back).
    rows: list[tuple] = field(default_factory=list)
    binds_bytes: bool = field(init=False, default=False)  # (set in __post_init__)
    # Personal fields are sealed with the customer's key before hashing (store/privacy.py);
    # keys created in this transaction are cached only once it commits.
    sealer: Any = None
    new_keys: dict[int, bytes] = field(default_factory=dict)
    # The batch's commands and which one is being applied (set only when ``defers``), and a
    # scratch dict the apply functions may fill for the rest of the batch (what they looked
    # up for several commands at once); a Tx that defers empties it at any other write.
    commands: list[Any] = field(default_factory=list)
    position: int = 0
    memo: dict[str, Any] = field(default_factory=dict)
    lookups: int = 0  # how many such looks ahead the batch made (memo forgets; this does not)
    # SQLite (``gathers``, set by the writer for a batch's all-in-one attempt): customers'
    # messages are written together, their rows in one executemany and each conversation's
    # new activity in one UPDATE (its last message's time and excerpt, the unread count),
    # right before any other statement through this Tx, and when the batch's commands are
    # done (``settle``). A read through the Tx therefore sees every earlier write.
    gathers: bool = False
    _next_message: int = 0  # the id the next gathered message gets (0: read it first)
    _messages: list[tuple] = field(default_factory=list)
    _plain_messages: list = field(default_factory=list)  # (no attachment: values in a row)
    _text_messages: list = field(default_factory=list)  # (kind 'text' too: likewise)
    _activity: dict[int, list] = field(default_factory=dict)  # conversation: [body, count]
    _names: dict[int, str] = field(default_factory=dict)  # customer: name (gather_name)
    # (channel, external_id) of each message gathered in this batch, written or not yet:
    # (id, seq, conversation, customer)
    gathered: dict[tuple[str, str], tuple[int, int, int, int]] = field(default_factory=dict)
    # SQLite, a batch of ingests and commands of ONE_CONVERSATION (apply/conversations.py's
    # SenderCache, the writer's): the senders and open conversations the writer knows from
    # earlier batches, and what this batch's ingests read or changed of them, (kind, value,
    # channel): the customer and the conversation's row, or None; (customer, channel):
    # None, what a command touched (in the order it happened, learned once the batch commits);
    # and (customer,): None, a customer whose name this batch sets (SenderCache.named).
    senders: Any = None
    learned: dict[tuple, tuple | None] = field(default_factory=dict)

    # SQLite: the batch inserted a customer or an identity, so triggers noted customers whose
    # search row is written before COMMIT (index_noted_customers; apply/customers.py sets it).
    customers_noted: bool = False

    # Customers' keys this attempt at the batch sealed with (store/privacy.py's Sealer.seal:
    # customer -> AESGCM), and the monotonic time before which the process's cached keys are
    # read again (set at the first seal). A command rolled back alone forgets them all (it
    # may have made a key that is no longer stored: writer._apply), an erasure its own.
    keys: dict[int, Any] = field(default_factory=dict)
    keys_since: float | None = None

    # Random bytes for AES-GCM nonces (``nonce``), drawn for several at once; a Tx lives for
    # one attempt at one batch, in one thread, so none is handed out twice.
    _nonces: bytes = b""
    _nonce_at: int = 0

    # Whether the chain covers each event's meta (migration 0039_meta_under_hash: the
    # database's ``chain_forms`` mark; core/eventlog.chain_digest). The writer reads the
    # mark with the tail each batch (``TAIL_AND_FORM``); a database without it (migrated
    # only part of the way, as some tests make) gets rows as before.
    covers_meta: bool = True

    # Whether writes may be deferred to one set-based statement at the end (backends/pg.py:
    # PostgreSQL, where each statement is a round trip; SQLite runs each one at once).
    defers = False

    def __post_init__(self) -> None:
        # SQLite: an event row holds its payload as the bytes hashed (``_EVENTS_INSERT``
        # stores them as TEXT); PostgreSQL's (backends/pg.py) as the str.
        self.binds_bytes = isinstance(self.conn, sqlite3.Connection)
        if self._hash.__class__ is not str:  # the tail read from a compact row (its bytes)
            self._hash = stored_hash(self._hash)

    def execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        if self._next_message or self._names:
            self._write_gathered()
        return self.conn.execute(sql, params)

    def insert(
        self, sql: str, params: tuple | list = (), then: tuple[str, tuple | list] | None = None
    ) -> int:
        """An INSERT of one row; returns its new id. ``then``: a statement (and its params)
        to run right after it, whose result nobody reads (PostgreSQL sends both in one
        round trip)."""
        if self._next_message or self._names:
            self._write_gathered()
        row_id = self.conn.execute(sql, params).lastrowid
        assert row_id is not None
        if then is not None:
            self.conn.execute(*then)
        return row_id

    def one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        if self._next_message or self._names:
            self._write_gathered()
        return self.conn.execute(sql, params).fetchone()

    # A first-time sender's customer, identity, key and conversation are written apart from
    # the batch's gathered messages (SQLite): they read none of them and none of them needs
    # these rows before it is written (a gathered message is written after its conversation
    # exists), so the messages keep waiting and a batch's first-time senders' messages are
    # still written together, not one statement each. Any other Tx (a batch redone in
    # savepoints, PostgreSQL's) runs them as usual.

    def execute_apart(self, sql: str, params: tuple | list = ()) -> Any:
        """``execute`` for a write that reads no gathered message and that no gathered
        message needs (see above)."""
        if not self.gathers:
            return self.execute(sql, params)
        return self.conn.execute(sql, params)

    def insert_apart(self, sql: str, params: tuple | list = ()) -> int:
        """``insert`` (without ``then``) apart from the gathered messages (see above)."""
        if not self.gathers:
            return self.insert(sql, params)
        row_id = self.conn.execute(sql, params).lastrowid
        assert row_id is not None
        return row_id

    def one_apart(self, sql: str, params: tuple | list = ()) -> tuple | None:
        """``one`` for a read of rows no gathered message changes (see above)."""
        if not self.gathers:
            return self.one(sql, params)
        return self.conn.execute(sql, params).fetchone()

    def gather_message(self, values: tuple, customer: int, body: str) -> int:
        """A customer's message row (``values``: its columns after the id, as
        apply/conversations.py's ``_message_values``) and its conversation's new activity
        (``body``: the text of its excerpt, already masked: ``mask_text``'s result), written
        with the batch's others (``gathers``); returns the message's id, as SQLite would have
        given it."""
        message = self._next_message
        if not message:
            row = self.conn.execute("SELECT MAX(id) FROM messages").fetchone()
            message = (row[0] or 0) + 1
        self._next_message = message + 1
        if values[-1] is None:  # no attachment: the statement writes NULL
            if values[5] == "text":  # _GATHERED_TEXT_MESSAGES: nor the kind; values in a row
                conversation, seq, ts, author, text, _, channel, external_id, _ = values
                self._text_messages += (
                    message,
                    conversation,
                    seq,
                    ts,
                    author,
                    text,
                    channel,
                    external_id,
                )
                self._gathered_now(message, seq, conversation, channel, external_id, customer, body)
                return message
            else:  # _GATHERED_PLAIN_MESSAGES, its values in a row
                plain = self._plain_messages
                plain.append(message)
                plain.extend(values)
                plain.pop()  # (the attachment's None)
        else:
            self._messages.append((message, *values))
        self._gathered_now(message, values[1], values[0], values[6], values[7], customer, body)
        return message

    def gather_text(
        self,
        conversation: int,
        author: str,
        text: str,
        channel: str,
        external_id: str,
        customer: int,
        body: str,
    ) -> int:
        """``gather_message`` of a text message without an attachment (nearly every
        customer's message), its row's values given as they are written
        (_GATHERED_TEXT_MESSAGES), not as a tuple of ``_message_values`` taken apart here:
        the same row, the same id, ~1k instructions fewer an ingest (callgrind)."""
        message = self._next_message
        if not message:
            row = self.conn.execute("SELECT MAX(id) FROM messages").fetchone()
            message = (row[0] or 0) + 1
        self._next_message = message + 1
        seq = self._seq + 1  # (the event this message's command appends next: its seq)
        self._text_messages += (
            message,
            conversation,
            seq,
            self.now,
            author,
            text,
            channel,
            external_id,
        )
        self.gathered[(channel, external_id)] = (message, seq, conversation, customer)
        activity = self._activity.get(conversation)
        if activity is None:
            self._activity[conversation] = [body, 1]
        else:
            activity[0] = body
            activity[1] += 1
        return message

    def _gathered_now(
        self,
        message: int,
        seq: int,
        conversation: int,
        channel: str,
        external_id: str,
        customer: int,
        body: str,
    ) -> None:
        """A gathered message's entry in ``gathered`` and its conversation's activity."""
        self.gathered[(channel, external_id)] = (message, seq, conversation, customer)
        activity = self._activity.get(conversation)
        if activity is None:
            self._activity[conversation] = [body, 1]
        else:
            activity[0] = body
            activity[1] += 1

    def gather_name(self, customer: int, name: str) -> None:
        """A returning sender's name, set if the customer has none (as ``UPDATE customers
        SET name = ? WHERE id = ? AND name IS NULL`` right away would), written with the
        batch's gathered messages (``gathers``; the message of the same command is gathered
        right after). The first name of a customer in the batch is the one that counts, as
        it was: the later UPDATEs found the name set."""
        self._names.setdefault(customer, name)

    def _write_gathered(self) -> None:
        self._next_message = 0  # another statement may add messages: read the next id again
        if self._messages or self._plain_messages or self._text_messages:
            if self._text_messages:
                _write_flat(
                    self.conn,
                    _GATHERED_TEXT_MESSAGES,
                    _TEXT_MESSAGES_AT_ONCE,
                    self._text_messages,
                    _TEXT_MESSAGE_VALUES,
                )
                self._text_messages = []
            if self._plain_messages:
                _write_flat(
                    self.conn,
                    _GATHERED_PLAIN_MESSAGES,
                    _PLAIN_MESSAGES_AT_ONCE,
                    self._plain_messages,
                    _PLAIN_MESSAGE_VALUES,
                )
                self._plain_messages = []
            if self._messages:
                self.conn.executemany(_GATHERED_MESSAGES, self._messages)
            activity: list[Any] = []
            for conversation, (body, count) in self._activity.items():
                activity += (excerpt(body, masked=True), count, conversation)
            _write_activity(self.conn, self.now, activity)
            self.conn.execute(_NOTE_EXCERPTS, (_encode_ids(list(self._activity)).decode(),))
            self._messages = []
            self._activity = {}
        if self._names:
            names = self._names
            self.conn.execute(
                _GATHERED_NAMES,
                (_encode_ids(list(names)).decode(), _encode_ids(list(names.values())).decode()),
            )
            self._names = {}
            # ``gathered`` stays: a lookup made ahead of these writes still needs it

    def fold(self, conversation: int) -> None:
        """Before a write that sets a conversation's last activity, excerpt or unread count
        in its row (SQLite): its pending activity goes into the row first
        (search.fold_one), the batch's gathered messages' included. PostgreSQL writes the
        row itself: nothing pending."""
        if self.binds_bytes:
            if self._next_message or self._names:
                self._write_gathered()
            fold_one(self.conn, conversation)

    def note_excerpts(self, conversations: list[int]) -> None:
        """After an UPDATE of these conversations' ``last_excerpt``: SQLite's search index
        re-indexes them (``search_pending``, store/search.py; the writer notes them, no
        trigger does). PostgreSQL searches the column itself: nothing to note."""
        if isinstance(self.conn, sqlite3.Connection):
            self.conn.execute(_NOTE_EXCERPTS, (_encode_ids(conversations).decode(),))

    def append_event(
        self,
        kind: str,
        conversation: int | None,
        actor: str,
        payload: dict[str, Any],
        meta: dict[str, Any] | None = None,
    ) -> int:
        seq = self._seq + 1
        # An exact str (``Kind`` members are str subclasses): bound, hashed and sent on as a
        # plain string, not through sqlite3's adapters and msgspec's enum path.
        if kind.__class__ is not str:
            kind = str(kind)
        stored = (
            payload if self.sealer is None else self.sealer.seal(self, conversation, payload, meta)
        )
        # The row's hash is made at flush (``flush_events``), with its meta as it is then
        # (an apply function may still add to it: the chain covers what is stored).
        self.rows.append((seq, self.now, kind, conversation, actor, canonical_bytes(stored), meta))
        self._seq = seq
        self.events.append(StoredEvent(seq, self.now, kind, conversation, actor, payload, meta))
        return seq

    def nonce(self) -> bytes:
        """12 fresh random bytes for one AES-GCM seal (store/privacy.py): slices of one
        ``os.urandom`` for ``_NONCES`` seals, not a system call for each (a customer's message
        is sealed once: ~2 µs of the writer's ~45 under load, py-spy of the load test's child).
        Each slice is handed out once; a batch that is redone gets a new Tx and new bytes."""
        at = self._nonce_at
        if at == len(self._nonces):
            self._nonces = os.urandom(12 * _NONCES)
            at = 0
        self._nonce_at = at + 12
        return self._nonces[at : at + 12]

    @property
    def last_seq(self) -> int:
        return self._seq

    def defer(self, sql: str, row: tuple) -> None:
        """Only a Tx that ``defers`` (backends/pg.py's PgTx) keeps writes for later."""
        raise NotImplementedError

    def settle(self) -> None:
        """Before code that reads with ``tx.conn`` itself: run every deferred write."""
        if self._next_message or self._names:
            self._write_gathered()

    def fetch_with_tail(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """Only a Tx that ``defers``: a read that also learns the chain's tail if the batch
        has not read it yet (one round trip instead of two)."""
        raise NotImplementedError

    def commit(self, notify: str | None = None) -> None:
        """Write the events and commit; ``notify`` (PostgreSQL) runs right before COMMIT."""
        self.flush_events()
        if self.customers_noted:
            index_noted_customers(self.conn)
        if notify is not None:
            self.conn.executescript(notify + "COMMIT")
        else:
            self.conn.execute("COMMIT")

    def flush_events(self) -> None:
        rows = self.rows
        if rows:
            values: list = []
            # (seven values a row, one tuple added each. The hash chained from the tail in
            # seq order, the meta under it where the database covers meta (``covers_meta``).
            # Compact rows: the hash's 32 bytes, the meta's facts as an array; the payload
            # bound as the bytes hashed: a bytearray, as sqlite3 binds bytearray, exact str,
            # int and float at once and looks anything else up in its adapters first, two
            # attribute lookups that raise, ~3.4k instructions a row)
            # The hash is core/eventlog.chain_digest's, in line: the previous hash kept as
            # its hex's ASCII bytes (hexlify: no str made and encoded again for the next
            # row) and the hashed bytes joined once (~1.5k instructions a row less,
            # callgrind; verify_chain, which hashes with chain_digest, checks every row:
            # tests/test_writer_meta_hash.py, test_writer_compact_rows.py).
            prev = self._hash.encode("ascii")
            covers = self.covers_meta
            now = self.now
            join, head, sha, hexlify = b"".join, _encode_head, _sha256, _hexlify
            for seq, _, kind, conversation, actor, encoded, meta in rows:
                if meta is None:
                    text = None
                    digest = sha(
                        join((prev, head([seq, now, kind, conversation, actor]), encoded))
                    ).digest()
                else:
                    stored = meta_bytes(meta)
                    if covers:
                        hashed = head([seq, now, kind, conversation, actor, len(stored)])
                        digest = sha(join((prev, hashed, encoded, stored))).digest()
                    else:
                        hashed = head([seq, now, kind, conversation, actor])
                        digest = sha(join((prev, hashed, encoded))).digest()
                    text = stored.decode()
                values += (
                    seq,
                    kind,
                    conversation,
                    actor,
                    bytearray(encoded),
                    bytearray(digest),
                    text,
                )
                prev = hexlify(digest)
            self._hash = prev.decode("ascii")
            _write_events(self.conn, now, values)
            self.rows = []

    def chained_rows(self) -> list[tuple]:
        """The events' rows as PostgreSQL's writer writes them (backends/pg.py): (seq, ts,
        kind, conversation, actor, payload, prev_hash, hash, meta), the payload and meta as
        text (meta as its object), prev_hash and hash as hex, the meta's canonical bytes
        under the hash (``covers_meta``)."""
        out: list[tuple] = []
        prev = self._hash
        covers = self.covers_meta
        for seq, ts, kind, conversation, actor, encoded, meta in self.rows:
            if meta is None:
                text = None
                digest = chain_hash(prev, seq, ts, kind, conversation, actor, encoded)
            else:
                text = encode_meta(meta)
                hashed = meta_bytes(meta) if covers else None
                digest = chain_hash(prev, seq, ts, kind, conversation, actor, encoded, hashed)
            out.append((seq, ts, kind, conversation, actor, encoded.decode(), prev, digest, text))
            prev = digest
        self._hash = prev
        self.rows = []
        return out
