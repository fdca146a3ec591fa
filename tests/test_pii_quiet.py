"""The quick answer for ordinary messages (pii._quiet): it never hides a number the whole scan
finds, written in digits, full-width digits, hanzi numerals or spread out."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancs.core import pii
from loancs.core.normalize import normalize
from loancs.core.pii import find_pii, find_pii_normalized, mask_text, mask_value

LOAD_TEST_BODY = "a=11129s935463 我想咨询一下房贷提前还款的违约金和手续费，谢谢"


def _everything(text: str) -> list[pii.PiiMatch]:
    """The whole scan with no pre-check at all: the light view's six patterns, then the
    numbers read out in hanzi."""
    found = find_pii_normalized(normalize(text), lax_ids=True)
    pii._find_hanzi(text, found)
    return found


def _masked(text: str, found: list[pii.PiiMatch]) -> str:
    out, pos = [], 0
    for m in found:
        out += [text[pos : m.start], mask_value(m.kind, m.value)]
        pos = m.end
    return "".join([*out, text[pos:]])


def test_an_ordinary_message_is_answered_without_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    # The load test's message (two short digit runs, one 一) and ordinary questions with
    # amounts, dates and rates: the text itself, and neither the digit-run pre-check nor the
    # hanzi search runs (before: both, ~18k instructions a message in the writer child).
    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("scanned")

    monkeypatch.setattr(pii, "may_hold_pii", boom)
    monkeypatch.setattr(pii, "normalize", boom)
    monkeypatch.setattr(pii, "_HANZI_PAIR", type("P", (), {"search": boom})())
    for text in (
        LOAD_TEST_BODY,
        "你好，请问我的贷款什么时候到账？",
        "我想提前还款，大概还剩5万多，利率是4.2%，2026年12月3日能办吗",
        "订单 2024年11月20日 一共三期，每期1000.00元",
        "Hello, my loan no. 12345 is late",
    ):
        assert mask_text(text) is text and find_pii(text) == []


# Pieces of messages that come close: numbers in digits, full-width digits and hanzi
# numerals (幺, 两, 〇, the financial forms), spread out with every separator, "+86",
# double spaces, letters and punctuation next to them.
_HANZI = "零一二三四五六七八九"
_FULL = "０１２３４５６７８９"


def _write(number: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.25:
        number = "".join(_HANZI[int(d)] if d.isdigit() else d for d in number)
    elif style < 0.35:
        number = "".join(_FULL[int(d)] if d.isdigit() else d for d in number)
    elif style < 0.55:  # half and half
        number = "".join(
            (_HANZI[int(d)] if rng.random() < 0.5 else d) if d.isdigit() else d for d in number
        )
    elif style < 0.6:
        number = number.replace("1", "幺").replace("2", "两").replace("0", "〇")
    out = []
    for ch in number:
        out.append(ch)
        if rng.random() < 0.2:
            out.append(rng.choice([" ", "-", ".", "·", "_", "/", "  ", " -", "\u200b"]))
    return "".join(out)


def _numbers(rng: random.Random) -> str:
    digits = "0123456789"
    kind = rng.random()
    if kind < 0.3:
        return f"1{rng.choice('3456789')}" + "".join(rng.choice(digits) for _ in range(9))
    if kind < 0.45:
        first17 = f"{rng.randint(110000, 659999)}{rng.randint(1930, 2020)}"
        first17 += f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        return first17 + pii.id_check_char(first17)
    if kind < 0.6:
        body = rng.choice(["6222", "4367", "5187"]) + "".join(rng.choice(digits) for _ in range(11))
        for d in digits:
            if pii.luhn_ok(body + d):
                return body + d
    return "".join(rng.choice(digits) for _ in range(rng.randint(5, 19)))


_WORDS = [
    "我",
    "电话",
    "号码",
    "，",
    "。",
    "一下",
    "两个",
    "十一",
    "+86",
    "86",
    " ",
    "a",
    "x",
    "😊",
]


def test_the_quick_answer_agrees_with_the_whole_scan_on_numbers_written_every_way() -> None:
    quiet = found = 0
    rng = random.Random(17)
    for _ in range(6000):
        parts = []
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.5:
                parts.append(_write(_numbers(rng), rng))
            else:
                parts.append(rng.choice(_WORDS))
        text = "".join(parts)
        full = _everything(text)
        found += bool(full)
        if pii._quiet(text):
            quiet += 1
            assert full == [], text
        assert find_pii(text) == full, text
        assert mask_text(text) == _masked(text, full), text
    assert quiet > 600 and found > 1200  # both sides exercised


_PIECE = st.sampled_from(
    [*"0123456789" * 2, *"13568", *_HANZI, *"幺两〇壹叁捌", *"１３８０", *" -.·_/xX号,", "86", "  "]
)


@given(st.lists(_PIECE, max_size=30).map("".join))
def test_the_quick_answer_never_hides_a_number_hypothesis_finds(text: str) -> None:
    assert not pii._quiet(text) or _everything(text) == []
    assert find_pii(text) == _everything(text)


def test_texts_of_hanzi_numerals_full_width_digits_or_spaced_digits_alone() -> None:
    cases = {
        # only hanzi numerals
        "一三八零零一三八零零零": "138****8000",
        "幺三八〇〇幺三八〇〇〇": "138****8000",
        "一三八 零零一三 八零零零": "138****8000",
        "一二三四五六七八九零一二": "一二三四五六七八九零一二",  # twelve numerals, no number
        "一三八零零一三八零零": "一三八零零一三八零零",  # ten
        # only full-width digits
        "１３８００１３８０００": "138****8000",
        "１３８ ００１３ ８０００": "138****8000",
        "１２３４５６７８９０": "１２３４５６７８９０",
        # only spaced digits
        "1 3 8 0 0 1 3 8 0 0 0": "138****8000",
        "138 0013 8000": "138****8000",
        "1-3-8-0-0-1-3-8-0-0-0": "138****8000",
        "1 2 3 4 5 6 7 8 9": "1 2 3 4 5 6 7 8 9",
    }
    for text, shown in cases.items():
        assert mask_text(text) == shown == _masked(text, _everything(text)), text
