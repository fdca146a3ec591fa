"""One Chinese clause reader (session 37): a message's clauses as ROLES, and frames over them.

A frame whose trigger is a word list catches the listed words (session 36: 少年宫 was not a
listed place, 表嫂 not a listed kin). This module reads each sentence of a Chinese message
(the engine's light view: simplified, Cantonese particles folded) into roles, deciding a noun's
CLASS by its FORM (the head's suffix) instead of listing the nouns themselves:

- VOICE: the lender (我们 / 我司 / 我们的人 / 我 speaking to 你), a question, a report of what
  someone else said or did (有人…说, 中介说, 自称), a warning (诈骗, 别信), a RULE stated as a rule
  (…都是违规的, 不被允许: a statement about acts, not an act), a complaint being handled;
- the ADDRESSEE's SPHERE: 你/您 + (们|的|家|那个…) + a noun phrase whose head is a PERSON (kin
  and role suffixes: 舅妈, 室友, 店长, 保安队长, 老X / 小X), a CHILD, a PLACE (店, 宫, 场, 中心,
  门口, 那边…), a TIME or routine (每周六, 四点半, 放学), PROPERTY or livelihood (车, 档口, 生意);
- the DEBT (欠, 还钱, 这笔, 逾期) with a CONDITION or DEADLINE (再不, 要是…没, 月底, 一过), or the
  OFFER (借, 额度, 放款, 到账);
- the ACT's class: know-about (知道, 清楚, 认得), an unsure state (还能不能, A不A, 说不准), a
  change of manner (换一种方式, 不按规矩来), certainty (就过, 稳了, 不会卡), and whether a LAWFUL
  STEP is named (违约金, 征信, 法院, 分期, 客服: those pass).

The closed classes (pronouns, kin, role and place suffixes, modal and time words) are enumerated
once, here; the frames below combine roles, so an unlisted noun of the right class fires them:

- ``zh_r_menace`` (collection threat): the debt with a condition or deadline, and the lender
  knowing the addressee's place / routine / property, or an unsure state of the addressee's
  sphere, or a change of manner, with no lawful step named;
- ``zh_r_insider`` (guarantee): a person (any head of the class) tied to the speaker (是我X / 我X)
  inside the review (审, 批, 风控, 签字), and the outcome said to be certain;
- ``zh_r_threshold`` (threshold): only / just (只要, 但凡, …的都能) ONE requirement (a possession,
  an ability, an exclusion: 不是X, 没X过) and the money or approval certain, no real papers named;
- ``zh_r_rule_stated`` (for ``unless``): a sentence stating a rule about acts (任何人联系您的家人都
  是违规的) or the lender denying it asks for a fee (我们从不要求客户先交解冻费).

Cost: jieba.posseg was measured for the head classes and not used (4.2 s to load its dictionary,
~3.5 ms a sentence at load ~20, i.e. seven times a whole check; and its tags miss the classes the
frames need: 孙子/nr, 青少年/nr, 卡/n). Each frame here is gated like session 36's readers (its
act words in the readers' one automaton), and reads the sentence only when gated.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

from loancs.core.compliance.scope import dense_span as _dense_span
from loancs.core.compliance.scope import gated_spans, implied_answer
from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import Normalized

Spans = list[tuple[int, int]]

_SENT_BREAK = "。！？!?；;\n"

# ------------------------------------------------------------ closed classes (enumerated once)
_YOU = r"(?:你|您|妳)"
_YOUR = _YOU + r"(?:们家的|们家|们的|家的|们|的|家|那个|这个|那|这|个)?"
_KIN = (
    r"爸爸|妈妈|爸|妈|爹|娘|父亲|母亲|父母|爸妈|哥|姐|弟|妹|嫂|叔|婶|舅|姨|姑|伯|爷|奶|外公|外婆"
    r"|公公|婆婆|丈人|丈母娘|岳父|岳母|老公|老婆|爱人|对象|媳妇|老伴|亲戚|亲家|姨子|舅子|连襟"
    r"|侄子|侄女|外甥|妯娌|干爹|干妈|表亲|堂亲"
)
_CHILD = (
    r"儿子|女儿|闺女|孩子|小孩|娃|孙子|孙女|外孙|外孙女|宝宝|宝贝|小宝|老大|老二|老三|老幺|个仔|个女"
    r"|儿女|子女|千金|少爷|小朋友|崽"
)
_ROLE = (
    r"老板娘|老板|经理|主任|主管|总监|老师|同学|同事|室友|舍友|发小|兄弟|徒弟|师傅|师父|朋友|哥们|闺蜜"
    r"|战友|校友|老乡|邻居|熟人|领导|干部|秘书|助理|专员|老大|搭档|合伙人|伙计|死党|学长|学姐|上司"
    r"|下属|班长|队长|组长|科长|处长|部长|站长|店长|厂长|村长|社长|行长|院长|校长|园长|会长|主席"
    r"|书记|牧师|神父|医生|护士|大夫|教练|保安|门卫|保姆|阿姨|司机|会计|出纳|管理员|服务员|店员"
    r"|职员|柜员|业务员|审批员|审核员|客户经理|房东|租客|物业|网管|掌柜|东家|老总|师兄|师姐|恩人"
    r"|大哥|大姐|领班|工头|判头|调度|前台|收银|[老小][\u4e00-\u9fff](?![\u4e00-\u9fff]{0,1}[店馆园])"
)
_PERSON = r"(?:" + _KIN + "|" + _CHILD + "|" + _ROLE + r")"
_PLACE = (
    r"(?:门口|楼下|楼上|对面|附近|那边|那儿|那里|旁边|隔壁|里头|店|馆|宫|院|校|场|园|室|所|站|厅|楼|村"
    r"|社|中心|厂|市场|超市|公司|单位|医院|小区|街|路|巷|铺|摊|档口|档|网吧|吧|屋|堂|寺|庙|仓库|车库"
    r"|码头|工地|基地|班|池|镇|乡|老家|宿舍|菜场|车站|公园|教会|课)"
)
_TIME = (
    r"(?:每天|每晚|每早|每周|每个?(?:周|礼拜|星期|月)|周[一二三四五六日天末]|星期[一二三四五六日天]"
    r"|礼拜[一二三四五六日天]|逢|放学|上学|下班|上班|早上|上午|中午|下午|傍晚|晚上|半夜|凌晨|周末"
    r"|[0-9一二三四五六七八九十两]+点(?:半|[0-9一二三四五六七八九十]+分?)?|[0-9]+:[0-9]+)"
)
_PROPERTY = (
    r"(?:车|房子|房|店|摊|生意|饭碗|工作|铺子|门面|卷帘门|招牌|货|地|田|鱼塘|名声|名字|脸面|面子|户口"
    r"|档口|电单车|摩托|三轮)"
)
_LENDER = r"(?:我们|咱们|我司|我方|本公司|本平台|我们的人|我的人|兄弟们|同事们|我(?![们是在欠借贷还要想能会怕该应]))"
_DEBT = r"(?:欠|还钱|还款|这笔|账|逾期|债|钱|款)"
_COND = (
    r"(?:再不|再拖|要是|如果|假如|万一|还不|还没|没(?:还|打|给|到|结)|不(?:还|给|结|处理|打|到位)|拖|躲"
    r"|过了|一过|之前|以前|到期|月底|下周|过年|继续|装|说法|交代|准话|结清|清掉|该结|该还|得还|这周|这个月"
    r"|本周|本月)"
)
# the classes as patterns from the rules cache (re.search with a pattern string compiles at the
# first check of every process: speed's s39 note)
_DEBT_RE = lazy_compile(_DEBT, cached=False)
_COND_RE = lazy_compile(_COND, cached=False)
_OUR_SIDE = lazy_compile(r"我们|咱们|我这|我司|本平台|我方|我们这", cached=False)
_LAWFUL = lazy_compile(
    r"违约金|罚息|滞纳金|征信|信用记录|信用报告|诉讼|起诉|法院|仲裁|律师|法律|依法|协商|分期|还款计划"
    r"|还款方案|客服|合同|约定|减免|延期|工作时间|本人"
)
_NOT_AN_ACT = lazy_compile(
    r"[？?]|吗|是否|怎么办|怎么处理|合法|靠谱|是真的|诈骗|骗局|骗子|套路|别信|不要相信|警惕|小心|谨防"
    r"|有人|自称|声称|扬言|威胁说|说要|他们说|中介说|催收(?:的人|员)说|投诉|举报|违规|违法|不得|禁止"
    r"|严禁|不允许|不被允许|高利贷|[“”\"「」『』]"
)

# ------------------------------------------------------------ the act side (session 38)
# A frame used to ask "is the verb one of these N words?". The act side decides the act's class
# from the clause's SHAPE and its ARGUMENTS, so an unlisted verb of the right shape fires a frame:
# - a DONE-STATE (aspect and voice): 已/已经 + any verb that is not one of the debt's or the
#   review's own steps (逾期, 结清, 提交…), 被 + a lender's or a system's agent + any verb, 获 + a
#   verb of receiving, a review verb + a result complement (审完, 批好了, 审过了), a review's
#   stage passed (终审通过 / 走完), the beneficiary's holding appearing (名下生成, 账户里多了);
# - the THEME (the offer's noun by its FORM: …贷, …金, 借款/贷款, 额度, 授信, 分期, an amount),
#   never the repayment's (还款, 欠款, 罚款…);
# - CERTAINTY as a class: the s37 certainty words and the DOUBLE NEGATIVE (不敢不批, 不可能不过,
#   没有批不下来的, 没见过谁被拒, 批不下来才怪): a negated failure of the review;
# - a LIFE EVENT of the addressee or kin as the money's purpose (婚, 嫁, 满月, 周岁, 寿, 生, 首付…)
#   with an offer said with ease or haste;
# - ONE THING held (凭一张X, 带个X来就行, 就这一张纸, 有X就能借) as the whole requirement;
# - a ROUTINE: a person or property of the addressee's sphere placed at a time or a place, told
#   back to the addressee beside a demand for the debt;
# - a CONTACT WINDOW KEPT: contact promised inside lawful hours or the night promised free of it.
_GRANT = r"(?:批|签|过|放|办|贷|借|给|下|通过|同意|点头|核)"
_FAIL = r"(?:拒|刷|卡|退|打回|驳|否|毙|拦|挂)"
_DONE = lazy_compile(
    r"(?:已经|已(?!经))(?:被|为你|为您|替你|替您|帮你|帮您|给你|给您|在)?"
    r"(?!逾期|欠|还|结清|结束|到期|超过|超期|违约|上报|报送|拒|驳|提交|申请|收到|扣|停|关闭|注销|取消|失效"
    r"|过期|处理|核实|记录|通知|联系|起诉|立案|移交|委托|发送|告知|转(?!(?:到|入|进)(?:你|您))|按|满|有|是|在|不|没|多|很|为)"
    r"(?P<v>[\u4e00-\u9fff]{1,3}|\s?[a-z]+)"
    r"|被(?:系统|平台|本行|我行|本公司|我司|我们|大数据|后台|随机|电脑|总部|银行)[\u4e00-\u9fff]{1,4}"
    r"|获(?:赠|批|得|准|配|授|选|发)|赠送|奖励|(?:送|赠|奖)(?:您|你)|派发|发放给(?:你|您)"
    r"|(?<![还欠借])[\u4e00-\u9fff]{1,2}了(?:一笔|一份|[0-9一二三四五六七八九十两几千百]+\s?[万千元块])"
    r"|(?:审|批|核|办|签|走)(?:完|过了|好了|妥|下来了)"
    r"|(?:终审|复核|初审|审核|审批)(?:已经?)?(?:过了|通过|走完|完成)"
    r"|(?:名下|账户里|账户上|钱包里|户头上)(?:已经?)?(?:生成|多了|多出|新增|出现|有了)"
    r"|(?:匹配|审核|审批|激活)成功",
    cached=False,
)
_THEME = lazy_compile(
    r"(?<![还欠罚扣付汇赔])(?:[\u4e00-\u9fff]{0,3}贷(?!款日)|备用金|周转金|资金|借款|贷款|额度|授信|分期|信用金"
    # session 39: any …金 of the offer's form (安家金, 应急金, 购车基金), not a fee, a deposit or a penalty
    r"|(?<![违滞押罚租本定订薪奖保证])[\u4e00-\u9fff]{1,3}(?<![违滞押罚租本定订薪奖证])金(?![额融卡牌色子])"
    r"|[0-9一二三四五六七八九十两千百]+\s?[万千]|[0-9一二三四五六七八九十两千百]+\s?元|loan)",
    cached=False,
)
_DOUBLE_NEG = lazy_compile(
    r"(?:不敢|不可能|不会|没理由|没道理|没法|不能)不(?:批|签|过|放|办|贷|借|通过|同意|点头|核)"
    + r"|没有(?:我们|我)?[\u4e00-\u9fff]?"
    + _GRANT
    + r"不(?:下来|了|过|成|出来)的"
    r"|没(?:见过|有过|碰到过|遇到过|听说过|有)?(?:谁|一个|一单|哪个|哪单|哪一单|人|客户|一位)"
    r"[\u4e00-\u9fff]{0,6}?被"
    + _FAIL
    + r"|"
    + _GRANT
    + r"不(?:了|下来|成|过)才(?:怪|奇怪|是怪事|叫怪)"
    r"|(?:不可能|不会|没可能)被" + _FAIL,
    cached=False,
)


# ------------------------------------------------------------ roles


def _sentences(light: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for i, ch in enumerate(light):
        if ch in _SENT_BREAK:
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < len(light):
        out.append((start, len(light)))
    return out


def _clauses(light: str) -> list[tuple[int, int]]:
    """The message's clauses (sentences cut again at commas)."""
    return [m.span() for m in _CLAUSE.finditer(light)]


_CLAUSE = lazy_compile(r"[^，,、。！？!?；;\n]+", cached=False)


def _act_sentences(light: str) -> Iterator[tuple[int, int, str]]:
    """Each sentence of the message that is an act (not a question, a report, a warning or a rule
    stated: ``_NOT_AN_ACT``): its start, end and text, the frames' common first step."""
    for start, end in _sentences(light):
        text = light[start:end]
        if _NOT_AN_ACT.search(text) is None:
            yield start, end, text


_SPHERE = lazy_compile(
    _YOUR
    + r"[^，,。！？!?；;是要去会把给跟和说让叫找打来就都也还不没]{0,12}?(?:(?P<child>"
    + _CHILD
    + r")|(?P<person>"
    + _KIN
    + "|"
    + _ROLE
    + r")|(?P<place>"
    + _PLACE
    + r")|(?P<property>"
    + _PROPERTY
    + r")|(?P<time>"
    + _TIME
    + r"))"
)


def sphere(text: str) -> dict[str, int]:
    """The addressee's sphere in one sentence: each head class found after 你/您 (with its
    possessive chain), by the head's form, with the offset of its first head."""
    found: dict[str, int] = {}
    for m in _SPHERE.finditer(text):
        klass = m.lastgroup or ""
        found.setdefault(klass, m.start(klass))
    return found


# ------------------------------------------------------------ frame: open menace
_KNOW = lazy_compile(
    _LENDER
    + r"[^，,。！？!?]{0,6}?(?<!不)(?:都|也|早就|全)?(?:知道|清楚|认得|认识路|记得|熟|常走|也走|常去|也去|去过"
    r"|摸清|有数|门儿清|晓得|打听|盯着|看着|记着"
    # session 41: passing by, seeing, keeping an eye (我哋啲手足成日經過, 我们的人都留意着)
    r"|经过|路过|留意|见到|看到|见过|看见)"
)
_UNSURE = lazy_compile(
    r"还能不能|能不能|还[\u4e00-\u9fff]不[\u4e00-\u9fff]|(?P<a>(?![还是要对好])[\u4e00-\u9fff])不(?P=a)"
    r"|说不准|说不定|不好讲|不好说|难讲|难说|不一定|保不齐|保不准|就难了|可就|未必"
)
_MANNER = lazy_compile(
    r"换(?:一|个)?(?:种|个)?(?:方式|办法|法子|手段|方法|态度)|不按规矩|不讲规矩|不走流程|不是我这种"
    r"|不是我这样|不会(?:再)?(?:这么|那么)客气|没(?:这么|那么)客气|(?:方式|方法)[^，,。]{0,4}不(?:太)?一样"
    r"|就没(?:这么|那么)简单|到时候[^，,。]{0,6}(?:是你|你就|你别|你可)|着急的是你|后悔的是你|别害怕"
    r"|别怪|敲门声"
)
_MENACE_GATE = (
    "知道",
    "清楚",
    "认得",
    "认识路",
    "记得",
    "熟",
    "常走",
    "也走",
    "常去",
    "也去",
    "去过",
    "摸清",
    "有数",
    "门儿清",
    "晓得",
    "打听",
    "盯着",
    "看着",
    "记着",
    "不",
    "难讲",
    "难说",
    "可就",
    "方式",
    "办法",
    "法子",
    "手段",
    "方法",
    "态度",
    "规矩",
    "流程",
    "简单",
    "到时候",
    "是你",
    "害怕",
    "别怪",
    "敲门",
    "吧",
    "是不是",
    "对不对",
    "系咪",
    "听说",
    "听讲",
    "据说",
    "听闻",
    "看样子",
    "看来",
)


# a tag question asserting what we know of the addressee's life (…停在菜市场后头吧？)
_TAG = lazy_compile(r"(?:吧|对吧|是吧|没错吧|是不是|对不对|对唔对|系咪)$")
_OWN = lazy_compile(r"我(?![们哋])")
_HEARSAY = lazy_compile(r"(?:我们|我)?(?:听说|听讲|听人说|据说|听闻|看样子|看来)", cached=False)


