"""Personal data in free text: resident ID numbers, bank cards and mainland mobile numbers.

Detection reads the light normalised view (full-width digits become ASCII, zero-width
characters vanish) and reports spans in the original text. Numbers written in groups
(``6222 0200 0000 0006``, ``138-0013-8000``, ``110105 19491231 002X``) are found too.
Every candidate must pass its check before it counts: GB 11643 checksum and a real birth date
for ID numbers, Luhn for cards, the 1[3-9] prefix for mobiles. Masked numbers (138****5678)
never match because ``*`` breaks the digit run.

Masking (:func:`find_pii`, :func:`mask_text`) also takes an ID number with a wrong check
character when its layout is an ID's (:func:`id_shaped`: a province code, a real birth date):
a mistyped ID is still someone's ID. The compliance check (:func:`find_pii_normalized` as it
is called there) keeps to the checksum.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from loancs.core.lazyre import LazyPattern, lazy_compile
from loancs.core.normalize import Normalized, fold_char, normalize

# id_card: a mainland resident ID (GB 11643); national_id: another country's or region's ID
# number (Taiwan, Hong Kong, Singapore, Malaysia, India, the UK's NI number, Thailand,
# Indonesia, the Philippines); passport. bank_account, email, wechat and dob are masked for
# agents, no rule blocks them. cvv: a card's security code (or, in an agent's reply, a request
# for one); plate: a car's registration plate stated as a person's (session 40).
PiiKind = Literal[
    "id_card",
    "national_id",
    "passport",
    "bank_card",
    "mobile",
    "ssn",
    "bank_account",
    "email",
    "wechat",
    "dob",
    "cvv",
    "plate",
]

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


# UK mobiles: 07xxx xxxxxx, +44 7xxx xxxxxx, 0044 7xxx xxxxxx (at most one " " or "-" between
# two digits, and no digit or letter on either side)
_UK_MOBILE_RE = lazy_compile(
    r"(?:(?<![0-9a-z+])0|(?:(?<![0-9a-z])\+|(?<![0-9a-z])00)44[ \-]?(?:\(0\)[ \-]?)?)7\d(?:[ \-]?\d){8}"
    r"(?![0-9a-z])"
)
# the same on a run's digits, separators removed (may_hold_pii: never fewer texts scanned)
_UK_MOBILE_DIGITS = lazy_compile(r"07\d{9}|447\d{9}")
_AU_MOBILE_DIGITS = lazy_compile(r"04\d{8}", cached=False)
# US / Canadian numbers written as phone numbers: (312) 847-9920, 312-847-9920, 312.847.9920,
# +1 646 283 7719, 1-312-847-9920 (the area code and exchange start with 2-9; a separator
# between the groups, so a bare ten-digit reference is not read as one). A toll-free line
# (800, 888, ...) is a business's number, not personal data: found, then dropped; so is an
# N00 / N11 code, no personal line's (China's 400-820-8820 hotlines read the same way).
_US_PHONE_RE = lazy_compile(
    r"(?<![0-9a-z+\-.])(?:\+?1[ .\-]?)?(?:\((?P<a>[2-9]\d\d)\) ?|(?P<b>[2-9]\d\d)[ .\-])"
    r"[2-9]\d\d[ .\-]\d{4}(?![0-9a-z]|[.\-]\d)"
)
_US_TOLL_FREE = frozenset({"833", "844", "855", "866", "877", "888"})
# US Social Security numbers: 521-44-8937 anywhere (three, two and four digits joined by
# hyphens, no digit, letter or hyphen around them: "LN-552-19-0041" is a reference), or nine
# digits in that grouping (spaces, dots or none) within a few words after "SSN" / "social
# security" / "social" ("her social is 417 22 6093"). Area 000, 666 and 9xx, group 00 and
# serial 0000 are never issued.
_SSN_BODY = r"(?!000|666|9)\d{3}(?P<s>[ .\-]?)(?!00)\d{2}(?P=s)(?!0000)\d{4}"
_SSN_DASHED = lazy_compile(
    r"(?<![0-9a-z\-./])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![0-9a-z]|[.\-/]\d)"
)
_SSN_CONTEXT = lazy_compile(
    r"(?<![a-z])(?:ssn|ss#|social security|social)(?![a-z])"
    rf"[^0-9\n]{{0,24}}?(?<![0-9\-])(?P<n>{_SSN_BODY})(?![0-9a-z]|[.\-/]\d)"
)
_SSN_CONTEXT_WORD = lazy_compile(r"(?<![a-z])(?:ssn|ss#|social security|social)(?![a-z])")
_SSN_HINT = lazy_compile(r"\d-\d\d-\d|ssn|ss#|social")


def _bare(s: str) -> str:
    return s.replace(" ", "").replace("-", "").upper()


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


# GB/T 2260 province-level codes (the first two digits), with 71 (Taiwan), 81/82/83 (Hong Kong,
# Macao and Taiwan residence permits) and 91 (foreigners' permanent residence ID, 2023)
_PROVINCES = frozenset(
    str(n)
    for n in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46)
    + (50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91)
)


def id_shaped(s: str) -> bool:
    """18 characters laid out as a resident ID (a province code, a real birth date from 1900 on,
    a last character 0-9 or X), whatever its check character: what masking hides. An order or
    transaction number (``202612021530001234``: no province 20) is not."""
    s = s.strip().upper()
    if len(s) != 18 or not s[:17].isascii() or not s[:17].isdigit():
        return False
    if s[:2] not in _PROVINCES or not (s[17].isdigit() or s[17] == "X"):
        return False
    year = int(s[6:10])
    if not 1900 <= year < 2100:
        return False
    try:
        dt.date(year, int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return True


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

    An ID number wins over a card for the same digits; spans never overlap. ID numbers with a
    wrong check character count when :func:`id_shaped` (a mistyped ID is still personal data).
    """
    return [] if _quiet(text) else _scan(text)  # (most messages are quiet: see _quiet)


def _scan(text: str) -> list[PiiMatch]:
    if _may_hold_numbers(text) or _s41_said(text) or _mixed_may(text):
        found = find_pii_normalized(normalize(text), lax_ids=True, agent=False)
    else:
        found = []
        if _extras_may(text):  # (session 40) a CVV or a plate alone: its readers alone
            _find_extras(normalize(text), found, False)
        if _disguise_may(text):  # (session 41) 0912、345、678, O79II 4O2 88I
            _find_disguised(text, found, False)
    if _HANZI_PAIR.search(text):
        _find_hanzi(text, found)
    return found


def find_pii_normalized(
    norm: Normalized, *, lax_ids: bool = False, agent: bool = True
) -> list[PiiMatch]:
    """:func:`find_pii` on text already normalised (the compliance check shares one pass).
    Numbers (:func:`_find_numbers`), then a card's security code and a car's plate where no
    number was found (session 40: _find_extras)."""
    found = _find_numbers(norm, lax_ids=lax_ids, agent=agent)
    if (
        _EXTRA_LIGHT.search(norm.light) is not None
        if agent
        else _extras_may(norm.original)  # (mask_text's gate: _quiet and _scan ask it too)
    ):
        _find_extras(norm, found, agent)
    if _disguise_may(norm.original):  # (session 41: numbers in disguise)
        _find_disguised(norm.original, found, agent)
    return found


def _find_numbers(norm: Normalized, *, lax_ids: bool = False, agent: bool = True) -> list[PiiMatch]:
    """:func:`find_pii_normalized`'s numbers.

    ID numbers must pass their checksum unless ``lax_ids`` (masking: :func:`id_shaped` will do).
    ``agent``: the text is an agent's reply (the check's), where "your account" is always the
    borrower's; a customer's "I paid into your account ..." (masking, ``agent=False``) is the
    lender's (session 34).
    """
    is_id = _lax_id if lax_ids else valid_resident_id
    light = norm.light
    found: list[PiiMatch] = []
    taken: list[tuple[int, int]] = []
    # US SSNs, Singapore IDs and numbers read out in English words: only in a message with no
    # CJK character (isascii() is O(1); else one C scan that stops at the first CJK character),
    # so a Chinese message never pays for these scans; each gate is a substring search or a
    # pattern that starts with a literal or a character set, which the regex engine scans for in C
    latin = light.isascii() or _CJK_CHAR.search(light) is None
    # an email, a WeChat ID, a date of birth: after their words (substring tests first: a
    # pattern's search cost the 300-character check ~0.6%)
    # (the compliance check reads "@" inside a word as "a", "cr@zy": its light view may have
    # lost an email's "@", the original has it)
    if (
        _contacts_may_hold(light, light) if latin else _zh_contacts_said(light)
    ) or "@" in norm.original:
        _find_contacts(norm, found, taken, agent)
    if "@" in light:
        _find_s34_mail(norm, found, taken, agent)  # (a UPI ID, an email over two lines)
    original = norm.original
    raw = original.encode("utf-8", "surrogatepass")
    # (a number over lines or in halves. In an agent's reply (the check's) the gate is one scan
    # that also finds the six digits in a row read below: a digit before a break's first
    # character, or six digits and separators; none, and neither is read (session 35: the
    # customer's gate alone cost +1.5% instructions a check, bench_compliance_instructions.py)
    gate = _SIX_OR_SPLIT.search(light) if agent else None
    if (not agent or gate is not None) and _split_said(
        original, original.lower() if latin else original, raw, latin
    ):
        if "尾" in light or "位" in light or "last" in light:
            _find_tail_first(norm, found, taken, is_id, agent)  # (its words first: session 36)
        _find_split(norm, found, taken, is_id, agent)
    if latin:
        dashed = "-" in light and _SSN_DASH.search(light) is not None
        said = "ssn" in light or "social" in light or "ss#" in light
        if dashed or said:
            taken.extend(_find_ssn(norm, found, dashed, said))
    if latin and _SEVEN_DIGITS.search(light) and _NRIC_RE.search(light):
        hits: list[tuple[int, int, PiiKind, str]] = []
        _nric_hits(light, hits)
        _keep_apart(norm, hits, found, taken)
    if (
        latin
        and light.count(" ") >= 8
        and sum(w in light for w in _DIGIT_WORD_LIST) >= 2  # ("four one one one ...")
        and any(w in light for w in _SPOKEN_CONTEXT)
        and _SPOKEN_START.search(light)
    ):
        taken.extend(_find_spoken(norm, found))
    if latin and _malay_said(light):
        taken.extend(_find_spoken(norm, found, _SPOKEN_RUN_MS))
    if latin and _mixed_said(light):
        _find_mixed(norm, found, taken)  # (session 41: "07700 nine 0 0 four 3 two 1")
    if latin and (
        "+" in light
        or "-" in light
        or "pan" in light
        or "passport" in light
        or "adha" in light
        or "aadhar" in light
        or "07" in light
        or "01" in light
    ):
        _find_other_ids(norm, found, taken)
    elif not latin and ("照" in light or "+" in light):
        _find_other_ids_zh(norm, found, taken)  # a passport or a +CC mobile in Chinese
    # six digits and separators in a row: where any number below starts (one scan, what the
    # run of ten below cost alone; that one then starts from here)
    odd = False
    if not agent:
        odd = _odd_separators(light)
        six = (_SIX_RUN if odd else _SIX_RUN_PLAIN).search(light)
    elif gate is not None:  # (none before the gate's match, a superset's first)
        odd = _odd_separators(light)
        six = (_SIX_RUN if odd else _SIX_RUN_PLAIN).search(light, gate.start())
    else:
        six = None
    if six is None:
        return found
    start6 = six.start()
    while start6 and "0" <= light[start6 - 1] <= "9":
        start6 -= 1  # (session 36: "138 | 1234": the run's digits before a | ~ – ... branch)
    _find_s30(norm, found, taken, latin)  # Taiwan / HK IDs, NI numbers, local mobiles ...
    long = (_LONG_NUMBER if odd else _LONG_NUMBER_PLAIN).search(light, start6) is not None
    # IBANs, accounts, Thai / Indonesian / PH IDs (nine digits: a CMND, a TIN after its word;
    # "sort": a sort code with spaces)
    if long or "-" in light or latin and "sort" in light or _NINE_DIGITS.search(light, start6):
        _find_s31(norm, found, taken, long, latin, agent)
    # (session 33) 7-20 digits beside a bank's name or an account's word
    accounts = _account_runs(light, start6)
    if not long:
        if accounts:
            _find_accounts(norm, found, taken, accounts, agent)
        if _s34_named(raw.translate(_RUN_BYTES), latin):
            _find_s34(norm, found, taken, latin, agent)
        if _qq_said(light):
            _find_qq(norm, found, taken, agent)
        found.sort(key=lambda p: p.start)
        return found  # no run of 10 digits, however spaced: nothing to look for

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _ID_RE.finditer(light):
        value = _digits(m.group())
        if is_id(value):
            if (
                value[6:8] == "20"
                and value[8:10] >= "15"
                and not valid_resident_id(value)
                and _named_reference(light, m.start())
            ):
                # (session 36) an ID's layout with a wrong check character after a contract's or
                # an order's word, its "birth date" a recent day (贷款合同号：110105202612050012,
                # a contract's date): the reference's. A plausible birth date there stays masked
                # as a mistyped ID (工单号 440306198511120041, session 23)
                taken.append((m.start(), m.end()))
                continue
            start, end = norm.light_span(m.start(), m.end())
            found.append(PiiMatch("id_card", start, end, value))
            taken.append((m.start(), m.end()))
    for m in _CARD_RE.finditer(light):
        value = _digits(m.group())
        a = m.start()
        if _DASHED_ON.match(light, m.end()) or (
            a >= 2 and light[a - 1] in "-." and "0" <= light[a - 2] <= "9"
        ):
            # (session 34) part of a longer dashed run: an order number, 112-3456789-0123456
            taken.append((m.start(), m.end()))
            continue
        if 13 <= len(value) <= 19 and free(m.start(), m.end()):
            read = _card_read(light, m, value)
            if read:
                start, end = norm.light_span(m.start(), m.end())
                found.append(PiiMatch("bank_card", start, end, value))
            if read is not False:
                taken.append((m.start(), m.end()))
    for m in _MOBILE_RE.finditer(light):
        ref = _reference_word(light, m.start()) if m.start() else None
        if ref is not None and not ref.startswith(_NOT_REFERENCE_FOR_MOBILE):
            taken.append((m.start(), m.end()))  # (session 34: 还款批次号 13800138000)
            continue
        if _amount_at(light, m.start(), m.end(), said=True):
            taken.append((m.start(), m.end()))  # (session 37: 入账金额 13812345678 分)
            continue
        if free(m.start(), m.end()):
            start, end = norm.light_span(m.start(), m.end())
            found.append(PiiMatch("mobile", start, end, _digits(m.group())))
            taken.append((m.start(), m.end()))
    for m in _UK_MOBILE_RE.finditer(light):
        if _code_or_reference(light, m.start()):
            taken.append((m.start(), m.end()))  # (session 37: "Agreement no. 07911 123 456")
            continue
        if free(m.start(), m.end()):
            start, end = norm.light_span(m.start(), m.end())
            value = _digits(m.group().replace("(0)", ""))  # (+44 (0)7700 ...: session 32)
            found.append(PiiMatch("mobile", start, end, _with_country(value)))
            taken.append((m.start(), m.end()))
    for m in _US_PHONE_RE.finditer(light):
        area = m.group("a") or m.group("b")
        if area in _US_TOLL_FREE or area[1:] in ("00", "11") or _office_number(light, m.start()):
            # "1-800-555-0199", "our office number is (212) ...": a business line; its digits
            # read no other way either
            start, end = norm.light_span(m.start(), m.end())
            found[:] = [p for p in found if p.end <= start or p.start >= end]
            taken.append((m.start(), m.end()))
        elif free(m.start(), m.end()):
            start, end = norm.light_span(m.start(), m.end())
            found.append(PiiMatch("mobile", start, end, _digits(m.group())))
            taken.append((m.start(), m.end()))
    if (_SPACED if odd else _SPACED_PLAIN).search(light):
        _find_spaced(norm, found, taken, is_id, odd)
    if accounts:
        _find_accounts(norm, found, taken, accounts, agent)
    if _s34_named(raw.translate(_RUN_BYTES), latin):
        _find_s34(norm, found, taken, latin, agent)
    if _qq_said(light):
        _find_qq(norm, found, taken, agent)
    found.sort(key=lambda p: p.start)
    return found


# Other countries' personal numbers, read in a message with no CJK character (session 29):
# - a passport number said as one: a letter or two and 6-8 digits, or 8-10 digits, within a
#   few words after "passport" ("Passport number 533381907", "passport no: K4829103");
# - an Indian PAN: five letters (the fourth says who holds it: P a person, C a company ...),
#   four digits, a letter ("PAN AKRPS4471G"), in a message that says "PAN";
# - a Malaysian MyKad: a birth date YYMMDD, a place code and four digits ("900514-10-5523");
# - a mobile written with its country code: +60 1x (Malaysia), +234 [789][01] (Nigeria), +254
#   7/1 (Kenya), +233 2-5 (Ghana), +63 9 (Philippines), +91 6-9 (India), +62 8 (Indonesia),
#   +65 8/9 (Singapore), +27 6-8 (South Africa), +92 3 (Pakistan), +880 1 (Bangladesh).
_PASSPORT_RE = lazy_compile(
    r"passport[^0-9\n]{0,48}?(?<![0-9a-z])(?P<n>[a-z]{1,2}[ \-]?\d(?:[ \-]?\d){5,7}[a-z]?|\d(?:[ \-]?\d){7,9})"
    r"(?![0-9a-z]|[ \-]\d)"
)
# (session 32) the number before the word: "P4367512A is the number on my passport"
_PASSPORT_BEFORE_RE = lazy_compile(
    r"(?<![0-9a-z])(?P<n>[a-z]{1,2}\d{6,8}[a-z]?)(?![0-9a-z])[^0-9\n.!?]{0,30}?passport",
    cached=False,
)
# ... and in a Chinese message: a passport number within a few characters after 护照
# ("我的护照号E12345678", "护照号码：EA1234567") and a mobile with a country code
_PASSPORT_ZH_RE = lazy_compile(
    r"[护護]照[^0-9a-z\n]{0,8}?(?P<n>[a-z]{1,2}[ \-]?\d(?:[ \-]?\d){5,7}|\d(?:[ \-]?\d){7,9})"
    r"(?![0-9a-z]|[ \-]\d)"
)
_PAN_RE = lazy_compile(r"(?<![0-9a-z])[a-z]{3}[abcfghjlpt][a-z]\d{4}[a-z](?![0-9a-z])")
_PAN_WORD = lazy_compile(r"(?<![a-z])pan(?![a-z])")
# (a MyKad's year is not 20-29: nobody born 2020-2029 or before 1930 borrows, while a slip,
# case or transfer number stamped with this decade's date, "261205-08-0042", is one to read back)
_MYKAD_RE = lazy_compile(
    r"(?<![0-9a-z\-./])(?:[013-9]\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d\d-\d{4}(?![0-9a-z]|[.\-/]\d)"
)
_INTL_MOBILE_RE = lazy_compile(
    r"(?<![0-9a-z])\+(?:60[ \-]?1\d|234[ \-]?[789][01]|254[ \-]?[17]|233[ \-]?[2-5]|63[ \-]?9"
    r"|91[ \-]?[6-9]|62[ \-]?8|65[ \-]?[89]|27[ \-]?[6-8]|92[ \-]?3|880[ \-]?1|66[ \-]?[689]"
    r"|84[ \-]?[35789]|61[ \-]?4)(?:[ \-]?\d){7,9}"
    r"(?![0-9a-z]|[ \-]\d)"
)
# - an Indian Aadhaar number, 12 digits in fours, in a message that says "Aadhaar": just after
#   the word whatever its check digit ("Aadhaar no. 4873 6159 2041"), else with its Verhoeff one;
# - a Kenyan mobile written the local way, 07xx / 01xx in groups of 4-3-3 ("0712 345 678").
_AADHAAR_RE = lazy_compile(r"(?<![0-9a-z])[2-9]\d{3}([ \-]?)\d{4}\1\d{4}(?![0-9a-z]|[ \-]\d)")
_AADHAAR_WORD = ("aadhaar", "aadhar", "adhaar", "uidai")
_KE_MOBILE_RE = lazy_compile(r"(?<![0-9a-z+])0[17]\d\d[ \-]\d{3}[ \-]\d{3}(?![0-9a-z]|[ \-]\d)")
# (a local number said to be an office's, a branch's or a helpline's is no one's personal data)
_BUSINESS_LINE = lazy_compile(
    r"office(?!r)|branch|hotline|helpline|customer care|call cent|enquir|inquir|toll|head office|reception"
)
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)  # fmt: skip
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)  # fmt: skip


def verhoeff_ok(digits: str) -> bool:
    """Whether ``digits`` ends with its Verhoeff check digit (Aadhaar numbers do)."""
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][int(ch)]]
    return check == 0


# mask_text's and may_hold_pii's gates for these and for numbers read out in words (a few
# substring tests on most messages; each pattern starts with a literal or a character set)
_INTL_HINT = lazy_compile(r"\+\d")
_MYKAD_HINT = lazy_compile(r"\d{6}-\d\d-\d{4}")
_NRIC_HINT = lazy_compile(r"[STFGMstfgm]\d{7}[A-Za-z]")
_PASSPORT_PAN = ("assport", "pan", "adhaar", "adhar")  # (in lower case)


def _zh_may_hold(text: str) -> bool:
    """Whether a message with CJK characters may hold a passport or a +CC mobile."""
    return (
        "照" in text
        and ("护照" in text or "護照" in text)
        or ("+" in text and _INTL_HINT.search(text) is not None)
    )


def _latin_may_hold(text: str, runs: bytes | None = None, low: str | None = None) -> bool:
    """Whether ``text`` may hold a number only the no-CJK scans read (a passport, a PAN, a
    MyKad, an NRIC, a mobile with a country code, a number read out in words). ``runs``: its
    UTF-8 through :data:`_RUN_BYTES`, ``low``: it in lower case, if the caller has them."""
    if "+" in text and _INTL_HINT.search(text):
        return True
    if "-" in text and _MYKAD_HINT.search(text):
        return True
    if ("07" in text or "01" in text) and _KE_MOBILE_RE.search(text):
        return True
    if low is None:
        low = text.lower()
    if "pan" in low or "assport" in low or "adhaar" in low or "adhar" in low:
        return True  # (_PASSPORT_PAN's words: four tests, not a generator, session 35)
    # (an NRIC is a letter, seven digits and a letter: "a0000000a" in ``runs``, one find in C
    # before the pattern, which stops at every s, t, f, g and m of an English message)
    if (runs is None or runs.find(b"a0000000a") >= 0) and _NRIC_HINT.search(text):
        return True
    if text.count(" ") < 8:
        return False
    if _SPOKEN_START.search(low) is not None:
        return True
    # (_malay_said, inline: two substring tests on every English message of nine words)
    return ("satu" in low or "nol " in low) and _SPOKEN_START_MS.search(low) is not None


def _intl_mobiles(light: str, hits: list[tuple[int, int, PiiKind, str]]) -> None:
    """Mobiles with a country code ("+60 12-345 6789") into ``hits`` (the span from "+")."""
    if "+" in light:
        for m in _INTL_MOBILE_RE.finditer(light):
            if _lenders_own(light, m.start()):
                continue  # (session 36: "our WhatsApp Business line: +91 98765 00000")
            hits.append((m.start(), m.end(), "mobile", _with_country(_digits(m.group()))))


# country codes of the mobiles read with one (_INTL_MOBILE_RE, _UK_MOBILE_RE)
_COUNTRY_CODES: tuple[str, ...] = ("234", "254", "233", "880", "60", "63", "91", "62", "65")
_COUNTRY_CODES += ("27", "92", "44", "66", "84", "61")  # (61: Australia, session 36)


def _with_country(digits: str) -> str:
    """A mobile's digits with its country code set apart ("+91 9845012345"): the masked form
    shows the code as a code (+91 ******2345), not as the number's first digits."""
    if digits.startswith("00"):
        digits = digits[2:]
    for code in _COUNTRY_CODES:
        if digits.startswith(code):
            return f"+{code} {digits[len(code) :]}"
    return digits


def _keep_apart(
    norm: Normalized,
    hits: list[tuple[int, int, PiiKind, str]],
    found: list[PiiMatch],
    taken: list[tuple[int, int]],
) -> None:
    """Each of ``hits`` (light-view spans) that overlaps no span in ``taken`` into ``found``."""
    for a, b, kind, value in hits:
        if all(b <= s or a >= e for s, e in taken):
            start, end = norm.light_span(a, b)
            found.append(PiiMatch(kind, start, end, value))
            taken.append((a, b))


def _find_other_ids(norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]]) -> None:
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    if "passport" in light:
        for m in _PASSPORT_RE.finditer(light):
            hits.append((*m.span("n"), "passport", _bare(m.group("n"))))
        for m in _PASSPORT_BEFORE_RE.finditer(light):
            if not _named_reference(light, m.start()) and not any(
                a == m.start("n") for a, _, _, _ in hits
            ):
                hits.append((*m.span("n"), "passport", _bare(m.group("n"))))
        hits.sort()
    if "pan" in light and _PAN_WORD.search(light):
        for m in _PAN_RE.finditer(light):
            hits.append((m.start(), m.end(), "national_id", m.group().upper()))
    if "-" in light:
        for m in _MYKAD_RE.finditer(light):
            if not _named_reference(light, m.start()):  # ("Booking ref 850101-14-5567")
                hits.append((m.start(), m.end(), "national_id", _digits(m.group())))
    if any(w in light for w in _AADHAAR_WORD):
        for m in _AADHAAR_RE.finditer(light):
            said = any(w in light[max(0, m.start() - 24) : m.start()] for w in _AADHAAR_WORD)
            if said or verhoeff_ok(_digits(m.group())):  # (just after the word: even mistyped)
                hits.append((m.start(), m.end(), "national_id", _digits(m.group())))
    if "07" in light or "01" in light:
        for m in _KE_MOBILE_RE.finditer(light):
            if not _BUSINESS_LINE.search(
                light, max(0, m.start() - 40), min(len(light), m.end() + 30)
            ):
                hits.append((m.start(), m.end(), "mobile", _digits(m.group())))
    _intl_mobiles(light, hits)
    _keep_apart(norm, hits, found, taken)


