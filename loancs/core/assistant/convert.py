"""A rate stated per day or per month, and a borrower who asks what it comes to in a year
("日息万分之五一年是多少", "月息一分算高吗", "借一万一天利息两块钱，年化多少", "what's 1.5% a
month per year"): the conversion, from the shared calculator (``loancs calc apr
--daily-rate`` / ``--monthly-rate``; a weekly rate is a seventh of it a day, as ``loancs check``
annualises it), is the answer, not a table of our products.

Pure: reads the folded message only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loancs.core.assistant.text import spoken_decimals, to_digits
from loancs.core.finance import apr_from_flows, quote_to_apr
from loancs.core.finance.spec import MAX_PRINCIPAL

_NUM = r"(\d+(?:\.\d+)?)"
_CN_DIGIT = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5"}
_CN_DIGIT |= {"六": "6", "七": "7", "八": "8", "九": "9"}

DAILY = (
    "日息",
    "日利率",
    "日利息",
    "日费率",
    "日化",
    "天息",
    "每天",
    "每日",
    "1天",
    "按天",
    "per day",
    "a day",
    "daily",
    "/day",
    "each day",
    "every day",
)
MONTHLY = (
    "月息",
    "月利率",
    "月利息",
    "月费率",
    "月化",
    "每月",
    "每个月",
    "1个月",
    "按月",
    "per month",
    "a month",
    "monthly",
    "/month",
    "each month",
    "every month",
)
# The borrower asks what the figure comes to (a year, or whether it is high).
WEEKLY = (
    "周息",
    "周利率",
    "周利息",
    "周费率",
    "每周",
    "1周",
    "每星期",
    "per week",
    "a week",
    "weekly",
    "/week",
    "each week",
    "every week",
)
ASKS = (
    "年化",
    "年利率",
    "1年",
    "每年",
    "全年",
    "一年",
    "年息多少",
    "换算",
    "折算",
    "折合",
    "相当于",
    "算下来",
    "算高",
    "高不高",
    "高吗",
    "贵不贵",
    "贵吗",
    "apr",
    "annual",
    "anual",
    "annualised",
    "annualized",
    "a year",
    "whole year",
    "full year",
    "per year",
    "yearly",
    "per annum",
    "p.a",
    # "60 payments of $130 each - what interest rate does that work out to": the rate asked
    "what interest rate",
    "work out to",
    "works out to",
    # "4% flat on 50k, what's the real rate", "平息4% 真实利率是多少": the rate a quote hides
    "real rate",
    "true rate",
    "actual rate",
    "effective rate",
    "real interest",
    "true cost",
    "really paying",
    "真实利率",
    "实际利率",
    "is that high",
    "is that a lot",
    "is that expensive",
    # "月息一分八 你们比他低吗", "is 1.5% a month cheaper than you": a rate set beside ours
    "低吗",
    "低不低",
    "便宜吗",
    "划算吗",
    "你们比",
    "比你们",
    "cheaper",
    # "interest free with a 250 charge, is that actually cheap", "这样算便宜吗": the cost judged
    "cheap",
    "便宜",
    "多高",
    "how high",
    "lower than",
    "higher than",
    "compared",
    # "is 0.06% per day a good rate", "这个利息合理吗": a judgement of the rate, which the
    # annual rate beside ours answers
    "good rate",
    "a good deal",
    "fair rate",
    "reasonable",
    "合理吗",
    "正常吗",
    "划不划算",
    # "借三千 每个月还利息九十 这个算几分利", "is that steep compared to you": what rate the
    # figures make, asked in the borrower's words
    "几分利",
    "几分息",
    "多少分利",
    "几厘",
    "几个点",
    "steep",
    "too high",
    "too much",
    "rip off",
    "ripoff",
    "rip-off",
    "expensive",
    "what rate is that",
    "what rate is this",
    # "这利率是不是太高了", "how does that stack up against yours": the same judgement
    "太高",
    "太贵",
    "高了",
    "贵了",
    "坑人",
    "离谱",
    "合不合理",
    "合算吗",
    "合不合算",
    "合算不",
    "normal",
    "usual",
    "typical",
    "跟你们比",
    "和你们比",
    "比起你们",
    "bad rate",
    "bad deal",
    "compare",
    "stack up",
    "against yours",
    "vs yours",
    "versus yours",
)
# "日利率万分之三 借三万用半年 利息大概多少钱": the interest a stated rate makes on a stated sum
INTEREST_ASKS = (
    "利息多少",
    "多少利息",
    "利息大概",
    "利息是多少",
    "利息要多少",
    "利息得多少",
    "利息一共",
    "利息总共",
    "总利息",
    "how much interest",
    "interest would",
    "interest will",
    "total interest",
    "interest in total",
)
ANNUAL_BEFORE = ("年化", "年利率", "年息", "apr", "annual", "per year", "a year", "per annum")
# A fee on the original principal each month (等本等息) is not interest on the balance.
FEES = ("手续费", "服务费", "管理费", "费率", "分期费", "fee", "flat")

_PCT = re.compile(_NUM + r"\s*(?:%|％|percent|per cent|pct|个点)")
_PERMIL = re.compile(_NUM + r"\s*‰")
_FRACTION = re.compile(r"(万|千|百)分之" + _NUM)
_WAN = re.compile(r"(?:日息|日利率|日化|天息)\s*万(\d(?:\.\d+)?|[一二两三四五六七八九])")
# 月息1分 = 1% a month, 月息1分2 = 1.2%, 月息5厘 = 0.5%; 日息1分 = 0.1% a day, 日息5厘 = 0.05%
_FOLK = re.compile(r"(月息|月利|日息|日利)\s*" + _NUM + r"\s*(分|厘|毫)(?!期|钟|之)(\d)?")
# ... and said before the rate word: "一分五的月息" = 1.5% a month, "5厘的日息" = 0.05% a day
_FOLK_BEFORE = re.compile(
    r"(?<![\d.])" + _NUM + r"\s*(分|厘|毫)(\d)?\s*(?:的|之)?\s*(月息|月利|日息|日利)"
)
# "借一万一天利息两块钱": CNY 2 a day on CNY 10,000
_PER_PRINCIPAL = re.compile(
    r"(\d+(?:\.\d+)?\s*万|\d{3,}|(?<![0-9])每?万|(?<![0-9])每?千|(?<![0-9])每百)\s*(?:元|块)?(?:钱)?\s*[,，]?\s*(1天|每天|每日|1个月|每月|每个月)"
    r"[^0-9,，。?？还供]{0,6}?" + _NUM + r"\s*(元|块|毛)"
)
# ... and the interest named with no unit after it: "借三万块，一个月利息要四百五"
_PER_PRINCIPAL_BARE = re.compile(
    r"(\d+(?:\.\d+)?\s*万|\d{3,}|(?<![0-9])每?万|(?<![0-9])每?千)\s*(?:元|块)?(?:钱)?\s*[,，]?\s*(1天|每天|每日|1个月|每月|每个月)"
    r"\s*(?:要)?(?:还|付|交|给)?\s*(?:的)?\s*利息\s*(?:要|是|有|得|大概|差不多|就)?\s*"
    + _NUM
    + r"(?![\d.%％‰]|\s*(?:元|块|毛|万|千)|期|个|天|年|分|厘)"
)
# ... the period said first: "每天每百元收3分钱", "每个月每万块利息80"
_PER_PRINCIPAL_PERIOD_FIRST = re.compile(
    r"(1天|每天|每日|1个月|每月|每个月)\s*(?:每|一)?\s*(\d+(?:\.\d+)?\s*万|\d{3,}|万|千|百)\s*(?:元|块)?(?:钱)?"
    r"[^0-9,，。?？]{0,6}?" + _NUM + r"\s*(元|块|毛|分钱)"
)
# "借一万每个月还九百块，分12期，年化多少", "borrow 10,000 and repay 900 a month for 12 months":
# an instalment, not interest: its APR is the IRR of the payments over the stated term.
_INSTALMENT_EN = re.compile(
    r"\b(?:borrow(?:ed|ing)?|loan of|took out|take out)\s+(?:a |an )?(?:cny|rmb|¥)?\s*"
    r"(\d{1,3}(?:,\d{3})+|\d+)\s*(k|thousand|grand)?\b[^.?!]{0,40}?"
    r"\b(?:pay|paying|repay|repaying|payments? of|instal(?:l)?ments? of)(?: back)?\s+"
    r"(?:cny|rmb|¥)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?:yuan|rmb|cny|kuai)?\s*(?:a|per|each|every)\s+month"
)


# "借五万 一年利息三千六", "a friend lent me 20k and wants 2400 back on top after a year": the
# interest of a whole year on a principal, which is its simple annual rate.
_YEAR_ZH = re.compile(
    r"(\d+(?:\.\d+)?)\s*(万|千)?\s*(?:元|块)?(?:钱)?[^0-9。?？]{0,8}?(?:1年|每年|1整年|全年)"
    r"[^0-9。?？]{0,6}?利息[^0-9。?？]{0,4}?(\d+(?:\.\d+)?)\s*(万|千)?"
)
_YEAR_EN = re.compile(
    r"\b(?:a|per|one|1|for a|after a|over a|in a|each|the)\s+year\b|\b(?:12|twelve) months\b"
    r"|\bannually\b|\byearly\b"
)
_EN_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|grand)?\b")
_EN_INTEREST = re.compile(r"\binterest\b|\bon top\b|\bextra\b|\bback\b")


# "借一万到手九千五 一年后一次还一万零八百": the sum received and the sum repaid a year later;
# the difference is the year's cost on what was received
_BULLET_ZH = re.compile(
    r"(?:到手|到账|实际到手|实际到账|拿到|实际拿到|实得|只给)[^0-9。?？]{0,3}?(\d+(?:\.\d+)?)\s*(万|千)?"
    r"[^0-9。?？]{0,12}?(?:1年|12个月)(?:后|以后|到期)?\s*(?:1次性?|一次性?)?\s*(?:总共|一共|要)?\s*还"
    r"[^0-9。?？]{0,3}?(\d+(?:\.\d+)?)\s*(万|千)?"
)


def yearly_interest(text: str) -> tuple[Decimal, Decimal] | None:
    """(principal, interest) of a year's interest stated on a principal, or None."""
    m = _BULLET_ZH.search(text)
    if m:
        got = Decimal(m.group(1)) * {"万": 10000, "千": 1000}.get(m.group(2) or "", 1)
        back = Decimal(m.group(3)) * {"万": 10000, "千": 1000}.get(m.group(4) or "", 1)
        if 0 < got < back < got * 2:
            return got, back - got
    m = _YEAR_ZH.search(text)
    if m:
        principal = Decimal(m.group(1)) * {"万": 10000, "千": 1000}.get(m.group(2) or "", 1)
        interest = Decimal(m.group(3)) * {"万": 10000, "千": 1000}.get(m.group(4) or "", 1)
        if 0 < interest < principal:
            return principal, interest
        return None
    if re.search(r"[a-z]", text) is None or not _YEAR_EN.search(text):
        return None
    if not _EN_INTEREST.search(text):
        return None
    amounts = []
    for a in _EN_AMOUNT.finditer(text):
        value = Decimal(a.group(1).replace(",", "")) * (1000 if a.group(2) else 1)
        after = text[a.end() : a.end() + 8]
        if value in (1, 12) or re.match(r"\s*(?:%|percent|months?|years?|days?|weeks?)", after):
            continue
        amounts.append(value)
    if len(amounts) != 2:
        return None
    principal, interest = max(amounts), min(amounts)
    if principal < 500 or not 0 < interest < principal / 2:
        return None
    return principal, interest


