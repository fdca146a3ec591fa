"""Session 27 (rules, Chinese side): families from probe28r1 and session 26's unseen Chinese
misses. Variants of each family in other words, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules
from loancs.core.pii import mask_text

RULES = load_rules()


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
