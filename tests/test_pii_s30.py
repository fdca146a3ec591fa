"""Session 30's personal-data families (helper pii): numbers no reader saw (a Taiwan ID, a UK
National Insurance number, a Hong Kong ID, a MyKad without dashes, a passport with spaces, a
card or a local number read out in words, a local mobile after a phone word), a foreign
mobile's masked form that shows its country code as a code, and references shaped like an ID
that an agent must read back ("error code 500-21-0003"). Every number here is constructed
with its check digit from the published rule; none is a real person's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loancs.core import pii
from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

DATA = Path(__file__).parent / "data" / "pii" / "s30.tsv"


def _bare(s: str) -> str:
    return re.sub(r"[\s\-().,:·_/]", "", s).lower()


def _hidden(text: str, secret: str) -> None:
    found = find_pii(text)
    assert found, text
    assert may_hold_pii(text)
    shown = mask_text(text)
    assert _bare(secret) not in _bare(shown), shown
    hits = [h for h in RULES.check(text).hits if h.category == "pii"]
    assert hits and all(h.severity == "block" for h in hits), text


def test_the_check_digits_follow_the_published_rules() -> None:
    tw_id_ok, hk_id_ok = pii.tw_id_ok, pii.hk_id_ok
    # Taiwan: letter code (A=10) weighted 1, 9; digits 8..1, 1; sum % 10 == 0
    assert tw_id_ok("A123456789") and tw_id_ok("F221708303") and tw_id_ok("r281974242")
    assert not tw_id_ok("A123456788") and not tw_id_ok("F221708304")
    # Hong Kong: weights 9..2 (a missing first letter counts 36), check makes it % 11 == 0
    assert hk_id_ok("A1234563") and hk_id_ok("AB2228465") and hk_id_ok("A068428A")
    assert not hk_id_ok("A1234564") and not hk_id_ok("AB2228466")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("My Taiwan ID is A290934065, please update the file", "A290934065"),
        ("我的身分證字號是R281974242，麻煩更新", "R281974242"),
        ("國民身分證統一編號：N240641749", "N240641749"),
        ("for KYC: Taiwan national identification S187939022", "S187939022"),
    ],
)
def test_a_taiwan_id_is_masked_and_flagged(text: str, secret: str) -> None:
    _hidden(text, secret)
    assert secret[-4:] in mask_text(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("My National Insurance number is AB 12 34 56 C", "AB123456C"),
        ("NI number JG103759A, please note it", "JG103759A"),
        ("Here's my national insurance number MA-40-27-75-D", "MA402775D"),
        ("HR 74 59 20 D is my NI no.", "HR745920D"),
    ],
)
def test_a_uk_national_insurance_number_is_masked_and_flagged(text: str, secret: str) -> None:
    _hidden(text, secret)


@pytest.mark.parametrize(
    "text",
    [
        "Policy no. AB123456C renewed",  # a reference
        "Model number SK906412D of the phone",
        "QQ 12 34 56 C is the example on the form",  # Q is never a first letter
        "my code is ab123456c",  # lower case, no NI word: too common a layout
    ],
)
def test_an_ni_layout_that_is_no_ni_number_is_left_alone(text: str) -> None:
    assert find_pii(text) == [] and mask_text(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("My HKID is A068428(A)", "A068428A"),
        ("香港身份证AB222846(5)，请核实", "AB2228465"),
        ("HKID D7586303 — I want HK$20,000", "D7586303"),
        ("身份證號碼係R275628(4)", "R2756284"),
    ],
)
def test_a_hong_kong_id_is_masked_and_flagged(text: str, secret: str) -> None:
    _hidden(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("IC number 900514105523", "900514105523"),
        ("IC 011231 14 6677 for the guarantor", "011231146677"),
        ("IC no 950823-105573", "950823105573"),
        ("我的大马身份证号码是930706106245", "930706106245"),
    ],
)
def test_a_mykad_without_dashes_is_masked_after_an_ic_word(text: str, secret: str) -> None:
    _hidden(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("my passport is E 1234 5678", "E12345678"),
        ("Passport no. A12 345 678, expires 2029", "A12345678"),
        ("我的护照号E 8765 4321", "E87654321"),
        ("my passport no is P-1234-5678", "P12345678"),
    ],
)
def test_a_passport_written_with_spaces_is_masked(text: str, secret: str) -> None:
    _hidden(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            "my card is four five three two four eight six six four seven five four eight two two one",
            "four five three two four eight six six",
        ),
        (
            "the visa is five four two five, four eight five zero, three one five eight, "
            "zero nine eight seven",
            "five four two five four eight five zero",
        ),
        ("My number is zero one two three four five six seven eight nine", "zero one two three"),
        ("my mobile is oh seven seven zero zero nine zero zero four five six", "oh seven seven"),
        ("pls call zero nine zero one two three four five six seven eight", "zero nine zero one"),
    ],
)
def test_a_card_or_a_local_number_read_out_in_words_is_masked(text: str, secret: str) -> None:
    _hidden(text, secret)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("call me on 9876543210", "9876543210"),
        ("my phone number is 98450 12345", "9845012345"),
        ("Singapore mobile: call me at 9123 4567", "91234567"),
        ("my phone is 012-345 6789", "0123456789"),
        ("my line 0803 123 4567", "08031234567"),
        ("我的台灣手機是0912-345-678", "0912345678"),
        ("Client's mobile: 9820144573", "9820144573"),
    ],
)
def test_a_local_mobile_after_a_phone_word_is_masked(text: str, secret: str) -> None:
    _hidden(text, secret)
    assert secret[-4:] in mask_text(text).replace(" ", "")


@pytest.mark.parametrize(
    "text",
    [
        "call me about loan number 9876543210",
        "Please call, my contract no. is 0123456789",
        "I called about order 98765432 yesterday",
        "call me when the 9876543210 IDR transfer clears",
        "Call our free line 0800 123 4567 any weekday.",
        "Please call us back on 0333 123 4567 to discuss your payment options.",
        "我打电话查的贷款编号9876543210",
        "I paid 98765432 rupiah last week",
    ],
)
def test_a_reference_an_amount_or_a_business_line_is_not_a_local_mobile(text: str) -> None:
    assert mask_text(text) == text
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "The app shows version 4.12.3 and error code 500-21-0003",
        "Ticket 512-44-8937 was closed yesterday",
        "Contract no. 417-22-6093 is attached",
        "transaction ID 612-30-4411 failed",
        "Booking ref 850101-14-5567 confirmed",
        "Transfer ID 881204-12-5678 please confirm",
        "Order A290934065 was cancelled",
        "订单号A292135766还没发货",
        "Order C275875(8) has two items",
    ],
)
def test_a_reference_shaped_like_an_id_stays_readable(text: str) -> None:
    assert mask_text(text) == text
    assert not any(h.category == "pii" for h in RULES.check(text).hits)


def test_a_real_ssn_or_mykad_is_still_masked_beside_a_reference() -> None:
    assert "***-**-8937" in mask_text("my SSN is 521-44-8937, ticket 512-44-8937")
    assert "512-44-8937" in mask_text("my SSN is 521-44-8937, ticket 512-44-8937")
    assert mask_text("My IC is 900514-10-5523") != "My IC is 900514-10-5523"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Reach me at +91 98765 43210", "+91 ******3210"),
        ("Call me on +60 12-345 6789", "+60 *****6789"),
        ("WhatsApp +44 7700 900654 for the payoff letter.", "+44 ******0654"),
        ("Call 0044 7700 900111 about the arrears.", "+44 ******0111"),
        ("电话 +234 803 123 4567 随时打", "+234 ******4567"),
    ],
)
def test_a_foreign_mobile_masks_as_its_country_code_and_last_four(text: str, shown: str) -> None:
    assert shown in mask_text(text)
    hits = [h for h in RULES.check(text).hits if h.rule == "pii.mobile"]
    assert hits and hits[0].suggestion.endswith(shown), hits


def test_the_labelled_set_is_masked_and_its_ordinary_numbers_are_not() -> None:
    # tests/data/pii/s30.tsv: label, lang, family, secret, numbers to keep, text
    right = over = pii = clean = 0
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        label, _lang, _family, secret, keep, text = line.split("\t")
        shown = mask_text(text)
        if label == "pii":
            pii += 1
            kept = all(k in shown for k in keep.split(";") if k)
            right += _bare(secret) not in _bare(shown) and kept
        else:
            clean += 1
            over += shown != text
    assert pii >= 80 and clean >= 80
    # (1478973: 10 / 89 right and 12 over-masked; two known misses: an HKID written
    # "g441624 3", a compact NI number in a Chinese message with no nine digits in a row)
    assert right >= pii - 2 and over == 0, (right, pii, over)


def test_an_office_us_number_is_left_and_a_person_s_beside_an_office_word_is_masked() -> None:
    office = "Our office number is (212) 555-0100 — ask for the accounts team."
    assert mask_text(office) == office and RULES.check(office).verdict == "ok"
    assert "9920" in mask_text("my office colleague Ann, cell 312-847-9920")
    assert "847-9920" not in mask_text("my office colleague Ann, cell 312-847-9920")


def test_a_mainland_mobile_in_groups_is_not_read_as_a_shorter_local_one() -> None:
    assert mask_text("手机+86 136 8776 4406") == "手机+86 136****4406"
