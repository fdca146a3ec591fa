"""Session 29's masking as users meet it (helper verify). mask_text is what the console's
conversation pane and inbox excerpt (an agent's get_conversation / list_conversations),
search results, `loancs tail`, `loancs export` and the event export show: a real server on a
temp database showed the same text in all of them for 64 messages (notes/verify.md).

Over-masking: a reference number that is built like a Malaysian MyKad (YYMMDD-SS-NNNN) but
whose "birth date" no borrower has (born 2020-2029: a child) is a slip, case or transfer
number the agent must read back, not an ID. Under-masking: a passport number or a mobile
with a country code in a CHINESE message (the new scans read messages with no CJK only); and
the assistant's hand-off summary, whose slot line ("槽位 amount=533381907") is not masked: the
slot reader took a passport, MyKad, NRIC, PAN or mobile's digits as the loan amount."""

from __future__ import annotations

import pytest

from loancs.core.assistant.slots import extract
from loancs.core.assistant.text import fold
from loancs.core.pii import mask_text


@pytest.mark.parametrize(
    "text",
    [
        "Slip no 261205-08-0042 from today's transfer, please check",
        "Case 261130-01-0001 was closed but I still owe",
        "my bank ref is 201205-10-1234, paid RM 350",
        "reference 251201-03-0457 for the December instalment",
    ],
)
def test_a_date_stamped_reference_is_not_masked_as_a_mykad(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我的护照号E12345678，麻烦更新一下", "12345678"),
        ("护照号码：EA1234567 请核对", "1234567"),
        ("我在马来西亚，手机是+60 12-345 6789", "3456789"),
        ("电话 +234 803 123 4567 随时打", "1234567"),
    ],
)
def test_a_passport_or_foreign_mobile_in_a_chinese_message_is_masked(
    text: str, secret: str
) -> None:
    shown = mask_text(text)
    assert secret not in "".join(ch for ch in shown if ch.isdigit())


@pytest.mark.parametrize(
    "text",
    [
        "My IC is 900514-10-5523",
        "Passport 533381907 for verification",
        "Call me on +60 12-345 6789",
        "My PAN is AKRPS4471G",
    ],
)
def test_the_new_english_forms_stay_masked(text: str) -> None:
    assert mask_text(text) != text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Passport 533381907 for verification", "533381907"),
        ("My passport number is A12345678, please update", "12345678"),
        ("My NRIC is S1234567D", "1234567"),
        ("My IC is 900514-10-5523", "900514"),
        ("WhatsApp +254 712 345678", "345678"),
        ("Reach me at +91 98765 43210", "98765"),
    ],
)
def test_a_personal_number_is_not_read_as_the_loan_amount(text: str, secret: str) -> None:
    # the hand-off summary prints the slots as they are ("槽位 amount=..."), unmasked
    slots = extract(fold(text))
    assert secret not in " ".join(str(v) for v in slots.values())


def test_the_amount_beside_a_personal_number_is_still_read() -> None:
    slots = extract(fold("my passport A12345678, I want to borrow 50000 for 12 months"))
    assert slots["amount"] == 50000 and slots["months"] == 12
