"""An agent's service figures are not rate quotes (issue 12, session 39): a sum computed for the
borrower's own case, read from the clause's arguments, not from a list of lines. The borrower's
INCOME is no sum lent; days LATE are the lateness a penalty's amount is for, not a price's period;
a CEILING on a repayment is an affordability limit. The same shapes with a price per period (a
penalty a day, interest a month beside an income, a fee per instalment) still warn."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES
from tests.test_compliance_rates_grammar import _flagged


@pytest.mark.parametrize(
    "text",
    [
        # the lead's session-38 agent replies (both blocked on 492a1db0)
        "陈先生您好，您这期的1,580元已经逾期2天，按合同会产生罚息约3.16元，今天还清就不会再增加，也不会影响后续分期。",
        "根据您提供的流水，您的月收入约9,000元，按我们的规定月还款不超过收入的一半，所以这次最高能申请约14万元（36期）。",
        # the same family in other words
        "依您的月收入，每月還款不宜超過兩萬元，最高可申請約60萬元（60期）。",
        "王女士，您上个月的2,300元分期晚还了4天，依合同罚息合计约5.52元，已并入下期账单。",
        "李先生，您的车贷本期3,200元超期6天未还，按约定产生滞纳金约19.20元。",
        "您的工资流水显示每月约12,000元，按月供不超过收入一半计算，最高可贷约20万元（48期）。",
    ],
)
def test_service_figures_pass(text):
    assert not _flagged(RULES, text)


@pytest.mark.parametrize(
    "text",
    [
        "您这期的2,000元已经逾期3天，罚息每天20元。",
        "您月收入9000元，借您5万，每月利息1500元。",
        "月收入八千就能借，借两万每个月利息八百。",
        "根据你的收入，借五万，每期服务费一千二，分十二期。",
        "晚还几天没关系，每借一千块一天收两块钱。",
        "Your salary is $4,000, so borrow $2,000 and pay $100 interest every week.",
        "Your income is £2,000 a month, so we can lend £6,000 at £300 interest a month.",
    ],
)
def test_prices_beside_service_words_still_warn(text):
    assert _flagged(RULES, text)
