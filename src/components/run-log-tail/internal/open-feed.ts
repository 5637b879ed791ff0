import type { RunFeed } from '../../../feed/types.js';

/**
 * Opens the feed the element owns when the page gives it `base-url` and `run-id` instead of
 * a feed. Kept apart so the element file does not know how feeds connect.
 */
export function openRunFeed(baseUrl: string, runId: string): RunFeed {
  // Placeholder until src/feed/index.ts (watchRun) lands.
  throw new Error(`<run-log-tail>: opening a feed for ${runId} at ${baseUrl} needs watchRun, which is not available yet`);
}
