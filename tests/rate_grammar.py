"""The grammar of a rate quote, as a generator of test sentences (issue 12, session 35).

A rate quote is a CONSTRUCTION filled with AMOUNTS, a BASE and a PERIOD, in zh, zh-Hant or en:

- A ``rate``: a rate per period (月息2%, 每周一个半点, "2.5 per cent every fortnight");
- B ``interest``: interest as money per period on a principal (拿五千走，每月利息一百二十五;
  "five on every fifty, paid every Friday");
- C ``repaid``: a sum repaid after a short term on a sum lent (借一千，一周后还一千三);
- D ``fee``: a fee per period on a principal over a count of periods (借一千分十期，每期手续费三十);
- E ``payment``: a payment per period for a count of periods on a principal ("Grab £1,000 now;
  it's £96 every month for the next twelve").

Each case carries the APR the finance engine gives (``quote_to_apr`` / ``monthly_irr``): a quote
without it is a violation (read with that APR, within a tolerance); the same sentence with that
APR (or IRR) stated is clean. The generated lines are test inputs, not training data: they are
never appended to the labelled sets.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from loancs.core.finance.apr import monthly_irr, quote_to_apr

D = Decimal

# --- amounts ---------------------------------------------------------------------------------

_HZ = "零一二三四五六七八九"
_DX = "零壹贰叁肆伍陆柒捌玖"


def _hanzi(n: int, capital: bool = False, colloquial: bool = False) -> str:
    """4000 -> 四千, 1300 -> 一千三百 (colloquial 一千三), 250 -> 两百五十; 大写 壹仟叁佰."""
    digits = _DX if capital else _HZ
    units = ("仟", "佰", "拾", "") if capital else ("千", "百", "十", "")
    if n >= 10000:
        high, low = divmod(n, 10000)
        head = ("两" if high == 2 and not capital else _hanzi(high, capital)) + "万"
        if low == 0:
            return head
        if colloquial and low % 1000 == 0:
            return head + digits[low // 1000]
        if low < 1000:
            return head + digits[0] + _hanzi(low, capital)
        return head + _hanzi(low, capital, colloquial)
    out = []
    s = f"{n:04d}"
    zero = False
    started = False
    for i, ch in enumerate(s):
        d = int(ch)
        if d == 0:
            zero = started
            continue
        if zero:
            out.append(digits[0])
            zero = False
        if not capital and d == 2 and i < 2:
            out.append("两")
        elif not capital and d == 1 and i == 2 and not started:
            out.append("")  # 十五, not 一十五
        else:
            out.append(digits[d])
        out.append(units[i])
        started = True
    text = "".join(out)
    if colloquial and not capital and len(text) >= 4 and text[-1] in "百十" and text[-3] in "千百":
        text = text[:-1].replace("两", "二") if text[-2] == "两" else text[:-1]
        # 一千三百 -> 一千三, 两百五十 -> 两百五, 九千两百 -> 九千二
    return text


def _full(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def zh_money(n: int, style: str) -> str:
    if style == "digits":
        return f"{n}元"
    if style == "full":
        return _full(str(n)) + "元"
    if style == "hanzi":
        return _hanzi(n) + ("块" if n < 100 else "")
    if style == "colloquial":
        return _hanzi(n, colloquial=True) + ("块" if n < 100 else "")
    if style == "capital":
        return _hanzi(n, capital=True) + "元"
    if style == "kuai":
        return f"{n}块"
    if style == "wan":
        if n < 10000:
            return f"{n}块钱"
        wan = f"{D(n) / 10000:f}"
        return (wan.rstrip("0").rstrip(".") if "." in wan else wan) + "万"
    raise ValueError(style)


_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def en_words(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _EN_TENS[t] + ("-" + _EN_UNITS[u] if u else "")
    if n < 1000:
        h, r = divmod(n, 100)
        return _EN_UNITS[h] + " hundred" + (" and " + en_words(r) if r else "")
    th, r = divmod(n, 1000)
    return en_words(th) + " thousand" + ((" and " if r < 100 else " ") + en_words(r) if r else "")


def en_money(n: int, style: str) -> str:
    if style == "pound":
        return f"£{n:,}"
    if style == "dollar":
        return f"${n:,}"
    if style == "rupee":
        return f"₹{n:,}"
    if style == "quid":
        return f"{n} quid"
    if style == "k":
        return f"{n // 1000}k" if n % 1000 == 0 else f"£{n}"
    if style == "grand":
        if n == 1000:
            return "a grand"
        return f"{en_words(n // 1000)} grand" if n % 1000 == 0 else f"{n} quid"
    if style == "words":
        return en_words(n) + " pounds"
    raise ValueError(style)


# --- periods ---------------------------------------------------------------------------------
# (name, days): the APR of a rate r per period is r * 365 / days for day-based periods and
# r * 12 * months for month-based ones (the engine's nominal APR).
PERIODS = {
    "day": 1,
    "week": 7,
    "ten-day": 10,
    "fortnight": 14,
    "month": 30,
    "quarter": 91,
}


def apr_of(rate_pct: Decimal, period: str) -> Decimal:
    """The engine's nominal APR of a simple rate per period."""
    if period == "month":
        return quote_to_apr("monthly", rate_pct).apr
    if period == "quarter":
        return quote_to_apr("monthly", rate_pct / 3).apr
    return quote_to_apr("daily", rate_pct / PERIODS[period]).apr


def irr_apr(principal: Decimal, pay: Decimal, count: int, days: int = 30) -> Decimal:
    r = monthly_irr([-principal, *[pay] * count])
    if days == 30:
        return r * 1200
    return r * 100 * D(365) / days


@dataclass(frozen=True)
class Case:
    lang: str  # zh | en (zh-Hant is made from zh by the test)
    construction: str  # rate | interest | repaid | fee | payment
    form: str  # which amount / period form the case exercises
    text: str
    apr: Decimal  # the engine's APR, percent

    def disclosed(self) -> str:
        """The same sentence with its APR stated (clean)."""
        a = f"{self.apr.quantize(D('0.01'))}".rstrip("0").rstrip(".")
        if self.lang == "zh":
            word = (
                "年化利率（IRR）"
                if self.construction in ("fee", "payment", "cap", "zerofee")
                else "年化利率"
            )
            return f"{self.text.rstrip('。')}，{word}{a}%。"
        return f"{self.text.rstrip('.')}; representative APR {a}%."


# --- zh --------------------------------------------------------------------------------------

_ZH_RATE_PERIOD = {
    # period -> (keyword forms before the figure, the period word for 每X)
    "day": (["日息", "日利率", "每天利息", "利息按天算，每天"], "天"),
    "week": (["周息", "每周利息", "利息按礼拜算，每礼拜", "每星期利息"], "周"),
    "ten-day": (["利息十天一结，每次", "每十天利息"], "十天"),
    "fortnight": (["双周利率", "每两周利息", "利息两个礼拜一结，每回"], "两周"),
    "month": (["月息", "月利率", "每月利息", "利息按月收，", "按月算息，", "月月付，"], "月"),
    "quarter": (["季度利率", "按季收息，每季", "每个季度利息"], "季度"),
}
# (rate in percent, forms): the forms valid for any period (folk units on the month's scale)
_ZH_RATES = [
    (D("2"), ["2%", "百分之二", "两个点", "2个点"]),
    (D("1.5"), ["1.5%", "百分之一点五", "一个半点", "一分五", "一个点五", "1.5个点"]),
    (D("1.2"), ["1.2%", "一分二", "一个点二"]),
    (D("0.8"), ["0.8%", "八厘", "千分之八"]),
    (D("3"), ["3%", "三个点", "三分"]),
]
_ZH_DAILY_RATES = [
    (D("0.05"), ["0.05%", "万分之五", "万五"]),
    (D("0.1"), ["0.1%", "千分之一", "万分之十"]),
    (D("0.03"), ["万三", "万分之三"]),
]


