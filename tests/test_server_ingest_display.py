"""The identity a customer message shows (``IngestMessage.display``, core/pii.py's
``mask_identity``) is worked out on the server's side of the writer's pipe once per customer
writing now, not once per message: the same text every time, for every kind of identity, a
value that comes under two kinds masked as each kind's."""

from __future__ import annotations

import itertools

from loancs.core import protocol as p
from loancs.core.pii import mask_identity
from loancs.store import commands as c
from loancs.store import writer_process
from loancs.store.db import Store
from loancs.store.writer_process import ProcessWriter

IDENTITIES = [
    ("phone", "+8613812345678"),
    ("phone", "138-1234-5679"),
    ("phone", "12345"),  # (no mobile: the generic mask)
    ("wechat", "oAbCdEfGhIjKlMnOpQrStUvWxYz1"),
    ("wechat", "oShort"),
    ("visitor", "v-0123456789abcdef"),
    ("visitor", "+8613812345678"),  # the first phone's value under another kind
    ("visitor", "v1"),
]


def _ingest(n: int, kind: str, value: str) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"display-{n}",
        identity=p.Identity(kind=kind, value=value),  # type: ignore[arg-type]
        body="你好，我想问一下车贷",
    )


def _stub_writer() -> ProcessWriter:
    writer = object.__new__(ProcessWriter)
    writer._loop = object()  # type: ignore[assignment]
    writer.state = "ok"
    writer._ids = itertools.count()
    writer._targets = {}
    writer._outgoing = []
    writer._flush_scheduled = True  # (nothing is sent: the commands are only read)
    return writer


def test_each_customer_is_masked_once_and_shown_as_mask_identity_shows_it(monkeypatch):
    calls: list[tuple[str, str]] = []

    def counted(kind: str, value: str) -> str:
        calls.append((kind, value))
        return mask_identity(kind, value)

    monkeypatch.setattr(writer_process, "mask_identity", counted)
    monkeypatch.setattr(writer_process, "_DISPLAYS", {})
    writer = _stub_writer()
    commands = [_ingest(n, *IDENTITIES[n % len(IDENTITIES)]) for n in range(5 * len(IDENTITIES))]
    for command in commands:
        writer._queue(command, None)
    for command in commands:
        identity = command.identity
        assert command.display == mask_identity(identity.kind, identity.value)
    # one call per identity, five messages each (a value that comes under two kinds in turn
    # is masked again when its kind changes: rare, and shown right either way)
    twice = {value for kind, value in IDENTITIES if sum(v == value for _, v in IDENTITIES) > 1}
    assert sorted(who for who in calls if who[1] not in twice) == sorted(
        who for who in IDENTITIES if who[1] not in twice
    )
    assert len(calls) < len(commands) / 2
    shown = {(cmd.identity.kind, cmd.identity.value): cmd.display for cmd in commands}
    assert shown[("phone", "+8613812345678")] == "138****5678"
    assert shown[("visitor", "+8613812345678")] == "+86138…"


def test_the_kept_identities_are_bounded(monkeypatch):
    monkeypatch.setattr(writer_process, "_DISPLAYS", {})
    monkeypatch.setattr(writer_process, "_DISPLAYS_KEPT", 10)
    writer = _stub_writer()
    for n in range(35):
        command = _ingest(n, "phone", f"139{n:08d}")
        writer._queue(command, None)
        assert command.display == mask_identity("phone", f"139{n:08d}")
        assert len(writer_process._DISPLAYS) <= 10


async def test_a_real_writer_shows_each_message_with_its_own_identity_masked(tmp_path):
    store = Store(str(tmp_path / "display.db"), synchronous="NORMAL", writer="process")
    await store.open()
    seen: list = []
    store.on_commit(seen.extend)
    sent = [IDENTITIES[n % len(IDENTITIES)] for n in range(2 * len(IDENTITIES))]
    try:
        answers = [await store.submit(_ingest(n, *who)) for n, who in enumerate(sent)]
    finally:
        await store.close()
    received = {e.payload["message"]: e for e in seen if e.kind == "message.received"}
    shown = [received[a["message"]].payload["customer_display"] for a in answers]
    assert shown == [mask_identity(kind, value) for kind, value in sent]
