/**
 * The randomized fold check against a live backend: each sequence is created and
 * appended through ingest, and what the server answers is compared with the contract:
 * its stored events with the inputs (plus the seq and time it stamped, and the phase it
 * fills in on log lines), and its snapshot with `applyEvent` over those events. A
 * sequence that differs is shrunk against the server (shortest prefix, then single
 * events dropped, then the run's init trimmed) while a difference of the same kind
 * persists, and every differing field of the shortest sequence is reported.
 * @module
 */
import {
  applyEvent,
  EventPageSchema,
  initialSnapshot,
  isTerminalStatus,
  RunSnapshotSchema,
  type RunEvent,
  type RunEventInput,
  type RunSnapshot,
} from '../../src/contract/index.js';
import { brief } from '../assert.js';
import type { CheckContext } from '../context.js';
import { label, parseBody } from '../http.js';
import { differenceKind, differences, type Difference } from './diff.js';
import { seededRandom, type RandomSequence } from './random-sequences.js';

/** What one sequence did on the server. */
export interface SequenceOutcome {
  /** The run id the sequence was created under. */
  runId: string;
  /** Every difference from the contract (empty: it conforms). */
  differences: Difference[];
}

/**
 * The events a server must store for `inputs`: each input with `seq` from 1, its own
 * `time` or else the one the server stamped (`served`), and on a log line without a
 * phase the phase in effect.
 */
export function expectedEvents(
  sequence: RandomSequence,
  served: readonly RunEvent[],
  created: { id: string; createdAt: string },
): { events: RunEvent[]; snapshot: RunSnapshot } {
  let snapshot = initialSnapshot({ ...sequence.init, ...created });
  const events: RunEvent[] = [];
  for (const [i, input] of sequence.events.entries()) {
    const event: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) if (value !== undefined) event[key] = value;
    event['seq'] = i + 1;
    // Without the server's event there is no time to fold with: the epoch stands in (the
    // missing event is reported on its own).
    event['time'] = input.time ?? served[i]?.time ?? new Date(0).toISOString();
    if (input.type === 'log' && input.phase === undefined && snapshot.phase !== undefined) {
      event['phase'] = snapshot.phase;
    }
    const typed = event as RunEvent;
    events.push(typed);
    snapshot = applyEvent(snapshot, typed);
  }
  return { events, snapshot };
}

function withoutEstimate(snapshot: unknown): unknown {
  if (typeof snapshot !== 'object' || snapshot === null) return snapshot;
  const { estimate: _estimate, ...rest } = snapshot as Record<string, unknown>;
  return rest;
}

/**
 * Batch boundaries for a sequence: deterministic for `seed`, between one batch of all
 * the events and one request per event, so both the server's per-batch and per-event
 * stamping are exercised.
 */