def _zh_rate_cases() -> list[Case]:
    out = []
    for period, (keywords, _word) in _ZH_RATE_PERIOD.items():
        table = _ZH_DAILY_RATES if period == "day" else _ZH_RATES
        for (rate, forms), kw in itertools.product(table, keywords):
            for form in forms:
                if form.startswith("万") and not kw.endswith(("息", "率")):
                    continue
                out.append(
                    Case("zh", "rate", f"{period}:{form}", f"{kw}{form}。", apr_of(rate, period))
                )
    return out


_ZH_INTEREST = [
    # principal, money a period, period
    (3000, 90, "month"),
    (5000, 125, "month"),
    (10000, 250, "month"),
    (20000, 600, "week"),
    (50000, 1500, "month"),
    (1000, 3, "day"),
    (20000, 500, "month"),
]
_ZH_INTEREST_T = [
    "借{p}，每{w}利息{m}。",
    "拿{p}走，每{w}利息就{m}。",
    "本金{p}，每{w}付息{m}。",
    "{p}用一{u}，利息{m}。",
    "借你{p}，一{u}{m}的利息。",
]
_ZH_PERIOD_WORD = {"day": ("天", "天"), "week": ("礼拜", "个礼拜"), "month": ("月", "个月")}


def _zh_interest_cases() -> list[Case]:
    out = []
    styles = ["digits", "hanzi", "colloquial", "capital", "kuai", "wan", "full"]
    for (p, m, period), t, style in itertools.product(_ZH_INTEREST, _ZH_INTEREST_T, styles):
        w, u = _ZH_PERIOD_WORD[period]
        text = t.format(p=zh_money(p, style), m=zh_money(m, style), w=w, u=u)
        out.append(
            Case("zh", "interest", f"{period}:{style}", text, apr_of(D(m) * 100 / p, period))
        )
    return out


_ZH_REPAID = [
    # principal, repaid, term words, days
    (1000, 1300, ["一周后", "七天后", "下礼拜", "一个星期后"], 7),
    (500, 700, ["七天后", "一周后"], 7),
    (10000, 12500, ["下礼拜", "一周后"], 7),
    (3000, 3900, ["三十天后", "一个月后", "下个月这时候"], 30),
    (20000, 24000, ["一个月后", "月底"], 30),
    (8000, 9200, ["十天后", "十天以后"], 10),
    (20000, 23000, ["半个月后", "十五天后"], 15),
]
_ZH_REPAID_T = ["借{p}，{n}还{r}。", "借你{p}，{n}还{r}就行。", "{p}拿去用，{n}连本带息还{r}。"]


def _zh_repaid_cases() -> list[Case]:
    out = []
    for (p, r, terms, days), t, style in itertools.product(
        _ZH_REPAID, _ZH_REPAID_T, ["digits", "hanzi", "colloquial", "kuai"]
    ):
        for n in terms:
            text = t.format(p=zh_money(p, style), r=zh_money(r, style), n=n)
            rate = D(r - p) * 100 / p / days
            out.append(
                Case("zh", "repaid", f"{days}d:{style}", text, quote_to_apr("daily", rate).apr)
            )
    return out


def _zh_fee_cases() -> list[Case]:
    out = []
    for (p, n, fee), style in itertools.product(
        [(1000, 10, 30), (10000, 12, 60), (5000, 6, 50)], ["digits", "hanzi", "kuai"]
    ):
        apr = quote_to_apr("flat_monthly", D(fee) * 100 / p, n).apr
        for t in ["借{p}分{n}期，每期手续费{f}。", "借{p}，分{n}期还，每期服务费{f}。"]:
            text = t.format(p=zh_money(p, style), n=n, f=zh_money(fee, style))
            out.append(Case("zh", "fee", style, text, apr))
    return out


def _zh_payment_cases() -> list[Case]:
    out = []
    for (p, n, pay), style in itertools.product(
        [(10000, 12, 1000), (5000, 6, 950), (3000, 12, 300)], ["digits", "hanzi", "kuai"]
    ):
        apr = irr_apr(D(p), D(pay), n)
        for t in [
            "借{p}，分{n}个月还，每月还{m}。",
            "借{p}，每月还{m}，还{n}个月。",
            "{p}分{n}期，每期还{m}。",
        ]:
            text = t.format(p=zh_money(p, style), n=n, m=zh_money(pay, style))
            out.append(Case("zh", "payment", style, text, apr))
    return out


# --- en --------------------------------------------------------------------------------------

_EN_PERIOD = {
    "day": ["a day", "daily", "per day", "every day"],
    "week": ["a week", "per week", "weekly", "every week", "every Friday", "each payday"],
    "fortnight": ["every fortnight", "a fortnight", "fortnightly", "every two weeks"],
    "month": ["a month", "per month", "monthly", "every month", "each month", "p.m."],
    "quarter": ["per quarter", "a quarter", "every quarter", "quarterly"],
}
_EN_RATES = [
    (D("2.5"), ["2.5%", "2.5 per cent", "2.5 percent", "two and a half per cent"]),
    (D("1.5"), ["1.5%", "one and a half percent", "1.5 pc"]),
    (D("3"), ["3%", "three per cent", "3 percent"]),
]
_EN_DAILY = [
    (D("0.25"), ["0.25%", "a quarter of a percent", "0.25 per cent"]),
    (D("0.1"), ["0.1%"]),
]
_EN_RATE_T = [
    "Interest is {r} {w}.",
    "We charge {r} {w}, simple as that.",
    "It's just {r} {w} on whatever you borrow.",
]


def _en_rate_cases() -> list[Case]:
    out = []
    for period, words in _EN_PERIOD.items():
        table = _EN_DAILY if period == "day" else _EN_RATES
        for (rate, forms), w, t in itertools.product(table, words, _EN_RATE_T):
            for form in forms:
                out.append(
                    Case(
                        "en",
                        "rate",
                        f"{period}:{form}",
                        t.format(r=form, w=w),
                        apr_of(rate, period),
                    )
                )
    return out


_EN_INTEREST = [
    # money, principal, period
    (5, 50, "week"),  # five on every fifty
    (10, 100, "week"),
    (50, 1000, "month"),
    (500, 20000, "month"),
    (2, 100, "day"),
    (30, 1000, "fortnight"),
]
_EN_INTEREST_T = [
    "{m} on every {p}, paid {w}.",
    "It's {m} interest {w} on a loan of {p}.",
    "Borrow {p} and you pay {m} {w} in interest.",
    "{m} {w} for each {p} you take.",
]
_EN_W = {
    "week": ["every Friday", "a week", "each week"],
    "month": ["a month", "every month"],
    "day": ["a day", "every day"],
    "fortnight": ["every fortnight", "every two weeks"],
}


def _en_interest_cases() -> list[Case]:
    out = []
    for (m, p, period), t, style in itertools.product(
        _EN_INTEREST, _EN_INTEREST_T, ["pound", "dollar", "quid", "words", "rupee", "grand"]
    ):
        for w in _EN_W[period]:
            mm = en_money(m, style if style != "grand" else "quid")
            text = t.format(m=mm, p=en_money(p, style), w=w)
            text = text[0].upper() + text[1:]
            out.append(
                Case("en", "interest", f"{period}:{style}", text, apr_of(D(m) * 100 / p, period))
            )
    return out


_EN_REPAID = [
    (1000, 1250, ["in thirty days", "in a month", "a month later"], 30),
    (300, 345, ["in two weeks", "in a fortnight", "two weeks later"], 14),
    (1000, 1100, ["after a week", "in seven days", "next Friday"], 7),
    (500, 650, ["in ten days"], 10),
]
_EN_REPAID_T = [
    "Borrow {p}, pay back {r} {n}.",
    "{p} now, {r} back {n}.",
    "Take {p} today and repay {r} {n}.",
]


