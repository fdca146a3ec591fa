"""Personal data in free text: resident ID numbers, bank cards and mainland mobile numbers.

Detection reads the light normalised view (full-width digits become ASCII, zero-width
characters vanish) and reports spans in the original text. Numbers written in groups
(``6222 0200 0000 0006``, ``138-0013-8000``, ``110105 19491231 002X``) are found too.
Every candidate must pass its check before it counts: GB 11643 checksum and a real birth date
for ID numbers, Luhn for cards, the 1[3-9] prefix for mobiles. Masked numbers (138****5678)
never match because ``*`` breaks the digit run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import Normalized, normalize

PiiKind = Literal["id_card", "bank_card", "mobile"]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_SEP = r"[ \-]?"
# 6-8-4 grouping or contiguous; the boundary guards keep us inside one number.
_ID_RE = lazy_compile(rf"(?<![0-9a-z])\d{{6}}{_SEP}\d{{8}}{_SEP}\d{{3}}[0-9x](?![0-9a-z])")
# 13-19 digits, contiguous or in groups; IIN first digit 3-6 (Amex/JCB, Visa, MC, UnionPay).
_CARD_RE = lazy_compile(r"(?<![0-9a-z])[3-6]\d{3}(?:[ \-]?\d){9,15}(?![0-9a-z])")
# 3-4-4 grouping or contiguous, optionally after +86 / 86 (the prefix is not part of the span).
_MOBILE_RE = lazy_compile(
    r"(?:(?<=\+86)|(?<=\+86 )|(?<=\+86-)|(?<![0-9a-z]))1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}(?![0-9a-z])"
)


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One personal number in the original text; ``value`` holds its bare ASCII digits."""

    kind: PiiKind
    start: int
    end: int
    value: str


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit() or c in "xX").upper()


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def valid_resident_id(s: str) -> bool:
    """18-character resident ID with a correct GB 11643 check character and a real birth date.

    The region code must start with 1-9 (GB/T 2260 codes never start with 0).
    """
    s = s.strip().upper()
    if len(s) != 18 or not s[:17].isascii() or not s[:17].isdigit() or s[0] == "0":
        return False
    if s[17] != id_check_char(s[:17]):
        return False
    try:
        birth = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return birth.year >= 1900


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check over a string of ASCII digits; at least two digits."""
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def find_pii(text: str) -> list[PiiMatch]:
    """All ID numbers, bank cards and mobile numbers in ``text``, in order of position.

    An ID number wins over a card for the same digits; spans never overlap.
    """
    return find_pii_normalized(normalize(text))


def find_pii_normalized(norm: Normalized) -> list[PiiMatch]:
    """:func:`find_pii` on text already normalised (the compliance check shares one pass)."""
    light = norm.light
    found: list[PiiMatch] = []
    taken: list[tuple[int, int]] = []
    if not _LONG_NUMBER.search(light):
        return found  # no run of 11 digits, however spaced: nothing to look for

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _ID_RE.finditer(light):
        value = _digits(m.group())
        if valid_resident_id(value):
            start, end = norm.light_span(m.start(), m.end())
            found.append(PiiMatch("id_card", start, end, value))
            taken.append((m.start(), m.end()))
    for m in _CARD_RE.finditer(light):
        value = _digits(m.group())
        if 13 <= len(value) <= 19 and luhn_ok(value) and free(m.start(), m.end()):
            start, end = norm.light_span(m.start(), m.end())
            found.append(PiiMatch("bank_card", start, end, value))
            taken.append((m.start(), m.end()))
    for m in _MOBILE_RE.finditer(light):
        if free(m.start(), m.end()):
            start, end = norm.light_span(m.start(), m.end())
            found.append(PiiMatch("mobile", start, end, _digits(m.group())))
            taken.append((m.start(), m.end()))
    if _SPACED.search(light):
        _find_spaced(norm, found, taken)
    found.sort(key=lambda p: p.start)
    return found


# Digits spread out to dodge a filter ("1 3 8 0 0 1 3 8 0 0 0", "6222·0200·0000·0007"): close
# up separators between digits and look again for whole numbers of the exact length.
_LONG_NUMBER = lazy_compile(r"\d(?:[ \-.·_/]{0,2}\d){10}")
_SPACED = lazy_compile(r"\d[ \-.·_/]{1,2}\d")
# (an ID card's check character X may be spaced off too: "... 0 0 2 X")
_GAP = lazy_compile(r"(?<=\d)[ \-.·_/]{1,2}(?=\d|x(?![0-9a-z]))")
_DENSE_RES = (
    ("id_card", lazy_compile(r"(?<![0-9a-z])\d{17}[0-9x](?![0-9a-z])")),
    ("bank_card", lazy_compile(r"(?<![0-9a-z])[3-6]\d{12,18}(?![0-9a-z])")),
    ("mobile", lazy_compile(r"(?<![0-9a-z])1[3-9]\d{9}(?![0-9a-z])")),
)


def _find_spaced(norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]]) -> None:
    light = norm.light
    parts: list[str] = []
    index: list[int] = []
    last = 0
    for m in _GAP.finditer(light):
        parts.append(light[last : m.start()])
        index.extend(range(last, m.start()))
        last = m.end()
    parts.append(light[last:])
    index.extend(range(last, len(light)))
    closed = "".join(parts)
    for kind, regex in _DENSE_RES:
        for m in regex.finditer(closed):
            value = m.group().upper()
            ok = (
                valid_resident_id(value)
                if kind == "id_card"
                else luhn_ok(value)
                if kind == "bank_card"
                else True
            )
            a, b = index[m.start()], index[m.end() - 1] + 1
            if ok and all(b <= s or a >= e for s, e in taken):
                start, end = norm.light_span(a, b)
                found.append(PiiMatch(kind, start, end, value))  # type: ignore[arg-type]
                taken.append((a, b))


def mask_value(kind: PiiKind, value: str) -> str:
    """Masked display form of one bare number."""
    if kind == "id_card":
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if kind == "mobile":
        return value[:3] + "****" + value[-4:]
    return f"{value[:4]} **** **** {value[-4:]}"


def mask_text(text: str) -> str:
    """``text`` with every ID number, bank card and mobile number masked."""
    parts: list[str] = []
    pos = 0
    for match in find_pii(text):
        parts.append(text[pos : match.start])
        parts.append(mask_value(match.kind, match.value))
        pos = match.end
    parts.append(text[pos:])
    return "".join(parts)


def _mask_generic(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    if len(value) < 8:
        return value[:2] + "…"
    return value[:3] + "****" + value[-4:]


def mask_identity(kind: str, value: str) -> str:
    """A customer's identity as the console, ``loancs tail`` and logs show it.

    ``phone`` -> 138****5678; ``wechat`` OpenID -> first 4 + "…" + last 4; ``visitor`` ->
    first 6 characters + "…". Any other kind gets a generic mask that never shows it whole.
    """
    if kind == "phone":
        digits = "".join(c for c in value if c.isdigit())
        if len(digits) >= 11 and _MOBILE_RE.fullmatch(digits[-11:]):
            return mask_value("mobile", digits[-11:])
        return _mask_generic(value)
    if kind == "wechat":
        if len(value) <= 8:
            return value[:2] + "…"
        return value[:4] + "…" + value[-4:]
    if kind == "visitor":
        return value[:6] + "…" if len(value) > 6 else value[:2] + "…"
    return _mask_generic(value)
