"""Exceptions of the client: a problem answered by the backend, or a backend that could
not be reached."""
from __future__ import annotations

from typing import Any, List, Mapping, Optional


class RunProgressError(Exception):
    """Base class of every error this package raises."""


class ProblemError(RunProgressError):
    """The backend refused a request with an RFC 9457 problem (``application/problem+json``).

    Raised for answers a retry cannot fix (400, 401, 403, 404, 409, 410, 413, 415, 422, ...),
    and for retryable answers (429, 5xx) once the retries are used up.

    Attributes:
        type: the problem's ``type`` URI (``urn:run-progress-kit:problem:validation``, ...).
        title: short words for the kind of problem.
        status: the HTTP status.
        detail: what went wrong with this request, when the server says.
        errors: for validation problems, ``[{"pointer": "/events/0/text", "message": ...}]``.
        first_seq: for history problems, the oldest retained seq.
        retry_after: the ``Retry-After`` the server asked for, in seconds, if any.
        body: the whole parsed problem (servers may add fields).
        attempts: how many attempts the request made before this answer.
    """

    def __init__(
        self,
        status: int,
        type: str = "about:blank",
        title: str = "",
        detail: Optional[str] = None,
        errors: Optional[List[Mapping[str, str]]] = None,
        first_seq: Optional[int] = None,
        retry_after: Optional[float] = None,
        body: Optional[Mapping[str, Any]] = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.type = type
        self.title = title or f"HTTP {status}"
        self.detail = detail
        self.errors = list(errors or [])
        self.first_seq = first_seq
        self.retry_after = retry_after
        self.body = dict(body or {})
        self.attempts = attempts
        text = f"{self.status} {self.title}"
        if detail:
            text += f": {detail}"
        if self.errors:
            text += " (" + "; ".join(f"{e.get('pointer', '')}: {e.get('message', '')}" for e in self.errors[:5]) + ")"
        super().__init__(text)

    @property
    def retryable(self) -> bool:
        """Whether the contract says to back off and retry (408, 425, 429, 5xx)."""
        return is_retryable_status(self.status)


class BackendUnavailable(RunProgressError):
    """The backend could not be reached (connection refused, timeout, reset...) and the
    retries were used up. ``cause`` is the last network error, ``attempts`` how many were made."""

    def __init__(self, message: str, cause: Optional[BaseException] = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.cause = cause
        self.attempts = attempts


def is_retryable_status(status: int) -> bool:
    """The contract's client action for a status: 408, 425, 429 and every 5xx back off
    and retry; any other 4xx stops (401 refreshes the token once)."""
    return status >= 500 or status in (408, 425, 429)
