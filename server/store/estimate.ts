/**
 * Duration estimates from earlier runs of the same tenant and kind: what a client needs
 * to say "about 4 minutes left" before the producer states an ETA.
 *
 * Always per tenant (issue 13): keyed by kind alone, any tenant could read another's step
 * keys and durations by creating a run of its kind, and replace them by finishing fake
 * runs. Within a tenant, estimates resist outliers: medians, and only spans that fit in
 * the run's real life (see {@link estimateFromRuns}).
 * @module
 */
import { MAX_TIME_AHEAD_MS, type RunEstimate, type RunSnapshot } from '../../src/contract/index.js';

/** How many of the latest succeeded runs of a tenant's kind an estimate looks at. */
export const ESTIMATE_SAMPLE_SIZE = 20;

/**
 * The median duration of each step (over the runs where it finished `done`) and of
 * whole runs, from the final snapshots of succeeded runs; `undefined` when there are
 * none. Medians, not means: one run that waited an hour on a lock should not double
 * every later estimate.
 *
 * A span counts only when it is not negative, starts no earlier than the run's creation
 * (a server time) minus {@link MAX_TIME_AHEAD_MS} of clock skew, and ends no later than
 * `now` plus the same skew. Producer times are bounded at ingest, but snapshots stored
 * before that bound existed may hold any year; either way no duration can exceed the time
 * the run really existed.
 */
export function estimateFromRuns(finished: readonly RunSnapshot[], now = Date.now()): RunEstimate | undefined {
  if (finished.length === 0) return undefined;
  const stepDurations = new Map<string, number[]>();
  const totals: number[] = [];
  const latest = now + MAX_TIME_AHEAD_MS;
  for (const run of finished) {
    const earliest = Date.parse(run.createdAt) - MAX_TIME_AHEAD_MS;
    const span = (start: string | undefined, end: string | undefined): number | undefined => {
      if (start === undefined || end === undefined) return undefined;
      const from = Date.parse(start);
      const to = Date.parse(end);
      // Clock skew can make a pair run backwards; such a pair (or NaN) says nothing.
      return from >= earliest && to <= latest && to >= from ? to - from : undefined;
    };
    const total = span(run.startedAt, run.endedAt);
    if (total !== undefined) totals.push(total);
    for (const step of run.steps) {
      if (step.state !== 'done') continue; // skipped or failed steps say nothing about a normal run
      const duration = span(step.startedAt, step.endedAt);
      if (duration === undefined) continue;
      const list = stepDurations.get(step.key);
      if (list) list.push(duration);
      else stepDurations.set(step.key, [duration]);
    }
  }
  const estimate: RunEstimate = {
    basedOn: finished.length,
    stepsMs: Object.fromEntries([...stepDurations].map(([key, list]) => [key, median(list)])),
  };
  if (totals.length > 0) estimate.totalMs = median(totals);
  return estimate;
}

/** Median of a non-empty list; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return (sorted[mid - 1]! + sorted[mid]!) / 2;
}
