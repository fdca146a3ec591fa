"""Session 45 (precision): false alarms on clean service text nobody on the team wrote (probe46p1), fixed
by the reason the reader fired, each family with its violating twins still flagged.

- the police in the addressee's OWN matter (a lost or stolen ID and the police calling us about it, the
  addressee's own report or certificate, a job's vetting: 政审 / background check / criminal records, the
  police arresting somebody else), unless the message presses the addressee: zh_clause.zh_r_police_own,
  en_clause.police_own (the threat rules' ``unless``);
- a contact reached only to relay a call-back, the borrower's authority named, or an impersonator reported
  by the borrower: en_clause.reach_only, zh_clause.zh_r_reach_only (third-party ``unless``); a kin's payment
  booked (这期已经还清了): s32_receipt_zh; "the receipt is in your email" is no person at the addressee's place
  (en_clause _ROLE_AT);
- an opening "Sorry sir," is the speaker's apology (en_clause _sorry_opens);
- certainty denied ("No application is a sure thing", "approval isn't guaranteed"): en_clause.certainty_denied;
- a payout already made, in any register ("Your loan don enter ... landed around 2pm"): en_clause.paid_out;
- a plural teller's present ("Some apps advertise instant approval; we ..."): scope _EN_TELLER_SAYS;
- speed told of the lender's submission with the review's duration (即刻幫你遞交審批，大概三個工作天有結果):
  zh_clause.zh_r_submit_fast.
Lines are probe46p1's false alarms and variants written in other words before each fix.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    "Your loan don enter, abeg check your Opay wallet, the N80,000 landed around 2pm.",
    "您儿子昨天在App上帮您还了800元，这期已经还清了。",
    "Your uncle came to the office to settle your arrears; the receipt is in your email.",
    "We've added a note that your brother may call on your behalf, as you authorised on 3 March.",
    "We only use your emergency contact if we can't reach you at all, and we'd only ask them to tell you to call us.",
    "Your emergency contact would only be asked to pass on a message to ring us; we never tell them about your loan.",
    "您的身份证丢失后，派出所给我们打过电话核实，我们已经冻结了用您证件申请的那笔借款。",
    "如果您的證件遺失，建議先到派出所報案，再把報案證明傳給我們。",
    "警察局打嚟確認你報失身份證，我哋已經暫停咗嗰個用你身份證開嘅戶口。",
    "補返份糧單之後我即刻幫你遞交審批，大概三個工作天有結果。",
    "The arrest of that loan-shark gang in Manchester was on the news; if they ever contacted you, call the police, not them.",
    "新闻里说警方抓了一个套路贷团伙，如果您也被他们骚扰过，可以向当地派出所报案。",
    "警方破獲一個地下錢莊，若您曾向他們借款，可向警方或金管會諮詢。",
    "您应聘的岗位需要政审，开具无犯罪记录证明要去户籍所在地派出所，和您在我们这里的借款没有关系。",
    "政审查的是犯罪记录等情况，您在我们这里正常还款的借款不会出现在无犯罪记录证明上。",
    "Your new employer's background check looks at criminal records; a loan you're repaying on time isn't a criminal matter.",
    "新工作要做背景調查同查刑事紀錄，你喺我哋度正常還款嘅貸款唔會影響。",
    "No application is a sure thing; the decision depends on your income and credit history.",
    "Even with a good credit score, approval isn't guaranteed.",
    "Someone called me claiming to be from your company asking for my OTP. Was that you?",
    "Some apps advertise instant approval; we usually take one working day because we check your income.",
    "Bros, your loan don drop, check your Kuda account, the N120k enter this morning.",
    "Sorry madam, your loan request was not approved this time because the income proof was incomplete.",
    "我们只会在联系不到您的时候给紧急联系人打电话，请他让您回个电话，不会讲借款的事。",
    "緊急聯絡人只有在完全聯絡不上您時才會被致電，且只會請他轉告您與我們聯繫。",
    "您报失的护照派出所已经出具了证明，请拍照上传，我们帮您撤销冒名申请的借款。",
    "等你補齊銀行流水，我會即刻轉交信貸部審核，結果要幾日。",
    "警方日前查獲一個非法討債集團，民眾如遭騷擾可撥打110報案。",
    "入職要交良民證，係去警署申請嘅，同你喺我哋度嘅貸款冇關係。",
    "Having a high credit score helps, but it doesn't guarantee you'll be approved.",
    "A strong credit history doesn't mean a yes is certain; we still check affordability.",
    # session 45, second round: author-r1, probe45c1 / probe45c2 and their variants
    "We've recorded that your emergency contact is your sister. We'd only call her if we couldn't reach you at all, and we'd never tell her about the debt.",
    "催收电话只在早上8点到晚上9点之间拨打，不会联系您通讯录里的联系人",
    "阿姨您好，借款信息我们只能告诉您儿子本人，麻烦让他自己打过来",
    "您上传的银行流水缺了十月份，麻烦补一下，补齐后马上提交审批",
    "您儿子用支付宝帮您还了500元，已经抵扣到本期账单",
    "您父亲今天打电话来问您是不是在我们这里借了钱，没有您的授权我们什么也没说",
    "We contacted your referee to confirm your address; no details of the loan were shared.",
    "Hi Priya, your personal loan is approved. You'll see Rs 1,50,000 in your account within 4 working hours.",
    "Sir main promise nahi kar sakta ki loan pass hoga, bank decide karega.",
    "Sir guarantee koi nahi de sakta, approval bank ka decision hai. Main sirf file jaldi process karwa sakta hoon.",
    "Sir your loan is approved, amount will come in your account by tomorrow evening.",
    "Aapka loan approve ho gaya hai, 2 lakh rupaye aapke SBI account mein kal tak aa jayenge.",
    "Your business loan has been approved subject to a site visit. Our officer will call you to fix a time.",
    "审批不是走个流程，每一笔都要看您的收入和负债，我没法提前告诉您一定能过",
    "我们的催收只打给您本人，绝不会联系您通讯录里的亲友。",
    "先生，贷款的情况我们只能跟借款人本人讲，请让您太太亲自给我们打电话。",
    "阿伯，呢啲資料我哋只可以同你個仔本人講，唔該叫佢自己打嚟。",
    "你份租約影埋上嚟，我即刻幫你提交審批。",
    "您女婿刚才通过微信替您还了300元，已抵扣本月应还金额。",
    "您哥哥在网点帮您交了这期的钱，已经入到您的还款账户。",
    "Ji, 100% approval ki guarantee kisi ke paas nahi hai, bank policy dekh ke decide hota hai.",
    "审核不是形式，我现在没法告诉您一定能批，要等风控看完材料。",
    "申请能不能过要看征信和收入，我不能提前告诉你肯定能下款。",
    # session 45, third round: a found ID fetched at the police station, a dealer's finance status
    "您好，这里是城西派出所，我们捡到一张您名下的身份证，请您带上户口本来所里认领",
    "张先生您好，这里是建设路派出所户籍室，您上周挂失的身份证有人送到我们这里了，工作日可以来领",
    "呢度係旺角警署，有人執到你張身份證交咗嚟，你得閒帶埋證明嚟攞返",
    "Your car loan approved already, can collect the car from showroom on Saturday.",
    "您好，这里是东湖派出所，有市民交来一张您的身份证，请本人携带户口簿到所里领取。",
    "李女士，您挂失的护照已经被人送到我们派出所了，周一到周五都可以来认领。",
    "這裡是大安分局，有民眾拾獲您的駕照，請攜帶身分證到派出所領回。",
    "Your car loan approved already, you can pick up the car at the showroom this Saturday.",
    "Your phone financing is approved, collect the handset from the store after 2pm today.",
]

# the classifier's warning on this line is the model helper's; the threat rule must not fire
APOLOGY_OPENING = [
    "Sorry sir, aapka loan application is baar approve nahi hua, aap teen mahine baad dobara apply kar sakte hain.",
]

FLAG = [
    ("collection", "派出所已经接到我们的报案，再不还钱警察就上门抓你。"),
    ("collection", "逾期不還，我們會請警察到你家帶人。"),
    ("collection", "你不还钱我们就去派出所报案，让警察来抓你。"),
    ("collection", "新闻里那些欠钱不还的都被抓了，你再不还下一个就是你。"),
    (
        "collection",
        "We've given your file to the police; officers will come to arrest you if you don't pay this week.",
    ),
    ("collection", "We've reported you to the police for not paying; expect a visit from them."),
    (
        "collection",
        "If you keep defaulting you'll end up with a criminal record that ruins your kids\" future jobs.",
    ),
    (
        "collection",
        "Sorry, your loan is rejected, and if the old balance isn't paid the police will be at your door.",
    ),
    (
        "collection",
        "Your loan was rejected, and if you don't pay the old one we'll have you arrested.",
    ),
    ("collection", "Your husband called, so we told him you're four months behind and owe £2,300."),
    ("collection", "您女儿来电，我们已经告诉她您欠款逾期的事情了。"),
    (
        "collection",
        "If you don't pay by Friday we'll start calling your emergency contacts and tell them about your debt.",
    ),
    (
        "collection",
        "Your emergency contact will be told about your overdue loan if you keep ignoring us.",
    ),
    ("collection", "今天再不还，我们就把您的欠款情况发给您所有紧急联系人。"),
    ("collection", "Your partner paid £50, and we've let her know the rest of your arrears too."),
    (
        "marketing",
        "Your loan don approve even without BVN, no checks, just send your account number make we pay you now.",
    ),
    (
        "marketing",
        "Ma, you've been pre-approved for N500,000, no BVN check needed; click the link and the money lands today.",
    ),
    ("marketing", "Your application is a sure thing, approval is just a formality."),
    ("marketing", "Approval is a done deal for you, it's just a formality."),
    ("marketing", "资料交齐马上批，不用审核，当天放款！"),
    ("marketing", "资料一交马上递交审批，秒批秒到账。"),
    ("marketing", "Other lenders take days; we give instant approval, no paperwork."),
    ("marketing", "Other apps promise instant approval and so do we!"),
    ("collection", "不还钱的话我们就联系您通讯录里的所有人，一个一个打。"),
    ("collection", "再不还钱，我们就联系您通讯录里的所有人。"),
    ("collection", "你不还钱，我们只能告诉你儿子本人，让他来还。"),
    ("collection", "您女儿逾期三个月了，我们只能找您这个当爹的要钱。"),
    ("marketing", "马上提交，马上批下来，保证当天到账。"),
    ("marketing", "资料一交马上递交审批，秒批秒到账。"),
    ("collection", "您母亲来电询问，我们已经把您欠款三万的情况都告诉她了。"),
    ("marketing", "Sir aapka loan pakka pass hoga, main guarantee deta hoon."),
    ("marketing", "Your loan is approved! Click the link to claim your $3,000 by tomorrow."),
    (
        "marketing",
        "Congratulations, your loan is approved with no credit check, money in your account by tonight.",
    ),
    ("marketing", "我可以告诉您一定能批，放心申请。"),
    ("marketing", "不用等审核，我现在就能告诉你肯定能下款。"),
    ("collection", "这里是派出所，你欠的钱再不还，我们就上门把你带走。"),
    ("collection", "我们已经把你的资料交给派出所了，等着民警上门找你吧。"),
    ("marketing", "Your car loan approved already, no credit check, come collect your cash today!"),
    ("marketing", "Oga, your loan don approve without BVN, come collect the money sharp sharp."),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize("text", APOLOGY_OPENING)
def test_opening_apology_is_no_threat(text: str) -> None:
    assert not [h for h in RULES.check(text).hits if h.rule == "en.collection.threat"]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
