/**
 * The event log over REST: seq numbering (also under concurrent appends), paging, the log
 * tail, and the explicit refusals when a cursor cannot be resumed.
 * @module
 */
import { EventPageSchema, LogTailSchema, type RunEventInput } from '../../src/contract/index.js';
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { logLine, runningEvents } from '../fixtures.js';
import { ensureProblem, ensureStatus, parseBody } from '../http.js';
import { range, seqs } from '../streams.js';

/** Checks: seq starts at 1 and rises by exactly 1. */
export const seqRisesByOne: Check = {
  name: 'events: seq starts at 1 and rises by exactly 1',
  async run(ctx) {
    const run = await ctx.createRun('seq');
    const one = await ctx.append(run.id, { type: 'status', status: 'running' });
    ensureEqual([one.firstSeq, one.lastSeq], [1, 1], 'first append firstSeq/lastSeq');
    const batch = await ctx.append(run.id, [logLine('a'), logLine('b'), logLine('c')]);
    ensureEqual([batch.firstSeq, batch.lastSeq], [2, 4], 'batch of 3 firstSeq/lastSeq');
    const last = await ctx.append(run.id, { type: 'progress', phase: 'fetch', percent: 5 });
    ensureEqual([last.firstSeq, last.lastSeq], [5, 5], 'third append firstSeq/lastSeq');
    const events = await ctx.allEvents(run.id);
    ensureEqual(seqs(events), range(1, 5), 'seqs of GET events');
    ensureEqual(
      events.map((e) => (e.type === 'log' ? e.text : e.type)),
      ['status', 'a', 'b', 'c', 'progress'],
      'events in append order',
    );
  },
};

/** Checks: seq stays gapless and unique under concurrent appends. */
export const seqUnderConcurrency: Check = {
  name: 'events: seq stays gapless and unique under concurrent appends',
  async run(ctx) {
    const run = await ctx.createRun('concurrent');
    const batches: RunEventInput[][] = [];
    for (let i = 0; i < 16; i++) {
      const size = (i % 3) + 1;
      batches.push(Array.from({ length: size }, (_, j) => logLine(`append ${i} line ${j}`)));
    }
    const results = await Promise.all(batches.map((b) => ctx.append(run.id, b)));
    const total = batches.reduce((n, b) => n + b.length, 0);
    const covered = results.flatMap((r) => range(r.firstSeq, r.lastSeq)).sort((a, b) => a - b);
    ensureEqual(covered, range(1, total), 'seqs assigned to the concurrent appends');
    const events = await ctx.allEvents(run.id);
    ensureEqual(seqs(events), range(1, total), 'seqs of GET events');
    results.forEach((r, i) => {
      const stored = events.slice(r.firstSeq - 1, r.lastSeq).map((e) => (e.type === 'log' ? e.text : e.type));
      ensureEqual(
        stored,
        batches[i]?.map((e) => (e.type === 'log' ? e.text : e.type)),
        `append ${i} as stored`,
      );
    });
  },
};

/** Checks: the server keeps a given time and fills in the phase of log lines. */
export const serverStamps: Check = {
  name: 'events: the server keeps a given time and fills in the phase of log lines',
  async run(ctx) {
    const run = await ctx.createRun('stamps');
    const time = '2026-01-02T03:04:05.678Z';
    await ctx.append(run.id, [
      { type: 'progress', phase: 'fetch', time },
      logLine('in the fetch phase'),
      { type: 'progress', phase: 'score' },
      logLine('in the score phase'),
    ]);
    const events = await ctx.allEvents(run.id);
    ensure(events[0]?.time === time, `an event appended with time ${time} was stored with ${events[0]?.time}`);
    const phases = events.filter((e) => e.type === 'log').map((e) => e.phase);
    ensureEqual(phases, ['fetch', 'score'], 'phase of log lines appended without one');
  },
};

/** Checks: GET events pages with after and limit. */
export const eventsPaging: Check = {
  name: 'events: GET events pages with after and limit',
  async run(ctx) {
    const run = await ctx.seedRun('paging', runningEvents(10));
    const page = async (query: Record<string, number>) => {
      const res = await ctx.get(ctx.paths.events(run.id), { query });
      ensureStatus(res, 200);
      return parseBody(EventPageSchema, res, 'event page');
    };
    const fresh = await ctx.createRun('paging-empty');
    const empty = await ctx.get(ctx.paths.events(fresh.id));
    ensureStatus(empty, 200);
    const none = parseBody(EventPageSchema, empty, 'event page of a run with no events');
    ensureEqual(
      [none.events, none.firstSeq, none.lastSeq, none.status],
      [[], 1, 0, 'queued'],
      'events, firstSeq, lastSeq, status of a new run',
    );
    const all = await page({});
    ensureEqual(seqs(all.events), range(1, 10), 'seqs with no after');
    ensureEqual(
      [all.runId, all.firstSeq, all.lastSeq, all.status],
      [run.id, 1, 10, 'running'],
      'runId, firstSeq, lastSeq, status',
    );
    const middle = await page({ after: 3, limit: 4 });
    ensureEqual(seqs(middle.events), range(4, 7), 'seqs with after=3&limit=4');
    ensureEqual(middle.events, all.events.slice(3, 7), 'events with after=3&limit=4');
    ensure(middle.lastSeq === 10, `lastSeq of a partial page is ${middle.lastSeq}, expected the run's 10`);
    ensureEqual(seqs((await page({ after: 9 })).events), [10], 'seqs with after=9');
    ensureEqual(seqs((await page({ after: 10 })).events), [], 'seqs with after=lastSeq');
    ensureEqual(seqs((await page({ limit: 1 })).events), [1], 'seqs with limit=1');
  },
};

