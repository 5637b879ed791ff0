import type { RunAdapter } from '../../adapters/index.js';
import { watchRun, type WatchRunOptions } from '../../feed/index.js';
import type { RunFeed } from '../../feed/types.js';

/** What a page may add to an element-opened feed: auth and connection options. */
export type OwnedFeedOptions = Omit<WatchRunOptions, 'runId' | 'baseUrl'>;

/**
 * Opens the feed an element owns when the page gives it `base-url` and `run-id` instead
 * of a feed. Through `watchRun`, every element on the page with the same base URL (and
 * options) shares one connection. An `adapter` (object or registered name) overrides the
 * one in `options`. Kept apart so the element file does not know how feeds connect.
 */
export function openRunFeed(
  baseUrl: string,
  runId: string,
  options: OwnedFeedOptions | undefined,
  adapter?: RunAdapter | string | undefined,
): RunFeed {
  return watchRun({ ...options, baseUrl, runId, adapter: adapter ?? options?.adapter });
}

const adapterIds = new WeakMap<object, number>();
let nextAdapterId = 1;

/** Identifies what an owned feed follows, so a change of any part opens a new feed. */
export function ownedFeedKey(baseUrl: string, runId: string, adapter: RunAdapter | string | undefined): string {
  let id: string | number = '';
  if (typeof adapter === 'string') id = `name:${adapter}`;
  else if (adapter) {
    id = adapterIds.get(adapter) ?? nextAdapterId++;
    adapterIds.set(adapter, id);
  }
  return `${baseUrl}\n${runId}\n${id}`;
}
