"""Rate quotes in every form become a periodic rate and an APR from the finance engine; an
annual rate stated in the message covers only its own quote."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loancs.core.compliance import load_rules
from loancs.core.compliance.rates import cn_int, cn_number
from loancs.core.finance import quote_to_apr
from loancs.rules_cache import FileRuleCache
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def rate_hits(text: str):
    result = RULES.check(text)
    hits = [h for h in result.hits if h.category == "rate-disclosure"]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.match
    return hits


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        ("日利率万四，随借随还", "zh.rate.daily-without-apr", "14.60%"),
        ("每天万三的利息", "zh.rate.daily-without-apr", "10.95%"),
        ("日利率萬分之四", "zh.rate.daily-without-apr", "14.60%"),
        ("每万元每天3元，非常划算", "zh.rate.daily-without-apr", "10.95%"),
        ("借1000元一天利息只要5毛", "zh.rate.daily-without-apr", "18.25%"),
        ("两万块钱一天利息四块五", "zh.rate.daily-without-apr", "8.21%"),
        ("借一万每月利息150元", "zh.rate.monthly-without-apr", "18.00%"),
        ("月息2分，可以谈", "zh.rate.monthly-without-apr", "24.00%"),
        ("月利率 1 . 2 %，可以分期", "zh.rate.monthly-without-apr", "14.40%"),
        ("月利率１．５％", "zh.rate.monthly-without-apr", "18.00%"),
        ("Just 2% a month in interest.", "en.rate.monthly-without-apr", "24.00%"),
        (
            "Borrow $10,000 and pay only $150 interest a month.",
            "en.rate.monthly-without-apr",
            "18.00%",
        ),
        (
            "For every $1,000 you borrow it is just 40 cents a day.",
            "en.rate.daily-without-apr",
            "14.60%",
        ),
    ],
)
def test_rate_expressions_become_an_apr(text: str, rule: str, apr: str) -> None:
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


@pytest.mark.parametrize(
    ("text", "rate", "months"),
    [
        ("每期费率0.6%，分12期", "0.6", 12),
        ("零息分期，每期手续费0.5%，分6期", "0.5", 6),
        ("免息，只收每月服务费1%", "1", None),
        ("No interest, just a 0.7% fee per instalment over 9 instalments.", "0.7", 9),
    ],
)
def test_periodic_fees_are_annualised_as_an_irr(text: str, rate: str, months: int | None) -> None:
    hits = rate_hits(text)
    assert len(hits) == 1 and "flat-fee" in hits[0].rule, RULES.check(text).to_dict()
    expected = quote_to_apr("flat_monthly", Decimal(rate), months).apr
    assert f"{expected:.2f}%" in hits[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "月息1.5%（年化利率18%）",
        "日利率0.05%，年化利率18.25%",
        "月费率0.5%，分12期，年化利率约10.9%",
        "The APR is 18%, which is 1.5% a month.",
        "年化利率在7.2%到24%之间",
        "逾期罚息为日利率0.05%",
        "首付比例30%，剩余部分可分期",
        "本期应还金额为1,250.00元，还款日为每月15号",
        "您的还款计划已调整为24期，每期还款约880元",
    ],
)
def test_disclosed_quotes_and_other_figures_pass(text: str) -> None:
    assert rate_hits(text) == []


def test_an_annual_rate_covers_only_its_own_quote() -> None:
    hits = rate_hits("年化利率18%，另外每月收取服务费1%")
    assert [h.match for h in hits] == ["每月收取服务费1%"]
    assert rate_hits("APR 15%. There is also a monthly service fee of 0.5%.")
    assert rate_hits("日息0.02%，年化利率请见合同")  # no figure: nothing disclosed


def test_hanzi_numbers() -> None:
    assert cn_int("六百") == 600 and cn_int("两千五") == 2500 and cn_int("十五") == 15
    assert cn_number("三点五") == Decimal("3.5")


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("月息1.5，很低", "18.00%"),  # no unit: a plausible monthly rate is a percent
        ("月息一点五", "18.00%"),
        ("您借款2万。每月利息300元。", "18.00%"),  # the sum lent is in another sentence
        ("每周利息1%", "52.14%"),  # a week is 7 days: 1% / 7 x 365
    ],
)
def test_bare_figures_cross_sentence_principal_and_weekly_rates(text: str, apr: str) -> None:
    hits = rate_hits(text)
    assert len(hits) == 1, RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


def test_instalment_amounts_are_not_rates() -> None:
    assert rate_hits("您的额度5万元。每期还款2000元。") == []
    assert rate_hits("借款期限12个月，月供880元") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        # a period, a qualifier and a rate word make a keyword of their own
        ("日平均利率0.05%", "zh.rate.daily-without-apr", "18.25%"),
        ("月综合费率1.5%，分12期", "zh.rate.flat-fee-without-apr", "31.72%"),
        # hanzi numerals with 个点, fen as money, a cost without a unit
        ("月息零点八个点", "zh.rate.monthly-without-apr", "9.60%"),
        ("每借100元，每天利息2分钱", "zh.rate.daily-without-apr", "7.30%"),
        ("一万块钱一个月利息才80", "zh.rate.monthly-without-apr", "9.60%"),
    ],
)
def test_composed_keywords_and_folk_amounts(text: str, rule: str, apr: str) -> None:
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


def test_counted_points_that_are_not_rates_pass() -> None:
    assert rate_hits("差两个点就能通过考试") == []


def test_a_sum_lent_without_a_unit_is_the_principal() -> None:
    hits = rate_hits("借2000一个月利息30元")
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"]
    assert "18.00%" in hits[0].suggestion
    assert rate_hits("借2000分12期，每期还190元") == []


def test_a_bare_cost_beside_a_bare_sum_lent_is_a_quote() -> None:
    """借三万，一个月利息450: neither figure has a unit, both are labelled (借, 利息)."""

    rules = load_rules(cache=FileRuleCache.default())
    for text, apr in (("借三万，一个月利息450", "18.00"), ("借30000，每月利息450", "18.00")):
        hits = [h for h in rules.check(text).hits if h.rule == "zh.rate.monthly-without-apr"]
        assert hits and apr in hits[0].suggestion, text
    assert rules.check("借款编号2023，利息450已扣").verdict == "ok"


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        ("借一千元，每月利息十元", "zh.rate.monthly-without-apr", "12.00%"),
        ("借两万块，一个月利息三百六", "zh.rate.monthly-without-apr", "21.60%"),
        ("一万块钱用一天只要两块钱", "zh.rate.daily-without-apr", "7.30%"),
        ("The installment fee is 0.65% each period.", "en.rate.flat-fee-without-apr", "%"),
        (
            "Monthly service charge of 0.5% of the loan amount for 24 months.",
            "en.rate.flat-fee-without-apr",
            "%",
        ),
    ],
)
def test_hanzi_money_a_day_of_use_and_english_instalment_fees_are_quotes(
    text: str, rule: str, apr: str
) -> None:
    """Wave 6 (mkt): money written in hanzi (一千元, 利息三百六), "用一天" as the sum lent
    for a day, English per-instalment fees; each warns with the finance engine's APR."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule]
    assert apr in hits[0].suggestion


