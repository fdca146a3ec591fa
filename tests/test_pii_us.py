"""US phone numbers are personal data: found by the check and by masking (session 27).
Toll-free and N00 lines are a business's (and China's 400 hotlines read the same way): not."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    "text",
    [
        "Debtor's cell: (646) 555-7821, call her daily.",
        "Reach Mr. Ortiz at 718.902.3344 about the late payment.",
        "His number is 1-213-884-0192, he owes two months.",
        "Borrower cell 312-847-9920",
        "text +1 415 736 2210 about the payoff",
    ],
)
def test_a_us_number_is_found_masked_and_flagged(text: str) -> None:
    found = find_pii(text)
    assert [p.kind for p in found] == ["mobile"], found
    assert may_hold_pii(text)
    masked = mask_text(text)
    assert found[0].value[-4:] in masked and found[0].value not in masked.replace(" ", "")
    assert any(h.category == "pii" for h in RULES.check(text).hits), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Our support line is 1-888-240-7711, open 24/7.",
        "Call our toll-free number (800) 932-1100 for help.",
        "Questions? Ring 1-800-555-0199.",
        "Your reference number is 4158472210.",
        "客服热线 400-820-8820",
        "Call our hotline on 400-820-8820.",
        "Invoice 2024-12-04-1234 is paid.",
    ],
)
def test_business_lines_and_bare_references_are_not_personal(text: str) -> None:
    assert find_pii(text) == [], find_pii(text)
    assert mask_text(text) == text
    assert not any(h.category == "pii" for h in RULES.check(text).hits)
