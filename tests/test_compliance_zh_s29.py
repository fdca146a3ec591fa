"""Session 29 (rules, Chinese side): why a sentence breaks a rule, and who says it. Variants of
each family in other words, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


@pytest.mark.parametrize(
    "text",
    [
        # a borrower reports what others told them, then asks whether it holds for us
        "我问了两家，他们都说不用查征信，你们这边呢？",
        "网上好多人讲你们包下款，真的假的？",
        "别的平台说百分百通过，你们是不是也能保证？",
        "听说你们不查大数据，靠谱吗？",
        "同學話你哋唔使睇聯徵，係咪真㗎？",
        # a consequence denied, a reason that does not lead to it
        "欠款不还不会导致坐牢，但会被起诉。",
        "逾期不会引起刑事责任，请放心协商。",
        "我们不会因为你逾期一次就上门催收。",
        "逾期不会构成犯罪，也不会被拘留。",
        # a student asking with an A-not-A question
        "我大二，还在上学，你们这个能借不",
        "研二学生一枚，请问这个额度我能开不",
        # advice not to believe those who say it
        "千万别信说不查征信的，都是套路。",
        "你别听网上那种吹嘘秒批的广告。",
        # a daily price with no loan beside it, or with its APR
        "每天一杯奶茶的钱，一年下来也有好几千，要学会存钱。",
        "借两万块，年化利率18%，一天利息约9.86元，相当于一杯奶茶钱。",
        # a borrower's own fear of jail, others' refusals told by the borrower, a reviewed case
        "我要是还不上，会不会进去蹲几天？",
        "别家都拒了我，到你们这还有希望吗？",
        "银行不批的原因有很多，到我们这里也一样要看资质。",
        "征信花了我很担心，你们会不会查？",
        "曝光台的稿子编辑好了，准时上线。",
        "欠款曝光是违法的，我们已经准备好材料去投诉了。",
        # a call the borrower's side received, told by the borrower
        "我老公昨天收到短信称要去他单位闹，是你们发的吗",
        "我爸接了个电话说我再不还就要坐牢，我从来没在你们这借过钱。",
        # the borrower's own fear, deadline or record after asking for a promise
        "能保证一定能批吗？我就是怕查了征信又被拒。",
        "你们能不能保证下款？我月底就要交房租。",
        "真的不看征信吗？我征信上有好几次逾期。",
        "我表姐说你们的人打电话去她单位了，是真的吗？",
    ],
)
def test_borrowers_reports_and_denials_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the agent citing others about its own offer is still the agent's lure
        ("大家都说我们这里包过，你还犹豫什么？", "marketing"),
        ("别人都说我们不查征信，赶紧来办吧。", "marketing"),
        # a reason that is the threat's condition is no denial
        ("你再不还，我们就因为这个上门找你家人。", "collection"),
        ("在校生也能借，你还犹豫不", "marketing"),
        # the call announced to the family is the threat
        ("你家里人会接到电话说你欠钱要被抓", "collection"),
        ("你放心，不会被拒的", "marketing"),
    ],
)
def test_lures_around_the_readers_still_flag(text: str, category: str) -> None:
    assert any(h.category == category for h in RULES.check(text).hits), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the cost of a loan as the price of one everyday thing a day
        ("一天就是一瓶矿泉水的钱，三万块随便用。", "rate-disclosure"),
        ("借五万块，每天成本也就一碗面钱。", "rate-disclosure"),
        ("每天省下一杯咖啡钱，就能把十万块拿回家。", "rate-disclosure"),
        ("两万块，一天不到一顿早饭钱。", "rate-disclosure"),
        ("借兩萬，每日一個菠蘿包嘅錢。", "rate-disclosure"),
        # approval as a record of never failing a case, the verb first
        ("我做信贷十年，没拒过一个客户。", "marketing"),
        ("跟着我办的，从来没黄过一单。", "marketing"),
        ("本人经手的件，还没失手过一次。", "marketing"),
        ("我做咗咁多年，冇卡過一單。", "marketing"),
        # a stay in detention put to the debtor
        ("是不是非得去看守所待上一阵子你才还？", "collection"),
        ("你是想吃几天公家饭再说吗？", "collection"),
        ("等你进去蹲个半年，看你还嘴硬不。", "collection"),
        ("想尝尝铁窗的滋味是吧？", "collection"),
        ("你想入去踎幾日係咪？", "collection"),
        # indifference to the credit record
        ("你的征信我们才懒得查。", "marketing"),
        ("信用记录好不好？我们根本没兴趣知道。", "marketing"),
        # others refused you; with us it is nothing
        ("银行把你刷下来了？在我们这儿根本不算个事。", "marketing"),
        ("其他平台说你资质不够，到了我们这都能搞定。", "marketing"),
        ("銀行唔批你，嚟我哋度一樣搞得掂。", "marketing"),
        # the exposure made ready, about to go out
        ("欠款曝光的海报我们已经设计好了，明天一早贴到你家楼道。", "collection"),
        ("你的老赖视频都录好了，随时推送到你们公司群。", "collection"),
        ("催收通知已经打印好，就等贴出去了。", "collection"),
        # an offer to talk to the family, put as a question
        ("你爸的电话我们有，需不需要我们出面跟老爷子讲清楚？", "collection"),
        # a week in folk words before a folk figure
        ("一个礼拜两分利，到期一起结。", "rate-disclosure"),
        ("一個禮拜兩個點，冇得傾。", "rate-disclosure"),
        ("一周一分五的利息，七天一结。", "rate-disclosure"),
    ],
)
def test_structures_read_in_other_words(text: str, category: str) -> None:
    assert any(h.category == category and h.severity != "info" for h in RULES.check(text).hits), (
        RULES.check(text).to_dict()
    )