def test_hanzi_counts_and_quotes_in_someone_elses_words_are_not_quotes() -> None:
    assert rate_hits("我们有三十个客户，利息八十") == []
    assert rate_hits("“日息万三”之类的宣传要小心") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        ("Borrow 4,000 and the interest is 40 a month.", "en.rate.monthly-without-apr", "12.00%"),
        ("A 3k loan, pay back 3,090 next month.", "en.rate.monthly-without-apr", "36.00%"),
        ("借两千块，下个月还两千零六十", "zh.rate.monthly-without-apr", "36.00%"),
        ("借一万，每个月利息三百来块", "zh.rate.monthly-without-apr", "36.00%"),  # 来: about
        ("Borrow 3,000 and pay one buck a day in interest.", "en.rate.daily-without-apr", "12.17%"),
        ("A monthly platform fee of 0.5% applies.", "en.rate.flat-fee-without-apr", "%"),
    ],
)
def test_bare_english_sums_and_sums_repaid_are_quotes(text: str, rule: str, apr: str) -> None:
    """Session 7 (mkt): English figures with no currency beside interest or a repayment, and
    a sum repaid over the sum lent (还两千零六十 on 两千: 60 a month), warn with their APR."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule]
    assert apr in hits[0].suggestion


def test_instalments_counts_and_dates_are_not_quotes() -> None:
    assert rate_hits("借12000元，每月还1100元") == []  # an instalment, not the interest
    assert rate_hits("Borrow 12,000 over 12 months and repay 1,100 a month.") == []
    assert rate_hits("Pay 250 a month for 12 months, interest included.") == []
    assert rate_hits("Call us at 9 and pay back by the 15th.") == []


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("借两万，下个月还两万零六百", "36.00%"),  # 万 with 零 in a sum repaid
        ("借一万五，月末还一万五千三", "24.00%"),  # 万 and a trailing digit; 月末 is a month
        ("借2万，30天后还2万零400", "24.00%"),  # digits with 万, 30 days later
    ],
)
def test_colloquial_sums_with_wan_and_month_ends_are_quotes(text: str, apr: str) -> None:
    """Session 8 (mkt): hanzi sums with 万 (两万零六百, 一万五千三, 2万零400) are whole figures,
    and 月末/月底/下月/30天后 name a month: the cost over the sum lent warns with its APR."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"], text
    assert apr in hits[0].suggestion


