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
import pickle
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from operator import eq
from pathlib import Path

from loancs.core.lazyre import lazy_compile

_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


class _Table:
    """pypinyin's character table, code point -> "reading,reading", kept as a sorted array of
    code points and one string of readings (with their offsets), so that a rules cache
    restores it by copying three buffers instead of rebuilding a 40,000-entry dict."""

    __slots__ = ("points", "offsets", "text")

    def __init__(self, points: array[int], offsets: array[int], text: str) -> None:
        self.points, self.offsets, self.text = points, offsets, text

    @classmethod
    def from_mapping(cls, table: dict[int, str]) -> _Table:
        keys = sorted(table)
        values = [table[k] for k in keys]
        return cls(
            array("I", keys), array("I", [0, *accumulate(map(len, values))]), "".join(values)
        )

    def get(self, point: int) -> str | None:
        i = bisect_left(self.points, point)
        if i == len(self.points) or self.points[i] != point:
            return None
        return self.text[self.offsets[i] : self.offsets[i + 1]]

    def dumps(self) -> bytes:
        parts = (self.points.tobytes(), self.offsets.tobytes(), self.text)
        return pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob: bytes) -> _Table | None:
        try:
            points_b, offsets_b, text = pickle.loads(blob)  # noqa: S301 - our own cache
            points, offsets = array("I"), array("I")
            points.frombytes(points_b)
            offsets.frombytes(offsets_b)
        except Exception:  # noqa: BLE001 - a damaged blob: read pypinyin's file instead
            return None
        if not isinstance(text, str) or len(offsets) != len(points) + 1:
            return None
        return cls(points, offsets, text)


_RAW: _Table | None = None
_RAW_BLOB: list[bytes] = []  # the table as written by table_blob(), from a rules cache


def table_blob() -> bytes:
    """The character table as bytes (for a compiled rules cache: restoring it is much
    faster than reading pypinyin's JSON)."""
    return _raw_table().dumps()


def use_table_blob(blob: bytes) -> None:
    """Read the table from ``blob`` (see :func:`table_blob`) when it is first needed."""
    if _RAW is None:
        _RAW_BLOB[:] = [blob]


def _raw_table() -> _Table:
    global _RAW
    if _RAW is None and _RAW_BLOB:
        _RAW = _Table.loads(_RAW_BLOB.pop())
    if _RAW is None:
        table: dict[int, str] = {}
        spec = importlib.util.find_spec("pypinyin")
        if spec is not None and spec.submodule_search_locations:
            path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
            import json  # only without a rules cache: the table then comes from its blob

            try:
                table = {int(k): v for k, v in json.loads(path.read_text("utf-8")).items()}
            except (OSError, ValueError):
                table = {}
        _RAW = _Table.from_mapping(table)
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
    syllable = _SYLLABLE.get(ch)  # (a compile asks ~400 k times, for a few thousand characters)
    if syllable is None:
        syllable = (readings(ch)[0] if is_hanzi(ch) else "") or ch
        if len(_SYLLABLE) < 200_000:
            _SYLLABLE[ch] = syllable
    return syllable


def sound_length(ch: str) -> int:
    """How many characters ``ch`` (a dense character) takes in the sound view (at least 1)."""
    return len(_SYLLABLE.get(ch) or _syllable(ch))


# the typed-pinyin passes (concepts and phrases, usual and other readings) read the same
# windows of a message: dense window -> its sound view, for the last few windows
_LAST: dict[str, tuple[str, list[int]]] = {}


def sound(dense: str) -> tuple[str, list[int]]:
    """The sound view of a dense string and the sound offset where each dense character
    starts (plus the total length): dense index of sound[i] = bisect_right(starts, i) - 1."""
    result = _LAST.get(dense)
    if result is None:
        result = _sound(dense)
        if len(_LAST) >= 8:
            _LAST.clear()
        _LAST[dense] = result
    return result


# The syllable view: two characters per dense character standing for its syllable (a pair of
# private-use code points per syllable a rule's term uses; _UNHEARD for any other). Spans of
# hanzi that sound like a term meet it here a character at a time, where the sound view needs
# a letter at a time (and a map back): see concepts.syllable_matches. Two characters, not
# one, so that no automaton node has more than _LOW children (pyahocorasick scans a node's
# children one by one): a low code (number % _LOW), then a high one (number // _LOW), from
# two ranges, so a key is only ever found on whole pairs.
_LOW = 64
_LOW_BASE = 0xE000
_HIGH_BASE = _LOW_BASE + _LOW


