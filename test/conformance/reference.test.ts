import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult, runConformance } from '../../conformance/index.js';
import { startRunServer, type StartedRunServer } from '../../server/index.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';
import { MAX_EVENTS_PER_RUN, startServerUnderTest, TOKENS } from './server-under-test.js';
import { silentLogger } from '../../server/ops/logger.js';

let store: SqliteRunStore;
let server: StartedRunServer;

beforeAll(async () => {
  store = openSqliteStore({ path: ':memory:', retention: { maxEventsPerRun: MAX_EVENTS_PER_RUN } });
  server = await startServerUnderTest(store);
});

afterAll(async () => {
  await server?.close();
  await store?.close();
});

const options = () => ({
  baseUrl: server.url,
  token: TOKENS.reader,
  producerToken: TOKENS.producer,
  otherTenantToken: TOKENS.other,
  trimmedAfter: MAX_EVENTS_PER_RUN,
  heartbeatTimeoutMs: 2_000,
});

describe('the conformance suite against the reference backend (SQLite, auth, heartbeat 500 ms, trimming)', () => {
  it('passes every check, none skipped', async () => {
    const results = await runConformance(options());
    const notPassed = results.filter((r) => r.outcome !== 'passed').map(formatResult);
    expect(notPassed, notPassed.join('\n')).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
  }, 180_000);

  it('passes in open mode (no tokens), skipping only the checks that need tokens', async () => {
    const openStore = openSqliteStore({ path: ':memory:', retention: { maxEventsPerRun: MAX_EVENTS_PER_RUN } });
    const open = await startRunServer({
      store: openStore,
      heartbeatMs: 500,
      logger: silentLogger(),
    });
    try {
      const results = await runConformance({
        baseUrl: open.url,
        trimmedAfter: MAX_EVENTS_PER_RUN,
        heartbeatTimeoutMs: 2_000,
      });
      const failedOnes = results.filter((r) => r.outcome === 'failed').map(formatResult);
      expect(failedOnes, failedOnes.join('\n')).toEqual([]);
      const skipped = results.filter((r) => r.outcome === 'skipped').map((r) => r.name);
      expect(skipped.length).toBeGreaterThan(0);
      expect(
        skipped.every((name) => name.startsWith('auth: ')),
        skipped.join('\n'),
      ).toBe(true);
    } finally {
      await open.close();
      await openStore.close();
    }
  }, 180_000);

  it('skips the heartbeat checks when the interval is longer than --heartbeat-timeout-ms', async () => {
    const results = await runConformance({
      ...options(),
      heartbeatTimeoutMs: 100,
      filter: (n) => n.includes('heartbeat'),
    });
    expect(results.map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(results[0]?.reason).toMatch(/500 ms exceeds --heartbeat-timeout-ms 100/);
  });

  it('runs as a CLI: one line per check, the closing count, exit 0', async () => {
    const cli = fileURLToPath(new URL('../../conformance/cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const o = options();
    const args = [cli, o.baseUrl, '--token', o.token, '--producer-token', o.producerToken, '--only', 'snapshot:'];
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(tsx, args, { timeout: 60_000 }, (error, out) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: out });
      });
    });
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`${lines.length - 1} passed, 0 failed`);
    expect(
      lines.slice(0, -1).every((l) => l.startsWith('✓ snapshot: ')),
      stdout,
    ).toBe(true);
    expect(code).toBe(0);
  }, 70_000);
});
