"""The events a producer appends (``progress``, ``log``, ``status``) as contract JSON,
with the contract's field names, vocabularies and limits checked or applied here, so a
mistake fails in the pipeline with a clear message instead of a 422 later."""
from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from .limits import (
    LOG_LEVELS,
    LOG_STREAMS,
    MAX_LOG_TEXT,
    MAX_SHORT_TEXT,
    MAX_STEPS,
    RUN_STATUSES,
    STEP_STATES,
)

#: A time as a producer gives it: an aware ``datetime``, a POSIX timestamp, or an ISO string.
TimeLike = Union[datetime, float, int, str]
#: A step: ``{"key", "state", "label"?, "startedAt"?, "endedAt"?}`` (``started_at`` /
#: ``ended_at`` are accepted too).
StepLike = Mapping[str, Any]
#: A failed run's error: words, ``{"message", "code"?, "phase"?}``, or an exception.
ErrorLike = Union[str, Mapping[str, Any], BaseException]

_STEP_FIELDS = {"key": "key", "label": "label", "state": "state", "startedAt": "startedAt",
                "endedAt": "endedAt", "started_at": "startedAt", "ended_at": "endedAt"}


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of the contract's text limits."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean_text(text: str) -> str:
    """``text`` as valid Unicode: lone surrogates (from ``surrogateescape`` decoding) become
    U+FFFD, so the body always encodes as the UTF-8 the server requires."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def truncate(text: str, limit: int, marker: str = "…") -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units (never inside a surrogate pair),
    ending with ``marker`` when it was cut. Linear, at C speed: cheap enough for ``emit``."""
    if len(text) <= limit // 2 or (text.isascii() and len(text) <= limit):
        return text
    budget = max(limit - utf16_len(marker), 0)
    if text.isascii():
        return text[:budget] + marker
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) // 2 <= limit:
        return text
    cut = units[: 2 * budget]
    if cut and 0xD800 <= int.from_bytes(cut[-2:], "little") <= 0xDBFF:
        cut = cut[:-2]  # the first half of a pair
    return cut.decode("utf-16-le", "surrogatepass") + marker


def iso_time(value: TimeLike) -> str:
    """A time as the contract's ISO 8601 UTC string with milliseconds
    (``2026-11-25T04:45:47.123Z``). A naive ``datetime`` is taken as local time."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(float(value), tz=timezone.utc)
    elif isinstance(value, datetime):
        # A naive datetime is local time, as everywhere in Python (``datetime.now()``).
        moment = value.astimezone(timezone.utc)
    else:
        raise TypeError(f"a time must be a datetime, a POSIX timestamp or an ISO string, not {type(value).__name__}")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _key(name: str, value: Any) -> str:
    if not isinstance(value, str) or value == "":
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    if utf16_len(value) > MAX_SHORT_TEXT:
        raise ValueError(f"{name} is longer than {MAX_SHORT_TEXT} characters")
    return clean_text(value)


def _short(value: Any) -> str:
    return truncate(clean_text(str(value)), MAX_SHORT_TEXT)


def _number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    clamped = min(max(float(value), low), high)
    return int(clamped) if float(clamped).is_integer() else clamped


def step(key: str, state: str = "waiting", label: Optional[str] = None,
         started_at: Optional[TimeLike] = None, ended_at: Optional[TimeLike] = None) -> Dict[str, Any]:
    """One step of a checklist as contract JSON: ``state`` is one of ``waiting running done
    failed skipped``."""
    out: Dict[str, Any] = {"key": _key("step key", key)}
    if label is not None:
        out["label"] = _short(label)
    if state not in STEP_STATES:
        raise ValueError(f"step state must be one of {sorted(STEP_STATES)}, got {state!r}")
    out["state"] = state
    if started_at is not None:
        out["startedAt"] = iso_time(started_at)
    if ended_at is not None:
        out["endedAt"] = iso_time(ended_at)
    return out


def steps_json(steps: Iterable[StepLike]) -> List[Dict[str, Any]]:
    """A whole checklist as contract JSON; at most ``MAX_STEPS`` steps, no unknown fields."""
    result: List[Dict[str, Any]] = []
    for item in steps:
        unknown = set(item) - set(_STEP_FIELDS)
        if unknown:
            raise ValueError(f"unknown step fields {sorted(unknown)}; a step has key, state, label, startedAt, endedAt")
        fields = {_STEP_FIELDS[name]: value for name, value in item.items() if value is not None}
        result.append(step(fields.get("key"), fields.get("state", "waiting"), fields.get("label"),  # type: ignore[arg-type]
                           fields.get("startedAt"), fields.get("endedAt")))
    if len(result) > MAX_STEPS:
        raise ValueError(f"a checklist has at most {MAX_STEPS} steps, got {len(result)}")
    return result


def create_body(id: Optional[str], kind: Optional[str], title: Optional[str],
                steps: Optional[Sequence[Union[str, StepLike]]]) -> Dict[str, Any]:
    """Body of ``POST /runs``: ``{id?, kind?, title?, steps?: [{key, label?}]}``."""
    body: Dict[str, Any] = {}
    if id is not None:
        body["id"] = id
    if kind is not None:
        body["kind"] = _key("kind", kind)
    if title is not None:
        body["title"] = _short(title)
    if steps is not None:
        declared: List[Dict[str, Any]] = []
        for item in steps:
            if isinstance(item, str):
                declared.append({"key": _key("step key", item)})
                continue
            unknown = set(item) - {"key", "label"}
            if unknown:
                raise ValueError(f"a step of a new run has key and label only, not {sorted(unknown)}")
            entry: Dict[str, Any] = {"key": _key("step key", item.get("key"))}
            if item.get("label") is not None:
                entry["label"] = _short(item["label"])
            declared.append(entry)
        if len(declared) > MAX_STEPS:
            raise ValueError(f"a run has at most {MAX_STEPS} steps, got {len(declared)}")
        body["steps"] = declared
    return body


def progress_event(phase: str, percent: Optional[float] = None, message: Optional[str] = None,
                   steps: Optional[Iterable[StepLike]] = None, eta_ms: Optional[float] = None,
                   label: Optional[str] = None, time: Optional[TimeLike] = None) -> Dict[str, Any]:
    """A ``progress`` event. ``percent`` is clamped to 0-100 (``None``: indeterminate),
    ``eta_ms`` to at least 0; words are cut to ``MAX_SHORT_TEXT``; ``steps`` is the whole
    checklist."""
    event: Dict[str, Any] = {"type": "progress", "phase": _key("phase", phase)}
    if label is not None:
        event["label"] = _short(label)
    if percent is not None:
        event["percent"] = _number("percent", percent, 0.0, 100.0)
    if message is not None:
        event["message"] = _short(message)
    if steps is not None:
        event["steps"] = steps_json(steps)
    if eta_ms is not None:
        event["etaMs"] = _number("eta_ms", eta_ms, 0.0, math.inf)
    if time is not None:
        event["time"] = iso_time(time)
    return event


def log_event(text: str, level: Optional[str] = None, stream: Optional[str] = None,
              phase: Optional[str] = None, time: Optional[TimeLike] = None,
              max_text: int = MAX_LOG_TEXT) -> Dict[str, Any]:
    """A ``log`` event; ``text`` is cut to ``max_text`` (at most ``MAX_LOG_TEXT``) UTF-16 code
    units. ``level``: ``debug info warn error`` (``warning`` and ``critical`` are mapped)."""
    event: Dict[str, Any] = {"type": "log", "text": truncate(clean_text(str(text)), min(max_text, MAX_LOG_TEXT))}
    if level is not None:
        event["level"] = normalize_level(level)
    if stream is not None:
        if stream not in LOG_STREAMS:
            raise ValueError(f"stream must be one of {sorted(LOG_STREAMS)}, got {stream!r}")
        event["stream"] = stream
    if phase is not None:
        event["phase"] = _short(phase)
    if time is not None:
        event["time"] = iso_time(time)
    return event


def normalize_level(level: str) -> str:
    """A level name as the contract's: ``warning`` → ``warn``, ``critical``/``fatal`` → ``error``."""
    name = str(level).lower()
    name = {"warning": "warn", "critical": "error", "fatal": "error", "exception": "error"}.get(name, name)
    if name not in LOG_LEVELS:
        raise ValueError(f"level must be one of {list(LOG_LEVELS)}, got {level!r}")
    return name


