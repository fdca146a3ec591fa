"""Session 29's speed steps answer exactly as the code they replace (tests/data/compliance's
lines and edge texts): ``normalize.has_digit`` is ``any(c.isdigit() for c in text)``; the
rate reader's word lists are tested by one regular expression each, with the same answer
as a ``str.__contains__`` per word."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from loancs.core.compliance import rates
from loancs.core.normalize import has_digit, normalize

DATA = Path(__file__).resolve().parent / "data" / "compliance"


def _lines(every: int = 3) -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.tsv")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line and not line.startswith("#") and i % every == 0:
                texts.append(line.split("\t")[-1])
    return texts


def test_has_digit_is_isdigit_for_every_code_point() -> None:
    wrong = [cp for cp in range(sys.maxunicode + 1) if has_digit(chr(cp)) != chr(cp).isdigit()]
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "没有数字的句子",
        "月费率0.5%",
        "第①期",
        "x²",
        "⑴ 先还",
        "\U00010a40 Kharoshthi one",  # a digit past the BMP that is not decimal
        "\U0001d7ce math zero",
        "𠀀𠀁 past the BMP, no digit",
        "\ud800 a lone surrogate",
    ],
)
def test_has_digit_edge_texts(text: str) -> None:
    assert has_digit(text) == any(c.isdigit() for c in text)


def test_has_digit_on_labelled_lines_and_random_texts() -> None:
    rng = random.Random(29)
    pool = "月息一分二abc ①²\U00010a40\U0001d7ce𠀀" + "".join(chr(c) for c in range(0x4E00, 0x4E40))
    texts = _lines() + ["".join(rng.choices(pool, k=rng.randint(0, 12))) for _ in range(20000)]
    assert [has_digit(t) for t in texts] == [any(c.isdigit() for c in t) for t in texts]


@pytest.mark.parametrize(
    ("regex", "words"),
    [
        (rates._SPELLED_HINT_RE, rates._SPELLED_HINTS),
        (rates._SLANG_HINT_RE, rates._SLANG_HINTS),
        (rates._SCHEDULE_HINT_RE, rates._SCHEDULE_HINTS),
    ],
)
def test_word_list_regexes_answer_as_contains(regex, words) -> None:
    texts = _lines(1)
    texts += [normalize(t).light for t in texts[::5]]
    texts += [*words, *(w[:-1] for w in words), " of 1", "12 x 105", "a ton of", "×"]
    got = [regex.search(t) is not None for t in texts]
    assert got == [any(w in t for w in words) for t in texts]
    assert any(got)


def _old_sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(c, 0, start) for c in rates._CLAUSE_END) + 1
    stops = [i for i in (text.find(c, end) for c in rates._CLAUSE_END) if i >= 0]
    return lo, min(stops, default=len(text))


def test_sentence_of_answers_as_the_find_loops() -> None:
    rng = random.Random(7)
    texts = _lines(7) + ["", "。", "a;b\nc", "！！", "月息2%。年化多少？好的"]
    texts += [
        "".join(rng.choices("月息2%。！？!?;；\n ab", k=rng.randint(0, 20))) for _ in range(3000)
    ]
    for text in texts:
        n = len(text)
        for start in {0, 1, n // 3, n // 2, n - 1, n, n + 2}:
            for end in {start, start + 1, start + 4, n, n + 1}:
                if start < 0 or end < 0:
                    continue
                assert rates._sentence_of(text, start, end) == _old_sentence_of(text, start, end)
    for start, end in ((-3, -1), (-1, 2), (2, -1)):
        text = "借一万。月息2%！对吗？"
        assert rates._sentence_of(text, start, end) == _old_sentence_of(text, start, end)


def test_clause_ends_are_read_once_per_text() -> None:
    text = "借一万。" * 3
    first = rates._clause_ends(text)
    assert first == [3, 7, 11]
    assert rates._clause_ends(text) is first
    assert rates._clause_ends("另一句。") == [3]


def test_tally_needs_a_counter_character() -> None:
    from loancs.core.compliance import concepts

    assert concepts._TALLY_COUNTERS == "个单件笔位"
    texts = _lines(1)
    found = [any(map(t.__contains__, concepts._TALLY_COUNTERS)) for t in texts]
    assert found == [any(c in t for c in "个单件笔位") for t in texts]


def test_the_spelled_out_sets_are_the_categories() -> None:
    from loancs.core import lazyre

    digits, spaces = set(lazyre._bmp_chars("digit")), set(lazyre._bmp_chars("space"))
    digit, space = re.compile(r"\d"), re.compile(r"\s")
    for cp in range(0x10000):
        assert (cp in digits) == (digit.match(chr(cp)) is not None)
        assert (cp in spaces) == (space.match(chr(cp)) is not None)
    assert not any(chr(cp).isspace() for cp in range(0x10000, sys.maxunicode + 1))


@pytest.mark.parametrize(
    "pattern",
    [
        r"\s\s*",
        r"[\d一二两三四五六七八九十](?=[期个])",
        r"\d(?:[ \-.·_/()]{0,2}\d){9}",
        r"(?:\s|x)y",
    ],
)
def test_digits_and_spaces_spelled_out_find_the_same(pattern: str) -> None:
    from loancs.core import lazyre

    spelled = lazyre._from_program(pattern, 0)
    plain = re.compile(pattern)
    parsed = re.__dict__["_parser"].parse(pattern, 0)
    assert lazyre._program(pattern, 0)[1] != [int(op) for op in plain_code(parsed)]
    rng = random.Random(3)
    pool = "0123456789 \t\n\u3000\u2028\u00a0٣۴߅０𝟏𝟘①²一二十期个xy-./()汉a"
    texts = _lines(5) + ["".join(rng.choices(pool, k=rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in spelled.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]


def plain_code(parsed) -> list:
    compiler = re.__dict__["_compiler"]
    return compiler._code(parsed, parsed.state.flags)
