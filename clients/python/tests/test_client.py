"""RunClient against the reference backend: runs, progress, steps, status, problems,
idempotent retries and Retry-After."""
from __future__ import annotations

import time
import unittest
import uuid

from support import FAST_RETRY, Proxy, all_events, backend, client, log_texts, problem_body, read_json

from run_progress import NO_RETRY, BackendUnavailable, ProblemError, RetryPolicy, RunClient, step


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class RunLifecycleTest(unittest.TestCase):
    def test_create_progress_steps_and_status_are_in_the_snapshot(self) -> None:
        runs = client()
        created = runs.create_run(kind="py-etl", title="Nightly import",
                                  steps=["fetch", {"key": "load", "label": "Load rows"}])
        run_id = created["id"]
        self.assertEqual(created["status"], "queued")
        self.assertEqual([s["key"] for s in created["steps"]], ["fetch", "load"])

        self.assertEqual(runs.status(run_id, "running").first_seq, 1)
        runs.progress(run_id, phase="fetch", label="Fetching", percent=40, message="3 of 8 files",
                      eta_ms=12_000, steps=[step("fetch", "running", started_at=time.time()),
                                            {"key": "load", "label": "Load rows", "state": "waiting"}])
        runs.log(run_id, "fetched 3 files", level="warning")

        snapshot = read_json(f"/runs/{run_id}")
        self.assertEqual(snapshot, runs.get_run(run_id))
        self.assertEqual(snapshot["status"], "running")
        self.assertEqual(snapshot["seq"], 3)
        self.assertEqual(snapshot["kind"], "py-etl")
        self.assertEqual(snapshot["title"], "Nightly import")
        self.assertEqual(snapshot["phase"], "fetch")
        self.assertEqual(snapshot["phaseLabel"], "Fetching")
        self.assertEqual(snapshot["percent"], 40)
        self.assertEqual(snapshot["message"], "3 of 8 files")
        self.assertEqual(snapshot["etaMs"], 12_000)
        self.assertEqual(snapshot["logLines"], 1)
        self.assertEqual([(s["key"], s["state"]) for s in snapshot["steps"]], [("fetch", "running"), ("load", "waiting")])
        self.assertIn("startedAt", snapshot["steps"][0])

        result = runs.status(run_id, "failed", error=ValueError("bad row 17"))
        self.assertEqual(result.last_seq, 4)
        snapshot = read_json(f"/runs/{run_id}")
        self.assertEqual((snapshot["status"], snapshot["seq"]), ("failed", 4))
        self.assertIn("endedAt", snapshot)
        # The fold fills in the phase in effect.
        self.assertEqual(snapshot["error"], {"message": "ValueError: bad row 17", "code": "ValueError", "phase": "fetch"})
        log = [e for e in all_events(run_id) if e["type"] == "log"]
        self.assertEqual([(e["text"], e["level"], e["phase"]) for e in log], [("fetched 3 files", "warn", "fetch")])

    def test_a_chosen_id_and_a_taken_one(self) -> None:
        runs = client()
        run_id = unique("py-chosen")
        self.assertEqual(runs.create_run(id=run_id)["id"], run_id)
        with self.assertRaises(ProblemError) as caught:
            runs.create_run(id=run_id)
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(caught.exception.type, "urn:run-progress-kit:problem:conflict")

    def test_problems_are_typed(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        runs.status(run_id, "succeeded")
        with self.assertRaises(ProblemError) as ended:
            runs.log(run_id, "too late")
        problem = ended.exception
        self.assertEqual((problem.status, problem.type), (409, "urn:run-progress-kit:problem:run-ended"))
        self.assertTrue(problem.title)
        self.assertIn("succeeded", problem.detail or "")
        self.assertFalse(problem.retryable)

        with self.assertRaises(ProblemError) as missing:
            runs.get_run(unique("py-missing"))
        self.assertEqual((missing.exception.status, missing.exception.type),
                         (404, "urn:run-progress-kit:problem:not-found"))
        with self.assertRaises(ProblemError) as queued:
            runs.status(runs.create_run()["id"], "queued", time="1999-01-01T00:00:00.000Z")
        self.assertEqual(queued.exception.status, 422)
        self.assertEqual(queued.exception.errors[0]["pointer"], "/time")

    def test_tokens(self) -> None:
        b = backend()
        if b.producer_token is None:
            self.skipTest("the backend runs in open mode")
        with self.assertRaises(ProblemError) as reader:
            client(token="reader").create_run()
        self.assertEqual(reader.exception.status, 403)
        with self.assertRaises(ProblemError) as unknown:
            client(token="not-a-token").create_run()
        self.assertEqual(unknown.exception.status, 401)
        # A token function is asked again once after a 401.
        tokens = iter(["stale", b.producer_token])
        self.assertEqual(RunClient(b.url, token=lambda: next(tokens), retry=NO_RETRY).create_run()["status"], "queued")

    def test_field_names_and_limits_are_checked_before_sending(self) -> None:
        runs = client()
        with self.assertRaises(ValueError):
            runs.status("a b", "running")
        with self.assertRaises(ValueError):
            runs.progress("run", phase="")
        with self.assertRaises(ValueError):
            runs.progress("run", phase="x", steps=[{"key": "a", "state": "finished"}])
        with self.assertRaises(ValueError):
            runs.status("run", "succeeded", error="no error on success")
        run_id = runs.create_run()["id"]
        runs.progress(run_id, phase="p", percent=100.0000001, message="m" * 5000)
        runs.log(run_id, "x" * 1_048_577)
        snapshot = runs.get_run(run_id)
        self.assertEqual(snapshot["percent"], 100)
        self.assertEqual(len(snapshot["message"]), 4096)
        self.assertEqual(len(log_texts(run_id)[0]), 1_048_576)


class RetryTest(unittest.TestCase):
    def test_a_lost_answer_is_retried_with_the_same_key_and_stored_once(self) -> None:
        run_id = client().create_run()["id"]
        proxy = Proxy(lambda seen, index: "drop" if seen.method == "POST" and index == 0 else "forward").start()
        try:
            result = client(proxy.url).log(run_id, "exactly once")
        finally:
            proxy.stop()
        posts = proxy.posts()
        self.assertEqual(len(posts), 2)
        self.assertEqual(posts[0].headers["idempotency-key"], posts[1].headers["idempotency-key"])
        self.assertTrue(result.replayed)
        self.assertEqual(log_texts(run_id), ["exactly once"])

    def test_the_same_batch_twice_is_stored_once(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        events = [{"type": "log", "text": f"line {i}"} for i in range(3)]
        first = runs.append(run_id, events, idempotency_key="batch-1")
        second = runs.append(run_id, events, idempotency_key="batch-1")
        self.assertEqual((first.first_seq, first.last_seq, first.replayed), (1, 3, False))
        self.assertEqual((second.first_seq, second.last_seq, second.replayed), (1, 3, True))
        self.assertEqual(log_texts(run_id), ["line 0", "line 1", "line 2"])

    def test_a_create_whose_answer_was_lost_makes_one_run(self) -> None:
        proxy = Proxy(lambda seen, index: "drop" if index == 0 else "forward").start()
        try:
            created = client(proxy.url).create_run(kind="py-lost")
        finally:
            proxy.stop()
        self.assertEqual(len(proxy.posts()), 2)
        self.assertEqual(proxy.posts()[0].json()["id"], created["id"])
        self.assertEqual(client().get_run(created["id"])["kind"], "py-lost")

    def test_retry_after_is_honoured(self) -> None:
        run_id = client().create_run()["id"]
        unavailable = (503, {"Retry-After": "1", "Content-Type": "application/problem+json"},
                       problem_body(503, "Store unavailable"))
        proxy = Proxy(lambda seen, index: unavailable if index == 0 else "forward").start()
        try:
            result = client(proxy.url).progress(run_id, phase="p", percent=5)
        finally:
            proxy.stop()
        first, second = proxy.posts()
        self.assertGreaterEqual(second.at - first.at, 0.95)
        self.assertEqual(first.headers["idempotency-key"], second.headers["idempotency-key"])
        self.assertFalse(result.replayed)
        self.assertEqual(client().get_run(run_id)["percent"], 5)

    def test_a_429_after_the_retries_is_raised_with_its_retry_after(self) -> None:
        limited = (429, {"Retry-After": "0", "Content-Type": "application/problem+json"}, problem_body(429, "Slow down"))
        proxy = Proxy(lambda seen, index: limited).start()
        try:
            with self.assertRaises(ProblemError) as caught:
                client(proxy.url, retry=RetryPolicy(max_attempts=3, base_delay=0.01)).log("some-run", "x")
        finally:
            proxy.stop()
        self.assertEqual((caught.exception.status, caught.exception.retry_after), (429, 0.0))
        self.assertEqual(len(proxy.posts()), 3)

    def test_an_unreachable_backend_raises_after_bounded_retries(self) -> None:
        runs = RunClient(Proxy().url, retry=RetryPolicy(max_attempts=3, base_delay=0.01), timeout=1)
        started = time.monotonic()
        with self.assertRaises(BackendUnavailable):
            runs.create_run()
        self.assertLess(time.monotonic() - started, 2)


if __name__ == "__main__":
    unittest.main()
