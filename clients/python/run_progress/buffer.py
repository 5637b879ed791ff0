"""A first-in first-out queue of pending log events bounded by count and by bytes: when
full, the oldest events are dropped and counted. Not thread-safe on its own (the handler
guards it with its lock)."""
from __future__ import annotations

from collections import deque
from typing import Any, Deque, Dict, List, Optional, Tuple

Event = Dict[str, Any]


class BoundedLogBuffer:
    """Pending events with their encoded sizes.

    Args:
        max_events: most events held.
        max_bytes: most encoded bytes held (the sum of the sizes given to :meth:`put`).
    """

    def __init__(self, max_events: int, max_bytes: int) -> None:
        if max_events < 1 or max_bytes < 1:
            raise ValueError("a buffer holds at least one event and one byte")
        self.max_events = max_events
        self.max_bytes = max_bytes
        self._items: Deque[Tuple[Event, int]] = deque()
        self._bytes = 0
        #: Events dropped since the buffer was made.
        self.dropped_total = 0
        #: Events dropped since :meth:`take_drops` last reported them.
        self.unreported_drops = 0
        #: ``time`` of the newest dropped event, if it had one.
        self.last_drop_time: Optional[str] = None

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        """Encoded bytes held."""
        return self._bytes

    def put(self, event: Event, size: int) -> int:
        """Adds ``event`` (``size`` encoded bytes, at most ``max_bytes``) at the end, dropping
        the oldest events while over a bound. Returns how many were dropped."""
        self._items.append((event, size))
        self._bytes += size
        dropped = 0
        while len(self._items) > self.max_events or (self._bytes > self.max_bytes and len(self._items) > 1):
            old, old_size = self._items.popleft()
            self._bytes -= old_size
            dropped += 1
            if old.get("time") is not None:
                self.last_drop_time = old["time"]
        self.dropped_total += dropped
        self.unreported_drops += dropped
        return dropped

    def take(self, max_events: int, max_bytes: int) -> List[Tuple[Event, int]]:
        """Removes and returns the oldest events that fit in ``max_events`` and ``max_bytes``
        (always at least one when not empty)."""
        taken: List[Tuple[Event, int]] = []
        total = 0
        while self._items and len(taken) < max_events:
            event, size = self._items[0]
            if taken and total + size > max_bytes:
                break
            self._items.popleft()
            self._bytes -= size
            total += size
            taken.append((event, size))
        return taken

    def take_drops(self) -> Tuple[int, Optional[str]]:
        """How many events were dropped since the last call, and the newest one's time."""
        count, when = self.unreported_drops, self.last_drop_time
        self.unreported_drops = 0
        self.last_drop_time = None
        return count, when

    def clear(self) -> int:
        """Drops everything (not counted as dropped); returns how many events there were."""
        count = len(self._items)
        self._items.clear()
        self._bytes = 0
        return count
