"""Session 38 (rules): the ACT side of the Chinese clause reader (loancs/core/compliance/zh_clause.py).

Each flagged line is a variant written BEFORE its frame was built, in other words than any labelled
line (other verbs above all): approval as a done-state or a gift, certainty by a double negative, a
menace through property or a hearsay question, a child's routine through a carer and a time, one thing
held (or asked about) as the whole requirement, a life event as the loan's purpose. Each clean line is
a near-miss of the same act: a status told when asked, a contact window kept, an apology for a
breach, a promise denied, a warning, a policy, a question.
"""

from __future__ import annotations

import pytest

from loancs.core.compliance import load_rules

FLAG = [
    ("collection", "很抱歉，但你再拖下去，我们只能去你单位找你领导了"),
    ("collection", "你闺女每天下午五点是她奶奶去学校接的吧？欠款的事抓紧"),
    ("collection", "你家老大周日上午在图书馆上编程课，我们的人也挺爱看书的，钱该还了"),
    ("collection", "你小孩每天早上是保姆送去幼儿园的，这个月的钱可别再拖了"),
    ("collection", "你儿子周三傍晚在区体育馆打篮球，欠的钱月底前给我们一个交代"),
    ("collection", "你外孙女每周五坐她爷爷的三轮车回家，路上挺偏的，账的事你想想"),
    ("marketing", "你这资质，过不了才是怪事"),
    ("marketing", "不是我吹，找我办的贷款就没一个下不来的"),
    ("marketing", "这笔你闭着眼睛等放款就行，万无一失"),
    ("marketing", "贷款这事儿，你交到我手里就等于钱已经在你兜里了"),
    ("marketing", "审批科的老李是我表哥的把兄弟，你这单他不可能不批"),
    ("marketing", "女儿出嫁嫁妆还没备齐？来我们这借五万，半小时到账"),
    ("marketing", "孩子满周岁要摆酒，手头紧就找我们，当天放款"),
    ("marketing", "买房首付还差十万？别犹豫，我们帮你补上，一天就到"),
    ("marketing", "春节回家总不能空着手吧？借两万过个体面年，秒批秒到"),
    ("marketing", "老婆快生了，住院费我们先给你垫上，手机上点一下就有"),
    ("collection", "你家门口那棵老槐树挺有年头的吧？欠的钱该有个说法了"),
    ("collection", "你新盖的那栋三层小楼，墙刷得挺白的，钱再拖着，可不好说会怎样"),
    ("collection", "你那条渔船每天停在码头，这笔账月底前清了，大家都省心"),
    ("collection", "听说你家鱼塘今年收成不错？欠我们的也该清一清了"),
    ("collection", "你那辆刚提的SUV真气派，欠款要是一直不还，谁知道哪天会出点什么事"),
    ("marketing", "你的征信再花，在我们眼里也就是一张白纸"),
    ("marketing", "信用记录那玩意儿，我们这边从来不瞅一眼"),
    ("marketing", "什么大数据什么征信报告，我们统统不理会，直接放款"),
    ("marketing", "你那些逾期记录我们当没看见，照样给你批"),
    ("marketing", "银行查的那套东西在我们这儿不算数，有身份证就借"),
    ("marketing", "我们公司电脑里就没有查征信那个系统，放心借"),
    ("marketing", "征信报告你打印出来也没用，我们这儿拿它包早点"),
    ("marketing", "我们跟人行那边没联网，你的记录我们看不到，照样放款"),
    ("marketing", "你那些逾期，在我们这儿连个影子都查不到，我们就不接那个口子"),
    ("marketing", "我们的审批员连征信两个字怎么写都不知道，你怕什么"),
    ("marketing", "你的信用报告？我们这儿拿它当草稿纸用"),
    ("marketing", "人行那个系统我们从来没登过，你的记录谁也看不见"),
    ("marketing", "我们审批压根不碰大数据那一套，填个表就放"),
    ("marketing", "黑名单这东西我们连听都没听过，来了就借"),
    ("marketing", "你的征信我们一眼都不瞧，直接走流程放款"),
    ("marketing", "您名下一笔四万元周转金已经核发完毕，回复Y即刻入账"),
    ("marketing", "您好，您的芝麻信用被平台认定为优质，十二万元授信已开通，限今日使用"),
    ("marketing", "恭喜您获得一笔两万元的专享借款，已存放在您的钱包里，动动手指就能取"),
    ("marketing", "您的账户被大数据挑中，一笔五万元的低息贷款已经安排好了，今天签约就放"),
    ("marketing", "這邊是貸款回訪部，您的裝修分期已經審過了，下午來網點拿錢就行"),
    (
        "marketing",
        "您好，这边是惠民金融客服中心，您名下的三万元经营贷已经走完审批，待会儿业务员会联系您安排打款",
    ),
    ("marketing", "【速贷】恭喜！您的身份证被平台抽中，奖励借款额度两万元，即日起可随时提现"),
    ("marketing", "您的信用分已被系统评定为A级，五万元备用金已经划到您名下，随时可以用"),
    ("marketing", "拿着你的营业执照过来，别的一概不要，当场批八万"),
    ("marketing", "有个微信号就行，三千块立马给你转过去"),
    ("marketing", "带个户口本来，就这么一样东西，钱今天就能拿"),
    ("marketing", "你有车钥匙吗？有就能贷，其他手续全免"),
    ("marketing", "一本毕业证就够了，啥都不用准备，额度两万起"),
    ("marketing", "你会用微信吗？会用就能借，五千块马上到"),
    ("marketing", "有身份证没？有就行，两万当天给你打过去"),
    ("marketing", "能说话吗？能说话就能贷，三分钟出额度"),
    ("marketing", "手机有吗？有手机这事就成了，一万块直接转你"),
    ("marketing", "认识字吗？认识字就给你批八千"),
]

