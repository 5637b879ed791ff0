import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/contract/index.js';
import { startRunServer, type StartedRunServer } from '../../../server/index.js';
import { httpSink } from '../../../server/demo/http-sink.js';
import { Outcome } from '../../../server/demo/scenario-types.js';
import { createSimulator } from '../../../server/demo/simulator.js';
import { openSqliteStore, type SqliteRunStore } from '../../../server/store/sqlite-store.js';

// `npm start -- --target URL --token T`: the simulator feeding a separately running
// server over the producer API, here a real reference server on a free port.
const PRODUCER = 'producer-token-for-tests';

let store: SqliteRunStore;
let server: StartedRunServer;

beforeEach(async () => {
  store = openSqliteStore({ path: ':memory:' });
  server = await startRunServer({
    store,
    port: 0,
    auth: { tokens: { [PRODUCER]: { tenant: 'acme', role: 'producer' }, reader: { tenant: 'acme', role: 'reader' } } },
  });
});

afterEach(async () => {
  await server.close();
  await store.close();
});

describe('the simulator over HTTP', () => {
  it('creates and plays runs through the producer API with a token', async () => {
    const errors: unknown[] = [];
    const simulator = createSimulator({
      sink: httpSink({ baseUrl: server.url, token: PRODUCER }),
      seed: 11,
      speed: 400,
      showcase: [Outcome.Fail, Outcome.Succeed],
      queued: 0,
      maxRuns: 2,
      idPrefix: 'http',
      onError: (error) => errors.push(error),
    });
    await simulator.start();
    await simulator.settled();
    expect(errors).toEqual([]);
    const [failed, succeeded] = simulator.runs();
    const failedRun = await store.getRun(failed!.id);
    expect(failedRun?.tenant).toBe('acme');
    expect(failedRun?.snapshot.status).toBe('failed');
    expect(failedRun?.snapshot.error?.phase).toBeDefined();
    expect((await store.getRun(succeeded!.id))?.snapshot.status).toBe('succeeded');
    const events: RunEvent[] = (await store.readEvents(succeeded!.id, 0, 5000))!.events;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.length).toBe(succeeded!.script.batches.reduce((n, b) => n + b.events.length, 0));
  });

  it('reports a refused token once per run instead of retrying it', async () => {
    const errors: Array<{ error: unknown; runId: string }> = [];
    const simulator = createSimulator({
      sink: httpSink({ baseUrl: server.url, token: 'reader' }),
      showcase: [Outcome.Succeed],
      queued: 0,
      maxRuns: 1,
      idPrefix: 'denied',
      onError: (error, runId) => errors.push({ error, runId }),
    });
    await simulator.start();
    await simulator.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0]!.error)).toMatch(/Cannot create run pricing-denied-001: HTTP 403/);
    expect(simulator.runs()[0]!.state).toBe('broken');
  });
});
