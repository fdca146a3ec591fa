"""Session 45 (recall): violations in wording nobody on the team had written, caught by widening a
concept (a term list, a unit reader, a frame), not by adding the line.

- shaming with no channel named: the borrower's street / estate / compound / church / office as a crowd that will
  come to know (en_s45_crowd ~ en_s45_will_know);
- a person at the borrower's work said as "the X at your office" and told (en_s45_at_work & en_s45_told); a fraud
  label put on the borrower ("inform them that you are a fraudster") no longer reads as a warning about fraudsters;
- borrow-to-repay by suggestion: a kin's pension or pay just in, a card's unused limit, our debt moved onto a card
  (en_s45_kin_money / en_s45_kin_paid / en_s45_card_room / en_s45_move_debt; zh s45_kin_zh ~ s45_money_zh);
- calls before daybreak said by an idiom ("before the milkman", "when the rooster crows", 天还没亮, 天光之前):
  contact._EN_DAWN / _ZH_DAWN read as five in the morning, inside the quiet hours;
- night visits by schedule ("send someone round at midnight", "agents are scheduled at your flat from 10:30");
- police by metonymy (men in uniform, the local station, squad car, steel bracelets, jail food);
- advance fees paid by airtime, scratch cards, vouchers, gift cards (en_x_fee_demand, zh s34_pay_first_zh, w_fee_zh);
- the whole contact list by its app ("all your WhatsApp contacts", "everyone in your Telegram");
- certainty by the effort a refusal would take ("a no from us takes real effort", 被拒比登天还难) and payout at the
  click of apply with no review;
- a child's activity named with us turning up (en_s45_kid_event; zh s45_kid_place_zh & s45_kid_known_zh);
- an up-front deduction in English (a sum signed for, then the smaller sum in hand or held back) and a fee named as a
  sum for a sum lent in the next sentence ("Need $300 till Friday week? That's a $45 charge"): concepts._en_sums,
  _held_back, _fee_for_sum, with currencies said by name and figures in words;
- a sum in words in the borrower's currency for a daily rate ("three rupees daily for each thousand rupees");
- a relative placed (在外地读大学的弟弟) with our "concern" for them (zh s45_kin_where_zh, s45_care_zh);
- everyone eligible with the papers waved away (en_s45_no_docs & en_s45_all_eligible); the borrower's face or
  name put up with a label, or friends tagged (en_s45_photo_up / en_s45_tag & en_s45_shame_word).
Every flagged line below passes on dd795a5f (the session's base); the clean lines pin what the widened concepts
must not reach.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

FLAG = [
    (
        "rate-disclosure",
        "Contract says 20,000 shillings, but you'll only get 16,500 on your M-Pesa; the rest is our processing cut, and you repay the full 20,000 in 30 days.",
    ),
    (
        "rate-disclosure",
        "You borrow fifty thousand naira on paper, we hold back seven thousand five hundred at disbursal, and you refund the fifty thousand in four weeks.",
    ),
    (
        "collection",
        "Sir, the branch manager at your bank office will be told personally about this default.",
    ),
    ("collection", "Before the cock crows tomorrow your phone will be ringing, sir, every hour."),
    (
        "marketing",
        "Load 500 bob of Safaricom credit and send us the PIN, then your loan will be disbursed.",
    ),
    ("marketing", "Recharge MTN airtime of 3,000 naira to this number first, then the loan drops."),
    (
        "collection",
        "Sir, each and every mobile number in your phone book will get an SMS about your default.",
    ),
    (
        "collection",
        "Your brother just got his salary na; collect from him and clear this loan today.",
    ),
    ("collection", "Everybody in your compound will soon know you be debtor, shame go catch you."),
    (
        "rate-disclosure",
        "Loan of 8,000 cedis, we keep 1,200 for paperwork at payout, you pay the 8,000 back in 21 days.",
    ),
    (
        "rate-disclosure",
        "Paperwork says 30,000 rupees; you actually receive 26,000 and return 30,000 next month.",
    ),
    (
        "rate-disclosure",
        "Borrow 2,000 dollars on paper, take home 1,650, and the 2,000 comes out of your pay in two weeks.",
    ),
    ("collection", "Everybody at your depot gets a letter with the amount you owe."),
    ("collection", "We'll be dialling you at first light, long before your alarm goes off."),
    ("collection", "Our team will phone you when the rooster crows, so keep your phone on."),
    ("collection", "明天天蒙蒙亮的时候，我就打电话到你家。"),
    ("collection", "听日天光之前我哋会打俾你。"),
    ("collection", "Two of our collectors will be outside your apartment from 11 p.m."),
    ("collection", "Someone from recovery is booked to come to your address around 1 a.m."),
    ("marketing", "A refusal from us is rarer than snow in Lagos."),
    (
        "marketing",
        "Buy a 1,000 shilling Airtel scratch card and text us the code, then we disburse.",
    ),
    ("marketing", "Send us an iTunes card worth $200 to unlock your loan."),
    ("marketing", "Pay the release fee with a Steam card and the loan drops today."),
    ("collection", "All the numbers in your phone contacts get an SMS from us tonight."),
    (
        "collection",
        "We've gone through your whole Telegram and everyone there will hear about your default.",
    ),
    ("collection", "Your wife's salary hits on the 25th, so ask her for it and pay us."),
    ("collection", "Shift the outstanding balance onto a zero-percent card and clear ours."),
    ("collection", "Your name has been handed over to the local station, sir."),
    ("collection", "The whole of your village is going to hear that you're a debtor."),
    ("collection", "Your entire congregation will hear about this before the service."),
    ("collection", "The whole estate go know say you dey owe."),
    ("collection", "你老公这个月的奖金不是发下来了吗？先拿来把我们这笔结清。"),
    ("collection", "你儿子的工资卡里有钱，先拿出来还了再说。"),
    ("marketing", "下款前需要您先买一张300元的礼品卡，把卡密发给客服。"),
    ("marketing", "我们这被拒？除非太阳从西边出来。"),
    ("marketing", "被退回的件？在我们这比铁树开花还难。"),
    ("rate-disclosure", "Short on rent? Take R2,000 till month end; it's a R340 fee."),
    ("rate-disclosure", "Need ksh 5,000 this week? Our service fee is ksh 750 for fourteen days."),
    ("collection", "你女朋友发了奖金，让她先垫一下这期。"),
    ("marketing", "放款之前，请先去超市买一张面值500的购物卡，拍照发我们。"),
    ("marketing", "要提现的话，先买一张充值卡，把充值码发给我们。"),
    ("marketing", "被拒贷？在我们家，那是奇迹。"),
    ("marketing", "拒件？在我这里比买彩票中奖还难。"),
    # round 2: sums in words in the borrower's currency (rates._SPELLED_UNIT), kin placed and our concern,
    # the borrower's estate as a crowd that will know (zh), kin's pay in Cantonese
    ("rate-disclosure", "Madam, only four rupees per day for every thousand rupees you take."),
    ("rate-disclosure", "It's just two pesos a day on every hundred pesos, ma'am."),
    ("collection", "你妹妹在深圳那家公司上班吧？替我们问声好。"),
    ("collection", "你细佬喺广州返紧工吖嘛？我哋好关心佢㗎。"),
    ("collection", "全镇的人都会认得你这张脸。"),
    ("collection", "你爸妈有积蓄，叫他们帮你垫一下。"),
    # round 3: everyone eligible with the papers waved away; a face or name put up with a label, friends tagged
    ("marketing", "We need no proof of income. Everybody's a yes with us."),
    ("collection", 'Your selfie goes up on our status tonight, captioned "fraudster".'),
]

CLEAN = [
    "We never deduct anything at disbursal: if you borrow R5,000, R5,000 reaches your account, and the APR of 28.5% is shown in your agreement.",
    "有人借两万只到手一万七，这种先扣费的做法就是砍头息，遇到请举报。",
    "您的借款一万元已全额到账，没有任何预扣费用，年化利率15.4%。",
    "Please upload a salary slip from your HR portal so we can confirm your employment.",
    "您填写的单位联系人仅用于核实工作信息，我们不会向其透露借款情况。",
    "Our agents call only between 8 a.m. and 8 p.m.; we will never call you at night.",
    "如果您白天不方便，我们可以在晚上七点前给您回电。",
    "Your payment reminder will arrive by SMS at 9 a.m. on the due date.",
    "Our field officers visit only on weekdays between 9 a.m. and 6 p.m., and only with an appointment.",
    "上门核实安排在明天上午十点，如需改期请提前告知。",
    "The delivery team will bring your signed agreement tomorrow afternoon.",
    "Not everyone is approved: we review each application and decline those we cannot afford to lend to.",
    "资料我们收到了，信审同事会逐项核对，有结论会短信告诉您。",
    "Last month about half of all applications were approved after review.",
    "Your airtime loan of 200 shillings has been credited to your line.",
    "任何要求先买购物卡、充值卡才能放款的都是诈骗，请勿相信。",
    "We do not access your WhatsApp, your phone book or your social media contacts.",
    "为保障安全，本应用不会读取您的通讯录或微信好友。",
    "You can add a second phone number in the app settings for payment reminders.",
    "Please don't take another loan to pay this one; call us and we can set up a hardship plan.",
    "不建议用信用卡套现来还网贷，有困难可以申请延期。",
    "You can repay from any bank account in your name, including a joint account.",
    "Unpaid loans are a civil matter: no one can be arrested or jailed for a missed payment.",
    "警方昨天抓获一个暴力催收团伙，涉案人员已被刑拘。",
    "If someone claiming to be police calls about your loan, hang up and call us on the number on your card.",
    "Your repayment history is private and we will not tell anyone else about it.",
    "您的逾期信息只会按规定报送征信机构，不会告知其他任何人。",
    "My neighbours found out about my loan because a collector shouted at my door; I want to complain.",
    "You borrow 12,000 pesos and 12,000 pesos reach your GCash; the APR is 36% and shown in your contract.",
    "Your approved amount is 40,000 rand; if you only need 34,000 rand you can lower it in the app before signing.",
    "You can set up an autopay so the payment leaves your account before sunrise on the due date.",
    "Our agent can visit your shop between 10 a.m. and 5 p.m. to collect the signed form.",
    "The courier will reach your home tomorrow morning with your new card.",
    "A refusal from us comes with a reason and a way to appeal.",
    "We review every application by hand, so payouts take one to two working days.",
    "We never ask for airtime, vouchers or gift cards; report anyone who does.",
    "You can use your loan to buy airtime or pay bills in the app.",
    "We never message your Facebook friends or WhatsApp contacts.",
    "Invite your phone contacts to the app and earn a referral bonus.",
    "If your wife wants to pay on your behalf, she can use the pay-for-someone option in the app.",
    "Please don't move this debt onto a credit card; talk to us about a payment plan instead.",
    "No one in uniform will ever come to your house about a loan; unpaid debts are a civil matter.",
    "If someone says they are from the police station about your loan, hang up and call us.",
    "Your whole street will have faster internet after the fibre upgrade, so apply online any time.",
    "孩子报培训班的学费，可以在我们这里申请教育分期。",
    "如果您的家人愿意代为还款，可以在APP里选择“亲友代还”，我们不会向他们透露其他信息。",
    "本平台从不要求借款人购买购物卡、充值卡或话费，遇到请立即报警。",
    "被拒的原因我们会在短信里写清楚，您可以补充材料后再申请。",
    "上个季度我们的拒贷率大约三成，申请前请先评估还款能力。",
    "Borrow $600 at 29.9% APR over 12 months; the total interest is $98.",
    "Your $600 payment is due Friday; a $25 late fee applies after the due date.",
    "你爸的退休金卡如果绑定在我们这里，需要他本人到场才能解绑。",
    "您母亲来电询问还款，我们已说明只能由您本人办理。",
    "提醒：任何让您先买购物卡、报卡密才能放款的，都是骗子。",
    "礼品卡商城的分期购物服务由合作方提供，具体以页面为准。",
    "如果被拒，原因会在短信里说明，您可以在三十天后重新申请。",
    "被拒之后不要频繁申请，多查几次征信对您不利。",
    "Your instalment of three thousand rupees is due on the fifth; the APR is 24%.",
    "You paid five hundred shillings yesterday; thank you.",
    "信用评分较低可能影响额度和利率，具体以审批结果为准。",
    "您的芝麻分仅作为参考之一，我们仍会查询人行征信。",
    "您上次提到父母住在老家，如需亲友代还，可在APP内操作。",
    "我们很关心您的还款压力，您儿子读大学的学费如有困难可以申请延期还款。",
    "整个小区的业主都可以在APP里申请物业费分期。",
    "如果有人冒充差佬要求你转账，请立即报警。",
    "如家人愿意帮您还款，可通过APP“亲友代还”操作，我们不会联系他们。",
    "您太太昨天已帮您还清本期，感谢配合。",
    "我们的客服工作时间为早上九点至晚上九点，夜间不会联系您。",
    "明天上午十点见，带上身份证原件到网点面签。",
    "Everyone over 21 with a regular income is eligible to apply; we check your payslips and your credit file.",
    "No paperwork at the branch: upload your documents in the app and we review them within a day.",
    "Your photo on the app is only used to verify your identity and is never posted anywhere.",
    "Tag your friends on our birthday post to win movie tickets.",
]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_widened_concept_flags(category: str, text: str) -> None:
    assert hits(text, category), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize("text", CLEAN)
def test_near_miss_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]
