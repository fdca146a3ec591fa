"""English rule families of session 32 (helper english), read by their structure. Cases are
variants written in other words than any probe line.

- A promise by its shape: the outcome (the loan goes through, is in, the answer is yes, you get
  the cash) with certainty, a personal pledge, "whatever your situation", a planning imperative
  after it, or a track record that ends with the listener ("... You're next.").
- No credit check as what the lender does not need, ask or care about.
- Custody told as the listener's future ("you'll be in handcuffs", "a weekend in the cells").
- The borrower's side: a claim someone else made, then asked about ("is that even legal?",
  "can they even"), passes."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import flags, passes


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Honestly mate, your application will sail through, no doubt about it.", "marketing"),
        ("Don't overthink it, yours will come through, trust me.", "marketing"),
        ("Your file's going through tomorrow. Time to start shopping for that sofa.", "marketing"),
        ("Whatever your history, you walk away with the cash.", "marketing"),
        ("No matter how bad it looks, you'll get approved with us.", "marketing"),
        ("Past due, past bankrupt, past caring: the answer is still a yes.", "marketing"),
        ("I'll vouch for it myself, your loan gets approved.", "marketing"),
        (
            "Fifty folks walked in this month and fifty went home with money. You're next.",
            "marketing",
        ),
        ("Everyone who applied last week got approved. Next in line: you.", "marketing"),
        ("Credit score? We don't care, just show a payslip.", "marketing"),
        ("CCJs and defaults? Not our business here.", "marketing"),
        ("Bankruptcy on your file? Come as you are.", "marketing"),
        ("Your credit history never gets to our desk.", "marketing"),
        ("Keep ignoring the calls and you'll be in handcuffs by Friday.", "collection"),
        ("You'll end up behind bars, and don't say we didn't warn you.", "collection"),
        ("Another week of this and it's a weekend in the cells for you.", "collection"),
        ("The cops will be paying you a visit if we don't hear back.", "collection"),
    ],
)
def test_idea_read_by_its_structure(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "the collector said i'd end up in jail, is that even legal?",
        "My lender charges 3% a week. Is that normal?",
        "Someone told me you never check credit. Is that true?",
        "Agent texted saying my loan is 100% approved, can they even promise that",
        "They said I'd get the money no matter what. Is that right?",
        "Your payment will go through tonight; you'll see it tomorrow.",
        "Your application has gone through to underwriting; we'll decide by Monday.",
        "We look at your credit report with a bureau before any decision.",
        "Defaults and CCJs are considered, and they can lead to a decline.",
        "Be careful: scammers are promising that your loan will go through for a fee.",
        "If I keep missing payments will I end up in jail? I'm scared.",
        "You have my word that we'll call you back before 5pm.",
        "Is the answer always yes with you guys? My friend said so.",
    ],
)
def test_near_misses_pass(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("How's your lad getting on in Year 7? Big school is a big step.", "collection"),
        ("So the little one starts reception next week? We'll see you at the gate.", "collection"),
        ("We'll have a word with your landlord this afternoon then.", "collection"),
        ("We will inform your chama about this debt at the next meeting.", "collection"),
        ("Our agent will wait outside your shop and ask around for you by name.", "collection"),
        ("I'll pop round to your nan's later and explain things.", "collection"),
        ("There's still space on your credit card, so settle this today.", "collection"),
        ("Ask your sacco for a quick loan and pay the balance this week.", "collection"),
        ("Our lads do late patrols; your estate is on tonight's route.", "collection"),
        ("We're downstairs now. It's 1:05. Come and sort this out.", "collection"),
        ("An agent will call at your house after 11pm tonight.", "collection"),
        ("Raat ko do baje phone karenge, uthana zaroor.", "collection"),
        ("Pick up when I call at 4am or we escalate.", "collection"),
        ("All we need is your name and a mobile number, that's it.", "marketing"),
        ("Two clicks, one selfie, no paperwork whatsoever.", "marketing"),
        ("If you've got a WhatsApp number you qualify for up to $300.", "marketing"),
        ("Still in sixth form? Your paper round counts as income with us.", "marketing"),
        ("Lectures all week and skint? We'll lend against your timetable.", "marketing"),
    ],
)
def test_third_parties_nights_products_thresholds_students(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "We'll call you at 10 a.m. tomorrow as you asked.",
        "I'll phone you at 2:45 this afternoon to go through the plan.",
        "I'm outside the branch now, it's 12:10, I'll be at the counter in a minute.",
        "My daughter starts Year 1 next week, can I move my payment date?",
        "We will never contact your landlord, church or neighbours about your account.",
        "Don't put this on your credit card; ask us for a payment plan instead.",
        "They came to my house at 11pm last night. Is that allowed?",
        "All we need is your payslip and a bank statement, and we run a credit check too.",
        "Just your reference number and postcode, that's all I need to find your account.",
        "Still at school? Sorry, you must be 18 or over to apply.",
        "I'm at uni and worried this loan will show up when I apply for grad jobs, will it?",
        "£5 per £100 per week, representative APR 1,164%.",
        "Borrow £1,000 over 2 years at 29.9% APR representative: 24 monthly payments of £54.10.",
        "APR 19.9% representative: the monthly payment on £6,000 over 3 years is £218.",
    ],
)
def test_service_policies_and_disclosures_pass(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Your payout is in the bag, just sign the form tonight.", "marketing"),
        ("srsly u cannot not get funded here", "marketing"),
        ("You're already on today's approved list, check your phone at 5.", "marketing"),
        ("We decide on your wages, not your credit score.", "marketing"),
        ("Credit reports are for the big banks; here we just talk.", "marketing"),
        ("We don't send your details to any bureau, ever.", "marketing"),
        ("Keep this up and you'll land in the clink.", "collection"),
        ("We can have you arrested by Monday, your call.", "collection"),
        ("Please tell him he owes us £400 and it's overdue.", "collection"),
        ("Your flatmates will be getting a call from us this evening.", "collection"),
        (
            "Your daughter's got her exams this month, hasn't she? Shame if anything distracted her.",
            "collection",
        ),
        ("Ask your uncle, he can lend you the money, then send it to us.", "collection"),
        ("Dost se udhaar le lo, par aaj payment jama karo.", "collection"),
        ("Your picture goes up on the market noticeboard tomorrow.", "collection"),
        ("The team's on night duty; someone will knock at your door around one.", "collection"),
        ("It's just 10 bucks on every hundred a week.", "rate-disclosure"),
        ("Every 14-day renewal costs 9% of the loan.", "rate-disclosure"),
    ],
)
def test_certainty_contrast_custody_carriers_units(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "My sister says you approve everyone. Is that how it works?",
        "Approval isn't a given; we check your credit report.",
        "Approval isn't guaranteed; the underwriter decides.",
        "We send your details to the credit bureaus when you apply.",
        "Before you borrow from your brother to pay us, call us; we can pause payments.",
        "Please tell him his appointment is at 3pm at the branch.",
        "Your photo ID will be shown on the secure page when you log in.",
        "10 on every hundred a week, which is a representative APR of 14,104%.",
        "They said they'd have me arrested. Can they even do that?",
    ],
)
def test_denials_service_and_disclosures_pass(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("We ain't never sent nobody away empty-handed, sugar.", "marketing"),
        ("Good news: ₹40,000 is now yours, tap to transfer.", "marketing"),
        ("Relax, your application won't get declined with us.", "marketing"),
        ("Is this the HR office? One of your nurses' loans is badly overdue.", "collection"),
        ("Someone from our team will be by your house around 2am.", "collection"),
        ("Set your alarm for 5, that's when I'll be ringing.", "collection"),
        ("A payday loan would sort this; take one and clear us tomorrow.", "collection"),
        ("The juice is three points a week, every week.", "rate-disclosure"),
    ],
)
def test_concord_claims_groups_alarms_points(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "The £200 is yours to keep; it was a goodwill refund.",
        "I'll call by your house at 2pm as we agreed.",
        "Please don't take a payday loan to pay us; let's agree a plan.",
        "Interest is two points a month on the balance (26.8% APR).",
        "One of your agents was rude to me on the phone.",
        "Nobody at your church or your office will be told about this debt.",
        "Court was told the lender's agent threatened to have her arrested.",
    ],
)
def test_refunds_appointments_news_pass(text: str) -> None:
    assert passes(text)