export function batchesOf(events: readonly RunEventInput[], seed: number): RunEventInput[][] {
  const random = seededRandom(seed);
  const out: RunEventInput[][] = [];
  let current: RunEventInput[] = [];
  for (const event of events) {
    current.push(event);
    if (random() < 0.3) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Creates a fresh run for `sequence`, appends its events in batches, then answers every
 * difference between what the server stores and answers and what the contract says. A
 * refusal is a difference too (every generated sequence is valid).
 * @param trailing - after the sequence, also send what the contract refuses (an event after
 *   a terminal status, `queued` on a started run) and expect `409` with nothing stored.
 */
export async function runSequence(
  ctx: CheckContext,
  sequence: RandomSequence,
  batchSeed: number,
  trailing = true,
): Promise<SequenceOutcome> {
  const runId = ctx.newRunId('fold');
  const init = { ...sequence.init, id: runId };
  const out: Difference[] = [];
  const created = await ctx.post(ctx.paths.runs(), init);
  if (created.status !== 201) {
    return {
      runId,
      differences: [{ path: '/create/status', expected: 201, actual: `${created.status} ${brief(created.text, 200)}` }],
    };
  }
  let appended = 0;
  for (const batch of batchesOf(sequence.events, batchSeed)) {
    const res = await ctx.post(ctx.paths.events(runId), batch.length === 1 ? batch[0] : { events: batch });
    if (res.status !== 201) {
      out.push({
        path: `/append/${appended}/status`,
        expected: 201,
        actual: `${res.status} ${brief(res.text, 200)}`,
      });
      return { runId, differences: out };
    }
    const body = res.body as { firstSeq?: unknown; lastSeq?: unknown } | undefined;
    out.push(
      ...differences(
        { firstSeq: body?.firstSeq, lastSeq: body?.lastSeq },
        { firstSeq: appended + 1, lastSeq: appended + batch.length },
        `/append/${appended}`,
      ),
    );
    appended += batch.length;
  }
  if (trailing) out.push(...(await refusedTrailing(ctx, runId, sequence)));
  const snapshotRes = await ctx.get(ctx.paths.run(runId));
  const eventsRes = await ctx.get(ctx.paths.events(runId));
  if (snapshotRes.status !== 200 || eventsRes.status !== 200) {
    out.push(...differences([snapshotRes.status, eventsRes.status], [200, 200], '/read-status'));
    return { runId, differences: out };
  }
  const snapshot = parseBody(RunSnapshotSchema, snapshotRes, 'snapshot');
  const page = parseBody(EventPageSchema, eventsRes, 'event page');
  const expected = expectedEvents(sequence, page.events, { id: runId, createdAt: snapshot.createdAt });
  // Compare the raw JSON, not the parsed one: the read schemas drop unknown fields, and a
  // server that adds a field to an event is fine, but not one that loses or changes one.
  out.push(...differences(page.events, expected.events, '/events'));
  out.push(...differences(withoutEstimate(snapshotRes.body), withoutEstimate(expected.snapshot), '/snapshot'));
  return { runId, differences: out.filter((d) => !isAddedField(d)) };
}

// Fields a server adds that the contract does not know are allowed (clients ignore them).
function isAddedField(d: Difference): boolean {
  return (
    d.expected === undefined &&
    /^\/(?:events\/\d+|snapshot)\/[^/]+$/.test(d.path) &&
    !KNOWN.has(d.path.split('/').at(-1) ?? '')
  );
}

const KNOWN = new Set([
  'seq',
  'time',
  'type',
  'phase',
  'label',
  'percent',
  'message',
  'etaMs',
  'steps',
  'text',
  'level',
  'stream',
  'status',
  'error',
  'id',
  'kind',
  'title',
  'createdAt',
  'updatedAt',
  'startedAt',
  'endedAt',
  'phaseLabel',
  'etaAt',
  'logLines',
]);

/** What the contract refuses after `sequence`: each answered 409 and stored nothing. */
async function refusedTrailing(ctx: CheckContext, runId: string, sequence: RandomSequence): Promise<Difference[]> {
  const last = sequence.events.at(-1);
  const ended = last?.type === 'status' && isTerminalStatus(last.status);
  const started = sequence.events.some((e) => e.type !== 'status' || e.status !== 'queued');
  const refused: RunEventInput[] = [];
  if (ended) refused.push({ type: 'log', text: 'after the end' }, { type: 'status', status: 'running' });
  else if (started) refused.push({ type: 'status', status: 'queued' });
  const out: Difference[] = [];
  for (const [i, event] of refused.entries()) {
    const res = await ctx.post(ctx.paths.events(runId), event);
    if (res.status !== 409) {
      const what = ended ? 'after the terminal status' : "'queued' on a started run";
      out.push({ path: `/refused/${i}/status`, expected: `409 (${what})`, actual: `${res.status} from ${label(res)}` });
    }
  }
  return out;
}

/** The kinds of difference (paths without indices) of a list. */
export function kindsOf(list: readonly Difference[]): Set<string> {
  return new Set(list.map((d) => differenceKind(d.path)));
}

/**
 * The shortest sequence (prefixes first, then single events dropped, then the run's
 * kind, title and steps dropped, then each event's optional fields and steps) that still
 * shows a difference of a kind `found` has, trying each candidate against the server
 * (the fold alone cannot tell what a server gets wrong). At most `budget` tries.
 */
export async function shrink(
  ctx: CheckContext,
  sequence: RandomSequence,
  found: readonly Difference[],
  batchSeed: number,
  budget = 300,
): Promise<{ sequence: RandomSequence; differences: Difference[]; tries: number }> {
  const kinds = kindsOf(found);
  let best = sequence;
  let bestDifferences = [...found];
  let tries = 0;
  const attempt = async (candidate: RandomSequence): Promise<boolean> => {
    if (tries >= budget) return false;
    tries += 1;
    const outcome = await runSequence(ctx, candidate, batchSeed);
    if (!outcome.differences.some((d) => kinds.has(differenceKind(d.path)))) return false;
    best = candidate;
    bestDifferences = outcome.differences;
    return true;
  };
  for (let length = 0; length < best.events.length; length++) {
    if (await attempt({ init: best.init, events: best.events.slice(0, length) })) break;
  }
  for (let progress = true; progress && tries < budget;) {
    progress = false;
    for (let i = best.events.length - 1; i >= 0; i--) {
      if (await attempt({ init: best.init, events: best.events.filter((_, j) => j !== i) })) {
        progress = true;
        break;
      }
    }
  }
  for (const key of ['steps', 'kind', 'title'] as const) {
    if (best.init[key] === undefined) continue;
    const { [key]: _dropped, ...init } = best.init;
    await attempt({ init, events: best.events });
  }
  // Then each event made smaller: optional fields dropped, steps dropped or made plainer.
  for (let i = 0; i < best.events.length; i++) {
    for (let improved = true; improved && tries < budget; ) {
      improved = false;
      for (const smaller of smallerEvents(best.events[i] as RunEventInput)) {
        const events = best.events.map((e, j) => (j === i ? smaller : e));
        if (await attempt({ init: best.init, events })) {
          improved = true;
          break;
        }
      }
    }
  }
  return { sequence: best, differences: bestDifferences, tries };
}

const REQUIRED = new Set(['type', 'phase', 'text', 'status']);

/** Variants of an event with one thing fewer: an optional field, a step, or a step's optional field. */
function smallerEvents(event: RunEventInput): RunEventInput[] {
  const out: RunEventInput[] = [];
  for (const key of Object.keys(event)) {
    if (REQUIRED.has(key)) continue;
    const copy: Record<string, unknown> = { ...event };
    delete copy[key];
    out.push(copy as RunEventInput);
  }
  if (event.type === 'progress' && event.steps) {
    const steps = event.steps;
    for (let j = 0; j < steps.length; j++) out.push({ ...event, steps: steps.filter((_, k) => k !== j) });
    for (let j = 0; j < steps.length; j++) {
      for (const key of ['label', 'startedAt', 'endedAt'] as const) {
        if (steps[j]?.[key] === undefined) continue;
        out.push({ ...event, steps: steps.map((step, k) => (k === j ? withoutField(step, key) : step)) });
      }
    }
  }
  return out;
}

function withoutField<T extends object>(value: T, key: keyof T): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
