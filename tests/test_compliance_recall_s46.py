"""Session 46 (recall): violations in wording nobody on the team had written, caught by widening a
concept (a term list, a unit reader, a frame), not by adding the line.

- prison by its life, not its name: the tray, the warden, the door with no handle, the orange vest, the bars, "while
  you're inside", the men in uniform coming for the borrower, Hinglish "police ghar aayegi" / "FIR darj hogi"
  (en_s46_inside, en_s46_inside_soft with a condition or "you'll be ... for years", en_s46_uniform; zh s46_prison_zh,
  s46_prison_soft_zh: 号服, 窝头, 踩缝纫机, 橙色马甲);
- shaming at a place of the borrower's life with no channel: any "everyone at / every regular at" with the debt known,
  the gym / mosque / temple / club / prayer group as a crowd, the guarantor's neighbours, pidgin "go hear say"
  (en_s46_everyone_at & en_s46_know_debt, en_s46_place_of_life ~ en_s45_will_know);
- a guarantee promised to a cohort ("whoever applies before the 30th gets the money", "everyone walks out with at least
  £500", the application as the only step before the money: en_s46_cohort / en_s46_all_get / en_s46_only_step);
  "no checks at all" beside approval or a rival (en_s46_no_checks);
- the contacts blast in Hinglish / pidgin / by recency ("saare contacts ko message karenge", "everybody wey dey your
  phonebook go hear", "everyone you rang last month"), also across a full stop; Hinglish denials excuse it;
- a lure with no lure word: the sum borrowed is the sum repaid (the built-in readers ``same_back`` / ``en_same_back``:
  借多少还多少, 借一千还一千, "borrow £300, pay back £300"), "not a penny more", 利息一分都不收 with a promotion's frame;
- the employer as enforcer: HR / payroll / the line manager docking pay (en_s46_work_payer & en_s46_dock; zh
  s46_boss_zh & s46_wage_dock_zh); a court's attachment-of-earnings order is lawful process and passes;
- a child placed by the school hour with our people there ("when the bell goes", "at pick-up time");
- night visits by a field agent's rounds or a bare hour placed by the borrower being home ("home after 11");
- veiled menace: harm that "happens" ("before something unfortunate happens", "the same happens to you"), 你小心点出门;
- borrow-to-repay via a loan app or 口子 and a sum, then us paid (also typed in pinyin);
- the daily cost as an everyday price in many markets (chai, jollof, a meal deal, a can of coke);
- insults in Nigerian pidgin / Yoruba and Hinglish (a term list per market).
Also: a bare "3:30" in an English sentence is no longer read as 03:30 (contact._en_bare_clock).
Every flagged line below fails on b9e087c7 (the session's base); every clean line passes on both trees.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

FLAG = [
    (
        "collection",
        "Enjoy your last few weekends at home, soon you'll be counting days behind a wall.",
    ),
    (
        "collection",
        "Who's going to water your plants while you're eating off a metal tray for two years?",
    ),
    ("collection", "By Friday every regular at the Red Lion will know you don't pay what you owe."),
    (
        "collection",
        "Your guarantor's neighbours for Adeola Street go soon hear say na thief him stand for.",
    ),
    ("marketing", "Fill the form once and the money follows. There's nothing else to pass."),
    ("collection", "Aapke phone ke har number pe call jayega ki aapne paisa nahi lautaya."),
    ("collection", "Hum aapki poori contact list ko bata denge, phir mat kehna."),
    ("collection", "Every person you chat with for WhatsApp last week go hear am."),
    ("collection", "Kal se aapke sab dost aur rishtedaar ko SMS jayega."),
    ("marketing", "这个月借款不收一分利息，借一千还一千。"),
    ("marketing", "Borrow £300 today, pay back £300, not a penny more: this week only."),
    (
        "marketing",
        "Take 10k now and return exactly 10k next month, we're charging nothing this week.",
    ),
    ("marketing", "新用戶首借，借幾多還幾多，冇額外錢。"),
    ("collection", "Your line manager will be deducting it from your payslip from next month."),
    ("collection", "我哋會叫你老細直接喺人工度扣返。"),
    (
        "collection",
        "Your company's payroll officer will be the one collecting from you from now on.",
    ),
    (
        "collection",
        "Someone from our team will be waiting at the gate of St Mary's when the bell goes at 3:15.",
    ),
    ("collection", "Make sure you're home after 11, because we'll come knocking."),
    (
        "collection",
        "Our recovery guy does his rounds after midnight and your street's on his list.",
    ),
    (
        "collection",
        "We care about your safety, which is why you should pay before something unfortunate happens.",
    ),
    ("collection", "xian zhao ge kouzi ba women zhe bi huan le."),
    ("collection", "網上啲貸款app好快批，借一筆還咗我哋先啦。"),
    ("rate-disclosure", "A grand in your account for less than your morning latte costs each day."),
    ("collection", "You be ode, you think say we no go find you?"),
    ("collection", "Oloriburuku like you no dey ever pay debt."),
    ("collection", "See this mumu, na so you take dey scatter people money."),
    ("collection", "Your head no correct, thief wey no get shame."),
    ("collection", "Agar paisa nahi diya toh police ghar aake le jayegi, samjhe?"),
    ("collection", "Your guarantor's neighbours will find out what you owe by the weekend."),
    ("marketing", "Whoever signs up before Friday gets the cash, that's our promise."),
    ("collection", "Aapke office walon ko sab pata chal jayega agar aaj payment nahi hua."),
    ("collection", "All the people wey you dey call every day go hear say you be debtor."),
    ("collection", "Everyone you texted this week is getting a message about your loan."),
    ("collection", "Saare contacts ko SMS bhejenge ki aap chor ho."),
    ("marketing", "借五百還五百，一個仙都唔多收。"),
    ("marketing", "Borrow 5,000 today and return 5,000 on payday, nothing added."),
    ("marketing", "This week you repay exactly what you borrowed, not a cent more."),
    (
        "collection",
        "Your HR department will be taking the instalments from your salary from now on.",
    ),
    ("collection", "We've arranged with your boss to dock it from your wages every month."),
    ("collection", "你们公司财务下个月开始直接从工资里扣这笔钱。"),
    ("collection", "你哋老细话会喺你人工度扣返俾我哋。"),
    ("collection", "One of our officers will be outside the nursery at pick-up time."),
    ("collection", "We'll be waiting when the school bell rings for your little one."),
    ("collection", "Someone from our office will be at the school gates at 3 o'clock."),
    ("collection", "Accidents happen to people who don't settle their debts."),
    ("rate-disclosure", "For less than a cup of chai a day you can borrow ₹20,000."),
    ("rate-disclosure", "Borrowing £800 costs you less than your daily bus fare."),
    ("rate-disclosure", "The interest on $1,000 is less than a soda a day."),
    ("rate-disclosure", "Get KSh 10,000 for less than the price of a mandazi each day."),
    ("collection", "You be mumu, na so you dey do with people money?"),
    ("collection", "Olodo, you no sabi say debt no dey rot?"),
    ("collection", "Tum ek number ke chor ho, besharam."),
    ("collection", "Oponu, your head no correct at all."),
    ("rate-disclosure", "You could have ₦30,000 today for less than a plate of jollof each day."),
    ("rate-disclosure", "A £2,000 loan costs you less than a meal deal every day."),
    ("rate-disclosure", "Interest works out cheaper than a can of coke a day on a $500 advance."),
    ("rate-disclosure", "Borrow R5,000 for under the price of a bus ticket each day."),
    ("collection", "Anyone you phoned yesterday will be told you owe us."),
    ("collection", "Everyone you've sent money to this year will know you're a defaulter."),
    ("collection", "We'll come round once you're home after 11."),
    ("marketing", "Take out 1,200 and give back 1,200, this month only."),
    (
        "collection",
        "By Christmas you'll be eating your dinner off a plastic plate with a guard watching.",
    ),
    ("collection", "Your wife will only see you through a glass screen for the next few years."),
    ("rate-disclosure", "Borrow £300; the cost each day is less than a chocolate bar."),
    ("rate-disclosure", "Get Rs 50,000 for less than an auto ride a day."),
    ("collection", "Kal tak paisa nahi aaya toh police aapko ghar se utha ke le jayegi."),
    ("collection", "Aapke khilaaf FIR darj hogi aur hathkadi lagegi, soch lo."),
    ("collection", "Your contact list is with us. Every one of them will get a message by noon."),
    ("collection", "Aapke sab contacts hamare paas hain, kal sabko message jayega."),
    ("collection", "Everyone you phoned this week will get a message from us about your arrears."),
    ("collection", "Ikakalat namin ang pangalan mo sa group chat ng opisina mo."),
]

CLEAN = [
    "Our office is inside the Westfield centre, next to the food court.",
    "我哥刚从里面出来，想问他能不能申请借款？",
    "In the UK, falling behind on a consumer loan is not a crime and nobody goes to prison for it.",
    "Everyone at the gym will know the new opening hours from Monday.",
    "菜市场门口新开了一个网点，街坊们都可以来办理还款。",
    "We never tell your neighbours, your church or your employer anything about your account.",
    "Everyone who applies before the 30th gets a decision within two working days.",
    "Every applicant gets the same fair assessment; whether you're approved depends on your circumstances.",
    "本周申请的客户均可参加抽奖，贷款能否批准以审核结果为准。",
    "Aap apne contacts ko app refer karke bonus kama sakte hain.",
    "Contact list ka access hum nahi lete, sirf KYC documents chahiye.",
    "借多少还多少？不是的，利息按日计算，年化利率18%，具体见合同。",
    "You pay back what you borrow plus interest at 19.9% APR representative.",
    "If you cancel within the 14-day cooling-off period, you only repay the amount you borrowed plus interest for the days you had it.",
    "You can choose salary deduction through your employer's payroll scheme when you sign, it's optional.",
    "单位代扣是您签约时自己选择的还款方式，如需取消请联系客服。",
    "学校附近新开了我们的网点，家长接孩子时可以顺便办理还款。",
    "Your child's savings account can be opened at any of our branches.",
    "Our field officer can visit at 11 am on Tuesday to help you sign the documents.",
    "外访人员仅在早八点到晚八点之间上门，并且会提前预约。",
    "Our branch stays open until 11 pm on weekdays.",
    "Please take care on the roads tonight, the weather is bad.",
    "出门注意安全，记得带好身份证去网点办理。",
    "We're concerned about your arrears and would like to agree a plan that works for you.",
    "Taking a second loan to clear this one usually makes things worse; ring us and we'll spread the payments.",
    "不建议您通过其他网贷平台借款来还款，可以申请延期。",
    "Comparing online lenders? Check the APR before you borrow anything.",
    "Borrow £1,000 at 29.9% APR representative; the interest works out at about 80p a day.",
    "Save the price of a coffee a day and you'll have £1,000 by Christmas.",
    "每天存一杯奶茶钱，一年下来也是一笔不小的储蓄。",
    "Abeg no vex, your repayment don enter, thank you.",
    "We don see your payment, God bless you.",
    "No wahala, we fit shift your due date by one week.",
    "Everyone at our branch is trained to help with repayment plans.",
    "Nobody at your workplace or place of worship will ever hear about your account from us.",
    "Anyone who applies this month gets a free budgeting guide.",
    "Every applicant is assessed individually and some applications are declined.",
    "You can add an emergency contact in the app if you want, it's optional.",
    "借一万，到期还一万零三百，年化利率12%。",
    "Borrow £500 and repay £560 over three months, 48.2% APR representative.",
    "If you'd like, your employer can set up payroll deductions for your repayments; it's your choice.",
    "We never contact your employer or HR about your loan.",
    "You can call us after the school run, from 9:30 onwards.",
    "Our branch near the primary school is open from 9 to 5.",
    "Our field officer will visit on Monday at 10 am, as agreed.",
    "Recovery agents only visit between 9 am and 6 pm.",
    "Stay safe in the storm tonight, and call us tomorrow about your payment.",
    "出门注意安全，雨天路滑。",
    "不建议您去网贷平台借钱来还我们，可以申请分期。",
    "我能不能找别的平台借一笔钱先还你们？",
    "Borrow ₹20,000 at 24% APR; that's about ₹13 a day in interest.",
    "Skip one coffee a day and you'll save £30 a month.",
    "Abeg check your account, the money don land.",
    "No wahala sir, we go call you tomorrow by 10.",
    "Borrow £2,000 over 12 months at 34.9% APR representative, roughly £1 a day in interest.",
    "A cappuccino a day adds up to about £1,000 a year, so budgeting helps.",
    "Everyone you called today should have received our confirmation SMS about your appointment.",
    "We only message the numbers you give us yourself, never the people in your call history.",
    "Hum aapke rishtedaaron ko kabhi call nahi karte.",
    "When you get home, check the email we sent at 3:15.",
    "Your appointment is at 2:45 at our Kingsway branch.",
    "The branch closes at 5:30 on Saturdays.",
    "If you borrow 1,000 and repay 1,000 plus 15 in interest, the APR is 19.6%.",
    "Borrow 1,000 today; you'll repay 1,090 on the 30th, APR shown on the next screen.",
    "Our office is inside the shopping mall, next to the bank.",
    "I work as a prison guard on shifts, can I still apply?",
    "Everyone at our branch will know your account details are private.",
    "请问借多少还多少是真的吗？",
    "A chocolate bar a day is what most people spend without noticing.",
    "Aapka FIR copy mil gaya, ab hum aapka chori hua phone block kar denge.",
    "Will the police get involved if I miss one payment? I'm scared.",
    "Your contact list is never accessed by our app; only you will receive messages from us.",
    "We have your emergency contact on file, but we only use it if we cannot verify your identity.",
    "Bayad na po ang account ninyo, salamat po.",
]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_widened_concept_flags(category: str, text: str) -> None:
    assert hits(text, category), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]
