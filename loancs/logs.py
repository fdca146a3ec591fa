"""Logging for the long-running commands (serve, gateways): plain text for people or one JSON
object per line for log shippers, to standard error (journald under systemd) or to a file
that rotates by size."""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import time
from pathlib import Path

LEVELS = ("debug", "info", "warning", "error")
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """{"ts": "2026-12-01T06:00:00.123Z", "level": "info", "logger": ..., "msg": ...}"""

    def format(self, record: logging.LogRecord) -> str:
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        obj = {
            "ts": f"{ts}.{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            obj["exc"] = self.formatException(record.exc_info)
        return json.dumps(obj, ensure_ascii=False)


_SECRET = re.compile(r'("(?:visitor_)?token"\s*:\s*")[^"]*')
# The websocket library cuts long frames ("...") and glues numbers to other text, so the
# checksummed detection of mask_text can miss them there: mask every long digit run.
_DIGITS = re.compile(r"\d{9,}[\dXx]?")


class MaskPersonalNumbers(logging.Filter):
    """ID, card and mobile numbers and tokens never reach a log, not even the frames the
    websocket library logs at debug level."""

    def filter(self, record: logging.LogRecord) -> bool:
        from loancs.core.pii import mask_text

        message = record.getMessage()
        masked = _SECRET.sub(r"\1…", mask_text(message))
        masked = _DIGITS.sub(lambda m: m.group()[:3] + "****" + m.group()[-2:], masked)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def setup_logging(
    level: str = "info",
    fmt: str = "text",
    file: Path | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    backups: int = 5,
) -> logging.Handler:
    """Configure the root logger once; returns the handler (tests read its file)."""
    if level.lower() not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, got {level!r}")
    if fmt not in FORMATS:
        raise ValueError(f"log format must be text or json, got {fmt!r}")
    handler: logging.Handler
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(MaskPersonalNumbers())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