def zh_r_menace(norm: Normalized) -> Spans:
    light = norm.light
    if _LAWFUL.search(light) or not _DEBT_RE.search(light):
        return []
    if not (_COND_RE.search(light) or _DEMAND_MORE.search(light)):
        return []
    found = []
    for start, end, text in _act_sentences(light):
        asked = light[end : end + 1] in ("？", "?")
        tag = _TAG.search(text) if asked else None
        if tag is None and asked:
            # session 38: a hearsay question asserting the addressee's life (听说你家老房子刚翻修完？)
            tag = _HEARSAY.match(text)
        if tag is not None and not _OWN.search(text, tag.end() if tag.start() == 0 else 0):
            where = sphere(text)
            if where.keys() & {"place", "time", "property", "person", "child"}:
                # the span is the demand that follows (a span in the asked sentence would read
                # as the writer's question)
                demand = _COND_RE.search(light, end + 1) or _DEMAND_MORE.search(light, end + 1)
                span = demand.span() if demand else (start + tag.start(), start + tag.end())
                found.append(_dense_span(norm, *span))
            continue
        m = _MANNER.search(text)
        if m is None:
            where = sphere(text)
            if not where.keys() & {"place", "time", "property", "person", "child"}:
                continue
            first = min(where.values())
            m = _KNOW.search(text) or _UNSURE.search(text, first, first + 24)
        if m is not None:
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ frame: insider by relation
_REVIEW = r"(?:审|批|风控|签字|拍板|放款|放贷|过件|授信|信贷|复核|贷款部)"
_REVIEW_RE = lazy_compile(_REVIEW, cached=False)
_TIE = lazy_compile(
    r"是我(?:的)?[\u4e00-\u9fff]{0,4}?"
    + _PERSON
    + r"|我(?![们是在欠借贷还要想能会怕该应跟和把给帮也都来去说看再就已将可])"
    r"(?:的|以前的|之前的|原来的|过去的|前)?[\u4e00-\u9fff]{0,4}?(?:" + _KIN + "|" + _ROLE + r")"
)
_SURE = lazy_compile(
    r"就过|就成|就稳|稳了|稳稳|不(?:会|敢)卡|卡不了|卡不住|包过|包批|包下|包你|肯定|一定|就得|讲好|说好"
    r"|打(?:个|声)?招呼|说一声|递进去|看一眼|没问题|放心|搞定|搞掂|一句话|点头|就行|就能过"
)
# the gate: the outcome said to be certain (the review's words are in most lenders' messages)
_INSIDER_GATE = (
    "就过",
    "就成",
    "就稳",
    "稳了",
    "稳稳",
    "不会卡",
    "不敢卡",
    "卡不了",
    "卡不住",
    "包过",
    "包批",
    "包下",
    "包你",
    "肯定",
    "一定",
    "就得",
    "讲好",
    "说好",
    "打招呼",
    "打个招呼",
    "打声招呼",
    "说一声",
    "递进去",
    "看一眼",
    "没问题",
    "放心",
    "搞定",
    "搞掂",
    "一句话",
    "点头",
    "就行",
    "就能过",
    # session 38: certainty as a class (a double negative: 不敢不签)
    "不敢不",
    "不可能不",
    "不会不",
    "没理由不",
    "没道理不",
)


def zh_r_insider(norm: Normalized) -> Spans:
    light = norm.light
    if not (_SURE.search(light) or _DOUBLE_NEG.search(light)):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        if not _REVIEW_RE.search(text):
            continue
        m = _TIE.search(text)
        if m is not None and (_SURE.search(text) or _DOUBLE_NEG.search(text)):
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ frame: threshold by one requirement
_ONLY_ONE = lazy_compile(
    r"(?:只要|只需要|只需|仅需|但凡|凡是)[^，,。！？!?]{0,3}?"
    r"(?P<req>(?:有|会|能|认识|认得|不是|没有|没|不在|拿得出|拿着)[^，,。！？!?]{1,12}"
    # session 40: an attribute or age as the requirement (只要是就给你批, 只要满了就下款: zh_clause.forms)
    r"|(?:是|满|成年|识字|认字)[^，,。！？!?]{0,12}"
    # session 41: Cantonese 识 (can: 识讲广东话, 识用手机) as an ability
    r"|识(?!别|破)[^，,。！？!?]{1,12})"
    r"|(?P<req2>(?:能|会|有)[^，,。！？!?]{1,10})的(?:人|朋友)?[，,]?(?:都|全|统统)(?:能|可以|可)?"
)
_BAD_REQ = lazy_compile(
    r"还款|按时|信用|收入|工作|流水|征信|资料|材料|审核|证明|社保|公积金|资质|担保|抵押|授权|逾期|记录"
)
_GIVE = lazy_compile(
    r"就能|就可以|就可|就给|就放|就批|就借|马上|立刻|立马|当天|秒|都能|都借|都放|都批|都给|都可以|随便"
    r"|归你|是你的|到手|批给|下来|到账|放款|拨款|下款|借到|借你"
    # session 41: the grant as a favour done (就帮你办好五十万, 就给你办)
    r"|就(?:帮|给|替)你(?:办|弄|搞)"
)
_OFFER = lazy_compile(
    r"借|贷|额度|放款|下款|到账|拨款|[0-9一二三四五六七八九十两几千百]+[万千块元]"
    # session 41: the money itself as the offer (只要能接电话，钱当天下来)
    r"|钱(?!包)"
)
_THRESHOLD_GATE = (
    "只要",
    "只需",
    "仅需",
    "但凡",
    "凡是",
    "的都",
    "的人都",
    "的朋友都",
    "的全",
    "的统统",
)


def zh_r_threshold(norm: Normalized) -> Spans:
    light = norm.light
    if not (_OFFER.search(light) or "批" in light):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        for m in _ONLY_ONE.finditer(text):
            req = m.group("req") or m.group("req2") or ""
            if _BAD_REQ.search(text) or not _GIVE.search(text, m.start()):
                continue
            if not req:
                continue
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ frame: a third party made our messenger
# we ask a person of the addressee's life (any head of the class, or 他/她 after one) to pass the
# debt on to the addressee (托他带话, 拜托她提醒你还款, 请她转告你这笔欠款, 叫佢催你还钱)
_RELAY = lazy_compile(
    _LENDER
    + r"[^，,。！？!?]{0,8}?(?:托|拜托|请|让|叫|麻烦|求|嘱咐|交代)(?:了)?(?:他|她|佢|对方|人家)"
    r"[^。！？!?]{0,10}?(?:提醒|转告|带话|带个话|催|劝|告诉|盯着|捎话|传话)(?:了)?(?:你|一下你)?"
)
_THIRD_GATE = (
    "托",
    "拜托",
    "请他",
    "请她",
    "让他",
    "让她",
    "叫他",
    "叫她",
    "麻烦他",
    "麻烦她",
    "嘱咐",
    "交代",
)


def zh_r_third(norm: Normalized) -> Spans:
    light = norm.light
    if not _DEBT_RE.search(light):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        if _LAWFUL.search(text):
            continue
        m = _RELAY.search(text)
        if m is not None and "你" in light:
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ frame: approval as a notice
_DECIDED = lazy_compile(
    r"已(?:经)?(?:被|为你|为您|替你|替您|帮你|帮您|給你)?(?:进入|列入|纳入|通过|核准|获批|批出|批下|批准|开通|锁定|发放|下发"
    r"|激活|生成|到位|冻结|预留|存入|放入|审批通过)|白名单|预审通过|专属(?:借款|贷款)?资格|已获得"
)
_CLAIM = lazy_compile(
    r"自动到账|自动打|即刻放款|立即打款|立即放款|即可(?:到账|领|提|放款|打款|拨款)|直接打入|直接转入|回复|点击"
    r"|领取|领款|提款|签字|签约|携带|带同|带上|未(?:使用|提款|领取|领|确认)|不领|不提|将(?:自动)?(?:收回|失效|作废|清零)"
    r"|视为(?:自动)?放弃|确认后|无需(?:任何)?(?:操作|审核|申请|提交)"
)
_NOTICE_OFFER = lazy_compile(
    r"额度|[0-9一二三四五六七八九十两千百]+[万元]|贷款|借款|资金|授信|备用金"
)
_OWN_APPLICATION = lazy_compile(
    r"(?:你|您)(?:于|在)?[^，,。！？!?]{0,10}(?:提交|申请)的|(?:你|您)(?:的)?申请|申请已|申请的|由(?:你|您)(?:自己)?决定"
)
# session 38: a claim or a lapse said with other verbs, and a status told when asked or a loan
# already under contract (not cached in the rules cache: compiled at first use)
_CLAIM_MORE = lazy_compile(
    r"激活|点此|点这里|点我|拿钱|取钱|提取|入账|来网点|到网点|过来|就放款|就行"
    r"|有效|限今|就能取|就能拿|就可以|签个字|动动手指|提现|随时|办理放款|安排放款|安排打款|专员|业务员"
    r"|加(?:您|你)的?微信|作废|记得领|领走|钱就|款就|就到|就进|到您卡|到你卡|claim|click",
    cached=False,
)
_OWN_MORE = lazy_compile(
    r"(?:你|您)(?:询问|查询|咨询|问)的|应(?:你|您)的|合同|按期还款|还款|还了|已还|扣款|抵扣"
    r"|(?<!电信)(?<!话费)(?<!手机)(?<!水电)账单",
    cached=False,
)
# the notice unasked-for: a gift's, a pick's or a system's voice (恭喜, 被本行评为, 名下, 回访中心),
# not a status told to an applicant (您的借款已经放款，预计两小时内到账)
_UNASKED = lazy_compile(
    r"恭喜|尊敬的|系统|平台|本行|大数据|随机|被|获|赠|送|专属|优质|特邀|名下|无需|回复|点此|点这|链接|激活"
    r"|限今|回访|关怀|落实|选中|抽中|入选|这里是|这边是|通知您|无需再|不用再|click|claim",
    cached=False,
)
_NOTICE_VERBS = (
    "进入",
    "列入",
    "纳入",
    "通过",
    "核准",
    "获批",
    "批出",
    "批下",
    "批准",
    "开通",
    "锁定",
    "发放",
    "下发",
    "激活",
    "生成",
    "到位",
    "冻结",
    "预留",
    "存入",
    "放入",
    "审批通过",
)
# the gate: 已 + a verb of the class (not the verb alone: 不能保证通过 is no notice)
_NOTICE_GATE = (
    *(
        head + verb
        for head in (
            "已",
            "已经",
            "已被",
            "已为你",
            "已为您",
            "已替你",
            "已替您",
            "已帮你",
            "已帮您",
            "已給你",
        )
        for verb in _NOTICE_VERBS
    ),
    "白名单",
    "预审通过",
    "专属资格",
    "借款资格",
    "贷款资格",
    "专属借款资格",
    "已获得",
)


# session 42: a step the lender requires before the money moves (拨款前请先完成线上对保, 放款前请先在APP完成电子
# 签约): the status of a loan going through its process, not credit "already opened, only a click left"; a fee
# asked first (放款前请先缴纳解冻金) is no such step
_STEP_FIRST = lazy_compile(
    r"(?:放款|拨款|动用|提款|用款|打款|到账|发放)(?:之)?前[^，,。！？!?]{0,4}?(?:请|须|需|需要|必须|还需|要|务必)"
    r"[^，,。！？!?]{0,8}?(?:完成|办理|签署|阅读|确认|提供|前往|进行|补充|上传|核对)",
    cached=False,
)
_FEE_FIRST = lazy_compile(r"[缴交付转充]|费|金|保证", cached=False)


def _step_first(light: str) -> bool:
    m = _STEP_FIRST.search(light)
    if m is None:
        return False
    stop = m.end()
    while stop < len(light) and light[stop] not in "，,。！？!?":
        stop += 1
    return _FEE_FIRST.search(light, m.start(), stop) is None


# session 48 (precision): A CONTRACT GENERATED, AWAITING THE BORROWER'S SIGNATURE (您的借款合同已经生成，请在24小时内完成
# 电子签约，签约后进入放款流程; 合同已生成，待您签约后我们会按流程复核资料并发放贷款; 您的貸款合約已經生成，請喺APP簽署，簽署完成後
# 會安排撥款): the borrower's own loan at the contract step, the payout after the signature as process. Not where the
# message hurries, waives the review or hands a claim (不用审核，签完马上到账; 额度已锁定，点击链接签约立即领取现金).
_CONTRACT_MADE = lazy_compile(
    r"(?:合同|协议|合约|契约|借据|合同书|協議|合約|契約)(?:已经|已經|已)(?:生成|产生|產生|出具|制作好|製作好)",
    cached=False,
)
_AFTER_SIGN = lazy_compile(
    r"(?:签约|签署|签字|签名|签完|簽署|簽約|簽名|簽完)(?:完成|完毕|完畢|成功)?(?:后|後|之后|之後)|待(?:您|你)(?:签|簽)",
    cached=False,
)
_CONTRACT_LURE = lazy_compile(
    r"马上|馬上|立即|立刻|即刻|秒|当天|當天|当日|点击|點擊|链接|連結|领取|領取|回复|回覆|激活|无需|無需|不用|唔使|免审|免審"
    r"|不审|不審|不查|锁定|鎖定|专属|專屬|保证|保證|一定|包",
    cached=False,
)


def _contract_step(light: str) -> bool:
    return (
        _CONTRACT_MADE.search(light) is not None
        and _AFTER_SIGN.search(light) is not None
        and _CONTRACT_LURE.search(light) is None
    )


def zh_r_notice(norm: Normalized) -> Spans:
    found = gated_spans(
        norm, _DECIDED, gates=(_CLAIM, _NOTICE_OFFER), vetoes=(_OWN_APPLICATION, _NOT_AN_ACT)
    )
    return [] if found and (_step_first(norm.light) or _contract_step(norm.light)) else found


# session 38, the act side: a done-state whose theme (the offer's noun, by form) is in the same
# clause, in a message that is unasked-for (gated by the unasked-for voice: 恭喜, 被系统, 名下, 回访)
# and no status of the addressee's own loan, with a claim or a lapse left
_DONE_GATE = (
    "恭喜",
    "尊敬的",
    "被系统",
    "被平台",
    "被本行",
    "被我行",
    "被大数据",
    "被随机",
    "获赠",
    "获批",
    "获得",
    "赠送",
    "奖励",
    "名下",
    "回访",
    "关怀",
    "选中",
    "抽中",
    "入选",
    "落实",
    "特邀",
    "优质",
    "点此",
    "点这",
    "链接",
    "激活",
    "回复",
    "限今",
    "无需",
    "本行",
    "大数据",
    "随机",
    "click",
    "claim",
    "了一笔",
    "为你",
    "给你",
    "平台",
    "这里是",
    "这边是",
    "通知你",
    # session 39: a gift of credit (我们送您五万元授信, 平台发放给您三千元周转金)
    "送你",
    "赠你",
    "奖你",
    "派发",
    "发放给你",
)


def zh_r_done(norm: Normalized) -> Spans:
    light = norm.light
    if (
        not _UNASKED.search(light)
        or not (
            _CLAIM.search(light)
            or _CLAIM_MORE.search(light)
            or _MONEY_TO_YOU.search(light)
            or _KEPT_FOR_YOU.search(light)
            # session 39: credit GIVEN is the act itself (赠送信用额度3万元), no claim needed
            or _GIFT_OF_CREDIT.search(light)
        )
        or not _THEME.search(light)
        # session 39: an application the lender made FOR the addressee (由系统代为提交) is no own request
        or (_OWN_APPLICATION.search(light) and not _PROXY.search(light))
        or _OWN_MORE.search(light)
        or _NOT_AN_ACT.search(_NAME_QUOTED.sub("", light))
    ):
        return []
    found = []
    for start, end in _clauses(light):
        for m in _DONE.finditer(light, start, end):
            if _THEME.search(light, start, end):
                found.append(_dense_span(norm, *m.span()))
    return found


_GIFT_OF_CREDIT = lazy_compile(
    r"(?:赠送|赠|送(?:你|您)|奖励|派发|发放给(?:你|您))(?:了)?(?:你|您)?(?:一笔|一份)?[^，,。！？!?]{0,4}?"
    r"(?:额度|授信|备用金|周转金|贷|借款|[0-9一二三四五六七八九十两千百]+\s?[万千元])",
    cached=False,
)
_PROXY = lazy_compile(
    r"代为|代(?:你|您)|(?:替|帮)(?:你|您)(?:提交|申请|报)|自动(?:提交|申请|为(?:你|您)申请)|系统代",
    cached=False,
)


