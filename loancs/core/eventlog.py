"""The tamper-evident event log's hashing, kept pure so the writer and
``loancs audit verify`` compute exactly the same bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
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
    prev_hash: str, seq: int, ts: int, kind: str, conversation: int | None, actor: str, payload: str
) -> str:
    """sha256(prev_hash + canonical event bytes); ``payload`` is already canonical JSON."""
    return chain_hash(prev_hash, seq, ts, kind, conversation, actor, payload.encode("utf-8"))


def chain_hash(
    prev_hash: str,
    seq: int,
    ts: int,
    kind: str,
    conversation: int | None,
    actor: str,
    payload: bytes,
) -> str:
    """:func:`event_hash` of a payload already encoded (:func:`canonical_bytes`), hashed
    in one piece."""
    return hashlib.sha256(
        prev_hash.encode("ascii") + _encode([seq, ts, kind, conversation, actor]) + payload
    ).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    ok: bool
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(
    rows: Iterable[tuple[int, int, str, int | None, str, str, str, str | bytes]],
) -> ChainReport:
    """Walk (seq, ts, kind, conversation, actor, payload, prev_hash, hash) rows in seq order.

    A compact row (SQLite's since migration 0038, store/tx.py) holds its hash as the 32
    bytes and ``DERIVED_PREV`` ('') for its prev_hash: its link is the previous row's hash,
    which its own hash covers, so a changed, dropped or inserted row still breaks the chain
    at the next row's hash. A row with its prev_hash written out is checked against it."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_seq = 0
    for seq, ts, kind, conversation, actor, payload, prev_hash, stored in rows:
        if not isinstance(stored, str):  # a compact row: the hash's bytes
            stored = stored.hex()
        if prev_hash == DERIVED_PREV:
            prev_hash = expected_prev
        if seq != last_seq + 1:
            return ChainReport(checked, False, seq, f"seq jumps from {last_seq} to {seq}")
        if prev_hash != expected_prev:
            return ChainReport(checked, False, seq, "prev_hash does not match the previous event")
        if event_hash(prev_hash, seq, ts, kind, conversation, actor, payload) != stored:
            return ChainReport(checked, False, seq, "hash does not match the event's contents")
        expected_prev = stored
        last_seq = seq
        checked += 1
    return ChainReport(checked, True)
