"""Session 50 (precision): false alarms on clean service text (probe51p1, probe50c1 / probe50c2's families and their variants),
fixed by the reason the reader fired, each family's violating twins still flagged. Every CLEAN line warns or blocks on
a56a294d and passes here.

- NO CREDIT CHECK FOR AN ACCOUNT SERVICE (a statement, a letter, a certificate, a date or a detail changed, a balance):
  en_clause.service_nocheck; zh_clause.zh_r_service_nocheck (the spans: the service's verb and noun);
- "ZERO INTEREST" THAT IS NOT THE LENDER'S OFFER (another company's / a shop's promotion, a fee named "not interest", an
  employer's salary-advance benefit): en_clause.free_not_offered; zh_clause.zh_r_free_not_offered;
- A PRACTICE THE LENDER DENIES (jail said not to follow a debt, the night dialler blocked and a night call disowned, a
  collector's visit owned as misconduct; zh 我们一定不会…, 不会被抓去坐牢): en_clause.practice_denied; zh_clause.zh_r_we_never
  and zh_r_hours_kept's blocked dialler;
- a RELATIVE WHO PHONED AND WAS TOLD NOTHING (zh): zh_clause.zh_r_told_nothing;
- MONEY RETURNED (a refund "guaranteed", a mobile-money reversal; zh 退款有保障, 误收…保证全额退还): en_clause.money_returned;
  zh_clause.zh_r_refund_sure;
- CANTONESE CONSENT (你喺App度揀咗, 你早前同意咗, 照你意思加咗): zh_clause.zh_r_consent_set;
- the OUTCOME LEFT TO THE REVIEW (审批能不能过要看系统, 我没法担保一定能批): zh_clause.zh_r_outcome_open;
- "quote your REFERENCE NUMBER" (no person): en.toml en_third's exclude;
- a pidgin payout due on a day, told plainly: en_clause.pidgin_payout;
- (author's family names) a night visit denied by its hour (晚上从来不会去): zh_r_we_never; a joint borrower notified
  (你係聯名借款人): zh.toml as_guarantor; a scheme's guarantee that is not the outcome (不代表…一定能批): zh_r_outcome_open; a guarantor who signed
  notified (佢簽咗擔保書): zh_r_guarantor_signed; a guarantee that protects the lender, a tranche released on an
  inspection: en_clause.lender_side.
"""

from __future__ import annotations

import pytest
from compliance_asserts import hits, passes

