/**
 * One log line and one metric per request, written when the response closes (for a
 * stream: when it ends), with a request id that is sent back as `X-Request-Id` so a user's
 * report can be found in the logs. An id sent by the client or a proxy is kept when it
 * looks like one, so a trace crosses nginx and the server under one id.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunServerLogger } from './logger.js';
import type { RouteLabel, RunServerMetrics } from './metrics.js';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: its `X-Request-Id` when it is a sane token, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}

/** The metric route of a path under the base path (never the raw path: run ids are unbounded). */
export function routeLabel(method: string, path: string): RouteLabel {
  if (path === '/runs') return 'runs';
  if (path === '/stream' || /^\/runs\/[^/]+\/stream$/.test(path)) return 'stream';
  if (path === '/poll') return 'poll';
  if (path === '/ws') return 'ws';
  if (/^\/runs\/[^/]+$/.test(path)) return 'run';
  if (/^\/runs\/[^/]+\/logs$/.test(path)) return 'logs';
  if (/^\/runs\/[^/]+\/events$/.test(path)) return method === 'POST' ? 'append' : 'events';
  return 'other';
}

/** What {@link observeRequest} needs to know about the request. */
export interface ObservedRequest {
  id: string;
  route: RouteLabel;
  /** The client's address (as the trusted proxies tell it). */
  client: string;
  /** The path without its query (cursors and filters stay out of the logs). */
  path: string;
}

/** Logs `req` at `info` and counts it once `res` has closed. */
export function observeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  seen: ObservedRequest,
  logger: RunServerLogger,
  metrics: RunServerMetrics | undefined,
): void {
  const started = performance.now();
  const method = req.method ?? 'GET';
  res.once('close', () => {
    const ms = performance.now() - started;
    // A response cut before it was all written (client gone, drain deadline) is told apart.
    const cut = !res.writableFinished;
    metrics?.request(method, seen.route, res.statusCode, ms / 1000);
    logger.info(
      {
        reqId: seen.id,
        method,
        path: seen.path,
        route: seen.route,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        client: seen.client,
        ...(cut ? { cut: true } : {}),
      },
      'request',
    );
  });
}