# The monthly payment the message states ("每个月要还1100", "月供1350", "1个月还1800"), and the
# amount borrowed: the stated sum before it that is not a count ("借了12000 分1年还 每个月要还
# 1100": 12000, not the 1 of 1年; "借40000 分36期 月供1350": not the 36 of 36期).
_PAYMENT_ZH = re.compile(
    r"(?:每个?月|1个月|每期)[^0-9。?？]{0,3}?(?:还|供|还款|付)[^0-9。?？]{0,3}?"
    + _NUM
    # "本金每个月还1样的": 一样 read as a figure is no payment
    + r"(?![\d.]|样|下|次|点|些)"
    + r"|月供[^0-9。?？]{0,2}?"
    + _NUM
    + r"(?![\d.]|样|下|次|点|些)"
    # said with no verb: "每期两千二", "一期一千七", "每个月固定1980 借了2万": a sum of 100 or more
    # after the period, then a unit, a pause or the question (never 1分 / 2%, or 工资 after it)
    + r"|(?:每个?月|每1?期|(?<![\d分第])1期)\s*(?:固定|都是|是|要|得)?\s*(\d{3,}(?:\.\d+)?)"
    + r"(?=\s*(?:元|块)?钱?(?:$|[\s,，。?？!！]|这|算|年化|利|的话|[，,]?\s*(?:借|贷)))"
)
# an income said just before a monthly sum ("工资每月8000"): not what is repaid
_INCOME_BEFORE = re.compile(r"(?:工资|收入|月入|薪水|薪资|到手|挣|赚|流水)[^0-9。?？]{0,3}$")
_SUM_ZH = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万|千)?(?![\d.]|\s*(?:期|年|个|月|天|%|％|岁|号|日|次|倍)|厘"
    # "借10万分3年": the 分 of 分3年 (the term), not a folk rate's 分
    r"|分(?!\s*\d{1,3}\s*(?:年|期|个月)))"
)
# "took a 12k loan, repayments are 1,100 a month", "monthly payment of 1350 on 40k": a payment a
# month and a larger sum that is not a term
_PAYMENT_EN = re.compile(
    r"(?:cny|rmb|¥)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:yuan|rmb|cny|kuai|bucks)?"
    r"\s*(?:a|per|each|every)\s+month\b"
    r"|\bmonthly\s+(?:re)?payments?\s+(?:of|is|are|=)\s+(?:cny|rmb|¥)?\s*"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
)


