"""Chinese acts read as FRAMES (session 36): who does what to whom, with what shape.

A word list catches the words someone listed; the next writer says the same act in other
words. Each reader here finds an act by the shape of the sentence that carries it, with small
closed classes for the slots (a trivial possession, a publishing medium, a person's role, a
vague consequence) and open slots (any place, any lender's name) where the shape decides:

- ``zh_open_menace``: non-payment or a deadline, then an unnamed consequence (接下来会发生什么,
  我可不敢保证; 那我们就慢慢玩; 以后在这片儿还混不混), and no named lawful step in the sentence
  (a fee, the credit bureau, a court, a payment plan: those are lawful and pass);
- ``zh_life_lure``: a life-style want (人生苦短, 想去的地方, 新款手机, 对自己好一点) with
  "have it now" and "the money later / the money is ours to front" (先拎回去, 还款的事以后再说,
  钱的事交给…), and a credit word in the message;
- ``zh_trivial_need``: one trivially held thing (a phone, a selfie, being 18, a pulse) said to be
  the whole requirement (这就是全部条件, 就够了, 别的都不用, 钱就到);
- ``zh_insider``: a person inside the review (审核部的副理, 管信贷的) tied to the speaker by a
  relation (是我同学, 我老丈人) and a favour (点个头, 过目, 亲自签);
- ``zh_notice``: credit stated as already opened for the reader (系统已为您开通…额度, 您已获得…)
  with only a click or a claim left (点击确认即可打款, 今日领取即可到账);
- ``zh_place_role``: a person of the borrower's life named by a place and a role (你们驾校的教练,
  你爱人单位的工会主席, 你房东那边) whom we contacted (我们也找到了, 已经递了材料);
- ``zh_custody_image``: prison by an image of its life (隔着玻璃说话, 每个月只能见一次家里人,
  踩缝纫机, 剃光头穿马甲) said to the borrower;
- ``zh_borrow_place``: go to a lender (any name, a shop, an app) and get money, then pay us
  (你再去“小鱼借”上申请一笔，批下来直接转我们账户);
- ``zh_shame_medium``: we publish the borrower's debt through a medium (an electronic screen, a
  short video, a banner, the village loudspeaker, a pennant, the parents' group);
- ``zh_for_others``: the review said to be for others, the reader exempt (审批是给新客户设的，
  你是老客户);
- ``zh_promise_failed`` (for ``unless``): a promise reported with its failure (…结果被拒了,
  结果啥也没下来): the writer is a borrower telling what happened, not a lender promising.

Each reader runs only on a message with hanzi, and only when one of its gate words is in the
dense view (one pass of an automaton over the gate words of all readers): a message that cannot
hold the act pays one automaton walk.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

import ahocorasick_rs

from loancs.core.compliance import zh_clause, zh_hant
from loancs.core.compliance.scope import dense_span as _dense_span
from loancs.core.lazyre import LazyPattern, lazy_compile
from loancs.core.normalize import Normalized

Spans = list[tuple[int, int]]

_H = r"[\u4e00-\u9fff]"
_NS = r"[^。！？!?；;\n]"  # inside one sentence
_NC = r"[^，,。！？!?；;：:\n]"  # inside one clause

# ----------------------------------------------------------------- open menace
_NONPAY = (
    r"(?:再不还|还不还|不还钱|不还(?:是吧|的话|吧|了)?|可以不还|不给钱|见不到钱|看不到钱|没见到钱|收不到钱"
    r"|还不上|不处理|装死|拖着|拖下去|继续拖|躲着|不接电话|不回(?:消息|信息|电话)|不吭声|不配合|赖着"
    r"|(?:今天|明天|后天|周[一二三四五六日天]|礼拜[一二三四五六日天]|月底|[0-9一二三四五六七八九十]+[点号])"
    r"(?:之前|以前|前)" + _NS + r"{0,8}(?:见不到|没到账|不到账|没收到|没还|不还|还不上))"
)
_VAGUE = (
    r"(?:会发生什么|会出什么事|会怎么样|什么事都(?:有|可能)|(?:我|我们|谁)(?:可)?不敢保证|说不好|不好说|说不准"
    r"|后面的事|接下来的事|以后的事|慢慢玩|陪你玩|好好玩|耗得过|走着瞧|有你好看|有你受的|有你好受"
    r"|混不混|混不下去|待不下去|没法混|还想不想混|日子(?:就)?不好过|不会(?:再)?(?:这么|那么)(?:好说话|客气)"
    r"|就不客气|不讲情面|别后悔|后悔(?:都)?来不及|自己(?:掂量|看着办|想清楚|想好|琢磨)|(?:想|想清)楚(?:后果|了)?"
    r"|不是你能(?:控制|决定|左右)|你(?:可)?(?:就)?(?:别怪|怨不得))"
)
_OPEN_MENACE = lazy_compile(
    _NONPAY + _NS + r"{0,24}?" + _VAGUE + "|" + _VAGUE + _NS + r"{0,6}?" + _NONPAY
)
# the same clause after a question mark: 不还是吧？那我们就慢慢玩
_OPEN_MENACE_ASKED = lazy_compile(
    r"(?:不还|不给|不处理|装死|拖着)(?:是吧|是不是|对吧|呗)[？?]+(?:那|那么|行|好)"
    + _NS
    + r"{0,12}?"
    + _VAGUE
)
_LAWFUL = lazy_compile(
    r"违约金|罚息|滞纳金|征信|信用记录|信用报告|诉讼|起诉|法院|仲裁|律师函|法律程序|依法|法律途径|协商|分期"
    r"|还款计划|还款方案|客服|合同约定|按合同|按约定|减免|延期"
)
_MENACE_GATE = (
    "还",
    "钱",
    "处理",
    "装死",
    "拖",
    "躲",
    "电话",
    "消息",
    "信息",
    "吭声",
    "配合",
    "赖",
    "之前",
    "以前",
)

# ----------------------------------------------------------------- life-style lure
_WANT = (
    r"(?:人生苦短|及时行乐|趁年轻|年轻就要|出去走走|机票|酒店|度假|委屈自己|对自己好|犒劳(?:一下)?自己|宠(?:爱)?自己|奖励自己|想去的地方|想买的|想要的|看上的"
    r"|喜欢的|心仪的|新款|说走就走|钱包限制|限制了你|体面|不将就|享受生活|诗和远方|旅行|旅游|出国|演唱会|名牌|包包"
    r"|奢侈品|换车|换手机|换新机|iphone|苹果|最新款|同款|精致)"
)
_NOW_LATER = (
    r"(?:先(?:去|买|拿|用|享受|拎|带|花|下单|提|安排|上车|抢|订|定|冲|入手|开回)|(?:现在|今天|马上|立刻|当天)就(?:去|买|拿|带|拎|提|出发|安排|下单|订|抢)"
    r"|拿回家|拎回(?:去|家)|带回家|(?:钱|还款|还钱|账|票子)的事(?:以后|回头|交给|慢慢|再说|不用|别)"
    r"|慢慢还|以后再(?:说|还)|回头再(?:说|还)|(?:钱|额度|资金)?(?:我们|咱们|平台)(?:帮你|替你|给你)?(?:先)?(?:垫|出|给|掏)|分期(?:慢慢)?还"
    r"|不用(?:急着)?还|晚点再还)"
)
# the span reported is the "have it now / money later" part (a negator before the want, 别让钱包
# 限制了你, denies nothing of the offer)
_LIFE_LURE = lazy_compile(
    _WANT + r".{0,40}?(?P<act>" + _NOW_LATER + ")|(?P<act2>" + _NOW_LATER + r").{0,30}?" + _WANT
)
_CREDIT = lazy_compile(
    r"借|贷|分期|额度|花呗|垫|还款|还钱|钱的事|随借随还|下款|到账|月供|白条|信用"
)
_LURE_GATE = (
    "人生",
    "及时行乐",
    "委屈",
    "对自己",
    "犒劳",
    "宠",
    "奖励自己",
    "想去",
    "想买",
    "想要",
    "看上",
    "喜欢",
    "心仪",
    "新款",
    "说走就走",
    "钱包",
    "限制",
    "体面",
    "将就",
    "享受",
    "远方",
    "旅行",
    "旅游",
    "出国",
    "演唱会",
    "名牌",
    "包包",
    "奢侈",
    "换车",
    "换手机",
    "换新机",
    "iphone",
    "苹果",
    "同款",
    "精致",
    "趁年轻",
    "年轻就要",
    "走走",
    "机票",
    "酒店",
    "度假",
)

# ----------------------------------------------------------------- one trivial requirement
_TRIVIAL = (
    r"(?:手机号?|身份证|微信|支付宝|自拍|一张(?:脸|照片|自拍)|刷(?:个)?脸|银行卡|年满(?:十八|18)|满(?:十八|18)(?:岁|周岁)?"
    r"|(?:十八|18)(?:岁|周岁)|成年|会用手机|活人|喘气|能收(?:短信|验证码)|会打字|有口气|能动|名字)"
)
_ALL_IT_TAKES = (
    r"(?:(?:这|这些|这俩|这两样|这两个)?就是(?:全部|所有|唯一)(?:的)?(?:条件|要求|门槛|资料|材料|手续)"
    r"|就够了|就足够|就可以(?:借|贷|申请|下款|拿钱|到账)|就能(?:借|贷|拿钱|下款|申请|到账|批)"
    r"|(?:别的|其他|其它|其余)(?:什么)?(?:都|也)?不(?:用|需要|要)|钱就到|即可(?:借|贷|下款|到账|拿钱)|只认这)"
)
_TRIVIAL_NEED = lazy_compile(_TRIVIAL + _NS + r"{0,10}?" + _ALL_IT_TAKES)
_TRIVIAL_GATE = (
    "手机",
    "身份证",
    "微信",
    "支付宝",
    "自拍",
    "脸",
    "照片",
    "银行卡",
    "十八",
    "18",
    "成年",
    "活人",
    "喘气",
    "短信",
    "验证码",
    "打字",
    "口气",
    "能动",
    "名字",
)
# a clause that asks for real papers: the list is a requirement, not a lure
_REAL_PAPERS = lazy_compile(r"收入证明|工作证明|流水|社保|公积金|征信报告|资料齐全|资质|审核")

# ----------------------------------------------------------------- insider by relation
_UNIT = r"(?:风控|审核|审批|信审|授信|放款|信贷|贷款部|审核部|信贷部|银行|总部|后台|批贷|终审|初审|面签)"
_REL = (
    r"(?:同学|同學|发小|表[姐哥弟妹]|堂[姐哥弟妹]|舅舅|姑姑|姑父|姨夫?|叔叔?|亲戚|老乡|战友|朋友|室友|哥们|兄弟|闺蜜"
    r"|前同事|老同事|徒弟|师父|师傅|老公|老婆|对象|老丈人|丈母娘|岳父|岳母|干爹|干妈|邻居|同乡|小舅子|大舅哥|连襟"
    r"|妹夫|姐夫|嫂子|弟媳|侄子|外甥|老同学|大学室友|铁哥们|熟人|自己人)"
)
_FAVOUR = (
    r"(?:点(?:个|一下)?头|(?:亲自)?签|过目|一句话|打(?:个|过|声)?招呼|说了算|就成|就行|算数|放行|没问题|稳|搞定"
    r"|安排|关照|照顾|通融|开绿灯|帮你|批|拍板|盖章|放你过|给你过|走个流程|不用操心|别操心)"
)
_INSIDER = lazy_compile(
    # the unit, its person, and the relation: 审核部的副理是我同学
    _UNIT
    + _NS
    + r"{0,10}?是我(?:的)?(?:亲)?"
    + _REL
    + _NS
    + r"{0,20}?"
    + _FAVOUR
    # the relation first, then in the unit: 我老丈人在这家银行管信贷
    + r"|我(?:的)?(?:亲)?"
    + _REL
    + r"(?:就)?(?:在|是)"
    + _NS
    + r"{0,10}?"
    + _UNIT
    + _NS
    + r"{0,24}?"
    + _FAVOUR
)
_INSIDER_GATE = (
    "风控",
    "审核",
    "审批",
    "信审",
    "授信",
    "放款",
    "信贷",
    "贷款部",
    "银行",
    "总部",
    "后台",
    "批贷",
    "终审",
    "初审",
    "面签",
)

# ----------------------------------------------------------------- credit as a notice
_GIVEN = (
    r"(?:(?:系统|平台|我们|我司|本行|已经?)(?:已经?)?为(?:您|你)(?:开通|预留|准备|激活|核定|生成|批(?:下|出)?|下发|锁定|发放)"
    r"|(?:您|你)(?:名下|账户|账号)?(?:的)?"
    + _NS
    + r"{0,10}?(?:额度|备用金|借款|款项|资金|现金)(?:已经?|都已经?)"
    r"(?:激活|开通|生成|到位|下发|批下|核准|预留|就位|准备好|审批通过|通过)"
    r"|(?:恭喜|恭喜您|恭喜你)"
    + _NS
    + r"{0,12}?(?:获得|获批|开通|拿到|抢到)|(?:您|你)已(?:成功)?获得)"
)
_CLAIM = (
    r"(?:领取|点击|点一下|点开|确认即可|即可(?:到账|打款|提现|放款|使用|到帐)|转到(?:卡|账户|银行卡)|回复|无需(?:提交)?申请"
    r"|直接提现|马上提现|立即提现|去提现)"
)
_NOTICE = lazy_compile(_GIVEN + r".{0,40}?(?P<act>" + _CLAIM + ")")
_NOTICE_GATE = ("为您", "为你", "已", "恭喜")

# ----------------------------------------------------------------- third party by place and role
_ROLE = (
    r"(?:教练|私教|站长|主席|主任|老师|师傅|老板|店长|馆长|会长|经理|领导|队长|组长|厂长|负责人|管理员|保安|前台|房东"
    r"|合伙人|同事|室友|邻居|班长|校长|院长|所长|局长|处长|科长|书记|村长|主管|总监|老总|上司|工头|师父|会计|出纳"
    r"|hr|人事|财务|门卫|物业|导师|辅导员|医生|护士长|牧师|股东|战友|同学|老乡|东家|掌柜|包工头|班主任|领班|线长)"
)
_WE = r"(?:我们|我們|我哋|咱们|我这边)"
_CONTACTED = (
    r"(?:找到|找过|找了|联系|联络|加了|加上|通知|打过招呼|打了招呼|打招呼|递了|递过|发了|告诉|说了|聊了|聊过|见了|见过|拜访"
    r"|登门|上门|约了|沟通|打了电话|打过电话|打电话|去了|去过)"
)
_PLACE_ROLE = lazy_compile(
    r"你(?:们|的|家|爱人|老婆|老公|对象|媳妇)?(?:"
    + _H
    + r"{1,6}?的)?"
    + _H
    + r"{0,2}?"
    + _ROLE
    + r"(?:那边|那儿|那里|这边)?[，,]?"
    + _NC
    + r"{0,3}?"
    + _WE
    + r"(?:也|都|已经|已|刚|刚刚|昨天|今天|上午|下午|早就|早)*"
    + _CONTACTED
)
_ROLE_GATE = ("你",)

# ----------------------------------------------------------------- prison by an image
_CUSTODY_IMAGE = lazy_compile(
    r"(?:隔着(?:一层)?(?:玻璃|铁窗|铁栏|栏杆)|(?:每个?月|一个月|半年|一年|每周)(?:才|只)?(?:能|可以)?见(?:一次|一面|上一面)"
    r"|踩缝纫机|剃(?:个)?光头|(?:穿|换上|套上)(?:橙色|黄色|蓝色|统一的)?(?:马甲|号服|囚服)|蹲号子|吃牢饭|铁窗泪"
    r"|数着日子出来|你(?:就|得|要|去)?(?:在|去|进)里面(?:过|待|蹲|住|踩|吃)|进去(?:待|蹲|住)(?:几|个|上))"
)
_CUSTODY_GATE = (
    "隔着",
    "见一次",
    "见一面",
    "见上一面",
    "缝纫机",
    "光头",
    "马甲",
    "号服",
    "囚服",
    "号子",
    "牢饭",
    "铁窗",
    "出来",
    "里面",
    "进去",
)

# ----------------------------------------------------------------- borrow from a place, pay us
_BORROW_PLACE = lazy_compile(
    r"(?<![收得做拿想看听见遇碰达办说])(?:去|上|到|找|从)"
    + _NS
    + r"{0,10}?(?:申请|借|贷|套|撸|周转|当掉|当了)"
    r"(?:一笔|一点|点|些|出来|现|个|了)?" + _NS + r"{0,16}?"
    r"(?:(?:转(?:给|到|进)?|还(?:给)?|打(?:给|到|进)|结(?:清|掉|了)?|补(?:上|给)?)"
    r"(?:我们|咱们|我这|我们这边|我们这期|我们账户|我们的账|这期|这边)"
    r"|把(?:我们|咱们)(?:这边|这期|的钱|的账|的款)?(?:先)?(?:结清|还上|还了|补上|填上|平了))"
)
_BORROW_PLACE_GATE = ("我们", "咱们", "我这", "这期", "这边")
# advice or a policy about it (不建议, 禁止) is read by the rule's unless concepts

# ----------------------------------------------------------------- shaming by a medium
_MEDIUM = (
    r"(?:电子屏|大屏|led屏|屏幕|广告|短视频|视频|表情包|大喇叭|喇叭|广播|横幅|锦旗|牌匾|朋友圈|抖音|快手|微博|小红书"
    r"|家长群|业主群|同学群|工作群|公司群|班级群|公告栏|宣传栏|告示|海报|传单|直播|热搜|大字报|黑榜|寻人启事|标语|条幅"
    r"|喜报|通告|感谢信|表扬信|贺卡|花圈)"
)
_PUBLISH = (
    r"(?:打(?:个|一)?|发(?:个|一)?|挂(?:个|一)?|播|放|贴|做(?:成|了|个)?|配上|送(?:一面|一个|个)?|登|刷|拉(?:个|一)?"
    r"|印|推|上|广播)"
)
_ABOUT_YOU = r"(?:给你|帮你|替你|你的|老赖|欠(?:钱|债|款)|不还|赖账|曝光|温馨提示|澄清|好榜样|你(?:这|那)(?:点|笔)|你(?:的)?名字|你(?:的)?照片)"
# we as the one who acts, not "our" (我们业主群, 我们小区: a borrower's own group)
_WE_ACTS = _WE + r"(?!(?:的)?" + _MEDIUM + r"|小区|村|公司|单位|家|这里|那里|楼|群)"
_SHAME_MEDIUM = lazy_compile(
    _WE_ACTS
    + _NS
    + r"{0,24}?"
    + _MEDIUM
    + _NS
    + r"{0,24}?"
    + _ABOUT_YOU
    + "|"
    + _WE_ACTS
    + _NS
    + r"{0,16}?"
    + _ABOUT_YOU
    + _NS
    + r"{0,16}?"
    + _PUBLISH
    + _NS
    + r"{0,6}?"
    + _MEDIUM
    + "|"
    + _MEDIUM
    + _NS
    + r"{0,12}?"
    + _WE_ACTS
    + _NS
    + r"{0,16}?"
    + _ABOUT_YOU
)
_MEDIUM_GATE = ("我们", "我們", "我哋", "咱们", "我这边")

# ----------------------------------------------------------------- review for others
_FOR_OTHERS = lazy_compile(
    r"(?:审批|审核|征信|风控|流程|手续|面签|资料|材料|查)"
    + r"[^。！!\n]"
    + r"{0,12}?(?:新客户|新人|外人|别人|生客|新用户|陌生人|散客)"
    + _NS
    + r"{0,12}?你(?:是|算)(?:咱们|我们)?(?:的)?(?:老客户|老用户|自己人|熟客|vip|老朋友|老熟人|回头客)"
)
_FOR_OTHERS_GATE = ("新客户", "新人", "外人", "别人", "生客", "新用户", "陌生人", "散客")

# ----------------------------------------------------------------- a promise reported failed
_PROMISE_FAILED = lazy_compile(
    r"结果(?:还是|却|最后|今天|人家|他们)?"
    + _NS
    + r"{0,12}?(?P<act>被拒|拒了|没批|没下来|没下款|没通过|没到账|没放款|啥也没|什么也没|什么都没|泡汤|黄了"
    r"|一分钱也没|一分也没|没给批|不给批)"
)
_FAILED_GATE = ("结果",)

# ----------------------------------------------------------------- done to me (for ``unless``)
# the writer is the one it was done to: 有人在我们业主群里发我欠钱的事 (a borrower's report)
_DONE_TO_ME = lazy_compile(
    r"(?:有人|他们|催收(?:员|的人|的)?|那帮人|对方|那人|你们的人)"
    + _NS
    + r"{0,14}?(?P<act>(?:发|贴|曝光|骂|挂|传|p|P|晒)(?:了|过)?我(?:的)?)(?![们哋])"
)
_DONE_GATE = ("有人", "他们", "催收", "那帮人", "对方", "那人")


# ----------------------------------------------------------------- a child's place, we will be there
_CHILD_PLACE = (
    r"(?:家长会|运动会|开放日|亲子活动|毕业典礼|文艺汇演|校门口?|学校门口|放学|上学路上|校车|补习班|辅导班|兴趣班|少年宫"
    r"|幼儿园|托管班|托儿所|培训班|课外班|早教|游乐场|学校)"
)
_WE_GO = (
    r"(?:我们|我們|我哋|咱们)(?:的人|同事|几个|这边的人)?" + _NS + r"{0,10}?"
    r"(?:去|过去|到|来|在)(?:那儿|那边|那里|门口|校门口)?(?:坐坐|看看|等|转转|接|见见|会会|走走|瞧瞧|陪|蹲|逛逛|守着)"
)
_CHILD_VISIT = lazy_compile(_CHILD_PLACE + _NS + r"{0,20}?" + _WE_GO)
_CHILD_VISIT_GATE = ("我们", "我們", "我哋", "咱们")

# ----------------------------------------------------------------- shaming through a medium, the speaker implied
_SHAME_FOR_YOU = lazy_compile(
    r"在你(?:们|家|的|老家)?"
    + _NS
    + r"{0,10}?"
    + _MEDIUM
    + r"(?:里|上|下|评论区)?"
    + _NS
    + r"{0,6}?"
    r"给你(?:好好)?(?:宣传|曝光|广播|喊|介绍|播|挂|贴|打广告|扬扬名|出出名)"
    r"|" + _MEDIUM + _NS + r"{0,4}?给你(?:好好)?(?:宣传宣传|曝光|广播|扬扬名|出出名)"
)
_SHAME_FOR_YOU_GATE = ("给你",)

# ----------------------------------------------------------------- the boss has nodded
_BOSS = r"(?:领导|主管|经理|行长|老总|老大|上面|上头|风控|审批|总监|部长)"
_NODDED = r"(?:已经|都|早就|刚刚?)(?:点(?:过|了)?头了?|签(?:过|了)字|拍(?:过|了)板|打过招呼|开过口|同意了|批过了|过目了|松口了)"
_BOSS_NODDED = lazy_compile(
    _BOSS + _NS + r"{0,6}?" + _NODDED + r".{0,24}?(?:放|到账|下款|下来|没问题|等着|稳|就行)"
)
_BOSS_GATE = (
    "领导",
    "主管",
    "经理",
    "行长",
    "老总",
    "老大",
    "上面",
    "上头",
    "风控",
    "审批",
    "总监",
    "部长",
)

# ----------------------------------------------------------------- the debt sent to a third institution
_INFO_SENT = lazy_compile(
    r"(?:逾期|欠款|违约|欠债|欠钱|债务)(?:的)?(?:信息|记录|情况|明细|材料|的事|事情)?[^。！？!?；;\n不没未勿禁]{0,8}?"
    r"(?:通报|抄送|推送|转交|告知|同步|寄|发函|发送|送|反馈)(?:一份)?(?:至|到|给)?(?:您|你)?(?:所在|所在的|老家|户籍所在地)?"
    + _NS
    + r"{0,8}?(?:村委会|居委会|街道办|街道|社区|单位|公司|人事|学校|派出所|村里|厂里|工会)"
)
_INFO_GATE = ("逾期", "欠款", "违约", "欠债", "欠钱", "债务")


# ----------------------------------------------------------------- the record, good or bad, all the same
_RECORD_SAME = lazy_compile(
    r"(?:征信|报告|记录|信用|底子|ctos|ccris|cibil)" + _NS + r"{0,8}?"
    r"(?:好不好|查不查|看不看|有没有问题|黑不黑|花不花|差不差|烂不烂|干不干净|白不白)[，,]?(?:我们)?(?:都|也)"
    r"(?:一样|无所谓|没关系|不要紧|行|能|可以|不影响|没影响|没事|照样)"
)
_RECORD_GATE = (
    "不好",
    "不查",
    "不看",
    "没有问题",
    "不黑",
    "不花",
    "不差",
    "不烂",
    "不干净",
    "不白",
)

# Session 36 cost fix: each costly reader is gated by words its pattern REQUIRES (one of them must be
# in the dense view for any match), so the answers are those of the wider gates, for less work.
_MENACE_REQ = (
    "会发生",
    "出什么事",
    "会怎么样",
    "什么事都",
    "不敢保证",
    "说不好",
    "不好说",
    "说不准",
    "后面的事",
    "接下来的事",
    "以后的事",
    "玩",
    "耗得过",
    "走着瞧",
    "有你",
    "混",
    "待不下去",
    "不好过",
    "好说话",
    "客气",
    "不讲情面",
    "后悔",
    "自己",
    "楚",
    "不是你能",
    "别怪",
    "怨不得",
)
_INSIDER_REQ = tuple(
    [
        "同学",
        "发小",
        "表姐",
        "表哥",
        "表弟",
        "表妹",
        "堂姐",
        "堂哥",
        "堂弟",
        "堂妹",
        "舅舅",
        "姑姑",
        "姑父",
        "姨",
        "叔",
        "亲戚",
        "老乡",
        "战友",
        "朋友",
        "室友",
        "哥们",
        "兄弟",
        "闺蜜",
        "同事",
        "徒弟",
        "师父",
        "师傅",
        "老公",
        "老婆",
        "对象",
        "老丈人",
        "丈母娘",
        "岳父",
        "岳母",
        "干爹",
        "干妈",
        "邻居",
        "同乡",
        "小舅子",
        "大舅哥",
        "连襟",
        "妹夫",
        "姐夫",
        "嫂子",
        "弟媳",
        "侄子",
        "外甥",
        "熟人",
        "自己人",
    ]
)
_MEDIUM_REQ = tuple(
    [
        "电子屏",
        "大屏",
        "led屏",
        "屏幕",
        "广告",
        "视频",
        "表情包",
        "喇叭",
        "广播",
        "横幅",
        "锦旗",
        "牌匾",
        "朋友圈",
        "抖音",
        "快手",
        "微博",
        "小红书",
        "家长群",
        "业主群",
        "同学群",
        "工作群",
        "公司群",
        "班级群",
        "公告栏",
        "宣传栏",
        "告示",
        "海报",
        "传单",
        "直播",
        "热搜",
        "大字报",
        "黑榜",
        "寻人启事",
        "标语",
        "条幅",
        "喜报",
        "通告",
        "感谢信",
        "表扬信",
        "贺卡",
        "花圈",
    ]
)
_PAY_US_REQ = tuple(
    v + m + o
    for v in ("转", "还", "打", "结", "补")
    for m in ("", "给", "到", "进", "清", "掉", "了", "上")
    for o in ("我们", "咱们", "我这", "这期", "这边")
) + ("把我们", "把咱们")
_FOR_OTHERS_REQ = ("老客户", "老用户", "自己人", "熟客", "vip", "老朋友", "老熟人", "回头客")
_INFO_REQ = ("通报", "抄送", "推送", "转交", "告知", "同步", "寄", "发函", "发送", "送", "反馈")

_NOTICE_REQ = (
    "领取",
    "点击",
    "点一下",
    "点开",
    "确认即可",
    "即可",
    "转到",
    "回复",
    "无需",
    "提现",
    "提款",
    "办理",
    "签字放款",
    "网点",
    "门店",
    "分行",
    "支行",
    "柜台",
)
_FAILED_REQ = (
    "被拒",
    "拒了",
    "没批",
    "没下来",
    "没下款",
    "没通过",
    "没到账",
    "没放款",
    "啥也没",
    "什么也没",
    "什么都没",
    "泡汤",
    "黄了",
    "一分",
    "没给批",
    "不给批",
)
_CHILD_REQ = (
    "家长会",
    "运动会",
    "开放日",
    "亲子活动",
    "毕业典礼",
    "文艺汇演",
    "校门",
    "学校",
    "放学",
    "上学",
    "校车",
    "补习班",
    "辅导班",
    "兴趣班",
    "少年宫",
    "幼儿园",
    "托管班",
    "托儿所",
    "培训班",
    "课外班",
    "早教",
    "游乐场",
)
_TRIVIAL_REQ = (
    "就是全部",
    "就是所有",
    "就是唯一",
    "就够",
    "就足够",
    "就可以",
    "就能",
    "别的",
    "其他",
    "其它",
    "其余",
    "钱就到",
    "即可",
    "只认这",
)
_ROLE_REQ = tuple(_ROLE.removeprefix("(?:").removesuffix(")").split("|"))


def _act_span(m: re.Match[str]) -> tuple[int, int]:
    """The match, or its named ``act`` part where the pattern names one."""
    for name in ("act", "act2"):
        if name in m.re.groupindex and m.group(name) is not None:
            return m.span(name)
    return m.span()


def _light_spans(pattern: LazyPattern) -> Callable[[Normalized], Spans]:
    def spans(norm: Normalized) -> Spans:
        found = []
        for m in pattern.finditer(norm.light):
            found.append(_dense_span(norm, *_act_span(m)))
        return found

    return spans


def _sentence_of(light: str, start: int, end: int) -> str:
    low = max(light.rfind(c, 0, start) for c in "。！？!?\n") + 1
    ends = [i for i in (light.find(c, end) for c in "。！？!?\n") if i >= 0]
    return light[low : min(ends) if ends else len(light)]


def _unless_in_sentence(
    pattern: LazyPattern, bar: re.Pattern[str] | LazyPattern, also: LazyPattern | None = None
) -> Callable[[Normalized], Spans]:
    """Spans of ``pattern`` (and ``also``) whose sentence holds no match of ``bar``."""

    def spans(norm: Normalized) -> Spans:
        light = norm.light
        found = []
        for pat in (pattern, also) if also is not None else (pattern,):
            for m in pat.finditer(light):
                if bar.search(_sentence_of(light, *m.span())):
                    continue
                found.append(_dense_span(norm, *m.span()))
        return sorted(found)

    return spans


# "we never / won't" before the act, or "you need not / never / don't" before going to borrow
_WE_NEGATED = lazy_compile(
    r"(?:我们|我們|咱们|我哋|我司|本公司|公司)[^，,。！？!?]{0,3}?(?:不|没|绝不|从不|从来不|决不|从没|绝对不|不会|禁止)"
)
_NEG_BEFORE = lazy_compile(
    r"(?:不用|不必|无需|不需要|别|不要|勿|不让|禁止|不建议|不得|严禁|从不|不会|没必要)"
    + _NC
    + r"{0,4}$"
)
_DEBT_NEG = lazy_compile(r"不还|不給|不给钱|没还|还不上|不起")


def _unless_negated(pattern: LazyPattern) -> Callable[[Normalized], Spans]:
    """Spans of ``pattern`` whose act no negator governs: "we never / won't" inside the match,
    or a negator just before it in its clause."""

    def spans(norm: Normalized) -> Spans:
        light = norm.light
        found = []
        for m in pattern.finditer(light):
            start = m.start()
            low = max(light.rfind(c, 0, start) for c in "，,。！？!?；;\n") + 1
            # (欠钱不还, 不还钱: the debt's own words, not a negated act)
            if _NEG_BEFORE.search(light[low:start]) or _WE_NEGATED.search(
                _DEBT_NEG.sub("", light[low : m.end()])
            ):
                continue
            found.append(_dense_span(norm, *_act_span(m)))
        return found

    return spans


_OWN_FATE = lazy_compile(r"我(?![们們哋])(?![^，,。]{0,3}你)")  # not 我告诉你 / 我劝你


def _not_own(pattern: LazyPattern) -> Callable[[Normalized], Spans]:
    """Spans of ``pattern`` said of the addressee, not the writer's own fate asked about
    (我要是还不上，会不会进去蹲几天？: a borrower's question)."""
    inner = _light_spans(pattern)

    def spans(norm: Normalized) -> Spans:
        found = inner(norm)
        if not found:
            return found
        light = norm.light
        kept = []
        for m, span in zip(pattern.finditer(light), found, strict=True):
            low = max(light.rfind(c, 0, m.start()) for c in "。！？!?\n") + 1
            if not _OWN_FATE.search(light[low : m.start()]):
                kept.append(span)
        return kept

    return spans


def _with_credit(pattern: LazyPattern) -> Callable[[Normalized], Spans]:
    """Spans of ``pattern`` in a message that speaks of credit."""
    inner = _light_spans(pattern)

    def spans(norm: Normalized) -> Spans:
        return inner(norm) if _CREDIT.search(norm.dense) else []

    return spans


READERS: dict[str, tuple[tuple[str, ...], Callable[[Normalized], Spans]]] = {
    "zh_open_menace": (
        _MENACE_REQ,
        _unless_in_sentence(_OPEN_MENACE, _LAWFUL, _OPEN_MENACE_ASKED),
    ),
    "zh_life_lure": (_LURE_GATE, _with_credit(_LIFE_LURE)),
    "zh_trivial_need": (_TRIVIAL_REQ, _unless_in_sentence(_TRIVIAL_NEED, _REAL_PAPERS)),
    "zh_insider": (_INSIDER_REQ, _light_spans(_INSIDER)),
    "zh_notice": (_NOTICE_REQ, _light_spans(_NOTICE)),
    "zh_place_role": (_ROLE_REQ, _light_spans(_PLACE_ROLE)),
    "zh_custody_image": (_CUSTODY_GATE, _not_own(_CUSTODY_IMAGE)),
    "zh_borrow_place": (_PAY_US_REQ, _unless_negated(_BORROW_PLACE)),
    "zh_shame_medium": (_MEDIUM_REQ, _unless_negated(_SHAME_MEDIUM)),
    "zh_for_others": (_FOR_OTHERS_REQ, _light_spans(_FOR_OTHERS)),
    "zh_child_visit": (_CHILD_REQ, _light_spans(_CHILD_VISIT)),
    "zh_shame_for_you": (_SHAME_FOR_YOU_GATE, _unless_negated(_SHAME_FOR_YOU)),
    "zh_boss_nodded": (_BOSS_GATE, _unless_negated(_BOSS_NODDED)),
    "zh_info_sent": (_INFO_REQ, _unless_negated(_INFO_SENT)),
    "zh_record_same": (_RECORD_GATE, _light_spans(_RECORD_SAME)),
    "zh_promise_failed": (_FAILED_REQ, _light_spans(_PROMISE_FAILED)),
    "zh_done_to_me": (_DONE_GATE, _light_spans(_DONE_TO_ME)),
    # Session 37: frames over the clause reader's roles (zh_clause.py)
    **zh_clause.FRAMES,
}

# The readers' gate words in one automaton. ahocorasick-rs's DFA, not pyahocorasick: pyahocorasick
# looks a character up in a node's children one by one, and this root has ~220 of them (the words'
# first hanzi), so its pass cost ~18 us on a 300-character message against ~2 us here (the same
# gated readers on every labelled line: session 36, the lead).
# Session 39 (speed): the DFA takes ~3.5 ms of CPU to build (~1,100 words), the largest part of
# the first check of a process (`loancs check` runs one); a contiguous NFA over the same words
# builds in ~0.8 ms and finds the same words (a set of readers: order does not matter) at ~1.5x
# the DFA's pass (~6.5 against ~4.5 us on 300 characters). So the first _NFA_CHECKS passes use
# the NFA (`loancs check` makes 1-3) and the next builds the DFA, which every later check of a
# long-lived process uses (a bench's warm-up builds it before what it counts).
_GATES: list[tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[str, ...], ...]]] = []
# Session 40 (speed): the gate's name for a word of zh_hant.TERMS. zh_hant.mainland maps a message
# only when its light view holds such a word, and a word of hanzi in the light view is in the dense
# view too, so a pass that sees none of them answers for mainland (None) without its two searches:
# the traditional marks over the whole message (~20 k instructions on 300 characters) and the
# table's words over the light view (~47 k on a zh-Hant line).
_HANT_WORD = "zh_hant"
_NFA_CHECKS = 4
_GATE_PASSES = [0]  # passes served so far by the NFA (-1 once the DFA is built)


