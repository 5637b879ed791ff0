/**
 * Builds conformance/vectors/fold-vectors.json: language-neutral test vectors of the
 * snapshot fold (docs/contract.md, "The snapshot fold", rules F1-F16). Each vector is a
 * run's creation and its events as a server stores them, with the snapshot expected after
 * each event, computed by the kit's `initialSnapshot` / `applyEvent`. Hand-picked cases
 * show one rule each (named for it); seeded random sequences from
 * conformance/fold-check/random-sequences.ts cover the combinations. Every seq and time
 * is fixed, so the file only changes when the fold, the cases or the generator do.
 *
 *   npx tsx scripts/generate-fold-vectors.ts           rewrite the file
 *   npx tsx scripts/generate-fold-vectors.ts --check   exit 1 when the committed file is stale (CI)
 * @module
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomSequences } from '../conformance/fold-check/random-sequences.js';
import {
  applyEvent,
  initialSnapshot,
  isTerminalStatus,
  RunEventInputSchema,
  RunEventSchema,
  RunSnapshotSchema,
  SequenceGapError,
  validate,
  type RunEvent,
  type RunEventInput,
  type RunInit,
  type RunSnapshot,
} from '../src/contract/index.js';

const OUTPUT = fileURLToPath(new URL('../conformance/vectors/fold-vectors.json', import.meta.url));

/** The rules of docs/contract.md's fold, by id, as their headings there read. */
export const FOLD_RULES = {
  F1: 'Initial snapshot',
  F2: 'Duplicates and gaps',
  F3: 'Seq and updatedAt',
  F4: 'Start',
  F5: 'Log',
  F6: 'Phase',
  F7: 'Phase label',
  F8: 'Percent and message',
  F9: 'ETA',
  F10: 'Steps replaced',
  F11: 'Step merge',
  F12: 'Status',
  F13: 'Terminal status',
  F14: 'Percent at the end',
  F15: 'Error',
  F16: 'After the end',
} as const;
export type FoldRule = keyof typeof FOLD_RULES;

/** Seed and count of the random part. */
export const RANDOM_SEED = 17;
export const RANDOM_COUNT = 300;

/** Every time in the vectors is this plus whole seconds (or a producer's time near it). */
const BASE_TIME = Date.UTC(2026, 0, 1);
/** `BASE_TIME` plus `seconds`, as an ISO string. */
const t = (seconds: number) => new Date(BASE_TIME + seconds * 1000).toISOString();

/** One step of a vector: the event and the snapshot after it, or `error: "gap"` (the fold must refuse it). */
export type VectorStep = { event: RunEvent; snapshot: RunSnapshot } | { event: RunEvent; error: 'gap' };

/** One vector of the file. */
export interface FoldVector {
  name: string;
  rules: FoldRule[];
  description: string;
  init: RunInit;
  initial: RunSnapshot;
  steps: VectorStep[];
}

/** An event of a hand-picked case: an input, optionally with an explicit `seq` (duplicates, gaps) and `time`. */
type CaseEvent = RunEventInput & { seq?: number };

interface Case {
  name: string;
  rules: FoldRule[];
  description: string;
  init?: Partial<RunInit>;
  events: CaseEvent[];
}

const log = (text: string, extra: Partial<Extract<RunEventInput, { type: 'log' }>> = {}): CaseEvent => ({
  type: 'log',
  text,
  ...extra,
});
const progress = (phase: string, extra: Partial<Extract<RunEventInput, { type: 'progress' }>> = {}): CaseEvent => ({
  type: 'progress',
  phase,
  ...extra,
});
const status = (
  value: Extract<RunEventInput, { type: 'status' }>['status'],
  extra: Partial<Extract<RunEventInput, { type: 'status' }>> = {},
): CaseEvent => ({
  type: 'status',
  status: value,
  ...extra,
});

const STEPS3 = [{ key: 'fetch', label: 'Fetch' }, { key: 'score' }, { key: 'report', label: 'Report' }];

