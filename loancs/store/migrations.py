"""Named schema migrations, each applied in one transaction and recorded in
``schema_migrations`` (the sqlite-utils habit). Append new ones; never edit old ones."""

from __future__ import annotations

import re
import sqlite3
import time
from typing import TYPE_CHECKING

from loancs.store.privacy import MIGRATION as PRIVACY_KEYS
from loancs.store.reports import DAILY_MIGRATION as REPORT_DAILY
from loancs.store.reports import MIGRATION as REPORT_ROLLUP
from loancs.store.search import MIGRATION as SEARCH_AND_READ_INDEXES
from loancs.store.search import NOTED_BY_WRITER_MIGRATION as NOTED_BY_WRITER
from loancs.store.search import NOTED_BY_WRITER_POSTGRES
from loancs.store.search import PENDING_MIGRATION as SEARCH_PENDING
from loancs.store.search import PENDING_POSTGRES as SEARCH_PENDING_POSTGRES
from loancs.store.search import POSTGRES_MIGRATION as SEARCH_POSTGRES

if TYPE_CHECKING:
    from loancs.store.backends.pg import PgConnection

# Issue 16: PostgreSQL's ANALYZE of the two tables every message appends to (autovacuum
# runs it after each 10 % of growth) spent most of its CPU on columns no query filters on:
# the events' payload, hashes and meta, the messages' text. On two cores that was ~0.2 s of
# a core at once, beside the writers (measured: ANALYZE of 41,000 events 212-252 ms of CPU,
# 87-113 ms without those columns' statistics; of 40,000 messages 95-117 ms, 75-100 ms). The
# planner never estimates anything from them (lookups go by seq, conversation, kind, ts, the
# channel's message id), so they get none. SQLite: nothing (no ANALYZE runs by itself).
HOT_TABLES_UPKEEP = ("0021_hot_tables_upkeep", "-- PostgreSQL only (HOT_TABLES_UPKEEP_POSTGRES)")
HOT_TABLES_UPKEEP_POSTGRES = """
ALTER TABLE events ALTER COLUMN payload SET STATISTICS 0, ALTER COLUMN prev_hash SET STATISTICS 0,
    ALTER COLUMN hash SET STATISTICS 0, ALTER COLUMN meta SET STATISTICS 0;
ALTER TABLE messages ALTER COLUMN body SET STATISTICS 0;
"""

# Issue 16: on PostgreSQL every customer message writes a new version of its conversation's
# row (its time and excerpt sit in the inbox, activity and search indexes, so the update is
# never HOT). With full pages each version went to another page; with room left on each
# page (fillfactor 70) it mostly stays on its page, which the next update prunes. Measured
# (valgrind, the writer's PostgreSQL backend, 1,500 messages from 500 customers in
# batches of 150): 451.8k -> 437.8k instructions a message (85: 448.8k, 50: 440.1k).
# Pages written from now on keep the room. SQLite: nothing (it rewrites rows in place).
ROOM_FOR_VERSIONS = ("0024_conversations_room_for_versions", "-- PostgreSQL only")
ROOM_FOR_VERSIONS_POSTGRES = "ALTER TABLE conversations SET (fillfactor = 70);"

# The inbox index's keys and condition (0016 on conversations; 0025 on PostgreSQL's copy):
# core/projection.inbox_key and queries.INBOX_ORDER order by the same expressions, which must
# stay the same text for the planner to use the index.
INBOX_INDEX = """(
    (CASE WHEN status = 'open' THEN 0 ELSE 1 END),
    (-priority),
    (CASE urgency WHEN 'complaint' THEN -3 WHEN 'overdue' THEN -3
        WHEN 'deadline' THEN -2 WHEN 'vip' THEN -2 ELSE 0 END),
    (CASE WHEN status = 'open' THEN COALESCE(last_message_at, created_at)
        ELSE -COALESCE(last_message_at, created_at) END),
    id, status, assigned_agent, loan_type
) WHERE status != 'resolved'"""

