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
 * Adds CORS headers for an allowed origin. Answers a preflight itself and returns true
 * then; returns false when the request should go on to its route.
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
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': ALLOW_METHODS,
    'Access-Control-Allow-Headers': ALLOW_HEADERS,
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
  return true;
}