def test_a_month_end_repayment_date_is_not_a_quote() -> None:
    assert rate_hits("借两万，月底前还清就行") == []
    assert rate_hits("借款一万，月末是还款日") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        ("The monthly rate is one point five percent.", "en.rate.monthly-without-apr", "18.00%"),
        (
            "Interest runs about two cents per hundred dollars a day.",
            "en.rate.daily-without-apr",
            "7.30%",
        ),
        (
            "Borrow three thousand and pay back 3,060 next month.",
            "en.rate.monthly-without-apr",
            "24.00%",
        ),
        (
            "Borrow a thousand bucks, pay forty a month in interest.",
            "en.rate.monthly-without-apr",
            "48.00%",
        ),
    ],
)
def test_figures_spelled_in_words_are_quotes(text: str, rule: str, apr: str) -> None:
    """Session 8 (mkt): English figures in words (one point five percent, three thousand, a
    thousand, forty) read as digits; the hit spans the words as written."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], text
    assert apr in hits[0].suggestion
    assert text[hits[0].start : hits[0].end][0].isalpha()


def test_number_words_that_are_not_figures_pass() -> None:
    assert (
        rate_hits("No one can promise you a lower interest rate, not even one of our plans.") == []
    )
    assert (
        rate_hits("The rate is one point five percent a month, an APR of eighteen percent.") == []
    )


def test_fractions_in_words_and_zero_point_hanzi_are_rates() -> None:
    """Session 8 (mkt): "one and a quarter percent", "a grand", 零点九五 after a rate keyword."""
    hits = rate_hits("Interest is two and a quarter percent a month.")
    assert [h.rule for h in hits] == ["en.rate.monthly-without-apr"]
    assert "27.00%" in hits[0].suggestion
    hits = rate_hits("Borrow a grand and pay back 1,020 next month.")
    assert [h.rule for h in hits] == ["en.rate.monthly-without-apr"]
    assert "24.00%" in hits[0].suggestion
    hits = rate_hits("月利率零点七五")
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"]
    assert "9.00%" in hits[0].suggestion


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        ("借一万，三个月后还一万零六百", "zh.rate.monthly-without-apr", "24.00%"),
        ("借五千，两个月利息一共一百二", "zh.rate.monthly-without-apr", "14.40%"),
        ("借五千，半年后还五千六", "zh.rate.monthly-without-apr", "24.00%"),
        ("借8000，3个月后还8600", "zh.rate.monthly-without-apr", "30.00%"),
        (
            "Borrow $1,000 and pay back $1,080 in two months.",
            "en.rate.monthly-without-apr",
            "48.00%",
        ),
        ("Take $3,000 now, repay $3,270 after 90 days.", "en.rate.daily-without-apr", "36.50%"),
        ("Borrow $800 now and pay $880 back in 60 days.", "en.rate.daily-without-apr", "60.83%"),
    ],
)
def test_a_cost_over_a_counted_term_is_a_rate_per_period(text: str, rule: str, apr: str) -> None:
    """Session 9 (mkt): a total cost over N months, weeks or days (三个月后还, 半年, "in two
    months", "after 90 days") is the cost over the sum lent, divided by the count."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], text
    assert apr in hits[0].suggestion


