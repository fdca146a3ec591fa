"""Customer text is untrusted. It reaches the screen only through these helpers: markup is
never parsed (``Text``, not strings), escape sequences and control characters are made
visible instead of being sent to the terminal, and very long text is cut with a note."""

from __future__ import annotations

import re

from rich.text import Text

from loancs.core.untrusted import CONTROLS

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional controls
# that can make text display in a different order than it was written (one list for the
# console and `loancs tail`: loancs/core/untrusted.py).
_CONTROL = CONTROLS
_MAX_CHARS = 4000
_MAX_LINE = 400


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ ... control pictures
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def clean(text: object, max_chars: int = _MAX_CHARS) -> str:
    """Printable text: controls shown as symbols (ESC as ␛), tabs as spaces, capped length."""
    value = "" if text is None else str(text)
    if len(value) > max_chars:
        value = value[:max_chars] + f" … (+{len(value) - max_chars})"
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    value = _CONTROL.sub(_visible, value)
    # A single unbroken line of thousands of characters is cut into pieces the layout can fold.
    lines = value.split("\n")
    if any(len(line) > _MAX_LINE for line in lines):
        lines = [
            "\n".join(line[i : i + _MAX_LINE] for i in range(0, len(line), _MAX_LINE)) or ""
            for line in lines
        ]
    return "\n".join(lines)


def one_line(text: object, width: int = 60) -> str:
    """For table cells: one line, controls visible, cut to ``width`` characters."""
    flat = " ".join(clean(text, 2000).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def safe_text(text: object, style: str = "", max_chars: int = _MAX_CHARS) -> Text:
    """A Rich ``Text`` that shows exactly what the customer wrote, harmlessly."""
    return Text(clean(text, max_chars), style=style, overflow="fold")


def amount(value: object) -> str:
    """A loan amount as the calculator writes it ("800,000.00"), not as stored
    ("800000.00", where a zero too many is easy to miss); anything else as it is, one line."""
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return one_line(value, 24)
    if not number.is_finite():
        return one_line(value, 24)
    return f"{number:,.2f}"
