/**
 * Why a connection ended, and what to do about it. Every transport reports its end as a
 * {@link CloseReason}; {@link classifyClose} is the one place that turns it into an
 * action, so the three transports cannot disagree on what a 401 or a 503 means.
 * @module
 */
import type { Problem } from '../contract/types.js';
import type { CloseCode } from '../contract/framing.js';
import { actionForStatus } from '../contract/problems.js';

/** How a connection ended. */
export const CloseKind = {
  /** The network failed (refused, reset, DNS, upgrade refused). */
  Network: 'network',
  /** The server answered an error status (HTTP, or a WebSocket close code mapped to one). */
  Status: 'status',
  /** The server ended the stream cleanly. */
  Ended: 'ended',
  /** Nothing heard for longer than the heartbeat plus grace. */
  Timeout: 'timeout',
  /** The server broke the protocol (wrong content type, oversized event). */
  Protocol: 'protocol',
  /**
   * The page's token getter (`getToken`) threw or rejected, so the server was never asked.
   * It backs off through the retry policy like a network failure (the default policy retries
   * it forever, as a token service may come back); a policy stops it by returning `null` for
   * this kind. It never moves the ladder to the next transport: it says nothing about one.
   */
  Token: 'token',
} as const;
/** One of {@link CloseKind}'s values. */
export type CloseKind = (typeof CloseKind)[keyof typeof CloseKind];

/** A transport's account of how its connection ended. */
export interface CloseReason {
  kind: CloseKind;
  /** For `status`: the HTTP status (WebSocket close codes are mapped, e.g. 4401 → 401). */
  status?: number | undefined;
  /** The server's hint for the next attempt (`Retry-After`, SSE `retry:`), in ms. */
  retryAfterMs?: number | undefined;
  /** The problem body the server sent, if any. */
  problem?: Problem | undefined;
  /** In words, for display and logs. */
  message: string;
}

/** What the reconnect machine does after a close. */
export type CloseAction = 'refresh-token' | 'stop' | 'back-off';

/**
 * The action for a close: 401 refreshes the token, 403/404/410 stop, the rest (a failed
 * token getter too) back off through the retry policy.
 */
export function classifyClose(reason: CloseReason): CloseAction {
  return reason.kind === 'status' && reason.status !== undefined ? actionForStatus(reason.status) : 'back-off';
}

/**
 * The HTTP status a WebSocket close code stands for, if it stands for one: 1013 (try
 * again later) is 503, and the contract's 44xx/45xx codes are 4000 + the status (4401,
 * 4403, 4429, ...), except 4408, the socket's own timeout, which is no HTTP answer.
 */
export function statusOfCloseCode(code: number): number | undefined {
  // The codes as literals, checked against the contract's: the CloseCode table need not ship.
  if (code === (1013 satisfies typeof CloseCode.TryAgainLater)) return 503;
  return code >= 4400 && code < 4600 && code !== (4408 satisfies typeof CloseCode.Timeout) ? code - 4000 : undefined;
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
