/**
 * Options of the run server and their defaults, resolved once so the rest of the code
 * reads plain numbers.
 * @module
 */
import { DEFAULT_BASE_PATH, DEFAULT_HEARTBEAT_MS } from '../src/contract/index.js';
import type { AuthOptions } from './auth/principal.js';
import type { IncomingMessage } from 'node:http';
import type { RateLimitOptions } from './http/rate-limit.js';
import { proxyTrust, type TrustProxy } from './http/client-address.js';
import { createLogger, type RunServerLogger } from './ops/logger.js';
import type { RunServerMetrics } from './ops/metrics.js';
import type { RunStore } from './store/run-store.js';

export type { RunServerLogger } from './ops/logger.js';
export type { TrustProxy } from './http/client-address.js';

/** Resource bounds of the run server. */
export interface RunServerLimits {
  /** Largest request body in bytes (default 4 MiB); larger bodies get 413 unread. */
  maxBodyBytes: number;
  /** Most open streaming connections (SSE and WebSocket) at once (default 10 000); more get 503 / close 1013. */
  maxConnections: number;
  /**
   * Most bytes queued for one streaming connection (default 4 MiB). A reader that falls
   * further behind is disconnected and resumes from its cursor.
   */
  maxBufferedBytes: number;
  /** Most runs in one `GET /stream` or `GET /poll` (default 100). */
  maxRunsPerRequest: number;
  /** Most subscriptions on one WebSocket (default 1000). */
  maxSubscriptionsPerSocket: number;
  /** How long a WebSocket may take to send `auth` when tokens are on (default 10 s). */
  authTimeoutMs: number;
  /**
   * Most streaming connections of one principal (default 1000): a tenant and role, so every
   * token granting the same tenant and role counts as one. More get `429` + `Retry-After` /
   * close 4429. Costs at most this × the per-connection cost (`maxBufferedBytes` plus one
   * catch-up page) for one principal. Not applied in open mode, where everyone is one
   * anonymous principal (`maxConnectionsPerAddress` tells clients apart there).
   */
  maxConnectionsPerPrincipal: number;
  /**
   * Most streaming connections from one client address (default 1000); more get `429` /
   * close 4429. Behind a reverse proxy every client has the proxy's address: raise it there.
   */
  maxConnectionsPerAddress: number;
  /**
   * Most WebSockets waiting to authenticate at once (default 1000), a budget apart from
   * `maxConnections`, so sockets that never send a token cannot take the slots of
   * authenticated streams. More are closed with 1013. Each costs a socket and a timer for
   * at most `authTimeoutMs`.
   */
  maxUnauthenticatedSockets: number;
  /** Of those, most from one address (default 100); more are closed with 4429. */
  maxUnauthenticatedSocketsPerAddress: number;
  /**
   * Most bytes queued over all the streaming connections of one principal (default 64 MiB;
   * per address in open mode). Each connection is bounded by `maxBufferedBytes` on its own;
   * this bounds their sum, so many streams that never read cannot add up. Checked every
   * 250 ms: the principal's fullest connections are dropped until it is back under (their
   * readers resume from their cursors).
   */
  maxBufferedBytesPerPrincipal: number;
  /**
   * Most bytes of stored events in one catch-up page (default 1 MiB): what one streaming
   * connection holds, on top of its queued bytes, while it replays history to a reader
   * that does not read (its subscriptions take turns). One larger event is read alone.
   */
  catchUpPageBytes: number;
  /**
   * Most bytes of items in one REST answer (default 2 MiB): an events page, a log tail, a
   * list of runs, a poll. A page that reaches it ends early and says where to continue
   * (`lastSeq`, `next`, the cursors); one item larger than it is served alone.
   */
  maxPageBytes: number;
  /**
   * Most bytes of REST answers written but not yet taken by the clients of one principal
   * (default 64 MiB), so readers that do not read cannot hold memory without bound. Over
   * it a read gets `429` + `Retry-After`; an answer is always sent when none is pending.
   * In open mode it is counted per address.
   */
  maxUnsentBytesPerPrincipal: number;
}

/** Cross-origin access for browsers on other origins. Off unless given. */
export interface CorsOptions {
  /** `'*'` for any origin, or the exact origins allowed (e.g. `https://dash.example.com`). */
  origins: '*' | readonly string[];
}

