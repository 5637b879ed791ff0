"""``RunLogHandler``: a ``logging.Handler`` that appends a run's log lines in the
background, in batches, without ever blocking or failing the code that logs."""
from __future__ import annotations

import json
import logging
import os
import threading
import time
import weakref
from typing import Any, Dict, List, Optional, Tuple

from .buffer import BoundedLogBuffer, Event
from .client import RunClient, new_idempotency_key
from .errors import BackendUnavailable, ProblemError
from .events import iso_time, level_of, log_event, truncate, utf16_len
from .limits import MAX_BATCH, MAX_BODY_BYTES, MAX_LOG_TEXT
from .retry import NO_RETRY, RetryPolicy

__all__ = ["RunLogHandler", "HANDLER_RETRY"]

#: The handler's retries: without end (the queue's bounds cap memory), waits of about
#: 0.5 s up to 30 s, full jitter, at least ``Retry-After``.
HANDLER_RETRY = RetryPolicy(max_attempts=None, max_elapsed=None, base_delay=0.5, max_delay=30.0)

_MiB = 1024 * 1024
# `{"events":[` ... `]}` around a batch's events.
_BATCH_OVERHEAD = 16
# Statuses after which nothing this handler sends can be stored: stop sending.
_FINAL_STATUSES = (401, 403, 404, 409, 410)
# Refuse to shrink a line below this many characters to fit a server's body limit.
_MIN_SHRINK = 1024

# (event, counted): `counted` is false for the handler's own drop notices.
_Item = Tuple[Event, bool]


def _size(event: Event) -> int:
    text = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    return len(text.encode("utf-8", "surrogatepass")) + 1


