"""The contract's limits and vocabularies, as in ``src/contract/limits.ts`` and
``src/contract/vocabulary.ts`` of run-progress-kit (docs/contract.md).

A producer that stays inside these is never refused for size.
"""
from __future__ import annotations

import re
from typing import FrozenSet

#: Longest log line text, in UTF-16 code units (1 MiB of ASCII).
MAX_LOG_TEXT = 1_048_576
#: Longest phase key, step key, label, message or error message (UTF-16 code units).
MAX_SHORT_TEXT = 4_096
#: Most steps in a run's checklist.
MAX_STEPS = 1_000
#: Most events in one append request.
MAX_BATCH = 5_000
#: Longest run id.
MAX_RUN_ID = 64
#: Largest request body the reference server accepts by default (``limits.maxBodyBytes``).
MAX_BODY_BYTES = 4 * 1024 * 1024
#: Longest ``Idempotency-Key`` (1-200 visible ASCII characters).
MAX_IDEMPOTENCY_KEY = 200
#: How far a producer's time may be ahead of the server's clock, in seconds.
MAX_TIME_AHEAD_S = 5 * 60
#: How far a producer's time may be behind the server's clock, in seconds.
MAX_TIME_BEHIND_S = 7 * 24 * 60 * 60

#: A run id: 1 to 64 of ``A-Z a-z 0-9 _ -``, except three names JavaScript maps mangle.
RUN_ID_PATTERN = re.compile(r"^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{1,64}$")
#: An ``Idempotency-Key`` header value.
IDEMPOTENCY_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,200}$")

#: Run statuses; the last three are terminal.
RUN_STATUSES: FrozenSet[str] = frozenset({"queued", "running", "succeeded", "failed", "cancelled"})
TERMINAL_STATUSES: FrozenSet[str] = frozenset({"succeeded", "failed", "cancelled"})
#: States of one step of a run's checklist.
STEP_STATES: FrozenSet[str] = frozenset({"waiting", "running", "done", "failed", "skipped"})
#: Log levels, least severe first: ``debug info warn error``.
LOG_LEVELS = ("debug", "info", "warn", "error")
#: Output streams a log line may come from.
LOG_STREAMS: FrozenSet[str] = frozenset({"stdout", "stderr"})
