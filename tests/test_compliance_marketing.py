"""Marketing wording found by the wave-6 dev batches (tests/data/compliance/probe6m*.tsv):
the concepts behind them, each checked on wording that is not in those batches."""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("钱一定到，钱一准到，放心", "zh.marketing.guaranteed-approval"),  # 一准 + 到
        ("我们合作几年了，哪回没给你办成过", "zh.marketing.guaranteed-approval"),  # rhetorical
        ("放款那边我有熟人，打声招呼就能批", "zh.marketing.guaranteed-approval"),  # insider
        ("这笔要是黄了，我这个月工资不要了", "zh.marketing.guaranteed-approval"),  # a wager
        ("你交了资料就不可能不给你批", "zh.marketing.guaranteed-approval"),  # 不可能不
        ("审核就是过过眼，额度照给", "zh.marketing.guaranteed-approval"),  # a formality
        ("我们不接入征信，逾期了也没人知道", "zh.marketing.no-credit-check"),
        ("提交完十分钟后钱就在你卡上", "zh.marketing.instant-approval"),
        ("款子马上到，不用等", "zh.marketing.instant-approval"),
        ("Not one of our clients has ever been rejected.", "en.marketing.guaranteed-approval"),
        ("guranteed aproval, apply now", "en.marketing.guaranteed-approval"),
        (
            "Your credit history is not a factor, bad credit welcome.",
            "en.marketing.no-credit-check",
        ),
        ("Undergrads can borrow up to 2,000 here.", "en.marketing.student"),
    ],
)
def test_paraphrased_lures_are_caught(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, text


@pytest.mark.parametrize(
    "text",
    [
        "您是学生的话，这个产品申请不了",  # a refusal to students
        "信用卡的免息期是五十天",  # a card's interest-free period
        "这是您的信用额度，用不用都不收年费",
        "我们理解您失业了，可以帮您申请延期还款",  # hardship relief
        "所有申请都要做征信查询",
        "Don't pay one credit card with another.",
        "The loan isn't available to students in full-time education.",
        "The money was credited within minutes of approval yesterday.",
    ],
)
def test_refusals_card_terms_and_reports_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", [h.rule for h in RULES.check(text).hits]
