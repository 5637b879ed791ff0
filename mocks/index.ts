/**
 * Mock backends for tests and Storybooks: MSW handlers that implement the run-progress
 * contract by playing scripted runs. Use `createRunHandlers` with the scenarios you need,
 * or `defaultHandlers` for all of them; `mocks/node` and `mocks/browser` are ready-made
 * adapters.
 * @packageDocumentation
 */
export { createRunHandlers, type RunHandlerOptions } from './handlers.js';
export { defaultHandlers, networkBaseUrl } from './defaults.js';
export type { MockNetwork, MockScenario, ScriptEvent, TimelineEntry } from './script.js';
export * from './scenarios/index.js';
// The contract's types the scripts above are written in.
export type { LogEvent, ProgressEvent, RunError, RunEstimate, StatusEvent, Step } from '../src/contract/index.js';
export { RunStatus, StepState, LogLevel, LogStream } from '../src/contract/index.js';