def test_counted_terms_that_are_not_a_cost_pass() -> None:
    assert rate_hits("借一万，三个月后还一万零六百，年化24%") == []
    assert rate_hits("我三个月前借了5000，上周还了5200") == []
    # session 28 (rules): a schedule of sums is a price (the lead's brief): 900 x 12 on 10,000
    # is no instalment of principal alone but a flat 0.667% a month, APR 14.45% (the IRR)
    (hit,) = rate_hits("借一万，分12期，每期还900")
    assert hit.rule == "zh.rate.flat-fee-without-apr" and "14.45%" in hit.suggestion
    assert rate_hits("loan of 1,000,000 at 4.9% over 360 months, paid 24, prepay 200k") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        ("A 0.5% management fee is deducted from your balance every month.", "en", "10.90%"),
        ("We charge a 0.4% platform fee, payable monthly.", "en", "8.75%"),
        ("收取本金0.6%的手续费，每个月收一次", "zh", "13.03%"),
        ("服务费0.45%，按月扣收", "zh", "9.82%"),
        ("0.5%的服务费按月收取", "zh", "10.90%"),
    ],
)
def test_a_fee_whose_period_comes_later_in_the_sentence_is_a_flat_fee(
    text: str, rule: str, apr: str
) -> None:
    """Session 9 (mkt): a percentage beside a fee word, its period further on ("... is
    charged each month", 按月扣收 in the next clause): a flat monthly fee, APR by IRR."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [f"{rule}.rate.flat-fee-without-apr"], text
    assert apr in hits[0].suggestion


def test_one_off_fees_and_other_monthly_things_are_not_flat_fees() -> None:
    assert rate_hits("服务费0.5%，只收一次，之后每月还本金") == []
    assert rate_hits("平台收取0.3%的服务费，每月账单会显示") == []
    assert rate_hits("每月还款日前，手续费0.5%已从额度中扣除") == []
    assert rate_hits("A one-time 1% origination fee is charged, then you repay monthly.") == []
    assert rate_hits("Late fee of 5% applies to each monthly payment you miss.") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        # very short, very expensive loans: sums of money, so far above a quoted rate's caps
        ("借4000，6天后还4150", "zh.rate.daily-without-apr", "228.12%"),
        ("借两千五，一周后还两千六", "zh.rate.weekly-without-apr", "208.57%"),
        ("Borrow $800, pay back $920 in 14 days.", "en.rate.daily-without-apr", "391.07%"),
        (
            "A $25 charge for every $100 you borrow, paid back in two weeks.",
            "en.rate.weekly-without-apr",
            "651.79%",
        ),
    ],
)
def test_short_expensive_loans_state_their_apr(text: str, rule: str, apr: str) -> None:
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


def test_interest_each_month_in_folk_units() -> None:
    hits = rate_hits("利息每个月八厘")
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"], RULES.check(
        "利息每个月八厘"
    ).to_dict()
    assert "9.60%" in hits[0].suggestion


def test_an_instalment_of_principal_and_interest_is_not_a_fee() -> None:
    assert rate_hits("借两万，分24期，每期本息约960元，年化利率14%") == []
    assert rate_hits("借两万，分24期，每期本息约960元") == []
    # the dearest quote stated with its APR passes like any other
    assert rate_hits("借4000，6天后还4150，年化利率约228%") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        # folk units scale with the period: 日息X厘 = X x 0.01% a day (日息万五 = 日息五厘)
        ("日息三厘，按天计息", "zh.rate.daily-without-apr", "10.95%"),
        ("日利率一分", "zh.rate.daily-without-apr", "36.50%"),
        # a folk figure after the interest word, its period after it
        ("利息一分二一个月，随借随还", "zh.rate.monthly-without-apr", "14.40%"),
        ("利息四厘每天", "zh.rate.daily-without-apr", "14.60%"),
        # a day of next week is about a week off
        ("借三千，下周三还三千二", "zh.rate.weekly-without-apr", "347.62%"),
        ("Borrow $500, pay back $560 next Thursday.", "en.rate.weekly-without-apr", "625.71%"),
    ],
)
def test_session11_folk_daily_units_and_next_week(text: str, rule: str, apr: str) -> None:
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


def test_session11_quotes_with_their_apr_or_no_price_pass() -> None:
    assert rate_hits("日息三厘，年化利率10.95%") == []
    assert rate_hits("利息一分二一个月，年化14.4%") == []
    assert rate_hits("借一万，下周还两万") == []  # no price: a repayment of something else
    assert rate_hits("请于下周五前还款500元") == []


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        # a keyword naming no period ("interest is") gives way to the period after the figure
        ("Interest is 0.04% per day on this plan.", "en.rate.daily-without-apr", "14.60%"),
        ("Interest is 1.2% a month.", "en.rate.monthly-without-apr", "14.40%"),
        # interest paid each month as a bare sum (每月还息 / 付息)
        ("借两万，每月付息260", "zh.rate.monthly-without-apr", "15.60%"),
    ],
)
def test_session11_period_words_win_and_interest_paid_monthly(
    text: str, rule: str, apr: str
) -> None:
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert apr in hits[0].suggestion
    # the APR stated in brackets beside it still covers it
    assert rate_hits("Monthly rate 1.2% (APR 14.4%).") == []


# -- session 12: two-week and half-month periods, folk annual rates, questions about a rate


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        # a payday loan's fortnight: half the figure a week, not the whole of it
        (
            "You pay a 15% fee every two weeks on the amount you take.",
            "en.rate.weekly-without-apr",
            "391.07%",
        ),
        ("Our fortnightly charge is 5% of the loan.", "en.rate.weekly-without-apr", "130.36%"),
        ("Interest of 4% per fortnight, nothing else.", "en.rate.weekly-without-apr", "104.29%"),
        ("每两周利息2%，随借随还", "zh.rate.weekly-without-apr", "52.14%"),
        ("双周费率4%", "zh.rate.weekly-without-apr", "104.29%"),
        ("每隔两周扣一次服务费，每次百分之五", "zh.rate.weekly-without-apr", "130.36%"),
        # per half month: twice the figure a month
        ("每借一万，每半个月收管理费两百元", "zh.rate.flat-fee-without-apr", ""),
        # a sum repaid "N weeks later"
        (
            "Take $600 now and return $660 three weeks later.",
            "en.rate.weekly-without-apr",
            "173.81%",
        ),
    ],
)
def test_session12_two_week_periods_are_read_as_two_weeks(text: str, rule: str, apr: str) -> None:
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert apr in hits[0].suggestion


def test_session12_two_week_quotes_with_their_apr_pass_and_reminders_are_no_quote() -> None:
    assert rate_hits("A 15% fee every two weeks (APR about 391%).") == []
    assert rate_hits("每两周收取4%的费用，年化约104%") == []
    assert rate_hits("账单每两周发送一次，请留意短信") == []
    assert rate_hits("The late fee is waived if you pay within two weeks.") == []


def test_session12_folk_annual_rates_are_the_annual_rate() -> None:
    # 年息一分八 is 18% a year (年息1分 = 10%): an annual rate discloses, it is no quote
    assert rate_hits("这笔借款年息一分八，按月还本付息") == []
    assert rate_hits("年息九厘，一年一付") == []
    # and it covers the monthly rate it equals, not one it does not
    assert rate_hits("月息一分五，也就是年息一分八") == []
    hits = rate_hits("月息三分，年息一分八")
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"]
    assert "36.00%" in hits[0].suggestion


def test_session12_a_question_about_a_rate_is_no_quote() -> None:
    assert rate_hits("日息万分之六算高吗？") == []
    assert rate_hits("月利率2%的话，年化是多少？") == []
    assert rate_hits("What is 1.5% a month as an APR?") == []
    # a pitch put as a question still quotes
    assert [h.rule for h in rate_hits("Fancy a loan at just 1.5% a month?")] == [
        "en.rate.monthly-without-apr"
    ]
    assert [h.rule for h in rate_hits("日息万分之六，心动吗？")] == ["zh.rate.daily-without-apr"]


def test_session12_every_two_weeks_in_weeks_and_what_is_owed() -> None:
    hits = rate_hits("每两个星期收取3%的管理费")
    assert [h.rule for h in hits] == ["zh.rate.weekly-without-apr"]
    assert "78.21%" in hits[0].suggestion
    hits = rate_hits("Borrow $300 and you owe $345 in two weeks.")
    assert [h.rule for h in hits] == ["en.rate.weekly-without-apr"]
    assert "391.07%" in hits[0].suggestion


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("每隔一周收1.5%的手续费", "39.11%"),  # every other week = two weeks
        ("Just a 6% fee every 14 days.", "156.43%"),
    ],
)
def test_session12_every_other_week_and_every_14_days(text: str, apr: str) -> None:
    hits = rate_hits(text)
    assert len(hits) == 1 and apr in hits[0].suggestion, RULES.check(text).to_dict()
    assert rate_hits(text + f"（年化约{apr[:-4]}%）") == []


def test_session12_a_month_or_a_day_beside_a_two_week_schedule_keeps_its_period() -> None:
    hits = rate_hits("月息1.5%，每两周还一次款")
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"] and "18.00%" in hits[
        0
    ].suggestion


def test_session12_two_week_loans_and_every_full_two_weeks() -> None:
    hits = rate_hits("Two-week loans: $15 fee per $100 borrowed.")
    assert [h.rule for h in hits] == ["en.rate.weekly-without-apr"] and "391.07%" in hits[
        0
    ].suggestion
    hits = rate_hits("每满两周收取本金2%的服务费")
    assert [h.rule for h in hits] == ["zh.rate.weekly-without-apr"] and "52.14%" in hits[
        0
    ].suggestion


def test_session13_a_yes_no_question_about_a_rates_level_is_no_quote() -> None:
    assert rate_hits("Is a 2% monthly fee normal for this kind of loan?") == []
    assert rate_hits("Are charges of 0.5% a day allowed?") == []
    # a negative question sells the rate: it still quotes
    assert [h.rule for h in rate_hits("Isn't 1.5% a month a great deal?")] == [
        "en.rate.monthly-without-apr"
    ]


def test_session13_the_longer_keyword_reads_the_figure_and_its_apr_covers_it() -> None:
    # "monthly service fee" (a flat fee), not "monthly": its APR is about 21.5%, which covers it
    assert rate_hits("A 1% monthly service fee applies (APR about 21.5% over 12 months).") == []
    hits = rate_hits("A 1% monthly service fee applies.")
    assert [h.rule for h in hits] == ["en.rate.flat-fee-without-apr"]


def test_session13_more_questions_about_a_rates_level() -> None:
    assert rate_hits("月息一分三是不是太高了？") == []
    assert rate_hits("Is 1.1% monthly a good rate compared to banks?") == []
    assert [h.rule for h in rate_hits("月息一分三，是不是很划算？")] == [
        "zh.rate.monthly-without-apr"
    ]


def test_session13_hanzi_sums_with_zero_and_without_a_money_word() -> None:
    # 五百零五 is 505 (a 零 puts what follows in the ones), not 550: 1% a month, APR 12%
    hits = rate_hits("借五百，一个月后还五百零五")
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"]
    assert "12.00%" in hits[0].suggestion
    assert rate_hits("借五百，一个月后还五百零五，年化约12%") == []  # and its APR covers it
    # sums written only with 百 are read (no 元, 块 or digit in the message)
    hits = rate_hits("借六百，一周后还六百六")
    assert [h.rule for h in hits] == ["zh.rate.weekly-without-apr"]


@pytest.mark.parametrize(
    "text",
    [
        "Is the 2% per month or per year? And what is the APR?",
        "Is it 2.5% a month? What is the APR?",
        "日利率0.05%是什么意思？",
        "月息1.5%是月还是年？",
        "周利率0.5%折算成年化是多少？",
        "每期0.6%的手續費，折成年化利率是幾多？",
        "The APR on this loan is 21.7%, that's 1.65% a month.",
    ],
)
def test_probe19_round1_a_borrower_asking_about_a_quoted_rate_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "The rate is 2% a month. Is that OK with you?",
        "Want a loan at only 2% a month? What is stopping you?",
        "利息每月1%，您看可以吗？",
    ],
)
def test_probe19_round1_the_agents_rate_before_another_question_still_warns(text: str) -> None:
    hits = [h.category for h in RULES.check(text).hits]
    assert "rate-disclosure" in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "You mentioned 1.2% per month. Is that the same as the APR?",
        "你说月息1.5%。年化是多少？",
    ],
)
def test_probe19_round3_a_borrower_repeating_the_agents_rate_then_asking_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule", "apr"),
    [
        # a sum repaid more than a fifth above the sum lent over a long term: the cost is the
        # difference (802 on 3,000), not the sum lent over the sum repaid (was 39.45%)
        (
            "Borrow 3,000 over 24 months, total repayable 3,802.",
            "en.rate.flat-fee-without-apr",
            "23.87%",
        ),
        ("借3000元，分24期，总共还3802元。", "zh.rate.flat-fee-without-apr", "23.87%"),
        # instalments over 18 months: an IRR (23.47%), not the cost a month times twelve (13.07%)
        (
            "Borrow 2,000 over 18 months, total repayable 2,392.",
            "en.rate.flat-fee-without-apr",
            "23.47%",
        ),
        # the count of a counted term is the instalments' count (was "over 12 instalments")
        (
            "A $2,000 loan costs $150 over three months.",
            "en.rate.flat-fee-without-apr",
            "44.46%",
        ),
        # one repayment at the end stays a simple rate: 500 on 1,000 over 3 months (was 266.67%)
        ("借1000，3个月后还1500。", "zh.rate.monthly-without-apr", "200.00%"),
        ("借10000，三个月后还10600。", "zh.rate.monthly-without-apr", "24.00%"),
    ],
)
def test_a_total_repaid_over_a_counted_term_gets_its_true_apr(
    text: str, rule: str, apr: str
) -> None:
    """Lead, session 18: the suggestion's APR for "borrow X over N months, total repayable Y"."""
    hits = rate_hits(text)
    assert [h.rule for h in hits] == [rule], RULES.check(text).to_dict()
    assert f"about {apr}" in hits[0].suggestion or f"约{apr}" in hits[0].suggestion


