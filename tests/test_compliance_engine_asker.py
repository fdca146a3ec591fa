"""A customer's question followed by what they say about themselves stays their question
("Can students borrow? I'm in my second year."), not a lure aimed at students; a pitch after
a question is still a pitch."""

from __future__ import annotations

import pytest

from loancs.core.compliance import RuleSet
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RULES


@pytest.mark.parametrize(
    "text",
    [
        "Can students borrow? I'm in my second year.",
        "Can students borrow here? I'm in my final year.",
        "学生能借吗？我在读大三",
    ],
)
def test_the_askers_own_year_keeps_the_question_theirs(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "ok"


def test_a_pitch_after_the_question_is_still_flagged(rules: RuleSet) -> None:
    result = rules.check(
        "Are you a student? Students borrow with us, no need to tell your parents."
    )
    assert result.verdict != "ok"


@pytest.mark.parametrize(
    "text",
    [
        # the asker's own reason or story after the question (rules, session 23)
        "你们能保证我一定批下来吗？我不想白白查一次征信",
        "请问你们是不是保证一定能批下来？我怕白填了",
        "你们真的不查征信吗？我有点不放心",
        "Do you really approve everyone who applies? My friend was turned down.",
    ],
)
def test_the_askers_own_reason_keeps_the_question_theirs(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "你们能保证批下来吗？我们保证百分百批下来",
        "Do you approve everyone? Yes, everyone is approved, guaranteed.",
    ],
)
def test_a_lures_answer_after_the_question_is_still_flagged(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "block"


@pytest.mark.parametrize(
    "text",
    [
        # the asker's urgency after the question (lead, session 24: rules' and model's fresh
        # rounds had nine such false alarms, the lead's unseen set of session 23 one)
        "Is approval guaranteed? I need it by tomorrow, it's urgent.",
        "Could you promise me it gets approved? I really need the money for the deposit.",
        "你们能不能保证这次一定下款？我真的很急，下周就要交学费",
        "保证能批吗？我急用钱，医院那边等着",
        "可唔可以保證一定批？我真係好急",
    ],
)
def test_the_askers_urgency_keeps_the_question_theirs(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "想要保证下款吗？我们百分百帮您批下来，急用钱找我们",
        "Need guaranteed approval? We approve everyone, even if it's urgent.",
    ],
)
def test_a_pitch_that_names_urgency_is_still_flagged(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "block"


@pytest.mark.parametrize(
    "text",
    [
        # the asker's worry with any degree word, their school year, graduation or age, and a
        # first-person question about their own fate (lead, session 25)
        "如果还不上，会不会坐牢？我真的很怕。",
        "不还会被抓吗？我真的好担心",
        "学生可以申请吗？我下个月毕业。",
        "学生能借吗？我大三",
        "学生能在你们这借钱吗？我刚大一",
        "Will you call my parents? I'm so scared.",
        "Can students borrow? I graduate in June.",
        "Will I be arrested if I don't pay? I'm really scared.",
        "Could I get arrested over a missed payment?",
        "Am I going to jail?",
    ],
)
def test_the_askers_worry_or_status_passes(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "学生能借吗？我们大一就能借",
        "不还会坐牢吗？会的，等着吧",
        "Students? We lend to everyone.",
        "Do you want to go to jail?",
        "Pay up or we'll have you arrested.",
    ],
)
def test_a_pitch_that_answers_its_own_question_still_fires(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict != "ok"