def _zh_instalment(text: str) -> tuple[int, int, Decimal, Decimal] | None:
    for pay in _PAYMENT_ZH.finditer(text):
        if pay.group(3) is not None and _INCOME_BEFORE.search(text[: pay.start()]):
            continue
        payment = Decimal(pay.group(1) or pay.group(2) or pay.group(3))
        # the sum borrowed is said before the payment, or else after it ("月供2300 借的50000")
        found: tuple[int, int, Decimal] | None = None
        for m in _SUM_ZH.finditer(text):
            if pay.start() <= m.start() < pay.end():
                continue
            value = Decimal(m.group(1)) * {"万": 10000, "千": 1000}.get(m.group(2) or "", 1)
            if value > payment and (found is None or m.start() < pay.start()):
                found = (m.start(), m.end(), value)
        if found is None:
            continue
        start, end = min(found[0], pay.start()), max(found[1], pay.end())
        # "借三千 每个月还利息九十", "每月只还一百六利息": the interest a month, not an instalment
        # ("每期两千二 这利息算高吗": the interest asked about, not said)
        if "利息" not in text[start:end] and not re.match(
            r"\s*(?:元|块)?钱?的?利息", text[end : end + 6]
        ):
            return start, end, found[2], payment
    return None


def _en_instalment(text: str) -> tuple[int, int, Decimal, Decimal] | None:
    pay = _PAYMENT_EN.search(text)
    # "150 a month interest on a 10k loan", "80 yuan a month on every 10k": interest or a fee
    # on a principal, not an instalment
    if pay is None or re.search(r"\binterest\b", text[max(0, pay.start() - 20) : pay.end() + 20]):
        return None
    if _en_per_principal(text):
        return None
    payment = Decimal((pay.group(1) or pay.group(2)).replace(",", ""))
    best = _loan_beside(text, pay.start(), pay.end(), payment)
    if best is None:
        return None
    return min(best[0], pay.start()), max(pay.end(), best[0]), best[1], payment


def _loan_beside(text: str, start: int, end: int, payment: Decimal) -> tuple[int, Decimal] | None:
    """(start, value) of the largest English sum outside ``text[start:end]`` that is more than twice
    the instalment and is not a rate, a term or a count: the loan an instalment belongs to."""
    best: tuple[int, Decimal] | None = None
    for a in _EN_AMOUNT.finditer(text):
        if start <= a.start() < end:
            continue
        after = text[a.end() : a.end() + 10]
        if re.match(
            r"\s*(?:%|percent|months?|mths?|years?|yrs?|days?|weeks?|payments?|instal)", after
        ):
            continue
        value = Decimal(a.group(1).replace(",", "")) * (1000 if a.group(2) else 1)
        if value > payment * 2 and (best is None or value > best[1]):
            best = (a.start(), value)
    return best


# "36 payments of 165", "48 monthly payments of £205", "18 instalments of £220", "60 payments of
# $130 each": the count of instalments and each one, said in English in any currency; the loan is
# the largest other sum of the message ("borrowing 5 grand", "£8k", "$6,000 loan")
_COUNT_EN = re.compile(
    r"(?<![\d.,£$€¥])(\d{1,3})\s+(?:equal\s+)?(?:monthly\s+)?(?:re)?(?:payments?|instal+ments?)\s+of\s+"
    r"(?:£|\$|€|¥|us\$|cny|rmb|gbp|usd|eur)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|\.\d|\s*%|\s*(?:k|grand|thousand)\b)"
)


def _count_instalment(text: str) -> tuple[int, int, Decimal, Decimal, int] | None:
    """(start, end, principal, payment, count) of "N payments of X" beside a loan sum."""
    m = _COUNT_EN.search(text)
    if m is None:
        return None
    count, payment = int(m.group(1)), Decimal(m.group(2).replace(",", ""))
    best = _loan_beside(text, m.start(), m.end(), payment)
    if best is None or not 1 < count <= 480:
        return None
    return min(best[0], m.start()), max(m.end(), best[0]), best[1], payment, count


def instalment_count(text: str) -> int | None:
    """The number of instalments a stated "N payments of X" gives, or None."""
    stated = _count_instalment(text)
    return stated[4] if stated is not None else None


def instalment_of(text: str) -> tuple[int, int, Decimal, Decimal] | None:
    """(start, end, principal, monthly payment) of a stated loan and its instalment."""
    stated = _zh_instalment(text)
    if stated is not None:
        return stated
    m = _INSTALMENT_EN.search(text)
    if m:
        principal = Decimal(m.group(1).replace(",", "")) * (1000 if m.group(2) else 1)
        return m.start(), m.end(), principal, Decimal(m.group(3).replace(",", ""))
    counted = _count_instalment(text)
    if counted is not None:
        return counted[:4]
    return _en_instalment(text)


# "80 yuan a month on every 10k", "CNY 2 a day per 10,000", "on each 1000 they take 0.3 yuan a
# day": money a period on a stated principal, in English.
_EN_MONEY = r"(?:cny|rmb|¥|yuan)?\s*" + _NUM + r"\s*(?:yuan|rmb|cny|kuai|bucks|dollars)?"
_EN_PRINCIPAL = (
    r"(?:every|each)?\s*(?:cny|rmb|¥)?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*(k|thousand|grand)?\b"
)
_EN_PERIOD = r"(?:a|per|each|every)\s+(day|week|month|fortnight|two weeks|2 weeks)"
_EN_CENTS_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_EN_CENTS = re.compile(
    r"\b(\d+(?:\.\d+)?|"
    + "|".join(_EN_CENTS_WORDS)
    + r")\s*cents?\s+"
    + _EN_PERIOD
    + r"\s+(?:on|per|for|of)\s+"
    + _EN_PRINCIPAL
)
_EN_PER_PRINCIPAL = (
    re.compile(_EN_MONEY + r"\s+" + _EN_PERIOD + r"\s+(?:on|per|for|of)\s+" + _EN_PRINCIPAL),
    re.compile(
        r"(?:on|per|for)\s+" + _EN_PRINCIPAL + r"[^.?!0-9]{0,30}?" + _EN_MONEY + r"\s+" + _EN_PERIOD
    ),
)


