"""Work a check used to do twice (session 37, speed): the same homophone question for each
concept and phrase that holds the term, and the same negation question for a phrase's hit and
then the same words' concept match. Each is now asked once, with the same answers."""

from __future__ import annotations

from collections import Counter

import pytest

from loancs.core.compliance import pinyin, scope
from loancs.core.normalize import normalize
from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def test_a_homophone_is_heard_once_per_term(rules, monkeypatch):
    # 贷款 is a term of many concepts and phrases: "带款" was asked about once for each
    asked: list[tuple[str, str, bool]] = []
    real = pinyin.same_sound

    def counted(typed: str, term: str, any_tone: bool = False) -> bool:
        asked.append((typed, term, any_tone))
        return real(typed, term, any_tone)

    monkeypatch.setattr(pinyin, "same_sound", counted)
    result = rules.check("征信不好也能带款，不看正信")
    assert ("带款", "贷款", False) in asked
    assert [q for q, n in Counter(asked).items() if n > 1] == []
    assert result.verdict == "block"
    assert {h.match for h in result.hits} >= {"征信不好也能带", "不看正信"}


def test_negated_is_worked_out_once_per_message_and_place(monkeypatch):
    asked: list[tuple[object, int, int | None]] = []
    real = scope._negated

    def counted(norm, d_start, low):
        asked.append((norm, d_start, low))
        return real(norm, d_start, low)

    monkeypatch.setattr(scope, "_negated", counted)
    norm = normalize("我们不会联系你的家人，你放心")
    at = norm.dense.index("联")
    assert scope.negated(norm, at) is True
    assert scope.negated(norm, at) is True
    assert len(asked) == 1
    assert scope.negated(norm, at, low=0) is True
    assert len(asked) == 2
    # another message (even with the same words) is asked afresh
    other = normalize("我们不会联系你的家人，你放心")
    assert scope.negated(other, at) is True
    assert len(asked) == 3


@pytest.mark.parametrize(
    "text",
    [
        "我们不会联系你的家人，你放心",
        "没有人会去你单位找你，但是逾期会上报征信",
        "No one from our team will call your employer. We never visit at night.",
        "不是说不查征信，而是征信有逾期也可以申请",
    ],
)
def test_negated_answers_as_before(text):
    norm = normalize(text)
    for at in range(len(norm.dense)):
        for low in (None, 0, max(0, at - 3)):
            if low is not None and low > at:
                continue
            assert scope.negated(norm, at, low) == scope._negated(norm, at, low)
