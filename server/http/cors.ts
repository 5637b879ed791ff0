/**
 * CORS for dashboards served from another origin. Off unless configured. The exposed
 * and allowed headers are the ones the contract's clients read and send.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOptions } from '../config.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-None-Match, Last-Event-ID';
const EXPOSE_HEADERS = 'ETag, Retry-After, Location';
const ALLOW_METHODS = 'GET, POST, OPTIONS';

/**
 * Adds CORS headers for an allowed origin. Returns true when the request is a preflight
 * of an allowed origin, which the caller answers with {@link answerPreflight} once it has
 * counted it against the rate limit (preflights cost a request like any other; issue 13
 * found them never counted). Returns false when the request should go on to its route.
 */
export function applyCors(cors: CorsOptions | undefined, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!cors || origin === undefined) return false;
  const any = cors.origins === '*';
  if (!any) {
    // The answer depends on Origin, so caches must keep one copy per origin.
    res.setHeader('Vary', 'Origin');
    if (!cors.origins.includes(origin)) return false;
  }
  res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/** Answers a preflight that {@link applyCors} recognised. */
export function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': ALLOW_METHODS,
    'Access-Control-Allow-Headers': ALLOW_HEADERS,
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
}

/**
 * Whether a WebSocket handshake from a browser may proceed. Browsers do not apply CORS to
 * WebSockets, so without this check any page a user visits could open a socket to a
 * server on their machine or network and read runs (cross-site WebSocket hijacking).
 * Clients that send no `Origin` (non-browsers), same-origin pages and origins allowed by
 * the CORS options pass.
 *
 * "Same origin" compares `Origin` with `Host`, which the page's author controls under DNS
 * rebinding (evil.example resolving to 127.0.0.1 sends `Host: evil.example`, and its
 * pages are then "same-origin"). So the comparison is made only when `hostVetted`: the
 * Host passed the server's Host check (`host-check.ts`).
 */
export function upgradeOriginAllowed(
  cors: CorsOptions | undefined,
  req: IncomingMessage,
  hostVetted: boolean,
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || cors?.origins === '*') return true;
  if (cors?.origins.includes(origin)) return true;
  if (!hostVetted) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
