/**
 * The time source elements read. Injectable so tests and Storybook can freeze or step time
 * instead of sleeping.
 * @module
 */
import type { Clock as FeedClock } from '../../feed/index.js';

/**
 * The part of the run client's `Clock` an element reads: wall-clock time and one-shot
 * timers (no jitter source). Any `Clock` is one, so a test can hand the same fake clock
 * to the elements and to the run client.
 */
export type ElementClock = Pick<FeedClock, 'now' | 'setTimeout' | 'clearTimeout'>;

/** The browser's clock. */
export const systemClock: ElementClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
