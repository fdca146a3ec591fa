"""Collection concepts, session 7 (helper coll): a guarantor is a party to the contract, words
someone else said or wrote are reported, a denial reaches across 受到/造成, and abuse addressed to
the borrower is an insult whatever the word; the violations themselves stay blocked."""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules
from loancs.rules_cache import FileRuleCache


@pytest.fixture(scope="module")
def rules():
    return load_rules(cache=FileRuleCache.default())


def _hits(rules, text: str) -> list[tuple[str, str]]:
    return [(h.rule, h.match) for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        # a guarantor signed the contract: notifying them under it is lawful collection
        "按照合同约定，逾期后我们会通知您的担保人",
        "根据担保合同，我们将向保证人发送逾期通知函",
        "您作为保证人，有义务在借款人不还时承担保证责任",
        "As your loan has a co-signer, they will also receive a notice of the missed payment.",
        # what the borrower said or a message wrote, quoted back
        "您说的那个“爆通讯录”我们从来不做",
        "那条短信里说的“今晚派人上门”，是诈骗短信",
        "广告上写着“不还就上门”，那不是我们发的",
        "您说的秒批我们没有",
        # a denial that reaches over 受到 / 造成
        "您孩子上学不会受到任何影响",
        # rumours, someone using our name, "none of"
        "网上流传的“不还钱会被抓”都是谣言",
        "有人打着我们的旗号说要上门，请您务必报警",
        "None of your contacts will be told about the loan.",
        "I'd really not recommend borrowing from friends to pay us.",
        # idioms and our own posts are not third parties or shaming
        "大家都知道年底资金紧张，我们理解",
        "您可以在朋友圈看到我们的防诈骗宣传",
        "您家人帮您还的款已到账",
        # two words in two clauses, a voicemail noun, our own official account
        "逾期不会被抓，您别担心",
        "That text saying \"we'll call your employer\" didn't come from us.",
        "抖音上的官方账号会发布还款优惠活动",
        "与其借网贷还款，不如跟我们申请分期",
        "Please make sure your family knows how to reach you in an emergency.",
        "逾期不构成犯罪，请您不要有心理负担",
        "晚上十一点了，不打扰您休息，明天上午再联系",
        "Your family will know how to reach us.",
        # a bare clock time with nothing to say morning or evening is not read as quiet
        "明天六点我打给你",
        "明天六点我们系统会自动扣款",
    ],
)
def test_lawful_or_reported_collection_talk_passes(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", _hits(rules, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # an emergency contact or a relative beside the guarantor is still a third party
        ("今天不还，我就联系你的担保人和你哥", "zh.collection.third-party"),
        ("我们已经通知了你的紧急联系人", "zh.collection.third-party"),
        ("Your co-signer and your boss will both hear from us.", "en.collection.third-party"),
        # a quote the agent makes their own is not reported
        ("我们会在你家门口写上“欠债不还”四个字，贴满你们小区", "zh.collection.shaming"),
        # calls through the night, a wake-up call in the quiet hours
        ("今晚我会每隔一小时打一次，直到天亮", "zh.collection.quiet-hours"),
        ("凌晨五点我准时叫你起床还钱", "zh.collection.quiet-hours"),
        # abuse addressed to the borrower
        ("你这个没良心的东西，钱借了就不认账", "zh.collection.insult"),
        ("饭桶，这点钱都拿不出来", "zh.collection.insult"),
        ("你可真够下贱的", "zh.collection.insult"),
        ("你脸皮怎么这么厚啊", "zh.collection.insult"),
        ("你的脑子是被狗吃了吗？说了多少遍了", "zh.collection.insult"),
        # a consequence for the borrower, conditional on not paying, whatever the words
        ("再拖一天试试，后果你自己掂量", "zh.collection.threat"),
        ("钱不到位，你会后悔一辈子的", "zh.collection.threat"),
        ("你不还，我们也不会对你客气", "zh.collection.threat"),
        ("If you don't pay, you'll regret it, trust me.", "en.collection.threat"),
        ("Skip this payment and see what happens to you.", "en.collection.threat"),
        # the borrower's information on a public board, a relative reached "for" the borrower
        ("你的头像和欠款金额会出现在我们的“失信榜”上", "zh.collection.shaming"),
        ("要不我们帮你跟你老婆解释一下这笔钱的去向？", "zh.collection.third-party"),
        ("手机上那些借钱的软件随便下一个就行，先把这期平了", "zh.collection.borrow-to-repay"),
        ("我们只能把情况同步给您预留的联系人了", "zh.collection.third-party"),
        (
            "FYI we've already left a voicemail with your mother-in-law.",
            "en.collection.third-party",
        ),
        ("We'll reach your sister at her workplace today.", "en.collection.third-party"),
        ("你的名字明天会上我们公众号的“逾期名单”", "zh.collection.shaming"),
        ("您的身份证号码是 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X", "pii.id-card"),
        ("您好，您的借款已逾期，我们今天下午会联系您的父亲核实情况", "zh.collection.third-party"),
        ("收到，我们凌晨一点再跟您确认一次。", "zh.collection.quiet-hours"),
        ("Cops will be notified by end of day.", "en.collection.threat"),
        ("We'll try you again around 4:30 in the morning.", "en.collection.quiet-hours"),
        # one finding for the same words: the rule listed first of the two that flag them
        ("We'll make sure your kids' school knows about the debt.", "en.collection.third-party"),
        # a bare clock time the sentence places in the morning
        ("明天六点我准时叫你起床还钱", "zh.collection.quiet-hours"),
        ("下班后，十点半我再打给你", "zh.collection.quiet-hours"),
    ],
)
def test_collection_abuse_is_blocked(rules, text: str, rule: str) -> None:
    assert rule in {r for r, _ in _hits(rules, text)}, _hits(rules, text)


# Session 8: scope is structural. A clause whose subject is nobody denies what it says; a 说…的
# clause commented on is a statement about others; a question answered "we only contact you" is
# the borrower's worry; a homophone (拒了你 ~ 拘了你, 你就 ~ 你舅) is not the word.
@pytest.mark.parametrize(
    "text",
    [
        "不会有任何人去您单位找您领导",
        "没有人会在群里发您的欠款信息",
        "No one from our office will ever call your parents.",
        "There's no chance you'll go to jail over a card balance.",
        "说下款比别家快的，十有八九要收前期费用",
        "动不动就说要通知你全家的，基本都是违规催收",
        "那些声称能帮你消除逾期的中介，往往收了钱就消失",
        "你们会找我老婆吗？我们只会联系您本人",
        "被别家拒了你也可以先看看我们的还款计划说明",
        "你就按这个金额还，下个月就结清了",  # a repayment instruction (m7 flagged it: collection 0.92)
        "您这种情况属于轻微逾期，还清后记录会更新",
        "您别担心会被抓，这只是民事纠纷",
        "千万别跟亲戚借钱来还，我们可以申请分期",
        "Will you call my boss? Definitely not.",
        "我们的外访同事会在您公司附近的网点等您签协议",
        "这个事包在我身上，我去问问财务",
        # "a.m." ends no sentence: the warning after it still covers the time
        "Anyone texting you at 1 a.m. about a loan is breaking the rules.",
        "请最晚11点前打给我们",
        "您可以和家人商量后再决定是否借款",
        "催收通知书已发送到您的App消息中心",
        "我们建议您不要通过其他平台借款来还款",
    ],
)
def test_denied_generic_and_echoed_talk_passes(rules, text: str) -> None:
    assert not [h for h in rules.check(text).hits if h.category == "collection"], _hits(rules, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # an implied third party: someone near the borrower brought in to press them
        ("我们打算请你爱人出面，帮我们劝劝你", "zh.collection.third-party"),
        ("我去你表哥厂里问问他你最近在干嘛", "zh.collection.third-party"),
        ("How would your wife react if she heard about this?", "en.collection.third-party"),
        ("Should I ask your landlord where you are?", "en.collection.third-party"),
        ("ok i'll text ur boss then", "en.collection.third-party"),
        # a consequence conditional on not paying, and threats without a condition
        ("再不还，你全家都别想安生", "zh.collection.threat"),
        ("你再装死，别怪我们翻脸", "zh.collection.threat"),
        ("别逼我们动真格的", "zh.collection.threat"),
        ("Pay today, or things will get very ugly.", "en.collection.threat"),
        ("We know people who can make your life hell.", "en.collection.threat"),
        # abuse addressed to the borrower
        ("你就是个吸血鬼", "zh.collection.insult"),
        ("你这种货色也配借钱？", "zh.collection.insult"),
        ("借的时候装孙子，要的时候装大爷", "zh.collection.insult"),
        ("Stop hiding, coward.", "en.collection.insult"),
        # pawning an asset to repay; a push to borrow from a named source
        ("把你的房子拿去抵押，钱不就有了", "zh.collection.borrow-to-repay"),
        ("Why not just borrow it from your mom?", "en.collection.borrow-to-repay"),
        ("Sign up for a lending app and pay us with that.", "en.collection.borrow-to-repay"),
        # a video call in the quiet hours, knocking at night, a child's prospects checked
        ("凌晨一点给你打视频", "zh.collection.quiet-hours"),
        ("We'll come knocking at 2 a.m.", "en.collection.night-visit"),
        ("你女儿以后考编，家长的记录一查就出来", "zh.collection.children"),
        # a third party who talked to us about the borrower; every contact already called
        ("听你邻居说你最近换了工作", "zh.collection.third-party"),
        ("你通讯录里的人我们都打过一轮了", "zh.collection.third-party"),
        ("A deputy will be at your door on Monday.", "en.collection.threat"),
        ("Refuse again and you'll be sorry.", "en.collection.threat"),
        ("Your kids will grow up knowing their father is a cheat.", "en.collection.children"),
        ("信用卡刷出來，先繳我們這期", "zh.collection.borrow-to-repay"),
        ("你脑子有坑吧", "zh.collection.insult"),
        ("You've got no shame.", "en.collection.insult"),
        # formal register: a letter's wording is still contact, shaming or a threat
        ("我司将于明日起联系您的工作单位核实还款能力", "zh.collection.third-party"),
        ("由于联系不上您本人，我们已经致电您的父母", "zh.collection.third-party"),
        ("您的逾期信息将在本平台“失信客户”栏目公示", "zh.collection.shaming"),
        ("您的行为已涉嫌诈骗，我司将报警处理", "zh.collection.threat"),
        ("建议您通过其他渠道筹款，比如向亲友借款", "zh.collection.borrow-to-repay"),
        ("We will publish your name on a list of debtors.", "en.collection.shaming"),
        # clock times written 晚11点, 23点 with 致电, in words, before sunrise
        ("晚11点我再给你打电话", "zh.collection.quiet-hours"),
        ("今天23点我们会再次致电", "zh.collection.quiet-hours"),
        ("I'll ring you at half past five tomorrow morning.", "en.collection.quiet-hours"),
        ("We'll call you at eleven tonight.", "en.collection.quiet-hours"),
        ("We'll call again before sunrise.", "en.collection.quiet-hours"),
    ],
)
def test_implied_parties_consequences_and_abuse_are_blocked(rules, text: str, rule: str) -> None:
    assert rule in {r for r, _ in _hits(rules, text)}, _hits(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        # Cantonese and zh-Hant answers and warnings, read folded
        "我屋企人會唔會知道？唔會",
        "話會報警捉你嘅，都係嚇你",
        "我哋唔會搵你屋企人",
        "Anyone calling your relatives about this debt is not us.",
        # a homophone of a warning word is not one ("一下你的" ~ "吓你的")
        "下午我们去你们学校办理业务，顺便聊一下你的还款计划",
        # someone hypothetical does it: the listener is told what to do then
        "要是有人打给您的家人，请告诉我们",
        "Should anyone contact your relatives, let us know immediately.",
        # the customer's question stays the customer's
        "您问学生能不能借？我们不借给学生",
        # help offered, not heavies sent; "现在借" is not "再借"
        "Someone from our team will find you a better plan.",
        "现在借还送现金红包，借得越多送得越多",
    ],
)
def test_cantonese_denials_and_warnings_pass(rules, text: str) -> None:
    assert not [h for h in rules.check(text).hits if h.category == "collection"], _hits(rules, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Cantonese, folded to Mandarin before the concepts read it
        ("你唔畀錢，我哋就去你返工嗰度搵你老細", "zh.collection.third-party"),
        ("你再唔還，警察好快就會搵上門", "zh.collection.threat"),
        ("叫你屋企人幫你還住先", "zh.collection.borrow-to-repay"),
        ("你係咪冇腦？", "zh.collection.insult"),
        # menace without a condition: the borrower's safety, their movements known
        ("你同我小心啲，出街睇路", "zh.collection.threat"),
        ("你家住哪我们都清楚，自己看着办", "zh.collection.threat"),
        ("We know where you park your car.", "en.collection.threat"),
        ("Something bad is going to happen if we don't see the money.", "en.collection.threat"),
        # a letter to the employer; a kin term not listed before; shown to everyone
        ("贵司员工张某某欠款逾期，特此函告，请协助督促其还款", "zh.collection.third-party"),
        ("你大伯家我们也去坐了坐", "zh.collection.third-party"),
        ("你嘅借據我哋會貼上網，畀大家睇下", "zh.collection.shaming"),
        # the borrower likened to something low, or asked a derogatory question
        ("你就像个无底洞，谁借你谁倒霉", "zh.collection.insult"),
        ("You're about as reliable as a broken clock.", "en.collection.insult"),
        ("What are you, a child? Pay your bills.", "en.collection.insult"),
        ("People like you make me sick.", "en.collection.insult"),
        ("Borrow it from a coworker and send it today.", "en.collection.borrow-to-repay"),
        # "你问你朋友借": asking someone near the borrower for money, not the customer's question
        ("你问你朋友借点，先把这期还了", "zh.collection.borrow-to-repay"),
        ("你嘅欠款相，我哋會放上Facebook", "zh.collection.shaming"),
        ("Are you really this dense?", "en.collection.insult"),
        ("Stop acting like a spoiled kid and pay up.", "en.collection.insult"),
        ("I can have someone pay you a visit you won't forget.", "en.collection.threat"),
        ("Expect us on your doorstep around midnight.", "en.collection.night-visit"),
        # the borrower's livelihood threatened; "not joking" in Cantonese; before dawn
        ("我们有的是办法让你在这个城市混不下去", "zh.collection.threat"),
        ("你搞清楚，我哋唔係同你講笑", "zh.collection.threat"),
        ("天不亮我们就上门", "zh.collection.night-visit"),
        ("你抖音上那些互关的，我们一个个私信", "zh.collection.third-party"),
        (
            "Sell your car or borrow against it, I don't care, just pay.",
            "en.collection.borrow-to-repay",
        ),
        ("What a sorry excuse for a grown man.", "en.collection.insult"),
        ("你孩子的家长群里，明天会收到一条关于你的消息", "zh.collection.children"),
        ("你这工作还想不想要了？想要就赶紧还", "zh.collection.threat"),
    ],
)
def test_cantonese_menaces_and_likenings_are_blocked(rules, text: str, rule: str) -> None:
    assert rule in {r for r, _ in _hits(rules, text)}, _hits(rules, text)