CLEAN = [
    "Arrest isn't a possible outcome of a missed EMI; whoever told you that was wrong, and we've reported the number.",
    "Oga, we no dey call customers after 8pm, na company rule, so that midnight call no be from us.",
    "你屋企人我哋一定唔會打去搵，呢樣你可以放心。",
    "We won't pull your credit report just to send a balance confirmation letter.",
    "Requesting a paid-up certificate involves no credit check, sir; it is issued within 7 working days.",
    "Updating your address needs no credit search on our side.",
    "申请修改扣款日不需要再查一次征信。",
    "打印还款流水不会查询您的征信报告。",
    "補寄合約影本不需要查聯徵。",
    "查询剩余本金不会查您的征信，也不影响评分。",
    "Pausing your direct debit for a month: no credit check involved, just confirm by reply.",
    "你阿哥打嚟問你欠幾多，我哋一個字都冇講。",
    "您的朋友打电话替您问账单，我们没跟他说任何情况，请您本人联系我们。",
    "这5元是短信通知服务费，不是利息。",
    "手机店的“0首付0利息”是厂家促销，和您在我们这里的贷款无关。",
    "Your overpayment refund is guaranteed to reach your account by the 20th.",
    "保險費如果是誤收，我們保證全額退還。",
    "你喺App度揀咗俾屋企人收提醒，所以你老公都會收到還款短訊，想取消可以隨時喺設定度改。",
    "你早前同意咗用你媽咪嘅電話做後備聯絡，如果想改，話我知就得。",
    "你話想你個女幫手睇住還款，我哋已經照你意思加咗佢做聯絡人。",
    "Oga, your loan don approve; the money go enter your account tomorrow morning.",
    "Your employer's salary advance scheme charges no interest; the amount is simply deducted from your next payslip.",
    "The earned-wage advance is a company benefit with no interest; your HR team sets the limit.",
    "公司的预支工资福利不收利息，下月工资里直接扣回。",
    "Your company pays the advance fee on your behalf, so you are charged no interest under the employer scheme.",
    "材料准备的事交给我，审批能不能过要看系统。",
    "Call 0800 123 456 and quote your reference number.",
    "Switching your instalment to the 28th is just an admin change, so there's no credit check.",
    "Asking for a closure letter never involves a credit check with us, madam.",
    "We won't run a credit check when you update your bank details for the EMI mandate.",
    "No credit search is carried out for a copy of your signed agreement.",
    "更换绑定银行卡不需要重新查征信。",
    "开具贷款结清证明，我们不查询征信。",
    "修改联系地址这种操作不会上征信查询。",
    "申請還款明細不需要查聯徵紀錄喔。",
    "这10元是纸质账单邮寄费，不算利息。",
    "那個「免息分期」是百貨公司的活動，跟你喺我哋度嘅貸款冇關係。",
    "The payroll advance from your employer carries no interest; it's repaid from your next salary.",
    "Under your company's wage-access benefit there's no interest, and your employer covers the transaction cost.",
    "单位的工资预支是员工福利，不收利息，下个月从工资里扣。",
    "Ma'am, yung salary advance ng kumpanya ninyo ay walang interest; ibabawas lang sa susunod na sweldo.",
    "Your employer's emergency advance has no interest charged, and HR approves the amount.",
    "Our system cannot dial anyone before 8 in the morning, so the 6 am call wasn't ours.",
    "逾期是不會被抓去坐牢的，那個人是在嚇你。",
    "你上次簽咗同意書，所以我哋會抄送還款通知俾你嘅家人。",
    "你要求加你個仔做聯絡人，我哋已經幫你加咗。",
    "Please phone our helpline and give your reference number to the agent.",
    "The mobile money reversal to your M-Pesa line was processed; it can take up to 24 hours to reflect.",
    "No credit check is done when you ask for a copy of your own statement.",
    'That "zero interest" banner you saw belongs to another company, not us.',
    "Jail is not something that can happen over an unpaid personal loan; please don't worry about what that caller said.",
    "Late-night calls from 10 pm to 8 am are blocked in our dialler, so the call you got at 11 wasn't from our system. We're checking.",
    "查询自己的账单不需要查征信。",
    "晚上十点以后的外呼系统已经屏蔽，您昨晚11点接到的电话我们正在核查来源。",
    "您姐姐来电问您的欠款情况，我们什么都没透露。",
    "自动扣款失败收取的20元是扣款失败手续费，不是利息。",
    "We don't run a credit check to send you a settlement letter.",
    "The field agent who came to your house at night broke our rules; he no longer works on our accounts.",
    'The "0% interest" poster you saw at the mall is a phone shop\'s offer, not our loan.',
    "退款是有保障的，10天内没到账我们赔您10元。",
    "开结清证明不需要查征信。",
    "您哥哥打电话来问您欠多少，没有您的授权我们不能告诉他。",
    "商场里“0利息”的海报是手机店的活动，不是我们的贷款。",
    "晚上9点以后系统不会外呼，您昨晚10点接到的电话不是我们的，正在核查。",
    # author's clean families (names only, 20:05): a night visit denied by its hour, a joint borrower notified, a scheme's guarantee
    "评估师只会按预约的时间上门看房，晚上从来不会去。",
    "核實車輛的同事只係日頭約時間上門，夜晚唔會去。",
    "上门核验只安排在工作日白天，晚上不会有人来打扰您。",
    "因為你係聯名借款人，逾期通知會同時寄俾你同你老公。",
    "政府的融资担保是给银行的风险分担，不代表您的贷款一定能批。",
    "评估师只在您约好的时间上门，晚上和节假日都不安排。",
    "呢筆貸款嘅擔保人係你阿哥，佢簽咗擔保書，所以我哋會同時通知佢。",
    "This SME loan carries the government's 80% guarantee, which protects the bank, not you: you still owe the full amount.",
    "Your home loan's second tranche is released after the engineer's site visit confirms the slab is complete.",
    "The government guarantee scheme protects the lender, not you: you still owe the full amount.",
]