/** Checks: GET logs?tail=N answers the last N log lines, oldest first. */
export const logsTail: Check = {
  name: 'events: GET logs?tail=N answers the last N log lines, oldest first',
  async run(ctx) {
    const run = await ctx.seedRun('tail', runningEvents(14));
    const events = await ctx.allEvents(run.id);
    const logs = events.filter((e) => e.type === 'log');
    const read = async (query: Record<string, number>) => {
      const res = await ctx.get(ctx.paths.logs(run.id), { query });
      ensureStatus(res, 200);
      return parseBody(LogTailSchema, res, 'log tail');
    };
    const tail = await read({ tail: 3 });
    ensureEqual(tail.lines, logs.slice(-3), 'logs?tail=3');
    ensureEqual([tail.runId, tail.lastSeq], [run.id, 14], 'runId and lastSeq of the tail');
    ensureEqual((await read({})).lines, logs, 'logs with the default tail (200)');
    ensureEqual((await read({ tail: 100 })).lines, logs, 'logs?tail=100 of a shorter log');
    ensureEqual((await read({ tail: 0 })).lines, [], 'logs?tail=0');
  },
};

/** Checks: a cursor past lastSeq is 409 cursor-ahead. */
export const cursorAheadIs409: Check = {
  name: 'events: a cursor past lastSeq is 409 cursor-ahead',
  async run(ctx) {
    const run = await ctx.seedRun('ahead-rest', runningEvents(3));
    const res = await ctx.get(ctx.paths.events(run.id), { query: { after: 50 } });
    const problem = ensureProblem(res, 409);
    ensure(problem.type.endsWith('cursor-ahead'), `problem type is ${problem.type}, expected …:cursor-ahead`);
  },
};

/** Appends enough events that a backend keeping `keep` per run must have trimmed some. */
export async function seedTrimmedRun(ctx: CheckContext, label: string, keep: number) {
  const run = await ctx.createRun(label);
  const total = 2 * keep + 10;
  const events = runningEvents(total);
  for (let i = 0; i < total; i += 5000) await ctx.append(run.id, events.slice(i, i + 5000));
  return { run, total };
}

/** Checks: a cursor before the trimmed history is 410 with firstSeq. */
export const trimmedIs410: Check = {
  name: 'events: a cursor before the trimmed history is 410 with firstSeq',
  async run(ctx) {
    const keep = ctx.options.trimmedAfter ?? ctx.skip('needs --trimmed-after N (the events the backend keeps per run)');
    const { run, total } = await seedTrimmedRun(ctx, 'trimmed-rest', keep);
    const res = await ctx.get(ctx.paths.events(run.id), { query: { after: 0 } });
    const problem = ensureProblem(res, 410);
    ensure(problem.type.endsWith('history-trimmed'), `problem type is ${problem.type}, expected …:history-trimmed`);
    const firstSeq = problem.firstSeq;
    ensure(firstSeq !== undefined, '410 problem has no firstSeq');
    ensure(
      firstSeq > total - keep,
      `firstSeq ${firstSeq}: a backend keeping ${keep} events of ${total} must start after ${total - keep}`,
    );
    const resumed = await ctx.get(ctx.paths.events(run.id), { query: { after: firstSeq - 1 } });
    ensureStatus(resumed, 200);
    const page = parseBody(EventPageSchema, resumed, 'event page');
    ensure(page.events[0]?.seq === firstSeq, `after=firstSeq-1 starts at ${page.events[0]?.seq}, expected ${firstSeq}`);
    ensure(page.firstSeq === firstSeq, `page firstSeq ${page.firstSeq}, the 410 said ${firstSeq}`);
    if (firstSeq >= 2) {
      const before = await ctx.get(ctx.paths.events(run.id), { query: { after: firstSeq - 2 } });
      ensureProblem(before, 410);
    }
  },
};

/** Checks of the REST event log. */
export const eventChecks: Check[] = [
  seqRisesByOne,
  seqUnderConcurrency,
  eventsPaging,
  logsTail,
  cursorAheadIs409,
  trimmedIs410,
];
