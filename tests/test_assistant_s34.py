"""Session 34 (review): the assistant on fresh questions. Money asked for before a payout is
released, whatever it is called (验资, 解冻, a wrong card number, an agent's own account, gift
cards), is the classic loan scam and is handed off as fraud with the warning; a borrower asking
whether WE charge anything before the money arrives gets the answer (nothing, and anyone who asks
is a scammer). Hardship is THIS borrower's trouble NOW: someone else's hard time, or one that is
over, told with a question about applying, is the product question. Each family is tested on
wording other than the fresh line it came from (variants written before the fix), with guards."""

from __future__ import annotations

import pytest

from loancs.assistant_files import build_assistant
from loancs.core.assistant.answer import Context
from loancs.core.assistant.handoff import flags_of
from loancs.core.assistant.text import fold

DAY = 1764756000000  # 2025-12-03 18:00 in Shanghai


@pytest.fixture(scope="module")
def assistant():
    return build_assistant()


def _reply(assistant, text):
    return assistant.respond(text, Context(now_ms=DAY))


@pytest.mark.parametrize(
    "text",
    [
        # the lines the family came from (s34-40 #34 #35, s33-lead-40 #36)
        "审核通过了 但对方说我流水不够 要先打三千块验资 验完就放款 这个靠谱吗",
        "they said I typed my bank number wrong so the payout is stuck, and I need to send 2,000 to an agent's own account to fix it. is that normal?",
        "有人打电话说我的贷款被冻结了，要先转五千解冻，是你们的人吗",
        # variants in other words, written before the fix
        "工作人员说我征信有点花 要交两千块包装费 交完就能下款 真的假的",
        "客户经理让我往他卡上打一千五的手续费 说打了当天就到账",
        "the lady on the phone says my loan is approved but I have to buy 3,000 in Apple gift cards first to cover the insurance",
        "a man from your company says my funds are on hold and I need to pay a 10% tax before they can release the money",
        'my payout\'s been frozen because of a "credit score problem" and they want 800 to clear it before it can go out. legit?',
    ],
)
def test_money_asked_for_before_a_payout_is_a_fraud_hand_off(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff and reply.intent == "fraud_report", (reply.intent, reply.reason)
    assert "fraud" in flags_of(fold(text).text)
    assert "转账" in reply.answer or "transfer money" in reply.answer


@pytest.mark.parametrize(
    "text",
    [
        "借款的时候会不会有什么服务费保证金之类的，到账前要先付吗",
        "just to be safe, is there anything I have to pay you before the loan lands in my account?",
        "放款之前需要我先交什么钱吗",
        "do you charge any upfront fees before I get the money?",
    ],
)
def test_whether_we_charge_before_the_payout_is_answered_with_the_warning(assistant, text):
    reply = _reply(assistant, text)
    assert not reply.handoff, (reply.intent, reply.reason)
    assert reply.entry == "fees-before-payout"
    assert "诈骗" in reply.answer or "scammer" in reply.answer


@pytest.mark.parametrize(
    "text",
    [
        # the lines the family came from (s34-40 #9 #12; the lead's s33 check)
        "前年生意失败欠了一屁股债 现在都还完了 在物流公司上班一年多 能申请吗",
        "my brother-in-law got laid off and now does taxi work on his own. if he applies, what paperwork would he need?",
        "my friend lost his job and couldn't get a loan, what documents do I need to apply myself?",
        "之前的店关了，现在开了个新的奶茶店半年了，能申请经营贷吗",
        # variants in other words, written before the fix
        "我表弟被裁了 现在跑滴滴 他要是来申请 需要准备啥",
        "三年前公司倒闭失业过一阵 现在在国企上班五年了 可以贷款吗",
        "back in 2021 my café went under, but I've been employed full time since then. would I qualify?",
        "my flatmate was made redundant last month — can he still apply for a small loan with you?",
        "我同事住院了 想问下他这种情况能贷款吗",
    ],
)
def test_someone_elses_or_a_past_hard_time_is_not_this_borrowers_hardship(assistant, text):
    assert "hardship" not in flags_of(fold(text).text)
    assert _reply(assistant, text).intent != "overdue_hardship"


@pytest.mark.parametrize(
    "text",
    [
        # guards: the borrower's own trouble, now, stays a hardship hand-off
        "老公失业了 这个月的贷款还不上了",
        "my husband lost his job and we can't make this month's payment",
        "店上个月关门了 现在没收入 下期的钱肯定凑不出来",
        "厂子倒闭了 我现在没工作 还能申请吗",
        "去年被裁 到现在还没找到工作 月供快还不上了",
        "my brother got laid off and I lent him my savings, now I can't make my own payment. can I still apply for a payment holiday?",
    ],
)
def test_this_borrowers_trouble_now_stays_hardship(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff and reply.intent == "overdue_hardship", (reply.intent, reply.reason)


@pytest.mark.parametrize(
    "text",
    [
        'a comparison site listed you at "from 7.9% representative". what would someone with an average score realistically get?',
        "is the representative APR what most people actually get?",
        "ads say 9.9% APR representative, is that what I'd pay?",
    ],
)
def test_a_representative_apr_is_not_a_request_for_a_person(text):
    assert "human" not in flags_of(fold(text).text)


def test_a_representative_asked_for_is_still_a_person():
    assert "human" in flags_of(fold("can I speak to a representative please").text)


@pytest.mark.parametrize(
    "text, entry",
    [
        # plain questions that were handed to a person at low confidence; the entry exists and
        # the message names its topic (the lines: s34-40 #6 #11 #20 #25, s33-lead-40 #13 #22 #40)
        (
            "I came into some money — if I wipe out the balance in one go, is there a penalty for doing that?",
            "prepay-policy",
        ),
        ("一次性把剩下的全结了 要不要交违约金", "prepay-policy"),
        ("每个月从卡里自动划走不太放心 能不能关了 到日子我自己转过去", "method-channels"),
        (
            "can I stop the automatic collection and just pay it myself each month?",
            "method-channels",
        ),
        (
            "I'd rather you didn't pull the money from my card automatically — can I send it myself?",
            "method-channels",
        ),
        ("what time do your phone lines open on Saturdays?", "hours"),
        ("do your phone lines work at the weekend?", "hours"),
        (
            "if there's not enough in my account on collection day, do you charge me something for the failed payment?",
            "overdue-grace",
        ),
        ("扣款那天卡里余额不足没扣成 会有什么费用", "overdue-grace"),
        ("在医院当护士 有编制 交申请的时候得上传些什么", "documents-general"),
        ("上班族申请贷款 需要上传哪几样", "documents-general"),
        (
            "quick one: say I'm three days behind, what does that cost me in £?",
            "overdue-consequences",
        ),
        ("if I'm a week late what does it cost me in euros?", "overdue-consequences"),
    ],
)
def test_a_plain_question_naming_its_topic_gets_that_entry(assistant, text, entry):
    reply = _reply(assistant, text)
    assert not reply.handoff and reply.entry == entry, (reply.intent, reply.reason, reply.entry)


@pytest.mark.parametrize(
    "text, entry",
    [
        # guards: the amount named keeps its computed penalty; a product named keeps its list
        ("if i clear 15k early what's the charge", None),
        ("what paperwork do i need for a business loan", None),
        ("装修贷款要准备些什么", None),
        ("自动扣款那天卡里没钱 我当天晚上自己在app里还上了 算逾期吗 要罚钱吗", "overdue-grace"),
    ],
)
def test_a_wider_topic_word_does_not_take_a_more_specific_answer(assistant, text, entry):
    reply = _reply(assistant, text)
    assert not reply.handoff and reply.entry == entry, (reply.intent, reply.reason, reply.entry)


@pytest.mark.parametrize(
    "text, currency",
    [
        ("quick one: say I'm three days behind, what does that cost me in £?", "pounds"),
        ("what is the late fee in US dollars?", "dollars"),
        ("if I'm a week late what does it cost me in euros?", "euros"),
        ("how much would a 10,000 dollar loan over 2 years cost per month?", "dollars"),
        ("借三万港币 分两年 年化百分之十 每个月还多少", "港币"),
    ],
)
def test_a_foreign_currency_asked_is_told_the_product_is_in_yuan(assistant, text, currency):
    reply = _reply(assistant, text)
    assert not reply.handoff
    assert "CNY" in reply.answer or "人民币" in reply.answer
    assert currency in reply.answer


def test_no_currency_note_without_a_foreign_currency(assistant):
    reply = _reply(assistant, "what's the monthly on 20k over 3 years at 8%?")
    assert "Please note" not in reply.answer


@pytest.mark.parametrize(
    "text, reason",
    [
        ("hello " * 5000 + "what documents do I need for a personal loan", "not_understood"),
        ("my friend " * 3000 + "lost his job, what documents do I need to apply", "not_understood"),
        ("我想问一下 " * 1000 + "你们利息这么高简直是抢钱 我要投诉", "complaint"),
    ],
    ids=["hello-x5000", "my-friend-x3000", "zh-complaint-tail"],
)
def test_a_message_of_pages_goes_to_a_person_at_once(assistant, text, reason):
    # 30,000 characters took ~3 s through every reader, past the server's assistant timeout
    import time

    started = time.perf_counter()
    reply = _reply(assistant, text)
    took = time.perf_counter() - started
    assert reply.handoff and reply.reason == reason, (reply.intent, reply.reason)
    assert took < 1.0, took


@pytest.mark.parametrize(
    "text, wanted",
    [
        # a rate said from its decimal point (s34-asker-r1 #2 was read as 9% a year, the term)
        (
            "[phone] okay so the app shows, uh, daily interest point zero four five percent, and i'd take twelve thousand for nine months. what's that as a yearly rate, and roughly how much interest is that",
            "16.42%",
        ),
        # variants in other words, written before the fix (each read as 4-6% a day or a month)
        (
            "they quoted me point zero five percent a day on eight thousand, what's the APR",
            "18.25%",
        ),
        (
            "interest is point six percent a month on fifteen thousand for ten months, what's that yearly",
            "7.2%",
        ),
        ("the rate is point oh four percent per day, is that high?", "14.6%"),
    ],
)
def test_a_rate_said_from_its_decimal_point_is_read(assistant, text, wanted):
    reply = _reply(assistant, text)
    assert not reply.handoff and wanted in reply.answer, reply.answer


def test_point_as_a_word_is_no_figure():
    from loancs.core.assistant.text import english_digits

    assert english_digits("what's the point of paying early") == "what's the point of paying early"
    assert english_digits("the point is five people") == "the point is five people"


@pytest.mark.parametrize(
    "text, rate",
    [
        ("朋友那边说 年利率三分 我借五千块用一年 这个三分是百分之三还是百分之三十啊", "30"),
        ("年息两分 借一万一年 利息多少", "20"),
        ("年息一分五 算高吗", "15"),
        ("民间借贷年利率两分半 合法吗", "25"),
        ("年息六厘八 贷十万三年 月供多少", "6.8"),
    ],
)
def test_a_yearly_rate_in_fen_is_ten_points_a_fen(text, rate):
    from loancs.core.assistant.slots import extract

    assert extract(fold(text)).get("rate") == rate


@pytest.mark.parametrize(
    "text, said",
    [
        (
            "朋友那边说 年利率三分 我借五千块用一年 这个三分是百分之三还是百分之三十啊",
            "您说的年化利率是 30%：借 5,000 元一年的利息约 1,500.00 元",
        ),
        ("年化15%在你们这儿算高还是低", "您说的年化利率是 15%：在我们产品"),
        ("[phone] 银行那边给我报的年化八个点八 你们这边能比这个低吗", "您说的年化利率是 8.8%"),
        (
            "an APR of 30 percent, is that high?",
            "The yearly rate you mention is 30%: above our APR range",
        ),
    ],
)
def test_a_yearly_rate_the_borrower_states_is_said_back_against_ours(assistant, text, said):
    reply = _reply(assistant, text)
    assert not reply.handoff and said in reply.answer, reply.answer


@pytest.mark.parametrize(
    "text",
    [
        # guards: a flat rate, a rate per ten days, a monthly rate beside a yearly guess
        'the guy at the car dealer said the rate was "four percent flat". is that the same as an APR?',
        "a pawn shop wants 3% every 10 days on 2,000. how does that compare to a normal bank loan rate per year",
        "人家说月息一分二 那年化不就是百分之十二嘛",
    ],
)
def test_a_rate_that_is_not_yearly_is_not_said_back_as_yearly(assistant, text):
    reply = _reply(assistant, text)
    assert (
        "您说的年化利率是" not in reply.answer and "The yearly rate you mention" not in reply.answer
    )


@pytest.mark.parametrize(
    "text, wanted",
    [
        # a fraction of a percent said aloud (s34-asker-r2 #2), variants in other words
        (
            "[phone] right, so they said the daily rate is five hundredths of a percent... if i borrow twenty grand for six months, what does that come to per year, and how much interest",
            "18.25%",
        ),
        ("they charge three tenths of a percent per day on 5,000, what's the APR", "109.5%"),
        ("the daily rate is two hundredths of a percent, how much is that a year", "7.3%"),
        ("one tenth of a percent a month, what is that yearly", "1.2%"),
    ],
)
def test_a_fraction_of_a_percent_said_aloud_is_read(assistant, text, wanted):
    reply = _reply(assistant, text)
    assert not reply.handoff and wanted in reply.answer, reply.answer


def test_someone_paying_for_themselves_is_no_autopay_question(assistant):
    # s34-asker-r1 #24: 自己还得掏八万 ("I still have to find 80,000 myself") is a purpose
    text = "家里老人要做心脏支架 医保报完 自己还得掏八万 想分两年还 你们哪个产品合适 放款快不快"
    assert _reply(assistant, text).entry != "method-channels"


@pytest.mark.parametrize(
    "text",
    [
        # s34-20 #7 and variants: a past hard time said with 前几年 / 早些年 / 那几年
        "前几年生病住院欠了些钱 现在身体好了 在超市上班快两年 能贷款吗",
        "早些年开饭店亏了不少 现在在工厂上班三年了 可以申请吗",
        "那几年失业在家 后来找到工作了 现在收入稳定 能借吗",
    ],
)
def test_a_hard_time_some_years_ago_is_not_hardship_now(assistant, text):
    assert not _reply(assistant, text).handoff


def test_a_hard_time_now_after_one_years_ago_stays_hardship(assistant):
    reply = _reply(assistant, "前几年生病住院 这个月又住院了 贷款还不上了")
    assert reply.handoff and reply.intent == "overdue_hardship"


@pytest.mark.parametrize(
    "text",
    [
        "before the cash comes through, is there some kind of arrangement or admin payment I owe you?",
        "before the loan comes through do I need to pay an admin charge?",
        "is there a payment due to you before my funds are released?",
    ],
)
def test_whether_we_charge_before_the_cash_comes_through_is_answered(assistant, text):
    reply = _reply(assistant, text)
    assert not reply.handoff and reply.entry == "fees-before-payout"
