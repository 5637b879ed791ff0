import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatResult, runCheck, summarize, type Check } from '../../conformance/index.js';
import { resolveOptions } from '../../conformance/options.js';
import { startRunServer, type StartedRunServer } from '../../server/index.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';

let store: SqliteRunStore;
let server: StartedRunServer;

beforeAll(async () => {
  store = openSqliteStore({ path: ':memory:' });
  server = await startRunServer({ store, heartbeatMs: 60_000 });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
});

describe('runCheck', () => {
  it('fails a check that outlives its time limit and closes the streams it opened', async () => {
    const hangs: Check = {
      name: 'hangs: holds an SSE stream and a WebSocket forever',
      async run(ctx) {
        const run = await ctx.createRun('hangs');
        await ctx.sse(ctx.paths.stream(run.id));
        await ctx.ws();
        await new Promise(() => {});
      },
    };
    const result = await runCheck(hangs, resolveOptions({ baseUrl: server.url, checkTimeoutMs: 500 }));
    expect(result).toMatchObject({ outcome: 'failed', reason: 'timed out after 500 ms' });
    await vi.waitFor(() => expect(server.runServer.stats().connections).toBe(0), { timeout: 5_000 });
  });

  it('reports an error that is not a check failure as unexpected, with its cause', async () => {
    const broken: Check = {
      name: 'broken: throws a TypeError',
      run: () => Promise.reject(new TypeError('cannot read x', { cause: new Error('the root') })),
    };
    const result = await runCheck(broken, resolveOptions({ baseUrl: server.url }));
    expect(result.reason).toBe('unexpected error: cannot read x: the root');
  });

  it('prints results and the closing count in the documented format', () => {
    const results = [
      { name: 'a: ok', outcome: 'passed', durationMs: 1 },
      { name: 'b: bad', outcome: 'failed', reason: 'expected 1, got 2', durationMs: 1 },
      { name: 'c: n/a', outcome: 'skipped', reason: 'needs --token', durationMs: 0 },
    ] as const;
    expect(results.map(formatResult)).toEqual([
      '✓ a: ok',
      '✗ b: bad — expected 1, got 2',
      '- c: n/a (skipped: needs --token)',
    ]);
    expect(summarize(results)).toBe('1 passed, 1 failed, 1 skipped');
    expect(summarize(results.slice(0, 2))).toBe('1 passed, 1 failed');
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => resolveOptions({ baseUrl: 'ws://localhost/api' })).toThrow(/http: or https:/);
    expect(() => resolveOptions({ baseUrl: 'localhost:8080' })).toThrow(TypeError);
  });
});
