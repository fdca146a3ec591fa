"""Slots: the facts a borrower states in passing. Amounts in whole yuan ("二十万", "一万五",
"1.5w", "50k", "20 grand"), terms in months ("3年" -> 36, "两年半" -> 30, "分12期" -> 12),
purpose, monthly income, age, and what a prepayment or schedule question needs.

Every number in a message is read once with its unit and the words around it, then given
to the one slot its context names (income, age, tenure, a car's price ...), so
"月收入8000，想借5万" fills both income and amount, never one of them twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from loancs.core.assistant.handoff import MONEY_IN_ZH as _MONEY_IN_ZH
from loancs.core.assistant.text import Folded
from loancs.core.pii import find_pii

PURPOSES: tuple[str, ...] = (
    "consumer",
    "car",
    "used_car",
    "house",
    "renovation",
    "education",
    "business",
    "medical",
    "wedding",
    "travel",
    "stocks",
    "house_down_payment",
    "repay_other_loans",
    "gambling",
    "crypto",
)

# Checked in this order: the specific before the general (二手车 before 车, 首付 before 房).
_PURPOSE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (
        "house_down_payment",
        (
            "房子首付",
            "买房首付",
            "房首付",
            "付首付",
            "交首付",
            "凑首付",
            "首付不够",
            "首付款",
            "down payment",
            "downpayment",
            "deposit for a house",
            "deposit on a flat",
            "deposit for a flat",
            "deposit on a house",
            "deposit for an apartment",
        ),
    ),
    (
        "repay_other_loans",
        (
            "还信用卡",
            "还网贷",
            "以贷养贷",
            "借新还旧",
            "还其他贷款",
            "还别的贷款",
            "还其他平台",
            "还花呗",
            "还借呗",
            "还白条",
            "还债",
            "债务整合",
            "还别的网贷",
            "还之前的贷款",
            "pay off my credit card",
            "pay off credit card",
            "pay off other loan",
            "repay other loan",
            "repay another loan",
            "repay my other loan",
            "consolidate",
            "credit card debt",
            "pay off my other loan",
            "pay off debt",
            "pay my debts",
            "clear my debts",
            "clear my credit card",
            "clear my cards",
            "pay off my cards",
            "pay down my credit card",
            "还掉信用卡",
            "清信用卡",
            "信用卡都还",
            "信用卡还清",
            "还清信用卡",
        ),
    ),
    (
        "gambling",
        (
            "赌",
            "博彩",
            "百家乐",
            "六合彩",
            "下注",
            "gambl",
            "casino",
            "betting",
            "poker",
            "lottery",
        ),
    ),
    (
        "crypto",
        (
            "比特币",
            "虚拟币",
            "加密货币",
            "币圈",
            "炒币",
            "usdt",
            "以太坊",
            "数字货币",
            "crypto",
            "bitcoin",
            "btc",
            "ethereum",
            "nft",
        ),
    ),
    (
        "stocks",
        (
            "炒股",
            "股票",
            "买股",
            "股市",
            "配资",
            "打新",
            "期货",
            "炒期货",
            # not "stock" alone: "stock my shop", "restock", "stock up" are a business's goods
            "stocks",
            "stock market",
            "stock trading",
            "trade stock",
            "trading stock",
            "buy stock",
            "buying stock",
            "stock exchange",
            "in the stock",
            "shares",
            "share trading",
            "day trading",
            "options trading",
            "trade futures",
        ),
    ),
    (
        "used_car",
        (
            "二手车",
            "旧车",
            "二手的车",
            "used car",
            "second-hand car",
            "second hand car",
            "secondhand car",
            "pre-owned",
        ),
    ),
    (
        "car",
        (
            "买车",
            "购车",
            "新车",
            "车贷",
            "买辆车",
            "买台车",
            "买个车",
            "提车",
            "买一辆",
            "汽车",
            "电动车",
            # a car named by its kind: "新能源车", "a new EV", "an electric SUV"
            "新能源车",
            "电动汽车",
            "混动车",
            "插混",
            "electric car",
            "electric vehicle",
            " ev ",
            " evs ",
            " ev,",
            "hybrid car",
            " suv ",
            " suvs ",
            " suv,",
            "sedan",
            "hatchback",
            "pickup truck",
            "buy a car",
            "new car",
            "car loan",
            "vehicle",
            "auto loan",
            "buying a car",
            "purchase a car",
            " car ",
        ),
    ),
    (
        "renovation",
        (
            "装修",
            "翻新",
            "装饰房",
            "家装",
            "renovat",
            "remodel",
            "refurbish",
            "redecorat",
            "fix up my house",
            "fix up the house",
            "my kitchen",
            "new kitchen",
            "the kitchen",
            "my bathroom",
            "new bathroom",
            "厨房",
            "卫生间",
        ),
    ),
    (
        "house",
        (
            "买房",
            "购房",
            "房贷",
            "按揭",
            "买套房",
            "买个房",
            "买房子",
            "置业",
            "mortgage",
            "buy a house",
            "buy a home",
            "buy a flat",
            "buy an apartment",
            "buying a house",
            "buying a home",
            "buying a flat",
            "home loan",
            "house purchase",
        ),
    ),
    (
        "education",
        (
            "学费",
            "学生贷",
            "助学贷",
            "学贷",
            "教育贷",
            "读书",
            "上学",
            "培训",
            "留学",
            "进修",
            "考研",
            "读研",
            "读mba",
            "课程",
            "tuition",
            "education",
            "student loan",
            "course fee",
            "study abroad",
            "school fee",
            "degree",
            "training course",
            "studies",
        ),
    ),
    (
        "business",
        (
            "经营",
            "生意",
            "进货",
            # 周转 alone ("我就想借两千块周转一下") is money for a while, anyone's: a business
            # is named by its own words (公司周转, 生意, 进货, 店)
            "店里周转",
            "生意周转",
            "开店",
            "店铺",
            "做买卖",
            "开公司",
            "公司周转",
            "公司经营",
            "个体户",
            "营业",
            "扩大生产",
            "买设备",
            "挖机",
            "挖掘机",
            "工程机械",
            "machinery",
            "excavator",
            "business",
            "inventory",
            "working capital",
            "my shop",
            "my store",
            "my restaurant",
            "equipment",
            "stock up",
            "shop owner",
            "store owner",
            "small business",
            "进货",
        ),
    ),
    (
        "medical",
        (
            "看牙",
            "牙科",
            "补牙",
            "种牙",
            "看病",
            "医疗",
            "手术",
            "住院",
            "治病",
            "医药费",
            "医院",
            "牙齿",
            "medical",
            "hospital",
            "surgery",
            "operation",
            "treatment",
            "dental",
        ),
    ),
    (
        "wedding",
        (
            "结婚",
            "婚礼",
            "彩礼",
            "婚庆",
            "办酒",
            "wedding",
            "marriage",
            "get married",
            "getting married",
        ),
    ),
    (
        "travel",
        (
            "旅游",
            "旅行",
            "度假",
            "出国玩",
            "蜜月",
            "travel",
            "trip",
            "vacation",
            "holiday",
            "honeymoon",
        ),
    ),
    (
        "consumer",
        (
            "消费",
            "买手机",
            "买电脑",
            "家电",
            "家具",
            "日常开销",
            "日常花销",
            "买东西",
            "购物",
            "买个手机",
            "买苹果",
            "买iphone",
            "生活费",
            "个人贷款",
            "个人消费贷",
            "个人信用贷",
            "shopping",
            "consumer",
            "phone",
            "laptop",
            "appliance",
            "furniture",
            "personal use",
            "personal loan",
            "living expenses",
            "buy a tv",
            "computer",
        ),
    ),
]

EMPLOYMENTS = ("salaried", "self_employed", "freelancer", "student", "unemployed", "retired")
_EMPLOYMENT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (
        "student",
        (
            "学生",
            "在校",
            "大学生",
            "研究生",
            "在读",
            "还在上学",
            "读大",
            "student",
            "at university",
            "in college",
            "still at school",
            "at uni",
            "uni student",
            "undergrad",
            "postgrad student",
            "year at uni",
            "year of uni",
            "year at university",
            "读大一",
            "读大二",
            "读大三",
            "读大四",
            "上大一",
            "上大二",
            "上大三",
            "上大四",
            "我大二",
            "我大三",
            "我大四",
            "大二了",
            "大三了",
            "大四了",
            "大一学生",
            "大二学生",
            "大三学生",
            "大四学生",
            "研一",
            "研二",
            "研三",
        ),
    ),
    ("retired", ("退休", "retired", "pension")),
    (
        "unemployed",
        (
            "失业",
            "没工作",
            "无业",
            "待业",
            "没有工作",
            "辞职了",
            "被裁",
            "unemployed",
            "out of work",
            "no job",
            "lost my job",
            "jobless",
            "between jobs",
        ),
    ),
    (
        "self_employed",
        (
            "个体",
            "自己开",
            "自己做生意",
            "我开店",
            "开了家",
            "开了个",
            "老板",
            "自营",
            "开公司",
            "self-employed",
            "self employed",
            "own business",
            "my own shop",
            "my own company",
            "run a shop",
            "run a business",
            "business owner",
            "my own taxi",
            "run my own",
            "work for myself",
            "没有老板",
            "自己干",
            "跑货车",
            "开货车",
            "跑运输",
            "自己的货车",
        ),
    ),
    (
        "freelancer",
        (
            "自由职业",
            "接私活",
            "兼职",
            "零工",
            "跑滴滴",
            "跑外卖",
            "送外卖",
            "网约车",
            "freelance",
            "gig",
            "contractor",
            "part-time",
            "part time",
            "uber driver",
            "for uber",
            "for didi",
            "drive uber",
            "drive didi",
            "drive a taxi",
            "drive a cab",
            "taxi driver",
            "cab driver",
            "delivery rider",
            "no boss",
            "no employer",
            "no payslip",
            "no pay slip",
            "without payslip",
            "without a payslip",
            "开滴滴",
            "开出租",
            "跑出租",
            "开的士",
            "跑货运",
            "没有工资条",
            "没工资条",
            "没有单位",
        ),
    ),
    (
        "salaried",
        (
            "上班",
            "打工",
            "工薪",
            "员工",
            "职员",
            "公务员",
            "老师",
            "教师",
            "护士",
            "医生",
            "工程师",
            "单位",
            "国企",
            "在公司",
            "月薪",
            "上班族",
            "正式工",
            "employed",
            "employee",
            "salaried",
            "work at",
            "work for",
            "working at",
            "working for",
            "full-time",
            "full time",
            "job at",
            "engineer",
            "teacher",
            "nurse",
            "civil servant",
            "office",
        ),
    ),
]

# A comma groups thousands only before exactly three digits: "1,500" is 1500, but in
# "月供1500，24期" (the full-width comma folded) 24 is the term, not part of the figure.
_NUM = r"(\d+(?:,\d{3}(?!\d))*(?:\.\d+)?)"
_MONEY_RE = re.compile(
    r"(?:[¥￥]\s*)?"
    + _NUM
    + r"\s*(万|w(?![a-z])|千|k(?![a-z])|grand\b|thousand\b|million\b|mil\b|m(?![a-z])|百)?((?<=[万千])\d(?![\d年个月期.%]))?\s*(元|块|rmb|yuan|cny|人民币|dollars)?",
)
_TERM_RE = re.compile(
    # "第十二期一满就结清": an instalment's number, not the term
    r"(?<![第\d.])(?<!第\s)(?:分\s*)?"
    + _NUM
    + r"\s*(年半|个?半年|年期|年|个月|个月份|月期|期|months?|mos?\b|years?|yrs?\b)"
)
_HALF_YEAR = re.compile(r"(?<![\d年])半年")
_ANNUAL_POINTS = re.compile(r"年化|年利率|年息|年率")
# ... or in 块 the way a rate is spoken ("年化四块五" = 4.5%, "年化六块八"): not a sum of money
_ANNUAL_POINTS_SAID = re.compile(
    r"(?:年化|年利率|年息|年率|(?<![月日天周])利率|给的是|给我的是|批的是|批下来是|执行的是|定的是)[^，,。？?]{0,4}?"
    r"\d+(?:\.\d+)?\s*(?:个点|块(?![\d.]*\s*(?:钱|元)))"
)


def annual_points(text: str) -> bool:
    """An annual rate said in points ("年化按九个点"): annual, whatever a folk reader makes of 点."""
    return _ANNUAL_POINTS_SAID.search(text) is not None


_PCT_RE = re.compile(_NUM + r"\s*(%|％|个点|厘|percent\b|per cent\b|pct\b)")

_EN_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
    "a": 1,
    "an": 1,
}
_EN_NUM_RE = re.compile(
    r"\b("
    + "|".join(k for k in _EN_NUMBERS if len(k) > 2)
    + r")\s+(?=(?:years?|months?|grand|thousand|hundred thousand|percent|per cent)\b)|\b(an?)\s+(?=years?\b)"
)

_INCOME_CUES = (
    "月收入",
    "月薪",
    "工资",
    "收入",
    "月入",
    "每月挣",
    "每个月挣",
    "月挣",
    "一个月挣",
    "1个月挣",
    "每月赚",
    "每个月赚",
    "1个月赚",
    "月赚",
    "薪水",
    "到手",
    "税后",
    "税前",
    "salary",
    "income",
    "earn",
    "make",
    "take home",
    "take-home",
    "paid",
    # a pension is what a retired borrower lives on: "pension about 6k a month", "退休金四千"
    "pension",
    "退休金",
    "养老金",
    "退休工资",
)
_ANNUAL_INCOME_CUES = (
    "年收入",
    "年薪",
    "一年挣",
    "1年挣",
    "一年赚",
    "1年赚",
    "annual income",
    "a year salary",
    "per year salary",
    "yearly income",
    "annual salary",
)
_REVENUE_CUES = ("营业额", "流水", "营收", "年销售", "销售额", "revenue", "turnover", "sales")
_CAR_CUES = (
    "车价",
    "车子",
    "车款",
    "这辆车",
    "那辆车",
    "车是",
    "车要",
    "车的价",
    "裸车",
    "car costs",
    "car is",
    "car price",
    "the car",
    "vehicle costs",
    "priced at",
)
# A down payment said ("首付三万", "付了八万首付", "60k down", "a 20k deposit"), and a price said
# before the car ("a 90k car", "十五万的新车")
# "if I pay 10k of it off now", "knock 5000 off the loan": an amount paid off early
_PREPAY_AFTER = re.compile(
    r"\s*(?:k\b|grand\b|thousand\b|元|块)?\s*(?:(?:of (?:it|the loan|the balance|my loan|what i owe) )?off\b(?! the (?:price|top))"
    r"|(?:in)?to(?:wards?)? (?:the|my) (?:loan|principal|balance)\b)"
)
_BUDGET_BEFORE = re.compile(
    r"(?:每个?月|一个月|月供)(?:最多|顶多|最高|只)(?:能|可以)?(?:还|供|付|承受)?(?:得起)?(?:个)?\s*$"
    r"|(?:每个?月|一个月)(?:能|可以)(?:还|承受)(?:得起)?(?:个)?\s*$|月供(?:不超过|控制在|在)\s*$"
    r"|\b(?:can|could) (?:only )?afford(?: to (?:pay|repay))?(?: about| around| up to)?\s*(?:cny|rmb|¥)?\s*$"
    r"|\b(?:pay|repay|manage) (?:at most|up to|no more than|max)\s*(?:cny|rmb|¥)?\s*$|\bbudget (?:is|of)\s*(?:cny|rmb|¥)?\s*$"
)
_DOWN_CUES = ("首付", "down payment", "deposit of", "put down", "putting down")
_DOWN_AFTER = re.compile(
    r"\s*(?:元|块)?(?:的)?\s*(?:首付(?!\s*(?:要|是|付|交|能|大概|约)?\s*\d)|down\b|deposit\b|as (?:a )?deposit)"
)
_CAR_AFTER = re.compile(
    r"\s*(?:元|块)?(?:的)?\s*(?:(?:new|used|second[- ]hand) )?(?:car\b|vehicle\b|新车|二手车|车(?!贷))"
)
_DOWN_ANY = re.compile(
    r"首付|\bdown payment\b|\bdeposit\b|\b(?:put|putting|pay|paying) [^.?!,]{0,12}\bdown\b"
)
_CAR_BEFORE = re.compile(r"(?:新车|二手车|车子?|\bcar(?:'s| is)?)\s*(?:是|要|大概|大约|约)?\s*$")
_HOUSE_CUES = (
    "房价",
    "房子",
    "房款",
    "总价",
    "这套房",
    "那套房",
    "house costs",
    "house price",
    "home costs",
    "flat costs",
    "apartment costs",
    "property costs",
    "house is",
    "flat is",
    "the house",
    "the flat",
    "the apartment",
)
_PREPAY_CUES = (
    "提前还",
    "提前结清",
    "多还",
    "还掉",
    "先还",
    "一次性还",
    "prepay",
    "pay off",
    "pay back early",
    "repay early",
    "pay early",
    "extra payment",
    "pay down",
    "early repayment",
    "pay an extra",
    "pay extra",
    # "if i clear 15k early what's the charge"
    "clear ",
)
_TENURE_CUES = (
    "工作了",
    "干了",
    "做了",
    "上班了",
    "入职",
    "工龄",
    "开了",
    "经营了",
    "成立",
    "注册",
    "营业了",
    "worked",
    "working there",
    "been there",
    "been working",
    "employed for",
    "in business for",
    "running it for",
    "for the past",
    "open for",
    "opened",
)
_AGE_RE = re.compile(r"(\d{2})\s*(?:岁|周岁|years? old|yo\b|y/o)")
_AGE_CUE_RE = re.compile(
    r"(?:今年|年龄|age[d]?|i'?m|i am|just turned|刚满|才满)\s*(?:刚满|刚刚满|才满|已经满|满了?|刚|才|已经|just turned|just|only)?\s*(\d{2})(?!\d)(?!\s*(?:万|k|千|年|个月|期|天|号|日|months?|years?(?! old)|days?|weeks?|hours?|mins?|minutes?|%|元|块|yuan|rmb))"
)
# "我六十五了 还在开出租", "我都58了还能贷吗": an age said as "I am N now", no unit
_AGE_SELF_RE = re.compile(
    r"我(?:都|已经|也|今年都?|现在都?)?\s*(\d{2})\s*(?:岁)?\s*了(?![^\s，,。？?!！]{0,2}(?:万|千|百|期|个月|天|号|元|块|次|笔|张))"
)
_AFTER_RE = re.compile(
    r"(?:已经还了|还了|已还|已经还|paid|made)\s*(\d{1,3})\s*(?:期|个月|次|months?|instalments?|installments?|payments?|(?=[,，;；。 ]|$))"
)


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: Decimal
    unit: str  # "money", "term", "pct"
    money_unit: bool  # a money word or multiplier was written


def _decimal(raw: str) -> Decimal | None:
    cleaned = raw.replace(",", "")
    if raw.count(",") and "." not in raw and all(len(p) == 3 for p in raw.split(",")[1:]):
        cleaned = raw.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


_HALF_YEARS = re.compile(r"\b(an?|one|\d+|[a-z]+) and a half years?\b")
_YEAR_AND_HALF = re.compile(r"\b(an?|one) year and a half\b")


def _english_numbers(text: str) -> str:
    text = _YEAR_AND_HALF.sub("18 months", text)
    text = _HALF_YEARS.sub(_half_years, text)
    return _EN_NUM_RE.sub(lambda m: f"{_EN_NUMBERS[m.group(1) or m.group(2)]} ", text)


def _half_years(m: re.Match[str]) -> str:
    word = m.group(1)
    n = int(word) if word.isdigit() else _EN_NUMBERS.get(word)
    return f"{n * 12 + 6} months" if n else m.group(0)


def _terms(text: str) -> list[tuple[int, int, int]]:
    found = []
    for m in _TERM_RE.finditer(text):
        value = _decimal(m.group(1))
        if value is None:
            continue
        unit = m.group(2)
        if unit in ("年半",):
            months = int(value * 12) + 6
        elif unit in ("个半年",):
            months = int(value) * 6
        elif unit.startswith(("年", "y")):
            months = int(value * 12)
        else:
            months = int(value)
        if 1 <= months <= 480:
            found.append((m.start(), m.end(), months))
    for m in _HALF_YEAR.finditer(text):
        found.append((m.start(), m.end(), 6))
    return found


def _near(text: str, start: int, cues: tuple[str, ...], before: int = 10, after: int = 0) -> bool:
    window = text[max(0, start - before) : start + after]
    return any(cue in window for cue in cues)


def _money(text: str, taken: list[tuple[int, int]]) -> list[_Number]:
    found = []
    for m in _MONEY_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = _decimal(m.group(1))
        if value is None:
            continue
        mult, tail, currency = m.group(2), m.group(3), m.group(4)
        factor = {
            "万": 10000,
            "w": 10000,
            "千": 1000,
            "k": 1000,
            "grand": 1000,
            "thousand": 1000,
            "million": 1000000,
            "mil": 1000000,
            "m": 1000000,
            "百": 100,
        }.get(mult or "", 1)
        amount = value * factor
        if tail and mult in ("万", "w"):
            amount += Decimal(tail) * 1000  # 2万5 = 25000
        elif tail and mult in ("千", "k"):
            amount += Decimal(tail) * 100
        if len(m.group(1).replace(",", "").split(".")[0]) > 9:
            continue  # a phone or card number, not an amount
        explicit = bool(mult or currency or "¥" in m.group(0) or "￥" in m.group(0))
        found.append(_Number(m.start(), m.end(), amount, "money", explicit))
    return found


def _first(text: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    padded = f" {text} "
    best: tuple[int, str] | None = None
    for name, words in table:
        for word in words:
            at = padded.find(word)
            if at >= 0:
                return name
    return best[1] if best else None


_CJK_LATIN = re.compile(r"[\u4e00-\u9fff]\s?[a-z]|[a-z]\s?[\u4e00-\u9fff]")

_BUSINESS_RE = re.compile(
    r"开(了|个|家|一家|间)?[^，,。.？?]{0,4}(店|餐馆|饭店|餐厅|公司|工作室|厂|超市)|(做|搞)[^，,。.？?]{0,2}(生意|买卖|批发|零售|电商)"
)


# Mixed script ("二手car", "买个新car", "a used 车"): a product word in the other script,
# written against the first script's words, is read as the first script's word.
_MIXED_SCRIPT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[\u4e00-\u9fff])\s?(?:car|auto|vehicle)s?(?![a-z])"), "车"),
    (re.compile(r"\b(?:car|auto)s?\s?(?=[\u4e00-\u9fff])"), "车"),
    (re.compile(r"(?<=[a-z])\s?(?:车子|车辆|汽车|车)(?=[\s,.?!，。？！]|$)"), " car "),
    (re.compile(r"(?<=[\u4e00-\u9fff])\s?(?:house|home|flat|apartment)(?![a-z])"), "房"),
)


def _bridge_scripts(text: str) -> str:
    for pattern, word in _MIXED_SCRIPT:
        text = pattern.sub(word, text)
    return text


# "if the car is 120k, do u cover the whole price or do i need a down payment", "买车要付首付吗":
# a car's down payment is the car loan's question, not a house deposit we may not lend for
_CAR_NAMED = re.compile(r"车|\bcars?\b|\bvehicles?\b|\bauto\b|\bsuv\b")
_HOME_NAMED = re.compile(r"房|\bhouses?\b|\bflats?\b|\bapartments?\b|\bhomes?\b|\bmortgages?\b")
_NOT_HOUSE = [entry for entry in _PURPOSE_WORDS if entry[0] != "house_down_payment"]


# Money short ("我这个月资金周转不过来", "手头周转不开"): the borrower's trouble, not a business
# to fund (the console's assistant card said purpose=business)
_CASH_SHORT = re.compile(r"(?:资金|手头|手上|钱)?周转(?:不过来|不开|不灵|困难|不了|有点难|紧张)")


def purpose_of(text: str) -> str | None:
    if _CJK_LATIN.search(text):
        text = _bridge_scripts(text)
    text = _CASH_SHORT.sub(" ", text)
    found = _first(text, _PURPOSE_WORDS)
    if found == "house_down_payment" and _CAR_NAMED.search(text) and not _HOME_NAMED.search(text):
        found = _first(text, _NOT_HOUSE)
    if found in ("car", "used_car") and _CAR_REPAIR.search(text) and not _CAR_BUY.search(text):
        # "gearbox on my car just died, repair quote is about 6,000", "车坏了 修车要八千": a
        # repair to a car one has is a consumer need, not a car purchase
        return "consumer"
    if found is None and _BUSINESS_RE.search(text):
        return "business"
    return found


_CAR_REPAIR = re.compile(
    r"修车|维修|修理|大修|保养|换(?:轮胎|变速箱|发动机|电瓶)|变速箱|发动机坏|车坏了|车出了?毛病"
    r"|\b(?:repair|repairs|repaired|fix|fixing|fixed|gearbox|transmission|clutch|engine (?:trouble|failure|rebuild)"
    r"|mechanic|garage bill|service bill|new tyres|new tires|bodywork|dent)\b"
)
_CAR_BUY = re.compile(
    r"买|购|提车|首付|\b(?:buy|buying|bought|purchase|purchasing|new car|used car|second-hand car|trade in)\b"
)


# "not a student anymore", "已经不是学生了", "毕业了": a student no longer
_NOT_STUDENT = re.compile(
    r"\b(?:not|no longer|isn'?t|aren'?t|wasn'?t) (?:a |an )?(?:\w+ )?students?\b(?: (?:anymore|any more|now))?"
    r"|(?:已经)?不是(?:在校)?(?:学生|大学生|研究生)(?:了)?|不再是学生|早就毕业|已经毕业|毕业了"
)


def employment_of(text: str) -> str | None:
    job = _first(text, _EMPLOYMENT_WORDS)
    if job == "student" and _NOT_STUDENT.search(text):
        # "im a postdoc ... not a student anymore": the job is what is left
        job = _first(_NOT_STUDENT.sub(" ", text), _EMPLOYMENT_WORDS)
        if job == "student":
            job = None
    if job is None and _FIXED_TERM.search(text):
        return "salaried"  # a fixed-term contract is employment
    return job


# A fixed-term or agency contract ("on a 6 month contract", "合同工", "劳务派遣"): employment.
_FIXED_TERM = re.compile(
    r"\bon an? (?:\d+|one|two|three|six|twelve)[- ](?:month|year|week)s?[- ]contract\b"
    r"|\bfixed[- ]term\b|\bshort[- ]term contracts?\b|\bcontract (?:job|work|worker|role|position)\b"
    r"|\btemp(?:ing)? (?:job|work|agency)\b|合同工|劳务派遣|派遣工|外包员工|合同制"
    r"|\b(?:staffing|employment|recruitment) agency\b|\blabou?r hire\b|\bthrough an agency\b"
)
# Asking whether one may borrow at all ("can i still apply", "do i qualify", "does that count
# as employed", "我这种能申请吗", "符合条件吗"): an eligibility question, whatever job it names.
_ELIGIBILITY_ASK = re.compile(
    r"\b(?:can|could) (?:i|someone like me|people like me) (?:still )?(?:apply|qualify|get a loan|borrow)\b"
    r"|\bdo i (?:still )?qualify\b|\bam i (?:still )?eligible\b|\bwould i (?:still )?(?:qualify|be eligible|be approved)\b"
    r"|\bdoes (?:that|it|this) count as (?:employed|employment|a job|work|income)\b"
    r"|(?:能|可以)(?:申请|办|贷|借)(?:款|钱|贷款)?(?:吗|么|不)|符合(?:条件|要求)吗|算(?:不算)?(?:有工作|在职|有收入)"
    # "retired teacher, 63, any chance of a loan", "退休了还有机会贷款吗"
    r"|\bany chance (?:of|i (?:can|could)|for) (?:me )?(?:a |getting a |get a |to get a )?(?:loan|borrow)"
    r"|\b(?:is it|would it be) possible (?:for me )?to (?:get a loan|borrow)"
    r"|有(?:没有)?(?:机会|可能)(?:申请|贷|借)"
    # "just turned 60, retiring next spring - will you still lend to me", "还肯借给我吗"
    r"|\b(?:will|would|do|does|can) (?:you|u|you guys|they) (?:still )?(?:lend|give (?:me )?(?:a )?loan|approve)\b"
    r"|(?:肯|会|能|愿意)借(?:钱)?给我"
    # "还能在你们这借点钱不"
    r"|(?:能|可以)[^，。？?]{1,6}(?:借|贷)[^，。？?]{0,3}(?:吗|么|不|嘛|没)"
)


# How an application already made is going ("its been 3 days since i submitted, hows it
# looking", "申请提交三天了 怎么还没消息"): the status, looked up once the borrower is verified.
_STATUS_ASK = re.compile(
    r"\b(?:since i (?:applied|submitted|sent (?:it|everything|my (?:application|documents)))"
    r"|after (?:applying|submitting)|i (?:applied|submitted)(?: it)? (?:on|last|yesterday|\d|a few|two|three|this)"
    r"|my application)\b[^.?!]{0,40}"
    r"(?:how'?s it (?:going|looking)|hows it (?:going|looking)|how is it (?:going|looking)|any (?:news|update|word)"
    r"|what'?s (?:happening|going on)|whats (?:happening|going on)|still (?:pending|waiting|nothing|no\b|under review)"
    r"|heard nothing|no (?:news|update|word|reply|response))"
    r"|(?:申请|提交|交了?材料)(?:了|完|上去)?[^。？?]{0,10}"
    r"(?:怎么样了|还没(?:有)?(?:消息|结果|动静|回复|通知|下来)|有结果了吗|有消息了吗|进度如何|到哪一?步了?)"
)


def status_ask(text: str) -> bool:
    """The message asks how an application already made is going (see _STATUS_ASK)."""
    return _STATUS_ASK.search(text) is not None


def eligibility_ask(text: str) -> bool:
    """The message asks whether the borrower may borrow (see _ELIGIBILITY_ASK)."""
    return _ELIGIBILITY_ASK.search(text) is not None


# The longest or shortest term one may borrow for ("最长能分多少期", "最短可以借几个月",
# "whats the longest i can spread the repayments over", "what's the maximum term"), and the
# smallest amount ("whats the smallest loan i can take", "最少能借多少"): our limits, not a
# borrower's own schedule. Not a borrower asking for more time on a loan they have.
_TERM_LIMIT_ASK = re.compile(
    r"最(?:长|短|久)[^。？?，,!！]{0,8}?(?:期|个月|月|年|多久|多长)"
    r"|最(?:多|少)(?:能|可以|可)?(?:分|借|贷)?(?:几|多少)(?:期|个月|年)"
    r"|(?:能|可以)分(?:几|多少)期|(?<!合同)(?<!合同的)期限(?:是|有|一般|最)?(?:最长|最短|多长|多久|几年|多少|范围|长|短)"
    r"|\b(?:longest|shortest)\b[^.?!]{0,30}?\b(?:term|terms|months?|years?|period|spread|repay|pay (?:it )?back|tenor|tenure|loan|borrow)"
    r"|\b(?:max(?:imum)?|min(?:imum)?|longest|shortest)\s+(?:loan\s+|repayment\s+)?(?:term|tenor|tenure|period|length|duration)"
    r"|\bhow long (?:can|could|may) (?:i|we|you|the loan)\b[^.?!]{0,20}?\b(?:borrow|spread|repay|pay|be|last|run|take (?:it|the loan|a loan) (?:out )?for)"
    r"|\bhow (?:many|few) (?:months|years|instal(?:l)?ments) (?:can|could|may|is the (?:max|min))"
)
_MIN_AMOUNT_ASK = re.compile(
    r"最(?:少|低)(?:能|可以|可)?(?:借|贷)|最(?:低|小)(?:额度|金额|借款|贷款)|起(?:借|贷)(?:金额|额度|多少)?"
    r"|\b(?:smallest|minimum|min|lowest|least)\b[^.?!]{0,12}?\b(?:amount|loan|sum|borrow|i can (?:borrow|take|get))"
    r"|\bhow little can (?:i|we|you) borrow"
)
_MORE_TIME = re.compile(
    r"延期|宽限|逾期|晚还|推迟|缓|缩短|提前还|defer|late|grace|overdue|extend|extension|behind"
    r"|prepay|pay (?:it |the loan |this )?off early|shorten"
)


# How much one could borrow, asked with the borrower's income ("月薪八千能批多少", "I make 6k a
# month after tax, how much could you lend me", "我一个月到手一万二 房贷每月还四千 还能批多少"):
# the limit rule, with what the borrower said of their pay (and their repayments) taken up.
_MAX_AMOUNT_ASK = re.compile(
    r"(?:能|可以|最多|最高|大概|大约|还能|能够|可|会)(?:批|贷|借|给|拿)(?:到|给我|我)?(?:多少|几万|几千|多大)"
    r"|额度(?:能|可以|大概|会)?(?:有|给|批)?多少|批多少|贷多少|借多少"
    r"|\bhow much (?:could|can|would|will|might|do|should) (?:you|i|u|ya|they) (?:lend|borrow|get|give|qualify|be approved)"
    r"|\bhow much (?:credit|money|of a loan) (?:could|can|would|will|might) (?:i|you|u)"
    r"|\bwhat(?:'?s| is| would be) the (?:max|most|maximum|biggest|highest|largest)(?: amount| loan| limit)?"
    r" (?:i|you|u)(?:'d| would| could| can| will)"
    r"|\bhow (?:big|large) (?:a )?loan (?:could|can|would|will|might)"
)
_INCOME_SAID = re.compile(
    r"月薪|工资|收入|月入|到手|税后|税前|薪水|挣|赚"
    r"|\b(?:salary|salary's|income|earn\w*|make|making|take[- ]home|paid|wages?|net)\b"
)
_REPAYING_SAID = re.compile(
    r"房贷|车贷|月供|信用卡|还款|还贷|每月还|每个月还"
    r"|\b(?:mortgage|car loan|repayments?|loan payments?|i pay \d|paying \d|credit cards?)\b"
)


# Applying by phone or having us fill the form in ("can I apply over the phone", "能不能 就电话里
# 你们帮我申请一下", "可以让客服帮我填申请吗"): the application is the borrower's own, online.
_PHONE_APPLICATION = re.compile(
    r"(?:电话里|电话上|电话中|打电话|通过电话|用电话|电话)[^。？?!！]{0,10}(?:申请|办贷|办理贷|办个贷|办款|填表|填申请|借款|贷款)"
    r"|(?:客服|你们|工作人员|业务员)(?:能|可以|能不能|可不可以)?(?:帮我|替我|给我|代我)(?:填|申请|办|弄)"
    r"|\b(?:apply|application|sign up|borrow)\b[^.?!]{0,30}\b(?:over the phone|by phone|on the phone|by calling|on a call|phone call|call you)\b"
    r"|\b(?:over the phone|by phone|on a call|by calling)\b[^.?!]{0,30}\bapply"
    r"|\b(?:someone|you|your team|an agent|your staff|staff|you guys)\b[^.?!]{0,20}\b(?:fill in|fill out|complete|do)\b"
    r"[^.?!]{0,12}\bapplication\b"
)


def phone_application(text: str) -> bool:
    """Whether the message asks to apply by phone or to have the form filled in for one."""
    return (
        _PHONE_APPLICATION.search(text) is not None and _REPAYING_NOT_APPLYING.search(text) is None
    )


# "年终奖发了三万 想拿来还一部分本金 是打电话申请还是app里自己操作": a prepayment asked for by
# phone is not a loan application
_REPAYING_NOT_APPLYING = re.compile(
    r"提前还|还一部分|还本金|还款|还清|结清|延期|\bprepa|\bpay (?:it |the loan |my loan )?off\b|\brepay|\bsettle"
)


def income_limit_ask(text: str) -> bool:
    """How much one could borrow, asked with one's income stated."""
    return _MAX_AMOUNT_ASK.search(text) is not None and _INCOME_SAID.search(text) is not None


