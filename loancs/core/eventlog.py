"""The tamper-evident event log's hashing, kept pure so the writer and
``loancs audit verify`` compute exactly the same bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import msgspec

GENESIS_HASH = "0" * 64
# The prev_hash of a compact event row (store/tx.py): the previous row's hash, not repeated.
DERIVED_PREV = ""
_encode = msgspec.json.Encoder(order="sorted").encode


def canonical_payload(payload: dict[str, Any]) -> str:
    """Compact JSON with sorted keys and raw UTF-8: the bytes that are hashed and stored."""
    return _encode(payload).decode("utf-8")


def decode_payload(text: str | bytes) -> Any:
    """A stored payload (or any JSON this module wrote) back to Python values; several times
    faster than ``json.loads`` (a server following other servers' commits decodes each)."""
    return _decode(text)


_decode = msgspec.json.Decoder().decode


def canonical_bytes(payload: dict[str, Any]) -> bytes:
    """:func:`canonical_payload` as the UTF-8 bytes (what the writer hashes and seals)."""
    return _encode(payload)


def event_hash(
    prev_hash: str,
    seq: int,
    ts: int,
    kind: str,
    conversation: int | None,
    actor: str,
    payload: str,
    meta: bytes | None = None,
) -> str:
    """sha256(prev_hash + canonical event bytes); ``payload`` is already canonical JSON,
    ``meta`` the meta's canonical bytes where the chain covers it (:func:`chain_digest`)."""
    return chain_hash(prev_hash, seq, ts, kind, conversation, actor, payload.encode("utf-8"), meta)


def chain_hash(
    prev_hash: str,
    seq: int,
    ts: int,
    kind: str,
    conversation: int | None,
    actor: str,
    payload: bytes,
    meta: bytes | None = None,
) -> str:
    """:func:`event_hash` of a payload already encoded (:func:`canonical_bytes`), hashed
    in one piece; ``meta``: the event's meta as the chain covers it (:func:`chain_digest`)."""
    return chain_digest(prev_hash, seq, ts, kind, conversation, actor, payload, meta).hex()


def chain_digest(
    prev_hash: str,
    seq: int,
    ts: int,
    kind: str,
    conversation: int | None,
    actor: str,
    payload: bytes,
    meta: bytes | None = None,
) -> bytes:
    """The event's hash as its 32 bytes.

    Without ``meta`` (an event with none, or one written before its database covered meta):
    sha256(prev_hash + [seq, ts, kind, conversation, actor] + payload), as every row before
    migration 0039_meta_under_hash. With ``meta`` (its canonical bytes, store/tx.py's
    ``meta_bytes``: the seven conversation facts as an array, any other meta as its object):
    sha256(prev_hash + [seq, ts, kind, conversation, actor, len(meta)] + payload + meta).
    The header's sixth value is the meta's length, so where the payload ends and the meta
    begins is fixed, and a row read in the other form (meta covered or not) never hashes
    the same bytes."""
    if meta is None:
        head = _encode([seq, ts, kind, conversation, actor])
        return _sha256(prev_hash.encode("ascii") + head + payload).digest()
    head = _encode([seq, ts, kind, conversation, actor, len(meta)])
    return _sha256(prev_hash.encode("ascii") + head + payload + meta).digest()


_sha256 = hashlib.sha256


@dataclass(frozen=True)
class ChainReport:
    checked: int
    ok: bool
    broken_seq: int | None = None
    reason: str = ""
    # The first seq whose meta the chain covers (migration 0039_meta_under_hash), or None.
    meta_since: int | None = None


def _meta_as_stored(meta: str | bytes) -> bytes:
    return meta.encode("utf-8") if isinstance(meta, str) else bytes(meta)


def verify_chain(
    rows: Iterable[tuple[int, int, str, int | None, str, str, str, str | bytes, Any]],
    meta_since: int | None = None,
    meta_form: Callable[[Any], bytes] = _meta_as_stored,
) -> ChainReport:
    """Walk (seq, ts, kind, conversation, actor, payload, prev_hash, hash, meta) rows in seq
    order.

    A compact row (SQLite's since migration 0038, store/tx.py) holds its hash as the 32
    bytes and ``DERIVED_PREV`` ('') for its prev_hash: its link is the previous row's hash,
    which its own hash covers, so a changed, dropped or inserted row still breaks the chain
    at the next row's hash. A row with its prev_hash written out is checked against it.

    From ``meta_since`` on (the database's mark, migration 0039_meta_under_hash; None: no
    row's meta is covered) a row's meta is hashed too, as ``meta_form`` gives its canonical
    bytes from the stored value (SQLite stores them as they are; PostgreSQL the meta's
    object, backends/postgres.py). A row before it is hashed as it was written, its meta
    not covered."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_seq = 0
    since = meta_since if meta_since is not None else 1 << 62
    for seq, ts, kind, conversation, actor, payload, prev_hash, stored, meta in rows:
        if not isinstance(stored, str):  # a compact row: the hash's bytes
            stored = stored.hex()
        if prev_hash == DERIVED_PREV:
            prev_hash = expected_prev
        if seq != last_seq + 1:
            return ChainReport(
                checked, False, seq, f"seq jumps from {last_seq} to {seq}", meta_since
            )
        if prev_hash != expected_prev:
            return ChainReport(
                checked, False, seq, "prev_hash does not match the previous event", meta_since
            )
        if meta is None or seq < since:  # (the common case, in line: event_hash's bytes)
            head = _encode([seq, ts, kind, conversation, actor])
            digest = _sha256(prev_hash.encode("ascii") + head + payload.encode()).hexdigest()
        else:
            digest = event_hash(
                prev_hash, seq, ts, kind, conversation, actor, payload, meta_form(meta)
            )
        if digest != stored:
            reason = "hash does not match the event's contents"
            return ChainReport(checked, False, seq, reason, meta_since)
        expected_prev = stored
        last_seq = seq
        checked += 1
    return ChainReport(checked, True, meta_since=meta_since)
