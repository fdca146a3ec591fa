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
        # (asked for every frame a server reads: plain comparisons, no max/min calls, and
        # one cap for a refill, a clock that did not move and a burst lowered meanwhile)
        tokens = self.tokens
        elapsed = now_s - self.stamp
        self.stamp = now_s
        if tokens >= 0.0:
            if elapsed > 0.0:
                tokens += elapsed * self.rate
        else:  # a new bucket: full
            tokens = self.burst
        if tokens > self.burst:
            tokens = self.burst
        if tokens >= cost:
            self.tokens = tokens - cost
            return True
        self.tokens = tokens
        return False