def repaying_said(text: str) -> bool:
    """The message speaks of repayments the borrower already makes (a mortgage, a car loan)."""
    return _REPAYING_SAID.search(text) is not None


def limit_ask(text: str) -> str | None:
    """The answer is "term" when the message asks how long (or short) a loan may run, "min_amount" when it
    asks how little one may borrow; None otherwise (and for a borrower asking for time)."""
    if _MORE_TIME.search(text):
        return None
    if _TERM_LIMIT_ASK.search(text):
        return "term"
    if _MIN_AMOUNT_ASK.search(text):
        return "min_amount"
    return None


# What a question is about beyond its intent, where the answer is a rule of its own rather
# than the intent's general one (a knowledge-base entry's ``situation = [...]``): part-time
# work and social insurance are not self-employment; a charge the borrower cannot place is
# not the fee list; a kind of credit we do not offer is not the product list.
SITUATIONS = (
    "part_time",
    "social_insurance",
    "unknown_charge",
    "not_offered",
    "foreign_identity",
    "closing",
    "credit_history",
    "guarantor",
    "spouse_papers",
    "prepay_credit",
)
_NATIONALITIES = (
    "american|british|english|canadian|australian|german|french|italian|spanish|russian"
    "|korean|japanese|indian|pakistani|nigerian|filipino|thai|vietnamese|malaysian"
    "|singaporean|indonesian|brazilian|mexican|dutch|swedish|irish|kiwi|new zealander"
)
_SITUATION_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "not_offered",
        re.compile(
            r"payday|cash advance|buy now,? pay later|\bbnpl\b|afterpay|klarna"
            r"|(?:get|apply for|issue|offer|do|give|have) (?:me )?(?:a |any )?credit cards?"
            r"|credit cards? (?:through|from|with) (?:you|u)"
            r"|(?:办|申请|开|有)(?:张|个)?信用卡|信用卡(?:能|可以)?(?:办|申请)"
            r"|(?:买|购)[^,，。?？]{0,6}分期|分期(?:买|购)|购物分期|消费分期"
            r"|像(?:花呗|白条|借呗)|(?:花呗|白条)(?:那种|一样|那样|类似)"
            r"|发薪日贷|工资日贷|超短期|借几天|周转几天"
            r"|公积金贷|(?:房产|房子|房屋)[^,，。?？]{0,4}抵押|(?:拿|用)房(?:子|产)?(?:做)?抵押"
            r"|home equity|(?:secured|loans?) against (?:my |a |the )?(?:property|house|home|flat)"
            r"|典当|当铺|(?:黄金|金饰|首饰|金条|手表|名表|股票)[^,，。?？]{0,4}(?:抵押|质押|典当)"
            r"|(?:抵押|质押)[^,，。?？]{0,4}(?:黄金|金饰|首饰|金条|手表|名表|股票)"
            r"|\bpawn|(?:against|pledg\w*|secured by|using) (?:my |some |a )?"
            r"(?:gold|jewel\w*|watch|rolex|stocks?|shares)|\bgold loans?"
            # "do you do crypto backed loans", "拿比特币抵押能借吗": crypto as security
            r"|(?:crypto\w*|bitcoins?|btc|usdt|虚拟货币|比特币|数字货币|加密货币)[^,，。?？]{0,12}"
            r"(?:backed|secured|collateral|抵押|质押)"
            r"|(?:against|pledg\w*|secured by|using|use) (?:my |some |a )?(?:crypto\w*|bitcoins?|btc)"
            r"|(?:抵押|质押)[^,，。?？]{0,4}(?:比特币|虚拟货币|数字货币|加密货币)"
        ),
    ),
    (
        "foreign_identity",
        re.compile(
            r"外国人|外籍|外国籍|老外|护照|绿卡|外国永久居留|台胞证|回乡证|港澳台"
            r"|(?:香港|澳门|台湾|港澳)(?:人|居民|同胞|身份证|籍|户籍|永久居民)"
            r"|foreigner|foreign (?:national|citizen|passport|resident)|expat|passport"
            r"|residence permit|work permit|non-?chinese|not (?:a )?chinese (?:citizen|national)"
            r"|hong kong (?:resident|citizen|id|permanent)|from (?:hong kong|macau|macao|taiwan)"
            r"|macau|macao|taiwanese|\b(?:i'?m|i am|as) (?:a |an )?(?:" + _NATIONALITIES + r")\b"
        ),
    ),
    (
        "social_insurance",
        re.compile(
            r"(?:没|没有|不|未|断)[^,，。?？]{0,8}(?:交|缴|买|上)?[^,，。?？]{0,3}(?:社保|五险|公积金)"
            r"|(?:社保|五险|公积金)[^,，。?？]{0,6}(?:没交|没缴|没有|断了|断缴|停了|不交|没买|要求|必须)"
            r"|(?:需要|要求|一定要|必须)[^,，。?？]{0,4}(?:社保|公积金)"
            r"|(?:no|without|don'?t have|doesn'?t pay|not paying|never paid) (?:any |my )?"
            r"(?:social (?:insurance|security)|pension contributions|housing fund)"
            r"|(?:need|require|requires|required) (?:a |any )?(?:social (?:insurance|security)|housing fund)"
        ),
    ),
    (
        "part_time",
        re.compile(
            r"兼职|小时工|钟点工|临时工|part[- ]?time|hourly (?:job|work|pay)|casual (?:job|work)"
            r"|zero[- ]hours?|\b\d{1,2} ?(?:hrs|hours) (?:a|per) week"
        ),
    ),
    (
        "unknown_charge",
        re.compile(
            r"(?:扣|收费|收了|多扣|多收|一笔|一项|费)[^。?？]{0,16}(?:不知道|看不懂|不明|不认识|没听说|搞不懂|什么钱|啥钱|是什么|哪来的|怎么回事)"
            r"|(?:不明|不认识的?|看不懂的?|莫名其妙的?)(?:扣款|扣费|费用|收费)"
            r"|(?:debit|charge|deduction|payment|fee)(?:[^.?!]|\.\d){0,40}(?:no idea|don'?t know|dont know|not sure"
            r"|what (?:it|that|this) is|what (?:it|that|this)'?s for|don'?t recogni[sz]e|never heard"
            r"|what(?: is|'s|s| was) (?:it|that|this)\b)"
            r"|(?:what(?:'s| is| was)|whats) (?:this|that)[^.?!]{0,12}(?:debit|charge|deduction)"
            # "what is the 15 yuan deduction on my statement"
            r"|(?:what(?:'s| is| was| are)|whats) (?:the|this|that|these|those) [^.?!]{0,20}?"
            r"(?:debit|charge|deduction)s? (?:on|in|from) my (?:statement|account|card|bank|bill)"
            r"|(?:unknown|unexplained|mystery|strange|random) (?:debit|charge|deduction|fee)"
            r"|(?:extra|additional)(?:[^.?!]|\.\d){0,24}(?:taken|charged|debited|deducted|charge|debit|deduction)"
            r"|why (?:was|were|have|has|did) [^.?!]{0,24}(?:charged|debited|deducted|taken|billed)"
            r"|(?:怎么|为什么|为啥)多(?:扣|收|了)|多了[^,，。?？]{0,6}(?:块|元|钱)"
            r"|(?:莫名其妙|无缘无故|平白无故|不知道为什么|不知为何)[^。?？]{0,8}(?:扣|少了|收)"
            r"|(?:卡里|卡上|账户|余额|银行卡)[^。?？]{0,8}少了|(?:是不是|是)你们扣的"
            r"|(?:怎么|为什么|为啥)又?扣了?我?[^。?？]{0,8}(?:块|元|钱)"
            # a bill higher than the last one: "这个月账单怎么比上个月多了", "why is my payment
            # higher than last month"
            r"|(?:账单|月供|还款额|扣款|扣的钱|这期|本期|这个月)[^。?？]{0,10}比(?:上个?月|上一?期|之前|以前|平时)"
            r"[^。?？]{0,4}(?:多|高|贵|大)"
            r"|(?:账单|月供|还款额|扣款)[^。?？]{0,6}(?:怎么|为什么|为啥)(?:变多|变高|多了|涨了|高了|变了)"
            r"|\b(?:bill|statement|payment|instal+ment|repayment|debit)s?\b[^.?!]{0,30}"
            r"\b(?:higher|more|bigger|larger|went up|gone up|increased|jumped)\b[^.?!]{0,6}"
            r"\b(?:than|since|from) (?:last|the previous|the last|usual|before|normal)"
            r"|\bwhy (?:did|has|is|have) (?:my|the|this month'?s) (?:bill|statement|payment|instal+ment|repayment)s? "
            r"(?:go up|gone up|went up|increase|increased|higher|bigger|more|jump|jumped)"
        ),
    ),
    (
        # paying early and the credit report: "if i pay it off early does that help my credit
        # score", "提前还清对征信有影响吗" (how it is reported, not the late-payment rules)
        "prepay_credit",
        re.compile(
            r"(?:提前(?:还|结清|还清|还款)|一次性还清|早点还清|提前把[^。?？]{0,6}还)[^。?？]{0,20}(?:征信|信用)"
            r"|(?:征信|信用)[^。?？]{0,12}(?:提前(?:还|结清|还清|还款)|一次性还清)"
            r"|(?:\bpay(?:ing)?|\bsettl\w*|\brepay\w*|\bclear\w*|\bclos\w*)"
            r"(?: off)?(?: (?:it|the loan|this|this loan|everything|my loan|the whole thing|the balance))?(?: off| back)? early"
            # "would clearing this loan early now make my report look better or worse"
            r"[^.?!]{0,40}\b(?:credit|(?:my|the) (?:credit )?(?:report|record|file|score))\b"
            r"|\b(?:early (?:repayment|settlement|payoff|pay-off)|prepay\w*|paying ahead)\b[^.?!]{0,40}\bcredit\b"
            r"|\bcredit (?:score|report|record|rating|history|file)\b[^.?!]{0,40}"
            r"\b(?:pay(?:ing)? (?:it |the loan )?off early|settl\w* early|early (?:repayment|settlement)|prepay\w*)"
        ),
    ),
    (
        # a spouse's signature or ID card for a loan: a papers question ("老公的身份证也要吗",
        # "does my wife need to sign too"), not someone else's account
        "spouse_papers",
        re.compile(
            r"(?:老公|老婆|丈夫|妻子|配偶|爱人|媳妇|另一半|夫妻)(?![^。?？]{0,4}(?:想|要)(?:办|借|贷|申请))"
            r"[^。?？]{0,14}(?:签字|签名|面签|到场|身份证|证件|户口本|结婚证|同意书?)"
            r"|(?:签字|签名|面签|到场|身份证|证件)[^。?？]{0,8}(?:老公|老婆|丈夫|妻子|配偶|爱人|媳妇)"
            r"|\b(?:wife|husband|spouse|partner)(?:'s)?\b[^.?!]{0,24}"
            r"\b(?:sign|signs|signature|co-?sign|id card|ids?\b|identity card|consent|come in|be present)"
        ),
    ),
    (
        # a guarantor or a co-signer, collateral: "要不要担保人", "does my cosigner need to send
        # payslips", "do i need collateral"
        "guarantor",
        re.compile(
            r"担保(?!费|金)|(?:要|需要|得)(?:不要)?(?:提供)?抵押(?!贷)|抵押物"
            # "用我爸妈名下的房子做抵押", "拿车抵押": something put up as security
            r"|(?:做|作|当|来)抵押(?!贷)|(?:房子|房产|车子|名下的房|名下的车)(?:来|去)?抵押(?!贷)"
            r"|\bguarantors?\b|\bco-?signers?\b|\bco-?sign\b|\bcollateral\b|\bsurety\b"
            # "do i need someone to guarantee the loan for me"
            r"|\b(?:someone|somebody|anyone|a person) to (?:guarantee|vouch for|back)\b"
            r"|\bguarantee(?:s|d|ing)? (?:the |my |a |his |her |their |your )?loan\b"
            r"|\b(?:put|putting) up (?:my |his |her |their |our |the )?\w+(?:'s)? (?:house|home|flat|car|property)\b"
        ),
    ),
)


