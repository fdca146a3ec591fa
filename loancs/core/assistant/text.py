"""Borrower text, folded for understanding: NFKC, case-fold, traditional -> simplified,
WeChat emoji codes spelled out, common voice-to-text and typing slips repaired, and the
Chinese numerals of a message turned into digits for the slot readers.

Pure: no I/O. OpenCC and cn2an are in-memory converters.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal

import cn2an
import opencc

from loancs.core.numwords import EN_TENS as _EN_TENS
from loancs.core.numwords import EN_UNITS as _EN_SMALL

_T2S = opencc.OpenCC("t2s")

# WeChat's text codes for its built-in faces (what a push's Content carries) and the
# bracketed names of newer ones. Only faces that carry a feeling matter here.
WECHAT_FACES: dict[str, str] = {
    "/::@": " 发怒 ",
    "/::(": " 难过 ",
    "/::<": " 流泪 ",
    "/::Q": " 抓狂 ",
    "/::L": " 流汗 ",
    "/::'(": " 大哭 ",
    "/::-|": " 尴尬 ",
    "/::T": " 吐 ",
    "/::!": " 惊恐 ",
    "/:,@!": " 衰 ",
    "/::)": " 微笑 ",
    "/::D": " 呲牙 ",
    "/:strong": " 强 ",
    "/:weak": " 弱 ",
    "/:bye": " 再见 ",
    "/:rose": " 玫瑰 ",
    "/:handclap": " 鼓掌 ",
    "/::P": " 调皮 ",
}
_FACE_RE = re.compile("|".join(re.escape(k) for k in sorted(WECHAT_FACES, key=len, reverse=True)))
_BRACKET_FACE = re.compile(
    r"\[(发怒|难过|流泪|抓狂|大哭|怒|生气|微笑|再见|强|弱|衰|鼓掌|捂脸|叹气|哭|委屈|裂开)\]"
)
_EMOJI = {
    "😡": " 发怒 ",
    "😠": " 发怒 ",
    "🤬": " 发怒 ",
    "😭": " 大哭 ",
    "😢": " 流泪 ",
    "😞": " 难过 ",
    "🙏": " 拜托 ",
    "👍": " 好 ",
    "😊": " 微笑 ",
    "🙂": " 微笑 ",
}

# Slips that voice input and pinyin keyboards make in this domain (after t2s).
TYPOS: dict[str, str] = {
    "代款": "贷款",
    "贷宽": "贷款",
    "待款": "贷款",
    "利洗": "利息",
    "利習": "利息",
    "还宽": "还款",
    "换款": "还款",
    "环款": "还款",
    "提钱还": "提前还",
    "题前还": "提前还",
    "月共": "月供",
    "越供": "月供",
    "正信": "征信",
    "征心": "征信",
    "审和": "审核",
    "审盒": "审核",
    "人公": "人工",
    "仁工": "人工",
    "额渡": "额度",
    "逾其": "逾期",
    "余期": "逾期",
    "合通": "合同",
    "手须费": "手续费",
    "材科": "材料",
    "资枓": "资料",
    "材枓": "材料",
    "申情": "申请",
    "放宽": "放款",
    "年化利律": "年化利率",
    "利律": "利率",
}
_TYPO_RE = re.compile("|".join(re.escape(k) for k in sorted(TYPOS, key=len, reverse=True)))
_EN_TYPOS = {
    "intrest": "interest",
    "intrerest": "interest",
    "interst": "interest",
    "repayement": "repayment",
    "repaymnet": "repayment",
    "prepayement": "prepayment",
    "aplication": "application",
    "applicaton": "application",
    "aply": "apply",
    "morgage": "mortgage",
    "mortage": "mortgage",
    "morgtage": "mortgage",
    "wat": "what",
    "hw": "how",
    "documnets": "documents",
    "documets": "documents",
    "recieve": "receive",
    "recieved": "received",
    "loann": "loan",
    "lone": "loan",
    "montly": "monthly",
    "monthy": "monthly",
    "salery": "salary",
    "eligable": "eligible",
    "elligible": "eligible",
    "penality": "penalty",
    "complain": "complain",
    "humen": "human",
    "opperator": "operator",
    "credt": "credit",
    "mnth": "month",
    "mnths": "months",
    "yearley": "yearly",
    "buisness": "business",
    "bussiness": "business",
    "busness": "business",
    "buisiness": "business",
}
# A misspelt word counts in the plural too ("morgages").
_EN_TYPO_RE = re.compile(r"\b(" + "|".join(_EN_TYPOS) + r")(?=s?\b)")
# Web-chat markup ("how much for a car? <script>x</script>", "<b>急</b>"): the page shows it as
# text and nothing runs it, so the question around it is read without the tags.
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_UNIT_SPLIT = re.compile(r"([万千])([一二两三四五六七八九十半]+)(年|个月|期|个星期|天)")
# "万分之五一年" is 万分之五 over 一年, not 万分之51
_FRACTION_SPLIT = re.compile(r"(分之[一二两三四五六七八九])(一(?:年|天|个月))")
# Money said aloud: "一块五" is 1.5 yuan, "三毛五" 0.35, "十二块五" 12.5 (not 15, 35, 125);
# the digit after 块/毛 is tenths (hundredths) unless a unit of its own follows it ("一万块五年").
_CN_ONE = "一二两三四五六七八九"
_SPOKEN_YUAN = re.compile(
    r"(块|元)(["
    + _CN_ONE
    + r"])(?:毛|角)?(?![十百千万亿年天月期周个星次]|["
    + _CN_ONE
    + r"](?![天年个周星]))"
)
_SPOKEN_MAO = re.compile(
    r"(?<![块元])([" + _CN_ONE + r"])(毛|角)([" + _CN_ONE + r"])(?:分)?"
    r"(?![十百千万亿年天月期周个星次]|[" + _CN_ONE + r"](?![天年个周星]))"
)
_CN_DIGIT = {c: str(n) for n, c in enumerate("零一二三四五六七八九")} | {"两": "2"}
_DIGIT_YUAN = re.compile(
    r"(?<![\d.])(\d+)(块|元)(\d)(?:(?:毛|角)|(?![\d.])(?!\s*[年天月期周个星次号日万千百%]))"
)
_DIGIT_MAO = re.compile(
    r"(?<![\d.])(\d)(?:毛|角)(\d)(?:分|(?![\d.])(?!\s*[年天月期周个星次号日万千百%]))"
)
# A rate said aloud: "七个点二" -> 7.2个点, "三块九毛五" (3块9毛5) -> 3.95块, and the points of a
# yearly rate in 厘 ("年息六厘八" = 6.8% a year; 月息 in 厘 is a folk monthly rate, read elsewhere)
_SPOKEN_POINTS = re.compile(r"(?<![\d.])(\d+)个点(\d{1,2}|半)(?![\d.%％])")
_SPOKEN_YUAN_MAO = re.compile(
    r"(?<![\d.])(\d+)(块|元)(\d)(?:毛|角){1,2}(\d)(?:分)?(?![\d.])(?!\s*[个年天月期周星次号日万千百%])"
)
_ANNUAL_LI = re.compile(
    r"(年化|年利率|年息|年率)([^\d，,。？?！!]{0,3}?)(\d{1,2})厘(\d|半)?(?![\d.])"
)
# ... and in 分 ("年息三分" = 30% a year, "年利率一分五" = 15%: a yearly 分 is ten points; 月息 in 分
# is a folk monthly rate, read elsewhere)
_ANNUAL_FEN = re.compile(
    r"(年化|年利率|年息|年率)([^\d，,。？?！!]{0,3}?)(\d{1,2})分(\d|半)?(?![\d.之钟])"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]{2,}")


@dataclass(frozen=True, slots=True)
class Folded:
    """``text``: folded for the classifier and the phrase rules; ``numeric``: the same with
    Chinese numerals as digits, for the slot readers; ``lang``: zh or en."""

    original: str
    text: str
    numeric: str
    lang: str


def detect_lang(text: str) -> str:
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text.lower()))
    return "zh" if cjk and cjk >= latin else ("en" if latin else "zh")


_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1000000}
_EN_WORD = "|".join(sorted([*_EN_SMALL, *_EN_TENS, *_EN_SCALES], key=len, reverse=True))
# A figure said in words ("thirty five thousand", "two hundred and seventy", "six and a half
# percent", "eighteen thousand"): several number words in a row, or one before a unit.
_EN_RUN = re.compile(
    rf"\b(?:an? (?=(?:hundred|thousand)\b))?(?:{_EN_WORD})(?:(?:[ -]|,? and )(?:{_EN_WORD})\b)*"
    r"(?:(?P<half> and a half)(?! years?\b)|(?P<quarter> and (?:a|one) quarter)(?! years?\b)"
    r"|(?P<threeq> and three quarters?)(?! years?\b))?\b"
)
_EN_UNIT_AFTER = re.compile(
    r" ?(?:percent|per cent|pct|%|k\b|grand|thousand|years?|yrs?|months?|mos?\b|weeks?|days?"
    r"|yuan|rmb|dollars|bucks|quid|pounds|instalments?|installments?|payments?|a month|a year)"
)


def _en_run(m: re.Match[str]) -> str:
    words = re.findall(_EN_WORD, m.group(0).replace("-", " "))
    fraction = (
        ".5"
        if m.group("half")
        else ".25"
        if m.group("quarter")
        else ".75"
        if m.group("threeq")
        else ""
    )
    if len(words) < 2 and not fraction and _EN_UNIT_AFTER.match(m.string, m.end()) is None:
        return m.group(0)
    total, current = 0, 0
    for word in words:
        if word in _EN_TENS and 1 <= current <= 9:
            # "one-sixty-five", "two forty a month": hundreds said as a digit and its tens
            # (was read as 66 and 42)
            current = current * 100 + _EN_TENS[word]
        elif word in _EN_SMALL or word in _EN_TENS:
            current += _EN_SMALL.get(word, 0) + _EN_TENS.get(word, 0)
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _EN_SCALES[word]
            current = 0
    value = total + current
    return f"{value}{fraction}"


_EN_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_DIGIT_WORD = "|".join((*_EN_DIGIT_WORDS, "oh"))
# "five point four percent", "twelve point nine nine": a decimal said aloud
_EN_POINT = re.compile(
    rf"\b({_EN_WORD}|\d+) point ((?:{_EN_DIGIT_WORD})(?: (?:{_EN_DIGIT_WORD}))*|\d+)\b"
)


def _en_whole(word: str) -> str | None:
    """The whole part of a figure said aloud ("six", "twelve", "7"), or None for another word."""
    if word.isdigit():
        return word
    if word not in _EN_SMALL and word not in _EN_TENS:
        return None
    return str(_EN_SMALL.get(word, 0) + _EN_TENS.get(word, 0))


def _en_point(m: re.Match[str]) -> str:
    whole = _en_whole(m.group(1))
    if whole is None:
        return m.group(0)
    tail = m.group(2)
    if not tail.isdigit():
        tail = "".join("0" if w == "oh" else str(_EN_DIGIT_WORDS.index(w)) for w in tail.split())
    return f"{whole}.{tail}"


_EN_BARE_POINT = re.compile(
    rf"(?<![\w.])point ((?:{_EN_DIGIT_WORD})(?: (?:{_EN_DIGIT_WORD}))*|\d+)"
    r"(?= ?(?:percent|per cent|%|pc\b|a day\b|a month\b|daily\b|monthly\b|per (?:day|month|annum|year)\b))"
)


# "five hundredths of a percent", "three tenths of a percent": a fraction of a percent said aloud
_EN_PART_OF_PCT = re.compile(
    rf"\b({_EN_WORD}|\d+) (tenth|hundredth|thousandth)s? of (?:a |one )?(?:percent|per cent|%)"
)


def _en_part_of_pct(m: re.Match[str]) -> str:
    whole = _en_whole(m.group(1))
    if whole is None:
        return m.group(0)
    scale = {"tenth": 10, "hundredth": 100, "thousandth": 1000}[m.group(2)]
    value = Decimal(whole) / scale
    return f"{value.normalize():f} percent"


def _en_bare_point(m: re.Match[str]) -> str:
    tail = m.group(1)
    if not tail.isdigit():
        tail = "".join("0" if w == "oh" else str(_EN_DIGIT_WORDS.index(w)) for w in tail.split())
    return f"0.{tail}"


# "six and three quarters percent", "seven and a quarter": a quarter said aloud
_EN_QUARTER = re.compile(
    rf"\b({_EN_WORD}|\d+) and (a|one|three) quarters?\b(?! (?:of|years?|hours?)\b)"
)


def _en_quarter(m: re.Match[str]) -> str:
    whole = _en_whole(m.group(1))
    if whole is None:
        return m.group(0)
    return f"{whole}.{'75' if m.group(2) == 'three' else '25'}"


def spoken_decimals(text: str) -> str:
    """Only the decimals said aloud ("five point four", "point zero four five percent") as
    digits, the rest as written: for a reader of the written text (rates.py reads "four
    percent a day" out of "point oh four percent a day")."""
    if "th" in text and " of " in text:
        text = _EN_PART_OF_PCT.sub(_en_part_of_pct, text)
    if "point " not in text:
        return text
    return _EN_BARE_POINT.sub(_en_bare_point, _EN_POINT.sub(_en_point, text))


def english_digits(text: str) -> str:
    """English figures in words -> digits, for the slot readers ("thirty five thousand" ->
    "35000", "six and a half percent" -> "6.5 percent", "five point four" -> "5.4"); a lone
    word ("one of them") stays."""
    if not _LATIN_WORD.search(text):
        return text
    if "th" in text and " of " in text:
        text = _EN_PART_OF_PCT.sub(_en_part_of_pct, text)
    if "point " in text:
        text = _EN_POINT.sub(_en_point, text)
        # "daily interest point zero four five percent", "point six percent a month": a rate
        # said from its decimal point, with no whole part (it was read as 45% or 6%)
        text = _EN_BARE_POINT.sub(_en_bare_point, text)
    if "quarter" in text:
        text = _EN_QUARTER.sub(_en_quarter, text)
    return _EN_RUN.sub(_en_run, text)


def fold(original: str) -> Folded:
    text = _FACE_RE.sub(lambda m: WECHAT_FACES[m.group(0)], original)
    text = _MARKUP.sub(" ", text)  # after the faces: "/:<L>" is one
    text = _BRACKET_FACE.sub(lambda m: f" {m.group(1)} ", text)
    for emoji, word in _EMOJI.items():
        if emoji in text:
            text = text.replace(emoji, word)
    text = unicodedata.normalize("NFKC", text)
    # ... and half of a UTF-16 surrogate pair ("Cs": an emoji cut in two, or a byte the
    # terminal's encoding could not read, as `loancs ask` gets it): OpenCC cannot encode it
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Cs") or ch in "\n\t"
    )
    text = _T2S.convert(text.casefold()).replace("您", "你")
    text = _TYPO_RE.sub(lambda m: TYPOS[m.group(0)], text)
    text = _EN_TYPO_RE.sub(lambda m: _EN_TYPOS[m.group(0)], text)
    text = _SPACES.sub(" ", text).strip()
    return Folded(original, text, to_digits(text), detect_lang(text))