def _en_per_principal(text: str) -> list[tuple[int, int, Decimal, str | None]]:
    out: list[tuple[int, int, Decimal, str | None]] = []
    for n, pattern in enumerate(_EN_PER_PRINCIPAL):
        for m in pattern.finditer(text):
            if n == 0:
                money, period, head, scale = m.group(1), m.group(2), m.group(3), m.group(4)
            else:
                head, scale, money, period = m.group(1), m.group(2), m.group(3), m.group(4)
            principal = Decimal(head.replace(",", "")) * (1000 if scale else 1)
            if principal < 100:
                continue
            kind = {"day": "daily", "week": "weekly", "month": "monthly"}.get(period, "weekly")
            # "45 yuan every two weeks for each 300": half of it a week
            per = Decimal(2) if kind == "weekly" and period != "week" else Decimal(1)
            out.append((m.start(), m.end(), Decimal(money) / principal * 100 / per, kind))
    # "three cents a day for every hundred yuan": a hundredth of a yuan
    for m in _EN_CENTS.finditer(text):
        word = m.group(1)
        cents = (
            Decimal(_EN_CENTS_WORDS.index(word) + 1) if word in _EN_CENTS_WORDS else Decimal(word)
        )
        principal = Decimal(m.group(3).replace(",", "")) * (1000 if m.group(4) else 1)
        if principal < 100:
            continue
        kind = {"day": "daily", "week": "weekly", "month": "monthly"}.get(m.group(2), "weekly")
        per = Decimal(2) if kind == "weekly" and m.group(2) != "week" else Decimal(1)
        out.append((m.start(), m.end(), cents / 100 / principal * 100 / per, kind))
    return out


def _per_principal(text: str) -> list[tuple[int, int, Decimal, str | None]]:
    """(start, end, percent, period) of each cost stated on a principal for a period: "借一万一天
    利息两块钱", "1000块1天就2毛钱", "每天每百元收3分钱", "45 yuan every two weeks per 300"."""
    out: list[tuple[int, int, Decimal, str | None]] = []
    found = [*_PER_PRINCIPAL.finditer(text), *_PER_PRINCIPAL_BARE.finditer(text)]
    for m in found:
        head = m.group(1).lstrip("每").replace(" ", "")
        # "每万元每天3元": money per 10,000 (or 1,000) a period; "借1万 每天5块"
        if head[:-1] and head.endswith("万"):
            principal = Decimal(head[:-1]) * 10000
        else:
            principal = Decimal({"万": 10000, "千": 1000, "百": 100}.get(head) or head)
        coin = m.group(4) if m.re is _PER_PRINCIPAL else None
        interest = Decimal(m.group(3)) / (10 if coin == "毛" else 1)
        kind = "daily" if "天" in m.group(2) or "日" in m.group(2) else "monthly"
        if principal > 0:
            out.append((m.start(), m.end(), interest / principal * 100, kind))
    for m in _PER_PRINCIPAL_PERIOD_FIRST.finditer(text):
        if any(s <= m.start() < e for s, e, _, _ in out):
            continue
        head = m.group(2).replace(" ", "")
        if head[:-1] and head.endswith("万"):
            principal = Decimal(head[:-1]) * 10000
        else:
            principal = Decimal({"万": 10000, "千": 1000, "百": 100}.get(head) or head)
        coin = m.group(4)
        interest = Decimal(m.group(3)) / {"毛": 10, "分钱": 100}.get(coin, 1)
        kind = "daily" if "天" in m.group(1) or "日" in m.group(1) else "monthly"
        if principal > 0:
            out.append((m.start(), m.end(), interest / principal * 100, kind))
    return out + _en_per_principal(text)


@dataclass(frozen=True, slots=True)
class Conversion:
    kind: str  # daily | weekly | monthly | flat_monthly | flat_annual | instalment | annual | one_off_fee
    rate_pct: Decimal  # per period, in percent (instalment: the monthly IRR)
    apr: Decimal  # simple annual rate, percent
    months: int | None = None  # flat fees and instalments: over how many
    principal: Decimal | None = None  # instalment: the amount borrowed ...
    payment: Decimal | None = None  # ... and paid back each month
    fee: Decimal | None = None  # one_off_fee: the fee in money ...
    received: Decimal | None = None  # ... and what the borrower has in hand at the start


def _near(text: str, start: int, end: int, words: tuple[str, ...], before: int, after: int) -> bool:
    window = text[max(0, start - before) : end + after]
    return any(w in window for w in words)


# A period word after the figure that belongs to the payment asked about, not to the rate
# ("8% — monthly payment?", "at 6.5 percent, how much a month", "what would i pay each month")
_PAYMENT_AFTER = re.compile(
    r"\s*(?:re)?(?:payments?|instal+ments?|amount|bill|figure|cost|outgoings?)s?\b"
)
_PAYMENT_ASKED = re.compile(r"\b(?:how much|pay|paying|repay|cost|costs)\b")
# ... and the whole phrase, for the shared reader, which takes any period word near a figure
_PAYMENT_PERIOD = re.compile(
    r"\b(?:monthly|weekly)\s+(?:re)?(?:payments?|instal+ments?|amount|bill)\b"
    r"(?!\s+(?:of|is|are|=)\s*(?:cny|rmb|¥|£|\$|€)?\s*\d)"  # "my monthly payment is 950": stated
    r"|\b(?:how much|pay|repay)\b[^.?!,\d%]{0,12}?\b(?:a|per|each|every) (?:month|week)\b"
    # "what would 25k over 18 months at 9.9 percent come to each month": the payment asked
    r"|\b(?:come to|comes to|work out (?:at|to)|works out (?:at|to)|be|cost(?: me)?)\s+(?:a|per|each|every) (?:month|week)\b"
    # "six and a half percent... whats the monthly": the monthly payment asked, said short
    r"|\b(?:what'?s|what is|what'?d be|what would be|how much is|how much'?s) (?:the|my) (?:monthly|weekly)\b"
    r"(?!\s+(?:rate|interest|percent|%))"
)


def _period(text: str, start: int, end: int) -> str | None:
    """daily, weekly or monthly: the period word nearest the figure, in its clause."""
    best: tuple[int, str] | None = None
    for kind, words in (("daily", DAILY), ("weekly", WEEKLY), ("monthly", MONTHLY)):
        for w in words:
            for m in re.finditer(re.escape(w), text):
                if m.end() <= start:
                    gap = start - m.end()
                elif m.start() >= end:
                    gap = m.start() - end
                else:
                    continue
                between = text[min(m.end(), end) : max(m.start(), start)]
                if gap > 12 or any(c in between for c in "，。；;？?!！") or ". " in between:
                    continue
                if m.start() >= end and (
                    _PAYMENT_AFTER.match(text, m.end()) or _PAYMENT_ASKED.search(between)
                ):
                    continue  # "20k, 2 years, 8% — monthly payment?", "6.5%, how much a month"
                if best is None or gap < best[0]:
                    best = (gap, kind)
    return best[1] if best else None


