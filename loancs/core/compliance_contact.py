"""Outbound contact rules for collection conversations: quiet hours and a daily attempt cap.

China Banking Association collection guideline: no collection contact 22:00-08:00 local time
and a bounded number of attempts a day (US analogues: FDCPA 8 a.m.-9 p.m., Reg F 7 calls in 7
days). Pure: the caller passes the current time (UTC epoch ms) and the attempts already made
today (count them per :func:`local_day`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ContactPolicyError(ValueError):
    """A contact policy setting that cannot be used."""


def _minutes(value: str, name: str) -> int:
    m = _HHMM.match(value) if isinstance(value, str) else None
    if not m:
        raise ContactPolicyError(f"{name} must be HH:MM (24-hour), got {value!r}")
    return int(m.group(1)) * 60 + int(m.group(2))


@dataclass(frozen=True, slots=True)
class ContactPolicy:
    """Quiet hours [quiet_start, quiet_end) in lender time (may wrap midnight; equal times mean
    no quiet hours) and at most ``daily_cap`` outbound attempts per customer per local day."""

    quiet_start: str = "22:00"
    quiet_end: str = "08:00"
    daily_cap: int = 6
    tz: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        _minutes(self.quiet_start, "quiet_start")
        _minutes(self.quiet_end, "quiet_end")
        if isinstance(self.daily_cap, bool) or not isinstance(self.daily_cap, int):
            raise ContactPolicyError(f"daily_cap must be a whole number, got {self.daily_cap!r}")
        if self.daily_cap < 0:
            raise ContactPolicyError(f"daily_cap must not be negative, got {self.daily_cap}")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ContactPolicyError(f"unknown time zone {self.tz!r}") from None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ContactPolicy:
        """Build from a rule file's ``[contact]`` table (missing keys keep the defaults)."""
        return cls(**dict(values))


@dataclass(frozen=True, slots=True)
class ContactDecision:
    allowed: bool
    reason: str
    reason_zh: str


def _local(policy: ContactPolicy, now_utc_ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(now_utc_ms / 1000, tz=ZoneInfo(policy.tz))


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