def _find_other_ids_zh(
    norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]]
) -> None:
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    if "照" in light:
        for m in _PASSPORT_ZH_RE.finditer(light):
            hits.append((*m.span("n"), "passport", _bare(m.group("n"))))
    _intl_mobiles(light, hits)
    _keep_apart(norm, hits, found, taken)


def _find_ssn(
    norm: Normalized, found: list[PiiMatch], dashed: bool, said: bool
) -> list[tuple[int, int]]:
    """US SSNs into ``found`` (``dashed``: a 3-2-4 hyphen pattern may be there; ``said``: an
    "SSN" / "social" word is); returns their spans in the light view."""
    light = norm.light
    spans: list[tuple[int, int]] = []
    if said:
        for m in _SSN_CONTEXT.finditer(light):
            spans.append(m.span("n"))
    for m in _SSN_DASHED.finditer(light) if dashed else ():
        if _named_reference(light, m.start()):
            continue  # "error code 500-21-0003", "Ticket 512-44-8937": a reference
        if all(m.end() <= s or m.start() >= e for s, e in spans):
            spans.append(m.span())
    for a, b in sorted(spans):
        start, end = norm.light_span(a, b)
        found.append(PiiMatch("ssn", start, end, _digits(light[a:b])))
    return spans


# Singapore NRIC / FIN: a letter (S, T citizens; F, G, M foreigners), 7 digits and a check
# letter ("NRIC S8812345Z"); counted only when the check letter is right.
_SEVEN_DIGITS = lazy_compile(r"[0-9][0-9]{6}")
# (session 34) a card-shaped piece of a longer run of digits joined by "-" or "."
_DASHED_ON = lazy_compile(r"[\-.]\d", cached=False)
# (a mobile after these is still one: "account 138...", an app's login, a code sent to it)
_NOT_REFERENCE_FOR_MOBILE = ("acc", "app", "code", "账", "帳", "申请")
_CJK_CHAR = lazy_compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_NRIC_RE = lazy_compile(r"[stfgm](?<![0-9a-z][stfgm])\d{7}[a-z](?![0-9a-z])")
_SSN_DASH = lazy_compile(r"-\d\d-")
_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_NRIC_TABLE = {"s": "JZIHGFEDCBA", "t": "JZIHGFEDCBA", "f": "XWUTRQPNMLK", "g": "XWUTRQPNMLK"}
_NRIC_TABLE["m"] = "KLJNPQRTUWX"
_NRIC_OFFSET = {"s": 0, "t": 4, "f": 0, "g": 4, "m": 3}


def _nric_hits(light: str, hits: list[tuple[int, int, PiiKind, str]]) -> None:
    """Singapore NRICs / FINs into ``hits``: with their check letter right, or whatever it is
    just after an ID word ("NRIC T0123456I": mistyped, still its owner's; "Ticket T0123456Z":
    a reference)."""
    for m in _NRIC_RE.finditer(light):
        # (a Singapore NRIC / FIN is its owner's ID number: pii.national-id's)
        said = _ID_WORD.search(light, max(0, m.start() - 24), m.start()) is not None
        if (
            (said or nric_ok(m.group()))
            and not _named_reference(light, m.start())
            and not _REFERENCE_AFTER.match(light, m.end())
        ):
            hits.append((m.start(), m.end(), "national_id", m.group().upper()))


def nric_ok(value: str) -> bool:
    """The check letter of a Singapore NRIC / FIN (S1234567D) is right."""
    value = value.lower()
    total = sum(int(d) * w for d, w in zip(value[1:8], _NRIC_WEIGHTS, strict=True))
    total += _NRIC_OFFSET[value[0]]
    return _NRIC_TABLE[value[0]][total % 11].lower() == value[8]


# A number read out in English words ("one three eight, one two three four, five six seven
# eight", "my social is five two one, four four, eight nine three seven", "oh seven seven double
# nine ..."): the words turned into digits and read as a mainland or UK mobile, a US number or,
# after "SSN" / "social", a US SSN. Found where three digit words follow each other.
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_DIGIT_WORD_LIST = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero")
_DW = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# (the words are read only in a message that says what the number is: a substring test each)
_SPOKEN_CONTEXT: tuple[str, ...] = ("number", "mobile", "mob ", "cell", "phone", "ssn", "social")
_SPOKEN_CONTEXT += ("whatsapp", "nric", "contact", "call", "ring", "text him", "text her", "reach")
_SPOKEN_CONTEXT += ("card", "visa", "debit", "credit", "text me", "line")
_SPOKEN_START = lazy_compile(
    rf"(?<![a-z]){_DW}[ ,\-]+(?:double |triple |treble )?{_DW}[ ,\-]+{_DW}(?![a-z])"
)
_SPOKEN_RUN = lazy_compile(
    rf"(?<![a-z])(?:(?:double |triple |treble )?{_DW}(?![a-z])(?:[ ,\-]+|(?=[.;!?)]|$))){{8,19}}"
)


# (session 32) the same in Malay and Indonesian words ("nombor saya kosong satu tiga, empat lima
# enam ...", "nomor HP saya nol delapan satu dua ..."), read only where "satu" / "kosong" / "nol"
# stands and a run of nine such words follows (ordinary Malay counts with puluh / ratus / ribu)
_MS_DIGITS = {
    "kosong": "0", "nol": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
    "enam": "6", "tujuh": "7", "lapan": "8", "delapan": "8", "sembilan": "9",
}  # fmt: skip
_DW_MS = r"(?:kosong|nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|lapan|sembilan)"
_SPOKEN_START_MS = lazy_compile(
    rf"(?<![a-z]){_DW_MS}[ ,\-]+{_DW_MS}[ ,\-]+{_DW_MS}(?![a-z])", cached=False
)
_SPOKEN_RUN_MS = lazy_compile(
    rf"(?<![a-z])(?:{_DW_MS}(?![a-z])(?:[ ,\-]+|(?=[.;!?)]|$))){{9,19}}", cached=False
)


def _malay_said(low: str) -> bool:
    # (every Malaysian mobile read out starts "kosong satu", every Indonesian one "nol delapan")
    return ("satu" in low or "nol " in low) and _SPOKEN_START_MS.search(low) is not None


def _find_spoken(
    norm: Normalized, found: list[PiiMatch], run: LazyPattern | None = None
) -> list[tuple[int, int]]:
    light = norm.light
    spans: list[tuple[int, int]] = []
    for m in (run or _SPOKEN_RUN).finditer(light):
        digits: list[str] = []
        times = 1
        for word in re.split(r"[ ,\-]+", m.group().strip(" ,-")):
            if word in ("double", "triple", "treble"):  # (treble: session 41)
                times = 2 if word == "double" else 3
                continue
            digits.append((_DIGIT_WORDS.get(word) or _MS_DIGITS[word]) * times)
            times = 1
        value = "".join(digits)
        kind = _spoken_kind(value, light, m.start())
        if kind is None:
            continue
        a, b = m.start(), m.start() + len(m.group().rstrip(" ,-"))
        start, end = norm.light_span(a, b)
        found.append(PiiMatch(kind, start, end, value))
        spans.append((a, b))
    return spans


def _spoken_kind(value: str, light: str, at: int) -> PiiKind | None:
    """What a number read out (its digits ``value``, at ``light[at]``) is, if personal."""
    kind: PiiKind | None = None
    if len(value) == 11 and _MOBILE_DIGITS.fullmatch(value):
        kind = "mobile"
    elif len(value) in (10, 11) and value[0] == "0" and value[1] != "0":
        kind = "mobile"  # a local number said from its 0 ("oh seven seven ...", "zero one two ...")
    elif 13 <= len(value) <= 19 and value[0] in "3456" and luhn_ok(value):
        kind = "bank_card"  # a card read out ("four five three two ...")
    elif len(value) == 10 and value[0] in "23456789" and value[3] in "23456789":
        kind = "mobile" if value[:3] not in _US_TOLL_FREE and value[1:3] != "00" else None
    elif len(value) == 9 and _SSN_CONTEXT_WORD.search(light, max(0, at - 30), at):
        kind = "ssn"
    elif len(value) == 8 and value[0] in "89":
        kind = "mobile"  # a Singapore mobile read out (session 32: "nine one two three, ...")
    return kind


# (session 41) a number read out with digits among its words ("07700 nine 0 0 four 3 two 1",
# "0-7-double-7-9-1-2-3-4-5-6", "07911-triple-0-4-5-6-7"): words and digits in one run, read as
# _find_spoken reads words alone; only in a message that says what a number is (_SPOKEN_CONTEXT)
# and where a digit stands beside a digit word (_MIXED_HINT)
_TIMES = r"(?:(?:double|triple|treble)[ ,\-]+)"
_MIXED_TOKEN = rf"{_TIMES}?(?:{_DW}(?![a-z])|\d+(?![a-z0-9]))"
_MIXED_RUN = lazy_compile(
    rf"(?<![a-z0-9])(?:{_MIXED_TOKEN}[ ,\-]+){{2,}}{_MIXED_TOKEN}", cached=False
)
_MIXED_HINT = lazy_compile(
    rf"\d[ ,\-]+{_TIMES}?{_DW}(?![a-z])|(?<![a-z]){_DW}[ ,\-]+{_TIMES}?\d|(?<![a-z]){_TIMES}\d",
    cached=False,
)


def _mixed_said(low: str) -> bool:
    """Whether ``low`` (a message with no CJK character, in lower case) may hold a number read
    out in digits and words together (_find_mixed's gate)."""
    return any(w in low for w in _SPOKEN_CONTEXT) and _MIXED_HINT.search(low) is not None


def _mixed_may(text: str) -> bool:
    """:func:`_mixed_said` for a customer's message as written."""
    if not text.isascii() and _CJK_CHAR.search(text) is not None:
        return False
    return _mixed_said(text.lower())


def _find_mixed(norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]]) -> None:
    light = norm.light
    for m in _MIXED_RUN.finditer(light):
        a, b = m.start(), m.start() + len(m.group().rstrip(" ,-"))
        if not all(b <= s or a >= e for s, e in taken):
            continue
        words = re.split(r"[ ,\-]+", m.group().strip(" ,-"))
        if not any(w[0].isdigit() for w in words) or all(w[0].isdigit() for w in words):
            continue  # (digits alone or words alone: the other readers')
        digits: list[str] = []
        times = 1
        for word in words:
            if word in ("double", "triple", "treble"):
                times = 2 if word == "double" else 3
                continue
            one = word if word[0].isdigit() else _DIGIT_WORDS[word]
            digits.append(one[0] * times + one[1:])
            times = 1
        value = "".join(digits)
        kind = _spoken_kind(value, light, a)
        if kind is None:
            continue
        start, end = norm.light_span(a, b)
        found.append(PiiMatch(kind, start, end, value))
        taken.append((a, b))


# Digits spread out to dodge a filter ("1 3 8 0 0 1 3 8 0 0 0", "6222·0200·0000·0007"): close
# up separators between digits and look again for whole numbers of the exact length.
_LONG_NUMBER = lazy_compile(r"\d(?:(?:[ \-.·_/()|~〜–—•⋅]{0,3}|\*)\d){9}")
_SPACED = lazy_compile(r"\d(?:[ \-.·_/]{1,2}| ?[|~〜–—•*⋅] ?)\d")
# (an ID card's check character X may be spaced off too: "... 0 0 2 X")
_GAP = lazy_compile(r"(?<=\d)(?:[ \-.·_/]{1,2}| ?[|~〜–—•*⋅] ?)(?=\d|x(?![0-9a-z]))")
# (session 37) the three above and _SIX_RUN without their | ~ 〜 – — • ⋅ * branches: what a text
# holding none of these characters (_odd_separators: most texts) is read with, the same matches
# for less (a Chinese message with a WeChat ID and an order number paid +7.6% for the branches)
_LONG_NUMBER_PLAIN = lazy_compile(r"\d(?:[ \-.·_/()]{0,3}\d){9}", cached=False)
_SPACED_PLAIN = lazy_compile(r"\d[ \-.·_/]{1,2}\d", cached=False)
_GAP_PLAIN = lazy_compile(r"(?<=\d)[ \-.·_/]{1,2}(?=\d|x(?![0-9a-z]))", cached=False)


def _odd_separators(light: str) -> bool:
    """Whether ``light`` holds one of | ~ 〜 – — • ⋅ * (what the separators' branches of
    _SIX_RUN, _LONG_NUMBER, _SPACED and _GAP need): substring tests, cheaper than one search."""
    if "|" in light or "~" in light or "*" in light:
        return True
    return not light.isascii() and (
        "〜" in light or "–" in light or "—" in light or "•" in light or "⋅" in light
    )


_DENSE_RES = (
    ("id_card", lazy_compile(r"(?<![0-9a-z])\d{17}[0-9x](?![0-9a-z])")),
    ("bank_card", lazy_compile(r"(?<![0-9a-z])[3-6]\d{12,18}(?![0-9a-z])")),
    ("mobile", lazy_compile(r"(?<![0-9a-z])1[3-9]\d{9}(?![0-9a-z])")),
)


def _card_ok(digits: str) -> bool:
    """Luhn, and not 18 digits laid out as an ID number (:func:`id_shaped`): a resident ID whose
    check character is wrong (a typo, or a ticket number in an ID's layout) is no bank card, though
    one in ten of them passes Luhn (工单号 440306198511120041)."""
    return luhn_ok(digits) and not (len(digits) == 18 and id_shaped(digits))


# a word for a card just before its number: "card number", "Debit card", 银行卡号, 卡号
# (session 31's new patterns are kept out of the rules cache's code blob, cached=False: the
# cache is at its cap, and each is compiled once, where a message first needs it)
_CARD_WORD = lazy_compile(
    r"(?<![a-z])(?:card|debit|credit|visa|master ?card|amex|unionpay|atm)(?![a-z])|卡",
    cached=False,
)
# an account's words: a number after them is no order's or ticket's reference
_ACCOUNT_WORD = lazy_compile(r"(?<![a-z])(?:acc|acct|account|bank)|账|帳|银行|銀行", cached=False)


def _card_read(light: str, m: re.Match[str], value: str) -> bool | None:
    """Whether the card-shaped ``value`` (``m`` in ``light``) is someone's card: Luhn, unless a
    word before it names a reference ("tracking no. 3171 2345 6789 0001", 流水号…); just after a
    card word ("my card number is …", 卡号…) 15-19 digits whatever the check digit (mistyped,
    still the borrower's card). None: a reference's or a store card's (its digits are read no
    other way)."""
    if len(value) == 18 and id_shaped(value):
        return False  # (a resident ID with a wrong check character: no card)
    lo = max(0, m.start() - 24)
    # (session 32) a reference named just before it ("card transaction ID …", "Card payment ref
    # …", 银行卡交易流水号…, 刷卡订单号…) is the reference's, card word or not, unless the word
    # is an account's ("account number …", 银行账号…); a gift card, voucher or top-up code
    # (购物卡, 礼品卡) is no one's bank card
    ref = _reference_word(light, m.start())
    if ref is not None and not ref.startswith(("acc", "账", "帳")):
        return None
    if _STORE_CARD.search(light, lo, m.start()):
        return None
    if len(value) >= 15 and _CARD_WORD.search(light, lo, m.start()):
        return True
    return luhn_ok(value)


def _lax_id(s: str) -> bool:
    return valid_resident_id(s) or id_shaped(s)


def _dotted_figure(chain: str) -> bool:
    """(session 36) Whether digits joined by dots only are a figure, not a number spread out: an
    amount's thousands (IDR 13.812.345.678: 1-3 digits, then groups of three) or a version's
    mixed groups (13.8.1234.5678, 138.12.3456.78: a group of one or two digits beside longer
    ones). A number one digit at a time (1.3.8.1.2...) or grouped 3-4-4 is read as before."""
    groups = chain.split(".")
    if not all(g.isdigit() for g in groups):
        return False  # (other separators too: read as before)
    sizes = [len(g) for g in groups]
    if len(sizes) >= 3 and sizes[0] <= 3 and all(n == 3 for n in sizes[1:]):
        return True
    return min(sizes) <= 2 and max(sizes) > 1


# (session 36) a toll-free line's layout (India's 1800-xxx-xxxx, Australia's 1800 / 1300): four
# digits first, where a Chinese mobile's first group is three (180 0123 4567)
_TOLL_FREE = lazy_compile(r"1[38]00[ \-]\d{3}[ \-]\d{3,4}", cached=False)
_MINE_BEFORE = lazy_compile(
    r"(?<![a-z])(?:cell|mobile|my|his|her|home|whatsapp)(?![a-z])|手机|手機|我的|他的|她的",
    cached=False,
)


def _toll_free(light: str, a: int, b: int) -> bool:
    """Whether ``light[a:b]``, read as a mobile, is laid out as a toll-free line with no word
    before it that makes it someone's ("my mobile 1800 ..." stays read)."""
    return (
        _TOLL_FREE.fullmatch(light, a, b) is not None
        and _MINE_BEFORE.search(light, max(0, a - 24), a) is None
    )


def _find_spaced(
    norm: Normalized,
    found: list[PiiMatch],
    taken: list[tuple[int, int]],
    is_id: Callable[[str], bool],
    odd: bool = True,
) -> None:
    light = norm.light
    parts: list[str] = []
    index: list[int] = []
    last = 0
    for m in (_GAP if odd else _GAP_PLAIN).finditer(light):
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
                is_id(value)
                if kind == "id_card"
                else _card_ok(value)
                if kind == "bank_card"
                else True
            )
            a, b = index[m.start()], index[m.end() - 1] + 1
            if ok and "." in light[a:b] and _dotted_figure(light[a:b]):
                continue
            if kind == "mobile" and ok and _toll_free(light, a, b):
                taken.append((a, b))
                continue
            if kind == "mobile" and ok and a:
                ref = _reference_word(light, a)
                if ref is not None and not ref.startswith(_NOT_REFERENCE_FOR_MOBILE):
                    taken.append((a, b))  # (session 36: 订单号 138|1234|5678, as _MOBILE_RE's)
                    continue
            if kind == "mobile" and ok and _amount_at(light, a, b):
                taken.append((a, b))  # (session 37: "prices 138 | 1234 | 5678 yen")
                continue
            if ok and all(b <= s or a >= e for s, e in taken):
                start, end = norm.light_span(a, b)
                found.append(PiiMatch(kind, start, end, value))  # type: ignore[arg-type]
                taken.append((a, b))
    # (session 37) a UK or Australian mobile spread out ("07 700 900 789", "0 4 2 1 3 3 3 4 4 4",
    # "07911/123/456", "my husband — 0412 765 432 —"): closed up, a gap inside it, not a
    # reference's, an amount's or the lender's own
    for m in _SPREAD_MOBILE.finditer(closed) if "0" in closed else ():
        if m.start() and closed[m.start() - 1] in "0123456789abcdefghijklmnopqrstuvwxyz":
            continue
        a, b = index[m.start()], index[m.end() - 1] + 1
        if b - a == m.end() - m.start() or not all(b <= s or a >= e for s, e in taken):
            continue  # (no gap inside: the patterns above read it, or not)
        if (
            _code_or_reference(light, a)
            or _amount_at(light, a, b)
            or _toll_free(light, a, b)
            or _lenders_own(light, a, b)
            or "." in light[a:b]
            and _dotted_figure(light[a:b])
        ):
            taken.append((a, b))
            continue
        start, end = norm.light_span(a, b)
        value = m.group()
        found.append(PiiMatch("mobile", start, end, value))
        taken.append((a, b))


_SPREAD_MOBILE = lazy_compile(r"0(?:7\d{9}|4\d{8})(?![0-9a-z])", cached=False)
_UNIT_AFTER = lazy_compile(
    r" ?(?:元|块|分|角|円|yen|jpy|rmb|cny|usd|aud|gbp|eur|dollars?|pounds?|cents?|pence)(?![a-z])",
    cached=False,
)
_AMOUNT_BEFORE = lazy_compile(
    r"(?:金额|余额|共计|合计|总计|价格|价钱|费用|amount|price|total|balance|cost|[¥￥$£€])[^0-9\n]{0,6}$",
    cached=False,
)


def _amount_at(light: str, a: int, b: int, said: bool = False) -> bool:
    """Whether the digits at ``light[a:b]`` are an amount: a unit after them (元 / 分 / yen ...)
    and, with ``said``, also an amount's word or sign just before them (入账金额 ... 分)."""
    if _UNIT_AFTER.match(light, b) is None:
        return False
    return not said or _AMOUNT_BEFORE.search(light, max(0, a - 12), a) is not None


def _code_or_reference(light: str, a: int) -> bool:
    """Whether the number at ``light[a]`` is a reference's (its words before it: "Agreement no.",
    订单号) or the tail of a code ("INV-07700-900-123")."""
    if a >= 2 and light[a - 1] in "-/#" and light[a - 2].isalpha():
        return True
    ref = _reference_word(light, a) if a else None
    return ref is not None and not ref.startswith(_NOT_REFERENCE_FOR_MOBILE)


