"""Session 35 (pii): a number in pieces in an AGENT's reply is refused by the check (session
34 masked it only), and a number read in pieces with hanzi numerals (身份证前六位五一零一零七，
后面是…; 手机号前三位幺三九，后八位…) is masked and refused like one in digits. Numbers are made
up (check digits where the form has one); none is a real person's. Lines marked (v) are
variants in other words, written before they ran (the rest are forms of tests/data/pii/s35.tsv)."""

from __future__ import annotations

import re

import pytest

from loancs.core.pii import find_pii, id_check_char, luhn_ok, mask_text
from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process


def _pii_rules(rules, text: str) -> list[str]:
    return sorted(h.rule for h in rules.check(text).hits if h.category == "pii")


def _bare(s: str) -> str:
    return re.sub(r"[\s\-+./，,]", "", s).lower()


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


def _luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_ok(body + c))


_HZ = dict(zip("0123456789", "零一二三四五六七八九", strict=True))


def _hz(digits: str, one: str = "一") -> str:
    return "".join(one if c == "1" else _HZ[c] for c in digits)


ID1, ID2, ID3 = _id("51010719781102003"), _id("61010419850923441"), _id("33010219920518762")
CARD1, CARD2 = _luhn("622848001234567"), _luhn("621700123409876")

# ------------------------------------------------- an agent's reply with a number in pieces
AGENT_SPLIT = [
    ("已为您登记新手机号：139-8765-\n4321，请留意短信", "13987654321"),
    (f"您的身份证号 {ID1[:9]}\n{ID1[9:]} 已通过实名认证", ID1),
    ("We've updated your mobile to 07700\n900 123, please confirm.", "07700900123"),
    (f"您的还款卡号前半段{CARD1[:8]}，后半段{CARD1[8:]}，请核对", CARD1),
    ("核对一下：您手机前三位186，中间2233，尾号4455，没错吧？", "18622334455"),
    (f"To confirm, your ID number is {ID2[:6]} / {ID2[6:]}, is that right?", ID2),
    ("您登记的紧急联系人电话是137\n0000 9999，我们会跟他确认", "13700009999"),
    ("已核实：您预留的号码 158 6677\n8899 可以正常接通", "15866778899"),  # (v)
    ("Thanks, I've noted your number as 07823\n456789.", "07823456789"),  # (v)
    (f"您的银行卡号前面是{CARD2[:8]}，后面{CARD2[8:]}", CARD2),  # (v)
    (f"Just to double-check, your ID is {ID3[:8]} / {ID3[8:]}.", ID3),  # (v)
    ("您配偶的手机：133\n3344\n5566，已作为联系人", "13333445566"),  # (v)
]

# ------------------------------------------------- hanzi numerals read in pieces
HANZI_SPLIT = [
    (f"身份证前六位{_hz(ID1[:6])}，后面是{_hz(ID1[6:])}", ID1),
    (f"手机号前三位{_hz('138')}，后八位{_hz('12345678')}", "13812345678"),
    (f"电话号码是{_hz('186', '幺')}，然后是{_hz('0000')}，最后{_hz('1111', '幺')}", "18600001111"),
    ("手机号码前三位壹叁捌，后面是壹贰叁肆伍陆柒捌", "13812345678"),
    (f"手机前三位{_hz('188')}，后面八位是{_hz('66668888')}", "18866668888"),  # (v)
    (f"身份证前面是{_hz(ID3[:6])}，后面是{_hz(ID3[6:])}", ID3),  # (v)
    (f"电话：{_hz('150', '幺')}\n{_hz('12345678', '幺')}", "15012345678"),  # (v)
    (f"号码{_hz('136')}，中间{_hz('8888')}，尾号{_hz('9999')}", "13688889999"),  # (v)
]
AGENT_HANZI = [
    f"您的手机号前三位{_hz('139', '幺')}，后八位{_hz('87654321')}，对吗？",
    f"您登记的手机号前三位{_hz('158')}，后八位{_hz('66778899')}，请确认",  # (v)
]

