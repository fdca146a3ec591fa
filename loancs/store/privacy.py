"""Per-customer encryption of personal data in the event log (crypto-shredding), erasure,
retention and export.

Each customer gets a random 256-bit key the first time an event about them carries personal
data; it is stored wrapped (AES-GCM under a subkey of the master key, which lives outside the
database: see keys.py) in ``customer_keys``. The writer seals a payload's personal fields
(core/privacy.py) with that key before hashing and storing it, so the chain covers the
ciphertext. ``erase`` destroys the key and scrubs the projection tables; the chain still
verifies, the data is gone. Live subscribers get the plain payload the op produced; a replay
from the log is unsealed with the key (or shows ``[erased]``).
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import time
from typing import Any

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from loancs.core import privacy as pv
from loancs.core.eventlog import decode_payload
from loancs.core.events import Kind
from loancs.store.backends import json_int
from loancs.store.keys import subkey

KEY_CACHE_S = 30.0  # an erased key is forgotten by running processes within this time
KEY_CACHE_MAX = 100_000  # keys cached at most (then the cache starts again)
MIGRATION = (
    "0010_privacy_customer_keys",
    """
    CREATE TABLE customer_keys (
        customer_id INTEGER PRIMARY KEY,
        wrapped BLOB,
        created_at INTEGER NOT NULL,
        erased_at INTEGER
    );
    CREATE TABLE privacy_holds (
        customer_id INTEGER PRIMARY KEY,
        reason TEXT NOT NULL,
        since INTEGER NOT NULL
    );
    """,
)


class CustomerErased(Exception):
    """The customer's key was destroyed: nothing personal about them can be stored."""


# (canonical_bytes's encoding without its Python call: what is sealed is only decrypted and
# decoded, never hashed, so any JSON of it would do; this is the same)
_canonical = msgspec.json.Encoder(order="sorted").encode
_SEALED_FIELDS = pv.SEALED_FIELDS
# A payload's keys, in order: its sealed fields, sorted (Sealer.seal). Each kind of event
# has a payload of one or a few shapes; the dict starts again should a caller make many.
_SHAPES: dict[tuple[str, ...], tuple[str, ...]] = {}
_SHAPES_MAX = 1024


def _sealed_names(shape: tuple[str, ...]) -> tuple[str, ...]:
    if len(_SHAPES) >= _SHAPES_MAX:
        _SHAPES.clear()
    names = _SHAPES[shape] = tuple(sorted(_SEALED_FIELDS.intersection(shape)))
    return names


class KeyWrap:
    """Wraps customer keys with the master key's ``customer-keys`` subkey."""

    def __init__(self, master: bytes):
        self._aead = AESGCM(subkey(master, "customer-keys"))

    def wrap(self, customer: int, key: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, key, b"customer:%d" % customer)

    def unwrap(self, customer: int, blob: bytes) -> bytes:
        return self._aead.decrypt(blob[:12], blob[12:], b"customer:%d" % customer)


