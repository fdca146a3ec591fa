"""Session 36 (pii): mask_text and the check agree on a WeChat ID (a word is an ID when it has a
digit, _ or -, or stands right after 是 / ： / "ID is"; the quick answer looks as far as the
finder), and ordinary figures are no longer read as personal numbers: dotted amounts and
versions, toll-free lines laid out 1800 xxx xxxx, ID-shaped contract numbers with a wrong check
character. Numbers are made up. Lines marked (v) are variants in other words, written before
they ran (the rest are forms of tests/data/pii/s36.tsv / s35.tsv)."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, id_check_char, mask_text
from tests.compliance_asserts import RULES


def _pii_rules(text: str) -> list[str]:
    return sorted(h.rule for h in RULES.check(text).hits if h.category == "pii")


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


# ------------------------------------------------- WeChat: mask_text and the check agree
WECHAT_IDS = [
    ("微信号就是我名字拼音加生日 liuyang0612", "liuyang0612"),
    ("我微信你搜一下手机号，不行的话就搜 wang_fang_88", "wang_fang_88"),  # (v)
    ("V信的话我现在换了一个新号 zhou-jie-1993", "zhou-jie-1993"),  # (v)
    ("vx那边我改名了，现在是 amy_2024", "amy_2024"),  # (v)
]
WECHAT_WORDS = [
    "V信：面啲人，我哋逐個WhatsApp",
    "微信：等一下，我先问问Manager",  # (v)
    "威信上说不清，你打我电话吧OK",  # (v)
    "vx：我已经转给你们Finance了",  # (v)
    "微信是：不用了thanks",  # (v)
    "微信号是借滿一萬送你部AirPods",  # (v)
]


@pytest.mark.parametrize(("text", "secret"), WECHAT_IDS)
def test_wechat_id_beyond_eight_characters_is_masked_and_refused(text, secret):
    assert secret not in mask_text(text)
    assert "pii.wechat" in _pii_rules(text)


@pytest.mark.parametrize("text", WECHAT_WORDS)
def test_a_word_after_hanzi_is_no_wechat_id_for_either(text):
    assert mask_text(text) == text
    assert "pii.wechat" not in _pii_rules(text)


def test_wechat_id_right_after_the_mark_is_still_read():
    assert mask_text("微信：zhangwei") == "微信：zh******"
    assert "amychen" not in mask_text("wechat id is amychen")


# ------------------------------------------------- dotted figures: no mobile closed up
DOTTED_FIGURES = [
    "IDR 13.812.345.678 disbursed",
    "firmware 1.3.8.1234.5678",
    "Android build 138.12.3456.78",
    "app 版本 13.8.1234.5678",
    "Rp 15.012.345.678 cair",  # (v)
    "版本号 15.0.1234.5678 更新了",  # (v)
    "VND 18.612.345.678 còn lại",  # (v)
    "build 139.87.6543.21 crashed",  # (v)
]


@pytest.mark.parametrize("text", DOTTED_FIGURES)
def test_dotted_amount_or_version_is_no_mobile(text):
    assert mask_text(text) == text
    assert _pii_rules(text) == []


@pytest.mark.parametrize(
    "text",
    ["手机 138.1234.5678", "电话186.1234.5678", "my number 1.3.8.1.2.3.4.5.6.7.8"],  # (v) x2
)
def test_dotted_mobile_still_masked(text):
    assert any(m.kind == "mobile" for m in find_pii(text))


# ------------------------------------------------- toll-free lines 1800 xxx xxxx
TOLL_FREE = [
    "Customer care 1800 123 4567 (toll free)",
    "Call 1800-180-1234 for help",  # (v)
    "reach the helpline 1800 345 6789",  # (v)
    "免费电话 1800 123 4567",  # (v)
]


@pytest.mark.parametrize("text", TOLL_FREE)
def test_toll_free_layout_is_no_mobile(text):
    assert mask_text(text) == text
    assert "pii.mobile" not in _pii_rules(text)


@pytest.mark.parametrize(
    "text", ["我的手机1800 123 4567", "手机 180 0123 4567", "my mobile: 1800 123 4567"]
)
def test_mobile_said_as_ones_own_still_masked(text):
    assert any(m.kind == "mobile" for m in find_pii(text))


# ------------------------------------------------- ID-shaped contract numbers
CONTRACTS = [
    "贷款合同号：110105202612050012",
    "Contract ref 440305202611300027 enclosed",
    "贷款合同号 320500202612050001",
    "编号：510107202612010015",  # (v)
    "ticket no. 330102202611280033",  # (v)
    "借据号 440305202611300027 请核对",  # (v)
]


@pytest.mark.parametrize("text", CONTRACTS)
def test_id_shaped_reference_with_wrong_check_is_no_id(text):
    assert mask_text(text) == text


def test_id_after_a_reference_word_with_its_check_character_is_still_masked():
    real = _id("11010519900307123")
    assert real not in mask_text(f"合同号 {real}")
    assert real not in mask_text(f"身份证 {real[:-1]}{'0' if real[-1] != '0' else '1'}")


# ------------------------------------------------- a number said tail first
ID1 = _id("51010719781102003")
TAIL_FIRST = [
    ("尾号是5678，前面是138 1234", "1381234"),
    ("后四位3366，前七位1391122", "1391122"),
    ("last four are 4321, first seven 0791112", "0791112"),
    (f"身份证后四位{ID1[14:]}，前十四位{ID1[:14]}", ID1[:14]),
    ("the last five digits are 54321 and the first six 077009", "077009"),
    ("手机尾数是4455，前面是186 2233", "1862233"),  # (v)
    ("my mobile: the last six are 900123, the first five 07700", "07700"),  # (v)
    (f"身份证最后四位{ID1[14:]}，开头{ID1[:14]}", ID1[:14]),  # (v)
]


@pytest.mark.parametrize(("text", "secret"), TAIL_FIRST)
def test_tail_first_number_is_masked(text, secret):
    out = mask_text(text).replace(" ", "")
    assert secret not in out


@pytest.mark.parametrize(
    "text",
    [
        "您的紧急联系人王芳（手机尾号8899，前面是158 6677）已登记",
        "您手机尾号3344，前面是139 1122，对吗？",  # (v)
    ],
)
def test_agent_reply_with_tail_first_number_is_refused(text):
    assert "pii.mobile" in _pii_rules(text)


TAIL_FIRST_ORDINARY = [
    "订单尾号是5678，前面是2026 1205",
    "合同编号后四位0001，前面是2026 1205 88",  # (v)
    "客服热线尾号8820，前面是400 820",  # (v)
    "last four of the order are 4567, first six 202612",  # (v)
    "订单尾号5678，前面是1381234",  # (v)
]


@pytest.mark.parametrize("text", TAIL_FIRST_ORDINARY)
def test_tail_first_reference_stays_readable(text):
    assert mask_text(text) == text


# ------------------------------------------------- 第二段 / 下半部分 / 结尾 / "second bit"
ID2 = _id("11010519900307123")
SEGMENTS = [
    ("手机第一段139，第二段1234，第三段5678", "1234"),
    (f"身份证上半部分{ID2[:9]}，下半部分{ID2[9:]}", ID2[9:]),
    ("号码上半段158 6677，下半段8899", "6677"),
    ("my mobile, first bit 07911, second bit 654 321", "07911"),
    ("电话第一段186，第二段0000，第三段1111", "0000"),  # (v)
    (f"身份证上半段{ID1[:9]}，下半段{ID1[9:]}", ID1[:9]),  # (v)
    ("my phone, first bit 07911, second piece 123456", "07911"),  # (v)
    ("号码开头139，结尾87654321", "8765"),  # (v)
]


@pytest.mark.parametrize(("text", "secret"), SEGMENTS)
def test_number_in_named_segments_is_masked(text, secret):
    assert secret not in mask_text(text).replace(" ", "")


SEGMENT_ORDINARY = [
    "报告第一段写了139字，第二段1234字，第三段5678字",
    "上半年还了13800，下半年还了12345678",  # (v)
    "第二段视频1234秒",  # (v)
    "订单号第一段2026，第二段1205，第三段1234567",  # (v)
]


@pytest.mark.parametrize("text", SEGMENT_ORDINARY)
def test_segment_words_in_ordinary_text_stay_readable(text):
    assert mask_text(text) == text


# ------------------------------------------------- other messengers' IDs and chat links
HANDLES = [
    ("Message me on Telegram @mike_tan88 instead of calling", "mike_tan88"),
    ("我的电报是 @xiaolin1995，找我就发这个", "xiaolin1995"),
    ("LINE ID: mika.0721 (that's me)", "mika.0721"),
    ("IG: @lily.wong_92 私信我就行", "lily.wong_92"),
    ("https://wa.me/60123456789 这是我的WhatsApp", "60123456789"),
    ("WhatsApp me: wa.me/+61412345678", "61412345678"),
    ("t.me/chenhao_1990 is me, text there", "chenhao_1990"),
    ("add me: line.me/ti/p/~mika0721", "mika0721"),
    ("api.whatsapp.com/send?phone=447911123456 is my chat", "447911123456"),
    ("telegram: @anna_k_77 is best", "anna_k_77"),  # (v)
    ("我的TG是 @zhaolei2020", "zhaolei2020"),  # (v)
    ("找我请用电报：wang_lei_88", "wang_lei_88"),  # (v)
    ("my instagram is @sara.lee.94", "sara.lee.94"),  # (v)
    ("https://t.me/peterpan_1988 - that's my telegram", "peterpan_1988"),  # (v)
    ("WhatsApp link wa.me/919876543210", "919876543210"),  # (v)
]


# (left in session 36; read since session 38: the LINE word's gates)
def test_chinese_line_id_without_at_is_left():
    assert "nana_0815" not in mask_text("加我Line ID：nana_0815")  # (v)


@pytest.mark.parametrize(("text", "secret"), HANDLES)
def test_messenger_id_or_chat_link_is_masked_and_refused(text, secret):
    assert secret not in mask_text(text)
    assert _pii_rules(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "您留的电报账号 @xiaolin1995 已记录，我们会在工作时间联系",
        "Your LINE ID mika_0721 is now linked to the account.",
    ],
)
def test_agent_reply_with_messenger_id_is_refused(text):
    assert "pii.wechat" in _pii_rules(text)


HANDLE_ORDINARY = [
    "官方Telegram频道 t.me/acmeloans_news",
    "I messaged your WhatsApp wa.me/447700900123 yesterday, no reply",
    "Follow our Instagram @acmeloans_official for offers",  # (v)
    "telegram is blocked in my country",  # (v)
    "line: 2 of the contract",  # (v)
    "signal is weak here, call me later",  # (v)
    "the hotline: 400-820-8820",  # (v)
    "message us on Telegram: @AcmeHelp",  # (v)
    "我在电报群里看到你们的广告",  # (v)
]


@pytest.mark.parametrize("text", HANDLE_ORDINARY)
def test_lenders_channel_or_ordinary_word_stays_readable(text):
    assert mask_text(text) == text


# ------------------------------------------------- Australian mobiles with +61; the lender's own +CC line
AU_MOBILES = [
    ("+61 412 345 678 is my number", "412345678"),
    ("my aussie mobile +61 423 987 654", "423987654"),  # (v)
    ("text me: +61-498-765-432", "498765432"),  # (v)
    ("手机 +61 431 222 333（澳洲）", "431222333"),  # (v)
    ("last five digits of my cell are 43210, first five 98765 (India)", "98765"),
]


@pytest.mark.parametrize(("text", "secret"), AU_MOBILES)
def test_australian_mobile_with_country_code_is_masked(text, secret):
    out = mask_text(text).replace(" ", "").replace("-", "")
    assert secret not in out


@pytest.mark.parametrize(
    "text",
    [
        "our WhatsApp Business line: +91 98765 00000",
        "Call our Sydney office on +61 412 000 111",  # (v)
        "官方客服 WhatsApp：+60 12-345 6789",  # (v)
    ],
)
def test_lenders_own_line_with_country_code_stays_readable(text):
    assert mask_text(text) == text


def test_a_persons_line_with_country_code_is_still_masked():
    assert "98765 43210" not in mask_text("my number +91 98765 43210")


# ------------------------------------------------- a number spread by | ~ 〜 – — • ＊
def _luhn(body: str) -> str:
    from loancs.core.pii import luhn_ok

    return next(body + c for c in "0123456789" if luhn_ok(body + c))


CARD1 = _luhn("621700123409876")
SEPARATED = [
    ("138 | 1234 | 5678 是我电话", "1234"),
    ("电话：139〜8765〜4321", "8765"),
    ("手机138–1234–5678，晚上打", "1234"),
    ("call 138 — 1234 — 5678 after work", "1234"),
    ("手机：138＊1234＊5678", "1234"),
    ("我手机 159~0011~2233", "0011"),  # (v)
    ("号码 186 • 2233 • 4455", "2233"),  # (v)
    (f"身份证 {ID1[:6]}—{ID1[6:14]}—{ID1[14:]}", ID1[6:14]),  # (v)
    (f"card {CARD1[:4]}|{CARD1[4:8]}|{CARD1[8:12]}|{CARD1[12:]}", CARD1[4:8]),  # (v)
]


@pytest.mark.parametrize(("text", "secret"), SEPARATED)
def test_number_spread_by_odd_separators_is_masked(text, secret):
    assert secret not in mask_text(text)


def test_agent_reply_with_number_spread_by_pipes_is_refused():
    assert "pii.mobile" in _pii_rules("已将您的手机更新为 138 | 1234 | 5678")


SEPARATED_ORDINARY = [
    "价格区间 1000~2000 元",  # (v)
    "第1|2|3季度",  # (v)
    "2024–2025 学年，编号 138–1234",  # (v)
    "营业时间 9:00~18:00，电话 400–820–8820",  # (v)
    "订单号 138|1234|5678",  # (v)
]


@pytest.mark.parametrize("text", SEPARATED_ORDINARY)
def test_ranges_and_references_with_odd_separators_stay_readable(text):
    assert mask_text(text) == text


# ------------------------------------------------- a date of birth said in two parts
DOB_PARTS = [
    ("生日是5月20号，1992年生的", "5月20号"),
    ("我是1990年的，生日3月12号", "3月12号"),
    ("born in 1988, birthday is 21 July", "21 july"),
    ("DOB — day 14, month 03, year 1987", "month 03"),
    ("我1995年出生的，生日是8月8号", "8月8号"),  # (v)
    ("birthday's on the 3rd of March, I was born 1990", "3rd of march"),  # (v)
    ("DOB: July 4, year 1992", "july 4"),  # (v)
]


@pytest.mark.parametrize(("text", "secret"), DOB_PARTS)
def test_birth_date_in_two_parts_is_masked(text, secret):
    assert secret not in mask_text(text).lower()


@pytest.mark.parametrize(
    "text",
    ["已核对您的出生日期：1989年，11月3日", "您登记的生日为6月1日，出生年份1990年"],  # (v) 2nd
)
def test_agent_reply_with_birth_date_in_parts_is_refused(text):
    assert "pii.dob" in _pii_rules(text)


DOB_ORDINARY = [
    "我的生日快到了，12月25日那天能延期还款吗",  # (v)
    "2025年的账单，生日月份有优惠，3月12日截止",  # (v)
    "合同2026年签的，还款日是5月20号",  # (v)
    "born and raised here; due 5 March 2026",  # (v)
]


@pytest.mark.parametrize("text", DOB_ORDINARY)
def test_dates_near_birth_words_without_a_birth_year_stay_readable(text):
    assert mask_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Don't share details on Telegram: scammers impersonate us",
        "Your telegram: employer will be notified of nothing, we never contact employers",
        "LINE ID: required only for the Thai app",
    ],
)
def test_a_plain_word_after_a_messengers_name_is_no_id(text):
    assert mask_text(text) == text
    assert _pii_rules(text) == []
