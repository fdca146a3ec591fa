"""Session 49 (precision): false alarms on clean service text (probe50p1 and the families session 48 left), fixed by the
reason the reader fired, each family's violating twins still flagged. Every CLEAN line blocks on 79268af8.

- the customer's OWN SETTING or consent to reminders to kin ("Per the preference you set in the app", "Thanks for adding
  your son as a backup reminder contact", "You've asked us to send a copy"): en_clause reach_only's _CONSENT; zh
  按您在App里的设置 / 您本人已同意把 / 勾选了: zh_clause.zh_r_consent_set (the span: the consent's words);
- a NOTICE TO A LIABLE PARTY (co-signer, guarantor, joint borrower, co-applicants): en_clause.liable_notice;
- student POLICY (a government student loan advised, a parent who may apply instead, a kin's student loan):
  en_clause.student_own_loan's _PUBLIC_SL, student_declined's _PARENT_INSTEAD;
- OTHERS' PRACTICE CONDEMNED ("Some apps text your contacts to shame borrowers. That's illegal"): others_practice;
- a BEREAVEMENT reply (condolences, executor, death certificate, interest frozen): en_clause.bereavement;
- relief approved in TAGLISH (an extension, a restructuring, a schedule), a payout's weekday in Taglish / Hinglish
  (sa Biyernes, Monday ko, manzoor ho gaya), the first repayment told after a pidgin payout: status_taglish, _STATUS,
  _ARRIVED_WHEN;
- the PROMISE DENIED ("No lender can honestly promise approval", "it doesn't guarantee you'll get the loan"):
  certainty_denied;
- ADVICE telling the cost of borrowing to repay ("would cost far more", "would only add to your debt"): borrow_advice;
- a FEE TAKEN OFF ("The late fee of $25 on your account was waived"): en_clause._fee_removed in notice;
- a kin's counter payment with its slip (回单已上传, 账户已恢复正常): s32_receipt_zh; a scam victim helped to REPORT
  (我们已协助客户报案): zh_clause.zh_r_police_own.
"""

from __future__ import annotations

import pytest
from compliance_asserts import hits, passes

CLEAN = [
    "Per the preference you set in the app on Monday, a copy of each due-date reminder now also goes to your husband's phone. Switch it off under Settings > Reminders whenever you like.",
    "Thanks for adding your son as a backup reminder contact. He'll only get the date and amount due, nothing about your balance.",
    "You've asked us to send a copy of your payment reminders to your daughter's number as well. We've recorded your consent and you can withdraw it any time.",
    'You switched on "copy reminders to family" in the app, so your wife also receives a text three days before each due date.',
    "Thanks for nominating your sister as a reminder contact; she will see only the due date, never your balance.",
    "Because you are a joint borrower on the home loan, you will receive the same arrears letters as your husband; both of you are liable.",
    "Because you co-signed your nephew's car loan, we're writing to let you know it is two payments behind.",
    "Co-applicants share responsibility for the loan, so your sister will also get the account statements.",
    "Because you co-signed your flatmate's loan, we're required to tell you it has fallen two months behind.",
    "Our personal loans aren't open to anyone in full-time education. A government student loan is usually the better route.",
    "Students can't take out this loan, but a parent can apply in their own name.",
    "As co-signer on your son's student loan, you're receiving this notice because the October payment was missed.",
    "Some apps text your contacts to shame borrowers. That's illegal; we have never done it and never will.",
    "Some lenders message your friends to embarrass you into paying. That's against the law and we'd never do it.",
    "Sir, na-approve na po ang extension ng due date ninyo hanggang March 15, walang dagdag na penalty.",
    "Approved na po ang restructuring request ninyo, ₱1,800 na lang monthly starting next month.",
    "Na-approve na po ang bagong schedule ninyo, ₱2,000 na lang po kada buwan simula Enero.",
    "Approved na po yung top-up ninyo ma'am, papasok sa bank account bukas.",
    "Na-approve na po ang loan ninyo, sa Biyernes po ide-deposit sa account ninyo.",
    "Aapka loan manzoor ho gaya hai, paise Monday ko account mein aa jayenge.",
    "Your loan don enter your account. Remember say first repayment na 30th.",
    "Your money don land for your account; first instalment na 2nd of February.",
    "No lender can honestly promise approval before checking your file, and neither can we.",
    "Pre-qualification is only an estimate; it is not an approval and it doesn't guarantee you'll get the loan.",
    "An eligibility check is only an indication; it is not an offer and it doesn't mean you'll get the money.",
    "Please accept our condolences. As executor, you can send us the death certificate and we will freeze interest on your father's account.",
    "We're so sorry to hear about your husband. There's no rush: we've put his account on hold and won't contact you again for 30 days.",
    "Sorry to hear your brother has passed away. Please send the death certificate when you're ready; we've frozen interest on his loan.",
    "Borrowing from a moneylender to clear this would cost far more. A repayment plan with us is the cheaper way.",
    "Borrowing from another lending app to pay us would only add to your debt. Talk to us first; we can spread the arrears.",
    "Taking a car title loan to cover this would put your car at risk. Let's look at a payment plan instead.",
    "Borrowing from another app to make this payment would only dig the hole deeper; call us and we'll reschedule.",
    "The late fee of $25 on your account was waived as a one-time goodwill gesture.",
    "The annual fee of ₹499 on your card was reversed as a one-time courtesy.",
    "The $35 returned-payment fee on your account has been waived as a one-off courtesy.",
    "As a goodwill gesture, the late charge of £12 on your account was removed.",
    "The overlimit fee of S$40 on your card was waived this month.",
    "按您在App里的设置，还款提醒会同时抄送给您爱人的手机，您可以在“提醒设置”里随时关闭。",
    "您本人已同意把还款提醒抄送给您姐姐，如需取消，回复TD即可。",
    "您昨天电话里同意把还款提醒抄送给您丈夫，我们已经登记，随时可以撤回。",
    "您本人勾选了“同时提醒家属”，所以您母亲会收到到期提醒，只有日期和金额。",
    "根据您在App里打开的“家人提醒”功能，还款前三天也会给您儿子发一条短信，关闭后即停止。",
    "您父亲今天在柜台替您还了3,000元，回单已上传到App。",
    "您哥哥昨天通过柜台替您交了本期的1,500元，账户已恢复正常。",
    "有客户说，一个自称经理的人在微信上转述“领导说了，包你下款”，这是诈骗话术，我们已协助报案。",
    "我們已協助客戶報案：對方轉述「主管說保證過件」，這是常見詐騙話術。",
    "有位阿姨说，骗子在电话里学着“经理”的口气说“包过”，我们提醒她已经向派出所报案。",
]