class Sealer:
    """Seals and unseals payloads. One per process; keys are cached for KEY_CACHE_S."""

    def __init__(self, master: bytes):
        self.wrap = KeyWrap(master)
        # customer: (their key, or None: erased or none; when it was cached, monotonic)
        self._cache: dict[int, tuple[AESGCM | None, float]] = {}

    # -------------------------------------------------------------- keys

    def _cached(self, customer: int) -> tuple[bool, AESGCM | None]:
        hit = self._cache.get(customer)
        if hit is not None and time.monotonic() - hit[1] < KEY_CACHE_S:
            return True, hit[0]
        return False, None

    def remember(self, customer: int, key: bytes | None) -> AESGCM | None:
        """Cache the customer's key (None: erased or none) and return it as used."""
        if len(self._cache) >= KEY_CACHE_MAX:  # a year of customers must not live in memory
            self._cache.clear()
        aead = AESGCM(key) if key else None
        self._cache[customer] = (aead, time.monotonic())
        return aead

    def load(self, customer: int, row: tuple | None) -> AESGCM | None:
        """Cache and return the key from a ``(wrapped, erased_at)`` row (None: erased/none)."""
        if row is None or row[1] is not None or row[0] is None:
            return self.remember(customer, None)
        return self.remember(customer, self.wrap.unwrap(customer, bytes(row[0])))

    def warm(self, customer: int, row: tuple) -> None:
        """A ``(wrapped, erased_at)`` row read along with something else (the PostgreSQL
        writer's lookup of a batch): cached unless the key is cached already."""
        if row[0] is not None and not self._cached(customer)[0]:
            self.load(customer, row)

    def key_for_writing(self, tx: Any, customer: int) -> AESGCM:
        """In the writer's transaction: the customer's key, created on first use."""
        new = tx.new_keys.get(customer)
        if new is not None:
            return AESGCM(new)
        hit, aead = self._cached(customer)
        if hit and aead is not None:
            return aead
        # (apart from a batch's gathered messages: Tx.execute_apart)
        row = tx.one_apart(
            "SELECT wrapped, erased_at FROM customer_keys WHERE customer_id = ?", (customer,)
        )
        if row is not None:
            aead = self.load(customer, row)
            if aead is None:
                raise CustomerErased(customer)
            return aead
        key = os.urandom(32)
        wrapped: bytes | bytearray = self.wrap.wrap(customer, key)
        if tx.binds_bytes:  # SQLite binds a bytearray at once, bytes through its adapters
            wrapped = bytearray(wrapped)  # (stored as the same BLOB)
        tx.execute_apart(
            "INSERT INTO customer_keys (customer_id, wrapped, created_at) VALUES (?, ?, ?)",
            (customer, wrapped, tx.now),
        )
        tx.new_keys[customer] = key
        return AESGCM(key)

    def forget(self, customers: list[int]) -> None:
        for customer in customers:
            self._cache.pop(customer, None)

    def committed(self, new_keys: dict[int, bytes], made: dict[int, Any] | None = None) -> None:
        """After the commit: the keys the batch made, cached. ``made`` (the Tx's ``keys``):
        the AESGCM each was sealed with in the batch, cached as it is, not made again."""
        if len(self._cache) + len(new_keys) > KEY_CACHE_MAX:
            self._cache.clear()
        now = time.monotonic()
        for customer, key in new_keys.items():
            aead = made.get(customer) if made else None
            self._cache[customer] = (AESGCM(key) if aead is None else aead, now)

    # -------------------------------------------------------------- payloads

    def seal(self, tx: Any, conversation: int | None, payload: dict, meta: dict | None) -> dict:
        """The payload as stored (and hashed): personal fields encrypted."""
        # (core/privacy.py's split, in line: the sealed fields a payload of these keys has,
        # sorted, are worked out once for each shape of payload, _sealed_names; most
        # payloads have none)
        shape = tuple(payload)
        names = _SHAPES.get(shape)
        if names is None:
            names = _sealed_names(shape)
        if not names:
            return payload
        secret = {}
        for name in names:  # (sorted: so is the secret, and its field list below)
            value = payload[name]
            if value is not None and value != "":  # (core/privacy.split's "not in (None, \"\")")
                secret[name] = value
        if not secret:
            return payload
        customer = payload.get("customer")
        if customer.__class__ is not int:  # (an exact int: what customer_of answers)
            customer = pv.customer_of(payload, meta)
        if customer is None and conversation is not None:
            row = tx.one("SELECT customer_id FROM conversations WHERE id = ?", (conversation,))
            customer = row[0] if row else None
        if customer is None:
            return payload  # not about a customer (an agent's own state, a rule reload)
        # The key: the batch's own (one it looked up or made), else the process's cache if
        # the key was cached within KEY_CACHE_S of the batch's start (one clock read a
        # batch, not one a message), else key_for_writing (read, or made).
        known = tx.keys.get(customer)
        if known is None:
            since = tx.keys_since
            if since is None:
                since = tx.keys_since = time.monotonic() - KEY_CACHE_S
            hit = self._cache.get(customer)
            if hit is not None and hit[0] is not None and hit[1] > since:
                known = hit[0]
            else:
                try:
                    known = self.key_for_writing(tx, customer)
                except CustomerErased:
                    # Nothing personal is kept about an erased customer, not even new text:
                    # the op (a reply to their old conversation ...) is refused, rolled back.
                    from loancs.store.writer import OpError

                    raise OpError(
                        "conflict",
                        f"customer {customer}'s personal data was erased; nothing stored",
                    ) from None
            tx.keys[customer] = known
        nonce = tx.nonce()  # fresh for each seal (Tx.nonce: one system call for many)
        values = list(secret.values())
        sealed = nonce + known.encrypt(nonce, _canonical(values), b"customer:%d" % customer)
        public = payload.copy()  # (the payload's order; what is stored is sorted anyway)
        for name in secret:
            del public[name]
        # Compact (migration 0040_compact_sealed, core/privacy.sealed_parts): [customer,
        # data, the fields' names], the data their values as an array in that order. The
        # data: the bytes, which the canonical JSON encoder (msgspec) writes as their
        # standard base64 with padding (tests/test_privacy_seal.py).
        public[pv.SEALED] = [customer, sealed, *secret]
        return public

    def open_sealed(self, payload: dict, aead: AESGCM | None) -> dict:
        parts = pv.sealed_parts(payload.get(pv.SEALED))
        if parts is None:
            return payload
        customer, data, fields = parts
        if aead is None or not data:
            return pv.join(payload, None)
        blob = base64.b64decode(data)
        try:
            opened = decode_payload(aead.decrypt(blob[:12], blob[12:], b"customer:%d" % customer))
            secret = pv.secret_of(fields, opened)
        except (InvalidTag, ValueError, TypeError):  # (msgspec's DecodeError: a ValueError)
            return pv.join(payload, None)
        return pv.join(payload, secret)

    def unseal_sync(self, conn: sqlite3.Connection, payload: dict) -> dict:
        """For commands that read the log with a plain connection (export)."""
        parts = pv.sealed_parts(payload.get(pv.SEALED))
        if parts is None:
            return payload
        customer = parts[0]
        hit, aead = self._cached(customer)
        if not hit:
            row = conn.execute(
                "SELECT wrapped, erased_at FROM customer_keys WHERE customer_id = ?", (customer,)
            ).fetchone()
            aead = self.load(customer, row)
        return self.open_sealed(payload, aead)

    def customers_to_load(self, payloads: list[dict]) -> set[int]:
        wanted = set()
        for payload in payloads:
            parts = pv.sealed_parts(payload.get(pv.SEALED))
            if parts is not None and not self._cached(parts[0])[0]:
                wanted.add(parts[0])
        return wanted

    def unseal_cached(self, payload: dict) -> dict:
        parts = pv.sealed_parts(payload.get(pv.SEALED))
        if parts is None:
            return payload
        return self.open_sealed(payload, self._cache.get(parts[0], (None, 0))[0])


