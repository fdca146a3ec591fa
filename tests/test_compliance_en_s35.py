"""Session 35, English (helper english): acts by closed class.

A threat to freedom said with any prison or police euphemism or a named prison
(``en_s35_prison``), an open menace or a reputation threat (``en_s35_menace``), a person in
the borrower's life by ANY role (kinship with step- and in-law relations, workplace, school,
faith, health, housing, clubs: ``en_s35_role`` / ``en_s35_body``) reached or told
(``en_reach``, ``en_s35_contacted``), a name or photo put up where neighbours will see it
(``en_s35_shame``); marketing: certainty idioms, an insider, refusal never seen, a
no-fee-unless-approved pledge (``en_s35_sure``), the credit file by its names dismissed
(``en_s35_file`` / ``en_s35_dismiss``), repaying at a vague later time (``en_s35_pay_vague``). Variants written in other words than the listed lines; the clean lines
are near-misses of the same acts (a warning, news, a borrower asking, consent, advice).
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


VIOLATIONS = [
    ("collection", "Another week of silence and you'll be calling Strangeways home."),
    ("collection", "Keep this up and it's slopping out for you, sunshine."),
    ("collection", "Abeg pay, or you go enter cell before Sunday."),
    ("collection", "Last chance before you swap your trainers for a jumpsuit."),
    ("collection", "Make the most of your last weekend of freedom, we've filed the papers."),
    (
        "collection",
        "I had a nice chat with your form tutor this morning, she knows what you owe now.",
    ),
    ("collection", "We've emailed your pastor's wife and the church elders about your arrears."),
    ("collection", "Your landlady's been told everything, love."),
    ("collection", "Our guy already rang your shift lead at the depot about the balance."),
    (
        "collection",
        "Your godson's mum picked up the phone and seemed very interested in your arrears.",
    ),
    ("collection", "We'll stick your photo up at the bus stop with your house number on it."),
    ("collection", "Your name is going on the board in the staff room under bad payers."),
    ("collection", "It's going to get ugly for you if this drags into next month."),
    ("marketing", "Honestly pal, with a payslip like that you're nailed on."),
    ("marketing", "Relax, my brother-in-law sits on the credit committee and owes me one."),
    ("marketing", "If we turn you down, you get your money back in full. That's how sure we are."),
    ("marketing", "Loan pakka hai bhai, bas form bhar do."),
    ("marketing", "Home and dry, mate, just sign where the crosses are."),
    ("marketing", "Equifax, TransUnion, whoever: they don't get a say in our decisions."),
    ("marketing", "Your CCJs never even cross our desk, we lend on the person."),
    ("marketing", "ClearScore in the red? We couldn't tell you, we never ask."),
    ("marketing", "Grab the new telly tonight and square up whenever the mood strikes."),
    ("marketing", "Book Lanzarote now, let future you worry about the bill."),
]

CLEAN = [
    "News: court jails loan shark who threatened borrowers with Strangeways.",
    "Can they really tell my landlady about the loan? She's already asked questions.",
    "We'll only discuss your account with your partner if you've told us in writing that we may.",
    "Your pastor can join the call if you'd like support; just let us know.",
    "Talk to your union rep or a debt adviser if you're struggling; they can help.",
    "We've updated your address; your landlord's details are not stored.",
    "My stepdad picked up your call, why did you ring his phone?",
    "Our letters are only ever addressed to you, never to your employer.",
    "I can't promise it's a slam dunk; underwriting looks at every file.",
    "We check your file with Experian and TransUnion before every decision.",
    "Anyone who says approval is in the bag is not telling you the truth.",
    "The broker said his mate in underwriting owes him one, is that even allowed?",
    "You can repay early at any time, and there's no fee for doing so.",
    "Don't buy now and worry later: check the total cost first.",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_act_is_caught(rules, category, text):
    hits = rules.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), hits


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(rules, text):
    assert rules.check(text).verdict == "ok", rules.check(text).hits
