/**
 * Remaining-time estimation for a running run. Pure: the element passes the clock in.
 * The method is explained in docs/eta.md; keep the two in step.
 * @module
 */
import type { RunEstimate, RunStatus, Step } from '../../contract/index.js';

/** Below this much progress a rate-based estimate swings too much to be worth showing. */
export const MIN_PERCENT_FOR_RATE = 5;
/** Below this much elapsed time a rate-based estimate is noise. */
export const MIN_ELAPSED_FOR_RATE_MS = 10_000;
/** A step or run is "taking longer than usual" past this multiple of its typical time. */
export const OVERDUE_FACTOR = 1.25;
/** Bounds for how much faster or slower than usual a run is assumed to go. */
const PACE_MIN = 0.25;
const PACE_MAX = 4;

/** What the estimator reads. Times are epoch ms. */
export interface EtaInput {
  now: number;
  status: RunStatus;
  startedAt?: number | undefined;
  percent?: number | undefined;
  /** Backend remaining time as of `etaAt`. */
  etaMs?: number | undefined;
  etaAt?: number | undefined;
  steps: readonly Step[];
  estimate?: RunEstimate | undefined;
}

/** Where an estimate came from. */
export const EtaSource = {
  /** The backend sent `etaMs`. */
  Backend: 'backend',
  /** Extrapolated from percent done and elapsed time. */
  Rate: 'rate',
  /** From typical step durations of earlier runs, scaled by this run's pace. */
  History: 'history',
  /** History and rate, weighted by how far along the run is. */
  Blend: 'blend',
} as const;
/** One of {@link EtaSource}'s values. */
export type EtaSource = (typeof EtaSource)[keyof typeof EtaSource];

/** The estimate for one step of the checklist. */
export interface StepEta {
  /** Expected remaining time of this step (its full expected time while waiting). */
  remainingMs?: number | undefined;
  /** Running past its usual time. */
  overdue: boolean;
  /** The step is running (else waiting): its remaining time counts down. */
  running: boolean;
}

/** The estimate for a run. */
export interface Eta {
  /** Expected remaining time; `undefined` when there is no estimate worth showing. */
  remainingMs?: number | undefined;
  source?: EtaSource | undefined;
  /** The run is taking longer than usual (or than the backend said); show that, not a number. */
  overdue: boolean;
  /** Per-step estimates, by step key, when the snapshot carries an `estimate`. */
  steps: ReadonlyMap<string, StepEta>;
}

const NONE: Eta = { overdue: false, steps: new Map() };

/** Estimates the remaining time of a run; see docs/eta.md. */
export function estimateEta(input: EtaInput): Eta {
  if (input.status !== 'running') return NONE;
  const elapsed = input.startedAt === undefined ? undefined : Math.max(0, input.now - input.startedAt);
  const rate = rateEstimate(input.percent, elapsed);
  const history = historyEstimate(input, elapsed);
  const steps = history?.steps ?? NONE.steps;

  if (input.etaMs !== undefined) {
    const since = input.etaAt === undefined ? 0 : Math.max(0, input.now - input.etaAt);
    const remaining = input.etaMs - since;
    // The backend's own deadline passed and the run goes on: say so rather than "0 s left".
    if (remaining <= 0) return { overdue: true, source: EtaSource.Backend, steps };
    return { remainingMs: remaining, source: EtaSource.Backend, overdue: false, steps };
  }
  if (history) {
    if (history.overdue) return { overdue: true, source: EtaSource.History, steps };
    if (rate !== undefined && input.percent !== undefined) {
      // Early on, earlier runs know better than a few seconds of this one; late in the
      // run, this run's own rate does.
      const w = input.percent / 100;
      return { remainingMs: (1 - w) * history.remainingMs + w * rate, source: EtaSource.Blend, overdue: false, steps };
    }
    return { remainingMs: history.remainingMs, source: EtaSource.History, overdue: false, steps };
  }
  if (rate !== undefined) return { remainingMs: rate, source: EtaSource.Rate, overdue: false, steps };
  return NONE;
}