/** Options of {@link createRunServer}. */
export interface RunServerOptions {
  /** Where runs and events live. The server does not close it. */
  store: RunStore;
  /** Path prefix of every endpoint (default `/api`). */
  basePath?: string;
  /** Bearer tokens and an optional authorisation hook; none = open mode. */
  auth?: AuthOptions;
  /** Interval of heartbeats on every stream, in ms (default 15 000). */
  heartbeatMs?: number;
  limits?: Partial<RunServerLimits>;
  /** Requests per client (authenticated principal, else address); over it: `429` + `Retry-After`. Off unless given. */
  rateLimit?: RateLimitOptions;
  cors?: CorsOptions;
  /**
   * `Host` names answered besides the loopback names and IP addresses: exact names
   * (`runs.example.com`), `.example.com` for a domain and its subdomains, or `'*'` for
   * any. In open mode every other Host gets 403 (DNS-rebinding protection); with tokens
   * every Host is answered unless this is given. See `http/host-check.ts`.
   */
  allowedHosts?: readonly string[] | undefined;
  /**
   * Where the server reports what an operator should see: a request log at `info`,
   * refused handshakes and store outages at `warn`, failures at `error`. A pino logger
   * fits as it is; `createLogger()` makes one. Default: warnings and errors as JSON lines
   * on standard error.
   */
  logger?: RunServerLogger;
  /**
   * Which proxies in front of the server are believed about the client
   * (`X-Forwarded-For`, `-Host`, `-Proto`): `true` for any, a number of hops, or
   * addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal`. Without it the
   * client is the socket's peer and forwarded headers are ignored. The rate limit, the
   * per-address bounds and the logs use the client address it gives.
   */
  trustProxy?: TrustProxy | undefined;
  /** Prometheus metrics of this server (see `createMetrics`), served at `/metrics`; none unless given. */
  metrics?: RunServerMetrics | undefined;
  /** When set, `/metrics` needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
  /** How long a kind's duration estimate is reused, in ms (default 10 000). */
  estimateTtlMs?: number;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

/** The options with every default filled in. */
export interface ResolvedOptions {
  store: RunStore;
  basePath: string;
  auth: AuthOptions | undefined;
  heartbeatMs: number;
  limits: RunServerLimits;
  rateLimit: RateLimitOptions | undefined;
  cors: CorsOptions | undefined;
  allowedHosts: readonly string[] | undefined;
  logger: RunServerLogger;
  metrics: RunServerMetrics | undefined;
  metricsToken: string | undefined;
  /** The client's address as the trusted proxies tell it (else the socket's peer). */
  clientAddress(req: IncomingMessage): string;
  /** Whether `req` came through a trusted proxy, whose forwarded headers may be believed. */
  fromTrustedProxy(req: IncomingMessage): boolean;
  estimateTtlMs: number;
  now: () => Date;
}

/** Default resource bounds. */
export const DEFAULT_LIMITS: Readonly<RunServerLimits> = Object.freeze({
  maxBodyBytes: 4 * 1024 * 1024,
  maxConnections: 10_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxRunsPerRequest: 100,
  maxSubscriptionsPerSocket: 1000,
  authTimeoutMs: 10_000,
  maxConnectionsPerPrincipal: 1000,
  maxConnectionsPerAddress: 1000,
  maxUnauthenticatedSockets: 1000,
  maxUnauthenticatedSocketsPerAddress: 100,
  maxBufferedBytesPerPrincipal: 64 * 1024 * 1024,
  catchUpPageBytes: 1024 * 1024,
  maxPageBytes: 2 * 1024 * 1024,
  maxUnsentBytesPerPrincipal: 64 * 1024 * 1024,
});

/** Fills in defaults and rejects options that cannot work. */
export function resolveOptions(options: RunServerOptions): ResolvedOptions {
  if (!options.store) throw new TypeError('createRunServer: `store` is required');
  const limits: RunServerLimits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits ?? {}) };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`limits.${name} must be a positive number, got ${value}`);
  }
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  if (!Number.isFinite(heartbeatMs) || heartbeatMs <= 0)
    throw new RangeError(`heartbeatMs must be a positive number, got ${heartbeatMs}`);
  const basePath = '/' + (options.basePath ?? DEFAULT_BASE_PATH).replace(/^\/+|\/+$/g, '');
  const trust = proxyTrust(options.trustProxy);
  return {
    store: options.store,
    basePath: basePath === '/' ? '' : basePath,
    auth: options.auth,
    heartbeatMs,
    limits,
    rateLimit: options.rateLimit,
    cors: options.cors,
    allowedHosts: options.allowedHosts,
    logger: options.logger ?? createLogger({ level: 'warn', destination: process.stderr }),
    metrics: options.metrics,
    metricsToken: options.metricsToken,
    clientAddress: trust.clientAddress,
    fromTrustedProxy: trust.fromTrusted,
    estimateTtlMs: options.estimateTtlMs ?? 10_000,
    now: options.now ?? (() => new Date()),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
