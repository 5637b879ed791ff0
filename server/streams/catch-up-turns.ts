/**
 * Turns at reading history, one connection's subscriptions taking them one at a time.
 * A subscription holds the page it read until the socket has taken it; without turns, a
 * WebSocket with a thousand subscriptions catching up at once would hold a thousand
 * pages. With them, a connection holds at most one catch-up page however many runs it
 * follows (issue 13).
 * @module
 */

/** Gives the turn to one holder at a time, in the order asked. */
export class CatchUpTurns {
  #busy = false;
  readonly #waiting: Array<() => void> = [];

  /** Resolves with the release function once it is the caller's turn. Release exactly once. */
  async take(): Promise<() => void> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The turn passes straight to the next holder, so nobody can slip in between.
      if (next) next();
      else this.#busy = false;
    };
  }

  /** Holders waiting for a turn (tests). */
  get waiting(): number {
    return this.#waiting.length;
  }
}