# Issue 16: on PostgreSQL a customer message changed its conversation's time and excerpt,
# which sat in the inbox, activity and trigram indexes: the UPDATE was never HOT (a new
# entry in all 8 conversations indexes per message, and cleaning the old versions out of
# the five whose key had not changed: 43 % of the writer's backend per message). Those
# three indexes move to a narrow copy of the columns the inbox and activity orders and
# the excerpt search filter and sort on, kept in step by statement-level triggers (one
# statement per writing statement, the batch's rows at once). What a message changes on
# the wide row is then in none of its indexes. The lists (queries.page_ids_sql) and the
# excerpt search (search.PostgresSearch) read the copy; everything else reads the row.
# SQLite: nothing (its rows are rewritten in place, its search index is FTS5).
CONVERSATION_ORDER = ("0025_conversation_order", "-- PostgreSQL only")
# The columns the copy holds, named as on conversations, so the same SQL text reads either.
_ORDERED = (
    "customer_id", "status", "priority", "urgency", "assigned_agent", "loan_type", "created_at",
    "last_message_at", "last_excerpt",
)  # fmt: skip
CONVERSATION_ORDER_COLUMNS = ", ".join(("id", *_ORDERED))
_ORDER_SET = ", ".join(f"{c} = n.{c}" for c in _ORDERED)
_ORDER_OLD = ", ".join(f"o.{c}" for c in _ORDERED)
_ORDER_NEW = ", ".join(f"n.{c}" for c in _ORDERED)
CONVERSATION_ORDER_POSTGRES = f"""
CREATE TABLE conversation_order (
    id BIGINT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    priority BIGINT NOT NULL,
    urgency TEXT NOT NULL,
    assigned_agent BIGINT,
    loan_type TEXT,
    created_at BIGINT NOT NULL,
    last_message_at BIGINT,
    last_excerpt TEXT
) WITH (fillfactor = 70);
INSERT INTO conversation_order ({CONVERSATION_ORDER_COLUMNS})
    SELECT {CONVERSATION_ORDER_COLUMNS} FROM conversations;
DROP INDEX IF EXISTS conversations_inbox;
DROP INDEX IF EXISTS conversations_activity;
DROP INDEX IF EXISTS search_conversations_excerpt;
CREATE INDEX conversation_order_inbox ON conversation_order {INBOX_INDEX};
CREATE INDEX conversation_order_activity ON conversation_order (
    COALESCE(last_message_at, created_at), id, status, assigned_agent, loan_type,
    customer_id, last_message_at, created_at
);
CREATE INDEX search_conversation_order_excerpt ON conversation_order
    USING gin (last_excerpt gin_trgm_ops);
CREATE FUNCTION conversation_order_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO conversation_order ({CONVERSATION_ORDER_COLUMNS})
        SELECT {CONVERSATION_ORDER_COLUMNS} FROM added;
    RETURN NULL;
END $$;
CREATE FUNCTION conversation_order_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversation_order o SET {_ORDER_SET} FROM changed n
        WHERE o.id = n.id AND ({_ORDER_OLD}) IS DISTINCT FROM ({_ORDER_NEW});
    RETURN NULL;
END $$;
CREATE TRIGGER conversation_order_added AFTER INSERT ON conversations
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION conversation_order_added();
CREATE TRIGGER conversation_order_changed AFTER UPDATE ON conversations
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION conversation_order_changed();
"""

# Issue 16: the trigger's UPDATE (0025) is planned once per session and kept. A session
# whose first writing statement changed many conversations (2,000 of 20,000 in a test) kept
# a hash join that read the whole copy for every later batch of 150 (40,000 rows read, not
# 150 looked up by key), until an ANALYZE replanned it. The function now always looks its
# rows up by key (nested loop on the primary key). SQLite: nothing.
CONVERSATION_ORDER_BY_KEY = ("0026_conversation_order_by_key", "-- PostgreSQL only")
CONVERSATION_ORDER_BY_KEY_POSTGRES = (
    "ALTER FUNCTION conversation_order_changed() SET enable_hashjoin = off"
    " SET enable_mergejoin = off;"
)