_FOLK_UNITS = {"分": Decimal(1), "厘": Decimal("0.1"), "毫": Decimal("0.01")}


def _folk_figure(
    m: re.Match[str], number: int, tenth: int, unit: int, word: int
) -> tuple[int, int, Decimal, str | None]:
    """(start, end, percent, period) of a folk rate (一分五 / 8厘 ...) matched by ``m``, its
    number, tenth digit, unit and rate word in the groups given."""
    value = Decimal(m.group(number)) + (Decimal(m.group(tenth)) / 10 if m.group(tenth) else 0)
    daily = m.group(word).startswith("日")
    percent = value * _FOLK_UNITS[m.group(unit)] / (10 if daily else 1)
    return (m.start(), m.end(), percent, "daily" if daily else "monthly")


def _figures(text: str) -> list[tuple[int, int, Decimal, str | None]]:
    """(start, end, percent, period or None) of each rate figure in the message."""
    out: list[tuple[int, int, Decimal, str | None]] = []
    out.extend(_folk_figure(m, 2, 4, 3, 1) for m in _FOLK.finditer(text))
    out.extend(_folk_figure(m, 1, 3, 2, 4) for m in _FOLK_BEFORE.finditer(text))
    for m in _WAN.finditer(text):
        digit = _CN_DIGIT.get(m.group(1), m.group(1))
        out.append((m.start(), m.end(), Decimal(digit) / 100, "daily"))
    out += _per_principal(text)
    taken = [(s, e) for s, e, _, _ in out]
    for pattern, scale in (
        (_PCT, Decimal(1)),
        (_PERMIL, Decimal("0.1")),
        (_FRACTION, None),
    ):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if scale is None:
                value = Decimal(m.group(2)) / {"万": 100, "千": 10, "百": 1}[m.group(1)]
            else:
                value = Decimal(m.group(1)) * scale
            out.append((m.start(), m.end(), value, None))
    return out


# "月息两分 一年下来多少", "一天才三块五 年化多少", "日息万分之五一年是多少": the year asked
# about ends the quote (the reader closes spaces up between figures, "1 . 5 %", and would read
# 两分一 as 2.1, 三块五年 as 3块 and 五一 as 51)
_YEAR_ASKED = re.compile(r"\s+(?=[一1每全整]?年)|(?<=[零〇一二两三四五六七八九分厘毫])(?=一年)")


_SHORT_PERIOD = re.compile(r"[月天日周期]")


def _read(plain: str, months: int | None) -> Conversion | None:
    """The first periodic rate the shared reader (``loancs check``'s parser) finds."""
    from loancs.core.compliance.rates import read_rates  # its patterns load when first asked

    text = _YEAR_ASKED.sub("，", plain)
    for q in read_rates(text):
        if not Decimal(0) < q.rate_pct < 10:
            continue
        span = text[q.start : q.end]
        if (
            q.kind in ("monthly", "flat_monthly")
            and "年" in span
            and not _SHORT_PERIOD.search(span)
        ):
            # interest a year in yuan (借两万 一年下来利息两千四): the reader prices it as a twelfth a
            # month; the borrower said a year, so the year's reading below answers it (its simple
            # annual rate and, repaid by instalments, the APR it makes)
            continue
        if q.rule.quote_kind == "weekly":
            # the reader reads a week as a seventh of it a day; the answer names the week
            value = q.rate_pct * 7
            return Conversion("weekly", value, quote_to_apr("daily", q.rate_pct).apr)
        n = (q.months or months or 12) if q.kind == "flat_monthly" else None
        return Conversion(q.kind, q.rate_pct, quote_to_apr(q.kind, q.rate_pct, n).apr, n)
    return None


# A flat (add-on) rate a year: "3.5% add-on interest a year, 20k over 3 years", "4% flat on 50k
# for 5 years", "平息4% 借十万 分36期", "等本等息 年费率6% 分两年": interest on the whole sum
# borrowed for the whole term, which the borrower asks to see as the APR it is. A flat rate
# said per month (月平息, "1% flat a month", 每期手续费) is the monthly reader's.
_FLAT_WORDS = re.compile(
    # "4% flat", "3.5% add-on interest", "a flat rate of 5%", "flat 6%" (not "my flat")
    r"[%％]\s*(?:a year |per annum |p\.?a\.? |per year )?(?:flat|add[- ]?on)\b"
    r"|\b(?:flat|add[- ]?on)[- ](?:rate|interest)\b|\bflat\s+\d|平息|等本等息|年费率"
)
_FLAT_MONTHLY = re.compile(
    r"月平息|月费率|每月|每个月|每期|月息|月利|a month|per month|monthly|/month|per mo\b|a mth|per mth"
)
_FLAT_PCT = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*(?:%|％)"
    # "年息才2.5 等本等息", "年费率3.5": an annual figure after its word, without the sign
    r"|(?:年息|年费率|年利率|年化|平息)(?:才|只有|只|是|为|按)?\s*(\d{1,2}(?:\.\d+)?)(?![\d.%％万千期个天年月])"
)
_TERM_EN = re.compile(
    r"\b(?:over|for|across|in|on a|term of)\s+(\d{1,3})[- ]?(years?|yrs?|months?|mths?|mos?)\b"
    r"|\b(\d{1,3})[- ](year|month) (?:term|loan)\b"
)
_TERM_ZH = re.compile(r"分\s*(\d{1,3})\s*(年|期|个月)|(\d{1,3})\s*(年期|期|个月)")


def _term_months(text: str) -> int | None:
    """The term the message states ("over 3 years", "分36期", "分2年"), in months."""
    m = _TERM_EN.search(text)
    if m is not None:
        n, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return int(n) * (12 if unit.startswith("y") else 1)
    m = _TERM_ZH.search(text)
    if m is not None:
        n, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return int(n) * (12 if unit.startswith("年") else 1)
    return None


def flat_annual(text: str, months: int | None = None) -> Conversion | None:
    """A flat rate a year stated with its term (or 12 months), as the APR it makes."""
    flat = _FLAT_WORDS.search(text)
    if flat is None or _FLAT_MONTHLY.search(text) is not None:
        return None
    figures = [
        m for m in _FLAT_PCT.finditer(text) if Decimal(0) < Decimal(m.group(1) or m.group(2)) < 40
    ]
    if not figures:
        return None
    # the figure nearest the flat word
    pick = min(figures, key=lambda m: min(abs(m.start() - flat.end()), abs(flat.start() - m.end())))
    rate = Decimal(pick.group(1) or pick.group(2))
    n = _term_months(text) or months or 12
    if not 1 <= n <= 360:
        return None
    result = quote_to_apr("flat_monthly", rate / 12, n)
    return Conversion("flat_annual", rate, result.apr, n)


