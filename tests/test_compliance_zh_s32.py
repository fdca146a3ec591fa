"""Session 32 (rules, Chinese side): families from the lead's session-31 unseen misses and my s31 "Left".
Variants of each family in other words, written before the fix, not the probe lines (probe33r1).
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # take a sum now, repay a larger one on a near day (a week's or a month's cost as yuan)
        ("rate-disclosure", "今天转你五千，月底连本带利还五千五。"),
        ("rate-disclosure", "先用两千，下个月十号还两千四就好。"),
        ("rate-disclosure", "马上给你放三千，下下周一还三千四。"),
        ("rate-disclosure", "拿一萬走，月尾還一萬一。"),
        ("rate-disclosure", "今晚先给你拿四千周转，下个礼拜天还四千五。"),
        # per-mille (千X, 千分之X) and a figure opening the clause after its basis (按日计息，…)
        ("rate-disclosure", "按天计息，千分之一，借多少天算多少天。"),
        ("rate-disclosure", "利息按日算：千分之零点五。"),
        ("rate-disclosure", "日息千一，用几天算几天。"),
        # a cost said as 成本 or 多出, and a total over whole years
        ("rate-disclosure", "五万块用满一年，总成本不到四千。"),
        ("rate-disclosure", "每一万块钱用一年，资金成本八百多。"),
        ("rate-disclosure", "一万块一个月的使用成本才一百出头。"),
        ("rate-disclosure", "借十万，两年总共才多还一万二。"),
        ("rate-disclosure", "贷三万，分三年，前前后后多出五千多。"),
        # a third party already made to pay; a call timed by the borrower's sleep
        ("collection", "你表姐已经替你还了两千，剩下的你自己看着办。"),
        ("collection", "你们部门主管已经先帮你把利息交了。"),
        ("collection", "你几点睡我就几点打，看谁熬得过谁。"),
        # credit put as someone else's business; refused elsewhere, fine here; code-mixed students
        ("marketing", "查征信那是银行的规矩，我们是私人放款，不走那一套。"),
        ("marketing", "征信归征信，我们用的是自己的钱，两不相干。"),
        ("marketing", "别的银行说你不行的，来我们这儿照样能借。"),
        ("marketing", "大学生no problem，学生证拍个照就ok。"),
        # interest called as good as free; money per hundred; a price with the verb that takes it
        ("marketing", "五千块一天两块钱利息，少喝瓶饮料的事，约等于免费。"),
        ("marketing", "借两万一个月利息才一百多，相当于白送你用。"),
        ("rate-disclosure", "每百元每天五分钱，按天计。"),
        ("rate-disclosure", "一百块一个月收你两块，够便宜了吧。"),
        # a list of lacks, and a credit line all the same
        ("marketing", "没房没车没社保的，也有额度。"),
        # a night call set by the listener's own schedule
        ("collection", "知道你夜班凌晨三点才下，下班那会儿我准时打给你。"),
        ("collection", "你说你晚上十一点才到家，那我十一点一刻再打。"),
        ("collection", "你一般半夜一点才睡吧，我一点打过来跟你聊。"),
        ("collection", "你不是十点半才下晚自习吗？那我十一点联系你。"),
    ],
)
def test_session32_family_flags(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the Taiwan APR name and an IRR named as such are annual rates
        "本分期計畫總費用年百分率為11.2%，每月手續費0.5%，共12期。",
        "总费用年百分率约16.8%，每期手续费0.75%，分24期。",
        "每期服務費0.6%，總費用年百分率（含所有費用）約13.4%。",
        "年百分率10.9%（每月平息0.5%，12期）。",
        "手续费每期0.5%，折合IRR约10.9%。",
        # a borrower's question typed without its mark
        "他们让我今天拿五千，月底还五千五，这样算高利贷吗",
        "借五千一个月还五千四，我想问下这样年化是多少",
        "我儿子在读高三，有人说有身份证就能借，我该怎么办",
        "群里有人说不看征信秒下款，我们该怎么办才好",
        # what others told the asker, judged after it
        "业务员讲每期手续费0.8%，这个算不算高？",
        "客服说日息万分之六，这正常吗？",
        "他们说不收利息只要每月交1%服务费，这合理吗？",
        "朋友推荐来的，说你们这里学生也能借，我大三想问下要什么材料",
        "听说学生证就能借，我大一想问下利息多少",
        # a borrower's report in Shanghainese or Cantonese, asked with 伐 / 真个假个 / 係咪真㗎
        "阿拉朋友讲依拉不查征信个，真个假个？",
        "伊拉讲学生也好借，侬帮我问问看好伐？",
        "中介讲包下款，先收两千手续费，这种能信伐",
        "有个主播讲伊拉屋里贷款不看征信，我想问问阿拉能不能借",
        "我借了一万，他们让我一个月后还一万一，这个年化是多少啊",
        "征信由人民银行征信中心管理，我们作为持牌机构会依法查询。",
        "别家说不行的，到我们这里也要重新审核。",
        "无工作、无收入来源的申请人，我们无法提供贷款。",
        "申请人须年满18周岁。",
        # service, receipts and advice near the families
        "你老婆已经替你还了这期，款项已到账，谢谢。",
        "等你睡醒了我再打给你。",
        "借五万，三年等额本息，总共多还九千，年化利率约11.1%（IRR）。",
        "拿信用卡套现还网贷，只会越借越多。",
        "年化利率18.25%，相当于每天万分之五。",
        "您借款3000元，下周五到期，到期应还3000元，无其他费用。",
        "您说晚上十点才下班，那我们明天上午十点再联系您，可以吗？",
        "我加班到凌晨一点才下班，你们一点多还打电话过来，这正常吗？",
    ],
)
def test_session32_near_miss_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # guards: the seller's own voice stays flagged
        ("rate-disclosure", "月息两分，划算吧，赶紧来借？"),
        ("collection", "你不还钱，我就找你领导聊聊，你自己看着怎么办"),
        ("marketing", "大家都说我们不查征信，是真的，你也来试试吧？"),
        ("rate-disclosure", "月息两分，这么低的利息你还等什么呢"),
        ("rate-disclosure", "月息两分，年化多少你自己算"),
        ("marketing", "学生也能借，想了解详情请咨询客服"),
    ],
)
def test_session32_seller_still_flagged(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()
