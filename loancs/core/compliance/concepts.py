"""Concepts and concept patterns: rules that understand a kind of violation, not a phrase list.

A concept is a named list of terms (simplified Chinese, English; traditional Chinese folds to
simplified and typed pinyin or homophones meet the hanzi in the sound view, see
:mod:`loancs.core.compliance.pinyin`), with ``exclude`` words in which a term does not count
(包 in 包括, 一定 in 一定比例). A pattern combines concepts::

    "@certain @approve"        approve after certain, in the same clause (<= 10 words apart)
    "@approve ~ @certain_post" both in the same clause, either order
    "@reassure .. @approve"    approve later in the same sentence (<= 24 words apart)
    "@credit & @nocheck"       both in the same sentence, either order
    "@reassure > @approve"     approve later in the same sentence or the next one (<= 24
                               words apart): a promise or a threat split by a full stop
    "@hide @parents & @lend"   chains: each operator joins an element to the one before it

A bare word in a pattern is a one-term concept (underscores stand for spaces). ``quiet_time``
is built in: a clock time inside the lender's quiet hours (see :mod:`.contact`).

A match is dropped when a negator reaches its first element or stands between two of its
elements ("我们不能保证通过"), or when one of the rule's ``unless`` concepts stands, not
negated, in the same sentence: warnings against a lure ("声称包过的都是诈骗"), advice against
a practice ("不建议借新还旧"), statements of policy ("催收不得联系您的家人").
"""

from __future__ import annotations

import bisect
import io
import marshal
import pickle
import re
import struct
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import eq, itemgetter
from typing import Any, NamedTuple

import ahocorasick

from loancs.core.compliance import en_clause, pinyin, zh_frames
from loancs.core.compliance.scope import (
    ASKS_A_NOT,
    CLAUSE_CHARS,
    Segments,
    asked_alternatives,
    en_condition,
    en_lender_denies,
    en_other_voice,
    en_rhetorical,
    guessed,
    is_phrase,
    negated,
)
from loancs.core.gcpause import collector_paused
from loancs.core.lazyre import LazyPattern, lazy_compile
from loancs.core.normalize import HANZI_NONZERO, Normalized, fold_dense
from loancs.core.normalize import Record as _Record

CLAUSE_GAP = 10
SENTENCE_GAP = 24
OPERATORS = ("~", "..", "&", ">")
# quiet_time: a clock time inside the quiet hours (occurrences come from .contact);
# question: as an ``unless``, the match ends a clause that asks ("征信不好能贷吗？").
# tally: approval told as a count of cases (十个有十个都放了, 做一单成一单, 一笔都没被打回过),
# occurrences read by tally_spans in the dense view, whatever the verb's wording around it.
# thing_price: the price of one everyday thing (一杯奶茶的钱, 一顿早饭钱, 一个菠萝包嘅钱), read by
# thing_price_spans in the dense view whatever the thing is.
# unchecked (English): the speaker says nobody looks at the borrower's credit, by a negated verb
# of looking whose object is the credit record or a word pointing back at it, or by the check
# named as absent; occurrences read by unchecked_spans in the light view (session 29).
# fee_price: a named fee with its figure (审核费600元, 开户费两千蚊, 600元的审核费), read by
# fee_price_spans in the dense view whatever the fee is called (session 30).
# free_charged / free_claim (English): a "zero interest" claim read with the whole message: the
# charges it still makes with a sum or a percentage (free_charged: the fee is the price, said
# without an APR), or the claim itself where the message neither states an APR nor says that
# nothing else is charged (free_claim: the lure); see free_readings (session 30).
# repay_deferred (English): repaying put off or waved away ("deal with the payments later",
# "the repayments can wait", "don't think about how you'll pay it back"); see deferred_spans.
# refusal_record (English): a record of never refusing anyone ("I've yet to send a single punter
# home empty-handed", "still waiting for my first rejection"); see refusal_spans.
# same_back: the sum borrowed said to be the sum repaid, a lure with no lure word (借多少还多少,
# 借一千还一千, 借幾多還幾多, "borrow £300, pay back £300", "take 10k, return exactly 10k"; session 46);
# see same_back_spans.
# sum_back (English): a sum lent now and a larger sum repaid later, with no APR and no quote the
# rate reader priced ("$300 in your account tonight; $345 comes out on the 15th"); see sum_back_spans.
# per_hundred (English): a charge per hundred lent, in figures or words ("we add four on every
# hundred each calendar month", "£25 per £100 borrowed"); see per_hundred_spans.
# upfront_fee (English, session 49): a one-off percentage fee taken from the payout, in a message
# with no APR ("We take a 6% admin charge out of the loan before the money reaches you", "Ten
# percent is knocked off the top for admin"); see upfront_fee_spans.
# police_slang / asked_refused / borrow_elsewhere / why_check / shame_ready / not_applicant
# (English, session 31; regular expressions, not term lists: the rules cache has ~1 kB to spare):
# police and prison by slang or uniform; "has anyone ever been refused here?"; money got from
# another app, a card or a pawnshop to pay us; "why would we check your credit?"; a shaming
# post or poster made ready; a refusal of what is not a loan application, or the borrower's own
# record ("we have never turned down a refund request", "I've never been refused before").
# work_role / student_proof / future_you (English, session 31): a rank at the borrower's
# workplace said by its structure ("your head of department", "your line manager"); a student's
# proof (an academic email domain, a matric / student-union / campus card); repaying left to a
# future self ("a problem for December-you", "let tomorrow's you worry about it"). See
# work_role_spans, student_proof_spans, future_you_spans.
BUILTIN = frozenset(
    {
        "e36_threshold2",
        "e36_nocheck2",
        "e36_done",
        "e36_custody",
        "e36_borrow2",
        "e36_shame",
        "e36_night",
        "e36_student",
        "e36_threshold",
        "e36_lure",
        "e36_insider",
        "e36_notice",
        "e36_menace",
        "e36_child",
        "e36_third",
        "e36_police",
        "e36_nocheck",
        "e36_borrow",
        "work_role",
        "student_proof",
        "future_you",
        "police_slang",
        "asked_refused",
        "borrow_elsewhere",
        "why_check",
        "shame_ready",
        "not_applicant",
        "work_told",
        "preapproved",
        "child_routine",
        "promise_shape",
        "track_next",
        "nocheck_shape",
        "custody_future",
        "child_school",
        "third_told",
        "borrow_product",
        "night_rounds",
        "night_call",
        "tiny_ask",
        "student_life",
        "sure_outcome",
        "nocheck_contrast",
        "custody_words",
        "third_carry",
        "child_menace",
        "borrow_any",
        "shame_up",
        "night_shift",
        "unit_rate",
        "never_no",
        "group_debt",
        "night_at_yours",
        "alarm_call",
        "product_settle",
        "points_rate",
        "quiet_time",
        "question",
        "en_voice",
        "en_condition",
        "en_denies",
        "tally",
        "thing_price",
        "fee_price",
        "unchecked",
        "free_charged",
        "free_claim",
        "repay_deferred",
        "refusal_record",
        "sum_back",
        "per_hundred",
        "upfront_fee",
        "bps_rate",
        "season_rate",
        "same_back",
        "en_same_back",
    }
    # Session 36 (rules): Chinese acts read as frames (zh_frames.py)
    | frozenset(zh_frames.READERS)
    # Session 37 (english): English acts read over one clause reader's roles (en_clause.py)
    | frozenset(en_clause.READERS)
)
# after a question, the asker's own doubt, status, story or urgency keeps it a question (their
# worry and hurry with any degree word, "我很担心", "我很急", "I'm scared": _ASKER_WORRY below)
_ASKER_FEELS = (
    "我有啲驚",
    "我有点怀疑",
    "我不太信",
    "我不太相信",
    "我有点不信",
    # the asker describing themselves ("学生能借吗？我在读大三", "Can students borrow? I'm in my
    # second year."): still the asker's question, not a pitch (asked by rules, session 21)
    "我在读",
    "我还在读",
    "我是在校",
    "我是学生",
    "我是大学生",
    "我是研究生",
    "我今年大",
    "我现在大",
    "我在上大学",
    "我还在上学",
    "我读大",
    "我上大",
    "我在念",
    "我還在讀",
    "i'm in my",
    "i'm a student",
    "i'm at uni",
    "i'm at college",
    "i'm still at",
    "i am a student",
    "i'm in year",
    "i'm in college",
    # the asker's own reason or story after the question ("你们能保证我一定批下来吗？我不想白白
    # 查一次征信", "Do you really approve everyone? My friend was turned down."): asked by
    # rules, session 23 (a lure's answer starts with 我们 / "we" / "yes" / 当然)
    "我就怕",
    "我不想",
    "我可不想",
    "我不放心",
    "我有点不放心",
    "我不太放心",
    "我不太敢",
    "我朋友",
    "我同事",
    "我之前",
    "我上次",
    "我以前",
    "我想先",
    "我想问",
    "i don't want",
    "i do not want",
    "i'd hate to",
    "i'd rather not",
    "my friend",
    "my mate",
    "my colleague",
    "my brother",
    "my sister",
    "i was turned down",
    "i got turned down",
    "i've been turned down",
    # the asker's own refusals or reason ("Can you promise I'll get approved? I've already been
    # refused by two banks", "... I'm asking because I've been refused twice")
    "i've been refused",
    "i've been declined",
    "i've been rejected",
    "i've already been",
    "i have been refused",
    "i have been declined",
    "i have already been",
    "i was refused",
    "i was declined",
    "i was rejected",
    "i got refused",
    "i got declined",
    "i got rejected",
    "i'm asking because",
    "i am asking because",
    "i ask because",
    "only asking because",
    "just asking because",
    "i'm not sure",
    "i just want to",
    "i want to know",
    # the asker's urgency after asking for a guarantee ("能不能保证下款？我真的很急", "Can you
    # guarantee it? I really need it by Friday."): a pitch answers with "we", "yes" or the
    # lure, not with the speaker's own hurry (session 24: the largest false-alarm family of the
    # fresh rounds)
    "我真的很需要",
    "我真的需要",
    "我真的缺钱",
    "我等着用",
    "我等着钱",
    "我這邊很急",
    "我这边很急",
    "我这边急",
    "我明天就要",
    "我这周就要",
    "我這週就要",
    "我下周就要",
    "我月底就要",
    "我马上就要",
    "我真係好急",
    "急用钱",
    "急用錢",
    "i really need",
    "i really do need",
    "i need it",
    "i need the money",
    "i need the cash",
    "i need this",
    "i need to pay",
    "i'm in a hurry",
    "i'm in a rush",
    "it's urgent",
    "it is urgent",
    "this is urgent",
    "i urgently",
)
# The asker's worry or hurry said with any degree word ("会不会坐牢？我真的很怕", "我很急", "Will
# you call my parents? I'm so scared."): "我们"/"we" never starts it, so a pitch answering its own
# question is not read as the asker (asked by rules, session 25).
_ASKER_WORRY = lazy_compile(
    r"我(?![们們])(?:是|就是|就|只是|其实|其實)?(?:真的|真是|实在|實在|确实|確實|真)?(?:是)?"
    r"(?:很|好|挺|特别|特別|非常|有点|有點|有些|太|超|超级|超級|蛮|蠻|十分|相当|相當)?"
    r"(?:害怕|怕|担心|擔心|慌|焦虑|焦慮|紧张|緊張|着急|著急|急|惊|驚|不安|发愁|發愁)"
    r"|i(?:(?:'|’)?m| am) "
    r"(?:(?:really|so|very|quite|a bit|a little|kind of|kinda|pretty|super|honestly|genuinely"
    r"|just)\s+)*"
    r"(?:worried|scared|nervous|anxious|afraid|frightened|terrified|stressed|panicking"
    r"|desperate|concerned|in a panic|freaking out)"
)
# The asker's own deadline or need after asking ("能不能保证批下来？我下周一就要交学费", "一定批吗？我下个礼拜
# 就要还房贷"): a pitch answers with "we"; the asker tells what the money is for and when.
_ASKER_NEED = lazy_compile(
    r"我(?![们們])[^，,。！!？?]{0,8}?(?:就要|就得|要|得|需要|急着)"
    r"(?:交|还|付|缴|繳|用|買|买|看病|动手术|動手術|开学|開學|交租|还钱|還錢|給|给)"
)
# Where the asker heard what they ask about, told after the question ("你们是不是真的不查征信？朋友说的",
# "是不是包过？中介跟我说的", "真的当天到账吗？网上都这么说"): a pitch answers with "we", not with a source.
_ASKER_SOURCE = lazy_compile(
    r"(?:是|都是|这是|這是)?(?:我|听|聽|听我|聽我)?的?"
    r"(?:朋友|同事|同学|同學|亲戚|親戚|家人|邻居|鄰居|表弟|表哥|表姐|表妹|老乡|老鄉|室友|中介|网上|網上|别人|別人|人家"
    r"|有人|广告|廣告|短信|客服|业务员|業務員|他们|他們|她|他)"
    r"(?:都|也)?(?:跟我|和我|对我|對我|同我)?(?:这么|這麼|这样|這樣)?(?:说|說|讲|講|话|話|告诉我|告訴我)(?:的|过|過)?"
)
# The asker's own credit history after asking ("真的不查征信吗？我之前有过逾期，怕申请不下来",
# "能借吗？我征信花了"): a borrower explains why they ask; the answer would say "we".
_ASKER_HISTORY = lazy_compile(
    r"我(?![们們])(?:之前|以前|去年|上个月|上個月|前段时间|前段時間|前几年|前幾年|曾经|曾經|最近|今年)?"
    r"(?:(?:有过|有過|有|出过|出過)(?:几次|一次|两次|兩次|好几次|好幾次)?(?:逾期|欠款|负债|負債|网贷|網貸|不良|黑名单|黑名單|呆账|呆賬)"
    r"|(?:的)?(?:征信|徵信|信用|信用记录|信用記錄)(?:不好|花了|有问题|有問題|很差|不太好|有污点|有污點|黑了)"
    # 我征信有两次逾期, 我有啲逾期紀錄: a count or degree before the record
    r"|(?:的)?(?:征信|徵信|信用)?(?:上)?(?:有|有过|有過)(?:[一二两兩三四五几幾好]+次|啲|些|点|點|一些)"
    r"(?:逾期|欠款|不良|污点|污點|呆账|呆賬)"
    r"|(?:逾期过|逾期過|被拒过|被拒過|欠过|欠過))"
)
# The asker's own wish about who should not learn of it, after asking whether they will be told
# ("会不会通知我单位领导？我不想让同事们知道"): it names the third party because it is the asker's fear.
_ASKER_WISH = lazy_compile(
    r"我(?![们們])(?:真的|实在|實在|确实|確實|是|就是|只是|其实|其實)?"
    r"(?:不想|不希望|不愿意|不願意|不愿|不願|唔想|怕|害怕)(?:让|讓|被|俾|畀)(?![你您])"
)
# The asker tells what someone did and asks whether it was us or true ("昨天有人打电话自称是你们公司的
# 律师，说要起诉我，这是真的吗？", "有人打嚟話係差人…係咪你哋？"): the question covers the whole report.
_REPORT_OPEN = lazy_compile(
    r"\s*(?:昨天|今天|前天|刚才|剛才|刚刚|剛剛|上周|上週|最近|早上|晚上|下午|半夜|前几天|前幾天)?[，,]?"
    r"(?:有人|有個人|有个人|有一个人|有一個人|有個|有个|一个自称|一個自稱|某人|對方|对方)"
)
_REPORT_CHECK = lazy_compile(
    r"(?:真的|是真|是你们|是你們|係你哋|系你哋|是不是你们|是不是你們|係咪你哋|你们的人|你們的人|你们公司|你們公司"
    r"|你们打的|你們打的|你们派|你們派|合法|正规|正規)[^，,。！!?？]{0,8}[?？]"
    r"|真个假个|真個假個|(?:靠谱|靠譜|能信|可信|合法|正规|正規|真个|真個)伐"
)
# Chinese hearsay or a third party's doing told by the asker ("朋友说你们家不看大数据，我这种…能试吗？", "催收说要报警抓我，
# …怎么办", "孩子在外地读大学，有人拉他当校园代理推广贷款，我该怎么跟他说？"): someone else's words or act before the match
_ZH_HEARSAY = lazy_compile(
    r"(?:我|我的|我们的|我們的)?(?:好)?(?:朋友|同事|同学|同學|亲戚|親戚|家人|邻居|鄰居|老乡|老鄉|室友|表弟|表哥|表姐|表妹"
    r"|网上|網上|别人|別人|人家|中介|客服|业务员|業務員|有人|广告|廣告|短信|催收员|催收員|催收的|催收|对方|對方"
    # (a host, they / he in Shanghainese and Cantonese: 有个主播讲, 伊拉讲, 佢哋话; session 32)
    r"|主播|博主|网红|網紅|他们|他們|她们|她們|伊拉|依拉|伊|佢哋|佢)"
    r"(?:都|也)?(?:跟我|和我|对我|對我|同我)?(?:说|說|讲|講|话|話|告诉我|告訴我)(?:过|過)?"
    r"|(?:我)?(?:听|聽)(?:[^，,。！!？?]{0,6}?)(?:说|說|讲|講)"
    r"|(?:有人|被人)(?:拉|叫|让|讓|找|喊|逼)"
    # who sent the asker, and what they said (朋友推荐来的，说你们这里学生也能借; session 32)
    r"|(?:推荐|推薦|介绍|介紹)[^。！!？?]{0,6}?(?:说|說)"
)
_ZH_ASKER_SELF = lazy_compile(r"我(?![们們])")
# ... and the asker's own course asked at the end, with or without a question mark (怎么办, 我该怎么跟他说)
_ZH_ASKER_COURSE = lazy_compile(
    r"(?:我|我们家|我們家)?(?:该|該|应该|應該|要|能|可以)?(?:怎么办|怎麼辦|咋办|咋辦|怎么处理|怎麼處理|如何处理|如何處理"
    r"|怎么做|怎麼做|怎么劝|怎麼勸|怎么跟|怎麼跟|怎么说|怎麼說|如何是好"
    # a question put in words, typed without its mark (我大三想问下要什么材料; session 32)
    r"|想问|想問|请问|請問|问下|問下|问一下|問一下|想了解|想知道)"
)
# The same in English: what someone said or posted, then a question whether it holds ("Saw a
# TikTok saying your lot skip the credit check, true or nah?", "my mate reckons you never say
# no, what's the catch?"): hearsay before the match, a checking question after it, one sentence.
_EN_HEARSAY = lazy_compile(
    r"\b(?:said|says|saying|say|reckons?|told me|tells me|telling me|heard|hear|claims?|claimed"
    r"|claiming|posted|posting|according to|apparently|supposedly|rumou?rs?|advert|promised me)\b",
    re.IGNORECASE,
)
_EN_CHECKING = lazy_compile(
    r"\b(?:true|real|legit|really|right|correct|accurate|scam|allowed|legal|possible|or not|or nah"
    r"|or no|catch|for real|fr|is it|is that|can i|could i|do you|does that|that so)\b[^.!?\n]{0,60}\?",
    re.IGNORECASE,
)
_EN_LENDER_VOICE = lazy_compile(
    r"\b(?:we|we're|we’re|we've|we’ve|we'll|we’ll|our|ours)\b", re.IGNORECASE
)
# a short question that checks what was just told ("Is that right?", "Is that you lot?", "True?")
_EN_CHECK_NEXT = lazy_compile(
    r"\s*(?:is (?:that|it|this)|are (?:you|they|u)|do (?:you|u)|does that|can that|really|true|right"
    r"|for real|legit|fr|any truth)\b[^.!?\n]{0,40}\?",
    re.IGNORECASE,
)
# English: after the question the asker goes on about their own record, means or need ("Can I
# still get one with defaults? I missed a few payments last year."): still the asker's
# question. (An agent's "I can get you approved" after "Need cash?" is no such sentence.)
_EN_ASKER_OWN = lazy_compile(
    r"(?:i(?:'|’)?m|i am|i was|i missed|i had|i got|i lost|i owe|i defaulted|i went|i earn"
    r"|i work|i need|i want|i only|i just|i don(?:'|’)?t have|i do not have|i haven(?:'|’)?t"
    r"|my (?:credit|score|file|record|history|salary|income|pay|payslip|job|cibil|ccj|bank|loan"
    r"|debts?|situation))\b"
    # where the asker heard it, or their caution ("My neighbour said so", "I'd rather know")
    r"|(?:my|a|some|this|the) (?:[a-z]+ ){0,2}?(?:said|says|told me|reckons|posted)\b"
    r"|i(?:'|’)?d rather|i would rather|i(?:'|’)?d like to know|i just want|i only want|that(?:'|’)?s what"
    r"|i heard|i read|i saw|(?:it )?(?:seems|sounds|looks) (?:dodgy|sus|fishy|too good|like a scam)"
    r"|(?:just )?asking (?:because|before|for)|before i (?:apply|sign)"
)
# The asker's own school year, graduation or age after asking whether students may borrow
# ("学生可以申请吗？我下个月毕业", "我大四了", "Can students borrow? I graduate in June."): the
# answer names the lure's words (大四) because it is the asker's status, not a pitch.
_ASKER_STATUS = lazy_compile(
    r"我(?![们們])(?:今年|现在|現在|已经|已經|目前|还|還|才|刚|剛|都)?(?:在读|在讀|读|讀|上)?"
    r"(?:大[一二三四五]|研[一二三]|博[一二三四五]|高[一二三])"
    r"|我(?:下个月|下個月|下学期|下學期|明年|今年|年底|月底|[六七]月|快|马上|馬上|就快|快要"
    r"|即将|即將)?(?:就|要|就要)?(?:毕业|畢業)"
    r"|我(?:今年|已经|已經|都|才)?满?(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:周)?岁"
    # 我研究生在读, 我在读研, 我是大学生, 我还在读书, 我讀緊大學 (session 34)
    r"|我(?:是|现在是|現在是|目前是|还是|還是)?(?:研究生|大学生|大學生|本科生|专科生|專科生|硕士|碩士)"
    r"|我(?:现在|現在|目前|还|還)?(?:在读|在讀|读|讀)(?:研|研究生|大学|大學|书|書|紧大学|緊大學)"
    r"|i(?:'|’)?m (?:a |in (?:my )?)?(?:freshman|sophomore|junior|senior|first[- ]year"
    r"|second[- ]year|third[- ]year|fourth[- ]year|final[- ]year|grad student|postgrad"
    r"|undergrad)"
    r"|i (?:graduate|finish (?:uni|college|school|my degree))\b"
    r"|i(?:'|’)?m (?:only |just )?(?:1[89]|2\d|eighteen|nineteen|twenty)\b"
)
_NO_ANSWERS = (
    "不",
    "没",
    "抱歉",
    "很抱歉",
    "对不起",
    "暂不",
    "无法",
    "不能",
    "不可以",
    "恐怕",
    "no",
    "sorry",
    "unfortunately",
    "we don",
    "we do not",
    "not ",
    "we can't",
    "we cannot",
    "i'm afraid",
    # a hedged answer keeps the question a question: "我们会不会拒绝你的申请？这要看审核结果"
    "这要看",
    "那要看",
    "要看",
    "这得看",
    "得看",
    "看审核",
    "以审核",
    "it depends",
    "that depends",
    "depends on",
    "that's up to",
    "it's up to",
)
_CLAUSE_STOPS = frozenset("，,。！!？?；;：:\n")
# a proposal put as a question ("要不我们…？", "shall we call your boss?"): no question
_PROPOSAL = lazy_compile(
    r"要不(?:要)?(?:我|咱|让我|叫我)|不如我|我们要不要|咱们要不要|我要不要"
    # an offer to act for the listener ("需不需要我们出面跟老人家沟通一下？", "用不用我们替你讲明白？")
    r"|(?:需不需要|用不用|要不要|需要)(?:我们|咱们|我)(?:出面|帮|替|代|去)"
    r"|\b(?:shall we|should we|how about we|what if we|want us to|want me to)\b",
    re.IGNORECASE,
)
# a chat question ending in a soft particle asks when the clause holds an A-not-A (session 34):
# "会不会上征信啊", "能不能借呀"; not after 你/您 ("你是不是想坐牢啊" puts a claim to the listener)
_SOFT_ASK_END = ("啊", "呀", "呢", "哇", "嘞", "咧")
_SOFT_A_NOT_A = lazy_compile(
    r"(?<![你您])(?:会不会|會不會|能不能|可不可以|有没有|有沒有|是不是|要不要|算不算|查不查|看不看)"
)
# any letter, digit or hanzi: what follows a question mark says something only if it holds one
_NO_WORDS = lazy_compile(r"[\w\u3400-\u9fff]")
_HANZI_IN = lazy_compile(r"[\u3400-\u9fff]")
# a tag question after a claim: the claim is asked about, not made
_TAG_QUESTION = lazy_compile(
    r"\s*(?:这|那|这个|那个)?(?:是真的|真的|是不是真的|可能|属实)(?:吗|嗎|么|麼)?\s*[?？]"
    r"|\s*(?:is (?:that|it|this) (?:true|right|so)|right|true)\s*\?",
    re.IGNORECASE,
)


class PatternError(ValueError):
    """A concept pattern that cannot be used."""


_set = object.__setattr__


