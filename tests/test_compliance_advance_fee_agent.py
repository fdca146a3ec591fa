"""An agent asking for money before the loan is paid out (session 34, review's finding): the advance-fee
scam in our own staff's mouth blocks, in English and Chinese. The demand is read by the fee or payment asked
for (a deposit, proof of funds, an insurance premium, a gift card, money to a colleague's or a personal
account, an instalment in advance, a wrong card number to fix) and the payout's place beside it ("to
release / before we can pay it out", "then it pays out / once it clears"; 先交/先转 … 就放款, 放款前 … 先交).
A policy, a warning, a borrower asking or reporting, fees after payout with the APR, a lawful service
step before payout stay ok. Cases are written in other words than any probe line."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES, passes


def _blocked_as_advance_fee(text: str) -> bool:
    return any(
        h.rule.endswith("marketing.advance-fee") and h.severity == "block"
        for h in RULES.check(text).hits
    )


@pytest.mark.parametrize(
    "text",
    [
        "Sure. To release the 180,000 we first need a 3,000 verification deposit paid to my colleague's account, then it pays out today.",
        "您好，先交三千元保证金，验资通过就放款",
        "Good news, you're approved for 50k. Before we can pay it out, please transfer a 1,500 insurance premium to the account I'll text you.",
        "Your loan is ready to go, but the system flagged a wrong card number. Pay 800 to correct it and the money lands straight after.",
        "To unfreeze your funds you need to show proof of funds: send 5,000 to our verification account, it comes back with the loan.",
        "SMS: Loan approved! Buy a 200 gift card and text us the code to activate your payout.",
        "We just need the first instalment paid in advance, then the loan is disbursed to you this afternoon.",
        "Please wire the 2% processing charge to my personal account; once it clears, we send the 20,000 over.",
        "您的贷款已批，需先缴纳2000元解冻金，到账后连本金一起退还。",
        "银行卡号填错了，账户被冻结，先转5000元到指定账户修正，然后马上给您放款。",
        "放款之前要先交一期月供作为履约金，交完半小时内到账。",
        "麻烦先把888元的保险费转到我同事的个人账户，转好了钱就打给您。",
        "电话里说的那个，您先充值一千块证明还款能力，系统核实完就放款。",
        "資料審核通過了，先交三千元驗證金，之後放款到您卡上。",
        "Hi, it's Dan from the loans desk. Your 12k is sitting ready; the underwriter just needs a £400 good-faith payment via bank transfer before release.",
        "Quick one on the phone earlier: the 30,000 can't leave our system until the stamp duty of 900 is settled, pay it to the number I sent and it goes out tonight.",
        "Your application cleared! Top up 600 into the holding wallet as a guarantee, then we disburse the full amount.",
        "稍等，您这笔八万已经审批了，按流程要先汇两千块风险金到财务同事名下，款项随后就发放。",
        "系統顯示您嘅額度凍結咗，要先轉一千蚊解凍，搞掂即刻放款俾你。",
        "Congrats, the 8,000 is approved. There's a refundable 250 compliance bond, pay it to the account below and the loan is released within the hour.",
        "Before the disbursement we need you to deposit 10% of the loan amount in your own name to show you can repay; it's returned with the loan.",
        "喂您好，您的借款已经到了放款环节，需要先支付888元的账户激活金，支付成功后五分钟到账。",
        "要放款的话，得先往我们风控专员的微信转1200块做流水，流水做完立即出款。",
    ],
)
def test_money_asked_before_payout_blocks(text: str) -> None:
    assert _blocked_as_advance_fee(text)
    assert RULES.check(text).verdict == "block"


@pytest.mark.parametrize(
    "text",
    [
        "We never charge anything before the money reaches you: no deposit, no activation fee.",
        "Anyone asking you for a deposit to release a loan is a scammer, do not pay.",
        "They said I need to pay a 3,000 deposit before payout. Is that really you?",
        "After the loan is paid out, a 2% arrangement fee is added to the first repayment; the APR is 19.9% including all fees.",
        "For the car loan, the registration fee is paid at the vehicle registry, not to us.",
        "If you repay early, a prepayment fee of 1% of the remaining balance applies.",
        "A late fee of 15 is charged if a repayment is more than 5 days overdue.",
        "放款前不收取任何费用，凡是要求先交钱的都是骗子。",
        "有人打电话说要先交保证金才能放款，这是你们的人吗？",
        "提醒您：任何以解冻、验资为由让您转账的都是诈骗，请勿转账。",
        "提前还款需支付剩余本金1%的违约金，逾期每日收取罚息。",
        "车贷的上牌费在车管所现场缴纳，我们不代收任何费用。",
        "A guy on WhatsApp says I must send a guarantee deposit to get my loan. Is he one of yours?",
        "Once the loan is paid out, your first instalment of 212.40 is due on 1 March (APR 24.9%, fees included).",
        "本平台放款不收取任何前期费用，请勿向任何个人账户转账。",
        "客服小王说我要先交三千保证金才放款，这是真的吗？",
        "Scam warning: fraudsters posing as our staff ask for an 'unlock fee' before payout. We never do this.",
        "I already paid the 300 release fee they asked for and still no money. What's going on?",
        "The arrangement fee of 99 is taken from the loan when it's paid out; APR 29.9% representative.",
        "我们的借款在放款前不收取任何费用，放款后按合同约定收取利息。",
        "温馨提示：放款前要求缴纳保证金、解冻费的都是诈骗，请立即挂断。",
        "We'll send you a code to unlock the app.",
        "Pay your first instalment on the 5th of next month, after the loan is paid out.",
        "Once your ID is verified, the loan is released within the hour.",
        "You can transfer the money to any account once it's released.",
        "Before we can pay it out, please confirm your bank details.",
        "Please send a copy of your payslip, then the loan is disbursed the same day.",
        "If you want to repay early, just pay the balance and the loan is closed.",
        "The deposit for the car is paid to the dealer; we send the loan to the dealer too.",
        "Your payout will be released today; your first payment is due in 30 days.",
        "请先上传身份证，审核通过后马上放款。",
        "放款后请按时还款，首期月供下月5号扣款。",
        "您先把银行卡号核对一下，确认无误后我们就放款。",
    ],
)
def test_policy_warning_report_and_lawful_fees_stay_ok(text: str) -> None:
    assert passes(text)
