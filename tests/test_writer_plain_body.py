"""Whether a customer's message holds anything to mask is found on the server's side of the
writer's pipe (ProcessWriter._queue sets IngestMessage.plain), not in the writer's process,
its largest. Masking stays as strict: a body with an ID, card or mobile number is scanned
and masked in the writer as before, whatever ``plain`` the command came with; only a body
the server found nothing in is taken as it is."""

from __future__ import annotations

import sqlite3

from loancs.core import protocol as p
from loancs.core.pii import mask_identity, mask_text
from loancs.store import commands as c
from loancs.store.db import Store

PLAIN = "你好，我想问一下房贷提前还款 a=62150s241927"
PII = "我的手机号是13812345678，身份证110101199003074477"


def _ingest(n: int, body: str, plain: bool = False) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"plain-{n}",
        identity=p.Identity(kind="wechat", value=f"oPLAINBODY{n:06d}"),
        body=body,
        plain=plain,
    )


def _excerpts(path: str) -> dict[int, str]:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT c.id, COALESCE(ap.excerpt, c.last_excerpt) FROM conversations c"
        " LEFT JOIN activity_pending ap ON ap.conversation = c.id"
    ).fetchall()
    conn.close()
    return dict(rows)


async def test_the_server_side_finds_a_plain_body_and_the_writer_masks_the_rest(tmp_path):
    assert mask_text(PLAIN) is PLAIN and mask_text(PII) != PII
    path = str(tmp_path / "plain.db")
    store = Store(path, synchronous="NORMAL", writer="process")
    await store.open()
    seen: list = []
    store.on_commit(seen.extend)
    commands = [
        _ingest(1, PLAIN),
        _ingest(2, PII),
        _ingest(3, PII, plain=True),  # (said plain by its maker: the server looks itself)
        _ingest(4, PLAIN, plain=True),
    ]
    try:
        answers = [await store.submit(command) for command in commands]
    finally:
        await store.close()
    assert [command.plain for command in commands] == [True, False, False, True]
    received = {e.payload["message"]: e for e in seen if e.kind == "message.received"}
    assert [received[a["message"]].plain for a in answers] == [True, False, False, True]
    excerpts = _excerpts(path)
    shown = [excerpts[a["conversation"]] for a in answers]
    assert shown[0] == shown[3] == PLAIN
    assert shown[1] == shown[2] == mask_text(PII)
    assert "13812345678" not in shown[1] and "110101199003074477" not in shown[2]


async def test_a_writer_in_the_servers_process_scans_every_body(tmp_path):
    # (the thread writer gets the commands as made: not plain unless said so, and then only
    # by the server's own code; a body with a number in it is masked either way it came)
    path = str(tmp_path / "thread.db")
    store = Store(path, synchronous="NORMAL", writer="thread")
    await store.open()
    seen: list = []
    store.on_commit(seen.extend)
    try:
        answers = [await store.submit(_ingest(n, PII)) for n in (1, 2)]
        plain = await store.submit(_ingest(3, PLAIN))
    finally:
        await store.close()
    excerpts = _excerpts(path)
    assert [excerpts[a["conversation"]] for a in answers] == [mask_text(PII)] * 2
    assert excerpts[plain["conversation"]] == PLAIN
    received = [e for e in seen if e.kind == "message.received"]
    assert [e.plain for e in received] == [False, False, True]


def _caller(n: int, display: str | None = None) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="sms",
        external_id=f"display-{n}",
        identity=p.Identity(kind="phone", value=f"1381234{n:04d}"),
        body=PLAIN,
        display=display,
    )


async def test_the_server_side_masks_the_identity_whatever_the_command_held(tmp_path):
    """The identity's masked form (mask_identity) is worked out on the server's side of the
    pipe too, and set whatever the command came with: a command saying the whole number is its
    display still shows it masked."""
    store = Store(str(tmp_path / "display.db"), synchronous="NORMAL", writer="process")
    await store.open()
    seen: list = []
    store.on_commit(seen.extend)
    commands = [_caller(1), _caller(2, display="13812340002"), _caller(3, display="138****0003")]
    try:
        for command in commands:
            await store.submit(command)
    finally:
        await store.close()
    wanted = [mask_identity("phone", f"1381234{n:04d}") for n in (1, 2, 3)]
    assert wanted[1] == "138****0002"
    assert [command.display for command in commands] == wanted
    opened = [e.payload["customer_display"] for e in seen if e.kind == "conversation.opened"]
    assert opened == wanted


async def test_a_writer_in_the_servers_process_masks_the_identity_itself(tmp_path):
    store = Store(str(tmp_path / "display-thread.db"), synchronous="NORMAL", writer="thread")
    await store.open()
    seen: list = []
    store.on_commit(seen.extend)
    try:
        await store.submit(_caller(4))
    finally:
        await store.close()
    opened = [e.payload["customer_display"] for e in seen if e.kind == "conversation.opened"]
    assert opened == ["138****0004"]
