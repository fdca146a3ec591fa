"""The assistant: one borrower message in, one reply out (intent, confidence, slots, whether
a person must take over, and the text the customer is sent).

Order of decisions: the hand-off rules (a complaint is never answered by a bot), then the
classifier (not confident -> a person), then the answer: account data for a verified
borrower, the calculator and the catalog for figures, the knowledge base for the rest.
Every answer passes the compliance check an agent's reply passes; a blocked answer goes
to a person instead. Pure: the caller passes ``now`` and the account data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from loancs.core.assistant.account import Account
from loancs.core.assistant.catalog import Catalog, Product
from loancs.core.assistant.convert import (
    asks_interest,
    conversion,
    conversion_text,
    interest_text,
    rate_period,
)
from loancs.core.assistant.handoff import flags_of, worry_asked
from loancs.core.assistant.hours import BusinessHours
from loancs.core.assistant.intents import ALWAYS_HANDOFF, IntentModel
from loancs.core.assistant.kb import Entry, KnowledgeBase
from loancs.core.assistant.prequal import Decision, Prescreen, example_payment, facts_json
from loancs.core.assistant.slots import (
    after_ack,
    annual_points,
    closing_rest,
    eligibility_ask,
    extract,
    greeting_only,
    income_limit_ask,
    limit_ask,
    money_into_loan,
    partial_prepayment,
    phone_application,
    prepay_mode_of,
    principal_down,
    repaying_said,
    status_ask,
    without_plans,
)
from loancs.core.assistant.text import Folded, fold, to_digits
from loancs.core.finance import LoanInputError, LoanSpec, PenaltyRule, prepay, schedule
from loancs.core.pii import mask_text

CONFIDENT = 0.30  # below: a person reads it (measured on the labelled set; see the bench)
# Torn between two intents: the second at least this likely, the two together at least this.
TORN_SECOND = 0.15
# function words a sign-off may leave over ("that's all from me"): no question in them
_NO_QUESTION_WORDS = frozenset(
    [
        "from",
        "for",
        "of",
        "to",
        "on",
        "in",
        "at",
        "by",
        "with",
        "me",
        "my",
        "mine",
        "side",
        "end",
        "now",
        "then",
        "here",
        "there",
        "it",
        "that",
        "this",
        "so",
    ]
)
FLAT_FRAUD = 0.20  # a fraud share below this, on a named fee asked plainly, is no report
# A message about a situation with an entry of its own (a kind of credit we do not offer, a
# charge the borrower cannot place) takes that entry's intent when the classifier's own is
# below this.
SITUATION_OVER = 0.5
TORN_TOGETHER = 0.50
# A message that names a knowledge-base entry's term (``terms``) gets that entry unless the
# classifier gives a hand-off intent at least this much (as for the other overrides: 0.30 let
# "someone texted me ... pay a 200 processing fee to release it" get the fee list, fraud 0.2x).
NAMED_TORN = TORN_SECOND
TORN_COVERS = 0.30  # ... and the entry that answers has this much of the message (kb.covers)
_LOW_PAYMENT = re.compile(
    r"压力小|压力不大|压力别太大|月供(?:低|少|小|越低|越少|尽量)|每(?:个)?月(?:少还|还得少|还少|轻松|负担小)|还款压力"
    r"|\b(?:lowest|smallest|lower|smaller|low|small|manageable|affordable) (?:monthly )?(?:payments?|instal\w*|repayments?)"
    r"|\bkeep (?:the |my )?(?:monthly )?(?:payments?|repayments?) (?:low|down|small)"
    r"|\bas little as possible (?:each|a|per) month"
)
_CANCEL_OR_WHERE = re.compile(
    r"取消|撤销|撤回|撤单|后悔|不想借|不借了|不要了|不需要了|冷静期|犹豫期|退回|退掉|反悔|哪里|哪儿|在哪|下载|查看|找不到|看不到"
    r"|纸质|邮寄|寄|打印|发我|发给我|邮箱"
    # "合同签完了 钱大概多久能到卡上": the payout after signing, not what the contract says
    r"|到账|到卡|放款|下款|多久|什么时候|几天|arrive|paid out|payout|pay out|money|how long|when"
    r"|cancel|cooling|back out|withdraw|undo|changed? my mind|don'?t want|do not want|dont want|not sign"
    r"|where|download|find|copy|paper|print|email|send me|view|see it"
)
_YEARLY_PAY = re.compile(r"年薪|年收入|一年|每年|a year|per year|annual|yearly|p\.?a\b|per annum")
# Whether one would be approved, asked in words eligibility_ask does not hold ("这种情况申请能批吗",
# "would you still approve me")
_APPROVAL_ASK = re.compile(
    r"能不能批|能批|批得下|批不批|好批|会批|给批|批吗|申请得下|能申请|可以申请|能通过|通过率|审核严|严不严"
    r"|\b(?:approve|approved|approval|qualify|eligible)\b"
    # what the review looks at: "你们这审核看什么", "申请贷款有啥门槛"
    r"|(?:审核|审批|申请|贷款|借款)[^。？?!！]{0,4}(?:看什么|看哪些|看啥|主要看|要求|条件|门槛|标准|怎么审)"
)
ACCOUNT_INTENTS = frozenset({"application_status", "repayment_schedule", "prepayment"})
# Longer than this (characters), a message goes to a person unread (see Assistant.respond).
LONG_MESSAGE = 2000
# A run of digits longer than any figure a borrower states (a card number is 19) is read by its
# head: the readers cost time in the square of a run's length ("每期" + 1,990 nines took ~2 s
# to read and answer, blocking the server's loop while it classified the message)
_DIGIT_RUN = re.compile(
    r"(\d{32})\d+|([零〇一二两三四五六七八九十百千万亿]{32})[零〇一二两三四五六七八九十百千万亿]+"
)
# A rate entry this good a match (BM25) answers before the catalog's figures: "我的房贷是跟着
# LPR浮动的吗" (rates-lpr 4.8), "房贷利率会随LPR变吗" (2.4), not "装修贷利率高不高" (1.8, only 利率).
SPECIFIC_SCORE = 2.0
# Ages the eligibility rules need not be told about: below, the age rule answers first.
ADULT_AGES = (22, 55)
LOAN_WISH_INTENTS = frozenset({"apply_how", "product_recommendation", "eligibility", "loan_limit"})

STAGE_NAMES = {
    "submitted": ("已提交", "submitted"),
    "document_review": ("材料审核中", "document review"),
    "risk_review": ("风控审核中", "risk review"),
    "approved": ("已审批通过", "approved"),
    "rejected": ("未通过", "not approved"),
    "contract_signed": ("合同已签署", "contract signed"),
    "disbursed": ("已放款", "disbursed"),
    "repaying": ("还款中", "repaying"),
    "settled": ("已结清", "settled"),
}


@dataclass
class Context:
    now_ms: int
    channel: str = "chat"
    lang: str | None = None
    account: Account | None = None
    hours: BusinessHours = field(default_factory=BusinessHours)
    prescreen_allowed: bool = False  # off hours in the server; pre-screening starts on a loan wish


@dataclass
class Reply:
    intent: str
    confidence: float
    handoff: bool
    answer: str
    slots: dict[str, Any]
    lang: str
    reason: str | None = None
    flags: list[str] = field(default_factory=list)
    entry: str | None = None
    prescreen: Decision | None = None
    summary: str | None = None
    text: str = ""  # what the borrower wrote (for the summary card)

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "handoff": self.handoff,
            "answer": self.answer,
            "slots": self.slots,
            "lang": self.lang,
            "reason": self.reason,
        }


LIMIT_WORDS = (
    "最高",
    "最多",
    "上限",
    "封顶",
    "额度多少",
    "the most",
    "max",
    "how much can i borrow",
    "how much can i get",
    "upper limit",
    "borrow up to",
)
RATE_WORDS = ("利率", "利息", "年化", "息", "费率", "rate", "interest", "apr", "%")
PENALTY_WORDS = (
    "违约金",
    "罚金",
    "penalty",
    "penalties",
    "early repayment fee",
    "prepayment fee",
    # "can I clear it all without a fee", "pay it off with no charge"
    "without a fee",
    "without any fee",
    "without paying a fee",
    "with no fee",
    "no fee",
    "without a charge",
    "with no charge",
    "fee free",
    "fee-free",
)
# ... and the other words a borrower uses for it beside an amount ("提前还两万块 手续费是多少")
FEE_WORDS = (
    "手续费",
    "费用",
    "收费",
    "收多少",
    "要交多少",
    "fee",
    "fees",
    "charge",
    "charges",
    "cost",
)
DOC_WORDS = (
    "材料",
    "资料",
    "证件",
    "手续",
    "docs",
    "document",
    "paperwork",
    "papers",
    "what do i need to bring",
)


def _asks_words(text: str, words: tuple[str, ...]) -> bool:
    t = text.lower()
    return any(w in t for w in words)


# Whether paying in early saves interest ("能少点利息不", "利息会少吗", "will i pay less interest").
_SAVES_INTEREST = re.compile(
    r"(?:能|会|可以|是不是)(?:少|省|减少|降)(?:点|些|一点|一些)?利息|利息(?:会|能|是不是)(?:少|省|减少|降)"
    r"|\b(?:save|saves|saving) (?:on |me |any |some )?interest\b|\bless interest\b"
    r"|\b(?:reduce|lower|cut) (?:the |my )?interest\b",
    re.IGNORECASE,
)


# "借五万分三年 总共要还多少利息", "what's the total interest on 30k over 2 years"
_TOTAL_INTEREST = re.compile(
    r"(?:总共|一共|总计|合计|全部|总)[^，,。？?]{0,6}利息|利息[^，,。？?]{0,4}(?:总共|一共|总计|合计)"
    r"|\btotal (?:interest|cost)\b|\binterest (?:in total|altogether|overall)\b"
)
# "先还掉一万 剩下的月供会变吗", "多还五千，后面每期能少还点吗", "will my monthly go down":
# what a partial prepayment does to the payment or the term is the policy's answer
_PART_CHANGES = re.compile(
    r"(?:月供|每期|每个?月|后面|以后|剩下)[^，,。？?]{0,6}(?:变|少|降|减|低)"
    r"|(?:期数|期限|年限)[^，,。？?]{0,4}(?:缩短|变短|少|减)"
    r"|\b(?:payments?|instal(?:l)?ments?|monthly)\b[^.?!]{0,20}\b(?:go down|drop|be (?:lower|smaller|less)|get (?:lower|smaller)|change|reduce)"
    r"|\b(?:shorter term|term (?:get|be) shorter|shorten the term)\b"
)
# How much a payment is ("头一个月要还多少", "what's the first payment and the last", "月供多少")
# Using an approved limit: less than all of it, in parts, again after repaying, left unused
_LIMIT_USE = re.compile(
    r"额度[^。？?!！]{0,20}(?:分(?:两|二|几|多|2|3)?(?:次|回|笔)|剩下的|剩余的|没用完|没用的|没借的|用不完|不用完|"
    r"只借|借一部分|循环|随借随还|还了(?:以后|之后)?[^。？?!！]{0,4}(?:再借|接着借|还能借))"
    r"|(?:只需要|只要|只想借|只借)[^。？?!！]{0,10}(?:额度|批的)|批了[^。？?!！]{0,12}(?:只|就)(?:想)?(?:要|借|用)"
    r"|\b(?:approved|limit|credit line|line of credit)\b[^.?!]{0,60}\b(?:only need|only want|don'?t need (?:all|the whole)"
    r"|take the whole|take all|have to take|draw (?:down|part|some)|in (?:two|2|several) (?:goes|draws|parts|lots)"
    r"|revolving|reuse|borrow again|unused|left over)\b"
    r"|\b(?:unused|undrawn) (?:credit|limit|credit line|line)\b"
)
# The most one could borrow, asked ("最多能借多少", "how much could I borrow")
_MAX_BORROW = re.compile(
    r"最多(?:能|可以)?(?:借|贷)|(?:能|可以)(?:借|贷)多少|借多少合适|能批多少"
    r"|\bhow much (?:can|could|would|will) (?:i|we|you) (?:borrow|get|lend)\b|\bmax(?:imum)? (?:loan|i can borrow|amount)\b"
    r"|\bhow big a loan\b"
)
# Asking whether one may prepay, or saying one wants to ("可以吗", "can I", "I want to prepay")
_MAY_PREPAY = re.compile(
    r"可以吗|可不可以|能不能|行吗|行不行|能否|可以不|\b(?:can|could|may) i\b|\bis it (?:possible|ok|okay)\b"
    r"|\bam i allowed\b|\b(?:i want|i'?d like|i would like|want|wanna|planning|i plan) to (?:prepay|pay (?:off|down|back)"
    r"|repay|put|make)\b|我想|我要|打算|准备"
)
_INTEREST_WORD = re.compile(r"利息|计息|收息|\binterest\b")
# A car loan's pledge released, or the car sold or transferred
_CAR_LIEN = re.compile(
    r"(?:车|car|vehicle)[^。？?!！.]{0,30}(?:解押|解除抵押|抵押(?:怎么|要|咋)?(?:解|撤|去掉)|撤销抵押|卖(?:车|掉|了)|过户|转让"
    r"|\brelease\b|\bsell (?:it|the car|my car)\b|\btransfer (?:it|the car|ownership)\b|\blogbook\b)"
    # "how do I get the lien taken off", not "a charge for registering the lien"
    r"|解押|\blien\b[^.?!]{0,24}\b(?:off|removed|remove|released?|lifted|lift|discharged?|cleared)\b"
    r"|\b(?:remove|release|lift|discharge|take off|get off|clear)\b[^.?!]{0,16}\blien\b"
    r"|\bsell(?:ing)? (?:my|the) (?:car|vehicle)\b"
)
_INTEREST_ONLY = re.compile(
    r"\binterest[- ]only\b|\b(?:just|only) (?:pay(?:ing)? )?(?:the )?interest\b|\bpay(?:ing)? (?:only|just) (?:the )?interest\b"
    r"|只还息|只还利息|只付利息|先还息|先还利息|不还本"
)
# A student in the family, not the borrower ("my son is at uni, can I borrow for his fees")
_SOMEONE_ELSES_STUDY = re.compile(
    r"\b(?:my|our) (?:son|daughter|kid|kids|child|children|brother|sister|nephew|niece|girlfriend|boyfriend)\b"
    r"|儿子|女儿|孩子|小孩|弟弟|妹妹|侄子|侄女|外甥"
)
# The figure asked of a schedule the message states in full: "第几个月开始月供低于五千二", "which
# month does it drop under 2,500": the first payment under a sum; "第13期里利息多少", "how much
# of payment 13 is interest": one row's split.
_UNDER_ZH = r"(?:低于|少于|不到|降到|跌破|小于|掉到|降至)"
_ASKS_MONTH_UNDER = re.compile(
    r"(?:第几|哪(?:一)?)(?:个)?(?:月|期)[^。？?！!]{0,16}?"
    + _UNDER_ZH
    + r"\s*(\d+(?:\.\d+)?)\s*(万|千)?"
    r"|"
    + _UNDER_ZH
    + r"\s*(\d+(?:\.\d+)?)\s*(万|千)?[^。？?！!]{0,12}?(?:是)?(?:从)?(?:第几|哪(?:一)?)(?:个)?(?:月|期)"
    r"|\b(?:which|what) (?:month|payment|instal\w*)\b[^?.!]{0,50}?\b(?:under|below|less than|beneath)\s*"
    r"(?:cny|rmb|¥)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(k|grand)?"
    r"|\b(?:under|below|less than)\s*(?:cny|rmb|¥)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(k|grand)?"
    r"[^?.!]{0,30}?\b(?:which|what) month\b"
)
_ASKS_ROW = re.compile(
    r"第\s*(\d{1,3})\s*(?:期|个月|次)(?![^。？?！!]{0,3}(?:后|以后|之后|起|开始))"
    r"|\b(?:payment|instal(?:l)?ment|repayment|month) (?:#|no\.? ?|number )?(\d{1,3})\b(?! (?:months?|years?))"
    r"|\b(\d{1,3})(?:st|nd|rd|th) (?:payment|instal(?:l)?ment|repayment|month)\b"
    r"|\bpay(?:ing)? (?:number |no\.? ?|#)(\d{1,3})\b"
)
_ASKS_SPLIT = re.compile(r"利息|本金|\binterest\b|\bprincipal\b")
_ASKS_PAYMENT = re.compile(
    r"月供|每个?月(?:要|得)?还|首(?:月|期)|头一?(?:个)?月|第一(?:个)?(?:月|期)|最后一(?:期|个月)|末期"
    r"|总[^，,。？?]{0,4}利息|\b(?:first|last|final|monthly) (?:payment|instal(?:l)?ment)s?\b"
    r"|\bhow much (?:a|per|each|every) month\b|\btotal interest\b|\binterest (?:in )?total\b"
    r"|\bhow much interest\b|多少利息|利息(?:一共|总共)?(?:是)?多少"
    # "what's the monthly on that", "what would i pay each month", "how much would i repay"
    r"|\bwhat(?:'s| is| would be| will be)? (?:the|my) monthly\b|\bthe monthly (?:on|for|be|is)\b"
    r"|\b(?:i|we) (?:pay|repay|owe) (?:a|per|each|every) month\b"
    r"|\bhow much (?:would|will|do|does|should) (?:i|we|it|that) (?:pay|repay|owe|cost)\b"
)
# The rules of a thing asked ("有次数限制吗", "how many times can I", "随时都可以吗")
_RULE_ASK = re.compile(
    r"次数|几次|多少次|限制|随时|任何时候|最少|最低"
    r"|\bhow (?:many times|often)\b|\bany ?time\b|\blimit\b|\bminimum\b"
)
# The instalment itself asked, not the interest in it ("每月还多少", "monthly payment")
_ASKS_INSTALMENT = re.compile(
    r"月供|每个?月(?:要|得)?还|\b(?:monthly )?(?:payment|instal(?:l)?ment)s?\b"
)
# The payment a month asked, said loosely ("ballpark monthly figure", "monthly cost", "what would
# I pay each month", "一个月大概还多少", "每月得还多少")
_ASKS_A_MONTH = re.compile(
    r"\bmonthly (?:figure|cost|amount|bill|outgoing|payment|repayment)s?\b"
    r"|\b(?:pay|paying|cost|costs|repay|owe)\b[^.?!]{0,20}\b(?:a|per|each|every) month\b"
    r"|(?:一个月|1个月|每个?月|月均)[^，,。？?]{0,4}还|月供"
)
# Both repayment methods set side by side ("等额本金跟等额本息 哪个总利息少")
_BOTH_METHODS = re.compile(
    r"等额本金[^。？?]{0,40}等额本息|等额本息[^。？?]{0,40}等额本金|equal principal[^.?!]{0,100}equal instal|equal instal[^.?!]{0,100}equal principal"
)
# Interest for one month asked ("how much interest is that a month", "一个月利息多少")
_MONTH_INTEREST = re.compile(
    r"\binterest\b[^.?!]{0,20}\b(?:a|per|each|every) month\b|\bmonthly interest\b"
    r"|\b(?:a|one|each|every|per) month'?s interest\b"
    r"|(?:一个月|每个?月|每期)[^，,。？?]{0,4}利息|月利息"
)


# Money already taken ("扣了", "charged me", "on my bill"), not a fee asked about
_TAKEN = re.compile(
    r"扣|收了|多收|账单|\b(?:charged|taken|took|deducted|debited|billed|on my (?:bill|statement))\b"
)
# Paying the whole loan off ("现在想一口气还完", "if i clear the lot now")
_EARLY = re.compile(
    r"提前还|提前结清|提早还|\b(?:early (?:repayment|payoff|settlement)|prepay\w*|pay (?:it |the loan )?(?:off )?early)\b"
)
_CONTRACT_WORD = re.compile(r"合同|协议|条款|\b(?:contract|agreement|clause|terms)\b")
_PAYS_ALL = re.compile(
    r"一口气还|一次性还|全部还|全还了|还完|结清|还清|清掉"
    r"|\b(?:clear|clearing|settle|settling|pay off|paying off) (?:the lot|it all|everything|the whole)"
    r"|\bpay (?:it |everything |the whole thing |it all )?off\b"
)
# What someone must hand in ("what does a co-signer have to provide", "担保人要准备什么")
_HANDS_IN = re.compile(
    r"\b(?:provide|bring|send in|submit|hand in|show(?! up))\b|提供|准备|带什么|交什么|要带|要交"
)


# Someone other than the lender in the message (a caller, a text, an agent): a fee question
# with one in it may be a report of a scam, whoever the classifier is sure of.
_SOMEONE_ASKS = re.compile(
    r"有人|别人|对方|他们|他说|她说|短信|电话|打来|来电|微信上|qq|中介|业务员|客服说|让我|叫我"
    r"|\b(?:someone|somebody|they|he|she|text(?:ed)?|sms|call(?:ed|er)?|rang|whatsapp|agent|broker|guy|man|woman|told me|asked me)\b"
)
# A message put as a question: a question word or mark (not an exclamation, not a statement).
_PLAIN_QUESTION = re.compile(
    r"[?？]|吗|么|有没有|是不是|能不能|可不可以|要不要|多少|什么|啥|哪|几"
    r"|^(?:is|are|do|does|can|could|will|would|should|how|what|which|when|where|who)\b"
    r"|\b(?:is there|are there|do you|does it|can i|can you|how much|what is|what are)\b"
)


def _age_decides(slots: dict[str, Any], intent: str) -> bool:
    """An eligibility question stating an age below the usual minimum (or near the maximum):
    the age rule answers it, before any rule the message's words name."""
    age = slots.get("age")
    return (
        intent == "eligibility"
        and isinstance(age, int)
        and not ADULT_AGES[0] <= age < ADULT_AGES[1]
    )


