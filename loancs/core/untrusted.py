"""Text from customers and gateways is untrusted on a terminal: escape sequences (ESC, BEL,
C1 controls) can repaint or retitle it, and bidirectional controls (U+202E RIGHT-TO-LEFT
OVERRIDE and friends, "Trojan Source") make text display in another order than it was
written, so a masked number or a name can read as something else. Every place that shows
such text (``loancs tail``, the console) goes through here. Pure."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the invisible bidirectional
# controls: ALM, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """The text without controls (for one-line output such as ``loancs tail``)."""
    return CONTROLS.sub("", text)


def escape_controls(text: str) -> str:
    """Controls written as ``\\uXXXX`` (valid inside a JSON string, visible on a terminal)."""
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
