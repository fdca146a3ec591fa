"""Rate-disclosure detection: a daily, monthly or per-period rate quoted without its APR.

Works on the light normalised view (full-width digits and ％ folded, traditional characters
simplified, zero-width characters gone) with spaces between digits closed up ("1 . 5 %"),
where numbers keep their punctuation. Rate expressions understood:

- percentages and per-mille (1.5%, 0.5‰), 万分之五 / 千分之三 / 百分之二, 万四 (= 0.04%),
  folk units right after a monthly keyword (5厘 = 0.5%, 1分 = 1% a month), a daily one or an
  annual one (scaled to the period: 日息5厘 = 0.05%, 日息1分 = 0.1% a day, 年息一分八 = 18% a
  year: an annual rate is the disclosure, never a quote);
- a rate or fee per two weeks (每两周, 双周, "every two weeks", fortnightly: half of it a week)
  or per half month (每半个月, "twice a month": twice it a month);
- money per principal per period: 每万元每天3元, 借1000元一天利息5毛, 借一万每月利息150元,
  "$150 interest a month on a $10,000 loan".

The keyword next to a figure (from the rule packs: ``patterns`` and ``after`` of the
rate-quote rules) says its period and so its rule; a fee word (手续费, 服务费, fee ...) or a
per-period keyword in the same clause makes it a flat periodic fee on the original principal,
annualised as an IRR over the stated term (12 periods if none is stated). A percentage just
after a penalty word is a penalty, not a price. An annual rate stated in the message covers
only the quote it belongs to: the one it sits beside in brackets, or the one whose APR it
equals ("月息1.5%，年化18%" passes; "年化18%，另收每月服务费1%" still warns about the fee).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import ahocorasick

from loancs.core.compliance.rules import Rule
from loancs.core.compliance.scope import reported
from loancs.core.lazyre import LazyPattern, lazy_compile
from loancs.core.normalize import HANZI_DIGITS, Normalized, Record, fold_light, has_digit
from loancs.core.numwords import EN_TENS as _EN_TENS
from loancs.core.numwords import EN_UNITS as _EN_UNITS

_NUM = r"\d+(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十点\d.]+"
_WAN = r"(?<![0-9零〇一二两三四五六七八九十百千])万(?P<wan>[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九][点]?[一二三四五六七八九]?)(?![0-9万千百元块分])"
# A percentage, per-mille or "N分之M" fraction; 厘/分 folk units only for the kw-first form.
_PCT = (
    rf"(?:(?P<num>{_NUM})\s*(?P<unit>%|‰|percent(?![a-z])|per cent(?![a-z])|pct(?![a-z])|pc(?![a-z])|p\.c\.(?![a-z])|points?(?![a-z])|个点|个趴|趴)"
    # 万分之五一年: the fraction's numeral stops before a numeral that starts a time word
    rf"|(?P<frac>[万千百])分之(?P<fnum>{_CN_NUM}?)"
    r"(?=[一二两三四五六七八九十][年个天周月日次笔期]|(?![零〇一二两三四五六七八九十点\d.]))"
    r"|(?P<cnum>[零〇一二两三四五六七八九十]+(?:点[零〇一二三四五六七八九]+)?|半(?=成))(?P<cunit>个点|个百分点|个趴|个半点"
    # 一成 / 两成 / 半成 = 10% / 20% / 5% (a tenth: the share said as 成; session 39)
    r"|(?<=[一二两三半])(?<![0-9零〇一二两三四五六七八九十百千万几][一二两三])成(?:半(?=[的利息，,。走算计]))?(?![功为本年人交数新绩熟品立员分])(?!\s*[0-9一二三四五六七八九]))"
    # 一个点二 = 1.2% (the folk tenths after 个点)
    r"(?P<ctail>(?<=点)[一二三四五六七八九](?![0-9零〇一二两三四五六七八九十百千万元块钱个期天月年号日次]))?)"
)
_FOLK = (
    rf"(?:(?P<fknum>{_NUM}|(?:[一二两三四五六七八九]|零(?=点))(?:点[一二三四五六七八九])?)\s*(?P<fkunit>厘|分|毫)(?![期钟之钱米克升秒无不])"
    r"(?P<fktail>[1-9一二三四五六七八九半](?![0-9期钟之钱万千百元块年个天周月日次笔]))?"
    # 一分二厘 / 一分五厘: the tenths of a 分 said with their unit (session 38)
    r"(?:(?<=分[1-9一二三四五六七八九])厘)?)"
)
_FILLER = (
    # 月息收你七厘, 月利率算你八厘半, 月息一律按九厘计算: a verb or "you" between the keyword and the figure
    r"(?:\s+|[:：,，=]|为|是|约|仅|只|要|需|才|低至|最低|低到|大概|大约|一般|收|算|按|照|给|你|您|一律|统一|都|就|也|"
    r"我们|我哋|咱们|这边|最多|最高|顶多|不过|现在|目前|本来|原本|我|帮你|帮您|做到|给到|优惠到|降到|压到|"
    r"of(?![a-z])|is(?![a-z])|at(?![a-z])|just(?![a-z])|only(?![a-z])|about(?![a-z])|around(?![a-z]))"
)
_CLAUSE_END = "。！？!?;；\n"
_SPOKEN_NUMERALS = str.maketrans({"俩": "两", "仨": "三"})
# 大写 numerals (借壹万元，每月付息贰佰伍拾元): one character each, so the offsets stay; read only in
# a run of two or more, or one before 万 / 元 (收拾, 大陆, 队伍 hold one alone: left as they are)
_CAPITAL_NUMERALS = str.maketrans(
    {"壹": "一", "贰": "二", "叁": "三", "肆": "四", "伍": "五", "陆": "六", "柒": "七", "捌": "八"}
    | {"玖": "九", "拾": "十", "佰": "百", "仟": "千", "圆": "元"}
)
_CAPITAL_RUN = lazy_compile(
    r"[壹贰叁肆伍陆柒捌玖拾佰仟零](?:[壹贰叁肆伍陆柒捌玖拾佰仟零万]+(?:元|圆)?|万|元|圆)"
)
# How often interest is settled, said as a clause (利息十天一结, 按季收息, 按旬计息, 月月付): its
# period is the period of a figure standing alone at the head of the words after it
_PERIOD_CLAUSE = lazy_compile(
    r"(?:利息|利钱|息)?(?:按|每)?(?P<p>天|日|周|星期|礼拜|旬|月|季度|季|两周|双周|半个月|半月"
    r"|(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,2})个?(?:天|日|礼拜|星期|周|月))"
    r"一?(?:结|算|收|计|付)(?:一次|一回)?(?:息|利息|利)?"
    r"|(?P<r>天天|日日|周周|月月|季季)(?:付|结|交|收|计)(?:息|利息)?"
    # 季度利率2%, 每十天利息两个点: a period the rule packs do not name, with the interest word
    r"|(?:每|按)?个?(?P<k>季度|季|旬|(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,2})个?(?:天|日|礼拜|星期|周))"
    r"的?(?:利息|利率|息|费率)"
)
_CLAUSE_HEAD = lazy_compile(
    r"(?:[，,：:\s]|每次|每回|每期|每一?个?(?:天|日|周|星期|礼拜|旬|月|季度|季)|一次|一回|都是|都|是|为|收|算|按|就|只要|才)+"
)
_FOLK_RE = lazy_compile(_FOLK)
_PERIOD_ANCHOR = lazy_compile(
    r"[结算收计付交](?:一次|一回)?(?:利息|息|利)?|(?P<kw>利息|利率|息|费率)"
)
_KW_PERIOD_END = frozenset("季旬度天日周拜期的")
_FIGURE_START = frozenset("0123456789.一二两三四五六七八九十零百千万")
# a limit the law or the lender's licence sets, not a price: the figure after it is a ceiling
_CAP_RE = lazy_compile(
    r"不得超过|不能超过|不可超过|不应超过|不得高于|不能高于|不允许超过|禁止超过|法定上限|上限为|上限是|利率上限"
    r"|(?:cannot|can't|can not|may not|must not|must never|are not allowed to|aren't allowed to|"
    r"is not allowed to|are not permitted to|(?:no|any) (?:lender|one|firm|company|licensed lender) (?:may|can|is allowed to))"
    r" (?:legally |lawfully |ever )?(?:charge|exceed|go above|go over|be more|be higher|be above)"
    r"|\bcaps? (?:[a-z]+ ){0,3}at\b|\bcapped at\b|legal (?:limit|maximum|cap|ceiling)|\bby law\b|not to exceed|may not exceed"
)
# session 43: a promotional period's months before a rate word (前三个月优惠利率1.66%，第四个月起2.95%,
# 首6个月利率1.5%): the 月 counts the months the rate runs, it is no month's rate (一个月利息 / 每个月 stay)
_PROMO_MONTHS = lazy_compile(
    r"(?:前|首|头|第)(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})个$", cached=False
)
# session 43: an instalment (月付 / 月供 / 每月还款: principal and interest together) in a message that states
# its annual rate is the loan's schedule, not a monthly price without an APR; a fee or interest in the quote,
# or a charge said to come on top (另 / 额外 / 加收), still warns
_INSTALMENT_ZH = lazy_compile(r"月付|月供|月缴|每月还款|每月应还|每期还款|每期应还", cached=False)
_PRICE_WORD_ZH = lazy_compile(r"费|息|利", cached=False)
_BESIDES_ZH = lazy_compile(r"另|额外|加收|外加|此外", cached=False)
# session 43: a rate changed to a new figure (由14.4%下调至10.8%, 从18%降到12%)
_CHANGED_TO = lazy_compile(
    r"下调至|下调到|降至|降到|降为|调整为|调整至|调至|调低至|下降至|上调至|调为|变为|改为",
    cached=False,
)
# session 43: a cap named right after the figure ("a 0.8% daily interest cap applies by law")
_CAP_AFTER = lazy_compile(r"\s*(?:cap|ceiling|limit|maximum)\b", cached=False)
# a period other than the month shortly before a folk figure read with the interest word
_FOLK_PERIOD_BEFORE = lazy_compile(r"(?P<y>年)|季|旬|天|日")
# after the figure: a count, a sum or an annual word makes it something else (两个点五年, 一分二年化)
_CLAUSE_TAIL_STOP = lazy_compile(r"[0-9零〇一二两三四五六七八九十百千万元块年]|的?年化")


_CLAUSE_PERIODS: dict[str, tuple[str | None, Decimal]] = {
    word: (kind, Decimal(n))
    for word, kind, n in (
        ("天", "daily", "1"),
        ("日", "daily", "1"),
        ("旬", "daily", "10"),
        ("周", "weekly", "1"),
        ("星期", "weekly", "1"),
        ("礼拜", "weekly", "1"),
        ("两周", "weekly", "2"),
        ("双周", "weekly", "2"),
        ("月", "monthly", "1"),
        ("季", "monthly", "3"),
        ("季度", "monthly", "3"),
        ("半个月", "monthly", "0.5"),
        ("半月", "monthly", "0.5"),
    )
}
_REPEATED_PERIOD = {"天天": "天", "日日": "日", "周周": "周", "月月": "月", "季季": "季"}


def _clause_period(word: str) -> tuple[str | None, Decimal]:
    """(kind, periods of that kind in it): 十天 -> daily 10, 季度 -> monthly 3, 半个月 -> monthly 0.5."""
    word = word.rstrip("结算收计付息利交").removeprefix("每").removeprefix("按").removeprefix("个")
    word = _REPEATED_PERIOD.get(word, word)
    if word in _CLAUSE_PERIODS:
        return _CLAUSE_PERIODS[word]
    unit = word.lstrip("0123456789一二两三四五六七八九十").lstrip("个")
    n = cn_number(word[: len(word) - len(unit)].rstrip("个"))
    if unit not in _CLAUSE_PERIODS or n is None or n <= 0:
        return None, Decimal(1)
    kind, per = _CLAUSE_PERIODS[unit]
    return kind, n * per


_CN_DIGITS = HANZI_DIGITS
_MONTHS_RE = lazy_compile(
    r"(?<!第)(?<![\d.])(?P<n>\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?:期|个月)"
    r"|(?<![\d.])(?P<m>\d{1,4})\s*-?\s*(?:months?|instal?l?ments?|monthly payments)(?![a-z])"
)

# Where a _MONTHS_RE match can start: a digit followed by digits, spaces, "-" and 期, 个
# (月) or m/i (months, instalments); a hanzi numeral followed by numerals, spaces and 期/个.
_MONTHS_START = lazy_compile(
    r"[\d一二两三四五六七八九十]"
    r"(?:(?<=\d)(?=\d*\s*-?\s*[期个mi])"
    r"|(?<=[一二两三四五六七八九十])(?=[一二两三四五六七八九十]*\s*[期个]))"
)


def _keyword(word: str) -> str:
    """A keyword as it appears in the light view: folded, single-spaced."""
    return " ".join(fold_light(word).split())


def cn_number(text: str) -> Decimal | None:
    """Arabic or simple Chinese numerals (五, 十五, 零点五, 0.5) as a Decimal."""
    text = text.replace("点", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    whole, _, frac = text.partition(".")
    if whole in ("", "十"):
        value = 10 if whole == "十" else 0
    elif "十" in whole:
        tens, _, units = whole.partition("十")
        if tens not in _CN_DIGITS and tens != "" or units and units not in _CN_DIGITS:
            return None
        value = _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0)
    elif all(c in _CN_DIGITS for c in whole):
        value = int("".join(str(_CN_DIGITS[c]) for c in whole))
    else:
        return None
    if frac:
        if not all(c in _CN_DIGITS or c.isdigit() for c in frac):
            return None
        digits = "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS else c for c in frac)
        return Decimal(f"{value}.{digits}")
    return Decimal(value)


def cn_int(text: str) -> Decimal | None:
    """Whole numbers in hanzi with 十/百/千/万 (六百, 两千五, 一千二百, 一万零二百) or digits."""
    if text.isdigit():
        return Decimal(text)
    if "万" in text:
        high, _, low = text.partition("万")
        wan = cn_int(high) if high else Decimal(1)
        if wan is None:
            return None
        if len(low) == 1 and low in _CN_DIGITS:
            return wan * 10000 + _CN_DIGITS[low] * 1000  # 两万五 = 25,000
        low = low.lstrip("零〇")
        rest = cn_int(low) if low else Decimal(0)
        return None if rest is None else wan * 10000 + rest
    total = 0
    digit = None
    units = {"十": 10, "百": 100, "千": 1000}
    last_unit = 1
    zero = False  # a 零 after the last unit: what follows is in the ones (五百零五 = 505)
    for c in text:
        if c in "零〇":
            zero = True
            digit = None
        elif c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in units:
            total += (1 if digit is None else digit) * units[c]
            last_unit = units[c]
            digit = None
            zero = False
        else:
            return None
    if digit is not None:
        # 两千五 = 2500: a trailing digit counts in the unit below the last one
        if zero:
            total += digit
        else:
            total += digit * (last_unit // 10 if last_unit >= 100 and len(text) > 1 else 1)
    return Decimal(total)


def _amount(m: re.Match[str], kind: str) -> Decimal | None:
    g = m.groupdict()
    if g.get("fen") is not None:
        return cn_number(g["fen"])
    if g.get("bare") is not None:
        return cn_number(g["bare"])  # 月息1.5: a percent, range-checked by the caller
    if g.get("wan") is not None:
        value = cn_number(g["wan"])
        return None if value is None else value / 100
    if g.get("qian") is not None:
        value = cn_number(g["qian"])
        return None if value is None else value / 10
    if g.get("cnum") is not None:
        if (g.get("cunit") or "").startswith("成"):
            tenths = Decimal("0.5") if g["cnum"] == "半" else cn_number(g["cnum"])
            if tenths is not None and g["cunit"].endswith("半"):
                tenths += Decimal("0.5")  # 一成半 = 15%
            return None if tenths is None else tenths * 10  # 一成 = 10%, 半成 = 5%
        value = cn_number(g["cnum"])  # 零点八个点 = 0.8%
        if value is not None and g.get("cunit") == "个半点":
            value += Decimal("0.5")  # 一个半点 = 1.5%
        if value is not None and g.get("ctail"):
            value += Decimal(_CN_DIGITS[g["ctail"]]) / 10  # 一个点二 = 1.2%
        return value
    if g.get("num") is not None:
        value = Decimal(g["num"])
        return value / 10 if g["unit"] == "‰" else value
    if g.get("frac") is not None:
        value = cn_number(g["fnum"])
        if value is None:
            return None
        return value / {"万": 100, "千": 10, "百": 1}[g["frac"]]
    if g.get("fknum") is not None:
        if kind not in ("monthly", "flat_monthly", "daily", "annual", "weekly"):
            return None
        value = cn_number(g["fknum"])
        if value is None:
            return None
        if g.get("fktail"):
            tail = Decimal(5) if g["fktail"] == "半" else cn_number(g["fktail"])
            value += (tail or Decimal(0)) / 10  # 一分二 = 1.2 分, 5厘5 = 5.5 厘, 两分半 = 2.5 分
        # 毫 is a tenth of a 厘 (日息五毫 = 0.005% a day)
        value = value if g["fkunit"] == "分" else value / (10 if g["fkunit"] == "厘" else 100)
        # The folk units scale with the period: 月息1分 = 1% a month, 日息1分 = 0.1% a day, so
        # 日息5厘 = 0.05% a day (万五, the market's daily figure; APR 18.25%).
        # 年息一分八 = 18% a year (年息1分 = 10%, 1厘 = 1%): an annual rate, which is itself the
        # disclosure (it covers 月息一分五 beside it) and never a quote to warn about
        if kind == "annual":
            return value * 10
        # 一个礼拜两分利 = 2% a week: a week's folk figure reads as a month's does
        return value / 10 if kind == "daily" else value
    return None


def quoted_months(light: str) -> int | None:
    """The loan term stated in the message (12期, 12个月, 十二期, 12 months), if any."""
    for m in _scan(_MONTHS_RE, _MONTHS_START, light):
        raw = m.group("n") or m.group("m")
        value = cn_number(raw)
        if value is not None and 1 <= value <= 600 and value == int(value):
            return int(value)
    return None


@lru_cache(maxsize=4096)
def annualise(kind: str, rate_pct: Decimal, months: int | None) -> tuple[Decimal, Decimal]:
    """(APR, effective annual rate) in percent, from the shared calculator (imported when a
    quote first needs it: ``loancs check`` on a message without one never loads it)."""
    from loancs.core.finance import quote_to_apr

    result = quote_to_apr(kind, rate_pct, months)
    return result.apr, result.effective_annual_rate


class RateQuote(Record):
    __slots__ = ("rule", "start", "end", "rate_pct", "kind", "months")
    __match_args__ = __slots__
    rule: Rule
    start: int  # original offsets
    end: int
    rate_pct: Decimal  # per period, in percent
    kind: str  # daily | monthly | flat_monthly
    months: int | None  # the term stated in the message, for flat fees

    def __init__(
        self,
        rule: Rule,
        start: int,
        end: int,
        rate_pct: Decimal,
        kind: str,
        months: int | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "rule", rule)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "rate_pct", rate_pct)
        _set(self, "kind", kind)
        _set(self, "months", months)


_BEFORE, _AFTER, _ANNUAL_BEFORE, _ANNUAL_AFTER, _PENALTY, _FEE = range(6)
_RATE_TAGS = (_BEFORE, _AFTER)
_ANNUAL_TAGS = (_ANNUAL_BEFORE, _ANNUAL_AFTER)
# A fee word next to a monthly figure makes it a flat fee on the original principal.
FEE_WORDS = (
    "手续费",
    "服务费",
    "管理费",
    "费率",
    "分期费",
    "账户管理费",
    "fee",
    "fees",
    "charge",
    "flat",
)
# 两分钱一块 (2 fen on each yuan): a percent per period, folk usage
_FEN = r"(?P<fen>[0-9一二两三四五六七八九])分钱(?:一块|每块|1块)钱?"
# 日息千一 (per mille, the folk daily figure beside 万五): 千 after no numeral, one digit (and a
# tenth) after it and no sum's unit, 千五 of 一千五 being 1,500 (session 32)
_QIAN = (
    r"(?<![0-9零〇一二两三四五六七八九十百千万])千(?P<qian>[一二两三四五六七八九](?:点[一二三四五六七八九])?)"
    r"(?![0-9零〇一二两三四五六七八九十百千万元块分钱])"
)
_AMOUNT_RE = lazy_compile(rf"{_PCT}|{_WAN}|{_QIAN}|{_FEN}")
# Where an _AMOUNT_RE match can start (derived from its alternatives' first characters: num
# \d, frac [万千百], cnum [零〇...十], wan 万, fen [0-9一...九]), with what must follow:
# a figure's digits, "." and spaces then a unit (%, ‰, p..., 个..., 趴) or 分 (钱); a hanzi
# numeral's run (with 点) then 个 or 分; 千/百 then 分之. The full alternation is tried only
# at these positions (one C scan finds them: the pattern starts with a character set).
_AMOUNT_START = lazy_compile(
    r"[\d万千百零〇一二两三四五六七八九十]"
    r"(?:(?<=\d)(?=[\d.]*\s*[%‰p个趴分])"
    r"|(?<=万)"
    r"|(?<=[千百])(?=分之)"
    r"|(?<=千)(?=[一二两三四五六七八九])"
    r"|(?<=[零〇一二两三四五六七八九十])(?=[零〇一二两三四五六七八九十点]*[个分])"
    r"|(?<=[一二两三])(?=成))"
    r"|半(?=成)"
)
_FOLK_AFTER_KW = lazy_compile(rf"{_FILLER}{{0,6}}{_FOLK}")
# 月利率嘛，看你资质，好的话五厘 / 每个月的利息，帮你争取到六厘: a 厘 figure later in the monthly
# keyword's sentence, across commas (no other figure, no penalty word between)
_FOLK_IN_SENTENCE = lazy_compile(rf"[^。！？!?;；\n%‰0-9分厘毫]{{1,16}}?{_FOLK}")
# a savings yield quoted as a rate (零钱通收益是万分之零点六一天, 余额宝七日年化): no loan's price
_SAVINGS = lazy_compile(r"收益|余额宝|零钱通|存款")
_FOLK_IN_SENTENCE_STOP = lazy_compile(r"罚|违约|逾期|滞纳|年|日|天|周|[?？吗]")
# ... and not in a sentence that asks, reports or tells the borrower's own loan
_FOLK_IN_SENTENCE_GUARD = lazy_compile(
    r"[?？吗]|别家|别人家|有人说|听说|据说|号称|声称|骗|高利贷|违法|非法|投诉|我借|我的|我那笔|我这笔"
    r"|是不是|算不算|合法"
)
# 利息一分五一个月: a folk figure after the interest word, its period after it (the rule's
# ``after`` keyword then pairs with it as with "1.5%一个月")
_FOLK_BEFORE_PERIOD = lazy_compile(
    rf"(?:利息|利率|息){_FILLER}{{0,2}}{_FOLK}"
    r"(?=\s*(?:一个月|每月|每个月|/月|一天|每天|每日|/天))"
)
# 三分利, 两分息, 一分五的利息, 八厘息: a folk figure before the interest word, no period named: the
# market's shorthand for a rate a month (the monthly rule reads it). Not 一分利息都不收 ("not a cent
# of interest"), nor 利用/利于/利好/利润 (十分利于 has no folk figure: 十 is not one).
_FOLK_THEN_INTEREST = lazy_compile(rf"{_FOLK}(?P<li>的?月?(?:利息|利|息))(?![用于好润益差])")
# 利钱一分二, 利息就一分五, 息口一分二 (Cantonese), 利息低至六厘: the interest word first, no period and no money after the figure
_INTEREST_THEN_FOLK = lazy_compile(
    rf"(?P<li>利钱|息钱|利息|息口)(?:是|就|才|只要|只|也就|算|按照|按|给你|给您|帮你|收你|收您|低至|低到|最低|仅需|仅|只需|降到|做到){{0,3}}{_FOLK}"
    r"(?![0-9一二三四五六七八九十百千万元块钱毛天日月周期年个])"
)
# ... and not in a sentence that asks, warns or tells the borrower's own loan ("这种三分利的贷款能借吗？",
# "三分利的高利贷千万别碰", "我借的是两分利"): the shorthand alone names no lender's offer.
_FOLK_GUARD = lazy_compile(
    r"[?？吗呢嘛]|高利贷|别碰|千万别|不要借|别借|小心|骗|违法|非法|投诉|报警|我借|我的|我之前|我以前|我那笔|我这笔"
    r"|他们说|听说|据说|别人说|有人说|说是|号称|声称|算高|算不算|是不是|合法|犯法"
)
# What each of the two folk forms needs, as patterns that start with a character set (the engine
# skips to those characters in C): the full forms are tried only where these hold, so ordinary
# text holding 利 or 息 pays two C scans, not a regex attempt at every position.
_FOLK_THEN_HINT = lazy_compile(r"[分厘毫][0-9一二三四五六七八九半]?的?月?[利息]")
_INTEREST_THEN_HINT = lazy_compile(r"[利息][钱息口]")
_FOLK_UNIT = lazy_compile(r"[分厘毫]")
_NO_CENT = lazy_compile(
    r"一分(?:的)?(?:利息|利|息)?(?:都|也|钱都|钱也)|[不没无零免](?:收|要|用|花|付|有)?[你您]?一分"
)
# 月息1.5 / 月息一点五 (no unit): read as a percent when it is a plausible rate for the period.
_BARE_AFTER_KW = lazy_compile(
    rf"{_FILLER}{{0,4}}(?P<bare>\d+(?:\.\d+)?|[零一二三四五六七八九]点[零一二三四五六七八九]{{1,3}})"
    # a unit or a counter after it: not a rate; nor a thousands group (每期约5,870元 is a sum:
    # session 40, the lead's Taiwanese service reply read as a 5% flat fee)
    r"(?![\d.%‰a-z\u3400-\u9fff]|,\d{3}(?!\d))"
)
_BARE_RANGE = {
    "monthly": (Decimal("0.2"), Decimal(5)),
    "flat_monthly": (Decimal("0.2"), Decimal(5)),
    "daily": (Decimal("0.01"), Decimal("0.5")),
    "weekly": (Decimal("0.1"), Decimal(3)),
}
_STOP = frozenset("，,。！？!?;；\n")
_BEFORE_REACH = 12  # light characters between a keyword and the figure after it
_AFTER_REACH = 12  # ... between a figure and the keyword after it ("1.8% interest monthly")
# spaces between two characters that are not Latin letters ("1 . 5 %", "日 息", "每 万元")
_SPACES_RE = lazy_compile(r"\s\s*")  # = \s+, but starting with a set: scanned for in C
_A_Z = frozenset("abcdefghijklmnopqrstuvwxyz")

_CN_NUMERAL = "零〇一二两三四五六七八九十百千"
_MONEY_ZH = lazy_compile(
    # (万元日息1.8元起 / 千元每天5毛: a sum with no count before a period word is "every")
    # (each branch opens with a character, so the engine scans for those in C)
    r"(?:(?P<every>每)(?P<eu>万元|万块|万|千元|千块|千|百元|百块)"
    r"|(?P<eu0>[万千]元)(?<![0-9零〇一二两三四五六七八九十百千万][万千]元)(?=日|每|一天|一日|月|/)"
    rf"|(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?|[{_CN_NUMERAL}]+)\s*(?:来|多)?"
    r"(?P<unit>万元|万块钱|万块|万|千元|千块钱|千块|千|元钱|元|块钱|块|蚊|毛钱|毛|角|分钱))"
    # 3元5毛, 两块五毛钱 = 3.5 / 2.5 yuan: the dimes said after the yuan
    r"(?:(?<=[元块蚊])(?P<jiao>[1-9一二两三四五六七八九])(?:毛钱|毛|角)"
    # (一天三块五 年化: 年化 after the tail starts no figure of its own)
    r"|(?P<tail>[一二三四五六七八九](?![0-9一二三四五六七八九十百千万元块蚊毛分期天月个周星次]|年(?!化))"
    # 2块5 = 2.5, 5毛5 = 0.55, 1万5 = 15,000 (spoken money typed with digits); a digit that
    # starts a figure of its own (元3个月, 块5%, 元1.5) is no tail
    r"|[1-9](?![0-9.%‰a-z一二三四五六七八九十百千万元块蚊毛分期天月个周星次号日笔折倍]|年(?!化))))?"
)
_MONEY_EN = lazy_compile(
    # (rand "R3,000", cedis "GH₵2,000", shillings "KSh 10,000", rupees "Rs 50", ringgit "RM500",
    # pesos "₱5,000", Singapore dollars "S$2,000": session 29)
    r"(?:[$£€₹₦₱₵]|(?<![a-z])(?:gh₵|ghs ?|ksh\.? ?|kes ?|rs\.? ?|inr ?|rm ?|php ?|r(?=[1-9])))\s?(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<k>k(?![a-z])|thousand)?"
    r"|(?P<num2>[0-9][0-9,]*(?:\.[0-9]+)?|\ba(?= )|\bone(?= ))\s*(?P<unit2>dollars?|cents?|pence|p|pounds?|euros?|yuan|rmb|bucks?"
    r"|rupees?|naira|ringgit|pesos?|shillings?|bob|rand|cedis?"
    # the hundredths of other currencies (session 39: "30 paise per hundred rupees", "40 sen per
    # RM100", "50 kobo per ₦100", pesewas, centavos)
    r"|paise|paisa|sen|kobo|pesewas?|centavos?)(?![a-z])"
)
_UNIT_VALUE: dict[str, Decimal] = {
    "万": Decimal(10000),
    "千": Decimal(1000),
    "百": Decimal(100),
    "元": Decimal(1),
    "块": Decimal(1),
    "蚊": Decimal(1),  # Cantonese: 三蚊 = 3 yuan (or dollars)
    "毛": Decimal("0.1"),
    "角": Decimal("0.1"),
    "分": Decimal("0.01"),
}
# 利息才80: a cost with no unit, read as yuan when the sum lent is stated
_COST_FIGURE = lazy_compile(
    # (借三万，每个月息九百: 息 alone after 月 is interest too)
    r"(?:利息|息费|息钱|利钱|息(?<=月息)|息(?<=月的息)|还息|付息|交息|收息|手续费|服务费|管理费|费用"
    # (用一个月，额外给九十: a sum paid on top of the loan)
    r"|额外给|额外付|额外交|多给|多还|多付|多交"
    # (借两万用一年，成本也就两千出头: the cost said as 成本; session 32)
    r"|成本|多出)(?:也就|也才|不过|才|只要|只需|仅需|仅|就|是|为|一共|总共|合计|共|约|大概|只有|只|不到|还不到)?"
    r"(?:收|要|给)?"  # (利息只收七千二, 利息才要六百; session 36; 利钱给六百, session 38)
    # (利息才1.6万: digits of ten thousands with no 元; session 37)
    r"(?P<num>[0-9]+(?:\.[0-9]+)?万|[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九][十百千][零〇一二两三四五六七八九十百]*"
    r"|[一二两三四五六七八九]万[零〇一二两三四五六七八九十百千]*)"
    r"(?![0-9.%‰万千百元块毛角分厘毫a-z个期天月年])"
)
# 每个月给八百的利息: a cost with no unit said before the interest word
_COST_BEFORE = lazy_compile(
    r"(?<![0-9.一二两三四五六七八九十百千万])(?P<num>[1-9][0-9]{1,5}|[一二两三四五六七八九][十百千][零〇一二两三四五六七八九十百]*)"
    r"的?(?:利息|息钱"
    # a fee named any way (每个月给一百八的使用费; session 30), not a bill or a spending
    r"|(?<![免消浪花话电水学经运路车油收期])[\u4e00-\u9fff]{1,3}(?<![免消浪花话电水学经运路车油收期])费(?!用途))",
    cached=False,
)
# the last character of _COST_BEFORE's figure (its fee branch: at most 的 and three hanzi before 费)
_COST_NUM_END = frozenset("0123456789一二两三四五六七八九十百千零〇")


def _cost_before_may(text: str) -> bool:
    """Whether _COST_BEFORE can match in ``text``: an interest word, or a 费 with a figure's last
    character 2-5 characters before it (a substring test and a look at each 费, not a scan at
    every position; the same answers)."""
    if "利息" in text or "息钱" in text:
        return True
    fee = text.find("费")
    while fee >= 0:
        if not _COST_NUM_END.isdisjoint(text[max(0, fee - 5) : max(0, fee - 1)]):
            return True
        fee = text.find("费", fee + 1)
    return False


# 借2000: the sum lent, with no unit (session 32: or handed over, 先拿三千 / 今天转你五千 / 先用两千,
# then a later sum repaid: 先拿一千走，月底回来还一千二; session 33: sent, 先打两千给你 / 转一千五过去 / 過數兩千)
_LENT_FIGURE = lazy_compile(
    # (我们先垫三千 / 垫付两千: an advance; session 40)
    r"(?:借|贷|借款|贷款|拿|先用|转你|转给你|放你|给你放|打|转|过数|下款|放款|垫|垫付|先垫)(?:了|个)?(?P<num>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{2,}"
    r"|[一二两三四五六七八九][十百千万][零〇一二两三四五六七八九十百千]*)"
    r"(?![0-9.%‰万千百元块毛角分])"
)
# 借一千块，下个月还一千零五十: the sum repaid, with no unit
_REPAID_FIGURE = lazy_compile(
    # (二十天后你打回三千三 / 三周后转回三千三: sent back later; session 40)
    r"(?:还|还款|还给你|要还|还我|还给我|后你?(?:转|打|汇)回|后你?(?:转|打|汇)(?=[0-9一二两三四五六七八九][^，,。]{0,8}给我们))(?:了|个)?(?P<num>[1-9][0-9]*万零?[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?|[1-9][0-9]{2,}(?:\.[0-9]+)?"
    r"|[一二两三四五六七八九][十百千万][零〇一二两三四五六七八九十百千]*)"
    # (还一千二百元: the figure ends where its hanzi end, not at 一千 backed off from 元)
    r"(?![0-9.%‰万千百元块毛角分零〇一二两三四五六七八九十])"
)
# "Borrow 10,000 and pay 150 a month in interest": English figures with no currency, read as
# money only in a sentence that names interest or a repayment (see RateDetector._money_quotes);
# a count of months, days or instalments, a percentage, an ordinal or a clock time is not money.
_BARE_EN = lazy_compile(
    # (not an ordinal said as "number 13" / "no. 13" / "#13": "im about to pay number 13"; session 40)
    r"(?<![0-9.$#])(?<![0-9],)(?<!number )(?<!no\. )(?<!no )(?P<num2>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)(?![0-9]|[.,][0-9])"
    r"(?P<k>\s?(?:k(?![a-z])|thousand))?"
    r"(?!\s*(?:%|percent|months?|days?|weeks?|fortnights?(?![a-z])|years?|yrs?|instal?lments?|payments?|periods?"
    # ("26 fortnightly payments of $110": a count of payments, not money; session 37)
    r"|(?:bi-?weekly|fortnightly|weekly|monthly) (?:payments|instal?lments|repayments)"
    r"|times|st\b|nd\b|rd\b|th\b|am\b|pm\b|a\.m|p\.m|:|/|-))"
)
# 每月还1100元, 每期本息888元, "repay 1,100 a month": an instalment (principal and interest), not the cost
_REPAYS_BEFORE = lazy_compile(
    r"(?:还|还款|要还|月供|本息|本金和利息|本金加利息|repay|repays|pay back|pays back|paying back"
    r"|instal?lments? of|payments? of)\s*"
    r"(?:了|只要|只需|才|就|约|大概|just |only |about )?\s*\$?$"
)
# "Borrow $200, owe $230 in two weeks": what is owed at the end is what is repaid (every
# alternative starts with a literal, so the regex engine scans for their first characters)
_PAYBACK_RE = lazy_compile(
    r"还|pay(?:s|ing)? (?:it |me |us |\$?[0-9][0-9,.]* )?back|repay|return|owe(?![a-z])"
    # "give us back £260 next Friday": the sum repaid, said with "give"
    r"|give (?:us |me |it )?back|hand (?:us |me |it )?back|send (?:us |me |it )?back|bring (?:us |me |it )?back"
    # "Send us R3,450 three weeks after we pay you R3,000", "you transfer £1,100 to us", "Pay us
    # $560 a fortnight after the $500 lands", 三周后转3300元给我们 / 二十天后你打回三千三: the later
    # sum sent to the lender is the sum repaid (session 40)
    r"|(?:send|transfer|pay|wire) us(?![a-z])|(?:transfer|send|wire|pay) (?:[^ ]+ ){1,2}to us(?![a-z])"
    r"|hand (?:it |us )?over|后你?(?:转|打|汇)(?:回|还)?"
    # "costs £1,120 in total", "total repayable £1,120": the sum repaid, not the cost
    r"|in total|total repayable|total amount repayable|total payable|total to repay"
    # "₹10,000 today, ₹11,200 back in 30 days": the sum repaid, said with "back"
    r"|[0-9] back (?:in|by|within|after|on|next)(?![a-z])"
    # "R3,000 today, settle R3,750 at month end", "₦50,000 now, pay ₦62,000 in three weeks",
    # "₱5,000 today, ₱6,000 after 30 days": a later sum, said with the time it falls due
    r"|settle|[0-9](?: (?:naira|rand|cedis|shillings?|pesos?|rupees?|ringgit|dollars?|pounds?|bucks|quid))?"
    r" (?:in|after|within) (?:[0-9]+|a|one|two|three|four|five|six|seven|eight|ten"
    r"|fourteen|thirty) (?:days?|weeks?|months?)(?![a-z])"
    r"|[0-9]k? (?:at|by) (?:month end|month-end|(?:the )?end of (?:the |this |next )?month)"
)
_EN_COST_RE = lazy_compile(
    r"interest|pay(?:s|ing)? (?:it |me |us |\$?[0-9][0-9,.]* )?back|repay|owe(?![a-z])"
    # "Borrow 1k and hand back 1.2k": the sum repaid, said with "give" or "hand"
    r"|give (?:us |me |it )?back|hand (?:us |me |it )?back|bring (?:us |me |it )?back|[0-9] back (?:in|by|within|after|on|next)(?![a-z])"
    # "a fiver a day on top", "100 pounds extra at the end of the month": a cost
    r"|on top(?![a-z])|extra(?![a-z])|costs?(?![a-z])"
    # "a score a week till you clear it": a sum each period until the loan is repaid
    r"|(?:till|until) (?:you clear|you pay it off|it's paid|it is paid|it's cleared)"
    # "Borrow 5k today, 6.2k by the end of next month": the later sum, when it falls due
    r"|[0-9]k? (?:at|by) (?:month end|month-end|(?:the )?end of (?:the |this |next )?month)"
)
# "50 bucks a month on every 1000", "a tenner a week on every 100 you borrow": the sum lent as "every N"
_EN_EVERY = lazy_compile(
    # (session 44: a lettered dollar, "every C$100", "per NZ$50", "each S$200")
    r"(?:every|each|per) (?:(?:c|a|s|nz|us|hk|au|ca)?[$£€₹₦])?[0-9]|on [$£€₹₦]?[1-9](?:[0-9]{2}|[0-9]{0,2},[0-9]{3})"
)
# a cost said after the sum repaid ("pay back 100 pounds extra"): not an instalment
_EXTRA_AFTER = lazy_compile(r"\s*(?:extra|on top|more|in interest)(?![a-z])")
# A rate keyword composed of a period, an optional qualifier and a rate word
# (月综合费率, 日平均利率, 每期实际费率): kind by the period, a fee word making it flat.
_COMPOSED_KW = lazy_compile(
    r"(?P<p>每日|每天|日|天|每个月|每月|月|每周|周|每期)"
    r"(?:综合|实际|名义|平均|参考|最低|优惠|标准|基础|执行|合同)"
    r"(?P<w>利率|费率|利息|息费|息|成本|费用|费)"
)
# 每两周 / "every two weeks" / fortnightly (a payday loan's usual period): a rate or fee per two
# weeks is half of it a week ("A 10% fee every two weeks" is APR about 260%, not 520%); 每半个月 /
# "twice a month": per half month. Read before the weekly keywords ("双周利率", "bi-weekly").
_TWO_WEEKS = (
    # ("each fortnightly payday", "per biweekly pay cycle": the pay cycle's own two weeks; s39)
    r"(?:each|every|per|on|a) (?:fortnightly|bi-?weekly|two-weekly) pay ?(?:days?|cycles?|periods?)|"
    r"每(?:隔|满)?(?:两|二|2)个?(?:周|星期|礼拜)|双周|每隔一周|隔周|每14天|每十四天|"
    r"every 14 days|every fourteen days|two-week loans?|2-week loans?|"
    r"every two weeks|every 2 weeks|every other week|every two-week period|each two-week period"
    r"|per two-week period|every fortnight|each fortnight|per fortnight|a fortnight|for the fortnight|fortnightly"
    r"|bi-?weekly|two-week period|2-week period"
)
_HALF_MONTH = r"每半个月|每半月|twice a month|semi-?monthly"
# a quarter's rate ("3.5% per quarter", a third of it a month) and a rate paid on a weekday ("2%
# every Friday", weekly): English periods no rate keyword names (session 36)
_QUARTER_EN = (
    r"per quarter|a quarter(?![a-z]| of)|every quarter|each quarter|quarterly|every three months"
    r"|every 3 months|per three months"
    # (借款每季度收取本金3%的服务费: the Chinese quarter, a fee or rate with its figure; session 38)
    r"|每个?季度|每一个季度|按季度?(?=收|计|付|结)"
)
_WEEKDAY_EN = r"(?:every|each|on) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
# a pay cycle of no stated length ("2.5% per pay cycle", "every payday you hand back 8%"): a month,
# or two weeks where the sums are dollars (US pay cycles), as a payday loan's term (session 39)
_PAY_CYCLE_EN = (
    r"(?:per|each|every|a|on every|on each) pay ?(?:days?|cycles?|periods?|checks?|cheques?)"
    # (每次发工资那天还利息 / 每个发薪日: the Chinese pay day, a month)
    r"|(?:every|each) time your (?:wages?|salary|pay) (?:lands?|arrives?|comes? in|hits?)"
    r"|每次发工资|发工资(?:那天|的时候|当天|那日)|每个?发薪日|每次工资到账|工资到账(?:那天|当天|后)"
    # ("Whenever your salary comes in", "Each time you get paid", "On the day your wages hit",
    # 工资一到账 / 每逢发薪 / 薪水进账那天: the pay day said as an event; session 40)
    r"|(?:(?:every|each) time|whenever|when|(?:on )?the day) (?:you (?:get|are|'re) paid"
    r"|your (?:wages?|salary|pay|paycheck|pay cheque|payslip) (?:lands?|arrives?|comes? (?:in|through)|hits?"
    r"|drops?|clears?|goes in|is paid))"
    r"|(?:每次|每逢|每当)(?:发工资|发薪水?|发薪资|(?:工资|薪水|薪资)(?:到账|进账|到手))"
    r"|(?:发工资|发薪水?|发薪资|(?:工资|薪水|薪资)一?(?:到账|进账|到手))(?:那天|的时候|当天|那日|时)"
    r"|(?:工资|薪水|薪资)一(?:到账|进账|到手)"
)
# ... and, for a percentage beyond a keyword's reach of its period word with a loan named in its
# sentence ("We add 2% to your balance every week", "Borrowing costs 3% every two months"), the
# English week, month, two months and day (session 37)
_WEEK_EN = r"every (?:single )?week|each week|a week|per week|weekly"
_MONTH_EN = r"every (?:single |calendar )?month|each (?:calendar )?month|a month|per (?:calendar )?month|monthly"
_TWO_MONTHS_EN = r"every two months|every 2 months|every other month"
_DAY_EN = r"every (?:single )?day|each day|a day|per day|daily"
# ... a span of days ("3% every 30 days", "every sixty days we add 5%", "9% for the whole 90 days":
# a term's percent is its days' price): a Nth of it a day (session 38)
_DAYS_EN = (
    r"(?:(?:every|each|per) |for (?:the )?(?:whole|full|entire) )(?P<dn>[1-9][0-9]{0,2}"
    r"|seven|ten|fourteen|fifteen|twenty|twenty-one|twenty-eight|thirty|forty-five|sixty|ninety)[ -]days?"
    # ("Fourteen days, 5%": the term opening the sentence, its percent after a comma; session 39)
    r"|(?:(?<=^)|(?<=[.!?] ))(?P<dn3>[1-9][0-9]{0,2}|seven|ten|fourteen|fifteen|twenty|twenty-one"
    r"|twenty-eight|thirty|forty-five|sixty|ninety)[ -]days?(?=, ?(?:just |only )?[0-9a-z])"
    # ("It's 9% for the full 90 days, that's all", "the whole sixty days", "a 90-day loan": the
    # loan's whole term named, its percent the price of those days; session 40)
    r"|(?:the |a |an |your )?(?:whole|full|entire|complete) (?P<dn4>[1-9][0-9]{0,2}|seven|ten|fourteen"
    r"|fifteen|twenty|twenty-one|twenty-eight|thirty|forty-five|sixty|ninety)[ -]days?"
    r"|(?:a|an|the|your|this) (?P<dn5>[1-9][0-9]{0,2}|seven|ten|fourteen|fifteen|twenty|twenty-one"
    r"|twenty-eight|thirty|forty-five|sixty|ninety)-day (?:loan|advance|term|plan|credit)"
    # ("Keep it the full two months and we take 8% once", "Hold the cash three months; 2.5% once",
    # "Two months, 7% on top", "a 3-month loan": the whole term in months; session 41)
    r"|(?:the |a |an |your )?(?:whole|full|entire|complete) (?P<dm>[1-6]|two|three|four|five|six) months?"
    r"|(?:keep|hold|use|have) (?:it|the (?:cash|money|loan|funds)) (?:for )?(?P<dm2>[1-6]|two|three|four"
    r"|five|six) months?"
    r"|(?:(?<=^)|(?<=[.!?] ))(?P<dm3>[1-6]|two|three|four|five|six) months?(?=, ?(?:just |only )?[0-9a-z]| and [0-9a-z])"
    r"|(?:a|an|the|your|this) (?P<dm4>[1-6]|two|three|four|five|six)-month (?:loan|advance|term|plan|credit)"
    r"|(?:a|an|the|your|this) (?P<dw>[1-8]|two|three|four|five|six|seven|eight)-week (?:loan|advance|term|plan|credit)"
    # ("Ninety days and 10% extra": the bare-term opening joined by "and"; session 41)
    r"|(?:(?<=^)|(?<=[.!?] ))(?P<dn6>[1-9][0-9]{0,2}|seven|ten|fourteen|fifteen|twenty|twenty-one"
    r"|twenty-eight|thirty|forty-five|sixty|ninety)[ -]days? and (?=[0-9a-z])"
)
# ... and the Chinese span of days (每隔二十天收一次息，每次3%; 每满三十天，按借款的百分之三; 三十天为一
# 期，一期利息3%: session 39)
_DAYS_ZH = (
    r"每(?:隔|满)?(?!一[天日])(?P<zn>[1-9][0-9]{0,2}|[二两三四五六七八九十]{1,3}|一[十百]?[0-9一二三四五六七八九十]{0,2})"
    r"[天日](?![后内])"
    r"|(?<![0-9零〇一二两三四五六七八九十])(?P<zn2>[1-9][0-9]{0,2}|[一二两三四五六七八九十]{1,3})[天日]为一期"
    # (整整六十天只收8% / 用满四十五天，总共收百分之七 / 九十天的借款期: the whole term; session 40)
    r"|(?:整整|用满|借满|用足|借足|满|整期|用(?=[0-9一二两三四五六七八九十]{1,4}[天日][，,]?(?:总共|一共|合计|总计)))(?P<zn3>[1-9][0-9]{0,2}|[二两三四五六七八九十]{1,3}|一[十百][0-9一二三四五六七八九十]{0,2})[天日](?![后内])"
    r"|(?<![0-9零〇一二两三四五六七八九十])(?P<zn4>[1-9][0-9]{0,2}|[二两三四五六七八九十]{1,3}|一[十百][0-9一二三四五六七八九十]{0,2})"
    r"[天日]的?(?:借款期|借期|期限|周期|账期|借款)"
    r"|(?:借款期|借期|期限|账期)为?(?P<zn5>[1-9][0-9]{0,2}|[二两三四五六七八九十]{1,3}|一[十百][0-9一二三四五六七八九十]{0,2})[天日]"
    # (借满两个月，一次性收百分之七 / 两个月为期 / 借款三个月，一次性收取服务费: the whole term in
    # months; session 41)
    r"|(?:整整|用满|借满|用足|借足|满)(?P<zm>[1-6]|[两二三四五六])个月(?![后内])"
    r"|(?<![0-9零〇一二两三四五六七八九十])(?P<zm2>[1-6]|[两二三四五六])个月(?:为期|为限|的借款期|的借期|期限)"
    r"|(?:借款|借期|期限|为期)(?P<zm3>[1-6]|[两二三四五六])个月(?![后内])"
    r"|(?<![0-9零〇一二两三四五六七八九十])(?P<zw>[1-8]|[两二三四五六七八])个?(?:礼拜|星期|周)(?:为限|为期)"
)
_DAYS_WORDS_MONTHS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "两": 2, "二": 2}
_DAYS_WORDS_MONTHS |= {"三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "seven": 7, "eight": 8}
# a bare term's price said after it ("Ninety days, 10% on top, that's the whole deal"; session 41)
_TERM_PRICE_EN = lazy_compile(
    r"on top|extra(?![a-z])|(?<![a-z])once(?![a-z])|all in(?![a-z])|the whole deal|that's all"
    r"|that's it|that's everything|we're square|your lot",
    cached=False,
)
_DAYS_WORDS = {"seven": 7, "ten": 10, "fourteen": 14, "fifteen": 15, "twenty": 20}
_DAYS_WORDS |= {"twenty-one": 21, "twenty-eight": 28, "thirty": 30, "forty-five": 45}
_DAYS_WORDS |= {"sixty": 60, "ninety": 90, "forty-five": 45}
_BIWEEKLY = lazy_compile(
    rf"(?P<b>{_TWO_WEEKS})|(?P<h>{_HALF_MONTH})|(?P<q>{_QUARTER_EN})|(?P<f>{_WEEKDAY_EN})"
    rf"|(?P<w>{_WEEK_EN})|(?P<m>{_TWO_MONTHS_EN}|{_MONTH_EN})|(?P<d>{_DAY_EN})|(?P<n>{_DAYS_EN}|{_DAYS_ZH})"
    rf"|(?P<pc>{_PAY_CYCLE_EN})"
)
# a loan named in the sentence: a bare rate a period is its price ("It's just 2.5% every fortnight
# on whatever you borrow", "We add 2% to your balance every week")
_PAID_EN = lazy_compile(
    # ("for every 21 days you keep the money": the sum lent held; session 39)
    r"borrow|loan|lend|owe(?![a-z])|balance|you pay|cost|(?:keep|have|hold|use) (?:the|our) (?:money|cash|funds)"
    r"|(?:cash|money|funds) (?:is|are) yours|(?:cash|money|funds) in your (?:account|bank|hand|wallet)",
    cached=False,
)
# ... and not a change, a return or a count over a whole term ("Sales grew 9% over the full 90
# days", 整整六十天涨了8%, 存满九十天收益3%)
_NOT_A_PRICE_TERM = lazy_compile(
    r"(?<![a-z])(?:gr[eo]w|gain|climb|jump|up by|down by|return|yield|interest rate fell|profit|growth"
    r"|attendance|response|completion|occupancy)"
    r"|涨|跌|增长|下降|上升|收益|回报|存|理财|完成率|出勤",
    cached=False,
)
_LENDER_PRICE = lazy_compile(
    r"\bwe (?:charge|add|take|deduct|keep|collect|skim|bill)\b|interest|\b(?:the|our) (?:price|cost|charge|fee) is\b",
    cached=False,
)
_LOAN_CONTEXT = lazy_compile(r"borrow|loan|lend|owe(?![a-z])|(?:on|to|of) (?:the|your) balance")
# ... but not a saving, a repayment or a change of something else ("Your loan balance drops by
# 2% every month", "pay off 5% of the loan every month", "savings earn 1% a month")
_NOT_A_PRICE_EN = lazy_compile(
    # (each word from its start: "went" is not in "twenty-eight days"; session 39)
    r"(?<![a-z])(?:sav(?:e|ing)|earn|deposit|drop|fall|fell|reduc|lower|cut|decreas|rise|rose|increase|went|gone|pay (?:off|down|back)"
    r"|repay|(?<!balance )of (?:the|your) (?:loan|balance)|cashback|discount|off (?:the|your)|income"
    # (not the pay day that times a price: "every time your wages land we take 6%"; session 39)
    r"|(?:salary|wages?)(?![a-z])(?! (?:lands?|arrives?|comes? (?:in|through)|hits?|drops?|clears?))|raise)"
)
# a span of days, months or half a year (每三十天收三百, 每半年结一次息, 两个礼拜结一次息, "every 30
# days"): the cost a day, a month or a fortnight of it (session 38)
_SPAN_PERIOD = lazy_compile(
    r"每隔?(?P<d>[1-9][0-9]{0,2}|[一二两三四五六七八九十]{1,3})(?:天|日)(?!后|内)"
    r"|每隔?(?P<m>[2-9]|1[0-2]|[两二三四五六七八九]|十[一二]?)个月"
    r"|(?P<h>每半年|半年(?:一结|结一次|付一次|收一次|一付|一收))"
    r"|(?<![0-9一二三四五六七八九十])(?P<w>两|二|2)个?(?:周|星期|礼拜)(?=一?[结付收算])"
    r"|every (?P<e>[1-9][0-9]{0,2}|thirty|sixty|ninety|forty-five) days",
    cached=False,
)
_PERIODS = (
    ("span", _SPAN_PERIOD),
    # first, so that a tie with "weekly" in "bi-weekly" goes to it
    ("biweekly", lazy_compile(_TWO_WEEKS)),
    ("semimonthly", lazy_compile(_HALF_MONTH)),
    (
        "daily",
        lazy_compile(
            r"每天|一天|每日|一日|/天|/日|日息|日利|日费|按日计|\ba day\b|per day|each day|every day|daily"
        ),
    ),
    (
        "monthly",
        lazy_compile(
            r"每月|每个月|一个月|下个月|下月|月底|月末|月尾|/月|(?<![个两三四五六七八九十\d])月(?:息|利|付)|月供|30天后|三十天后"
            r"|\ba month\b|per month|each month|every month|monthly|next month|in 30 days|30 days later"
            r"|end of the month|end of this month|end of month|month end|month-end|for the month|for a month"
        ),
    ),
    ("flat_monthly", lazy_compile(r"每期|per instal?lment|each instal?lment|per period")),
    # interest a year in yuan (借二十万，每年光利息一万二): read as a twelfth a month (session 30)
    # (or its cost in a year: 一年下来，每一万块的成本不到一千二, 借一万用满一年 — session 31)
    (
        "yearly",
        lazy_compile(
            r"每年|每一年|一整?年(?:光|的|下来|算下来)?(?:利息|息|成本|费用)|一整?年(?:算)?下来|[用借](?:满)?一整?年"
            # ("Over a full year the interest on a £5,000 loan is only £900"; session 36)
            r"|a year's (?:interest|cost)|(?:over|for|in) a (?:full |whole )?year(?![a-z])|per year"
            r"|each year|every year|per annum"
        ),
    ),
    # interest a quarter in yuan (贷款二十万，每个季度付息六千): a third of it a month (session 36)
    (
        "quarterly",
        lazy_compile(
            r"每个?季度?|一个?季度|按季|every quarter|per quarter|each quarter|a quarter(?! of)|quarterly"
        ),
    ),
    (
        "weekly",
        # 下周五还 / "pay back $230 next Friday": a day of next week is about a week off
        lazy_compile(
            r"每周|一周|每星期|每个星期|下周|下下周|下星期|下个星期|下礼拜|下个礼拜|一个星期|一星期|一个礼拜|一礼拜|每个礼拜"
            # (session 33: a day of this week, 礼拜六你还一千八)
            r"|(?<![每下])(?:周|星期|礼拜)[一二三四五六日天]"
            r"|每礼拜|\ba week\b|per week|each week"
            r"|every (?:single )?week|weekly|next week|for the week|for a week|next (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        ),
    ),
)
_PRICE_RE = lazy_compile(r"利息|利率|息|费|interest|rate|fee|charge")
# 一万块一天也就两块八, 一万蚊一日先至两蚊几, 五千块一个月一百: a sum, its period at once, then a
# small sum (or a bare figure: 一个月一百八) is money per principal per period, a price said with
# no 借 or 息. (it opens with the sum's unit, a character class the engine scans for in C; a
# lookbehind after the period's first character cost +3% instructions a check)
_SUM_PERIOD_COST = lazy_compile(
    r"[万千元块蚊钱](?:一天|一日|每天|每日|一个月|每个月|每月|一月)"
    r"(?:的?(?:利钱|利息|息钱|息|成本|费用|钱))?(?:才|也就|也才|就|只要|只需|先至|仅需|仅|只|不过|大概|约|都"
    r"|收你|收|要你|要)*"  # (一百块一个月收你两块; session 32)
    r"(?P<num>[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*)"
    # (a unit, a particle or the clause's end after it: 一天只要一杯奶茶钱 holds no sum)
    r"(?=[块元蚊毛角钱多来左的就而都也，,。！？!?；;\s]|$)"
)
# 先息后本，每个月交一千二: the sum each month of an interest-only loan is its interest
_INTEREST_ONLY_ZH = lazy_compile(
    r"先息后本|按月付息|每月付息|按月还息|每月还息|只还利息|只付利息|只还息|只付息|只交息|按季付息|每季付息"
    # (每季度结一次息，四千五: interest settled each period, its sum in the next words; session 37)
    r"|[结付收交]一[次回]息|[结付收交]一[次回]利息"
)
# 按月付息，每月六百: the bare figure a month of an interest-only loan
_PERIOD_FIGURE_ZH = lazy_compile(
    r"(?:每月|每个月|每期|一个月|月月|每季|每个季度|一[次回]息[，,]|一[次回]利息[，,]|每次是?|每回是?|一[次回](?=收)|(?<=[万千元块])收)"
    r"(?:只需|只要|就|才|要|需|都|每次|每回)?(?:还|交|付|给|收)?(?:只需|只要|就|才)?"
    r"(?P<num>[1-9][0-9]{1,5}(?:\.[0-9]+)?|[一二两三四五六七八九][十百千][零〇一二两三四五六七八九十百]*)"
    r"(?![0-9.%‰万千百元块毛角分厘毫a-z个期天月年])"
)
# 多还三百, 额外给一千: the sum after it is a cost paid on top, not the instalment
_EXTRA_BEFORE_ZH = lazy_compile(
    r"(?:多|额外|另外)(?:还|给|付|交|出)(?:了|个)?(?:只要|只需|才|就|约|大概)?$"
)
_BIWEEKLY_REACH = 40
# A question about the rate, in the quote's own sentence: "月息一分二算高吗？", "年化是多少？",
# "How much is a 10% fee every two weeks as an APR?" (a pitch put as a question, "Want a loan
# at only 2% a month?", asks nothing about the rate and still warns)
_RATE_QUESTION = lazy_compile(
    r"多少|算高|算贵|高不高|贵不贵|高吗|贵吗|合法吗|合理吗|划算吗|正常吗|怎么算|怎么换算|折合年化|年化是"
    r"|太高|偏高|太贵|偏贵|高了|贵了|合不合法|合不合理|正不正常|算不算高|算不算贵"
    # whether a fee comes on top (每个月千分之六的手续费是不是另算？)
    r"|是不是另|另算|另收|另外收|还要收|也要收|收不收|包不包括|包含在内|算在里面|算在内|怎么回事|什么费"
    # whether a loan at that rate is safe to take (网上那种月息一分五的贷款靠谱吗？)
    r"|靠谱吗|靠不靠谱|正规吗|正不正规|可靠吗|安全吗|能借吗|能不能借|可信吗|高利贷吗|算高利贷|是高利贷"
    # what it means or comes to a year (日利率0.03%是什么意思？, 折成年化是几多？, 月息还是年息？)
    r"|什么意思|啥意思|咩意思|几多|几高|点计|点样计|折成|折算|换算|年化利率是|年利率是|还是年"
    # two figures compared (日息万五和月息一分五有什么区别？, 年化18%和月息1.5%是一个意思吗; session 33)
    r"|区别|不一样|有何不同|什么不同|啥不同|哪个高|哪个低|哪个贵|哪个便宜|哪个划算|哪个合算|哪个更|一个意思|一回事|差多少"
    r"|how much|how high|what is|what's|what does|is that|is this|is it (?:high|legal|normal|fair)"
    r"|too high|as an apr|in apr|the apr\b|\bmean\b|come to|work out|or (?:per |a )?(?:year|annual)"
    # which a figure is: "Is 4% a month the interest or the fee?"
    r"|\bor (?:the |a |an )?(?:fee|fees|interest|rate|charge|charges|apr|total)\b"
)
# 不算高吧？, 很划算吧？: a tag question that sells the rate (the seller answers it himself)
_RHETORICAL = lazy_compile(
    r"不算高吧|不高吧|不算贵吧|不贵吧|划算吧|便宜吧|很低吧|够低吧|不算多吧|不多吧|良心吧"
    # (跟不要钱有什么区别？: the seller's comparison with free answers itself; session 33)
    r"|(?:不要钱|免费|白送|白给|白拿|白用|白借|没利息)(?:有|没有|冇)?(?:什么|啥|咩)?(?:区别|两样|差别|不同)"
)
# "Is a rate of 1.75% monthly high?", "Are these fees legal?": a yes/no question about the rate's
# level (not "Isn't 1.5% a month a great deal?", which sells it)
_LEVEL_QUESTION = lazy_compile(
    r"(?i)(?:is|are|would|does|do)\b.*\b(?:high|legal|normal|fair|expensive|reasonable|steep|too much"
    r"|a lot|usurious|allowed|standard|typical|good|competitive|cheap|low)\b"
)
# where a sentence ends for _asked: a full stop in either script (the English one before a blank)
# the next sentence asks for the annual figure ("年化是多少？", "What's the APR?"), not "What's stopping you?"
_ANNUAL_ASKED = lazy_compile(
    r"年化|年利率|年息|一年|\bapr\b|annual|a year|per year|yearly|per annum"
)
# the asker works the yearly figure out and checks it (session 30): 一年就是24%吗, 年化算下来是不是超过36%了
_CHECKS_ANNUAL = lazy_compile(
    r"就是|是不是|相当于|等于|算下来|算起来|折合|超过|超出|不到|对不对|对吗|没错吧|有没有",
    cached=False,
)
# a sentence that opens by repeating what the agent or an advert said
_CUSTOMER_VOICE = lazy_compile(
    r"\s*(?:so,? )?(?:you (?:mentioned|said|quoted|told me|wrote)|your (?:ad|advert|agent|website|text|message)"
    r" (?:says|said)|the (?:ad|advert|agent) (?:says|said)"
    # the borrower tells what happened to them, then asks: "Borrowed $500, they want $575 back
    # next payday. Is that even legal??"
    r"|(?:i )?borrowed |i took (?:out )?|they (?:want|say|said|told me|charge|charged|asked for) "
    r"|你说|你们说|你刚才说|你刚说|你话|你哋话|广告上说|广告说)"
)
_SENTENCE_STOP = lazy_compile(r"[。！!？?;；\n]|\.(?=\s|$)")
_BIWEEKLY_LIMIT = Decimal(20)  # percent per period: above it, no loan price
_COST_RE = lazy_compile(
    # (利钱: the folk word for interest; 每个月额外给一千 / 多还三百: a sum paid on top is a cost)
    r"利息|息|费|利钱|额外|多还|多给|多付|多交|多出|成本"
    r"|interest|fee|charge|on top(?![a-z])|extra(?![a-z])|costs?(?![a-z])"
    r"|(?:till|until) (?:you clear|you pay it off|it's paid|it is paid|it's cleared)"
    # (Taglish: "₱450 ang tubo kada buwan", "patong", "interes"; session 50)
    r"|(?<![a-z])(?:tubo|patong|interes)(?![a-z])"
)
# 总利息约696元 / "total interest £696": a total over the term, not a cost a period
_TOTAL_COST = lazy_compile(
    r"(?:总利息|利息总额|利息合计|利息共计|利息一共|利息总共|总共利息|一共利息|总成本|总费用"
    r"|total interest|interest in total|total cost of credit|total charge for credit|total cost)"
    r"(?:约|大约|为|是|共|合计|仅|只有|of|is|:|：|,|，|\s)*(?:about |around |approximately |approx\.? )?$"
)
# 借一万，三个月后还一万零六百 / "repay $1,080 in two months": a cost over a counted term (read only
# when the sentence names no single period): the rate per period is the cost over the count.
_TERM_ZH = lazy_compile(
    r"(?<![第每])(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3}|半)\s*(?P<u>个月|个星期|星期|周|天|日(?=后|内|之后|以后|之内)|期|年)"
    r"(?![前])"
)
_TERM_EN = lazy_compile(
    r"\b(?:(?P<w>in|after|over|for|within|across)\s+(?:just\s+|only\s+)?(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve)\s+(?P<u>months?|weeks?|days?)\b"
    r"|(?P<n2>\d{1,3})-(?P<u2>month|week|day)\b"
    # "pay back $880 two weeks later"
    r"|\b(?P<n3>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<u3>months?|weeks?|days?)\s+(?:later|after (?:we|i|you|the|your))\b"
    # "across 4 fortnightly payments", "over 6 monthly instalments": repayments counted
    r"|\b(?:over|across|in)\s+(?P<n4>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<u4>fortnightly|bi-?weekly|weekly|monthly)\s+(?:payments|instalments|installments|repayments)\b)"
)
_TERM_MAX = {"monthly": 36, "daily": 366, "weekly": 52}
# 分60期 / 共24期 / 60期: a count of instalments (a sum each of them repays is the instalment)
_ZH_INSTALMENTS = lazy_compile(
    r"(?<![第0-9一二两三四五六七八九十])(?P<n>[1-9][0-9]{0,2}|[一二两三四五六七八九十]{1,3})期(?![间限内])",
    cached=False,
)
_TERM_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_TERM_WORDS["one"] = 1  # ("give back KSh 11,500 after one month"; session 39)
_TERM_WORDS |= {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# "A 0.6% service fee is charged each month", 0.5%的服务费按月收取: a fee figure whose period
# stands further on in its sentence than a rate keyword's reach; one-off fees are not periodic.
_FEE_PERIOD = lazy_compile(
    r"(?:(?P<m>每月|每个月|按月|月付|每期|(?<!第)一期|按期|月月|each month|every month|per month|a month|monthly"
    r"|each instal?lment|every instal?lment|per instal?lment)"
    r"|(?P<d>每天|每日|按日|按天|天天|each day|every day|per day|a day|daily)"
    # (零利率购车，每年仅收3%的手续费，分36期: a flat fee on the principal each year)
    r"|(?P<y>每年|每一年|按年收|按年计))(?![a-z])"
)
_ONE_OFF = lazy_compile(
    r"一次性|只收一次|仅收一次|首期|前期|开户|upfront|up-front|one-time|one-off|once|origination|setup|set-up"
)
# the period word starts a repayment or a statement (每月还本金, 每月账单), not the fee's period
_PERIOD_OF_OTHER = lazy_compile(r"\s*(?:还|账单|月供|供款|repay|statement|bill)")
# in a later clause, the period must come with a charging verb (服务费0.45%，按月扣收)
_CHARGE_VERB = lazy_compile(r"收|扣|计|付|交|charg|bill|deduct|payable|due|appl|taken|levied")
_CLAUSE_MARKS = frozenset("，,：:、")
_PERIOD_WORD = lazy_compile(r"日|天|周|星期|月|期|年|day|daily|week|month|year|annual|/d|/w|/m")
_FEE_PERIOD_REACH = 60
_BORROW_RE = lazy_compile(r"借|贷|本金|垫|用(?:一|1)?(?:天|日|个月)|就能用|能用上|borrow|loan")
_FEE_RE = lazy_compile(r"手续费|服务费|管理费|fee|charge")
# "we charge 2.5% a month": charge as the lender's verb prices the loan, a rate, not a fee ("a
# monthly charge of 2.5%", "a flat 2.5%" are fees; session 37)
_CHARGE_VERB_BEFORE = lazy_compile(
    r"(?:we|they|i|you|lenders?|will|'ll|to|also|only|just|currently|usually|normally|who|which"
    r"|that|can|may|might|and|then|would|'d)\s$"
    # interest is charged (at), interest charged: the verb of the interest, no fee (session 38)
    r"|interest (?:is |gets |will be |)$"
)


def _charge_verb(text: str, start: int, end: int) -> bool:
    return (
        text[start:end] == "charge"
        and _CHARGE_VERB_BEFORE.search(text, max(0, start - 12), start) is not None
        # ("we charge one and a half points monthly, flat": a flat fee said after)
        and "flat" not in text[start : _sentence_of(text, start, end)[1]]
    )


def _fee_named(text: str, start: int, end: int) -> bool:
    """A fee word in text[start:end], charge as a verb not counted."""
    return any(
        not _charge_verb(text, m.start(), m.end()) for m in _FEE_RE.finditer(text, start, end)
    )


_SENTENCE_RE = lazy_compile(r"[^。！？!?;；\n]+")
_LIMITS = {
    "daily": Decimal("0.5"),
    "weekly": Decimal("3.5"),
    "monthly": Decimal(10),
    "flat_monthly": Decimal(10),
}
# A cost worked out from sums of money (借2000，7天后还2100: 0.71% a day; "$15 for every $100,
# repaid in two weeks": 7.5% a week) is money arithmetic, not a figure that might be a count or
# a date, so it may go far above the caps of a quoted percentage: the very short, very expensive
# loans are the quotes whose APR most needs stating (hundreds of percent, far above any lawful
# rate). A cost above these is no loan price (借一万，下周还两万 is a repayment of something else).
_MONEY_LIMITS = {
    "daily": Decimal(3),
    "weekly": Decimal(20),
    "monthly": Decimal(30),
    "flat_monthly": Decimal(20),
    "biweekly": Decimal(40),
    "semimonthly": Decimal(15),
}
# (each alternative is a literal, so the regex engine scans for their first characters: a
# character class such as [0-9]p costs the scan that fast path, 8x slower on a 300-character
# message; "15p a day" without a "£" is found by its "p a day")
_MONEY_HINT = lazy_compile(
    r"元|块|蚊|毛|角|\$|£|€|₹|₦|₱|₵|dollar|cent|yuan|rmb|buck|pence|pound|euro|rupee|naira|ringgit|peso|shilling"
    r"|ksh|kes [0-9]|inr|php [0-9]|rs\.|rs [1-9]|rm[1-9]|rm [1-9]|r[1-9]"
    r"|p a day|p per|p for every|p a week|p a month|p each"
)
# (一千拿去用 / 拿两万走 / 五万用一个月 / 两万块放你那儿用: a sum handed over, said with no 借)
# session 47 (precision): the customer's own statement (a balance still owed) and a day of a month said
# beside a bare figure: neither is money of a price
_REMAINING_PRINCIPAL_ZH = lazy_compile(
    r"剩余本金|剩下的?本金|余下的?本金|未还本金|待还本金|剩余未还", cached=False
)
_MONTH_NAMES_EN = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
_DATE_AFTER_EN = lazy_compile(r"\s?" + _MONTH_NAMES_EN + r"(?![a-z])", cached=False)
_DATE_BEFORE_EN = lazy_compile(r"(?<![a-z])" + _MONTH_NAMES_EN + r"\s$", cached=False)
_PRINCIPAL_RE = lazy_compile(
    r"借|贷|本金|额度|borrow|loan|拿去|拿[^，,。！？!?;；]{1,8}走|用一个月|用一整?年|放你那"
    # (给你拿八万 / 十五万放你手里 / 五万打到你卡上 / 先给你周转: a sum put in the borrower's
    # hands, said with no 借; session 37)
    r"|放你|给你拿|给你用|先给你|打到你|转到你|打你卡|你拿去|你先用|你用着|你拿着"
)
# An agent's service figures (session 39): a sum computed for the borrower's own case is no price.
# Its INCOME (月收入约9,000元, "your income is £2,000") is not a sum lent or a cost; a span of
# days LATE (逾期2天, "4 days overdue", "late by 5 days") is the lateness a penalty's amount is
# for, not a price's period; a CEILING on a repayment (月还款不宜超过两万元, "repayments of no
# more than £400") is an affordability limit, not an instalment's cost.
_INCOME_BEFORE = lazy_compile(
    r"(?:收入|工资|月薪|年薪|薪水|薪资|流水|到手工资|income|salary|earnings|earn|wages?|take-home(?: pay)?)"
    r"[^，,。；;!?！？0-9还借贷付交息费利]{0,10}$",  # (月收入约 / 流水显示每月约 / "is about")
    cached=False,
)
_AFFORD_ADVICE = lazy_compile(
    r"不宜|建议|为宜|最好|负担|afford|should(?![a-z])|recommend|advise|budget", cached=False
)
_CAP_MONEY_AFTER = lazy_compile(
    r"\s*(?:[$£€₹₦₱₵]|rm ?[0-9]|r[0-9]|ksh|kes|s\$|[0-9][0-9,.]*\s?(?:元|块|dollars|pounds|euros|rand))",
    cached=False,
)
_CAP_WORD_ZH = lazy_compile(r"不超过|不会超过|最多|顶多|封顶|最高|上限", cached=False)
_INCOME_SAID = lazy_compile(
    r"收入|工资|月薪|年薪|薪水|薪资|流水|income|salary|earn|wage|take-home", cached=False
)
_INCOME_AFTER = lazy_compile(
    r"(?:元|块|块钱)?的?(?:月|每月)?(?:工资|收入|薪水|薪资|月薪|流水)|\s?(?:a month |a year )?in (?:wages|salary|income)",
    cached=False,
)
_LATE_BEFORE = lazy_compile(
    r"(?:逾期|超期|延期|迟还|晚还|拖欠|拖了|晚了|过期|已过|late by|overdue by|behind by)(?:了|已经|\s)*$",
    cached=False,
)
_LATE_AFTER = lazy_compile(r"\s*(?:late|overdue|past due|in arrears|behind)(?![a-z])", cached=False)
_CEILING_BEFORE = lazy_compile(
    r"(?:还款|月供|供款|每期还|每月还|repayments?|payments?|instal?lments?)[^，,。；;!?！？]{0,6}?"
    r"(?:不宜超过|不得超过|不能超过|不要超过|不超过|不高于|不多于|最多|最高|上限为?|封顶"
    r"|at most|no more than|not more than|no higher than|capped at|a maximum of|max(?:imum)?)"
    r"(?:约|大约|大概|是|为|\s)*$"
    # (每月最多还一千 / 每个月顶多还 / "At most $1,000 per month", "never pay over $800 a month": the
    # cap said before the verb or opening the sentence; the schedule reader prices it; session 41)
    r"|(?:每个?月|月|每期)(?:最多|顶多|最高|至多)(?:只)?(?:还|付|交|供)(?:款)?$"
    r"|(?:^|[,.;:] ?|(?:pay|repay|owe) )(?:at most|no more than|never more than|not more than)\s?$"
    r"|(?:never|won't ever|will never) (?:pay |be )?(?:over|more than)\s?$",
    cached=False,
)


def _late_span(body: str, start: int, end: int) -> bool:
    """逾期2天 / "4 days overdue" / "late by 5 days": the days counted are days late."""
    return (
        _LATE_BEFORE.search(body, max(0, start - 8), start) is not None
        or _LATE_AFTER.match(body, end) is not None
    )


_HANZI_RUN = lazy_compile(r"[零〇一二两三四五六七八九十百千万]+")
_COUNTED = frozenset("天日月周年个星礼期次号倍折成分点%")


_SPELLED_WORD = "|".join(
    [
        *_EN_UNITS,
        *_EN_TENS,
        "hundred",
        "thousand",
        "grand",
        "point",
        "and",
        "a",
        "half",
        "quarters?",
    ]
)
# "one point two percent", "five thousand", "two cents per hundred dollars": figures in words
_SPELLED_RE = lazy_compile(rf"\b(?:{_SPELLED_WORD})(?:[ -](?:{_SPELLED_WORD}))*\b")
_SLANG_HINTS = ("quid", "tenner", "fiver", "a ton ", "a score ", "a pony ", "a monkey")
_SPELLED_HINTS = (
    *_SLANG_HINTS,
    "percent",
    "per cent",
    "thousand",
    "hundred",
    " point ",
    " points",
    "cents",
    "grand",
    "bucks",
    " of 1",
    "pence",
    "pounds",
    "dollars",
    "tieth",  # (a twentieth of the loan; session 39)
    "tenth",
    "hundredth",
)
# "any of these words is in the text" as one pass of sre: faster than a ``str.__contains__``
# per word (an ASCII word is widened to the text's width on each test)
_SPELLED_HINT_RE = lazy_compile("|".join(map(re.escape, _SPELLED_HINTS)))
_SLANG_HINT_RE = lazy_compile("|".join(map(re.escape, _SLANG_HINTS)))
_SPELLED_FRACTIONS = (
    (["and", "a", "half"], Decimal("0.5")),
    (["and", "a", "quarter"], Decimal("0.25")),
    (["and", "three", "quarters"], Decimal("0.75")),
)
# what may follow a lone number word for it to be read as a figure ("two percent", "one buck")
_SPELLED_UNIT = lazy_compile(
    r" ?(?:%|percent|per cent|dollars?|cents?|bucks?|yuan|k\b|pence\b|pounds?\b|euros?\b"
    # (session 45: a sum in words in the borrower's currency, "three rupees a day per thousand")
    r"|rupees?\b|naira\b|rand\b|shillings?\b|bob\b|cedis?\b|pesos?\b|ringgit\b|kwacha\b|taka\b|baht\b"
    r"|dirhams?\b|quid\b|paise\b|kobo\b)"
)


def _spelled_value(words: list[str]) -> Decimal | None:
    """The value of a run of English number words (five thousand, one point two, a hundred)."""
    total = current = 0
    half = seen = False
    tail = Decimal(0)
    for phrase, value in _SPELLED_FRACTIONS:
        if len(words) > len(phrase) and words[-len(phrase) :] == phrase:
            words, tail = words[: -len(phrase)], value  # one and a quarter = 1.25
            break
    for i, w in enumerate(words):
        if w in _EN_UNITS:
            current += _EN_UNITS[w]
            seen = True
        elif w in _EN_TENS:
            current += _EN_TENS[w]
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
            seen = True
        elif w in ("thousand", "grand"):
            total += (current or 1) * 1000
            current = 0
            seen = True
        elif w == "half":
            half = True
        elif w == "point":
            digits = words[i + 1 :]
            if not seen or not digits or any(_EN_UNITS.get(d, 10) > 9 for d in digits):
                return None
            return Decimal(f"{total + current}.{''.join(str(_EN_UNITS[d]) for d in digits)}")
    if not seen and not half:
        return None
    return Decimal(total + current) + (Decimal("0.5") if half else 0) + tail


# "a tenth of a percent", "a quarter of one per cent": a fraction of a percent in words
# ("half of one percent", "three quarters of a percent", "two tenths of 1%": the count may be left out)
# "half a percent", "a quarter percent", "half a per cent": the "of" may be left out too (not
# the tail of "one and a half percent", which reads as a whole figure)
_FRACTION_OF = lazy_compile(
    r"(?<!and )(?<!and a )\b(?:(?P<n>a|one|two|three|four|five|six|seven|eight|nine)[ -])?"
    r"(?P<f>tenth|fifth|quarter|half|hundredth)s?"
    r"(?: of (?:a|one|1) ?| a | )(?=per ?cent(?![a-z])|%)"
    # "a twentieth of the amount you borrow", "a tenth of the loan": a share of the sum lent, as
    # its percent (the shares a price is said in, not a quarter or a half; session 39)
    r"|\b(?P<ln>a|one)[ -](?P<lf>tenth|twentieth|fiftieth|hundredth)(?= of (?:the|your|what|each|every) )"
)
_FRACTION_VALUE = {
    "tenth": Decimal("0.1"),
    "fifth": Decimal("0.2"),
    "quarter": Decimal("0.25"),
    "half": Decimal("0.5"),
    "hundredth": Decimal("0.01"),
}
_FRACTION_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_FRACTION_COUNT["nine"] = 9
_LOAN_SHARE = {"tenth": "10%", "twentieth": "5%", "fiftieth": "2%", "hundredth": "1%"}


def _fraction_figure(m: re.Match[str]) -> str:
    if m.group("lf"):
        return _LOAN_SHARE[m.group("lf")]
    return f"{_FRACTION_VALUE[m.group('f')] * _FRACTION_COUNT.get(m.group('n'), 1)} "


def _substitute(
    text: str, cmap: list[int], subs: Iterable[tuple[int, int, str]]
) -> tuple[str, list[int]]:
    """``text`` with each (start, end) span replaced by its figure, in order; each character
    of a figure maps to the span it replaces (its first to the span's start, the rest to its
    last character)."""
    out: list[str] = []
    index: list[int] = []
    last = 0
    for start, end, figure in subs:
        out.append(text[last:start])
        index.extend(cmap[last:start])
        out.append(figure)
        index.extend([cmap[start]] + [cmap[end - 1]] * (len(figure) - 1))
        last = end
    if not out:
        return text, cmap
    out.append(text[last:])
    index.extend(cmap[last:])
    return "".join(out), index


def _spell_fractions(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    return _substitute(
        text,
        cmap,
        ((m.start(), m.end(), _fraction_figure(m)) for m in _FRACTION_OF.finditer(text)),
    )


def _spelled_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _SPELLED_RE.finditer(text):
        words = m.group().replace("-", " ").split()
        start, end = m.start(), m.end()
        # "a"/"and" only inside a figure (a hundred, one and a half), not around it
        while words and (
            words[0] == "and"
            or words[0] == "a"
            and words[1:2] not in (["hundred"], ["thousand"], ["grand"], ["half"])
        ):
            start += len(words.pop(0)) + 1
        while words and words[-1] in ("and", "a", "point"):
            end -= len(words.pop()) + 1
        if not words or start >= end:
            continue
        if (
            len(words) == 1
            and _EN_UNITS.get(words[0], 99) <= 10
            and not _SPELLED_UNIT.match(text, end)
        ):
            continue  # "no one", "one of our plans": a lone small word with no unit is not a figure
        value = _spelled_value(words)
        if value is None:
            continue
        if words[0] in _MULTIPLIERS and (lead := _FIGURE_BEFORE.search(text, 0, start)):
            # "10 grand", "2.5 thousand": the figure before the word is what it multiplies
            # (read alone, "grand" was 1,000 and "borrow 10 grand for 2 bucks a day" 0.2% a day)
            figure = Decimal(lead.group(1).replace(",", ""))
            start, value = lead.start(), figure * value
        yield start, end, str(value)


_MULTIPLIERS = ("grand", "thousand", "hundred")
# a figure in digits ending just before a spelled multiplier ("10 ", "2.5 ", "1,5"), not a
# part of a longer token ("v2 grand", "10.")
_FIGURE_BEFORE = lazy_compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?) ?$")


# British money slang: "30 quid", "a tenner", "a fiver", "a ton extra" (100 pounds, only before a cost word)
_SLANG_RE = lazy_compile(
    r"(?<![a-z])(?:(?:a|one) )?(?P<s>tenner|fiver)(?![a-z])|(?<=[0-9a-z] )quid(?![a-z])|(?<=[0-9])quid(?![a-z])"
    r"|(?<![a-z])a ton(?= (?:extra|on top|more|in interest|interest|a (?:day|week|month)))"
    r"|(?<![a-z])a (?:score|pony)(?= (?:extra|on top|in interest|interest|a (?:day|week|month)))"
    r"|(?<=take |lend )a monkey(?![a-z])|(?<=borrow )a monkey(?![a-z])|(?<=lend you )a monkey(?![a-z])"
)
_SLANG_VALUE = {
    "tenner": "10 pounds",
    "fiver": "5 pounds",
    "quid": "pounds",
    "a ton": "100 pounds",
    "a score": "20 pounds",
    "a pony": "25 pounds",
    "a monkey": "500 pounds",
}


def _spell_slang(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    return _substitute(
        text,
        cmap,
        (
            (m.start(), m.end(), _SLANG_VALUE[m.group("s") or m.group()])
            for m in _SLANG_RE.finditer(text)
        ),
    )


# yuexi 1 fen 5, rixi wan 5, yue lilv 2%: a rate keyword typed in pinyin (with digits), read as
# the hanzi it stands for, and the units after it within the keyword's reach. Session 30: the
# figure may be typed in pinyin too (ri li xi wan wu, zhou xi san ge dian, li xi yi tian wan si),
# and a day, week or month may name the period (yi tian, mei yue).
_PINYIN_KEY = lazy_compile(
    r"\b(?P<k>yue|ri|zhou)\s?(?:(?:li\s?)?xi|li\s?lv|li\s?lu)\b"
    # session 33: hanzi and pinyin mixed in the keyword (日xi千一, 月li率1.5%, yue息一分二)
    r"|(?<=[日月周])(?P<h>li\s?xi|xi|li\s?lv|li\s?lu|li(?=率))(?![a-z])|(?<![a-z])(?P<q>yue|ri|zhou)(?=[息利])"
    r"|\b(?P<i>li\s?xi)\b|\b(?P<a>nian\s?(?:hua|li\s?lv|xi))\b|\b(?P<e>mei|yi)\s?(?P<p>tian|ri|yue|zhou)\b(?=\s?(?:wan|[0-9]|(?:yi|er|liang|san|si|wu|liu|qi|ba|jiu|shi|ban)\b))",
    cached=False,
)
_PINYIN_KEYWORD = {"yue": "月息", "ri": "日息", "zhou": "周息"}
_PINYIN_PERIOD = {"tian": "天", "ri": "日", "yue": "月", "zhou": "周"}
_PINYIN_HALF = {"xi": "息", "lixi": "利息", "lilv": "利率", "lilu": "利率", "li": "利"}
_PINYIN_NUMBER = {
    "yi": "一", "er": "二", "liang": "两", "san": "三", "si": "四", "wu": "五", "liu": "六",
    "qi": "七", "ba": "八", "jiu": "九", "shi": "十", "ban": "半", "wan": "万", "fen": "分",
    "li": "厘", "ge": "个", "dian": "点",
}  # fmt: skip
_PINYIN_UNIT = lazy_compile(
    r"\b(?P<n>[0-9]+(?:\.[0-9]+)?)\s?(?P<u>fen|li)\b(?:\s?(?P<t>[0-9])\b)?|\bwan\s?(?P<w>[0-9]+)\b"
    # a figure in pinyin syllables (wan wu, san ge dian, yi fen wu): at least one number word
    r"|(?P<s>(?:(?:yi|er|liang|san|si|wu|liu|qi|ba|jiu|shi|ban|wan|fen|li|ge|dian)\b\s?)+)",
    cached=False,
)


# a figure divided by the days of a year: the annual rate in a formula (18%÷360, 15%/365, 除以365)
_DIVIDED_BY_YEAR = lazy_compile(r"\s?(?:÷|/|除以|除)\s?(?:360|365|366)(?![0-9])", cached=False)


def _pinyin_hint(text: str) -> bool:
    return (
        "xi" in text
        or "li率" in text  # (月li率1.5%; session 33)
        or "lv" in text
        or "lu" in text
        or "tian" in text
        or "yue" in text
        or "zhou" in text
    )


def _pinyin_spans(text: str) -> Iterator[tuple[int, int, str]]:
    last = 0
    for key in _PINYIN_KEY.finditer(text):
        if key.start() < last:
            continue
        if key.group("h") or key.group("q"):
            # a half in pinyin beside a half in hanzi: that half, the figure after read as typed
            h = key.group("h")
            if h:
                yield key.start(), key.end(), _PINYIN_HALF[h.replace(" ", "")]
            else:
                yield key.start(), key.end(), _PINYIN_PERIOD[key.group("q")]
            last = key.end()
            continue
        if key.group("k"):
            yield key.start(), key.end(), _PINYIN_KEYWORD[key.group("k")]
        elif key.group("i") or key.group("a"):
            # a plain keyword: the period or the figure after it is read on its own
            yield key.start(), key.end(), "利息" if key.group("i") else "年化"
            last = key.end()
            continue
        else:
            head = "每" if key.group("e") == "mei" else "一"
            yield key.start(), key.end(), head + _PINYIN_PERIOD[key.group("p")]
        last = key.end()
        for m in _PINYIN_UNIT.finditer(text, last, min(len(text), last + 24)):
            if m.group("s"):
                if text[last : m.start()].strip():
                    break  # a figure in syllables follows the keyword, nothing between
                words = m.group("s").split()
                if not any(
                    w in _PINYIN_NUMBER and w not in ("fen", "li", "ge", "dian") for w in words
                ):
                    break
                end = m.start("s") + len(m.group("s").rstrip())
                yield m.start(), end, "".join(_PINYIN_NUMBER[w] for w in words)
                last = end
                break
            if m.group("w"):
                yield m.start(), m.end(), "万" + m.group("w")
            else:
                unit = "分" if m.group("u") == "fen" else "厘"
                yield m.start(), m.end(), m.group("n") + unit + (m.group("t") or "")
            last = m.end()


def _spell_figures(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    """Figures written in words read as digits, each digit mapped to the words it replaces."""
    if _SLANG_HINT_RE.search(text):
        text, cmap = _spell_slang(text, cmap)
    if (
        " of a " in text
        or " of one " in text
        or " of 1" in text
        or "half" in text
        or "quarter" in text
        or "tieth" in text
        or "tenth" in text
        or "hundredth" in text
    ):
        text, cmap = _spell_fractions(text, cmap)
    return _substitute(text, cmap, _spelled_spans(text))


def _compact(light: str) -> tuple[str, list[int]]:
    """Close up spaces inside numbers ("1 . 5 %"), remembering light indices: every run of
    whitespace between two characters that are neither whitespace nor a-z."""
    if " " not in light:
        return light, list(range(len(light)))
    out: list[str] = []
    index: list[int] = []
    last = 0
    size = len(light)
    for m in _SPACES_RE.finditer(light):
        start, end = m.span()
        if start == 0 or end == size or light[start - 1] in _A_Z or light[end] in _A_Z:
            continue
        out.append(light[last:start])
        index.extend(range(last, start))
        last = end
    out.append(light[last:])
    index.extend(range(last, size))
    return "".join(out), index


def _scan(full: LazyPattern, starts: LazyPattern, text: str) -> Iterator[re.Match[str]]:
    """``full.finditer(text)`` for a pattern whose matches are never empty, trying it only
    where ``starts`` (a superset of the positions where a match can begin) finds one."""
    pos = 0
    search, match = starts.search, full.match
    while (start := search(text, pos)) is not None:
        m = match(text, start.start())
        if m is None:
            pos = start.start() + 1
        else:
            yield m
            pos = m.end()


def _figure(raw: str) -> Decimal | None:
    """A figure with no unit: digits (commas allowed) or a hanzi count."""
    raw = raw.replace(",", "")
    if raw[0].isdigit() and raw.endswith("万") and raw[:-1].replace(".", "", 1).isdigit():
        return Decimal(raw[:-1]) * 10000  # (1.6万: digits of ten thousands)
    return Decimal(raw) if raw[0].isdigit() and "万" not in raw else cn_int(raw)


def _add_bare_figures(
    pattern: LazyPattern, body: str, money: list[tuple[int, int, Decimal]]
) -> None:
    """Append each figure ``pattern`` finds (its group "num") that no sum in ``money`` holds yet."""
    for m in pattern.finditer(body):
        s0, e0 = m.span("num")
        if not any(s <= s0 < e for s, e, _ in money):
            figure = _figure(m.group("num"))
            if figure is not None:
                money.append((s0, e0, figure))


def _money_value(m: re.Match[str]) -> Decimal | None:
    if "every" in m.re.groupindex:
        if m.group("every"):
            return Decimal(_UNIT_VALUE[m.group("eu")[0]])
        if m.group("eu0"):
            return Decimal(_UNIT_VALUE[m.group("eu0")[0]])
        raw = m.group("num").replace(",", "")
        value = cn_int(raw) if not raw[0].isdigit() else Decimal(raw)
        if value is None:
            return None
        unit = m.group("unit")
        value *= _UNIT_VALUE[unit[0]]
        jiao = m.group("jiao")
        if jiao:
            value += (_CN_DIGITS[jiao] if jiao in _CN_DIGITS else int(jiao)) * Decimal("0.1")
        tail = m.group("tail")
        if tail:
            # 三块五 = 3.5, 五毛五 = 0.55, 一万五 = 15,000, 两千五 = 2,500
            # (a digit after 万块钱/千元 starts the next phrase: 一万块钱一个月)
            if unit in ("万", "千"):
                step = _UNIT_VALUE[unit] / 10
            elif unit[0] in "万千":
                step = Decimal(0)
            else:
                step = Decimal("0.1") if unit[0] in "元块" else Decimal("0.01")
            value += (_CN_DIGITS[tail] if tail in _CN_DIGITS else int(tail)) * step
        return value
    if "unit2" not in m.re.groupindex:  # _BARE_EN
        value = Decimal(m.group("num2").replace(",", ""))
        return value * 1000 if m.group("k") else value
    if m.group("num") is not None:
        value = Decimal(m.group("num").replace(",", ""))
        return value * 1000 if m.group("k") else value
    raw = m.group("num2")
    value = Decimal(1) if raw in ("a", "one") else Decimal(raw.replace(",", ""))
    unit = m.group("unit2")
    hundredth = unit.startswith(("cent", "paise", "paisa", "pesewa")) or unit in ("p", "pence")
    return value / 100 if hundredth or unit in ("sen", "kobo") else value


class RateDetector:
    """Finds undisclosed rate quotes for the rate-quote rules of one rule set.

    One Aho-Corasick pass over the light view finds every keyword (quote keywords, annual
    disclosure words, penalty and fee words); figures are paired with the nearest keyword in
    their clause.
    """

    def __init__(self, rules: Iterable[Rule], terms: Mapping[str, tuple[str, ...]]) -> None:
        self._rules = list(rules)
        self._by_kind: dict[tuple[str, str], int] = {}
        table: dict[str, list[tuple[int, int]]] = {}

        def add(word: str, tag: int, index: int) -> None:
            key = _keyword(word)
            if key and (tag, index) not in table.setdefault(key, []):
                table[key].append((tag, index))

        for index, rule in enumerate(self._rules):
            lang = "zh" if any(_cjk(c) for w in (*rule.patterns, *rule.after) for c in w) else "en"
            self._by_kind.setdefault((rule.quote_kind or "monthly", lang), index)
            for word in rule.patterns:
                add(word, _BEFORE, index)
            for word in rule.after:
                add(word, _AFTER, index)
        for tag, name in (
            (_ANNUAL_BEFORE, "annual_before"),
            (_ANNUAL_AFTER, "annual_after"),
            (_PENALTY, "penalty"),
        ):
            for word in terms.get(name, ()):
                add(word, tag, -1)
        for word in FEE_WORDS:
            add(word, _FEE, -1)
        self._automaton: ahocorasick.Automaton | None = None
        if self._rules and table:
            self._automaton = ahocorasick.Automaton()
            for key, values in table.items():
                self._automaton.add_word(key, (len(key), tuple(values)))
            self._automaton.make_automaton()

    def _rule_for(self, kind: str, lang: str, fallback: int) -> int:
        return self._by_kind.get((kind, lang), self._by_kind.get((kind, "zh"), fallback))

    def find(self, norm: Normalized, *, every: bool = False) -> list[RateQuote]:
        """Undisclosed quotes in the message (``every``: each quote it states, asked about,
        reported or beside its own APR too: see read_rates)."""
        if self._automaton is None:
            return []
        light = norm.light
        spelled = _SPELLED_HINT_RE.search(light) is not None
        if (
            not spelled
            and not any(
                w in light
                for w in ("分之", "万", "厘", "毫", "分", "毛", "块", "元", "点", "千", "百", "成")
            )
            and not has_digit(light)
            and not (_pinyin_hint(light) and _PINYIN_KEY.search(light))
        ):
            return []
        text, cmap = _compact(light)
        if "俩" in text or "仨" in text:
            # 借俩千 / 仨个点: the spoken two and three (one character each: the offsets stay)
            text = text.translate(_SPOKEN_NUMERALS)
        if _CAPITAL_RUN.search(text):
            text = _CAPITAL_RUN.sub(lambda m: m.group().translate(_CAPITAL_NUMERALS), text)
        if spelled:
            text, cmap = _spell_figures(text, cmap)
        if _pinyin_hint(text) and _PINYIN_KEY.search(text):
            text, cmap = _substitute(text, cmap, _pinyin_spans(text))
            if " " in text:  # close up the spaces the pinyin left between hanzi (利息 每月 两分)
                text, closed = _compact(text)
                cmap = [cmap[i] for i in closed]
        keywords: list[tuple[int, int, int, int]] = []  # start, end, tag, rule index
        for last, (length, values) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if _bounded(text, start, end) and not _period_noun(text, start, end):
                if text[start] == "月" and _PROMO_MONTHS.search(text, max(0, start - 6), start):
                    continue  # 前三个月优惠利率1.66%: the first months' rate, not a month's rate
                keywords.extend((start, end, tag, index) for tag, index in values)
        for m in _COMPOSED_KW.finditer(text):
            period, word = m.group("p"), m.group("w")
            if period == "月" and _PROMO_MONTHS.search(text, max(0, m.start() - 6), m.start()):
                continue
            if period == "每期":
                kind = "flat_monthly"
            elif "月" in period:
                kind = "flat_monthly" if "费" in word or word == "成本" else "monthly"
            else:
                kind = "weekly" if "周" in period else "daily"
            rule_index = self._rule_for(kind, "zh", -1)
            if rule_index >= 0:
                keywords.append((m.start(), m.end(), _BEFORE, rule_index))
        found: list[tuple[int, int, int, Decimal, str]] = []  # start, end, rule, pct, kind
        terms: dict[tuple[int, int], int] = {}  # a money quote's span -> its instalments
        disclosures: list[tuple[int, int, Decimal]] = []
        figures = [(m.start(), m.end(), m) for m in _scan(_AMOUNT_RE, _AMOUNT_START, text)]
        if "息" in text or "利率" in text:
            figures.extend(
                (m.start("fknum"), m.end(), m) for m in _FOLK_BEFORE_PERIOD.finditer(text)
            )
        if figures and ("多" in text or "额外" in text):
            # 用一个月，月底多还两成 / 额外给百分之五: a share paid on top of the sum lent is the
            # price, the period the one its sentence names nearest (session 39)
            for a_start, a_end, _m in figures:
                extra = _EXTRA_SHARE.search(text, max(0, a_start - 6), a_start)
                if extra is None or any(k[0] <= extra.start() < k[1] for k in keywords):
                    continue
                extra_kind = _sentence_period(text, a_start, a_end)
                extra_index = self._rule_for(extra_kind, "zh", -1) if extra_kind else -1
                if extra_index >= 0:
                    keywords.append((extra.start(), extra.end(), _BEFORE, extra_index))
        if figures and ("利" in text or "息" in text):
            # 按三个点的利走 / 收半成的息 / 一个礼拜两个点的利: the interest word after a share is
            # its keyword, the period the one its sentence names nearest (session 39)
            for a_start, a_end, _m in figures:
                li = _SHARE_INTEREST.match(text, a_end)
                if li is None or any(k[0] <= li.start() < k[1] for k in keywords):
                    continue
                share_kind = _sentence_period(text, a_start, a_end)
                share_index = self._rule_for(share_kind, "zh", -1) if share_kind else -1
                if share_index >= 0:
                    keywords.append((li.start(), li.end(), _AFTER, share_index))
        if "利" in text or "息" in text:
            monthly = self._rule_for("monthly", "zh", -1)
            folks: list[tuple[re.Match[str], bool]] = []
            if monthly >= 0 and _FOLK_THEN_HINT.search(text):
                folks += [(m, True) for m in _FOLK_THEN_INTEREST.finditer(text)]
            if monthly >= 0 and _INTEREST_THEN_HINT.search(text) and _FOLK_UNIT.search(text):
                folks += [(m, False) for m in _INTEREST_THEN_FOLK.finditer(text)]
            for m, first in folks:
                if _NO_CENT.search(text, max(0, m.start() - 4), m.end() + 3):
                    continue
                begin = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
                stops = [i for i in (text.find(c, m.end()) for c in _CLAUSE_END) if i >= 0]
                if not every and _FOLK_GUARD.search(
                    text, begin, min(stops, default=len(text) - 1) + 1
                ):
                    continue
                named = _FOLK_PERIOD_BEFORE.search(text, max(begin, m.start() - 6), m.start())
                if named is not None and "月" not in text[m.start() : m.end()]:
                    # the period word decides the folk unit's scale (年息一分五 is 15% a year,
                    # 月息一分五 1.5% a month): 一年一分五的利息 is an annual rate, the
                    # disclosure itself; a quarter's or a day's figure is another period's
                    if named.group("y") is not None and (value := _amount(m, "annual")):
                        disclosures.append((m.start(), m.end(), value))
                    continue
                figures.append((m.start("fknum"), m.start("li") if first else m.end(), m))
                keywords.append((m.start("li"), m.end("li"), _BEFORE, monthly))
        across: list[tuple[int, int, int, Decimal, str]] = []
        if "按" in text and ("厘" in text or "分" in text):
            # 这单按一分六厘走 / 按两分计: a folk figure as the terms a deal goes by, in a
            # sentence about a loan (session 39); the month's scale unless a day is named
            for m in _FOLK_BY.finditer(text):
                lo, hi = _sentence_of(text, m.start(), m.end())
                if not _FOLK_BY_LOAN.search(text, lo, hi) or (
                    not every and _FOLK_GUARD.search(text, lo, hi)
                ):
                    continue
                if _NO_CENT.search(text, max(0, m.start() - 4), m.end() + 3):
                    continue
                kind = _sentence_period(text, m.start(), m.end()) or "monthly"
                if kind == "weekly":
                    kind = "monthly"  # (the folk units read on the month's scale)
                by_index = self._rule_for(kind, "zh", -1)
                value = _amount(m, kind)
                if by_index >= 0 and value:
                    across.append((m.start(), m.end(), by_index, value, kind))
        for _k_start, k_end, tag, index in keywords:
            if tag not in (_BEFORE, _ANNUAL_BEFORE):
                continue
            folk = _FOLK_AFTER_KW.match(text, k_end)
            split = folk is not None and any(c in _STOP for c in text[k_end : folk.start("fknum")])
            if folk and folk.group("fknum") and not (split and folk.group("fkunit") == "厘"):
                figures.append((folk.start("fknum"), folk.end(), folk))
                continue
            if tag == _BEFORE and "厘" in text and self._rules[index].quote_kind == "monthly":
                # (利息的话，每个月，八厘: the filler reached the figure across a comma)
                far = folk if split else _FOLK_IN_SENTENCE.match(text, k_end)
                if (
                    far
                    and far.group("fkunit") == "厘"
                    and not _FOLK_IN_SENTENCE_STOP.search(text, k_end, far.start("fknum"))
                    and not _FOLK_IN_SENTENCE_GUARD.search(
                        text,
                        max(text.rfind(c, 0, _k_start) for c in _CLAUSE_END) + 1,
                        min(
                            [i for i in (text.find(c, far.end()) for c in _CLAUSE_END) if i >= 0],
                            default=len(text) - 1,
                        )
                        + 1,
                    )
                ):
                    value = _amount(far, "monthly")
                    if value:
                        across.append((_k_start, far.end(), index, value, "monthly"))
            if tag != _BEFORE:
                continue
            bare = _BARE_AFTER_KW.match(text, k_end)
            if bare:
                kind = self._rules[index].quote_kind or "monthly"
                value = cn_number(bare.group("bare"))
                low, high = _BARE_RANGE.get(kind, (Decimal(0), Decimal(0)))
                if value is not None and low <= value <= high:
                    figures.append((bare.start("bare"), bare.end(), bare))
        for a_start, a_end, m in figures:
            if _DIVIDED_BY_YEAR.match(text, a_end) is not None:
                # 日利率=18%÷360, 每日利息=本金×15%÷365: the annual rate, divided to a day in the
                # formula that shows it (a disclosure, not a daily quote)
                value = _amount(m, "annual")
                if value is not None:
                    disclosures.append((a_start, a_end, value))
                continue
            if (m.groupdict().get("unit") or "").startswith("point") and not _points_priced(
                text, a_start, a_end
            ):
                continue  # "you earn 2 points a month", "your score went up 15 points"
            near = _near(text, keywords, a_start, a_end)
            if not near and every and m.groupdict().get("fen"):
                # 两分钱一块 with no period named: the market's shorthand for a month, as 三分利
                monthly = self._rule_for("monthly", "zh", -1)
                value = _amount(m, "monthly")
                if monthly >= 0 and value:
                    found.append((a_start, a_end, monthly, value, "monthly"))
                continue
            if not near:
                # 每隔两周收一次费用，每次3%: a two-week period needs no keyword beside the figure
                two = self._biweekly_quote(text, a_start, a_end, m)
                if two is not None and not any(two[0] < e and s < two[1] for s, e, *_ in found):
                    found.append(two)
                continue
            if any(tag == _PENALTY and k_end <= a_start for _, k_start, k_end, tag, _ in near):
                continue
            anchor = min([a_start] + [n[1] for n in near if n[3] in _RATE_TAGS])
            if _penalty_before(text, keywords, anchor):
                continue
            ranked = [n for n in near if n[3] in _RATE_TAGS or n[3] in _ANNUAL_TAGS]
            if not ranked:
                two = self._biweekly_quote(text, a_start, a_end, m)
                if two is not None:
                    if not any(two[0] < e and s < two[1] for s, e, *_ in found):
                        found.append(two)
                    continue
                fee = self._fee_quote(text, near, a_start, a_end, m)
                if fee is not None and not any(fee[0] < e and s < fee[1] for s, e, *_ in found):
                    found.append(fee)
                continue
            # a keyword naming no period ("interest is") gives way to one that does, wherever
            # it stands ("Interest is 0.05% per day" is a daily rate); of two at the same
            # place the longer reads it ("1% monthly service fee" is a fee, not "monthly")
            _, k_start, k_end, tag, index = min(
                ranked,
                key=lambda n: (
                    n[3] in _RATE_TAGS and _PERIOD_WORD.search(text, n[1], n[2]) is None,
                    n[0],
                    n[1],
                    -n[2],
                    n[3],
                    n[4],
                ),
            )
            if tag in _ANNUAL_TAGS:
                value = _amount(m, "annual")
                if value is not None:
                    disclosures.append((min(k_start, a_start), max(k_end, a_end), value))
                continue
            # a two-week period wins over a weekly keyword or one naming no period ("双周利率2%",
            # "每隔一周收1.5%"), not over a month or a day ("月息2%，每两周还一次" is monthly)
            two = (
                self._biweekly_quote(text, a_start, a_end, m)
                if self._rules[index].quote_kind == "weekly"
                or _PERIOD_WORD.search(text, k_start, k_end) is None
                else None
            )
            if two is not None:
                if not any(two[0] < e and s < two[1] for s, e, *_ in found):
                    found.append(two)
                continue
            rule = self._rules[index]
            kind = rule.quote_kind or "monthly"
            if kind == "monthly" and any(
                n[3] == _FEE and not _charge_verb(text, n[1], n[2]) for n in near
            ):
                lang = "zh" if any(_cjk(c) for c in text[k_start:k_end]) else "en"
                index = self._rule_for("flat_monthly", lang, index)
                kind = self._rules[index].quote_kind or "flat_monthly"
            value = _amount(m, kind)
            if value is None or value <= 0:
                continue
            span = (min(k_start, a_start), max(k_end, a_end))
            if any(span[0] < e and s < span[1] for s, e, *_ in found):
                continue
            found.append((span[0], span[1], index, value, kind))
        if "flat" in text:
            for m in _FLAT_ANNUAL.finditer(text):
                index = self._rule_for("flat_monthly", "en", -1)
                value = Decimal(m.group("num") or m.group("num2") or m.group("num3"))
                if index < 0 or not 0 < value <= 60:
                    continue
                start, end = m.span()
                if m.group("num3") is not None:
                    # ("a flat rate of 6% on a 3-year car loan": a year's flat rate, the term in
                    # years; not 6% a month, which the keyword read; session 38)
                    found = [f for f in found if not (start < f[1] and f[0] < end)]
                # the annual word beside a flat rate is part of the quote, not its APR
                disclosures = [d for d in disclosures if d[1] <= start or d[0] >= end]
                if not any(start < e and s0 < end for s0, e, *_ in found):
                    found.append((start, end, index, value / 12, "flat_monthly"))
                    years = _TERM_YEARS.search(text)
                    if years is not None:
                        terms[(start, end)] = int(years.group("y")) * 12
        for quote in across:
            if not any(quote[0] < e and s < quote[1] for s, e, *_ in found):
                found.append(quote)
        if ("息" in text or "利" in text or "付" in text) and (
            "%" in text or "点" in text or "分" in text or "厘" in text
        ):
            found.extend(self._period_clause_quotes(text, found))
        found = [
            (s, e, i, v / 7, "daily") if k == "weekly" else (s, e, i, v, k)
            for s, e, i, v, k in found
        ]
        # a figure in money, or a bare cost after 利息 beside a sum lent (借三万，一个月利息450)
        if (
            _MONEY_HINT.search(text)
            or (
                (
                    _COST_FIGURE.search(text)
                    or (_cost_before_may(text) and _COST_BEFORE.search(text))
                )
                and _PRINCIPAL_RE.search(text)
            )
            or (
                _REPAID_FIGURE.search(text)
                and (
                    _PRINCIPAL_RE.search(text)
                    or _NET_ZH.search(text)
                    or _LENT_FIGURE.search(text)  # (先拿一千走，月底还一千二: handed over)
                )
            )
            or _SUM_PERIOD_COST.search(text)
            or ("息" in text and _INTEREST_ONLY_ZH.search(text))
            or (_EN_COST_RE.search(text) and has_digit(text))
        ):
            found.extend(self._money_quotes(text, found, terms))
        if ("后" in text or "满一个月" in text or "下个月" in text or "月底" in text) or (
            any(w in text for w in (" day", " week", " fortnight", " month"))
            and _ADV_WORD.search(text)
        ):
            for a_start, a_end, cost, days, lang in _advance_spans(text):
                index = self._rule_for("daily", lang, -1)
                daily = cost / days
                apr = annualise("daily", daily, None)[0]
                other = [f for f in found if f[0] < a_end and a_start < f[1]]
                if index < 0 or any(
                    abs(annualise(f[4], f[3], None)[0] - apr) <= apr / 20 for f in other
                ):
                    continue  # (read already, with the same price)
                # the roles' reading replaces another reading of the two sums (a span word read
                # as the period of one of them: 借出4000元，五周后收回4400元 was 2.6% a day)
                found = [f for f in found if f[1] <= a_start or f[0] >= a_end]
                found.append((a_start, a_end, index, daily, "daily"))
        if (
            (
                "期" in text
                or "月" in text
                or "天" in text
                or "日" in text
                or "周" in text
                or "星期" in text
                or "礼拜" in text
            )
            and _SCHED_EACH.search(text)
            and not _SCHED_APR.search(text)
        ):
            found.extend(self._schedule_quotes(text, found, terms))
        if ("本金" in text or "金额" in text or "额度" in text) and "%" in text:
            found.extend(self._principal_share_quotes(text, found))
        if ("天" in text or "日" in text or "月" in text) and _HOLD_USE.search(text):
            found.extend(self._hold_quotes(text, found))
        if (
            _SCHEDULE_HINT_RE.search(text)
            and _ANY_DIGIT.search(text)
            and _SCHEDULE_COUNT.search(text)
        ):
            found.extend(self._en_schedule_quotes(text, found, terms))
            if _ZERO_EN.search(text):
                found.extend(self._zero_fee_quotes(text, found, terms))
        if disclosures and figures and _CHANGED_TO.search(text):
            # 年化利率由14.4%下调至10.8%: the new figure is the same annual rate's (session 43)
            for a_start, a_end, m in figures:
                if _CHANGED_TO.search(text, max(0, a_start - 4), a_start) is None:
                    continue
                if any(d_end <= a_start <= d_end + 8 for _d, d_end, _v in disclosures):
                    value = _amount(m, "annual")
                    if value is not None:
                        disclosures.append((a_start, a_end, value))
        # a figure below zero is no price: more received than repaid ("借款5000元，到手9000，30天后
        # 还5000", a typo or a garbled paste) has no rate to warn about, and the calculator refuses it
        found = [f for f in found if f[3] >= 0]
        if not found:
            return []
        months = quoted_months(text)
        quotes = []
        for start, end, index, value, kind in sorted(found):
            term = terms.get((start, end), months) if kind == "flat_monthly" else None
            if every:
                o_start, o_end = norm.light_span(cmap[start], cmap[end - 1] + 1)
                quotes.append(RateQuote(self._rules[index], o_start, o_end, value, kind, term))
                continue
            if _covered(text, start, end, kind, value, term, disclosures):
                continue
            o_start, o_end = norm.light_span(cmap[start], cmap[end - 1] + 1)
            if reported(norm.original, o_start, o_end):
                continue  # 别家的广告写着“日息万三”: someone else's quote, talked about
            if _asked(text, start, end):
                continue  # 月息一分二算高吗？年化是多少: the customer asks about a rate
            cap = _CAP_RE.search(text, _sentence_of(text, start, end)[0], end) or _CAP_AFTER.match(
                text, end
            )
            if cap is not None and not _CAP_MONEY_AFTER.match(text, cap.end()):
                # 监管规定月利率不得超过2%, "we cannot charge more than 4% a month": a cap ("repayments
                # are capped at $1,000 a month for 12 months": the lender's own instalment, a
                # schedule's price said as a ceiling; session 40)
                continue
            if _SAVINGS.search(text, *_sentence_of(text, start, end)):
                continue  # 零钱通收益是万分之零点六一天: a savings yield, not a loan's price
            if _warned(text, start, end):
                continue  # "watch out for lenders who quote only a weekly rate like 2%": a warning
            if _not_priced_en(text, start, end):
                continue  # "Prices rose 3% a month", "savings earn 1% a month": a change, no price
            quotes.append(RateQuote(self._rules[index], o_start, o_end, value, kind, term))
        return quotes

    def _period_clause_quotes(
        self, text: str, found: list[tuple[int, int, int, Decimal, str]]
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """利息十天一结，每回一分二 / 按季收息，每季四个点 / 月月付，一个半点: a clause that sets how
        often interest is settled, then the figure alone at the head of the next words: a rate
        per that period (a ten-day one a tenth of it a day, a quarter's a third a month)."""
        quotes: list[tuple[int, int, int, Decimal, str]] = []
        # (found from its verb or interest word, a set the regex engine scans for in C, then
        # the clause matched back from there: a scan of the whole clause pattern at every
        # position cost +1.8% instructions a check)
        for v in _PERIOD_ANCHOR.finditer(text):
            if v.group("kw") is not None and text[v.start() - 1 : v.start()] not in _KW_PERIOD_END:
                continue
            head = _CLAUSE_HEAD.match(text, v.end())
            at = head.end() if head is not None else v.end()
            if at >= len(text) or text[at] not in _FIGURE_START:
                continue
            m = next(
                (
                    c
                    for c in map(
                        lambda b: _PERIOD_CLAUSE.fullmatch(text, b, v.end()),
                        range(max(0, v.start() - 9), v.start() + 1),
                    )
                    if c is not None
                ),
                None,
            )
            if m is None:
                continue
            if m.group("r") is None and not ("息" in m.group() or "利" in m.group()):
                continue  # (按月还, 每月结: a repayment's period, no interest named)
            kind, count = _clause_period(m.group("p") or m.group("r") or m.group("k"))
            if kind is None:
                continue
            figure = _AMOUNT_RE.match(text, at)
            if (
                figure is None
                or figure.group("num") is None
                and figure.group("frac") is None
                and (figure.group("cnum") is None)
            ):
                figure = _FOLK_RE.match(text, at)
            if figure is None or _CLAUSE_TAIL_STOP.match(text, figure.end()):
                continue
            value = _amount(figure, "daily" if kind == "daily" and count == 1 else "monthly")
            if value is None or value <= 0:
                continue
            value = value / count
            if value > _LIMITS["monthly" if kind == "flat_monthly" else kind]:
                continue
            index = self._rule_for(kind, "zh", -1)
            start, end = m.start(), figure.end()
            if index < 0 or any(start < e and s < end for s, e, *_ in (*found, *quotes)):
                continue
            quotes.append((start, end, index, value, kind))
        return quotes

    def _fee_quote(
        self,
        text: str,
        near: list[tuple[int, int, int, int, int]],
        a_start: int,
        a_end: int,
        m: re.Match[str],
    ) -> tuple[int, int, int, Decimal, str] | None:
        """A percentage beside a fee word, its period further on in the sentence (a flat fee
        on the principal each month or instalment, or a daily fee)."""
        fees = [n for n in near if n[3] == _FEE]
        if not fees:
            return None
        lo = max(text.rfind(c, 0, a_start) for c in _CLAUSE_END) + 1
        hi = min([i for i in (text.find(c, a_end) for c in _CLAUSE_END) if i >= 0] or [len(text)])
        lo, hi = max(lo, a_start - _FEE_PERIOD_REACH), min(hi, a_end + _FEE_PERIOD_REACH)
        if _ONE_OFF.search(text, lo, hi):
            return None
        best = None
        for p in _FEE_PERIOD.finditer(text, lo, hi):
            if not _bounded(text, p.start(), p.end()):
                continue
            between = text[a_end : p.start()] if p.start() >= a_end else text[p.end() : a_start]
            if any(c.isdigit() for c in between):
                continue  # another figure owns that period
            if _PERIOD_OF_OTHER.match(text, p.end()):
                continue
            if any(c in _CLAUSE_MARKS for c in between):
                # the period's own clause must say that something is charged
                c_lo = max(text.rfind(c, 0, p.start()) for c in _CLAUSE_MARKS) + 1
                ends = [i for i in (text.find(c, p.end()) for c in _CLAUSE_MARKS) if i >= 0]
                c_hi = min([*ends, hi])
                if not _CHARGE_VERB.search(text, c_lo, c_hi):
                    continue
            dist = p.start() - a_end if p.start() >= a_end else a_start - p.end()
            if best is None or dist < best[0]:
                best = (dist, p)
        if best is None:
            return None
        p = best[1]
        kind = "flat_monthly" if p.group("m") or p.group("y") else "daily"
        _, k_start, k_end, _, _ = min(fees)
        lang = "zh" if any(_cjk(c) for c in text[k_start:k_end]) else "en"
        index = self._rule_for(kind, lang, -1)
        if index < 0:
            return None
        value = _amount(m, kind)
        if value is not None and p.group("y"):
            value = value / 12  # a year's flat fee, as a month's
        if value is None or value <= 0 or value > _LIMITS[kind]:
            return None
        start = min(k_start, a_start, p.start())
        end = max(k_end, a_end, p.end())
        return (start, end, index, value, kind)

    def _biweekly_quote(
        self, text: str, a_start: int, a_end: int, m: re.Match[str]
    ) -> tuple[int, int, int, Decimal, str] | None:
        """A percentage with a two-week (or half-month) period in its sentence, within reach and
        no other figure between, and a cost or fee word: "A 10% fee every two weeks",
        每两周利息2%, 每隔两周收一次费用，每次3%."""
        if not any(
            w in text
            for w in (
                "周",
                "星期",
                "礼拜",
                "半",
                "14",
                "十四",
                "week",
                "fortnight",
                "twice a month",
                "monthly",
                "quarter",
                "three months",
                "3 months",
                "day",
                "daily",
                "month",
                "季",
                "pay",
                "天",
                "工资",
                "发薪",
                "wage",
                "salary",
                "paid",
                "薪",
                "个月",  # (借满两个月: the whole term in months; session 41)
            )
        ):
            return None
        lo0 = max(text.rfind(c, 0, a_start) for c in _CLAUSE_END) + 1
        hi0 = min([i for i in (text.find(c, a_end) for c in _CLAUSE_END) if i >= 0] or [len(text)])
        lo, hi = max(lo0, a_start - _BIWEEKLY_REACH), min(hi0, a_end + _BIWEEKLY_REACH)
        best = None
        for p in _BIWEEKLY.finditer(text, lo, hi):
            if not _bounded(text, p.start(), p.end()) or _period_noun(text, p.start(), p.end()):
                continue
            between = text[a_end : p.start()] if p.start() >= a_end else text[p.end() : a_start]
            if any(c.isdigit() for c in between):
                continue  # another figure owns that period
            dist = p.start() - a_end if p.start() >= a_end else a_start - p.end()
            if best is None or dist < best[0]:
                best = (dist, p)
        if best is None:
            return None
        plain = (
            best[1].group("w")
            or best[1].group("m")
            or best[1].group("d")
            or (best[1].group("pc") and not _cjk(best[1].group("pc")[-1]))
        )
        months_said = next(
            (
                best[1].group(g)
                for g in ("dm", "dm2", "dm3", "dm4", "zm", "zm2", "zm3")
                if best[1].group(g) is not None
            ),
            None,
        )
        whole = best[1].group("n") is not None and (
            any(w in best[1].group() for w in ("whole", "full", "entire", "complete"))
            or (best[1].group("dn5") or best[1].group("zn3")) is not None
            or (best[1].group("zn4") or best[1].group("zn5")) is not None
            # (a term in months, or a bare term opening the sentence with its percent after it:
            # the loan's whole term; session 41)
            or months_said is not None
            or best[1].group("dn6") is not None
            or best[1].group("dw") is not None
            or best[1].group("zw") is not None
            or (
                best[1].group("dn3") is not None
                and _TERM_PRICE_EN.search(text, lo0, hi0) is not None
            )
        )
        if best[1].group("n") and (
            _NOT_A_PRICE_EN.search(text, lo0, hi0)
            or _NOT_A_PRICE_TERM.search(text, lo0, hi0)
            or not (whole or _PRICE_RE.search(text, lo, hi) or _PAID_EN.search(text, lo0, hi0))
        ):
            # (a span of days: the price, the payer or the loan named beside it; the loan's
            # whole term is itself the loan named)
            return None
        if (
            # (a week, a month or a day: in English only, with a loan named in the sentence, as a
            # keyword's own period word beyond its reach: "We add 2% to your balance every week")
            plain
            and (
                _cjk_in(text, lo0, hi0)
                or not (
                    _LOAN_CONTEXT.search(text, lo0, hi0)
                    # (the lender's price verb or the interest named: "We charge 3% every single
                    # month", "Interest is charged at 3% per calendar month"; session 38)
                    or _LENDER_PRICE.search(text, lo0, hi0)
                )
                or _not_a_price_en(text, lo0, hi0)
            )
        ) or (
            not (
                _PRICE_RE.search(text, lo, hi)
                or (best[1].group("h") is None and _LOAN_CONTEXT.search(text, lo0, hi0))
                or best[1].group("n")
                # ("The price is 4% per pay period": the lender's price voice; session 39)
                or (plain and _LENDER_PRICE.search(text, lo0, hi0))
                # (每次工资到账，我们扣本金的百分之四: a share of the sum lent each pay day; s40)
                or (best[1].group("pc") and _BORROW_RE.search(text, lo0, hi0))
            )
            or (_ONE_OFF.search(text, lo, hi) and not whole)
        ):
            return None
        p = best[1]
        value = _amount(m, "weekly")
        if value is None or value <= 0 or value > _BIWEEKLY_LIMIT:
            return None
        lang = "zh" if any(_cjk(c) for c in text[lo:hi]) else "en"
        if p.group("q"):
            kind, value = "monthly", value / 3
            index = self._rule_for("monthly", lang, -1)
        elif p.group("f"):
            kind, value = "daily", value / 7
            index = self._rule_for("weekly", lang, -1)
        elif p.group("b"):
            kind, value = "daily", value / 14
            index = self._rule_for("weekly", lang, -1)
        elif p.group("w"):
            kind, value = "daily", value / 7
            index = self._rule_for("weekly", lang, -1)
        elif p.group("d"):
            kind = "daily"
            index = self._rule_for("daily", lang, -1)
        elif p.group("n") and months_said is not None:
            count = _DAYS_WORDS_MONTHS.get(months_said, 0)
            if months_said.isdigit():
                count = int(months_said)
            if not 1 <= count <= 6:
                return None
            kind, value = "monthly", value / count
            index = self._rule_for("monthly", lang, -1)
        elif p.group("n"):
            raw = (
                p.group("dn6")
                or p.group("dn")
                or p.group("dn3")
                or p.group("dn4")
                or p.group("dn5")
                or p.group("zn")
                or p.group("zn2")
                or p.group("zn3")
                or p.group("zn4")
                or p.group("zn5")
            )
            weeks = p.group("dw") or p.group("zw")
            if weeks is not None:
                days = 7 * (
                    int(weeks) if weeks.isdigit() else _DAYS_WORDS_MONTHS.get(weeks, 0) or 0
                )
            elif raw.isdigit():
                days = int(raw)
            elif raw in _DAYS_WORDS:
                days = _DAYS_WORDS[raw]
            else:
                days = int(cn_int(raw) or 0)
            if not 2 <= days <= 366:
                return None
            kind, value = "daily", value / days
            index = self._rule_for("daily", lang, -1)
        elif p.group("pc"):
            if "$" in text or "check" in p.group():
                kind, value = "daily", value / 14
                index = self._rule_for("weekly", lang, -1)
            else:
                kind = "flat_monthly" if _fee_named(text, lo, hi) else "monthly"
                index = self._rule_for(kind, lang, -1)
        elif p.group("m"):
            kind = "flat_monthly" if _fee_named(text, lo, hi) else "monthly"
            if "two" in p.group() or "2" in p.group() or "other" in p.group():
                value /= 2
            index = self._rule_for(kind, lang, -1)
        else:
            kind = "flat_monthly" if _FEE_RE.search(text, lo, hi) else "monthly"
            value *= 2
            index = self._rule_for(kind, lang, -1)
        if index < 0:
            return None
        return (min(a_start, p.start()), max(a_end, p.end()), index, value, kind)

    def _money_quotes(
        self,
        text: str,
        found: list[tuple[int, int, int, Decimal, str]],
        terms: dict[tuple[int, int], int],
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """借1000元一天利息5毛: money per principal per period, as a rate. A cost spread over
        counted instalments records their count in ``terms`` under the quote's span."""
        quotes: list[tuple[int, int, int, Decimal, str]] = []
        sentences = []
        principal = None  # the largest sum lent, from anywhere in the message
        for sentence in _SENTENCE_RE.finditer(text):
            body = sentence.group()
            lang = "zh" if any(_cjk(c) for c in body) else "en"
            regex = _MONEY_ZH if lang == "zh" else _MONEY_EN
            money: list[tuple[int, int, Decimal]] = []
            for m in regex.finditer(body):
                if money and m.start() < money[-1][1]:
                    continue  # (六千 inside 一万六千, read whole below)
                value = _money_value(m)
                if lang == "zh" and value is not None and m.group("tail") is None:
                    m_end = m.end()
                    if m_end < len(body) and body[m_end] in _CN_NUMERAL and m.group("num"):
                        # 一千五百 / 两万四千: the money pattern stops at 千 (its unit), the
                        # figure goes on in hanzi with no unit after it: read it whole
                        whole = _HANZI_RUN.match(body, m.start())
                        if whole is not None and body[whole.end() : whole.end() + 1] in _COUNTED:
                            whole = None  # (一万一天两块五: 一天 counts the days, not 一万一)
                        figure = cn_int(whole.group()) if whole is not None else None
                        if whole is not None and figure is not None and figure > value:
                            money.append((m.start(), whole.end(), figure))
                            continue
                if value is not None and value > 0:
                    # "£100 " without a "k" after it: the quote ends at the figure, not the space
                    money.append((m.start(), m.start() + len(m.group().rstrip()), value))
            if lang == "en" and (
                _EN_COST_RE.search(body)
                or (money and (_BORROW_RE.search(body) or _EN_EVERY.search(body)))
            ):
                for m in _BARE_EN.finditer(body):
                    if _DATE_AFTER_EN.match(body, m.end()) or _DATE_BEFORE_EN.search(
                        body, max(0, m.start() - 10), m.start()
                    ):
                        continue  # ("collected on 1 December", "due March 3": a day of a month, no sum)
                    if not any(s <= m.start() < e for s, e, _ in money):
                        value = _money_value(m)
                        if value is not None and value > 0:
                            money.append((m.start(), m.end(), value))
            if lang == "zh":
                for m in _REPAID_FIGURE.finditer(body):
                    # 还一千零五十: the whole figure, not the 一千 the money pattern saw in it
                    figure = _figure(m.group("num"))
                    if figure is not None:
                        s0, e0 = m.span("num")
                        money = [f for f in money if not (s0 <= f[0] < e0)]
                        money.append((s0, e0, figure))
                if _NET_ZH.search(body) is not None:
                    # 到手900: the sum received after an up-front fee, bare (session 30)
                    _add_bare_figures(_NET_FIGURE, body, money)
                interest_only = _INTEREST_ONLY_ZH.search(body) is not None
                if interest_only:
                    _add_bare_figures(_PERIOD_FIGURE_ZH, body, money)
                cost_zh = _SUM_PERIOD_COST.search(body)
                if cost_zh is not None:
                    # 一万块一个月一百八: the figure after the sum's period, yuan where bare
                    s0, e0 = cost_zh.span("num")
                    if not any(s <= s0 < e for s, e, _ in money):
                        figure = _figure(cost_zh.group("num"))
                        if figure is not None:
                            money.append((s0, e0, figure))
                for regex_z in (_COST_FIGURE, _COST_BEFORE, _LENT_FIGURE):
                    if regex_z is _COST_BEFORE and not _cost_before_may(body):
                        continue  # (substring tests, not a scan at every position)
                    for m in regex_z.finditer(body):
                        if not any(s <= m.start("num") < e for s, e, _ in money):
                            figure = _figure(m.group("num"))
                            if figure is not None:
                                money.append((m.start("num"), m.end("num"), figure))
            if lang == "en" and " plus " in body and len(money) > 2:
                money = _added_sums(body, money)
            if lang == "en" and len(money) >= 3:
                # "Borrow ₹20,000 and pay 30 paise per ₹100 every day": the sum after "per" is
                # the base the cost is priced on, not the sum lent above it (session 39)
                bases = [f for f in money if _PER_BASE.search(body, max(0, f[0] - 14), f[0])]
                if len(bases) == 1 and any(f[2] < bases[0][2] for f in money):
                    money = [f for f in money if f[2] < bases[0][2]] + bases
            if lang == "en" and len(money) == 3:
                money = _without_total(body, money)
            if lang == "en" and money:
                unit = _PER_UNIT.search(body)
                if unit is not None and not any(s0 <= unit.start() < e0 for s0, e0, _ in money):
                    # "3 pence a month on every pound": the sum lent is the one unit
                    money.append((unit.start(), unit.end(), Decimal(1)))
            if money and _INCOME_SAID.search(body):
                # (月收入约9,000元 / "your income is £2,000": the borrower's income, no sum lent)
                money = [
                    f
                    for f in money
                    if not _INCOME_BEFORE.search(body, max(0, f[0] - 16), f[0])
                    and not _INCOME_AFTER.match(body, f[1])
                ]
            if money and _PRINCIPAL_RE.search(body):
                top = max(v for _, _, v in money)
                principal = top if principal is None else max(principal, top)
            sentences.append((sentence, body, lang, money))
        for sentence, body, lang, money in sentences:
            every = (
                "每万" in body
                or "每千" in body
                or "每百元" in body  # (每百元每天五分钱; session 32)
                or "每百块" in body
                or any(
                    w in body
                    for w in (
                        "per $",
                        "for every $",
                        "per £",
                        "for every £",
                        "per €",
                        "for every €",
                        "per 100 pounds",
                        "per 100 dollars",
                        "per 100 euros",
                        "for every 100 pounds",
                        "for every 100 dollars",
                        "for every 100 euros",
                        "every 1000 ",
                        "every 1,000 ",
                        "per 1000 ",
                        "per 1,000 ",
                    )
                )
            )
            if lang == "en" and not every and (_EN_EVERY.search(body) or _PER_UNIT.search(body)):
                every = True
            if (
                not every
                and not _COST_RE.search(body)
                and not _BORROW_RE.search(body)
                and not (len(money) == 2 and _PAYBACK_RE.search(body))
                and not (lang == "zh" and _SUM_PERIOD_COST.search(body))
            ):
                continue
            if not money:
                continue
            if lang == "zh" and (
                ("其中" in body and _INSTALMENT_ZH.search(body) is not None)
                or _REMAINING_PRINCIPAL_ZH.search(body) is not None
            ):
                # (您这期月供是2,144元，其中本金1,900元、利息244元: one instalment split into its parts;
                # 剩余本金82,400元，每月应缴金额调整为4,120元: the instalment on a balance still owed,
                # the customer's own statement: neither is a cost over a sum lent; session 47)
                continue
            total: list[tuple[int, int, Decimal]] = []
            if len(money) >= 3:
                total = [f for f in money if _TOTAL_COST.search(body, max(0, f[0] - 24), f[0])]
                if len(total) == 1:
                    # 借1万元分12期，每期还款约891元，总利息约696元: the total interest over the
                    # term beside the instalment; the cost is the total, spread over the term
                    money = [total[0], max(money, key=lambda x: x[2])]
            small = min(money, key=lambda x: x[2])
            large = max(money, key=lambda x: x[2])
            if _CEILING_BEFORE.search(body, max(0, small[0] - 24), small[0]) is not None:
                # (月还款不宜超过两万元，最高可申请约60万元: a ceiling, no instalment's cost; a cap
                # on the lender's own instalment over a counted term is read as the schedule's:
                # RateDetector._schedule_quotes, session 40)
                continue
            if lang == "en" and len(money) == 2 and not _COST_RE.search(body):
                after = _INSTALMENT_AFTER.match(body, small[1])
                if after is not None and after.group("p") is None:
                    after = _INSTALMENT_BEFORE.search(body, 0, small[0]) and after
                count_after = _count_value(after.group("n")) if after else None
                if count_after is not None and small[2] * count_after > large[2]:
                    continue  # (an instalment over a counted term: the schedule's, its IRR)
            repaid = False
            lent_repaid = False
            net = _net_received(body, money) if lang == "zh" and len(money) >= 2 else None
            if net is None and lang == "zh" and len(money) >= 2 and "扣" in body and "费" in body:
                net = _fee_deducted(body, money)
            if net is not None:
                # 借一万实际到手九千，一个月后还一万: the fee taken up front is the cost of what
                # was received
                small, large = net
                repaid = True
            elif (
                len(money) == 2
                and small[2] < large[2] <= small[2] * (_REPAID_EN if lang == "en" else _REPAID_ZH)
                and _PAYBACK_RE.search(body)
            ) or (lent_repaid := _lent_then_repaid(body, money, lang)):
                # borrow 1,000, pay back 1,050: the cost is what is repaid over the sum lent
                small, large = (large[0], large[1], large[2] - small[2]), small
                repaid = True
            elif (
                _REPAYS_BEFORE.search(body, 0, small[0])
                and not _EXTRA_AFTER.match(body, small[1])
                and not (
                    lang == "zh"
                    and _EXTRA_BEFORE_ZH.search(body, 0, small[0])
                    and "本金" not in body[small[1] : small[1] + 4]
                )
                # (先息后本，每月还六百: what an interest-only loan repays each month is interest)
                and not (lang == "zh" and _INTEREST_ONLY_ZH.search(body))
            ):
                continue
            if len(money) < 2:
                # 每月利息300元 with the sum lent in another sentence of the message
                if principal is None or not _COST_RE.search(body):
                    continue
                large = (small[0], small[1], principal)
            if (
                lang == "en"
                and repaid
                and len(money) == 2
                and (counted := _TERM_EN.search(body)) is not None
                and counted.group("n4") is not None
            ):
                # "Borrow $600 and pay back $650 across 4 fortnightly payments": the total repaid
                # in equal counted payments, the schedule's IRR (session 38)
                quote = self._total_over_payments(
                    counted, large, small, sentence.start(), lang, (*found, *quotes)
                )
                if quote is not None:
                    quotes.append(quote)
                continue
            period = None
            for kind, regex_p in _PERIODS if len(total) != 1 else ():
                for p in regex_p.finditer(body):
                    dist = min(abs(p.start() - small[1]), abs(small[0] - p.end()))
                    if period is None or dist < period[0]:
                        period = (dist, kind, p.start(), p.end())
            count = Decimal(1)
            instalments = False
            if (
                period is not None
                and lang == "en"
                and period[1] == "biweekly"
                and (counted := _TERM_EN.search(body)) is not None
                and counted.group("n4") is not None
                and counted.start() <= period[2] < counted.end()
            ):
                continue  # ("pay back $650 across 4 fortnightly payments": a count, no period's cost)
            if period is None and lang == "en":
                # "$17.50 for every $100, repaid on your next payday": a payday loan's term,
                # two weeks where paid in dollars (US pay cycles), else a month (UK salaries)
                pay = _PAYDAY_RE.search(body)
                if pay is not None:
                    weeks = "$" in body or "check" in pay.group()
                    period = (0, "biweekly" if weeks else "monthly", pay.start(), pay.end())
            if period is None:
                # a total over a counted term: one sum lent and one cost (or sum repaid)
                term = _counted_term(body, lang) if len(money) == 2 or net is not None else None
                if term is None:
                    continue
                count, period, instalments = term[0], (0, *term[1:4]), term[4]
                if (
                    not repaid
                    and _PAYBACK_RE.search(body)
                    and large[2] <= small[2] * (1 + _MONEY_LIMITS[term[1]] * count / 100)
                    # (借五万，三年总共才多还九千: a sum repaid on top is the cost, not the total)
                    and not (lang == "zh" and _EXTRA_BEFORE_ZH.search(body, 0, small[0]))
                ):
                    # "Borrow 3,000 over 24 months, total repayable 3,802": over a long term
                    # the sum repaid may be more than a fifth above the sum lent (the test
                    # above); the cost is still the difference, not the sum lent over it
                    small, large = (large[0], large[1], large[2] - small[2]), small
            elif (
                period[1] in ("monthly", "flat_monthly")
                and len(money) == 2
                and not repaid
                # (等额本息，每期888.49元: the instalment of principal and interest, no cost word)
                and not _COST_RE.search(_WHOLE_SUM.sub("", body.replace("等额", "")))
            ):
                term = _counted_term(body, lang)
                if (
                    term is not None
                    and term[1] == "monthly"
                    and term[4]
                    and small[2] * term[0] > large[2]
                ):
                    # "borrow £5,000 over 36 months, £181.47 a month": a sum each month that
                    # repays the principal over the counted instalments is the instalment,
                    # not interest; its cost is what the instalments add to the sum lent, a
                    # flat fee over the term (its APR: the IRR, 19.9% effective)
                    count, instalments = term[0], True
                    small = (small[0], small[1], small[2] * count - large[2])
            if (
                lang == "zh"
                and count == 1
                and not instalments
                and period[1] in ("flat_monthly", "monthly")
                and len(money) == 2
                and small[0] >= period[3]
                and not _COST_RE.search(body, period[3], small[0])
                and (n_z := _ZH_INSTALMENTS.search(body)) is not None
                and (n_count := cn_int(n_z.group("n"))) is not None
                and 2 <= n_count <= 360
                and small[2] * n_count > large[2]
            ):
                # 分60期，每期約5,870元（以核貸金額30萬計）: a sum each period that repays the
                # principal over the counted instalments is the instalment, not a fee; its cost
                # is what the instalments add to the sum lent, a flat fee over the term (the
                # IRR: 6.5% here, the rate stated beside it; session 40)
                count, instalments = n_count, True
                small = (small[0], small[1], small[2] * count - large[2])
            if _late_span(body, period[2], period[3]):
                continue  # (逾期2天，按合同会产生罚息约3.16元: the days late, no price's period)
            kind = period[1]
            span_days = None
            if kind == "span":
                if lang == "en" and _COUNTED_PAYMENTS.search(body):
                    continue  # ("repay 1,100 pesos every 15 days for 6 terms": the schedule's IRR)
                span_days, kind = _span_days(body, period[2], period[3])
                if span_days is None:
                    continue
            yearly = kind == "yearly"
            if yearly and (
                _ANNUAL_STATED.search(text) is not None
                # (English: a year's interest, not a yearly fee or limit: "borrow up to £5,000 a
                # year, with a £20 fee per year")
                or lang == "en"
                and "interest" not in body
            ):
                continue  # 年利率24%，借一万分12期，一年利息约一千三: the year's interest beside its rate
            quarterly = kind == "quarterly"
            if quarterly:
                kind = "monthly"
            if yearly:
                kind = "monthly"
                years = _INSTALMENT_YEARS.search(body)
                if years is not None and (n := cn_int(years.group("n"))) is not None and n <= 30:
                    # 分五年还: repaid as it goes, a flat cost over the months of those years
                    count, instalments = Decimal(1), True
                    terms_months = int(n) * 12
                else:
                    terms_months = 0
            if (
                kind == "monthly"
                and (instalments or _FEE_RE.search(body))
                and not (lent_repaid and lang == "en")
            ):
                # 分24期 / "over 24 months": the cost is spread over instalments that repay
                # the principal as they go, so its APR is the flat fee's (an IRR), not the
                # monthly cost times twelve. (A sum lent then a larger sum said as paid back
                # "over 3 months" names no instalments: read as before, a monthly cost, which an
                # APR stated beside it covers: "Borrow £1,500, pay £1,800 back over 3 months:
                # 77.9% APR representative.")
                kind = "flat_monthly"
            if large[2] <= small[2] or (small[2] <= 0 and lang == "en"):
                continue  # (English: a sum repaid equal to the sum lent, no cost, no price)
            pct = small[2] / large[2] * 100 / count
            if yearly:
                pct /= 12
            elif quarterly:
                pct /= 3
            elif span_days is not None:
                pct /= span_days
            if pct > _MONEY_LIMITS[kind] * (3 if net is not None or lent_repaid else 1):
                # (a fee taken up front and the whole sum repaid: no misreading, only a dear
                # loan, 借一千，实拿七百，一周后还一千; session 33)
                continue
            offset = sentence.start()
            start = offset + min(small[0], large[0], period[2])
            end = offset + max(small[1], large[1], period[3])
            if any(start < e and s < end for s, e, *_ in (*found, *quotes)):
                continue
            if kind == "biweekly":
                kind, pct = "weekly", pct / 2
            elif kind == "semimonthly":
                kind = "flat_monthly" if _FEE_RE.search(body) else "monthly"
                pct *= 2
            index = self._by_kind.get((kind, lang))
            if index is None:
                continue
            if kind == "weekly":
                kind, pct = "daily", pct / 7
            if yearly and kind == "flat_monthly" and terms_months:
                terms[(start, end)] = terms_months
            elif instalments and kind == "flat_monthly" and count == int(count):
                terms[(start, end)] = int(count)
            quotes.append((start, end, index, pct.normalize(), kind))
        return quotes

    def _total_over_payments(
        self,
        counted: re.Match[str],
        lent: tuple[int, int, Decimal],
        cost: tuple[int, int, Decimal],
        offset: int,
        lang: str,
        taken: tuple[tuple[int, int, int, Decimal, str], ...],
    ) -> tuple[int, int, int, Decimal, str] | None:
        count = _count_value(counted.group("n4"))
        if count is None or count != int(count) or not 2 <= count <= 60:
            return None
        rate = _irr(lent[2], (lent[2] + cost[2]) / count, int(count))
        if rate is None:
            return None
        unit = counted.group("u4")
        pct = rate * 100
        kind = "monthly" if unit == "monthly" else "weekly"
        if unit not in ("monthly", "weekly"):
            pct /= 2  # (fortnightly, biweekly: half of it a week)
        index = self._by_kind.get((kind, lang))
        if index is None or pct > _MONEY_LIMITS[kind]:
            return None
        if kind == "weekly":
            kind, pct = "daily", pct / 7
        start = offset + min(lent[0], cost[0], counted.start())
        end = offset + max(lent[1], cost[1], counted.end())
        if any(start < e and s < end for s, e, *_ in taken):
            return None
        return (start, end, index, pct.normalize(), kind)

    def _schedule_quotes(
        self,
        text: str,
        found: list[tuple[int, int, int, Decimal, str]],
        terms: dict[tuple[int, int], int],
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """借五千分六期，每期还九百 / 贷一万五，十八期，月供一千零二十: a schedule of sums (the sum
        lent, a count of instalments, the sum of each) with no rate is a price. The cost is what
        the instalments add to the sum lent, a flat fee a month over the count (its APR: the IRR
        of the schedule itself)."""
        index = self._by_kind.get(("flat_monthly", "zh"))
        if index is None:
            return []
        quotes: list[tuple[int, int, int, Decimal, str]] = []
        bodies = list(_SENTENCE_RE.finditer(text))
        if len(text) <= _SCHED_FORM and (";" in text or "；" in text):
            # 借款金额：20000元；借款期限：12个月；每月还款：2000元: a short form's fields
            bodies = list(_SCHED_WHOLE.finditer(text))
        for sentence in bodies:
            body = sentence.group()
            each = _SCHED_EACH.search(body)
            if each is None or not any(_cjk(c) for c in body) or _SCHED_OWN.search(body):
                continue
            if _INCOME_SAID.search(body) and (
                _INCOME_BEFORE.search(body, max(0, each.start() - 16), each.start("a"))
                or _INCOME_AFTER.match(body, each.end("a"))
            ):
                continue  # (工资流水显示每月约12,000元: the borrower's income, no instalment)
            if _CAP_WORD_ZH.search(body, each.start(), each.start("a")) and (
                _INCOME_SAID.search(body) or _AFFORD_ADVICE.search(body)
            ):
                continue  # (按收入，月供最多一千: an affordability ceiling, no lender's price)
            pay = _figure(each.group("a").replace(",", ""))
            count = None
            for c in _SCHED_COUNT.finditer(body):
                n = cn_int(c.group("n"))
                if n is None:
                    continue
                unit = c.group("u")
                days = each.group("p") in ("每天", "每日", "一天")
                weeks = each.group("p") in ("每周", "每星期", "每个星期", "每礼拜", "每个礼拜")
                if weeks or unit in ("周", "星期", "礼拜"):
                    if weeks and unit in ("周", "星期", "礼拜") and 2 <= n <= 104:
                        count = n, Decimal(0), c  # weeks: read below as a weekly rate
                elif unit == "年":
                    if not 1 <= n <= 5:
                        continue
                    count = (n * 365 if days else n * 12), n * 12, c
                elif unit == "个月":
                    count = (n * 30 if days else n), n, c
                elif unit == "天" and days:
                    count = n, max(Decimal(1), (n / 30).to_integral_value()), c
                elif unit == "期" and not days:
                    count = n, n, c
                if count is not None:
                    break
            if pay is None or count is None or not (2 <= count[1] <= 60 or count[1] == 0):
                continue
            money = []
            for m in _MONEY_ZH.finditer(body):
                value = _money_value(m)
                if value is not None and not each.start("a") <= m.start() < each.end("a"):
                    money.append((m.start(), m.end(), value))
            for m in _LENT_FIGURE.finditer(body):
                figure = _figure(m.group("num"))
                if figure is not None and not any(s <= m.start("num") < e for s, e, _ in money):
                    money.append((m.start("num"), m.end("num"), figure))
            if not money:
                continue
            lent = max(money, key=lambda f: f[2])
            total = pay * count[0]
            if not pay < lent[2] < total <= lent[2] * 3:
                continue
            offset = sentence.start()
            start = offset + min(lent[0], each.start(), count[2].start())
            end = offset + max(lent[1], each.end(), count[2].end())
            if any(start < e and s < end for s, e, *_ in (*found, *quotes)):
                continue
            # 每周还六百，十周还完: no months, the schedule's own rate a week (its IRR)
            priced = self._schedule_price(
                "zh", lent[2], pay, count[0], 7 if count[1] == 0 else 30, int(count[1]) or None
            )
            if priced is not None:
                quotes.append((start, end, *priced))
                if priced[2] == "flat_monthly":
                    terms[(start, end)] = int(count[1])
        return quotes

    def _schedule_price(
        self,
        lang: str,
        principal: Decimal,
        pay: Decimal,
        count: Decimal,
        days: int,
        months: int | None,
    ) -> tuple[int, Decimal, str] | None:
        """The one reader of a schedule, whatever its language: ``count`` payments of ``pay``,
        one every ``days`` days, repay ``principal``. A schedule of a month or more (its term,
        ``months``) is a flat fee a month over the term (the suggestion's APR of it is the
        schedule's IRR); a shorter one is its IRR (the finance engine's) a day, quoted as the
        language's weekly rule. None when it costs nothing or more than any loan price."""
        total = pay * count
        if months is not None:
            value = (total - principal) / principal * 100 / months
            index = self._by_kind.get(("flat_monthly", lang))
            if index is None or value > _MONEY_LIMITS["flat_monthly"]:
                return None
            return index, value.quantize(Decimal("0.0001")).normalize(), "flat_monthly"
        rate = _irr(principal, pay, int(count)) if count == int(count) else None
        if rate is None:
            return None
        value = rate * 100 / Decimal(days)
        index = self._by_kind.get(("weekly", lang), self._by_kind.get(("daily", lang)))
        if index is None or value > _MONEY_LIMITS["daily"]:
            return None
        return index, value.quantize(Decimal("0.0001")).normalize(), "daily"

    def _principal_share_quotes(
        self, text: str, found: list[tuple[int, int, int, Decimal, str]]
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """每期还本金的十二分之一，另加本金的0.8% / 每月还款额=本金/期数+本金×0.7%: an instalment
        made of a share of the principal plus a percentage of the principal is a flat fee a
        period on the principal."""
        index = self._by_kind.get(("flat_monthly", "zh"))
        if index is None:
            return []
        quotes: list[tuple[int, int, int, Decimal, str]] = []
        for sentence in _SENTENCE_RE.finditer(text):
            body = sentence.group()
            m = _PLUS_PRINCIPAL.search(body)
            if m is None or not _INSTALMENT_PERIOD.search(body) or _NOT_INSTALMENT.search(body):
                continue
            value = Decimal(m.group("pct") or m.group("pct2"))
            if not 0 < value <= _LIMITS["flat_monthly"]:
                continue
            start, end = sentence.start() + m.start(), sentence.start() + m.end()
            if not any(start < e and s < end for s, e, *_ in (*found, *quotes)):
                quotes.append((start, end, index, value, "flat_monthly"))
        return quotes

    def _hold_quotes(
        self, text: str, found: list[tuple[int, int, int, Decimal, str]]
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """两万块钱借你用一个月，也就收你四百 / 一个月交两百，就能用上一万: a sum the borrower
        holds or uses, one period, and a smaller sum paid for it, in any order within a
        sentence, is money per principal per period (a rate), said with no 借 or 息 word."""
        quotes: list[tuple[int, int, int, Decimal, str]] = []
        for sentence in _SENTENCE_RE.finditer(text):
            body = sentence.group()
            if (
                not _HOLD_USE.search(body)
                or _HOLD_FREE.search(body)
                or _SCHED_OWN.search(body)
                or not any(_cjk(c) for c in body)
            ):
                continue
            periods = list(_HOLD_PERIOD.finditer(body))
            kinds = {"daily" if p.group("d") else "monthly" for p in periods}
            if len(kinds) != 1:
                continue
            kind = kinds.pop()
            money: list[tuple[int, int, Decimal]] = []
            for m in _MONEY_ZH.finditer(body):
                if money and m.start() < money[-1][1]:
                    continue  # (五百 inside 一千五百, read whole below)
                value = _money_value(m)
                if value is not None and value > 0:
                    money.append((m.start(), *_whole_hanzi(body, m, value)))
            for m in _HOLD_COST.finditer(body):
                figure = _figure(m.group("num"))
                if figure is not None and not any(s <= m.start("num") < e for s, e, _ in money):
                    money.append((m.start("num"), m.end("num"), figure))
            if len(money) != 2:
                continue
            small, large = sorted(money, key=lambda f: f[2])
            if large[2] < 500 or small[2] >= large[2]:
                continue
            pct = small[2] / large[2] * 100
            if pct > _LIMITS[kind]:
                continue
            index = self._by_kind.get((kind, "zh"))
            if index is None:
                continue
            period = periods[0]
            offset = sentence.start()
            start = offset + min(small[0], large[0], period.start())
            end = offset + max(small[1], large[1], period.end())
            if not any(start < e and s < end for s, e, *_ in (*found, *quotes)):
                quotes.append((start, end, index, pct.normalize(), kind))
        return quotes

    def _zero_fee_quotes(
        self,
        text: str,
        found: list[tuple[int, int, int, Decimal, str]],
        terms: dict[tuple[int, int], int],
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """0% interest with a money fee on each of N payments on a principal (English): the
        schedule's price, the principal in N equal parts plus the fee each time (session 41)."""
        fee = _FEE_SUM_EN.search(text)
        counted = _FEE_COUNT_EN.search(text)
        if fee is None or counted is None:
            return []
        f_start, f_end = fee.span("f") if fee.group("f") else fee.span("f2")
        sums = _schedule_money(text[f_start:f_end])
        count = _count_value(counted.group("n"))
        if len(sums) != 1 or count is None or not 2 <= count <= 60:
            return []
        charge = sums[0][2]
        lent = [v for s0, e0, v in _schedule_money(text) if (e0 <= f_start or s0 >= f_end)]
        lent = [v for v in lent if v > charge * 2 and v != count]
        if not lent:
            return []
        principal = max(lent)
        weekly = "week" in text or "fortnight" in text
        days, months = (14 if "fortnight" in text else 7, None) if weekly else (30, int(count))
        priced = self._schedule_price(
            "en", principal, principal / count + charge, count, days, months
        )
        start, end = min(f_start, counted.start()), max(f_end, counted.end())
        if priced is None or any(start < e and s < end for s, e, *_ in found):
            return []
        if months is not None:
            terms[(start, end)] = months
        return [(start, end, *priced)]

    def _en_schedule_quotes(
        self,
        text: str,
        found: list[tuple[int, int, int, Decimal, str]],
        terms: dict[tuple[int, int], int],
    ) -> list[tuple[int, int, int, Decimal, str]]:
        """An English instalment schedule with no rate: a sum lent, a count of payments and the
        sum of each ("Take $600 today and make 8 biweekly payments of $110", "borrow 1k, pay
        back 12 x 105 monthly", "£400 now, £58 a week for ten weeks") is a price. Its rate is
        the schedule's IRR: a monthly schedule as the flat fee a month over its count (its APR
        the same IRR), a shorter one as the IRR a day. A schedule whose payments add up to no
        more than the sum (a balance split in three) costs nothing and is no quote."""
        quotes: list[tuple[int, int, int, Decimal, str]] = []
        money = _schedule_money(text)
        if len(money) < 2:
            return quotes
        for sched in _SCHEDULE_RE.finditer(text):
            sentence = _sentence_of(text, sched.start(), sched.end())
            if any(c >= "\u3400" and _cjk(c) for c in text[sentence[0] : sentence[1]]):
                continue
            count = _count_value(
                sched.group("n1")
                or sched.group("n2")
                or sched.group("n3")
                or sched.group("n4")
                or sched.group("n5")
            )
            sums = _schedule_money(
                sched.group("a")
                or sched.group("a2")
                or sched.group("a3")
                or sched.group("a4")
                or sched.group("a5")
            )
            pay = sums[0][2] if len(sums) == 1 else None
            if count is None or pay is None or not 2 <= count <= 120:
                continue
            days = _schedule_days(sched.group(), text, sched.start(), sched.end())
            if days is None and sched.group("n1"):
                days = 30  # "6 easy instalments of $210": instalments with no period are monthly
            if days is None:
                continue
            unit = sched.group("u1") or sched.group("u2") or ""
            if unit.startswith("week") and days == 14:
                count = count / 2  # "£110 a fortnight for 16 weeks": 8 payments
            elif unit.startswith("month") and days < 28:
                continue  # "£58 a week for 3 months": no count of payments to trust
            total = pay * count
            lent = [
                v
                for s0, e0, v in money
                if (e0 <= sched.start() or s0 >= sched.end())
                and pay < v < total * Decimal("0.999")
                and v * 3 >= total
            ]
            if not lent:
                continue
            if count != int(count):
                continue
            start, end = sched.start(), sched.end()
            if any(start < e and s < end for s, e, *_ in (*found, *quotes)):
                continue
            months = int(count) if days >= 28 else None
            priced = self._schedule_price("en", max(lent), pay, count, days, months)
            if priced is not None:
                quotes.append((start, end, *priced))
                if months is not None:
                    terms[(start, end)] = months
        return quotes


# ... a sum held or used (RateDetector._hold_quotes): the use, the period, a bare cost, a free loan
_HOLD_USE = lazy_compile(
    r"借你|借给你|给你用|给你周转|你用|用上|就能用|能用|放你|在你手|周转|就能拿|拿去用|先用着"
)
_HOLD_PERIOD = lazy_compile(r"(?P<d>一天|一日|每天|每日)|(?P<m>一个月|每个月|每月)")
_HOLD_COST = lazy_compile(
    r"(?:收你|收您|收|交|付|给|也就|才|只要)"
    r"(?P<num>[1-9][0-9]{0,4}|[一二两三四五六七八九][十百千][零〇一二两三四五六七八九十百]*)"
    r"(?![0-9.%‰万千元块钱毛角分])"
)
_HOLD_FREE = lazy_compile(r"不收|免息|免费|零利息|0利息|零息|不要利息|不用利息|没有利息|无息")

# ... a percentage of the principal added to each instalment (另加本金的0.8%, +本金×0.7%)
_PLUS_PRINCIPAL = lazy_compile(
    r"(?:另加|再加|外加|加上|加收|另收|另付|加|\+)(?:剩余)?本金(?:的|×|\*|x|乘以)?"
    r"(?P<pct>[0-9]+(?:\.[0-9]+)?)%"
    # 按借款金额的1%收: a charge on the sum lent
    r"|按(?:借款|贷款)?(?:本金|金额|额度|借款额)的?(?P<pct2>[0-9]+(?:\.[0-9]+)?)%(?:收|计|算|扣)"
)
_INSTALMENT_PERIOD = lazy_compile(
    r"每期|每月|每个月|按月|月供|月还款|[0-9一二两三四五六七八九十]期"
)
_NOT_INSTALMENT = lazy_compile(r"违约|罚|逾期|提前|滞纳|首付|一次性")


# A schedule of sums (RateDetector._schedule_quotes): the sum of each instalment ...
_SCHED_EACH = lazy_compile(
    r"(?P<p>每期|每一期|(?<!第)一期|每个月|每月|一个月|月供|月还款|月还|每天|每日|一天"
    r"|每周|每星期|每个星期|每礼拜|每个礼拜)"
    # (借1万，月供不超过1000元，分12期 / 每月最多还一千 / 月还款封顶1000元: the lender's cap on its
    # own instalment over a counted term is the schedule's price said as a ceiling, an IRR of at
    # most that much: what the borrower reads as the cost; session 40)
    r"(?:只|只要|只需|就|才|要|需|得|大概|约|固定|最多|顶多)?(?:还款额|还款|还本息|供款|还|供|交|付|扣)?[:：]?"
    r"(?:只要|只需|就|才|约|大概|不超过|不会超过|最多|顶多|封顶|最高|上限为?)?"
    r"(?P<a>[1-9][0-9,]*(?:\.[0-9]{1,2})?|[一二两三四五六七八九][十百千万][零〇一二两三四五六七八九十百千]*)"
    r"(?:元|块钱|块|蚊)?(?![0-9.%‰万千百个期天月年分厘毫点多来几]|左右|出头)"
)
# ... the count of instalments (分六期, 十八期, 分八个月, 两年还完), not 第三期, 三个月后 or 年化 ...
_SCHED_COUNT = lazy_compile(
    r"(?<![第每0-9零〇一二两三四五六七八九十])(?P<n>[1-9][0-9]{0,2}|[一二两三四五六七八九十百]{1,4})"
    r"(?:个)?(?P<u>期|个月|年|天|周|星期|礼拜)(?!后|以后|之后|前|化|利|息|内到)"
)
# ... in a message that names no annual rate (a schedule beside its APR, or "合同有年化利率", passes)
_SCHED_APR = lazy_compile(r"年化|年利率|apr|irr")
# ... in a sentence, or in a short form whose fields stand apart (；)
_SCHED_FORM = 160
_SCHED_WHOLE = lazy_compile(r"[^。！？!?\n]+")
# ... and not the borrower's own loan (我借了四千分八期，每期还五百八)
_SCHED_OWN = lazy_compile(
    r"[我他她](?:借|贷|分期|那笔|这笔|的贷款|的借款|之前)|朋友借|同事借|他说|她说|听说|据说"
)


# An English schedule: a count of payments and the sum of each, in any of the orders people
# write them ("8 biweekly payments of $110", "12 x 105 monthly", "£58 a week for ten weeks",
# "200 a fortnight x 5", "EMI Rs 2,150 for 12 months", "over 10 months at S$260 per month").
_ANY_DIGIT = lazy_compile(r"\d")
_SCHEDULE_HINTS = ("payment", "instal", "emi", "x", "×", "term", "week", "month", "fortnight")
_SCHEDULE_HINT_RE = lazy_compile("|".join(map(re.escape, _SCHEDULE_HINTS)))
_COUNT_WORD = (
    # (the longer word first: "eighteen", not "eight" and a stray "een")
    r"\d{1,3}|two|three|fourteen|four|fifteen|five|sixteen|six|seventeen|seven|eighteen|eight"
    r"|nineteen|nine|ten|eleven|twelve|thirteen|twenty-four|twenty|thirty-six|thirty|forty-eight"
)
_SCHED_SUM = r"(?:[$£€₹₦₱₵]|rs\.?\s?|s\$|php\s?|inr\s?|rm\s?|ksh\.?\s?|kes\s?|gh₵|ghs\s?|r(?=[1-9]))?\d(?:[\d,]*\d)?(?:\.\d+)?k?(?:\s?(?:dollars?|bucks|pounds?|quid|rupees?|pesos?|naira|ringgit|euros?))?"
_SCHED_PERIOD = (
    r"(?:a|per|each|every|/)\s?(?:week|fortnight|month|two weeks|2 weeks|other week|15 days"
    r"|fifteen days|14 days|mo|wk|(?:other )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|payday)"
    r"|weekly|bi-?weekly|fortnightly|monthly|semi-?monthly"
)
_SCHEDULE_COUNT = lazy_compile(
    rf"(?<![\d.])(?<!\d,)(?:{_COUNT_WORD})\s?(?:[a-z-]+\s)?(?:payments|instal?lments|repayments|emis|terms|weeks|months|fortnights)"
    # "£96 every month for the next twelve": the count said alone after "the next" (session 37)
    rf"|(?:for|over) the next (?:{_COUNT_WORD})(?![\d%]|[.,]\d)"
    rf"|(?<![\d.])(?<!\d,)\d{{1,3}}\s?[x×]\s?[$£€₹]?\d|[\da-z]\s?[x×]\s?\d{{1,3}}(?![\d]|[.,]\d)"
)
_SCHEDULE_RE = lazy_compile(
    # 8 biweekly payments of $110 / 4 installments of 95 / 6 monthly instalments of £520
    rf"(?<![\d.])(?<!\d,)(?P<n1>{_COUNT_WORD})\s(?:(?:weekly|bi-?weekly|fortnightly|monthly|equal|easy|small)\s)*"
    r"(?:payments|instal?lments|repayments|emis)\s(?:of\s)?(?:just\s|only\s)?"
    rf"(?P<a>{_SCHED_SUM})"
    # 12 x 105 / 12 x $105
    rf"|(?<![\d.])(?<!\d,)(?P<n2>\d{{1,3}})\s?[x×]\s?(?P<a2>{_SCHED_SUM})"
    # £58 a week for ten weeks / 200 a fortnight x 5 / 1,100 pesos every 15 days for 6 terms /
    # Rs 2,150 for 12 months (EMI) / S$260 per month (over 10 months said before)
    rf"|(?P<a3>{_SCHED_SUM})\s?(?:{_SCHED_PERIOD})?\s?(?:for|x|×|over|across)\s(?:the next\s)?(?P<n3>{_COUNT_WORD})"
    r"(?:\s?(?P<u1>weeks|months|fortnights|payments|instal?lments|terms|times|periods))?(?![\d%]|[.,]\d)"
    # over 10 months at S$260 per month / across 12 months at £95 a month
    rf"|(?:over|across|in)\s(?P<n4>{_COUNT_WORD})\s(?P<u2>weeks|months|fortnights)\s(?:at|of|paying)\s"
    rf"(?:just\s|only\s)?(?P<a4>{_SCHED_SUM})"
    # "at most $1,000 per month, 12 monthly payments", "$800 a month across 12 monthly payments":
    # the sum a month, then its count of payments (session 41)
    rf"|(?P<a5>{_SCHED_SUM})\s?(?:a|per|each|every)\s(?:month|week|fortnight),?\s?(?:across\s|over\s|in\s|for\s)?"
    rf"(?P<n5>{_COUNT_WORD})\s(?:(?:weekly|bi-?weekly|fortnightly|monthly|equal)\s)?(?:payments|instal?lments|repayments)"
)
# "pay £96 a month for 12 months", "£90 every month for the next ten": the sum a period is an
# instalment counted over a term (RateDetector._money_quotes leaves it to the schedule reader)
_INSTALMENT_AFTER = lazy_compile(
    rf"\s?(?P<p>{_SCHED_PERIOD})?\s?(?:for|over)\s(?:the next\s)?(?P<n>{_COUNT_WORD})"
    r"(?:\s(?:weeks|months|fortnights|payments|instal?lments))?(?![\d%]|[.,]\d)"
)
# ... or with no period, named an instalment before it ("EMI ₹2,400 for 12 months")
_INSTALMENT_BEFORE = lazy_compile(
    r"(?:emi|instal?lment|repayment|payment)s?(?: of)?(?: just| only)?\s?$"
)
# --- session 41: "Zero percent, just a $9 admin charge with each of the 12 payments on $600": 0%
# interest with a money fee on each of N payments: the schedule's price (principal / N + fee each
# payment), read as its IRR with the finance engine
_ZERO_EN = lazy_compile(
    r"(?<![a-z0-9.])(?:(?:zero|0) ?(?:percent|per cent|%)(?: interest| apr|,)|zero interest|no interest"
    r"|nil interest|interest[- ]free|interest: none|without interest)",
    cached=False,
)
_FEE_SUM_EN = lazy_compile(
    rf"(?P<f>{_SCHED_SUM})\s(?:[a-z-]+\s){{0,2}}(?:fee|charge|handling|admin|commission)s?(?![a-z])"
    rf"|(?:fee|charge|handling|admin)s?(?: of)?:?\s(?P<f2>{_SCHED_SUM})",
    cached=False,
)
_FEE_COUNT_EN = lazy_compile(
    rf"(?<![\d.])(?<!\d,)(?P<n>{_COUNT_WORD})\s(?:(?:weekly|bi-?weekly|fortnightly|monthly|equal)\s)?"
    r"(?:payments|instal?lments|repayments|emis)(?![a-z])",
    cached=False,
)


_COUNT_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20,
    "thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "nineteen": 19,
    "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty-eight": 48,
}  # fmt: skip
_SCHEDULE_DAYS = (
    (
        14,
        lazy_compile(
            # ("12 weeks" holds no "2 weeks": a digit before the count makes it another count)
            r"bi-?weekly|fortnight|two weeks|(?<!\d)2 weeks|other week|other (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?<!\d)14 days"
        ),
    ),
    (15, lazy_compile(r"(?<!\d)15 days|fifteen days|semi-?monthly|twice a month")),
    (7, lazy_compile(r"week|/wk|(?:every|each) (?:mon|tues|wednes|thurs|fri|satur|sun)day")),
    (30, lazy_compile(r"month|emi|/mo(?![a-z])|p\.?c\.?m")),
)
_SCHED_MONEY = lazy_compile(
    r"(?<![\w.])(?<!\d,)(?P<cur>[$£€₹₦₱₵]|rs\.?\s?|s\$|php\s?|inr\s?|rm\s?|ksh\.?\s?|kes\s?|gh₵|ghs\s?|r(?=[1-9]))?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<k>k(?![a-z])|\s?grand|\s?thousand)?(?P<unit>\s?(?:dollars?|bucks|pounds?|quid|rupees?|pesos?|naira|ringgit|euros?))?"
    r"(?!\s?(?:%|percent|per cent|(?:days?|weeks?|months?|years?|payments|instal?lments|am|pm)(?![a-z])|[x×]\s?\d|:\d|/\d))"
)


_COUNTED_PAYMENTS = lazy_compile(
    r"\b(?:[1-9][0-9]?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r" (?:more )?(?:terms|payments|instal?lments|repayments|periods|cycles)\b",
    cached=False,
)


# --- session 41: an advance and the sum sent back, read by their ROLES ---------------------------
# "We'll wire you €800; five weeks later you pay back €920", "You get $2,000 from us today and hand
# over $2,300 six weeks on", 借出四千，五周后收回四千四, 先匯三萬給你，六週後你還我們三萬三千: a sum
# GIVEN to the borrower, a span, and a larger sum SENT BACK to the lender, whatever the verbs: the
# excess over the span is the price (a daily rate over the span's days). Read across ';' and '.'
# (the reader's sentences end there), within one message.
_ADV_MONEY_EN = lazy_compile(
    r"(?:(?<![a-z])(?:rm|gh₵|ksh|s\$|r)|[$£€₹₦₱₵¥])\s?(?P<num>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)"
    r"(?![0-9.,]?[0-9])(?P<k>k(?![a-z]))?"
    r"|(?<![0-9.,])(?P<num2>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?P<k2>k(?![a-z]))? ?"
    r"(?:dollars|euros|pounds|naira|rand|rupees|ringgit|cedis|shillings|pesos)(?![a-z])",
    cached=False,
)
_ADV_MONEY_BARE_EN = lazy_compile(
    r"(?:(?<![a-z])(?:rm|gh₵|ksh|s\$|r)|[$£€₹₦₱₵¥])?\s?(?<![0-9.,])(?P<num>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{2,}"
    r"|[1-9][0-9]?(?=k))(?![0-9]|[.,][0-9])(?P<k>k(?![a-z]))?"
    r"(?!\s?(?:%|percent|per cent|days?|weeks?|months?|years?|payments?|instal)(?![a-z]))"
    r"(?: ?(?:dollars|euros|pounds|naira|rand|rupees|ringgit|cedis|shillings|pesos)(?![a-z]))?",
    cached=False,
)
_ADV_MONEY_ZH = lazy_compile(
    r"(?<![0-9.零〇一二两三四五六七八九十百千万期个天周月])(?P<num>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{2,}"
    r"|[一二两三四五六七八九][十百千万][零〇一二两三四五六七八九十百千万]*)(?:元|块|块钱)?"
    r"(?![0-9.%‰零〇一二两三四五六七八九十百千万天日周星礼个月期倍成点分])",
    cached=False,
)
_ADV_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "twenty-one": 21, "twenty-eight": 28, "thirty": 30, "forty": 40,
    "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_ADV_SPAN_EN = lazy_compile(
    r"(?<![a-z0-9-])(?:(?P<pre>in|after|within) )?(?P<n>[1-9][0-9]{0,2}|an?|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|twenty-one|twenty-eight|thirty"
    r"|forty|forty-five|sixty|ninety) (?P<u>days?|weeks?|fortnights?|months?)(?![a-z])"
    r"(?P<post> (?:later|on|after|afterwards|from now|from today|hence)(?![a-z]))?",
    cached=False,
)
_ADV_SPAN_ZH = lazy_compile(
    r"(?:(?P<n>[1-9][0-9]{0,2}|[一二两三四五六七八九十]{1,3}|半)(?:个|個)?"
    r"(?P<u>天|日|周|星期|礼拜|月)(?:之?后|以后|过后|到期)|(?P<full>满一个月|下个月|月底))",
    cached=False,
)
_ADV_GIVEN_EN = lazy_compile(
    r"(?:wire|send|transfer|pay|give|lend|advance|put|deposit|credit|loan|hand)s? you(?![a-z])"
    r"|(?<![a-z])you(?:'ll| will)? (?:get|receive|take|borrow)(?![a-z])"
    r"|(?:^|[.!?;,] ?)(?:take|borrow|grab|get)(?: out)? ?$",
    cached=False,
)
_ADV_GIVEN_AFTER_EN = lazy_compile(
    r"\s?(?:goes|go|comes|lands|is sent|is paid|is wired) (?:to you|into your|in your)"
    r"|\s?(?:to you|into your (?:account|bank|wallet)|in your (?:account|bank|wallet))",
    cached=False,
)
_ADV_BACK_EN = lazy_compile(
    r"(?<![a-z])you (?:\w+ )?(?:pay|give|hand|send|return|repay|settle|transfer|wire|owe|bring)"
    r"|(?:pay|give|hand|send|bring|transfer|wire)s? (?:it |us |me )?(?:back|over)|(?:pay|give|send) us"
    r"|(?<![a-z])(?:returns?|repays?|settles?(?: up)?(?: with)?)(?![a-z])",
    cached=False,
)
_ADV_BACK_AFTER_EN = lazy_compile(
    r"\s?(?:comes?|goes|is paid|is sent) back(?![a-z])|\s?(?:back )?to us(?![a-z])", cached=False
)
_ADV_GIVEN_ZH = lazy_compile(
    r"(?:借出|借给你|借你|放款|放给你|放你|先放|打给你|给你打|先打|汇给你|先汇|汇你|转给你|转你|先转"
    r"|先垫|垫付|垫|给你)(?:了)?$",
    cached=False,
)
_ADV_GIVEN_AFTER_ZH = lazy_compile(r"(?:块|元)?(?:给你|到你|到账|打到|先给你)", cached=False)
_ADV_BACK_ZH = lazy_compile(
    r"(?:收回|回款|还我们|还给我们|还我|还给我|你还|要还|还|转回|打回|汇回|返还|退回|给回)(?:来|给我们)?$",
    cached=False,
)
_ADV_WORD = lazy_compile(r"(?:you|your|us|we|back)(?![a-z])|你|我们", cached=False)


def _adv_money(text: str, lang: str) -> list[tuple[int, int, Decimal]]:
    out: list[tuple[int, int, Decimal]] = []
    regex = _ADV_MONEY_ZH if lang == "zh" else _ADV_MONEY_EN
    if lang == "en" and len(regex.findall(text)) < 2:
        # ("Lend you 9k, and in three weeks you settle up with 9,900", "Take 50,000 naira now and
        # hand back 56,000": the sums said bare, their roles read around them)
        regex = _ADV_MONEY_BARE_EN
    for m in regex.finditer(text):
        raw = m.group("num") or m.groupdict().get("num2")
        value = _figure(raw) if raw else None
        if value is None or value <= 0:
            continue
        if m.groupdict().get("k") or m.groupdict().get("k2"):
            value *= 1000
        out.append((m.start(), m.end(), value))
    return out


def _adv_days(m: re.Match[str], lang: str) -> int | None:
    if lang == "zh":
        if m.group("full"):
            return 30
        raw, unit = m.group("n"), m.group("u")
        n = Decimal("0.5") if raw == "半" else _figure(raw)
        if n is None:
            return None
        per = {"天": 1, "日": 1, "月": 30}.get(unit, 7)
        return int(n * per) or None
    if not (m.group("pre") or m.group("post")):
        return None
    word, unit = m.group("n"), m.group("u")
    count = _ADV_NUM_WORDS.get(word) or (int(word) if word.isdigit() else None)
    if count is None:
        return None
    per = 1 if unit.startswith("day") else 7 if unit.startswith("week") else 14
    per = 30 if unit.startswith("month") else per
    return count * per


def _advance_spans(text: str) -> list[tuple[int, int, Decimal, int, str]]:
    """(start, end, cost in percent of the sum given, days, lang) of each advance the message
    states: a sum given to the borrower, a span, a larger sum sent back to the lender."""
    lang = "zh" if any(_cjk(c) for c in text) else "en"
    money = _adv_money(text, lang)
    if len(money) != 2 or (lang == "en" and not _ADV_WORD.search(text)):
        return []
    (g0, g1, given), (b0, b1, back) = money
    if not given < back <= given * 2:
        return []
    if lang == "zh":
        gave = _ADV_GIVEN_ZH.search(text, max(0, g0 - 6), g0) or _ADV_GIVEN_AFTER_ZH.match(text, g1)
        took = _ADV_BACK_ZH.search(text, max(0, b0 - 6), b0) is not None or text.startswith(
            "给我们", b1
        )
        spans = list(_ADV_SPAN_ZH.finditer(text, g1))
    else:
        gave = _ADV_GIVEN_EN.search(text, max(0, g0 - 30), g0) or _ADV_GIVEN_AFTER_EN.match(
            text, g1
        )
        took = (
            _ADV_BACK_EN.search(text, max(0, b0 - 30), b0) is not None
            or _ADV_BACK_AFTER_EN.match(text, b1) is not None
        )
        spans = list(_ADV_SPAN_EN.finditer(text, g1))
    if not gave or not took:
        return []
    days = None
    for s in spans:
        days = _adv_days(s, lang)
        if days:
            break
    if not days:
        return []
    return [(g0, b1, (back - given) * 100 / given, days, lang)]


def _span_days(body: str, start: int, end: int) -> tuple[Decimal | None, str]:
    """(count, kind) of a span period: days a day, months a month, two weeks a week."""
    m = _SPAN_PERIOD.match(body, start)
    if m is None:
        return None, "daily"
    if m.group("h"):
        return Decimal(6), "monthly"
    if m.group("w"):
        return Decimal(2), "weekly"
    if m.group("m"):
        return cn_int(m.group("m")), "monthly"
    raw = m.group("d") or m.group("e")
    n = _DAYS_WORDS.get(raw) if raw in _DAYS_WORDS else cn_int(raw)
    if n is None or not 2 <= n <= 366:
        return None, "daily"
    return Decimal(n), "daily"


def _schedule_money(text: str) -> list[tuple[int, int, Decimal]]:
    """Sums of money in an English message (a bare figure of 50 or more counts: "borrow 800")."""
    out = []
    for m in _SCHED_MONEY.finditer(text):
        try:
            value = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:
            continue
        if m.group("k"):
            value *= 1000
        if not (m.group("cur") or m.group("unit") or m.group("k")) and value < 50:
            continue
        end = m.end("unit") if m.group("unit") else m.end("k") if m.group("k") else m.end("num")
        out.append((m.start(), end, value))
    return out


def _count_value(raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    if raw.isdigit():
        return Decimal(raw)
    value = _COUNT_WORDS.get(raw)
    return None if value is None else Decimal(value)


def _schedule_days(span: str, text: str, start: int, end: int) -> int | None:
    """The schedule's period in days: said inside it, or in its sentence."""
    lo, hi = _sentence_of(text, start, end)
    for where in (span, text[max(lo, start - 30) : min(hi, end + 30)]):
        for days, regex in _SCHEDULE_DAYS:
            if regex.search(where):
                return days
    return None


def _irr(principal: Decimal, pay: Decimal, count: int) -> Decimal | None:
    """The rate a period at which ``count`` payments of ``pay`` repay ``principal``: the
    finance engine's IRR of the schedule, to six places."""
    from loancs.core.finance.apr import monthly_irr  # the engine, as quote_to_apr: on use

    if pay * count <= principal:
        return None
    rate = monthly_irr([-principal, *[pay] * count])
    return Decimal(repr(round(float(rate), 6)))


# "3 pence a month on every pound", "4 cents per dollar per week": the sum lent is one unit
_PER_UNIT = lazy_compile(
    r"(?:every|each|per|for each|for every) (?:single )?(?:pound|dollar|euro|rupee|quid|buck|peso)(?![a-z])"
)


# "2 points a month": points are a percentage where the sentence prices a loan, not where it
# earns rewards or moves a score or a base rate
_POINTS_PRICE = lazy_compile(r"rate|interest|charg|loan|borrow|lend|fee|flat|cost|apr")
_POINTS_OTHER = lazy_compile(
    r"earn|reward|score|bonus|loyalty|cashback|miles|basis|percentage point|base rate|bank rate"
    r"|fed(?![a-z])|went up|gone up|go up|went down|rise|rose|raise|hike|cut|increase|reduc|drop|lower|higher"
)


def _points_priced(text: str, start: int, end: int) -> bool:
    lo, hi = _sentence_of(text, start, end)
    return _POINTS_PRICE.search(text) is not None and _POINTS_OTHER.search(text, lo, hi) is None


# "6.5% flat p.a.", "8% flat yearly", "a flat rate of 7% per annum": a flat annual rate is charged
# on the whole sum for the whole term, so it is no APR (nearly half of it): a flat fee a month
_FLAT_ANNUAL = lazy_compile(
    r"(?P<num>\d{1,2}(?:\.\d+)?)\s?(?:%|percent|per cent|pc)\s?flat(?:\s?(?:rate|interest))?"
    r"(?:\s?(?:p\.?a\.?|per annum|a year|per year|yearly|annually|annual|each year|every year))"
    r"|flat (?:annual |yearly )?(?:interest )?rate(?: of)?\s?(?P<num2>\d{1,2}(?:\.\d+)?)\s?(?:%|percent|per cent)"
    r"(?:\s?(?:p\.?a\.?|per annum|a year|per year|yearly|annually))"
    r"|flat (?:interest )?rate(?: of)?\s?(?P<num3>\d{1,2}(?:\.\d+)?)\s?(?:%|percent|per cent)"
    r"(?=\s?(?:on|over|for) (?:a |an |the |your )?[1-9]\s?-?\s?(?:years?|yrs?)(?![a-z]))"
)
_TERM_YEARS = lazy_compile(r"(?<![\d.])(?P<y>[1-9])\s?(?:-\s?)?(?:years?|yrs?)(?![a-z])")


# the sum repaid may be this much above the sum lent in one sentence ("Borrow £500 and pay back
# £650 at the end of the month": English quotes of short, dear loans; 借一万，下周还两万 is not)
_REPAID_ZH = Decimal("1.2")
_REPAID_EN = Decimal("1.5")
_PAYDAY_RE = lazy_compile(
    r"(?:next|your|on|till|until|by) pay ?(?:day|check|cheque)(?![a-z])"
    # session 44: the pay event said in other words ("when your wages land", "once you get paid",
    # "on salary day", "when your salary is credited"): the same term as "your next payday"
    r"|(?:when|once|after|as soon as|the day|till|until|by the time) (?:your |the )?(?:next )?"
    r"(?:wages?|salary|pay|paycheque|paycheck|pay packet|stipend) (?:lands?|comes? in|comes? through|arrives?"
    r"|hits?|drops?|clears?|goes in|is paid|is credited|gets? credited|gets? paid in)(?![a-z])"
    r"|(?:when|once|after|as soon as|the day|till|until) (?:you|you're|you are) (?:get |next )?paid(?![a-z])"
    r"|(?:on|by|till|until|before) (?:your )?(?:next )?(?:salary|wage|wages) ?day(?![a-z])"
    r"|(?:from|out of|against) (?:your )?next (?:wages?|salary|pay packet|paycheque|paycheck)(?![a-z])"
)
_PLUS_RE = lazy_compile(r"\s*plus\s*")


# 实际到手九千 / 到账只有四千五: the sum the borrower receives after a fee taken up front
_NET_ZH = lazy_compile(r"到手|实际到账|实际拿到|实拿|实得|到账只有|实际到")
_ANNUAL_STATED = lazy_compile(
    r"(?:年化|年利率|年息|apr)[^，,。；;\n]{0,12}?[0-9]+(?:\.[0-9]+)?\s?%",
    re.IGNORECASE,
    cached=False,
)
_INSTALMENT_YEARS = lazy_compile(
    r"分(?P<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,2})年", cached=False
)
_NET_FIGURE = lazy_compile(
    r"(?:到手|实际到账|实际拿到|实拿|实得|到账只有|实际到)(?:的)?(?:只有|就|才|是|为)?"
    r"(?P<num>[1-9][0-9]{2,}|[一二两三四五六七八九][十百千万][零〇一二两三四五六七八九十百千]*)"
    r"(?![0-9.%‰万千百元块毛角分])",
    cached=False,
)
_REPAID_BEFORE_ZH = lazy_compile(r"(?:还|还款|要还|归还)(?:了|给你|给我们)?$")
# 借一千，七天后还一千三 / "£300 now, £345 back in two weeks": the sum handed over first, then a
# larger sum said as repaid (a repayment word between them, or "back" after the second): the
# act of lending and repaying, whatever the ratio (up to double), is the price of the loan
_REPAY_BETWEEN = lazy_compile(
    r"还|償|repay|pay (?:it |me |us )?back|pay(?= [$£€₹₦₱]?[0-9])|hand (?:it |me |us )?back|give (?:it |me |us )?back|bring (?:it |me |us )?back|owe|settle"
)
_BACK_AFTER = lazy_compile(r"\s*(?:back|in return)(?![a-z])")
_REPAID_MAX = Decimal(2)
_WHOLE_SUM = lazy_compile(r"连本带息|连本带利|连本|本息|本利")


def _lent_then_repaid(body: str, money: list[tuple[int, int, Decimal]], lang: str) -> bool:
    """Two sums, the smaller said first and the larger said as repaid after it: a loan and its
    repayment (the smaller is not the interest on the larger)."""
    if len(money) != 2:
        return False
    (s0, e0, v0), (s1, e1, v1) = sorted(money)
    if not v0 < v1 <= v0 * _REPAID_MAX:
        return False
    between = _WHOLE_SUM.sub("", body[e0:s1])  # (连本带息还一千三: the whole sum, not a cost)
    if _COST_RE.search(between) is not None or "每" in between:
        return False  # 借一千，利息三百 / 借一万，每月还一千二: a cost, or an instalment
    return _REPAY_BETWEEN.search(between) is not None or (
        lang == "en" and _BACK_AFTER.match(body, e1) is not None
    )


def _without_total(
    body: str, money: list[tuple[int, int, Decimal]]
) -> list[tuple[int, int, Decimal]]:
    """ "Borrow £5,000 over 36 months at £181.48 a month, total repayable £6,533.28": a third
    sum that is the instalment times the counted term is the total repaid, which the other two
    already say (dropped, so that the sum lent and the instalment are read as a schedule)."""
    term = _counted_term(body, "en")
    if term is None or not term[4]:
        return money
    count = term[0]
    for total in money:
        for pay in money:
            if pay is not total and abs(pay[2] * count - total[2]) <= total[2] / 100:
                return [m for m in money if m is not total]
    return money


# a fee taken off the sum lent at payout, not a debit of an instalment (每月扣款880元)
_DEDUCT_ZH = lazy_compile(
    r"(?:扣除|先扣|预扣|扣掉|扣下|直接扣|一次性扣|扣)(?!款|分|费)", cached=False
)


def _fee_deducted(
    body: str, money: list[tuple[int, int, Decimal]]
) -> tuple[tuple[int, int, Decimal], tuple[int, int, Decimal]] | None:
    """(the cost, the sum received) where a fee is deducted from the sum lent at payout
    (借款3000元，服务费300元一次性扣除，期限14天: 300 on 2,700 received; session 30)."""
    principal = max(money, key=lambda f: f[2])
    for mark in _DEDUCT_ZH.finditer(body):
        near = [
            f
            for f in money
            if f is not principal
            and (0 <= mark.start() - f[1] <= 6 or 0 <= f[0] - mark.end() <= 6)
            and f[2] * 2 < principal[2]
        ]
        if near:
            fee = min(near, key=lambda f: min(abs(mark.start() - f[1]), abs(f[0] - mark.end())))
            return fee, (principal[0], principal[1], principal[2] - fee[2])
    return None


def _net_received(
    body: str, money: list[tuple[int, int, Decimal]]
) -> tuple[tuple[int, int, Decimal], tuple[int, int, Decimal]] | None:
    """(the cost, the sum received) where a sentence names the sum received after an
    up-front fee and, later, a larger sum repaid."""
    mark = _NET_ZH.search(body)
    if mark is None:
        return None
    got = next((f for f in sorted(money) if 0 <= f[0] - mark.end() <= 2), None)
    if got is None:
        return None
    for f in sorted(money):
        if f[0] > got[1] and _REPAID_BEFORE_ZH.search(body, 0, f[0]):
            if got[2] < f[2] <= got[2] * _REPAID_ZH or (
                # the sum named before 到手 repaid whole (借五千，到手三千五，七天后还五千): the
                # fee taken up front is the cost, however large (session 33)
                f[2] <= got[2] * 2 and any(g[2] == f[2] and g[1] <= mark.start() for g in money)
            ):
                return (f[0], f[1], f[2] - got[2]), got
            return None
    return None


def _added_sums(body: str, money: list[tuple[int, int, Decimal]]) -> list[tuple[int, int, Decimal]]:
    """ "pay back two grand plus three hundred quid": a sum and a smaller one added to it are
    one sum (2,300), so that the sentence holds the sum lent and the sum repaid."""
    money = sorted(money)
    out: list[tuple[int, int, Decimal]] = []
    for start, end, value in money:
        if out:
            s0, e0, v0 = out[-1]
            gap = _PLUS_RE.fullmatch(body, e0, start)
            if gap is not None and value < v0:
                out[-1] = (s0, end, v0 + value)
                continue
        out.append((start, end, value))
    return out


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end]: after the last of _CLAUSE_END
    before ``start``, up to the first at or after ``end`` (or the text's end)."""
    if start < 0 or end < 0:  # offsets from the end, as str.find reads them
        lo = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
        stops = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
        return lo, min(stops, default=len(text))
    ends = _clause_ends(text)
    before = bisect_left(ends, start)
    after = bisect_left(ends, end)
    return (ends[before - 1] + 1 if before else 0), (
        ends[after] if after < len(ends) else len(text)
    )


_CLAUSE_END_RE = lazy_compile("[" + _CLAUSE_END + "]")
# the last text's clause ends (a check asks for several quotes' sentences; one tuple, read
# and replaced whole: safe across threads)
_LAST_ENDS: list[tuple[str | None, list[int]]] = [(None, [])]


def _clause_ends(text: str) -> list[int]:
    """Where each character of _CLAUSE_END stands in ``text``, in order: one scan of the
    text instead of a ``str.rfind`` and a ``str.find`` per character and per sentence."""
    last = _LAST_ENDS[0]
    if last[0] is text:
        return last[1]
    ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
    _LAST_ENDS[0] = (text, ends)
    return ends


def _asked(text: str, start: int, end: int) -> bool:
    """The quote's sentence is a question about the rate: it ends with a question mark and
    asks what the rate comes to or whether it is high (see _RATE_QUESTION), or the next
    sentence asks that ("日利率0.03%是什么意思？年化是多少？"). An English full stop ends a
    sentence too: "The rate is 2% a month. Is that OK?" answers, then asks something else."""
    lo = max((m.end() for m in _SENTENCE_STOP.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_STOP.search(text, end)
    if stop is None:
        return _asked_unmarked(text, lo, end)
    hi = stop.start()
    if text[hi] in ";；":
        # "£50 a month on a £1,000 loan; is that a lot?": the question after a semicolon
        ask = _SENTENCE_STOP.search(text, hi + 1)
        if ask is not None and text[ask.start()] in "？?":
            tail = text[hi + 1 : ask.start()]
            if _RATE_QUESTION.search(tail) or _LEVEL_QUESTION.match(tail.lstrip()):
                return True
    if text[hi] not in "？?":
        # the borrower repeats the agent's figure, then asks: "You mentioned 1.2% per month. Is
        # that the APR?", "你说月息1.5%。年化是多少？"
        after = _SENTENCE_STOP.search(text, hi + 1)
        return (
            _CUSTOMER_VOICE.match(text, lo) is not None
            and after is not None
            and text[after.start()] in "？?"
        )
    if _RHETORICAL.search(text, lo, hi) is not None:
        return False  # 两个点一个月，不算高吧？: the seller's tag question asks nothing
    if (
        _RATE_QUESTION.search(text, lo, hi) is not None
        or _LEVEL_QUESTION.match(text[lo:hi].lstrip()) is not None
    ):
        return True
    last = max(lo, max(text.rfind(c, lo, hi) for c in "，,：:") + 1)
    if _ANNUAL_ASKED.search(text, last, hi) is not None and _CHECKS_ANNUAL.search(text, last, hi):
        return True  # 一个月两个点，一年就是24%吗？: the borrower checks the yearly figure
    after = _SENTENCE_STOP.search(text, hi + 1)
    if after is None:
        # the message ends on the question without its mark ("…靠谱吗？你们的年化利率是多少")
        return (
            _ANNUAL_ASKED.search(text, hi + 1) is not None
            and _RATE_QUESTION.search(text, hi + 1) is not None
        )
    return (
        text[after.start()] in "？?"
        and _ANNUAL_ASKED.search(text, hi + 1, after.start()) is not None
    )


# A chat question typed without its mark (session 32): the message ends on a question particle,
# or its last clause asks in so many words (想问下年化是多少, 麻烦帮我算算一年多少)
_UNMARKED_END = lazy_compile(r"(?:吗|么|嗎|呢)\s*$")
_ASK_VERB = lazy_compile(
    r"想问|请问|问下|问一下|问问|想知道|想了解|求问|帮我算|帮忙算|麻烦"
    # or the clause ends on what it asks (这个年化是多少啊)
    # (a particle or 是 marks it: 年化算下来多少 alone may still be the seller's sum)
    r"|(?:是多少|是几多|是几|是什么|是啥)[啊呀呢哈]?\s*$|(?:多少|几多|什么|啥)[啊呀呢哈]\s*$"
)


def _asked_unmarked(text: str, lo: int, end: int) -> bool:
    """The quote's sentence runs to the end of the message, which asks without a question
    mark: "…这样算高利贷吗", "…想问问年化是多少" (Chinese only; a seller's "还等什么呢" asks
    nothing about the rate, so the rate question words must be there too)."""
    hi = len(text.rstrip())
    if hi <= end or not any(_cjk(c) for c in text[lo:hi]):
        return False
    last = max(end, max(text.rfind(c, end, hi) for c in "，,：:") + 1)
    asks = _ASK_VERB.search(text, last, hi) is not None
    if not asks and _UNMARKED_END.search(text, last, hi) is None:
        return False
    if _RHETORICAL.search(text, lo, hi) is not None:
        return False
    if _RATE_QUESTION.search(text, last, hi) is not None:
        return True
    return asks and _ANNUAL_ASKED.search(text, last, hi) is not None


def _counted_term(body: str, lang: str) -> tuple[Decimal, str, int, int, bool] | None:
    """The term a total cost is quoted over (三个月后, 半年, 两周, "in 90 days"): (count, kind,
    start, end, instalments), or None. ``instalments`` when the term counts repayments (分24期,
    24期, "over 24 months"), not one repayment at its end (三个月后还, "in two months")."""
    if lang == "zh":
        m = _TERM_ZH.search(body)
        if m is None:
            return None
        raw, unit = m.group("n"), m.group("u")
        if unit == "年":
            if raw == "半":
                return Decimal(6), "monthly", m.start(), m.end(), False
            # 借十万，两年总共才多还一万二 / 分三年: a total over whole years, counted in months
            # (session 32; up to the monthly term's cap)
            years = cn_number(raw)
            if years is None or not 0 < years <= 3 or years != int(years):
                return None
            split = (
                body[max(0, m.start() - 1) : m.start()] == "分" or "等额" in body or "分期" in body
            )
            return years * 12, "monthly", m.start(), m.end(), split
        n = Decimal("0.5") if raw == "半" else cn_number(raw)
        kind = "monthly" if unit in ("个月", "期") else "daily" if unit in "天日" else "weekly"
        instalments = unit == "期" or body[max(0, m.start() - 1) : m.start()] == "分"
    else:
        m = _TERM_EN.search(body)
        if m is None:
            return None
        raw = m.group("n") or m.group("n2") or m.group("n3") or m.group("n4")
        unit = m.group("u") or m.group("u2") or m.group("u3") or m.group("u4")
        n = Decimal(_TERM_WORDS[raw]) if raw in _TERM_WORDS else Decimal(raw)
        kind = (
            "monthly"
            if unit.startswith("month")
            else "daily"
            if unit.startswith("day")
            else "weekly"
        )
        instalments = m.group("w") in ("over", "across") or m.group("n4") is not None
        if unit in ("fortnightly", "biweekly", "bi-weekly"):
            n *= 2  # counted in weeks
    if n is None or n <= 0 or n > _TERM_MAX[kind]:
        return None
    return n, kind, m.start(), m.end(), instalments


def _penalty_before(text: str, keywords: list[tuple[int, int, int, int]], anchor: int) -> bool:
    """逾期会产生罚息，日利率0.05%: a penalty word shortly before, in the same sentence, with
    no figure of its own in between, makes the quote that follows a penalty rate."""
    for _k_start, k_end, tag, _ in keywords:
        if tag != _PENALTY or k_end > anchor or anchor - k_end > _BEFORE_REACH:
            continue
        between = text[k_end:anchor]
        if not any(c in "。！？!?;；\n" or c.isdigit() for c in between):
            return True
    return False


def _near(
    text: str, keywords: list[tuple[int, int, int, int]], a_start: int, a_end: int
) -> list[tuple[int, int, int, int, int]]:
    """Keywords in the figure's clause, within reach: (distance, start, end, tag, index)."""
    near = []
    for k_start, k_end, tag, index in keywords:
        if k_end <= a_start:
            gap = a_start - k_end
            if gap > _BEFORE_REACH or (
                any(c in _STOP for c in text[k_end:a_start])
                # 按日计息，千分之一: the keyword closes its clause and the figure opens the next
                and not (gap == 1 and text[k_end] in "，,：:" and text[k_start] == "按")
            ):
                continue
        elif k_start >= a_end:
            gap = k_start - a_end
            if gap > _AFTER_REACH or any(c in _STOP for c in text[a_end:k_start]):
                continue
            if "." in text[a_end:k_start] and _FULL_STOP.search(text, a_end, k_start):
                # "nine percent. ballpark monthly figure?": a period word after a full stop is
                # the next sentence's (the payment asked), never the figure's (session 41)
                continue
            if _SUM_BETWEEN.search(text, a_end, k_start):
                continue  # ("21% p.a., comparison rate 21%: $186.23 a month": the sum's period)
        else:
            continue
        near.append((gap, k_start, k_end, tag, index))
    return near


# a warning against a kind of quote, before it in its sentence (session 37)
_WARNED = lazy_compile(
    r"watch out for|beware|be careful (?:of|with)|be wary of|steer clear of|don't trust|do not trust"
    r"|警惕|谨防|当心|提防|别信|不要相信|千万别碰|小心那些|小心这种"
    r"|\b(?:warning|caution|heads up|scam alert)\s?[:!-]"
)
_OTHER_LENDERS = lazy_compile(
    r"\b(?:some|other|many|certain|predatory|dodgy|shady|illegal|unlicensed|rogue|most) "
    r"(?:payday |online |high-cost |loan )?(?:lenders|apps|sharks|companies|firms|websites|sites|platforms)\b"
    r"|有些(?:平台|网贷|贷款|app|APP|机构)|有的(?:平台|网贷|贷款|机构)|某些(?:平台|网贷|贷款|机构)|一些(?:黑)?(?:平台|网贷|机构)",
    cached=False,
)
_OWN_VOICE = lazy_compile(r"\b(?:we|our|us)\b|我们|我司|本平台|咱们", cached=False)


# a change or a yield said of something with no price word in its sentence ("Prices rose 3% a month
# last spring", "Your loan balance drops by 2% every month", "Savings accounts earn 1% a month, loans
# cost more"): no loan's price (session 38)
_CHANGE_EN = lazy_compile(
    r"\b(?:sav(?:e|es|ed|ing|ings)|earn(?:s|ed|ing)?|deposits?|drop(?:s|ped)?|fall(?:s|en)?|fell"
    r"|ris(?:e|es|en|ing)|rose|gr(?:ow|ows|ew|own)|(?:in|de)creas(?:e|es|ed)|inflation"
    # (not the lender's own: "that's our whole price"; session 39)
    r"|(?<!our )(?<!whole )(?<!full )(?<!only )prices?"
    r"(?! is [0-9.]+ ?(?:%|percent|per cent)(?! (?:lower|higher|cheaper|dearer|more|less|up|down)))"
    r"|went (?:up|down)"
    r"|shrink(?:s)?|shrank)\b",
    cached=False,
)


def _not_priced_en(text: str, start: int, end: int) -> bool:
    lo, hi = _sentence_of(text, start, end)
    return (
        _CHANGE_EN.search(text, lo, hi) is not None
        and _PRICE_RE.search(text, lo, hi) is None
        and not _cjk_in(text, lo, hi)
    )


_ADVISED_AFTER = lazy_compile(
    r"\b(?:but|yet|however|so)\b,? (?:always |do |please |you should |you'd better )?"
    r"(?:check|compare|ask (?:for|about)|look at|work out|find out)\b[^.!?]{0,24}\b(?:apr|annual percentage)"
    r"|(?:但|可是|不过|所以)(?:一定|还是|最好|务必|请)?要?(?:看清|看|比较|问清|问|算清|算)(?:一下|清楚)?[^。！？]{0,6}年化",
    cached=False,
)


def _warned(text: str, start: int, end: int) -> bool:
    lo = max(_sentence_of(text, start, end)[0], start - 80, text.rfind(". ", 0, start) + 1)
    if _WARNED.search(text, lo, start) is not None:
        return True
    # advice after it: "Half a percent a month sounds small, but check the APR before you sign",
    # 月息一分看着不高，但一定要看年化 (the speaker tells the reader to look at the APR; session 39)
    if _ADVISED_AFTER.search(text, end, _sentence_of(text, start, end)[1]) is not None:
        return True
    # a third party's voice ("Warning: some lenders add 3% to your balance every week", 有些平台
    # 日息万五): not the lender's quote, unless the lender speaks after it ("Unlike other lenders
    # who charge 5%, we charge just 2% a month") (session 38)
    ends = [m.end() for m in _OTHER_LENDERS.finditer(text, lo, start)]
    return bool(ends) and _OWN_VOICE.search(text, ends[-1], start) is None


# a sum of money between a percentage and the period word after it owns that period
# a full stop between a figure and a keyword after it: a '.' before a space or the end, not the
# dot of a one-letter abbreviation ("2 p.c. a month") or of a decimal
_FULL_STOP = lazy_compile(r"(?<![0-9])(?<!\b[a-z])\.(?=\s|$)", cached=False)
_SUM_BETWEEN = lazy_compile(r"[$£€₹₦₱₵][0-9]|[0-9](?:元|块|蚊)")


# An English APR, also in thousands ("a representative APR of 3,273%"), and a loan's term in
# years ("over 4 years"): read by _en_covered (session 32).
_EN_APR_ANY = lazy_compile(
    r"\b(?:apr|annual percentage rate)\b[^0-9%;]{0,30}?(?P<a>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]+(?:\.[0-9]+)?) ?%|(?P<b>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?) ?%"
    r" (?:representative |variable |fixed )?(?:apr|annual percentage rate)\b"
)
_EN_YEARS = lazy_compile(
    r"\bover (?P<n>[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) years?\b"
)
_HANZI_IN = lazy_compile(r"[\u3400-\u9fff]")


def _payment_rate(share: float, count: int) -> float | None:
    """The rate a period that makes ``count`` equal payments of ``share`` of the sum lent repay
    it (bisection), or None when they do not cover the sum."""
    if share * count <= 1:
        return None
    low, high = 0.0, share
    for _ in range(60):
        mid = (low + high) / 2
        if mid * count < 1e-9 or mid / (1 - (1 + mid) ** -count) < share:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _compound(rate: float, periods: int) -> float:
    """(1 + rate) ** periods - 1, or infinity past what a float holds: a daily rate of 650% and
    up compounds beyond 1e308 over a year ("daily rate 700%, APR 18.25%" raised OverflowError and
    took the whole check, and the warning, with it)."""
    try:
        return (1 + rate) ** periods - 1
    except OverflowError:
        return math.inf


def _en_covered(text: str, kind: str, value: Decimal, months: int | None) -> bool:
    """An English message's stated APR equals the quote under a usual compounding (a week's or a
    day's rate compounded over the year, a month's), or is the IRR of a monthly payment over the
    stated term: "£7 per £100 per week ... a representative APR of 3,273%", "APR 22.9%
    representative; borrow £8,000 over 4 years, monthly payment £246.86"."""
    if "apr" not in text and "annual percentage" not in text:
        return False
    if _HANZI_IN.search(text) is not None:
        return False
    stated = [
        float((m.group("a") or m.group("b")).replace(",", "")) / 100
        for m in _EN_APR_ANY.finditer(text)
    ]
    if not stated:
        return False
    rate = float(value) / 100
    if kind == "daily":
        candidates = [rate * 365, _compound(rate, 365), _compound(7 * rate, 52)]
    elif kind == "weekly":
        candidates = [rate * 52, _compound(rate, 52)]
    elif kind == "monthly":
        candidates = [rate * 12, _compound(rate, 12)]
        count = months or quoted_months(text)  # ("£3,000 over 36 months costs £115.97 monthly")
        if count is None:
            years = _EN_YEARS.search(text)
            if years is not None:
                n = years.group("n")
                count = 12 * (int(n) if n.isdigit() else _EN_UNITS.get(n, 0))
        period = _payment_rate(rate, count) if count else None
        if period is not None:
            candidates += [period * 12, _compound(period, 12)]
    elif kind == "flat_monthly" and months is None and quoted_months(text) is None:
        # ("The fee is ₦5 per ₦100 each month, an APR of 60% (79.6% effective)": no term, a
        # fee on the balance each month as well as a flat one; its stated APR covers it; s39)
        candidates = [rate * 12, _compound(rate, 12)]
    else:
        return False
    return any(abs(s - c) <= max(0.006, s * 0.05) for s in stated for c in candidates)


# Session 43: a UK-style representative example ("Representative 21.9% APR. Borrow 2,000 over 18 months,
# total repayable 2,392", "Representative APR 79.5%: borrow £500 for 6 months, total repayable £640.88"):
# the sums lent and repaid are the example the APR belongs to, before a colon or in the next sentence,
# even where the APR was rounded or its fees are not spelled out. Covered when the quote is read from sums
# (no percentage in it), nothing is charged besides ("also", "plus", "on top", "additional", "extra"),
# and the stated APR is the quote's own: not below its yearly rate by more than a fifth (an APR that
# understates the example misleads: "Representative APR 9.9%: borrow £5,000 over 36 months, £181.47 a
# month" is ~21.5% and warns), not above it more than twice (fees the sums leave out). The yearly rate is
# read with instalments and, where none is named, as one repayment at the end of the term too.
# "Our card is 19.9% APR. Borrow £100 for 30 days, repay £124" (~290% a year and up) still warns.
_EN_BESIDES = lazy_compile(
    r"\b(?:also|plus|on top|additional|in addition|extra|as well)\b", cached=False
)
_EN_INSTALMENTS = lazy_compile(
    r"\b(?:a month|per month|monthly|each month|every month|a week|per week|weekly|payments? of|repayments? of"
    r"|instal+ments?|emis?)\b",
    cached=False,
)


def _en_example_covered(
    text: str, start: int, end: int, kind: str, value: Decimal, months: int | None
) -> bool:
    if "%" in text[start:end] or "apr" not in text or _HANZI_IN.search(text) is not None:
        return False
    if _EN_BESIDES.search(text) is not None:
        return False
    stated = [
        float((m.group("a") or m.group("b")).replace(",", "")) / 100
        for m in _EN_APR_ANY.finditer(text)
    ]
    rate = float(value) / 100
    instalments = _EN_INSTALMENTS.search(text) is not None
    yearly: list[float] = []
    if kind in ("flat_monthly", "monthly"):
        count = months or quoted_months(text)
        if kind == "monthly" or not count:
            yearly += [rate * 12, _compound(rate, 12)]
        if count:
            if kind == "flat_monthly":
                period = _payment_rate((1 + rate * count) / count, count)
                if period is not None:
                    yearly += [period * 12, _compound(period, 12)]
                # (or the figure read is the instalment itself: "₦250,000 for 6 months. Monthly
                # repayment ₦48,300")
                share = _payment_rate(rate, count)
                if share is not None:
                    yearly += [share * 12, _compound(share, 12)]
            if not instalments:
                yearly += [rate * 12, (1 + rate * count) ** (12 / count) - 1]
    elif kind == "daily":
        yearly = [rate * 365, _compound(rate, 365)]
    elif kind == "weekly":
        yearly = [rate * 52, _compound(rate, 52)]
    if not yearly:
        return False
    low, high = min(yearly) / 1.25, max(yearly) * 2
    return any(s > 0 and low <= s <= high for s in stated)


def _covered(
    text: str,
    start: int,
    end: int,
    kind: str,
    value: Decimal,
    months: int | None,
    disclosures: list[tuple[int, int, Decimal]],
) -> bool:
    """An annual rate covers the quote it sits beside in brackets, or the one it equals."""
    if _en_covered(text, kind, value, months):
        return True
    if _en_example_covered(text, start, end, kind, value, months):
        return True
    if not disclosures:
        return False
    if (
        _INSTALMENT_ZH.search(text, start, end) is not None
        and _PRICE_WORD_ZH.search(text, start, end) is None
        and _BESIDES_ZH.search(text) is None
    ):
        return True  # (信貸核准金額50萬元，月付9,110元，總費用年百分率5.28%: the instalment, its APR beside)
    apr, ear = annualise(kind, value, months)
    # a flat figure each period beside an annual rate said to be simple (单利) and equal to twelve
    # of it: 年化利率12.6%（单利）…每期利息为本金的1.05% (interest on the sum lent, the same rate)
    nominal = value * 12 if kind == "flat_monthly" and "单利" in text else None
    for d_start, d_end, stated in disclosures:
        tolerance = max(Decimal("0.6"), stated * Decimal("0.05"))
        if abs(stated - apr) <= tolerance or abs(stated - ear) <= tolerance:
            return True
        if nominal is not None and abs(stated - nominal) <= Decimal("0.05"):
            return True
        gap = text[end:d_start] if d_start >= end else text[d_end:start]
        if len(gap.strip()) <= 1 and all(c in "(（[【 " for c in gap):
            return True
    return False


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _whole_hanzi(body: str, m: re.Match[str], value: Decimal) -> tuple[int, Decimal]:
    """一千五百: the money pattern stops at 千 (its unit) where the figure goes on in hanzi with
    no unit after it; the whole run's end and value (as RateDetector._money_quotes reads it),
    or the match's where the run counts days or months (一万一天) or is no larger."""
    end = m.end()
    if (
        m.group("tail") is not None
        or not m.group("num")
        or end >= len(body)
        or body[end] not in _CN_NUMERAL
    ):
        return end, value
    whole = _HANZI_RUN.match(body, m.start())
    if whole is None or body[whole.end() : whole.end() + 1] in _COUNTED:
        return end, value
    figure = cn_int(whole.group())
    if figure is None or figure <= value:
        return end, value
    return whole.end(), figure


def _cjk_in(text: str, start: int, end: int) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text[start:end])


_ON_TOP_EN = lazy_compile(
    r"on top|in interest|as interest|as a fee|in fees|\bwe (?:add|charge|take|deduct)\b|(?:is|are|gets) added"
    r"|\b(?:the|our) (?:cost|charge|fee|price) is\b|as our (?:charge|fee)",
    cached=False,
)


def _not_a_price_en(text: str, lo: int, hi: int) -> bool:
    """A saving, a repayment or a change, not a price: but a share "of the loan" paid "on top of
    the capital" is the price (session 39: "every payday you hand back 8% of the loan on top")."""
    for m in _NOT_A_PRICE_EN.finditer(text, lo, hi):
        if not (
            m.group().startswith("of ")
            and (
                _ON_TOP_EN.search(text, lo, hi)
                # ("we keep 5% of the loan", "we collect 2.5% of the balance": the lender's
                # verb takes the share; session 40)
                or _LENDER_TAKES.search(text, max(lo, m.start() - 40), m.start())
            )
        ):
            return True
    return False


_LENDER_TAKES = lazy_compile(
    r"\bwe (?:charge|take|keep|collect|deduct|add|skim|bill)\b[^.;!?]*$", cached=False
)


_PER_BASE = lazy_compile(
    r"(?:per|every|each|for every|for each|in every|on every|on each) (?:single )?$", cached=False
)
_FOLK_BY = lazy_compile(rf"(?<=按){_FOLK}(?=走|计|算|收|来)", cached=False)
_FOLK_BY_LOAN = lazy_compile(r"借|贷|款|单|利|息|月", cached=False)
_EXTRA_SHARE = lazy_compile(
    r"(?:多还|多给|多付|多交|额外还|额外给|额外付|额外交)(?:个|上|出)?(?:了|就|只要|才)?$",
    cached=False,
)
_SHARE_INTEREST = lazy_compile(r"的(?:月?利息?|息)(?![用于好润益差率])", cached=False)
_ZH_PERIOD_NAMED = lazy_compile(
    r"(?P<d>[天日])|(?P<w>周|星期|礼拜)|(?P<m>月)(?!底|末|初)", cached=False
)


def _sentence_period(text: str, start: int, end: int) -> str | None:
    """The period named nearest a figure in its sentence (一个月一结 / 按月 / 一个礼拜): its kind."""
    lo, hi = _sentence_of(text, start, end)
    best = None
    for m in _ZH_PERIOD_NAMED.finditer(text, lo, hi):
        dist = start - m.end() if m.end() <= start else m.start() - end
        if best is None or dist < best[0]:
            best = (dist, "daily" if m.group("d") else "weekly" if m.group("w") else "monthly")
    return None if best is None else best[1]


# "six and a half percent... what's the monthly", "and the weekly on that?": a period adjective
# after a determiner is a noun, the payment asked, not the period of the figure before it (session
# 40); "the monthly rate / fee / interest" keeps its period; "monthly payments" is a payment's
# period, never the rate's
_DETERMINER_BEFORE = lazy_compile(
    r"(?:^|[^a-z])(?:the|my|your|his|her|our|their|a) $", cached=False
)
_RATE_NOUN_AFTER = lazy_compile(
    r" (?:(?:flat|service|admin|account|management|processing|facility|interest|simple|"
    r"effective|nominal|percentage|compound) )*(?:rates?|interest|fees?|charges?|costs?|"
    r"percentage|apr|flat)(?![a-z])",
    cached=False,
)
_PERIOD_NOUNS = frozenset(("monthly", "weekly", "fortnightly", "daily", "quarterly"))


_PAYMENT_NOUN_AFTER = lazy_compile(
    r" (?:re)?payments?(?![a-z])| instal+ments?(?![a-z])| amounts?(?![a-z])"
    # "ballpark monthly figure / bill / sum / number / total / outgoing" (session 41)
    r"| (?:figure|bill|sum|number|total|outgoing)s?(?![a-z])",
    cached=False,
)


def _period_noun(text: str, start: int, end: int) -> bool:
    if text[start:end].lower() not in _PERIOD_NOUNS:
        return False
    low = text.lower()
    if _PAYMENT_NOUN_AFTER.match(low, end) is not None:
        return True  # "equal monthly payments, six and a half percent": the payment's period
    return (
        _DETERMINER_BEFORE.search(low, max(0, start - 7), start) is not None
        and _RATE_NOUN_AFTER.match(low, end) is None
    )


def _bounded(light: str, start: int, end: int) -> bool:
    """Latin keywords must be whole words: "apr" is not in "april"."""
    first, last = light[start], light[end - 1]
    if first.isascii() and first.isalpha() and start > 0 and _latin(light[start - 1]):
        return False
    return not (last.isascii() and last.isalpha() and end < len(light) and _latin(light[end]))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# The reader's own keywords (no rule set): the period words of the shipped rate-quote rules,
# zh and en, so that a borrower's "三分利", "两分钱一块" or "日息万五" reads as `loancs check`
# reads an agent's.
_READER_WORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "daily",
        ("日息", "日利率", "日利息", "每日利息", "每天利息", "日费率", "每日利率", "天息")
        + ("日均利息", "按日计息", "每日费率", "每天的利息", "日化利率", "日化费率", "日化"),
        ("每天", "一天", "每日", "/天", "/日"),
    ),
    (
        "weekly",
        ("周利率", "周息", "每周利息", "周利息", "每周利率", "每星期利息", "周费率"),
        # (一个礼拜两个点: the colloquial week; session 39)
        ("每周", "一周", "每星期", "每个星期", "/周", "一个礼拜", "每个礼拜", "每礼拜", "一礼拜"),
    ),
    (
        "monthly",
        ("月付利息", "月付利率", "月付息", "月息", "月利率", "月利息", "每月利息", "每月利率")
        + ("月利", "每个月利息", "每个月利率", "按月计息", "一个月", "每个月", "月化利率")
        + ("月化费率", "月化", "利息每月", "利息每个月", "利率每月", "利息按月"),
        ("每月", "一个月", "/月", "每个月"),
    ),
    (
        "flat_monthly",
        ("月费", "每月费用", "月费率", "每月费率", "月手续费", "每月手续费", "手续费每月")
        + ("月服务费", "每月服务费", "服务费每月", "月管理费", "每月管理费", "管理费每月")
        + ("每期费率", "每期", "每期手续费", "每期服务费", "每期管理费", "月手续费率"),
        (),
    ),
    (
        "daily",
        ("daily rate", "daily interest", "daily interest rate", "interest per day", "daily fee"),
        ("a day", "per day", "daily", "each day", "every day", "/day", "every single day"),
    ),
    (
        "weekly",
        ("weekly rate", "weekly interest", "weekly interest rate", "interest per week"),
        ("a week", "per week", "each week", "every week", "weekly", "/week", "/wk")
        + ("every single week",),
    ),
    (
        "monthly",
        ("monthly rate", "monthly interest", "monthly interest rate", "interest per month")
        + ("interest is", "per month"),
        ("a month", "per month", "monthly", "each month", "every month", "/month", "/mo")
        + ("every single month", "per calendar month", "each calendar month", "a calendar month")
        + ("pm", "p.m.", "per mensem"),
    ),
    (
        "flat_monthly",
        ("monthly fee", "monthly service fee", "flat monthly rate", "flat rate of")
        + ("monthly charge", "fee per installment", "fee per instalment", "installment fee")
        + ("instalment fee", "monthly handling fee", "monthly management fee"),
        ("per installment", "per instalment", "per period", "each period", "every period"),
    ),
)
_READER_TERMS: dict[str, tuple[str, ...]] = {
    "annual_before": (
        "年化",
        "年化利率",
        "年利率",
        "年息",
        "apr",
        "annual rate",
        "annual interest rate",
    )
    + ("annualized", "annualised", "annual percentage rate"),
    "annual_after": ("年化", "apr", "a year", "per year", "per annum", "p.a.", "annually"),
    "penalty": ("违约金", "罚息", "逾期", "滞纳金", "late fee", "penalty", "default interest"),
}


@lru_cache(maxsize=1)
def _reader() -> RateDetector:
    rules = [
        Rule(
            id=f"reader.{n}.{kind}",
            category="rate",
            severity="info",
            message="",
            suggestion="",
            detector="rate-quote",
            patterns=patterns,
            after=after,
            quote_kind=kind,
        )
        for n, (kind, patterns, after) in enumerate(_READER_WORDS)
    ]
    return RateDetector(rules, _READER_TERMS)


def read_rates(text: str) -> list[RateQuote]:
    """Every periodic rate ``text`` states, in its order: the parser of ``loancs check`` with
    its own period words (no rule set), keeping what the check lets pass (a rate asked about,
    reported, or beside its APR): "三分利一年多少" -> 3 a month, "两分钱一块" -> 2 a month,
    "日息万五" -> 0.05 a day, "每期手续费0.6%，分12期" -> 0.6 flat a month over 12.
    ``rate_pct`` is per period in percent, ``kind`` daily | monthly | flat_monthly (a weekly
    rate is read as a seventh of it a day), ``months`` the term stated for a flat fee; the
    offsets are into ``text``. Pure: no I/O; the period words are this module's."""
    from loancs.core.normalize import normalize

    return _reader().find(normalize(text), every=True)
