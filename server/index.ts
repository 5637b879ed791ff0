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
 * or run it on its own port with {@link startRunServer} (or `npm run serve`).
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
} from './config.js';
export {
  OPEN_TENANT,
  type AuthOptions,
  type AuthorizeRequest,
  type Principal,
  type Role,
  type TokenGrant,
} from './auth/principal.js';
export type { StreamStats } from './streams/connections.js';
export type {
  AppendOutcome,
  EventListener,
  ListRunsQuery,
  RunStore,
  StoredEventPage,
  StoredRun,
} from './store/run-store.js';
export {
  openStore,
  redactSpec,
  UnsupportedStoreError,
  type OpenStoreOptions,
} from './store/open-store.js';
export { openSqliteStore, type SqliteRunStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export { openRedisStore } from './store/open-redis-store.js';
export type { RedisConnectionOptions, RedisStoreOptions } from './store/redis-options.js';
export type { RetentionOptions } from './store/retention.js';
export {
  StoreClosedError,
  StoreUnavailableError,
  isStoreUnavailable,
  type StoreUnavailableErrorOptions,
} from './store/run-store-errors.js';
