"""Session 37 (helper english): frames read over one English clause reader (en_clause.py).

The variants below were written in other words than any labelled line BEFORE the reader was built
(5 per frame: open menace, a child's routine, one requirement, an insider by relation, a third party
by role, approval as a notice, a life-style lure); the ones the reader catches are pinned here, with
their clean near-misses.
"""

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

VIOLATIONS = [
    (
        "collection",
        "It'd be a shame if this account turned into something bigger than money. Clear it by Monday.",
    ),
    ("collection", "Last polite text about your loan, Deji. From Thursday it's out of my hands."),
    ("collection", "You owe us since March. Let's just say the next visit won't be a chat."),
    ("collection", "Pay the arrears before the weekend or things get ugly for you, fam."),
    (
        "collection",
        "Your youngest has ballet at four on Wednesdays, yeah? Be a shame to worry about the loan then.",
    ),
    ("collection", "We know what time your twins leave the after-school club. Clear the balance."),
    (
        "collection",
        "Your girl walks past the chip shop every evening around seven. Pay what you owe.",
    ),
    (
        "collection",
        "Tell your son we said hi at the bus stop this morning. The debt is still there.",
    ),
    ("collection", "Your kid's tuition class lets out at 5:15, we'll be around. Settle your dues."),
    ("marketing", "Got a library card? Then you've got a loan: up to $750 approved tonight."),
    ("marketing", "The only paperwork we want is a gas bill. Money lands in an hour."),
    ("marketing", "If you can send a selfie, you can get 20,000 shillings. Nothing more required."),
    ("marketing", "One bank statement and you're through. £1,500 paid out today."),
    ("marketing", "A Facebook account is all it takes to qualify for our cash loan."),
    (
        "marketing",
        "My neighbour's son runs credit at the bank, your loan will go through no matter what.",
    ),
    ("marketing", "Our manager's wife handles the approvals, so yours is in the bag."),
    (
        "marketing",
        "I know the chap who signs off applications at the co-op, he'll wave yours through.",
    ),
    ("marketing", "My godfather sits on the credit committee, mate, your money's guaranteed."),
    ("marketing", "The loans clerk is my cousin's husband, he's already said yes to yours."),
    ("marketing", "Dear customer, a loan of $3,000 is waiting for you. Reply YES to collect it."),
    (
        "marketing",
        "Your £5,000 credit line is now active and ready to spend, no application needed.",
    ),
    (
        "marketing",
        "Hello Priya, Rs 75,000 has been sanctioned for you. Visit the branch to receive it.",
    ),
    (
        "marketing",
        "Funds of $1,800 are reserved for you until Friday; just confirm to receive them.",
    ),
    ("marketing", "Your cash has cleared our checks and is awaiting pickup at any agent."),
    ("marketing", "All your friends are at the festival this weekend. Borrow £400 and go."),
    ("marketing", "Your kids deserve the best birthday party on the street. Get $1,000 now."),
    ("marketing", "The neighbours just got a new car. Your turn: borrow up to R60,000."),
    ("marketing", "Live like the influencers you follow. Loans from $500, instant."),
    (
        "collection",
        "We asked the receptionist at your dentist to pass on a message about your debt.",
    ),
    ("collection", "Your football coach has been told you owe us money."),
    ("collection", "The caretaker at your building knows about your unpaid loan now."),
    (
        "collection",
        "We'll have a word with your hairdresser about the loan if you keep ignoring us.",
    ),
]

CLEAN = [
    "If the arrears are not paid by Monday, we will add a late fee and may report this to the credit bureau.",
    "You don't want this to get bigger than it is, so let's set up a payment plan today.",
    "We know school runs are hectic, we can call you after 7pm instead.",
    "Your son's savings account is separate from your loan.",
    "You'll need a utility bill, photo ID and three payslips; we check affordability.",
    "A bank statement is needed to verify your income before we decide.",
    "My cousin works at the bank, and she said approvals depend on your credit history.",
    "Your loan application has been received; we will let you know the decision after our checks.",
    "Your payment of $3,000 has been received. Thank you.",
    "Planning a wedding? Our budgeting guide helps you save without borrowing.",
    "Your employer will not be contacted; we only write to you.",
    "Your dentist appointment reminder: Tuesday at 10am.",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_frame_over_roles_is_caught(category: str, text: str) -> None:
    hits = RULES.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), [
        h.rule for h in hits
    ]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    result = RULES.check(text)
    assert result.verdict == "ok", [h.rule for h in result.hits]
