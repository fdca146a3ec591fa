"""Session 30 (rules, Chinese side): what a figure means and who speaks. Variants of each family
in other words, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    "text",
    [
        # a folk rate typed in pinyin, the figure in syllables too
        "ri xi wan san, sui jie sui huan",
        "zhou li xi liang ge dian",
        "yue li xi yi fen er, jin tian fang kuan",
        "li xi mei tian wan wu",
        "兄弟，li xi mei yue liang fen，要不要",
    ],
)
def test_pinyin_folk_rates_are_rate_quotes(text: str) -> None:
    assert _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the annual rate divided to a day in the formula that shows it
        "年利率24%，日利率按24%/360折算，约0.0667%。",
        "年化利率（单利）12%，每日计息=剩余本金×12%÷365。",
        "年化利率為14.6%，每日利息按本金×14.6%÷365計算。",
        # pinyin that is not a rate
        "mei tian wu dian xia ban",
        "nian hua 18%, ri xi wan wu",
    ],
)
def test_disclosures_and_plain_pinyin_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_a_daily_rate_times_the_principal_still_warns() -> None:
    assert _flags("日利率0.05%，按日计息，每天利息=本金×0.05%。", "rate-disclosure")


@pytest.mark.parametrize(
    "text",
    [
        # "zero interest" whose price is a fee, the fee named any way, its figure before or after
        "咱们这款不算利息的，借的时候收一笔3%的服务费就完事。",
        "零息！每笔借款仅收取388元平台使用费。",
        "免息用款30天，只需缴纳信息审核费299元。",
        "無利息，一次過收取顧問費4,800元。",
        # a price made trivial per month, beside the sum lent
        "借三万，一个月也就一顿烧烤的钱。",
        "两万块用一个月，成本就一张电影票钱。",
        "一萬蚊一個月，利息不過一餐茶嘅錢。",
        "每月一箱牛奶的花费，就能周转五万。",
    ],
)
def test_a_price_without_a_rate_is_a_rate_quote(text: str) -> None:
    assert _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "免息期内全额还款不收利息，也不收任何费用。",
        "零利息分期的手续费是多少？",
        "信用卡分期免息，但年费200元照收。",
        "本产品没有利息，也没有服务费，逾期后每天收取违约金10元。",
        "我每个月的奶茶钱都快一千了，得省着点。",
        "借一万，年化18%，一个月利息约150元，差不多一顿火锅钱。",
        "一个月的话费也就几十块钱。",
    ],
)
def test_fees_and_prices_that_are_not_quotes_pass(text: str) -> None:
    assert not _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the borrower's side ends asking the listener to judge what was done or said
        "昨晚快十二点还有人打电话给我妈催我的款，这种做法不违法吗？",
        "那个业务员说只要交五百就包下款，我该不该信？",
        "催收的说再不还就去我单位闹，我可以投诉他们吗？",
        "群里有人说学生证就能借，不用告诉爸妈，这是骗局吧？",
        "我是欠款人本人，你们的人昨晚十一点还在给我打电话。",
        # a policy that keeps contact out of the quiet hours
        "我们不会在深夜或清晨给您打电话。",
        "每晚22点起外呼系统暂停，早上8点后再联系。",
        "夜间和周末我们不安排外访，只在工作日白天联系。",
        # the borrower works out the yearly figure and checks it
        "客服讲日息万三，折合年化是不是10%左右？",
        "借一万每月还一千，一年算下来利息是不是超过20%了？",
        "朋友说那家一个月利息就一顿饭钱，借五万真的这么划算吗？",
        "你们那个月费率0.5%，一年下来有没有12%？",
    ],
)
def test_the_borrowers_side_and_policies_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("你再不还，今晚十二点我们就上你家，你觉得这合法吗？", "collection"),
        ("包下款，不查征信，是真的，放心来", "marketing"),
        ("不会在白天找你了，今晚十一点我们再打给你。", "collection"),
        ("月息两分，一年就是24%，还不来？", "rate-disclosure"),
    ],
)
def test_the_lenders_own_words_still_flag(text: str, category: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


def test_a_fee_the_rate_reader_prices_is_said_once() -> None:
    rules = [h.rule for h in RULES.check("零息分期，每期手续费0.5%，分6期").hits]
    assert rules.count("zh.rate.flat-fee-without-apr") == 1
    assert "zh.rate.fee-as-price-without-apr" not in rules


@pytest.mark.parametrize(
    "text",
    [
        # interest a year in yuan beside the sum lent
        "借十万，一年下来利息才五千，分两年还清。",
        "三十萬貸款，每年利息兩萬四，十年還清",
        # a fee taken off the sum lent at payout, the sum repaid in full
        "贷款一万，放款时先扣一千手续费，30天后还一万。",
        "借两千，到手一千八，下个月还两千。",
    ],
)
def test_yearly_interest_and_fees_taken_up_front_are_rate_quotes(text: str) -> None:
    assert _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借十万，年化利率5%，一年利息五千。",
        "每年利息按实际使用天数计算，以合同为准。",
        "借款一万元，每月扣款880元，分12期，年化利率10.5%。",
    ],
)
def test_a_years_interest_beside_its_rate_passes(text: str) -> None:
    assert not _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a fee named any way, its figure before it; interest "no more than" a yearly sum
        ("借两万，每月交三百的平台费，到期还本。", "rate-disclosure"),
        ("借一万，一年下来利息不过八百块。", "rate-disclosure"),
        # a bridge from another lender, put to the debtor
        ("找个口子过个桥，这笔就平了。", "collection"),
        ("你可以去借呗倒一下，先把逾期清掉。", "collection"),
        # the record waved aside, then what we look at instead
        ("大数据花了无所谓，看的是你的公积金。", "marketing"),
        ("只需要一个实名手机号，别的都不卡。", "marketing"),
    ],
)
def test_author_round_families_in_other_words(text: str, category: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我们主要看征信和收入，征信花了会影响审批。",
        "过桥贷款风险很高，不建议为了还款去找小贷公司。",
        "只要资料齐全，我们会在三个工作日内完成审核。",
        "每个月的话费三百块，我想分期。",
    ],
)
def test_their_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("材料齐了，不出三天钱到卡，你等着就行。", True),
        ("這單我幫你搞掂，最遲聽日下午錢到賬。", True),
        ("审核通过后，最晚三个工作日内到账。", False),
        ("如审批通过，放款最迟不超过两个工作日，具体以系统为准。", False),
    ],
)
def test_the_latest_day_the_money_lands_is_a_promise(text: str, flagged: bool) -> None:
    assert _flags(text, "marketing") is flagged, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the borrower asks whether we did it to them, complains, or quotes our words back
        "你们是不是给我单位打过电话？领导找我谈话了。",
        "我公司同事都收到你们的信息了，请你们停止这种做法。",
        "你们说的不查征信，结果我的报告上多了一条查询。",
    ],
)
def test_the_borrowers_complaints_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "你们有没有想过我的感受？你家人的电话我都有，今晚就打。",
        "不还就把你欠款发到你家族群，请立即停止拖欠。",
        "你们是不是觉得我不敢上门？今晚就去你家。",
    ],
)
def test_a_collectors_question_or_demand_still_blocks(text: str) -> None:
    assert _flags(text, "collection"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "新闻称，部分催收公司以“上门拜访”为名深夜滋扰借款人。",
        "快讯：某平台因“借款送金条”被约谈，已下架相关活动。",
        "客户：你们是不是要去我老家？村里都传开了",
    ],
)
def test_news_and_a_customers_transcript_line_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
