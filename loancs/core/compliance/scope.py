"""Where a phrase stands: negation before it, and the clause and sentence around it.

"我们不能保证通过", "we will never contact your employer": a negator shortly before a phrase,
joined to it only by bridge words, makes it compliant. Matched in the dense view strictly
BEFORE the phrase, so the 不 inside 不看征信 never negates itself; Latin negators must stand
as whole words in the original text. In "再不还就找你单位" the 不 negates 还, not the threat:
anything but a bridge word between them ends the negation's reach.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from itertools import accumulate, compress, count, repeat
from operator import add, sub
from typing import Any

from loancs.core.lazyre import LazyPattern, lazy_compile
from loancs.core.normalize import Normalized, fold_char, is_word_char, normalize

NEGATORS = (
    "没有办法",
    "没办法",
    "没法",
    "不能",
    "无法",
    "不会",
    "不可能",
    "不是",
    "并非",
    "并不",
    "绝不",
    "决不",
    "从不",
    "从来不",
    "从未",
    "没有",
    "没",
    "不",
    "未",
    "别",
    "勿",
    "禁止",
    "不得",
    "严禁",
    "不允许",
    "不可以",
    "杜绝",
    "谨防",
    "警惕",
    "不建议",
    "切勿",
    "停止",
    "暂停",
    "不再",
    "stop",
    "stopped",
    "cease",
    "ceased",
    "nolonger",
    "cannot",
    "cant",
    "can't",
    "not",
    "never",
    "noonecan",
    "nobodycan",
    "nolendercan",
    "no",
    "dont",
    "don't",
    "wont",
    "won't",
    "doesnt",
    "doesn't",
    "isnt",
    "isn't",
    "arent",
    "aren't",
    "nobody",
    "none",
    "beware",
    "shouldnt",
    "mustnt",
    "wouldnt",
    "didnt",
    "havent",
    "hasnt",
    "wasnt",
    "werent",
)
# Longest first, and overlapping occurrences too (the lookahead): "不能" and its "不" are
# both tried. Apostrophes are separators, so "can't" is matched as "cant". Group 1 is the
# negator; each match consumes its first character and reads the negator in a one-character
# lookbehind, so sre scans for the first characters in C (a leading lookahead gets no
# first-character scan: every position would be tried).
_NEGATOR_WORDS = sorted({n.replace("'", "") for n in NEGATORS}, key=lambda k: (-len(k), k))
NEGATOR_RE = lazy_compile(
    "["
    + "".join(sorted({re.escape(k[0]) for k in _NEGATOR_WORDS}))
    + "](?<=(?=("
    + "|".join(re.escape(k) for k in _NEGATOR_WORDS)
    + ")).)"
)
# 不 followed by these does not negate what comes after ("不管...", "不到5分钟...").
NON_NEGATING = (
    "不仅",
    "不但",
    "不管",
    "不论",
    "不用",
    "不必",
    "不到",
    "不超过",
    "不怕",
    "不限",
    "不要担心",
    "不还",
    "不按时",
    "不接",
    "不回",
    "不理",
    "不配合",
    "没还",
    "没钱",
    "没有钱",
    "不交",
    "不付",
    "不想还",
    "没有还",
    "nomatter",
    "notpay",
    "notpaying",
    "dontpay",
    "nopay",
    "didntpay",
)
BRIDGES_ZH = frozenset(
    [
        "会",
        "能",
        "能够",
        "可",
        "可能",
        "可以",
        "是",
        "要",
        "需要",
        "去",
        "再",
        "主动",
        "随便",
        "随意",
        "轻易",
        "擅自",
        "私自",
        "对外",
        "向",
        "给",
        "对",
        "为",
        "帮",
        "替",
        "跟",
        "和",
        "与",
        "您",
        "你",
        "您的",
        "你的",
        "我们",
        "我",
        "都",
        "也",
        "一定",
        "百分百",
        "百分之百",
        "100",
        "承诺",
        "提供",
        "做到",
        "做",
        "说",
        "敢",
        "得",
        "以",
        "任何",
        "任何方式",
        "方式",
        "所谓",
        "什么",
        "存在",
        "有",
        "进行",
        "安排",  # 不安排外访: not arranged is not done (session 30)
        "随时",
        "人",
        "谁",
        "任何人",
        "把",
        "将",
        "情况",
        "信息",
        "欠款",
        "债务",
        "借款",
        "这件事",
        "此事",
        "在",
        "保证",
        "确保",
        "贷款",
        "会在",
        "因为",
        "因",
        "逾期",
        "就",
        "而",
        "面向",
        "针对",
        "夜间",
        "晚上",
        "上门",
        "或",
        "及",
        "以及",
        "家里",
        "让",
        "们",
        "本人",
        "他们",
        "他",
        "她",
        "第三方",
        "泄露",
        "透露",
        "告知",
        "额度",
        "资金",
        "放款",
        "主动去",
        "到",
        "来",
        "过来",
        "朋友圈",
        "群",
        "群里",
        "网上",
        "或者",
        "受到",
        "受",
        "造成",
        "产生",
        "带来",
        "对您",
        "构成",
        # 我们没办法提前保证通过, 不是每个人都能批 (session 35): a denial, not a promise
        "提前",
        "事先",
        "预先",
        "每个人",
        "每一个人",
        "人人",
        # 逾期不会导致刑事责任 / 不会引起坐牢: a consequence denied
        "导致",
        "引起",
        "属于",
        "涉及",
        "算",
        # 我们没有说过一定能批 / 从没承诺过: a denial of having said it
        "说过",
        "讲过",
        "讲",
        "承诺过",
        "答应过",
        "保证过",
        "表示过",
    ]
)
BRIDGES_EN = frozenset(
    [
        "circumstances",
        "post",
        "publish",
        "anything",
        "from",
        "team",
        "staff",
        "agent",
        "agents",
        "collector",
        "collectors",
        "company",
        "member",
        "members",
        "threaten",
        "with",
        "must",
        "full",
        "time",
        "currently",
        "a",
        "an",
        "the",
        "any",
        "be",
        "been",
        "ever",
        "offer",
        "offers",
        "offering",
        "give",
        "gives",
        "provide",
        "provides",
        "promise",
        "promises",
        "say",
        "says",
        "tell",
        "make",
        "makes",
        "we",
        "you",
        "i",
        "it",
        "is",
        "are",
        "will",
        "would",
        "can",
        "could",
        "do",
        "does",
        "did",
        "to",
        "of",
        "that",
        "there",
        "able",
        "going",
        "always",
        "really",
        "actually",
        "such",
        "thing",
        "as",
        "ever",
        "us",
        "our",
        "lender",
        "one",
        "anyone",
        "anybody",
        "your",
        "share",
        "call",
        "contact",
        "ever",
        "should",
        "let",
        "anything",
        "about",
        "or",
        "and",
        "over",
        "this",
        "ever",
        "posting",
        "posted",
        "sharing",
        "putting",
        "publishing",
        "calling",
        "contacting",
        "telling",
        "visiting",
        "coming",
        "required",
        "obliged",
        "obligated",
        "chance",
        "way",
        "risk",
        "youll",
        "youre",
        "theyll",
        "go",
        "get",
    ]
)
_BRIDGE_MAX = max(len(w) for w in BRIDGES_ZH)
CJK_WINDOW = 12  # dense characters scanned before a CJK phrase for a negator
LATIN_WINDOW = 28  # ... before a Latin phrase (words are run together in the dense view)

# Punctuation that ends a clause / a sentence in the ORIGINAL text.
CLAUSE_CHARS = frozenset("，。！？；：,.!?;:\n、")
# A question mark ends a clause, not a sentence: "征信不好？没关系" is one pitch.
# A break character, or "." before a space or the end (r"[。！!；;\n…]|\.(?=\s|$)"), written
# to start with one character set so the regex engine scans for it in C.
# A "." closing "a.m.", "p.m.", "Mr." or "Dr." ends no sentence ("call you at 2 a.m. about it").
_ABBREV = r"(?<![ap]\.m\.)(?<![AP]\.M\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)"
_CLAUSE_RE = lazy_compile(r"[。！？!?；;\n…，,：:.](?:(?<!\.)|" + _ABBREV + r"(?=\s|$))")
# A sentence break is a clause break (a match of _CLAUSE_RE) at one of these characters (its
# set less ？?，,：:), as r"[。！!；;\n….](?:(?<!\.)|" + _ABBREV + r"(?=\s|$))" would find it.
_SENTENCE_CHARS = frozenset("。！!；;\n….")
_UNIT_RE = lazy_compile(
    r"[\u3400-\u9fff]|[a-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+", re.IGNORECASE
)
# Whether _UNIT_RE finds seven units or more, without finding them all: a hanzi or a whole
# run of what its second set matches case-blind (written out: the characters that
# re.IGNORECASE lets match a-z are A-Z, İ, ı, ſ and the Kelvin sign), seven times, each after
# whatever is neither (possessive: a run is never cut into two units).
_LATIN_UNIT = "a-zA-Z0-9\u0130\u0131\u017f\u212a\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_ONE_UNIT = rf"(?:[\u3400-\u9fff]|[{_LATIN_UNIT}]++)"
_GAP = rf"[^\u3400-\u9fff{_LATIN_UNIT}]*+"
_SEVEN_UNITS = lazy_compile(rf"(?:{_GAP}{_ONE_UNIT}){{7}}")  # matched (anchored), not searched


def dense_is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _clause_breaks(text: str) -> list[int]:
    """The starts of ``_CLAUSE_RE.finditer(text)`` (each match is one character): where each
    break character stands (see :func:`_indices`), and at a "." (found by ``str.find``)
    whether the pattern matches there. The regular expression tested its character set at
    each of the text's characters."""
    found: list[int] = []
    for char in _BREAK_CHARS:
        if char not in text:
            continue
        if char != ".":
            found += _char_indices(text, char)
            continue
        at = text.find(char)
        while at >= 0:
            if _CLAUSE_RE.match(text, at) is not None:
                found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _indices(text: str, char: str) -> Iterator[int]:
    """Where the character ``char`` stands in ``text``, in order: the pieces ``str.split``
    cuts, their lengths summed in C (each piece's end is a ``char``), not a find per find."""
    pieces = text.split(char)
    pieces.pop()
    return map(add, accumulate(map(len, pieces)), count())


_BREAK_CHARS = "。！？!?；;\n…，,：:."  # _CLAUSE_RE's first set
# where each character stands in the last text asked about (see _char_indices; one tuple,
# read and replaced whole: safe across threads)
_CHAR_AT: list[tuple[str | None, dict[str, list[int]]]] = [(None, {})]


def _char_indices(text: str, char: str) -> list[int]:
    """``list(_indices(text, char))`` for a ``char`` that ``text`` holds, worked out once per
    text and character: a check asks for the same characters' places several times (the
    clause breaks, then each hit's clause and sentence in _last_of)."""
    last, table = _CHAR_AT[0]
    if last is not text:
        table = {}
        _CHAR_AT[0] = (text, table)
    found = table.get(char)
    if found is None:
        found = table[char] = list(_indices(text, char))
    return found


