"""The master key: kept outside the database, it signs web-chat visitor tokens and wraps
the per-customer data keys (see ``privacy.py``).

Where it comes from, first match wins:
1. ``LOANCS_MASTER_KEY``: 32 bytes, base64 (url-safe or standard) or 64 hex digits;
2. a key file: ``--master-key-file`` / ``LOANCS_MASTER_KEY_FILE``, else ``<db>.key`` beside
   the database, created (mode 0600) with a fresh random key the first time.

Lose the key and every encrypted field is gone for good; back it up apart from the database.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from loancs.errors import OperatorError
from loancs.store.backends import is_postgres

ENV_KEY = "LOANCS_MASTER_KEY"
ENV_KEY_FILE = "LOANCS_MASTER_KEY_FILE"


class MasterKeyError(OperatorError):
    """The master key is missing, unreadable or malformed (a one-line message)."""


def _parse(text: str) -> bytes:
    text = text.strip()
    if len(text) == 64:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise MasterKeyError("the master key must be 32 bytes (base64 or 64 hex digits)")
    return raw


def key_source(db_path: str | Path, key_file: str | Path | None = None) -> str:
    """Where load_master_key takes the key from, for a message: the variable or the file."""
    if os.environ.get(ENV_KEY):
        return ENV_KEY
    return str(key_file or os.environ.get(ENV_KEY_FILE) or default_key_file(db_path))


def default_key_file(db_path: str | Path) -> Path:
    """``<db>.key`` beside a SQLite file; for a PostgreSQL URL, a file named after the
    database in the data directory (several servers on one database must share one key:
    LOANCS_MASTER_KEY or ``master_key_file``)."""
    if is_postgres(db_path):
        from loancs import settings

        where = re.sub(r"^\w+://([^@/]*@)?", "", str(db_path)).split("?")[0]
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", where).strip("-")
        return settings.data_dir() / f"postgres-{name}.key"
    return Path(str(db_path) + ".key")


def load_master_key(db_path: str | Path, key_file: str | Path | None = None) -> bytes:
    value = os.environ.get(ENV_KEY)
    if value:
        return _parse(value)
    path = Path(key_file or os.environ.get(ENV_KEY_FILE) or default_key_file(db_path))
    if path.exists():
        try:
            return _parse(path.read_text())
        except OSError as exc:
            raise MasterKeyError(
                f"cannot read the master key file {path}: {exc.strerror}"
            ) from None
    key = secrets.token_bytes(32)
    # Written whole under another name, then linked in place (which fails if the name is
    # taken): a server starting beside this one (several servers on one database) finds no
    # file or a whole one, never one still empty.
    spare = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(base64.urlsafe_b64encode(key).decode() + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.link(spare, path)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the name too, before anything is sealed with the key
        finally:
            os.close(directory)
    except FileExistsError:  # another process created it meanwhile
        return _parse(path.read_text())
    except OSError as exc:
        raise MasterKeyError(f"cannot create the master key file {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(spare)
    return key


def subkey(master: bytes, purpose: str) -> bytes:
    """A key for one purpose (HKDF-style expand, one block): keys never serve two jobs."""
    return hmac.new(master, b"loancs/" + purpose.encode() + b"\x01", hashlib.sha256).digest()


class VisitorTokens:
    """Web-chat visitor tokens: ``<visitor id>.<signature>``. The id is the visitor's
    identity on the chat channel (stored, shown masked); the signature is the secret part,
    recomputed from the master key on every hello and never stored anywhere."""

    def __init__(self, master: bytes):
        self._key = subkey(master, "visitor-token")

    def _sign(self, visitor: str) -> str:
        mac = hmac.new(self._key, visitor.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def issue(self) -> tuple[str, str]:
        """A new visitor: ``(visitor id, token)``."""
        visitor = "v" + secrets.token_urlsafe(15)
        return visitor, f"{visitor}.{self._sign(visitor)}"

    def verify(self, token: str) -> str | None:
        """The visitor id the token proves, or None."""
        visitor, dot, mac = token.rpartition(".")
        if not dot or not visitor or len(visitor) > 64:
            return None
        return visitor if hmac.compare_digest(mac, self._sign(visitor)) else None
