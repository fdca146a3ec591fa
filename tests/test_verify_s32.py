"""Session 32 verify: the masking policy (pii.py, b6614d6e) checked with agent replies written by
verify before reading pii's data or tests (/tmp/verify/s32/*.txt).

- FIXED here (pii.py ``_lenders_own``, verify, owner pii told): the lender's own repayment account, pasted the way agents paste it (a "bank details" block, one
  label a line, or label: value sentences, the payee / account holder named after the number),
  must pass: the owner word is on another line or after the number, and the account now blocks as
  a person's (pii.bank-account). Same for the lender's document mailbox when the reply tells the
  borrower to send something to it ("email the payslips to underwriting@...", 发到邮箱 ...): the
  mailbox's name is not a role word, and 您 / your as the SENDER read as the owner.
- A borrower's account read back in a reply must block: today only a UK sort code's account and an
  IBAN are read, so "your account 50100234567890" (India) and "your account 483920174, routing
  021000021" (US) pass unmasked.
Open on main when landed (requests.md, "## verify"): strict, so the fix turns these into XPASS
failures and the owner drops the mark with the fix."""

from __future__ import annotations

import pytest

from loancs.core.pii import mask_text
from tests.compliance_asserts import RULES, passes

OPEN = pytest.mark.xfail(strict=True, reason="verify s32: open (pii.py _lenders_own)")


def _why(text: str) -> list[tuple[str, str]]:
    return [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "Bank details:\nAccount name: Acme Finance Ltd\nAccount number: 12345678\nSort code: 20-00-00",
        "Account name: Acme Finance Ltd\nSort code: 20-00-00\nAccount no: 12345678\nReference: your loan number",
        "Payee: Acme Finance Ltd. Account: 55667788. Sort code: 30-95-12. Reference: LN204411.",
        pytest.param(
            "Please use these details for the payment. Sort code 20-00-00. Account 12345678. Name Acme Finance.",
            marks=OPEN,  # (no label, no owner word: still a person's)
        ),
        # variants in other words, written after the fix (pii.py _lenders_own)
        "Our details for the transfer:\nName: Acme Lending Ltd\nSort code: 40-47-84\nAccount: 70872490",
        "Beneficiary name: Acme Finance PLC\nIBAN: GB82 WEST 1234 5698 7654 32",
        "IBAN GB82 WEST 1234 5698 7654 32 (beneficiary: Acme Finance Ltd)",
        "IBAN: GB29 NWBK 6016 1331 9268 19\nBIC: NWBKGB2L\nAccount holder: Acme Finance Ltd",
        "For international transfers use IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, account holder Acme Finance GmbH.",
    ],
)
def test_lenders_bank_details_block_passes(text: str) -> None:
    assert passes(text), _why(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please email the payslips to underwriting@acmefinance.co.uk and we'll review them within two working days.",
        "You can send the documents to verification@acmefinance.co.uk.",
        "Kindly forward your ID to kyc@acmefinance.com.",
        "Email your proof of address to onboarding@acme.co.uk and we'll update the file.",
        "您可以把工资流水发到邮箱 shenhe@anxinjr.com，我们会在两个工作日内审核。",
        "请把身份证照片发到 ziliao@anxinjr.com。",
        # variants in other words, written after the fix
        "Forward the screenshot to receipts@acmelend.com so we can match the payment.",
        "Could you upload the signed form to docs-intake@acmefinance.co.uk today?",
        "麻烦把还款凭证发送至 pingzheng@anxinjr.com。",
        "您把收入证明上传到 upload@anxinjr.cn 就行。",
    ],
)
def test_lenders_document_mailbox_passes(text: str) -> None:
    assert passes(text), _why(text)


# (closed by pii s33: an account read by its bank's name or word beside it)
@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("Your salary account 50100234567890 at HDFC is where we'll debit the EMI, IFSC HDFC0000123.", "50100234567890"),
        ("The disbursal went to your account 483920174, routing 021000021, yesterday.", "483920174"),
    ],
)  # fmt: skip
def test_borrowers_account_outside_uk_blocks(text: str, digits: str) -> None:
    assert any(h.rule == "pii.bank-account" for h in RULES.check(text).hits), _why(text)
    assert digits not in mask_text(text)