def _token(number: int) -> str:
    return chr(_LOW_BASE + number % _LOW) + chr(_HIGH_BASE + number // _LOW)


_UNHEARD = _token(0)


class Syllables:
    """The syllable view for the syllables in ``ids`` (syllable -> number, from 1): each
    dense character becomes its syllable's two characters. A match ending at index ``i`` of
    the view ends at dense index ``i >> 1``."""

    __slots__ = ("ids", "_table", "folds", "encoded", "_keyed")

    def __init__(self, ids: dict[str, int]) -> None:
        self.ids = ids
        # a plain dict for str.translate, filled as characters are first seen (a dict
        # subclass with __missing__ is read about half as fast); a character not in it yet
        # is left as it is, which the length of the view shows
        self._table: dict[int, str] = {}
        # the same tokens by original character, with its fold: normalize_viewed's table,
        # and its entries as UTF-32 bytes by code point (normalize_viewed's ``encoded``)
        self.folds: dict[int, str] = {}
        self.encoded: list[bytes | None] = []
        # key()'s tokens by character: a numbered syllable keeps its number
        self._keyed: dict[str, str] = {}

    def __reduce__(self) -> tuple[type[Syllables], tuple[dict[str, int]]]:
        return (Syllables, (self.ids,))

    def view(self, dense: str) -> str:
        """``dense`` in the syllable view."""
        view = dense.translate(self._table)
        if len(view) == 2 * len(dense):
            return view
        if len(self._table) >= 200_000:
            return "".join(self._token_of(ch) for ch in dense)
        for ch in set(dense):
            if ord(ch) not in self._table:
                self._table[ord(ch)] = self._token_of(ch)
        return dense.translate(self._table)

    def token(self, ch: str) -> str:
        """The view of one dense character."""
        return self._token_of(ch)

    def _token_of(self, ch: str) -> str:
        number = self.ids.get(_syllable(ch), 0)
        return _token(number) if number else _UNHEARD

    def key(self, term: str) -> str:
        """``term`` in the syllable view, numbering syllables not seen yet (at build time)."""
        out = []
        keyed = self._keyed
        for ch in term:
            token = keyed.get(ch)
            if token is None:
                syllable = _syllable(ch)
                number = self.ids.setdefault(syllable, len(self.ids) + 1)
                token = keyed[ch] = _token(number)
            out.append(token)
        self._table.clear()  # characters read before this syllable was numbered
        self.folds.clear()
        return "".join(out)


MAX_KEYS = 4


def sound_keys(term: str) -> list[str]:
    """Every way a term can be heard when typed in pinyin: its sound view with each
    heteronym also in its second reading (借新还旧 -> jiexinhaijiu, jiexinhuanjiu), the
    usual reading first; at most MAX_KEYS."""
    keys = [""]
    for ch in term:
        first = _syllable(ch)
        options = [first]
        second = _second_reading(ch) if is_hanzi(ch) else ""
        if second and second != first:
            options.append(second)
        keys = [k + o for k in keys for o in options][:MAX_KEYS]
    return keys


@lru_cache(maxsize=65536)
def _second_reading(ch: str) -> str:
    raw = _raw_table().get(ord(ch))
    if not raw or "," not in raw:
        return ""
    return _split_tone(raw.split(",")[1])[0]


def initials_key(term: str) -> str:
    """The abbreviation of an all-hanzi term: the first letter of each syllable in its usual
    reading (身份证 -> sfz, 还款 -> hk, 不看征信 -> bkzx); "" when the term has anything
    but hanzi or a character the table does not know."""
    if not term or not all(is_hanzi(c) for c in term):
        return ""
    letters = [_syllable(c)[:1] for c in term]
    return "".join(letters) if all(x.isascii() and x.isalpha() for x in letters) else ""


_VOWELS = frozenset("aeiouv")


def initials_view(dense: str) -> str:
    """One character per dense character: a hanzi's first pinyin letter, a Latin letter as
    typed, "#" for anything else. Offsets are the dense offsets."""
    out = []
    for ch in dense:
        if ch.isascii():
            out.append(ch if ch.isalpha() else "#")
        elif is_hanzi(ch):
            out.append(_syllable(ch)[:1] or "#")
        else:
            out.append("#")
    return "".join(out)


_CONSONANT_RUN = lazy_compile(r"[b-df-hj-np-tw-z]{2,}")


def consonant_runs(
    dense: str, within: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Dense spans of Latin letters with no vowel, two or more long ("sfz", "dk", "bkzx"):
    what pinyin abbreviations look like (the dense view is case-folded). ``within``: the
    text's runs of a-z when the caller has them (a consonant run lies inside one), so that
    only they are searched."""
    if within is None:
        return [m.span() for m in _CONSONANT_RUN.finditer(dense)]
    finditer = _CONSONANT_RUN.finditer
    return [m.span() for start, end in within for m in finditer(dense, start, end)]


def _sound(dense: str) -> tuple[str, list[int]]:
    get = _SYLLABLE.get
    syllables = [get(c) or _syllable(c) for c in dense]
    starts = [0, *accumulate(map(len, syllables))]
    return "".join(syllables), starts


@lru_cache(maxsize=65536)
@lru_cache(maxsize=65536)
def _sounds_like(typed: str, term: str) -> int:
    """How the hanzi ``typed`` stands for the hanzi ``term`` (two different characters): 2 when
    its usual (first) reading is one of the term's readings, tone included; 1 when only its
    toneless usual reading is the term's usual one (a loose homophone); 0 otherwise, or
    when the table does not know ``typed``. Cached: a check asks about a few pairs, often the
    same ones."""
    heard = readings(typed)[0]
    meant, toned = readings(term)
    if not heard or heard != meant:
        return 0
    raw = _raw_table().get(ord(typed))
    syllable, tone = _split_tone(raw.split(",")[0]) if raw else ("", "")
    return 2 if syllable + tone in toned else 1


def same_sound(typed: str, term: str, any_tone: bool = False) -> bool:
    """Hanzi-only homophone check: every typed character equal to the term's, or read (in its
    usual, first reading) like one reading of it, tone included. 据 is usually jù, so 据你
    is not 拘你 (jū) even though 据 can be read jū. ``any_tone`` lets a short term differ in
    tone too (for terms that only count beside another concept)."""
    if len(typed) != len(term):
        return False
    same = sum(map(eq, typed, term))  # in C
    if not same:
        return False  # 待补 is not 逮捕: a homophone keeps at least one character as written
    # In a phrase of four or more characters whose other characters are as written, the tone
    # may differ too (不看正信 for 不看征信); a shorter one must match in tone (包裹 is not 包过,
    # 这么简单 is not 这么贱: one character in three is the word's meaning, not a typo).
    # Each other character: b's usual syllable (other readings are for typed pinyin only:
    # 贷一 is not 大一, 为身份证 is not 有身份证), in the same tone unless loosely (正信 for 不看征信)
    least = 1 if any_tone or (len(term) >= 4 and same * 2 >= len(term)) else 2
    for a, b in zip(typed, term, strict=True):
        if a != b and _sounds_like(a, b) < least:
            return False
    return True


# Every toneless syllable of Mandarin (from the same table), for telling a message typed wholly
# in pinyin ("bao xia kuan, bu kan zheng xin") from an English one.
_SYLLABLES = frozenset(
    (  # noqa: SIM905 - one string reads better than 416 literals
        "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bong bu ca cai "
        "can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua "
        "chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei "
        "den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa "
        "fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai "
        "guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang "
        "hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang "
        "kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei "
        "len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo ma mai man "
        "mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei "
        "nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan nue nun nuo o ou pa pai "
        "pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin "
        "qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo "
        "sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu "
        "shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao "
        "te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng "
        "wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye "
        "yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan "
        "zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi "
        "zong zou zu zuan zui zun zuo "
    ).split()
)
_LATIN_WORD = lazy_compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def _syllabic(word: str) -> bool:
    """The word splits into pinyin syllables (zhengxin -> zheng xin). (Cached: the same
    English words come back message after message.)"""
    ends = [True] + [False] * len(word)
    for i in range(len(word)):
        if ends[i]:
            for j in range(i + 1, min(len(word), i + 6) + 1):
                if word[i:j] in _SYLLABLES:
                    ends[j] = True
    return ends[-1]


def reads_as_pinyin(light: str) -> bool:
    """A message written in pinyin instead of hanzi: at least three Latin words, nearly all
    of them pinyin syllables, two of them longer than two letters (English has few such
    runs: "he is in a bank" is not one)."""
    words = _LATIN_WORD.findall(light.lower())
    if len(words) < 3 or sum(len(w) > 2 for w in words) < 2:
        return False
    # stops at the first word that leaves too few to reach 85% (the same verdict as counting
    # them all: the words left can only lower the count)
    need = 0.85 * len(words)
    ceiling = len(words)  # the most the count can still reach
    for word in words:
        if not _syllabic(word):
            ceiling -= 1
            if ceiling < need:
                return False
    return True
