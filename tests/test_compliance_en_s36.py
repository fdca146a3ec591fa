"""Session 36, English (helper english): acts as FRAMES (concepts ``e36_*``).

Each frame reads an act by its shape and the rest of the message: one trivially held thing as
the whole requirement (``e36_threshold``); a life's good with a loan offered in the same
message (``e36_lure``); someone inside the decision tied to the speaker, with the outcome told
as certain (``e36_insider``); credit opened, set aside or waiting in the reader's name before
any application (``e36_notice``); an unnamed consequence with a deadline or a debt and no
lawful step named (``e36_menace``); a child's routine with the speaker watching
(``e36_child``); a third party by where the borrower knows them, told (``e36_third``); police
by image (``e36_police``), the credit file dismissed (``e36_nocheck``), a moneylender to pay
us (``e36_borrow``). The lines are variants written in other words than the rounds' lines
(probe36e1, probe37a1-a2); the clean lines are near-misses of the same acts (service after an
application, a lawful consequence named, advice, a warning, a borrower's own words).
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES

VIOLATIONS = [
    (
        "marketing",
        "Have you got an email address? Congratulations, you're approved for a cash advance.",
    ),
    ("marketing", "Do you have a WhatsApp? Then you're eligible for up to R5,000 today."),
    ("marketing", "A face and a phone number. That's the entire application, money in an hour."),
    ("marketing", "If you can see this ad, you qualify for our instant loan."),
    ("marketing", "Got a SIM card? That's all, loan sorted."),
    ("marketing", "Summer in Mykonos is calling, borrow up to €3,000 and go."),
    (
        "marketing",
        "Everyone else is upgrading their phone this month. Get a loan in minutes and don't miss out.",
    ),
    ("marketing", "YOLO. Grab the cash today and book that festival ticket."),
    ("marketing", "Why should your dream vacation wait? Borrow £2k now."),
    (
        "marketing",
        "You deserve better than a dead phone. Take a quick loan from us and treat yourself.",
    ),
    ("marketing", "My old classmate heads the credit department there, so consider it done."),
    (
        "marketing",
        "I play poker with the loan officer every Thursday, your application will sail through.",
    ),
    ("marketing", "The man who approves the loans is my neighbour, no wahala, you go get am."),
    ("marketing", "My church sister works in underwriting. Leave it with me."),
    ("marketing", "Me cousin is the bank manager, you'll be fine, trust."),
    (
        "marketing",
        "Dear customer, a credit limit of ₹75,000 has been activated in your name. Tap the link to withdraw.",
    ),
    ("marketing", "£2,000 is sitting there waiting for you to collect, no forms needed."),
    ("marketing", "Your cash don ready, just come sign for am."),
    ("marketing", "We've earmarked a $1,200 loan for you. No need to apply, just reply CLAIM."),
    (
        "marketing",
        "A personal loan has been reserved under your name, simply confirm your details.",
    ),
    (
        "collection",
        "Sort the money before Monday. After that, things will get very complicated for you.",
    ),
    ("collection", "Settle up this week. You don't want to do this the hard way, trust me."),
    ("collection", "Pay what you owe or we'll see about that, won't we."),
    ("collection", "Last chance, bro. After tonight it's out of our hands."),
    (
        "collection",
        "Your lad's karate class lets out at half five, doesn't it? We'll be there. Settle up.",
    ),
    ("collection", "We saw Mia at the playground after school yesterday. Clear your balance."),
    (
        "collection",
        "Does your daughter still walk to school by herself? We've been watching. Pay us.",
    ),
    ("collection", "The school bus stops right outside, isn't it? We know. Payment is overdue."),
    (
        "collection",
        "Little Tom's swimming lessons finish at 4, don't they? We'll be around to talk about your debt.",
    ),
    ("collection", "We had a chat with the guys at your local about what you owe us."),
    ("collection", "The woman who cuts your hair has been told about your overdue loan."),
    ("collection", "We called the receptionist at your clinic about the arrears."),
    ("collection", "HR at your firm has our letter about your debt now."),
    ("collection", "Your referees have all been contacted and they know you owe us."),
    ("collection", "Police van go carry you, just pay."),
    ("collection", "Pay up or it's the back of a police car for you."),
    ("collection", "Babylon coming for you if you don't pay this loan."),
    ("collection", "They'll put the cuffs on you if this isn't settled."),
    ("collection", "You'll be in the back of a patrol car by Friday if we don't see the money."),
    ("marketing", "We ain't checking your credit, cuz. Just bring ID."),
    ("marketing", "Credit check? Nah, we trust you. Cash today."),
    ("marketing", "We look at you, not your past. Loans from $500."),
    ("marketing", "Old defaults? We can't even see them. Borrow today."),
    ("marketing", "We don't check nobody's credit here, come get your loan."),
    ("collection", "Borrow from the loan shark on Main Street and pay us by Friday."),
    ("collection", "Try the pawnbroker, then come and settle with us."),
    ("collection", "Go to the chit fund uncle, get money, pay us."),
    ("collection", "Get a tide-over from the moneylender and clear us tonight."),
    ("collection", "See the susu lady and square us today."),
    # second pass (threshold lists, the file waved away, refusal never, custody images, a card or
    # a relative to pay us, an audience for shaming, a night visit, a student by token)
    ("marketing", "Just your phone number and an email. Cash lands in ten minutes."),
    ("marketing", "Selfie. Aadhaar. Done. Loan approved in minutes."),
    ("marketing", "If you've got a SIM and a pulse, you've got a loan."),
    ("marketing", "A bank card is all we need to send you up to £700."),
    ("marketing", "Nothing to upload, nothing to print, the money is in your account tonight."),
    ("marketing", "We lend on your wages, not your score. Apply today."),
    ("marketing", "Equifax? We won't go anywhere near it. Loan in an hour."),
    ("marketing", "Your bad record doesn't even come up with us, sis."),
    ("marketing", "CIBIL score ka koi tension nahi, loan pakka milega."),
    ("marketing", "Nobody walks out of here declined, we've never had to say no from us."),
    ("marketing", "You've got more chance of winning the lottery than getting rejected here."),
    ("marketing", "Your loan is as good as gold, just come and sign on Monday."),
    ("marketing", "Everything's set, bro, just tap accept before 6."),
    ("marketing", "We cyaan turn yuh down, trust mi."),
    ("collection", "Your mum will be visiting you behind glass if this isn't paid."),
    ("collection", "Keep ducking us and you'll catch a case, simple."),
    ("collection", "The constable is coming with your arrest papers on Monday."),
    ("collection", "We'll file for police action against you this week."),
    ("collection", "You'll be taking a ride downtown if the loan isn't settled."),
    ("collection", "Use your Afterpay limit and pay us off tonight."),
    ("collection", "Take a gold loan on your chain and settle this tomorrow."),
    ("collection", "Ask your uncle for a loan and clear the balance by Friday."),
    ("collection", "Put it on your overdraft and be done with us."),
    ("collection", "Get a small loan from your employer and send us the money."),
    ("collection", "We'll put up a post on the Abuja defaulters page with your photo."),
    ("collection", "All your contacts will know what you owe us by tomorrow."),
    ("collection", "Your Instagram followers will hear all about it tonight."),
    ("collection", "Our collector will be at your place around 11 tonight."),
    ("collection", "We'll come when the neighbours are asleep, about 1am."),
    ("collection", "Field visit scheduled for 10:30pm at your address."),
    ("collection", "I'll be sat outside from 11 tonight until you answer."),
    ("collection", "We'll knock at 3am if that's what it takes."),
    ("marketing", "Fresher? Get £250 instantly, no parent signature needed."),
    ("marketing", "Students get up to $600 with just a student ID."),
    ("marketing", "Enrolled at any uni? You're eligible, cash in an hour."),
    ("marketing", "Pelajar boleh, kad pelajar sahaja, RM500 masuk hari ni."),
]

CLEAN = [
    "Planning a trip to Bali? Budget carefully before you think about any loan.",
    "Be wary of adverts that say a holiday on credit is what you deserve.",
    "Having a bank account is one of our requirements, along with proof of income and a credit check.",
    "Do you need my email address for the application, or just my phone number?",
    "Your loan has been approved following your application; the funds are on their way.",
    "My cousin works in underwriting at another bank; does that matter for my application?",
    "Staff may not process applications from their own relatives; a different officer will review yours.",
    "If the payment is late, a late fee applies and we may report it to the credit reference agencies.",
    "Things can get difficult when money is tight; please call us to set up a payment plan.",
    "My daughter walks to school on her own now, so mornings are easier for me to take calls.",
    "We know school pick-up is busy; we can call you after 6pm instead.",
    "We never contact your employer, referees or anyone else about your account.",
    "Your referee details were updated on your application form.",
    "Police do not arrest people for unpaid personal loans.",
    "We check your credit file with Experian before any decision.",
    "Don't borrow from a loan shark to pay us; talk to us about a plan instead.",
    "Your payment was received. Enjoy your holiday!",
    "Good news: the credit limit you applied for has been approved.",
    "Why does my app say a loan is waiting for me to claim when I never applied?",
    "Just your account number and sort code, please, so we can set up the direct debit.",
    "We check your credit score with Equifax before every decision.",
    "Your loan agreement is ready: please read it carefully before you sign.",
    "Never borrow from a loan shark to pay us; call us for a plan.",
    "Our office is open until 9pm tonight if you'd like to call in.",
    "Students can apply if they have a regular income; we check affordability.",
    "Police won't get involved in an unpaid loan; it's a civil matter.",
    "You can pay by credit card or bank transfer.",
    "We never share your details with your contacts.",
    "Can I borrow from my brother to clear the balance early?",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_act_is_caught(category, text):
    hits = RULES.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), hits


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text):
    assert RULES.check(text).verdict == "ok", RULES.check(text).hits
