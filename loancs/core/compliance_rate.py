"""Rate-disclosure detection: a daily, monthly or flat rate quoted without an annualised rate.

Works on the light normalised view (full-width digits and ％ folded, traditional characters
simplified, zero-width characters gone), where numbers keep their punctuation. The keywords
come from the rule packs (``patterns`` before the number, ``after`` after it); the annual
disclosure and penalty words come from the packs' ``[rate]`` tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import ahocorasick

from loancs.core.compliance_rules import Rule
from loancs.core.finance import quote_to_apr
from loancs.core.normalize import Normalized, fold_light

_NUM = r"\d+(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十点\d.]+"
# A percentage, per-mille or "N分之M" fraction; 厘/分 folk units only for the kw-first form.
_PCT = rf"(?:(?P<num>{_NUM})\s*(?P<unit>%|‰)|(?P<frac>[万千百])分之(?P<fnum>{_CN_NUM}))"
_FOLK = rf"(?:(?P<fknum>{_NUM})\s*(?P<fkunit>厘|分)(?![期钟之]))"
_FILLER = (
    r"(?:\s+|[:：,，=]|为|是|约|仅|只|要|需|才|低至|大概|大约|一般|"
    r"of(?![a-z])|is(?![a-z])|at(?![a-z])|just(?![a-z])|only(?![a-z])|about(?![a-z])|around(?![a-z]))"
)
_CLAUSE_END = "。！？!?;；\n"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
_MONTHS_RE = re.compile(
    r"(?<!第)(?<![\d.])(?P<n>\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?:期|个月)"
    r"|(?<![\d.])(?P<m>\d{1,4})\s*-?\s*(?:months?|instal?l?ments?|monthly payments)(?![a-z])"
)


def _keyword(word: str) -> str:
    """A keyword as it appears in the light view: folded, single-spaced."""
    return " ".join(fold_light(word).split())


def cn_number(text: str) -> Decimal | None:
    """Arabic or simple Chinese numerals (五, 十五, 零点五, 0.5) as a Decimal."""
    text = text.replace("点", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    whole, _, frac = text.partition(".")
    if whole in ("", "十"):
        value = 10 if whole == "十" else 0
    elif "十" in whole:
        tens, _, units = whole.partition("十")
        if tens not in _CN_DIGITS and tens != "" or units and units not in _CN_DIGITS:
            return None
        value = _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0)
    elif all(c in _CN_DIGITS for c in whole):
        value = int("".join(str(_CN_DIGITS[c]) for c in whole))
    else:
        return None
    if frac:
        if not all(c in _CN_DIGITS or c.isdigit() for c in frac):
            return None
        digits = "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS else c for c in frac)
        return Decimal(f"{value}.{digits}")
    return Decimal(value)


def _amount(m: re.Match[str], kind: str) -> Decimal | None:
    if m.group("num") is not None:
        value = Decimal(m.group("num"))
        return value if m.group("unit") == "%" else value / 10
    if m.group("frac") is not None:
        value = cn_number(m.group("fnum"))
        if value is None:
            return None
        return value / {"万": 100, "千": 10, "百": 1}[m.group("frac")]
    if "fknum" in m.re.groupindex and m.group("fknum") is not None:
        if kind not in ("monthly", "flat_monthly"):
            return None  # 日息5厘 is ambiguous in folk usage: do not guess
        value = Decimal(m.group("fknum"))
        return value if m.group("fkunit") == "分" else value / 10
    return None


def quoted_months(light: str) -> int | None:
    """The loan term stated in the message (12期, 12个月, 十二期, 12 months), if any."""
    for m in _MONTHS_RE.finditer(light):
        raw = m.group("n") or m.group("m")
        value = cn_number(raw)
        if value is not None and 1 <= value <= 600 and value == int(value):
            return int(value)
    return None


@lru_cache(maxsize=4096)
def annualise(kind: str, rate_pct: Decimal, months: int | None) -> tuple[Decimal, Decimal]:
    """(APR, effective annual rate) in percent, from the shared calculator."""
    result = quote_to_apr(kind, rate_pct, months)
    return result.apr, result.effective_annual_rate


@dataclass(frozen=True, slots=True)
class RateQuote:
    rule: Rule
    start: int  # original offsets
    end: int
    rate_pct: Decimal


_BEFORE, _AFTER, _ANNUAL_BEFORE, _ANNUAL_AFTER, _PENALTY = range(5)
_AMOUNT_AFTER_KW = re.compile(rf"{_FILLER}{{0,4}}(?:{_PCT}|{_FOLK})")
_AMOUNT_BEFORE_KW = re.compile(rf"{_PCT}\s*\Z")
_ANNUAL_NUMBER = re.compile(rf"[^{_CLAUSE_END}%]{{0,16}}?(?:{_NUM}\s*%|[万千百]分之)")
_NUMBER_BEFORE_ANNUAL = re.compile(rf"{_NUM}\s*%\s*(?:\(单利\)|\(simple\))?\s*\Z")
_LOOKBACK = 24  # light characters searched before an "after" keyword for its number


class RateDetector:
    """Finds undisclosed rate quotes for the rate-quote rules of one rule set.

    One Aho-Corasick pass over the light view finds every keyword (quote keywords, annual
    disclosure words, penalty words); short anchored regexes then read the number next to it.
    """

    def __init__(self, rules: Iterable[Rule], terms: Mapping[str, tuple[str, ...]]) -> None:
        self._rules = list(rules)
        table: dict[str, list[tuple[int, int]]] = {}

        def add(word: str, tag: int, index: int) -> None:
            key = _keyword(word)
            if key and (tag, index) not in table.setdefault(key, []):
                table[key].append((tag, index))

        for index, rule in enumerate(self._rules):
            for word in rule.patterns:
                add(word, _BEFORE, index)
            for word in rule.after:
                add(word, _AFTER, index)
        for tag, name in (
            (_ANNUAL_BEFORE, "annual_before"),
            (_ANNUAL_AFTER, "annual_after"),
            (_PENALTY, "penalty"),
        ):
            for word in terms.get(name, ()):
                add(word, tag, -1)
        self._automaton: ahocorasick.Automaton | None = None
        if self._rules and table:
            self._automaton = ahocorasick.Automaton()
            for key, values in table.items():
                self._automaton.add_word(key, (len(key), tuple(values)))
            self._automaton.make_automaton()

    def find(self, norm: Normalized) -> tuple[list[RateQuote], int | None]:
        """Undisclosed quotes in the message (empty when an annual rate is stated), and the
        term in months if the message states one."""
        light = norm.light
        if self._automaton is None or not any(c.isdigit() for c in light) and "分之" not in light:
            return [], None
        keywords: list[tuple[int, int, int, int]] = []  # start, end, tag, rule index
        for last, (length, values) in self._automaton.iter(light):
            start, end = last - length + 1, last + 1
            if not _bounded(light, start, end):
                continue
            keywords.extend((start, end, tag, index) for tag, index in values)
        penalties = [start for start, _, tag, _ in keywords if tag == _PENALTY]
        found: list[tuple[int, int, Rule, Decimal]] = []
        disclosed = False
        for start, end, tag, index in keywords:
            if tag == _ANNUAL_BEFORE:
                disclosed = disclosed or bool(_ANNUAL_NUMBER.match(light, end))
            elif tag == _ANNUAL_AFTER:
                lo = max(0, start - _LOOKBACK)
                disclosed = disclosed or bool(_NUMBER_BEFORE_ANNUAL.search(light[lo:start]))
            elif tag in (_BEFORE, _AFTER):
                rule = self._rules[index]
                if tag == _BEFORE:
                    m = _AMOUNT_AFTER_KW.match(light, end)
                    span = (start, m.end()) if m else None
                else:
                    lo = max(0, start - _LOOKBACK)
                    m = _AMOUNT_BEFORE_KW.search(light[lo:start])
                    span = (lo + m.start(), end) if m else None
                if m is None or span is None:
                    continue
                if _after_penalty(light, span[0], penalties):
                    continue
                amount = _amount(m, rule.quote_kind or "monthly")
                if amount is None or amount <= 0:
                    continue
                if any(span[0] < e and s < span[1] for s, e, _, _ in found):
                    continue
                found.append((span[0], span[1], rule, amount))
        if not found or disclosed:
            return [], None
        found.sort(key=lambda f: f[0])
        quotes = []
        for start, end, rule, amount in found:
            o_start, o_end = norm.light_span(start, end)
            quotes.append(RateQuote(rule, o_start, o_end, amount))
        return quotes, quoted_months(light)


def _bounded(light: str, start: int, end: int) -> bool:
    """Latin keywords must be whole words: "apr" is not in "april"."""
    first, last = light[start], light[end - 1]
    if first.isascii() and first.isalpha() and start > 0 and _latin(light[start - 1]):
        return False
    return not (last.isascii() and last.isalpha() and end < len(light) and _latin(light[end]))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _after_penalty(light: str, start: int, penalties: list[int]) -> bool:
    """A percentage shortly after a penalty word in the same clause is a penalty, not a price."""
    for p in penalties:
        if start - 12 <= p < start:
            between = light[p:start]
            if not any(stop in between for stop in _CLAUSE_END + ",，"):
                return True
    return False
