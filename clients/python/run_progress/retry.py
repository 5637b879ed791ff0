"""When to retry and how long to wait: full-jitter exponential backoff that honours a
server's ``Retry-After``."""
from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class RetryPolicy:
    """How a request is retried after a network error, a 5xx, or a 408/425/429 answer.

    The wait before retry ``n`` (1-based) is uniform in ``[0, min(max_delay, base_delay *
    2 ** (n - 1))]`` (full jitter: many producers that lost the backend together do not
    come back together), and at least the ``Retry-After`` the server asked for (capped at
    ``max_retry_after``).

    Attributes:
        max_attempts: attempts in all, the first included; ``None`` for no limit.
        base_delay: seconds; the ceiling of the first wait.
        max_delay: seconds; the largest ceiling of a jittered wait.
        max_elapsed: seconds from the first attempt after which no retry starts (``None``:
            no limit). A ``Retry-After`` that would end past it gives up at once.
        max_retry_after: seconds; a larger ``Retry-After`` is waited as this.
    """

    max_attempts: Optional[int] = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_elapsed: Optional[float] = 60.0
    max_retry_after: float = 120.0

    def backoff(self, retry: int, retry_after: Optional[float] = None, rng: Callable[[], float] = random.random) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * float(2 ** min(max(retry - 1, 0), 32)))
        delay = rng() * ceiling
        if retry_after is not None:
            delay = max(delay, min(max(retry_after, 0.0), self.max_retry_after))
        return delay

    def allows(self, attempts_made: int, started: float, delay: float, now: Optional[float] = None) -> bool:
        """Whether another attempt may start after ``delay`` seconds, given ``attempts_made``
        so far and the monotonic time ``started`` of the first."""
        if self.max_attempts is not None and attempts_made >= self.max_attempts:
            return False
        if self.max_elapsed is not None:
            current = time.monotonic() if now is None else now
            if current + delay - started > self.max_elapsed:
                return False
        return True


#: The client's default: 5 attempts within a minute, waits of about 0.5 s up to 30 s.
DEFAULT_RETRY = RetryPolicy()
#: Never retry.
NO_RETRY = RetryPolicy(max_attempts=1)


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """A ``Retry-After`` header in seconds: delta-seconds or an HTTP date; ``None`` when
    absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)
