/**
 * The run server as a mountable handler: `handle(req, res)` for requests under the base
 * path, `attach(server)` for the WebSocket upgrade, `close()` for a graceful stop.
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemType, RUN_ID_PATTERN, contractPaths } from '../../src/contract/index.js';
import { createAccessPolicy } from '../auth/access.js';
import { createAuthenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { resolveOptions, type ResolvedOptions, type RunServerOptions } from '../config.js';
import { ConnectionRegistry, type StreamStats } from '../streams/connections.js';
import { StreamHub } from '../streams/hub.js';
import { serveMultiStream } from '../streams/multi-stream.js';
import { pollAnswerText, pollFrames } from '../streams/poll.js';
import { serveRunStream } from '../streams/run-stream.js';
import type { StreamServices } from '../streams/services.js';
import { InvalidCursorError } from '../store/list-cursor.js';
import { isStoreUnavailable } from '../store/run-store-errors.js';
import { SocketEndpoint } from '../streams/websocket.js';
import { BodyTooLarge, lingerAfterTooLarge, RequestAborted } from './body.js';
import { answerOps } from '../ops/ops-routes.js';
import { errorField } from '../ops/logger.js';
import { observeRequest, requestIdOf, routeLabel } from '../ops/request-log.js';
import { StoreHealth } from '../ops/store-health.js';
import { NO_OBSERVER } from '../streams/observer.js';
import { answerPreflight, applyCors, firstForwarded, upgradeOriginRefusal } from './cors.js';
import { createHostCheck } from './host-check.js';
import {
  burstOf,
  clientKey,
  RateLimiter,
  retryAfterSeconds,
  SharedRateLimiter,
  type RequestLimiter,
} from './rate-limit.js';
import { InFlight } from './in-flight.js';
import { HttpProblem, problem, runNotFound, sendJsonText, sendProblem, ServerProblemType } from '../shared/problem.js';
import { RestRoutes, type RouteContext } from './rest-routes.js';
import { SnapshotView } from './snapshot-view.js';
import { UnsentBytes } from './unsent-bytes.js';

/** A run server mounted into a Node HTTP server you own. */
export interface RunServer {
  /**
   * Serves `req` if its path is under the base path and returns true; otherwise leaves
   * it alone, calls `next` when given, and returns false.
   */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): boolean;
  /** Adds the WebSocket endpoint to `server`'s `upgrade` event (other paths are left alone). */
  attach(server: Server): void;
  /** Takes an upgrade request if it is for the WebSocket endpoint and returns true; else returns false. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * Serves the operational endpoints `/healthz`, `/readyz` and (with `metrics`) `/metrics`
   * if `req` is for one of them and returns true; else returns false. They are not under
   * the base path: mount this where your load balancer and Prometheus look.
   */
  handleOps(req: IncomingMessage, res: ServerResponse): boolean;
  /** Open streaming connections and their queued bytes. */
  stats(): StreamStats;
  /**
   * Drains for a rolling restart: `/readyz` answers 503, answers in flight and requests
   * that still arrive get `Connection: close`, new streams are refused with 503, and
   * every open stream is told to reconnect (SSE ends with a short `retry:`, WebSockets
   * close with 1001); then waits up to `timeoutMs` for the requests in flight. Resolves
   * with how many were still open at the deadline (the caller cuts them).
   */
  drain(timeoutMs: number): Promise<{ unfinished: number }>;
  /** Closes every stream (WebSockets with 1001, SSE by ending it); does not close the store. */
  close(): Promise<void>;
}

const RUN_PATH = /^\/runs\/([^/]+)(?:\/(events|logs|stream))?$/;
const STREAM_PATH = /^\/(?:stream|runs\/[^/]+\/stream)$/;

