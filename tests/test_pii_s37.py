"""Session 37 (pii): UK and Australian mobiles spread out ("07 700 900 789", "0 4 2 1 3 3 3 4 4 4",
"07911/123/456", "my husband — 0412 765 432 —") are masked and refused in an agent's reply;
amounts (入账金额 13812345678 分, "prices 138 | 1234 | 5678 yen", thousands) and references
("Agreement no. 07911 123 456", "INV-07700-900-123") are not. Numbers are made up. Lines marked
(v) are variants in other words, written after the fix and run once (the rest are forms of
tests/data/pii/s37.tsv / s36.tsv)."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES


def _pii_rules(text: str) -> list[str]:
    return sorted(h.rule for h in RULES.check(text).hits if h.category == "pii")


def _bare(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


# (text, the number's digits: they must not show after mask_text)
SPREAD = [
    ("mob 07 700 900 789", "07700900789"),
    ("UK mobile 0 7 4 5 6 1 2 3 4 5 6", "07456123456"),
    ("my aussie number 0 4 2 1 3 3 3 4 4 4", "0421333444"),
    ("cell: 07911/123/456", "07911123456"),
    ("text 0412_888_111 pls", "0412888111"),
    ("it's 0-4-2-1 3-3-3 4-4-4, my mobile", "0421333444"),
    ("my husband — 0412 765 432 — handles the loan", "0412765432"),
    ("the landlord, 0423-111-999, can confirm", "0423111999"),
    ("my wife's number, 0412 888 999", "0412888999"),
    ("call 0412|345|678 after 5", "0412345678"),
    ("Reach my flatmate on 07 957 111 222 if I'm out", "07957111222"),  # (v)
    ("my gran's landline is off, use her mobile 0 4 0 1 5 5 5 6 6 6", "0401555666"),  # (v)
    ("sister — 0455-321-987 — knows about the loan", "0455321987"),  # (v)
]
AGENT = [
    "Your new number 07 700 900 789 is saved.",
    "Your husband's number, 0412 765 432, is now your emergency contact.",
    "Your brother's mobile 07 788 123 456 is on file.",  # (v)
]
READABLE = [
    "入账金额 13812345678 分",
    "sizes S | M | L, prices 138 | 1234 | 5678 yen",
    "Invoice INV-07700-900-123",
    "Agreement no. 07911 123 456",
    "还款计划编号 1,3,8,1,2,3,4,5,6,7,8",
    "借据号 138、1234、5678",
    "三笔：138、1234、5678 元",
    "订单号 2026、1205、1381",
    "Tax invoice 0412 888 999 issued by Acme",
    "courier ref 0 4 1 2 8 8 8 9 9 9",
    "Lazada order no. 0 4 1 2 3 4 5 6 7 8",
    "¥ 1,381,234,567 (JPY)",
    "¥13,812,345,678 已放款",
    "INR 1,38,12,345.00",
    "scores 1,3,8,1,2 this week",
    "第1、3、8、12期已还",
    "instalments 1, 3, 8, 12 and 13 were late",
    "本期应还 ¥12,345,678,901 元",  # (v)
    "订单编号 1、3、9、0、0、1、1、2、2、3、3",  # (v)
    "Batch 0455-321-987 shipped on Monday",  # (v)
    "The totals were 1, 3, 8, 2, and 5 hundred",  # (v)
    "价格 139、1234、5678 元三档",  # (v)
    "Reference 07 957 111 222 (our file)",  # (v)
]


@pytest.mark.parametrize(("text", "digits"), SPREAD)
def test_masked(text: str, digits: str) -> None:
    out = mask_text(text)
    assert digits not in _bare(out), out
    assert find_pii(text) and may_hold_pii(text)


@pytest.mark.parametrize("text", AGENT)
def test_agent_reply_refused(text: str) -> None:
    assert "pii.mobile" in _pii_rules(text)


@pytest.mark.parametrize("text", READABLE)
def test_readable(text: str) -> None:
    assert mask_text(text) == text
    assert not _pii_rules(text)