# Whether one may still borrow with a credit record that is not clean ("征信花了能过吗",
# "I had a default two years ago, can I still get a loan", "我前年有过一次逾期 后来还清了
# 现在还能借吗"): the credit rule of eligibility, not the late-payment rules.
_CREDIT_PAST = re.compile(
    r"征信(?:不好|不太好|花了?|很花|差|有问题|有污点|有逾期|黑了?|有瑕疵)|黑户|不良记录|逾期记录"
    r"|(?:有过|以前|之前|曾经|前年|去年|过去|几年前|早年)[^。?？，,]{0,8}逾期"
    r"|\b(?:bad|poor|low|terrible|damaged|not great|patchy) credit\b"
    r"|\bcredit (?:history|score|record|rating) is (?:(?:pretty|quite|really|very|a bit|kind of|rather|so) )?"
    r"(?:bad|poor|low|terrible|not great|patchy|damaged|shot|wrecked)"
    r"|\bmissed\b[^.?!]{0,30}\b(?:bills?|payments?|repayments?|instal+ments?)\b"
    r"|\blate payments? (?:on my|in the past)|\bhad (?:a |some |two |one )?(?:late payments?|defaults?|missed payments?)"
    r"|\bdefaulted\b|\ba default\b"
)
_CREDIT_PAST_ASK = re.compile(
    r"(?:能|可以|还能|还可以)(?:不能)?(?:贷|借|申请|办|过)|会(?:不会)?被拒|影响(?:申请|贷款|借款|审批)"
    r"|\b(?:can|could) i (?:still )?(?:borrow|apply|get (?:a loan|approved)|qualify)"
    r"|\bstill (?:get|borrow|apply|qualify)|\bstop me\b|\b(?:be|get) (?:rejected|declined|refused)\b"
    r"|\bqualify\b|\beligible\b"
)
# ... not a record disputed as wrong ("征信上有一笔逾期不是我的")
_CREDIT_WRONG = re.compile(
    r"更正|异议|不是我的|错误|有误|mistake|wrong|dispute|isn'?t mine|not mine|never made"
)


