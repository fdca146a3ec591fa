"""Outbound collection contact: quiet hours in lender time and a daily attempt cap."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancs.core.compliance import ContactPolicy, check_contact, load_rules, local_day
from loancs.core.compliance.contact import ContactPolicyError
from loancs.rules_cache import FileRuleCache

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ms(year: int, month: int, day: int, hour: int, minute: int = 0, tz: ZoneInfo = SHANGHAI) -> int:
    return int(dt.datetime(year, month, day, hour, minute, tzinfo=tz).timestamp() * 1000)


@pytest.mark.parametrize(
    ("hour", "minute", "allowed"),
    [
        (7, 59, False),
        (8, 0, True),
        (12, 0, True),
        (21, 59, True),
        (22, 0, False),
        (23, 30, False),
        (0, 0, False),
    ],
)
def test_default_quiet_hours_in_shanghai_time(hour: int, minute: int, allowed: bool) -> None:
    decision = check_contact(ContactPolicy(), ms(2026, 11, 30, hour, minute), attempts_today=0)
    assert decision.allowed is allowed
    if not allowed:
        assert "quiet hours 22:00–08:00" in decision.reason
        assert "静默时段" in decision.reason_zh
        assert f"{hour:02d}:{minute:02d}" in decision.reason


def test_quiet_hours_follow_the_lender_zone_not_utc() -> None:
    # 15:00 UTC is 23:00 in Shanghai (quiet) but 10:00 in New York (allowed).
    now = int(dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC).timestamp() * 1000)
    assert not check_contact(ContactPolicy(), now, 0).allowed
    assert check_contact(ContactPolicy(tz="America/New_York"), now, 0).allowed


def test_daily_cap() -> None:
    noon = ms(2026, 11, 30, 12)
    policy = ContactPolicy()
    assert check_contact(policy, noon, 5).allowed
    refused = check_contact(policy, noon, 6)
    assert not refused.allowed
    assert "daily attempt cap" in refused.reason and "6 of 6" in refused.reason
    assert "上限 6 次" in refused.reason_zh
    assert check_contact(ContactPolicy(daily_cap=2), noon, 2).allowed is False


def test_configurable_window_without_midnight_wrap_and_disabled() -> None:
    lunch = ContactPolicy(quiet_start="12:00", quiet_end="13:30")
    assert not check_contact(lunch, ms(2026, 11, 30, 12, 45), 0).allowed
    assert check_contact(lunch, ms(2026, 11, 30, 23, 0), 0).allowed
    never_quiet = ContactPolicy(quiet_start="00:00", quiet_end="00:00")
    assert check_contact(never_quiet, ms(2026, 11, 30, 3, 0), 0).allowed


def test_local_day_counts_in_lender_time() -> None:
    # 2026-11-29 17:00 UTC is already 2026-11-30 01:00 in Shanghai
    now = int(dt.datetime(2026, 11, 29, 17, 0, tzinfo=dt.UTC).timestamp() * 1000)
    assert local_day(ContactPolicy(), now) == "2026-11-30"
    assert local_day(ContactPolicy(tz="UTC"), now) == "2026-11-29"


@pytest.mark.parametrize(
    "kwargs",
    [{"quiet_start": "7:00"}, {"quiet_end": "24:00"}, {"daily_cap": -1}, {"tz": "Nowhere/City"}],
)
def test_bad_policy_is_rejected(kwargs: dict) -> None:
    with pytest.raises(ContactPolicyError):
        ContactPolicy(**kwargs)


@given(st.integers(min_value=0, max_value=4_102_444_800_000), st.integers(0, 20))
def test_decision_matches_local_clock(now_ms: int, attempts: int) -> None:
    local = dt.datetime.fromtimestamp(now_ms / 1000, tz=SHANGHAI)
    quiet = local.hour >= 22 or local.hour < 8
    decision = check_contact(ContactPolicy(), now_ms, attempts)
    assert decision.allowed == (not quiet and attempts < 6)
    assert decision.reason and decision.reason_zh


def _at(hour: int, minute: int = 0) -> int:
    """UTC epoch ms of today's hour:minute in Shanghai."""
    shanghai = dt.timezone(dt.timedelta(hours=8))
    return int(dt.datetime(2026, 12, 1, hour, minute, tzinfo=shanghai).timestamp() * 1000)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("过两个小时再打给你", "zh.collection.quiet-hours"),
        ("两个小时后我们上门", "zh.collection.night-visit"),
        ("We'll call you again in 3 hours.", "en.collection.quiet-hours"),
    ],
)
def test_a_time_relative_to_sending_counts_when_the_sending_time_is_known(
    text: str, rule: str
) -> None:
    rules = load_rules(cache=FileRuleCache.default())
    assert rule in {h.rule for h in rules.check(text, now_utc_ms=_at(21)).hits}
    assert rules.check(text, now_utc_ms=_at(15)).verdict == "ok"  # lands at 17:00-18:00
    assert rules.check(text).verdict == "ok"  # no sending time: nothing to resolve


def test_a_duration_is_not_a_time() -> None:
    assert (
        load_rules(cache=FileRuleCache.default())
        .check("这个流程需要两个小时，打电话问也一样", now_utc_ms=_at(21))
        .verdict
        == "ok"
    )
