"""Compiled compliance rules kept on disk between processes, so ``loancs check`` (run once
per message by agents and scripts) does not parse the rule packs and build the automata
every time.

    from loancs.core.compliance import load_rules
    from loancs.rules_cache import FileRuleCache
    rules = load_rules("lender.toml", cache=FileRuleCache.default())

Entries are named by :func:`loancs.core.compliance.engine.rules_key` (a hash of the rule
files, the engine's code, Python and pyahocorasick), so an edited rule file or a new release
compiles again by itself; nothing is ever invalidated by hand. The directory is
``$LOANCS_CACHE_DIR``, else ``$XDG_CACHE_HOME/loancs``, else ``~/.cache/loancs``; an empty
``LOANCS_CACHE_DIR`` turns the cache off. A cache that cannot be read or written is skipped
silently: it only ever costs the compile it was meant to save.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

KEEP = 8  # entries kept (one per distinct set of rule files); the least recently used go first
SUFFIX = ".rules"
LOCK_WAIT = 120.0  # seconds a miss waits for another process compiling the same key, at most


class FileRuleCache:
    """One file per key in ``directory`` (created 0700; files 0600, written atomically)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def default(cls) -> FileRuleCache | None:
        configured = os.environ.get("LOANCS_CACHE_DIR")
        if configured is not None:
            return cls(Path(configured)) if configured else None
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) if xdg else Path.home() / ".cache"
        return cls(base / "loancs" / "compliance")

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        _used(path)
        return data

    def put(self, key: str, data: bytes) -> None:
        try:
            import tempfile  # only when writing: a warm cache is only read

            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=SUFFIX)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, self._path(key))
            except OSError:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._prune()
        except OSError:
            return

    def writable(self) -> bool:
        """Whether :meth:`put` can store an entry here (the directory made if need be): a miss
        on a cache that cannot keep it skips dumping the rule set (~3 s of CPU a compile of the
        shipped rules, thrown away by the put that failed)."""
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.directory, os.W_OK | os.X_OK)

    def lock(self, key: str) -> _CompileLock:
        """Held while this process compiles ``key`` after a miss (see ``load_rules``): a
        process that misses the same key meanwhile waits (at most ``LOCK_WAIT`` s) and then
        reads the entry the first one wrote, instead of compiling the same rules again."""
        return _CompileLock(self.directory / f"{key}.lock")

    def _prune(self) -> None:
        # the least recently used go first (a hit marks its entry, _used): the shipped rules'
        # entry, read by every start, is not dropped because KEEP lender files were compiled
        # after it (a test run compiles ~10: every server and `loancs check` then waited on
        # the shipped rules compiled again, ~10 s of CPU, session 49)
        entries = sorted(self.directory.glob(f"*{SUFFIX}"), key=_last_used, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".lock").unlink(missing_ok=True)


def _used(path: Path) -> None:
    """Marks an entry just read as used: its access time (what _prune ranks by, with the
    modification time) is now; the modification time stays its write's. A file that cannot
    be touched (a read-only cache) is left as it is."""
    try:
        os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))
    except OSError:
        pass


def _last_used(path: Path) -> int:
    st = path.stat()
    return max(st.st_atime_ns, st.st_mtime_ns)


class _CompileLock:
    """An exclusive ``flock`` on a file beside the entry, taken on a miss only (a warm cache
    never opens it). The kernel drops it however its holder ends. Where it cannot be had (no
    flock, a read-only directory, a holder stopped for longer than ``LOCK_WAIT``) the process
    compiles without it, as it would have without the lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> None:
        try:
            import fcntl
            import time

            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)  # a compile takes seconds: ~20 looks a second
        except (ImportError, OSError):
            pass
        self.__exit__()

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the flock
            self.fd = None