# A closing remark ("sweet, that sorts it, ta very much", "行 懂了 谢啦 没别的事了"): nothing
# but thanks, goodbyes and acknowledgements, and at least one of the first two kinds.
_CLOSING_ZH = (
    # "先不打扰了", "不打扰您了": a polite sign-off (not a bare 打扰了, which also opens a talk)
    "(?:先)?不打扰(?:你们|你|您)?了"
    "|谢谢你们|谢谢你|谢谢啦|谢谢了|谢谢|谢啦|谢了|多谢|感谢|3q|辛苦了|辛苦啦|麻烦了|麻烦你了"
    "|帮大忙了|帮了大忙|有帮助|你的帮助|的帮助|帮助|明白了|明白|懂了|知道了|了解了|清楚了|收到|没别的事了|没别的事"
    "|没别的了|没其他问题了|没有其他问题了|没有别的问题了|没问题了|没事了|没有了|就这些|就这样吧"
    "|没啥问题了|没啥事了|没啥了|没什么问题了|没什么事了|没什么了|没了|多谢多谢|谢谢谢谢"
    "|就这样|先这样|那就这样|拜拜|再见|回头见|好的|好嘞|好滴|好哒|好吧|好了|好|可以了|行了|行|嗯嗯|嗯"
    "|哦哦|哦|噢|ok|okay|太好了|那|我"
)
_CLOSING_ZH_STRONG = re.compile(
    r"谢|3q|辛苦|麻烦|不打扰|帮|明白|懂|知道|了解|清楚|收到|没别的|没其他|没有其他|没有别的|没问题|没事|没啥|没什么|就这|先这样|拜拜|再见|回头见"
    r"|(?:回头|改天|以后|下次|有空|有需要|有事|到时候|晚点)(?:我|咱)?再|(?:再|先)(?:考虑|想想|琢磨)"
)
# Putting the talk off ("回头再说", "改天再问", "有需要再联系你", "到时候再找你们"): a time or a
# condition, then 再 and a way of coming back; a closing like a goodbye.
_CLOSING_ZH_LATER = (
    r"(?:回头|改天|以后|之后|下次|过几天|过两天|明天|有空|有需要|有事|需要的话|到时候|等会|等下|晚点)"
    r"(?:我|咱|咱们)?再(?:联系你们|联系你|找你们|联系|找你|看看|咨询|申请|考虑|说|问|聊|看|来)?(?:吧|了)?"
    r"|(?:我|咱|咱们)?(?:再|先)(?:考虑|想想|琢磨)(?:考虑|想想|琢磨|一下)?"
)
_CLOSING_ZH_RE = re.compile(_CLOSING_ZH_LATER + "|" + _CLOSING_ZH)
_CLOSING_FILLER = re.compile(r"[\s,，.。!！~～…、:;；'\"()（）啊呀哈啦了呢吧哇呐嘛哟😊🙏👍\-]+")
_CLOSING_EN = (
    "thanks thank thankyou thx tnx ty tks tq cheers ta much very so lot lots heaps many loads a"
    " again you u ya mate bro guys man folks bye goodbye byebye cya see later laters ok okay k kk"
    " alright all right great good perfect cool nice awesome brilliant brill sweet lovely excellent fab"
    " fantastic super got it understood understand makes sense sorted sorts that thats that's this"
    " is was all i i'm im needed wanted just helps helped helpful help for your the have nice day"
    " night weekend appreciate appreciated appreciate it no more questions nothing else fine clear"
    " done noted oh ah and well then yes yep yeah sure kind of everything exactly what to know"
    " info information answer answered question clears cleared up explains explained sounds"
    " looks works"
    # chat shorthand and putting the talk off: "ttyl", "gtg", "i'll get back to you", "talk soon"
    " ttyl ttys cu gtg g2g tc tyvm tysm tyty np lol haha hehe xx x one"
    " i'll ill will get back talk speak chat catch later soon another time tomorrow"
    " touch be in reach out come let me think it over about over"
    # "thats everything for now", "that's all for today, bye"
    " now today"
)
_CLOSING_EN_WORDS = frozenset(_CLOSING_EN.split())
_CLOSING_EN_STRONG_WORDS = (
    "thanks thank thankyou thx tnx ty tks tq cheers ta bye goodbye byebye cya laters sorted sorts"
    " helps helped helpful appreciate appreciated understood noted"
    " ttyl ttys gtg g2g tyvm tysm tyty"
)
_CLOSING_EN_STRONG = frozenset(_CLOSING_EN_STRONG_WORDS.split())
_CLOSING_EN_PHRASES = re.compile(
    r"\bgot it\b|\bmakes sense\b|\bthat'?s all\b|\bthats all\b"
    # putting the talk off: "i'll get back to you", "talk later", "catch you soon"
    r"|\bget back to (?:you|u)\b|\b(?:talk|speak|chat|catch (?:you|u|ya))"
    r" (?:later|soon|tomorrow|another time)\b|\bbe in touch\b|\bthink it over\b"
)
_QUESTION_START = re.compile(
    r"^(?:is|are|do|does|did|can|could|will|would|what|whats|how|when|why|where|which|who|should)\b"
)


