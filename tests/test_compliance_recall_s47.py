"""Session 47 (recall): English recall on wording nobody on the team wrote, by widening a concept (a term list,
a unit reader, a frame), not by adding the line.

- veiled menace with no named harm: "can't promise what happens to you", "something bad might happen to you", pidgin
  "bad thing dey follow person wey no pay" (en_s46_mishap / en_s46_mishap_soft, en_x_misfortune / en_x_nonpayers);
  in Chinese the weather as a menace's cover is part of the match, not an excuse (t_care_zh & s46_careful_zh &
  s46_money_zh: 天黑路滑…钱的事早点解决; in English "stay safe in the storm ... your payment" stays care, not menace);
- the contacts blast told by its message ("every number you saved gets: X is a scammer", "your contacts will receive
  an SMS saying you are a fraud"): a label on the borrower (en_s47_label) is not a warning against scammers, and a
  message we will send is not one the customer reports getting (en_warn_listener / en_g_reported excludes);
- kin told the borrower is a thief / fraud / con artist (en_third / en_s47_kin ~ en_s47_tell & en_s47_label);
- arrest by its act ("reading you your rights", "cuffing you", "the bracelets on", a squad car) and prison by its life
  (a concrete bunk, a steel toilet, a holding cell) in en_s46_inside / en_s46_inside_soft;
- the Hinglish police visit as a frame, whatever stands between (police ... aapke ghar / office ... aayegi /
  pahunch jayenge / khadi hogi: en_s47_hi_police, en_s47_hi_place, en_s47_hi_arrive), Hinglish "chor log" insults;
- shaming at a place or people of the borrower's life with no quantifier ("your bowling league is getting a call
  about your unpaid balance": "your" then en_s47_circle ~ en_s45_will_know / en_s47_learns & the debt);
- borrow-to-repay told as finding any lender or a cash advance without the word (en_e_lenders_out, en_s47_card_cash);
- a guarantee to a cohort in Chinese (凡是…一律到手: 凡是 is in the match, not a warning; s47_blanket_zh);
- night visits by a word hour with the borrower coming home ("when you get home after eleven": contact._EN_HOME_CUE),
  pidgin "for night";
- Taglish shaming and posting (ikakalat namin sa barangay, ipapahiya ka namin, ilalagay namin sa group chat).
Every flagged line below fails on f5ff50f7 (the session's base); every clean line passes on both trees.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

FLAG = [
    (
        "collection",
        "You got till Friday. After that I honestly can't promise what happens to you, pal.",
    ),
    (
        "collection",
        "Oga, pay this money o. Bad thing dey follow person wey no wan settle him debt.",
    ),
    (
        "collection",
        "All the numbers wey you save for your phone go receive message say you be fraudster wey chop loan run.",
    ),
    (
        "collection",
        "By Monday a constable will be reading you your rights on your own doorstep.",
    ),
    (
        "collection",
        "Don't pay, then get used to a concrete bunk, a steel toilet and lights that never go off.",
    ),
    (
        "collection",
        "Kal subah police wale seedha aapke office aa jayenge, tayyar rehna.",
    ),
    (
        "collection",
        "Thane se do constable aapke ghar pe pahunch jayenge agar aaj payment nahi hua.",
    ),
    (
        "collection",
        "Your kakis at the void deck will hear how you chao keng on your loan.",
    ),
    (
        "collection",
        "Ask around, there's always some lender out there who'll give you the money to settle this.",
    ),
    (
        "marketing",
        "凡是在本平台完成实名认证的用户，额度一律到手，无一例外。",
    ),
    (
        "collection",
        "Ipo-post namin sa Facebook ang mukha mo, may caption na scammer ka.",
    ),
    (
        "collection",
        "Ikakalat namin sa buong barangay na hindi ka nagbabayad ng utang.",
    ),
    (
        "collection",
        "Ilalagay namin sa group chat ng pamilya mo ang screenshot ng utang mo.",
    ),
    (
        "collection",
        "Ignore this and a couple of officers will be marching you to a squad car in your pyjamas.",
    ),
    (
        "collection",
        "Tumhare jaise chor log hi sabse zyada bahane banate hain.",
    ),
    (
        "collection",
        "Arre haramkhor, kitni baar bolna padega, paisa bhejo.",
    ),
    (
        "collection",
        "Your Rotary Club will be told how you skipped out on your repayments.",
    ),
    (
        "collection",
        "There's a Western Union round the corner and a hundred lenders online; pick any one and pay us by five.",
    ),
    (
        "marketing",
        "凡是本月注册的新用户，统统秒过，最低五千。",
    ),
    (
        "collection",
        "Ipapaalam namin sa buong opisina ninyo na scammer ka.",
    ),
    (
        "collection",
        "Papahiyain ka namin sa harap ng pamilya mo bukas.",
    ),
    (
        "collection",
        "天冷路黑，你一个人晚上回家可要当心点，那笔钱尽快还了吧。",
    ),
    (
        "collection",
        "Teen din ke andar police tumhare college pahunch jayegi, phir dekhna.",
    ),
    (
        "collection",
        "Kal police wale tere dukaan pe aa jayenge, tab rona mat.",
    ),
    (
        "collection",
        "Chor log ho tum sab, sharam nahi aati?",
    ),
    (
        "collection",
        "Tere jaise haramkhor ko kaun loan deta hai.",
    ),
    (
        "collection",
        "Your running club is going to find out that you don't pay your debts.",
    ),
    (
        "collection",
        "Your chama will be told that you're a defaulter.",
    ),
    (
        "collection",
        "Find anyone with a credit card, borrow it and clear this today.",
    ),
    (
        "collection",
        "There are dozens of lenders online who'll give you cash in an hour; use one and pay us.",
    ),
    (
        "collection",
        "Withdraw cash on your credit card tonight and transfer it to us before midnight.",
    ),
    (
        "marketing",
        "凡是实名注册的，一律下款，当天到账。",
    ),
    (
        "collection",
        "Our field team go dey your house for night, make you open door.",
    ),
    (
        "collection",
        "Ipopost namin sa Facebook na scammer ka at may utang ka.",
    ),
    (
        "collection",
        "Ipapahiya ka namin sa buong barangay ninyo.",
    ),
    (
        "collection",
        "Ilalagay namin ang pangalan mo sa group chat ng barangay.",
    ),
    (
        "collection",
        "Kal shaam tak police tumhare ghar pahunch jayegi, tayyar raho.",
    ),
    (
        "collection",
        "Agar EMI nahi aayi toh constable aapke office aa jayenge.",
    ),
    (
        "collection",
        "Tum sab chor log ho, ek rupaya wapas nahi karte.",
    ),
    (
        "collection",
        "Your choir is going to find out that you don't pay your debts.",
    ),
    (
        "collection",
        "Your darts team will be hearing about the money you owe us.",
    ),
    (
        "collection",
        "There are dozens of lenders online. Pick any one and settle this today.",
    ),
    (
        "marketing",
        "凡是本周注册的用户，全部秒过，当天放款。",
    ),
    (
        "collection",
        "Ipapahiya ka namin sa buong barangay kung hindi ka magbabayad.",
    ),
]

CLEAN = [
    "Accidents happen, which is why every loan comes with optional payment protection you can add at any time.",
    "下雨路滑，外出请注意安全；还款在app上就能完成，不必跑网点。",
    "Please look after yourself; if money is tight this month we can set up a plan that works for you.",
    "You'll get an SMS saying your repayment was received; nobody else is sent anything.",
    "If anyone messages your contacts claiming you are a fraud, report it to us and to the police straight away.",
    "我们只会给您本人发短信提醒还款，不会联系您通讯录里的任何人。",
    "Your guarantor will be told in writing about the missed payment, as the guarantee agreement sets out.",
    "Someone phoned my mother saying I'm a fraudster. Is that really your company calling?",
    "我们不会向您的家人或担保人透露您的借款信息，更不会对您本人作任何评价。",
    "My brother finished his sentence last year and has a job now; can he apply for a small loan?",
    "Our staff never threaten arrest: a missed payment is a civil matter, not a criminal one.",
    "Mere ghar pe kal police aayi thi kisi aur case mein, kya isse mera loan application affect hoga?",
    "Humare agent kabhi police ka naam lekar dhamki nahi dete; aisa ho toh turant complaint karein.",
    "Chor Bazaar ke paas wala branch ab band hai, naya branch MG Road pe khula hai.",
    "Many customers tell us their church's money advice group helped them build a budget.",
    "Your football club's sponsorship with us includes two free budgeting workshops this season.",
    "We will never contact your place of worship, your club or your workplace about your account.",
    "Please don't take cash out on your credit card to pay us; call us and we'll agree a plan.",
    "If you're thinking of borrowing from another lender to repay this one, talk to a free debt adviser first.",
    "You can pay at any ATM using the bill-payment option with our biller code 4471.",
    "注册满三十天的用户可领取一张还款优惠券，借款能否批准以审核结果为准。",
    "我哋唔保證批核，每宗申請都要按個人信貸情況審批。",
    "額度依個人信用評估而定，沒有保底額度，請以審核結果為準。",
    "Our branch in the mall stays open until ten at night on Fridays.",
    "If you'd like a home visit to sign the papers, we can come after work, no later than seven in the evening.",
    "I get home after eleven most nights, can you text me instead of calling?",
    "Hindi namin ipo-post o ikakalat ang impormasyon mo kahit kanino, ayon sa Data Privacy Act.",
    "Nahihiya po ako pero late ako magbabayad ngayong buwan, pwede po bang mag-extension?",
    "It gets dark early now, so our branch closes at 5; you can still pay online any time.",
    "Nobody can say what will happen to interest rates next year, so a fixed-rate loan may suit you.",
    "Your contacts will never receive anything from us; only you get payment reminders.",
    "Some scam apps text a borrower's contacts saying he is a thief. If that happens to you, tell us at once.",
    "My cousin got a message saying I am a fraudster. I want to file a complaint about your agent.",
    "Your co-signer will receive a copy of the statement each quarter, as agreed in the loan contract.",
    "My father says someone called him claiming I'm a crook. Was that one of your staff?",
    "We never describe a customer to their family, and we never call anyone a thief or a liar.",
    "Our office is next to the police station on High Street, opposite the post office.",
    "Debt is a civil matter in the UK: nobody is handcuffed or jailed for a missed loan payment.",
    "Police ne kal hamare mohalle mein checking ki thi, kya isse mera loan rukega?",
    "Hamara naya branch police station ke saamne hai, aap wahan EMI jama kar sakte hain.",
    "Kisi bhi agent ne aapko chor bola ho toh hume turant bataiye, hum action lenge.",
    "Your residents' association can book our free money talk for its next meeting.",
    "Taking a cash withdrawal on a credit card costs a fee and high interest; speak to us first.",
    "Please don't borrow from other lenders to pay us; we can agree a lower monthly amount.",
    "You can withdraw cash at any ATM with your debit card and pay at our counter.",
    "凡是冒充我们工作人员要求先交费的，都是诈骗，请立即报警。",
    "所有通过认证的用户都可以申请，额度以审核结果为准。",
    "本平台没有保底额度，是否批核视乎个人信用情况。",
    "You can drop into the branch after work; we're open till eight in the evening on Thursdays.",
    "I usually get home after eleven; is it OK if I pay online at night?",
    "Our call centre runs from eight in the morning until eight at night.",
    "Pwede mong i-share ang referral code mo sa Facebook para sa discount.",
    "Hindi namin ipapaalam sa kapitbahay o pamilya mo ang utang mo.",
    "Nakakahiya po, pero pwede po bang hulugan ang natitirang balance?",
    "It's icy this morning, so take care on the way in; payments can be made online as usual.",
    "天冷路滑，请注意保暖；本月账单已出，可在app内查看。",
    "Your guarantor has been told in writing that a payment was missed, as the agreement allows.",
    "An agent rang my sister and called me a liar. I want this investigated.",
    "Kal police hamare ghar aayi thi kyunki padosi ka scooter chori hua tha, kya yeh problem hai?",
    "Our branch in Andheri is next to the police chowki; you can pay the EMI there in cash.",
    "Your chama can open a group savings account with us at no fee.",
    "Your gurdwara, your running club and your chama will never hear from us about your account.",
    "If you're struggling, please don't take out another loan to pay us; we can agree a lower payment.",
    "You can pay using any Visa or Mastercard debit card in the app.",
    "所有用户均可提交申请，额度与利率以审核结果为准。",
    "I get back home after eleven on weekdays, could your agent call on Saturday instead?",
    "Our agents can visit your home on weekdays between ten in the morning and six in the evening.",
    "I-share niyo po ang referral link sa Facebook at makakuha ng discount.",
    "Hindi po namin ikakalat ang impormasyon ninyo, ayon sa batas.",
    "If you don't recognise a text about your loan, don't reply; call us on the number on your card.",
    "Your guarantor can ask us for a copy of the agreement at any time.",
    "My sister says a man phoned her calling me a thief. Was that your agent?",
    "Our choir sponsorship page lists all the community groups we support.",
    "We will never tell your temple, club or choir anything about your account.",
    "Please don't use a credit card cash withdrawal to pay us; call us to agree a plan.",
    "You can pay at any ATM or at the post office counter.",
    "Kal police ne mere padosi ke ghar raid ki thi, kya mujhe koi problem hogi?",
    "Hamare agent kabhi aapke ghar police nahi bhejte.",
    "天气转冷，请注意保暖；本月账单可在app内查看。",
    "凡是声称包过的都是诈骗，请以审核结果为准。",
    "I get home around eleven on weeknights; can you email me the statement?",
    "Pwede po kayong mag-iwan ng review sa Facebook page namin.",
    "Hindi namin ipapahiya o ipo-post ang sinumang customer.",
    "Our office stays open until nine at night during Diwali week.",
]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_widened_concept_flags(category: str, text: str) -> None:
    assert hits(text, category), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]