# Issue 18: SQLite compiles a CHECK of a list of three or more values (``direction IN ('in',
# 'out', 'note')``) into a new temporary b-tree of those values, built for every row the
# statement writes (SQLite 3.40: no Once around it in a CHECK). Every message written built
# one: ~30k of the writer's ~320k instructions per customer message (valgrind, 200 a batch).
# The same test written as equalities is the same constraint (NULL, affinity and collation
# alike) and builds nothing. SQLite cannot alter a constraint, and rebuilding the messages
# table would copy a year of history at start-up: the schema's text is edited instead, as
# SQLite documents for changing a CHECK (sqlite.org/lang_altertable.html, "other kinds of
# table schema changes"); every row already satisfies it. apply_migrations then bumps the
# schema version, so every open connection reads the new text (EDITS_SCHEMA). PostgreSQL
# keeps its constraints (nothing is built per row there).
_CHECKS = (
    ("messages", "direction", ("in", "out", "note")),
    ("conversations", "status", ("open", "pending", "snoozed", "resolved")),
)


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _check_edit(table: str, column: str, values: tuple[str, ...]) -> str:
    listed = f"CHECK ({column} IN ({', '.join(_quoted(v) for v in values)}))"
    equal = f"CHECK ({' OR '.join(f'{column} = {_quoted(v)}' for v in values)})"
    return (
        f"UPDATE sqlite_master SET sql = replace(sql, {_quoted(listed)}, {_quoted(equal)})"
        f" WHERE type = 'table' AND name = {_quoted(table)};"
    )


CHECKS_WITHOUT_LISTS = (
    "0030_checks_without_lists",
    "PRAGMA writable_schema = ON;\n" + "\n".join(_check_edit(*check) for check in _CHECKS),
)
CHECKS_WITHOUT_LISTS_POSTGRES = "SELECT 1; -- SQLite only (an empty script is no statement)"
# Migrations that edit sqlite_master's text (PRAGMA writable_schema): apply_migrations bumps
# the schema version after them and reloads the schema of its own connection.
EDITS_SCHEMA = frozenset({CHECKS_WITHOUT_LISTS[0]})

# Issue 16: the foreign key from messages to conversations checked each inserted message
# on its own (a query and a key-share lock of the conversation's row per message: 38k of the
# writer backend's ~368k instructions a customer message, scripts/bench_pg_write.py). The
# same rule is now checked once per statement, for all its rows (a statement-level trigger
# with the new rows as a transition table; 9k a message): a message must name a
# conversation that exists, and a conversation that has messages cannot be deleted (loancs
# deletes none). What the row locks added, a delete racing an insert, cannot happen here:
# every write that could do either holds the writers' append lock. SQLite: nothing (its
# foreign key stays; its check is a B-tree lookup in the same process).
MESSAGES_CONVERSATION_CHECK = ("0027_messages_conversation_check", "-- PostgreSQL only")
MESSAGES_CONVERSATION_CHECK_POSTGRES = """
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT conname FROM pg_constraint WHERE contype = 'f'
        AND conrelid = 'messages'::regclass AND confrelid = 'conversations'::regclass
    LOOP
        EXECUTE format('ALTER TABLE messages DROP CONSTRAINT %I', name);
    END LOOP;
END $$;
CREATE FUNCTION messages_conversation_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM added a WHERE NOT EXISTS (
        SELECT FROM conversations c WHERE c.id = a.conversation_id))
    THEN
        RAISE EXCEPTION 'a message names a conversation that does not exist'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$ SET enable_hashjoin = off SET enable_mergejoin = off;
CREATE TRIGGER messages_conversation_exists AFTER INSERT ON messages
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION messages_conversation_exists();
CREATE FUNCTION conversations_keep_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM removed r JOIN messages m ON m.conversation_id = r.id) THEN
        RAISE EXCEPTION 'a conversation that has messages cannot be deleted'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER conversations_keep_messages AFTER DELETE ON conversations
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION conversations_keep_messages();
"""

