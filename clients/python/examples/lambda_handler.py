"""An AWS Lambda handler that reports a run: progress, steps, its log, and the status.

Environment: ``RUN_PROGRESS_URL`` (the API base, ``https://runs.example.com/api``) and
``RUN_PROGRESS_TOKEN`` (a producer token). Package ``run_progress`` with the function
(copy the folder, or ``pip install ./clients/python -t build/``).

Lambda freezes the process as soon as the handler returns: the log handler's thread
would be frozen with lines still queued. So the handler flushes before it returns, for
at most the time the invocation has left.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Any, Callable, Dict, List

from run_progress import RetryPolicy, RunClient, RunLogHandler, RunProgressError, step

# Made once per container, reused by warm invocations. Short retries: a backend outage
# must not eat the invocation's time (the log handler keeps retrying on its own).
runs = RunClient(
    os.environ["RUN_PROGRESS_URL"],
    token=os.environ.get("RUN_PROGRESS_TOKEN"),
    timeout=5,
    retry=RetryPolicy(max_attempts=3, max_elapsed=5),
)
log = logging.getLogger("pipeline.resize")
log.setLevel(logging.INFO)

STEPS = ["fetch", "resize", "upload"]


def report(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Reports progress without ever failing the job: a backend that is down costs a warning."""
    try:
        call(*args, **kwargs)
    except RunProgressError as error:
        log.warning("progress not reported: %s", error)


def seconds_left(context: Any, reserve: float = 1.0) -> float:
    """What the invocation has left, minus a reserve for returning."""
    return max(context.get_remaining_time_in_millis() / 1000 - reserve, 0.0)


def checklist(done: int, running: bool = True) -> List[Dict[str, Any]]:
    return [step(key, "done" if i < done else "running" if i == done and running else "waiting")
            for i, key in enumerate(STEPS)]


def handler(event: Dict[str, Any], context: Any) -> Dict[str, Any]:
    # The caller may have created the run already (to show its page at once) and pass its id.
    run_id = event.get("runId") or runs.create_run(kind="resize", title="Resize images", steps=STEPS)["id"]
    run_log = RunLogHandler(runs, run_id, flush_timeout=5, close_timeout=1)
    run_log.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.addHandler(run_log)
    try:
        report(runs.status, run_id, "running")
        items = int(event.get("items", 3))
        for index, phase in enumerate(STEPS):
            report(runs.progress, run_id, phase=phase, percent=100 * index / len(STEPS), steps=checklist(index))
            for item in range(items):
                log.info("%s: image %d of %d", phase, item + 1, items)
                time.sleep(0.01)  # the real work
        report(runs.progress, run_id, phase="upload", percent=100, steps=checklist(len(STEPS)))
        # Lines first, then the terminal status: nothing may follow it.
        run_log.flush(timeout=seconds_left(context))
        report(runs.status, run_id, "succeeded")
        return {"runId": run_id, "status": "succeeded"}
    except Exception as error:
        log.exception("resize failed")
        run_log.flush(timeout=seconds_left(context))
        report(runs.status, run_id, "failed", error=error)
        raise
    finally:
        log.removeHandler(run_log)
        run_log.close(timeout=min(1.0, seconds_left(context)))
