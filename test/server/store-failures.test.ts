import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contract/index.js';
import { startRunServer, type StartedRunServer } from '../../server/index.js';
import type { RunStore } from '../../server/store/run-store.js';
import { StoreUnavailableError } from '../../server/store/run-store-errors.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';
import { delegatingStore } from './support/delegating-store.js';
import { SseClient } from './support/sse-client.js';
import { WsClient } from './support/ws-client.js';
import { recordingLogger } from '../support/recording-logger.js';

describe('when the store fails', () => {
  let dir: string;
  let real: SqliteRunStore;
  let server: StartedRunServer;
  let logged: string[];
  let failure: Error | undefined;

  const start = async (overrides: (fail: () => void) => Partial<RunStore>) => {
    const store = delegatingStore(
      real,
      overrides(() => {
        if (failure) throw failure;
      }),
    );
    server = await startRunServer({ store, logger: recordingLogger(logged) });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-fail-'));
    real = openSqliteStore({ path: join(dir, 'runs.db') });
    await real.createRun('public', { id: 'r' }, new Date());
    logged = [];
    failure = undefined;
  });
  afterEach(async () => {
    await server.close();
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 500 with a problem for an unexpected error, and logs it', async () => {
    await start((fail) => ({ getRun: async (id) => (fail(), real.getRun(id)) }));
    failure = new Error('disk on fire');
    const res = await fetch(`${server.url}/runs/r`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as Problem;
    expect(body).toMatchObject({ status: 500, type: 'urn:run-progress-kit:problem:internal' });
    // The cause goes to the operator's log, not to the client.
    expect(JSON.stringify(body)).not.toContain('disk on fire');
    expect(logged.join('\n')).toContain('error: request failed {"reqId"');
    expect(logged.join('\n')).toContain('"method":"GET","path":"/api/runs/r"}: disk on fire');
  });

  it('answers 503 with Retry-After when the store is unavailable', async () => {
    await start((fail) => ({ getRun: async (id) => (fail(), real.getRun(id)) }));
    failure = new StoreUnavailableError('engine restarting', { retryAfterMs: 2500 });
    const res = await fetch(`${server.url}/runs/r`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(((await res.json()) as Problem).type).toBe('urn:run-progress-kit:problem:unavailable');
  });

  it('ends live subscriptions with a 503 when a shared store says its engine is unavailable', async () => {
    const outages: Array<() => void> = [];
    await start(() => ({
      subscribe: (runId, listener, options) => {
        if (options?.onUnavailable) outages.push(() => options.onUnavailable!(new Error('engine gone')));
        return real.subscribe(runId, listener, options);
      },
    }));
    await real.append('r', [{ type: 'log', text: 'one' }], { now: new Date() });
    const ws = await WsClient.connect(server.url);
    ws.send({ type: 'subscribe', run: 'r', after: 0 });
    const sse = await SseClient.open(`${server.url}/runs/r/stream`);
    await ws.until(() => ws.seqs('r').length === 1);
    await sse.until(() => sse.runEvents().length === 1);
    expect(outages.length).toBe(1);
    outages[0]!();
    await ws.until((f) => f.some((x) => x.type === 'error'));
    expect(ws.frames.at(-1)).toMatchObject({ type: 'error', run: 'r', problem: { status: 503 } });
    await sse.ended;
    expect(JSON.parse(sse.messages.at(-1)!.data)).toMatchObject({ status: 503 });
    expect(sse.messages.at(-1)!.event).toBe('problem');
    // The socket stays open: the client resubscribes after backing off.
    ws.send({ type: 'subscribe', run: 'r', after: 1 });
    await real.append('r', [{ type: 'log', text: 'two' }], { now: new Date() });
    await ws.until(() => ws.seqs('r').length === 2);
    ws.close();
  });

  it('ends a stream with a problem event carrying a 503 problem when reading history fails', async () => {
    await start((fail) => ({ readEvents: async (...a) => (fail(), real.readEvents(...a)) }));
    failure = new Error('read failed');
    const sse = await SseClient.open(`${server.url}/runs/r/stream`);
    expect(sse.response.status).toBe(200);
    await sse.ended;
    const error = sse.messages.find((m) => m.event === 'problem');
    expect(JSON.parse(error!.data)).toMatchObject({ status: 503, type: 'urn:run-progress-kit:problem:unavailable' });
    expect(server.runServer.stats().connections).toBe(0);
  });
});
