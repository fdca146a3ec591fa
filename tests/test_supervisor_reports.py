"""`loancs report`: every figure computed by hand from a known event history.

The history (Asia/Shanghai, 2026-12-01 09:00 = T0):
- #1 web chat, car loan: asks twice about contract terms; 王芳 takes it at +10 s, answers at
  +20 s, resolves at +320 s (answered); rated 5.
- #2 WeChat, consumer loan: asks about repayment; the assistant answers at +105 s, hands off
  at +150 s ("asked for a person"); 李强 takes it at +160 s, answers at +200 s with a
  warning (guarantee/promise) and one blocked attempt (rate_cap/pricing); resolves at +400 s
  (callback); reopened at +500 s; rated 3 ("慢").
- #3 web chat, car loan: asks about contract terms at +1000 s, resolved at +1100 s unanswered.
- #4 WeChat, consumer loan, the next day: asks about rates; the assistant answers and
  pre-screens (eligible, consumer); never handed off.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from loancs.cli import app
from loancs.core.eventlog import GENESIS_HASH, canonical_payload, event_hash
from loancs.store import reports
from loancs.store.db import connect_sync

T0 = int(datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp() * 1000)
DAY2 = int(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp() * 1000)
S = 1000


class Log:
    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.seq, self.hash = conn, 0, GENESIS_HASH

    def __call__(self, ts, kind, conv, actor, **payload):
        self.seq += 1
        body = canonical_payload(payload)
        digest = event_hash(self.hash, self.seq, ts, kind, conv, actor, body)
        self.conn.execute(
            "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (self.seq, ts, kind, conv, actor, body, self.hash, digest),
        )
        self.hash = digest


def history(db: Path, upto: int | None = None) -> sqlite3.Connection:
    conn = connect_sync(db)
    e = Log(conn)
    wang, li = "agent:王芳", "agent:李强"
    steps = [
        (
            T0,
            "conversation.opened",
            1,
            "channel:chat-gw",
            dict(channel="chat", loan_type="car", customer=1),
        ),
        (T0, "message.received", 1, "channel:chat-gw", dict(message=1, body="合同条款?")),
        (
            T0 + 1,
            "message.intent",
            1,
            "assistant",
            dict(message=1, intent="contract_terms", confidence=0.9),
        ),
        (T0 + 10 * S, "conversation.assigned", 1, "router", dict(agent=1, agent_name="王芳")),
        (T0 + 20 * S, "message.sent", 1, wang, dict(agent=1, agent_name="王芳", body="您好")),
        (T0 + 60 * S, "message.received", 1, "channel:chat-gw", dict(message=3, body="违约金?")),
        (
            T0 + 61 * S,
            "message.intent",
            1,
            "assistant",
            dict(message=3, intent="contract_terms", confidence=0.8),
        ),
        (
            T0 + 320 * S,
            "conversation.resolved",
            1,
            wang,
            dict(status="resolved", agent=1, outcome="answered"),
        ),
        (T0 + 321 * S, "csat.requested", 1, "system:csat", dict(agent=1)),
        (T0 + 400 * S, "csat.answered", 1, "channel:chat-gw", dict(score=5, comment=None, agent=1)),
        (
            T0 + 100 * S,
            "conversation.opened",
            2,
            "channel:wechat-gw",
            dict(channel="wechat", loan_type="consumer", customer=2),
        ),
        (
            T0 + 100 * S,
            "message.received",
            2,
            "channel:wechat-gw",
            dict(message=4, body="怎么还款"),
        ),
        (
            T0 + 101 * S,
            "message.intent",
            2,
            "assistant",
            dict(message=4, intent="repayment", confidence=0.7),
        ),
        (T0 + 105 * S, "message.sent", 2, "assistant", dict(agent=None, body="您可以…")),
        (
            T0 + 150 * S,
            "assistant.handoff",
            2,
            "assistant",
            dict(reason="asked for a person", intent="repayment", summary=""),
        ),
        (T0 + 160 * S, "conversation.assigned", 2, "router", dict(agent=2, agent_name="李强")),
        (T0 + 200 * S, "message.sent", 2, li, dict(agent=2, agent_name="李强", body="保证…")),
        (
            T0 + 200 * S,
            "compliance.hit",
            2,
            li,
            dict(action="warned", rule="guarantee", category="promise", severity="warn"),
        ),
        (
            T0 + 210 * S,
            "compliance.blocked",
            2,
            li,
            dict(agent=2, masked="年化***", rules=["rate_cap"], categories=["pricing"]),
        ),
        (
            T0 + 210 * S,
            "compliance.hit",
            2,
            li,
            dict(action="blocked", rule="rate_cap", category="pricing", severity="block"),
        ),
        (
            T0 + 400 * S,
            "conversation.resolved",
            2,
            li,
            dict(status="resolved", agent=2, outcome="callback"),
        ),
        (T0 + 401 * S, "csat.requested", 2, "system:csat", dict(agent=2)),
        (
            T0 + 450 * S,
            "csat.answered",
            2,
            "channel:wechat-gw",
            dict(score=3, comment="慢", agent=2),
        ),
        (T0 + 500 * S, "conversation.reopened", 2, li, dict(status="open")),
        (
            T0 + 1000 * S,
            "conversation.opened",
            3,
            "channel:chat-gw",
            dict(channel="chat", loan_type="car", customer=3),
        ),
        (T0 + 1000 * S, "message.received", 3, "channel:chat-gw", dict(message=9, body="合同")),
        (
            T0 + 1001 * S,
            "message.intent",
            3,
            "assistant",
            dict(message=9, intent="contract_terms", confidence=0.9),
        ),
        (T0 + 1100 * S, "conversation.resolved", 3, "router", dict(status="resolved", agent=None)),
        (
            DAY2,
            "conversation.opened",
            4,
            "channel:wechat-gw",
            dict(channel="wechat", loan_type="consumer", customer=4),
        ),
        (DAY2, "message.received", 4, "channel:wechat-gw", dict(message=10, body="利率多少")),
        (
            DAY2 + S,
            "message.intent",
            4,
            "assistant",
            dict(message=10, intent="rates", confidence=0.9),
        ),
        (DAY2 + 2 * S, "message.sent", 4, "assistant", dict(agent=None, body="年化…")),
        (
            DAY2 + 60 * S,
            "prequal.completed",
            4,
            "assistant",
            dict(outcome="eligible", product="consumer", missing_documents=[], failed_rules=[]),
        ),
    ]
    for ts, kind, conv, actor, payload in steps[:upto]:
        e(ts, kind, conv, actor, **payload)
    return conn


WINDOW = reports.Window.days(date(2026, 12, 1), date(2026, 12, 2))


def run(conn, name, by=None, sla=30):
    reports.catch_up(conn)
    data = reports.report(conn, name, WINDOW, by, sla)
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


# The report figures are computed on SQLite and on PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_stores


@pytest.fixture
def conn(new_db):
    c = history(new_db)
    yield c
    c.close()


def test_topics_share_of_messages_and_conversations(conn) -> None:
    rows = {r["intent"]: r for r in run(conn, "topics")}
    assert rows["contract_terms"]["messages"] == 3
    assert rows["contract_terms"]["message_share"] == 0.6  # 3 of 5 customer questions
    assert rows["contract_terms"]["conversations"] == 2
    assert rows["contract_terms"]["conversation_share"] == 0.5  # 2 of 4 conversations
    assert rows["repayment"]["message_share"] == 0.2 and rows["rates"]["conversations"] == 1
    by_day = run(conn, "topics", "day")
    assert [(r["group"], r["intent"], r["messages"]) for r in by_day] == [
        ("2026-12-01", "contract_terms", 3),
        ("2026-12-01", "repayment", 1),
        ("2026-12-02", "rates", 1),
    ]
    assert by_day[0]["message_share"] == 0.75


def test_service_figures(conn) -> None:
    [row] = run(conn, "service")
    assert row["opened"] == 4 and row["customer_messages"] == 5
    assert row["first_responses"] == 2  # #1 after 20 s, #2 after 100 s (the bot does not count)
    assert row["first_response_avg_s"] == 60.0
    assert row["service_level"] == round(1 / 3, 4)  # 1 within 30 s of 2 answered + 1 abandoned
    assert row["resolved"] == 3
    assert row["handling_avg_s"] == round((310 + 240 + 100) / 3, 1)
    assert row["resolution_rate"] == 0.75 and row["reopen_rate"] == round(1 / 3, 4)
    assert row["abandoned"] == 1 and row["abandonment_rate"] == 0.25
    [loose] = run(conn, "service", sla=100)  # #2's 100 s falls in the 100-105 s bucket
    assert loose["service_level"] == round(1 / 3, 4)
    [looser] = run(conn, "service", sla=105)
    assert looser["service_level"] == round(2 / 3, 4)
    by_queue = {r["group"]: r for r in run(conn, "service", "queue")}
    assert by_queue["chat/car"]["opened"] == 2 and by_queue["chat/car"]["abandoned"] == 1
    assert by_queue["wechat/consumer"]["first_response_avg_s"] == 100.0
    by_channel = {r["group"]: r["opened"] for r in run(conn, "service", "channel")}
    assert by_channel == {"chat": 2, "wechat": 2}


def test_agents_figures(conn) -> None:
    rows = {r["group"]: r for r in run(conn, "agents")}
    assert set(rows) == {"王芳", "李强"}
    assert rows["王芳"] == {
        "group": "王芳",
        "conversations": 1,
        "replies": 1,
        "first_response_avg_s": 20.0,
        "resolved": 1,
        "handling_avg_s": 310.0,
        "outcomes": "answered 1",
        "csat_avg": 5.0,
        "csat_answers": 1,
    }
    assert rows["李强"]["handling_avg_s"] == 240.0 and rows["李强"]["outcomes"] == "callback 1"
    assert rows["李强"]["csat_avg"] == 3.0


def test_compliance_figures(conn) -> None:
    rows = [
        (r["rule"], r["category"], r["warnings"], r["blocked"]) for r in run(conn, "compliance")
    ]
    assert rows == [("guarantee", "promise", 1, 0), ("rate_cap", "pricing", 0, 1)]
    reports.catch_up(conn)
    data = reports.report(conn, "compliance", WINDOW)
    assert data["blocked_sends"] == {"all": 1}  # one refused reply, counted once
    by_agent = run(conn, "compliance", "agent")
    assert {r["group"] for r in by_agent} == {"李强"}


def test_csat_figures(conn) -> None:
    [row] = run(conn, "csat")
    assert row["requested"] == 2 and row["answered"] == 2 and row["response_rate"] == 1.0
    assert row["score_avg"] == 4.0
    assert [row[str(s)] for s in range(1, 6)] == [0, 0, 1, 0, 1]


def test_assistant_figures(conn) -> None:
    [row] = run(conn, "assistant")
    assert row["conversations"] == 2 and row["replies"] == 2 and row["handoffs"] == 1
    assert row["containment"] == 0.5
    assert row["handoff_reasons"] == "asked for a person 1"
    assert row["prequal_outcomes"] == "eligible 1"
    by_product = {r["group"]: r for r in run(conn, "assistant", "product")}
    assert by_product["consumer"]["conversations"] == 2


def test_rollup_in_pieces_equals_rollup_at_once(tmp_path) -> None:
    whole = history(tmp_path / "a.db")
    expected = {name: run(whole, name) for name in reports.REPORTS}
    # The same history folded a few events at a time, as the server does while it arrives.
    staged = history(tmp_path / "c.db", upto=7)
    reports.catch_up(staged, limit=3)
    staged.close()
    full = history_continue(tmp_path / "c.db", 7)
    for name in reports.REPORTS:
        assert run(full, name) == expected[name], name


def history_continue(db: Path, done: int) -> sqlite3.Connection:
    """Append the rest of the history to a database that holds its first ``done`` events."""
    scratch = db.with_name("scratch.db")
    full = history(scratch)
    rows = full.execute(
        "SELECT seq, ts, kind, conversation, actor, payload, prev_hash, hash FROM events"
        " WHERE seq > ? ORDER BY seq",
        (done,),
    ).fetchall()
    full.close()
    conn = connect_sync(db)
    conn.executemany(
        "INSERT INTO events (seq, ts, kind, conversation, actor, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return conn


def test_cli_table_csv_json_and_chart(tmp_path) -> None:
    history(tmp_path / "r.db").close()
    runner = CliRunner()
    args = [
        "report",
        "topics",
        "--db",
        str(tmp_path / "r.db"),
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-02",
    ]
    out = runner.invoke(app, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["rows"][0][1:4] == ["contract_terms", 3, 0.6]
    csv_out = runner.invoke(app, [*args, "--format", "csv"])
    assert csv_out.stdout.splitlines()[1].startswith("all,contract_terms,3,0.6,2,0.5")
    table = runner.invoke(app, [*args, "--lang", "zh", "--chart"])
    assert table.exit_code == 0, table.output
    assert "咨询主题" in table.stdout and "60%" in table.stdout and "合同条款" in table.stdout
    service = runner.invoke(
        app,
        [
            "report",
            "service",
            "--db",
            str(tmp_path / "r.db"),
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-02",
            "--by",
            "queue",
            "--lang",
            "en",
        ],
    )
    assert "Web chat · Car loan" in service.stdout and "50%" in service.stdout
    bad = runner.invoke(app, ["report", "weather", "--db", str(tmp_path / "r.db")])
    assert bad.exit_code != 0
    for option, value in (("--from", "2026-13-01"), ("--to", "tomorrow")):
        wrong = runner.invoke(
            app, ["report", "topics", "--db", str(tmp_path / "r.db"), option, value]
        )
        assert wrong.exit_code == 2  # the option is named (it said "Invalid value: ...")
        assert f"Invalid value for {option}: '{value}' is not a date" in wrong.output, wrong.output


def test_the_agents_report_reads_in_80_columns(tmp_path) -> None:
    """Nine figures did not fit 80 columns: the labels were cut ("conve…", "ratin…") and
    each agent's outcomes took six lines of bits ("answe…", "31,", "appli…"). Now the
    labels are short, the outcomes are listed under the table, one agent a line."""
    history(tmp_path / "r.db").close()
    runner = CliRunner()
    base = ["report", "agents", "--db", str(tmp_path / "r.db"), "--lang", "en"]
    env = {"COLUMNS": "80"}
    empty = runner.invoke(app, [*base, "--from", "2020-01-01", "--to", "2020-01-02"], env=env)
    assert empty.exit_code == 0, empty.output
    lines = empty.stdout.splitlines()
    header = " ".join(lines[1:6])
    for label in ("group", "conv.", "replies", "resolved", "CSAT", "ratings"):
        assert f" {label} " in header, empty.stdout
    assert "…" not in empty.stdout and "(no data)" in empty.stdout
    assert max(len(line) for line in lines) <= 80 and lines[1].endswith("┓")  # not cut off
    narrow = runner.invoke(
        app, [*base, "--from", "2026-12-01", "--to", "2026-12-02"], env={"COLUMNS": "40"}
    )
    assert narrow.exit_code == 0, narrow.output
    assert narrow.stdout.splitlines()[-2:] == [
        "李强 · outcomes: callback 1",
        "王芳 · outcomes: answered 1",
    ]
    wide = runner.invoke(app, [*base, "--from", "2026-12-01", "--to", "2026-12-02"], env=env)
    assert "outcomes" in wide.stdout and "answered 1" in wide.stdout  # fits: in the table
    assert "王芳 · outcomes" not in wide.stdout
    zh = runner.invoke(
        app, [*base[:-1], "zh", "--from", "2020-01-01", "--to", "2020-01-02"], env=env
    )
    assert "…" not in zh.stdout and "平均首响" in zh.stdout and "评价数" in zh.stdout, zh.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reports_title_stays_on_one_line_over_a_narrow_table(tmp_path, lang) -> None:
    """The service report is two columns wide: its title wrapped to that width, the dates
    cut in two ("Service  2026-11-27 –" over "2026-12-03  (SLA 30 s)")."""
    history(tmp_path / "r.db").close()
    days = ["--from", "2026-12-01", "--to", "2026-12-02"]
    base = ["report", "service", "--db", str(tmp_path / "r.db"), "--lang", lang, *days]
    shown = CliRunner().invoke(app, base, env={"COLUMNS": "80"})
    assert shown.exit_code == 0, shown.output
    title = {"zh": "服务", "en": "Service"}[lang]
    assert shown.stdout.splitlines()[0].rstrip() == f"{title}  2026-12-01 – 2026-12-02  (SLA 30 s)"
    assert shown.stdout.splitlines()[1].startswith("┏")


def test_whole_days_read_the_daily_table_with_the_same_figures(conn) -> None:
    reports.catch_up(conn)
    assert reports._whole_days(WINDOW)
    ragged = reports.Window(WINDOW.start_ms, WINDOW.end_ms - 1, WINDOW.tz)  # hourly path
    assert not reports._whole_days(ragged)
    for name in reports.REPORTS:
        for by in (None, "day", "week", "queue", "agent", "product", "channel"):
            daily = reports.report(conn, name, WINDOW, by)
            hourly = reports.report(conn, name, ragged, by)
            assert daily["rows"] == hourly["rows"], (name, by)


def test_the_daily_migration_backfills_from_the_hourly_table(conn) -> None:
    reports.catch_up(conn)
    before = {name: reports.report(conn, name, WINDOW)["rows"] for name in reports.REPORTS}
    conn.execute("DELETE FROM report_daily")
    from loancs.store.migrations import _statements

    for statement in _statements(reports.DAILY_MIGRATION[1]):
        if statement.startswith("INSERT"):
            conn.execute(statement)
    after = {name: reports.report(conn, name, WINDOW)["rows"] for name in reports.REPORTS}
    assert after == before


async def test_a_rollup_on_a_full_disk_logs_one_line_not_a_traceback(caplog, monkeypatch) -> None:
    """The roll-up logged a whole traceback for a StorageError (the disk full): an
    operator's log wants the one line that says so."""
    import asyncio
    from types import SimpleNamespace

    from loancs.server.services import desk as desk_module
    from loancs.store.tx import StorageError

    async def submit(_command):
        raise StorageError("database or disk is full")

    store = SimpleNamespace(writer=SimpleNamespace(storage_error=None), submit=submit)
    server = SimpleNamespace(store=store, leads=True, hub=SimpleNamespace(last_seq=5))
    monkeypatch.setattr(desk_module, "ROLLUP_EVERY_S", 0.01)
    caplog.set_level("WARNING", logger="loancs.supervisor")
    desk = desk_module.SupervisorDesk(server)  # type: ignore[arg-type]
    task = asyncio.create_task(desk._loop())
    await asyncio.sleep(0.1)
    desk._closing = True
    await asyncio.wait_for(task, 5)
    records = [r for r in caplog.records if r.name == "loancs.supervisor"]
    assert records, "the failure was not logged"
    assert all(r.exc_info is None for r in records)  # no traceback
    assert records[0].getMessage() == (
        "report rollup failed: database or disk is full (the next round retries)"
    )
