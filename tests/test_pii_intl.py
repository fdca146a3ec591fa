"""Personal numbers of other countries in English messages (session 29): passports said as
one, Indian PANs, Malaysian MyKads, mobiles written with a country code; numbers read out in
words and Singapore NRICs are masked as well as flagged; an English message's PII hit speaks
English. Masked numbers, landlines and office lines are not personal data."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        ("Scan of his passport attached, no. P1234567, pls verify", "passport", "P1234567"),
        ("her passport is A12345678 and it expires next year", "passport", "A12345678"),
        ("kindly note pan no. ahxpm7711k for the KYC", "national_id", "AHXPM7711K"),
        ("IC number 850101-14-5678, she is the co-borrower", "national_id", "850101145678"),
        ("whatsapp me at +63 917 555 0142 anytime", "mobile", "+63 9175550142"),
        ("his cell is +91 98450 12345, he picks up after 6", "mobile", "+91 9845012345"),
        ("Kenyan line +254 712 345678 belongs to the guarantor", "mobile", "+254 712345678"),
        ("reach her on +27 82 555 1234 tomorrow", "mobile", "+27 825551234"),
    ],
)
def test_a_foreign_number_is_found_masked_and_flagged(text: str, kind: str, secret: str) -> None:
    found = find_pii(text)
    assert [(p.kind, p.value) for p in found] == [(kind, secret)], found
    assert may_hold_pii(text)
    masked = mask_text(text)
    assert secret[-4:] in masked.replace(" ", "").upper()
    assert secret.replace(" ", "") not in masked.replace(" ", "").replace("-", "").upper()
    hits = [h for h in RULES.check(text).hits if h.category == "pii"]
    assert hits and all(h.severity == "block" for h in hits)
    assert all(h.suggestion.startswith("Use the masked form") for h in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "The Passport Office opens at 9, bring two photos.",
        "Your PAN ending 471G is already on file, thanks.",
        "Call our KL office on +60 3-2178 0000 during business hours.",
        "Singapore hotline +65 6123 4567 (office hours only).",
        "Mobile on file: +63 9**-***-0142.",
        "Ref 850101-14 was closed last year.",
        "I panicked and paid 4,500 twice, can you refund one?",
    ],
)
def test_office_lines_masked_and_partial_numbers_pass(text: str) -> None:
    assert find_pii(text) == []
    assert RULES.check(text).verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "my cell is nine one seven, five five five, two three eight one",
        "NRIC S8812345Z for the file",
    ],
)
def test_numbers_said_in_words_and_nric_are_masked(text: str) -> None:
    masked = mask_text(text)
    assert masked != text
    assert "2381" in masked or "345Z" in masked


def test_an_english_message_gets_the_english_mobile_suggestion() -> None:
    hits = RULES.check("Her number is 07700 900482, text her first.").hits
    assert [h.rule for h in hits] == ["pii.mobile"]
    assert hits[0].suggestion == "Use the masked form: 077****0482"
    assert hits[0].message.startswith("The message contains a full mobile number")
    zh = RULES.check("客户手机13812345678，请回电").hits
    assert zh[0].suggestion.startswith("改用掩码")
