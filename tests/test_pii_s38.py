"""Session 38: the Chinese message's quick answer (_ZH_QUIET) agrees with _quiet's steps."""

from __future__ import annotations

import random

import pytest

from loancs.core import pii
from loancs.core.pii import _quiet, _quiet_steps, find_pii, mask_text

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
    assert _quiet(text) == _quiet_steps(text)


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
    )
    answered = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 24)))
        if text.isascii():
            continue
        m = pii._ZH_QUIET.match(text)
        if m is not None and m.end() == len(text):
            answered += 1
        assert _quiet(text) == _quiet_steps(text), text
    assert answered > 100
