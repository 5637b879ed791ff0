"""The examples: the Lambda handler runs against the backend; the FastAPI app compiles
(FastAPI is not in the standard library)."""
from __future__ import annotations

import importlib.util
import os
import time
import unittest
from pathlib import Path
from typing import Any

from support import backend, client, log_texts

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class FakeContext:
    """The part of a Lambda context the example uses."""

    def __init__(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds

    def get_remaining_time_in_millis(self) -> int:
        return int((self._deadline - time.monotonic()) * 1000)


def load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        b = backend()
        os.environ["RUN_PROGRESS_URL"] = b.url
        if b.producer_token:
            os.environ["RUN_PROGRESS_TOKEN"] = b.producer_token

    def test_the_lambda_handler_reports_its_run_and_flushes_before_returning(self) -> None:
        example = load("lambda_handler")
        result = example.handler({"items": 2}, FakeContext(10))
        # Everything is stored when the handler returns (Lambda would freeze the process now).
        snapshot = client().get_run(result["runId"])
        self.assertEqual(snapshot["status"], "succeeded")
        self.assertEqual([s["state"] for s in snapshot["steps"]], ["done", "done", "done"])
        self.assertEqual(log_texts(result["runId"])[0], "INFO fetch: image 1 of 2")
        self.assertEqual(len(log_texts(result["runId"])), 6)

    def test_the_lambda_handler_reports_a_failure(self) -> None:
        example = load("lambda_handler")
        run_id = client().create_run(kind="resize")["id"]
        with self.assertRaises(ValueError):
            example.handler({"runId": run_id, "items": "many"}, FakeContext(10))
        snapshot = client().get_run(run_id)
        self.assertEqual((snapshot["status"], snapshot["error"]["code"]), ("failed", "ValueError"))
        texts = log_texts(run_id)
        self.assertEqual(texts[0], "ERROR resize failed")
        self.assertTrue(texts[-1].startswith("ValueError: invalid literal"))

    def test_the_fastapi_app_compiles(self) -> None:
        source = (EXAMPLES / "fastapi_app.py").read_text("utf-8")
        compile(source, "fastapi_app.py", "exec")
        self.assertIn("BackgroundTasks", source)


if __name__ == "__main__":
    unittest.main()
