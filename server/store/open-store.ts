/**
 * Picks the run store from one configuration string, so the CLI and embedders take
 * `--store` / `RUN_STORE` and need not know the engines:
 * - `redis://[user:pass@]host:port[/db][?prefix=rpk:]` or `rediss://…` (TLS): the Redis
 *   store, for several workers (`prefix` is the key prefix, default `rpk:`);
 * - `redis+sentinel://[user:pass@]host:port[,host:port…]/primary[/db][?prefix=rpk:]`: the
 *   Redis store on the primary those Sentinels watch, following failovers;
 * - `sqlite:PATH`, `sqlite://PATH`, or a plain file path: the embedded SQLite store;
 *   `:memory:` for a throwaway in-memory one.
 * Each engine is loaded only when chosen, so a Redis deployment never loads the native
 * SQLite module.
 * @module
 */
import type { RedisConnectionOptions } from './redis-options.js';
import { isSentinelSpec, redactTarget } from './redis-target.js';
import type { RetentionOptions } from './retention.js';
import type { RunStore } from './run-store.js';

/** Options that apply whatever the engine. */
export interface OpenStoreOptions {
  /** Limits on what is kept; see {@link RetentionOptions}. */
  retention?: RetentionOptions | undefined;
  /** Told about errors nobody awaits (a throwing subscriber, a failed background task). */
  onError?: ((error: unknown, context: string) => void) | undefined;
  /** Timeouts of the Redis store's connections (ignored by SQLite). */
  redis?: RedisConnectionOptions | undefined;
}

/** Thrown for a store spec naming an engine this release does not have. */
export class UnsupportedStoreError extends Error {
  constructor(readonly spec: string) {
    super(
      `unsupported run store ${JSON.stringify(redactSpec(spec))}: use redis://…, rediss://…, redis+sentinel://…, sqlite:PATH or a file path`,
    );
    this.name = 'UnsupportedStoreError';
  }
}

/**
 * Opens the store `spec` names (see the module comment). Rejects with
 * `StoreUnavailableError` when a Redis store cannot reach Redis, and with
 * {@link UnsupportedStoreError} for an unknown scheme.
 */
export async function openStore(spec: string, options: OpenStoreOptions = {}): Promise<RunStore> {
  const trimmed = spec.trim();
  if (/^rediss?(\+sentinel)?:\/\//i.test(trimmed)) {
    const { openRedisStore } = await import('./redis-store.js');
    const { url, keyPrefix } = splitPrefix(trimmed);
    return openRedisStore({
      ...options.redis,
      url,
      keyPrefix,
      retention: options.retention,
      onError: options.onError,
    });
  }
  const path = sqlitePath(trimmed);
  if (path === undefined) throw new UnsupportedStoreError(spec);
  const { openSqliteStore } = await import('./sqlite-store.js');
  return openSqliteStore({ path, retention: options.retention, onError: options.onError });
}

/** A spec safe to print: the password of a URL is masked. */
export function redactSpec(spec: string): string {
  if (isSentinelSpec(spec)) return redactTarget(spec);
  try {
    const url = new URL(spec);
    if (!url.password) return spec;
    url.password = '***';
    return url.toString();
  } catch {
    return spec;
  }
}

function sqlitePath(spec: string): string | undefined {
  if (spec.toLowerCase().startsWith('sqlite://')) return nonEmpty(spec.slice('sqlite://'.length));
  if (spec.toLowerCase().startsWith('sqlite:')) return nonEmpty(spec.slice('sqlite:'.length));
  // Any other `scheme://` is an engine we do not have (postgres://, mysql://, …), not a path.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return undefined;
  return nonEmpty(spec);
}

function nonEmpty(path: string): string | undefined {
  return path === '' ? undefined : path;
}

// `prefix` is ours; every other query parameter goes to ioredis, which reads some of its
// options from the URL.
function splitPrefix(spec: string): { url: string; keyPrefix: string | undefined } {
  // A Sentinel URL has a list of hosts, which the URL parser refuses: its query is read apart.
  if (isSentinelSpec(spec)) {
    const [base, query = ''] = spec.split('?', 2) as [string, string?];
    return { url: base, keyPrefix: new URLSearchParams(query).get('prefix') ?? undefined };
  }
  const url = new URL(spec);
  const keyPrefix = url.searchParams.get('prefix') ?? undefined;
  url.searchParams.delete('prefix');
  return { url: url.toString(), keyPrefix };
}
