"""Online backups and restores with SQLite's backup API.

A backup reads the database in one read transaction (WAL: the running server keeps writing
meanwhile), so the copy is the database as of one instant: every event committed before it,
none after, the hash chain whole. It is written beside the destination, checked
(``PRAGMA quick_check`` and the event chain) and only then renamed into place, as one
self-contained file (journal_mode=DELETE, no -wal beside it).

A restore refuses a backup that does not check out, and refuses to replace a database that
a running server holds open; the database it replaces is kept as a safety copy.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from loancs.errors import DatabaseOpenError, OperatorError
from loancs.store.audit import verify_log
from loancs.store.db import connect_readonly
from loancs.store.migrations import schema_status


class BackupError(OperatorError):
    """A backup or restore that cannot be done; the message says why and names the file."""


@dataclass
class BackupCheck:
    path: Path
    events: int
    last_seq: int
    schema: str | None
    bytes: int


def backup_database(source: Path, dest: Path, now: float | None = None) -> BackupCheck:
    """Copy ``source`` to ``dest``: a file (``*.db``), or a directory (existing, or a name
    without a suffix) to put a dated ``<name>-YYYYmmdd-HHMMSS.db`` in."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if dest.is_dir() or not dest.suffix:  # a directory (made if need be): a dated file in it
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now or time.time()))
        dest = dest / f"{source.stem}-{stamp}.db"
    if dest.resolve() == source.resolve():
        raise BackupError(f"{dest} is the database itself; pick another destination")
    partial = dest.with_name(dest.name + ".partial")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        out = sqlite3.connect(partial)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot write {partial}: {_reason(exc)}") from None
    try:
        src.backup(out)  # all pages in one step: one consistent snapshot
        out.execute("PRAGMA journal_mode=DELETE")
        out.commit()
    except sqlite3.Error as exc:
        out.close()
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} failed: {exc}") from None
    finally:
        src.close()
    out.close()
    with open(partial, "rb+") as fh:  # on disk before it gets its name
        os.fsync(fh.fileno())
    try:
        check = verify_database(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, dest)
    _fsync_dir(dest.parent)
    check.path = dest
    return check


def verify_database(path: Path) -> BackupCheck:
    """quick_check, the event chain, and a schema this loancs knows."""
    try:
        conn = connect_readonly(path)
    except DatabaseOpenError as exc:
        raise BackupError(str(exc)) from None
    try:
        problem = conn.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"{path} is damaged: {problem}")
        status = schema_status(conn)
        if status["unknown"]:
            raise BackupError(
                f"{path} was written by a newer loancs (migration {', '.join(status['unknown'])})"
            )
        report = verify_log(conn)
        if not report.ok:
            raise BackupError(
                f"{path}: the event chain is broken at seq {report.broken_seq}: {report.reason}"
            )
        last = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a loancs database: {exc}") from None
    finally:
        conn.close()
    return BackupCheck(path, report.checked, last, status["version"], path.stat().st_size)


def restore_database(
    backup: Path, target: Path, force: bool = False
) -> tuple[BackupCheck, Path | None]:
    """Replace ``target`` with ``backup``; return the check and the safety copy's path."""
    check = verify_database(backup)
    safety: Path | None = None
    if target.exists() and not force:
        raise BackupError(
            f"{target} exists; stop the server and add --force to replace it (it is kept as a"
            " safety copy)"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, isolation_level=None, timeout=0)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot open {target}: {_reason(exc)}") from None
    try:
        # A server (or any other connection) holding the database open makes this fail.
        dst.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            dst.execute("BEGIN EXCLUSIVE")
            dst.execute("COMMIT")
        except sqlite3.OperationalError:
            raise BackupError(
                f"{target} is in use (is loancs serve running?); stop the server, then restore"
            ) from None
        if target.stat().st_size > 0 and force:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            safety = target.with_name(f"{target.name}.before-restore-{stamp}")
            keep = sqlite3.connect(safety)
            dst.backup(keep)
            keep.execute("PRAGMA journal_mode=DELETE")
            keep.close()
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            src.backup(dst)
        finally:
            src.close()
        dst.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        raise BackupError(f"restore into {target} failed: {exc}") from None
    finally:
        dst.close()
    verify_database(target)
    return check, safety


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