/** The hand-picked cases, each named for the rule it shows. */
const CASES: Case[] = [
  // ---- F1 ----
  {
    name: 'F1 initial snapshot of a run created with kind, title and steps',
    rules: ['F1'],
    description: 'No events: queued, seq 0, updatedAt = createdAt, every created step waiting, label only where given.',
    init: {
      kind: 'import',
      title: 'Import of 2026-01-01',
      steps: [{ key: 'fetch', label: 'Fetch' }, { key: 'score' }, { key: 'empty-label', label: '' }],
    },
    events: [],
  },
  {
    name: 'F1 initial snapshot of a run created with nothing but an id',
    rules: ['F1'],
    description: 'No kind, title or steps: steps is [], logLines 0, no other field.',
    init: {},
    events: [],
  },
  // ---- F2 ----
  {
    name: 'F2 a duplicate leaves the snapshot exactly as it is',
    rules: ['F2'],
    description:
      'Events 1 and 2, then event 2 again with other content and a later time, then event 1 again: nothing changes, updatedAt included.',
    events: [
      log('first'),
      progress('fetch', { percent: 10 }),
      { ...progress('score', { percent: 90, message: 'not applied' }), seq: 2, time: t(50) },
      { ...log('again'), seq: 1, time: t(60) },
      log('third'),
    ],
  },
  {
    name: 'F2 a gap is refused and the event after the snapshot still folds',
    rules: ['F2'],
    description: 'After event 1, event 3 is a gap (error "gap", snapshot unchanged); event 2 then folds normally.',
    events: [log('one'), { ...log('three'), seq: 3 }, log('two')],
  },
  // ---- F3 ----
  {
    name: 'F3 updatedAt is the last event time even when times go backwards',
    rules: ['F3'],
    description: 'Producer times 00:10, 00:03, 00:07: updatedAt follows each event, not the latest time.',
    events: [log('a', { time: t(10) }), progress('fetch', { time: t(3) }), status('running', { time: t(7) })],
  },
  // ---- F4 ----
  {
    name: 'F4 the first log event starts a queued run',
    rules: ['F4', 'F5'],
    description: 'status becomes running and startedAt the log event time.',
    events: [log('hello'), log('world')],
  },
  {
    name: 'F4 the first progress event starts a queued run',
    rules: ['F4'],
    description:
      'status becomes running and startedAt the progress event time; a later running status keeps startedAt.',
    events: [progress('fetch'), status('running')],
  },
  {
    name: 'F4 a running status starts a queued run and later events keep startedAt',
    rules: ['F4', 'F12'],
    description: 'The running status sets startedAt; the log and progress after it do not move it.',
    events: [status('running'), log('working'), progress('fetch')],
  },
  {
    name: 'F4 a restated queued status does not start the run',
    rules: ['F4', 'F12'],
    description:
      'queued, queued: still queued with no startedAt (only seq and updatedAt move); the log after starts it.',
    events: [status('queued'), status('queued'), log('now it starts')],
  },
  {
    name: 'F4 a run cancelled while queued ends without startedAt',
    rules: ['F4', 'F13', 'F14'],
    description: 'queued -> cancelled: endedAt set, no startedAt, no percent.',
    events: [status('cancelled')],
  },
  // ---- F5 ----
  {
    name: 'F5 a log event counts a line and nothing of it enters the snapshot',
    rules: ['F5'],
    description: 'The line phase, level and stream do not change the snapshot phase, label, percent or message.',
    events: [
      progress('fetch', { label: 'Fetching', percent: 20, message: 'Fetching rows' }),
      log('from another phase', { phase: 'score', level: 'error', stream: 'stderr' }),
      log(''),
    ],
  },
  // ---- F6, F7 ----
  {
    name: 'F6 each progress event sets the phase, and only progress events do',
    rules: ['F6', 'F5'],
    description:
      'fetch, then a percent-only report repeating fetch, then score; a log line with phase "upload" leaves "score".',
    events: [
      progress('fetch'),
      progress('fetch', { percent: 30 }),
      progress('score'),
      log('elsewhere', { phase: 'upload' }),
    ],
  },
  {
    name: 'F7 the phase label is kept while the phase stays and removed when it changes',
    rules: ['F6', 'F7'],
    description:
      'fetch "Fetching", fetch (no label: kept), fetch "Still fetching" (replaced), score (no label: removed), score "" (empty label is a label), score (kept "").',
    events: [
      progress('fetch', { label: 'Fetching' }),
      progress('fetch', { percent: 5 }),
      progress('fetch', { label: 'Still fetching' }),
      progress('score'),
      progress('score', { label: '' }),
      progress('score', { percent: 50 }),
    ],
  },
  {
    name: 'F7 a label is kept across log and status events',
    rules: ['F7', 'F5', 'F12'],
    description: 'Only a progress event changes phaseLabel; the same phase after a log keeps it.',
    events: [progress('fetch', { label: 'Fetching' }), log('line'), status('running'), progress('fetch')],
  },
  // ---- F8 ----
  {
    name: 'F8 percent and message are replaced, and removed when absent',
    rules: ['F8'],
    description:
      'percent 10 + message, percent 20 (message removed), message only (percent removed), log and status keep both.',
    events: [
      progress('fetch', { percent: 10, message: 'Fetching' }),
      progress('fetch', { percent: 20 }),
      progress('fetch', { message: 'Indeterminate now' }),
      log('keeps them'),
      status('running'),
      progress('fetch', { percent: 0, message: '' }),
    ],
  },
  // ---- F9 ----
  {
    name: 'F9 etaAt is the time the ETA was stated, not the finish time',
    rules: ['F9'],
    description:
      'etaMs 60000 stated at 00:05 gives etaAt 00:05 (finish expected at 01:05); a log keeps both; a progress without etaMs removes both; etaMs 0 is an ETA.',
    events: [
      progress('fetch', { etaMs: 60_000, time: t(5) }),
      log('keeps the ETA', { time: t(20) }),
      progress('fetch', { etaMs: 30_000, time: t(40) }),
      progress('fetch', { percent: 50, time: t(50) }),
      progress('score', { etaMs: 0, time: t(60) }),
    ],
  },
  {
    name: 'F9 a non-terminal status keeps the ETA and a terminal one removes it',
    rules: ['F9', 'F13'],
    description: 'running keeps etaMs and etaAt; succeeded removes both.',
    events: [progress('fetch', { etaMs: 1500 }), status('running'), status('succeeded')],
  },
  // ---- F10 ----
  {
    name: 'F10 steps are the whole list of the event, in its order',
    rules: ['F10', 'F11'],
    description:
      'Created fetch, score, report; [report, fetch, notify] drops score, adds notify, keeps labels by key; a progress without steps keeps them; steps [] empties the list.',
    init: { steps: STEPS3 },
    events: [
      progress('fetch', {
        steps: [
          { key: 'report', state: 'waiting' },
          { key: 'fetch', state: 'running' },
          { key: 'notify', state: 'waiting' },
        ],
      }),
      progress('fetch', { percent: 40 }),
      progress('fetch', { steps: [] }),
    ],
  },
  // ---- F11 ----
  {
    name: 'F11 a step label is kept by key, replaced when given, and an empty label is a label',
    rules: ['F11'],
    description:
      'fetch keeps "Fetch"; score gets "Score rows"; report gets ""; then without labels all three keep what they have.',
    init: { steps: STEPS3 },
    events: [
      progress('fetch', {
        steps: [
          { key: 'fetch', state: 'running' },
          { key: 'score', state: 'waiting', label: 'Score rows' },
          { key: 'report', state: 'waiting', label: '' },
        ],
      }),
      progress('fetch', {
        steps: [
          { key: 'fetch', state: 'running' },
          { key: 'score', state: 'waiting' },
          { key: 'report', state: 'waiting' },
        ],
      }),
    ],
  },
  {
    name: 'F11 step times are stamped from event times and kept from the previous step',
    rules: ['F11'],
    description:
      'fetch running at 00:01 (startedAt stamped), done at 00:02 (startedAt kept, endedAt stamped), restated done at 00:03 (both kept).',
    init: { steps: STEPS3 },
    events: [
      progress('fetch', {
        steps: [
          { key: 'fetch', state: 'running' },
          { key: 'score', state: 'waiting' },
        ],
      }),
      progress('score', {
        steps: [
          { key: 'fetch', state: 'done' },
          { key: 'score', state: 'running' },
        ],
      }),
      progress('score', {
        steps: [
          { key: 'fetch', state: 'done' },
          { key: 'score', state: 'running' },
        ],
      }),
    ],
  },
  {
    name: 'F11 producer step times win over stamped and previous ones',
    rules: ['F11'],
    description:
      'startedAt and endedAt given by the producer are kept as given, also when the previous step had others; a running step keeps an endedAt the producer gives.',
    init: { steps: STEPS3 },
    events: [
      progress('fetch', { time: t(10), steps: [{ key: 'fetch', state: 'running', startedAt: t(5) }] }),
      progress('fetch', { time: t(20), steps: [{ key: 'fetch', state: 'done', startedAt: t(7), endedAt: t(18) }] }),
      progress('fetch', { time: t(30), steps: [{ key: 'fetch', state: 'running', endedAt: t(25) }] }),
    ],
  },
  {
    name: 'F11 a step finished straight from waiting gets startedAt = endedAt = the event time',
    rules: ['F11'],
    description: 'fetch done, score skipped, report failed, all in one event from waiting.',
    init: { steps: STEPS3 },
    events: [
      progress('fetch', {
        steps: [
          { key: 'fetch', state: 'done' },
          { key: 'score', state: 'skipped' },
          { key: 'report', state: 'failed' },
        ],
      }),
    ],
  },
  {
    name: 'F11 a step sent running again keeps startedAt and loses endedAt; sent waiting it loses both',
    rules: ['F11'],
    description:
      'fetch running 00:01, done 00:02, running 00:03 (startedAt 00:01, no endedAt), done 00:04 (endedAt 00:04), waiting 00:05 (no times), waiting with producer times (kept as given).',
    init: { steps: [{ key: 'fetch' }] },
    events: [
      progress('fetch', { steps: [{ key: 'fetch', state: 'running' }] }),
      progress('fetch', { steps: [{ key: 'fetch', state: 'done' }] }),
      progress('fetch', { steps: [{ key: 'fetch', state: 'running' }] }),
      progress('fetch', { steps: [{ key: 'fetch', state: 'done' }] }),
      progress('fetch', { steps: [{ key: 'fetch', state: 'waiting' }] }),
      progress('fetch', { steps: [{ key: 'fetch', state: 'waiting', startedAt: t(1), endedAt: t(2) }] }),
    ],
  },
  {
    name: 'F11 a step the run did not have before is stamped from the event',
    rules: ['F10', 'F11'],
    description: 'A run created without steps reports one running (startedAt stamped) and one done (both stamped).',
    events: [
      progress('fetch', {
        steps: [
          { key: 'fetch', state: 'running', label: 'Fetch' },
          { key: 'warmup', state: 'done' },
        ],
      }),
    ],
  },
  // ---- F12 ----
  {
    name: 'F12 an error on a status other than failed is ignored',
    rules: ['F12', 'F15'],
    description: 'running and succeeded with an error: no error in the snapshot.',
    events: [
      progress('fetch'),
      status('running', { error: { message: 'ignored' } }),
      status('succeeded', { error: { message: 'also ignored' } }),
    ],
  },
  // ---- F13, F14 ----
  {
    name: 'F13 succeeded closes running steps as done and leaves waiting steps waiting',
    rules: ['F13', 'F14', 'F9'],
    description:
      'fetch failed, score running, report waiting: score becomes done with endedAt = the status time; the others stay; percent 100; ETA removed; phase, label and message kept.',
    init: { steps: STEPS3 },
    events: [
      progress('score', {
        label: 'Scoring',
        percent: 60,
        message: 'Scoring rows',
        etaMs: 9000,
        steps: [
          { key: 'fetch', state: 'failed' },
          { key: 'score', state: 'running' },
          { key: 'report', state: 'waiting' },
        ],
      }),
      status('succeeded'),
    ],
  },
  {
    name: 'F13 failed closes running steps as failed',
    rules: ['F13', 'F14', 'F15'],
    description: 'The running step becomes failed, a done step stays done; percent stays 40; the error gets the phase.',
    init: { steps: STEPS3 },
    events: [
      progress('score', {
        percent: 40,
        steps: [
          { key: 'fetch', state: 'done' },
          { key: 'score', state: 'running' },
        ],
      }),
      status('failed', { error: { message: 'No price for row 17', code: 'E_PRICE' } }),
    ],
  },
  {
    name: 'F13 cancelled closes running steps as skipped and keeps their own endedAt',
    rules: ['F13', 'F14'],
    description: 'Two running steps, one with a producer endedAt (kept); both become skipped; percent kept absent.',
    init: { steps: STEPS3 },
    events: [
      progress('fetch', {
        steps: [
          { key: 'fetch', state: 'running', endedAt: t(1) },
          { key: 'score', state: 'running' },
        ],
      }),
      status('cancelled'),
    ],
  },
  {
    name: 'F14 succeeded sets percent 100 even from queued',
    rules: ['F14', 'F4', 'F13'],
    description: 'queued -> succeeded: percent 100, endedAt set, no startedAt; created steps stay waiting.',
    init: { steps: [{ key: 'fetch' }] },
    events: [status('succeeded')],
  },
  {
    name: 'F14 failed keeps the last percent',
    rules: ['F14', 'F15'],
    description: 'percent 73.5 stays after failed.',
    events: [progress('fetch', { percent: 73.5 }), status('failed')],
  },
  {
    name: 'F14 cancelled keeps the last percent',
    rules: ['F14'],
    description: 'percent 30 stays after cancelled.',
    events: [progress('fetch', { percent: 30 }), log('stopping'), status('cancelled')],
  },
  // ---- F15 ----
  {
    name: 'F15 failed without an error gets "Run failed" and the phase in effect',
    rules: ['F15'],
    description: 'error = {message: "Run failed", phase: "score"}.',
    events: [progress('fetch'), progress('score'), status('failed')],
  },
  {
    name: 'F15 failed without an error or a phase gets "Run failed" alone',
    rules: ['F15'],
    description: 'No progress event, so no phase: error = {message: "Run failed"}.',
    events: [log('no progress'), status('failed')],
  },
  {
    name: 'F15 the error phase given by the producer wins over the phase in effect',
    rules: ['F15'],
    description: 'error.phase "fetch" is kept although the run is in "score".',
    events: [progress('score'), status('failed', { error: { message: 'Out of memory', code: 'OOM', phase: 'fetch' } })],
  },
  // ---- F16 ----
  {
    name: 'F16 an earlier event received again after the end is a duplicate',
    rules: ['F16', 'F2'],
    description: 'After succeeded (seq 2), events 2 and 1 again change nothing.',
    events: [
      progress('fetch', { percent: 50 }),
      status('succeeded'),
      { ...status('succeeded'), seq: 2, time: t(90) },
      { ...progress('score'), seq: 1 },
    ],
  },
];

