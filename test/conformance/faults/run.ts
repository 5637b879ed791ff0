/**
 * One suite run against the reference backend with (at most) one fault planted: its own
 * store, server and proxy, closed afterwards.
 * @module
 */
import { runConformance, type CheckResult } from '../../../conformance/index.js';
import { startRunServer } from '../../../server/index.js';
import { openSqliteStore } from '../../../server/store/sqlite-store.js';
import type { Fault } from './fault.js';
import { allFaults } from './index.js';
import { startProxy } from './proxy.js';
import { silentLogger } from '../../../server/ops/logger.js';

const TOKENS = { producer: 'tenant-a-producer', reader: 'tenant-a-reader', other: 'tenant-b-producer' };
/** Events a trimming backend keeps per run. */
const KEEP = 50;

/** One planned suite run. */
export interface PlannedRun {
  label: string;
  fault: Fault | undefined;
  trimming: boolean;
  /** Sequences of the fold check: the suite's 200 where the fold check is what must catch the fault. */
  sequences: number;
}

/** The fold check's own default, for the controls and the faults it must catch. */
const FOLD_SEQUENCES = 200;
/**
 * For the other faults: the fold check still runs (covering every rule of the fold, it
 * tops up from derived seeds when it must), with a quarter of the requests. It is most
 * of a suite run's CPU time, and the suite runs share two cores.
 */
const OTHER_SEQUENCES = 50;

function planned(label: string, fault: Fault | undefined): PlannedRun {
  const byFold = fault === undefined || fault.caughtBy.some((name) => name.startsWith('fold:'));
  return { label, fault, trimming: fault?.trimming ?? false, sequences: byFold ? FOLD_SEQUENCES : OTHER_SEQUENCES };
}

/** What a run gave. */
export interface RunOutcome {
  label: string;
  results: CheckResult[];
  ms: number;
}

/** The controls (no fault, through the proxy, without and with trimming), then every fault. */
export const plannedRuns: readonly PlannedRun[] = [
  planned('no fault', undefined),
  { ...planned('no fault (trimming)', undefined), trimming: true },
  ...allFaults.map((fault) => planned(fault.name, fault)),
];

/** Runs the whole suite against the reference backend with `run`'s fault planted. */
export async function runPlanned(run: PlannedRun, seed: number): Promise<RunOutcome> {
  const started = performance.now();
  const base = openSqliteStore({ path: ':memory:', retention: run.trimming ? { maxEventsPerRun: KEEP } : undefined });
  const store = run.fault?.store ? run.fault.store(base) : base;
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
    logger: silentLogger(),
  });
  const proxy = await startProxy(server.url, run.fault?.hooks);
  try {
    const results = await runConformance({
      baseUrl: proxy.url,
      token: TOKENS.reader,
      producerToken: TOKENS.producer,
      otherTenantToken: TOKENS.other,
      trimmedAfter: run.trimming ? KEEP : undefined,
      heartbeatTimeoutMs: 2_000,
      // A planted fault makes checks wait for what never comes: 2 s is ample on loopback.
      waitMs: 2_000,
      seed,
      sequences: run.sequences,
    });
    return { label: run.label, results, ms: performance.now() - started };
  } finally {
    await proxy.close();
    await server.close();
    await base.close();
  }
}

/** Runs `runs`, `concurrency` at a time. */
export async function runAll(runs: readonly PlannedRun[], seed: number, concurrency: number): Promise<RunOutcome[]> {
  const out: RunOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < runs.length) out.push(await runPlanned(runs[next++] as PlannedRun, seed));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