def _asks_choice(text: str) -> bool:
    t = text.lower()
    return any(
        w in t
        for w in ("还是", "哪个", "哪种", "划算", "好还是", "which", "better", " or ", "should i")
    )


def _asks_amount(text: str) -> bool:
    return any(w in text for w in ("多少", "几多", "how much", "amount", "figure"))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_CURRENCIES = (
    (re.compile(r"£|\bpounds?\b|\bquid\b|\bgbp\b|\bsterling\b|英镑"), ("英镑", "pounds")),
    (re.compile(r"€|\beuros?\b|\beur\b|欧元"), ("欧元", "euros")),
    (
        re.compile(r"\bhk\$|\bhkd\b|hong kong dollars?|港币|港元|港纸"),
        ("港币", "Hong Kong dollars"),
    ),
    # dollars that are not US dollars, before the plain "dollars" below
    (
        re.compile(r"新加坡元|新加坡币|新币|\bsgd\b|\bs\$|singapore dollars?"),
        ("新加坡元", "Singapore dollars"),
    ),
    (re.compile(r"澳门币|澳门元|葡币|\bmop\b|patacas?"), ("澳门元", "patacas")),
    (re.compile(r"澳元|澳币|\baud\b|\ba\$|australian dollars?"), ("澳元", "Australian dollars")),
    (re.compile(r"加元|加币|\bcad\b|\bc\$|canadian dollars?"), ("加元", "Canadian dollars")),
    (
        re.compile(
            r"\bus\$|\busd\b|\bus dollars?\b|\bdollars?\b|\bbucks\b|美元|美金|刀(?=[^a-z]|$)(?<=\d刀)"
            r"|(?<![a-z$])\$(?=\s?\d)"
        ),
        ("美元", "dollars"),
    ),
    (re.compile(r"\bringgit\b|\brm ?\d|马币|令吉"), ("马币", "ringgit")),
    (re.compile(r"\byen\b|\bjpy\b|日元"), ("日元", "yen")),
    (re.compile(r"\bwon\b(?= ?\d|$)|\bkrw\b|韩元"), ("韩元", "won")),
    (re.compile(r"新台币|台币|\bntd?\b"), ("新台币", "New Taiwan dollars")),
)


_NOT_YEARLY = re.compile(
    r"flat|平息|月息|日息|周息|月利率|日利率|月费率|\b(?:a|per|each|every) (?:day|week|month)\b|\bdaily\b|\bmonthly rate\b|\bevery \d+ days\b"
)


def _stated_annual_rate(numeric: str, slots: dict[str, Any]) -> float | None:
    """The yearly rate the message states: the rate read, said beside a yearly word ("年化15%",
    "年利率三分", "an APR of 30 percent", "8.8% a year"), never a flat rate; or None."""
    rate = slots.get("rate")
    if rate is None or _NOT_YEARLY.search(numeric):
        # "月息一分二 那年化不就是百分之十二嘛": a periodic rate beside it is what is
        # annualised (the answer works it out); a flat rate is no APR
        return None
    figure = re.escape(str(rate))
    beside = re.search(
        rf"(?:年化|年利率|年息|年率|\bapr\b|annual(?: percentage)? rate|yearly rate)[^\d，,。？?!！]{{0,6}}"
        rf"(?<![\d.]){figure}(?![\d.])"
        rf"|(?<![\d.]){figure}\s*(?:%|percent|per cent)?\s*(?:a year|per year|per annum|p\.?a\.?|apr|annual|yearly)\b",
        numeric,
    )
    if beside is None:
        return None
    try:
        value = float(str(rate))
    except ValueError:
        return None
    return value if 0 < value < 1000 else None


def _foreign_currency(text: str) -> tuple[str, str] | None:
    """The foreign currency a message names (for the note that ours are in yuan), or None."""
    for rx, names in _CURRENCIES:
        if rx.search(text):
            return names
    return None


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _money(value: Decimal | int, lang: str) -> str:
    return f"{Decimal(value):,.2f} 元" if lang == "zh" else f"CNY {Decimal(value):,.2f}"


def _add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year = start.year + month // 12
    month = month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


_OTHER_PERSON_EN = (
    r"(?:friend|colleague|co-?worker|mate|neighbou?r|brother|sister|cousin|partner|wife|husband|someone|somebody"
    r"|other (?:people|person|customers?|borrowers?)|another (?:person|customer|borrower)|others|he|she|they)"
)
_RATE_COMPARED = re.compile(
    r"\b(?:why|how come)\b[^.?!]{0,60}\b" + _OTHER_PERSON_EN + r"\b[^.?!]{0,40}"
    r"(?:\brates?\b|\bapr\b|%|\bpercent\b|\binterest\b)"
    r"|\bwhy (?:might|would|could|do|does|did) (?:one|some people|two people|people)\b[^.?!]{0,60}"
    r"(?:\brates?\b|\bapr\b|%|\bquoted\b)"
    r"|(?:为什么|为啥|咋|怎么)[^。？?!！]{0,16}(?:别人|朋友|同事|人家|邻居|亲戚|同学)[^。？?!！]{0,16}"
    r"(?:利率|利息|年化|%|个点)"
)
_FIRST_INSTALMENT = re.compile(
    r"第一期|首期|第一次还|第一笔|头一期|头一回还|头一次还|第一个月还|第一次扣|首次还款|首次扣"
    r"|\bfirst (?:monthly )?(?:instal+ments?|payments?|repayments?|debit|collection)\b"
)
_WHEN_ASKED = re.compile(
    r"什么时候|哪天|哪一天|几号|多久|多少天|几天|怎么定|怎么算|隔多久|啥时候"
    r"|\bwhen\b|\bhow (?:soon|long)\b|\bwhat (?:day|date)\b|\bwhich day\b|\bdue\b"
)
_DATE_CHANGE = re.compile(
    r"改|换|调整|推迟|延后|提前|\b(?:change|move|shift|push|delay|earlier|later)\b"
)
_HYPOTHETICAL = re.compile(
    r"要是|如果|假如|假设|比如|比方说|万一|一般|通常|正常来说|\b(?:if|say|suppose|supposing|assuming|"
    r"generally|usually|normally|typically|in general)\b"
)
_HOW_IT_MOVES = re.compile(
    r"越还越(?:少|多)|越来越(?:少|多)|一样多|会一样吗|都一样吗|是固定的吗|会不会变|会变吗|怎么变"
    r"|\b(?:go(?:es)? down|stay(?:s)? the same|fixed each month|change each month)\b"
)
_OWN_LOAN = re.compile(
    r"我的(?:贷款|借款|账户|账单|还款计划)|我这笔|我那笔|我还剩|还剩多少|还欠多少|剩下多少"
    r"|\bmy (?:loan|balance|next|statement|schedule)\b|\bleft on my\b|\bi owe\b"
)


