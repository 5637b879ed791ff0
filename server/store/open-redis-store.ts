/**
 * `openRedisStore` for the package's entry: loads the Redis store (and `ioredis`, an
 * optional peer dependency) only when called, so an SQLite deployment never needs the Redis
 * client installed.
 * @module
 */
import type { RedisStoreOptions } from './redis-options.js';
import type { RunStore } from './run-store.js';

/**
 * Connects to Redis and returns a {@link RunStore} on it, for several workers sharing runs.
 * Needs `ioredis` installed beside the server package. Rejects with `StoreUnavailableError`
 * when Redis cannot be reached now; once open, the store reconnects by itself.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<RunStore> {
  const { openRedisStore: open } = await import('./redis-store.js');
  return open(options);
}
