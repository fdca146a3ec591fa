"""Personal numbers: detection by checksum, and masking for the console, tail and logs."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from loancs.core.pii import (
    find_pii,
    id_check_char,
    luhn_ok,
    mask_identity,
    mask_text,
    valid_resident_id,
)

# ------------------------------------------------------------------ strategies


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.integers(110000, 659999))
    birth = draw(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError("unreachable")


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([16, 19]))
    prefix = draw(st.sampled_from(["6222", "6217", "4367", "5187", "6228"]))
    body = prefix + draw(st.text("0123456789", min_size=length - 5, max_size=length - 5))
    return luhn_complete(body)


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)


def corrupt(number: str, position: int, delta: int) -> str:
    digit = (int(number[position]) + delta) % 10
    return number[:position] + str(digit) + number[position + 1 :]


# ------------------------------------------------------------------ checksums


def test_reference_examples() -> None:
    assert valid_resident_id("11010519491231002X")
    assert valid_resident_id("11010519491231002x")
    assert not valid_resident_id("110105194912310021")  # wrong check character
    assert not valid_resident_id("110105194902300028".replace("0230", "0230"))  # 30 Feb
    assert luhn_ok("6222020000000007")
    assert not luhn_ok("6222020000000006")


def test_real_birth_date_is_required() -> None:
    first17 = "11010519490230002"  # 1949-02-30 does not exist
    assert not valid_resident_id(first17 + id_check_char(first17))
    first17 = "11010520000229002"  # 2000-02-29 does
    assert valid_resident_id(first17 + id_check_char(first17))


@given(resident_ids())
def test_valid_ids_are_detected_in_text(rid: str) -> None:
    text = f"客户身份证号：{rid}，请核对"
    found = find_pii(text)
    assert [(p.kind, p.value) for p in found] == [("id_card", rid)]
    assert text[found[0].start : found[0].end] == rid


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_an_id_with_one_wrong_digit_is_not_an_id(rid: str, position: int, delta: int) -> None:
    bad = corrupt(rid, position, delta)
    assert not valid_resident_id(bad)
    assert all(p.kind != "id_card" for p in find_pii(f"身份证{bad}"))


@given(bank_cards())
def test_valid_cards_are_detected_grouped_or_not(card: str) -> None:
    grouped = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    for written in (card, grouped):
        text = f"卡号{written}。"
        found = find_pii(text)
        assert [(p.kind, p.value) for p in found] == [("bank_card", card)]
        assert text[found[0].start : found[0].end] == written


@given(bank_cards(), st.integers(0, 15), st.integers(1, 9))
def test_a_card_with_one_wrong_digit_is_not_a_card(card: str, position: int, delta: int) -> None:
    bad = corrupt(card, position, delta)
    assume(not valid_resident_id(bad))
    assert not luhn_ok(bad)
    assert all(p.kind != "bank_card" for p in find_pii(f"卡号{bad}"))


@given(mobiles)
def test_mobiles_are_detected_and_masked(mobile: str) -> None:
    for written in (mobile, f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", f"+86 {mobile}"):
        found = find_pii(f"电话 {written} 联系")
        assert [(p.kind, p.value) for p in found] == [("mobile", mobile)]
    assert mask_text(f"电话{mobile}") == f"电话{mobile[:3]}****{mobile[7:]}"


# ------------------------------------------------------------------ masking


def test_mask_text_masks_every_kind_and_keeps_the_rest() -> None:
    text = "身份证11010519491231002X，卡6222 0200 0000 0007，手机+8613800138000。"
    assert mask_text(text) == (
        "身份证110***********002X，卡6222 **** **** 0007，手机+86138****8000。"
    )
    assert find_pii(mask_text(text)) == []


def test_masked_and_ordinary_numbers_are_not_pii() -> None:
    for text in (
        "138****5678",
        "6222 **** **** 0006",
        "110***********1234",
        "还款1000.00元，分12期",
        "订单号 20261129000123",
        "12345678901",  # 11 digits but no 1[3-9] prefix
    ):
        assert find_pii(text) == [], text


def test_mask_identity() -> None:
    assert mask_identity("phone", "13812345678") == "138****5678"
    assert mask_identity("phone", "+86 138 1234 5678") == "138****5678"
    assert mask_identity("wechat", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o") == "oUpF…eS6o"
    assert mask_identity("visitor", "v-3f9a2c7d1e") == "v-3f9a…"
    assert "13812345678" not in mask_identity("other", "13812345678")
