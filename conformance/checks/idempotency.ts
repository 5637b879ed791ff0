/**
 * Producers retry: an append repeated with the same `Idempotency-Key` stores nothing new,
 * and nothing is appended after a terminal status.
 * @module
 */
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import { AppendResultSchema } from '../../src/contract/index.js';
import { finishedEvents, logLine, runningEvents } from '../fixtures.js';
import { ensureProblem, ensureStatus, parseBody } from '../http.js';
import { range, seqs } from '../streams.js';

/** Checks: a retried append with the same Idempotency-Key stores one copy and says replayed. */
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

/** Checks: an append after a terminal status is 409 and stores nothing. */
export const appendAfterTerminal: Check = {
  name: 'idempotency: an append after a terminal status is 409 and stores nothing',
  async run(ctx) {
    const run = await ctx.seedRun('after-end', finishedEvents(3, 'cancelled'));
    ensureProblem(await ctx.post(ctx.paths.events(run.id), logLine('too late')), 409);
    const events = await ctx.allEvents(run.id);
    ensure(events.length === 3, `the run has ${events.length} events after a refused append, expected 3`);
  },
};

/** Checks: concurrent retries with one key store one copy; keys are per run. */
export const concurrentRetries: Check = {
  name: 'idempotency: concurrent retries with one key store one copy; keys are per run',
  async run(ctx) {
    const run = await ctx.createRun('retries');
    const key = `cf-${run.id}-concurrent`;
    const batch = [logLine('once'), logLine('only once')];
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        ctx.post(ctx.paths.events(run.id), { events: batch }, { headers: { 'idempotency-key': key } }),
      ),
    );
    const results = answers.map((res) => {
      ensureStatus(res, 201);
      return parseBody(AppendResultSchema, res, 'append result');
    });
    ensure(
      results.filter((r) => !r.replayed).length === 1,
      `${results.filter((r) => !r.replayed).length} of 6 concurrent retries say not replayed, expected 1`,
    );
    results.forEach((r, i) => ensureEqual([r.firstSeq, r.lastSeq], [1, 2], `retry ${i + 1} seqs`));
    ensureEqual(seqs(await ctx.allEvents(run.id)), [1, 2], 'stored seqs');
    const other = await ctx.createRun('retries-other');
    const elsewhere = await ctx.append(other.id, batch, key);
    ensureEqual(
      [elsewhere.firstSeq, elsewhere.lastSeq, elsewhere.replayed],
      [1, 2, false],
      'the same key on another run',
    );
  },
};

/** Checks: a batch with events after its terminal status, or a status back to queued, is 409. */
export const nothingAfterTerminalInBatch: Check = {
  name: 'idempotency: a batch with events after its terminal status, or a status back to queued, is 409',
  async run(ctx) {
    const run = await ctx.seedRun('batch-after-end', runningEvents(2));
    const res = await ctx.post(ctx.paths.events(run.id), {
      events: [{ type: 'status', status: 'succeeded' }, logLine('after the end')],
    });
    ensureProblem(res, 409);
    ensureEqual(seqs(await ctx.allEvents(run.id)), [1, 2], 'stored seqs after the refused batch');
    const back = await ctx.post(ctx.paths.events(run.id), { type: 'status', status: 'queued' });
    ensureProblem(back, 409);
    ensureEqual(seqs(await ctx.allEvents(run.id)), [1, 2], 'stored seqs after a status back to queued');
  },
};

/** Checks of producer retries and the end of a run. */
export const idempotencyChecks: Check[] = [
  idempotentAppend,
  concurrentRetries,
  appendAfterTerminal,
  nothingAfterTerminalInBatch,
];
