"""``RunClient``: the producer side of the contract over REST (create a run, append
progress, log lines and status), with idempotent, retried appends."""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union
from urllib.parse import urlencode

from .errors import BackendUnavailable, ProblemError, RunProgressError
from .events import (
    ErrorLike,
    StepLike,
    TimeLike,
    create_body,
    log_event,
    progress_event,
    status_event,
)
from .limits import IDEMPOTENCY_KEY_PATTERN, MAX_BATCH, RUN_ID_PATTERN
from .retry import DEFAULT_RETRY, RetryPolicy, parse_retry_after
from .transport import NETWORK_ERRORS, HttpResponse, Transport, UrllibTransport

__all__ = ["AppendResult", "RunClient", "RunSnapshot", "new_idempotency_key"]

#: A run snapshot as the server sends it (``id``, ``status``, ``seq``, ``steps``, ...; see
#: docs/contract.md "The snapshot"). Unknown fields are kept.
RunSnapshot = Dict[str, Any]
#: A bearer token, or a function that returns a current one (called again once on 401).
TokenLike = Union[str, Callable[[], str], None]

_USER_AGENT = "run-progress-python/0.1"


def new_idempotency_key() -> str:
    """A fresh ``Idempotency-Key``: ``rpk-`` and 32 hex digits."""
    return "rpk-" + uuid.uuid4().hex


@dataclass(frozen=True)
class AppendResult:
    """The answer to an append: the seqs the events got. ``replayed`` is true when the
    server had already stored this append (a retry with the same idempotency key)."""

    run_id: str
    first_seq: int
    last_seq: int
    replayed: bool


