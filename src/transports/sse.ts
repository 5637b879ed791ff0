/**
 * Server-sent events over `fetch` (not `EventSource`, which can send neither headers nor
 * a bearer token), on the multi-run endpoint `GET /stream?runs=a:5,b:0`: one stream
 * carries every run of the page. When the set of runs changes, the stream is re-opened
 * with the current cursors, debounced so a dashboard mounting twenty elements re-opens
 * once, not twenty times.
 * @module
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { contractPaths } from '../contract/paths.js';
import type { ServerFrame } from '../contract/types.js';
import { Timer } from './clock.js';
import { CloseKind, type CloseReason } from './close-reason.js';
import { parseFrame } from './frames.js';
import { authHeaders, readFailure, isAbort, joinUrl, networkFailure, runsQuery } from './http.js';
import { TransportKind } from './kinds.js';
import type { SubscriptionSet, Transport, TransportFactory, TransportInit } from './transport.js';

/** Options of the SSE transport. */
export interface SseOptions {
  /** Wait this long after a change of the set of runs before re-opening (default 50 ms). */
  reopenDebounceMs?: number;
  /** Largest event the parser buffers, in characters (default 8 Mi: a 1 MiB log line JSON-escaped). */
  maxEventSize?: number;
}

// Pure: a page that does not use this module must not keep the call (tree shaking).
const paths = /* @__PURE__ */ contractPaths('');

class SseTransport implements Transport {
  readonly kind = TransportKind.Sse;
  #subscriptions: () => SubscriptionSet = () => new Map();
  #abort: AbortController | undefined;
  #opened = false;
  #done = false;
  #retryMs: number | undefined;
  readonly #reopenTimer: Timer;
  #openedRuns = '';

  constructor(
    private readonly init: TransportInit,
    private readonly options: SseOptions,
  ) {
    this.#reopenTimer = new Timer(init.clock);
  }

  open(subscriptions: () => SubscriptionSet): void {
    this.#subscriptions = subscriptions;
    void this.#stream();
  }

  update(): void {
    if (this.#done) return;
    this.#reopenTimer.arm(this.options.reopenDebounceMs ?? 50, () => {
      const runs = [...this.#subscriptions().keys()].sort().join(',');
      if (runs !== this.#openedRuns) void this.#stream();
    });
  }

  close(): void {
    this.#done = true;
    this.#reopenTimer.cancel();
    this.#abort?.abort();
  }

  #finish(reason: CloseReason): void {
    if (this.#done) return;
    this.close();
    this.init.callbacks.onClose(reason);
  }

  /** One HTTP stream; a newer call aborts and supersedes an older one. */
  async #stream(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const current = () => this.#abort === abort && !this.#done;
    const subs = this.#subscriptions();
    this.#openedRuns = [...subs.keys()].sort().join(',');
    const url = joinUrl(this.init.baseUrl, paths.multiStream()) + runsQuery(subs);
    let response: Response;
    try {
      response = await this.init.fetch(url, {
        headers: authHeaders(this.init.token, 'text/event-stream'),
        credentials: this.init.credentials,
        cache: 'no-store',
        signal: abort.signal,
      });
    } catch (error) {
      if (current() && !isAbort(error)) this.#finish(networkFailure(error));
      return;
    }
    if (!current()) return void response.body?.cancel().catch(() => {});
    if (!response.ok || response.status === 204) {
      const reason =
        response.status === 204
          ? { kind: CloseKind.Ended, message: 'stream ended (204)' }
          : await readFailure(response, this.init.clock.now());
      return this.#finish(reason);
    }
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) {
      void response.body?.cancel().catch(() => {});
      return this.#finish({ kind: CloseKind.Protocol, message: 'not an event stream' });
    }
    await this.#read(response.body, current);
  }

  async #read(body: ReadableStream<Uint8Array>, current: () => boolean): Promise<void> {
    let batch: ServerFrame[] = [];
    let broken: CloseReason | undefined;
    const parser: EventSourceParser = createParser({
      maxBufferSize: this.options.maxEventSize ?? 8 * 1024 * 1024,
      onEvent: (message) => {
        const parsed = parseFrame(message.data);
        if (!parsed.ok) return this.init.callbacks.onMalformed(parsed.error);
        if (parsed.frame.type === 'ready') {
          // A re-opened stream (new set of runs) says ready again: the connection is still the same one.
          if (this.#opened) return;
          this.#opened = true;
          this.#flush(batch);
          batch = [];
          this.init.callbacks.onOpen({ heartbeatMs: parsed.frame.heartbeatMs });
          return;
        }
        batch.push(parsed.frame);
      },
      onRetry: (ms) => {
        this.#retryMs = ms;
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded')
          broken = { kind: CloseKind.Protocol, message: 'event too large' };
      },
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (!current()) return void reader.cancel().catch(() => {});
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
        if (broken) {
          void reader.cancel().catch(() => {});
          return this.#finish(broken);
        }
        // One network chunk → one batch, so the feed notifies once per chunk.
        this.#flush(batch);
        batch = [];
        if (!current()) return void reader.cancel().catch(() => {});
      }
    } catch (error) {
      if (current() && !isAbort(error)) this.#finish(networkFailure(error));
      return;
    }
    if (current()) this.#finish({ kind: CloseKind.Ended, message: 'stream ended', retryAfterMs: this.#retryMs });
  }

  #flush(frames: ServerFrame[]): void {
    if (this.#opened) this.init.callbacks.onFrames(frames);
  }
}

/** The SSE transport over `fetch`, for the client's transport list. */
export function sseTransport(options: SseOptions = {}): TransportFactory {
  return { kind: TransportKind.Sse, create: (init) => new SseTransport(init, options) };
}
