/**
 * A bounded least-recently-used cache, used to parse each line's ANSI once (keyed by seq)
 * while scrolling back and forth, without growing with the log.
 * @module
 */

/** Keeps at most `capacity` entries; reading an entry makes it the most recent. */
export class LruCache<K, V> {
  // A Map iterates in insertion order, so re-inserting on read makes the first key the oldest.
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** The value for `key`, computing and storing it with `make` when absent. */
  get(key: K, make: (key: K) => V): V {
    const found = this.entries.get(key);
    if (found !== undefined || this.entries.has(key)) {
      this.entries.delete(key);
      this.entries.set(key, found as V);
      return found as V;
    }
    const value = make(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  /** Forgets everything (e.g. after the feed reset its window). */
  clear(): void {
    this.entries.clear();
  }
}
