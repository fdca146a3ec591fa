"""Session 41: numbers in disguise (groups joined by 、 ， ； ;, O / I / l / S for digits, digits
and digit words together with double / triple / treble), emails
said aloud ("at sign", "at the rate", 圈a, 小老鼠, at 符号, "underscore" / "hyphen" in the name),
LINE after 賴 / "my line", Telegram after 飞机号: masked in what the console, logs, tail, search
and export show, refused in an agent's reply; the same marks and words in ordinary text left."""

from __future__ import annotations

import pytest

from loancs.core.pii import _quiet, _scan, find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

_RULES = RULES


def _pii_rules(text: str) -> list[str]:
    return [h.rule for h in _RULES.check(text).hits if h.category == "pii"]


# (a customer's text, what must not show after mask_text, the kind found)
_PERSONAL = [
    # groups joined by 、 ， ； ;
    ("手機：0912、345、678，晚上再打給我", "345、678", "mobile"),
    ("联系方式：139，0012，7788（全角逗号隔开的）", "0012，7788", "mobile"),
    ("我妹妹电话 150、5566、7788，她是担保人", "5566、7788", "mobile"),
    ("我老公电话 186 、1234 、0000", "1234", "mobile"),
    ("备用号码：136；2299；8811，找李先生", "2299；8811", "mobile"),
    ("my dad's mobile 158、6677、1020 (he's the guarantor)", "6677", "mobile"),
    ("银行卡 6225、8801、2345、6789 扣款失败，换一张", "8801", "bank_card"),
    # O / I / l / S for digits
    ("call me on O79II 4O2 88I after six", "4O2 88I", "mobile"),
    ("手机 I86 OOI2 3456，字母是故意的", "OOI2 3456", "mobile"),
    ("whatsapp me on O78OO 5I2 34O", "5I2 34O", "mobile"),
    ("text my brother: O7S00 900 123", "900 123", "mobile"),
    ("電話 O9I2 345 6789", "345 6789", "mobile"),
    # emails said aloud
    ("my email is j dot okafor at sign yahoo dot com", "okafor", "email"),
    ("mail id rahul underscore k at the rate gmail dot com", "rahul", "email"),
    ("my e-mail is tom hyphen reid at btinternet dot com", "tom", "email"),
    ("my gmail is kwame dot mensah at symbol gmail dot com", "mensah", "email"),
    ("邮箱是 zhaolei 圈圈a sina 点 cn", "zhaolei", "email"),
    ("信箱 chiayi.lin 小老鼠 gmail 點 com", "chiayi.lin", "email"),
    ("邮箱 wangjun88 at 符号 163 点 com", "wangjun88", "email"),
    ("邮箱是 liuyang2001 a圈 126 点 com", "liuyang2001", "email"),
    # LINE after 賴 / 賴帳號 / LINE帳號 / my line; Telegram after 飞机号
    ("加我賴 amy_0507，比較快", "amy_0507", "wechat"),
    ("我的賴帳號是 chen.yuting88", "chen.yuting88", "wechat"),
    ("LINE帳號：weiwei_tw 有問題傳訊息", "weiwei_tw", "wechat"),
    ("我賴ID是 tkchen_77，晚上回", "tkchen_77", "wechat"),
    ("add my line somchai.k88 pls", "somchai.k88", "wechat"),
    ("飞机号 kevin_wu77，电报上联系", "kevin_wu77", "wechat"),
    ("飛機號：jason_lin88", "jason_lin88", "wechat"),
    # a number read out in digits and words together, double / triple / treble among them
    ("mobile 0-7-double-7-9-1-2-3-4-5-6", "9-1-2-3-4-5-6", "mobile"),
    ("my number is oh 7 seven double 0 nine, 1 2 3 4 5", "1 2 3 4 5", "mobile"),
    ("call me on 07700-double-nine-1-2-3-4", "1-2-3-4", "mobile"),
    ("mobile: 0 7 treble seven 0 9, 4 5 6 7", "4 5 6 7", "mobile"),
    ("ring my wife on oh four one two, 3 4 5, six 7 8", "six 7 8", "mobile"),
    ("my mobile is oh seven nine one one, treble four, five six seven", "five six seven", "mobile"),
]
_AGENT_REFUSED = [
    ("您的电话是 139，0012，7788 对吗？", "pii.mobile"),
    ("Noted: O7911 223 344 is your new mobile.", "pii.mobile"),
    ("Thanks, I've added your LINE amy_0507 and will send the form there.", "pii.wechat"),
    ("Confirming your email as j dot okafor at sign yahoo dot com.", "pii.email"),
    ("So your mobile is 0 7 treble seven 0 9, 4 5 6 7, right?", "pii.mobile"),
]
_ORDINARY = [
    "第1、3、5期已经还了",
    "第2、4、6期已还，第8、10期没还",
    "利息分别是 120、240、360 元",
    "三笔：138、1234、5678 元",
    "三笔：268、1580、3990 元",
    "型号 A100、B200、C300 都有货",
    "2024、2025、2026 三年的账单",
    "分3、6、12、24期都可以",
    "model KO-2OO router, firmware v1.O",
    "Model O4I2 router, firmware 7.OO",
    "SOS, I lost my job in 2O25",
    "Galaxy S23 Ultra, Android 14",
    "I'm at the bank at 3, can we talk after",
    "we charge interest at the rate of 9.9% a year",
    "小老鼠咬坏了我的合同，能补一份吗",
    "朋友圈看到你们的广告，3期免息是真的吗",
    "我在賴床，十點再打給我",
    "他想賴帳，三期都沒還",
    "信賴你們才借的，利率 3.5% 對嗎",
    "my line manager approved the leave, I'll pay on the 5th",
    "your line was busy at 10am",
    "坐飞机去上海，落地给你回电话",
    "飞机票 1280 元也算消费贷吗",
    "I paid 2 two hundred pound instalments and 1 one-off fee, call me",
    "call me at 5 or five thirty, not 6",
    "phone line was down for 2 days, three times in 1 month",
    "I owe 1 thousand 2 hundred, can you call me back",
]


@pytest.mark.parametrize(("text", "secret", "kind"), _PERSONAL)
def test_a_disguised_or_spoken_contact_is_masked(text: str, secret: str, kind: str) -> None:
    masked = mask_text(text)
    assert secret not in masked, masked
    assert kind in [p.kind for p in find_pii(text)]
    assert not _quiet(text) and may_hold_pii(text)


@pytest.mark.parametrize(("text", "rule"), _AGENT_REFUSED)
def test_an_agent_repeating_one_is_refused(text: str, rule: str) -> None:
    result = _RULES.check(text)
    assert rule in [h.rule for h in result.hits], result.hits
    assert result.verdict == "block"


@pytest.mark.parametrize("text", _ORDINARY)
def test_ordinary_text_is_neither_masked_nor_refused(text: str) -> None:
    assert mask_text(text) == text
    assert _scan(text) == []
    assert _pii_rules(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我想咨询一下房贷提前还款的违约金和手续费，谢谢",
        "我已经还了3期了，下个月15号还款",
        "I paid 3 instalments already, is the next one due on the 15th?",
        "賴床了，晚點再說",
    ],
)
def test_plain_messages_keep_their_quick_answer(text: str) -> None:
    assert _quiet(text)
    assert find_pii(text) == []
