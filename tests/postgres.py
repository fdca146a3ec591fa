"""A real PostgreSQL for the tests: Debian's `postgresql` package (scripts/test installs
it), `initdb` and `pg_ctl` in a temporary directory, on a free port, trust authentication
on 127.0.0.1 only. As root, the server runs as the `postgres` user (PostgreSQL refuses to
run as root). Skipped, saying why, when PostgreSQL is not installed."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
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
        """A new database with loancs's schema (a copy of one migrated once per session:
        CREATE DATABASE ... TEMPLATE, a few milliseconds); returns its URL."""
        if self._template is None:
            from loancs.store.backends import pg

            template = self.create_database("loancs_template")
            pg.connect(template).close()  # migrate it
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


def start(
    *, durable: bool = False, statements: bool = False
) -> tuple[Postgres, str, Callable[[], None]]:
    """A PostgreSQL server in a new temporary directory on a free port, reachable on
    127.0.0.1 and on a Unix socket in that directory; returns it, the socket's directory and
    a function that stops it and removes the directory. ``durable``: fsync on, as a
    production server (the tests' is off); ``synchronous_commit`` is PostgreSQL's default
    (on) either way. ``statements``: pg_stat_statements loaded, when installed (a database
    still needs CREATE EXTENSION). None of it when PostgreSQL is not installed:
    RuntimeError."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError(
            "PostgreSQL is not installed (scripts/test installs Debian's postgresql)"
        )
    root, data, as_user = init_cluster("loancs-pg-")
    port = _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
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
    subprocess.run(
        [*as_user, pg_ctl, "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*as_user, pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)

    return Postgres(port), root, stop


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    try:
        server, _, stop = start()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        stop()
