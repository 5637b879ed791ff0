/**
 * Turns a kind of job and an outcome into a run's whole timeline, up front: what to
 * create and which events to append when. Pure and seeded, so a test can read a run's
 * fate from its script without waiting for it to play.
 * @module
 */
import type { CreateRunInput, LogLevel, LogStream, RunEventInput, Step } from '../../src/contract/index.js';
import { fillTemplate, progressBarText } from './log-text.js';
import type { Random } from './random.js';
import type { PhaseSpec, RunKindSpec } from './scenario-types.js';
import { Outcome } from './scenario-types.js';

/** One append of a script: a batch of events due `atMs` after the run starts. */
export interface ScriptBatch {
  atMs: number;
  events: RunEventInput[];
}

/** A run's planned life. Times are real milliseconds (already divided by the speed). */
export interface RunScript {
  create: CreateRunInput & { id: string };
  outcome: Outcome;
  batches: ScriptBatch[];
  /** When the last batch is due. */
  durationMs: number;
  /** The silent stretch of a stalling run. */
  stall?: { fromMs: number; toMs: number } | undefined;
}

/** Inputs of {@link buildRunScript}. */
export interface ScriptOptions {
  id: string;
  kind: RunKindSpec;
  outcome: Outcome;
  random: Random;
  /** Time runs this many times faster than real (default 1). */
  speed?: number;
  /** Run length at speed 1, drawn between the two (default 20 s to 2 min). */
  durationMs?: readonly [number, number];
  /** How long a stalling run stays silent, at speed 1 (default 5 min). */
  stallMs?: number;
  /** The chatty burst (default 3 000 lines a second for 4 s). */
  burst?: { linesPerSecond: number; seconds: number };
}

interface Timed {
  at: number;
  event: RunEventInput;
}

// Events this close together (at speed 1) go in one append, as a real producer's
// buffered logger would send them; the cap keeps a batch well under the contract's 5 000.
const BATCH_WINDOW_MS = 100;
const MAX_BATCH_EVENTS = 500;
const BURST_CHUNK_MS = 50;

/** Plans one run. The same options (and random state) always give the same script. */
export function buildRunScript(options: ScriptOptions): RunScript {
  const { kind, outcome, random } = options;
  const speed = options.speed ?? 1;
  const [minMs, maxMs] = options.durationMs ?? [20_000, 120_000];
  const total = random.int(minMs, maxMs);
  const words = kind.words;
  const fill = (template: string): string => fillTemplate(template, words, random);
  const spans = phaseSpans(kind.phases, total, random);
  const showEta = random.chance(0.5);
  const linesPerSecond = random.float(3, 6);

  let timeline: Timed[] = [];
  const log = (at: number, text: string, level: LogLevel = 'info', stream?: LogStream): void => {
    const event: RunEventInput = { type: 'log', text, level };
    if (stream !== undefined) event.stream = stream;
    timeline.push({ at, event });
  };
  const progress = (at: number, phaseIndex: number, message: string | undefined): void => {
    const phase = kind.phases[phaseIndex] as PhaseSpec;
    const event: RunEventInput = { type: 'progress', phase: phase.key, steps: stepsAt(kind.phases, phaseIndex) };
    if (phase.label !== undefined) event.label = phase.label;
    if (!phase.indeterminate) {
      event.percent = Math.round((at / total) * 1000) / 10;
      if (showEta) event.etaMs = Math.round((total - at) / speed);
    }
    if (message !== undefined) event.message = message;
    timeline.push({ at, event });
  };

  timeline.push({ at: 0, event: { type: 'status', status: 'running' } });
  log(0, fill(`{b}${kind.kind}{/} run ${options.id} starting {dim}(worker w-{int:1-12}, pid {int:1000-60000}){/}`));
  spans.forEach(([start, end], index) => {
    const phase = kind.phases[index] as PhaseSpec;
    const messageAt = (): string | undefined =>
      phase.messages.length > 0 ? fill(random.pick(phase.messages)) : undefined;
    progress(start, index, messageAt());
    log(start, `\u001b[1m▶ ${phase.label ?? phase.key}\u001b[0m`);
    for (let at = start + random.int(800, 2000); at < end; at += random.int(800, 2000))
      progress(at, index, messageAt());
    const lines = Math.max(2, Math.round(((end - start) / 1000) * linesPerSecond));
    for (let i = 0; i < lines; i++) {
      const template = random.pick(phase.lines);
      log(random.float(start, end), fill(template.text), template.level ?? 'info', template.stream);
    }
    if (phase.progressBar !== undefined && random.chance(0.7)) {
      log(start + (end - start) * 0.3, progressBarText(fill(phase.progressBar), random.int(5, 12)));
    }
  });
  timeline.sort((a, b) => a.at - b.at);

  let stall: RunScript['stall'];
  switch (outcome) {
    case Outcome.Succeed:
      timeline.push(...ending(total, kind, spans.length));
      break;
    case Outcome.Fail: {
      const [start, end] = spans[kind.failure.phase] as [number, number];
      const at = random.float(start + (end - start) * 0.3, start + (end - start) * 0.8);
      timeline = timeline.filter((t) => t.at < at);
      for (const line of kind.failure.lines) log(at, fill(line), 'error', 'stderr');
      const phase = (kind.phases[kind.failure.phase] as PhaseSpec).key;
      timeline.push({
        at: at + 50,
        event: {
          type: 'status',
          status: 'failed',
          error: { message: kind.failure.message, code: kind.failure.code, phase },
        },
      });
      break;
    }
    case Outcome.Cancel: {
      const at = total * random.float(0.35, 0.75);
      timeline = timeline.filter((t) => t.at < at);
      for (const line of kind.cancelLines) log(at, fill(line), 'warn');
      timeline.push({ at: at + 50, event: { type: 'status', status: 'cancelled' } });
      break;
    }
    case Outcome.Stall: {
      const [start, end] = spans[kind.stall.phase] as [number, number];
      const at = start + (end - start) * 0.4;
      const silence = options.stallMs ?? 300_000;
      timeline = shiftAfter(timeline, at, silence);
      log(at, fill(kind.stall.before), 'info');
      log(at + silence, fill(kind.stall.after), 'warn');
      timeline.push(...ending(total + silence, kind, spans.length));
      stall = { fromMs: at / speed, toMs: (at + silence) / speed };
      break;
    }
    case Outcome.Chatty: {
      const burst = options.burst ?? { linesPerSecond: 3_000, seconds: 4 };
      const phaseIndex = Math.min(1, spans.length - 1);
      const [start, end] = spans[phaseIndex] as [number, number];
      const at = start + (end - start) * 0.2;
      const length = burst.seconds * 1000;
      timeline = shiftAfter(timeline, at, length);
      const phase = kind.phases[phaseIndex] as PhaseSpec;
      const count = Math.round(burst.linesPerSecond * burst.seconds);
      const perChunk = Math.max(1, Math.round((count * BURST_CHUNK_MS) / length));
      log(at, `\u001b[35mverbose tracing switched on for ${phase.key}\u001b[0m`, 'warn');
      for (let i = 0; i < count; i++) {
        const template = random.pick(phase.lines);
        const chunkAt = at + Math.floor(i / perChunk) * BURST_CHUNK_MS;
        log(chunkAt, `\u001b[2m[${i + 1}/${count}]\u001b[0m ${fill(template.text)}`, template.level ?? 'debug');
      }
      timeline.push(...ending(total + length, kind, spans.length));
      break;
    }
  }
  timeline.sort((a, b) => a.at - b.at);

  const batches = toBatches(timeline, speed);
  return {
    create: {
      id: options.id,
      kind: kind.kind,
      title: fill(random.pick(kind.titles)),
      steps: kind.phases.map((p) => (p.stepLabel === undefined ? { key: p.key } : { key: p.key, label: p.stepLabel })),
    },
    outcome,
    batches,
    durationMs: batches.at(-1)?.atMs ?? 0,
    stall,
  };
}