# Issue 18: a new customer's search row (search_customers, FTS5) was written by two
# triggers, one when the customer was inserted and again when their identity was. FTS5 writes
# what it holds to a new segment of its index at the end of every statement inside a
# transaction (its savepoint), so each first-time sender cost the writer two tiny segments
# (and their merging later): ~230k of the ~1,060k instructions of a first-time customer's
# message (valgrind, 200 a batch). The triggers now only note the customer; the writer
# writes every noted customer's row in one statement before its COMMIT (tx.py,
# ``index_noted_customers``), the same row the triggers wrote, in the same transaction: a
# search sees a new customer from the same moment as before. Renaming, erasing, removing an
# identity keep their triggers (rare). PostgreSQL searches the customers table itself.
SEARCH_CUSTOMERS_NOTED = (
    "0036_search_customers_noted",
    """
    CREATE TABLE search_customers_pending (customer INTEGER PRIMARY KEY);
    DROP TRIGGER IF EXISTS search_customer_added;
    CREATE TRIGGER search_customer_added AFTER INSERT ON customers BEGIN
        INSERT OR IGNORE INTO search_customers_pending (customer) VALUES (new.id);
    END;
    DROP TRIGGER IF EXISTS search_identity_added;
    CREATE TRIGGER search_identity_added AFTER INSERT ON customer_identities BEGIN
        INSERT OR IGNORE INTO search_customers_pending (customer) VALUES (new.customer_id);
    END;
    """,
)
SEARCH_CUSTOMERS_NOTED_POSTGRES = "SELECT 1; -- SQLite only (an empty script is no statement)"

# Issue 18 (session 20): the pending-activity overlay. A conversation's last message time,
# last excerpt and unread count can wait here (one row a conversation: the newest time and
# excerpt, the unread messages not yet added) instead of in its row, whose two order indexes
# (conversations_inbox, conversations_activity) would otherwise move with every message.
# Every read of those three columns merges this table (store/search.py PENDING_ROWS and
# the expressions beside it), so the answers are the same with or without rows here.
# PostgreSQL gets the same (empty) table: it writes the row itself, and its reads, written
# once for both, merge nothing.
ACTIVITY_PENDING = (
    "0037_activity_pending",
    """
    CREATE TABLE activity_pending (
        conversation INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        excerpt TEXT,
        unread INTEGER NOT NULL DEFAULT 0
    );
    """,
)

# Issue 18 (session 27): SQLite's event rows from now on are compact (store/tx.py's
# ``stored_meta``, ``DERIVED_PREV``, the hash's 32 bytes): ~170 fewer bytes an event, ~14%
# fewer WAL bytes a customer's message. Rows written before keep their form and still verify;
# nothing is rewritten (a year of history stays as it is). What the migration adds is the
# mark: a loancs without it refuses this database (``_refuse_unknown``), which it would
# otherwise read wrongly (its audit verify would call every compact row broken).
# PostgreSQL's rows stay as they were.
COMPACT_EVENT_ROWS = ("0038_compact_event_rows", "SELECT 1; -- the mark: nothing to change")

# Session 28: an event's meta (the conversation facts stored beside it, read back by the
# servers that follow the log: server/cluster.py) goes under the hash for every event
# written from now on (core/eventlog.chain_digest, store/tx.py's ``meta_bytes``). Rows
# written before keep their hash and verify as they were (their meta is not covered); the
# mark says from which seq meta is covered: the first seq after the log's tail when the
# database was migrated. Moving the mark either way breaks the chain at the first row with
# a meta it moves over; ``loancs audit verify`` prints it. Nothing is rewritten.
# ``loancs db copy`` copies the mark (backends/postgres.py); PostgreSQL's writer covers
# meta the same way (its rows store the meta's object; the chain hashes the same bytes).
META_UNDER_HASH = (
    "0039_meta_under_hash",
    """
    CREATE TABLE chain_forms (
        name TEXT PRIMARY KEY,
        since INTEGER NOT NULL
    );
    INSERT INTO chain_forms (name, since) SELECT 'meta', COALESCE(MAX(seq), 0) + 1 FROM events;
    """,
)