# ------------------------------------------------------------------ session 30: more of the family
#
# Read in any message (Chinese or English), each behind a literal or digit-led hint
# (:func:`_s30_may_hold`), each rejected when the words just before it name it a reference
# (:func:`_named_reference`: "order", "ticket", "contract no.", 订单号, 合同编号 ...): an agent
# must read an order, ticket, contract, loan, slip or case number back whatever it looks like.
#
# - a Taiwan ID: a letter (the place of first registration) and nine digits, the first 1 / 2
#   (8 / 9: a resident certificate), the last a check digit: the letter's two-digit code
#   (A=10 ... Z=33, I=34, O=35) weighted 1, 9, the digits 8 ... 1, 1; the sum divisible by 10;
# - a Hong Kong ID: one or two letters, six digits and a check character 0-9 / A, usually in
#   brackets ("A123456(3)"): letters as 10-35 (a missing first letter as 36), weights 9 ... 2,
#   the check makes the sum divisible by 11; read without the brackets only after an ID word;
# - a UK National Insurance number: two letters (never D, F, I, Q, U, V; O not second; BG,
#   GB, KN, NK, NT, TN, ZZ never issued), six digits, a suffix A-D ("AB 12 34 56 C"); in a
#   lower-case message only after an NI word (no check digit: the layout alone is too common);
# - a Malaysian MyKad written without dashes, after an IC word: YYMMDD, a real place-of-birth
#   code, four digits ("IC 900514105523", "IC 900514 10 5523");
# - a mobile without its country code after a phone word ("call me on 98450 12345",
#   "WhatsApp 9123 4567", "my phone is 012-345 6789", 我的台灣手機是0912-345-678): ten digits
#   6-9xxx (India), eight digits 8 / 9 (Singapore; 5 / 6 / 9 in a Chinese message: Hong
#   Kong), ten or eleven digits from 0 (a local number: Malaysia, Nigeria, Kenya, the UK,
#   Pakistan, the Philippines ...), unless an amount's unit follows or an office's word is near.
_TW_LETTERS = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
_TW_ID_RE = lazy_compile(r"(?<![0-9a-z])[a-z][1289]\d{8}(?![0-9a-z])")
_HK_ID_RE = lazy_compile(
    r"(?<![0-9a-z])(?P<p>[a-z]{1,2})(?P<d>\d{6})(?: ?\((?P<c>[0-9a])\)| ?(?P<b>[0-9a]))(?![0-9a-z])"
)
_NINO_RE = lazy_compile(
    r"(?<![0-9a-z])(?P<p>[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z])[ \-]?(?P<d>\d{6}|\d\d([ \-])\d\d\3\d\d)"
    r"[ \-]?(?P<s>[a-d])(?![0-9a-z])"
)
_NINO_NEVER = frozenset({"bg", "gb", "kn", "nk", "nt", "tn", "zz"})
_MYKAD_BARE_RE = lazy_compile(
    r"(?<![0-9a-z\-./])(?:[013-9]\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ \-]?"
    r"(?P<s>\d\d)[ \-]?\d{4}(?![0-9a-z]|[.\-/]\d)"
)
# place-of-birth codes of a MyKad: states 01-16 and 21-59, other countries 60-68, 71-72,
# 74-79, 82-93, 98-99
_MYKAD_PLACES = frozenset(
    f"{n:02d}"
    for n in [*range(1, 17), *range(21, 69), 71, 72, *range(74, 80), *range(82, 94), 98, 99]
)
_LOCAL_MOBILE_RE = lazy_compile(
    r"(?<![0-9a-z+\-./#])(?<!\d[ \-])(?:0[1-9]\d{0,3}(?:[ \-]?\d{3,4}){1,2}|\(0[1-9]\d{0,3}\) ?\d{3,4}[ \-]?\d{4}|[6-9]\d{3,4}[ \-]?\d{4,5}|[5-9]\d{3}[ \-]?\d{4})"
    r"(?![0-9a-z]|[ \-.,/:]\d)"
)
# the words just before a number that say it is a reference, not someone's (light view); "po"
# only as "PO #", "PO no", "PO:" (session 32: Tagalog's "po", "Smart ko po 0918 555 0142")
_REF_WORDS = (
    r"order|ticket|tkt|ref|reference|case|contract|loan|slip|invoice|inv|booking|tracking"
    r"|waybill|parcel|shipment|transfer|transaction|txn|trx|error|err|code|policy|account|acct"
    r"|application|app|serial|model|version|build|po(?= ?(?:#|no|num|:))|receipt|claim|batch|item|sku|clause"
    r"|member|voucher|coupon|promo|report|request|req|complaint|job|bill|statement|agreement"
    r"|payment(?= ?(?:id|no|num|#|code))|sn|s/n|imei"
    # session 47 (precision): an Indian payment's transaction references (UTR, RRN; NEFT / IMPS / RTGS ref)
    # (session 48: a transfer's name only with its reference's word, "NEFT UTR", "IMPS ref": an account
    # number is written right after "NEFT" too, "NEFT 50100234567891, IFSC HDFC0000123")
    r"|utr|rrn|(?:neft|imps|rtgs)[ \-/]?(?:utr|rrn|ref|reference|txn|transaction)"
)
_NAMED_REFERENCE = lazy_compile(
    rf"(?:(?<![a-z])(?:{_REF_WORDS})(?:[ \-]?(?:id|no|num|number|code|#))?[ .:#]*(?:is |was )?"
    r"|(?:订单|单号|工单|合同|编号|流水|快递|运单|借据|发票|案件|交易|批次|型号|版本|账单|保单|申请|参考)"
    r"[号码]*[是为：: #]*)$"
)
# (session 32) a Philippine mobile named by its network or wallet ("Smart ko po 0918 555 0142",
# "GCash number ko 0917...", "my Globe is 0995 ..."): read so only for an 09xx number of 11 digits
_CARRIER_WORD = lazy_compile(
    r"(?<![a-z])(?:globe|smart|tm|tnt|sun|dito|gcash|g-cash|maya|paymaya|viber)(?![a-z])",
    cached=False,
)
_PHONE_WORD = lazy_compile(
    r"(?<![a-z])(?:call|calls|calling|phone|mobile|mob|cell|cellphone|whatsapp|wa|text|txt|sms"
    r"|ring|reach|contact|tel|telephone|hp|h/p|line|landline|m-?pesa|hubungi|telp|telepon|nombor"
    r"|(?:my|his|her|your|their|new|whose|home|work|house) (?:number|no))"
    r"(?![a-z])|手机|电话|联系|联络|手機|電話|聯絡|聯繫|座机|座機|固话|固話|whatsapp"
)
# a line the lender or a business answers ("call us on", "our freephone", 客服热线): not personal
_OUR_LINE = lazy_compile(
    r"(?<![a-z])(?:us|our|we|team|freephone|free ?line|support|service|desk|hours)(?![a-z])"
    r"|客服|热线|公司|官方|银行|门店|我们|我們|我司"
)
_FREEPHONE = ("0800", "0808")
_AMOUNT_AFTER = lazy_compile(
    r" ?(?:idr|rupiah|inr|rs|rupees?|usd|dollars?|yuan|rmb|ringgit|naira|ksh|shillings?|pesos?"
    r"|sgd|php|pkr|times|units|points|元|块|万)"
)
_ID_WORD = lazy_compile(
    r"(?<![a-z])(?:hkid|hk ?id|hong kong id|id|i/c|ic|identity|mykad|nric|fin|kad pengenalan)(?![a-z])"
    r"|身份|身分"
)
_NI_WORD = lazy_compile(r"(?<![a-z])(?:ni|nino|nin|national insurance|insurance)(?![a-z])")
# digit-led hints (one character set first, which the engine skips to in C; a repeat or a
# branch first would be tried at every position, ~4 µs a message): seven
# digits after a letter (a Taiwan ID, a compact HKID), six digits and a bracket (an HKID), a
# run of exactly twelve digits or 6-2-4 (a bare MyKad), an NI number's three pairs and suffix
_S30_HINT = lazy_compile(
    r"[0-9](?:\d{6}(?<=[A-Za-z]\d{7})|\d{5} ?[(（]|\d{11}(?!\d)(?<!\d{13})|\d{5}[ \-]\d\d[ \-]?\d{4}"
    r"|\d[ \-]?\d\d[ \-]?\d\d[ \-]?[A-Da-d](?![A-Za-z])|\d{5}(?<=[A-Za-z]\d{6}) [0-9Aa](?![0-9A-Za-z]))"
)
# a local mobile ("9123 4567", "012-345 6789", "9876543210"), read only after a phone word
_LOCAL_HINT = lazy_compile(r"[0-9](?:\d{2,4}[ \-]\d{3,5}|\d{7})")
_SIX, _SEVEN, _EIGHT = b"0" * 6, b"0" * 7, b"0" * 8
# (what _SIX finds in _RUN_BYTES' view, and the start of every _LONG_NUMBER; session 36: or a
# digit, one of | ~ 〜 – — • ⋅ * and a digit, as its own branch: the first class kept small, a
# masked 138****5678 starts no run; the gate below reads | ~ 〜 – — • ⋅ in its break class, not "*")
_SIX_RUN = lazy_compile(r"\d(?:[\d \-./_()·]{5}| ?[|~〜–—•⋅*] ?\d)")
_SIX_RUN_PLAIN = lazy_compile(r"\d[\d \-./_()·]{5}", cached=False)  # (see _LONG_NUMBER_PLAIN)
# _SIX_RUN, or a digit before what a split number's break (_SPLIT_HINT) starts with: every
# match of either starts with one of these (an agent's reply: one scan for both, session 35)
_SIX_OR_SPLIT = lazy_compile(
    r"\d(?:[\d \-./_()·]{5}|[ \-.]{0,2}[,，、;；\n/后後然接中尾最末开開打|~〜–—•⋅]| [ ,，、;；]*[后後然接中尾最末stae])"
)
_NINE_DIGITS = lazy_compile(r"\d(?:[ \-]?\d){8}", cached=False)
# digits, "(" and the letters A-D (an HKID's bracket and check, an NI number's suffix) as "0",
# a space as "-" (an NI number's pairs: "00-00-00" either way)
_SEVEN_BYTES = bytes.maketrans(b"0123456789ABCDabcd( ", b"0" * 19 + b"-")


def tw_id_ok(value: str) -> bool:
    """A Taiwan ID (A123456789: a letter and nine digits) whose check digit is right."""
    value = value.upper()
    code = _TW_LETTERS.get(value[:1])
    if code is None or len(value) != 10 or not value[1:].isdigit():
        return False
    total = code // 10 + code % 10 * 9 + int(value[9])
    total += sum(int(d) * w for d, w in zip(value[1:9], range(8, 0, -1), strict=True))
    return total % 10 == 0


