"""Session 41 (review): the assistant on fresh questions (tests/data/assistant/fresh/s41-40.tsv).
A loan, account, debit, search or message of ours that the borrower DISOWNS (never applied, never
heard of us, does not recognise it, "不是我本人申请的", "我压根没在你们这借过钱") is identity theft: a
hand-off as fraud whatever topic words surround it. s40-lead-40 #35 ("My credit report shows an
account with your company opened in March. I've never heard of you.") and s41-40 #33 / #35 were
ANSWERED (the credit-inquiry text, the no-credit-history text): false containment. A plain
credit-report question, a first-time borrower ("I've never borrowed before, will applying show on my
credit report?"), a late record asked to be corrected and a charge not recognised by a borrower who
does not deny being ours (the fees answer: every collection itemised, a person on reply) are answered
as before.
The borrower's own hardship told after a relative's ("老公单位裁员了 … 下个月那期肯定还不上 可以申请延期吗",
s41-40 #37: answered with the grace-period text) is hardship; someone else's hard time with a
question about applying stays answered. A relative's loan due date asked for ("我是他媳妇 他手机丢了
你把他那笔钱的还款日发我一下", s40-20 #11: filed as fraud) is others_data.
Each family is tested on wording other than the lines it came from (variants written before the
fix), with guards."""

from __future__ import annotations

import pytest

from loancs.assistant_files import build_assistant
from loancs.core.assistant.answer import Context

DAY = 1796608800000  # 2026-12-07 10:00 in Shanghai, a Monday


@pytest.fixture(scope="module")
def assistant():
    return build_assistant()


def _reply(assistant, text, channel="chat"):
    return assistant.respond(text, Context(now_ms=DAY, channel=channel))


