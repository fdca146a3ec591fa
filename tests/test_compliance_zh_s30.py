"""Session 30 (rules, Chinese side): what a figure means and who speaks. Variants of each family
in other words, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    "text",
    [
        # a folk rate typed in pinyin, the figure in syllables too
        "ri xi wan san, sui jie sui huan",
        "zhou li xi liang ge dian",
        "yue li xi yi fen er, jin tian fang kuan",
        "li xi mei tian wan wu",
        "兄弟，li xi mei yue liang fen，要不要",
    ],
)
def test_pinyin_folk_rates_are_rate_quotes(text: str) -> None:
    assert _flags(text, "rate-disclosure"), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        # the annual rate divided to a day in the formula that shows it
        "年利率24%，日利率按24%/360折算，约0.0667%。",
        "年化利率（单利）12%，每日计息=剩余本金×12%÷365。",
        "年化利率為14.6%，每日利息按本金×14.6%÷365計算。",
        # pinyin that is not a rate
        "mei tian wu dian xia ban",
        "nian hua 18%, ri xi wan wu",
    ],
)
def test_disclosures_and_plain_pinyin_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


def test_a_daily_rate_times_the_principal_still_warns() -> None:
    assert _flags("日利率0.05%，按日计息，每天利息=本金×0.05%。", "rate-disclosure")
