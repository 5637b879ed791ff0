/**
 * Producers retry: an append repeated with the same `Idempotency-Key` stores nothing new,
 * and nothing is appended after a terminal status.
 * @module
 */
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import { finishedEvents, logLine } from '../fixtures.js';
import { ensureProblem } from '../http.js';
import { range, seqs } from '../streams.js';

export const idempotentAppend: Check = {
  name: 'idempotency: a retried append with the same Idempotency-Key stores one copy and says replayed',
  async run(ctx) {
    const run = await ctx.createRun('idempotent');
    const key = `cf-${run.id}-batch-1`;
    const batch = [logLine('first'), logLine('second')];
    const first = await ctx.append(run.id, batch, key);
    ensureEqual([first.firstSeq, first.lastSeq, first.replayed], [1, 2, false], 'first append');
    const retry = await ctx.append(run.id, batch, key);
    ensureEqual([retry.firstSeq, retry.lastSeq, retry.replayed], [1, 2, true], 'the retry with the same key');
    const other = await ctx.append(run.id, batch, `${key}-other`);
    ensureEqual([other.firstSeq, other.lastSeq, other.replayed], [3, 4, false], 'an append with another key');
    const events = await ctx.allEvents(run.id);
    ensureEqual(seqs(events), range(1, 4), 'stored seqs');
  },
};

export const appendAfterTerminal: Check = {
  name: 'idempotency: an append after a terminal status is 409 and stores nothing',
  async run(ctx) {
    const run = await ctx.seedRun('after-end', finishedEvents(3, 'cancelled'));
    ensureProblem(await ctx.post(ctx.paths.events(run.id), logLine('too late')), 409);
    const events = await ctx.allEvents(run.id);
    ensure(events.length === 3, `the run has ${events.length} events after a refused append, expected 3`);
  },
};

/** Checks of producer retries and the end of a run. */
export const idempotencyChecks: Check[] = [idempotentAppend, appendAfterTerminal];
