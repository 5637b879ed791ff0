/**
 * The vocabulary of connection state shared by the transports and everything above
 * them. Defined here (the lowest layer that needs it) and re-exported by the feed.
 * @module
 */

/** Which transport carries a connection. */
export const TransportKind = { WebSocket: 'websocket', Sse: 'sse', Polling: 'polling' } as const;
/** One of {@link TransportKind}'s values. */
export type TransportKind = (typeof TransportKind)[keyof typeof TransportKind];

/** Where a connection stands. */
export const ConnectionStatus = {
  /** Not started yet (or nothing to carry). */
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

/** Observable connection state. */
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
