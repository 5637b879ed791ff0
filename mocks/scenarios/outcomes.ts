/**
 * The nightly import ending each way: succeeded, failed, cancelled, and stalled.
 * @module
 */
import type { MockScenario } from '../script.js';
import { estimateOf, stepsOf, walkPhases } from './build.js';
import { importPhases } from './nightly-import.js';

const run = { kind: 'nightly-import', steps: stepsOf(importPhases), estimate: estimateOf(importPhases) };

/** Queued, then every phase, then succeeded (about 24 scripted seconds). */
export const happyPath: MockScenario = {
  id: 'happy-path',
  description: 'Queued briefly, walks four phases with logs and ETAs, then succeeds.',
  title: 'Nightly import 2026-11-24',
  ...run,
  timeline: walkPhases(importPhases, { end: { status: 'succeeded' } }),
};

/** Fails halfway through loading. */
export const failure: MockScenario = {
  id: 'failure',
  description: 'Fails in the load phase with an error code; the failed step is marked.',
  title: 'Nightly import 2026-11-23',
  ...run,
  timeline: walkPhases(importPhases, {
    stopIn: { phase: 2, percent: 50 },
    end: { status: 'failed', message: 'COPY failed: disk quota exceeded on analytics-3', code: 'E_QUOTA' },
  }),
};

/** Cancelled by a person during the transform phase. */
export const cancel: MockScenario = {
  id: 'cancel',
  description: 'Cancelled during the transform phase; remaining steps are skipped.',
  title: 'Nightly import (re-run)',
  ...run,
  timeline: walkPhases(importPhases, { stopIn: { phase: 1, percent: 40 }, end: { status: 'cancelled' } }),
};

/**
 * Stops sending anything while running (the worker hangs). The server's heartbeats are
 * ten minutes apart so that, over every transport, nothing proves the run alive.
 */
export const stall: MockScenario = {
  id: 'stall',
  description: 'Reaches the transform phase, then goes silent: the stall warning shows.',
  title: 'Nightly import (hung worker)',
  ...run,
  timeline: walkPhases(importPhases, { stopIn: { phase: 1, percent: 30 } }).map((e) => ({ ...e, at: e.at / 8 })),
  network: { heartbeatMs: 600_000 },
};
