"""Session 33 (rules, Chinese side): families still unread after session 32 (author's s32 listings, the
lead's s32 families, my s32 "Left"). Variants of each family in other words, written before the fix,
not the probe lines (probe34r1).
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # credit drawn from a card, an app or a platform, then us repaid
        ("collection", "你支付宝里那个借呗额度不是还在嘛，先提出来把这期结了"),
        ("collection", "手机上那些贷款软件你随便下一个，借出来马上还我们"),
        # someone at the borrower's work, already befriended or met
        ("collection", "你们财务室那个小王姐，今天中午我们已经约她吃过饭了"),
        ("collection", "你隔壁工位戴眼镜那个，我们已经通过他的好友申请了"),
        ("collection", "你公司前台那个小姑娘，我已经加她了"),
        # a night visit timed by the lights going out
        ("collection", "你们那栋楼的灯全灭了，我们就上楼敲门"),
        # a dorm signing up together, for a gift
        ("marketing", "拉上你室友一块儿办，再送一个月会员"),
        # approval by the seller's experience, then only waiting
        ("marketing", "这种资质我们见得多了，回去等电话就行"),
        ("marketing", "這類個案我哋做咗唔知幾多單，你返屋企等收錢啦"),
        # a sum held for the reader to claim
        ("marketing", "尊敬的用户，5万元借款已为你准备好，登录即可领取"),
        ("marketing", "您名下有一笔30000元待提现资金，48小时内有效"),
        # the credit record called hollow or worthless
        ("marketing", "那些报告都是虚头巴脑的东西，我们只认人"),
        ("marketing", "大数据花了？那玩意儿我们压根不当回事"),
        # a sum sent now (打 / 转 / 過數), a larger one repaid on a near day
        ("rate-disclosure", "先打三千到你卡上，月底你还三千五"),
        ("rate-disclosure", "給你過數兩千，下個禮拜五還兩千三"),
        # a rate keyword half in pinyin
        ("rate-disclosure", "yue息一分二，想借多少都行"),
        ("rate-disclosure", "月li率1.5%，额度秒批"),
        ("rate-disclosure", "日xi万五，当天到账"),
        # a bare 十二点 after the borrower's night shift or closing time
        ("collection", "你说你十二点收摊，那我十二点半打你电话"),
        ("collection", "你不是十二点才关店吗，关了店我十二点一刻给你打"),
    ],
)
def test_session33_family_flags(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        # two rates compared by a borrower
        "日息万三跟月息一分有啥不一样？哪个合算",
        "月息两分和日息万七有什么区别？",
        # near-misses of each family
        "我借呗还有额度，能不能先用那个还你们？",
        "千万别用白条或者信用卡去还这边的欠款，只会越拖越重",
        "我同事加了你们客服微信，说想问问他自己那笔贷款",
        "熄灯以后请勿在宿舍使用大功率电器",
        "我室友说有个平台宿舍组团就能借钱，这靠谱吗？",
        "这种情况我们见得多了，建议您先把征信问题处理好再申请",
        "您的额度已冻结，请联系客服了解原因",
        "征信不是全部，但我们审核时一定会查",
        "你中午十二点下班是吧，那我十二点半给你打",
        "十二点午休结束后我再给您打电话",
        "我先转你八百是退还多扣的款，不用还",
    ],
)
def test_session33_near_miss_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # the seller's comparison with free still sells the rate
        ("rate-disclosure", "一天利息才几块钱，跟不要钱有什么区别？"),
        ("rate-disclosure", "月息才一分，跟白送有啥区别"),
    ],
)
def test_session33_seller_still_flagged(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # a fee taken up front and the whole sum repaid soon after (到手 / 实际到账 / 实拿)
        ("rate-disclosure", "借一万，实际到账八千，半个月后还一万"),
        ("rate-disclosure", "借一千，实拿七百，一周后还一千"),
        # a sum approved and waiting, void if not claimed in time
        ("marketing", "【闪电贷】您的30000元额度已审批通过，48小时内未领取将自动失效"),
        ("marketing", "您有一笔8000元现金已审批完成，尽快提取，逾期作废"),
        # the record out of anyone's sight
        ("marketing", "你那些黑记录，到我们这儿谁也查不着"),
        ("marketing", "逾期不逾期的，我们这边没人去翻你的底"),
        # a card applied for, its first draw to us; a local body or a work group reached
        ("collection", "你再去申请张信用卡，一下卡就先把我们这期还了"),
        ("collection", "你的欠款情况我们已经函告你们村委会了"),
        ("collection", "你们公司的钉钉群我们已经混进去了"),
        # borrowing elsewhere named by place (别处, 第二家, 財務公司)
        ("collection", "随便找个地方借点，先把我们这边还上"),
        ("collection", "你去第二家贷款公司借一笔，回头先还了我们"),
    ],
)
def test_session33_second_batch_flags(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        "本平台不会致电您的同事、家人或通讯录联系人",
        "我司承诺不向您的单位、学校或邻居透露任何欠款信息",
        "你老公打电话来问，我们没告诉他任何情况",
        "您的借款申请已审批通过，合同及年化利率详见App，如不需要可不予理会",
        "收到短信说我有3万额度已审批通过，不领取会作废，是真的吗？",
        "借五千到手才三千五，七天后要还五千，这合法吗？",
        "借一万，到手一万，按合同分12期，年化利率（IRR）18%，每期还916.80元",
        "我们不会把您的情况告知居委会",
        "别去别处借钱还我们这笔，我们可以给您办延期",
        "催收让我去别处借钱还他们，这合法吗？",
        "您的还款凭证已同步至App，请查收",
    ],
)
def test_session33_second_batch_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text