# ------------------------------------------------------------ unless: a rule stated, a fee denied
_RULE_STATED = lazy_compile(
    r"(?:都|均|是|属于|都属于|均属|都是|均属于|系)(?:被)?(?:严重|明显|明令|一种)?(?:的)?"
    r"(?:违规|违法|违反|不合规|不合法|不被允许|不允许|被禁止|禁止|不当催收|暴力催收|不规范)"
    r"|(?:违反|违背|不符合)(?:了)?[^，,。！？!?]{0,4}?(?:规定|法律|法规|监管|制度|规范|要求|条例)"
    r"|是不被允许|不被允许"
    r"|(?P<deny>(?:我们|我司|本公司|本平台|公司)(?:从不|从来不|从未|绝不|决不|不会|不)(?:会)?"
    r"(?:以任何名义)?(?:要求|收取|收|索要|让))[^。！？!?]{0,14}(?:费|押金|保证金|定金|订金)"
)
# the rule said AT the addressee (你这是违法的) or beside a lender's own act to come
_RULE_AS_THREAT = lazy_compile(
    r"你这|你(?:欠|不还|拖|躲|的行为)|(?:我们|咱们|我们的人|我)(?:也|都)?(?:会|要|将|就|马上|立刻|准备|打算)"
    r"(?:去|来|找|联系|上门|通知|告诉|打给|打电话|曝光|发|贴|到)"
)
_RULE_GATE = (
    "违规",
    "违法",
    "违反",
    "违背",
    "不合规",
    "不合法",
    "不被允许",
    "不允许",
    "禁止",
    "从不",
    "从来不",
    "从未",
    "绝不",
    "决不",
    "不会",
    "不收",
    "不当催收",
    "暴力催收",
    "不规范",
    "不符合",
    # session 38: an apology for a breach, a promise denied
    "抱歉",
    # session 39: a complaint reply (what the addressee reports, our handling of it)
    "你说的",
    "你所说的",
    "你反映",
    "你提到的",
    "你遇到的",
    "你之前遇到",
    "你讲的",
    "你投诉",
    "你说有人",
    "你被人",
    "你说的情况",
    "据你",
    "对不起",
    "歉意",
    "致歉",
    "道歉",
    "不好意思",
    # session 42: the fault owned in words
    "我们做错",
    "我们确实做错",
    "我们的确做错",
    "我们错了",
    "我们不对",
    "我们有错",
    "是我们的错",
    "是我们的过错",
    "是我们的失误",
    "是我们的不对",
    "我们的过错",
    "我们的失误",
    "打包票",
    "打保票",
    "拍胸脯",
    "拍胸口",
    "包票",
    "谁也不",
    "谁都不",
    "没办法承诺",
    "没有办法承诺",
    "没办法保证",
    "没有办法保证",
    "没法保证",
    "没法承诺",
    "不敢保证",
    "不敢承诺",
    "不敢担保",
    # session 45: the outcome not told in advance
    "没法提前告诉",
    "没法告诉",
    "不能告诉",
    "无法告诉",
    "没办法告诉",
    "不能提前告诉",
    "无法提前告诉",
    "没法事先告诉",
    "没法跟你说",
    "不能跟你说",
    "传票",
    "到庭",
    "应诉",
    "开庭",
    "法院受理",
    "仲裁",
)


# session 38: the speaker apologises for a breach (a complaint reply: 很抱歉…这不应该发生，已删除该号码), or
# denies a promise (我没法跟您打包票): statements about acts, not acts
_APOLOGY = lazy_compile(
    r"抱歉|对不起|歉意|致歉|道歉|不好意思"
    # session 42: the fault owned in words (确实是我们做错了, 是我们的过错, 係我哋做錯)
    r"|我们(?:确实|的确|真的)?(?:做错|错了|不对|有错)|是我们的(?:错|过错|失误|不对)|我们的(?:过错|失误|工作失误)",
    cached=False,
)
_BREACH_OWNED = lazy_compile(
    r"不应该|不该|不应|失误|错误|不当|违规|删除|停岗|停职|处分|整改|终止|暂停|不会再发生|已处理|已经处理|屏蔽"
    r"|拉黑|核实"
    # session 39: the breach stopped or its staff disciplined (已停止此行为, 懲處相關人員)
    r"|停止|惩处|惩罚|追责|问责|严肃处理|纠正|已撤回|撤下"
    # session 42: the staff moved off the case, the contact promised to stop (已经被调离, 不会再联系你单位)
    r"|调离|撤换|不再负责|不会再联系|不会再打",
    cached=False,
)
_PROMISE_DENIED = lazy_compile(
    r"(?:没法|不能|无法|不敢|没办法|没有办法|不可以|谁也不敢|谁都不敢|谁也不能|谁都不能)(?:跟|给|向|和|对)?"
    r"(?:你|您)?(?:打包票|打保票|保证|担保|承诺|拍胸脯|拍胸口|包票)"
    # session 45: the outcome not told in advance (我没法提前告诉您一定能过): the telling denied, the
    # certainty it would tell left outside the span
    r"|(?:没法|不能|无法|没办法|没有办法|不敢)(?:提前|事先|现在)?(?:告诉|跟|给|向|对)(?:你|您)(?:说)?"
    r"(?=一定|肯定|百分之?百|稳|保证|包)",
    cached=False,
)
# the promise denied is about the review, not the menace's 我可不敢保证 (…会发生什么，我可不敢保证)
_DEBT_TALK = lazy_compile(r"欠|不还|还钱|还上|还款|逾期|钱的事|发生|耐心", cached=False)
_BUT_I_DO = lazy_compile(
    r"我(?:们)?[^，,。！？!?不没无别]{0,4}?(?:敢|保证|担保|打包票|包)|但我|不过我"
    r"|(?:其他|其它|别的|别人|旁的|人家)[^，,。！？!?]{0,3}?(?:不敢|不能|没法|无法)",
    cached=False,
)


# a court's or an arbitration's own step named (本案已由法院立案，请按传票…到庭), no police or jail
_COURT_STEP = lazy_compile(
    r"(?:法院|仲裁委?|人民法院)[^。！？!?]{0,8}?(?:立案|受理|开庭|判决|裁定|调解)|传票|到庭|应诉|开庭",
    cached=False,
)
_POLICE = lazy_compile(r"警察|公安|派出所|抓|坐牢|拘留|刑事|判刑|蹲|监狱|带走", cached=False)


def zh_r_rule_stated(norm: Normalized) -> Spans:
    light = norm.light
    found: Spans = []
    if ("法院" in light or "仲裁" in light) and not _POLICE.search(light):
        # the court's step (the hit, if any, is the police word the step is not)
        found.extend(_dense_span(norm, *m.span()) for m in _COURT_STEP.finditer(light))
    if _APOLOGY.search(light) and _BREACH_OWNED.search(light):
        for start, end in _sentences(light):
            m = _APOLOGY.search(light, start, end)
            if m is not None and not _RULE_AS_THREAT.search(light, start, end):
                found.append(_dense_span(norm, *m.span()))
    for start, end in _sentences(light) if _PROMISE_DENIED.search(light) else ():
        m = _PROMISE_DENIED.search(light, start, end)
        if (
            m is not None
            and not _BUT_I_DO.search(light, start, end)
            and _REVIEW_OR_OFFER.search(light, start, end)
            and not _DEBT_TALK.search(light, start, end)
        ):
            found.append(_dense_span(norm, *m.span()))
    for start, end in _sentences(light):
        m = _RULE_STATED.search(light, start, end)
        if m is not None and not _RULE_AS_THREAT.search(light, start, end):
            # the rule's own words: an unless span may not share the hit's words
            found.append(_dense_span(norm, *(m.span("deny") if m.group("deny") else m.span())))
    # session 39: a complaint reply: what the addressee reports (您说的情况, 您之前遇到的那个人, 您被人…)
    # and our handling or disowning of it (不是我们公司的, 我们会严肃处理, 已报警处理, 会反馈给上级)
    if _REPORTED.search(light) and _HANDLED.search(light) and not _RULE_AS_THREAT.search(light):
        found.extend(_dense_span(norm, *m.span()) for m in _REPORTED.finditer(light))
    return found


_REPORTED = lazy_compile(
    r"(?:你|您)(?:之前|刚才|上次|昨天)?(?:说的|所说的|反映的|提到的|遇到的|讲的|投诉的|说有人|被人)"
    r"|据(?:你|您)(?:反映|所说)|(?:你|您)(?:说|反映|投诉)(?:的)?(?:情况|问题|那个|这个|这件事)",
    cached=False,
)
_HANDLED = lazy_compile(
    r"不是我们(?:公司|平台|这边|机构)?的(?:员工|人|催收员)?|严肃处理|报警处理|已经?报警|记录下来|反馈给|核查|请提供"
    r"|发给我们|会处理|已处理|跟进处理|不代表我们|与我们无关|跟我们无关",
    cached=False,
)


# ------------------------------------------------------------ frame: certainty as a class (session 38)
# a negated failure of the review in the lender's voice (没见过谁被刷下来, 他不敢不签, 批不下来才怪),
# not a question, a report, a warning or a rule stated
_CERTAIN_GATE = (
    "不敢不",
    "不可能不",
    "不会不",
    "没理由不",
    "没道理不",
    "没法不",
    "不能不",
    "被拒",
    "被刷",
    "被卡",
    "被退",
    "被打回",
    "被驳",
    "被否",
    "被毙",
    "被拦",
    "被挂",
    "才怪",
    "才奇怪",
    "是怪事",
    "不下来的",
    "不了的",
    "不过的",
    "不成的",
    "不出来的",
)
_REVIEW_OR_OFFER = lazy_compile(
    _REVIEW
    + r"|借|贷|额度|放款|下款|到账|单子|件|[0-9一二三四五六七八九十两几千百]+[万千块元]|被"
    # session 40: the money and the application as the loan's context (拿到钱, 放下来, 申请不过, 材料)
    + r"|钱|放下|申请|材料|资料|空着?手|"
    + _FAIL,
    cached=False,
)


def zh_r_certain(norm: Normalized) -> Spans:
    light = norm.light
    found = []
    for start, _end, text in _act_sentences(light):
        m = _DOUBLE_NEG.search(text)
        if m is not None and _REVIEW_OR_OFFER.search(text) and not _OWN_MORE.search(text):
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ frame: one thing held is the whole requirement
_ONE_THING = lazy_compile(
    r"(?:凭|拿着|拿上|带(?:上|着|个|一)?|有(?:个|一张|一本|一个|张|本)?)(?:一?[张本个份样件台部])?"
    r"[\u4e00-\u9fffa-z]{1,6}?(?:来|过来)?(?:就行|就够|就可以|就成|就好|足够|即可)"
    r"|就这(?:么)?一(?:张|本|个|份|样)"
    r"|(?:凭|只凭|光凭|单凭)(?:你的?)?(?:一[张本个份部台])?[\u4e00-\u9fffa-z]{1,6}?[，,]",
    cached=False,
)
# one thing asked as a question, then made the whole condition (会扫码吗？会扫码就能借; 有身份证没？有就行)
_ONE_ASKED = lazy_compile(
    r"(?:有|会|能|认识|认得|满|识|懂|带|拿|办|绑|开)[^，,。！？!?]{0,8}?(?:吗|没|不|么|没有|吧|对吧|是吧)?[？?]"
    r"[^。！？!?]{0,2}?"
    r"(?P<ans>(?:有|会|能|认识|认得|满|识|懂|带|拿|办|绑|开)[^，,。！？!?]{0,8}?(?:的话)?[，,]?[^。！？!?]{0,6}?"
    # session 39: the object elided in the answer (会就够了, 识就得, 能就没问题)
    r"就(?:能|可以|给|借|放|批|行|成|贷|够|得|没问题|妥)"
    r"|[^。！？!?]{0,14}?就(?:妥|齐活|完事|搞定|好了|结了|办成|成了|行了))",
    cached=False,
)
_ONE_THING_GATE = (
    "凭",
    "就行",
    "就够",
    "就得",
    "别的",
    "其余",
    "其他",
    "其它",
    "就没问题",
    "就可以",
    "就成",
    "就好",
    "足够",
    "即可",
    "就这一",
    "就这么一",
    "就能",
    "就给",
    "就借",
    "就放",
    "就批",
    "就贷",
    "就妥",
    "就齐活",
    "就完事",
    "就搞定",
    "就好了",
    "就成了",
    "就行了",
)


_ONE_THING_GIVE = lazy_compile(
    r"现场|当场|立等|就放|放给你|拿走|带走|就能|到手|到账|马上|立马|当天", cached=False
)
_ONE_THING_OFFER = lazy_compile(r"钱|款|[0-9一二三四五六七八九十两几千百]+[万千块元]", cached=False)


def zh_r_one_thing(norm: Normalized) -> Spans:
    light = norm.light
    if not (_OFFER.search(light) or _ONE_THING_OFFER.search(light)):
        # session 39: one thing asked, then the rest waived (带了就齐活，别的啥也不用), no money word
        if _REST_WAIVED.search(light) and not _BAD_REQ.search(light):
            return [
                _dense_span(norm, *m.span("ans"))
                for m in _ONE_ASKED.finditer(light)
                if _REST_WAIVED.search(light, m.end())
            ]
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        if _BAD_REQ.search(text):
            continue
        m = _ONE_THING.search(text)
        if (
            m is not None
            and (_GIVE.search(text, m.end()) or _ONE_THING_GIVE.search(text, m.end()))
            and (_OFFER.search(text) or _ONE_THING_OFFER.search(text))
        ):
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    if not _BAD_REQ.search(light):
        for m in _ONE_ASKED.finditer(light):
            if (
                _GIVE.search(light, m.end())
                or _ONE_THING_OFFER.search(light, m.end())
                or _REST_WAIVED.search(light, m.end())
            ):
                found.append(_dense_span(norm, *m.span("ans")))
    return found


_REST_WAIVED = lazy_compile(
    r"(?:别的|其他|其它|其余|别的东西)[^，,。！？!?]{0,4}?(?:都)?(?:不用|不要|不需要|免|没必要)",
    cached=False,
)


# ------------------------------------------------------------ frame: a life event as the loan's purpose
_EVENT = lazy_compile(
    r"婚|嫁|彩礼|满月|满周岁|一周岁|周岁宴|周岁生日|百日宴|生日|大寿|寿宴|摆酒|办酒|喜酒|二胎|三胎|生孩子|要生|快生|坐月子|月子"
    r"|首付|买房|过年|春节|年货|出国|旅游|旅行|毕业|开学|升学|留学|住院|出院|丧事|白事|满岁",
    cached=False,
)
_EASE = lazy_compile(
    r"马上|立刻|立马|秒|当天|一天|半小时|分钟|随时|今天|明天就|就能|就有|点一下|点这|扫码|手机上|动动手指"
    r"|别(?:发愁|犹豫|愁|担心|着急|操心)|交给我们|找我们|来我们|(?:帮|给|替)你(?:补|凑|垫|出)|先给你垫"
    r"|到账|放款|下款",
    cached=False,
)
_OCCASION_OFFER = lazy_compile(
    r"借|贷|额度|放款|下款|到账|申请|领|[0-9一二三四五六七八九十两几千百]+[万千块元]|(?:帮|给|替)你(?:补|凑|垫|出)"
    r"|先给你垫",
    cached=False,
)
_ADVICE = lazy_compile(
    r"量力而行|不建议|谨慎|理性|算清楚|考虑清楚|年化|利率|收入证明|合同|还款能力", cached=False
)
_EVENT_GATE = (
    "婚",
    "嫁",
    "彩礼",
    "满月",
    "满周岁",
    "一周岁",
    "周岁宴",
    "周岁生日",
    "百日宴",
    "生日",
    "大寿",
    "寿宴",
    "摆酒",
    "办酒",
    "喜酒",
    "二胎",
    "三胎",
    "生孩子",
    "要生",
    "快生",
    "月子",
    "首付",
    "买房",
    "过年",
    "春节",
    "年货",
    "出国",
    "旅游",
    "旅行",
    "毕业",
    "开学",
    "升学",
    "留学",
    "住院",
    "出院",
    "丧事",
    "白事",
    "满岁",
)


def zh_r_occasion(norm: Normalized) -> Spans:
    light = norm.light
    if (
        _EVENT.search(light) is None
        or _ADVICE.search(light)
        or _OWN.search(light)
        or _BAD_REQ.search(light)
    ):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        m = _EASE.search(text)
        if m is not None and _OCCASION_OFFER.search(light):
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ frame: a routine told back beside the debt
# a person, child or property of the addressee's sphere placed at a time or a place (你小孩每天早上是
# 保姆送去幼儿园的; 你那条渔船每天停在码头) and, in the same message, the debt demanded
_ROUTINE_AT = lazy_compile(
    _TIME + "|" + _PLACE + r"|停在|放在|在[\u4e00-\u9fff]{1,6}(?:上|学|练|打|玩)", cached=False
)
_DEMAND_MORE = lazy_compile(
    r"早点|赶紧|抓紧|尽快|了断|了了|清一清|清了|心里有数|看着办|掂量|想想|想清楚|谂清楚|省心|别再拖|交代",
    cached=False,
)
_ROUTINE_GATE = (
    "刚",
    "吧，",
    "吧,",
    "挺",
    "每天",
    "每周",
    "每晚",
    "每早",
    "周末",
    "放学",
    "上学",
    "下班",
    "停在",
    "天天",
    "傍晚",
    "早上",
    "晚上",
    "下午",
)


# a holding named by its form (a vessel or machine: …船, …机; land and buildings: …塘, …园, …棚)
_HOLDING = lazy_compile(
    _YOUR
    + r"[^，,。！？!?；;是要去会把给跟和说让叫找打来就都也还不没]{0,6}?(?P<head>船|艇|机|棚|塘|园|田|院子|树)",
    cached=False,
)


# a recent change to the addressee's holding, or a tag asserting it (刚换的, 新刷的, …的吧，)
_RECENT = lazy_compile(
    r"刚[\u4e00-\u9fff]|新[\u4e00-\u9fff]的|吧[，,]|挺[新好漂亮气派亮]", cached=False
)


# a payment made for the addressee by the person named (帮你还了 / 替您转了 / 代你交了 / 帮你交了数)
_PAID_FOR_YOU = lazy_compile(
    r"(?:帮|替|代|给)(?:你|您|妳)(?:把[^，,。！？!?；;]{0,8}?)?(?:还|交|转|付|缴|存|垫|过数|汇|打)(?:了|过|好|清|咗)",
    cached=False,
)


