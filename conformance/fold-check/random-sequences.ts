/**
 * Seeded random event sequences for checking the snapshot fold: what a producer sends
 * (`POST /runs` then `RunEventInput`s), deterministic for a seed, so a difference found
 * once replays with the same seed. Every sequence is valid as a whole and so is every
 * subsequence of it (a terminal status only ever comes last, and a `queued` status only
 * while nothing has started the run), which is what lets a difference be shrunk by
 * dropping events.
 *
 * What the sequences exercise, rule by rule of `applyEvent` (src/contract/fold.ts):
 * - steps: created with and without labels; replaced by a progress event's checklist,
 *   merged by key (a step without `label` keeps the earlier one, a label replaces it),
 *   keys added and dropped, every state, `startedAt` / `endedAt` given by the producer
 *   or stamped from the event's time (and kept from the step before);
 * - progress: phase kept or changed, label given, kept (same phase) or cleared (new
 *   phase), percent / message / ETA set, changed or cleared (absent means unknown);
 * - log: counts lines, fills in the phase, starts a queued run;
 * - status: `queued` restated while queued, `running` (first one stamps `startedAt`,
 *   later ones keep it), and every terminal status last (`succeeded` sets percent 100,
 *   `failed` with no error, an error with and without `code` / `phase`, `cancelled`),
 *   closing the running steps;
 * - runs with no events at all, and runs that never end.
 * @module
 */
import type {
  LogEventInput,
  ProgressEventInput,
  RunEventInput,
  Step,
  StatusEventInput,
} from '../../src/contract/index.js';

/** What a sequence's run is created with (`POST /runs`). */
export interface SequenceInit {
  /** The run id (`<idPrefix><seed>-<index>`); the fold check creates each run under a fresh id instead. */
  id: string;
  /** What kind of run it is. */
  kind?: string;
  /** The run in words. */
  title?: string;
  /** The checklist it is created with. */
  steps?: Array<{ key: string; label?: string }>;
}

/** One generated sequence: a run and the events appended to it, in order. */
export interface RandomSequence {
  /** The body of `POST /runs`. */
  init: SequenceInit;
  /** The events appended after it, in order (every prefix and subsequence is valid too). */
  events: RunEventInput[];
}

/** Options of {@link randomSequences}. */
export interface RandomSequenceOptions {
  /**
   * Producer times (an event's `time`, a step's `startedAt` / `endedAt`) are this time,
   * in epoch milliseconds, plus up to a few minutes. Default `2026-01-01T00:00:00.000Z`,
   * so vectors do not depend on the clock; against a server pass a time a little behind
   * its clock (e.g. an hour), as producer times must lie in its window.
   */
  baseTime?: number;
  /** Share of events (0 to 1) that carry their own `time`; the rest let the server stamp it. Default 0.2. */
  producerTimes?: number;
  /** Most events in one sequence (default 24). */
  maxEvents?: number;
  /** Run ids are `<idPrefix><seed>-<index>` (default `rs-`). */
  idPrefix?: string;
}

/** A seeded PRNG (mulberry32) so sequences replay from a seed: numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHASES = ['fetch', 'score', 'report', 'upload'];
const PHASE_LABELS = ['Fetching data', 'Scoring rows', 'Writing the report', 'Uploading', 'Étape « 2 » ✓'];
const STEP_KEYS = ['fetch', 'score', 'report', 'upload', 'notify', 'cleanup'];
const STEP_LABELS = ['Fetch', 'Score rows', 'Report', 'Upload files', 'Notify 📣', ''];
const MESSAGES = ['Working', 'Scoring 120 000 rows', 'Almost there', 'Waiting for the lock', '行を処理中'];
const LOG_TEXTS = [
  'Starting',
  '\u001b[32mok\u001b[0m 12 tests',
  '\u001b[1;31merror\u001b[0m: no price for row 17',
  '',
  '  indented line with trailing space ',
  'unicode: naïve café 🚀',
  'a "quoted" \\ back\\slash',
];
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const STREAMS = ['stdout', 'stderr'] as const;
const STEP_STATES = ['waiting', 'running', 'done', 'failed', 'skipped'] as const;

/** The default {@link RandomSequenceOptions.baseTime}. */
export const DEFAULT_BASE_TIME = Date.UTC(2026, 0, 1);

/**
 * `count` random event sequences (inputs as a producer sends them), each starting from a
 * run created with the returned `init`. Deterministic for a seed (and options).
 */
export function randomSequences(seed: number, count: number, options: RandomSequenceOptions = {}): RandomSequence[] {
  const random = seededRandom(seed);
  const out: RandomSequence[] = [];
  for (let i = 0; i < count; i++)
    out.push(oneSequence(random, `${options.idPrefix ?? 'rs-'}${seed >>> 0}-${i}`, options));
  return out;
}

type Lifecycle = 'queued' | 'running';

class Gen {
  constructor(
    readonly random: () => number,
    readonly baseTime: number,
  ) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A producer time: the base plus up to 10 minutes, on whole milliseconds. */
  time(): string {
    return new Date(this.baseTime + this.int(600_000)).toISOString();
  }

