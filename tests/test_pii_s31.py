"""Session 31's personal-data families (helper pii): what session 30 left unread.

A mistyped ID or card (a wrong check digit) is personal data just after a word that names it
("HK ID card Z683365(2)", "NRIC T0123456I", 卡号 6222 0212 3456 7890 123): the borrower typed
their own number wrong. With no such word the check digit decides, so a reference built the
same way stays readable. Also: an HKID with its check digit after a space, an NI number, an
NRIC or an HKID in a Chinese message (read behind an ID word, not nine digits in a row), a
card read out as "four one one one ..." (two digit words), a landline the context says is
the borrower's or a relative's ("my home number is 020 7946 0000", 我家座机021-6234 5678,
(02) 2345-6789), and an officer's number ("officer" is no "office": a collector's mobile is
his). Every case but the guards fails on 9257c7a6."""

from __future__ import annotations

import pytest

from loancs.core.assistant.slots import extract
from loancs.core.assistant.text import fold
from loancs.core.compliance import RuleSet
from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    """The shipped rules, uncached, compiled once a process (tests/compliance_asserts.py):
    the tests only check with them."""
    return RULES


PERSONAL = [
    # an HKID with its check digit after a space (after an ID word)
    ("hkid G441624 3 — can you update it", "G441624"),
    ("My Hong Kong identity card is R572039 6", "R572039"),
    ("我的香港身份证号码 Y302185 6", "Y302185"),
    ("本人香港身分證D120943 5，請核對", "D120943"),
    # a wrong check digit just after an ID word
    ("HK ID card Z683365(2), I need 3000 by Friday", "Z683365"),
    ("我的香港身份证是K904217(5)", "K904217"),
    ("NRIC T0123456I — that's mine", "0123456"),
    ("FIN no. G1234567Q for my work pass", "1234567"),
    ("我的新加坡身份证 S7654321H", "7654321"),
    ("新加坡NRIC：S9012345I，请帮我核实", "9012345"),
    # an NI number in a Chinese message
    ("英国国民保险号 WL184230B", "184230"),
    ("我的NI号码是JT375912C，麻烦更新", "375912"),
    ("National Insurance 号 SK930127D 已经发给你们了", "930127"),
    # a card with a wrong digit just after a card word
    ("my card number is 4532 0151 1283 0361, please charge it", "1283 0361"),
    ("Debit card 6222 0212 3456 7899 was declined", "3456 7899"),
    ("我的银行卡号6217 0012 3456 7898，扣款失败了", "3456 7898"),
    ("卡号6222 0212 3456 7890 123，打到这张卡上", "3456 7890"),
    # the test card read out in two digit words
    (
        "My card is four one one one one one one one one one one one one one one one",
        "one one one one one",
    ),
    (
        "card: four one one one, one one one one, one one one one, one one one one",
        "one one one one,",
    ),
    # landlines the context says are the borrower's or a relative's
    ("call me on 03-7777 1234 after lunch", "7777 1234"),
    ("My home number is 020 7946 0000", "7946 0000"),
    ("my mum's landline is (02) 2345-6789, she knows about the loan", "2345-6789"),
    ("我家座机021-6234 5678，白天有人", "6234 5678"),
    ("我妈妈的电话 (02) 2345-6789", "2345-6789"),
    ("我家里座机 (0755) 1234-4321", "1234-4321"),
    ("my sister's home phone: 04-8765 4321", "8765 4321"),
    # an officer's number is the officer's
    ("Officer Tan said to call him on 012-987 6543", "987 6543"),
    ("the loan officer's phone is 0803 123 4567, he never picks up", "123 4567"),
    ("My probation officer's number is 0712 345 678", "345 678"),
]


@pytest.mark.parametrize(("text", "secret"), PERSONAL)
def test_the_family_is_masked(text: str, secret: str) -> None:
    assert may_hold_pii(text)
    assert find_pii(text)
    assert secret not in mask_text(text)


AGENT_REPLIES = [
    "Your HK ID card Z683365(2) is on file",
    "NRIC T0123456I confirmed",
    "我们已记录您的卡号6222 0212 3456 7890 123",
    "I'll call your landline (02) 2345-6789 tomorrow, my number is for you",
    "Officer Tan's mobile is 012-987 6543",
]


