/**
 * Index arithmetic over a {@link LogWindow} by seq: the window's seqs rise but skip the
 * seqs of non-log events, so "the first retained line at or after seq N" is a binary search.
 * @module
 */
import type { LogWindow } from '../../feed/types.js';

/** Index of the first retained line with seq ≥ `seq` (`window.size` when none). */
export function indexAtOrAfter(window: LogWindow, seq: number): number {
  let lo = 0;
  let hi = window.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((window.at(mid)?.seq ?? Infinity) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Seq of the oldest retained line, or `undefined` when the window is empty. */
export function firstSeq(window: LogWindow): number | undefined {
  return window.size > 0 ? window.at(0)?.seq : undefined;
}

/** Seq of the newest retained line, or `undefined` when the window is empty. */
export function lastSeq(window: LogWindow): number | undefined {
  return window.size > 0 ? window.at(window.size - 1)?.seq : undefined;
}
