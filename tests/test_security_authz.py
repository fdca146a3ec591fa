"""Authorization holes an outside harness found (issue 14), replayed as an attacker would:
a real server, a real SQLite file, plain websocket clients."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys

import pytest

from tests.harness import Raw, wechat_ingest


async def _visitor(url: str, token: str = "visitor") -> Raw:
    raw = await Raw.open(url, token)
    assert raw.welcome["role"] == "customer"
    return raw


async def test_visitor_identity_is_issued_by_the_server_and_cannot_be_chosen(live_server) -> None:
    """Hole 1: a gateway ingests with external_id "<visitor id>:x" for another customer; a
    visitor presenting that id and saying id "x" must not land in that conversation."""
    url, tokens = live_server.url, live_server.tokens
    victim_gw = await Raw.open(url, tokens["chat"])
    attacker = await _visitor(url)
    vid = attacker.welcome["visitor"]
    assert attacker.welcome["visitor_token"].startswith(vid + ".")
    # The gateway (or anyone who can make it ingest) claims the attacker's namespace.
    victim = await victim_gw.call(
        "ingest",
        external_id=f"{vid}:x",
        customer={"kind": "phone", "value": "13800138000"},
        body="我的身份证号要改一下",
    )
    assert victim["type"] == "ack"
    answer = await attacker.call("say", id="x", body="hello")
    assert answer["type"] == "error" and answer["code"] == "conflict"
    assert answer.get("conversation") is None
    # Agent replies to the victim never reach the attacker.
    sup = await Raw.open(url, tokens["supervisor"])
    reply = await sup.call("reply", conversation=victim["conversation"], body="好的，请提供新证件")
    assert reply["type"] == "ack"
    await asyncio.sleep(0.3)
    assert not [e for e in attacker.events() if e["conversation"] == victim["conversation"]]

    # A made-up token (the old "visitor:<any id>") never signs in as anyone: it gets a
    # brand-new identity of its own.
    for forged in (f"visitor:{vid}", f"visitor:{vid}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"):
        other = await _visitor(url, forged)
        assert other.welcome["visitor"] != vid
        await other.close()
    # The real token signs back in as the same visitor.
    again = await _visitor(url, "visitor:" + attacker.welcome["visitor_token"])
    assert again.welcome["visitor"] == vid
    for raw in (victim_gw, attacker, sup, again):
        await raw.close()


async def test_visitor_secret_is_never_stored_or_shown(live_server) -> None:
    """Hole 2: the id is in the log and the console; the secret that signs in is not."""
    url, tokens = live_server.url, live_server.tokens
    visitor = await _visitor(url)
    secret = visitor.welcome["visitor_token"]
    signature = secret.rsplit(".", 1)[1]
    ack = await visitor.call("say", id="m1", body="你好，我想问利率")
    assert ack["type"] == "ack"
    sup = await Raw.open(url, tokens["supervisor"], since=0)
    conv = await sup.call("get_conversation", conversation=ack["conversation"])
    await asyncio.sleep(0.2)
    seen = json.dumps(sup.frames, ensure_ascii=False) + json.dumps(conv, ensure_ascii=False)
    assert signature not in seen
    await sup.close()
    await visitor.close()
    dump = "\n".join(sqlite3.connect(live_server.db).iterdump())
    assert signature not in dump
    # What a supervisor sees cannot sign in: the visitor id alone yields a stranger.
    stranger = await _visitor(url, "visitor:" + visitor.welcome["visitor"])
    ack2 = await stranger.call("say", id="m1", body="let me in")
    assert ack2.get("conversation") != ack["conversation"]
    await stranger.close()


async def test_agent_outside_the_queue_cannot_add_a_note(live_server) -> None:
    """Hole 3: 王芳 serves mortgage and car; a consumer-loan conversation is not hers."""
    url, tokens = live_server.url, live_server.tokens
    gw = await Raw.open(url, tokens["wechat"])
    ack = await gw.call(
        "ingest",
        id="n1",
        **wechat_ingest("n-1", "oNOTE0000000000001", "消费贷", hints={"loan_type": "consumer"}),
    )
    outsider = await Raw.open(url, tokens["agent"])
    answer = await outsider.call("note", conversation=ack["conversation"], body="偷看")
    assert answer["type"] == "error" and answer["code"] == "forbidden"
    insider = await Raw.open(url, tokens["agent2"])  # 李强 serves consumer loans
    assert (await insider.call("note", conversation=ack["conversation"], body="ok"))[
        "type"
    ] == "ack"
    notes = (
        sqlite3.connect(live_server.db)
        .execute("SELECT count(*) FROM events WHERE kind = 'note.added'")
        .fetchone()[0]
    )
    assert notes == 1
    for raw in (gw, outsider, insider):
        await raw.close()


async def test_channels_act_only_within_their_kind(live_server) -> None:
    """Hole 4: stages only from the loan system, calls only from phone gateways, delivery
    reports only for the channel's own messages."""
    url, tokens = live_server.url, live_server.tokens
    wechat = await Raw.open(url, tokens["wechat"])
    chat = await Raw.open(url, tokens["chat"])
    system = await Raw.open(url, tokens["system"])
    phone = await Raw.open(url, tokens["phone"])
    stage = {
        "application": "MA-1",
        "customer": {"kind": "phone", "value": "13800001234"},
        "stage": "approved",
    }
    refused = await wechat.call("stage", **stage)
    assert refused["type"] == "error" and refused["code"] == "forbidden"
    assert (await system.call("stage", **stage))["type"] == "ack"

    call = {
        "call_id": "c-1",
        "event": "started",
        "customer": {"kind": "phone", "value": "13800001234"},
    }
    refused = await wechat.call("call", **call)
    assert refused["type"] == "error" and refused["code"] == "forbidden"
    assert (await phone.call("call", **call))["type"] == "ack"

    ack = await wechat.call("ingest", **wechat_ingest("d-1", "oDELIVERY000000001", "hi"))
    sup = await Raw.open(url, tokens["supervisor"])
    sent = await sup.call("reply", conversation=ack["conversation"], body="您好")
    message = sent["message"]
    refused = await chat.call("delivery", message=message, status="failed", reason="spoof")
    assert refused["type"] == "error" and refused["code"] == "not_found"
    assert (await wechat.call("delivery", message=message, status="sent"))["type"] == "ack"
    db = sqlite3.connect(live_server.db)
    assert (
        db.execute("SELECT delivery FROM messages WHERE id = ?", (message,)).fetchone()[0] == "sent"
    )
    assert db.execute("SELECT count(*) FROM events WHERE kind LIKE 'delivery.%'").fetchone()[0] == 1
    assert (
        db.execute("SELECT count(*) FROM events WHERE kind = 'application.stage'").fetchone()[0]
        == 1
    )
    assert db.execute("SELECT count(*) FROM events WHERE kind LIKE 'call.%'").fetchone()[0] == 1
    for raw in (wechat, chat, system, phone, sup):
        await raw.close()


