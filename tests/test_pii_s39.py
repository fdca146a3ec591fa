"""Session 39: the English message's quick answer (_en_quiet): a plain English message pays one
byte translation and two patterns' searches, and the answer is True only where _scan finds
nothing."""

from __future__ import annotations

import random

import pytest

from loancs.core import pii
from loancs.core.pii import _scan, find_pii, mask_text
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

# plain English messages: the quick answer takes them (no digit, no word a reader starts from)
_PLAIN = [
    "I'd like to ask about the early repayment penalty and fees on my mortgage, thanks",
    "ok thanks",
    "Hello, I applied for a personal loan last week and I still haven't heard anything back. "
    "Could someone please tell me whether my application is still being reviewed?",
    "I only need one more month to pay, is that possible for someone like me?",
    "I'm at work until then, call me later",
    "We paid it online yesterday (the whole amount). Is that ok?",
    "I was born abroad; does that change anything for the loan?",
]
# what only words hold: each must be refused (the quick answer says "maybe"), and _scan reads it
_WORDS_READ = [
    "my number is oh seven seven double nine one two three four five six",
    "Nine one two three, four five six seven is my mobile",
    "call me on seven-seven-nine-nine, one two three four five six",
    "nombor saya kosong satu dua, tiga empat lima, enam tujuh lapan sembilan",
    "email me at jane dot doe at gmail dot com",
    "you can reach me at jane.doe (at) gmail.com",
    "WeChat ID is amychen please",
    "add me, mywechat id is amychen",
    "weixin: amy-chen",
    "born on the fifth of March, nineteen eighty-six",
    "DOB the twenty-first of June, two thousand and one",
    "telegram kanya.p",
    "Telegram is mike-tan, message me there",
    "my LINE ID is kanya.p",
    "line is lily.wong",
]


@pytest.mark.parametrize("text", _PLAIN)
def test_a_plain_english_message_takes_the_quick_answer(text: str) -> None:
    assert pii._en_quiet(text)
    assert _scan(text) == []
    assert mask_text(text) is text
    assert find_pii(text) == []


@pytest.mark.parametrize("text", _WORDS_READ)
def test_what_words_hold_is_refused_by_the_quick_answer(text: str) -> None:
    assert not pii._en_quiet(text)
    assert _scan(text), text  # (the readers find it: the refusal is needed)
    assert find_pii(text) == _scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "call me on 07700 900123",  # a digit
        "jane@example.com",
        "wa.me/447700900123",
        "LINE: kanya.p",
        "line=kanya",
        "[at]",
        "under_score",
        "tab\there",
        "new\nline",
    ],
)
def test_a_digit_or_a_rare_character_takes_the_steps(text: str) -> None:
    assert not pii._en_quiet(text)


_DIGIT_WORDS = [
    "zero",
    "oh",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "double",
    "triple",
    "o",
]
_MALAY = [
    "kosong",
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "lapan",
    "sembilan",
]
_TRIGGERS = [
    "at",
    "dot",
    "gmail",
    "com",
    "yahoo",
    "mail",
    "email",
    "wechat",
    "weixin",
    "mywechat",
    "WeChat",
    "WECHAT",
    "id",
    "is",
    "name",
    "account",
    "handle",
    "telegram",
    "Telegram",
    "tg",
    "ig",
    "IG",
    "signal",
    "instagram",
    "line",
    "LINE",
    "online",
    "deadline",
    "nineteen",
    "eighty",
    "ninety-one",
    "thousand",
    "born",
    "birthday",
    "dob",
    "DOB",
    "date",
    "of",
    "birth",
    "march",
    "May",
    "fifth",
    "twenty-first",
    "the",
    "my",
    "me",
    "call",
    "number",
    "phone",
    "mobile",
    "kanya.p",
    "amy-chen",
    "lily.wong",
    "jane.doe",
    "mike-tan",
    "a.b",
    "x-y",
    "ssn",
    "social",
]
_ENGLISH = [
    "I",
    "would",
    "like",
    "to",
    "ask",
    "about",
    "early",
    "repayment",
    "penalty",
    "and",
    "fees",
    "on",
    "mortgage",
    "thanks",
    "please",
    "help",
    "can",
    "you",
    "tell",
    "me",
    "when",
    "next",
    "instalment",
    "due",
    "someone",
    "done",
    "money",
    "phone",
    "gone",
    "none",
    "weight",
]
_SEPARATORS = [" ", " ", " ", ", ", "-", ". ", "  ", " (", ") ", "'", "! ", "? ", ",", ";", '"']


def test_the_quick_answer_never_says_quiet_where_the_scan_finds_something() -> None:
    rng = random.Random(39)
    quiet = 0
    for _ in range(6000):
        words = []
        for _ in range(rng.randint(1, 25)):
            r = rng.random()
            pool = (
                _DIGIT_WORDS
                if r < 0.3
                else _MALAY
                if r < 0.4
                else _TRIGGERS
                if r < 0.7
                else _ENGLISH
            )
            words.append(rng.choice(pool) + rng.choice(_SEPARATORS))
        text = "".join(words).strip()
        if rng.random() < 0.2:
            text = text.upper()
        if pii._en_quiet(text):
            quiet += 1
            assert _scan(text) == [], text
    assert quiet > 1000  # (the answer is taken often enough to matter)


def test_random_ascii_without_digits_agrees() -> None:
    rng = random.Random(3939)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFG .,-'!?();\""
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        if pii._en_quiet(text):
            assert _scan(text) == [], text


# (session 39, families) QQ after 企鹅 / 企鵝 / 球球
@pytest.mark.parametrize(
    "text, shown",
    [
        ("企鹅号 1398765432，加我", "8765432"),
        ("我企鹅 2845 6617 有事留言", "6617"),
        ("我老婆的球球 523881097", "523881097"),
        ("企鵝號 8866554", "8866554"),  # (7 digits: the Chinese quick match refuses 企)
        ("小企鹅：30718822，白天在线", "30718822"),
        ("有事找我老公，他企鹅 96385274", "96385274"),
    ],
)
def test_a_qq_number_after_its_nickname_is_masked(text: str, shown: str) -> None:
    assert shown not in mask_text(text)
    assert find_pii(text)[0].kind == "wechat"


def test_an_agent_repeating_a_qq_number_after_its_nickname_is_refused() -> None:
    result = RULES.check("已记录您的企鹅号 1398765432")
    assert any(h.rule == "pii.wechat" for h in result.hits)


@pytest.mark.parametrize(
    "text",
    [
        "企鹅电竞上看到你们的广告",
        "企鹅是南极的动物吗",
        "球球 3 岁了",
        "QQ音乐会员扣款 15 元是什么",
        "企鹅电竞 2024 年度盛典",
    ],
)
def test_a_penguin_is_no_qq_number(text: str) -> None:
    assert mask_text(text) == text
