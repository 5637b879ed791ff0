/**
 * Problem types (RFC 9457 `type` URIs) of the contract, and what a client does with each
 * status. Servers may add their own types; clients act on `status`.
 * @module
 */

/** The `type` URIs the reference backend uses. */
export const ProblemType = {
  Malformed: 'urn:run-progress-kit:problem:malformed-json',
  Validation: 'urn:run-progress-kit:problem:validation',
  Unauthorized: 'urn:run-progress-kit:problem:unauthorized',
  Forbidden: 'urn:run-progress-kit:problem:forbidden',
  NotFound: 'urn:run-progress-kit:problem:not-found',
  Conflict: 'urn:run-progress-kit:problem:conflict',
  RunEnded: 'urn:run-progress-kit:problem:run-ended',
  HistoryTrimmed: 'urn:run-progress-kit:problem:history-trimmed',
  CursorAhead: 'urn:run-progress-kit:problem:cursor-ahead',
  TooLarge: 'urn:run-progress-kit:problem:too-large',
  RateLimited: 'urn:run-progress-kit:problem:rate-limited',
  Unavailable: 'urn:run-progress-kit:problem:unavailable',
  Internal: 'urn:run-progress-kit:problem:internal',
} as const;
export type ProblemType = (typeof ProblemType)[keyof typeof ProblemType];

/** The media type of problem bodies. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** What a client should do after an error status. */
export type ErrorAction = 'refresh-token' | 'stop' | 'back-off';

/**
 * 401: get a fresh token once, then stop. Any other 4xx (403/404/410: the run is not
 * there for this caller) stops, except 408/425/429, which back off and retry like 5xx
 * and anything unknown.
 */
export function actionForStatus(status: number): ErrorAction {
  if (status === 401) return 'refresh-token';
  return status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429 ? 'stop' : 'back-off';
}
