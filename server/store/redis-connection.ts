/**
 * The Redis store's two connections and how their failures surface. Commands never wait
 * in a client-side queue for Redis to come back and are never re-sent after a
 * disconnect: an append that cannot be confirmed fails at once with a retryable
 * {@link StoreUnavailableError}, and the producer retries with its idempotency key.
 * @module
 */
import { Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from './run-store-errors.js';
import type { RedisConnectionOptions } from './redis-options.js';
import { redisTarget } from './redis-target.js';

/** The connection for ordinary commands and scripts. */
export function commandConnection(url: string, options: RedisConnectionOptions): Redis {
  return connect(url, {
    ...common(options),
    // Fail fast instead of queueing while disconnected, and never re-run a command that
    // may already have executed (an append script re-sent after a reconnect could store
    // its batch twice when it carries no idempotency key).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
  });
}

/**
 * The connection in subscriber mode that wakes the fan-out. Its own connection, because
 * a connection that subscribes can run nothing else. Its (un)subscribe commands may
 * wait for a reconnect: they carry no data, and ioredis re-subscribes every channel
 * after a reconnect anyway.
 */
export function subscriberConnection(url: string, options: RedisConnectionOptions): Redis {
  return connect(url, {
    ...common(options),
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    autoResubscribe: true,
  });
}

/** A connection to `url`: one Redis, or the primary a set of Sentinels names (see redis-target.ts). */
function connect(url: string, options: RedisOptions): Redis {
  const target = redisTarget(url);
  return typeof target === 'string' ? new Redis(target, options) : new Redis({ ...target, ...options });
}

function common(options: RedisConnectionOptions): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    // Reconnect for ever, backing off to 2 s: the store recovers by itself whenever
    // Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  };
}

// Reply errors that mean "not now" rather than "wrong command": the server is loading its
// data, busy with a script, a read-only replica after a failover, out of memory, …
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS|OOM)\b/;

/**
 * Whether an error from ioredis means Redis is unavailable (retry later) rather than a
 * bug in what we sent (which must surface as it is).
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return TRANSIENT_REPLY.test(error.message);
  // Connection closed, stream not writeable, command timed out, max retries reached.
  return true;
}

/**
 * Runs `operation`, turning a Redis outage into a {@link StoreUnavailableError} that
 * keeps the original as its `cause`.
 * @param ambiguous - whether the operation writes, so a lost reply leaves it unknown
 *   whether it was applied (only when the command was actually sent).
 */
export async function guard<T>(redis: Redis, what: string, operation: () => Promise<T>, ambiguous = false): Promise<T> {
  const sent = redis.status === 'ready';
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error, what, ambiguous && sent);
  }
}

/** `error` as callers should see it: a {@link StoreUnavailableError} for an outage, else unchanged. */
export function toStoreError(error: unknown, what: string, ambiguous = false): unknown {
  if (!isUnavailable(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Out of memory is not a blip: it lasts until an operator frees memory or retention
  // catches up, so it is told apart (507, its own metric) and retried less eagerly.
  const full = error instanceof Error && error.name === 'ReplyError' && /^OOM\b/.test(message);
  return new StoreUnavailableError(
    `Redis is ${full ? 'out of memory' : 'unavailable'} (${what} failed: ${message})` +
      (ambiguous ? '; the write may or may not have been stored, retry it with the same idempotency key' : ''),
    { cause: error, ambiguous, full, retryAfterMs: full ? 30_000 : undefined },
  );
}
