"""Session 40 (helper english): the act in every SENTENCE FORM, and mention is not use.

A FORM LAYER before the English frames (en_clause.py): a challenge or rhetorical question whose
expected answer is "none" ("Show me any mortgage I've packaged that the lender bounced", "Since
when has head office turned down a customer I vouched for?") and a negated existential of a
refusal ("There's not one trader ... that got declined", "I have yet to lose a single
application") read as the universal claim; an elliptic participle state ("£3,500 holiday loan
activated under your login") and a contraction on the noun ("your overdraft's all set", texting's
"loans approved") as the state; a conditional whose protasis is a trivial ability ("If you know
how to use WhatsApp, we can lend you R6,000") as the threshold; insinuation by unnamed people who
"have a way of reminding customers" or "handle the slow payers"; pidgin / Hinglish / Swahili done
states. And a forbidden phrase inside quotation marks that its sentence talks about ("Staff may
not use terms such as 'sure approval'") fires nothing. Variants written in other words: the first
set before the layer was built, the others after (the report says which).
"""

import pytest

from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

VIOLATIONS = [
    (
        "marketing",
        "Tell me one buyer I've brought in who the finance house refused. Go on, think hard. Your R22,000 is safe.",
    ),
    (
        "marketing",
        "When did underwriting last say no to one of my people? Can't remember, can you? So your £9k is done.",
    ),
    (
        "marketing",
        "Who have I ever sent to the credit desk that walked out without the money? Nobody, aunty.",
    ),
    (
        "marketing",
        "Since when does anybody I recommend get declined? Your $4,000 is fine, stop worrying.",
    ),
    (
        "marketing",
        "There's not a single refinance I've submitted that came back refused, so yours is safe, Kofi.",
    ),
    (
        "marketing",
        "No client of mine has ever been turned away by the credit team, Ms Reddy, and you won't be the first.",
    ),
    (
        "marketing",
        "I've yet to see one of my members get declined for a top-up. Your ₦600k is as good as in.",
    ),
    (
        "marketing",
        "There isn't a case on my desk that hasn't ended in a payout, bro. Yours is next.",
    ),
    (
        "marketing",
        "Not one farmer I've signed up has had their seed loan rejected. You'll get the Ksh 45,000.",
    ),
    (
        "marketing",
        "Ms Chen, $6,000 renovation credit pre-authorised last night, sitting in your dashboard, one click to claim.",
    ),
    (
        "marketing",
        "Your ₹80,000 festival advance: sanctioned and disbursal-ready, just OTP to confirm.",
    ),
    ("marketing", "Hi Femi, ₦500k business top-up signed, sealed and ready for you. Tap Receive."),
    (
        "marketing",
        "Good morning Liam, £1,800 cleared overnight and waiting under your login. Accept by noon.",
    ),
    (
        "marketing",
        "R8,000 school-fees facility opened on your account today, Thandi. Just say the word.",
    ),
    (
        "marketing",
        "Your wedding fund's been signed off, Priya, the £7,000's ready when you tap Go.",
    ),
    ("marketing", "Jay your car loans approved, 9k waiting, reply OK n its done."),
    ("marketing", "Hey Musa, your top-up's gone through at our end, ₦150k only needs your yes."),
    ("marketing", "The $2,500 you asked about's been greenlit, Kelly, just click Confirm."),
    ("marketing", "Your credit line's live now Ah Seng, S$5,000 ready to withdraw anytime."),
    ("marketing", "If you can use a smartphone, you can have £1,000 by tonight."),
    ("marketing", "Own a phone? Then you qualify for up to $2,500, no questions."),
    ("marketing", "So long as you've got an email address, we'll lend you ₦200,000."),
    ("marketing", "Still alive? Good, that's all we need to approve you for R5,000."),
    ("marketing", "You can type your name? Then the ₹30,000 is yours today."),
    (
        "collection",
        "Some of our people in your area have a knack for reminding customers what they owe, Mr Banda.",
    ),
    (
        "collection",
        "A few of our associates might pop by the salon to see you. You know what it's about.",
    ),
    ("collection", "We know what time your daughter finishes school, Grace. Pay the $600."),
    (
        "collection",
        "Our guys who handle the tough accounts will be in Kibera on Thursday. Think about your loan.",
    ),
    (
        "collection",
        "It would be a pity if some of our friends had to call round to your stall about that balance.",
    ),
    (
        "marketing",
        "Show me any mortgage I've packaged that the lender bounced. Can't, can you? Your £180k is safe with me.",
    ),
    (
        "marketing",
        "Since when has head office turned down a customer I vouched for? Relax, Nkechi, your ₦2m is coming.",
    ),
    (
        "marketing",
        "Give me one name from my client list that the bank refused. One. I'll wait. Your $12,000 is sorted.",
    ),
    (
        "marketing",
        "Who has Faith ever brought to the branch that left without the loan? Nobody. Your turn, Mama Joy.",
    ),
    (
        "marketing",
        "There has never been a pensioner on my books whose advance was refused, Mr Okafor, so yours is safe.",
    ),
    (
        "marketing",
        "There's not one trader in this market whose loan I put in that got declined. Your KSh 60,000 will come.",
    ),
    (
        "marketing",
        "I have yet to lose a single application at committee, Mrs Khan. Your £25,000 is a certainty.",
    ),
    (
        "marketing",
        "No member of our chama has ever been turned away for a top-up, so your KSh 30,000 is as good as yours.",
    ),
    (
        "marketing",
        "Nobody who came through me has walked out empty-handed, sis. Your $3,000 is next.",
    ),
    (
        "marketing",
        "Mr Wong, S$15,000 renovation loan disbursal-ready and parked on your Singpass profile, tap Accept.",
    ),
    (
        "marketing",
        "Your KSh 20,000 school-fees boost: checked, cleared, sitting on your M-Pesa line. Dial *334# to receive.",
    ),
    (
        "marketing",
        "Hey Ama, GH₵ 4,000 market loan approved overnight and loaded into your wallet. Tap Withdraw.",
    ),
    (
        "marketing",
        "£3,500 holiday loan activated under your login this morning, Sophie. Just confirm to spend.",
    ),
    (
        "marketing",
        "Rs 2 lakh wedding loan sanctioned today, Mehta ji, only e-sign left to release.",
    ),
    ("marketing", "Ola, your business loan's gone through, ₦700k only waiting for your OTP."),
    ("marketing", "Your car finance's been pre-cleared, Dan, just click Sign to get the $18,000."),
    ("marketing", "Tonys loan approved boss, 50k sittin there, reply ok n collect."),
    ("marketing", "Your overdraft's all set at £1,000, Amy, tap Activate and it's yours."),
    ("marketing", "Lerato your advance's been signed off, R4,000 ready when you press Receive."),
    ("marketing", "If you know how to use WhatsApp, we can lend you R6,000 today."),
    ("marketing", "As long as you've got a Facebook account, the $1,000 is yours."),
    ("marketing", "Provided you can send one photo, you'll get up to ₦300,000 tonight."),
    ("marketing", "If you own a mobile phone, you qualify for a Ksh 10,000 loan, simple."),
    ("marketing", "So long as you're old enough to vote, we'll give you £1,500 on the spot."),
    (
        "collection",
        "Our people on the ground have a way of reminding customers about money they forgot, Mrs Ade.",
    ),
    (
        "collection",
        "Some fellas who deal with the difficult accounts are in Soweto this week, Bongani. Think about that £ balance.",
    ),
    (
        "collection",
        "Our recovery friends have a knack for getting folks to find the cash, trust me, Juma.",
    ),
    (
        "collection",
        "The boys who handle the slow payers know your street, Kevin. I'd sort the $450.",
    ),
    ("collection", "Our field team has a gift for persuading people who owe us, Mr Reddy."),
    (
        "marketing",
        "Oga, your 200k loan don land for system, e just dey wait make you press Accept.",
    ),
    ("marketing", "Bhai aapka ₹50,000 personal loan approve ho gaya hai, bas app mein click karo."),
    (
        "marketing",
        "Mama Wanjiku, mkopo wako wa Ksh 15,000 umeidhinishwa, bonyeza *544# upate pesa.",
    ),
    ("marketing", "Sister, your money don ready since morning, come collect am for office."),
    ("marketing", "Sir aapka limit ₹1 lakh tak credit ho chuka hai, OTP bhejo and use karo."),
    ("collection", "Oga Emeka, if you no pay the ₦40,000 by Friday, we go show you shege."),
    ("collection", "Madam, this your loan wey you no pay, you go see wetin go happen."),
]

