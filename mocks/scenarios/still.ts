/**
 * Runs that stop and stay in one state: queued, and running in each phase. Stories use
 * them to show a state without waiting for it.
 * @module
 */
import type { MockScenario } from '../script.js';
import { estimateOf, stepsOf, walkPhases } from './build.js';
import { importPhases } from './nightly-import.js';

const run = { kind: 'nightly-import', steps: stepsOf(importPhases), estimate: estimateOf(importPhases) };

/** Queued and never started. */
export const queued: MockScenario = {
  id: 'queued',
  description: 'Waiting in the queue; nothing has started.',
  title: 'Nightly import 2026-11-25',
  ...run,
  timeline: [{ at: 0, event: { type: 'status', status: 'queued' } }],
};

/**
 * One scenario per phase of the nightly import: played at once (every `at` is 0) up to
 * 60 % of that phase, then running there for good. Ids: `phase-extract`, `phase-transform`, ...
 */
export const phaseStills: readonly MockScenario[] = importPhases.map((phase, index) => ({
  id: `phase-${phase.key}`,
  description: `Running, 60 % into the ${phase.label.toLowerCase()} phase, and staying there.`,
  title: 'Nightly import 2026-11-25',
  ...run,
  timeline: walkPhases(importPhases, { stopIn: { phase: index, percent: 60 } }).map((e) => ({ ...e, at: 0 })),
}));
