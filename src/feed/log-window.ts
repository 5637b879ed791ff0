/**
 * The feed's bounded log window: a ring buffer of the most recent lines, so a run that
 * writes a million lines costs the page a fixed amount of memory.
 * @module
 */
import type { LogEvent } from '../contract/types.js';
import type { LogWindow } from './types.js';

/** Default number of lines a feed keeps. */
export const DEFAULT_LOG_CAPACITY = 100_000;

/** A {@link LogWindow} over a fixed-size ring; appends are O(1), lookups by seq O(log n). */
export class RingLogWindow implements LogWindow {
  readonly #ring: Array<LogEvent | undefined>;
  #start = 0;
  #count = 0;
  #droppedCount = 0;

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`log capacity must be a positive integer, got ${capacity}`);
    this.#ring = new Array<LogEvent | undefined>(capacity);
  }

  get size(): number {
    return this.#count;
  }

  get dropped(): number {
    return this.#droppedCount;
  }

  /** Appends one line, dropping the oldest when full. */
  push(line: LogEvent): void {
    if (this.#count < this.capacity) {
      this.#ring[(this.#start + this.#count) % this.capacity] = line;
      this.#count += 1;
      return;
    }
    this.#ring[this.#start] = line;
    this.#start = (this.#start + 1) % this.capacity;
    this.#droppedCount += 1;
  }

  /** Empties the window (after a reset); `dropped` counts what the new contents leave out. */
  replace(lines: readonly LogEvent[], droppedBefore: number): void {
    this.#ring.fill(undefined);
    this.#start = 0;
    this.#count = 0;
    this.#droppedCount = droppedBefore;
    for (const line of lines) this.push(line);
  }

  at(index: number): LogEvent | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) return undefined;
    return this.#ring[(this.#start + index) % this.capacity];
  }

  indexOfSeq(seq: number): number {
    // Lines are appended in seq order, so the window is sorted by seq.
    let lo = 0;
    let hi = this.#count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const line = this.at(mid) as LogEvent;
      if (line.seq === seq) return mid;
      if (line.seq < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  slice(start = 0, end = this.#count): LogEvent[] {
    const from = clamp(start < 0 ? this.#count + start : start, this.#count);
    const to = clamp(end < 0 ? this.#count + end : end, this.#count);
    const out: LogEvent[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i) as LogEvent);
    return out;
  }
}

const clamp = (n: number, max: number) => Math.min(Math.max(Math.trunc(n) || 0, 0), max);
