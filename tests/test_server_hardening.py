"""A full disk, TLS, and what an unauthenticated client can learn."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import sqlite3
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from websockets.asyncio.client import connect

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from loancs.store import commands
from tests.conftest import make_config, seed_accounts

WX = p.Identity(kind="wechat", value="oFULLDISK00000000001")


async def test_full_disk_refuses_writes_clearly_and_recovers(live_server) -> None:
    wechat = await live_server.client("wechat")
    agent = await live_server.client("agent")
    before = await wechat.call(p.Ingest, external_id="fd-0", customer=WX, body="before")
    pages = sqlite3.connect(live_server.db).execute("PRAGMA page_count").fetchone()[0]
    # SQLite reports SQLITE_FULL exactly as on a full disk once the file cannot grow.
    await live_server.server.store.apply(commands.Pragma(statement=f"max_page_count = {pages}"))
    errors = []
    for i in range(40):  # enough text to need new pages
        try:
            await wechat.call(p.Ingest, external_id=f"fd-{i + 1}", customer=WX, body="长" * 3000)
        except ClientError as exc:
            errors.append(exc)
    assert errors and all(e.code == "storage_unavailable" for e in errors)
    assert "nothing stored" in errors[0].message
    # Reads and other clients keep working.
    data = await agent.call(p.ListConversations)
    assert data == [] or isinstance(data, list)
    await live_server.server.store.apply(commands.Pragma(statement="max_page_count = 1073741823"))
    after = await wechat.call(p.Ingest, external_id="fd-after", customer=WX, body="after")
    assert after.seq > before.seq
    conn = sqlite3.connect(live_server.db)
    stored = {r[0] for r in conn.execute("SELECT external_id FROM messages")}
    refused = {f"fd-{i + 1}" for i, _ in enumerate(errors)}
    assert "fd-0" in stored and "fd-after" in stored
    assert len(stored) == 2 + (40 - len(errors))  # exactly the acked ones, nothing half-written
    assert not (refused & stored) or len(refused & stored) == 0


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def test_tls(tmp_path) -> None:
    db = tmp_path / "tls.db"
    tokens = seed_accounts(db)
    cert, key = self_signed(tmp_path)
    server = LoancsServer(make_config(db, tls_cert=cert, tls_key=key))
    await server.start()
    try:
        assert server.url.startswith("wss://")
        context = ssl.create_default_context(cafile=str(cert))
        client = LoancsClient(
            server.url, tokens["supervisor"], ssl_context=context, reconnect=False
        )
        welcome = await client.start()
        assert welcome.role == "supervisor"
        await client.close()
        with pytest.raises(ClientError) as untrusted:  # not trusting the cert gets nowhere
            await LoancsClient(server.url, tokens["supervisor"], reconnect=False).start()
        # ... and is told what to do about a private CA, or about ws:// to a TLS server
        assert "certificate verify failed; a private CA: set SSL_CERT_FILE" in str(untrusted.value)
        plain = server.url.replace("wss://", "ws://")
        with pytest.raises(ClientError) as mismatched:
            await LoancsClient(plain, tokens["supervisor"], reconnect=False).start()
        assert str(mismatched.value).endswith("; a TLS server? wss:// if so")
    finally:
        await server.stop()


async def test_unauthenticated_client_learns_nothing(live_server) -> None:
    async with connect(live_server.url) as ws:
        await ws.send(json.dumps({"type": "list_conversations", "id": "sneaky"}))
        answer = json.loads(await ws.recv())
        assert answer["code"] == "hello_required"
    async with connect(live_server.url) as ws:
        # a made-up visitor token signs in as nobody but a brand-new visitor
        await ws.send(json.dumps({"type": "hello", "token": "visitor:short"}))
        welcome = json.loads(await ws.recv())
        assert welcome["type"] == "welcome" and welcome["visitor"] != "short"


async def test_wss_to_a_plain_server_says_which_to_try(live_server) -> None:
    """It said "cannot reach ... ()": the reset has no text of its own."""
    url = live_server.url.replace("ws://", "wss://")
    with pytest.raises(ClientError) as reset:
        await LoancsClient(url, live_server.tokens["supervisor"], reconnect=False).start()
    assert str(reset.value).endswith("; is the server serving TLS? ws:// if not"), reset.value