/**
 * Stamps inputs as a server stores them: `seq` one more than the last stored (unless the
 * case gives one), `time` the producer's or `t(seq)`, and a log line without `phase` gets
 * the phase in effect (what `planAppend` does; the fold does not read it).
 */
function vectorOf(
  name: string,
  rules: FoldRule[],
  description: string,
  init: RunInit,
  inputs: readonly CaseEvent[],
): FoldVector {
  const initial = initialSnapshot(init);
  let snapshot = initial;
  const steps: VectorStep[] = [];
  for (const [index, input] of inputs.entries()) {
    const { seq: explicit, ...body } = input;
    const seq = explicit ?? snapshot.seq + 1;
    const checked = validate(RunEventInputSchema, body);
    if (!checked.ok) throw new Error(`${name}: event ${index} is not a valid input: ${JSON.stringify(checked.issues)}`);
    if (seq === snapshot.seq + 1) lifecycleCheck(name, index, snapshot, input);
    const event: Record<string, unknown> = { seq, type: body.type, time: body.time ?? t(seq) };
    for (const [key, value] of Object.entries(body)) if (value !== undefined && key !== 'time') event[key] = value;
    if (body.type === 'log' && body.phase === undefined && snapshot.phase !== undefined)
      event['phase'] = snapshot.phase;
    const stored = validate(RunEventSchema, event);
    if (!stored.ok) throw new Error(`${name}: event ${index} is not a valid event: ${JSON.stringify(stored.issues)}`);
    const runEvent = event as RunEvent;
    try {
      snapshot = applyEvent(snapshot, runEvent);
    } catch (error) {
      if (!(error instanceof SequenceGapError)) throw error;
      steps.push({ event: runEvent, error: 'gap' });
      continue;
    }
    if (!validate(RunSnapshotSchema, snapshot).ok)
      throw new Error(`${name}: snapshot after event ${index} is not valid`);
    steps.push({ event: runEvent, snapshot });
  }
  return { name, rules, description, init, initial, steps };
}

