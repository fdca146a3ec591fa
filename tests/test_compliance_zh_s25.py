"""Session 25 (rules, Chinese side): families from probe26r1 and the session-24 leftovers.

Variants of each family, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def _hits(text: str, category: str):
    result = RULES.check(text)
    hits = [h for h in result.hits if h.category == category and h.severity != "info"]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.match
    return hits


@pytest.mark.parametrize(
    "text",
    [
        # a student lure by secrecy from anyone at school, not only the parents
        "借钱的事你室友绝对不会知道，额度当天到账。",
        "宿管阿姨发现不了的，放心借。",
        "分期买手机，导员那边我们保密，一点风声都不会有。",
        "下款快，班主任和同学谁都察觉不到。",
        # round 2: a student number or student status alone; school staff who will not see it
        "把学号发过来，额度马上给你配好。",
        "学信网截图一张，第二天就能拿到钱。",
        "系里看不到你的借款记录，放心借。",
    ],
)
def test_student_lure_by_secrecy_from_school(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "辅导员提醒：声称借款学校不会知道的都是骗局，请勿相信。",
        "根据规定，我们不向在校学生放款，也不会替你瞒着学校。",
    ],
)
def test_school_secrecy_warnings_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        # a 厘 figure later in the monthly keyword's sentence, across commas
        ("月息嘛，看情况，一般七厘。", "8.40%"),
        ("每个月的利息，最低给你做到五厘半。", "6.60%"),
        ("月利率呢，老客户的话，四厘。", "4.80%"),
        # round 2: the figure after a period word split off by commas
        ("利息嘛，每个月，七厘。", "8.40%"),
    ],
)
def test_folk_li_across_a_comma(text: str, apr: str) -> None:
    hits = _hits(text, "rate-disclosure")
    assert hits, RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "月息八厘的话，换算成年化是多少？",
        "月息按合同执行，逾期每天另收五厘罚息。",
        "我们的月息，你问的那个八厘是别家的吗？",
    ],
)
def test_folk_li_across_a_comma_guards(text: str) -> None:
    assert not _hits(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        # 万分之五一年: the fraction's numeral stops before 一年 (was read as 万分之五十一)
        ("日息万分之五一年下来才几百块", "18.25%"),
        ("日利率万分之三一个月也就九十块", "10.95%"),
        # yuan then dimes: 2元5毛 is 2.5 yuan, not 0.5
        ("每千元每天利息2元5毛", "91.25%"),
        ("借一万块，一天利息三块五毛钱", "12.78%"),
        # 年化 after a spoken tail: 一天两块五 年化 is 2.5 yuan
        ("借一万一天两块五 年化你自己算", "9.12%"),
    ],
)
def test_spoken_yuan_and_fraction_figures(text: str, apr: str) -> None:
    hits = _hits(text, "rate-disclosure")
    assert hits, RULES.check(text).to_dict()
    assert apr in hits[0].suggestion, hits[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "免息券已存入您的卡包，有效期30天。",
        "免息券将于本月底过期，请尽快使用。",
    ],
)
def test_a_coupon_notice_is_no_zero_interest_lure(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# round 3 (probe26r3)


@pytest.mark.parametrize(
    "text",
    [
        "你们小区的住户我们会挨家挨户告诉他们你欠钱不还。",
        "整栋楼的邻居，我们一户一户去说你的欠款。",
    ],
)
def test_building_told_door_to_door(text: str) -> None:
    assert _hits(text, "collection"), RULES.check(text).to_dict()


def test_estate_door_to_door_without_a_debt_passes() -> None:
    text = "物业将挨家挨户通知业主明天停水。"
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a notice: something left with the estate office, "please collect it"
        "您的合同原件已寄到小区物业，请注意查收。",
        # the borrower's own neighbour or estate office, reported
        "我隔壁邻居说有人来打听我，物业也说不清楚。",
        # a borrower asking whether a fee is extra
        "每月千分之五的服务费是不是另算？",
    ],
)
def test_round3_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_money_a_week_said_with_libai() -> None:
    text = "借一万，一个礼拜利息八十。"
    hits = _hits(text, "rate-disclosure")
    assert hits, RULES.check(text).to_dict()
    assert "41.71%" in hits[0].suggestion, hits[0].suggestion


# round 4 (probe26r4)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("資料交齊，百分百過，唔使擔心。", "marketing"),
        ("再唔還，差佬聽日就上門拉你。", "collection"),
        ("凌晨四点我们会打电话过去，你自己看着办。", "collection"),
    ],
)
def test_round4_violations(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a savings yield, not a loan's price
        "余额宝今天的万份收益是0.6元，七日年化1.9%。",
        "这个月零钱通收益是万分之零点五一天。",
        # a borrower's complaint about shaming
        "你们把我的欠款信息发到小区群里，严重侵犯了我的隐私。",
    ],
)
def test_round4_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# round 5 (probe26r5)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # school secrecy the classifier alone scored too low: a rule of its own, not weak
        ("借款全程保密，你们导员根本无从得知。", "marketing"),
        ("寝室里悄悄借就行，舍友不可能知道。", "marketing"),
        ("拍个学生证上传，审核就完成了。", "marketing"),
        # the collector telling or posting at the estate
        ("我们会跟你们小区的保安说一下你欠钱的事。", "collection"),
        ("你们大堂的公告栏我们贴了你的欠款通知，来往的人都能看到。", "collection"),
    ],
)
def test_round5_violations(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "你们晚上十一点打电话，把我吵醒了，我要投诉。",
        "免息是真的吗？每月千分之八的服务费是怎么回事？",
        "我们不会去您的小区，也不会联系您的物业。",
    ],
)
def test_round5_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# round 6 (probe26r6)


@pytest.mark.parametrize(
    "text",
    [
        "你们小区的物业经理手上已经有你的欠款清单了。",
        "明天你们大厦大堂的显示屏会播放你的欠款信息。",
        "我们会请你们物业在业主群里点你的名。",
    ],
)
def test_round6_estate_shaming(text: str) -> None:
    assert _hits(text, "collection"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "小区门口的显示屏在播放防诈骗宣传片。",
        "我们不会把你的欠款告诉你们小区的任何人。",
    ],
)
def test_round6_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