def zh_r_routine(norm: Normalized) -> Spans:
    light = norm.light
    if _LAWFUL.search(light) or not _DEBT_RE.search(light):
        return []
    if not (_COND_RE.search(light) or _DEMAND_MORE.search(light)):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        where = sphere(text)
        heads = [where[k] for k in ("child", "person", "property") if k in where]
        if "person" in where and _PAID_FOR_YOU.search(text, where["person"]):
            # (session 46) the person's act told is a payment made for the addressee (您爱人刚才在营业厅替您还了
            # 3200元; 您妹妹刚才帮您转了本月的还款): a fact of the account, not the lender watching their day
            heads.remove(where["person"])
        held = _HOLDING.search(text)
        if held is not None:
            heads.append(held.start("head"))
        if not heads:
            # a place of the addressee's only with a recent change or a tag (你那小饭馆新刷的招牌吧，)
            if "place" not in where:
                continue
            first = where["place"]
            m = _RECENT.search(text, first + 1, first + 20)
        else:
            first = min(heads)
            m = _ROUTINE_AT.search(text, first + 1, first + 20) or _RECENT.search(
                text, first + 1, first + 20
            )
        if m is not None and _DEBT_RE.search(light[:start] + light[start + m.end() :]):
            found.append(_dense_span(norm, start + first, start + m.end()))
    return found


# ------------------------------------------------------------ frame: the check not done, by form
# the lender's voice and a strong negation of any verb (压根不去翻, 从来没登过, 一眼都不瞧), the check's
# means absent (没装那个查询的软件, 没联网), or the record made an object of use (拿来垫桌脚, 当草稿纸),
# in a message about the credit record
_RECORD = lazy_compile(
    r"征信|信用报告|信用记录|记录|查询|大数据|黑名单|报告|人行|央行|逾期|信用分", cached=False
)
_NOCHECK_ACT = lazy_compile(
    r"(?:压根|根本|从来|从没|向来)(?:就)?(?:不|没)(?!会|能|可能|泄露|透露|外泄|上报|报送|删除|修改|收|要求|到|查到|有逾期|有查|有发现|有收到|有记录|有看到)"
    r"(?:去|有)?[\u4e00-\u9fff]{1,2}"
    r"|[一正]眼都(?:不|没)|连[^，,。！？!?]{0,8}?都(?:不|没)(?:知道|认识|会|懂|晓得|听|看|瞧|碰|理|管|查|翻|登)"
    r"|(?:拿来|用来|拿去|拿它|当成|当作|当)(?:垫|擦|包|糊|引火|生火|折|叠|废纸|白纸|草纸|厕纸|草稿|摆设|垃圾)"
    r"|没(?:装|接|接入|联网|开通|配|登过|碰过)"
    r"|(?:跟|和|同|就是|等于|如同|好比|相当于)(?:一张|一堆)?[^，,。！？!?]{0,3}?(?:废纸|白纸|草纸|厕纸|空气|摆设|垃圾"
    r"|没有)(?:没区别|一样|差不多|没两样)?|(?:擦|垫|包)[\u4e00-\u9fff]{0,3}的纸",
    cached=False,
)
_NOCHECK_GATE = (
    "废纸",
    "白纸",
    "草纸",
    "厕纸",
    "空气",
    "摆设",
    "垃圾",
    "没有一样",
    "的纸",
    "压根",
    "根本",
    "从来",
    "从没",
    "向来",
    "眼都",
    "连",
    "拿来",
    "用来",
    "拿去",
    "拿它",
    "当成",
    "当作",
    "当草",
    "当废",
    "当白",
    "当垃圾",
    "当摆设",
    "没装",
    "没接",
    "没联网",
    "没开通",
    "没配",
    "没登",
    "没碰",
)


def zh_r_nocheck(norm: Normalized) -> Spans:
    light = norm.light
    if _RECORD.search(light) is None or _LAWFUL_CHECK.search(light):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        if not _OUR_SIDE.search(text):
            continue
        m = _NOCHECK_ACT.search(text)
        if m is not None:
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# a lawful check named (我们会查询您的征信; 审批需要征信报告) or the record itself reassured about
_LAWFUL_CHECK = lazy_compile(
    r"会查询|需要查询|依法查询|授权|会(?:上报|报送)|如实|泄露|透露|隐私|保密", cached=False
)


# ------------------------------------------------------------ unless: a contact window kept
_HOURS_KEPT = lazy_compile(
    r"(?:晚上|夜里|夜间|深夜|半夜|凌晨|夜|[0-9一二三四五六七八九十]+点(?:钟)?(?:以后|之后|后))[^。！？!?]{0,6}?"
    r"(?P<kept>(?:不会|不再|绝不|决不|不)(?:再)?(?:打扰|联系|来电|打电话|致电|上门|拨打|骚扰|打给|外呼|呼出)"
    # session 50: the night dialler switched off (晚上十点以后的外呼系统已经屏蔽)
    r"|(?:已经|已|都|会)(?:被)?(?:屏蔽|关闭|停掉|锁定))"
    r"|(?P<window>只(?:会)?在)[^。！？!?]{0,12}?(?:点|时)(?:到|至|-|~)[^。！？!?]{0,8}?(?:点|时)[^。！？!?]{0,6}?"
    r"(?:联系|打电话|来电|致电|拨打|打给)",
    cached=False,
)
_HOURS_GATE = (
    "不会打扰",
    "不再打扰",
    "不会再打扰",
    "不打扰",
    "不会联系",
    "不再联系",
    "不会再联系",
    "不联系",
    "不会来电",
    "不会再来电",
    "不来电",
    "不会打电话",
    "不会上门",
    "只会在",
    "只在",
    # session 50: the dialler's own words
    "不会外呼",
    "不外呼",
    "屏蔽",
)


def zh_r_hours_kept(norm: Normalized) -> Spans:
    light = norm.light
    found = []
    for start, end in _sentences(light):
        m = _HOURS_KEPT.search(light, start, end)
        if m is not None and not _RULE_AS_THREAT.search(light, start, end):
            # the promise's own words (an unless span may not share the hit's words)
            found.append(_dense_span(norm, *m.span(m.lastgroup or 0)))
    return found


# ------------------------------------------------------------ session 39: open classes by the clause
# Session 38's act side still listed the act's words (the credit nouns, the state verbs, the
# certainty idioms, the menace's verbs); the next writer used the next word. Here the clause decides:
# - a CREDIT NOUN is whatever the clause gives the addressee (你的 / 你名下 / 你账户里 / 你卡里 …)
#   headed by a money form (…额度, …额, …款, …贷, …金, …钱, 授信…) or an amount, and not the
#   addressee's own borrowing (借款, 申请, 订单, 账单: a status of their loan);
# - a STATE is 已 / 已经 / 都 / 早就 + ANY verb (+ 了 / 好 / 完 / 过 / 齐 / 妥 / 下来), the debt's and
#   the review's own steps excepted, with the money moving TO the addressee after it (打到你卡上,
#   就能取, 随时可提, 当天就进来); vetoed by the addressee's own pending request or a question;
# - CERTAINTY is a quantifier over the review's outcomes in the lender's voice: none failed
#   (从没见过被拒的, 没有一个空手回去的, 还没碰到过一单不下款的), all passed (个个都拿到钱了, 十个里十个,
#   凡是…全都通过了), or a rhetorical which-one (哪一笔不是…下来的？);
# - MENACE BY INSINUATION is the debt left unpaid + a change of method or of who handles it (换个
#   路子, 用我们的方式, 交给外面的朋友, 下回来的就不是我了, 有的是办法) + no lawful step named.
_GIVEN = lazy_compile(
    _YOU
    + r"(?:的|名下的?|账户(?:里|上)的?|卡(?:里|上)的?|户头(?:里|上)的?|手机号?(?:绑定|名下)?的?|那|这)"
    r"(?P<noun>[^，,。！？!?；;：:\s已都早就被是要会能可]{0,6}?"
    r"(?:额度|额|款|贷|金|钱|授信[\u4e00-\u9fff]?|[0-9一二三四五六七八九十两千百]+\s?[万千元块]))",
    cached=False,
)
# the addressee's own borrowing or bill: a status of their loan, not credit given
_OWN_NOUN = lazy_compile(
    r"借款|贷款$|申请|订单|账单|还款|欠款|罚款|付款|货款|房租|工资|存款|押金|保证金"
)
_STATE = lazy_compile(
    r"(?:已经|已(?!经)|早就|早已|都)(?:给你|帮你|替你|为你|被)?"
    r"(?!逾期|欠|还|结清|结束|到期|超过|超期|违约|上报|报送|拒|驳|提交|申请|收到|扣|停|关闭|注销|取消|失效"
    r"|过期|处理|核实|记录|通知|联系|起诉|立案|移交|委托|发送|告知|转(?!(?:到|入|进)(?:你|您))|按|满|有|是|在|不|没|多|很|为|要|会|能"
    r"|可|得|行|用|还|跟|和)"
    r"(?:[\u4e00-\u9fff]{1,2}(?:了|好|完|过|齐|妥|下来|出来|起来|通过|成功|到位"
    r"|(?:到|进|入)(?:你|您)(?:的)?(?:名下|账户|卡|户头|账上))"
    # 已 / 已经 + a verb closing its clause (已经解冻，)
    r"|(?<=已)[\u4e00-\u9fff]{1,3}(?=[，,、。！!；;]|$)|(?<=已经)[\u4e00-\u9fff]{1,3}(?=[，,、。！!；;]|$))",
    cached=False,
)
_MONEY_TO_YOU = lazy_compile(
    r"(?:打|转|汇|存|放|划|进|到)(?:进|到|入)?(?:你|您)(?:的)?(?:卡|账户|户头|账上|支付宝|微信|钱包)"
    r"|(?:就|即|马上|立刻|当天|今天|今晚|明天|明早|随时|即日|当日|下午|上午|直接)(?:就)?(?:会|可以?|能)?"
    r"(?:取|提|花|刷|用|拿|领|到账|到|进来|打进来|下来|放款|打款|打入|打进|汇入|转账|入账)"
    r"|(?:钱|款)?(?:直接|就|会)?(?:进|到|打进|打到|转入|转到|存入)(?:你的?|您的?)?(?:卡|账户|户头|账上)"
    r"|(?:赶紧|尽快|记得|快)(?:领|提|用)|作废|天内有效|有效期"
    r"|到账|可提|提现|[一两三四五六七八九十0-9]+(?:小时|天|分钟)内(?:到|打|进)|(?:点|按|签|确认|回复|回个)[^，,。]{0,6}?(?:就|即)",
    cached=False,
)
# credit kept for the addressee (已为您保留, 已保留给您, 给您预留好了): the benefit is the claim
_KEPT_FOR_YOU = lazy_compile(
    r"(?:为|给)(?:你|您)(?:保留|预留|留|备|准备|锁定|留存)|(?:保留|预留|留|备好|准备好|锁定)(?:给|予)(?:你|您)",
    cached=False,
)
_YOURS_VETO = lazy_compile(
    r"(?:你|您)[^，,。]{0,8}?(?:申请|提交|送件|咨询|询问|查询|问)的|应(?:你|您)|按(?:你|您)的|按期|还款|结清"
    # a contract in force is a status; one made ready for the addressee is the offer's (合同已生成，回个1就放)
    r"|合同(?!已(?:经)?(?:生成|备妥|备好|拟好|准备好|填好|出好))"
    r"|(?<!电信)(?<!话费)(?<!手机)(?<!水电)账单|逾期|扣款|审核中|审批中|等待|进度|[？?]|吗",
    cached=False,
)
# the addressee's plain loan nouns: a status of their own credit (您的额度已经批下来了，可以在APP里提现),
# credit given only in an unasked-for voice or as the lender's favour (已经帮您…, 已经给您备好了)
_PLAIN_NOUN = lazy_compile(
    r"(?:[这那一]?笔)?(?:贷款|借款|额度|信用卡额度|临时额度|信用额度|钱|款项|款|退款|分期|授信|"
    r"[0-9一二三四五六七八九十两千百]+\s?[万千元块](?:钱|元)?)",
    cached=False,
)
_FAVOUR = lazy_compile(
    r"(?:帮|替|给|为)(?:你|您)|(?:我|我们|主管|经理|领导)[^，,。]{0,4}?(?:已经|已|都)", cached=False
)
# one person's favour (我昨天已经帮您过件了: an insider's act, not an institution's status) and a grant
_MY_FAVOUR = lazy_compile(
    r"我(?![们司行])[^，,。]{0,6}?(?:已经?|都)(?:帮|替|给)(?:你|您)", cached=False
)
_GRANTED = lazy_compile(r"批|过|通过|放|下来|办好|办妥|搞定|签", cached=False)
_YOURS_GATE = (
    "你的",
    "你名下",
    "你账户",
    "你卡",
    "你户头",
    "你手机",
    "你那",
    "你这",
    "你钱包",
    "你账上",
)


# the place the credit appears in, before its state (你卡里已经多出来一笔两万的周转金)
_YOUR_PLACE = lazy_compile(
    _YOU + r"(?:的)?(?:卡|账户|户头|名下|钱包|账上|app)(?:里|上|中)?", cached=False
)
_APPEARED = lazy_compile(
    r"(?:已经?|都)?(?:多出来?|多了|新增了?|出现了?|冒出来?了?|有了|生成了?|进了|到了)", cached=False
)
# a product's name in quotes (“安居贷”) is no reported speech
_NAME_QUOTED = lazy_compile(r"[“\"「『][^”\"」』，,。]{1,8}[”\"」』]", cached=False)


def zh_r_yours(norm: Normalized) -> Spans:
    light = norm.light
    if _YOURS_VETO.search(light) or _NOT_AN_ACT.search(_NAME_QUOTED.sub("", light)):
        return []
    found = []
    for start, end in _sentences(light):
        unasked = _UNASKED.search(light, start, end) or _FAVOUR.search(light, start, end)
        for p in _YOUR_PLACE.finditer(light, start, end):
            st = (
                _STATE.match(light, p.end())
                or _STATE.match(light, p.end() + 1)
                or _APPEARED.match(light, p.end())
            )
            if st is None:
                continue
            clause_end = min(
                [end] + [i for i in (light.find(c, st.end(), end) for c in "，,") if i >= 0]
            )
            themes = list(_THEME.finditer(light, st.end(), clause_end))
            if not unasked:
                themes = [t for t in themes if not _PLAIN_NOUN.fullmatch(t.group())]
            if not themes:
                continue
            t = themes[-1]
            if _MONEY_TO_YOU.search(light, t.end(), end):
                found.append(_dense_span(norm, p.start(), t.end()))
                break
        for g in _GIVEN.finditer(light, start, end):
            noun = g.group("noun") + ("款" if light[g.end() : g.end() + 1] == "款" else "")
            if _OWN_NOUN.search(noun) or (not unasked and _PLAIN_NOUN.fullmatch(noun)):
                continue
            st = _STATE.search(light, g.end(), end)
            if st is None or st.start() - g.end() > 16:
                continue
            if _MONEY_TO_YOU.search(light, st.end(), end) or (
                _MY_FAVOUR.search(light, g.end(), st.end()) and _GRANTED.search(st.group())
            ):
                found.append(_dense_span(norm, g.start(), st.end()))
                break
    return found


_LENDER_VOICE = lazy_compile(r"我", cached=False)
_NONE_FAILED = lazy_compile(
    r"(?:没有|从没有?|从来没有?|就没有?|还没有?|没)(?:听说过?|见过|碰到过?|遇到过?|碰上过?|遇上过?)?(?:有)?"
    r"(?:一个|一笔|一单|一件|一位|一次|哪个|哪笔|哪单|谁|人|客户|单子)?[^，,。！？!?]{0,6}?(?:被)?"
    r"(?:退回|打回|拒|刷下|驳回|退|空着?手|不下款|不下来|没下来|没批|不批|不通过|没通过|没过|不过"
    # session 40: a failure said with other verbs (卡住, 白跑, 不给放款)
    r"|卡住|卡壳|白跑|落空|泡汤|不给(?:批|放|贷|过|下款|放款)|没给(?:批|放|下)"
    # session 41: slang and spoken failures (黄了, 被卡, 银行没说过一个“不”字)
    r"|黄(?:了|过|掉)|被卡|说过?(?:一个)?[“\"「『]?不[”\"」』]?(?:字)?(?![同用会能要])"
    r"|(?:超过|拖过|拖了|等了|等过|等)[半一两二三四五六七八九十0-9几]+个?(?:小时|天|分钟|钟头|工作日|日)"
    r"(?=[^，,。！？!?]{0,8}?(?:放款|到账|下款|批|拨款|出款)|[^，,。！？!?]{0,3}$))",
    cached=False,
)
_ALL_PASSED = lazy_compile(
    r"(?:个个|人人|全都|全部|统统|一律|每一?(?:个|位|笔|单|件|套|份|次|张|家|户|宗|回)[^，,。！？!?]{0,6}?都"
    r"|十个(?:里|中)(?:面)?十个|凡是[^。！？!?]{0,16}?(?:都|全)|的(?:人)?都)[^，,。！？!?]{0,8}?"
    r"(?:拿到(?:了)?钱|批了|批下来|批过|下款|下来了|下了|过了|通过了|通过|如愿|放款了|到手|拿到了|核下来"
    # session 40: the money's outcomes (放下来的, 到账的)
    r"|放下来|放了|到账|入账|拿到|(?:带着|拿着|揣着)(?:额度|钱|款))",
    cached=False,
)
_WHICH_FAILED = lazy_compile(
    r"哪(?:一)?(?:个|笔|单|件|位|次)(?:不是|没|没有)[^，,。！？!?]{0,10}?(?:批|过|下|通过|拿到|放|额度|钱|款)",
    cached=False,
)
# the outcomes are the lender's cases: the speaker's hand, door or desk (找我, 经我手, 我办的, 我这儿)
_MY_CASES = lazy_compile(
    r"找我|跟我|经我|经过我|我手|我办|我帮|我送|我递|我推荐|我这|我经手|我做|来我|我们这|我们办|我们经手"
    r"|我们手|找我们|来我们"
    # session 40: the firm's and its staff's cases, the speaker's years in the trade (我们公司, 我们门店,
    # 经理亲自盯的, 跟着我们, 做这行八年)
    r"|我们(?:公司|门店|店|家|平台|送|递|做|帮|推|放款|批)|跟着我们|经理|主管|这行|入行|开业|从业|算我输"
    r"|(?:做|干)了?这么多年|(?:交|送|递|报)(?:上去|出去)",
    cached=False,
)
_QUANT_GATE = (
    "没有",
    "从没",
    "从来没",
    "就没",
    "还没",
    "没听说",
    "没见过",
    "没碰到",
    "没遇到",
    "个个",
    "人人",
    "全都",
    "全部",
    "统统",
    "一律",
    "每一",
    "每个",
    "每位",
    "每笔",
    "每单",
    "十个",
    "凡是",
    "的都",
    "的人都",
    "哪个",
    "哪一",
    "哪笔",
    "哪单",
    "哪件",
    "哪位",
)


