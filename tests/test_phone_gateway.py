"""`loancs gateway phone` against a scripted AMI peer replaying real AMI event text."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

import pytest
from fakes.ami_peer import ScriptedAmiPeer
from test_ami_parser import events_for

from loancs.channels.phone_gateway import PhoneGateway, recording_event, transcript_segment
from loancs.core import protocol as p

CALLER = "13800001234"


def newchannel(linkedid="1764403200.17", caller=CALLER):
    return f"""Event: Newchannel
    Privilege: call,all
    Channel: PJSIP/trunk-cmcc-00000011
    ChannelState: 0
    ChannelStateDesc: Down
    CallerIDNum: {caller}
    CallerIDName: <unknown>
    ConnectedLineNum: <unknown>
    ConnectedLineName: <unknown>
    Language: zh
    Context: from-trunk
    Exten: 4008205555
    Priority: 1
    Uniqueid: {linkedid}
    Linkedid: {linkedid}
    Timestamp: 1764403200.000000"""


@pytest.fixture
async def peer():
    fake = await ScriptedAmiPeer().start()
    yield fake
    # Bounded: a teardown that cannot finish on a loaded machine must not eat the suite's
    # timeout (the test's assertions have already run).
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(fake.close(), 20)


@pytest.fixture
async def phone(live_server, peer):
    gw = PhoneGateway(
        live_server.url,
        live_server.tokens["phone"],
        "127.0.0.1",
        peer.port,
        "loancs",
        "amipass",
        max_backoff=0.3,
    )
    await gw.start()
    await asyncio.wait_for(gw.ami.connected.wait(), 5)
    yield gw
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(gw.close(), 20)


def call_events(db, call_id):
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT kind FROM events WHERE kind LIKE 'call.%' AND json_extract(payload, '$.call_id') = ? ORDER BY seq",
            (call_id,),
        ).fetchall()
        return [r[0] for r in rows]
    finally:
        conn.close()


async def until(cond, timeout=15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not cond():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def wait_for(events, pred, timeout=15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for e in events:
            if pred(e):
                return e
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching event in {[e.kind for e in events]}")


async def test_screen_pop_before_answer(live_server, peer, phone):
    # The lender's loan system already knows this borrower by phone number.
    system = await live_server.client("system")
    await system.call(
        p.Stage,
        application="APP-2026-0001",
        customer=p.Identity(kind="phone", value=CALLER),
        stage="risk_review",
        loan_type="mortgage",
    )
    conn = sqlite3.connect(live_server.db)
    known = conn.execute(
        "SELECT customer_id FROM customer_identities WHERE kind='phone' AND value=?", (CALLER,)
    ).fetchone()[0]
    conn.close()

    events = []
    await live_server.client("agent", on_event=events.append)
    await peer.send(newchannel(), events_for()[0])  # ringing: Newchannel + DialBegin
    started = await wait_for(events, lambda e: e.kind == "call.started")
    assert started.payload["customer"] == known  # matched by number: history opens with it
    assert started.payload["customer_display"] and CALLER not in started.payload["customer_display"]
    assert not any(e.kind == "call.answered" for e in events)

    await peer.send(*events_for()[1:])
    ended = await wait_for(events, lambda e: e.kind == "call.ended")
    answered = next(e for e in events if e.kind == "call.answered")
    assert started.seq < answered.seq < ended.seq
    assert answered.payload["agent"] == "王芳"
    assert ended.payload["cause"] == "16 Normal Clearing"
    assert ended.payload["duration_s"] == 95.0 and ended.payload["billsec_s"] == 89.0


async def test_reconnect_after_drop_no_call_lost_or_duplicated(live_server, peer, phone):
    call_a, call_b = "1764403300.1", "1764403300.5"
    await peer.send(newchannel(call_a, "13800000001"), newchannel(call_b, "13800000002"))
    await until(lambda: len(phone.sent) == 2)
    # The line drops. Meanwhile call A hangs up (unseen); B is still ringing.
    peer.live_channels = [
        f"Channel: PJSIP/trunk-00000005\nUniqueid: {call_b}\nLinkedid: {call_b}\nCallerIDNum: 13800000002\nChannelStateDesc: Ring"
    ]
    await peer.drop()
    await asyncio.wait_for(peer.logged_in.wait(), 5)  # the gateway came back on its own
    assert peer.logins == 2
    # After reconnecting, Asterisk-like replays of B's start change nothing.
    await peer.send(newchannel(call_b, "13800000002"))
    await peer.send(*[t.replace("1764403200.17", call_b) for t in events_for()])
    # A's end (found missing after the reconnect) and B's end come in either order: wait
    # for both rather than for one and assume the other came first.
    await until(
        lambda: (
            call_events(live_server.db, call_b)[-1:] == ["call.ended"]
            and call_events(live_server.db, call_a)[-1:] == ["call.ended"]
        ),
        timeout=20,
    )
    assert call_events(live_server.db, call_a) == ["call.started", "call.ended"]
    assert call_events(live_server.db, call_b) == ["call.started", "call.answered", "call.ended"]
    conn = sqlite3.connect(live_server.db)
    cause = conn.execute("SELECT cause FROM calls WHERE call_id = ?", (call_a,)).fetchone()[0]
    conn.close()
    assert "disconnected" in cause


async def test_server_down_then_back_events_are_resent(tmp_path, peer):
    from conftest import make_config, seed_accounts

    from loancs.server.app import LoancsServer, ServerConfig

    db = tmp_path / "restarting.db"  # its own database: the test restarts the server
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db))
    await server.start()
    port = server.port
    gw = PhoneGateway(server.url, tokens["phone"], "127.0.0.1", peer.port, "loancs", "amipass")
    # The gateway's link to the server retries 0.2 s, 0.4 s ... up to 5 s apart: while the
    # server restarts the waits grew to 3-5 s, which the test only sat through. Capped as the
    # AMI side is in the other tests: the same reconnect and resend, retried sooner.
    gw.client.max_backoff = 0.3
    await gw.start()
    try:
        await asyncio.wait_for(gw.ami.connected.wait(), 5)
        await server.stop()
        await peer.send(
            newchannel("1764403400.9"),
            *[t.replace("1764403200.17", "1764403400.9") for t in events_for()],
        )
        await asyncio.sleep(0.3)
        server = LoancsServer(ServerConfig(db_path=db, port=port, synchronous="NORMAL"))
        await server.start()
        await until(lambda: len(gw.sent) == 3, 15)
        assert call_events(db, "1764403400.9") == ["call.started", "call.answered", "call.ended"]
    finally:
        await gw.close()
        await server.stop()


async def test_wrong_ami_secret_keeps_retrying_without_crashing(live_server, peer):
    gw = PhoneGateway(
        live_server.url,
        live_server.tokens["phone"],
        "127.0.0.1",
        peer.port,
        "loancs",
        "wrong",
        max_backoff=0.2,
    )
    await gw.start()
    try:
        for _ in range(50):
            if peer.failed_logins >= 2:
                break
            await asyncio.sleep(0.05)
        assert peer.failed_logins >= 2 and not gw.ami.connected.is_set()
    finally:
        await gw.close()


async def test_generic_cti_transcript_and_recording(live_server):
    events = []
    await live_server.client("agent", on_event=events.append)
    cti = await live_server.client("phone")
    who = p.Identity(kind="phone", value="13800009999")
    await cti.call(p.CallEvent, call_id="fs-abc", event="started", customer=who)
    for seq, (speaker, text) in enumerate(
        [("customer", "我想问提前还款有没有违约金"), ("agent", "您好，请稍等我查一下合同")]
    ):
        frame = transcript_segment(
            cti, "fs-abc", seq, speaker, text, who, seq * 3000, seq * 3000 + 2500
        )
        await cti.request(frame)
        await cti.request(frame)  # resent: stored once
    audio = b"RIFF....WAVEfmt " + bytes(1000)
    await cti.request(
        recording_event(cti, "fs-abc", "file:///var/spool/rec/fs-abc.wav", audio, 42.5)
    )
    segs = [
        e for e in events if e.kind == "message.received" and e.payload.get("call_id") == "fs-abc"
    ]
    await wait_for(events, lambda e: e.kind == "call.recording")
    segs = [
        e for e in events if e.kind == "message.received" and e.payload.get("call_id") == "fs-abc"
    ]
    assert [s.payload["body"] for s in segs] == [
        "客户：我想问提前还款有没有违约金",
        "坐席：您好，请稍等我查一下合同",
    ]
    rec = next(e for e in events if e.kind == "call.recording").payload["recording"]
    import hashlib

    assert rec["sha256"] == hashlib.sha256(audio).hexdigest() and rec["duration_s"] == 42.5


async def test_a_call_with_hints_the_server_will_not_take_is_still_sent(
    live_server, peer, phone, caplog
):
    """A call event whose hints the server refuses (an unknown urgency; on a server of an
    earlier release, any language but zh or en) is sent again without them: the call is
    stored, and the log says what was left out. It used to be dropped as `bad_frame`."""
    caller = {"kind": "phone", "value": "13900001111"}
    caplog.set_level("WARNING", logger="loancs.phone")
    phone._enqueue(
        [
            {"call_id": "h1", "event": "started", "customer": caller, "hints": {"language": "yue"}},
            {"call_id": "h2", "event": "started", "customer": caller, "hints": {"urgency": "x"}},
        ]
    )
    await phone.drained()
    assert not phone.dropped
    assert call_events(live_server.db, "h1") == ["call.started"]
    assert call_events(live_server.db, "h2") == ["call.started"]
    said = caplog.text
    assert "call h1: `hints.language` 'yue' is not a language this server routes" in said
    assert "call h2: hints refused" in said and "sending the call without them" in said
