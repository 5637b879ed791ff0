/**
 * Shared HTTP plumbing of the fetch-based transports (and the feed's REST calls): auth
 * headers, turning a failed response into a {@link CloseReason}, and URL building.
 * @module
 */
import type { Problem } from '../contract/types.js';
import { problemFits } from './envelope.js';
import { fits } from './guard.js';
import { formatRunCursors } from '../contract/paths.js';
import { parseRetryAfter, type CloseReason } from './close-reason.js';
import type { TokenGetter } from './connection.js';
import { TransportError } from './errors.js';
import type { SubscriptionSet } from './transport.js';

/** Request headers with the bearer token (never in the URL: URLs end up in logs). */
export function authHeaders(token: string | undefined, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept };
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

/** `?runs=a:5,b:0` for the multiplexed endpoints. */
export function runsQuery(subscriptions: SubscriptionSet): string {
  return `?runs=${formatRunCursors(Array.from(subscriptions, ([run, after]) => ({ run, after })))}`;
}

/** Reads a failed response into a close reason, with its problem body when it has one. */
export async function readFailure(response: Response, now: number): Promise<CloseReason> {
  return failureOf(response, await response.text().catch(() => ''), now);
}

/** A failed response and its body text as a close reason, with the problem when the body is one. */
export function failureOf(response: Response, text: string, now: number): CloseReason {
  let problem: Problem | undefined;
  try {
    const body: unknown = JSON.parse(text);
    if (fits(problemFits, body)) problem = body;
  } catch {
    // Not JSON (a proxy's HTML error page): the status says enough.
  }
  return {
    kind: 'status',
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    problem,
    message: `HTTP ${response.status}${problem ? `: ${problem.detail ?? problem.title}` : ''}`,
  };
}

/** The close reason for a `fetch` that threw (refused, reset, aborted by a timeout). */
export function networkFailure(error: unknown): CloseReason {
  return {
    kind: 'network',
    message: `network error: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/**
 * Asks the page's token getter for a token; a getter that throws or rejects becomes a
 * {@link TransportError} of kind `token`, so callers back off through the retry policy
 * (which can tell it from a network failure) rather than report a bare error.
 */
export async function tokenFor(getToken: TokenGetter | undefined, refresh: boolean): Promise<string | undefined> {
  try {
    return await getToken?.({ refresh });
  } catch (error) {
    throw new TransportError({ kind: 'token', message: `getToken failed: ${String(error)}` }, { cause: error });
  }
}

/** Joins a base URL and a path from `contractPaths('')`. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

/** Whether `error` is the `AbortError` of a request we aborted ourselves. */
export function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AbortError';
}