def zh_r_quant(norm: Normalized) -> Spans:
    light = norm.light
    if not _MY_CASES.search(light) or not _REVIEW_OR_OFFER.search(light) or _OWN_MORE.search(light):
        return []
    found = []
    for start, end in _sentences(light):
        text = light[start:end]
        if _NOT_AN_ACT.search(text.replace("？", "").replace("?", "")) or "如果" in text:
            continue
        for pattern in (_NONE_FAILED, _ALL_PASSED, _WHICH_FAILED):
            m = pattern.search(text)
            if m is not None:
                found.append(_dense_span(norm, start + m.start(), start + m.end()))
                break
    return found


_CHANGE = lazy_compile(
    r"(?:换|转|交|移交|转交|交给|转给|派)(?:给)?(?:个|一?批|几个|别的|其他|外面的?|外头的?|另外的?|第二班|新的?|一帮)"
    r"(?:人|兄弟|朋友|哥们|伙计|法子|办法|方式|路子|手段|招|班人)"
    r"|(?:找|叫|派)(?:一?批|几个|别的|其他|外面的?|外头的?|第二班|一帮|新的?)(?:新的)?(?:人|兄弟|朋友|哥们|班人)"
    r"|(?:用|拿|按)(?:我们|他们|咱们|别的|点别的|自己|外面)的?(?:方式|办法|手段|规矩|路子|法子)"
    r"|不归我管|不是我(?:管|负责)|就不是我了|(?:下次|下回|以后|后面)[^，,。！？!?]{0,6}?(?:来的|找你的|跟你谈的)(?:人)?(?:就)?不是"
    r"|有的是(?:办法|法子|手段|人)|别的(?:手段|办法|法子|路子)|换(?:个|一种|种)?(?:路子|法子|玩法|方式|办法)"
    # session 40: a change of PLACE (换个场子说, 不在电话里聊了, 找个地儿) or of the people sent (换一拨人)
    r"|换(?:个|一个)?(?:地方|场子|场合|地儿|环境|场地|地点)|不在电话里|电话里(?:就)?不(?:说|聊|谈)了"
    r"|找个(?:地方|地儿|场子)|换(?:一)?(?:拨|帮|伙|群)人",
    cached=False,
)
_UNPAID = lazy_compile(
    r"不还|没还|不认|不处理|拖|欠|逾期|赖|装傻|装死|躲|还不上|不给钱|这么久|再不"
    # session 40: the debt implied by silence (一直不吭声, 装没事)
    r"|不吭声|不理|不回|不接电话|没动静|装没事",
    cached=False,
)
_NOT_REPAID = lazy_compile(r"不还|没还|还不上|不肯还", cached=False)
_CHANGE_GATE = (
    "换",
    "转给",
    "交给",
    "移交",
    "转交",
    "找一",
    "找几",
    "找别",
    "找其",
    "找外",
    "找第二",
    "派",
    "方式",
    "办法",
    "手段",
    "规矩",
    "路子",
    "法子",
    "不归我",
    "不是我",
    "有的是",
    "别的",
    "不在电话",
    "电话里不",
    "电话里就不",
    "找个地",
    "找个场",
)


def zh_r_insinuate(norm: Normalized) -> Spans:
    light = norm.light
    if (
        _LAWFUL.search(light)
        or not _UNPAID.search(light)
        or not (_DEBT_RE.search(light) or _NOT_REPAID.search(light))
    ):
        return []
    found = []
    for start, _end, text in _act_sentences(light):
        m = _CHANGE.search(text)
        if m is not None:
            found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# not an act: the status of the addressee's OWN request told back (您申请的那笔钱已经审好了，今天下午打到您卡上):
# the request named as the addressee's, and no promise word in the message
_OWN_REQUEST = lazy_compile(
    r"(?:你|您)(?:于|在)?[^，,。！？!?]{0,8}?(?:申请|提交|送件|送审|咨询|询问|问)的|应(?:你|您)的?(?:要求|申请)",
    cached=False,
)
_PROMISE_WORD = lazy_compile(r"保证|包|肯定|一定|百分|绝对|稳|放心|打包票|必", cached=False)
_OWN_STATUS_GATE = (
    "申请的",
    "提交的",
    "送件的",
    "送审的",
    "咨询的",
    "询问的",
    "问的",
    "要求",
    "申请",
)


def zh_r_own_status(norm: Normalized) -> Spans:
    return gated_spans(norm, _OWN_REQUEST, vetoes=(_PROMISE_WORD,))


# ------------------------------------------------------------ session 40: the form layer
# The frames read declarative clauses; the same act is said in other FORMS (session 39's misses:
# 哪一笔不是顺顺利利下来的？, 成年了没？成年了就给批, 您“安家礼包”里那笔…). :func:`forms` gives a
# message's views with each form mapped to its declarative content and polarity, so EVERY frame
# reads it (one layer, not a frame per form):
# - a rhetorical question whose expected answer is "none" is a universal claim: which-one + not
#   (哪一单不是…的？ -> 每一单都是…; 谁没拿到钱？ -> 个个都拿到钱), which-one / who + a failure asked
#   (你见过哪张被打回来的？ -> 没有一张被打回来), when-ever (什么时候…过？ -> 从来没有…过), is-there-any
#   + a failure (有…还批不下来的吗？ / 还有不通过的吗？ -> 没有…), who-still (谁还看那个？ -> 没人看);
#   the question mark becomes a full stop (a rhetorical question asks nothing: scope.guessed);
# - a conditional whose protasis is a trivial ability or attribute and whose apodosis is a grant
#   (会扫码就能借 / 是就给你批 / 有就直接放款) is a threshold claim: 只要 is put before the protasis,
#   unless it names a real requirement (收入, 流水, 社保…);
# - a quoted product name as a possessive (您“安家礼包”里那笔 / 「築巢專案」的额度) is a noun of its
#   clause: the quotes dropped, 的 put after the addressee (quotes are otherwise a mention).
# Every edit maps each of its characters to a character it replaces (insertions to the next one),
# so a frame's span is still a span of what the writer typed (zh_frames.readings maps it back).
_FAIL_OUT = (
    r"(?:退回|退|打回|拒|刷下|刷掉|驳回|卡住|卡壳|卡了|被卡|空手|白跑|落空|泡汤|黄了|黄过|没批|不批|没过|不过"
    r"|没通过|不通过|没下来|不下来|没下款|不下款|批不|过不|不给(?:批|放|贷|过|下款|放款)|没给(?:批|放|下))"
)
_CLASSIFIER = r"[个笔单件位次套份家回张户批宗个]"
_WHICH_NOT = lazy_compile(r"哪一?(?P<c>" + _CLASSIFIER + r")(?P<neg>不是|没有|没)", cached=False)
_WHO_NOT = lazy_compile(r"谁(?:的)?(?P<neg>不是|没有|没)(?!有?人)", cached=False)
_WHICH_FAILED_Q = lazy_compile(
    r"(?:(?:有|见过|见到过|碰到过|遇到过|听说过|看到过)(?:有)?)?哪一?(?P<c>"
    + _CLASSIFIER
    + r")(?=[^,，。!?]{0,12}?"
    + _FAIL_OUT
    + ")",
    cached=False,
)
_WHO_FAILED_Q = lazy_compile(r"(?:有)?谁(?=[^,，。!?]{0,12}?" + _FAIL_OUT + ")", cached=False)
_WHEN_EVER = lazy_compile(
    r"(?:什么时候|啥时候|几时|何时|哪次|哪回)(?![^,，。!?]{0,14}?(?:会|能|可以|要|才|将|到账|还款|还钱))"
    r"(?=[^,，。!?]{0,14}?过)(?:有(?=人|客|谁|哪))?",
    cached=False,
)
_WHO_STILL = lazy_compile(r"谁还(?=[\u4e00-\u9fff])", cached=False)
# session 41: the IMPLIED answer. A question the speaker closes at once with "none" (…哪笔黄过？你问不出来的 /
# …有被卡的吗？你说呢？ / 边单没有批过？你话呢？: scope.implied_answer) is the universal claim whatever
# its predicate: which-one -> 没有一, who -> 没有人, is-there (有…吗) -> 没有…; Cantonese 边 + a classifier
# is 哪 (same length, so the offsets hold).
_BIAN_WHICH = lazy_compile(r"边(?=一?" + _CLASSIFIER + ")", cached=False)
_WHICH_ANY_Q = lazy_compile(
    r"(?:(?:有|见过|看过|见到过|碰到过|遇到过|听说过|看到过)(?:有)?)?哪一?(?P<c>"
    + _CLASSIFIER
    + ")",
    cached=False,
)
_WHO_ANY_Q = lazy_compile(r"(?:有)?谁(?!说|讲|告诉)", cached=False)
_HAS_ANY_Q = lazy_compile(
    r"(?<![没还])(?P<h>有)(?!没有|没|人|空|时间|什么|事|问题)(?=[^,，。!?]{1,16}?(?P<q>吗|么|嘛)?$)",
    cached=False,
)
_ANY_FAILED_Q = lazy_compile(
    r"(?:(?<=^)|(?<=[,，]))(?P<h>还有|有)(?!没有|没|人)(?=[^,，。!?]{0,16}?"
    + _FAIL_OUT
    + r"[^,，。!?]{0,4}?的(?P<q>吗|么|嘛)?$)",
    cached=False,
)
# the threshold: a trivial ability or attribute (not a real requirement) then a grant
_TRIVIAL_IF = lazy_compile(
    r"(?:(?<=^)|(?<=[,，。!?]))(?:你)?(?P<p>(?:有|会|能|是|满|成年|识字|认字|认得|认识|识|在)[^,，。!?就]{0,8}?)"
    r"(?:的话)?,?(?=就(?:直接|马上|立马|当场|立刻|都|能|可以|可|会|给你?|帮你|让你){0,2}"
    r"(?:批|借|贷|下款|放款|拨款|放|到账|拿到|拿钱|给钱|有钱|下|过))",
    cached=False,
)
_ALREADY_ONLY = lazy_compile(r"只要|只需|但凡|只有|必须|需要|要求|才", cached=False)
# a quoted name as a possessive: a container of the addressee's (您“暖冬钱包”里那笔 -> 你名下那笔), a sum
# (“家装分期”那笔 -> 你的家装分期款那笔), or the addressee's named thing (您的「青年贷」 -> 你的青年贷)
_QUOTED_NAME = lazy_compile(
    r"(?P<you>你(?:的|名下的?|那个|这个|[那这]一?[笔份个]|那|这)?)?[“\"「『《](?P<name>[^”\"」』》,，。!?]{1,10})[”\"」』》]"
    r"(?:(?P<inside>(?:里面?|中|内|上)的?)(?=那|这|一?笔)|(?=(?P<sum>(?:那|这)一?(?:笔|份))))?",
    cached=False,
)
_MONEY_HEAD = lazy_compile(r"(?:额度|额|款|贷|金|钱|授信)$", cached=False)


def _form_edits(light: str) -> list[tuple[int, int, str]]:
    """The light view's edits (start, end, replacement) that give each form its content."""
    edits: list[tuple[int, int, str]] = []
    asks = "?" in light or "？" in light
    if asks and (
        "哪" in light
        or "谁" in light
        or "时候" in light
        or "几时" in light
        or "何时" in light
        or "有" in light
        or "边" in light
    ):
        for start, end in _sentences(light):
            mark = light[end : end + 1]
            if mark not in ("?", "？"):
                continue
            text = light[start:end]
            closed = implied_answer(light, start, end)
            if "边" in text:
                text = _BIAN_WHICH.sub("哪", text)
            before = len(edits)
            for m in _WHICH_NOT.finditer(text):
                done = "都是" if m.group("neg") == "不是" else "都"
                edits.append((start + m.start(), start + m.end(), "每一" + m.group("c") + done))
            for m in _WHO_NOT.finditer(text):
                edits.append(
                    (
                        start + m.start(),
                        start + m.end(),
                        "个个都是" if m.group("neg") == "不是" else "个个都",
                    )
                )
            for pattern, target in ((_WHICH_FAILED_Q, "没有一"), (_WHO_FAILED_Q, "没有人")):
                for m in pattern.finditer(text):
                    c = m.groupdict().get("c") or ""
                    edits.append((start + m.start(), start + m.end(), target + c if c else target))
            for m in _WHEN_EVER.finditer(text):
                edits.append((start + m.start(), start + m.end(), "从来没"))
            for m in _WHO_STILL.finditer(text):
                edits.append((start + m.start(), start + m.end(), "压根没人"))
            for ca, cb in _clauses(text):
                anyq = _ANY_FAILED_Q.search(text[ca:cb])
                if anyq is not None:
                    h = start + ca + anyq.start("h")
                    edits.append((h, h + len(anyq.group("h")), "没有"))
                    if anyq.group("q"):
                        q = start + ca + anyq.start("q")
                        edits.append((q, q + 1, ""))
            if closed and len(edits) == before:
                # the implied answer: the question is the universal claim whatever its predicate
                for m in _WHICH_ANY_Q.finditer(text):
                    edits.append((start + m.start(), start + m.end(), "没有一" + m.group("c")))
                if len(edits) == before:
                    for m in _WHO_ANY_Q.finditer(text):
                        edits.append((start + m.start(), start + m.end(), "没有人"))
                parts = _clauses(text)
                if len(edits) == before and parts:
                    ca, cb = parts[-1]
                    has = _HAS_ANY_Q.search(text[ca:cb])
                    if has is not None:
                        h = start + ca + has.start("h")
                        edits.append((h, h + 1, "没有"))
                        if has.group("q"):
                            q = start + ca + has.start("q")
                            edits.append((q, q + 1, ""))
            if len(edits) > before:
                edits.append((end, end + 1, "。"))
    if "就" in light:
        for m in _TRIVIAL_IF.finditer(light):
            p = m.group("p")
            clause_start = max(light.rfind(c, 0, m.start()) for c in ",，。!?") + 1
            if (
                _BAD_REQ.search(p)
                or _ALREADY_ONLY.search(light, clause_start, m.start("p"))
                or _ALREADY_ONLY.search(p)
            ):
                continue
            edits.append((m.start("p"), m.start("p"), "只要"))
    if any(q in light for q in '“"「『《'):
        for m in _QUOTED_NAME.finditer(light):
            name = m.group("name")
            if m.group("inside"):
                edits.append((m.start(), m.end(), "你名下"))
            elif m.group("sum"):
                edits.append(
                    (m.start(), m.end(), "你的" + name + ("" if _MONEY_HEAD.search(name) else "款"))
                )
            elif m.group("you"):
                edits.append((m.start(), m.end(), "你的" + name))
            elif _MONEY_HEAD.search(name):
                # a quoted credit noun (“春耕备用金”, 「好鄰居週轉金」) is a noun of its clause
                edits.append((m.start(), m.end(), name))
    return edits


def _edited(
    view: str, index: tuple[int, ...], edits: list[tuple[int, int, str]]
) -> tuple[str, tuple[int, ...]]:
    pieces: list[str] = []
    mapped: list[int] = []
    last = 0
    for start, end, target in edits:
        pieces.append(view[last:start])
        mapped.extend(index[last:start])
        pieces.append(target)
        at = index[start] if start < len(index) else (index[-1] if index else 0)
        mapped.extend(
            index[min(start + i, end - 1)] if end > start else at for i in range(len(target))
        )
        last = end
    pieces.append(view[last:])
    mapped.extend(index[last:])
    return "".join(pieces), tuple(mapped)


def forms(norm: Normalized) -> Normalized | None:
    """``norm`` with each clause's FORM mapped to its declarative content (see above), or None
    when no form is found (the caller reads ``norm`` itself)."""
    light = norm.light
    found = sorted(set(_form_edits(light)))
    edits: list[tuple[int, int, str]] = []
    last = 0
    for start, end, target in found:
        if start >= last or (start == end == last):
            edits.append((start, end, target))
            last = max(last, end)
    if not edits:
        return None
    new_light, light_map = _edited(light, norm.light_map, edits)
    dense_edits: list[tuple[int, int, str]] = []
    dmap = norm.dense_map
    for start, end, target in edits:
        o_start = norm.light_map[start] if start < len(light) else len(norm.original)
        d_start = bisect.bisect_left(dmap, o_start)
        d_end = bisect.bisect_left(dmap, norm.light_map[end - 1] + 1) if end > start else d_start
        dense_edits.append((d_start, d_end, "".join(c for c in target if c.isalnum())))
    new_dense, dense_map = _edited(norm.dense, dmap, dense_edits)
    return norm.replace(light=new_light, light_map=light_map, dense=new_dense, dense_map=dense_map)


