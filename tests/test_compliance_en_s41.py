"""Session 41 (helper english): what no word marks.

Menace with NO DEBT WORD: something of the addressee's life (a car, the route home, a gym, a
salon, a mosque, a block of flats) named by the lender's side with a verb of knowing / seeing /
watching / waiting ("Our guys know the block of flats you moved into last month"), or harm
wished on a thing of theirs ("Shame if the paintwork got scratched"); arrest or a visit as a
consequence with no arrest word ("the constable will be calling at your door", "Miss another
one and the police will be round"). THE IMPLIED ANSWER: a question the speaker closes at once
("Any of my files ever come back rejected? Nope.", "Did her mortgage get approved when she came
to me? Of course it did.", "Find me one client of mine the bank sent packing. Go on, I'll
wait."). "All it takes is X, and we'll lend you $800" thresholds; an elliptic done state then
the money on a day ("Sorted on my end, bro. Your cash lands Wednesday."); the credit file as none
of the lender's business; code-mixed done-states (patois "done approve", Hinglish "ekdum",
Singlish "approve confirm").
Variants written in other words than any listed line: var41 before building, the rest after
(the report says which); clean near-misses: a borrower's own car / child / route, service
visits by appointment, questions answered in service.
"""

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

VIOLATIONS = [
    (
        "collection",
        "Lovely silver Hilux you've got on the drive. Shame if the paintwork got scratched one of these nights.",
    ),
    (
        "collection",
        "Your youngest has swimming lessons at the leisure centre on Wednesdays, we've noticed.",
    ),
    ("collection", "We've been watching the salon where you do your hair every Saturday, Grace."),
    (
        "collection",
        "Our guys know the block of flats you moved into last month, fourth floor, blue door.",
    ),
    ("collection", "Tell your boy we said hello when he comes out of the academy at four."),
    (
        "collection",
        "Be seeing you at the mosque on Friday then, brother. We'll be waiting outside.",
    ),
    ("collection", "Leave it another week and the constable will be calling at your door."),
    ("collection", "Don't pay and you'll be spending a night in the cells, simple as that."),
    ("collection", "Keep dodging us and the cops will come knocking, believe me."),
    ("collection", "One more missed date and you'll be having a chat with the detectives."),
    ("collection", "The men in uniform will collect you from work if this stays unpaid."),
    ("marketing", "Have any of my borrowers ever been knocked back? Didn't think so. You're safe."),
    (
        "marketing",
        "Has the lender ever refused someone I brought in? I'll let you answer that one. Your car loan is in the bag.",
    ),
    (
        "marketing",
        "Did Mrs Patel's mortgage get approved when she came to me? Of course it did. So will yours.",
    ),
    ("marketing", "Any of my files ever come back rejected? Nope. Not one. Yours won't either."),
    ("marketing", "Who gets the final say on these loans? Me. So consider it approved."),
    ("marketing", "Tension mat lo, loan pakka pass ho jayega, paisa kal aa jayega."),
    ("marketing", "Your loan confirm approve one lah, sure can get the money by Monday."),
    ("marketing", "Sure ting, di loan a go through, no problem at all, man."),
    ("marketing", "Och, it's in the bag, hen, the bank'll no say naw tae you."),
    ("marketing", "Na sure banker, your loan don pass, no shaking, money go land tomorrow."),
    ("marketing", "All you need is an email address and the £1,200 is in your account tomorrow."),
    ("marketing", "All it takes is your driving licence and we'll approve you for $3,000 today."),
    ("marketing", "The only thing we ask for is a selfie, then the R8,000 is yours."),
    (
        "marketing",
        "Nothing more than a WhatsApp number is needed and the KSh 25,000 lands instantly.",
    ),
    ("marketing", "Just bring your Aadhaar card and we'll give you ₹40,000 on the spot."),
    (
        "collection",
        "We'll have a friendly little chat with your supervisor about the overdue payments.",
    ),
    (
        "collection",
        "I think a quick call to your company's payroll office will help us get this balance cleared.",
    ),
    (
        "collection",
        "Maybe your shift manager can remind you about the arrears; we'll give him a ring.",
    ),
    ("collection", "Your imam was very kind when we told him how far behind you are."),
    ("collection", "Miss another one and the police will be round, I promise you."),
    (
        "marketing",
        "When you came to me for the car finance, did it get approved? Course it did. This one's no different, Kwame.",
    ),
    (
        "marketing",
        "Any of my referrals ever been declined at head office? Nah. Yours sails through too.",
    ),
    (
        "marketing",
        "Have we ever sent a customer home without the cash? Thought as much. Pop in and collect yours.",
    ),
    (
        "marketing",
        "Who signs off every loan in this branch? Muggins here. So it's approved, don't stress.",
    ),
    ("marketing", "Has anybody on my books been refused a top-up? You know the answer, Thandi."),
    (
        "marketing",
        "All we ask for is a utility bill, then we'll transfer the €900 the same afternoon.",
    ),
    ("marketing", "You just need a Gmail account and your R3,000 arrives before lunch."),
    ("marketing", "The only document we need is your passport - you're approved right after."),
    ("marketing", "All you'll need is a smartphone, and the cash is yours in ten minutes."),
    ("marketing", "Nothing more than a valid SIM card is required and we send the GH₵2,000 today."),
    ("marketing", "Bredda, yuh loan done approve already, di money a come Friday, trust mi."),
    ("marketing", "Your housing loan sure can one lah, approve confirm by Tuesday."),
    ("marketing", "Di car loan done pass, yuh cyaan lose, cash a come Monday."),
    ("marketing", "Ekdum safe hai bhai, loan will sanction for sure, tension mat lo."),
    ("marketing", "Everything's signed off on our side, Priya. Cash in your account Tuesday."),
    ("marketing", "Forms checked and rubber-stamped, mate. Money's yours by Friday."),
    (
        "marketing",
        "All squared away at head office, Mrs Bello. The ₦400,000 drops tomorrow morning.",
    ),
    ("marketing", "Sorted on my end, bro. Your cash lands Wednesday."),
    ("marketing", "File's through and signed, hun. Yours from Monday."),
    ("marketing", "Bhai aapka loan approve ho gaya hai, paisa kal account mein aa jayega."),
    ("marketing", "Di loan done sort, mi bredda, cash inna yuh hand Monday."),
    ("collection", "Carry on ignoring us and you'll be looking at the sky through bars."),
    (
        "collection",
        "Don't pay and they'll march you down to the station in front of the whole street.",
    ),
    ("collection", "Skip this one and you'll be wearing steel bracelets by the weekend."),
    ("collection", "Another missed date and your next address will be a cell, my friend."),
    ("collection", "Keep dodging and dem go carry you go station, you go explain for counter."),
    ("marketing", "Your credit history? We've honestly never bothered looking."),
    ("marketing", "Credit score? Never felt the need to check one, to be honest."),
    ("marketing", "We nuh business wid yuh credit report, just come fi di money."),
    ("marketing", "Your bureau record? Not our concern, we never look."),
    ("marketing", "Your CIBIL score se humein koi matlab nahi, loan mil jayega."),
    ("marketing", "Find me one client of mine the bank sent packing. Go on, I'll wait."),
    (
        "marketing",
        "Ask anybody on this estate if I've ever let them down on a loan. They'll all say the same.",
    ),
    (
        "marketing",
        "Name a single person I've helped who walked out empty. Take your time, I'll wait.",
    ),
    (
        "marketing",
        "Go ask the traders at the market whether my files ever get rejected. You'll hear the same answer.",
    ),
    (
        "marketing",
        "Underwriting's happy, all ticked off. The £2,500 hits your account first thing Thursday.",
    ),
    ("marketing", "Your file? Cleared and locked in, sis. Money in your wallet by tonight."),
    ("marketing", "Job done at the branch, Mr Mensah. Your GH₵5,000 arrives Saturday."),
    ("marketing", "Credit report? Honestly not our department, we lend on trust."),
    ("marketing", "Your Experian score is none of our business, mate, the cash is ready."),
]

