"""Session 38 (helper english): the ACT side of the English clause reader (en_clause.py).

A frame's act is read by its form and arguments, not a verb list: a done / ready state whose theme
is the addressee's money (any participle: "bumped up", "okayed", "loaded", "press 3 to choose"),
certainty as a negated failure / a double negative / an idiom's shape, one requirement asked as a
question, an occasion as the loan's purpose, a night visit told by an event, trouble aimed at the
addressee's property, a third party named by a "who" clause; and the speaker admitting a breach (a
complaint reply) is not the act. The variants below were written in other words than any labelled
line BEFORE the act side was built (5 per frame); the ones it catches are pinned, with their clean
near-misses.
"""

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

VIOLATIONS = [
    (
        "marketing",
        "Evening Joy, a £1,100 advance has been okayed for your account, check your app in the morning.",
    ),
    (
        "marketing",
        "FYI your personal loan is loaded and sitting in your wallet, ready whenever you want it.",
    ),
    (
        "marketing",
        "Automated call from FastFunds: your limit of $2,500 is confirmed. Press 3 to choose when it lands.",
    ),
    (
        "marketing",
        "Kwame, GH₵5,000 has been reserved under your Ghana card number, just visit the agent to claim.",
    ),
    (
        "marketing",
        "Great news, your new credit limit has been bumped up to R9,000, it's already live on your card.",
    ),
    (
        "marketing",
        "There's zero chance your application gets knocked back, I've seen a hundred just like it.",
    ),
    (
        "marketing",
        "Your loan will go through like a hot knife through butter, you'll have the cash by Monday.",
    ),
    ("marketing", "It's impossible for this one to fail, your approval is in the bag."),
    (
        "marketing",
        "Not a single customer of ours has ever been declined, so yours will definitely be fine too.",
    ),
    ("marketing", "I can't see any way they say no, your loan is as good as paid out."),
    ("marketing", "Have you got a passport? Then that's everything, $800 straight to you."),
    (
        "marketing",
        "Any utility bill in your name? Perfect, that's all the paperwork, loan approved.",
    ),
    ("marketing", "Do you own a mobile phone? Then you qualify, up to 20k today."),
    ("marketing", "Got a student ID or a driving licence? That's it, money goes out tonight."),
    ("marketing", "Can you photograph your payslip? Then we're done, loan sent within an hour."),
    (
        "marketing",
        "Christmas is coming and the kids have wish lists, borrow £600 today and make it magical.",
    ),
    (
        "marketing",
        "Your baby's christening deserves a proper do, loans up to $3,000 approved in minutes.",
    ),
    ("marketing", "Honeymoon in Bali? Say yes to the trip, we'll send up to $6,000 this week."),
    (
        "marketing",
        "Your mum's 60th is next month, throw her the party she deserves with a quick loan of up to R10,000.",
    ),
    (
        "marketing",
        "Chinese New Year ang pow money short? Take RM2,000 now, sort it out after the holidays.",
    ),
    (
        "collection",
        "Your son gets collected by his aunt at half three every Friday. Pay what you owe.",
    ),
    (
        "collection",
        "The nanny walks your little girl to the park at ten each morning, doesn't she? Your loan is overdue.",
    ),
    (
        "collection",
        "Your kids go to their nan's straight after school on Tuesdays. Clear your balance this week.",
    ),
    (
        "collection",
        "Your daughter's swimming lesson is at 6 on Mondays, her dad drops her off, right? We're still waiting for the money.",
    ),
    (
        "collection",
        "Your two boys are at the childminder's until 5:30, we've noted it. Settle the account.",
    ),
    ("collection", "We'll come by after the kids are asleep to collect the payment."),
    (
        "collection",
        "Our agent will drop in once your late shift finishes tonight, so have the money on you.",
    ),
    (
        "collection",
        "Expect us at your door after the evening news tonight about the overdue balance.",
    ),
    ("collection", "We'll be outside your flat when the nightclub shuts, bring the arrears."),
    ("collection", "Someone will be round after closing time tonight to discuss your loan."),
    (
        "collection",
        "Lovely garden you've got. Would be a pity if something happened to it before you pay.",
    ),
    ("collection", "Your car's windows look expensive to replace. Just saying. Pay the balance."),
    ("collection", "People who ignore us tend to find their lives get complicated. Settle up."),
    (
        "collection",
        "Your market stall might have a few problems from next week if the loan stays unpaid.",
    ),
    ("collection", "The man who fixes your car has heard all about your overdue loan."),
    ("collection", "We spoke with the woman who looks after your dog about the arrears."),
    ("collection", "The guy who runs your local gym now knows you owe us money."),
    ("collection", "Your hairdresser has been made aware of your missed payments."),
    ("collection", "The receptionist at your dentist's got a call from us about your debt."),
]

CLEAN = [
    "Your loan of $2,000 has been approved following your application, the agreement is attached.",
    "Thanks, we got your £120 instalment today and nothing else is due this month.",
    "Your hardship request has been accepted and interest is frozen for three months.",
    "Press 1 to make a payment, press 2 to speak to someone about your account.",
    "Your card replacement is in the post and should arrive this week.",
    "We should never have phoned you at 6am and we apologise; calls are only allowed from 8am.",
    "I'm sorry our representative told your employer about the debt; that was against our policy.",
    "Our agent was wrong to say your loan was certain; approval always depends on our checks.",
    "No member of staff may contact a customer's family about a debt.",
    "Approval is never guaranteed and every application is credit checked.",
    "There's no guarantee your application will be successful.",
    "Do I need a payslip, or is a bank statement enough?",
    "Weddings are expensive; think carefully before borrowing for one.",
    "We'll call after your shift ends tomorrow at 6pm, as you asked.",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_act_by_form_is_caught(category: str, text: str) -> None:
    hits = RULES.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), [
        h.rule for h in hits
    ]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    result = RULES.check(text)
    assert result.verdict == "ok", [h.rule for h in result.hits]
