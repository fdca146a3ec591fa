"""Shared test harness: a real loancs server on a free port with a temp SQLite file,
real websocket clients, and a helper to run the server as a separate process."""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from loancs.client import LoancsClient
from loancs.lifecycle import SERVING_GC_THRESHOLD
from loancs.server.app import LoancsServer, ServerConfig
from loancs.store.accounts import create_agent, create_channel
from loancs.store.backends import is_postgres
from loancs.store.db import connect_sync
from loancs.store.migrations import apply_migrations
from tests.postgres import postgres  # noqa: F401  (the session's PostgreSQL, for new_db)

# Python's own .pyc files, as an installed loancs has them: a shell that sets
# PYTHONDONTWRITEBYTECODE (this project's build machine does) made every Python process the
# tests start (servers, CLI runs, the writer child: hundreds a run) compile loancs from
# source again (~0.25 s of CPU each), and every xdist worker rewrite every test module's
# asserts again. Dropped here, before the workers and children start (they inherit it), as
# scripts/bench_check_startup.py and tests/test_install.py drop it for theirs.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Cyclic garbage is collected as a long-lived `loancs serve` collects it (the product's serving
# thresholds: the youngest generation every 20,000 new container objects, Python's default 700):
# a console pilot test makes hundreds of thousands of short-lived Textual objects, and at 700 a
# worker spent ~20% of a console file's CPU in collections, the full ones walking every live object
# the run had built (test_console_fast_switch alone: 4.2 -> 1.4 s of collections). Set before
# collection (which builds ~400,000 objects). What a test sees of the collector is what Python does;
# the files that assert when it runs (DEFAULT_GC_FILES) run at Python's default, as before.
PYTHON_GC_THRESHOLD = gc.get_threshold()
gc.set_threshold(*SERVING_GC_THRESHOLD)
DEFAULT_GC_FILES = frozenset(
    {
        "test_cli_check_startup_gc",
        "test_compliance_speed_check",
        "test_gcpause",
        "test_startup_reads",
    }
)

# Property tests: never a time limit per example nor a "generation too slow" failure (a busy
# 2-core machine is slow, not wrong), and the examples are derived from each test's name, so
# the suite fails or passes the same way on every run; LOANCS_HYPOTHESIS_EXPLORE=1 draws new
# random examples to look for new cases.
settings.register_profile(
    "loancs",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not os.environ.get("LOANCS_HYPOTHESIS_EXPLORE"),
    print_blob=True,
)
settings.load_profile("loancs")

AGENTS = [
    # key, name, role, skills, capacity
    ("agent", "王芳", "agent", {"mortgage": 1, "car": 1}, {"phone": 1, "chat": 3, "wechat": 3}),
    (
        "agent2",
        "李强",
        "agent",
        {"consumer": 1, "mortgage": 2},
        {"phone": 1, "chat": 3, "wechat": 3},
    ),
    ("supervisor", "赵主管", "supervisor", {}, {}),
    ("admin", "管理员", "admin", {}, {}),
]
CHANNELS = [
    ("wechat", "wechat-gw"),
    ("phone", "phone-gw"),
    ("chat", "chat-gw"),
    ("system", "core-banking"),
]


def seed_accounts(db: Path | str) -> dict[str, str]:
    """Create the standard agents and channel gateways; return their tokens by key.
    On SQLite the seeding commits without fsync (``synchronous=OFF``, the file switched to
    WAL and migrated first on such a connection: a test's database need not survive a power
    cut, and ~25 fsyncs a server were tens of milliseconds, more on a busy disk); the server
    opened on it afterwards syncs as configured."""
    if not is_postgres(db):
        Path(db).parent.mkdir(parents=True, exist_ok=True)  # as connect_sync does
        with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as bare:
            bare.execute("PRAGMA synchronous=OFF")
            bare.execute("PRAGMA journal_mode=WAL")
            apply_migrations(bare)
    conn = connect_sync(db)
    if not is_postgres(db):
        conn.execute("PRAGMA synchronous=OFF")
    tokens: dict[str, str] = {}
    for key, name, role, skills, capacity in AGENTS:
        _, tokens[key] = create_agent(conn, name, role, skills, capacity)
    for kind, name in CHANNELS:
        _, tokens[kind] = create_channel(conn, name, kind)
    conn.close()
    return tokens


