/**
 * The client's hand-written run guards (src/feed/run-guards.ts) against the contract's valibot
 * schemas: every payload below, and every structural mutation of it (a field removed, or
 * given a value of the wrong type), is accepted by the guard exactly when the contract
 * accepts it. Limits and formats (lengths, timestamp syntax, id pattern) are the server's
 * business and are not mutated here.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  EventPageSchema,
  LogTailSchema,
  ProblemSchema,
  RunSnapshotSchema,
  ServerFrameSchema,
} from '../../src/contract/index.js';
import { parseFrame } from '../../src/transports/frames.js';
import {
  eventPageFits,
  logTailFits,
  problemFits,
  runSnapshotFits,
  serverFrameFits,
  type Guard,
} from '../../src/feed/run-guards.js';

const time = '2026-11-25T08:00:00.000Z';
const steps = [
  { key: 'fetch', label: 'Fetching', state: 'done', startedAt: time, endedAt: time },
  { key: 'build', state: 'running', startedAt: time },
];
const snapshot = {
  id: 'run-1',
  kind: 'build',
  title: 'Nightly',
  status: 'failed',
  seq: 7,
  createdAt: time,
  updatedAt: time,
  startedAt: time,
  endedAt: time,
  phase: 'build',
  phaseLabel: 'Building',
  percent: 40,
  message: 'compiling',
  etaMs: 1200,
  etaAt: time,
  steps,
  error: { message: 'boom', code: 'E1', phase: 'build' },
  logLines: 3,
  estimate: { basedOn: 4, stepsMs: { fetch: 100, build: 900 }, totalMs: 1000 },
};
const problem = {
  type: 'urn:x',
  title: 'Gone',
  status: 410,
  detail: 'trimmed',
  instance: '/runs/run-1',
  errors: [{ pointer: '/seq', message: 'bad' }],
  firstSeq: 5,
};
const events = [
  { seq: 1, time, type: 'progress', phase: 'build', label: 'Building', percent: 5, message: 'go', etaMs: 10, steps },
  { seq: 2, time, type: 'log', text: 'hello', level: 'warn', stream: 'stderr', phase: 'build' },
  { seq: 3, time, type: 'status', status: 'failed', error: { message: 'boom', code: 'E1' } },
];
const frames = [
  { type: 'ready', heartbeatMs: 15000 },
  ...events.map((event) => ({ type: 'event', run: 'run-1', event })),
  { type: 'reset', run: 'run-1', reason: 'trimmed', snapshot },
  { type: 'end', run: 'run-1', seq: 9, status: 'succeeded' },
  { type: 'error', run: 'run-1', problem },
  { type: 'error', problem },
  { type: 'heartbeat', time, runs: { 'run-1': 4, other: 0 } },
];

const wrongValues: unknown[] = [undefined, null, 42, 1.5, 'text', true, [], {}];

/** The payload, then every copy of it with one field (at any depth) removed or replaced. */
function* mutations(value: unknown): Generator<unknown> {
  yield value;
  if (typeof value !== 'object' || value === null) return;
  const entries = Object.entries(value);
  for (const [key, child] of entries) {
    const copy = (replacement: unknown) => {
      const out: unknown = Array.isArray(value) ? [...(value as unknown[])] : { ...value };
      if (replacement === undefined && !Array.isArray(out)) delete (out as Record<string, unknown>)[key];
      else (out as Record<string, unknown>)[key] = replacement;
      return out;
    };
    // Strings keep their type: their content (timestamps, ids, enums) is checked below.
    for (const wrong of wrongValues) if (typeof wrong !== 'string') yield copy(wrong);
    for (const inner of [...mutations(child)].slice(1)) yield copy(inner);
  }
}

const cases: Array<[string, Guard<unknown>, v.GenericSchema, unknown[]]> = [
  ['stream frames', serverFrameFits, ServerFrameSchema, frames],
  ['snapshots', runSnapshotFits, RunSnapshotSchema, [snapshot, { ...snapshot, steps: [], estimate: undefined }]],
  ['problems', problemFits, ProblemSchema, [problem, { type: 'about:blank', title: 'x', status: 500 }]],
  [
    'event pages',
    eventPageFits,
    EventPageSchema,
    [{ runId: 'run-1', events, firstSeq: 1, lastSeq: 3, status: 'running' }],
  ],
  ['log tails', logTailFits, LogTailSchema, [{ runId: 'run-1', lines: [events[1]], lastSeq: 3 }]],
];

describe('client guards', () => {
  for (const [name, guard, schema, samples] of cases) {
    it(`accept and refuse ${name} exactly as the contract does, field by field`, () => {
      let checked = 0;
      let refused = 0;
      for (const sample of samples) {
        for (const payload of mutations(sample)) {
          const contract = v.safeParse(schema, payload).success;
          expect({ payload, fits: guard(payload) === undefined }).toEqual({ payload, fits: contract });
          checked += 1;
          if (!contract) refused += 1;
        }
      }
      expect(refused).toBeGreaterThan(checked / 2);
    });
  }

  it('refuse values outside the closed vocabularies and a non-integer seq', () => {
    const bad = [
      { type: 'end', run: 'r', seq: 1, status: 'paused' },
      { type: 'reset', run: 'r', reason: 'lost', snapshot },
      { type: 'event', run: 'r', event: { ...events[1], level: 'fatal' } },
      { type: 'event', run: 'r', event: { ...events[0], steps: [{ key: 'a', state: 'stuck' }] } },
      { type: 'event', run: 'r', event: { ...events[1], seq: 2.5 } },
      { type: 'nope' },
      { type: 'toString' },
      'ready',
      [{ type: 'ready', heartbeatMs: 1 }],
    ];
    for (const frame of bad) {
      expect(v.safeParse(ServerFrameSchema, frame).success).toBe(false);
      expect(serverFrameFits(frame)).not.toBeUndefined();
    }
  });

  it('name where a frame breaks the contract, with the payload shape and not its content', () => {
    const broken = JSON.stringify({ type: 'event', run: 'r', event: { ...events[1], seq: 'secret' } });
    const reports: unknown[] = [];
    const report = (error: unknown) => void reports.push(error);
    expect(parseFrame(broken, report)).toBeUndefined();
    expect(reports).toEqual([
      {
        message: 'not a valid stream frame at event.seq',
        shape: {
          type: 'string(5)',
          run: 'string(1)',
          event: {
            seq: 'string(6)',
            time: 'string(24)',
            type: 'string(3)',
            text: 'string(5)',
            level: 'string(4)',
            stream: 'string(6)',
            phase: 'string(5)',
          },
        },
      },
    ]);
    expect(parseFrame('{"type":"bogus"}', report)).toBeUndefined();
    expect(parseFrame('[1]', report)).toBeUndefined();
    expect(parseFrame('nope', report)).toBeUndefined();
    expect(reports.slice(1)).toEqual([
      { message: 'not a valid stream frame at type', shape: { type: 'string(5)' } },
      { message: 'not a valid stream frame at type', shape: ['number'] },
      { message: 'message is not JSON', shape: 'string(4)' },
    ]);
  });

  it('keep fields they do not know, as the tolerance policy asks', () => {
    const reports: unknown[] = [];
    const parsed = parseFrame(JSON.stringify({ type: 'ready', heartbeatMs: 10, region: 'eu' }), (e) => reports.push(e));
    expect(parsed).toEqual({ type: 'ready', heartbeatMs: 10, region: 'eu' });
    expect(reports).toEqual([]);
  });
});
