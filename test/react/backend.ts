/** Producer calls against the browser project's reference backend, for the React tests. */
import { inject, vi } from 'vitest';
import type { RunEventInput } from '../../src/contract/index.js';
import type { WebSocketConstructor } from '../../src/transports/index.js';

/** API base of the reference backend the browser project started. */
export const apiBase = inject('apiBase');

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${apiBase}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

/** Creates a run with a fresh id (prefixed) and returns the id. */
export async function createRun(prefix: string, init: Record<string, unknown> = {}): Promise<string> {
  const id = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  await post('/runs', { id, ...init });
  return id;
}

/** Appends events as a producer would. */
export const append = (runId: string, events: RunEventInput[]): Promise<void> =>
  post(`/runs/${runId}/events`, { events });

/** Retries `check` until it passes (10 s at most). */
export const until = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 10_000, interval: 20 });

/**
 * A WebSocket class that counts the sockets a client opens and closes, injected through
 * the feed options (what the server would count, seen from the page).
 */
export function countingWebSocket(): { WebSocket: WebSocketConstructor; opened: () => number; open: () => number } {
  let opened = 0;
  let live = 0;
  class CountingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      opened += 1;
      live += 1;
      this.addEventListener('close', () => (live -= 1));
    }
  }
  // The DOM's handler types are narrower than the transport's structural WebSocketLike.
  return { WebSocket: CountingWebSocket as unknown as WebSocketConstructor, opened: () => opened, open: () => live };
}

/** A `fetch` that records the URLs a client reads, injected through the feed options. */
export function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    },
  };
}
