"""Session 34 (pii): numbers broken over lines or read in halves, other countries' IDs after
their name (Ghana Card, CURP, Kenya, Latin America, Sri Lanka, Bangladesh, Uganda, Tanzania,
Zambia, Indonesia, India), Chinese documents and QQ, a UPI ID, an email over two lines, an
agent's "your account" (the borrower's), a card-shaped piece of a dashed order number, and the
explain text's check-digit words. Numbers are made up (check digits where the form has one);
none is a real person's. Lines marked (v) are variants in other words, written before they ran."""

from __future__ import annotations

import re

import pytest

from loancs.commands.check_run import pattern_text
from loancs.core.pii import curp_ok, find_pii, id_check_char, mask_text, may_hold_pii
from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process


def _pii_rules(rules, text: str) -> list[str]:
    return sorted(h.rule for h in rules.check(text).hits if h.category == "pii")


def _bare(s: str) -> str:
    return re.sub(r"[\s\-+./]", "", s).lower()


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


ID1, ID2, ID3 = _id("44030519870611321"), _id("32058219930214562"), _id("51010719781102003")
ID4 = _id("11010519491231002")

# ------------------------------------------------- a number broken over lines / read in halves
SPLIT = [
    ("电话：138-1234-\n5678", "13812345678"),
    ("我老公的号码159\n0011 2233，有事找他", "15900112233"),
    ("mobile 07911\n123456 (evenings)", "07911123456"),
    ("reach me on +234 803\n123 4567 please", "8031234567"),
    ("联系方式\n186\n0000\n1111", "18600001111"),
    ("My guarantor's cell is 98765\n43210 (India)", "9876543210"),
    (f"身份证号码前面是{ID1[:6]}，后面{ID1[6:]}", ID1),
    (f"证件号 {ID2[:9]}\n{ID2[9:]}", ID2),
    (f"ID card: {ID3[:10]} / {ID3[10:]}", ID3),
    ("手机号前三位137，中间0000，尾号1234", "13700001234"),
    ("Account number: 4123\n4567\nSort code 20-00-00", "41234567"),
    ("手机 136 9876\n5432 打这个", "13698765432"),  # (v)
    ("My new number:\n07456\n789012", "07456789012"),  # (v)
    ("whatsapp me at 98123-\n45678", "9812345678"),  # (v)
    ("call my husband +60 12\n345 6789", "123456789"),  # (v)
    ("号码是135开头，中间6666，后四位7777", "13566667777"),  # (v)
    (f"身份证前面几位是{ID4[:6]}，后几位是{ID4[6:]}", ID4),  # (v)
    ("my cell first part 98765 and then 01234", "9876501234"),  # (v)
]


@pytest.mark.parametrize(("text", "secret"), SPLIT)
def test_a_number_in_pieces_is_masked_whole(text: str, secret: str) -> None:
    masked = mask_text(text)
    assert _bare(secret) not in _bare(masked), masked
    assert find_pii(text) and may_hold_pii(text)


# ------------------------------------------------- IDs after their name, anywhere
def _curp(f17: str) -> str:
    al = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    total = sum(al.index(c) * (18 - i) for i, c in enumerate(f17))
    return f17 + str((10 - total % 10) % 10)


CURP1, CURP2, CURP3 = (
    _curp("HEGG560427MVZRRL0"),
    _curp("LOOA531113MTSPRR0"),
    _curp("BEML920313HMCLNS0"),
)
IDS = [
    ("my ghana card no is GHA-712345678-9 pls update", "712345678"),
    ("Guarantor Ghanacard: GHA 001234567 3", "001234567"),
    ("my NIA card GHA 777666555 4", "777666555"),  # (v)
    (f"Mi CURP es {CURP1}, ya subí la INE", CURP1),
    (f"la CURP de mi esposa es {CURP2}", CURP2),  # (v)
    (f"{CURP3} es mi curp", CURP3),  # (v)
    ("RFC MAPR900315AB1 para la factura", "MAPR900315AB1"),
    ("Kitambulisho namba 31234567, naomba mkopo", "31234567"),
    ("my mum's ID is 30456789 she is the guarantor", "30456789"),
    ("ID no. 27654321 — Eldoret", "27654321"),  # (v)
    ("Namba ya kitambulisho ni 33445566", "33445566"),  # (v)
    ("KRA PIN A012345678Z for the payslip check", "A012345678Z"),
    ("RG 12.345.678-9 SSP/SP", "123456789"),
    ("NIC number 199012345678 (Sri Lanka)", "199012345678"),
    ("old NIC 901234567V", "901234567V"),
    ("mi DNI es 45678912", "45678912"),
    ("DNI N° 12345678 (Perú)", "12345678"),  # (v)
    ("DNI 30.123.456, Buenos Aires", "30123456"),
    ("RUT 12.345.678-5", "123456785"),
    ("cédula de ciudadanía 1020304050", "1020304050"),
    ("mi cédula es 987654321", "987654321"),  # (v)
    ("Bangladesh NID: 1990269123456", "1990269123456"),
    ("NIN CM90012345ABCD (Uganda)", "CM90012345ABCD"),
    ("her NIN is CF12345678ABCD", "CF12345678ABCD"),  # (v)
    ("NIDA number 19900101-12345-00001-23", "19900101123450000123"),
    ("NRC 123456/78/1 Lusaka", "123456781"),
    ("NPWP 12.345.678.9-012.000", "123456789012000"),
    ("voter ID ABC1234567 as address proof", "ABC1234567"),
    ("driving licence number MORGA753116SM9IJ", "MORGA753116SM9IJ"),
    ("我的港澳通行证号码C12345678", "C12345678"),
    ("台胞证号 12345678，请核对", "12345678"),
    ("回乡证号码是H12345678", "H12345678"),  # (v)
    ("公积金个人账号 123456789012", "123456789012"),
    ("我的医保卡号88001234567", "88001234567"),  # (v)
    ("加我QQ 1234567890 发资料", "1234567890"),
    ("我同事的QQ号是987654321", "987654321"),
    ("conta corrente 654321-0, Bradesco ag 0123", "654321"),
    ("minha conta poupança na Caixa é 123456-7", "123456"),
    ("Pode depositar na conta 445566-3 do Banco do Brasil", "445566"),  # (v)
    ("pay me on UPI 9876543210@ybl", "9876543210"),
    ("my UPI is priya.sharma@okaxis", "priya.sharma"),  # (v)
    ("email: jane.doe1987\n@gmail.com", "jane.doe1987"),
    ("邮箱 wang.lei2001@\nqq.com", "wang.lei2001"),  # (v)
]


