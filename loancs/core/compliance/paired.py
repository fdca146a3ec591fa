"""An Aho-Corasick automaton that reads text as UTF-16 bytes, two per character.

pyahocorasick finds a node's child by scanning the node's children one by one. With
thousands of hanzi keys the root has hundreds of children, and every character of a message
that starts no key scans all of them: most of a check's automaton time. Read as UTF-16 bytes
(``str.encode``, in C), a node has at most 256 children, and far fewer in practice: the high
bytes of the common hanzi are about 80 values, and the low bytes under each are a few dozen.

    paired = Paired({"保证": 1, "征信": 2})
    list(paired.iter("不看征信"))   # [(3, 2)]

``iter`` yields what ``ahocorasick.Automaton.iter`` yields on the text itself: the index of
the last character of each match and the key's value, in the same order. A key found at an
odd byte (across two characters) is skipped. A character beyond the BMP is a surrogate pair,
four bytes; a key cannot start or end inside one (its own first unit is never a low
surrogate, its last never a high one), so only the map from bytes to characters changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import ahocorasick


def _units(text: str) -> str:
    """``text`` as UTF-16 (big-endian) bytes, each byte one character."""
    return text.encode("utf-16-be", "surrogatepass").decode("latin-1")


class Paired:
    """An automaton of ``table``'s keys (values kept as given) over their UTF-16 bytes."""

    __slots__ = ("_automaton",)

    def __init__(self, table: Mapping[str, Any]) -> None:
        self._automaton = ahocorasick.Automaton()
        for key, value in table.items():
            self._automaton.add_word(_units(key), value)
        self._automaton.make_automaton()

    def iter(self, text: str) -> Iterator[tuple[int, Any]]:
        """(index of the last character, value) of every key found in ``text``."""
        return iter(self.finds(text))

    def finds(self, text: str) -> list[tuple[int, Any]]:
        """What :meth:`iter` yields, as a list."""
        units = _units(text)
        if len(units) == 2 * len(text):
            return [(end >> 1, value) for end, value in self._automaton.iter(units) if end & 1]
        return list(self._beyond_bmp(text, units))

    def _beyond_bmp(self, text: str, units: str) -> Iterator[tuple[int, Any]]:
        char_of: list[int] = []  # UTF-16 unit -> character
        for index, ch in enumerate(text):
            char_of.extend((index, index) if ord(ch) > 0xFFFF else (index,))
        for end, value in self._automaton.iter(units):
            if end & 1:
                yield char_of[end >> 1], value
