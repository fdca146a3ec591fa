"""Compliance engine: what an agent's message triggers, where the underline lands, and what
ordinary service sentences do NOT trigger."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loancs.core.compliance import CheckResult, RuleSet, load_rules
from loancs.core.normalize import normalize
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RULES


def rule_ids(result: CheckResult) -> set[str]:
    return {h.rule for h in result.hits}


def assert_offsets_exact(text: str, result: CheckResult) -> None:
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.match, hit
        assert hit.match  # never an empty underline


# ------------------------------------------------------------------ ordinary sentences
ORDINARY = [
    "您好，请问有什么可以帮您？",
    "年化利率7.2%（单利）",
    "本产品年化利率7.2%（单利），月利率0.6%，分12期。",
    "您的手机号138****5678已绑定。",
    "卡号 6222 **** **** 0006 的自动扣款已开通。",
    "身份证 110***********1234 已核验。",
    "我们不能保证通过，结果以审核为准。",
    "违约金为提前还款本金的1%",
    "逾期罚息日利率0.05%，请按时还款。",
    "我们不会联系您的家人或单位。",
    "We cannot guarantee approval.",
    "No one can guarantee approval; it depends on the review.",
    "Your APR is 10.9%, that is 0.9% a month.",
    "We will never contact your employer.",
    "Hello, how can I help you today?",
    "请您在本月25日前还款1,000.00元，谢谢。",
    "您的申请编号为20261129000123，请耐心等待。",
    "谨防“无门槛秒批”类诈骗，我们从不收取前期费用。",
    "我们保证，审核完成后第一时间通知您。",
    "Please note your late fee is 5% of the overdue amount.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_service_sentences_pass(rules: RuleSet, text: str) -> None:
    result = rules.check(text)
    assert result.verdict == "ok", result.to_dict()
    assert [h for h in result.hits if h.severity != "info"] == []


# ------------------------------------------------------------------ marketing + evasion
MARKETING_EVASIONS = [
    ("保证通过", "保证通过"),
    ("保 证 通 过", "保 证 通 过"),
    ("您放心，保证通过！", "保证通过"),
    ("保證通過", "保證通過"),  # traditional
    ("保\u200b证\u200d通过", "保\u200b证\u200d通过"),  # zero-width inside
    ("保-证-通-过", "保-证-通-过"),
    ("保，证，通，过", "保，证，通，过"),  # split at every gap on purpose
    ("秒 批", "秒 批"),
    ("无*门*槛", "无*门*槛"),
    ("我们这里零门槛", "零门槛"),
    ("不看征信", "不看征信"),
    ("無視徵信", "無視徵信"),
    ("黑户可贷", "黑户可贷"),
    ("凭身份证秒贷", "凭身份证秒贷"),
    ("百分百下款", "百分百下款"),
    ("100％下款", "100％下款"),  # full-width percent
    ("GUARANTEED approval", "GUARANTEED approval"),
    (
        "Ｇｕａｒａｎｔｅｅｄ Ａｐｐｒｏｖａｌ",
        "Ｇｕａｒａｎｔｅｅｄ Ａｐｐｒｏｖａｌ",
    ),  # full-width
    ("g.u.a.r.a.n.t.e.e.d approval!", "g.u.a.r.a.n.t.e.e.d approval"),
    ("Apply now: NO CREDIT CHECK", "NO CREDIT CHECK"),
]


@pytest.mark.parametrize(("text", "match"), MARKETING_EVASIONS)
def test_marketing_lures_block_through_evasion(rules: RuleSet, text: str, match: str) -> None:
    result = rules.check(text)
    assert result.verdict == "block", result.to_dict()
    hit = next(h for h in result.hits if h.category == "marketing")
    assert hit.severity == "block"
    assert hit.match == match
    assert_offsets_exact(text, result)
    assert hit.message and hit.suggestion


def test_soft_lures_warn(rules: RuleSet) -> None:
    for text in ("本月零利息哦", "我们利率全网最低", "Zero interest for new customers!"):
        result = rules.check(text)
        assert result.verdict == "warn", (text, result.to_dict())
        assert {h.category for h in result.hits} == {"marketing"}


def test_clause_break_is_not_an_evasion(rules: RuleSet) -> None:
    # "我们保证，通过审核后……" is two clauses; only an even split is an evasion.
    assert "zh.marketing.guaranteed-approval" not in rule_ids(
        rules.check("我们保证，通过审核后通知您")
    )
    assert "zh.marketing.guaranteed-approval" in rule_ids(rules.check("保，证，通，过"))


def test_english_phrases_need_word_boundaries(rules: RuleSet) -> None:
    assert rules.check("the jailbreak movie").verdict == "ok"
    assert rules.check("You will go to jail").verdict == "block"
    # "not" inside "another" is not a negator
    assert rules.check("another guaranteed approval offer").verdict == "block"


# ------------------------------------------------------------------ negation, both ways
NEGATED = [
    "我们不能保证通过",
    "我们无法保证通过",
    "我们不能向您保证通过",
    "我们绝不承诺保证通过",
    "没有人可以保证通过",
    "我们不是无门槛贷款",
    "我们不会联系你的家人",
    "我们不会主动联系你的单位",
    "we cannot guarantee approval",
    "We can't guarantee approval",
    "no one can guarantee approval",
    "we do not offer guaranteed approval",
    "We will never call your employer.",
]


@pytest.mark.parametrize("text", NEGATED)
def test_negated_phrases_are_compliant(rules: RuleSet, text: str) -> None:
    result = rules.check(text)
    assert result.verdict == "ok", result.to_dict()


NOT_NEGATED = [
    # the pattern's own 不 is not a negation of itself
    ("不看征信，当天下款", "不看征信"),
    ("我们从不看征信", "不看征信"),
    ("不查征信", "不查征信"),
    # a negator that belongs to another verb
    ("再不还就找你单位", "找你单位"),
    ("你不还钱就坐牢", "坐牢"),
    ("不管征信多差都保证通过", "保证通过"),
    ("不仅保证通过还秒批", "保证通过"),
    # a negator in an earlier clause does not reach the phrase
    ("不，保证通过！", "保证通过"),
    ("if you do not pay we will call your employer", "call your employer"),
    ("Not a problem, guaranteed approval!", "guaranteed approval"),
]


@pytest.mark.parametrize(("text", "match"), NOT_NEGATED)
def test_phrases_that_are_not_negated_still_block(rules: RuleSet, text: str, match: str) -> None:
    result = rules.check(text)
    assert result.verdict == "block", result.to_dict()
    assert match in {h.match for h in result.hits}
    assert_offsets_exact(text, result)


def test_insults_ignore_negators(rules: RuleSet) -> None:
    assert rules.check("你别不要脸").verdict == "block"


# ------------------------------------------------------------------ collection
COLLECTION = [
    ("再不还钱就让你坐牢", "zh.collection.threat"),
    ("明天警察上门抓你", "zh.collection.threat"),
    ("我们会起诉你全家", "zh.collection.threat"),
    ("再不还就找你单位", "zh.collection.third-party"),
    ("我们会通知你家人", "zh.collection.third-party"),
    ("我们会联系你的通讯录", "zh.collection.third-party"),
    ("聯繫你的通訊錄", "zh.collection.third-party"),  # traditional
    ("你可以借新还旧", "zh.collection.borrow-to-repay"),
    ("你这个老赖", "zh.collection.insult"),
    ("坐 牢", "zh.collection.threat"),
    ("You will be ARRESTED", "en.collection.threat"),
    ("We will call your employer tomorrow", "en.collection.third-party"),
    ("Just take out another loan to pay us", "en.collection.borrow-to-repay"),
    ("You deadbeat.", "en.collection.insult"),
]


@pytest.mark.parametrize(("text", "rule"), COLLECTION)
def test_collection_threats_block(rules: RuleSet, text: str, rule: str) -> None:
    result = rules.check(text)
    assert result.verdict == "block"
    assert rule in rule_ids(result)
    assert_offsets_exact(text, result)


# ------------------------------------------------------------------ rate disclosure
def only_rate_hit(rules: RuleSet, text: str):
    result = rules.check(text)
    rate = [h for h in result.hits if h.category == "rate-disclosure"]
    assert len(rate) == 1, result.to_dict()
    assert result.verdict == "warn"
    assert_offsets_exact(text, result)
    return rate[0]


def test_flat_monthly_fee_suggests_apr_from_calculator(rules: RuleSet) -> None:
    hit = only_rate_hit(rules, "月费率0.5%，分12期")
    assert hit.rule == "zh.rate.flat-fee-without-apr"
    assert hit.match == "月费率0.5%"
    assert "10.90%" in hit.suggestion
    hit = only_rate_hit(rules, "月费率0.5%（12期）")
    assert "10.90%" in hit.suggestion


@pytest.mark.parametrize(
    ("text", "match", "apr"),
    [
        ("月息0.5%", "月息0.5%", "6.00%"),
        ("月利率 0.8%", "月利率 0.8%", "9.60%"),
        ("月息只要0.5%", "月息只要0.5%", "6.00%"),
        ("月息5厘", "月息5厘", "6.00%"),
        ("日息万分之五", "日息万分之五", "18.25%"),
        ("日利率0.05%", "日利率0.05%", "18.25%"),
        ("日利率０．０５％", "日利率０．０５％", "18.25%"),  # full-width
        ("日利率0.05％，很划算", "日利率0.05％", "18.25%"),
        ("it is only 0.5% a month", "0.5% a month", "6.00%"),
        ("0.05% per day", "0.05% per day", "18.25%"),
        ("our monthly rate is 1%", "monthly rate is 1%", "12.00%"),
        ("每月手续费0.6%，分24期", "每月手续费0.6%", None),
    ],
)
def test_rate_quotes_without_annual_rate_warn(
    rules: RuleSet, text: str, match: str, apr: str | None
) -> None:
    hit = only_rate_hit(rules, text)
    assert hit.match == match
    assert hit.severity == "warn"
    if apr:
        assert apr in hit.suggestion


def test_monthly_fee_is_annualised_over_the_stated_term(rules: RuleSet) -> None:
    from decimal import Decimal

    from loancs.core.finance import quote_to_apr

    hit = only_rate_hit(rules, "每月手续费0.6%，分24期")
    expected = quote_to_apr("flat_monthly", Decimal("0.6"), 24).apr
    assert f"{expected:.2f}%" in hit.suggestion


def test_flat_fee_without_term_assumes_twelve_and_says_so(rules: RuleSet) -> None:
    hit = only_rate_hit(rules, "月费率0.5%")
    assert "10.90%" in hit.suggestion and "12" in hit.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "月利率0.5%，年化利率6%（单利）",
        "日息万分之五，年化18.25%",
        "0.5% a month, APR 6%",
        "0.5% a month (6% APR)",
        "违约金为提前还款本金的1%",
        "逾期罚息日利率0.05%",
        "Late fee: 0.05% per day of the overdue amount",
        "每天只要5元",  # an amount, not a rate
        "月供1000元，分12期",
    ],
)
def test_disclosed_or_non_interest_percentages_pass(rules: RuleSet, text: str) -> None:
    result = rules.check(text)
    assert [h for h in result.hits if h.category == "rate-disclosure"] == [], result.to_dict()


# ------------------------------------------------------------------ pii
def test_full_numbers_block_and_masked_pass(rules: RuleSet) -> None:
    text = "身份证11010519491231002X，卡号6222 0200 0000 0007，手机13800138000"
    result = rules.check(text)
    assert result.verdict == "block"
    assert [h.rule for h in result.hits] == ["pii.id-card", "pii.bank-card", "pii.mobile"]
    assert_offsets_exact(text, result)
    assert "110***********002X" in result.hits[0].suggestion
    assert rules.check("手机138****8000，卡 6222 **** **** 0007").verdict == "ok"


def test_pii_with_zero_width_and_full_width_digits(rules: RuleSet) -> None:
    text = "手机１３８\u200b００１３８０００"
    result = rules.check(text)
    assert [h.rule for h in result.hits] == ["pii.mobile"]
    assert_offsets_exact(text, result)


# ------------------------------------------------------------------ offsets
def test_offsets_land_on_original_characters_with_invisible_chars(rules: RuleSet) -> None:
    text = "\u200b\ufeff您好！\u200b秒\u200b批，無*門*檻；GUARANTEED\u00a0approval"
    result = rules.check(text)
    assert_offsets_exact(text, result)
    assert [h.match for h in result.hits] == ["秒\u200b批", "無*門*檻", "GUARANTEED\u00a0approval"]


def test_nfkc_expansion_maps_back_to_one_character() -> None:
    norm = normalize("㎏①ＡＢ")
    assert norm.dense == "kg1ab"
    assert norm.dense_map == (0, 0, 1, 2, 3)


def test_check_is_deterministic_and_json_shaped(rules: RuleSet) -> None:
    text = "保证通过，月息0.5%，联系你的通讯录，13800138000"
    first = rules.check(text).to_dict()
    assert first == rules.check(text).to_dict()
    assert first["verdict"] == "block"
    assert set(first["hits"][0]) == {
        "rule",
        "category",
        "severity",
        "start",
        "end",
        "match",
        "message",
        "suggestion",
    }
    assert [h["start"] for h in first["hits"]] == sorted(h["start"] for h in first["hits"])


def test_lang_picks_translated_messages(rules: RuleSet) -> None:
    zh = rules.check("保证通过").hits[0]
    en = rules.check("保证通过", lang="en").hits[0]
    assert "监管" in zh.message
    assert "misleading" in en.message
    assert "征信" in rules.check("no credit check", lang="zh").hits[0].suggestion


# ------------------------------------------------------------------ evasion, generated
LURES = ["保证通过", "秒批", "无门槛", "不看征信", "黑户可贷", "找你单位", "借新还旧"]
S2T = opencc.OpenCC("s2t")
SEPARATORS = [" ", "\u200b", "\u200d", "*", "-", "·", "\u3000", "~", "/", "_"]


@st.composite
def evasions(draw: st.DrawFn) -> tuple[str, str, str]:
    lure = draw(st.sampled_from(LURES))
    pieces = [lure[0]]
    for ch in lure[1:]:
        pieces.append("".join(draw(st.lists(st.sampled_from(SEPARATORS), max_size=3))))
        pieces.append(ch)
    written = "".join(pieces)
    if draw(st.booleans()):
        written = S2T.convert(written)
    prefix = draw(st.sampled_from(["", "您好，", "亲，我们这边", "Hi! "]))
    suffix = draw(st.sampled_from(["", "。", "，欢迎咨询", "!!"]))
    return prefix + written + suffix, written, lure


@given(evasions())
@settings(max_examples=200, deadline=None)
def test_generated_evasions_block_with_exact_offsets(case: tuple[str, str, str]) -> None:
    text, written, _lure = case
    result = RULES.check(text)
    assert result.verdict == "block", (text, result.to_dict())
    assert written in [h.match for h in result.hits]
    assert_offsets_exact(text, result)


# ------------------------------------------------------------------ gapped patterns
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("放心吧，保证给您批下来。", "保证给您批下来"),
        ("我们这边百分之百能下款", "百分之百能下款"),
        ("我们会把你的情况告诉你的父母", "告诉你的父母"),
        ("我们会将您的欠款信息告诉您的家人", "告诉您的家人"),  # 您 reads as 你
    ],
)
def test_gapped_patterns_catch_words_in_between(rules: RuleSet, text: str, match: str) -> None:
    result = rules.check(text)
    assert result.verdict == "block"
    assert match in [h.match for h in result.hits]
    assert_offsets_exact(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "我们保证，审核批下来会第一时间通知您。",  # the gap may not cross a clause
        "我们不能保证给您批下来。",
        "我们绝不会将您的欠款信息告诉您的家人。",
    ],
)
def test_gapped_patterns_respect_clauses_and_negation(rules: RuleSet, text: str) -> None:
    assert rules.check(text).verdict == "ok", rules.check(text).to_dict()


def test_lender_can_write_gapped_patterns() -> None:
    custom = load_rules(
        text='[[rule]]\nid = "l.vip"\ncategory = "marketing"\nseverity = "warn"\n'
        'patterns = ["内部..渠道"]\nmessage = "m"\nsuggestion = "s"\n'
    )
    assert custom.check("走内部特殊渠道").hits[0].match == "内部特殊渠道"
    assert custom.check("走内部的那个特别渠道").verdict == "ok"  # gap longer than 4


def test_info_hits_are_shown_but_do_not_change_the_verdict(rules: RuleSet) -> None:
    result = rules.check("审核通过后当天到账")
    assert result.verdict == "ok"
    assert [(h.severity, h.match) for h in result.hits] == [("info", "当天到账")]
