"""Concept patterns: paraphrases, pinyin and homophones, students, collection abuse, and the
warnings, advice and policy statements that must pass. Offsets always land on what was typed."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loancs.core.compliance import RuleFileError, load_rules
from loancs.core.compliance.concepts import parse_pattern
from loancs.core.compliance.pinyin import same_sound, sound
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

DATA = Path(__file__).parent / "data" / "compliance"


def rules_hit(text: str) -> set[str]:
    result = RULES.check(text)
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.match and hit.match
    return {h.rule for h in result.hits if h.severity != "info"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("放心，这笔肯定能批下来", "zh.marketing.guaranteed-approval"),
        ("下款是肯定的，您别担心", "zh.marketing.guaranteed-approval"),
        ("征信的事不用担心，我们不查", "zh.marketing.no-credit-check"),
        ("徵信不好也沒關係，照樣放款", "zh.marketing.no-credit-check"),
        ("没工作没收入也可以贷", "zh.marketing.no-threshold"),
        ("三分钟下款，不用等", "zh.marketing.instant-approval"),
        ("Don't worry, you will definitely get approved.", "en.marketing.guaranteed-approval"),
        ("Bad credit? Doesn't matter, we'll still lend to you.", "en.marketing.no-credit-check"),
        ("No job, no income, no problem, you still qualify.", "en.marketing.no-threshold"),
    ],
)
def test_paraphrases_and_split_clauses(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("bu查征信，当天下款", "bu查征信"),
        ("zheng信不好也能dai", "zheng信不好也能dai"),
        ("不看正信，直接放款", "不看正信"),
        ("bao过，miao批，不要犹豫", "bao过"),
        ("无men槛，有身份证就能借", "无men槛"),
    ],
)
def test_pinyin_and_homophones_land_on_what_was_typed(text: str, typed: str) -> None:
    result = RULES.check(text)
    assert result.verdict == "block"
    assert typed in [h.match for h in result.hits]


@pytest.mark.parametrize(
    "text",
    ["您的包裹已经寄出", "同时，请确认您的银行卡信息", "经查，您的账户没有逾期", "拉你进群加人"],
)
def test_sound_alikes_of_other_tones_are_not_lures(text: str) -> None:
    assert rules_hit(text) == set()


def test_sound_view_folds_hanzi_and_pinyin_alike() -> None:
    assert sound("bu查")[0] == sound("不查")[0] == "bucha"
    assert same_sound("征心", "征信") is False  # xīn is not xìn
    assert same_sound("代款", "贷款") is True


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("在校生也能借，额度五千", "zh.marketing.student"),
        ("学生证就能贷，不用告诉父母", "zh.marketing.student"),
        ("在校學生也可以申請，家長不會知道", "zh.marketing.student"),
        ("No need to tell your parents, students get approved fast.", "en.marketing.student"),
    ],
)
def test_student_lures(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你的紧急联系人我们已经打过电话了", "zh.collection.third-party"),
        ("你爸妈的电话我们都有", "zh.collection.third-party"),
        ("把你的照片发到你们小区业主群", "zh.collection.shaming"),
        ("等着吃牢饭吧", "zh.collection.threat"),
        ("不还钱你孩子以后考公政审都过不了", "zh.collection.children"),
        ("半夜去你家敲门", "zh.collection.night-visit"),
        ("半夜再打给你", "zh.collection.quiet-hours"),
        ("晚上十一点我再给你打电话", "zh.collection.quiet-hours"),
        ("你去别的平台借点钱先还上", "zh.collection.borrow-to-repay"),
        ("Your emergency contacts will be getting calls today.", "en.collection.third-party"),
        ("We'll post your name and photo on Facebook.", "en.collection.shaming"),
        ("The cops will be at your door by Friday.", "en.collection.threat"),
        ("Your kids won't get into college because of this debt.", "en.collection.children"),
        ("I'll call you again at 11 pm.", "en.collection.quiet-hours"),
        ("Take out a payday loan and pay us today.", "en.collection.borrow-to-repay"),
    ],
)
def test_collection_abuse(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    "text",
    [
        "声称包过的都是诈骗",
        "凡是说不看征信的，都是骗子",
        "Beware of anyone who says no credit check.",
        "不建议借新还旧，会越陷越深",
        "We don't recommend taking a new loan to pay off an old one.",
        "根据规定，催收人员不得联系借款人的家人和单位",
        "If a collector threatens to contact your employer, please report it to us.",
        "本平台不向在校学生提供贷款",
        "逾期不会坐牢，但会影响征信记录",
        "我们明天上午十点给您回电话",
        "I'll call you back tomorrow at 10 am.",
        "请保证资料真实有效，以便尽快审核",
        "按照监管要求，我们会依法查询您的征信",
    ],
)
def test_warnings_advice_policy_and_near_misses_pass(text: str) -> None:
    assert rules_hit(text) == set(), RULES.check(text).to_dict()


def test_quiet_hours_follow_the_lenders_contact_policy() -> None:
    text = "晚上十点半我再给你打电话"
    assert "zh.collection.quiet-hours" in rules_hit(text)
    later = load_rules(text='[contact]\nquiet_start = "23:00"\nquiet_end = "08:00"\n')
    assert later.check(text).verdict == "ok"


def test_lender_extends_a_concept_and_adds_a_concept_pattern() -> None:
    lender = load_rules(
        text="""
