/**
 * The clock and timers the simulator runs on, injectable so tests drive time.
 * @module
 */

/** A clock with one-shot timers. */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The host's clock. Globals are looked up on each call (not captured at import), so
 * Vitest's fake timers, installed later, take effect.
 */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