def _en_repaid_cases() -> list[Case]:
    out = []
    for (p, r, terms, days), t, style in itertools.product(
        _EN_REPAID, _EN_REPAID_T, ["pound", "dollar", "k", "grand", "words"]
    ):
        for n in terms:
            text = t.format(
                p=en_money(p, style),
                r=en_money(r, style if style not in ("k", "grand") else "pound"),
                n=n,
            )
            text = text[0].upper() + text[1:]
            rate = D(r - p) * 100 / p / days
            out.append(
                Case("en", "repaid", f"{days}d:{style}", text, quote_to_apr("daily", rate).apr)
            )
    return out


def _en_payment_cases() -> list[Case]:
    out = []
    for (p, n, pay, days), style in itertools.product(
        [(1000, 12, 96, 30), (500, 10, 60, 7), (2000, 30, 80, 30), (1000, 12, 100, 30)],
        ["pound", "dollar", "grand", "k"],
    ):
        apr = irr_apr(D(p), D(pay), n, days)
        w = "week" if days == 7 else "month"
        for t in [
            "Grab {p} now; it's {m} every {w} for the next {nw}.",
            "Borrow {p}, pay {m} a {w} for {n} {w}s.",
            "Take {p} today and pay {m} a {w} over {n} {w}s.",
        ]:
            text = t.format(
                p=en_money(p, style),
                m=en_money(pay, "pound" if style in ("k", "grand") else style),
                w=w,
                n=n,
                nw=en_words(n),
            )
            out.append(Case("en", "payment", style, text, apr))
    return out


def cases(limit: int | None = 600, seed: int = 35) -> list[Case]:
    """Every case of the grammar, or a fixed sample of ``limit`` (seeded, spread over the
    constructions in proportion)."""
    every = (
        _zh_rate_cases()
        + _zh_interest_cases()
        + _zh_repaid_cases()
        + _zh_fee_cases()
        + _zh_payment_cases()
        + _en_rate_cases()
        + _en_interest_cases()
        + _en_repaid_cases()
        + _en_payment_cases()
    )
    seen: set[str] = set()
    unique = [c for c in every if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]
    if limit is None or len(unique) <= limit:
        return unique
    return sorted(random.Random(seed).sample(unique, limit), key=unique.index)


# --- session 36: forms the s35 grammar left out ----------------------------------------------
# F ``year``: a year's interest as money on a principal (借三万，一整年下来利息才三千六; "Over a
#   full year the interest on a £5,000 loan is only £900"): APR = interest / principal;
# G ``quarter``: interest as money each quarter (贷款二十万，每个季度付息六千) and English rates per
#   quarter, per fortnight or paid every Friday with no interest word ("It's 3.5% per quarter on
#   whatever you borrow");
# H ``capital``: 大写 money in every construction (借壹万元，每月付息贰佰伍拾元; 借壹仟元，七日后归还
#   壹仟贰佰元) and hanzi sums with no unit (拿两万走，每月利息就五百; 借五万，每月利息一千五百);
# I ``schedule``: English payment schedules with the count in words ("for the next twelve",
#   "then twelve monthly payments of £120").

_ZH_YEAR = [(30000, 3600), (50000, 4500), (10000, 1800), (200000, 16000)]
_ZH_YEAR_T = [
    "借{p}，一整年下来利息才{m}。",
    "{p}借一年，利息一共{m}。",
    "借你{p}，一年利息也就{m}，按月给。",
    "本金{p}，一年的利息{m}。",
]


def _zh_year_cases() -> list[Case]:
    out = []
    for (p, m), t, style in itertools.product(
        _ZH_YEAR, _ZH_YEAR_T, ["digits", "hanzi", "colloquial", "capital", "wan"]
    ):
        text = t.format(p=zh_money(p, style), m=zh_money(m, style))
        out.append(Case("zh", "year", style, text, (D(m) * 100 / p).quantize(D("0.0001"))))
    return out


_ZH_QUARTER = [(200000, 6000), (50000, 2000), (100000, 4500)]
_ZH_QUARTER_T = [
    "贷款{p}，每个季度付息{m}。",
    "借{p}，一个季度利息{m}。",
    "本金{p}，按季付息，每季{m}。",
]


def _zh_quarter_cases() -> list[Case]:
    out = []
    for (p, m), t, style in itertools.product(
        _ZH_QUARTER, _ZH_QUARTER_T, ["digits", "hanzi", "capital", "wan"]
    ):
        text = t.format(p=zh_money(p, style), m=zh_money(m, style))
        out.append(Case("zh", "quarter", style, text, apr_of(D(m) * 100 / p, "quarter")))
    return out


_ZH_CAPITAL_T = [
    ("借{p}，每月利息{m}。", "month"),
    ("本金{p}，每月付息{m}。", "month"),
    ("每借{p}，一个月利息{m}。", "month"),
    ("{p}放你那儿用，每月交{m}的利钱。", "month"),
    ("借{p}，每周利息{m}。", "week"),
    ("借{p}，每天利息{m}。", "day"),
]
_ZH_CAPITAL = {"month": [(10000, 250), (50000, 1500), (20000, 600)], "week": [(4000, 400)]}
_ZH_CAPITAL["day"] = [(10000, 30)]


def _zh_capital_cases() -> list[Case]:
    out = []
    for (t, period), style in itertools.product(_ZH_CAPITAL_T, ["capital", "hanzi", "colloquial"]):
        for p, m in _ZH_CAPITAL[period]:
            text = t.format(p=zh_money(p, style), m=zh_money(m, style))
            out.append(
                Case("zh", "capital", f"{period}:{style}", text, apr_of(D(m) * 100 / p, period))
            )
    for (p, r, n, days), style in itertools.product(
        [(1000, 1200, "七日后", 7), (10000, 11000, "十天后", 10), (5000, 5500, "十四天后", 14)],
        ["capital", "hanzi"],
    ):
        for t in ["借{p}，{n}归还{r}。", "{p}拿去用，{n}连本带息还{r}。"]:
            text = t.format(p=zh_money(p, style), r=zh_money(r, style), n=n)
            rate = D(r - p) * 100 / p / days
            out.append(
                Case("zh", "capital", f"{days}d:{style}", text, quote_to_apr("daily", rate).apr)
            )
    return out


_EN_YEAR_T = [
    "Over a full year the interest on a {p} loan is only {m}.",
    "Borrow {p} for a year and the interest comes to {m}.",
    "A year's interest on {p} is just {m}.",
]


def _en_year_cases() -> list[Case]:
    out = []
    for (p, m), t, style in itertools.product(
        [(5000, 900), (1000, 250), (2000, 440)], _EN_YEAR_T, ["pound", "dollar", "rupee"]
    ):
        text = t.format(p=en_money(p, style), m=en_money(m, style))
        out.append(Case("en", "year", style, text, (D(m) * 100 / p).quantize(D("0.0001"))))
    return out


_EN_QUARTER_T = [
    "It's {r} {w} on whatever you borrow.",
    "You pay {r} {w} on the loan.",
    "Our rate is {r} {w}, paid in advance.",
    "We add {r} to your balance {w}.",
]
_EN_QUARTER_W = {
    "quarter": ["per quarter", "every quarter", "quarterly", "every three months"],
    "fortnight": ["every fortnight", "every two weeks", "fortnightly"],
    "week": ["every Friday", "every week"],
}


def _en_quarter_cases() -> list[Case]:
    out = []
    for (period, words), t in itertools.product(_EN_QUARTER_W.items(), _EN_QUARTER_T):
        for (rate, forms), w in itertools.product(_EN_RATES, words):
            for form in forms[:2]:
                text = t.format(r=form, w=w)
                out.append(Case("en", "quarter", f"{period}:{form}", text, apr_of(rate, period)))
    for p, m, t in [
        (200000, 6000, "Borrow {p} and pay {m} interest every quarter."),
        (50000, 2000, "On a {p} loan the interest is {m} a quarter."),
    ]:
        for style in ("pound", "dollar"):
            text = t.format(p=en_money(p, style), m=en_money(m, style))
            out.append(
                Case("en", "quarter", f"money:{style}", text, apr_of(D(m) * 100 / p, "quarter"))
            )
    return out


