import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance, type CheckResult } from '../../conformance/index.js';
import { startRunServer, type RunStore, type StartedRunServer } from '../../server/index.js';
import { openSqliteStore } from '../../server/store/sqlite-store.js';
import { silentLogger } from '../../server/ops/logger.js';

// The suite must be able to fail: the reference backend on a store with one planted fault
// at a time, and the checks that guard against that fault must say so.

interface Faults {
  ignoreIdempotencyKeys?: boolean;
  dropSeqFromPages?: number;
  oldestFirst?: boolean;
  /** The store never tells the server about new events (a broken pub/sub). */
  silentSubscribe?: boolean;
}

function faultyStore(store: RunStore, faults: Faults): RunStore {
  return {
    createRun: (...args) => store.createRun(...args),
    getRun: (...args) => store.getRun(...args),
    async listRuns(query) {
      const page = await store.listRuns(query);
      return faults.oldestFirst ? { ...page, runs: [...page.runs].reverse() } : page;
    },
    append: (runId, events, options) =>
      store.append(runId, events, faults.ignoreIdempotencyKeys ? { now: options.now } : options),
    async readEvents(runId, after, limit) {
      const page = await store.readEvents(runId, after, limit);
      const drop = faults.dropSeqFromPages;
      return page && drop !== undefined ? { ...page, events: page.events.filter((e) => e.seq !== drop) } : page;
    },
    readLogTail: (...args) => store.readLogTail(...args),
    subscribe: (runId, listener) => (faults.silentSubscribe ? () => {} : store.subscribe(runId, listener)),
    estimate: (...args) => store.estimate(...args),
    close: () => store.close(),
  };
}

let server: StartedRunServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: Faults): Promise<string> {
  const store = faultyStore(openSqliteStore({ path: ':memory:' }), faults);
  server = await startRunServer({ store, heartbeatMs: 500, logger: silentLogger() });
  return server.url;
}

const failed = (results: CheckResult[]) => results.filter((r) => r.outcome === 'failed');

describe('the conformance suite on a backend with a planted fault', () => {
  it('reports a retried append that is stored twice', async () => {
    const baseUrl = await start({ ignoreIdempotencyKeys: true });
    const results = await runConformance({ baseUrl, filter: (n) => n.startsWith('idempotency: a retried') });
    expect(failed(results).map((r) => r.reason)).toEqual([expect.stringContaining('the retry with the same key')]);
  });

  it('reports a hole in the event pages, in the fold and in the paging checks', async () => {
    const baseUrl = await start({ dropSeqFromPages: 3 });
    const results = await runConformance({
      baseUrl,
      filter: (n) => n.startsWith('snapshot: equals the fold') || n.startsWith('events: GET events pages'),
    });
    expect(results).toHaveLength(2);
    expect(failed(results)).toHaveLength(2);
    expect(results[0]?.reason).toContain('seqs of GET events');
  });

  it('reports a list that is oldest first', async () => {
    const baseUrl = await start({ oldestFirst: true });
    const results = await runConformance({
      baseUrl,
      filter: (n) => n.startsWith('list: GET /runs answers runs newest'),
    });
    expect(failed(results).map((r) => r.reason)).toEqual([expect.stringContaining('expected newest first')]);
  });

  it('reports streams that never go live, on every transport', async () => {
    const baseUrl = await start({ silentSubscribe: true });
    const results = await runConformance({ baseUrl, waitMs: 500, filter: (n) => n.startsWith('catch-up:') });
    expect(results).toHaveLength(3);
    expect(failed(results)).toHaveLength(3);
    expect(results[0]?.reason).toMatch(/waiting for event \d+: nothing (but heartbeats )?came within 500 ms/);
  });

  it('makes the CLI exit 1 with the failures counted, and skips what the options do not cover', async () => {
    const baseUrl = await start({ ignoreIdempotencyKeys: true });
    const cli = fileURLToPath(new URL('../../conformance/cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const { code, stdout } = await new Promise<{ code: unknown; stdout: string }>((resolve) => {
      execFile(tsx, [cli, baseUrl, '--only', 'idempotency: a retried'], { timeout: 60_000 }, (error, out) =>
        resolve({ code: error ? error.code : 0, stdout: out }),
      );
    });
    expect(stdout).toMatch(/^✗ idempotency: a retried append .* — the retry with the same key/m);
    expect(stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(code).toBe(1);
    const skipped = await new Promise<string>((resolve) => {
      execFile(tsx, [cli, baseUrl, '--only', 'auth:'], { timeout: 60_000 }, (_error, out) => resolve(out));
    });
    expect(skipped).toMatch(/^- auth: .* \(skipped: needs --token/m);
    const lines = skipped.trim().split('\n');
    expect(
      lines.slice(0, -1).every((line) => line.startsWith('- auth: ')),
      skipped,
    ).toBe(true);
    expect(lines.at(-1)).toBe(`0 passed, 0 failed, ${lines.length - 1} skipped`);
  });
});
