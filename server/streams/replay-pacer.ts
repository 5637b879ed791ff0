/**
 * Server-wide pacing of history replay. A catch-up yields to the event loop between
 * slices of its replay, but forty readers that all yield still each run a slice in every
 * turn of the loop, so another client's request waits for forty slices before it is read.
 * The pacer lets only a few slices run per turn of the loop, whatever the number of
 * readers: the replay's total work is the same, other requests wait for a few slices
 * (issue 13's hostile-clients bench: 40 readers from their own cursors).
 * @module
 */

/** Slices of replay let through per turn of the event loop by default. */
export const REPLAY_SLICES_PER_TURN = 4;

/** Hands out turns at replaying history, a few per turn of the event loop, first come first served. */
export class ReplayPacer {
  readonly #waiting: Array<() => void> = [];
  #scheduled = false;

  constructor(private readonly slicesPerTurn = REPLAY_SLICES_PER_TURN) {}

  /** Resolves when the caller may replay its next slice; always after at least one turn of the loop. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  /** Callers waiting for a slice (tests, metrics). */
  get waiting(): number {
    return this.#waiting.length;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate runs after the loop's I/O phase, and one queued from inside an
    // immediate waits for the next turn: new requests are read between every batch.
    setImmediate(() => {
      this.#scheduled = false;
      const batch = this.#waiting.splice(0, this.slicesPerTurn);
      if (this.#waiting.length > 0) this.#schedule();
      for (const resolve of batch) resolve();
    });
  }
}