class Concept(_Record):
    """A concept's terms. With ``prefixes`` (a role from two closed lists), ``stems`` and
    ``exclude_stems`` are the second list: each term is a prefix and a stem written side by
    side, and the index keeps the two lists apart (the products of the lists are thousands
    of long keys: they were most of a rule set's memory); see :attr:`terms`."""

    __slots__ = ("name", "stems", "exclude_stems", "heard", "prefixes")
    __match_args__ = ("name", "stems", "exclude_stems", "heard", "prefixes")
    name: str
    stems: tuple[str, ...]
    exclude_stems: tuple[str, ...]
    # a role built from closed lists (``prefixes``) is matched as written, never heard: "你的脸"
    # must not meet "您的联(系方式)" in the sound view
    heard: bool
    prefixes: tuple[str, ...]

    def __init__(
        self,
        name: str,
        stems: tuple[str, ...],
        exclude_stems: tuple[str, ...] = (),
        heard: bool = True,
        prefixes: tuple[str, ...] = (),
    ) -> None:
        _set(self, "name", name)
        _set(self, "stems", stems)
        _set(self, "exclude_stems", exclude_stems)
        _set(self, "heard", heard)
        _set(self, "prefixes", prefixes)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term as written: with prefixes, each prefix before each stem."""
        return _product(self.prefixes, self.stems)

    @property
    def exclude(self) -> tuple[str, ...]:
        return _product(self.prefixes, self.exclude_stems)


def _product(prefixes: tuple[str, ...], stems: tuple[str, ...]) -> tuple[str, ...]:
    if not prefixes:
        return stems
    return tuple(dict.fromkeys(p + t for p in prefixes for t in stems))


class ConceptPattern(_Record):
    __slots__ = ("source", "elements", "ops")
    __match_args__ = ("source", "elements", "ops")
    source: str
    elements: tuple[str, ...]  # concept names; a literal word is "=word"
    ops: tuple[str, ...]  # ops[i] joins elements[i + 1] to elements[i]

    def __init__(self, source: str, elements: tuple[str, ...], ops: tuple[str, ...]) -> None:
        _set(self, "source", source)
        _set(self, "elements", elements)
        _set(self, "ops", ops)


def is_concept_pattern(text: str) -> bool:
    return "@" in text


def parse_pattern(text: str) -> ConceptPattern:
    elements: list[str] = []
    ops: list[str] = []
    pending: str | None = None
    for token in text.split():
        if token in OPERATORS:
            if not elements or pending is not None:
                raise PatternError(f"pattern {text!r}: {token!r} needs an element on each side")
            pending = token
            continue
        if token.startswith("@"):
            name = token[1:]
            if not name:
                raise PatternError(f"pattern {text!r}: '@' needs a concept name")
        else:
            word = token.replace("_", " ")
            if not fold_dense(word):
                raise PatternError(f"pattern {text!r}: {token!r} is only punctuation")
            name = "=" + word
        if elements:
            ops.append(pending or " ")
        pending = None
        elements.append(name)
    if pending is not None or not elements:
        raise PatternError(f"pattern {text!r} is incomplete")
    return ConceptPattern(text, tuple(elements), tuple(ops))


Span = tuple[int, int]  # dense [start, end)


class ConceptMatch(_Record):
    __slots__ = ("spans",)
    __match_args__ = ("spans",)
    spans: tuple[tuple[str, Span], ...]  # (concept name, dense span), in text order

    def __init__(self, spans: tuple[tuple[str, Span], ...]) -> None:
        _set(self, "spans", spans)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is ConceptMatch:
            return self.spans == other.spans
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.spans,))

    @property
    def start(self) -> int:
        return self.spans[0][1][0]

    @property
    def end(self) -> int:
        return max(s[1] for _, s in self.spans)


class ConceptIndex:
    """Every term of every concept in Aho-Corasick automata: one over the dense view, one
    over the sound view (terms of two or more hanzi, for pinyin and homophone evasions) and
    one over the initials view (pinyin abbreviations: "sfz" for 身份证).

    ``partnered`` names the concepts that only ever count beside another concept in a
    pattern: their terms may be abbreviated, since the partner keeps the match specific."""

    def __init__(
        self,
        concepts: Mapping[str, Concept],
        used: Iterable[str],
        partnered: Iterable[str] = (),
    ) -> None:
        used = set(used)
        names = sorted({n for n in used if n not in BUILTIN})
        self.names = names
        self._tally = "tally" in used
        self._thing_price = "thing_price" in used
        self._fee_price = "fee_price" in used
        self._unchecked = "unchecked" in used
        self._free = "free_charged" in used or "free_claim" in used
        self._deferred = "repay_deferred" in used
        self._refusals = "refusal_record" in used
        self._sum_back = "sum_back" in used
        self._per_hundred = "per_hundred" in used
        self._same_back = "same_back" in used or "en_same_back" in used
        self._s31 = tuple(n for n in _S31_READERS if n in used)
        self._zh36 = tuple(n for n in zh_frames.READERS if n in used)
        loose = frozenset(partnered)
        entries: dict[str, list[tuple[int, int]]] = {}  # key -> [(kind, concept id)]
        sound_entries: dict[str, list[tuple[int, str, bool]]] = {}
        alt_entries: dict[str, list[tuple[int, str, bool]]] = {}
        initial_entries: dict[str, list[tuple[int, str, bool]]] = {}
        # a prefixed concept's lists, kept apart: key -> [(kind, concept id)], kind 0 a
        # prefix, 1 a stem, 2 a stem of an excluded term (see occurrences)
        parts: dict[str, list[tuple[int, int]]] = {}
        for cid, name in enumerate(names):
            terms: tuple[str, ...]
            exclude: tuple[str, ...]
            heard = True
            if name.startswith("="):
                terms, exclude = (name[1:],), ()
            elif concepts[name].prefixes:
                concept = concepts[name]
                terms, exclude, heard = (), (), concept.heard
                terms, exclude = _split_parts(concept, cid, parts)
            else:
                concept = concepts[name]
                terms, exclude, heard = concept.terms, concept.exclude, concept.heard
            for kind, words in ((0, terms), (1, exclude)):
                for word in words:
                    key = fold_dense(word)
                    if not key:
                        continue
                    bucket = entries.setdefault(key, [])
                    if (kind, cid) not in bucket:
                        bucket.append((kind, cid))
                    if kind == 0 and heard and sum(pinyin.is_hanzi(c) for c in key) >= 2:
                        for n, skey in enumerate(pinyin.sound_keys(key)):
                            # other readings only meet typed pinyin: their own automaton
                            table = sound_entries if n == 0 else alt_entries
                            sb = table.setdefault(skey, [])
                            # a two-hanzi homophone keeps its tone even here: 先结(清) is
                            # not 先借, 新用(户) is not 信用
                            if (cid, key, False) not in sb:
                                sb.append((cid, key, False))
                        ikey = pinyin.initials_key(key)
                        if name in loose and ikey:
                            ib = initial_entries.setdefault(ikey, [])
                            if (cid, key, True) not in ib:
                                ib.append((cid, key, True))
        # The dense and sound tables go into the rule set's shared automata (one pass over
        # each view for concepts and phrases alike, see engine.RuleSet): key -> payload.
        self.dense_table: dict[str, tuple[Any, ...]] = {
            k: (
                tuple(cid for kind, cid in v if not kind),
                tuple(cid for kind, cid in v if kind),
                not any(c.isascii() for c in k),  # no Latin: no word boundary to check
                None,
            )
            for k, v in entries.items()
        }
        # a part of a prefixed concept's terms: (..., (prefix of, stem of, excluded stem of))
        for k, v in parts.items():
            value = self.dense_table.get(k) or ((), (), not any(c.isascii() for c in k), None)
            ids = tuple(tuple(cid for kind, cid in v if kind == n) for n in range(3))
            self.dense_table[k] = (*value[:3], ids)
        self.sound_table = {k: tuple(v) for k, v in sound_entries.items()}
        self.alt_table = {k: tuple(v) for k, v in alt_entries.items() if k not in sound_entries}
        # Two letters stand for many words: "dk" is read as the term most concepts share
        # (贷款, not 打款), "zx" as 征信.
        shared = {k: sum(kind == 0 for kind, _ in v) for k, v in entries.items()}
        for ikey, values in initial_entries.items():
            if len(ikey) == 2:
                top = max(shared[key] for _, key, _ in values)
                values[:] = [v for v in values if shared[v[1]] == top]
        self._initials = _automaton({k: (len(k), tuple(v)) for k, v in initial_entries.items()})

    def take_tables(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The dense, sound and other-readings tables, for the rule set's shared automata
        (which are all a check reads: the index forgets them)."""
        tables = (self.dense_table, self.sound_table, self.alt_table)
        self.dense_table, self.sound_table, self.alt_table = {}, {}, {}
        return tables

    def __getstate__(self) -> dict[str, Any]:
        return freeze(self.__dict__, ["_initials"])

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def occurrences(
        self,
        norm: Normalized,
        dense_hits: Iterable[tuple[int, tuple[Any, ...]]],
        heard: Iterable[tuple[int, int, int]] | None,
        typed_latin: bool,
    ) -> dict[str, list[Span]]:
        """Each concept's dense spans, from what the shared automata found: ``dense_hits``
        (last index, (length, dense_table payload or None, ...)) and ``heard`` (d_start,
        d_end, concept id: sound-view matches; None when the text has neither hanzi nor
        pinyin to hear)."""
        # lists, not sets: a span found twice is merged into itself (see _merge)
        found: dict[int, list[Span]] = {}
        excluded: dict[int, list[Span]] = {}
        dmap = norm.dense_map
        stems: list[tuple[int, int, int, bool, int]] | None = None  # prefixed concepts' parts
        prefix_ends: dict[tuple[int, int], list[tuple[int, bool]]] = {}
        get = found.get
        for last, value in dense_hits:
            payload = value[1]
            if payload is None:
                continue  # a phrase's key only
            terms, excludes, hanzi, split = payload
            length = value[0]
            if split is not None:  # a prefix or a stem of a prefixed concept's terms
                before, stem_of, excluded_of = split
                p_start = last - length + 1
                for cid in before:
                    prefix_ends.setdefault((cid, last + 1), []).append((p_start, hanzi))
                if stem_of or excluded_of:
                    if stems is None:
                        stems = []
                    stems.extend((cid, p_start, last + 1, hanzi, 0) for cid in stem_of)
                    stems.extend((cid, p_start, last + 1, hanzi, 1) for cid in excluded_of)
            if length == 1 and hanzi:  # one hanzi (你, 我: most finds): no boundary to check
                span = (last, last + 1)
            else:
                span = (last - length + 1, last + 1)
                # hanzi written without a gap: no boundary to check
                if terms and not (
                    (hanzi and dmap[last] - dmap[span[0]] == length - 1) or is_phrase(norm, *span)
                ):
                    terms = ()
            if excludes:
                for cid in excludes:
                    excluded.setdefault(cid, []).append(span)
            for cid in terms:
                spans = get(cid)
                if spans is None:
                    found[cid] = [span]
                else:
                    spans.append(span)
        if stems is not None and prefix_ends:
            # a prefix and a stem side by side: the term, checked as one key would be
            for cid, s_start, s_end, s_hanzi, kind in stems:
                for p_start, p_hanzi in prefix_ends.get((cid, s_start), ()):
                    span = (p_start, s_end)
                    if kind:
                        excluded.setdefault(cid, []).append(span)
                    elif (
                        s_hanzi
                        and p_hanzi
                        and dmap[s_end - 1] - dmap[p_start] == s_end - p_start - 1
                    ) or is_phrase(norm, *span):
                        found.setdefault(cid, []).append(span)
        if heard is not None:
            for d_start, d_end, cid in heard:
                found.setdefault(cid, []).append((d_start, d_end))
            initials = thawed(self, "_initials") if typed_latin else None
            if initials is not None:
                for d_start, d_end, cid in initial_matches(norm, initials):
                    found.setdefault(cid, []).append((d_start, d_end))
        asked = asked_alternatives(norm) if ("不" in norm.dense or "没" in norm.dense) else None
        if asked:  # "你们查不查征信？": the 不 of an asked alternative denies nothing
            found = {
                cid: kept
                for cid, spans in found.items()
                if (kept := [s for s in spans if s[0] not in asked])
            }
        names = self.names
        # one comprehension, then the few concepts with an excluded term found are redone in
        # place (a value replaced keeps its place; one left with nothing goes)
        result: dict[str, list[Span]] = {
            names[cid]: spans if len(spans) == 1 else _merge(sorted(spans))
            for cid, spans in found.items()
        }
        for cid, drop in excluded.items():
            spans = found.get(cid)
            if spans is None:
                continue
            kept = [s for s in spans if not any(e[0] <= s[0] and s[1] <= e[1] for e in drop)]
            if kept:
                result[names[cid]] = _merge(sorted(kept))
            else:
                del result[names[cid]]
        if self.__dict__.get("_tally") and any(map(norm.dense.__contains__, _TALLY_COUNTERS)):
            tallies = tally_spans(norm.dense)
            if tallies:
                result["tally"] = tallies
        if self.__dict__.get("_thing_price") and (
            "钱" in norm.dense or "花费" in norm.dense or "开销" in norm.dense
        ):
            prices = thing_price_spans(norm.dense)
            if prices:
                result["thing_price"] = prices
        if self.__dict__.get("_fee_price") and "费" in norm.dense:
            fees = fee_price_spans(norm.dense)
            if fees:
                result["fee_price"] = fees
        if self.__dict__.get("_unchecked") and (
            any(n in result for n in _UNCHECKED_GATE)
            or any(w in norm.dense for w in _UNCHECKED_WORDS)
        ):
            unchecked = unchecked_spans(norm)
            if unchecked:
                result["unchecked"] = unchecked
        if self.__dict__.get("_deferred") and any(w in norm.dense for w in _DEFER_GATE):
            deferred = deferred_spans(norm)
            if deferred:
                result["repay_deferred"] = deferred
        if self.__dict__.get("_refusals") and any(w in norm.dense for w in _REFUSAL_GATE):
            refusals = refusal_spans(norm)
            if refusals:
                result["refusal_record"] = refusals
        if (
            self.__dict__.get("_sum_back")
            # (the hanzi test first: _SUM_GATE has no first character to scan for)
            and not _HANZI.search(norm.dense)
            and _SUM_GATE.search(norm.light)
        ):
            sums = sum_back_spans(norm)
            if sums:
                result["sum_back"] = sums
        if (
            self.__dict__.get("_per_hundred")
            and ("100" in norm.dense or "hundred" in norm.dense)
            and not _HANZI.search(norm.dense)
        ):
            hundreds = per_hundred_spans(norm)
            if hundreds:
                result["per_hundred"] = hundreds
        if self.__dict__.get("_same_back") and (
            "还" in norm.dense or "back" in norm.dense or "return" in norm.dense
        ):
            zh_same, en_same = same_back_spans(norm)
            if zh_same:
                result["same_back"] = zh_same
            if en_same:
                result["en_same_back"] = en_same
        readers = self.__dict__.get("_s31")
        if readers and not _HANZI.search(norm.dense):  # English readers, English messages
            # one pass of the readers' gate words (C), then each reader whose gate word is there
            gated = {name for _, names in _s31_gates().iter(norm.dense) for name in names}
            for name in readers:
                if name in gated:
                    spans = _S31_READERS[name][1](norm)
                    if spans:
                        result[name] = spans
        zh36 = self.__dict__.get("_zh36")
        if zh36 and _HANZI.search(norm.dense):  # Chinese frames, Chinese messages
            result.update(zh_frames.readings(norm, zh36))
        if self.__dict__.get("_free") and "interest" in norm.dense:
            charged, claims = free_readings(norm, result.get("en_zero_interest", ()))
            if charged:
                result["free_charged"] = charged
            if claims:
                result["free_claim"] = claims
        return result


# The price of one everyday thing, in the dense view: a count of one (一/两/半/几), a measure word,
# a short name of the thing, then 钱 (一杯奶茶的钱, 一顿早饭钱, 两个包子钱, 一個菠蘿包嘅錢 folded).
_THING_PRICE = lazy_compile(
    r"(?<![0-9一二两三四五六七八九十百千万几])[一两半几1](?:杯|顿|包|个|碗|瓶|根|份|张|支|斤|盒|餐|串|碟|只|块|袋|听|罐"
    # session 30: a pair, a show, an outing (一双球鞋的价钱, 一场电影钱, 一次聚餐的花费)
    r"|双|场|次|件|套|趟|箱|桌)"
    r"[\u4e00-\u9fff]{1,5}?(?:的|嘅)?(?:价钱|钱(?!包|庄|款)|花费|开销)",
    cached=False,
)


# A named fee and its figure, in the dense view: any word ending in 费 (服务费, 账户管理费, 开户费, 审核费,
# 会员年费) but a spending or a bill (免费, 消费, 花费, 话费, 学费, 逾期费 ...), its figure close after it (九百八,
# 600元, 两千蚊, 1.5%) or before it (600元的审核费); a count of days, periods or times is a term, not a price.
_FEE_NUM = r"(?:(?:百分之|千分之|万分之)[零一二两三四五六七八九十点]+|[0-9][0-9.,]*|[一二两三四五六七八九十][一二两三四五六七八九十百千万零]+|[一二两三四五六七八九][百千万])"
_FEE_NOT_TERM = (
    r"(?![0-9.,一二两三四五六七八九十百千万零]*(?:天|日|期|个月|月|年|周|次|号|点|倍|笔|小时|分钟))"
)
_FEE_PRICE = lazy_compile(
    r"(?<=[\u4e00-\u9fff])(?<![免消浪花话电水学经运路车油收期])费(?:用)?"
    r"[^0-9一二两三四五六七八九十百千万利息年化率]{0,6}?"
    + _FEE_NUM
    + _FEE_NOT_TERM
    + r"(?:元|块|蚊|%)?"
    r"|"
    + _FEE_NUM
    + r"(?:(?:元|块|蚊|%)的?|的)[\u4e00-\u9fff]{0,4}?(?<![免消浪花话电水学经运路车油收期])费",
    cached=False,
)


# Where a _FEE_PRICE match can start: its 费, or the first character of a _FEE_NUM
# (_FEE_NUM_FIRST) ending at most _FEE_TAIL characters before a 费 (a unit, 的, four hanzi); every
# character of a _FEE_NUM is in _FEE_NUM_CHARS. (Edit these with _FEE_NUM.)
_FEE_NUM_FIRST = lazy_compile("[0-9百千万一二两三四五六七八九十]", cached=False)
_FEE_NUM_CHARS = frozenset("0123456789.,零一二两三四五六七八九十百千万点分之")
_FEE_TAIL = 6


def fee_price_spans(dense: str) -> list[tuple[int, int]]:
    """Dense spans naming a fee with its figure (the built-in concept ``fee_price``).

    What ``_FEE_PRICE.finditer(dense)`` finds, trying only the positions where a match can
    start (a scan at every position cost ~3 times as much on the speed bench's messages)."""
    spans: list[tuple[int, int]] = []
    done = 0  # positions before this one are tried or inside a match
    fee = dense.find("费")
    while fee >= 0:
        at = max(done, fee - _FEE_TAIL)
        while at > done and dense[at - 1] in _FEE_NUM_CHARS:
            at -= 1
        while at <= fee:
            first = _FEE_NUM_FIRST.search(dense, at, fee)
            at = first.start() if first is not None else fee
            m = _FEE_PRICE.match(dense, at)
            if m is not None:
                spans.append(m.span())
                at = m.end()
            else:
                at += 1
        done = max(done, at)
        fee = dense.find("费", fee + 1)
    return spans


# The sum borrowed named again as the sum repaid (session 46): in the dense view 借 + a figure or
# 多少 / 几多 + 还 + the same figure (借多少就还多少, 借一千还一千, 借1000还1000); in the light view
# "borrow / take £300 ... pay back / repay / return (exactly) £300" with the same figure.
_ZH_SAME_BACK = lazy_compile(
    r"借(?P<n>多少|几多|[0-9][0-9,.]*[万千kK]?|[一二两三四五六七八九十百千万]{1,5})(?:块钱|元钱|块|元|蚊|钱)?"
    r"(?:就|只|也|便)?(?:只)?(?:需|要|用)?还(?:番|回|返)?(?P=n)(?!分之)",
    cached=False,
)
_EN_SAME_BACK = lazy_compile(
    r"\b(?:borrow|take|get|grab|lend you)(?:s|ing)?\b[^.!?\n]{0,16}?(?<![0-9])(?P<n>[0-9][0-9,.]*)"
    r"(?![0-9]|[,.][0-9])(?P<u>k\b| ?grand\b)?[^.!?\n]{0,40}?\b(?:(?:pay|give|hand|send)(?:s|ing)? (?:us |it |me |them )?back"
    r"|repay(?:s|ing)?|return(?:s|ing)?)(?: (?:just|only|exactly|the same))? (?:[^0-9 ]{1,4} ?)?(?P=n)(?![0-9]|[,.][0-9])",
    cached=False,
)


def same_back_spans(norm: Normalized) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Dense spans where the sum borrowed is named as the sum repaid: Chinese (built-in
    ``same_back``) and English (``en_same_back``)."""
    zh = [m.span() for m in _ZH_SAME_BACK.finditer(norm.dense)] if "借" in norm.dense else []
    spans: list[tuple[int, int]] = []
    light = norm.light
    if not _HANZI.search(norm.dense) and ("back" in light or "repay" in light or "return" in light):
        for m in _EN_SAME_BACK.finditer(light):
            d_start, d_end = _dense_of_light(norm, m.start(), m.end())
            if d_end > d_start:
                spans.append((d_start, d_end))
    return zh, spans


def thing_price_spans(dense: str) -> list[tuple[int, int]]:
    """Dense spans naming the price of one everyday thing (the built-in concept ``thing_price``)."""
    return [m.span() for m in _THING_PRICE.finditer(dense)]


# The credit record, as an object of looking: the record itself, a bureau by name, or a word
# pointing back at one named before it ("Experian, TransUnion, whoever. We don't ring any of
# them.", "Been knocked back by the banks? We don't even look at that stuff.").
_CREDIT_OBJECT = (
    r"(?:credit(?! cards?)(?: (?:checks?|reports?|files?|scores?|history|records?|ratings?|bureaus?"
    r"|searches|search|profile|background))?|bureaus?|experian|equifax|transunion|cibil|ctos|ccris"
    r"|fico|clearscore|zheng ?xin|(?:your |the |their )?(?:file|report|reports|score|scores|history|record"
    r"|rating|past|background))"
)
_POINTER = (
    r"(?:that stuff|that sort of thing|that kind of thing|any of (?:them|those|that|it)|those|them"
    r"|all that|any of that|either|either of them|any|that|it|am)"
)
# verbs of looking, with their -s / -ing forms ("goes digging through", "don't go poking around
# in", "is going to trawl through", "combs through")
_LOOK_VERB = (
    r"(?:check(?:s|ing)?|pull(?:s|ing)?|run(?:s|ning)?|look(?:s|ing)?|glanc(?:e|es|ing)|peek(?:s|ing)?"
    r"|peep(?:s|ing)?|ring(?:s|ing)?|call(?:s|ing)?|contact(?:s|ing)?|search(?:es|ing)?"
    r"|consult(?:s|ing)?|query|dig(?:s|ging)?|bother(?:s|ing)?|touch(?:es|ing)?|open(?:s|ing)?"
    r"|read(?:s|ing)?|see|ask|request|go near|care about|worry about|deal with|chase|phone|email|use"
    r"|trouble|do|rak(?:e|es|ing)|comb(?:s|ing)?|trawl(?:s|ing)?|pok(?:e|es|ing)|rummag(?:e|es|ing)"
    r"|sift(?:s|ing)?|snoop(?:s|ing)?|nos(?:e|es|ing)|pr(?:y|ies|ying)|scour(?:s|ing)?"
    r"|inspect(?:s|ing)?|examin(?:e|es|ing)|scrutini[sz](?:e|es|ing)|review(?:s|ing)?"
    r"|assess(?:es|ing)?|pore over|go(?:es|ing)? through|pull up|fish(?:es|ing)? (?:around|about))"
)
_NOT_WORD = (
    r"(?:don't|dont|don’t|do not|never|won't|wont|won’t|will not|ain't|aint|didn't|doesn't|does not"
    r"|can't be bothered to|couldn't be bothered to|not going to|aren't going to|never ever|dinnae|dinna"
    r"|no dey|nor dey|no go|no)"
)
# who does not look: "we (honestly) don't", "nobody here is going to", "we're not the kind of
# lender that (goes)", "we aren't one of those outfits who"
_NOT_LOOKER = (
    r"\b(?:(?:we|i|our (?:team|side|system|people|staff|lenders?))\b"
    r"(?:'re|’re| are| will| do| does| did| just| simply| honestly| genuinely| really| actually| [a-z]+ly)?"
    rf"\s+{_NOT_WORD}"
    r"|(?:nobody|no one|none of us)(?: (?:here|on (?:our|the) team|on our side|at our end|in (?:this|our) office))?"
    r"(?: (?:is|will|would|ever|is going to|is gonna|gets to|has to|needs to|bothers to))*"
    r"|we(?:'re|’re| are)?\s*(?:not|aren't|are not)\s+(?:the|one of (?:those|the)|a|that|your)\s+"
    r"(?:(?:kind|type|sort) of\s+)?(?:[a-z-]+\s+){0,2}?(?:that|who|which))"
)
_UNCHECKED_VERB = lazy_compile(
    rf"{_NOT_LOOKER}\s+(?:even |ever |really |actually |bother to |go and |need to |have to |go |goes "
    rf"|going |gonna |going to |get to |dey )*{_LOOK_VERB}\b"
    r"(?: (?:around|about|at|into|up|on|with|through|in|for|over|round)){0,2}"
    r"(?: (?:your|the|their|a|an|any|single|one|of))*\s*"
    r"(?:(?:financial|money|payment|borrowing|whole|old|bad|full|past)\s+)?"
    rf"(?P<obj>{_CREDIT_OBJECT}|{_POINTER}"
    # no object at all, the clause ending there ("Listed on CRB? Still qualify, we don't check")
    r"|(?=\s*(?:[.,;!?)]|$)))(?![a-z])"
)
# the record as the subject of a negated passive: "Your score never gets opened here", "none of
# it gets looked at here"
_UNCHECKED_PASSIVE = lazy_compile(
    rf"(?P<obj>{_CREDIT_OBJECT}|none of (?:it|that|this|them)|nothing)"
    r"(?: (?!never\b|not\b|ever\b)[a-z]+)?\s+(?:(?P<neg>never|doesn't|does not|don't|do not|won't|will not|isn't|aren't|is not"
    r"|are not|ain't)\s+(?:ever\s+)?(?:gets?|be|being|get)?|(?:gets?|is|are|will be))\s*"
    r"(?:looked at|looked into|checked|opened|pulled|read|seen|examined|reviewed|consulted|touched"
    r"|dug into|searched|gone through)\b"
)
_UNCHECKED_NOUN = lazy_compile(
    r"(?<![a-z'’])(?:no|zero|without|forget(?: about)?|never mind|skip(?: the)?|no need for|walang|we skip|bypass(?: the)?|(?:don't|do not|never) bother with|dispense with(?: the)?|waive(?:d)?(?: the)?)"
    r" (?:the |any |a |your )?(?P<obj>zheng ?xin(?: checks?| reports?)?|credit (?:checks?|searches|search|reports?|pulls?|scores?"
    r"|inquir\w*|enquir\w*)|bureau\w*|experian|equifax|transunion|cibil|ctos|ccris|fico"
    # session 50: identity checks waived ("No BVN check", "we skip KYC", "walang verification")
    r"|(?:bvn|kyc|e-?kyc|nin|id|identity|aadhaar|aadhar|pan|face|selfie)(?: checks?| verification| verify)"
    r"|bvn|kyc|e-?kyc|aadhaar|aadhar"
    r"|id (?:needed|required|na kailangan))\b"
)
# the record named in words no gate concept holds ("your financial history", "ur record")
_UNCHECKED_WORDS = (
    "histor",
    "record",
    "bureau",
    "zhengxin",
    "bvn",
    "kyc",
    "verif",
    "aadhaar",
    "aadhar",
)
_UNCHECKED_GATE = ("en_credit", "en_g_badcr", "en_w_history", "en_f_score_word")
_POINTER_WORDS = frozenset(
    (
        "that stuff",
        "that sort of thing",
        "that kind of thing",
        "those",
        "them",
        "all that",
        "that",
        "it",
        "am",
    )
)


def unchecked_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans where the speaker says nobody looks at the borrower's credit (the built-in
    concept ``unchecked``): "we never glance at your file", "We don't ring any of them" after
    naming the bureaus, "No Experian, no Equifax", "Forget credit reports"."""
    light = norm.light
    found = []
    for regex in (_UNCHECKED_VERB, _UNCHECKED_NOUN, _UNCHECKED_PASSIVE):
        for m in regex.finditer(light):
            if m.start() and light[m.start() - 1] in "\"“'‘":
                continue  # a quoted phrase ("never say \"no credit check\""): a mention
            obj = m.group("obj")
            if regex is _UNCHECKED_PASSIVE and not (
                m.group("neg") or obj.startswith(("none", "nothing"))
            ):
                continue  # "your file is checked": a check said, not denied
            if (
                obj in _POINTER_WORDS or obj.startswith(("any", "either")) or not obj
            ) and not _CREDIT_EARLIER.search(light, max(0, m.start() - 120), m.start()):
                continue  # "we don't chase them": nothing about credit before it
            o_start, o_end = norm.light_span(m.start(), m.end())
            d_start = bisect.bisect_left(norm.dense_map, o_start)
            d_end = bisect.bisect_left(norm.dense_map, o_end)
            if d_start < d_end:
                found.append((d_start, d_end))
    return sorted(found)


def _dense_of_light(norm: Normalized, start: int, end: int) -> tuple[int, int]:
    o_start, o_end = norm.light_span(start, end)
    return bisect.bisect_left(norm.dense_map, o_start), bisect.bisect_left(norm.dense_map, o_end)


def _light_finds(norm: Normalized, pattern: LazyPattern) -> list[tuple[int, int]]:
    """The dense spans of ``pattern``'s matches in the light view (the frame readers' last step)."""
    return [_dense_of_light(norm, *m.span()) for m in pattern.finditer(norm.light)]


# "Zero interest" said in other words: "Interest? None.", "forget interest", "we don't charge
# interest", "0 interest bro" (the concept en_zero_interest holds the usual forms).
_NO_INTEREST = lazy_compile(
    r"interest\s*[?:]\s*(?:none|nil|zero|nothing|0)\b|(?:forget(?: about)?|scrap(?:ped)?|waived?|ditch(?:ed)?)"
    r"\s+(?:the\s+|all\s+)?interest\b|(?:don't|do not|dont|never|won't) (?:charge|take|add)\s+(?:any\s+)?interest"
    r"|(?<![0-9.,])0 interest\b|interest[- ]?less\b"
)
# A sum or a percentage charged: a currency sign or name, or a percentage (not a bare number).
_CURRENCY = r"(?:[$£€₹₦₱]|rs\.? ?|ksh ?|kes ?|gh₵ ?|rm ?|r(?=[0-9])|n(?=[0-9]))"
_UNIT = r"(?: ?(?:%|per ?cent|percent|bob|quid|bucks|dollars|pounds|naira|rupees|rand|cedis|shillings|pesos|ringgit))"
_AMOUNT = rf"(?:{_CURRENCY}[0-9][0-9,]*(?:\.[0-9]+)?k?{_UNIT}?|[0-9][0-9,]*(?:\.[0-9]+)?{_UNIT})"
_CHARGE_NOUN = (
    r"(?:fee|fees|charge|charges|commission|levy|premium|deduction|admin|maintenance|subscription"
    r"|membership|mark-?up|flat)"
)
# the fee with its amount before it ("a one-off 12% arrangement charge", "a $7 fee") or after it
# ("a processing fee of 18%", "Account maintenance $12/month"), or a verb of taking with the
# amount ("we keep 7%", "we just take a $35 processing fee")
_CHARGED = lazy_compile(
    rf"(?P<a1>{_AMOUNT})(?:[ -][a-z][a-z'-]*){{0,3}}?[ -]{_CHARGE_NOUN}\b"
    rf"|\b{_CHARGE_NOUN}(?: [a-z][a-z'-]*){{0,2}}? ?(?:of |is |at |: ?|= ?)?(?P<a2>{_AMOUNT})"
    rf"|\b(?:keep|keeps|take|takes|deduct|deducts|charge|charges|skim|skims)\s+(?:off\s+|just\s+|only\s+|a\s+|an\s+)*(?P<a3>{_AMOUNT})"
)
_CHARGE_NOT = lazy_compile(
    r"\b(?:no|zero|without|nil|free of|don't|do not|dont|never|won't|nothing)\b"
)
# nothing charged beyond the sum: "no setup fee", "fee-free", "we don't charge a monthly fee",
# "you repay exactly what you borrow", "nothing on top"
_NOTHING_CHARGED = lazy_compile(
    r"\b(?:no|zero|without|nil)\s+(?:[a-z-]+\s+){0,2}?(?:fees?|charges?)\b|fee[- ]free"
    r"|(?:don't|do not|dont|never|won't) charge (?:a|any|an)\b"
    r"|\b(?:repay|pay back|pay|costs?|repaid)\s+(?:back\s+)?(?:only|exactly|just)\b|nothing (?:more|extra|else|on top)"
)
_PERIOD_NEAR = lazy_compile(
    r"month|instal|install|week|fortnight|period|\bday|daily|\bper (?!cent)"
)
_APR_SAID = lazy_compile(r"\bapr\b|annual percentage rate|\birr\b|per annum|annuali[sz]ed|\bp\.a\.")


