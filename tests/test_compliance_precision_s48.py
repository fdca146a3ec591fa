"""Session 48 (precision): false alarms on clean service text nobody on the team wrote (probe49p1, the brief's families
left by session 47), fixed by the reason the reader fired, each family's violating twins still flagged.

- a THING of the addressee's put back in their name (a SIM, a number, a UPI ID re-registered, re-linked, re-issued),
  not a sum made ready: en_clause._thing_registered in notice;
- money PAID TO A PAYEE (disbursed to the dealership, paid to the institute): en_clause._paid_to_payee in notice; an
  education loan paid to the school: en_clause.student_payee (the student rule's unless);
- the approved sum NET OF NO FEE ("There's no processing fee on this loan. The full ₹50,000 you were approved for is
  what lands in your account"): en_clause._net_of_fees in notice and sure;
- a CONTRACT GENERATED awaiting the borrower's signature, payout after it (您的借款合同已经生成…签约后进入放款流程):
  zh_clause._contract_step in zh_r_notice;
- the PROMISE DENIED in the passive ("No applicant is ever promised a yes in advance"): en_clause.certainty_denied;
- the addressee's own REQUEST in other words ("As per your request, we'll also send EMI reminders to your wife's
  mobile", 已按您的意思设置好了): en_clause reach_only's _CONSENT, zh r_consent terms;
- a claim REPORTED TO AN INSURER (已向保险公司报案): zh_clause.zh_r_police_own; a credit record made by somebody
  else's fraud, corrected (他人冒用您的身份办理…删除相关征信记录): s31_record_law_zh; the writer's OWN WISH that
  nobody hear of their loan ("I don't want anyone in my family to know about this loan"): en_s48_own_wish; the
  addressee's own past payment in the active voice ("you paid ₹5,600 in interest"): en_clause.own_paid.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    "Your lost SIM has been recovered and re-registered in your name, so OTPs for your loan will reach you again.",
    "Your replacement SIM is active and registered in your name again; loan alerts will resume today.",
    "Hi Ama, the phone number on your loan file was re-registered under your name by the network; nothing for you to do.",
    "There's no processing fee on this loan. The full ₹50,000 you were approved for is what lands in your account.",
    "Since there's no origination fee, the $5,000 you were approved for is what you'll receive.",
    "No processing charge applies: the entire ₦120,000 approved for you will be credited to your account.",
    "We don't deduct anything upfront, so the £2,000 you were approved for is exactly what reaches your bank.",
    "Your vehicle loan amount has been disbursed to the dealership; please collect the delivery note.",
    "您的借款合同已经生成，请在24小时内完成电子签约，签约后进入放款流程。",
    "合同已生成，待您签约后我们会按流程复核资料并发放贷款。",
    "No applicant is ever promised a yes in advance.",
    "No borrower is ever told in advance that they'll be approved.",
    "As per your request, we'll also send EMI reminders to your wife's mobile number ending 4410.",
    "您好，您要求把还款提醒同时发给您太太，已按您的意思设置好了。",
    "很抱歉听到您父亲去世的消息。贷款已投保信用保险，我们已向保险公司报案，理赔期间暂停扣款。",
    "您的车辆出险后我们已协助您向保险公司报案，理赔款到账后会优先冲抵贷款。",
    "信用保险已经报案受理，我们会等保险公司的结论再处理剩余欠款。",
    "经核查，该笔贷款系他人冒用您的身份办理，已注销并申请删除相关征信记录。",
    "身份被冒用办理的贷款，核实后会撤销并删除对应的征信信息。",
    "I don't want anyone in my family to know about this loan, please only call me.",
    "I don't want anyone at my office to find out about this loan, so please only call my mobile.",
    "Education loans are paid straight to the college on the fee schedule; the student and a parent sign as co-borrowers.",
    "Tuition loans are paid to the institution on the fee schedule; the student's father or mother co-borrows.",
    "For the 6-month term that closed on 14 November you paid ₹5,600 in interest on your gold loan; the principal of ₹80,000 is still outstanding.",
]

FLAG = [
    (
        "marketing",
        "Your SIM is re-registered in your name and a ₹40,000 loan has been approved for you, claim it now.",
    ),
    (
        "marketing",
        "Your SIM has been re-registered in your name and your pre-approved ₹2,00,000 loan is guaranteed, tap the link to claim it.",
    ),
    (
        "marketing",
        "No processing fee and approval guaranteed: the full ₹50,000 you ask for lands in your account in 10 minutes.",
    ),
    (
        "marketing",
        "No processing fee, and ₹50,000 is approved for everyone who applies today; it lands in your account in minutes.",
    ),
    (
        "marketing",
        "Your loan is disbursed to the dealership and guaranteed, no credit check needed, drive away today.",
    ),
    ("marketing", "合同已生成，不用审核，签完马上到账！"),
    ("marketing", "您的借款合同已经生成，额度已锁定，点击链接签约立即领取现金。"),
    ("marketing", "借款合同已生成，无需审核，签约后马上放款。"),
    ("marketing", "Every applicant is promised a yes in advance, just fill in the form."),
    ("marketing", "Every applicant is assured of a yes upfront."),
    ("collection", "We'll send reminders to your wife's number and tell her how much you owe."),
    (
        "collection",
        "We've added your wife's number and we'll tell her about your arrears until you pay.",
    ),
    ("collection", "再不还钱我们就去派出所报案，让警察来抓你。"),
    ("collection", "我们已经向公安报案了，三天内不还就等着被带走吧。"),
    ("marketing", "交298元服务费，我们帮您删除征信上的逾期记录，保证下款。"),
    ("marketing", "Anyone can get a loan with us, no one in your family needs to know."),
    (
        "marketing",
        "Students, no parent needed: get the loan paid to your college fees and keep the rest.",
    ),
    (
        "marketing",
        "College student? Borrow ₹30,000 today without a co-borrower, just your student ID.",
    ),
    ("rate-disclosure", "Gold loan: borrow ₹60,000 and pay only ₹600 interest a month."),
    (
        "rate-disclosure",
        "You paid ₹500 interest last month, borrow ₹50,000 today and pay the same.",
    ),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