def hk_id_ok(value: str) -> bool:
    """A Hong Kong ID (A1234563: one or two letters, six digits, a check character 0-9 / A)
    whose check character is right."""
    value = value.upper()
    letters = value[:-7]
    if len(letters) not in (1, 2) or not letters.isalpha() or not value[-7:-1].isdigit():
        return False
    codes = [36] * (2 - len(letters)) + [ord(ch) - 55 for ch in letters]
    total = sum(c * w for c, w in zip(codes, (9, 8), strict=True))
    total += sum(int(d) * w for d, w in zip(value[-7:-1], range(7, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return value[-1] == ("A" if check == 10 else str(check))


# a person's own number after the last word for the lender: the speaker's (my, me, 我) or the
# listener's (your mobile, "call you on", 您): "客服你好，我的电话是…", "ask your team to call me
# on …", "we'll call you on …", 客服会打您的手机…; not 我们 / 你们 (the lender), nor 你好 (a greeting)
_OWNER = lazy_compile(
    r"(?<![a-z])(?:my|me|mine|your|you(?: back)? (?:on|at))(?![a-z])|[我您你](?![们們好])"
)


# the speaker asks to be called ("please call me during office hours on …", "text me after
# hours: …"): the number is theirs whatever lender word follows
_CALL_ME = lazy_compile(
    r"(?<![a-z])(?:call|ring|text|whatsapp|reach|contact|phone|sms|message)(?:s|ed|ing)? me(?![a-z])"
)


def _business_line(light: str, start: int, end: int) -> bool:
    """Whether the words around a number say the lender or a business answers it: a word for
    the lender before it with no owner word after that word ("call us on", "our support line
    on", 我们的客服电话), or a business word just after it and no owner word before it; never
    after "call me" in the words before it."""
    lo = max(0, start - 40)
    if _CALL_ME.search(light, lo, start) is not None:
        return False
    last = -1
    for pattern in (_BUSINESS_LINE, _OUR_LINE):
        for m in pattern.finditer(light, lo, start):
            last = max(last, m.end())
    if last >= 0:
        return _OWNER.search(light, last, start) is None
    if _BUSINESS_LINE.search(light, end, min(len(light), end + 30)) is None:
        return False
    return _OWNER.search(light, lo, start) is None


_PERSONAL_LINE = lazy_compile(r"(?<![a-z])(?:cell|mobile|my|his|her|whatsapp|home)(?![a-z])")


def _office_number(light: str, start: int) -> bool:
    """Whether an office / branch / helpline word comes within 40 characters before ``start``
    with no personal one (cell, mobile, my, his, her ...) after it: "Our office number is
    (212) ..." is the lender's, "my office colleague Ann, cell 312-..." is Ann's."""
    words = list(_BUSINESS_LINE.finditer(light, max(0, start - 40), start))
    return bool(words) and _PERSONAL_LINE.search(light, words[-1].end(), start) is None


def _named_reference(light: str, start: int) -> bool:
    return _reference_word(light, start) is not None


def _reference_word(light: str, start: int) -> str | None:
    """The words just before ``start`` that name a reference ("order no. ", 快递单号), or None."""
    m = _NAMED_REFERENCE.search(light, max(0, start - 32), start)
    # (an ID word before it makes it the ID's number: 身分证统一编号, "ID card number")
    if m is None or _ID_WORD.search(light, max(0, m.start() - 12), m.start() + 1):
        return None
    return m.group()


# (session 32) the words just after a number that name it a reference: "S1234567X is the parcel
# code", "… is my order number", "A123456(7) 是快递单号"
_REFERENCE_AFTER = lazy_compile(
    rf" ?(?:is |was |= ?|: ?)?(?:the |my |your |our |a |an )?(?:{_REF_WORDS})(?![a-z])"
    r"|[ ,，]?(?:是|为|為)?(?:订单|单号|快递|运单|包裹|取件码|流水|编号)",
    cached=False,
)
# a store's card, a gift card, a voucher or top-up code: no one's bank card
_STORE_CARD = lazy_compile(
    r"(?<![a-z])(?:gift|voucher|top-?up|prepaid|store|loyalty|reload|scratch|phone ?card|sim)(?![a-z])"
    r"|购物卡|礼品卡|禮品卡|充值卡|储值卡|儲值卡|购物券|礼券|禮券|会员卡|會員卡|电话卡|點數卡|点卡",
    cached=False,
)


def _s30_may_hold(
    text: str,
    raw: bytes | None = None,
    runs: bytes | None = None,
    latin: bool | None = None,
    nine: bool | None = None,
) -> bool:
    """Whether ``text`` may hold a number only :func:`_find_s30` reads. Each of these has six
    digits and separators in a row, which most messages lack; the rest is substring searches
    in C before any pattern (one pattern's search costs ten of these on a Chinese message).
    :func:`_quiet` passes what it has: ``raw`` (the UTF-8, in which ``runs`` has six "0"),
    ``runs`` (that through :data:`_RUN_BYTES`), ``latin`` (no CJK character), ``nine``."""
    if raw is None or runs is None:
        if _SIX_RUN.search(text) is None:
            return False  # (a set first: the engine skips to digits in C, cheaper than encoding)
        raw = text.encode("utf-8", "surrogatepass")
        runs = raw.translate(_RUN_BYTES)
        if runs.find(_SIX) < 0:
            return False
    if latin is None:
        latin = _CJK_CHAR.search(text) is None
    if not latin:
        # a Chinese message: nine digits and separators in a row (a Taiwan ID, an HKID with
        # its check digit in brackets, a mobile), a full-width bracket or an ID's shape (an
        # HKID "A123456(A)", an NRIC, an NI number: see _zh_id_shape)
        if nine is None:
            nine = runs.find(_NINE) >= 0
        if not nine and "（" not in text and not _zh_id_shape(runs, text):
            return False
        return _S30_HINT.search(text) is not None or _local_may_hold(text)
    # seven digits, or six and a bracket or a letter A-D (a Taiwan ID, an HKID "A123456(3)",
    # "A1234563", an NI number "AB123456C", a bare MyKad, a mobile written closed up) ...
    closed = raw.translate(_SEVEN_BYTES)
    if closed.find(_SEVEN) < 0:
        # ... else eight digits and separators in a row (an NI number in pairs, a MyKad 6-2-4,
        # a mobile in groups, an HKID "A123456 (3)") with four digits together (every mobile
        # and MyKad) or an NI number's three pairs
        if runs.find(_EIGHT) < 0:
            return False
        if closed.find(b"0000") < 0 and closed.find(b"00-00-00") < 0:
            return False
    return _S30_HINT.search(text) is not None or _local_may_hold(text)


# an ID word in a Chinese message (substring tests): a compact NI number, an NRIC, an HKID with
# its check digit after a space are read there without nine digits in a row or a bracket
# (either case: the readers get the light view, lower case; one pattern led by a character
# set, which the engine skips to in C: substring tests on a Chinese message convert each
# ASCII word to the message's width first, ~1k instructions apiece)
_ZH_ID_SAID = lazy_compile(r"[身保IiNn](?:[份分险險]|[CcDdIi](?![A-Za-z])|nsurance)", cached=False)


def _zh_id_shape(runs: bytes, text: str, eight: bool | None = None) -> bool:
    """Whether a Chinese message may hold an HKID with its check digit "(A)", or an NRIC, a
    compact NI number or an HKID with its check digit after a space beside an ID word: six
    digits and separators with a letter after them ("A123456(A)", "S9012345I", "WL184230B")
    or eight digits and separators ("Y302185 6"), tested in ``runs`` (:data:`_RUN_BYTES`'
    view, where "(" is a separator: a substring search in C), then "(" or the words."""
    if eight is None:
        eight = runs.find(_EIGHT) >= 0
    if not eight and runs.find(b"000000a") < 0:
        return False
    return "(" in text or _ZH_ID_SAID.search(text) is not None


def _local_may_hold(text: str) -> bool:
    if _LOCAL_HINT.search(text) is None:
        return False
    low = text.lower()
    return _PHONE_WORD.search(low) is not None or _CARRIER_WORD.search(low) is not None


def _find_s30(
    norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]], latin: bool
) -> None:
    light = norm.light
    raw = light.encode("utf-8", "surrogatepass")
    if not _s30_may_hold(light, raw, raw.translate(_RUN_BYTES), latin):
        return  # (the caller found six digits and separators in a row)
    hits: list[tuple[int, int, PiiKind, str]] = []
    if not latin:
        _nric_hits(light, hits)  # (a message with no CJK character read them before)
    for m in _TW_ID_RE.finditer(light):
        if tw_id_ok(m.group()) and not _named_reference(light, m.start()):
            hits.append((m.start(), m.end(), "national_id", m.group().upper()))
    for m in _HK_ID_RE.finditer(light):
        value = (m.group("p") + m.group("d") + (m.group("c") or m.group("b"))).upper()
        if _named_reference(light, m.start()) or _REFERENCE_AFTER.match(light, m.end()):
            continue
        # (bare, or with a wrong check digit: only just after an ID word, "HKID G441624 3",
        # "HK ID card Z683365(2)": a mistyped ID is still its owner's)
        said = _ID_WORD.search(light, max(0, m.start() - 32), m.start()) is not None
        if said or m.group("c") and hk_id_ok(value):
            hits.append((m.start(), m.end(), "national_id", value))
    for m in _NINO_RE.finditer(light):
        if m.group("p") in _NINO_NEVER or _named_reference(light, m.start()):
            continue
        a, b = norm.light_span(m.start(), m.end())
        said = _NI_WORD.search(light, max(0, m.start() - 40), m.start()) is not None
        if said or norm.original[a:b].isupper():
            value = (m.group("p") + _digits(m.group("d")) + m.group("s")).upper()
            hits.append((m.start(), m.end(), "national_id", value))
    for m in _MYKAD_BARE_RE.finditer(light):
        if (
            m.group("s") in _MYKAD_PLACES
            and _ID_WORD.search(light, max(0, m.start() - 32), m.start())
            and not _named_reference(light, m.start())
        ):
            hits.append((m.start(), m.end(), "national_id", _digits(m.group())))
    for m in _LOCAL_MOBILE_RE.finditer(light):
        value = _digits(m.group())
        n = len(value)
        if value[0] == "0":
            ok = n in (10, 11, 12)  # (12: a landline with a 4-digit area code, 0755-1234 4321)
        elif n == 8:
            ok = value[0] in "89" or not latin
        else:
            ok = n == 10 and value[0] in "6789" and latin
        if (
            ok
            and (
                _PHONE_WORD.search(light, max(0, m.start() - 40), m.start())
                or n == 11
                and value.startswith("09")
                and _CARRIER_WORD.search(light, max(0, m.start() - 24), m.start())
            )
            and not _named_reference(light, m.start())
            and not _AMOUNT_AFTER.match(light, m.end())
            and not value.startswith(_FREEPHONE)
            and not _business_line(light, m.start(), m.end())
        ):
            hits.append((m.start(), m.end(), "mobile", value))
    hits.sort()
    _keep_apart(norm, hits, found, taken)


# ------------------------------------------------------------------ session 31: accounts, IDs, contacts
#
# Numbers (each behind a run of digits the scan already found, and read where the words or
# the layout say what it is; a reference word before it keeps it readable):
# - an IBAN: two letters, two check digits, 11-30 letters and digits (in fours or not), its
#   ISO 13616 check (mod 97) right: "GB82 WEST 1234 5698 7654 32", DE89370400440532013000;
# - a UK account number (eight digits) beside a sort code (20-00-00): next to it, or with
#   "sort" / "account" / 账号 near; the account is masked, the sort code (a branch's) kept;
# - a Thai ID (13 digits, its mod-11 check right) written 1-2345-67890-12-3, or after an ID
#   word; an Indonesian NIK (16 digits) after NIK / KTP; a Philippine SSS, TIN, UMID / CRN,
#   PhilSys PCN / PSN, PhilHealth or Pag-IBIG number (9-16 digits) after its name.
# Contacts (an agent reads them back only masked; no compliance rule blocks them):
# - an email, also said out ("zhang.wei88 at gmail dot com", "jsmith [at] outlook [dot] com",
#   "m a r y @ g m a i l . c o m"): the local part masked, the domain kept;
# - a WeChat ID after 微信 / 微信号 / WeChat ID (six to twenty letters, digits, _ and -, with a
#   digit, _ or - in it or after 号 / ID / a colon);
# - a date of birth after DOB / date of birth / born on / 出生日期 / 生日: its day and month.
# (led by its check digits, which the engine skips to in C; the match starts there)
_IBAN_RE = lazy_compile(
    r"\d\d(?<=(?<![0-9a-z])[a-z]{2}\d\d)(?: ?[0-9a-z]{4}){2,7}(?: ?[0-9a-z]{1,3})?(?![0-9a-z])",
    cached=False,
)
_IBAN_HINT = lazy_compile(r"\d\d(?<=[A-Za-z]{2}\d\d)", cached=False)
# (a sort code with spaces, "60 16 13", and an account in groups, "4192 6819", "41 92 68 19",
# "1234-5678": session 32)
_SORT_CODE_RE = lazy_compile(
    r"(?<![0-9\-])(?:\d\d-\d\d-\d\d(?![0-9]|-\d)|(?<![0-9] )\d\d \d\d \d\d(?![0-9]| \d))",
    cached=False,
)
_ACCOUNT_8_RE = lazy_compile(
    r"(?<![0-9a-z\-])(?:\d{8}|(?<![0-9][ \-])(?:\d{4}[ \-]\d{4}|\d\d \d\d \d\d \d\d))(?![0-9a-z]|[ \-]\d)",
    cached=False,
)
_SORT_WORD = lazy_compile(r"sort|acc|a/c|账号|账户|帳號|帳戶", cached=False)
_TH_ID_RE = lazy_compile(
    r"(?<![0-9a-z\-])\d([ \-]?)\d{4}\1\d{5}\1\d\d\1\d(?![0-9a-z]|[ \-]\d)", cached=False
)
# an ID's name before its number (Indonesia, the Philippines, Thailand) ...
_S31_ID_WORD = lazy_compile(
    r"(?<![a-z])(?P<w>nik|e-?ktp|ktp|sss|gsis|tin|umid|crn|philsys|philid|pcn|psn|philhealth"
    r"|pag-?ibig|thai id|citizen id|cccd|cmnd|can cu\w*|ch\w*ng minh"
    # (session 33: Nigeria's BVN / NIN, Pakistan's CNIC, Korea's RRN, Brazil's CPF, Canada's SIN,
    # a national ID, Japan's My Number)
    r"|bvn|nin|cnic|nicop|rrn|resident registration(?: number| no)?|cpf|sin|social insurance"
    r"(?: number| no)?|national id(?: number| no| card)?|my ?number card)(?![a-z])"
    r"|(?P<z>泰国身份证|泰國身分證|マイナンバー)",
    cached=False,
)
# ... and the number a few characters after it (9-16 digits, grouped or not)
_S31_ID_NUMBER = lazy_compile(
    r"[^0-9\n]{0,20}?(?<![0-9a-z])(?P<n>\d(?:[ \-]?\d|\.\d(?=\d\d)){8,15})(?![0-9a-z]|[ \-.]\d)",
    cached=False,
)
# (the ID words as substrings, lower case: a gate before _S31_ID_WORD)
_S31_WORDS: tuple[str, ...] = ("nik", "ktp", "sss", "gsis", "tin", "umid", "crn", "phil", "pcn")
_S31_WORDS += ("psn", "ibig", "thai", "citizen", "泰")
# (session 33; "sin" / "nin" as words: " sin", or where the message starts, _s31_said)
_S31_WORDS += ("bvn", " nin", "cnic", "nicop", "rrn", "registration", "cpf", " sin", "insurance")
_S31_WORDS += ("national id", "number card", "mynumber", "マイナンバー")


def _s31_said(low: str) -> bool:
    return any(w in low for w in _S31_WORDS) or low.startswith(("sin", "nin"))


# (session 32: a Vietnamese CCCD / CMND, in a message with no CJK character only: each substring
# test on a Chinese message costs ~1k instructions)
_VN_WORDS = ("cccd", "cmnd", "can cu", "ng minh")


def _s31_may_hold(text: str, runs: bytes, nine: bool, eight: bool, low: str | None = None) -> bool:
    """Whether ``text`` (``runs``: its UTF-8 through :data:`_RUN_BYTES`) may hold a number
    :func:`_find_s31` reads: nine digits and separators in a row (every IBAN, Thai, Indonesian
    and Philippine number) with an IBAN's letters and check digits or an ID's name, or eight
    with a sort code (20-00-00 and its eight-digit account)."""
    if nine:
        if _IBAN_HINT.search(text) or _THAI_LAYOUT.search(text):
            return True
        no_hanzi = runs.find(b"H") < 0
        if no_hanzi and _ZA_ID_RE.search(text):
            return True  # (a South African ID: in a message with no hanzi)
        lowered = text.lower()
        if _s31_said(lowered):
            return True
        if no_hanzi and any(w in lowered for w in _VN_WORDS):
            return True  # (a Vietnamese CCCD / CMND)
    # (a sort code with spaces, "60 16 13", is read only beside "sort", in a message with no
    # CJK character: ``low``, it in lower case, when the caller has it)
    return (
        eight
        and ("-" in text or low is not None and "sort" in low)
        and _SORT_CODE_RE.search(text) is not None
    )


_THAI_LAYOUT = lazy_compile(r"\d-\d{4}-\d{5}-\d\d-\d", cached=False)
# (session 32) a South African ID: a birth date YYMMDD, four digits, citizenship 0 / 1, 8 / 9, a
# Luhn check digit ("8001015009087"); read after an ID word, or bare when its year is not 08-29
# (nobody born then borrows; an order number stamped with this decade's date is one to read back)
_ZA_ID_RE = lazy_compile(
    r"\d(?<![0-9a-z\-]\d)\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{4}[01][89]\d(?![0-9a-z]|[ \-]\d)",
    cached=False,
)


def iban_ok(value: str) -> bool:
    """An IBAN (letters and digits, no spaces) whose ISO 13616 check digits are right."""
    value = value.upper()
    if not 15 <= len(value) <= 34 or not value[:2].isalpha() or not value[2:4].isdigit():
        return False
    moved = value[4:] + value[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def thai_id_ok(digits: str) -> bool:
    """A Thai ID (13 digits) whose last digit is its mod-11 check."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return len(digits) == 13 and (11 - total % 11) % 10 == int(digits[12])


def _find_s31(
    norm: Normalized,
    found: list[PiiMatch],
    taken: list[tuple[int, int]],
    long: bool,
    latin: bool = True,
    agent: bool = False,
) -> None:
    """The session's numbers into ``found``; ``long``: the text holds ten digits in a row,
    however spaced (every ID and IBAN below; a sort code's account has eight); ``latin``: no
    CJK character (a Vietnamese or South African ID is read only then)."""
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    if _s31_said(light) or latin and any(w in light for w in _VN_WORDS):
        for m in _S31_ID_WORD.finditer(light):
            n = _S31_ID_NUMBER.match(light, m.end())
            if n is not None and not _named_reference(light, n.start("n")):
                hits.append((n.start("n"), n.end("n"), "national_id", _digits(n.group("n"))))
    for m in _TH_ID_RE.finditer(light) if long else ():
        value = _digits(m.group())
        said = m.group(1) == "-" or _ID_WORD.search(light, max(0, m.start() - 32), m.start())
        if said and thai_id_ok(value) and not _named_reference(light, m.start()):
            hits.append((m.start(), m.end(), "national_id", value))
    for m in _ZA_ID_RE.finditer(light) if long and latin else ():
        value = m.group()
        if not luhn_ok(value) or _named_reference(light, m.start()):
            continue
        said = _ID_WORD.search(light, max(0, m.start() - 32), m.start()) is not None
        if said or not "08" <= value[:2] <= "29":
            hits.append((m.start(), m.end(), "national_id", value))
    for m in _IBAN_RE.finditer(light) if long else ():
        start, end = m.start() - 2, m.end()  # (its country's letters)
        value = light[start:end].replace(" ", "").upper()
        cut = light.rfind(" ", start, end)
        if not iban_ok(value) and cut > start and light[cut + 1 : end].isalpha():
            end = cut  # (session 33: "IBAN PK36SCBL0000001123456702 has been saved")
            value = light[start:end].replace(" ", "").upper()
        if iban_ok(value):
            if _lenders_own(light, start, end, agent=agent):
                taken.append((start, end))  # ("Please pay to IBAN GB82 WEST ...")
            else:
                hits.append((start, end, "bank_account", value))
    if "-" in light or "sort" in light:
        for m in _SORT_CODE_RE.finditer(light):
            lo, hi = max(0, m.start() - 40), min(len(light), m.end() + 40)
            for a in _ACCOUNT_8_RE.finditer(light, lo, hi):
                if a.start() < m.end() and m.start() < a.end():
                    continue  # (the sort code itself)
                near = a.start() - m.end() in (1, 2) or _SORT_WORD.search(light, lo, hi)
                # (an account's words are no reference's here: "account number 55779911")
                ref = _named_reference(light, a.start()) and not _ACCOUNT_WORD.search(
                    light, max(0, a.start() - 32), a.start()
                )
                if not near or ref:
                    continue
                if _lenders_own(
                    light, min(a.start(), m.start()), max(a.end(), m.end()), agent=agent
                ):
                    taken.append(a.span())  # ("Make your payment to sort code 20-00-00, ...")
                else:
                    hits.append((a.start(), a.end(), "bank_account", _digits(a.group())))
    hits.sort()
    _keep_apart(norm, hits, found, taken)


# ------------------------------------------------------------------ session 33: accounts anywhere
#
# A bank account outside the UK has no check digits anyone can test (a US account, an Indian
# A/c, a Nigerian NUBAN, a Chinese 账号 that is no card, a Maybank / DBS / BCA / Capitec account):
# it is read by what stands beside its digits, as an ID is read by its word: 7-20 digits (in
# groups or not) with an account's word or a bank's name just before them ("checking account
# 483920174", "my SBI a/c no 30123456789", "GTBank 0123456785", 建行账号3105..., "DBS savings
# 072-345678-9"), or a bank's name / an account's word just after ("55301928 at Chase",
# "...（工商银行）", "...是我本人的账户"). Not a bank's own code (routing / ABA / IFSC / BSB / transit /
# sort code / 联行号 nearest before it), not a reference (order, transaction, loan account ...),
# not a date or an amount. Whose it is: :func:`_lenders_own`, as for an IBAN.
# (the words as a message's tokens, looked up in sets: one pattern of ~100 words cost ~1k
# instructions at every position of the window around a number)
_BANK_NAME_LIST = """
    gtbank gtb zenith firstbank uba opay kuda palmpay moniepoint fidelity ecobank wema stanbic
    polaris maybank cimb publicbank rhb ambank bsn dbs posb ocbc uob hsbc citi citibank chase bofa
    scotiabank bmo cibc rbc sbi hdfc icici axis kotak pnb canara idfc bca bri bni mandiri bdo bpi
    metrobank landbank unionbank equity kcb absa capitec fnb nedbank commbank westpac banamex bbva
    santander banorte itau itaú bradesco nubank meezan hbl barclays lloyds natwest monzo revolut
    starling halifax
"""
_BANK_NAMES = frozenset(_BANK_NAME_LIST.split())
_BANK_NAMES_TWO = frozenset(
    ("guaranty trust", "access bank", "first bank", "public bank", "hong leong", "wells fargo")
)
# kinds: 0 a bank's code (the number after it is the bank's), 1 an account's word alone (maybe the
# loan's account at the lender), 2 a bank's name or a kind of bank account
_CONTEXT_ONE: dict[str, int] = dict.fromkeys(_BANK_NAMES, 2)
_CONTEXT_ONE.update(dict.fromkeys(("checking", "chequing", "savings", "rekening", "rek"), 2))
_CONTEXT_ONE.update(dict.fromkeys(("conta", "clabe", "nuban", "bank"), 2))
_CONTEXT_ONE.update(dict.fromkeys(("acc", "accs", "acct", "account", "a/c"), 1))
_CONTEXT_ONE.update(dict.fromkeys(("routing", "aba", "rtn", "ifsc", "swift", "bic", "bsb"), 0))
_CONTEXT_ONE.update(dict.fromkeys(("transit", "institution", "sort", "agência", "agencia"), 0))
_CONTEXT_ONE["uen"] = 0
_CONTEXT_TWO: dict[str, int] = dict.fromkeys(_BANK_NAMES_TWO, 2)
_CONTEXT_TWO.update({"current a/c": 2, "current ac": 2, "ac no": 1, "branch code": 0})
_CONTEXT_TWO["sort code"] = 0
# (a word of each: a gate's set)
_CONTEXT_TRIGGERS = frozenset(_CONTEXT_ONE) | frozenset(w.split()[0] for w in _CONTEXT_TWO)
_LATIN_WORD = lazy_compile(r"[a-zà-ÿ/]+", cached=False)
# (what may stand at a word's edges: "(routing", "chase.", "a/c:")
_WORD_EDGE = "0123456789.,:;!?()[]#'\"*-=+&，。：；、（）！？“”"
_ZH_CONTEXT = lazy_compile(
    r"(?P<k>联行号|支行号|行号)|(?P<w>账号|账户|帳號|帳戶|户号|戶號)"
    r"|卡号|卡號|储蓄卡|儲蓄卡|工资卡|工資卡|借记卡|借記卡|银行|銀行"
    r"|工行|建行|农行|農行|中行|招行|交行|邮储|郵儲|浦发|兴业|光大|中信|华夏|广发",
    cached=False,
)


def _context_near(light: str, lo: int, hi: int) -> bool:
    """Whether ``light[lo:hi]`` may hold an account's word, a bank's name or code (a gate for
    :func:`_account_context`: one findall and a set test in C)."""
    if not _CONTEXT_TRIGGERS.isdisjoint(_LATIN_WORD.findall(light, lo, hi)):
        return True
    if _IFSC_CODE.search(light, lo, hi) is not None:
        return True  # (an Indian bank branch's code: the digits before it are an account)
    return not light.isascii() and _ZH_CONTEXT.search(light, lo, hi) is not None


def _account_context(light: str, lo: int, hi: int, a: int, b: int) -> list[tuple[int, int, int]]:
    """The account's words, bank's names and bank's codes among the four words before ``a``
    (from ``lo``) and the three after ``b`` (to ``hi``), and in Chinese anywhere in
    ``light[lo:hi]``: (start, end, kind), in order (kinds: :data:`_CONTEXT_ONE`)."""
    # (the words by a split in C, their places by str.rfind / find: a pattern of ~100 words cost
    # ~1k instructions a position, its match objects ~2k each)
    tokens = []
    end = a
    for raw in light[lo:a].split()[-4:][::-1]:
        at = light.rfind(raw, lo, end)
        end = at
        word = raw.strip(_WORD_EDGE)
        if word:
            s = at + raw.find(word)
            tokens.append((s, s + len(word), word))
    tokens.reverse()
    at = b
    for raw in light[b:hi].split()[:3]:
        at = light.find(raw, at, hi)
        word = raw.strip(_WORD_EDGE)
        if word:
            s = at + raw.find(word)
            tokens.append((s, s + len(word), word))
        at += len(raw)
    out: list[tuple[int, int, int]] = []
    skip = False
    for i, (s, e, word) in enumerate(tokens):
        if skip:
            skip = False
            continue
        if i + 1 < len(tokens) and tokens[i + 1][0] == e + 1:
            kind = _CONTEXT_TWO.get(f"{word} {tokens[i + 1][2]}")
            if kind is not None:
                out.append((s, tokens[i + 1][1], kind))
                skip = True
                continue
        kind = _CONTEXT_ONE.get(word)
        if kind is not None:
            out.append((s, e, kind))
    if not light.isascii():
        for m in _ZH_CONTEXT.finditer(light, lo, hi):
            out.append((m.start(), m.end(), 0 if m.group("k") else 1 if m.group("w") else 2))
        out.sort()
    return out


# session 48 (precision): an IFSC code (four letters, a 0, six letters or digits) right after the digits, a bank's name
# or "IFSC" between them at most ("NEFT 50100234567891 HDFC0000123", "Please pay via RTGS 918020034567890
# UTIB0000456", "60234567891, Kotak, KKBK0000958"): the account the transfer goes to, whatever word stood before
# the digits ("NEFT", "IMPS to")
_IFSC_CODE = lazy_compile(r"(?<![a-z0-9])[a-z]{4}0[a-z0-9]{6}(?![a-z0-9])", cached=False)
_IFSC_AFTER = lazy_compile(
    r"[^0-9.!?\n]{0,24}?(?<![a-z0-9])[a-z]{4}0[a-z0-9]{6}(?![a-z0-9])", cached=False
)


# 7-20 digits, in groups of 1+ digits with one space or "-" between (not inside an amount, a
# date, a decimal or a word)
_GAPS = lazy_compile(r"[ \-]{2,}", cached=False)
_ACCOUNT_RUN = lazy_compile(r"[0-9][0-9 \-]{5,}[0-9]", cached=False)
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_NOT_BEFORE_ACCOUNT = frozenset("0123456789abcdefghijklmnopqrstuvwxyz-/.,£$€¥₹₦#")
# (a run of digits, spaces and "-" from a digit, then its digits counted: one pattern with a
# character class, which the engine scans in C; a repeated group, (?:[ -]?\d){6}, cost ~5 µs)
# (digits, " " and "-" as "0", all else "a": a message's runs of them, one translate in C)
_DIGIT_GAP_BYTES = bytes.maketrans(
    bytes(range(256)), bytes(48 if 48 <= c <= 57 or c in (32, 45) else 97 for c in range(256))
)
_DIGITS_AND_GAPS = lazy_compile(r"[0-9][0-9 \-]{6,}", cached=False)


def _account_runs(light: str, pos: int = 0) -> list[tuple[int, int]]:
    """The spans of 7-20 digits with one space or "-" between groups, not inside a word, an
    amount or a longer number (what an account is written as), from ``pos``."""
    spans = []
    for m in _ACCOUNT_RUN.finditer(light, pos):
        a, b = m.span()
        run = m.group()
        if "  " in run or "--" in run or " -" in run or "- " in run:
            pieces = []  # (groups apart: "2026-12-05  1234567")
            for piece in _GAPS.split(run):
                pieces.append((a, a + len(piece)))
                a += len(piece) + 2
        else:
            pieces = [(a, b)]
        for a, b in pieces:
            digits = b - a - light.count(" ", a, b) - light.count("-", a, b)
            if (
                7 <= digits <= 20
                and (a == 0 or light[a - 1] not in _NOT_BEFORE_ACCOUNT)
                and light[b : b + 1] not in _ASCII_ALNUM
                and not (light[b : b + 1] in " -.,/:" and light[b + 1 : b + 2].isdigit())
            ):
                spans.append((a, b))
    return spans


def _account_said(light: str, spans: list[tuple[int, int]]) -> bool:
    """Whether an account's word or a bank's name stands within 40 characters before one of
    ``spans`` or 16 after it (a gate: :func:`_find_accounts` decides)."""
    return any(_context_near(light, max(0, a - 40), min(len(light), b + 16)) for a, b in spans)


def _seven_digits(text: str) -> bool:
    """Whether ``text`` holds seven digits in a row, spaces and "-" aside (a superset of what
    :func:`_account_runs` reads)."""
    for m in _DIGITS_AND_GAPS.finditer(text):
        run = m.group()
        if len(run) - run.count(" ") - run.count("-") >= 7:
            return True
    return False


_DATE_SHAPE = lazy_compile(r"(?:19|20)\d\d-\d\d-\d\d|\d\d-\d\d-(?:19|20)\d\d", cached=False)
# an account that is a reference at the lender: "loan account", "customer account no." ...
_NOT_BANK_ACCOUNT = lazy_compile(
    r"(?<![a-z])(?:loan|customer|user|member|billing|contract|application|reference|game|trading"
    r"|demat|email|e-mail|online|app)(?: )$|贷款|借款|会员|用户",
    cached=False,
)


def _find_accounts(
    norm: Normalized,
    found: list[PiiMatch],
    taken: list[tuple[int, int]],
    runs: list[tuple[int, int]],
    agent: bool = False,
) -> None:
    """Accounts read by their bank's name or an account's word (above) into ``found``;
    ``runs``: :func:`_account_runs` of its light view; ``agent``: an agent's reply."""
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    spans = [(p.start, p.end) for p in found]
    for a, b in runs:
        lo, hi = max(0, a - 40), min(len(light), b + 16)
        context = _account_context(light, lo, hi, a, b) if _context_near(light, lo, hi) else None
        ifsc = _IFSC_AFTER.match(light, b, min(len(light), b + 40)) if context is not None else None
        if not context and ifsc is None:
            continue  # (no account's word or bank's name near it: most numbers)
        context = context or []
        if any(a < e and s < b for s, e in taken) or _DATE_SHAPE.fullmatch(light, a, b):
            continue
        lo = max(0, a - 40)
        for end in _SENTENCE_END.finditer(light, lo, a):
            if not light.endswith(_ABBREVIATIONS, lo, end.start() + 1):
                lo = end.end()
        before = [w for w in context if w[0] >= lo and w[1] <= a]
        word = before[-1] if before and a - before[-1][1] <= 24 else None
        if word is not None and word[2] == 0:
            continue  # (a bank's code: "routing 021000021", 联行号 ...)
        if ifsc is not None:
            word = (ifsc.end() - 11, ifsc.end(), 2)  # (the IFSC after it: the account it routes to)
        elif word is None:
            # (after it: "55301928 at Chase", "...（工商银行）", "...是我本人的账户")
            after = [w for w in context if w[0] >= b]
            if not after or after[0][2] == 0:
                continue
            if _SENTENCE_END.search(light, b, after[0][0]) is not None:
                continue
            word = after[0]
        elif _NOT_BANK_ACCOUNT.search(light, max(0, word[0] - 16), word[0]):
            continue  # ("loan account 2026...": the lender's reference)
        ref = _reference_word(light, a) if ifsc is None else None
        if ref is not None and not ref.startswith(("acc", "账", "帳", "bank")):
            continue  # ("Transaction ID 7712345678", "Reference 1077... is your account number")
        if word[2] == 1 and not (
            _bankish(light, lo, b, context)
            or word[0] >= b
            and _PERSON_SIDE.search(light, b, word[0]) is not None  # (...是我本人的账户)
        ):
            continue  # ("account 7012345678 shows the wrong balance": the loan's, maybe)
        if light[b : b + 12].lstrip().startswith(_MONEY_AFTER):
            continue  # (an amount: "2500000 naira")
        oa, ob = norm.light_span(a, b)
        if any(oa < e and s < ob for s, e in spans):
            continue
        if _lenders_own(light, a, b, agent=agent):
            taken.append((a, b))  # ("Pay to our Chase account ...", "... is our account")
        else:
            hits.append((a, b, "bank_account", _digits(light[a:b])))
    _keep_apart(norm, hits, found, taken)


# ("account" alone may be the loan's account at the lender: a bank's account is told by a bank's
# name, a bank's code, a kind of bank account or money moved in its sentence)
_MONEY_MOVED = lazy_compile(
    r"(?<![a-z])(?:refund\w*|transfer\w*|deposit\w*|remit\w*|disburs\w*|payout|pay(?:ment)? (?:to|into)"
    r"|paid (?:to|into)|debit\w*|credit(?:ed)? (?:to|into)|ach|neft|imps|rtgs|giro|wire|salary"
    r"|beneficiary|payee|(?:paid|sent|put|transferred|wired|deposited|credited)(?: [^ .!?]+){0,3} (?:to|into))(?![a-z])"
    r"|收款|退款|转账|轉賬|打款|汇款|匯款|工资|代扣|还款到|转到|轉到|转入|轉入|打入|汇入|匯入|存入|入账|入賬",
    cached=False,
)


def _bankish(light: str, lo: int, end: int, context: list[tuple[int, int, int]]) -> bool:
    hi = min(len(light), end + 40)
    if any(w[2] != 1 and w[0] >= lo for w in context):
        return True
    if hi > end + 16 and any(
        w[2] != 1 for w in _account_context(light, end + 16, hi, end + 16, end + 16)
    ):
        return True
    return _MONEY_MOVED.search(light, lo, hi) is not None


_ABBREVIATIONS = (" no.", "/no.", " nos.", " acc.", " acct.", " a/c.", " ac.", " num.")
_MONEY_AFTER: tuple[str, ...] = (
    "naira",
    "ngn",
    "usd",
    "dollars",
    "rupees",
    "inr",
    "rs",
    "ringgit",
    "rm",
    "idr",
)
_MONEY_AFTER += ("rupiah", "ksh", "pesos", "yuan", "rmb", "元", "块", "万", "円")


# ------------------------------------------------------------------ session 34: IDs by their name
#
# - Another country's ID number after its name (Ghana Card, Mexico's CURP / RFC / INE, Kenya's
#   ID (kitambulisho) and KRA PIN, Latin America's DNI / RUT / cédula / RG, Sri Lanka's NIC,
#   Bangladesh's and Egypt's NID, Uganda's NIN, Tanzania's NIDA, Zambia's NRC, Indonesia's NPWP,
#   India's voter ID (EPIC), a driving licence, a person's "ID number" / "my ID is"): a token
#   with 6-20 digits (letters, "." "-" "/" inside) after the name and a few filler words
#   ("number", "no.", "is", "es", "namba", ":"), unless a reference is named just before it. A
#   Ghana Card (GHA-712345678-9) and a CURP (its check digit right) are read by their shape
#   alone.
# - Chinese documents nobody named before: 港澳通行证, 台胞证, 回乡证, 军官证, 驾驶证, 社保卡,
#   公积金账号, 证件号 ...; a QQ number after QQ (a contact, masked like a WeChat ID).
# - A Brazilian conta (5-12 digits and its dígito) after "conta": a bank account.
# - An Indian UPI ID (9876543210@ybl, name@okaxis): masked like an email.
_S34_ID_WORD = lazy_compile(
    r"(?<![a-z])(?:(?P<a>conta(?: corrente| poupanca| salario)?|ag[eê]ncia)"
    r"|(?P<i>ghana ?card|curp|rfc|ine|kra(?: pin)?|kitambulisho|huduma(?: namba| number)?|dni"
    r"|rut|cuil|cuit|cedula(?: de ciudadania| de identidad)?|rg|nic|nid|nida|nin|nrc|npwp"
    r"|voter(?:'s)? id(?: card)?|epic|driv(?:ing|er'?s) licen[cs]e(?: number| no)?|dl(?= no)"
    r"|(?:(?:my|your|his|her|their)(?: [a-z]+'s)? |[a-z]+'s )(?:national )?id(?: card)?"
    r"|id (?:number|no|num|card)|identity (?:card|number|no)|identification(?: number| no)?"
    r"|nomor ktp|no ktp))(?![a-z])"
    r"|(?P<z>港澳通行证|港澳通行證|通行证|通行證|台胞证|台胞證|回乡证|回鄉證|军官证|軍官證"
    r"|士兵证|驾驶证|駕駛證|驾照|駕照|社保卡|社会保障卡|医保卡|醫保卡|公积金(?:个人)?(?:账号|账户|帐号)"
    r"|证件号|證件號|居住证|居住證|学生证|學生證)",
    cached=False,
)
# (between the name and its number: filler words only, so a sentence's next number is never read
# as the ID: "my ID is lost. Call 0770..." reads nothing)
_S34_FILLER = (
    r"(?:[ :：#=(.\-]|n[o°º]\.?|number|numero|num|nr|is|es|e|era|was|namba|ni|yangu|ya|de|da|do|del"
    r"|la|el|mi|my|card|pin|号码|号碼|号|號|码|是|为|為)*"
)
_S34_ID_NUMBER = lazy_compile(
    rf"{_S34_FILLER}(?<![0-9a-z])(?P<n>gha[ \-]?\d{{9}}[ \-]?\d"
    r"|[a-z]{0,6}\d(?:[0-9a-z]|[.\-/](?=[0-9a-z])| (?=\d))*)",
    cached=False,
)
# (a conta's number may follow the bank's name: "minha conta poupança na Caixa é 123456-7")
_S34_ACCOUNT_NUMBER = lazy_compile(
    r"[^0-9\n.!?;]{0,30}?(?<![0-9a-z])(?P<n>\d{4,12}(?:-[0-9x])?)(?![0-9a-z]|[.,]\d)",
    cached=False,
)
_GHANA_CARD = lazy_compile(r"(?<![0-9a-z])gha[ \-]?\d{9}[ \-]?\d(?![0-9a-z])", cached=False)
_CURP = lazy_compile(r"(?<![0-9a-z])[a-z]{4}\d{6}[hmx][a-z]{5}[0-9a-z]\d(?![0-9a-z])", cached=False)
# (session 38: also after 扣扣, "q q" and Q号, with "is" and a space or "-" inside; led by its
# first characters, so sre skips to "q" and 扣 in C)
_QQ = lazy_compile(
    r"(?:q(?<![a-z]q) ?q|q(?<![a-z]q)(?=[号號])|扣扣|企[鹅鵝]|球球)(?!群)(?:号码|號碼|号|號|账号|帳號|number|no|id)?"
    # (not before an NI number's letter: "QQ 12 34 56 C", the form's example NI number)
    r"(?:[ :：是为為#]|is )*(?P<n>\d(?:[ \-]?\d){5,10})(?!\d|(?<=\d\d \d\d \d\d) ?[a-d](?![a-z]))",
    cached=False,
)
_UPI = lazy_compile(
    r"(?<![0-9a-z._\-@])(?P<l>[0-9a-z._\-]{3,})@(?P<h>ybl|ibl|axl|okaxis|oksbi|okhdfcbank|okicici"
    r"|paytm|upi|apl|yapl|ptyes|ptaxis|pthdfc|ptsbi|axisbank|icici|sbi|hdfcbank|kotak|fbl"
    r"|jupiteraxis|freecharge|ikwik|airtel|pingpay|idfcbank|federal|indus|rbl|yesbank)(?![0-9a-z.\-@])",
    cached=False,
)
# an email broken over two lines ("jane.doe1987\n@gmail.com", "jane.doe@\ngmail.com")
_EMAIL_SPLIT = lazy_compile(
    r"(?<![0-9a-z._%+\-])(?P<l>[0-9a-z][0-9a-z._%+\-]{1,63}) ?(?:\n ?@|@ ?\n) ?"
    r"(?P<d>[0-9a-z\-]+(?:\.[0-9a-z\-]+)+)",
    cached=False,
)
_CURP_HINT = lazy_compile(r"\d(?<=[a-z]{4}\d)\d{5}[hmx]", cached=False)  # (led by a digit)
_CURP_CHARS = "0123456789abcdefghijklmnñopqrstuvwxyz"
# (the gate before the patterns above, in lower case: one pattern led by its words' first
# characters, which sre scans for in C; a loop of substring tests cost ~400 instructions a word
# on a Chinese message; a Chinese message tests the hanzi, "qq" and "@" only)
# (grouped by first letter, session 35: a third fewer branches tried where a letter stops it)
_S34_SAID_LATIN = lazy_compile(
    r"gha|c(?:urp|ui|edula|édula|onta)|r(?:fc|ut|g)|i(?:ne|d)|k(?:ra|itambulisho|tp)|huduma"
    r"|d(?:ni|l no)|n(?:ic|id|in|rc|pwp)|voter|epic|licen|a(?:gencia|gência)|qq",
    cached=False,
)
_S34_SAID_ZH = lazy_compile(
    r"通行|台胞|回乡|回鄉|军官|軍官|士兵|驾|駕|社保|社会保障|社會保障|保卡|公积金|公積金|证件号|證件號|居住"
    r"|学生证|學生證|qq|QQ|Qq|qQ",
    cached=False,
)


def curp_ok(value: str) -> bool:
    """A Mexican CURP (18 characters) whose last digit is its check digit."""
    value = value.lower()
    if len(value) != 18 or any(c not in _CURP_CHARS for c in value[:17]):
        return False
    total = sum(_CURP_CHARS.index(c) * (18 - i) for i, c in enumerate(value[:17]))
    return str((10 - total % 10) % 10) == value[17]


def _s34_said(low: str, latin: bool) -> bool:
    """A gate: whether a run of six digits in ``low`` (lower case, or as written in a Chinese
    message) has an ID's, a conta's or QQ's word in the 48 characters before it, or is a
    CURP's (four letters before it). What :func:`_find_s34` reads is always so."""
    said = _S34_SAID_LATIN if latin else _S34_SAID_ZH
    # (a word anywhere, or a CURP's four letters and six digits: what the loop below needs; one
    # search each, where the loop searched once a run, session 35)
    if said.search(low) is None and (not latin or _CURP_HINT.search(low) is None):
        return False
    for r in _S34_RUN.finditer(low):
        a = r.start()
        if said.search(low, max(0, a - 48), a) is not None:
            return True
        if latin and a >= 4 and _CURP.match(low, a - 4) is not None:
            return True
    return False


# (six digits, "." "-" "/" or a space between: in every number read by its name, and what the
# quick answer's "six digits and separators in a row" always finds)
_S34_RUN = lazy_compile(r"\d(?:[.\-/ ]?+\d){5}", cached=False)


def _find_s34(
    norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]], latin: bool, agent: bool
) -> None:
    """The session's IDs, accounts and contacts (above) into ``found``: each name is looked for
    in the 48 characters before a run of six digits (the numbers are few, the words many)."""
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    if not _s34_said(light, latin):
        return
    pos = 0
    for r in _S34_RUN.finditer(light):
        if r.start() < pos:
            continue
        pos = r.end()
        for w in _S34_ID_WORD.finditer(light, max(0, r.start() - 48), r.start()):
            if w.group("a"):
                n = _S34_ACCOUNT_NUMBER.match(light, w.end())
                if n is None or not n.start("n") <= r.start() < n.end("n"):
                    continue
                pos = n.end("n")
                if not _lenders_own(light, n.start("n"), n.end("n"), agent=agent):
                    hits.append((*n.span("n"), "bank_account", _digits(n.group("n"))))
                break
            n = _S34_ID_NUMBER.match(light, w.end())
            if n is None or not n.start("n") <= r.start() < n.end("n"):
                continue
            value = n.group("n").rstrip(" .-/")
            a = n.start("n")
            pos = max(pos, a + len(value))
            digits = _digits(value)
            if not 6 <= len(digits) <= 20 or len(value) > 26 or _DATE_SHAPE.fullmatch(value):
                break
            if _named_reference(light, a) or _named_reference(light, w.start()):
                break  # ("Transaction ID number 7712345678": a reference's)
            if w.group("z") is None and _lenders_own(light, a, a + len(value), agent=agent):
                break  # ("our RFC ACM010101AB1")
            hits.append((a, a + len(value), "national_id", _bare(value).upper()))
            break
    if "gha" in light:
        for m in _GHANA_CARD.finditer(light):
            hits.append((m.start(), m.end(), "national_id", _bare(m.group()).upper()))
    for m in _CURP.finditer(light) if latin else ():
        if curp_ok(m.group()):
            hits.append((m.start(), m.end(), "national_id", m.group().upper()))
    hits.sort()
    _keep_apart(norm, hits, found, taken)


def _qq_said(text: str) -> bool:
    """Whether ``text`` (as written or its light view) may hold a QQ number's word (_QQ)."""
    return (
        "q" in text
        or "Q" in text
        or "扣扣" in text
        or not text.isascii()
        and ("企鹅" in text or "企鵝" in text or "球球" in text)  # (session 39)
    )


def _find_qq(
    norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]], agent: bool
) -> None:
    """A QQ number after its word (QQ, 扣扣, Q号) into ``found`` (the text holds six digits)."""
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    for m in _QQ.finditer(light):
        if not _lenders_own(light, m.start(), m.end("n"), agent=agent):
            hits.append((m.start("n"), m.end("n"), "wechat", _digits(m.group("n"))))
    _keep_apart(norm, hits, found, taken)