class Segments:
    """Clause and sentence numbers of original offsets, and distances in words."""

    __slots__ = ("_clauses", "_sentences", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # A fragment of three words (or six hanzi) or fewer runs on into the next sentence:
        # "Bad credit. No problem." and "征信花了。没关系。" are one pitch.
        breaks = []
        last = 0
        clauses = _clause_breaks(text)
        # the sentence breaks among the clause breaks (see _SENTENCE_CHARS)
        for stop in clauses:
            if text[stop] not in _SENTENCE_CHARS:
                continue
            # more than six units breaks either way (one match that stops at the seventh);
            # the all-hanzi test only decides four to six
            if _SEVEN_UNITS.match(text, last, stop) is None:
                units = _UNIT_RE.findall(text, last, stop)
                if len(units) <= 3 or all(len(u) == 1 and u >= "\u3400" for u in units):
                    continue
            breaks.append(stop)
            last = stop + 1
        self._sentences = breaks
        self._clauses = clauses

    def sentence(self, offset: int) -> int:
        return bisect.bisect_right(self._sentences, offset)

    def clause(self, offset: int) -> int:
        return bisect.bisect_right(self._clauses, offset)

    def same(self, start: int, end: int, clause: bool) -> bool:
        """True when no clause (or sentence) break stands in text[start:end]."""
        breaks = self._clauses if clause else self._sentences
        i = bisect.bisect_left(breaks, start)
        return i == len(breaks) or breaks[i] >= end

    def units(self, start: int, end: int) -> int:
        """Hanzi plus Latin words in text[start:end]: the distance between two terms."""
        if end <= start:
            return 0
        return len(_UNIT_RE.findall(self.text, start, end))


# the last message asked about and negated's answers for it (one tuple, read and replaced
# whole: safe across threads)
_NEGATED_AT: list[tuple[Any, dict[tuple[int, int | None], bool]]] = [(None, {})]


def negated(norm: Normalized, d_start: int, low: int | None = None) -> bool:
    """A negator before dense[d_start] (from ``low``, else a window back) reaches it, or the
    clause's subject is "nobody" ("不会有任何人到学校找您孩子", "no one from our team will...").
    Worked out once per message and place: a phrase's hit and the same words' concept match
    ask it again (a bench check asks 4.3 times, once again)."""
    last, answers = _NEGATED_AT[0]
    if last is not norm:
        answers = {}
        _NEGATED_AT[0] = (norm, answers)
    key = (d_start, low)
    found = answers.get(key)
    if found is None:
        found = answers[key] = _negated(norm, d_start, low)
    return found


def _negated(norm: Normalized, d_start: int, low: int | None) -> bool:
    dense = norm.dense
    floor = 0 if low is None else norm.dense_map[low]
    if low is None:
        latin = dense_is_latin(dense[d_start])
        low = max(0, d_start - (LATIN_WINDOW if latin else CJK_WINDOW))
    for m in NEGATOR_RE.finditer(dense, low, d_start):
        if m.end(1) <= d_start and _negates(norm, m.start(1), m.end(1), d_start):
            return True
    o_start = norm.dense_map[d_start]
    return _nobody_before(norm.original, floor, o_start) or _own_wish_before(
        norm.original, floor, o_start
    )


# The speaker's own wish that something not happen to them ("我不想让同事知道", "我唔想俾屋企人知"):
# a borrower's words, whatever follows; "我也不想让大家知道…" (a collector's veiled threat, with 也)
# and "我不想让你…" (said to the borrower) are not this.
_OWN_WISH_RE = lazy_compile(
    r"我(?:真的|实在|實在|确实|確實|其实|其實|就是|只是)?(?:不想|不希望|不愿意|不願意|不愿|不願|唔想)"
    r"(?=(?:让|讓|被|俾|畀)(?![你您]))"
)


@functools.lru_cache(maxsize=256)
def _own_wish_ends(text: str) -> tuple[int, ...]:
    if "我" not in text:
        return ()
    return tuple(m.end() for m in _OWN_WISH_RE.finditer(text))


def _own_wish_before(text: str, floor: int, o_start: int) -> bool:
    """The clause of text[o_start] opens with the speaker's own wish, which reaches it."""
    ends = _own_wish_ends(text)
    return any(floor <= end <= o_start and end >= o_start - 2 for end in ends)


# A clause whose subject is nobody denies all it says: "不会有任何人到学校找您孩子", "没有人会
# 在群里发您的信息", "No one from our team will ever visit your home".
_NOBODY_RE = lazy_compile(
    r"(?:没有|不会有|没)(?:任何)?人|谁(?:都|也)(?:不|没)|任何人都(?:不|没)|没有谁|没有一个人"
    r"|\b(?:no ?one|nobody|not a single (?:person|one)|none of (?:us|our \w+))\b",
    re.IGNORECASE,
)
_NOBODY_REACH = 40  # characters back from a phrase to the start of its clause


_CLAUSE_CHAR_RE = lazy_compile("[" + re.escape("".join(sorted(CLAUSE_CHARS))) + "]")


@functools.lru_cache(maxsize=256)
def _nobody_ends(text: str) -> tuple[int, ...]:
    """Where each "nobody" subject of ``text`` ends (most texts have none: one C-level scan)."""
    return tuple(m.end() for m in _NOBODY_RE.finditer(text))


def _nobody_before(text: str, floor: int, o_start: int) -> bool:
    """A "nobody" subject between ``floor`` and text[o_start], in the clause of o_start (an
    earlier part of the same match is the floor: "Nobody gets turned away" is a claim)."""
    ends = _nobody_ends(text)
    if not ends:
        return False
    low = max(floor, o_start - _NOBODY_REACH)
    return any(
        low < end <= o_start and _CLAUSE_CHAR_RE.search(text, end, o_start) is None for end in ends
    )


def _negates(norm: Normalized, pos: int, end: int, d_start: int) -> bool:
    dense, text, dmap = norm.dense, norm.original, norm.dense_map
    if dense.startswith(NON_NEGATING, pos):  # any of them, tried in C
        return False
    if dense[pos] == "别" and (
        dense.startswith(_OTHER_BIE, pos) or (pos > 0 and dense[pos - 1 : pos + 1] in _WORD_BIE)
    ):
        return False  # 别人, 别家, 特别, 个别: "other" or a word, not "don't"
    if dense[pos] in "不没" and 0 < pos < len(dense) - 1 and dense[pos - 1] == dense[pos + 1]:
        return False  # A-not-A asks, it does not deny: 有没有, 查不查, 能不能, 要不要
    if dense.startswith("不", pos) and dense.endswith("要", 0, pos):
        return False  # 要不(然): "how about", "otherwise"
    if dense.endswith(("why", "为什么", "为啥", "何", "你就", "难道"), 0, pos):
        return False  # "why don't you borrow...", "为什么不找朋友借": a suggestion
    o_start, o_end = dmap[pos], dmap[end - 1] + 1
    phrase_start = dmap[d_start]
    if dense[pos].isascii():
        # whole words only: "not" must not fire inside "another" or "note"
        if o_start > 0 and is_word_char(text[o_start - 1]):
            return False
        if o_end < len(text) and is_word_char(text[o_end]):
            return False
    between = text[o_end:phrase_start]
    if any(ch in CLAUSE_CHARS for ch in between):
        return False
    if "—" in between or "–" in between or " - " in between:
        return False  # "You won't be — everybody gets a yes": a dash ends the denial's reach
    if dense[pos].isascii():
        folded = "".join(fold_char(c)[0] for c in between)  # full-width letters read as ASCII
        words = re.findall(r"[a-z0-9']+", folded)
        return len(words) <= 5 and all(
            w.replace("'", "") in BRIDGES_EN or w in BRIDGES_EN for w in words
        )
    gap = dense[end:d_start]
    if (
        gap[:1] in ("把", "将", "到", "去", "向", "对", "给", "跟", "和", "与", "在", "于")
        and dense[pos:end] in _NEG_DISPOSAL
        and len(gap) <= _DISPOSAL_MAX
    ):
        # 我们从来不会把客户的信息发给第三方: a modal negator before a 把-object reaches the verb
        # after it (not a bare 不: "你不把钱还上就等着坐牢" is a condition); so does one before a
        # place gone to (我们不会到您的学校或单位找您), or one before the person a thing is done
        # to or with (我们不会向您的亲属或同事透露), or one before a time or place frame (我们不会在晚上
        # 九点之后或早上八点之前联系您)
        return _DISPOSAL_STOP.search(gap) is None
    if dense[pos:end] in _NEG_DISPOSAL and gap.startswith("因") and "就" in gap[1:_BECAUSE_MAX]:
        # 我们不会因为别家拒了你就保证通过: "not, because of X, then Y" denies Y (what follows
        # the last 就 must reach the phrase as a plain gap would)
        return bridges(gap[gap.rindex("就", 0, _BECAUSE_MAX) + 1 :])
    if dense[pos:end] in _NEG_DISPOSAL and _NEG_CONTACT_VERB.fullmatch(gap) is not None:
        # session 45: a modal negator, then only a verb of contacting, then the person or list reached
        # (催收电话只在…拨打，不会联系您通讯录里的联系人): the contact is denied
        return True
    if dense[pos:end] in _NEG_DISPOSAL and "任何" in gap:
        # 我们不会以任何形式向您的联系人透露: "by any means" between a modal negator and the
        # verb, then at most a 向/对-object, still denies it
        means = _ANY_MEANS.match(gap)
        if means is not None:
            rest = gap[means.end() :]
            if not rest or bridges(rest):
                return True
            return (
                rest[0] in "向对给跟和与"
                and len(rest) <= _DISPOSAL_MAX
                and _DISPOSAL_STOP.search(rest) is None
            )
    return bridges(gap)


# 别 that means "other" (别人, 别家) or ends a word (特别, 个别): no "don't"
_OTHER_BIE = ("别人", "别家", "别的", "别处", "别墅", "别样", "别致", "别针", "别具")
_WORD_BIE = frozenset(
    ("特别", "分别", "区别", "个别", "级别", "类别", "性别", "告别", "识别", "差别", "辨别", "派别")
    + ("判别", "鉴别", "离别", "辞别", "道别", "惜别", "送别", "临别", "久别", "格别")
)


# negators that deny what is done to a 把/将 object (a bare 不/没 makes a condition)
_NEG_DISPOSAL = frozenset(
    {
        "不会",
        "不得",
        "不能",
        "不准",
        "不可以",
        "不可能",
        "从不",
        "从来不",
        "从未",
        "绝不",
        "决不",
        "禁止",
        "严禁",
        "永远不会",
        "没有",
        "并没有",
        "未曾",
    }
)
_DISPOSAL_MAX = 12
_BECAUSE_MAX = 16  # 因为…就: the reason's reach in dense characters
# "by any means": 以任何形式, 在任何情况下, 通过任何渠道, 用任何方式, 以任何理由
_ANY_MEANS = lazy_compile(
    r"(?:都|也|再)?(?:以|在|通过|用|经由|经|从|因)?任何(?:形式|情况|渠道|方式|途径|理由|手段|名义|借口|时候|场合)下?"
)
_DISPOSAL_STOP = lazy_compile(r"就|才|否则|的话|再|还")
_NEG_CONTACT_VERB = lazy_compile(
    r"(?:主动|擅自|随便|随意|私自)?(?:联系|联络|打给|打电话给|致电|通知|告知|骚扰|打扰|拨打|找)"
)


def bridges(gap: str) -> bool:
    """True when ``gap`` is empty or splits entirely into bridge words."""
    reachable = [True] + [False] * len(gap)
    for i in range(len(gap)):
        if not reachable[i]:
            continue
        for j in range(i + 1, min(len(gap), i + _BRIDGE_MAX) + 1):
            if gap[i:j] in BRIDGES_ZH:
                reachable[j] = True
    return reachable[-1]


_ONE, _TWO = 1, 2


def split_is_evasion(text: str, dmap: tuple[int, ...], d_start: int, d_end: int) -> bool:
    """False when one clause break splits an otherwise unbroken phrase:
    "我们保证，通过审核后" is two clauses, "保，证，通，过" is an evasion."""
    if CLAUSE_CHARS.isdisjoint(text[dmap[d_start] : dmap[d_end - 1] + 1]):
        return True  # no clause break anywhere in the span (most English spans): one C test
    # each step from one dense character to the next in the original, worked out in C; only
    # the steps over a gap are read in Python (most spans have none)
    steps = list(map(sub, dmap[d_start + 1 : d_end], dmap[d_start : d_end - 1]))
    empty_gaps = sum(map(_TWO.__gt__, steps))
    if empty_gaps == len(steps):
        return True  # written without a gap: nothing splits it
    gaps_with_clause = 0
    for k in compress(range(d_start, d_end - 1), map(_ONE.__lt__, steps)):
        if not CLAUSE_CHARS.isdisjoint(text[dmap[k] + 1 : dmap[k + 1]]):
            gaps_with_clause += 1
    if gaps_with_clause == 1 and d_end - d_start == 2:
        return False  # "抓，您别担心": two words in two clauses, not one phrase split
    return not (gaps_with_clause == 1 and empty_gaps)


# the last message's asked alternatives (one tuple, read and replaced whole: safe across threads)
_LAST_ASKED: list[tuple[Any, frozenset[int]]] = [(None, frozenset())]
_ASK_STOPS = "，。！？；：,.!?;:\n"


def asked_alternatives(norm: Normalized) -> frozenset[int]:
    """Dense positions of the 不/没 of an A-not-A question ("你们查不查征信？", "有没有逾期要求？"):
    a term that starts there is asked about, not denied. The clause must end with a question
    mark: "查不查征信都能借" says "either way" and is a claim."""
    last = _LAST_ASKED[0]
    if last[0] is norm:
        return last[1]
    dense, text, dmap = norm.dense, norm.original, norm.dense_map
    found = []
    if "?" in text or "？" in text:
        for neg in "不没":
            i = dense.find(neg, 1)
            while 0 < i < len(dense) - 1:
                if dense[i - 1] == dense[i + 1]:
                    o = dmap[i]
                    stop = next((j for j in range(o, len(text)) if text[j] in _ASK_STOPS), -1)
                    if stop >= 0 and text[stop] in "?？":
                        found.append(i)
                i = dense.find(neg, i + 1)
    asked = frozenset(found)
    _LAST_ASKED[0] = (norm, asked)
    return asked


def is_phrase(norm: Normalized, d_start: int, d_end: int) -> bool:
    """Word boundaries for Latin phrases, and no accidental run across clauses."""
    dense, text = norm.dense, norm.original
    if (
        norm.dense_map[d_end - 1] - norm.dense_map[d_start] == d_end - d_start - 1
        and not dense[d_start].isascii()
        and not dense[d_end - 1].isascii()
    ):
        return True  # written without a gap and not Latin at either end: nothing to check
    start, end = norm.dense_span(d_start, d_end)
    if dense_is_latin(dense[d_start]) and start > 0 and is_word_char(text[start - 1]):
        return False
    if dense_is_latin(dense[d_end - 1]) and end < len(text) and is_word_char(text[end]):
        return False
    return split_is_evasion(text, norm.dense_map, d_start, d_end)


# ---------------------------------------------------------------- a reader's spans
# The ``unless`` readers of en_clause / zh_clause / zh_frames read the light view and hand the
# rules dense spans: one conversion, and one shape for the readers that are a pattern's matches
# kept only when the message holds its gate words and none of its veto words.


def dense_span(norm: Normalized, start: int, end: int) -> tuple[int, int]:
    """The dense span of ``norm.light[start:end]``."""
    o_start, o_end = norm.light_span(start, end)
    return bisect.bisect_left(norm.dense_map, o_start), bisect.bisect_left(norm.dense_map, o_end)


def gated_spans(
    norm: Normalized,
    pattern: LazyPattern,
    *,
    gates: tuple[LazyPattern, ...] = (),
    vetoes: tuple[LazyPattern, ...] = (),
    group: int | str | None = 0,
) -> list[tuple[int, int]]:
    """The dense span of each match of ``pattern`` in the light view (of its ``group``; None:
    the group that matched last, the whole match where none did), or none at all unless every
    pattern of ``gates`` and no pattern of ``vetoes`` is found in the light view."""
    light = norm.light
    for gate in gates:
        if gate.search(light) is None:
            return []
    for veto in vetoes:
        if veto.search(light) is not None:
            return []
    if group is None:
        return [dense_span(norm, *m.span(m.lastgroup or 0)) for m in pattern.finditer(light)]
    return [dense_span(norm, *m.span(group)) for m in pattern.finditer(light)]


# ---------------------------------------------------------------- reported speech
# "有人说“不还就抓你”，这是违法催收" and 'anyone who says "no credit check" is a scammer'
# mention a lure or a threat; they do not make it. A match is reported when it stands inside
# quotation marks that someone else's words introduce or that are then talked about
# (“包下款”的广告), or, unquoted, in the clause right after another speaker's verb.

# The reported-speech patterns below are written in simplified Chinese but read the ORIGINAL text
# (their offsets are the hits'): _both() lets each simplified character of a pattern also match
# its traditional forms (有人說, 客戶反映, 據…稱), so zh-Hant speakers count as the simplified do.
# fmt: off
_HANT = {"万": "萬", "终": "終", "语": "語", "与": "與", "严": "嚴", "个": "個", "为": "為爲", "么": "麼麽", "于": "於", "产": "產", "亲": "親", "仅": "僅", "从": "從", "们": "們", "会": "會", "传": "傳", "债": "債", "关": "關", "内": "內", "写": "寫", "决": "決", "况": "況", "准": "準", "别": "別", "办": "辦", "务": "務", "动": "動", "单": "單", "发": "發", "台": "臺", "号": "號", "后": "後", "吗": "嗎", "员": "員", "咨": "諮", "嘘": "噓", "声": "聲", "够": "夠", "妈": "媽", "学": "學", "实": "實", "审": "審", "对": "對", "导": "導", "将": "將", "属": "屬", "带": "帶", "帮": "幫", "并": "並", "广": "廣", "开": "開", "张": "張", "当": "當", "录": "錄", "征": "徵", "户": "戶", "扬": "揚", "担": "擔", "据": "據", "数": "數", "无": "無", "时": "時", "术": "術", "机": "機", "条": "條", "来": "來", "构": "構", "样": "樣", "欢": "歡", "没": "沒", "点": "點", "爱": "愛", "电": "電", "确": "確", "种": "種", "称": "稱", "类": "類", "纯": "純", "绍": "紹", "经": "經", "给": "給", "绝": "絕", "统": "統", "网": "網", "胁": "脅", "让": "讓", "议": "議", "讯": "訊", "讲": "講", "许": "許", "论": "論", "证": "證", "诈": "詐", "诉": "訴", "词": "詞", "话": "話", "询": "詢", "说": "說", "请": "請", "诺": "諾", "谁": "誰", "谎": "謊", "谓": "謂", "谣": "謠", "谨": "謹", "贴": "貼", "贷": "貸", "费": "費", "资": "資", "轻": "輕", "辄": "輒", "边": "邊", "过": "過", "还": "還", "这": "這", "进": "進", "违": "違", "邻": "鄰", "里": "裡裏", "针": "針", "钟": "鐘", "钱": "錢", "银": "銀", "门": "門", "问": "問", "间": "間", "随": "隨", "隐": "隱", "难": "難", "顾": "顧", "预": "預", "领": "領", "额": "額", "馈": "饋", "骗": "騙", "着": "著", "群": "羣", "报": "報", "闻": "聞", "体": "體", "罚": "罰", "处": "處", "纸": "紙", "记": "記", "调": "調", "现": "現", "业": "業"}
# fmt: on


def _both(pattern: str) -> str:
    """``pattern`` with each simplified character of :data:`_HANT` also matching its traditional
    forms (a character class; inside an existing class the forms are added to it)."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch in _HANT:
            out.append(ch + _HANT[ch] if in_class else "[" + ch + _HANT[ch] + "]")
            continue
        out.append(ch)
    return "".join(out)


_OPEN_QUOTES = '“「『"‘'
_CLOSE_FOR = {"“": "”", "「": "」", "『": "』", '"': '"', "‘": "’"}
SPEAKERS = (
    "有人说",
    "有人称",
    "有人讲",
    "有人声称",
    "有人告诉你",
    "对方说",
    "对方称",
    "对方声称",
    "他们说",
    "他们称",
    "别人说",
    "中介说",
    "骗子说",
    "催收说",
    "催收员说",
    "网上说",
    "广告说",
    "广告上说",
    "广告里说",
    "所谓",
    "号称",
    "声称",
    "宣称",
    "自称",
    "谎称",
    "网传",
    "网上流传",
    "someone says",
    "someone said",
    "someone tells you",
    "somebody says",
    "they say",
    "they said",
    "people say",
    "who says",
    "who say",
    "who said",
    "who claims",
    "who claim",
    "who promises",
    "who promise",
    "that says",
    "that say",
    "claiming",
    "claims",
    "promising",
    "you said",
    "you say",
    "ads say",
    "ads that say",
    "you asked",
    "you ask",
    "asked whether",
    "asked if",
    "are you worried",
    "you're worried",
    "you are worried",
    "worried that",
    "worried we",
    "afraid that",
    "afraid we",
    "concerned that",
    "concerned we",
)
# after a closing quote: the quote is being talked about, not said
_MENTION_AFTER = lazy_compile(
    _both(
        r"\s*(?:的(?:广告|说法|宣传|平台|话术|套路|人|机构|公司|中介|短信|信息|电话|承诺|网贷|贷款|名义|幌子|视频|录音|截图|帖子|文章|新闻|传言|谣言)"
        # session 43: Cantonese 嘅 and the message's kinds (「唔還就通知你公司」嘅短訊)
        r"|嘅(?:短訊|短讯|短信|訊息|讯息|信息|電話|电话|錄音|录音|截圖|截图|廣告|广告|講法|讲法)"
        # 以“额度随便批”为名收取费用: the words are a pretext someone uses
        r"|为名|为幌子|为诱饵|为噱头|作幌子|作诱饵|作为诱饵|等名义|名义|为由|等为由"
        # session 42: the quoted words named as an incident or a practice (承诺“百分百下款”一事)
        r"|一事|这件事|此事|的做法|的行为"
        r"|之类|这种|这类|这样的|等(?:说法|话术|宣传)|[，,]?\s*(?:都是|是诈骗|是骗|是假的|那不是我们|不是我们)"
        # session 40: a chain of quoted phrases, then a word for words (“稳批”“包下款”等用语, “…”字样)
        r"|(?:[、,，\s]*[“\"「『][^”\"」』]{1,12}[”\"」』])*[、,，\s]*(?:等|这类|这种|之类的?|一类的?)?"
        r"(?:用语|字眼|字样|词语|词汇|表述|措辞|口号|标语|提法)|"
        r"is a (?:scam|lie|red flag|threat)|are (?:scams|lies|red flags|threats)"
        r"|is (?:an illegal threat|illegal|harassment|intimidation|against the law)"
        r"|is not|isn't|was not|wasn't|didn't|did not"
        r"|does not|doesn't)"
    ),
)
_SPEAKER_RE = lazy_compile(
    _both(
        "|".join(re.escape(w) for w in SPEAKERS)
        # Cantonese: 佢話 / 有人話 / 人哋講 ("he says", "someone says"), not 同佢講 ("tell him")
        + r"|(?<![同跟和对向俾畀给])(?:佢|佢哋|有人|人哋|啲人)(?:话|讲)(?:过|咗)?"
        # the customer's words ("您说催收要去单位"), not "我跟你说" (the agent's own)
        # (not "你说的那些逾期记录…": what the listener mentioned, named by the speaker; session 33)
        + r"|(?<![跟和给对同向])[你您]说(?!得|的(?:那些|这些|那个|这个|那种|这种|那几|这几))"
        # (session 42: Cantonese 你话 "you say": 你话个同事讲过「…」, not 你话费 / 你话题)
        + r"|(?<![跟和给对同向俾畀])[你您]话(?:过|咗)?(?![费题筒单务语])"
        # the customer's question or worry ("您问学生能不能借", "您担心我们联系您家人？")
        + r"|(?<![跟和给对同向])[你您](?:是不是|是)?(?:问|问的是|提到|反映|担心|害怕|怕)"
        + r"(?!的(?:那些|这些|那个|这个|那种|这种|那几|这几))"
        # what other lenders or collectors do ("有的平台会爆通讯录，我们不会")
        + r"|(?:有的|有些|某些|一些|个别|不少)(?:平台|催收员?|公司|机构|网贷|贷款公司|中介|人)"
        + r"(?:会|可能会|甚至会|还会|常常|经常|喜欢|就会)"
        # someone telling the customer ("中介跟我说保证能批", "对方和我讲要去我单位")
        + r"|(?:中介|对方|催收员?|催收的|业务员|客服|客户|顾客|他|她|他们|她们|有人|人家|别人|那人|朋友|同事)"
        + r"(?:跟|和|对|同|给)我们?(?:说|讲|话|保证|承诺|打包票)"
        # the lender's own people quoted by the customer ("你们的人说今晚十个人在我楼下等")
        + r"|你们(?:公司)?的?(?:人|催收员?|员工|业务员|客服|同事|外包)(?:说|讲|话|威胁说|威胁|扬言)"
        # the newspaper ("報紙話有財務公司上門…")
        + r"|报纸(?:上)?(?:说|话|讲|报道)|记者(?:调查|暗访)?(?:发现|了解到|报道)"
        # a report introduced before the clause: "据客户反映，有人深夜…"
        + r"|据[^，,。！？!?]{0,12}?(?:反映|说|称|介绍|反馈|投诉)"
        # a third party's report or question ("客户问能不能保证下款", "有客户反映半夜接到催收电话")
        + r"|(?<![跟和给对同向我])(?:有)?(?:客户|顾客|用户|借款人|网友|他|她|对方|别家|别的平台)们?"
        + r"(?:问|问过|询问|咨询|反映|投诉|提到|表示|声称|称|讲)"
        # someone else's threat or claim, told to the listener ("催收员扬言要去您单位",
        # "有人冒充我们说不还就抓人", "a collector said he'd post her photo")
        + r"|扬言|放话|冒充[^，,。！？!?]{0,8}?(?:说|称)"
        # the news ("新闻报道有催收公司在小区贴欠款人照片，被罚了")
        + r"|新闻(?:报道|报导|里说|上说|说)|据报道|据报导|媒体报道|媒体报导|报道称|报导称"
        # someone using our name, a rumour ("有人打着我们的旗号说要上门", "网上流传的…")
        + r"|有人[^，,。！？!?]{0,12}?(?:说|称|声称)|流传|传言|谣传"
        + r"|(?<![跟和给对同向我])(?:客户|顾客|用户|借款人|网友|对方|催收员|中介|骗子|有些人|有的人|那个人|那人"
        + r"|有的平台|有些平台|任何人|别人|人家)们?(?:说|威胁说|威胁要)"
        # the borrower's family or friends reporting ("您朋友说有人在群里发了您的欠款")
        + r"|[你您]的?(?:朋友|家人|同事|亲戚|爱人|老公|老婆|父母|爸妈|邻居|同学|孩子)们?(?:说|反映|告诉)"
        # the customer's own people reporting ("我同事说催收的人把他照片发到了家族群里"), or a
        # third person's account opening a sentence ("她说催收半夜给她打电话")
        + r"|我的?(?:朋友|家人|同事|亲戚|爱人|老公|老婆|父母|爸妈|爸|妈|邻居|同学|室友|哥|姐|弟|妹|表哥|表姐"
        + r"|大姨|二姨|小姨|姨妈|舅舅|舅妈|姑姑|叔叔|婶婶|嫂子|姐夫|表妹|表弟|堂哥|堂姐|外婆|奶奶|爷爷|姥姥"
        + r"|舍友|闺蜜|对象|男朋友|女朋友|房东|领导|老板)"
        + r"们?(?:说|讲|话|反映|告诉我)"
        + r"|(?:^|(?<=[。！？!?\n]))\s*(?:他|她)们?(?:说|讲)"
        + r"|\b(?:he|she|they|collectors?|agents?|callers?|someone|somebody|people|lenders?|scammers?"
        + r"|brokers?|customers?|borrowers?)\s+(?:had\s+|has\s+|have\s+)?"
        + r"(?:said|says|told|tells|claimed|claims|threatened|threatens|warned"
        # (session 42: what the complaint reports the agent promised or wrote)
        + r"|promised|promises)\b"
        + r"|\b(?:for reporting|you reported|reported that|letting us know|you told us|you mentioned)\b"
        # a name someone called the speaker ("Your collector called me a deadbeat")
        + r"|\b(?:called|calls|calling|labelled|labeled|branded)\s+(?:me|us|my\s+\w+|him|her|them)\b"
    ),
    re.IGNORECASE,
)


_SAYS = (
    *(":", "：", "说", "說", "says", "said", "saying", "reading", "wrote", "writes"),
    # a sanction for words, or the words themselves named: 'fined a lender for advertising
    # "guaranteed approval"', 'never use the words "guaranteed"'
    *("for advertising", "for promising", "for claiming", "for offering", "for using"),
    *("the words", "the word", "the phrase", "the term", "the slogan"),
)
# "说利息比银行还低的，多半有隐藏费用", "动不动就说要抓人的，都是非法催收": a clause that names
# those who say something (说…的) and the comment on them that follows: a generic statement about
# others, not the speaker's own claim.
_GENERIC_WHO = lazy_compile(
    _both(
        r"(?:^|(?<=[，,。！？!?；;\n]))\s*(?:那些|凡是|但凡|凡|动不动就|一上来就|张口就|开口就|动辄|只要是)?"
        r"(?:说|讲|声称|号称|宣称|扬言|自称|吹嘘|口口声声说?|威胁说?|跟你说|对你说|告诉你)"
        r"[^，,。！？!?；;\n]{1,30}?的(?:平台|人|公司|机构|中介|催收员?|电话|短信|广告|网贷|贷款|app|客服|话)?"
        r"\s*[，,]?\s*(?:多半|往往|一般|通常|基本|大多|大都|多数|大部分|绝大多数|都|全|肯定|十有八九|八成|准|"
        r"就是|其实|那是|那都|这是|这都|一律|千万|别|不要|请|直接|不用|不必|根本|纯属|很可能|十之八九|是)"
    ),
    re.IGNORECASE,
)
# advice not to believe those who say it ("别听那些说借新还旧能解决问题的", "千万别信说不查征信的"): read
# only where a "don't listen / believe" word stands (_DONT_HEED_WORDS, substring tests)
_DONT_HEED = lazy_compile(
    _both(
        r"(?:^|(?<=[，,。！？!?；;\n]))\s*(?:你|您)?(?:千万|可)?(?:别|不要|莫|切勿|勿|不能)"
        r"(?:听|信|相信|理|理会|上)(?:了)?(?:那些|这些|那种|这种|有些|某些|一些)?(?:人|平台|中介|广告)?"
        r"(?:说|讲|声称|号称|宣称|吹嘘|吹|忽悠)[^，,。！？!?；;\n]{1,30}?的"
        r"(?:平台|人|公司|机构|中介|广告|网贷|贷款|app|话|鬼话)?"
    ),
    re.IGNORECASE,
)
_DONT_HEED_WORDS: tuple[str, ...] = (
    "别听",
    "别信",
    "别相信",
    "别理",
    "别上",
    "不要听",
    "不要信",
    "不要相信",
    "不要理",
)
_DONT_HEED_WORDS += (
    "莫听",
    "莫信",
    "切勿",
    "勿信",
    "勿听",
    "不能信",
    "不能听",
    "別聽",
    "別信",
    "別相信",
)
_DONT_HEED_WORDS += ("不要聽", "不要相信", "唔好信", "唔好聽")


_DONT_HEED_GATE = lazy_compile("|".join(_DONT_HEED_WORDS))


@functools.lru_cache(maxsize=64)
def _heed_gate(text: str) -> bool:
    """A "don't listen / believe" word stands in ``text`` (one C scan, once per text)."""
    return _DONT_HEED_GATE.search(text) is not None


@functools.lru_cache(maxsize=256)
def _generic_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = tuple(m.span() for m in _GENERIC_WHO.finditer(text))
    if _heed_gate(text):
        spans = tuple(sorted(spans + tuple(m.span() for m in _DONT_HEED.finditer(text))))
    return spans


def generic_who(text: str, start: int, end: int) -> bool:
    """text[start:end] stands inside a 说…的 clause commented on (see _GENERIC_WHO)."""
    if not _generic_spans(text):
        return False
    clause_start = _last_of(text, "，,。！!?？；;\n", start) + 1
    m = _GENERIC_WHO.match(text, clause_start)
    if m is None and _heed_gate(text):
        m = _DONT_HEED.match(text, clause_start)
    return m is not None and end <= m.end()


# "您说的那个“爆通讯录”", "短信里写着“再不还就上门”": the quote is what someone said or wrote
_SAID_BEFORE = lazy_compile(
    _both(
        r"(?:(?:说|讲|称|问|(?<!电)话)(?:着|的|道|过的|过|咗)?|(?:写|提到|发|贴)(?:着|的|道|过的))"
        r"(?:那个|这个|那种|这种|那句|这句|那条|这条|那些|这些)?"
        r"(?:话|内容|说法)?\s*[:：,，]?\s*$"
    ),
)


def _last_of(text: str, chars: str, end: int) -> int:
    """The last index before ``end`` of any of ``chars`` in ``text`` (-1 if none), as
    ``max(text.rfind(c, 0, end) for c in chars)``. A check asks this ~10 times of one text
    (each hit's clause, sentence and quote): where each of ``chars`` stands is found once
    per text (:func:`_positions`) and each question is a bisection."""
    if not 0 <= end <= len(text):
        return max(map(text.rfind, chars, repeat(0), repeat(end)))
    at = _positions(text, chars)
    i = bisect.bisect_left(at, end)
    return at[i - 1] if i else -1


# the last few texts' positions of each character set _last_of was asked about (one dict,
# replaced whole when full: safe across threads)
_POSITIONS: list[dict[tuple[str, str], list[int]]] = [{}]


def _positions(text: str, chars: str) -> list[int]:
    """The sorted indices of ``chars`` in ``text``."""
    cache = _POSITIONS[0]
    key = (text, chars)
    found = cache.get(key)
    if found is None:
        found = []
        for char in chars:
            if char in text:
                found += _char_indices(text, char)
        found.sort()
        if len(cache) >= 16:
            cache = _POSITIONS[0] = {}
        cache[key] = found
    return found


_SENTENCE_STOP = lazy_compile("[。！!\n]")


def _quote_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(open, close) offsets of the quotation marks enclosing text[start:end] in its
    sentence, if any."""
    left = _last_of(text, _OPEN_QUOTES, start)
    if left < 0:
        return None
    close = _CLOSE_FOR[text[left]]
    right = text.find(close, end)
    if right < 0:
        return None
    # straight quotes: the one before must open (an even count before it)
    if text[left] == close and text.count(close, 0, left) % 2:
        return None
    if _SENTENCE_STOP.search(text, left + 1, start) or _SENTENCE_STOP.search(text, end, right):
        return None
    return left, right


# session 44 (precision): a span that starts on the verb of receiving just before the quote it runs into
# (客人話收到「唔還錢就搵你老細」嘅訊息: the hit is 收到「唔還錢就搵你老細): read as the quote's own words
_LEAD_IN = lazy_compile(
    _both(
        r"(?:收到|接到|收过|接过|收咗|接咗|听到|看到|睇到)(?:过|咗|了)?(?:一条|一个|条|个|啲|d)?\s*"
    ),
    cached=False,
)


_LEAD_FIRST = frozenset("收接听看睇")  # _LEAD_IN's first characters: most spans start elsewhere


def _quote_after_lead(text: str, start: int, end: int) -> tuple[int, int] | None:
    if start >= len(text) or text[start] not in _LEAD_FIRST:
        return None
    for i in range(start, min(end, start + 8)):
        if text[i] in _OPEN_QUOTES:
            if _LEAD_IN.fullmatch(text, start, i) is None:
                return None
            return _quote_around(text, i + 1, end)
    return None


# right after an unquoted phrase: the phrase is being defined or talked about ("秒批是指系统预审")
# a call to act: an advert dressed as news ("新闻：“借款送手机”活动火热进行中，快来参加！") reports nothing
_CALL_TO_ACT = lazy_compile(
    _both(r"快来|赶紧|赶快|速来|立即申请|马上申请|点击|抓紧|火热进行|限时|名额有限"), cached=False
)
_DEFINED_AFTER = lazy_compile(
    _both(
        r"\s*(?:是指|指的是|的意思是|这个词|这个说法|这种说法|is short for|means that|refers to)"
    ),
)


_INTRO_RE = lazy_compile(
    _both(
        r"\s*(?:据|根据)[^，,。！？!?]{0,12}?(?:反映|所说|说|称|介绍|反馈|投诉|报道|报导)[，,:：]"
        r"|\s*(?:新闻|媒体|报道|报导|快讯|消息|资讯|简讯|头条|热点)(?:报道|报导|消息)?(?:称|说)?[，,:：]"
        # a transcript's line labelled as the customer's (客户：我要报警，你们催收天天半夜打电话)
        r"|\s*(?:客户|用户|借款人|顾客)[：:]"
        # with a qualifier before it (本地媒体报道，, 央视新闻报道：, 《XX晚报》报道，)
        r"|\s*[^，,。！？!?]{0,8}?(?:新闻|媒体|报纸|电视台|日报|晚报|早报|都市报|时报)[》」]?(?:报道|报导|消息|称)[，,:：]"
        r"|\s*(?:据悉|记者[^，,。！？!?]{0,12}?(?:获悉|了解到|发现))"
        # an investigation's finding (记者调查：…, 调查发现，…, 暗访显示：…)
        r"|\s*(?:记者|媒体|本报)?(?:调查|暗访)(?:发现|显示|表明)?[，,:：]"
        # an official notice: "警方通报：某催收公司因半夜骚扰借款人被查处"
        r"|\s*(?:警方|公安|官方|监管|监管部门|银保监会?|金融监管局|法院|人民法院|央行)?(?:通报|公告|通告|披露)[，,:：]"
        r"|\s*(?:报纸|新闻|媒体|网上)(?:上)?(?:说|话|讲|报道|报导)"
        r"|\s*(?:有)?(?:客户|用户|借款人|网友)们?(?:反映|投诉|反馈)(?:说|称)?[，,:：]"
        r"|\s*(?:according to|as reported by)\b"
    ),
    re.IGNORECASE,
    cached=False,
)


# A question the next sentence flatly denies echoes the borrower's worry ("会不会联系您家人？
# 我们不会", "Will you call my boss? No, we won't"): it is not the agent's threat.
_DENIALS = (
    "不会",
    "我们不会",
    "我们没有",
    "没有",
    "当然不",
    "绝对不",
    "并不会",
    "从不",
    "no,",
    "no.",
    "no ",
    "nope",
    "we won't",
    "we will not",
    "we don't",
    "we do not",
    "we never",
    "never",
    "of course not",
    "我们只",
    "只会",
    "肯定不会",
    "不可能",
    "absolutely not",
    "certainly not",
    "definitely not",
    "not at all",
    "只联系",
    "只通过",
    "we only",
    "only you",
)


_ANSWER_LABEL = lazy_compile(r"(?:a|ans|answer|答|回答|答复|答覆)\s*[:：.]\s*", cached=False)


def answered_no(text: str, end: int) -> bool:
    """The clause holding text[end - 1] asks, and what follows it starts with a denial."""
    stop = len(text)
    for i in range(end, len(text)):
        if text[i] in CLAUSE_CHARS:
            stop = i
            break
    if stop == len(text):
        return False
    if text[stop] not in "?？" and not text[end:stop].rstrip().endswith(_ASKS_END):
        return False
    after = text[stop + 1 :].lstrip(" \t\n\"'”’」").lower().replace("’", "'")
    # session 43: an FAQ's answer label ("Q: Is approval guaranteed? A: No.", "问：…？答：不会")
    label = _ANSWER_LABEL.match(after)
    if label is not None:
        after = after[label.end() :]
    if text[stop] in "?？" and implied_answer(
        text, max(text.rfind(ch, 0, stop) for ch in _SENTENCE_END) + 1, stop
    ):
        return False  # session 41: a rhetorical WH-question the speaker answers "none" (哪一件…？没有吧)
    if after.startswith(_DENIALS):
        return True
    # "不會" (zh-Hant) and "唔會" (Cantonese) deny as "不会" does: read them folded
    head = after[:4]
    if not any(ch in "唔冇" or fold_char(ch)[0] != ch for ch in head):
        return False
    return normalize(after[:40]).light.startswith(_DENIALS)


# A borrower tells what others told them, then asks us whether it holds for us ("我问了三家，都说
# 包过，你们是不是也这样？", "听说你们不查大数据，靠谱吗？", "朋友話你哋唔睇聯徵，係咪真㗎？"): the lure is the
# others' words, checked with us. The teller is someone else (a lender, a friend, the internet) or
# hearsay (听说, 都说); the check is a question to the listener's side after the words.
_TOLD_BY = lazy_compile(
    _both(
        r"(?:(?:听|聽)(?:人|别人)?说|据说|都说|都讲|都话|都讲过|都说过"
        r"|(?:家|平台|朋友|同学|同事|舍友|室友|网上|网友|好多人|很多人|不少人|有人|别人|人家|他们|她们"
        r"|他|她|客服|中介|业务员|广告|视频|亲戚|邻居|老乡|群里|那边|对面|主播|博主|网红"
        # (Shanghainese and Cantonese "they / he": 伊拉讲, 伊讲, 佢哋话; session 32)
        r"|伊拉|依拉|伊|佢哋|佢)"
        r"(?:都|也|就|还|一直|总)?(?:跟我|和我|同我|对我|给我)?(?:说|讲|话|讲过|说过|告诉我|保证|承诺))"
    ),
)
_CHECKS_WITH_US = lazy_compile(
    _both(
        r"(?:你们|你哋|您们|贵司|貴司)[^。！!\n？?]{0,14}?(?:[?？]|吗|么|呢)|(?:你|您)这边呢"
        r"|真的假的|是真的吗|真的吗|是不是真的|系咪真|係咪真|(?:靠谱|靠譜)(?:吗|不)|可信吗|对吗|是这样吗|属实吗"
        # really so? (借三万真的这么便宜吗？)
        r"|真的[^。！!\n？?，,]{1,6}?(?:吗|么)[?？]"
        # judged after it (session 32: 他们说…每期2%，这算不算变相收利息啊？, 客服说日息万六，这正常吗？)
        r"|(?:算不算|是不是)[^。！!\n？?，,]{1,14}?(?:[?？]|吗|呢)"
        r"|(?:合不合理|正不正常|合不合法|高不高|贵不贵|划不划算)[^。！!\n？?，,]{0,8}?[?？]"
        r"|(?:合理|正常|合法|划算|算高|算贵|高|贵)(?:吗|么)"
        # Shanghainese: 真个假个？, 靠谱伐, 能信伐 (伐 asks as 吗 does)
        r"|真个假个|(?:靠谱|能信|可信|合法|正规|真个|是真个)伐"
        # session 44: the writer's worry or wish to check it, no question mark (朋友说你们逾期会打电话给家里人，
        # 我有点担心，想先问清楚)
        r"|想(?:先|再)?(?:问|确认|了解|核实)|问清楚|先(?:来)?问|担心|害怕|不放心|心里没底"
    ),
    cached=False,
)
_AGENT_WE = ("我们", "咱们", "我哋", "我們", "咱們")


_CHECK_WORDS: tuple[str, ...] = (
    "你们",
    "你們",
    "你哋",
    "您们",
    "您們",
    "贵司",
    "貴司",
    "这边呢",
    "這邊呢",
    "真的",
    "系咪真",
)
_CHECK_WORDS += ("算不算", "是不是", "合不合", "正不正", "高不高", "贵不贵", "划不划")
_CHECK_WORDS += ("合理", "正常", "合法", "划算", "算高", "算贵", "高吗", "贵吗", "高么", "贵么")
_CHECK_WORDS += ("真个假个", "伐")
_CHECK_WORDS += (
    "想先",
    "想再",
    "想问",
    "想問",
    "想确认",
    "想確認",
    "想了解",
    "想瞭解",
    "想核实",
    "想核實",
    "问清",
    "問清",
    "先问",
    "先問",
    "先来问",
    "先來問",
    "担心",
    "擔心",
    "害怕",
    "放心",
    "心里没底",
    "心裡沒底",
)
_CHECK_WORDS += (
    "係咪真",
    "靠谱",
    "靠譜",
    "可信",
    "对吗",
    "對嗎",
    "是这样吗",
    "是這樣嗎",
    "属实",
    "屬實",
)


_CHECK_GATE = lazy_compile("|".join(_CHECK_WORDS))


@functools.lru_cache(maxsize=64)
def _checks_gate(text: str) -> bool:
    """A word that checks with the listener stands in ``text`` (one C scan, once per text)."""
    return _CHECK_GATE.search(text) is not None


def _told_then_asks(text: str, start: int, end: int) -> bool:
    """text[start:end] is what others told the speaker (see _TOLD_BY), asked about after it."""
    if not _checks_gate(text):
        return False
    sentence_start = _last_of(text, "。！!\n", start) + 1
    told_end = max((m.end() for m in _TOLD_BY.finditer(text, sentence_start, start)), default=-1)
    if told_end < 0:
        return False
    # the lender's own "we" inside the words: an agent citing others ("大家都说我们包过")
    if any(w in text[told_end:end] for w in _AGENT_WE):
        return False
    stop = _SENTENCE_STOP.search(text, end)
    return _CHECKS_WITH_US.search(text, end, stop.start() if stop else len(text)) is not None


# The borrower's side speaks (session 30): the message ends asking the listener to judge what was
# done or said ("催收员昨晚十一点还在打我电话，这样合法吗？", "他们让我去别的平台借钱还他们，我要不要听？",
# "…说不用告诉家长，这个正规吗", "…说是你们发的，我要报警"), or it opens by naming its writer as the
# borrower or a relative of theirs ("我是借款人的妻子。…每天半夜都有电话打到家里"). A lender asks no one
# whether its own words are lawful; the words themselves hold no "you" (the one a threat or a lure
# is aimed at) and no lender's "we".
_JUDGE_WORDS = (
    r"正规|合法|合规|违法|犯法|正常|靠谱|可信|诈骗|骗子|骗局|真的假的|是真的|允许|规定|投诉|举报|报警|怎么办"
    r"|怎么处理|如何处理|要不要(?:听|信|理|还|借|管|答应)|该不该|能不能信|可以信|有没有问题|有问题吗|是你们"
    r"|是不是你们|骚扰|能告|可以告|怎么能这样|怎么可以这样|怎能这样|怎么回事|怎么搞的|凭什么"
)
_DEMANDS = r"请立即停止|请停止|立即停止|马上停止|请不要再|别再这样|请你们停止"
# the asker asks whether the lender did it to them (你们的人是不是联系过我孩子的学校？, 你哋係咪去過我屋企樓下？)
_DID_YOU_TO_ME = r"(?:你们|你哋|您们|贵司)(?:的人|那边|催收)?(?:是不是|有没有|係咪|系咪|有冇)[^。！!？?\n]{0,14}?我(?![们哋])"
# the asker's own report after the question, ending the message (老师今天问我了。)
_OWN_REPORT_AFTER = r"(?:[^。！!？?\n]*我(?![们哋])[^。！!？?\n]*[。！!…~]*)?\s*$"
# "what do I do", the asker's own (session 32): a question even typed without its mark
_WHAT_DO_I = (
    r"我(?:们)?(?:要|该|应该|可以|能|到底)?(?:怎么办|咋办|怎么处理|如何处理|怎么应对)[啊呀呢]?"
)
_JUDGE_END = lazy_compile(
    _both(
        r"(?:"
        + _JUDGE_WORDS
        + r")[^，,。！!？?\n]{0,10}?(?:[?？]+|吗|嗎|呢|么|啊[?？])[\s。！!?？…~]*$"
        r"|我(?:要|会|想|准备|已经|已|就|得|打算|马上)?(?:去)?(?:报警|报了警|投诉|举报|起诉|告你们|录音|录了音)"
        r"[^。！!？?\n]{0,12}[\s。！!?？…~]*$"
        r"|(?:" + _DEMANDS + r")[^。！!？?\n]{0,10}[\s。！!?？…~]*$"
        # the asker's own "what do I do" ends the message, typed without its mark (session 32:
        # 有app说有学生证就能借，我要怎么办)
        r"|" + _WHAT_DO_I + r"[\s。…~]*$"
    ),
    cached=False,
)
_DID_YOU_ASKED = lazy_compile(
    _both(
        _DID_YOU_TO_ME
        + r"[^。！!？?\n]{0,14}?(?:[?？]+|吗|嗎|呢)[\s。！!?？…~]*"
        + _OWN_REPORT_AFTER
    ),
    cached=False,
)
# the lender's own words quoted back to it, opening the sentence (你们说的几分钟到账，我等了一个小时还没到)
_QUOTES_YOU_BACK = lazy_compile(
    _both(
        r"(?:你们|你哋|您们|贵司)(?:的人|客服|业务员|那边|广告)?(?:上)?(?:说的|讲的|话嘅|承诺的|答应的|写的)"
    ),
    cached=False,
)
_JUDGE_GATE = lazy_compile(
    _both(
        _JUDGE_WORDS
        + r"|起诉|录音|录了音|报了警|停止|不要再|别再|是不是|有没有|係咪|系咪|有冇|说的|讲的|话嘅|承诺的|答应的|写的"
    ),
    cached=False,
)
_WRITER_IS_BORROWER = lazy_compile(
    _both(
        r"\s*(?:(?:你们好|您好|你好|喂|哈喽)[，,！!。\s]*)?我是(?:借款人|欠款人|贷款人)"
        r"(?:本人|的(?:妻子|老婆|丈夫|老公|爱人|妈妈|母亲|父亲|爸爸|儿子|女儿|家属|家人|哥哥|姐姐|弟弟|妹妹|朋友|同事))?"
        r"[，,。！!\s]"
    ),
    cached=False,
)
_ADDRESSEE_RE = lazy_compile(_both(r"你(?![们哋])|您(?!们)|我们|我哋|咱们"), cached=False)
_HANZI_RE = lazy_compile("[\u4e00-\u9fff]", cached=False)


@functools.lru_cache(maxsize=64)
def _judge_gate(text: str) -> bool:
    return _HANZI_RE.search(text) is not None and (
        _JUDGE_GATE.search(text) is not None or "我是" in text
    )


@functools.lru_cache(maxsize=64)
def _may_judge(text: str) -> bool:
    """Whether _borrower_judges can be true for any span of ``text`` (once per text): each of its
    answers needs one of these to hold for the whole text (a match at a sentence start or after
    a span's end is a match of a search from the start or from the floor)."""
    return _judge_gate(text) and (
        _WRITER_IS_BORROWER.match(text) is not None
        or _QUOTES_YOU_BACK.search(text) is not None
        or _JUDGE_END.search(text, _judge_floor(text)) is not None
        or _did_you_asked(text)
    )


def _borrower_judges(text: str, start: int, end: int) -> bool:
    """The borrower's side tells or asks about text[start:end] (see _JUDGE_END)."""
    if not _may_judge(text):
        return False
    if _WRITER_IS_BORROWER.match(text) is not None:
        return True
    sentence_start = max(text.rfind(c, 0, start) for c in "。！!？?\n") + 1
    if _QUOTES_YOU_BACK.match(text, sentence_start) is not None and "我" in text[end:]:
        return True  # the borrower quotes what we said, then tells what happened to them
    if _ADDRESSEE_RE.search(text, start, end) is not None:
        return False
    if _JUDGE_END.search(text, max(end, _judge_floor(text))) is not None:
        return True
    return _did_you_asked(text)


_JUDGE_TAIL = " \t\n\r\f\v。！!?？…~"
_JUDGE_REACH = 24  # the longest _JUDGE_END before its trailing marks: a word, 10 more, a particle


@functools.lru_cache(maxsize=64)
def _judge_floor(text: str) -> int:
    """Where a _JUDGE_END match may start at the earliest: every alternative ends the text, and
    before its trailing marks (_JUDGE_TAIL) it is at most _JUDGE_REACH characters long."""
    return max(0, len(text.rstrip(_JUDGE_TAIL)) - _JUDGE_REACH)


@functools.lru_cache(maxsize=64)
def _did_you_asked(text: str) -> bool:
    return _DID_YOU_ASKED.search(text) is not None


# The borrower's side speaks, in English (session 32): a claim that someone else made or did
# ("They're charging me 1% a day", "lender txted saying ill be arrested", "Dem seh di interest a
# 15 percent a month"), then the writer asks the listener to judge it ("Is that even legal?",
# "lol is that even a thing", "can they even", "True?", "A so it suppose fi go?"). The claim's
# sentence names its teller or the writer, and holds no lender's "we"; texts with hanzi never
# come here (the Chinese reading is _borrower_judges).
_EN_JUDGE = lazy_compile(
    r"(?i)\b(?:is|are|was|would|isn'?t|isn’t) (?:that|this|it|they|he|she|this|these)(?: even| really"
    r"| actually| seriously)* (?:legal|allowed|lawful|normal|ok|okay|a thing|true|right|real|legit"
    r"|correct|fair|permitted|possible|standard|accurate)\b"
    r"|\bcan (?:they|he|she|lenders|collectors|an app|a lender|the app|the lender|you guys)"
    r"(?: even| actually| really| legally| seriously)*(?: [a-z]+ (?:that|this|it|me|you))?"
    r"\W*$"
    r"|\b(?:true|legit|real|legal|right)\s*\?"
    r"|\b(?:a so it|is that how it(?:'s| is)?|is it) suppose(?:d)?(?: fi| to)? go\b"
    r"|\bi want to hear it from you\b|\bwhat should i do\b|\bshould i be worried\b"
    r"|\b(?:is|was) (?:that|this|it) (?:still )?how (?:it|you|this) works?\b|\bis that still the case\b"
    r"|\bdoes that still (?:apply|work)\b",
)
_EN_TELLER = lazy_compile(
    r"(?i)\b(?:says?|said|sayin[g'’]?|seh|tells?|told|texted|txted|messaged|wrote|charging|charged"
    r"|charge|threatened|claims?|claimed|promised|offering|offers|offered|advertis(?:es|ed|ing)"
    r"|posting|posted)\b|\b(?:me|my|i|i'm|im|i’m|they|they'?re|they’re|dem|he|she)\b"
)
_EN_LENDER_WE = lazy_compile(r"(?i)\b(?:we|we'?ll|we'?re|we’ll|we’re|our|us)\b")
_HANZI_ANY = lazy_compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=64)
def _en_judged_from(text: str) -> int:
    """Where the first English ask-to-judge begins (-1: none, or a text with hanzi)."""
    low = text.lower()
    if not any(w in low for w in ("?", "thing", "can ", "suppose", "from you")):
        return -1
    if _HANZI_ANY.search(text) is not None:
        return -1
    m = _EN_JUDGE.search(text)
    return m.start() if m else -1


def _en_borrower_judges(text: str, start: int, end: int) -> bool:
    """text[start:end] is a claim the writer reports and asks the listener to judge (above)."""
    at = _en_judged_from(text)
    if at < 0 or at < start:
        return False
    sentence_start = _last_of(text, ".!?\n", start) + 1
    claim = text[sentence_start:end]
    if _EN_LENDER_WE.search(claim) is not None:
        return False
    return _EN_TELLER.search(claim) is not None


# session 40: MENTION, not use: a quoted phrase after a verb that names words (使用“…”, 承诺“…”, 写着“…”,
# 打着“…”) in a sentence that disapproves of it (禁止, 不得, 骗, 不是真的, 停职, 举报…): the phrase is talked
# about (本公司禁止员工使用“稳批”; 那个业务员承诺“一定能批”，我们已对他停职调查)
_MENTION_VERB = lazy_compile(
    _both(
        r"(?:使用|用|写|写着|写了|印着|标着|出现|打出|打着|挂着|承诺|保证|声称|号称|宣称|宣传|标榜|喊着?|吹嘘?"
        r"|跟你说|对你说|说什么|讲什么|所谓|说过|讲过)(?:过|着|了)?(?:什么|所谓|类似)?$"
    ),
    cached=False,
)
_DISAPPROVES_ZH = lazy_compile(
    _both(
        r"禁止|不得|严禁|不允许|不准|不会(?:说|用|承诺|讲)|从不|从来不|绝不|决不|骗|假的|不是真的|不可信|别信|不要信"
        r"|违规|违法|停职|调查|处分|开除|追责|举报|投诉|报警|警惕|谨防|小心|不是我们|并非|不代表"
        # session 42: a complaint reply's apology or follow-up (深表歉意, 我哋会即刻跟进, 唔准)
        r"|歉意|抱歉|道歉|致歉|对不起|唔准|唔可以|唔啱|不妥|不当|终止|跟进|核查"
    ),
    cached=False,
)


def _mentioned_zh(text: str, sentence_start: int, before: str, right: int) -> bool:
    """A Chinese quoted phrase named by a verb of words, in a sentence that disapproves of it."""
    if _MENTION_VERB.search(before) is None:
        return False
    stop = _SENTENCE_STOP.search(text, right)
    sentence_end = stop.start() if stop is not None else len(text)
    return (
        _DISAPPROVES_ZH.search(before) is not None
        or _DISAPPROVES_ZH.search(text, right + 1, sentence_end) is not None
    )


# Session 42: words listed under a heading that names them as words not to use ("坐席禁语清单：肯定能批、
# 不用查征信", "Banned phrases for sales calls: guaranteed approval, ..."): a policy's list of the phrases,
# not their use. The heading must name words AND forbid them (an advert's "亮点：" or "Why choose us:" lists
# its own claims).
_WORDS_HEADING = lazy_compile(
    _both(
        r"(?:禁语|禁用语|禁用词|禁词|违禁词|敏感词|违规用语|违规话术|违规词|错误话术|错误说法|不当用语|红线话术"
        r"|禁止用语|禁止使用|不得使用|不得出现|不准使用|严禁使用|切勿使用|不能说的|不要说的|不可以说的|话术黑名单"
        r"|禁說|唔可以講|唔好講)[^:：。！？!?\n]{0,12}[:：]\s*$"
        r"|(?i:\b(?:banned|forbidden|prohibited|blacklisted|red[- ]flag|never[- ]use|do[- ]not[- ]use|don'?t[- ]use"
        r"|to avoid|never to use|not allowed)\b[^:.!?\n]{0,30}\b(?:phrases?|words?|terms?|wording|lines?|claims?"
        r"|expressions?|language)\b[^:.!?\n]{0,30}:\s*$"
        r"|\b(?:phrases?|words?|terms?|wording|lines?|claims?|expressions?)\b[^:.!?\n]{0,40}"
        r"\b(?:banned|forbidden|prohibited|rejected|flagged|blocked|not allowed|to avoid|never to use)\b"
        r"[^:.!?\n]{0,20}:\s*$)"
    ),
    cached=False,
)


def _listed_as_banned(text: str, sentence_start: int, start: int) -> bool:
    """text[start:...] follows a colon whose heading (in the same sentence) names banned words."""
    colon = _last_of(text, ":：", start)
    if colon < sentence_start:
        return False
    return _WORDS_HEADING.search(text[max(sentence_start, colon - 60) : colon + 1]) is not None


# Session 42: a counterfactual ("要是我能保证每单都批，早就当行长了", "如果放款能秒到，我们客服就不用加班了"):
# the condition names what the speaker cannot do, the consequence says so by what did not happen
# (早就…了) or what the speaker's side would be spared. A plain condition ("要是您资料齐了，我保证每单都批")
# has no such consequence and still counts.
_IF_ZH = lazy_compile(_both(r"要是|如果|假如|假使|倘若|若是|要係|如果係|假設|假设"), cached=False)
_COUNTER_ZH = lazy_compile(
    _both(
        r"[，,]\s*[^。！？!?\n，,]{0,8}?(?:早就|早都|早已|早给|早該|早该|早当|早做|早去|早把|早被|早发|早升"
        r"|早辞职|早退休|早发财)"
    ),
    cached=False,
)
# ... or, where the condition is an ability (要是放款能秒到), the speaker's side spared a chore
_CAN_ZH = lazy_compile(_both(r"能|可以|做得到|办得到"), cached=False)
_SPARED_ZH = lazy_compile(
    _both(
        r"[，,]\s*(?:那)?(?:我|我们|我哋|我们客服|客服|老板|公司)[^。！？!?\n，,]{0,4}?(?:就不用|就唔使|就不必|还用|还使)"
        r"|[，,]\s*(?:那)?(?:我|我们|我哋)还(?:会|要|需要|用得着)?在这"
    ),
    cached=False,
)


def _counterfactual(text: str, sentence_start: int, start: int, end: int) -> bool:
    """text[start:end] stands in the condition of a counterfactual (above)."""
    cond = None
    for m in _IF_ZH.finditer(text, sentence_start, max(start, sentence_start + 1)):
        cond = m
    if cond is None or _SENTENCE_STOP.search(text, cond.end(), start) is not None:
        return False
    stop = _SENTENCE_STOP.search(text, end)
    high = stop.start() if stop is not None else len(text)
    if _COUNTER_ZH.search(text, end, high) is not None:
        return True
    spared = _SPARED_ZH.search(text, end, high)
    return spared is not None and _CAN_ZH.search(text, cond.end(), spared.start()) is not None


# Session 42: the police named as the addressee's recourse ("请保存录音并报警", "建议您截图后报警"): a clause
# that opens by advising the addressee and runs to 报警 with no lender subject in it is advice, not a threat
# ("不然就报警", "请配合，否则我们报警" stay).
_POLICE_WORD = frozenset({"报警", "報警", "报案", "報案"})
_ADVISE_OPEN = lazy_compile(
    _both(
        r"\s*(?:那|那么|所以|另外|同时|如有需要|必要时)?\s*(?:请|建议|您可以|你可以|可以|记得|务必|最好|赶紧|马上|立即"
        r"|立刻|直接|及时|请您|请你|您|你)"
    ),
    cached=False,
)
_LENDER_SUBJECT = lazy_compile(_both(r"我们|我司|我哋|本公司|公司|我(?![们哋])"), cached=False)


def _advised_police(text: str, start: int, end: int) -> bool:
    if text[start:end] not in _POLICE_WORD:
        return False
    clause_start = _last_of(text, "，,。！!?？；;\n", start) + 1
    m = _ADVISE_OPEN.match(text, clause_start, start)
    return m is not None and _LENDER_SUBJECT.search(text, clause_start, start) is None


# Session 43: the police or a family named in office chatter (公司附近派出所可以办居住证，需要的同事…, 警察今日
# 封咗彌敦道，大家返工…, 今晚部门聚餐，带家属的提前说一声): the text speaks to colleagues about the workday and
# names no addressee (你 / 您 / 閣下), no debt, loan or pressure word. A short threat with none of these
# ("警察已经在路上了", "再拖，公安局见") names no workday and still counts.
_OFFSTAGE_TERM = lazy_compile(
    _both(
        r"警察|公安|派出所|警方|警署|差馆|差館|差人|差佬|警员|警員|交警|民警"
        r"|家属|家屬|家人|家里人|家裏人|屋企人|亲属|親屬|父母|爸妈|爸媽"
    ),
    cached=False,
)
_DEBTOR_ZH = lazy_compile(
    _both(
        r"你|您|妳|閣下|阁下|借款人|债务人|債務人|客户|客戶|客人|当事人|欠|还|還|逾期|债|債|贷|貸|借|钱|錢|款|催|账|賬|帳"
        r"|赖|賴|老赖|利息|征信|徵信|聯徵|联征|信贷|信貸|拖|躲|带走|帶走|抓|拉你|坐牢|坐監"
    ),
    cached=False,
)
# ... and the text speaks to colleagues about the workday (大家 / 同事 / 上班 / 请假 / 聚餐 …)
_OFFICE_ZH = lazy_compile(
    _both(
        r"大家|各位|同事|同仁|部门|部門|返工|上班|下班|开会|開會|会议|會議|请假|請假|加班|值班|夜班|夜更|排班"
        r"|聚餐|尾牙|年会|年會|人事|行政部|居住证|居住證|停车|泊車|泊车|开车|開車|揸車|通勤|交更"
    ),
    cached=False,
)


def _offstage(text: str, start: int, end: int) -> bool:
    return (
        _OFFSTAGE_TERM.search(text, start, end) is not None
        and _HANZI_ANY.search(text) is not None
        and _DEBTOR_ZH.search(text) is None
        and _OFFICE_ZH.search(text) is not None
    )


def not_asserted(text: str, start: int, end: int, unit: bool = False) -> bool:
    """text[start:end] is listed as a banned phrase or stands in a counterfactual's condition
    (session 42), or names the police or a family with no debtor in the text (session 43): the
    speaker does not say it. ``unit``: text[start:end] is a classifier's sentence, judged whole
    (its heading or condition may stand inside it)."""
    if not unit and (_advised_police(text, start, end) or _offstage(text, start, end)):
        return True
    sentence_start = _last_of(text, "。！!?？\n", start) + 1
    if ":" in text or "：" in text:
        at = start
        if unit:
            colon = _last_of(text, ":：", end)
            at = colon + 1 if colon >= start else start
        if _listed_as_banned(text, sentence_start, at):
            return True
    if unit:
        first = _IF_ZH.search(text, start, end)
        if first is None:
            return False
        return _counterfactual(text, sentence_start, first.end(), first.end())
    return _counterfactual(text, sentence_start, start, end)


# Session 43: the borrower asks the lender about the lender's own practice ("你们是不是不查征信的？",
# "你们晚上十点以后还会打电话吗？", "你哋係咪唔查信貸報告㗎？"): a sentence opened by the lender addressed
# (你们 / 你哋 / 贵司), asking, with no speaker's 我们 in it. A collector's "你们不接是吧，我们凌晨两点继续打"
# and "你们是不是想让我们上门？" name 我们 and still count.
_YOU_LENDER_OPENS = lazy_compile(
    _both(
        r"\s*(?:请问|請問|想问下|想问一下|问一下|问下|那|那么|所以|另外|还有)?\s*(?:你们|你哋|您们|贵司|贵公司)"
    ),
    cached=False,
)
_ASKS_ZH = lazy_compile(
    _both(r"[?？]|(?:吗|么|呢|咩|㗎|嗎)\s*$|是不是|会不会|會唔會|係咪|有没有|有冇|能不能|可不可以"),
    cached=False,
)
# (the speaker as a subject too: "你们楼的业主群我已经进了，要不要我在群里问问？"; not the borrower's 我 as an
# object or owner: 打给我, 到我公司, 我爸妈)
_WE_SIDE = lazy_compile(
    _both(
        r"我们|我哋|我司|咱们|本公司"
        r"|(?<![给到找打告诉问叫让把和跟对向帮替去来在从催吓])我(?![的们哋公家爸妈父母老单孩儿女仔屋])"
    ),
    cached=False,
)


def _asks_lender(text: str, start: int, end: int) -> bool:
    # (each opener holds 们 / 們 / 哋 / 贵: one C scan each, before any bisection or regex)
    if "们" not in text and "們" not in text and "哋" not in text and "贵" not in text:
        return False
    sentence_start = _last_of(text, "。！!?？\n", start) + 1
    opens = _YOU_LENDER_OPENS.match(text, sentence_start)
    if opens is None or opens.end() > start:
        return False
    stop = _SENTENCE_STOP.search(text, end)
    high = stop.start() if stop is not None else len(text)
    # the question ends at its first mark after the span ("…吗？我孩子要睡觉")
    q = min((i for i in (text.find("?", start), text.find("？", start)) if i >= 0), default=-1)
    if 0 <= q < high:
        high = q + 1
    return (
        _ASKS_ZH.search(text[sentence_start:high]) is not None
        and _WE_SIDE.search(text, sentence_start, high) is None
    )


# session 44 (recall): a quote introduced by an INSTRUCTION to say it is the speaker's own script, not
# someone else's words (话术：“百分百能下款”, 客户问就回答“…”, 統一回覆「…」, "tell them: 'You can't be declined'",
# "Read this out on every call: '…'"); not when a negator stands before the instruction (不要说“…”, "never say '…'").
_SCRIPTED = lazy_compile(
    _both(
        r"(?:话术|台词|统一口径|标准(?:回答|答复|回复|话术)|统一(?:回复|回答|说法)"
        r"|(?:你就|你要|直接|一律|统一|就)(?:回答|回复|答复)"
        r"|(?:你就|你要|你直接|直接|一律|统一)(?:说|讲|跟(?:他|她|客户|对方)说|告诉(?:他|她|客户|对方)))"
        r"\s*[:：,，]?\s*$"
        # English: an imperative opening its clause ("tell them:", "just say:", "Read this out on every call:")
        r"|(?:^|[,;:]\s*|\b(?:then|just|always|simply|and|please)\s+)"
        r"(?:tell (?:them|him|her|the (?:customer|caller|client|borrower)s?|every (?:caller|customer|client))"
        r"|say|reply|respond|answer|read (?:this |it |these )?out)"
        r"(?:\b[^.!?\"“”‘’:：]{0,30})?\s*[:：,，]?\s*$"
        r"|^\s*(?:(?:our|the|your) (?:line|script|pitch) is|script(?: line \d+)?)\s*[:：]?\s*$"
    ),
    re.IGNORECASE,
    cached=False,
)
_SCRIPT_NOT = lazy_compile(
    _both(
        r"不要|不准|不得|禁止|严禁|切勿|别|不能|不可|\b(?:don't|do not|never|must not|mustn't|shouldn't|should not|avoid|no one)\b"
    ),
    re.IGNORECASE,
    cached=False,
)


def _scripted(before: str) -> bool:
    """``before`` (the sentence up to an opening quote) ends with an instruction to say the quote."""
    m = _SCRIPTED.search(before[-60:])
    if m is None:
        return False
    clause = before[: len(before) - 60 + m.start()] if len(before) > 60 else before[: m.start()]
    return _SCRIPT_NOT.search(clause[-24:]) is None and _SCRIPT_NOT.search(m.group()) is None


def reported(text: str, start: int, end: int) -> bool:
    """text[start:end] is someone else's words, or words talked about (see above)."""
    if _DEFINED_AFTER.match(text, end) or answered_no(text, end) or not_asserted(text, start, end):
        return True
    if _asks_lender(text, start, end):
        return True
    if _told_then_asks(text, start, end) or _borrower_judges(text, start, end):
        return True
    if _en_borrower_judges(text, start, end):
        return True
    quote = _quote_around(text, start, end)
    if quote is None:
        quote = _quote_after_lead(text, start, end)
    sentence_start = _last_of(text, "。！!?？\n", start) + 1
    if quote is not None:
        left, right = quote
        if _MENTION_AFTER.match(text, right + 1):
            return True
        before = text[sentence_start:left].rstrip()
        if _scripted(before):
            return False  # the speaker's own script: 话术：“…”, "tell them: '…'" (session 44)
        return bool(
            _SPEAKER_RE.search(before)
            or before.endswith(_SAYS)
            or _SAID_BEFORE.search(before)
            or _mentioned_zh(text, sentence_start, before, right)
            # a news sentence names what others did in quotes (新闻：…以“借款送礼品”诱导…)
            or (
                _INTRO_RE.match(text, sentence_start) is not None
                and _CALL_TO_ACT.search(text, sentence_start) is None
            )
        )
    clause_start = _last_of(text, "，,。！!?？；;\n", start) + 1
    if _speaker_before(text, clause_start, start) or generic_who(text, start, end):
        return True
    # a speaker that opens before the phrase and runs into it ("我大姨说有人打电话给她": the match
    # starts at 大姨, inside "我大姨说")
    at = text.rfind("我", clause_start, start)
    if at >= 0:
        teller = _SPEAKER_RE.match(text, at, end)
        if teller is not None and start < teller.end():
            return True
    # a sentence that opens by naming its source ("据客户反映，…", "客户投诉称：…") reports,
    # and so does one that tells of someone else's sanction ("某催收员因…被行政拘留")
    return (
        _INTRO_RE.match(text, sentence_start) is not None
        or _SANCTIONED.match(text, sentence_start) is not None
        or _AUTHORITY_ACTS.match(text, sentence_start) is not None
        or _authority_did(text, sentence_start, clause_start)
        or _sanctioned_en(text, sentence_start)
    )


def _authority_did(text: str, sentence_start: int, clause_start: int) -> bool:
    """A later clause tells what the authorities already did (某村一名男子因借网贷被催收人员张贴欠款
    信息，当地警方已介入调查): news, not a threat, which says what they will do (警方会介入的)."""
    if clause_start <= sentence_start:
        return False
    m = _AUTHORITY_ACTS.match(text, clause_start)
    return m is not None and "已" in m.group() and not any(w in m.group() for w in "将会要")


_YOU_RE = lazy_compile(r"\byou(?:r|rs|'re|'ll|'d)?\b", re.IGNORECASE)


def _sanctioned_en(text: str, sentence_start: int) -> bool:
    """An English sentence opening with news of someone else's sanction (see _SANCTIONED_EN);
    one that names the listener ("The whole street will know you were arrested") is not news."""
    m = _SANCTIONED_EN.match(text, sentence_start)
    return m is not None and _YOU_RE.search(m.group()) is None


# News of a sanction on a third party: "某催收员因在借款人孩子学校门口发传单被行政拘留", "一家网贷
# 公司因宣传不看征信被罚款": the subject is someone else (某/一名/一家/该…), the act is the reason
# (因…), the sanction follows (被…). "你因为不还钱会被拘留" names the listener: not news.
_SANCTIONED = lazy_compile(
    _both(
        r"\s*(?:近日|日前|昨天|昨日|今天|今日|上周|上月|去年|此前|最近)?[，,]?\s*"
        r"(?:某|一名|一位|一个|一家|一伙|一批|该|多名|几名|两名|三名|数名|多家|几家|有个|有家|有一名|有一家)"
        r"[^。！？!?\n]{0,30}?因[^。！？!?\n]{1,40}?被(?:依法|警方|公安|法院|监管部门)?"
        r"(?:行政拘留|刑事拘留|拘留|刑拘|处罚|罚款|罚|查处|判刑|判处|起诉|立案|逮捕|抓获|约谈|通报|吊销)"
    ),
)


# News of the authorities acting on someone else: "多地公安打击暴力催收，抓获犯罪嫌疑人四十余名",
# "某地警方捣毁一个专门张贴欠款人照片的催收团伙". The act must not fall on the listener ("警方会
# 抓捕你", "公安会依法处罚您"): that is a threat, not news.
_AUTHORITY_ACTS = lazy_compile(
    _both(
        r"\s*(?:近日|日前|昨天|昨日|今天|今日|上周|上月|去年|此前|最近)?[，,]?\s*"
        r"(?:某地|多地|各地|全国|本市|当地|[^。！？!?\n你您我]{0,6}?)"
        r"(?:警方|公安机关|公安局|公安|民警|检察院|检察机关|法院|监管部门|银保监会?|金融监管局)"
        r"[^。！？!?\n你您我]{0,10}?"
        r"(?:捣毁|抓获|打掉|端掉|破获|查处|打击|刑拘|逮捕|抓捕|侦破|判处|罚款|处罚|依法拘留|立案侦查|介入)"
        r"(?![^。！？!?\n]{0,4}[你您])"
    ),
)


# News of a sanction on someone else, in English: "A collection agency was fined for posting
# debtors' names on TikTok", "Two collectors were jailed for threatening a family". The subject is
# a third party (a / an / two / the …), never the listener ("You will be fined…").
_SANCTIONED_EN = lazy_compile(
    r"\s*(?:(?:last|this)\s+(?:week|month|year)[, ]+|yesterday[, ]+|recently[, ]+)?"
    r"(?:a|an|one|two|three|four|five|several|some|many|the|this|that|another)\s+(?!you\b)"
    r"[^.!?\n]{0,50}?\b(?:was|were|has been|have been|got|had been|is being|are being)\s+"
    r"(?:fined|sanctioned|banned|sued|prosecuted|penalised|penalized|charged|convicted|jailed"
    r"|arrested|suspended|shut down|disciplined|struck off|investigated)\b",
    re.IGNORECASE,
)


# "你问你朋友借点": asking someone near the borrower (for money) is no speaker's question
_ASKS_KIN = lazy_compile(
    "[你您]?的?(?:朋友|家人|家里|亲戚|同事|爸|妈|父母|哥|姐|弟|妹|老婆|老公|老板|领导|身边|亲朋|兄弟|舅|姑|姨|叔|同学)"
)


# a call or message the speaker's side received ("我妈接到电话说我欠钱要被抓", "我收到短信称…"), read
# only where 接到 / 收到 / 接了 stands
_RECEIVED = lazy_compile(
    _both(
        r"我(?:的)?(?:[^，,。！？!?\n]{0,4}?)(?<!会)(?<!将)(?:接到|收到|接了)(?:了)?"
        r"(?:一个|一通|个|条|一条|几个|好几个)?(?:陌生)?(?:电话|短信|消息|微信|信息|语音)"
        r"[^，,。！？!?\n]{0,6}?(?:说|称|讲)"
    )
)


_RECEIVED_GATE = lazy_compile("接到|收到|接了")


@functools.lru_cache(maxsize=64)
def _received_gate(text: str) -> bool:
    return _RECEIVED_GATE.search(text) is not None


def _speaker_before(text: str, low: int, start: int) -> bool:
    """Someone else speaks in text[low:start] (see _SPEAKER_RE)."""
    if _received_gate(text) and _RECEIVED.search(text, low, start) is not None:
        return True
    while (m := _SPEAKER_RE.search(text, low, start)) is not None:
        if not (m.group().endswith("问") and _ASKS_KIN.match(text, m.end())):
            return True
        low = m.end()
    return False


def speaks_of_others(text: str, start: int, end: int) -> bool:
    """Someone else's words are reported somewhere in text[start:end] ("客户问能不能保证下款",
    "有人说…", "beware of anyone who says…"): a whole sentence that mentions them is not the
    agent saying them."""
    if _SPEAKER_RE.search(text, start, end) is not None or any(
        start <= g_start < end for g_start, _ in _generic_spans(text)
    ):
        return True
    if not_asserted(text, start, end, unit=True):
        return True
    if _checks_gate(text):
        told = _TOLD_BY.search(text, start, end)
        if told is not None and _told_then_asks(text, told.end(), told.end()):
            return True
    return any(
        _quote_around(text, i + 1, i + 1) is not None
        for i in range(start, end)
        if text[i] in _OPEN_QUOTES
    )


_ASKS_END = ("吗", "么", "嗎", "呢", "伐")  # (伐: Shanghainese 吗, session 32)
_WHAT_DO_I_END = lazy_compile(_both(_WHAT_DO_I + "$"), cached=False)
# the asker's own last clause asks in words, no mark: "我大二想了解一下流程", "我想问下利息多少"
# (session 32; 我 first, so a lender's "想了解详情请咨询客服" is not one)
_I_ASK_IN_WORDS = lazy_compile(
    _both(
        r"我(?![们哋])[^，,。！!？?]{0,8}?(?:想问|请问|问下|问一下|想了解|想知道)[^，,。！!？?]*$"
    ),
    cached=False,
)
# a spoken A-not-A question closing the clause: "这个贷款我能办不", "我能借到不", "可以分期不"
ASKS_A_NOT = lazy_compile(r"(?:能|可以|可|行|成)[\u4e00-\u9fff]{0,3}[不唔]$")


# "你猜我们下一个电话会打给谁？", "Guess who we call next?": a guess the speaker answers asks nothing
_GUESS_RE = lazy_compile(
    r"你猜|猜猜|猜一猜|估下|\bguess (?:who|what|where|which|whose)\b"
    # a taunt ("你以为我们只会打电话？", "You think we only call?"): the speaker's answer is "no"
    r"|你以为我|你以為我|\byou think (?:we|this|it) (?:only|just|will just|'ll just)\b",
    re.IGNORECASE,
)
_SENTENCE_END = "。！？!?\n"
# session 40: a Chinese rhetorical question whose expected answer is "none" states a universal
# claim (哪一笔不是顺顺利利下来的？ = every one was; 你见过哪张被打回来的？ = none was; 什么时候有客户
# 被拒过？ = never; 有…还批不下来的吗？ = none; 谁还看那玩意儿？ = nobody): it asks nothing
_ZH_FAIL = (
    r"(?:退回|退|打回|拒|刷下|刷掉|驳回|卡住|卡壳|空手|白跑|落空|泡汤|没批|不批|没过|不过|没通过|不通过"
    r"|没下来|不下来|没下款|不下款|批不|过不|不给(?:批|放|贷|过|下款|放款)|没给(?:批|放|下))"
)
_ZH_CLASSIFIER = r"[个笔单件位次套份家回张户批宗]"
_RHETORIC_ZH = lazy_compile(
    _both(
        r"哪一?"
        + _ZH_CLASSIFIER
        + r"(?:不是|没有|没)|谁(?:的)?(?:不是|没有|没)(?!有?人)|谁还(?=[\u4e00-\u9fff])"
        r"|哪一?"
        + _ZH_CLASSIFIER
        + r"[^，,。！!？?]{0,12}?"
        + _ZH_FAIL
        + r"|谁[^，,。！!？?]{0,12}?"
        + _ZH_FAIL
        + r"|(?:什么时候|啥时候|几时|何时)(?![^，,。！!？?]{0,14}?(?:会|能|可以|要|才|将|到账|还款|还钱))"
        r"[^，,。！!？?]{0,14}?过"
        r"|(?:^|(?<=[，,。！!？?]))还?有(?!没有|没|人)[^，,。！!？?]{0,16}?"
        + _ZH_FAIL
        + r"[^，,。！!？?]{0,4}?的(?:吗|么|嘛)?[？?]"
    ),
    cached=False,
)


# Session 41: the IMPLIED answer. A Chinese question the speaker closes at once with its answer asks
# nothing either: a challenge or "what do you think" after any question (…有被卡的吗？你说呢？ / …哪笔黄过？
# 你问不出来的 / 你自己算算 / 找得出一个算我输), or a bare "none" after a WH-question (…哪一件没核下来的？
# 没有吧。 / 边单冇批过？梗係冇 / 谁…？没人). After a yes-no question a bare "no" is a reply
# (你们不查征信吗？没有，我们都查: answered_no), so that form needs the wh-word.
_IMPLIED_CHALLENGE_ZH = lazy_compile(
    _both(
        r"\s*(?:你(?:说|讲|话|[觉覺]得|猜)呢|你自己(?:算算|想想|看看|问问|打[听聽]|琢磨|去问|数数|品品)"
        r"|你(?:自己)?(?:心里|心中|心[裏里])(?:有数|清楚|明白|有底)"
        r"|[^，,。！!？?]{0,6}?(?:问|打[听聽]|找|查|数)不(?:出来?|到|着)|[^，,。！!？?]{0,8}?算我[输輸]"
        r"|就是这样|就是这么回事)"
    ),
    cached=False,
)
_IMPLIED_NONE_ZH = lazy_compile(
    _both(
        r"\s*(?:(?:那|这)?(?:肯定|当然|根本|[压壓]根|绝对)?(?:没有|没|冇)(?:吧|嘛|啊|呀|呢|的)?(?=[，,。.！!？?\s]|$)"
        r"|从来(?:都)?(?:没有?|冇)|一(?:个|次|[笔筆]|单|件|回|位|张)(?:都|也)(?:没有?|冇)"
        r"|没有?人|冇人|梗[系係](?:没有?|冇))"
    ),
    cached=False,
)
_WH_ZH = lazy_compile(
    _both(r"哪|谁|什么时候|啥时候|几时|何时|边(?:一)?[个笔单件位次套份家回张户批宗]|[邊边][個个]"),
    cached=False,
)


_NEG_ZH = lazy_compile(_both(r"不|没|未|无|冇|唔|别"), cached=False)
_FAIL_ZH = lazy_compile(
    _both(
        _ZH_FAIL
        + r"|(?:不|没|冇|未)(?:有|能)?(?:批|核|过|通过|下来|下款|放|到账|给|成|拿到|到手)|黄|被卡"
        + r"|说过?(?:一个)?[“\"「『]?不[”\"」』]?(?:字)?(?![同用会能要])"
    ),
    cached=False,
)


def implied_answer(text: str, opens: int, mark: int) -> bool:
    """The Chinese question text[opens:mark] + "？" is closed by the speaker's own answer (above).
    Not a question that negates anything but a failure (你们哪个产品不查征信？没有，都查: a reply
    that denies the lure, not a claim that every product skips the check)."""
    if mark >= len(text):
        return False
    if _NEG_ZH.search(text, opens, mark) is not None and _FAIL_ZH.search(text, opens, mark) is None:
        return False
    if _IMPLIED_CHALLENGE_ZH.match(text, mark + 1) is not None:
        return True
    return _IMPLIED_NONE_ZH.match(text, mark + 1) is not None and (
        _WH_ZH.search(text, opens, mark) is not None
        or _FAIL_ZH.search(text, opens, mark) is not None
    )


def guessed(text: str, start: int, end: int) -> bool:
    """The sentence of text[start:end] opens a rhetorical guess ("你猜…", "Guess who…") before
    ``end``, or is a Chinese rhetorical question whose answer is "none" (``_RHETORIC_ZH``) or
    that the speaker closes with its answer (:func:`implied_answer`): a question the
    speaker answers, so it excuses nothing."""
    opens = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    if _GUESS_RE.search(text, opens, end) is not None:
        return True
    closes = min((i for i in (text.find(ch, start) for ch in "？?") if i >= 0), default=end)
    return _HANZI_ANY.search(text, opens, closes + 1) is not None and (
        _RHETORIC_ZH.search(text, opens, closes + 1) is not None
        or implied_answer(text, opens, closes)
    )


def is_question(text: str, start: int, end: int) -> bool:
    """text[start:end] is a question: a question mark right after it or inside it, a final
    particle (吗, 么), or an A-not-A question in its last clause with nothing after it but a
    full stop (:func:`_asks_a_not_a`); not a rhetorical "guess who ..." (:func:`guessed`)."""
    if any(ch in "?？" for ch in text[start : end + 1]):
        return not guessed(text, start, end)
    ends = text[start:end].rstrip()
    return (
        ends.endswith(_ASKS_END)
        or (
            ends.endswith(("不", "唔"))
            and ASKS_A_NOT.search(ends, max(0, len(ends) - 6)) is not None
        )
        or _asks_a_not_a(text, start, end)
        or (ends.endswith(("办", "理", "对")) and _WHAT_DO_I_END.search(ends) is not None)
        or ("我" in ends and _I_ASK_IN_WORDS.search(ends, max(0, len(ends) - 40)) is not None)
    )


# A chat question typed without its question mark asks with A-not-A inside the clause:
# "利率是不是借得越多越便宜", "你们有没有不看征信的产品", "这个能不能分期还" (session 31: the
# classifier read the first as an easy-credit lure). Not after 你/您: "你是不是想坐牢",
# "您是不是还在为钱发愁" put a claim to the listener, and not when a clause follows it
# ("急用钱是不是很烦，来我们这秒批": the pitch comes after), and not where the clause
# only embeds it after a verb of judging or in the lender's own voice ("我们只看你现在有没有
# 手机", "不管你是不是学生": a statement of what is checked, not a question).
_A_NOT_A = lazy_compile(
    r"(?<![你您])(?:是不是|是否|有没有|有冇|能不能|会不会|會不會|可不可以|算不算|要不要|係咪|系咪)"
)
_A_NOT_A_EMBEDDED = lazy_compile(
    r"看|管|问|問|查|论|論|知道|确认|確認|决定|決定|取决|取決|判断|判斷|关心|在乎|我们|我們|我司|咱们|本公司"
)
# the marks that part clauses inside a sentence (CLAUSE_CHARS without the sentence ends)
_CLAUSE_SPLIT = lazy_compile(
    "[" + re.escape("".join(sorted(CLAUSE_CHARS - frozenset("。！？.!?\n")))) + "]"
)


def _asks_a_not_a(text: str, start: int, end: int) -> bool:
    """The last clause of text[start:end] asks with A-not-A and nothing but a full stop or
    the end of the text follows it (an exclamation is a pitch, not a question)."""
    clause = _CLAUSE_SPLIT.split(text[start:end].rstrip())[-1]
    found = _A_NOT_A.search(clause)
    if found is None or _A_NOT_A_EMBEDDED.search(clause, 0, found.start()) is not None:
        return False
    after = text[end:].lstrip()
    return not after or after[0] in "。.\n"


# Who asks, in English (session 29; model's s28 finding: a "?" anywhere in a unit excused it).
# A tag after a claim ("..., okay?", "no stress, yeah?") asks nothing; an opening question the
# speaker answers ("Bad credit? We've funded worse.") is rhetorical; a question followed by
# the asker's own words ("Can I get one? My score is bad.") or by more questions is asked.
_EN_TAG = lazy_compile(
    r"[,\s]\s*(?:ok(?:ay)?|yeah|yea|ya|yes|yep|right|alright|all right|got it|deal|innit|aye|eh"
    r"|lah|sound good|sounds good|cool|k|trust me|believe me|simple|easy)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
_EN_ASKER_AFTER = lazy_compile(
    r"(?:i|i'm|i’m|im|i've|i’ve|ive|i'd|i’d|i'll|i’ll|my|me|mine|pls|please|plz|thanks|thank you"
    r"|thx|ty|asking|just asking|wondering|just wondering|because|cos|coz|cause|since|as i)\b"
    r"|[^.!\n]*\?\s*$",
    re.IGNORECASE,
)


# session 40 (english): a RHETORICAL question whose expected answer is "none" asks nothing: it opens
# with "since when", "when has ... ever", "who've I ever", or it is answered at once with the none
# ("... refused? Nobody." / "Never." / "Zero, bro." / "Exactly.")
_EN_RHETORIC_OPEN = lazy_compile(
    r"(?i)\W*(?:[a-z]+,\s*)?(?:since when\b|when (?:has|have|had|did|was|were|is)\b[^?.!]{0,60}\b(?:ever|last)\b"
    r"|who(?:'ve|’ve| have| has) (?:i|we) ever\b)"
)
_EN_NONE_ANSWER = lazy_compile(
    r"(?i)\s*(?:nobody|no one|no-one|never|never once|none|zero|not one|not once|not a single one"
    r"|exactly|you can'?t|you can’t|i'?ll wait|i’ll wait|not a soul)\b"
)
_EN_WH_OPEN = lazy_compile(r"(?i)\W*(?:[a-z]+,\s*)?(?:who|whom|when|how many|how often|which)\b")


def en_rhetorical(text: str, mark: int) -> bool:
    """The English question ending at text[mark] ("?") is rhetorical, its expected answer "none"
    (above): it opens with "since when" / "when has ... ever" / "who've I ever", or it is a who /
    when / how many question answered at once with the none."""
    opens = max(text.rfind(ch, 0, mark) for ch in ".!?\n") + 1
    if _EN_RHETORIC_OPEN.match(text, opens) is not None:
        return True
    return (
        _EN_NONE_ANSWER.match(text, mark + 1) is not None
        and _EN_WH_OPEN.match(text, opens) is not None
    )


def asks_en(text: str, start: int, end: int) -> bool:
    """English text[start:end] asks (the model's units, which may hold several sentences): its
    last question mark ends it, and is not a tag after a claim; or what follows that mark is
    the asker's own words or more questions. Not a rhetorical "guess who ..." nor a question
    whose expected answer is "none" (above)."""
    span = text[start : end + 1]
    mark = span.rfind("?")
    if mark < 0 or guessed(text, start, end):
        return False
    if en_rhetorical(text, start + mark):
        return False
    after = span[mark + 1 :].strip(" \t\n.!)\"'")
    if after:
        return _EN_ASKER_AFTER.match(after) is not None
    return _EN_TAG.search(span[: mark + 1]) is None


# Who speaks, in English, read for every family at once (session 34). A sentence that names a
# lure or a threat is not the lender saying it when it is: news of someone sanctioned ("News:
# police arrest operators of a loan app that shamed borrowers", "Loan shark jailed after
# posting photos"); a denial that opens its clause ("At no stage will a collector visit your
# home at night", "No member of our team will ever ring your boss"); advice against a practice
# ("Don't sell your phone or take a payday loan to pay this week", "Borrowing from friends to
# pay this off can strain relationships"); a borrower asking us to judge what they heard ("Is it
# true they can send police to your house?", "the collector say will come my house 2am leh, can
# report police or not?", "Unhone bola CIBIL check nahi hoga, ye fraud toh nahi hai na?") or
# telling what they believed ("I thought approval was guaranteed, but they said no"). Each is
# read from the sentence that carries the match, so an opening question that is answered by an
# offer ("Got your student card? That's enough for £250") excuses nothing.
_EN_SENT_END = lazy_compile(r"[.!?]+(?=\s|$)|\n")
_EN_CLAUSE_END = lazy_compile(r"[;:,\n]|\s[—–-]\s|[.!?]+(?=\s|$)")
_EN_YOU = lazy_compile(r"(?i)\b(?:you|your|yours|u|ur|yourself)\b")
_EN_NEWS_OPEN = lazy_compile(
    r"(?i)\s*(?:news|breaking(?: news)?|headline|update|police|court|report|in the news|local news)"
    r"\s*[:|—–-]"
)
_EN_SANCTION = lazy_compile(
    r"(?i)\b(?:collectors?|lenders?|loan sharks?|operators?|firms?|company|companies|agency|agencies"
    r"|agents?|apps?|men|man|gang|staff|directors?|bosses|owners?|employees)\b[^.!?\n]{0,40}?"
    r"\b(?:(?:was|were|has been|have been|got|are|is)\s+)?(?:jailed|arrested|convicted|fined"
    r"|charged|sentenced|prosecuted|banned|sued|raided|shut down|struck off)\b"
    r"|\b(?:police|regulators?|watchdogs?|courts?|judges?|(?:the )?fca|authorities|officials"
    r"|consumer groups?)\s+(?:have\s+|has\s+)?(?:arrest|arrested|fine|fined|fines|jail|jailed|charge"
    r"|charged|raid|raided|ban|banned|bans|convict|convicted|prosecute|prosecuted|finds|found"
    r"|shut down|shuts down)\b"
    # session 42: the act named as what a case or report is about ("sues debt collector over threats of
    # arrest", "damages for threatening arrest", "complaints about threats of prosecution")
    r"|\b(?:over|for|about|after|amid|following|against)\s+(?:alleged\s+|illegal\s+|unlawful\s+|repeated\s+)?"
    r"(?:threats?\s+(?:of|to)|threatening)\b"
)
_EN_OUR_CLIENTS = lazy_compile(
    r"(?i)\b(?:our|my) (?:clients?|customers?|borrowers?)\b|\bpeople (?:who|that) (?:don'?t|do not|"
    r"won'?t|never) pay"
)
_EN_DENIAL_OPEN = lazy_compile(
    r"(?i)\s*(?:(?:and|but|so|rest assured|be assured|please note)\W+)?"
    r"(?:at no (?:point|stage|time)|under no circumstances|in no (?:case|circumstances)"
    r"|never (?:will|would|shall|do|does)\b"
    r"|(?:no ?(?:body|one)|no-one|none of (?:our|us|the|my)|no (?:member|members|staff|agent|agents"
    r"|collector|collectors|employee|employees|representative|person|caller|officer|officers"
    r"|one|team)s?)\b[^,;:.!?\n]{0,40}?\b(?:will|would|can|could|may|shall|should|is allowed to"
    r"|are allowed to|is permitted to|ever))"
)
# what a denial may not deny: a refusal ("At no point will you be turned down") or a rescue
# ("No one can stop us calling your mother")
_EN_DENIAL_FLIP = lazy_compile(
    r"(?i)\b(?:stop|stops|save|help|protect|escape|hide|rescue|lend|hire|believe|forget|miss|care"
    r"|spare|prevent|reject|rejected|refuse|refused|decline|declined|turn(?:ed)? (?:you )?(?:down"
    r"|away)|say no|deny|denied|no|question|judge|check|checks|ask|asks|know|find out|leave|leaves"
    r"|leaving|walks? out|empty|empty-handed|without|disappoint\w*|unhappy|goes home|go home)\b"
)
_EN_ADVICE_OPEN = lazy_compile(
    # (session 40: a vocative may open it: "Bro don't anyhow take a cash advance to pay us")
    r"(?i)\s*(?:(?:please|so|and|but|just|honestly|really|bro|sis|boss|mate|friend|dear|hey|hi|aunty|auntie"
    r"|uncle|ma'?am|sir|guys|lah|ok|okay)\W+){0,2}(?:(?:watch out|beware|be careful|look"
    r" out|be wary|be on guard) (?:for|of)\b|(?:never|don'?t|don’t|do not) (?:trust|believe|fall for"
    r"|listen to|reply to|respond to)\b"
    r"|(?:don'?t|don’t|do not|never|try not to"
    r"|avoid|think twice before|be careful (?:before|about)|be wary of|steer clear of|resist)"
    r"\s+(?:(?:ever|just|even|go|rush|out|and|to|into|try|simply|anyhow|anyway|blindly|quickly)\s+){0,2}(?:take|taking|borrow|borrowing|sell|selling|ask|asking|use|using|treat"
    r"|treating|get|getting|apply|applying|pawn|pawning|max|maxing|rely|relying|fall for|go to"
    r"|turn to|put|putting)\b)"
)
_EN_DOING_OPEN = lazy_compile(
    r"(?i)\s*(?:borrowing|taking|asking|using|selling|pawning|getting|going to|turning to|relying on"
    r"|maxing)\b"
)
_EN_BAD_IDEA = lazy_compile(
    r"(?i)\b(?:rarely|never|seldom) ends? well|\b(?:can|could|will|may|might|often|usually|tends to)"
    r"\s+(?:strain|damage|hurt|ruin|sour|backfire|make (?:things|it|matters) worse|cost (?:you )?more)"
    r"|\b(?:strains|damages|hurts|ruins|backfires)\b|\b(?:isn'?t|is not|isn’t) (?:the only|a good"
    r"|wise|the answer|a solution|a fix|your only)|\bis (?:risky|a bad idea|a trap|unwise|rarely"
    r"|never a good|not recommended)|\b(?:usually |often )?costs? (?:you )?more\b"
    r"|\bmakes? (?:things|it|matters) worse|\bonly (?:adds|delays|deepens)"
)
_EN_JUDGE_OPEN = lazy_compile(
    r"(?i)\s*(?:(?:eh|hey|hi|hello|so|but|and|pls|please|sorry|um|ok|okay|quick question|wait|sir"
    r"|madam|bro|guys)\W+)*(?:is it (?:really |actually )?(?:true|legit|legal|normal|allowed|real|ok"
    r"|okay|right)|is (?:that|this) (?:even |really |actually )?(?:true|legit|legal|normal|allowed"
    r"|real|ok|okay|right|a scam)|is there really|are there really"
    r"|does (?:it|that|this) mean|did (?:they|he|she|someone|somebody|anyone|your|the|a|an)\b"
    r"|can (?:they|he|she|lenders|collectors|a lender|a collector|the app|the lender|you guys|u guys)"
    r"\b|are (?:they|lenders|collectors|you guys|u guys) (?:really |even |actually )?allowed"
    r"|is approval|is the approval|is my (?:loan|approval)|will i (?:get|be|definitely)|would i get"
    r"|could i get|can i get|am i (?:guaranteed|sure|definitely)|u sure|you sure|r u sure"
    r"|are you sure|how come|is yours|are yours|na true|e true say|true say|is it true say|it'?s true say"
    r"|abeg(?:,)? is it true|kya (?:yeh|ye|yah|sach|aisa|woh|wo) |sach mein)"
)
# a judging tail, in chat registers: "... true or not?", "legit anot ah?", "fraud hai kya?"
_EN_JUDGE_TAIL = lazy_compile(
    r"(?i)\b(?:true|legit|legal|real|scam|fraud|allowed|correct|genuine)\s*(?:or not|anot|hai kya"
    r"|hai na|na|ah|lah|leh|one|kya)?\s*(?:ah|lah|leh|sia|bro|sir)?\s*\?+[\s\"'”’)]*$"
)
_EN_ANSWERED_YES = lazy_compile(
    r"(?i)\s*(?:yes|yep|yeah|yup|absolutely|of course|you bet|definitely|sure|100|always|course"
    r"|obviously|damn right|hell yes|too right|that'?s right|that’s right|correct|true|indeed"
    r"|totally|for sure|nope|none|zero|not at all|never)\b"
)
_EN_TELLER_SAYS = lazy_compile(
    r"(?i)\b(?:they|he|she|someone|somebody|unhone|usne|unho ne|dem|a (?:guy|man|woman|lady|friend"
    r"|mate|collector|agent|lender|caller)|the (?:guy|man|woman|lady|collector|agent|app|caller"
    r"|lender|advert|ad|website|site|text|sms|message|company|firm|recovery (?:agent|guy))"
    r"|(?:my|ur) (?:friend|mate|cousin|colleague|brother|sister|neighbour|neighbor|uncle|aunt"
    r"|auntie|flatmate|roommate)|some (?:firms|lenders|apps|companies|sites|ads|adverts|people)"
    r"|other (?:lenders|firms|apps)|many (?:lenders|apps)|loan sharks|scammers|fraudsters)\b"
    r"(?:\s+[\w'’]+){0,4}?\s+(?:said|says|say|told|tells|bola|bole|bolta|boli|talk say|claimed"
    r"|claims|keeps? saying|kept saying|threatened|promised|wrote|texted|messaged|advertises"
    # session 45: a plural teller's present ("Some apps advertise instant approval; we usually take a day")
    r"|advertised|advertise|promise|claim|boast)\b"
)
_EN_YOUR_TELLER = lazy_compile(
    r"(?i)\byour (?:friend|mate|cousin|colleague|brother|sister|neighbour|neighbor|uncle|aunt|auntie"
    r"|flatmate|roommate)\s+(?:said|says|say|told|tells)\b"
)
_EN_GENERIC_TELLER = lazy_compile(r"(?i)^(?:some|other|many|loan|scammers|fraudsters)")
_EN_SAME_HERE = lazy_compile(
    r"(?i)\b(?:(?:and|so) (?:do|are|can|will) we|we (?:too|also|really|actually|truly)|same (?:here|with"
    r" us)|like us|and (?:it'?s|it’s|that'?s|that’s) true|they'?re right|they’re right)\b"
)
_EN_BORROWER_I = lazy_compile(
    r"(?i)\b(?:i'?ve|i’ve|ive|i'?m|i’m|im|i'?d|i’d) (?:been|got|had|a|an|just|never|already|only)\b"
    r"|\bi (?:got|had|have|was|am|thought|need|applied|borrowed|missed|can'?t|cannot|don'?t|didn'?t"
    r"|just|earn|work|want)\b|\bmy (?:loan|credit|score|house|home|wife|husband|son|daughter|kids"
    r"|friend|mate|boss|neighbour|neighbor|family|account|salary|payslip|debt|application)\b"
)
# session 44: after what someone else told the writer, the writer's own wish or worry ("My cousin told me
# you don't check credit. I'd rather know upfront if you do.")
_EN_WRITER_WISH = lazy_compile(
    r"(?i)\bi(?:'d|’d| would) (?:rather|prefer|like to know|want to know|love to know)\b"
    r"|\bi (?:prefer|wonder|worry|want to (?:know|check|understand|be sure))\b"
    r"|\bi(?:'m|’m| am) (?:worried|scared|nervous|not sure|unsure|confused|wondering)\b",
    cached=False,
)
_EN_AGENT_ME = lazy_compile(
    r"(?i)\b(?:me|i)\s+(?:to\s+)?(?:call|ring|phone|text|message|tell|visit|come|send|post|share|show"
    r"|email|contact|pop|drop|knock|use|ask|explain|start|read|show)\b|\b(?:want|shall|should) (?:me|i)\b"
    r"|\bi(?:'?ve|’ve| have)? got (?:your|the whole|all)\b|\bmy (?:boys|men|team|guys|people|agents|night shift|colleagues"
    r"|collectors|lads|manager)\b|\b(?:we|we'?ll|we’ll|we'?re|we’re|us|our)\b"
)
_EN_BELIEVED = lazy_compile(
    r"(?i)\bi (?:thought|assumed|believed|was told|was promised|had heard)\b"
)


_EN_GOT_CALL = lazy_compile(
    r"(?i)\bi (?:got|had|received|keep getting|kept getting|just got)\b(?:(?!\byour\b)[^.!?\n]){0,30}?"
    r"\b(?:call|calls|text|texts|message|messages|letter|voicemail|visit)\b(?:(?!\byour\b)[^.!?\n])"
    r"{0,40}?\b(?:saying|says|said|telling me|threatening)\b"
)
# a lender's condition that makes a contact a policy: only with the borrower's own consent
_EN_CONSENT = lazy_compile(
    r"(?i)\bonly (?:if|when|with|after) (?:you(?:'ve| have|’ve)? (?:given|agreed|asked|consented|said|told)"
    r"|your (?:permission|consent|agreement|ok|okay))|\bwe only ask them to pass on a message\b"
)
# a student product's condition (session 34; read only by rules naming ``en_condition``):
# "Parents can co-sign for a student loan after our usual checks", "Students on our graduate
# loan start repaying once they earn over the threshold", "We only lend to full-time students
# who have a guarantor"
_EN_CONDITION = lazy_compile(
    r"(?i)\b(?:subject to|after|following|once we(?:'ve| have|’ve)? (?:done|run|completed))\s+"
    r"(?:(?:our|the|a|all|their|your|his|her|its|usual|normal|standard|full|own|affordability|credit"
    r"|identity|income)\s+){0,3}(?:checks?|assessments?|approval process|review|status|affordability)"
    r"\b|\bsubject to (?:status|affordability|approval|eligibility)\b"
    r"|\bonce (?:they|you) (?:earn|start earning|are earning|graduate and earn)|\bover the (?:repayment"
    r" |income )?threshold\b"
    r"|\bwho (?:have|has|can show|show) (?:a |an )?(?:guarantor|income|job|payslip|proof|part-time)"
    r"|\bwith (?:a |an )?(?:guarantor|co-?signer|proof of income|payslip)"
    r"|\bwe (?:do not|don'?t|don’t|never|won'?t|cannot|can'?t) (?:give|lend|offer|provide)"
    r"|\bnot affected by\b|\bpaid (?:directly )?to (?:the )?(?:college|school|university|uni)\b"
)
_EN_CONDITION_NOT = lazy_compile(
    r"(?i)\bno (?:credit )?checks?\b|\bwithout (?:telling|your parents|checks|a guarantor|proof|any)"
    r"|\bno questions\b|\bsecret|\bwon'?t know|\bdon'?t need to know|\bno guarantor"
)


def en_condition(text: str, start: int, end: int) -> bool:
    """English text[start:end] stands in a sentence that sets a lender's condition (above)."""
    if _HANZI_ANY.search(text) is not None:
        return False
    s_low, s_high = _en_bounds(text, start, end, _EN_SENT_END)
    return (
        _EN_CONDITION.search(text, s_low, s_high) is not None
        and _EN_CONDITION_NOT.search(text, s_low, s_high) is None
    )


def _en_bounds(text: str, start: int, end: int, pattern: Any) -> tuple[int, int]:
    """Where the sentence (or clause) of text[start:end] begins, and where the one of ``end`` ends."""
    low = 0
    for m in pattern.finditer(text, 0, start):
        low = m.end()
    m = pattern.search(text, max(end - 1, start))
    return low, (m.end() if m is not None else len(text))


# a text's lower case for the word gates of the readers below, which skip a costly pattern when
# none of its words is in the text (the same answers); None where a character folds onto an ASCII
# letter under re.IGNORECASE (İ ı ſ K) and a plain substring could miss what a pattern matches
@functools.lru_cache(maxsize=64)
def _en_low(text: str) -> str | None:
    if not text.isascii() and any(c in text for c in "\u0130\u0131\u017f\u212a"):
        return None
    return text.lower()


def _en_has(low: str | None, words: tuple[str, ...]) -> bool:
    return low is None or any(map(low.__contains__, words))  # (no Python frame an item)


# (the words each pattern needs, as plain substrings: a text without any of them cannot match.
# Only the costliest patterns are gated: a gate on each cost more than it saved, session 35)
_GATE_NEWS = (
    "news",
    "breaking",
    "headline",
    "update",
    "police",
    "court",
    "report",
    "jail",
    "arrest",
    "convict",
    "fine",
    "charge",
    "sentenc",
    "prosecut",
    "ban",
    "sued",
    "raid",
    "shut",
    "struck",
    "found",
    "finds",
)
_GATE_DENY = ("not", "nt", "n't", "n’t", "never")


_GATE_ADMIT = (
    "sorry",
    "apolog",
    "should have",
    "shouldn",
    "should never",
    "should not",
    "breach",
    "wrong to",
    "against our",
    "retrained",
    "disciplined",
    "suspended",
    "taken off",
    "removed",
    "never have",
)
_EN_ADMIT = lazy_compile(
    r"(?i)\b(?:(?:i|we)(?:'?m|’m|'?re|’re| am| are)? (?:so |very |really |truly |deeply )?sorry (?:that|for|our|the|a|about"
    r" (?:the|our|that)|someone|somebody|anyone|one of our|you were|you['’]ve been|you have been)|apologies that|(?:i|we) (?:sincerely |unreservedly )?apologi[sz]e (?:that|for)|apologies for|(?:should|shouldn'?t"
    r"|shouldn’t)(?: not| never)? have (?:been|happened|called|contacted|visited|said|told|sent|written|mentioned"
    r"|suggested|phoned|rung|texted|promised)|was wrong to|were wrong to|(?:breach|breaches|breached) (?:of )?our"
    r"|against our (?:own )?(?:policy|policies|rules|standards|code)|has been (?:retrained|disciplined|suspended|taken off"
    r"|removed)|never have happened"
    # session 40: pidgin's apology ("Sorry say our agent call you thief") and a breach named as such
    r"|sorry say|(?:was|is|were) a (?:serious |clear |major |real )?breach"
    # session 42: any act owned as wrong by someone not the listener ("The agent who rang your workplace
    # should never have done that"; not "you shouldn't have ignored us", nor "shouldn't have to"); pidgin's
    # "We apologise say ..."
    r"|\b(?:agent|agents|collector|collectors|caller|callers|representative|rep|staff|colleague|employee|officer"
    r"|he|she|they|it|that|this)(?: [a-z]+){0,6}? (?:should(?:n'?t|n’t| not| never)|ought not to) have (?!to\b)[a-z]+"
    r"|apologi[sz]e say)\b"
)
# the lender still threatens after its apology ("Sorry, but we'll be telling your boss unless ...")
_EN_ADMIT_THREAT = lazy_compile(
    r"(?i)\b(?:unless|or else|if you (?:don'?t|do not|don’t)|otherwise|sorry,? but|but (?:we|i)(?:'ll|’ll| will)"
    # session 42: the lender going on to contact someone of the listener's ("... We'll call your boss tomorrow")
    r"|(?:we|i)(?:'ll|’ll| will| are going to|'re going to|’re going to| shall) (?:be )?(?:call|ring|phone|text"
    r"|contact|tell|inform|visit|message|speak to|write to|email|calling|ringing|phoning|texting|contacting"
    r"|telling|informing|visiting|speaking to|writing to) (?:your|ur)\b)"
)


_ADMIT_MEMO: list[tuple[str, bool]] = []


def _en_admits(text: str, low: str | None) -> bool:
    """The message admits a breach and threatens nothing after it (once a message: the voice is
    asked once per match)."""
    if _ADMIT_MEMO and _ADMIT_MEMO[0][0] is text:
        return _ADMIT_MEMO[0][1]
    admits = (
        _en_has(low, _GATE_ADMIT)
        and _EN_ADMIT.search(text) is not None
        and _EN_ADMIT_THREAT.search(text) is None
    )
    _ADMIT_MEMO[:] = [(text, admits)]
    return admits


# session 40 (english): MENTION IS NOT USE. A phrase inside quotation marks that its sentence
# talks about ("'Approval guaranteed' is a promise you'll never hear from us", "We don't use words
# like "instant approval"", "anyone promising 'no credit check' is not us") is mentioned, not said:
# the quote is introduced by a mention noun or verb, or followed by a copula and a word about words,
# and the sentence distances itself from it (never, not, anyone, scam, report, banned ...).
# a quotation mark, not an apostrophe inside a word ("don't")
_EN_QUOTE_MARK = lazy_compile(r"[\"“‘]|(?<![A-Za-z0-9])'")
_EN_QUOTE_ANY = lazy_compile(r"[\"“”‘’']")
_EN_MENTION_BEFORE = lazy_compile(
    r"(?i)(?:\b(?:words?|phrases?|terms?|claims?|promises?|slogans?|expressions?|language|things|lines?"
    r"|lures?|offers?|messages?|texts?|ads?|adverts?|wording|labels?)\s+(?:like|such as|saying|that say"
    r"|which say|that read|reading)"
    r"|\bthe\s+(?:words?|phrases?|terms?|slogans?|claims?|promises?|lines?|expressions?|labels?|wording)"
    r"|\b(?:saying|says|said|say|promising|promises|promised|promise|claiming|claims|claimed|claim"
    r"|offering|offers|offered|advertising|advertises|advertise|write|writes|writing|wrote|use|uses"
    r"|using|used|tells? you|told you|hear|heard|calls? (?:it|itself|them)|like|as|quote|quoting)"
    r"(?:\s+(?:you|things like|that|of|loans? with|you a|you an|a|an|the|to|we offer|we have))*"
    r")\s*[:,]?\s*$"
)
_EN_MENTION_AFTER = lazy_compile(
    r"(?i)\W{0,2}\s*(?:(?:,\s*|\s+)(?:and|or)\s+[\"“‘'][^\"”’]{1,40}[\"”’']\W{0,2}\s*)*"
    r"(?:is|are|was|were|isn['’]t|aren['’]t|is not|are not|['’]s|as)\s+(?:(?:not|never|just|simply|only"
    r"|always|exactly|also|usually|often)\s+)?(?:a|an|the|one|some|something|words?|phrases?|what|how"
    r"|language|never|not|banned|forbidden|prohibited|used|found|claims?|promises?|lies?)\b"
)
_EN_REFUSAL_WORD = lazy_compile(
    r"(?i)\W*(?:no|nope|nah|declined|rejected|refused|denied|sorry|not approved|computer says no|no way)\W*$"
)
_EN_DISTANCE = lazy_compile(
    r"(?i)\b(?:never|not|no one|nobody|anyone|anybody|someone|somebody|whoever|scam\w*|fraud\w*|fakes?"
    r"|report|beware|careful|bans?|banned|forbidden|prohibited|rules?|against|ignore|hang up|warn\w*"
    r"|red flags?|lies?|lying|tricks?|misleading|illegal|unlawful)\b|n['’]t\b"
)


def en_mentioned(text: str, start: int, end: int, s_low: int, s_high: int) -> bool:
    """English text[start:end] overlaps quotation marks that its sentence (text[s_low:s_high])
    talks about, distancing itself from them (above); the match may begin before the quote ('never
    say "no credit checks"') or run past it ('"Money lands ..." is not something we'd ever promise')."""
    if _EN_QUOTE_MARK.search(text, s_low, s_high) is None:
        return False
    left = right = -1
    opened = -1
    for m in _EN_QUOTE_ANY.finditer(text, s_low, s_high):
        i = m.start()
        c = text[i]
        if opened < 0:
            if c in "”’" or (c == "'" and i > 0 and text[i - 1].isalnum()):
                continue  # a closing mark or an apostrophe with nothing open
            opened = i
            continue
        if c in "“‘" or (c == "'" and i > 0 and not text[i - 1].isalnum()):
            continue  # (a nested or stray opening mark)
        if c in "'’" and i + 1 < len(text) and text[i + 1].isalnum():
            continue  # an apostrophe inside a word ("don't")
        if opened < end and start < i:
            left, right = opened, i
            break
        opened = -1
        if i >= end:
            break
    if left < 0 or _EN_REFUSAL_WORD.match(text, left + 1, right) is not None:
        # (a quoted refusal is the outcome denied, not a phrase disowned: 'You won't hear the word
        # "no" from us' promises approval)
        return False
    if (
        _EN_MENTION_BEFORE.search(text, max(s_low, left - 60), left) is None
        and _EN_MENTION_AFTER.match(text, right + 1, s_high) is None
    ):
        return False
    # the distancing stands OUTSIDE the quote (a script's quote may hold its own "haven't": 'say
    # "we haven't had to say no to anyone"' is use)
    return (
        _EN_DISTANCE.search(text, s_low, left) is not None
        or _EN_DISTANCE.search(text, right + 1, s_high) is not None
    )


def en_other_voice(text: str, start: int, end: int, whole: bool = False) -> bool:
    """English text[start:end] stands in a sentence that is not the lender saying it (above);
    ``whole``: the match is its whole sentence (a classifier's unit), so a teller anywhere in it
    counts."""
    if not text.isascii() and _HANZI_ANY.search(text) is not None:
        return False
    s_low, s_high = _en_bounds(text, start, end, _EN_SENT_END)
    sentence = text[s_low:s_high]
    low = _en_low(text)
    if en_mentioned(text, start, end, s_low, s_high):
        return True
    # news of someone sanctioned, not the listener
    # (session 39: the sentence's "you" first, a pattern over one sentence, then the news words
    # over the whole text; the same answer, and most sentences hold a "you")
    if (
        _EN_YOU.search(sentence) is None
        and _EN_OUR_CLIENTS.search(sentence) is None
        and _en_has(low, _GATE_NEWS)
        and (_EN_NEWS_OPEN.match(sentence) is not None or _EN_SANCTION.search(sentence) is not None)
    ):
        return True
    # the speaker admits a breach or apologises for one (a complaint reply: "We're sorry a call reached
    # you at 5:30am. That breaches our own rules", "It should never have been sent"): the message
    # reports what went wrong, it does not do it; not where the lender goes on to threaten (session 38)
    if _ADMIT_MEMO[0][1] if _ADMIT_MEMO and _ADMIT_MEMO[0][0] is text else _en_admits(text, low):
        return True
    c_low = 0
    for cut in _EN_CLAUSE_END.finditer(text, 0, start):  # (_en_bounds' low alone)
        c_low = cut.end()
    # a denial or advice against that opens the match's clause
    m = _EN_DENIAL_OPEN.match(text, c_low)
    if m is not None and m.start() <= start and _EN_DENIAL_FLIP.search(text, m.end(), end) is None:
        return True
    if _EN_ADVICE_OPEN.match(text, c_low) is not None:
        return True
    if _EN_DOING_OPEN.match(sentence) is not None:
        bad = _EN_BAD_IDEA.search(sentence)
        if bad is not None and end <= s_low + bad.end():
            return True
    asks = sentence.rstrip(" \t\"'”’)").endswith("?")
    if asks and en_rhetorical(text, s_low + sentence.rfind("?")):
        asks = False  # (session 40: a rhetorical question whose answer is "none" asks nothing)
    if asks:
        after = text[s_high:]
        if _EN_ANSWERED_YES.match(after) is not None:
            return False
        if _EN_JUDGE_OPEN.match(sentence) is not None:
            return True
        if _EN_JUDGE_TAIL.search(sentence) is not None and (
            _EN_BORROWER_I.search(text) is not None or _EN_TELLER_SAYS.search(text) is not None
        ):
            return True
    # what someone else said, the sentence asking about it or the writer a borrower
    before = s_high if whole else start
    told = _EN_TELLER_SAYS.search(text, s_low, before)
    if told is not None:
        generic = _EN_GENERIC_TELLER.match(told.group()) is not None
        if generic and _EN_SAME_HERE.search(text, end) is None:
            return True
        if (
            asks
            or "?" in text[s_high:]
            or _EN_BORROWER_I.search(text) is not None
            or _EN_WRITER_WISH.search(text, s_high) is not None
        ):
            return True
    # "your mate said" (texting's "ur mate" reads as "your"): a borrower's only where the writer
    # is a borrower and no lender "we" speaks ("Your cousin says you're avoiding us" is not)
    told = _EN_YOUR_TELLER.search(text, s_low, before)
    if (
        told is not None
        and _EN_BORROWER_I.search(text) is not None
        and _EN_LENDER_WE.search(text) is None
    ):
        return True
    if _EN_BELIEVED.search(text, s_low, before) is not None:
        return True
    got = _EN_GOT_CALL.search(text, s_low, s_high)
    if got is not None and got.start() <= before:
        return True
    if _EN_CONSENT.search(text, s_low, s_high) is not None:
        return True
    # a borrower's own question about their case
    return (
        asks
        and _EN_BORROWER_I.search(sentence) is not None
        and _EN_AGENT_ME.search(sentence) is None
    )


_EN_WE_YOU = lazy_compile(
    r"(?i)\b(?:we|we'?ll|we’ll|we'?re|we’re|us|our)\b[^.!?\n]*\b(?:you|your|u|ur)\b"
    r"|\b(?:you|your|u|ur)\b[^.!?\n]*\b(?:we|we'?ll|we’ll|us|our)\b"
)


# the lender denies doing it, in its own clause ("We don't run cashback deals or prize draws on our
# loans", "We will not discuss your loan with your employer", "Refer-a-friend rewards do not apply
# to loan products", "We will only ever contact you, never your employer"); not where what is
# denied is a check, a refusal or a stop ("We don't check credit", "We never say no", "We won't
# stop calling"), nor on a condition ("We won't tell your mum if you pay today")
_EN_WE_DENY = lazy_compile(
    r"(?i)\b(?:(?:will|would|do|does|can|could|shall|are|is)\s*(?:not|n'?t|n’t)|never|won'?t|won’t"
    r"|don'?t|don’t|doesn'?t|doesn’t|cannot|can'?t|can’t)\s+(?:(?:ever|be|have|get|go)\s+)?"
)
_EN_DENY_SUBJECT = lazy_compile(
    r"(?i)\W*(?:(?:sorry|please note|note|just so you know|to be clear|for the record|rest assured"
    r"|and|but|so)\W+)?(?:we|our [\w-]+(?: [\w-]+)?|borrowing (?:here|with us)|[\w-]+ rewards?"
    r"|rewards?|offers?|deals?|cashback)\s*$"
)
_EN_DENY_FLIP = lazy_compile(
    r"(?i)\b(?:check|checks|checking|credit|need|needs|require|requires|ask|asks|care|look|looks|mind"
    r"|bother|want|judge|reject|refuse|decline|stop|say|turn|question|verify|score|history|paperwork"
    r"|proof|documents|guarantor|payslips?|hide|forget|give|wait|hesitate|mess|play|joke|just|only"
    r"|leave|let|miss|take|accept|negotiate|charge|charges|interest|fees?|cost|costs|make|do|go|be"
    r"|stay|keep|back|waste|worry|matter|matters|count|counts|refused|rejected|declined|saying|felt"
    r"|feel|feels|been|was|were|looked|sounded|fail|fails|lose|loses)\b"
)
_EN_DENY_IF = lazy_compile(r"(?i)\bif you\b|\bas long as\b|\bunless\b|\bprovided\b|\bso long as\b")
_EN_NEVER_LIST = lazy_compile(r"(?i),\s*(?:and\s+)?never (?:to )?(?:your|you|anyone|any)\b")


def en_lender_denies(text: str, start: int, end: int) -> bool:
    """English text[start:end] stands in a clause in which the lender denies it (above)."""
    if (not text.isascii() and _HANZI_ANY.search(text) is not None) or not _en_has(
        _en_low(text), _GATE_DENY
    ):
        return False
    c_low, c_high = _en_bounds(text, start, end, _EN_CLAUSE_END)
    s_low, s_high = _en_bounds(text, start, end, _EN_SENT_END)
    if _EN_DENY_IF.search(text, s_low, s_high) is not None:
        return False
    never = _EN_NEVER_LIST.search(text, s_low, end)
    if never is not None and never.end() <= end + 1:
        return True
    for m in _EN_WE_DENY.finditer(text, c_low, end):
        if _EN_DENY_SUBJECT.match(text[c_low : m.start()]) is None:
            continue
        verb = " ".join(text[m.end() : end + 1].split()[:3])
        if _EN_DENY_FLIP.search(verb) is None:
            return True
    return False


def en_other_voice_unit(text: str, start: int, end: int) -> bool:
    """A classifier's unit (it may hold several sentences): its first sentence is not the
    lender's (:func:`en_other_voice`) and no later sentence has the lender speak to the
    listener ("Loan shark jailed after posting photos. We'll do the same to you.")."""
    s_low, s_high = _en_bounds(text, start, start + 1, _EN_SENT_END)
    if not en_other_voice(text, start, min(end, s_high), whole=True):
        return False
    return s_high >= end or _EN_WE_YOU.search(text, s_high, end) is None
