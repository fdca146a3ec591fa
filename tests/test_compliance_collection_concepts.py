"""Collection concepts, session 7 (helper coll): a guarantor is a party to the contract, words
someone else said or wrote are reported, a denial reaches across 受到/造成, and abuse addressed to
the borrower is an insult whatever the word; the violations themselves stay blocked."""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _hits(rules, text: str) -> list[tuple[str, str]]:
    return [(h.rule, h.match) for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        # a guarantor signed the contract: notifying them under it is lawful collection
        "按照合同约定，逾期后我们会通知您的担保人",
        "根据担保合同，我们将向保证人发送逾期通知函",
        "您作为保证人，有义务在借款人不还时承担保证责任",
        "As your loan has a co-signer, they will also receive a notice of the missed payment.",
        # what the borrower said or a message wrote, quoted back
        "您说的那个“爆通讯录”我们从来不做",
        "那条短信里说的“今晚派人上门”，是诈骗短信",
        "广告上写着“不还就上门”，那不是我们发的",
        "您说的秒批我们没有",
        # a denial that reaches over 受到 / 造成
        "您孩子上学不会受到任何影响",
    ],
)
def test_lawful_or_reported_collection_talk_passes(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", _hits(rules, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # an emergency contact or a relative beside the guarantor is still a third party
        ("今天不还，我就联系你的担保人和你哥", "zh.collection.third-party"),
        ("我们已经通知了你的紧急联系人", "zh.collection.third-party"),
        ("Your co-signer and your boss will both hear from us.", "en.collection.third-party"),
        # a quote the agent makes their own is not reported
        ("我们会在你家门口写上“欠债不还”四个字，贴满你们小区", "zh.collection.shaming"),
        # calls through the night, a wake-up call in the quiet hours
        ("今晚我会每隔一小时打一次，直到天亮", "zh.collection.quiet-hours"),
        ("凌晨五点我准时叫你起床还钱", "zh.collection.quiet-hours"),
        # abuse addressed to the borrower
        ("你这个没良心的东西，钱借了就不认账", "zh.collection.insult"),
        ("饭桶，这点钱都拿不出来", "zh.collection.insult"),
        ("你可真够下贱的", "zh.collection.insult"),
    ],
)
def test_collection_abuse_is_blocked(rules, text: str, rule: str) -> None:
    assert rule in {r for r, _ in _hits(rules, text)}, _hits(rules, text)