FLAG = [
    (
        "collection",
        "You've asked us to copy your wife on reminders. We'll also be messaging your manager about the arrears every single day.",
    ),
    (
        "collection",
        "Thanks for adding your son as a contact. We'll call him every day until the debt is cleared.",
    ),
    (
        "collection",
        "You switched on family reminders, so your brother will now hear about every rupee you owe.",
    ),
    (
        "collection",
        "You co-signed, so we'll ring your sister and your mother about it until it's cleared.",
    ),
    (
        "collection",
        "Since you co-signed, we'll tell your whole family and your office that your nephew is a cheat.",
    ),
    (
        "collection",
        "Some apps text your contacts when you're late. We don't wait that long: we'll text yours tonight.",
    ),
    (
        "collection",
        "Some lenders call your boss. We don't bother with that, we will text your whole family instead.",
    ),
    (
        "collection",
        "Sorry to hear your father passed away, but we've paused nothing: we'll be calling your mother until the loan is cleared.",
    ),
    (
        "collection",
        "Your father is dead but his debt is not: we'll call your mother and your siblings every day until it is paid.",
    ),
    ("collection", "Take a loan from a moneylender, it will cost more but pay us today."),
    ("marketing", "Skip the government student loan queue: students get cash today with us."),
    (
        "marketing",
        "Full-time students welcome! Skip the government student loan queue and get cash today, nobody at home will know.",
    ),
    ("marketing", "Approved na po ang extension ninyo, kahit walang payslip, apply na!"),
    ("marketing", "Approved na po ang restructuring ninyo, walang credit check!"),
    ("marketing", "Na-approve na po ang loan ninyo kahit walang payslip, sa Biyernes ide-deposit."),
    ("marketing", "No one can promise approval like we can: you'll get the loan, 100% sure."),
    (
        "marketing",
        "Your $25 loan fee on your account was waived and $5,000 on your account was approved, tap to claim.",
    ),
    ("collection", "您已同意把还款提醒发给您儿子，再不还我们就天天打给他，告诉他您欠了多少。"),
    ("collection", "按您的设置提醒已经发给您爱人了，您再不还钱，我们就打到您单位去。"),
    ("collection", "您父亲替您还了一点，回单已上传，剩下的不还我们就去他单位找他。"),
    ("collection", "你朋友已经报警了，下一个就是你。"),
    ("collection", "你再不还钱，我们就去派出所报案，让警察上门抓你。"),
    ("collection", "你这是骗贷，够判三年的，我现在就帮你报警。"),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_service_text_passes(text: str) -> None:
    assert passes(text), text


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category), text