@pytest.mark.parametrize("text", AGENT_REPLIES)
def test_an_agent_reply_holding_one_is_blocked(text: str, rules: RuleSet) -> None:
    result = rules.check(text)
    assert result.verdict == "block"
    assert any(h.category == "pii" for h in result.hits)


READABLE = [
    # no ID word: a failing check digit keeps it readable (the reference reading)
    "Order Z683365(5) shipped yesterday",
    "Ticket T0123456Z has been closed",
    "Part G441624 3 is back in stock",
    "工单编号 K417302 3 已处理",
    "订单号 WL184230B 已发货",
    "model AB102938D",
    # a card-shaped reference, no card word (Luhn passes by chance)
    "tracking no. 3171234567890001",
    "流水号 3578105203880003",
    "流水号 6222 0212 3456 7890 123 已入账",
    # lines the lender or a business answers
    "Call us on 03-7777 1234 for help",
    "our office number is 020 7946 0000, ask for accounts",
    "客服热线021-6234 5678，工作日9点到18点",
    "门店电话 (02) 2345-6789",
    "The branch landline is 0161 345 6789",
    "Please call our office on 03-2123 4567 and ask for an officer",
    "请拨打我们的座机 (0755) 1234-4321 咨询",
    # digit words that are no number
    "one one one, two two two, I counted them all",
    "Step one, step two, step three, then four and five and you are done",
]


@pytest.mark.parametrize("text", READABLE)
def test_a_reference_or_a_business_line_stays_readable(text: str) -> None:
    assert mask_text(text) == text


def test_a_mistyped_hkid_is_not_read_as_the_loan_amount() -> None:
    # (verify-s30: "HK ID card Z683365(5)" became amount=683365 in the hand-off summary)
    slots = extract(fold("HK ID card Z683365(2), I want to borrow 3000"))
    assert "683365" not in " ".join(str(v) for v in slots.values())
    assert slots.get("amount") == 3000


# ---------------------------------------------------------------- step 2: accounts, IDs, contacts
# (numbers built with their check digits; none is a real person's)
ACCOUNTS_AND_IDS = [
    # IBANs (ISO 13616 mod 97), grouped or not, in English and Chinese
    ("IBAN GB82 WEST 1234 5698 7654 32 is my account", "5698 7654"),
    ("please refund to DE89370400440532013000", "0532013000"),
    ("退款请打到我的账户 IBAN：FR14 2004 1010 0505 0001 3M02 606", "0505 0001"),
    ("refund pls to NL91ABNA0417164300 thx", "0417164300"),
    # a UK account number beside its sort code
    ("sort code 20-00-00, account number 55779911", "55779911"),
    ("Pay it into my Barclays: 20-32-06 31926819", "31926819"),
    ("我的英国账户 sort code 30-94-57，账号73849201", "73849201"),
    # Thai, Indonesian and Philippine IDs
    ("Thai ID 1-1037-00123-45-8", "00123"),
    ("泰国身份证号码 1709900456124", "1709900456124"),
    ("my KTP number is 3275 0146 0190 0002", "0190 0002"),
    ("e-KTP: 3174051289010003", "3174051289010003"),
    ("SSS number 34-1234567-8", "1234567"),
    ("TIN 123-456-789-000 for the loan form", "456-789"),
    ("UMID CRN 0028-1234567-8", "1234567"),
    ("My PhilSys PCN is 1234-5678-9012-3456", "5678-9012"),
    # Thai and Vietnamese mobiles with their country code; an Indonesian one after WA / hubungi
    ("my number is +66 81 234 5678", "234 5678"),
    ("我在泰国的手机 +66 89 876 5432", "876 5432"),
    ("số của tôi +84 912 345 678", "345 678"),
    ("hubungi 081355501234", "55501234"),
]
CONTACTS = [
    ("my email is kofi.mensah@gmail.com", "kofi.mensah"),
    ("my email is zhang.wei88 at gmail dot com", "zhang.wei88"),
    ("email me: jsmith1990 [at] outlook [dot] com", "jsmith1990"),
    ("m a r y a n n @ g m a i l . c o m", "r y a n n"),
    ("我的邮箱 liu_fang AT 163 DOT com", "liu_fang"),
    ("邮箱是 wang.fang1990@163.com", "wang.fang1990"),
    ("我的微信号是zhangsan_1988，加我一下", "zhangsan_1988"),
    ("加我微信 wxid_k2j3h4g5", "wxid_k2j3h4g5"),
    ("my WeChat ID: lily-chen88", "lily-chen88"),
    ("Name: Chen Wei, DOB 12/03/1988", "12/03"),
    ("张伟，出生日期1990年5月8日", "5月8日"),
    ("My wife Priya was born on 23 March 1979", "23 March"),
    ("借款人李娜 生日 1992.11.30", "11.30"),
]


