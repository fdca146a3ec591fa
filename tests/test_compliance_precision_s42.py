"""Session 42 (precision): false alarms on the clean text agents, marketers and collectors write, fixed
by the reason the reader fired, each family with its violating twins still flagged.

- a quoted phrase named as an incident or practice in a complaint reply (承诺"百分百下款"一事，深表歉意;
  "Thank you for reporting that an agent promised ..."; Cantonese 你话…讲过「…」…唔准): scope.reported;
- words listed under a heading that names them as banned (坐席禁语清单：…, "Banned phrases ...:"):
  scope.not_asserted;
- a counterfactual joke (要是我能保证每单都批，早就当行长了): scope.not_asserted;
- the police named as the addressee's recourse (请保存录音并报警): scope.not_asserted;
- news naming the act as what a case is about ("sues debt collector over threats of arrest"):
  scope._EN_SANCTION;
- contact of a third party on the borrower's consent or request (如需我们联系家人协商，请先书面同意):
  zh.toml r_consent;
- an approved loan's status with the step required before the money (已核准，撥款前請先完成線上對保):
  zh_clause.zh_r_notice; a transfer's record naming the account by its last digits ("disbursed to your
  account ending 4821"): en_clause.notice.
Lines are probe42p1's false alarms and variants written before each fix in other words.
"""

from __future__ import annotations

import pytest
from compliance_asserts import RULES, hits, passes

CLEAN = [
    # quoted phrase named as an incident in a complaint reply
    '对于业务员向您承诺"百分百下款"一事，我们深表歉意，审批从来没有保证',
    '关于外包催收员在电话里讲过"不还就去你单位闹"这件事，我们已经终止了与该公司的合作',
    "你話個同事講過「唔還錢就搵你屋企人」，我哋會即刻跟進，呢種做法係唔准嘅",
    'Thank you for reporting that an agent promised "guaranteed approval". No one can promise that, '
    "and we have retrained the team.",
    # banned words listed under their heading
    "坐席禁语清单：肯定能批、不用查征信、学生也能贷、借新还旧",
    "营销文案禁用词：包过、秒到账、无视黑白户、零门槛",
    "催收禁語：通知你老闆、上門抓人、曝光你",
    "Banned phrases for sales calls: guaranteed approval, no credit check, instant cash.",
    'Words that will get a campaign rejected: "approval guaranteed", "bad credit OK", "cash in minutes".',
    # counterfactual jokes
    "哈哈，我要是能保证每单都批，早就当行长了",
    "要是我能说批就批，我早就不用在这儿接电话了",
    "如果我真能保证个个都下款，老板早给我涨工资了，哈哈",
    "我要係話批就批，早就做咗經理啦",
    "要是放款能秒到，我们客服就不用加班解释了",
    # the police as the addressee's recourse
    '关于有人打电话说要"上门抓人"，这不是我司员工，请保存录音并报警',
    "这个号码不是我们的，请把短信截图保留好后报警",
    "有陌生人冒充我們催收，請記錄通話時間並報警",
    "对方如果再骚扰你家人，你可以收集证据然后报警",
    # news naming the act
    "CFPB sues debt collector over threats of arrest and calls to workplaces.",
    "Lender settles lawsuit over threats of arrest and calls to employers.",
    "State attorney general sues collector over threats to jail debtors.",
    # consent to contact someone
    "您留的紧急联系人我们不会透露您的借款情况；如需我们联系家人协商，请先书面同意",
    "如果您希望我们联系您的家人一起商量还款，需要您先签署授权书",
    "您同意的话，我们可以把还款计划发给您哥哥",
    "若您同意，我哋可以同你屋企人傾下還款安排",
    # an approved loan's status with the step before the money
    "您好，您的信用貸款已核准，撥款前請先完成線上對保",
    "您的信用贷款已核准，放款前请先在APP完成电子签约",
    "您的借款已核准，放款前请先完成人脸识别认证",
    # a transfer's record
    "Your loan of $1,500 has been disbursed to your account ending 4821.",
]

FLAG = [
    ("marketing", '我跟您承诺"包下款"，这件事您放心'),
    ("marketing", 'We promise "guaranteed approval" to every customer this month.'),
    ("marketing", "本周活动亮点：包过、秒到账、零门槛"),
    ("marketing", "Why choose us: no credit check, instant cash, approval guaranteed."),
    ("marketing", "要是您资料齐了，我保证每单都批"),
    ("collection", "你再不还，我们就报警抓你"),
    ("collection", "请你今天之内还清，不然就报警"),
    ("collection", "请配合还款，否则我司将收集材料并报警"),
    ("collection", "Pay today or we'll have you arrested."),
    ("collection", "不同意也没用，我们会联系你家人"),
    ("collection", "你不还，我们就联系你父母"),
    ("marketing", "系統已為您核准五萬元額度，點擊確認即可撥款"),
    ("marketing", "您的额度已核准，点击确认即可放款"),
    ("marketing", "尊敬的客户，您的贷款额度已核准，放款前请先缴纳解冻金500元"),
    (
        "marketing",
        "Your loan of $1,500 is already approved — just reply YES and it lands in your account today.",
    ),
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_violating_twin_still_flagged(category: str, text: str) -> None:
    assert hits(text, category)
