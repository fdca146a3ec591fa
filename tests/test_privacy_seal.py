"""The writer seals a customer's personal fields with their key (store/privacy.py): each
batch looks a customer's key up once, and an erasure in a batch is final at once: nothing
later in the same batch is sealed with the destroyed key (it is refused, as after the
batch), and what was sealed before opens with the customer's key as it always did."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from loancs.store import commands as c
from loancs.store.audit import verify_log
from loancs.store.db import connect_sync
from loancs.store.privacy import Sealer
from loancs.store.writer import commit_batch, connect_writer, senders_for

NOW = 1_790_000_000_000


def ingest(i: int, customer: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"s-{i}",
        identity=c.Identity(kind="wechat", value=f"oSEAL{customer:012d}"),
        body=f"我家住在梧桐巷{i}号",
    )


def reply(conversation: int, i: int) -> c.AgentReply:
    return c.AgentReply(
        conversation=conversation, agent_id=1, agent_name="x", role="admin", body=f"回复 {i}"
    )


def _writer(tmp_path: Path):
    path = str(tmp_path / "seal.db")
    connect_sync(path).close()
    conn = connect_writer(path, "NORMAL")
    sealer = Sealer(bytes(range(32)))
    senders = senders_for(conn)
    clock = iter(range(NOW, NOW + 100_000)).__next__

    def run(commands: list[c.Command]) -> list[tuple]:
        results, _ = commit_batch(
            conn, clock, [(cmd, i) for i, cmd in enumerate(commands)], sealer, senders
        )
        return results

    return conn, sealer, run


def _events(conn) -> list[tuple]:
    return conn.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events"
        " ORDER BY seq"
    ).fetchall()


def test_an_erasure_is_final_for_the_rest_of_its_batch(tmp_path: Path) -> None:
    conn, sealer, run = _writer(tmp_path)
    first = run([ingest(0, 1), ingest(1, 2)])  # both keys made, then cached by the writer
    conversation = first[0][2]["conversation"]
    customer = first[0][2]["customer"]
    results = run(
        [
            reply(conversation, 0),  # sealed with the cached key: the batch has it now
            c.EraseCustomer(customer=customer, reason="request"),
            reply(conversation, 1),  # after the erasure: nothing personal may be stored
            ingest(2, 2),  # another customer's message in the same batch is not touched
        ]
    )
    assert [ok for _, ok, _ in results] == [True, True, False, True]
    assert results[2][2].code == "conflict"
    assert "erased" in results[2][2].message
    rows = _events(conn)
    assert verify_log(conn).ok
    bodies = [json.loads(r[5]) for r in rows if r[2] == "message.sent"]
    assert len(bodies) == 1  # the reply before the erasure; the one after stored nothing
    # Later batches refuse too (the key is read again: erased).
    again = run([reply(conversation, 2)])
    assert again[0][1] is False and again[0][2].code == "conflict"
    conn.close()


def test_a_forgotten_key_is_read_again_later_in_the_same_batch(tmp_path: Path) -> None:
    conn, sealer, run = _writer(tmp_path)
    first = run([ingest(0, 1)])
    customer = first[0][2]["customer"]
    # Another process erased the customer (the CLI): the server then asks the writer to
    # forget the key; a message of the same batch after that is sealed with a key read again.
    conn.execute(
        "UPDATE customer_keys SET wrapped = NULL, erased_at = 1 WHERE customer_id = ?", (customer,)
    )
    results = run(
        [
            reply(first[0][2]["conversation"], 0),  # sealed with the cached key at first
            c.ForgetKeys(customers=[customer]),
            reply(first[0][2]["conversation"], 1),
        ]
    )
    # The second reply reads the key again and is refused, so the batch is redone command
    # by command, where the first one reads it too (the writer forgot it): both refused.
    # Sealed with the batch's copy of the forgotten key, all three would have been stored.
    assert [ok for _, ok, _ in results] == [False, True, False], results
    conn.close()


def test_a_sealed_payload_opens_with_the_customers_key_and_names_its_fields(
    tmp_path: Path,
) -> None:
    conn, sealer, run = _writer(tmp_path)
    run([ingest(i, i % 3) for i in range(6)])
    run([ingest(i, i % 3) for i in range(6, 12)])  # returning: keys from the cache
    rows = _events(conn)
    assert verify_log(conn).ok
    received = [json.loads(r[5]) for r in rows if r[2] == "message.received"]
    assert len(received) == 12
    for i, payload in enumerate(received):
        assert "body" not in payload and "external_id" not in payload
        # (compact since 0040_compact_sealed: [customer, data, the fields' names], the data
        # the fields' values as an array in that order)
        customer, data, *fields = payload["sealed"]
        assert fields == ["body", "external_id"]
        assert customer == payload["customer"]
        wrapped = conn.execute(
            "SELECT wrapped FROM customer_keys WHERE customer_id = ?", (payload["customer"],)
        ).fetchone()[0]
        key = sealer.wrap.unwrap(payload["customer"], wrapped)
        blob = base64.b64decode(data)
        secret = AESGCM(key).decrypt(blob[:12], blob[12:], b"customer:%d" % customer)
        assert json.loads(secret) == [f"我家住在梧桐巷{i}号", f"s-{i}"]
        assert sealer.unseal_cached(payload)["body"] == f"我家住在梧桐巷{i}号"
        assert sealer.unseal_cached(payload)["external_id"] == f"s-{i}"
    nonces = {base64.b64decode(p["sealed"][1])[:12] for p in received}
    assert len(nonces) == 12  # a fresh nonce for every seal
    conn.close()