# Repaying put off or waved away, in the light view: a word for repaying and, up to three words
# on, a time that is not now ("later", "some other time", "a problem for future you", "can
# wait"); or a word telling the borrower not to think about how they will repay.
_REPAY_WORD = (
    r"(?:re)?payments?|instal?l?ments?|emis?|(?:paying|pay)(?: (?:it|that|this|them|us))?(?: back| off)?"
    r"|the bill|the debt|(?:the )?paying[- ]back(?: part| bit| side)?|repaying(?: it| that| us)?(?: back)?"
)
_DEFER_GATE = ("pay", "instal", "thebill", "thedebt", "emi", "therest")
_DEFERRED = lazy_compile(
    rf"\b(?:{_REPAY_WORD})(?: [a-z'’]+){{0,3}}? (?:later(?! today| this)|some other time|another time"
    r"|another day|eventually|down the (?:line|road|track)|in the future|can wait|will keep"
    r"|next (?:month|year)'s problem|(?:a |an )?(?:problem|issue|worry|headache) for (?:later|future you"
    r"|another day|tomorrow|next month|the future)|future you's problem|tomorrow's problem)(?![a-z])"
    r"|\b(?:don't|do not|dont|never|no need to|why) (?:even )?(?:worry|stress|think|fret|bother)"
    r"(?: yourself)? (?:about|over) (?:how (?:you'?ll|you will|to) )?(?:re)?pay"
    # session 33: repaying left to a later day ("leave the repayments to future you", "worry about
    # repayments on payday", "save the paying back for payday")
    rf"|\b(?:leave|let|save|hand|pass|push|park|keep) (?:the |your |all the )?(?:{_REPAY_WORD}|repaying"
    r"|rest)(?: bit| part)? (?:to|for|till|until|on) (?:future[- ]you|future self|payday|pay day"
    r"|tomorrow|next (?:week|month)|later|whenever)"
    rf"|\bworry about (?:the )?(?:{_REPAY_WORD}|repaying) (?:(?:on|at|after|till|until|when|come) )?"
    r"(?:payday|pay day|you get paid|the end of the month|next month|month end|another day)"
)


def deferred_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans where repaying is put off or waved away (the built-in ``repay_deferred``)."""
    found = []
    for m in _DEFERRED.finditer(norm.light):
        span = _dense_of_light(norm, *m.span())
        if span[0] < span[1]:
            found.append(span)
    return found


# A record of never refusing, in the light view: a word of "not yet / never" and, up to three
# words on, a refusal of a person (sent away, told no, rejected) or "my first rejection".
_PERSON = (
    r"(?:customers?|applicants?|punters?|clients?|people|persons?|souls?|borrowers?|anyone|anybody"
    r"|one of (?:you|them)|folks?|one|you|tradies?|members?|families|family|applications?)"
)
_REFUSAL_GATE = ("yet", "never", "notonce", "waiting", "nobody", "noone", "notone", "hasn")
_REFUSAL = lazy_compile(
    r"\b(?:yet to|still to|never(?: once)?|not once|haven't(?: once)?|have not|hasn't|has never"
    r"|still waiting (?:for|on)|(?:no one|nobody|not one(?: [a-z]+)?|none of (?:them|my|our)(?: [a-z]+)?) has)"
    r"(?: (?:ever|even|once|had to|got to|been able to))*"
    r"(?: [a-z'’-]+){0,2}? (?:"
    r"(?:send|sent|turn|turned|show|showed|shown|see|seen)(?: [a-z'’-]+){0,3}? (?:away|home empty[- ]handed"
    r"|out empty[- ]handed|home with nothing|away empty[- ]handed|packing|out (?:the door )?with nothing)"
    rf"|(?:say|said|tell|told)(?: (?:to |a |an |any |one |single ){{0,3}}{_PERSON})? [\"“'‘]?(?:sorry,? )?no\b"
    rf"|(?:reject|rejected|decline|declined|refuse|refused|knock back|knocked back|turn down|turned down)"
    rf"(?: (?:a|an|one|any|single))* {_PERSON}\b"
    r"|(?:my|our|a|the) (?:first|1st) (?:rejection|refusal|decline|knock-?back|no)\b"
    r"|(?:walked|gone|went|left|leave|walk) (?:out |away |home )?(?:without|with no|empty[- ]handed))"
)


def refusal_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a record of never refusing anyone (the built-in ``refusal_record``)."""
    found = []
    for m in _REFUSAL.finditer(norm.light):
        span = _dense_of_light(norm, *m.span())
        if span[0] < span[1]:
            found.append(span)
    return found


# Two sums in an English message: the first said as lent now, a larger one after it said as repaid.
_SUM = lazy_compile(
    r"(?<![0-9.,])(?P<cur>[$£€₹₦₱]|rs\.? ?|ksh ?|gh₵ ?|(?<![a-z])r(?=[0-9])|(?<![a-z])n(?=[0-9]))?"
    r"(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<k>k\b)?(?![0-9%])"
)
_HANZI = lazy_compile(r"[\u3400-\u9fff]")
# (session 45) a currency said by its name after the figure: "20,000 shillings", "fifty thousand naira"
_SUM_WORD = (
    r"(?:shillings?|bob|naira|rand|rupees?|cedis?|pesos?|dollars?|bucks|pounds?|quid|euros?|ringgit"
    r"|kwacha|birr|taka|dirhams?|baht|ksh|kes|ngn|zar|inr|php)"
)
_SUM_GATE = lazy_compile(
    r"[$£€₹₦₱][0-9]|[0-9]k\b|\b(?:rs|ksh|r|n)\.? ?[0-9]|[0-9] ?" + _SUM_WORD + r"\b"
    r"|(?:thousand|hundred|grand) " + _SUM_WORD + r"\b"
    r"|\bsign(?:ed)? for [0-9a-z]|\b(?:out|away) with [0-9a-z]"
)
# the sum signed for and the sum in hand said with no currency at all ("sign for 10,000, walk out with 8,000")
_SIGNED_NET = lazy_compile(
    r"\bsign(?:ed)? for\b|\bon paper\b|\bwalk(?:s|ing)? (?:out|away) with\b", cached=False
)
_SUM_WORD_AFTER = lazy_compile(r" ?" + _SUM_WORD + r"\b", cached=False)
# a bare figure that is a count, a time or a term, not a sum ("in 30 days", "at 10:30", "2 weeks")
_NOT_SUM_AFTER = lazy_compile(
    r" ?(?:%|percent|per cent|days?|weeks?|months?|years?|hours?|mins?|minutes?|am\b|pm\b|:|times|people|pc)",
    cached=False,
)
_LENT_CUE = lazy_compile(
    r"\b(?:borrow|get|take|grab|need|loan|advance|lend|in your account|today|now|cash|receive|walk out with"
    r"|walk away with|in hand|pocket|disburse[ds]?|credited|paid out|lands?)\b"
)
_BACK_CUE = lazy_compile(
    r"\b(?:back|pay|repay|send us|send back|return|hand over|hand back|comes out|goes out|come out"
    r"|go out|from your account|settle|owe|debit(?:ed)?|collect(?:ed)?|we take|refund|clear)\b"
)
# (session 45) an up-front deduction in English: the sum signed for, and what is held back from it or
# what is left in hand ("you sign for 10,000 and walk out with 8,000", "we hold back 7,500 at disbursal")
_SIGNED_CUE = lazy_compile(
    r"\b(?:sign(?:ed)? for|borrow(?:ing|ed|s)?|loan of|contract (?:says|is for|reads|shows)|on paper"
    r"|agreement (?:says|is for|reads)|principal of|face value of|paperwork says)\W+(?:\w+\W+){0,2}\Z",
    cached=False,
)
_NET_CUE = lazy_compile(
    r"\b(?:walk(?:s|ing)? (?:out|away|off|home) with|only (?:get|receive|see|pocket)|actually (?:get|receive|see)"
    r"|you(?:'ll| will)? (?:get|receive|pocket|take home)|in hand|lands? in|hits? your|credited with|take home"
    r"|left with|end up with|go home with|leave with)\W+(?:\w+\W+){0,2}\Z",
    cached=False,
)
_HELD_CUE = lazy_compile(
    r"\b(?:hold(?:s|ing)? back|held back|deduct(?:s|ed|ing)?|withh(?:old|eld|olds)|keep(?:s|ing)?|kept|tak(?:e|es|ing) off"
    r"|knock(?:s|ing)? off|shave(?:s|d)? off|cut(?:s|ting)?|retain(?:s|ed)?|skim(?:s|med)?)\W+(?:\w+\W+){0,2}\Z",
    cached=False,
)


def sum_back_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a larger sum repaid after a sum lent, in an English message with no APR (the
    built-in ``sum_back``); none where the rate reader already prices the message."""
    light = norm.light
    if _APR_SAID.search(light) or "%" in light:
        return []
    sums = _en_sums(light)
    if len(sums) < 2:
        return []
    found = _held_back(light, sums) or _fee_for_sum(light, sums)
    found = [_dense_of_light(norm, a, b) for a, b in found]
    for i, (a_start, a_end, lent) in enumerate(sums):
        if found:
            break
        if lent <= 0 or not _LENT_CUE.search(light, max(0, a_start - 30), a_end + 20):
            continue
        for b_start, b_end, back in sums[i + 1 :]:
            if not 1.0 < back / lent <= 3.0:
                continue
            cue = _BACK_CUE.search(light, max(a_end, b_start - 24), b_end + 28)
            if cue is None:
                continue
            found.append(_dense_of_light(norm, b_start, max(b_end, cue.end())))
            break
        if found:
            break
    if not found:
        return []
    from loancs.core.compliance.rates import read_rates  # a priced quote: the rate rules say it

    if read_rates(norm.original):
        return []
    return found


def _en_sums(light: str) -> list[tuple[int, int, float]]:
    """The sums of money in an English message (light view), in order: a figure with a currency
    sign or "k", or with the currency's name after it ("20,000 shillings"); a bare figure of 100
    or more once the message names its money that way; figures in words ("fifty thousand naira")."""
    said: list[tuple[int, int, float]] = []
    bare: list[tuple[int, int, float]] = []
    for m in _SUM.finditer(light):
        try:
            value = float(m.group("n").replace(",", "")) * (1000 if m.group("k") else 1)
        except ValueError:
            continue
        if m.group("cur") or m.group("k"):
            said.append((m.start(), m.end(), value))
            continue
        word = _SUM_WORD_AFTER.match(light, m.end())
        if word:
            said.append((m.start(), m.end(), value))
        elif (
            value >= 100
            and len(m.group("n").replace(",", "")) <= 7
            and not _NOT_SUM_AFTER.match(light, m.end())
        ):
            bare.append((m.start(), m.end(), value))
    if "thousand" in light or "hundred" in light or "grand" in light:
        from loancs.core.compliance.rates import _spelled_spans  # (figures in words: rare)

        for start, end, figure in _spelled_spans(light):
            value = float(figure)
            if value < 100 or any(s < end and start < e for s, e, _ in said):
                continue
            if _SUM_WORD_AFTER.match(light, end):
                said.append((start, end, value))
            elif not _NOT_SUM_AFTER.match(light, end):
                bare.append((start, end, value))
    if not said and not _SIGNED_NET.search(light):
        return []
    return sorted(said + bare)


def _held_back(light: str, sums: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Light spans of an up-front deduction: a sum signed for, then a smaller sum left in hand or
    held back from it (at most half of it), in the same message with no APR."""
    for i, (l_start, l_end, signed) in enumerate(sums):
        if not _SIGNED_CUE.search(light, max(0, l_start - 40), l_start):
            continue
        for r_start, r_end, other in sums[i + 1 :]:
            if not 0 < other < signed or r_start - l_end > 160:
                continue
            before = light[max(l_end, r_start - 40) : r_start]
            if _NET_CUE.search(before) and signed / other <= 1.5:
                return [(r_start, r_end)]
            if _HELD_CUE.search(before) and other <= signed / 2:
                return [(r_start, r_end)]
    return []


# (session 45) a charge for the sum lent, said beside it or in the next sentence ("Need $300 till Friday
# week? That's a $45 charge"): the price of the loan as a sum, with no APR
_FEE_BEFORE = lazy_compile(
    r"\b(?:fee|charge|cost|costs|interest|price)(?: is| of| will be| comes to| would be)?\W+(?:just |only |a )?\Z"
    r"|\bcosts? (?:you )?(?:just |only )?\Z|\bthat'?s (?:a |an |just |only )?\Z",
    cached=False,
)
_FEE_AFTER = lazy_compile(
    r" ?(?:fee|charge|in fees|in interest|interest|on top|extra|service fee|admin fee|processing fee|to borrow)\b",
    cached=False,
)
_NOT_LOAN_FEE = lazy_compile(
    r"\b(?:late|penalty|overdue|missed|bounced|returned|dishonou?r|reconnection|replacement|delivery|shipping"
    r"|refund|cashback|bonus|reward|discount|waived?|saved?|save|no"
    # (a fee asked first is an advance fee, not the loan's price: "they want a £50 fee first")
    r"|first|in advance|beforehand)\b",
    cached=False,
)