/** The vectors hold only what a server accepts: nothing after a terminal status, no `queued` after the start. */
function lifecycleCheck(name: string, index: number, snapshot: RunSnapshot, input: CaseEvent): void {
  if (isTerminalStatus(snapshot.status)) throw new Error(`${name}: event ${index} follows a terminal status`);
  if (input.type === 'status' && input.status === 'queued' && snapshot.status !== 'queued')
    throw new Error(`${name}: event ${index} moves a started run back to queued`);
}

/** Every vector: the hand-picked cases, then the random sequences. */
export function buildFoldVectors(): FoldVector[] {
  const createdAt = t(0);
  const cases = CASES.map((c, i) =>
    vectorOf(c.name, c.rules, c.description, { id: `case-${i + 1}`, createdAt, ...c.init }, c.events),
  );
  const random = randomSequences(RANDOM_SEED, RANDOM_COUNT).map((sequence, i) =>
    vectorOf(
      `random ${RANDOM_SEED}/${i}`,
      [],
      `randomSequences(${RANDOM_SEED}, ${RANDOM_COUNT})[${i}] from conformance/fold-check/random-sequences.ts`,
      { ...sequence.init, createdAt },
      sequence.events,
    ),
  );
  return [...cases, ...random];
}

/** The file as committed: two-space JSON, one line per init, snapshot and step, a final newline. */
export function renderFoldVectors(): string {
  const vectors = buildFoldVectors();
  const cases = vectors.filter((v) => v.rules.length > 0);
  const header = {
    format: 'run-progress-kit/fold-vectors',
    version: 1,
    description:
      'Test vectors of the snapshot fold: for each vector, initialSnapshot(init) must equal `initial`, and folding each ' +
      'step\'s `event` into the snapshot before it must give the step\'s `snapshot` (or, for `error: "gap"`, be refused ' +
      'and leave the snapshot as it was). Snapshots are compared as JSON values: an absent field is absent, never null; ' +
      'object key order does not matter, array order does. See docs/conformance.md, "Test vectors of the fold".',
    contract: 'docs/contract.md#the-snapshot-fold',
    generatedBy: 'npx tsx scripts/generate-fold-vectors.ts (from src/contract/fold.ts; do not edit by hand)',
    rules: FOLD_RULES,
    counts: {
      vectors: vectors.length,
      cases: cases.length,
      random: vectors.length - cases.length,
      events: vectors.reduce((n, v) => n + v.steps.length, 0),
    },
  };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const one = (value: unknown) => JSON.stringify(value);
  const body = vectors.map((v) => {
    const lines = [
      `      "name": ${one(v.name)},`,
      `      "rules": ${one(v.rules)},`,
      `      "description": ${one(v.description)},`,
      `      "init": ${one(v.init)},`,
      `      "initial": ${one(v.initial)},`,
      v.steps.length === 0
        ? `      "steps": []`
        : `      "steps": [\n${v.steps.map((s) => `        ${one(s)}`).join(',\n')}\n      ]`,
    ];
    return `    {\n${lines.join('\n')}\n    }`;
  });
  return `${head},\n  "vectors": [\n${body.join(',\n')}\n  ]\n}\n`;
}

async function main(): Promise<number> {
  const text = renderFoldVectors();
  if (!process.argv.includes('--check')) {
    await mkdir(dirname(OUTPUT), { recursive: true });
    await writeFile(OUTPUT, text);
    process.stdout.write(`wrote ${OUTPUT}\n`);
    return 0;
  }
  const committed = await readFile(OUTPUT, 'utf8').catch(() => undefined);
  if (committed === text) return 0;
  process.stderr.write(
    committed === undefined
      ? `conformance/vectors/fold-vectors.json is missing: run \`npx tsx scripts/generate-fold-vectors.ts\` and commit it.\n`
      : `conformance/vectors/fold-vectors.json is stale (it does not match src/contract/fold.ts and the cases): ` +
          `run \`npx tsx scripts/generate-fold-vectors.ts\` and commit the result.\n`,
  );
  return 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
