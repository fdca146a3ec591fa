"""Session 47 (precision): false alarms on clean service text nobody on the team wrote (probe48p1, author's
probe48c1 / probe48a1 listings, the brief's families), fixed by the reason the reader fired, each family's violating
twins still flagged.

- a STUDENT WITH A PARENT AS CO-APPLICANT (an education loan the parent or guardian co-signs): the requirement puts
  the parent in the loan, the opposite of the lure: en_clause.student_coapp (never where the co-signer is waived or a
  lure stands in the message);
- the lender NOT ONE OF THOSE (We're not one of those instant-approval outfits; 我哋唔係嗰啲唔使審核即批嘅公司;
  Hinglish 'waale app nahi hain', Taglish 'hindi po kami yung mga ... na app'): the lure's words inside the kind
  denied, nothing promised after it: en_clause.not_those, zh_clause.zh_r_not_those;
- interest WAIVED AS RELIEF on a debt owed (剩余利息全免, 剩低嘅利息全數豁免, "waived all interest ... the remaining
  principal"): en_clause.relief_waived, zh_clause.zh_r_relief (never beside an offer);
- the borrower's OWN REPORT OF A CALLER ("A man called saying there's a warrant out for me ... Is this you?"):
  en_clause.caller_report; a JOB AT THE PRISON OR THE POLICE told (My brother is a prison warden, can he apply;
  我老公是监狱的狱警): en_clause.jail_job, zh_clause.zh_r_jail_job (never where anybody presses);
- the customer's OWN ACCOUNT FACTS read as prices: an instalment split into its parts (月供…其中利息), the instalment
  on a balance still owed (剩余本金…每月应缴), a day of a month beside a bare figure ("collected on 1 December"):
  rates.py; a payment already debited or received ("EMI ... ending 7731 was auto-debited"): en_clause.own_paid;
- a payout already released ("have been released to your Landbank account. Please check", pidgin "check am",
  Taglish "Approved na ang salary loan ... within the day"): paid_out / status_taglish; a consent of the addressee's
  own signed or written authority (已按您本人的书面授权把还款提醒同步发给您儿子): r_consent; a kin's payment booked
  (系统已经核销) and brought in ("Your brother brought in the cash"): s32_receipt_zh, caller;
- an Indian payment's transaction reference ("Please quote UTR 3081 2245 7719", "RRN: 633412987702") read as a bank
  account or an Aadhaar number: pii.py's reference words; an overdue record that does not decide the outcome
  (征信有逾期也不是一定批不了): the no-check concept's exclude;
- a HARM DENIED outright ("Missing a repayment will not lead to prison", "Your workplace will never hear from us about
  what you owe"), no turn after it (but / unless / today / keep it up): en_clause.harm_denied; the addressee told whom
  to update about a change of their own card or account ("Tell your gym if your direct debit changes, not us"):
  en_clause.tell_own_change; the contact made with the addressee themself (第三方催收机构联系您本人): zh_r_reach_only;
  the customer's own consent in the first person (我同意你们把还款提醒发给我爱人的手机): r_consent;
- second landing: a lost or stolen thing recovered ("Your stolen phone was recovered by the police"), the open noun's
  state, not a sum ready: en_clause._LOST_STATE in notice; an approval with the borrower's own contract step before the
  payout ("The funds will be disbursed once you accept the offer in the app"), no fee, no haste:
  en_clause.status_accept.
Lines are probe48p1's false alarms, author's listings (probe48c1, probe48a1) and variants written in other words.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    "Your loan has been approved. The funds will be disbursed once you accept the offer in the app.",
    "Your stolen phone was recovered by the police in Ikeja; they asked us to confirm the loan app account on it belongs to you, which we have done.",
    "Missing a repayment will not lead to prison.",
    "Missing a repayment will affect your credit score and may add a late fee, but it will not lead to prison.",
    "Your workplace will never hear from us about what you owe.",
    "Nobody goes to jail over a personal loan here; a missed EMI won't land you in jail.",
    "Defaulting does not lead to prison, but it does show on your credit report for six years.",
    "Tell your gym if your direct debit changes, not us.",
    "If your card number changes, let your landlord and your phone company know; you don't need to tell us.",
    "Your card number changed after the fraud, so tell your gym and any subscriptions about it.",
    "If your bank account changes, remember to tell your employer so your salary still arrives.",
    "我同意你们把还款提醒发给我爱人的手机。",
    "第三方催收机构联系您本人。",
    "征信有逾期也不是一定批不了，要看逾期的时间和金额，最终以审批结果为准。",
    "征信上有逾期也不是一定批不下来，得看逾期多久。",
    "徵信有逾期也不是一定不批，要看審核結果。",
    "Disbursement done, sir. Please quote UTR 3081 2245 7719 if your bank asks for a reference.",
    "IMPS done. RRN: 633412987702.",
    "For the ₹8,000 EMI you paid, the RRN is 301245667890.",
    "您在11月30日提前還款新台幣50,000元，剩餘本金新台幣82,400元，每月應繳金額自12月起調整為新台幣4,120元。",
    "Students can take our education loan only with a parent or guardian signing as co-applicant, and we check the co-applicant's income.",
    "For full-time students we only offer the tuition loan paid straight to the university, with a parent as co-borrower.",
    "Estudyante ka pa? Pasensya po, kailangan ng magulang bilang co-borrower para sa tuition loan namin.",
    "My brother is a prison warden, can he apply for a personal loan with you?",
    "经审核，您的减免申请已通过：本金按原计划分6期还清，剩余利息全免，罚息一并取消。",
    "考慮到你嘅情況，剩低嘅利息全數豁免，本金可以分十期還。",
    "We've waived all interest from today; the remaining ₹18,000 principal can be paid over 9 months.",
    "We're not one of those instant-approval outfits: every application gets a proper affordability check.",
    "我哋唔係嗰啲“唔使審核即批”嘅公司，每單都要睇收入證明。",
    'Hamare paas koi "guaranteed loan" wali scheme nahi hai; har application ki proper checking hoti hai.',
    "Hi Rahul, the EMI of ₹4,614 on your loan account ending 7731 was auto-debited on the 5th. Your next EMI is due on 5 August.",
    "Good news po! Approved na ang salary loan ninyo, papasok sa Maya wallet ninyo within the day.",
    "For an education loan the student is the borrower and a parent or guardian signs as co-applicant; every bank asks for that.",
    "Education loan mein student ke saath parent ko co-applicant banna padta hai, dono ke KYC documents chahiye.",
    "Your money don enter your account, check am. Repayment na 28th.",
    "Your loan proceeds of ₱15,000 have been released to your Landbank account. Please check and confirm.",
    "A man called saying there's a warrant out for me because of my loan. I've never missed a payment. Is this you?",
    "Your gold loan of ₹80,000 against 24 g is renewed; the interest of ₹9,600 for the last 12 months has been received.",
    "您这期月供是2,144元，其中本金1,900元、利息244元，下期还款日是下个月5号。",
    "好的，已按您本人的书面授权把还款提醒同步发给您儿子，您随时可以取消。",
    "您舅舅用他的卡替您还了本期，系统已经核销。",
    "An education loan for a degree abroad is in the student's name, with mum or dad signing alongside as co-borrower.",
    "For the tuition loan the student needs a guardian on the application as joint borrower; we assess the guardian's income.",
    'Hum "instant approval" waale app nahi hain; documents check karne mein 2 din lagte hain.',
    "我們唔係嗰種即批即過嘅財務公司，要先做信貸評估。",
    "按照您签署的授权书，还款提醒会同时发给您太太，您可以随时撤回。",
    "您本月月供3,108元，其中利息412元，已于15号自动扣款。",
    "Your monthly repayment of £188.40 was collected on 1 December.",
    "我老公是监狱的狱警，他的收入能算进去吗？",
    "Your salary loan has been released into your UnionBank account. Please check your balance.",
    "Money don enter your Opay, check am and call us if e no show.",
    "Approved na po ang personal loan ninyo, papasok sa GCash ninyo within the day.",
    "您12月的月供是3,456元，其中利息388元、本金3,068元，将于20号自动扣款。",
    "截至今天，您的剩余本金为45,000元，每月应还金额为2,100元。",
    'Hindi po kami yung mga "instant approval" na app; dadaan po sa review ang application ninyo.',
    "We're not one of those guaranteed-loan websites; we decline about half of applications.",
    "我们不是那种秒批的平台，每笔申请都会正常审核。",
]

FLAG = [
    (
        "marketing",
        "Your ₦50,000 loan has been recovered from the system and is ready, tap to claim.",
    ),
    ("marketing", "Your loan has been approved! Accept the offer now and get ₹50,000 instantly."),
    (
        "marketing",
        "Your loan has been approved. Once you accept the offer, pay the ₹999 processing fee to release it.",
    ),
    (
        "marketing",
        "Congratulations, your loan is approved and guaranteed, the funds will be disbursed once you accept the offer.",
    ),
    (
        "marketing",
        "Your loan has been approved. Tap the link to claim your money once you accept the offer.",
    ),
    ("collection", "Missing another repayment will lead to prison."),
    (
        "collection",
        "Refusing to pay won't send you to jail today, but keep it up and the police will come.",
    ),
    (
        "collection",
        "Your family won't be contacted, unless you miss Friday's payment, then we call them all.",
    ),
    (
        "collection",
        "A missed EMI won't land you in jail this week, but next week the police will be at your door.",
    ),
    (
        "collection",
        "Tell your gym, your church and your boss that you don't pay your debts, or we will.",
    ),
    ("collection", "If your number changes again to dodge us, we'll tell your boss what you owe."),
    (
        "collection",
        "Your number changed to dodge us, so we're telling your landlord about your arrears.",
    ),
    ("collection", "第三方催收机构会联系您本人和您的家人。"),
    ("collection", "第三方催收机构会联系您本人，还有你单位领导。"),
    ("collection", "外包催收公司会联系您本人以及您的父母。"),
    ("marketing", "征信有逾期也照样下款，不看征信，当天到账。"),
    ("marketing", "征信有逾期也能借，不一定要查。"),
    ("pii", "Please confirm your savings account number 5567 8812 0043 and IFSC SBIN0004567."),
    ("pii", "RRN 412345678901 is wrong. Send it to account 3081 2245 7719, IFSC HDFC0001234."),
    (
        "marketing",
        "Students don't need a parent or guardian to co-sign: apply with just your student ID and get cash today.",
    ),
    (
        "marketing",
        "Every application is approved and the money lands in your account in 5 minutes, guaranteed.",
    ),
    ("marketing", "新客户借款利息全免，不查征信，当天到账。"),
    ("marketing", "Borrow today with zero interest for 60 days!"),
    ("marketing", "We're the app that approves everyone in five minutes, no checks at all."),
    ("collection", "We've told the police and they will arrest you tomorrow if you don't pay."),
    (
        "collection",
        "Your uncle paid part of it, and we've told him you still owe ₹20,000 and keep dodging us.",
    ),
    ("rate-disclosure", "Borrow ₹50,000 at only 2% interest per month, EMI from ₹4,600."),
    (
        "collection",
        "My cousin is a police officer and he'll lock you up if you don't pay by tonight.",
    ),
    (
        "marketing",
        "₦50,000 has been released to your account! Tap the link and pay ₦2,000 to unlock it.",
    ),
    ("rate-disclosure", "Get ₹5,000 tonight, ₹6,000 comes out of your salary on the 1st."),
    ("rate-disclosure", "借款1万元，每月只需还利息200元，随借随还。"),
    ("marketing", "We're not one of those slow banks, instant approval and cash in 5 minutes."),
    (
        "marketing",
        "Students can apply on their own with just a college ID: no parent or guardian needed, money in 10 minutes.",
    ),
    ("marketing", "Students can borrow without a co-signer, no parents involved."),
    ("marketing", "Still at uni? Borrow £500 with your mum as co-signer, approved in minutes."),
    ("marketing", "We're not one of those slow banks: instant approval, cash in minutes."),
    ("marketing", "This isn't one of those guaranteed loan apps, but you will be approved today."),
    ("marketing", "我们不是那种慢吞吞的银行，秒批秒到账。"),
    ("marketing", "我们不是那种秒批的平台，但是保证当天到账。"),
    (
        "marketing",
        "Hamare yahan guaranteed loan milta hai, koi checking nahi, 5 minute mein paisa.",
    ),
    ("marketing", "新用户首借利息全免，借1万最高30天不要一分钱利息。"),
    ("marketing", "剩余利息全免，现在借款立享。"),
    ("marketing", "Zero interest on your first loan! Borrow up to £1,000 today, no credit check."),
    (
        "collection",
        "Our director's brother is a prison officer; pay up or you'll be seeing him from the inside.",
    ),
    ("collection", "A man from our team called saying you'll be arrested. Scam or not, pay today."),
    ("collection", "我老公是监狱的狱警，你再不还就送你进去。"),
    ("collection", "我表哥在看守所上班，你不还钱就让你进去住几天。"),
    (
        "collection",
        "Your brother brought in the cash, and we told him you still owe 3 months of arrears.",
    ),
    ("collection", "您妹妹替您还了一期，剩下欠多少我们都跟她说了。"),
    ("marketing", "Your ₱15,000 has been released to your account. Tap the link to claim it."),
    (
        "marketing",
        "Congratulations! ₱20,000 has been released to your GCash. Reply YES to receive it.",
    ),
    ("marketing", "Your money don enter your account, check am. Send your BVN to unlock am."),
    ("rate-disclosure", "借1万，每月利息只要300元。"),
    (
        "rate-disclosure",
        "Borrow £1,000 and pay just £50 a month in interest, first payment due 1 December.",
    ),
    ("rate-disclosure", "Borrow $600, pay $60 a month interest until June 30."),
    ("rate-disclosure", "$300 in your account tonight; $345 comes out on the 15th."),
    (
        "rate-disclosure",
        "Your loan of ₹75,000 is approved at just 1.5% per month. EMI starts on the 5th.",
    ),
    ("rate-disclosure", "借款30,000元，月息仅0.8%，每期还款2,745.60元，今天就能放款。"),
    (
        "rate-disclosure",
        "Borrow S$5,000 at 1.2% a month, repay over 12 months, first instalment 2 Jan.",
    ),
    ("rate-disclosure", "日利率萬分之五，借一萬一日只需五蚊。"),
    (
        "rate-disclosure",
        "Account ending 4410: your top-up of ₦200,000 carries interest of 4% monthly, payable with your next instalment.",
    ),
    ("marketing", "在校学生凭学生证就能借，不用告诉爸妈，当天到账。"),
    ("marketing", "Student ho? Sirf college ID se loan le lo, parents ko batane ki zaroorat nahi."),
    ("marketing", "大學生免擔保，憑學生證即可申請，唔使屋企人知。"),
    ("marketing", "Estudyante ka? Walang co-borrower, student ID lang, approved agad!"),
    ("collection", "We rang your mother yesterday and told her you owe us money and haven't paid."),
    ("collection", "昨天我们已经打电话给你同事，告诉他你欠钱不还。"),
    ("collection", "我哋已經打咗畀你阿媽，話咗佢知你走數。"),
    (
        "collection",
        "Na we call your wife yesterday tell am say you dey owe us. Pay before we call your pastor.",
    ),
    ("collection", "你再不还，我们就把你的欠款情况发到你老婆手机上。"),
    ("collection", "If you don't pay by Friday we'll start texting your husband about your debt."),
    ("collection", "唔還錢我哋就send你嘅欠款記錄畀你老公。"),
    ("collection", "您母亲如果不替您还钱，我们就天天打电话给她。"),
    (
        "collection",
        "Tell your gym, your church and your boss that you don't pay your debts, or we will.",
    ),
    (
        "collection",
        "Miss another repayment and you'll go to prison; we are filing a police case today.",
    ),
    (
        "collection",
        "Your workplace will hear from us about what you owe if we don't get the money by Monday.",
    ),
    (
        "collection",
        "I-post namin ang mukha mo sa Facebook kasama ng utang mo kung hindi ka magbabayad.",
    ),
    (
        "collection",
        "If you no pay today, we go call your family and all your contacts tell dem say you be thief.",
    ),
    ("collection", "不还钱就等着坐牢吧，我们已经报警了。"),
    ("collection", "我们会在你小区业主群里发你的欠款信息。"),
    ("collection", "Pay today or we'll have you arrested; the warrant is ready."),
    ("rate-disclosure", "免息借款，每期只收0.8%服务费。"),
    (
        "marketing",
        "We're the instant-approval outfit everyone talks about: no checks, approved in 60 seconds, guaranteed.",
    ),
    ("marketing", "我们就是秒批秒到账，不看征信，百分百下款。"),
    ("marketing", "我哋唔使審核即批，點都批到。"),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
