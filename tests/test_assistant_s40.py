"""Session 40 (review): the assistant on fresh questions (tests/data/assistant/fresh/s40-40.tsv).
A rate said a month (or a day) and the interest a month asked on a sum is that month's interest at
that rate: "1.5% per month, whats the monthly interest on 10k" was answered "At 1.5% a year … CNY
12.50" (a borrower misled by a factor of twelve; CNY 150 is right). The bot declined and a person
asked for by a transfer ("机器人就算了吧 转个客服小姐姐", s40-40 #22: answered with the greeting) is a
request for a person. Another person's application or loan asked after by a relation and a name
("我同事小李的借款审核到哪一步了", s36-lead-40 #39: answered with "verify first") is others_data.
Each family is tested on wording other than the line it came from (variants written before the
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
    ("text", "interest", "apr"),
    [
        ("1.5% per month, whats the monthly interest on 10k", "150.00", "18%"),
        ("at 2% monthly how much interest would 8000 cost me each month", "160.00", "24%"),
        (
            "the rate is 1.1 percent per month. on 6k what is the interest each month?",
            "66.00",
            "13.2%",
        ),
        ("月息1.8% 借两万 一个月利息多少", "360.00", "21.6%"),
        ("monthly rate of 0.9%, borrowing 20k, whats a months interest", "180.00", "10.8%"),
        (
            "they charge 1.3% a month on 15,000 - how much interest is that every month",
            "195.00",
            "15.6%",
        ),
        ("0.05% a day on 10k, whats the monthly interest", "150.00", "18.25%"),
        ("日息0.05% 借一万 一个月利息多少", "150.00", "18.25%"),
    ],
)
def test_a_rate_a_month_gives_that_months_interest(assistant, text, interest, apr):
    reply = _reply(assistant, text)
    assert not reply.handoff
    assert interest in reply.answer and apr in reply.answer
    assert "a year, a month's interest" not in reply.answer and "按年化 " not in reply.answer


@pytest.mark.parametrize(
    ("text", "interest"),
    [
        ("18% APR, so how much interest is that a month on 20k", "300.00"),
        ("年化12% 借一万 一个月利息多少", "100.00"),
    ],
)
def test_a_rate_a_year_is_still_a_years(assistant, text, interest):
    reply = _reply(assistant, text)
    assert interest in reply.answer


@pytest.mark.parametrize(
    "text",
    [
        "机器人就算了吧 转个客服小姐姐 谢谢",  # s40-40 #22
        "不想跟机器聊 帮我转一下吧",
        "智能客服就免了 转给工作人员",
        "can you put me through to one of your staff please, not the bot",
        "swap me over to a real member of staff pls",
    ],
)
def test_the_bot_declined_and_a_transfer_asked_is_a_person(assistant, text):
    reply = _reply(assistant, text, "wechat")
    assert reply.handoff and reply.intent == "human_request"


@pytest.mark.parametrize(
    "text",
    [
        "你是机器人吗",
        "客服小姐姐 我想问下提前还款要手续费吗",
        "转账还款可以吗 还是只能自动扣",
    ],
)
def test_no_transfer_to_a_person_asked(assistant, text):
    assert not _reply(assistant, text, "wechat").handoff


@pytest.mark.parametrize(
    "text",
    [
        "帮我看看我同事小李的借款审核到哪一步了",  # s36-lead-40 #39
        "帮我查一下我室友的申请批下来没有",
        "我朋友王芳上周申请的 你看看她过了没",
        "can you check whether my flatmate's application has been approved yet",
        "my brother-in-law applied last week, where's his application at?",
    ],
)
def test_another_persons_application_is_others_data(assistant, text):
    reply = _reply(assistant, text)
    assert reply.handoff and reply.reason == "others_data"


@pytest.mark.parametrize(
    "text",
    [
        "我帮我老婆问一下 申请需要哪些材料",
        "我同事推荐我来的 我的申请审核到哪一步了",
        "my friend got approved in a day, how long does review usually take?",
    ],
)
def test_ones_own_or_a_general_question_is_no_others_data(assistant, text):
    assert _reply(assistant, text).reason != "others_data"


@pytest.mark.parametrize(
    ("text", "apr", "unit"),
    [
        # s40-40 #23 ("one-sixty-five" was read as 66) and s39-lead-40 #2 (handed off)
        (
            "borrowing 5 grand and they want 36 payments of one-sixty-five. whats that as a yearly rate?",
            "11.55%",
            "CNY",
        ),
        (
            "Quote says £8k, 48 monthly payments of £205. Roughly what APR am I paying there?",
            "10.54%",
            "pounds",
        ),
        (
            "£3,500 paid back as 18 instalments of £220 — what's the annual rate on that?",
            "16%",
            "pounds",
        ),
        (
            "$6,000 loan, 60 payments of $130 each - what interest rate does that work out to",
            "10.85%",
            "dollars",
        ),
    ],
)
def test_n_payments_of_x_is_priced_by_its_irr_in_the_currency_said(assistant, text, apr, unit):
    reply = _reply(assistant, text)
    assert not reply.handoff
    assert apr in reply.answer and "IRR" in reply.answer
    assert f"Borrowing {unit}" in reply.answer or f" {unit} and paying" in reply.answer
    assert "flat fee" not in reply.answer


def test_hundreds_said_as_a_digit_and_its_tens():
    from loancs.core.assistant.text import to_digits

    assert to_digits("36 payments of one-sixty-five") == "36 payments of 165"
    assert to_digits("two forty a month") == "240 a month"
    assert to_digits("twenty one months") == "21 months"
    assert to_digits("one hundred and twenty") == "120"


@pytest.mark.parametrize(
    ("text", "payment"),
    [
        ("say 12k, 36 months, nine percent. ballpark monthly figure?", "381.60"),  # s40-40 #31
        ("hypothetically 8000 for 18 months at 12 percent - monthly cost?", "487.86"),
        ("借五万 三年 年化8% 一个月大概还多少", "1,566.82"),
        ("如果贷十万 分五年 利率6.5 月供大概多少", "1,956.61"),
    ],
)
def test_a_loan_stated_in_full_gets_its_payment(assistant, text, payment):
    reply = _reply(assistant, text)
    assert not reply.handoff and payment in reply.answer


def _prescreen(assistant, turns, lang):
    from loancs.commands.prequal import run_dialogue

    return run_dialogue(assistant, turns, lang, 1764601200000)


@pytest.mark.parametrize(
    ("turns", "lang", "fact", "value"),
    [
        # seen in `loancs demo`: the pay given to "how much would you like to borrow" was taken
        # as a loan of 20,000 (and the 公积金's five years as its term): "金额低于产品下限"
        (
            [
                "你好，我想申请房贷，首套房，总价大概154万。",
                "我月收入两万左右，公积金缴了五年，能贷多少？",
            ],
            "zh",
            "monthly_income",
            20000,
        ),
        (["想借钱装修房子", "工资一个月八千 能借多少"], "zh", "monthly_income", 8000),
        (
            ["I want a car loan for a 90k car", "I earn 15,000 a month, how much can I get?"],
            "en",
            "monthly_income",
            15000,
        ),
    ],
)
def test_a_pay_told_in_the_prescreen_is_no_loan_and_no_term(assistant, turns, lang, fact, value):
    got = _prescreen(assistant, turns, lang)
    assert got["facts"].get(fact) == value
    assert got["outcome"] != "likely_ineligible"
    assert got["facts"].get("amount") != value and got["facts"].get("months") not in (1, 15, 60)


def test_a_bare_amount_and_term_are_still_taken(assistant):
    got = _prescreen(assistant, ["想借钱装修房子", "借八万", "三年"], "zh")
    assert got["facts"]["amount"] == 80000 and got["facts"]["months"] == 36
