/**
 * Time, injectable. Deadlines are compared against `now()` (wall clock), never inferred
 * from a timer having fired: background tabs throttle timers, so a timer may fire
 * minutes late or not before the tab is shown again.
 * @module
 */

/** An opaque timer handle. */
export type TimerHandle = unknown;

/** The clock and timers a connection uses; tests pass a fake one. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `ms`; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer made by {@link Clock.setTimeout}. */
  clearTimeout(handle: TimerHandle): void;
  /** A number in [0, 1) for jitter. */
  random(): number;
}

/** The platform's clock (`Date.now`, `globalThis.setTimeout`, `Math.random`). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = globalThis.setTimeout(callback, ms);
    // In Node a pending retry must not keep a finished script alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  random: () => Math.random(),
};

/** A one-shot timer that can be re-armed; arming again cancels the previous one. */
export class Timer {
  #handle: TimerHandle | undefined;
  constructor(private readonly clock: Clock) {}

  /** Runs `callback` after `ms`, cancelling any pending run. */
  arm(ms: number, callback: () => void): void {
    this.cancel();
    this.#handle = this.clock.setTimeout(
      () => {
        this.#handle = undefined;
        callback();
      },
      Math.max(0, ms),
    );
  }

  /** Whether a run is pending. */
  get armed(): boolean {
    return this.#handle !== undefined;
  }

  cancel(): void {
    if (this.#handle === undefined) return;
    this.clock.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
