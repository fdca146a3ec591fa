"""Session 44 (recall): violations in wording nobody on the team had written, caught by widening a
concept (a term list, a unit, a frame), not by adding the line.

- certainty as a FIGURE: an approval outcome beside a hundred percent in any spelling (cent percent, full
  hundred percent, ten out of ten): en.toml en_s44_outcome ~ en_s44_full;
- certainty as LITOTES: surprise or a wager on the opposite outcome ("I'd be amazed if they said no",
  "If this application fails I'll hand in my notice"): en_s44_surprise .. en_s44_fail, en_s44_fail & en_s44_wager;
- the credit file by more of its names (BVN, CRC, CRIF): en_s44_nolook en_s44_file;
- the contact list described, not named ("the names saved on your phone", "everyone on your speed dial",
  你通话记录里最常打的号码): en_s44_phone_people, zh.toml x_phone_people_zh / x_told_zh;
- a person of the borrower's life in the THIRD person, as staff notes name them ("phone her sister", "email the
  borrower's line manager"): en_s44_reach3 en_s44_role3 (pronoun holders with a debt word);
- the police arriving FOR the listener ("officers are on standby for you", "police go pick you"): en.collection.threat;
- a payday fee said with the pay event in other words ("when your wages land", "on salary day"): rates._PAYDAY_RE,
  and a lettered dollar after "every" (C$100): rates._EN_EVERY;
- the hundredths in words per unit of money ("five cents on the dollar a month", "ten pence in the pound"):
  concepts._UNIT_RATE;
- a promise quoted in a SCRIPT (话术：“…”, "tell them: '…'", "just say: …"): scope._scripted, while the words of
  others quoted ("people who say '…'", 他们都说“…”) and a forbidden script ("Never say '…'") still pass.
Every flagged line below passes on 95e07eae (the session's base); the clean lines pin what the widened concepts
must not reach.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

FLAG = [
    ("marketing", "Madam, approval chance is full hundred percent, no tension at all"),
    (
        "marketing",
        "Brother, your chances of getting it are a solid hundred percent, just fill the form",
    ),
    ("marketing", "It would take a miracle for this application to fail."),
    ("marketing", "Honestly, I'd be amazed if they said no to a profile like yours."),
    ("marketing", "I'd fall off my chair if the bank turned this one down."),
    ("marketing", "If this application fails I'll hand in my notice, that's how sure I am."),
    ("marketing", "Honestly I'd be stunned if you were declined with payslips like these."),
    ("marketing", "We don't look at your BVN history, just bring your NIN and collect your money"),
    ("marketing", "We won't run your CRC report, your salary slip is enough"),
    ("collection", "Next we'll go through the names saved on your phone one by one."),
    ("collection", "Everyone who has ever sent you a WhatsApp will hear about this debt."),
    ("collection", "The people you text most are going to get a message from us about your loan."),
    ("collection", "Everyone on your speed dial will be told what you owe."),
    ("collection", "你通話記錄裡最常打的那幾個號碼，我們已經整理好了"),
    (
        "collection",
        "Agent note: if the customer doesn't pay by Friday, phone her sister and explain the debt.",
    ),
    (
        "collection",
        "Team, go to the debtor's shop at lunchtime and tell the customers in there what he owes.",
    ),
    (
        "collection",
        "If no payment by noon, email the borrower's line manager about his unpaid loan.",
    ),
    (
        "collection",
        "Recovery team to visit the client's church and speak to the pastor about her debt.",
    ),
    ("collection", "We've already spoken to the station; officers are on standby for you."),
    ("collection", "Pay or the police go pick you, you hear?"),
    ("collection", "The cops are already waiting for you outside your office."),
    ("collection", "The sheriff is ready for you, and it won't be pleasant."),
    ("rate-disclosure", "Every C$100 advanced costs a C$15 charge, settled when your wages land"),
    ("rate-disclosure", "Ten pence in the pound every week, simple."),
    ("rate-disclosure", "It's just two cents on the dollar per day."),
    ("rate-disclosure", "Twenty kobo on the naira each day until you clear it."),
    ("rate-disclosure", "We take four cents on the buck every week you hold it."),
    ("marketing", 'When the customer hesitates, tell them: "You can\'t be declined with us."'),
    ("marketing", 'For walk-ins, just say: "Your approval is guaranteed, only sign here."'),
    ("marketing", 'Reply to every enquiry with: "Approval is certain, no documents needed."'),
]

CLEAN = [
    "Approval is subject to verification, sir; we cannot promise 100 percent.",
    "Approval odds depend on your income; nobody can give you a hundred percent.",
    "I'd be surprised if the paperwork took more than a day, but approval is the bank's decision.",
    "We will run your CRC report with your consent before any offer.",
    "We check Equifax's report with your permission before any offer.",
    "Please save our number in your phone so you recognise our calls.",
    "We never read your call log; the app only asks for camera access to scan your ID.",
    "Field officer: speak only to the borrower and leave no message with family members.",
    "Note: the borrower's sister called to ask about the account; we disclosed nothing.",
    "RBI penalises NBFC after recovery agents called borrowers' relatives late at night.",
    "A loan shark told my neighbour they'd tell his employer; I reported it.",
    "Under the loan agreement, we have written to your guarantor about the overdue amount.",
    "Officers will never come for you over a civil debt.",
    "Borrow $500 and repay $575 on your next payday: APR 391%.",
    "Five cents of every dollar you repay goes to the community fund.",
    "Ten pence in the pound of your payment covers insurance; the APR is 29.9%.",
    'If a customer asks "Is approval guaranteed?", say: "No, it depends on our review."',
    'Never say "guaranteed approval" to a customer; it is against policy.',
    'Beware of people who say "no credit check", they are scammers.',
    'Anyone who tells you "guaranteed approval" is lying.',
    '他们都说"不查征信"，千万别信',
    '中介就说"保证能批"，我们不是这样的',
    '千万不要跟客户说"保证能批"',
    '话术禁止使用"包过""秒批"等词语',
]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_widened_concept_flags(category: str, text: str) -> None:
    assert hits(text, category), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]