/** Each phase's [start, end) at speed 1: its share of `total`, jittered. */
function phaseSpans(phases: readonly PhaseSpec[], total: number, random: Random): Array<[number, number]> {
  const shares = phases.map((p) => p.weight * random.float(0.7, 1.3));
  const sum = shares.reduce((a, b) => a + b, 0);
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const share of shares) {
    const end = start + (share / sum) * total;
    spans.push([Math.round(start), Math.round(end)]);
    start = end;
  }
  return spans;
}

function stepsAt(phases: readonly PhaseSpec[], current: number): Step[] {
  return phases.map((p, i) => ({ key: p.key, state: i < current ? 'done' : i === current ? 'running' : 'waiting' }));
}

function ending(at: number, kind: RunKindSpec, phaseCount: number): Timed[] {
  const last = kind.phases[phaseCount - 1] as PhaseSpec;
  const steps: Step[] = kind.phases.map((p) => ({ key: p.key, state: 'done' }));
  const seconds = Math.round(at / 1000);
  return [
    { at, event: { type: 'progress', phase: last.key, percent: 100, steps, message: 'Done' } },
    {
      at,
      event: {
        type: 'log',
        level: 'info',
        text: `\u001b[32m✔ finished in ${Math.floor(seconds / 60)}m ${seconds % 60}s\u001b[0m`,
      },
    },
    { at, event: { type: 'status', status: 'succeeded' } },
  ];
}

/** Moves everything at or after `at` later by `by`, opening a gap. */
function shiftAfter(timeline: Timed[], at: number, by: number): Timed[] {
  return timeline.map((t) => (t.at >= at ? { at: t.at + by, event: t.event } : t));
}

function toBatches(timeline: readonly Timed[], speed: number): ScriptBatch[] {
  const batches: ScriptBatch[] = [];
  let open: { start: number; batch: ScriptBatch } | undefined;
  for (const { at, event } of timeline) {
    if (open === undefined || at >= open.start + BATCH_WINDOW_MS || open.batch.events.length >= MAX_BATCH_EVENTS) {
      open = { start: at, batch: { atMs: Math.round(at / speed), events: [] } };
      batches.push(open.batch);
    }
    open.batch.events.push(event);
  }
  return batches;
}