def to_digits(text: str) -> str:
    """Chinese numerals -> Arabic digits ("二十万" -> "200000", "两年半" -> "2年半"), and
    English figures said in words ("thirty five thousand" -> "35000")."""
    text = english_digits(text)
    if not _CJK.search(text):
        return text
    # "八万三年" is 8万 over 3年, not 83000, and "借一万一天两块" is 1万 and 1天: keep the
    # numeral with its own unit.
    text = _UNIT_SPLIT.sub(r"\1 \2\3", text)
    text = _FRACTION_SPLIT.sub(r"\1 \2", text)
    # "一块五" -> "一块5毛", "三毛五" -> "3毛5分": the spoken tenths marked, read after cn2an
    text = text.replace("两毛", "二毛").replace("两角", "二角")
    text = _SPOKEN_YUAN.sub(lambda m: f"{m.group(1)}{_CN_DIGIT[m.group(2)]}毛", text)
    text = _SPOKEN_MAO.sub(lambda m: f"{_CN_DIGIT[m.group(1)]}毛{_CN_DIGIT[m.group(3)]}分", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            text = str(cn2an.transform(text, "cn2an"))
        except Exception:  # cn2an refuses odd mixtures; the digits already there still count
            pass
    text = _SPOKEN_POINTS.sub(
        lambda m: f"{m.group(1)}.{'5' if m.group(2) == '半' else m.group(2)}个点", text
    )
    text = _ANNUAL_LI.sub(
        lambda m: (
            f"{m.group(1)}{m.group(2)}{m.group(3)}."
            f"{'5' if m.group(4) == '半' else m.group(4) or 0}%"
        ),
        text,
    )
    text = _ANNUAL_FEN.sub(
        lambda m: (
            f"{m.group(1)}{m.group(2)}"
            f"{int(m.group(3)) * 10 + (5 if m.group(4) == '半' else int(m.group(4) or 0))}%"
        ),
        text,
    )
    text = _SPOKEN_YUAN_MAO.sub(r"\1.\3\4\2", text)
    text = _DIGIT_YUAN.sub(r"\1.\3\2", text)
    return _DIGIT_MAO.sub(r"0.\1\2元", text)