def test_a_cantonese_hit_spans_the_words_typed(rules) -> None:
    # normalize.py folds Cantonese to Mandarin; the hit still spans what was typed
    text = "喂，你唔還錢，我哋就搵你屋企人傾吓"
    hits = [h for h in rules.check(text).hits if h.category == "collection"]
    assert hits, rules.check(text).hits
    for hit in hits:
        assert text[hit.start : hit.end] == hit.match
        assert set(hit.match) <= set(text)
    assert any("屋企人" in h.match or "搵" in h.match for h in hits)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # session 10: a threat by its shape. A loss or danger hanging over what the borrower
        # holds dear, after a condition of not paying or said outright
        ("钱再不到，你那辆摩托车还在不在就难说了，可不好说", "zh.collection.menace"),
        ("你老公每天几点下班，路上安不安全，你自己想想", "zh.collection.menace"),
        ("拖到下个月，你这份工作也就到头了", "zh.collection.menace"),
        ("你间铺头喺边我哋知，你自己谂下", "zh.collection.menace"),
        (
            "If the balance isn't cleared, things will get very unpleasant for you.",
            "en.collection.menace",
        ),
        ("Shame if something happened to that truck of yours.", "en.collection.menace"),
        ("You don't want us to come find you, believe me.", "en.collection.menace"),
        ("It would be a pity if your landlord found out about this.", "en.collection.menace"),
        # a third party as the topic, the contact done; someone reached about the debt
        ("你那个干妹妹，我们已经联系过了", "zh.collection.third-party"),
        (
            "We'll follow up with him tomorrow about your overdue account.",
            "en.collection.third-party",
        ),
        # with no marker character: 老细 (boss) and 听日 (tomorrow) read by context
        ("你老细电话我有，听日打过去问问你笔数", "zh.collection.third-party"),
        # put below a child; a human faculty likened to a lowly thing
        ("连小学生都知道借了要还，你呢", "zh.collection.insult"),
        ("Even a five-year-old knows you pay back what you borrow.", "en.collection.insult"),
        ("You've got the attention span of a fruit fly.", "en.collection.insult"),
        ("A teenager would handle money better than you.", "en.collection.insult"),
        ("I wouldn't park your truck outside tonight if I were you.", "en.collection.menace"),
    ],
)
def test_threat_and_contact_shapes_are_blocked(rules, text: str, rule: str) -> None:
    assert rule in {r for r, _ in _hits(rules, text)}, _hits(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        # the same words as help, sympathy or reported speech
        "你的工作保不住的话，可以申请困难延期",
        "路上小心点，还款的事明天再说",
        "您自己想想哪天方便，我们按您的时间来",
        "Think about your family's budget before you choose a plan.",
        "If you don't pay by Friday, a $15 late fee will be added.",
        "You can drop by any branch before 6 p.m. to pay in cash.",
        "Your daughter's school can request a letter from us confirming your plan.",
        "Your landlord can confirm your address for the hardship form if you'd like.",
        "Even a small payment helps; could you do $50 today?",
        # denied or answered: the school never hears; the caller was the relative
        "Your son's school will never hear from us about this.",
        "Will my daughter's school be told? No, never.",
        "Your father called to ask how he can help; we can only discuss it with you.",
        "We'll email the statement to your home address tonight.",
        # zh-Hant and Cantonese speakers are speakers (the patterns read the original text)
        "網上有人說不還錢就會被抓去坐牢，這是錯誤的",
        "佢話要喺群組公開你嘅資料？呢啲都係違法嘅",
    ],
)
def test_the_same_words_as_help_or_report_pass(rules, text: str) -> None:
    assert not [h for h in rules.check(text).hits if h.category == "collection"], _hits(rules, text)


# Session 11 (coll): roles. A consequence landing on the borrower's stake (whose x what) after a
# condition of not paying is a threat whatever the consequence's words; a third party by relation
# learning of the debt; a borrower's own question, a denial, an offer pass.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("月底前钱凑不齐，你开的那个面馆怕是要换老板了", "zh.collection.menace"),
        ("一直不还款的话，你那套房子住得安不安稳就两说了", "zh.collection.menace"),
        (
            "If the balance isn't paid by Friday, your truck might go missing.",
            "en.collection.menace",
        ),
        ("Pay now or your business will be hearing from us.", "en.collection.menace"),
        ("We'll sit outside your office every day until you pay.", "en.collection.menace"),
        (
            "Your landlord would be interested to know how much you owe.",
            "en.collection.third-party",
        ),
        ("你这种人也就配去要饭", "zh.collection.insult"),
        ("你逃不掉的，换几个城市都一样", "zh.collection.menace"),
        ("我们的兄弟这几天就在你单位门口等你", "zh.collection.menace"),
        ("你的大头照我们会贴满你们小区的电梯", "zh.collection.shaming"),
    ],
)
def test_role_frames_block_fresh_wording(rules, text: str, rule: str) -> None:
    assert rule in [h.rule for h in rules.check(text).hits], _hits(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        "即使您这期还不上，您的家人也不会受到任何影响",
        "如果您下个月不还款，可以先申请延期，您的工作证明我们已收到",
        "We will never threaten your family or your job.",
        "我们从来不让客户去借网贷来还我们",
        "你们会不会打电话给我爸妈？",
        "逾期了会不会影响我孩子上学？",
        "我同学说不还会被拘留，是真的吗？",
        "客户反映有人冒充我们恐吓她家人，我们已经报警处理",
        "We can mail the letter to your office if that's easier for you.",
        "您的订单只配送到小区门口",
        "我们的同事会在你家楼下的网点等你办理",
        "你们会不会联系我公司？我挺担心的",
        "据报道，某催收公司因在小区张贴欠款人照片被处罚",
    ],
)
def test_answers_denials_and_the_borrowers_questions_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", _hits(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        # the customer's own people or a third person telling what happened to them
        "我表姐说催收的人把她的照片发到了家族群里",
        "她说催收半夜一点给她打电话，我们正在核实是不是我们的号码",
        "有人在群里曝光您的欠款，这是违法的，您可以起诉",
        "您不必去借别的钱来还，我们可以先申请延期",
    ],
)
def test_reports_and_warnings_about_abuse_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", _hits(rules, text)