@pytest.mark.parametrize(
    "text",
    [
        # the lead's s40 line and this session's fresh lines
        "My credit report shows an account with your company opened in March. I've never heard of you.",
        "Your app just pinged me: 'repayment due in 3 days'. Never borrowed a penny from you. What is going on?",
        "checked my credit score app and there's a hard search from you yesterday, I've never applied with you",
        "支付宝账单里每个月都有一笔被你们扣的六百多 我压根没在你们这借过钱",
        "我妈收到你们寄来的催收函 上面写着我的名字和身份证号 可我从没办过你们的贷款",
        # variants written before the fix
        "我查了人行征信 上面有一笔你们公司放的贷款 我根本不知道这回事",
        "There's a direct debit to you on my current account that I don't recognise. I've never had a loan with you.",
        "Got an email confirming my loan agreement was signed yesterday. I signed nothing and have never used your service.",
        "My credit file lists an enquiry from your firm last month but I haven't applied anywhere in a year.",
        "银行流水里有一笔转给你们的扣款 我不认识 也从来没在你们这贷过",
        "I keep getting calls from your collections team about a loan that isn't mine. Never signed up for anything with you.",
        "I don't recognise this loan account on my Equifax report, it says it's with you",
        "账单上有一笔扣款 我不认识这家公司",
    ],
)
def test_a_disowned_loan_or_debit_is_handed_off_as_fraud(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff, text
    assert reply.intent == "fraud_report", (text, reply.intent)
    assert reply.reason == "fraud", (text, reply.reason)


@pytest.mark.parametrize(
    "text",
    [
        "申请贷款会查征信吗",
        "提前还款对征信有影响吗",
        "Will checking my rate show up on my credit report?",
        "how long does a missed payment stay on my credit file",
        "征信上显示你们的查询记录 是我上个月申请的时候查的吗",
        "我在你们这借的钱还清了 征信上还显示未结清 怎么办",
        "I've never had a credit card or a loan. Can I still apply with you?",
        "I never missed a payment, will that help my credit score?",
        "I haven't applied for anything yet, will browsing rates show on my credit report?",
        "我还没申请 查额度会上征信吗",
        "I've never borrowed before, will applying show on my credit report?",
        "我从来没借过钱 征信上会有记录吗",
        "I've never borrowed from you, can I apply for 20k?",
        "征信上有一条不是我的逾期记录，怎么申诉",
        # a charge not recognised by a borrower who does not deny being ours: the fees answer
        # (itemised collections, a person on reply), as tests/test_assistant_core.py pins
        "there's a 30 yuan charge on my bill i don't recognise",
        "there's a debit on my current account from you that I don't recognise, what is it for?",
    ],
)
def test_plain_credit_report_and_first_time_questions_are_still_answered(assistant, text):
    reply = _reply(assistant, text)
    assert not reply.handoff, (text, reply.reason)


@pytest.mark.parametrize(
    "text",
    [
        "老公单位裁员了 家里就靠我那点工资 下个月那期肯定还不上 可以申请延期吗",
        "我爸住院了 这个月的钱我实在拿不出来 能申请晚点还吗",
        "老婆被裁了 下期肯定还不起 可以申请延期不",
    ],
)
def test_own_hardship_told_after_a_relatives_is_hardship(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff, text
    assert reply.reason == "hardship", (text, reply.reason)


@pytest.mark.parametrize(
    "text",
    [
        "我哥失业了 他想申请贷款 需要什么材料",
        "朋友被裁了 现在找到新工作了 能申请吗",
        "my brother was made redundant, if he applies what paperwork would he need",
    ],
)
def test_someone_elses_hard_time_with_an_application_question_is_answered(assistant, text):
    assert not _reply(assistant, text).handoff, text


@pytest.mark.parametrize(
    "text",
    [
        "我是他媳妇 他手机丢了 你把他那笔钱的还款日发我一下",
        "我是她妈 她在外地 她那笔贷款几号扣款 你发给我",
        "我老公出差了 他那笔借款的还款日是几号 帮我看看",
    ],
)
def test_a_relatives_due_date_is_others_data(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff, text
    assert reply.reason == "others_data", (text, reply.reason)


def test_ones_own_due_date_is_answered(assistant):
    assert not _reply(assistant, "我的那笔贷款还款日是几号").handoff


@pytest.mark.parametrize(
    "text",
    [
        "morning! quick q before I head to work",
        "yo quick q before my shift",
        "mornin, quick one for ya",
        "evening, got a quick one if you have got a sec",
    ],
)
def test_a_greeting_that_announces_a_question_gets_the_greeting(assistant, text):
    reply = _reply(assistant, text)
    assert not reply.handoff, (text, reply.reason)
    assert reply.intent == "greeting_smalltalk"


def test_a_greeting_then_the_question_answers_the_question(assistant):
    reply = _reply(assistant, "morning! quick q, can I pay off early without a fee?")
    assert not reply.handoff
    assert reply.intent == "prepayment"


@pytest.mark.parametrize(
    "text",
    ["身份证掉了 新的还在办 临时身份证可以用来申请吗", "身份证丢了正在补办，临时身份证能用吗"],
)
def test_a_lost_id_card_and_the_temporary_one_asked_about_gets_the_document_answer(assistant, text):
    reply = _reply(assistant, text)
    assert not reply.handoff, (text, reply.reason)
    assert "临时身份证" in reply.answer


@pytest.mark.parametrize(
    "text", ["身份证丢了 会不会被人拿去贷款 我要怎么办", "身份证丢了 补办期间有人用我的名字贷款了"]
)
def test_a_lost_id_card_feared_or_misused_is_still_fraud(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff and reply.reason == "fraud", (text, reply.reason)


@pytest.mark.parametrize(
    "text",
    [
        # s41-20 #16 (written after the first fix: handed off as not_understood) and variants
        "My bank just sent me a letter about a new loan account with you. I have no idea who you are and I didn't take any loan.",
        "I didn't take any loan from you, so why is there a payment reminder in my email?",
        "Who even are you? Got a text about my loan balance. I don't have a loan with you.",
        "no idea who you people are, but there's a loan with you on my credit report",
        "I do not have any account with you, yet a collector called me about arrears",
        "I haven't got a loan with you lot, so why is your company on my bank statement?",
        "我跟你们公司一点关系都没有 怎么征信上有你们的贷款",
    ],
)
def test_no_loan_with_us_and_one_that_shows_up_is_fraud(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff and reply.reason == "fraud", (text, reply.reason)


@pytest.mark.parametrize(
    "text",
    [
        "will applying leave a mark on my credit file even if I don't take the loan?",
        "I don't have a loan with you yet, can I apply for 10k?",
        "I don't have an account with you yet, will checking my rate show on my credit report?",
        "I don't have any other loans, will that help my credit report?",
    ],
)
def test_no_loan_yet_or_a_loan_not_taken_if_asked_is_answered(assistant, text):
    assert not _reply(assistant, text).handoff, text


@pytest.mark.parametrize(
    "text",
    [
        # s41-20 #20 (handed off as not_understood) and variants, two of them answered on e1430b82
        "我弟在你们这申请了贷款 他让我帮他问问批下来没有",
        "我姐上周在你们这提交了申请 她托我问下审核通过没",
        "我表哥借款申请到哪一步了 他叫我帮他查查",
        "我老爸申请的车贷 他让我问问进度",
    ],
)
def test_a_relatives_application_result_asked_for_them_is_others_data(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff and reply.reason == "others_data", (text, reply.reason)


@pytest.mark.parametrize(
    "text", ["我妈让我问问你们车贷利息多少", "我弟想申请 他让我问问要什么材料"]
)
def test_a_relative_passing_on_a_question_about_our_products_is_answered(assistant, text):
    assert not _reply(assistant, text).handoff, text
