"""A real PostgreSQL for the tests: Debian's `postgresql` package (scripts/test installs
it), `initdb` and `pg_ctl` in a temporary directory, on a free port, trust authentication
on 127.0.0.1 only. As root, the server runs as the `postgres` user (PostgreSQL refuses to
run as root). Skipped, saying why, when PostgreSQL is not installed.

A server lives exactly as long as the test processes that use it: pg_ctl starts the postmaster
in a session of its own, so a killed pytest (SIGKILL, or SIGTERM to its process group, as CI
and an impatient developer stop a run) used to leave it serving and its /tmp/loancs-pg-*
directory behind. Each server now has a watchdog (its own session too, so the signals that
stop a run do not reach it) that waits for an exclusive lock on the server's ``holders`` file;
every test process that uses the server holds a shared lock on it for as long as it does, and
the kernel drops a process's locks when it dies however it dies. Once the last holder is gone
the watchdog stops the server (``pg_ctl -m immediate``) and removes its directory."""

from __future__ import annotations

import fcntl
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Postgres:
    port: int
    user: str = "loancs"
    _made: int = 0
    _template: str | None = None
    # the lock file of a server the run's test processes share (shared_server): who makes
    # the template holds it
    lock: str | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh database on this server; returns its URL."""
        subprocess.run(
            [_bin("createdb") or "createdb", "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", self.user, name],
            check=True,
            capture_output=True,
        )
        return self.url(name)

    def fresh_database(self) -> str:
        """A new database with loancs's schema (a copy of one migrated once per server:
        CREATE DATABASE ... TEMPLATE, a few milliseconds); returns its URL."""
        if self._template is None:
            with _locked(self.lock):
                self._make_template()
            self._template = "loancs_template"
        from loancs.store.backends.pg import PgConnection

        self._made += 1
        name = f"loancs_{os.getpid()}_{self._made}"
        admin = PgConnection(self.url())
        try:  # FILE_COPY: faster than WAL_LOG for a small template
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {self._template} STRATEGY FILE_COPY")
        finally:
            admin.close()
        return self.url(name)

    def _make_template(self) -> None:
        from loancs.store.backends import pg
        from loancs.store.backends.pg import PgConnection

        if self.lock is not None:  # shared: another test process may have made it
            admin = PgConnection(self.url())
            try:
                row = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = 'loancs_template'"
                ).fetchone()
            finally:
                admin.close()
            if row is not None:
                return
        template = self.create_database("loancs_template")
        pg.connect(template).close()  # migrate it


class _locked:
    """An exclusive lock on the file ``path`` (across processes) while in the block; nothing
    when ``path`` is None."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> None:
        if self.path is not None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # (closing releases the lock)
            self.fd = None


def init_cluster(prefix: str) -> tuple[str, str, list[str]]:
    """A PostgreSQL data directory made by initdb (user loancs, trust, UTF8) in a new
    temporary directory named ``prefix``...; returns that directory, the data directory and
    the command prefix that runs PostgreSQL's programs as the directory's owner (the postgres
    user when this runs as root: PostgreSQL refuses to run as root)."""
    root = tempfile.mkdtemp(prefix=prefix)
    data = os.path.join(root, "data")
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(_bin("initdb")), "-D", data, "-U", "loancs", "--auth=trust", "-E", "UTF8"]
        + ["--no-locale"],
        check=True,
        capture_output=True,
    )
    return root, data, as_user


# The watchdog (see the module's docstring): argv = holders file, state file ("" for none),
# pg_ctl, data directory, server directory, then the command prefix that runs pg_ctl as the
# directory's owner. It first removes the state file (a test process that comes later starts a
# server of its own), then stops the server and removes its directory.
_WATCHDOG = """
import fcntl, os, shutil, subprocess, sys
holders, state, pg_ctl, data, root, *as_user = sys.argv[1:]
fd = os.open(holders, os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
if state:
    try:
        os.unlink(state)
    except OSError:
        pass
if os.path.isdir(data):
    subprocess.run([*as_user, pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
shutil.rmtree(root, ignore_errors=True)
"""
_watchdogs: list[subprocess.Popen[bytes]] = []  # (kept: never collected while running)


def _hold(holders: str) -> int:
    """A shared lock on ``holders`` for this process (until the returned descriptor is
    closed, or the process ends)."""
    fd = os.open(holders, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def _watch(holders: str, state: str, data: str, root: str, as_user: list[str]) -> None:
    watchdog = subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, holders, state, _bin("pg_ctl") or "pg_ctl"]
        + [data, root, *as_user],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a signal to the run's process group does not reach it
    )
    _watchdogs.append(watchdog)


