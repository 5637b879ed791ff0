/**
 * Event scripts the checks append: small, deterministic, and covering every event kind
 * and fold rule (steps, labels, percent, ETA, logs, a failure with an error).
 * @module
 */
import type { RunEventInput } from '../src/contract/index.js';

/** Steps a fixture run is created with. */
export const FIXTURE_STEPS = [
  { key: 'fetch', label: 'Fetching data' },
  { key: 'score', label: 'Scoring rows' },
  { key: 'report' },
];

/** `count` events of a run that is still running (progress and log lines, no status). */
export function runningEvents(count: number): RunEventInput[] {
  const out: RunEventInput[] = [];
  for (let i = 0; i < count; i++) out.push(eventAt(i));
  return out;
}

/** `count` events ending in a terminal `status` (the last one). */
export function finishedEvents(
  count: number,
  status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded',
): RunEventInput[] {
  const out = runningEvents(Math.max(0, count - 1));
  out.push(
    status === 'failed'
      ? { type: 'status', status, error: { message: 'Scoring failed: 3 rows had no price', code: 'E_PRICE' } }
      : { type: 'status', status },
  );
  return out;
}

/** One log line. */
export function logLine(text: string): RunEventInput {
  return { type: 'log', text, level: 'info', stream: 'stdout' };
}

// The first event starts the run; after it the script cycles through four shapes (a
// repeated `running` status could count as an invalid transition on some backends).
function eventAt(i: number): RunEventInput {
  if (i === 0) return { type: 'status', status: 'running' };
  switch (i % 4) {
    case 1:
      return {
        type: 'progress',
        phase: 'fetch',
        label: 'Fetching data',
        percent: Math.min(50, i),
        message: `batch ${i}`,
        etaMs: 60_000,
        steps: [
          { key: 'fetch', state: 'running' },
          { key: 'score', state: 'waiting' },
          { key: 'report', state: 'waiting' },
        ],
      };
    case 2:
      return { type: 'log', text: `line ${i}: \u001b[32mok\u001b[0m`, level: 'info', stream: 'stdout' };
    case 3:
      return {
        type: 'progress',
        phase: 'score',
        percent: 60,
        steps: [
          { key: 'fetch', state: 'done' },
          { key: 'score', state: 'running' },
          { key: 'report', state: 'waiting' },
        ],
      };
    default:
      return { type: 'log', text: `line ${i}: warning`, level: 'warn', stream: 'stderr' };
  }
}