CLEAN = [
    "非常抱歉，我们的外包人员联系了您的同事，这是不应该的，已终止合作",
    "对不起，昨晚十一点那通电话是我们的失误，以后不会再发生",
    "抱歉让您的母亲接到了催款电话，我们已经把她的号码从系统里删除",
    "很抱歉催收员在电话里提到了您孩子的学校，这种做法是错误的，已处分",
    "对于上门人员在您邻居面前大声催款，我们深感抱歉，已经整改",
    "您的孩子不会受到任何催收影响，我们只和您本人沟通",
    "我要接孩子放学，能下午六点以后再打电话吗？",
    "明天下午两点以后联系您，晚上九点以后不会再打扰您",
    "我们只会在早上八点到晚上九点之间给您打电话，夜里不会联系您",
    "我们的催收员凌晨一点给您打电话是严重违规的，已经停职调查，非常抱歉",
    "您反映的有人在晚上十一点上门一事，违反公司规定，我们已处理相关人员",
    "本公司规定晚上十点至早上八点之间不得拨打客户电话",
    "對於催收人員聯繫您同事一事，我們深表歉意，這是不被允許的",
    "能不能批下来我们也说不准，要看审核结果",
    "说审批万无一失的人，多半是想收你的前期费用",
    "本行不对审批结果作任何担保，以最终审核为准",
    "办婚礼量力而行，借钱之前要算清楚还款能力",
    "我想贷款付首付，你们的年化利率是多少？",
    "婚庆消费分期需要提交收入证明，审批通过后按合同放款",
    "您的车辆作为抵押物，逾期超过九十天我们将依合同申请法院处置",
    "外访人员评论您的房屋装修属于不当言行，我们已经处理，向您道歉",
    "我家房子刚装修完，你们会不会来查封？",
    "我不能跟您拍胸脯说一定批，得看审核",
    "这个我没办法给您打包票，能不能过要看征信",
    "说实话，谁也不敢保证您一定能贷下来",
    "我不敢跟您打保票，额度多少以系统为准",
    "我们没有办法承诺一定放款，请以审核结果为准",
    "审批时我们要调取您的人行征信，近两年的逾期会被考虑在内",
    "征信有逾期的话，最好先结清再申请",
    "声称不看征信就能放款的，多半是套路贷",
    "我们已接入人行征信系统，审批时会查询您的信用报告",
    "征信报告打印出来可以带过来，审批会用到",
    "没有接入征信的放贷平台请谨慎，可能是非法放贷",
    "我们从不泄露您的征信信息，请放心",
    "我们根本没有查到您有逾期记录，可能是系统延迟，请稍后再查",
    "连续三个月按时还款后，您的信用记录会更新",
    "您申请的那笔分期已经审核通过了，合同在App里，请您确认后再决定是否提款",
    "收到“您已获赠额度”的短信请提高警惕，正规机构不会这样放款",
    "您的借款申请还在审核中，预计三个工作日内出结果",
    "有人说我的经营贷已经走完审批，可我根本没申请过，是不是诈骗？",
    "您申请的经营贷已经走完审批，请登录App确认借款合同",
    "申请贷款需要身份证、收入证明和银行流水，缺一不可",
    "仅有营业执照还不够，我们还需要核实您的经营流水",
    "我只有身份证，能申请吗？",
    "有收入证明吗？有的话审批会快一些",
    "你有身份证吗？我们需要核实本人身份",
    "会用手机银行吗？可以在App里查看账单",
]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize(("category", "text"), FLAG)
def test_act_side_flags(rules, category, text):
    result = rules.check(text)
    assert any(h.category == category and h.severity != "info" for h in result.hits), text


@pytest.mark.parametrize("text", CLEAN)
def test_act_side_near_miss_passes(rules, text):
    assert rules.check(text).verdict == "ok", text
