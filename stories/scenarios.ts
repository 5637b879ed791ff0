/**
 * Runs only the stories need, for states a designer asks about: long words, a long
 * checklist, and a dashboard's worth of runs. Built with the mocks' own timeline helpers,
 * played at once (every `at` 0) so each story shows its state without waiting.
 * @module
 */
import {
  cancel,
  estimateOf,
  failure,
  happyPath,
  phaseStills,
  queued,
  stall,
  stepsOf,
  walkPhases,
  type MockScenario,
  type PhaseScript,
} from '../mocks/index.js';

const still = (phases: readonly PhaseScript[], phase: number): MockScenario['timeline'] =>
  walkPhases(phases, { stopIn: { phase, percent: 60 } }).map((e) => ({ ...e, at: 0 }));

const longPhases: PhaseScript[] = [
  {
    key: 'fetch',
    label: 'Fetch the quarterly reconciliation exports from every regional warehouse',
    ms: 4_000,
    lines: ['Fetched 14 exports'],
  },
  {
    key: 'reconcile',
    label: 'Reconcile ledger entries against bank statements, currency by currency, with tolerance rules',
    ms: 6_000,
    messages: [
      'Reconciling EUR: 41 288 of 96 120 entries matched so far, 312 waiting for a manual decision by finance',
    ],
    lines: ['Supercalifragilisticexpialidocious-identifier-without-any-break-opportunity-0123456789abcdef'],
  },
  { key: 'publish', label: 'Publish the signed-off reconciliation report', ms: 2_000, lines: ['Published'] },
];

/** Running with labels and a message far longer than the box. */
export const longLabels: MockScenario = {
  id: 'long-labels',
  description: 'Step labels and a progress message longer than any box they sit in.',
  title: 'Quarterly reconciliation of every regional ledger against the bank statements (Q3 2026)',
  steps: stepsOf(longPhases),
  estimate: estimateOf(longPhases),
  timeline: still(longPhases, 1),
};

const manyPhases: PhaseScript[] = Array.from({ length: 30 }, (_, i) => ({
  key: `shard-${i + 1}`,
  label: `Migrate shard ${i + 1} of 30`,
  ms: 1_000,
  lines: [`Shard ${i + 1}: copied`],
}));

/** Running at step 12 of a 30-step checklist. */
export const manySteps: MockScenario = {
  id: 'many-steps',
  description: 'A 30-step checklist, twelve steps in.',
  title: 'Database migration',
  steps: stepsOf(manyPhases),
  estimate: estimateOf(manyPhases),
  timeline: still(manyPhases, 11),
};

/** What a dashboard of runs shows at once: every outcome and phase, served under one base URL. */
export const dashboardRuns: readonly MockScenario[] = [
  queued,
  ...phaseStills,
  { ...happyPath, timeline: happyPath.timeline.map((e) => ({ ...e, at: 0 })) },
  { ...failure, timeline: failure.timeline.map((e) => ({ ...e, at: 0 })) },
  { ...cancel, timeline: cancel.timeline.map((e) => ({ ...e, at: 0 })) },
  stall,
];