def test_a_representative_example_with_its_apr_passes() -> None:
    """A UK-style representative example states the APR beside the term and the total: the
    total is covered by that APR (24.9% against the quote's 23.87% nominal)."""
    text = "Representative APR 24.9%. Borrow 3,000 over 24 months, total repayable 3,802."
    assert rate_hits(text) == []


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("Only 12p a day for every £100 you borrow.", "43.80"),
        ("Just 30 pence a day per £100 borrowed.", "109.50"),
        ("Borrow €200 and pay just 40 cents a day.", "73.00"),
    ],
)
def test_probe20_round1_pounds_pence_and_euros_per_hundred_a_day_are_rate_quotes(
    text: str, apr: str
) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()
    assert apr in (hits[0].suggestion or ""), hits[0].suggestion


@pytest.mark.parametrize(
    "text",
    ["月利率两点五厘，随借随还。", "月息一点八厘起", "日息三毫，按日计息"],
)
def test_probe20_round1_hanzi_decimal_li_and_hao_are_rate_quotes(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text", ["Only 12p a day for every £100 you borrow (APR 43.8%).", "利息毫无隐藏，年化利率12%"]
)
def test_probe20_round1_a_disclosed_or_no_quote_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text", ["It's just a quarter of a percent a day.", "Only a fifth of one per cent per day."]
)
def test_probe20_round2_a_fraction_of_a_percent_in_words_is_a_rate_quote(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Each repayment includes a 0.7% fee on the original amount.",
        "A 1.1% fee on the principal is added to every repayment.",
    ],
)
def test_probe20_round3_a_fee_share_on_each_repayment_is_a_flat_rate_quote(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Pay 20p a day for every £100 borrowed.",
        "Only $5 a day for every $1,000 you borrow.",
        "Just 9 cents a day per $100 borrowed.",
    ],
)
def test_a_quote_per_sum_lent_ends_at_the_figure(text: str) -> None:
    """The quote ("20p a day for every £100") ends at the sum, not at the space after it: the
    agent's suggestion read "from the quoted 20p a day for every £100 , APR is about 73.00%"."""
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits, text
    for h in hits:
        assert h.match == h.match.strip() and text[h.start : h.end] == h.match
        assert " ," not in h.suggestion


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("Interest is half of one percent a month.", "6.00"),
        ("The rate is three quarters of a per cent monthly.", "9.00"),
        ("Only a quarter of 1% per day.", "91.25"),
        ("Just two pence a day for every hundred pounds.", "7.30"),
    ],
)
def test_session20_round1_fractions_and_pence_in_words_read_their_true_rate(
    text: str, apr: str
) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and all(apr in (h.suggestion or "") for h in hits), RULES.check(text).to_dict()