class RunLogHandler(logging.Handler):
    """Sends log records to one run as ``log`` events, from a daemon thread.

    ``emit`` formats the record and puts it in a queue bounded by ``max_queue_lines`` AND
    ``max_queue_bytes``; it never waits for the network and never raises. When the queue
    is full the oldest lines are dropped (:attr:`dropped` counts them) and, once the backend
    takes a batch again, a ``warn`` line says how many were dropped, where they were.

    The thread sends batches of at most ``batch_max_lines`` (the contract's 5000 at most)
    and ``batch_max_bytes``, each with its own ``Idempotency-Key`` that every retry of it
    reuses, so a batch whose answer was lost is never stored twice. While the backend is
    down (network errors, 5xx, 408/425/429) it retries without end with full-jitter backoff,
    waiting at least any ``Retry-After``. Refusals that will not change (401, 403, 404, and
    409 once the run has ended) stop the handler: later lines are discarded and counted in
    :attr:`rejected`, and :attr:`last_error` says why.

    Args:
        client: the :class:`~run_progress.client.RunClient` to send with.
        run_id: the run whose log this is.
        level: the handler's threshold, as for any handler.
        stream: ``"stdout"`` or ``"stderr"`` on every line, or ``None``.
        max_queue_lines, max_queue_bytes: bounds of the queue (encoded bytes). Memory is at
            most these plus one batch in flight.
        batch_max_lines, batch_max_bytes: bounds of one append.
        max_line_chars: longest line text, in UTF-16 code units (at most the contract's
            ``MAX_LOG_TEXT``); longer lines are cut, ending with ``…``.
        linger: seconds the thread waits for more lines before sending a batch that is not
            full (fewer, larger requests); a flush or close sends at once.
        retry: backoff between attempts (:data:`HANDLER_RETRY`).
        flush_timeout: default wait of :meth:`flush`, seconds.
        close_timeout: default wait of :meth:`close`, seconds.
        split_lines: send each line of a multi-line message (a traceback) as its own event.
        send_times: send each record's creation time as the event's ``time`` (else the
            server stamps its clock when the batch arrives).
    """

    def __init__(
        self,
        client: RunClient,
        run_id: str,
        level: int = logging.NOTSET,
        *,
        stream: Optional[str] = None,
        max_queue_lines: int = 10_000,
        max_queue_bytes: int = 4 * _MiB,
        batch_max_lines: int = MAX_BATCH,
        batch_max_bytes: int = 2 * _MiB,
        max_line_chars: int = MAX_LOG_TEXT,
        linger: float = 0.25,
        retry: RetryPolicy = HANDLER_RETRY,
        flush_timeout: float = 5.0,
        close_timeout: float = 2.0,
        split_lines: bool = True,
        send_times: bool = True,
    ) -> None:
        super().__init__(level)
        if not 1 <= batch_max_lines <= MAX_BATCH:
            raise ValueError(f"batch_max_lines must be 1 to {MAX_BATCH}")
        if not 1024 <= batch_max_bytes <= MAX_BODY_BYTES:
            raise ValueError(f"batch_max_bytes must be 1024 to {MAX_BODY_BYTES}")
        if stream is not None and stream not in ("stdout", "stderr"):
            raise ValueError("stream must be 'stdout', 'stderr' or None")
        self.client = client
        self.run_id = run_id
        self.stream = stream
        self.max_queue_lines = max_queue_lines
        self.max_queue_bytes = max_queue_bytes
        self.batch_max_lines = batch_max_lines
        self.batch_max_bytes = batch_max_bytes
        self.max_line_chars = min(max_line_chars, MAX_LOG_TEXT)
        self.linger = linger
        self.retry = retry
        self.flush_timeout = flush_timeout
        self.close_timeout = close_timeout
        self.split_lines = split_lines
        self.send_times = send_times
        # A line must fit in one batch and in the queue.
        self._line_max_bytes = min(batch_max_bytes - _BATCH_OVERHEAD, max_queue_bytes)
        self._closed = False
        self._reset_state()
        _LIVE.add(self)

    def _reset_state(self) -> None:
        # Also the state of a forked child: the parent's thread and queue stay the parent's.
        self._cond = threading.Condition(threading.Lock())
        self._buffer = BoundedLogBuffer(self.max_queue_lines, self.max_queue_bytes)
        self._thread: Optional[threading.Thread] = None
        self._worker_ident: Optional[int] = None
        self._closing = False
        self._abandon = False
        self._flush_waiters = 0
        self._flush_gen = 0
        self._accepted = 0
        self._settled = 0
        self._sent = 0
        self._rejected = 0
        self._disabled: Optional[BaseException] = None
        self._last_error: Optional[BaseException] = None
        self._next_retry_at: Optional[float] = None

    # ---- what code that logs sees ------------------------------------------------------

    def emit(self, record: logging.LogRecord) -> None:
        """Queues the record's lines; returns at once, never raises."""
        try:
            if self._closed or threading.get_ident() == self._worker_ident:
                return  # lines logged by the sending thread itself would feed back
            text = self.format(record)
            level = level_of(record.levelno)
            when = iso_time(record.created) if self.send_times else None
            lines = text.split("\n") if self.split_lines else [text]
            while len(lines) > 1 and lines[-1].strip("\r") == "":
                lines.pop()
            items = [self._line(line[:-1] if line.endswith("\r") else line, level, when) for line in lines]
            with self._cond:
                if self._disabled is not None:
                    self._rejected += len(items)
                    return
                self._ensure_worker()
                for event, size in items:
                    self._accepted += 1
                    self._settled += self._buffer.put(event, size)
                self._cond.notify_all()
        except Exception:  # noqa: BLE001 - a logging handler must not fail its caller
            self.handleError(record)

    def _line(self, text: str, level: str, when: Optional[str]) -> Tuple[Event, int]:
        event = log_event(text, level, self.stream, time=when, max_text=self.max_line_chars)
        size = _size(event)
        while size > self._line_max_bytes:
            current = event["text"]
            keep = max(int(len(current) * self._line_max_bytes / size * 0.9) - 1, 0)
            event["text"] = truncate(current, keep) if keep > 0 else "…"
            size = _size(event)
            if keep == 0:
                break
        return event, size

    def flush(self, timeout: Optional[float] = None) -> bool:  # type: ignore[override]  # also says whether it got there
        """Waits until every line emitted before this call has been sent (or given up: dropped
        or refused), at most ``timeout`` seconds (default :attr:`flush_timeout`). Sends at
        once, without lingering, and cuts a backoff wait short (not a ``Retry-After``).

        Returns:
            True when everything was settled, False when the time ran out (the lines stay
            queued and the thread keeps trying).
        """
        wait = self.flush_timeout if timeout is None else max(timeout, 0.0)
        with self._cond:
            target = self._accepted
            if self._settled >= target:
                return True
            if self._closed or self._thread is None or not self._thread.is_alive():
                return False  # closed: close() already waited (logging.shutdown flushes again)
            self._flush_waiters += 1
            self._flush_gen += 1
            self._cond.notify_all()
            try:
                return self._cond.wait_for(lambda: self._settled >= target, timeout=wait)
            finally:
                self._flush_waiters -= 1

    def close(self, timeout: Optional[float] = None) -> None:
        """Sends what is queued, waiting at most ``timeout`` seconds (default
        :attr:`close_timeout`), then stops the thread. Lines emitted afterwards are ignored."""
        if self._closed:
            super().close()
            return
        self._closed = True
        wait = self.close_timeout if timeout is None else max(timeout, 0.0)
        with self._cond:
            self._closing = True
            self._flush_gen += 1
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(wait)
            if thread.is_alive():
                with self._cond:
                    self._abandon = True
                    self._cond.notify_all()
        super().close()

    # ---- state, for tests and health checks -------------------------------------------

    @property
    def dropped(self) -> int:
        """Lines dropped because the queue was full."""
        return self._buffer.dropped_total

    @property
    def rejected(self) -> int:
        """Lines the backend refused for good, or discarded after the handler stopped."""
        return self._rejected

    @property
    def sent(self) -> int:
        """Lines the backend has stored (including replayed retries)."""
        return self._sent

    @property
    def pending(self) -> int:
        """Lines emitted and not yet settled (queued or in flight)."""
        return self._accepted - self._settled

    @property
    def last_error(self) -> Optional[BaseException]:
        """The last failure (network error or problem), or ``None``."""
        return self._disabled or self._last_error

    def stats(self) -> Dict[str, Any]:
        """Counters: accepted, sent, dropped, rejected, pending, queued and queued bytes;
        whether the handler has stopped; seconds to the next retry while the backend is down."""
        with self._cond:
            return {
                "accepted": self._accepted,
                "sent": self._sent,
                "dropped": self._buffer.dropped_total,
                "rejected": self._rejected,
                "pending": self._accepted - self._settled,
                "queued": len(self._buffer),
                "queued_bytes": self._buffer.bytes,
                "stopped": self._disabled is not None,
                "retry_in": None if self._next_retry_at is None else max(self._next_retry_at - time.monotonic(), 0.0),
            }

    # ---- the thread ----------------------------------------------------------------------

    def _ensure_worker(self) -> None:
        # Called with the lock held.
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._run, name=f"run-progress-log-{self.run_id}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._worker_ident = threading.get_ident()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: len(self._buffer) > 0 or self._closing or self._abandon)
                if self._abandon or (self._closing and len(self._buffer) == 0):
                    return
                if self.linger > 0 and not self._closing and self._flush_waiters == 0:
                    self._cond.wait_for(self._batch_ready, timeout=self.linger)
                batch = self._next_batch()
            try:
                self._deliver(batch)
            except Exception as error:  # noqa: BLE001 - the thread must outlive any surprise
                self._last_error = error
                self._settle(batch, sent=False)

    def _batch_ready(self) -> bool:
        return (
            self._closing
            or self._abandon
            or self._flush_waiters > 0
            or len(self._buffer) >= self.batch_max_lines
            or self._buffer.bytes >= self.batch_max_bytes - _BATCH_OVERHEAD
        )

    def _next_batch(self) -> List[_Item]:
        # Called with the lock held. Dropped lines were the oldest queued, so their notice
        # comes first: exactly where they are missing.
        items: List[_Item] = []
        budget = self.batch_max_bytes - _BATCH_OVERHEAD
        count, when = self._buffer.take_drops()
        if count:
            notice = log_event(
                f"[run-progress] {count} log line{'s' if count != 1 else ''} dropped here: "
                "the handler's queue was full (the backend was unreachable or slower than the log)",
                "warn",
                self.stream,
                time=when,
            )
            items.append((notice, False))
            budget -= _size(notice)
        for event, _size_of in self._buffer.take(self.batch_max_lines - len(items), max(budget, 1)):
            items.append((event, True))
        return items

    def _settle(self, items: List[_Item], sent: bool) -> None:
        counted = sum(1 for _, c in items if c)
        with self._cond:
            self._settled += counted
            if sent:
                self._sent += counted
            else:
                self._rejected += counted
            self._cond.notify_all()

    def _deliver(self, items: List[_Item]) -> None:
        """Sends one batch until it is stored, refused for good, or the handler is abandoned."""
        if not items:
            return
        key = new_idempotency_key()
        attempts = 0
        times_stripped = False
        while True:
            if self._abandon:
                self._settle(items, sent=False)
                return
            attempts += 1
            try:
                self.client.append(self.run_id, [event for event, _ in items], idempotency_key=key, retry=NO_RETRY)
            except ProblemError as problem:
                self._last_error = problem
                if problem.status < 300:
                    break  # stored; only the answer was unreadable
                if problem.retryable:
                    self._wait(attempts, problem.retry_after)
                    continue
                if problem.status == 413:
                    self._deliver_smaller(items)
                    return
                if problem.status == 422 and not times_stripped and any("time" in e for e, _ in items):
                    # A clock far from the server's: let the server stamp the times.
                    for event, _ in items:
                        event.pop("time", None)
                    times_stripped = True
                    continue
                if problem.status in _FINAL_STATUSES:
                    self._stop(problem)
                self._settle(items, sent=False)
                return
            except BackendUnavailable as error:
                self._last_error = error
                self._wait(attempts, None)
                continue
            break
        with self._cond:
            self._next_retry_at = None
        self._settle(items, sent=True)

    def _deliver_smaller(self, items: List[_Item]) -> None:
        # 413: nothing was stored. Halve the batch, or the line when it is alone.
        if len(items) > 1:
            middle = len(items) // 2
            self._deliver(items[:middle])
            self._deliver(items[middle:])
            return
        event, counted = items[0]
        text = event.get("text", "")
        if utf16_len(text) <= _MIN_SHRINK:
            self._settle(items, sent=False)
            return
        smaller = dict(event, text=truncate(text, utf16_len(text) // 2))
        self._deliver([(smaller, counted)])

    def _wait(self, attempts: int, retry_after: Optional[float]) -> None:
        delay = self.retry.backoff(attempts, retry_after)
        with self._cond:
            generation = self._flush_gen
            self._next_retry_at = time.monotonic() + delay
            if retry_after is not None:
                self._cond.wait_for(lambda: self._abandon, timeout=delay)
            else:
                # A flush or close tries again at once: the backend may be back.
                self._cond.wait_for(lambda: self._abandon or self._flush_gen != generation, timeout=delay)

    def _stop(self, problem: ProblemError) -> None:
        with self._cond:
            self._disabled = problem
            pending = [(event, True) for event, _ in self._buffer.take(len(self._buffer), 1 << 62)]
        self._settle(pending, sent=False)


# Every live handler, for one fork hook for all (a hook per handler would pile up in a
# server that makes a handler per run).
_LIVE: "weakref.WeakSet[RunLogHandler]" = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for handler in list(_LIVE):
        handler._reset_state()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