# "0% interest, just a one-time 6% fee on 3,000 over 6 payments", "interest free, there's a 250
# service charge on the 5,000, paid back over 10 months", "借两万 先扣两千服务费 到手一万八 每月还
# 一千八": a fee charged once is the cost of the credit; its APR is the IRR of what is received
# and what is repaid, never the fee's percentage read as a yearly rate.
_ONE_OFF_FEE_WORD = re.compile(
    r"service charge|(?:admin(?:istration)?|arrangement|set-?up|processing|origination|booking|documentation|paperwork|application|platform|membership|"
    r"handling|account|facility|one-?time|one-?off|upfront|up-front|flat) (?:fee|charge)|\bfees?\b|\bcharge\b"
    r"|手续费|服务费|管理费|砍头息|咨询费|平台费|审核费|服务费用|中介费|保证金"
)
_NO_INTEREST = re.compile(
    r"interest[- ]free|\b0 ?% (?:interest|apr|finance|financing|credit)|zero[- ](?:interest|percent|%)|\bno[- ]interest"
    r"|without interest|\binterest (?:is |of )?0 ?%"
    r"|免息|0利息|0息|无息|不要利息|没有利息|不收利息|不算利息|利息(?:是|为)?0"
)
_ONCE = re.compile(
    r"one-?time|one-?off|\bonce\b|upfront|up-front|up front|at the start|taken off|deducted|off the top|keeps?|kept|withh[oe]lds?|takes? (?:off|out)"
    r"|you (?:only )?(?:get|receive)|in hand|paid out"
    r"|1次性?|收1次|先扣|扣掉|扣了|扣除|到手|到账|实际拿到|只给"
)
_RECEIVED = re.compile(
    r"(?:到手|到账|实际到手|实际到账|实际拿到|拿到|只给|实得)(?:只有|才)?\s*(\d+(?:\.\d+)?)\s*(万|千)?"
    r"|\b(?:get|receive|received|got|paid out|in hand)\s+(?:only\s+|just\s+)?(?:cny|rmb|¥)?\s*"
    r"(\d{1,3}(?:,\d{3})+|\d+)\s*(k|thousand|grand)?\b"
)
_FEE_PCT = re.compile(_NUM + r"\s*(?:%|％|percent|per cent|个点)")
_FEE_SUM = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|grand|万|千)?(?![\d%％])"
)


def _sum(figure: str, unit: str | None) -> Decimal:
    scale = {"k": 1000, "thousand": 1000, "grand": 1000, "万": 10000, "千": 1000}
    return Decimal(figure.replace(",", "")) * scale.get(unit or "", 1)


def _payments_count(text: str) -> int | None:
    """ "12 payments of 100", "6 monthly instalments": the number of instalments said."""
    m = re.search(
        r"\b(\d{1,3}) (?:monthly |equal |month(?:ly)? )?(?:payments|instal(?:l)?ments|repayments)\b",
        text,
    )
    return int(m.group(1)) if m else None


def one_off_fee(text: str, months: int | None) -> Conversion | None:
    """A fee charged once on an interest-free (or otherwise unpriced) loan, with its APR by IRR:
    (the fee, what is received, what is repaid a month) from the message, or None."""
    months = months or _term_months(text) or _payments_count(text)
    if not months or not 2 <= months <= 120:
        return None
    fees = list(_ONE_OFF_FEE_WORD.finditer(text))
    if not fees:
        return None
    free, once = _NO_INTEREST.search(text), _ONCE.search(text)
    if free is None and once is None:
        return None
    # a fee a month is a flat rate (read elsewhere), not a one-off fee
    for f in fees:
        if re.search(
            r"(?:a|per|each|every) month|monthly|每个?月|每期|月费率",
            text[max(0, f.start() - 10) : f.end() + 2],
        ):
            return None
    near = [(max(0, f.start() - 16), f.end() + 16) for f in fees]
    fee_pct: Decimal | None = None
    fee_sum: tuple[int, Decimal] | None = None
    for m in _FEE_PCT.finditer(text):
        if any(a <= m.start() < b for a, b in near) and (
            free is None or not free.start() <= m.start() < free.end()
        ):
            fee_pct = Decimal(m.group(1))
            break
    spans: list[tuple[int, int, Decimal]] = []
    for m in _FEE_SUM.finditer(text):
        after = text[m.end() : m.end() + 8]
        if re.match(
            r"\s*(?:months?|mths?|years?|days?|weeks?|payments?|instal|期|个月|年|天|次|%)", after
        ):
            continue
        if re.match(r"\s*(?:%|％|percent)", after) or m.group(1) == "0":
            continue
        spans.append((m.start(), m.end(), _sum(m.group(1), m.group(2))))
    if not spans:
        return None
    received: Decimal | None = None
    rec = _RECEIVED.search(text)
    if rec is not None:
        received = _sum(rec.group(1) or rec.group(3), rec.group(2) or rec.group(4))
    if fee_pct is None:
        # the fee in money is the figure said nearest a fee word ("a 250 service charge on the
        # 5,000"); the sum borrowed is the largest of the others
        def gap(a: int, b: int) -> int:
            return min(max(f.start() - b, a - f.end(), 0) for f in fees)

        close = [(gap(a, b), a, v) for a, b, v in spans if v != received and gap(a, b) <= 24]
        if close:
            _, at, value = min(close)
            fee_sum = (at, value)
    others = [v for a, _, v in spans if fee_sum is None or a != fee_sum[0]]
    if not others:
        return None
    principal = max(others)
    if principal > MAX_PRINCIPAL:
        # a 40-digit "amount" is a typo or a probe, not a loan: its quantized figures did not
        # fit the decimal context (decimal.InvalidOperation took the whole answer)
        return None
    fee = (principal * fee_pct / 100) if fee_pct is not None else (fee_sum[1] if fee_sum else None)
    if fee is None and received is not None and received < principal:
        fee = principal - received
    if fee is None or not Decimal(0) < fee < principal / 2:
        return None
    stated = instalment_of(text)
    payment = stated[3] if stated is not None and stated[3] < principal else None
    interest_only = re.search(
        r"(?:每个?月|每期)[^。？?！!，,]{0,4}?(?:只)?还\s*(\d+(?:\.\d+)?)\s*(?:元|块)?(?:的)?利息"
        r"|\b(?:pay|paying) (?:only )?(\d+(?:\.\d+)?) (?:a|per|each) month (?:in )?interest(?: only)?\b",
        text,
    )
    if interest_only is not None:
        # "先扣四百手续费 每月只还一百六利息 半年后还八千": interest only, the principal at the end
        monthly = Decimal(interest_only.group(1) or interest_only.group(2))
        hand = received if received is not None else principal - fee
        flows = [-hand] + [monthly] * (months - 1) + [monthly + principal]
        result = apr_from_flows(flows)
        return Conversion(
            "one_off_fee", result.monthly_irr, result.apr, months, principal, monthly, fee, hand
        )
    if received is None:
        if payment is not None and abs(payment * months - (principal + fee)) <= principal / 100:
            received = principal  # the fee is in the instalments
        elif payment is not None and abs(payment * months - principal) <= principal / 100:
            # the payments only repay the sum borrowed: the fee was paid (or kept) at the start
            received = principal - fee
        elif once is not None and payment is None:
            received = principal - fee  # paid at the start
        else:
            received = principal
    if payment is None:
        payment = ((principal + fee) if received == principal else principal) / months
    if not received < payment * months < received * 3:
        return None
    result = apr_from_flows([-received] + [payment] * months)
    return Conversion(
        "one_off_fee", result.monthly_irr, result.apr, months, principal, payment, fee, received
    )


