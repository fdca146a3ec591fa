"""Session 34 (rules, Chinese side): who speaks. Clean lines the checker flagged because it missed
who speaks or what the sentence does (a borrower's own hours, a concession then the check, a
question closed by an emoji or a soft particle, a borrower's own student status), and violations
of the same families that must stay flagged. Variants in other words, not the probe lines
(probe35r1, author's rounds).
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    "text",
    [
        # the borrower's own hours
        "本人晚上十一点后不方便接听电话，有事请发短信",
        "半夜十二点以后我不太方便接，能不能早上再打？",
        # a concession, then the check
        "以前有逾期也能提交资料，但我们会调阅您的人行征信报告再决定",
        "被别家拒过不要紧，可以来试试，不过要看审批结果",
        "有過呆帳也可以申請，但我們一樣會依規定查詢聯徵",
        # a question closed by an emoji or a soft particle; the asker's own status
        "大学生可以贷款吗？🥺",
        "逾期三天会不会上征信呀",
        "我是研究生，可以申请你们的分期吗？",
    ],
)
def test_session34_who_speaks_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("collection", "不方便接是你的事，今晚十二点我们照样打过去"),
        ("collection", "你嫌白天不方便，那就凌晨两点给你打电话"),
        ("marketing", "有逾期也能申请，我们不调阅征信，放心"),
        ("marketing", "黑户一样能下款，征信这块我们压根不看"),
        ("marketing", "大学生能借吗？能！学生证拍照就行"),
        ("marketing", "学生党缺钱花吗？😉 来我们这儿，学生证就能借"),
    ],
)
def test_session34_same_family_still_flagged(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # a child fetched "as a favour" by our people
        ("collection", "孩子放学我们可以帮忙接，反正同事天天路过那个学校"),
        # approval by a peer's record, "you too"
        ("marketing", "前几天有个跟你工资差不多的客户，当天就到账了，你放心"),
        ("marketing", "跟你一个厂的好几个人都在我们这儿借了，全都批了，你也不会例外"),
        # no such thing as refused, with reassurance
        ("marketing", "安心啦，我们这儿不存在批不了这种说法"),
        # a sales script quoted to the customer
        ("marketing", "话术参考：您这种资质我们这儿百分百能过"),
        ("marketing", "按照我们内部的说法，您属于秒过客户，今天就到账"),
        # borrowing to repay by a guarantee company's bridge, a POS cash-out, a new card
        ("collection", "搵間擔保公司過下橋，還咗我哋先"),
        ("collection", "拿信用卡去POS机上刷一笔出来，把这期补了"),
        ("collection", "新卡一到手，先刷一笔给我们"),
        ("collection", "去银行开张卡，额度出来先顶我们这期"),
        # buy what you like now, repay slowly
        ("marketing", "先享受再说，喜欢就买，还款不急"),
        ("marketing", "钟意咩就买咩，遲啲先慢慢還"),
        # waiting at the door after a night shift
        ("collection", "你下了晚班我们就在你家楼梯口候着"),
        ("collection", "你做夜更收工返屋企，我哋喺你樓下等你"),
    ],
)
def test_session34_family_flags(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        "我下班顺路去接孩子，晚点再回你电话",
        "跟你条件差不多的客户，有的批了有的没批，要看审核",
        "有人说这里不存在批不了的说法，是真的吗？",
        "【合规话术】不得向客户承诺“必过”“秒批”",
        "话术禁用词：包过、秒批、不看征信",
        "我新办了一张卡，可以用它绑定自动还款吗？",
        "别想买啥就买啥，借钱消费要量力而行",
        "我下夜班回家发现门口有人等着，是你们的人吗？",
    ],
)
def test_session34_family_near_miss_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # a bare evening hour placed by the borrower's bedtime, in a reply that opens with 行/没事/得
        ("collection", "你说晚上要陪老人睡觉是吧？没事，我十一点以后再打过来"),
        ("collection", "你孩子九点睡对吧，那我们十点一刻再给你打电话"),
        ("collection", "你話夜晚要湊仔瞓覺？得，我十一點再打俾你"),
        # 今晚零点 is midnight
        ("collection", "今晚零点我们开始给你打电话"),
        # pawning to repay; someone at work talked to at length
        ("collection", "把你那条金项链拿去典当了，先把这个月的还上"),
        ("collection", "你那部新手机送去押了，拿到钱马上转给我们"),
        ("collection", "你部门的小刘刚才跟我们聊了半天你的情况"),
    ],
)
def test_session34_second_batch_flags(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        "你说上午要开会？行，那我十一点半以后再给你打",
        "您白天在上班，那我们晚上七点半再给您打电话",
        "明天十点我们再联系您确认还款",
        "不要把东西拿去典当来还款，有困难可以申请延期",
        "您说的情况我们会跟您本人详细聊一聊",
    ],
)
def test_session34_second_batch_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    "text",
    [
        # advice against borrowing to repay, by the act, its motive, or the one who urges it
        "别为了还这笔去办信用卡，那只会越滚越大",
        "不要办新卡来还旧账，这就是拆东墙补西墙",
        "叫你借高利贷还钱的，都没安好心",
        # the police as the borrower's, a school's or a warning's recourse
        "催收的人天天发短信骂我，我是不是该报警？",
        "有家长反映孩子被拉去办校园贷，学校已经报警处理",
        "凡是要求先交保证金的贷款都是诈骗，请向警方举报",
    ],
)
def test_session34_advice_and_recourse_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("collection", "去办张信用卡来还，拆东墙补西墙也得先把我们这笔平了"),
        ("collection", "别犹豫，去网贷借出来先还我们"),
        ("collection", "我们已经报警了，警察明天就上门找你"),
        ("collection", "你这属于诈骗，等着警方来找你吧"),
        ("marketing", "别因为征信花了就放弃，我们不看征信"),
    ],
)
def test_session34_advice_and_recourse_still_flagged(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # a promise said by refusing to say it, then a wink
        ("marketing", "按规定我不能承诺一定批，不过你心里有数就行，放心交"),
        ("marketing", "这个我嘴上不能保证，但是你明白的，稳稳的"),
        ("marketing", "温馨提醒：新用户首借免息30天，今天申请立即到账"),
    ],
)
def test_session34_wink_flags(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        "我不能跟你说包过，能不能批要看审核结果",
        "温馨提示：国家助学贷款由学校统一办理，在校期间免息，请勿通过网贷平台借款",
        "逾期不会被抓去坐牢，这是民事纠纷，您不用担心这个",
    ],
)
def test_session34_notice_and_civil_matter_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text
