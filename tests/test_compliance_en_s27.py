"""Session 27 (helper english, probe28e1 and author's probe28a1): English families written in other
words than the rounds: the money promised to arrive with a certainty word, everyone past paid out
and "yours will be no different", bad credit as a speciality, "Credit checks? None.", third parties
by role (landlady, supervisor, payroll), arrest as procedure (case passed to the police, an FIR),
borrowing from a card, overdraft or family to pay us, a knock in the small hours; and the clean
shapes beside them (reported messages, denials of saying, apologies, news of a fine, a policy of
contacting references only to find the borrower, money promised after approval)."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


def _passes(text: str) -> bool:
    return RULES.check(text).verdict == "ok"


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("marketing", "Mate, that cash is hitting your account this arvo, guaranteed."),
        ("marketing", "The funds will be credited by 5pm, absolutely certain, don't stress."),
        ("marketing", "Disbursal will surely happen tomorrow morning, sir, you have my word."),
        ("marketing", "Every customer I've signed up this year got their money, and you're next."),
        ("marketing", "None of my clients has ever been turned down, not once."),
        (
            "marketing",
            "Lenders with strict scoring turned you down? Poor credit is exactly who we're for.",
        ),
        ("marketing", "We cater to people with CCJs and defaults, that's our niche."),
        ("marketing", "Low CIBIL? That's our speciality, sir."),
        ("marketing", "Background checks? None. Just apply."),
        ("collection", "We've sent a letter to your landlady about the money you owe."),
        ("collection", "I've been in contact with your supervisor regarding your overdue balance."),
        ("collection", "Our team rang your payroll department this morning about the debt."),
        (
            "collection",
            "Your details have been forwarded to the police; expect officers at your door.",
        ),
        ("collection", "We are filing an FIR against you tomorrow if the dues are not cleared."),
        (
            "collection",
            "A police complaint against you has been drafted and will be lodged on Monday.",
        ),
        ("collection", "Max out your overdraft if you need to, just get us paid today."),
        ("collection", "Ask your brother to lend you the money and settle this by tonight."),
        ("collection", "Your friends can lend you the balance, clear it today."),
        ("collection", "Expect a knock on your door in the small hours if you keep ignoring us."),
        ("rate-disclosure", "Just Rs 25... no wait, only 25 rupees daily for each 5,000 you take."),
        ("rate-disclosure", "Only ₦50 per day on every ₦10,000, fastest loan in Lagos."),
        ("rate-disclosure", "Borrow £200, pay back £280 over 2 months, simple."),
        ("rate-disclosure", "Get $1,000 today, repay $1,300 across 3 months."),
        ("rate-disclosure", "0% APR for 12 months! $15 monthly membership fee applies."),
        (
            "rate-disclosure",
            "Enjoy 0% for six months*  *a £5 account maintenance fee is charged every month",
        ),
        ("rate-disclosure", "Interest-free! Just a 3% processing fee on each payment."),
        ("marketing", "Don't overthink it, by Monday you'll have the money. It's a given."),
        ("marketing", "Leave it with me, you'll get the loan, my word on it."),
        ("marketing", "Twelve years in this job and I've never had a single one fall through."),
        ("marketing", "There's no scenario where you walk away without the cash."),
        ("marketing", "Sure approve po, ma'am, just wait for the text."),
        ("marketing", "A few missed payments won't stand in the way, we don't judge."),
        ("marketing", "Credit score kharab? Tension mat lo, we will sanction."),
        ("marketing", "We never even open the bureau file, honestly."),
        ("marketing", "Got a pulse and a payslip? That's the whole form."),
        ("collection", "Your file is with the police now; officers may want to question you."),
        ("collection", "We've asked the fraud squad to look into your non-payment."),
        ("collection", "If it drags on, things will get very messy for you and your family."),
        ("collection", "Use your Afterpay limit and send it our way by tonight."),
        ("collection", "Get an advance on your wages and pay us in full."),
        ("rate-disclosure", "Zero interest! We only charge a flat £8 for each month you borrow."),
    ],
)
def test_session27_flagged(category: str, text: str) -> None:
    assert _flags(text, category), RULES.check(text).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "We may call your references only to confirm your contact details, never to discuss your debt.",
        "I got a text saying my approval was guaranteed, is that really from you?",
        "Our agent never said your manager would be called; we have the call recording.",
        "Once your loan is approved, the money will definitely reach your account within an hour.",
        "Watchdog fines lender for telling borrowers their approval was certain.",
        "Don't borrow from friends or use a credit card to pay us; call us and we'll set up a plan.",
        "We received your payment today and it will definitely show on your account by tomorrow.",
        "We lend to people with poor credit, but we always run a full credit check and many are declined.",
        "Scams should be reported to the police; we will never ask for a fee upfront.",
        "Suspected fraud cases are referred to the police.",
        "0% interest for 12 months and no fees; after that, 24.9% APR representative.",
        "0% APR for 12 months, no monthly fees; then 21.9% APR representative.",
        "Earn 10 points a month on your rewards card.",
        "Please don't take a payday loan to pay us; call our hardship line instead.",
        "The agent said I'd definitely be approved and then I was declined, so annoyed.",
        "Our agents must never tell customers that the police will be called.",
        "We don't target students with loan offers.",
        "If you qualify, you'll get the money the same day.",
        "Police arrest man who claimed to be from a fraud unit and demanded loan repayments.",
        "Will the police be involved if I miss a payment?",
    ],
)
def test_session27_passes(text: str) -> None:
    assert _passes(text), RULES.check(text).to_dict()
