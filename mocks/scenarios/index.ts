/**
 * Every scripted scenario. Runs with no `network` of their own can share one mock server
 * ({@link runScenarios}); the network scenarios each need their own ({@link networkScenarios}).
 * @module
 */
import type { MockScenario } from '../script.js';
import { ansi, chatty, hugeLog } from './logs.js';
import { networkFlaps, outage, pollingOnly, unauthorizedThenRecovery } from './network.js';
import { cancel, failure, happyPath, stall } from './outcomes.js';
import { phaseStills, queued } from './still.js';

export { ansi, chatty, hugeLog, HUGE_LOG_LINES } from './logs.js';
export { FRESH_TOKEN, networkFlaps, outage, pollingOnly, unauthorizedThenRecovery } from './network.js';
export { cancel, failure, happyPath, stall } from './outcomes.js';
export { phaseStills, queued } from './still.js';
export { walkPhases, checklist, stepsOf, estimateOf, type PhaseScript, type WalkOptions } from './build.js';
export { importPhases } from './nightly-import.js';

/** Scenarios that need no special network: serve them together under one base URL. */
export const runScenarios: readonly MockScenario[] = [
  happyPath,
  failure,
  cancel,
  chatty,
  ansi,
  hugeLog,
  queued,
  ...phaseStills,
];

/** Scenarios whose network behaviour applies to their whole server: one base URL each. */
export const networkScenarios: readonly MockScenario[] = [
  stall,
  networkFlaps,
  pollingOnly,
  unauthorizedThenRecovery,
  outage,
];