/** Remaining time if the run keeps its average rate so far; `undefined` while that is noise. */
export function rateEstimate(percent: number | undefined, elapsedMs: number | undefined): number | undefined {
  if (percent === undefined || elapsedMs === undefined) return undefined;
  if (percent < MIN_PERCENT_FOR_RATE || percent >= 100 || elapsedMs < MIN_ELAPSED_FOR_RATE_MS) return undefined;
  return (elapsedMs * (100 - percent)) / percent;
}

interface HistoryEstimate {
  remainingMs: number;
  overdue: boolean;
  steps: Map<string, StepEta>;
}

function historyEstimate(input: EtaInput, elapsed: number | undefined): HistoryEstimate | undefined {
  const estimate = input.estimate;
  if (!estimate || estimate.basedOn < 1) return undefined;
  const typical = (key: string): number | undefined => {
    const ms = estimate.stepsMs[key];
    return ms !== undefined && ms > 0 ? ms : undefined;
  };
  const known = input.steps.map((s) => typical(s.key)).filter((ms): ms is number => ms !== undefined);
  if (known.length === 0) return wholeRunEstimate(estimate, elapsed);
  // Steps the history does not know are assumed to take an average known step's time.
  const fallback = known.reduce((a, b) => a + b, 0) / known.length;
  const pace = runPace(input.steps, typical);

  const steps = new Map<string, StepEta>();
  let remaining = 0;
  let overdue = false;
  for (const step of input.steps) {
    const expected = (typical(step.key) ?? fallback) * pace;
    if (step.state === 'waiting') {
      steps.set(step.key, { remainingMs: expected, overdue: false, running: false });
      remaining += expected;
    } else if (step.state === 'running') {
      const started = parseTime(step.startedAt) ?? input.now;
      const inStep = Math.max(0, input.now - started);
      const late = inStep > expected * OVERDUE_FACTOR;
      overdue ||= late;
      const left = Math.max(0, expected - inStep);
      steps.set(step.key, { remainingMs: late ? undefined : left, overdue: late, running: true });
      remaining += left;
    }
  }
  if (estimate.totalMs !== undefined && elapsed !== undefined && elapsed > estimate.totalMs * pace * OVERDUE_FACTOR) {
    overdue = true;
  }
  return { remainingMs: remaining, overdue, steps };
}

/** Without per-step history: the run's typical total minus the time spent so far. */
function wholeRunEstimate(estimate: RunEstimate, elapsed: number | undefined): HistoryEstimate | undefined {
  if (estimate.totalMs === undefined || elapsed === undefined) return undefined;
  return {
    remainingMs: Math.max(0, estimate.totalMs - elapsed),
    overdue: elapsed > estimate.totalMs * OVERDUE_FACTOR,
    steps: new Map(),
  };
}

/**
 * How this run's finished steps compare with their typical times (2 = twice as slow),
 * shrunk towards 1 while few steps have finished so one odd step does not swing it.
 */
export function runPace(steps: readonly Step[], typical: (key: string) => number | undefined): number {
  let actual = 0;
  let usual = 0;
  let count = 0;
  for (const step of steps) {
    if (step.state !== 'done') continue;
    const ms = typical(step.key);
    const start = parseTime(step.startedAt);
    const end = parseTime(step.endedAt);
    if (ms === undefined || start === undefined || end === undefined) continue;
    actual += Math.max(0, end - start);
    usual += ms;
    count++;
  }
  if (count === 0 || usual === 0) return 1;
  const raw = Math.min(PACE_MAX, Math.max(PACE_MIN, actual / usual));
  return 1 + ((raw - 1) * count) / (count + 1);
}

/**
 * Rounds a remaining time for display so it does not flicker every second: to 5 s under
 * a minute, 10 s under ten minutes, whole minutes beyond. Rounds up: "0 s left" while the
 * run still runs would be a lie.
 */
export function roundRemaining(ms: number): number {
  const step = ms < 60_000 ? 5_000 : ms < 600_000 ? 10_000 : 60_000;
  return Math.max(step, Math.ceil(ms / step) * step);
}

/** Epoch ms of an ISO timestamp, or `undefined`. */
export function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