# Session 28: a payload's sealed personal fields are written compactly from now on
# (store/privacy.py's Sealer.seal, core/privacy.sealed_parts): ``[customer, data, field,
# ...]`` with the data the fields' values as an array, not ``{"customer": .., "data": ..,
# "fields": [..]}`` with the data an object: ~57 fewer bytes a customer's message, and an
# event row of the load test's messages fits 9 to a 4 KiB page, not 8. Every reader takes
# both forms; rows written before stay as they are. The migration is the mark: a loancs
# without it refuses this database (it would show the new rows' fields as sealed data).
COMPACT_SEALED = ("0040_compact_sealed", "SELECT 1; -- the mark: nothing to change")

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            ts INTEGER NOT NULL,
            kind TEXT NOT NULL,
            conversation INTEGER,
            actor TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX events_conversation ON events(conversation, seq);

        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT,
            created_at INTEGER NOT NULL,
            preferences TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE customer_identities (
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            created_at INTEGER NOT NULL,
            PRIMARY KEY (kind, value)
        );
        CREATE INDEX customer_identities_customer ON customer_identities(customer_id);

        CREATE TABLE agents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
            token_hash TEXT NOT NULL UNIQUE,
            skills TEXT NOT NULL DEFAULT '{}',
            capacity TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'offline',
            state_reason TEXT,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE channels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('wechat', 'phone', 'chat', 'system')),
            token_hash TEXT NOT NULL UNIQUE,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            channel TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
            priority INTEGER NOT NULL DEFAULT 0,
            loan_type TEXT,
            amount_fen INTEGER,
            urgency TEXT NOT NULL DEFAULT 'normal',
            credit_band TEXT,
            language TEXT,
            assigned_agent INTEGER REFERENCES agents(id),
            created_at INTEGER NOT NULL,
            first_response_at INTEGER,
            resolved_at INTEGER,
            snoozed_until INTEGER,
            last_message_at INTEGER,
            last_excerpt TEXT,
            unread INTEGER NOT NULL DEFAULT 0,
            outcome TEXT
        );
        CREATE INDEX conversations_customer ON conversations(customer_id, channel, status);
        CREATE INDEX conversations_status ON conversations(status, assigned_agent);

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            seq INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
            author TEXT NOT NULL,
            body TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'text',
            channel TEXT NOT NULL,
            external_id TEXT,
            attachment TEXT,
            delivery TEXT
        );
        CREATE UNIQUE INDEX messages_external ON messages(channel, external_id)
            WHERE external_id IS NOT NULL;
        CREATE INDEX messages_conversation ON messages(conversation_id, id);

        CREATE TABLE receipts (
            source TEXT NOT NULL,
            external_id TEXT NOT NULL,
            ack TEXT NOT NULL,
            PRIMARY KEY (source, external_id)
        ) WITHOUT ROWID;

        CREATE TABLE applications (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            loan_type TEXT,
            amount_fen INTEGER,
            stage TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX applications_customer ON applications(customer_id);
        CREATE TABLE application_stages (
            application_id INTEGER NOT NULL REFERENCES applications(id),
            stage TEXT NOT NULL,
            ts INTEGER NOT NULL,
            note TEXT,
            seq INTEGER NOT NULL
        );
        CREATE INDEX application_stages_app ON application_stages(application_id, ts);

        CREATE TABLE calls (
            call_id TEXT PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            direction TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER,
            answered_at INTEGER,
            ended_at INTEGER,
            agent TEXT,
            cause TEXT,
            duration_s REAL,
            billsec_s REAL,
            recording TEXT
        );
        """,
    ),
    (
        # Nothing reads events by conversation (replay goes by seq, transcripts come from
        # messages); the index only slowed every append.
        "0002_drop_events_conversation_index",
        "DROP INDEX IF EXISTS events_conversation;",
    ),
    (
        # A promised call-back (due time and note) stays on the conversation until resolved.
        "0003_conversation_callbacks",
        """
        ALTER TABLE conversations ADD COLUMN callback_due INTEGER;
        ALTER TABLE conversations ADD COLUMN callback_note TEXT;
        """,
    ),
    # Report aggregates per hour and queue, and the CSAT table (supervisor's desk).
    REPORT_ROLLUP,
    (
        # The assistant (issue 11): loans pushed by the lender's loan system, who proved to
        # be which borrower (the chatting customer -> the account whose data they may see),
        # the assistant's view of each conversation, and the intent of every message.
        "0005_assistant",
        """
        CREATE TABLE loans (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            principal_fen INTEGER NOT NULL,
            annual_rate TEXT NOT NULL,
            months INTEGER NOT NULL,
            start_date TEXT NOT NULL,
            method TEXT NOT NULL,
            paid INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active',
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX loans_customer ON loans(customer_id);
        CREATE TABLE verifications (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
            account_id INTEGER NOT NULL REFERENCES customers(id),
            method TEXT NOT NULL,
            verified_at INTEGER NOT NULL
        );
        CREATE TABLE assistant_state (
            conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id),
            intent TEXT,
            confidence REAL,
            slots TEXT NOT NULL DEFAULT '{}',
            reason TEXT,
            summary TEXT,
            prequal TEXT,
            handed_off INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL
        );
        ALTER TABLE messages ADD COLUMN intent TEXT;
        """,
    ),
    # Per-customer keys for personal data in the log, and legal holds (store/privacy.py).
    PRIVACY_KEYS,
    # The same aggregates per day (UTC+8), filled from the hourly ones: reports over whole
    # days read a tenth of the rows.
    REPORT_DAILY,
    # Issue 18: trigram full-text search over names, identities and last messages (kept in
    # step by triggers, backfilled here), and an index for every list order and report window.
    SEARCH_AND_READ_INDEXES,
    (
        # A transcript's whispers live only in the event log; without an index every
        # get_conversation scanned the whole log (seconds at a year of traffic). Partial: only
        # whisper rows are in it, so other appends do not pay for it. Its calls likewise.
        "0013_transcript_indexes",
        """
        CREATE INDEX events_whispers ON events (conversation, seq)
            WHERE kind = 'conversation.whisper';
        CREATE INDEX calls_conversation ON calls (conversation_id, started_at);
        """,
    ),
    (
        # Issue 16: several servers on one database. A server learns of the events another
        # server committed by reading the log, and needs each event's conversation facts as
        # they were then (who may see it, routing): the writer stores them beside the event
        # (JSON, not hashed: derived facts, the chain covers what happened).
        "0014_events_meta",
        "ALTER TABLE events ADD COLUMN meta TEXT;",
    ),
    # Issue 18: a message notes its conversation for re-indexing instead of re-indexing it;
    # the writer indexes the noted ones together (store/search.py).
    SEARCH_PENDING,
    (
        # Issue 18: the console asks for its inbox a page at a time, in the inbox order
        # (core/projection.inbox_key, queries.INBOX_ORDER: the expressions must stay the same
        # text). Partial: only unresolved conversations, so its size follows open work, not
        # history; status, agent and queue in it decide who sees a row without the table.
        "0016_inbox_order",
        f"CREATE INDEX conversations_inbox ON conversations {INBOX_INDEX};",
    ),
    (
        # Issue 18: at start the desk reads when each agent's state last changed from the
        # recent log (server_reads.agent_state_changes); without this it read 200,000 events
        # (all of them, payloads and all) to find a few. Partial: other appends do not pay.
        "0017_agent_state_index",
        """
        CREATE INDEX events_agent_state ON events (seq) WHERE kind = 'agent.state';
        """,
    ),
    (
        # Issue 18: reads answered from the index alone. The service-level window (get_queues,
        # the desk) read every conversation row of the window (~2.5 µs each, 3,500 a day at
        # 1M messages); every listed row looked its customer's first identity up in the
        # table (list rows show it masked). Each new index starts with the old one's column,
        # which it replaces.
        "0018_covering_read_indexes",
        """
        CREATE INDEX conversations_created_window
            ON conversations (created_at, channel, first_response_at);
        DROP INDEX IF EXISTS conversations_created;
        CREATE INDEX customer_identities_first
            ON customer_identities (customer_id, created_at, kind, value);
        DROP INDEX IF EXISTS customer_identities_customer;
        """,
    ),
    (
        # Issue 18: the activity order (history paging, search walks) read each walked
        # conversation's row to test who may see it and whether its customer matched: an
        # agent's search walks thousands (they see a tenth of all conversations). The index
        # now holds those columns (and the two the order is made of: SQLite 3.40 counts an
        # index as covering only with them), so a walk reads the table for the page alone.
        "0019_covering_activity_index",
        """
        DROP INDEX IF EXISTS conversations_activity;
        CREATE INDEX conversations_activity ON conversations (
            COALESCE(last_message_at, created_at), id, status, assigned_agent, loan_type,
            customer_id, last_message_at, created_at
        );
        """,
    ),
    (
        # Issue 18: a server's start reads every unresolved conversation twice (what the hub
        # holds, what routing queues): through conversations_status that was a table lookup
        # per row (~5 µs, 10,000 rows at a year's backlog). Partial (only unresolved work,
        # so history does not grow it) and covering both reads (db.OPEN_WORK, the same
        # text in the reads, lets SQLite use it); messages change none of its columns.
        "0020_open_work_index",
        """
        CREATE INDEX conversations_open_work ON conversations (
            status, id, customer_id, channel, loan_type, amount_fen, urgency, credit_band,
            language, priority, assigned_agent, created_at
        ) WHERE status != 'resolved';
        """,
    ),
    HOT_TABLES_UPKEEP,
    (
        # Issue 18: a running server asks every second which personal-data keys were erased
        # behind its back (server_reads.erased_keys_since); without an index that read every
        # customer's key row (105,000 at 1M messages, ~10 ms each second). Partial: only
        # erased keys are in it, so it stays as small as the erasures.
        "0022_erased_keys_index",
        """
        CREATE INDEX customer_keys_erased ON customer_keys (erased_at)
            WHERE erased_at IS NOT NULL;
        """,
    ),
    NOTED_BY_WRITER,
    ROOM_FOR_VERSIONS,
    CONVERSATION_ORDER,
    CONVERSATION_ORDER_BY_KEY,
    MESSAGES_CONVERSATION_CHECK,
    CHECKS_WITHOUT_LISTS,
    SEARCH_CUSTOMERS_NOTED,
    ACTIVITY_PENDING,
    COMPACT_EVENT_ROWS,
    META_UNDER_HASH,
    COMPACT_SEALED,
]


# The PostgreSQL dialect of a migration: the same names, the DDL mapped (postgres_sql); the
# few that cannot be mapped are written out for PostgreSQL here.
POSTGRES_SQL: dict[str, str] = {
    SEARCH_AND_READ_INDEXES[0]: SEARCH_POSTGRES,
    SEARCH_PENDING[0]: SEARCH_PENDING_POSTGRES,
    HOT_TABLES_UPKEEP[0]: HOT_TABLES_UPKEEP_POSTGRES,
    NOTED_BY_WRITER[0]: NOTED_BY_WRITER_POSTGRES,
    ROOM_FOR_VERSIONS[0]: ROOM_FOR_VERSIONS_POSTGRES,
    CONVERSATION_ORDER[0]: CONVERSATION_ORDER_POSTGRES,
    CONVERSATION_ORDER_BY_KEY[0]: CONVERSATION_ORDER_BY_KEY_POSTGRES,
    MESSAGES_CONVERSATION_CHECK[0]: MESSAGES_CONVERSATION_CHECK_POSTGRES,
    CHECKS_WITHOUT_LISTS[0]: CHECKS_WITHOUT_LISTS_POSTGRES,
    SEARCH_CUSTOMERS_NOTED[0]: SEARCH_CUSTOMERS_NOTED_POSTGRES,
}
_PG_TYPES = [
    (re.compile(r"\bid INTEGER PRIMARY KEY\b"), "id BIGSERIAL PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\)\s*WITHOUT ROWID"), ")"),
]


def postgres_sql(name: str, sql: str) -> str:
    """A migration's text for PostgreSQL: the types of ``loancs db copy`` (INTEGER ->
    BIGINT, REAL -> DOUBLE PRECISION, BLOB -> BYTEA), an ``id INTEGER PRIMARY KEY`` gets
    its sequence (BIGSERIAL, as SQLite's rowid alias hands out ids), no WITHOUT ROWID."""
    if name in POSTGRES_SQL:
        return POSTGRES_SQL[name]
    for pattern, replacement in _PG_TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


def _refuse_unknown(done: set[str]) -> None:
    unknown = sorted(done - {name for name, _ in MIGRATIONS})
    if unknown:
        from loancs import __version__
        from loancs.errors import SchemaTooNew

        raise SchemaTooNew(
            f"this database was upgraded by a newer loancs (migration {', '.join(unknown)} is"
            f" unknown to loancs {__version__}); run the newer version or restore a backup"
            " taken before the upgrade"
        )


def apply_migrations(
    conn: sqlite3.Connection | PgConnection, now_ms: int | None = None
) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    if not isinstance(conn, sqlite3.Connection):
        return _apply_postgres(conn, now_ms)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    _refuse_unknown(done)
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        stamp = now_ms if now_ms is not None else int(time.time() * 1000)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            if name in EDITS_SCHEMA:
                _schema_edited(conn)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, stamp))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            if name in EDITS_SCHEMA:
                conn.execute("PRAGMA writable_schema = RESET")  # the editing stops here too
            raise
        applied.append(name)
    return applied


