"""The traffic simulator against a real server (and the real WeChat webhook)."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path

import pytest

import loancs.sim
from loancs.channels.wechat_gateway import WeChatConfig, start_wechat_gateway
from loancs.sim import SCENARIOS, Simulator, parse_mix
from loancs.sim.traffic import load_library

AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"


def rows(db, sql, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_parse_mix():
    assert parse_mix("phone:2,chat:5,wechat:3") == {"phone": 2, "chat": 5, "wechat": 3}
    for bad in ("fax:1", "phone:x", "phone:0"):
        with pytest.raises(ValueError):
            parse_mix(bad)


def test_library_covers_the_borrower_topics():
    topics = {s.topic for s in SCENARIOS}
    assert topics >= {
        "application",
        "rate",
        "contract",
        "repayment",
        "prepayment",
        "status",
        "overdue",
        "hardship",
        "complaint",
    }
    assert {s.lang for s in SCENARIOS} == {"zh", "en"}


def test_the_library_is_a_data_file_and_a_misspelt_key_is_refused(tmp_path):
    """The stories live in loancs/sim/scenarios/borrowers.toml (shipped as package data);
    an edited copy with a typo fails with the file and the key named, not silently."""
    shipped = load_library()
    assert shipped.scenario == SCENARIOS and len(shipped.surnames) >= 10
    text = (Path(loancs.sim.__file__).parent / "scenarios" / "borrowers.toml").read_text("utf-8")
    edited = tmp_path / "mine.toml"
    edited.write_text(text.replace('ivr = "1"', 'ivr = "1"\nmenus = "MENU_X"', 1), "utf-8")
    with pytest.raises(ValueError, match=r"mine\.toml.*menus"):
        load_library(edited)
    edited.write_text(text.replace("amount = [500000, 2000000]", 'amount = "lots"', 1), "utf-8")
    with pytest.raises(ValueError, match=r"mine\.toml.*amount"):
        load_library(edited)


async def test_mixed_traffic_lands_in_one_inbox(live_server, tmp_path):
    config = WeChatConfig(
        token="simtoken",
        aes_key=AES_KEY,
        appid="wxsim0000000001",
        api_base="http://127.0.0.1:9",
        state_path=tmp_path / "gw.db",
    )
    gw = await start_wechat_gateway(
        live_server.url, live_server.tokens["wechat"], "127.0.0.1", 0, config
    )
    try:
        sim = Simulator(
            live_server.url,
            live_server.tokens,
            {"phone": 2, "chat": 5, "wechat": 3},
            rate=25,
            seed=7,
            wechat_webhook=gw.url,
            wechat_config=config,
            pace=0,
            returning=0.4,
            # WeChat pushes again when it gets no answer in time: resend every push, so the
            # duplicate check below always has duplicates to count (at 0.2, the ~12 pushes
            # of 1.5 s had none about one run in fourteen).
            resend=1.0,
        )
        # a count, not a time: on a loaded machine 1.5 s of wall clock started too few
        # conversations for the bounds below (33 messages once, beside a busy suite)
        stats = await sim.run(duration_s=None, conversations=36)
    finally:
        await gw.close()
    summary = stats.summary()
    print(json.dumps(summary, ensure_ascii=False))
    assert summary["errors"] == {}
    assert set(summary["conversations"]) == {"phone", "chat", "wechat"}
    assert sum(stats.started.values()) == 36
    assert stats.messages > 40 and stats.calls > 0 and stats.transcripts > 0 and stats.stages > 0
    assert set(summary["webhook_status"]) == {"200"}
    assert stats.duplicates > 0 and gw.stats["duplicates"] == stats.duplicates

    db = live_server.db
    # every acknowledged customer message stored exactly once (resends included)
    plain = rows(
        db, "SELECT count(*) FROM messages WHERE direction = 'in' AND kind != 'transcript'"
    )[0][0]
    spoken = rows(
        db, "SELECT count(*) FROM messages WHERE kind = 'transcript' AND body LIKE '客户：%'"
    )[0][0]
    assert plain + spoken == stats.messages
    assert (
        rows(db, "SELECT count(*) FROM messages WHERE kind = 'transcript'")[0][0]
        == stats.transcripts
    )
    channels = {r[0] for r in rows(db, "SELECT DISTINCT channel FROM conversations")}
    assert channels == {"phone", "chat", "wechat"}
    # clearly fake mainland mobile numbers
    phones = [r[0] for r in rows(db, "SELECT value FROM customer_identities WHERE kind = 'phone'")]
    assert phones and all(re.fullmatch(r"1380000\d{4}", n) for n in phones)
    # phone calls: full lifecycle with a recording reference
    ended = rows(db, "SELECT cause, recording FROM calls WHERE state = 'ended'")
    assert ended and all(c == "16 Normal Clearing" for c, _ in ended)
    assert all(len(json.loads(r)["sha256"]) == 64 for _, r in ended if r)
    # returning customers: someone has more than one conversation
    assert stats.returning > 0
    customers = rows(db, "SELECT count(*) FROM customers")[0][0]
    assert customers <= sum(stats.started.values()) - stats.returning
    # every customer came to talk: application stages join the customer who applied (a web-chat
    # visitor's stages used to create a customer of their own under a made-up identity)
    assert not rows(
        db,
        "SELECT id FROM customers c"
        " WHERE NOT EXISTS (SELECT 1 FROM conversations v WHERE v.customer_id = c.id)",
    )
    # application stages arrived on the system channel
    assert rows(db, "SELECT count(*) FROM application_stages")[0][0] == stats.stages
    # WeChat menu clicks carried topic hints
    assert (
        rows(
            db,
            "SELECT count(*) FROM conversations WHERE channel = 'wechat'"
            " AND (loan_type IS NOT NULL OR urgency != 'normal')",
        )[0][0]
        > 0
    )
    assert summary["ack_ms"]["p95"] is not None


async def test_stop_event_ends_the_run(live_server):
    stop = asyncio.Event()
    sim = Simulator(
        live_server.url, live_server.tokens, {"wechat": 1, "phone": 1}, rate=5, seed=1, pace=0.05
    )
    task = asyncio.create_task(sim.run(duration_s=None, stop=stop))
    # Stop once traffic has flowed (a signal, not a fixed sleep: a busy machine is slower).
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while sim.stats.messages == 0 and loop.time() < deadline and not task.done():
        await asyncio.sleep(0.05)
    stop.set()
    stats = await asyncio.wait_for(task, 10)
    assert stats.messages > 0 and stats.errors == {}
