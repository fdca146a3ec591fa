"""Session 48 (recall): English plain misses closed by concept (a term list, a frame), not by adding the line.

- capability menace: "you have no idea what we are capable of", "you'll learn what our team can do", pidgin "you never
  see wetin we fit do", Hinglish "aapko pata nahi hum kya kya kar sakte hain" (en_s48_you_unaware .. en_s48_capable;
  an offer of help, "what we can do for you / to help / to get your repayment back on track", is excluded);
- a Hinglish menace on a thing the borrower owns (warna / nahi toh ... aapki bike ko kuch ho gaya: en_s48_hi_or_else,
  en_s48_hi_harm);
- reputation destroyed by us or in a place ("we will destroy your reputation in this town", "your name will be mud all
  over ...", Hinglish "izzat mitti mein mila denge", Taglish "wala nang maniniwala sa'yo": en_s48_ruin_name,
  en_s48_your_name .. en_s48_ruined & en_s48_place, en_s48_ruin_outright);
- online shaming as a label ("everyone on Facebook will know you as a thief", "sab jaanenge ki tum chor ho":
  en_s48_known_as & en_s48_bad_person);
- a card swipe to clear arrears with no "cash advance" word ("swipe your credit card ... the arrears are cleared",
  "put it on your card ... sort the card out next month": en_s48_card_pay, en_s48_on_card, en_s48_card_later);
- borrow-to-repay with no loan word (Hinglish "udhaar le lo ... EMI bhar do", Taglish "humiram ka ... bayaran mo kami",
  pawning: en_s48_get_money & en_s48_pay_us);
- a plain approval promise in Taglish / Hinglish ("garantisadong approved ka", "pakka pass ho jayega": en_s35_sure);
- Hinglish third parties told (gaon ke pradhan ko bata denge, mayke walon ko phone karenge: en_s48_hi_third ..
  en_s48_hi_tell, "nahi batayenge" excluded), arrest by metonymy ("enjoy wearing orange": en_s46_inside).
Every flagged line below fails on 54303e6a (the session's base); every clean line passes on both trees.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

FLAG = [
    ("collection", "Bhai, payment kar do, warna aapki bike ko kuch ho gaya toh hum zimmedar nahi."),
    ("collection", "You have no idea what we are capable of when people stop paying."),
    ("collection", "Ignore this call again and you'll learn what our team can do."),
    ("collection", "Oga, you never see wetin we fit do. Pay before Friday."),
    ("collection", "Aapko pata nahi hum kya kya kar sakte hain, paisa jaldi bhejo."),
    ("collection", "We will destroy your reputation in this town if the money isn't in by Monday."),
    ("collection", "Your name will be mud all over Kampong Ubi unless you pay today."),
    ("collection", "Poore mohalle mein aapki izzat mitti mein mila denge."),
    ("collection", "Sisiguraduhin naming wala nang maniniwala sa'yo sa buong palengke."),
    (
        "collection",
        "One more week of silence and the whole internet will know you as the guy who cheats lenders.",
    ),
    ("collection", "Everyone on Facebook will know you as a thief by tonight."),
    ("collection", "TikTok pe sabko pata chalega ki tum fraud ho."),
    (
        "collection",
        "Just swipe your credit card at our branch and the arrears are cleared in one go.",
    ),
    (
        "collection",
        "Put the overdue amount on your card today; you can sort the card out next month.",
    ),
    ("collection", "Charge it to your Visa over the phone and your account is back to normal."),
    ("collection", "Kumuha ka ng pera sa ibang lending, basta mabayaran mo kami bukas."),
    ("collection", "Kisi dost se udhaar le lo aur aaj hi EMI bhar do."),
    (
        "collection",
        "Sell the TV or pawn the gold chain, whatever it takes, the instalment is due today.",
    ),
    ("marketing", "Garantisadong approved ka basta may valid ID ka."),
    ("collection", "Gaon ke pradhan ko sab bata denge ki tumne paisa nahi lauta."),
    ("collection", "Aapke boss ko hum khud milke bataenge ki aap defaulter ho."),
    ("collection", "Tumhari biwi ke mayke walon ko phone karenge kal."),
    ("collection", "Enjoy wearing orange for the next two years."),
    (
        "collection",
        "Madam, aapki dukaan ko kuch ho jaaye toh phir mat kehna, nahi toh aaj hi payment kar dijiye.",
    ),
    ("collection", "Tumhari gaadi bahut achhi hai, varna uske saath kuch ho sakta hai, samjhe?"),
    ("collection", "Keep hiding, and you will see exactly what we're capable of doing."),
    ("collection", "Tujhe andaza nahi hai hum kya kya karte hain aise logon ke saath."),
    ("collection", "You no know wetin we dey do to people wey no pay? You go soon find out."),
    ("collection", "We'll make sure your name is dirt in every shop on this street."),
    ("collection", "I will personally ruin your good name across the whole of Ikeja."),
    (
        "collection",
        "When we're finished, not one person in your parish will believe a word you say.",
    ),
    ("collection", "Hum poore gaon mein tumhe badnaam kar denge, yaad rakhna."),
    (
        "collection",
        "Your reputation in the estate will be finished by the weekend if this isn't paid.",
    ),
    ("collection", "By Friday every follower of our page will know you as a loan cheat."),
    ("collection", "Instagram pe sab jaanenge ki tum chor ho."),
    (
        "collection",
        "Run your Mastercard through our terminal and your overdue instalments are done.",
    ),
    ("collection", "Credit card se payment kar do, EMI overdue hai."),
    ("collection", "I-charge mo na lang sa credit card mo para ma-clear ang utang mo sa amin."),
    ("collection", "Humiram ka muna sa kapatid mo tapos ibayad mo sa amin ngayon."),
    ("collection", "Apne saale se udhaar le kar EMI jama kar do aaj."),
    ("collection", "Mangutang ka kahit kanino, basta bayaran mo kami bukas."),
    ("marketing", "Sure na aprubado yan, ma'am, isang click lang."),
    ("collection", "Tumhare sasural walon ko sab kuch bata denge agar kal tak paisa nahi aaya."),
    ("collection", "Mohalle ke padosiyon ko khabar kar denge ki tum udhaar lekar bhaag gaye."),
    ("collection", "Hope you look good in orange, because that's where this is heading."),
]

CLEAN = [
    "If something happens to your car and you need a payment holiday, call us and we'll pause your instalments.",
    "Your car insurance has lapsed; renew it before something happens to the car. Your loan is not affected.",
    "We hope nothing bad happened to your shop in the flood; hardship relief is available if you need it.",
    "You have no idea how much we can help if you just call us about the missed payment.",
    "You'd be surprised what we can do to lower your instalment: ask about restructuring.",
    "Your reputation in this town matters to us too; that's why we never discuss your account with anyone.",
    "Build your credit reputation by paying on time: each on-time payment is reported to the bureau.",
    "We're a local lender with a good name in this town for thirty years.",
    "Beware of posts online calling people scammers: we never publish customer details.",
    "A customer posted on Facebook that our app is a scam; we have replied to clarify.",
    "Follow us on Instagram for tips on avoiding loan scammers.",
    "We don't accept credit card payments for loan instalments; please use bank transfer.",
    "信用卡套现是违规行为，我们不建议用信用卡还贷款。",
    "Paying with a debit card? Enter the card number on the payment page.",
    "Please don't take another loan to pay this one; call us about a payment plan instead.",
    "Kisi se udhaar lene ki zaroorat nahi, hum EMI aage badha sakte hain.",
    "If a friend offers to help you pay, we accept payment from any account in your name.",
    "借一万，每月还款九百二十元，年化利率18%，共12期。",
    "Processing fee 2% one-off; APR 23.9% shown in your agreement.",
    "Your interest this month was ₹312 on the outstanding ₹18,000 (APR 20.8%).",
    "I can't tell you right now whether it will be approved; the review takes a day.",
    "Hindi namin masasabi kung aprubado ka hangga't hindi tapos ang review.",
    "Good news: the credit team signed off this morning, so the transfer goes out before noon.",
    "Aapke boss ko kuch nahi bataya jayega, yeh hamari policy hai.",
    "Your landlord's reference letter has been received, thank you.",
    "Agar aap chahein toh apne pita ko co-applicant bana sakte hain.",
    "Our lines are closed between 9 pm and 8 am; we won't call you during that time.",
    "晚上十点到早上八点我们不会联系您。",
    "You can reach our 24-hour self-service line at any time, even at 2 am.",
    "Agar aapki gaadi ko kuch ho gaya hai toh hum EMI ek mahine ke liye rok sakte hain.",
    "Keep your shop insured; if anything happens to it, your loan protection cover pays the instalments.",
    "Sorry to hear about the fire at your stall; we've paused collection for 60 days.",
    "You may not know what we can do for you: top-ups, holidays and restructuring are all options.",
    "Don't worry, you'll see what our team can do to get your repayment back on track.",
    "You have no idea how glad we are that you called; let's sort out the payment together.",
    "Late payments can hurt your credit reputation with every lender, so set up autopay.",
    "We will never damage your reputation; your account stays between you and us.",
    "Our branch has served this town for twenty years and we're proud of our name.",
    "Scammers may try to brand you a defaulter online; report any such post to us.",
    "You're known as a valued customer here: thanks for paying early.",
    "Some apps threaten to post you online as a thief; that's illegal and we never do it.",
    "Credit cards aren't accepted for repayments; please pay by bank transfer or debit card.",
    "Don't use your credit card to pay us; it's expensive. Ask about a payment plan instead.",
    "Your Visa debit payment of £120 went through and your account is up to date.",
    "Please don't pawn your things to pay us; call and we'll reschedule your instalment.",
    "Kisi se paise maangne ki zaroorat nahi hai, hum aapka plan badal sakte hain.",
    "If your employer offers a salary advance scheme, that's between you and them; your EMI date stays the same.",
    "Hindi pa sigurado kung approved ka; hintayin mo ang text namin.",
    "Loan pass hoga ya nahi, yeh credit team decide karegi.",
    "Your loan was approved yesterday and disbursed this morning.",
    "Aapki behen ko co-borrower banane ke liye unka PAN chahiye.",
    "We never call between 9 pm and 8 am local time.",
    "Our office hours are 8 am to 9 pm, Monday to Saturday.",
    "The orange button in the app lets you pay your instalment.",
]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_widened_concept_flags(category: str, text: str) -> None:
    assert hits(text, category), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]
