"""Session 29 (rules, Chinese side): why a sentence breaks a rule, and who says it. Variants of
each family in other words, not the probe lines themselves.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


@pytest.mark.parametrize(
    "text",
    [
        # a borrower reports what others told them, then asks whether it holds for us
        "我问了两家，他们都说不用查征信，你们这边呢？",
        "网上好多人讲你们包下款，真的假的？",
        "别的平台说百分百通过，你们是不是也能保证？",
        "听说你们不查大数据，靠谱吗？",
        "同學話你哋唔使睇聯徵，係咪真㗎？",
        # a consequence denied, a reason that does not lead to it
        "欠款不还不会导致坐牢，但会被起诉。",
        "逾期不会引起刑事责任，请放心协商。",
        "我们不会因为你逾期一次就上门催收。",
        "逾期不会构成犯罪，也不会被拘留。",
        # a student asking with an A-not-A question
        "我大二，还在上学，你们这个能借不",
        "研二学生一枚，请问这个额度我能开不",
    ],
)
def test_borrowers_reports_and_denials_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", RULES.check(text).to_dict()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the agent citing others about its own offer is still the agent's lure
        ("大家都说我们这里包过，你还犹豫什么？", "marketing"),
        ("别人都说我们不查征信，赶紧来办吧。", "marketing"),
        # a reason that is the threat's condition is no denial
        ("你再不还，我们就因为这个上门找你家人。", "collection"),
        ("在校生也能借，你还犹豫不", "marketing"),
        ("你放心，不会被拒的", "marketing"),
    ],
)
def test_lures_around_the_readers_still_flag(text: str, category: str) -> None:
    assert any(h.category == category for h in RULES.check(text).hits), RULES.check(text).to_dict()
