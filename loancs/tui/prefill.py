"""What the calculator starts from: the amount and term the customer wrote in this
conversation ("18万分36期", "借30万 3年", "200,000 over 36 months"), and a rate whose source
is said out loud (the lender's product for this loan type, or typed by the agent). Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from loancs.core.normalize import HANZI_NONZERO

_AMOUNT = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>万|w|W|千|k|K|元|块|yuan|RMB)?", re.IGNORECASE
)
_TERM = re.compile(r"(?P<num>\d+)\s*(?P<unit>期|个月|月|年|months?|years?|yrs?)", re.IGNORECASE)


_CN_TERM = re.compile(r"(?P<num>[一二两三四五六七八九十]+)\s*(?P<unit>期|个月|年)")
_CN_DIGITS = HANZI_NONZERO


def _cn_number(text: str) -> int | None:
    """一..九十九 ("十二", "三十六", "两")."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
        return value + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


@dataclass(frozen=True)
class Prefill:
    principal: str | None = None
    months: str | None = None


def _amount(text: str) -> str | None:
    best: Decimal | None = None
    for m in _AMOUNT.finditer(text):
        after = text[m.end() : m.end() + 3]
        if _TERM.match(text[m.start() :]) or after.startswith(("%", "期", "个月", "年")):
            continue  # a term or a rate, not an amount
        unit = (m.group("unit") or "").lower()
        value = _scaled(m.group("num").replace(",", ""), unit)
        if value is None or (not unit and value < 1_000):
            continue  # a bare small number is not a loan amount
        if value >= 1_000 and (best is None or value > best):
            best = value
    return None if best is None else _plain(best)


def _scaled(number: str, unit: str) -> Decimal | None:
    """The number times its unit (万/w, 千/k; any other unit: 1), or None if not a number."""
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    return value * (10_000 if unit in ("万", "w") else 1_000 if unit in ("千", "k") else 1)


def _plain(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)


_TYPED = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<unit>万|w|千|k)?(元|块|yuan|rmb)?", re.IGNORECASE)


def typed_amount(text: str) -> str:
    """An amount as an agent types it in the calculator: "800,000", "800，000" (a Chinese
    comma), full-width digits, "80万", "1.5w", "50k", "8千", "800000元", as a plain number
    ("800000"); anything else as it was typed, for the calculator to name the field."""
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    m = _TYPED.fullmatch(folded)
    if m is None:
        return text.replace(",", "")
    value = _scaled(m.group("num"), (m.group("unit") or "").lower())
    return text if value is None else _plain(value)


def _months(text: str) -> str | None:
    for m in _TERM.finditer(text):
        n = int(m.group("num"))
        unit = m.group("unit").lower()
        months = n * 12 if unit.startswith(("年", "y")) else n
        if 1 <= months <= 600:
            return str(months)
    for m in _CN_TERM.finditer(text):
        count = _cn_number(m.group("num"))
        if count:
            return str(count * 12 if m.group("unit") == "年" else count)
    return None


def from_messages(bodies: list[str]) -> Prefill:
    """The latest amount and term the customer mentioned (newest message wins)."""
    principal = months = None
    for body in reversed(bodies):
        principal = principal or _amount(body)
        months = months or _months(body)
        if principal and months:
            break
    return Prefill(principal, months)
