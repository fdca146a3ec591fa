"""Session 33, English (helper english): families read as ideas, in wording nobody listed.

Violations: no-check as indifference ("someone else's headache", "can keep their reports"),
repaying left to payday or a later self, custody as the dock or a police car, a student by
campus life. Clean: a distancing, a denial or "not a crime" that opens the sentence after the
claim ("...; we are not one of them"), a borrower's hearsay asked in texting.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


VIOLATIONS = [
    ("marketing", "No credit check, we're not like the banks!"),
    ("marketing", "Guaranteed approval, that's just how we are. Unlike the banks, we say yes."),
    (
        "collection",
        "We told your brother about the arrears yesterday. We didn't tell him the amount.",
    ),
    ("collection", "Pay today or the police will come for you. This isn't a joke."),
    ("collection", "Your boss will hear about this today; we didn't want to do this."),
    ("marketing", "No credit check at all! We are not like the banks."),
    ("marketing", "Bureau scores? That's someone else's headache, not ours."),
    ("marketing", "Equifax and the rest can keep their reports. We lend on a chat with you."),
    ("marketing", "The credit agencies tell us nothing we need to know about you."),
    ("marketing", "We've never needed a look at a credit file to say yes to someone."),
    ("marketing", "Take the cash today and save the paying back for payday."),
    ("marketing", "Borrow now, worry about repayments on payday."),
    ("marketing", "Grab £250 tonight, leave the rest for later."),
    ("marketing", "Go on, get the loan and push the repayments to next month."),
    ("collection", "Carry on like this and you'll be answering to the judge from the dock."),
    ("collection", "Keep ignoring us and you'll end up in the back of a police car."),
    ("collection", "You'll be leaving here with a criminal record if this isn't paid."),
    ("collection", "Keep dodging and you'll be stood in the dock before Christmas."),
    ("collection", "You will be riding in a cop car by Friday, trust me."),
    (
        "marketing",
        "Saw your lanyard in the queue. First-years can borrow £200 today with no questions.",
    ),
    ("marketing", "On campus and skint? We'll lend you £150 till your loan comes in."),
    ("marketing", "Coursemates are all using us: £300 cash before your next seminar."),
    ("marketing", "Heading to the uni library? Borrow up to £400 on your phone on the way."),
]

CLEAN = [
    "hi is it true u guys approve everyone?? my friend said 100% guaranteed lol",
    "is it tru u lot approve anybody? asking 4 my sis",
    "r u guys really guaranteed approval?? my mate said so",
    "my friend says u approve everyone even with bad credit, is that right?",
    "do u guys really approve everyone with no credit check?",
    "Some lenders advertise no credit check loans; we are not one of them.",
    "Plenty of apps promise no credit checks. That isn't us.",
    "You'll see guaranteed approval ads everywhere; we're not one of those lenders.",
    "Loan sharks say bureaus don't matter; unlike them, we check every applicant.",
    "Lots of places offer instant approval with no checks. We're not like that.",
    "Your brother rang asking about your balance; we didn't tell him anything.",
    "Your sister called to ask about your account; we told her nothing and took no details.",
    "Someone from your work phoned asking if you owed us money. We can't discuss your account with anyone but you.",
    "Your landlord asked whether you have a loan with us; we did not confirm anything.",
    "Your mum rang this morning about your arrears. We didn't share any details with her.",
    "The police only get involved where there's evidence of fraud; simply missing a payment isn't a crime.",
    "We'd only report something to the police if we suspected fraud. Falling behind is a civil matter.",
    "Some collectors threaten arrest. Missing a loan payment is not a crime.",
    "Before you borrow, think about how you'll manage the repayments on payday.",
    "Your repayments are taken on payday, the 28th of each month.",
    "We check your credit file with a credit reference agency before we lend.",
    "Credit agencies tell us about missed payments, so please keep up with yours.",
    "Don't leave the repayments until the last minute; set up a direct debit.",
    "We can move your repayment date to your payday if that helps.",
    "Be wary of any lender who says your credit history is someone else's problem.",
    "Your history with the banks matters: we always run a full credit check.",
    "Missing a payment won't give you a criminal record; it may affect your credit file.",
    "My ex said I'd end up with a criminal record over this loan, is that true?",
    "You'll be glad to know your account is now up to date.",
    "I saw a police car outside and panicked, sorry for the late payment.",
    "We don't lend to anyone in full-time education; please speak to your university's hardship fund.",
    "I'm on campus till 6, can you call me after that about my payment?",
    "Our office is near campus, on Mill Road; we're open 9 to 5.",
    "I lost my student card and my bank card, can I pay by transfer?",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_session_33_english_violation_is_flagged(rules, category: str, text: str) -> None:
    hits = rules.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), text


@pytest.mark.parametrize("text", CLEAN)
def test_session_33_english_clean_line_passes(rules, text: str) -> None:
    assert rules.check(text).verdict == "ok", text
