/**
 * The Redis store's options, apart from the store so that naming them (in a config module,
 * in the server package's types) never loads or needs `ioredis`.
 * @module
 */
import type { RetentionOptions } from './retention.js';
import type { RunStore } from './run-store.js';

/** Timeouts of the store's connections. */
export interface RedisConnectionOptions {
  /** Longest wait for one command before it fails as unavailable (default 5 s). */
  commandTimeoutMs?: number | undefined;
  /** Longest wait for a TCP connection to Redis (default 5 s). */
  connectTimeoutMs?: number | undefined;
}

/** Options of `openRedisStore`. */
export interface RedisStoreOptions extends RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string;
  /** Prefix of every key and channel, so several deployments can share one Redis (default `rpk:`). */
  keyPrefix?: string | undefined;
  /**
   * Limits on what is kept (defaults as the SQLite store's). Finished runs expire by
   * Redis's own clock (`PEXPIRE` at the terminal status), so `sweepIntervalMs` is unused.
   */
  retention?: RetentionOptions | undefined;
  /**
   * Told about errors nobody awaits: a subscriber that throws, a failed background
   * write. Defaults to `console.error`.
   */
  onError?: ((error: unknown, context: string) => void) | undefined;
}

/** The Redis store: a {@link RunStore} with its housekeeping exposed. */
export interface RedisRunStore extends RunStore {
  /**
   * Removes the list entries of expired runs now (it also runs every `sweepIntervalMs`),
   * of every tenant or of `tenant`, and resolves with how many went.
   */
  sweep(tenant?: string): Promise<number>;
}
