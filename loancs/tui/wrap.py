"""Line breaking for mixed Chinese and English text in a fixed number of terminal cells.

Rules (the ones a Chinese reader notices at once): no line starts with closing
punctuation (。，、；：？！ and closing brackets/quotes) — the character before it moves down
with it; a number (digits with . , % ¥ and the like) or a Latin word is never split unless
it is longer than a whole line; wide characters count two cells; continuation lines keep
the indent of the first. Pure: no Textual, tested directly."""

from __future__ import annotations

from rich.cells import cell_len

NO_LINE_START = set("。，、；：？！）」』》〉】〕”’…%,.;:!?)]}》·")
NO_LINE_END = set("（「『《〈【〔“‘([{¥$")


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._%-+/'@#:,") and ch != " "


def _tokens(text: str) -> list[str]:
    """Split into unbreakable pieces: a Latin word or number, a space, one CJK char."""
    out: list[str] = []
    buf = ""
    for ch in text:
        if _is_word_char(ch):
            buf += ch
            continue
        if buf:
            out.append(buf)
            buf = ""
        out.append(ch)
    if buf:
        out.append(buf)
    # A trailing comma/period/colon belongs to the word but must not glue two numbers'
    # separators: "1,000." stays one token, which is what we want.
    return out


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most ``width`` cells (including ``indent``), every line indented."""
    width = max(width, cell_len(indent) + 4)
    room = width - cell_len(indent)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(indent + line for line in _wrap_paragraph(paragraph, room))
    return lines


def _wrap_paragraph(text: str, room: int) -> list[str]:
    if cell_len(text) <= room:
        return [text]
    lines: list[list[str]] = [[]]
    used = 0
    for token in _tokens(text):
        size = cell_len(token)
        if size > room:  # longer than a line: it has to be cut
            for ch in token:
                if used + cell_len(ch) > room:
                    lines.append([])
                    used = 0
                lines[-1].append(ch)
                used += cell_len(ch)
            continue
        if used + size <= room:
            if not (token == " " and used == 0 and len(lines) > 1):
                lines[-1].append(token)
                used += size
            continue
        if token == " ":  # a space at a break disappears
            lines.append([])
            used = 0
            continue
        line = lines[-1]
        carry: list[str] = []
        # Closing punctuation may not start the next line: take the char before it along.
        if token in NO_LINE_START or token[:1] in NO_LINE_START:
            while line and len(carry) < 2:
                carry.insert(0, line.pop())
                if carry[0] not in NO_LINE_START:
                    break
        # Opening brackets may not end a line.
        while line and line[-1] in NO_LINE_END:
            carry.insert(0, line.pop())
        if not line or sum(cell_len(piece) for piece in carry) + size > room:
            # Nothing left behind, or the carried text would not fit the next line:
            # break as-is (a rare overlong case beats a line wider than the pane).
            line.extend(carry)
            carry = []
        while line and line[-1] == " ":
            line.pop()
        lines.append(carry + [token])
        used = sum(cell_len(piece) for piece in lines[-1])
    return ["".join(line) for line in lines]