@pytest.mark.both_stores
async def test_disabled_agent_is_disconnected_at_once(live_server) -> None:
    """Hole 5: `loancs agent disable` closes the agent's open connection, no next frame.
    On PostgreSQL too (the server's watch once asked PostgreSQL ``WHERE disabled`` of an
    integer column, failed twice a second and closed nothing)."""
    url, tokens = live_server.url, live_server.tokens
    agent = await Raw.open(url, tokens["agent"])
    assert (await agent.call("ping"))["type"] == "pong"
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "loancs", "agent", "disable", "王芳", "--db", str(live_server.db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    code, _ = await agent.wait_closed(timeout=5)
    assert code == 1008
    errors = [f for f in agent.frames if f["type"] == "error"]
    assert errors and errors[-1]["code"] == "unauthorized"
    again = await Raw.open(url, tokens["agent"])
    assert again.frames[0]["code"] == "unauthorized"


async def test_every_tab_of_a_visitor_follows_its_first_message(live_server) -> None:
    """A borrower with the chat open in two tabs (one identity, kept in localStorage) writes
    in one: the other tab, signed in before the conversation existed, once saw nothing of it
    (not the message, not the agent's reply) until it reconnected. Strangers still see
    nothing."""
    url, tokens = live_server.url, live_server.tokens
    tab_a = await _visitor(url)
    tab_b = await _visitor(url, "visitor:" + tab_a.welcome["visitor_token"])
    stranger = await _visitor(url)
    ack = await tab_a.call("say", id="m1", body="两个标签页都开着")
    assert ack["type"] == "ack"
    conv = ack["conversation"]
    sup = await Raw.open(url, tokens["supervisor"])
    assert (await sup.call("reply", conversation=conv, body="您好，请问有什么可以帮您？"))[
        "type"
    ] == "ack"
    for tab in (tab_a, tab_b):
        sent = await tab.wait(lambda f: f.get("kind") == "message.sent")
        assert sent["conversation"] == conv and sent["payload"]["body"].startswith("您好")
    assert await tab_b.wait(lambda f: f.get("kind") == "message.received")
    # the second tab's typing now reaches the agent on that conversation
    await tab_b.send({"type": "typing", "active": True})
    typing = await sup.wait(
        lambda f: f.get("kind") == "typing" and f["payload"].get("who") == "customer"
    )
    assert typing["conversation"] == conv
    assert not stranger.events()
    for raw in (tab_a, tab_b, stranger, sup):
        await raw.close()


async def test_a_visitors_tab_on_another_server_of_a_cluster_follows_its_first_message(
    tmp_path,
) -> None:
    """The same two tabs, each connected to a different server of a cluster (a load balancer
    in front): the tab on the other server once saw nothing of the conversation until it
    reconnected. Every server folds the log, so each moves its own tabs of that visitor."""
    from loancs.server.app import LoancsServer
    from tests.conftest import make_config, seed_accounts

    db = tmp_path / "cluster.db"
    tokens = seed_accounts(db)
    a = LoancsServer(make_config(db, cluster=True, leader=True, feed_poll_s=0.05))
    b = LoancsServer(make_config(db, cluster=True, leader=False, feed_poll_s=0.05))
    await a.start()
    await b.start()
    try:
        tab_a = await _visitor(a.url)
        tab_b = await _visitor(b.url, "visitor:" + tab_a.welcome["visitor_token"])
        stranger = await _visitor(b.url)
        assert tab_b.welcome["visitor"] == tab_a.welcome["visitor"]
        # a gateway writing the stranger's id into an external id moves nobody
        gw = await Raw.open(a.url, tokens["chat"])
        forged = await gw.call(
            "ingest",
            external_id=f"{stranger.welcome['visitor']}:x",
            customer={"kind": "phone", "value": "13800138000"},
            body="不是这位访客的会话",
        )
        assert forged["type"] == "ack"
        ack = await tab_a.call("say", id="m1", body="两个标签页，两台服务器")
        assert ack["type"] == "ack"
        conv = ack["conversation"]
        got = await tab_b.wait(lambda f: f.get("kind") == "message.received")
        assert got["conversation"] == conv and got["payload"]["body"] == "两个标签页，两台服务器"
        sup = await Raw.open(a.url, tokens["supervisor"])
        assert (await sup.call("reply", conversation=conv, body="您好，请讲"))["type"] == "ack"
        for tab in (tab_a, tab_b):
            sent = await tab.wait(lambda f: f.get("kind") == "message.sent")
            assert sent["conversation"] == conv and sent["payload"]["body"] == "您好，请讲"
        # and what the tab on B writes goes on in the same conversation
        again = await tab_b.call("say", id="m2", body="我在另一个标签页")
        assert again["type"] == "ack" and again["conversation"] == conv
        assert not stranger.events()
        for raw in (tab_a, tab_b, stranger, sup, gw):
            await raw.close()
    finally:
        await b.stop()
        await a.stop()


async def test_a_supervisor_may_not_decline_as_the_roles_table_says(live_server) -> None:
    """docs/protocol.md said supervisors do "everything an agent does"; `decline` (an offer
    is only ever made to an agent) is refused for them: the table now says so."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text("utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `supervisor` |"))
    assert "except `decline`" in row
    sup = await Raw.open(live_server.url, live_server.tokens["supervisor"])
    answer = await sup.call("decline", conversation=1, reason="x")
    assert answer["type"] == "error" and answer["code"] == "forbidden"
    await sup.close()
