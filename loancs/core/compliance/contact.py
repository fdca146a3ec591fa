"""Outbound contact rules for collection conversations: quiet hours and a daily attempt cap.

China Banking Association collection guideline: no collection contact 22:00-08:00 local time
and a bounded number of attempts a day (US analogues: FDCPA 8 a.m.-9 p.m., Reg F 7 calls in 7
days). Pure: the caller passes the current time (UTC epoch ms) and the attempts already made
today (count them per :func:`local_day`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import HANZI_DIGITS, Record
from loancs.core.numwords import EN_UNITS as _EN_UNITS

_HHMM = lazy_compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_set = object.__setattr__


class ContactPolicyError(ValueError):
    """A contact policy setting that cannot be used."""


def _minutes(value: str, name: str) -> int:
    m = _HHMM.match(value) if isinstance(value, str) else None
    if not m:
        raise ContactPolicyError(f"{name} must be HH:MM (24-hour), got {value!r}")
    return int(m.group(1)) * 60 + int(m.group(2))


# zoneinfo is imported when a time is first judged, not with the engine (`loancs check`
# start-up: most messages name no time)
def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _zone_errors() -> type[Exception]:
    from zoneinfo import ZoneInfoNotFoundError

    return ZoneInfoNotFoundError


class ContactPolicy(Record):
    """Quiet hours [quiet_start, quiet_end) in lender time (may wrap midnight; equal times mean
    no quiet hours) and at most ``daily_cap`` outbound attempts per customer per local day."""

    __slots__ = ("quiet_start", "quiet_end", "daily_cap", "tz")
    __match_args__ = __slots__
    quiet_start: str
    quiet_end: str
    daily_cap: int
    tz: str

    def __init__(
        self,
        quiet_start: str = "22:00",
        quiet_end: str = "08:00",
        daily_cap: int = 6,
        tz: str = "Asia/Shanghai",
    ) -> None:
        _set(self, "quiet_start", quiet_start)
        _set(self, "quiet_end", quiet_end)
        _set(self, "daily_cap", daily_cap)
        _set(self, "tz", tz)
        self.__post_init__()

    __reduce__ = Record._reduce_unchecked

    def __post_init__(self) -> None:
        _minutes(self.quiet_start, "quiet_start")
        _minutes(self.quiet_end, "quiet_end")
        if isinstance(self.daily_cap, bool) or not isinstance(self.daily_cap, int):
            raise ContactPolicyError(f"daily_cap must be a whole number, got {self.daily_cap!r}")
        if self.daily_cap < 0:
            raise ContactPolicyError(f"daily_cap must not be negative, got {self.daily_cap}")
        try:
            _zone(self.tz)
        except (_zone_errors(), ValueError, TypeError):
            raise ContactPolicyError(f"unknown time zone {self.tz!r}") from None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ContactPolicy:
        """Build from a rule file's ``[contact]`` table (missing keys keep the defaults)."""
        return cls(**dict(values))


class ContactDecision(Record):
    __slots__ = ("allowed", "reason", "reason_zh")
    __match_args__ = __slots__
    allowed: bool
    reason: str
    reason_zh: str

    def __init__(self, allowed: bool, reason: str, reason_zh: str) -> None:
        _set(self, "allowed", allowed)
        _set(self, "reason", reason)
        _set(self, "reason_zh", reason_zh)