# Guards (pass on main): what the policy blocks today stays blocked.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We have your account as 12345678, sort code 20-00-00, is that still correct for the direct debit?", "pii.bank-account"),
        ("Your wife's email mary.jones@yahoo.co.uk is listed as the secondary contact.", "pii.email"),
        ("I'll send the agreement to priya.sharma@outlook.com as you asked.", "pii.email"),
        ("您留的微信号是 zw_19880312，我们稍后加您。", "pii.wechat"),
        ("您的出生日期是1990年5月6日，身份证信息已核对。", "pii.dob"),
        # a person's, sent by us or to a relative, or a person's details block: still blocks
        ("We've sent the agreement to your email mark.t@gmail.com.", "pii.email"),
        ("Could you forward it to your brother's address b.okafor@yahoo.com?", "pii.email"),
        ("I emailed it to tunde.bello@gmail.com as you asked.", "pii.email"),
        # a mailbox on a public mail service stays a person's even where someone is told to write to it
        ("Please send the statement to kelvin.ong88@gmail.com, my wife reads it.", "pii.email"),
        ("Account name: John Smith\nSort code: 20-00-00\nAccount number: 12345678", "pii.bank-account"),
        ("Your details:\nName: Mr J Smith\nIBAN: GB33 BUKB 2020 1555 5555 55", "pii.bank-account"),
        ("我们已发送到您的邮箱 li.na88@qq.com。", "pii.email"),
        ("请把合同发到您太太的邮箱 wang.li@163.com 吗？我们这边核对一下。", "pii.email"),
    ],
)  # fmt: skip
def test_borrowers_details_read_back_block(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], _why(text)


# ---------------------------------------------------------------- English readers (765317d6, 8f6eae78)
# verify's 43 English replies and 31 variants (/tmp/verify/s32/en_*.txt, written before reading
# english's data): verdicts identical on 54da64f3 and main except "I'll ring you at 3:30 this
# afternoon" (now passes). Families the commits name, in other words, still missed:
EN_OPEN = pytest.mark.xfail(strict=True, reason="verify s32: open (english, concepts.py)")


@EN_OPEN
@pytest.mark.parametrize(
    "text",
    [
        # a track record ending "you're next" (765317d6)
        "We've helped 500 people like you this month, you're next.",
        # night rounds / a visit after 10pm (8f6eae78)
        "Our team does its rounds after 10pm, so make sure someone's home.",
        # no-check as what we do not bother with (765317d6)
        "We won't bother looking at your file with the bureaus.",
    ],
)
def test_named_english_families_in_other_words_flag(text: str) -> None:
    assert not passes(text), _why(text)


# closed by model s44 (the English model retrained on s44's data with paraphrases: its
# approval-guarantee class reads the certainty before a planning imperative)
@pytest.mark.parametrize(
    "text",
    [
        "Relax, this one is basically done, go ahead and book the flights.",
        "Consider it sorted, you can start packing for the move.",
        # closed by model s47 (approval-guarantee retrained with 3-4-grams and probe48m1's
        # plan promises; no training row near it: nearest development row 0.26)
        "Between us, the answer is going to be yes, so book the venue.",
    ],
)
def test_named_english_families_closed_by_the_model_flag(text: str) -> None:
    assert not passes(text), _why(text)


@EN_OPEN
@pytest.mark.parametrize(
    "text",
    [
        # a credit check we DO run, and a reassurance that nobody is arrested
        "Students can apply if they have a regular income; we'll still check your credit file like anyone else's.",
    ],
)
def test_lawful_english_replies_pass(text: str) -> None:
    assert passes(text), _why(text)


# closed by recall s46 (contact._en_bare_clock: a bare "3:30" in an English sentence is not 03:30)
def test_afternoon_call_back_passes() -> None:
    text = "We'll call you back this afternoon around 3:30 to go through the options."
    assert passes(text), _why(text)


# closed by english s34 (scope.en_condition: a student product's condition, "subject to status")
@pytest.mark.parametrize(
    "text",
    [
        # a lawful school fees loan offered to parents, with APR and status
        "Yes, we do offer a school fees loan for parents; the APR is 19.9% representative and it is subject to status.",
        "Your daughter's school fees can be covered under our education loan, subject to approval and an affordability check.",
    ],
)  # fmt: skip
def test_lawful_school_fees_offers_pass(text: str) -> None:
    assert passes(text), _why(text)


def test_a_reassurance_that_nobody_is_arrested_passes() -> None:
    """Closed in session 33 (947ce2dd: "not a crime / a civil matter" after ";" excuses the threat)."""
    text = (
        "Please don't worry, a missed payment won't lead to arrest; it is a civil matter and"
        " we'll work with you on a plan."
    )
    assert passes(text), _why(text)