# ---------------------------------------------------------------- erasure, retention, export


def check_master_key(conn: Any, master: bytes, source: str) -> None:
    """Raise MasterKeyError unless ``master`` opens a customer key stored in the database.
    A database copied into PostgreSQL and served without its key, or a backup restored
    without its ``.key`` (not in the backup), gets a new key that opens nothing: without this
    check it started, and each replay died on its first sealed event (InvalidTag)."""
    row = conn.execute(
        "SELECT customer_id, wrapped FROM customer_keys WHERE wrapped IS NOT NULL LIMIT 1"
    ).fetchone()
    if row is None:
        return
    try:
        KeyWrap(master).unwrap(row[0], bytes(row[1]))
    except InvalidTag:
        from loancs.store.keys import MasterKeyError

        raise MasterKeyError(
            f"the master key ({source}) does not open this database's customer keys: it is"
            " not the key the database was written with. Give that key (LOANCS_MASTER_KEY,"
            " LOANCS_MASTER_KEY_FILE or master_key_file; for a copy made by `loancs db copy`"
            " or a restored backup, the key of the database it came from); a key file this"
            " start created beside the database is a new, empty one: replace it"
        ) from None


def _now_ms() -> int:
    return int(time.time() * 1000)


def customer_exists(conn: sqlite3.Connection, customer: int) -> bool:
    return conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer,)).fetchone() is not None


def erase_customer(
    conn: sqlite3.Connection, customer: int, actor: str, reason: str, *, scrub_search: bool = True
) -> dict:
    """Erase a customer from a command's own connection: the EraseCustomer command through
    the writer's code (key destroyed, projections scrubbed, ``privacy.erased`` in the
    chain, all in one transaction). The search index follows the projections (triggers);
    ``scrub_search`` then merges it so no erased text survives in its older segments (a
    batch of erasures does that once, at the end)."""
    from loancs.store.commands import EraseCustomer
    from loancs.store.writer import apply_now

    result = apply_now(conn, EraseCustomer(customer=customer, reason=reason, actor=actor))
    if scrub_search:
        from loancs.store.search import scrub_index

        scrub_index(conn)
    return result


