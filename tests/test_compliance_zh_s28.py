"""Session 28 (rules, Chinese side): readers of structure. Variants of each family in other
words, not the probe lines themselves.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from loancs.core.compliance.rates import read_rates
from tests.compliance_asserts import RULES
from tests.compliance_asserts import hits as _hits


@pytest.mark.parametrize(
    "text",
    [
        # a schedule of sums with no rate: the sum lent, a count, the sum of each instalment
        "车贷首付之后贷八万，三十六期，一期还两千六百八。",
        "您申请的两万额度可以分十期，每期只需还两千三百块。",
        "拿一万去周转，十二个月慢慢还，一个月一千零五十就行。",
        "額度五萬，分二十四期，每月供款二千五百元。",
        "8000块分10期还，每期还920。",
        "三千块钱，一百天还完，每天还三十五块。",
        # the sum received after a fee, then the sum repaid
        "到手两千五，十天后还三千。",
        "实际到账九千，下个月还一万。",
    ],
)
def test_schedule_of_sums_is_a_price(text: str) -> None:
    assert _hits(text, "rate-disclosure"), RULES.check(text).to_dict()


def test_schedule_suggestion_is_the_irr() -> None:
    # 900 x 6 on 5,000: a flat 1.333% a month over 6, IRR 26.9% a year
    (hit,) = _hits("借五千分六期，每期还九百", "rate-disclosure")
    assert "26.9" in hit.suggestion
    (quote,) = read_rates("借五千分六期，每期还九百")
    assert quote.kind == "flat_monthly" and quote.months == 6
    assert abs(quote.rate_pct - Decimal("1.3333")) < Decimal("0.001")


@pytest.mark.parametrize(
    "text",
    [
        # folk units: 厘/分 before 月息, X个点 a period, X个点Y, X个半点, a fee a period (一期)
        "利息不高，一个月也就一个半点。",
        "我们按两厘的月息给你算。",
        "服务费一期收一个点二，分十二期。",
        "给你按一分的月利算，够意思了吧。",
        "息口一厘半一个月啫，好抵。",
        "三个点一个月，不算高吧？",
    ],
)
def test_folk_rate_units(text: str) -> None:
    assert _hits(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借一万二分十二期，每期还1066.19元，年化利率（APR）12%。",
        "本金八千，分八期，每期还一千零五十，年化利率见合同。",
        "我朋友借了两万分十二期，每月还一千九，他说利息太高了。",
        "我借了三千分六期，每期还五百五，这个利率算高吗？",
        "提前还款的话，剩下的六期每期还一千，不收违约金。",
        "一万块钱分十二期，月供九百多。",
        "月息一厘是多少？年化多少？",
        "一个月两个点是高利贷吗？",
        "提前还款手续费一次性收一个点。",
        "第一期还款日是每月10号。",
        "这个月业绩涨了三个点。",
    ],
)
def test_schedules_and_folk_units_that_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # approval told as a count of cases, whatever the verb
        "上礼拜找我的八个人，八个全放款了，下一个就是你。",
        "我这边递进去的资料，一笔都没被打回过。",
        "我們公司做一單成一單，你放心。",
        "这周我送审了二十单，二十单全过了。",
        "去年到现在，经我手的客户一个也没被拒过。",
        "五个人申请，五个人都拿到钱了，不信你问他们。",
    ],
)
def test_approval_told_as_a_count(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "十个人来问，九个都不符合条件，你先看看自己的情况。",
        "我身边好几个朋友都被拒了，你们这能过吗？",
        "这批资料全部上传了，等审核结果。",
        "一单都没做成，这个月业绩太差了。",
        "十个里有九个都没批下来，你们是不是太严了？",
        "您的资料已全部通过审核，请留意到账短信。",
        "资料我全过了一遍，没问题。",
    ],
)
def test_counts_that_promise_nothing_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # veiled police: the one who comes next is a uniform
        "下回来找你的不会是催收员了，是派出所那边的人。",
        "再拖一个礼拜，来敲门的就换成穿警服的了。",
        # a call announced at a clock time inside the quiet hours, said as 来电
        "凌晨四点我们准时给你来电。",
    ],
)
def test_veiled_police_and_night_calls(text: str) -> None:
    assert _hits(text, "collection"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "下次来的不是我，是我的同事小王，他负责你的账户。",
        "到时候办手续的不是我们，是公证处的工作人员。",
        "下次去的不是我们，是法院的送达人员，依法送达文书。",
    ],
)
def test_someone_else_coming_is_no_threat(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # an instalment made of a share of the principal plus a percentage of it
        "分12期，每期还本金的十二分之一，另加本金的0.8%。",
        "每月还款额=本金/期数+本金×0.7%，分十二期。",
    ],
)
def test_principal_plus_a_percentage_is_a_flat_fee(text: str) -> None:
    assert _hits(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "提前还款需支付剩余本金的1%作为违约金。",
        "首付为车价的30%，其余分36期。",
        # a borrower asking whether a way to repay is allowed; a true zero
        "我同事说可以去别家借点先还上你们的，这么做可以吗？",
        "听人说借新还旧能缓一缓，这样做合规吗？",
        "免息分期，无任何手续费，借多少还多少。",
        "12期免息，不收取任何费用，按月还本金即可。",
    ],
)
def test_fees_questions_and_true_zeros_that_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "剩低嘅你淨係等錢入賬。",
        "实在不行就去网贷平台借出来还我们，别拖了。",
        "零利息！每个月只收一点点会员费。",
    ],
)
def test_lures_beside_them_still_warn(text: str) -> None:
    assert RULES.check(text).verdict != "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a sum held or used, one period, a smaller sum paid for it, in any order
        "两万块钱借你用一个月，也就收你四百。",
        "五千块在你手上放一天，收你一块八而已。",
        "一天一块五，就能拿五千块去周转。",
        "一个月交两百，就能用上一万。",
    ],
)
def test_sum_held_for_a_period_at_a_price(text: str) -> None:
    assert _hits(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "一万块钱放你手里一天也不会丢。",
        "一个月交两百的话，要还多久？",
        "我每个月工资八千，房贷一个月还三千。",
    ],
)
def test_sums_and_periods_that_are_no_price_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("征信花的和征信好的，在我们这儿待遇一个样。", "marketing"),
        ("有逾期没逾期，对我们来说没两样。", "marketing"),
        ("你那些逾期记录在我们这就是废纸一张。", "marketing"),
        ("你手机里存的号码，我们一个也不会漏掉。", "collection"),
    ],
)
def test_bad_record_all_the_same_and_every_contact(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "逾期记录会如实上报征信，和其他客户一视同仁。",
        "我有逾期，是不是和没逾期的人利率一样？",
        "紧急联系人我们只在联系不上您时才会联系，不会逐一拨打通讯录。",
    ],
)
def test_same_treatment_and_contacts_that_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a contact window whose end (or start) is inside the quiet hours
        "从今天开始，每晚九点到十一点我们都会给你打电话。",
        "每天早上六点到晚上八点，我们会轮流与你联系。",
        "我们的催收专员会在晚上九点半至十一点之间给你打电话。",
    ],
)
def test_contact_window_reaching_into_quiet_hours(text: str) -> None:
    assert _hits(text, "collection"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the end of a window is not in it: 早上8点到晚上10点 ends as the quiet hours begin
        "我们每天早上8点到晚上10点都会与您联系。",
        "我们将在工作日上午九点到下午六点与您联系。",
        "晚上十点以后我们不会再与您联系。",
    ],
)
def test_contact_windows_inside_allowed_hours_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_weekly_schedule_is_its_weekly_irr() -> None:
    # 600 x 10 weeks on 5,000: 3.46% a week (the IRR), APR ~180%
    (hit,) = _hits("借三千，每个星期还四百，九个星期结清。", "rate-disclosure")
    assert hit.rule == "zh.rate.weekly-without-apr"
    (hit,) = _hits("一万块分二十周，每周还六百。", "rate-disclosure")
    assert "年化利率约" in hit.suggestion


@pytest.mark.parametrize(
    "text",
    ["交给我办，月底之前钱就在你账户上了。", "连被十几家拒过的都下了，你这算好的。"],
)
def test_money_in_your_card_and_even_the_refused(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "连续三个月都过了还款日，请尽快处理。",
        "钱已经在你卡上了，请查收。",
        '律师表示，催收人员联系借款人的子女学校属于违法行为，"影响孩子上学"的说法没有依据。',
        "每周还款一次，共十周，具体金额以合同为准。",
    ],
)
def test_notices_and_news_that_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("资料我看过了，月底前款项会打进您账户，这点请放心。", "marketing"),
        ("贷款额度：50000元；分期：24期；每期还款：2600元。", "rate-disclosure"),
        ("这个不收利息，不过每个月按借款金额的0.8%收管理费，分24期。", "rate-disclosure"),
        ("逾期情况我们已同步给您所在社区的居委会。", "collection"),
    ],
)
def test_forms_promises_and_records_sent(text: str, category: str) -> None:
    assert _hits(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借款金额：20000元；借款期限：12个月；年化利率：18%；每月还款：1833.6元。",
        "您的还款记录已同步至征信系统。",
        "款项已经打到您卡里了，请注意查收。",
    ],
)
def test_forms_and_notices_that_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()
