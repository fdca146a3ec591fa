"""UK mobile numbers are personal data: found by the check and by masking (session 25)."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    "text",
    [
        "Her number is 07700 900456, ring after work.",
        "text me on 07700900789",
        "Mobile: 07700-900-321",
        "WhatsApp +44 7700 900654 for the payoff letter.",
        "+447700900987",
        "Call 0044 7700 900111 about the arrears.",
    ],
)
def test_a_uk_mobile_is_found_masked_and_flagged(text: str) -> None:
    found = find_pii(text)
    assert [p.kind for p in found] == ["mobile"], found
    assert may_hold_pii(text)
    masked = mask_text(text)
    assert found[0].value[-4:] in masked and found[0].value not in masked.replace(" ", "")
    assert any(h.category == "pii" for h in RULES.check(text).hits), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Our London office is on 020 7946 0018.",
        "Reference 107700900123 is your account number.",
        "Order 0770090012345 shipped.",
        "07700 90045 is one digit short.",
    ],
)
def test_landlines_and_longer_runs_are_not_uk_mobiles(text: str) -> None:
    assert find_pii(text) == []
