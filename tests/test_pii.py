"""Personal numbers: detection by checksum, and masking for the console, tail and logs."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import assume, given
from hypothesis import strategies as st

from loancs.core.normalize import normalize
from loancs.core.pii import (
    find_pii,
    find_pii_normalized,
    id_check_char,
    id_shaped,
    luhn_ok,
    mask_identity,
    mask_text,
    may_hold_pii,
    plain_char,
    valid_resident_id,
)
from loancs.core.privacy import masked_for_agents

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
    # not to the checksum, nor to the compliance check; masking reads the layout (below)
    bad = corrupt(rid, position, delta)
    assert not valid_resident_id(bad)
    assert all(p.kind != "id_card" for p in find_pii_normalized(normalize(f"身份证{bad}")))
    masked = any(p.kind == "id_card" for p in find_pii(f"身份证{bad}"))
    assert masked == id_shaped(bad)


@given(resident_ids(), st.sampled_from([14, 15, 16, 17]), st.integers(1, 9))
def test_a_mistyped_id_is_masked_for_agents_all_the_same(
    rid: str, position: int, delta: int
) -> None:
    # a typo in the sequence number or the check character: the birth date and region stand
    first17 = "44" + rid[2:17]  # (a province code: Guangdong)
    rid = first17 + id_check_char(first17)
    if position == 17:
        bad = rid[:17] + "0123456789X"[("0123456789X".index(rid[17]) + delta) % 11]
    else:
        bad = corrupt(rid, position, delta)
    assert not valid_resident_id(bad)
    for written in (bad, f"{bad[:6]} {bad[6:14]} {bad[14:]}", " ".join(bad)):
        payload = {"body": f"我的身份证是{written}，帮我查一下"}
        body = masked_for_agents(payload)["body"]
        assert bad[6:14] not in body.replace(" ", ""), written  # the birth date is hidden
        assert body == f"我的身份证是{bad[:3]}{'*' * 11}{bad[-4:]}，帮我查一下", written


def test_a_mistyped_id_is_masked_but_order_numbers_are_not() -> None:
    typo = "110105194912310021"  # 11010519491231002X with its last character mistyped
    assert not valid_resident_id(typo) and id_shaped(typo)
    assert mask_text(f"身份证{typo}") == "身份证110***********0021"
    assert mask_text(f"身份证{typo.translate(_READ_OUT)}") == "身份证110***********0021"
    assert find_pii_normalized(normalize(f"身份证{typo}")) == []  # compliance: checksum only
    for text in (
        "订单号 202612021530001234",  # a date first: no province 20
        "交易流水号 100020261202153001",  # no province 10
        "合同编号 991234567890123456",  # no province 99
        "单号 110105300012310021",  # province 11 but no birth date (year 3000)
        "单号 110105194913310021",  # month 13
        "批次 4401062026022900110",  # 19 digits (and no card: Luhn fails)
    ):
        assert mask_text(text) == text, text


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
    # (session 31: just after a card word, 卡号…, a mistyped card is still the borrower's card
    # and is masked: tests/test_pii_s31.py; with no card word the check digit decides)
    bad = corrupt(card, position, delta)
    assume(not valid_resident_id(bad))
    assert not luhn_ok(bad)
    assert all(p.kind != "bank_card" for p in find_pii(f"号码{bad}"))


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


# ------------------------------------------------------------------ the cheap pre-check


def _full_scan(text: str) -> list:
    """What find_pii returned before the pre-check: the whole scan, always."""
    return find_pii_normalized(normalize(text), lax_ids=True)


def _spaced(number: str, rng: random.Random, gaps: list[str]) -> str:
    out = []
    for i, ch in enumerate(number):
        out.append(ch)
        if i < len(number) - 1 and rng.random() < 0.3:
            out.append(rng.choice(gaps))
    return "".join(out)


def _fuzzed_texts(seed: int, count: int, pieces: list[str], gaps: list[str]) -> list[str]:
    rng = random.Random(seed)
    digits = "0123456789"
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            x = rng.random()
            if x < 0.06:
                first17 = f"{rng.randint(110000, 659999)}{rng.randint(1930, 2020)}"
                first17 += (
                    f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
                )
                parts.append(_spaced(first17 + id_check_char(first17), rng, gaps))
            elif x < 0.12:
                body = rng.choice(["6222", "4367", "5187", "3528"])
                body += "".join(rng.choice(digits) for _ in range(rng.choice([11, 14])))
                parts.append(_spaced(luhn_complete(body), rng, gaps))
            elif x < 0.2:
                mobile = f"1{rng.choice('3456789')}" + "".join(rng.choice(digits) for _ in range(9))
                parts.append(_spaced(mobile, rng, gaps))
            elif x < 0.3:
                run = "".join(rng.choice(digits) for _ in range(rng.randint(8, 20)))
                parts.append(_spaced(run, rng, gaps))
            elif x < 0.33:
                parts.append(
                    f"t={rng.randint(1_700_000_000, 1_800_000_000)}.{rng.randint(0, 999999):06d}"
                )
            else:
                parts.append(rng.choice(pieces))
        texts.append("".join(parts))
    return texts


_PLAIN_GAPS = [" ", "-", ".", "·", "_", "/", "--", " -", "-.", "..."]
_PLAIN_PIECES = [*"0123456789" * 8, *" -.·_/" * 4, "+86", "+", "86", "x", "X", "a", "电话", "我"]
_PLAIN_PIECES += ["\n", "，", "😊", "—", "号码"]
_ODD_GAPS = [*_PLAIN_GAPS, "  ", "\u200b", "\t", "\u3000", "．", "－"]
_ODD_PIECES = [*_PLAIN_PIECES, "  ", "\t", "\r", "\u200b", "\u00ad", "…", "①", "⑪", "⒈", "٣"]
_ODD_PIECES += [
    "𝟏",
    "Ａ",
    "０",
    "１",
    "３",
    "８",
    "－",
    "．",
    "\u3000",
    "\u00a0",
    "㎏",
    "½",
    "²",
    "㏠",
]


def test_the_pre_check_skips_only_texts_the_whole_scan_finds_nothing_in() -> None:
    # Near misses on purpose: numbers of every kind written with every separator, digit runs
    # of 8-20, timestamps, "+86", letters next to digits, full-width and circled digits,
    # invisible characters, double spaces. (The same comparison ran on 600,000 texts of these
    # generators while it was written, with no disagreement.)
    skipped = found = 0
    for seed, pieces, gaps in ((1, _PLAIN_PIECES, _PLAIN_GAPS), (2, _ODD_PIECES, _ODD_GAPS)):
        for text in _fuzzed_texts(seed, 3000, pieces, gaps):
            full = _full_scan(text)
            found += bool(full)
            if not may_hold_pii(text):
                skipped += 1
                assert full == [], text
            assert find_pii(text) == full, text
    assert skipped > 1500 and found > 300  # both sides of the pre-check were exercised


_PIECE = st.sampled_from([*"0123456789" * 3, *"13456" * 3, *" -.·_/+xX号\n,", "86", "  "])


@given(st.lists(_PIECE, max_size=40).map("".join))
def test_the_pre_check_never_skips_a_number_hypothesis_finds(text: str) -> None:
    assert may_hold_pii(text) or _full_scan(text) == []


def test_the_pre_check_reads_the_characters_it_assumes_plain_as_fold_char_does() -> None:
    assumed = [chr(c) for c in [10, *range(0x20, 0x7F), *range(0x4E00, 0xA000)]]
    assumed += list("，。！？、：；“”‘’（）《》【】")
    assert [ch for ch in assumed if not plain_char(ch)] == []
    assert not any(plain_char(ch) for ch in "０１\u200b\t\u3000…①٣𝟏．－")


def test_a_timestamp_or_an_order_number_no_longer_costs_the_whole_scan() -> None:
    for text in (
        "t=1764612345.123456 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
        "订单号 2024112012345678 还没到账",
        "还款1000.00元，分12期",
    ):
        assert not may_hold_pii(text) and mask_text(text) is text
    for text in ("手机13800138000", "+8613800138000", "138.0013.8000", "１３８００１３８０００"):
        assert may_hold_pii(text) and mask_text(text) != text


# ------------------------------------------------------------------ numbers read out in hanzi

_READ_OUT = str.maketrans("0123456789", "零一二三四五六七八九")


@given(mobiles)
def test_a_mobile_read_out_in_hanzi_is_found_and_masked_in_digits(mobile: str) -> None:
    spoken = mobile.translate(_READ_OUT)
    for written in (
        spoken,
        f"{spoken[:3]} {spoken[3:7]} {spoken[7:]}",
        "幺" + spoken[1:],
        mobile[:3] + spoken[3:],  # half digits, half hanzi
        f"+86{spoken}",
    ):
        found = find_pii(f"我的电话是{written}，谢谢")
        assert [(p.kind, p.value) for p in found] == [("mobile", mobile)], written
        prefix = "+86" if written.startswith("+") else ""
        assert mask_text(f"电话{written}。") == f"电话{prefix}{mobile[:3]}****{mobile[7:]}。"


@given(resident_ids())
def test_an_id_number_read_out_in_hanzi_is_found_with_its_check_character(rid: str) -> None:
    spoken = rid.translate(_READ_OUT)
    assert [(p.kind, p.value) for p in find_pii(f"身份证{spoken}")] == [("id_card", rid)]
    assert rid[-4:] in mask_text(f"身份证{spoken}") and spoken not in mask_text(f"身份证{spoken}")


def test_numerals_that_are_not_a_personal_number_stay_as_written() -> None:
    for text in (
        "一五一十地说清楚",
        "二〇二四年十一月三十日还款",
        "一二三四五六七八九零一二",  # twelve numerals: no mobile, no ID, no card
        "一三八零零一三八零零",  # ten
        "壹万贰仟叁佰元",
    ):
        assert find_pii(text) == [] and mask_text(text) == text, text
    # the financial numerals and traditional forms read the same
    assert mask_text("壹叁捌零零壹叁捌零零零") == "138****8000"
    assert mask_text("電話：一三八零零一三八零零零") == "電話：138****8000"


def test_agents_get_a_number_read_out_in_hanzi_masked_and_dotted_numbers_too() -> None:
    payload = {"body": "我的手机一三八零零一三八零零零", "note": "回电 138.0013.8000", "amount": 5}
    assert masked_for_agents(payload) == {
        "body": "我的手机138****8000",
        "note": "回电 138****8000",
        "amount": 5,
    }
    plain = {"body": "t=1764612345.123456 我想咨询一下房贷提前还款"}
    assert masked_for_agents(plain) is plain


def test_the_check_decides_an_18_digit_number_in_the_compliance_check() -> None:
    # Session 23 (probe24r1/r2): a valid check character makes an ID (X included); 18 digits in an
    # ID's layout with a wrong one are no bank card, even where they pass Luhn; a 19-digit card in
    # groups of four is a card.
    def kinds(text: str) -> list[str]:
        return [m.kind for m in find_pii_normalized(normalize(text))]

    assert kinds("身份证 32010219870621051X") == ["id_card"]
    assert kinds("身份证 330106199512010212") == ["id_card"]
    assert luhn_ok("440306198511120041")  # (one in ten such numbers passes Luhn)
    assert kinds("工单号 440306198511120041 已关闭") == []
    assert kinds("工单号 4403 0619 8511 1200 41") == []
    assert kinds("卡号 6230 5800 0012 3456 787") == ["bank_card"]
    # masking still hides a mistyped ID as an ID
    assert [m.kind for m in find_pii("工单号 440306198511120041")] == ["id_card"]