@pytest.mark.parametrize(("text", "secret"), ACCOUNTS_AND_IDS + CONTACTS)
def test_accounts_ids_and_contacts_are_masked(text: str, secret: str) -> None:
    assert may_hold_pii(text)
    assert secret not in mask_text(text)


def test_the_masked_forms_keep_what_an_agent_needs() -> None:
    assert mask_text("my email is kofi.mensah@gmail.com") == "my email is ko***@gmail.com"
    assert mask_text("Name: Chen Wei, DOB 12/03/1988") == "Name: Chen Wei, DOB **/**/1988"
    assert mask_text("sort code 20-00-00, account number 55779911") == (
        "sort code 20-00-00, account number ****9911"
    )
    assert mask_text("please refund to DE89370400440532013000") == (
        "please refund to DE89**************3000"
    )


STILL_READABLE = [
    "Reference GB82 is on the letter",
    "Promo code GB82WEST is valid until Friday",
    "Our sort code is 20-00-00 for repayments",
    "ticket 11-22-33 opened for 87654321 users",
    "tracking no. 3171234567890001",
    "Order 3-1006-00987-65-9 shipped",
    "We support WeChat Pay and Alipay",
    "WeChat ID customer service said call 10086 for the SMS problem",
    "My WeChat ID support team never replied",
    "微信支付成功，金额3000元",
    "请关注我们的微信公众号 loancs_help",
    "The deadline is 05/06/2026, don't miss it",
    "Date of birth field is required on page 2",
    "I was born in 1990, can I still apply?",
    "生日快乐！送你优惠券",
    "Write to support at our website, it takes 2 days",
    "I paid at 7-eleven.com",
    "The underwriting step is just us dotting the i's, the money's yours.",
]


@pytest.mark.parametrize("text", STILL_READABLE)
def test_ordinary_lines_near_the_new_forms_stay_readable(text: str) -> None:
    assert mask_text(text) == text


def test_a_contact_or_account_blocks_an_agent_reply_as_ids_do(rules: RuleSet) -> None:
    # (session 32, the lead's policy: a borrower's email, WeChat ID, date of birth or account
    # blocks like an ID; the lender's own does not: tests/test_pii_s32.py)
    assert rules.check("Your email kofi.mensah@gmail.com is on file").verdict == "block"
    assert rules.check("Email us at help@acmeloans.com").verdict == "ok"
    assert rules.check("Your Thai ID 1-1037-00123-45-8 is on file").verdict == "block"


# ---------------------------------------------------------------- step 3: the rule says what it is
@pytest.mark.parametrize(
    ("text", "rule", "said"),
    [
        ("Your Thai ID 1-1037-00123-45-8 is on file", "pii.national-id", "national ID"),
        ("NRIC T0123456I confirmed", "pii.national-id", "national ID"),
        ("Your HK ID card Z683365(2) is on file", "pii.national-id", "national ID"),
        ("Taiwan ID A290934065 verified", "pii.national-id", "national ID"),
        ("NI number AB 12 34 56 C noted", "pii.national-id", "national ID"),
        ("SSS number 34-1234567-8 noted", "pii.national-id", "national ID"),
        ("Passport number 533381907 received", "pii.passport", "passport"),
        ("我们已收到您的护照号E12345678", "pii.passport", "passport"),
        ("您的身份证号11010519491231002X已登记", "pii.id-card", "resident ID"),
    ],
)
def test_an_id_blocks_with_the_words_for_what_it_is(
    text: str, rule: str, said: str, rules: RuleSet
) -> None:
    # (session 30 said "resident ID" for every one of them: verify-s30)
    hits = [h for h in rules.check(text).hits if h.category == "pii"]
    assert [h.rule for h in hits] == [rule], hits
    english = [h for h in rules.check(text, lang="en").hits if h.category == "pii"]
    assert said in english[0].message
