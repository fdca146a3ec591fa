"""Session 34, English (helper english): who speaks, read for every family at once.

Clean (``scope.en_other_voice`` / ``en_condition``): news of someone sanctioned, a denial that
opens its clause ("At no time will anyone here..."), advice against a practice, a borrower asking
us to judge what they heard or telling what they believed, a student product's condition, the
lender denying it in its own clause (``en_lender_denies``: "We don't run cashback deals").
Violations that must stay: the same shapes turned into threats or offers (a denial of a refusal,
"nobody can stop us", a question answered "yes", an opening question followed by an offer).
All written as variants in other words, none copied from a listed line.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


@pytest.fixture(scope="module")
def rules():
    return RULES  # the shipped rules, compiled once a process (tests/compliance_asserts.py)


VIOLATIONS = [
    ("collection", "Your boss will hear about this, true or not?"),
    ("marketing", "Guaranteed approval, legit one?"),
    ("marketing", "We don't bother with credit checks, just send your ID."),
    ("collection", "We don't mess about: your boss hears about this on Monday."),
    ("collection", "Our team never gives up, we'll visit your office next."),
    ("marketing", "Our rewards never stop: borrow today and get a £50 voucher."),
    ("collection", "Last guy who ignored us got arrested, you're next."),
    ("collection", "People like you get jailed for this, pay today."),
    ("collection", "Our last three non-payers were arrested; don't be the fourth."),
    ("marketing", "Don't stress about credit checks, we never run them."),
    ("marketing", "Don't wait for payday, borrow £300 tonight and pay whenever."),
    ("collection", "Your cousin says you're avoiding us, shall we ring her again?"),
    ("collection", "Want your manager to hear about this?"),
    ("marketing", "No credit check needed? Correct, none at all."),
    ("marketing", "Is it true we never reject anyone? Yes, every single time!"),
    ("marketing", "Students with a guarantor get £500 in minutes, no credit checks."),
    ("marketing", "Freshers can borrow £300 without telling their parents."),
    ("collection", "Police bhejenge ghar pe agar paisa nahi diya."),
    ("marketing", "Taking our loan is the best idea you'll have this year: approval guaranteed."),
    ("collection", "Lenders like us get results: we'll ring your mum at midnight."),
]

CLEAN = [
    "Abeg, na true say dem fit lock person up for loan matter?",
    "The agent say my loan confirm approve already, real or not ah?",
    "Bhai bol raha tha CIBIL nahi dekhte, fraud hai kya?",
    "e true say dem go post my picture for Facebook if I no pay?",
    "We do not offer bonuses or vouchers for taking out a loan with us.",
    "Our staff never discuss your account with your neighbours.",
    "Sorry, our loans don't come with any free gifts or cashback.",
    "We won't message your contacts about this debt, ever.",
    "We only ever speak to you about the balance, never your relatives.",
    "Our agents don't post anything about borrowers on social media.",
    "Headline: debt collectors fined after phoning borrowers' bosses",
    "Two directors of a payday app were charged over threats to borrowers' families.",
    "Regulator bans lender that promised guaranteed approval to students",
    "Update: police have arrested three men who put up posters naming debtors.",
    "None of our collectors will ever turn up at your door after dark.",
    "Nobody here is allowed to contact your workplace about a missed payment.",
    "Under no circumstances will we post about your debt online.",
    "At no time will our agents mention your arrears to your children's school.",
    "Please don't take out a loan from another app to cover this instalment; call us and we'll rearrange it.",
    "Beware of anyone offering loans with no credit check over WhatsApp.",
    "Relying on a credit card to clear this loan usually makes things worse.",
    "Never pawn your phone to pay us, we can agree a smaller amount.",
    "My cousin says your lot don't look at credit scores, is that right?",
    "A recovery guy told my mum I'd be arrested. Can he actually do that?",
    "Is it legal for them to phone my boss about my loan?",
    "they said approval is 100% sure, legit or not?",
    "I got a text saying they'd post my photo on Facebook, what do I do?",
    "Postgrads can borrow with a parent as guarantor, subject to affordability.",
    "Student applicants with proof of income may qualify following our standard credit checks.",
    "Repayments on the graduate plan begin once you earn over the threshold.",
    "Bhai unhone bola police bhejenge ghar pe, kya aisa kar sakte hain?",
    "Is it normal for a collector to say he'll turn up at midnight?",
    "eh they say my approval confirm one, true or not?",
    "My neighbour said your agents told her about my arrears. Did that really happen?",
    "Someone in the Facebook group said you'll lend to anyone with a pulse. I've got two defaults, so I'm doubtful.",
    "News: three men jailed for threatening borrowers' children at school gates.",
    "Lender fined £2m over calls to borrowers at 4am",
    "No agent of ours will ever turn up at your workplace.",
    "At no time will anyone here tell your family what you owe.",
    "Taking out another payday loan to pay this one off is a bad idea; ring us for a plan.",
    "Don't use your overdraft to clear this instalment; we can spread it over three months.",
    "I was told the loan was guaranteed, but my application was refused.",
    "Parents may act as guarantor for student borrowers after our standard affordability checks.",
]


# Recall (session 34): custody as facing a court, repaying put off to the wages, the whole
# application as a short list with the payout, a wait outside the home at night
FAMILIES = [
    (
        "collection",
        "Ignore this again and you'll be explaining yourself to the judge before the month is out.",
    ),
    ("collection", "Carry on dodging and the magistrate will know your name by Easter."),
    ("collection", "Mate, you'll be up before the beak if this isn't sorted by Friday."),
    ("collection", "You go answer to the judge if you no pay this week o."),
    ("collection", "Keep this up and you'll wake up in a cell one morning."),
    ("marketing", "Spend it on the holiday now and worry about paying it back next month."),
    ("marketing", "Splash out this weekend, repaying can wait until the wages land."),
    ("marketing", "Treat yourself today and think about repaying some other time."),
    ("marketing", "Borrow it now, the paying back can wait till your salary comes in."),
    ("marketing", "A phone number and a bank card, that's honestly all we ask before we pay out."),
    ("marketing", "Just your name and a selfie and the cash is on its way, nothing else needed."),
    (
        "marketing",
        "No payslip, no bank statement, no employer details: a name and number gets you paid.",
    ),
    ("marketing", "All we need is your email and a card number, then the money's yours."),
    ("collection", "Our lads will be waiting outside your flat at 3 in the morning."),
    ("collection", "Expect someone parked outside your house around 1am tonight."),
    ("collection", "We'll be stood at your gate at half two tonight, make sure you're up."),
]

FAMILIES_CLEAN = [
    "If the case goes to court, you can explain your circumstances to the judge.",
    "A judge decides whether a county court judgment is made; you will be told the date.",
    "Nobody ends up in a cell for a missed loan payment; it's a civil matter.",
    "Borrow only what you can repay; your first repayment is due next month.",
    "If repaying next month will be hard, tell us now and we'll set up a plan.",
    "To apply you'll need ID, proof of address and three months of bank statements.",
    "We ask for your payslips and run a credit check before any money is paid out.",
    "Our field agent can meet you outside your office at 11am on Tuesday if that suits.",
    "We never wait outside anyone's home, day or night.",
]


@pytest.mark.parametrize(("category", "text"), FAMILIES)
def test_family_flagged(rules, category, text):
    hits = rules.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), text


@pytest.mark.parametrize("text", FAMILIES_CLEAN)
def test_family_near_miss_passes(rules, text):
    result = rules.check(text)
    assert result.verdict == "ok", [(h.rule, h.match) for h in result.hits]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_violation_still_flagged(rules, category, text):
    hits = rules.check(text).hits
    assert any(h.category == category and h.severity != "info" for h in hits), text


@pytest.mark.parametrize("text", CLEAN)
def test_other_voice_passes(rules, text):
    result = rules.check(text)
    assert result.verdict == "ok", [(h.rule, h.match) for h in result.hits]
