/**
 * `tsx test/conformance/faults/worker.ts <seed> <concurrency> <index>...`: runs the planned
 * suite runs with those indices (of `plannedRuns`) and prints their outcomes as one JSON
 * line. The planted-fault test starts one per core: a suite, its server and its proxy
 * share one event loop, which one process cannot spread over two cores.
 * @module
 */
import { plannedRuns, runAll } from './run.js';

const [seed, concurrency, ...indices] = process.argv.slice(2).map(Number);
const runs = indices.map((i) => plannedRuns[i]).filter((r) => r !== undefined);
const outcomes = await runAll(runs, seed ?? 17, concurrency ?? 4);
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
