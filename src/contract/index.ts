/**
 * The run-progress contract: wire types, their validation, the snapshot fold and the URL
 * paths. Shared by the client, the reference backend and the mocks; depends on nothing
 * of the project's.
 * @packageDocumentation
 */
export * from './vocabulary.js';
export * from './limits.js';
export * from './schemas.js';
export type * from './types.js';
export type { RunReader } from './reader.js';
export {
  validate,
  validateAppendBody,
  shapeOf,
  type AppendBodyOptions,
  type ValidationIssue,
  type Validated,
} from './validate.js';
export { applyEvent, initialSnapshot, SequenceGapError, type RunInit } from './fold.js';
export * from './paths.js';
export * from './problems.js';
export * from './framing.js';
