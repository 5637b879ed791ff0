/**
 * The polling transport: `GET /poll?runs=a:5,b:0` on a schedule, for networks where no
 * stream gets through. The interval backs off while nothing changes, snaps back when
 * something does, and slows down or pauses while the page is hidden.
 * @module
 */
import { POLL_PATH } from '../contract/paths.js';
import { attemptOf } from './attempt.js';
import type { TimerHandle } from './clock.js';
import { networkFailure, readFailure, runsQuery } from './http.js';
import type { SubscriptionSet, TransportFactory } from './transport.js';

/** Options of the polling transport. */
export interface PollingOptions {
  /** Interval while events are flowing (default 1 s). */
  intervalMs?: number;
  /** Longest interval after quiet polls (default 10 s); each quiet poll multiplies by 1.5. */
  maxIntervalMs?: number;
  /** Interval while the page is hidden, or `'pause'` to stop polling until it is shown (default 30 s). */
  hiddenIntervalMs?: number | 'pause';
  /** Abort a poll that takes longer than this (default 30 s). */
  requestTimeoutMs?: number;
  /** Most events per run per poll (`limit`; default: the server's). */
  limit?: number;
}

/** The polling transport, for the client's transport list. */
export function pollingTransport(options: PollingOptions = {}): TransportFactory {
  const kind = 'polling';
  const { intervalMs = 1_000, limit } = options;
  return {
    kind,
    create(init) {
      const { clock, environment } = init;
      let subscriptions: () => SubscriptionSet;
      let timer: TimerHandle;
      let inFlight: AbortController | undefined;
      let interval = intervalMs;
      let nextAt = 0;
      let unlisten: (() => void) | undefined;
      const attempt = attemptOf(init, () => {
        clock.clearTimeout(timer);
        inFlight?.abort();
        unlisten?.();
      });

      /** Polls after `ms`, unless a poll is in flight (its completion schedules the next one). */
      const pollIn = (ms: number) => {
        if (attempt.done || inFlight) return;
        nextAt = clock.now() + ms;
        clock.clearTimeout(timer);
        timer = clock.setTimeout(() => void poll(), ms);
      };

      const poll = async (): Promise<void> => {
        const subs = subscriptions();
        if (attempt.done || subs.size === 0) return;
        const abort = (inFlight = new AbortController());
        let timedOut = false;
        timer = clock.setTimeout(() => {
          timedOut = true;
          abort.abort();
        }, options.requestTimeoutMs ?? 30_000);
        try {
          const response = await attempt.get(
            POLL_PATH + runsQuery(subs) + (limit ? `&limit=${limit}` : ''),
            'application/json',
            abort.signal,
          );
          if (!response.ok) return attempt.end(await readFailure(response, clock.now()));
          const body = (await response.json().catch(() => undefined)) as { frames?: unknown } | undefined;
          if (attempt.done) return;
          if (!Array.isArray(body?.frames)) {
            return attempt.end({ kind: 'protocol', message: 'poll answer without frames' });
          }
          const frames = attempt.read(body.frames);
          clock.clearTimeout(timer);
          inFlight = undefined;
          attempt.open();
          if (attempt.done) return;
          interval = frames.some((f) => f.type !== 'heartbeat')
            ? intervalMs
            : Math.min(Math.round(interval * 1.5), options.maxIntervalMs ?? 10_000);
          init.callbacks.onFrames(frames);
          const hidden = options.hiddenIntervalMs ?? 30_000;
          if (!environment.hidden()) pollIn(interval);
          else if (hidden !== 'pause') pollIn(Math.max(hidden, interval));
        } catch (error) {
          attempt.end(timedOut ? { kind: 'timeout', message: 'poll timed out' } : networkFailure(error));
        }
      };

      return {
        kind,
        open(runs) {
          subscriptions = runs;
          unlisten = environment.subscribe((event) => {
            // Shown again: catch up now rather than after a long hidden interval.
            if (
              (event === 'visibilitychange' && !environment.hidden()) ||
              (event === 'pageshow' && clock.now() >= nextAt)
            )
              pollIn(0);
          });
          pollIn(0);
        },
        update() {
          // A new run should not wait out a long quiet interval.
          interval = intervalMs;
          pollIn(0);
        },
        close: () => attempt.end(),
      };
    },
  };
}
