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


def _keyword_alt(words: Iterable[str]) -> str:
    """Regex alternation of light-folded keywords, longest first, with word boundaries where
    a keyword starts or ends with a Latin letter (so "apr" does not fire inside "april")."""
    parts = []
    for word in sorted({fold_light(w).strip() for w in words}, key=len, reverse=True):
        if not word:
            continue
        part = r"\s*".join(re.escape(piece) for piece in word.split())
        if word[0].isascii() and word[0].isalpha():
            part = r"(?<![a-z])" + part
        if word[-1].isascii() and word[-1].isalpha():
            part += r"(?![a-z])"
        parts.append(part)
    return "|".join(parts) if parts else r"(?!x)x"


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


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: Rule
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None


class RateDetector:
    """Finds undisclosed rate quotes for the rate-quote rules of one rule set."""

    def __init__(self, rules: Iterable[Rule], terms: Mapping[str, tuple[str, ...]]) -> None:
        self._rules = []
        for rule in rules:
            before = after = None
            if rule.patterns:
                before = re.compile(
                    rf"(?P<kw>{_keyword_alt(rule.patterns)}){_FILLER}{{0,4}}(?:{_PCT}|{_FOLK})"
                )
            if rule.after:
                after = re.compile(rf"{_PCT}\s*(?P<kw>{_keyword_alt(rule.after)})")
            self._rules.append(_Compiled(rule, before, after))
        annual_before = _keyword_alt(terms.get("annual_before", ()))
        annual_after = _keyword_alt(terms.get("annual_after", ()))
        self._disclosure = re.compile(
            rf"(?:{annual_before})[^{_CLAUSE_END}%]{{0,16}}?(?:{_NUM}\s*%|[万千百]分之)"
            rf"|{_NUM}\s*%\s*(?:\(单利\)|\(simple\))?\s*(?:{annual_after})"
        )
        self._penalty = tuple(
            w for w in (fold_light(p).strip() for p in terms.get("penalty", ())) if w
        )

    def _is_penalty(self, light: str, start: int) -> bool:
        window = light[max(0, start - 12) : start]
        for stop in _CLAUSE_END + ",，":
            window = window.rsplit(stop, 1)[-1]
        return any(word in window for word in self._penalty)

    def find(self, norm: Normalized) -> tuple[list[RateQuote], int | None]:
        """Undisclosed quotes in the message (empty when an annual rate is stated), and the
        term in months if the message states one."""
        light = norm.light
        if not self._rules or not any(c.isdigit() for c in light) and "分之" not in light:
            return [], None
        found: list[tuple[int, int, Rule, Decimal]] = []
        for compiled in self._rules:
            kind = compiled.rule.quote_kind or "monthly"
            for pattern in (compiled.before, compiled.after):
                if pattern is None:
                    continue
                for m in pattern.finditer(light):
                    if self._is_penalty(light, m.start()):
                        continue
                    amount = _amount(m, kind)
                    if amount is None or amount <= 0:
                        continue
                    if any(m.start() < e and s < m.end() for s, e, _, _ in found):
                        continue
                    found.append((m.start(), m.end(), compiled.rule, amount))
        if not found or self._disclosure.search(light):
            return [], None
        found.sort(key=lambda f: f[0])
        quotes = []
        for start, end, rule, amount in found:
            o_start, o_end = norm.light_span(start, end)
            quotes.append(RateQuote(rule, o_start, o_end, amount))
        return quotes, quoted_months(light)