def _find_s34_mail(
    norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]], agent: bool
) -> None:
    """A UPI ID and an email broken over two lines into ``found`` (the text holds "@")."""
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    for m in _UPI.finditer(light):
        hits.append((m.start(), m.end(), "email", m.group()))
    if "\n" in light:
        for m in _EMAIL_SPLIT.finditer(light):
            domain = m.group("d").split(".")
            if domain[-1] in _TLDS and not _ROLE_MAILBOX.fullmatch(m.group("l")):
                office = domain[-2] not in _PERSONAL_MAIL
                if not _lenders_own(light, m.start(), m.end(), mailbox=office, agent=agent):
                    hits.append((m.start(), m.end(), "email", f"{m.group('l')}@{m.group('d')}"))
    hits.sort()
    _keep_apart(norm, hits, found, taken)


def _s34_named(runs: bytes, latin: bool) -> bool:
    """Whether a text (``runs``: its UTF-8 through :data:`_RUN_BYTES`) holds eight digits and
    separators in a row, or (no CJK character) six between two letters (a CURP, an RFC, a
    driving licence): what a number read by its name needs here (the finder asks the same of
    the original text)."""
    return runs.find(_EIGHT) >= 0 or latin and runs.find(b"a000000a") >= 0


def _s34_may_hold(text: str, low: str, latin: bool, raw: bytes, named: bool) -> bool:
    """Whether ``text`` (``low``: it in lower case when ``latin``, else itself; ``raw``: its
    UTF-8; ``named``: :func:`_s34_named`) may hold what the session's readers read (a gate
    for :func:`may_hold_pii` and the quick answer)."""
    if "@" in text and (
        _UPI.search(text.lower()) is not None
        or "\n" in text
        and _EMAIL_SPLIT.search(text.lower()) is not None
    ):
        return True
    if _split_said(text, low, raw, latin):
        return True
    return named and _s34_said(low, latin)


# ------------------------------------------------------------------ session 34: split numbers
#
# A number broken over lines ("138-1234-\n5678", "186\n0000\n1111", "+234 803\n123 4567"), split
# by " / " ("ID card: 5101071978 / 11020032") or read in halves with words between (身份证前六位
# 440305，后面198706113213; 前三位137，中间0000，尾号1234; "first half 91234, second half 56789"):
# its pieces closed up, the whole must be one of the shapes with a check or a fixed layout (a
# resident ID with its check character, a card passing Luhn, a mainland or UK mobile, a +CC
# mobile, a 10-digit mobile after a phone's word, an account after an account's word), and the
# match must hold a break (a number on one line is read above).
_SPLIT_BREAK = (
    r"[ \-.]{0,2}\n[ \-.\n]{0,3}| / "
    r"|(?:开头|開頭|打头|打頭)?[ ,，、;；]*(?:[后後](?:面|边|邊)[一二三四五六七八九十几幾0-9]+位|后面|後面|[后後]半(?:截|部分|部|段)?|[后後]段|后边|後邊|然后|然後|接下来|接下來"
    r"|接着|接著|中间|中間|中段|尾号|尾號|尾数|尾數"
    r"|最后|最後|末尾|后[一二三四五六七八九十几幾0-9]+位|後[一二三四五六七八九十几幾0-9]+位"
    # (session 36) 第二段 / 第三段, 下半部分 / 下半段, 结尾, "second bit / piece / chunk"
    r"|第[二三四五2-5]段|下半(?:截|部分|部|段)?|结尾|結尾"
    r"|(?<=[ ,，、;；])(?:second half|second part|second (?:bit|piece|chunk|group|lot)|then|and then"
    r"|and ends(?: with)?|ending(?: in| with)?))"
    r"(?:是|为|為|is|are)?[ :：,，]*"
)
_SPLIT_GAP = lazy_compile(rf"(?<=\d)(?:{_SPLIT_BREAK}|[ \-.])(?=\d|x(?![0-9a-z]))", cached=False)
_SPLIT_HINT = lazy_compile(rf"\d(?:{_SPLIT_BREAK})\d", cached=False)
_SPLIT_SHAPES = lazy_compile(
    r"(?<![0-9a-z+])(?:(?P<id>\d{17}[0-9x])|(?P<card>[3-6]\d{12,18})|(?P<cn>(?:86)?1[3-9]\d{9})"
    r"|(?P<uk>07\d{9})|(?P<cc>\+(?:234|254|233|880|60|63|91|62|65|27|92|44|66|84|86)\d{8,10})"
    r"|(?P<ten>[6-9]\d{9})|(?P<acc>\d{7,20}))(?![0-9a-z])",
    cached=False,
)
_PHONE_SAID = lazy_compile(
    r"(?<![a-z])(?:number|mobile|cell|phone|whatsapp|call|reach|tel)|电话|電話|手机|手機|号码|號碼|联系",
    cached=False,
)
_ANY_DIGITS = lazy_compile(r"\d", cached=False)
# (a digit and what a break starts with: a gate for _SPLIT_HINT, led by the digit)
_SPLIT_START = lazy_compile(
    r"\d[ \-.]{0,2}(?:[,，、;；\n/后後然接中尾最末开開打]| [aAtTsSfFrRlLeE])", cached=False
)


_SPLIT_WORD_ZH = lazy_compile(r"[\n/后後尾中接段半]", cached=False)
_DIGIT_BYTES = bytes.maketrans(
    bytes(range(256)), b"0" * 0 + bytes(48 if 48 <= b <= 57 else 120 for b in range(256))
)


def _split_said(text: str, low: str, raw: bytes, latin: bool) -> bool:
    """A gate: whether ``text`` (``low``: it in lower case, when ``latin``: no CJK character;
    ``raw``: its UTF-8) may hold a number read in pieces: a line break, "/" or a word of halves
    (English ones in a message with no CJK character, Chinese ones in one with), and 10 digits
    or more. The finder asks the same of the original text, so the two agree. (A pattern led by
    a digit cost ~1 µs on the load test's message; a character set, ~0.1 µs.)"""
    if not latin and _SPLIT_WORD_ZH.search(text) is None:
        return False  # (a Chinese message: the character set first, in C)
    if raw.translate(_DIGIT_BYTES).count(b"0") < 10:
        return False  # (a table's translate, then a count: deleting bytes cost ~30 µs a 1 kB text)
    return (
        not latin
        or "\n" in low
        or " / " in low
        or " then" in low
        or " end" in low
        # (session 37: "second", not " second", "half" and " part": the breaks' "second half /
        # part / bit" and ", second ..." hold it; one test where three were)
        or "second" in low
        or "last " in low
    )


def _find_split(
    norm: Normalized,
    found: list[PiiMatch],
    taken: list[tuple[int, int]],
    is_id: Callable[[str], bool],
    agent: bool,
) -> None:
    light = norm.light
    if _SPLIT_HINT.search(light) is None:
        return  # (no break between two digits: most texts the gate lets through)
    parts: list[str] = []
    index: list[int] = []
    breaks: list[int] = []  # (closed-view positions where a break was taken out)
    last = 0
    for m in _SPLIT_GAP.finditer(light):
        parts.append(light[last : m.start()])
        index.extend(range(last, m.start()))
        if m.group() not in (" ", "-", ".") and len(m.group()) > 0:
            breaks.append(len(index))
        last = m.end()
    parts.append(light[last:])
    index.extend(range(last, len(light)))
    closed = "".join(parts)
    hits: list[tuple[int, int, PiiKind, str]] = []
    for m in _SPLIT_SHAPES.finditer(closed):
        if not any(m.start() < k < m.end() for k in breaks):
            continue  # (no break inside: read above, if anything)
        a, b = index[m.start()], index[m.end() - 1] + 1
        value = m.group().upper()
        kind: PiiKind | None = None
        if m.group("id"):
            kind = "id_card" if is_id(value) else None
        elif m.group("card"):
            kind = "bank_card" if _card_ok(value) else None
        elif m.group("cn") or m.group("uk"):
            kind = "mobile"
            value = value[2:] if m.group("cn") and len(value) == 13 else value
        elif m.group("cc"):
            kind, value = "mobile", _with_country(value[1:])
        elif m.group("ten"):
            if _PHONE_SAID.search(light, max(0, a - 40), a):
                kind = "mobile"
        elif _ACCOUNT_WORD.search(
            light, max(0, a - 24, light.rfind("\n", 0, a) + 1), a
        ) and not _lenders_own(light, a, b, agent=agent):
            kind = "bank_account"  # (its label on its own line: "Account number: 4123\n4567")
        ref = _reference_word(light, a) if kind is not None else None
        if kind is None or ref is not None and not ref.startswith(("acc", "账", "帳")):
            continue  # ("Order number 98765\n43210": a reference's)
        hits.append((a, b, kind, value))
    _keep_apart(norm, hits, found, taken)


# (session 36) a number said tail first: 尾号是5678，前面是138 1234; 后四位3366，前七位1391122;
# "last four are 4321, first seven 0791112": the head read after the tail, closed up head first
_TAIL_FIRST = lazy_compile(
    r"(?:尾号|尾號|尾数|尾數|(?:最)?[后後][一二三四五六七八九十几幾0-9]+位"
    r"|(?<![a-z])(?:the )?last (?:[a-z]+ )?(?:digits? )?(?:of (?:my |his |her |the |your )?[a-z]+ )?"
    r"(?:are |is |: ?)?)"
    r"(?:是|为|為)?[:： ]*(?P<t>\d(?:[ \-]?\d){2,7})"
    r"[ ,，、;；]*(?:and |then |while |with )?"
    r"(?:前面|前边|前邊|前[一二三四五六七八九十几幾0-9]+位|开头|開頭"
    r"|(?:the )?(?:first|start|beginning) (?:[a-z]+ )?(?:digits? )?(?:are |is |: ?)?)"
    r"(?:是|为|為)?[:： ]*(?P<h>\d(?:[ \-]?\d){3,16})(?![0-9a-z])",
    cached=False,
)


def _find_tail_first(
    norm: Normalized,
    found: list[PiiMatch],
    taken: list[tuple[int, int]],
    is_id: Callable[[str], bool],
    agent: bool,
) -> None:
    light = norm.light
    hits: list[tuple[int, int, PiiKind, str]] = []
    for m in _TAIL_FIRST.finditer(light):
        value = _digits(m.group("h")) + _digits(m.group("t"))
        shape = _SPLIT_SHAPES.fullmatch(value)
        if shape is None:
            continue
        a, b = m.start("t"), m.end("h")
        kind: PiiKind | None = None
        if shape.group("id"):
            kind = "id_card" if is_id(value) else None
        elif shape.group("card"):
            kind = "bank_card" if _card_ok(value) else None
        elif shape.group("cn") or shape.group("uk"):
            kind, value = "mobile", value[-11:]
        elif shape.group("ten") and _PHONE_SAID.search(light, max(0, m.start() - 40), a):
            kind = "mobile"
        if kind is None or _reference_word(light, m.start()) is not None:
            continue  # ("订单尾号是5678，前面是2026 1205": a reference's)
        if _lenders_own(light, m.start(), b, agent=agent):
            continue
        hits.append((a, b, kind, value))
    _keep_apart(norm, hits, found, taken)


# ------------------------------------------------------------------ session 32: whose it is
#
# An account, an email or a WeChat ID is the lender's own when the nearest word before it in its
# sentence says so: the lender speaking of itself (our, us, 我司, 官方, 客服), where money goes
# ("pay to", "transfer into", repayments, payee, 还款账户), a company ("Acme Loans Ltd"). That
# one is neither masked nor blocked (UK agents send "Please pay to IBAN GB82 WEST ..." every day).
# When the nearest such word is a person's (your, my, his, "your guarantor's", 您的, 你的), or
# there is none, it is a person's: masked, and an agent's reply holding it blocks (pii.*). An
# email whose name is a role (support@, kefu@, complaints@) is an office's, not a person's.
_LENDER_SIDE = lazy_compile(
    r"(?<![a-z])(?:our|ours|us|we|pay(?:ment|ments|able)? (?:to|into)|paying (?:to|into)"
    r"|repay(?:ment|ments)?|transfer(?:s|red)? (?:it |them |the \w+ )?(?:to|into)|remit\w* to"
    r"|deposit (?:to|into)|payee|beneficiary|collections?|company|official|customer service"
    r"|support|help ?desk|helpline|hotline|team|office|branch|complaints?"
    r"|(?:bank|payment|transfer|remittance) details|ltd|limited|plc|gmbh|inc|llc|sdn bhd|pte)(?![a-z])"
    r"|我司|我们|我們|本公司|公司|官方|客服|公众号|公眾號|平台|还款|還款|对公|對公|热线|熱線|门店|門店"
    r"|你们|你們|贵司|貴司",
    cached=False,
)
_PERSON_SIDE = lazy_compile(
    r"(?<![a-z])(?:you (?:gave|provided|sent|told|registered|added|listed|gave us|sent us|told us)"
    r"(?: us| me)?|refund(?:s|ed|ing)?(?: [a-z]+){0,3} (?:back )?(?:to|into)|my|me|mine|your|yours|you|his|him|her|their"
    r"|them)(?![a-z])|[a-z]'s(?![a-z])|[我您你他她](?![们們司])|本人|退款|收款",
    cached=False,
)
# (where a sentence ends: the side words are read back to it)
_SENTENCE_END = lazy_compile(r"[.!?](?: |$)|[。！？\n]", cached=False)
_ROLE_MAILBOX = lazy_compile(
    r"(?:support|help|helpdesk|service|services|cs|care|customercare|info|contact|enquir\w*"
    r"|inquir\w*|hello|admin|no-?reply|complaints?|collections?|billing|accounts?|docs|documents"
    r"|kefu|tousu|team|office|loans?|apply|applications|payments?|refunds?|privacy|dpo|legal"
    r"|compliance|hr|sales|marketing|notifications?|alerts|statements|servicedesk|disputes?"
    r"|feedback|quer(?:y|ies)|questions|claims|fraud|security|recover(?:y|ies)|arrears|hardship"
    r"|debt|cases|mail|webmaster|operations|ops|partners?|careers|jobs|press|media|cs\w*)"
    r"(?:[._\-+].*)?",
    cached=False,
)


# (verify s32) where the listener is told to send something, the mailbox is the lender's: "email
# the payslips to underwriting@...", 您可以把流水发到邮箱 ...; not when we / I send ("I'll send the
# agreement to priya@...", "We emailed your husband at ...")
_SEND_TO = lazy_compile(
    r"(?<![a-z])(?:send|e-?mail|forward|submit|upload|mail)(?![a-z])[^.!?\n@]{0,40}?(?<![a-z])to(?![a-z])"
    r"|(?:发|发送|寄|提交|上传|传)(?:到|至)",
    cached=False,
)
_SENDER_US = lazy_compile(
    r"(?<![a-z])(?:i|i'll|i've|we|we'll|we've|we have|i have)(?![a-z'])|我", cached=False
)
# a label line of a pasted details block ("Account number: ...", 账号：...), and the block's holder
# named after the number ("account holder Acme Finance GmbH", "\nAccount name: Acme Finance Ltd")
_LABEL_START = lazy_compile(r"[a-z][a-z /.]{1,24}[:：]|[\u4e00-\u9fff]{2,6}[:：]", cached=False)
_HOLDER_AFTER = lazy_compile(
    r"(?<![a-z])(?:account (?:holder|name)|holder|payee|beneficiary)(?![a-z])[ :：]*[^\n]{0,40}?"
    r"(?<![a-z])(?:ltd|limited|plc|gmbh|inc|llc|pte|sdn bhd|finance|lending|loans?|credit|bank)(?![a-z])",
    cached=False,
)


# (a mailbox on a public mail service is a person's whoever is told to write to it: "send it to
# tan.meiling @ yahoo . com . sg" from a customer)
_PERSONAL_MAIL = frozenset(
    [
        "gmail",
        "googlemail",
        "yahoo",
        "ymail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "icloud",
        "me",
        "aol",
        "proton",
        "protonmail",
        "gmx",
        "qq",
        "163",
        "126",
        "sina",
        "sohu",
        "foxmail",
        "yeah",
        "139",
        "rediffmail",
        "yandex",
        "mail",
        "singnet",
        "zoho",
    ]
)


def _lenders_own(
    light: str, start: int, end: int | None = None, *, mailbox: bool = False, agent: bool = False
) -> bool:
    """Whether the account / email / WeChat ID at ``start`` (light view) is the lender's own:
    the nearest side word before it in its sentence (48 characters at most) is the lender's;
    in a pasted details block (one label a line) the block's earlier lines count too, and
    (with ``end``) a holder named after it in the block; a ``mailbox`` on the lender's own domain
    (no public mail service) is the lender's where the listener is told to send to it."""
    lo = max(0, start - 48)
    for m in _SENTENCE_END.finditer(light, lo, start):
        lo = m.end()
    sent = lo  # (its sentence)
    if _LABEL_START.match(light, lo):  # ("Account number: 1234 5678" in a block)
        lo = max(0, start - 160)
    last_lender = -1
    for m in _LENDER_SIDE.finditer(light, lo, start):
        last_lender = m.end()
    for m in _SEND_TO.finditer(light, sent, start) if mailbox else ():
        if _SENDER_US.search(light, sent, m.start()) is None:
            last_lender = max(last_lender, m.end())
    person = []
    for m in _PERSON_SIDE.finditer(light, lo, start):
        if (
            not agent  # (an agent's "I transferred it to your account": the borrower's)
            and m.group() in ("your", "yours", "you")
            and _paid_you(light, sent, m.start())
        ):
            last_lender = max(last_lender, m.end())  # ("I paid £200 into your account ...")
        else:
            person.append(m.end())
    if last_lender < 0:
        if end is None or person:
            return False
        h = _HOLDER_AFTER.search(light, end, min(len(light), end + 120))
        if h is not None and not _PERSON_SIDE.search(light, end, h.start()):
            return True
        return _owner_after(light, end)
    # (the later word decides: "Make your payment to ..." the lender's; "the IBAN you gave us",
    # which ends with the lender's "us", the person's)
    return all(p < last_lender for p in person)


# (session 33) the speaker paid or sent something to "you", the lender: "I paid £200 into your
# account ...", "sent 5000 to your GTBank account ...", "I emailed payslips to your ...@..."; not
# a refund or money sent back ("I've sent the refund to your account ..." is the borrower's)
_PAID = lazy_compile(
    r"(?<![a-z])(?:i(?:'ve|'d| have| had| just| already| also)* |already |just )?(?:paid|pay|transferred|deposited"
    r"|wired|remitted|sent|emailed|e-mailed|mailed|made (?:a |the )?(?:payment|transfer|deposit))(?![a-z])",
    cached=False,
)


def _paid_you(light: str, sent: int, you: int) -> bool:
    first = len(light[sent:you]) - len(light[sent:you].lstrip()) + sent
    for m in _PAID.finditer(light, sent, you):
        if (light[m.start()] == "i" or m.start() == first) and not any(
            w in light[m.end() : you] for w in ("refund", "back", "overpa", "excess", "disburs")
        ):
            return True
    return False


# (session 33) whose it is, said AFTER it when nothing before it says: "IBAN GB82 ... is our
# account", "... — that is Acme Loans' collection account", "...，这是我们公司的对公账户",
# "账号 3105...，户名为我司", "... 为本公司还款专户", "(Acme Capital Sdn Bhd)": a copula, a holder's
# name or a bracket just after it, then the first side word in its sentence decides
_SAID_AFTER = lazy_compile(
    r"[ ,，:：;；—–\-]*(?:[(（]|(?:(?:which|that|this|it|and) ?)?(?:is|are|was|belongs|belonging|held"
    r"|'s)(?![a-z])|这是|這是|这个是|那是|是|为|為|属于|屬於|户名|戶名|account (?:name|holder)|holder|name)",
    cached=False,
)


def _owner_after(light: str, end: int) -> bool:
    m = _SAID_AFTER.match(light, end)
    if m is None:
        return False
    hi = min(len(light), end + 64)
    stop = _SENTENCE_END.search(light, m.end(), hi)
    if stop is not None:
        hi = stop.start()
    lender = _LENDER_SIDE.search(light, m.end(), hi)
    if lender is None:
        return False
    return _PERSON_SIDE.search(light, m.end(), lender.start()) is None


_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "edu",
        "gov",
        "io",
        "co",
        "cn",
        "sg",
        "my",
        "uk",
        "in",
        "ph",
        "id",
        "th",
        "hk",
        "tw",
        "ng",
        "ke",
        "au",
        "de",
        "fr",
        "jp",
        "kr",
        "us",
        "ca",
        "info",
        "biz",
        "me",
        "mo",
        "vn",
        "pk",
        "bd",
        "za",
    ]
)
# local part, "@" or "at" said ([at], (at), at, 艾特), domain with "." or "dot" said
# (session 41: "at sign" / "at symbol" / "at the rate (of)", at 符号, 圈a / 圈圈a / a圈, 小老鼠; a
# local part said with "dot", "underscore", "hyphen" or "dash" between its words)
_EMAIL_RE = lazy_compile(
    r"(?<![a-z0-9._%+\-])(?P<l>[a-z0-9]+(?: ?(?:\[dot\]|\(dot\)) ?[a-z0-9]+)+"
    r"|[a-z0-9]+(?: (?:dot|underscore|hyphen|dash) [a-z0-9]+)+(?= at )"
    r"|(?:[a-z0-9._\-] ){3,}[a-z0-9._\-]|[a-z0-9][a-z0-9._%+\-]*)"
    r" ?(?P<at>@|\[at\]|\(at\)|艾特|(?<= )at (?:sign|symbol|the rate(?: of)?)(?= )|at ?符[号號]"
    r"|圈?圈a|a圈|小老鼠|(?<= )at(?= ))"
    r" ?(?P<d>(?:[a-z0-9\-] ){3,}[a-z0-9\-](?: ?\. ?(?:[a-z0-9\-] ?)+)*"
    r"|[a-z0-9\-]+(?: ?(?:\.|\[dot\]|\(dot\)|(?<= )dot(?= )|点|點) ?[a-z0-9\-]+)+)",
    cached=False,
)
# (session 32) the ID a few words after the word, past what only names it ("my wechat id is
# zhang_wei88", "Add my WeChat please, the ID is amy_chen09", "WeChat name / ID: ...",
# 微信号码是...): the first word that is none of these is the ID or nothing
_WECHAT_LEAD = lazy_compile(r"微信|wechat|weixin", cached=False)
# (session 35) its nicknames, read in a message with a CJK character: V信 / 薇信 / 威信, vx, wx
_WECHAT_NICK = lazy_compile(r"[v薇威]信|(?<![a-z])[vw]x(?![a-z])", cached=False)
# (the words, and only the marks that say or stop: a hanzi between is skipped in C)
_WECHAT_TOKEN = lazy_compile(r"[a-z0-9_\-]+|[:：是为為=号號.。!！\n]", cached=False)
# (what says the next word is the ID, and where a sentence ends)
_WECHAT_SAID = frozenset((":", "：", "是", "为", "為", "="))
_WECHAT_NAMED = frozenset(("id", "name", "account", "handle", "号", "號"))
_WECHAT_STOP = frozenset((".", "。", "!", "！", "\n"))
# (session 33) a date said in words: the day as an ordinal, the year in words or digits; in
# hanzi numerals, 一九八八年三月五号
_DAY_WORD = (
    r"(?:(?:twenty|thirty)[ \-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|thirtieth|\d{1,2}(?:st|nd|rd|th))"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_YEAR_SAID = (
    r"(?:(?:19|20)\d\d|nineteen[ \-][a-z]+(?:[ \-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|two thousand(?: and)?(?: [a-z]+)?)"
)
_HANZI_DATE = r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号號]?"
_DAY_SAID = lazy_compile(
    rf"(?<![a-z]){_DAY_WORD}(?![a-z])|(?<=月)[一二三四五六七八九十]{{1,3}}|(?<=年)[一二三四五六七八九十]{{1,2}}(?=月)",
    cached=False,
)
_DOB_RE = lazy_compile(
    r"(?:(?<![a-z])(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born(?: on)?)(?![a-z])"
    r"|出生日期|出生年月日|出生于|出生(?![地证證率])|生日)[^0-9\n。！？!?，,；;]{0,12}?(?<![0-9])(?P<d>"
    r"\d{1,2}[/\-.]\d{1,2}[/\-.](?:19|20)\d\d|(?:19|20)\d\d[/\-.]\d{1,2}[/\-.]\d{1,2}"
    r"|(?:19|20)\d\d年\d{1,2}月\d{1,2}日?"
    r"|\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,? (?:19|20)\d\d"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d\d"
    # (session 33: in words, "the fifth of March, nineteen eighty-six", 一九八八年三月五号)
    rf"|(?:the )?{_DAY_WORD}(?: of)? {_MONTH}[a-z]*,? {_YEAR_SAID}"
    rf"|{_MONTH}[a-z]* (?:the )?{_DAY_WORD},? {_YEAR_SAID}"
    rf"|{_HANZI_DATE}"
    r")(?![0-9])",
    cached=False,
)
# (session 32) the date before the word: 我是1991年2月3日出生的, 1988年5月7日生
_DOB_BEFORE_RE = lazy_compile(
    rf"(?<![0-9])(?P<d>(?:19|20)\d\d年\d{{1,2}}月\d{{1,2}}[日号號]|{_HANZI_DATE})(?:出生|生(?!效|活|意|产))",
    cached=False,
)