# ------------------------------------------------------------ session 40: a delay's consequence told
# (for ``unless``) the consequence of a SHORT delay (晚还两天 / 逾期3天的话 / 宽限期内 + 不会上报征信) is a
# service statement about the report, not a claim that the review skips the record; not when the
# delay is unbounded (逾期也不上报: a lure) or the sentence also waves the check aside (不看征信).
_SHORT_DELAY = lazy_compile(
    r"(?:晚|迟|延迟|推迟|晚了|迟了)(?:还|交|缴|付|还款)?(?:个)?(?P<n>(?:一两|两三|[一两二三四五六七八九十0-9]{1,2}|几)\s?天)"
    r"|逾期\s?(?P<m>(?:一两|两三|[一两二三四五六七八九十0-9]{1,2}|几)\s?天|不超过|未超过|没超过|未满|不满|在)"
    r"|宽限期(?P<k>内|之内|以内)|(?P<d>[一两二三四五六七八九十0-9]{1,2}\s?天(?:内|之内|以内))(?:补|还|缴|交)",
    cached=False,
)
_NOT_REPORTED = lazy_compile(
    r"(?:不会|不|暂不|并不会|也不会|都不会|不用担心)(?:被)?(?:上报|报送|上征信|报征信|记入|计入|进征信|留下?记录"
    r"|影响(?:你的?)?(?:征信|信用|人行|记录))",
    cached=False,
)
_CHECK_DENIED = lazy_compile(
    r"(?:不看|不查|不需要|不用|无视|不管|不审|不上)(?:你的?)?(?:征信|信用|人行)|(?:征信|信用)(?:不好|黑|花|差|有问题)(?:也|都)"
    r"|(?:借|贷|申请|下款)[^，,。！？!?]{0,6}?不(?:上|查|看)征信",
    cached=False,
)
_DELAY_GATE = (
    "晚还",
    "迟还",
    "晚交",
    "晚缴",
    "迟交",
    "晚付",
    "延迟",
    "推迟",
    "逾期",
    "宽限期",
    "晚了",
    "迟了",
)


def zh_r_delay_told(norm: Normalized) -> Spans:
    light = norm.light
    if _CHECK_DENIED.search(light):
        return []
    found = []
    for start, end in _sentences(light):
        d = _SHORT_DELAY.search(light, start, end)
        if d is None:
            continue
        r = _NOT_REPORTED.search(light, d.end(), end)
        if r is not None:
            # the bound alone (3天, 宽限期内): the span must not share the rule's own words (逾期, 不会上)
            bound = d.lastgroup or "n"
            found.append(_dense_span(norm, d.start(bound), d.end(bound)))
    return found


# ------------------------------------------------------------ session 41: a loan FIXED by someone, money told
# A brief done-state is a status when the institution tells it (您的额度已经批下来了，可以在APP里提现: the
# addressee's own credit), a grant when a PERSON fixed it: the speaker's side (我 / 我们这边 / 经理) or a
# fixing verb of the trade (搞定, 谈妥, 摆平, 打点好; Hong Kong 搞掂 / 傾掂 / 過晒關 read as these in zh_hant)
# then the money told as coming to the addressee (钱下午三点前进您户头, 下周拨款, 就能动用). zh-Hant's 喬好 is
# 办好 (zh_hant). Vetoed as zh_r_yours is (the addressee's own request, a repayment, a question).
_FIXED = lazy_compile(
    r"(?:我|我们|咱们|经理|主管|领导)(?:这边|那边|这儿|都|已经|已|早就|帮|替|给|为|跟|同|和|经理|主管|[你您]){0,4}"
    r"[^，,。！？!?]{0,6}?(?:办好|办妥|搞定|弄好|弄妥|谈妥|搞好|处理好|打点好|安排好|摆平|都通过)"
    r"|(?:搞定|谈妥|摆平|打点好|都通过)了",
    cached=False,
)
_FIXED_MONEY = lazy_compile(
    r"(?:下周|下礼拜|后天|明晚|今晚|本周|这周|周[一二三四五六日天]|[0-9一二三四五六七八九十两几]+(?:点|号))"
    r"[^，,。！？!?]{0,6}?(?:放款|到账|打款|转账|进|到|入|有得?提)"
    r"|(?:就|即|便)(?:能|可以?|有得?)(?:动用|提现?|用|取|领|刷)",
    cached=False,
)
_FIXED_GATE = (
    "办好",
    "办妥",
    "搞定",
    "弄好",
    "弄妥",
    "谈妥",
    "搞好",
    "处理好",
    "打点好",
    "安排好",
    "摆平",
    "都通过",
)


def zh_r_fixed(norm: Normalized) -> Spans:
    light = norm.light
    if _YOURS_VETO.search(light) or _NOT_AN_ACT.search(_NAME_QUOTED.sub("", light)):
        return []
    if not _REVIEW_OR_OFFER.search(light):
        return []
    found = []
    for start, end in _sentences(light):
        m = _FIXED.search(light, start, end)
        if m is None:
            continue
        if _MONEY_TO_YOU.search(light, m.end(), end) or _FIXED_MONEY.search(light, m.end(), end):
            found.append(_dense_span(norm, m.start(), m.end()))
    return found


# ------------------------------------------------------------ session 41: a person of the addressee's life by ROLE
# The lender's side meets someone the addressee answers to or works beside, named by ROLE (你们主管, 你们
# 人事科的同事, 你们车间的班组长, 你们村支书), with a friendly verb of contact (喝杯茶, 吃个饭, 唠唠, 坐坐,
# 打个招呼, 饮杯咖啡) about the addressee (聊聊你的情况, 提提你的事, 这事): disclosure of the debt to a third
# party said as a social call. Not a lawful step (_LAWFUL), not negated (不会跟你们领导聊), not the addressee's
# own contact (您可以请单位人事帮您开证明: no lender before it).
_ROLE_CHAT = lazy_compile(
    r"(?:我们|咱们|我司|我方|我(?![们是在欠借贷还要想能会怕该应]))(?P<mid>[^，,。！？!?]{0,12}?)"
    r"(?:跟|和|同|找|约|请|拜访|去见|见见|会会)(?:一下)?"
    r"(?P<your>你们|你的|你|您们|您的|您)?(?:公司|单位|厂里?|车间|部门|科室?|村里?|学校|店里?|家里|小区|教会|院里)?"
    r"[^，,。！？!?]{0,6}?(?:" + _ROLE + r"|人事|hr|HR|财务|同事|邻居|亲戚|家里人|村支书|支书)"
    r"(?P<tail>[^。！？!?]{0,14})",
    cached=False,
)
_FRIENDLY = lazy_compile(
    r"喝(?:一|个|杯|两|几)?(?:杯|口|个|顿)?(?:茶|咖啡|下午茶|酒|奶茶)|饮(?:杯|个)?(?:茶|咖啡)|吃(?:个|顿|餐|一顿)?饭"
    r"|食(?:餐|个)?饭|唠(?:唠|嗑|一唠)|聊(?:聊|一聊|两句|几句)|坐坐|叙叙|谈谈|说说|提提|讲讲|打(?:个|声)?招呼"
    r"|见(?:个|一)?面|碰(?:个|一)?面|串(?:个)?门|拜访|问(?:个|声)?好",
    cached=False,
)
_ROLE_CHAT_NEG = lazy_compile(r"不会|不|没|绝不|从不|决不|别|无须|无需|不用", cached=False)
_ROLE_CHAT_GATE = (
    "喝",
    "吃个饭",
    "吃顿饭",
    "吃饭",
    "唠",
    "聊聊",
    "聊一聊",
    "坐坐",
    "叙叙",
    "谈谈",
    "说说",
    "提提",
    "讲讲",
    "招呼",
    "见个面",
    "碰个面",
    "拜访",
    "饮杯",
    "食饭",
    "食餐饭",
)


def zh_r_role_chat(norm: Normalized) -> Spans:
    light = norm.light
    found = []
    for start, _end, text in _act_sentences(light):
        if _LAWFUL.search(text):
            continue
        m = _ROLE_CHAT.search(text)
        if m is None or _ROLE_CHAT_NEG.search(m.group("mid")):
            continue
        if not m.group("your") and not any(y in m.group("mid") for y in ("你", "您")):
            continue  # the addressee's side named: 你们主管, 去你们车间找班组长
        f = _FRIENDLY.search(text, m.start())
        if f is None:
            continue
        found.append(
            _dense_span(
                norm, start + m.start(), start + max(f.end(), m.end() - len(m.group("tail")))
            )
        )
    return found


# ------------------------------------------------------------ session 41: the addressee's life watched, no debt word
# Something of the addressee's life (a child, a kin, a workplace, a car, a route, a time: sphere()) and
# the lender's side knowing / seeing / passing / waiting / visiting in the same sentence (你女儿读的那间幼稚园，
# 我们同事昨天去看过了; 你架车泊喺B2，我哋啲手足成日经过) is menace though no debt is named: the ROLE of what
# is named decides, not a marker word. Not a question (an agent's verification: 您的单位地址是？), not
# where a lawful step or the service is named (诉讼, 抵押登记, 资料, 预约, 挪车), not negated.
_WATCH = lazy_compile(
    _LENDER
    + r"(?:的人|的兄弟|的同事|兄弟|同事|的手足|手足|那边)?[^，,。！？!?]{0,8}?(?<!不)(?<!没)(?<!不会)(?<!别)"
    r"(?:都|也|早就|早|全|已经|天天|整天|每天|昨天|今天|前天)?"
    r"(?:知道|清楚|一清二楚|有数|心里有数|摸清|门儿清|记得|记下|抄下|看到|看见|见到|见过|看着|盯着|留意"
    r"|经过|路过|去过|看过|去看|打过招呼|打了招呼|坐坐|去坐|坐过|等你|等着你|在那等|碰个面|见个面|认得|认识)"
)
_WATCH_SERVICE = lazy_compile(
    r"抵押|登记|资料|核实|核对|审核|申请|合同|评估|挪|停车费|提车|验车|客服|预约|办理|感谢|谢谢|欢迎|确认"
    r"|授权|填写|地址是|电话是|报警|冒充|举报|投诉|祝|恭喜|快乐|抱歉|消息|留言|回复|短信|邮件|来电"
    # a time agreed around the borrower's illness (等您出院后再约时间): care, not watching
    r"|约时间|再约|出院|康复"
    # the lender's own places named as the addressee's (你们门店 / 你们公司: the borrower speaking)
    r"|(?:你|您)们(?:的)?(?:门店|公司|网点|分行|支行|营业厅|店|平台|app|APP)",
    cached=False,
)
_WATCH_GATE = (
    "知道",
    "清楚",
    "有数",
    "摸清",
    "门儿清",
    "记得",
    "记下",
    "抄下",
    "看到",
    "看见",
    "见到",
    "见过",
    "看着",
    "盯着",
    "留意",
    "经过",
    "路过",
    "去过",
    "看过",
    "去看",
    "招呼",
    "坐坐",
    "去坐",
    "坐过",
    "等你",
    "等着你",
    "在那等",
    "碰个面",
    "见个面",
    "认得",
    "认识",
)


def zh_r_life_watch(norm: Normalized) -> Spans:
    light = norm.light
    if _LAWFUL.search(light) or _WATCH_SERVICE.search(light):
        return []
    found = []
    for start, end, text in _act_sentences(light):
        if light[end : end + 1] in ("？", "?"):
            continue
        where = sphere(text)
        if not where:
            continue
        m = _WATCH.search(text)
        if m is None or _ROLE_CHAT_NEG.search(m.group()):
            continue
        found.append(_dense_span(norm, start + m.start(), start + m.end()))
    return found


# ------------------------------------------------------------ for unless: the police in the addressee's own matter (session 45)
# A police word is a threat when the police are aimed at the addressee for the debt. In service text
# they stand in the addressee's OWN matter: a lost or stolen ID and the police calling us about it
# (身份证丢失后，派出所给我们打过电话核实), the addressee's own report or certificate (建议先到派出所报案,
# 去户籍所在地派出所开无犯罪记录证明), a job's vetting (政审, 背景调查, 查刑事纪录, 良民证), or the police
# acting on somebody else (警方抓了一个套路贷团伙, 破获一个地下钱庄). Read per sentence; never where
# the message presses the addressee (抓你, 上门, 不还, 不然, 下一个…): 你再不还钱我们就去派出所报案.
_POLICE_OWN_GATE = (
    "丢失",
    "遗失",
    "报失",
    "被盗",
    "盗用",
    "冒用",
    "冒名",
    "失窃",
    # the found or returned ID fetched in person (这里是城西派出所，我们捡到一张您名下的身份证，请您…来所里认领)
    "挂失",
    "捡到",
    "拾到",
    "拾获",
    "执到",
    "交来",
    "交还",
    "认领",
    "领回",
    "领取",
    "丢的",
    "交返",
    "找返",
    "找回",
    "寻回",
    "追回",
    "送回",
    "拿返",
    "拿得返",
    "政审",
    "背景调查",
    "无犯罪",
    "犯罪记录",
    "刑事纪录",
    "刑事记录",
    "良民证",
    "团伙",
    "集团",
    "钱庄",
    "大耳窿",
    "非法放",
    "套路贷",
    "破获",
    "查获",
    "打掉",
    "捣毁",
    "侦破",
    "拘捕",
    "逮捕",
    "抓了",
    "拉了",
    "给我们打",
    "打给我们",
    "来电",
    "打来",
    "致电",
    "报案",
    "报警",
    "备案",
)
_POLICE_WORD = lazy_compile(
    r"派出所|警察|警方|警局|警署|分局|公安|民警|报案|报警|犯罪|刑事", cached=False
)
_POLICE_OWN = lazy_compile(
    # the addressee's ID or card lost, stolen or used by someone else
    r"(?P<a>丢失|遗失|报失|被盗|盗用|冒用|冒名|失窃|挂失|捡到|拾到|拾获|执到|交来|交还|认领|领回|领取|丢的"
    # (session 46) an item of the addressee's found or handed back, to be fetched (有人交返来, 找返了, 拿得返, 追回, 送回)
    r"|交返|找返|找回|寻回|追回|送回|拿返|拿得返)"
    # a job's vetting and the police's certificates
    r"|(?P<b>政审|背景调查|无犯罪|良民证)|查(?:的是|过|了)?(?P<c>(?:犯罪|刑事)(?:记录|纪录))"
    # the police acting on somebody else
    r"|(?:警方|警察|公安|民警)[^，,。！？!?；;]{0,6}?(?P<d>抓了|拉了|拘捕|逮捕|破获|查获|打掉|捣毁|侦破)"
    r"[^，,。！？!?；;]{0,10}?(?:团伙|集团|钱庄|大耳窿|一班|一伙|非法|套路贷|高利贷|骗子|平台)"
    # the police calling us
    r"|(?:派出所|警察局?|警方|民警|公安局?)[^，,。！？!?；;]{0,6}?(?P<e>给我们打|打给我们|来电|打来|致电)"
    # the addressee's own report or certificate at the police (to the police: 向 / 到 / 去)
    r"|(?P<f>(?:建议|可以|请|先|可)[^，,。！？!?；;]{0,6}?(?:向|到|去))[^，,。！？!?；;]{0,6}?"
    r"(?:派出所|警方|警察局|公安机关|公安局)[^，,。！？!?；;]{0,4}?(?:报案|报警|备案|咨询|求助|申请|开)"
    # session 48 (precision): a claim reported to an INSURER (已向保险公司报案, 信用保险已经报案受理, 向财产险公司报案):
    # the insurer's word before the report (the span: not the report's own words)
    r"|(?P<g>保险公司|保險公司|保险|保險|承保|财产险|財產險|车险|車險|寿险|壽險|险企|理赔|理賠)"
    r"(?=[^，,。！？!?；;]{0,8}?(?:报案|報案))"
    # session 49 (precision): a scam victim helped to report, or her own report told (我们已协助客户报案, 已帮她报警,
    # 我们提醒她已经向派出所报案): the helper's or the reporter's word before the report (the span: not the report's words)
    # (not 帮你报警: "我现在就帮你报警" is a threat to the addressee)
    r"|(?P<h>协助|帮助|帮|陪同|陪)(?!你)(?:客户|她|他|对方|当事人|其)?(?=[^你，,。！？!?；;]{0,8}?(?:报案|报警))"
    r"|(?:客户|她|他|对方|当事人)(?P<i>已经|已)(?=[^，,。！？!?；;]{0,10}?(?:报案|报警))",
    cached=False,
)
_POLICE_PRESS = lazy_compile(
    r"抓你|拉你|带走|带人|上门|到你家|去你家|你家里|不还|欠钱|还钱|不然|否则|要不|坐牢|拘留你|下一个|后果|逾期不",
    cached=False,
)


def zh_r_police_own(norm: Normalized) -> Spans:
    light = norm.light
    if _POLICE_PRESS.search(light):
        return []
    found: Spans = []
    for start, end in _sentences(light):
        if not _POLICE_WORD.search(light, start, end):
            continue
        for m in _POLICE_OWN.finditer(light, start, end):
            group = next(g for g in "abcdefghi" if m.group(g) is not None)
            found.append(_dense_span(norm, *m.span(group)))
    return found


