/**
 * Whether a run can be resumed from a client's cursor, shared by every transport so they
 * all answer the same: resume, or reset because history was trimmed or the cursor is
 * past the run's end.
 * @module
 */
import type { ResetReason } from '../../src/contract/index.js';
import type { StoredRun } from '../store/run-store.js';

/** What to do with a cursor. */
export type CursorDecision = { resume: true } | { resume: false; reason: ResetReason };

/**
 * A cursor `after` can resume when every event after it is still retained
 * (`after >= firstSeq - 1`) and it is not past the run's last seq.
 */
export function decideCursor(run: StoredRun, after: number): CursorDecision {
  if (after > run.snapshot.seq) return { resume: false, reason: 'ahead' };
  if (after < run.firstSeq - 1) return { resume: false, reason: 'trimmed' };
  return { resume: true };
}