def closing(text: str) -> bool:
    """Nothing but a borrower's thanks, goodbye or "got it": no question in it."""
    if not text or "?" in text or "？" in text or "吗" in text or len(text) > 80:
        return False
    if "for nothing" in text or "白忙" in text:  # "thanks for nothing": not thanks
        return False
    if _CJK_ANY.search(text):
        rest = _CLOSING_FILLER.sub("", _CLOSING_ZH_RE.sub("", text))
        rest = re.sub(r"[a-z']+", lambda m: "" if m.group(0) in _CLOSING_EN_WORDS else "x", rest)
        return not rest and _CLOSING_ZH_STRONG.search(text) is not None
    words = re.findall(r"[a-z0-9']+", text)
    if not words or _QUESTION_START.match(text.strip()):
        return False
    if any(w not in _CLOSING_EN_WORDS for w in words):
        return False
    return bool(_CLOSING_EN_STRONG & set(words)) or _CLOSING_EN_PHRASES.search(text) is not None


# A sign-off in words the lists above do not hold ("thanks, that's all from me", "行 那我先这样 回头
# 有问题再找你", "ok I'll leave it there, thanks for your time"): a strong closing signal, no
# question in it, and a few words left over once the closing words are gone. Whether those words
# ask anything is for the caller to judge (the classifier, the knowledge base, the slots).
_CLOSING_ZH_SIGNOFF = re.compile(
    r"谢|3q|辛苦|不打扰|明白了|懂了|知道了|了解了|清楚了|收到|没别的|没其他|没有其他|没有别的|没问题了|没事了"
    r"|没啥|没什么(?:问题|事)|没有?(?:要|想)?问的|就问这些|就这些|就这样|先这样|拜拜|再见|回头见"
    r"|(?:回头|改天|以后|之后|下次|过几天|过两天|有空|到时候|晚点)(?:有(?:问题|事|需要|疑问)(?:的话)?)?"
    r"(?:我|咱|咱们)?再(?:来)?(?:找你们|找你|找您|联系你们|联系你|联系您|联系|问你们|问你|问|咨询|找|来)?"
    r"|有(?:问题|事|需要|疑问)(?:的话)?(?:我|咱|咱们)?再(?:来)?(?:找你们|找你|找您|联系你们|联系你|联系|问|咨询|找|来)"
)
# What a borrower's business with us is about: left over after a sign-off, such a word is a
# question or a request of its own ("thanks. my brother wants a loan too", "ok bye, cancel my loan")
_CLOSING_REST_TOPIC_ZH = re.compile(
    r"贷|借|还|钱|款|利|息|费|卡|额|期|申请|征信|合同|逾期|账|扣|流水|证明|材料|投诉|退"
)
_CLOSING_REST_TOPIC_EN = re.compile(
    r"\b(?:loan|loans|borrow\w*|lend\w*|pay\w*|repay\w*|card|cards|money|cash|rate|rates|interest|fee|fees"
    r"|charge\w*|cancel\w*|apply\w*|application|account|balance|limit|credit|debt|contract|late|overdue"
    r"|refund\w*|complain\w*|transfer\w*|brother|sister|wife|husband|mum|mom|dad|son|daughter|friend"
    r"|instal\w*|document\w*|statement\w*|prepa\w*|settle\w*|close|closing)\b"
)
_CLOSING_ZH_ASKS = re.compile(
    r"[吗呢么嘛]|多少|几|怎么|怎样|什么|啥|哪|为何|为什么|如何|能不能|可不可以|是不是|有没有|要不要|会不会|行不行"
    r"|但是|可是|不过|还是|还有|另外|对了|顺便|请问|想问|问一下"
)
_CLOSING_EN_SIGNOFF = re.compile(
    r"\b(?:thanks|thank|thx|ty|cheers|ta|bye|goodbye|cya|appreciate\w*|understood|noted|sorted"
    r"|got it|that'?s (?:all|everything|it)|thats (?:all|everything|it)|nothing else|no (?:more|further|other)"
    r" questions?|leave it (?:there|at that)|get back to (?:you|u)|talk (?:later|soon)|have a (?:good|nice|great)"
    r" (?:one|day|evening|night|weekend))\b"
)
_CLOSING_EN_ASKS = re.compile(
    r"^(?:is|are|do|does|did|can|could|will|would|what|whats|how|when|why|where|which|who|should)\b"
    r"|\b(?:what|whats|how|when|why|where|which|who|can|could|would|should|do you|does it|is it|is there"
    r"|but|however|although|though|still|also|another|one more|btw|by the way|actually|wait|except|not"
    r"|didn'?t|don'?t|doesn'?t|haven'?t|hasn'?t|isn'?t|wasn'?t|won'?t|can'?t|cannot|never|wrong|problem"
    r"|issue|help me|i need|i want|want to|need to|please)\b"
)


