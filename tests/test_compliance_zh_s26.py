"""Session 26 (rules, Chinese side): families from probe27r1 / probe27a1 and the lead's unseen
misses of session 25. Variants of each family, not the probe lines themselves.
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
        # any amount the borrower names is approved, before any review
        "额度任你挑，三万五万都没问题。",
        "你要借几多都批得落，额度随你定。",
        "几十万都行，明天就能放款。",
        "贷多少都能批，你报个数就行。",
        "edu ren ni tiao",
    ],
)
def test_any_amount_approved(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借多少都可以，在额度内自由选择。",
        "额度是系统评估的，不能随便调。",
        "额度内随借随还，按日计息。",
    ],
)
def test_amount_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        # a sum with no count before the period word reads as "per 10,000 / per 1,000"
        ("万元日息2元起，额度秒批。", "7.30%"),
        ("千元每天利息两毛，随借随还。", "7.30%"),
        # 息 alone after 月 takes a bare figure as money a month
        ("借五万，每个月息一千。", "24.00%"),
        ("两万块一个月息四百，划算吧。", "24.00%"),
    ],
)
def test_rate_as_money_without_apr(text: str, apr: str) -> None:
    hits = _hits(text, "rate-disclosure")
    assert hits and apr in hits[0].suggestion, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # an annual fee rate (IRR) is no phone bill (化费 sounds like 话费)
        "每期服务费0.5%，分24期，年化费率约11.1%（IRR）。",
        # words quoted as a pretext someone uses
        "有人以“不看征信、当天放款”为幌子骗取会员费，请大家提高警惕。",
        "骗子常以“百分百下款”的名义收取保证金，切勿轻信。",
        # news: what the authorities already did, in a later clause
        "一名女子因借网贷被催收人员上门骚扰，当地警方已经介入调查。",
        # the asker's own credit history after the question
        "你们真的不看征信吗？我去年有过两次逾期，怕批不了。",
        "征信不好能借吗？我的征信花了。",
    ],
)
def test_clean_shapes_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a threat says what the police will do; an answer that repeats the lure still flags
        "你这属于恶意逃债，警方会介入的，等着吧。",
        "不查征信吗？不查，放心借。",
    ],
)
def test_guards_still_flag(text: str) -> None:
    assert RULES.check(text).verdict != "ok", RULES.check(text).to_dict()


# round 2 (probe27r2, probe27a2 and the lead's session-25 shapes)
@pytest.mark.parametrize(
    "text",
    [
        "你要几多就几多，额度唔使愁。",
        "不管你借三千还是三万，全都批。",
        "报个数字给我，马上给你批。",
        "金额不是问题，关键看你急不急。",
    ],
)
def test_any_amount_named_is_given(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "紧急联系人号码幺五九八八七七六六五五，请核实。",
        "电话：壹伍贰 叁叁叁叁 肆肆肆肆",
    ],
)
def test_mobile_in_hanzi_digits(text: str) -> None:
    hits = _hits(text, "pii")
    assert hits and hits[0].rule == "pii.mobile", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the asker's own wish after asking whether they will be told
        "逾期会不会打给我领导？我不想让公司的人知道。",
        "我不希望让家里人知道我借了钱。",
        # a question whether a folk-rate loan is safe, then about our APR
        "朋友介绍的月息两分的贷款正规吗？你们年化利率多少",
        # our own refusal is no harm to the child
        "您孩子的培训费分期我们办不了，可以问问学校有没有助学项目。",
        # counting words are no phone number
        "一二三四五六七八九十，数到十再说。",
    ],
)
def test_round2_clean_shapes_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a collector's veiled "I don't want everyone to know either", or a wish about the borrower
        "我也不想让你同事都知道，你自己看着办。",
        "你也不想让领导知道吧？那就今天还上。",
    ],
)
def test_round2_guards_still_flag(text: str) -> None:
    assert RULES.check(text).verdict != "ok", RULES.check(text).to_dict()


# round 3 (probe27r3)
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("资料齐全的一律通过，额度当天到。", "marketing"),
        ("千元日费低至两毛，按日收取。", "rate-disclosure"),
        ("借五万块，一个月的息一千左右。", "rate-disclosure"),
        ("利息帮你算八厘，按月交。", "rate-disclosure"),
    ],
)
def test_round3_families(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the asker reports what someone did, then asks whether it was us or true
        "刚才有人打电话说是你们公司的，要联系我单位，是你们的人吗？",
        "前几天有个人说要去我家找我父母，这是真的吗？",
        # a checking procedure that says every file is reviewed, not passed
        "所有申请都会经过统一审核，审核结果以短信通知为准。",
    ],
)
def test_round3_clean_shapes_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the collector's own report of a call, with no question checking it
        "昨天有人打电话给你们公司了，明天轮到你家里人。",
    ],
)
def test_round3_guards_still_flag(text: str) -> None:
    assert RULES.check(text).verdict != "ok", RULES.check(text).to_dict()


# round 4 (probe27r4, probe27a3)
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("你们那条街的人很快都会知道你欠钱不还。", "collection"),
        ("嗰条街啲人个个都知你走数。", "collection"),
        ("你那些丑事，要不要我们在你们公司大群里公布一下？", "collection"),
        ("我包你在这个圈子里待不下去。", "collection"),
        ("你要多少，我这边后台给你调。", "marketing"),
        ("查征信吗？不用担心，我们不走征信。", "marketing"),
        ("借三万，一个月六百的利息。", "rate-disclosure"),
    ],
)
def test_round4_families(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我们村的人都知道我欠了网贷，我现在很难受，能不能延期？",
        "半夜收到催款短信，吓我一跳，能不能别再这个点发？",
        "网传“不还钱就上门”的录音不是我们的工作人员。",
        "我在这个城市快混不下去了，能不能先停息挂账？",
    ],
)
def test_round4_clean_shapes_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
