import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult, runConformance, type CheckResult } from '../../conformance/index.js';
import { startRunServer } from '../../server/index.js';
import { openSqliteStore } from '../../server/store/sqlite-store.js';
import type { Fault } from './faults/fault.js';
import { allFaults } from './faults/index.js';
import { startProxy } from './faults/proxy.js';

// The suite must catch what users would see: the reference backend with one fault planted
// at a time (on the wire by a proxy, or in the store's fold), and the full suite run
// against it must fail the checks that guard the rule the fault breaks. Each fault gets
// its own store, server and proxy, so faults run side by side (vitest's maxConcurrency).
// Nothing in server/ is changed: a passthrough proxy with no fault must pass everything.

const TOKENS = { producer: 'tenant-a-producer', reader: 'tenant-a-reader', other: 'tenant-b-producer' };
const KEEP = 50;
const SEED = Number(process.env['PLANTED_FAULTS_SEED'] ?? 17);

async function runWith(fault: Fault | undefined, trimming: boolean): Promise<CheckResult[]> {
  const base = openSqliteStore({ path: ':memory:', retention: trimming ? { maxEventsPerRun: KEEP } : undefined });
  const store = fault?.store ? fault.store(base) : base;
  const server = await startRunServer({
    store,
    heartbeatMs: 500,
    auth: {
      tokens: {
        [TOKENS.producer]: { tenant: 'a', role: 'producer' },
        [TOKENS.reader]: { tenant: 'a', role: 'reader' },
        [TOKENS.other]: { tenant: 'b', role: 'producer' },
      },
    },
    logger: { warn: () => {}, error: () => {} },
  });
  const proxy = await startProxy(server.url, fault?.hooks);
  try {
    return await runConformance({
      baseUrl: proxy.url,
      token: TOKENS.reader,
      producerToken: TOKENS.producer,
      otherTenantToken: TOKENS.other,
      trimmedAfter: trimming ? KEEP : undefined,
      heartbeatTimeoutMs: 2_000,
      // A planted fault makes checks wait for what never comes: 2 s is ample on loopback.
      waitMs: 2_000,
      seed: SEED,
    });
  } finally {
    await proxy.close();
    await server.close();
    await base.close();
  }
}

/** Suites run side by side: each is mostly waiting (heartbeats, deadlines), not computing. */
const CONCURRENCY = Number(process.env['PLANTED_FAULTS_CONCURRENCY'] ?? 8);

interface Outcome {
  results: CheckResult[];
  ms: number;
}

const runs: Array<{ label: string; fault: Fault | undefined; trimming: boolean }> = [
  { label: 'no fault', fault: undefined, trimming: false },
  { label: 'no fault (trimming)', fault: undefined, trimming: true },
  ...allFaults.map((fault) => ({ label: fault.name, fault, trimming: fault.trimming ?? false })),
];
const outcomes = new Map<string, Outcome>();
let totalMs = 0;

beforeAll(async () => {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++] as (typeof runs)[number];
      const t = performance.now();
      const results = await runWith(run.fault, run.trimming);
      outcomes.set(run.label, { results, ms: performance.now() - t });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  totalMs = performance.now() - started;
}, 600_000);

afterAll(() => {
  const caught = allFaults.filter((f) => missedBy(f).length === 0).length;
  const slowest = [...outcomes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
  console.info(
    `planted faults: ${caught} of ${allFaults.length} caught; ${runs.length} suite runs in ${(totalMs / 1000).toFixed(1)} s ` +
      `(${CONCURRENCY} at a time, seed ${SEED}); slowest: ` +
      slowest.map(([label, o]) => `${label} ${(o.ms / 1000).toFixed(1)} s`).join(', '),
  );
});

function missedBy(fault: Fault): string[] {
  const failed = (outcomes.get(fault.name)?.results ?? []).filter((r) => r.outcome === 'failed');
  return fault.caughtBy.filter((prefix) => !failed.some((r) => r.name.startsWith(prefix)));
}

describe('the conformance suite catches every planted fault', () => {
  for (const label of ['no fault', 'no fault (trimming)']) {
    it(`passes with ${label} planted, through the proxy`, () => {
      const failed = (outcomes.get(label)?.results ?? []).filter((r) => r.outcome === 'failed').map(formatResult);
      expect(outcomes.get(label)?.results.length).toBeGreaterThan(50);
      expect(failed, failed.join('\n')).toEqual([]);
    });
  }

  it('plants at least 20 faults, and names the checks that catch each', () => {
    expect(allFaults.length).toBeGreaterThanOrEqual(20);
    expect(new Set(allFaults.map((f) => f.name)).size).toBe(allFaults.length);
    for (const fault of allFaults) expect(fault.caughtBy.length, fault.name).toBeGreaterThan(0);
  });

  for (const fault of allFaults) {
    it(fault.name, () => {
      const failed = (outcomes.get(fault.name)?.results ?? []).filter((r) => r.outcome === 'failed');
      const missed = missedBy(fault);
      const report = failed.map(formatResult).join('\n') || '(no check failed)';
      expect(missed, `breaks "${fault.breaks}"; not failed: ${missed.join(', ')}\nfailed:\n${report}`).toEqual([]);
    });
  }
});
