"""Session 40 (rules): THE FORM LAYER (loancs/core/compliance/zh_clause.py, "the form layer").

The same act said in another sentence FORM is read as its declarative content before the frames
run: a rhetorical question whose answer is "none" (哪一套不是足额放下来的？ = every one was;
什么时候有客户被打回票过？ = never), a negated existential of a refusal, a conditional threshold on a
trivial ability or attribute (是就给你批 / 会扫就能拿到额度), a quoted product as a possessive
(您“金秋助力包”里那一万二). Each flagged line is a variant written BEFORE the layer was built (four
marked "after" were written after it), in other words than any labelled line; each clean line is a near-miss: a borrower's real question,
a truthful negative, a conditional with a real requirement, a quoted product's plain status.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import zh_clause
from loancs.core.compliance.scope import is_question
from loancs.core.normalize import normalize
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

FLAG = [
    # rhetorical question, answer "none"
    ("marketing", "我们门店做的房抵，哪一套不是足额放下来的？"),
    ("marketing", "找王主管递的材料，谁的不是一次就过了？"),
    ("marketing", "這家銀行跟我們合作多年，哪一次沒給我們的客戶放款？"),
    ("marketing", "咱家的车贷，有隔夜才到账的吗？都是当场放款"),
    ("marketing", "我们经手的车抵贷，你见过哪一笔被打回来的？"),  # written after the build
    ("marketing", "跟我們公司配合的客人，什麼時候有人空手而回過？"),  # written after the build
    # negated existential of a refusal
    ("marketing", "經我手的信貸，沒有一件是被退的"),
    ("marketing", "在我们这申请装修贷，就没听说谁被刷下来过"),
    ("marketing", "做了这么多年中介，还真没遇到过一家不给放款的"),
    ("marketing", "今年交上去的工薪贷，没有一份是卡住的"),
    # the threshold on a trivial ability or attribute
    ("marketing", "你有支付宝吧？有支付宝就能借两万"),
    ("marketing", "会发语音吗？会发语音就能申请，当天出额度"),
    ("marketing", "你是中国人吧？是就给你批"),
    ("marketing", "能刷脸就能贷，刷完脸钱就到"),
    ("marketing", "認得字嗎？認得就直接撥款"),  # written after the build
    # a quoted product as a possessive
    ("marketing", "刘先生，您“金秋助力包”里那一万二已经放好了，点一下就能提"),
    ("marketing", "您的「安家基金」裡那筆八萬已經核准，明早入帳"),
    ("marketing", "“学车无忧”那笔已经给您批完了，下午到账"),
    (
        "marketing",
        "您《春耕专享》里那笔三万的周转金已经到位了，今天就能取",
    ),  # written after the build
]

PASS = [
    "你们那边哪一笔是按等额本息算的？",
    "請問哪一位專員負責我的案件？",
    "我什么时候逾期过？麻烦把记录发给我看看",
    "有没有哪个产品是不收手续费的？",
    "谁批的我的额度？我想了解一下审核标准",
    "经核查，没有哪一条逾期记录是我们错报的",
    "經查證，沒有任何一筆扣款是重複扣的",
    "我们从来没有向任何客户收取过前期费用",
    "您的账户没有一期是未还的，无需担心",
    "有社保缴纳记录满一年的话，可以申请公积金贷",
    "有營業執照且經營滿兩年的商戶可以申請，額度依審核而定",
    "会用手机银行的话，您可以直接在APP上提交申请，审批另行通知",
    "满22周岁且有固定收入才可以提交申请",
    "您“金秋助力包”的申请已提交，结果以短信通知为准",
    "「安家基金」需要您補交收入證明後才能審核",
    "您申请的那笔两万还在审核，请耐心等待",
    "您那笔“安居无忧金”的申请资料还差一份收入证明",
    "您的《小店扶持贷》合同已生成，请核对后签署，放款以审核结果为准",
    "您申请的“乐业助力款”已审批通过，款项将在签约后按合同约定发放",
    "我那个“月光宝盒金”额度怎么还没开通？",
    # (B) mention, not use: a forbidden phrase quoted in a policy, a warning, a complaint reply
    "谁跟你讲“零门槛、当天放款”，直接挂电话",
    "本公司禁止员工使用“稳批”“包下款”等用语",
    "看到廣告寫「不看信用、保證核貸」的，千萬別信",
    "您说的那个业务员承诺“一定能批”，我们已经对他停职调查",
    "根據規定，廣告中不得出現「百分百過件」字樣",
    # (B) the consequence of a short delay is a service statement
    "还款日后三天内补上，不会影响您的征信",
    "如果晚还一两天，只收滞纳金，不会上报人行",
    "寬限期內補繳不會影響聯徵紀錄",
    "逾期不超过3天的，系统不会报送征信，但请尽快还款",
    # (C) lawful changes of handler or place
    "电话里说不清的话，欢迎您到我们服务网点当面咨询还款方案",
    "您的案件下月起由另一个催收团队依法跟进，如有异议可联系客服",
    "这周五有空的话，可以来公司一起商量延期还款",
    # written after the build
    "哪一期是我上上个月提前还清的？帮我查下",
    "有没有还款失败的记录？我想确认一下",
]


@pytest.fixture(scope="module")
def rules():
    return RULES


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_form_flags(rules, category, text):
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


def test_form_view_maps_back():
    """The form view's characters map to characters of the typed text (a rewritten span still
    covers what the writer typed)."""
    text = "在我们这办的，哪一单不是当天就下款的？"
    norm = normalize(text)
    view = zh_clause.forms(norm)
    assert view is not None
    assert "每一单都是" in view.light and view.light.endswith("。")
    at = view.light.index("每一单都是")
    assert text[view.light_map[at] : view.light_map[at + 4] + 1] == "哪一单不是"
    assert len(view.dense) == len(view.dense_map)
    assert all(0 <= i < len(text) for i in view.dense_map)
    assert zh_clause.forms(normalize("请问哪一期是我上周还的？")) is None


def test_rhetorical_question_asks_nothing():
    rhetorical = "我经手的件，哪一笔不是顺顺利利批下来的？"
    assert not is_question(rhetorical, 0, len(rhetorical) - 1)
    asked = "请问哪一笔是我上个月还的？"
    assert is_question(asked, 0, len(asked) - 1)
