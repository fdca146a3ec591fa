"""Session 38: the Chinese message's quick answer (_ZH_QUIET) agrees with _quiet's steps."""

from __future__ import annotations

import random

import pytest

from loancs.core import pii
from loancs.core.pii import _quiet, find_pii, mask_text
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

# what the match must refuse (each holds what one of _quiet's steps reads), and what it answers
_STEPS_READ = [
    "我的手机是一三八一二三四五六七八",  # hanzi numerals side by side
    "还款3一期",  # an ASCII digit beside a hanzi numeral
    "还款3 一期",
    "我的微信是abc_123，谢谢",  # 微信 and a Latin letter after
    "加我v信zhang88",
    "加我vx zhang88",
    "邮箱在资料里",
    "出生 1990年",
    "生日：5月3日",
    "以后再说，卡号6222 0212 3456 7890",  # a split hanzi and ten digits or more
    "（编号123456）你好",  # six digits and "（"
    "单号123456a你好",  # six digits and a letter
    "编号 12345678 你好",  # eight in a row
    "护照号码E1234567",
    "t=1234 5678 9012 我想问",
    "我的电话：+86 13812345678",
    "你好  请问",  # a double space
    "你好\n请问",
    "金额１２３",  # full-width digits
    "〇一年的贷款",
]
_QUIET = [
    "我想咨询一下房贷提前还款的违约金和手续费，谢谢",
    "t=46923s123456 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
    "我上个月还了3期，这个月的还款日是15号吗？",
    "以后还款能不能延期三天",
    "征信有问题吗？先生您好",
    "中国银行的卡可以用吗（储蓄卡）",
    "我的信用卡额度是50000元",
]


@pytest.mark.parametrize("text", _STEPS_READ + _QUIET)
def test_the_match_agrees_with_the_steps(text: str) -> None:
    assert _quiet(text) == _quiet(text, quick=False)


@pytest.mark.parametrize("text", _QUIET)
def test_the_match_answers_a_plain_chinese_message(text: str) -> None:
    m = pii._ZH_QUIET.match(text)
    assert m is not None and m.end() == len(text)
    assert mask_text(text) is text
    assert find_pii(text) == []


def test_the_match_never_answers_where_the_steps_do_not() -> None:
    rng = random.Random(38)
    pieces = (
        list("我想咨询房贷提前还款的违约金和手续费谢谢请问信用卡逾期")
        + list("一二三四五六七八九十零〇两幺壹信箱报報生日出号號微邮郵电電vVwWxX后後尾中接段半照")
        + list("0123456789 -./_()|~+@，。！？、：；“”‘’（）《》【】abcsSTaqz")
        + ["\n", "  ", "…", "１", "＠", "微信", "出生", "生日", "以后", "123456", "1234567", "一二"]
        + ["line", "LINE是", "line：", "QQ", "q q", "Q号", "扣扣", "ab_12", "lol", "Quick"]
    )
    answered = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 24)))
        if text.isascii():
            continue
        m = pii._ZH_QUIET.match(text)
        if m is not None and m.end() == len(text):
            answered += 1
        assert _quiet(text) == _quiet(text, quick=False), text
    assert answered > 100


# ---------------------------------------------------------------- QQ and LINE IDs (session 38)

_PERSONAL = [  # (text, what must not show)
    ("扣扣号 375819264", "5819"),
    ("q q：2650018835，备注贷款", "0018"),
    ("my QQ is 1783 4420 95", "4420"),
    ("QQ号码是：8866554", "6655"),
    ("Q号 85647321，可以加我", "6473"),
    ("我表姐的QQ是 40012 3456", "0012"),
    ("my LINE is kanya.p_77 (no @)", "kanya"),
    ("my daughter's line: ploy_ploy22", "ploy_ploy"),
    ("我line是 pim_0815，加一下", "pim_"),
    ("我朋友的line号 aom.sirin", "aom.s"),
]
_ORDINARY = [
    "QQ群 876543210 是官方群",
    "官方QQ群：123456789，入群领取还款提醒",
    "QQ 上联系不到客服怎么办",
    "订单号 qq20261206123456",
    "request 123456 queued",
    "my credit line is 100k but the app won't let me take more",
    "the line is down-ish today",
    "the phone line is dead since 9am",
    "line 3: total 1,234.56",
    "线上客服 line：@anxindai_official",
]


@pytest.mark.parametrize(("text", "secret"), _PERSONAL)
def test_a_qq_number_or_line_id_is_masked(text: str, secret: str) -> None:
    assert secret not in mask_text(text)
    assert _quiet(text) is False


@pytest.mark.parametrize("text", _ORDINARY)
def test_ordinary_qq_and_line_words_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    return RULES


@pytest.mark.parametrize(
    "reply",
    ["已为您登记扣扣 375819264", "We've noted your LINE: kanya.p_77", "您的line是 pim_0815 对吧"],
)
def test_an_agent_reply_with_a_qq_number_or_line_id_is_refused(rules, reply: str) -> None:  # type: ignore[no-untyped-def]
    assert any(h.category == "pii" for h in rules.check(reply).hits)
