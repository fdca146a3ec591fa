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