def test_a_relayed_contact_stays_blocked(rules) -> None:
    """ "他说…" only opens a report at the start of a sentence: after our own act it is the
    third party answering us, and the contact is still ours."""
    hits = rules.check("你舅舅的电话我们打通了，他说会劝你还钱").hits
    assert any(h.category == "collection" for h in hits)


# -- session 12 (helper rules): our act aimed at the borrower, with no service in it


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("钱的事你再拖，我们过两天就去你老家看看", "zh.collection.menace"),
        ("不接电话是吧，我们只好亲自上门了", "zh.collection.menace"),
        ("我哋隨時會上嚟搵你，唔好以為走得甩", "zh.collection.menace"),
        ("Go ahead and ignore the calls. We'll track you down.", "en.collection.menace"),
        ("Maybe we should pay you a little visit this weekend.", "en.collection.menace"),
        ("Borrowers who skip town always get found.", "en.collection.menace"),
        # "may not" of a possibility, not of a prohibition
        ("Shame if your van may not be where you parked it tomorrow.", "en.collection.menace"),
        ("Your bike might go missing if the balance stays open.", "en.collection.menace"),
    ],
)
def test_session12_our_act_aimed_at_the_borrower_is_a_threat(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我们的专员明天会去您那边面签，请问几点方便？",
        "合同盖章后我们会把原件寄到你家",
        "我们的人周五会按约定时间上门签署展期协议",
        "We'll find you a payment date that works better.",
        "Collectors may not call you before 8am.",
        "Lost keys usually get found at reception.",
        # the borrower's own question, then their worry
        "不还的话会被抓吗？我很担心",
        "Will someone come to my door? I'm worried.",
        # a modal negator reaches the verb after a 把-object
        "我们绝不会把您的欠款告诉您的同事",
    ],
)
def test_session12_service_visits_questions_and_denials_pass(rules, text: str) -> None:
    hits = [r for r, _ in _hits(rules, text)]
    assert not [r for r in hits if ".collection." in r], (text, hits)


def test_session12_a_bare_negator_before_a_ba_object_is_a_condition(rules) -> None:
    assert "zh.collection.threat" in [r for r, _ in _hits(rules, "你不把钱还上就等着坐牢吧")]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你再不接，我们随时会出现在你面前", "zh.collection.menace"),
        ("The boys are heading your way as we speak.", "en.collection.menace"),
        ("Pay today or expect a visit from us.", "en.collection.menace"),
        ("Changing your number won't keep us away.", "en.collection.menace"),
    ],
)
def test_session12_round3_we_come_to_you(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the borrower asks what we will do to them: no threat, not even by the classifier
        "我要是还不上，你们会不会打电话给我爸？",
        "Are you going to take my car if I can't pay?",
        "Will you call my sister about this?",
        # an errand for the customer, and a courier on the way
        "您的快递我们的师傅会送到您家楼下",
        "Our courier is heading your way with the signed contract.",
    ],
)
def test_session12_the_borrowers_questions_and_errands_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们的外访同事已经在去你家的路上了", "zh.collection.menace"),
        ("Keep it up and we'll be on your doorstep.", "en.collection.menace"),
        ("This time it's a call. Next time it won't just be a phone call.", "en.collection.menace"),
        ("钱你赖不掉，人也逃不了", "zh.collection.menace"),
    ],
)
def test_session12_round4_on_the_way_and_no_escape(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


def test_session12_a_colleague_going_to_a_branch_near_you_is_no_visit(rules) -> None:
    text = "我们的同事下午会去你公司附近的营业厅，顺便帮你签协议"
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们的人今晚就到你店里，你自己掂量", "zh.collection.menace"),
        ("Pay up or you'll hear a knock on your door tonight.", "en.collection.menace"),
        ("Don't act shocked when we turn up at your house.", "en.collection.menace"),
    ],
)
def test_session12_round5_we_turn_up(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "We won't contact your manager or your parents.",
        "快递员明天上午到你公司楼下取件",
        "我们的人明天十点到您店里，已经跟您约了时间",
    ],
)
def test_session12_round5_denials_and_errands_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Pay, or get used to looking over your shoulder.", "en.collection.menace"),
        ("We don't want to have to come down there ourselves.", "en.collection.menace"),
        ("Your neighbour Tom already knows you owe us money.", "en.collection.third-party"),
        (
            "月底前不还，你这个春节就别想安生了",
            "zh.collection.threat",
        ),  # one finding: the first rule
    ],
)
def test_session12_round6_shoulders_and_knowing(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


def test_session12_round6_we_will_not_watch_you_passes(rules) -> None:
    text = "We won't follow you or bother your relatives."
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 13 (helper rules), round 1: consequences left open, other means, no escape (probe13r1/r2;
# each case is other wording than the batches)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("再不还钱，你自己想想后果", "zh.collection.menace"),
        ("一周之后会发生什么我可不敢保证", "zh.collection.menace"),
        ("钱今天必须到账，不然后果你知道的", "zh.collection.menace"),
        ("欠的钱迟早得用别的办法让你还", "zh.collection.threat"),
        ("月底前还不上，你就知道厉害了", "zh.collection.threat"),
        ("躲得过初一，躲不过十五，你自己明白", "zh.collection.threat"),
        ("你全家的住址我们手里都有", "zh.collection.menace"),
        ("出门自己小心，我们不是说笑", "zh.collection.threat"),
        ("Keep dodging us and things could get nasty.", "en.collection.menace"),
        ("We know what car you drive.", "en.collection.menace"),
        ("Your daughter's scholarship could fall through.", "en.collection.children"),
        ("We'll let your whole street know.", "en.collection.third-party"),
        ("Borrow from a friend and clear us by Friday.", "en.collection.borrow-to-repay"),
    ],
)
def test_session13_open_consequences_are_threats(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借款前请想清楚逾期的后果",
        "逾期的后果你清楚吗？",
        "扣款失败的话，只能用别的方式还款",
        "We know your schedule is busy, so autopay helps.",
        'She told us a caller said "we know where your kids go to school".',
    ],
)
def test_session13_advice_questions_and_reports_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 13, round 2 (probe13r3): endurance dared, the last polite word, what cannot be undone,
# nobody escapes us; other wording than the batch


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("这钱你要是一直拖，就看你撑不撑得住", "zh.collection.threat"),
        ("这是最后一次好好跟你讲", "zh.collection.menace"),
        ("再不处理，之后的事不要怪我们", "zh.collection.threat"),
        ("真闹大了，就回不了头了", "zh.collection.menace"),
        ("什么样的老赖我们都收拾过", "zh.collection.threat"),
        ("Pay this week, and no one needs to get hurt.", "en.collection.threat"),
        ("No one runs from us for long.", "en.collection.menace"),
        ("Settle today before things escalate.", "en.collection.menace"),
        ("This is the final polite message you'll get.", "en.collection.menace"),
        ("Your boy's teachers could get a call about this.", "en.collection.children"),
    ],
)
def test_session13_round2_threats_by_implication(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Will my son's school find out about this?",  # the borrower asking about their own child
        "有些事一旦逾期就无法挽回，请按时还款",
        "有些资料今天不交就来不及了",
        "This is your final reminder that your payment is due on Friday.",
    ],
)
def test_session13_round2_own_children_and_reminders_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_session13_subduing_debtors_is_no_approval_promise(rules) -> None:
    """收拾过 is heard like the Cantonese 实过 ("certain to pass"): not in this word."""
    assert not [r for r, _ in _hits(rules, "什么样的老赖我们都收拾过") if ".marketing." in r]


# -- session 13, round 3 (probe13r4): dares, "better not let us find you", patience running out,
# less polite people next, what the borrower has to lose; other wording than the batch


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你最好别跟我们对着干", "zh.collection.threat"),
        ("最好别让我们在你公司堵到你", "zh.collection.threat"),
        ("他们不会再对你客气了", "zh.collection.threat"),
        ("We'll make things very uncomfortable for you, trust me.", "en.collection.threat"),
        ("Our patience has limits, and you've reached them.", "en.collection.menace"),
        ("Think hard: you have everything to lose here.", "en.collection.menace"),
        ("The next caller will be far less polite.", "en.collection.menace"),
        ("We've noted where you work.", "en.collection.menace"),
        ("Your children's future depends on what you do today.", "en.collection.children"),
    ],
)
def test_session13_round3_dares_and_patience(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "请不要让我们查到任何虚假资料",
        "别让我们找不到您，请保持电话畅通",
        "Compare lenders carefully: you have a lot to lose with a bad loan.",
        "So is your address still 12 Park Road?",
    ],
)
def test_session13_round3_requests_and_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 13, round 4 (probe13r5): nice now and not later, the visit held in reserve, more than
# money lost, the child's future weighed against the debt; other wording than the batch


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("现在还客气，下次就没这么客气了", "zh.collection.menace"),
        ("We'd rather sort this out by email than at your front door.", "en.collection.menace"),
        ("Borrowers like you have lost far more than money over less.", "en.collection.menace"),
        ("孩子的前途和这笔债，孰轻孰重你自己想", "zh.collection.children"),
    ],
)
def test_session13_round4_threats_held_in_reserve(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    ["You could lose more than money if you share your PIN.", "今天是好好说的，明天我们再确认合同"],
)
def test_session13_round4_advice_and_plans_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 13, round 5 (precision): the news, the customer's own night, consent, policy frames,
# a whole sentence denied


@pytest.mark.parametrize(
    "text",
    [
        "報紙話有財務公司上門淋紅油，警方已拘捕三人",
        "我昨天上夜班到凌晨，没接到你们的电话",
        "经您授权后，我们才会联系您的紧急联系人",
        "Know your rights: collectors are not allowed to threaten arrest.",
        "We will never come to your home or call your children.",
    ],
)
def test_session13_round5_reports_and_policies_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_session13_round5_a_call_we_announce_at_night_still_blocks(rules) -> None:
    assert "zh.collection.quiet-hours" in [r for r, _ in _hits(rules, "我们今晚十一点再打给你")]


# -- session 13, round 6 (probe13r6): patience at an end (zh), we turn less friendly, no longer a
# phone matter, "don't test us"; other wording than the batch


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("说实话，我们的耐心是有限的", "zh.collection.menace"),
        ("Miss this one and we'll be a lot less friendly.", "en.collection.menace"),
        ("Pay now, before this stops being a phone call.", "en.collection.menace"),
        ("Don't push your luck with us.", "en.collection.threat"),
    ],
)
def test_session13_round6_patience_and_friendliness_running_out(
    rules, text: str, rule: str
) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


