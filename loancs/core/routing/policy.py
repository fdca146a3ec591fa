"""How conversations are ranked and routed: every knob of the routing engine in one place.

A lender tunes these from a TOML/JSON config (``RoutingPolicy.from_dict``). The priority
of a waiting conversation is ``base + aging_per_minute * minutes waited``, where ``base``
comes from the urgency, the channel, the loan amount and the credit band (or a
supervisor's override). Because every conversation ages at the same rate, the order of
two waiting conversations never changes with time, which lets the router keep them in a
sorted structure instead of re-ranking on every decision.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

CHANNELS: tuple[str, ...] = ("phone", "chat", "wechat")
URGENCIES: tuple[str, ...] = ("normal", "complaint", "overdue", "vip", "deadline")
STRATEGIES: tuple[str, ...] = ("least_loaded", "longest_idle", "round_robin")

MINUTE_MS = 60_000
DAY_MS = 86_400_000


def _default_urgency_points() -> dict[str, int]:
    return {"normal": 0, "complaint": 40, "overdue": 30, "vip": 50, "deadline": 35}


def _default_channel_points() -> dict[str, int]:
    # A caller on hold hangs up within minutes; a chat tab stays open; WeChat is asynchronous.
    return {"phone": 30, "chat": 15, "wechat": 5}


def _default_amount_points() -> tuple[tuple[Decimal, int], ...]:
    # (at least this many yuan, points); the highest band reached counts.
    return (
        (Decimal("0"), 0),
        (Decimal("100000"), 5),
        (Decimal("500000"), 10),
        (Decimal("2000000"), 20),
    )


def _default_credit_points() -> dict[str, int]:
    return {"A": 6, "B": 3, "C": 0, "D": 0}


@dataclass(frozen=True)
class RoutingPolicy:
    """Routing configuration. Times are milliseconds; points are priority points."""

    sticky: bool = True
    sticky_window_ms: int = 30 * DAY_MS
    sticky_wait_ms: int = 5_000
    # Whether the returning customer's agent must hold the loan-type skill too (the language
    # is always needed). Off: the relationship counts more than the specialism.
    sticky_needs_skill: bool = False
    use_tiers: bool = True
    # tier_waits_ms[i] = how long a conversation waits before agents of tier i+1 may get it;
    # agents of a tier beyond the list count as the last tier.
    tier_waits_ms: tuple[int, ...] = (0, 60_000, 180_000)
    # Skip straight to the next tier when no agent of the better tiers is on duty
    # (FreeSWITCH's tier-rule-no-agent-no-wait).
    skip_empty_tiers: bool = True
    offer_timeout_ms: int = 20_000
    max_missed_offers: int = 3
    # After a decline or a missed offer, the same agent is not offered that conversation
    # again for this long (others are tried first).
    reoffer_cooldown_ms: int = 60_000
    disconnect_grace_ms: int = 120_000
    # Work left with an agent on break is re-queued after this long (None: never).
    break_requeue_ms: int | None = 600_000
    wrapup_ms: int = 30_000
    strategy: str = "least_loaded"
    urgency_points: dict[str, int] = field(default_factory=_default_urgency_points)
    channel_points: dict[str, int] = field(default_factory=_default_channel_points)
    amount_points: tuple[tuple[Decimal, int], ...] = field(default_factory=_default_amount_points)
    credit_points: dict[str, int] = field(default_factory=_default_credit_points)
    aging_per_minute: float = 2.0
    # Offset of the lender's zone used in reason strings ("served this customer on 11-20").
    display_utc_offset_min: int = 480

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ValueError(f"unknown routing strategy {self.strategy!r}; use one of {STRATEGIES}")
        if not self.tier_waits_ms or self.tier_waits_ms[0] != 0:
            raise ValueError("tier_waits_ms must start with 0 (tier 1 is eligible at once)")
        if list(self.tier_waits_ms) != sorted(self.tier_waits_ms):
            raise ValueError("tier_waits_ms must not decrease")
        if self.offer_timeout_ms <= 0:
            raise ValueError("offer_timeout_ms must be positive")
        if self.max_missed_offers < 1:
            raise ValueError("max_missed_offers must be at least 1")
        if self.aging_per_minute < 0:
            raise ValueError("aging_per_minute must not be negative")
        for name in ("sticky_window_ms", "sticky_wait_ms", "disconnect_grace_ms", "wrapup_ms"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RoutingPolicy:
        """Build a policy from a parsed TOML/JSON table; unknown keys are an error."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown routing settings: {', '.join(unknown)}")
        kwargs: dict[str, Any] = dict(d)
        if "tier_waits_ms" in kwargs:
            kwargs["tier_waits_ms"] = tuple(int(x) for x in kwargs["tier_waits_ms"])
        if "amount_points" in kwargs:
            raw = kwargs["amount_points"]
            pairs = raw.items() if isinstance(raw, dict) else raw
            kwargs["amount_points"] = tuple(
                sorted((Decimal(str(amount)), int(points)) for amount, points in pairs)
            )
        for name in ("urgency_points", "channel_points", "credit_points"):
            if name in kwargs:
                merged = getattr(cls(), name) | {k: int(v) for k, v in kwargs[name].items()}
                kwargs[name] = merged
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """The policy as plain JSON-able values (the inverse of ``from_dict``)."""
        out = dataclasses.asdict(self)
        out["tier_waits_ms"] = list(self.tier_waits_ms)
        out["amount_points"] = [[str(a), p] for a, p in self.amount_points]
        return out

    def base_priority(
        self,
        channel: str,
        urgency: str | None,
        amount: Decimal | None,
        credit_band: str | None,
    ) -> int:
        """Priority points before aging."""
        points = self.urgency_points.get(urgency or "normal", 0)
        points += self.channel_points.get(channel, 0)
        if amount is not None:
            band_points = 0
            for threshold, points_at_threshold in self.amount_points:
                if amount < threshold:
                    break
                band_points = points_at_threshold
            points += band_points
        if credit_band is not None:
            points += self.credit_points.get(credit_band, 0)
        return points

    def aged_priority(self, base: float, waited_ms: int) -> float:
        """Priority after waiting ``waited_ms``."""
        return base + self.aging_per_minute * max(waited_ms, 0) / MINUTE_MS

    def tier_for_wait(self, waited_ms: int) -> int:
        """The worst agent tier a conversation may go to after waiting ``waited_ms``."""
        if not self.use_tiers:
            return 1_000_000
        tier = 1
        for index, wait in enumerate(self.tier_waits_ms):
            if waited_ms >= wait:
                tier = index + 1
        if tier == len(self.tier_waits_ms):
            return 1_000_000  # the last tier covers every worse tier too
        return tier

    def wait_for_tier(self, tier: int) -> int:
        """How long a conversation waits before agents of ``tier`` may get it."""
        return self.tier_waits_ms[min(max(tier, 1), len(self.tier_waits_ms)) - 1]
