"""Search and the read indexes (issue 18).

Search runs on two FTS5 tables with the trigram tokenizer, which finds any substring of three
characters or more, Chinese included: ``search_customers`` (one row per customer: name and
identity values, rowid = customer id) and ``search_conversations`` (one row per conversation:
its last message excerpt, rowid = conversation id). Triggers keep them in step with the tables
the writer changes, so every path that writes a customer, an identity or an excerpt (ops,
erasure, admin commands) updates the index in the same transaction.

Queries of one or two characters cannot use trigrams: they match customers whose name starts
with them (an ordinary index) and, anywhere in the name or last message, the most recently
active conversations (a window of ``SHORT_WINDOW``, newest first).

A query matching few rows looks them up and sorts them; one matching many (``DENSE``) walks
the inbox order and stops when the page is full, so neither grows with history. A dense walk
tests last messages against the index's matches among the conversations it is about to walk
(``window``: an id range), not against every match in history.

An agent must not find a customer through a number they only see masked: for agents a match
counts only where they can see it (the name, the last message as masked for them, a WeChat or
web-chat identity) or where they typed a whole identity value (a caller reading out their own
number reveals nothing).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

import msgspec

from loancs.core.pii import mask_identity, mask_text

MIGRATION = (
    "0012_search_fts_read_indexes",
    """
    CREATE VIRTUAL TABLE search_customers USING fts5(name, identities, tokenize = 'trigram');
    CREATE VIRTUAL TABLE search_conversations USING fts5(excerpt, tokenize = 'trigram');

    INSERT INTO search_customers (rowid, name, identities)
        SELECT c.id, c.name, (SELECT group_concat(i.value, ' ') FROM customer_identities i
                              WHERE i.customer_id = c.id)
        FROM customers c;
    INSERT INTO search_conversations (rowid, excerpt)
        SELECT id, last_excerpt FROM conversations WHERE last_excerpt IS NOT NULL;

    CREATE TRIGGER search_customer_added AFTER INSERT ON customers BEGIN
        INSERT OR REPLACE INTO search_customers (rowid, name, identities)
            VALUES (new.id, new.name, NULL);
    END;
    CREATE TRIGGER search_customer_named AFTER UPDATE OF name ON customers BEGIN
        {refresh} = new.id;
    END;
    CREATE TRIGGER search_customer_removed AFTER DELETE ON customers BEGIN
        DELETE FROM search_customers WHERE rowid = old.id;
    END;
    CREATE TRIGGER search_identity_added AFTER INSERT ON customer_identities BEGIN
        {refresh} = new.customer_id;
    END;
    CREATE TRIGGER search_identity_removed AFTER DELETE ON customer_identities BEGIN
        {refresh} = old.customer_id;
    END;
    CREATE TRIGGER search_identity_changed AFTER UPDATE ON customer_identities BEGIN
        {refresh} IN (old.customer_id, new.customer_id);
    END;
    CREATE TRIGGER search_conversation_added AFTER INSERT ON conversations
    WHEN new.last_excerpt IS NOT NULL BEGIN
        INSERT INTO search_conversations (rowid, excerpt) VALUES (new.id, new.last_excerpt);
    END;
    CREATE TRIGGER search_conversation_excerpt AFTER UPDATE OF last_excerpt ON conversations
    WHEN new.last_excerpt IS NOT old.last_excerpt BEGIN
        DELETE FROM search_conversations WHERE rowid = old.id;
        INSERT INTO search_conversations (rowid, excerpt)
            SELECT new.id, new.last_excerpt WHERE new.last_excerpt IS NOT NULL;
    END;
    CREATE TRIGGER search_conversation_removed AFTER DELETE ON conversations BEGIN
        DELETE FROM search_conversations WHERE rowid = old.id;
    END;

    -- Every list order and report window has an index: the inbox and history order (last
    -- activity), the service-level window (created), a name prefix (short searches).
    CREATE INDEX conversations_activity
        ON conversations (COALESCE(last_message_at, created_at));
    CREATE INDEX conversations_created ON conversations (created_at);
    CREATE INDEX customers_name ON customers (name);
    """.replace(
        "{refresh}",
        # A customer's row: the name and every identity value, rebuilt from the tables.
        "INSERT OR REPLACE INTO search_customers (rowid, name, identities)"
        " SELECT c.id, c.name, (SELECT group_concat(i.value, ' ') FROM customer_identities i"
        " WHERE i.customer_id = c.id) FROM customers c WHERE c.id",
    ),
)

# A message changes its conversation's last excerpt, and re-indexing it (its trigrams out and
# in) cost about a third of the writer's time per message. So the trigger only notes the
# conversation in ``search_pending`` (since 0023 the writer notes it, no trigger:
# NOTED_BY_WRITER_MIGRATION); the writer re-indexes the noted ones together at most
# every INDEX_EVERY_S (index_pending: a conversation that got ten messages meanwhile is
# indexed once), and a search reads a noted conversation's current excerpt itself instead
# of its stale index entry (matches), so results are as before at every moment.
PENDING_MIGRATION = (
    "0015_search_excerpts_in_batches",
    """
    CREATE TABLE search_pending (conversation INTEGER PRIMARY KEY);
    DROP TRIGGER IF EXISTS search_conversation_excerpt;
    CREATE TRIGGER search_conversation_noted AFTER UPDATE OF last_excerpt ON conversations
    WHEN new.last_excerpt IS NOT old.last_excerpt BEGIN
        INSERT OR IGNORE INTO search_pending (conversation) VALUES (new.id);
    END;
    CREATE TRIGGER search_pending_removed AFTER DELETE ON conversations BEGIN
        DELETE FROM search_pending WHERE conversation = old.id;
    END;
    """,
)
# The trigger cost ~1 µs of each customer message's activity UPDATE (a trigger program run
# per row); the writer now notes the conversations whose excerpt it changes itself, a
# batch's in one statement (store/tx.py ``Tx.note_excerpts``; every UPDATE of last_excerpt
# in store/apply is followed by one).
NOTED_BY_WRITER_MIGRATION = (
    "0023_excerpts_noted_by_the_writer",
    "DROP TRIGGER IF EXISTS search_conversation_noted;",
)
# (PostgreSQL never had the trigger: the same statement, in its syntax, drops nothing.)
NOTED_BY_WRITER_POSTGRES = "DROP TRIGGER IF EXISTS search_conversation_noted ON conversations;"
# PostgreSQL searches the columns themselves: the table only keeps the schemas alike (a copy
# from SQLite carries it); nothing writes it there.
PENDING_POSTGRES = "CREATE TABLE search_pending (conversation BIGINT PRIMARY KEY);"
INDEX_EVERY_S = 1.0
INDEX_BATCH = 5000  # conversations re-indexed in one go at most
# A conversation still receiving messages is re-indexed once it has been quiet for QUIET_S
# (its last message's time), not every INDEX_EVERY_S: re-indexing a row (its trigrams out
# and in) costs ~60-90 µs, and a busy conversation would pay it every second for text that
# is replaced again at once. Searches meanwhile read its current excerpt (matches), so
# results do not change; only the number of noted rows each search reads does (~0.7 µs each
# at 1M messages), so once more than PENDING_MAX are noted the least recently active of the
# busy ones are re-indexed anyway.
QUIET_S = 10.0
PENDING_MAX = 2000
_next_index_at = 0.0

# The noted conversations quiet since ``?`` (a deleted one counts as quiet), in rowid order,
# at most ``?``: read a step at a time (the noted rows are walked in order and the walk stops
# at the limit), so a backlog of every conversation (a database upgraded to 0015, rows
# written around the writer) costs each step its own rows, not a read and sort of all.
# (A conversation's last message time and excerpt are its pending ones where it has them:
# LAST_MESSAGE_AT, LAST_EXCERPT below.)
_QUIET = (
    "SELECT p.conversation FROM search_pending p LEFT JOIN conversations c"
    " ON c.id = p.conversation LEFT JOIN activity_pending ap ON ap.conversation = p.conversation"
    " WHERE COALESCE(ap.at, c.last_message_at, 0) < ? ORDER BY p.conversation LIMIT ?"
)
# The busy ones (not quiet), least recently active first, at most ``?``.
_BUSY = (
    "SELECT p.conversation FROM search_pending p CROSS JOIN conversations c"
    " ON c.id = p.conversation LEFT JOIN activity_pending ap ON ap.conversation = p.conversation"
    " WHERE COALESCE(ap.at, c.last_message_at) >= ?"
    " ORDER BY COALESCE(ap.at, c.last_message_at) LIMIT ?"
)


def index_due() -> bool:
    """Time for the writer to re-index the noted conversations (at most every INDEX_EVERY_S
    in this process; the transaction it joins is the writer's next one)."""
    global _next_index_at
    now = time.monotonic()
    if now < _next_index_at:
        return False
    _next_index_at = now + INDEX_EVERY_S
    return True


_UNINDEX = "DELETE FROM search_conversations WHERE rowid IN (SELECT value FROM json_each(?))"
_REINDEX = (
    "INSERT INTO search_conversations (rowid, excerpt) SELECT id, excerpt FROM (SELECT c.id,"
    " (CASE WHEN ap.conversation IS NULL THEN c.last_excerpt ELSE ap.excerpt END) AS excerpt"
    " FROM conversations c LEFT JOIN activity_pending ap ON ap.conversation = c.id"
    " WHERE c.id IN (SELECT value FROM json_each(?))) WHERE excerpt IS NOT NULL ORDER BY id"
)
_UNNOTE = "DELETE FROM search_pending WHERE conversation IN (SELECT value FROM json_each(?))"
_encode_ids = msgspec.json.Encoder().encode


def index_pending(
    conn: sqlite3.Connection, limit: int = INDEX_BATCH, now_ms: int | None = None
) -> int:
    """Bring the index up to date with the noted conversations' excerpts (inside the
    caller's transaction); returns how many. More than ``limit`` left: the next call goes on.
    ``now_ms`` (the writer's clock): only the conversations quiet for QUIET_S, and the least
    recently active others beyond PENDING_MAX; without it, every noted one."""
    global _next_index_at
    if getattr(conn, "dialect", None) == "postgresql":
        return 0
    if now_ms is None:
        ids = conn.execute("SELECT conversation FROM search_pending LIMIT ?", (limit,)).fetchall()
    else:
        quiet_before = now_ms - QUIET_S * 1000
        ids = [(row[0],) for row in conn.execute(_QUIET, (quiet_before, limit))]
        if len(ids) < limit:
            # More than PENDING_MAX noted: the least recently active busy ones too.
            noted = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
            over = min(limit, noted - PENDING_MAX) - len(ids)
            if over > 0:
                ids += [(row[0],) for row in conn.execute(_BUSY, (quiet_before, over))]
        # In rowid order: FTS5 writes its pending terms out whenever a rowid goes backwards.
        ids.sort()
    if not ids:
        return 0
    # One statement each for all of them, in rowid order: FTS5 writes a segment of its index
    # at the end of every statement that changed it (in a transaction, its savepoint), so a
    # statement per conversation (executemany) wrote two segments for each (~190k
    # instructions a segment, valgrind: most of the ~60-90 µs a conversation cost).
    listed = _encode_ids([row[0] for row in ids]).decode()
    conn.execute(_UNINDEX, (listed,))
    conn.execute(_REINDEX, (listed,))
    conn.execute(_UNNOTE, (listed,))
    if len(ids) == limit:
        _next_index_at = 0.0  # more waiting: the next transaction goes on
    return len(ids)


# A writer with nothing to write catches up on its own (writer_process._serve, the thread
# writer): a backlog of noted conversations (a database upgraded to 0015 with a year in it,
# rows written around the writer) would otherwise be re-indexed only INDEX_STEP at a time
# beside live writes, and never on an idle server, and every search reads each noted row.
# One step (up to IDLE_STEP conversations, ~60-90 µs each) is done in parts, each its own
# short transaction: the pending activity's fold IDLE_FOLD_PART rows at a time, then
# IDLE_PART conversations at a time, and the writer looks for work between parts (``busy``):
# a write arriving meanwhile waits for one part at most (~2-4 ms), not for the step. Before,
# a step was one transaction with the whole fold in it: after the load test's ingest runs the
# fold of its 500 conversations' activity held a batch arriving then for 16-80 ms (issue 18,
# main's probe, s24).
IDLE_STEP = 256
IDLE_PART = 32
IDLE_FOLD_PART = 128
IDLE_AFTER_S = 0.05  # how long the writer waits for work before it takes a step


def index_when_idle(
    conn: sqlite3.Connection, now_ms: int, busy: Callable[[], bool] | None = None
) -> float | None:
    """One step of the noted conversations (those quiet for QUIET_S, and the least recently
    active beyond PENDING_MAX), in parts of their own transaction each, for a writer with
    nothing to write; ``busy`` says whether work came meanwhile (then the step stops after
    its part). Returns how long the writer may wait for work before the next step:
    IDLE_AFTER_S while a backlog lasts (or the step was cut short), QUIET_S while only busy
    conversations are noted, None when none are (then a write comes first)."""
    if getattr(conn, "dialect", None) == "postgresql":
        return None
    folding = True  # (an idle writer's pending activity goes to the rows first)
    indexed = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if folding:
                folding = fold_pending(conn, IDLE_FOLD_PART) == IDLE_FOLD_PART
                done = IDLE_PART
            else:
                done = index_pending(conn, IDLE_PART, now_ms=now_ms)
                indexed += done
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if done < IDLE_PART or indexed >= IDLE_STEP:
            break
        if busy is not None and busy():
            return IDLE_AFTER_S  # work first; the backlog goes on once it is quiet again
    if indexed >= IDLE_STEP:
        return IDLE_AFTER_S
    left = conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is not None
    return QUIET_S if left else None


# PostgreSQL (backends/pg.py): no derived tables to keep in step; trigram (pg_trgm) GIN
# indexes on the columns themselves serve ILIKE '%query%', so every writer, the copy from
# SQLite included, is searchable at once. Same read indexes as above.
POSTGRES_MIGRATION = """
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX search_customers_name ON customers USING gin (name gin_trgm_ops);
    CREATE INDEX search_identities_value ON customer_identities USING gin (value gin_trgm_ops);
    CREATE INDEX search_conversations_excerpt ON conversations
        USING gin (last_excerpt gin_trgm_ops);
    CREATE INDEX conversations_activity
        ON conversations (COALESCE(last_message_at, created_at));
    CREATE INDEX conversations_created ON conversations (created_at);
    CREATE INDEX customers_name ON customers (name text_pattern_ops);
"""

# The inbox and history order, matched by the expression index above.
ACTIVITY = "COALESCE(c.last_message_at, c.created_at)"

# The pending-activity overlay (migration 0037_activity_pending): a conversation's newest
# message time, excerpt and unread count may wait in ``activity_pending`` until the writer
# folds them into its row. Every read of the three merges the table: a conversation ``c``
# LEFT JOINed to its pending row ``ap`` (PENDING_JOIN) reads them through these expressions,
# and an ordered read walks its index over the conversations with nothing pending
# (NOT_PENDING) and merges the few pending ones, read whole as PENDING_ROWS (a conversation
# row with its pending activity applied, under the same column names). On PostgreSQL the
# table stays empty (its writer writes the row itself).
PENDING_JOIN = "LEFT JOIN activity_pending ap ON ap.conversation = c.id"
LAST_MESSAGE_AT = "COALESCE(ap.at, c.last_message_at)"
LAST_EXCERPT = "(CASE WHEN ap.conversation IS NULL THEN c.last_excerpt ELSE ap.excerpt END)"
UNREAD = "(c.unread + COALESCE(ap.unread, 0))"
NOT_PENDING = "c.id NOT IN (SELECT conversation FROM activity_pending)"
# The fold: every pending row into its conversation's row, the table emptied (the writer,
# about once a second: FOLD_EVERY_S, in a batch's transaction or when idle, and at start),
# or one conversation's before a write that sets those columns itself (``fold_one``). A
# conversation's row then moves in its two order indexes once a fold, not once a message.
# (``+ap.conversation``: the pending rows are walked and each conversation found by its id.
# Without it SQLite walked every conversation and looked each up in the pending rows: a fold
# of 500 rows took ~50 ms beside 200k conversations, ~12 ms this way; a step's bound on
# ``ap.conversation`` was carried over to the conversations the same way.)
_FOLD_ALL = (
    "UPDATE conversations SET last_message_at = ap.at, last_excerpt = ap.excerpt,"
    " unread = conversations.unread + ap.unread FROM activity_pending ap"
    " WHERE conversations.id = +ap.conversation"
)
_FOLDED = "DELETE FROM activity_pending"
# A step of it (fold_pending with a limit): the rows up to the ``limit``-th conversation id.
_STEP_END = "SELECT conversation FROM activity_pending ORDER BY conversation LIMIT 1 OFFSET ?"
_FOLD_UPTO = _FOLD_ALL + " AND +ap.conversation <= ?"
_FOLDED_UPTO = _FOLDED + " WHERE conversation <= ?"
_TAKE_ONE = "DELETE FROM activity_pending WHERE conversation = ? RETURNING at, excerpt, unread"
_FOLD_ONE = (
    "UPDATE conversations SET last_message_at = ?, last_excerpt = ?, unread = unread + ?"
    " WHERE id = ?"
)
# The writer's fold paces itself by what it finds (issue 18): a fold that finds fewer than
# FOLD_LONGER messages a pending row (each conversation got about one message since the last
# fold: the overlay then costs more than writing the rows, ~+18k instructions a message in
# the s21 harness) doubles the interval, up to FOLD_EVERY_MAX_S; one that finds at least
# FOLD_SHORTER a row sets it back to FOLD_EVERY_S. Past FOLD_PAST_ROWS conversations given
# pending activity since the last fold (the writer's own set of them: an upper bound of the
# pending rows, without a count) it folds at once, whatever the interval: reads merge at
# most that many pending rows (flat up to 5,000 on the 1M history, s20).
FOLD_EVERY_S = 1.0
FOLD_EVERY_MAX_S = 8.0
FOLD_LONGER = 2
FOLD_SHORTER = 4
FOLD_PAST_ROWS = 5000
_next_fold_at = 0.0
_fold_every = FOLD_EVERY_S
_pending_messages = 0  # customers' messages written as pending activity since the last fold
_pending_rows: set[int] = set()  # conversations given pending activity since the last fold
_folding: int | None = None  # rows folded so far by a fold in steps that is not done yet


def note_pending(messages: int, conversations: list[int]) -> None:
    """A batch wrote ``messages`` messages' activity as pending rows of ``conversations``."""
    global _pending_messages
    _pending_messages += messages
    _pending_rows.update(conversations)


def fold_due() -> bool:
    """Time for the writer to fold the pending activity (every ``_fold_every`` seconds in
    this process, 1 to 8, or at once past FOLD_PAST_ROWS pending rows; the transaction it
    joins is the writer's next one)."""
    global _next_fold_at
    if _folding is not None:  # a fold in steps goes on (fold_paced with a limit)
        return True
    now = time.monotonic()
    if now < _next_fold_at and len(_pending_rows) <= FOLD_PAST_ROWS:
        return False
    _next_fold_at = now + _fold_every
    return True


def fold_paced(conn: Any, limit: int | None = None) -> int:
    """The writer's fold (``fold_pending``), and the next one's interval from what this one
    found: messages a folded row below FOLD_LONGER doubles it (to at most FOLD_EVERY_MAX_S),
    at FOLD_SHORTER or more it goes back to FOLD_EVERY_S. With ``limit``: at most that many
    rows this call (a step, in the caller's transaction); while rows are left, ``fold_due``
    stays true and the next call goes on, and the interval is set when the last step is done.
    Returns the rows folded by this call."""
    global _fold_every, _next_fold_at, _pending_messages, _folding
    done = fold_pending(conn, limit)
    if limit is not None and done == limit:
        _folding = (_folding or 0) + done  # more may be left: the next step goes on
        return done
    folded = (_folding or 0) + done
    _folding = None
    if folded and _pending_messages:  # (none: the start's fold of rows a writer before left)
        if _pending_messages < FOLD_LONGER * folded:
            _fold_every = min(_fold_every * 2, FOLD_EVERY_MAX_S)
        elif _pending_messages >= FOLD_SHORTER * folded:
            _fold_every = FOLD_EVERY_S
    _pending_messages = 0
    _pending_rows.clear()
    _next_fold_at = time.monotonic() + _fold_every
    return done


def fold_pending(conn: Any, limit: int | None = None) -> int:
    """Fold every pending row into its conversation (inside the caller's transaction), or
    with ``limit`` the first that many by conversation id; returns how many rows left the
    table. The excerpts were noted for re-indexing when they were written (the index reads
    the pending excerpt meanwhile: _REINDEX), so nothing is noted again. PostgreSQL writes
    the rows themselves: nothing pending there."""
    if getattr(conn, "dialect", None) == "postgresql":
        return 0
    try:
        last = None
        if limit is not None:
            row = conn.execute(_STEP_END, (limit - 1,)).fetchone()
            last = row[0] if row is not None else None
        if last is None:
            done = conn.execute(_FOLD_ALL).rowcount
            conn.execute(_FOLDED)  # (a row of a conversation deleted meanwhile goes too)
            return done
    except sqlite3.OperationalError as exc:
        if "activity_pending" in str(exc):
            return 0  # a database before 0037 (as some tests make): nothing pending
        raise
    conn.execute(_FOLD_UPTO, (last,))
    return conn.execute(_FOLDED_UPTO, (last,)).rowcount


def fold_one(conn: Any, conversation: int) -> None:
    """Fold one conversation's pending row, if it has one (SQLite, inside the caller's
    transaction): before a write that sets its last activity, excerpt or unread count in
    the row itself (a reply, a read mark, a call, an erasure, a message written alone)."""
    try:
        row = conn.execute(_TAKE_ONE, (conversation,)).fetchone()
    except sqlite3.OperationalError as exc:
        if "activity_pending" in str(exc):
            return  # a database before 0037 (as some tests make): nothing pending
        raise
    if row is not None:
        conn.execute(_FOLD_ONE, (*row, conversation))


_ROW_COLUMNS = (
    "id, customer_id, channel, status, priority, loan_type, amount_fen, urgency, credit_band,"
    " language, assigned_agent, created_at, first_response_at, resolved_at, snoozed_until,"
    " outcome, callback_due, callback_note"
)
PENDING_ROWS = (
    "(SELECT "
    + ", ".join(f"c0.{name.strip()}" for name in _ROW_COLUMNS.split(","))
    + ", ap.at AS last_message_at, ap.excerpt AS last_excerpt, c0.unread + ap.unread AS unread"
    " FROM activity_pending ap CROSS JOIN conversations c0 ON c0.id = ap.conversation)"
)
SHORT_WINDOW = 2000  # conversations searched for a substring of one or two characters
MAX_LIMIT = 5000

# Identity kinds an agent sees whole or nearly (pseudonymous ids, not numbers): a partial match
# there reveals nothing. Phone numbers and anything else are shown masked.
AGENT_SEARCHABLE_IDENTITIES = ("wechat", "visitor")


def scrub_index(conn: sqlite3.Connection) -> None:
    """After an erasure: merge the search indexes so no deleted text survives in them (FTS5
    keeps deleted entries in older segments until they are merged). PostgreSQL has no
    search tables of its own (its indexes are on the columns)."""
    if getattr(conn, "dialect", None) == "postgresql":
        return
    # The erased excerpts noted for re-indexing leave the index first.
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    while index_pending(conn) == INDEX_BATCH:
        pass
    if own:
        conn.execute("COMMIT")
    conn.execute("INSERT INTO search_customers (search_customers) VALUES ('optimize')")
    conn.execute("INSERT INTO search_conversations (search_conversations) VALUES ('optimize')")


def fts_phrase(query: str) -> str:
    """The query as one FTS5 phrase: with the trigram tokenizer, a substring match."""
    return '"' + query.replace('"', '""') + '"'


def like_pattern(query: str) -> str:
    # Escape LIKE's wildcards instead of dropping them: real OpenIDs contain "_".
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def glob_prefix(query: str) -> str:
    """``name GLOB ?`` for names starting with ``query`` (uses the customers_name index)."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in query) + "*"


# Above this many matching rows a search walks the inbox order and stops at the page instead
# of fetching and sorting every match (a common word matches a tenth of all conversations).
DENSE = 2000


def count_sql(query: str) -> tuple[str, list[Any]]:
    """How many customers and conversations match, counted up to just past ``DENSE`` each
    (cheap: the index's own lists, and a common word stops early); decides whether
    :func:`matches` walks the inbox order (``dense``: the sum is over ``DENSE``) or sorts
    the matches."""
    if len(query) >= 3:
        phrase = fts_phrase(query)
        return (
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM search_conversations"
            f" WHERE search_conversations MATCH ? LIMIT {DENSE + 1}))"
            " + (SELECT count(*) FROM (SELECT 1 FROM search_customers"
            f" WHERE search_customers MATCH ? LIMIT {DENSE + 1}))",
            [phrase, phrase],
        )
    return "SELECT count(*) FROM customers WHERE name GLOB ?", [glob_prefix(query)]


# A dense walk first looks at the next WINDOW conversations it may walk (the activity index
# alone) and takes the index's matches among ids in their range only (``window``): the walk's conversations
# are recent ones, so the range is narrow (a common word matched 28,668 last messages at 1M
# messages; materialising them all was ~10 ms of a 12 ms search, and it grows with history).
# Up to OUTLIERS older conversations active lately (still open) are left out of the range and
# tested one by one if the walk reaches them (~0.3 ms each). A walk that goes past the window
# is one for a query matching few rows per conversation walked: it tests against every match
# (as without a window), which are then few.
WINDOW = 2000
AGENT_WINDOW = 8000  # an agent sees a fraction of the conversations walked: longer walks
OUTLIERS = 32
SPAN = 4  # the range is at most SPAN times the window wide unless it must hold OUTLIERS more


def window(
    conn: sqlite3.Connection, cursor: list[str], params: list[Any], size: int | None = None
) -> tuple[int, int, int, int] | None:
    """The walk's next ``size`` (WINDOW) conversations (from the ``cursor`` clauses on, the
    activity index alone): ``(low, high, activity, id)``, the id range whose matches are read at once
    (the lowest ids below ``high - SPAN * size`` left out, at most OUTLIERS of them) and the
    window's last conversation (past it the walk tests each row against every match).
    None: no conversations."""
    size = WINDOW if size is None else size
    where = " WHERE " + " AND ".join(cursor) if cursor else ""
    walk = (
        f"SELECT c.id FROM conversations c{where}"
        f" ORDER BY {ACTIVITY} DESC, c.id DESC LIMIT {int(size)}"
    )
    span = SPAN * int(size)
    high, low = conn.execute(f"SELECT max(id), min(id) FROM ({walk})", params).fetchone()
    if high is None:
        return None
    if low < high - span:  # older conversations active lately: the OUTLIERS lowest left out
        low = conn.execute(
            f"WITH w(id) AS MATERIALIZED ({walk}) SELECT min("
            f"(SELECT min(id) FROM w WHERE id >= {int(high) - span}),"
            f" coalesce((SELECT id FROM w ORDER BY id LIMIT 1 OFFSET {OUTLIERS}), {int(high)}))",
            params,
        ).fetchone()[0]
    last = conn.execute(
        f"SELECT {ACTIVITY}, c.id FROM conversations c{where}"
        f" ORDER BY {ACTIVITY} DESC, c.id DESC LIMIT 1 OFFSET {int(size) - 1}",
        params,
    ).fetchone()
    # Fewer than WINDOW: nothing past the window (a row written since counts as inside).
    activity, last_id = last if last is not None else (-1, -1)
    return low, high, activity, last_id


def _excerpt_in_window(phrase: str, window: tuple[int, int, int, int]) -> tuple[str, list[Any]]:
    """``c.id`` is in the index's matches for ``phrase``, tested exactly for every row, but
    read cheaply for the rows of the window (:func:`window`): ids in its range against the
    range's matches; older ids still inside the window one by one; rows past the window
    against every match (SQLite reads those only if the walk gets there)."""
    low, high, activity, last = window
    inside = f"({ACTIVITY}, c.id) >= (?, ?)"
    return (
        "((+c.id BETWEEN ? AND ? AND +c.id IN (SELECT rowid FROM search_conversations"
        " WHERE search_conversations MATCH ? AND rowid BETWEEN ? AND ?))"
        f" OR (+c.id NOT BETWEEN ? AND ? AND {inside} AND EXISTS (SELECT 1"
        " FROM search_conversations WHERE search_conversations MATCH ? AND rowid = c.id))"
        f" OR (+c.id NOT BETWEEN ? AND ? AND NOT {inside} AND +c.id IN (SELECT rowid"
        " FROM search_conversations WHERE search_conversations MATCH ?)))",
        [low, high, phrase, low, high]
        + [low, high, activity, last, phrase]
        + [low, high, activity, last, phrase],
    )


# The SHORT_WINDOW most recently active conversations (id, customer, current excerpt): the
# activity index's walk over those with nothing pending merged (MERGE (UNION ALL)) with the
# pending ones, sorted.
def _short_window_rows() -> str:
    return (
        "SELECT id, customer_id, last_excerpt FROM (SELECT c2.id, c2.customer_id,"
        " c2.last_excerpt, COALESCE(c2.last_message_at, c2.created_at) AS at"
        " FROM conversations c2 WHERE c2.id NOT IN (SELECT conversation FROM activity_pending)"
        " UNION ALL SELECT ap.conversation, c2.customer_id, ap.excerpt, ap.at"
        " FROM activity_pending ap CROSS JOIN conversations c2 ON c2.id = ap.conversation"
        f" ORDER BY at DESC LIMIT {SHORT_WINDOW})"
    )


def matches(
    query: str, dense: bool = False, window: tuple[int, int, int, int] | None = None
) -> tuple[str, list[Any]]:
    """A WHERE clause (on ``c``, a conversation) and its parameters: the conversations whose
    number, customer name or identity, or last message contain ``query`` (stripped, non-empty).
    ``dense``: many rows match, so let SQLite walk the inbox order and test each row against
    the matches (the ``+`` keeps it from looking every match up and sorting them all);
    ``window`` (:func:`window`, the walk's next conversations): read the last messages'
    matches for those (same rows, see WINDOW)."""
    walk = "+" if dense else ""
    clauses: list[str] = []
    params: list[Any] = []
    if query.isdigit() and len(query) < 19:
        clauses.append("c.id = ?")
        params.append(int(query))
    if len(query) >= 3:
        phrase = fts_phrase(query)
        # A conversation noted in search_pending is matched on its current excerpt, not on
        # its index entry (which may still hold an older one). Left out per conversation
        # looked at, not per match: a common word matches tens of thousands.
        if dense and window is not None:
            excerpt, found = _excerpt_in_window(phrase, window)
        else:
            excerpt = (
                f"{walk}c.id IN (SELECT rowid FROM search_conversations"
                " WHERE search_conversations MATCH ?)"
            )
            found = [phrase]
        clauses.append(
            f"({excerpt} AND {walk}c.id NOT IN (SELECT conversation FROM search_pending))"
        )
        params += found
        clauses.append(
            f"{walk}c.customer_id IN (SELECT rowid FROM search_customers"
            " WHERE search_customers MATCH ?)"
        )
        clauses.append(
            # CROSS JOIN: SQLite walks the few noted rows, never the conversations. The
            # current excerpt is the pending one where there is one (PENDING_JOIN).
            f"{walk}c.id IN (SELECT p.conversation FROM search_pending p"
            " CROSS JOIN conversations x ON x.id = p.conversation"
            " LEFT JOIN activity_pending ap ON ap.conversation = p.conversation"
            " WHERE (CASE WHEN ap.conversation IS NULL THEN x.last_excerpt ELSE ap.excerpt END)"
            " LIKE ? ESCAPE '\\')"
        )
        params += [phrase, like_pattern(query)]
    else:
        like = like_pattern(query)
        clauses.append(f"{walk}c.customer_id IN (SELECT id FROM customers WHERE name GLOB ?)")
        params.append(glob_prefix(query))
        clauses.append(
            f"{walk}c.id IN (SELECT r.id FROM ({_short_window_rows()}) r"
            " LEFT JOIN customers n ON n.id = r.customer_id"
            " WHERE r.last_excerpt LIKE ? ESCAPE '\\' OR n.name LIKE ? ESCAPE '\\')"
        )
        params += [like, like]
    return "(" + " OR ".join(clauses) + ")", params


class SqliteSearch:
    """The search SQL for SQLite (FTS5): :func:`count_sql` and :func:`matches`."""

    count_sql = staticmethod(count_sql)
    matches = staticmethod(matches)


class PostgresSearch:
    """The same searches for PostgreSQL: ILIKE on the columns (pg_trgm indexes), a name
    prefix with LIKE (case-sensitive, as GLOB), the short-query window as in SQLite. The
    excerpts and the activity order are read from ``conversation_order`` (migration 0025),
    where their indexes are."""

    @staticmethod
    def count_sql(query: str) -> tuple[str, list[Any]]:
        if len(query) >= 3:
            like = like_pattern(query)
            return (
                "SELECT (SELECT count(*) FROM conversation_order WHERE last_excerpt ILIKE ?"
                " ESCAPE '\\') + (SELECT count(*) FROM customers WHERE name ILIKE ? ESCAPE '\\')"
                " + (SELECT count(*) FROM customer_identities WHERE value ILIKE ? ESCAPE '\\')",
                [like, like, like],
            )
        return "SELECT count(*) FROM customers WHERE name LIKE ? ESCAPE '\\'", [
            prefix_pattern(query)
        ]

    @staticmethod
    def matches(query: str, dense: bool = False) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.isdigit() and len(query) < 19:
            clauses.append("c.id = ?")
            params.append(int(query))
        like = like_pattern(query)
        if len(query) >= 3:
            clauses += [
                "c.id IN (SELECT id FROM conversation_order WHERE last_excerpt ILIKE ? ESCAPE '\\')",
                "c.customer_id IN (SELECT id FROM customers WHERE name ILIKE ? ESCAPE '\\')",
                "c.customer_id IN (SELECT customer_id FROM customer_identities"
                " WHERE value ILIKE ? ESCAPE '\\')",
            ]
            params += [like, like, like]
        else:
            clauses.append(
                "c.customer_id IN (SELECT id FROM customers WHERE name LIKE ? ESCAPE '\\')"
            )
            params.append(prefix_pattern(query))
            clauses.append(
                f"c.id IN (SELECT r.id FROM (SELECT c2.id, c2.customer_id, c2.last_excerpt"
                f" FROM conversation_order c2 ORDER BY COALESCE(c2.last_message_at, c2.created_at)"
                f" DESC LIMIT {SHORT_WINDOW}) r LEFT JOIN customers n ON n.id = r.customer_id"
                " WHERE r.last_excerpt ILIKE ? ESCAPE '\\' OR n.name ILIKE ? ESCAPE '\\')"
            )
            params += [like, like]
        return "(" + " OR ".join(clauses) + ")", params


def prefix_pattern(query: str) -> str:
    """``name LIKE ?`` for names starting with ``query`` (PostgreSQL's GLOB)."""
    return like_pattern(query)[1:]


def dialect(postgres: bool) -> type[SqliteSearch] | type[PostgresSearch]:
    return PostgresSearch if postgres else SqliteSearch


def agent_sees(query: str, row: dict[str, Any], identities: list[tuple[str, str]]) -> bool:
    """Does ``query`` match what an agent is shown of this conversation (or a whole identity
    value they typed)? ``row`` is the conversation as listed; ``identities`` its customer's."""
    q = query.casefold()
    if query.isdigit() and str(row["id"]) == query:
        return True
    for field in (row.get("customer_name"), row.get("last_excerpt")):
        if field and q in mask_text(field).casefold():
            return True
    for kind, value in identities:
        if value.casefold() == q:
            return True
        shown = value if kind in AGENT_SEARCHABLE_IDENTITIES else mask_identity(kind, value)
        if q in shown.casefold():
            return True
    return False
