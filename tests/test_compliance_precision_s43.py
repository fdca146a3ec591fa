"""Session 43 (precision): false alarms on clean text nobody on the team wrote, fixed by the reason the
reader fired, each family with its violating twins still flagged.

- the police or a family named in office chatter (公司附近派出所可以办居住证，需要的同事…; 警察今日封咗彌敦道，
  大家返工…; 今晚部门聚餐，带家属的提前说一声): no addressee, no debt word, colleagues and the workday
  named: scope.not_asserted;
- the borrower asks the lender about its own practice (你们是不是不查征信的？; 你们晚上十点以后还会打电话吗？):
  scope.reported;
- an FAQ's answer label before a denial ("Q: Is approval guaranteed? A: No."): scope.answered_no;
- a UK-style representative example whose APR stands before a colon or in the next sentence, read from
  sums ("Representative APR 79.5%: borrow £500 for 6 months, total repayable £640.88"): rates;
- a cap named right after the figure ("a 0.8% daily interest cap applies by law"): rates;
- a promotional period's months before a rate word (前三個月優惠利率1.66%，第四個月起2.95%): rates;
- an instalment beside the loan's stated APR (月付9,110元，總費用年百分率5.28%): rates;
- a fee waived ("the arrangement fee is on us"): en.toml en_i_gift / en_i_gift_word exclude;
- a school-fees loan for parents only: en.toml en_not_offered.
Lines are probe44p1's false alarms and variants written in other words before each fix.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    # office chatter naming the police or family
    "公司附近派出所可以办居住证，需要的同事带好租房合同",
    "警察今日封咗彌敦道，大家返工預多啲時間",
    "今晚部门聚餐，带家属的提前跟我说一声，好订位置",
    "下午派出所民警来公司做反诈宣传，三点在会议室集合",
    "今朝差佬喺樓下查牌，揸車返工嘅同事小心啲",
    # the borrower asks the lender
    "你们是不是不查征信的？我征信有点花",
    "你们晚上十点以后还会打电话吗？我孩子要睡觉",
    "请问你们是不是不查大数据的",
    "你们凌晨还打电话吗？我老婆上夜班白天睡觉",
    # an FAQ's answer label
    "Q: Is approval guaranteed? A: No. Every application is assessed on affordability and credit history.",
    "Question: Do you guarantee approval? Answer: No — every application is assessed.",
    # representative examples
    "Representative 21.9% APR. Borrow 2,000 over 18 months, total repayable 2,392.",
    "Representative APR 79.5%: borrow £500 for 6 months, total repayable £640.88.",
    "Representative APR 24.9%: borrow £3,000 over 3 years, 36 payments of £117.60, total £4,233.60.",
    "Borrowing £900 for 9 months means paying back £1,080 in all. Representative APR 49.7%.",
    "Flexible credit line: 0.8% daily interest cap applies by law. Representative APR 1,270% variable.",
    # a promotional period's months
    "本行信用貸款前三個月優惠利率1.66%，第四個月起2.95%，總費用年百分率3.12%（含開辦費3,000元）",
    "首三个月优惠利率3.2%，之后恢复为4.35%，年化利率以合同为准",
    # an instalment beside its APR
    "您的信貸核准金額50萬元，月付9,110元，總費用年百分率5.28%，詳見貸款契約",
    "您申請的信貸50萬元，月付9,800元起，總費用年百分率4.9%起",
    # a fee waived
    "As a thank-you for 3 years with us, your next loan's origination fee is on us. Rates from 7.49% APR; "
    "approval depends on our usual review.",
    "Top up your loan before Friday and the processing fee's on us; rates from 9.9% APR, subject to status.",
    # a loan for parents
    "Education loans here are for parents or guardians only — the student isn't the borrower.",
]

FLAG = [
    ("collection", "警察已经在路上了"),
    ("collection", "再拖，公安局见"),
    ("collection", "逾期这么久，派出所已经在等着处理了"),
    ("collection", "你们不接是吧，我们凌晨两点继续打"),
    ("collection", "我们会不会打给你公司，就看你今天还不还了"),
    ("marketing", "你们放心，我们这边不查征信，直接下款"),
    ("marketing", "Q: Is approval guaranteed? A: Yes! 100% approval for everyone."),
    ("marketing", "问：查不查征信？答：不查，放心借"),
    (
        "rate-disclosure",
        "Our credit card is 19.9% APR. Payday cash: borrow £100 for 30 days, repay £124.",
    ),
    ("rate-disclosure", "APR 15%. There is also a monthly service fee of 0.5%."),
    ("rate-disclosure", "新客户一个月利率只要1.5%，马上申请"),
    ("rate-disclosure", "贷款30万，月供5,620元，月息只要0.35%"),
    ("marketing", "Take out a loan this week and a free iPad is on us!"),
    ("marketing", "Borrow £2,000 today and dinner for two is on us."),
    ("marketing", "Students can borrow up to $1,000 with just a student card, no parents needed."),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
