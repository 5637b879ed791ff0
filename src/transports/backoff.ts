/**
 * Reconnect delays. Full jitter (a uniformly random delay between 0 and the capped
 * exponential) spreads a crowd of clients that lost the same server over the whole
 * window instead of bringing them back in waves:
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @module
 */
import type { CloseReason } from './close-reason.js';

/** Bounds of the exponential backoff. */
export interface BackoffOptions {
  /** Cap of the first delay (default 500 ms). */
  baseMs?: number;
  /** Largest delay (default 30 s). */
  maxMs?: number;
}

/**
 * A full-jitter exponential delay for retry number `attempt` (1 = first retry):
 * uniform in `[0, min(maxMs, baseMs * 2^(attempt-1)))`. `random` is in [0, 1).
 */
export function backoff(attempt: number, random: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random * ceiling);
}

/** What a retry policy decides on. */
export interface RetryContext {
  /** Failed attempts in a row, including this one (1 on the first failure). */
  attempt: number;
  /**
   * Milliseconds since the connection was last stable (or first started); for a feed's
   * REST catch-up (snapshot, log tail, gap fill), since the catch-up that keeps failing began.
   */
  elapsedMs: number;
  /** Why the connection ended. */
  reason: CloseReason;
  /** A number in [0, 1) for jitter (from the injected clock). */
  random: number;
}

/** Decides how long to wait before the next attempt; `null` stops retrying. */
export interface RetryPolicy {
  /** Milliseconds to wait before the attempt after `context`, or `null` to stop for good. */
  nextRetryDelay(context: RetryContext): number | null;
}

/**
 * The default policy: unlimited attempts with full-jitter backoff. A server hint
 * (`Retry-After`, SSE `retry:`) is a floor: the jittered delay is added on top of it, so
 * clients told "come back in 5 s" do not all come back in the same millisecond.
 */
export function exponentialBackoff(options: BackoffOptions = {}): RetryPolicy {
  return {
    nextRetryDelay({ attempt, reason, random }) {
      const jitter = backoff(attempt, random, options);
      const hint = reason.retryAfterMs;
      if (hint === undefined) return jitter;
      return hint + Math.min(jitter, Math.max(hint, options.baseMs ?? 500));
    },
  };
}