class Assistant:
    def __init__(
        self,
        model: IntentModel,
        kb: KnowledgeBase,
        catalog: Catalog,
        check: Callable[[str, str], Any] | None = None,
    ):
        self.model = model
        self.kb = kb
        self.catalog = catalog
        self.check = check

    # ------------------------------------------------------------ understanding

    def understand(
        self, text: str, lang: str | None = None
    ) -> tuple[Folded, str, dict[str, Any], list[str], str, float]:
        text = _DIGIT_RUN.sub(lambda m: m.group(1) or m.group(2), text)
        folded = fold(text)
        lang = lang or folded.lang
        slots = extract(folded)
        flags = flags_of(folded.text)
        pred = self.model.predict(folded.text) if folded.text else None
        if pred is not None and pred.intent == "greeting_smalltalk" and not flags:
            # "好的，那利率呢" (greeting 0.51), "ok thanks. and how long does approval take": the
            # acknowledgement is not the question; what follows it is, when the model is sure
            rest = after_ack(folded.text) if slots.get("situation") != "closing" else None
            again = self.model.predict(rest) if rest else None
            # ... and what follows is a question of ours ("hi 你好 请问现在有人在线吗": what is
            # left, "现在有人在线吗", is other 0.36 to the classifier, and still a greeting; a
            # request for a person raises its flag and never comes here)
            if (
                again
                and again.intent not in ("greeting_smalltalk", "other", *ALWAYS_HANDOFF)
                and again.confidence >= CONFIDENT
            ):
                pred = again
        intent = pred.intent if pred else "other"
        confidence = pred.confidence if pred else 0.0
        # the classifier gives a hand-off intent a share of its own: no situation read in the
        # text overrides that
        probs = pred.probs if pred else {}
        torn = any(probs.get(i, 0.0) >= TORN_SECOND for i in ALWAYS_HANDOFF)
        forced = self._intent_from_flags(flags, intent, probs)
        if forced and forced != intent:
            intent, confidence = forced, max(confidence, 0.9)
        elif not flags:
            known = self.kb.matching(text)
            about = self.kb.for_situation(str(slots.get("situation") or ""))
            named = self.kb.named(folded.text, folded=True)
            job_rule = self.kb.for_employment("eligibility", str(slots.get("employment") or ""))
            fee = conversion(folded.numeric, _int(slots.get("months")), folded.text)
            if fee is not None and fee.kind == "one_off_fee":
                # "0% interest, just a one-time 6% fee on 3,000 over 6 payments, what APR is that",
                # "借两万 先扣两千 到手一万八 每月还一千八": a fee charged once is the price of the
                # credit, asked; its APR by IRR, not the fee's percentage taken as a yearly rate
                intent, confidence = "rate_inquiry", max(confidence, 0.9)
            elif (
                slots.get("amount")
                and slots.get("months")
                and slots.get("rate")
                and (
                    _ASKS_MONTH_UNDER.search(folded.numeric)
                    or _ASKS_ROW.search(folded.numeric)
                    and _ASKS_SPLIT.search(folded.numeric)
                )
            ):
                # "40k over 4 years at 9%, about to pay number 13. how much of it is interest",
                # "第几个月开始月供低于五千二": a figure of a schedule stated in full, asked
                intent, confidence = "repayment_schedule", max(confidence, 0.9)
            elif (
                slots.get("amount")
                and slots.get("months")
                and slots.get("rate")
                and _ASKS_A_MONTH.search(folded.numeric)
                and rate_period(folded.numeric, Decimal(str(slots["rate"]))) is None
                and not _NOT_YEARLY.search(folded.numeric)
                and (fee is None or fee.kind not in ("instalment", "one_off_fee"))
            ):
                # "say 12k, 36 months, nine percent. ballpark monthly figure?" (schedule 0.34: the
                # due-date text), "借五万 三年 年化8% 一个月大概还多少" (a product example): a
                # loan stated in full at a yearly rate, its payment asked, is the calculator's
                intent, confidence = "repayment_schedule", max(confidence, 0.9)
            elif slots.get("situation") == "closing" and about is not None:
                # "sweet, that sorts it, ta very much", "行 懂了 谢啦 没别的事了": only thanks
                # and goodbyes, nothing to hand over whatever the classifier makes of the slang
                intent, confidence = about.intent, max(confidence, 0.9)
            elif self._signs_off(folded.text, slots):
                # "thanks, that's all from me", "行 那我先这样 回头有问题再找你": a sign-off in
                # words the closing lists do not hold gets the closing, not the opening greeting
                # (nor a hand-off at the classifier's guess)
                slots["situation"] = "closing"
                intent, confidence = "greeting_smalltalk", max(confidence, 0.9)
            elif greeting_only(folded.text):
                # "打扰了" (application_status 0.47), "excuse me": a greeting, not a question
                intent, confidence = "greeting_smalltalk", max(confidence, 0.9)
            elif (
                slots.get("monthly_budget")
                and slots.get("months")
                and slots.get("rate")
                and _MAX_BORROW.search(folded.text) is not None
                and not torn
            ):
                # "每个月最多能还两千五 分三年 利率八个点 最多能借多少": the payment one can
                # afford, the term and the rate give the most it repays
                intent, confidence = "loan_limit", max(confidence, SITUATION_OVER)
            elif (
                _LIMIT_USE.search(folded.text) is not None
                # "额度20万 只借了5万 剩下的额度收利息吗": the drawn-only interest rule's question
                and _INTEREST_WORD.search(folded.text) is None
                and not torn
            ):
                # "app says i'm approved for 30k but i only need 8k. do i have to take the whole
                # thing?" (apply_how 0.60), "五万额度 已经用了两万 剩下的还能借吗" (names the
                # drawn-only interest rule): using a limit
                intent, confidence = "loan_limit", max(confidence, SITUATION_OVER)
            elif (
                named is not None
                # the lender's own question variant, matched, is the better word
                and (known is None or known is named)
                # "45 yuan every two weeks for each 300 i borrow, hows that compare to ur APR":
                # a rate to annualise, not how often we collect
                and not (
                    named.intent in ("repayment_method_change", "repayment_schedule")
                    and conversion(folded.numeric, _int(slots.get("months")), folded.text)
                    is not None
                )
                and (named.intent != intent or confidence < CONFIDENT)
                and named.intent not in ALWAYS_HANDOFF
                # a hand-off intent the classifier gives a share of its own keeps its hand-off
                # ... unless that share is a complaint's, short of half, on a plain question
                # that names the thing ("你们有没有会员费 开通会员才能借那种": complaint 0.35):
                # no complaint word raised the flag, and a fraud or person share still wins
                # "听说你们放款要强制买个保险 是真的吗 多少钱" (fraud 0.16 of a flat spread, the
                # top 0.16): a fraud share that small, with nobody else in the message asking
                # for money, is not a report (the fee answer itself says to reply for a person)
                and not any(
                    probs.get(i, 0.0) >= NAMED_TORN
                    and not (
                        _PLAIN_QUESTION.search(folded.text) is not None
                        and (
                            i == "complaint"
                            and probs[i] < SITUATION_OVER
                            or i == "fraud_report"
                            and probs[i] < FLAT_FRAUD
                            and _SOMEONE_ASKS.search(folded.text) is None
                        )
                    )
                    for i in ALWAYS_HANDOFF
                )
                # "我是个体户，没有工资流水，能申请吗": whether one may borrow with a job that
                # has a rule of its own is that rule, not the papers the message names
                and (job_rule is None or job_rule is named or not eligibility_ask(folded.text))
                # "im 19 and just started working, can i borrow": an age the rules name first
                # is the age rule's question, not the job's
                and not _age_decides(slots, named.intent)
            ):
                # "合同里说的 宽限期 是几天" (contract_terms 0.68), "加速到期是啥意思": a message
                # that names what an entry is about (its ``terms``) asks that entry's question
                intent, confidence = named.intent, max(confidence, SITUATION_OVER)
            elif (
                named is not None
                and named.intent == intent
                and named.intent not in ALWAYS_HANDOFF
                and (known is None or known is named)
                and not torn
                # "would having a guarantor help, and what would they have to provide": what
                # someone must hand in is the papers entry's question
                and not (
                    about is not None
                    and about.intent == "required_documents"
                    and _HANDS_IN.search(text) is not None
                )
            ):
                # "不想用了 账号能注销吗 贷款已经结清" (account_change 0.31, names 注销), "what extra
                # charges apply if a payment is late": the classifier and the entry named agree;
                # a word read elsewhere (结清, a charge) does not send it to another topic
                confidence = max(confidence, SITUATION_OVER)
            elif (
                slots.get("employment") == "student"
                and (intent in LOAN_WISH_INTENTS or confidence < CONFIDENT)
                and _SOMEONE_ELSES_STUDY.search(folded.text) is None
                and not torn
            ):
                # "im in my second year at uni, can i get a small loan" (loan_limit 0.30): a
                # student asking about borrowing gets the student rule
                intent, confidence = "eligibility", max(confidence, SITUATION_OVER)
            elif _CAR_LIEN.search(folded.text) is not None and not torn:
                # "车贷提前还完了 车上那个抵押怎么解", "want to sell the car before the loan is done"
                intent, confidence = "prepayment", max(confidence, SITUATION_OVER)
            elif (intent != "apply_how" or confidence < CONFIDENT) and phone_application(
                folded.text
            ):
                # "can I apply over the phone" (apply_how), "可以让客服帮我填申请吗"
                # (eligibility 0.34): how one applies, and that it is one's own to do online
                intent, confidence = "apply_how", max(confidence, SITUATION_OVER)
            elif (
                (intent != "loan_limit" or confidence < CONFIDENT)
                and income_limit_ask(folded.text)
                and not torn
            ):
                # "月薪八千能批多少", "I make 6k a month after tax, how much could you lend me"
                # (repayment_schedule 0.21): the pay stated and the most one could borrow
                # asked is the limit rule, not a payment or a person
                intent, confidence = "loan_limit", max(confidence, SITUATION_OVER)
            elif intent in ("overdue_hardship", "prepayment", "other", "greeting_smalltalk") and (
                money_into_loan(folded.text)
            ):
                # "手上宽裕了点，能不能先还一部分进去", "got a bit of a windfall, can i chuck some of
                # it at my loan": money come in and put towards the loan is a prepayment, however
                # sure the classifier is that paying "part" is hardship (no hand-off flag here)
                intent, confidence = "prepayment", max(confidence, CONFIDENT)
            elif (
                (intent != "prepayment" or confidence < CONFIDENT)
                and principal_down(folded.text)
                and not torn
            ):
                # "can I pay an extra 2000 this month to bring the balance down" (not understood),
                # "can i pay more this month to get the principal down" (repayment_method_change
                # 0.57): paying more than is due to bring the balance down is a prepayment
                intent, confidence = "prepayment", max(confidence, CONFIDENT)
            elif (
                (intent != "application_status" or confidence < CONFIDENT)
                and confidence < SITUATION_OVER
                and status_ask(folded.text)
                and not torn
            ):
                # "its been 3 days since i submitted, hows it looking" (eligibility 0.10): how
                # an application already made is going is its status
                intent, confidence = "application_status", max(confidence, CONFIDENT)
            elif (
                slots.get("prepay_amount")
                # "I want to prepay 20,000 of principal and keep paying monthly" (prepayment
                # 0.2999): an amount to pay in early is a prepayment, however unsure
                and (
                    intent not in ("prepayment", "fees")
                    or intent == "prepayment"
                    and confidence < CONFIDENT
                )
                # "月底想多还八千 利息会少吗" (rate_inquiry 0.71): what paying it in saves
                and (
                    confidence < SITUATION_OVER
                    # "这个月多还一千 下个月多还两千 有次数限制吗" (overdue_hardship 0.70, no
                    # hardship flag): paying more than is due is never hardship
                    or intent == "overdue_hardship"
                    # "if i prepay 10k this week, when does the new lower payment kick in"
                    # (repayment_schedule 0.62): the schedule after a prepayment is the
                    # prepayment's question (its rules first, then the borrower's figures)
                    or intent == "repayment_schedule"
                    and slots.get("prepay_mode") in ("reduce-payment", "shorten-term")
                    or _SAVES_INTEREST.search(text) is not None
                    # "这个月多还五千块，后面每期能少还点吗": what it does to the payments
                    or _PART_CHANGES.search(text) is not None
                )
                and not torn
            ):
                # "下个月想多还五千 能少点利息不" (rate_inquiry 0.43): an amount to pay in ahead
                # of time is a prepayment
                intent, confidence = "prepayment", max(confidence, CONFIDENT)
            elif (
                (
                    slots.get("prepay_mode") == "settle"
                    or _PAYS_ALL.search(text) is not None
                    # "现在是第八期 提前还的话违约金是按剩余本金几个点收" (rate_inquiry 0.30)
                    or _EARLY.search(text) is not None
                    # ... not the contract's clause asked about ("合同里写的提前还款违约金是什么意思")
                    and _CONTRACT_WORD.search(text) is None
                )
                and intent != "prepayment"
                and _asks_words(text, PENALTY_WORDS)
                and not torn
            ):
                # "我借的三万六 分了二十四期 才还到第五期 现在想一口气还完 那个违约金得多少钱"
                # (repayment_schedule 0.61): the penalty on paying off is the prepayment rule
                intent, confidence = "prepayment", max(confidence, SITUATION_OVER)
            elif (
                slots.get("amount")
                and slots.get("months")
                and not slots.get("prepay_amount")
                and (
                    intent in ("repayment_method_change", "other")
                    # "fifty thousand over four years at six and a half percent, how much a
                    # month" (repayment_schedule 0.28): the calculator's own question, unsure
                    or intent == "repayment_schedule"
                    and confidence < CONFIDENT
                    # "if i borrow 25k over 2 yrs at 9.9%, roughly how much interest total"
                    # (rate_inquiry): a stated rate makes it the calculator's question
                    or slots.get("rate")
                    and intent in ("rate_inquiry", "product_recommendation", "loan_limit")
                )
                and (
                    _ASKS_PAYMENT.search(folded.text) is not None
                    or _BOTH_METHODS.search(folded.text) is not None
                )
                and not torn
            ):
                # "on 20k over 24 months with equal principal, what's the first payment and the
                # last" (repayment_method_change 0.45): the figures and a payment asked for
                intent, confidence = "repayment_schedule", max(confidence, SITUATION_OVER)
            elif (
                slots.get("age")
                and (intent != "eligibility" or confidence < CONFIDENT)
                and confidence < SITUATION_OVER
                and eligibility_ask(folded.text)
                and not torn
            ):
                # "im 17, can i get a loan" (loan_limit 0.34): an age and whether one may
                # borrow is the age rule
                intent, confidence = "eligibility", max(confidence, SITUATION_OVER)
            elif (
                slots.get("employment")
                # "retired teacher, 63, any chance of a loan" (eligibility 0.16): unsure, too
                and (intent not in LOAN_WISH_INTENTS or confidence < CONFIDENT)
                # the classifier gives eligibility a share of its own (contract_terms 0.52,
                # eligibility 0.33): the question decides between them
                and probs.get("eligibility", 0.0) >= TORN_SECOND
                and eligibility_ask(folded.text)
                and not torn
            ):
                # "im a contractor, my contract ends in march. can i still apply" (contract_terms
                # 0.52), "im on a 6 month contract, does that count as employed?": a job and the
                # question whether one may borrow is an eligibility question
                intent, confidence = "eligibility", max(confidence, SITUATION_OVER)
            elif (
                intent != "loan_limit"
                and limit_ask(folded.text)
                and (
                    not torn
                    # "你们期限最短的是几个月 其实就用个七八个礼拜" (complaint 0.22): a limit asked,
                    # no flag raised; a weak complaint share alone does not hold it
                    or not any(
                        probs.get(i, 0.0) >= TORN_SECOND for i in ALWAYS_HANDOFF if i != "complaint"
                    )
                    and probs.get("complaint", 0.0) < 0.3
                )
            ):
                # "好的谢谢 对了 最长能分多少期" (repayment_schedule 0.47), "whats the longest i can
                # spread the repayments over", "whats the smallest loan i can take": our limits
                intent, confidence = "loan_limit", max(confidence, SITUATION_OVER)
            elif (
                conversion(folded.numeric, _int(slots.get("months")), folded.text) is not None
                # "三万六 分二十四个月 年化九块六 一个月得还多少": an annual rate said in 块
                # is the rate the payment is worked out at, nothing to annualise
                and not annual_points(folded.numeric)
            ):
                # "日息万分之五一年是多少": a stated rate to annualise is a rate question
                intent, confidence = "rate_inquiry", max(confidence, 0.9)
            elif (
                about is not None
                and (
                    about.intent == intent
                    or confidence < SITUATION_OVER
                    # "能拿黄金首饰抵押借钱吗" (eligibility 0.74), "外国人怎么申请": a loan
                    # wish in a situation with a rule of its own gets that rule
                    or intent in LOAN_WISH_INTENTS
                    and about.intent in LOAN_WISH_INTENTS
                    # "去年有过两次逾期 都还上了 还能申请吗" (overdue_hardship 0.52): a past
                    # record and whether one may borrow now is the credit rule, not the late
                    # payment rules (a borrower in trouble now raises the hardship flag)
                    or about.situation == ("credit_history",)
                    and intent in ("overdue_hardship", "credit_report_impact")
                    # "what does a co-signer have to provide" (eligibility 0.54): what someone
                    # in the situation must hand in is its papers entry
                    or about.intent == "required_documents"
                    and _HANDS_IN.search(text) is not None
                    # "does my guarantor have to be family or can a friend do it" (eligibility
                    # 0.59): a guarantor's question is the guarantor entry's, not the basics
                    or about.situation == ("guarantor",)
                    and intent in LOAN_WISH_INTENTS
                )
                and (
                    not torn
                    # "saw a 7 yuan debit from you this morning, what was that" (fraud 0.16 of
                    # a flat spread): a small fraud share, with nobody else in the message
                    # asking for money, is no report; a complaint or person share still is
                    or all(
                        probs.get(i, 0.0) < TORN_SECOND
                        for i in ALWAYS_HANDOFF
                        if i != "fraud_report"
                    )
                    and probs.get("fraud_report", 0.0) < FLAT_FRAUD
                    and _SOMEONE_ASKS.search(folded.text) is None
                )
            ):
                # "can i get a credit card through you", "卡上被扣了35块不知道是什么": what the
                # message is about decides where the classifier is unsure, unless it may be
                # half a complaint (or another message for a person).
                intent, confidence = about.intent, max(confidence, CONFIDENT)
            elif known is not None:
                intent, confidence = known.intent, max(confidence, 0.9)
            elif (
                confidence < CONFIDENT
                and slots.get("purpose")
                and (
                    slots.get("amount")
                    or slots.get("months")
                    # "i want a loan to buy crypto": a purpose we may not lend for
                    or slots["purpose"] in self.catalog.prohibited_purposes
                )
            ):
                # "30000 for tuition, 2 years": the figures and the purpose say what it is.
                intent, confidence = "product_recommendation", CONFIDENT
            elif (
                slots.get("purpose")
                and (_asks_words(text, LIMIT_WORDS) or _asks_words(text, DOC_WORDS))
                and (
                    confidence < CONFIDENT
                    or confidence < SITUATION_OVER
                    and intent in ("loan_limit", "required_documents")
                    # "what is the max for a car loan" (rate_inquiry 0.54) names no rate
                    or intent == "rate_inquiry"
                    and _asks_words(text, LIMIT_WORDS)
                    and not _asks_words(text, RATE_WORDS)
                )
            ):
                # "whats the most i can borrow for a used car" (a purpose and a ceiling), "what
                # docs for a first home mortgage" (a purpose and its papers): what it asks for
                # decides where the classifier is unsure, or torn between the two ("whats the
                # max for a business loan": required_documents 0.33).
                limit = _asks_words(text, LIMIT_WORDS)
                intent = "loan_limit" if limit else "required_documents"
                confidence = max(confidence, CONFIDENT)
            elif (
                (slots.get("prepay_amount") or slots.get("prepay_mode") == "settle")
                and confidence < CONFIDENT
                and {"amount", "rate", "months"} <= set(slots)
            ):
                # A full prepayment what-if: the figures say what it is.
                intent, confidence = "prepayment", max(confidence, CONFIDENT)
            elif (confidence < CONFIDENT or confidence < SITUATION_OVER and not torn) and (
                slots.get("prepay_mode") == "settle" or partial_prepayment(folded.text)
            ):
                # "want to clear the entire loan this month, is there a penalty": paying the
                # whole loan off early (or part of it: "我想先还一部分本金可以吗") is a
                # prepayment question, however it is worded.
                intent, confidence = "prepayment", CONFIDENT
        if (
            not flags
            and (
                intent == "overdue_hardship"
                or confidence < SITUATION_OVER
                or intent != "eligibility"
                and (eligibility_ask(folded.text) or _APPROVAL_ASK.search(folded.text) is not None)
            )
            and worry_asked(folded.text)
        ):
            # "就是担心万一以后还不上 这种情况申请能批吗" (overdue_hardship 0.90 on the words),
            # "i'm worried i might struggle one day, would you still approve me": a fear told
            # with a question about borrowing asks that question; whether one may borrow is the
            # eligibility rule, anything else the classifier's best answerable reading
            named_entry = self.kb.named(folded.text, folded=True)
            if eligibility_ask(folded.text) or _APPROVAL_ASK.search(folded.text) is not None:
                intent = "eligibility"
            elif named_entry is not None and named_entry.intent not in ALWAYS_HANDOFF:
                # "我老公给我做担保 我要是还不上 你们是先找我还是直接找他": the entry the
                # question names (the joint-liability clause), not the classifier's guess
                intent = named_entry.intent
            else:
                answerable = {
                    k: v
                    for k, v in probs.items()
                    if k not in ALWAYS_HANDOFF and k not in ("overdue_hardship", "other")
                }
                intent = max(answerable, key=lambda k: answerable[k]) if answerable else intent
            confidence = max(probs.get(intent, 0.0), SITUATION_OVER)
        if (
            not flags
            and intent not in ALWAYS_HANDOFF
            and _FIRST_INSTALMENT.search(folded.text)
            and _WHEN_ASKED.search(folded.text)
            and not _DATE_CHANGE.search(folded.text)
        ):
            # "The funds hit my account on the 9th. How soon after that do you take the first
            # instalment?" (apply_how 0.50), "首期还款日怎么定的" (the due-date change text): when
            # the first instalment falls is the schedule's rule
            intent, confidence = "repayment_schedule", max(confidence, 0.9)
        elif not flags and intent not in ALWAYS_HANDOFF and _RATE_COMPARED.search(folded.text):
            # "how come my colleague was offered 7% and I got 12%?", "同样借五万 为啥别人年化8%
            # 我要15%": why rates differ between people is what sets a rate, asked
            intent, confidence = "rate_inquiry", max(confidence, 0.9)
        age = slots.get("age")
        if (
            not flags
            and isinstance(age, int)
            and not ADULT_AGES[0] <= age < ADULT_AGES[1]
            # "我今年19 ... 能在你们这借点不" (eligibility 0.25): unsure of the right reading
            and (intent != "eligibility" or confidence < CONFIDENT)
            and (intent in LOAN_WISH_INTENTS or confidence < CONFIDENT)
        ):
            # "[phone] 我六十五了 还在开出租 能借个两万吗", "I'm 67, which loan for a new roof": a
            # loan wish from an age near the limit (or under the minimum) is the age rule's question
            intent, confidence = "eligibility", max(confidence, SITUATION_OVER)
        return folded, lang, slots, flags, intent, confidence

    def _signs_off(self, text: str, slots: dict[str, Any]) -> bool:
        """A sign-off whose left-over words ask nothing: no figure or situation read in the
        message, no entry named, and the classifier not sure of any question in them."""
        rest = closing_rest(text)
        if rest is not None and slots:
            # "I'll try again after payday. bye for now": payday is in the plan
            left = extract(fold(without_plans(text)))
            if left.get("situation") == "closing":
                del left["situation"]
            slots = left
        if rest is None or slots or self.kb.for_situation("closing") is None:
            return False
        if not rest or set(rest.split()) <= _NO_QUESTION_WORDS:
            # "thanks, that's all from me": "from" asks nothing (the classifier once read it
            # as fraud_report 0.33, the word of "says he's from your company")
            return True
        if self.kb.named(rest, folded=True) is not None or self.kb.matching(rest) is not None:
            return False
        again = self.model.predict(rest)
        return (
            again is None
            or again.intent in ("greeting_smalltalk", "other")
            or again.confidence < CONFIDENT
        )

    @staticmethod
    def _intent_from_flags(flags: list[str], predicted: str, probs: dict[str, float]) -> str | None:
        if "injection" in flags or "others_data" in flags or "life_event" in flags:
            return "other"
        if "fraud" in flags:
            return (
                "fraud_report"
                if predicted != "complaint" or "complaint" not in flags
                else "complaint"
            )
        if "complaint" in flags:
            if predicted in ("fraud_report",):
                return predicted
            return "complaint"
        if "human" in flags:
            return "human_request"
        if "hardship" in flags or "distress" in flags:
            return "overdue_hardship"
        if "fee_waiver" in flags:
            return "fees"
        if "rate_negotiation" in flags:
            return "rate_inquiry"
        if "dispute" in flags:
            topics = (
                "fees",
                "contract_terms",
                "repayment_schedule",
                "credit_report_impact",
                "complaint",
            )
            return max(topics, key=lambda t: probs.get(t, 0.0))
        return None

    # ------------------------------------------------------------ answering

    def respond(self, text: str, ctx: Context) -> Reply:
        if len(text) > LONG_MESSAGE:
            # a message of pages (a paste, a letter, a flood) is read by a person: the readers
            # cost time in proportion to its length (30,000 characters took ~3 s, past the
            # server's assistant timeout); the reason is read from its head and tail
            sample = text[: LONG_MESSAGE // 2] + "\n" + text[-(LONG_MESSAGE // 2) :]
            folded = fold(sample)
            flags = flags_of(folded.text)
            reply = Reply(
                "other", 0.0, False, "", {}, ctx.lang or folded.lang, flags=flags, text=text
            )
            return self._handoff(reply, flags[0] if flags else "not_understood", ctx)
        folded, lang, slots, flags, intent, confidence = self.understand(text, ctx.lang)
        reply = Reply(intent, confidence, False, "", slots, lang, flags=flags, text=text)
        if flags:
            return self._handoff(reply, flags[0], ctx)
        if intent in ALWAYS_HANDOFF:
            return self._handoff(reply, intent, ctx)
        if not folded.text:
            return self._handoff(reply, "not_understood", ctx)
        answer = self._compose(folded.text, reply, ctx) if confidence >= CONFIDENT else None
        if answer is None:
            answer = self._between_two(folded.text, reply)
        if answer is None:
            return self._handoff(reply, reply.reason or "not_understood", ctx)
        if reply.entry == "method-switch" and _INTEREST_ONLY.search(folded.text):
            # "can I switch to paying just the interest for a few months": the method rule, and
            # that paying interest only is none of the methods (if money is short, a person)
            answer += _t(
                lang,
                "只还利息、暂停还本金不在可选的还款方式之内；如果是因为手头紧，请回复「人工」，由专人和您商量还款安排。",
                ' Paying interest only, with the principal paused, is not one of the repayment methods; if money is tight, reply "agent" and a person will look at the payments with you.',
            )
        stated_rate = _stated_annual_rate(folded.numeric, slots)
        if (
            stated_rate is not None
            and reply.intent == "rate_inquiry"
            and f"{stated_rate:g}%" not in answer
            and self.catalog.products
        ):
            # "朋友说年利率三分 借五千一年 三分是百分之三还是百分之三十", "an APR of 30 percent,
            # is that high?": the yearly rate the borrower states is said back, with what it costs
            # on the amount named and where it sits against our range, before the rest
            low = min(p.apr_min for p in self.catalog.products)
            high = max(p.apr_max for p in self.catalog.products)
            amount = _int(slots.get("amount"))
            place = (
                ("高于", "above")
                if stated_rate > high
                else ("低于", "below")
                if stated_rate < low
                else ("在", "within")
            )
            cost_zh = (
                f"借 {amount:,} 元一年的利息约 {amount * stated_rate / 100:,.2f} 元（单利），"
                if amount
                else ""
            )
            cost_en = (
                f"on {amount:,} that is about {amount * stated_rate / 100:,.2f} interest a year (simple), "
                if amount
                else ""
            )
            answer = (
                _t(
                    lang,
                    f"您说的年化利率是 {stated_rate:g}%：{cost_zh}"
                    f"{place[0]}我们产品的年化利率（单利）区间 {low:g}%–{high:g}%"
                    f"{'之内' if place[1] == 'within' else ''}。",
                    f"The yearly rate you mention is {stated_rate:g}%: {cost_en}"
                    f"{place[1]} our APR range (simple annual rate) of {low:g}%–{high:g}%. ",
                )
                + answer
            )
        currency = _foreign_currency(folded.text)
        if currency is not None and re.search(r"\d", answer) is not None:
            # "say I'm three days behind, what does that cost me in £?": the product is in
            # yuan; the answer says so plainly rather than giving yuan as if they were pounds
            answer += _t(
                lang,
                f"另外说明：我们的贷款及其金额和各项费用都以人民币计价，不以{currency[0]}计算。",
                f" Please note: our loans, and every amount and charge on them, are in Chinese yuan"
                f" (CNY), not {currency[1]}.",
            )
        reply.answer = answer
        if self.check is not None:
            result = self.check(answer, lang)
            if getattr(result, "verdict", "ok") == "block":
                reply.answer = ""
                return self._handoff(reply, "compliance", ctx)
        return reply

    def _between_two(self, text: str, reply: Reply) -> str | None:
        """The classifier torn between two intents ("Can I borrow money without a credit
        check?": eligibility 0.40, credit_report_impact 0.19), neither with an answer of its
        own: the knowledge base decides. An entry of either intent that matches the message
        (not an intent's general answer, and about a good part of what it asks, not only
        "can I borrow") answers, the better match of the two. The two intents together must
        be likely; the account intents (which need the borrower verified) keep the usual
        path."""
        pred = self.model.predict(text)
        pair = [pred.intent, pred.runner_up]
        if pred.probs.get(pred.runner_up, 0.0) < TORN_SECOND or (
            sum(pred.probs.get(i, 0.0) for i in pair) < TORN_TOGETHER
        ):
            return None
        # A third as likely as the second is in the running too ("Can I borrow money without
        # a credit check?": eligibility 0.37, loan_limit 0.20, credit_report_impact 0.19).
        third = sorted(pred.probs, key=pred.probs.__getitem__, reverse=True)[2:3]
        pair += [i for i in third if pred.probs[i] >= TORN_SECOND]
        if any(i in ALWAYS_HANDOFF for i in pair):
            return None  # half a complaint (or a fraud report, a request for a person): a person
        best: tuple[float, str, Entry] | None = None
        for intent in pair:
            if intent in ALWAYS_HANDOFF or intent in ACCOUNT_INTENTS or intent == "other":
                continue
            entry, score = self.kb.best(
                text,
                intent,
                self._product_type(reply.slots.get("purpose")),
                _str(reply.slots.get("situation")),
            )
            if entry is None or score <= 0 or self.kb.covers(text, entry) < TORN_COVERS:
                continue  # only the intent's general answer, or about a part of the message
            if best is None or score > best[0]:
                best = (score, intent, entry)
        if best is None:
            return None
        _, intent, entry = best
        reply.intent, reply.confidence = intent, pred.probs[intent]
        reply.entry, reply.reason = entry.id, None
        return self.render(entry.answer(reply.lang), reply.lang)

    def _handoff(self, reply: Reply, reason: str, ctx: Context) -> Reply:
        lang = reply.lang
        reply.handoff = True
        reply.reason = reason
        wait = self.wait_text(ctx, lang)
        opening = {
            "distress": _t(
                lang,
                "听到您现在很难受，我们很重视。如果您或身边的人有紧急危险，请立即拨打 110 或 120。",
                "I'm sorry you are going through this. If you or someone near you is in danger, please call 110 or 120 now.",
            ),
            "complaint": _t(
                lang,
                "非常抱歉给您带来不好的体验，您的问题已转给专人处理。",
                "I'm sorry about your experience. A member of our team will handle this personally.",
            ),
            "dispute": _t(
                lang,
                "您对账务或合同有疑问，已转给专人核实。",
                "You have a question about a charge or the contract; a member of our team will check it.",
            ),
            "fraud": _t(
                lang,
                "请不要向任何人转账或透露验证码，我们不会以任何理由要求您这样做。已为您转接专人处理。",
                "Please do not transfer money or share any verification code with anyone; we never ask for that. A member of our team will take this up now.",
            ),
            "fraud_report": _t(
                lang,
                "请不要向任何人转账或透露验证码，我们不会以任何理由要求您这样做。已为您转接专人处理。",
                "Please do not transfer money or share any verification code with anyone; we never ask for that. A member of our team will take this up now.",
            ),
            "hardship": _t(
                lang,
                "理解您的难处，还款安排需要专人和您一起看，已为您转接。",
                "I understand. Repayment arrangements need a person to look at them with you, so I'm passing you to our team.",
            ),
            "fee_waiver": _t(
                lang,
                "费用减免需要专人审核，已为您转接。",
                "Fee waivers are reviewed by a person; I've passed your request on.",
            ),
            "rate_negotiation": _t(
                lang,
                "利率需要根据审批结果确定，已为您转接专人沟通。",
                "Rates are set by the credit review; a member of our team will discuss it with you.",
            ),
            "others_data": _t(
                lang,
                "为保护个人信息，我们只能向借款人本人提供其账户信息。如需帮助，请由本人联系我们；已为您转接人工。",
                "To protect personal information we can only discuss an account with the borrower themselves. I've passed this to a member of our team.",
            ),
            "injection": _t(
                lang,
                "抱歉，我只能回答与贷款相关的问题，已为您转接人工客服。",
                "Sorry, I can only help with questions about loans. I've passed you to a member of our team.",
            ),
            "human": _t(
                lang,
                "好的，马上为您转接人工客服。",
                "Of course, I'm passing you to a member of our team.",
            ),
            "human_request": _t(
                lang,
                "好的，马上为您转接人工客服。",
                "Of course, I'm passing you to a member of our team.",
            ),
            "life_event": _t(
                lang,
                "这种情况需要专人和您一起处理，已为您转接。",
                "A member of our team will take this up with you personally.",
            ),
            "technical": _t(
                lang,
                "App 或网页的使用问题需要同事和您一起排查，已为您转接。",
                "A member of our team will look into the problem with the app or the page with you.",
            ),
            "compliance": _t(
                lang, "这个问题由人工客服为您解答。", "A member of our team will answer this."
            ),
            "prescreen": _t(lang, "", ""),
        }.get(
            reason,
            _t(
                lang,
                "这个问题我转给人工客服为您解答。",
                "Let me pass this to a member of our team.",
            ),
        )
        reply.answer = f"{opening}{wait}".strip() if lang == "zh" else f"{opening} {wait}".strip()
        return reply

    def wait_text(self, ctx: Context, lang: str) -> str:
        if ctx.hours.is_open(ctx.now_ms):
            return _t(
                lang, "预计几分钟内会有同事回复您。", "Someone will reply within a few minutes."
            )
        when = ctx.hours.describe_next(ctx.now_ms, lang)
        return _t(
            lang,
            f"现在是非工作时间，我们的同事会在{when} 上班后第一时间回复您。",
            f"Our team is away now; they will contact you first thing when they start, {when}.",
        )

    # ------------------------------------------------------------ composition

    def _compose(self, text: str, reply: Reply, ctx: Context) -> str | None:
        lang, intent, slots = reply.lang, reply.intent, reply.slots
        budget, months_said = _int(slots.get("monthly_budget")), _int(slots.get("months"))
        if intent == "rate_inquiry" and _RATE_COMPARED.search(text):
            # why two people's rates differ: what the review weighs (the general rate entry),
            # not an example schedule for the amount or the APR's definition
            general = self.kb.general(intent)
            if general is not None:
                reply.entry = general.id
                return self.render(general.answer(lang), lang)
        if intent == "loan_limit" and budget and months_said and slots.get("rate"):
            rate = Decimal(str(slots["rate"]))
            r = rate / 1200
            most = (
                Decimal(budget) * (1 - (1 + r) ** -months_said) / r
                if r > 0
                else Decimal(budget * months_said)
            ).quantize(Decimal("1"))
            return _t(
                lang,
                f"按年化 {rate:g}%（单利）、分 {months_said} 期等额本息、每月还 {budget:,} 元算，最多可以借约 {most:,} 元"
                f"（借 {most:,} 元的月供约 {budget:,} 元）。实际能批多少、利率多少，由审核根据您的收入、信用记录和负债确定。",
                f"At {rate:g}% a year (simple annual rate) over {months_said} monthly instalments, {budget:,} a month "
                f"repays a loan of about CNY {most:,} (that is the most those payments cover). How much is approved, "
                "and at what rate, depends on the review of your income, credit record and debts.",
            )
        if (
            intent == "loan_limit"
            and _LIMIT_USE.search(text)
            and _INTEREST_WORD.search(text) is None
        ):
            # "app says i'm approved for 30k but i only need 8k", "五万额度能不能分两回借": what
            # we know of using a limit, and who confirms the rest (no rule invented)
            return _t(
                lang,
                "批给您的额度是可借的上限，实际借多少由您在额度内选择；利息只按实际借出、尚未还清的本金计算，"
                "没借出的部分不计利息。额度能否分几次借、每笔期限能否不同、还款后能否再借（循环使用），"
                "以及没用的额度如何报送征信，以您的产品和合同为准，请回复「人工」由专人为您确认。",
                "The approved limit is the most you can borrow: you choose how much to take within it, and "
                "interest is charged only on what is paid out and not yet repaid; the unused part costs nothing. "
                "Whether the limit can be drawn in several parts or with different terms, used again after you "
                "repay (revolving), and how an unused limit is reported to the credit bureau depend on your "
                'product and contract: reply "agent" and a person will confirm.',
            )
        if intent == "prepayment" and _CAR_LIEN.search(text):
            # "if I clear my car loan early, how do I get the lien taken off", "车贷没还完想卖车":
            # the car is pledged until the loan is settled; the steps of the release, a person
            return _t(
                lang,
                "车贷放款后车辆办理了抵押登记，贷款没还清时车辆处于抵押状态。卖车或过户一般要先结清贷款："
                "结清后可在 App「我的贷款 > 结清证明」下载结清证明，再办理解除抵押（解押）。解押要准备哪些材料、"
                "去哪里办、多久能办好，以及能否带着贷款过户，请回复「人工」由专人为您确认。",
                "After a car loan is paid out the car is registered as security, and it stays pledged until the "
                "loan is settled. To sell or transfer the car the loan is normally settled first: then download "
                'the settlement certificate under "My loans > Settlement certificate" in the app and have the '
                "pledge released. What the release needs, where it is done and how long it takes, and whether "
                'the car can change hands with the loan still on it, a person will confirm: reply "agent".',
            )
        named = self.kb.named(text, folded=True)
        known = self.kb.matching(text) if named is not None else None
        about = self.kb.for_situation(str(slots.get("situation") or ""))
        if (
            named is not None
            and named.intent == intent
            and (known is None or known is named)
            # "im 19 and just started working, can i borrow": the age rule answers first
            and not _age_decides(slots, intent)
            and (
                about is None
                or about.intent != intent
                or about is named
                # "GPS费是什么" asks what a fee is; "扣了一笔GPS费 是什么钱" a charge taken
                or about.situation == ("unknown_charge",)
                and _TAKEN.search(text) is None
            )
        ):
            # the entry the message names answers it: "GPS费是什么", "逾期一天罚息多少" (not
            # a question variant of another entry, nor a situation with a rule of its own)
            reply.entry = named.id
            return self.render(named.answer(lang), lang)
        if intent == "fees" and (ctx.account is None or not ctx.account.verified):
            penalty = self._penalty_for(text, slots, lang)
            if penalty is not None:
                # "提前还两万块 手续费是多少" (fees 0.71): the fee on a prepayment named
                reply.intent = "prepayment"
                return f"{penalty}{'' if lang == 'zh' else ' '}{self.verify_text(ctx, lang)}"
        if (
            intent in ("rate_inquiry", "repayment_schedule")
            and slots.get("rate")
            and slots.get("amount")
            and _MONTH_INTEREST.search(text)
            and not _ASKS_INSTALMENT.search(text)
            # a rate a week is the conversions' (below), never read as a year's
            and rate_period(text, Decimal(str(slots["rate"]))) != "weekly"
        ):
            # "18% APR, so how much interest is that a month on 20k": a month's interest on
            # the whole amount (the first month; it falls as the balance is repaid)
            rate, amount = Decimal(str(slots["rate"])), Decimal(int(slots["amount"]))
            said = rate_period(text, rate)
            if said in ("monthly", "daily"):
                # "1.5% per month, whats the monthly interest on 10k": the rate is a month's
                # already (it was read as a year's: "At 1.5% a year ... CNY 12.50"); a day's
                # rate makes a month of 30 days
                days = 30 if said == "daily" else 1
                month = (amount * rate * days / 100).quantize(Decimal("0.01"))
                apr = f"{float(rate * (365 if days == 30 else 12)):g}"
                zh_per, en_per = ("日", "a day") if days == 30 else ("月", "a month")
                zh_n, en_n = (" × 30 天", " × 30 days") if days == 30 else ("", "")
                return _t(
                    lang,
                    f"按{zh_per}利率 {rate:g}%（折合年化利率（单利）{apr}%）计算，{amount:,.0f} 元一个月的利息约 "
                    f"{month:,.2f} 元（{amount:,.0f} × {rate:g}%{zh_n}）；分期还本后，利息随剩余本金逐月减少。",
                    f"At {rate:g}% {en_per} (an APR, simple annual rate, of {apr}%), a month's interest on "
                    f"CNY {amount:,.0f} is about CNY {month:,.2f} ({amount:,.0f} × {rate:g}%{en_n}); as you "
                    "repay, the interest falls with the balance.",
                )
            month = (amount * rate / 1200).quantize(Decimal("0.01"))
            return _t(
                lang,
                f"按年化 {rate:g}% 计算，{amount:,.0f} 元一个月的利息约 {month:,.2f} 元（{amount:,.0f} × {rate:g}% ÷ 12）；分期还本后，利息随剩余本金逐月减少。",
                f"At {rate:g}% a year, a month's interest on CNY {amount:,.0f} is about CNY {month:,.2f} ({amount:,.0f} × {rate:g}% ÷ 12); as you repay, the interest falls with the balance.",
            )
        periodic = ""
        if intent in ACCOUNT_INTENTS and not slots.get("rate"):
            # "借五千 六个月 每月还九百 这个合算吗" (repayment_schedule 0.58): a payment the
            # borrower states, judged, is the rate it makes, not our payment range
            stated = conversion(to_digits(text), _int(slots.get("months")), fold(text).text)
            if stated is not None and stated.kind == "instalment" and stated.months:
                reply.intent = intent = "rate_inquiry"
            elif (
                slots.get("amount")
                and slots.get("months")
                and not asks_interest(to_digits(text).lower())
                and (
                    stated := conversion(
                        to_digits(text), _int(slots.get("months")), fold(text).text, asked=False
                    )
                )
                is not None
                and stated.kind in ("daily", "weekly", "monthly")
            ):
                # "月息八厘 借五万 分两年 每个月还多少": a monthly rate said the folk way is the
                # rate the payment is worked out at (its simple annual rate), not our range
                periodic = conversion_text(stated, lang, None, None)
                slots = {**slots, "rate": str(stated.apr.quantize(Decimal("0.01")))}
        if intent in ACCOUNT_INTENTS and slots.get("rate") and not annual_points(to_digits(text)):
            # "0.05% a day on 20k for 3 months, how much interest", "月利率1.5% 借2万 分12期
            # 每月还多少": a rate per day, week or month is not an annual rate for the calculator
            stated = conversion(
                to_digits(text), _int(slots.get("months")), fold(text).text, asked=False
            )
            if (
                stated is not None
                and stated.kind in ("daily", "weekly", "monthly")
                # the period's rate is the figure the slot read ("1.5% per month"), not another
                # the shared reader makes of the words around it ("six and three quarters
                # percent ... what's that a month" is 6.75% a year, not 0.0075% a month)
                and stated.rate_pct == Decimal(str(slots["rate"]))
            ):
                if asks_interest(to_digits(text).lower()) and not _ASKS_PAYMENT.search(text):
                    reply.intent = intent = "rate_inquiry"
                else:
                    periodic = conversion_text(stated, lang, None, None)
                    slots = {**slots, "rate": str(stated.apr.quantize(Decimal("0.01")))}
        if intent in ACCOUNT_INTENTS:
            figures = self._calculation(intent, slots, lang, text)
            if figures:
                return periodic + ("" if lang == "zh" or not periodic else " ") + figures
            account = ctx.account
            if account is None or not account.verified:
                # A policy question (penalty, how to) is answered from the knowledge base;
                # anything about the borrower's own loan waits for verification.
                policy = intent == "prepayment" and (
                    not (
                        slots.get("prepay_amount")
                        or (slots.get("prepay_mode") == "settle" and _asks_amount(text))
                    )
                    # "现在一次性还清要多少违约金": the penalty is the policy's rule (a share of
                    # what is repaid), answered before the borrower is verified
                    or (not slots.get("prepay_amount") and _asks_words(text, PENALTY_WORDS))
                    # "我想提前还3万，减少月供好还是缩短期限好": which way to prepay is the
                    # policy's question, whatever the amount
                    or (
                        prepay_mode_of(fold(text).text) in ("shorten-term", "reduce-payment")
                        and _asks_choice(text)
                    )
                    # "下个月想多还五千 能少点利息不": whether paying in early saves interest is
                    # the policy's answer too, whatever the amount
                    or _SAVES_INTEREST.search(text) is not None
                    # "这个月多还一千 下个月多还两千 有次数限制吗": the rules of prepaying
                    or _RULE_ASK.search(text) is not None
                    # "年终奖到了 打算先还掉一万 剩下的月供会变吗": what paying a part does to
                    # the payment or the term
                    or _PART_CHANGES.search(text) is not None
                    # "我想先还两万本金，剩下的继续按月还，可以吗", "I want to prepay 20,000 of
                    # principal and keep paying monthly": whether (and how) one may, not one's
                    # own balance; the policy says how, and verifying gives the figures
                    or (_MAY_PREPAY.search(text) is not None and not _asks_amount(text))
                )
                penalty = self._penalty_for(text, slots, lang)
                if penalty is not None:
                    # "我想提前还3万 要付多少违约金", "提前还两万块 手续费是多少": the rule's
                    # share of the amount named, then verification for whether it applies
                    return f"{penalty}{'' if lang == 'zh' else ' '}{self.verify_text(ctx, lang)}"
                named = self.kb.named(text, folded=True)
                if (
                    named is not None
                    and named.intent == intent
                    and self.kb.by_intent.get(intent, [-1])[0] != self.kb.entries.index(named)
                ):
                    # "next month's instalment date is a bank holiday, does the debit shift?",
                    # "申请的时候金额填错了 提交了还能改吗": a message that names an entry of
                    # its own (a rule, not the borrower's figures) gets that rule; verifying
                    # gives nothing the answer needs
                    policy = True
                if (
                    not policy
                    and intent == "repayment_schedule"
                    and (
                        _HYPOTHETICAL.search(text)
                        or _HOW_IT_MOVES.search(text)
                        or (_FIRST_INSTALMENT.search(text) and _WHEN_ASKED.search(text))
                    )
                    and not _OWN_LOAN.search(text)
                ):
                    # "要是十五号放款的话 第一次还钱是哪天", "say the loan pays out on the 28th,
                    # which day would my instalments come out", "利息是越还越少还是每期都一样多":
                    # how the schedule works, asked of a loan supposed or in general, not the
                    # borrower's own figures (those still wait for verification: "如果我多还点
                    # 我的贷款还剩多少"); the schedule's rule, however sure the classifier is
                    # (an entry of its own that the words match first: "what do you charge if
                    # my payment goes in 5 days after the due date" is the grace rule's)
                    entry, _ = self.kb.best(text, intent)
                    if entry is not None:
                        reply.entry = entry.id
                        return self.render(entry.answer(lang), lang)
                if not policy and self._is_account_question(text, intent, slots):
                    return self.verify_text(ctx, lang)
            else:
                own = self._account_answer(intent, slots, account, ctx, lang)
                if own:
                    return own
        if intent == "rate_inquiry":
            stated = conversion(to_digits(text), _int(slots.get("months")), fold(text).text)
            if (
                stated is not None
                and stated.kind in ("daily", "weekly", "monthly")
                and annual_points(to_digits(text))
            ):
                # "年化四块五" / "年化六块八": an annual rate said the spoken way, not a cost per
                # month the shared reader makes of the figures around it
                stated = None
            if stated is not None:
                low = min((p.apr_min for p in self.catalog.products), default=None)
                high = max((p.apr_max for p in self.catalog.products), default=None)
                said = conversion_text(stated, lang, low, high, _foreign_currency(fold(text).text))
                principal, months = _int(slots.get("amount")), _int(slots.get("months"))
                if (
                    stated.kind in ("daily", "weekly", "monthly")
                    and principal
                    and months
                    and asks_interest(to_digits(text).lower())
                ):
                    # "日利率万分之三 借三万用半年 利息大概多少钱": the amount asked for first
                    said = interest_text(stated, Decimal(principal), months, lang) + said
                elif (
                    stated.kind in ("daily", "weekly", "monthly")
                    and principal
                    and months
                    and (
                        _ASKS_PAYMENT.search(text)
                        or _ASKS_MONTH_UNDER.search(to_digits(text).lower())
                    )
                ):
                    # "月息一分二 借八万 分三年 每个月还一样多 一个月还多少": the payment at that
                    # rate, worked out after the rate is said
                    figures = self._calculation(
                        "repayment_schedule",
                        {**slots, "rate": str(stated.apr.quantize(Decimal("0.01")))},
                        lang,
                        text,
                    )
                    if figures:
                        said = said + ("" if lang == "zh" else " ") + figures
                return said
        if intent == "apply_how" and phone_application(text):
            how = next((e for e in self.kb.entries if e.id == "apply-how"), None)
            if how is not None:
                # the steps, after what the borrower asked: no, not by phone, and why
                reply.entry = how.id
                return _t(
                    lang,
                    "申请要由本人在 App 或官网在线完成（需要本人实名认证、人脸识别并亲自签署电子合同），"
                    "客服不能在电话里代您申请或填写；操作中遇到问题可以回复「人工」。",
                    "An application is made online by the borrower in the app or on the website (it "
                    "needs your own identity check, face check and your own signature on the "
                    "e-contract), so we can't apply or fill it in for you over the phone; if you get "
                    'stuck, reply "agent". ',
                ) + self.render(how.answer(lang), lang)
        if intent == "loan_limit" and income_limit_ask(text) and not limit_ask(text):
            # "我一个月到手一万二 房贷每月还四千 还能批多少": the pay (and repayments) the
            # borrower states are taken up, then the rule: no figure is promised before review
            general = self.kb.general("loan_limit")
            if general is not None:
                reply.entry = general.id
                return self._income_said(slots, text, lang) + self.render(
                    general.answer(lang), lang
                )
        if intent == "loan_limit":
            # "最短可以借几个月", "whats the smallest loan i can take": each product's range
            limits = self._limits(limit_ask(text), _str(slots.get("purpose")), lang)
            if limits:
                return limits
        about = self.kb.for_situation(str(slots.get("situation") or ""))
        # "im 66 and still working part time, am i too old": the age decides, not the job
        named = self.kb.named(text, folded=True) if about is not None else None
        if (
            about is not None
            and about.intent == intent
            and not _age_decides(slots, intent)
            # "打到卡里的会不会少于五万 中间有没有被扣走什么钱": money taken off the payout is
            # the fee list's own term, not a charge already on the borrower's statement
            and not (named is not None and named.intent == intent and named is not about)
        ):
            # "i only work part time", "我单位没给我交社保", "do you do payday loans": a rule
            # of its own, before the employment rules and the product list.
            reply.entry = about.id
            return self.render(about.answer(lang), lang)
        if (
            intent == "eligibility"
            and slots.get("employment")
            # "im 66 and still working part time": near the age limit the age rule answers
            and not (
                _age_decides(slots, intent)
                and isinstance(slots.get("age"), int)
                and slots["age"] >= ADULT_AGES[1]
                and slots.get("employment") != "retired"
            )
        ):
            # "我自己开了个小店当老板，没有工资条，能贷吗", "我还在读研究生，可以申请吗": whether
            # a student or the self-employed may borrow at all comes before which loan fits.
            rule = self.kb.for_employment(intent, str(slots["employment"]))
            if rule is not None:
                reply.entry = rule.id
                return self.render(rule.answer(lang), lang)
        if (
            intent in ("product_recommendation", "loan_limit", "eligibility")
            and slots.get("purpose")
            # an age near the limit (or under the minimum) decides before which loan fits
            and not _age_decides(slots, intent)
        ):
            offer = self._products(slots, lang, intent, text)
            if offer:
                return offer
        if intent == "required_documents" and slots.get("purpose"):
            docs = self._documents(slots["purpose"], lang)
            if docs:
                return docs
        if intent in ("rate_inquiry", "repayment_schedule") and slots.get("amount"):
            example = self._payment_range(
                {**slots, "months": slots.get("months") or 12}, lang, text
            )
            if example:
                return example
        if intent == "rate_inquiry" and slots.get("purpose") and not self._specific(text, intent):
            rates = self._rates(slots["purpose"], lang)
            if rates:
                return rates
        product = self._product_type(slots.get("purpose"))
        entry, score = self.kb.best(
            text,
            intent,
            product,
            _str(slots.get("situation")),
            employment=str(slots.get("employment") or ""),
        )
        known = self.kb.matching(text)
        if known is not None and known.intent == intent:
            entry, score = known, max(score, 10.0)
        if (
            intent == "eligibility"
            and entry is not None
            and entry.employment
            and slots.get("employment")
            and slots["employment"] not in entry.employment
        ):
            # "我在厂里上班，可以申请吗" shares 厂 with the self-employed rule, but says the
            # borrower is an employee: a rule about other borrowers is not the answer.
            entry, score = self.kb.general(intent), 0.0
        if (
            intent == "prepayment"
            and entry is not None
            and slots.get("prepay_mode") == "settle"
            and any(
                prepay_mode_of(fold(q).text) in ("shorten-term", "reduce-payment")
                for q in entry.questions_zh + entry.questions_en
            )
        ):
            # "pay off the whole thing next month to save interest" pays the loan off: the
            # entry on shortening the term or lowering the payment after a part is not it.
            entry, score = self.kb.general(intent), 0.0
        age = slots.get("age")
        age_first = (
            intent == "eligibility"
            and isinstance(age, int)
            and not (ADULT_AGES[0] <= age < ADULT_AGES[1])
            and (
                self.kb.for_employment(intent, str(slots.get("employment") or "")) is None
                # "im 66 and still working part time, am i too old": near the age limit the
                # age decides whatever the job (a pension has its own rule)
                or age >= ADULT_AGES[1]
                and slots.get("employment") != "retired"
            )
            and self.kb.general(intent) is not None
        )
        if age_first:
            # "我今年21岁，刚毕业上班，可以贷款吗": an age under the usual minimum (or near the
            # maximum) is what decides, so the age rule answers before the job-tenure rule.
            entry, score = self.kb.general(intent), 0.0
        # "im 19, can i get a loan": an eligibility question that states an age is answered by
        # the general rule, which is the age rule, however unsure the classifier is.
        age_rule = age_first or (intent == "eligibility" and bool(age) and score == 0.0)
        # ... and a question about paying the whole loan (or a part) off early by the prepayment
        # policy.
        age_rule = age_rule or (
            intent == "prepayment"
            and (
                slots.get("prepay_mode") == "settle"
                or partial_prepayment(fold(text).text)
                # "下个月想多还五千 能少点利息不": an amount to pay in early
                or bool(slots.get("prepay_amount"))
            )
        )
        if (
            entry is not None
            and score == 0.0
            and known is None
            and reply.confidence < 0.5
            and not age_rule
        ):
            # Only the intent's general answer, and the classifier half sure: an entry of a
            # near-second intent that is about the message answers instead ("Can I borrow
            # money without a credit check?": eligibility 0.40, credit_report_impact 0.20).
            torn = self._between_two(text, reply)
            if torn is not None:
                return torn
        if entry is not None and reply.confidence < 0.4 and not age_rule:
            if score == 0.0:
                entry = None  # only the intent's general answer, and the classifier is unsure
            elif known is None and self.kb.covers(text, entry) < TORN_COVERS:
                # ... or an entry about a small part of the message: "how much can I borrow"
                # is the common half of "can I borrow money without my husband knowing"
                entry = None
        if (
            intent == "contract_terms"
            and entry is not None
            and entry.id in ("contract-cancel", "contract-where")
            and _CANCEL_OR_WHERE.search(text) is None
        ):
            # "合同里有一条 同意向第三方提供个人信息 这条我能不同意吗", "is there an english
            # version of the contract": a contract question that asks neither how to cancel nor
            # where the contract is gets what we know (the signed text governs) and who explains
            # it, not the cooling-off rule
            return _t(
                lang,
                "合同内容以您签署的合同原文为准，全文可以在 App「我的贷款 > 合同」查看和下载。"
                "合同里某一条具体对您意味着什么、能否不同意或变更，需要专人为您逐条解释，请回复「人工」。",
                "What your contract says is as written in the contract you signed; the full text is "
                'under "My loans > Contract" in the app. What a particular part means for you, and '
                'whether it can be opted out of or changed, a person will go through with you: reply "agent".',
            )
        if entry is None or (intent == "other" and score < 2.0):
            reply.reason = "no_answer" if entry is None else "not_understood"
            return None
        reply.entry = entry.id
        return self.render(entry.answer(lang), lang)

    @staticmethod
    def _income_said(slots: dict[str, Any], text: str, lang: str) -> str:
        income = _int(slots.get("monthly_income"))
        if _YEARLY_PAY.search(text) is not None:
            income = None  # "i earn about 80k a year": not a month's pay
        repaying = repaying_said(text)
        # "工资是港币发的 每月三万港币左右": the pay in the currency the borrower wrote, never
        # relabelled as yuan (the note after the answer says our loans are in yuan)
        currency = _foreign_currency(text.lower())
        if lang == "zh":
            unit = currency[0] if currency else "元"
            pay = f"月收入约 {income:,} {unit}" if income else "收入"
            debts = "和每月已有的还款" if repaying else ""
            return (
                f"您说的{pay}{debts}是审核额度时看的主要情况之一，但具体能批多少要提交申请、"
                "由审核综合评估后才能确定，这里没法预先给出数字。"
            )
        pay = (
            (
                f"a monthly income of about {income:,} {currency[1]}"
                if currency
                else f"a monthly income of about CNY {income:,}"
            )
            if income
            else "your income"
        )
        debts = " and the repayments you already make" if repaying else ""
        return (
            f"The review weighs {pay}{debts} when it sets a limit, but the amount itself is "
            "only known once you apply and the review is done; I can't give a figure in advance. "
        )

    def _specific(self, text: str, intent: str) -> bool:
        """An entry of the intent other than its general one matches the message: "我的房贷
        是跟着LPR浮动的吗" asks how a mortgage rate moves, not what the mortgage rates are."""
        entry, score = self.kb.best(text, intent)
        general = self.kb.by_intent.get(intent, [])
        if entry is None or score < SPECIFIC_SCORE or not general:
            return False
        first = self.kb.entries[general[0]]
        # ... and has more of the message than the general entry: "what's the interest on the
        # education loan" shares only "interest" with "how is interest calculated", as much as
        # with "what is the interest rate", so it asks what the rate is.
        return entry is not first and self.kb.covers(text, entry) > self.kb.covers(text, first)

    @staticmethod
    def _is_account_question(text: str, intent: str, slots: dict[str, Any]) -> bool:
        if intent == "application_status":
            general = (
                "多久",
                "几天",
                "多长时间",
                "how long",
                "重新申请",
                "再申请",
                "再申",
                "评分不足",
                "reapply",
                "apply again",
                "try again",
                "再试",
                "重新试",
                "下次申请",
                "why was",
                "取消",
                "cancel",
            )
            if re.search(
                r"为什么.{0,8}(被拒|拒绝|没通过|不通过)|why .{0,24}(rejected|declined)", text
            ):
                return False
            return not any(w in text for w in general)
        if intent == "repayment_schedule":
            how = (
                "怎么算",
                "如何计算",
                "怎么计算",
                "计算方法",
                "在哪看",
                "在哪里看",
                "哪里查",
                "how is",
                "calculated",
                "where can i see",
                "where do i see",
                "where is",
            )
            return not any(w in text for w in how)
        return True

    def render(self, answer: str, lang: str) -> str:
        if "{apr_ranges}" in answer:
            sep = "；" if lang == "zh" else "; "
            ranges = sep.join(
                f"{p.display_name(lang)} {p.apr_range(lang)}" for p in self.catalog.products
            )
            answer = answer.replace("{apr_ranges}", ranges)
        if "{products}" in answer:
            sep = "、" if lang == "zh" else ", "
            answer = answer.replace(
                "{products}", sep.join(p.display_name(lang) for p in self.catalog.products)
            )
        return answer

    def verify_text(self, ctx: Context, lang: str) -> str:
        if ctx.channel == "wechat":
            return _t(
                lang,
                "为保护您的账户安全，查询账户信息前需要先确认身份：请在公众号菜单「我的账户 > 绑定账户」完成绑定，绑定后我就能为您查询。",
                "To protect your account, I need to confirm it's you first: bind your loan account in the menu (My account > Bind account), then ask me again.",
            )
        if ctx.channel == "chat":
            return _t(
                lang,
                "为保护您的账户安全，查询账户信息前需要先验证身份：请点击聊天窗口上方的「验证身份」，输入借款时预留的手机号并填写短信验证码（或先登录网银/App 后再打开聊天）。",
                'To protect your account, please verify first: click "Verify" at the top of the chat and enter the code we text to the phone number on your loan (or log in to your account before opening the chat).',
            )
        return _t(
            lang,
            "为保护您的账户安全，请先完成身份验证后再查询账户信息。",
            "To protect your account, please verify your identity before I can look up account details.",
        )

    def _product_type(self, purpose: str | None) -> str | None:
        if not purpose:
            return None
        products = self.catalog.for_purpose(purpose)
        return products[0].type if products else None

    def _rates(self, purpose: str, lang: str) -> str | None:
        if purpose in self.catalog.prohibited_purposes:
            return self._prohibited(purpose, lang)
        products = self.catalog.for_purpose(purpose)
        if not products:
            return None
        lines = [
            f"{p.display_name(lang)}：{p.apr_range(lang)}"
            if lang == "zh"
            else f"{p.display_name(lang)}: {p.apr_range(lang)}"
            for p in products
        ]
        tail = _t(
            lang,
            "实际利率以审批结果为准，按单利计算，利息按剩余本金计收。",
            "The actual rate depends on the credit review; interest is simple interest on the outstanding principal.",
        )
        sep = "；" if lang == "zh" else "; "
        return sep.join(lines) + (_t(lang, "。", ". ")) + tail

    def _limits(self, ask: str | None, purpose: str | None, lang: str) -> str | None:
        """The term (or amount) range of each product, of the purpose's products when one is
        named: what "最长能分多少期" or "the smallest amount I can borrow" asks."""
        if ask is None or (purpose and purpose in self.catalog.prohibited_purposes):
            return None
        products = self.catalog.for_purpose(purpose) if purpose else []
        products = products or list(self.catalog.products)
        if not products:
            return None
        sep = "；" if lang == "zh" else "; "
        if ask == "term":
            ranges = sep.join(
                f"{p.display_name(lang)} {p.term_min}–{p.term_max} " + _t(lang, "个月", "months")
                for p in products
            )
            return _t(
                lang,
                f"贷款期限因产品而异：{ranges}。实际期限以审批结果和合同为准。",
                f"Loan terms depend on the product: {ranges}. Your term is set by the credit "
                "review and written in your contract.",
            )
        ranges = sep.join(
            f"{p.display_name(lang)} {p.amount_min:,}–{p.amount_max:,} 元"
            if lang == "zh"
            else f"{p.display_name(lang)} CNY {p.amount_min:,}–{p.amount_max:,}"
            for p in products
        )
        return _t(
            lang,
            f"各产品的借款金额范围：{ranges}。实际额度根据收入、负债和信用情况审核确定。",
            f"The amounts you can borrow depend on the product: {ranges}. Your actual limit is "
            "set by the review of income, debts and credit history.",
        )

    def _prohibited(self, purpose: str, lang: str) -> str:
        return _t(
            lang,
            "按照监管要求，贷款资金不得用于炒股、购房首付、偿还其他贷款、赌博或虚拟货币等用途，这类用途我们无法提供贷款。",
            "Under lending rules, loan money may not be used for stock trading, home down payments, repaying other loans, gambling or crypto, so we cannot lend for that purpose.",
        )

    def _documents(self, purpose: str, lang: str) -> str | None:
        products = self.catalog.for_purpose(purpose)
        if not products:
            return None
        parts = []
        extra = self.catalog.purpose_documents.get(purpose, ())
        for p in products:
            docs = p.required_documents + tuple(d for d in extra if d not in p.required_documents)
            names = ("、" if lang == "zh" else ", ").join(
                self.catalog.document_name(d, lang) for d in docs
            )
            parts.append(
                f"{p.display_name(lang)}：{names}"
                if lang == "zh"
                else f"{p.display_name(lang)}: {names}"
            )
        head = _t(lang, "需要准备的材料：", "Documents needed: ")
        tail = _t(
            lang,
            "。材料可以在 App 或网页的申请页面拍照上传。",
            ". You can upload photos of them on the application page of the app or website.",
        )
        return head + ("；" if lang == "zh" else "; ").join(parts) + tail

    def _products(
        self, slots: dict[str, Any], lang: str, intent: str, text: str = ""
    ) -> str | None:
        purpose = slots["purpose"]
        if purpose in self.catalog.prohibited_purposes:
            return self._prohibited(purpose, lang)
        products = self.catalog.for_purpose(purpose)
        if not products:
            return None
        amount = slots.get("amount")
        # "希望每个月压力小一点", "I want the lowest monthly payment": with no term said, the
        # longest term is the borrower's wish (the lowest payment, more interest in all)
        low_payment = not slots.get("months") and _LOW_PAYMENT.search(text) is not None
        lines = []
        for p in products:
            months = int(slots.get("months") or (p.term_max if low_payment else p.default_term))
            months = min(max(months, p.term_min), p.term_max)
            if lang == "zh":
                line = f"{p.name}（{p.apr_range('zh')}，额度 {p.amount_min:,}–{p.amount_max:,} 元，期限 {p.term_min}–{p.term_max} 个月）"
            else:
                line = f"{p.display_name('en')} ({p.apr_range('en')}, CNY {p.amount_min:,}–{p.amount_max:,}, {p.term_min}–{p.term_max} months)"
            if amount and p.amount_min <= amount <= p.amount_max:
                low = example_payment(amount, p.apr_min, months)
                high = example_payment(amount, p.apr_max, months)
                line += _t(
                    lang,
                    f"，借 {amount:,} 元分 {months} 期等额本息，月供约 {low:,.2f}–{high:,.2f} 元",
                    f"; borrowing CNY {amount:,} over {months} months (equal instalments) costs about CNY {low:,.2f}–{high:,.2f} a month",
                )
            elif amount:
                line += _t(
                    lang,
                    "，您说的金额不在该产品额度范围内",
                    "; the amount you mention is outside this product's range",
                )
            lines.append(line)
        if low_payment and amount:
            lines[-1] += _t(
                lang,
                "（按最长期限算，月供最低，但总利息更多）",
                " (at the longest term the monthly payment is lowest, though you pay more interest in all)",
            )
        head = _t(lang, "适合您用途的产品：", "Products for that purpose: ")
        tail = _t(
            lang,
            "。以上仅供参考，能否获批及最终额度、利率以审核结果为准。",
            ". This is for reference only; approval, the amount and the rate depend on the credit review.",
        )
        return head + ("；" if lang == "zh" else "; ").join(lines) + tail

    # ------------------------------------------------------------ figures

    def _calculation(
        self, intent: str, slots: dict[str, Any], lang: str, text: str = ""
    ) -> str | None:
        """A what-if the borrower stated in full: principal, rate, term (and for a prepayment,
        when and how much). The figures are those of ``loancs calc``."""
        if not (slots.get("amount") and slots.get("months") and slots.get("rate")):
            if intent == "repayment_schedule" and slots.get("amount") and slots.get("months"):
                return self._payment_range(slots, lang, text)
            return None
        try:
            spec = LoanSpec(
                Decimal(slots["amount"]),
                Decimal(slots["rate"]),
                int(slots["months"]),
                slots.get("method", "annuity"),
            )
            if intent == "prepayment" and (
                slots.get("prepay_amount") or slots.get("prepay_mode") == "settle"
            ):
                return self._prepay_text(spec, slots, lang)
            plan = schedule(spec)
            if _BOTH_METHODS.search(text):
                # "借六万 分三年 年化6% 等额本金头一个月比等额本息要多还多少": both, side by side
                both = {
                    m: schedule(LoanSpec(spec.principal, spec.annual_rate_pct, spec.months, m))
                    for m in ("equal-principal", "annuity")
                }
                return self._both_methods(spec, both, lang)
        except LoanInputError:
            return None
        asked = self._asked_row(plan, text, lang)
        if asked:
            return asked
        first = plan.rows[0]
        last = ""
        if spec.method == "equal-principal":
            # "到最后一期 是不是就剩两千五出头了": the last payment of the falling ones
            last = _t(
                lang,
                f"，逐月减少，最后一期 {plan.rows[-1].payment:,.2f} 元",
                f", falling each month to CNY {plan.rows[-1].payment:,.2f} for the last",
            )
        return _t(
            lang,
            f"借 {spec.principal:,.2f} 元，年利率 {spec.annual_rate_pct}%，分 {spec.months} 期（{'等额本金' if spec.method == 'equal-principal' else '等额本息'}）：首期还款 {first.payment:,.2f} 元{last}，总利息 {plan.total_interest:,.2f} 元，还款总额 {plan.total_payment:,.2f} 元。",
            f"Borrowing CNY {spec.principal:,.2f} at {spec.annual_rate_pct}% a year over {spec.months} months ({spec.method}): first payment CNY {first.payment:,.2f}{last}, total interest CNY {plan.total_interest:,.2f}, total repaid CNY {plan.total_payment:,.2f}.",
        )

    @staticmethod
    def _asked_row(plan: Any, text: str, lang: str) -> str | None:
        """The figure asked of a schedule, computed: the first payment under a sum, or one
        row's interest and principal; None when the message asks neither."""
        spec = plan.spec
        method = _t(
            lang,
            "等额本金" if spec.method == "equal-principal" else "等额本息",
            "equal principal" if spec.method == "equal-principal" else "equal instalments",
        )
        head = _t(
            lang,
            f"借 {spec.principal:,.2f} 元，年利率 {spec.annual_rate_pct}%，分 {spec.months} 期（{method}）：",
            f"Borrowing CNY {spec.principal:,.2f} at {spec.annual_rate_pct}% a year over {spec.months} months ({method}): ",
        )
        digits = to_digits(text).lower()
        under = _ASKS_MONTH_UNDER.search(digits)
        if under is not None:
            figure = next(
                g for g in (under.group(1), under.group(3), under.group(5), under.group(7)) if g
            )
            unit = under.group(2) or under.group(4) or under.group(6) or under.group(8)
            limit = Decimal(figure.replace(",", "")) * {
                "万": 10000,
                "千": 1000,
                "k": 1000,
                "grand": 1000,
            }.get(unit or "", 1)
            row = next((r for r in plan.rows if r.payment < limit), None)
            if row is None:
                return head + _t(
                    lang,
                    f"每期还款都不低于 {limit:,.2f} 元，最后一期 {plan.rows[-1].payment:,.2f} 元。",
                    f"no payment is under CNY {limit:,.2f}; the last is CNY {plan.rows[-1].payment:,.2f}.",
                )
            before = plan.rows[row.period - 2].payment if row.period > 1 else None
            return head + _t(
                lang,
                f"第 {row.period} 期起月供低于 {limit:,.2f} 元（第 {row.period} 期 {row.payment:,.2f} 元"
                + (f"，第 {row.period - 1} 期 {before:,.2f} 元" if before is not None else "")
                + f"）；首期 {plan.rows[0].payment:,.2f} 元，最后一期 {plan.rows[-1].payment:,.2f} 元。",
                f"the payment is first under CNY {limit:,.2f} in month {row.period} (CNY {row.payment:,.2f}"
                + (f"; month {row.period - 1} is CNY {before:,.2f}" if before is not None else "")
                + f"); the first is CNY {plan.rows[0].payment:,.2f} and the last CNY {plan.rows[-1].payment:,.2f}.",
            )
        which = _ASKS_ROW.search(digits)
        if which is not None and _ASKS_SPLIT.search(digits):
            n = int(next(g for g in which.groups() if g))
            if 1 <= n <= len(plan.rows) and n != spec.months or n == len(plan.rows) and n > 1:
                row = plan.rows[n - 1]
                return head + _t(
                    lang,
                    f"第 {n} 期还款 {row.payment:,.2f} 元，其中利息 {row.interest:,.2f} 元、本金 {row.principal:,.2f} 元，"
                    f"还完后剩余本金 {row.balance:,.2f} 元。",
                    f"payment {n} is CNY {row.payment:,.2f}, of which CNY {row.interest:,.2f} is interest and "
                    f"CNY {row.principal:,.2f} principal; CNY {row.balance:,.2f} is owed after it.",
                )
        return None

    @staticmethod
    def _both_methods(spec: LoanSpec, both: dict[str, Any], lang: str) -> str:
        ep, an = both["equal-principal"], both["annuity"]
        first_gap = ep.rows[0].payment - an.rows[0].payment
        saved = an.total_interest - ep.total_interest
        return _t(
            lang,
            f"借 {spec.principal:,.2f} 元，年利率 {spec.annual_rate_pct}%，分 {spec.months} 期："
            f"等额本金首期 {ep.rows[0].payment:,.2f} 元、逐月减少到 {ep.rows[-1].payment:,.2f} 元，总利息 {ep.total_interest:,.2f} 元；"
            f"等额本息每期 {an.rows[0].payment:,.2f} 元，总利息 {an.total_interest:,.2f} 元。"
            f"等额本金首期多还 {first_gap:,.2f} 元，总利息少 {saved:,.2f} 元。",
            f"Borrowing CNY {spec.principal:,.2f} at {spec.annual_rate_pct}% a year over {spec.months} months: "
            f"equal principal starts at CNY {ep.rows[0].payment:,.2f} and falls to CNY {ep.rows[-1].payment:,.2f}, "
            f"total interest CNY {ep.total_interest:,.2f}; equal instalments are CNY {an.rows[0].payment:,.2f} "
            f"a month, total interest CNY {an.total_interest:,.2f}. Equal principal's first payment is "
            f"CNY {first_gap:,.2f} higher and its total interest CNY {saved:,.2f} lower.",
        )

    def _payment_range(self, slots: dict[str, Any], lang: str, text: str = "") -> str | None:
        amount, months = slots["amount"], int(slots["months"])
        products = self.catalog.for_purpose(slots.get("purpose")) or [
            p for p in self.catalog.products if p.amount_min <= amount <= p.amount_max
        ]
        if not products:
            return None
        p = products[0]
        try:
            plans = [
                schedule(
                    LoanSpec(
                        Decimal(amount), Decimal(apr), months, slots.get("method") or "annuity"
                    )
                )
                for apr in (p.apr_min, p.apr_max)
            ]
        except LoanInputError:
            return None
        low, high = plans
        if _BOTH_METHODS.search(text):
            # "借十万 两年 等额本金跟等额本息 哪个总利息少 差多少": both, side by side
            try:
                other = "annuity" if slots.get("method") == "equal-principal" else "equal-principal"
                alt = [
                    schedule(LoanSpec(Decimal(amount), Decimal(apr), months, other))
                    for apr in (p.apr_min, p.apr_max)
                ]
            except LoanInputError:
                return None
            ann, ep = (alt, plans) if other == "annuity" else (plans, alt)
            diff = [a.total_interest - e.total_interest for a, e in zip(ann, ep, strict=True)]
            return _t(
                lang,
                f"以{p.name}为例（{p.apr_range('zh')}），借 {amount:,} 元分 {months} 期：等额本息总利息约 {ann[0].total_interest:,.2f}–{ann[1].total_interest:,.2f} 元，等额本金总利息约 {ep[0].total_interest:,.2f}–{ep[1].total_interest:,.2f} 元，等额本金少付约 {diff[0]:,.2f}–{diff[1]:,.2f} 元，但首月还款更高（约 {ep[0].rows[0].payment:,.2f}–{ep[1].rows[0].payment:,.2f} 元，等额本息每月约 {ann[0].payment:,.2f}–{ann[1].payment:,.2f} 元）。实际以审批利率为准。",
                f"For example with the {p.display_name('en')} ({p.apr_range('en')}), CNY {amount:,} over {months} months: equal instalments cost about CNY {ann[0].total_interest:,.2f}–{ann[1].total_interest:,.2f} in interest, equal principal about CNY {ep[0].total_interest:,.2f}–{ep[1].total_interest:,.2f}, so equal principal saves about CNY {diff[0]:,.2f}–{diff[1]:,.2f} but starts higher (first payment about CNY {ep[0].rows[0].payment:,.2f}–{ep[1].rows[0].payment:,.2f}, against CNY {ann[0].payment:,.2f}–{ann[1].payment:,.2f} a month). The actual rate depends on the credit review.",
            )
        total = ""
        if _TOTAL_INTEREST.search(text):
            # "借五万分三年 总共要还多少利息": the total, not only the payment
            total = _t(
                lang,
                f"总利息约 {low.total_interest:,.2f}–{high.total_interest:,.2f} 元，",
                f" Total interest about CNY {low.total_interest:,.2f}–{high.total_interest:,.2f}.",
            )
        if slots.get("method") == "equal-principal":
            # "等额本金 ... 头一个月要还多少", "with equal principal, what's the first payment
            # and the last": the first (highest) and last payment of that method
            return _t(
                lang,
                f"以{p.name}为例（{p.apr_range('zh')}），借 {amount:,} 元分 {months} 期等额本金，首月还款约 {low.rows[0].payment:,.2f}–{high.rows[0].payment:,.2f} 元，之后逐月减少，最后一期约 {low.rows[-1].payment:,.2f}–{high.rows[-1].payment:,.2f} 元；{total}实际以审批利率为准。",
                f"For example with the {p.display_name('en')} ({p.apr_range('en')}), CNY {amount:,} over {months} months with equal principal: the first payment is about CNY {low.rows[0].payment:,.2f}–{high.rows[0].payment:,.2f}, falling each month to about CNY {low.rows[-1].payment:,.2f}–{high.rows[-1].payment:,.2f} for the last.{total} The actual rate depends on the credit review.",
            )
        return _t(
            lang,
            f"以{p.name}为例（{p.apr_range('zh')}），借 {amount:,} 元分 {months} 期等额本息，月供约 {low.payment:,.2f}–{high.payment:,.2f} 元，{total}实际以审批利率为准。",
            f"For example with the {p.display_name('en')} ({p.apr_range('en')}), CNY {amount:,} over {months} months in equal instalments is about CNY {low.payment:,.2f}–{high.payment:,.2f} a month.{total} The actual rate depends on the credit review.",
        )

    def _penalty_for(self, text: str, slots: dict[str, Any], lang: str) -> str | None:
        """The penalty on a named prepayment amount by the catalog's rule (None when the
        message names no amount, asks no fee, or the catalog has no rule)."""
        amount = _int(slots.get("prepay_amount"))
        rule = self.catalog.prepay_penalty
        if not amount or rule is None or not _asks_words(text, PENALTY_WORDS + FEE_WORDS):
            return None
        fee = (Decimal(amount) * rule.pct / 100).quantize(Decimal("0.01"))
        pct = f"{rule.pct.normalize():f}%"
        if rule.within_months is None:
            return _t(
                lang,
                f"提前还款 {amount:,} 元，违约金为提前还款本金的 {pct}，即 {fee:,.2f} 元。",
                f"On a prepayment of CNY {amount:,} the penalty is {pct} of it, CNY {fee:,.2f}.",
            )
        n = rule.within_months
        return _t(
            lang,
            f"提前还款 {amount:,} 元：未满 {n} 期时违约金为提前还款本金的 {pct}，即 {fee:,.2f} 元；"
            f"已还满 {n} 期的不收违约金（房贷按合同约定）。",
            f"On a prepayment of CNY {amount:,}: before {n} instalments are paid the penalty is {pct} of it,"
            f" CNY {fee:,.2f}; after {n} instalments there is none (a mortgage follows its contract).",
        )

    def _prepay_text(
        self,
        spec: LoanSpec,
        slots: dict[str, Any],
        lang: str,
        after: int | None = None,
        penalty: PenaltyRule | None = None,
    ) -> str:
        after = int(slots.get("after", after or 0))
        mode = slots.get("prepay_mode") or "reduce-payment"
        amount = slots.get("prepay_amount")
        result = prepay(
            spec, after, Decimal(amount) if amount and mode != "settle" else None, mode, penalty
        )
        if mode == "settle":
            return _t(
                lang,
                f"第 {after} 期后一次性结清：剩余本金 {result.balance_before:,.2f} 元，结清金额 {result.settlement_amount:,.2f} 元（违约金 {result.penalty:,.2f} 元），可节省利息 {result.interest_saved:,.2f} 元。",
                f"Settling after instalment {after}: balance CNY {result.balance_before:,.2f}, settlement amount CNY {result.settlement_amount:,.2f} (penalty CNY {result.penalty:,.2f}), interest saved CNY {result.interest_saved:,.2f}.",
            )
        mode_zh = "减少月供" if mode == "reduce-payment" else "缩短期限"
        return _t(
            lang,
            f"第 {after} 期后提前还款 {result.amount:,.2f} 元（{mode_zh}）：还款前剩余本金 {result.balance_before:,.2f} 元，之后月供 {result.new_payment:,.2f} 元，剩余 {result.remaining_months} 期，末期 {result.final_payment:,.2f} 元，违约金 {result.penalty:,.2f} 元，可节省利息 {result.interest_saved:,.2f} 元。",
            f"Prepaying CNY {result.amount:,.2f} after instalment {after} ({mode}): balance before CNY {result.balance_before:,.2f}, new payment CNY {result.new_payment:,.2f} for {result.remaining_months} months, last payment CNY {result.final_payment:,.2f}, penalty CNY {result.penalty:,.2f}, interest saved CNY {result.interest_saved:,.2f}.",
        )

    # ------------------------------------------------------------ account data

    def _account_answer(
        self, intent: str, slots: dict[str, Any], account: Account, ctx: Context, lang: str
    ) -> str | None:
        if intent == "application_status":
            if not account.applications:
                return _t(
                    lang,
                    "您目前没有进行中的贷款申请。",
                    "You have no loan application in progress.",
                )
            parts = []
            for app in account.applications:
                zh, en = STAGE_NAMES.get(app["stage"], (app["stage"], app["stage"]))
                line = _t(lang, f"申请 {app['id']}：{zh}", f"Application {app['id']}: {en}")
                if app.get("updated"):
                    line += _t(lang, f"（更新于 {app['updated']}）", f" (updated {app['updated']})")
                missing = app.get("missing_documents") or []
                if missing:
                    names = ("、" if lang == "zh" else ", ").join(
                        self.catalog.document_name(d, lang) for d in missing
                    )
                    line += _t(lang, f"，还需补充：{names}", f"; still needed: {names}")
                elif app["stage"] == "document_review" and app.get("note"):
                    line += _t(lang, f"，备注：{app['note']}", f"; note: {app['note']}")
                parts.append(line)
            return ("；" if lang == "zh" else "; ").join(parts) + _t(
                lang,
                "。审批结果以最终通知为准。",
                ". The outcome is only final when we notify you.",
            )
        if not account.loans:
            return _t(lang, "您名下目前没有在还的贷款。", "You have no loan being repaid with us.")
        loan = account.loans[0]
        try:
            spec = LoanSpec(
                Decimal(str(loan["principal"])),
                Decimal(str(loan["annual_rate"])),
                int(loan["months"]),
                loan.get("method", "annuity"),
            )
        except (LoanInputError, KeyError):
            return None
        paid = int(loan.get("paid", 0))
        if intent == "prepayment":
            try:
                if not slots.get("prepay_amount") and slots.get("prepay_mode") != "settle":
                    return None  # policy question: the knowledge base answers
                # The borrower's own loan: the lender's penalty rule applies (a what-if with
                # stated figures uses none, as `loancs calc prepay` does by default).
                return self._prepay_text(
                    spec, {**slots, "after": paid}, lang, penalty=self.catalog.prepay_penalty
                )
            except LoanInputError as exc:
                return exc.text(lang)
        plan = schedule(spec)
        if paid >= spec.months:
            return _t(lang, "您的贷款已全部还清。", "Your loan is fully repaid.")
        nxt = plan.rows[paid]
        balance = plan.rows[paid - 1].balance if paid else spec.principal
        start = date.fromisoformat(str(loan["start_date"]))
        due = _add_months(start, paid + 1)
        return _t(
            lang,
            f"您的贷款（本金 {spec.principal:,.2f} 元，年利率 {spec.annual_rate_pct}%，共 {spec.months} 期，已还 {paid} 期）：下一期（第 {nxt.period} 期）应还 {nxt.payment:,.2f} 元，还款日 {due.isoformat()}；当前剩余本金 {balance:,.2f} 元，还剩 {spec.months - paid} 期。",
            f"Your loan (principal CNY {spec.principal:,.2f}, {spec.annual_rate_pct}% a year, {spec.months} instalments, {paid} paid): the next payment (no. {nxt.period}) is CNY {nxt.payment:,.2f}, due {due.isoformat()}; remaining principal CNY {balance:,.2f}, {spec.months - paid} instalments left.",
        )

    # ------------------------------------------------------------ pre-screening

    def prescreen_turn(
        self, screen: Prescreen, text: str, lang: str, ctx: Context
    ) -> tuple[str, bool]:
        """One borrower turn of the dialogue: absorb it; if it answered nothing but is a
        question of its own ("利率多少？"), answer that and ask again (the attempt does not
        count). Returns (what to send, finished)."""
        before = dict(screen.facts)
        attempts, skipped = dict(screen.attempts), set(screen.skipped)
        screen.absorb(text)
        side = None
        if screen.facts == before and not screen.facts.get("flags"):
            reply = self.respond(text, ctx)
            if (
                not reply.handoff
                and reply.confidence >= 0.6
                and reply.intent not in LOAN_WISH_INTENTS | {"greeting_smalltalk", "other"}
            ):
                screen.attempts, screen.skipped = attempts, skipped
                side = reply.answer
        question, finished = self.prescreen_reply(screen, lang, ctx)
        if side and not finished:
            return f"{side}\n{question}", False
        return question, finished

    def prescreen_reply(self, screen: Prescreen, lang: str, ctx: Context) -> tuple[str, bool]:
        """The next question, or the outcome (text, finished)."""
        fact = screen.next_question()
        if fact is not None:
            screen.asked = fact
            return screen.question_text(fact, lang), False
        decision = screen.decide()
        return self.outcome_text(decision, screen, lang, ctx), True

    def outcome_text(self, decision: Decision, screen: Prescreen, lang: str, ctx: Context) -> str:
        when = self.wait_text(ctx, lang)
        facts = screen.facts
        if decision.outcome == "likely_eligible":
            p = decision.product
            assert p is not None  # decide() names the product it found
            head = _t(
                lang,
                f"按您提供的信息，您初步符合「{p.name}」的申请条件（{p.apr_range('zh')}）。",
                f"Based on what you told me, you look likely to meet the conditions of the {p.display_name('en')} ({p.apr_range('en')}).",
            )
            head += self._example(p, facts, lang)
        elif decision.outcome == "needs_documents":
            p = decision.product
            assert p is not None  # decide() names the product it found
            names = ("、" if lang == "zh" else ", ").join(
                self.catalog.document_name(d, lang) for d in decision.missing_documents
            )
            head = _t(
                lang,
                f"按您提供的信息，您初步符合「{p.name}」的条件（{p.apr_range('zh')}），还需要准备：{names}。",
                f"Based on what you told me, you look likely to meet the conditions of the {p.display_name('en')} ({p.apr_range('en')}); you would still need: {names}.",
            )
            head += self._example(p, facts, lang)
        elif decision.outcome == "likely_ineligible":
            if decision.failed_rules == ["prohibited_purposes"]:
                head = self._prohibited(facts.get("purpose", ""), lang)
            else:
                reasons = ("、" if lang == "zh" else ", ").join(
                    rule_text(r, lang) for r in decision.failed_rules[:4]
                )
                head = _t(
                    lang,
                    f"按您提供的信息，暂不符合我们产品的要求：{reasons}。",
                    f"Based on what you told me, you may not meet our products' conditions right now ({reasons}).",
                )
        else:
            head = _t(
                lang,
                "谢谢您的耐心，您的情况需要同事进一步了解。",
                "Thank you; a colleague needs to look at your situation in more detail.",
            )
        disclaimer = _t(
            lang,
            "以上只是初步评估，不代表审批结果，我们不会承诺一定获批。",
            "This is only an initial indication, not a credit decision, and we cannot promise approval.",
        )
        sep = "" if lang == "zh" else " "
        return sep.join([head, disclaimer, when])

    def _example(self, p: Product, facts: dict[str, Any], lang: str) -> str:
        amount = facts.get("amount")
        if not amount:
            return ""
        months = int(facts.get("months") or p.default_term)
        low = example_payment(amount, p.apr_min, months)
        high = example_payment(amount, p.apr_max, months)
        return _t(
            lang,
            f"借 {amount:,} 元分 {months} 期等额本息，月供约 {low:,.2f}–{high:,.2f} 元。",
            f" CNY {amount:,} over {months} months in equal instalments is about CNY {low:,.2f}–{high:,.2f} a month.",
        )

    def summary(
        self,
        reply: Reply | None,
        screen: Prescreen | None,
        account: Account | None,
        lang: str = "zh",
    ) -> str:
        """Two lines for the agent: what the borrower wants, and what is known."""
        verified = "已验证" if account and account.verified else "未验证"
        if screen is not None:
            d = screen.decide()
            f = screen.facts
            product = d.product.name if d.product else "—"
            line1 = f"预审 {d.outcome} · 产品 {product} · 用途 {f.get('purpose', '?')} · 金额 {f.get('amount', '?')} · 期限 {f.get('months', '?')}"
            extra = []
            for key, label in (
                ("age", "年龄"),
                ("employment", "职业"),
                ("employment_months", "在职月"),
                ("monthly_income", "月收入"),
                ("current_overdue", "逾期"),
                ("business_age_months", "经营月"),
                ("annual_revenue", "年营业额"),
                ("car_price", "车价"),
                ("house_price", "房价"),
                ("first_home", "首套"),
                ("owns_property", "有房"),
            ):
                if key in f:
                    extra.append(f"{label} {f[key]}")
            missing = d.missing_documents
            line2 = (
                " · ".join(extra)
                + (f" · 缺材料 {','.join(missing)}" if missing else "")
                + (f" · 未通过 {','.join(d.failed_rules)}" if d.failed_rules else "")
                + f" · {verified}"
            )
            return f"{line1}\n{line2}"
        if reply is None:
            return f"—\n{verified}"
        slot_text = ", ".join(f"{k}={v}" for k, v in reply.slots.items()) or "无"
        flags = ",".join(reply.flags) or "—"
        said = mask_text(" ".join(reply.text.split()))
        said = said if len(said) <= 40 else said[:39] + "…"
        line1 = (
            f"{reply.intent}（{reply.reason or '—'}）· 置信度 {reply.confidence:.2f} · 标记 {flags}"
        )
        if said:
            line1 += f" ·「{said}」"
        line2 = f"槽位 {slot_text} · {verified}"
        return f"{line1}\n{line2}"


_RULE_TEXT = {
    "no_current_overdue": ("当前存在未结清的逾期", "an overdue debt now"),
    "no_students": ("按监管规定不向在校学生放款", "we do not lend to students"),
    "amount_min": ("金额低于产品下限", "amount below the minimum"),
    "amount_max": ("金额高于产品上限", "amount above the maximum"),
    "term_min": ("期限过短", "term too short"),
    "term_max": ("期限过长", "term too long"),
    "age_min": ("年龄未达要求", "below the minimum age"),
    "age_max": ("年龄超出要求", "above the maximum age"),
    "max_age_at_maturity": ("到期时年龄超出要求", "too old at the end of the term"),
    "employment": ("职业类型不符", "employment type not accepted"),
    "min_employment_months": ("在职时间不足", "not long enough in the job"),
    "min_monthly_income": ("月收入不足", "monthly income too low"),
    "income_multiple": ("金额超过收入倍数", "amount too high for the income"),
    "payment_ratio": ("月供占收入比例过高", "payment too high for the income"),
    "max_ltv": ("贷款成数过高", "loan too high for the price"),
    "first_home_only": ("仅限首套房", "first homes only"),
    "owns_property_required": ("需要本人名下房产", "you must own the property"),
    "min_business_age_months": ("经营时间不足", "business too young"),
    "max_amount_to_annual_revenue": ("金额超过营业额比例", "amount too high for the revenue"),
    "prohibited_purposes": ("用途不符合规定", "purpose not allowed"),
}


def rule_text(rule: str, lang: str) -> str:
    zh, en = _RULE_TEXT.get(rule, (rule, rule))
    return zh if lang == "zh" else en


def prescreen_facts(screen: Prescreen) -> dict[str, Any]:
    return facts_json(screen.facts)
