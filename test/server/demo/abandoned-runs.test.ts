import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPEN_TENANT } from '../../../server/auth/principal.js';
import { ABANDONED_ERROR, closeAbandonedRuns } from '../../../server/demo/abandoned-runs.js';
import { storeSink } from '../../../server/demo/run-sink.js';
import { createSimulator } from '../../../server/demo/simulator.js';
import { openSqliteStore, type SqliteRunStore } from '../../../server/store/sqlite-store.js';

let store: SqliteRunStore;
beforeEach(() => {
  store = openSqliteStore({ path: ':memory:' });
});
afterEach(() => store.close());

describe('runs left behind by a stopped demo', () => {
  it('are failed when they were running and cancelled when they were queued; ended runs stay as they are', async () => {
    const simulator = createSimulator({
      sink: storeSink(store, { tenant: OPEN_TENANT }),
      concurrency: 2,
      queued: 2,
      idPrefix: 'old',
    });
    await simulator.start();
    // The first batch of each playing run is due at once.
    await vi.waitFor(async () => {
      const runs = (await store.listRuns({ tenant: OPEN_TENANT, status: 'running', limit: 100 })).runs;
      expect(runs).toHaveLength(2);
    });
    await simulator.stop();
    const before = (await store.listRuns({ tenant: OPEN_TENANT, limit: 100 })).runs;
    const running = before.filter((r) => r.status === 'running').map((r) => r.id);
    const queued = before.filter((r) => r.status === 'queued').map((r) => r.id);
    expect(running.length).toBe(2);
    expect(queued.length).toBeGreaterThan(0);
    const ended = await store.createRun(OPEN_TENANT, { id: 'ended' }, new Date());
    expect(ended).not.toBe('exists');
    await store.append('ended', [{ type: 'status', status: 'succeeded' }], { now: new Date() });

    expect(await closeAbandonedRuns(store, OPEN_TENANT)).toBe(running.length + queued.length);
    for (const id of running) {
      const run = (await store.getRun(id))!.snapshot;
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject(ABANDONED_ERROR);
    }
    for (const id of queued) expect((await store.getRun(id))!.snapshot.status).toBe('cancelled');
    expect((await store.getRun('ended'))!.snapshot.status).toBe('succeeded');
    expect(await closeAbandonedRuns(store, OPEN_TENANT)).toBe(0);
  });
});
