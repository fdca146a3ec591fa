"""Session 37 (rules): the Chinese clause reader (loancs/core/compliance/zh_clause.py).

Each flagged line is a variant written BEFORE its frame was built, in other words than any labelled
line (other people, places, objects and verbs); each clean line is a near-miss of the same act (a
lawful step named, a rule stated as a rule, a fee denied, a borrower's question, a warning).
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules

FLAG = [
    ("collection", "你们车队的调度我们已经托他带话了，欠的钱让你赶紧处理"),
    ("collection", "你常去那家茶楼的领班，我们拜托她见到你就提醒你还款"),
    ("collection", "你楼上那个跳广场舞的大妈，我们跟她说了你欠钱的事，让她多劝劝你"),
    ("collection", "你前妻那边我们也打过电话了，请她转告你这笔欠款"),
    ("collection", "你們工地嘅判頭，我哋已經叫佢催你還錢"),
    ("collection", "你外孙每周二下午在青年宫学画画，欠的钱不还，我们也去那边看看他"),
    ("collection", "你家丫头每天五点二十从钢琴老师家出来，这笔账拖着，我们的人会在楼下等她"),
    ("collection", "你儿子周末在体育馆打乒乓球，钱再不到位，我们就去球馆找他聊聊"),
    ("collection", "你个女每朝七点喺巴士站等车返学，唔还钱嘅话我哋同事会去嗰度"),
    ("collection", "你小孙子每天傍晚在广场学轮滑，欠款的事再拖，我们就去广场陪他玩"),
    ("collection", "你孙子每周四晚上在青少年活动中心学书法，钱的事不解决，我们去那边坐坐"),
    ("collection", "你女儿每天下午五点从舞蹈室出来，拖欠这么久了，我们的人顺路可以接她"),
    ("collection", "欠的钱你不管，你儿子周日上午的篮球队训练我们也会去看"),
    ("collection", "你個仔逢星期六朝早喺游泳池學游水，欠款再唔還，我哋同事會去嗰度"),
    ("collection", "听说你家小宝每天坐七点的公交去上学，这笔账再拖，我们在站台等他"),
    ("marketing", "信审那边拍板的是我小姨子，你的件我递进去就过"),
    ("marketing", "我以前的老班长现在做终审，这笔贷款我跟他说一声就成"),
    ("marketing", "批贷的张经理是我发小，你的单子他不会卡"),
    ("marketing", "審批嗰個主任係我舊同事，你份文件我交俾佢就得"),
    ("marketing", "我干爹在风控部门当头，你的额度包批下来"),
    ("collection", "钱要是下周一还没打过来，你那个奶茶店开张还顺不顺利，我可说不准"),
    ("collection", "你就继续装聋作哑吧，你每天傍晚在公园遛狗那条路，我们也常走"),
    ("collection", "欠款拖过月底，后面的事就不是我能管得住的了"),
    ("collection", "還唔還錢你自己諗清楚，你架電單車晚黑泊喺邊我哋一清二楚"),
    ("collection", "这笔钱再不给个说法，咱们以后见面的方式可能就不太一样了"),
    ("collection", "你媳妇每天早上七点在幼儿园旁边卖早点，对吧？这个月的钱该有个交代了"),
    ("collection", "你那间修车铺后门晚上是不锁的吧？欠款拖到现在也该结了"),
    ("collection", "你每周五下午都去城西那个钓鱼塘，没错吧？钱再拖下去就不好办了"),
    ("collection", "你老爸的三轮车平时停在小区东门，是吧？欠的钱这周给个准话"),
    ("collection", "你那栋出租屋的钥匙还藏在门口地垫下面吧？欠我们的账月底前清掉"),
    (
        "marketing",
        "【金满仓】恭喜，您已被列入优质客户名单，20000元授信已生成，今晚前将直接打入您尾号卡",
    ),
    ("marketing", "您的备用额度已下发到账户，三天内不领取系统将收回"),
    ("marketing", "親愛的會員，你的貸款已批出，請帶同身份證到分行簽字即可領款"),
    ("marketing", "系统已经替您锁定了一笔30000元的资金，确认后立即打款，无需审核"),
    ("marketing", "恭喜您获得专属借款资格，8000元已冻结待领取，逾期未领视为自动放弃"),
    ("collection", "你们村卫生室的医生我们找过了，让他劝你早点还钱"),
    ("collection", "你常去的那个网吧老板，我们已经跟他说了你欠钱的事"),
    ("collection", "你住的那栋楼的门卫，我们请他盯着你什么时候回来"),
    ("collection", "你哋公司飯堂嘅阿姐，我哋都同佢講咗你欠錢唔還"),
    ("collection", "你驾校的教练那边，我们已经把你的欠款情况发过去了"),
    ("marketing", "只要你有一个淘宝账号，马上借你一万"),
    ("marketing", "有个微信零钱包就够了，两万块十分钟下来"),
    ("marketing", "只要认识字，这笔三万的额度就归你"),
    ("marketing", "只要不是黑户，随便借，当天到账"),
    ("marketing", "手里有张公交卡的人都能申请，五千块秒批"),
]

CLEAN = [
    "您的紧急联系人仅用于无法联系到您本人时核实您的联系方式，我们不会透露欠款",
    "催收的人托我们楼的门卫带话让我还钱，这合法吗？",
    "我们已经请客服专员跟进您的还款计划，请留意来电",
    "我儿子每周二在青年宫学画画，这个月能不能晚几天还款",
    "催收只联系您本人，不会去您孩子上课的地方",
    "有人去您孩子的培训班打听您，这是违规行为，我们已报警处理",
    "我女儿每周四要去学书法，还款日能不能改到周五",
    "我们不会去找您的孩子，欠款的事只和您本人沟通",
    "催收人员去您孩子的学校是违规的，我们已经处理了该员工",
    "任何人以欠款为由骚扰您的家人都属于违规，我们已要求外包机构停止",
    "催收员上门找您的亲戚是不被允许的，您可以向我们投诉",
    "我们从不要求借款人先交手续费、押金才能放款",
    "本平台不会以任何名义收取解冻费或刷流水费",
    "联系借款人的同事、邻居都是违反规定的行为，您反映的问题已登记",
    "我們從來不會要求客戶先付保證金才撥款，請小心騙徒",
    "有人自称审批主任是他发小、保证下款，这是诈骗，请不要转账",
    "审批由系统和风控团队独立完成，任何员工都无法保证结果",
    "中介说他表哥在风控部门，能包过，是真的吗？",
    "这笔钱再不还，我们将按合同约定上报征信并收取违约金",
    "欠款拖过月底仍未处理的，我司将委托律师向法院起诉",
    "催收说我再不还他就不客气了，我要怎么投诉他",
    "你那辆车是停在小区东门吧？我们的上门回收员明天按约定去取抵押车辆",
    "您的还款日是每月15号对吧？这个月可以申请延期一次",
    "您于昨日提交的借款申请已审核通过，请在APP内确认合同后提款",
    "收到“您已获得XX额度，点击领取”的短信请勿点击，这是诈骗",
    "您申请的额度已审批完成，是否提款由您自己决定",
    "我们不会联系您的房东或同事，只和您本人沟通",
    "催收人员向您的邻居透露欠款是违规的，请提供录音我们来处理",
    "催收的人去找了我们楼的门卫，这样合法吗",
    "申请需要本人有效身份证、银行卡和近六个月的收入证明，并授权征信查询",
    "只要有淘宝账号就能借钱的说法是骗局，请勿相信",
    "是否放款以审核结果为准，我们不会只凭一个账号就批贷",
]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_reader_frame_flags(rules, category, text):
    result = rules.check(text)
    assert any(h.category == category and h.severity != "info" for h in result.hits), text


@pytest.mark.parametrize("text", CLEAN)
def test_reader_near_miss_passes(rules, text):
    assert rules.check(text).verdict == "ok", text