# (session 36) a date of birth said in two parts: its day and month, and its year a few words
# away (生日是5月20号，1992年生的; "born in 1988, birthday is 21 July"; "DOB — day 14, month 03, year
# 1987"; 出生日期：1989年，11月3日): the day and month are masked (the year shows, as in every date)
_MONTH_DAY = lazy_compile(
    r"(?<![0-9])(?:\d{1,2}月\d{1,2}[日号號]"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}[a-z]*|{_MONTH}[a-z]* \d{{1,2}}(?:st|nd|rd|th)?"
    r"|day \d{1,2},? month \d{1,2})(?![0-9])",
    cached=False,
)
_BIRTH_WORD = lazy_compile(
    r"(?<![a-z])(?:dob|d\.o\.b|date of birth|birth ?date|birthday|born)(?![a-z])|出生|生日|年生",
    cached=False,
)
# (a birth year: 19xx or 200x; this year's dates, 2025年的账单, are no one's birth)
_YEAR_ALONE = lazy_compile(r"(?<![0-9])(?:19\d\d|200\d)(?![0-9])", cached=False)


def _dob_in_parts(light: str, hits: list[tuple[int, int, PiiKind, str]], norm: Normalized) -> None:
    for m in _MONTH_DAY.finditer(light):
        a, b = m.span()
        if any(s < b and a < e for s, e, _k, _v in hits):
            continue  # (read whole above)
        lo = max(0, light.rfind("\n", 0, a) + 1, a - 30)
        hi = light.find("\n", b)
        hi = min(len(light) if hi < 0 else hi, b + 30)
        before, after = light[lo:a], light[b:hi]
        if not (_YEAR_ALONE.search(before) or _YEAR_ALONE.search(after)):
            continue
        if not (_BIRTH_WORD.search(before) or _BIRTH_WORD.search(after)):
            continue
        x, y = norm.light_span(a, b)
        hits.append((a, b, "dob", norm.original[x:y]))


def _find_contacts(
    norm: Normalized, found: list[PiiMatch], taken: list[tuple[int, int]], agent: bool = True
) -> None:
    light = norm.light
    if "@" not in light and "@" in norm.original:
        # (the compliance check's view read "@" inside a word as "a"; the same length, so the
        # spans hold)
        again = normalize(norm.original).light
        if len(again) == len(light):
            light = again
    hits: list[tuple[int, int, PiiKind, str]] = []
    pos = 0 if _email_said(light) else len(light)
    while (m := _EMAIL_RE.search(light, pos)) is not None:
        pos = m.end()
        local = re.sub(r" ?(?:\[dot\]|\(dot\)) ?", ".", m.group("l"))
        if " " in local:  # (session 41: "rahul underscore k", "tom hyphen reid")
            local = re.sub(r" (?:dot|underscore|hyphen|dash) ", _said_mark, local)
        local = local.replace(" ", "")
        domain = re.sub(r" ?(?:\[dot\]|\(dot\)|dot|\.|点|點) ?", ".", m.group("d")).replace(" ", "")
        parts = domain.split(".")
        if parts[-1] not in _TLDS or len(parts) < 2 or not all(parts):
            pos = m.start("at") + 1  # ("your husband at m.okonkwo@...": the address is next)
            continue
        if m.group("at") == "at" and "dot" not in m.group("d") and not re.search(r"[0-9._]", local):
            pos = m.start("at") + 1
            continue  # "paid at 7-eleven.com": a word and a site, no address said out
        office = parts[-2] not in _PERSONAL_MAIL and not (
            len(parts) > 2 and parts[-3] in _PERSONAL_MAIL
        )
        if _ROLE_MAILBOX.fullmatch(local) or _lenders_own(
            light, m.start(), m.end(), mailbox=office
        ):
            taken.append(m.span())  # (an office's mailbox: support@..., "email us at ...")
            continue
        hits.append((m.start(), m.end(), "email", f"{local}@{domain}"))
    leads = list(_WECHAT_LEAD.finditer(light))
    if not light.isascii() and _wechat_nick_said(light) and _CJK_CHAR.search(light) is not None:
        leads = sorted(leads + list(_WECHAT_NICK.finditer(light)), key=lambda m: m.start())
    for lead in leads:
        said = named = False
        said_end = 0
        for t in _WECHAT_TOKEN.finditer(light, lead.end(), min(len(light), lead.end() + 32)):
            word = t.group()
            if word in _WECHAT_STOP:
                break  # (its sentence ended)
            # the first word shaped as an ID with a digit, _ or - in it, whatever stands
            # between ("WeChat? yes mine is kevin_lau77", 加我微信吧，号是 mei-mei2001); a
            # plain word only just after a colon, 是 or "ID is" ("WeChat ID customer
            # service", "wechat is easier" are no IDs)
            shaped = 5 < len(word) <= 20 and "a" <= word[0] <= "z"
            if (
                shaped
                and (
                    any(c in word for c in "0123456789_-")
                    or said
                    and word.isalpha()
                    # (session 36: right after the mark, nothing but spaces between: in
                    # "V信：面的人,我们逐个whatsapp" the word is the sentence's, no ID)
                    and not light[said_end : t.start()].strip()
                    and word not in _WECHAT_PLAIN
                )
                and light[t.end() : t.end() + 1] != "@"
                and (_reference_word(light, t.start()) or "acc").startswith("ac")
            ):
                if _lenders_own(light, lead.start()):
                    taken.append(t.span())  # (官方微信, 客服微信, "our official WeChat")
                else:
                    a, b = norm.light_span(*t.span())  # (as written: Tom19900312)
                    hits.append((t.start(), t.end(), "wechat", norm.original[a:b]))
                break
            # ("is" says so only after "ID" / "name" / 号: "WeChat is usually faster" is no ID)
            named = named or word in _WECHAT_NAMED
            said = word in _WECHAT_SAID or word == "is" and named
            said_end = t.end()
    if _handle_said(light):
        _find_handles(norm, light, hits, taken, agent)
    for m in _DOB_RE.finditer(light) if _dob_said(light) else ():
        a, b = norm.light_span(*m.span("d"))
        hits.append((m.start("d"), m.end("d"), "dob", norm.original[a:b]))
    if "生" in light:
        for m in _DOB_BEFORE_RE.finditer(light):
            a, b = norm.light_span(*m.span("d"))
            hits.append((m.start("d"), m.end("d"), "dob", norm.original[a:b]))
    if _dob_said(light):
        _dob_in_parts(light, hits, norm)
    hits.sort()
    _keep_apart(norm, hits, found, taken)


# (session 36) another messenger's ID or a chat link: "Telegram @mike_tan88", 我的电报是 @xiaolin1995,
# "LINE ID: mika.0721", 加我line：aom_sasiwimon, "IG: @lily.wong_92"; wa.me/60123456789 and
# api.whatsapp.com/send?phone=... (a mobile), t.me/chenhao_1990, line.me/ti/p/~mika0721 (an ID:
# read as a WeChat ID is, pii.wechat)
_HANDLE_LINK = lazy_compile(
    r"(?<![a-z0-9])(?:https?://)?(?:(?:wa\.me/|api\.whatsapp\.com/send\?phone=)\+?(?P<n>\d{8,15})"
    r"|t\.me/(?P<t>[a-z][a-z0-9_]{4,31})|line\.me/(?:ti/p/)?~?(?P<l>[a-z0-9][a-z0-9_.\-]{3,31}))",
    cached=False,
)
_HANDLE_LEAD = lazy_compile(
    r"(?:(?<![a-z])(?:telegram|tg|signal|instagram|ig|line(?= ?(?:id|is |[:：是为為]|账号|帐号|帳號|号|號))|(?<=my |ur )line(?= [a-z0-9]))(?![a-z])|电报|電報"
    # (session 41: LINE after 賴 / 赖 where an ID follows, 加我賴 amy_0507, 我的賴帳號是 ...;
    # Telegram after 飞机 / 飛機 with its 号, 飞机号 kevin_wu77)
    r"|(?:(?<=[加我的])|(?<=[加我的] ))[赖賴](?= ?(?:帐号|帳號|账号|id|号|號|[:：是]|[a-z0-9]))|[飞飛][机機](?=[号號]))"
    r"(?: ?(?:id|account|handle|username|user name|号|號|账号|帐号|帳號))?(?P<said> ?(?:is|是|为|為|:|：|=))?"
    r"[ :：]*(?P<at>@)?(?P<h>[a-z0-9][a-z0-9_.\-]{2,30}[a-z0-9_])(?![a-z0-9_@])",
    cached=False,
)


# (what _HANDLE_LEAD's "line" needs after it: "LINE ID", "my line is ...", 我的line是 ...,
# session 38; _LINE_LEAD_ANY_CASE reads a message as written)
# (session 41: "your LINE amy_0507", "add my line nong.may99": an ID right after my / your line)
_LINE_LEAD = lazy_compile(
    r"line(?: ?(?:id|is |[:：是为為]|账号|帐号|帳號|号|號)|(?<=my line|ur line) [a-z0-9])",
    cached=False,
)
_LINE_LEAD_ANY_CASE = lazy_compile(
    r"[lL][iI][nN][eE](?: ?(?:[iI][dD]|[iI][sS] |[:：是为為]|账号|帐号|帳號|号|號)"
    r"|(?<=[mM][yY] [lL][iI][nN][eE]|[uU][rR] [lL][iI][nN][eE]) [a-zA-Z0-9])",
    cached=False,
)


def _handle_said(light: str) -> bool:
    """Whether ``light`` may hold a chat link or a messenger's ID (_HANDLE_LINK / _HANDLE_LEAD)."""
    return (
        "me/" in light
        or "telegram" in light
        or "line" in light
        or "@" in light
        or "phone=" in light
        or not light.isascii()
        and ("电报" in light or "電報" in light or _s41_said(light))  # (赖, 飞机: session 41)
    )


_YOUR_BEFORE = lazy_compile(
    r"(?<![a-z])(?:your|you)(?![a-z])|你们|你們|您们|贵司|貴司", cached=False
)


def _find_handles(
    norm: Normalized,
    light: str,
    hits: list[tuple[int, int, PiiKind, str]],
    taken: list[tuple[int, int]],
    agent: bool,
) -> None:
    for m in _HANDLE_LINK.finditer(light) if "me/" in light or "phone=" in light else ():
        if _lenders_own(light, m.start()) or (
            not agent and _YOUR_BEFORE.search(light, max(0, m.start() - 24), m.start())
        ):
            # (官方Telegram频道 t.me/acmeloans_news; a customer's "I messaged your WhatsApp
            # wa.me/...": the lender's)
            taken.append(m.span())  # (官方Telegram频道 t.me/acmeloans_news)
            continue
        if m.group("n"):
            hits.append((m.start("n"), m.end("n"), "mobile", m.group("n")))
        else:
            g = "t" if m.group("t") else "l"
            a, b = norm.light_span(*m.span(g))
            hits.append((m.start(g), m.end(g), "wechat", norm.original[a:b]))
    for m in _HANDLE_LEAD.finditer(light):
        word = m.group("h")
        # (an ID has "@" before it or a digit, _, . or - in it: a plain word after "Telegram:" is
        # the sentence's, "Don't share details on Telegram: scammers ..."; and, unlike a link,
        # whose it is is read the same in a customer's message and an agent's, so mask_text and
        # the check agree)
        shaped = m.group("at") is not None or any(c in word for c in "0123456789_.-")
        if not shaped or light.startswith(("me/", ".me/"), m.end("h")):
            continue
        if (
            m.group("at") is None
            and light.startswith("line", m.start())
            and not light.startswith(("line id", "lineid"), m.start())
            and "_" not in word
            and "." not in word
            and (sum(c.isalpha() for c in word) < 3 or sum(c.isdigit() for c in word) < 2)
        ):
            # (session 38: after "line is" / "line:" an ID has "_" or "." in it, or three
            # letters and two digits: "credit line is 100k", "the line is down-ish" are words)
            continue
        if _lenders_own(light, m.start()):
            taken.append(m.span("h"))
            continue
        a, b = norm.light_span(*m.span("h"))
        hits.append((m.start("h"), m.end("h"), "wechat", norm.original[a:b]))


# (plain words after "WeChat ... is": what people write there that is no ID)
_WECHAT_PLAIN = frozenset((
    "easier", "better", "faster", "cheaper", "simpler", "blocked", "banned", "linked", "locked",
    "broken", "deleted", "different", "same", "down", "working", "changed",
))  # fmt: skip


def _contact_shape(low: str) -> bool:
    """Whether an ASCII message in lower case (its light view) holds what the contact readers
    read before their checks: "born", "mail" or "dot" alone, most such messages, do not."""
    # (the substring tests first: each pattern starts with a look-behind, tried at every
    # position of the message)
    return (
        "wechat" in low
        or "weixin" in low
        or _handle_said(low)
        and (_HANDLE_LINK.search(low) is not None or _HANDLE_LEAD.search(low) is not None)
        or _email_said(low)
        and _EMAIL_RE.search(low) is not None
        or _dob_said(low)
        and (_DOB_RE.search(low) is not None or _MONTH_DAY.search(low) is not None)
    )


def _email_said(light: str) -> bool:
    """Whether an email may be in ``light``: "@", or "at" said (" at ", "[at]", "(at)", 艾特,
    at 符号, 圈a, 小老鼠: session 41)."""
    return (
        "@" in light
        or "at" in light
        and (" at " in light or "[at]" in light or "(at)" in light or "符" in light)
        or not light.isascii()
        and ("艾特" in light or "圈a" in light or "a圈" in light or "小老鼠" in light)
    )


def _said_mark(m: re.Match[str]) -> str:
    """A local part's mark said in a word ("dot", "underscore", "hyphen", "dash")."""
    return {" dot ": ".", " underscore ": "_"}.get(m.group(), "-")


def _dob_said(light: str) -> bool:
    """Whether a date of birth's word may be in ``light`` (what _DOB_RE starts from)."""
    return (
        "dob" in light
        or "d.o.b" in light
        or "birth" in light
        or "born" in light
        or not light.isascii()
        and ("出生" in light or "生日" in light)
    )


def _wechat_nick_said(low: str) -> bool:
    """Whether ``low`` (lower case) holds a nickname of WeChat (_WECHAT_NICK's words)."""
    return (
        "信" in low
        and ("v信" in low or "薇信" in low or "威信" in low)
        or ("x" in low and ("vx" in low or "wx" in low))
    )


def _zh_contacts_said(light: str) -> bool:
    """In a Chinese message's light view: what the contact readers start from (as _STIR)."""
    return (
        _wechat_nick_said(light)
        or "line" in light
        and _LINE_LEAD.search(light) is not None
        or "@" in light
        or "/" in light
        and "me/" in light
        or ("报" in light or "報" in light)
        and ("电报" in light or "電報" in light)
        or "邮箱" in light
        or "郵箱" in light
        or "微信" in light
        or "出生" in light
        or "生日" in light
        or "号生" in light
        or "日生" in light
        or _s41_said(light)  # (session 41: 信箱, 圈a, 小老鼠, at 符号, LINE after 赖, 飞机号)
    )


def _contacts_may_hold(text: str, low: str | None = None) -> bool:
    """Whether ``text`` (``low``: it in lower case, if the caller has it) may hold an email, a
    WeChat ID or a date of birth: a superset of the words the contact readers start from."""
    if low is None:
        low = text.lower()
    return (
        "@" in low
        or ".com" in low
        or "mail" in low
        or "dot" in low
        or "wechat" in low
        or "weixin" in low
        or "dob" in low
        or "d.o.b" in low
        or "birth" in low
        or "born" in low
        or "me/" in low
        or "telegram" in low
        or "line" in low
        and _LINE_LEAD.search(low) is not None
        or not text.isascii()
        and (
            "电报" in text
            or "電報" in text
            or "邮箱" in text
            or "郵箱" in text
            or "微信" in text
            or "出生" in text
            or "生日" in text
            or "号生" in text  # (一九九五年八月八号生的: session 33)
            or "日生" in text
            or _wechat_nick_said(low)
        )
    )


# ------------------------------------------------------------------ the cheap exact pre-check
#
# Most texts hold no run of digits that could be one of the numbers above, and the scan
# (normalising the whole text, six patterns) costs tens of microseconds; a timestamp such as
# ``t=1764612345.123456`` took the whole scan too. :func:`may_hold_pii` answers False only when
# :func:`find_pii` would find nothing, reading the original text:
#
# - A text is *plain* when every character folds (:func:`fold_char`, what the light view is
#   made of) either to itself as an ASCII digit, a space or one of ``-.·_/``, or to something
#   non-empty with no digit and none of those separators (letters, hanzi, other punctuation,
#   emoji), and it holds no two spaces in a row. In a plain text the light view has the same
#   digits and separators, in the same order, as the original; a text that is not plain
#   (full-width or circled digits, invisible characters, tabs, ``…``, double spaces) gets the
#   whole scan, as before.
# - In the light view, every match lies inside a *chain*: digits joined by at most two of
#   ``[ -.·_/]`` (what the closed-up search joins; the patterns allow at most one ``[ -]``). A
#   match needs either 17+ digits in the chain (an ID number, grouped or spaced), or a whole
#   chain of 11 digits starting ``1[3-9]`` / 13-19 digits starting ``[3-6]`` (a spaced mobile
#   or card: the closed-up patterns need a non-digit on both sides), or, in a *segment* (digits
#   joined by at most one space or ``-``) from where one of its groups starts (the patterns
#   want no digit or letter before a number) or after a leading ``86`` (``+86``), ``1[3-9]``
#   and 9 more digits (a mobile) or ``[3-6]`` and 12 more (a card). Chains and segments are
#   read from the original text, which in a plain text has them where the light view has them.

_GAP_CHARS = " -.·_/"
# Characters known plain without asking fold_char (the test checks every one of them): printable
# ASCII, the line break, the CJK unified ideographs and common Chinese punctuation.
_NOT_SURELY_PLAIN = lazy_compile(r"[^\n\x20-\x7e\u4e00-\u9fff，。！？、：；“”‘’（）《》【】]")
_PLAIN_CLASS: dict[str, bool] = {}  # any other character -> plain?, learned on first sight
_PLAIN_CLASS_MAX = 200_000
_ANY_DIGIT = lazy_compile(r"\d")
_ANY_GAP = lazy_compile(r"[ \-.·_/]")
# a run that is a number written the plain way (the usual case of a text holding one)
_PLAIN_NUMBER = lazy_compile(r"(?<![0-9])(?:1[3-9]\d{9}|[3-6]\d{12,18}|\d{17}[0-9xX])(?![0-9])")
_MOBILE_PREFIX = lazy_compile(r"1[3-9]")
# digits and separators, 11 characters or more: where any chain of 11 digits has to be
_DIGIT_RUN = lazy_compile(r"[0-9][0-9 \-.·_/]{10,}")
_CHAIN_BREAK = lazy_compile(r"[ \-.·_/]{3,}")  # chains inside a run
_SEGMENT_BREAK = lazy_compile(r"[ \-.·_/]{2}|[.·_/]")  # segments inside a chain
_WHOLE_CHAIN = lazy_compile(r"1[3-9]\d{9}|[3-6]\d{12,18}")
_GROUP_BREAK = lazy_compile(r"[ \-]")  # groups inside a segment
_STARTS_MOBILE_OR_CARD = lazy_compile(r"1[3-9]\d{9}|[3-6]\d{12}")


def plain_char(ch: str) -> bool:
    """Whether ``ch`` folds to itself as an ASCII digit or one of ``" -.·_/"``, or to
    something non-empty with no digit and none of those (see :func:`may_hold_pii`)."""
    light, _ = fold_char(ch)
    if light == ch and (ch in _GAP_CHARS or "0" <= ch <= "9"):
        return True
    return bool(light) and not _ANY_DIGIT.search(light) and not _ANY_GAP.search(light)


def _is_plain(text: str) -> bool:
    if "  " in text:
        return False
    for ch in _NOT_SURELY_PLAIN.findall(text):
        known = _PLAIN_CLASS.get(ch)
        if known is None:
            if len(_PLAIN_CLASS) >= _PLAIN_CLASS_MAX:
                return False
            known = _PLAIN_CLASS[ch] = plain_char(ch)
        if not known:
            return False
    return True


_ODD_RUN = lazy_compile(r"\d(?: ?[|~〜–—•＊*⋅] ?\d{1,8}){2,}", cached=False)


def may_hold_pii(text: str) -> bool:
    """False only when :func:`find_pii` finds nothing in ``text`` (a few microseconds, where
    the scan takes tens): True when it holds a run of digits that could be an ID, card or
    mobile number, or characters only the whole scan can judge."""
    return (
        _may_hold_numbers(text)
        or _extras_may(text)
        or _disguise_may(text)
        or _s41_said(text)
        or _mixed_may(text)
    )


def _may_hold_numbers(text: str) -> bool:
    """:func:`may_hold_pii` for the numbers' readers (not session 40's CVV and plates)."""
    if not _is_plain(text):
        return True
    if (
        "|" in text
        or "~" in text
        or not text.isascii()
        and (
            "〜" in text
            or "–" in text
            or "—" in text
            or "•" in text
            or "＊" in text
            or "*" in text
            or "⋅" in text
        )
    ) and _ODD_RUN.search(text) is not None:
        return True  # (session 36) a number spread by | ~ 〜 – — • ＊ (the spaced reader closes them up)
    if _contacts_may_hold(text) and (not text.isascii() or _contact_shape(text.lower())):
        # an email, a WeChat ID, a date of birth (printable ASCII with no double space is its
        # own light view in lower case: the readers' own patterns say, not "mail" or "born")
        return True
    runs = text.encode("utf-8", "surrogatepass").translate(_RUN_BYTES)
    eight = runs.find(_EIGHT) >= 0
    if eight and _s31_may_hold(text, runs, runs.find(_NINE) >= 0, eight, text.lower()):
        return True  # an IBAN, a sort code and account, a Thai / Indonesian / Philippine ID
    if (
        runs.find(_SEVEN) >= 0
        and _seven_digits(text)
        and _account_said(text.lower(), _account_runs(text.lower()))
    ):
        return True  # an account beside a bank's name or an account's word (session 33)
    latin = _CJK_CHAR.search(text) is None
    if latin and _latin_may_hold(text):
        return True  # a passport, PAN, MyKad, NRIC, +CC mobile or a number said in words
    if _zh_may_hold(text):
        return True  # a passport after 护照 or a +CC mobile in a Chinese message
    if _s30_may_hold(text):
        return True  # a Taiwan / HK ID, an NI number, a bare MyKad, a local mobile
    if "(0)" in text:
        return True  # a UK mobile written "+44 (0)7700 ...", "0044 (0)7700..." (session 32)
    lowered = text.lower()
    if runs.find(_SIX) >= 0 and _qq_said(text) and _QQ.search(lowered) is not None:
        return True  # a QQ number after its word (session 38)
    if _US_PHONE_RE.search(lowered):
        return True  # a US number (ten digits, so under the runs' eleven below)
    if _SSN_HINT.search(lowered) and (_SSN_DASHED.search(lowered) or _SSN_CONTEXT.search(lowered)):
        return True  # a US SSN (nine digits)
    for run in _DIGIT_RUN.findall(text):
        # (a run holds digits and the six separators only: deleting these is cheaper than
        # a substitution of non-digits)
        digits = run.replace(" ", "").replace("-", "").replace(".", "")
        if not digits.isdigit():
            digits = digits.replace("·", "").replace("_", "").replace("/", "")
        if len(digits) >= 11 and _UK_MOBILE_DIGITS.search(digits):
            return True  # a UK mobile may be in it (07 or 447, then 9 digits)
        if len(digits) >= 10 and "04" in digits and _AU_MOBILE_DIGITS.search(digits):
            return True  # (session 37) an Australian mobile spread out (_find_spaced)
        if len(digits) < 11 or (
            len(digits) < 13 and not _MOBILE_PREFIX.search(digits, 0, len(digits) - 9)
        ):
            continue  # under 13 digits only a mobile fits: 1[3-9] with 9 digits after it
        if _PLAIN_NUMBER.search(run):
            return True
        for chain in _CHAIN_BREAK.split(run):
            segments = [_GROUP_BREAK.split(part) for part in _SEGMENT_BREAK.split(chain)]
            digits = "".join("".join(groups) for groups in segments)
            if len(digits) < 11:
                continue
            if len(digits) >= 17 or _WHOLE_CHAIN.fullmatch(digits):
                return True
            if any(_segment_may_hold(groups) for groups in segments):
                return True
    # (session 34) an ID by its name, a number in pieces, a UPI ID ...: last, where a message
    # whose number the runs above have found does not pay for it (session 35)
    raw = text.encode("utf-8", "surrogatepass")
    return _s34_may_hold(text, text.lower() if latin else text, latin, raw, _s34_named(runs, latin))