def _gate_automaton(
    implementation: ahocorasick_rs.Implementation,
) -> tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[str, ...], ...]]:
    words: dict[str, list[str]] = {}
    for name, (gate, _) in READERS.items():
        for word in gate:
            words.setdefault(word, []).append(name)
    # zh_hant.py's table words gate its mainland view (no reader of that name: see readings)
    for word in zh_hant.TERMS:
        words.setdefault(word, []).append(_HANT_WORD)
    automaton = ahocorasick_rs.AhoCorasick(list(words), implementation=implementation)
    return automaton, tuple(tuple(names) for names in words.values())


def gates() -> tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[str, ...], ...]]:
    """The readers' gate words in one automaton over the dense view, and the readers each word
    gates, by the word's index (a quick-to-build NFA for a process's first passes, then a DFA)."""
    passes = _GATE_PASSES[0]
    if passes >= 0:
        if not _GATES:
            _GATES.append(_gate_automaton(ahocorasick_rs.Implementation.ContiguousNFA))
        elif passes >= _NFA_CHECKS:
            _GATES[0] = _gate_automaton(ahocorasick_rs.Implementation.DFA)
            passes = -2
        _GATE_PASSES[0] = passes + 1
    return _GATES[0]


def _gated(dense: str) -> set[str]:
    """gated_readers, and _HANT_WORD when a word of zh_hant.TERMS occurs in ``dense``."""
    automaton, names = gates()
    return {
        name
        for index, _, _ in automaton.find_matches_as_indexes(dense, overlapping=True)
        for name in names[index]
    }


