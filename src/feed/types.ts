/**
 * The run feed's public, DOM-free surface: what elements, hooks and user code read.
 * Elements depend on these interfaces only, so a page can hand them any feed (a shared
 * one, an adapter's, a test's).
 * @module
 */
import type { LogEvent, Problem, RunSnapshot } from '../contract/index.js';

/** Which transport carries a feed. */
export const TransportKind = { WebSocket: 'websocket', Sse: 'sse', Polling: 'polling' } as const;
/** One of {@link TransportKind}'s values. */
export type TransportKind = (typeof TransportKind)[keyof typeof TransportKind];

/** Where a feed's connection stands. */
export const ConnectionStatus = {
  /** Not started yet. */
  Idle: 'idle',
  /** First connection attempt under way. */
  Connecting: 'connecting',
  /** Receiving (streaming, or polling on schedule). */
  Live: 'live',
  /** Lost; the next attempt is at `nextRetryAt`. */
  Reconnecting: 'reconnecting',
  /** The browser says it is offline; retries resume on `online`. */
  Offline: 'offline',
  /** The token was refused, also after one refresh; no more attempts. */
  Unauthorized: 'unauthorized',
  /** Stopped for good: the run ended, the feed was closed, or the server said 403/404/410. */
  Stopped: 'stopped',
} as const;
/** One of {@link ConnectionStatus}'s values. */
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** Observable connection state of a feed. */
export interface ConnectionInfo {
  status: ConnectionStatus;
  /** The transport in use or being tried. */
  transport?: TransportKind | undefined;
  /** Why the last connection ended or failed, in words (for display and logs). */
  reason?: string | undefined;
  /** Failed attempts since the last stable connection (0 while live). */
  attempt: number;
  /** Epoch ms of the next attempt while reconnecting. */
  nextRetryAt?: number | undefined;
  /** Whether the last resume continued from the cursor (`false`: the server reset the run). */
  lastResumeRecovered?: boolean | undefined;
}

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
