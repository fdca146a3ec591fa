"""Build a database with a realistic year of traffic (1,000,000 messages by default) with
bulk inserts, fold it into the report aggregates, and print how long each report takes.

    PYTHONPATH=. python scripts/bench_report.py [--messages 1000000] [--db /tmp/year.db]

The catch-up is what `loancs report` (or the server, as events arrive) does once; the
report figures are what a supervisor waits for afterwards (target: under a second).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from loancs.core.eventlog import GENESIS_HASH, canonical_payload, event_hash
from loancs.core.events import Kind
from loancs.store import reports
from loancs.store.db import connect_sync

TZ = ZoneInfo("Asia/Shanghai")
INTENTS = [
    ("contract_terms", 30),
    ("repayment", 20),
    ("rates", 15),
    ("application_status", 15),
    ("documents", 8),
    ("prepayment", 7),
    ("complaint", 5),
]
QUEUES = [
    ("wechat", "consumer", None),
    ("wechat", "car", None),
    ("chat", "mortgage", None),
    ("chat", "consumer", "en"),
    ("phone", "car", None),
    ("phone", "mortgage", None),
]
OUTCOMES = ["answered", "application_help", "repayment_plan", "callback", "escalated"]
AGENTS = [f"坐席{i:02d}" for i in range(1, 21)]


def build(db: Path, messages: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    conn = connect_sync(db)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    for i, name in enumerate(AGENTS, start=1):
        conn.execute(
            "INSERT INTO agents (id, name, role, token_hash, created_at) VALUES (?, ?, 'agent', ?, 0)",
            (i, name, f"bench{i}"),
        )
    start = int(datetime(2025, 12, 1, tzinfo=TZ).timestamp() * 1000)
    span = 365 * 86_400_000
    intents = [name for name, weight in INTENTS for _ in range(weight)]
    seq, prev = 0, GENESIS_HASH
    events: list[tuple] = []
    msgs: list[tuple] = []
    convs: list[tuple] = []
    made = conv = 0

    def emit(ts: int, kind: str, cid: int, actor: str, payload: dict) -> None:
        nonlocal seq, prev
        seq += 1
        body = canonical_payload(payload)
        digest = event_hash(prev, seq, ts, kind, cid, actor, body)
        events.append((seq, ts, kind, cid, actor, body, prev, digest))
        prev = digest

    def flush() -> None:
        conn.executemany(
            "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        conn.executemany(
            "INSERT INTO messages (conversation_id, seq, ts, direction, author, body, channel)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            msgs,
        )
        conn.executemany(
            "INSERT INTO conversations (id, customer_id, channel, status, loan_type, language,"
            " assigned_agent, created_at, resolved_at, outcome) VALUES (?, ?, ?, 'resolved', ?,"
            " ?, ?, ?, ?, ?)",
            convs,
        )
        events.clear(), msgs.clear(), convs.clear()

    conn.execute("INSERT INTO customers (id, created_at) VALUES (1, 0)")
    while made < messages:
        conv += 1
        channel, loan, lang = rng.choice(QUEUES)
        ts = start + int(span * (conv * 0.618034 % 1))  # spread over the year
        ts = ts - ts % 1000
        emit(
            ts,
            Kind.CONVERSATION_OPENED,
            conv,
            f"channel:{channel}-gw",
            {"channel": channel, "loan_type": loan, "language": lang, "customer": 1},
        )
        bot = channel != "phone" and rng.random() < 0.4
        handed = bot and rng.random() < 0.5
        agent = rng.randrange(1, len(AGENTS) + 1) if (not bot or handed) else None
        t = ts
        for turn in range(rng.randint(2, 4)):
            t += rng.randint(2, 120) * 1000
            intent = rng.choice(intents)
            msgs.append((conv, seq + 1, t, "in", "customer", "我想问一下合同条款", channel))
            emit(
                t,
                Kind.MESSAGE_RECEIVED,
                conv,
                f"channel:{channel}-gw",
                {"message": len(msgs), "body": "…"},
            )
            emit(
                t + 300,
                Kind.MESSAGE_INTENT,
                conv,
                "assistant",
                {"intent": intent, "confidence": 0.8},
            )
            made += 1
            if bot and turn == 0:
                emit(t + 900, Kind.MESSAGE_SENT, conv, "assistant", {"agent": None, "body": "…"})
                msgs.append((conv, seq, t + 900, "out", "assistant", "您好", channel))
                made += 1
                if handed:
                    emit(
                        t + 2000,
                        Kind.ASSISTANT_HANDOFF,
                        conv,
                        "assistant",
                        {
                            "reason": rng.choice(
                                ["asked for a person", "low confidence", "complaint"]
                            ),
                            "intent": intent,
                            "summary": "",
                        },
                    )
                else:
                    emit(
                        t + 3000,
                        Kind.PREQUAL_COMPLETED,
                        conv,
                        "assistant",
                        {
                            "outcome": rng.choice(
                                ["eligible", "not_eligible", "missing_documents"]
                            ),
                            "product": loan,
                            "missing_documents": [],
                            "failed_rules": [],
                        },
                    )
            if agent is not None:
                if turn == 0:
                    emit(
                        t + 1000,
                        Kind.CONVERSATION_ASSIGNED,
                        conv,
                        "router",
                        {"agent": agent, "agent_name": AGENTS[agent - 1]},
                    )
                t += rng.randint(5, 90) * 1000
                emit(
                    t,
                    Kind.MESSAGE_SENT,
                    conv,
                    f"agent:{AGENTS[agent - 1]}",
                    {"agent": agent, "agent_name": AGENTS[agent - 1], "body": "…"},
                )
                msgs.append((conv, seq, t, "out", AGENTS[agent - 1], "好的", channel))
                made += 1
                if rng.random() < 0.03:
                    emit(
                        t,
                        Kind.COMPLIANCE_HIT,
                        conv,
                        f"agent:{AGENTS[agent - 1]}",
                        {
                            "action": "warned",
                            "rule": rng.choice(["guarantee", "rate_cap", "pressure"]),
                            "category": "promise",
                        },
                    )
        t += rng.randint(30, 600) * 1000
        outcome = rng.choice(OUTCOMES)
        emit(
            t,
            Kind.CONVERSATION_RESOLVED,
            conv,
            "router",
            {"status": "resolved", "agent": agent, "outcome": outcome},
        )
        if channel != "phone" and rng.random() < 0.5:
            emit(t + 1000, Kind.CSAT_REQUESTED, conv, "system:csat", {"agent": agent})
            if rng.random() < 0.4:
                emit(
                    t + 60_000,
                    Kind.CSAT_ANSWERED,
                    conv,
                    f"channel:{channel}-gw",
                    {"score": rng.choice([3, 4, 5, 5, 5, 2, 1]), "comment": None, "agent": agent},
                )
        convs.append((conv, 1, channel, loan, lang, agent, ts, t, outcome))
        if len(events) > 200_000:
            flush()
    flush()
    conn.execute("COMMIT")
    conn.close()
    return seq


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/loancs-bench-report.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    n_events = build(args.db, args.messages)
    t1 = time.perf_counter()
    print(f"built {args.messages:,} messages, {n_events:,} events in {t1 - t0:.1f} s ({args.db})")
    conn = connect_sync(args.db)
    reports.catch_up(conn)
    t2 = time.perf_counter()
    rows = conn.execute("SELECT COUNT(*) FROM report_hourly").fetchone()[0]
    print(
        f"catch-up (once; the server keeps it current as events arrive): {t2 - t1:.1f} s,"
        f" {rows:,} aggregate rows"
    )
    window = reports.Window.days(date(2025, 12, 1), date(2026, 11, 30))
    worst = 0.0
    for name in reports.REPORTS:
        for by in (None, "week", "agent", "queue"):
            t = time.perf_counter()
            data = reports.report(conn, name, window, by)
            took = time.perf_counter() - t
            worst = max(worst, took)
            print(
                f"report {name:<10} --by {by or '-':<6} {took * 1000:7.1f} ms  {len(data['rows'])} rows"
            )
    t = time.perf_counter()
    reports.catch_up(conn)
    print(f"catch-up with nothing new: {(time.perf_counter() - t) * 1000:.1f} ms")
    print(f"slowest report over a year ({args.messages:,} messages): {worst * 1000:.0f} ms")
    conn.close()


if __name__ == "__main__":
    main()