def closing_rest(text: str) -> str | None:
    """What a sign-off leaves once its closing words are gone ("from me", "我去试试", ""), or None
    when the message is not a sign-off: no strong closing signal, a question mark, a question
    word, a "but" or a negation, or more than a few words left over."""
    if not text or "?" in text or "？" in text or len(text) > 80 or closing(text):
        return None
    if "for nothing" in text or "白忙" in text:
        return None
    if _CJK_ANY.search(text):
        if _CLOSING_ZH_SIGNOFF.search(text) is None:
            return None
        # "明白 那我等工资到账了再去操作 先不打扰了": what the borrower will do later is no question
        text = without_plans(text)
        rest = _CLOSING_FILLER.sub("", _CLOSING_ZH_RE.sub("", _CLOSING_ZH_SIGNOFF.sub("", text)))
        if _CLOSING_ZH_ASKS.search(rest) or _CLOSING_REST_TOPIC_ZH.search(rest) or len(rest) > 6:
            return None
        return rest
    # "ok I'll sort it out this weekend, won't take up more of your time", "got it, I'll try
    # again after payday. bye for now": a plan of one's own and a courtesy are no question
    text = without_plans(text)
    if _CLOSING_EN_SIGNOFF.search(text) is None or _CLOSING_EN_ASKS.search(text):
        return None
    words = [
        w
        for w in re.findall(r"[a-z0-9']+", _CLOSING_EN_SIGNOFF.sub(" ", text))
        if w not in _CLOSING_EN_WORDS
    ]
    rest = " ".join(words)
    return rest if len(words) <= 4 and _CLOSING_REST_TOPIC_EN.search(rest) is None else None


_CJK_ANY = re.compile(r"[\u3400-\u9fff]")
_PLAN_ZH = re.compile(
    r"(?:那|那么)?(?:我|咱)?(?:就|先)?(?:等|回头|明天|后天|晚点|晚些|过两天|过几天|下班|到时候|周末|改天|有空|下周|月底)"
    r"[^。？?，,!！吗呢么]{0,14}?(?:再|就|去)(?:去)?[^。？?，,!！吗呢么]{0,6}?"
    r"(?:操作|弄|办|试试|试一下|试|改|看看|看|处理|申请|还|问)(?:一下|下)?"
)
# ... in English, up to a word that starts a question or a "but"
_PLAN_EN = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|im going to|gonna)\s+(?:just\s+|probably\s+)?"
    r"(?:sort|try|do|check|look|apply|pay|handle|deal|call|come back|get back|give it|have a go|update|change|fix)\b"
    r"(?:(?!\b(?:but|can|could|what|whats|how|when|why|where|is|are|do|does|will|would|should|and)\b)[^.?!,;]){0,40}"
)
_COURTESY_EN = re.compile(
    r"\b(?:won'?t|will not|don'?t want to) (?:take up|keep|bother|hold)\b[^.?!,;]{0,30}|\bbye for now\b"
)


def without_plans(text: str) -> str:
    """The message without what the borrower says they will do later ("我明天去app里改一下",
    "I'll try again after payday") or a courtesy ("won't take up more of your time")."""
    return _COURTESY_EN.sub(" thanks ", _PLAN_EN.sub(" ", _PLAN_ZH.sub(" ", text)))


