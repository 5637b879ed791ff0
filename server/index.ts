/**
 * The reference backend of run-progress-kit: the contract of docs/contract.md over HTTP,
 * Server-Sent Events and WebSocket, on a pluggable {@link RunStore}.
 *
 * Mount it into a Node server you own:
 * ```ts
 * const runs = createRunServer({ store, auth: { tokens } });
 * const server = http.createServer((req, res) => runs.handle(req, res, () => myApp(req, res)));
 * runs.attach(server);
 * ```
 * or run it on its own port with {@link startRunServer} (or `npm run serve`). Operations:
 * {@link createLogger} (pino), {@link createMetrics} (prom-client, served by
 * `RunServer.handleOps` with `/healthz` and `/readyz`), `drain()` for rolling restarts.
 * @packageDocumentation
 */
export { createRunServer, type RunServer } from './http/run-server.js';
export { startRunServer, type StartRunServerOptions, type StartedRunServer } from './http/start.js';
export {
  DEFAULT_LIMITS,
  type CorsOptions,
  type RunServerLimits,
  type RunServerLogger,
  type RunServerOptions,
  type TrustProxy,
} from './config.js';
export {
  createLogger,
  silentLogger,
  LOG_LEVELS,
  type CreateLoggerOptions,
  type LogFields,
  type LogFormat,
} from './ops/logger.js';
export {
  createMetrics,
  type CreateMetricsOptions,
  type RouteLabel,
  type RunServerMetrics,
} from './ops/metrics.js';
export type { RateLimitOptions } from './http/rate-limit.js';
export {
  OPEN_TENANT,
  type AuthOptions,
  type AuthorizeRequest,
  type Principal,
  type Role,
  type TokenGrant,
} from './auth/principal.js';
export type { StreamStats } from './streams/connections.js';
export type { StreamObserver, StreamTransport } from './streams/observer.js';
export type {
  AppendOutcome,
  EventListener,
  ListRunsQuery,
  ReadBounds,
  RunStore,
  StoredEventPage,
  StoredRun,
  SubscribeOptions,
} from './store/run-store.js';
export { openStore, redactSpec, UnsupportedStoreError, type OpenStoreOptions } from './store/open-store.js';
export { openSqliteStore, type SqliteRunStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export { openRedisStore } from './store/open-redis-store.js';
export type { RedisConnectionOptions, RedisRunStore, RedisStoreOptions } from './store/redis-options.js';
export type { RetentionOptions } from './store/retention.js';
export {
  StoreClosedError,
  StoreUnavailableError,
  isStoreUnavailable,
  type StoreUnavailableErrorOptions,
} from './store/run-store-errors.js';
// The contract's types a store reads and writes, so a store of your own needs no second
// package: events as producers append them and as they are stored, the snapshot, the run
// creation body and the append result, with the vocabularies they use.
export type {
  AppendResult,
  CreateRunInput,
  LogEvent,
  LogEventInput,
  ProgressEvent,
  ProgressEventInput,
  RunError,
  RunEstimate,
  RunEvent,
  RunEventInput,
  RunSnapshot,
  StatusEvent,
  StatusEventInput,
  Step,
} from '../src/contract/index.js';
export { LogLevel, LogStream, RunStatus, StepState } from '../src/contract/index.js';
