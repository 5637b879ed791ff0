import { watchRun, type WatchRunOptions } from '../../../feed/index.js';
import type { RunFeed } from '../../../feed/types.js';

/** What a page may add to an element-opened feed: auth and connection options. */
export type OwnedFeedOptions = Omit<WatchRunOptions, 'runId' | 'baseUrl'>;

/**
 * Opens the feed the element owns when the page gives it `base-url` and `run-id` instead of
 * a feed. Through `watchRun`, elements on the page with the same base URL (and options)
 * share one connection. Kept apart so the element file does not know how feeds connect.
 */
export function openRunFeed(baseUrl: string, runId: string, options: OwnedFeedOptions | undefined): RunFeed {
  return watchRun({ ...options, baseUrl, runId });
}