# An acknowledgement or thanks before a new question ("好的，那利率呢", "thanks! oh and one more
# thing, what id do i need"): the words a reply opens with, then what it asks.
_ACK_ZH = re.compile(
    r"^(?:(?:谢谢你们|谢谢你|谢谢|谢啦|谢了|多谢|感谢|好的|好嘞|好滴|好吧|好|行吧|行|可以|嗯嗯|嗯|哦哦|哦|噢"
    r"|明白了|明白|懂了|知道了|了解了|了解|清楚了|收到|ok|okay|那|对了|还有|另外|再问一下|再问下|顺便问一下)"
    r"[\s,，.。!！~～…、:;；啊呀哈啦了呢吧]*)+"
)
_ACK_EN = frozenset(
    [
        "ok",
        "okay",
        "k",
        "kk",
        "alright",
        "great",
        "good",
        "perfect",
        "cool",
        "nice",
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "cheers",
        "got",
        "it",
        "understood",
        "sure",
        "yes",
        "yep",
        "yeah",
        "right",
        "fine",
        "noted",
        "oh",
        "ah",
        "and",
        "also",
        "so",
        "then",
        "one",
        "more",
        "thing",
        "btw",
        "another",
        "quick",
        "question",
        "q",
    ]
)


# A greeting a question opens with ("你好 打扰一下 我想问问额度最高能批多少", "hi there, sorry
# to bother you, what's the max i can borrow"): not the question either.
_GREETING_ZH = re.compile(
    r"^(?:(?:你好|您好|哈喽|嗨|hi|hello|在吗|在不在|有人吗|打扰了|打扰一下|打扰下|不好意思|请问|麻烦问一下|麻烦问下)"
    r"[\s,，.。!！~～…、:;；啊呀哈啦了呢吧]*)+"
)
_GREETING_EN = re.compile(
    r"^(?:(?:hi there|hello there|hey there|hiya|hi|hello|hey|good (?:morning|afternoon|evening)|excuse me"
    r"|sorry to (?:bother|trouble) (?:you|u)|quick question"
    # "morning! quick q before I head to work", "evening, got a quick one if you've a sec": a greeting
    # that announces a question to come
    r"|(?:good )?(?:morning|mornin|afternoon|evening)|g'?day|howdy|yo"
    r"|(?:(?:i'?ve |i )?got |just |one |a )?(?:a )?quick (?:q|qn|qq|question|one|query)(?: for (?:you|u|ya))?"
    r"|before (?:i (?:head|go|leave|start|clock)(?: off| out| in)?(?: to (?:work|school|bed|the office|my shift))?"
    r"|(?:my|the) (?:shift|meeting|school run|commute))"
    r"|(?:if|when) (?:you'?ve|you have|u have|you'?ve got|you got|u got) (?:got )?a (?:sec|second|minute|moment|mo)"
    r")[\s,.!:;-]*)+"
)


def greeting_only(text: str) -> bool:
    """Nothing but a greeting ("打扰了", "excuse me", "hi there")."""
    text = text.strip()
    m = (_GREETING_ZH if _CJK_ANY.search(text) else _GREETING_EN).match(text)
    return bool(text) and m is not None and m.end() == len(text)


def after_ack(text: str) -> str | None:
    """What a message asks after the acknowledgement it opens with, or None (no opening
    acknowledgement, or nothing after it)."""
    greeting = (_GREETING_ZH if _CJK_ANY.search(text) else _GREETING_EN).match(text)
    if greeting and greeting.end() > 0:
        rest = text[greeting.end() :].strip()
        again = after_ack(rest) if rest else None
        return again or (rest if len(rest) >= 2 else None)
    if _CJK_ANY.search(text):
        m = _ACK_ZH.match(text)
        rest = text[m.end() :].strip() if m else ""
        return rest if m and m.end() > 0 and len(rest) >= 2 else None
    words = re.findall(r"[a-z0-9']+|[^a-z0-9'\s]+", text)
    n = 0
    while n < len(words) and (words[n] in _ACK_EN or not re.match(r"[a-z0-9']", words[n])):
        n += 1
    rest = " ".join(words[n:])
    return rest if n > 0 and len(words) - n >= 2 else None


_BARE_RATE_RE = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*(?:的)?(?:年化|年利率|利率)(?!多少|是多少|高|低)"
    r"|(?:年化|年利率|利率)(?:利率)?(?:是|为|按)?\s*(\d{1,2}(?:\.\d+)?)(?![\d.%％万千期个天年月])"
    # "银行给的是三块九毛五" (3.95块): the rate the bank gave, said in 块
    r"|(?:给的是|给我的是|批的是|批下来是|执行的是|定的是)\s*(\d{1,2}(?:\.\d+)?)\s*(?:个点|块)(?![\d.]*\s*(?:钱|元))"
)


def situation_of(text: str) -> str | None:
    if closing(text):
        return "closing"
    for name, rx in _SITUATION_RES:
        if rx.search(text):
            return name
    if (
        _CREDIT_PAST.search(text)
        and _CREDIT_PAST_ASK.search(text)
        and not _CREDIT_WRONG.search(text)
    ):
        return "credit_history"
    return None


def extract(folded: Folded) -> dict[str, object]:
    """All slots stated in one message: names as in the issue, values as plain JSON."""
    text = _english_numbers(folded.numeric)
    slots: dict[str, object] = {}
    # A personal number (an ID, passport, PAN, MyKad, NRIC, card or mobile) is no amount, term
    # or age: "Passport 533381907" was amount=533381907, shown in full in the hand-off summary.
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in find_pii(text)]

    for m in _PCT_RE.finditer(text):
        value = _decimal(m.group(1))
        taken.append((m.start(), m.end()))
        if (
            value is not None
            and (
                m.group(2) in ("%", "％", "percent", "per cent", "pct")
                # "年化按九个点", "年利率按八个点": points of an annual rate
                or m.group(2) == "个点"
                and _ANNUAL_POINTS.search(text, max(0, m.start() - 8), m.start()) is not None
                # "利率八个点": 3 points or more of a rate with no month named is a year's
                or m.group(2) == "个点"
                and value is not None
                and value >= 3
                and "利率" in text[max(0, m.start() - 6) : m.start()]
                and "月" not in text[max(0, m.start() - 8) : m.start()]
            )
            and Decimal(0) < value < 40
        ):
            slots.setdefault("rate", str(value))

    if "rate" not in slots:
        # "五点五的利率", "年化7.2": an annual rate said without a per cent sign
        bare = _BARE_RATE_RE.search(text)
        if bare:
            value = _decimal(bare.group(1) or bare.group(2) or bare.group(3))
            if value is not None and Decimal(1) < value < 40:
                slots["rate"] = str(value)

    for m in _AFTER_RE.finditer(text):
        slots["after"] = int(m.group(1))
        taken.append((m.start(), m.end()))

    for m in _AGE_RE.finditer(text):
        age = int(m.group(1))
        if 16 <= age <= 90:
            slots["age"] = age
            taken.append((m.start(), m.end()))
    if "age" not in slots:
        for m in (*_AGE_CUE_RE.finditer(text), *_AGE_SELF_RE.finditer(text)):
            age = int(m.group(1))
            # "im 17, turning 18 next month": an age under our minimum is an age too
            if 16 <= age <= 80:
                slots["age"] = age
                taken.append((m.start(), m.end()))
                break

    for start, end, months in _terms(text):
        if any(s <= start < e for s, e in taken):
            continue
        taken.append((start, end))
        if _near(
            text,
            start,
            ("缴了", "交了", "缴纳了", "缴纳", "连续缴", "paid into", "contributed"),
            before=5,
        ):
            # "公积金缴了五年": how long a fund has been paid into, not the loan's term
            continue
        if months == 1 and re.match(
            r"\s*(?:能|可以|大概|差不多)?(?:挣|赚|拿|收入|到手|有|发|领)?\s*\d", text[end:]
        ):
            # "工资一个月八千": a sum a month (the pay), not a loan of one month (it was, and
            # the pre-screen told the borrower "期限过短")
            continue
        if (
            _near(text, start, _TENURE_CUES, before=12)
            or _near(text, end, ("了",), before=0, after=1)
            and not _near(text, start, ("分", "贷", "借", "期限"), before=6)
        ):
            key = (
                "business_age_months"
                if _near(
                    text,
                    start,
                    (
                        "开了",
                        "经营了",
                        "成立",
                        "注册",
                        "营业了",
                        "in business",
                        "opened",
                        "open for",
                        "running",
                    ),
                    before=12,
                )
                else "employment_months"
            )
            slots.setdefault(key, months)
        else:
            slots.setdefault("months", months)

    for number in _money(text, taken):
        start = number.start
        if number.value <= 0 or (number.value < 100 and not number.money_unit):
            continue  # "一部分", "第1期": not money
        if _near(text, start, _ANNUAL_INCOME_CUES, before=12):
            slots.setdefault("monthly_income", int(number.value / 12))
        elif _near(text, start, _REVENUE_CUES, before=12):
            slots.setdefault("annual_revenue", int(number.value))
        elif _near(text, start, _INCOME_CUES, before=12):
            if number.value >= 300 or number.money_unit:
                slots.setdefault("monthly_income", int(number.value))
        elif (
            _BUDGET_BEFORE.search(text, max(0, start - 30), start) and "monthly_budget" not in slots
        ):
            # "每个月最多能还两千五", "I can afford 600 a month": what the borrower can pay monthly
            slots["monthly_budget"] = int(number.value)
        elif (
            _near(text, start, _DOWN_CUES, before=8, after=0) or _DOWN_AFTER.match(text, number.end)
        ) and "down_payment" not in slots:
            # "首付三万", "I'll put 60k down", "with a 20k deposit": paid by the borrower
            slots["down_payment"] = int(number.value)
        elif (
            _near(text, start, _CAR_CUES, before=12)
            # "a 90k car with a 20k deposit", "新车二十万 付了八万首付": the price, beside the
            # part paid down ("finance a 150k car" is the amount borrowed)
            or (_CAR_AFTER.match(text, number.end) or _CAR_BEFORE.search(text, 0, start))
            and _DOWN_ANY.search(text) is not None
        ) and "car_price" not in slots:
            slots["car_price"] = int(number.value)
        elif _near(text, start, _HOUSE_CUES, before=12) and "house_price" not in slots:
            slots["house_price"] = int(number.value)
        elif (
            _near(text, start, _PREPAY_CUES, before=12, after=0)
            or _PREPAY_AFTER.match(text, number.end)
        ) and "prepay_amount" not in slots:
            slots["prepay_amount"] = int(number.value)
        elif (
            (number.money_unit or number.value >= 1000)
            and "amount" not in slots
            and number.value >= 100
        ):
            slots["amount"] = int(number.value)

    price = slots.get("car_price") or slots.get("house_price")
    down = slots.get("down_payment")
    if price and down and "amount" not in slots and 0 < int(down) < int(price):  # type: ignore[call-overload]
        # "车价十二万 首付三万", "car is 200k, I'll put 60k down": the rest is what is borrowed
        slots["amount"] = int(price) - int(down)  # type: ignore[call-overload]
    purpose = purpose_of(f" {folded.text} ")
    if purpose is None and "car_price" in slots:
        purpose = "car"  # "车价十二万 首付三万": the car's price says what the loan is for
        if _CAR_REPAIR.search(folded.text) and not _CAR_BUY.search(folded.text):
            # "车坏了 修车要八千": what a repair costs is no car's price
            del slots["car_price"]
            slots.setdefault("amount", price)
            purpose = "consumer"
    if purpose:
        slots["purpose"] = purpose
    employment = employment_of(folded.text)
    if employment:
        slots["employment"] = employment
    situation = situation_of(folded.text)
    if situation:
        slots["situation"] = situation
    mode = prepay_mode_of(folded.text)
    if mode:
        slots["prepay_mode"] = mode
    method = _method(folded.text)
    if method:
        slots["method"] = method
    return slots