def level_of(levelno: int) -> str:
    """The contract level of a ``logging`` level number: below INFO ``debug``, below
    WARNING ``info``, below ERROR ``warn``, else ``error`` (custom levels fall in between)."""
    if levelno < 20:
        return "debug"
    if levelno < 30:
        return "info"
    if levelno < 40:
        return "warn"
    return "error"


def error_json(error: ErrorLike, code: Optional[str] = None, phase: Optional[str] = None) -> Dict[str, Any]:
    """A run error ``{message, code?, phase?}``; an exception gives ``"Type: words"`` and
    its class name as ``code``."""
    if isinstance(error, BaseException):
        words = str(error)
        message = f"{type(error).__name__}: {words}" if words else type(error).__name__
        out: Dict[str, Any] = {"message": _short(message), "code": _short(code or type(error).__name__)}
    elif isinstance(error, Mapping):
        unknown = set(error) - {"message", "code", "phase"}
        if unknown:
            raise ValueError(f"an error has message, code and phase only, not {sorted(unknown)}")
        out = {"message": _short(error.get("message", ""))}
        if error.get("code") is not None:
            out["code"] = _short(error["code"])
        if error.get("phase") is not None:
            out["phase"] = _short(error["phase"])
    else:
        out = {"message": _short(error)}
    if code is not None:
        out["code"] = _short(code)
    if phase is not None:
        out["phase"] = _short(phase)
    return out


def status_event(status: str, error: Optional[ErrorLike] = None, code: Optional[str] = None,
                 time: Optional[TimeLike] = None) -> Dict[str, Any]:
    """A ``status`` event: ``queued running succeeded failed cancelled``; ``error`` only
    with ``failed``."""
    if status not in RUN_STATUSES:
        raise ValueError(f"status must be one of {sorted(RUN_STATUSES)}, got {status!r}")
    event: Dict[str, Any] = {"type": "status", "status": status}
    if error is not None or code is not None:
        if status != "failed":
            raise ValueError("an error goes with status 'failed' only")
        event["error"] = error_json(error if error is not None else "failed", code)
    if time is not None:
        event["time"] = iso_time(time)
    return event
