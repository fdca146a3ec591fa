"""Session 31 (rules, Chinese side): families from the lead's session-30 unseen misses, my s30 "Left" and
author's s30 rounds. Variants of each family in other words, written before the fix, not the probe lines.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # spend now, repayment put off to later (borrow-inducement)
        ("marketing", "额度都批好了，先拿去潇洒，还款的事等发工资再说。"),
        ("marketing", "看上的手机直接下单，钱先刷我们的，怎么还回头再琢磨。"),
        ("marketing", "先借五千出去玩一趟，至于还的事，那是以后的事情。"),
        ("marketing", "想要就拿，還款遲啲再諗啦。"),
        ("marketing", "钱先花着，还不还的以后再考虑。"),
        # another lender named by what it is, to repay us
        ("collection", "手机里那些贷款软件随便点一个，借出来先把我们这期结了。"),
        ("collection", "找个秒批的小额平台周转一下，今晚把欠款补上。"),
        ("collection", "你不是有信用卡吗？刷出来先还我们这笔。"),
        ("collection", "第二間財仔借住先，還咗我哋呢筆再講。"),
        ("collection", "网上那么多借钱的口子，去撸一个回来还款。"),
        # a credit record promised to vanish
        ("marketing", "之前的逾期我们这边有渠道处理，征信报告上会恢复干净。"),
        ("marketing", "借我们的钱不会留下查询记录，别的银行看不到。"),
        ("marketing", "征信有污点？交点手续费，帮你把记录洗掉。"),
        ("marketing", "我哋呢度借完，征信上面一啲痕跡都冇。"),
        ("marketing", "逾期几天没事的，我们不报征信，记录上什么都不会有。"),
        # a track record of approvals and "you are next"; code-mixed sure passes
        ("marketing", "这周我经手的十几单全都下来了，你这单也跑不掉。"),
        ("marketing", "跟我办的客户到现在一个都没被拒，你放心交资料。"),
        ("marketing", "我们帮几百个黑户都批了款，你这情况小意思。"),
        ("marketing", "干这行十年，没有我办不下来的贷款。"),
        ("marketing", "你的case我review过了，approve是100%的事。"),
        ("marketing", "上礼拜帮二十几位客户成功放款，下一个就是你。"),
        # not one refused, said without 也
        ("marketing", "上个月我手上二十多个客户，一个没被拒，你也一样稳。"),
        ("marketing", "今年经我手五十几单，一单没卡过，你交给我就行。"),
        ("marketing", "我做的客户一笔没被退回过，你这笔也稳。"),
        # the record not even looked at / useless / the bank checks, we look at a job
        ("marketing", "征信那份东西我们看都不看，直接放款。"),
        ("marketing", "你的信用报告？我们翻都不会翻。"),
        ("marketing", "别家看征信，我们只看你有没有稳定工作。"),
        ("marketing", "征信查了也没用，我们这儿不按那个来。"),
        ("marketing", "人行那边的报告我们压根不调，百行也不查。"),
        # a saving given up each month as the price of the sum
        ("rate-disclosure", "每个月少喝几杯奶茶，十万块马上到账。"),
        ("rate-disclosure", "一个月少吃一顿火锅，就能借到五万。"),
        ("rate-disclosure", "每月省下两包烟，二十万额度立即到手。"),
        ("rate-disclosure", "每个月少买一件衣服，就能先拿三万周转。"),
        # a folk monthly rate after 利息 with "as low as"
        ("rate-disclosure", "月供利息低至六厘，全城最低"),
        ("rate-disclosure", "利息低至七厘，手续简单，当天到账。"),
        ("rate-disclosure", "我们的利息最低八厘，比银行还划算。"),
        ("rate-disclosure", "息口低至五厘，快啲嚟問。"),
        ("rate-disclosure", "利息仅需九厘，随借随还。"),
        # a flat figure a period covered by an equal simple annual rate
        ("rate-disclosure", "每期手续费1.5%，年化利率12%（单利）。"),
        ("rate-disclosure", "每期费率0.8%，放款快，年化很低。"),
        # an investigation reported as news
        ("marketing", "调查过了，你这种情况包过，放心申请。"),
        # a lure that is what a received message said, told by the one who got it
        ("marketing", "收到短信的同学注意啦，凭学生证就能借五千！"),
        ("marketing", "短信都发给你了，包过包下款，赶紧申请。"),
        # a borrower asking whether a lure is true, with where they heard it: the lender's own claim stays flagged
        ("marketing", "是真的，我们不查征信，朋友介绍来的都这么说。"),
        # hearsay at the start, the asker's own case asked at the end: the lender's own claim stays flagged
        ("marketing", "朋友说我们不看征信，是真的，你也来试试吧？"),
        ("marketing", "听说过吧，我们不查征信，你要不要试试？"),
        ("marketing", "客户都说我们包过，你还犹豫什么？"),
    ],
)
def test_a_family_variant_is_flagged(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # spend now, repayment put off to later (borrow-inducement): the other side
        "我先借了一笔应急，还款的事以后再跟你们商量可以吗？",
        "还款的事以后再说吧，我现在真没钱。",
        "我们建议先想好怎么还，再决定借多少。",
        "千万别信“先花了再说，还的事以后再想”这种广告。",
        # another lender named by what it is, to repay us: the other side
        "我用另一个App借钱还了你们，现在利息更多了，怎么办？",
        "请不要通过其他借款平台借钱来还款，这只会加重负担。",
        "下载我们的App，可以查看还款计划。",
        # a credit record promised to vanish: the other side
        "逾期记录会如实上报，任何人都无法帮您删除。",
        "有人说交钱就能洗白征信，这是真的吗？",
        "结清后，逾期记录会按规定保留五年。",
        "请警惕声称可以消除逾期记录的中介。",
        # a track record of approvals and "you are next"; code-mixed sure passes: the other side
        "我们去年共受理贷款申请一千多笔，通过率约六成。",
        "上个月我帮二十多个客户整理了资料，但审批结果还是以系统为准。",
        "客户经理经验丰富，会尽力协助，但我们不承诺审批结果。",
        # not one refused, said without 也: the other side
        "资料有一个没被审核通过，请补充后重新提交。",
        # the record not even looked at / useless / the bank checks, we look at a job: the other side
        "我们会查询您的征信报告，并结合收入情况综合评估。",
        "我们只看您授权提供的材料，征信会依法查询。",
        "征信报告我们要看，工作情况也要看。",
        "你们是不是连征信都不看？这样放款合规吗？",
        # a saving given up each month as the price of the sum: the other side
        "每个月少喝几杯奶茶，一年能省下不少钱。",
        "借三万元，年化利率12%，分12期等额本息，每月还款约2665.46元。",
        "我每个月少看一场电影，攒了三万块存款。",
        # a folk monthly rate after 利息 with "as low as": the other side
        "声称利息低至三厘的都是骗局，千万别信。",
        "你们利息最低是多少？年化多少？",
        "年化利率最低7.2%（单利），具体以审批为准。",
        # a flat figure a period covered by an equal simple annual rate: the other side
        "您的借款年化利率为12.6%（单利），分12期，每期利息为本金的1.05%",
        "年化利率（单利）18%，每期利息按本金的1.5%计收，到期还本。",
        "本产品年化利率9.6%（单利），每期费率0.8%，按月付息。",
        # an investigation reported as news: the other side
        "記者調查：部分網貸平台以「零利率」招攬學生，實際收取高額手續費",
        "调查发现，一些中介以“包过包下款”为名收取高额服务费。",
        "记者暗访发现，部分催收员冒充律师恐吓借款人家属。",
        "媒体调查：有平台宣称“不看征信”，实际年化超过36%。",
        # a lure that is what a received message said, told by the one who got it: the other side
        "我女儿在读大学，她收到短信说有学生证就能借钱，我很担心",
        "我儿子收到一条短信说学生凭学生证就能贷款，我很不放心。",
        "我老公收到广告说包过包下款，他差点就信了。",
        "她收到的短信说在校生免担保就能借，我怕她上当。",
        # a borrower asking whether a lure is true, with where they heard it
        "你们是不是真的不查征信？朋友说的",
        "听说你们这儿学生证就能借，真的假的？我表弟说的。",
        "真的当天就能到账吗？网上都这么说。",
        "你们是不是包过？中介跟我说的。",
        "不看征信这个说法是你们说的吗？",
        "我邻居说你们催收会去单位闹，是真的吗？",
        "朋友说你们借款不上征信，我借了才发现上了，你们这是骗人。",
        "有人说在你们这借钱逾期记录可以消掉，是不是真的？",
        "客服说还款的事以后再说，这样没问题吗？",
        "我同事说你们不看征信，只看工作，我这种情况能借吗？",
        # hearsay at the start, the asker's own case asked at the end
        "朋友说你们家不看大数据，我这种大数据花了的能试吗？不想白白多一条查询",
        "听同事说你们不查征信，我有两次逾期能申请吗？",
        "中介跟我讲你们包过，我这种没社保的行不行？",
        "网上说你们学生证就能借，我大二可以吗？",
        "我表姐说你们当天就放款，我今天申请来得及吗？",
    ],
)
def test_a_near_miss_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # the debt sent to a workplace mailbox or front desk
        ("collection", "你们单位的公务邮箱我们有，催款函会同步发一份过去。"),
        ("collection", "你公司HR的邮箱已经找到了，你的逾期通知会抄送给她。"),
        ("collection", "律师函我们准备寄到你单位前台，让大家都签收一下。"),
        # a year's cost beside the sum, in cost words
        ("rate-disclosure", "每一万块钱用一年，费用不超过一千。"),
        ("rate-disclosure", "借一万用满一年，总共才多出八百块。"),
        # a "then" sentence that takes the night from the sentence before it
        ("collection", "你不是晚上睡得晚吗？那我十二点再打过来。"),
        ("collection", "你说晚上在家是吧？那我十一点去你家门口等你。"),
        ("collection", "晚上才有空？那好，我十点半准时打给你。"),
        # the lender's own voice after hearsay still speaks
        ("collection", "对方说你不还，我们就去你单位，你说怎么办吧。"),
    ],
)
def test_a_second_round_family_variant_is_flagged(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我们只会通过您本人预留的邮箱发送账单和通知。",
        "你们把催款邮件发到我公司邮箱了，这合法吗？",
        "年化利率12%（单利），每一万元一年利息约1200元。",
        "你晚上十一点才下班是吧？那我明天上午十点给你打。",
        "您早上几点方便？那我九点给您回电话。",
        # someone else's words or doing, told by the asker, who asks what to do
        "对方说不还钱就去我单位闹，我现在很怕，应该怎么处理？",
        "催收员讲要把我欠钱的事发到家族群，我该咋办",
        "我弟弟被人拉去做贷款推广，说学生拿学生证就能借，我要怎么劝他？",
        # those who say the lure, and what they really do
        "那些喊着“不看征信、秒到账”的，十个有九个是骗子。",
        "凡是张口就“包过”的中介，基本都是收了钱就跑。",
    ],
)
def test_a_second_round_near_miss_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
