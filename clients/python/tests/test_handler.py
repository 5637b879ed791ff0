"""RunLogHandler against the reference backend: order, exactly once, a backend that is
down and comes back, bounded memory, Retry-After, bounded flush and close."""
from __future__ import annotations

import logging
import os
import socket
import time
import unittest
import warnings
from datetime import datetime, timezone
from typing import Any, Iterator, List

from support import FAST_HANDLER_RETRY, Proxy, all_events, client, log_texts, problem_body, wait_until

from run_progress import RunClient, RunLogHandler

_count = 0


def logger_with(handler: logging.Handler) -> logging.Logger:
    """A fresh logger that sends only to ``handler``."""
    global _count
    _count += 1
    log = logging.getLogger(f"tests.handler.{_count}")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    log.addHandler(handler)
    return log


def make_handler(runs: RunClient, run_id: str, **options: Any) -> RunLogHandler:
    options.setdefault("retry", FAST_HANDLER_RETRY)
    options.setdefault("linger", 0.02)
    return RunLogHandler(runs, run_id, **options)


class HandlerDeliveryTest(unittest.TestCase):
    def test_lines_arrive_in_order_exactly_once(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        handler = make_handler(runs, run_id, batch_max_lines=40)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log = logger_with(handler)
        started = time.time()
        for i in range(300):
            log.info("line %d", i)
        log.debug("a debug line")
        log.warning("a warning")
        log.critical("a critical line")
        try:
            raise KeyError("missing")
        except KeyError:
            log.exception("it failed")
        self.assertTrue(handler.flush(5))
        handler.close()

        events = [e for e in all_events(run_id) if e["type"] == "log"]
        texts = [e["text"] for e in events]
        self.assertEqual(texts[:300], [f"line {i}" for i in range(300)])
        self.assertEqual(texts[300:303], ["a debug line", "a warning", "a critical line"])
        self.assertEqual([e["level"] for e in events[299:303]], ["info", "debug", "warn", "error"])
        # A traceback is one event per line, all at level error, in order.
        self.assertEqual(texts[303], "it failed")
        self.assertEqual(texts[304], "Traceback (most recent call last):")
        self.assertEqual(texts[-1], "KeyError: 'missing'")
        self.assertTrue(all(e["level"] == "error" for e in events[303:]))
        self.assertEqual(handler.sent, len(events))
        self.assertEqual((handler.dropped, handler.rejected, handler.pending), (0, 0, 0))
        # Each line carries the time it was logged.
        first = datetime.strptime(events[0]["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        self.assertLess(abs(first.timestamp() - started), 2)
        self.assertEqual(len({e["seq"] for e in events}), len(events))

    def test_a_batch_whose_answer_was_lost_is_stored_once(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        proxy = Proxy(lambda seen, index: "drop" if index == 0 else "forward").start()
        try:
            handler = make_handler(client(proxy.url), run_id, linger=0.2)
            log = logger_with(handler)
            for i in range(30):
                log.info("line %d", i)
            self.assertTrue(handler.flush(5))
            handler.close()
        finally:
            proxy.stop()
        posts = proxy.posts()
        self.assertGreaterEqual(len(posts), 2)
        self.assertEqual(posts[0].headers["idempotency-key"], posts[1].headers["idempotency-key"])
        self.assertEqual(posts[0].body, posts[1].body)
        self.assertEqual(log_texts(run_id), [f"line {i}" for i in range(30)])

    def test_long_lines_are_cut_to_the_contract_limit(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        handler = make_handler(runs, run_id)
        log = logger_with(handler)
        log.info("x" * 2_000_000)
        log.info("after")
        self.assertTrue(handler.flush(5))
        handler.close()
        texts = log_texts(run_id)
        self.assertEqual(len(texts[0]), 1_048_576)
        self.assertTrue(texts[0].endswith("…"))
        self.assertEqual(texts[1], "after")

    def test_a_body_over_the_servers_limit_is_split(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        too_large = (413, {"Content-Type": "application/problem+json"}, problem_body(413, "Too large"))
        proxy = Proxy(lambda seen, index: too_large if len(seen.body) > 2000 else "forward").start()
        try:
            handler = make_handler(client(proxy.url), run_id, linger=0.2)
            log = logger_with(handler)
            for i in range(100):
                log.info("line %03d", i)
            log.info("y" * 5000)  # alone still too large: cut in half until it fits
            self.assertTrue(handler.flush(5))
            handler.close()
        finally:
            proxy.stop()
        texts = log_texts(run_id)
        self.assertEqual(texts[:100], [f"line {i:03d}" for i in range(100)])
        self.assertEqual(len(texts), 101)
        self.assertTrue(texts[100].startswith("yyy") and texts[100].endswith("…") and len(texts[100]) < 2000)
        self.assertEqual(handler.rejected, 0)

    def test_times_the_server_refuses_are_left_to_its_clock(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        handler = make_handler(runs, run_id)

        def eight_days_ago(record: logging.LogRecord) -> bool:
            record.created -= 8 * 24 * 3600  # a clock far behind: outside the contract's window
            return True

        handler.addFilter(eight_days_ago)
        log = logger_with(handler)
        log.info("first")
        log.info("second")
        self.assertTrue(handler.flush(5))
        handler.close()
        events = [e for e in all_events(run_id) if e["type"] == "log"]
        self.assertEqual([e["text"] for e in events], ["first", "second"])
        stamped = datetime.strptime(events[0]["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        self.assertLess(abs(stamped.timestamp() - time.time()), 60)


class HandlerOutageTest(unittest.TestCase):
    def test_backend_down_emit_is_quick_memory_bounded_and_lines_come_after(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        proxy = Proxy()  # not listening yet: connections are refused
        handler = make_handler(client(proxy.url), run_id, max_queue_lines=50, max_queue_bytes=50 * 120,
                               batch_max_lines=20)
        log = logger_with(handler)
        slowest = 0.0
        peak_lines = peak_bytes = 0
        for i in range(500):
            before = time.perf_counter()
            log.info("line %04d %s", i, "." * 40)
            slowest = max(slowest, time.perf_counter() - before)
            stats = handler.stats()
            peak_lines = max(peak_lines, stats["queued"])
            peak_bytes = max(peak_bytes, stats["queued_bytes"])
        self.assertLess(slowest, 0.25)  # generous for a loaded CI machine; typically well under 1 ms
        self.assertLessEqual(peak_lines, 50)
        self.assertLessEqual(peak_bytes, 50 * 120)
        self.assertGreater(handler.dropped, 400)
        started = time.monotonic()
        self.assertFalse(handler.flush(0.3))
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertIsNotNone(handler.last_error)

        proxy.start()
        try:
            self.assertTrue(handler.flush(5))
        finally:
            handler.close()
            proxy.stop()
        texts = log_texts(run_id)
        numbers = [int(t.split()[1]) for t in texts if t.startswith("line ")]
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(len(numbers) + handler.dropped, 500)
        self.assertEqual(numbers[-40:], list(range(460, 500)))  # the newest lines survive
        # Each notice stands where its lines are missing, and says how many.
        notices = [i for i, t in enumerate(texts) if t.startswith("[run-progress]")]
        self.assertGreaterEqual(len(notices), 1)
        counted = 0
        for at in notices:
            count = int(texts[at].split()[1])
            self.assertIn(f"{count} log lines dropped here", texts[at])
            before = int(texts[at - 1].split()[1]) if at > 0 else -1
            self.assertEqual(int(texts[at + 1].split()[1]) - before - 1, count)
            counted += count
        self.assertEqual(counted, handler.dropped)

    def test_retry_after_is_honoured(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        unavailable = (503, {"Retry-After": "1", "Content-Type": "application/problem+json"},
                       problem_body(503, "Overloaded"))
        proxy = Proxy(lambda seen, index: unavailable if index == 0 else "forward").start()
        try:
            handler = make_handler(client(proxy.url), run_id)
            logger_with(handler).info("after the wait")
            # Even a flush does not cut a Retry-After short.
            self.assertTrue(handler.flush(5))
            handler.close()
        finally:
            proxy.stop()
        first, second = proxy.posts()
        self.assertGreaterEqual(second.at - first.at, 0.95)
        self.assertEqual(first.headers["idempotency-key"], second.headers["idempotency-key"])
        self.assertEqual(log_texts(run_id), ["after the wait"])

    def test_close_is_bounded_while_the_backend_is_down(self) -> None:
        handler = make_handler(RunClient(Proxy().url, timeout=1), "never-reached")
        log = logger_with(handler)
        for i in range(10):
            log.info("line %d", i)
        started = time.monotonic()
        handler.close(timeout=0.3)
        self.assertLess(time.monotonic() - started, 1.0)
        log.info("after close")  # ignored, never raises
        self.assertEqual(handler.sent, 0)

    def test_a_backend_that_never_answers_blocks_nothing(self) -> None:
        # Connections are accepted by the kernel, and no answer ever comes.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as hole:
            hole.bind(("127.0.0.1", 0))
            hole.listen(16)
            url = f"http://127.0.0.1:{hole.getsockname()[1]}/api"
            handler = make_handler(RunClient(url, timeout=10), "black-hole")
            log = logger_with(handler)
            started = time.monotonic()
            for i in range(200):
                log.info("line %d", i)
            self.assertLess(time.monotonic() - started, 0.5)
            started = time.monotonic()
            self.assertFalse(handler.flush(0.2))
            handler.close(timeout=0.2)
            self.assertLess(time.monotonic() - started, 1.0)
            self.assertEqual(handler.sent, 0)


class HandlerRefusalTest(unittest.TestCase):
    def test_an_ended_run_stops_the_handler(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        runs.status(run_id, "cancelled")
        handler = make_handler(runs, run_id)
        log = logger_with(handler)
        log.info("too late")
        self.assertTrue(wait_until(lambda: handler.stats()["stopped"]))
        log.info("still too late")
        self.assertTrue(handler.flush(1))
        self.assertEqual(getattr(handler.last_error, "status", None), 409)
        self.assertEqual(handler.rejected, 2)
        handler.close()
        self.assertEqual(log_texts(run_id), [])

    @unittest.skipUnless(hasattr(os, "fork"), "POSIX only")
    def test_a_forked_child_sends_with_its_own_thread(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        handler = make_handler(runs, run_id)
        log = logger_with(handler)
        log.info("parent")
        self.assertTrue(handler.flush(5))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork() in a process with threads
            pid = os.fork()
        if pid == 0:  # the child: its queue starts empty, its thread is its own
            code = 1
            try:
                log.info("child")
                code = 0 if handler.flush(5) and handler.stats()["sent"] == 1 else 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8, 0)
        log.info("parent again")
        self.assertTrue(handler.flush(5))
        handler.close()
        self.assertEqual(log_texts(run_id), ["parent", "child", "parent again"])

    def test_emit_never_raises(self) -> None:
        runs = client()
        run_id = runs.create_run()["id"]
        handler = make_handler(runs, run_id)
        log = logger_with(handler)
        previous, logging.raiseExceptions = logging.raiseExceptions, False
        try:
            log.info("%d", "not a number")  # a formatting error is the handler's to swallow
        finally:
            logging.raiseExceptions = previous
        log.info("fine")
        self.assertTrue(handler.flush(5))
        handler.close()
        self.assertEqual(log_texts(run_id), ["fine"])


if __name__ == "__main__":
    unittest.main()
