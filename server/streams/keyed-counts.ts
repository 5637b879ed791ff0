/**
 * Counts per key (a principal, an address) that forget a key once it reaches zero, so
 * the map holds only the keys in use and a flood of one-off addresses leaves nothing.
 * @module
 */

/** How many of something each key holds. */
export class KeyedCounts {
  readonly #counts = new Map<string, number>();

  /** What `key` holds now. */
  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Adds `amount` to `key`. */
  add(key: string, amount = 1): void {
    this.#counts.set(key, this.get(key) + amount);
  }

  /** Takes `amount` from `key`, forgetting it at zero. */
  remove(key: string, amount = 1): void {
    const left = this.get(key) - amount;
    if (left > 0) this.#counts.set(key, left);
    else this.#counts.delete(key);
  }

  /** Keys holding anything (tests, stats). */
  get size(): number {
    return this.#counts.size;
  }
}
