"""A sealed payload's stored bytes (store/privacy.py's Sealer.seal): its sealed fields are
worked out once for each shape of payload, and the sealed bytes go to the canonical JSON
encoder as bytes, which writes them as the base64 text the writer wrote before. What is
stored and hashed must stay byte for byte what core/privacy.py's split and a base64 text
give, for every kind of payload: the chain of a database written before still verifies, and
a payload written now opens as before."""

from __future__ import annotations

import base64
import itertools
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from loancs.core import privacy as pv
from loancs.core.eventlog import canonical_bytes, decode_payload
from loancs.store import privacy
from loancs.store.privacy import Sealer


class _Tx:
    """What seal reads of a Tx: its keys, their time, a nonce, a read of a conversation."""

    def __init__(self) -> None:
        self.keys: dict[int, Any] = {}
        self.keys_since: float | None = None
        self.new_keys: dict[int, bytes] = {}
        self.nonces = itertools.count()
        self.last = b""

    def nonce(self) -> bytes:
        self.last = next(self.nonces).to_bytes(12, "big")
        return self.last

    def one(self, sql: str, params: tuple) -> tuple | None:
        assert "FROM conversations" in sql
        return (params[0] + 1000,)

    def one_apart(self, sql: str, params: tuple) -> tuple | None:
        raise AssertionError("every key is cached")


def _reference(
    aead: AESGCM, nonce: bytes, payload: dict, meta: dict | None, conv: int | None, old=False
):
    """The stored payload from core/privacy.py's split and a base64 text: compact since
    migration 0040_compact_sealed (``[customer, data, field, ...]``, the data the fields'
    values as an array, the fields sorted); ``old``: as the writer made it before
    (``{"customer", "data", "fields"}``, the data the secret as an object)."""
    public, secret = pv.split(payload)
    if not secret:
        return payload
    customer = pv.customer_of(payload, meta)
    if customer is None and conv is not None:
        customer = conv + 1000
    if customer is None:
        return payload
    fields = sorted(secret)
    clear = canonical_bytes(secret) if old else canonical_bytes([secret[f] for f in fields])
    data = nonce + aead.encrypt(nonce, clear, b"customer:%d" % customer)
    text = base64.b64encode(data).decode("ascii")
    public = dict(public)
    if old:
        public[pv.SEALED] = {"customer": customer, "fields": fields, "data": text}
    else:
        public[pv.SEALED] = [customer, text, *fields]
    return public


PAYLOADS: list[tuple[dict, dict | None, int | None]] = [
    (
        {
            "message": 14,
            "customer": 7,
            "customer_display": "oLOA…0399",
            "channel": "wechat",
            "kind": "text",
            "body": "我想咨询一下房贷 13812345678 — ünïcödé ✓",
            "external_id": "lt-LOAD-1399",
        },
        {"customer": 7},
        3,
    ),
    ({"message": 1, "customer": 7, "body": "", "external_id": None}, None, 3),  # all empty
    ({"customer": 7, "body": "hi", "external_id": ""}, None, None),  # one empty
    ({"customer": 7, "note": "x", "text": "y", "summary": "z", "comment": "c"}, None, None),
    ({"external_id": "e", "customer": 7, "body": "b"}, None, None),  # another order
    ({"body": "no customer: the conversation's", "agent": "a"}, None, 41),
    ({"body": "the meta's customer"}, {"customer": 9}, None),
    ({"body": "a customer that is a bool", "customer": True}, {"customer": 9}, None),
    ({"body": "nobody's"}, None, None),
    ({"status": "open", "agent": 3}, None, 3),  # nothing to seal
    ({}, None, None),
    (
        {
            "customer": 7,
            "attachment": {"kind": "image", "media_id": "m1", "size": 0},
            "raw": "<xml/>",
            "name": "张伟",
            "customer_name": "张伟",
            "value": "13812345678",
            "recording": {"url": "r"},
            "amount": 0,
        },
        None,
        None,
    ),
    ({"customer": 7, "body": 0, "note": False, "text": []}, None, None),  # falsy, not empty
]


def test_a_sealed_payload_is_stored_byte_for_byte_as_before() -> None:
    key = os.urandom(32)
    aead = AESGCM(key)
    sealer = Sealer(os.urandom(32))
    for customer in (7, 9, 41 + 1000):
        sealer.committed({customer: key})
    privacy._SHAPES.clear()
    for _ in range(2):  # (the second time with every shape known)
        tx = _Tx()
        for payload, meta, conv in PAYLOADS:
            before = dict(payload)
            tx.last = b""
            stored = sealer.seal(tx, conv, payload, meta)
            expected = _reference(aead, tx.last, payload, meta, conv)
            if stored is payload:
                assert expected is payload and tx.last == b"", payload
                continue
            assert canonical_bytes(stored) == canonical_bytes(expected), payload
            assert payload == before  # (the payload itself is not changed)
            opened = sealer.open_sealed(decode_payload(canonical_bytes(stored)), aead)
            assert opened == decode_payload(canonical_bytes(payload))
            # a payload sealed in the form before 0040 opens the same
            before_0040 = _reference(aead, tx.last, payload, meta, conv, old=True)
            opened = sealer.open_sealed(decode_payload(canonical_bytes(before_0040)), aead)
            assert opened == decode_payload(canonical_bytes(payload))
            # and with the key gone, either form names the same fields erased
            for form in (stored, before_0040):
                erased = sealer.open_sealed(decode_payload(canonical_bytes(form)), None)
                assert erased.keys() == payload.keys()
                assert [k for k, v in erased.items() if v == pv.ERASED] == [
                    k
                    for k in sorted(payload)
                    if k in pv.SEALED_FIELDS and payload[k] not in (None, "")
                ]
        assert len(privacy._SHAPES) == len({tuple(p) for p, _, _ in PAYLOADS})


def test_the_shapes_known_start_again_when_there_are_too_many() -> None:
    sealer = Sealer(os.urandom(32))
    sealer.committed({7: os.urandom(32)})
    privacy._SHAPES.clear()
    tx = _Tx()
    for i in range(privacy._SHAPES_MAX + 10):
        payload = {"customer": 7, f"k{i}": i, "body": "b"}
        assert pv.SEALED in sealer.seal(tx, None, payload, None)
    assert len(privacy._SHAPES) <= privacy._SHAPES_MAX