def test_session13_round6_thanks_for_patience_passes(rules) -> None:
    assert rules.check("感谢您的耐心等待，我们正在处理").verdict == "ok"


# -- session 13, round 7 (probe13r7): tougher people handled, who comes knocking, "this to get
# ugly", 把你带走; our own HR is no third party


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We've handled far tougher customers than you.", "en.collection.menace"),
        ("Skip another payment and see who comes knocking.", "en.collection.menace"),
        ("You don't want this to get ugly.", "en.collection.menace"),
        ("派出所明天来人，把你带走", "zh.collection.threat"),
    ],
)
def test_session13_round7_handled_and_knocking(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


def test_session13_round7_our_own_hr_is_no_third_party(rules) -> None:
    hits = [r for r, _ in _hits(rules, "我们公司人事明天会把收入证明寄给您")]
    assert "zh.collection.third-party" not in hits, hits


# -- session 13, round 8 (probe13r8): good words used up, someone else next time, not wanting it to
# grow, passing by the child's school, done being nice, what happens next is on you


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("好话都说尽了，出了事你自己负责", "zh.collection.threat"),
        ("这次不还，下次就不是我来找你了", "zh.collection.threat"),
        ("我们也不想把事情搞大，你明白吧", "zh.collection.threat"),
        ("你儿子的学校就在附近，我们顺便过去看看", "zh.collection.children"),
        ("We're done playing nice with you.", "en.collection.menace"),
        ("What happens next is all on you.", "en.collection.menace"),
    ],
)
def test_session13_round8_last_words_and_someone_else(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text", ["What happens next is up to you: choose a plan.", "您的密码请您自己负责保管"]
)
def test_session13_round8_choices_and_duties_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 13, round 9 (probe13r9): chances given, a long reach, now it gets worse, a committee
# that would love to hear; "we'll never discuss it with your church" is a denial


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("别怪我们没给过你机会", "zh.collection.threat"),
        ("Now things get a lot harder for you.", "en.collection.menace"),
        ("We have a long reach, remember that.", "en.collection.threat"),
        (
            "Your son's college admissions office would love to hear about this.",
            "en.collection.children",
        ),
    ],
)
def test_session13_round9_chances_and_reach(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "It gets harder for you to qualify if you miss payments.",
        "We will never talk about your account with your neighbours or your church.",
    ],
)
def test_session13_round9_advice_and_denials_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- probe14 round 1 (probe14r1, r2): a threat split by a full stop (the belief of escape and
# its answer; patience, then its end; a found address, then a compliment), force and no choice,
# people who cross us, our own way, how fast we can be at your door


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你以为换了手机号就没事了？我们有的是办法找到你。", "zh.collection.menace"),
        ("你非要逼我们的话，那就别怪我们了", "zh.collection.menace"),
        ("唔還錢？你試試看會怎樣。", "zh.collection.menace"),
        (
            "We have been very patient with you so far. That stops this week.",
            "en.collection.menace",
        ),
        ("We've tracked down your new flat in Leeds. Lovely street.", "en.collection.menace"),
        ("Anyone who crosses us ends up regretting it.", "en.collection.menace"),
        ("Settle up, or we'll handle this our own way.", "en.collection.menace"),
        ("Our people can be outside your house within the hour.", "en.collection.menace"),
    ],
)
def test_probe14_round1_split_and_implied_threats(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "别以为逾期了就完了。我们有办法帮您调整还款计划，请来电。",
        "We've been patient with the paperwork. That's fine, take your time.",
        "We can be reached at your convenience by phone or email.",
        '有人说"今晚去你家"，你可以即刻报警',
    ],
)
def test_probe14_round1_help_and_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- probe14 round 2 (probe14r3): a choice now and none later, no more calls then a meeting, pray
# we don't find you, a compliment on the spouse then "does she know", kids walking home alone, a
# notice for the office board; a guarantor named in apposition is told under the contract


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你现在还有得选，过两天就由不得你了", "zh.collection.menace"),
        ("我们不会再给你打电话了。见面再说吧。", "zh.collection.menace"),
        ("You still have options this week. Soon you won't.", "en.collection.menace"),
        ("We're through being nice with you.", "en.collection.menace"),
        ("Your partner seems nice. Does she know what you owe?", "en.collection.menace"),
        ("Your son walks home alone after football, doesn't he?", "en.collection.children"),
        (
            "We're posting a notice about you on the community bulletin board.",
            "en.collection.shaming",
        ),
    ],
)
def test_probe14_round2_choices_meetings_and_kin(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "您舅舅作为担保人，我们已按合同通知他",
        "As the guarantor, your brother received the overdue notice under the loan agreement.",
        "我们不会再打电话打扰您了，有需要请在APP里留言",
    ],
)
def test_probe14_round2_guarantor_and_quiet_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_probe14_round2_guarantor_and_brother_still_blocks(rules) -> None:
    """Only a third party named as the guarantor is excused, not one beside the guarantor."""
    assert "zh.collection.third-party" in [r for r, _ in _hits(rules, "担保人和你哥我们都会通知")]


# -- probe14 round 3 (probe14r4): what you may dodge, then what you cannot ("you can block our
# number. You can't block us."), a deadline then "out of our hands", "see you soon. Count on it",
# your car then "would be a shame", a child's timetable, "say hi to your little girl"; a quoted
# threat called a threat is a mention


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("微信你可以拉黑。家你总要回吧，总得回家。", "zh.collection.menace"),
        ("You can ignore our letters. You can't hide from us.", "en.collection.menace"),
        ("You have until Monday. After that it's out of our hands.", "en.collection.menace"),
        ("We'll see you soon. You can count on it.", "en.collection.menace"),
        (
            "Your house has a lovely garden. It'd be a shame if anything happened.",
            "en.collection.menace",
        ),
        ("你儿子的篮球课几点下课，我们都知道", "zh.collection.children"),
        ("Say hello to your son for us.", "en.collection.children"),
    ],
)
def test_probe14_round3_dodges_deadlines_and_timetables(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        '"You can\'t hide from us" is a threat, and it is illegal: report it.',
        "You can hang up at any time. We'll send the details by email instead.",
        "You have until Monday to send the documents; after that the offer lapses.",
    ],
)
def test_probe14_round3_mentions_and_deadlines_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- probe14 round 4 (probe14r5): "this time a call, next time maybe not", a cafe near your work we
# often visit, a relative's working hours asked after, "you moved twice. We found you twice",
# "sleep well. While you still can", a relative's house we drove past


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("现在只是打电话，以后就不一定是电话了", "zh.collection.menace"),
        ("你单位门口那家面馆，我们经常去", "zh.collection.menace"),
        ("你老公几点下班？我们想跟他聊聊", "zh.collection.threat"),
        ("You changed your number. We found you anyway.", "en.collection.menace"),
        ("Enjoy your weekend. While you still can.", "en.collection.menace"),
        ("Your sister's place looks nice. We drove by it this morning.", "en.collection.menace"),
    ],
)
def test_probe14_round4_next_time_haunts_and_hours(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "这次是电话提醒，下次我们会发短信",
        "不要拿网贷去还信用卡，有困难请联系我们",
        "Apply while you still can: the offer ends on Friday (APR 19.9%).",
    ],
)
def test_probe14_round4_reminders_and_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- "by any means" between a modal negator and the verb still denies it (model's probe14d1/d3
# false alarms): 我们不会以任何形式向您的联系人透露; a threat made "by any means" still blocks


@pytest.mark.parametrize(
    "text",
    [
        "我们不会以任何形式向您的联系人透露借款信息",
        "我们不会在任何情况下联系您的单位或家人",
        "FAQ：我们不会通过任何渠道向您的亲友透露您的借款信息",
    ],
)
def test_by_any_means_denials_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_by_any_means_without_a_negator_still_blocks(rules) -> None:
    hits = [r for r, _ in _hits(rules, "你不还的话，我们会以任何方式联系你的家人")]
    assert "zh.collection.third-party" in hits


# -- probe14 round 5 (probe14r6): escape idioms (跑得了一时，跑不了一世), "pick the one you'd miss
# most", "we get a little closer", a child's practice times, a copy sent to the landlord, "a home visit"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你躲得了一时，躲不了一世", "zh.collection.menace"),
        ("你自己挑一个你最在乎的人吧", "zh.collection.menace"),
        ("Each week you wait, we're getting closer.", "en.collection.menace"),
        ("Your son's football training ends at five, doesn't it?", "en.collection.children"),
        (
            "We forwarded a copy of your arrears letter to your landlord.",
            "en.collection.third-party",
        ),
        ("You really don't want this to become a house call.", "en.collection.menace"),
    ],
)
def test_probe14_round5_idioms_closeness_and_copies(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- probe14 round 6 (probe14r7): "the money can wait, people can't", someone else will remind
# you, "we know where to find you", "you've made this personal", "the worse it gets for you",
# neighbours who'd love to meet us


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("钱可以等，人不一定等得起", "zh.collection.menace"),
        ("你不还也行，会有人替我们提醒你的", "zh.collection.menace"),
        ("Stop answering if you like. We know how to find you.", "en.collection.menace"),
        ("You made it personal when you lied to us.", "en.collection.menace"),
        ("Every week you stall, the worse it will be for you.", "en.collection.menace"),
        ("Your neighbours look nice. They'd love to hear from us.", "en.collection.menace"),
    ],
)
def test_probe14_round6_people_finding_and_neighbours(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


def test_probe14_round6_interest_that_builds_passes(rules) -> None:
    text = "The longer you wait to call us, the more interest builds up; call today and we'll help."
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- probe14 round 7 (probe14r8): handed to others next month, "you've seen what we can do",
# partners less patient than us, polite ways running out, a child's school "easy to find", news
# of a child then "pay today", a congregation told


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("再拖下去，就轮到别人来跟你谈了", "zh.collection.menace"),
        ("我们的手段，你是领教过的", "zh.collection.menace"),
        ("We're reasonable people, but our associates aren't.", "en.collection.menace"),
        ("Pay now, before we run out of nice ways to ask.", "en.collection.menace"),
        ("你家老大在哪个学校，学校一查就知道", "zh.collection.children"),
        (
            "We heard your daughter got into college. Well done. Pay today.",
            "en.collection.children",
        ),
        ("Your parish will hear all about this.", "en.collection.third-party"),
    ],
)
def test_probe14_round7_others_partners_and_news(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- probe14 round 8 (probe14r9): "not scaring you, reminding you", check who's parked outside,
# "we'd hate for your employer to get the wrong idea", "our last phone call", a child's lesson
# "noted", strangers at the school gate; a modal negator before a place gone to denies the visit


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们不是在吓你，是为你好，提醒你一下", "zh.collection.menace"),
        ("Look out your window tonight, just saying.", "en.collection.menace"),
        ("We'd hate for your landlord to find out about this.", "en.collection.menace"),
        ("This is our last call. Think about that.", "en.collection.menace"),
        ("你儿子周六上午的游泳课，我们都记住了", "zh.collection.children"),
        ("Strangers hanging around the school can scare a child.", "en.collection.children"),
    ],
)
def test_probe14_round8_reminders_windows_and_lessons(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我們不會到您的學校或單位找您",
        "我们不会去您公司找您，请放心",
        "我们不是在催您，只是提醒一下还款日",
    ],
)
def test_probe14_round8_places_not_gone_to_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_probe14_round8_a_bare_negator_before_a_place_is_a_condition(rules) -> None:
    hits = [r for r, _ in _hits(rules, "你不还钱，我们就去你单位找你")]
    assert any(r.startswith("zh.collection.") for r in hits), hits