@pytest.mark.parametrize("text", ["月費率零點九厘，分十二期。", "月息零点八厘", "日息零点五厘起"])
def test_session20_round2_zero_point_li_is_a_rate_quote(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


@pytest.mark.parametrize("text", ["每萬蚊每日利息兩蚊。", "借一萬蚊，每日利息四蚊"])
def test_session20_round3_cantonese_man_per_ten_thousand_a_day_is_a_rate_quote(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


def test_session20_round4_cents_a_day_on_every_thousand_is_a_rate_quote() -> None:
    text = "Just fifty cents a day on every thousand dollars."
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and "18.25" in (hits[0].suggestion or ""), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        ("Interest is just half a percent a month.", "6.00"),
        ("A quarter percent a day, that's all it costs.", "91.25"),
        ("One and a half percent a month.", "18.00"),
        ("Three pence a day for every twenty pounds you borrow.", "54.75"),
    ],
)
def test_session21_round1_half_a_percent_and_pence_per_pounds_read_their_rate(
    text: str, apr: str
) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and all(apr in (h.suggestion or "") for h in hits), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "利息一个月也就两百块，放心借。",
        "每天利息才两块钱，一杯水钱。",
        "每期手续费不到一百，很划算。",
    ],
)
def test_session21_round1_interest_played_down_as_an_amount_is_a_rate_quote(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我一个月利息才两百，怎么扣了五百？",
        "每月利息才120元，年化利率7.2%。",
        "Interest is half a percent a month (APR 6.17%).",
    ],
)
def test_session21_round1_own_interest_and_disclosed_amounts_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize("text", ["每天几毛钱利息，喝瓶水的钱。", "一个月利息两块钱都不到。"])
def test_session21_round2_coins_of_interest_a_day_are_a_rate_quote(text: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "rate-disclosure"]
    assert hits and hits[0].severity == "warn", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借两万，一天利息还不够一碗面钱",
        "Borrow £1,500 and the interest costs less than a Netflix subscription.",
        "零利息！每个月只收一笔66元的平台服务费",
        "Interest-free loan, just a $15 admin fee every month.",
    ],
)
def test_session22_round1_interest_as_an_everyday_price_or_zero_interest_with_a_periodic_fee(
    text: str,
) -> None:
    hits = RULES.check(text).hits
    assert any(h.category == "rate-disclosure" for h in hits), [h.rule for h in hits]


