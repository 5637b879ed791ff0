/**
 * The run feed's public, DOM-free surface: what elements, hooks and user code read.
 * Elements depend on these interfaces only, so a page can hand them any feed (a shared
 * one, an adapter's, a test's).
 * @module
 */
import type { LogEvent, Problem, RunSnapshot } from '../contract/types.js';
import type { ConnectionInfo } from '../transports/kinds.js';

// The connection vocabulary lives in the transport layer (the lowest that needs it); the
// feed re-exports it under the same names so elements keep importing from here.
export { TransportKind, ConnectionStatus, type ConnectionInfo } from '../transports/kinds.js';

/** A bounded, ordered window of a run's most recent log lines (a ring buffer). */
export interface LogWindow {
  /** Lines retained now. */
  readonly size: number;
  /** Most lines retained; older ones are dropped first. */
  readonly capacity: number;
  /** Lines dropped from the front since the feed started ("earlier lines not shown"). */
  readonly dropped: number;
  /** The line at `index` (0 = oldest retained), or `undefined` out of range. */
  at(index: number): LogEvent | undefined;
  /** Index of the line with sequence number `seq`, or -1 when not retained. */
  indexOfSeq(seq: number): number;
  /** Copies lines `[start, end)` out (clamped to the window). */
  slice(start?: number, end?: number): LogEvent[];
}

/** Everything a feed knows, as one immutable-by-convention value. */
export interface RunFeedState {
  runId: string;
  /** The folded run; `undefined` until the first snapshot arrives. */
  run?: RunSnapshot | undefined;
  logs: LogWindow;
  connection: ConnectionInfo;
  /** Why the feed stopped without the run ending (401 after refresh, 403, 404, 410). */
  problem?: Problem | undefined;
  /** Client-clock epoch ms of the last event or heartbeat that proved the run is alive. */
  lastEventAt?: number | undefined;
  /** Messages that failed validation and were skipped. */
  malformed: number;
}

/** What changed in one notification. */
export interface RunFeedChange {
  /** The snapshot changed. */
  run: boolean;
  /** Log lines appended at the end of the window in this change. */
  appendedLines: number;
  /** The log window was replaced (reset or reload): re-read it whole. */
  logsReset: boolean;
  /** The connection info changed. */
  connection: boolean;
}

/** A malformed or unexpected message, reported instead of thrown. */
export interface FeedMessageError {
  message: string;
  /** The offending payload's structure (not its content). */
  shape: unknown;
}

/** A live view of one run. */
export interface RunFeed {
  readonly runId: string;
  /** The current state. */
  getState(): RunFeedState;
  /** Calls `listener` after each batch of changes; returns the unsubscribe function. */
  subscribe(listener: (state: RunFeedState, change: RunFeedChange) => void): () => void;
  /** Calls `listener` for each malformed message skipped; returns the unsubscribe function. */
  onError(listener: (error: FeedMessageError) => void): () => void;
  /** Stops the feed for good and releases its share of the connection. */
  close(): void;
}
