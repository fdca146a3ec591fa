"""A token bucket, pure: the caller passes the clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TokenBucket:
    rate: float  # tokens per second
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def allow(self, now_s: float, cost: float = 1.0) -> bool:
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now_s
        elapsed = max(0.0, now_s - self.stamp)
        self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
        self.stamp = now_s
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False
