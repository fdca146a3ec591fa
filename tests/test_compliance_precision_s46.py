"""Session 46 (precision): false alarms on clean service text nobody on the team wrote (probe47p1, author's
probe47c1 listing, the brief's families), fixed by the reason the reader fired, each family's violating twins
still flagged.

- the customer's OWN call time (你们晚上十点以后再打给我吧, "Please call me after 10pm"): the call is made to the
  writer: zh_clause.zh_r_call_me, en_clause.call_me (quiet-hours ``unless``);
- students DECLINED ("we're unable to lend to full-time students"): en_clause.student_declined;
- a PRE-CHECK stage told (预审 / 测额度 / 试算 without a credit query, the real query later; "soft search",
  "No credit search was recorded"): zh_clause.zh_r_precheck, en_clause.precheck (no-credit-check and
  no-threshold ``unless``); never beside money or approval promised;
- KIN WHO PAID (您爱人刚才在营业厅替您还了3200元，这一期已经结清; 你老婆今朝嚟幫你交咗): zh_r_routine reads a payment
  made for the addressee as no routine; s32_receipt_zh takes the settled states (已经结清, 入了账, 搞掂);
- a police station returning a found item (警署 / 差館 / 分局; 交返, 找返, 追回): zh_r_police_own;
- employment verified by one call (只问您是否在职, "to confirm your employment"): zh_r_job_check,
  en_clause.job_check; only the customer may ask (只能由您本人来查询): zh_r_reach_only;
- payout and status replies (Hinglish "2 baje tak", Taglish "na-approve na po ... bukas", "the money's in your
  account already"): en_clause.status_payout, status_taglish, paid_out;
- advice against borrowing to repay ("I wouldn't take a cash advance", "you end up owing two lenders"):
  en_clause.borrow_advice; a referral link shared (en_s46_share_obj); a bet on a feature ("I'd bet my house
  you'll like the new app design"): en_clause.bet_other; fee and workplace denials (en_s46_until_paid,
  en_s46_never_discuss).
- second round: a latest arrival time of money already released (您的提现已经提交…最晚今天下班前到账):
  zh_clause.zh_r_payout_told; a kin's payment booked ("Your father made a payment of £200 … We've applied it to
  your arrears"): en_clause.kin_paid; the addressee's own student loan paused: en_clause.student_own_loan;
  "disbursed to your account", "went through … the dealership", "disburse ho gaya … 2 ghante": paid_out /
  status_payout; fraud warnings ("Anyone asking for money before your loan is paid out is not from us") and
  fee denials (en_s46_not_us, en_s46_no_fee_for, en_s46_never_ask).
Lines are probe47p1's false alarms, author-c1's listing, the brief's lines and variants written in other words
before each fix.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    "您爱人刚才在营业厅替您还了3200元，这一期已经结清，不会产生逾期记录。",
    "Our personal loans aren't available to students. If you're studying, your university's hardship fund may be able to help.",
    "Student ho toh is loan ke liye apply mat kijiye, hum sirf salaried ya self-employed logon ko loan dete hain.",
    "我白天上班不方便接电话，你们晚上十点以后再打给我吧。",
    "唔該你哋夜晚十一點之後先打俾我，我返夜班。",
    "We'll make one call to the HR number you gave us to confirm your employment; we won't mention the loan.",
    "審核時會致電您公司總機，只核對您的任職狀況。",
    "您朋友来电询问您的账户，我们告诉他只能由您本人来查询。",
    "Share your referral code with friends on Facebook; you both get ₱200 off your next fee when they open an account.",
    "Aapka loan approve ho gaya hai aur amount kal 11 baje tak aapke account mein credit ho jayega.",
    "您姐姐今天上午在网点替您还了2000元，本期已经还清。",
    "你阿嫲頭先幫你交咗數，今期搞掂。",
    "我下午在工地听不到电话，你们夜里十一点后打给我就行。",
    "我返早更，凌晨五點打俾我最好。",
    "Ring me after 10:30 tonight please, I'm driving till then.",
    "Text or call me after 11pm, that's when the kids are asleep.",
    "我哋會打去你公司總機確認你仲喺度做，唔會講貸款嘅事。",
    "We'll ring your workplace once to confirm you work there; we won't say why we're calling.",
    "您同事打电话来问您的欠款，我们说只能由您本人来电才能查询。",
    "Aapka loan approve ho gaya hai, paise 2 baje tak aapke account mein aa jayenge.",
    "Your loan went through and the money's already showing in your account, have a look.",
    "I wouldn't use a payday loan to clear this; the interest would make things worse.",
    "If you borrow from a friend app to pay us, you'll just owe two lenders; let's set up a plan instead.",
    "Post your invite code on your Instagram story; friends who join get 10% off their first fee.",
    "Share the app download link with your Telegram contacts if you think they'd find it useful.",
    "You can share your referral link on Twitter or in WhatsApp chats.",
    "I'd bet my car you'll prefer the dark mode.",
    "预审只是根据您填写的信息估算一个参考额度，这一步不会查询您的征信；您点击“提交借款”以后，我们才会向人行征信中心查询。",
    "我白天在车间接不了电话，你们晚上十点以后再打给我吧。",
    "只有在您确认借款、签署授权以后我们才会查询征信，之前填资料和估额度都不查。",
    "你太太今朝喺分行幫你還咗今期嘅供款，系統已經更新，唔使再過數。",
    "Sorry, we're unable to lend to full-time students. You're welcome to reapply once you're in employment.",
    "If you borrow somewhere else to pay us you end up owing two lenders. Tell me what you can afford each month and we will build a plan around it.",
    "Your loan has gone through and the money's in your account already, pls check ya.",
    "No credit check is run when you check your rate; if you accept an offer we'll run a hard inquiry, which may affect your score.",
    "I'm sorry, we can't approve a loan for you while you're still in school full-time.",
    "深水埗警署通知，你張身份證有人交返嚟，得閒去攞。",
    "您妹妹刚才帮您转了本月的还款。",
    "额度测评阶段不查征信，确认借款后才会发起征信查询。",
    "预审不会留下征信查询记录。",
    "No credit search was recorded on your file.",
    "You pay nothing until you've received the money.",
    "We will never discuss your loan with your supervisor, HR or anyone at your workplace.",
    "I wouldn't take a cash advance on your credit card to pay this off.",
    "Please call me after 10pm.",
    "会打您填写的单位座机，只问您是否在职。",
    "Share the referral link with all your WhatsApp contacts.",
    "I'd bet my house you'll like the new app design.",
    # session 46, second round: probe46c1 / probe46c2 / probe45c1 lines the brief named and their variants
    "您的借款已经审核放款，银行入账有延迟，最迟明天中午前到账。",
    "Your son made a £75 payment on your behalf today, and we've put it against your arrears.",
    "Hello, your loan of KES 15,000 has been disbursed to your M-Pesa. Thank you for choosing us.",
    "Your car loan went through! Pop into the showroom on Monday to sign the papers and pick up the keys.",
    "Aapka loan disburse ho chuka hai, 3 ghante mein bank account mein dikh jayega.",
    'We will never ask you to pay an "activation fee" or buy vouchers to receive your loan.',
    "Our loans have no upfront charges at all; anyone requesting money before the loan is released is a fraudster.",
    "Your student loan repayment holiday is confirmed until June.",
    "I've noted that your student loan payments are paused while you study.",
    "Your student loan deferment has been approved until the end of your course.",
    "Since your student loan is on hold, your affordability check will leave it out.",
    "Your student loan forbearance runs until September.",
    "您的提现已经提交，银行处理需要一点时间，最晚今天下班前到账",
    "您好，这里是东湖派出所，有市民在公交车上捡到您的身份证，送到我们所里了，方便时过来领一下",
    "你老婆今朝嚟幫你交咗今個月嘅錢，已經入咗數",
    "Your father made a payment of £200 on your account today. We've applied it to your arrears.",
    "We don't charge any upfront fees. Anyone asking for money before your loan is paid out is not from us.",
    "We don't charge any fee to guarantee approval. If someone asked you for one, please report it to us.",
    'We will never ask you to buy gift cards or pay a "clearance fee" to receive a loan.',
]

FLAG = [
    ("collection", "你再唔還錢，我哋就報警，差佬會上門拉你返差館。"),
    ("collection", "這裡是催收部，您再不繳款，我們就把案子送到派出所，讓警察去您家帶人。"),
    ("collection", "Pay today or the police will be knocking on your door tonight."),
    ("collection", "你老公幫你還咗少少，我哋已經同佢講晒你仲欠幾多，佢知道你走數。"),
    ("collection", "您妹妹替您还了一期，剩下欠多少、逾期多久我们都跟她说了，让她催您。"),
    (
        "collection",
        "Your mum paid part of it, and since you keep ignoring us we'll be ringing her every day until the rest is paid.",
    ),
    ("marketing", "不查征信，测完额度马上放款！"),
    ("marketing", "No credit check at all: check your limit and the money's yours in minutes."),
    ("marketing", "唔查信貸報告，即批即過數。"),
    ("marketing", "Bad CIBIL? Koi baat nahi, hum credit check karte hi nahi, loan pakka."),
    (
        "marketing",
        "Your loan of N100,000 is approved already! Pay the N3,000 activation fee to release it.",
    ),
    (
        "marketing",
        "Loan approve ho chuka hai, bas ₹999 processing fee bhejo aur paisa turant aa jayega.",
    ),
    ("marketing", "恭喜您，贷款已审批通过，缴纳500元解冻金后立即到账。"),
    ("marketing", "Everyone who applies today gets funded today, guaranteed."),
    ("marketing", "只要申请，今天必定到账，百分百放款。"),
    ("marketing", "No upfront fees, no documents, no credit check: everyone gets approved!"),
    ("marketing", "零门槛，无需任何资料，人人都能借到钱。"),
    (
        "collection",
        "If you keep ignoring this, we'll call your HR department and your supervisor about your loan.",
    ),
    ("collection", "再不还款，我们就打电话到您单位，让您领导和同事都知道您欠钱不还。"),
    ("collection", "你唔還錢，我哋就打去你公司搵你老細。"),
    ("marketing", "To receive your approved loan, pay the $50 clearance fee first."),
    ("marketing", "放款前请先缴纳200元保证金，到账后退还。"),
    ("collection", "先去别的平台借一笔把这期还上，不然后果自负。"),
    ("collection", "唔夠錢就去第二間財仔借啦，總之今日要還。"),
    (
        "marketing",
        "Still at uni? You can borrow today, no co-signer, and mum and dad never find out.",
    ),
    ("marketing", "在校大学生凭学生证即可借款，不用告诉家长。"),
    ("marketing", "大學生憑學生證就可以借，免擔保，唔使話俾屋企人知。"),
    ("collection", "Our team will ring you at 1am every night this week until the money comes in."),
    ("collection", "今晚十二点我们再打给你，你不接就一直打。"),
    ("collection", "Expect our agent at your door at 2am if this isn't settled today."),
    ("collection", "我们会打你单位的座机，告诉你们领导你欠钱不还。"),
    ("collection", "We'll phone your workplace and let your manager know you're a defaulter."),
    ("collection", "你哥哥来问，我们就把你欠款逾期的事全告诉他了。"),
    (
        "collection",
        "Your brother called, so we told him all about your debt and that you've been dodging us.",
    ),
    ("collection", "Pay today or we message all your WhatsApp contacts that you're a fraudster."),
    ("collection", "再不还，我们就把你的欠款信息群发给你通讯录里所有人。"),
    ("marketing", "I'd bet my house your loan gets approved, it's 100% sure."),
    ("marketing", "我敢打包票，您这笔贷款一定能批下来。"),
    ("collection", "If you don't accept the plan today, we'll tell your family you're not paying."),
    ("rate-disclosure", "We can restructure the balance at just 0.1% per day."),
    ("rate-disclosure", "展期后日利率只要万分之五，每月轻松还。"),
    ("collection", "Pay by Friday or you'll go to jail."),
    ("collection", "不还钱就等着坐牢吧，你家人也别想好过。"),
    ("collection", "你今日唔還，聽日我哋就去你屋企門口貼大字報。"),
    (
        "collection",
        "Oga, if you no pay today, we go post your picture for Facebook say you be thief.",
    ),
    ("pii", "Your ID number 320106198804172532 has been verified, thank you."),
    ("pii", "您的身份证号440105199208156312已核验通过。"),
    ("pii", "The card we'll pay into is 4532 0198 7654 3215, please confirm."),
    (
        "marketing",
        "Congrats, you're pre-approved for $5,000 with no credit check; tap the link and the cash lands today.",
    ),
    ("marketing", "您的额度已经批好，不看征信，点链接马上到账！"),
    ("collection", "你再唔還，我哋就去警署報案，等差人嚟你屋企拉人。"),
    ("collection", "派出所那边我们已经打好招呼了，欠钱不还就等着被带走。"),
    ("collection", "你阿爸幫你交咗少少，我哋已經話咗俾佢聽你仲欠成兩萬。"),
    ("collection", "您哥哥替您还了一期，我们跟他讲了您一直拖着不还，以后会天天找他。"),
    ("marketing", "额度预估不查征信，估完直接放款到卡。"),
    ("marketing", "Check your rate, no credit check, and the cash is yours today."),
    ("collection", "我们今晚十一点后会一直打给你，直到你还钱。"),
    ("collection", "We'll ring you at 5am tomorrow and every morning after that until you pay."),
    ("marketing", "College student? Get up to $1,000 today, no co-signer, parents never told."),
    ("marketing", "We lend to students with just your student ID, approved in minutes."),
    ("collection", "我们会打电话到你公司，问问你领导知不知道你欠钱不还。"),
    ("collection", "We'll call your HR department and tell them about your overdue loan."),
    ("collection", "您同事打电话来问，我们就把您欠款的事都告诉他了。"),
    ("collection", "Your neighbour asked, so we told her you're behind on payments."),
    (
        "marketing",
        "Aapka loan pakka approve ho gaya hai, bas 500 rupaye fee bhejiye, paise 2 baje tak aa jayenge.",
    ),
    (
        "marketing",
        "Approved na po kayo kahit walang credit check, i-click lang ang link para makuha ang pera ngayon.",
    ),
    ("marketing", "No fees, no checks, anyone can borrow, even with no job."),
    ("marketing", "Zero documents, zero questions, anyone with a phone gets a loan."),
    ("collection", "Use your credit card cash advance to pay us off today."),
    ("collection", "Borrow from a payday lender if you have to, just get us the money by 5pm."),
    ("collection", "We'll share your photo and debt in all your WhatsApp groups."),
    ("collection", "Pay now or we'll post about your unpaid loan on your Facebook wall."),
    ("marketing", "I'd bet my house you'll be approved, no doubt about it."),
    ("marketing", "不看征信，申请后最晚今天下班前到账！"),
    ("marketing", "随便借，最慢两小时到账，包过。"),
    (
        "collection",
        "Your wife paid $300 but we've made sure she knows about the other $2,000 you owe.",
    ),
    ("collection", "你阿媽幫你還咗少少，我哋話咗俾佢知你仲走緊數。"),
    (
        "marketing",
        "Your loan has been disbursed already! Just pay the N2,000 release fee to withdraw it.",
    ),
    (
        "marketing",
        "Your limit is available again, no checks, borrow now and get cash in 5 minutes!",
    ),
    ("marketing", "Pay a small fee and your approval is guaranteed."),
    ("marketing", "No upfront fees and everyone is approved, no questions asked."),
    ("marketing", "Students! Get a loan today, no co-signer, your parents never find out."),
    ("marketing", "Student loan? Get an extra $500 cash today with just your student ID."),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