def _en_schedule_cases() -> list[Case]:
    out = []
    for (p, n, pay, days), style in itertools.product(
        [(1200, 12, 120, 30), (1000, 12, 96, 30), (500, 10, 60, 7), (2000, 24, 110, 30)],
        ["pound", "dollar"],
    ):
        apr = irr_apr(D(p), D(pay), n, days)
        w = "week" if days == 7 else "month"
        ly = "weekly" if days == 7 else "monthly"
        for t in [
            "Borrow {p}, then {nw} {ly} payments of {m}.",
            "Grab {p} now; it's {m} every {w} for the next {nw}.",
            "Take {p} and pay {m} a {w} for {n} {w}s.",
            "{P} today, repaid in {nw} {ly} instalments of {m}.",
        ]:
            text = t.format(
                p=en_money(p, style),
                P=en_money(p, style),
                m=en_money(pay, style),
                w=w,
                ly=ly,
                n=n,
                nw=en_words(n),
            )
            out.append(Case("en", "schedule", style, text, apr))
    return out


def cases36() -> list[Case]:
    """Every case of the session-36 constructions (F-I), in a fixed order."""
    every = (
        _zh_year_cases()
        + _zh_quarter_cases()
        + _zh_capital_cases()
        + _en_year_cases()
        + _en_quarter_cases()
        + _en_schedule_cases()
    )
    seen: set[str] = set()
    return [c for c in every if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


# --- session 37: the forms session 36 left ----------------------------------------------------
# J ``schedule``: English payment schedules in any order, the count in digits or words ("for the
#   next twelve", "then ten monthly payments of £90", "we take £230 a month for six months"),
#   monthly, weekly or fortnightly: the schedule's IRR;
# K ``period``: English rates a period said with a verb (we charge / we add / it costs) and
#   periods counted in months ("every three months", "every two months") or fractions of a
#   percent ("a quarter of a percent daily");
# L ``handed``: Chinese sums handed over with no 借 (放你那儿用, 给你拿, 放你手里, 打到你卡上)
#   and 万 figures with no 元 as interest (一年利息才1.6万), a month, a quarter or a year.

_EN_SCHEDULE37 = [
    # principal, count, payment, days
    (1000, 12, 96, 30),
    (750, 10, 90, 30),
    (1200, 6, 230, 30),
    (2500, 18, 175, 30),
    (600, 8, 95, 7),
    (400, 6, 80, 14),
]
_EN_SCHEDULE37_T = [
    "Borrow {p}, pay {m} a {w} for {n} {w}s.",
    "Grab {p} now; it's {m} every {w} for the next {nw}.",
    "Borrow {p}, then {nw} {ly} payments of {m}.",
    "You get {p} today and pay us back {m} a {w} for {nw} {w}s.",
    "{P} up front, then {m} every {w} for {n} {w}s.",
    "We lend you {p} and take {m} a {w} for {nw} {w}s.",
    "Pay {m} {ly} for {n} {w}s on a {p} loan.",
    "{NW} {ly} repayments of {m} clear a {p} loan.",
    "It's {m} a {w} over the next {nw} {w}s for a {p} loan.",
]


def _en_schedule37_cases() -> list[Case]:
    out = []
    for (p, n, pay, days), t, style in itertools.product(
        _EN_SCHEDULE37, _EN_SCHEDULE37_T, ["pound", "dollar", "rupee"]
    ):
        apr = irr_apr(D(p), D(pay), n, days)
        w, ly = {30: ("month", "monthly"), 7: ("week", "weekly"), 14: ("fortnight", "fortnightly")}[
            days
        ]
        nw = en_words(n)
        text = t.format(
            p=en_money(p, style),
            P=en_money(p, style),
            m=en_money(pay, style),
            w=w,
            ly=ly,
            n=n,
            nw=nw,
            NW=nw[0].upper() + nw[1:],
        )
        out.append(Case("en", "schedule", f"{w}:{style}", text, apr))
    return out


_EN_PERIOD37_T = [
    ("We charge {r} {w} on the loan.", ["a month", "every month", "per month"], "month"),
    ("We charge {r} {w}, nothing else.", ["a week", "every week"], "week"),
    ("We add {r} to your balance {w}.", ["every week", "each week", "a week"], "week"),
    ("We add {r} to what you owe {w}.", ["every month", "each month"], "month"),
    ("It's {r} {w} on whatever you borrow.", ["every three months", "every 3 months"], "quarter"),
    ("The loan costs {r} {w}.", ["every three months", "each quarter"], "quarter"),
    ("Borrowing costs {r} {w}.", ["every two months", "every 2 months"], "bimonth"),
]
_EN_FRACTION37 = [
    ("a quarter of a percent", D("0.25")),
    ("half a percent", D("0.5")),
    ("a tenth of a percent", D("0.1")),
    ("three quarters of a percent", D("0.75")),
]
_EN_FRACTION37_T = [
    ("Interest is {r} daily.", "day"),
    ("We charge {r} a day on the loan.", "day"),
    ("It's {r} every day on what you borrow.", "day"),
]


def _en_period37_cases() -> list[Case]:
    out = []
    for t, words, period in _EN_PERIOD37_T:
        for (rate, forms), w in itertools.product(_EN_RATES, words):
            for form in forms[:2]:
                apr = apr_of(rate / 2, "month") if period == "bimonth" else apr_of(rate, period)
                out.append(Case("en", "period", f"{period}:{form}", t.format(r=form, w=w), apr))
    for (form, rate), (t, period) in itertools.product(_EN_FRACTION37, _EN_FRACTION37_T):
        out.append(
            Case("en", "period", f"{period}:fraction", t.format(r=form), apr_of(rate, period))
        )
    return out


_ZH_HANDED37_T = [
    ("{p}放你那儿用，每月交{m}的利钱。", "month"),
    ("{p}先给你周转，一个月利息{m}。", "month"),
    ("{p}打到你卡上，每个月给{m}利息就行。", "month"),
    ("给你拿{p}，整整一年利息只收{m}。", "year"),
    ("这{p}你拿去，一年到头利息{m}。", "year"),
    ("借{p}，一整年下来利息才{m}。", "year"),
    ("{p}放你手里，每季度结一次息，{m}。", "quarter"),
    ("{p}给你用着，一个季度收{m}利息。", "quarter"),
]
_ZH_HANDED37 = {
    "month": [(50000, 1500), (80000, 2000)],
    "year": [(80000, 7200), (200000, 16000)],
    "quarter": [(150000, 4500), (60000, 1800)],
}


def _zh_handed37_cases() -> list[Case]:
    out = []
    for (t, period), style in itertools.product(
        _ZH_HANDED37_T, ["digits", "hanzi", "colloquial", "wan"]
    ):
        for p, m in _ZH_HANDED37[period]:
            text = t.format(p=zh_money(p, style), m=zh_money(m, style))
            if period == "year":
                apr = (D(m) * 100 / p).quantize(D("0.0001"))
            else:
                apr = apr_of(D(m) * 100 / p, period)
            out.append(Case("zh", "handed", f"{period}:{style}", text, apr))
    return out


def cases37() -> list[Case]:
    """Every case of the session-37 constructions (J-L), in a fixed order."""
    every = _en_schedule37_cases() + _en_period37_cases() + _zh_handed37_cases()
    seen: set[str] = set()
    return [c for c in every if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


# --- session 38: 分/厘 as rates, money per hundred / thousand, periods nobody named --------------
# M ``folk`` (zh): 分 / 厘 as a month's rate in any position (按月息两分走, 给你一分二的利, 利息按一分五厘算,
#   1分5的利, 两分利): 1分 = 1% a month, 1厘 = 0.1%;
# N ``per-unit`` (zh): money per hundred / thousand / ten thousand per period (每百元每月利息一块八,
#   每千元每日三毛钱, 每万元每周一百五);
# O ``span`` (zh): interest a quarter, half a year, 30 days or two weeks said as a span or a settlement
#   (三万元借一季度，利息一千零八十元; 借十万，每半年结一次息，每次五千; 每三十天收三百块利息);
# P ``per-borrowed`` (en): money per sum borrowed per period in any currency ("a fee of $15 for every
#   $100 you borrow, due in two weeks", "2 pence per pound each week", "Rs 30 interest per Rs 1,000 each
#   month", "20 cents a day per hundred dollars");
# Q ``span`` (en): periods the keywords do not name ("every 30 days", "every sixty days", "every single
#   month", "per calendar month", "per mensem", "p.m.", "is added to your loan daily", "a quarterly fee
#   of 4%"), a whole-term percent ("9% for the whole 90 days"), a total repaid in N payments ("pay back
#   $650 across 4 fortnightly payments": the IRR of 4 x 162.50).

_ZH_FOLK38 = [
    (D("2"), ["两分", "2分", "二分"]),
    (D("1.2"), ["一分二", "1分2", "一分二厘"]),
    (D("1.5"), ["一分五", "1分5", "一分五厘", "一分半"]),
    (D("0.8"), ["八厘", "8厘"]),
]
_ZH_FOLK38_T = [
    "这笔钱按月息{f}走，本金到期一次还。",
    "熟人介绍的，给你{f}的利，按月算。",
    "利息按{f}算，一个月一结。",
    "我们这边都是{f}利，按月收。",
    "月息{f}，借多借少都是这个价。",
]


def _zh_folk38_cases() -> list[Case]:
    out = []
    for (rate, forms), t in itertools.product(_ZH_FOLK38, _ZH_FOLK38_T):
        for f in forms:
            out.append(Case("zh", "folk", f, t.format(f=f), apr_of(rate, "month")))
    return out


# (unit money, money a period in zh forms, period, template index)
_ZH_UNIT38 = [
    ("百", ["一块八", "1.8元", "一元八角"], D("1.8"), "month"),
    ("千", ["三毛钱", "0.3元", "三角"], D("0.03"), "day"),
    ("千", ["十五元", "15块"], D("1.5"), "month"),
    ("万", ["一百五", "150元"], D("1.5"), "week"),
    ("万", ["三块五", "3.5元"], D("0.035"), "day"),
]
_ZH_UNIT38_PERIOD = {
    "day": ["每日", "一天"],
    "week": ["每周", "一个礼拜"],
    "month": ["每月", "一个月"],
}
_ZH_UNIT38_T = [
    "每{u}元{w}收利息{m}。",
    "每借一{u}块，{w}只收{m}的利息。",
    "按每{u}元算，{w}利息{m}，随借随还。",
]


def _zh_unit38_cases() -> list[Case]:
    out = []
    for (u, forms, rate, period), t in itertools.product(_ZH_UNIT38, _ZH_UNIT38_T):
        for m, w in itertools.product(forms, _ZH_UNIT38_PERIOD[period]):
            text = t.format(u=u, w=w, m=m)
            out.append(Case("zh", "per-unit", f"{period}:{u}", text, apr_of(rate, period)))
    return out


# (principal, interest, days of the span, templates)
_ZH_SPAN38 = [
    (30000, 1080, 91, ["{p}借一季度，利息{m}，到期一并还清。", "借{p}用一个季度，到期付利息{m}。"]),
    (100000, 5000, 182, ["借{p}，每半年结一次息，每次{m}。", "{p}借给你，半年付一次利息，{m}。"]),
    (10000, 300, 30, ["每借{p}，每三十天收{m}利息。", "借{p}，每30天付息{m}。"]),
    (
        8000,
        120,
        14,
        ["借{p}，每两周付一次利息，每次{m}。", "{p}拿去用，两个礼拜结一次息，每次{m}。"],
    ),
    (20000, 600, 30, ["{p}先给你周转，每个月利钱{m}。", "{p}你先用着，每个月利钱给{m}就行。"]),
]


def _zh_span38_cases() -> list[Case]:
    out = []
    for (p, m, days, ts), style in itertools.product(_ZH_SPAN38, ["digits", "hanzi", "colloquial"]):
        rate = D(m) * 100 / p
        apr = apr_of(rate, "month") if days == 30 else quote_to_apr("daily", rate / days).apr
        for t in ts:
            text = t.format(p=zh_money(p, style), m=zh_money(m, style))
            out.append(Case("zh", "span", f"{days}d:{style}", text, apr))
    return out


def _cur(n: int, sym: str) -> str:
    return f"{sym}{n:,}" if len(sym) == 1 else f"{sym} {n:,}"


# (money, per sum, days, templates)
_EN_BORROWED38 = [
    (
        15,
        100,
        14,
        [
            "There's a fee of {m} for every {p} you borrow, due in two weeks.",
            "For each {p} borrowed we charge {m} every fortnight.",
        ],
    ),
    (
        30,
        1000,
        30,
        [
            "You pay {m} interest per {p} each month.",
            "Interest is {m} a month for every {p} you take.",
        ],
    ),
    (
        2,
        1000,
        1,
        ["The loan costs {m} a day per {p}.", "Every day you keep it, it's {m} per {p} borrowed."],
    ),
    (
        20,
        1000,
        7,
        [
            "We take {m} per {p} each week until it's paid off.",
            "It's {m} on each {p} borrowed, every week.",
        ],
    ),
]


def _en_borrowed38_cases() -> list[Case]:
    out = []
    for (m, p, days, ts), sym in itertools.product(
        _EN_BORROWED38, ["$", "£", "₱", "Rs", "KSh", "€"]
    ):
        rate = D(m) * 100 / p
        apr = apr_of(rate, "month") if days == 30 else quote_to_apr("daily", rate / days).apr
        for t in ts:
            out.append(
                Case(
                    "en",
                    "per-borrowed",
                    f"{days}d:{sym}",
                    t.format(m=_cur(m, sym), p=_cur(p, sym)),
                    apr,
                )
            )
    for t, apr in [
        ("We take 2 pence per pound each week until it's paid off.", apr_of(D(2), "week")),
        ("The loan costs 20 cents a day per hundred dollars.", apr_of(D("0.2"), "day")),
        ("It's 5p in every pound, every single week.", apr_of(D(5), "week")),
    ]:
        out.append(Case("en", "per-borrowed", "pence", t, apr))
    return out


_EN_SPAN38_T = [
    ("The interest works out at {r} every 30 days.", "30d"),
    ("It's {r} every thirty days on what you borrow.", "30d"),
    ("Every sixty days we add {r} to the balance of your loan.", "60d"),
    ("We charge {r} every single month.", "month"),
    ("{R} is added to your loan every single week.", "week"),
    ("Interest is charged at {r} per calendar month.", "month"),
    ("Our rate is {r} per mensem on the principal.", "month"),
    ("Interest: {r} p.m., calculated on the reducing balance.", "month"),
    ("A quarterly fee of {r} applies to the amount you owe.", "quarter"),
    ("There is a {r} charge every 90 days on your loan.", "90d"),
]


def _en_span38_cases() -> list[Case]:
    out = []
    for (t, period), (rate, forms) in itertools.product(_EN_SPAN38_T, _EN_RATES):
        for form in forms[:2]:
            if period in ("month", "week", "quarter"):
                apr = apr_of(rate, period)
            else:
                apr = quote_to_apr("daily", rate / int(period[:-1])).apr
            text = t.format(r=form, R=form[0].upper() + form[1:])
            out.append(Case("en", "span", f"{period}:{form}", text, apr))
    for form, rate in _EN_FRACTION37[:2]:
        for t in [
            "{R} is added to your loan daily.",
            "Every day, {r} goes on top of what you owe.",
        ]:
            text = t.format(r=form, R=form[0].upper() + form[1:])
            out.append(Case("en", "span", "day:fraction", text, apr_of(rate, "day")))
    # a percent over the whole term, and a total repaid over N payments
    for r, days in [(9, 90), (6, 60), (5, 30)]:
        rate_day = D(r) / days
        for t in [
            "You pay {r}% for the whole {n} days.",
            "It's {r}% for the full {n} days, that's all.",
        ]:
            text = t.format(r=r, n=days)
            out.append(Case("en", "span", "term", text, quote_to_apr("daily", rate_day).apr))
    for (p, total, n, days, ly), sym in itertools.product(
        [
            (600, 650, 4, 14, "fortnightly"),
            (1000, 1200, 6, 30, "monthly"),
            (400, 480, 4, 7, "weekly"),
        ],
        ["$", "£"],
    ):
        apr = irr_apr(D(p), D(total) / n, n, days)
        for t in [
            "Borrow {p} and pay back {t} across {n} {ly} payments.",
            "Take {p} now, repay {t} in total over {n} {ly} instalments.",
        ]:
            text = t.format(p=_cur(p, sym), t=_cur(total, sym), n=n, ly=ly)
            out.append(Case("en", "span", f"total:{ly}", text, apr))
    return out


def cases38() -> list[Case]:
    """Every case of the session-38 constructions (M-Q), in a fixed order."""
    every = (
        _zh_folk38_cases()
        + _zh_unit38_cases()
        + _zh_span38_cases()
        + _en_borrowed38_cases()
        + _en_span38_cases()
    )
    seen: set[str] = set()
    return [c for c in every if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


# --- session 39: shares, spans by 每隔 / 每满 / 为一期 / N天后, coins, fractions, pay cycles ----------
# R ``share`` (zh): 成 / 个点 as a period's rate (按一成的利走, 一个月也就三个点, 每个礼拜两个点);
# S ``span`` (zh): spans said by 每隔 N 天 / 每满 N 天 / N 天为一期 / N 天后还 / 每隔半个月, in percent or
#   money (每隔十天收一次息，一万块收一百五; 借五千，十天后还五千三);
# T ``coin`` (zh): 毛 / 角 per hundred / thousand per day (每百块一天两角钱, 一千块一天五毛);
# U ``fraction`` (en): fractions as a period's rate ("a twentieth of the amount you borrow, every
#   month", "half a percent a week", "seven hundredths of one percent a day");
# V ``payday`` (en): a pay cycle as the period ("2.5% per pay cycle": a month unless the cycle or
#   the currency says two weeks; "each fortnightly payday we add 3%");
# W ``coin`` (en): pence / paise / sen / kobo per hundred or per pound ("4p in every pound you owe, each
#   week", "30 paise per hundred rupees every day");
# X ``span`` (en): a span of N days said in words or digits ("1.5 per cent per 28 days"), a total
#   returned after a span ("₦50,000 today, and three weeks later you return ₦58,000").

_ZH_SHARE39 = [
    (D("10"), "一成", "month"),
    (D("5"), "半成", "month"),
    (D("3"), "三个点", "month"),
    (D("2"), "两个点", "week"),
]
_ZH_SHARE39_T = {
    "month": [
        "这单给你按{f}的利走，一个月一结。",
        "利息不高，一个月也就{f}。",
        "借款按月收{f}的息，随借随还。",
    ],
    "week": ["利息按礼拜算，一个礼拜{f}。", "每个礼拜收{f}的息，本金到期还。"],
}


def _zh_share39_cases() -> list[Case]:
    out = []
    for rate, f, period in _ZH_SHARE39:
        for t in _ZH_SHARE39_T[period]:
            out.append(Case("zh", "share", f"{period}:{f}", t.format(f=f), apr_of(rate, period)))
    return out


# (templates with {p} principal and {m} money, principal, money, days) and percent spans
_ZH_SPAN39_MONEY = [
    (["每隔十天收一次息，{p}收{m}。", "借{p}，每隔十天付一次利息，每次{m}。"], 10000, 150, 10),
    (["每隔半个月收一次息，借{p}每次{m}。"], 10000, 180, 15),
    (["借{p}，十天后还{t}就行。", "{p}先拿去用，二十天后还{t}。"], 5000, 300, 10),
]
_ZH_SPAN39_PCT = [
    ("每满三十天，按借款的{r}收取利息。", 30),
    ("三十天为一期，一期利息按{r}收。", 30),
    ("每满十五天，收本金的{r}作为服务费。", 15),
    ("每隔二十天收一次息，每次是本金的{r}。", 20),
]
_ZH_SPAN39_RATES = [(D("3"), ["百分之三", "3%"]), (D("4.5"), ["千分之四十五", "4.5%"])]


def _zh_span39_cases() -> list[Case]:
    out = []
    for (ts, p, m, days), style in itertools.product(
        _ZH_SPAN39_MONEY, ["digits", "hanzi", "colloquial"]
    ):
        apr = quote_to_apr("daily", D(m) * 100 / p / days).apr
        for t in ts:
            text = t.format(p=zh_money(p, style), m=zh_money(m, style), t=zh_money(p + m, style))
            if "二十天后" in t:
                apr = quote_to_apr("daily", D(m) * 100 / p / 20).apr
            out.append(Case("zh", "span", f"{days}d:{style}", text, apr))
    for (t, days), (rate, forms) in itertools.product(_ZH_SPAN39_PCT, _ZH_SPAN39_RATES):
        for f in forms:
            apr = quote_to_apr("daily", rate / days).apr
            out.append(Case("zh", "span", f"{days}d:pct", t.format(r=f), apr))
    return out


_ZH_COIN39 = [
    ("每百块", "两角钱", D("0.2")),
    ("每百元", "两毛", D("0.2")),
    ("一千块", "五毛钱", D("0.05")),
    ("每千元", "五角", D("0.05")),
]
_ZH_COIN39_T = ["{u}一天{m}，随借随还。", "借款{u}每天收{m}利息，用几天算几天。"]


def _zh_coin39_cases() -> list[Case]:
    out = []
    for (u, m, rate), t in itertools.product(_ZH_COIN39, _ZH_COIN39_T):
        out.append(Case("zh", "coin", f"day:{m}", t.format(u=u, m=m), apr_of(rate, "day")))
    return out


_EN_FRACTION39 = [
    ("Interest is a twentieth of the amount you borrow, every month.", D("5"), "month"),
    # (a fee word: a flat fee on the sum lent each month, its IRR over 12 months)
    ("Our facility fee is a tenth of the loan for every month it runs.", D("10"), "flat"),
    ("We add a twentieth of the balance each month.", D("5"), "month"),
    ("Half a percent a week on the balance, that's our whole price.", D("0.5"), "week"),
    ("We charge half a percent every week on what you borrow.", D("0.5"), "week"),
    ("Interest runs at seven hundredths of one percent a day.", D("0.07"), "day"),
    ("The loan costs six hundredths of a percent per day.", D("0.06"), "day"),
    ("Interest is nine-tenths of a percent weekly on the full sum borrowed.", D("0.9"), "week"),
    ("You pay three quarters of a percent every week on the loan.", D("0.75"), "week"),
]

_EN_PAYDAY39 = [
    ("The loan costs {r} per pay cycle until it's cleared.", "month"),
    ("Every payday you hand back {r} of the loan on top of the capital.", "month"),
    ("We charge {r} each pay period on what you borrow.", "month"),
    ("Each fortnightly payday we add {r} to what you owe.", "fortnight"),
    ("Interest is {r} per fortnightly pay cycle.", "fortnight"),
]

_EN_COIN39 = [
    ("We take 4p in every pound you owe, each week.", D("4"), "week"),
    ("It's 5p in every pound, every single week.", D("5"), "week"),
    ("Borrow ₹20,000 and pay 30 paise per hundred rupees every day.", D("0.3"), "day"),
    ("For a loan of RM5,000 we charge 40 sen per RM100 each week.", D("0.4"), "week"),
    ("The loan costs 50 kobo per ₦100 every day.", D("0.5"), "day"),
    ("Interest is 3p per pound per month on what you borrow.", D("3"), "month"),
]

_EN_SPAN39 = [
    ("You'll be charged {r} per 28 days on the outstanding sum.", 28),
    ("We add {r} to your loan every 45 days.", 45),
    ("It's {r} for every 21 days you keep the money.", 21),
    ("Interest is {r} per twenty-eight days.", 28),
]

_EN_TOTAL39 = [
    ("₦50,000 today, and three weeks later you return ₦58,000.", 50000, 8000, 21),
    ("Take KSh 10,000 and give back KSh 11,500 after one month.", 10000, 1500, 30),
    ("Two weeks after we send you ₦40,000, you send back ₦44,800.", 40000, 4800, 14),
    ("Get £300 now and return £360 in four weeks.", 300, 60, 28),
]


def _en39_cases() -> list[Case]:
    out = []
    for text, rate, period in _EN_FRACTION39:
        flat = period == "flat"
        apr = quote_to_apr("flat_monthly", rate).apr if flat else apr_of(rate, period)
        out.append(Case("en", "fraction", period, text, apr))
    for (t, period), (rate, forms) in itertools.product(_EN_PAYDAY39, _EN_RATES):
        for form in forms[:2]:
            out.append(Case("en", "payday", period, t.format(r=form), apr_of(rate, period)))
    for text, rate, period in _EN_COIN39:
        out.append(Case("en", "coin", period, text, apr_of(rate, period)))
    for (t, days), (rate, forms) in itertools.product(_EN_SPAN39, _EN_RATES):
        for form in forms[:2]:
            apr = quote_to_apr("daily", rate / days).apr
            r = form[0].upper() + form[1:] if t.startswith("{r}") else form
            out.append(Case("en", "span", f"{days}d", t.format(r=r), apr))
    for text, p, m, days in _EN_TOTAL39:
        apr = quote_to_apr("daily", D(m) * 100 / p / days).apr
        out.append(Case("en", "span", f"total:{days}d", text, apr))
    return out


def cases39() -> list[Case]:
    """Every case of the session-39 constructions (R-X), in a fixed order."""
    every = _zh_share39_cases() + _zh_span39_cases() + _zh_coin39_cases() + _en39_cases()
    seen: set[str] = set()
    return [c for c in every if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


# --- session 40: a share for a whole term, a share each time wages land, a repayment against an
# advance after a span, an instalment CAP with the sum and the term, 0% with a fee on each instalment

_ZH_TERM40 = [
    "整整{d}天只收{r}，别的一分不要。",
    "借款用满{d}天，总共收本金的{r}。",
    "{d}天的借款期，一次性收{r}的费用。",
]
_ZH_TERM40_D = [(30, "三十"), (60, "六十"), (90, "90")]
_ZH_TERM40_R = [(D("8"), "百分之八"), (D("12"), "12%")]
_EN_TERM40 = [
    "It's {r} for the full {d} days, that's all.",
    "Keep the money the whole {d} days and we charge {r} once.",
    "For a {d}-day loan we add {r} once, and that's everything.",
    "{R} covers the entire {d} days, nothing else to pay.",
]
_EN_TERM40_D = [(30, "30"), (60, "sixty"), (90, "90")]
_ZH_WAGES40 = [
    "工资一到账，就按借款的{r}收一次息。",
    "每逢发薪，收取本金{r}的利息。",
    "薪水进账那天，本金的{r}归我们。",
]
_EN_WAGES40 = [
    "Every time your wages land we take {r}.",
    "Whenever your salary comes in, we take {r} of the loan.",
    "Each time your pay arrives, {r} of what you borrowed goes to us.",
    "On the day your wages hit, we collect {r} of the balance.",
]
_ZH_ADVANCE40 = [
    "{p}到账，{s}后转{t}给我们就行。",
    "我们先垫{p}，{s}后你打回{t}。",
]
_ZH_ADVANCE40_S = [("三周", 21), ("二十天", 20), ("半个月", 15)]
_ZH_ADVANCE40_M = [(3000, 3300), (8000, 8600)]
_EN_ADVANCE40 = [
    "Send us {t} {s} after we pay you {p}.",
    "We pay you {p} today; {s} later you transfer {t} to us.",
    "Pay us {t} {s} after the {p} lands in your account.",
]
_EN_ADVANCE40_S = [("three weeks", 21), ("a fortnight", 14), ("30 days", 30)]
_EN_ADVANCE40_M = [(3000, 3450, "R"), (1000, 1100, "£"), (500, 560, "$")]
_ZH_CAP40 = [
    "借{p}，月供不超过{c}，分{n}期。",
    "贷{p}，每月最多还{c}，{n}个月还清。",
    "{p}的借款，月还款封顶{c}，共{n}期。",
]
_EN_CAP40 = [
    "On a {p} loan, repayments are capped at {c} a month for {n} months.",
    "Take {p}; you'll pay no more than {c} a month over {n} months.",
    "{p} borrowed, at most {c} per month, {n} monthly payments.",
]
_CAP40 = [(10000, 1000, 12), (20000, 1900, 12), (6000, 300, 24)]
_EN_CAP40_CUR = ["$", "£", "RM"]
_ZH_ZEROFEE40 = [
    "免息分{n}期，借{p}，每期另付{f}服务费。",
    "0利息，{p}分{n}期还，每期加{f}的管理费。",
]
_EN_ZEROFEE40 = [
    "0% interest on {p} over {n} instalments, with a {f} fee on each instalment.",
    "Interest-free: {p} in {n} payments, plus {f} admin per payment.",
]
_ZEROFEE40 = [(3000, 12, 28), (1000, 10, 15), (6000, 10, 90)]


def _en_rate(t: str, form: str) -> str:
    return t.replace("{R}", form[0].upper() + form[1:]).replace("{r}", form)


def cases40() -> list[Case]:
    """Every case of the session-40 constructions (term, wages, advance, cap, zerofee), in order."""
    out = []
    for t, (d, dz), (rate, rz) in itertools.product(_ZH_TERM40, _ZH_TERM40_D, _ZH_TERM40_R):
        apr = quote_to_apr("daily", rate / d).apr
        out.append(Case("zh", "term", f"{d}d", t.format(d=dz + "", r=rz), apr))
    for t, (d, de), (rate, forms) in itertools.product(_EN_TERM40, _EN_TERM40_D, _EN_RATES[:2]):
        apr = quote_to_apr("daily", rate / d).apr
        for form in forms[:2]:
            text = _en_rate(t, form).replace("{d}", de)
            out.append(Case("en", "term", f"{d}d", text, apr))
    for t, (rate, rz) in itertools.product(_ZH_WAGES40, _ZH_TERM40_R):
        out.append(Case("zh", "wages", "month", t.format(r=rz), apr_of(rate, "month")))
    for t, (rate, forms) in itertools.product(_EN_WAGES40, _EN_RATES):
        for form in forms[:2]:
            out.append(Case("en", "wages", "month", _en_rate(t, form), apr_of(rate, "month")))
    for t, (sz, days), (p, total) in itertools.product(
        _ZH_ADVANCE40, _ZH_ADVANCE40_S, _ZH_ADVANCE40_M
    ):
        apr = quote_to_apr("daily", D(total - p) * 100 / p / days).apr
        for style in ("digits", "hanzi"):
            text = t.format(p=zh_money(p, style), s=sz, t=zh_money(total, style))
            out.append(Case("zh", "advance", f"{days}d:{style}", text, apr))
    for t, (se, days), (p, total, sym) in itertools.product(
        _EN_ADVANCE40, _EN_ADVANCE40_S, _EN_ADVANCE40_M
    ):
        apr = quote_to_apr("daily", D(total - p) * 100 / p / days).apr
        text = t.format(p=_cur(p, sym), s=se, t=_cur(total, sym))
        out.append(Case("en", "advance", f"{days}d", text, apr))
    for t, (p, c, n) in itertools.product(_ZH_CAP40, _CAP40):
        apr = irr_apr(D(p), D(c), n)
        for style in ("digits", "hanzi"):
            text = t.format(p=zh_money(p, style), c=zh_money(c, style), n=n)
            out.append(Case("zh", "cap", style, text, apr))
    for t, (p, c, n), sym in itertools.product(_EN_CAP40, _CAP40, _EN_CAP40_CUR):
        apr = irr_apr(D(p), D(c), n)
        text = t.format(p=_cur(p, sym), c=_cur(c, sym), n=n)
        out.append(Case("en", "cap", sym, text[0].upper() + text[1:], apr))
    for t, (p, n, f) in itertools.product(_ZH_ZEROFEE40, _ZEROFEE40):
        apr = irr_apr(D(p), D(p) / n + f, n)
        for style in ("digits", "hanzi"):
            text = t.format(p=zh_money(p, style), n=n, f=zh_money(f, style))
            out.append(Case("zh", "zerofee", style, text, apr))
    for t, (p, n, f), sym in itertools.product(_EN_ZEROFEE40, _ZEROFEE40, ["$", "£"]):
        apr = irr_apr(D(p), D(p) / n + f, n)
        out.append(Case("en", "zerofee", sym, t.format(p=_cur(p, sym), n=n, f=_cur(f, sym)), apr))
    seen: set[str] = set()
    return [c for c in out if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


# --- session 41: an advance and the sum sent back said by their ROLES (any verb), a share for a
# whole term said in months or opening bare ("Ninety days, 10% on top"), an instalment cap read
# by the money path, 0% with a money fee on each payment (en); and, clean, a loan at a yearly
# rate with its payment asked after a sentence end ("nine percent. ballpark monthly figure?")

_EN_ADVANCE41 = [
    "We'll wire you {p}; {s} later you pay back {t}.",
    "You get {p} from us today and hand over {t} {s} on.",
    "{P} goes to you now, and {s} later {t} comes back to us.",
]
_EN_ADVANCE41_S = [("five weeks", 35), ("six weeks", 42), ("forty days", 40)]
_EN_ADVANCE41_M = [(800, 920, "€"), (2000, 2300, "$"), (5000, 5400, "R")]
_ZH_ADVANCE41 = [
    "借出{p}，{s}后收回{t}。",
    "我们给你打{p}，{s}后你还{t}。",
    "先放款{p}给你，{s}后回款{t}。",
]
_ZH_ADVANCE41_S = [("五周", 35), ("四十天", 40), ("六个星期", 42)]
_ZH_ADVANCE41_M = [(4000, 4400), (12000, 13200)]
_EN_TERM41 = [
    "Keep it the full {m} months and we take {r} once.",
    "Hold the cash {m} months; {r} once, nothing else.",
]
_EN_TERM41_M = [(2, "two"), (3, "three"), (4, "four")]
_EN_TERM41_BARE = [
    "{D} days, {r} on top, that's the whole deal.",
    "{D} days and {r} extra, that's all it costs.",
]
_EN_TERM41_D = [(90, "Ninety"), (60, "Sixty"), (45, "Forty-five")]
_ZH_TERM41 = [
    "借满{m}个月，一次性收{r}。",
    "{m}个月为期，{r}的费用一次付清。",
]
_ZH_TERM41_M = [(2, "两"), (3, "三"), (4, "四")]
_ZH_CAP41 = [
    "每月最多还{c}，借{p}，分{n}期。",
    "借{p}，每个月顶多还{c}，分{n}期。",
]
_EN_CAP41 = [
    "At most {c} per month, {n} monthly payments, on {p}.",
    "You'll never pay over {c} a month across {n} monthly payments for {p}.",
]
_CAP41 = [(10000, 1000, 12), (8000, 800, 12), (24000, 1200, 24)]
_EN_ZEROFEE41 = [
    "Zero percent, just a {f} admin charge with each of the {n} payments on {p}.",
    "No interest, only a {f} fee on each of the {n} repayments of your {p} loan.",
]
_ZEROFEE41 = [(600, 12, 9), (1500, 10, 20), (4800, 12, 40)]
_EN_ASKED41 = [
    "say {a}, {n} months, {r}. ballpark monthly {w}?",
    "{A} over {n} months at {r}. Roughly what's the monthly {w}?",
    "thinking {a}, {r}, {n} months. {W} a month?",
]
_EN_ASKED41_W = ["figure", "bill", "sum", "number", "total"]
_EN_ASKED41_R = ["nine percent", "6.5%", "seven per cent", "twelve percent"]
_EN_ASKED41_A = [("12k", 36), ("£25,000", 60), ("$8,000", 24)]


def cases41() -> list[Case]:
    """Every case of the session-41 constructions (advance, term, cap, zerofee), in order."""
    out = []
    for t, (se, days), (p, total, sym) in itertools.product(
        _EN_ADVANCE41, _EN_ADVANCE41_S, _EN_ADVANCE41_M
    ):
        apr = quote_to_apr("daily", D(total - p) * 100 / p / days).apr
        pz, tz = _cur(p, sym), _cur(total, sym)
        text = t.format(p=pz, P=pz, s=se, t=tz)
        out.append(Case("en", "advance", f"{days}d", text[0].upper() + text[1:], apr))
    for t, (sz, days), (p, total) in itertools.product(
        _ZH_ADVANCE41, _ZH_ADVANCE41_S, _ZH_ADVANCE41_M
    ):
        apr = quote_to_apr("daily", D(total - p) * 100 / p / days).apr
        for style in ("digits", "hanzi"):
            text = t.format(p=zh_money(p, style), s=sz, t=zh_money(total, style))
            out.append(Case("zh", "advance", f"{days}d:{style}", text, apr))
    for t, (m, me), (rate, forms) in itertools.product(_EN_TERM41, _EN_TERM41_M, _EN_RATES[:2]):
        apr = quote_to_apr("monthly", rate / m).apr
        for form in forms[:2]:
            out.append(Case("en", "term", f"{m}m", _en_rate(t, form).replace("{m}", me), apr))
    for t, (d, de), (rate, forms) in itertools.product(
        _EN_TERM41_BARE, _EN_TERM41_D, _EN_RATES[:2]
    ):
        apr = quote_to_apr("daily", rate / d).apr
        for form in forms[:2]:
            out.append(Case("en", "term", f"{d}d", _en_rate(t, form).replace("{D}", de), apr))
    for t, (m, mz), (rate, rz) in itertools.product(_ZH_TERM41, _ZH_TERM41_M, _ZH_TERM40_R):
        apr = quote_to_apr("monthly", rate / m).apr
        out.append(Case("zh", "term", f"{m}m", t.format(m=mz, r=rz), apr))
    for t, (p, c, n) in itertools.product(_ZH_CAP41, _CAP41):
        apr = irr_apr(D(p), D(c), n)
        for style in ("digits", "hanzi"):
            text = t.format(p=zh_money(p, style), c=zh_money(c, style), n=n)
            out.append(Case("zh", "cap", style, text, apr))
    for t, (p, c, n), sym in itertools.product(_EN_CAP41, _CAP41, ["$", "€", "RM"]):
        apr = irr_apr(D(p), D(c), n)
        text = t.format(p=_cur(p, sym), c=_cur(c, sym), n=n)
        out.append(Case("en", "cap", sym, text, apr))
    for t, (p, n, f), sym in itertools.product(_EN_ZEROFEE41, _ZEROFEE41, ["$", "£", "₹"]):
        apr = irr_apr(D(p), D(p) / n + f, n)
        out.append(Case("en", "zerofee", sym, t.format(p=_cur(p, sym), n=n, f=_cur(f, sym)), apr))
    seen: set[str] = set()
    return [c for c in out if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


def asked41() -> list[str]:
    """Clean: a loan at a yearly rate, its payment asked after a full stop (no rate a month)."""
    out = []
    for t, w, r, (a, n) in itertools.product(
        _EN_ASKED41, _EN_ASKED41_W, _EN_ASKED41_R, _EN_ASKED41_A
    ):
        out.append(t.format(a=a, A=a[0].upper() + a[1:], n=n, r=r, w=w, W=w.capitalize()))
    return out