def _fee_for_sum(light: str, sums: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Light spans of a charge named as a sum for a sum lent in the same or the next sentence."""
    for f_start, f_end, fee in sums:
        if not (
            _FEE_BEFORE.search(light, max(0, f_start - 24), f_start)
            or _FEE_AFTER.match(light, f_end)
        ):
            continue
        if _NOT_LOAN_FEE.search(light, max(0, f_start - 30), min(len(light), f_end + 20)):
            continue
        for l_start, l_end, lent in sums:
            if (l_start, l_end) == (f_start, f_end) or abs(l_start - f_start) > 120:
                continue
            if not 0.005 <= fee / lent <= 0.5:
                continue
            if _LENT_CUE.search(light, max(0, l_start - 30), l_end + 20):
                return [(f_start, f_end)]
    return []


_NUM_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ]five)?|thirty|a fiver|a tenner|a score"
)
_PER_HUNDRED = lazy_compile(
    rf"(?<![0-9a-z.,])(?P<fee>(?:{_CURRENCY})?[0-9]+(?:\.[0-9]+)?|{_NUM_WORDS})"
    r"(?: (?:quid|bob|bucks|dollars|pounds|naira|rupees|rand|shillings|cedis|extra|more|back))?"
    r"(?: [a-z]+){0,2}? (?:per|on|in|for|on top of|out of) (?:every|each|a|the)? ?"
    rf"(?:{_CURRENCY})?(?:100|hundred)(?![0-9,.]?[0-9])"
    r"(?! (?:applicants?|people|customers?|borrowers?|clients?|cases|of (?:you|them|us|our))|%| ?per ?cent)"
)
_PRICE_CUE = lazy_compile(
    r"charge|\badd|\bpay|\bcost|\bfee|\bowe|interest|on top|extra|borrow|\blend|quid|\bbob\b|[$£€₹₦]"
    # session 49 (recall): the charge told in small coins ("50 paise per Rs 100 per day")
    r"|paise|\bcents?\b|\bpence\b|\bkobo\b"
)


def per_hundred_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a charge per hundred lent, in an English message with no APR (the built-in
    ``per_hundred``); none where the rate reader already prices the message."""
    light = norm.light
    if _APR_SAID.search(light) or not _PRICE_CUE.search(light):
        return []
    found = []
    for m in _PER_HUNDRED.finditer(light):
        fee = m.group("fee")
        if fee[-1].isdigit() and not 0 < float(re.sub(r"[^0-9.]", "", fee) or 0) < 100:
            continue
        found.append(_dense_of_light(norm, *m.span()))
    if not found:
        return []
    from loancs.core.compliance.rates import read_rates  # a priced quote: the rate rules say it

    if read_rates(norm.original):
        return []
    return found


# A rank at the borrower's workplace, by its structure: "your" and up to two words, then a word
# of rank, or "head of" a unit; not the lender's own staff assigned to the borrower ("your
# account manager", "your case officer").
_WORK_GATE = ("head", "manager", "director", "supervisor", "superior", "chief", "foreman", "hod")
_WORK_ROLE = lazy_compile(
    r"\b(?:your|ur|yer|ya) (?!(?:account|relationship|case|loan|credit|collections?|customer"
    r"|support|service|client|portfolio|personal|branch|bank|mortgage|insurance|dedicated|assigned"
    r"|own|new|debt|payment|recovery|agent|lender)\b)(?:[a-z'’-]+ ){0,2}?(?:head|manager|director"
    r"|supervisor|superior|chief|foreman|hod|superintendent|line manager|higher-ups?)s?\b"
    r"(?: of (?:the )?[a-z]+)?|\b(?:your|ur|yer) (?:department|dept|section|unit|division|team"
    r"|school|ward|faculty|site|shift|floor|store|office|company|firm)(?:'s)? (?:head|boss|chief"
    r"|manager|director|lead|leader|supervisor)s?\b",
    cached=False,
)


def work_role_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a rank at the borrower's workplace (the built-in ``work_role``)."""
    return [_dense_of_light(norm, *m.span()) for m in _WORK_ROLE.finditer(norm.light)]


# A student's proof: an academic email domain (name@uni.ac.uk, a .edu address, "your .ac.in
# email"), or a student's card, number or letter named with its institution.
_STUDENT_GATE = (
    "edu",
    "acuk",
    "acin",
    "acza",
    "acke",
    "matric",
    "studentunion",
    "campus",
    "nuscard",
    "varsity",
)
_STUDENT_PROOF = lazy_compile(
    r"(?:\.|\b)(?:edu|ac\.(?:uk|in|za|ke|nz|jp|kr|id|th|ug|tz|ng|il|at|cy))(?:\.[a-z]{2})?\b"
    r"(?: ?(?:e-?mail|mail|address|account|id|login))?"
    r"|\b(?:matric(?:ulation)?|student union|nus|campus|varsity|uni|university|college|hall|halls)"
    r" (?:card|id|pass|number|no|letter|badge|wristband|lanyard|e-?mail|login|portal)s?\b",
    cached=False,
)


def student_proof_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a student's proof (the built-in ``student_proof``)."""
    return [_dense_of_light(norm, *m.span()) for m in _STUDENT_PROOF.finditer(norm.light)]


# Repaying left to a future self: "a problem for December-you", "let tomorrow's you worry about
# it", "future you can sort the payments", "next year's headache".
_FUTURE_GATE = ("future", "tomorrow", "next", "later", "december", "january", "payday", "-you")
_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
_FUTURE_SELF = lazy_compile(
    rf"\b(?:(?:future|tomorrow'?s?|later|next[- ](?:week|month|year)(?:'s)?|payday|{_MONTHS})"
    r"[- ]?you(?:'s)?|future self|future-self)(?: [a-z'’]+){0,3}? (?:worry|problem|headache|deal"
    r"|handle|sort|stress|figure|fret|bother|issue|pays?|repays?|job|concern)\b"
    r"|\b(?:problem|headache|worry|issue|job|concern|bill) for (?:future|tomorrow'?s?|later"
    rf"|next[- ](?:week|month|year)(?:'s)?|{_MONTHS})[- ]?(?:you|self)\b"
    r"|\b(?:let|leave it (?:to|for)) (?:future|tomorrow'?s?|later|next[- ](?:week|month|year)(?:'s)?"
    rf"|{_MONTHS})[- ]?you\b"
    r"|\b(?:next (?:week|month|year)'s|tomorrow's|future you's) (?:problem|headache|worry|issue)\b",
    cached=False,
)


def future_you_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of repaying left to a future self (the built-in ``future_you``)."""
    return [_dense_of_light(norm, *m.span()) for m in _FUTURE_SELF.finditer(norm.light)]


def _light_reader(
    pattern: LazyPattern, needs: LazyPattern | None = None
) -> Callable[[Normalized], list[tuple[int, int]]]:
    """A reader of ``pattern``'s matches (dense spans); with ``needs``, none unless that pattern
    occurs somewhere in the message too."""

    def spans(norm: Normalized) -> list[tuple[int, int]]:
        if needs is not None and not needs.search(norm.light):
            return []
        return _light_finds(norm, pattern)

    return spans


_POLICE_SLANG = lazy_compile(
    r"\b(?:boys|lads|men|guys|fellas|folks|people|officers|gentlemen|friends|chaps) in (?:uniform"
    r"|blue|blues)\b|(?<![0-9$£€₹.,])\b(?:5-0|five-?o|five-0)\b(?!-?[0-9])|\bthe (?:one-time|popo|po-po)\b"
    r"|\bmajesty's pleasure\b",
    cached=False,
)
_ASKED_REFUSED = lazy_compile(
    r"\b(?:has|have|did|does|do|was|were) (?:anyone|anybody|any(?: one)? of (?:you|them|our [a-z]+)"
    r"|a single [a-z]+|one [a-z]+|any [a-z]+) (?:here )?ever (?:been|got|gotten|get|gets|had (?:a|an)) "
    r"(?:refused|rejected|declined|turned (?:down|away)|knocked back|refusal|rejection|decline)\b"
    r"[^?]{0,40}\? ?(?:[a-z,']+ ){0,3}?(?:nope|no|never|none|nobody|no one|not once|not one|zero"
    r"|not a single)\b",
    cached=False,
)
_BORROW_ELSEWHERE = lazy_compile(
    r"(?<!not )(?<!n't )(?<!never )(?<!avoid )(?<!instead of )\b(?:download|install|try|use|grab|take"
    r"|get|borrow|apply|pawn|hock|sell|max out|swipe|flog)\b(?: [a-z'’0-9-]+){0,4}? (?:apps?|lenders?"
    r"|loan|cash advance|advance|credit card|card|overdraft|telly|tv|ring|gold|jewell?ery|phone|laptop"
    r"|car|bike|watch)\b[^.!?;]{0,60}?\b(?:settle (?:this|the|your|with us|us|up)|clear (?:this|the|your"
    r"|us|what)|close (?:this|the|your) (?:account|loan|balance|emi)|pay (?:us|this|it|that|the (?:balance"
    r"|arrears|debt|loan|rest))\b|pay (?:off|back) (?:us|this|the (?:balance|arrears|debt|loan)|what"
    r" you owe)|get (?:it|the money|the cash|that) (?:to us|over)|send (?:it|the money|that) (?:to us"
    r"|over|across)|transfer (?:it )?to us|cover (?:this|the (?:balance|arrears|debt)|your (?:arrears"
    r"|balance|debt)))",
    cached=False,
)
_WHY_CHECK = lazy_compile(
    r"\bwhy (?:would|should|do|'d|must|on earth would) (?:we|i|anyone|anybody) (?:even |ever |bother to"
    r" |need to |want to |have to )?(?:check|pull|run|look (?:at|into)|dig into|search|inspect"
    r"|care about|bother with)\b",
    cached=False,
)
_SHAME_THING = (
    r"(?:posters?|flyers?|post|broadcast|notice|banner|announcement|status|story|video|list"
    r"|message|newsletter)"
)
_SHAME_READY = lazy_compile(
    rf"\b{_SHAME_THING}\b(?: [a-z'’]+){{0,6}}? (?:is|are|'s|has been|have been|got|already|all)"
    r" ?(?:printed|drafted|ready|typed|written|scheduled|queued|loaded|prepared|set up|good to go)\b"
    r"|\b(?:typed|drafted|written|prepared|made|printed|designed|recorded|queued) (?:up )?(?:the|a|your"
    rf"|an) (?:[a-z]+ )?{_SHAME_THING}\b",
    cached=False,
)
_NOT_APPLICANT = lazy_compile(
    r"\b(?:i've|i have|i was|i'd|i had) (?:never|not) (?:once |ever )?been (?:refused|declined|rejected"
    r"|turned down|knocked back)\b|\b(?:turned down|refused|declined|rejected|said no to) (?:a |an "
    r"|any |one |single )*(?P<obj>(?:refund|complaint|chargeback|return|cancellation|claim|warranty)s?)\b",
    cached=False,
)


def _not_applicant_spans(norm: Normalized) -> list[tuple[int, int]]:
    # the refused object alone (a span after the refusal's own words, which a negation precedes)
    return [
        _dense_of_light(norm, *(m.span("obj") if m.group("obj") else m.span()))
        for m in _NOT_APPLICANT.finditer(norm.light)
    ]


_WORK_TOLD = lazy_compile(
    rf"(?:{_WORK_ROLE.pattern})[^.!?]{{0,40}}?\b(?:would|will|might|'d|should|could|must)"
    r" (?:[a-z]+ ){0,2}?(?:love|like|want|care|be (?:very |so |really |most )?(?:interested|keen"
    r"|curious|fascinated|thrilled|delighted|surprised|shocked|intrigued|disappointed))\b"
    rf"|\b(?:a|a quiet|a little|a friendly) (?:word|chat) with (?:{_WORK_ROLE.pattern})"
    rf"|(?:{_WORK_ROLE.pattern}) (?:finding|found|hearing|heard|learning) (?:out )?about\b",
    cached=False,
)
_PREAPPROVED = lazy_compile(
    r"\byou(?:'ve| have)? been (?:selected|chosen|hand-?picked|pre-?approved|pre-?qualified)\b"
    r"|\b(?:congrats|congratulations)[!,.]* (?:[a-z]+[!,.]* )?(?:you(?:'ve| have)? (?:qualif(?:y|ied)"
    r"|been (?:selected|chosen|pre-?approved))|you qualify|you're (?:pre-?approved|eligible|in))\b"
    r"|\bpre-?(?:approved|qualified|selected)\b(?: for)?(?: up to)? ?(?:[$£€₹₦]|rs\.? ?)?[0-9]"
    r"|(?:[$£€₹₦]|rs\.? ?)[0-9][0-9,.]*k?\b (?:is |are )?(?:already )?(?:pre-?approved|pre-?qualified)\b"
    r"|\bno (?:application|paperwork|forms?) (?:needed|required|necessary)\b",
    cached=False,
)
_CHILD_ROUTINE = lazy_compile(
    r"\byour (?:son|daughter|kids?|children|little (?:one|boy|girl)|boy|girl|twins|youngest|eldest)\b"
    r"(?:'s)?[^.!?]{0,40}?\b(?:bus|school run|pick-?up|drop-?off|walks? home|route|practice|training"
    r"|lessons?|gets out|leaves school|school gates?|bus stop|[0-9]{1,2}[:.][0-9]{2})",
    cached=False,
)
# Session 32: readers of an idea by its structure, whatever register carries it (an English
# reading of a register reaches them too: see register.py).
_AP = r"['’]"  # an apostrophe as typed
# A PROMISE: the outcome (the loan goes through, is in, the money lands, you get cash, the
# answer is yes) said with certainty (a certainty word, a personal pledge, "whatever your
# situation"), or told to be planned on ("yours is going through. Start planning.").
_P_SUBJ = (
    r"(?:your|ur|yer|ya) (?:loan|file|application|app|case|money|cash|funds|payout|one)"
    r"|yours|your own|this one|it|the (?:loan|money|cash|funds)|paisa|pesa"
)
_P_AUX = rf"(?:is|{_AP}s|will|{_AP}ll|go|dey|don|na|gonna|going to|must|shall)"
_P_OUTCOME = (
    rf"(?:{_P_AUX} (?:be )?)?(?:going|go|goes|gan|gaan|come|comes|coming|sail|sails|sailing|get"
    rf"|gets|getting|went|pass|passes|glide|glides|fly|flies) (?:through|thru)\b"
    rf"|(?:is|{_AP}s|dey|don dey|don|na) (?:already )?(?:inside|through|thru)\b"
)
_P_SURE = (
    r"(?:already|for sure|fi sure|nae bother|no bother|no shaking|no wahala|no doubt|guaranteed"
    r"|definitely|100 ?%|hundred percent|no matter what|either way|whatever happens|trust me"
    r"|mark my words|i promise|promise you|no two ways|bank on it|count on it|no question)"
)
_P_PLAN = (
    r"(?:start|go ahead and|you can|feel free to|time to)(?: start)? (?:planning|plan|book|booking|spend"
    r"|spending|shopping|shop|celebrat|pack|order|pay the deposit|put the deposit)"
)
_P_PLEDGE = (
    rf"(?:i put my name on it|(?:you have|you{_AP}ve got|on) my word|i give you my word|my word on it"
    r"|on my (?:life|mother|head|honou?r)|meri (?:zimmedari|guarantee|jawabdari|zimmedaari)"
    rf"|i(?:{_AP}ll| will)? (?:personally )?(?:vouch|stake my))"
)
_P_WON = (
    r"(?:get|gets|got|approv[a-z]*|through|loan|cash|money|paisa|pesa|funds|sanction[a-z]*|pass"
    r"|disburs[a-z]*|confirm|jayega|milega)"
)
_PROMISE = lazy_compile(
    # the outcome with a certainty word in its sentence, or a planning imperative after it
    rf"\b(?:{_P_SUBJ}) ?(?:{_P_OUTCOME})[^.!?\n]{{0,40}}?\b{_P_SURE}"
    rf"|\b{_P_SURE}\b[^.!?\n]{{0,25}}?\b(?:{_P_SUBJ}) ?(?:{_P_OUTCOME})"
    rf"|\b(?:{_P_SUBJ}) ?(?:{_P_OUTCOME})[^!?\n]{{0,40}}?[.!,;:]+ *{_P_PLAN}"
    # "the answer's still yes", "the answer here is always yes"
    rf"|\bthe answer(?:{_AP}s| is| will be| here is| is still| stays)(?: [a-z]+)? (?:still|always"
    r"|ever) (?:a )?yes\b"
    # cannot fail
    rf"|\b(?:{_P_SUBJ}|this|dis) (?:can{_AP}?t|cannot|can not|won{_AP}?t|will not|no fit|no go|never)"
    r" (?:ever )?(?:fail|spoil|bounce|get (?:rejected|declined|turned down))\b"
    # a personal pledge on the outcome (an outcome word on either side in the sentence)
    rf"|\b{_P_WON}\b[^.!?\n]{{0,60}}?\b{_P_PLEDGE}\b|\b{_P_PLEDGE}\b[^.!?\n]{{0,60}}?\b{_P_WON}\b"
    r"|\b(?:confirm|sure) (?:can )?get\b"
    # an approval that stands whatever the borrower brings
    rf"|\b(?:approv[a-z]*|sanction[a-z]*|passed|you (?:get|will get|{_AP}ll get|go get|walk away"
    r" with) (?:the )?(?:cash|money|loan|funds|paid))\b[^.!?\n]{0,30}?\b(?:irrespective of|regardless"
    r" of|no matter|whatever (?:your|the))\b"
    r"|\b(?:whatever your (?:situation|history|score|credit|past|circumstances|story)|no matter (?:what"
    r"|your [a-z]+|how bad)|irrespective of [a-z ]{3,30}|regardless of [a-z ]{3,30})[^.!?\n]{0,50}?"
    rf"\byou(?: always)? (?:get|will get|{_AP}ll get|go get|walk away with|leave with|receive|are approved"
    rf"|get approved|{_AP}re approved)\b"
    # the loan said to be in, confirmed, a done deal ("your loan dey inside", "is confirm")
    r"|\b(?:your|ur|the) (?:loan|money|cash|amount|approval|application|file) (?:is|dey|don|na|don be)"
    r" (?:already )?(?:confirm|pakka|inside|a done deal|done deal)\b"
    rf"|\b(?:it{_AP}?s|it is|this is) (?:a )?done deal\b"
    # "You're in! Your loan is ready to claim": inclusion, then a claim call
    rf"|\byou{_AP}?re in[!.]+[^\n]{{0,40}}?\b(?:claim|receive|collect|release|loan|cash|money)\b"
    r"|\b(?:ready|waiting)(?: for you)? to (?:claim|collect|be claimed)\b"
    r"|\b(?:approved|ready) (?:&|and) waiting\b"
    # emphatic Hinglish certainty on the money ("aa hi jayega", "mil hi jayega")
    r"|\b(?:aa|mil|ho|lag) hi (?:jayega|jaayega|jaega|jayegi)\b",
    cached=False,
)
_PROMISE_GATE = (
    "spoil",
    "bounce",
    "rejected",
    "declined",
    "turneddown",
    "through",
    "thru",
    "inside",
    "yes",
    "fail",
    "myname",
    "myword",
    "zimmedari",
    "zimmedaari",
    "jawabdari",
    "onmy",
    "vouch",
    "stakemy",
    "confirm",
    "sureget",
    "surecanget",
    "irrespective",
    "regardless",
    "nomatter",
    "whatever",
    "pakka",
    "donedeal",
    "youre",
    "claim",
    "waiting",
    "hijay",
    "hijaay",
    "hijaeg",
)
# A TRACK RECORD ending with the listener: past applicants all paid or approved, then "you're
# number forty-three", "next up: you", "you're next".
_TRACK_NEXT = lazy_compile(
    r"\b(?:applied|applicants?|customers?|borrowers?|people|clients?|members?|folks|everyone"
    r"|every(?: single)? one|all of them|[0-9]+)\b[^\n]{0,80}?\b(?:got|get|were|was|have been"
    rf"|{_AP}ve been|walked away with|went home with|received|took home)\b[^\n]{{0,20}}?\b(?:paid"
    r"|approved|funded|cash|money|the loan|their loan|a loan|yes)\b[^\n]{0,40}?(?:\byou(?:"
    rf"{_AP}re| are|{_AP}ll be| will be) (?:number|no\.?|#) ?[a-z0-9-]+|\bnext(?: up| in line| one)?"
    rf"[:,]? (?:it{_AP}s |is )?you\b|\byou(?:{_AP}re| are) next\b)",
    cached=False,
)
# NO CHECK as what we do not need, ask or care about: a credit record named, then dismissed.
_CR_OBJ = (
    r"(?:credit (?:report|history|file|score|record|rating|check|past)s?|bureaus?|crb|crib|cibil"
    r"|(?:credit |credit reference |the )?agenc(?:y|ies)|(?:your )?history with the banks?"
    r"|experian|equifax|transunion|fico|(?:three|3)[- ]digit (?:number|score)|defaults?|ccjs?|ivas?"
    r"|bankrupt(?:cy|cies)?|dros?|debt (?:plan|management plan|relief order)s?|dmps?)"
)
_CR_DISMISS = (
    rf"(?:(?:do|does)n{_AP}?t need (?:{_AP}em|em|them|it|one|that)|no need|not needed|never needed"
    rf"|(?:is|are)n{_AP}?t invited|not invited|(?:does|do)n{_AP}?t come into|none of (?:that|it|this"
    r"|them) (?:comes into|matters|counts|affects)|come as you are|walk (?:right )?in"
    rf"|we don{_AP}?t ask|we never ask|we won{_AP}?t ask|never (?:reaches|gets to|comes to|sees)"
    r" (?:our|us|my)|not interested in|sab chalega|chalega|hakuna shida|no shida|hakuna matata"
    r"|not (?:our|my) (?:business|concern|problem|department)|stays? (?:out of|outside) (?:it|this"
    rf"|the decision)|doesn{_AP}?t (?:decide|count|matter) here|we don{_AP}?t (?:even )?(?:be )?(?:look"
    r"|looking|care|caring|bother|go there|pull|pulling|peek)"
    # session 33: indifference ("somebody else's problem", "can keep their files", "tell us nothing
    # we need to know", "never needed a peek", "stays with the banks; we start you from a clean page")
    rf"|(?:somebody|someone|some(?:body)? other) else{_AP}?s (?:problem|headache|business|concern|worry)"
    r"|(?:can|may) keep (?:their|its|his|her|your|them|all their) (?:files?|reports?|scores?|numbers?"
    r"|records?|data|paperwork)|tells? us nothing|never needed (?:a |to )?(?:peek|look|glance|see)"
    r"|stays? with (?:the|them|the banks?|those banks?)\b[^.!?\n]{0,30}?\b(?:clean|blank|fresh)"
    r" (?:page|slate|sheet|start))"
)
_NOCHECK = lazy_compile(
    rf"\b{_CR_OBJ}\b[^\n]{{0,50}}?\b{_CR_DISMISS}"
    rf"|\b{_CR_DISMISS}[^.!?\n]{{0,20}}?\b(?:your |the |any |a )?{_CR_OBJ}\b"
    r"|\b(?:score|number|report|rating|file)\b[^.!?\n]{0,40}\b(?:decide|define|judge|dictate)[a-z]*\b"
    rf"[^.!?\n]*[.!]+ *we don{_AP}?t\b",
    cached=False,
)
_NOCHECK_GATE = (
    "agenc",
    "historywith",
    "credit",
    "bureau",
    "crb",
    "crib",
    "cibil",
    "experian",
    "equifax",
    "transunion",
    "fico",
    "digit",
    "default",
    "ccj",
    "iva",
    "bankrupt",
    "dro",
    "debtplan",
    "debtmanagement",
    "debtrelief",
    "dmp",
    "score",
    "number",
    "report",
    "rating",
)
# CUSTODY told as the listener's future: "you'll be wearing orange", "a night in the station",
# "the guards will be calling to the house", "the men with the handcuffs".
_CUSTODY = lazy_compile(
    rf"\b(?:you(?:{_AP}ll| will)?(?: be| end up)?|keep (?:it|this) up|keep (?:dodging|ignoring"
    r"|hiding|avoiding|running)|carry on)\b[^.!?\n]{0,60}?\b(?:wearing orange|an? orange jumpsuit"
    r"|(?:a |the )(?:cell|cells|slammer|clink|nick|lock-?up|station|holding cell|jail|prison)\b"
    rf"(?: bench| floor)?|behind bars|(?:his|her) majesty{_AP}s pleasure|doing time|(?:in )?handcuffs"
    r"|in cuffs|sharing a cell|a cell with|(?:in|from) the dock|in the back of (?:a|the) (?:police|cop)"
    r" (?:car|van)|a criminal record|(?:a|the) (?:police|cop) (?:car|van)\b(?! (?:park|insurance)))"
    r"|\b(?:night|nights|weekend|christmas|birthday)s? (?:in|on|at|behind) (?:the|a) (?:station|cells?"
    r"|cell bench|nick|lock-?up|jail|prison|bars)\b"
    rf"|\bthe (?:guards?|gardaí|garda|feds|cops|old bill) (?:will|{_AP}ll|are going to|gonna) (?:be )?"
    r"(?:call|calling|knock|knocking|visit|visiting|come|coming|round|paying)\b"
    r"|\b(?:men|man|boys|lads|people|guys) with (?:the )?(?:handcuffs|cuffs|warrant)\b",
    cached=False,
)
_CUSTODY_GATE = (
    "dock",
    "police",
    "cop",
    "criminalrecord",
    "orange",
    "cell",
    "slammer",
    "clink",
    "nick",
    "lockup",
    "station",
    "jail",
    "prison",
    "bars",
    "majesty",
    "doingtime",
    "cuffs",
    "guard",
    "garda",
    "feds",
    "cops",
    "oldbill",
    "warrant",
)


# A CHILD by their school stage, asked after or tied to a teacher or to "seeing" the family:
# "How's Aisha finding Year 2? Miss Patel seems lovely", "Your twins start nursery in
# September, right? We'll be seeing a lot of each other."
_K_STAGE = (
    r"(?:year|grade|class|form|standard|std|primary) ?[0-9]{1,2}\b|nursery|reception(?: class)?"
    r"|kindergarten|kindy|primary school|creche|crèche|playgroup|pre-?school|big school"
    r"|secondary school|high school"
)
_K_MENACE = (
    rf"(?:\b(?:miss|mrs|mr|ms|teacher|sir) [a-z]+\b|\bwe{_AP}?(?:ll| will)? (?:be )?(?:seeing|see"
    r"|meet|around|waiting|there)\b|\bwe know\b|\bsee (?:you|them|her|him) (?:there|at)\b|\blovely"
    r" (?:school|teacher|class)\b)"
)
_CHILD_SCHOOL = lazy_compile(
    rf"\bhow{_AP}?s? (?:is |are )?(?:[a-z]+|your [a-z]+(?: [a-z]+)?)(?:{_AP}s)? (?:finding|getting on"
    rf"|liking|enjoying|settling|coping)\b[^.!?\n]{{0,30}}?\b(?:{_K_STAGE})"
    rf"|\b(?:{_K_STAGE})\b[^\n]{{0,80}}?{_K_MENACE}",
    cached=False,
)
_CHILD_SCHOOL_GATE = (
    "year",
    "grade",
    "class",
    "form",
    "standard",
    "std",
    "primary",
    "nursery",
    "reception",
    "kinder",
    "kindy",
    "creche",
    "crèche",
    "playgroup",
    "school",
)
# A THIRD PARTY told or visited: we let / tell / have a word with someone of the borrower's
# community or kin, drop by someone's place, wait at the borrower's gate asking for them by
# name, mention it on the local radio or in the congregation.
_T_WHO = (
    r"(?:local |whole )?(?:parish|church|mosque|temple|gurdwara|community|village|estate|street"
    r"|residents|neighbou?rs?|council|committee|elders?|congregation|chief|pastor|imam|priest|vicar"
    r"|chama|sacco|landlord|landlady|letting agent|estate agent|union|radio|mam|mum|ma|maw|nan|gran"
    r"|granny|sister|brother|aunt|auntie|aunty|uncle|cousin|in-laws|payroll|hr|team leader"
    r"|colleagues?|workmates?|coworkers?|flatmates?|housemates?|guarantor|referees?|school)"
)
_THIRD_TOLD = lazy_compile(
    rf"\b(?:we|i)(?:{_AP}ll| will| can| could| may| might| shall|{_AP}d| would| are going to"
    rf"| am going to|{_AP}m going to|{_AP}re going to)?(?: always| just| have to| be)?"
    r" (?:let|tell|telling|inform|informing|notify|alert|warn|mention (?:it|this|your [a-z]+) (?:to"
    r"|on|at|in)|have a word with|having a word with|write to|ring|call|drop by|pop round to"
    r"|pop by|swing by|visit|visiting) (?:the|your|ur|yer|all your|everyone at the|everyone in your)"
    rf" {_T_WHO}\b"
    rf"|\b(?:drop|pop|swing|call|come|go|going) (?:by|round|over)(?: to| at)? (?:your|ur|yer)"
    rf" [a-z]+{_AP}s\b(?! (?:office|branch|website|app|account|portal))"
    r"|\b(?:come|wait|waiting|turn up|show up|be waiting|stand|standing|visit) (?:to|at|outside|by)"
    r" (?:your|ur) (?:[a-z]+ )?(?:gate|office|work|workplace|shop|site|school|church|mosque|factory"
    r"|depot|warehouse|stall|market)\b[^.!?\n]{0,40}?\b(?:ask(?:ing)? for you|by (?:your )?name"
    r"|call(?:ing)? (?:out )?your name|ask(?:ing)? around)"
    r"|\bmention (?:it|this|your (?:name|debt|loan|account|arrears)) (?:on|in|at|to) (?:the|your)"
    r" (?:local |community )?(?:radio|church|mosque|newsletter|meeting|service|congregation|group"
    r"|assembly|noticeboard)",
    cached=False,
)
_THIRD_TOLD_GATE = (
    "let",
    "tell",
    "inform",
    "notify",
    "alert",
    "warn",
    "mention",
    "word",
    "write",
    "ring",
    "call",
    "drop",
    "pop",
    "swing",
    "visit",
    "come",
    "wait",
    "turnup",
    "showup",
    "stand",
    "go",
)
# BORROWING by product to pay us: a card or overdraft with room left, then pay us; ask someone
# (a society, a chama, a sacco) for a loan, then clear this.
_BORROW_PRODUCT = lazy_compile(
    rf"\b(?:your|ur) (?:overdraft|credit card|card|credit line|limit|arranged overdraft|line of"
    rf" credit|buy now pay later|bnpl)(?:{_AP}s| has| is)?[^.!?\n]{{0,30}}?\b(?:not maxed|isn{_AP}?t"
    r" maxed|room|headroom|space|limit left|available|unused|spare)\b[^\n]{0,60}?\b(?:pay us|pay this"
    r"|clear (?:us|this|it|the)|square us|settle|sort us|pay (?:the|your) (?:balance|arrears))"
    r"|\b(?:room|space|headroom|limit left|credit left) (?:left )?on (?:your|ur) (?:overdraft|credit card|card"
    r"|credit line|limit|bnpl)\b[^\n]{0,60}?\b(?:pay us|pay this|clear (?:us|this|it|the)|square us|settle"
    r"|sort us)"
    r"|\bask (?:your|ur|the) [a-z' ]{2,30}? for (?:a |an )?(?:soft |small |quick |little |short )?"
    r"(?:loan|advance|credit|money|cash|float)\b[^.!?\n]{0,40}?\b(?:clear|pay|settle|square|close)\b",
    cached=False,
)
# A NIGHT VISIT said as a schedule or as a clock at the door: "night runs ... yours is on
# tonight's sheet", "late rounds ... expect us between 11 and 2", "We're outside. It's 11:40.",
# "attend your property this evening after 10pm".
_NIGHT_ROUNDS = lazy_compile(
    r"\b(?:(?:night|late|midnight|overnight|after-?dark|late-night|graveyard) (?:rounds?|runs?|shifts?"
    r"|patrols?|visits?)|(?:rounds?|runs?|visits?|patrols?) (?:after midnight|after dark|at night"
    r"|overnight|late at night|after (?:10|11|ten|eleven) ?(?:pm|p\.m\.)?))\b[^\n]{0,80}?(?:\b(?:yours"
    r"|your (?:street|road|house|address|name|flat|door|estate|block)|you) (?:is|are|'s|’s|'re|’re)"
    r" on (?:tonight(?:'s|’s)?|the|our|this week(?:'s|’s)?) (?:list|sheet|route|run|rota|schedule)"
    r"|\bexpect (?:us|a (?:visit|knock))\b|\bsee you\b|\bwe(?:'ll|’ll| will) (?:be|come|stop|call)"
    r"|\btonight\b)"
    r"|\b(?:we(?:'re|’re| are)|i(?:'m|’m| am)|our (?:team|agent|man|guys|collector) (?:is|are|'s|’s))"
    r" (?:outside(?! (?:the|our|my|a|an) )|parked|downstairs|at your (?:door|gate|house|flat)|at the end of your (?:road"
    r"|street)|on your (?:street|road|doorstep))\b[^\n]{0,30}?\bit(?:'s|’s| is) (?:(?:1[0-2]|0?[0-4])"
    r"[:.][0-5][0-9](?! ?(?:am|a\.m\.|in the morning))|midnight|past midnight)"
    r"|\b(?:attend|visit|call (?:at|round to)|come (?:to|round to)|be at|knock (?:at|on)|call on)"
    r" (?:your|ur) (?:property|house|home|flat|door|address|place)[^.!?\n]{0,30}?\b(?:after (?:9|10|11"
    r"|nine|ten|eleven)(?: ?pm| ?p\.m\.|:[0-9]{2} ?pm| tonight| at night)|after midnight|late tonight"
    r"|after dark)",
    cached=False,
)
_NIGHT_ROUNDS_GATE = (
    "night",
    "late",
    "midnight",
    "dark",
    "graveyard",
    "round",
    "run",
    "visit",
    "patrol",
    "outside",
    "parked",
    "downstairs",
    "atyour",
    "attheend",
    "onyour",
    "attend",
    "callon",
    "callat",
    "knock",
    "beat",
    "comero",
    "cometo",
)
# A CALL at a night hour in Hinglish or texting: "raat ko 12 baje call karunga", "pick up at
# midnight".
_NIGHT_CALL = lazy_compile(
    r"\braat (?:ko |mein |me |ke )?(?:[0-9]{1,2}|ek|do|teen|char|chaar|barah|baarah|baara|gyarah)"
    r" baje\b[^.!?\n]{0,30}?\b(?:call|phone|ring|fone|uthana|uthao|uthaoge|karunga|karenge|aayenge"
    r"|aa jayenge)"
    r"|\b(?:pick up|pick it up|answer|call|ring|phone|text|buzz|calling|ringing)\b[^.!?\n]{0,15}?\b(?:at"
    r"|by|around|after|past|from) (?:midnight|mid-?nite|(?:12|[1-5])(?::[0-5][0-9])? ?(?:am|a\.m\.))",
    cached=False,
)
_NIGHT_CALL_GATE = ("raat", "midnight", "midnite", "am")


# A THRESHOLD said as how little is asked: "Just your email and a bank account. Nothing else",
# "One form. Two minutes. Zero documents.", "If you've had the same phone number for six
# months, you're eligible" (not where the items are a payslip, a statement or an income proof).
_TINY_ASK = lazy_compile(
    r"\b(?:just|only|all (?:it takes|we need|you need) is|all you need is|nothing but) (?:your |a |an )?"
    r"[a-z]+(?: [a-z]+)? (?:and|&|\+) (?:a |an |your )?[a-z]+(?: [a-z]+)?\b[^\n]{0,40}?(?:nothing else"
    rf"|that{_AP}?s (?:it|all)|no (?:payslips?|documents?|papers?|paperwork|proof)|zero (?:documents?"
    r"|paperwork|papers))"
    r"|\b(?:one|1|two|2|three|3|a few|few) (?:form|forms|tap|taps|click|clicks|minutes?|mins?|steps?"
    r"|questions?|swipes?)\b[^\n]{0,70}?\b(?:zero|no|0) (?:documents?|docs|paperwork|papers|payslips?"
    r"|proof(?: of income)?|questions asked|checks)\b"
    rf"|\bif (?:you{_AP}?(?:ve| have)?|your) (?:had |got |have |own )?(?:the same |a |an |your )?"
    r"(?:phone number|phone|sim(?: card)?|mobile(?: number)?|number|email(?: address)?|bank account"
    rf"|facebook(?: account)?|whatsapp|smartphone)\b[^.!?\n]{{0,50}}?\b(?:you{_AP}?re eligible|you(?:"
    rf" already)? qualify|you{_AP}re in|you{_AP}ll qualify|you can borrow|you{_AP}re approved"
    rf"|you{_AP}re good|you{_AP}re covered)",
    cached=False,
)
_REAL_PROOF = lazy_compile(r"payslip|pay slip|statement|proof of income|income|credit check|salary")


_SERVICE_ASK = lazy_compile(
    r"[^.!?\n]{0,30}?\b(?:to (?:find|locate|look up|pull up|update|change|verify|check|access|reset"
    r"|confirm|open) (?:your|the)|for that\b)"
)


def _tiny_ask_spans(norm: Normalized) -> list[tuple[int, int]]:
    spans = []
    for m in _TINY_ASK.finditer(norm.light):
        head = m.group()
        if head.startswith(("just", "only", "all", "nothing")):
            # the items asked for, before "nothing else" / "no payslips": a real proof is a check
            items = re.split(r"nothing else|that['’]?s|no |zero ", head, maxsplit=1)[0]
            if _REAL_PROOF.search(items):
                continue
        if _SERVICE_ASK.match(norm.light, m.end()):
            continue  # "... that's all I need to find your account": a service step
        spans.append(_dense_of_light(norm, *m.span()))
    return spans


# A STUDENT by their life (a school, halls, a timetable, a Saturday job), then what we lend on
# it: "Still at school? Your Saturday job counts as income", "Living in student halls? Your room
# contract is all the proof we need".
_STUDENT_LIFE = lazy_compile(
    r"\b(?:still (?:at|in) (?:school|college|uni|sixth form)|sixth[- ]formers?|in (?:student )?halls"
    r"|student halls|halls of residence|freshers?|lectures?|timetable|semester|term[- ]time|at uni"
    r"|school leavers?|saturday job|paper round|student (?:digs|flat|house)|uni (?:digs|flat|house))\b"
    r"[^\n]{0,60}?\b(?:counts?(?: as income)?|apply|all the proof|proof we need|we(?:'ll|’ll| will)?"
    r" lend|lend on|qualif[a-z]*)\b",
    cached=False,
)
_FIRST_PERSON = lazy_compile(r"\b(?:i|i'm|i’m|im|my|me)\b")
_STUDENT_DENIAL = lazy_compile(
    r"must be|can't|cannot|can not|not eligible|only if|over 18|18 or over|aged 18"
)


def _student_life_spans(norm: Normalized) -> list[tuple[int, int]]:
    return [
        _dense_of_light(norm, *m.span())
        for m in _STUDENT_LIFE.finditer(norm.light)
        if not _STUDENT_DENIAL.search(m.group())
        # the borrower's own life ("I'm at uni and worried ... when I apply")
        and not _FIRST_PERSON.search(norm.light, max(0, m.start() - 6), m.end())
    ]


# Session 32, second pass (from author's rounds 33a1-a2, fixed as families):
# CERTAINTY beside the outcome in any order ("aapka loan toh pakka hai", "sure pass", "a dead
# cert ... you'll have the money"), a double negation ("u cant NOT get approved"), inclusion in
# the list of those paid ("your name is already on the list of people collecting today").
_SURE_WORD = (
    r"(?:pakka|dead cert|dead certainty|sure pass|sure thing|sure banker|guaranteed|a given|in the"
    r" bag|a lock|locked in|confirm(?:ed)? hai|100 ?%|hundred percent|nae bother|no bother|for sure"
    r"|fi sure|no doubt)"
)
_SURE_OUTCOME = lazy_compile(
    rf"\b(?:loan|approval|money|cash|paisa|pesa|funds|payout)(?:{_AP}s| is| toh| hai| na| dey| don"
    rf"| be| was| will be| a| sure| so)*[ ,]+{_SURE_WORD}\b"
    rf"|\b{_SURE_WORD}\b[^\n]{{0,30}}?\byou(?:{_AP}ll| will| go| gonna| are going to)? (?:have|hae|get"
    r"|see|receive|be getting|collect|pocket) (?:the |your |ya |yer )?(?:money|cash|loan|funds|payout"
    r"|paisa|pesa)\b"
    rf"|\byou(?:{_AP}ll| will| go| gonna)? (?:have|hae|get|see|receive|collect) (?:the |your |ya |yer )?"
    rf"(?:money|cash|loan|funds|payout)\b[^.!?\n]{{0,30}}?\b(?:nae bother|no bother|no wahala|for sure"
    r"|guaranteed|no doubt|dead cert|100 ?%)"
    rf"|\b(?:sure|confirm|confirmed|guaranteed|definitely|surely) (?:pass|approve|approved|kena|dapat"
    r"|lulus|sanction)\b"
    rf"|\b(?:can{_AP}?t|cant|cannot|can not|couldn{_AP}?t) not (?:get|be) (?:approved|funded|paid"
    r"|accepted|a yes)\b"
    rf"|\b(?:your name|you)(?:{_AP}s| is| are|{_AP}re| don| dey)?(?: already)? (?:on|in|enter|inside)"
    r" (?:the|our|today's) (?:list|payout list|approved list|list of (?:people|those|customers|names))"
    r"\b",
    cached=False,
)
_SURE_GATE = (
    "pakka",
    "deadcert",
    "surepass",
    "surething",
    "surebanker",
    "guarantee",
    "agiven",
    "inthebag",
    "alock",
    "lockedin",
    "confirm",
    "100",
    "hundred",
    "naebother",
    "nobother",
    "forsure",
    "fisure",
    "nodoubt",
    "nowahala",
    "sure",
    "definitely",
    "surely",
    "notget",
    "notbe",
    "list",
)
# NO CHECK by contrast or by where the record goes: "based on your job, not your FICO", "we no
# dey send your name go there", "credit bureau na for big bank people", "blacklist pun takpe",
# "system usko dekhta hi nahi".
_NOCHECK2 = lazy_compile(
    r"\b(?:based on|depends on|decided by|decide on|decided on|judge you on|approve on|we (?:look at"
    r"|go by|judge by|care about)|all about)"
    rf" [^.!?\n]{{0,30}}?,? (?:and )?not (?:on |by )?(?:your |the |a )?(?:{_CR_OBJ}|credit|civil score)\b"
    r"|\bwe (?:no dey|don't|don’t|dont|do not|never|won't|will not|no) (?:send|pass|submit|share|report"
    r"|check|pull|run) (?:your|ur) (?:name|details|file|info|bvn|number)\b[^.!?\n]{0,30}?\b(?:there"
    rf"|to (?:the |any |a )?(?:{_CR_OBJ}|bureau|credit))"
    rf"|\b(?:{_CR_OBJ}|credit|civil score|blacklist(?:ed)?)\b[^.!?\n]{{0,15}}?\b(?:na|is|are) (?:only )?for"
    r" (?:big |the |other )*(?:banks?|bank people|rich people|other lenders)\b"
    r"|\b(?:blacklist(?:ed)?|kena blacklist|ctos|ccris|civil score|cibil score|credit score|crb)\b"
    r"[^.!?\n]{0,20}?\b(?:pun |also )?(?:takpe|tak pe|tak apa|takde hal|no hal|never mind|also can"
    r"|ok one|dekhta hi nahi|dekhte hi nahi|dekhta nahi|dekhte nahi|tension mat lo|koi tension nahi)\b"
    r"|\b(?:civil|cibil|credit) score ka tension mat lo\b",
    cached=False,
)
_NOCHECK2_GATE = (
    "based",
    "depends",
    "decided",
    "welook",
    "wego",
    "wejudge",
    "wecare",
    "allabout",
    "send",
    "pass",
    "submit",
    "share",
    "report",
    "bank",
    "blacklist",
    "ctos",
    "ccris",
    "civil",
    "cibil",
    "score",
    "crb",
)
# CUSTODY in a register's words or as what we will have done to you: "end up inna kalaboose",
# "You wan go Kirikiri?", "We'll have you nicked".
_CUSTODY2 = lazy_compile(
    r"\b(?:end up|go|wan go|want to go|going|land|landing|sent|be)(?: in| inna| to)? (?:the |a )?"
    r"(?:kalaboose|calaboose|kirikiri|gaol|jailhouse|clink|slammer|pokey|chokey|nick|lock-?up|cooler"
    r"|big house|jile|jail|prison|cell)\b"
    r"|\b(?:have|get|see|got) you (?:nicked|arrested|locked up|sent down|done for|banged up|lifted"
    r"|picked up|put away|jailed|charged|thrown in)\b",
    cached=False,
)
_CUSTODY2_GATE = (
    "kalaboose",
    "calaboose",
    "kirikiri",
    "gaol",
    "jailhouse",
    "clink",
    "slammer",
    "pokey",
    "chokey",
    "nick",
    "lockup",
    "cooler",
    "bighouse",
    "jile",
    "jail",
    "prison",
    "cell",
    "arrested",
    "lockedup",
    "sentdown",
    "donefor",
    "bangedup",
    "lifted",
    "pickedup",
    "putaway",
    "jailed",
    "charged",
    "thrownin",
)
# A THIRD PARTY made to carry the message or told they will be visited: "Could you let her know
# she's three months behind with us", "Your workmates at the depot'll be getting a visit".
_THIRD_CARRY = lazy_compile(
    rf"\b(?:let|tell|remind|warn) (?:her|him|them) (?:know )?(?:that )?(?:she|he|they)(?:{_AP}s| is|"
    rf" are|{_AP}re|{_AP}ll| will| has| have)? [^.!?\n]{{0,30}}?\b(?:behind|owes?|overdue|arrears|debt"
    r"|late|default|pay (?:us|up))\b"
    rf"|\b(?:your|ur) [a-z' ]{{2,40}}?(?:{_AP}ll| will)(?: all)? be (?:getting|receiving|having|paid)"
    r" (?:a |an )?(?:visit|call|letter|knock|word|chat)\b",
    cached=False,
)
_THIRD_CARRY_GATE = ("let", "tell", "remind", "warn", "getting", "receiving", "having", "paid")
# A CHILD named, then a menace: "Your son's applying to the army, isn't he? Debts like this have
# a way of following families."
_CHILD_MENACE = lazy_compile(
    r"\b(?:your|ur) (?:son|daughter|kids?|children|boy|girl|little one|youngest|eldest|twins)\b"
    r"[^\n]{0,80}?\b(?:have a way of|would be a (?:shame|pity)|shame if|hope nothing|pity if"
    r"|follow(?:s|ing)? (?:the |your )?famil(?:y|ies)|could affect (?:him|her|them)|we know where)\b",
    cached=False,
)
# BORROWING from anyone to pay us, in Hinglish or by a lender named by what it does: "Chit fund
# se utha lo ya kisi se le lo, but aaj payment chahiye", "Go and see your chama, they will lend
# you something, then bring it here".
_BORROW_ANY = lazy_compile(
    r"\b(?:[a-z]+ )?se (?:le lo|utha lo|maang lo|udhaar le lo|loan le lo|uthao|lelo)\b[^\n]{0,50}?\b(?:payment"
    r"|paisa|pay|chahiye|bhejo|jama|clear)"
    r"|\b(?:see|ask|go to|try|call|visit) (?:your|ur|the|a) [a-z ]{2,30}[,;]? (?:they|he|she|who)"
    rf"(?:{_AP}ll| will| can| could| would)? lend you\b[^\n]{{0,40}}?\b(?:bring (?:it|that|the money)"
    r"|pay|clear|settle|send (?:it|that))",
    cached=False,
)
# SHAMING: the borrower's photo or name put up in public: "Your photo with DEFAULTER printed on it
# will be up at the society gate by morning".
_SHAME_UP = lazy_compile(
    r"\b(?:your|ur) (?:photo|picture|pic|face|name|details|mugshot)\b[^.!?\n]{0,50}?\b(?:will be|'ll be"
    r"|’ll be|is going|goes|going|gets|get) (?:up|posted|displayed|pinned|shared|put up|stuck up|on show"
    r"|on display)\b",
    cached=False,
)
# A NIGHT SHIFT that places a visit: "Our field officer is on nights this week; he'll be at yours
# around half eleven".
_NIGHT_SHIFT = lazy_compile(
    r"\b(?:on nights|working nights|doing nights|on the night shift|on night duty)\b[^\n]{0,50}?"
    r"\b(?:be|come|call|pop|drop|knock) (?:at|round|to|by|on) (?:yours|your (?:place|house|door|flat"
    r"|home|gate))\b",
    cached=False,
)
# A RATE per unit of money or per term, said without an APR: "15 on every hundred every week",
# "1.5¢ per dollar per day", "its 20 on 100 for the month", "Each 30-day rollover costs 12%".
_UNIT_RATE = lazy_compile(
    r"(?:(?<![0-9.,])[0-9]+(?:\.[0-9]+)? ?(?:¢|c|cents?|p|pence|bob|bucks|rupees?|naira|shillings?|kobo|paise|sen)?"
    # (session 44: the hundredths in words, "five cents on the dollar a month", "ten pence in the pound")
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)"
    r" ?(?:¢|cents?|pence|p|kobo|paise|sen))"
    r" (?:(?:on|per|for|of|out of) (?:every |each |a |the )?(?:100|hundred|dollar|\$1|£1|pound|rupee|naira"
    r"|shilling|buck|1,?000|thousand|grand|k|quid|euro|rand|cedi|ringgit|peso)"
    r"|in (?:every |each |the )(?:dollar|pound|quid|euro|rupee|naira|rand|cedi|ringgit|peso|shilling|buck))"
    r"\b[^.!?\n]{0,25}?\b(?:a|per|each|every|for the|in a|in"
    r" the|the) (?:day|week|month|fortnight|wk|mth)\b"
    r"|\b(?:each|every|per|a) (?:[0-9]+[- ](?:day|week|month)|fortnight(?:ly)?|weekly|monthly|daily)"
    r" (?:rollover|term|period|cycle|extension|renewal|top-?up|roll)s? (?:costs?|is|=|adds|charges?"
    r"|fee is) (?:you )?(?:just |only )?[0-9]+(?:\.[0-9]+)? ?%",
    cached=False,
)
_APR_WORD = lazy_compile(r"\bapr\b|annual percentage|per annum|a year|per year|annually|yearly")


def _unit_rate_spans(norm: Normalized) -> list[tuple[int, int]]:
    if _APR_WORD.search(norm.light):
        return []  # the annual figure is given beside it
    return [_dense_of_light(norm, *m.span()) for m in _UNIT_RATE.finditer(norm.light)]


# Session 32, third pass (author's 33a3, fixed as families): a refusal never given in a register's
# negative concord ("we ain't never told nobody no"); a sum said to be the borrower's already
# ("$2,500 is yours. Tap to move it"); a debt named as one of a workplace's or a group's people
# ("one of your drivers' debts"); a car outside yours at 1am; an alarm set for the call; a
# named high-cost loan then "settle us"; a rate in points a week ("vig is five points a week").
_NEVER_NO = lazy_compile(
    r"\b(?:never|ain't never|aint never|never ever) (?:told|said|gave|given|tell|say) (?:nobody"
    r"|anybody|anyone|a soul|one person|a single (?:person|soul|customer))(?: a)? no\b"
    r"|\b(?:ain't|aint|never) (?:turned|sent|turn|send) (?:nobody|anybody|anyone|a soul) (?:away|down"
    r"|home)\b"
    r"|(?:[$£€₹₦]|rs\.? ?)[0-9][0-9,.]*k? (?:is|are) (?:now |already )?yours\b(?! to keep)",
    cached=False,
)
_GROUP_DEBT = lazy_compile(
    r"\bone of your (?:drivers|staff|employees|workers|colleagues|team|members|tenants|students"
    r"|congregation|parishioners|residents|nurses|teachers|officers|agents|cleaners)(?:'s|s'|'|’s|s’|’)?"
    r" (?:debts?|loans?|arrears|accounts?|unpaid)",
    cached=False,
)
_NIGHT_AT_YOURS = lazy_compile(
    r"\b(?:outside|at|by|near|round|to) (?:yours|your (?:house|place|door|flat|gate|home))\b[^.!?\n]{0,12}?"
    r"\b(?:at|around|about|from|after|by) (?:(?:12|[1-4])(?::[0-5][0-9])? ?(?:am|a\.m\.)|midnight)",
    cached=False,
)
_ALARM_CALL = lazy_compile(
    r"\bset (?:an|your|the) alarm for (?:[1-5]|12)(?:[:.][0-5][0-9])?\b(?! ?(?:pm|p\.m\.))[^\n]{0,40}?"
    r"\b(?:call|calling|ring|ringing|phone|phoning|visit|knock|come)",
    cached=False,
)
_PRODUCT_SETTLE = lazy_compile(
    r"\b(?:logbook|payday|title|car title|pawn|doorstep|short-?term|instant|quick|emergency|salary"
    r" advance|cash advance) loans?\b[^\n]{0,80}?\b(?:settle us|pay us|clear (?:us|this)|square us"
    r"|settle (?:this|the balance|up)|pay (?:this|the balance) off)",
    cached=False,
)
_POINTS_RATE = lazy_compile(
    r"\b(?:vig|vigorish|juice|interest|rate|charge|fee|vigs)\b[^.!?\n]{0,15}?\b(?:[0-9]+(?:\.[0-9]+)?|one"
    r"|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty) (?:points?|pts) (?:a|per"
    r"|each|every) (?:day|week|month|fortnight|wk)\b",
    cached=False,
)


def _points_rate_spans(norm: Normalized) -> list[tuple[int, int]]:
    if _APR_WORD.search(norm.light):
        return []
    return [_dense_of_light(norm, *m.span()) for m in _POINTS_RATE.finditer(norm.light)]


# A second gate for the readers whose gate words are common ("just", "your", "no", "se"): the
# reader runs only where the dense view also holds a word every match of its pattern holds (or
# the pattern's digit-then-"am" clock), so the same finds for far fewer runs on English text.
_DIGIT_AM = re.compile(r"[0-9]am")  # "2 a.m.", "1:30am", "12 am" in the dense view
_DIGIT = re.compile(r"[0-9]")
_PERIOD_WORDS = ("day", "daily", "week", "wk", "month", "mth", "fortnight")
_TINY_ENDS = (
    "nothingelse",
    "thatsit",
    "thatsall",
    *(
        lead + tail
        for lead in ("zero", "no", "0")
        for tail in ("doc", "paper", "payslip", "proof", "questionsasked", "checks")
    ),
    "eligible",
    "qualify",
    "yourein",
    "canborrow",
    "youreapproved",
    "youregood",
    "yourecovered",
)


def _needing(
    words: tuple[str, ...],
    reader: Callable[[Normalized], list[tuple[int, int]]],
    clock: bool = False,
) -> Callable[[Normalized], list[tuple[int, int]]]:
    """``reader``, run only when one of ``words`` (or, with ``clock``, a digit then "am") is
    in the dense view: each is held by every match of the reader's pattern."""

    def spans(norm: Normalized) -> list[tuple[int, int]]:
        dense = norm.dense
        if any(word in dense for word in words) or (clock and _DIGIT_AM.search(dense)):
            return reader(norm)
        return []

    return spans


_HUNDREDTHS = ("cent", "pence", "kobo", "paise")  # (the hundredths said in words: session 44)


def _unit_rate_gated(norm: Normalized) -> list[tuple[int, int]]:
    """A rate per unit or per term holds a figure and a period word; a figure said only in words
    (the hundredths: "five cents on the dollar a month") counts where the rate reader has not
    already priced the message (it says the quote once)."""
    dense = norm.dense
    if not any(word in dense for word in _PERIOD_WORDS):
        return []
    if _DIGIT.search(dense):
        return _unit_rate_spans(norm)
    if not any(u in dense for u in _HUNDREDTHS):
        return []
    spans = _unit_rate_spans(norm)
    if spans:
        from loancs.core.compliance.rates import read_rates  # a priced quote: the rate rules say it

        if read_rates(norm.original):
            return []
    return spans


def _track_next_gated(norm: Normalized) -> list[tuple[int, int]]:
    """A track record ends with "next" or "you're / you'll be number (no, #) N"."""
    dense = norm.dense
    if (
        "next" in dense
        or "#" in norm.light
        or any(word in dense for word in ("youre", "youare", "youllbe", "youwillbe"))
    ):
        return _TRACK_NEXT_READER(norm)
    return []


_TRACK_NEXT_READER = _light_reader(_TRACK_NEXT)


# Session 36 (helper english): acts as FRAMES. Each reader finds an anchor of the act's shape
# and keeps it only where the rest of the frame is in the same message (a loan offer, a debt or
# a deadline) and, for menaces, where no lawful step is named. Light view; gated (below).
_E36_LOAN = lazy_compile(
    r"\b(?:loans?|borrow\w*|lend\w*|credit|cash|money|funds?|approv\w*|qualif\w*|eligible|apply|application"
    r"|payout|disburse\w*|cheques?|requirements?)\b|(?:[$£€₹₦]|\brs\.? ?|\bn)[0-9]|\b[0-9][0-9,.]*k?\b ?(?:naira|rupees|lakh|bucks)",
    cached=False,
)
_E36_DEBT = lazy_compile(
    r"\b(?:pay|paid|paying|payment|balance|owe[sd]?|owing|debt|arrears|overdue|loan|account|settle|clear"
    r"|money|instal+ment|dues?)\b",
    cached=False,
)
# THRESHOLD: one trivially held thing as the whole requirement ("Got a phone and a pulse? You're
# approved", "If you can read this text, you qualify", "One selfie. That's it.").
_E36_TRIVIAL = (
    r"(?:(?:smart)?phone|mobile|cell ?phone|pulse|heartbeat|gmail(?: account)?|e-?mail(?: address| account)?"
    r"|whatsapp|facebook(?: account)?|instagram|tiktok|sim(?: card)?|selfie|photo|id(?: card)?|ic|nin|bvn"
    r"|aadhaar(?: card)?|pan card|bank account|account|bank card|debit card|name|number|thumb ?print|face"
    r"|signature|postcode|address|wifi|data plan|email)"
)
_E36_THRESHOLD = lazy_compile(
    rf"\b(?:got|own|have|has|you got|do you have|you have)(?: a| an| your)? {_E36_TRIVIAL}"
    rf"(?: and (?:a |an |your )?{_E36_TRIVIAL})?\s*\?[^?]{{0,60}}?\b(?:you{_AP}?re (?:approved|in|eligible|sorted"
    rf"|covered|good)|you are (?:approved|in|eligible)|you qualify|you{_AP}ve got (?:a |the |your )?(?:loan|cash"
    r"|money)|then you(?:'ve| have) got|that(?:'s| is) (?:it|all|(?:literally |genuinely |really )?the only)"
    r"|the only (?:requirement|thing)|(?:it'?s|loan'?s|money'?s|cash'?s) yours)"
    r"|\bif you can (?:read|see|open|type|reply to|answer) (?:this|these|my)\b[^.!?]{0,30}?\byou"
    r"(?:'re| are)? (?:qualify|approved|eligible|in)"
    rf"|\b(?:one|a|just a|just one|only a|only one) {_E36_TRIVIAL}[.!]+ that(?:{_AP}s| is) (?:it|all)\b"
    rf"|\b(?:that(?:{_AP}s| is)|is|are) (?:literally |genuinely |really |honestly )?(?:the|our) (?:(?:whole|entire)"
    r" (?:loan )?(?:application|form|paperwork|process)|only (?:requirement|thing (?:we|you) need|document))\b"
    rf"|\b{_E36_TRIVIAL}\?[^.!?]{{0,20}}?\b(?:that|this|it)(?:{_AP}s| is) (?:literally |genuinely |really )?the only"
    r" (?:requirement|thing)",
    cached=False,
)


_e36_threshold = _light_reader(_E36_THRESHOLD, needs=_E36_LOAN)


# LURE as a life-style: a life's good or a reason to spend (a trip, a phone, a season, "you
# deserve", "life's too short") with a loan offered to the reader in the same message.
_E36_LIFE = lazy_compile(
    r"\b(?:holidays?|vacation|beach|ibiza|bali|dubai|goa|phuket|cancun|vegas|maldives|mykonos|getaway"
    r"|trip|festival|business class|first class|economy seats?|iphone|new phone|ps5|xbox|trainers|sneakers"
    r"|designer|handbag|wedding season|party season|festive season|look the part|sparkle|you deserve|deserve"
    r" (?:it|that|this|the|a|better)|treat yourself|life['’]?s too short|life is too short|yolo|why wait|why should"
    r" [a-z]+ wait|live (?:a little|your best life|large)|your (?:mates|friends) are all|everyone else is|don't miss"
    r" out|fomo|new ride|upgrade your|slay)\b",
    cached=False,
)
_E36_OFFER = lazy_compile(
    r"\b(?:borrow|grab|get|take|unlock) (?:up to|a loan|a quick loan|an instant loan|the cash|cash|now|today"
    r"|instantly|it now)\b|\b(?:quick|instant|fast|easy) (?:loan|cash)s? (?:from us|in minutes|today|now)"
    r"|\bloan in minutes\b|\bborrow (?:[$£€₹₦]|rs\.? ?)?[0-9]|\bsort the money later\b",
    cached=False,
)
_E36_ADVICE = lazy_compile(
    r"\b(?:saving up|save up|only borrow what|afford to repay|can afford|think twice|responsibl[ey]"
    r"|cheaper than borrowing|irresponsible|ads? (?:telling|that tell|saying))\b",
    cached=False,
)


def _e36_lure(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if _E36_ADVICE.search(light) or not _E36_OFFER.search(light):
        return []
    return _light_finds(norm, _E36_LIFE)


# INSIDER by relation: someone inside the decision tied to the speaker (my brother-in-law, my
# kid's godmother, "I golf with the branch manager") and the outcome told as certain.
_E36_REL = lazy_compile(
    r"\b(?:my|me) (?:own |old |kid'?s |son'?s |daughter'?s |wife'?s |husband'?s )?(?:brother|sister|cousin|uncle"
    r"|aunt|auntie|aunty|mate|friend|pal|buddy|bro|wife|husband|missus|in-laws?|brother-in-law|sister-in-law"
    r"|father-in-law|mother-in-law|godmother|godfather|godparent|neighbou?r|son|daughter|dad|mum|mom|nephew"
    r"|niece|schoolmate|classmate|best friend|homeboy|guy|boy|padi|paddy|bredda|chap|church sister"
    r"|church brother)\b|\bi (?:golf|play golf|drink|play (?:squash|golf|cards|poker|snooker|pool|five-a-side)"
    r"|went to school|grew up|go to church|go fishing|train|trained|studied|served|worked) with\b"
    r"|\bowes? me\b|\bis my (?:[a-z']+ ){0,2}(?:godmother|godfather|cousin|friend|mate|uncle|aunt|brother"
    r"|sister|neighbou?r|in-law)",
    cached=False,
)
_E36_INSIDE = lazy_compile(
    r"\b(?:signs?|signed|signing) off (?:on )?(?:the |all the |our )?(?:loans?|applications?|approvals?)"
    r"|\bapproves? (?:the |all the )?(?:loans?|applications?)|\b(?:branch|bank|credit|loans?|lending) (?:manager"
    r"|officer|boss|director|head)\b|\bunderwrit\w*|\bapprovals?\b|\bcredit (?:committee|desk|team|department)"
    r"|\bdecision desk\b|\brisk (?:team|department|desk)\b|\bdecides? (?:the loans|who gets)",
    cached=False,
)
_E36_CERTAIN = lazy_compile(
    r"\byou(?:'ll|’ll| will) be (?:grand|fine|sorted|alright|all right|good|okay|ok|golden|laughing)\b"
    r"|\b(?:yours|it|yours'll|your (?:application|loan|form))(?:'ll|’ll| will)? (?:go|sail|get|slide|glide|breeze)"
    r" through\b|\byours(?:'ll|’ll) go\b|\b(?:basically|as good as|practically) (?:done|sorted|yours)\b"
    r"|\bconsider it (?:done|sorted|yours)\b|\bleave it (?:with|to) me\b|\bno wahala\b|\bi(?:'ll|’ll| will) (?:sort"
    r" it|sort you|get you (?:in|through|approved|sorted))|\bpush (?:it|yours|you|your (?:application|loan))"
    r" through\b",
    cached=False,
)


def _e36_insider(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if not _E36_INSIDE.search(light) or not _E36_CERTAIN.search(light):
        return []
    return _light_finds(norm, _E36_REL)


# GUARANTEE as a notice: credit opened, set aside or ticked in the reader's name, or waiting
# to be claimed, to someone who has not applied ("a $4,500 line of credit has been opened in
# your name", "no application needed", "Dem don tick your name for approval").
_E36_NOTICE = lazy_compile(
    r"\b(?:line of credit|credit line|credit limit|loan|limit|cash|money|funds|cheque|check|[0-9][0-9,.]*k?)"
    r" (?:[a-z0-9$£€₹₦,.']+ ){0,3}?(?:has|have|'s|’s|is|was) (?:been |already been |now been |just been |already )?"
    r"(?:opened|set aside|reserved|earmarked|allocated|activated|unlocked|pre-?loaded|put aside|ring-?fenced"
    r"|cut|written out|made out) (?:in your name|for you|under your name|with your name on it|in ur name)\b"
    r"|\b(?:waiting|ready|sitting there) for you to (?:claim|collect|grab|accept|pick)"
    r"|\bno (?:application|applying|forms?) (?:needed|required|necessary)\b|\bwithout (?:an |any )?application\b"
    r"|\bno need to apply\b|\btick(?:ed)? your name for (?:approval|the loan)\b"
    r"|\b(?:your )?(?:loan|money|cash|approval|credit) (?:don|done) (?:set|ready|land|enter|drop|approve)\b"
    r"|\bwith your name on it\b|\bwe(?:'ve|’ve| have)? (?:already |just )?(?:earmarked|reserved|set aside|put aside"
    r"|opened|activated|unlocked|ring-?fenced) (?:a |an |your )?[^.!?]{0,30}?(?:for you|in your name)\b",
    cached=False,
)


_e36_notice = _light_reader(_E36_NOTICE, needs=_E36_LOAN)


# OPEN MENACE: an unnamed consequence with a deadline or a debt, and no lawful step named.
_E36_VAGUE = lazy_compile(
    r"\b(?:don't|do not|dont|don’t) be surprised (?:at |by |when |if )?(?:what|whatever)|\bwhat(?:ever)? happens"
    r" (?:next|after that|then)\b|\bwhat comes next\b|\byou (?:go|will|'ll|’ll) see wetin\b|\bwetin you never"
    r" see\b|\bthe (?:easy|nice|hard|other|difficult) way\b|\b(?:wouldn'?t|would not|widnae|wouldnae|wudnae"
    r"|wouldna|wouldn’t) (?:leave|wait|ignore|push|sit on|let) [^.!?]{0,40}?if (?:i|ah) (?:was|were|wis)"
    r" (?:you|ye)\b|\bout of (?:my|our) hands\b|\bhow long your luck\b|\bthings (?:will|could|might|are going"
    r" to|'ll|’ll) get (?:complicated|messy|ugly|nasty|difficult|interesting|serious|very real)\b|\bit(?:'ll|’ll"
    r"| will| could| can) get (?:complicated|messy|ugly|nasty|interesting)\b|\byou(?:'ve| have) been warned\b"
    r"|\bconsider yourself warned\b|\bwe(?:'ll|’ll| will) see about that\b|\bnot (?:as|so) (?:nice|friendly"
    r"|polite|patient)\b|\bjust (?:so|remember) you know what (?:happens|comes)",
    cached=False,
)
_E36_LAWFUL = lazy_compile(
    r"\b(?:late (?:fee|charge|payment fee)|fees?|charges?|credit (?:reference|bureau|file|report|record|score)"
    r"|court|county court|ccj|judg(?:e)?ment|proceedings|payment plan|repayment plan|instal+ment plan|write to"
    r"|letter|collection agency|debt collection|solicitor|legal action|default notice|notice of default"
    r"|stepchange|citizens advice|ombudsman|plan|arrangement|affordable|afford)\b",
    cached=False,
)


def _e36_menace(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if _E36_LAWFUL.search(light):
        return []
    found = [m.span() for m in _E36_VAGUE.finditer(light)]
    if not found or not (_E36_DEBT.search(light) or _E36_WHEN.search(light)):
        return []
    return [_dense_of_light(norm, *s) for s in found]


_E36_WHEN = lazy_compile(
    r"\b(?:by|before|after|till|until|this|next|another) (?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|tonight|tomorrow|the weekend|weekend|week|month|noon|midnight|end of)|\blast chance\b|\belse\b",
    cached=False,
)
# A CHILD'S ROUTINE named to the borrower: a place or time of the child's day with the speaker
# watching or around ("Does Ethan still walk home past the park on his own? We noticed.").
_E36_ROUTINE = lazy_compile(
    r"\bwalks? (?:home|to school|back from school)\b|\bschool (?:run|bus|gates?|pick-?up|drop-?off)\b"
    r"|\bpick-?up(?:'s|’s| is)? at\b|\bbus drops (?:him|her|them)\b|\b(?:football|swimming|dance|ballet"
    r"|karate|rugby|netball|cricket|piano|music|drama|tuition|after-?school) (?:practice|practise|lessons?"
    r"|class|classes|club|training)\b|\bthe swings\b|\bthe playground\b|\bon (?:his|her|their) own\b",
    cached=False,
)
_E36_WATCH = lazy_compile(
    r"\bwe (?:noticed|saw|spotted|clocked|watched|'ve seen|’ve seen|have seen|'ll be around|’ll be around"
    r"|will be around|'ll be there|’ll be there|will be there)\b|\bwe(?:'ve|’ve| have) been (?:watching|noticing)"
    r"|\b(?:isn't|isnt|isn’t|doesn't|doesnt|doesn’t|don't|dont|don’t) (?:it|he|she|they)\?",
    cached=False,
)


def _e36_child(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if not _E36_WATCH.search(light) or re.search(
        r"\bmy (?:boy|girl|son|daughter|kids?|child)", light
    ):
        return []
    return _light_finds(norm, _E36_ROUTINE)


# A THIRD PARTY by where the borrower knows them, with words between ("the fellas at your gym",
# "Payroll at your hospital", "the lady who does your nails", "the references from your
# application form"), reached or told about the debt.
_E36_THIRD = lazy_compile(
    r"\b(?:the|your|ur) (?:[a-z'’-]+ ){0,3}?(?:at|from|in|down at|on|round) (?:your|ur) (?:gym|work|job|office"
    r"|hospital|school|church|mosque|temple|salon|barbers?|nail bar|local|pub|club|depot|warehouse|site|shop"
    r"|store|factory|firm|company|workplace|uni|college|estate|building|block|street|ward|clinic|bank)\b"
    r"|\b(?:the )?(?:[a-z]+ ){0,2}?(?:who|that) (?:does|do|cuts|cut|did|styles|fixes|teaches|coaches|trains"
    r"|babysits|cleans|delivers|drives|looks after|watches|minds|does up) (?:your|ur)\b"
    r"|\b(?:payroll|hr|accounts|human resources) at (?:your|ur)\b"
    r"|\b(?:the |your )?(?:references|referees|reference contacts)\b"
    r"|\b(?:whole |entire )?(?:family|street|estate|church|office|work|class|school|village|neighbou?rhood|compound"
    r"|building|block|team) (?:whatsapp|facebook|telegram|signal|wechat|group ?chat)(?: group)?\b",
    cached=False,
)
_E36_TOLD = lazy_compile(
    r"\bwe(?:'ve|’ve| have)? (?:been in touch|spoken|talked|chatted|called|rung|phoned|emailed|messaged|texted"
    r"|told|informed|contacted|written|dropped a line|asked)\b|\b(?:chatting|talking|speaking|writing) to\b"
    r"|\bwe told (?:him|her|them)\b|\bhas our (?:paperwork|letter|notice|details|number)\b|\b(?:all )?know"
    r" now\b|\bthey all know\b|\bbeen told\b|\bwe(?:'ll|’ll| will) (?:tell|call|ring|message|inform|contact|let)"
    r"|\bseemed (?:surprised|shocked|interested)\b|\bdocking your wages\b|\bgets? (?:a|an|our) (?:voice note|message"
    r"|post|text|call|letter|email|visit)\b",
    cached=False,
)


_E36_US = lazy_compile(
    r"\bfrom us\b|\bour (?:paperwork|letter|notice)\b|\b(?:all )?know now\b|\bwages\b"
)


def _e36_third(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if not _E36_TOLD.search(light) or not (_E36_DEBT.search(light) or _E36_US.search(light)):
        return []
    return _light_finds(norm, _E36_THIRD)


# POLICE and custody by image or slang not listed before ("Babylon a come fi yuh", "from the
# back of a squad car"); a lender down the road to pay us; the credit file dismissed in other
# words ("We ain't checkin nobody credit", "Credit check? Never heard of it").
_E36_POLICE = lazy_compile(
    r"\bbabylon (?:a |will |gonna |go |de |dey |ah )?(?:come|coming|reach|find|hold|knock|lock|deh pon)"
    r"|\b(?:back of a|back of the|into a|in a) (?:squad|cop|police|patrol) (?:car|van|wagon)\b"
    r"|\bcuffs on (?:you|ya|yuh)\b",
    cached=False,
)
_E36_NOCHECK = lazy_compile(
    r"\b(?:ain'?t|aint|ain’t|don'?t|dont|don’t|no|not|never) (?:checkin'?|checking|check|looking at|pulling)"
    r" (?:nobody|nobody'?s|anybody'?s|anyone'?s|ya|yo|no) ?credit\b"
    r"|\bcredit checks?\?[^.!?]{0,6}\b(?:never heard of (?:it|them|one)|what'?s that|nah|no need|forget it"
    r"|who needs)"
    r"|\bnot your past\b|\bwe can'?t (?:even )?see (?:them|your (?:past|history|score|record))\b",
    cached=False,
)
_E36_BORROW = lazy_compile(
    r"\b(?:ask|see|try|borrow from|get (?:it|some|a loan|a tide-?over) from|go to) (?:the |a |your |that )?"
    r"(?:moneylender|money lender|loan shark|shylock|chit fund|chama|sou-?sou|susu|pawnbroker|pawn shop"
    r"|cash converters)\b[^.!?]{0,60}?\b(?:settle|pay|clear|square) (?:with )?us\b",
    cached=False,
)


# Session 36, second pass (english): frames from the English first-sight misses of author's
# rounds s30-s36 (families, not lines).
_E36_T2 = (
    r"(?:(?:smart)?phone(?: number)?|mobile(?: number)?|number|name|e-?mail(?: address)?|id|ic|nin|bvn|pan"
    r"|pan card|aadhaar|selfie|thumb ?print|debit card|bank card|bank account|account|driver'?s licen[cs]e"
    r"|matric (?:number|card)|student (?:card|id)|sim|whatsapp|face|signature)"
)
_E36_THRESHOLD2 = lazy_compile(
    rf"\b(?:just|only) (?:a |an |your )?{_E36_T2}(?:,? (?:and |plus |&)?(?:a |an |your )?{_E36_T2})+"
    rf"(?: (?:required|needed|is all|are all|to get|and where)|[.!,]|$)"
    rf"|\b{_E36_T2}[.!,] {_E36_T2}[.!,] (?:done|sorted|that'?s it|cash|money|finish)\b"
    rf"|\b{_E36_T2} (?:is|are) all (?:we|you) need\b"
    r"|\bthat(?:'s| is) the whole (?:process|thing)\b|\bnothing (?:else )?to (?:scan|upload|print|fill in)\b"
    r"|\bjust tell us how much\b"
    r"|\bif (?:you(?:'ve| have)? got|you have|you can|your (?:phone|account|number) can|you(?:'re| are) (?:18"
    r"|breathing|alive|over 18)|you can fog)(?P<cond>[^.!?]{0,50}?),? (?:then )?(?:you(?:'ve| have)? got (?:a|the"
    r"|your) (?:loan|cash|money)|you (?:can )?(?:get a loan|qualify\b(?! to apply)|are in|'re in|'re approved)"
    r"|we can get you approved)",
    cached=False,
)
_E36_CHECKS = lazy_compile(
    r"\b(?:income|checks?|credit|afford\w*|payslips?|employ\w*|salary|assess\w*|verif\w*)\b"
)


def _e36_threshold2(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if not _E36_LOAN.search(light):
        return []
    spans = []
    for m in _E36_THRESHOLD2.finditer(light):
        if m.group("cond") is not None and _E36_CHECKS.search(m.group("cond")):
            continue
        spans.append(_dense_of_light(norm, *m.span()))
    return spans


# NO CHECK: the credit file named and waved away, in any order within a sentence.
_E36_FILE = (
    r"(?:credit (?:score|history|record|report|file|check)s?|(?:your |the |a )?score|bureaus?|equifax|experian"
    r"|transunion|cibil|e?cib|cic|crb|cbs|ccris|ctos|bvn (?:history|record)|blacklist(?:ed)?|defaulter"
    r"|bad record|your (?:past|file|report|last mistake)|some number)"
)
_E36_WAVE = (
    r"(?:don't even (?:know how to spell|have a login)|dont even (?:know how to spell|have a login)|no use for"
    r"|doesn't (?:even )?come up|does not come up|keep it|stays shut|never (?:once )?opened|won't go (?:anywhere )?near"
    r"|nowhere near|hindi namin|lagbe na|koi (?:masla|chakkar|tension) nahi|ka koi (?:masla|chakkar)|check (?:hi )?nahi"
    r"|dekhte (?:hi )?nahi|never mind|pun takpe|takpe|okay lang|don't see|dont see|no pull|no inquiry|no trace"
    r"|starts? at zero|is your past|not on|nope|tension mat|tension free|bhi chalega|hata kama|no checks?"
    r"|made up|we don't look at that|we dont look at that)"
)
_E36_NOCHECK2 = lazy_compile(
    rf"\b{_E36_FILE}\b[^.!?]{{0,40}}?\b{_E36_WAVE}|\b{_E36_WAVE}\b[^.!?]{{0,25}}?\b{_E36_FILE}\b"
    rf"|\bnot (?:on |some |your |a |the )?{_E36_FILE}"
    r"|\b(?:care about|look at|lend to|run on|go by|judge) [^.!?]{0,30}?, not (?:some |your |a |the |on )?"
    r"(?:number|score|scores|past|mistakes?|equifax|experian|bureau|credit)",
    cached=False,
)
_E36_MUST_CHECK = lazy_compile(
    r"\b(?:we (?:always|do|will|must|still) (?:check|run|look)|always check|full credit check|without (?:a |checking"
    r"|running)|is required|are required|we check)\b"
    # Hinglish: "hum sabka CIBIL check karte hain", "CIBIL check hota hai" (a rumour answered)
    r"|\bhum\b[^.!?]{0,30}?\bcheck kart(?:e|i|a) (?:hain|hai)\b|\bcheck (?:hota|hoti) hai\b"
)


def _e36_nocheck2(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if _E36_MUST_CHECK.search(light):
        return []
    return _light_finds(norm, _E36_NOCHECK2)


# GUARANTEE: refusal said to never happen, in any register, or the outcome done with only a
# formality left ("yuh loan done pass already, just come and sign").
_E36_NEVER_REFUSE = lazy_compile(
    r"\b(?:never|cyaan|can't|cannot|won't|wont|stopped counting)\b[^.!?]{0,40}?\b(?:turn (?:[a-z]+ )?(?:down|doon"
    r"|dung|away)|(?:get |be )?declined|(?:get |be )?rejected|rejections|bad news|(?:the word )?[\"“]?no[\"”]?"
    r" from us|hear it from us|a payslip (?:they|we) didn't like)"
    r"|\bmore chance of [^.!?]{0,40}? than (?:being |getting )?(?:declined|rejected|turned down)",
    cached=False,
)
_E36_DONE_STATE = lazy_compile(
    r"\b(?:done pass|don pass|good as gold|baked in|came thru|came through already|already processed|is going"
    r" through|definitely come|a come fi yuh|everyting set|everything(?:'s| is) set|loan ni yako|ye'll get it"
    r"|tha'll get it|you'll get it|you're sorted|yuh good|you're in|you'll be grand|signed off|now available"
    r" for you|is waiting|the rest i handle|i handle the rest|sure got|you're getting the full|on my screen"
    r" already|money'll be with you|approval's automatic|approval is automatic|then it's happening)\b",
    cached=False,
)
_E36_FORMALITY = lazy_compile(
    r"\b(?:just (?:come )?(?:and )?sign|come (?:down )?sign only|sign only|just sign|just tap accept|only for you to"
    r" accept|just send (?:your|ur)|just (?:call|ring) me back|quick call back|just drop your|waiting for your yes"
    r"|tap to claim|click to receive|tap to accept|pick a payout date|by friday|tomorrow|monday|nuh worry|no bother"
    r"|nowt to worry|no worries|sweet as|i(?:'m| am) giving you my word|once your id clears|guaranteed)\b",
    cached=False,
)


def _e36_done(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    spans = [_dense_of_light(norm, *m.span()) for m in _E36_NEVER_REFUSE.finditer(light)]
    if _E36_FORMALITY.search(light) and not re.search(
        r"\byour application\b|\byou applied\b", light
    ):
        spans += [_dense_of_light(norm, *m.span()) for m in _E36_DONE_STATE.finditer(light)]
    return spans


# CUSTODY by image or procedure, and the police brought into a civil debt.
_E36_CUSTODY = lazy_compile(
    r"\bbehind glass\b|\bporridge for you\b|\byou(?:'re| are) going down\b|\btake you away in front of\b"
    r"|\bdoing a bid\b|\ba bid upstate\b|\bpolice (?:action|cell)\b|\bsitting in county\b|\bride downtown\b"
    r"|\bcatch a case\b|\bthe guards(?:'ll| will) be\b|\bopen a case (?:at|with) the police\b|\bconstable\b[^.!?]{0,40}"
    r"\b(?:summons|come|coming|arrest)|\bpolice (?:van|car|jeep) (?:go|will|is) (?:carry|take|pick|come)",
    cached=False,
)
# BORROW TO REPAY: another lender, a card, a pawn or a relative's loan, then us.
_E36_SOURCE = lazy_compile(
    r"\b(?:borrow\w*|pawn|hock|pinjam|klarna|afterpay|clearpay|laybuy|credit card|overdraft|401\(?k\)?|gold loan"
    r"|loan apps?|instant-?loan apps?|loan option|(?:a |another )?(?:quick |small )?loan from|lend you|for a loan)\b",
    cached=False,
)
_E36_PAY_US = lazy_compile(
    r"\b(?:pay (?:us|this|it|the (?:balance|rest))(?: off)?|clear (?:us|this|it|the balance)|(?:have )?(?:this|the"
    r"|your) balance cleared|settle (?:us|this|with us|kita)|close (?:this|it) out|square us|be done with us"
    r"|towards us|then come here|send us the|then pay us|pay us off|clear their balance)\b",
    cached=False,
)
_E36_CARD_PAY = lazy_compile(
    r"\b(?:by|with|using|via|through|from) (?:a |your )?(?:credit|debit) card\b|\bdon'?t borrow|\bdo not borrow"
    r"|\bnever borrow|\bavoid borrowing|\binstead of borrowing"
)


_E36_ASKER = lazy_compile(
    r"\b(?:can i|should i|could i|i don'?t|i do not|i'?m|i am|i'?ll|i will|i want)\b"
)


def _e36_borrow2(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if _E36_CARD_PAY.search(light) or _E36_ASKER.search(light) or not _E36_PAY_US.search(light):
        return []
    return _light_finds(norm, _E36_SOURCE)


# SHAMING: an audience (every contact, every letterbox, followers, a public page) and the
# debtor exposed to it.
_E36_AUDIENCE = lazy_compile(
    r"\b(?:every (?:contact|letterbox|door|neighbou?r)|all (?:your |ur )?contacts|(?:whatsapp|family|society|street"
    r"|estate) (?:family )?group|your (?:twitter|facebook|instagram|tiktok|x) (?:followers|friends)|google page"
    r"|a post on|debtor alert|debtor lives here|lives here notice|(?:borrowers|debtors|defaulters) page)\b",
    cached=False,
)
_E36_EXPOSE = lazy_compile(
    r"\b(?:gets? them|will know|(?:'ll|’ll) know|go know|reading your|tag you|share it|leave a review|stick"
    r"|drop a note|message to|fraudster|scammer|your photo|your statement|all about it)\b",
    cached=False,
)


_e36_shame = _light_reader(_E36_AUDIENCE, needs=_E36_EXPOSE)


# A VISIT at night: a visit announced with a night hour or a sleeping street.
_E36_NIGHT = lazy_compile(
    r"\b(?:after|from|round|around|about|at|by|till) (?:9|10|11|12|ten|eleven|midnight)(?:[:.][0-5][0-9])?(?: ?pm"
    r"|-ish)?[^.!?]{0,10}?\btonight\b|\btonight,? (?:after|from|round|around|about|at) (?:9|10|11|12|ten|eleven)\b"
    r"|(?<![0-9:.])(?:9|10|11)(?:[:.][0-5][0-9])? ?pm\b|(?<![0-9:.$£])[1-4](?::[0-5][0-9])? ?am\b|\bat any hour\b"
    r"|\b(?:kids are|street'?s|street is|everyone'?s|neighbou?rs are) asleep\b|\bnights from (?:9|10|11)\b"
    r"|\b(?:round|around|about) (?:11|2|3)(?:-ish)?\b",
    cached=False,
)
_E36_VISIT = lazy_compile(
    r"\b(?:we(?:'ll|’ll| will)|i(?:'ll|’ll| will)|our (?:collector|agent|field [a-z]+|team|officer)|field (?:agent"
    r"|team|visit|officer)s?|collector|visits?)\b[^.!?]{0,60}?\b(?:be (?:there|round|outside|at|in your area)"
    r"|try again|drop by|come|call round|pop round|knock|sat outside|scheduled|covers your area|in your area"
    r"|take place|be sat|wait)\b",
    cached=False,
)


_e36_night = _light_reader(_E36_NIGHT, needs=_E36_VISIT)


# A STUDENT offered a loan by status, token or level.
_E36_STUDENT = lazy_compile(
    r"\b(?:students?|studnts|enrolled|matric (?:number|card)|freshers'?|halls pass|year 1[0-3]|sixth form(?:ers)?"
    r"|class schedule|pelajar|kad pelajar|ptptn|postgrad|first semester|gap year|uni hardship|\.ac\.uk)\b",
    cached=False,
)
_E36_STUDENT_OFFER = lazy_compile(
    r"\b(?:get (?:up to )?(?:[$£€₹₦]|rm|rs\.? ?)[0-9]|up to|grab|instantly|masuk|duit|you(?:'re| are) eligible"
    r"|walk out with|all we need|no (?:cosigner|parent|proof|payslip|credit|need payslip|salary)|borrow instantly"
    r"|sahaja|je,)",
    cached=False,
)
_E36_STUDENT_OK = lazy_compile(
    r"\bnot enough\b|\bproof of income (?:is )?required\b|\bmust show\b|\bwe don't lend\b"
)


def _e36_student(norm: Normalized) -> list[tuple[int, int]]:
    light = norm.light
    if (
        _E36_STUDENT_OK.search(light)
        or _E36_CHECKS.search(light)
        or not _E36_STUDENT_OFFER.search(light)
    ):
        return []
    return _light_finds(norm, _E36_STUDENT)


_S31_READERS: dict[str, tuple[tuple[str, ...], Callable[[Normalized], list[tuple[int, int]]]]] = {
    "work_role": (_WORK_GATE, work_role_spans),
    "student_proof": (_STUDENT_GATE, student_proof_spans),
    "future_you": (_FUTURE_GATE, future_you_spans),
    "police_slang": (
        ("uniform", "blue", "50", "fiveo", "fivezero", "onetime", "popo", "majesty"),
        _light_reader(_POLICE_SLANG),
    ),
    "asked_refused": (("ever",), _light_reader(_ASKED_REFUSED)),
    "borrow_elsewhere": (
        ("app", "advance", "card", "pawn", "hock", "sell", "lender", "overdraft"),
        _light_reader(_BORROW_ELSEWHERE),
    ),
    "why_check": (("why",), _light_reader(_WHY_CHECK)),
    "shame_ready": (
        (
            "ready",
            "printed",
            "drafted",
            "typed",
            "written",
            "scheduled",
            "queued",
            "prepared",
            "goodtogo",
            "setup",
            "loaded",
            "recorded",
            "designed",
        ),
        _light_reader(_SHAME_READY),
    ),
    "not_applicant": (
        (
            "been",
            "refund",
            "complaint",
            "chargeback",
            "return",
            "cancellation",
            "claim",
            "warranty",
        ),
        _not_applicant_spans,
    ),
    "work_told": (_WORK_GATE, _light_reader(_WORK_TOLD)),
    "preapproved": (
        (
            "selected",
            "chosen",
            "picked",
            "congrat",
            "preapproved",
            "prequalified",
            "noapplication",
            "nopaperwork",
            "noform",
        ),
        _light_reader(_PREAPPROVED),
    ),
    "child_routine": (
        (
            "son",
            "daughter",
            "kid",
            "children",
            "littleone",
            "littleboy",
            "littlegirl",
            "twins",
            "youngest",
            "eldest",
        ),
        _light_reader(_CHILD_ROUTINE),
    ),
    "promise_shape": (_PROMISE_GATE, _light_reader(_PROMISE)),
    "track_next": (("next", "number", "no"), _track_next_gated),
    "nocheck_shape": (_NOCHECK_GATE, _light_reader(_NOCHECK)),
    "custody_future": (_CUSTODY_GATE, _light_reader(_CUSTODY)),
    "child_school": (_CHILD_SCHOOL_GATE, _light_reader(_CHILD_SCHOOL)),
    "third_told": (_THIRD_TOLD_GATE, _light_reader(_THIRD_TOLD)),
    "borrow_product": (
        ("overdraft", "card", "credit", "limit", "bnpl", "buynow", "ask"),
        _light_reader(_BORROW_PRODUCT),
    ),
    "night_rounds": (_NIGHT_ROUNDS_GATE, _light_reader(_NIGHT_ROUNDS)),
    "night_call": (
        _NIGHT_CALL_GATE,
        _needing(("baje", "midnight", "midnite"), _light_reader(_NIGHT_CALL), clock=True),
    ),
    "sure_outcome": (_SURE_GATE, _light_reader(_SURE_OUTCOME)),
    "nocheck_contrast": (_NOCHECK2_GATE, _light_reader(_NOCHECK2)),
    "custody_words": (_CUSTODY2_GATE, _light_reader(_CUSTODY2)),
    "third_carry": (_THIRD_CARRY_GATE, _light_reader(_THIRD_CARRY)),
    "child_menace": (
        (
            "son",
            "daughter",
            "kid",
            "children",
            "boy",
            "girl",
            "littleone",
            "youngest",
            "eldest",
            "twins",
        ),
        _light_reader(_CHILD_MENACE),
    ),
    "borrow_any": (
        ("se", "lend"),
        _needing(
            ("sele", "seutha", "semaang", "seudhaar", "seloan", "lendyou"),
            _light_reader(_BORROW_ANY),
        ),
    ),
    "shame_up": (
        ("photo", "picture", "pic", "face", "name", "details", "mugshot"),
        _light_reader(_SHAME_UP),
    ),
    "night_shift": (("nights", "nightshift", "nightduty"), _light_reader(_NIGHT_SHIFT)),
    "unit_rate": (
        (
            "100",
            "hundred",
            "dollar",
            "$1",
            "£1",
            "pound",
            "rupee",
            "naira",
            "shilling",
            "buck",
            "1000",
            "thousand",
            "grand",
            "k",
            "rollover",
            "term",
            "period",
            "cycle",
            "extension",
            "renewal",
            "topup",
            "roll",
        ),
        _unit_rate_gated,
    ),
    "never_no": (("never", "aint", "yours"), _light_reader(_NEVER_NO)),
    "group_debt": (("oneofyour",), _light_reader(_GROUP_DEBT)),
    "night_at_yours": (
        ("yours", "your"),
        _needing(("midnight",), _light_reader(_NIGHT_AT_YOURS), clock=True),
    ),
    "alarm_call": (("alarm",), _light_reader(_ALARM_CALL)),
    "product_settle": (("loan",), _light_reader(_PRODUCT_SETTLE)),
    "points_rate": (("point", "pts"), _points_rate_spans),
    "tiny_ask": (
        ("just", "only", "all", "nothing", "one", "two", "three", "few", "1", "2", "3", "if"),
        _needing(_TINY_ENDS, _tiny_ask_spans),
    ),
    "student_life": (
        (
            "school",
            "sixth",
            "halls",
            "fresher",
            "lecture",
            "timetable",
            "semester",
            "term",
            "atuni",
            "saturdayjob",
            "paperround",
            "digs",
            "studentflat",
            "studenthouse",
            "uniflat",
            "unihouse",
        ),
        _student_life_spans,
    ),
    # session 36 (english): acts as frames
    "e36_threshold": (
        (
            "youreapproved",
            "yourein",
            "youreeligible",
            "youresorted",
            "yourecovered",
            "youregood",
            "youareapproved",
            "youarein",
            "youareeligible",
            "youqualify",
            "youvegot",
            "youhavegot",
            "thatsit",
            "thatsall",
            "thatisit",
            "thatisall",
            "theonly",
            "itsyours",
            "loansyours",
            "moneysyours",
            "cashsyours",
            "canread",
            "cansee",
            "canopen",
            "cantype",
            "canreplyto",
            "cananswer",
            "whole",
            "entire",
            "ouronly",
        ),
        _e36_threshold,
    ),
    "e36_lure": (
        (
            "holiday",
            "vacation",
            "beach",
            "ibiza",
            "bali",
            "dubai",
            "goa",
            "phuket",
            "cancun",
            "vegas",
            "maldives",
            "mykonos",
            "getaway",
            "trip",
            "festival",
            "businessclass",
            "firstclass",
            "economyseat",
            "iphone",
            "newphone",
            "ps5",
            "xbox",
            "trainers",
            "sneakers",
            "designer",
            "handbag",
            "season",
            "lookthepart",
            "sparkle",
            "deserve",
            "treatyourself",
            "tooshort",
            "yolo",
            "whywait",
            "whyshould",
            "livealittle",
            "livelarge",
            "bestlife",
            "mates",
            "friendsareall",
            "everyoneelse",
            "missout",
            "fomo",
            "newride",
            "upgradeyour",
            "slay",
        ),
        _e36_lure,
    ),
    "e36_insider": (
        (
            "youllbe",
            "youwillbe",
            "gothrough",
            "sailthrough",
            "slidethrough",
            "glidethrough",
            "breezethrough",
            "getthrough",
            "yoursllgo",
            "basically",
            "asgoodas",
            "practically",
            "considerit",
            "leaveitwithme",
            "leaveittome",
            "nowahala",
            "illsort",
            "iwillsort",
            "illgetyou",
            "iwillgetyou",
            "pushit",
            "pushyou",
            "pushyour",
        ),
        _e36_insider,
    ),
    "e36_notice": (
        (
            "opened",
            "setaside",
            "reserved",
            "earmarked",
            "allocated",
            "activated",
            "unlocked",
            "preloaded",
            "putaside",
            "ringfenced",
            "beencut",
            "writtenout",
            "madeout",
            "foryouto",
            "noapplication",
            "noapplying",
            "noform",
            "withoutanapplication",
            "withoutanyapplication",
            "withoutapplication",
            "noneedtoapply",
            "tickyourname",
            "tickedyourname",
            "donset",
            "donready",
            "donland",
            "donenter",
            "dondrop",
            "donapprove",
            "doneset",
            "doneready",
            "yournameonit",
        ),
        _e36_notice,
    ),
    "e36_menace": (
        (
            "surprised",
            "happens",
            "comesnext",
            "wetin",
            "easyway",
            "niceway",
            "hardway",
            "otherway",
            "difficultway",
            "ifiwas",
            "ifiwere",
            "ifahwis",
            "ifahwas",
            "outofmy",
            "outofour",
            "yourluck",
            "getcomplicated",
            "getmessy",
            "getugly",
            "getnasty",
            "getdifficult",
            "getinteresting",
            "getserious",
            "getveryreal",
            "beenwarned",
            "yourselfwarned",
            "seeaboutthat",
            "notasnice",
            "notsonice",
            "notasfriendly",
            "notsofriendly",
            "notaspolite",
            "notsopolite",
            "notaspatient",
            "notsopatient",
            "knowwhathappens",
            "knowwhatcomes",
        ),
        _e36_menace,
    ),
    "e36_child": (
        (
            "wenoticed",
            "wesaw",
            "wespotted",
            "weclocked",
            "wewatched",
            "weveseen",
            "wehaveseen",
            "wellbearound",
            "wewillbearound",
            "wellbethere",
            "wewillbethere",
            "beenwatching",
            "beennoticing",
            "isntit",
            "isnthe",
            "isntshe",
            "isntthey",
            "doesntit",
            "doesnthe",
            "doesntshe",
            "doesntthey",
            "dontit",
            "donthe",
            "dontshe",
            "dontthey",
        ),
        _e36_child,
    ),
    "e36_third": (
        (
            "atyour",
            "fromyour",
            "roundyour",
            "atur",
            "fromur",
            "reference",
            "referee",
            "whodoes",
            "thatdoes",
            "whodo",
            "whocuts",
            "thatcuts",
            "whodid",
            "whostyles",
            "whofixes",
            "whoteaches",
            "whocoaches",
            "whotrains",
            "whobabysits",
            "whocleans",
            "whodelivers",
            "whodrives",
            "wholooksafter",
            "whowatches",
            "whominds",
            "whatsapp",
            "facebook",
            "telegram",
            "groupchat",
        ),
        _e36_third,
    ),
    "e36_police": (
        ("babylon", "squad", "cop", "police", "patrol", "cuffs"),
        _light_reader(_E36_POLICE),
    ),
    "e36_nocheck": (
        (
            "nobodycredit",
            "nobodyscredit",
            "anybodyscredit",
            "anyonescredit",
            "yacredit",
            "yocredit",
            "nocredit",
            "neverheardof",
            "whatsthat",
            "forgetit",
            "whoneeds",
            "creditchecknah",
            "creditchecksnah",
            "creditchecknoneed",
            "notyourpast",
            "cantsee",
            "canteven",
            "cannotsee",
        ),
        _light_reader(_E36_NOCHECK),
    ),
    "e36_borrow": (
        (
            "moneylender",
            "loanshark",
            "shylock",
            "chitfund",
            "chama",
            "sousou",
            "susu",
            "pawn",
            "cashconverters",
        ),
        _light_reader(_E36_BORROW),
    ),
    # session 36 (english), second pass
    "e36_threshold2": (
        (
            "just",
            "only",
            "allweneed",
            "allyouneed",
            "wholeprocess",
            "wholething",
            "nothingto",
            "nothingelseto",
            "howmuch",
            "done",
            "sorted",
            "thatsit",
            "youvegot",
            "youhavegot",
            "qualify",
            "youarein",
            "yourein",
            "approved",
            "getaloan",
        ),
        _e36_threshold2,
    ),
    "e36_nocheck2": (
        (
            "score",
            "bureau",
            "equifax",
            "experian",
            "transunion",
            "cibil",
            "cib",
            "cic",
            "crb",
            "cbs",
            "ccris",
            "ctos",
            "bvn",
            "blacklist",
            "defaulter",
            "badrecord",
            "yourpast",
            "yourfile",
            "yourreport",
            "lastmistake",
            "somenumber",
            "credithistory",
            "creditrecord",
            "creditreport",
            "creditfile",
        ),
        _e36_nocheck2,
    ),
    "e36_done": (
        (
            "never",
            "cyaan",
            "cant",
            "cannot",
            "wont",
            "stoppedcounting",
            "morechance",
            "donepass",
            "donpass",
            "goodasgold",
            "bakedin",
            "camethru",
            "camethrough",
            "alreadyprocessed",
            "goingthrough",
            "definitely",
            "afi",
            "everytingset",
            "everythingsset",
            "everythingisset",
            "niyako",
            "yellgetit",
            "thallgetit",
            "youllgetit",
            "youresorted",
            "yuhgood",
            "yourein",
            "youllbegrand",
            "signedoff",
            "nowavailable",
            "iswaiting",
            "resti",
            "ihandle",
            "suregot",
            "yourgettingthefull",
            "youregettingthefull",
            "onmyscreen",
            "moneyllbe",
            "approvalsautomatic",
            "approvalisautomatic",
            "itshappening",
        ),
        _e36_done,
    ),
    "e36_custody": (
        (
            "behindglass",
            "porridge",
            "goingdown",
            "takeyouaway",
            "bid",
            "policeaction",
            "policecell",
            "incounty",
            "ridedowntown",
            "catchacase",
            "guards",
            "openacase",
            "constable",
            "policevan",
            "policecar",
            "policejeep",
        ),
        _light_reader(_E36_CUSTODY),
    ),
    "e36_borrow2": (
        (
            "payus",
            "paythis",
            "payit",
            "paythe",
            "clearus",
            "clearthis",
            "clearit",
            "clearthe",
            "balancecleared",
            "settleus",
            "settlethis",
            "settlewithus",
            "settlekita",
            "closethisout",
            "closeitout",
            "squareus",
            "donewithus",
            "towardsus",
            "comehere",
            "sendusthe",
            "theirbalance",
        ),
        _e36_borrow2,
    ),
    "e36_shame": (
        (
            "everycontact",
            "everyletterbox",
            "everydoor",
            "everyneighbo",
            "contacts",
            "group",
            "followers",
            "googlepage",
            "apost",
            "debtoralert",
            "liveshere",
            "page",
        ),
        _e36_shame,
    ),
    "e36_night": (
        ("tonight", "pm", "am", "anyhour", "asleep", "nightsfrom", "round", "around", "about"),
        _e36_night,
    ),
    "e36_student": (
        (
            "student",
            "studnt",
            "enrolled",
            "matric",
            "fresher",
            "hallspass",
            "year1",
            "sixthform",
            "classschedule",
            "pelajar",
            "ptptn",
            "postgrad",
            "firstsemester",
            "gapyear",
            "unihardship",
            "acuk",
        ),
        _e36_student,
    ),
}


# Session 49 (recall): a one-off percentage fee taken from the payout, with no APR anywhere in the
# message (the built-in ``upfront_fee``): a percentage, a word of a fee and a word of taking it
# before or out of the payout in one sentence; a late or periodic charge is not one (the rate
# reader prices periodic ones), nor a discount.
_UPFRONT_PCT = lazy_compile(
    r"(?<![0-9.,])(?:[0-9]{1,2}(?:\.[0-9]+)?\s?(?:%|per ?cent\b|pc\b)"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)(?: and a half)?"
    r"(?: per ?cent| percent)\b)",
    cached=False,
)
_UPFRONT_TAKE = lazy_compile(
    r"deduct|withh[eo]ld|retain|netted|knocked off|taken off|take off|comes? off|off the top|cut from"
    r"|kept back|held back|hold back|we keep|we take|we'll take|we will take|upfront|up front|up-front"
    r"|one-?time|one-?off|before (?:payout|disburs|release|the money|we pay|you receive|it reaches"
    r"|the funds|funds)|(?:at|on|upon) (?:payout|disburs|release)|(?:from|off|out of) (?:the |your )?"
    r"(?:payout|disburs|principal|loan|sanctioned|amount)|goes to (?:processing|admin|fees?)"
    r"|recovered from|kaltas|kaat|kat lenge|subtract|adjusted before|before credit|less than the (?:approved|sanctioned|loan)"
    r"|(?:is|gets|are) released|pay you the rest|the rest (?:is|goes|hits|lands)|the balance is (?:sent|paid|credited)",
    cached=False,
)
_UPFRONT_FEE = lazy_compile(
    r"fee|charge|admin|processing|documentation|appraisal|origination|insurance|service|handling"
    r"|commission|levy|deduction|\bcut\b|\bcost\b|set-?up|initiation|login|file charges?",
    cached=False,
)
_UPFRONT_NOT = lazy_compile(
    r"late|penalt|overdue|default|bounce|returned|cashback|discount|\bsave|interest|per (?:day|week"
    r"|month|annum|year)|a (?:day|week|month|year)\b|monthly|daily|weekly|each month|every month"
    r"|deposit|tax|vat\b|gst\b",
    cached=False,
)
_UPFRONT_SENTENCE = lazy_compile(r"(?:[^.;!?\n]|\.(?=[0-9]))+", cached=False)


def upfront_fee_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a one-off percentage fee taken from the payout (``upfront_fee``)."""
    light = norm.light
    if ("%" not in light and "cent" not in light and "pc" not in light) or _APR_SAID.search(light):
        return []
    found = []
    for s in _UPFRONT_SENTENCE.finditer(light):
        body = s.group()
        if not (_UPFRONT_TAKE.search(body) and _UPFRONT_FEE.search(body)) or _UPFRONT_NOT.search(
            body
        ):
            continue
        for m in _UPFRONT_PCT.finditer(body):
            figure = re.match(r"[0-9.]+", m.group())
            if figure and float(figure.group().rstrip(".") or 0) < 2:
                continue  # ("a 1% origination fee is deducted": a disclosure of a small fee)
            found.append(_dense_of_light(norm, s.start() + m.start(), s.start() + m.end()))
    return found


_S31_READERS["upfront_fee"] = (
    ("fee", "charge", "admin", "processing", "percent", "deduct", "payout", "disburs", "pc"),
    upfront_fee_spans,
)


# Session 50 (recall): rates in units the rate reader does not price, with no APR anywhere in the message: a
# monthly rate in basis points ("150 basis points a month", ``bps_rate``) and a percentage per crop season or
# payable at harvest ("20% on the input loan, payable at harvest", ``season_rate``), each in one sentence.
_BPS_RATE = lazy_compile(
    r"(?<![0-9.,])[0-9]{1,4}(?:\.[0-9]+)?\s?(?:basis points?|bps|bp)\b", cached=False
)
_BPS_PERIOD = lazy_compile(
    r"\b(?:a|per|each|every) month\b|\bmonthly\b|\b(?:a|per|each|every) (?:day|week)\b|\bdaily\b|\bweekly\b",
    cached=False,
)
_SEASON_PCT = lazy_compile(
    r"(?<![0-9.,])[0-9]{1,2}(?:\.[0-9]+)?\s?(?:%|per ?cent\b|percent\b)", cached=False
)
_SEASON_WORD = lazy_compile(
    r"\b(?:harvest|harvests|harvesting|crop season|growing season|planting season|the season|a season|per season|each season"
    r"|after the (?:[a-z]+ )?season|when the crop|crop is sold|crop sales?|after the crop)\b",
    cached=False,
)


def _unit_rate_reader(
    norm: Normalized, figure: LazyPattern, unit: LazyPattern
) -> list[tuple[int, int]]:
    light = norm.light
    if _APR_SAID.search(light):
        return []
    found = []
    for s in _UPFRONT_SENTENCE.finditer(light):
        body = s.group()
        if unit.search(body) is None:
            continue
        for m in figure.finditer(body):
            found.append(_dense_of_light(norm, s.start() + m.start(), s.start() + m.end()))
    return found


def bps_rate_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a rate in basis points a period (``bps_rate``)."""
    return _unit_rate_reader(norm, _BPS_RATE, _BPS_PERIOD)


def season_rate_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Dense spans of a percentage per crop season or at harvest (``season_rate``)."""
    if "%" not in norm.light and "cent" not in norm.light:
        return []
    return _unit_rate_reader(norm, _SEASON_PCT, _SEASON_WORD)


_S31_READERS["bps_rate"] = (("basispoint", "bps", "bp"), bps_rate_spans)
_S31_READERS["season_rate"] = (("harvest", "season", "crop"), season_rate_spans)

# Session 37 (english): English frames over one clause reader's roles, gated like the readers above.
_S31_READERS.update(en_clause.READERS)

_S31_GATES: list[Any] = []


def _s31_gates() -> Any:
    """The readers' gate words in one automaton (built once a process; not in the rules cache)."""
    if not _S31_GATES:
        automaton = ahocorasick.Automaton()
        words: dict[str, list[str]] = {}
        for name, (gate, _) in _S31_READERS.items():
            for word in gate:
                words.setdefault(word, []).append(name)
        for word, names in words.items():
            automaton.add_word(word, tuple(names))
        automaton.make_automaton()
        _S31_GATES.append(automaton)
    return _S31_GATES[0]


def free_readings(
    norm: Normalized, zero_spans: Iterable[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(free_charged, free_claim) of an English message: the charges with a sum or a percentage
    in a message that claims zero interest ("Zero interest: we only charge a 15% setup fee"),
    and the claims that stand as a lure (no APR stated anywhere, no word that nothing else is
    charged: "0% interest and no arrangement fee: you repay exactly what you borrow" is none)."""
    light = norm.light
    claims = list(zero_spans)
    claims += [_dense_of_light(norm, *m.span()) for m in _NO_INTEREST.finditer(light)]
    if not claims or _APR_SAID.search(light):
        return [], []
    charged = []
    for m in _CHARGED.finditer(light):
        amount = m.group("a1") or m.group("a2") or m.group("a3")
        if not any(ch in "123456789" for ch in amount):
            continue  # "$0 fee", "0% fee"
        if ("%" in amount or "cent" in amount) and _PERIOD_NEAR.search(
            light, max(0, m.start() - 24), m.end() + 24
        ):
            continue  # "a 0.7% fee per instalment": the rate-quote readers price it with its APR
        clause = max(light.rfind(ch, 0, m.start()) for ch in ",.;:!?(") + 1
        if _CHARGE_NOT.search(light, clause, m.start()):
            continue  # "no $5 fee", "without a 2% charge"
        span = _dense_of_light(norm, *m.span())
        if span[0] < span[1]:
            charged.append(span)
    if charged:
        return sorted(charged), sorted(claims)
    if _NOTHING_CHARGED.search(light):
        return [], []
    return [], sorted(claims)


_CREDIT_EARLIER = lazy_compile(
    r"credit|bureau|experian|equifax|transunion|cibil|ctos|ccris|crb|fico|score|knocked back|soft search|hard search"
    r"|\brecord|\bhistory"
    r"|turned (?:you )?(?:down|away)|rejected|declined|refused|defaults?\b|ccjs?\b|bankrupt|arrears"
)


# Approval told as a count of cases, in the dense view (folded, no punctuation):
#   十个有十个都放了, 十个里有九个半当天就放了, 二十单二十单全过了 (N then nearly N, then a verb of
#   success with no negator before it); 做一单成一单, 送一件过一件; 一笔都没被打回过, 一个也没被拒过;
#   个个都下来了, 全走通了.
_TALLY_COUNTERS = "个单件笔位"  # a tally needs one (each a str.find: faster than a regex)
_TALLY_NUM = r"[0-9]{1,3}|[一二两三四五六七八九十百几]{1,3}"
_TALLY_DONE = (
    r"下来|下了|下款|放了|放款|批了|批下|批出|过了|到账|拿到|走通|通过|成了|搞定|办下|过审"
)
_TALLY = lazy_compile(
    rf"(?P<n>{_TALLY_NUM})(?P<c>[个单件笔位])(?:人|客户|里面|里|中|当中)?[^没不未冇唔拒别]{{0,3}}?"
    rf"(?:有|就有)?(?P<m>{_TALLY_NUM})(?P=c)半?(?:人|客户)?[^没不未冇唔拒别]{{0,6}}?(?:{_TALLY_DONE})"
    r"|[送报做办交提递进申]一(?P<c2>[个单件笔])就?[过成下批放中]一(?P=c2)"
    # (也 may go unsaid after a count: 二十多个客户，一个没被拒; not 有/只/就 一个没…, one case of many)
    r"|(?:一[个单件笔](?:都|也)|(?<![有只就第仅])一[个单件笔])(?:没有|没|冇|未)(?:被)?(?:打回|退回|驳回|卡|拒|退|黄|掉|失手|翻车|砸)"
    # the verb first: 没卡过一单, 从来没拒过一个客户, 冇卡過一單
    r"|(?:没有|没|冇|未|从未)(?:被)?(?:打回|驳回|卡|拒|黄|掉|失手|翻车|砸)(?:掉|了)?过一[个单件笔次](?!一|符合|合格|达标|满足|资质)"
    # (not 已全部通过, a notice of the outcome; not 全过了一遍, a reading)
    r"|(?<!已)(?<!已经)(?:个个|人人|单单|件件|笔笔|全都|全部|全|统统|通通)都?(?:顺利)?(?:"
    + _TALLY_DONE
    + r")(?!程|一遍|一下|目|滤)"
)
_TALLY_COUNT = {"几": 10, "十几": 15, "几十": 30}


def _tally_count(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    if raw in _TALLY_COUNT:
        return _TALLY_COUNT[raw]
    digits = HANZI_NONZERO
    if raw in digits:
        return digits[raw]
    if raw.endswith("百"):
        head = raw[:-1]
        return 100 * (digits.get(head, 1) if head else 1) if len(head) <= 1 else None
    if "十" in raw:
        tens, _, units = raw.partition("十")
        if (tens and tens not in digits) or (units and units not in digits):
            return None
        return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)
    return None


def tally_spans(dense: str) -> list[tuple[int, int]]:
    """Dense spans where approval is told as a count of cases (the built-in concept
    ``tally``): N cases and (nearly) all N approved, one approved for each one sent, not one
    refused, every one approved."""
    spans = []
    for m in _TALLY.finditer(dense):
        if m.group("n") is not None:
            n, got = _tally_count(m.group("n")), _tally_count(m.group("m"))
            if n is None or got is None or n < 5 or got > n or got < n * 0.8:
                continue
        spans.append((m.start(), m.end()))
    return spans


# A Latin part of two letters ("ur" of "ur ", "ma", "ex", "hr") is found inside most English
# words ("your", "hour", "make", "next"): each find is a walk in Python. Such a prefix or stem
# is indexed whole with its partner ("ur mum", "your ma"): same answers, ~1.2% fewer
# instructions a check on English text (session 36), a few kB more cache.
_SHORT_LATIN = 3


def _split_parts(
    concept: Concept, cid: int, parts: dict[str, list[tuple[int, int]]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Put a prefixed concept's prefixes and stems in ``parts`` (key -> [(kind, cid)]: 0 a
    prefix, 1 a stem, 2 an excluded term's stem). A pair whose folded halves do not make the
    folded term (folding may read two characters as one) and a pair with a half of one
    character or none are returned whole, as (terms, excluded terms) to index as written."""
    prefixes = [(p, fold_dense(p)) for p in concept.prefixes]
    # a part of one character (你, 去, 要) is found in most messages: not worth its walk
    apart = [
        (p, k) for p, k in prefixes if len(k) > 1 and not (k.isascii() and len(k) < _SHORT_LATIN)
    ]
    whole: tuple[list[str], list[str]] = ([], [])
    for kind, words in ((1, concept.stems), (2, concept.exclude_stems)):
        for word in words:
            whole[kind - 1].extend(p + word for p, k in prefixes if (p, k) not in apart)
            key = fold_dense(word)
            if (
                len(key) < 2
                or (key.isascii() and len(key) < _SHORT_LATIN)
                or any(fold_dense(p + word) != k + key for p, k in apart)
            ):
                whole[kind - 1].extend(p + word for p, _ in apart)
                continue
            for k, part in ((kind, key), *((0, pk) for _, pk in apart)):
                bucket = parts.setdefault(part, [])
                if (k, cid) not in bucket:
                    bucket.append((k, cid))
    return tuple(dict.fromkeys(whole[0])), tuple(dict.fromkeys(whole[1]))


_COMMON_ABBREVIATIONS = frozenset(
    {"hr", "pm", "qq", "ps", "tv", "ktv", "gps", "sms", "pc", "mv", "dj", "pk", "nb", "wc", "mm"}
)


# the last message's runs (a check reads them twice: for concepts, then for phrases)
# (one tuple, read and replaced whole: safe across threads)
_LAST_RUNS: list[tuple[Any, list[tuple[int, int]]]] = [(None, [])]


def _initial_runs(norm: Normalized) -> list[tuple[int, int]]:
    """The runs of Latin consonants that may be typed initials: not a common abbreviation,
    and standing apart from Latin words in the original ("sfz" in "有sfz就能")."""
    last = _LAST_RUNS[0]
    if last[0] is norm:
        return last[1]
    dense = norm.dense
    runs = [
        r
        for r in pinyin.consonant_runs(dense, latin_runs(dense))
        if dense[r[0] : r[1]] not in _COMMON_ABBREVIATIONS
    ]
    if runs:
        text, dmap = norm.original, norm.dense_map
        runs = [
            r
            for r in runs
            if not (dmap[r[0]] > 0 and _latin(text[dmap[r[0]] - 1]))
            and not (dmap[r[1] - 1] + 1 < len(text) and _latin(text[dmap[r[1] - 1] + 1]))
        ]
    _LAST_RUNS[0] = (norm, runs)
    return runs


def initial_matches(
    norm: Normalized, automaton: ahocorasick.Automaton
) -> Iterator[tuple[int, int, Any]]:
    """Dense spans where typed pinyin initials stand for a term ("有sfz就能dk", "bkzx"):
    each match holds at least one letter of a run of Latin consonants, and every such run
    must be wholly spelt out by matches, or it is an ordinary abbreviation. Automaton values:
    (length, ((x, key, loose), ...)); yields (d_start, d_end, x)."""
    dense = norm.dense
    runs = _initial_runs(norm)
    if not runs:
        return
    text, dmap = norm.original, norm.dense_map
    view = pinyin.initials_view(dense)
    run_of: dict[int, tuple[int, int]] = {}
    for run in runs:
        for i in range(*run):
            run_of[i] = run
    found: list[tuple[int, int, Any]] = []
    for last, (length, values) in automaton.iter(view):
        start, end = last - length + 1, last + 1
        latin = [i for i in range(start, end) if dense[i].isascii()]
        # two typed letters at least: "有s" could stand for a hundred words
        if len(latin) < 2 or not all(i in run_of for i in latin):
            continue
        o_start, o_end = dmap[start], dmap[end - 1] + 1
        if any(c in CLAUSE_CHARS for c in text[o_start:o_end]):
            continue
        found.extend((start, end, value[0]) for value in values)
    # Runs are spelt out by matches that tile them: a match may cut a run only where
    # another match takes over ("bk|zx"), and every letter of the run must be read.
    while True:
        starts = {s for s, _, _ in found}
        ends = {e for _, e, _ in found}
        kept = [
            (s, e, x)
            for s, e, x in found
            if not (s in run_of and s > run_of[s][0] and s not in ends)
            and not (e - 1 in run_of and e < run_of[e - 1][1] and e not in starts)
        ]
        if len(kept) == len(found):
            break
        found = kept
    covered = {i for s, e, _ in found for i in range(s, e) if i in run_of}
    spelt = [r for r in runs if all(i in covered for i in range(*r))]
    for start, end, x in found:
        if any(r[0] < end and start < r[1] for r in spelt):
            yield start, end, x


def pinyin_windows(dense: str) -> list[tuple[int, int]]:
    """Dense windows around typed pinyin mixed into Chinese: each run of Latin letters of
    at most MAX_TYPED letters, widened by TYPED_REACH characters on each side (an English
    sentence is one long run and gets none)."""
    windows: list[tuple[int, int]] = []
    for run_start, run_end in latin_runs(dense):
        if run_end - run_start > MAX_TYPED:
            continue
        start, end = max(0, run_start - TYPED_REACH), min(len(dense), run_end + TYPED_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


# any(c in CLAUSE_CHARS ...) and any(c.isascii() and c.isalpha() ...), searched in C
_CLAUSE_CHAR = lazy_compile("[" + "".join(sorted(re.escape(c) for c in CLAUSE_CHARS)) + "]")
_ASCII_LETTER = lazy_compile("[A-Za-z]")
# A key of the ASCII automaton that no text holds, added first: its "?" is the root's first
# edge, so a walk of a text with its other characters as "?" (str.encode's "replace") passes
# each of them at the cost of one comparison (pyahocorasick looks a node's edges up one by
# one, in the order they were added; a character no edge has costs them all)
PASS_KEY = "?\x00?"


def _ascii_finds(automaton: ahocorasick.Automaton, dense: str) -> list[tuple[int, Any]]:
    """What ``automaton`` (of ASCII keys without "?", built with :data:`PASS_KEY` first)
    finds in ``dense``: one walk, each character that is not ASCII read as "?" (the same
    offsets)."""
    start, end = 0, len(dense)
    if dense.isascii():
        text = dense
    else:
        raw = dense.encode("ascii", "replace")
        # walked from the first ASCII character to the last (found in C): no key holds "?"
        start = end - len(raw.lstrip(b"?"))
        if start == end:
            return []  # no ASCII character, so no key (a dense text has no "?")
        end = len(raw.rstrip(b"?"))
        text = raw.decode("ascii")
    found = list(automaton.iter(text, start, end))
    if PASS_KEY in text:  # never in a dense text, but exactly
        found = [f for f in found if f[1] is not None]
    return found


MAX_TYPED = 24
TYPED_REACH = 8
_LATIN_RUN = lazy_compile(r"[a-z]+")
# the last dense text's runs of Latin letters (one tuple, read and replaced whole: safe across
# threads; it holds the text, so no other text can be that object)
_LAST_LATIN: list[tuple[str | None, list[tuple[int, int]]]] = [(None, [])]


def latin_runs(dense: str) -> list[tuple[int, int]]:
    """The spans of ``_LATIN_RUN.finditer(dense)`` (runs of a-z: the dense view is
    case-folded): what the typed-pinyin windows and the initials' consonant runs of one check
    read, found in one pass."""
    last = _LAST_LATIN[0]
    if last[0] is dense:
        return last[1]
    runs = [m.span() for m in _LATIN_RUN.finditer(dense)]
    _LAST_LATIN[0] = (dense, runs)
    return runs


# values compressed together (see LazyValues): a key's values repeat its neighbours' concept
# tuples and terms, so 16 marshalled values take ~250 bytes compressed, not ~1,200 (the
# syllable keys' values: 1,131,124 -> 243,395 bytes of the rules cache); a chunk is
# decompressed in ~3 us the first time a check needs one of its values
VALUES_A_CHUNK = 16


class LazyValues:
    """An automaton's values by index (the automaton stores ints): ``decoded[i]`` is value i,
    or None until :meth:`load` reads it. Compiled, every value is there; from a rules cache,
    none is: each is marshalled on its own (in chunks of :data:`VALUES_A_CHUNK`, each chunk
    compressed) and read back the first time a check finds its key (a one-shot ``loancs
    check`` reads a few dozen of the syllable keys' ~15,000 values, not all of them: ~70 M
    instructions of start-up)."""

    __slots__ = ("decoded", "_blob", "_chunks", "_offsets", "_open")

    def __init__(
        self,
        decoded: list[Any],
        blob: bytes | None = None,
        chunks: array[int] | None = None,
        offsets: array[int] | None = None,
    ) -> None:
        self.decoded = decoded
        self._blob = blob  # the compressed chunks, one after another
        self._chunks = chunks  # where each compressed chunk starts in _blob, and the end
        self._offsets = offsets  # where each marshalled value starts, chunks decompressed
        self._open: dict[int, bytes] = {}  # the chunks decompressed so far

    def load(self, index: int) -> Any:
        """Value ``index``, read from the cache's bytes and kept."""
        offsets, chunks = self._offsets, self._chunks
        assert self._blob is not None and offsets is not None and chunks is not None
        chunk = index // VALUES_A_CHUNK
        data = self._open.get(chunk)
        if data is None:
            packed = memoryview(self._blob)[chunks[chunk] : chunks[chunk + 1]]
            data = self._open[chunk] = zlib.decompress(packed)
        base = offsets[chunk * VALUES_A_CHUNK]
        value = marshal.loads(memoryview(data)[offsets[index] - base : offsets[index + 1] - base])
        self.decoded[index] = value
        return value

    def marshalled(self, memo: dict[Any, Any]) -> tuple[bytes, bytes, bytes]:
        """Each value marshalled (its repeated parts made one object first, see :func:`_shared`,
        so that marshal writes the same bytes in any process), in compressed chunks of
        :data:`VALUES_A_CHUNK` values: the chunks, where each starts, where each value starts."""
        if self._blob is not None and self._chunks is not None and self._offsets is not None:
            return self._blob, self._chunks.tobytes(), self._offsets.tobytes()
        parts = [marshal.dumps(_shared(value, memo), 4) for value in self.decoded]
        offsets = array("I", [0])
        for part in parts:
            offsets.append(offsets[-1] + len(part))
        packed = [
            zlib.compress(b"".join(parts[at : at + VALUES_A_CHUNK]), 9)
            for at in range(0, len(parts), VALUES_A_CHUNK)
        ]
        chunks = array("I", [0])
        for chunk in packed:
            chunks.append(chunks[-1] + len(chunk))
        return b"".join(packed), chunks.tobytes(), offsets.tobytes()


def _lazy_values(blob: bytes, chunks: bytes, offsets: bytes) -> LazyValues:
    """Values as :meth:`LazyValues.marshalled` wrote them, none read yet."""
    starts = array("I")
    starts.frombytes(chunks)
    where = array("I")
    where.frombytes(offsets)
    return LazyValues([None] * (len(where) - 1), blob, starts, where)


class SyllableKeys(NamedTuple):
    """What a check walks for the phrase and concept keys (see ``engine._syllable_automaton``):
    the automaton over the syllable view, and the keys of one character as written, which
    need no walk: character -> its value (a one-character key is found wherever the
    character stands; in the syllable view it would also stop at each character that sounds
    like it, most of a check's finds)."""

    automaton: ahocorasick.Automaton | None
    singles: dict[str, Any]
    # the keys of two or more characters that are all ASCII (English words, digits), over
    # the dense text itself: one trie node a character, not a syllable token's two (they
    # were most of the syllable automaton's nodes); values as written keys' (length, ...)
    latin: ahocorasick.Automaton | None = None
    # ``automaton``'s values (it stores their indices)
    values: LazyValues | None = None


_FIRST = itemgetter(0)


def _END_LONGEST(find: tuple[int, Any]) -> tuple[int, int]:
    return (find[0], -find[1][0])


def _ends_shared(finds: list[tuple[int, Any]], more: list[tuple[int, Any]]) -> bool:
    """Whether a find of ``more`` ends where one of ``finds`` ends."""
    return not set(map(_FIRST, finds)).isdisjoint(map(_FIRST, more))


def syllable_matches(
    norm: Normalized,
    keys: SyllableKeys,
    syllables: pinyin.Syllables,
    hear: bool,
    view: str | None = None,
    marked_at: list[int] | None = None,
) -> tuple[list[tuple[int, Any]], list[tuple[int, int, int, Any]]]:
    """One walk of the syllable view (each dense character one pair of characters): the keys
    found as written, as (last dense index, value) in the order an automaton over the dense
    view finds them (by end, the longest first), and with ``hear`` the homophones ("正信" for
    征信) as (d_start, d_end, side, x), what :func:`sound_matches` yields for spans without a
    Latin letter. A homophone span only counts when it has the term's length and each
    character is the term's or reads (first reading) like it, so it spells the term's
    syllables one for one: these are the same spans, tried against the same terms.
    ``keys``: see :class:`SyllableKeys`; automaton values: (characters, key, value, more,
    terms, sounds), see ``engine._syllable_automaton``. ``view``: the dense
    text's syllable view when the caller has it, ``marked_at`` the dense indices of the
    characters of ``keys.singles`` (see normalize.normalize_viewed), both or neither."""
    dense = norm.dense
    written: list[tuple[int, Any]] = []
    heard: list[tuple[int, int, int, Any]] = []
    has_latin = None  # whether dense has a Latin letter, looked up at the first candidate
    add = written.append
    automaton = keys.automaton
    walked = (
        () if automaton is None else automaton.iter(syllables.view(dense) if view is None else view)
    )
    table = keys.values
    decoded = () if table is None else table.decoded
    for end, index in walked:
        entry = decoded[index]
        if entry is None:
            entry = table.load(index)  # type: ignore[union-attr]
        size, key, found, more, terms, sounds = entry
        last = end >> 1  # two view characters a character
        typed = dense[last - size + 1 : last + 1]
        if typed == key:
            add((last, found))
        elif more is not None:
            for other, found in more:
                if typed == other:
                    add((last, found))
                    break
        if terms is None or not hear or (typed in terms and len(terms) == 1):
            continue  # no homophone here, or the term as written (found above)
        # the terms it may stand for: not the span as written (found above), and with one
        # character as written (same_sound wants that too; checked in C here)
        tried: Sequence[Any]
        if len(sounds) == 1:  # (most: no list made)
            if typed == sounds[0][2] or not any(map(eq, typed, sounds[0][2])):
                continue
            tried = sounds
        else:
            tried = [
                sound for sound in sounds if typed != sound[2] and any(map(eq, typed, sound[2]))
            ]
            if not tried:
                continue
        if has_latin is None:
            ascii_part = dense.encode("ascii", "ignore")  # its letters, in C
            has_latin = ascii_part.upper() != ascii_part.lower()
        if has_latin and _ASCII_LETTER.search(typed):
            continue  # typed pinyin: read in the sound view (sound_matches, latin_only)
        d_start = last - size + 1
        dmap = norm.dense_map
        if _CLAUSE_CHAR.search(norm.original, dmap[d_start], dmap[last] + 1):
            continue  # a sound-alike never spans punctuation
        if len(tried) == 1:
            side, x, key, loose = tried[0]
            if pinyin.same_sound(typed, key, loose):
                heard.append((d_start, last + 1, side, x))
            continue
        # a term that a concept and a phrase both hold is asked about once
        answers: dict[tuple[str, bool], bool] = {}
        for side, x, key, loose in tried:
            same = answers.get((key, loose))
            if same is None:
                same = answers[(key, loose)] = pinyin.same_sound(typed, key, loose)
            if same:
                heard.append((d_start, last + 1, side, x))
    unsorted = False  # whether written needs a stable sort by end
    latin = keys.latin
    if latin is not None:
        found_latin = _ascii_finds(latin, dense)
        if found_latin:
            # in the walk's order: by end, the longest first (no two keys of one length end
            # in one place); a stable sort by end does it unless a syllable key ends where
            # an ASCII key ends
            if written and _ends_shared(written, found_latin):
                written += found_latin
                written.sort(key=_END_LONGEST)
            else:
                unsorted = bool(written)
                written += found_latin
    singles = keys.singles
    if singles:
        if marked_at is None:
            found_at = [(i, singles[ch]) for i, ch in enumerate(dense) if ch in singles]
        else:
            found_at = [(i, singles[dense[i]]) for i in marked_at]
        if found_at:
            # in the walk's order: by end, and a one-character key after the longer keys
            # that end where it stands (a stable sort: they were all found before it)
            written += found_at
            unsorted = True
    if unsorted:
        written.sort(key=_FIRST)
    return written, heard


def latin_windows(norm: Normalized, reach: int) -> list[tuple[int, int]]:
    """Dense windows holding every span that typed pinyin may fill (see
    :func:`_window_sound_matches`, ``latin_only``): a span with a Latin letter, no clause
    character between its first and last characters in the original, and a sound view of at
    most ``reach`` characters. Each run of Latin letters, widened on each side up to the
    nearest clause character and by at most ``reach`` - 1 sound characters (a span holds at
    least one letter of the run, one sound character), merged."""
    dense, text, dmap = norm.dense, norm.original, norm.dense_map
    size = len(dense)
    windows: list[tuple[int, int]] = []
    for run_start, run_end in latin_runs(dense):
        # no span reaches across a clause character: after the last one before the run,
        # up to the first one after it (within ``reach`` dense characters: each is at least
        # one sound character)
        floor, ceiling = max(0, run_start - reach), min(size, run_end + reach)
        for before in _CLAUSE_CHAR.finditer(text, dmap[floor], dmap[run_start]):
            floor = bisect.bisect_right(dmap, before.start())
        after = _CLAUSE_CHAR.search(text, dmap[run_end - 1] + 1, dmap[ceiling - 1] + 1)
        if after is not None:
            ceiling = bisect.bisect_left(dmap, after.start())
        start, budget = run_start, reach - 1
        while start > floor:
            budget -= pinyin.sound_length(dense[start - 1])
            if budget < 0:
                break
            start -= 1
        end, budget = run_end, reach - 1
        while end < ceiling:
            budget -= pinyin.sound_length(dense[end])
            if budget < 0:
                break
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def sound_matches(
    norm: Normalized,
    automaton: ahocorasick.Automaton,
    windows: list[tuple[int, int]] | None = None,
    latin_only: bool = False,
) -> Iterator[tuple[int, int, int, Any]]:
    """Dense spans where the sound view meets a term written differently: typed pinyin
    ("bu查") or a homophone ("正信"). Automaton values: (length, side 0 values, side 1
    values, ...) where each side (concepts, phrases) is None or ((x, key, loose), ...) with
    ``key`` the term's dense form and ``loose`` whether a two-character homophone may differ
    in tone; yields (d_start, d_end, side, x). With ``windows`` (dense spans), only the
    sound view of those is read; with ``latin_only``, only spans with a Latin letter count
    (the others are :func:`syllable_matches`)."""
    dense = norm.dense
    # the sound view of each window only (of the whole text without windows): a window's
    # finds are the whole view's finds that lie in it
    for w_start, w_end in [(0, len(dense))] if windows is None else windows:
        yield from _window_sound_matches(norm, automaton, w_start, w_end, latin_only)


def _window_sound_matches(
    norm: Normalized, automaton: ahocorasick.Automaton, w_start: int, w_end: int, latin_only: bool
) -> Iterator[tuple[int, int, int, Any]]:
    """:func:`sound_matches` within dense[w_start:w_end]."""
    dense, text, dmap = norm.dense, norm.original, norm.dense_map
    heard, starts = pinyin.sound(dense[w_start:w_end])
    for last, (length, *sides) in automaton.iter(heard):
        s_start, s_end = last - length + 1, last + 1
        # whole syllables only
        d_start = bisect.bisect_left(starts, s_start)
        d_end = bisect.bisect_left(starts, s_end)
        if starts[d_start] != s_start or starts[d_end] != s_end:
            continue
        d_start += w_start
        d_end += w_start
        typed = dense[d_start:d_end]
        o_start, o_end = dmap[d_start], dmap[d_end - 1] + 1
        if _CLAUSE_CHAR.search(text, o_start, o_end):
            continue  # a sound-alike never spans punctuation
        latin = _ASCII_LETTER.search(typed) is not None
        if latin_only and not latin:
            continue
        if latin:
            # typed pinyin must be whole Latin words at its ends
            if typed[0].isascii() and o_start > 0 and _latin(text[o_start - 1]):
                continue
            if typed[-1].isascii() and o_end < len(text) and _latin(text[o_end]):
                continue
        for side, values in enumerate(sides):
            for x, key, loose in values or ():
                if typed == key:
                    continue  # the dense automaton has it
                if latin or (any(map(eq, typed, key)) and pinyin.same_sound(typed, key, loose)):
                    yield d_start, d_end, side, x


def _merge(spans: list[Span]) -> list[Span]:
    """Touching or overlapping terms of one concept read as one ("在校" + "学生").
    ``spans`` sorted. The span being merged is kept in two locals (no tuple made and read
    back for each term: a check merges ~20 lists)."""
    if len(spans) == 2:  # (most lists: two terms)
        first, second = spans
        if second[0] > first[1]:
            return [first, second]
        return [(first[0], second[1] if second[1] > first[1] else first[1])]
    merged: list[Span] = []
    add = merged.append
    terms = iter(spans)
    start, end = next(terms)
    for span in terms:
        if span[0] <= end:
            if span[1] > end:
                end = span[1]
        else:
            add((start, end))
            start, end = span
    add((start, end))
    return merged


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


class Frozen:
    """An attribute kept pickled in a rules cache until it is first read: the automata only
    typed pinyin needs (most messages have none) and what only building needed cost a warm
    start-up nothing. Kept compressed (zlib): every process that loads the rules holds these
    bytes until a message needs them (4 MB of automata as 0.9 MB)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


# pyahocorasick's pickled trie: an 8-byte node count, then per node a 24-byte header (output 8,
# fail 8, edge count 4, end-of-word 1, then 3 bytes of struct padding) and 12 bytes per edge.
# The padding is never written: it holds whatever the heap held, so the same automaton pickled
# after some checks differed byte for byte and compressed worse (the frozen pinyin automata
# grew 454,655 -> 537,368 and 622,672 -> 703,106 bytes after 200 checks in one process).
_NODE_COUNT = struct.Struct("<q")
_NODE_EDGES = struct.Struct("<I")


def _scrubbed(blob: bytes) -> bytes:
    """``blob`` (one pickled trie) with the nodes' padding bytes zeroed; unchanged when it is
    not laid out as expected (another pyahocorasick build)."""
    if len(blob) < 8:
        return blob
    count = _NODE_COUNT.unpack_from(blob)[0]
    out = bytearray(blob)
    pos, end = 8, len(blob)
    edges = _NODE_EDGES.unpack_from
    for _ in range(count):
        if pos + 24 > end:
            return blob
        out[pos + 21 : pos + 24] = b"\0\0\0"
        pos += 24 + 12 * edges(blob, pos + 16)[0]
    return bytes(out) if pos == end else blob


def _shared(value: Any, memo: dict[Any, Any]) -> Any:
    """``value`` (an automaton's value) with its equal strings, ints, tuples and frozensets
    made one object each, through ``memo`` (what has been seen): an equal value. Pickled,
    each repeat is a reference to the first, not another object to decode: a rules cache
    loads ~40 M instructions faster (the automata's 11,000 values repeat their keys and
    concept tuples). A tuple or frozenset is keyed by its type and its items' identities
    (items made shared first), so 1 and True, or 0.0 and -0.0, are never merged. Strings and
    ints are kept in a table of their own kind (``memo[str]``, ``memo[int]``), a tuple's or
    frozenset's string and int items shared in place: a rules-cache miss's dumps spends ~30%
    less on this, the same objects shared (the same bytes)."""
    kind = type(value)
    if kind is str or kind is int:
        leaves = memo.get(kind)
        if leaves is None:
            leaves = memo[kind] = {}
        return leaves.setdefault(value, value)
    if kind is tuple or kind is frozenset:
        strs = memo.get(str)
        if strs is None:
            strs = memo[str] = {}
        ints = memo.get(int)
        if ints is None:
            ints = memo[int] = {}
        items: list[Any] = []
        for item in value:
            of = type(item)
            if of is str:
                item = strs.setdefault(item, item)
            elif of is int:
                item = ints.setdefault(item, item)
            elif of is tuple or of is frozenset:
                item = _shared(item, memo)
            items.append(item)
        key = (kind, *map(id, items))
        found = memo.get(key)
        if found is None:
            found = memo[key] = (kind(items), items)  # the items kept alive: their ids stay theirs
        return found[0]
    return value


class _Pickler(pickle.Pickler):
    """A pickler whose automata come out the same whatever the process did before, their
    values' repeated parts pickled once (see :func:`_shared`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo: dict[Any, Any] = {}

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is LazyValues:
            return (_lazy_values, obj.marshalled(self._memo))
        if type(obj) is not ahocorasick.Automaton:
            return NotImplemented
        reduced = obj.__reduce__()
        args = reduced[1]
        if not args or not isinstance(args[0], list):
            return reduced
        values = args[-1]
        nodes = [_scrubbed(b) for b in args[0]]
        if len(args) > 1 and isinstance(values, list):
            memo = self._memo
            shared = [_shared(value, memo) for value in values]
            try:
                # marshalled: read back in C without pickle's memo (~2x faster to load);
                # each repeated part is still one object (marshal refers back to an object
                # it wrote, and every part of a shared value is held by the memo)
                blob = marshal.dumps(shared, 4)
            except ValueError:  # a value marshal cannot write
                return (reduced[0], (nodes, *args[1:-1], shared), *reduced[2:])
            return (_marshalled_automaton, ((nodes, *args[1:-1]), blob))
        return (reduced[0], (nodes, *args[1:]), *reduced[2:])


def _marshalled_automaton(args: tuple[Any, ...], values: bytes) -> ahocorasick.Automaton:
    """An automaton as :class:`_Pickler` wrote it: its values marshalled."""
    return ahocorasick.Automaton(*args, marshal.loads(values))  # our own cache


def pickled(obj: Any) -> bytes:
    """``obj`` pickled (highest protocol), its automata byte for byte the same in any process
    (see :func:`_scrubbed`): a rules cache written after checks equals one written at start."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def freeze(state: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """``state`` (an object's ``__dict__``, to pickle) with the attributes ``names`` frozen."""
    state = dict(state)
    for name in names:
        # a rule set read from a cache and kept again: what was never read stays as it came
        if state.get(name) is not None and not isinstance(state[name], Frozen):
            data = pickled(state[name])
            state[name] = Frozen(zlib.compress(data, 3))
    return state


def unpickled(data: bytes) -> Any:
    """``pickle.loads(data)`` (our own cache: a rule set, a frozen automaton) with the cyclic
    garbage collector paused: unpickling makes ~200,000 tuples, and each 700 of them set off
    a collection that walks what was made so far (the syllable automaton's values load in
    ~10 ms instead of ~80 ms in a process that holds a compiled rule set). Nothing made
    here is garbage; the collector runs as before once it is back on."""
    with collector_paused():
        return pickle.loads(data)  # noqa: S301 - our own cache


def thawed(owner: Any, name: str) -> Any:
    """``owner.name``, unpickled now if it was frozen (see :class:`Frozen`)."""
    value = getattr(owner, name)
    if isinstance(value, Frozen):
        value = unpickled(zlib.decompress(value.data))  # written by freeze()
        setattr(owner, name, value)
    return value


def _automaton(table: dict[str, object]) -> ahocorasick.Automaton | None:
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in table.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


_SENTENCE_ENDS = lazy_compile(r"[。！!]|\.(?:\s|$)")


def _only_questions(after: str) -> bool:
    """What follows a question is more questions and nothing else ("学生可以申请吗？需要父母签字
    吗？", "Can students apply? Do my parents sign?"): the asker is still asking."""
    return after.endswith(("?", "？")) and _SENTENCE_ENDS.search(after) is None


class Matcher:
    """Finds the matches of concept patterns given the occurrences of their concepts."""

    def __init__(self, norm: Normalized, occ: Mapping[str, list[Span]]) -> None:
        self.norm = norm
        self.occ = occ
        self._seg: Segments | None = None

    @property
    def seg(self) -> Segments:
        """Clauses and sentences of the message, found when a pattern first needs them."""
        if self._seg is None:
            self._seg = Segments(self.norm.original)
        return self._seg

    def _o(self, span: Span) -> tuple[int, int]:
        return self.norm.dense_span(*span)

    def _fits(self, prev: Span, cand: Span, op: str) -> bool:
        ordered = op in (" ", "..", ">")
        clause = op in (" ", "~")
        if ordered and cand[0] < prev[1]:
            # a partial overlap still reads in order ("借钱先" then "先还我们")
            return prev[0] < cand[0] and prev[1] < cand[1]
        if not ordered and cand[0] < prev[1] and prev[0] < cand[1]:
            # overlapping terms: only a partial overlap of two different words counts
            # ("网贷" and the merged "贷借点" in 网贷借点), never one inside the other
            inside = prev[0] <= cand[0] and cand[1] <= prev[1]
            return not (inside or (cand[0] <= prev[0] and prev[1] <= cand[1]))
        first, second = (prev, cand) if prev[0] <= cand[0] else (cand, prev)
        o_end = self._o(first)[1]
        o_start = self._o(second)[0]
        if o_start < o_end:
            return False
        if op == ">":  # this sentence or the next
            seg = self.seg
            if seg.sentence(o_start) - seg.sentence(max(0, o_end - 1)) > 1:
                return False
        elif not self.seg.same(o_end, o_start, clause):
            return False
        limit = CLAUSE_GAP if clause else SENTENCE_GAP
        return self.seg.units(o_end, o_start) <= limit

    def find(self, pattern: ConceptPattern) -> list[ConceptMatch]:
        firsts = self.occ.get(pattern.elements[0])
        if not firsts:
            return []
        for name in pattern.elements[1:]:
            if not self.occ.get(name):
                return []
        matches = []
        for first in firsts:
            chain = [(pattern.elements[0], first)]
            for op, name in zip(pattern.ops, pattern.elements[1:], strict=True):
                prev = chain[-1][1]
                best = None
                spans = self.occ[name]
                # only candidates within reach (a word of the gap is at most ~12 dense chars)
                reach = (CLAUSE_GAP if op in (" ", "~") else SENTENCE_GAP) * 12
                if op in (" ", "..", ">"):  # in order: starting after prev starts (overlap allowed)
                    low = bisect.bisect_left(spans, (prev[0] + 1, -1))
                else:
                    low = bisect.bisect_left(spans, (prev[0] - reach, -1))
                high = bisect.bisect_right(spans, (prev[1] + reach, 1 << 30))
                for cand in spans[low:high]:
                    if any(cand == s for _, s in chain) or not self._fits(prev, cand, op):
                        continue
                    dist = abs(cand[0] - prev[0])
                    if best is None or dist < best[0]:
                        best = (dist, cand)
                if best is None:
                    break
                chain.append((name, best[1]))
            else:
                matches.append(ConceptMatch(tuple(sorted(chain, key=lambda c: c[1]))))
        return matches

    def is_negated(self, match: ConceptMatch) -> bool:
        spans = [s for _, s in match.spans]
        if negated(self.norm, spans[0][0]):
            return True
        for prev, cur in zip(spans, spans[1:], strict=False):
            if cur[0] > prev[1] and negated(self.norm, cur[0], low=prev[1]):
                return True
        return False

    @staticmethod
    def _reports_then_checks(text: str, o_begin: int, o_end: int) -> bool:
        """The match's sentence opens with what someone (有人) did and ends asking whether it was
        true or us."""
        begin = max(text.rfind(c, 0, o_begin) for c in "。！!？?\n") + 1
        if _REPORT_OPEN.match(text, begin) is None:
            return False
        stop = min(
            (i for i in (text.find("？", o_end), text.find("?", o_end)) if i >= 0), default=-1
        )
        if stop < 0 or any(c in text[o_end:stop] for c in "。！!\n"):
            return False
        clause = max(text.rfind(c, 0, stop) for c in "，,：:") + 1
        return _REPORT_CHECK.search(text, max(clause, o_end), stop + 1) is not None

    @staticmethod
    def _heard_then_checks(text: str, o_begin: int, o_end: int) -> bool:
        """English: the match's sentence tells what someone said before it and asks after it
        whether that holds (:data:`_EN_HEARSAY`, :data:`_EN_CHECKING`)."""
        stop = text.find("?", o_end)
        if stop < 0:
            return False
        begin = max(text.rfind(c, 0, o_begin) for c in ".!?\n") + 1
        if _EN_LENDER_VOICE.search(text, begin, o_end):
            return False  # "People say we approve anyone, is that surprising?": the lender's claim
        ends = [i for i in (text.find(c, o_end, stop) for c in ".!\n") if i >= 0]
        if ends:
            # the check asked in the next sentence: "A mate told me you lot don't check credit.
            # Is that right?", "The guy on TikTok said they approve anyone. Is that you lot?"
            return (
                _EN_CHECK_NEXT.match(text, min(ends) + 1) is not None
                and _EN_HEARSAY.search(text, begin, o_begin) is not None
            )
        return (
            _EN_HEARSAY.search(text, begin, o_begin) is not None
            and _EN_CHECKING.search(text, o_end, stop + 1) is not None
        )

    @staticmethod
    def _heard_then_asks_zh(text: str, o_begin: int, o_end: int) -> bool:
        """Chinese: the match's sentence tells what someone else said or did before the match
        (:data:`_ZH_HEARSAY`), no 我们 or 你们 speaks before the match, and it ends asking about
        the asker's own case ("朋友说你们家不看大数据，我这种大数据花了的能试吗？") or course (…，怎么办)."""
        stop = min(
            (i for i in (text.find("？", o_end), text.find("?", o_end)) if i >= 0), default=-1
        )
        if stop < 0:  # no question mark: the message's last clause asks what to do (…，怎么办)
            stop = len(text.rstrip().rstrip("。.!！…~"))
            clause = max(text.rfind(c, 0, stop) for c in "，,：:") + 1
            if _ZH_ASKER_COURSE.search(text, clause, stop) is None:
                return False
        if any(c in text[o_end:stop] for c in "。！!\n"):
            return False
        begin = max(text.rfind(c, 0, o_begin) for c in "。！!？?\n") + 1
        heard = _ZH_HEARSAY.search(text, begin, o_end)  # (it may hold the match: 听同事说)
        if heard is None or heard.start() > o_begin or "我们" in text[begin:o_begin]:
            return False
        clause = max(text.rfind(c, 0, stop) for c in "，,：:") + 1
        # (the match may end in the asker's own clause: 我大三想问下… is the asker's status)
        if (clause <= o_end and not text.startswith("我", clause)) or "你" in text[clause:stop]:
            return False
        return (
            _ZH_ASKER_SELF.search(text, clause, stop) is not None
            or _ZH_ASKER_COURSE.search(text, clause, stop) is not None
        )

    def asks(self, match: ConceptMatch) -> bool:
        """The clause where the match ends is a question: "学生可以贷款吗？", "can I borrow?"."""
        text = self.norm.original
        o_end = max(self._o(s)[1] for _, s in match.spans)
        if guessed(text, min(self._o(s)[0] for _, s in match.spans), o_end):
            return False  # "你猜我们下一个电话会打给谁？": answered by the speaker
        o_begin = min(self._o(s)[0] for _, s in match.spans)
        # session 40 (english): a rhetorical English question ("Who've I ever sent up that walked
        # out without the money? Nobody.") asks nothing
        q = text.find("?", o_begin)
        if (
            q >= 0
            and _HANZI_IN.search(text, o_begin, q) is None
            and not any(c in text[o_end:q] for c in ".!\n")
            and en_rhetorical(text, q)
        ):
            return False
        if self._reports_then_checks(text, o_begin, o_end):
            return True
        if self._heard_then_checks(text, o_begin, o_end):
            return True
        if self._heard_then_asks_zh(text, o_begin, o_end):
            return True
        mark = max(text.rfind("?", o_begin, o_end), text.rfind("？", o_begin, o_end))
        if mark >= 0:
            own = text[mark + 1 : o_end + 8].lstrip().lower()
            if _ASKER_STATUS.match(own) or _ASKER_HISTORY.match(own):
                return True  # "学生能借吗？我刚大一": the lure's word is the asker's own status
        stop = len(text)
        for i in range(o_end, len(text)):
            if text[i] in _CLAUSE_STOPS:
                stop = i
                break
        tail = text[o_end:stop].rstrip()
        tag = (
            _TAG_QUESTION.match(text, stop + 1)
            if stop < len(text) and text[stop] in "，,"
            else None
        )
        if tag is not None:  # "我朋友说不还会被拘留，是真的吗？": a claim put as a question
            after = text[tag.end() :]
        elif stop < len(text) and text[stop] in "?？":
            after = text[stop + 1 :]
        elif (
            tail.endswith(("吗", "么", "嗎", "伐"))
            or ASKS_A_NOT.search(text, max(0, o_end - 6), o_end + len(tail))
            or (tail.endswith(_SOFT_ASK_END) and self._a_not_a_before(text, o_begin, o_end))
        ) and (stop == len(text) or text[stop] in "，,。.!！"):
            after = text[stop + 1 :] if stop < len(text) else ""
        else:
            return False
        # A question stays a question when nothing follows it but a "no": "学生可以贷款吗？
        # 不可以。" is not a pitch, "Need cash? We've got you." is, and so is an answer that
        # repeats the lure ("查不查征信？不查，放心借").
        after = after.strip().lower()
        if after and _NO_WORDS.search(after) is None and _HANZI_IN.search(text, o_begin, o_end):
            after = ""  # "学生能借吗？😅": an emoji or a mark after the question says nothing (s34)
        if after and _only_questions(after):
            return True  # more questions follow: still asking, whatever they mention
        if (
            _ASKER_HISTORY.match(after)
            or _ASKER_WISH.match(after)
            or _EN_ASKER_OWN.match(after)
            or _ASKER_SOURCE.match(after)
        ):
            return True  # the asker's own record or wish, which may repeat the lure's words
        if (
            after
            and not after.startswith(_NO_ANSWERS)
            and not after.startswith(_ASKER_FEELS)
            and not _ASKER_WORRY.match(after)
            and not _ASKER_NEED.match(after)
        ):
            # the asker's own status is no answer, and may repeat the lure's words (我大三)
            return _ASKER_STATUS.match(after) is not None
        if not after:  # "要不我们给你丈母娘打个电话？" proposes (unless a "no" answers it)
            o_start = self._o(match.spans[0][1])[0]
            begin = max(text.rfind(c, 0, o_start) for c in _CLAUSE_STOPS) + 1
            if _PROPOSAL.search(text, begin, o_end):
                return False
        names = {name for name, _ in match.spans}
        cut = bisect.bisect_left(self.norm.dense_map, stop)
        return not any(s[0] >= cut for name in names for s in self.occ.get(name, ()))

    @staticmethod
    def _a_not_a_before(text: str, o_begin: int, o_end: int) -> bool:
        """An A-not-A (会不会, 能不能, 有没有) stands in the match's clause before its end: with a
        soft final particle the clause asks ("我逾期了一天，会不会上征信啊", session 34)."""
        begin = max(text.rfind(c, 0, o_begin) for c in _CLAUSE_STOPS) + 1
        return _SOFT_A_NOT_A.search(text, begin, o_end) is not None

    def in_scope_of(
        self, match: ConceptMatch, names: Iterable[str], after: Iterable[str] = ()
    ) -> str | None:
        """The first ``unless`` concept standing (not negated) in the match's sentence; the
        ``after`` ones count only where they begin after the match ends."""
        o_start = self._o(match.spans[0][1])[0]
        o_end = max(self._o(s)[1] for _, s in match.spans)
        first, last = self.seg.sentence(o_start), self.seg.sentence(max(o_start, o_end - 1))
        m_end = max(s[1] for _, s in match.spans)
        for name, later in (*((n, False) for n in names), *((n, True) for n in after)):
            if name == "question":
                if self.asks(match):
                    return name
                continue
            if name == "en_voice":
                # English: the sentence is someone else's, a denial, advice or news (session 34)
                if en_other_voice(self.norm.original, o_start, o_end):
                    return name
                continue
            if name == "en_condition":
                if en_condition(self.norm.original, o_start, o_end):
                    return name
                continue
            if name == "en_denies":
                if en_lender_denies(self.norm.original, o_start, o_end):
                    return name
                continue
            for span in self.occ.get(name, ()):
                if later and span[0] < m_end:
                    continue
                # the match's own words do not excuse it, nor does an unless that shares some of
                # them; in English one that holds a matched term whole and more words does ("on
                # file for the contract" around the match's "on file"). Chinese terms nest too
                # tightly for that (需父母同意 holds 父母 of 无需父母同意).
                if any(s[0] < span[1] and span[0] < s[1] for _, s in match.spans) and not any(
                    span[0] <= s[0]
                    and s[1] <= span[1]
                    and span[1] - span[0] > s[1] - s[0]
                    and self.norm.dense[span[0] : span[1]].isascii()
                    for _, s in match.spans
                ):
                    continue
                o = self._o(span)
                at = self.seg.sentence(o[0])
                # an English distancing or denial that opens the next sentence counts too
                # ("Some lenders advertise no credit check loans; we are not one of them")
                if not first <= at <= last and not (
                    later and at == last + 1 and name.startswith(("en_next_", "next_"))
                ):
                    continue
                if negated(self.norm, span[0]):
                    continue
                if name.startswith("r_my_") and not any(
                    self.seg.clause(self._o(s)[0]) == self.seg.clause(o[0]) for _, s in match.spans
                ):
                    # a night's schedule (才下班) excuses the time in its own clause, not a call
                    # set for another time after it: 你不是凌晨一点才下班嘛，那我一点十分准时打过来
                    # (session 32)
                    continue
                return name
        return None