def _schema_edited(conn: sqlite3.Connection) -> None:
    """After an edit of sqlite_master's text (in the migration's transaction): a new schema
    version, so other connections read the schema again before their next statement, and
    this connection's own copy read again (``writable_schema = RESET`` also turns the
    editing off)."""
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    conn.execute("PRAGMA writable_schema = RESET")


def _apply_postgres(conn: PgConnection, now_ms: int | None) -> list[str]:
    """PostgreSQL: every pending migration in one transaction, under an advisory lock so
    several servers starting at once migrate one after the other."""
    from loancs.store.backends.pg import MIGRATE_LOCK

    applied = []
    conn.execute("BEGIN")
    try:
        conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATE_LOCK})")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY,"
            " applied_at BIGINT)"
        )
        done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        _refuse_unknown(done)
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            stamp = now_ms if now_ms is not None else int(time.time() * 1000)
            conn.executescript(postgres_sql(name, sql))
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, stamp))
            applied.append(name)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return applied


def _statements(sql: str) -> list[str]:
    # executescript() would commit on its own; split so the migration stays one transaction.
    parts, buf = [], []
    for line in sql.splitlines():
        buf.append(line)
        candidate = "\n".join(buf)
        if sqlite3.complete_statement(candidate):
            parts.append(candidate.strip())
            buf = []
    return [p for p in parts if p]


def schema_status(conn: sqlite3.Connection | PgConnection) -> dict:
    """What `loancs db status` shows: applied, pending and unknown (newer) migrations.
    Reads only; a database without the table has every migration pending."""
    catalog = (
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        if isinstance(conn, sqlite3.Connection)
        else "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_name = 'schema_migrations'"
    )
    has_table = conn.execute(catalog).fetchone()
    rows = (
        conn.execute("SELECT name, applied_at FROM schema_migrations ORDER BY name").fetchall()
        if has_table
        else []
    )
    applied = {name: at for name, at in rows}
    known = [name for name, _ in MIGRATIONS]
    return {
        "version": max(applied) if applied else None,
        "applied": [{"name": n, "applied_at": applied[n]} for n in sorted(applied)],
        "pending": [n for n in known if n not in applied],
        "unknown": sorted(set(applied) - set(known)),
        "latest": known[-1],
    }