def conversion(
    numeric: str, months: int | None = None, plain: str | None = None, asked: bool = True
) -> Conversion | None:
    """The per-day or per-month rate the message states and asks to have annualised, with
    its simple annual rate; None when it states none or does not ask. ``plain``: the folded
    message with its numerals as written, for the shared reader (``read_rates``: 三分利,
    两分钱一块, 日息万五, 每期手续费0.6%); ``numeric`` (numerals as digits) for the forms only
    the assistant reads (instalments, "2% per mnth")."""
    text = _PAYMENT_PERIOD.sub(" ", numeric.lower())
    if asked and not any(w in text for w in ASKS) and not asks_interest(text):
        return None
    plain = _PAYMENT_PERIOD.sub(" ", spoken_decimals(plain.lower())) if plain is not None else None
    fee = one_off_fee(text, months)
    if fee is not None:
        return fee
    stated = instalment_of(text)
    if stated is not None:
        _, _, principal, payment = stated
        months = instalment_count(text) or months
        if (
            months
            and principal > 0
            and payment > 0
            and principal < payment * months < principal * 3
        ):
            result = apr_from_flows([-principal] + [payment] * months)
            return Conversion(
                "instalment", result.monthly_irr, result.apr, months, principal, payment
            )
        # without its term (or with figures that make no loan): not a monthly interest rate;
        # the answer asks for the number of instalments
        return Conversion("instalment", Decimal(0), Decimal(0), None, principal, payment)
    flat = flat_annual(text, months)
    if flat is not None:
        return flat
    if plain is not None:
        read = _read(plain.lower(), months)
        if read is not None and plain != numeric and "分" in plain:
            # "月费率零点五 分三十六期": the shared reader takes 零点五 and the 分 of 分三十六期 as
            # one folk figure (0.8); the same words with the digits written out
            # ("月费率0.5 分36期") are read as said, and a folk rate (三分利 -> 3分利) still is
            again = _read(text, months)
            if again is not None and again.kind == read.kind and again.rate_pct != read.rate_pct:
                read = again
        stated_on = [f for f in sorted(_per_principal(text)) if Decimal(0) < f[2] < 10]
        if stated_on and (read is None or read.rate_pct != stated_on[0][2]):
            # a cost on a stated principal for a period ("1000块1天就2毛钱"): its own figures,
            # not the shared reader's folk reading of part of it (2毛钱 as 0.001% a day); the
            # same figure read by the shared reader keeps its reading (a flat fee stays flat)
            _, _, value, period = stated_on[0]
            kind = period or "daily"
            if kind == "weekly":
                result = quote_to_apr("daily", value / 7)
            else:
                result = quote_to_apr(kind, value, None)
            return Conversion(kind, value, result.apr, None)
        if read is not None:
            return read
    yearly = None if _figures(text) else yearly_interest(text)
    if yearly is not None:
        principal, interest = yearly
        apr = (interest / principal * 100).quantize(Decimal("0.0001"))
        # ... the same interest paid over 12 equal instalments: the balance falls each month
        repaid = apr_from_flows([-principal] + [(principal + interest) / 12] * 12)
        return Conversion("annual", apr, apr, 12, principal, repaid.apr)
    for start, end, value, period in sorted(_figures(text)):
        if period is None and _near(text, start, start, ANNUAL_BEFORE, 6, 0):
            continue  # "年利率5%": a figure that is already annual
        period = period or _period(text, start, end)
        if period is None or not Decimal(0) < value < 10:
            continue
        kind = period
        n = None
        if period == "monthly" and _near(text, start, end, FEES, 8, 8):
            kind, n = "flat_monthly", months or 12
        if kind == "weekly":
            # as `loancs check` annualises a weekly quote: a seventh of it a day, 365 days
            result = quote_to_apr("daily", value / 7)
        else:
            result = quote_to_apr(kind, value, n)
        return Conversion(kind, value, result.apr, n)
    return None


def rate_period(text: str, rate: Decimal) -> str | None:
    """daily, weekly or monthly: the period the borrower gave the rate ``rate`` (a figure of
    the message), or None for a yearly one or one said without a period ("1.5% per month,
    whats the monthly interest on 10k": monthly; "18% APR, so how much a month": None)."""
    plain = to_digits(text).lower()
    for start, end, value, period in _figures(plain):
        if value != rate:
            continue
        if _near(plain, start, end, ANNUAL_BEFORE, 8, 0):
            return None
        return period or _period(plain, start, end)
    return None


def asks_interest(text: str) -> bool:
    """The message asks how much interest (an amount), not what rate."""
    return any(w in text for w in INTEREST_ASKS)


def interest_text(c: Conversion, principal: Decimal, months: int, lang: str) -> str:
    """The simple interest a per-day, per-week or per-month rate makes on the whole sum kept
    for the months stated (it is less when part is repaid along the way)."""
    interest = (principal * c.apr / 100 * months / 12).quantize(Decimal("0.01"))
    if lang == "zh":
        return (
            f"按年化 {_pct(c.apr.quantize(Decimal('0.01')))}% 计算，{money(principal)} 元整笔用 {months} 个月，"
            f"利息约 {money(interest)} 元（{money(principal)} × {_pct(c.apr.quantize(Decimal('0.01')))}% × {months}/12）；"
            "期间分期还本的，利息随本金减少。"
        )
    return (
        f"At {_pct(c.apr.quantize(Decimal('0.01')))}% a year, CNY {money(principal)} kept for {months} months "
        f"costs about CNY {money(interest)} in interest ({money(principal)} × "
        f"{_pct(c.apr.quantize(Decimal('0.01')))}% × {months}/12); repaying part along the way costs less. "
    )


