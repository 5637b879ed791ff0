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
 * Why a WebSocket handshake from a browser may not proceed, or `undefined` when it may.
 * Browsers do not apply CORS to WebSockets, so without this check any page a user visits
 * could open a socket to a server on their machine or network and read runs (cross-site
 * WebSocket hijacking). Clients that send no `Origin` (non-browsers), same-origin pages
 * and origins allowed by the CORS options pass.
 *
 * "Same origin" compares `Origin` with `Host`, which the page's author controls under DNS
 * rebinding (evil.example resolving to 127.0.0.1 sends `Host: evil.example`, and its
 * pages are then "same-origin"). So the comparison is made only when `hostVetted`: the
 * Host passed the server's Host check (`host-check.ts`). Behind a trusted proxy the host
 * the browser used is the proxy's `X-Forwarded-Host` (`forwardedHost`): a proxy that sets
 * `Host $host` drops the port, and the page's origin would never match the Host alone.
 */
export function upgradeOriginRefusal(
  cors: CorsOptions | undefined,
  req: IncomingMessage,
  hostVetted: boolean,
  forwardedHost?: string | undefined,
): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined || cors?.origins === '*') return undefined;
  if (cors?.origins.includes(origin)) return undefined;
  if (!hostVetted) return `Host ${JSON.stringify(req.headers.host ?? '')} is not allowed`;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin ${JSON.stringify(origin)} is not a URL`;
  }
  if (originHost === req.headers.host || (forwardedHost !== undefined && originHost === forwardedHost))
    return undefined;
  const seen = forwardedHost === undefined ? '' : ` or X-Forwarded-Host ${JSON.stringify(forwardedHost)}`;
  return (
    `Origin ${JSON.stringify(origin)} is neither allowed by --cors nor the same as Host ` +
    `${JSON.stringify(req.headers.host ?? '')}${seen} (behind a proxy: send Host $http_host, ` +
    'or X-Forwarded-Host from a proxy named in --trust-proxy)'
  );
}

/** The first value of a forwarded header (`X-Forwarded-Host: a, b` → `a`). */
export function firstForwarded(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const first = text?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}
