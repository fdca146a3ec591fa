"""US Social Security numbers are personal data (session 28): a dashed 3-2-4 number anywhere, or
nine digits grouped so after "SSN" / "social security" / "social"; masked as ***-**-1234. A masked
SSN, a reference with letters or hyphens around it, and a longer claim number are not."""

from __future__ import annotations

import pytest

from loancs.core.pii import find_pii, mask_text, may_hold_pii
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


@pytest.mark.parametrize(
    ("text", "last4"),
    [
        ("Please run the credit check on SSN 448-21-7730 before noon.", "7730"),
        ("fyi social security 219 53 8841 for the Jones file", "8841"),
        ("the client's ssn: 303-67-2219", "2219"),
        ("Her social is 417226093, use that for the pull.", "6093"),
    ],
)
def test_an_ssn_is_found_masked_and_flagged(text: str, last4: str) -> None:
    found = find_pii(text)
    assert [p.kind for p in found] == ["ssn"], found
    assert may_hold_pii(text)
    masked = mask_text(text)
    assert f"***-**-{last4}" in masked and found[0].value not in masked.replace(" ", "")
    hits = RULES.check(text).hits
    assert any(h.rule == "pii.ssn" and h.severity == "block" for h in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "For security we only show the last four digits of your SSN: ***-**-8937.",
        "Your loan reference is LN-552-19-0041, quote it when you call.",
        "Your claim number is 448-21-77301, keep it safe.",
        "We will never text you asking for your social security number.",
        "Call 312-847-9920 if you have questions",  # a phone number (found as one), no SSN
    ],
)
def test_no_ssn_in_references_masks_or_warnings(text: str) -> None:
    assert all(p.kind != "ssn" for p in find_pii(text))
    assert not any(h.rule == "pii.ssn" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Customer's mobile: one five nine, eight eight seven six, five four three two", "mobile"),
        ("ssn is six zero four three eight one one two seven", "ssn"),
        ("ring him on two one two, five five five, zero one four two please", "mobile"),
        ("UK mob oh seven nine one one, two three four five six seven", "mobile"),
        ("Customer FIN F2345678? no wait, NRIC T1234567J is correct", "national_id"),
        ("NRIC S8812345Z, pls key in for the customer", "national_id"),
    ],
)
def test_numbers_read_out_in_words_and_singapore_ids_are_flagged(text: str, kind: str) -> None:
    hits = [h for h in RULES.check(text).hits if h.category == "pii"]
    assert hits and all(h.severity == "block" for h in hits), RULES.check(text).to_dict()
    rule = {"mobile": "pii.mobile", "ssn": "pii.ssn", "national_id": "pii.national-id"}[kind]
    assert any(h.rule == rule for h in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "Press one, then two, then three to reach the collections team.",
        "Our hours are nine to five, Monday to Friday, and one to four on Saturday.",
        "He counted one two three four five six seven eight nine ten and hung up.",
        "Your order ref T1234567A has been dispatched.",
    ],
)
def test_counting_words_and_a_wrong_check_letter_are_not_numbers(text: str) -> None:
    assert not any(h.category == "pii" for h in RULES.check(text).hits)
