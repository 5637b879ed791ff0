/**
 * The snapshot: created as the fold of nothing, always the fold of its events up to the
 * seq it states, and cheap to poll with ETag and 304.
 * @module
 */
import { applyEvent, initialSnapshot, RunSnapshotSchema, type RunSnapshot } from '../../src/contract/index.js';
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext, CreatedRun } from '../context.js';
import { FIXTURE_STEPS, finishedEvents, logLine, runningEvents } from '../fixtures.js';
import { ensureProblem, ensureStatus, label, parseBody } from '../http.js';
import { range, seqs } from '../streams.js';

// `estimate` comes from other runs of the same kind, not from this run's events.
function withoutEstimate(snapshot: RunSnapshot): RunSnapshot {
  const { estimate: _estimate, ...rest } = snapshot;
  return rest;
}

async function expectFold(ctx: CheckContext, run: CreatedRun): Promise<void> {
  const snapshot = await ctx.snapshot(run.id);
  const events = await ctx.allEvents(run.id);
  ensureEqual(seqs(events), range(1, events.at(-1)?.seq ?? 0), `${run.id}: seqs of GET events`);
  const folded = events.reduce(applyEvent, initialSnapshot({ ...run.input, createdAt: snapshot.createdAt }));
  ensure(
    snapshot.seq === events.at(-1)?.seq,
    `${run.id}: snapshot seq ${snapshot.seq}, last event ${events.at(-1)?.seq}`,
  );
  ensureEqual(withoutEstimate(snapshot), withoutEstimate(folded), `${run.id}: snapshot vs the fold of its events`);
}

/** Checks: POST /runs answers 201, the initial snapshot and Location; a taken id is 409. */
export const createAnswersSnapshot: Check = {
  name: 'snapshot: POST /runs answers 201, the initial snapshot and Location; a taken id is 409',
  async run(ctx) {
    const input = { id: ctx.newRunId('create'), kind: 'conformance', title: 'Create check', steps: FIXTURE_STEPS };
    const res = await ctx.post(ctx.paths.runs(), input);
    ensureStatus(res, 201);
    const created = parseBody(RunSnapshotSchema, res, 'created run');
    const expected = initialSnapshot({ ...input, createdAt: created.createdAt });
    ensureEqual(withoutEstimate(created), expected, 'created snapshot');
    const location = res.headers.get('location');
    ensure(location !== null, `${label(res)}: no Location header`);
    const target = new URL(location, res.url).pathname;
    ensure(target === ctx.paths.run(input.id), `Location is ${location}, expected ${ctx.paths.run(input.id)}`);
    const again = await ctx.post(ctx.paths.runs(), input);
    ensureProblem(again, 409);
    const unnamed = await ctx.post(ctx.paths.runs(), {});
    ensureStatus(unnamed, 201);
    const named = parseBody(RunSnapshotSchema, unnamed, 'run created without an id');
    const where = new URL(unnamed.headers.get('location') ?? '', unnamed.url).pathname;
    ensure(where === ctx.paths.run(named.id), `Location of a run created without an id is ${where}`);
  },
};

/** Checks: equals the fold (applyEvent) of all events from 0 and states its seq. */
export const snapshotIsFold: Check = {
  name: 'snapshot: equals the fold (applyEvent) of all events from 0 and states its seq',
  async run(ctx) {
    const fresh = await ctx.createRun('fold-empty', { kind: 'conformance', steps: FIXTURE_STEPS });
    const empty = await ctx.snapshot(fresh.id);
    ensure(empty.seq === 0, `a run with no events has snapshot seq ${empty.seq}, expected 0`);
    const running = await ctx.seedRun('fold-running', runningEvents(9), {
      kind: 'conformance',
      title: 'Fold check',
      steps: FIXTURE_STEPS,
    });
    await expectFold(ctx, running);
    await ctx.append(running.id, logLine('one more line'));
    await expectFold(ctx, running);
    const failed = await ctx.seedRun('fold-failed', finishedEvents(7, 'failed'), { steps: FIXTURE_STEPS });
    await expectFold(ctx, failed);
  },
};

/** Checks: ETag, 304 on If-None-Match, a new ETag after an append. */
export const etagAndNotModified: Check = {
  name: 'snapshot: ETag, 304 on If-None-Match, a new ETag after an append',
  async run(ctx) {
    const run = await ctx.seedRun('etag', runningEvents(3));
    const first = await ctx.get(ctx.paths.run(run.id));
    ensureStatus(first, 200);
    const etag = first.headers.get('etag');
    ensure(etag, `${label(first)}: no ETag header`);
    const type = first.headers.get('content-type') ?? '';
    ensure(/^application\/json\b/i.test(type), `${label(first)}: content type is ${JSON.stringify(type)}`);
    const cached = await ctx.get(ctx.paths.run(run.id), { headers: { 'if-none-match': etag } });
    ensureStatus(cached, 304);
    ensure(cached.text === '', `304 has a body: ${cached.text.slice(0, 100)}`);
    // RFC 9110 §15.4.5: a 304 carries the ETag a 200 would have had.
    ensure(cached.headers.get('etag') === etag, `304 ETag is ${cached.headers.get('etag')}, expected ${etag}`);
    await ctx.append(run.id, logLine('changes the snapshot'));
    const changed = await ctx.get(ctx.paths.run(run.id), { headers: { 'if-none-match': etag } });
    ensureStatus(changed, 200);
    const next = changed.headers.get('etag');
    ensure(next && next !== etag, `ETag after an append is ${next}, expected a new one (was ${etag})`);
    const snapshot = parseBody(RunSnapshotSchema, changed, 'snapshot');
    ensure(snapshot.seq === 4, `snapshot after the append has seq ${snapshot.seq}, expected 4`);
    const again = await ctx.get(ctx.paths.run(run.id), { headers: { 'if-none-match': next } });
    ensureStatus(again, 304);
    // RFC 9110 §13.1.2: a list of validators, any of which matching (weakly) means 304.
    const listed = await ctx.get(ctx.paths.run(run.id), { headers: { 'if-none-match': `"not-this-one", ${next}` } });
    ensureStatus(listed, 304);
  },
};

/** Checks of the snapshot. */
export const snapshotChecks: Check[] = [createAnswersSnapshot, snapshotIsFold, etagAndNotModified];