def _segment_may_hold(groups: list[str]) -> bool:
    # A mobile or card written with at most one space or "-" between digits starts where a
    # group starts (the patterns want no digit or letter before it), or after a "+86" prefix.
    rest = "".join(groups)
    if len(rest) < 11:
        return False
    if rest.startswith("86") and _STARTS_MOBILE_OR_CARD.match(rest, 2):
        return True
    for group in groups:
        if _STARTS_MOBILE_OR_CARD.match(rest):
            return True
        rest = rest[len(group) :]
        if len(rest) < 11:
            return False
    return False


# ------------------------------------------------------------------ numbers read out in hanzi
#
# A customer who dictates a number writes 一三八零零一三八零零零 (幺 for 1, 两 for 2, the
# financial 壹贰叁 too), sometimes mixed with digits: the same personal number, so it is found
# and masked like one written in digits (``mask_value`` shows it in digits: 138****8000). A
# run of 11 or more such characters (at most one space or "-" between two) that holds one
# hanzi numeral is read as digits and must be, whole, a mobile (or one after 86), an ID with
# its check character and birth date, or a card passing Luhn, as in the closed-up search above;
# nothing else in ordinary Chinese writing makes runs of 11 bare numerals. find_pii_normalized
# does not read these; the compliance check adds them with add_hanzi_numbers.

_HANZI_NUMERALS = {
    "0": "〇零",
    "1": "一壹幺",
    "2": "二贰貳两兩",
    "3": "三叁參",
    "4": "四肆",
    "5": "五伍",
    "6": "六陆陸",
    "7": "七柒",
    "8": "八捌",
    "9": "九玖",
}
_HANZI_ALL = "".join(_HANZI_NUMERALS.values())
_AS_DIGITS = str.maketrans(
    {
        **{ch: d for d, chars in _HANZI_NUMERALS.items() for ch in chars},
        **{chr(0xFF10 + k): str(k) for k in range(10)},
        " ": None,
        "-": None,
        # (一三九，一二三四，五六七八: a mobile read out in groups, split by commas)
        "，": None,
        ",": None,
        "、": None,
    }
)
_NUMERAL = f"[{_HANZI_ALL}0-9０-９]"
# (tried only where a run starts: a numeral inside a run never starts a longer one)
_HANZI_RUN = lazy_compile(
    rf"(?<!{_NUMERAL})(?<!{_NUMERAL}[ \-，,、]){_NUMERAL}(?:[ \-，,、]?{_NUMERAL}){{10,}}[xXｘＸ]?"
)
_HAS_HANZI_NUMERAL = lazy_compile(rf"[{_HANZI_ALL}]")
# two numerals side by side, one of them in hanzi: what any such run holds (一 alone is common).
# Written as one hanzi numeral with a numeral after it or before it (the lookbehinds), so the
# pattern starts with one character class and the engine skips to those characters in C (the
# two-branch form was tried at every position: ~4x slower on an ordinary message).
_HANZI_PAIR = lazy_compile(
    rf"[{_HANZI_ALL}](?:[ \-]?{_NUMERAL}|(?<={_NUMERAL}[{_HANZI_ALL}])|(?<={_NUMERAL}[ \-][{_HANZI_ALL}]))"
)

# The quickest answer, for the usual message (a few short digit runs, Chinese and ASCII
# text): :func:`find_pii` finds nothing when, together,
# - no 11 characters in a row are ASCII digits or ``" -./_"`` (every number the scan reads
#   is a chain of 11 or more digits and these separators, ``·`` aside, which is not surely
#   plain): tested on the UTF-8 bytes, where these are single bytes no other character's
#   encoding holds, turned into ``0`` and everything else kept (no ``0`` is left), then one
#   substring search, all in C;
# - the text is surely plain (:data:`_NOT_SURELY_PLAIN`, no double space): its light view
#   holds the same digits and separators in the same places, so :func:`may_hold_pii` has no
#   run to read;
# - it holds no hanzi numeral next to another numeral (:data:`_HANZI_PAIR`).
# One scan for the last two: a character not surely plain (a hit at once) or a hanzi
# numeral (a hit only with a numeral beside it), so the engine skips in C to the few
# characters it must look at.
# (ASCII letters as "a": an ID's letters beside its digits, _zh_id_shape; the first byte of a
# character U+3000-9FFF or U+B000-CFFF, all CJK, as "H": a Chinese message, _quiet; no "0")
_RUN_BYTES = bytes.maketrans(
    b"0123456789 -./_()|~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    + bytes(range(0xE3, 0xEA))
    + b"\xeb\xec",
    b"0" * 19 + b"a" * 52 + b"H" * 9,
)  # (session 36: "|" and "~" count in a run, 138 | 1234 | 5678)
_NINE = b"0" * 9
_ELEVEN = b"0" * 11  # (a US number, "(312) 847-9920", "312-847-9920", is 12 or more of these)


# (hanzi _STIR stops at besides the numerals: 箱 of 邮箱, 信 of 微信, 生 of 出生 / 生日)
_STIR_HANZI = "箱信生报報"  # (报報: 电报 / 電報, session 36)
_SPLIT_ZH_HANZI = "后後尾中接段半"  # (_SPLIT_WORD_ZH's hanzi)


def _cjk_without_numerals(more: str = "") -> str:
    numerals = sorted(
        {ord(ch) for ch in _HANZI_ALL + _STIR_HANZI + more if 0x4E00 <= ord(ch) <= 0x9FFF}
    )
    ranges: list[str] = []
    start = 0x4E00
    for point in numerals:
        if point > start:
            ranges.append(f"\\u{start:04x}-\\u{point - 1:04x}")
        start = point + 1
    ranges.append(f"\\u{start:04x}-\\u9fff")
    return "".join(ranges)


_STIR = lazy_compile(
    rf"[^\n\x20-\x2a\x2c-\x3f\x41-\x57\x59-\x77\x79-\x7e{_cjk_without_numerals()}，。！？、：；“”‘’（）《》【】]"
    r"(?:(?<=[^\n\x20-\x7e\u4e00-\u9fff，。！？、：；“”‘’（）《》【】])"
    rf"|[ \-]?{_NUMERAL}|(?<={_NUMERAL}[{_HANZI_ALL}])|(?<={_NUMERAL}[ \-][{_HANZI_ALL}])"
    # (session 31: a +CC mobile's "+"; an email's @, 邮箱, a WeChat ID after 微信, a date
    # after 出生 / 生日: one branch, so a numeral's hit pays one test for them)
    r"|(?<=[+@箱信生报報xX])(?:(?<=\+)\d|(?<=@)|(?<=[邮郵]箱)|(?<=微信|电报|電報)[^\n]{0,31}?[A-Za-z]"
    r"|(?<=[vV薇威]信)[^\n]{0,31}?[A-Za-z]|(?<=(?<![A-Za-z])[vVwW][xX])(?![A-Za-z])[^\n]{0,31}?[A-Za-z]"
    r"|(?<=出生)[^\d\n]{0,6}\d|(?<=生)日[^\d\n]{0,6}\d|(?<=\d[日号號]出生)|(?<=\d[日号號]生)))",
    cached=False,  # (mask_text's alone, not the compliance check's: kept out of the rules cache)
)


# _STIR, also stopping at "@" (it does) and at each of \n/后後尾中接 (_SPLIT_WORD_ZH): what a
# Chinese message's session 34 readers need before they look further (_s34_may_hold)
_STIR_ZH = lazy_compile(
    rf"[^\x20-\x2a\x2c-\x2e\x30-\x3f\x41-\x57\x59-\x77\x79-\x7e{_cjk_without_numerals(_SPLIT_ZH_HANZI)}，。！？、：；“”‘’（）《》【】]"
    r"(?:(?<=[^\n\x20-\x7e\u4e00-\u9fff，。！？、：；“”‘’（）《》【】])|(?<=[\n/后後尾中接段半])"
    rf"|[ \-]?{_NUMERAL}|(?<={_NUMERAL}[{_HANZI_ALL}])|(?<={_NUMERAL}[ \-][{_HANZI_ALL}])"
    r"|(?<=[+@箱信生报報xX])(?:(?<=\+)\d|(?<=@)|(?<=[邮郵]箱)|(?<=微信|电报|電報)[^\n]{0,31}?[A-Za-z]"
    r"|(?<=[vV薇威]信)[^\n]{0,31}?[A-Za-z]|(?<=(?<![A-Za-z])[vVwW][xX])(?![A-Za-z])[^\n]{0,31}?[A-Za-z]"
    r"|(?<=出生)[^\d\n]{0,6}\d|(?<=生)日[^\d\n]{0,6}\d|(?<=\d[日号號]出生)|(?<=\d[日号號]生)))",
    cached=False,
)


# The Chinese message's quick answer (session 38): one anchored match reads what the steps of
# _quiet below would, for a message with a CJK character that holds nothing they stop at:
# - its characters are printable ASCII, CJK ideographs and the Chinese punctuation _STIR_ZH
#   passes, none of _STIR_ZH's stops where _STIR_ZH would stop (a hanzi numeral with no
#   numeral beside it, 信 箱 报 生 x with none of 微信 / 邮箱 / 电报 / 出生 / 生日 / vx around),
#   no "/", "+", "@", "照" or line break;
# - no LINE or QQ word (line, qq, q q, q号, 扣扣: session 38's readers; 企鹅 / 企鵝 / 球球: session 39);
# - its runs of ASCII digits and " -.()_|~" (what _RUN_BYTES makes "0") are 7 long at most
#   (no "eight"), and one of 6 or 7 has no ASCII letter after it (no "000000a");
# so "six" alone is left, which asks for "（"; and 后後尾中接段半 (_STIR_ZH stops at each, then
# _s34_may_hold) ask for fewer than ten ASCII digits in all. _quiet checks those two (the
# groups "six" and "split" say whether they matter) and the double space. A message the match
# refuses takes _quiet's steps, as before (it cost ~12.5k instructions a plain Chinese
# message, ~18.7k the load test's body: mostly the UTF-8 copy, its translation and _STIR_ZH).
# (session 40) a mainland plate's first character (_PLATE_CN, _EXTRA_ZH)
_PROVINCES_PLATE = (
    "京津沪滬渝冀豫云雲辽遼黑湘皖鲁魯新苏蘇浙赣贛鄂桂甘晋晉蒙陕陝吉闽閩贵貴粤粵青藏川宁寧琼瓊"
)
_ZH_RUN = "[0-9 \\-.()_|~]"  # (_RUN_BYTES' "0", less "/": a _STIR_ZH stop)
_ZH_TEXT = (
    # (session 41: less I O S o, which stop the match where a digit follows them)
    r"[\x21-\x27\x2a\x2c\x3a-\x3f\x41\x42\x44-\x48\x4a\x4b\x4d\x4e\x50\x52\x54-\x57\x59-\x5e\x60-\x62"
    r"\x64-\x6b\x6d\x6e\x70\x72-\x77\x79-\x7b\x7d"
    rf"{_cjk_without_numerals(_SPLIT_ZH_HANZI + '照扣企球码碼背牌车車圈鼠符賴赖飞飛' + _PROVINCES_PLATE)}"
    r"，。！？、：；“”‘’（）《》【】]*+"
)
_ZH_GROUPED = (
    r"[、，；;](?:(?<=[0-9]{3}[、，；;])|(?<=[0-9]{3} [、，；;]))"  # (session 41: 0912、345)
)
_ZH_NUMERAL_ALONE = rf"[{_HANZI_ALL.replace('〇', '')}]"
_ZH_QUIET = lazy_compile(
    # (a CJK character somewhere: what makes _quiet's "latin" False)
    rf"(?=[^\u3000-\u9fff]*+[\u3000-\u9fff]){_ZH_TEXT}(?:(?:"
    # (each alternative starts with a character set: sre skips the others at one test)
    rf"{_ZH_NUMERAL_ALONE}(?<!{_NUMERAL}{_ZH_NUMERAL_ALONE})"
    rf"(?<!{_NUMERAL}[ \-]{_ZH_NUMERAL_ALONE})(?![ \-]?{_NUMERAL})"
    # (session 41: none beside O o I l S, none of three digits before 、 ， ； ;: _disguise_may's)
    # (O o I S are not _ZH_TEXT's: before a digit they stop the match, below; l's own branch;
    # the separator first, then its look-behinds: a look-behind first costs every run)
    rf"|{_ZH_RUN}{{1,5}}+(?![0-9 \-.()_|~OoIlS]|{_ZH_GROUPED})"
    rf"|(?P<six>{_ZH_RUN}{{6,7}}+)(?![0-9 \-.()_|~A-Za-z]|{_ZH_GROUPED})"
    r"|[信箱报報生xX](?<![微vV薇威]信)(?<![邮郵信]箱)(?<![电電][报報])(?<![出日号號]生)"
    rf"(?!(?<=生)日)(?<![vVwW][xX])(?![ \-]?{_NUMERAL})"
    rf"|(?P<split>[{_SPLIT_ZH_HANZI}])"
    r"|[OoIS](?![0-9])|[lL](?![iI][nN][eE]|[0-9])|[qQ](?! ?[qQ]|[号號])|扣(?!扣)|企(?![鹅鵝])|球(?!球)"  # (LINE's and QQ's words)
    # (session 40: what _EXTRA_ZH reads, a CVV's or a plate's words before a digit, a plate)
    r"|[码碼](?:(?<![全证證验驗查别別][码碼])|(?![^0-9。！？\n]*+[0-9]))|[背牌](?![^0-9。！？\n]*+[0-9])"
    r"|[车車](?![号號][^0-9。！？\n]*+[0-9])"
    rf"|[{_PROVINCES_PLATE}](?![·・.\- ]?[A-Z])|[Cc](?![Vv])"
    # (session 41: _s41_said's words, a spoken email's, LINE's after 賴, Telegram's 飞机)
    r"|[圈鼠符飞飛賴赖](?:(?<=圈)(?![圈aA])(?<![aA]圈)|(?<=鼠)(?<!老鼠)|(?<=符)(?![号號])"
    r"|(?<=[飞飛])(?![机機])|(?<=[賴赖])(?![ :：是]*+(?:帳號|帐号|账号|ID|id|號|号)?[ :：是]*+[A-Za-z0-9]))"
    # (not *+: 3.11's sre can report a wrong span for a group in a possessive repeat)
    rf"){_ZH_TEXT})*",
    cached=False,
)


# The English message's quick answer (session 39). In a message of printable ASCII with no
# digit and none of ``#$%&*+/:<=>@[\]^_`{|}~`` (or a control character), _scan can find only
# what is read from words (every other reader needs a digit, "@", "+", "/", ":" or "="):
# - a number read out in English or Malay words (_find_spoken): its run starts with two digit
#   words, the second after ``[ ,\-]+`` and an optional "double " / "triple " (_SPOKEN_START,
#   _SPOKEN_START_MS);
# - an email said with "at" (_EMAIL_RE: " at " with spaces, or "(at)"; "[at]" has "["), with
#   a "." or "dot" after it in its domain;
# - a WeChat ID after "wechat" / "weixin" (_WECHAT_LEAD: anywhere, inside a word too);
# - a messenger's ID after telegram / tg / signal / instagram / ig / "line id" / "line is "
#   (_HANDLE_LEAD; ":" and "=" are in the set above);
# - a date of birth in words: its year said "nineteen ..." or "two thousand ..." after a space
#   (_DOB_RE's _YEAR_SAID).
# _EN_BYTES makes that one ASCII test and two patterns' searches on the message's bytes (after
# a space, so its first word has one before it): every character of the set above a byte over
# 0x7f (bytes.isascii() says whether there is one, in C), the other punctuation a space (every
# word starts after a space), letters lower case. The words' pattern is led by the space: sre
# skips in C to each space and tries the words there (~200 instructions a word of the message,
# where _latin_may_hold's _SPOKEN_START alone took ~13k a plain 80-character message and _quiet
# ~40k); a digit word, "two" or "line" is read on only with what must follow it. A message it
# stops at takes _quiet's steps, as before. The agreement with _scan: tests/test_pii_s39.py.
_EN_RARE = b"0123456789#$%&*+/:<=>@[\\]^_`{|}~\x7f" + bytes(range(32)) + bytes(range(128, 256))
_EN_BYTES = bytes(
    0x80 if b in _EN_RARE else 0x20 if b < 0x41 or 0x5A < b < 0x61 or b > 0x7A else b | 0x20
    for b in range(256)
)
_EN_DIGIT = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_MALAY: tuple[str, ...] = ("kosong", "nol", "satu", "dua", "tiga", "empat", "lima", "enam")
_EN_MALAY += ("tujuh", "delapan", "lapan", "sembilan")
_EN_NAMED = (b" nineteen", b" telegram", b" tg", b" signal", b" instagram", b" ig")
# (compiled at first use, bytes patterns: lazy_compile's are str ones; small, ~0.1 ms)
_EN_PATTERNS: tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]] | None = None


def _en_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    """_en_quiet's patterns: a word a reader starts from, after a space (one branch for each
    first letter: sre tries a branch's first letter at one test, and a word of the message
    that starts with none of them costs ~200 instructions); what must follow a digit word or
    "two"; WeChat's words anywhere, inside a word too (sre skips in C to each "we")."""
    global _EN_PATTERNS
    named = [w.decode().strip() for w in _EN_NAMED] + ["at", "line"]
    by_first: dict[str, list[str]] = {}
    for word in sorted({*_EN_DIGIT, *_EN_MALAY, *named}, key=lambda w: (-len(w), w)):
        by_first.setdefault(word[0], []).append(word[1:])
    trie = "|".join(
        first + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")")
        for first, rest in sorted(by_first.items())
    )
    digit = "|".join(sorted({*_EN_DIGIT, *_EN_MALAY}, key=lambda w: (-len(w), w)))
    _EN_PATTERNS = (
        re.compile(f" (?:{trie})(?![a-z])".encode()),
        re.compile(f" +(?:(?:double +|triple +|treble +)?(?:{digit})(?![a-z])|thousand)".encode()),
        re.compile(rb"we(?:chat|ixin)"),
    )
    return _EN_PATTERNS


# (session 41) The English message with a few small numbers ("I paid 3 instalments, is the next
# one due on the 15th?", ~45k instructions through _quiet's steps): _en_quiet answers it too when
# its digits (_EN_BYTES_DIGITS makes each "0", the rest as _EN_BYTES) are six at most, no three in
# a row, none beside a letter but an ordinal's st / nd / rd / th, no two runs with only spaces or
# punctuation between them ("12 34", "3, 15"), and none of the words below is there. Every
# number reader needs more than that: a mobile, an ID, a card, an account, a QQ number seven or
# more digits (five for QQ, in runs apart); a CVV three or four in a row (or spaced: "2 9 4", two
# runs side by side); a plate a letter beside a digit or three in a row; a date of birth its word
# (dob, born, birth: _dob_said; "born 3 May 88" has small runs apart, so those words send the
# message to the steps); a number said in words with digits among them ("nine 0 0 four 3") a
# digit word beside a digit (the loop above). The words' pattern is the plain message's.
_EN_BYTES_DIGITS = _EN_BYTES[:0x30] + b"0" * 10 + _EN_BYTES[0x3A:]
_EN_SMALL: tuple[re.Pattern[bytes], re.Pattern[bytes]] | None = None


def _en_small() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """_en_quiet's patterns for a message with digits (compiled at first use, small): a digit
    beside a letter (not an ordinal's suffix) or beside another run; the words that read a few
    small numbers (a date of birth's, QQ's)."""
    global _EN_SMALL
    _EN_SMALL = (
        re.compile(
            rb"0(?<=[a-z]0)|0(?: +0|(?!st(?![a-z])|nd(?![a-z])|rd(?![a-z])|th(?![a-z]))[a-z])"
        ),
        re.compile(rb"dob|d o b|born|birth|qq"),
    )
    return _EN_SMALL


def _en_quiet(text: str) -> bool:
    """True only when :func:`_scan` finds nothing in ``text``, an ASCII text (see above)."""
    sig = (" " + text).encode().translate(_EN_BYTES)
    digits = False
    if not sig.isascii():
        # (session 41) a digit: quiet too when its digits are few and apart (see _EN_SMALL)
        sig = (" " + text).encode().translate(_EN_BYTES_DIGITS)
        if not sig.isascii() or sig.count(b"0") > 6 or sig.find(b"000") >= 0:
            return False  # ("@", "/", ... or a run of three digits: _quiet's steps)
        small = _EN_SMALL if _EN_SMALL is not None else _en_small()
        if small[0].search(sig) is not None or small[1].search(sig) is not None:
            return False
        digits = True
    words, after, wechat = _EN_PATTERNS if _EN_PATTERNS is not None else _en_patterns()
    m = words.search(sig)
    while m is not None:
        word = m.group()
        if digits and (
            sig[m.end() :].lstrip(b" ")[:1] == b"0" or sig[: m.start()].rstrip(b" ")[-1:] == b"0"
        ):
            return False  # (a word read by _find_spoken beside a digit: "nine 0 0 four 3")
        if word == b" at":
            # (an email only with a "." or "dot" after it; sig's i is the text's i - 1)
            if text.find(".", m.end()) >= 0 or sig.find(b"dot", m.end()) >= 0:
                return False
        elif word == b" line":
            if sig[m.end() :].lstrip(b" ")[:2] in (b"id", b"is"):
                return False  # ("line id", "line is": _HANDLE_LEAD's LINE)
        elif word in _EN_NAMED or after.match(sig, m.end()) is not None:
            return False  # (a digit word and another, "two thousand")
        m = words.search(sig, m.end())
    return wechat.search(sig) is None


def _quiet(text: str, quick: bool = True) -> bool:
    """True only when :func:`_scan` finds nothing in ``text``; ``quick``: with _ZH_QUIET first
    (the two agree: tests/test_pii_s38.py)."""
    if quick and text.isascii():
        if _en_quiet(text):
            return True  # (most English messages: session 39)
    elif quick:
        # (most Chinese messages: one match, session 38; see _ZH_QUIET)
        m = _ZH_QUIET.match(text)
        if (
            m is not None
            and m.end() == len(text)
            and "  " not in text
            and (m["six"] is None or "（" not in text)
            and (
                m["split"] is None
                or text.encode("utf-8", "surrogatepass").translate(_DIGIT_BYTES).count(b"0") < 10
            )
        ):
            return True  # (session 40: _EXTRA_ZH finds nothing where this matches)
    return (
        _quiet_steps(text)
        and not _extras_may(text)
        and not _disguise_may(text)
        and not _s41_said(text)
        and not _mixed_may(text)
    )


def _quiet_steps(text: str) -> bool:
    """:func:`_quiet` past its quick answers: the numbers' readers' own gates."""
    # (find, not "in": a bytes operand of "in" is first tried as an int, an exception raised
    # and dropped on every call)
    raw = text.encode("utf-8", "surrogatepass")
    runs = raw.translate(_RUN_BYTES)
    six = runs.find(_SIX) >= 0  # (most messages: no six digits and separators in a row)
    if six and runs.find(_ELEVEN) >= 0:
        return False
    eight = six and runs.find(_EIGHT) >= 0
    nine = eight and runs.find(_NINE) >= 0
    if nine and ("ss" in text or "SS" in text or "ocial" in text):
        return False  # nine digits after "SSN" / "social": a US SSN may be there
    if six and _qq_said(text) and _QQ.search(text.lower()) is not None:
        return False  # a QQ number after its word (session 38)
    # no CJK character: ASCII, or no hanzi's first byte (_RUN_BYTES' "H") and, to be sure
    # (the rest of the CJK ranges), the pattern; a Chinese message is told by one find
    ascii_only = text.isascii()
    latin = ascii_only or runs.find(b"H") < 0 and _CJK_CHAR.search(text) is None
    low = text.lower() if latin else ""
    if latin:
        if _latin_may_hold(text, runs, low):
            return False
        if six and _s30_may_hold(text, raw, runs, latin, nine):
            return False  # a Taiwan / HK ID, an NI number, a bare MyKad, a local mobile
    else:
        # (_zh_may_hold, inline: this runs on every customer message)
        if "照" in text and ("护照" in text or "護照" in text):
            return False  # a passport after 护照
        if ("l" in text or "L" in text) and _LINE_LEAD_ANY_CASE.search(text) is not None:
            return False  # a LINE ID after its word (session 38: 我的line是 ...)
        # (a +CC mobile: _STIR's "+" and a digit, below)
        # (a Chinese message's are read with nine digits in a row, a full-width bracket or an
        # ID's letters beside its digits: see _s30_may_hold)
        if (
            six
            and (
                nine
                or "（" in text
                # (_zh_id_shape, inline)
                or (eight or runs.find(b"000000a") >= 0)
                and ("(" in text or _ZH_ID_SAID.search(text) is not None)
            )
            and _s30_may_hold(text, raw, runs, latin, nine)
        ):
            return False  # a Taiwan / HK ID, an NRIC, an NI number, a local mobile ...
    if eight and _s31_may_hold(text, runs, nine, eight, low if latin else None):
        return False  # an IBAN, a sort code and account, a Thai / Indonesian / Philippine ID
    if (
        eight  # (seven digits and a space beside them, or eight: every account _account_runs reads)
        and raw.translate(_DIGIT_GAP_BYTES).find(_EIGHT) >= 0
        and _seven_digits(text)
        and _account_said(low or text.lower(), _account_runs(low or text.lower()))
    ):
        return False  # an account beside a bank's name or an account's word (session 33)
    named = eight or latin and six and runs.find(b"a000000a") >= 0
    # (session 34) an ID by its name, a number in pieces, a UPI ID ...: with no CJK character,
    # only with "@", a line break, " / ", " then", "second" or a number read by its name (what
    # _s34_may_hold needs, substring tests first); a Chinese message's, with eight digits in a
    # row here, else with _STIR_ZH's one scan below
    if (
        latin
        and (
            named
            or "@" in text
            or "\n" in text
            or " / " in text
            or " then" in low
            or " end" in low
            or "second" in low  # (session 37: for "half", " part" and " second", _split_said's)
            or "last " in low
        )
        or named
    ) and _s34_may_hold(text, low if latin else text, latin, raw, named):
        return False
    if "  " in text:
        return False
    # (printable ASCII with no double space is its own light view, lower-cased)
    if (
        latin
        and _contacts_may_hold(text, low)
        and (not ascii_only or not text.isprintable() or _contact_shape(low))
    ):
        return False  # an email, a WeChat ID, a date of birth (in Chinese: _STIR's)
    # (printable ASCII holds no character that is not surely plain and no hanzi numeral)
    if latin:
        return ascii_only and text.isprintable() or _STIR.search(text) is None
    if named:
        return _STIR.search(text) is None
    # (a Chinese message: _STIR_ZH stops where _STIR does and at what the session 34 readers
    # need, "@" or one of \n/后後尾中接: the usual message pays one scan for both, session 35)
    stir = _STIR_ZH.search(text)
    if stir is None:
        return True
    if _s34_may_hold(text, text, latin, raw, named):
        return False
    return _STIR.search(text, stir.start()) is None  # (none of _STIR's stops comes before it)


