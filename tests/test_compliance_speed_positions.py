"""Where the clause and sentence marks stand in a message is worked out once per character:
``scope.Segments`` (the clause breaks) and ``scope._last_of`` (each hit's clause, sentence
and quote) ask for the same characters (，。 in most messages) of the same text, and each
answer used to split the text again."""

from __future__ import annotations

import random

import pytest

from loancs.core.compliance import scope

SETS = ("，,。！!?？；;\n", "。！!?？\n", "。！!\n", scope._OPEN_QUOTES, ".!?\n")


@pytest.fixture(autouse=True)
def _fresh() -> None:
    scope._POSITIONS[0] = {}
    if hasattr(scope, "_CHAR_AT"):
        scope._CHAR_AT[0] = (None, {})


def test_each_mark_of_a_text_is_found_once(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "您好，我是您的专属客服。关于您咨询的贷款，月费率0.5%，分12期，我们不能保证通过。" * 3
    split: list[str] = []
    indices = scope._indices

    def counted(text: str, char: str):  # type: ignore[no-untyped-def]
        split.append(char)
        return indices(text, char)

    monkeypatch.setattr(scope, "_indices", counted)
    scope.Segments(text)
    for chars in SETS:
        scope._last_of(text, chars, len(text) - 1)
    assert sorted(split) == sorted(set(split)) == [".", "。", "，"]


def test_the_places_are_those_of_a_plain_scan() -> None:
    rng = random.Random(34)
    alphabet = "你好我们贷款。，！？!?；;\n…,：:. “”「」abc 12"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for chars in SETS:
            for end in range(len(text) + 1):
                expected = max((i for i in range(end) if text[i] in chars), default=-1)
                assert scope._last_of(text, chars, end) == expected
        breaks = scope._clause_breaks(text)
        assert breaks == [m.start() for m in scope._CLAUSE_RE.finditer(text)]
