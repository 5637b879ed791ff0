"""A producer client for run-progress-kit backends, standard library only (Python 3.9+).

- :class:`RunClient`: create a run, report progress and steps, log lines, set the status;
  appends are idempotent and retried.
- :class:`RunLogHandler`: a ``logging.Handler`` that sends a run's log in batches from a
  background thread, never blocking or failing the pipeline.

The wire format is docs/contract.md of run-progress-kit.
"""
from __future__ import annotations

from .client import AppendResult, RunClient, RunSnapshot, new_idempotency_key
from .errors import BackendUnavailable, ProblemError, RunProgressError
from .events import error_json, log_event, progress_event, status_event, step
from .handler import HANDLER_RETRY, RunLogHandler
from .retry import DEFAULT_RETRY, NO_RETRY, RetryPolicy

__version__ = "0.1.0"

__all__ = [
    "AppendResult",
    "BackendUnavailable",
    "DEFAULT_RETRY",
    "HANDLER_RETRY",
    "NO_RETRY",
    "ProblemError",
    "RetryPolicy",
    "RunClient",
    "RunLogHandler",
    "RunProgressError",
    "RunSnapshot",
    "error_json",
    "log_event",
    "new_idempotency_key",
    "progress_event",
    "status_event",
    "step",
]
