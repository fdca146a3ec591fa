"""Session 40: two new personal-data kinds, a card's security code (cvv) and a car's plate
(plate): masked in what the console, logs, tail, search and export show, refused in an
agent's reply (pii.cvv, pii.plate), and an agent asking for a CVV refused too."""

from __future__ import annotations

import pytest

from loancs.core.pii import _quiet, _scan, find_pii, mask_text, mask_value, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

_RULES = RULES


def _pii_rules(text: str) -> list[str]:
    return [h.rule for h in _RULES.check(text).hits if h.category == "pii"]


# (a customer's text, the code / plate that must not show after mask_text)
_CVV = [
    ("the CVC on the reverse of my Visa is 882, can you take the payment now", "882"),
    ("3 numbers next to the signature strip: 263", "263"),
    ("it's an Amex so the CID is 7314", "7314"),
    ("card verification value 908, expiry 11/27", "908"),
    ("安全码047，卡号你们系统里有", "047"),
    ("卡背面那三位数是391，帮我扣一下", "391"),
    ("信用卡後面的驗證碼 625，麻煩幫我繳", "625"),
    ("my wife's debit card, the code on the back is 144", "144"),
    ("Amex, exp 08/28, the 4-digit code on the front is 0352", "0352"),
    ("CVV2码是 531，你们扣款吧", "531"),
    ("cvv2 - 2 9 4, that's everything on the card", "2 9 4"),
    # (other words, written apart from the set)
    ("the little number on the back, 558, is that what you need?", "558"),
    ("CVV: 0 4 9", "0 4 9"),
    ("卡背后三个数字：274", "274"),
]
_PLATES = [
    ("my number plate is KT68 XPL if you need it for the logbook loan", "KT68 XPL"),
    ("reg plate YA17RVB, silver Astra", "YA17RVB"),
    ("我的车牌号 苏E·5K8Q2，车还在按揭", "5K8Q2"),
    ("车牌浙A D88321（新能源绿牌），想做车抵贷", "D88321"),
    ("我架私家車車牌 PK 6392，想問可唔可以按", "6392"),
    ("我的車號是 BKK-5821，貸款還沒繳完", "5821"),
    ("My Texas plate is KBF-4921, the truck is collateral", "4921"),
    ("california plate 8ABC123 - the car I'm borrowing against", "8ABC123"),
    ("我爸的车 鲁B 7X332 也押在你们这", "7X332"),
    ("my car reg is LB07 SEO, it's a 2007 Fiesta", "LB07 SEO"),
    ("Registration: GX65 TNK (the Corsa I financed)", "GX65 TNK"),
    ("车是粤A·9Z3K1的白色卡罗拉", "9Z3K1"),
    ("my rego is XYZ 789", "XYZ 789"),
    ("車牌號碼：ARB-7762", "7762"),
]
_AGENT_REFUSED = [
    (
        "To finish the payment, could you read me the three digits on the back of your card?",
        "pii.cvv",
    ),
    ("麻烦提供一下您卡背面的CVV安全码，我这边帮您扣款", "pii.cvv"),
    ("What are the 3 numbers on the back of your card, please?", "pii.cvv"),
    ("Thanks, CVC 882 noted, taking the payment now.", "pii.cvv"),
    ("Got it, security code 417, I'll put the payment through now.", "pii.cvv"),
    ("您的车牌 苏E·5K8Q2 已登记为抵押车辆", "pii.plate"),
    ("We've logged your vehicle KT68 XPL against the loan.", "pii.plate"),
    ("您的车辆 粤B·D67213 已登记为抵押物", "pii.plate"),
]
# ordinary: neither masked nor refused
_ORDINARY = [
    "We will never ask for your CVV or the 3 digits on the back of your card",
    "任何要您提供卡背面三位数的都是诈骗",
    "本行人員不會向您索取信用卡背面的3碼驗證碼",
    "the payment page keeps saying the security code is wrong, 3 tries now",
    "安全码输错了3次，卡被锁了怎么办",
    "the verification code you texted me (481 something) expired",
    "Please never tell anyone your CVV, not even us.",
    "请勿向任何人透露卡背面的安全码",
    "You'll enter the security code on the payment page yourself.",
    "Field agents must only drive pool cars LK23 FNX or LK23 FNY",
    "公司外勤车辆：粤B·F1234、粤B·F5678，私用须报备",
    "Company vehicles GX21 ABC and GX21 ABD are pool cars",
    "公司车辆 粤B·F1234 仅限公务使用",
    "Vehicles with plates starting 'LK' are registered in London",
    "沪牌拍卖价今年涨到9万2了",
    "车牌摇号第12期还没中",
    "I spent 12 quid on a plate of noodles and 3 beers",
    "my car is a 2018 Corolla, 58,000 miles",
    "Acme Loans Ltd, company no. 09876543, registered in England",
    "Regulation (EU) 2016/679 (GDPR) article 17",
]


@pytest.mark.parametrize(("text", "secret"), _CVV)
def test_a_security_code_after_its_words_is_masked(text: str, secret: str) -> None:
    masked = mask_text(text)
    assert secret not in masked, masked
    assert [p.kind for p in find_pii(text)] == ["cvv"]
    assert not _quiet(text) and may_hold_pii(text)


@pytest.mark.parametrize(("text", "secret"), _PLATES)
def test_a_plate_stated_as_a_persons_is_masked(text: str, secret: str) -> None:
    masked = mask_text(text)
    assert secret not in masked, masked
    assert [p.kind for p in find_pii(text)] == ["plate"]


@pytest.mark.parametrize(("text", "rule"), _AGENT_REFUSED)
def test_an_agent_asking_for_or_repeating_a_code_or_plate_is_refused(text: str, rule: str) -> None:
    result = _RULES.check(text)
    assert rule in [h.rule for h in result.hits], result.hits
    assert result.verdict == "block"


@pytest.mark.parametrize("text", _ORDINARY)
def test_ordinary_text_is_neither_masked_nor_refused(text: str) -> None:
    assert mask_text(text) == text
    assert _pii_rules(text) == []


def test_a_customer_asking_about_a_cvv_is_not_a_request() -> None:
    # (the request is read in an agent's reply only: a customer's question masks nothing)
    text = "could you tell me where the CVV is on the card?"
    assert mask_text(text) == text
    assert _scan(text) == []


def test_masked_forms() -> None:
    assert mask_value("cvv", "882") == "***"
    assert mask_value("cvv", "0352") == "****"
    assert mask_value("cvv", "") == "***"
    assert mask_value("plate", "KT68 XPL") == "KT** ***"
    assert mask_value("plate", "苏E·5K8Q2") == "苏E·*****"
    assert mask_value("plate", "BKK-5821") == "BK*-****"


def test_the_explain_text_names_the_new_kinds() -> None:
    from loancs.commands.check_run import pattern_text

    assert pattern_text("pii: cvv (checksum)", "zh").startswith("个人信息：卡片安全码")
    assert pattern_text("pii: plate (checksum)", "zh").startswith("个人信息：车牌号")
    assert "request" in pattern_text("pii: cvv (checksum)", "en")