def money(value: Decimal) -> str:
    """10,000 and 10,000.5, not 10,000.00."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _pct(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.0001')):f}".rstrip("0").rstrip(".")
    return text or "0"


def conversion_text(
    c: Conversion,
    lang: str,
    low: Decimal | None,
    high: Decimal | None,
    currency: tuple[str, str] | None = None,
) -> str:
    """The stated rate annualised, in words; ``currency`` (its zh and en names) is the one the
    borrower said the sums in ("£8k, 48 monthly payments of £205"): an instalment's sums are
    said back in it, never relabelled as yuan."""
    rate, apr = _pct(c.rate_pct), _pct(c.apr.quantize(Decimal("0.01")))
    ours = ""
    if low is not None and high is not None:
        ours = (
            f"我们的产品按年化利率（单利）报价，目前在 {low:g}%–{high:g}% 之间，具体以审批结果和合同为准。"
            if lang == "zh"
            else f" Our loans are quoted as an APR (simple annual rate), now {low:g}%–{high:g}%; "
            "your rate depends on the credit review and is in your contract."
        )
    if c.kind == "instalment" and not c.months:
        if lang == "zh":
            return (
                "要把每月还款折算成年化利率，还需要知道一共分几期：请把期数告诉我"
                "（例如「借 5 万，每月还 2000 元，分 36 期，年化多少」）。" + ours
            )
        return (
            "To turn a monthly payment into an APR I also need the number of months: tell me the "
            'term (for example "borrow 50,000, pay 2,000 a month for 36 months, what is the '
            'APR").' + ours
        )
    if c.kind == "instalment" and c.principal is not None and c.payment is not None:
        total = c.payment * (c.months or 0)
        if lang == "zh":
            unit = currency[0] if currency else "元"
            return (
                f"借 {money(c.principal)} {unit}、每月还 {money(c.payment)} {unit}、分 {c.months} 期，"
                f"共还 {money(total)} {unit}，其中利息和费用 {money(total - c.principal)} {unit}；"
                f"按内部收益率（IRR）折算的年化利率约为 {apr}%。" + ours
            )

        def said(value: Decimal) -> str:
            return f"{money(value)} {currency[1]}" if currency else f"CNY {money(value)}"

        return (
            f"Borrowing {said(c.principal)} and paying {said(c.payment)} a month for "
            f"{c.months} months you pay back {said(total)}, {said(total - c.principal)} "
            f"of it interest and fees: an APR of about {apr}% (by IRR)." + ours
        )
    if c.kind == "one_off_fee" and c.principal and c.payment and c.fee is not None and c.received:
        total = c.payment * (c.months or 0)
        if total < c.received:
            # interest only each month, the principal repaid at the end
            total += c.principal
        cost = total - c.received
        share = _pct((c.fee / c.principal * 100).quantize(Decimal("0.01")))
        if lang == "zh":
            start = (
                f"到手 {money(c.received)} 元"
                if c.received < c.principal
                else f"借 {money(c.principal)} 元"
            )
            return (
                f"一次性收取或先扣的 {money(c.fee)} 元费用（借款额的 {share}%）和利息一样是借款成本，"
                f"即使写着零利息：{start}，"
                f"每月还 {money(c.payment.quantize(Decimal('0.01')))} 元、分 {c.months} 期，共还 {money(total.quantize(Decimal('0.01')))} 元，"
                f"多付 {money(cost.quantize(Decimal('0.01')))} 元；按内部收益率（IRR）折算的年化利率约为 {apr}%"
                + (
                    f"，而不是 {share}%，因为费用是在 {c.months} 个月里、对逐月减少的本金收取的。"
                    if abs(c.apr - c.fee / c.principal * 100) >= 1
                    else "。"
                )
                + ours
            )
        start = (
            f"you have CNY {money(c.received)} in hand"
            if c.received < c.principal
            else f"you borrow CNY {money(c.principal)}"
        )
        return (
            f"A one-off fee of CNY {money(c.fee)} ({share}% of the amount) is a cost of the credit like "
            f"interest, even when the interest is 0%: {start} and pay CNY {money(c.payment.quantize(Decimal('0.01')))} a month for {c.months} "
            f"months, CNY {money(total.quantize(Decimal('0.01')))} in all, CNY {money(cost.quantize(Decimal('0.01')))} more than you got. "
            f"As an APR (by IRR) that is about {apr}%"
            + (
                f", not {share}%, because the fee is paid for {c.months} months of a balance that goes down."
                if abs(c.apr - c.fee / c.principal * 100) >= 1
                else "."
            )
            + ours
        )
    if c.kind == "flat_annual":
        if lang == "zh":
            return (
                f"平息（等本等息）年 {rate}% 是按最初的借款本金、整个期限都收利息；分 {c.months} 期"
                f"还款，本金逐月减少而利息不变，折算的实际年化利率（按内部收益率 IRR）约为 {apr}%，"
                f"而不是 {rate}%。" + ours
            )
        return (
            f"A flat (add-on) rate of {rate}% a year charges interest on the whole amount borrowed "
            f"for the whole term; repaid over {c.months} monthly instalments the balance goes down "
            f"while the interest does not, so the APR (by IRR) is about {apr}%, not {rate}%." + ours
        )
    if c.kind == "flat_monthly":
        naive = _pct(c.rate_pct * 12)
        if lang == "zh":
            return (
                f"每月按借款本金收取 {rate}% 的费用（等本等息），分 {c.months} 期还款，"
                f"实际年化利率（按内部收益率 IRR 折算）约为 {apr}%，"
                f"高于简单相乘的 {naive}%，因为本金在逐月减少而费用不变。" + ours
            )
        return (
            f"A flat fee of {rate}% of the amount borrowed each month over {c.months} instalments "
            f"comes to an APR of about {apr}% (by IRR), more than {rate}% × 12 = {naive}%, because "
            "the fee stays the same while the balance goes down." + ours
        )
    if c.kind == "annual" and c.principal is not None and c.payment is not None:
        interest = c.principal * c.apr / 100
        spread = _pct(c.payment.quantize(Decimal("0.01")))
        if lang == "zh":
            return (
                f"本金 {money(c.principal)} 元一年利息 {money(interest)} 元，相当于年化利率（单利）"
                f"{apr}%（{money(interest)} ÷ {money(c.principal)}），这是整年占用全部本金的算法；"
                f"如果是分 12 期等额还本付息、共付同样的利息，本金逐月减少，年化约为 {spread}%。"
                + ours
            )
        return (
            f"CNY {money(interest)} of interest in a year on CNY {money(c.principal)} is an APR "
            f"(simple annual rate) of {apr}% ({money(interest)} ÷ {money(c.principal)}) if you keep "
            f"the whole sum for the year; if it is repaid in 12 equal monthly instalments with the "
            f"same interest, the balance falls each month and the APR is about {spread}%." + ours
        )
    days = {"daily": "365", "weekly": "365 ÷ 7"}.get(c.kind, "12")
    if lang == "zh":
        unit = {"daily": "日利率", "weekly": "周利率"}.get(c.kind, "月利率")
        return f"{unit} {rate}% 折合年化利率（单利）为 {apr}%（{rate}% × {days}）。" + ours
    unit = {"daily": "a day", "weekly": "a week"}.get(c.kind, "a month")
    return f"{rate}% {unit} is an APR (simple annual rate) of {apr}% ({rate}% × {days})." + ours
