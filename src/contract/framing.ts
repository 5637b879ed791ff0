/**
 * Names of the SSE event types and WebSocket close codes. The per-run SSE stream
 * (`/runs/{id}/stream`) sends run events as unnamed messages with `id: <seq>`, so a
 * plain `EventSource`'s `onmessage` sees every event and resumes by itself; control
 * messages are named so `onmessage` never confuses them with run events.
 * @module
 */

/** Named SSE events of the per-run stream. */
export const SseEventName = {
  /** `{ time, seq, intervalMs }`: liveness, with the run's last seq. */
  Heartbeat: 'heartbeat',
  /** `{ reason, snapshot }`: cannot resume from the cursor; events continue after `snapshot.seq`. */
  Reset: 'reset',
  /** `{ seq, status }`: the run ended; the server closes the stream and answers a reconnect with 204. */
  End: 'end',
  /**
   * A problem body: the stream failed for good (e.g. the run was deleted); the server
   * closes it. Not named `error`: `EventSource` fires its own `error` for network failures,
   * and a listener could not tell the two apart.
   */
  Problem: 'problem',
} as const;
export type SseEventName = (typeof SseEventName)[keyof typeof SseEventName];

/** WebSocket close codes the reference backend uses (4000-4999 are the application's). */
export const CloseCode = {
  /** The server is shutting down or restarting: reconnect with backoff. */
  GoingAway: 1001,
  /** A frame was not valid JSON or not a client message. */
  PolicyViolation: 1008,
  /** Overloaded: reconnect with backoff. */
  TryAgainLater: 1013,
  /** No or invalid token: refresh the token once, then stop. */
  Unauthorized: 4401,
  /** Authenticated but not allowed. */
  Forbidden: 4403,
  /** No message within the auth deadline or the heartbeat window. */
  Timeout: 4408,
  /** Too many connections or messages: back off. */
  RateLimited: 4429,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
