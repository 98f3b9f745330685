"""Token buckets, and a bounded table of them keyed by who is acting."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """``rate`` tokens a second up to ``burst``; each action takes one."""

    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def take(self, now: float) -> bool:
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def wait_seconds(self) -> float:
        """How long until the next token, after a refusal."""
        return max(0.0, (1.0 - self.tokens) / self.rate) if self.rate else 60.0


class Limiter:
    """One bucket per key (an address, an email), least recently used ones
    forgotten past ``max_keys`` so the table cannot grow without bound."""

    def __init__(self, per_minute: float, burst: float, max_keys: int = 10_000):
        self.rate = per_minute / 60.0
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def allow(self, key: str, now: float | None = None) -> tuple[bool, float]:
        """(allowed, seconds to wait when not)."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.pop(key, None) or TokenBucket(self.rate, self.burst)
        self._buckets[key] = bucket
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.take(now):
            return True, 0.0
        return False, bucket.wait_seconds()
