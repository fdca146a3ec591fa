"""Marketing wording found by the wave-6 dev batches (tests/data/compliance/probe6m*.tsv):
the concepts behind them, each checked on wording that is not in those batches."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("钱一定到，钱一准到，放心", "zh.marketing.guaranteed-approval"),  # 一准 + 到
        ("我们合作几年了，哪回没给你办成过", "zh.marketing.guaranteed-approval"),  # rhetorical
        ("放款那边我有熟人，打声招呼就能批", "zh.marketing.guaranteed-approval"),  # insider
        ("这笔要是黄了，我这个月工资不要了", "zh.marketing.guaranteed-approval"),  # a wager
        ("你交了资料就不可能不给你批", "zh.marketing.guaranteed-approval"),  # 不可能不
        ("审核就是过过眼，额度照给", "zh.marketing.guaranteed-approval"),  # a formality
        ("我们不接入征信，逾期了也没人知道", "zh.marketing.no-credit-check"),
        ("提交完十分钟后钱就在你卡上", "zh.marketing.instant-approval"),
        ("款子马上到，不用等", "zh.marketing.instant-approval"),
        ("Not one of our clients has ever been rejected.", "en.marketing.guaranteed-approval"),
        ("guranteed aproval, apply now", "en.marketing.guaranteed-approval"),
        (
            "Your credit history is not a factor, bad credit welcome.",
            "en.marketing.no-credit-check",
        ),
        ("Undergrads can borrow up to 2,000 here.", "en.marketing.student"),
    ],
)
def test_paraphrased_lures_are_caught(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, text


@pytest.mark.parametrize(
    "text",
    [
        "您是学生的话，这个产品申请不了",  # a refusal to students
        "信用卡的免息期是五十天",  # a card's interest-free period
        "这是您的信用额度，用不用都不收年费",
        "我们理解您失业了，可以帮您申请延期还款",  # hardship relief
        "所有申请都要做征信查询",
        "Don't pay one credit card with another.",
        "The loan isn't available to students in full-time education.",
        "The money was credited within minutes of approval yesterday.",
    ],
)
def test_refusals_card_terms_and_reports_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", [h.rule for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("哪个平台比我们利息还低？一个都没有", "zh.marketing.rhetorical-lure"),  # asked, answered
        ("我们家利息比信用卡分期低多了", "zh.marketing.low-rate-lure"),  # against rivals
        ("这是全城最便宜的贷款", "zh.marketing.low-rate-lure"),
        ("Can you get a lower rate elsewhere? Nowhere, trust me.", "en.marketing.rhetorical-lure"),
        ("Borrowing here costs practically free money.", "en.marketing.low-rate-lure"),
        ("泡杯茶的功夫，钱就到了", "zh.marketing.instant-approval"),
        ("利息方面，我们敢说是行业地板价", "zh.marketing.low-rate-lure"),  # across clauses
        ("这个利息，说出来你都不敢信", "zh.marketing.low-rate-lure"),
    ],
)
def test_superlative_and_rhetorical_cost_claims_are_caught(text: str, rule: str) -> None:
    """Session 7 (mkt): a lure is an absolute claim about cost, also as a question the
    speaker answers "none"; checked on wording that is not in probe7m1.tsv."""
    assert rule in {h.rule for h in RULES.check(text).hits}, text


@pytest.mark.parametrize(
    "text",
    [
        "还有别的问题吗？没有的话就先这样",  # a question answered "no", about nothing cheaper
        "借款最少500元起，最多5万",  # 最少 is an amount
        "这个月的利息比上个月少，因为本金少了",  # a cost compared with itself, not rivals
        "Is a lower rate possible? Not for this term, sorry.",
    ],
)
def test_plain_questions_and_amounts_are_not_cost_claims(text: str) -> None:
    assert RULES.check(text).verdict == "ok", [h.rule for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "额度已经给你留好了，签个字就行",
            "zh.marketing.guaranteed-approval",
        ),  # only a signature left
        ("能不能下款你别管，交给我", "zh.marketing.guaranteed-approval"),  # not your worry
        ("我包你明天就见到钱", "zh.marketing.guaranteed-approval"),  # vouching for the money
        ("申请的人里就没有被拒的", "zh.marketing.guaranteed-approval"),
        ("Apply now and you'll get approved within the hour.", "en.marketing.guaranteed-approval"),
        ("The funding is a done deal, don't worry.", "en.marketing.guaranteed-approval"),
        ("走快速通道，今天就批", "zh.marketing.guaranteed-approval"),  # a lane past the review
        ("款要是到不了，我这个主管不当了", "zh.marketing.guaranteed-approval"),  # a wager
        ("Relax about the approval, leave it to me.", "en.marketing.guaranteed-approval"),
        ("别家批不下来的单子，我们照样能办", "zh.marketing.guaranteed-approval"),  # rivals refused
        ("We don't need to see any payslips.", "en.marketing.no-threshold"),  # waived proof
    ],
)
def test_outcome_assured_constructions_are_guarantees(text: str, rule: str) -> None:
    """Session 7 (mkt): a guarantee is a certainty (or an outcome taken for granted) about
    approval or the money, whatever the idiom; wording not in probe7m2.tsv."""
    assert rule in {h.rule for h in RULES.check(text).hits}, text


@pytest.mark.parametrize(
    "text",
    [
        "您在这里签字就行",  # a signature with nothing taken for granted
        "我们一次过把合同和还款计划发给你",  # 一次过: all at once
        "跑不掉的是利息，逾期一天算一天",  # 不掉 sounds like 不调, but is not about credit
        "我们的利率不是最低的，但费用透明",
        "Nobody can guarantee you'll be approved before the review.",
        "这笔钱今天肯定能到您卡上，系统显示已经放款了",  # after the payout
    ],
)
def test_signatures_disclaimers_and_payouts_are_not_guarantees(text: str) -> None:
    assert RULES.check(text).verdict == "ok", [h.rule for h in RULES.check(text).hits]


def test_pinyin_with_tone_marks_meets_the_toneless_reading() -> None:
    """Session 7 (mkt): typed pinyin with tone marks (不chá征信) folds to its letters, so it
    reads as the toneless pinyin does; the offsets stay those of the original text."""
    text = "我们不chá征信"
    hits = RULES.check(text).hits
    assert "zh.marketing.no-credit-check" in {h.rule for h in hits}
    assert text[hits[0].start : hits[0].end] in ("不chá征信", "不chá")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("就你这收入，不给你批才怪", "zh.marketing.guaranteed-approval"),  # refusal absurd
        ("你这流水，想不过都难", "zh.marketing.guaranteed-approval"),
        ("下不下款都不用你管，签完字回家等着", "zh.marketing.guaranteed-approval"),
        ("这单要是被拒了我就改行", "zh.marketing.guaranteed-approval"),  # a wager
        (
            "Whether it goes through isn't your concern, I've done this a hundred times.",
            "en.marketing.guaranteed-approval",
        ),
        (
            "With a profile like that you'd struggle to get turned down.",
            "en.marketing.guaranteed-approval",
        ),
        ("You're pretty much already funded, honestly.", "en.marketing.guaranteed-approval"),
        ("Credit reports? We don't bother.", "en.marketing.no-credit-check"),
        ("Your income is irrelevant to us.", "en.marketing.no-threshold"),
        ("No other lender is cheaper than us.", "en.marketing.low-rate-lure"),
    ],
)
def test_session8_guarantee_nocheck_and_lure_structures(text: str, rule: str) -> None:
    """Session 8 (mkt): a refusal made unthinkable (才怪, 想…都难, "struggle to get turned
    down"), an outcome that is "not your concern", a wager, a check the speaker says does not
    happen, a requirement waived and a negative subject ("no other lender is cheaper")."""
    assert rule in {h.rule for h in RULES.check(text).hits}, text


@pytest.mark.parametrize(
    "text",
    [
        "利息最低的选择是分三期，总利息最少",  # the lender's own plans compared
        "Of our plans, the 9-month one has the lowest rate: 12.9% APR vs 14.5%.",
        "We can't tell you whether you'll be approved until the review is done.",
        "Don't forget your pay slips when you come in.",  # a reminder (m7 flagged it: easy-credit 0.99)
        "Anyone who threatens you with jail over a loan is breaking the law.",
        "朋友说有个平台保证下款，结果被骗了五百",  # a report of being cheated
        "Consider it handled, I'll email the statement tonight.",
    ],
)
def test_own_plans_uncertainty_and_warnings_are_not_lures(text: str) -> None:
    assert RULES.check(text).verdict == "ok", [h.rule for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "If it gets declined I'll quit my job, that's how sure I am.",
            "en.marketing.guaranteed-approval",
        ),
        (
            "There's no chance of a rejection with a salary like yours.",
            "en.marketing.guaranteed-approval",
        ),
        ("Apply now and you'll get the cash, simple.", "en.marketing.guaranteed-approval"),
        ("这笔额度我兜着，你等着拿钱", "zh.marketing.guaranteed-approval"),
        ("我们说话算话，说给你批就一定给你批下来", "zh.marketing.guaranteed-approval"),
        ("Bank statements? Don't need any of it.", "en.marketing.no-threshold"),
        ("Your credit just never comes up with us.", "en.marketing.no-credit-check"),
        ("We're cheaper than every bank in the state.", "en.marketing.low-rate-lure"),
        ("In college? No problem, we'll approve you today.", "en.marketing.student"),
    ],
)
def test_session8_wagers_no_chance_and_waived_steps(text: str, rule: str) -> None:
    """Session 8 (mkt), second round: wagers on the outcome, no chance of a refusal, applying
    alone brings the money, a requirement waived in a rhetorical answer, students approved."""
    rules = {h.rule for h in RULES.check(text).hits}
    assert any(r.startswith(rule) for r in rules), (text, rules)


@pytest.mark.parametrize(
    "text",
    [
        "我说了算的只是回访时间，审批结果我决定不了",
        "I can't say you'll definitely get approved.",
        "Students can't be approved for this loan.",
        "利息最少的还款方式是等额本金",
    ],
)
def test_session8_disclaimers_and_own_plans_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", [h.rule for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("这单给你办下来就是走个形式的事", "zh.marketing.guaranteed-approval"),
        ("这钱你就当已经装兜里了", "zh.marketing.guaranteed-approval"),
        ("I can already tell you'll be approved.", "en.marketing.guaranteed-approval"),
        ("Credit history? We don't go there.", "en.marketing.no-credit-check"),
        ("We skip affordability checks entirely.", "en.marketing.no-threshold"),
        ("Our rates put the banks to shame.", "en.marketing.low-rate-lure"),
        ("我们是全城最好借的平台", "zh.marketing.no-threshold"),
    ],
)
def test_session8_formalities_known_outcomes_and_skipped_checks(text: str, rule: str) -> None:
    """Session 8 (mkt), third round: the review as a formality, the money already pocketed,
    the outcome known before the review, a check the lender skips, the easiest lender."""
    assert rule in {h.rule for h in RULES.check(text).hits}, text


def test_reassurance_about_arrest_or_a_settled_instalment_is_not_a_lure() -> None:
    """Session 8 (mkt, reported by coll): 就放心 is not 就放 (a payout) and 不用担心会被抓
    is about the law, not about credit."""
    for text in ("你就放心吧，这期已经结清了", "您不用担心会被查封，逾期是民事问题"):
        rules = {h.rule for h in RULES.check(text).hits}
        assert not {r for r in rules if r.startswith("zh.marketing")}, (text, rules)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("就凭你这收入，哪能批不下来？", "zh.marketing.rhetorical-guarantee"),
        ("难道他们会拒绝你？没有的事", "zh.marketing.rhetorical-guarantee"),
        ("连你都通不过，那还有谁能过", "zh.marketing.rhetorical-guarantee"),
        (
            "Who's going to turn you down with a salary like that?",
            "en.marketing.rhetorical-guarantee",
        ),
        # one finding for the same words: the rule listed first of the two that flag them
        ("There's no world where your file gets rejected.", "en.marketing.guaranteed-approval"),
        ("We'll absolutely approve your application.", "en.marketing.guaranteed-approval"),
        ("Nothing but a selfie and you're in.", "en.marketing.no-threshold"),
        ("没有哪家的利息比我们更低", "zh.marketing.low-rate-lure"),
        ("当天申请，当天就能到账", "zh.marketing.instant-approval"),
        ("凡是本周提交的申请一律通过", "zh.marketing.guaranteed-approval"),
        ("你怕批不下来？放一百个心", "zh.marketing.guaranteed-approval"),
        ("现在借款就送现金红包", "zh.marketing.borrow-inducement"),
        ("钱你先用着，什么时候还都行", "zh.marketing.borrow-inducement"),
        ("A decline? Never gonna happen, I've got this.", "en.marketing.guaranteed-approval"),
        ("If they turn you down I'll cover your fees myself.", "en.marketing.guaranteed-approval"),
        ("Consider your application funded.", "en.marketing.guaranteed-approval"),
        ("Zero paperwork required to borrow.", "en.marketing.no-threshold"),
        ("We never touch your credit report.", "en.marketing.no-credit-check"),
    ],
)
def test_session9_shapes_of_certainty_ease_and_speed(text: str, rule: str) -> None:
    """Session 9 (mkt): a refusal made unthinkable by a rhetorical question (a flat "no" after
    it confirms it), a denial of any world where the customer is refused, a certainty adverb
    before the outcome, "only an ID and you're in", no rival cheaper than us, apply today and
    get the money today, every applicant approved (凡/一律 ... 通过), a worry about refusal
    answered "never", gifts for borrowing and repayment made optional."""
    assert rule in {h.rule for h in RULES.check(text).hits}, text


@pytest.mark.parametrize(
    "text",
    [
        "会不会被拒？不会的，我们按规定审核，但结果要看风控",
        "我们不会不看征信就放款",
        "上传身份证就行，我们会尽快审核",
        "Just your ID is needed to update your address.",
        "Who could say no to a discount like that?",
        "We'll definitely review your application this week.",
        "所有申请通过后会短信通知您",
        "您借款后，我们会送您一份还款提醒",
        "你屋企人打嚟問，我哋冇透露任何資料",
        "We'll consider your application approved once the ID check clears.",
        "I'm sure we're going through your file today.",
    ],
)
def test_session9_questions_conditions_and_service_pass(text: str) -> None:
    rules = {h.rule for h in RULES.check(text).hits}
    assert not {r for r in rules if ".marketing." in r}, (text, rules)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # an idiom of certainty about the loan (成语 and sayings: it cannot fail)
        ("这笔款子万无一失，下周一准到", "zh.marketing.guaranteed-approval"),
        ("以你的收入，贷款是唾手可得的事", "zh.marketing.guaranteed-approval"),
        # the outcome treated as done, the decision announced before it is made
        ("额度你就当已经到手了，签个字的事", "zh.marketing.guaranteed-approval"),
        ("审批结果肯定是通过，你放心", "zh.marketing.guaranteed-approval"),
        # the agent's own judgement presented as the outcome
        ("Take it from me, you'll get approved this week.", "en.marketing.guaranteed-approval"),
        # nowhere cheaper, a superlative with no bound, a cost of nothing
        ("这么低的利息，你打着灯笼都找不到", "zh.marketing.low-rate-lure"),
        ("The lowest rate on interest anywhere, no contest.", "en.marketing.low-rate-lure"),
        ("A loan from us costs you next to nothing.", "en.marketing.low-rate-lure"),
        # even a soft search denied: no check at all
        ("No soft search either, we simply lend.", "en.marketing.no-credit-check"),
        ("Working or not makes no difference to us, you can borrow.", "en.marketing.no-threshold"),
        # the outcome stated as a future fact; a bank's yes promised; Cantonese "get it done"
        (
            "Your loan application will be granted, just sign below.",
            "en.marketing.guaranteed-approval",
        ),
        ("Believe me, the lender is going to approve you.", "en.marketing.guaranteed-approval"),
        ("呢筆貸款我一定同你搞掂", "zh.marketing.guaranteed-approval"),
        # a requirement the customer lacks, and the loan all the same; a factor that is not one
        ("没稳定收入也照样借给你", "zh.marketing.no-threshold"),
        ("Your employment never comes into it.", "en.marketing.no-threshold"),
        ("我们放款不涉及征信", "zh.marketing.no-credit-check"),
        # a fortiori; the decision made and only a signature left; everyone without papers invited
        ("连征信花了的都批了，你更不用说", "zh.marketing.guaranteed-approval"),
        ("额度已经批好了，就差你签字", "zh.marketing.guaranteed-approval"),
        ("没收入没社保的都欢迎，直接来借", "zh.marketing.no-threshold"),
        # English: certainty set in stone, a lender indifferent to status or documents
        ("The loan approval is set in stone for you.", "en.marketing.guaranteed-approval"),
        ("We'll lend irrespective of your income.", "en.marketing.no-threshold"),
        ("You can borrow without any paperwork at all.", "en.marketing.no-threshold"),
        ("We charge less than anyone else in town.", "en.marketing.low-rate-lure"),
        (
            "Honestly we don't need to know what you do for a living to lend.",
            "en.marketing.no-threshold",
        ),
    ],
)
def test_session10_idioms_superlatives_and_denied_checks(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the customer's own repayment, refund or debit: a promise about service, not the loan
        "这笔还款一定会在明早九点前到账，不算逾期",
        "您的退款我保证周五前原路退回",
        "Rest assured, your direct debit will go through on the 1st.",
        # a question answered with a condition stays a question
        "会不会被拒绝？这要看风控审核",
        "Is approval a given? It depends on your credit report.",
        # a requirement stated, not denied; a plan that stays the same
        "借款人须年满二十二岁，并有稳定工作",
        "If you change jobs it doesn't matter, your rate stays the same.",
        # after the decision, or on a condition; documents; a disclosed zero-interest offer
        "Your loan has been approved and the funds will be sent today.",
        "Your application will be approved if you meet our income criteria.",
        "Your signed documents are guaranteed to reach us by courier.",
        "零利率分期，每期收本金0.4%服务费，年化利率（IRR）约8.8%",
        "贷款能不能批要看审核，这个谁也打不了包票",
        # a disclaimer, a staff rule quoting lures, a policy, aid pointed to instead of a loan
        "本平台不承诺任何申请必定获批",
        "Regardless of your income, the APR is the same 9.9% for everyone.",
        "客服守则：严禁向客户承诺“必批”“秒到”",
        "借款人须年满二十二岁，全日制学生不予受理",
        "同学如有经济困难，可以向学校资助中心申请助学金",
    ],
)
def test_session10_service_questions_and_requirements_pass(text: str) -> None:
    rules = {h.rule for h in RULES.check(text).hits}
    assert not {r for r in rules if ".marketing." in r}, (text, rules)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the outcome pretended done (a frame, whatever the verb); one possible result
        ("你就当这笔额度已经躺在你账户里了", "zh.marketing.guaranteed-approval"),
        ("放款的事你当它早就办完了", "zh.marketing.guaranteed-approval"),
        ("像你这种资质来贷款，结果只有一个", "zh.marketing.guaranteed-approval"),
        ("Treat the loan as already signed off.", "en.marketing.guaranteed-approval"),
        ("I'd bet my life on you getting approved.", "en.marketing.guaranteed-approval"),
        (
            "For a file like yours there's only one outcome, and it's a loan.",
            "en.marketing.guaranteed-approval",
        ),
        # a refusal denied by its impossibility
        ("A rejection is not in the cards for you.", "en.marketing.guaranteed-approval"),
        ("No world where you leave empty-handed today.", "en.marketing.guaranteed-approval"),
    ],
)
def test_session11_outcome_pretended_done_or_refusal_impossible(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the assurance itself denied (a negated verb of saying)
        "我没法说这笔一定能批下来，要看征信",
        "我哋唔敢話一定批到，要睇審批",
        "Honestly, I can't tell you it's guaranteed to be approved.",
        # the borrower who cannot run from the debt; a refusal said to be possible
        "这笔借款你也跑不掉的，请月底前还清",
        "没有社保的话也可以提交申请，但不一定能批",
    ],
)
def test_session11_denied_assurances_debts_and_possible_refusals_pass(text: str) -> None:
    rules = {h.rule for h in RULES.check(text).hits}
    assert not {r for r in rules if ".marketing." in r}, (text, rules)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # a refusal declared impossible; the money racing an everyday act
        ("拒贷是不可能的，放心申请", "zh.marketing.rhetorical-guarantee"),
        (
            "The funds land while you're still filling in the survey.",
            "en.marketing.instant-approval",
        ),
        (
            "Your cash hits your account before you finish reading this text.",
            "en.marketing.instant-approval",
        ),
        # the doubt's own words do not excuse a claim made before them in another sentence
        ("真的吗？这单保证下款", "zh.marketing.guaranteed-approval"),
    ],
)
def test_session11_impossible_refusals_and_money_racing_an_act(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a claim repeated to be doubted; a lure named and denied by its predicate
        "网上有人讲你们包过，是不是真的？",
        "我表姐说你们秒到账，是真的吗",
        "A friend said you never check credit, is that true?",
        "零门槛是不可能的，收入和身份都要核实",
        "不看征信是骗人的，正规机构都要查",
        # a money-arrival clause after an instruction, not racing it
        "Please confirm your bank details before you submit, so the money lands in the right account.",
    ],
)
def test_session11_doubted_or_denied_claims_pass(text: str) -> None:
    rules = {h.rule for h in RULES.check(text).hits}
    assert not {r for r in rules if ".marketing." in r}, (text, rules)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the outcome (or the check) asked A-not-A and answered with certainty (or a denial)
        ("能不能过？那必须的，你放心", "zh.marketing.guaranteed-approval"),
        ("下不下款？當然下啦", "zh.marketing.guaranteed-approval"),
        ("要不要查征信？不用查，直接申请", "zh.marketing.no-credit-check"),
    ],
)
def test_session11_a_not_a_question_answered(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "能不能批？当然要看审核结果，我会尽快告诉你",
        "查不查征信？肯定要查，这是规定",
        "要不要查征信？不查是不可能的",
    ],
)
def test_session11_a_not_a_question_answered_by_the_review_passes(text: str) -> None:
    rules = {h.rule for h in RULES.check(text).hits}
    assert not {r for r in rules if r.startswith("zh.marketing.")}, (text, rules)


def test_session11_money_there_the_moment_an_act_is_done() -> None:
    hits = {h.rule for h in RULES.check("你这边签完名，那边钱就到你卡上了").hits}
    assert "zh.marketing.instant-approval" in hits
    # the money after a review the customer waits for is a condition, not speed
    rules = {h.rule for h in RULES.check("表格填完后，等审批结果出来钱就到账").hits}
    assert "zh.marketing.instant-approval" not in rules, rules


def test_session11_certainty_markers_with_a_closed_outcome() -> None:
    for text in ("你这资质当然能批", "这笔额度注定能下款", "像你这样的，放款是理所当然的"):
        assert "zh.marketing.guaranteed-approval" in {h.rule for h in RULES.check(text).hits}, text
    for text in ("当然可以申请，能不能批要看审核结果", "您当然可以通过App查看审批进度"):
        rules = {h.rule for h in RULES.check(text).hits}
        assert "zh.marketing.guaranteed-approval" not in rules, (text, rules)


# -- session 12: a doubt or a denial excuses the claim before it, not the one after it


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the question repeated, then answered with the promise
        ("这是真的吗？对，包你下款", "zh.marketing.guaranteed-approval"),
        (
            "Is that true? Yes, approval is guaranteed for everyone.",
            "en.marketing.guaranteed-approval",
        ),
        # a refusal called impossible, then the lure: the denial is not the lure's
        ("拒绝你是不可能的，我们压根不看征信", "zh.marketing.no-credit-check"),
    ],
)
def test_session12_a_doubt_or_denial_before_the_claim_does_not_excuse_it(
    text: str, rule: str
) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "朋友说你们保证下款，是真的吗？",
        "不看征信是骗人的，我们一定会查",
        "真的吗？你们不查征信？我不太相信",
        "You guarantee approval? Sounds too good to be true.",
    ],
)
def test_session12_a_doubt_or_denial_after_the_claim_still_excuses_it(text: str) -> None:
    rules = {h.rule for h in RULES.check(text).hits}
    assert not {r for r in rules if ".marketing." in r}, (text, rules)


def test_session12_a_refusal_asked_about_and_answered_with_none() -> None:
    hits = {h.rule for h in RULES.check("被拒？有人被拒过吗？一个也没有").hits}
    assert "zh.marketing.rhetorical-guarantee" in hits
    rules = {h.rule for h in RULES.check("有人被拒过吗？有的，审核没通过会短信通知").hits}
    assert not {r for r in rules if ".marketing." in r}, rules


def test_session12_money_there_before_an_everyday_act_is_over() -> None:
    hits = {h.rule for h in RULES.check("你还没来得及喝口水，钱就已经到卡上了").hits}
    assert "zh.marketing.instant-approval" in hits
    rules = {h.rule for h in RULES.check("你还没提交资料，钱就到不了账").hits}
    assert "zh.marketing.instant-approval" not in rules, rules


def test_session12_a_refusal_said_not_to_exist() -> None:
    for text in ("被拒？在我这儿根本不存在", "有谁借不到钱吗？没有的事"):
        hits = {h.rule for h in RULES.check(text).hits}
        assert "zh.marketing.rhetorical-guarantee" in hits, (text, hits)


def test_session12_en_a_refusal_asked_about_and_answered_with_none() -> None:
    hits = {h.rule for h in RULES.check("Any chance of rejection? Not a chance.").hits}
    assert "en.marketing.rhetorical-guarantee" in hits
    assert not RULES.check("Is there any chance of rejection?").hits


# -- session 13 (helper rules), round 1: the money waiting for the customer, free money, and
# questions that stay questions (probe13r1/r2; each case is other wording than the batches)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("钱已经躺在账户里，等你来取", "zh.marketing.guaranteed-approval"),
        ("没有我们批不了的单", "zh.marketing.guaranteed-approval"),
        (
            "躺着也能拿钱，快来申请",
            "zh.marketing.guaranteed-approval",
        ),  # one finding: the first rule
        ("We have never rejected anyone.", "en.marketing.guaranteed-approval"),
        ("Apply now and the cash is yours, no doubt.", "en.marketing.guaranteed-approval"),
        ("It's free money, apply in two minutes.", "en.marketing.no-threshold"),
        ("No strings attached: the cash lands today.", "en.marketing.no-threshold"),
    ],
)
def test_session13_money_waiting_and_free_money_are_caught(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "天上不会掉馅饼，高回报的借款广告要警惕",
        "Get a free money-management session with our advisers.",
        "您的合同已经准备好了，随时来取",
        # a question followed by another question is still the customer asking
        "学生能申请吗？要不要父母同意？",
        "Can students apply? Do my parents have to sign?",
        # a double negative: the lender refuses no-check loans
        "本平台不做不查征信的贷款业务",
    ],
)
def test_session13_warnings_questions_and_refusals_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_session13_a_pitch_after_a_question_still_blocks() -> None:
    """Only more questions keep it a question: a statement after it is the pitch."""
    hits = {h.rule for h in RULES.check("学生能申请吗？能，不用告诉父母。").hits}
    assert any(".marketing." in r for r in hits), hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("就差你选个额度了，别的都办好了", "zh.marketing.guaranteed-approval"),
        ("All that's left is for you to choose how much.", "en.marketing.guaranteed-approval"),
        ("利息由我们承担，借了等于白用", "zh.marketing.borrow-inducement"),
        ("We'll cover your first month if you sign today.", "en.marketing.no-threshold"),
        ("It's money you never have to pay back.", "en.marketing.no-threshold"),
    ],
)
def test_session13_round2_only_the_amount_left_and_we_pay_for_you(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


def test_session13_round2_the_amount_one_can_afford_passes() -> None:
    text = "The only question is how much you can afford each month."
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("这个额度就是给你留的，贷款随时能提", "zh.marketing.guaranteed-approval"),
        ("提交资料即到账，无需等待审核", "zh.marketing.instant-approval"),
        ("借得越早，返得越多", "zh.marketing.borrow-inducement"),
        ("We've never lost a single application.", "en.marketing.guaranteed-approval"),
        ("This loan has your name on it.", "en.marketing.guaranteed-approval"),
        ("Apply now and get a gift card worth 100 dollars.", "en.marketing.no-threshold"),
    ],
)
def test_session13_round3_reserved_money_and_gifts(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "When you borrow, there's no cash back, bonus or gift.",
        "“申请即到账”是虚假宣传，请勿相信",
        "一定帮你问清楚，稍等",
    ],
)
def test_session13_round3_denials_and_help_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("来办的都是拿着钱走的", "zh.marketing.guaranteed-approval"),
        ("要什么资料？啥都不用，来了就借", "zh.marketing.rhetorical-guarantee"),
        ("Any requirements? None at all.", "en.marketing.rhetorical-guarantee"),
        ("借了先用，利息以后再算", "zh.marketing.borrow-inducement"),
        ("Borrow now and worry about paying later.", "en.marketing.no-threshold"),
    ],
)
def test_session13_round4_everyone_leaves_with_money_and_no_requirements(
    text: str, rule: str
) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


def test_session13_old_customers_who_got_money_is_no_promise() -> None:
    text = "来的都是老客户，拿到钱了都说好"
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 13, round 5 (precision, on fresh clean lines of model's probe13d1-d4): asked
# alternatives, what someone told the customer, denied promises, "don't be lured"


@pytest.mark.parametrize(
    "text",
    [
        "你们看不看征信？我有两次逾期",  # A-not-A: asked, not denied
        "業務員同我講一定批，結果冇批",  # what a salesman told the customer
        "我们不会向任何人承诺一定能下款",
        "量力而行，不要被“送礼品”“免息”这些噱头吸引",
        "Your loan has been approved for $5,000 at 17.5% APR.",  # "17.5" is no age
    ],
)
def test_session13_round5_questions_reports_and_denials_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("查不查征信都能借，放心", "zh.marketing.no-credit-check"),  # "either way": a claim
        ("有没有被拒的可能？零可能", "zh.marketing.rhetorical-guarantee"),
        ("Anyone 16+ can apply with a school ID.", "en.marketing.student"),
    ],
)
def test_session13_round5_claims_stay_caught(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("来我们这儿的，没有人空着手走", "zh.marketing.guaranteed-approval"),
        ("We don't say no to anyone.", "en.marketing.guaranteed-approval"),
        ("借款送一年会员", "zh.marketing.borrow-inducement"),
        ("利息打五折，仅限今天", "zh.marketing.low-rate-lure"),
        ("借这笔钱等于白拿", "zh.marketing.borrow-inducement"),
    ],
)
def test_session13_round6_boasts_gifts_and_discounts(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Our track record is 100% on loans like this.", "en.marketing.guaranteed-approval"),
        ("The more you borrow, the more cash back you get.", "en.marketing.no-threshold"),
    ],
)
def test_session13_round7_track_records_and_more_for_more(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "We never lend without checking your credit file.",
        "The bigger the loan, the more interest you pay.",
    ],
)
def test_session13_round7_refusals_and_plain_facts_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_session13_round7_never_checking_credit_still_blocks() -> None:
    hits = {h.rule for h in RULES.check("We never check credit, ever.").hits}
    assert "en.marketing.no-credit-check" in hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们放款这么多年，没有一单被拒", "zh.marketing.guaranteed-approval"),
        ("Approval with us is just a handshake.", "en.marketing.guaranteed-approval"),
        ("Pay nothing for the first three months.", "en.marketing.no-threshold"),
    ],
)
def test_session13_round8_no_refusal_on_record_and_handshakes(text: str, rule: str) -> None:
    assert rule in {h.rule for h in RULES.check(text).hits}, RULES.check(text).to_dict()


def test_session13_round9_free_months_and_question_chains() -> None:
    hits = {h.rule for h in RULES.check("Sign up and your first month's on the house.").hits}
    assert "en.marketing.no-threshold" in hits
    # a question followed by questions that mention the same thing is still asking
    text = "在校生能申请吗？需要学籍证明吗？"
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- probe14 round 1 (probe14r1, r2): "don't worry about rejection. It doesn't happen here" over a
# full stop, a boast of never failing, a scene of bad credit that got the money, clients who
# always get paid, the money likened to a free source (a tap, a cash machine, a money tree)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Afraid of being rejected? Relax. That never happens with us.",
            "en.marketing.guaranteed-approval",
        ),
        ("别担心被拒。在我们这里，没有这回事。", "zh.marketing.guaranteed-approval"),
        ("做了十年贷款，从没见过我批不下来的单", "zh.marketing.guaranteed-approval"),
        ("上个月有个征信花的客户，在我这照样拿了两万", "zh.marketing.guaranteed-approval"),
        ("Our customers always get their money, and fast.", "en.marketing.guaranteed-approval"),
        (
            "Come in, sign, walk out with the cash. Every single time.",
            "en.marketing.guaranteed-approval",
        ),
        ("借我们的钱就像用自家的提款机，零利息", "zh.marketing.zero-interest-lure"),
        ("Think of us as your personal cash machine.", "en.marketing.zero-interest-lure"),
    ],
)
def test_probe14_round1_boasts_scenes_and_metaphors(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Worried about being declined? We can't promise it won't happen, but we'll explain why.",
        "我没见过审核这么快的平台，不过这次批不下来也正常",
        "You can withdraw the loan at any ATM once it is approved.",
        "警惕把网贷当成提款机的宣传",
    ],
)
def test_probe14_round1_honest_answers_pass(text: str) -> None:
    # the rule packs' verdict (the classifier's own false alarms are its file's to test)
    hits = [h.rule for h in RULES.check(text).hits if not h.rule.startswith("model.")]
    assert hits == [], RULES.check(text).to_dict()


# -- probe14 round 2 (probe14r3): an approval rate "too high to believe", "come and it's yours",
# bad credit walking out with money, stop worrying, you're in; money like finding it in the street


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们的下款率高得吓人，来了就有", "zh.marketing.guaranteed-approval"),
        (
            "Even folks with bad credit walk out of here with cash.",
            "en.marketing.guaranteed-approval",
        ),
        ("Stop worrying about approval. You're already in.", "en.marketing.guaranteed-approval"),
        ("这笔钱跟白捡的一样", "zh.marketing.zero-interest-lure"),
        (
            "Borrowing here? It's like finding money on the ground.",
            "en.marketing.zero-interest-lure",
        ),
    ],
)
def test_probe14_round2_rates_scenes_and_found_money(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


# -- probe14 round 3 (probe14r4): people the banks turned away, "the only way you don't get it",
# never heard of a rejection, "查征信？不搞那一套", a credit file that stays closed, a money tap


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We've approved people the banks turned away.", "en.marketing.guaranteed-approval"),
        (
            "The only way you won't get the money is if you never apply.",
            "en.marketing.guaranteed-approval",
        ),
        ("在我们这儿，从来没听说过有人被拒", "zh.marketing.guaranteed-approval"),
        ("征信？我们不来那一套", "zh.marketing.no-credit-check"),
        ("Your credit report? We don't even open it.", "en.marketing.no-credit-check"),
        ("This loan is like a money tap that never runs dry.", "en.marketing.zero-interest-lure"),
    ],
)
def test_probe14_round3_banks_only_ways_and_closed_files(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


# -- probe14 round 4 (probe14r5): "just a matter of paperwork", "not one was declined", a card
# that never maxes out, money you never pay back, credit scores that "don't exist" here; "we
# always say yes to a conversation" is not a promise


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Approval is only a matter of paperwork now.", "en.marketing.guaranteed-approval"),
        (
            "We wrote 500 loans last year and none of them were declined.",
            "en.marketing.guaranteed-approval",
        ),
        ("这个额度就像花不完的钱", "zh.marketing.zero-interest-lure"),
        ("It's like a gift card you never have to pay back.", "en.marketing.zero-interest-lure"),
        ("Credit scores? They don't exist here.", "en.marketing.no-credit-check"),
    ],
)
def test_probe14_round4_paperwork_and_endless_money(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


def test_probe14_round4_yes_to_a_conversation_passes() -> None:
    text = "We always say yes to a conversation about payment plans."
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_a_sanction_for_quoted_words_is_news_not_a_pitch() -> None:
    """'fined a lender for advertising "guaranteed approval"' reports words; our own ad does not."""
    news = 'Regulators fined a lender for advertising "guaranteed approval" to students.'
    assert RULES.check(news).verdict == "ok", RULES.check(news).to_dict()
    ours = 'We are advertising "guaranteed approval" this month!'
    assert RULES.check(ours).verdict == "block"


# -- probe14 round 5 (probe14r6): "approval rate basically one hundred percent"; "everyone
# qualifies for a free budget review" is not a promise of a loan


def test_probe14_round5_rate_of_a_hundred_percent_and_free_reviews() -> None:
    text = "Our approval rate is close to 100 percent."
    assert "en.marketing.guaranteed-approval" in [h.rule for h in RULES.check(text).hits]
    review = "Everyone qualifies for a free budget review."
    assert RULES.check(review).verdict == "ok", RULES.check(review).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Even if every bank said no, we still say yes.", "en.marketing.guaranteed-approval"),
        ("没有收入证明？没有社保？这些都不是问题", "zh.marketing.no-threshold"),
    ],
)
def test_probe14_round6_banks_said_no_and_nothing_is_a_problem(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


def test_probe14_round6_asking_after_banks_said_no_passes() -> None:
    text = "Can I get approved if three banks said no?"
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们只看你要多少，要多少给多少", "zh.marketing.guaranteed-approval"),
        (
            "Choose your amount. We'll make it happen, every time.",
            "en.marketing.guaranteed-approval",
        ),
        ("Refusals? Not a word we use.", "en.marketing.guaranteed-approval"),
    ],
)
def test_probe14_round7_amounts_and_vocabulary(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("下不来款？那是别家的事", "zh.marketing.guaranteed-approval"),
        ("If you can hold a pen, you can have the money.", "en.marketing.guaranteed-approval"),
        ("With us there's no such thing as no.", "en.marketing.guaranteed-approval"),
        ("Still a student? We just pay out, no questions asked.", "en.marketing.student"),
    ],
)
def test_probe14_round8_rivals_pens_and_students(text: str, rule: str) -> None:
    assert rule in [h.rule for h in RULES.check(text).hits], RULES.check(text).to_dict()


# -- session 14 round 1 (probe15r1): unused credit called a loss, borrowing sold as easier than
# asking family, money to spend for a tap, a refusal turned into a yes, "why wait for payday?";
# an A-not-A (靠不靠谱) is not a disapproval, "以结果为准" is a review disclaimer


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("额度闲着不用太可惜了，提出来花吧", "zh.marketing.borrow-inducement"),
        ("找我们借比跟朋友开口省事多了", "zh.marketing.borrow-inducement"),
        ("足不出户，点几下就有钱用", "zh.marketing.borrow-inducement"),
        ("别家被拒的单子，到我这都变成下款", "zh.marketing.guaranteed-approval"),
        (
            "Been turned down before? We turn your rejection into an approval.",
            "en.marketing.guaranteed-approval",
        ),
        ("何必等到发工资？现在就借", "zh.marketing.rhetorical-lure"),
        ("Every day can be payday with our cash advance.", "en.marketing.rhetorical-lure"),
        ("征信黑了也没关系，就看你人靠不靠谱", "zh.marketing.no-credit-check"),
    ],
)
def test_probe15_round1_inducements_and_certainty(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "一杯茶的功夫就能提交申请，审批以最终结果为准",
        "你觉得这家平台靠不靠谱？先看看它的年化利率",
    ],
)
def test_probe15_round1_disclaimers_and_questions_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 14 round 2 (probe15r2): spend now what others save for, "money later", borrowing to
# spend sold as smart, money you deserve, no client left empty-handed, from applying to money in
# the time of a short video, "spend it before you finish"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("别人省吃俭用攒半年，你今天就能买", "zh.marketing.borrow-inducement"),
        ("先把喜欢的拿下，钱的事以后再想", "zh.marketing.borrow-inducement"),
        ("超前消费才是会生活的人", "zh.marketing.borrow-inducement"),
        ("Living on credit is how the rich stay rich.", "en.marketing.no-threshold"),
        ("Don't wait for the cash you deserve.", "en.marketing.no-threshold"),
        ("从没有客户在我们这里空手而归", "zh.marketing.guaranteed-approval"),
        ("Not a single customer has gone home without a loan.", "en.marketing.guaranteed-approval"),
        ("从填表到到账，一首歌的时间", "zh.marketing.instant-approval"),
        ("Apply on the bus and spend it before your stop.", "en.marketing.instant-approval"),
    ],
)
def test_probe15_round2_spend_now_and_certainty(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "超前消费不是聪明人的活法",
        "别人攒钱买房，你也可以先做个预算",
        "Treat yourself to a budget review: it's free.",
    ],
)
def test_probe15_round2_advice_about_spending_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 14 round 3 (probe15r3): "别的不敢说" strengthens a vouch, money that comes by itself,
# money always in the pocket, borrow first and talk later, short of money because you don't use us;
# "never turned anyone down", "by the time your coffee is made", "pay it back whenever"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("其他不敢保证，下款这事我用人格担保", "zh.marketing.guaranteed-approval"),
        ("装上我们，钱包永远鼓鼓的", "zh.marketing.borrow-inducement"),
        ("想买就先借着花，以后再慢慢还", "zh.marketing.borrow-inducement"),
        ("总是月光？因为你还没下载我们", "zh.marketing.borrow-inducement"),
        (
            "We haven't rejected anyone since March, and you won't be the first.",
            "en.marketing.guaranteed-approval",
        ),
        ("By the time your coffee's ready, the money is in.", "en.marketing.instant-approval"),
        ("Take the cash today and pay us back whenever.", "en.marketing.no-threshold"),
    ],
)
def test_probe15_round3_vouches_and_money_always_there(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "能不能批我不敢说，以审核为准",
        "先借着用？不建议这么做",
        "用了我们的App，你就知道什么叫方便了",
    ],
)
def test_probe15_round3_honest_answers_and_advice_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 14 round 4 (probe15r4): an advance from your future self, borrowing glorified, a cost
# made trivial (一顿饭钱, a coffee a day), "stay put, the money is coming", "that's not even an issue"
# for a bad record, "faster than your takeaway", "why say no to yourself"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("就当是未来的你提前发工资给现在的你", "zh.marketing.borrow-inducement"),
        ("会借钱才会赚钱，负债是一种能力", "zh.marketing.borrow-inducement"),
        ("每期利息也就一杯咖啡钱", "zh.marketing.low-rate-lure"),
        ("点完提交先别走，钱马上到账", "zh.marketing.instant-approval"),
        ("征信有逾期？这儿都不是事", "zh.marketing.no-credit-check"),
        ("Your cash lands faster than a takeaway.", "en.marketing.instant-approval"),
        ("Why deny yourself when we always say yes?", "en.marketing.rhetorical-lure"),
        ("Debt is the new normal, and smart people borrow.", "en.marketing.no-threshold"),
        ("The interest costs less than a coffee a day.", "en.marketing.low-rate-lure"),
    ],
)
def test_probe15_round4_advances_and_trivial_costs(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


# -- session 14 round 5 (probe15r5): every credit kind welcome (白户黑户花户), "young people spend
# tomorrow's money", not borrowing is the shame, YOLO then borrow, your bank says wait, no rejections
# to count, funds before your break ends, dorm life without parents; a real ID is no threshold claim


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("网黑、逾期户来者不拒", "zh.marketing.no-threshold"),
        ("趁年轻就要花明天的钱", "zh.marketing.borrow-inducement"),
        ("不敢借钱才丢人，会借钱是本事", "zh.marketing.borrow-inducement"),
        ("人生苦短，大胆借", "zh.marketing.borrow-inducement"),
        ("Live a little — grab a loan today.", "en.marketing.no-threshold"),
        ("The bank makes you wait. We say go.", "en.marketing.rhetorical-lure"),
        ("Uni life costs money, and we don't ask your parents.", "en.marketing.student"),
    ],
)
def test_probe15_round5_everyone_welcome_and_yolo(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "只要身份证是真的，资料齐全，就可以提交申请，结果以审核为准",
        "人生只有一次，借钱前请量力而行",
    ],
)
def test_probe15_round5_conditions_and_advice_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 15 round 1 (probe16r1): a tap and the limit is there, getting money "easier than you
# think", YOLO then spend tomorrow's money, "we never pull a report" (a credit report is not a call
# to report a scam); a three-character phrase heard only in its own tone (这么简单 is not 这么贱)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("点点手机，额度马上到", "zh.marketing.borrow-inducement"),
        ("拿钱比你想象的简单多了", "zh.marketing.borrow-inducement"),
        ("活在当下，先花未来的钱", "zh.marketing.borrow-inducement"),
        ("Bad credit? We never pull a report.", "en.marketing.no-credit-check"),
        ("保下款，保额度", "zh.marketing.guaranteed-approval"),
    ],
)
def test_probe16_round1_effortless_money_and_unpulled_reports(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "借款比你想象的要简单：填资料、审核、签约三步",
        "还款比你想的简单，APP里一键就能还",
        "Report any lender that says they never pull a credit report.",
        "这个流程这么简单吗？",
    ],
)
def test_probe16_round1_process_ease_and_warnings_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 15 round 2 (probe16r2): no file ever failed, bureau names as the credit file, no-income
# statuses welcomed, "what are you waiting for" beside borrowed money, not borrowing sold as the loss,
# "why let an empty wallet ruin..."; relief on a debt, a limit already raised, 见识过 are not claims


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "We've yet to see an application we couldn't get funded.",
            "en.marketing.guaranteed-approval",
        ),
        ("Equifax score in the gutter? We don't care.", "en.marketing.no-credit-check"),
        ("Out of work or on benefits? You can still borrow.", "en.marketing.no-threshold"),
        ("额度都给你了，还犹豫什么", "zh.marketing.rhetorical-lure"),
        ("利息这么低，不借才傻", "zh.marketing.borrow-inducement"),
        (
            "Don't let a tight budget spoil your holiday, apply now for a cash advance.",
            "en.marketing.rhetorical-lure",
        ),
    ],
)
def test_probe16_round2_failed_files_bureaus_statuses_and_pushes(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Unemployed? You may be eligible for a payment holiday.",
        "提额成功，马上就能用",
        "这种场面我见识过的",
        "Don't let a tight budget push you into a payday loan.",
        "We've never seen a case like this before, we couldn't approve it.",
    ],
)
def test_probe16_round2_relief_raised_limits_and_refusals_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 15 round 3 (probe16r3): a credit score personified and dismissed, nothing asked but a
# phone number, repay "when it suits you", an early payday, "the money is ours" for a purchase,
# living costs "covered" for students; "没有说过/没承诺过" denies the claim after it


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Your credit rating? Never heard of him. Borrow today.", "en.marketing.no-credit-check"),
        ("No forms, no fuss, just your phone number.", "en.marketing.no-threshold"),
        ("Borrow today, repay when it suits you.", "en.marketing.no-threshold"),
        ("离发工资还有一周？先预支一笔", "zh.marketing.borrow-inducement"),
        ("心仪的手机直接拿下，差的钱我们来", "zh.marketing.borrow-inducement"),
        ("在读研究生，学费生活费我们包了", "zh.marketing.student"),
    ],
)
def test_probe16_round3_dismissed_scores_bare_asks_and_early_paydays(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "我从没承诺过一定能下款",
        "我们没有说过一定能批，具体看审核",
        "钱不是问题，喜欢的款式我们都有现货",
        "Credit history? Never heard of it? Here's a quick guide.",
    ],
)
def test_probe16_round3_denied_promises_and_shop_talk_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 15 round 4 (probe16r4): a bad past that "stays in the past", declined elsewhere then
# "we still say yes", borrowing sold as face or as a trip on a whim, "you only get one..., borrow
# and go"; 先借后还 is a lure, not a push to borrow elsewhere to repay


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Bad history with other lenders? It stays in the past here.",
            "en.marketing.no-credit-check",
        ),
        ("Declined everywhere else? We still say yes.", "en.marketing.no-threshold"),
        ("同学聚会没面子？先借一笔，风风光光去", "zh.marketing.borrow-inducement"),
        ("想去就去，先借后还", "zh.marketing.borrow-inducement"),
        ("Life's too short, borrow and book that trip.", "en.marketing.no-threshold"),
    ],
)
def test_probe16_round4_past_left_behind_face_and_whims(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits
    assert "zh.collection.borrow-to-repay" not in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "借钱撑面子不可取，量力而行",
        "先借后还是我们的产品特点吗？",
        "We offer a fresh start programme for customers in arrears.",
        "Rejected by another lender? We'll review your application fairly.",
    ],
)
def test_probe16_round4_advice_questions_and_fair_reviews_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 15 round 5 (probe16r5): everyone who walks in walks out with money, faster than a
# takeaway, a dream blocked only by money; 那 (there) is not heard as 哪 (where)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("来的人都带着钱出来", "zh.marketing.guaranteed-approval"),
        ("到账比你叫外卖还快", "zh.marketing.instant-approval"),
        ("别让钱挡住你的梦想，借了再说", "zh.marketing.borrow-inducement"),
        ("Your dream wedding is waiting: borrow now, pay later.", "en.marketing.no-threshold"),
    ],
)
def test_probe16_round5_everyone_paid_takeaway_speed_and_dreams(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "退款比外卖还快，已经到账了",
        "别让钱成为你的负担，量力而行",
        "Your dream home starts with a mortgage advisor. Book a free call.",
    ],
)
def test_probe16_round5_refunds_advice_and_advisers_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# -- session 15 round 6 (probe16r6): an ID in and money out, an empty wallet "topped up", keeping up
# with others, payday far but "we're not", money in before the words are out


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Send me your passport and the money's yours.", "en.marketing.guaranteed-approval"),
        ("钱包见底了？来我这回回血", "zh.marketing.borrow-inducement"),
        ("人家有的你也要有，缺钱就找我们", "zh.marketing.borrow-inducement"),
        ("Payday is ages away. We aren't.", "en.marketing.rhetorical-lure"),
        ("一眨眼的功夫，钱已经到你卡上了", "zh.marketing.instant-approval"),
    ],
)
def test_probe16_round6_id_for_money_top_ups_and_near_paydays(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "钱包余额不足，请充值后再支付",
        "缺钱花的话，建议先做个预算",
        "Payday's too far away, can I move my due date?",
        "一眨眼就到月底了，记得还款",
    ],
)
def test_probe16_round6_top_ups_budgets_and_due_dates_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("别委屈自己，额度在等你", "zh.marketing.borrow-inducement"),
        ("想买就买，钱我们先垫", "zh.marketing.borrow-inducement"),
        ("周转不开？找我们，分分钟有钱", "zh.marketing.borrow-inducement"),
        ("Spoil yourself this weekend, future you can pay.", "en.marketing.no-threshold"),
        ("You've earned it. Pay later.", "en.marketing.no-threshold"),
        ("Strapped for cash? One tap and the money's yours.", "en.marketing.no-threshold"),
        ("Sign up on the bus, the cash is in before your stop.", "en.marketing.instant-approval"),
        ("Your credit score gets no say in our decision.", "en.marketing.no-credit-check"),
        ("Bad credit? Here it's off the table.", "en.marketing.no-credit-check"),
    ],
)
def test_probe17_round1_treat_yourself_cash_short_casual_moments_credit_kept_out(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "对自己好一点，按时吃饭，还款的事我们慢慢商量",
        "宣称“想买就买，钱我们先垫”的都是套路，请谨慎",
        "手头紧的话，可以申请延期还款，我们帮您登记",
        "Treat yourself to a break: autopay handles your instalments.",
        "Short on cash this month? Call us to discuss a hardship plan.",
        "Funds usually reach your account within one business day after approval.",
    ],
)
def test_probe17_round1_self_care_hardship_and_payout_times_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("能过吗？放一百个心，妥妥的", "zh.marketing.guaranteed-approval"),
        ("發薪日還早，先花着，何必等", "zh.marketing.rhetorical-lure"),
        ("演唱会门票我们帮你出，回头慢慢还", "zh.marketing.borrow-inducement"),
        ("信用卡账单一堆？一笔帮你还清", "zh.marketing.borrow-inducement"),
        ("同学都用上新手机了，你还在用旧的？", "zh.marketing.rhetorical-lure"),
        (
            "Everyone else is flying to Bali and you're still saving?",
            "en.marketing.rhetorical-lure",
        ),
        ("Why wait weeks? Get it today with a quick loan.", "en.marketing.rhetorical-lure"),
        ("Drowning in bills? We'll wipe them out in one go.", "en.marketing.no-threshold"),
        ("Freelancer with irregular income? You qualify.", "en.marketing.no-threshold"),
        ("从你按下申请到到账，一杯水的功夫", "zh.marketing.instant-approval"),
    ],
)
def test_probe17_round2_asked_approval_spend_before_payday_keeping_up_and_bills_wiped(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Shop around and compare APRs; the cheapest offer is not always the best.",
        "借钱前货比三家，看清年化利率再决定",
        "工资没到之前能不能申请延期？",
        "Self-employed applicants need to upload two years of tax returns.",
    ],
)
def test_probe17_round2_comparison_advice_and_service_questions_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Your application's been green-lit internally, just sign and it's yours.",
            "en.marketing.guaranteed-approval",
        ),
        ("我们只认身份证，其他一概不看", "zh.marketing.no-credit-check"),
        (
            "Late payments in the past? Clean slate here, no digging around.",
            "en.marketing.no-credit-check",
        ),
        ("年货节囤货不差钱，先借后买", "zh.marketing.borrow-inducement"),
        ("靠那点死工资一辈子翻不了身，借钱创业才是出路", "zh.marketing.borrow-inducement"),
        ("借钱也是一种能力，胆子大点借", "zh.marketing.borrow-inducement"),
        ("Never let money stop your big day. Borrow big.", "en.marketing.no-threshold"),
    ],
)
def test_probe17_round3_precleared_files_only_the_id_shopping_festivals_and_dare_to_borrow(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "只看您的还款记录是不行的，我们还需查询征信",
        "Clean slate: your account is now fully repaid and closed.",
        "双十一期间还款渠道正常，请按时还款",
        "借钱买手机之前，先算算月供占收入的比例",
        "别借钱炒股，风险太大",
    ],
)
def test_probe17_round3_records_festivals_and_advice_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("审核？就是个形式，你直接等钱", "zh.marketing.guaranteed-approval"),
        ("Credit score in the 400s? We'd still approve you.", "en.marketing.no-credit-check"),
        ("No income? No problem.", "en.marketing.no-threshold"),
        (
            "Why make do with an old car when a loan gets you a new one?",
            "en.marketing.rhetorical-lure",
        ),
        ("Don't be the only one without a new phone. Apply today.", "en.marketing.rhetorical-lure"),
        ("The life you deserve is one loan away.", "en.marketing.no-threshold"),
        ("有钱人都在借钱，聪明人都会借，赶紧借一笔", "zh.marketing.borrow-inducement"),
        ("月薪三千也能过上有钱人的日子", "zh.marketing.borrow-inducement"),
    ],
)
def test_probe17_round4_formal_reviews_fomo_the_life_you_want_and_other_peoples_money(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Zero interest, 1.5% monthly service fee, APR 31.7% (IRR).",
        "Last week a lender was fined for advertising “no credit check” loans.",
        "No income this month? Call us about a payment holiday.",
        "Refer a friend and you both get a fee discount: your friends can use your code.",
        "大学生请走国家助学贷款，我们不做学生业务",
        "审核是必要流程，结果以系统通知为准",
        "“月薪三千也能过月薪三万的日子”这种广告千万别信",
    ],
)
def test_probe17_round4_disclosed_zero_interest_news_referrals_and_refusals_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Approval here is a tick-box exercise for someone like you.",
            "en.marketing.guaranteed-approval",
        ),
        ("连工作都没有？照样借，人来就行", "zh.marketing.no-threshold"),
        ("Went bankrupt? Water under the bridge for us.", "en.marketing.no-credit-check"),
        ("今天的快乐今天享，以后再还", "zh.marketing.borrow-inducement"),
        ("Enjoy now, pay eventually.", "en.marketing.no-threshold"),
        (
            "Boss won't give you a raise? Give yourself one with a loan.",
            "en.marketing.no-threshold",
        ),
        ("全网都在用的贷款神器，一键借到手", "zh.marketing.borrow-inducement"),
    ],
)
def test_probe17_round5_rubber_stamps_even_without_a_job_enjoy_now_and_pay_rises(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "要交手续费吗？不用的，全程免费",
        "你以为要交手续费吗？不用的，全程免费",
        "Price of the loan: APR 12%, no other fees.",
        "Our underwriters review every file; approval is never automatic.",
    ],
)
def test_probe17_round5_fee_questions_and_reviews_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We never look you up anywhere. Cash today.", "en.marketing.no-credit-check"),
        ("If you're breathing, you qualify.", "en.marketing.no-threshold"),
        ("及时行乐，刷满额度再说", "zh.marketing.borrow-inducement"),
        ("Spoil the kids this Christmas, we'll front you the cash.", "en.marketing.no-threshold"),
        ("Unused credit is money going to waste. Draw it today.", "en.marketing.no-threshold"),
        ("Student ID is all you need for up to $2,000.", "en.marketing.student"),
    ],
)
def test_probe17_round6_no_lookups_anyone_breathing_occasions_and_idle_credit(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Everyone qualifies for a free budget review.",
        "Christmas hours: we're closed on the 25th; payments due that day move to the 27th.",
        # advice against borrowing more than you need: model.easy-credit flagged it from
        # session 21 to 22, until the English model learnt the family (probe23f2)
        "Unused credit isn't free money; only borrow what you need.",
    ],
)
def test_probe17_round6_reviews_holidays_and_advice_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Take out a personal loan this week and we'll throw in a free pair of AirPods.",
            "en.marketing.borrow-inducement",
        ),
        (
            "Borrow $5k or more before Friday and get a $200 Amazon voucher on us!",
            "en.marketing.borrow-inducement",
        ),
        (
            "Apply for a loan, get 5% cash back on the whole amount. Easy money.",
            "en.marketing.borrow-inducement",
        ),
        (
            "Free iPhone 16 with every loan approved this month lol, don't miss it",
            "en.marketing.borrow-inducement",
        ),
        (
            "Take a payday advance, enter our lucky draw, win a Tesla!",
            "en.marketing.borrow-inducement",
        ),
        (
            "Lah, borrow with us this CNY and collect an ang bao of S$88!",
            "en.marketing.borrow-inducement",
        ),
    ],
)
def test_probe18_round1_gifts_prizes_and_cash_back_for_a_loan(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Your student ID is all you need to open a basic savings account.",
        "學生證可以用嚟申請學生八達通，同貸款無關",
        "Agent: We never offer prizes or gift cards for loans.",
        "Complaint: the agent promised me a gift card for borrowing and never sent it.",
        'News: Court rules lender\'s "free gift with loan" promotion violated consumer law.',
        "Your loan statement is attached. Feel free to call us with questions.",
        "I've been getting calls at 11pm from your collectors, please stop.",
    ],
)
def test_probe18_round1_student_products_denials_reports_and_complaints_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Top up your loan by Sunday and we'll pay your Netflix for a year.",
            "en.marketing.borrow-inducement",
        ),
        (
            "We're giving away a Vespa! Every loan application = 1 entry.",
            "en.marketing.borrow-inducement",
        ),
        (
            "Loan out, gold bar in: borrow today and receive a 5g gold bar gift.",
            "en.marketing.borrow-inducement",
        ),
    ],
)
def test_probe18_round2_bills_paid_draw_entries_and_gold_for_a_loan(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Students get a free coffee with our campus café card.",
        "Uni students: our free money-management workshop is on Thursday.",
        "Never take a loan just to get a freebie; the gift is paid for by your interest.",
        "学生凭学生证乘地铁可享半价优惠",
        "Take a free credit report before you apply for any loan.",
        "A man from your company came to my mum's house. Never again, I'm calling the police.",
    ],
)
def test_probe18_round2_student_perks_advice_and_complaints_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Every drawdown over 5k earns you a free night at the Marina hotel.",
            "en.marketing.borrow-inducement",
        ),
        (
            "School leavers! Borrow for your first car before you even start work.",
            "en.marketing.student",
        ),
    ],
)
def test_probe18_round3_a_hotel_night_for_a_drawdown_and_school_leavers(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


def test_probe18_round3_a_students_own_question_passes() -> None:
    text = "If I borrow as a student, do I need a guarantor?"
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("辦貸款送全聯禮券一千元，活動只到月底", "zh.marketing.borrow-inducement"),
        ("月付利息只要0.9%，比信用卡循環利息低很多", "zh.rate.monthly-without-apr"),
    ],
)
def test_probe18_round4_vouchers_for_a_loan_and_monthly_interest(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "本行不核貸給未滿二十歲或在學學生",
        "If a lender offers a gift card to sign up for a loan, read the APR first: the gift is never free.",
        "Win a $500 gift card in our customer satisfaction survey (no purchase or loan needed).",
        "说好的借款送油卡，到现在也没给我",
        "提醒：借款送家电、送油卡的，十有八九藏着高息",
    ],
)
def test_probe18_round4_refusals_warnings_surveys_and_a_promised_gift_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Bro take loan with us can get free Grab credits one, confirm plus chop.",
        "Limited time: every personal loan comes with a $100 Visa prepaid card.",
        "New loan customers score a free year of Disney+. Apply in 2 mins!",
    ],
)
def test_probe18_round5_ride_credits_prepaid_cards_and_streaming_for_a_loan(text: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert "en.marketing.borrow-inducement" in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "If you are a student, talk to your school's financial aid office before borrowing.",
        "學生可以憑學生證免費入場參觀理財展覽",
    ],
)
def test_probe18_round5_advice_to_students_and_a_free_exhibition_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_probe18_round6_claim_your_free_gift_is_no_warning_frame() -> None:
    hits = [
        h.rule for h in RULES.check("Swipe up, take the loan, claim your free AirPods Pro.").hits
    ]
    assert "en.marketing.borrow-inducement" in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "College freshmen: pick up your free campus map at the welcome desk.",
        "學生憑學生證可免費參加理財講座",
    ],
)
def test_probe18_round6_a_campus_map_and_a_free_talk_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Low on funds? One click and the money lands in your account today.",
            "en.marketing.instant-approval",
        ),
        (
            "Want the new PlayStation before your mates do? Take a quick loan today.",
            "en.marketing.rhetorical-lure",
        ),
        ("想去旅行又没钱？先借着花，发工资再说", "zh.marketing.borrow-inducement"),
        ("今天申请，马上有钱去度假，还等什么？", "zh.marketing.rhetorical-lure"),
        ("Whatever your score, you're in. Count on it.", "en.marketing.guaranteed-approval"),
    ],
)
def test_probe19_round1_lures_without_a_gift_word_and_a_promise_after_a_full_stop(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Bills stacking up? One tap and it's sorted tonight.", "en.marketing.instant-approval"),
        (
            "Why miss out on that trip? We'll front you, you pay later.",
            "en.marketing.rhetorical-lure",
        ),
        ("Payday's weeks away? Get cash today and enjoy yourself.", "en.marketing.rhetorical-lure"),
        ("信用卡刷爆了？我们帮你补上，马上就能用。", "zh.marketing.borrow-inducement"),
        ("工资还没到？先来我们这拿点钱花。", "zh.marketing.borrow-inducement"),
    ],
)
def test_probe19_round2_bills_piling_up_payday_far_and_we_cover_it(text: str, rule: str) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


def test_probe19_round2_a_student_asking_whether_loans_are_allowed_passes() -> None:
    text = "Are student loans from you allowed? I'm still a student."
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Can't afford the holiday? You can with us.", "en.marketing.rhetorical-lure"),
        ("Short for rent? We'll sort you out today.", "en.marketing.instant-approval"),
        ("年终奖还没发？先借一笔过年！", "zh.marketing.borrow-inducement"),
        ("想换车又凑不齐首付？我们借给你。", "zh.marketing.borrow-inducement"),
    ],
)
def test_probe19_round3_cant_afford_it_short_for_rent_and_a_bonus_not_yet_paid(
    text: str, rule: str
) -> None:
    hits = [h.rule for h in RULES.check(text).hits]
    assert rule in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "Rent's due and the account's empty? A few taps and you're sorted.",
        "Wallet empty before the weekend? One click and we've got you.",
        "演唱会门票又差钱？来找我们，当天搞定。",
        "手头紧？来我们这儿，马上解决。",
    ],
)
def test_probe20_round1_money_short_then_a_fix_in_a_few_taps_or_come_to_us(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Short on cash? One tap shows you free debt advice.",
        "手头紧？来我们这里咨询免费的债务规划。",
    ],
)
def test_probe20_round1_money_short_then_help_that_is_not_a_loan_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Sick of saying no? Say yes to the festival and we'll pick up the tab.",
        "Why stay home while everyone's out? Apply in minutes.",
        "Applicants with a full-time job are never turned down.",
        "Someone like you? Honestly, this one's in the bag.",
        "演唱会想去又没预算？跟我们借，明天就有票。",
    ],
)
def test_probe20_round2_say_yes_we_pick_up_the_tab_and_never_turned_down(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Why stay home? Our free money advice evening is on Friday.",
        "We can't promise you'll never be turned down.",
    ],
)
def test_probe20_round2_advice_evenings_and_disclaimers_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, I've never had a firefighter turned down.",
        "Nurses just breeze through with us.",
        "School trip deposit due? We front it, no stress.",
        "手头紧？先借一些，过个好年。",
    ],
)
def test_probe20_round3_never_seen_one_turned_down_breeze_through_and_we_front_it(
    text: str,
) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "本平台借款不设任何礼品或返现，利率以合同为准。",
        "Payments always go through with us on the 1st.",
    ],
)
def test_probe20_round3_a_denied_gift_list_and_payments_going_through_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Summer sorted today. Borrow now and worry about it later.",
        "Got an NHS job? It'll go through, no question.",
        "All your mates have the new console. Why are you still on that old one? Split it with us.",
    ],
)
def test_probe20_round4_worry_later_a_steady_job_goes_through_and_split_it_with_us(
    text: str,
) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


def test_probe20_round4_a_free_money_skills_talk_for_students_passes() -> None:
    text = "Freshers: join our free money skills talk in the library on Monday."
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Send over your payslip and the loan's as good as yours.",
        "Honestly the paperwork is just a formality, sign here.",
        "Not one of my clients has ever been turned down, so relax.",
        "Fancy that new sofa? Have it now and leave the cost to us.",
        "没钱也不怕，来我们这儿，喜欢就买，先用后还。",
    ],
)
def test_session20_round1_everyday_guarantees_and_lures(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Agents may not tell a customer that a loan is as good as approved.",
        "It is against our rules to say the credit check is just a formality.",
    ],
)
def test_session20_round1_rules_for_staff_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Had a look at your details and honestly, it's an easy yes.",
        "We won't rake through your credit history, so go ahead.",
        "Wedding budget a bit thin? Bridge the gap with us and pay it back later.",
        "Your new bathroom doesn't have to wait. Leave the cost to us.",
        "双11想要的都拿下，发工资再还就行。",
        "年货还没置办？钱我们帮你垫，开开心心过年。",
    ],
)
def test_session20_round2_everyday_yes_no_digging_and_festival_lures(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "双十一购物车清空了吗？记得理性消费。",
        "We always look at your credit history before a decision.",
    ],
)
def test_session20_round2_prudent_reminders_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Between us, it's a rubber-stamp job.",
        "I've seen people with worse credit than yours get approved here.",
        "As soon as you sign, the rest is a given.",
        "Fancy a holiday? We'll fund it now, pay us back whenever suits.",
        "Empty purse before the weekend? Cash by tonight with us.",
        "喜欢的就拿，钱我们先付，以后慢慢还。",
    ],
)
def test_session20_round3_rubber_stamps_worse_approved_and_we_fund_it_now(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "It's not just a formality: we check every application carefully.",
        "Once you sign, the rest is automatic: your direct debit starts next month.",
    ],
)
def test_session20_round3_real_checks_and_direct_debits_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, I'd be surprised if you were declined.",
        "Getting accepted here is a doddle.",
        "Fill in the form and the money's on its way, simple.",
        "Consider yourself approved.",
        "Borrow a little today and have the best Christmas ever.",
        "Party coming up? We'll make sure you're the best dressed there.",
        "别让孩子输在起跑线，补习班的钱我们帮你出。",
    ],
)
def test_session20_round4_amazed_if_not_easy_bit_and_season_lures(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Semester fees due next week? We'll cover it today, pay us back after graduation.",
        "Back in halls and skint? Sign up with your uni login and get £200 tonight.",
        "Course fees piling up? We'll sort you out, and mum and dad won't hear a thing.",
        "Exam season stress? Top up your account today and pay later.",
        "All we care about is your income, not your credit file.",
        "No matter your history, it's going to be a yes.",
    ],
)
def test_session21_round1_campus_lures_without_student_and_yes_regardless(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "I'm in halls this year; can I pay back after graduation?",
        "Tuition is due next month and I can't make my loan payment. Can we set up a plan?",
        "We look at your income and your credit history, not just your score.",
        "Please speak to your university's student support service before you borrow.",
        "Exams are stressful; if you need to pause payments, we can help.",
    ],
)
def test_session21_round1_customers_own_words_and_advice_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Still doing your GCSEs? Get a small loan today, nobody at home needs to know.",
        "All your mates are off to Magaluf. Don't miss out: cash today, worry later.",
        "考研党没收入也能开通额度，录取通知书拍照就行。",
    ],
)
def test_session21_round2_school_years_fomo_and_study_life_lures(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "学生能借吗？我在读大三",
        "大学生能借吗？我在读大三，能借多少",
        "您的资料齐了，我马上帮您提交审核，结果以短信为准。",
        "A friend texted me saying 'no credit check, money in minutes'. Is that really you?",
        "Before taking out a loan for your course, look at the bursaries your college offers.",
    ],
)
def test_session21_round2_own_status_procedure_reports_and_bursaries_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "With a record like yours it'd take a miracle to get declined.",
        "资料齐了，十分钟内到账。",
        "七夕礼物还没买？先借点，给她一个惊喜。",
        "End of term and broke? Apply in 5 minutes, the bank of mum and dad never needs to know.",
    ],
)
def test_session21_round3_miracles_minutes_occasions_and_term_lures(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "My daughter's at uni and wants a loan of her own; can she apply?",
        "Staff must never promise that we skip credit checks.",
        "Students short on cash should try their university's hardship fund first.",
        "The message said 'no credit check, parents never know'. Looks like a scam to me.",
        "您的申请已经审批通过了，钱大概两个小时内到账。",
    ],
)
def test_session21_round3_parents_rulebooks_hardship_and_approved_notices_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "您的额度已冻结，交一笔解冻费后马上放款。",
        "審批已通過，請先繳付激活費，款項即日到賬。",
        "Approved! A small unlock fee of $120 and your funds are released straight away.",
        "We need a refundable security deposit before the payout can go through.",
        "Bad credit, past defaults: none of that matters, you'll still get approved.",
    ],
)
def test_session22_round1_advance_fees_and_bad_credit_indifference(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "有人让我先交解冻费才能放款，是不是诈骗？",
        "我们从不收取任何解冻费或保证金，放款前要求转账的都是骗子。",
        "I received a message asking for an activation fee to release my loan. Is this you?",
        "We never ask for a fee to unlock or release a loan.",
        "需要缴纳一定比例的保证金",
    ],
)
def test_session22_round1_reports_and_warnings_about_advance_fees_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# Session 23 (probe24r1): the past not looked at, said without a credit word, and advice against advance fees.
@pytest.mark.parametrize(
    "text",
    [
        "Your track record is none of our business, we lend on trust.",
        "Refused by other lenders? We don't look into any of that.",
        "Past mistakes? No looking back here, bring a payslip and you're done.",
        "We take your word for it — your background stays your business.",
        "Been turned down elsewhere? Nobody looking at your file here, cash tonight.",
    ],
)
def test_session23_round1_the_past_not_looked_at_without_a_credit_word(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Don't pay an activation fee to release a loan: reputable lenders never ask.",
        "Do not send money to unlock your funds; licensed lenders deduct fees from the payout.",
        "Do you look at my history with other lenders?",
    ],
)
def test_session23_round1_advice_against_advance_fees_and_questions_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# Session 23 (probe24r2): more ways of saying the past is not looked at; everyone gets a yes.
@pytest.mark.parametrize(
    "text",
    [
        "Money problems in the past? We honestly don't care, we start fresh.",
        "Your rating won't even come up when we decide.",
        "Old arrears and county court letters won't count against you here.",
        "Scared you'll be turned down? Relax. Everybody gets a yes with us.",
    ],
)
def test_session23_round2_past_money_trouble_ignored_and_a_yes_for_everyone(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


# Session 23 (probe24r3): the past as "ancient history", "not something we go into", judged on today; another no
# feared and waved away; parents left out in "the parents" form; a staff rule about children passes.
@pytest.mark.parametrize(
    "text",
    [
        "Defaults with the other banks? That's not something we go into.",
        "A couple of missed payments years back? Ancient history. Nobody asks.",
        "We go by who you are now, not on some file with your name on it.",
        "Tired of hearing no? Not here: you're approved before you finish typing.",
    ],
)
def test_session23_round3_the_past_is_history_and_no_more_noes(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


# Session 23 (probe24r4): the past kept shut ("skeletons", "what's on your report"), waved away in zh (旧账, 概不考虑);
# a warning about such ads and a postgraduate describing themselves pass.
@pytest.mark.parametrize(
    "text",
    [
        "Skeletons? Leave them be. We won't open the door on any of that.",
        "What's on your report is your business. We don't read it.",
        "以前欠过钱也不叫事，来了就重新开始",
        "閣下過往的還款紀錄，我們一概不問",
    ],
)
def test_session23_round4_the_past_kept_shut(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Ads like 'your past doesn't matter' usually come from loan sharks.",
        "研究生能不能申请？我在读研二",
    ],
)
def test_session23_round4_warnings_about_such_ads_and_postgraduates_asking_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# Session 24 (probe25r1): "zero"/"nil" said for "no" before a check word; 能下 alone is not "no check".
@pytest.mark.parametrize(
    "text",
    [
        "Zero credit checks and the cash lands this afternoon.",
        "Nil credit searches, just fill in your name and bank details.",
        "We do zero background checks, so your history stays your business.",
        "Not a single credit check, not a single form.",
    ],
)
def test_session24_round1_zero_checks_said_for_no_checks(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Zero late fees when you pay on the due date.",
        "Any advert offering zero credit checks is a scam: real lenders check affordability.",
        "这个能下吗？我之前被拒过一次",
    ],
)
def test_session24_round1_zero_fees_warnings_and_a_borrowers_question_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


# Session 24 (probe25r1): a dash ends a denial's reach ("You won't be — ..."); "we approve everybody".
@pytest.mark.parametrize(
    "text",
    [
        "Afraid of being declined? You won't be — everybody gets a yes.",
        "Bad credit? Don't worry - we approve everybody who applies.",
    ],
)
def test_session24_round1_a_dash_ends_the_denial(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


# Session 24 (probe25r2): zip/zilch checks, 零查询, every application a yes.
@pytest.mark.parametrize(
    "text",
    [
        "Zilch credit checks and the money's yours by lunch.",
        "零查询零审查，今天申请今天拿钱",
        "Every single application we get is a yes.",
    ],
)
def test_session24_round2_zip_checks_and_every_application_a_yes(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()


# Session 24 (probe25r3): "we don't pull reports", "zero problem" about credit, "never declined a single person",
# "if you apply, you're funded".
@pytest.mark.parametrize(
    "text",
    [
        "We never pull your credit, so apply without worrying.",
        "Bad credit score? Zero problem with us.",
        "Scared of a no? Don't be — we've never declined a single applicant.",
        "Just apply and you're funded, that simple.",
    ],
)
def test_session24_round3_no_pull_and_never_declined(text: str) -> None:
    assert any(h.category == "marketing" for h in RULES.check(text).hits), RULES.check(
        text
    ).to_dict()
