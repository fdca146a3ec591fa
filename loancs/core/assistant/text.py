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

import cn2an
import opencc

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


def fold(original: str) -> Folded:
    text = _FACE_RE.sub(lambda m: WECHAT_FACES[m.group(0)], original)
    text = _MARKUP.sub(" ", text)  # after the faces: "/:<L>" is one
    text = _BRACKET_FACE.sub(lambda m: f" {m.group(1)} ", text)
    for emoji, word in _EMOJI.items():
        if emoji in text:
            text = text.replace(emoji, word)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch in "\n\t"
    )
    text = _T2S.convert(text.casefold()).replace("您", "你")
    text = _TYPO_RE.sub(lambda m: TYPOS[m.group(0)], text)
    text = _EN_TYPO_RE.sub(lambda m: _EN_TYPOS[m.group(0)], text)
    text = _SPACES.sub(" ", text).strip()
    return Folded(original, text, to_digits(text), detect_lang(text))


def to_digits(text: str) -> str:
    """Chinese numerals -> Arabic digits ("二十万" -> "200000", "两年半" -> "2年半")."""
    if not _CJK.search(text):
        return text
    # "八万三年" is 8万 over 3年, not 83000, and "借一万一天两块" is 1万 and 1天: keep the
    # numeral with its own unit.
    text = _UNIT_SPLIT.sub(r"\1 \2\3", text)
    text = _FRACTION_SPLIT.sub(r"\1 \2", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.transform(text, "cn2an"))
        except Exception:  # cn2an refuses odd mixtures; the digits already there still count
            return text