class RunClient:
    """A producer of the run-progress contract.

    Args:
        base_url: the API base, e.g. ``http://127.0.0.1:8080/api``.
        token: a producer token (``Authorization: Bearer``), or a function returning one;
            ``None`` for a server in open mode.
        timeout: seconds for one HTTP exchange (connect and each read).
        retry: how network errors, 5xx and 408/425/429 answers are retried (honouring
            ``Retry-After``); :data:`~run_progress.retry.NO_RETRY` to fail at once.
        transport: the HTTP exchange, for tests or another HTTP stack.
        sleep: waits between attempts (``time.sleep``).

    Every method is thread-safe. Refusals a retry cannot fix raise
    :class:`~run_progress.errors.ProblemError`; a backend still unreachable once the
    retries are used up raises :class:`~run_progress.errors.BackendUnavailable`.
    """

    def __init__(
        self,
        base_url: str,
        token: TokenLike = None,
        timeout: float = 10.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        transport: Optional[Transport] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self._token = token
        self._transport: Transport = transport or UrllibTransport()
        self._sleep = sleep

    # ---- runs -------------------------------------------------------------------------

    def create_run(
        self,
        id: Optional[str] = None,
        kind: Optional[str] = None,
        title: Optional[str] = None,
        steps: Optional[Sequence[Union[str, StepLike]]] = None,
    ) -> RunSnapshot:
        """Creates a run (``POST /runs``) and returns its snapshot (status ``queued``).

        Args:
            id: 1-64 of ``A-Z a-z 0-9 _ -``. Left out, the client picks a random UUID, so a
                create retried after a lost answer cannot make two runs (its retry meets a
                409 and returns the run the lost attempt made).
            kind: what sort of job; runs of one kind share duration estimates.
            title: words for people.
            steps: the checklist, as step keys or ``{"key", "label"?}``.

        Raises:
            ProblemError: 409 when ``id`` is taken, 422 when a field does not fit, ...
        """
        chosen = id if id is not None else str(uuid.uuid4())
        _check_run_id(chosen)
        body = create_body(chosen, kind, title, steps)
        try:
            return self._json(self._send("POST", "/runs", body))
        except ProblemError as problem:
            # A retry after a lost answer meets the run its first attempt created: take it
            # when it is ours (a fresh UUID, or the same kind and title and nothing appended).
            if problem.status != 409 or problem.attempts < 2:
                raise
            try:
                found = self.get_run(chosen)
            except RunProgressError:
                raise problem from None
            if id is None or (found.get("seq") == 0 and found.get("kind") == body.get("kind")
                              and found.get("title") == body.get("title")):
                return found
            raise

    def get_run(self, run_id: str) -> RunSnapshot:
        """The run's snapshot (``GET /runs/{id}``): status, seq, phase, percent, steps, ..."""
        _check_run_id(run_id)
        return self._json(self._send("GET", f"/runs/{run_id}"))

    def get_events(self, run_id: str, after: int = 0, limit: Optional[int] = None) -> Dict[str, Any]:
        """A page of events with ``seq > after`` (``GET /runs/{id}/events``):
        ``{runId, events, firstSeq, lastSeq, status}``."""
        _check_run_id(run_id)
        query: Dict[str, int] = {"after": after}
        if limit is not None:
            query["limit"] = limit
        return self._json(self._send("GET", f"/runs/{run_id}/events?{urlencode(query)}"))

    def get_logs(self, run_id: str, tail: int = 200) -> Dict[str, Any]:
        """The run's last ``tail`` log events (``GET /runs/{id}/logs``): ``{runId, lines, lastSeq}``."""
        _check_run_id(run_id)
        return self._json(self._send("GET", f"/runs/{run_id}/logs?{urlencode({'tail': tail})}"))

    # ---- appends ----------------------------------------------------------------------

    def append(
        self,
        run_id: str,
        events: Iterable[Mapping[str, Any]],
        idempotency_key: Optional[str] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> AppendResult:
        """Appends events (``POST /runs/{id}/events``) as one batch, stored whole or not at all.

        Every attempt carries the same ``Idempotency-Key`` (a new one unless given), so a
        retry after a lost answer is answered ``replayed`` and stores nothing twice.

        Args:
            events: contract events, e.g. from :func:`~run_progress.events.log_event`; 1 to
                ``MAX_BATCH``.
            idempotency_key: 1-200 visible ASCII characters; reuse one to retry an append
                yourself.
            retry: overrides the client's policy for this call.

        Raises:
            ProblemError: 409 when the run has ended, 404 for an unknown run, 422, ...
        """
        _check_run_id(run_id)
        batch: List[Mapping[str, Any]] = list(events)
        if not 1 <= len(batch) <= MAX_BATCH:
            raise ValueError(f"an append carries 1 to {MAX_BATCH} events, got {len(batch)}")
        key = idempotency_key or new_idempotency_key()
        if not IDEMPOTENCY_KEY_PATTERN.match(key):
            raise ValueError("an Idempotency-Key is 1-200 visible ASCII characters")
        body: Any = batch[0] if len(batch) == 1 else {"events": batch}
        answer = self._json(self._send("POST", f"/runs/{run_id}/events", body, {"Idempotency-Key": key}, retry))
        return AppendResult(
            run_id=str(answer.get("runId", run_id)),
            first_seq=int(answer["firstSeq"]),
            last_seq=int(answer["lastSeq"]),
            replayed=bool(answer.get("replayed", False)),
        )

    def progress(
        self,
        run_id: str,
        phase: str,
        percent: Optional[float] = None,
        message: Optional[str] = None,
        steps: Optional[Iterable[StepLike]] = None,
        eta_ms: Optional[float] = None,
        label: Optional[str] = None,
        time: Optional[TimeLike] = None,
    ) -> AppendResult:
        """Reports progress: a ``progress`` event.

        Args:
            phase: machine key of the current phase (``"download"``).
            percent: 0-100 (clamped); ``None`` for unknown (an indeterminate bar).
            message: words about what is happening now.
            steps: the WHOLE checklist, each ``{"key", "state", "label"?, "startedAt"?,
                "endedAt"?}`` with ``state`` in ``waiting running done failed skipped``.
            eta_ms: remaining time in milliseconds, as of ``time``.
            label: the phase in words.
            time: when it happened (default: the server's clock).
        """
        event = progress_event(phase, percent, message, steps, eta_ms, label, time)
        return self.append(run_id, [event])

    def log(
        self,
        run_id: str,
        text: str,
        level: Optional[str] = None,
        stream: Optional[str] = None,
        time: Optional[TimeLike] = None,
    ) -> AppendResult:
        """Appends one log line (cut to the contract's ``MAX_LOG_TEXT``). ``level`` is one of
        ``debug info warn error``; ``stream`` ``stdout`` or ``stderr``. For many lines use
        :class:`~run_progress.handler.RunLogHandler`, which batches in the background."""
        return self.append(run_id, [log_event(text, level, stream, time=time)])

    def status(
        self,
        run_id: str,
        status: str,
        error: Optional[ErrorLike] = None,
        code: Optional[str] = None,
        time: Optional[TimeLike] = None,
    ) -> AppendResult:
        """Moves the run on: ``running``, or a terminal ``succeeded``, ``failed``, ``cancelled``
        (no event may follow those). ``error`` (words, ``{"message", "code"?, "phase"?}`` or
        an exception) goes with ``failed`` only.

        Raises:
            ProblemError: 409 when the run has already ended.
        """
        return self.append(run_id, [status_event(status, error, code, time)])

    # ---- HTTP -------------------------------------------------------------------------

    def _headers(self) -> Dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": _USER_AGENT}
        token = self._token() if callable(self._token) else self._token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _exchange(self, method: str, path: str, data: Optional[bytes], extra: Mapping[str, str]) -> HttpResponse:
        """One attempt: one exchange, and one more with a fresh token after a 401 when the
        token is a function."""
        headers = {**self._headers(), **extra}
        if data is not None:
            headers["Content-Type"] = "application/json"
        answer = self._transport(method, self.base_url + path, headers, data, self.timeout)
        if answer.status == 401 and callable(self._token):
            headers = {**self._headers(), **extra}
            if data is not None:
                headers["Content-Type"] = "application/json"
            answer = self._transport(method, self.base_url + path, headers, data, self.timeout)
        return answer

    def _send(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> HttpResponse:
        """Sends a request, retrying per the policy; the answer of a 2xx, else raises."""
        policy = retry or self.retry
        data = None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        started = time.monotonic()
        attempts = 0
        while True:
            attempts += 1
            failure: Union[ProblemError, BackendUnavailable]
            retry_after: Optional[float] = None
            try:
                answer = self._exchange(method, path, data, headers or {})
            except NETWORK_ERRORS as error:
                failure = BackendUnavailable(f"{method} {self.base_url}{path}: {error!r}", error)
            else:
                if answer.status < 300:
                    return answer
                failure = problem_of(answer)
                if not failure.retryable:
                    failure.attempts = attempts
                    raise failure
                retry_after = failure.retry_after
            delay = policy.backoff(attempts, retry_after)
            if not policy.allows(attempts, started, delay):
                failure.attempts = attempts
                raise failure
            self._sleep(delay)

    @staticmethod
    def _json(answer: HttpResponse) -> Dict[str, Any]:
        try:
            value = json.loads(answer.body.decode("utf-8"))
        except ValueError as error:
            raise ProblemError(answer.status, title="Unreadable answer", detail=f"not JSON: {error}") from None
        if not isinstance(value, dict):
            raise ProblemError(answer.status, title="Unreadable answer", detail="expected a JSON object")
        return value


def problem_of(answer: HttpResponse) -> ProblemError:
    """The :class:`ProblemError` an error answer carries (a plain one when its body is not
    a problem document)."""
    retry_after = parse_retry_after(answer.headers.get("retry-after"))
    body: Dict[str, Any] = {}
    try:
        parsed = json.loads(answer.body.decode("utf-8")) if answer.body else {}
        if isinstance(parsed, dict):
            body = parsed
    except ValueError:
        pass
    errors = body.get("errors")
    first_seq = body.get("firstSeq")
    return ProblemError(
        status=answer.status,
        type=str(body.get("type", "about:blank")),
        title=str(body.get("title", "")),
        detail=None if body.get("detail") is None else str(body.get("detail")),
        errors=[e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else None,
        first_seq=first_seq if isinstance(first_seq, int) else None,
        retry_after=retry_after,
        body=body,
    )


def _check_run_id(run_id: str) -> None:
    if not isinstance(run_id, str) or not RUN_ID_PATTERN.match(run_id):
        raise ValueError(f"a run id is 1-64 of A-Z a-z 0-9 _ - (not __proto__, constructor, prototype), got {run_id!r}")