def gated_readers(dense: str) -> set[str]:
    """The names of the readers one of whose gate words occurs in ``dense``."""
    gated = _gated(dense)
    gated.discard(_HANT_WORD)
    return gated


def readings(norm: Normalized, wanted: tuple[str, ...]) -> dict[str, Spans]:
    """The frames of ``wanted`` found in a Chinese message (dense spans). A zh-Hant message
    is read in its mainland words (zh_hant.py: 過件 as 审批通过, 聯徵 as 征信), each clause's form
    as its content (zh_clause.forms), and the spans found there are mapped back to the message's
    own dense view."""
    gated = _gated(norm.dense)
    view = norm
    if _HANT_WORD in gated:  # (mainland is None when the pass saw none of its words)
        view = zh_hant.mainland(norm) or norm
    # session 40: each clause's form read as its content (zh_clause.forms: 哪一笔不是…？ as 每一笔都是…)
    view = zh_clause.forms(view) or view
    if view is not norm:
        gated = _gated(view.dense)
    if not gated:
        return {}
    result: dict[str, Spans] = {}
    for name in wanted:
        if name in gated:
            spans = READERS[name][1](view)
            if spans:
                result[name] = spans
    if view is not norm and result:
        own = norm.dense_map
        for name, spans in result.items():
            result[name] = [
                (
                    bisect.bisect_left(own, view.dense_map[start]),
                    bisect.bisect_left(own, view.dense_map[end - 1] + 1),
                )
                for start, end in spans
            ]
    return result