def _start(
    *, durable: bool, statements: bool, options: str, state: str
) -> tuple[Postgres, str, int, subprocess.Popen[bytes]]:
    """A server and its watchdog; returns the server, its directory, this process's shared
    lock on its holders file and the watchdog."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError(
            "PostgreSQL is not installed (scripts/test installs Debian's postgresql)"
        )
    root, data, as_user = init_cluster("loancs-pg-")
    holders = os.path.join(root, "holders")
    os.close(os.open(holders, os.O_RDWR | os.O_CREAT, 0o600))
    held = _hold(holders)  # before the watchdog waits on it
    _watch(holders, state, data, root, as_user)
    watchdog = _watchdogs[-1]
    port = _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 {options}".rstrip()
    if not durable:
        options += " -c fsync=off"
    config = _bin("pg_config")
    if statements and config is not None:
        libraries = subprocess.run(
            [config, "--pkglibdir"], capture_output=True, text=True
        ).stdout.strip()
        if os.path.exists(os.path.join(libraries, "pg_stat_statements.so")):
            options += " -c shared_preload_libraries=pg_stat_statements"
    log = os.path.join(root, "log")
    try:
        subprocess.run(
            [*as_user, pg_ctl, "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"],
            check=True,
            capture_output=True,
        )
    except BaseException:
        os.close(held)
        raise
    return Postgres(port), root, held, watchdog


def start(
    *, durable: bool = False, statements: bool = False, options: str = ""
) -> tuple[Postgres, str, Callable[[], None]]:
    """A PostgreSQL server in a new temporary directory on a free port, reachable on
    127.0.0.1 and on a Unix socket in that directory; returns it, the socket's directory and
    a function that stops it and removes the directory (so does its watchdog if this process
    ends first). ``durable``: fsync on, as a production server (the tests' is off);
    ``synchronous_commit`` is PostgreSQL's default (on) either way. ``statements``:
    pg_stat_statements loaded, when installed (a database still needs CREATE EXTENSION).
    ``options``: more of the server's command line. None of it when PostgreSQL is not
    installed: RuntimeError."""
    server, root, held, watchdog = _start(
        durable=durable, statements=statements, options=options, state=""
    )

    def stop() -> None:
        os.close(held)  # the last holder: the watchdog stops the server ...
        watchdog.wait(timeout=120)  # ... and removes its directory

    return server, root, stop


# The xdist workers of one run share one server (one initdb, start and stop a run instead of
# one per worker: ~9 s to start and ~4 s to stop and remove each at load 4-6). The first worker
# that needs it starts it and writes this file in the run's directory (the workers' pytest
# directories' parent); the others read it. Each worker holds the server's holders file until
# it ends, so the watchdog stops the server once the LAST of them is done (or killed). The
# server's own directory stays in the temporary directory: as root it runs as the postgres
# user, who may not enter pytest's (0700). Each test still gets a database of its own;
# connections are raised for three workers at once.
SHARED = "postgres.json"
SHARED_OPTIONS = "-c max_connections=300"


def shared_server(directory: str) -> tuple[Postgres, int]:
    """The server the test processes that share ``directory`` use (started now if none of
    them has started one, or the last one's server is gone); returns it and this process's
    shared lock on its holders file (closing it lets the server stop)."""
    lock = os.path.join(directory, "postgres.lock")
    state = os.path.join(directory, SHARED)
    with _locked(lock):
        try:
            with open(state) as f:
                written = json.load(f)
        except (OSError, ValueError):
            written = None
        if written is not None:
            try:
                held = _hold(written["holders"])  # waits while its watchdog stops it
            except OSError:
                held = None
            if held is not None and os.path.exists(state):
                return Postgres(written["port"], lock=lock), held
            if held is not None:
                os.close(held)
        server, root, held, _ = _start(
            durable=False, statements=False, options=SHARED_OPTIONS, state=state
        )
        written = {"port": server.port, "holders": os.path.join(root, "holders")}
        with open(state + ".tmp", "w") as f:
            json.dump(written, f)
        os.replace(state + ".tmp", state)
        server.lock = lock
        return server, held


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres]:
    if os.environ.get("PYTEST_XDIST_WORKER"):  # one server for the run's workers
        try:
            shared, held = shared_server(str(tmp_path_factory.getbasetemp().parent))
        except RuntimeError as exc:
            pytest.skip(str(exc))
        try:
            yield shared
        finally:
            os.close(held)  # the last worker's close stops it (its watchdog)
        return
    try:
        server, _, stop = start()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        stop()