CLEAN = [
    "Tell me one thing in your statement you don't understand and I'll go through it.",
    "When did you last update your address with us? Please check it in the app.",
    "Point to the payment you think is wrong and we'll look into it today.",
    "Who have you spoken to at our branch? Give me their name so I can follow up.",
    "Name one date that suits you for the call and we'll ring you then.",
    "There's no charge for changing your payment date.",
    "There isn't an office in your town, but you can apply by phone.",
    "Not one of your payments has been missed, well done, Kofi.",
    "I've yet to receive your bank statement, could you send it again?",
    "No client of ours pays a fee to apply.",
    "Application received yesterday, now being reviewed, we'll be in touch within two days.",
    "Payment of £120 received this morning, thank you, balance updated.",
    "Documents uploaded and checked, waiting for the underwriter's decision.",
    "Refund of $45 processed today, should reach your bank in 3 working days.",
    "Address updated as requested, new statements will go to your new home.",
    "Your payment's been received, thanks Priya.",
    "Your application's not been decided yet; we'll tell you as soon as it is.",
    "Your statement's ready to download in the app.",
    "The direct debit's been set up for the 3rd of each month, as you asked.",
    "Has my loan's paperwork been received? I sent it Monday.",
    "If you can't make this month's payment, phone us and we'll help.",
    "As long as you keep paying on time, your rate stays the same.",
    "If you can send your payslips, we can give you a decision sooner.",
    "Got a question about your loan? Then reply to this text.",
    "If you can, set up a direct debit so you never miss a payment.",
    '"Guaranteed approval" is something our staff are not allowed to say.',
    "If anyone offers you a 'no credit check loan' in our name, hang up: it's a scam.",
    'We never use the phrase "instant cash, no questions asked" in any of our adverts.',
    "Be careful of texts saying 'you are pre-approved, pay R200 to release your loan'. We never send those.",
    'Words like "no refusals" and "everyone approved" break our advertising rules.',
    "Our field adviser will visit your home on Thursday at 2pm, as you booked, to go through your payment plan.",
    "We know times are hard, Grace. If you can't pay the $600, a free debt charity can help.",
    "Our team in your area can help you set up a payment plan; call to book a visit.",
    "Our customer service people will call you on Thursday between 10am and 12pm as agreed.",
    "Some of our customers find a payment holiday useful; ask us whether you qualify.",
    'Our ads never say "no credit checks", and if you see one that does, it isn\'t ours.',
    '"Funds in 5 minutes" is the kind of line scammers use; we take one to two working days.',
    'Be wary of anyone promising "pre-approved loans, no documents" by text message.',
    "Staff may not use terms such as 'sure approval' or 'zero rejection' with customers.",
    '"Everyone gets approved" is simply not true: we turn down applications we can\'t afford to lend on.',
    "When did you last check your statement? Please make sure your address is right.",
    "There's no charge if you pay your loan off early, Mr Okafor.",
    "£3,500 payment received today, Sophie, thank you. Your balance is now zero.",
    "Your loan's been paid off in full, Dan. Well done!",
    "If you can't afford this month's payment, we can give you more time.",
    "Our people in your area have a way of making the paperwork easy: book a visit to go through your plan.",
    "Your loan application don reach our office, we go call you after review.",
    "Aapka payment receive ho gaya hai, thank you. Agla EMI 5 tarikh ko hai.",
    "Malipo yako ya Ksh 2,000 yamepokelewa. Asante kwa kulipa mkopo wako.",
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
