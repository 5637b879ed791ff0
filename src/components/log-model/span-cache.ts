/**
 * A bounded least-recently-used cache, used to parse each line's ANSI once (keyed by seq)
 * while scrolling back and forth, without growing with the log.
 * @module
 */

/**
 * Keeps at most `capacity` entries, and at most `maxWeight` in total by `weigh` (e.g.
 * characters, so a few huge lines cannot fill memory); reading an entry makes it the most recent.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order, so re-inserting on read makes the first key the oldest.
  private readonly entries = new Map<K, V>();
  private weight = 0;

  constructor(
    readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 0,
    readonly maxWeight = Infinity,
  ) {}

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
    this.weight += this.weigh(value);
    // Evict the oldest, but never the entry just made (the caller is about to use it).
    while ((this.entries.size > this.capacity || this.weight > this.maxWeight) && this.entries.size > 1) {
      const oldest = this.entries.entries().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value[0]);
      this.weight -= this.weigh(oldest.value[1]);
    }
    return value;
  }

  /** Forgets everything (e.g. after the feed reset its window). */
  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }
}