def legal_hold(conn: sqlite3.Connection, customer: int) -> str | None:
    """Why the customer is on legal hold, or None."""
    row = conn.execute(
        "SELECT reason FROM privacy_holds WHERE customer_id = ?", (customer,)
    ).fetchone()
    return row[0] if row else None


def idle_customers(conn: sqlite3.Connection, years: float, now_ms: int | None = None) -> list[dict]:
    """Customers with no activity for ``years`` (conversations, applications), not on hold
    and not erased yet: what the retention policy erases."""
    cutoff = (now_ms or _now_ms()) - int(years * 365.25 * 86_400_000)
    rows = conn.execute(
        """
        SELECT c.id, c.created_at,
               COALESCE((SELECT MAX(COALESCE(ap.at, v.last_message_at, v.created_at))
                         FROM conversations v
                         LEFT JOIN activity_pending ap ON ap.conversation = v.id
                         WHERE v.customer_id = c.id), 0),
               COALESCE((SELECT MAX(a.updated_at) FROM applications a
                         WHERE a.customer_id = c.id), 0)
        FROM customers c
        WHERE c.id NOT IN (SELECT customer_id FROM privacy_holds)
          AND c.id NOT IN (SELECT customer_id FROM customer_keys WHERE erased_at IS NOT NULL)
        """
    ).fetchall()
    last = [(r[0], max(r[1], r[2], r[3])) for r in rows]  # SQLite's MAX(a, b) is not SQL's
    return [{"customer": c, "last_activity": at} for c, at in last if at < cutoff]


def export_customer(conn: sqlite3.Connection, sealer: Sealer, customer: int) -> dict:
    """Everything stored about one customer (a data-subject access request), decrypted."""
    conn.row_factory = sqlite3.Row
    person = dict(conn.execute("SELECT * FROM customers WHERE id = ?", (customer,)).fetchone())
    identities = [
        dict(r)
        for r in conn.execute(
            "SELECT kind, value, created_at FROM customer_identities WHERE customer_id = ?",
            (customer,),
        )
    ]
    conversations = [
        dict(r)
        for r in conn.execute(
            "SELECT c.id, c.channel, c.status, c.loan_type, c.created_at,"
            " COALESCE(ap.at, c.last_message_at) AS last_message_at FROM conversations c"
            " LEFT JOIN activity_pending ap ON ap.conversation = c.id"
            " WHERE c.customer_id = ? ORDER BY c.id",
            (customer,),
        )
    ]
    ids = [c["id"] for c in conversations]
    marks = ",".join("?" * len(ids))
    messages = []
    events = []
    if ids:
        messages = [
            dict(r)
            for r in conn.execute(
                f"SELECT id, conversation_id, ts, direction, author, body, kind, channel"
                f" FROM messages WHERE conversation_id IN ({marks}) AND direction != 'note'"
                f" ORDER BY id",
                ids,
            )
        ]
    rows = conn.execute(
        f"SELECT seq, ts, kind, conversation, payload FROM events WHERE"
        f" conversation IN ({marks or 'NULL'}) OR {json_int(conn, 'payload', 'customer')} = ?"
        f" ORDER BY seq",
        (*ids, customer),
    ).fetchall()
    for r in rows:
        if r["kind"].startswith(("note.", Kind.CONVERSATION_WHISPER, "compliance.")):
            continue  # staff-internal
        events.append(
            {
                "seq": r["seq"],
                "ts": r["ts"],
                "kind": r["kind"],
                "conversation": r["conversation"],
                "payload": sealer.unseal_sync(conn, json.loads(r["payload"])),
            }
        )
    applications = [
        dict(r)
        for r in conn.execute(
            "SELECT external_id, loan_type, amount_fen, stage, created_at, updated_at"
            " FROM applications WHERE customer_id = ?",
            (customer,),
        )
    ]
    held = conn.execute(
        "SELECT reason, since FROM privacy_holds WHERE customer_id = ?", (customer,)
    ).fetchone()
    erased = conn.execute(
        "SELECT erased_at FROM customer_keys WHERE customer_id = ?", (customer,)
    ).fetchone()
    return {
        "customer": person,
        "identities": identities,
        "conversations": conversations,
        "messages": messages,
        "applications": applications,
        "events": events,
        "legal_hold": dict(held) if held else None,
        "erased_at": erased["erased_at"] if erased else None,
    }
