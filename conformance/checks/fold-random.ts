/**
 * The randomized fold check: seeded random event sequences (every event kind and every
 * rule of `applyEvent`) appended through ingest, each run's stored events and snapshot
 * compared with the contract's fold. A failure names the seed, how many sequences
 * differ, every differing field, and the shortest sequence that still shows it.
 * @module
 */
import { setMaxListeners } from 'node:events';
import { CheckFailure } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { uncoveredRules } from '../fold-check/coverage.js';
import { describeDifferences, differenceKind, type Difference } from '../fold-check/diff.js';
import { runSequence, shrink } from '../fold-check/fold-check.js';
import { randomSequences, type RandomSequence } from '../fold-check/random-sequences.js';

/** The check's name (the CLI prints the seed when it runs). */
export const FOLD_CHECK_NAME =
  'fold: random event sequences (seeded) give the snapshot applyEvent gives, and the events as sent';

/** Sequences appended at once. */
const CONCURRENCY = 8;

/**
 * `count` sequences for `seed`, with producer times an hour behind the clock (inside any
 * server's window), topped up from derived seeds until every fold rule is exercised.
 */
export function foldCheckSequences(seed: number, count: number, now = Date.now()): RandomSequence[] {
  const options = { baseTime: now - 3_600_000 };
  const sequences = randomSequences(seed, count, options);
  for (let extra = 1; extra <= 20 && uncoveredRules(sequences).length > 0; extra++) {
    sequences.push(...randomSequences((seed + extra * 0x9e3779b9) >>> 0, 50, options));
  }
  return sequences;
}

async function inPool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Checks: random sequences fold as the contract says. */
export const randomFold: Check = {
  name: FOLD_CHECK_NAME,
  timeoutMs: (options) => Math.max(options.checkTimeoutMs, 60_000 + options.sequences * 200),
  async run(ctx) {
    await checkRandomFold(ctx);
  },
};

async function checkRandomFold(ctx: CheckContext): Promise<void> {
  const { seed, sequences: count } = ctx.options;
  const sequences = foldCheckSequences(seed, count);
  const missing = uncoveredRules(sequences);
  if (missing.length > 0) throw new CheckFailure(`seed ${seed}: the sequences do not exercise ${missing.join(', ')}`);
  // Hundreds of requests share the check's signal; each fetch leaves a listener on it until
  // it is collected, which is not a leak worth Node's warning.
  setMaxListeners(0, ctx.signal);
  const failures: Array<{ index: number; differences: Difference[] }> = [];
  await inPool(sequences, CONCURRENCY, async (sequence, index) => {
    if (ctx.signal.aborted) return;
    const outcome = await runSequence(ctx, sequence, seed + index);
    if (outcome.differences.length > 0) failures.push({ index, differences: outcome.differences });
  });
  if (failures.length === 0) return;
  failures.sort((a, b) => a.index - b.index);
  const allKinds = new Set(failures.flatMap((f) => f.differences.map((d) => differenceKind(d.path))));
  // Shrink the first failing sequence of each kind of difference, shortest result first.
  const first = failures[0] as { index: number; differences: Difference[] };
  const sequence = sequences[first.index] as RandomSequence;
  const shrunk = await shrink(ctx, sequence, first.differences, seed + first.index);
  const others = failures.length > 1 ? ` (${failures.length - 1} more sequences differ)` : '';
  throw new CheckFailure(
    `seed ${seed} (replay with --seed ${seed}): ${failures.length} of ${sequences.length} sequences differ; ` +
      `kinds of difference: ${[...allKinds].join(', ')}. Sequence ${first.index}${others}, shrunk from ` +
      `${sequence.events.length} to ${shrunk.sequence.events.length} events in ${shrunk.tries} tries: ` +
      `create ${JSON.stringify(withoutId(shrunk.sequence.init))} then append ${JSON.stringify(shrunk.sequence.events)}; ` +
      `differences: ${describeDifferences(shrunk.differences)}`,
  );
}

function withoutId(init: RandomSequence['init']): Omit<RandomSequence['init'], 'id'> {
  const { id: _id, ...rest } = init;
  return rest;
}

/** The randomized fold check. */
export const foldChecks: Check[] = [randomFold];
