/**
 * How the conformance runs start the reference backend: the tokens the suite is given
 * (two tenants, a reader), fast heartbeats, and retention small enough for quick trimming
 * checks but larger than any other check's run (at most ~35 events).
 * @module
 */
import { startRunServer, type StartedRunServer } from '../../server/index.js';
import type { RunStore } from '../../server/store/run-store.js';
import { silentLogger } from '../../server/ops/logger.js';

/** Events a run keeps: the trimming checks append 2 × N + 10. */
export const MAX_EVENTS_PER_RUN = 50;

/** The tokens handed to `runConformance`. */
export const TOKENS = { producer: 'tenant-a-producer', reader: 'tenant-a-reader', other: 'tenant-b-producer' };

/** Starts the reference backend on `store` as the suite expects it (store retention: {@link MAX_EVENTS_PER_RUN}). */
export function startServerUnderTest(store: RunStore): Promise<StartedRunServer> {
  return startRunServer({
    store,
    heartbeatMs: 500,
    auth: {
      tokens: {
        [TOKENS.producer]: { tenant: 'a', role: 'producer' },
        [TOKENS.reader]: { tenant: 'a', role: 'reader' },
        [TOKENS.other]: { tenant: 'b', role: 'producer' },
      },
    },
    logger: { ...silentLogger(), error: (fields, message) => console.error(message, fields) },
  });
}
