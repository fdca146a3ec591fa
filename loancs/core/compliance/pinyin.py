"""The sound view: hanzi and typed pinyin folded to one toneless form, with an exact map back.

Evasions replace a hanzi of a lure by its pinyin ("bu查征信", "xia款") or by a homophone
("不看正信"). pypinyin's character table (read once, lazily, from the data file it ships,
without importing the package and its phrase dictionary) gives every hanzi its readings. In
the sound view each hanzi of the dense view becomes its first reading without tone
(还 -> "hai"), Latin letters and digits stay as typed, and ``sound_map[i]`` is the dense
index that produced ``sound[i]``; a term is compiled the same way, so hanzi and pinyin meet.

Homophones made only of hanzi must also agree in tone (包裹 bāoguǒ is not 包过 bāoguò,
同时 is not 同事); typed pinyin carries no tone and is compared without it.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_RAW: dict[int, str] | None = None


def _raw_table() -> dict[int, str]:
    global _RAW
    if _RAW is None:
        table: dict[int, str] = {}
        spec = importlib.util.find_spec("pypinyin")
        if spec is not None and spec.submodule_search_locations:
            path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
            try:
                table = {int(k): v for k, v in json.loads(path.read_text("utf-8")).items()}
            except (OSError, ValueError):
                table = {}
        _RAW = table
    return _RAW


def _split_tone(reading: str) -> tuple[str, str]:
    letters = []
    tone = "5"
    for c in unicodedata.normalize("NFD", reading):
        if c in _TONE_MARKS:
            tone = _TONE_MARKS[c]
        elif c.isascii() and c.isalpha():
            letters.append(c.lower())
    return "".join(letters), tone


@lru_cache(maxsize=65536)
def readings(ch: str) -> tuple[str, frozenset[str]]:
    """(first reading without tone, every reading with its tone digit) of one hanzi;
    ("", frozenset()) when the table does not know it."""
    raw = _raw_table().get(ord(ch))
    if not raw:
        return "", frozenset()
    parsed = [_split_tone(r) for r in raw.split(",")]
    return parsed[0][0], frozenset(s + t for s, t in parsed)


def is_hanzi(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F


_SYLLABLE: dict[str, str] = {}


def _syllable(ch: str) -> str:
    syllable = (readings(ch)[0] if is_hanzi(ch) else "") or ch
    if len(_SYLLABLE) < 200_000:
        _SYLLABLE[ch] = syllable
    return syllable


_LAST: list = [None, None]  # the phrase and concept automata read the same message


def sound(dense: str) -> tuple[str, list[int]]:
    """The sound view of a dense string and the sound offset where each dense character
    starts (plus the total length): dense index of sound[i] = bisect_right(starts, i) - 1."""
    if _LAST[0] == dense:
        return _LAST[1]
    result = _sound(dense)
    _LAST[0], _LAST[1] = dense, result
    return result


def _sound(dense: str) -> tuple[str, list[int]]:
    get = _SYLLABLE.get
    syllables = [get(c) or _syllable(c) for c in dense]
    starts = [0, *accumulate(map(len, syllables))]
    return "".join(syllables), starts


@lru_cache(maxsize=65536)
def _primary_toned(ch: str) -> str:
    raw = _raw_table().get(ord(ch))
    if not raw:
        return ""
    syllable, tone = _split_tone(raw.split(",")[0])
    return syllable + tone


def same_sound(typed: str, term: str) -> bool:
    """Hanzi-only homophone check: every typed character equal to the term's, or read (in its
    usual, first reading) like one reading of it, tone included. 据 is usually jù, so 据你
    is not 拘你 (jū) even though 据 can be read jū."""
    if len(typed) != len(term):
        return False
    same = sum(a == b for a, b in zip(typed, term, strict=True))
    if not same:
        return False  # 待补 is not 逮捕: a homophone keeps at least one character as written
    # In a longer phrase whose other characters are as written, the tone may differ too
    # (不看正信 for 不看征信); a short one must match in tone (包裹 is not 包过).
    loose = len(term) >= 3 and same * 2 >= len(term)
    for a, b in zip(typed, term, strict=True):
        if a == b:
            continue
        if loose:
            if readings(a)[0] != readings(b)[0]:
                return False
        elif _primary_toned(a) not in readings(b)[1]:
            return False
    return True
