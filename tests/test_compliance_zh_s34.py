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
