"""A chat question typed without its question mark: the A-not-A form asks (session 31).

The classifier's sentences are excused when they ask (`unless = ["question"]`); a borrower who
types 利率是不是借得越多越便宜 without a "？" was flagged as an easy-credit lure (the desk test
of test_compliance_model.py failed once the assistant's training held that sentence)."""

import pytest

from loancs.core.compliance.scope import is_question
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def _whole(text: str) -> bool:
    return is_question(text, 0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "利率是不是借得越多越便宜",
        "额度是不是越用越高",
        "你们有没有不看工作证明的产品",
        "这个能不能分到二十四期",
        "提前还了会不会影响我的额度。",
        "想了解一下，审批要不要本人到场",
        "呢个产品係咪唔使睇信贷报告",
    ],
)
def test_an_a_not_a_question_without_its_mark_asks(text: str) -> None:
    assert _whole(text)


@pytest.mark.parametrize(
    "text",
    [
        "你是不是想坐牢",  # a claim put to the listener
        "您是不是还在为钱发愁",
        "急用钱是不是很烦，来我们这秒批",  # the pitch follows the question
        "我们只看你现在有没有手机",  # what the lender checks, embedded
        "不管你是不是学生都能借",
        "借得越多利率越便宜",
    ],
)
def test_a_claim_an_embedded_question_or_a_pitch_does_not_ask(text: str) -> None:
    assert not _whole(text)


def test_an_exclamation_after_the_clause_is_not_a_question() -> None:
    text = "利率是不是借得越多越便宜！当然，借十万利率最低"
    assert not is_question(text, 0, text.index("！"))


def test_the_classifier_lets_the_borrowers_question_pass_and_still_reads_the_claim() -> None:
    rules = RULES
    assert rules.check("利率是不是借得越多越便宜").verdict == "ok"
    claim = rules.check("借得越多利率越便宜")
    assert any(h.rule.startswith("model.") for h in claim.hits)