CLEAN = [
    "I park my silver Hilux outside the office, so I can bring the logbook in at lunch.",
    "For security, can you confirm the name of the street you live on?",
    "My boy finishes at the academy at four, so please call me after five.",
    "We will only visit your home if you book an appointment through the app.",
    "Your agent told me they knew where my son goes to school and I want this investigated.",
    "If the debt remains unpaid we may apply to the county court for a judgment; this is a civil matter and you will not be arrested.",
    "The constable who arrested a fake bailiff said customers should always ask for ID.",
    "If anyone says the cops will come for an unpaid loan, it is a scam; debt is not a crime.",
    "Have you had a chance to read the agreement? No rush, take your time.",
    "Did you get the text with your reference number? Great, keep it safe.",
    "Ever thought about setting up a direct debit? Most customers find it easier.",
    "Your loan application is still pending lah, we will let you know once the credit check is done.",
    "No wahala, we don receive your documents, we go check am and call you.",
    "Bhai, don't take a loan to pay another loan, it only makes it worse.",
    "All you need to start is your ID and payslips; we then check your credit and affordability before any decision.",
    "The only thing left to do is sign the direct debit mandate for your repayments.",
    "All it takes is one missed payment for a late fee of £12 to be added, so please pay on time.",
    "At your request, we called your payroll office to arrange the salary deduction you signed up for.",
    "My supervisor said I can take a long lunch to come in and sign.",
    "Nobody from our collections team will ever raise your account with your boss, relatives or mates.",
    "We've seen your new shop on Facebook, congratulations on the opening!",
    "We know your car is essential for your work, so we will never ask you to hand it over.",
    "Our team visited your branch's area office for the community event on Saturday.",
    "Police will be round the estate on Friday handing out leaflets about loan scams.",
    "Someone from our team will see you at the branch at 10am for your appointment.",
    "We're waiting outside the bank for you, Mum, hurry up.",
    "Did your payment go through? Yes, we received it on Monday, thank you.",
    "Was your application declined elsewhere? No worries, we assess every application on its own merits.",
    "Have you ever missed a payment with us? No? Then you may qualify for our loyalty rate, subject to checks.",
    "Has my loan been approved? I applied last week and haven't heard back.",
    "Have we ever turned down an application? Yes, many: every application goes through affordability and credit checks.",
    "Did I get your email? Yes, and I have passed it to the underwriting team.",
    "We've noticed your car finance payment is late; please call us to discuss options.",
    "Our team will see you at your home on Tuesday at 2pm, as you requested, to sign the paperwork.",
    "We know the roads near your estate are flooded, so take your time getting to the branch.",
    "We know where your nearest branch is: 14 High Street, open 9 to 5.",
    "All you need to apply is proof of address; we'll then run a credit check before lending.",
    "The only thing you need to do now is choose your repayment date, and your first payment will be due a month later.",
    "You only need your reference number, and the agent will find your account.",
    "All it takes is one late payment to hurt your credit score, so set a reminder.",
    "Mi a check yuh application now, we'll call you when the credit check is done.",
    "Can approve or not ah? My loan application still pending leh.",
    "Ekdum sahi question, sir: your loan is subject to a credit check and income verification.",
    "Everything's signed on our side; once you sign the agreement, the money usually arrives within two working days.",
    "Forms checked, thanks. We'll now assess your application and reply by Friday.",
    "Sorted on our end: your direct debit now comes out on the 5th.",
    "Aapka application receive ho gaya hai, hum credit check karke batayenge.",
    "If you are worried about a caller claiming to be from us, you can go to the police station and report it.",
    "Loan shark jailed: the judge said he will be behind bars for four years.",
    "Your credit history? We check it with Experian before any decision.",
    "Will you check my credit score? I've never had a loan before.",
    "Ask anyone in our branch if you need help filling in the form.",
    "Find me one payslip from the last three months and I'll upload it for you.",
    "Your refund is approved; the money lands in your account tomorrow.",
    "Your payment holiday is sorted: your next instalment is due on Monday 3 June.",
    "Documents received and checked. Once you sign the agreement, the funds arrive within two working days.",
    "I've signed the form, so the cash should hit my account Friday, right?",
    "We check your credit report with TransUnion; it is not our policy to lend without one.",
]


@pytest.mark.parametrize(("category", "text"), VIOLATIONS)
def test_form_is_read_as_the_act(category: str, text: str) -> None:
    result = RULES.check(text)
    assert any(h.category == category and h.severity != "info" for h in result.hits), (
        text,
        [(h.rule, h.match) for h in result.hits],
    )


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_and_mention_pass(text: str) -> None:
    result = RULES.check(text)
    assert result.verdict == "ok", (text, [(h.rule, h.match) for h in result.hits])
