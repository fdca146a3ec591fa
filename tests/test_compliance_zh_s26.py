"""Session 26 (rules, Chinese side): families from probe27r1 / probe27a1 and the lead's unseen
misses of session 25. Variants of each family, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules

RULES = load_rules()


def _hits(text: str, category: str):
    result = RULES.check(text)
    hits = [h for h in result.hits if h.category == category and h.severity != "info"]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.match
    return hits


@pytest.mark.parametrize(
    "text",
    [
        # any amount the borrower names is approved, before any review
        "额度任你挑，三万五万都没问题。",
        "你要借几多都批得落，额度随你定。",
        "几十万都行，明天就能放款。",
        "贷多少都能批，你报个数就行。",
        "edu ren ni tiao",
    ],
)
def test_any_amount_approved(text: str) -> None:
    assert _hits(text, "marketing"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "借多少都可以，在额度内自由选择。",
        "额度是系统评估的，不能随便调。",
        "额度内随借随还，按日计息。",
    ],
)
def test_amount_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "apr"),
    [
        # a sum with no count before the period word reads as "per 10,000 / per 1,000"
        ("万元日息2元起，额度秒批。", "7.30%"),
        ("千元每天利息两毛，随借随还。", "7.30%"),
        # 息 alone after 月 takes a bare figure as money a month
        ("借五万，每个月息一千。", "24.00%"),
        ("两万块一个月息四百，划算吧。", "24.00%"),
    ],
)
def test_rate_as_money_without_apr(text: str, apr: str) -> None:
    hits = _hits(text, "rate-disclosure")
    assert hits and apr in hits[0].suggestion, RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # an annual fee rate (IRR) is no phone bill (化费 sounds like 话费)
        "每期服务费0.5%，分24期，年化费率约11.1%（IRR）。",
        # words quoted as a pretext someone uses
        "有人以“不看征信、当天放款”为幌子骗取会员费，请大家提高警惕。",
        "骗子常以“百分百下款”的名义收取保证金，切勿轻信。",
        # news: what the authorities already did, in a later clause
        "一名女子因借网贷被催收人员上门骚扰，当地警方已经介入调查。",
        # the asker's own credit history after the question
        "你们真的不看征信吗？我去年有过两次逾期，怕批不了。",
        "征信不好能借吗？我的征信花了。",
    ],
)
def test_clean_shapes_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # a threat says what the police will do; an answer that repeats the lure still flags
        "你这属于恶意逃债，警方会介入的，等着吧。",
        "不查征信吗？不查，放心借。",
    ],
)
def test_guards_still_flag(text: str) -> None:
    assert RULES.check(text).verdict != "ok", RULES.check(text).to_dict()
