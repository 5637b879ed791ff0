/**
 * Duration estimates from earlier runs of the same kind: what a client needs to say
 * "about 4 minutes left" before the producer states an ETA.
 * @module
 */
import type { RunEstimate, RunSnapshot } from '../../src/contract/index.js';

/** How many of the latest succeeded runs of a kind an estimate looks at. */
export const ESTIMATE_SAMPLE_SIZE = 20;

/**
 * The median duration of each step (over the runs where it finished `done`) and of
 * whole runs, from the final snapshots of succeeded runs; `undefined` when there are
 * none. Medians, not means: one run that waited an hour on a lock should not double
 * every later estimate.
 */
export function estimateFromRuns(finished: readonly RunSnapshot[]): RunEstimate | undefined {
  if (finished.length === 0) return undefined;
  const stepDurations = new Map<string, number[]>();
  const totals: number[] = [];
  for (const run of finished) {
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

function span(start: string | undefined, end: string | undefined): number | undefined {
  if (start === undefined || end === undefined) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  // Producer-supplied times can run backwards (clock skew); such a pair says nothing.
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Median of a non-empty list; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return (sorted[mid - 1]! + sorted[mid]!) / 2;
}
