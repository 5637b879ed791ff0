import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult } from '../../conformance/index.js';
import type { Fault } from './faults/fault.js';
import { allFaults } from './faults/index.js';
import { plannedRuns, type RunOutcome } from './faults/run.js';

// The suite must catch what users would see: the reference backend with one fault planted
// at a time (on the wire by a proxy, or in the store's fold), and the full suite run
// against it must fail the checks that guard the rule the fault breaks. Each fault gets
// its own store, server and proxy, so faults run side by side, in one worker process per
// core (faults/worker.ts). Nothing in server/ is changed: a passthrough proxy with no fault
// must pass everything.

const SEED = Number(process.env['PLANTED_FAULTS_SEED'] ?? 17);
/** Suites side by side in each worker: each is mostly waiting (heartbeats, deadlines). */
const CONCURRENCY = Number(process.env['PLANTED_FAULTS_CONCURRENCY'] ?? 5);
const WORKERS = Number(process.env['PLANTED_FAULTS_WORKERS'] ?? Math.max(2, availableParallelism()));

const outcomes = new Map<string, RunOutcome>();
let totalMs = 0;

function startWorker(indices: number[]): Promise<RunOutcome[]> {
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const worker = fileURLToPath(new URL('./faults/worker.ts', import.meta.url));
  const args = [worker, String(SEED), String(CONCURRENCY), ...indices.map(String)];
  return new Promise((resolve, reject) => {
    execFile(tsx, args, { maxBuffer: 64 * 1024 * 1024, timeout: 540_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`fault worker failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as RunOutcome[]);
    });
  });
}

beforeAll(async () => {
  const started = performance.now();
  // Deal the runs round-robin, so every worker gets a share of the slow stream faults.
  const shares: number[][] = Array.from({ length: WORKERS }, () => []);
  plannedRuns.forEach((_, i) => shares[i % WORKERS]?.push(i));
  for (const batch of await Promise.all(shares.map(startWorker))) {
    for (const outcome of batch) outcomes.set(outcome.label, outcome);
  }
  totalMs = performance.now() - started;
}, 600_000);

afterAll(() => {
  const caught = allFaults.filter((f) => missedBy(f).length === 0).length;
  const slowest = [...outcomes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
  console.info(
    `planted faults: ${caught} of ${allFaults.length} caught; ${plannedRuns.length} suite runs in ${(totalMs / 1000).toFixed(1)} s ` +
      `(${WORKERS} workers, ${CONCURRENCY} at a time each, seed ${SEED}); slowest: ` +
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
