/**
 * A RunStore that forwards to a real store, with some methods replaced, so a test can
 * run code at an exact point inside a store call (the real store still does the work).
 * @module
 */
import type { RunStore } from '../../../server/store/run-store.js';

/** `real` with the methods in `overrides` replaced. */
export function delegatingStore(real: RunStore, overrides: Partial<RunStore>): RunStore {
  return {
    createRun: (...a) => real.createRun(...a),
    getRun: (...a) => real.getRun(...a),
    listRuns: (...a) => real.listRuns(...a),
    append: (...a) => real.append(...a),
    readEvents: (...a) => real.readEvents(...a),
    readLogTail: (...a) => real.readLogTail(...a),
    subscribe: (...a) => real.subscribe(...a),
    estimate: (...a) => real.estimate(...a),
    close: () => real.close(),
    ...overrides,
  };
}
