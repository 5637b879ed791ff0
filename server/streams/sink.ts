/**
 * What a run subscription delivers to, implemented once per transport (per-run SSE,
 * multi-run SSE, WebSocket). The subscription decides what to send; the sink decides
 * how it looks on the wire.
 * @module
 */
import type { Problem, ResetReason, RunEvent, RunSnapshot, RunStatus } from '../../src/contract/index.js';
import type { CatchUpTurns } from './catch-up-turns.js';

/** The receiving end of one run subscription. */
export interface SubscriptionSink {
  /** The next event, in seq order, never a duplicate. */
  event(event: RunEvent): void;
  /** The cursor could not be resumed: events continue after `snapshot.seq`. */
  reset(reason: ResetReason, snapshot: RunSnapshot): void;
  /** The run ended with the event `seq`; nothing more comes. */
  end(seq: number, status: RunStatus): void;
  /** The subscription failed for good. */
  error(problem: Problem): void;
  /**
   * `undefined` while the connection can take more; otherwise a promise that settles
   * once it has drained enough (or closed). Catch-up waits on it so replaying a long
   * history never piles up in memory.
   */
  room(): Promise<void> | undefined;
  /**
   * The connection's turns at reading history, shared by all its subscriptions so it
   * holds one catch-up page at a time. Absent on a connection of one subscription.
   */
  turns?: CatchUpTurns | undefined;
}
