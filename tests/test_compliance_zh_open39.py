"""Session 39 (rules): OPEN classes decided by the clause (loancs/core/compliance/zh_clause.py, "open classes").

Each flagged line is a variant written BEFORE its frame was built, in other words than any labelled
line: credit given to the addressee by an unlisted noun and state (你名下那笔装修款都批好了, 你卡里已经多出来一笔
两万的周转金), certainty as a quantifier over outcomes (经过我手的客户，就没有一个被银行打回来的), menace by
insinuation (这账不还，我们就只好用点别的手段了), a requirement whose object is elided (能上网吗？能就行), and
the same acts in Taiwan / Hong Kong wording. Each clean line is a near-miss: the addressee's own request's
status, a plain status of their own credit, outcomes that vary, a lawful handover, an ability question
about a service, a complaint reply, a policy.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

FLAG = [
    ("marketing", "恭喜您，您的信用卡已獲核發一筆預借現金十二萬，簡訊回覆1即撥入帳戶"),
    ("marketing", "您的車貸增貸案我們已經幫您過件，明早款項就會匯入"),
    ("marketing", "本行通知：您已獲選為VIP，小額信貸額度五萬已開通，點選連結即可動用"),
    ("marketing", "放心啦，我送的件從來沒被退過，這筆一定過"),
    ("marketing", "聯徵再差我都能幫你核下來，包你過"),
    ("marketing", "只要一張勞保投保證明，其他免附，當天撥款"),
    ("marketing", "有機車行照嗎？有就可以貸五萬"),
    ("marketing", "憑一張身分證，信貸馬上核准撥款"),
    ("marketing", "要辦喜酒嗎？找我們，禮金不夠當天補給你十萬"),
    ("marketing", "買房頭期款不夠？我們幫你墊，明天撥款"),
    ("marketing", "孩子出國留學的錢我們先幫你出，快速撥款"),
    ("marketing", "我們不跑聯徵，信用不好也照樣核貸"),
    ("marketing", "聯徵有瑕疵沒差，我們這邊根本不看那份報告"),
    ("marketing", "協商中、前置協商都可以辦，不會調閱聯合徵信"),
    ("collection", "你兒子每天在補習班上到九點才下課齁？欠的錢要記得還"),
    ("collection", "我們已經打給你公司的人資了，下次直接去你辦公室"),
    ("collection", "你份糧幾時出？唔還錢我哋就去你公司搵你老細"),
    ("marketing", "恭喜你！你嘅貸款額度已經批咗，八萬蚊即日過數"),
    ("marketing", "您的购车基金已经配好了，两天内打进您卡里"),
    ("marketing", "你名下有一笔十万的应急金已经放出来了，今天就能取"),
    ("marketing", "在您账户里的那份旅游基金都准备齐了，确认一下就能用"),
    ("marketing", "您的专属资金包已经解冻，八千元随时可提"),
    ("marketing", "你手机号绑定的那笔钱都审好了，下午三点前打到你卡上"),
    ("marketing", "经过我手的客户，就没有一个被银行打回来的"),
    ("marketing", "跟我这儿申请贷款的，十个里十个都拿到了钱"),
    ("marketing", "这些年找我借钱的人，全都如愿批了"),
    ("marketing", "只要是我推荐上去的贷款，没听说过有被退的"),
    ("collection", "欠我们的钱你再装傻，那下次就换别的人来处理你的事了"),
    ("collection", "这账不还，我们就只好用点别的手段了"),
    ("collection", "逾期这么久，这单我就交给外头的朋友去办了"),
    ("collection", "不还款的话，我们会找一批新的人换个路子去找你"),
    ("marketing", "能上网吗？能就行，五万今天批"),
    ("marketing", "有支付宝吗？有就能办，三万秒到"),
    ("marketing", "会开车吗？会就够，车贷当天下"),
    ("marketing", "手机能收短信吗？能就没问题，马上放款两万"),
    ("marketing", "满十八了没？满了就可以借，一万当天到"),
    # a gift of credit, a personal favour on the addressee's loan (written after the frame was built)
    ("marketing", "尊敬的用户，平台奖励您一笔八千元的备用金，有效期七天"),
    ("marketing", "您已被选为幸运用户，我们送您五万元授信"),
    ("marketing", "恭喜！系统为您派发了一份两万元消费贷"),
    ("marketing", "感恩回馈：平台发放给您三千元周转金，今日有效"),
    ("marketing", "你那笔房贷我上周已经帮你搞定了，等着签字就行"),
    ("marketing", "您那份信用贷我前天已经给您签下来了"),
    ("marketing", "你那笔分期我已经帮你批好了，放心"),
    # round 2's families (author's listing read: family, not the line), variants written after the build
    ("marketing", "我经手递上去的单子，哪一单不是揣着钱回来的？你的也跑不了"),
    ("marketing", "你的经营贷我們已經幫你喬定了，後天簽字，錢直接匯進帳戶"),
    ("marketing", "开了微信支付没？开了就成，其余的一概不用准备"),
    ("marketing", "绑银行卡了吗？绑了就妥，别的东西都不需要"),
    ("marketing", "你那份“安家金”已经转到你名下了，三天内不领就收回"),
]

PASS = [
    "您申請的信貸已經核准，撥款前需要親自到分行對保",
    "本行會查詢聯合徵信，核貸結果以審核為準",
    "我們無法保證過件，仍需依您的信用狀況審核",
    "逾期超過三個月將依法報送聯徵中心，並可能提起訴訟",
    "很抱歉催收人員打到您公司，我們已停止此行為並懲處相關人員",
    "您的还款计划已经生成，请按期还款",
    "您申请的那笔钱已经审好了，今天下午打到您卡上",
    "您的借款已经结清，感谢使用",
    "您的资料已经寄出来了吗？",
    "我们的申请有的会通过有的不会，看个人情况",
    "去年我们经手的贷款通过率大概六成",
    "逾期款项将转交委托的催收机构依法处理",
    "如果仍未还款，我们将换由法务部门通过诉讼方式解决",
    "会用App吗？会的话可以在线提交材料，审核一般三个工作日",
    "有工作证明吗？有的话审核会快一些",
    "很抱歉我们的同事联系了您的单位，这违反了公司规定",
    "之前有人跟您说不还会被抓，这是错误的，我们已处理该员工",
    "按照公司规定，我们不会联系您的家人、同事或通讯录里的人",
    "对不起，催收员在群里发了您的信息，该内容已删除",
    "我们承诺只在早上八点到晚上九点之间联系您",
    "我们经手的贷款也有被拒的，不能保证一定通过",
    "如果逾期，我们会把案件转交给合作的律师事务所依法处理",
    "我们有的是耐心，等您方便的时候再谈还款",
    "会用网银吗？会的话可以直接在网银里还款",
    "您的账户里已经到账一笔五千元退款，请查收",
    "您的账户已经开通，登录后可以查看借款合同",
    "您的贷款我们已经帮您提交审核了，结果会短信通知",
    "您申请的额度我已经帮您查询过了，目前还在审批中",
    "您的贷款我们已经帮您审批通过了，请在APP签约",
    "您那张还款凭证已经发到您邮箱了，请注意查收",
    "带身份证了吗？带了的话请到三号窗口办理开户",
]


@pytest.fixture(scope="module")
def rules():
    return RULES


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_open_class_flags(rules, category, text):
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
