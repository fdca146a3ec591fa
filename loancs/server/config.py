"""The server's settings: what ``loancs serve`` and the tests start a server with."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loancs.core import protocol as p
from loancs.core.config import ServerFile


@dataclass
class ServerConfig:
    db_path: Path | str  # a SQLite file, or a postgresql:// URL (store/backends/pg.py)
    host: str = "127.0.0.1"
    port: int = 8765
    max_frame: int = p.DEFAULT_MAX_FRAME
    # Frames above the limit still get a readable error; above this hard cap the
    # websocket layer closes the connection (1009) without buffering them.
    hard_max_frame: int = 1024 * 1024
    subscriber_queue: int = 2000
    # A subscriber further behind than this many bytes (events waiting in its outbox plus
    # what sits unread in the socket's buffers) is dropped and told to resync; 0: off.
    subscriber_backlog_bytes: int = 2 * 1024 * 1024
    max_in_flight: int = 1000
    hello_timeout: float = 10.0
    synchronous: str = "FULL"
    rate: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "channel": (20000.0, 40000.0),
            "agent": (50.0, 200.0),
            "supervisor": (100.0, 400.0),
            "admin": (100.0, 400.0),
            "customer": (2.0, 10.0),
        }
    )
    tls_cert: Path | None = None
    tls_key: Path | None = None
    rules_path: Path | None = None
    chat_origins: tuple[str, ...] = ()
    wechat_window_hours: float = 48.0
    wechat_reply_quota: int = 20  # replies per customer message window (the webhook's limit)
    routing: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] = field(default_factory=dict)
    webchat: bool = True  # serve /chat and accept anonymous visitors
    # [csat]: enabled, window_days (nobody asked twice within), answer_hours, channels
    csat: dict[str, Any] = field(default_factory=dict)
    # "process": SQL and hashing in a child process, beside the websocket loop instead of
    # sharing its interpreter lock; "thread": everything in one process; "auto": a thread
    # where only one CPU is usable, else a process (``writer_mode``).
    writer: str = "auto"
    # The master key (visitor tokens, personal-data keys): LOANCS_MASTER_KEY, this file,
    # or <db>.key beside the database (created on first start).
    master_key_file: Path | None = None
    # Several servers on one database (server/cluster.py): publish what the log holds,
    # whoever wrote it (on PostgreSQL always; on SQLite for tests), polled every
    # feed_poll_s besides notifications; `leader` holds the routing lease where no database
    # lock decides it (SQLite).
    cluster: bool = False
    leader: bool = True
    feed_poll_s: float = 0.5
    # The whole --config file; tables without a field above are read from here
    # (server.config.file.<table>.<key>; see loancs/core/config.py).
    file: ServerFile = field(default_factory=ServerFile)


WRITER_MODES = ("auto", "process", "thread")


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity (a cpuset: ``taskset``, a container
    given ``--cpuset-cpus``), where the system tells it; else the machine's count. A CPU
    quota (``docker --cpus=1``) does not show here."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def writer_mode(asked: str, cpus: int | None = None) -> tuple[str, str]:
    """The writer the server starts for ``writer = asked`` with ``cpus`` usable (None: asked
    of the system), and why, for the start-up log. "auto": on one CPU a thread of the
    server's own process (a child there only adds hand-overs of the one core: ~20% more
    server CPU a message, measured), on two or more a child process beside the websocket
    loop (with a core each it keeps ~72% of the bare echo's ingest against ~49%). Two CPUs
    shared with the load test's processes still choose the child: with 200 agents the
    thread writer's one process spends what the two processes spend together (50-55 µs a
    message against 46-66), but under one interpreter lock, so that process is the wall:
    46-52% of the echo with a core for each process, against the child's 66-87%. (The
    ratio itself, six alternated rounds at load 0.3-17: thread 29-78%, median 47.6%;
    child 40-64%, median 48.8%; in the one quiet round 47.8% against 55.9%.)"""
    if asked not in WRITER_MODES:
        raise ValueError(f"writer must be auto, process or thread, not {asked!r}")
    if asked != "auto":
        return asked, f"writer = {asked!r} asked"
    n = usable_cpus() if cpus is None else cpus
    if n < 2:
        return "thread", f"auto: {n} CPU usable, so the writer runs in a thread of this process"
    return "process", f"auto: {n} CPUs usable, so the writer runs in a child process"
