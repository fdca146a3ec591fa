"""Session 44 (precision): false alarms on clean service text nobody on the team wrote (probe45p1), fixed
by the reason the reader fired, each family with its violating twins still flagged.

- an approval STATUS: the customer's own request named by its kind ("your loan request has been
  approved"), the lender's underwriting signing off, or the payout's date with nothing left to do and
  nothing induced ("Your loan approved liao, $5,000 will credit into your account by tomorrow"):
  en_clause.notice, en.toml en_precleared exclude;
- kin or a contact who came to the lender (rang, paid, came in) rather than one the lender reached, unless
  the lender went on to tell them of the debt: en_clause.caller (third-party ``unless``); a receipt of
  the kin's payment (收据): zh.toml s32_receipt_zh;
- "is your emergency contact still your sister?": the contact noun, not the verb (en_reach / reach
  exclude, en_on_record);
- a role as a document's modifier ("send your HR letter"): en.toml role excludes;
- the check done at a later step, said in the next sentence (不会查征信；正式申请时才会查): next_checks_later_zh,
  en_next_checks_later;
- the lender's formal apology after the act it names (對於…晚間十點後致電，我們深感抱歉): s44_apology_after_zh;
- what someone else told the borrower, then the borrower's worry or wish ("My cousin told me you don't
  check credit. I'd rather know upfront"; 朋友说…，我有点担心，想先问清楚): scope;
- an account-security notice where the addressee freezes their own account: en_g_fraud_policy;
- a speed claim with its own exception ("most people hear back within minutes, though some applications
  need a manual review"): en_s44_some_longer, en_next_some_longer;
- the verb of receiving just before a quoted threat someone else sent (客人話收到「…」嘅訊息): scope;
- the steps before the payout already done (担保人已经在合同上签字了…马上安排放款): v_procedure_zh;
- 標準程序 heard as a certainty idiom (准成): certainty_idiom exclude.
Lines are probe45p1's false alarms and variants written in other words before each fix.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    # approval status
    "Good afternoon Mr Okafor, your loan request has been approved! N150,000 will be paid into your GTBank "
    "account before 5pm tomorrow.",
    "Your overdraft increase request has been approved; the new limit of £1,500 is live on your account now.",
    "Sorry for the delay — underwriting signed off on your application today. Approved amount £3,200, first "
    "payment due 1 May.",
    "Your credit line increase request was approved today and the extra $800 is already available on your card.",
    "Our credit team signed off on your application this afternoon; the agreement is in your inbox and funds "
    "follow once it's signed.",
    "Your loan approved liao, $5,000 will credit into your account by tomorrow.",
    "Your top-up is approved; the £900 will be paid into your account within 2 working days.",
    "Your loan is approved and the $4,000 will arrive in your checking account on Monday.",
    # kin or a contact who came to us
    "Your brother rang this morning to pay your instalment by card; it has been applied to your account.",
    "Your wife called to make a payment for you. We took it but didn't discuss any account details with her.",
    "Hi, your daughter phoned on your behalf about the direct debit date. We told her you'd need to call us "
    "yourself to change it.",
    "Your sister rang asking how much you owe. We couldn't tell her, and we've not confirmed you have an "
    "account with us.",
    "Your husband phoned this afternoon and paid off the arrears with his debit card; your account is now up "
    "to date.",
    "Your mother emailed asking for our bank details so she could send the instalment; we gave her the "
    "payment reference only.",
    "您父亲在柜台替您缴了这期分期款，收据已经发到您的手机上。",
    "您丈夫到营业厅帮您交了本月的分期，收据请在APP里查看。",
    # the emergency contact confirmed
    "Is your emergency contact still your sister? If not, you can update it under Profile.",
    "Quick check: is the emergency contact on file still your mum, on the number ending 221?",
    "請問您的緊急聯絡人仍然是您的配偶嗎？如需更改請至個人資料頁。",
    # a role as a document's modifier
    "Please send your HR letter confirming your salary; we'll use it only to verify income.",
    "Could you email your HR letter with your start date? We need it for the income check.",
    # the check done at a later step
    "预审只看您填的资料，不会查征信；正式提交申请时才会查。",
    "这一步只是预估额度，不查征信；您确认提交后我们才会查。",
    "Seeing your rate won't touch your credit file; we only do the full credit check once you submit.",
    # a formal apology after the act
    "對於本公司人員於晚間十點後致電，我們深感抱歉，已調整系統撥號時段。",
    "对于我司员工在晚上十一点后给您打电话，我们深表歉意，已对相关人员进行处理。",
    # what someone else told the borrower, then the borrower's worry
    "My cousin told me you don't check credit. I'd rather know upfront if you do.",
    "A friend told me you don't do credit checks. I'd prefer to know for sure before I apply.",
    "朋友说你们逾期会打电话给家里人，我有点担心，想先问清楚。",
    "邻居讲你们催款会联系单位领导，我不放心，想确认一下。",
    # the addressee freezes their own account
    "A new device logged into your account at 02:14. If this wasn't you, freeze your account in the app.",
    "To protect yourself, you can freeze your account any time under Security settings.",
    # a speed claim with its own exception
    "How fast is a decision? Most people hear back within minutes, though some applications need a manual review.",
    "You'll normally get a decision within an hour; sometimes we need to check documents, which takes longer.",
    # the verb of receiving before a quoted threat someone else sent
    "有客人話收到「唔還錢就搵你老細」嘅訊息，我哋已經查過唔係我哋。",
    # the steps before the payout already done
    "担保人已经在合同上签字了，资料齐了，我们这边马上安排放款",
    "審批已經通過，手續也辦完了，財務馬上給您放款。",
    # the payout within the hour after an approval
    "Hi Emeka, your loan has been approved! N80,000 will be sent to your account within the hour.",
    # 標準程序
    "我哋批核前會查你嘅環聯信貸報告，呢個係標準程序。",
    "查詢信用紀錄是本行審核的標準程序。",
]

FLAG = [
    (
        "marketing",
        "Your top-up is approved in principle, no checks needed — £3,200 in your account today, guaranteed.",
    ),
    ("marketing", "Your loan is approved — reply YES and $4,000 goes into your account tomorrow."),
    (
        "marketing",
        "Our manager already signed off on your file — no checks, no documents, the cash is yours once you sign.",
    ),
    (
        "collection",
        "Your brother rang to pay your instalment, so we told him about your arrears and the £600 you still owe.",
    ),
    (
        "collection",
        "Your wife called, and we explained to her that you're three months behind on your loan.",
    ),
    (
        "collection",
        "Your husband phoned, so we let him know you've missed three payments and owe $1,900.",
    ),
    ("collection", "你舅舅已经答应帮你还了，我们明天再跟他确认"),
    (
        "collection",
        "Your emergency contact is still your sister, right? We'll call her every day until you pay.",
    ),
    ("collection", "您的紧急联系人是您姐姐吧？今天不还我们就打给她说明情况。"),
    ("collection", "We'll send a letter to your HR department about the unpaid loan."),
    ("marketing", "我们全程都不会查征信，征信花了也能批。"),
    ("marketing", "放心，提交申请也不查征信，黑户照样下款。"),
    ("collection", "很抱歉，今晚十一点我们还会再打给你，直到你还钱为止。"),
    ("collection", "Pay by tonight or we'll freeze your account and every card you hold."),
    ("marketing", "Your neighbour was right, we never check credit, so apply today."),
    ("marketing", "Decision in minutes, guaranteed, no manual checks ever!"),
    ("marketing", "不用审核，马上放款！"),
    ("marketing", "只要有身份证，马上安排放款，不看征信。"),
    ("collection", "我们已经给你单位发了「你员工欠钱不还」的通知。"),
    (
        "marketing",
        "Congratulations, your loan is approved! Reply YES and ₦80,000 lands in your account within the hour.",
    ),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
