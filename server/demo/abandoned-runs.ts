/**
 * Runs a previous demo process left queued or running when it stopped. Nothing will ever
 * append to them again, so on start running ones are failed, the way a job scheduler
 * reports a lost worker, and queued ones cancelled, instead of staying "running" (and
 * soon "stalled") or "queued" forever.
 * @module
 */
import type { RunEventInput, RunStatus } from '../../src/contract/index.js';
import type { RunStore } from '../store/run-store.js';

/** The error abandoned runs are failed with. */
export const ABANDONED_ERROR = {
  message: 'The demo simulator stopped while this run was active; nothing will report on it again.',
  code: 'DEMO_RESTARTED',
} as const;

/** Closes every queued or running run of `tenant`; resolves with how many it closed. */
export async function closeAbandonedRuns(
  store: RunStore,
  tenant: string,
  now: () => Date = () => new Date(),
): Promise<number> {
  let closed = 0;
  for (const status of ['running', 'queued'] satisfies RunStatus[]) {
    let cursor: string | undefined;
    do {
      const page = await store.listRuns({ tenant, status, limit: 100, cursor });
      for (const run of page.runs) {
        const event: RunEventInput =
          status === 'running'
            ? { type: 'status', status: 'failed', error: { ...ABANDONED_ERROR } }
            : { type: 'status', status: 'cancelled' };
        const outcome = await store.append(run.id, [event], { now: now() });
        // A run that ended in between (another process) is fine to skip.
        if (outcome.ok) closed++;
      }
      cursor = page.next;
    } while (cursor !== undefined);
  }
  return closed;
}
