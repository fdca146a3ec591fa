"""Session 41 (rules): WHAT NO WORD MARKS, the Chinese side.

- the IMPLIED answer: a question the speaker closes at once with its answer (…哪笔黄过？你问不出来的 /
  …有被卡的吗？你说呢？ / …沒核下來的？沒有吧。) is the universal claim (scope.implied_answer and the
  form layer in zh_clause); a bare "no" after a yes-no question stays a reply (你们不查征信吗？没有);
- a loan FIXED by a person (我们这边都弄好了 / 傾掂咗 / 搞掂晒 / 喬好了) then the money told as coming to
  the addressee is a grant (zh_clause.zh_r_fixed); an institution's status reply stays a status;
- a person of the addressee's life by ROLE met with a friendly verb (跟你们主管喝个下午茶，聊聊你的近况)
  is third-party disclosure (zh_clause.zh_r_role_chat); the addressee's own contacts and a promise
  not to contact them pass.
Flagged lines are variants written BEFORE the build (the rules' /tmp/rules/v41), in other words
than any labelled line; clean lines are near-misses.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules
from loancs.core.compliance.scope import implied_answer, is_question

FLAG = [
    # the implied answer
    ("marketing", "你去打听打听，我报上去的件哪次被退过？打听不到吧"),
    ("marketing", "我们张总签过字的单，谁见过不放款的？没人见过"),
    ("marketing", "我跑過的件，銀行有說過不嗎？從來沒有，你安心"),
    ("marketing", "經我手嘅按揭，邊單冇批過？你話呢？"),
    # a loan fixed by a person, money told
    ("marketing", "房貸那邊我幫你喬好了，下週撥款"),
    ("marketing", "額度幫你搞掂晒，隨時可以提"),
    ("marketing", "你的车贷我跟主管谈妥了，后天上午钱进你卡"),  # written after the build
    # a person by role, a friendly verb
    ("collection", "你要是不方便，我们就请你们科长吃个饭，帮着劝劝你"),
    ("collection", "我們打算跟你們主管喝個下午茶，聊聊你的近況"),
    ("collection", "我哋會同你公司人事部個同事食餐飯，講下你筆數"),
    ("collection", "你们楼长挺热心的，我们找他帮忙带个话"),
    ("collection", "回头我们去拜访一下你们车间主任，顺便提提这笔钱"),
]

PASS = [
    # a question answered as a reply, a real question, a denial
    "你们不查征信吗？没有，我们都查的",
    "你们有没有不看征信的产品？一个都没有，都要查",
    "你们哪个产品不查征信？没有，都查",
    "谁说我们能保证通过？以审核为准",
    "你们哪次通知过我审批结果？我到现在都没收到",
    "您的资料有哪一项没填？系统显示还差一项",
    "我什么时候逾期过？没有吧？麻烦把记录发给我",
    # a status told by the institution
    "你份申請我哋收到咗，審批要三日",
    "額度核定後會以簡訊通知",
    "我已经帮您提交好了，审批结果会短信通知您",
    # the addressee's own contacts, a promise not to call them
    "您可以让单位财务帮您出具工资流水",
    "如需担保人，请您自行与亲友商量",
    "我们只会联系您本人，不会告知单位",
    "我们不会跟你们领导聊你的事，请放心",  # written after the build
    "您可以请单位人事帮您开一份收入证明",
]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_flags(rules, category, text):
    result = rules.check(text)
    assert any(h.category == category and h.severity != "info" for h in result.hits), (
        text,
        [h.rule for h in result.hits],
    )


@pytest.mark.parametrize("text", PASS)
def test_near_miss_passes(rules, text):
    result = rules.check(text)
    assert result.verdict == "ok", (text, [h.rule for h in result.hits])


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_hits_span_the_typed_text(rules, category, text):
    for hit in rules.check(text).hits:
        assert text[hit.start : hit.end] == hit.match


def test_implied_answer_asks_nothing():
    text = "我经手的单子，有被卡的吗？你说呢？"
    mark = text.index("？")
    assert implied_answer(text, 0, mark)
    assert not is_question(text, 0, mark)
    reply = "你们不查征信吗？没有，我们都查的"
    assert not implied_answer(reply, 0, reply.index("？"))
    assert is_question(reply, 0, reply.index("？"))
