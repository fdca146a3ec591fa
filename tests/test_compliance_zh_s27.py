"""Session 27 (rules, Chinese side): families from probe28r1 and session 26's unseen Chinese
misses. Variants of each family in other words, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from loancs.core.pii import mask_text
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
        # a bad record, then "does not affect" the loan or its review
        "多头借贷的情况一点不耽误你拿额度。",
        "就算你现在还有当前逾期，也丝毫不会影响放款。",
        "你那个征信差点没关系的，对我们审核基本没有影响。",
        "有不良記錄唔影響申請，照樣批。",
        "网贷没还清也不妨碍你在这儿下款。",
    ],
)
def test_bad_record_said_not_to_matter(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # approval promised by the agent's track record, with no approval word
        "跟我做的客户，这么多年一个被拒的都没有。",
        "经我介绍过来的人，没有谁是被打回来的。",
        "我手上走过的几百个件，还没哪个被卡过。",
    ],
)
def test_track_record_as_promise(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # money per principal per period, with no 借 or 息; pinyin rate keywords
        "五千块一个月一百二，够便宜了吧。",
        "一万块钱一天才两块，你算算多划算。",
        "这个产品先息后本，十万块每个月交一千八。",
        "三千块用一个月，额外给九十就行。",
        "rixi wan 4, jie duoshao dou xing",
        "yuexi 2 fen, dao zhang kuai",
    ],
)
def test_rate_as_money_or_pinyin_without_apr(text: str) -> None:
    hits = _hits(text, "rate-disclosure")
    assert hits, RULES.check(text).to_dict()
    assert "年化" in hits[0].suggestion


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # a hanzi-digit mobile read out in groups split by commas
        ("我手机：一八八，六六七七，八八九九，打不通就发短信。", "188****8899"),
        ("记一下：壹伍贰、柒柒捌捌、玖玖零零。", "152****9900"),
        ("联系人电话是一三六，零零零一，二三四五", "136****2345"),
    ],
)
def test_hanzi_mobile_split_by_commas(text: str, masked: str) -> None:
    assert _hits(text, "pii"), RULES.check(text).to_dict()
    assert masked in mask_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "逾期会影响您的审批结果，请先处理好逾期。",
        "提前还清不影响征信，也不影响下次申请。",
        "请问花呗逾期一次，会影响在你们这里借款吗？",
        "您的逾期已结清，不影响后续借款申请。",
        "我们没有一个客户的资料被泄露过。",
        "我们只在联系不到您时才会打给紧急联系人，只问您的新电话。",
        "若您长期失联，我们可能会联系紧急联系人，仅询问您的最新联系方式。",
        "借一万，一天利息两元，年化利率7.3%。",
        "月薪八千块，一个月一千五交房租。",
        "借五万，每个月多还一千本金就能提前还清。",
        "借一万一天的话，你觉得多少利息合适？",
        "公司总机：零二一，六六七七，八八九九。",
        "第一、二、三、四、五、六、七、八、九条都要看。",
        "先息后本和等额本息有什么区别？",
        "I rode a taxi 5 miles to see Li 3 times.",
    ],
)
def test_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# round 2 (probe28a1, probe27a4/a5, probe27r3: families still missed at session start)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the refused or bad-credit customers "mostly got it"; 100% after the approval word
        ("征信花的朋友也不用愁，上个月来的几个基本都批了。", "marketing"),
        ("有逾期的来找我，十个有九个都过了。", "marketing"),
        ("放款100%，资料齐就行。", "marketing"),
        # a collection letter sent to the workplace, family or committee
        ("催款通知书明天就寄到你公司前台。", "collection"),
        ("欠款明细已经快递到你老家村委会了。", "collection"),
        # a yearly flat fee on a zero-rate instalment loan; interest-only money a month
        ("0息分期买手机，每年收4%的服务费，分24期。", "rate-disclosure"),
        ("本产品不收利息，按年收取2%的管理费，分36期还款。", "rate-disclosure"),
        ("二十万的经营贷，先息后本，一个月四千。", "rate-disclosure"),
        ("这笔五万的款子每月只还息，每月九百。", "rate-disclosure"),
    ],
)
def test_round2_families_caught(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "判决书显示，该公司催收员曾多次致电借款人的同事，被判赔偿精神损失费。",
        "法院认定，该平台打电话给借款人全部通讯录联系人的行为侵害隐私权。",
        "之前被拒的客户，有部分补充材料后获批，具体看审核。",
        "合同会邮寄到您的单位地址，请注意查收。",
        "申请条件：年满22周岁，有稳定收入，征信无严重逾期",
        "我老公在外面借了网贷，催收天天打电话，我该不该用存款帮他还？",
        "借款十万，先息后本，每月付息六百元，年化利率7.2%。",
        "零利率购车，每年仅收3%的手续费，分36期，年化利率约5.6%（IRR）。",
        "借款十万，等额本息，每月还款三千二。",
    ],
)
def test_round2_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# round 3 (probe28a2, probe28a3)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the credit report named obliquely (那张纸) and waved away
        ("看的是你这个人靠不靠谱，那张纸上写什么我们一概不问。", "marketing"),
        # the price first, then the sum it buys; a Hong Kong flat monthly rate; a fee taken up front
        ("每天五毛钱，就能用两千块，一个月才十五块。", "rate-disclosure"),
        ("港幣私人貸款，月平息0.2%起，即批即過數。", "rate-disclosure"),
        ("贷两万，扣完服务费实际到账一万七，一个月后还两万。", "rate-disclosure"),
        # a saved contact in the borrower's phone already called
        ("你手机里备注“老婆”的那个号码，我们刚打过去了。", "collection"),
    ],
)
def test_round3_families_caught(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "每天五毛钱的会员费，就能用所有功能。",
        "借款一万元，实际到账一万元，无任何前期费用。",
        "借一万到手一万，一年后还一万零八百，年化利率8%。",
        "我手机里存的联系人很多，请你们只打给我本人。",
        "你们说的月平息是什么意思？和年化有什么区别？",
        "体检报告上有啥都无所谓，反正我也看不懂。",
    ],
)
def test_round3_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