@pytest.mark.parametrize(
    "text",
    [
        "一杯奶茶的钱能不能当利息？",
        "免息期30天，逾期按年化18%计息，无其他服务费",
        "How much interest would I pay each month on a £2,000 loan?",
    ],
)
def test_session22_round1_questions_and_disclosed_costs_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok"


# Session 23 (probe24r1): the 分/厘 shorthand before the interest word (三分利, 两分息, 八厘息) is a rate a month; an
# everyday meal as the price of the interest.
@pytest.mark.parametrize(
    "text",
    [
        "新客专享，两分利，随借随还",
        "給你算一分五的利息，今天就放款",
        "咱们这是八厘息，比银行还低",
        "借两万，一个月利息也就一顿烧烤钱",
        "每天利息还不到一个汉堡",
        "Borrow £500 and a week's interest is less than a kebab.",
    ],
)
def test_session23_round1_folk_rates_and_meal_prices_without_apr(text: str) -> None:
    hits = RULES.check(text).hits
    assert any(h.category == "rate-disclosure" for h in hits), [h.rule for h in hits]


def test_session23_round1_folk_rate_is_read_as_a_monthly_percent() -> None:
    hits = [h for h in RULES.check("老朋友，给你两分利").hits if h.category == "rate-disclosure"]
    assert [h.rule for h in hits] == ["zh.rate.monthly-without-apr"]
    assert "24" in hits[0].suggestion  # 2% a month: APR 24% (simple)


@pytest.mark.parametrize(
    "text",
    [
        "两分利的贷款靠谱吗？",
        "三分利就是高利贷，千万别碰",
        "我借的是一分五的利息，现在还不起了",
        "我们不收一分利息，只收服务费",
        "充分利用您的额度",
        "两分利（年化24%，单利）",
    ],
)
def test_session23_round1_folk_rates_asked_warned_own_or_disclosed_pass(text: str) -> None:
    hits = RULES.check(text).hits
    assert not any(h.rule == "zh.rate.monthly-without-apr" for h in hits), [h.rule for h in hits]


# Session 23 (probe24r2): 两分半 is 2.5 分; the interest word then a folk figure with no period (利钱一分二).
def test_session23_round2_half_a_fen_and_interest_word_first() -> None:
    rules = RULES
    half = [
        h
        for h in rules.check("我们这里两分半的息，手续简单").hits
        if h.category == "rate-disclosure"
    ]
    assert [h.rule for h in half] == ["zh.rate.monthly-without-apr"]
    assert "30" in half[0].suggestion  # 2.5% a month: APR 30%
    first = [
        h for h in rules.check("利息就一分八，随时可以借").hits if h.category == "rate-disclosure"
    ]
    assert [h.rule for h in first] == ["zh.rate.monthly-without-apr"]
    assert rules.check("利息一分都不能少").verdict == "ok"
    assert rules.check("利息是一分五吗？").verdict == "ok"


