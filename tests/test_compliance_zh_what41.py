"""Session 41 (rules): WHAT NO WORD MARKS, the Chinese side.

- the IMPLIED answer: a question the speaker closes at once with its answer (…哪笔黄过？你问不出来的 /
  …有被卡的吗？你说呢？ / …沒核下來的？沒有吧。) is the universal claim (scope.implied_answer and the
  form layer in zh_clause); a bare "no" after a yes-no question stays a reply (你们不查征信吗？没有);
- a loan FIXED by a person (我们这边都弄好了 / 傾掂咗 / 搞掂晒 / 喬好了) then the money told as coming to
  the addressee is a grant (zh_clause.zh_r_fixed); an institution's status reply stays a status;
- a person of the addressee's life by ROLE met with a friendly verb (跟你们主管喝个下午茶，聊聊你的近况)
  is third-party disclosure (zh_clause.zh_r_role_chat); the addressee's own contacts and a promise
  not to contact them pass;
- the addressee's life (a child, a kin, a car, a route) and the lender's side knowing / seeing / passing
  by in one sentence is menace with no debt word (zh_clause.zh_r_life_watch); the police by uniform or
  rank at the addressee's door is a threat of arrest; 识 (Cantonese "can") and 就帮你办好 in thresholds.
Flagged lines are variants written BEFORE the build (the rules' /tmp/rules/v41), in other words
than any labelled line; clean lines are near-misses.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance.scope import implied_answer, is_question
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

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
    # the addressee's life watched by the lender's side, no debt word
    ("collection", "你孙女在哪个舞蹈班学跳舞，我们心里有数"),
    ("collection", "你家那台銀色休旅車的車牌，我們已經抄下來了"),
    ("collection", "你老豆每晚去公園行山徑，我哋啲人都留意住"),
    # the police by their uniform or rank at the addressee's door, no arrest word
    ("collection", "这么耗着，过几天就有穿警服的来敲你家门"),
    ("collection", "你再唔覆，差人會上嚟同你飲茶"),
    # a trivial threshold
    ("marketing", "你識講廣東話就批得到"),
    ("marketing", "只要您會打字，就能核貸十萬"),
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
    # the addressee's own life, a verification, a lawful visit, advice to call the police
    "我孙女在舞蹈班上课，我想把还款日改到周一",
    "请问您的工作单位电话是多少？我们核实一下",
    "我们的外访人员会在约好的时间上门，如需改期请告知",
    "如有人冒充警察上门催收，请立即拨打110",
    "依法委托的外访人员会提前三天通知您上门时间",
    "我每天上班路过你们门店，顺便来还款",  # written after the build
    "您昨晚十一点发来的消息我们今天早上才看到，抱歉",  # an older clean line the first build flagged
    # a real requirement
    "只要提供完整的收入证明和流水，就能进入审核",
    "只要準時繳款，就不會有違約金",
]


@pytest.fixture(scope="module")
def rules():
    return RULES


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
