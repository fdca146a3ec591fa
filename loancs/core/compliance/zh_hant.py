"""Taiwan / Hong Kong lending words read as the mainland's (session 39): one reader for every script.

The normalised views already fold traditional characters to simplified ones, one character at
a time (``已經幫您過件了`` -> ``已经帮你过件了``), so a frame written for simplified text sees the
characters of a zh-Hant message but not its WORDS: Taiwan says 過件 / 核貸 where the mainland says
批了 / 审批, 聯徵 for 征信, 門號 for 手机号, 撥款 for 放款, 帳戶 (folded 帐户) for 账户, 身分證 for
身份证. :func:`mainland` gives a message's views with those words replaced by the mainland ones,
so the Chinese frames (zh_frames.py, zh_clause.py) read a zh-Hant message as they read a
simplified one. The table is what a Taiwanese or Hong Kong lender, collector or borrower says
(loan process, papers, money movement, places and people of a collection), keyed by the FOLDED
form; a word the mainland also uses with another sense is left out (二胎: a second mortgage in
Taiwan, a second child on the mainland) or bounded by its context.

Only a message holding a traditional character is mapped (one C-level search of a character
class on the original text: a simplified message pays that and nothing else), and only when a
word of the table is in it. Every replacement maps each of its characters to a character of the
word it replaces, so a frame's span still covers what the writer typed (the caller maps the
mapped view's spans back to the message's own views through the original offsets).
"""

from __future__ import annotations

from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import Normalized

# folded (simplified, 您 -> 你) Taiwan / Hong Kong word -> the mainland word
# fmt: off
TERMS: dict[str, str] = {
    # the credit bureau and its record
    "联合征信中心": "征信中心", "联合征信": "征信", "联征中心": "征信中心", "联征": "征信",
    "环联": "征信", "信用纪录": "信用记录", "纪录": "记录", "信用评分": "征信评分",
    # the review and its outcome
    "过件": "审批通过", "核贷": "审批贷款", "核准": "批准", "核下来": "批下来", "核下": "批下",
    "核过": "批过", "核好": "批好", "核完": "批完", "核到": "批到", "核拨": "放款", "核发": "发放",
    "预核": "预审批", "批核": "审批", "送件": "提交申请", "送审": "提交审核", "对保": "签约",
    "照会": "电话核实", "乔好": "办好", "乔定": "办妥", "乔到": "办到", "退件": "被拒", "婉拒": "拒绝",
    # session 41: Hong Kong's fixing verbs and their completive 晒 (搞掂晒, 倾掂咗, 过晒关: all done)
    "搞掂晒": "搞定了", "搞掂": "搞定", "倾掂晒": "谈妥了", "倾掂": "谈妥", "搅掂": "搞定", "过晒关": "都通过了",
    "批晒": "批了", "办晒": "办好了", "弄掂": "弄好",
    # money moving
    "拨款": "放款", "拨贷": "放款", "拨入": "打入", "拨到": "打到", "拨给": "放给", "拨下来": "放下来",
    "汇入": "打入", "汇到": "打到", "入帐": "到账", "进帐": "到账", "入户口": "到账", "过数": "转账",
    "入数": "还款", "帐户": "账户", "户头": "账户", "帐单": "账单", "帐号": "账号", "欠帐": "欠账",
    "呆帐": "坏账", "帐": "账", "动用": "提现", "预借现金": "信用卡备用金", "缴款": "还款",
    "缴清": "还清", "缴不出来": "还不上", "缴不出": "还不上", "缴": "还",
    "卡债": "信用卡欠款", "卡奴": "信用卡欠债人", "债协": "债务协商", "前置协商": "债务协商",
    "法扣": "法院强制执行扣薪", "存证信函": "律师函", "支付命令": "法院支付令", "委外催收": "委托催收",
    "本票": "借条",
    # lenders and go-betweens
    "代书": "贷款中介", "当铺": "典当行", "财务公司": "贷款公司", "融资公司": "贷款公司",
    # papers and holdings
    "门号": "手机号", "身分证": "身份证", "健保卡": "医保卡", "劳保": "社保", "行照": "行驶证",
    "户口名簿": "户口本", "财力证明": "收入证明", "薪转": "工资流水", "薪资": "工资", "出粮": "发工资",
    "头期款": "首付", "机车": "摩托车", "透天厝": "独栋房子", "聘金": "彩礼", "喜酒": "婚宴",
    # people and places of a collection
    "国小": "小学", "国中": "初中", "安亲班": "托管班", "幼稚园": "幼儿园", "人资": "人事部",
    # the medium
    "简讯": "短信", "回覆": "回复", "答覆": "答复", "点选": "点击", "连结": "链接", "讯息": "信息", "资讯": "信息", "联络": "联系",
}
# fmt: on
# A word bounded by its context (帐 in 帐篷; 缴 of a tax or a fee is not a repayment).
_CONTEXT = {
    "帐": "帐(?!篷)",
    "缴": "缴(?![税费])",
    "核下": "核下(?!来)",
}

# Traditional characters a zh-Hant message of any length almost surely holds (the function words
# and the lending words' own): a message without one is not mapped.
_HANT_MARK = lazy_compile(
    "[們這個說會來過還錢貸額號門聯經時為對沒麼當債請問協繳撥帳戶幫開發點給訊讓從後專證無實現處將頭錄紀"
    "幾關應該條資產業車區網樣見銀買賣價費話語電動務員單與機裡邊進達運選辦準長間陳體題預領顯學寫歲傳勞"
    "報場夠寬導總擔據數斷極標檢權歸歷氣滿濟營獎環畫療盡監確禮種稱穩積節簡級紅納紙細終絕統綁緊線續聲職"
    "聽脅舉舊萬術補複規親觀訂計記許訴詐詢試認誰課論諾謝識護讀變貨貧賬質趕輕農遠醫鍵閃險隨難雙離頁項順"
    "須願類顧養驗點齊嗎啦裏撥匯繳鋪薪照廳]",
    cached=False,
)
_TERMS_RE = lazy_compile(
    "|".join(_CONTEXT.get(word, word) for word in sorted(TERMS, key=len, reverse=True)),
    cached=False,
)


def _mapped_view(view: str, index: tuple[int, ...]) -> tuple[str, tuple[int, ...]] | None:
    pieces: list[str] = []
    mapped: list[int] = []
    last = 0
    for m in _TERMS_RE.finditer(view):
        start, end = m.span()
        target = TERMS[m.group()]
        pieces.append(view[last:start])
        mapped.extend(index[last:start])
        pieces.append(target)
        mapped.extend(index[min(start + i, end - 1)] for i in range(len(target)))
        last = end
    if not pieces:
        return None
    pieces.append(view[last:])
    mapped.extend(index[last:])
    return "".join(pieces), tuple(mapped)


def is_hant(original: str) -> bool:
    """Whether ``original`` holds a traditional character of the marks (a zh-Hant message)."""
    return _HANT_MARK.search(original) is not None


def mainland(norm: Normalized) -> Normalized | None:
    """``norm`` with its Taiwan / Hong Kong lending words read as the mainland's (see
    :data:`TERMS`), or None when it is not zh-Hant or holds none of them."""
    if not is_hant(norm.original):
        return None
    light = _mapped_view(norm.light, norm.light_map)
    if light is None:
        return None
    dense = _mapped_view(norm.dense, norm.dense_map) or (norm.dense, norm.dense_map)
    return norm.replace(light=light[0], light_map=light[1], dense=dense[0], dense_map=dense[1])