# -- probe14 round 9 (probe14r10): a plate "noted" then "careful when you park", things that cannot
# be stopped once begun, waiting with a limit, a file on you, the people we send next, smart guys pay


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你的电动车我们记住了，骑车的时候当心点", "zh.collection.menace"),
        ("有些事情一旦开始，就收不住了", "zh.collection.menace"),
        ("我们可以等，但等也有期限", "zh.collection.menace"),
        ("We have a file on you now, and it keeps growing.", "en.collection.menace"),
        ("Whoever we send next won't be calling first.", "en.collection.menace"),
        ("Smart people pay on time. Be smart.", "en.collection.menace"),
        ("We're sharing your details with your club's group chat.", "en.collection.shaming"),
    ],
)
def test_probe14_round9_notes_files_and_next_people(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- session 14 round 1 (probe15r1): a modal negator before the person a thing is done to or with
# (我们不会向您的亲属透露) denies the verb after them; an official notice (警方通报：…) reports;
# the borrower's place named, then how easy it is to find; our field people "you'll meet soon";
# "uncomfortable for people who ignore us"; a child's school "interested in" the debt


@pytest.mark.parametrize(
    "text",
    [
        "我们不会向您的父母或朋友透露这笔欠款",
        "我們不會對您的同事提及任何借款信息",
        "警方通报：某公司因在借款人小区张贴欠款人照片被处罚",
        "监管通报：一家催收机构因冒充警察上门恐吓借款人被查处",
    ],
)
def test_probe15_round1_denials_with_an_object_and_official_notices_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_probe15_round1_a_bare_negator_before_an_object_is_a_condition(rules) -> None:
    hits = [r for r, _ in _hits(rules, "你不还钱，我们就向你父母透露你的欠款")]
    assert any(r.startswith("zh.collection.") for r in hits), hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你上班的那栋大厦，十二楼？不难找", "zh.collection.menace"),
        ("Our recovery agents can be very persuasive in person.", "en.collection.menace"),
        ("Life tends to get ugly for people who stop answering our calls.", "en.collection.menace"),
        ("Your daughter's school would love to know about this.", "en.collection.children"),
    ],
)
def test_probe15_round1_places_people_and_schools_are_menace(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- session 14 round 2 (probe15r2): how it ends if they do not pay (脸上不好看, 把路走绝, 软的不吃吃
# 硬的, the easy way or the other way), someone else's hands after a deadline, "after we visit
# people remember", dropping in on the neighbours, waiting at the school gate, a contact held and
# offered as a greeting; a contact held then denied use passes the third-party rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("别逼我们来硬的，软的不吃吃硬的是吧", "zh.collection.menace"),
        ("过了今晚，这事我就帮不了你了", "zh.collection.menace"),
        ("我们的人一上门，大家都想起来还钱了", "zh.collection.menace"),
        ("We'd rather do this the nice way or the hard way — your call.", "en.collection.menace"),
        (
            "Funny how debts get paid once we show up. People suddenly find the money.",
            "en.collection.menace",
        ),
        (
            "Your landlord seems nice. We'll drop by and say hello to them.",
            "en.collection.third-party",
        ),
        ("We'll be parked outside the school when classes finish.", "en.collection.children"),
        ("你丈母娘的微信我这儿有，要不要我替你问候问候？", "zh.collection.third-party"),
    ],
)
def test_probe15_round2_endings_handovers_and_visits(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Our field team can visit by appointment; you'll meet them at the branch.",
        "我们上门之后，您可以当面签署还款协议",
        "您可以和家人聊聊还款计划",
    ],
)
def test_probe15_round2_service_visits_and_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_probe15_round2_a_contact_held_then_denied_use_is_no_third_party_contact(rules) -> None:
    hits = [r for r, _ in _hits(rules, "您表哥的电话我们存着，但不会联系他")]
    assert "zh.collection.third-party" not in hits


# -- session 14 round 3 (probe15r3): news of someone else's sanction (某…因…被拘留) reports it; an
# escape tried then dared or mocked, "you'll learn what trouble means", no debt we could not
# collect, tougher people than you, each unpaid day we learn more, closed offices but not us,
# "ready to go inside"


@pytest.mark.parametrize(
    "text",
    [
        "一名催收员因冒充法院工作人员恐吓借款人被依法刑事拘留",
        "日前，某贷款公司因在借款人小区张贴照片被罚款十万元",
    ],
)
def test_probe15_round3_news_of_a_sanction_passes(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_probe15_round3_a_sanction_named_to_the_listener_still_blocks(rules) -> None:
    hits = [r for r, _ in _hits(rules, "你因为恶意拖欠，很快会被拘留")]
    assert "zh.collection.threat" in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你要是觉得拉黑就没事了，那就试试", "zh.collection.menace"),
        ("再拖着不还，你就知道什么叫后悔了", "zh.collection.menace"),
        ("我们干催收这么多年，从没碰到过要不回来的钱", "zh.collection.menace"),
        ("别人都下班了，我们可不下班", "zh.collection.menace"),
        ("Blocked us on WhatsApp? Adorable.", "en.collection.menace"),
        ("We've dealt with harder men than you.", "en.collection.menace"),
        ("The longer you ignore this, the more we find out about you.", "en.collection.menace"),
        ("Banks are closed at the weekend. We're not.", "en.collection.menace"),
    ],
)
def test_probe15_round3_dares_boasts_and_watching(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- session 14 round 4 (probe15r4): sleep taunted then "we think of you", people to spare, family
# dragged in, "we find anyone", the next contact won't be a message, a compliment then "be a shame",
# kids talk at school; a scam's name (贷款诈骗话术) in a warning is no threat of jail


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("晚上还睡得着吗？我们可天天想着你", "zh.collection.menace"),
        ("我们人多的是，一个一个轮着来找你", "zh.collection.menace"),
        ("你也不想把家人拖下水吧", "zh.collection.menace"),
        ("你再能躲我们也找得到你", "zh.collection.menace"),
        ("这次是短信，下次就不止打电话了", "zh.collection.menace"),
        ("Delete this and the next one won't be a text.", "en.collection.menace"),
        ("Nice house. It'd be a shame to drag your family into this.", "en.collection.menace"),
        (
            "Children talk. You don't want them hearing about this from a classmate.",
            "en.collection.children",
        ),
    ],
)
def test_probe15_round4_taunts_and_escalation(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "“保证下款，先交手续费”是常见的贷款诈骗话术，请勿相信",
        "我们有的是耐心，也有的是时间陪您慢慢规划",
        "Kids learn about money at school; you'll be hearing about our literacy programme.",
    ],
)
def test_probe15_round4_warnings_and_patience_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 14 round 5 (probe15r5): whatever you keep doing we keep coming, we can wait and you
# cannot, patience that costs, a compliment then what could break, a relative's pick-up time


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你尽管继续躲，我们奉陪到底", "zh.collection.menace"),
        ("我们等得起，你等不起", "zh.collection.menace"),
        ("你这店面不错，就是玻璃多了点", "zh.collection.menace"),
        ("Time is on our side, but you don't have much left.", "en.collection.menace"),
        ("Nice restaurant. Hope it's insured.", "en.collection.menace"),
        ("Our patience has a price, and it's going up.", "en.collection.menace"),
        ("Your husband picks the kids up at four, doesn't he?", "en.collection.children"),
    ],
)
def test_probe15_round5_waiting_patience_and_fragile_things(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "We're in no hurry. Do you need more time to read the agreement?",
        "That's a nice shop you run — would you like a business account?",
        "我们不急，您方便的时候再回电就好",
    ],
)
def test_probe15_round5_unhurried_service_passes(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 15 round 1 (probe16r1): "see how long you can hide" dares, borrowing elsewhere to
# clear the balance


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我倒要看看你能拖到什么时候", "zh.collection.menace"),
        ("See how far you get hiding from us.", "en.collection.menace"),
        (
            "Take a cash advance from another app and clear the balance with us.",
            "en.collection.borrow-to-repay",
        ),
    ],
)
def test_probe16_round1_dares_to_hide_and_clearing_the_balance(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "看看你能在几号之前还款，我们帮您登记",
        "Let's see how far you get with the budgeting app.",
        "看你能不能跑一趟网点办理",
    ],
)
def test_probe16_round1_plans_and_errands_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 15 round 2 (probe16r2): a move mocked as useless; "guess who we call next?" is a threat
# the speaker answers, not a question that excuses it


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("搬几次都没用，我们总会找到你", "zh.collection.menace"),
        ("猜猜我们会先找谁？", "zh.collection.menace"),
        ("Guess whose door we'll knock on next?", "en.collection.menace"),
    ],
)
def test_probe16_round2_useless_moves_and_guessing_games(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我们知道你搬到哪了，新地址已更新，账单会寄过去",
        "Guess what? Your payment went through.",
        "你猜这次能批吗？",
    ],
)
def test_probe16_round2_address_updates_and_plain_guesses_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 15 round 3 (probe16r3): "while we're still asking nicely", housemates' numbers; an
# English unless that holds a matched term and more words ("on file for the contract") excuses it


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Better pay while we're still asking nicely.", "en.collection.menace"),
        ("We've got your housemates' numbers as well.", "en.collection.third-party"),
    ],
)
def test_probe16_round3_polite_for_now_and_housemates(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "We have your parents' address on file for the contract.",
        "We've got your landlord's details from the tenancy reference you gave.",
    ],
)
def test_probe16_round3_details_kept_on_record_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 15 round 4 (probe16r4): "we have the time and the people"


