"""Personal data (PIPL, issue 14): nothing personal in the hash chain in clear, erasure by
destroying the customer's key with `audit verify` still passing, retention with legal holds,
export, masked excerpts and logs. A real `loancs serve` process, its SQLite file, the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time

from loancs.core.pii import id_check_char
from tests.conftest import seed_accounts, spawn_server
from tests.harness import Raw

PHRASE = "我家住在梧桐巷七号"  # free text only this customer wrote
MOBILE = "13812345678"
ID_NUMBER = "11010519491231002" + id_check_char("11010519491231002")
CARD = "6222020000000000000"  # passes Luhn


def loancs(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loancs", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


async def _customer_story(url: str, tokens: dict) -> tuple[int, int]:
    wechat = await Raw.open(url, tokens["wechat"], subscribe=False)
    first = await wechat.call(
        "ingest",
        external_id="pii-1",
        customer={"kind": "wechat", "value": "oPIPL000000000001", "name": "张三"},
        body=f"{PHRASE}，手机{MOBILE}，身份证{ID_NUMBER}，卡号{CARD}",
    )
    system = await Raw.open(url, tokens["system"], subscribe=False)
    await system.call(
        "stage",
        application="PL-1",
        customer={"kind": "wechat", "value": "oPIPL000000000001"},
        stage="submitted",
        note=f"证件 {ID_NUMBER}",
    )
    sup = await Raw.open(url, tokens["supervisor"], subscribe=False)
    reply = await sup.call("reply", conversation=first["conversation"], body="已收到，还款已登记")
    assert reply["type"] == "ack", reply
    other = await wechat.call(
        "ingest",
        external_id="pii-2",
        customer={"kind": "wechat", "value": "oPIPL000000000002"},
        body="另一位客户的留言",
    )
    for raw in (wechat, system, sup):
        await raw.close()
    db_customer = other  # the second customer is told apart by conversation below
    return first["conversation"], db_customer["conversation"]


async def _replay(url: str, token: str) -> list[dict]:
    sup = await Raw.open(url, token, since=0)
    await asyncio.sleep(1.0)
    await sup.close()
    return sup.events()


def _customer_of(db, conversation: int) -> int:
    return (
        sqlite3.connect(db)
        .execute("SELECT customer_id FROM conversations WHERE id = ?", (conversation,))
        .fetchone()[0]
    )


def test_personal_data_is_sealed_in_the_chain_and_erasure_keeps_it_verifiable(tmp_path) -> None:
    db = tmp_path / "pipl.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        conv, other_conv = asyncio.run(_customer_story(server.url, tokens))
        customer, other = _customer_of(db, conv), _customer_of(db, other_conv)
        # 1. The chain holds ciphertext: no text, no numbers, no name.
        payloads = "\n".join(
            r[0] for r in sqlite3.connect(db).execute("SELECT payload FROM events")
        )
        for secret in (PHRASE, MOBILE, ID_NUMBER, CARD, "张三", "oPIPL000000000001"):
            assert secret not in payloads, secret
        assert '"sealed"' in payloads
        # 2. Those allowed to see it still do: a replay from the log is decrypted.
        events = asyncio.run(_replay(server.url, tokens["supervisor"]))
        bodies = [e["payload"].get("body", "") for e in events]
        assert any(PHRASE in b for b in bodies)
        # 3. The list excerpt that every agent of the queue sees is masked.
        asyncio.run(_ingest_more(server.url, tokens["wechat"]))
        sup = asyncio.run(_list(server.url, tokens["supervisor"]))
        excerpt = next(c["last_excerpt"] for c in sup if c["id"] == conv)
        assert MOBILE not in excerpt and CARD not in excerpt and ID_NUMBER not in excerpt
    finally:
        assert server.terminate() == 0

    # 4. Export for a data-subject request: everything, decrypted.
    exported = loancs("privacy", "export", "--customer", str(customer), "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["customer"]["name"] == "张三"
    assert any(PHRASE in (m["body"] or "") for m in data["messages"])
    assert any(PHRASE in str(e["payload"]) for e in data["events"])
    assert all("另一位客户" not in str(e["payload"]) for e in data["events"])
    # ... and to a folder not made yet: a line that says so (it was a traceback).
    missing = tmp_path / "no-such-dir" / "c.json"
    refused = loancs(
        "privacy",
        "export",
        "--customer",
        str(customer),
        "--db",
        str(db),
        "-o",
        str(missing),
        env={"COLUMNS": "200"},
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert f"--output: cannot write {missing}: No such file or directory" in refused.stderr

    # 5. Erase: the key is destroyed, projections scrubbed, the chain still verifies.
    erased = loancs("privacy", "erase", "--customer", str(customer), "--db", str(db))
    assert erased.returncode == 0, erased.stderr
    verify = loancs("audit", "verify", "--db", str(db))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    dump = "\n".join(sqlite3.connect(db).iterdump())
    for secret in (PHRASE, MOBILE, ID_NUMBER, CARD, "张三", "oPIPL000000000001"):
        assert secret not in dump, secret
    assert "另一位客户的留言" in dump  # nobody else was touched
    server = spawn_server(db)
    try:
        events = asyncio.run(_replay(server.url, tokens["supervisor"]))
        mine = [e for e in events if e["conversation"] == conv and "body" in e["payload"]]
        assert mine and all(e["payload"]["body"] == "[erased]" for e in mine)
        theirs = [e for e in events if e["conversation"] == other_conv and "body" in e["payload"]]
        assert theirs[0]["payload"]["body"] == "另一位客户的留言"
        assert any(e["kind"] == "privacy.erased" for e in events)
    finally:
        assert server.terminate() == 0
    assert other != customer


async def _ingest_more(url: str, token: str) -> None:
    wechat = await Raw.open(url, token, subscribe=False)
    await wechat.call(
        "ingest",
        external_id="pii-3",
        customer={"kind": "wechat", "value": "oPIPL000000000001"},
        body=f"再说一遍：{MOBILE} {CARD} {ID_NUMBER}",
    )
    await wechat.close()


async def _list(url: str, token: str) -> list[dict]:
    sup = await Raw.open(url, token, subscribe=False)
    answer = await sup.call("list_conversations")
    await sup.close()
    return answer["data"]


def test_retention_erases_idle_customers_except_those_on_legal_hold(tmp_path) -> None:
    db = tmp_path / "retain.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:

        async def three() -> list[int]:
            wechat = await Raw.open(server.url, tokens["wechat"], subscribe=False)
            convs = []
            for i in range(3):
                ack = await wechat.call(
                    "ingest",
                    external_id=f"ret-{i}",
                    customer={"kind": "wechat", "value": f"oRETAIN00000000{i}"},
                    body=f"retention {i} {PHRASE}",
                )
                convs.append(ack["conversation"])
            await wechat.close()
            return convs

        convs = asyncio.run(three())
    finally:
        server.terminate()
    customers = [_customer_of(db, c) for c in convs]
    # Customers 0 and 1 last wrote six years ago; 1 is on legal hold; 2 is recent.
    old = int((time.time() - 6 * 365.25 * 86400) * 1000)
    conn = sqlite3.connect(db)
    for c in customers[:2]:
        conn.execute(
            "UPDATE conversations SET created_at = ?, last_message_at = ? WHERE customer_id = ?",
            (old, old, c),
        )
        conn.execute("UPDATE customers SET created_at = ? WHERE id = ?", (old, c))
    conn.commit()
    held = loancs(
        "privacy", "hold", "--customer", str(customers[1]), "--reason", "诉讼保全", "--db", str(db)
    )
    assert held.returncode == 0, held.stderr
    refused = loancs("privacy", "erase", "--customer", str(customers[1]), "--db", str(db))
    assert refused.returncode == 1 and "legal hold" in refused.stderr
    dry = loancs("privacy", "retain", "--years", "5", "--dry-run", "--json", "--db", str(db))
    assert [d["customer"] for d in json.loads(dry.stdout)["due"]] == [customers[0]]
    done = loancs("privacy", "retain", "--years", "5", "--db", str(db))
    assert done.returncode == 0 and "erased 1" in done.stdout
    bodies = dict(
        sqlite3.connect(db).execute(
            "SELECT conversation_id, body FROM messages WHERE direction = 'in'"
        )
    )
    assert bodies[convs[0]] == "[erased]"
    assert PHRASE in bodies[convs[1]] and PHRASE in bodies[convs[2]]
    assert loancs("audit", "verify", "--db", str(db)).returncode == 0


def test_debug_logs_show_no_personal_numbers_or_tokens(tmp_path) -> None:
    db = tmp_path / "log.db"
    tokens = seed_accounts(db)
    log_file = tmp_path / "server.log"
    server = spawn_server(db, "--log-level", "debug", "--log-file", str(log_file))
    try:

        async def talk() -> None:
            wechat = await Raw.open(server.url, tokens["wechat"], subscribe=False)
            await wechat.call(
                "ingest",
                external_id="log-1",
                customer={"kind": "phone", "value": MOBILE},
                body=f"手机{MOBILE} 身份证{ID_NUMBER}",
            )
            await wechat.close()

        asyncio.run(talk())
        time.sleep(0.5)
    finally:
        server.terminate()
    text = log_file.read_text(encoding="utf-8")
    assert "TEXT" in text or "hello" in text  # frames were logged at debug level ...
    for secret in (MOBILE, ID_NUMBER, tokens["wechat"]):
        assert secret not in text  # ... but masked


async def test_agents_get_numbers_in_texts_masked_and_reveal_one_message(live_server) -> None:
    url, tokens = live_server.url, live_server.tokens
    agent = await Raw.open(url, tokens["agent"])
    sup = await Raw.open(url, tokens["supervisor"])
    wechat = await Raw.open(url, tokens["wechat"], subscribe=False)
    body = f"我的身份证{ID_NUMBER}，手机{MOBILE}"
    ack = await wechat.call(
        "ingest",
        external_id="mask-1",
        customer={"kind": "wechat", "value": "oMASK0000000001"},
        body=body,
        hints={"loan_type": "mortgage"},
    )
    seen = await agent.wait(lambda f: f["type"] == "event" and f["kind"] == "message.received")
    assert ID_NUMBER not in seen["payload"]["body"] and MOBILE not in seen["payload"]["body"]
    assert "138****5678" in seen["payload"]["body"]
    full = await sup.wait(lambda f: f["type"] == "event" and f["kind"] == "message.received")
    assert full["payload"]["body"] == body  # supervisors see everything
    conv = await agent.call("get_conversation", conversation=ack["conversation"])
    assert all(ID_NUMBER not in (m["body"] or "") for m in conv["data"]["messages"])
    listed = await agent.call("list_conversations")
    assert all(ID_NUMBER not in (c.get("last_excerpt") or "") for c in listed["data"])
    customer = conv["data"]["messages"][0]  # the reveal names the customer and the message
    cid = (
        sqlite3.connect(live_server.db)
        .execute("SELECT customer_id FROM conversations WHERE id = ?", (ack["conversation"],))
        .fetchone()[0]
    )
    shown = await agent.call(
        "reveal", customer=cid, field=f"message:{customer['id']}", reason="核对证件号"
    )
    assert shown["type"] == "result" and shown["data"]["value"] == body
    logged = (
        sqlite3.connect(live_server.db)
        .execute("SELECT count(*) FROM events WHERE kind = 'pii.revealed'")
        .fetchone()[0]
    )
    assert logged == 1


def test_erasure_takes_effect_while_the_server_runs(tmp_path) -> None:
    db = tmp_path / "live-erase.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        conv, _ = asyncio.run(_customer_story(server.url, tokens))
        assert any(
            PHRASE in e["payload"].get("body", "")
            for e in asyncio.run(_replay(server.url, tokens["supervisor"]))
        )  # the keys are now cached in the server and in the writer
        customer = _customer_of(db, conv)
        erased = loancs("privacy", "erase", "--customer", str(customer), "--db", str(db))
        assert erased.returncode == 0, erased.stderr
        time.sleep(2.0)

        async def after() -> list[dict]:
            sup = await Raw.open(server.url, tokens["supervisor"], subscribe=False)
            reply = await sup.call("reply", conversation=conv, body=f"{PHRASE}之后的回复")
            assert reply["type"] == "error" and reply["code"] == "conflict"  # nothing kept
            await sup.close()
            return await _replay(server.url, tokens["supervisor"])

        events = asyncio.run(after())
        texts = [e["payload"].get("body", "") for e in events if e["conversation"] == conv]
        assert texts and all(PHRASE not in t for t in texts), texts
    finally:
        assert server.terminate() == 0
    assert loancs("audit", "verify", "--db", str(db)).returncode == 0
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert PHRASE not in dump


def test_the_key_cache_starts_again_when_full_and_keys_still_open_what_they_sealed(
    monkeypatch,
) -> None:
    """A writer that has read more customers' keys than it caches (a year of customers:
    the 3,000,000-message build died here with a KeyError) starts the cache again and still
    hands out each customer's own key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from loancs.store import privacy

    monkeypatch.setattr(privacy, "KEY_CACHE_MAX", 2)
    sealer = privacy.Sealer(os.urandom(32))
    for customer in range(1, 6):
        key = os.urandom(32)
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, b"13812345678", b"customer:%d" % customer)
        aead = sealer.load(customer, (sealer.wrap.wrap(customer, key), None))
        assert aead is not None
        assert aead.decrypt(nonce, sealed, b"customer:%d" % customer) == b"13812345678"
        assert len(sealer._cache) <= 2
    assert sealer.load(6, (None, None)) is None  # no key: none, cached as such
    assert sealer._cached(6) == (True, None)
