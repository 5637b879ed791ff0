/**
 * What a load balancer and a monitoring system ask, at the root whatever the API's base
 * path: `/healthz` (the process answers), `/readyz` (the store answers and the server is
 * not draining: send it traffic) and `/metrics` (Prometheus). Health answers carry no
 * data and need no token, so a probe needs no secret; metrics can be protected with a
 * token of their own, since they show traffic volumes.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunServerMetrics } from './metrics.js';
import type { StoreHealth } from './store-health.js';

/** What the operational endpoints read. */
export interface OpsSources {
  health: StoreHealth;
  /** True from the start of a drain. */
  draining(): boolean;
  metrics: RunServerMetrics | undefined;
  /** When set, `/metrics` needs `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
}

/** The paths served by {@link answerOps}. */
export const OPS_PATHS: readonly string[] = ['/healthz', '/readyz', '/metrics'];

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Serves `path` if it is one of {@link OPS_PATHS} and returns true; else returns false. */
export function answerOps(req: IncomingMessage, res: ServerResponse, path: string, sources: OpsSources): boolean {
  if (!OPS_PATHS.includes(path)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { status: 'method not allowed' }, { Allow: 'GET, HEAD' });
    return true;
  }
  if (path === '/healthz') {
    send(res, 200, { status: 'ok' });
    return true;
  }
  if (path === '/readyz') {
    if (sources.draining()) {
      send(res, 503, { status: 'draining' }, { 'Retry-After': '1' });
      return true;
    }
    void sources.health.check().then((up) => {
      if (up) send(res, 200, { status: 'ready' });
      else send(res, 503, { status: 'store unavailable' }, { 'Retry-After': '1' });
    });
    return true;
  }
  const { metrics, metricsToken } = sources;
  if (!metrics) {
    send(res, 404, { status: 'metrics are off' });
    return true;
  }
  if (metricsToken !== undefined && !tokenMatches(req.headers.authorization, metricsToken)) {
    send(res, 401, { status: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    return true;
  }
  metrics.registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
      res.end(text);
    },
    () => send(res, 500, { status: 'metrics failed' }),
  );
  return true;
}
