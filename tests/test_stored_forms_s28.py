"""The paths around this session's two stored-format changes that the writer's own tests do
not walk, checked as a user meets them (issue 18, helper verify, session 28): one customer's
events sealed in both forms (the object before migration 0040_compact_sealed, the array
since) are exported decoded by ``loancs privacy export`` and ``loancs export events``, then
erased by ``loancs privacy erase``: nothing of theirs readable after, and ``loancs audit
verify`` still passes.

And the master key: a database opened with a key that is not the one it was written with
(``loancs db copy`` into PostgreSQL and ``serve`` without ``master_key_file``; a backup
restored without its ``.key``, which is not in the backup) made a new key and started: the
first ``hello`` with ``since`` killed the replay task (InvalidTag in Sealer.load, logged as
"Task exception was never retrieved") and the client waited for ever; ``loancs privacy
export`` and ``loancs export events`` died with an InvalidTag traceback. They now refuse with
one line naming the key."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loancs.cli import app
from loancs.core import privacy as pv
from loancs.core.eventlog import canonical_bytes, decode_payload
from loancs.store import commands as c
from loancs.store.db import Store, connect_sync
from loancs.store.keys import MasterKeyError, load_master_key
from loancs.store.privacy import Sealer
from loancs.store.writer import apply_now

runner = CliRunner()


class _SealerBefore0040(Sealer):
    """Seals as loancs did before migration 0040_compact_sealed: ``{"customer", "data",
    "fields"}``, the data the secret as an object (8b374bb's Sealer.seal)."""

    def seal(self, tx, conversation, payload, meta):  # type: ignore[no-untyped-def]
        public = super().seal(tx, conversation, payload, meta)
        sealed = public.get(pv.SEALED)
        if sealed.__class__ is not list:
            return public
        customer, data, fields = sealed[0], sealed[1], sealed[2:]
        aead = tx.keys[customer]
        values = decode_payload(aead.decrypt(data[:12], data[12:], b"customer:%d" % customer))
        nonce = os.urandom(12)
        secret = canonical_bytes(dict(zip(fields, values, strict=True)))
        blob = nonce + aead.encrypt(nonce, secret, b"customer:%d" % customer)
        text = base64.b64encode(blob).decode()
        public = dict(public)
        public[pv.SEALED] = {"customer": customer, "data": text, "fields": list(fields)}
        return public


def _ingest(conn, sealer: Sealer, i: int, value: str) -> None:
    apply_now(
        conn,
        c.IngestMessage(
            source="gw",
            channel="wechat",
            external_id=f"forms-{value}-{i}",
            identity=c.Identity(kind="wechat", value=value, name="张三"),
            body=f"提前还款要违约金吗 marker{i} 我的手机号1390000{i:04d} 身份证11010119900307{i:04d}",
            hints=c.Hints(loan_type="mortgage"),
        ),
        sealer,
    )


def _two_forms(path: Path) -> int:
    """A database where one customer's first 3 messages are sealed in the form before 0040
    and the next 3 in the compact form, beside another customer; returns the customer."""
    conn = connect_sync(path)
    master = load_master_key(path)
    old, new = _SealerBefore0040(master), Sealer(master)
    for i in range(3):
        _ingest(conn, old, i, "oFORMS000001")
        _ingest(conn, old, 100 + i, "oOTHER000002")
    for i in range(3, 6):
        _ingest(conn, new, i, "oFORMS000001")
    forms = [
        type(json.loads(p)[pv.SEALED]).__name__
        for (p,) in conn.execute(
            "SELECT payload FROM events WHERE kind = 'message.received' ORDER BY seq"
        )
    ]
    (customer,) = conn.execute(
        "SELECT customer_id FROM customer_identities WHERE value = 'oFORMS000001'"
    ).fetchone()
    conn.close()
    assert forms == ["dict"] * 6 + ["list"] * 3, forms
    return customer


def _events_export(path: Path) -> list[dict]:
    result = runner.invoke(
        app, ["export", "events", "--db", str(path), "--from", "2000-01-01", "--to", "2100-01-01"]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_a_customer_sealed_in_both_forms_is_exported_then_erased(tmp_path: Path) -> None:
    path = tmp_path / "forms.db"
    customer = _two_forms(path)
    result = runner.invoke(
        app, ["privacy", "export", "--customer", str(customer), "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    bodies = [e["payload"]["body"] for e in data["events"] if e["kind"] == "message.received"]
    assert [b.split()[1] for b in bodies] == [f"marker{i}" for i in range(6)]
    assert all("13900000" in b for b in bodies) and "sealed" not in result.stdout
    # the event export masks them, in both forms
    ours = [
        e
        for e in _events_export(path)
        if e["kind"] == "message.received" and e["payload"]["customer"] == customer
    ]
    assert len(ours) == 6 and all("marker" in e["payload"]["body"] for e in ours)
    assert not any("1390000" in e["payload"]["body"] for e in ours)

    result = runner.invoke(
        app, ["privacy", "erase", "--customer", str(customer), "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["privacy", "export", "--customer", str(customer), "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "marker" not in result.stdout and "1390000" not in result.stdout
    assert "张三" not in result.stdout and "oFORMS" not in result.stdout
    events = _events_export(path)
    ours = [
        e["payload"]
        for e in events
        if e["kind"] == "message.received" and e["payload"]["customer"] == customer
    ]
    assert [p["body"] for p in ours] == [pv.ERASED] * 6
    assert all(p["external_id"] == pv.ERASED for p in ours)
    others = [
        e["payload"]["body"]
        for e in events
        if e["kind"] == "message.received" and e["payload"]["customer"] != customer
    ]
    assert len(others) == 3 and all("marker10" in b for b in others)
    conn = connect_sync(path)
    assert (
        conn.execute("SELECT count(*) FROM messages WHERE body LIKE '%marker%'").fetchone()[0] == 3
    )
    conn.close()
    result = runner.invoke(app, ["audit", "verify", "--db", str(path)])
    assert result.exit_code == 0 and "events verify" in result.output, result.output


def _other_key(tmp_path: Path) -> Path:
    key = tmp_path / "other.key"
    key.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode() + "\n")
    return key


@pytest.mark.parametrize(
    "args",
    [
        ["privacy", "export", "--customer", "{customer}"],
        ["export", "events", "--from", "2000-01-01", "--to", "2100-01-01"],
    ],
)
def test_a_command_with_another_master_key_refuses_in_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / "forms.db"
    customer = _two_forms(path)
    env = dict(os.environ, LOANCS_MASTER_KEY_FILE=str(_other_key(tmp_path)))
    env.pop("LOANCS_MASTER_KEY", None)
    argv = [a.format(customer=customer) for a in args] + ["--db", str(path)]
    run = subprocess.run(
        [sys.executable, "-m", "loancs", *argv], capture_output=True, text=True, env=env
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "Traceback" not in out and "InvalidTag" not in out, out
    assert "does not open this database's customer keys" in out and "other.key" in out, out
    assert "marker" not in out


def test_a_store_opened_with_another_master_key_refuses_to_start(tmp_path: Path) -> None:
    """`loancs serve` on a database with a key it was not written with (a PostgreSQL copy
    served without master_key_file, a backup restored without its .key): before, it started
    and each replay died on the first sealed event."""
    path = tmp_path / "forms.db"
    _two_forms(path)

    async def open_with(key_file: Path | None) -> None:
        store = Store(path, master_key_file=key_file)
        try:
            await store.open_reads()
        finally:
            await store.close()

    asyncio.run(open_with(None))  # its own key: opens
    with pytest.raises(MasterKeyError, match="does not open this database's customer keys"):
        asyncio.run(open_with(_other_key(tmp_path)))
    # a restored backup without its .key: the key made at the start is not the one either
    (tmp_path / "forms.db.key").rename(tmp_path / "kept-apart.key")
    with pytest.raises(MasterKeyError, match="forms.db.key"):
        asyncio.run(open_with(None))
