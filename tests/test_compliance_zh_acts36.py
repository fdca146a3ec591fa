"""Session 36 (rules, Chinese side): acts read as FRAMES (loancs/core/compliance/zh_frames.py):
who does what to whom, with what shape, rather than a list of the words one writer used. Each
frame's cases are variants written in other words than the probe lines it was built from (probe36r1,
author's probe36a*/probe37a*), with clean near-misses of the same act (denials, warnings, a
borrower's report or question, policy, lawful steps) that must pass.
"""

from __future__ import annotations

import pytest

from tests.compliance_asserts import RULES


def _flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


@pytest.mark.parametrize(
    ("category", "text"),
    [
        # an open menace: non-payment or a deadline, then an unnamed consequence
        ("collection", "这个月底再看不到钱，后面会出什么事，你别来找我们哭"),
        ("collection", "你就继续拖着吧，到时候会怎么样，谁也说不准"),
        ("collection", "明天中午之前没到账的话，你自己掂量掂量后果"),
        ("collection", "不接电话是吧？行，那咱们走着瞧"),
        ("collection", "你今天不处理，以后的日子就不好过了"),
        # a life-style want, have it now, the money later
        ("marketing", "趁年轻多出去走走，机票酒店先订上，钱的事慢慢还就好"),
        ("marketing", "看上的那双鞋别犹豫了，今天就下单，我们帮你先垫上"),
        ("marketing", "犒劳一下自己吧，演唱会门票先抢，额度随时有"),
        ("marketing", "想换最新款的车？先开回家，月供的事以后再说"),
        ("marketing", "出国旅游说走就走，借款秒到，回来再慢慢还"),
        # one trivially held thing as the whole requirement
        ("marketing", "满十八周岁就能借，别的什么材料都不用交"),
        ("marketing", "刷个脸就可以下款，就这么简单"),
        ("marketing", "有支付宝就能申请，其他一概不需要"),
        ("marketing", "手里有张银行卡，这就是唯一的要求"),
        ("marketing", "有口气就能贷，我们不挑"),
        # an insider tied to the speaker by a relation, with a favour
        ("marketing", "信审那边的组长是我老乡，你这单她打个招呼就放了"),
        ("marketing", "我大舅哥就在银行批贷款，你的材料他看一眼就行"),
        ("marketing", "终审是我大学室友，你那笔他拍板，没问题"),
        ("marketing", "我们风控主管是我铁哥们，你的申请他帮你过"),
        ("marketing", "我姐夫在总部做审批，这事他一句话的事"),
        # credit stated as already opened, only a click left
        ("marketing", "尊敬的用户，平台已为您锁定30000元备用金，回复1即可到账"),
        ("marketing", "您账户的额度已经审批通过，点开链接马上提现"),
        ("marketing", "恭喜你抢到一笔8000元的专项借款，今天去提现"),
        ("marketing", "【速借】您名下的现金已准备好，无需申请，直接提现"),
        ("marketing", "系统为你核定了5万授信，点一下就能用"),
        # the review said to be for others, the reader exempt
        ("marketing", "征信那一套是给新用户准备的，你算我们的老熟人，直接批"),
        ("marketing", "面签是对外人的，你是自己人，不用走那一步"),
        ("marketing", "流程是针对生客的，你是回头客，放心"),
        ("marketing", "资料审核只卡新客户，你是vip，当天放"),
        ("marketing", "查征信那是别人的事，你是老客户"),
        # a person of the borrower's life by place and role, contacted
        ("collection", "你们游泳馆的教练我们已经联系上了"),
        ("collection", "你老婆厂里的车间主任，我们昨天去找过了"),
        ("collection", "你们物业的经理我们也打过电话了，让他转告你"),
        ("collection", "你那个驾校的师傅我们刚加上微信"),
        ("collection", "你租的那家店的老板，我们今天上门拜访了"),
        # prison by an image of its life
        ("collection", "想好了吗？以后隔着铁窗跟你妈说话"),
        ("collection", "你这样下去，一年到头只能见孩子一面"),
        ("collection", "再不还，你就准备剃光头穿号服吧"),
        ("collection", "你是不是想去里面蹲几年"),
        ("collection", "过年你就在里面过吧"),
        # borrow at a place (any lender, shop, app), then pay us
        ("collection", "你去隔壁那家小贷公司借点，先还我们这期"),
        ("collection", "上“闪电花”撸一笔出来，马上转给我们"),
        ("collection", "你找你们楼下的当铺当了手表，钱打到我们账户"),
        ("collection", "到银行套个现，把我们这边结清"),
        ("collection", "从别的平台申请个几千，今天必须还我们"),
        # the debt published through a medium
        ("collection", "我们打算在你们村口拉个横幅，写上你欠钱不还"),
        ("collection", "你的事我们会做成海报，贴到你公司门口"),
        ("collection", "我们会在抖音上发个视频，好好介绍一下你这个老赖"),
        ("collection", "给你单位寄一封感谢信，感谢你欠债不还"),
        ("collection", "你们业主群里，我们会帮你广播一下欠款的事"),
        # a promise reported with its failure (clean) or said as a promise
        ("marketing", "放心，包在我身上，结果肯定是好的"),
        ("marketing", "这单稳过，结果明天就出来，你等着收钱"),
        # the debt sent to a third institution
        ("collection", "你的欠款情况已经通报给你所在的居委会了"),
        ("collection", "逾期记录我们会抄送一份到你们公司人事部"),
        ("collection", "本平台已将您的违约信息推送至您工作单位"),
        ("collection", "你欠钱的事，我们明天发函告知你们街道办"),
        ("collection", "您的逾期明细已转交您老家的村委会处理"),
        # a bad record made harmless, or the record the same either way
        ("marketing", "征信花成这样也不要紧，我们一样放"),
        ("marketing", "信用记录有污点没关系，照样给你批"),
        ("marketing", "你那报告好不好都无所谓，不影响下款"),
        ("marketing", "有过逾期的也能做，我们照做不误"),
        ("marketing", "白户黑户都没事，照样能借"),
        # a child's place or event, and we will be there
        ("collection", "你女儿幼儿园门口，我们的人明天也会去看看"),
        ("collection", "孩子的兴趣班我们知道在哪，有空过去陪陪他"),
        ("collection", "下礼拜的运动会我们也打算去转转"),
        ("collection", "放学那个点，我们同事正好在校门口等着"),
        ("collection", "你儿子的补习班，我们准备过去会会老师"),
        # the boss inside has already nodded
        ("marketing", "经理那边已经签过字了，你明天等着到账"),
        ("marketing", "我们领导已经点头了，这笔款下周一放"),
        ("marketing", "风控老大拍过板了，钱今天就能下来"),
        ("marketing", "行长打过招呼了，你这单没问题"),
        ("marketing", "你这笔上面已经同意了，走完流程就放款"),
        # a role's number found (already caught on the base: guards)
        ("collection", "你老板的手机号我们从你朋友圈翻到了，晚上打给他"),
        ("collection", "你们班主任的微信我们已经加上了"),
        ("collection", "你车间主任的电话我们查到了，明天联系他"),
        ("collection", "你房东的联系方式我们也有了，他会来找你"),
        ("collection", "你前台小妹的微信我们要到了"),
        # borrow anywhere, then pay us (already caught on the base: guards)
        ("collection", "随便找个网贷平台借一点，钱一到先把我们填上"),
        ("collection", "你在别家借出来，把我们这边先平了"),
        ("collection", "哪个口子都行，下了款先还我们"),
        ("collection", "信用卡刷一下套出来，今天就还我们"),
        ("collection", "那个借呗额度还有吧？提出来转给我们"),
        # shaming through a medium, the speaker implied
        ("collection", "明天在你们厂门口挂个横幅，给你好好宣传宣传"),
        ("collection", "回头在你家小区的公告栏上给你贴一张"),
        ("collection", "到时候在你们公司群里给你曝光一下"),
        ("collection", "下周在你老家的广播里给你喊两嗓子"),
        ("collection", "在你抖音评论区给你介绍介绍你欠的钱"),
    ],
)
def test_session36_frames_flag(category: str, text: str) -> None:
    assert _flags(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        # an open menace: non-payment or a deadline, then an unnamed consequence
        "如果月底前仍未还款，将按合同收取违约金并上报征信",
        "您今天不方便处理的话，可以联系客服申请延期还款",
        "你们说我再不还就会有后果，具体是什么后果？会上征信吗？",
        # a life-style want, have it now, the money later
        "旅游之前先做好预算，不要借钱去消费",
        "我想分期买个新款手机，利率是多少？",
        "您的分期订单已生成，请按时还款",
        # one trivially held thing as the whole requirement
        "申请需提供身份证、银行卡、收入证明，我们会根据资质审核",
        "身份证丢了的话可以先用临时身份证办理",
        "说什么只要有身份证就能贷款的，大多是诈骗",
        # an insider tied to the speaker by a relation, with a favour
        "中介说他表哥在银行审批，能帮我搞定，这靠谱吗？",
        "凡是说自己在风控有熟人能包过的，都是骗子",
        "审批由系统和审核人员独立完成，任何人都无法干预结果",
        # credit stated as already opened, only a click left
        "我收到短信说平台已为我开通额度，点击就能提现，可我没申请过，是骗局吗？",
        "您的申请已提交，审核通过后我们会短信通知您",
        "请注意：本平台不会发送“已为您开通额度、点击领取”之类的短信",
        # the review said to be for others, the reader exempt
        "新老客户的审核标准一致，老客户也需要重新评估",
        "您是老客户，续借时可以简化部分资料，但仍需审核",
        # a person of the borrower's life by place and role, contacted
        "您好，我们只与您本人沟通这笔借款",
        "你们的客服经理能不能给我回个电话？",
        "我们小区物业的经理说有人来找过我，是你们的人吗？",
        # prison by an image of its life
        "我朋友因为诈骗进去了，每个月只能见他一次",
        "正常逾期属于民事纠纷，不会因此被拘留或坐牢",
        "催收说要让你坐牢的都是吓唬人，别信",
        # borrow at a place (any lender, shop, app), then pay us
        "千万不要去别的平台借钱来还我们，可以申请分期",
        "我能不能去银行贷款把你们这边结清？这样划算吗？",
        "本公司禁止催收人员诱导借款人借新还旧",
        # the debt published through a medium
        "我们不会通过任何社交平台公开您的欠款信息",
        "新闻：催收公司在借款人老家拉横幅被罚款",
        "有人在我们业主群里发我欠钱的事，我能报警吗？",
        # a promise reported with its failure (clean) or said as a promise
        "业务员拍着胸脯说稳过，结果还是被拒了，我能投诉吗？",
        "他们说百分百下款，结果最后一分钱也没到账",
        "中介说包在他身上，结果黄了，还收了我两千服务费",
        # the debt sent to a third institution
        "您的逾期信息将依法报送至金融信用信息基础数据库",
        "您的还款凭证已发送至您预留的邮箱",
        "您的逾期信息不会告知您的工作单位或家人",
        # a bad record made harmless, or the record the same either way
        "征信有逾期的话，审批可能会受影响，建议先结清",
        "我征信花了，还能在你们这申请吗？",
        "信用记录不良的申请人，我们会谨慎评估",
        # a child's place or event, and we will be there
        "我要去幼儿园接孩子，晚点再给你们回电话",
        "得知您孩子住院了，我们可以先帮您申请延期",
        # the boss inside has already nodded
        "您的申请已提交主管复核，结果出来后会短信通知",
        "经理说我的申请要等领导审批，要多久啊？",
        # a role's number found (already caught on the base: guards)
        "请提供您本人的手机号，我们会发送验证码",
        "你们经理的电话是多少？我要投诉",
        # borrow anywhere, then pay us (already caught on the base: guards)
        "不建议用信用卡套现来还网贷，风险很大",
        "我能用信用卡还你们的款吗？",
        # shaming through a medium, the speaker implied
        "据报道，某催收公司因在借款人小区拉横幅被处罚",
        "您可以在我们的公众号里查看还款进度",
        # a borrower asks about their own fate
        "我要是还不上，会不会进去蹲几天？",
    ],
)
def test_session36_near_misses_pass(text: str) -> None:
    assert RULES.check(text).verdict == "ok", text
