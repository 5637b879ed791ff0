/**
 * RFC 9457 problem bodies and JSON responses. Every error the server answers goes
 * through here, so each carries `type`, `title` and `status` and the right media type.
 * @module
 */
import type { ServerResponse } from 'node:http';
import { PROBLEM_MEDIA_TYPE, ProblemType, type Problem } from '../../src/contract/index.js';

/**
 * Problem types of this server beyond the contract's (servers may add their own; clients
 * act on the status).
 */
export const ServerProblemType = {
  MethodNotAllowed: 'urn:run-progress-kit:problem:method-not-allowed',
  UnsupportedMediaType: 'urn:run-progress-kit:problem:unsupported-media-type',
  UpgradeRequired: 'urn:run-progress-kit:problem:upgrade-required',
  /** The store is out of memory or disk (Redis `OOM`): 507, retried later than a 503. */
  StoreFull: 'urn:run-progress-kit:problem:store-full',
} as const;
/** One of {@link ServerProblemType}'s values. */
export type ServerProblemType = (typeof ServerProblemType)[keyof typeof ServerProblemType];

const TITLES: Record<ProblemType | ServerProblemType, string> = {
  [ServerProblemType.MethodNotAllowed]: 'Method not allowed',
  [ServerProblemType.UnsupportedMediaType]: 'Unsupported media type',
  [ServerProblemType.UpgradeRequired]: 'Upgrade required',
  [ServerProblemType.StoreFull]: 'Run store full',
  [ProblemType.Malformed]: 'Malformed request',
  [ProblemType.Validation]: 'Invalid request body',
  [ProblemType.Unauthorized]: 'Unauthorized',
  [ProblemType.Forbidden]: 'Forbidden',
  [ProblemType.NotFound]: 'Not found',
  [ProblemType.Conflict]: 'Conflict',
  [ProblemType.RunEnded]: 'Run has ended',
  [ProblemType.HistoryTrimmed]: 'History trimmed',
  [ProblemType.CursorAhead]: 'Cursor ahead of the run',
  [ProblemType.TooLarge]: 'Request too large',
  [ProblemType.RateLimited]: 'Too many requests',
  [ProblemType.Unavailable]: 'Service unavailable',
  [ProblemType.Internal]: 'Internal server error',
};

/** Builds a problem body. */
export function problem(
  status: number,
  type: ProblemType | ServerProblemType,
  detail?: string,
  extra?: Pick<Problem, 'errors' | 'firstSeq'>,
): Problem {
  const body: Problem = { type, title: TITLES[type], status };
  if (detail !== undefined) body.detail = detail;
  return extra ? { ...body, ...extra } : body;
}

/**
 * The one answer for "no such run" and "a run you may not see": the same bytes either
 * way, so a caller cannot probe another tenant's run ids.
 */
export function runNotFound(runId: string): Problem {
  return problem(404, ProblemType.NotFound, `No run ${JSON.stringify(runId)}.`);
}

/** Sends a problem response (nothing if the response already started). */
export function sendProblem(res: ServerResponse, body: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(body.status, {
    ...headers,
    'Content-Type': `${PROBLEM_MEDIA_TYPE}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Sends a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends JSON that is already text (so a caller can count its bytes first). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Thrown by request handlers to answer with a problem. */
export class HttpProblem extends Error {
  constructor(
    readonly body: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.detail ?? body.title);
    this.name = 'HttpProblem';
  }
}