@dataclass
class LiveServer:
    server: LoancsServer
    db: Path | str  # a SQLite file, or a postgresql:// URL (the `store_kind` fixture)
    tokens: dict[str, str]
    clients: list[LoancsClient] = field(default_factory=list)

    def rows(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """A query on a connection of its own (``?`` placeholders, either store): what
        another program reading the database sees right now."""
        return query_rows(self.db, sql, params)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def http(self) -> str:
        return self.server.url.replace("ws", "http", 1)

    async def client(self, who: str, **kwargs) -> LoancsClient:
        """A connected client for one of the seeded accounts ("agent", "wechat", ...)."""
        client = LoancsClient(self.url, self.tokens[who], **kwargs)
        await client.start()
        self.clients.append(client)
        return client


# PostgreSQL servers' master keys: each in a directory of its own under the run's pytest
# temporary directory (named in this environment variable by _master_keys_in_the_runs_temp_dir;
# read from there because this module is imported twice, as ``conftest`` and as ``tests.conftest``).
# Until session 44 they went to a TemporaryDirectory in /tmp, removed only when the test process
# ended normally: a worker killed or ended by os._exit left it (66 of them were found in /tmp).
# pytest keeps its last three runs' directories and removes older ones.
_KEYS_VAR = "LOANCS_TEST_KEYS_DIR"


@pytest.fixture(autouse=True, scope="session")
def _master_keys_in_the_runs_temp_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ[_KEYS_VAR] = str(tmp_path_factory.mktemp("master-keys"))


def make_config(db: Path | str, **overrides) -> ServerConfig:
    if isinstance(db, str):  # PostgreSQL: the master key in the test's directory, not ~
        key_dir = tempfile.mkdtemp(dir=os.environ[_KEYS_VAR])
        overrides.setdefault("master_key_file", Path(key_dir) / "master.key")
    return ServerConfig(db_path=db, port=0, synchronous="NORMAL", **overrides)


def query_rows(db: Path | str, sql: str, params: tuple | list = ()) -> list[tuple]:
    """Rows from a SQLite file or a PostgreSQL URL, on a connection of its own."""
    if isinstance(db, str):
        from loancs.store.backends.pg import PgConnection

        pg = PgConnection(db)
        try:
            return [tuple(r) for r in pg.execute(sql, params).fetchall()]
        finally:
            pg.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


# ------------------------------------------------ the protocol suites on both stores
# A module marked `pytestmark = pytest.mark.both_stores` runs each test that uses a store
# fixture (live_server, new_db ...) twice: on SQLite and on a real PostgreSQL
# (tests/postgres.py, one fresh database per test). Everything else: SQLite only.


@pytest.hookimpl(trylast=True)  # after the tmp_path plugin's: its factory is used below
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_stores: run on SQLite and on PostgreSQL")
    _rules_cache_in_a_temp_dir(config)
    # scripts/test runs three workers with --dist loadfile; xdist would hand the files out by
    # their number of tests, most first, so the slowest ones (few tests, each a wheel, a
    # terminal, a cluster) came last and one worker ran them alone at the end. The files go
    # in the order below instead (pytest_collection_modifyitems): the longest first.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


# The files that take longest on one worker, longest first: every file of 8 s or more (110
# files) in the lead's whole run of session 42's start (939be3c9, `-n 2 --dist loadfile
# --durations=0`, /tmp/s42-dur.log: 33 min at load 8-9, ~2.5x a quiet run; each file's summed
# setup + call + teardown, the two session teardowns of each worker's last test left out); every
# other file follows in its usual (alphabetical) order. Only the order of the files changes (a
# file's tests keep theirs): the workers take the long files first and end on short ones,
# within seconds of each other, instead of one worker running the last long files alone
# (session 36's list, used until session 42, had gone stale: test_console_snapshots, the longest
# file, was 41st; test_routing_properties, the second, 47th; test_writer_sqlite_stats, 39 s, was
# not listed and ran last in alphabetical order). A new file of more than ~8 s belongs here.
# Session 48 re-ranked the first 40 (the rest keep s42's order) by session 46's one-file-at-a-time
# wall (notes/wave2/tests-cpu46.tsv, each wall / (1 + load / 10), its load written beside it) and
# session 48's -n 1 runs (load 9-10): test_compliance_cache (with the three files run on its worker,
# COMPILED_RULES_FILES, ~480 s of wall at load 10: the run's longest unit) had come 22nd (the unit
# 12th, where test_compliance_speed_cache stood),
# test_compliance_model 44th, test_console_reply_first_letter 31st, test_compliance_speed_startup
# (~290 s at load 10 today) 11th.
LONGEST_FIRST = (
    "test_compliance_cache",
    "test_compliance_speed_regex",
    "test_supervisor_desk",
    "test_install",
    "test_console_snapshots",
    "test_compliance_model",
    "test_routing_properties",
    "test_compliance_speed_startup",
    "test_console_reply_first_letter",
    "test_cluster_postgres",
    "test_console_fast_switch",
    "test_tmux_typing",
    "test_server_spine",
    "test_inbox_pages",
    "test_cli_spine",
    "test_store_postgres_batch",
    "test_console_actions",
    "test_assistant_server",
    "test_supervisor_tail",
    "test_security_limits",
    "test_data_ops",
    "test_console_flows",
    "test_readme",
    "test_cli_check_plain",
    "test_lender_rules",
    "test_compliance_rules",
    "test_demo",
    "test_events",
    "test_cli_check",
    "test_compliance_concepts",
    "test_console_footer",
    "test_assistant_core",
    "test_console_connect",
    "test_serve_lifecycle",
    "test_console_type_at_once",
    "test_console_transcript_end",
    "test_server_routing",
    "test_harness_postgres",
    "test_store_search",
    "test_console_esc_keys",
    "test_compliance_speed_cache",
    "test_console_status_line",
    "test_config",
    "test_webchat",
    "test_security_privacy",
    "test_architecture",
    "test_console_typing",
    "test_console_calculator",
    "test_compliance_speed_s29",
    "test_startup_reads",
    "test_console_state",
    "test_console_fix_masks_the_hit",
    "test_compliance_speed_check",
    "test_cluster",
    "test_serve_command",
    "test_compliance_server_cache",
    "test_console_esc_parser",
    "test_console_compliance_panel",
    "test_assistant_cli",
    "test_simulate_cli",
    "test_security_authz",
    "test_frame_checks",
    "test_console_held_reads",
    "test_cli_db_paths",
    "test_wechat_gateway",
    "test_compliance_speed_split",
    "test_compliance_engine_latin",
    "test_assistant_absurd_figures",
    "test_store_admin",
    "test_store_boundary",
    "test_rules_cache_lock",
    "test_compliance_model_s47",
    "test_compliance_rates_grand",
    "test_cli_check_startup_gc",
    "test_service",
    "test_waiting_summary",
    "test_compliance_engine",
    "test_loadtest_soak",
    "test_supervisor_server",
    "test_console_inbox_ids",
    "test_projection",
    "test_routing_drift",
    "test_store_writers",
    "test_security_storage",
    "test_hub_meta_reads",
    "test_compliance_speed_stages",
    "test_console_focus_hint",
    "test_cli_lazy",
    "test_compliance_zh_what41",
    "test_security_robustness",
    "test_protocol_docs",
    "test_compliance_speed_s40",
    "test_console_server",
    "test_compliance_received_more_than_repaid",
    "test_console_inbox",
    "test_compliance_zh_forms40",
    "test_server_fuzz_contact",
    "test_compliance_zh_open39",
    "test_compliance_syllable_walk",
    "test_hub_fanout",
    "test_writer_gather",
    "test_compliance_zh_hant39",
    "test_compliance_absurd_rate_beside_apr",
    "test_compliance_zh_acts38",
    "test_supervisor_reports",
    "test_security_display",
    "test_writer_log",
    "test_phone_gateway",
    "test_pii",
    "test_pii_s39",
    "test_pii_s38",
    "test_concept_plans",
    "test_server_blank_external_id",
)


# The files that compare the shipped rules as compiled from their files with a loaded copy
# (tests/compliance_asserts.py's compiled_rules(): a compile, ~4 s of CPU, in each process that
# runs one of them; every other file reads the rules from the run's shared cache): one xdist work
# unit, so that one worker compiles them, once.
COMPILED_RULES_FILES = frozenset(
    {
        "test_compliance_cache",
        "test_compliance_speed_cache",
        "test_compliance_speed_cache_room",
        "test_compliance_speed_check",
    }
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile`` (scripts/test) with COMPILED_RULES_FILES as one file."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class _Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "compiled rules" if Path(scope).stem in COMPILED_RULES_FILES else scope

    return _Scheduling(config, log)


# The files whose tests compile rule sets on purpose (a cold cache, a lender file's miss: the
# shipped packs parsed and compiled and the set dumped, ~7-20 s of CPU an item, a module
# fixture's included): pyproject's 180 s pytest-timeout is a hang guard, and at load 13-16 on
# 2 cores such an item took longer (session 49: test_lender_rules' reload test, the fixture of
# test_compliance_speed_startup's two lender files). Their tests get a guard sized to the work
# (900 s, as the held-out gate's and the regex-identity test's): a hang still fails, a busy
# machine does not. A test's own timeout mark stands.
RULE_COMPILING_FILES = frozenset(
    {
        "test_cli_check",
        "test_cli_check_plain",
        "test_compliance_cache",
        "test_compliance_server_cache",
        "test_compliance_speed_startup",
        "test_lender_rules",
        "test_rules_cache_lock",
        "test_serve_command",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))
    for item in items:
        if item.path.stem in RULE_COMPILING_FILES and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(900))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Any:
    """Python's own collector thresholds over the setup, call and teardown of the tests that
    assert when it runs (no collection during a rules-cache load, a check, a server's start):
    at the serving thresholds such a test could pass without the pause it is there to prove."""
    if item.path.stem not in DEFAULT_GC_FILES:
        return (yield)
    before = gc.get_threshold()
    gc.set_threshold(*PYTHON_GC_THRESHOLD)
    try:
        return (yield)
    finally:
        gc.set_threshold(*before)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (every test module, ~7,000 items, the compiled rule sets:
    ~640,000 objects a process) stays until the process ends: it is moved out of the
    collector's way (``gc.freeze``, as ``loancs serve`` does at start), so the full
    collections of the run stop walking it again and again (a 469-test subset in one
    process: their CPU 2.4 s -> 0.7 s). What the tests build is collected as before."""
    gc.collect()
    gc.freeze()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_kind" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_stores"
    ):
        metafunc.parametrize("store_kind", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def new_db(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """An empty database for this test: a SQLite file, or (``store_kind`` postgres) a fresh
    migrated PostgreSQL database URL."""
    if store_kind == "postgres":
        return request.getfixturevalue("postgres").fresh_database()
    return tmp_path / "loancs.db"


# The files whose tests use the server only through the protocol or a console pilot and
# assert nothing about the writer's child process (no kill -9, no durability after a crash, no
# writer pipe, no hash chain, no server processes counted): their ``live_server`` runs the
# writer in a thread of the server's process (``ServerConfig.writer = "thread"``, what the
# product's "auto" picks where one CPU is usable), which starts in ~0.15 s instead of a child
# Python's ~0.5 s (~0.14 s of its CPU). Every other file's ``live_server`` keeps the product's
# default ("auto": the child process on two cores), and so do the servers a test builds itself.
# The lead's rule (session 36): a test that asserts anything about the child keeps the child.
THREAD_WRITER_FILES = frozenset(
    {
        "test_console_actions",
        "test_console_held_reads",
        "test_console_server",
        "test_console_typing",
        "test_console_waiting",
        "test_desk_held_reads",
        "test_frame_checks",
        "test_inbox_pages",
        "test_phone_gateway",
        "test_projection",
        "test_protocol_retired",
        "test_receive_bytes",
        "test_security_authz",
        "test_security_robustness",
        "test_server_blank_external_id",
        "test_server_spine",
        "test_simulate",
        "test_supervisor_desk",
        "test_supervisor_server",
        "test_supervisor_tail",
        "test_webchat",
        "test_wechat_gateway",
    }
)


@pytest.fixture
async def live_server(new_db: Path | str, request: pytest.FixtureRequest):
    db = new_db
    tokens = seed_accounts(db)
    writer = "thread" if request.path.stem in THREAD_WRITER_FILES else "auto"
    server = LoancsServer(make_config(db, writer=writer))
    await server.start()
    live = LiveServer(server, db, tokens)
    yield live
    for client in live.clients:
        await client.close()
    await server.stop()


# ---------------------------------------------------------------- real processes


@dataclass
class ServerProcess:
    proc: subprocess.Popen
    url: str
    db: Path | str | None
    said: list[str] = field(default_factory=list)  # every line it printed (kept being read)

    def output(self) -> str:
        return "".join(self.said)

    def kill9(self) -> None:
        self.proc.kill()
        self.proc.wait(10)

    def terminate(self) -> int:
        self.proc.terminate()
        return self.proc.wait(15)


def spawn_server(
    db: Path | str | None, *extra: str, port: int = 0, timeout: float = 90.0
) -> ServerProcess:
    """`python -m loancs serve` in its own process; returns once it says where it listens.
    ``db``: a SQLite file or a postgresql:// URL (None: the --config file says). The time-out
    is a hang guard, not a speed check: at load 19 on 2 cores a start took 17 s."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "loancs",
            "serve",
            *(["--db", str(db)] if db is not None else []),
            "--port",
            str(port),
            "--log-level",
            "warning",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    said: list[str] = []  # everything it printed, for the error below and ServerProcess.output
    lines: queue.Queue[str | None] = queue.Queue()

    def drain(stream: Any = proc.stdout) -> None:
        # Read on a thread for the server's whole life: a time-out holds even when it prints
        # nothing, and a chatty server never blocks on a full pipe after it started.
        for line in iter(stream.readline, ""):
            said.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            break
        match = re.search(r"serving on (wss?://\S+)", line)
        if match:
            return ServerProcess(proc, match.group(1), db, said)
    how = f"still starting after {timeout:.0f} s" if proc.poll() is None else "it exited"
    proc.kill()
    code = proc.wait()
    time.sleep(0.2)  # the reader's last lines
    raise RuntimeError(f"server did not start ({how}, exit code {code}): {''.join(said)}")


def _rules_cache_in_a_temp_dir(config: pytest.Config) -> None:
    """``loancs check`` keeps compiled rules in a cache directory (loancs/rules_cache.py):
    runs from the tests use a temporary one, not the user's ~/.cache. The xdist workers of
    one run share it (entries are written atomically and named by a hash of what they were
    compiled from), so the rules compile once per run, not once per worker. Named when pytest
    starts, before collection: tests/compliance_asserts.py reads the shipped rules from it."""
    factory: pytest.TempPathFactory = config._tmp_path_factory  # type: ignore[attr-defined]
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = factory.getbasetemp().parent / "rules-cache"
        shared.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("LOANCS_CACHE_DIR", str(shared))
    elif not getattr(config.option, "numprocesses", None):  # (xdist's controller: its workers')
        os.environ.setdefault("LOANCS_CACHE_DIR", str(factory.mktemp("rules-cache")))
    else:
        return
    if os.environ["LOANCS_CACHE_DIR"]:
        _ShippedRulesOnce.install(Path(os.environ["LOANCS_CACHE_DIR"]))


class _ShippedRulesOnce:
    """The servers and consoles a test process starts in itself read the shipped rules from
    the run's shared rules cache once, not once each: a ``LoancsServer`` start and a
    ``ConsoleApp`` read the ~11.6 MB entry and unpickle it (~0.07-0.1 s of CPU with the first
    check, ~1,000 times a run), and this process hands each the one rule set it read first (a
    rule set is never changed by a check; what a test patches on it, it undoes). Only the shipped
    packs from the shared directory: a lender's rules, and a cache directory a test names for
    itself (the tests of the cache and of a start that reads it), are read as before."""

    def __init__(self, load: Any, directory: Path) -> None:
        self.load = load
        self.directory = directory
        self.rules: Any = None

    def __call__(self, extra: Any = None, text: Any = None, cache: Any = None, **kw: Any) -> Any:
        from loancs.rules_cache import FileRuleCache

        if not (
            extra is None
            and text is None
            and isinstance(cache, FileRuleCache)
            and cache.directory == self.directory
        ):
            return self.load(extra, text, cache, **kw)
        if self.rules is None:
            self.rules = self.load(cache=cache)
        return self.rules

    @classmethod
    def install(cls, directory: Path) -> None:
        import loancs.server.services.compliance as server_rules
        import loancs.tui.app as console

        once = cls(server_rules.load_rules, directory)
        server_rules.load_rules = console.load_rules = once  # type: ignore[assignment]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """The shipped rules of tests/compliance_asserts.py, made before the first test of a file
    that imports them runs any fixture: a rule set read from the cache sets up the tables it
    carries (pinyin, the classifier, compiled patterns) process-wide, which must not happen
    inside a test's patches of them."""
    asserts = sys.modules.get("tests.compliance_asserts")
    if asserts is None or not isinstance(asserts.RULES, asserts._LazyRules):
        return
    module = getattr(item, "module", None)
    if module is not None and any(
        getattr(value, "__module__", None) == asserts.__name__ or value is asserts.RULES
        for value in list(vars(module).values())
    ):
        asserts.made()