# ------------------------------------------------------------ for unless: a contact reached only to relay a call-back (session 45)
# The contact's part restricted (只 / 仅) to asking the addressee to call us back (我们只会在联系不到您的时候给紧急联系人
# 打电话，请他让您回个电话; 緊急聯絡人…只會請他轉告您與我們聯繫): the lender tells them nothing. Not where the message
# presses the addressee (不还, 每天, 直到) or tells the contact of the debt (告诉他你欠…).
_RELAY_GATE = (
    # (not 联系我们 / 与我们联系: a service message's sign-off holds them; each relay below does not)
    "回电",
    "回个电话",
    "回电话",
    "转告",
    "转达",
    "覆电话",
    "让你回",
    "叫你回",
    "本人",
)
_CALL_BACK = lazy_compile(
    r"(?:只|仅)[^，,。！？!?；;]{0,12}?(?P<r>回电|回个电话|回电话|转告|转达|覆电话|让你回|叫你回)"
    r"|(?:只|仅)[^。！？!?；;]{0,24}?[，,][^，,。！？!?；;]{0,8}?(?P<s>回电|回个电话|回电话|转告|转达|覆电话|让你回|叫你回)",
    cached=False,
)
_RELAY_PRESS = lazy_compile(
    r"不还|每天|天天|直到|告诉他你|告诉她你|跟他说你|跟她说你|你欠|逾期的事|欠款的事", cached=False
)


# the information kept to the borrower alone, told to a relative who called (借款信息我们只能告诉您儿子本人)
_ONLY_SELF = lazy_compile(
    r"(?:只|仅)(?:能|会|可以|可)?(?:告诉|透露给|跟|和|同|对|向)[^，,。！？!?；;]{0,8}?(?P<s>本人)"
    # (session 46) only the addressee may ask (只能由您本人来查询, 需要您本人来电才能查询, 要你本人先可以查)
    r"|(?:只能|只可以|仅能|仅限|必须|需要|需|要)(?:由|是)?(?:你|您|借款人|账户持有人|持卡人|户主)?(?P<t>本人)"
    r"(?:来电|亲自|来|先|才|致电|打来)?[^，,。！？!?；;]{0,6}?(?:查询|查|办理|咨询|了解|说明|处理)"
    # (session 47) the contact made with the addressee themself, nobody added (第三方催收机构联系您本人)
    r"|(?:联系|致电|打给|通知|找|联络)(?:的是|的只是|的仅是)?(?:你|您)(?P<u>本人)(?![^。！？!?；;]{0,6}(?:和|及|以及|还有|跟|、|或|同|也|另外|包括))",
    cached=False,
)


def zh_r_reach_only(norm: Normalized) -> Spans:
    light = norm.light
    if _RELAY_PRESS.search(light):
        return []
    found: Spans = [
        _dense_span(norm, *m.span(m.lastgroup or 0)) for m in _ONLY_SELF.finditer(light)
    ]
    for start, end in _sentences(light):
        for m in _CALL_BACK.finditer(light, start, end):
            # the relay and the rest of its sentence (a frame's hit may end inside the relay's words)
            g = "r" if m.group("r") is not None else "s"
            begin = m.end(g) if end > m.end(g) else m.start(g)
            found.append(_dense_span(norm, begin, end))
    return found


# ------------------------------------------------------------ for unless: the addressee's own setting or agreement (session 49)
# The reminder copied to kin on the addressee's own setting or agreement (按您在App里的设置，还款提醒会同时抄送给您爱人的手机;
# 您本人已同意把还款提醒抄送给您姐姐; 您本人勾选了“同时提醒家属”; 您昨天电话里同意把还款提醒抄送给您丈夫): a reminder or notice
# the addressee chose. The span is the consent's words (a Chinese unless may not overlap the frame's match). Not where
# the message presses or tells the kin of the debt (不还, 每天, 告诉他你欠…, 单位, 找他).
_CONSENT_SET_GATE = (
    "同意把",
    "设置",
    "勾选",
    "开启",
    "打开的",
    "意思设定",
    "要求记低",
    # session 50: Cantonese, read in its mainland view (你喺App度揀咗 -> 你在app度拣了)
    "同意了",
    "拣了",
    "意思加",
    "要求加",
    "同意书",
    "授权书",
)
_CONSENT_SET = lazy_compile(
    r"(?:按|根据|依)你在app|(?:按|根据|依)你的设置|你本人已?同意|你已同意把|你(?:本人)?勾选了?|你(?:本人)?开启了"
    r"|你(?:本人)?打开的|(?:电话里|电话中)同意把|照你(?:的)?意思设定|跟你(?:的)?要求记低"
    # session 50: Cantonese (你喺App度揀咗俾屋企人收提醒; 你早前同意咗用你媽咪嘅電話; 照你意思加咗佢做聯絡人; 你簽咗同意書)
    r"|你在app(?:度|里|上)?(?:拣|选|设)了|你(?:早前|之前|上次|本人|已经)?(?:在电话(?:度|里|中))?同意了"
    r"|照你(?:的)?意思(?=加了)|你要求(?=加)|你(?:上次|早前|之前|上个月)?签了(?:的)?(?:同意书|授权书)",
    cached=False,
)
_CONSENT_TOPIC = lazy_compile(r"提醒|通知|短信|号码|联络|联系|查询", cached=False)
_CONSENT_PRESS = lazy_compile(
    r"不还|每天|天天|直到|告诉他你|告诉她你|跟他说你|跟她说你|你欠|欠了多少|欠多少|欠款的事|不然|否则|单位|找他|找她|上门"
    r"|日日|追数|话晒|老细|老板|公司",
    cached=False,
)


def zh_r_consent_set(norm: Normalized) -> Spans:
    light = norm.light
    if _CONSENT_TOPIC.search(light) is None or _CONSENT_PRESS.search(light) is not None:
        return []
    return [_dense_span(norm, *m.span()) for m in _CONSENT_SET.finditer(light)]


# ------------------------------------------------------------ for unless: no credit check for an account service (session 50)
# The credit query said not to happen for a service the addressee asks on a loan they hold (开结清证明不需要查征信, 打印还款
# 流水不会查询您的征信报告, 申请修改扣款日不需要再查一次征信, 補寄合約影本不需要查聯徵): no loan is offered. The span is the
# service's verb and its noun, each a span (a Chinese unless may not overlap the frame's match: 证明不需要 is one). Never beside an offer (借钱, 下款,
# 放款, 到账, 额度, 秒, 黑户, 包过, 当天, 马上, 身份证, 人人, 门槛).
_SERVICE_GATE = ("征信", "信用报告")
_SERVICE_ACT = lazy_compile(
    r"(?P<v>开具|开|补寄|补发|补开|寄|打印|导出|下载|申请|修改|更换|更改|变更|换绑|查询|查看|调整|索取)"
    r"[^，,。！？!?；;]{0,10}?(?P<n>证明|账单|流水|明细|扣款日|还款日|银行卡|卡号|地址|电话|手机号|合同|合约|影本|复印件"
    r"|发票|回单|收据|本金|余额|结清|试算|密码)",
    cached=False,
)
_SERVICE_CREDIT = lazy_compile(r"征信|信用报告", cached=False)
_SERVICE_LURE = lazy_compile(
    r"能借|可借|就借|借到|借钱|下款|放款|到账|额度|秒|黑户|白户|花户|包过|包批|当天|马上|立即|身份证|人人|谁都|快速|急用"
    r"|提额|申请借|借款申请|贷款申请|门槛|随借|放心借",
    cached=False,
)


def zh_r_service_nocheck(norm: Normalized) -> Spans:
    light = norm.light
    if _SERVICE_LURE.search(light) is not None:
        return []
    # the verb and the noun, each its own span: a frame's match may take either (证明不需要, 开具贷)
    return [
        _dense_span(norm, *m.span(group))
        for start, end in _sentences(light)
        if _SERVICE_CREDIT.search(light, start, end) is not None
        for m in _SERVICE_ACT.finditer(light, start, end)
        for group in ("v", "n")
    ]


# ------------------------------------------------------------ for unless: a zero interest that is not the lender's offer (session 50)
# (a) a fee named as not interest (这5元是短信通知服务费，不是利息; 扣款失败的20元是手续费，不是利息，也不是罚息): the span is
# the fee's word; (b) another's promotion (那个“免息分期”的广告是电商平台的活动，跟我们公司没有关系; 商场里“0利息”的海报是
# 手机店的活动，不是我们的贷款): the span is the disowning; (c) an employer's benefit (公司的预支工资福利不收利息): the span
# is the employer's words. Never beside a lure (借款, 下款, 到账, 额度, 秒, 人人, 申请, 快来, 征信) nor where the lender
# joins the offer (我们也, 同样免息, 一样免息).
_FREE_NOT_GATE = ("利息", "免息", "零息", "0息", "利率", "无息")
_FREE_ZH = lazy_compile(
    r"不是利息|不算利息|并非利息|不属于利息|免息|零息|0息|零利息|0利息|零利率|0利率|无息|不收利息",
    cached=False,
)
_FEE_NAMED = lazy_compile(
    r"(?:服务费|手续费|邮寄费|工本费|通知费|管理费|违约金|滞纳金|罚息|费)(?=[^，,。！？!?；;]{0,14}[，,]?(?:也)?(?:不是|不算|并非|不属于)利息)",
    cached=False,
)
_PROMO_OTHERS = lazy_compile(
    r"(?:是|属于)[^，,。！？!?；;“”\"]{0,10}?(?:的)?(?:活动|促销|广告|优惠)|(?:和|跟|与)[^，,。！？!?；;]{0,12}?(?:无关|没有关系|没关系|冇关系)"
    r"|不是我们(?:的|发的|公司)|别家|其他(?:公司|平台|银行)|另一家",
    cached=False,
)
_EMPLOYER_ZH = lazy_compile(
    r"(?:你的|你们)?(?:公司|单位|雇主|企业)(?:的|给的|提供的)?(?:预支工资|工资预支|薪资预支|预支薪水|借支|员工福利)(?:福利)?",
    cached=False,
)
_FREE_LURE_ZH = lazy_compile(
    r"借款|借钱|能借|可借|下款|放款|到账|额度|秒|人人|谁都|快来|申请|征信|我们也|我们同样|同样免息|一样免息|也免息|也是免息",
    cached=False,
)


def zh_r_free_not_offered(norm: Normalized) -> Spans:
    light = norm.light
    if _FREE_LURE_ZH.search(light) is not None:
        return []
    found: Spans = []
    for start, end in _sentences(light):
        if _FREE_ZH.search(light, start, end) is None:
            continue
        for pattern in (_FEE_NAMED, _PROMO_OTHERS, _EMPLOYER_ZH):
            found += [_dense_span(norm, *m.span()) for m in pattern.finditer(light, start, end)]
    return found


# ------------------------------------------------------------ for unless: a practice the lender denies (session 50)
# The lender (我们 / 我司 / 系统 / 我们的催收员) saying it does not do the act (你家里人我们一定不会打去找; 我们从来不会给您的
# 单位打电话), or jail said not to follow a debt (逾期是不会被抓去坐牢的): the span is the denial's negator (the frame's
# match holds the kin and the act on either side). Never where the message turns or presses (但, 不过, 除非, 如果, 再不,
# 否则, 等着, 到时候, 就会, 下次).
_WE_NEVER_GATE = (
    "不安排",
    "绝不",
    "决不",
    "不会",
    "从不",
    "不允许",
    "不准",
    "不得",
    "不可能",
    "不至于",
    "没人会",
    "没有人会",
)
_WE_NEVER = lazy_compile(
    r"(?:我们|我司|本公司|公司|系统|我们的(?:催收员|员工|同事|人|系统))[^，,。！？!?；;]{0,4}?"
    r"(?<!会)(?<!能)(?P<n>一定不会|绝对不会|绝不会|决不会|从来不会|从来不|从不|不会|不允许|不准|不得)"
    r"(?=[^，,。！？!?；;]{0,4}?(?:打|联系|找|通知|告诉|上门|打扰|外呼|骚扰|催|去|抓|曝光))"
    # a night visit denied by its hour (晚上从来不会去, 晚上不会有人来打扰您, 夜晚唔會去)
    r"|(?:晚上|夜里|夜晚|夜间|深夜)[^，,。！？!?；;]{0,6}?(?P<v>从来不会|从来不|从不|绝不|决不|不会|都不)"
    r"(?=[^，,。！？!?；;]{0,4}?(?:去|来|上门|打扰|到|安排))"
    r"|(?<!会)(?P<j>不会|不可能|不至于|没有人会|没人会)(?=被?[^，,。！？!?；;]{0,3}?(?:坐牢|拘留|判刑|抓|关进|监狱))",
    cached=False,
)
_WE_NEVER_TURN = lazy_compile(
    r"但|不过|可是|除非|如果|要是|再不|否则|不然|等着|到时候|就会|就要|只要你不|下次|一般|通常|平时|还不还|就看你",
    cached=False,
)


def zh_r_we_never(norm: Normalized) -> Spans:
    return gated_spans(norm, _WE_NEVER, vetoes=(_WE_NEVER_TURN,), group=None)


# ------------------------------------------------------------ for unless: a guarantor who signed is notified (session 50)
# The loan's guarantor signed a guarantee and is told of the arrears (呢筆貸款嘅擔保人係你阿哥，佢簽咗擔保書，所以我哋會同時通知佢):
# a notice the guarantee provides for. The span is the signing. Never where it presses (不还, 每天, 天天, 直到, 单位, 上门, 找他).
_SIGNED_GATE = ("担保书", "担保合同", "保证书", "保证合同", "担保协议")
_SIGNED = lazy_compile(
    r"签(?:了|过|署了|署过|字的)?(?:的)?(?:担保书|担保合同|保证书|保证合同|担保协议)", cached=False
)


def zh_r_guarantor_signed(norm: Normalized) -> Spans:
    return gated_spans(norm, _SIGNED, vetoes=(_CONSENT_PRESS,))


# ------------------------------------------------------------ for unless: a caller told nothing (session 50)
# The addressee's kin or friend called in and the lender told them nothing (您的朋友打电话替您问账单，我们没跟他说任何情况;
# 您哥哥打电话来问您欠多少，没有您的授权我们不能告诉他; 你阿哥打嚟問你欠幾多，我哋一個字都冇講): the span is the refusal.
# Never where it presses or tells after all (不还, 每天, 下次, 再打来, 否则, 已经告诉, 都告诉, 说了你).
_TOLD_NOTHING_GATE = ("来电", "打电话", "打来", "致电", "来问", "打过来")
_CALLED_IN = lazy_compile(
    r"来电|打电话来|打电话过来|打电话替|打来|致电我们|来问|打过来|打电话给我们", cached=False
)
_REFUSED = lazy_compile(
    r"(?:没|没有|未|不能|不可以|不会|无法|一个字都没|什么都没|一个字都不)(?:跟|和|对|向|给)?(?:他|她|他们|她们)?"
    r"(?:说|讲|透露|告诉|提|回答|确认)",
    cached=False,
)
_TOLD_AFTER_ALL = lazy_compile(
    r"不还|每天|天天|下次|再打来|否则|不然|已经告诉|都告诉|告诉了|说了你|讲了你|跟他说了|跟她说了",
    cached=False,
)


def zh_r_told_nothing(norm: Normalized) -> Spans:
    return gated_spans(norm, _REFUSED, gates=(_CALLED_IN,), vetoes=(_TOLD_AFTER_ALL,))


# ------------------------------------------------------------ for unless: money returned to the addressee (session 50)
# A refund or a charge taken by mistake returned (退款是有保障的，10天内没到账我们赔您10元; 保險費如果是誤收，我們保證全額退還):
# not an approval nor a fee asked first. The spans are the refund's and the mistake's words (either may lie outside the
# frame's match). Never beside a loan's approval or an advance fee (批, 下款, 放款, 借款, 贷款, 额度, 通过, 申请, 先交, 解冻).
_REFUND_GATE = ("退款", "退还", "退回", "返还", "退费", "误收", "多扣", "误扣", "扣错", "重复扣")
_REFUND = lazy_compile(r"退款|退还|退回|返还|原路退|退费|误收|多扣|误扣|扣错|重复扣", cached=False)
_REFUND_OFFER = lazy_compile(
    r"批|下款|放款|借款|贷款|额度|通过|过件|申请|先交|先付|解冻|保证金|激活|审核", cached=False
)


def zh_r_refund_sure(norm: Normalized) -> Spans:
    return gated_spans(norm, _REFUND, vetoes=(_REFUND_OFFER,))


# ------------------------------------------------------------ for unless: the outcome left to the review (session 50)
# The speaker takes the paperwork on but leaves the approval to the review (材料准备的事交给我，审批能不能过要看系统; 资料整理的
# 事包在我身上，审批结果要看系统评估), or says it cannot promise (我没法担保一定能批): the span is the review's or the
# refusal's words (after or before the frame's match, never inside it). Never beside a promise (肯定能, 稳过, 百分百,
# 包过, 审批包在, 没问题).
_OPEN_GATE = (
    "不代表",
    "不等于",
    "意味着",
    "要看",
    "为准",
    "取决",
    "说了不算",
    "做不了主",
    "不好说",
    "说不准",
    "担保",
    "保证",
    "打包票",
    "承诺",
)
_OPEN = lazy_compile(
    r"(?<=[审批果过评估])[^，,。！？!?；;]{0,3}?(?P<r>要看|得看|看(?=系统|风控|审核|银行|评估)|以[^，,。！？!?；;]{0,8}?为准"
    r"|取决于|说了不算|做不了主|不好说|说不准)"
    r"|(?P<n>没法|没办法|无法|不能|不敢|不可能|没有办法)(?:给你|跟你|向你|和你)?(?:担保|保证|打包票|承诺)"
    # the scheme's guarantee not the outcome (政府的融资担保…不代表您的贷款一定能批)
    r"|(?P<d>不代表|不等于|并不意味着|不意味着)(?=[^，,。！？!?；;]{0,8}?(?:一定|肯定|必然))",
    cached=False,
)
_OPEN_PROMISE = lazy_compile(
    # (其他不敢保证，下款这事我用人格担保: the refusal covers the rest, the speaker's own pledge the loan)
    r"肯定能|肯定批|肯定过|稳过|稳了|百分百|包过|包批|审批包在|没问题|放一百个心|人格|其他不|别的不|我用|我拿",
    cached=False,
)


