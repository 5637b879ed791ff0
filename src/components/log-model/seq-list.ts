/**
 * A sorted list of seqs (filter results, search matches) that forgets seqs that left the
 * log window from the front, in amortised O(1), so results stay valid while the window
 * slides and never need re-scanning for it.
 * @module
 */

/** Sorted seqs with a movable front. */
export class SeqList {
  private items: number[];
  private start = 0;

  constructor(items: number[] = []) {
    this.items = items;
  }

  /** Seqs held. */
  get length(): number {
    return this.items.length - this.start;
  }

  /** The seq at `index` (0 = first held). */
  at(index: number): number | undefined {
    return index < 0 ? undefined : this.items[this.start + index];
  }

  /** Adds seqs at the end (they must be larger than every seq held). */
  push(seqs: readonly number[]): void {
    for (const s of seqs) this.items.push(s);
  }

  /** Index of the first seq ≥ `seq` (`length` when none). */
  lowerBound(seq: number): number {
    let lo = this.start;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] as number) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }

  /** Forgets seqs below `seq`. */
  trimBefore(seq: number): void {
    this.start += this.lowerBound(seq);
    // Compact once the dead front outweighs the live part, so memory stays proportional.
    if (this.start > 1024 && this.start > this.items.length / 2) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** A copy of the seqs held. */
  toArray(): number[] {
    return this.items.slice(this.start);
  }
}
