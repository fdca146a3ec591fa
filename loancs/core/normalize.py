"""Text normalisation that defeats evasion while remembering where every character came from.

An agent can dodge a naive phrase filter with ``秒 批``, ``无*门*槛``, full-width ``ＡＰＰ``,
traditional ``保證通過``, zero-width characters inside a word, or ``GUARANTEED``. We fold
each original character independently (NFKC, case-fold, traditional -> simplified) and keep,
for every folded character, the index of the original character it came from. Folding one
character at a time keeps that map exact: OpenCC's character table never changes length
(checked over all CJK blocks; 您 also folds to 你 so one pattern covers both), and NFKC expansions such as ``㎏`` -> ``kg`` map both folded
characters back to the one original. Converting character by character loses OpenCC's phrase
context (乾隆 becomes 干隆) which only matters for display, and we never display folded text.

Two views come out of one pass:

- ``light``: folded text with zero-width/format/control characters removed and runs of
  spaces collapsed to one; punctuation, digits and spaces stay. Numbers, percentages and PII are read from this view.
- ``dense``: ``light`` without any separator (spaces, punctuation, symbols, marks). Phrase
  rules match here, so ``无*门*槛`` and ``保 证 通 过`` read as the phrases they are.

Cantonese written in hanzi (你唔還錢，我哋就搵你屋企人) is then read as Mandarin (你不还钱，我们就找
你家里人): a text holding a character only Cantonese writes (哋, 唔, 嘅, 咗, 冇 ...) has its
Cantonese words replaced in both views (see :data:`DIALECT`), so the Mandarin terms of every
rule and concept cover it. A replacement is never shorter than the word it replaces and each
of its characters maps to a character of that word, so a hit still spans what the agent typed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Container, Mapping
from dataclasses import FrozenInstanceError
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add, itemgetter
from typing import Any, TypeVar

from loancs.core.lazyre import LazyPattern, lazy_compile

# the UTF-32 codec's own functions: str.encode("utf-32-le") and bytes.decode("utf-32-le")
# find them by name in the codec registry at each call, and the decode runs a Python frame
# (encodings.utf_32_le.decode): together about half of what the two calls cost
_utf32_encode = codecs.utf_32_le_encode
_utf32_decode = codecs.utf_32_le_decode

_T2S: list[Any] = []  # OpenCC's converter, made on first use (its start-up is milliseconds)


def _t2s(text: str) -> str:
    if not _T2S:
        import opencc

        _T2S.append(opencc.OpenCC("t2s"))
    converted: str = _T2S[0].convert(text)
    return converted


# The hanzi digits as numbers (两 is 2; 零 and 〇 are 0): the one table the rate, time, count
# and calculator readers share.
_HANZI = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_HANZI |= {"七": 7, "八": 8, "九": 9}
HANZI_DIGITS: Mapping[str, int] = _HANZI
# The same without zero (a count or a term is never 零).
HANZI_NONZERO: Mapping[str, int] = {k: v for k, v in HANZI_DIGITS.items() if v}

# Same word, different politeness: rules written with 你 also catch 您 (and 妳).
_VARIANTS = str.maketrans({"您": "你", "妳": "你"})

# folded form of one original character -> (light chars, dense-kept flags)
_FOLD_CACHE: dict[str, tuple[str, str]] = {}
_FOLD_CACHE_MAX = 200_000
# characters that fold to nothing or to several characters (never evicted: small)
_IRREGULAR: set[str] = set()


_R = TypeVar("_R", bound="Record")


class Record:
    """What ``@dataclass(frozen=True, slots=True)`` gives a class, written out: a dataclass
    costs ~4 M instructions to create (Python compiles its generated methods), paid by every
    ``loancs check`` at import. Equality and hash over the fields (``__slots__``, in order;
    only with the same class), a dataclass-like repr, no assignment after __init__ (a
    subclass sets its fields with ``object.__setattr__``), pickled as a call, and
    :meth:`replace` for ``dataclasses.replace``."""

    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = type(self).__slots__
        return names

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._names()])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._values())

    def _reduce_unchecked(self) -> tuple[Any, ...]:
        """``__reduce__`` for a record whose ``__init__`` checks its values: unpickled without
        calling it, as a dataclass is (a cached ContactPolicy compiles no regex on load)."""
        return (_restored, (type(self), self._values()))

    def replace(self: _R, **changes: Any) -> _R:
        """A copy with ``changes`` (field -> value), as ``dataclasses.replace`` makes one."""
        unknown = changes.keys() - set(self._names())
        if unknown:
            raise TypeError(f"{type(self).__qualname__} has no field {sorted(unknown)[0]!r}")
        return type(self)(**{n: changes.get(n, getattr(self, n)) for n in self._names()})


_set = object.__setattr__


def _restored(cls: type[_R], values: tuple[Any, ...]) -> _R:
    made = object.__new__(cls)
    names: tuple[str, ...] = cls.__slots__
    for name, value in zip(names, values, strict=True):
        _set(made, name, value)
    return made


class Normalized(Record):
    """Folded views of ``original`` with per-character maps back into it.

    ``light_map[i]`` / ``dense_map[i]`` is the index in ``original`` of the character that
    produced ``light[i]`` / ``dense[i]``.
    """

    __slots__ = ("original", "light", "light_map", "dense", "dense_map")
    __match_args__ = ("original", "light", "light_map", "dense", "dense_map")
    original: str
    light: str
    light_map: tuple[int, ...]
    dense: str
    dense_map: tuple[int, ...]

    def __init__(
        self,
        original: str,
        light: str,
        light_map: tuple[int, ...],
        dense: str,
        dense_map: tuple[int, ...],
    ) -> None:
        _set(self, "original", original)
        _set(self, "light", light)
        _set(self, "light_map", light_map)
        _set(self, "dense", dense)
        _set(self, "dense_map", dense_map)

    def dense_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering dense[start:end] (end exclusive, non-empty span)."""
        return self.dense_map[start], self.dense_map[end - 1] + 1

    def light_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering light[start:end] (end exclusive, non-empty span)."""
        return self.light_map[start], self.light_map[end - 1] + 1


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return 0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F


def is_separator(ch: str) -> bool:
    """Spaces, punctuation, symbols, marks and control/format characters."""
    return unicodedata.category(ch)[0] in "ZPSMC"


def _is_invisible(ch: str) -> bool:
    # Format (zero-width space/joiners, BOM, soft hyphen) and controls other than line breaks.
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Cc" and ch not in "\n\t\r")


# The folded form of every ideograph of the common CJK blocks, from a rules cache (see
# cjk_blob): a process that has it folds hanzi without starting OpenCC. "\0" marks one that
# does not fold to a single kept character (fold_char works it out).
_CJK_FIRST, _CJK_LAST = 0x3400, 0x9FFF
_CJK_FOLDS: list[str] = []


def cjk_blob() -> str:
    """What :func:`use_cjk_blob` takes: the ideographs U+3400..U+9FFF folded, one each."""
    out = []
    for point in range(_CJK_FIRST, _CJK_LAST + 1):
        folded, keep = fold_char(chr(point))
        out.append(folded if len(folded) == 1 and keep == "1" else "\0")
    return "".join(out)


def use_cjk_blob(blob: str) -> None:
    """Fold the common ideographs from ``blob`` (see :func:`cjk_blob`), not with OpenCC."""
    if len(blob) == _CJK_LAST - _CJK_FIRST + 1:
        _CJK_FOLDS[:] = [blob]


def fold_char(ch: str) -> tuple[str, str]:
    """Fold one original character.

    Returns ``(light, keep)``: ``light`` is the folded string for the light view (possibly
    empty, possibly several characters) and ``keep`` has a "1" for each light character that
    also belongs in the dense view, "0" for a separator.
    """
    cached = _FOLD_CACHE.get(ch)
    if cached is not None:
        return cached
    point = ord(ch)
    known = (
        _CJK_FOLDS[0][point - _CJK_FIRST] if _CJK_FOLDS and _CJK_FIRST <= point <= _CJK_LAST else ""
    )
    if known and known != "\0":
        result = (known, "1")
    elif _is_invisible(ch):
        result = ("", "")
    else:
        folded = unicodedata.normalize("NFKC", ch).casefold()
        if len(folded) == 1 and "\u00c0" <= folded <= "\u024f" and folded not in "üǖǘǚǜ":
            # a Latin letter with a tone mark or accent folds to its letter: typed pinyin
            # ("不chá征信") meets the toneless pinyin the checker reads; ü stays (lü is not lu)
            base = unicodedata.normalize("NFKD", folded)[0]
            if base.isascii() and base.isalpha():
                folded = base
        if any(_is_cjk(c) for c in folded):
            folded = _t2s(folded).translate(_VARIANTS)
        chars = []
        keep = []
        for c in folded:
            if _is_invisible(c):
                continue
            if c in "\t\r\n":
                c = " " if c != "\n" else "\n"
            chars.append(c)
            keep.append("0" if is_separator(c) else "1")
        result = ("".join(chars), "".join(keep))
    if len(result[0]) != 1:
        _IRREGULAR.add(ch)
    if len(_FOLD_CACHE) >= _FOLD_CACHE_MAX:
        _FOLD_CACHE.clear()
    _FOLD_CACHE[ch] = result
    return result


# 0, 1, 2, ... once: a message's maps slice them (pointers) instead of making an int object for
# each index above 256 (most of a 300-character message's)
_MANY = 1024
_INDICES = tuple(range(_MANY))

# A ``str.translate`` table over original characters, filled from :func:`fold_char` the first
# time a character is seen: a character that folds to one character maps to that character and
# "\x01" if it belongs in the dense view ("\x02" if it also marks Cantonese, "\x00" for a separator); any other character maps to
# "" (:func:`normalize` then takes the slow path). A plain dict: ``str.translate`` reads a dict
# subclass (one with ``__missing__``) about half as fast, so a character not in it yet is left
# as it is, which the length of the result shows.
_FOLDS: dict[int, str] = {}


def _learn(text: str) -> bool:
    """Put the characters of ``text`` that :data:`_FOLDS` does not have yet into it; whether
    there were any (and room for them)."""
    unseen = [ch for ch in set(text) if ord(ch) not in _FOLDS]
    if not unseen or len(_FOLDS) + len(unseen) > _FOLD_CACHE_MAX:
        return False
    for ch in unseen:
        light, keep = fold_char(ch)
        # "\x02": a dense character that marks Cantonese (see _fold_dialect)
        # "\x03": a dense character that may start a Cantonese word written without any marker
        # (老细, 听日, 差人: see _PLAIN_WORDS)
        flag = (
            "\x02"
            if light in _DIALECT_MARKS
            else "\x03"
            if light in _PLAIN_MARKS
            else "\x01"
            if keep == "1"
            else "\x00"
        )
        _FOLDS[ord(ch)] = light + flag if len(light) == 1 else ""
    return True


def normalize(text: str) -> Normalized:
    """Fold ``text`` into light and dense views with maps back to original offsets."""
    # str.translate reads every character's folded form from a table (filled by fold_char on
    # first sight), so a message costs a few passes in C, not a Python step per character.
    both = text.translate(_FOLDS)  # folded character, dense flag; "" for an irregular one
    size = len(text)
    if len(both) != 2 * size and _learn(text):
        both = text.translate(_FOLDS)
    if len(both) == 2 * size:
        folded_text = both[0::2]
        if "  " not in folded_text:
            # Fast path (nearly every message): one folded character per original character,
            # nothing invisible, no run of spaces: the light view IS the folded text.
            flags = both[1::2]
            keep = flags.encode("latin-1")
            # The dense view drops each separator's pair (character, "\x00"): a folded
            # character is never "\x00" (controls fold to nothing), so splitting at "\x00"
            # cuts right after each separator, in C rather than a step per character.
            pieces = both.split("\x00")
            pieces[-1] += "\x01"  # the last piece has no separator to drop
            norm = Normalized(
                original=text,
                light=folded_text,
                light_map=_INDICES[:size] if size <= _MANY else tuple(range(size)),
                dense="".join([piece[:-1] for piece in pieces])[0::2],
                dense_map=tuple(compress(_INDICES if size <= _MANY else range(size), keep)),
            )
            if "\x02" in flags:
                return _fold_dialect(norm)
            return _fold_dialect(norm, _PLAIN_RE) if "\x03" in flags else norm
    norm = _normalize_slow(text)
    if _DIALECT_GATE.search(norm.light) is not None:
        return _fold_dialect(norm)
    return norm if _PLAIN_GATE.search(norm.light) is None else _fold_dialect(norm, _PLAIN_RE)


_BUT_LAST_THREE = itemgetter(slice(None, -3))  # piece[:-3]
_charmap_encode = codecs.charmap_encode
_BMP = 0x10000  # ``encoded`` lists reach no further (a list of code points beyond is large)


def _translated(
    text: str,
    table: dict[int, str],
    token: Callable[[str], str],
    marked: Container[str],
    encoded: list[bytes | None] | None,
    resync: bool = False,
) -> str:
    """``text.translate(table)``, first filling ``table`` with the characters it lacks (at
    most _FOLD_CACHE_MAX entries; see :func:`normalize_viewed`), and then ``encoded`` with
    the text's characters' entries when it learned one (or ``resync``: ``encoded`` lacks an
    entry ``table`` has)."""
    units = text.translate(table)  # token, folded character, dense flag (see _FOLDS)
    size = len(text)
    if len(units) != 4 * size:
        resync = True
        _learn(text)
        unseen = [ch for ch in set(text) if ord(ch) not in table]
        if len(table) + len(unseen) <= _FOLD_CACHE_MAX:
            for ch in unseen:
                entry = _FOLDS.get(ord(ch), "")
                if len(entry) == 2 and entry[1] == "\x01" and entry[0] in marked:
                    entry = entry[0] + "\x04"
                table[ord(ch)] = token(entry[0]) + entry if len(entry) == 2 else ""
            units = text.translate(table)
    if encoded is not None and resync:
        for ch in set(text):
            code = ord(ch)
            units_of = table.get(code)
            if units_of is None or code >= _BMP:
                continue
            if code >= len(encoded):
                encoded.extend([None] * (code + 1 - len(encoded)))
            if encoded[code] is None:
                try:
                    encoded[code] = _utf32_encode(units_of)[0]
                except UnicodeError:  # a lone surrogate: this character keeps str.translate
                    continue
    return units


def normalize_viewed(
    text: str,
    table: dict[int, str],
    token: Callable[[str], str],
    marked: Container[str] = (),
    encoded: list[bytes | None] | None = None,
) -> tuple[Normalized, str | None, list[int] | None]:
    """:func:`normalize`, and in the same pass a view of its dense text that reads each dense
    character c as ``token(c)`` (two characters: the syllable view, see
    :class:`loancs.core.compliance.pinyin.Syllables`) and the dense indices of the characters
    in ``marked``; both None when the text needs more than the fast path (folds to other
    lengths, runs of spaces, Cantonese): then the caller reads them from the dense text.
    ``table`` is the caller's own (for one ``token`` and one ``marked``), filled here as
    characters are first seen (at most _FOLD_CACHE_MAX): original character -> its token,
    then its :data:`_FOLDS` entry, with the dense flag "\x04" for a marked character ("" for
    a character that does not fold to one character).

    One ``str.translate`` instead of two: most of a check's cost of reading a text is the
    per-character table lookup, not the copying. The views and maps are exactly
    :func:`normalize`'s.

    ``encoded`` (the caller's own, kept with ``table``; empty at first): ``table``'s entries
    as UTF-32-LE bytes, indexed by code point (None where it has none yet), filled here.
    With it the units are read by ``codecs.charmap_encode`` and decoded in one call: the same
    string as ``text.translate(table)`` for a text whose every character has an entry, in
    half the instructions (str.translate grows its output by one unit at a time once the
    output outruns the text's length, a reallocation per character; a list is read by
    index, not hashed). A character without an entry (first seen, or past the list) raises,
    and the text takes the str.translate path, which learns it."""
    size = len(text)
    units = ""
    resync = False
    if encoded is not None:
        try:
            units = _utf32_decode(_charmap_encode(text, "strict", encoded)[0], "strict", True)[0]
        except UnicodeEncodeError as error:  # a character without an entry in ``encoded``
            code = ord(text[error.start])
            resync = code < _BMP and code in table
    if len(units) != 4 * size:
        units = _translated(text, table, token, marked, encoded, resync)
    folded_text = units[2::4]
    if len(units) != 4 * size or "  " in folded_text:
        return normalize(text), None, None
    flags = units[3::4]
    if "\x02" in flags or "\x03" in flags:
        return normalize(text), None, None  # Cantonese words may be read as Mandarin
    # as in normalize: splitting at each separator's flag "\x00" cuts right after its unit,
    # whose first three characters the join then drops (the last piece has no separator)
    pieces = units.split("\x00")
    pieces[-1] += "\x01\x01\x01"
    kept = "".join(map(_BUT_LAST_THREE, pieces))  # the dense characters' units (in C)
    # each unit is 16 bytes in UTF-32: the token is the first 8
    tokens = memoryview(_utf32_encode(kept)[0]).cast("Q")[::2].tobytes()
    norm = Normalized(
        original=text,
        light=folded_text,
        light_map=_INDICES[:size] if size <= _MANY else tuple(range(size)),
        dense=kept[2::4],
        dense_map=tuple(
            compress(_INDICES if size <= _MANY else range(size), flags.encode("latin-1"))
        ),
    )
    marked_at = []
    if "\x04" in flags:
        # where each "\x04" stands: the pieces split cuts, their lengths summed in C
        pieces = kept[3::4].split("\x04")
        pieces.pop()
        marked_at = list(map(add, accumulate(map(len, pieces)), count()))
    return norm, _utf32_decode(tokens, "strict", True)[0], marked_at


def _normalize_slow(text: str) -> Normalized:
    light: list[str] = []
    light_map: list[int] = []
    dense: list[str] = []
    dense_map: list[int] = []
    cache = _FOLD_CACHE
    for index, ch in enumerate(text):
        entry = cache.get(ch) or fold_char(ch)
        folded, keep = entry
        if not folded:
            continue
        if len(folded) == 1:
            if folded == " " and light and light[-1] == " ":
                continue  # one space stands for a run, so "monthly  rate" reads as a keyword
            light.append(folded)
            light_map.append(index)
            if keep == "1":
                dense.append(folded)
                dense_map.append(index)
            continue
        for c, k in zip(folded, keep, strict=True):
            light.append(c)
            light_map.append(index)
            if k == "1":
                dense.append(c)
                dense_map.append(index)
    return Normalized(
        original=text,
        light="".join(light),
        light_map=tuple(light_map),
        dense="".join(dense),
        dense_map=tuple(dense_map),
    )


# ------------------------------------------------------------------------- Cantonese
# Cantonese (as folded: t2s has made 搵 揾, 嗰 𠮶, 係 系, 聽 听, 細 细) -> Mandarin. Only a text with
# one of the characters of _DIALECT_MARKS (written in Cantonese, rarely in Mandarin) is folded,
# so 差人 / 老细 / 听日 without one stay as written (rule packs may list those forms too).
# Every replacement is at least as long as its word (the offset map stays exact).
# fmt: off
DIALECT: dict[str, str] = {
    # function words and pronouns
    "哋": "们", "唔": "不", "揾": "找", "佢": "他", "冇": "没有", "冇得": "没得", "嘅": "的",
    "咗": "了", "喺": "在", "嚟": "来", "俾": "给", "畀": "给", "睇": "看", "啲": "的",
    "一啲": "一些", "呢啲": "这些", "𠮶啲": "那些", "快啲": "快点", "早啲": "早点",
    "乜": "什么", "乜嘢": "什么", "咩": "什么", "嘢": "东西", "𠮶": "那", "攞": "拿", "瞓": "睡",
    "啱啱": "刚刚", "啱": "对", "咁": "这么", "咁样": "这样", "噉": "这样", "嘞": "了", "咪": "别",
    "嬲": "生气", "冚家": "全家", "唔好": "不要", "唔使": "不用", "唔该": "谢谢", "唔系": "不是",
    "系咪": "是不是", "系唔系": "是不是", "系": "是", "话": "说", "等住": "等着",
    "呢个": "这个", "呢度": "这里", "呢期": "这期", "呢笔": "这笔", "呢单": "这单", "呢次": "这次",
    "边个": "哪个", "边度": "哪里", "边间": "哪间", "边位": "哪位", "点样": "怎样", "点解": "为什么",
    "成日": "整天", "而家": "现在", "宜家": "现在", "依家": "现在", "听日": "明天", "听朝": "明早",
    "琴日": "昨天", "今日": "今天", "朝早": "早上", "夜晚": "晚上", "捉": "抓",
    "谂": "想", "喺边": "在哪", "去边": "去哪", "边处": "哪里", "差馆": "派出所",
    # people and places
    "屋企人": "家里人", "屋企": "家里", "老豆": "老爸", "老窦": "老爸", "老母": "妈妈",
    "阿妈": "妈妈", "阿爸": "爸爸", "外母": "岳母", "老细": "老板", "细路": "小孩",
    "细路仔": "小孩子", "个仔": "儿子", "个女": "女儿", "返工": "上班", "差人": "警察",
    "差佬": "警察", "警署": "派出所", "坐监": "坐牢", "拍门": "敲门",
    # abuse
    "仆街": "混蛋", "扑街": "混蛋", "废柴": "废物", "衰人": "坏人",
    "倾吓": "谈谈", "倾下": "谈谈", "倾偈": "聊天", "讲笑": "开玩笑", "同你": "跟你",
}
# fmt: on
# Characters only Cantonese writes (and 屋 佬 仆 柴 of 屋企, 差佬, 仆街, 废柴): the folding table
# flags them, so a text without one costs a single C-level search.
_DIALECT_MARKS = frozenset("哋唔揾佢冇嘅咗喺嚟俾畀睇啲乜嘢𠮶攞瞓啱咁咩噉嘞咪嬲冚屋佬仆柴谂")
_DIALECT_GATE = lazy_compile("[" + "".join(sorted(_DIALECT_MARKS)) + "]")
# Cantonese words a text may carry with no marker character at all ("你老细电话我有，听日打过去"):
# folded only where the next or previous character leaves no Mandarin reading (老细胞, 听日语,
# 差人送来 stay). The table flags 细 听 差 "\x03", so other texts never run this regex.
_PLAIN_WORDS = {
    "老细": "老细(?!胞)",
    "听日": "听日(?![语文本剧元记])",
    "听朝": "听朝(?!廷)",
    "差人": "(?<=[报叫找])差人|差人(?=[拉捉抓拘])",
    "差馆": "差馆",
}
_PLAIN_MARKS = frozenset("细听差")
_PLAIN_GATE = lazy_compile("|".join(_PLAIN_WORDS))
_PLAIN_RE = lazy_compile("|".join(_PLAIN_WORDS.values()))
# 啲 before a noun is 的/些 ("我哋啲同事"); closing a clause it is 点 ("小心啲", "快啲啦")
_DIAN_AFTER = frozenset("，,。！!？?；;：: \n啦吧呀啊嘞了la")
# 系 is "is" after a subject or adverb (not in 联系, 关系, 系统); 话 is "says" after a person
# (not in 电话, 话费).
_DIALECT_CONTEXT = {
    "系": "(?<=[你我他她它们哋佢都就真唔不即仲亦又先])系(?![统列])",
    "话": "(?<=[他她们哋佢妈爸哥姐你我])话(?![费筒题])",
}
_DIALECT_RE = lazy_compile(  # compiled on first use, or read from the rules cache
    "|".join(
        _DIALECT_CONTEXT.get(word, re.escape(word))
        for word in sorted(DIALECT, key=len, reverse=True)
    )
)


def _fold_dialect_view(
    view: str, index: tuple[int, ...], pattern: LazyPattern, original: str
) -> tuple[str, tuple[int, ...]]:
    pieces: list[str] = []
    mapped: list[int] = []
    last = 0
    for m in pattern.finditer(view):
        start, end = m.span()
        target = DIALECT[m.group()]
        if target == "的":  # 啲: read what follows it in the original, the same in both views
            after = index[start] + 1
            if after == len(original) or original[after] in _DIAN_AFTER:
                target = "点"
        pieces.append(view[last:start])
        mapped.extend(index[last:start])
        pieces.append(target)
        mapped.extend(index[min(start + i, end - 1)] for i in range(len(target)))
        last = end
    if not pieces:
        return view, index
    pieces.append(view[last:])
    mapped.extend(index[last:])
    return "".join(pieces), tuple(mapped)


def _fold_dialect(norm: Normalized, pattern: LazyPattern = _DIALECT_RE) -> Normalized:
    """``norm`` with its Cantonese words read as Mandarin (see :data:`DIALECT`)."""
    light, light_map = _fold_dialect_view(norm.light, norm.light_map, pattern, norm.original)
    dense, dense_map = _fold_dialect_view(norm.dense, norm.dense_map, pattern, norm.original)
    return norm.replace(light=light, light_map=light_map, dense=dense, dense_map=dense_map)


@lru_cache(maxsize=65536)
def fold_dense(text: str) -> str:
    """The dense view alone: how a rule pattern is stored for matching."""
    return normalize(text).dense


def fold_light(text: str) -> str:
    """The light view alone: how a keyword that sits next to a number is stored."""
    return normalize(text).light


def is_word_char(ch: str) -> bool:
    """A Latin letter or digit after folding: the characters an English word boundary needs."""
    folded, _ = fold_char(ch)
    return bool(folded) and folded[-1].isascii() and folded[-1].isalnum()


# any(c.isdigit() for c in text) read by sre: \d is a decimal digit (any plane); the
# digits that are not decimal (superscripts, circled and parenthesized digits ①⑴⒈, Ethiopic
# digits...) are listed for the BMP; past the BMP (33 more, none in a normal message) a text
# holding any such character is read character by character as before.
_DIGIT_LIKE = lazy_compile(
    "[\\d\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089"
    "\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e"
    "\u2780-\u2788\u278a-\u2792]"
)


def has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``, without a Python step (and a new one-character
    string) per character: ~3 us instead of ~30 for 300 characters of Chinese."""
    if _DIGIT_LIKE.search(text) is not None:
        return True
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return False  # nothing past the BMP
    return any(map(str.isdigit, text))