# ------------------------------------------------- halves in other words (前半截 / 后半截, 后段,
# 接下来, 尾数, "second part", "and ends", "ending in")
HALVES_WORDS = [
    (f"身份证号码：前半截 {_hz(ID2[:10])}，后半截 {_hz(ID2[10:])}", ID2),
    (f"ID first part {ID3[:6]}, second part {ID3[6:]}", ID3),
    ("my number begins 07911 and ends 123456", "07911123456"),
    ("号码前段138，后段12345678", "13812345678"),  # (v)
    ("电话138，接下来是1234 5678", "13812345678"),  # (v)
    ("number is 07911 ending 123456", "07911123456"),  # (v)
    ("cell 98765 and ends with 43210", "9876543210"),  # (v)
    (f"证件号前半截{_hz(ID1[:8])}，后半截{_hz(ID1[8:])}", ID1),  # (v)
]

# ------------------------------------------------- WeChat by its nicknames (a Chinese message)
WECHAT_NICK = [
    ("加我vx：zhangwei_1988，方便发资料", "zhangwei_1988"),
    ("V信 lily-wang520 可以加", "lily-wang520"),
    ("我的wx号是wang_xiaoming88", "wang_xiaoming88"),
    ("薇信：tiantian_0808，晚上回", "tiantian_0808"),
    ("担保人威信 abc_chen99，你们直接联系他", "abc_chen99"),
    ("可以加我的vx吗？号是 xiaoyu_2021", "xiaoyu_2021"),  # (v)
    ("薇信号：chen-li-88", "chen-li-88"),  # (v)
    ("我WX：liu_ming1990，随时找我", "liu_ming1990"),  # (v)
    ("加V信：sunny_day66", "sunny_day66"),  # (v)
]

# ------------------------------------------------- no one's: readable, not refused
READABLE = [
    "订单号 112-3456789-\n0123456 麻烦查一下",
    "合同号前半段HT2026，后半段120500123",
    "订单号前面是4012，后面是3456 7890 1234",
    "工单 GD-2026-\n1205-0001 已处理",
    "请通过对公账户 1001 2345\n6789 0123 456 还款",
    "Our helpline: 0800\n123 4567",
    "我司客服热线前三位400，后面8208820",
    "订单号前半段四零一二，后半段三四五六七八九零",  # (v)
    "我司客服热线前三位四零零，后面八二零八八二零",  # (v)
    "请拨打我司热线 400\n820 8820",  # (v)
    "合同编号 HT-2026-\n1205-0001 已生成",  # (v)
    "您本期应还1,380.00元，下期12月5日，后面还有11期",  # (v)
    "订单号前半截 4012 3456，后半截 7890 1234",  # (v)
    "Order 112-345 and then 6789 ending 0123",  # (v)
    "合同前段HT2026，后段1205-0001",  # (v)
    "官方客服vx：anxin_kefu01",
    "官方wx：anxin_service01",  # (v)
    "vx支付已到账，请查收",  # (v)
    "在wx小程序里点还款就行",  # (v)
]


@pytest.mark.parametrize(("text", "secret"), WECHAT_NICK)
def test_wechat_by_its_nicknames_is_masked(text: str, secret: str) -> None:
    assert [p.kind for p in find_pii(text)] == ["wechat"], text
    assert secret not in mask_text(text)


@pytest.mark.parametrize(("text", "secret"), AGENT_SPLIT)
def test_an_agents_reply_with_a_number_in_pieces_is_refused(rules, text: str, secret: str) -> None:
    assert _pii_rules(rules, text), text
    assert _bare(secret)[3:-4] not in _bare(mask_text(text))


@pytest.mark.parametrize(("text", "secret"), HANZI_SPLIT + HALVES_WORDS)
def test_hanzi_numerals_in_pieces_are_masked(text: str, secret: str) -> None:
    found = find_pii(text)
    assert [p.value for p in found] == [secret.upper()], text
    masked = mask_text(text)
    assert masked != text and _bare(secret)[3:-4] not in _bare(masked)


@pytest.mark.parametrize("text", [t for t, _ in HANZI_SPLIT] + AGENT_HANZI)
def test_hanzi_numerals_in_pieces_are_refused(rules, text: str) -> None:
    assert _pii_rules(rules, text), text


@pytest.mark.parametrize("text", READABLE)
def test_no_ones_numbers_in_pieces_stay_readable(rules, text: str) -> None:
    assert mask_text(text) == text
    assert not _pii_rules(rules, text)