def zh_r_outcome_open(norm: Normalized) -> Spans:
    return gated_spans(norm, _OPEN, vetoes=(_OPEN_PROMISE,), group=None)


# ------------------------------------------------------------ for unless: speed told of our submission (session 45)
# The speed word on the lender's own step of SUBMITTING the file (补返份糧單之後我即刻幫你遞交審批, 我會即刻轉交信貸部審核),
# with the review's own duration told in the sentence (大概三個工作天有結果, 結果要幾日): the approval is not said to
# be fast. The span is the duration, after the hit. Not beside a promise (保证, 包, 肯定, 秒批, 当天放款, 马上到账).
_SUBMIT_GATE = ("提交", "递交", "送审", "转交", "交给", "上报", "报送", "送件", "提报", "呈交")
_SUBMIT_FAST = lazy_compile(
    r"(?:马上|立刻|立即|即刻|即时|第一时间|尽快|随即|就)[^，,。！？!?；;]{0,3}?(?:帮你|帮您|给你|替你|为你)?"
    r"(?:提交|递交|送审|转交|交给|上报|报送|送件|提报|呈交)",
    cached=False,
)
_REVIEW_TAKES = lazy_compile(
    r"[0-9一二两三四五六七八九十几]+个?(?:工作日|工作天|天|日|周|星期|礼拜)|几日|几天", cached=False
)
_REVIEW_NOUNS = ("审批", "审核", "批核", "审查", "风控", "银行")
_SUBMIT_PROMISE = lazy_compile(
    r"保证|包过|包批|肯定|一定|秒批|秒过|当天放款|马上到账|立即到账|即时到账|稳", cached=False
)


def zh_r_submit_fast(norm: Normalized) -> Spans:
    light = norm.light
    found: Spans = []
    for start, end in _sentences(light):
        m = _SUBMIT_FAST.search(light, start, end)
        if m is None or _SUBMIT_PROMISE.search(light, start, end):
            continue
        took = _REVIEW_TAKES.search(light, m.end(), end)
        if took is not None:
            found.append(_dense_span(norm, *took.span()))
        elif light.startswith(_REVIEW_NOUNS, m.end()):
            # the review named as what is submitted (补齐后马上提交审批): the submitting verb, between the
            # speed word and the review the hit holds
            found.append(
                _dense_span(norm, m.end() - 2, m.end())
            )  # (each submitting verb: two hanzi)
    return found


# ------------------------------------------------------------ for unless: the customer's own call time (session 46)
# A call time in the quiet hours asked for BY the writer (你们晚上十点以后再打给我吧, 凌晨五点打给我最好): the call's
# object is the speaker, so the writer is the customer. Not where we call the addressee (我们…打给你) or press (不然,
# 上门). The span is the 我 the call is made to (the hit holds the verb).
_CALL_ME_GATE = (
    "打给我",
    "打我",
    "给我打",
    "致电我",
    "致电给我",
    "打电话给我",
    "回电给我",
    "打来给我",
)
_CALL_ME = lazy_compile(
    r"(?:打给|打电话给|致电给|致电|回电给|打来给)(?P<me>我)(?![们司方])"
    r"|(?:打|拨)(?P<m2>我)(?:的)?(?:电话|手机|座机)|给(?P<m3>我)打(?:电话|个电话)?",
    cached=False,
)
_WE_CALL_YOU = lazy_compile(
    r"(?:我们|我司|我方|我们的人)[^。！？!?；;]{0,12}?(?:打给你|打你|给你打|联系你|找你|上门|打给您|给您打|联系您)"
    r"|不然|否则|要不然|上门|到你家|去你家|不还",
    cached=False,
)


def zh_r_call_me(norm: Normalized) -> Spans:
    return gated_spans(norm, _CALL_ME, vetoes=(_WE_CALL_YOU,), group=None)


# ------------------------------------------------------------ for unless: employment verified by one call (session 46)
# A call to the addressee's workplace whose purpose is told as checking employment only (只问您是否在职, 只核对您的任职
# 状况, 确认你仍在那里上班): the vetting step of an application, nothing of the debt said. Not beside the debt
# (欠, 逾期, 不还, 催) or a pressing word. The span is the purpose.
_JOB_CHECK_GATE = ("在职", "任职", "上班", "工作信息", "在度做", "在那里做", "受雇", "雇佣")
_JOB_CHECK = lazy_compile(
    r"(?:核实|核对|确认|确定|问|了解|查证|证实)[^，,。！？!?；;]{0,8}?"
    r"(?P<p>是否在职|在不在职|是否(?:为|是)?在职员工|(?:是否|还|仍|仍然|依然)?在职|任职(?:状况|情况|信息)?"
    r"|(?:是否|还|仍|仍然)?在(?:那里|那儿|那边|该公司|公司|度|那)?(?:上班|工作|做)|工作信息|受雇|雇佣(?:关系|状况))",
    cached=False,
)
_JOB_DEBT = lazy_compile(r"欠|逾期|不还|催|还钱|拖|领导知|告诉你领导|让.{0,4}知道", cached=False)


def zh_r_job_check(norm: Normalized) -> Spans:
    return gated_spans(norm, _JOB_CHECK, vetoes=(_JOB_DEBT,), group="p")


# ------------------------------------------------------------ for unless: a pre-check stage told (session 46)
# The credit query said not to happen AT A PRE-CHECK STAGE (预审 / 测额度 / 额度预估 / 试算 / 预先评估 / 初步报价),
# the real query named for a later step (确认借款后才会发起征信查询, 正式递交申请之后先会查) or nothing promised: an
# honest description of the product, not a lure. Never beside money or approval promised (放款, 到账, 下款, 秒批,
# 包过, 马上, 当天, 人人, 黑户…): 不查征信，测完额度马上放款 stays a lure. The span is the stage's word.
_PRECHECK_GATE = (
    "预审",
    "测额度",
    "测评",
    "预估",
    "估额度",
    "估算",
    "试算",
    "预先评估",
    "初步",
    "查看可借",
    "查额度",
    "预授信",
    "报价",
)
_PRECHECK = lazy_compile(
    r"预审|测额度|额度测评|测评|额度预估|预估额度|预估|估额度|估算|试算|预先评估|初步(?:报价|评估|审核|测算)"
    r"|查看可借额度|查看额度|查额度|预授信|报价",
    cached=False,
)
_PRECHECK_PROMISE = lazy_compile(
    r"放款|到账|到卡|下款|秒批|秒过|包过|必过|稳过|保证|马上|立即|立刻|当天|即时|人人|谁都|都能借|都可以借"
    r"|黑户|白户|花户|逾期也|不看|无视|不管|随便|直接",
    cached=False,
)


def zh_r_precheck(norm: Normalized) -> Spans:
    return gated_spans(norm, _PRECHECK, vetoes=(_PRECHECK_PROMISE,))


# ------------------------------------------------------------ for unless: the payout already under way (session 46)
# A latest arrival time (最晚今天下班前到账, 最迟明天中午前到账) told of money the lender has ALREADY released or a request
# already taken (您的借款已经审核放款, 提现申请已受理, 放款指令已经发出, 已撥款): the status of the addressee's own payout,
# not a promise made to win an application. Never beside a lure's words (不看征信, 包过, 随便借, 秒批, 人人, 黑户).
# The span is the status.
_PAYOUT_TOLD_GATE = ("已经", "已放", "已提", "已受", "已拨", "已批", "已发", "已出", "已打", "已审")
_PAYOUT_TOLD = lazy_compile(
    # (not 资料已经提交给审批: a file submitted is no payout, 您这情况是稳过的 stays a promise)
    r"(?:已经|已)(?:[^，,。！？!?；;]{0,4}?)(?:放款|拨款|批出|出款|打款|转出|汇出)"
    r"|提现(?:申请)?(?:已经|已)[^，,。！？!?；;]{0,2}?(?:提交|受理|处理)|放款指令(?:已经|已)?发出",
    cached=False,
)
_PAYOUT_LURE = lazy_compile(
    r"不看征信|不查征信|无视|包过|包批|随便|秒批|秒过|稳过|稳了|一定|肯定|放心|没问题|人人|谁都|黑户|白户|花户|保证"
    r"|百分百|必过|零门槛|无门槛|申请后",
    cached=False,
)


def zh_r_payout_told(norm: Normalized) -> Spans:
    return gated_spans(norm, _PAYOUT_TOLD, vetoes=(_PAYOUT_LURE,))


# ------------------------------------------------------------ for unless: the lender not one of THOSE (session 47)
# The speaker's firm set apart from the lure's kind (我们不是那种“秒批秒到账”的平台; 我哋唔係嗰啲唔使審核即批嘅公司;
# 我們唔係嗰種即批即過嘅財務公司): the lure words stand INSIDE the kind denied (between 那种 and its head noun), and
# nothing after the head in the sentence promises speed or approval (我们不是那种慢吞吞的银行，秒批 keeps the lure: its
# kind holds no lure word). The span is the denial (不是那种).
_NOT_THOSE_GATE = ("不是那", "不是这", "并非那", "不是一般", "不属于那")
_NOT_THOSE = lazy_compile(
    r"(?P<n>(?:不是|并不是|并非|不属于)(?:那种|那些|那类|那样的|这种|这类|一般的|所谓的?))(?P<k>[^，,。！？!?；;]{1,16}?)的?"
    r"(?:网贷平台|借贷平台|贷款平台|平台|贷款公司|财务公司|小贷公司|公司|机构|网贷|口子|app|APP|软件|产品|贷款)",
    cached=False,
)
_NOT_THOSE_KIND = lazy_compile(
    r"秒|即批|即过|即贷|包过|包批|必过|稳过|审核|不查|不看|无视|黑户|白户|门槛|当天|马上|极速|闪电|随借随到",
    cached=False,
)
_NOT_THOSE_AFTER = lazy_compile(
    r"秒|即批|即过|包过|包批|必过|稳过|稳了|保证|一定|肯定|不查|不看|免审|无需审|不用审|当天|马上|立即|立刻|极速|闪电"
    r"|随借随到|黑户|零门槛|无门槛",
    cached=False,
)


def zh_r_not_those(norm: Normalized) -> Spans:
    light = norm.light
    found: Spans = []
    for start, end in _sentences(light):
        for m in _NOT_THOSE.finditer(light, start, end):
            if _NOT_THOSE_KIND.search(m.group("k")) and not _NOT_THOSE_AFTER.search(
                light, m.end(), end
            ):
                # (the denial's words alone: a Chinese unless may not hold the lure's words)
                found.append(_dense_span(norm, *m.span("n")))
    return found


# ------------------------------------------------------------ for unless: interest waived as RELIEF (session 47)
# The interest still owed on the addressee's own debt waived in a hardship or negotiated plan (经审核，您的减免申请已通过：
# 本金按原计划分6期还清，剩余利息全免; 剩低嘅利息全數豁免，本金可以分十期還): a debt already owed (剩余 / 尚欠 / 本金)
# and a waiver, and nothing of an offer (新用户, 首借, 现在借, 限时, 活动, 领取, 到账, 不查征信). The span is each word of the
# debt owed (剩余, 本金...): not the waiver's own words.
_RELIEF_GATE = ("剩余", "剩下", "剩低", "余下", "尚欠", "未还", "本金")
_RELIEF_OWED = lazy_compile(
    r"剩余|剩下|剩低|余下|尚欠|未还|本金|罚息|减免申请|还款方案|协商", cached=False
)
_RELIEF_WAIVE = lazy_compile(
    r"全免|全部免|免除|减免|豁免|免收|免掉|不再收|不再计|停止计息|停息|不计利息|不收利息|取消",
    cached=False,
)
_RELIEF_OFFER = lazy_compile(
    r"新用户|新客|首借|首贷|首次借|现在借|马上借|立即借|快来|限时|活动|福利|领取|注册|到账|放款|下款|不查征信|不看征信|秒"
    r"|借[0-9一二两三四五六七八九十几]|额度",
    cached=False,
)


def zh_r_relief(norm: Normalized) -> Spans:
    return gated_spans(norm, _RELIEF_OWED, gates=(_RELIEF_WAIVE,), vetoes=(_RELIEF_OFFER,))


# ------------------------------------------------------------ for unless: a job at the prison or the police (session 47)
# The writer's or their kin's occupation (我老公是监狱的狱警，他的收入能算进去吗？; 我哥是派出所的民警，他可以做我的紧急联系人吗？):
# an occupation told, not a threat. Never where the message presses (_POLICE_PRESS: 抓你, 坐牢, 不还, 否则...). The span is
# the person and 是 / 在 before the place (a Chinese unless may not hold the prison word).
_JAIL_JOB_GATE = ("监狱", "看守所", "派出所", "公安局", "警察局", "法院")
_JAIL_JOB = lazy_compile(
    r"(?P<p>(?:我|我的|我家)(?:"
    + _KIN
    + r"|朋友|同学|自己)?(?:是|在))[^，,。！？!?；;]{0,8}?(?:监狱|看守所|派出所|公安局|警察局|法院)"
    r"[^，,。！？!?；;]{0,4}?(?:狱警|民警|警察|法官|书记员|管教|辅警|工作|上班|当差|做事)",
    cached=False,
)


def zh_r_jail_job(norm: Normalized) -> Spans:
    return gated_spans(norm, _JAIL_JOB, vetoes=(_POLICE_PRESS,), group="p")


FRAMES: dict[str, tuple[tuple[str, ...], Callable[[Normalized], Spans]]] = {
    "zh_r_menace": (_MENACE_GATE, zh_r_menace),
    "zh_r_insider": (_INSIDER_GATE, zh_r_insider),
    "zh_r_threshold": (_THRESHOLD_GATE, zh_r_threshold),
    "zh_r_notice": (_NOTICE_GATE, zh_r_notice),
    "zh_r_third": (_THIRD_GATE, zh_r_third),
    "zh_r_rule_stated": (_RULE_GATE, zh_r_rule_stated),
    # session 38: the act side
    "zh_r_certain": (_CERTAIN_GATE, zh_r_certain),
    "zh_r_one_thing": (_ONE_THING_GATE, zh_r_one_thing),
    "zh_r_occasion": (_EVENT_GATE, zh_r_occasion),
    "zh_r_routine": (_ROUTINE_GATE, zh_r_routine),
    "zh_r_hours_kept": (_HOURS_GATE, zh_r_hours_kept),
    "zh_r_nocheck": (_NOCHECK_GATE, zh_r_nocheck),
    "zh_r_done": (_DONE_GATE, zh_r_done),
    # session 39: open classes by the clause
    "zh_r_yours": (_YOURS_GATE, zh_r_yours),
    "zh_r_quant": (_QUANT_GATE, zh_r_quant),
    "zh_r_insinuate": (_CHANGE_GATE, zh_r_insinuate),
    "zh_r_own_status": (_OWN_STATUS_GATE, zh_r_own_status),
    # session 40: a delay's consequence told (for unless)
    "zh_r_delay_told": (_DELAY_GATE, zh_r_delay_told),
    # session 41: a loan fixed by someone, money told
    "zh_r_fixed": (_FIXED_GATE, zh_r_fixed),
    # session 41: a person of the addressee's life by role, a friendly verb of contact
    "zh_r_role_chat": (_ROLE_CHAT_GATE, zh_r_role_chat),
    # session 41: the addressee's life watched, no debt word
    "zh_r_life_watch": (_WATCH_GATE, zh_r_life_watch),
    # session 45: the police in the addressee's own matter (for unless)
    "zh_r_police_own": (_POLICE_OWN_GATE, zh_r_police_own),
    # session 45: a contact reached only to relay a call-back (for unless)
    "zh_r_reach_only": (_RELAY_GATE, zh_r_reach_only),
    # session 49: the reminder copied to kin on the addressee's own setting or agreement (for unless)
    "zh_r_consent_set": (_CONSENT_SET_GATE, zh_r_consent_set),
    # session 50: no credit check for an account service; a zero interest that is not the lender's offer (for unless)
    "zh_r_service_nocheck": (_SERVICE_GATE, zh_r_service_nocheck),
    "zh_r_we_never": (_WE_NEVER_GATE, zh_r_we_never),
    "zh_r_told_nothing": (_TOLD_NOTHING_GATE, zh_r_told_nothing),
    "zh_r_refund_sure": (_REFUND_GATE, zh_r_refund_sure),
    "zh_r_outcome_open": (_OPEN_GATE, zh_r_outcome_open),
    "zh_r_guarantor_signed": (_SIGNED_GATE, zh_r_guarantor_signed),
    "zh_r_free_not_offered": (_FREE_NOT_GATE, zh_r_free_not_offered),
    # session 45: speed told of our submission, the review's duration told (for unless)
    "zh_r_submit_fast": (_SUBMIT_GATE, zh_r_submit_fast),
    # session 46: the customer's own call time, employment verified, a pre-check stage (for unless)
    "zh_r_call_me": (_CALL_ME_GATE, zh_r_call_me),
    "zh_r_job_check": (_JOB_CHECK_GATE, zh_r_job_check),
    "zh_r_precheck": (_PRECHECK_GATE, zh_r_precheck),
    "zh_r_payout_told": (_PAYOUT_TOLD_GATE, zh_r_payout_told),
    # session 47: the lender not one of the lure's kind (for unless)
    "zh_r_not_those": (_NOT_THOSE_GATE, zh_r_not_those),
    # session 47: interest waived as relief on a debt owed (for unless)
    "zh_r_relief": (_RELIEF_GATE, zh_r_relief),
    # session 47: a job at the prison or the police told (for unless)
    "zh_r_jail_job": (_JAIL_JOB_GATE, zh_r_jail_job),
}
