/**
 * `watchRun`: the one call elements make. Feeds of the same backend (base URL, token
 * getter and credentials) share one page-level client, hence one connection; the client
 * is closed when its last feed closes.
 * @module
 */
import { resolveAdapter } from '../adapters/registry.js';
import { backendKey } from './run-key.js';
import { createRunClient, type RunClient, type RunClientOptions } from './run-client.js';
import type { RunFeed } from './types.js';

/** Options of {@link watchRun}: the run, and the client options of its backend. */
export interface WatchRunOptions extends RunClientOptions {
  runId: string;
}

interface SharedClient {
  client: RunClient;
  feeds: number;
}

const shared = new Map<string, SharedClient>();
/**
 * Follows one run through the page's shared client for `baseUrl` (created on first use
 * with these options; later calls with the same base URL, token getter and credentials
 * reuse it and its connection). `feed.close()` releases the feed's share.
 */
export function watchRun(options: WatchRunOptions): RunFeed {
  const baseUrl = options.baseUrl ?? '/api';
  // Resolved here so that a name and the object it names share one client.
  const adapter = resolveAdapter(options.adapter);
  const key = backendKey({ baseUrl, getToken: options.getToken, credentials: options.credentials, adapter });
  let entry = shared.get(key);
  if (!entry) {
    entry = { client: createRunClient({ ...options, baseUrl, adapter }), feeds: 0 };
    shared.set(key, entry);
  }
  const owner = entry;
  const feed = owner.client.watch(options.runId);
  owner.feeds += 1;
  let closed = false;
  return {
    runId: feed.runId,
    getState: () => feed.getState(),
    subscribe: (listener) => feed.subscribe(listener),
    onError: (listener) => feed.onError(listener),
    close() {
      if (closed) return;
      closed = true;
      feed.close();
      owner.feeds -= 1;
      if (owner.feeds === 0 && shared.get(key) === owner) {
        shared.delete(key);
        owner.client.close();
      }
    },
  };
}
