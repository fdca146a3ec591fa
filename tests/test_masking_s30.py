"""Session 30's masking as users meet it (helper verify). mask_text is what the console's
conversation pane, inbox excerpt and customer pane, search results, `loancs tail`, `loancs export`
and the hand-off summary show: a real server on a temp database showed the same text in all of
them for 122 messages (82 ordinary, 40 with personal data; notes/verify.md). A pii hit blocks an
agent's message (`loancs check`).

Under-masking (fixed here; the tests fail on d6d0baa9): a borrower's own local mobile was left
readable, and an agent's reply holding it was not blocked, whenever a word for the lender stood in the 40 characters before it (客服 in
"客服你好，我的电话是0912-345-678", "team", "support", "customer service", "we"): the guard meant
for the lender's own line ("call us on ...", 我们的客服电话 ...) took every such message.
Over-masking guards: ordinary numbers that borrowers and agents write (amounts, dates, times,
references, tracking numbers, postcodes, a card's last four, a business line) stay readable."""

from __future__ import annotations

import re

import pytest

from loancs.core.pii import find_pii, mask_text
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("客服你好，我的电话是0912-345-678，请回电", "912345678"),
        ("请客服打我手机0123456789", "0123456789"),
        ("Please ask your team to call me on 012-345 6789", "0123456789"),
        ("Can customer service call me back on 0803 123 4567?", "08031234567"),
        ("Your support can WhatsApp me on 0712 345678", "0712345678"),
        ("Please call me during office hours on 012-345 6789", "0123456789"),
        ("ring me after business hours on 0803 555 1234", "08035551234"),
    ],
)
def test_a_borrowers_own_mobile_near_a_word_for_the_lender_is_masked(
    text: str, secret: str
) -> None:
    assert secret not in _digits(mask_text(text)), mask_text(text)
    assert any(h.kind == "mobile" for h in find_pii(text))


@pytest.mark.parametrize(
    "text",
    [
        "We will call you on 012-345 6789 tomorrow.",
        "We've updated your mobile to 0712 345678.",
        "Our team will WhatsApp you at 0803 123 4567.",
        "客服会打您的手机0123456789",
    ],
)
def test_an_agent_reply_holding_the_borrowers_mobile_is_blocked(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "pii"]
    assert hits and all(h.severity == "block" for h in hits), text


@pytest.mark.parametrize(
    "text",
    [
        "You can WhatsApp our support line on 011-2345 6789 from 9am to 6pm.",
        "Please call our branch on 03-2345 6789 and ask for the loans desk.",
        "Our collections team can be reached on 0803 123 4567 during office hours.",
        "请拨打我们的客服电话 0123456789 咨询。",
        "Text STOP to our service number 0712 345678 to opt out of reminders.",
        "Call us free on 0800 123 4567, any time.",
        "Call our office at +60 3-2345 6789 if you are abroad.",
        "Please call us during office hours on 012-345 6789.",
        "您可以拨打客服热线400-820-8820，分机号8812。",
        "Please call our hotline 1300 88 1234, extension 2231, Monday to Friday 9:00-18:00.",
    ],
)
def test_the_lenders_own_line_in_a_reply_stays_readable_and_passes(text: str) -> None:
    assert mask_text(text) == text
    assert not [h for h in RULES.check(text).hits if h.category == "pii"], text


@pytest.mark.parametrize(
    "text",
    [
        "Can someone call me back between 10:30-12:00 tomorrow?",
        "Card ending 4417 was charged twice, 189.90 each",
        "Transaction ref TXN 7730 0912 4456 failed with error E-4031",
        "Order number 112-3345678-9012334 from Amazon, delivered 28 Nov",
        "Payment of 1,234 via reference 770101-05-2026 failed",
        "The parcel tracking is LX123456789CN, still in customs",
        "Royal Mail tracking RR123456785GB shows delivered",
        "Policy number P123456789 for the loan insurance",
        "Part No. B654321(7) is the one the dealer quoted",
        "Transaction 251204093015 shows pending",
        "Tracking E 1234 5678 from the courier",
        "I phoned about order 0123456789 twice already",
        "Phone bill 0712 345678 paid? no it was RM 71.23",
        "Ticket number JG 10 37 24 in the queue",
        "The code on the letter says one two three four, is that right?",
        "I was employed there 2018-2023, then 2023-present at a bank",
        "我手机上显示订单号0123456789，这是哪笔？",
        "我的手机分期订单 0803123456 还没发货",
        "我的贷款编号是 880512-3344，想提前还款",
        "卡号尾号6621的那张卡扣款失败了",
        "请在上午10:30-12:00之间给我回电",
        "我在1995-2000年间住在台北，现在回来了",
    ],
)
def test_ordinary_numbers_shaped_like_the_new_forms_stay_readable(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("my IC no is 880315 14 5678", "880315145678"),
        ("NI no. jg103724a", "103724"),
        ("HKID: A1234563", "123456"),
        ("身分證 a123456789", "123456789"),
        ("passport number: A1234 5678", "12345678"),
        ("my mobile is oh eight oh three one two three four five six seven", "1234"),
        ("电话：0912-345-678", "912345678"),
        ("call +44 7700 900123 after 6", "7700900123"),
        (
            "card four five three two, zero one five one, one two eight three, zero three six six",
            "",
        ),
    ],
)
def test_the_new_forms_in_other_words_are_masked(text: str, secret: str) -> None:
    shown = mask_text(text)
    assert shown != text
    if secret:
        assert secret not in _digits(shown), shown