# ---------------------------------------------------------------- session 40: CVV and plates
# Two kinds no number reader above knows: a card's security code (CVV / CVC / CID, 安全码, the
# three digits on the back) and a car's registration plate (mainland 京A·12345 / 粤B D12345,
# Hong Kong PK 6392, Taiwan ABC-1234, the UK's AB12 CDE, a US state plate after its word).
# - a CVV: 3-4 digits a few words after its word ("the CVC on the reverse of my Visa is 882",
#   卡背面那三位数是391, 信用卡後面的驗證碼 625); any card's code is secret, whoever's card it is;
#   a 验证码 (a one-time code) only with the card's back or 信用卡 beside it; in an agent's reply
#   (the check's) a request for one counts too, with no number ("could you read me the three
#   digits on the back of your card?", 麻烦提供一下您卡背面的CVV安全码), unless its sentence
#   says no one will ask ("We will never ask for your CVV", 切勿向任何人提供);
# - a plate: a mainland plate's shape (its letter in upper case), the UK's two letters, two
#   digits and three letters in a message with a vehicle's word, or 4-8 letters and digits (two
#   digits at least, a letter, a letter before a digit or three digits in a row) just after a
#   plate's word (车牌 / 車號 / 牌照 / plate / reg / registration); not in a fleet's or the
#   company's text (公司 / 车队 / 外勤 / fleet / pool / company / "our vehicles" before it in its
#   sentence) nor in a list of plates.
# What a message pays (mask_text): a plain one nothing (_en_quiet; _ZH_QUIET refuses the
# characters _EXTRA_ZH reads, so a Chinese message without them is answered as before); one
# that takes _quiet's steps one search led by a digit (latin: _EXTRA_SHAPE, three digits in a
# row or spaced, or a letter before a digit) or by one of a few characters (_EXTRA_ZH_CHAR),
# then one search for the words (_EXTRA_LIGHT / _EXTRA_ZH). The check (an agent's reply) pays
# one search (_EXTRA_LIGHT); the readers run only for the words found.
# (the words, in lower case: a CVV's "c", a plate's "p", a vehicle's "v", a mainland plate's
# first two characters "z"; _find_extras runs the readers of the groups found)
_EXTRA_LIGHT = lazy_compile(
    r"(?P<c>cv[vcn]|cid|csc|sec(?:urity)? (?:code|number|digit|no)|card verification"
    r"|verification value|code (?:on|at|from|off) the"
    r"|(?:digits?|numbers?) (?:on|at|from|off|by|next to|beside|near) the|signature"
    r"|安全码|验证码|校验码|检查码|识别码|背[面后])"
    r"|(?P<p>plate|reg|rego|registered|车牌|牌照|车号|号牌)"
    r"|(?P<v>vehicle|car(?![a-z])|cars|van(?![a-z])|truck|lorry|logbook)"
    rf"|(?P<z>[{_PROVINCES_PLATE}][·・.\- ]?[a-hj-np-z])",
    cached=False,
)
# (a latin text: three digits in a row or spaced, or a letter before a digit; what every CVV and
# plate reader needs: led by a digit, sre skips to each digit in C)
_EXTRA_SHAPE = lazy_compile(
    r"[0-9](?:[0-9][0-9]|[ \-][0-9][ \-][0-9]|(?<=[A-Za-z][0-9]))", cached=False
)
_EXTRA_ZH_CHAR = lazy_compile(rf"[码碼背牌车車Cc{_PROVINCES_PLATE}]", cached=False)
_EXTRA_ZH = lazy_compile(
    r"[码碼](?<=[全证證验驗查别別][码碼])(?=[^0-9。！？\n]*+[0-9])|[背牌](?=[^0-9。！？\n]*+[0-9])"
    rf"|[车車][号號](?=[^0-9。！？\n]*+[0-9])|[{_PROVINCES_PLATE}][·・.\- ]?[A-Z]|[Cc][Vv]",
    cached=False,
)


def _extras_may(text: str) -> bool:
    """False only when no CVV / plate reader below can find anything in a customer's ``text``
    (mask_text's gate; see above)."""
    if text.isascii() or _CJK_CHAR.search(text) is None:
        return (
            _EXTRA_SHAPE.search(text) is not None and _EXTRA_LIGHT.search(text.lower()) is not None
        )
    return _EXTRA_ZH_CHAR.search(text) is not None and _EXTRA_ZH.search(text) is not None


_CVV_NUMBER = (
    r"[^\d\n.!?。！？;；]{0,32}?(?<![0-9a-z£$€¥/.,#])(?P<n>\d(?:[ \-]?\d){2,3})(?![0-9]|[ \-]\d|/\d|[.,]\d"
    r"|\s*(?:%|元|块|塊|万|萬|次|个|個|位|期|天|日|号|號|年|月|(?:tries|times|attempts|digits?|numbers?|characters?"
    r"|pounds?|quid|dollars?|gbp|usd|rmb|hkd|yuan|k|m|st|nd|rd|th)(?![a-z])))"
)
_CVV_RE = lazy_compile(
    r"(?P<w>cvv2?|cvc2?|cid|csc|cvn|sec(?:urity)? (?:code|number|digits?|no\.?)(?![a-z])"
    r"|card verification (?:code|value|number)|verification value"
    r"|(?:code|digits?|numbers?) (?:on|at|from|off) the (?:back|reverse|rear|front)(?![a-z])"
    r"|(?:digits?|numbers?) (?:by|next to|beside|on|near) the signature|signature (?:strip|panel|box)"
    r"|安全码|(?:信用卡|卡背|卡片背|背面|背后|后面)[^\d\n,。!?]{0,6}?(?:验证|校验|检查|识别)码"
    r"|(?:验证|校验|检查|识别)码[^\d\n,。!?]{0,4}?(?:卡背|卡片背|背面|背后)"
    r"|背[面后][^\d\n,。!?]{0,10}?(?:三位|末三|后三|三个|三码|数字|码))" + _CVV_NUMBER,
    cached=False,
)
# (a number before the word: "882 is my CVV", 391是安全码)
_CVV_BEFORE = lazy_compile(
    r"(?P<n>\d{3,4}) (?:is|=) (?:my |the |his |her )?(?:cvv|cvc|cid|security code)"
    r"|(?P<z>\d{3,4}) ?(?:是|就是)(?:我的|卡的)?(?:安全码|cvv)",
    cached=False,
)
_CVV_ASK = lazy_compile(
    r"(?:(?:could|can|would|will) you (?:please |kindly |just )?(?:read|tell|give|send|confirm|provide|share|text|repeat|say)"
    r"|(?:please|kindly|just) (?:read|tell|give|send|confirm|provide|share|text|repeat)"
    r"|what(?:'s| is| are) (?:your|the)|i(?:'ll| will)? need (?:your|the)|we(?:'ll| will)? need (?:your|the)"
    r"|(?:can|could|may) i (?:just |quickly )?(?:have|take|get|grab|ask for|check)"
    r"|提供|告诉|告知|报一下|报给|说一下|念一下|读一下|发一下|发给|给我|输入给|确认一下)"
    r"[^.!?\n。！？]{0,40}?"
    r"(?:(?<![a-z])(?:cvv2?|cvc2?|cid|csc|security code|security number|card verification)(?![a-z])"
    r"|(?<![a-z])(?:three|four|3|4) (?:digits?|numbers?) (?:on|at|from|off) the (?:back|reverse|front)"
    r"|(?<![a-z])code (?:on|at|from|off) the (?:back|reverse)"
    r"|安全码|背[面后][^。！？\n]{0,6}?(?:三位|末三|后三|数字|码))"
    r"|(?:cvv2?|cvc2?|安全码|背[面后][^。！？\n,]{0,6}?(?:三位|三个|末三|后三|数字|码))[^。！？\n,]{0,8}?"
    r"(?:是多少|多少|发我|发给我|发一下|报一下|报给我|告诉我|念给我|说一下|给我)",
    cached=False,
)
_NOT_ASKED = lazy_compile(
    r"(?<![a-z])(?:never|not|don't|dont|won't|no one|nobody|anyone|anybody|scam|fraud|fake)(?![a-z])"
    r"|切勿|不要|请勿|勿|不会|绝不|任何|不得|禁止|诈骗|骗子|别",
    cached=False,
)
_PLATE_CN = lazy_compile(
    rf"[{_PROVINCES_PLATE}](?P<l>[a-hj-np-z])[·•・.\- ]?(?P<t>[a-hj-np-z0-9]{{5,6}})(?![0-9a-z])",
    cached=False,
)
_PLATE_UK = lazy_compile(r"\d\d ?[a-z]{3}(?![0-9a-z])", cached=False)  # (two letters before it)
_PLATE_WORD = lazy_compile(
    r"(?:plates?|reg(?:istration)?(?: number| no\.?| mark)?|rego|registered (?:as|under)"
    r"|车牌|牌照|车号|号牌)"
    r"(?:[^\da-z\n.!?。！？,]{0,3}(?:is|are|was|number|no\.?|号码|号|是|系|係|为|:|：|-|#)){0,3}"
    r"[^\da-z\n.!?。！？,]{0,3}(?P<p>(?<![0-9a-z])[a-z0-9]{1,8}(?:[ \-·•][a-z0-9]{1,4}){0,2})(?![0-9a-z])",
    cached=False,
)
_FLEET = lazy_compile(
    r"(?<![a-z])(?:fleet|pool|company|companies|business|our (?:vehicles?|cars?|vans?|trucks?)"
    r"|field agents?|staff)(?![a-z])|公司|我司|本司|车队|外勤|外访|公务|公车|单位|我行|本行",
    cached=False,
)
_PLATE_PART = lazy_compile(r"[a-z0-9]+", cached=False)
_LETTER_DIGIT = lazy_compile(r"[a-z]\d|\d\d\d", cached=False)


def _sentence_start(light: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(light, 0, pos):
        start = m.end()
    return start


def _word_start(light: str, a: int) -> bool:
    """No ASCII letter just before ``a`` (where an English word starts)."""
    return a == 0 or not ("a" <= light[a - 1] <= "z")


def _plate_after_word(light: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The plate after a plate's word: its first one to three parts that make one (4-8 letters
    and digits, two digits at least, a letter, and a letter before a digit or three digits in a
    row: "PK 6392", "BKK-5821", "8ABC123")."""
    parts = [p.span() for p in _PLATE_PART.finditer(light, *m.span("p"))]
    for k in range(len(parts), 0, -1):
        bare = "".join(light[a:b] for a, b in parts[:k])
        digits = sum(ch.isdigit() for ch in bare)
        if 4 <= len(bare) <= 8 and 2 <= digits < len(bare) and _LETTER_DIGIT.search(bare):
            return parts[0][0], parts[k - 1][1]
    return None


def _find_extras(norm: Normalized, found: list[PiiMatch], agent: bool) -> None:
    """CVV codes and car plates (see above), added where no other reader found a number."""
    light = norm.light
    first: dict[str, int] = {}
    for m in _EXTRA_LIGHT.finditer(light):
        first.setdefault(m.lastgroup or "", m.start())
    hits: list[tuple[int, int, PiiKind, str]] = []
    if "c" in first:
        _find_cvv(light, first["c"], hits, agent)
    if "p" in first or "v" in first or "z" in first:
        _find_plates(norm, first, hits)
    for a, b, kind, value in sorted(hits):
        start, end = norm.light_span(a, b)
        if all(end <= p.start or start >= p.end for p in found):
            found.append(PiiMatch(kind, start, end, value))
    found.sort(key=lambda p: p.start)


def _find_cvv(light: str, pos: int, hits: list[tuple[int, int, PiiKind, str]], agent: bool) -> None:
    for m in _CVV_RE.finditer(light, max(0, pos - 8)):  # (信用卡后面的验证码: its words before)
        a = m.start("w")
        if _word_start(light, a) and not light.endswith("social ", 0, a):
            hits.append((m.start("n"), m.end("n"), "cvv", _digits(m["n"])))
    if not hits and ("cv" in light or "安全码" in light or "security" in light):
        for m in _CVV_BEFORE.finditer(light):
            g = "n" if m["n"] else "z"
            if m.start(g) == 0 or not light[m.start(g) - 1].isalnum():
                hits.append((m.start(g), m.end(g), "cvv", m[g]))
    if agent:
        for m in _CVV_ASK.finditer(light):
            lo = _sentence_start(light, m.start())
            if _word_start(light, m.start()) and _NOT_ASKED.search(light, lo, m.end()) is None:
                hits.append((m.start(), m.end(), "cvv", ""))


def _find_plates(
    norm: Normalized, first: dict[str, int], hits: list[tuple[int, int, PiiKind, str]]
) -> None:
    light = norm.light
    original = norm.original
    plates: list[tuple[int, int]] = []
    for m in _PLATE_CN.finditer(light, first.get("z", len(light))):
        i = norm.light_span(m.start("l"), m.end("l"))[0]
        if any(ch.isdigit() for ch in m["t"]) and original[i].isupper():
            plates.append(m.span())
    for m in _PLATE_WORD.finditer(light, first.get("p", len(light))):
        # (not a tax or company registration: "VAT reg GB 123 4567 89")
        if _word_start(light, m.start()) and not light.endswith(("vat ", "company "), 0, m.start()):
            span = _plate_after_word(light, m)
            if span is not None:
                plates.append(span)
    if "p" in first or "v" in first:  # (the UK's: with a vehicle's or a plate's word)
        for m in _PLATE_UK.finditer(light):
            a = m.start() - 2
            if (
                a >= 0
                and light[a : a + 2].isalpha()
                and light[a : a + 2].isascii()
                and _word_start(light, a)
            ):
                plates.append((a, m.end()))
    if plates:
        kept: list[tuple[int, int]] = []
        for a, b in sorted(set(plates)):
            if all(b <= s or a >= e for s, e in kept):
                kept.append((a, b))
        for a, b in kept:
            if len(kept) == 1 and _FLEET.search(light, _sentence_start(light, a), a) is None:
                start, end = norm.light_span(a, b)
                hits.append((a, b, "plate", original[start:end]))


def _hanzi_number(digits: str) -> PiiKind | None:
    if digits[-1:] in "xXｘＸ":
        return "id_card" if _lax_id(digits[:-1] + "X") else None
    if len(digits) == 18 and _lax_id(digits):
        return "id_card"
    if len(digits) == 11 and _MOBILE_DIGITS.fullmatch(digits):
        return "mobile"
    if 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn_ok(digits):
        return "bank_card"
    return None


_MOBILE_DIGITS = lazy_compile(r"1[3-9]\d{9}")


# (hanzi numerals as ASCII digits, one character for one: offsets stay the text's)
_HANZI_AS_DIGIT = str.maketrans({ch: d for d, chars in _HANZI_NUMERALS.items() for ch in chars})


def _find_hanzi_split(text: str, found: list[PiiMatch], agent: bool) -> None:
    """(session 35) A number read in pieces with hanzi numerals (身份证前六位五一零一零七，后面是
    一九七八…; 手机号前三位幺三九，后八位八七六五四三二一): the numerals as digits, one for one, and
    the pieces read as :func:`_find_split` reads digits; only a number holding a hanzi numeral
    (digits alone are read there). Gated by a numeral before a break's first character."""
    closed = text.translate(_HANZI_AS_DIGIT)
    if _SPLIT_START.search(closed) is None:
        return
    if closed.encode("utf-8", "surrogatepass").translate(_DIGIT_BYTES).count(b"0") < 10:
        return
    norm = normalize(closed)
    hits: list[PiiMatch] = []
    _find_split(norm, hits, [], valid_resident_id if agent else _lax_id, agent)
    for p in hits:
        if p.kind == "bank_account" or not _HAS_HANZI_NUMERAL.search(text, p.start, p.end):
            continue  # (an account's pieces in hanzi: not read; digits alone: read above)
        if all(p.end <= q.start or p.start >= q.end for q in found):
            found.append(p)


def _find_hanzi(text: str, found: list[PiiMatch], agent: bool = False) -> None:
    if _SPLIT_WORD_ZH.search(text) is not None:
        _find_hanzi_split(text, found, agent)
    for m in _HANZI_RUN.finditer(text):
        if not _HAS_HANZI_NUMERAL.search(m.group()):
            continue  # digits alone: the scan above has read them
        digits = m.group().translate(_AS_DIGITS)
        start, end = m.start(), m.end()
        kind = _hanzi_number(digits)
        if kind is None and digits.startswith("86") and len(digits) == 13:
            prefix = m.group()
            skip = 0
            for k, ch in enumerate(prefix):  # past "86" and a space or "-" after it
                if ch not in " -，,、":
                    skip += 1
                if skip == 3:
                    start += k
                    break
            digits = digits[2:]
            kind = "mobile" if _MOBILE_DIGITS.fullmatch(digits) else None
        if kind is None or any(start < p.end and p.start < end for p in found):
            continue
        value = digits[:-1] + "X" if kind == "id_card" and not digits[-1].isdigit() else digits
        found.append(PiiMatch(kind, start, end, value))
    found.sort(key=lambda p: p.start)


def add_hanzi_numbers(text: str, found: list[PiiMatch]) -> None:
    """Add to ``found`` (sorted, original offsets) the numbers ``text`` writes with hanzi
    numerals (一三八零零一三八零零零, 幺三八…, 壹叁玖…): the compliance check reads them as
    :func:`mask_text` does, after :func:`find_pii_normalized` (one C-level scan when none)."""
    if _HANZI_PAIR.search(text):
        _find_hanzi(text, found, agent=True)


def mask_value(kind: PiiKind, value: str) -> str:
    """Masked display form of one bare number."""
    if kind in ("national_id", "passport"):
        return "*" * (len(value) - 4) + value[-4:]  # (its last four: ******4065)
    if kind == "id_card":
        if len(value) != 18:
            # a Singapore NRIC / FIN, a passport, a PAN, a MyKad: its last four only
            return "*" * (len(value) - 4) + value[-4:]
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if kind == "mobile":
        if value.startswith("+"):  # "+91 9845012345" -> "+91 ******2345"
            code, _, national = value.partition(" ")
            return f"{code} " + "*" * (len(national) - 4) + national[-4:]
        if len(value) >= 11:
            return value[:3] + "****" + value[-4:]
        if len(value) == 10:  # (a local or US number: 0123456789 -> 01****6789)
            return value[:2] + "****" + value[-4:]
        return "*" * (len(value) - 4) + value[-4:]  # (9123 4567 -> ****4567)
    if kind == "ssn":
        return "***-**-" + value[-4:]
    if kind == "bank_account":  # an IBAN GB82**************5432, an account ****9911
        head = value[:4] if len(value) > 12 else ""
        return head + "*" * (len(value) - len(head) - 4) + value[-4:]
    if kind == "email":  # zh***@gmail.com
        local, _, domain = value.partition("@")
        return f"{local[:2]}***@{domain}"
    if kind == "wechat":
        return value[:2] + "*" * max(4, len(value) - 2)
    if kind == "cvv":  # (session 40) none of it: ***
        return "*" * max(3, len(value))
    if kind == "plate":  # its first two characters: KT** ***, 苏E·*****
        kept = 0
        out = []
        for ch in value:
            if ch.isalnum() and kept >= 2:
                out.append("*")
            else:
                kept += ch.isalnum()
                out.append(ch)
        return "".join(out)
    if kind == "dob":  # its day and month: **/**/1988, 1990年*月*日, ** March 1979
        year = _YEAR_IN_DATE.search(value)
        a, b = year.span() if year else (0, 0)
        shown = "".join("*" if c.isdigit() and not a <= i < b else c for i, c in enumerate(value))
        # (in words: "** of March, nineteen eighty-six", 一九八八年*月*号)
        return _DAY_SAID.sub(lambda m: "*" * min(2, len(m.group())), shown)
    return f"{value[:4]} **** **** {value[-4:]}"


_YEAR_IN_DATE = lazy_compile(r"(?<![0-9])(?:19|20)\d\d(?![0-9])", cached=False)


def mask_text(text: str) -> str:
    """``text`` with every ID number, bank card and mobile number masked."""
    if _quiet(text):
        return text  # (the writer masks every customer message: one call less)
    found = _scan(text)
    if not found:
        return text  # the same object: nothing to mask
    parts: list[str] = []
    pos = 0
    for match in found:
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


# ---------------------------------------------------------------- session 41: numbers in disguise
# Two disguises no reader above undoes, each undone in a view of the message of the same length
# (every character in its place, so a span read in the view is the message's), which the number
# readers then read as they read any message:
# - groups of three or more digits joined by 、 ， ； or ";" (手機：0912、345、678, 139，0012，7788):
#   the mark becomes a space ("第2、4、6期", "3、6、12、24期" have shorter groups and stay);
# - O / o / I / l / S written for 0 / 1 / 5 inside a run of digits (O79II 4O2 88I, I86 OOI2 3456):
#   a word of those letters and digits with a digit in it (a word of letters alone stays).
# The gate (_disguise_may) is two byte translations and a few finds in C: a message with neither
# a digit beside one of those letters nor three digits before one of those marks pays nothing more.
# (in the bytes below, digits are "0" and O o I l S "o": a digit beside one of those letters, or
# three digits, a space or none and one of the marks, what _ZH_QUIET's _ZH_GROUPED refuses too;
# one search, compiled at first use)
_DISGUISE_BYTES: re.Pattern[bytes] | None = None
_LETTER_BYTES = bytes.maketrans(b"0123456789OoIlS", b"0" * 10 + b"o" * 5)
_DISGUISE_GROUPS = lazy_compile(r"(?<=[0-9]{3})( ?)[、，；;]( ?)(?=[0-9]{3})", cached=False)
_DISGUISE_WORD = lazy_compile(
    r"(?<![A-Za-z0-9])[0-9OoIlS]*[0-9][0-9OoIlS]*(?![A-Za-z0-9])", cached=False
)
_DISGUISE_DIGITS = str.maketrans("OoIlS", "00115")


def _disguise_may(text: str) -> bool:
    """False only when :func:`_disguise_view` leaves ``text`` as it is."""
    global _DISGUISE_BYTES
    if _DISGUISE_BYTES is None:
        marks = b"|".join(re.escape(sep.encode()) for sep in "、，；;")
        _DISGUISE_BYTES = re.compile(rb"000 ?(?:" + marks + rb")")
    letters = text.encode("utf-8", "surrogatepass").translate(_LETTER_BYTES)
    if letters.find(b"0o") >= 0 or letters.find(b"o0") >= 0:
        return True
    # (finds first, then a search led by its literal "000": a search led by a set, "0o|o0|...",
    # tried [0o] at every byte, +11k instructions on the load test's body)
    return letters.find(b"000") >= 0 and _DISGUISE_BYTES.search(letters) is not None


def _disguise_view(text: str) -> str | None:
    """``text`` with its disguises undone (see above), the same length; None: none was there."""
    view = _DISGUISE_GROUPS.sub(lambda m: m.group(1) + " " + m.group(2), text)

    def letters(m: re.Match[str]) -> str:
        word = m.group()
        return word.translate(_DISGUISE_DIGITS) if not word.isdigit() else word

    view = _DISGUISE_WORD.sub(letters, view)
    return None if view == text else view


def _find_disguised(text: str, found: list[PiiMatch], agent: bool) -> None:
    """Numbers read in :func:`_disguise_view`'s view of ``text``, beside those in ``found``."""
    view = _disguise_view(text)
    if view is None:
        return
    more = _find_numbers(normalize(view), lax_ids=not agent, agent=agent)
    if not more:
        return
    low = text.lower()
    for p in more:
        if _UNIT_AFTER.match(low, p.end) is not None:
            continue  # ("三笔：138、1234、5678 元": amounts in a list)
        if all(p.end <= q.start or p.start >= q.end for q in found):
            found.append(p)
    found.sort(key=lambda p: p.start)


def _s41_said(text: str) -> bool:
    """Whether a Chinese ``text`` (or its light view) says a word session 41's contact readers
    start from: 信箱 (an email's), 圈a / a圈 / 小老鼠 / 符号 (its "@"), 賴 (LINE), 飞机 (Telegram)."""
    if text.isascii() or _S41_CHAR.search(text) is None:
        return False  # (an English email said with "at sign": _contacts_may_hold's "dot")
    return (
        "信箱" in text
        or "圈" in text
        and ("圈a" in text or "圈A" in text or "a圈" in text or "A圈" in text)
        or "小老鼠" in text
        or "符" in text
        and ("符号" in text or "符號" in text)
        or ("賴" in text or "赖" in text)
        and _LINE_ZH.search(text) is not None
        or ("飞" in text or "飛" in text)
        and ("飞机" in text or "飛機" in text)
    )


_S41_CHAR = lazy_compile(r"[信圈鼠符賴赖飞飛]", cached=False)  # (_s41_said's words' characters)
_LINE_ZH = lazy_compile(
    r"[賴赖] ?(?:帳號|帐号|账号|ID|id|號|号)?[ :：是]*[A-Za-z0-9]", cached=False
)