def _local(policy: ContactPolicy, now_utc_ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(now_utc_ms / 1000, tz=_zone(policy.tz))


def local_day(policy: ContactPolicy, now_utc_ms: int) -> str:
    """The lender-local calendar day (YYYY-MM-DD) that attempts are counted against."""
    return _local(policy, now_utc_ms).date().isoformat()


def in_quiet_hours(policy: ContactPolicy, now_utc_ms: int) -> bool:
    local = _local(policy, now_utc_ms)
    minute = local.hour * 60 + local.minute
    start = _minutes(policy.quiet_start, "quiet_start")
    end = _minutes(policy.quiet_end, "quiet_end")
    if start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def check_contact(policy: ContactPolicy, now_utc_ms: int, attempts_today: int) -> ContactDecision:
    """May an outbound collection message go out now, given the attempts already made today?"""
    local = _local(policy, now_utc_ms)
    clock = local.strftime("%H:%M")
    window = f"{policy.quiet_start}–{policy.quiet_end}"
    if in_quiet_hours(policy, now_utc_ms):
        return ContactDecision(
            False,
            f"quiet hours {window} ({policy.tz}): it is {clock} there; "
            f"collection contact may resume at {policy.quiet_end}",
            f"静默时段 {window}（{policy.tz}）：当地时间 {clock}，{policy.quiet_end} 后方可催收联系",
        )
    if attempts_today >= policy.daily_cap:
        day = local.date().isoformat()
        return ContactDecision(
            False,
            f"daily attempt cap reached: {attempts_today} of {policy.daily_cap} attempts "
            f"already made on {day} ({policy.tz}); try again tomorrow",
            f"已达每日联系上限：{day}（{policy.tz}）已联系 {attempts_today} 次，"
            f"上限 {policy.daily_cap} 次，请明日再试",
        )
    left = policy.daily_cap - attempts_today
    return ContactDecision(
        True,
        f"allowed: {clock} {policy.tz} is outside quiet hours {window}; {left} attempt(s) left today",
        f"允许：当地时间 {clock} 不在静默时段 {window}，今日还可联系 {left} 次",
    )


# ---------------------------------------------------------------- times named in a message
# "半夜再打给你", "晚上十一点我再给你打电话", "I'll call you again at 11 pm": a collector who
# announces contact inside the lender's quiet hours. quiet_times() finds clock times (and
# words that only mean the dead of night) and keeps those inside ``policy``'s quiet hours;
# the rule packs pair them with a call or a visit (the built-in concept ``quiet_time``).
_ZH_HOUR = r"[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3}"
_ZH_TIME = lazy_compile(
    r"(?P<pre>今天晚上|明天晚上|明天早上|明天一早|今天夜里|明天夜里|每天晚上|天天晚上|每晚|今晚|明晚|今夜|晚上|晚间|夜晚|夜里|夜间|深夜|半夜|凌晨|早上|早晨|"
    r"清晨|明早|一早|上午|下午|中午|傍晚|(?<!最)晚|(?<!最)早)?\s*(?<![0-9a-z])(?P<h>"
    + _ZH_HOUR
    + r")\s*"
    r"(?:(?:点钟|点|时)(?P<m>半|一刻|三刻|[0-9]{1,2}(?:分)?|[一二三四五]十[一二三四五六七八九]?分?)?"
    r"|[:：](?P<mm>[0-5][0-9])(?![0-9]))"
    r"(?P<post>之前|以前|前|之后|以后|后)?"
)
# what stands just before the time that ends a window ("8点到", "8:00-", "九点至 ")
_RANGE_END = lazy_compile(r"(?:[0-9点时分半]|[0-9]{2})\s*(?:到|至|-|~|—|－|～)\s*\Z")
_ZH_NIGHT = lazy_compile(r"半夜|深夜|午夜|凌晨|大半夜|三更半夜|深更半夜|后半夜|夜深人静")
# The English patterns below run on norm.light, which is case-folded: no IGNORECASE (it costs the regex engine its
# fast scan for the first character, ~50 us a message).
# A clock time: found where its digits are (a character class the engine scans for in C), then
# matched from there, with "before/after/until/till/by (at)" read just before the digits.
_EN_DIGITS = lazy_compile(r"(?<![0-9:.,$£€₹])[0-9]")
# ("11.30 tonight": a dot between the hour and the minutes, read only with am/pm or a part of
# the day after it, so that "£23.50" is never a time)
_EN_TIME = lazy_compile(
    r"(?P<h>[0-9]{1,2})(?:(?P<sep>[:.])(?P<m>[0-5][0-9])(?![0-9]|[.,][0-9]))?"
    r"\s*(?P<ap>a\.?m\.?|p\.?m\.?|o'?clock)?\s*(?P<ctx>tonight|in the morning|at night|this evening|"
    r"in the evening|tomorrow evening|tomorrow morning)?(?![0-9a-z])",
)
# an English part of the day just after a time ("at 6:15 this evening", "7:45 in the evening",
# "3:30 this afternoon")
_EN_PART_AFTER = lazy_compile(
    r"\s*(?:p\.?m\.?|this evening|in the evening|tomorrow evening|tonight|at night|this afternoon"
    r"|in the afternoon|tomorrow afternoon)(?![a-z])"
)
# a word that makes the bare number after it an hour: "at 5", "round 11", "between 9 and 11",
# "from 10 till 6", "6 sharp" is read by its own "at"
_EN_CLOCK_WORD = lazy_compile(
    r"(?:\bat|\baround|\babout|\bround|\bfrom|\btill|\buntil|\bto|\bbetween [0-9]{1,2}(?::[0-5][0-9])? and"
    r"|\bby|\bafter|\bbefore|\bgone|\bpast)\s+(?:around\s+|about\s+|roughly\s+)?\Z"
)
_EN_NIGHT_WORD = lazy_compile(r"\bnight|midnight")
_EN_PRE = lazy_compile(r"(?P<pre>before|after|until|till|by)\s*(?:at\s+)?\Z")
# the part of the day said before the hour: "tonight at 11", "this evening around 10"
_EN_CTX_BEFORE = lazy_compile(
    r"(?P<ctx>tonight|this evening|at night)\s+(?:at|around|about|from)\s+(?:around\s+|about\s+)?\Z"
)
# An hour in words ("half past five tomorrow morning", "eleven tonight"): a cheap scan for the
# words (a literal branch the regex engine skips hanzi for), then the whole time matched there.
_EN_HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_EN_WORD_SCAN = lazy_compile(
    r"(?:half past|quarter past|quarter to|half|" + _EN_HOUR_WORDS + r")(?![a-z])"
)
# ("half eleven" is British for 11:30; "quarter to six" with no part of the day is placed by
# its sentence: "before you leave for work" is the morning)
_EN_WORD_TIME = lazy_compile(
    r"(?:(?P<frac>half past|quarter past|quarter to|half)\s+)?(?P<hw>" + _EN_HOUR_WORDS + r")"
    r"(?:\s*o'?clock)?\s*(?:(?P<ap>a\.?m\.?|p\.?m\.?)|(?P<ctx>tonight|in the morning|at night"
    r"|this evening|tomorrow morning)|(?<=[a-z])(?=[\s,.!]|$))(?![0-9a-z])",
)
_EN_NIGHT = lazy_compile(
    r"midnight|middle of the night|dead of night|late at night|all night|through the night|"
    r"small hours|wee hours|early hours|overnight",
)
# Before daybreak said by an idiom or a sign of the dawn ("before the milkman does", "before the
# cock crows", "at first light", 天还没亮, 鸡叫头遍, 天光前): about five in the morning (session 45).
_EN_DAWN = lazy_compile(
    r"before (?:the |your )?(?:milkman|milk float|birds?|cock|rooster|cockerel|roosters|sun(?:rise| ?up)"
    r"|sun (?:is|comes|gets|has come) up|sun rises|dawn|daybreak|first light|day breaks|muezzin|azaan|adhan|fajr)"
    r"|(?:at|by) (?:the )?(?:crack|break) of dawn|(?:at|by) (?:first light|daybreak|dawn|cockcrow|sunrise)"
    r"|when the (?:cock|rooster|cockerel) crows|with the (?:milkman|birds|roosters?|dawn chorus)"
    r"|sparrow'?s fart|dawn chorus|the small hours of the morning",
    cached=False,
)
_ZH_DAWN = lazy_compile(
    r"天(?:还|還)?(?:没|沒|未)(?:亮|光)|(?:鸡|雞)(?:还|還)?(?:没|沒|未)(?:叫|啼)|天亮(?:之)?前|天光(?:之)?前|鸡叫|雞叫|鸡鸣|雞鳴|公鸡打鸣|公雞打鳴|五更|天蒙蒙亮|天擦亮|黎明前|破晓|破曉",
    cached=False,
)
_ANY_TIME = lazy_compile(
    r"[点:：]|半夜|深夜|午夜|凌晨|[ap]\.?m\b|o'?clock|morning|tonight|night|evening|quarter to|half"
    r"|before the|before your|before sun|before dawn|before daybreak|before first|dawn|first light|daybreak"
    r"|cockcrow|crows|milkman|sparrow|sunrise|birds|rooster|you're home|you are home|get home|back home"
    r"|get in from work|roll in|you're back|you are back|get back|in bed|asleep|go to bed|gone to bed"
    r"|天还|天還|天没|天沒|天未|天亮|天光|鸡|雞|五更|蒙蒙亮|擦亮|黎明|破晓|破曉"
)
_CN = HANZI_DIGITS


def _cn_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        if (tens and tens not in _CN) or (units and units not in _CN):
            return None
        return (_CN[tens] if tens else 1) * 10 + (_CN[units] if units else 0)
    if len(text) == 1 and text in _CN:
        return _CN[text]
    return None


def _zh_minutes(m: re.Match[str]) -> int | None:
    hour = _cn_int(m.group("h"))
    if hour is None or hour > 24:
        return None
    pre = m.group("pre") or ""
    raw = m.group("m") or m.group("mm") or ""
    minute = {"半": 30, "一刻": 15, "三刻": 45}.get(raw)
    if minute is None and raw:
        minute = _cn_int(raw.rstrip("分").replace("十", "十") or "0")
    minute = minute or 0
    if pre in (
        "今晚",
        "明晚",
        "晚上",
        "今天晚上",
        "明天晚上",
        "傍晚",
        "下午",
        "晚",
        "每晚",
        "每天晚上",
        "天天晚上",
    ):
        hour = (
            0
            # (今晚零点: midnight, not noon; session 34)
            if hour in (0, 12) and pre != "下午"
            # 今晚一点 / 晚上两点: past midnight, the small hours (session 33)
            else hour
            if 1 <= hour <= 4 and pre != "下午" and pre != "傍晚"
            else (hour + 12 if hour < 12 else hour)
        )
    elif pre in ("夜里", "夜间", "深夜", "半夜", "今夜", "今天夜里", "明天夜里", "晚间", "夜晚"):
        hour = 0 if hour == 12 else (hour + 12 if 6 <= hour < 12 else hour)
    elif pre == "凌晨":
        hour = 0 if hour == 12 else hour
    elif pre == "中午":
        hour = 12 if hour in (11, 12) else hour + 12 if hour < 6 else hour
    elif not pre and not (hour >= 13 or hour == 0 or m.group("mm")):
        # "6点" alone may be morning or evening: read it from its sentence ("明天六点我准时叫你
        # 起床" is morning, "下班后七点半" evening), else do not guess
        half = _half_of_day(m.string, m.start(), m.end())
        if half is None:
            return None
        if half == "pm" and not 1 <= hour <= 4:
            # (a bare one to four o'clock said with bedtime or a night shift is the small hours:
            # 睡觉前记得开机，一点多我再打给你; session 33)
            hour = 0 if hour == 12 else (hour + 12 if hour < 12 else hour)
    if m.group("post") in ("之前", "以前", "前"):
        return (hour * 60 + minute - 1) % 1440
    if m.group("post") in ("之后", "以后", "后"):
        return (hour * 60 + minute + 1) % 1440
    return (hour % 24) * 60 + minute


# Words elsewhere in the sentence that place a bare clock time in the morning or the evening.
_MORNING_CUES = lazy_compile(
    r"早上|早晨|一早|清早|上午|起床|天亮|天没亮|天还没亮|叫醒|睡醒|醒来|早饭|早餐|上班前|in the morning|wake you"
    r"|before work|for work|to work|before you leave|breakfast|sunrise|dawn"
    r"|every morning|each morning|tomorrow morning|this morning|wake-up|wake up|your alarm"
)
_EVENING_CUES = lazy_compile(
    r"晚上|每晚|晚饭|晚餐|下班后|下班以后|天黑|睡觉|睡前|入睡|夜里|晚自习|晚班|tonight|this evening|at night"
    # (a bedtime by its hour or in Cantonese: 孩子九点睡, 湊仔瞓覺; session 34)
    r"|点睡|點睡|瞓"
    # the borrower's night shift or closing time (你夜班十二点才结束, 你十二点收摊; session 33)
    r"|夜班|收工|收摊|关店|关门|打烊|收档"
    r"|after work|after your shift|late shift|night shift|after your late|after dinner|bedtime|before bed"
    # the borrower at home in the evening ("make sure you're home after 11"; session 46)
    r"|you're home|you are home|you get home|you're back home|you get back home|get in from work"
)
_SENTENCE_END = "。！!？?\n；;"
# the borrower coming home or in bed: what places a bare word hour in the night (session 47)
_EN_HOME_CUE = lazy_compile(
    r"\byou(?:'re| are) (?:back )?home|\byou get (?:back )?home|\byou come (?:back )?home"
    r"|\byou(?:'re| are) back\b|\byou get back\b|\byou get in\b|\byou roll in|\byou(?:'re| are) in bed"
    r"|\byou(?:'re| are) asleep|\byou go to bed|\byou(?:'ve| have) gone to bed",
    cached=False,
)


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1


def _half_of_day(text: str, start: int, end: int) -> str | None:
    """ "am" or "pm" when the sentence around text[start:end] says which, else None."""
    left = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    right = min(
        (i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0), default=len(text)
    )
    morning = _MORNING_CUES.search(text, left, right) is not None
    evening = _EVENING_CUES.search(text, left, right) is not None
    if not morning and not evening and left > 0 and _THEN_OPEN.match(text, left):
        # "你晚上不是十一点才下班吗？那我就十一点半给你打": a "then" sentence takes its part of
        # the day from the sentence before it
        before = max(text.rfind(ch, 0, left - 1) for ch in _SENTENCE_END) + 1
        morning = _MORNING_CUES.search(text, before, left) is not None
        evening = _EVENING_CUES.search(text, before, left) is not None
        left = before
    if not morning and not evening and _ZH_NIGHT.search(text, left, right) is not None:
        # "你不是凌晨一点才下班嘛，那我一点十分准时打过来": the small hours named beside a bare
        # hour place it in them (session 32)
        return "am"
    if morning == evening:
        return None
    return "am" if morning else "pm"


# (session 34: a reply word first, "行，那我十一点半再打", "没事，我十一点以后再打过来", "得，我十一點再打")
_THEN_OPEN = lazy_compile(
    r"\s*(?:那|那么|那麼|好，那|好那"
    r"|(?:行|好|好的|得|可以|没事|沒事|没问题|沒問題|成|中|ok|OK)[，,]\s*(?:那|我|我们|我們|我哋))"
)


_EN_HOURS = {w: n for w, n in _EN_UNITS.items() if 1 <= n <= 12}  # "half past five"


def _en_minutes(g: Mapping[str, str | None]) -> int | None:
    """Minutes after midnight of "11:30 pm", "5 a.m. tomorrow", "half past five in the morning"
    (a word hour only with a.m./p.m. or a part of the day after it)."""
    word = (g.get("hw") or "").lower()
    hour = _EN_HOURS[word] if word else int(g.get("h") or 0)
    minute = int(g.get("m") or 0)
    frac = (g.get("frac") or "").lower()
    if frac:
        minute = {"half past": 30, "half": 30, "quarter past": 15}.get(frac, 45)
        hour = hour - 1 if frac == "quarter to" else hour
    ap = (g.get("ap") or "").lower().replace(".", "")
    ctx = (g.get("ctx") or "").lower()
    if hour > 24 or minute > 59:
        return None
    if ap == "am" or (not ap and ctx in ("in the morning", "tomorrow morning")):
        hour = 0 if hour == 12 else hour  # "2 a.m. tonight" is 2 a.m.
    elif ctx == "tonight" and not ap and 1 <= hour <= 5:
        pass  # "tonight at 1", "3 tonight": the small hours
    elif ap == "pm" or ctx in (
        "tonight",
        "at night",
        "this evening",
        "in the evening",
        "tomorrow evening",
    ):
        if hour < 12:
            hour += 12
    elif (
        g.get("half") and g.get("clockish") and not g.get("m") and not (word and (frac or hour < 6))
    ):
        # a bare hour after a time word, placed by its sentence ("ringing at 5 every morning",
        # "in your area tonight, round 11"); in the evening 1-5 is read only beside a night
        if g["half"] == "am":
            hour = 0 if hour == 12 else hour
        elif 6 <= hour <= 11:
            hour += 12
        elif hour == 12:
            hour = 0
        elif not (g.get("night") and hour <= 4):
            return None  # "after work at 5"
    elif g.get("half") and word and frac:
        if g["half"] == "pm" and hour < 12:
            hour += 12  # "quarter to six" in a sentence about the evening
        elif g["half"] == "pm" and hour == 12:
            hour = 0  # "half twelve" after a late shift: half past midnight
    elif not (g.get("m") and hour >= 13 and g.get("sep") != "."):
        return None  # a bare number is not a time
    pre = (g.get("pre") or "").lower()
    total = (hour % 24) * 60 + minute
    if pre == "before":
        return (total - 1) % 1440
    if pre == "after":
        return (total + 1) % 1440
    return total


def _quiet(policy: ContactPolicy, minute: int) -> bool:
    start = _minutes(policy.quiet_start, "quiet_start")
    end = _minutes(policy.quiet_end, "quiet_end")
    if start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


# "过两个小时再打给你", "半小时后", "in 3 hours": a time relative to when the message is sent,
# read only when the caller says when that is.
_ZH_AFTER = lazy_compile(
    r"(?:过|再过|等)?\s*(?P<n>[0-9]{1,2}|[一二两三四五六七八九十半]{1,3})\s*(?:个)?\s*"
    r"(?P<u>小时|钟头|钟|分钟)(?:半)?\s*(?P<post>后|以后|之后)?"
)
_EN_AFTER = lazy_compile(
    r"\bin\s+(?:(?P<n>[0-9]{1,2}|an?|one|two|three|four|five|six|half an?)\s+)"
    r"(?P<u>hours?|minutes?|mins?)\b|(?P<n2>[0-9]{1,2}|an?|one|two|three|four|five|six)\s+"
    r"(?P<u2>hours?|minutes?)\s+from\s+now\b",
    re.IGNORECASE,
)
_EN_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _delay_minutes(amount: str, unit: str) -> int | None:
    amount = amount.lower()
    if amount.startswith("half"):
        value = 0.5
    elif amount in _EN_COUNT:
        value = float(_EN_COUNT[amount])
    elif amount == "半":
        value = 0.5
    else:
        whole = _cn_int(amount.replace("半", "")) if amount.replace("半", "") else 0
        if whole is None:
            return None
        value = whole + (0.5 if amount.endswith("半") and len(amount) > 1 else 0)
    minutes = value * (1 if unit.lower().startswith(("min", "分")) else 60)
    return int(minutes) if 0 < minutes <= 24 * 60 else None


def _relative_times(light: str, policy: ContactPolicy, now_utc_ms: int) -> list[tuple[int, int]]:
    local = _local(policy, now_utc_ms)
    now = local.hour * 60 + local.minute
    found = []
    for m in _ZH_AFTER.finditer(light):
        if not (m.group(0).startswith(("过", "再过", "等")) or m.group("post")):
            continue  # "两个小时" alone is a duration, not a time
        delay = _delay_minutes(m.group("n"), m.group("u"))
        if delay is not None and _quiet(policy, (now + delay) % 1440):
            found.append((m.start(), m.end()))
    for m in _EN_AFTER.finditer(light):
        delay = _delay_minutes(m.group("n") or m.group("n2"), m.group("u") or m.group("u2"))
        if delay is not None and _quiet(policy, (now + delay) % 1440):
            found.append((m.start(), m.end()))
    return found


_HANZI_CHAR = lazy_compile(r"[\u4e00-\u9fff]", cached=False)
_LATIN_WORD = lazy_compile(r"[a-z]{3}", cached=False)
_EN_SMALL_HOURS = lazy_compile(
    r"\bnight|midnight|wake|asleep|sleeping|bed\b|[ap]\.?m\b", cached=False
)


def _en_bare_clock(light: str, m: re.Match[str]) -> bool:
    """True for "3:30" (one to seven, no am/pm, no part of the day) in an English sentence with
    no word of the night or the morning: English writes the small hours with "am" or "at night",
    so a bare "after 3:30" is the afternoon, not a time to guess (session 46)."""
    hour = m.group("h")
    if not hour.isdigit() or not 1 <= int(hour) <= 7:
        return False
    left = max(light.rfind(ch, 0, m.start()) for ch in _SENTENCE_END) + 1
    right = min(
        (i for i in (light.find(ch, m.end()) for ch in _SENTENCE_END) if i >= 0), default=len(light)
    )
    if _HANZI_CHAR.search(light, left, right) or _EN_SMALL_HOURS.search(light, left, right):
        return False
    return _MORNING_CUES.search(light, left, right) is None and bool(
        _LATIN_WORD.search(light, left, right)
    )


def quiet_times(
    norm: Any, policy: ContactPolicy, now_utc_ms: int | None = None
) -> list[tuple[int, int]]:
    """Dense spans of the times named in ``norm`` (a Normalized text) that fall inside the
    quiet hours of ``policy``; with ``now_utc_ms`` (when the message is sent), times
    relative to it too ("过两个小时再打给你")."""
    light = norm.light
    relative = _relative_times(light, policy, now_utc_ms) if now_utc_ms is not None else []
    if not relative and not _ANY_TIME.search(light):
        return []
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        o_start, o_end = norm.light_span(start, end)
        d_start = bisect.bisect_left(norm.dense_map, o_start)
        d_end = bisect.bisect_left(norm.dense_map, o_end)
        if d_end > d_start:
            spans.append((d_start, d_end))

    for m in _ZH_TIME.finditer(light):
        if _EN_PART_AFTER.match(light, m.end()):
            continue  # "6:15 this evening", "3:30 this afternoon": the English reader places it
        if m.group("mm") and not m.group("pre") and _en_bare_clock(light, m):
            continue  # "I'll call back after 3:30 once you've picked the kids up": not 03:30
        minute = _zh_minutes(m)
        if minute is not None and not m.group("post") and _RANGE_END.search(light, 0, m.start()):
            # 早上8点到晚上10点, 8:00-22:00: the end of a window is not in it
            minute = (minute - 1) % 1440
        if minute is not None and _quiet(policy, minute):
            add(m.start("pre") if m.group("pre") else m.start("h"), m.end())
    end = 0
    said_ctx = "night" in light or "evening" in light  # _EN_CTX_BEFORE needs one of them
    for d in _EN_DIGITS.finditer(light):
        if d.start() < end:
            continue  # inside the time just read
        clock = _EN_TIME.match(light, d.start())
        if clock is None:
            continue
        end = clock.end()
        g = clock.groupdict()
        before = _EN_PRE.search(light, max(0, d.start() - 16), d.start())
        g["pre"] = before.group("pre") if before else None
        if not g["ap"] and not g["ctx"] and said_ctx:
            said = _EN_CTX_BEFORE.search(light, max(0, d.start() - 28), d.start())
            g["ctx"] = said.group("ctx") if said else None
        if (
            not g["ap"]
            and not g["ctx"]
            and not g["m"]
            and _EN_CLOCK_WORD.search(light, max(0, d.start() - 24), d.start())
        ):
            g["clockish"] = "1"
            g["half"] = _half_of_day(light, d.start(), clock.end())
            if g["half"] == "pm":
                left = max(light.rfind(ch, 0, d.start()) for ch in _SENTENCE_END) + 1
                g["night"] = "1" if _EN_NIGHT_WORD.search(light, left, clock.end() + 40) else None
        minute = _en_minutes(g)
        if minute is not None and _quiet(policy, minute):
            add(clock.start("h"), clock.end())
    for w in _EN_WORD_SCAN.finditer(light):
        if w.start() and light[w.start() - 1].isalpha():
            continue  # "someone", "phone"
        word_time = _EN_WORD_TIME.match(light, w.start())
        g = word_time.groupdict() if word_time else {}
        if word_time and not g["ap"] and not g["ctx"]:
            g["half"] = _half_of_day(light, word_time.start(), word_time.end())
            if (
                not g["frac"]
                and g["half"] != "am"
                and _EN_CLOCK_WORD.search(light, max(0, w.start() - 24), w.start())
                and _EN_HOME_CUE.search(light, _sentence_start(light, w.start()), w.end() + 60)
            ):
                g["half"] = "pm"
                # a bare word hour after a time word with the borrower coming home around it
                # ("when you get home after eleven"): six to twelve, in the evening (a word hour
                # beside "after work" or a shift stays unread: "at eleven" may be the morning;
                # "at one point" is not an hour; session 47)
                g["clockish"] = "1"
                before = _EN_PRE.search(light, max(0, w.start() - 16), w.start())
                g["pre"] = before.group("pre") if before else None
        minute = _en_minutes(g) if word_time else None
        if word_time and minute is not None and _quiet(policy, minute):
            add(word_time.start(), word_time.end())
    for start, end in relative:
        add(start, end)
    for regex, minute in ((_ZH_NIGHT, 60), (_EN_NIGHT, 0), (_EN_DAWN, 300), (_ZH_DAWN, 300)):
        for m in regex.finditer(light):
            if _quiet(policy, minute) and not any(s <= m.start() < e for s, e in spans):
                add(m.start(), m.end())
    return sorted(set(spans))
