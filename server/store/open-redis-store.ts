/**
 * `openRedisStore` for the package's entry: loads the Redis store (and `ioredis`, an
 * optional peer dependency) only when called, so an SQLite deployment never needs the Redis
 * client installed.
 * @module
 */
import type { RedisRunStore, RedisStoreOptions } from './redis-options.js';

/**
 * Connects to Redis and returns a run store on it, for several workers sharing runs.
 * Needs `ioredis` installed beside the server package. Rejects with `StoreUnavailableError`
 * when Redis cannot be reached now; once open, the store reconnects by itself.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisRunStore> {
  const { openRedisStore: open } = await import('./redis-store.js');
  return open(options);
}
