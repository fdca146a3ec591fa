"""The report fold counts customers' messages in SQL (issue 18: read one row each into
Python they were ~15% of the writer child's CPU at 200 agents), and still counts each
message with its conversation's queue and agent at the time it arrived: a conversation that
opens, is assigned or transferred within the fold has its messages folded in order with
those events; one with no report row counts nothing."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from loancs.store import reports
from loancs.store.db import connect_sync
from tests.test_supervisor_reports import Log

T0 = int(datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp() * 1000)
HOUR = reports.HOUR_MS
IN = "message.received"


class _Counting:
    """The fold's connection, counting the rows it hands to Python."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.rows = conn, 0

    def execute(self, sql: str, params: tuple = ()) -> _Rows:
        return _Rows(self, self.conn.execute(sql, params))


class _Rows:
    def __init__(self, owner: _Counting, cursor: sqlite3.Cursor):
        self.owner, self.cursor = owner, cursor

    def fetchone(self) -> tuple | None:
        row = self.cursor.fetchone()
        self.owner.rows += row is not None
        return row

    def fetchall(self) -> list[tuple]:
        rows = self.cursor.fetchall()
        self.owner.rows += len(rows)
        return rows

    def __iter__(self):
        for row in self.cursor:
            self.owner.rows += 1
            yield row


def _log(db: Path) -> sqlite3.Connection:
    conn = connect_sync(db)
    # conversation 2 was folded before: its row says queue and agent
    conn.execute(
        "INSERT INTO report_conversations (id, opened, queue, agent, assigned_at, flags, intent)"
        " VALUES (2, ?, 'wechat/consumer', '李强', ?, 0, NULL)",
        (T0 - HOUR, T0 - HOUR),
    )
    e = Log(conn)
    ch = "channel:gw"
    e(T0, "conversation.opened", 1, ch, channel="wechat", loan_type="car", customer=1)
    for i in range(300):  # conversation 2: nothing but messages, over two hours
        e(T0 + i * 20_000, IN, 2, ch, message=1000 + i, body="还款")
    for i in range(3):  # conversation 1, waiting: its queue, no agent
        e(T0 + 1 + i, IN, 1, ch, message=10 + i, body="利率?")
    e(T0 + 10, "conversation.assigned", 1, "router", agent=7, agent_name="王芳")
    for i in range(4):
        e(T0 + 20 + i, IN, 1, ch, message=20 + i, body="违约金?")
    e(T0 + 30, "conversation.transferred", 1, "agent:王芳", agent=8, agent_name="李强")
    for i in range(5):
        e(T0 + HOUR + i, IN, 1, ch, message=30 + i, body="好的")
    for i in range(6):  # conversation 3: no report row, never opened here: not counted
        e(T0 + i, IN, 3, ch, message=40 + i, body="?")
    e(T0 + 5, IN, None, ch, message=50, body="no conversation")
    return conn


def test_fold_counts_messages_by_queue_and_agent_at_their_time(tmp_path: Path) -> None:
    conn = _log(tmp_path / "r.db")
    counting = _Counting(conn)
    plan = reports.fold_plan(counting, 10_000)  # type: ignore[arg-type]
    assert plan is not None
    assert (plan.start, plan.end, plan.folded) == (0, 322, 322)
    hour0 = T0 // HOUR
    msg_in = {
        (h, queue, agent): n
        for metric, h, queue, agent, _k, _c, _p, n, _t in plan.hourly
        if metric == "msg_in"
    }
    assert msg_in == {
        (hour0, "wechat/consumer", "李强"): 180,  # conversation 2: 180 in its first hour
        (hour0 + 1, "wechat/consumer", "李强"): 120,
        (hour0, "wechat/car", ""): 3,  # conversation 1 before it was assigned
        (hour0, "wechat/car", "王芳"): 4,
        (hour0 + 1, "wechat/car", "李强"): 5,  # after the transfer
    }
    # The 300 messages of conversation 2 reach Python as 2 counts, not 300 rows (the
    # fold read every event one by one before: 322 rows and more)
    assert counting.rows < 60


def test_fold_then_write_matches_a_fold_of_each_event_alone(tmp_path: Path) -> None:
    """Folded in one step or one event at a time (each message then its own fold), the
    aggregates written are the same."""
    whole = _log(tmp_path / "a.db")
    whole.execute("BEGIN IMMEDIATE")
    assert reports.rollup_step(whole, 10_000) == 322
    whole.execute("COMMIT")
    apart = _log(tmp_path / "b.db")
    while True:
        apart.execute("BEGIN IMMEDIATE")
        n = reports.rollup_step(apart, 1)
        apart.execute("COMMIT")
        if not n:
            break
    q = "SELECT * FROM {} ORDER BY 1, 2, 3, 4, 5, 6, 7"
    for table in ("report_hourly", "report_daily", "report_conversations"):
        assert (
            whole.execute(q.format(table)).fetchall() == apart.execute(q.format(table)).fetchall()
        )
