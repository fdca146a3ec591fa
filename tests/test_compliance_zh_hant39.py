"""Session 39 (rules): one reader for every script (loancs/core/compliance/zh_hant.py).

The Chinese frames read a zh-Hant message in its mainland words (過件 as 审批通过, 聯徵 as 征信,
撥款 as 放款, 帳戶 as 账户), so an act written for simplified text is found in Taiwan / Hong Kong
wording too, and the hit still spans what the writer typed. The flagged lines are variants written
before the table was built, in Taiwan / Hong Kong wording, not labelled lines.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import zh_hant
from loancs.core.normalize import normalize
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

FLAG = [
    ("marketing", "恭喜您，您的信用卡已獲核發一筆預借現金十二萬，簡訊回覆1即撥入帳戶"),
    ("marketing", "本行通知：您已獲選為VIP，小額信貸額度五萬已開通，點選連結即可動用"),
]

PASS = [
    "您申請的信貸已經核准，撥款前需要親自到分行對保",
    "本行會查詢聯合徵信，核貸結果以審核為準",
    "我們無法保證過件，仍需依您的信用狀況審核",
    "逾期超過三個月將依法報送聯徵中心，並可能提起訴訟",
]


@pytest.fixture(scope="module")
def rules():
    return RULES


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_flags_zh_hant(rules, category, text):
    result = rules.check(text)
    assert any(h.category == category and h.severity != "info" for h in result.hits), (
        text,
        [h.rule for h in result.hits],
    )


@pytest.mark.parametrize("text", PASS)
def test_passes_zh_hant(rules, text):
    assert rules.check(text).verdict == "ok", text


def test_mainland_words_and_offsets():
    text = "您那筆車貸我昨天已經幫您過件了，聯徵也不用調"
    norm = normalize(text)
    mapped = zh_hant.mainland(norm)
    assert mapped is not None
    assert "审批通过" in mapped.light and "征信" in mapped.dense and "联征" not in mapped.dense
    # every character of the mapped views comes from the original, in order
    assert list(mapped.light_map) == sorted(mapped.light_map)
    at = mapped.light.index("审批通过")
    start, end = mapped.light_span(at, at + 4)
    assert text[start:end] == "過件"
    at = mapped.dense.index("征信")
    start, end = mapped.dense_span(at, at + 2)
    assert text[start:end] == "聯徵"


def test_simplified_is_not_mapped():
    assert zh_hant.mainland(normalize("您那笔车贷我昨天已经帮您批了，征信也不用查")) is None
    assert (
        zh_hant.mainland(normalize("您的信貸目前在審核中")) is None
    )  # zh-Hant, no word of the table


def test_hit_spans_the_original(rules):
    text = FLAG[1][1]
    hits = [h for h in rules.check(text).hits if h.category == "marketing"]
    assert hits
    for hit in hits:
        assert text[hit.start : hit.end] == hit.match