/** Creates a run server over a store. See {@link RunServerOptions}. */
export function createRunServer(options: RunServerOptions): RunServer {
  const resolved = resolveOptions(options);
  const { basePath, logger, metrics } = resolved;
  const health = new StoreHealth(resolved.store, logger, metrics);
  // A store outage is told once by the health tracker, not once per failed request.
  const fail = (message: string, error: unknown) => {
    if (isStoreUnavailable(error)) health.lost(error);
    else {
      metrics?.storeError('failed');
      logger.error(errorField(error), message);
    }
  };
  const auth = createAuthenticator(resolved.auth);
  const access = createAccessPolicy(resolved.auth);
  const view = new SnapshotView(resolved.store, resolved.estimateTtlMs, resolved.now, fail);
  const decorate = view.decorate.bind(view);
  const registry = new ConnectionRegistry(resolved.limits, metrics ?? NO_OBSERVER);
  metrics?.openStreams(() => registry.stats().byTransport);
  const hub = new StreamHub({
    store: resolved.store,
    access,
    decorate,
    fail,
    observer: metrics,
    pageBytes: resolved.limits.catchUpPageBytes,
  });
  const services: StreamServices = { options: resolved, hub, registry, access, decorate };
  const paths = contractPaths(basePath === '' ? '/' : basePath);
  const unsent = new UnsentBytes(resolved.limits.maxUnsentBytesPerPrincipal, resolved.clientAddress);
  const rest = new RestRoutes(resolved, access, view, (id) => paths.run(id), unsent);
  const limiter = rateLimiterOf(resolved);
  /** Calls `then` with the ms the client of `req` must wait (0: go ahead), at once when it can. */
  const waitFor = (req: IncomingMessage, then: (wait: number) => void): void => {
    if (!limiter) return then(0);
    const key = clientKey(
      resolved.clientAddress(req),
      auth.required ? auth.fromHeader(req.headers.authorization) : undefined,
    );
    const counted = (wait: number) => {
      if (wait > 0) metrics?.rateLimited();
      then(wait);
    };
    const wait = limiter.take(key);
    if (typeof wait === 'number') counted(wait);
    else wait.then(counted, () => counted(0));
  };
  /** The Host the client asked for: a trusted proxy's `X-Forwarded-Host`, else `Host`. */
  const forwardedHost = (req: IncomingMessage): string | undefined =>
    resolved.fromTrustedProxy(req) ? firstForwarded(req.headers['x-forwarded-host']) : undefined;
  const hostOf = (req: IncomingMessage): string | undefined => forwardedHost(req) ?? req.headers.host;
  const hosts = createHostCheck(resolved.allowedHosts, !auth.required);
  const sockets = new SocketEndpoint(services, auth);
  let closing = false;
  let draining = false;
  const inFlight = new InFlight();

  const localPath = (url: string | undefined): { path: string; query: URLSearchParams } | undefined => {
    let parsed: URL;
    try {
      parsed = new URL(url ?? '/', 'http://localhost');
    } catch {
      return undefined;
    }
    const path = parsed.pathname;
    if (basePath !== '' && path !== basePath && !path.startsWith(basePath + '/')) return undefined;
    return { path: path.slice(basePath.length) || '/', query: parsed.searchParams };
  };

  const authenticate = (req: IncomingMessage): Principal => {
    const principal = auth.fromHeader(req.headers.authorization);
    if (typeof principal !== 'string') return principal;
    const detail = principal === 'missing' ? 'Send Authorization: Bearer <token>.' : 'The token is not valid.';
    const challenge = principal === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
    throw new HttpProblem(problem(401, ProblemType.Unauthorized, detail), { 'WWW-Authenticate': challenge });
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    // A drain still answers what reaches it, but sends new streams elsewhere at once.
    if (closing || (draining && STREAM_PATH.test(path)))
      throw new HttpProblem(problem(503, ProblemType.Unavailable, 'The server is shutting down.'), {
        'Retry-After': '1',
      });
    // HEAD is GET without a body (node:http drops the body itself), except on streams,
    // where there is no body to describe and a HEAD would only hold a subscription open.
    const method = req.method === 'HEAD' && !STREAM_PATH.test(path) ? 'GET' : (req.method ?? 'GET');
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) {
        throw new HttpProblem(problem(405, ServerProblemType.MethodNotAllowed, `${method} is not allowed here.`), {
          Allow: methods.join(', '),
        });
      }
    };
    if (path === '/runs') {
      allow('GET', 'POST');
      const ctx: RouteContext = { req, res, query, principal: authenticate(req) };
      return method === 'POST' ? rest.create(ctx) : rest.list(ctx);
    }
    if (path === '/stream') {
      allow('GET');
      return serveMultiStream(services, authenticate(req), req, res, query);
    }
    if (path === '/poll') {
      allow('GET');
      const principal = authenticate(req);
      const frames = await pollFrames(services, principal, query);
      metrics?.delivered('poll', frames.filter((frame) => frame.type === 'event').length);
      const text = pollAnswerText(frames);
      unsent.hold(req, res, principal, Buffer.byteLength(text));
      return sendJsonText(res, 200, text);
    }
    if (path === '/ws')
      throw new HttpProblem(problem(426, ServerProblemType.UpgradeRequired, 'Connect with a WebSocket.'), {
        Upgrade: 'websocket',
      });
    const match = RUN_PATH.exec(path);
    if (!match) throw new HttpProblem(problem(404, ProblemType.NotFound, `No endpoint at ${JSON.stringify(path)}.`));
    const runId = safeDecode(match[1] as string);
    const sub = match[2];
    allow(...(sub === 'events' ? ['GET', 'POST'] : ['GET']));
    const ctx: RouteContext = { req, res, query, principal: authenticate(req) };
    // An id that cannot exist is answered like any unknown run.
    if (runId === undefined || !RUN_ID_PATTERN.test(runId)) throw new HttpProblem(runNotFound(runId ?? match[1]!));
    if (sub === undefined) return rest.snapshot(ctx, runId);
    if (sub === 'logs') return rest.logs(ctx, runId);
    if (sub === 'stream') return serveRunStream(services, ctx.principal, runId, req, res, query);
    return method === 'POST' ? rest.append(ctx, runId) : rest.events(ctx, runId);
  }

  function answerError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof HttpProblem) {
      sendProblem(res, error.body, error.headers);
      // An oversized upload: answered at once, the rest discarded briefly, then cut (see lingerAfterTooLarge).
      if (error instanceof BodyTooLarge) lingerAfterTooLarge(req, resolved.limits.maxBodyBytes);
      return;
    }
    if (error instanceof InvalidCursorError)
      return sendProblem(res, problem(400, ProblemType.Malformed, error.message));
    if (isStoreUnavailable(error)) {
      health.lost(error);
      const retryAfter = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      if (error.full)
        return sendProblem(
          res,
          problem(507, ServerProblemType.StoreFull, 'The run store is full; retry once it has room.'),
          { 'Retry-After': retryAfter },
        );
      return sendProblem(res, problem(503, ProblemType.Unavailable, 'The run store is unavailable; retry later.'), {
        'Retry-After': retryAfter,
      });
    }
    const where = { reqId: res.getHeader('X-Request-Id'), method: req.method, path: pathOnly(req.url) };
    // The client hung up mid-upload: one line, no stack, nothing to answer.
    if (error instanceof RequestAborted) return logger.warn({ ...where, reason: error.message }, 'request aborted');
    metrics?.storeError('failed');
    logger.error({ ...where, ...errorField(error) }, 'request failed');
    sendProblem(res, problem(500, ProblemType.Internal, 'The server failed to answer; retry later.'));
  }

  const runServer: RunServer = {
    handle(req, res, next) {
      const local = localPath(req.url);
      if (!local) {
        next?.();
        return false;
      }
      const id = requestIdOf(req);
      res.setHeader('X-Request-Id', id);
      const client = resolved.clientAddress(req);
      const seen = { id, route: routeLabel(req.method ?? 'GET', local.path), client, path: pathOnly(req.url) };
      observeRequest(req, res, seen, logger, metrics);
      inFlight.add(res);
      if (draining) res.setHeader('Connection', 'close');
      const host = hostOf(req);
      if (!hosts.allows(host)) {
        logger.warn({ reqId: id, host, client }, 'request refused: Host not allowed');
        sendProblem(res, hosts.refusal(host));
        return true;
      }
      const preflight = applyCors(resolved.cors, req, res);
      // Preflights count too (by address: they carry no credentials).
      waitFor(req, (wait) => {
        if (wait > 0) {
          const seconds = retryAfterSeconds(wait);
          const detail = `Too many requests from this client; retry in ${seconds} s.`;
          sendProblem(res, problem(429, ProblemType.RateLimited, detail), { 'Retry-After': String(seconds) });
        } else if (preflight) answerPreflight(res);
        else route(req, res, local.path, local.query).catch((error: unknown) => answerError(req, res, error));
      });
      return true;
    },
    handleUpgrade(req, socket, head) {
      const local = localPath(req.url);
      if (!local || local.path !== '/ws') return false;
      const host = hostOf(req);
      // Browsers cannot read why a handshake failed and the kit then falls back to SSE,
      // so the reason is logged here or nowhere.
      const refused = (reason: string) =>
        logger.warn(
          { client: resolved.clientAddress(req), host, origin: req.headers.origin, reason },
          'WebSocket handshake refused',
        );
      if (closing || draining) {
        refused('server draining');
        socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n\r\n');
        return true;
      }
      if (!hosts.allows(host)) {
        refused(`Host ${JSON.stringify(host ?? '')} is not allowed (see --allowed-hosts)`);
        hosts.refuseUpgrade(socket, host);
        return true;
      }
      const originRefusal = upgradeOriginRefusal(resolved.cors, req, true, forwardedHost(req));
      if (originRefusal) {
        refused(originRefusal);
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return true;
      }
      waitFor(req, (wait) => {
        if (wait > 0) refused('rate limited');
        sockets.upgrade(
          req,
          socket,
          head,
          wait > 0 ? `rate limited; retry in ${retryAfterSeconds(wait)} s` : undefined,
        );
      });
      return true;
    },
    handleOps(req, res) {
      const path = pathOnly(req.url);
      return answerOps(req, res, path, {
        health,
        draining: () => draining || closing,
        metrics,
        metricsToken: resolved.metricsToken,
      });
    },
    attach(server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        runServer.handleUpgrade(req, socket, head);
      });
    },
    stats: () => registry.stats(),
    async drain(timeoutMs) {
      draining = true;
      metrics?.draining(true);
      const streams = registry.stats().connections;
      logger.info({ inFlight: inFlight.size, streams, timeoutMs }, 'draining');
      inFlight.closeConnectionsAfter();
      registry.shutdownAll();
      await sockets.close();
      await inFlight.settle(timeoutMs);
      health.close();
      const unfinished = inFlight.size;
      if (unfinished > 0) logger.warn({ unfinished }, 'drain deadline reached: cutting requests still in flight');
      else logger.info({}, 'drained');
      return { unfinished };
    },
    async close() {
      closing = true;
      health.close();
      registry.shutdownAll();
      await sockets.close();
    },
  };
  return runServer;
}

/** The rate limiter: shared through the store when it offers one, else this process's own. */
function rateLimiterOf(options: ResolvedOptions): RequestLimiter | undefined {
  const limit = options.rateLimit;
  if (!limit) return undefined;
  const local = new RateLimiter(limit);
  const shared = options.store.sharedRateLimit?.(limit.perSecond, burstOf(limit));
  return shared ? new SharedRateLimiter(shared, local) : local;
}

function pathOnly(url: string | undefined): string {
  const end = (url ?? '/').search(/[?#]/);
  return end === -1 ? (url ?? '/') : (url ?? '/').slice(0, end);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
