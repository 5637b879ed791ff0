/**
 * The contract's conformance suite: checks any backend, by URL, against docs/contract.md.
 * It imports nothing from the reference server, so it judges every backend alike.
 * @packageDocumentation
 */
export { runConformance, runCheck, summarize, formatResult } from './runner.js';
export { allChecks } from './checks/index.js';
export type { Check } from './check.js';
export type { CheckContext } from './context.js';
export type { CheckResult, ConformanceOptions, ResolvedOptions } from './options.js';
