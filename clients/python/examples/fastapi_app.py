"""A FastAPI app whose background task reports a run.

``POST /imports`` creates the run, answers its id at once (a page shows it with
``<run-progress run="…">``), and the import runs as a background task that reports
progress, steps, its log and its status.

Run it: ``pip install fastapi uvicorn ./clients/python`` then
``RUN_PROGRESS_URL=http://127.0.0.1:8080/api uvicorn fastapi_app:app``.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Dict, List

from fastapi import BackgroundTasks, FastAPI

from run_progress import RunClient, RunLogHandler, RunProgressError, step

app = FastAPI()
runs = RunClient(os.environ.get("RUN_PROGRESS_URL", "http://127.0.0.1:8080/api"),
                 token=os.environ.get("RUN_PROGRESS_TOKEN"))

STEPS = ["download", "parse", "load"]


@app.post("/imports", status_code=202)
def start_import(background: BackgroundTasks, rows: int = 1000) -> Dict[str, str]:
    run = runs.create_run(kind="csv-import", title=f"Import {rows} rows", steps=STEPS)
    background.add_task(import_rows, run["id"], rows)
    return {"runId": run["id"]}


def import_rows(run_id: str, rows: int) -> None:
    # A logger of its own per run, not registered with logging.getLogger (which keeps every
    # logger forever): concurrent imports do not mix their lines.
    log = logging.Logger(f"imports.{run_id}", logging.INFO)
    run_log = RunLogHandler(runs, run_id)
    run_log.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(run_log)
    try:
        safely(runs.status, run_id, "running")
        for index, phase in enumerate(STEPS):
            safely(runs.progress, run_id, phase=phase, percent=100 * index / len(STEPS), steps=checklist(index),
                   message=f"{phase} ({index + 1} of {len(STEPS)})")
            for chunk in range(0, rows, 250):
                log.info("%s: rows %d-%d", phase, chunk + 1, min(chunk + 250, rows))
                time.sleep(0.05)  # the real work
        safely(runs.progress, run_id, phase="load", percent=100, steps=checklist(len(STEPS)))
        run_log.flush(timeout=10)  # every line before the terminal status
        safely(runs.status, run_id, "succeeded")
    except Exception as error:
        log.exception("import failed")
        run_log.flush(timeout=10)
        safely(runs.status, run_id, "failed", error=error)
    finally:
        run_log.close()


def checklist(done: int) -> List[Dict[str, object]]:
    return [step(key, "done" if i < done else "running" if i == done else "waiting") for i, key in enumerate(STEPS)]


def safely(call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Reports progress without failing the import when the backend is down."""
    try:
        call(*args, **kwargs)
    except RunProgressError as error:
        logging.getLogger(__name__).warning("run %s: progress not reported: %s", args[0], error)
