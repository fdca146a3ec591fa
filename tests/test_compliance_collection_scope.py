"""Collection abuse and the sentences that only talk about it (wave 6, helper coll): warnings
to the listener, reported threats, echoed questions answered "no", denials, relief offers and
our own colleagues pass; the threats themselves, in new wording, are still blocked."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from loancs.cli import app
from loancs.core.compliance import load_rules
from loancs.core.compliance.contact import ContactPolicy, quiet_times
from loancs.core.normalize import normalize
from loancs.rules_cache import FileRuleCache


@pytest.fixture(scope="module")
def rules():
    return load_rules(cache=FileRuleCache.default())


@pytest.mark.parametrize(
    "text",
    [
        # warnings to the listener about someone else's threats
        "有人冒充我们说不还钱就抓人，请别相信",
        "有些非法催收会爆通讯录，遇到请报警",
        "有的平台会爆通讯录，我们平台不会",
        "Be careful of callers who claim you will be arrested.",
        # reported threats and complaints
        "您说的那个催收员扬言要去您单位，我们会处理",
        "据客户反映，有人深夜给他打催收电话，我们已经核实处理",
        "She told us a collector said he'd post her photo online; we're investigating.",
        # the borrower's worry, echoed and denied
        "会不会联系您家人？我们不会",
        "Will you call my employer? No, we will not.",
        "You asked whether we'll contact your boss. We won't.",
        # denials the negation used to miss
        "没有人会来抓您",
        "You shouldn't take a payday loan to cover this.",
        "We won't be posting anything about you online.",
        "You're not required to tell your family about your loan.",
        # our own colleagues, our own groups, the borrower's choice, relief
        "我帮您问一下领导能不能减免",
        "我们的外访同事只在白天、并经您同意后上门",
        "我们的群里会发布还款提醒，您可以选择加入",
        "您朋友借钱给您还款是您的自由，我们不会干涉",
        "您这个月可以先还一半，剩下的下个月补上",
        "借新还旧不是办法，咱们还是申请延期吧",
        "不要找中介借钱还款",
        "您可以把截图发到我们的官方群里",
        # documents and times that are not threats
        "派出所的证明已收到，延期申请已提交",
        "您的紧急联系人我们只在联系不上您时才会联系",
        "您昨天深夜的留言我们已经收到",
    ],
)
def test_talk_about_collection_abuse_passes(rules, text: str) -> None:
    result = rules.check(text)
    assert result.verdict == "ok", [(h.rule, h.match) for h in result.hits]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你手机里存的号码，我们会全部联系一遍", "zh.collection.third-party"),
        ("再不回消息，我就打给你们经理", "zh.collection.third-party"),
        ("你的緊急聯絡人今天會接到我們的電話", "zh.collection.third-party"),
        ("你媳妇那边我们会去做做工作", "zh.collection.third-party"),
        ("你家孩子以后上学政审肯定会出问题", "zh.collection.children"),
        ("晚上十点四十五我再拨一次你的号码", "zh.collection.quiet-hours"),
        ("今夜我会守着电话一直打给你", "zh.collection.quiet-hours"),
        ("你可以去别的借款平台借钱还这笔", "zh.collection.borrow-to-repay"),
        ("我们不会放过你的，你等着", "zh.collection.threat"),
        ("你是猪脑子吗", "zh.collection.insult"),
        ("I'm going to phone your dad and explain the situation.", "en.collection.third-party"),
        ("We are sending the police to your house.", "en.collection.threat"),
        ("We'll swing by your place after midnight.", "en.collection.night-visit"),
        ("Borrow it from your mates and pay us tonight.", "en.collection.borrow-to-repay"),
    ],
)
def test_new_wording_of_collection_abuse_is_blocked(rules, text: str, rule: str) -> None:
    result = rules.check(text)
    assert result.verdict == "block"
    assert rule in {h.rule for h in result.hits}


def test_a_rhetorical_question_without_a_denial_still_threatens(rules) -> None:
    """Only a question the next words deny is the borrower's worry; a bare one is pressure."""
    assert rules.check("要不要我现在就打给你们领导？").verdict == "block"
    assert rules.check("要不要我现在就打给你们领导？不会的，您放心").verdict == "ok"


def test_a_passing_warning_keeps_the_json_contract() -> None:
    """The --json contract is unchanged for a passing warning: verdict ok, no hits, exit 0."""
    result = CliRunner().invoke(app, ["check", "有人冒充我们说不还钱就抓人，请别相信", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"verdict": "ok", "hits": []}


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        ("今夜十一点", True),
        ("晚间十点半", True),
        ("半夜三更", True),
        ("I'll keep calling all night", True),
        ("今夜八点", False),
        ("明天上午十点", False),
    ],
)
def test_quiet_hours_read_night_words(text: str, quiet: bool) -> None:
    assert bool(quiet_times(normalize(text), ContactPolicy())) is quiet
