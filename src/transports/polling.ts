/**
 * The polling transport: `GET /poll?runs=a:5,b:0` on a schedule, for networks where no
 * stream gets through. The interval backs off while nothing changes, snaps back when
 * something does, and slows down or pauses while the page is hidden.
 * @module
 */
import { contractPaths } from '../contract/paths.js';
import type { ServerFrame } from '../contract/types.js';
import { Timer } from './clock.js';
import { CloseKind, type CloseReason } from './close-reason.js';
import { parseFrame } from './frames.js';
import { authHeaders, readFailure, joinUrl, networkFailure, runsQuery } from './http.js';
import { TransportKind } from './kinds.js';
import type { SubscriptionSet, Transport, TransportFactory, TransportInit } from './transport.js';

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

// Pure: a page that does not use this module must not keep the call (tree shaking).
const paths = /* @__PURE__ */ contractPaths('');

class PollingTransport implements Transport {
  readonly kind = TransportKind.Polling;
  #subscriptions: () => SubscriptionSet = () => new Map();
  readonly #timer: Timer;
  readonly #timeout: Timer;
  #abort: AbortController | undefined;
  #interval: number;
  #opened = false;
  #done = false;
  #unlisten: (() => void) | undefined;
  #nextAt = 0;

  constructor(
    private readonly init: TransportInit,
    private readonly options: PollingOptions,
  ) {
    this.#timer = new Timer(init.clock);
    this.#timeout = new Timer(init.clock);
    this.#interval = options.intervalMs ?? 1_000;
  }

  open(subscriptions: () => SubscriptionSet): void {
    this.#subscriptions = subscriptions;
    this.#unlisten = this.init.environment.subscribe((event) => {
      // Shown again: catch up now rather than after a long hidden interval.
      if (event === 'visibilitychange' && !this.init.environment.hidden()) this.#pollSoon(0);
      else if (event === 'pageshow' && this.init.clock.now() >= this.#nextAt) this.#pollSoon(0);
    });
    this.#pollSoon(0);
  }

  update(): void {
    // A new run should not wait out a long quiet interval.
    this.#interval = this.options.intervalMs ?? 1_000;
    this.#pollSoon(0);
  }

  close(): void {
    this.#done = true;
    this.#timer.cancel();
    this.#timeout.cancel();
    this.#abort?.abort();
    this.#unlisten?.();
  }

  #pollSoon(ms: number): void {
    if (this.#done) return;
    if (this.#abort) {
      // A poll is in flight; its completion schedules the next one.
      return;
    }
    this.#nextAt = this.init.clock.now() + ms;
    this.#timer.arm(ms, () => void this.#poll());
  }

  #scheduleNext(): void {
    const hidden = this.init.environment.hidden();
    const whenHidden = this.options.hiddenIntervalMs ?? 30_000;
    if (!hidden) return this.#pollSoon(this.#interval);
    if (whenHidden !== 'pause') this.#pollSoon(Math.max(whenHidden, this.#interval));
  }

  async #poll(): Promise<void> {
    if (this.#done) return;
    const subs = this.#subscriptions();
    if (subs.size === 0) return;
    const limit = this.options.limit ? `&limit=${this.options.limit}` : '';
    const url = joinUrl(this.init.baseUrl, paths.poll()) + runsQuery(subs) + limit;
    const abort = new AbortController();
    this.#abort = abort;
    let timedOut = false;
    this.#timeout.arm(this.options.requestTimeoutMs ?? 30_000, () => {
      timedOut = true;
      abort.abort();
    });
    try {
      const response = await this.init.fetch(url, {
        headers: authHeaders(this.init.token, 'application/json'),
        credentials: this.init.credentials,
        cache: 'no-store',
        signal: abort.signal,
      });
      if (this.#done) return;
      if (!response.ok) return this.#fail(await readFailure(response, this.init.clock.now()));
      const body = (await response.json().catch(() => undefined)) as { frames?: unknown } | undefined;
      if (this.#done) return;
      if (!Array.isArray(body?.frames))
        return this.#fail({ kind: CloseKind.Protocol, message: 'poll answer is not {frames: [...]}' });
      const frames: ServerFrame[] = [];
      for (const item of body.frames as unknown[]) {
        const parsed = parseFrame(item);
        if (parsed.ok) frames.push(parsed.frame);
        else this.init.callbacks.onMalformed(parsed.error);
      }
      this.#timeout.cancel();
      this.#abort = undefined;
      if (!this.#opened) {
        this.#opened = true;
        this.init.callbacks.onOpen({});
        if (this.#done) return;
      }
      const moved = frames.some((f) => f.type !== 'heartbeat');
      this.#interval = moved
        ? (this.options.intervalMs ?? 1_000)
        : Math.min(Math.round(this.#interval * 1.5), this.options.maxIntervalMs ?? 10_000);
      this.init.callbacks.onFrames(frames);
      this.#scheduleNext();
    } catch (error) {
      if (this.#done) return;
      this.#fail(timedOut ? { kind: CloseKind.Timeout, message: 'poll timed out' } : networkFailure(error));
    }
  }

  #fail(reason: CloseReason): void {
    if (this.#done) return;
    this.close();
    this.init.callbacks.onClose(reason);
  }
}

/** The polling transport, for the client's transport list. */
export function pollingTransport(options: PollingOptions = {}): TransportFactory {
  return { kind: TransportKind.Polling, create: (init) => new PollingTransport(init, options) };
}