# Paying more than is due to bring what is owed down ("can I pay an extra 2000 this month to
# bring the balance down", "pay more this month to get the principal down", "多还点冲本金"):
# a prepayment, whatever the classifier makes of "pay".
_PRINCIPAL_DOWN_SRC = (
    r"\b(?:pay|repay|put|send) (?:an )?(?:extra|additional) (?:\d[\d,.]*k?|[a-z]+ (?:thousand|hundred|grand))"
    r"|\b(?:pay|repay|put) (?:in )?(?:\d[\d,.]*k?|[a-z]+ (?:thousand|hundred|grand)) (?:extra|more)\b"
    r"|\b(?:bring|get|knock|pay) (?:the |my )?(?:balance|principal|loan|debt) down\b"
    r"|\b(?:pay|put) [^.?!]{0,20}\b(?:off|towards?|against) (?:the |my )?principal\b"
    r"|\breduce (?:the |my )?principal\b|(?:多还|还)(?:一)?(?:点|些)?[^。？?，,]{0,2}(?:冲|减少|降)本金"
)
_PRINCIPAL_DOWN = re.compile(_PRINCIPAL_DOWN_SRC)


def principal_down(text: str) -> bool:
    """More than is due paid to bring the balance down (see _PRINCIPAL_DOWN_SRC), by a
    borrower who does not say the money is short."""
    return _PRINCIPAL_DOWN.search(text) is not None and _SHORT_OF_MONEY.search(text) is None


_PARTIAL_PREPAY = re.compile(
    r"(?:先还|提前还|多还|还)(?:1|一)?部分(?:本金|贷款|欠款)"
    r"|提前还(?:1|一)?部分|部分(?:提前)?还款|部分提前还|部分还本"
    r"|\b(?:pay|repay|paying|repaying) (?:back |off )?(?:some|part) of (?:it|the loan|the principal|my loan)"
    r"(?: back| off)? early"
    r"|\b(?:pay|repay|paying|repaying) (?:back |off )?(?:some|part) of the principal"
    r"|\bpartial (?:prepayment|repayment|early repayment)|\bpart prepayment"
    # money to spare, put towards the loan before it is due: "手头有点闲钱 想先还掉一些",
    # "got some extra cash, can i put it towards the loan early"
    r"|(?:闲钱|余钱|多余的钱|多出来的钱|手头宽裕|宽裕了|年终奖|奖金|存了点钱|有点钱)"
    r"[^。？?]{0,12}(?:先还|提前还|多还|还掉|还上一些|还一些|还点|还1部分|还一部分)"
    r"|(?:先|提前)还(?:掉|上)?(?:一些|一点|点|些)[^。？?]{0,4}(?:剩下|其余|其他)"
    r"|\b(?:extra|spare|leftover|surplus) (?:cash|money|funds)\b[^.?!]{0,50}"
    r"\b(?:towards?|into|on|off|against) (?:the |my )?loan"
    r"|\b(?:bonus|windfall)\b[^.?!]{0,40}\b(?:towards?|into|against) (?:the |my )?loan"
    r"|\b(?:pay|repay|put) (?:back |off )?(?:a bit|a chunk|some|extra|a lump sum)"
    r"(?: of it)?(?: back| off)? early"
    r"|\boverpay(?:ing|ment)?\b|\bpay (?:a bit |some )?extra (?:each|every|this) month"
    # paying more than the instalment: "想每个月多还点", "每月多还一些本金"
    r"|每个?月多还|多还(?:一)?(?:点|些)|多还(?:1|一)?部分"
    r"|" + _PRINCIPAL_DOWN_SRC
)


# Money come in, put towards the loan: a family of where the money comes from (a bonus, a
# windfall, savings, a pay rise, money to spare) and a family of putting some of it into the
# loan (还一点/还进去/冲本金, "chuck some at", "put towards", "knock some off"), in one sentence.
_INTO_LOAN_ZH = (
    r"(?:先|提前|多)?(?:把)?(?:贷款|借款|本金|欠款)?(?:先|提前|多)?还(?:掉|上|进去|了)?"
    r"(?:一点|一些|点|些|一部分|部分|一笔|一块|一半|掉一些|点进去|一点进去)"
    r"|还进去|(?:冲|抵|减)(?:掉|一下|一些|点|一部分)?(?:本金|贷款|欠款)|(?:先|提前)(?:还|结)(?:贷款|本金|借款)"
)
_MONEY_IN_EN = (
    r"\b(?:extra|spare|leftover|surplus|bonus|windfall|inheritance|tax refund|tax rebate|refund"
    r"|pay ?rise|raise|payout|savings|lump sum|cash|money|grand|\d+k)\b"
)
_INTO_LOAN_EN = (
    r"\b(?:put|chuck|throw|toss|stick|pop|use|pay|knock|chip|send|drop|bung|dump)\b[^.?!]{0,30}?"
    r"\b(?:at|towards?|into|against|on|off|to)\b (?:the |my |this |that )?(?:loan|balance|debt|principal)\b"
    r"|\b(?:pay|bring|knock) (?:down|off) (?:some|part|a bit|a chunk)\b"
    r"|\b(?:pay|bring) (?:down|off) (?:the |my )?(?:loan|balance|debt|principal)\b"
    r"|\b(?:reduce|lower|cut|shrink) (?:the |my )?(?:balance|principal|loan)\b"
)
_MONEY_INTO_LOAN = re.compile(
    rf"{_MONEY_IN_ZH}[^。？?!！]{{0,16}}?(?:{_INTO_LOAN_ZH})"
    rf"|{_MONEY_IN_EN}[^.?!]{{0,60}}?(?:{_INTO_LOAN_EN})"
)


# ... unless the money is missing: "i have no money to pay off my loan", "钱不够 只能先还一点"
_SHORT_OF_MONEY = re.compile(
    r"\b(?:no|not enough|don'?t have|do not have|can'?t|cannot|unable|short|struggl\w*|lost|broke"
    r"|behind)\b|不够|没钱|缺钱|还不上|还不起|困难|紧张|手头紧|拖欠"
)


def money_into_loan(text: str) -> bool:
    """Money come in, some of it put towards the loan: a prepayment whatever else it sounds
    like ("手上宽裕了点，能不能先还一部分进去": hardship 0.92 to the classifier)."""
    return _MONEY_INTO_LOAN.search(text) is not None and _SHORT_OF_MONEY.search(text) is None


def partial_prepayment(text: str) -> bool:
    """ "我想先还一部分本金", "pay back some of it early", "年终奖发了 想拿一部分先把贷款还一点",
    "got a bit of a windfall, can i chuck some of it at my loan": paying part of the loan before
    it is due (a prepayment, not a borrower who can pay only part of an instalment)."""
    return _PARTIAL_PREPAY.search(text) is not None or money_into_loan(text)


def prepay_mode_of(text: str) -> str | None:
    """settle (the whole loan), shorten-term or reduce-payment: what a prepayment question is
    about, if it says."""
    text = text.replace("结清证明", "").replace("settlement letter", "").replace("结清后", "")
    if any(
        w in text
        for w in (
            "结清",
            "全部还",
            "一次性还清",
            "全还了",
            "提前还清",
            "全部还清",
            "settle",
            "pay it all off",
            "pay off the whole",
            "pay off everything",
            "pay off the loan",
            "pay off the rest",
            "full repayment",
            "pay the whole",
            "pay off the entire",
            "pay it off in full",
            "pay everything off",
            "pay the loan off",
            "pay my loan off",
            "pay off my loan",
            "clear the entire",
            "clear the whole",
            "clear the loan",
            "clear my loan",
            "clear the balance",
            "clear it all",
            "clear it off",
            "clear everything",
            "clear off the",
            "repay in full",
            "repay the whole",
            "repay everything",
            # "how do i close the loan completely next week"
            "close the loan completely",
            "close my loan completely",
            "close the loan for good",
            "close out the loan",
            "close out my loan",
            "close the whole loan",
        )
    ):
        return "settle"
    if any(
        w in text
        for w in (
            "缩短",
            "缩期",
            "少还几期",
            "年限缩",
            "shorten",
            "shorter term",
            "fewer months",
            "finish earlier",
            "reduce the term",
        )
    ):
        return "shorten-term"
    if any(
        w in text
        for w in (
            "减少月供",
            "月供减少",
            "降低月供",
            "月供少",
            "reduce the payment",
            "lower payment",
            "lower monthly",
            "reduce my monthly",
            "smaller payment",
            "reduce payment",
            "reduce monthly",
        )
    ):
        return "reduce-payment"
    return None


# The method described, not named: "本金每个月还一样的那种", "每月还的本金一样 利息越来越少",
# "same amount of principal each month", "the payments go down every month"
_PRINCIPAL_SAME = re.compile(
    r"本金[^，,。？?！!]{0,6}(?:一样|相同|固定|不变|平均)|(?:每个?月|每期)[^，,。？?！!]{0,4}(?:还的)?本金(?:都)?(?:一样|相同|固定)"
    r"|(?:月供|还款)[^，,。？?！!]{0,4}(?:逐月|每个?月|越来越)(?:递减|减少|少)"
    r"|\b(?:same|equal|fixed) (?:amount of |share of )?principal\b"
    r"|\bprincipal (?:is |stays )?(?:the same|fixed|equal) (?:each|every) month\b"
    r"|\bpayments? (?:go(?:es)? down|decreas\w*|fall\w*|get smaller) (?:each|every) month\b"
)


def _method(text: str) -> str | None:
    if "等额本金" in text or "equal principal" in text or _PRINCIPAL_SAME.search(text):
        return "equal-principal"
    if (
        "等额本息" in text
        or "annuity" in text
        or "equal instalment" in text
        or "equal installment" in text
    ):
        return "annuity"
    if "先息后本" in text or "interest only" in text or "interest-only" in text:
        return "interest-only"
    return None
