"""The pieces without a backend: text limits in UTF-16 code units, times, levels, the
bounded buffer and the backoff."""
from __future__ import annotations

import logging
import unittest
from datetime import datetime, timedelta, timezone

import support  # noqa: F401  (puts the package on the path)

from run_progress import RetryPolicy
from run_progress.buffer import BoundedLogBuffer
from run_progress.events import clean_text, iso_time, level_of, log_event, normalize_level, truncate, utf16_len
from run_progress.retry import parse_retry_after


class TextTest(unittest.TestCase):
    def test_lengths_count_utf16_code_units(self) -> None:
        self.assertEqual(utf16_len("abc"), 3)
        self.assertEqual(utf16_len("é"), 1)
        self.assertEqual(utf16_len("😀"), 2)

    def test_truncate_never_splits_a_surrogate_pair(self) -> None:
        self.assertEqual(truncate("abc", 3), "abc")
        self.assertEqual(truncate("abcd", 3), "ab…")
        cut = truncate("😀" * 10, 6)
        self.assertEqual(cut, "😀😀…")
        self.assertLessEqual(utf16_len(cut), 6)
        self.assertEqual(len(log_event("x" * 2_000_000)["text"]), 1_048_576)

    def test_lone_surrogates_become_replacement_characters(self) -> None:
        broken = b"caf\xe9".decode("utf-8", "surrogateescape")
        self.assertEqual(clean_text(broken), "caf\ufffd")
        self.assertEqual(clean_text("ok 😀"), "ok 😀")

    def test_times_are_iso_utc_with_milliseconds(self) -> None:
        self.assertEqual(iso_time(0), "1970-01-01T00:00:00.000Z")
        aware = datetime(2026, 11, 25, 5, 45, 47, 123456, tzinfo=timezone(timedelta(hours=1)))
        self.assertEqual(iso_time(aware), "2026-11-25T04:45:47.123Z")
        naive = datetime(2026, 1, 2, 3, 4, 5)  # local time, as datetime.now() gives
        self.assertEqual(iso_time(naive), iso_time(naive.astimezone()))
        self.assertEqual(iso_time(naive.timestamp()), iso_time(naive))

    def test_levels_map_to_the_contract(self) -> None:
        self.assertEqual([level_of(n) for n in (5, logging.DEBUG, logging.INFO, 25, logging.WARNING,
                                                logging.ERROR, logging.CRITICAL)],
                         ["debug", "debug", "info", "info", "warn", "error", "error"])
        self.assertEqual(normalize_level("WARNING"), "warn")
        with self.assertRaises(ValueError):
            normalize_level("notice")


class BufferTest(unittest.TestCase):
    def test_the_oldest_are_dropped_by_count(self) -> None:
        buffer = BoundedLogBuffer(max_events=3, max_bytes=1000)
        for i in range(5):
            buffer.put({"text": str(i), "time": f"t{i}"}, 10)
        self.assertEqual([e["text"] for e, _ in buffer.take(10, 1000)], ["2", "3", "4"])
        self.assertEqual(buffer.take_drops(), (2, "t1"))
        self.assertEqual(buffer.take_drops(), (0, None))
        self.assertEqual(buffer.dropped_total, 2)

    def test_the_oldest_are_dropped_by_bytes(self) -> None:
        buffer = BoundedLogBuffer(max_events=100, max_bytes=100)
        for i in range(10):
            buffer.put({"text": str(i)}, 30)
        self.assertEqual((len(buffer), buffer.bytes, buffer.dropped_total), (3, 90, 7))

    def test_take_respects_both_bounds_and_always_takes_one(self) -> None:
        buffer = BoundedLogBuffer(max_events=100, max_bytes=10_000)
        for i in range(10):
            buffer.put({"text": str(i)}, 100)
        self.assertEqual(len(buffer.take(3, 10_000)), 3)
        self.assertEqual(len(buffer.take(100, 250)), 2)
        self.assertEqual(len(buffer.take(100, 1)), 1)
        self.assertEqual(len(buffer), 4)


class RetryTest(unittest.TestCase):
    def test_full_jitter_within_the_ceiling(self) -> None:
        policy = RetryPolicy(base_delay=0.5, max_delay=30)
        self.assertEqual(policy.backoff(1, rng=lambda: 0.999999) < 0.5, True)
        self.assertAlmostEqual(policy.backoff(4, rng=lambda: 1.0), 4.0)
        self.assertAlmostEqual(policy.backoff(40, rng=lambda: 1.0), 30.0)
        self.assertEqual(policy.backoff(3, rng=lambda: 0.0), 0.0)

    def test_retry_after_is_a_floor_and_capped(self) -> None:
        policy = RetryPolicy(base_delay=0.5, max_retry_after=60)
        self.assertEqual(policy.backoff(1, retry_after=3, rng=lambda: 0.0), 3)
        self.assertEqual(policy.backoff(1, retry_after=3600, rng=lambda: 0.0), 60)

    def test_attempts_and_elapsed_bound_the_retries(self) -> None:
        policy = RetryPolicy(max_attempts=3, max_elapsed=10)
        self.assertTrue(policy.allows(2, started=0, delay=1, now=5))
        self.assertFalse(policy.allows(3, started=0, delay=1, now=5))
        self.assertFalse(policy.allows(1, started=0, delay=6, now=5))
        self.assertTrue(RetryPolicy(max_attempts=None, max_elapsed=None).allows(10**6, 0, 10**6, 0))

    def test_retry_after_header(self) -> None:
        self.assertEqual(parse_retry_after("7"), 7.0)
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after("soon"))
        dated = parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
        self.assertIsNotNone(dated)
        self.assertAlmostEqual(dated or 0.0, 10.0)


if __name__ == "__main__":
    unittest.main()
