"""Session 33 (pii): a bank account outside the UK read by the bank's name or the account's word
beside its digits, whose an account is when the side word comes AFTER it, a customer's "your
account" (the lender's), other countries' IDs. Numbers are made up (check digits where the form
has one); none is a real person's."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text
from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


def _pii_rules(rules, text: str) -> list[str]:
    return sorted(h.rule for h in rules.check(text).hits if h.category == "pii")


def _shown(masked: str, secret: str) -> bool:
    return secret.replace(" ", "") in masked.replace(" ", "")


# ------------------------------------------------- a person's account outside the UK: masked
# and, in an agent's reply, refused (pii.bank-account)
AGENT_ACCOUNTS = [
    ("Your checking account 483920174 (routing 021000021) is set up for autopay.", "483920174"),
    ("We refunded the overcharge to account # 7720019385, ABA 121000248.", "7720019385"),
    ("Your salary account 50100234567890 at HDFC, IFSC HDFC0000123, is linked for NACH.", "50100234567890"),
    ("EMI will be debited from your Axis account 9182 0304 5567 on the 5th.", "9182 0304 5567"),
    ("We have your GTBank account 0123456785 for the disbursement.", "0123456785"),
    ("您提供的银行账号 6217 0031 2345 6789 011（工商银行）已核实。", "0031 2345"),
    ("收款人：张伟，账号 6222021234567890123，请确认是否为您本人账户。", "6222021234567890123"),
    ("Your CIMB account 7012345678 will receive the payout.", "7012345678"),
    ("Your OCBC account no. 501234567001 is on file for GIRO.", "501234567001"),
    ("Your Meezan IBAN PK36SCBL0000001123456702 has been saved.", "0000001123"),
    # (variants in other words, written before they were run)
    ("Refund will be sent to the Kotak savings a/c 4512 3367 8890 you gave us.", "3367 8890"),
    ("We can see your Equity account 0170 2993 81234 is active.", "2993 81234"),
    ("您绑定的招商银行账户 7559 8877 6655 4433 221 已解绑", "8877 6655"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "secret"), AGENT_ACCOUNTS)
def test_a_persons_account_abroad_is_masked_and_refused(rules, text, secret):
    assert not _shown(mask_text(text), secret), mask_text(text)
    assert "pii.bank-account" in _pii_rules(rules, text)


CUSTOMER_ACCOUNTS = [
    ("direct deposit info: routing 021000021 acct 000123456789", "000123456789", "021000021"),
    ("my wife's Wells Fargo checking is 9102 3384 571, routing number 121000248", "3384 571", "121000248"),
    ("sir my SBI a/c no 30123456789 ifsc SBIN0004321 pls refund there", "30123456789", "SBIN0004321"),
    ("Abeg send am to my Access Bank 0698765438, name Chinedu Okafor", "0698765438", ""),
    ("我老婆的建行账号31050161373600005678，钱转她那里", "31050161373600005678", ""),
    ("my Maybank acc 5140 1234 5678, pls bank in there", "1234 5678", ""),
    ("DBS savings 072-345678-9 is mine, refund there can?", "345678", ""),
    ("BSB 062-000, acc 1234 5678 (CommBank), that's mine", "12345678", "062-000"),
    ("rekening BCA saya 1234567890 a.n. Budi Santoso", "1234567890", ""),
    ("6230 5822 0012 3456 786是我本人的账户", "0012 3456", ""),
    ("pls credit my UBA account, number is 2093344556", "2093344556", ""),
    ("RHB savings 1140 2233 4455 66 under Lim Wei", "2233 4455", ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "secret", "keep"), CUSTOMER_ACCOUNTS)
def test_a_customers_account_abroad_is_masked_and_the_banks_code_kept(text, secret, keep):
    shown = mask_text(text)
    assert not _shown(shown, secret), shown
    assert keep in shown


# ------------------------------------------------- the lender's own, the side word AFTER it
LENDER_AFTER = [
    ("IBAN GB82 WEST 1234 5698 7654 32 is our account for repayments.", "GB82 WEST 1234 5698 7654 32"),
    ("GB82WEST12345698765432 — that is Acme Loans' collection account.", "GB82WEST12345698765432"),
    ("Account 41234567, sort code 20-00-00 belongs to Acme Finance Ltd.", "41234567"),
    ("collect@acmefinance.co.uk is our payments mailbox", "collect@acmefinance.co.uk"),
    ("Sort code 20-00-00, account 73650012: that's our collections account.", "73650012"),
    ("GB29 NWBK 6016 1331 9268 19 - this is the Acme Finance repayment account.", "GB29 NWBK 6016 1331 9268 19"),
    ("账号 31050161373600001234，户名为我司（安信消费金融有限公司）", "31050161373600001234"),
    ("Bank in to Maybank 5140 9988 7766 (Acme Capital Sdn Bhd).", "5140 9988 7766"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number"), LENDER_AFTER)
def test_the_lenders_own_named_after_it_is_neither_masked_nor_refused(rules, text, number):
    assert number in mask_text(text)
    assert _pii_rules(rules, text) == []


def test_a_persons_account_named_after_it_is_still_theirs(rules):
    text = "88991122 is my account, sort code 40-47-84"
    assert "88991122" not in mask_text(text)


# ------------------------------------------------- a customer paying "your" account: the lender's
CUSTOMER_PAID_YOU = [
    ("I paid £200 into your account 55779911 yesterday, sort code 20-00-00", "55779911"),
    ("I transferred to your IBAN GB82WEST12345698765432 this morning", "GB82WEST12345698765432"),
    ("sent 5000 to your GTBank account 0123456785 this morning", "0123456785"),
    ("I emailed payslips to your underwriting@acmefinance.co.uk address", "underwriting@acmefinance.co.uk"),
    ("Already transferred 3000 to your GTBank acct 0123456785", "0123456785"),
    ("I have paid the instalment into your Barclays account 73650012 sort code 20-00-00", "73650012"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number"), CUSTOMER_PAID_YOU)
def test_a_customer_paying_your_account_sees_it_unmasked(text, number):
    assert number in mask_text(text)


def test_a_refund_to_your_account_is_still_the_borrowers(rules):
    text = "I've sent the refund to your account 55779911, sort code 20-00-00"
    assert "55779911" not in mask_text(text)
    assert "pii.bank-account" in _pii_rules(rules, text)


# ------------------------------------------------- numbers beside bank words that are no one's
NO_ONES = [
    "Chase's routing number is 021000021 for wires in New York.",
    "跨行转账需要联行号 102100099996，可在网银查询",
    "Transaction ID 7712345678 shows the payment went through.",
    "Paystack reference 1234567890 confirms your repayment.",
    "ring me, account 7012345678 shows the wrong balance",
    "Your loan account 2026120512345 is now closed.",
    "bank said reference 88776655443 for the transfer",
    "my salary is 1200000 naira a year",
    "HDFC's IFSC HDFC0000123 and routing 021000021 are public codes.",
]


@pytest.mark.parametrize("text", NO_ONES)
def test_bank_codes_references_and_amounts_stay_readable(rules, text):
    assert mask_text(text) == text
    assert _pii_rules(rules, text) == []


# ------------------------------------------------- other countries' IDs after their name
IDS = [
    ("CNIC 35202-1234567-1, Lahore", "1234567"),
    ("his CNIC number: 42101-7654321-9", "7654321"),
    ("my BVN is 22123456789 for the verification", "22123456789"),
    ("BVN: 22334455667", "22334455667"),
    ("his NIN 12345678901", "12345678901"),
    ("my Korean resident registration number is 850101-1234567", "1234567"),
    ("meu CPF é 123.456.789-09", "123.456.789"),
    ("my SIN is 046 454 286", "454 286"),
    ("SIN 527 190 342, he's the co-applicant", "190 342"),
    ("My Number (マイナンバー) 1234 5678 9012", "5678 9012"),
]


@pytest.mark.parametrize(("text", "secret"), IDS)
def test_other_countries_ids_after_their_name_are_masked(text, secret):
    assert not _shown(mask_text(text), secret), mask_text(text)
    assert any(p.kind == "national_id" for p in find_pii(text))


def test_an_agent_sending_a_sin_is_refused(rules):
    assert _pii_rules(rules, "Your SIN 130 692 544 is on the application.") == ["pii.national-id"]


def test_the_words_alone_find_nothing():
    for text in (
        "since 2019 I have paid 12345678 in total",
        "nine hundred thousand",
        "SINGAPORE 123456789",
    ):
        assert not any(p.kind == "national_id" for p in find_pii(text))


# ------------------------------------------------- the refusal says how to mark the lender's own
@pytest.mark.parametrize(
    ("text", "lang", "said", "marked"),
    [
        (
            "您提供的银行账号 6217 0031 2345 6789 011（工商银行）已核实。",
            "zh",
            "我司",
            "6217 0031 2345 6789 011 为我司账户",
        ),
        (
            "Your CIMB account 7012345678 will receive the payout.",
            "en",
            "our account",
            "7012345678 is our repayment account",
        ),
        ("客户登记的邮箱 shenhe@anxinjr.com", "zh", "我司邮箱", "shenhe@anxinjr.com 是我司邮箱"),
        ("加一下微信 kf_anxin01", "zh", "官方微信", "我司官方微信 kf_anxin01"),
    ],
)
def test_a_refusal_tells_the_agent_how_to_mark_the_lenders_own(rules, text, lang, said, marked):
    hits = [h for h in rules.check(text, lang=lang).hits if h.category == "pii"]
    assert hits and said in hits[0].message, hits
    assert _pii_rules(rules, marked) == []


def test_explain_names_the_new_kinds_in_chinese():
    from typer.testing import CliRunner

    from loancs.cli import app

    out = (
        CliRunner()
        .invoke(
            app,
            ["check", "您的银行账号 6217 0031 2345 6789 011 已核实", "--explain", "--lang", "zh"],
        )
        .stdout
    )
    assert "个人信息：银行账号" in out, out


# ------------------------------------------------- an email in tricks, a date of birth in words
@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("email me: priya [dot] nair [at] gmail [dot] com", "priya"),
        ("我的邮箱是 liuqiang1990 艾特 126 点 com", "liuqiang1990"),
        ("zhang [dot] wei [at] outlook [dot] com is my email", "zhang"),
        ("邮箱 wangwei 艾特 qq 点 com", "wangwei"),
        ("write to mei(dot)ling(at)yahoo(dot)com(dot)sg", "mei(dot)"),
    ],
)
def test_an_email_said_with_dot_and_at_words_is_masked(text, secret):
    shown = mask_text(text)
    assert secret not in shown and "***@" in shown, shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("I was born on the fifth of March, nineteen eighty-six", "born on the ** of March"),
        ("DOB: twelfth of June 1979", "DOB: ** of June 1979"),
        ("born on March the ninth, 1990", "March the **, 1990"),
        ("我是一九八八年三月五号出生的", "一九八八年*月*号出生"),
        ("出生日期：一九九零年十二月二十日", "一九九零年**月**日"),
        ("我一九九五年八月八号生的", "一九九五年*月*号生"),
    ],
)
def test_a_date_of_birth_in_words_keeps_only_its_year(text, shown):
    assert shown in mask_text(text), mask_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Agreement dated the fifth of December 2026.",
        "we meet at 3 点 in the office",
        "今日生效的合同",
        "生日礼包：12月生日的客户免一期利息",
    ],
)
def test_dates_and_words_that_are_no_ones_stay(text):
    assert mask_text(text) == text
