"""Business hours in the lender's zone: is the team in, and when does it start next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class BusinessHours:
    start: time = time(9, 0)
    end: time = time(18, 0)
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    timezone: str = "Asia/Shanghai"
    holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_config(
        cls,
        hours: str = "09:00-18:00",
        weekdays: Iterable[int] | None = None,
        timezone: str = "Asia/Shanghai",
        holidays: Iterable[date | str] = (),
    ) -> BusinessHours:
        a, b = hours.split("-")
        return cls(
            time.fromisoformat(a.strip()),
            time.fromisoformat(b.strip()),
            tuple(weekdays) if weekdays is not None else (0, 1, 2, 3, 4),
            timezone,
            frozenset(date.fromisoformat(str(d)) for d in holidays),
        )

    def _local(self, now_ms: int) -> datetime:
        return datetime.fromtimestamp(now_ms / 1000, ZoneInfo(self.timezone))

    def _working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def is_open(self, now_ms: int) -> bool:
        local = self._local(now_ms)
        return self._working_day(local.date()) and self.start <= local.time() < self.end

    def next_open(self, now_ms: int) -> datetime:
        """When the team is next in (now, if it is)."""
        local = self._local(now_ms)
        if self.is_open(now_ms):
            return local
        day = local.date()
        if self._working_day(day) and local.time() < self.start:
            return datetime.combine(day, self.start, local.tzinfo)
        for _ in range(60):
            day += timedelta(days=1)
            if self._working_day(day):
                return datetime.combine(day, self.start, local.tzinfo)
        return datetime.combine(day, self.start, local.tzinfo)

    def describe_next(self, now_ms: int, lang: str) -> str:
        opening = self.next_open(now_ms)
        today = self._local(now_ms).date()
        hhmm = opening.strftime("%H:%M")
        if opening.date() == today:
            return f"今天 {hhmm}" if lang == "zh" else f"today at {hhmm}"
        if opening.date() == today + timedelta(days=1):
            return f"明天 {hhmm}" if lang == "zh" else f"tomorrow at {hhmm}"
        if lang == "zh":
            return f"{opening.month}月{opening.day}日 {hhmm}"
        return opening.strftime(f"%a %d %b at {hhmm}")
