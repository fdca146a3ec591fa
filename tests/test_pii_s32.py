"""Session 32 (pii): whose an account / email / WeChat ID is (the lead's policy), references
that look like cards or IDs, and forms nobody read before. Numbers are built with their check
digits; none is a real person's."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def _pii_rules(rules, text: str) -> list[str]:
    return sorted(h.rule for h in rules.check(text).hits if h.category == "pii")


# ---------------------------------------------------------------- the policy: a person's blocks
PERSON = [
    # (text, the rule, what must not show after masking)
    ("I've updated your email to priya.n+loans@gmail.com as you asked.", "pii.email", "priya.n"),
    ("您的邮箱 wangfang_1990@163.com 已绑定，账单会发到这里。", "pii.email", "wangfang_1990"),
    ("We emailed your husband at m.okonkwo@outlook.com about the arrears.", "pii.email", "okonkwo"),
    ("Just to confirm, the address we hold for you is sam.k.lee@protonmail.com", "pii.email", "k.lee"),
    ("Sent the statement to tan.wei.ling at hotmail dot com just now", "pii.email", "wei.ling"),
    ("Your WeChat ID is zhangwei_1988, our team will add you today.", "pii.wechat", "zhangwei_1988"),
    ("您母亲的微信lisa_mama77我们已经添加了。", "pii.wechat", "lisa_mama77"),
    ("Got it, your WeChat handle is peng-li1991", "pii.wechat", "peng-li1991"),
    ("Your date of birth on file is 14/07/1986, please confirm.", "pii.dob", "14/07"),
    ("您登记的出生日期为1985年6月12日，核对无误。", "pii.dob", "6月12"),
    ("Records show the customer was born on 02/11/1975.", "pii.dob", "02/11"),
    ("Your IBAN GB33 BUKB 2020 1555 5555 55 has been saved for the refund.", "pii.bank-account", "2020 1555"),
    ("We'll refund into the IBAN you gave us: IE29 AIBK 9311 5212 3456 78", "pii.bank-account", "9311 5212"),
    ("Your guarantor's account 73619482, sort code 20-45-77, was debited.", "pii.bank-account", "73619482"),
    ("您提供的退款账户 FR1420041010050500013M02606 已登记。", "pii.bank-account", "20041010050500013"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "rule", "secret"), PERSON)
def test_a_persons_email_wechat_dob_or_account_is_masked_and_blocks(rules, text, rule, secret):
    assert secret not in mask_text(text)
    assert rule in _pii_rules(rules, text)
    assert rules.check(text).verdict == "block"


# ---------------------------------------------------------------- the lender's own: readable
LENDER = [
    "Please pay to IBAN GB82 WEST 1234 5698 7654 32 (Acme Loans Ltd).",
    "Our bank details for repayments: IBAN GB82WEST12345698765432, reference your loan number.",
    "Transfer the instalment to our collection account DE89 3704 0044 0532 0130 00.",
    "Kindly remit the arrears to Acme Credit Ltd, IBAN GB02 BARC 2004 0412 3456 78",
    "还款账户（我司）：IBAN GB82WEST12345698765432，户名 Acme Loans Ltd",
    "Make your payment to sort code 20-00-00, account 55779911 (Acme Loans).",
    "To repay by bank transfer use sort code 04-00-04 and account 88776655, reference LN2231",
    "Email us at support@acmeloans.com and we'll reply within a day.",
    "For any dispute write to disputes@acmecredit.co.uk",
    "You can reach our collections team at collections@acme-loans.com",
    "客服邮箱：kefu@jieqian.cn，工作日回复",
    "关注官方微信 acmeloan_cs 可查询账单",
    "添加客服微信：jieqian_kefu01，备注订单号",
    "您可以添加我们的官方微信号 jieqian_official 获取电子账单",
]


@pytest.mark.parametrize("text", LENDER)
def test_the_lenders_own_account_email_or_wechat_is_neither_masked_nor_blocked(rules, text):
    assert mask_text(text) == text
    assert _pii_rules(rules, text) == []


def test_the_warning_says_what_it_is(rules):
    hit = next(
        h for h in rules.check("Your DOB is 03/04/1981", lang="en").hits if h.category == "pii"
    )
    assert "date of birth" in hit.message and "**/**/1981" in (hit.suggestion or "")
    hit = next(h for h in rules.check("您的邮箱 wangfang_1990@163.com", lang="zh").hits)
    assert "邮箱" in hit.message and "wa***@163.com" in (hit.suggestion or "")
    hit = next(h for h in rules.check("Your WeChat ID is zhangwei_1988", lang="en").hits)
    assert "WeChat" in hit.message


@pytest.mark.parametrize(
    "text",
    [
        "生日快乐！本月还款日为2026年12月15日",
        "出生地为上海，合同日期2025-06-01",
        "Please confirm your date of birth (DD/MM/YYYY) to continue.",
        "WeChat ID please, so we can add you",
        "wechat is better for me than email",
        "WeChat is usually faster for payment",
        "WeChat ID customer service said call 10086",
    ],
)
def test_a_date_or_word_that_is_no_ones_birth_date_or_id_does_not_block(rules, text):
    assert _pii_rules(rules, text) == []
    assert mask_text(text) == text


# ---------------------------------------------------------------- references shaped like cards / IDs
@pytest.mark.parametrize(
    "text",
    [
        "The card transaction ID 4716230199881234 is what the bank needs.",
        "Card payment ref 4024007123456781 failed, try again",
        "debit transaction no. 4556 0011 2233 4454",
        "银行卡交易流水号6222009988776654，请保存",
        "刷卡订单号 5200001234123417",
        "payment ID 4111110000222237 confirmed by the card network",
        "Gift card code 6011 0000 1111 2222",
        "Your voucher card number is 5012 3456 7890 1236",
        "top-up card PIN 3333 4444 5555 6669",
        "购物卡卡号 6000123456789012 可在门店使用",
        "礼品卡密码：4123 4567 8901 2344",
        "ID: S1234567X is the parcel code",
        "Tracking: S8812345D is your parcel number",
    ],
)
def test_a_reference_or_store_card_shaped_like_a_card_or_id_stays_readable(rules, text):
    assert mask_text(text) == text
    assert _pii_rules(rules, text) == []


def test_a_card_after_its_word_is_still_masked():
    assert "0151 1283" not in mask_text("card no 4532 0151 1283 0361 exp 09/28")
    assert "4455 6677" not in mask_text("my debit card 4000 1234 4455 6677")


# ---------------------------------------------------------------- forms not read before
MASKED = [
    # WeChat ID said with "is" / more words
    ("my wechat id is zhang_wei88", "zhang_wei88"),
    ("Add my WeChat please, the ID is amy_chen09", "amy_chen09"),
    ("WeChat name / ID: sunny-li2020", "sunny-li2020"),
    ("我微信号码是hao123456，加我", "hao123456"),
    ("hi, wechat id for me is lucky_star99", "lucky_star99"),
    ("WeChat? yes mine is kevin_lau77", "kevin_lau77"),
    ("加我微信吧，号是 mei-mei2001", "mei-mei2001"),
    ("My Weixin account: tom-zhang2000", "tom-zhang2000"),
    # a date of birth before 出生
    ("我是1991年2月3日出生的", "2月3"),
    # a Philippine mobile named by its network or wallet; Tagalog "po" is no purchase order
    ("Globe number ko 09175550142", "5550142"),
    ("Smart ko po 0918 555 0142, dun nyo ako i-text", "555 0142"),
    ("GCash number ko 09175551234, dun nyo na lang i-refund", "5551234"),
    ("TNT ko 0947 555 0199 yan po", "555 0199"),
    # a South African ID (Luhn)
    ("My ID number is 9202204720083 for the loan", "9202204720083"),
    ("Hi, my wife's identity number is 7803150221083", "7803150221083"),
    # a UK mobile with "(0)"
    ("Call me on +44 (0)7700 900456 after six", "900456"),
    ("my son's number is 0044 (0)7700900777", "7700900777"),
    # a Singapore mobile in words
    ("my number is nine one two three, four five six seven lah", "nine one two three"),
    ("can call me at eight eight seven six five four three two", "eight eight seven"),
    # a Vietnamese CCCD / CMND
    ("số CCCD của tôi là 001088012345", "001088012345"),
    ("Căn cước công dân: 079 192 004 417", "079 192 004 417"),
    ("CMND số 024356789", "024356789"),
    # a passport in a sentence
    ("P4367512A is the number on my passport", "P4367512A"),
    ("My passport, issued in Manila last year, has number K4829103", "K4829103"),
    # an account in groups, a sort code with spaces
    ("sort code 60-16-13, account 4192 6819", "4192 6819"),
    ("account no 41 92 68 19, sort code 60 16 13", "41 92 68 19"),
    ("my acc is 1234-5678, sort code 40-11-62", "1234-5678"),
]


@pytest.mark.parametrize(("text", "secret"), MASKED)
def test_forms_not_read_before_are_masked(text, secret):
    assert may_hold_pii(text)
    assert secret not in mask_text(text)
    assert find_pii(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sun Life policy 0917222334 na po",
        "GCash reference 5012345678901",
        "Order 9501015001082 shipped",
        "Mã đơn hàng 001088012345 đã giao",
        "I have two kids, one is eight and one is four, plus three dogs",
        "Globe users call our hotline 0917 800 1234",
        "Pay it into my Barclays: 20-32-06 31926819",
    ],
)
def test_ordinary_numbers_beside_the_new_words_stay_readable(text):
    if text.startswith("Pay it into my"):  # (a guard: a person's account still masked)
        assert "31926819" not in mask_text(text)
    else:
        assert mask_text(text) == text