@pytest.mark.parametrize(("text", "secret"), IDS)
def test_an_id_after_its_name_is_masked(text: str, secret: str) -> None:
    masked = mask_text(text)
    assert _bare(secret) not in _bare(masked), masked


def test_curp_check_digit() -> None:
    assert curp_ok(CURP1) and curp_ok(CURP2.lower())
    assert not curp_ok(CURP1[:-1] + str((int(CURP1[-1]) + 1) % 10))


AGENT = [
    "We have verified your Ghana Card (GHA-723456789-0) against NIA records.",
    f"Your CURP {_curp('MAPR900315HJCRRS0')} matches RENAPO; the loan is approved.",
    "Your ID number 28765432 is linked to the M-Pesa line.",
    "Your national ID 29998887 has been captured.",  # (v)
    "Sua conta 778899-2 no Nubank foi cadastrada para o Pix.",
    # an agent's "your account": the borrower's, whatever verb says money went there
    "I transferred the money to your account 12345678 this morning.",
    "We've paid the loan into your account 40817810; it should show by noon.",
    "款项已转入您的账户 6230 5800 0012 3456，请查收",
    "Sent £300 to your Monzo account 70123456, sort code 04-00-04.",
    "We have credited £150 to your account 87654321 today.",  # (v)
    "已汇入您的账户 6217 0000 1111 2222",  # (v)
]


@pytest.mark.parametrize("text", AGENT)
def test_an_agents_reply_holding_it_is_refused(rules, text: str) -> None:
    assert _pii_rules(rules, text), text


# ------------------------------------------------- what stays readable
READABLE = [
    "Amazon order 112-3456789-0123456 was the laptop I financed.",
    "Order #112-3456789-0123456 was the phone I bought on credit.",
    "Order 114-9988776-5544332 arrived damaged",  # (v)
    "运单号 7712-3456-7890-1234-56 已签收",  # (v)
    "device SN 4532015112830366 (phone serial)",
    "device IMEI 356938035643809",  # (v)
    "还款批次号 13800138000 处理中",
    "batch no. 15912345678 uploaded",  # (v)
    "订单号 18612345678 已退款",  # (v)
    "our QQ group 123456789 for updates",  # (v)
    "客服QQ 800012345",  # (v)
    "my ID is lost. Call 0800 123 4567 tomorrow",  # (v)
    "ID card expires on 2031-05-06",  # (v)
    "Your ID number was verified on 20261205.",  # (v)
    "Your loan ID 30123456789 is now closed.",
    "Payment ID 138001380001 received",
    "please send me the first half of the payment 50000, then 50000 next week",  # (v)
    "前面还了3000，后面还有12000",  # (v)
    "Amounts:\n1500\n2500\n3000",  # (v)
    "Version 1.2.3 / build 4567890123",  # (v)
    "Pay into our account 12345678 (Acme Loans), sort code 20-00-00",  # (v)
]


@pytest.mark.parametrize("text", READABLE)
def test_no_ones_numbers_stay_readable(rules, text: str) -> None:
    assert mask_text(text) == text
    assert not _pii_rules(rules, text), text


def test_a_customers_your_account_stays_the_lenders_in_the_console() -> None:
    # (a customer paying the lender: readable where mask_text shows it; the same words in an
    # agent's reply are refused, above)
    text = "I paid into your account 55667788 yesterday, sort code 20-00-00"
    assert mask_text(text) == text


# ------------------------------------------------- the explain text says a check only where one is
def test_explain_says_checksum_only_for_a_checked_kind() -> None:
    assert pattern_text("pii: id_card (checksum)", "zh") == "个人信息：身份证号（校验位通过）"
    assert "校验位" not in pattern_text("pii: mobile (checksum)", "zh")
    assert "校验位" not in pattern_text("pii: bank_account (checksum)", "zh")
    assert "Luhn" in pattern_text("pii: bank_card (checksum)", "zh")
    assert pattern_text("pii: id_card (checksum)", "en") == "pii: id_card (checksum)"
    assert "checksum" not in pattern_text("pii: email (checksum)", "en")
    assert pattern_text("rule pattern 保证通过", "en") == "rule pattern 保证通过"
