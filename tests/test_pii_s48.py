"""Session 48 (precision): an account number written right after "NEFT" / "IMPS" / "RTGS" (session 47 made those words
a transfer's reference) is still a bank account: masked in what the console and logs show, refused in an agent's reply
where an IFSC code follows it; a transfer's reference named as such ("NEFT UTR ...", "IMPS reference number ...",
"RRN: ...") stays a reference."""

from __future__ import annotations

import pytest
from compliance_asserts import RULES

from loancs.core.pii import find_pii, mask_text

ACCOUNTS = [
    (
        "Please transfer by NEFT to 50100234567891 IFSC HDFC0000123, account name Ravi Kumar.",
        "50100234567891",
    ),
    ("IMPS 912010045678123 ICIC0001234 pe payment bhej dijiye sir.", "912010045678123"),
    ("NEFT 00123456789012 SBIN0001234 mein transfer karo.", "00123456789012"),
    ("Please pay via RTGS 918020034567890 UTIB0000456.", "918020034567890"),
    ("Send by IMPS to 37810100012345, IFSC BARB0VJMALA.", "37810100012345"),
    ("My account for the NEFT is 60234567891, Kotak, KKBK0000958.", "60234567891"),
    ("Account number for IMPS: 123401234567, ifsc SBIN0004567.", "123401234567"),
    (
        "For RTGS use account no 3124567890123, Punjab National Bank, IFSC PUNB0123400.",
        "3124567890123",
    ),
]

REFERENCES = [
    "NEFT UTR SBIN425123456789 received for your EMI, thank you.",
    "Your IMPS reference number is 512309876543; keep it for your records.",
    "IMPS done. RRN: 633412987702.",
    "Disbursement done, sir. Please quote UTR 3081 2245 7719 if your bank asks for a reference.",
]


@pytest.mark.parametrize(("text", "number"), ACCOUNTS)
def test_account_after_transfer_word_is_masked(text: str, number: str) -> None:
    assert number not in mask_text(text)
    assert any(p.kind == "bank_account" for p in find_pii(text))


@pytest.mark.parametrize(("text", "number"), ACCOUNTS)
def test_account_after_transfer_word_is_refused_in_a_reply(text: str, number: str) -> None:
    found = [h for h in RULES.check(text).hits if h.category == "pii" and h.severity != "info"]
    assert any(text[h.start : h.end].replace(" ", "") == number for h in found), found


@pytest.mark.parametrize("text", REFERENCES)
def test_transfer_reference_stays_a_reference(text: str) -> None:
    assert not [h for h in RULES.check(text).hits if h.category == "pii" and h.severity != "info"]