[concepts]
approve = ["出款"]
cash_out = { terms = ["套现", "提现到卡"], exclude = ["禁止套现"] }

[[rule]]
id = "lender.cash-out"
category = "marketing"
severity = "block"
patterns = ["@cash_out ~ @help"]
message = "不得协助套现"
suggestion = "说明资金用途"

[concepts.help]
terms = ["帮你", "协助", "可以"]
"""
    )
    assert "zh.marketing.guaranteed-approval" in {h.rule for h in lender.check("肯定能出款").hits}
    hit = lender.check("我们可以帮你套现").hits[0]
    assert hit.rule == "lender.cash-out"
    assert hit.pattern == "@cash_out ~ @help"
    assert dict(hit.concepts)["cash_out"] == "套现"
    assert lender.check("平台禁止套现").verdict == "ok"


def test_unknown_concepts_and_bad_patterns_name_the_rule() -> None:
    bad = '[[rule]]\nid = "l.x"\ncategory = "marketing"\nseverity = "warn"\n'
    bad += 'patterns = ["@nowhere @approve"]\nmessage = "m"\nsuggestion = "s"\n'
    with pytest.raises(RuleFileError, match=r"l\.x.*@nowhere"):
        load_rules(text=bad)
    with pytest.raises(RuleFileError, match="needs an element"):
        load_rules(text=bad.replace("@nowhere @approve", "@approve & & @certain"))
    assert parse_pattern("@a .. b_c").elements == ("a", "=b c")


@st.composite
def spaced_pinyin(draw: st.DrawFn) -> tuple[str, str]:
    lure = draw(st.sampled_from(["bu查征信", "bao过", "xia款百分百", "hei户可贷"]))
    sep = draw(st.sampled_from(["", " ", "\u200b", "*"]))
    written = sep.join(lure) if draw(st.booleans()) else lure
    prefix = draw(st.sampled_from(["", "您好，", "亲，"]))
    return prefix + written + draw(st.sampled_from(["", "。", "！"])), written


@given(spaced_pinyin())
@settings(max_examples=60, deadline=None)
def test_offsets_stay_exact_through_the_sound_view(case: tuple[str, str]) -> None:
    text, _written = case
    result = RULES.check(text)
    assert result.verdict == "block", (text, result.to_dict())
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.match


def test_development_half_stays_accurate() -> None:
    """A regression guard on tests/data/compliance/dev.tsv (the held-out half is only
    measured by scripts/bench_compliance.py)."""
    caught = violations = alarms = clean = 0
    for line in (DATA / "dev.tsv").read_text(encoding="utf-8").splitlines():
        label, _klass, text = line.split("\t")
        result = RULES.check(text)
        if label == "clean":
            clean += 1
            alarms += result.verdict != "ok"
        else:
            violations += 1
            caught += any(h.category == label and h.severity != "info" for h in result.hits)
    assert violations >= 150 and clean >= 100
    assert caught / violations >= 0.95
    assert alarms / clean <= 0.03


@given(
    st.text(
        alphabet="保证通过 秒批ＡＰＰGuaranteed\u200b，。 12３.%㎏您徵\t\n-*\u00ad", max_size=30
    )
)
@settings(max_examples=300, deadline=None)
def test_fast_normalisation_equals_the_general_one(text: str) -> None:
    from loancs.core.normalize import _normalize_slow, normalize

    assert normalize(text) == _normalize_slow(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("日 息 万 分 之 五", "zh.rate.daily-without-apr"),  # spaced hanzi in a rate quote
        ("每 万元 每天3元", "zh.rate.daily-without-apr"),
        (
            "Ｗｅ ｄｏｎ＇ｔ ｌｏｏｋ ａｔ ｙｏｕｒ ｃｒｅｄｉｔ ｓｃｏｒｅ",
            "en.marketing.no-credit-check",
        ),
    ],
)
def test_spacing_and_full_width_do_not_hide_a_violation(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@functools.cache
def _dev_violations() -> list[tuple[str, str]]:
    """The development set's violations the checker finds as written: the property is that
    invisible characters change nothing (a sentence it misses anyway, dev's known miss,
    would fail whichever characters were added). Read when the test first draws from it
    (``st.deferred``), not while every worker collects the module."""
    rows = [line.split("\t") for line in (DATA / "dev.tsv").read_text("utf-8").splitlines()]
    return [
        (label, text)
        for label, _klass, text in rows
        if label != "clean" and any(h.category == label for h in RULES.check(text).hits)
    ]


@given(
    st.deferred(lambda: st.sampled_from(_dev_violations())),
    st.lists(st.integers(0, 400), max_size=4),
)
@settings(max_examples=150, deadline=None)
def test_invisible_characters_never_hide_a_violation_or_move_a_span(
    case: tuple[str, str], cuts: list[int]
) -> None:
    label, text = case
    for cut in sorted(cuts, reverse=True):
        at = cut % (len(text) + 1)
        text = text[:at] + "\u200b" + text[at:]
    result = RULES.check(text)
    assert any(h.category == label for h in result.hits), (text, result.to_dict())
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.match


@pytest.mark.parametrize(
    "text", ["任何人都可以在APP上查看产品介绍", "人人都能享受新春优惠", "什么人都可以打客服电话"]
)
def test_anyone_alone_is_not_a_lure(text: str) -> None:
    assert rules_hit(text) == set()


@pytest.mark.parametrize(
    ("text", "rule", "typed"),
    [
        # pinyin initials stand for the words of a lure, mixed with hanzi or alone
        ("有sfz就能dk，当天到账", "zh.marketing.no-threshold", "有sfz就能dk"),
        ("bkzx，秒下", "zh.marketing.no-credit-check", "bkzx"),
        ("wmk，有手机就能借", "zh.marketing.no-threshold", "wmk"),
        # a heteronym typed in its other reading (还 is hái and huán)
        ("借新huan旧也得还", "zh.collection.borrow-to-repay", "借新huan旧"),
        # digits standing for letters inside English words
        ("no cr3dit ch3ck, guaranteed appr0val", "en.marketing.no-credit-check", "no cr3dit ch3ck"),
    ],
)
def test_abbreviations_heteronyms_and_look_alike_digits(text: str, rule: str, typed: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.rule == rule]
    assert hits, text
    assert typed in text[min(h.start for h in hits) : max(h.end for h in hits)]


@pytest.mark.parametrize(
    "text",
    [
        "请联系HR办理入职",  # an English abbreviation, not pinyin
        "您的QQ号是多少？",
        "消费贷和经营贷一般无需担保人或抵押",  # 贷一 is not 大一 (大 read dài is rare)
        "有逾期记录的客户需要先结清才能申请",  # 先结 is not 先借
        "本次活动新用户首期免手续费，年化利率12%起",  # 新用 is not 信用
        "务必下载官方App办理",
    ],
)
def test_sound_alikes_that_are_ordinary_words_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("有没有征信记录都无所谓，照样放款", "zh.marketing.no-credit-check"),  # A-not-A asks
        ("额度已经给您预留好了，提交就能过，跑不了", "zh.marketing.guaranteed-approval"),
        ("不管什么情况，我们都能帮您办下来", "zh.marketing.guaranteed-approval"),
        ("申请必下，不下不收费", "zh.marketing.guaranteed-approval"),
        ("审批只要三十秒，钱马上到卡", "zh.marketing.instant-approval"),
        ("刷个脸就能借到钱，不用任何资料", "zh.marketing.no-threshold"),
        (
            "All you need is a phone number, no documents, no job required.",
            "en.marketing.no-threshold",
        ),
        ("No credit history required, no hard pull.", "en.marketing.no-credit-check"),
        ("College students welcome, no cosigner needed.", "en.marketing.student"),
        ("你老婆知道你借了这么多钱吗？我们帮你告诉她", "zh.collection.third-party"),
        ("等你睡着了我们就开始打电话", "zh.collection.quiet-hours"),
        ("今天夜里我会一直给你打", "zh.collection.quiet-hours"),
        ("再不还钱就bao警", "zh.collection.threat"),
        ("Max out your credit card if you have to, just pay.", "en.collection.borrow-to-repay"),
    ],
)
def test_wording_found_by_the_third_probe(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    "text",
    [
        '有人说"不还就抓你"，这是违法催收，请保留证据。',
        "网上说“学生也能借”的平台大多是非法网贷。",
        "We never ask for upfront fees; a lender who guarantees approval is not legitimate.",
        "您说催收员要去您单位找您，我们马上核实。",
        "如果有人冒充我们，请报警。",
        "我们的产品不需要抵押，按月还款",
    ],
)
def test_reported_and_quoted_words_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).hits


def test_the_agents_own_words_after_a_quote_or_to_you_still_count() -> None:
    assert "zh.marketing.guaranteed-approval" in rules_hit("我跟你说，这笔肯定能批下来")
    assert "zh.marketing.guaranteed-approval" in rules_hit("我们的口号是“包下款”，您放心申请")


def test_a_question_listing_student_among_occupations_passes() -> None:
    text = "您目前的工作情况是？（上班族、个体经营、自由职业、学生、退休、暂无工作）"
    assert RULES.check(text).verdict == "ok"
    assert RULES.check("Are you employed, self-employed, a student or unemployed?").verdict == "ok"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("交给我们团队，没有办不下来的贷款", "zh.marketing.guaranteed-approval"),  # double negative
        ("我们有专人帮你搞定审批，你就等着到账吧", "zh.marketing.guaranteed-approval"),
        ("别犹豫了，提交就能拿到钱，我给你打包票", "zh.marketing.guaranteed-approval"),
        ("一张身份证，一部手机，钱就到手", "zh.marketing.no-threshold"),
        ("We keep it confidential, your parents won't know.", "en.marketing.student"),
        ("要不我们给你丈母娘打个电话？", "zh.collection.third-party"),  # 要不 is "how about"
        ("你通讯录的人一个一个都会接到电话", "zh.collection.third-party"),
        ("再不还，我们就做个曝光视频发抖音", "zh.collection.shaming"),
        ("Everyone in your WhatsApp groups will see what you owe.", "en.collection.shaming"),
        ("你这属于恶意逃债，警方会介入的", "zh.collection.threat"),
        ("Your children's futures will be affected by this.", "en.collection.children"),
        ("我们会在你睡觉的时候一直打", "zh.collection.quiet-hours"),
        ("你信用卡不是还有额度吗？刷出来还", "zh.collection.borrow-to-repay"),
    ],
)
def test_wording_found_by_the_second_probe(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    "text",
    [
        "我们没有办法保证一定通过。",
        "以贷养贷风险很高，请您慎重。",
        "我们需要判断您的还款能力",
        "警方提醒：谨防电信诈骗",
        "请准备好身份证和银行卡，审核通过后即可放款",
        "提交申请后就有专人联系您",
    ],
)
def test_second_probe_clean_wording_passes(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).hits


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("kou证下款", "zh.marketing.no-threshold"),  # the lender keeps your ID (扣证)
        ("我们的下款率高达98%", "zh.marketing.guaranteed-approval"),
        ("Our approval rate is 99%.", "en.marketing.guaranteed-approval"),
        ("再不还让你坐不了高铁", "zh.collection.threat"),  # only a court can order that
        ("We will garnish your wages next week.", "en.collection.threat"),
    ],
)
def test_approval_rates_held_ids_and_sanctions_only_a_court_orders(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    "text",
    [
        "如法院判决后仍不履行，可能被列入失信被执行人名单",
        "审批通过率不高，请如实填写",
        "我们不会扣押您的证件",
    ],
)
def test_court_process_and_low_rates_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).hits


@pytest.mark.parametrize(
    ("text", "rule", "typed"),
    [
        ("No cr€dit check n€eded", "en.marketing.no-credit-check", "cr€dit"),
        ("你不还，我就把这事跟你老板说", "zh.collection.third-party", "跟你老板说"),
        ("只要你点申请，钱就是你的了", "zh.marketing.guaranteed-approval", "钱就是你的"),
        ("With us, approval is a formality.", "en.marketing.guaranteed-approval", "formality"),
        ("We've never had an applicant turned down.", "en.marketing.guaranteed-approval", "never"),
        ("Your kids will suffer because of your debt.", "en.collection.children", "suffer"),
        ("用花呗先垫上这期", "zh.collection.borrow-to-repay", "花呗"),
    ],
)
def test_wording_found_by_the_third_probe_set(text: str, rule: str, typed: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.rule == rule]
    assert hits, RULES.check(text).hits
    assert typed in text[min(h.start for h in hits) : max(h.end for h in hits)]
    assert all(text[h.start : h.end] == h.match for h in hits)


def test_a_customer_reporting_identity_theft_is_not_a_lure() -> None:
    assert RULES.check("有人冒用我的身份证贷款").verdict == "ok"


def test_advice_to_talk_to_family_passes() -> None:
    assert RULES.check("我建议您跟家人说一下，让他们提醒您按时还款").verdict == "ok"
    assert RULES.check("Send it to john@example.com, please.").verdict == "ok"


def test_a_lure_typed_wholly_in_pinyin_is_read_as_chinese() -> None:
    assert "zh.marketing.no-credit-check" in rules_hit("bu kan zheng xin, dang tian xia kuan")
    assert "zh.marketing.student" in rules_hit("zai xiao xue sheng ye neng jie")
    # English words that happen to be pinyin syllables are still English
    for text in ("Dan, I can ban the man", "He is in a bank", "we can pay on time"):
        assert rules_hit(text) == set(), text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("审批就是走个形式，钱已经算是你的了", "zh.marketing.guaranteed-approval"),
        ("我做了八年信贷，你这种资质闭着眼睛都能下", "zh.marketing.guaranteed-approval"),
        ("下不来我把佣金退给你，你怕啥", "zh.marketing.guaranteed-approval"),
        ("这个额度你拿定了", "zh.marketing.guaranteed-approval"),
        ("Consider the money already in your pocket.", "en.marketing.guaranteed-approval"),
        ("再不还你就进去了，别说我没提醒你", "zh.collection.threat"),
        # one finding for the same words: the rule listed first of the two that flag them
        ("We know where your wife works, we'll pay her a visit.", "en.collection.threat"),
        ("你亲戚朋友的电话我这都有，要不要我一个个通知", "zh.collection.third-party"),
        ("你不还，我就让你在亲戚面前丢尽脸", "zh.collection.shaming"),
        ("Your kids will be stuck with this on their record forever.", "en.collection.children"),
    ],
)
def test_wording_found_by_the_fourth_wave(text: str, rule: str) -> None:
    assert rule in rules_hit(text)


@pytest.mark.parametrize(
    "text",
    [
        "他在公安局上班，所以白天不方便接电话",  # a police station is a place, not a threat
        "The police station is near our office, you can find us easily.",
        "大学生借钱前最好先和父母商量",  # advice to involve the parents
        "本平台不向未满22周岁的在校生提供借款服务",  # a refusal to lend to students
        "建议不要用信用卡套现还款",
        "If a lender says they don't check credit, walk away.",
        "这个快递一定包过去给您",  # 包过 inside 包过去
        "他是内定的人选，下周入职",  # 内定 alone is not a pre-approval lure
        "我一定帮您跟进放款进度",
    ],
)
def test_wording_the_fourth_wave_keeps_clean(text: str) -> None:
    assert rules_hit(text) == set()