def test_session23_round2_a_meal_as_the_monthly_price_of_a_loan() -> None:
    text = "For less than a pub lunch a month, £2,000 is yours by tonight."
    hits = RULES.check(text).hits
    assert any(h.category == "rate-disclosure" for h in hits), [h.rule for h in hits]


def test_session23_round3_interest_by_a_folk_figure_and_a_daily_ride() -> None:
    rules = RULES
    hits = [h.rule for h in rules.check("利息按照一分二算，随借随还").hits]
    assert "zh.rate.monthly-without-apr" in hits, hits
    hits = [
        h.category for h in rules.check("Interest costs less than your train fare, every day.").hits
    ]
    assert "rate-disclosure" in hits, hits


def test_session23_round4_cantonese_rate_word_and_a_sweet_a_day() -> None:
    rules = RULES
    assert "zh.rate.monthly-without-apr" in [
        h.rule for h in rules.check("息口一分半，即日放款").hits
    ]
    hits = rules.check("借五千，一日利息一粒糖錢咁多").hits
    assert any(h.category == "rate-disclosure" for h in hits), [h.rule for h in hits]


# Session 24 (probe25r1): 厘 after the monthly keyword with a verb or "you" between them.
@pytest.mark.parametrize(
    "text",
    [
        "月息给你算六厘，随借随还",
        "这边月息统一按八厘走",
        "月息只收你九厘，今天就能放款",
    ],
)
def test_session24_round1_monthly_li_with_a_verb_between(text: str) -> None:
    assert any(h.rule == "zh.rate.monthly-without-apr" for h in RULES.check(text).hits), (
        RULES.check(text).to_dict()
    )


# Session 24 (probe25r1): British money slang as a cost; "every N" as the sum lent; "in total" as the sum repaid.
@pytest.mark.parametrize(
    "text",
    [
        "Borrow three hundred quid, it's just 15 quid a week in interest.",
        "A fiver a day on top for every grand you borrow.",
        "Lend you 400 quid today, pay back a ton extra next month.",
    ],
)
def test_session24_round1_british_money_slang_is_a_cost(text: str) -> None:
    assert any(h.category == "rate-disclosure" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


def test_session24_round1_a_total_repayable_with_its_apr_passes() -> None:
    text = "£2,000 borrowed over 12 months costs £2,240 in total, representative APR 22%."
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# Session 24 (probe25r2): more words between 月息 and 厘 (我们, 最多, 也就); "on 1,000" as the sum lent; a score, a
# pony, a monkey; a sum each week "till you clear it".
@pytest.mark.parametrize(
    "text",
    [
        "月息我们一律只收七厘",
        "月息顶多也就收你八厘",
        "Lend you a monkey, a pony a week till it's paid.",
        "20 dollars a week on 1,000, that's the whole cost.",
    ],
)
def test_session24_round2_more_folk_and_slang_costs(text: str) -> None:
    assert any(h.category == "rate-disclosure" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


# Session 24 (probe25r3): 月息现在/本来/我这边帮你做到 + 厘; "is all it costs" as the cost word.
@pytest.mark.parametrize(
    "text",
    [
        "月息目前只要六厘",
        "月利率我帮你做到七厘",
        "Two grand up front, 50 quid a month is all it costs you.",
    ],
)
def test_session24_round3_more_fillers_and_costs(text: str) -> None:
    assert any(h.category == "rate-disclosure" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


# Session 24 (review's observation): a folk figure's tail is not the numeral that starts the next word.
@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("月息两分 一年还清", Decimal(2)),
        ("月息两分一个月", Decimal(2)),
        ("月息一分二", Decimal("1.2")),
    ],
)
def test_session24_a_folk_tail_is_not_the_next_words_numeral(text: str, pct: Decimal) -> None:
    from loancs.core.compliance.rates import read_rates

    assert [q.rate_pct for q in read_rates(text)] == [pct]


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        # spoken money typed with digits: 2块5 is 2.5 yuan, 1万5 is 15,000 (lead, session 24:
        # the assistant, reading rates with this parser, answered 7.3% for 2元5 a day)
        ("每万元每天利息只要2块5", "9.12%"),
        ("每万元每天利息2元5，年化算下来多少", "9.12%"),
        ("借1万5，每个月利息300块", "24.00%"),
        # a digit that starts a figure of its own is no tail
        ("借一万元3个月，每月利息150元", "18.00%"),
        ("借1000元7天，每天利息5毛", "18.25%"),
    ],
)
def test_spoken_money_typed_with_digits(text: str, apr: str) -> None:
    hits = rate_hits(text)
    assert hits, RULES.check(text).to_dict()
    assert apr in hits[0].suggestion