def test_probe16_round4_time_and_manpower_is_a_menace(rules) -> None:
    text = "我们有的是时间和人手，你自己看着办"
    assert "zh.collection.menace" in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- session 15 round 5 (probe16r5): "we can outlast you"; 也在那个学校 (also at that school) is not
# "we know where" (那 is not heard as 哪)


def test_probe16_round5_we_can_outlast_you(rules) -> None:
    text = "我们跟你拖得起，你呢"
    assert "zh.collection.menace" in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


def test_probe16_round5_also_at_that_school_is_not_a_rule_hit(rules) -> None:
    text = "你女儿读几年级了？我家孩子也在那个学校"
    assert "zh.collection.children" not in [r for r, _ in _hits(rules, text)]


# -- session 15 round 6 (probe16r6): "hide all you like, we'll play along", "done being nice"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你尽管躲，我们陪你慢慢玩", "zh.collection.menace"),
        ("We're done asking nicely.", "en.collection.menace"),
    ],
)
def test_probe16_round6_playing_along_and_no_more_nice(rules, text: str, rule: str) -> None:
    assert rule in [r for r, _ in _hits(rules, text)], rules.check(text).to_dict()


# -- session 16 round 1 (probe17r1): "we know your way to work", the borrower's own police report


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你回家那条路，我们的人已经走了好几遍，熟得很", "zh.collection.threat"),
        ("你每天几点出门，我们心里门清", "zh.collection.threat"),
        ("We've gotten to know your commute pretty well.", "en.collection.threat"),
        ("Our guys know your route home by heart.", "en.collection.threat"),
        ("再不还，我就报警说你诈骗", "zh.collection.threat"),
        ("你再躲我就报警让警察抓你", "zh.collection.threat"),
    ],
)
def test_probe17_round1_known_routes_and_collector_police_reports(
    rules, text: str, rule: str
) -> None:
    assert rule in [h.rule for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "你们再打我电话我就报警",
        "你們再騷擾我，我就報警",
        "我会报警的，你们别再来我家了",
        "你们催收员说要去我孩子学校，我已经报警了",
        "我要报警，你们的人一直在我家楼下",
        "Stop harassing me or I'll report you to the police.",
        "If you contact my employer again I'm calling the police.",
        "Your agent threatened me, so I've filed a police report.",
    ],
)
def test_probe17_round1_a_borrower_going_to_the_police_is_a_complaint(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 16 round 2 (probe17r2): "no debt gets away", a compliment on what the borrower has,
# someone who could "help", flyers for the whole estate; the authorities acting in the news


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("干我们这行的，还没遇到过要不回来的钱", "zh.collection.menace"),
        ("欠我们的钱，没有一个跑得掉的", "zh.collection.menace"),
        ("Nobody walks away from a debt with us, one way or another.", "en.collection.menace"),
        ("Lovely little house you've got there.", "en.collection.menace"),
        ("Nice car. Keep it in one piece, pay what you owe.", "en.collection.menace"),
        ("你每天见了谁、去了哪，我们都盯着", "zh.collection.threat"),
        ("Your bank manager might help us get through to you.", "en.collection.third-party"),
        ("We'll put posters of you on every lamppost in town.", "en.collection.shaming"),
        ("警方会抓捕你", "zh.collection.threat"),
        ("公安会依法处罚您，等着吧", "zh.collection.threat"),
    ],
)
def test_probe17_round2_boasts_compliments_helpers_and_flyers(rules, text: str, rule: str) -> None:
    assert rule in [h.rule for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "多地公安打击暴力催收，抓获犯罪嫌疑人四十余名",
        "报道：某地警方捣毁一个专门张贴欠款人照片的催收团伙",
        "快讯：某催收公司员工威胁借款人家属被刑拘",
        "What a lovely family photo on your profile! Your loan documents are ready.",
        "We always get back to you within one business day.",
        "Your landlord's reference letter has been uploaded, thank you.",
        "The flyer for our branch opening is attached.",
    ],
)
def test_probe17_round2_news_of_the_authorities_and_friendly_service_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 16 round 3 (probe17r3): "we saw you out", sentencing talk, children watching the
# bailiffs, borrow from family to clear us; a reported insult and the borrower's own worry pass


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Our guys saw you at the casino last night. Small world.", "en.collection.menace"),
        ("兄弟们昨晚在酒吧看见你了，地方就这么大", "zh.collection.menace"),
        ("你这属于诈骗罪，判几年你自己算", "zh.collection.threat"),
        ("Imagine explaining to your kids why the bailiffs are here.", "en.collection.children"),
        ("Ask your folks for a loan and pay this off today.", "en.collection.borrow-to-repay"),
        ("信用卡还有额度吧，先提现出来转给我们", "zh.collection.borrow-to-repay"),
        ("Your name is going up on our public wall tomorrow.", "en.collection.shaming"),
        ("You're a deadbeat, and everyone knows it.", "en.collection.insult"),
    ],
)
def test_probe17_round3_seen_out_sentences_bailiffs_and_family_loans(
    rules, text: str, rule: str
) -> None:
    assert rule in [h.rule for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "Your collector called me a deadbeat. That's unacceptable.",
        "The agent labelled me a scammer on the phone, I want to complain.",
        "他们催收员骂我是老赖，太过分了",
        "我村口被贴了欠款公示，是不是你们干的？",
        "不还的话会不会影响我孩子以后考公？",
        "逾期会不会影响孩子读书？",
        "We saw you updated your address, thank you.",
    ],
)
def test_probe17_round3_reported_insults_and_the_borrowers_worries_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 16 round 4 (probe17r4): escalation past letters, a new number already found, the
# adults around the children; news of someone else's sanction in English passes


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We're not like the bank, we don't keep sending polite letters.", "en.collection.menace"),
        ("下次来的就不是我了，他们可没我这么好说话", "zh.collection.menace"),
        ("Changed your number? We already have the new one.", "en.collection.menace"),
        ("以为搬了家就没事？你的新地址我们已经有了", "zh.collection.menace"),
        ("We'll be popping by your workplace on Monday.", "en.collection.third-party"),
        ("再拖下去，等着被拘留吧", "zh.collection.threat"),
        # (session 35: a third party by any role told about the debt, english 2b461016: the coach
        # is that, and the block is the same)
        ("Your son's coach has heard from us about this.", "en.collection.third-party"),
        ("The whole street will know you were arrested.", "en.collection.threat"),
    ],
)
def test_probe17_round4_escalation_new_numbers_and_the_childrens_adults(
    rules, text: str, rule: str
) -> None:
    assert rule in [h.rule for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "A collection agency was fined for posting debtors' names on TikTok.",
        "Two debt collectors were jailed for threatening a borrower's family.",
        "Changed your number? Please update it in the app so we can reach you.",
        "你的新号码已登记，以后提醒会发到新号码",
        "We're not a bank, we're a licensed consumer lender.",
    ],
)
def test_probe17_round4_english_news_and_new_numbers_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 16 round 5 (probe17r5): taunts about "only calling", a breaking point, a relative
# already reached; the borrower quoting our people passes


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你以为我们就只会发短信？", "zh.collection.menace"),
        ("You think we only call? Think again.", "en.collection.menace"),
        ("Everyone has a weak spot. We always find it.", "en.collection.menace"),
        (
            "Your brother answered when we called. Nice chat. We'll ring him again.",
            "en.collection.third-party",
        ),
        ("你的英雄事迹明天全村都会知道", "zh.collection.third-party"),
    ],
)
def test_probe17_round5_taunts_weak_spots_and_relatives_reached(
    rules, text: str, rule: str
) -> None:
    assert rule in [h.rule for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "你们的人说今晚十个人在我楼下等，我已经报警了",
        "你们的催收说要去我单位闹，我已经录音了",
        "會唔會有人上門？唔會，我哋只會打電話",
        "If debt is pushing you to breaking point, call our hardship line.",
        "Your brother picked up the documents on your behalf, thanks.",
        "优秀员工光荣事迹展，欢迎参观",
    ],
)
def test_probe17_round5_quoted_collectors_and_hardship_lines_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# -- session 16 round 6 (probe17r6): "don't make us come in person", a turn for the worse unless
# paid, friends with money; the borrower's complaint about a post passes


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("别逼我们上门，到时候可就不好看了", "zh.collection.menace"),
        ("Don't let this get ugly. Pay up today.", "en.collection.menace"),
        ("Surely you have mates with money. Hit them up.", "en.collection.borrow-to-repay"),
        ("We'll post your name and debt on your company's Facebook page.", "en.collection.shaming"),
    ],
)
def test_probe17_round6_in_person_ugly_turns_and_friends_with_money(
    rules, text: str, rule: str
) -> None:
    assert rule in [h.rule for h in rules.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "Someone from your company posted about my debt in our community group. Take it down.",
        "Someone from your company called my neighbour about my debt. Delete my details.",
        "If bills get ugly, call us and we'll set up a payment plan.",
    ],
)
def test_probe17_round6_the_borrowers_complaints_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We know which school little Emma goes to.", "en.collection.threat"),
        (
            "You've got a nice job at the bank. Let's keep it that way, yeah?",
            "en.collection.menace",
        ),
        ("孩子放学一个人走路回家，你放心吗？", "zh.collection.children"),
    ],
)
def test_probe18_round1_a_school_a_job_and_a_child_walking_home(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your wife works at the clinic on Baker Street, right? Small town.",
            "en.collection.menace",
        ),
        ("Funny how quickly news travels in a small office like yours.", "en.collection.menace"),
        ("We've been patient. The people we hand this to next won't be.", "en.collection.menace"),
        (
            "Every one of your LinkedIn contacts gets a message about this debt tomorrow.",
            "en.collection.shaming",
        ),
        ("你那工作来之不易吧？别因为这点钱丢了", "zh.collection.menace"),
        ("你份工都唔易搵，唔好為咗呢啲錢搞到冇咗", "zh.collection.menace"),
    ],
)
def test_probe18_round2_a_relatives_workplace_news_travelling_and_a_job_lost(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Nobody wants a scene outside the school gates, do they?", "en.collection.menace"),
        (
            "You're a teacher, right? Parents wouldn't love hearing about this.",
            "en.collection.third-party",
        ),
        (
            "Maybe your brother would like to cover it, shall I ask him?",
            "en.collection.third-party",
        ),
        ("你返工嗰條路我哋行過好多次，好熟", "zh.collection.menace"),
        ("你仔女仲細，做阿爸嘅唔好搞到佢哋擔驚受怕", "zh.collection.children"),
    ],
)
def test_probe18_round3_a_scene_at_the_gates_who_would_hear_and_the_route_to_work(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


def test_probe18_round3_court_news_of_a_posted_debt_passes(rules) -> None:
    text = "法院判决：某公司催收人员在借款人单位张贴欠款信息，构成侵权"
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Shame about what happened to the last guy who stopped picking up. Anyway, pay by Friday.",
            "en.collection.menace",
        ),
        ("I'd think very carefully about your next move. Very carefully.", "en.collection.menace"),
        (
            "We know your daughter plays netball on Saturdays. Lovely team.",
            "en.collection.children",
        ),
        (
            "Your emergency contact, Linda, has been very helpful so far. Shall we keep chatting "
            "with her?",
            "en.collection.third-party",
        ),
    ],
)
def test_probe18_round4_the_last_guy_a_next_move_a_weekend_game_and_a_helpful_contact(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Eh, you think you can hide ah? We know your mother stay at Tampines.",
            "en.collection.threat",
        ),
        ("Remember, we're not the only ones who know where you live.", "en.collection.menace"),
        ("It's a small island. People find each other.", "en.collection.menace"),
        (
            "Your boy's bus stop is right outside our office. Small world, huh.",
            "en.collection.children",
        ),
        ("你单位那个小区我们熟得很保安都认识", "zh.collection.menace"),
        ("你爹妈在老家种地不容易吧别让他们操心", "zh.collection.menace"),
    ],
)
def test_probe18_round5_a_mother_in_tampines_people_find_each_other_and_parents_back_home(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Last warning before this gets handed to people who don't send texts.",
            "en.collection.menace",
        ),
        ("Funny thing about debts, they follow you home.", "en.collection.menace"),
        (
            "Your profile picture would look great on our defaulters page.",
            "en.collection.shaming",
        ),
        (
            "Your HR manager seemed very interested when I explained the situation.",
            "en.collection.third-party",
        ),
        ("你女儿那所幼儿园的老师挺好说话的", "zh.collection.children"),
    ],
)
def test_probe18_round6_people_who_dont_text_a_defaulters_page_and_a_chatty_teacher(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your van is still parked outside the depot, isn't it? Stay safe.",
            "en.collection.menace",
        ),
        (
            "The lads were asking after you again. I said give him a few more days.",
            "en.collection.menace",
        ),
        (
            "We know you get home around midnight. Nobody around at that time, is there?",
            "en.collection.menace",
        ),
        (
            "We've got plenty of time and plenty of people. You have neither.",
            "en.collection.menace",
        ),
        ("They do house calls. Late ones.", "en.collection.menace"),
        ("You have until Friday. After that, it's out of my hands.", "en.collection.menace"),
        ("你每天晚上十点才下班，路上小心点。", "zh.collection.menace"),
        ("弟兄们都在问你的事。我再给你一天。", "zh.collection.menace"),
        ("兄弟们一直在打听你。再给你三天。", "zh.collection.menace"),
        ("你住的那个小区门口，我哋得闲上来坐坐。", "zh.collection.menace"),
    ],
)
def test_probe19_round1_what_we_know_of_you_then_a_veiled_warning_in_the_next_sentence(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "你们的人说会去我家楼下等我，我已经报咗警。",
        "Your collector said he knows where my kids go to school and told me to be careful. I'm reporting this.",
    ],
)
def test_probe19_round1_a_borrower_reporting_the_threat_passes(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Saw your wife at the school gates this morning. She didn't see us though.",
            "en.collection.menace",
        ),
        (
            "Your girl's got swimming practice until seven, right? Dark by then.",
            "en.collection.menace",
        ),
        (
            "It's a long walk home from the bus stop. Lots of quiet corners round there.",
            "en.collection.menace",
        ),
        ("My manager isn't as friendly as me, just so you know.", "en.collection.menace"),
        ("We've stopped asking nicely, mate.", "en.collection.menace"),
        ("Hope your house is insured.", "en.collection.menace"),
        ("我们老大脾气很差。你自己想想吧。", "zh.collection.menace"),
        ("你每天下班都走那条小路，晚上挺黑的。", "zh.collection.menace"),
    ],
)
def test_probe19_round2_seen_your_wife_dark_by_then_and_a_less_friendly_boss(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "My manager will call you tomorrow about your new address.",
        "Your car loan payment hasn't arrived yet.",
        "Saw your payment came in, thanks! Have a nice and quiet weekend.",
    ],
)
def test_probe19_round2_service_lines_with_the_same_words_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your brother's garage is on Dock Road, isn't it? Be a pity to have to go round.",
            "en.collection.menace",
        ),
        ("Your husband's number was easy to find. Shall we start calling?", "en.collection.menace"),
        ("Ask him how his kneecaps are doing.", "en.collection.menace"),
        ("Tick tock. Closer than you think, mate.", "en.collection.menace"),
        ("上一个赖账的，现在还在医院躺着。", "zh.collection.rhetorical-threat"),
        ("欠钱不还也行，人总得回家吧？", "zh.collection.rhetorical-threat"),
        ("你老婆每天晚上都去超市吧？我们也很常去。", "zh.collection.menace"),
    ],
)
def test_probe19_round3_a_pity_to_go_round_the_last_debtor_and_a_rhetorical_question(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Someone from your company called my boss. That's not OK.",
        "We're closer than you think: our new branch opened on Mill Street.",
        "Ask him how his application is going.",
    ],
)
def test_probe19_round3_a_complaint_and_service_lines_with_the_same_words_pass(
    rules, text: str
) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # what the collector knows of the borrower's kin, car or routine + any veiled warning
        (
            "How's your son finding his new school? Keep him close these days.",
            "en.collection.menace",
        ),
        (
            "Your husband parks the blue Astra by the chemist, doesn't he? Tell him to be careful.",
            "en.collection.menace",
        ),
        (
            "That silver Golf outside number 9 is yours? Would be a shame if anything happened.",
            "en.collection.menace",
        ),
        (
            "You leave the office at half five like clockwork. Quiet road that, after dark.",
            "en.collection.menace",
        ),
        ("Are your kids safe walking home? Something to think about.", "en.collection.menace"),
        (
            "For your own good, I'd settle this week. I'm not the one who'll come round next time.",
            "en.collection.menace",
        ),
        ("Things have a way of happening to people who don't pay.", "en.collection.menace"),
        ("你老公开的那辆货车我们都知道停在哪，你自己想想。", "zh.collection.menace"),
        ("你屋企老人家住邊度我哋都知，出入留神啲。", "zh.collection.menace"),
    ],
)
def test_probe20_round1_what_we_know_of_you_joined_with_any_veiled_warning(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "A Bristol collector was convicted of harassment after telling a borrower he knew where her kids played.",
        "We have received your new employer's address and updated your file.",
        "我们已收到您新的单位信息，感谢配合。",
        "For your own sake, keep every receipt until the loan is closed.",
        "Dark evenings are here: your nearest branch now closes at five, so please take care.",
    ],
)
def test_probe20_round1_news_receipts_and_advice_with_the_same_words_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Lovely cat you've got. Pity if she wandered onto the main road.", "en.collection.menace"),
        (
            "Your brother works at the garage on Mill Lane, right? We'll swing by.",
            "en.collection.menace",
        ),
        (
            "We saw the suitcases go out on Friday. Nobody would notice a thing while you're gone.",
            "en.collection.menace",
        ),
        ("We've got a picture of your number plate. Pay today.", "en.collection.menace"),
        ("We're never far, and neither is your family.", "en.collection.menace"),
        ("Funny how luck runs out for people who stop paying.", "en.collection.menace"),
        ("You never know what can happen. Pay up by Monday.", "en.collection.menace"),
        ("你那辆电动车挺新的，哪天丢了可别怪别人。", "zh.collection.menace"),
        ("你公司的地址我们都记下来了，下班路上要注意。", "zh.collection.menace"),
    ],
)
def test_probe20_round2_a_pity_on_a_pet_a_visit_a_house_left_easy_and_luck_that_turns(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Collectors must never suggest that something will happen to your home if you don't pay.",
        "Lovely garden! Thanks for letting our surveyor in this morning.",
        "雨天路滑，你家人出门要注意安全哦。还款可在APP内完成。",
    ],
)
def test_probe20_round2_policy_compliments_and_safety_lines_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_probe20_round2_an_agents_weather_warning_to_the_family_passes(rules) -> None:
    text = (
        "Icy roads tonight: your family should be careful on the way home. Payment is due Friday."
    )
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("You still catch the 6:15 train from Elm Park? Good to know.", "en.collection.menace"),
        (
            "Your club trains on Tuesday nights. We'll come along and say hello to everyone.",
            "en.collection.menace",
        ),
        (
            "Your building's car park has no lights, has it? Long way home on your own at night.",
            "en.collection.menace",
        ),
        ("You've got so much to lose, mate.", "en.collection.menace"),
        ("你上班的那家公司我们心里有数，你自己想想。", "zh.collection.menace"),
        ("你开的那家面馆挺红火的，要是有人来闹就麻烦了。", "zh.collection.menace"),
        ("我们知道你住哪栋，楼道晚上没人看见。", "zh.collection.menace"),
    ],
)
def test_probe20_round3_your_bus_your_club_and_what_we_know_it_all(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "催收说知道我儿子在哪上补习班，我好害怕，已经报警了。",
        "据报道，催收人员曾到借款人孩子学校附近发传单。",
        "请勿把孩子学校、单位地址告诉陌生人。",
    ],
)
def test_probe20_round3_a_frightened_borrower_news_and_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your gran's flat is on the ground floor, isn't it? We've got the address.",
            "en.collection.menace",
        ),
        (
            "You always walk the dog past the canal at eleven. Quiet spot, that.",
            "en.collection.menace",
        ),
        ("We're outside. Lovely roses.", "en.collection.menace"),
        ("We'll be keeping an eye on that account. And on you.", "en.collection.menace"),
        ("Big wedding coming up. Would hate for anything to ruin it.", "en.collection.menace"),
        ("你每个周末都去健身房，晚上那条路没什么人。", "zh.collection.menace"),
        ("你新换的那家公司，我们都认识你们老板。", "zh.collection.menace"),
        ("新房装修得不错，好好珍惜，欠的钱该还了。", "zh.collection.menace"),
    ],
)
def test_probe20_round4_your_gran_your_walk_were_outside_and_we_know_your_boss(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "A collector must never mention your parents, your kids or where they live.",
        "We're outside the main entrance: lovely roses in the car park, you can't miss us.",
    ],
)
def test_probe20_round4_policy_and_a_meeting_point_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "We watched your daughter's netball game last week. Anyway, back to the money.",
            "en.collection.menace",
        ),
        (
            "You walk the dog along the towpath every evening. That path is badly lit.",
            "en.collection.menace",
        ),
        (
            "Do your neighbours know about the arrears? Would be awkward if someone told them.",
            "en.collection.menace",
        ),
        (
            "Are you sure you're safe on your own at night? I'd lock the door.",
            "en.collection.menace",
        ),
        (
            "Everyone knows everyone round here. Word gets out. Pay by Friday.",
            "en.collection.menace",
        ),
        ("We know which school the twins go to. Nobody wants any trouble.", "en.collection.menace"),
        ("你老婆一个人在家吧？晚上门锁好了吗？", "zh.collection.rhetorical-threat"),
        ("我们查到你爸妈住在哪个村，钱再拖下去，出点啥事可不好说。", "zh.collection.menace"),
    ],
)
def test_session20_round1_surveillance_routine_gossip_and_safety_questions(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "My brother says a collector told him they know where his kids go to school. Is that legal?",
        "Do you feel safe at home? If someone is hurting you, we can pause collection and help.",
        "You mentioned you walk home after late shifts; please keep your phone charged and stay safe.",
        "Sorry to hear the street lights are out on your road; we've moved your visit to the branch.",
    ],
)
def test_session20_round1_reported_threats_and_welfare_checks_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your gran's day centre is lovely. Anyone can walk in off the street, though.",
            "en.collection.menace",
        ),
        (
            "We had a word with your neighbour. She knows all your comings and goings.",
            "en.collection.menace",
        ),
        (
            "I know the bookies you go to on a Saturday. Save me a seat and we'll talk.",
            "en.collection.menace",
        ),
        ("Consider this a courtesy call. Next time might not be.", "en.collection.menace"),
        ("你孩子每天放学走的那条巷子，路灯都不亮，挺危险的。", "zh.collection.rhetorical-threat"),
        ("今天只是打电话，下次就没这么客气了。", "zh.collection.rhetorical-threat"),
        ("你妈一个人守着那个摊子不容易，别连累家人。", "zh.collection.menace"),
    ],
)
def test_session20_round2_exposed_kin_informants_and_next_time_not_friendly(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "This instalment includes the set-up fee; the next one won't be.",
        "This is a friendly reminder; the next one will be sent in seven days.",
        "Your mum's care home has relaxed visiting hours, so you can pop in whenever.",
        "邻居：你家那个小卖部最近生意还好吗？改天去买点水果。",
    ],
)
def test_session20_round2_fees_reminders_and_neighbours_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("spotted your car at the leisure centre. lovely kids. ring me", "en.collection.menace"),
        (
            "Your husband rides that old Honda, doesn't he? Tyres go so easily.",
            "en.collection.menace",
        ),
        ("Your allotment's nice. Nobody about after six, mind.", "en.collection.menace"),
        ("This isn't a threat. We know where they all live, that's all.", "en.collection.menace"),
        (
            "We aren't the only ones who know you owe. The next lot aren't as patient.",
            "en.collection.menace",
        ),
        ("Screen my calls all you like. You can't ignore a knock.", "en.collection.menace"),
    ],
)
def test_session20_round3_sightings_sabotage_empty_places_and_others(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "This is not a threat; it's a formal notice that your account is in arrears.",
        "We saw your car was written off, sorry to hear that. Take the time you need.",
        "If we sell your debt, the new owners must treat you fairly.",
    ],
)
def test_session20_round3_notices_sympathy_and_debt_sales_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your grandad's living on his own these days, isn't he? At his age, that's worrying.",
            "en.collection.menace",
        ),
        (
            "We keep a thick file on you. Who you meet, where you drink. Have a think.",
            "en.collection.menace",
        ),
        ("Our doorstep team works your estate now. They never give up.", "en.collection.menace"),
        ("Settle up and it all stops. Leave it, and it comes knocking.", "en.collection.menace"),
        ("We can do this the easy way or the hard way.", "en.collection.menace"),
        ("你妹妹在考编，有人去单位反映点情况就麻烦了。", "zh.collection.menace"),
        ("你那个水果摊的玻璃柜，一砸就碎。", "zh.collection.menace"),
        ("我们是正规的，不会对你怎么样，别人就不一定了。", "zh.collection.rhetorical-threat"),
    ],
)
def test_session20_round4_alone_kin_dossiers_field_teams_and_others_may(
    rules, text: str, rule: str
) -> None:
    hits = [h.rule for h in rules.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "I learned the hard way with payday loans; I just want a plan I can afford.",
        "我哋唔會同你嘅同事或者屋企人講你嘅欠款。",
        "佢話有人打嚟恐嚇佢，我哋已經報咗警。",
        "学生兼职虽然辛苦，但比借钱更安全。",
        "会员积分满一千可换一桶油。",
    ],
)
def test_session20_round4_own_lessons_cantonese_denials_and_reports_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Your husband finishes at the depot at six, doesn't he? Roads get so busy around then.",
        "Your son plays for the under-tens on Saturdays, right? Anything can happen on a pitch.",
        "Carry on like this and the judge will be the least of your worries; the cells aren't comfortable.",
        "We've tried asking nicely. The gloves are off now.",
    ],
)
def test_session21_round1_kin_routine_tag_veils_cells_and_gloves_off(rules, text: str) -> None:
    hits = [h for h in rules.check(text).hits if h.category == "collection"]
    assert hits and hits[0].severity == "block", rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Your wife is the joint applicant, isn't she? Please ask her to sign the form.",
        "Your daughter goes to college next year, doesn't she? We have a savings account that might help.",
        "The court will never be involved without a letter first, and nobody is ever locked up over a debt like this.",
    ],
)
def test_session21_round1_service_tags_and_reassurance_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "你女儿每天骑电动车上学，那个路口车多，你多上点心。",
        "你每天凌晨才下班，一个人走回家，不怕吗？",
        "I've asked nicely. Next time I won't be asking nicely.",
    ],
)
def test_session21_round2_kin_danger_routine_fear_and_no_more_nice(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "We will never call your employer or contact your children's school.",
        "If you ever feel threatened by anyone collecting a debt, call the police and let us know.",
    ],
)
def test_session21_round2_our_promises_and_safety_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "You finish late at the warehouse, right? Long walk home at that hour.",
        "Ignore the court order and you'll be sleeping behind a locked door.",
        "We tried the friendly route. Next you meet the other side of us.",
        "你们楼的业主群我已经进了，要不要我在群里问问？",
    ],
)
def test_session21_round3_own_routine_court_orders_other_side_and_groups(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


def test_session21_round3_advice_against_borrowing_to_repay_passes(rules) -> None:
    text = "Borrowing from another app to pay us only makes things worse; let's set up a plan."
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# Session 23 (probe24r1): everyone in the borrower's phone, counted or listed, without the word for contacts.
@pytest.mark.parametrize(
    "text",
    [
        "你手机上那两百多个联系人，我们会一个一个打过去",
        "你电话本里每一个号码都会收到你欠钱的短信",
        "Every name in your phone is getting a text about this tonight.",
        "Your address book will hear from us one by one.",
    ],
)
def test_session23_round1_everyone_in_the_phone_without_the_word_contacts(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "我们不会联系您电话本里的任何号码",
        "Someone said they'd text every number in my phone. Was that you?",
    ],
)
def test_session23_round1_phone_contacts_policy_and_reports_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# Session 23 (probe24r2): holding the borrower's phone list, put as a question; everyone in the contacts list told.
@pytest.mark.parametrize(
    "text",
    [
        "We've downloaded every contact you've got. Where should I start?",
        "By tonight everyone in your contacts list will find out.",
        "你手机里存着的那些人，我们逐个打过去",
    ],
)
def test_session23_round2_the_phone_list_held_or_told(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


# Session 23 (probe24r3): the phone list exported or dialled top to bottom; a reported threat and a staff rule pass.
@pytest.mark.parametrize(
    "text",
    [
        "你那几百个联系人我们都导出来了，自己看着办",
        "Pay today or we work through your phone list, top to bottom.",
    ],
)
def test_session23_round3_the_phone_list_exported_or_dialled(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "有人自称是你们的催收，说要挨个打我通讯录，我该怎么办？",
        "Staff must never mention a debt to a customer's children or their teachers.",
    ],
)
def test_session23_round3_reported_threats_and_staff_rules_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# Session 23 (probe24r4): the child's circle told, misfortune that finds non-payers, a night in the cells, the phone
# dialled A to Z.
@pytest.mark.parametrize(
    "text",
    [
        "The other mums at the school gate will be hearing about your debt.",
        "Funny how things go wrong for people who never pay.",
        "Keep this up and you'll be spending a night in the cells.",
        "你手机里那几百个号码，我们从头打到尾",
    ],
)
def test_session23_round4_child_circle_misfortune_cells_and_a_to_z(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


# Session 24 (probe25r1): every contact messaged, "contact" as the object; anyone at all to borrow from.
@pytest.mark.parametrize(
    "text",
    [
        "We're going to text every contact you have unless this is paid by noon.",
        "All of your contacts will get an email from us explaining the arrears.",
        "Next step is a message to your entire contact list.",
        "Get a pal to lend it to you, I don't care where it comes from, just pay.",
    ],
)
def test_session24_round1_every_contact_messaged_and_any_lender_at_all(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


# a lender's denial of contacting work or family, an app's request for the borrower's own contact
# details, and a complaint about contacts messaged all pass
@pytest.mark.parametrize(
    "text",
    [
        "We do not reach out to your manager or your parents about your loan.",
        "Under no circumstances will we contact your family, only you.",
        "Keep your contacts up to date in the app so we can reach you.",
        "Did your collector text every contact on my phone? My cousin got one.",
    ],
)
def test_session24_round1_denials_and_complaints_about_contacts_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


# the borrower's own relatives (我丈母娘, 我儿子的老师) in a complaint, and 找朋友借 in advice, are no third-party contact
@pytest.mark.parametrize(
    "text",
    [
        "你们是不是给我岳父打过电话？他刚才问我了。",
        "不要为了还款去找亲戚借或者刷信用卡，先和我们协商。",
    ],
)
def test_session24_round1_the_borrowers_own_kin_and_borrowing_advice_pass(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_session24_round2_buy_now_pay_later_put_towards_the_debt(rules) -> None:
    text = "Use buy now pay later for the groceries and put the money towards your arrears."
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()


# Session 24 (probe25r3): all N of your contacts, a credit card "stuck" with the debt
@pytest.mark.parametrize(
    "text",
    [
        "All 250 of your contacts are about to get a text from us.",
        "Whack it on a credit card and get this cleared by tonight.",
    ],
)
def test_session24_round3_counted_contacts_and_a_card(rules, text: str) -> None:
    assert any(h.category == "collection" for h in rules.check(text).hits), rules.check(
        text
    ).to_dict()
