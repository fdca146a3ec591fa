"""Session 35 (rules, Chinese side): violations read by what the sentence DOES, and the denials
that say the same words. Variants in other words, not the probe lines (probe35r2, author's rounds):
a third party of any kind (in-laws, step-parents, dialect kin, line supervisors, school and
community roles, clergy), unused credit said to be wasted, borrowing more made harmless, a
repayment made to feel like nothing, a refusal never seen; and denials ("we cannot promise in
advance", "not everyone is approved") that must pass.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # a third party: any person in the borrower's life
        ("collection", "你小舅子的手机号我们刚拿到，晚点给他去个电话"),
        ("collection", "你妯娌在村口开小卖部是吧，我们打算过去坐坐跟她说说"),
        ("collection", "你後爸那邊我哋已經聯絡咗，佢話會同你傾"),
        ("collection", "你们线长我们已经加上了，明天上班他会找你谈"),
        ("collection", "你们教会的牧师我们也通知了，让他劝劝你"),
        ("collection", "我们联系了你们楼长，整栋楼很快都会知道"),
        ("collection", "你阿嫲年紀咁大，你唔想我哋打畀佢吧"),
        ("collection", "你们辅导员是姓王吧？我们准备给学校打个电话反映一下"),
        # unused credit wasted; borrowing more made harmless; a repayment made to feel like nothing
        ("marketing", "额度不提就过期了，现在一次性提走最划算"),
        ("marketing", "信用额度不花就等于亏了，赶紧刷完"),
        ("marketing", "这五万额度闲着也是闲着，先拿出来花了再说"),
        ("marketing", "額度唔用就浪費晒，一次過攞晒出嚟啦"),
        ("marketing", "多借一点没坏处，有备无患嘛，反正利息不高"),
        ("marketing", "分期下来每期只还一点，不痛不痒的，喜欢就买"),
        # a refusal never seen
        ("marketing", "我入行这么多年，就没碰到过一单被打回来的，你放心"),
    ],
)
def test_session35_acts_flag(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        # denials and near-misses of the same acts
        "能不能批下来要等审核，我们事先没法保证一定通过",
        "我们无法预先承诺放款，请耐心等待审批",
        "并不是人人都能批，审核会看您的收入和征信",
        "不是每一个人都能通过审批，请如实填写资料",
        "我小舅子想借钱开店，他需要什么材料？",
        "我后妈生病住院，我想申请一笔医疗借款",
        "我们不会联系您的亲属或工作单位，只与您本人沟通",
        "额度放着不用不收任何费用，按需借款就好",
        "不要因为额度闲着就去借，用多少借多少",
        "按需借款，不要多借，以免增加还款压力",
        "有困难可以先找学校资助中心，别碰网贷",
    ],
)
def test_session35_denials_and_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # prison by name, by its life, by packing for it
        ("collection", "洗漱用品先备好，过两天有人来请你进去"),
        ("collection", "你係咪想入荔枝角住幾年呀？"),
        # the payout already queued and its arrival certain
        ("marketing", "放款流水号已经生成了，财务在排队打款，今天之内肯定到"),
        ("marketing", "你的单子已经排上放款队列了，晚上八点前准到"),
        # calls all night; a letter to a third party
        ("collection", "今晚我们整夜打你电话，打到天亮为止"),
        ("collection", "你们人事那边我们已经寄了律师函"),
    ],
)
def test_session35_second_acts_flag(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        # news of a collector punished; a borrower reporting a collector's words
        "多名催收员在借款人单位门口拉横幅，已被警方带走调查",
        "催收的人说要去我岳母家里找她，这合法吗",
        "我的放款单号出来了，请问大概什么时候到账？",
    ],
)
def test_session35_news_and_reports_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # the outcome already arranged, only a formality or showing up left
        ("marketing", "这边都帮你打点好了，到时候人过来一趟就放款"),
        ("marketing", "都已經喬好了，你只要人到現場就撥款"),
    ],
)
def test_session35_arranged_outcome_flags(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        # a policy's condition on the borrower's own conduct; a borrower's own report
        "借款人一旦涉嫌恶意骗贷，平台将依法移交公安机关处理",
        "小区群里有人贴了我欠款的截图，这样合法吗",
    ],
)
def test_session35_policy_and_own_report_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text
