/**
 * The SSE link: one `fetch` event stream per run. Such streams often have no ids, so they
 * cannot resume; the link re-reads the run's resource each time it opens, which brings
 * the state (not the missed log lines) back in line.
 * @module
 */
import { createParser } from 'eventsource-parser';
import { CloseKind } from '../transports/close-reason.js';
import { TransportError } from '../transports/errors.js';
import { authHeaders, failureOf, isAbort, networkFailure } from '../transports/http.js';
import type { LinkOpener } from './adapter-transport.js';
import type { JsonEndpoint, SseEndpoint } from './types.js';
import { expandUrl } from './urls.js';

/** Opens SSE links on `endpoint`, re-reading `snapshot` on open when asked to. */
export function sseLink(endpoint: SseEndpoint, snapshot: JsonEndpoint | undefined): LinkOpener {
  const resync = endpoint.resyncOnOpen ?? snapshot !== undefined;
  return (io) => {
    const abort = new AbortController();
    const current = () => !abort.signal.aborted;
    void (async () => {
      const { init } = io;
      let response: Response;
      try {
        response = await init.fetch(expandUrl(endpoint.url, io.runId, init.baseUrl), {
          headers: authHeaders(init.token, 'text/event-stream'),
          credentials: init.credentials,
          cache: 'no-store',
          signal: abort.signal,
        });
      } catch (error) {
        if (current() && !isAbort(error)) io.fail(networkFailure(error));
        return;
      }
      if (!current()) return void response.body?.cancel().catch(() => {});
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        return io.fail(io.binding.explain(io.runId, failureOf(response, text, init.clock.now()), text));
      }
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) {
        void response.body?.cancel().catch(() => {});
        return io.fail({ kind: CloseKind.Protocol, message: 'not an event stream' });
      }
      const parser = createParser({
        onEvent: (message) => {
          if (!current()) return;
          const before = io.binding.run(io.runId).seq;
          io.binding.apply(io.runId, endpoint.map, parseData(message.data), message.event ?? 'message');
          if (io.binding.run(io.runId).seq === before) io.alive();
        },
      });
      io.opened();
      // Read the stream and the resync together: events that arrive meanwhile are folded
      // in as they come, and the resource read is one more full-state update.
      if (resync && snapshot)
        io.binding.load(io.runId, snapshot, { token: init.token, signal: abort.signal }).catch((error: unknown) => {
          if (current()) io.fail(error instanceof TransportError ? error.reason : networkFailure(error));
        });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (!current()) return void reader.cancel().catch(() => {});
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch (error) {
        if (current() && !isAbort(error)) io.fail(networkFailure(error));
        return;
      }
      if (current()) io.fail({ kind: CloseKind.Ended, message: 'stream ended' });
    })();
    return { close: () => abort.abort() };
  };
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
