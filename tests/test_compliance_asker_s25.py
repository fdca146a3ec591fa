"""A borrower's own worry or status after their question keeps it their question (session 25)."""

import pytest

from loancs.core.compliance import load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize(
    "text",
    [
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
def test_the_askers_worry_or_status_passes(rules, text):
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
def test_a_pitch_that_answers_its_own_question_still_fires(rules, text):
    assert rules.check(text).verdict != "ok"
