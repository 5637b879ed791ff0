/**
 * Server-sent events over `fetch` (not `EventSource`, which can send neither headers nor
 * a bearer token), on the multi-run endpoint `GET /stream?runs=a:5,b:0`: one stream
 * carries every run of the page. When the set of runs changes, the stream is re-opened
 * with the current cursors, debounced so a dashboard mounting twenty elements re-opens
 * once, not twenty times.
 * @module
 */
import { createParser } from 'eventsource-parser';
import { MULTI_STREAM_PATH } from '../contract/paths.js';
import type { ServerFrame } from '../contract/types.js';
import { attemptOf } from './attempt.js';
import type { TimerHandle } from './clock.js';
import type { CloseReason } from './close-reason.js';
import { isAbort, networkFailure, readFailure, runsQuery } from './http.js';
import type { SubscriptionSet, TransportFactory } from './transport.js';

/** Options of the SSE transport. */
export interface SseOptions {
  /** Wait this long after a change of the set of runs before re-opening (default 50 ms). */
  reopenDebounceMs?: number;
  /** Largest event the parser buffers, in characters (default 8 Mi: a 1 MiB log line JSON-escaped). */
  maxEventSize?: number;
}

const runsOf = (subscriptions: SubscriptionSet) => [...subscriptions.keys()].sort().join();

/** The SSE transport over `fetch`, for the client's transport list. */
export function sseTransport(options: SseOptions = {}): TransportFactory {
  const kind = 'sse';
  return {
    kind,
    create(init) {
      const { clock, callbacks } = init;
      let subscriptions: () => SubscriptionSet;
      let abort: AbortController | undefined;
      let reopenTimer: TimerHandle;
      let openedRuns = '';
      let retryMs: number | undefined;
      const attempt = attemptOf(init, () => {
        clock.clearTimeout(reopenTimer);
        abort?.abort();
      });

      /** One HTTP stream; a newer call aborts and supersedes an older one. */
      const stream = async (): Promise<void> => {
        abort?.abort();
        const controller = (abort = new AbortController());
        const current = () => abort === controller && !attempt.done;
        const subs = subscriptions();
        openedRuns = runsOf(subs);
        // The body, then its reader: what to cancel when this stream is done with.
        let body: { cancel(): Promise<void> } | null | undefined;
        // Ends this stream: drops the body, and reports `reason` if the stream still counts.
        const stop = (reason?: CloseReason) => {
          void body?.cancel().catch(() => {});
          if (reason && current()) attempt.end(reason);
        };
        try {
          const response = await attempt.get(
            MULTI_STREAM_PATH + runsQuery(subs),
            'text/event-stream',
            controller.signal,
          );
          const events = (body = response.body);
          if (!current()) return stop();
          if (response.status === 204) return stop({ kind: 'ended', message: 'stream ended (204)' });
          if (!response.ok) return stop(await readFailure(response, clock.now()));
          if (!events || !response.headers.get('content-type')?.includes('text/event-stream')) {
            return stop({ kind: 'protocol', message: 'not an event stream' });
          }
          const reader = (body = events.getReader());
          let batch: ServerFrame[] = [];
          // Characters received since the chunk that ended the last event: what the parser
          // and `partial` hold, less at most that chunk's tail. Checked after each network
          // chunk, so an event is cut within a chunk or two of maxEventSize, not exactly.
          let unparsed = 0;
          let partial = '';
          const parser = createParser({
            onEvent: ({ data }) => {
              unparsed = 0;
              batch.push(...attempt.read([data]));
            },
            onRetry: (ms) => void (retryMs = ms),
          });
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (!current()) return stop();
            if (done) return stop({ kind: 'ended', message: 'stream ended', retryAfterMs: retryMs });
            const text = decoder.decode(value, { stream: true });
            unparsed += text.length;
            // Only whole lines go to the parser: eventsource-parser 3.0 joins the partial
            // line it holds with each chunk and scans it again, quadratic in a long line.
            const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
            if (end) {
              parser.feed(partial + text.slice(0, end));
              partial = text.slice(end);
            } else partial += text;
            if (unparsed > (options.maxEventSize ?? 8 * 1024 * 1024)) {
              return stop({ kind: 'protocol', message: 'event too large' });
            }
            // One network chunk → one batch, so the feed notifies once per chunk.
            if (attempt.opened) callbacks.onFrames(batch);
            batch = [];
          }
        } catch (error) {
          stop(isAbort(error) ? undefined : networkFailure(error));
        }
      };

      return {
        kind,
        open(runs) {
          subscriptions = runs;
          void stream();
        },
        update() {
          if (attempt.done) return;
          clock.clearTimeout(reopenTimer);
          reopenTimer = clock.setTimeout(() => {
            if (runsOf(subscriptions()) !== openedRuns) void stream();
          }, options.reopenDebounceMs ?? 50);
        },
        close: () => attempt.end(),
      };
    },
  };
}