  /** Up to `max` distinct items, in random order. */
  subset<T>(items: readonly T[], max: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    const n = this.int(max + 1);
    while (out.length < n && pool.length > 0) out.push(pool.splice(this.int(pool.length), 1)[0] as T);
    return out;
  }
}

function oneSequence(random: () => number, id: string, options: RandomSequenceOptions): RandomSequence {
  const g = new Gen(random, options.baseTime ?? DEFAULT_BASE_TIME);
  const producerTimes = options.producerTimes ?? 0.2;
  const maxEvents = options.maxEvents ?? 24;
  const init: SequenceInit = { id };
  if (g.chance(0.6)) init.kind = g.pick(['import', 'nightly-report', 'k']);
  if (g.chance(0.5)) init.title = g.pick(['Import of 2026-01-01', 'Nightly report', '']);
  if (g.chance(0.6)) {
    init.steps = g.subset(STEP_KEYS, 4).map((key) => (g.chance(0.6) ? { key, label: g.pick(STEP_LABELS) } : { key }));
  }

  // Lengths: some empty, most short, a few up to the maximum.
  const roll = g.random();
  const length = roll < 0.05 ? 0 : roll < 0.75 ? 1 + g.int(Math.min(8, maxEvents)) : 1 + g.int(maxEvents);
  const events: RunEventInput[] = [];
  let lifecycle: Lifecycle = 'queued';
  let phase: string | undefined;
  for (let j = 0; j < length; j++) {
    const last = j === length - 1;
    // A terminal status may only come last; about half the runs that get there end.
    if (last && length > 1 && g.chance(0.55)) {
      events.push(withTime(g, terminalStatus(g, phase), producerTimes));
      break;
    }
    const kind = g.random();
    let event: RunEventInput;
    if (kind < 0.45) {
      event = progress(g, phase);
      phase = event.phase;
      lifecycle = 'running';
    } else if (kind < 0.8) {
      event = log(g);
      lifecycle = 'running';
    } else if (lifecycle === 'queued' && g.chance(0.4)) {
      event = { type: 'status', status: 'queued' };
    } else if (kind < 0.97 || last) {
      event = { type: 'status', status: 'running' };
      lifecycle = 'running';
    } else {
      event = terminalStatus(g, phase);
      events.push(withTime(g, event, producerTimes));
      break;
    }
    events.push(withTime(g, event, producerTimes));
  }
  return { init, events };
}

function withTime<E extends RunEventInput>(g: Gen, event: E, share: number): E {
  return g.chance(share) ? { ...event, time: g.time() } : event;
}

function progress(g: Gen, phase: string | undefined): ProgressEventInput {
  // Keep the phase often (the label rule), change it otherwise.
  const next = phase !== undefined && g.chance(0.5) ? phase : g.pick(PHASES);
  const event: ProgressEventInput = { type: 'progress', phase: next };
  if (g.chance(0.4)) event.label = g.pick(PHASE_LABELS);
  if (g.chance(0.6)) event.percent = g.pick([0, 100, 12.5, g.int(101), Math.round(g.random() * 10_000) / 100]);
  if (g.chance(0.5)) event.message = g.pick(MESSAGES);
  if (g.chance(0.35)) event.etaMs = g.pick([0, 1500, g.int(3_600_000)]);
  if (g.chance(0.45)) event.steps = steps(g);
  return event;
}

function steps(g: Gen): Step[] {
  return g.subset(STEP_KEYS, 5).map((key) => {
    const step: Step = { key, state: g.pick(STEP_STATES) };
    if (g.chance(0.4)) step.label = g.pick(STEP_LABELS);
    if (step.state !== 'waiting' && g.chance(0.25)) step.startedAt = g.time();
    if (step.state !== 'waiting' && step.state !== 'running' && g.chance(0.25)) step.endedAt = g.time();
    return step;
  });
}

function log(g: Gen): LogEventInput {
  const event: LogEventInput = { type: 'log', text: g.pick(LOG_TEXTS) };
  if (g.chance(0.6)) event.level = g.pick(LEVELS);
  if (g.chance(0.5)) event.stream = g.pick(STREAMS);
  if (g.chance(0.2)) event.phase = g.pick(PHASES);
  return event;
}

function terminalStatus(g: Gen, phase: string | undefined): StatusEventInput {
  const status = g.pick(['succeeded', 'failed', 'failed', 'cancelled'] as const);
  if (status !== 'failed') return { type: 'status', status };
  const r = g.random();
  if (r < 0.25) return { type: 'status', status };
  const error: NonNullable<StatusEventInput['error']> = { message: g.pick(['Scoring failed', 'Out of memory', 'x']) };
  if (g.chance(0.5)) error.code = g.pick(['E_PRICE', 'OOM']);
  if (g.chance(0.4)) error.phase = g.pick([...PHASES, phase ?? 'fetch']);
  return { type: 'status', status, error };
}