FLAG = [
    (
        "collection",
        "Nobody goes to prison for a loan, usually, but yours has been passed to the police and they'll pick you up on Monday.",
    ),
    (
        "collection",
        "We don't normally ring employers, but if nothing arrives by Friday your manager gets a call from us.",
    ),
    ("collection", "我们一般不联系家人，不过你再不还，明天就给你爸妈打电话。"),
    (
        "collection",
        "Our dialler stops at 9 pm, so I'll ring you myself from my own phone at 11 tonight.",
    ),
    ("collection", "我们不抓人，但你再拖下去，派出所的人会直接上门。"),
    ("marketing", "No credit check, no payslip: apply today and the money is yours."),
    ("marketing", "不查征信，身份证就能借，当天到账。"),
    ("marketing", "Top-up loans for existing customers: no credit check needed, just reply YES."),
    (
        "collection",
        "Your uncle rang and we told him everything: the amount, the days late, and that you're dodging us.",
    ),
    ("collection", "您母亲来电了，我们已经把您欠款十二万、逾期三个月的情况都告诉她了。"),
    ("marketing", "New here? Your first ₹50,000 comes at zero interest, apply before midnight."),
    ("marketing", "新用户首借免息，最高可借5万，快来申请！"),
    ("rate-disclosure", "0% interest for 30 days, only a small weekly service fee of 2%."),
    ("marketing", "Send KSh 500 to this till and your loan is approved, guaranteed."),
    ("marketing", "M-Pesa users get 100% approval: apply now, money in 5 minutes."),
    (
        "marketing",
        "Mobile money reversal? No need: just pay KSh 300 and your approval is guaranteed.",
    ),
    ("marketing", "Approval guaranteed or your application fee refunded!"),
    ("marketing", "保证下款，不下款全额退费！"),
    ("marketing", "No extra cost, no interest, no checks: borrow now and pay back whenever."),
    ("marketing", "零成本借款，不收利息，随借随还！"),
    ("collection", "If you don't pay today, we'll file a police report against you for fraud."),
    ("collection", "再不还款我们就去派出所报案，说你诈骗。"),
    (
        "collection",
        "We've already filed a police report with your name on it; expect officers at your door.",
    ),
    ("collection", "你唔還錢，我哋就打俾你老公同你老細，話晒俾佢哋知。"),
    ("collection", "你既然俾咗你媽咪電話我哋，聽日開始我哋日日打俾佢追數。"),
    ("marketing", "Apply now, your money go enter tomorrow, no BVN check, sure approval."),
    ("marketing", "Sure na approved kayo, kahit walang payslip, pera bukas!"),
    (
        "marketing",
        "Oga, no wahala: everybody wey apply dey get approval, money go land in 5 minutes.",
    ),
    ("rate-disclosure", "黄金贷款每个月利息只要1.2%，当天放款。"),
    ("rate-disclosure", "借一万，一个月利息才150元。"),
    (
        "marketing",
        "Salary advance with zero interest for everyone: get up to 50% of your pay instantly, no checks!",
    ),
    ("marketing", "工资预支零利息，人人可借，秒到账！"),
    ("marketing", "zai xiao sheng mian di ya, ping xue sheng zheng xia kuan."),
    ("marketing", "材料交给我，审批包在我身上，肯定能过。"),
    ("marketing", "Leave it to me; I personally promise your loan will be approved."),
    ("marketing", "Call now for guaranteed approval, no reference needed."),
    (
        "collection",
        "You told me you'd pay on Friday. Well, I'm telling you: miss it and we'll come to your office and tell your boss.",
    ),
    ("collection", "你说你在忙？我告诉你，今天不还，明天就去你单位找你领导。"),
    ("marketing", "Emergency cash with no credit check: request yours and it lands today."),
    ("marketing", "Sir, our loan need no credit check at all, just your NIN and you're in."),
    ("marketing", "我们这边借款不查征信，黑户也能下。"),
    ("marketing", "额度提升不看征信，一键申请马上到。"),
    ("marketing", "这次活动借款零利息，只收少量服务费，快来！"),
    ("marketing", "Interest-free loans this week only, sign up and borrow up to R8,000."),
    (
        "marketing",
        "Get your salary early with no interest at all: everyone qualifies, instant cash!",
    ),
    ("marketing", "预支工资无利息，不看征信，马上到账。"),
    (
        "collection",
        "We don't send people to your house at night as a rule, but for you we'll make an exception tonight.",
    ),
    (
        "collection",
        "No one gets arrested for a loan, that's true, but we're going to have you arrested anyway.",
    ),
    ("collection", "您爸爸打电话来问，我们已经告诉他您欠了三万没还。"),
    ("collection", "您同事来电，我们跟他说了您逾期两个月的事。"),
    ("collection", "你唔還錢，我哋就日日打俾你太太，話晒佢知你欠幾多。"),
    ("collection", "我哋會打去你公司搵你老細講你欠錢嘅事。"),
    ("marketing", "Approval is guaranteed, or we refund every penny of the fee."),
    ("marketing", "保证批款，不批退钱。"),
    (
        "marketing",
        "Everybody dey get approval for here, money go land in your account sharp sharp.",
    ),
    ("collection", "Call us with your reference number, or we'll call your boss instead."),
    ("collection", "Give us your reference number today or we phone your family."),
    ("collection", "我们的外访同事一般白天去，不过你再不还，今晚十点就上门找你。"),
    ("collection", "晚上我们本来不上门的，但你这情况，今晚就有人去你家。"),
    ("collection", "你做咗擔保人，我哋會打去你公司同你老細講你朋友欠錢唔還。"),
    ("marketing", "政府担保，保证下款，人人可贷。"),
    ("collection", "你阿哥簽咗擔保書，你唔還我哋就日日搵佢。"),
    (
        "marketing",
        "This SME loan carries the government guarantee, so approval is guaranteed for everyone who applies.",
    ),
    ("marketing", "Skip the inspection: your construction loan is 100% approved."),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_service_text_passes(text: str) -> None:
    assert passes(text), text


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category), text
