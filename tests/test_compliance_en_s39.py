"""Session 39 (helper english): OPEN classes of the English act side (en_clause.py).

Where session 38 listed the act's words, the clause decides: a credit NOUN is whatever noun the
clause gives the addressee ("your approval pack", "your holiday kitty") where the message holds a
sum, a credit word or a money verb; a STATE is any participle after any verb of being or becoming
("got countersigned", "comes pre-signed", "is standing by", "is in your app"); CERTAINTY is a
universal or a negated world over the review's outcome ("every file I push upstairs comes back
with a yes", "the bank signs off on whatever you send", "no universe in which ... declined");
MENACE BY INSINUATION is an unnamed change of method or handler ("a team that works very
differently", "another approach", "my associates", "won't be pretty"). The variants were written
in other words than any labelled line BEFORE the classes were built (5 per frame); the ones they
catch are pinned with their clean near-misses (complaint replies, a creche that calls us, a
required credit search, lawful hand-overs).
"""

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

VIOLATIONS = [
    # the open credit noun and the open state
    (
        "marketing",
        "Your holiday kitty of $1,800 is in your app waiting for you, Shauna, just swipe to cash it out.",
    ),
    (
        "marketing",
        "Your fees package of ₹40,000 with your name on it hits your account tonight, Ankit, reply OK.",
    ),
    (
        "marketing",
        "Sharon, your £2,000 is pre-vetted and simply sitting there waiting on your signature.",
    ),
    (
        "marketing",
        "Your ₱30,000 got signed off and is standing by for you, Ate Joy, just press Receive.",
    ),
    ("marketing", "Your $950 is green-lighted and is hanging in your wallet, Marlon, tap it."),
    (
        "marketing",
        "Ma'am your home-improvement purse of ₱50,000 is unlocked and chilling in your account, claim it now.",
    ),
    # certainty by a universal or a negated world
    (
        "marketing",
        "The approvals desk okays everything that goes through me, so your $6,000 is a given.",
    ),
    (
        "marketing",
        "In twelve years I've not seen one of my clients refused. You'll be fine, Ngozi.",
    ),
    ("marketing", "I can't think of any scenario where the bank rejects your £8,000, honestly."),
    (
        "marketing",
        "Nothing I submit ever gets turned away by the lender, bro, your ₹2 lakh is safe.",
    ),
    (
        "marketing",
        "Whatever you send me, the bank signs off on it. That's how tight I am with them.",
    ),
    ("marketing", "There is no universe in which your R20,000 comes back declined, my friend."),
    # menace by insinuation
    (
        "collection",
        "Clear the £210 today, because after that your file goes to a team that works very differently.",
    ),
    (
        "collection",
        "We've tried being nice about the arrears, Yaw. Next week we take another approach.",
    ),
    (
        "collection",
        "Don't make this loan something my associates have to deal with. It won't be pretty.",
    ),
    (
        "collection",
        "After Friday the balance isn't mine to handle anymore and the collection is done our other way.",
    ),
    (
        "collection",
        "You'd be amazed how creative our recovery people get when an account drags on like yours, Mr Hughes.",
    ),
    # round-1 families: a bureau dismissed as a place not gone to, a night told by the last transport
    ("marketing", "CRB listing? Bro we don't go into it at all, cash in 10 minutes."),
    (
        "marketing",
        "We don't deal with credit bureaus at all, just bring your payslip and walk out with $700.",
    ),
    ("collection", "We'll pop round after the last matatu tonight for the KSh 4,000 you owe."),
]

CLEAN = [
    "Your daughter's creche can phone us directly if they need confirmation of your payment plan.",
    "Your nephew's college can contact us if they need proof of the payment arrangement.",
    "Every application goes through a full credit search with a bureau before any decision is made.",
    "Everyone here is happy to help you get approved.",
    "Approval isn't up to me; the credit team will decide by Friday.",
    "I'll need your payslips and bank statements before I can approve anything.",
    "Good news, your loan was approved and the funds are on their way to your bank.",
    "Thanks for checking in, Ms Lim. Your RM 8,000 request is still pending; nothing has been approved yet.",
    "We should not have phoned your manager about your arrears; we are sorry and it will not happen again.",
    "If the balance is not paid, we may pass the account to a debt collection agency or start court action; you can call us to agree a plan.",
    "We don't share your details with any credit bureau without your consent.",
    "Our branch closes when the last bus leaves at 6pm; you can pay in person before then.",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_open_class_act_is_caught(category: str, text: str) -> None:
    hits = RULES.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), [
        h.rule for h in hits
    ]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    result = RULES.check(text)
    assert result.verdict == "ok", [h.rule for h in result.hits]
